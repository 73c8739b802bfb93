//! Errors that stop a run, and the exit code each maps to.
//!
//! A bad *record* is never an error here: it becomes a row in rejects.csv and the run goes on.
//! A bad *file* or *configuration* stops the run with one sentence that names the file, and
//! the line and column where there is one. Messages never contain a My Number.

use std::path::PathBuf;

/// The contract's exit statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCode {
    /// The run completed (mismatches found is still success).
    Success = 0,
    /// Any failure other than usage or configuration.
    Failure = 1,
    /// A usage or configuration error.
    Usage = 2,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read the file: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {line}, column {column}: bytes that are not valid {encoding}; check the file's encoding or set `encoding` for this file in the config", path.display())]
    Decode {
        path: PathBuf,
        line: u64,
        column: u64,
        encoding: &'static str,
    },
    #[error("{}: line {line}: the file contains NUL bytes and is not a text CSV/TSV file", path.display())]
    NotText { path: PathBuf, line: u64 },
    #[error("{}: the file is empty; expected a header row and data rows", path.display())]
    EmptyFile { path: PathBuf },
    #[error("{}: the file has a header row but no data rows", path.display())]
    NoDataRows { path: PathBuf },
    #[error("{}: line {line}: {message}", path.display())]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{}: the header has no column `{column}` (required for {role}); the header has: {found}. {}", path.display(), column_hint(role))]
    MissingColumn {
        path: PathBuf,
        role: &'static str,
        column: String,
        found: String,
    },
    #[error("{}: {message}", path.display())]
    WrongFile { path: PathBuf, message: String },
    #[error("config {}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The exit status this error ends the program with.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Config { .. } | Error::Usage(_) => ExitCode::Usage,
            _ => ExitCode::Failure,
        }
    }
}

/// How to fix a missing column of a file with this role.
fn column_hint(role: &str) -> String {
    match role {
        "resolutions" => "A resolutions file has the columns member_id, decision, reason, date, who and fingerprint (see the README)".into(),
        _ => format!("Map the column under [{role}.columns] in the config"),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
