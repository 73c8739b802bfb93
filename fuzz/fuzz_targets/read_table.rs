//! The readers: any bytes, through encoding detection and decoding, into rows and rejects.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use myna_recon::read::encoding::{choose_encoding, decode};
use myna_recon::read::{parse_text, ReadOptions, Source};
use myna_recon::settings::{Delimiter, InputEncoding};

fuzz_target!(|bytes: &[u8]| {
    let encoding = choose_encoding(bytes, InputEncoding::Auto);
    let Ok(text) = decode(bytes, encoding) else {
        return;
    };
    let options = ReadOptions {
        source: Source::Members,
        encoding: InputEncoding::Auto,
        delimiter: Delimiter::Auto,
        required: vec!["member_id", "my_number"],
        id_column: Some("member_id"),
    };
    for path in ["m.csv", "m.tsv"] {
        if let Ok((table, rejects, rows)) = parse_text(Path::new(path), &text, &options) {
            assert_eq!(table.len() + rejects.len(), rows);
            for row in 0..table.len() {
                for column in 0..table.width() {
                    let _ = table.field(row, column);
                }
            }
        }
    }
});
