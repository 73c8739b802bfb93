//! Subcommands: each turns its flags into settings once and calls the library.

mod check;
mod config;
mod diff;
mod explain;
mod normalize;
mod policy;
mod run;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// Runs the subcommand the command line names.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Normalize(args) => normalize::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Policy(args) => policy::run(args),
        Command::Check(args) => check::run(args),
        Command::Config(args) => config::run(args),
    }
}
