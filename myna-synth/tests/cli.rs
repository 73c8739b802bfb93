//! The `myna-synth` binary as a user runs it: `gen` writes the three files, the same seed
//! gives the same bytes, `evaluate` grades a myna-recon run, and errors exit non-zero.

use std::path::Path;
use std::process::{Command, Output};

use clap::Parser;

fn myna_synth(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_myna-synth"))
        .args(args)
        .output()
        .expect("myna-synth runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn generate(dir: &Path, seed: &str) -> Output {
    let dir = dir.to_str().unwrap();
    myna_synth(&["gen", "--members", "400", "--seed", seed, "--out", dir])
}

#[test]
fn gen_writes_members_register_and_truth_the_same_for_a_seed() {
    let work = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        work.path().join("a"),
        work.path().join("b"),
        work.path().join("c"),
    );
    for (dir, seed) in [(&a, "5"), (&b, "5"), (&c, "6")] {
        let output = generate(dir, seed);
        assert!(output.status.success(), "{}", text(&output.stderr));
        assert!(
            text(&output.stderr).contains("wrote 400 members"),
            "{}",
            text(&output.stderr)
        );
    }
    for name in ["members.csv", "register.csv", "truth.csv"] {
        let read = |dir: &Path| std::fs::read(dir.join(name)).unwrap();
        assert_eq!(read(&a), read(&b), "{name} differs for one seed");
        assert_ne!(read(&a), read(&c), "{name} is the same for two seeds");
    }
    let truth = std::fs::read_to_string(a.join("truth.csv")).unwrap();
    assert_eq!(truth.lines().count(), 401);
    assert!(truth.starts_with(&myna_synth::TRUTH_COLUMNS.join(",")));
}

#[test]
fn evaluate_grades_a_reconciliation_run() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("gen");
    assert!(generate(&data, "3").status.success());
    let out = work.path().join("out");
    let path = |p: &Path| p.to_str().unwrap().to_owned();
    let run = myna_recon::cli::Cli::parse_from([
        "myna-recon".to_owned(),
        "run".to_owned(),
        "--quiet".to_owned(),
        "--members".to_owned(),
        path(&data.join("members.csv")),
        "--register".to_owned(),
        path(&data.join("register.csv")),
        "--out".to_owned(),
        path(&out),
    ]);
    myna_recon::cmd::run(run).expect("the run completes");

    let output = myna_synth(&[
        "evaluate",
        "--truth",
        &path(&data.join("truth.csv")),
        "--results",
        &path(&out),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let table = text(&output.stdout);
    for expected in ["| exact |", "wrong", "notation-only records flagged"] {
        assert!(
            table.contains(expected),
            "{expected} missing from:\n{table}"
        );
    }
}

#[test]
fn errors_name_the_problem_and_exit_non_zero() {
    let usage = myna_synth(&["gen", "--members", "ten"]);
    assert_eq!(usage.status.code(), Some(2), "{}", text(&usage.stderr));
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("no-truth.csv");
    let output = myna_synth(&[
        "evaluate",
        "--truth",
        missing.to_str().unwrap(),
        "--results",
        work.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).starts_with("myna-synth: error:"));
}
