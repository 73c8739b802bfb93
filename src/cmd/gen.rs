//! `myna-recon gen`: synthetic members, register and truth files.

use crate::cli::{ExportStyle, GenArgs};
use crate::error::Result;
use crate::synth::{generate, GenOptions, Style};

pub fn run(args: GenArgs) -> Result<()> {
    let report = generate(
        &args.out,
        GenOptions {
            members: args.members,
            seed: args.seed,
            style: match args.style {
                ExportStyle::Modern => Style::Modern,
                ExportStyle::Legacy => Style::Legacy,
            },
        },
    )?;
    eprintln!(
        "myna-recon: wrote {} members ({} wrong links) and {} register rows to {}",
        report.members,
        report.wrong_links,
        report.register_rows,
        args.out.display()
    );
    Ok(())
}
