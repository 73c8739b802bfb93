//! A work folder and a way to run the binary in it, showing everything on failure.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Work {
    pub dir: tempfile::TempDir,
}

/// The finished command, with what a failure message needs.
pub struct Run {
    pub command: String,
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// Panics with the command, status, stdout and stderr unless the exit status is `code`.
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "command: {}\nstdout:\n{}\nstderr:\n{}",
            self.command,
            self.stdout(),
            self.stderr()
        );
        self
    }
}

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

impl Work {
    pub fn new() -> Work {
        Work {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The permission bits of a path in the work folder (0o600, 0o700…).
    pub fn mode(&self, relative: &str) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(self.path(relative))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Runs `myna-recon ARGS` in the work folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, "")
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        use std::io::Write;
        let mut command = Command::new(env!("CARGO_BIN_EXE_myna-recon"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("start myna-recon");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        Run {
            command: format!("myna-recon {}", args.join(" ")),
            output,
        }
    }

    /// `run` on the hand-made cases in testdata/cases, outputs in `out`; must succeed.
    pub fn reconcile_cases(&self, out: &str, extra: &[&str]) -> Run {
        self.reconcile(
            &repo_path("testdata/cases/members.csv"),
            &repo_path("testdata/cases/register.csv"),
            out,
            extra,
        )
        .expect_code(0)
    }

    /// `run` on a members and register file, outputs in `out`.
    pub fn reconcile(&self, members: &Path, register: &Path, out: &str, extra: &[&str]) -> Run {
        let members = members.to_str().unwrap();
        let register = register.to_str().unwrap();
        let mut args = vec![
            "run",
            "--members",
            members,
            "--register",
            register,
            "--out",
            out,
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

/// A CSV output read back: header and rows (BOM dropped).
pub struct Csv {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn read(path: &Path) -> Csv {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .to_owned();
        Csv::parse(&text)
    }

    pub fn parse(text: &str) -> Csv {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        Csv { header, rows }
    }

    pub fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// Values of one column, in row order.
    pub fn values(&self, name: &str) -> Vec<String> {
        let c = self.column(name);
        self.rows.iter().map(|r| r[c].clone()).collect()
    }

    /// Rows keyed by the first column.
    pub fn by_first_column(&self) -> HashMap<String, Vec<String>> {
        self.rows
            .iter()
            .map(|r| (r[0].clone(), r.clone()))
            .collect()
    }

    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.column(name)]
    }
}

/// Generates synthetic data (myna-synth, as `myna-synth gen` writes it) into `dir` of the work folder.
pub fn generate(work: &Work, dir: &str, members: usize, seed: u64, style: &str) {
    let style = match style {
        "modern" => myna_synth::Style::Modern,
        "legacy" => myna_synth::Style::Legacy,
        other => panic!("no style {other}"),
    };
    let options = myna_synth::GenOptions {
        members,
        seed,
        style,
    };
    myna_synth::generate(&work.path(dir), options).expect("generated files");
}
