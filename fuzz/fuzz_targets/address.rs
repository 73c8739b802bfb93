//! Addresses: never panic; parsing the display form again gives the same key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use myna_recon::normalize::address::parse_address;

fuzz_target!(|text: &str| {
    let address = parse_address(text);
    let again = parse_address(&address.display);
    assert_eq!(again.key(), address.key());
});
