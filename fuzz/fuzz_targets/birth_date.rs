//! Birth dates: never panic; a date read is a real date that reads back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_recon::normalize::date::{days_in_month, parse_birth_date, to_era_code, EraCodeScheme};

fuzz_target!(|text: &str| {
    for scheme in [EraCodeScheme::Jlis, EraCodeScheme::Pension] {
        if let Ok((date, _)) = parse_birth_date(text, scheme) {
            assert!((1..=12).contains(&date.month));
            assert!(u32::from(date.day) <= days_in_month(u32::from(date.year), u32::from(date.month)));
            let again = parse_birth_date(&date.to_string(), scheme).map(|(d, _)| d);
            assert_eq!(again, Ok(date));
            if date.year >= 1868 {
                let code = to_era_code(date, scheme);
                assert_eq!(parse_birth_date(&code, scheme).map(|(d, _)| d), Ok(date));
            }
        }
    }
});
