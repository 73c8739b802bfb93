//! Masking the My Number for every output but the suspension list.

/// Shows at most the last four characters: `********9018`. Empty stays empty.
pub fn mask_my_number(number: &str) -> String {
    if number.is_ascii() {
        // Digits (the number as checked): one allocation.
        let hidden = number.len().saturating_sub(4);
        if hidden < 4 {
            return "*".repeat(number.len());
        }
        let mut masked = "*".repeat(hidden);
        masked.push_str(&number[hidden..]);
        return masked;
    }
    let chars: Vec<char> = number.chars().collect();
    let shown = chars.len().min(4);
    let hidden = chars.len() - shown;
    // Numbers too short to hide anything are hidden whole.
    if hidden < 4 {
        return "*".repeat(chars.len());
    }
    let mut masked = "*".repeat(hidden);
    masked.extend(&chars[hidden..]);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_all_but_the_last_four() {
        assert_eq!(mask_my_number("123456789018"), "********9018");
        assert_eq!(mask_my_number("12345678901"), "*******8901");
        assert_eq!(mask_my_number("1234567"), "*******");
        assert_eq!(mask_my_number(""), "");
        assert_eq!(
            mask_my_number("１２３４５６７８９０１８"),
            "********９０１８"
        );
        assert_eq!(mask_my_number("１２３"), "***");
    }
}
