//! Sex codes and the My Number check: never panic; a valid number has 12 digits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_recon::normalize::number::{check_my_number, NumberStatus};
use myna_recon::normalize::sex::parse_sex;
use myna_recon::report::mask::mask_my_number;

fuzz_target!(|text: &str| {
    let _ = parse_sex(text);
    let check = check_my_number(text);
    if check.status == NumberStatus::Valid {
        assert_eq!(check.digits.len(), 12);
        assert!(check.digits.bytes().all(|b| b.is_ascii_digit()));
    }
    let masked = mask_my_number(&check.digits);
    assert_eq!(masked.chars().count(), check.digits.chars().count());
});
