//! A run killed at any point leaves the previous complete outputs: never a partial list.

use std::process::{Command, Stdio};

use crate::util::{generate, Work};

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
    let complete: Vec<(String, Vec<u8>)> = [
        "results.csv",
        "suspension_list.csv",
        "contact_list.csv",
        "review_list.csv",
        "rejects.csv",
    ]
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
