//! 性別: the codes insurers and the register use, read to one value.
//!
//! In: 1/2/3 (either width), 男/女/不明, 男性/女性, M/F, male/female. Out: [`Sex`], or
//! `None` when the text is none of these. Never: inferring sex from a name.

use serde::Serialize;

use super::width::fold_width;

/// Sex as the register records it (1 男, 2 女, 3 不明).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    /// 不明: recorded as unknown; never a mismatch on its own.
    Unknown,
}

impl Sex {
    /// The register's code.
    pub fn code(self) -> char {
        match self {
            Sex::Male => '1',
            Sex::Female => '2',
            Sex::Unknown => '3',
        }
    }

    /// The Japanese word.
    pub fn japanese(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
            Sex::Unknown => "不明",
        }
    }
}

/// Reads a sex code; `None` when it is not one we know.
pub fn parse_sex(input: &str) -> Option<Sex> {
    let folded = fold_width(input);
    match folded.trim().to_ascii_lowercase().as_str() {
        "1" | "男" | "男性" | "m" | "male" => Some(Sex::Male),
        "2" | "女" | "女性" | "f" | "female" => Some(Sex::Female),
        "3" | "不明" | "9" | "0" | "u" | "unknown" => Some(Sex::Unknown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_code() {
        let cases = [
            ("1", Some(Sex::Male)),
            ("１", Some(Sex::Male)),
            ("男", Some(Sex::Male)),
            ("男性", Some(Sex::Male)),
            ("M", Some(Sex::Male)),
            (" m ", Some(Sex::Male)),
            ("male", Some(Sex::Male)),
            ("2", Some(Sex::Female)),
            ("２", Some(Sex::Female)),
            ("女", Some(Sex::Female)),
            ("女性", Some(Sex::Female)),
            ("F", Some(Sex::Female)),
            ("Ｆ", Some(Sex::Female)),
            ("3", Some(Sex::Unknown)),
            ("不明", Some(Sex::Unknown)),
            ("", None),
            ("X", None),
            ("12", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_sex(input), expected, "{input:?}");
        }
    }
}
