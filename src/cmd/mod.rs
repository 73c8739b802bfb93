//! Subcommands: each turns its flags into settings once and calls the library.

mod check;
mod config;
mod diff;
mod explain;
mod normalize;
mod policy;
mod run;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, InputArgs};
use crate::error::{Error, Result};
use crate::settings::{available_cores, Config, Settings, DEFAULT_CHUNK_MEMBERS};

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

/// The config file's settings, or the defaults without one.
fn load_config(path: Option<&Path>) -> Result<Config> {
    match path {
        Some(path) => Config::load(path),
        None => Ok(Config::default()),
    }
}

/// A usage error naming the flag of the first file that is not there.
fn require_files(files: &[(&str, &Path)]) -> Result<()> {
    match files.iter().find(|(_, path)| !path.is_file()) {
        Some((flag, path)) => Err(Error::Usage(format!(
            "{flag} {}: no such file",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// Settings to read and judge the inputs with, writing nothing (`check`, `explain`).
fn reading_settings(inputs: InputArgs, resolutions: Option<PathBuf>) -> Result<Settings> {
    let InputArgs {
        members,
        register,
        config: config_path,
    } = inputs;
    let mut files = vec![
        ("--members", members.as_path()),
        ("--register", register.as_path()),
    ];
    if let Some(resolutions) = &resolutions {
        files.push(("--resolutions", resolutions.as_path()));
    }
    require_files(&files)?;
    Ok(Settings {
        members_path: members,
        register_path: register,
        out_dir: std::env::temp_dir(),
        config: load_config(config_path.as_deref())?,
        config_path,
        resolutions_path: resolutions,
        offices_path: None,
        previous_dir: None,
        previous_may_differ: false,
        jobs: available_cores(),
        chunk_members: DEFAULT_CHUNK_MEMBERS,
        progress: false,
    })
}
