//! The `myna-synth` binary: synthetic extracts with ground truth (`gen`) and the grading of a
//! myna-recon run against them (`evaluate`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use myna_recon::error::ExitCode;
use myna_synth::evaluate::grade;
use myna_synth::{generate, GenOptions, Style};

#[derive(Debug, Parser)]
#[command(
    name = "myna-synth",
    version,
    about = "Synthetic members and register extracts with ground truth for myna-recon, and grading a run against them",
    long_about = "Writes synthetic members, register and truth files (real places from every town \
of the country, one address per household, the notations and wrong links real extracts carry), \
deterministic by seed; and grades a myna-recon run's results.csv against the truth file. No real \
person's data.\n\nExit status: 0 on success; 2 for a usage error; 1 for any other failure."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate synthetic members, register and ground-truth files (deterministic by seed).
    Gen(GenArgs),
    /// Grade a myna-recon run's results.csv against a generated truth file.
    Evaluate(EvaluateArgs),
}

/// The export style of the generated members file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExportStyle {
    /// UTF-8, full-width kana, Gregorian dates: a current system's export.
    Modern,
    /// CP932, half-width kana, era-code dates, 男/女: a legacy system's export.
    Legacy,
}

#[derive(Debug, Args)]
struct GenArgs {
    /// Number of members to generate.
    #[arg(long, default_value_t = 10_000)]
    members: usize,
    /// Seed: the same seed and options give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Export style of the members file.
    #[arg(long, value_enum, default_value = "modern")]
    style: ExportStyle,
    /// Folder for members.csv, register.csv and truth.csv.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct EvaluateArgs {
    /// truth.csv written by `gen`.
    #[arg(long, value_name = "FILE")]
    truth: PathBuf,
    /// The output folder of a `myna-recon run` (its results.csv is graded).
    #[arg(long, value_name = "DIR")]
    results: PathBuf,
}

fn run(cli: Cli) -> myna_recon::error::Result<()> {
    match cli.command {
        Command::Gen(args) => {
            let style = match args.style {
                ExportStyle::Modern => Style::Modern,
                ExportStyle::Legacy => Style::Legacy,
            };
            let report = generate(
                &args.out,
                GenOptions {
                    members: args.members,
                    seed: args.seed,
                    style,
                },
            )?;
            eprintln!(
                "myna-synth: wrote {} members ({} wrong links) and {} register rows to {}",
                report.members,
                report.wrong_links,
                report.register_rows,
                args.out.display()
            );
        }
        Command::Evaluate(args) => print!("{}", grade(&args.truth, &args.results)?.to_markdown()),
    }
    Ok(())
}

fn main() {
    let code = match run(Cli::parse()) {
        Ok(()) => ExitCode::Success,
        Err(error) => {
            eprintln!("myna-synth: error: {error}");
            error.exit_code()
        }
    };
    std::process::exit(code as i32);
}
