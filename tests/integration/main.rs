//! Integration tests: run the binary on testdata and generated data, read its outputs.

mod accounting;
mod address_pairs;
mod atomic;
mod bad_input;
mod clerks;
mod cli;
mod generated;
mod households;
mod lists;
mod peer_address;
mod peer_kana;
mod privacy;
mod rerun;
mod spreadsheet;
mod util;
