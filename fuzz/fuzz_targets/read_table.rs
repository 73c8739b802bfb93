//! The readers: any bytes, through encoding detection and decoding, into rows and rejects;
//! every row read again from its start is the row read, reading with keys (as a run does)
//! finds the same rows, and every line is accounted for.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use myna_recon::read::encoding::{choose_encoding, decode};
use myna_recon::read::{parse_text, ReadOptions, RowKeys, Source};
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
        if let Ok(parsed) = parse_text::<()>(Path::new(path), &text, &options, None) {
            let table = &parsed.table;
            assert_eq!(table.len() + parsed.rejects.len(), parsed.rows_read);
            // Every line is the header, blank, a row or inside a row's quoted field.
            assert!(
                parsed.line_count.adds_up(parsed.rows_read),
                "{:?} with {} rows",
                parsed.line_count,
                parsed.rows_read
            );
            // Read as the run reads a file (a key per row instead of its fields): the same
            // rows, rejects and lines.
            let keys = RowKeys {
                columns: vec!["member_id", "my_number"],
                make: &|fields: &[&str]| (fields[0].len(), fields[1].to_owned()),
            };
            let keyed = parse_text(Path::new(path), &text, &options, Some(&keys))
                .expect("a file read whole reads with keys");
            assert_eq!(keyed.rejects, parsed.rejects);
            assert_eq!(keyed.rows_read, parsed.rows_read);
            assert_eq!(keyed.line_count, parsed.line_count);
            assert_eq!(keyed.keys.len(), table.len());
            let (id, number) = (
                table.column("member_id").expect("required"),
                table.column("my_number").expect("required"),
            );
            for (row, key) in keyed.keys.iter().enumerate() {
                assert_eq!(key.0, table.field(row, id).len());
                assert_eq!(key.1, table.field(row, number));
            }
            let rows: Vec<usize> = (0..table.len()).collect();
            let again = parsed.rows(&text, &rows).expect("every row reads again");
            for row in 0..table.len() {
                assert_eq!(again.line(row), table.line(row));
                for column in 0..table.width() {
                    assert_eq!(again.field(row, column), table.field(row, column));
                }
            }
        }
    }
});
