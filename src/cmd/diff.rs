//! `myna-recon diff OLD NEW`: what is new, what persists and what is resolved between two
//! runs' output folders.

use std::io::Write;

use crate::cli::DiffArgs;
use crate::error::{Error, Result};
use crate::report::diff::{count, diff, record, DiffRow, DIFF_HEADER};
use crate::report::output::{write_file_atomically, ListWriter};
use crate::settings::OutputEncoding;

pub fn run(args: DiffArgs) -> Result<()> {
    let rows = diff(&args.old, &args.new)?.rows;
    for (change, n) in count(&rows) {
        eprintln!("{}\t{}\t{n}", change.code(), change.japanese());
    }
    match &args.out {
        // 0600 and all or nothing, like a run's outputs.
        Some(path) => {
            write_file_atomically(path, |file| write(file, OutputEncoding::Utf8Bom, &rows))
        }
        None => write(std::io::stdout().lock(), OutputEncoding::Utf8, &rows).map_err(|source| {
            Error::Write {
                path: "stdout".into(),
                source,
            }
        }),
    }
}

fn write<W: Write>(out: W, encoding: OutputEncoding, rows: &[DiffRow]) -> std::io::Result<()> {
    let mut writer = ListWriter::new(out, encoding)?;
    writer.write_record(DIFF_HEADER)?;
    for row in rows {
        writer.write_record(record(row))?;
    }
    writer.into_inner().flush()
}
