//! A run killed at any point leaves the previous complete outputs: never a partial list.

use std::process::{Command, Stdio};

use crate::util::{generate, Work};

/// The lists a run writes that are the same for the same inputs.
const LISTS: [&str; 5] = [
    "results.csv",
    "suspension_list.csv",
    "contact_list.csv",
    "review_list.csv",
    "rejects.csv",
];

#[test]
fn a_killed_run_never_leaves_a_partial_list() {
    let work = Work::new();
    generate(&work, "gen", 10_000, 41, "modern");
    let args = |out: &str| {
        vec![
            "run".to_owned(),
            "--members".into(),
            work.path("gen/members.csv").display().to_string(),
            "--register".into(),
            work.path("gen/register.csv").display().to_string(),
            "--out".into(),
            work.path(out).display().to_string(),
            "--quiet".into(),
        ]
    };
    let started = std::time::Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_myna-recon"))
        .args(args("out"))
        .status()
        .unwrap();
    assert!(status.success());
    let duration = started.elapsed();
    let complete: Vec<(String, Vec<u8>)> = LISTS
        .iter()
        .map(|name| {
            (
                name.to_string(),
                std::fs::read(work.path(&format!("out/{name}"))).unwrap(),
            )
        })
        .collect();

    // The same inputs again, killed at points spread over the run, most of them late, while
    // the outputs are written.
    for share in [0.02, 0.2, 0.5, 0.7, 0.8, 0.86, 0.9, 0.93, 0.96, 0.98, 0.995] {
        let delay = duration.mul_f64(share);
        let delay_ms = delay.as_millis();
        let mut child = Command::new(env!("CARGO_BIN_EXE_myna-recon"))
            .args(args("out"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in &complete {
            let now = std::fs::read(work.path(&format!("out/{name}"))).unwrap();
            assert!(
                now == *bytes,
                "{name} changed or partial after a kill at {delay_ms} ms"
            );
        }
        let summary = std::fs::read_to_string(work.path("out/summary.json")).unwrap();
        assert!(
            serde_json::from_str::<serde_json::Value>(&summary).is_ok(),
            "summary.json partial"
        );
        let report = std::fs::read_to_string(work.path("out/report.html")).unwrap();
        assert!(
            report.trim_end().ends_with("</html>"),
            "report.html partial"
        );
    }
    // A later run clears what killed runs left behind.
    let status = Command::new(env!("CARGO_BIN_EXE_myna-recon"))
        .args(args("out"))
        .status()
        .unwrap();
    assert!(status.success());
    let leftovers: Vec<String> = std::fs::read_dir(work.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The outputs a run leaves that do not change from run to run on the same inputs.
fn settled_outputs(dir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut files: Vec<Vec<u8>> = LISTS
        .iter()
        .map(|name| std::fs::read(dir.join(name)).unwrap_or_default())
        .collect();
    // summary.json: the inputs' hashes say which run wrote it.
    let summary: serde_json::Value = std::fs::read_to_string(dir.join("summary.json"))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    files.push(summary["inputs"].to_string().into_bytes());
    files
}

#[test]
fn a_run_killed_while_replacing_another_leaves_one_run_whole() {
    let work = Work::new();
    generate(&work, "a", 6_000, 43, "modern");
    generate(&work, "b", 6_000, 44, "modern");
    let args = |data: &str| {
        vec![
            "run".to_owned(),
            "--members".into(),
            work.path(&format!("{data}/members.csv"))
                .display()
                .to_string(),
            "--register".into(),
            work.path(&format!("{data}/register.csv"))
                .display()
                .to_string(),
            "--out".into(),
            work.path("out").display().to_string(),
            "--quiet".into(),
        ]
    };
    let run = |data: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_myna-recon"))
            .args(args(data))
            .status()
            .unwrap();
        assert!(status.success());
    };
    let started = std::time::Instant::now();
    run("b");
    let duration = started.elapsed();
    let outputs_b = settled_outputs(&work.path("out"));
    run("a");
    let outputs_a = settled_outputs(&work.path("out"));
    assert_ne!(outputs_a, outputs_b);
    for share in [0.3, 0.7, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 1.0, 1.02] {
        // Run a is in place: run b replaces it, killed on the way (or done).
        run("a");
        let mut child = Command::new(env!("CARGO_BIN_EXE_myna-recon"))
            .args(args("b"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(duration.mul_f64(share));
        let _ = child.kill();
        let _ = child.wait();
        let now = settled_outputs(&work.path("out"));
        assert!(
            now == outputs_a || now == outputs_b,
            "a mix of two runs after a kill at {share} of a run"
        );
    }
}

#[test]
fn a_second_run_on_the_same_out_stops_while_the_first_writes() {
    let work = Work::new();
    let members = crate::util::repo_path("testdata/members.csv");
    let register = crate::util::repo_path("testdata/register.csv");
    // A run writing to `out` holds the lock beside it.
    let lock = std::fs::File::create(work.path(".out.myna-recon.lock")).unwrap();
    lock.lock().unwrap();
    let run = work.reconcile(&members, &register, "out", &["--quiet"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("another myna-recon run is writing"),
        "{}",
        run.stderr()
    );
    assert!(!work.path("out").exists());
    drop(lock);
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
}

#[test]
fn the_out_folder_is_private_holds_no_stale_output_and_keeps_the_users_files() {
    use std::os::unix::fs::PermissionsExt;
    let work = Work::new();
    let members = crate::util::repo_path("testdata/members.csv");
    let register = crate::util::repo_path("testdata/register.csv");
    work.reconcile(&members, &register, "first", &["--quiet"])
        .expect_code(0);
    work.reconcile(
        &members,
        &register,
        "out",
        &["--quiet", "--previous", "first"],
    )
    .expect_code(0);
    assert!(work.path("out/diff.csv").exists());
    std::fs::set_permissions(work.path("out"), std::fs::Permissions::from_mode(0o777)).unwrap();
    work.write("out/notes.txt", "the clerk's notes");
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let mode = |p: &str| work.mode(p);
    assert_eq!(mode("out"), 0o700);
    assert!(
        !work.path("out/diff.csv").exists(),
        "diff.csv of the earlier run"
    );
    assert_eq!(
        std::fs::read_to_string(work.path("out/notes.txt")).unwrap(),
        "the clerk's notes"
    );
    for entry in std::fs::read_dir(work.path("out")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "notes.txt" {
            assert_eq!(
                entry.metadata().unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
    let leftovers: Vec<String> = std::fs::read_dir(work.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // `diff --out` writes 0600 even under umask 000.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000; exec '{}' diff first out --out diff.csv 2>/dev/null",
            env!("CARGO_BIN_EXE_myna-recon")
        ))
        .current_dir(work.dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode("diff.csv"), 0o600);
}
