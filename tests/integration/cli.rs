//! The command line: help, exit codes, and errors that name the file, line and column.

use crate::util::{repo_path, Work};

const MEMBERS_HEADER: &str = "member_id,my_number,name_kanji,name_kana,birth_date,sex,address\n";
const REGISTER: &str = "my_number,name_kanji,name_kana,birth_date,sex,address\n\
                        123456789018,山田　太郎,ヤマダ　タロウ,19700101,1,東京都千代田区1-1\n";

#[test]
fn help_explains_every_run_option() {
    let work = Work::new();
    let help = work.run(&["run", "--help"]).expect_code(0).stdout();
    for option in [
        "--members",
        "--register",
        "--out",
        "--config",
        "--quiet",
        "--jobs",
        "--chunk-members",
        "--resolutions",
        "--previous",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
    // The default the help states is the one the run uses.
    let chunk = myna_recon::settings::DEFAULT_CHUNK_MEMBERS;
    assert!(help.contains(&format!("(default {chunk})")), "{help}");
    let top = work.run(&["--help"]).expect_code(0).stdout();
    for command in ["run", "normalize", "diff", "explain", "policy"] {
        assert!(top.contains(command), "{command} missing from:\n{top}");
    }
    assert!(top.contains("Exit status"));
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let work = Work::new();
    let members = repo_path("testdata/cases/members.csv");
    let register = repo_path("testdata/cases/register.csv");
    work.run(&["run", "--members", "x.csv"]).expect_code(2);
    work.run(&["normalize", "--kind", "shoe-size"])
        .expect_code(2);
    let run = work
        .reconcile(&members, &register, "out", &["--jobs", "0"])
        .expect_code(2);
    assert!(run.stderr().contains("--jobs"));

    let config = work.write("bad.toml", "[output]\nencodng = \"cp932\"\n");
    let run = work
        .reconcile(
            &members,
            &register,
            "out",
            &["--config", config.to_str().unwrap()],
        )
        .expect_code(2);
    assert!(run.stderr().contains("bad.toml"), "{}", run.stderr());
    assert!(run.stderr().contains("line 2"), "{}", run.stderr());
    assert!(run.stderr().contains("encodng"), "{}", run.stderr());

    let run = work
        .reconcile(&work.path("missing.csv"), &register, "out", &[])
        .expect_code(2);
    assert!(run.stderr().contains("missing.csv"), "{}", run.stderr());
    assert!(
        !work.path("out").exists(),
        "no outputs after a failed start"
    );
}

#[test]
fn a_missing_column_names_the_file_and_column() {
    let work = Work::new();
    let members = work.write(
        "members.csv",
        "member_id,my_number,name_kanji,name_kana,sex,address\nA,,山田,ヤマダ,1,東京都\n",
    );
    let register = work.write("register.csv", REGISTER);
    let run = work
        .reconcile(&members, &register, "out", &[])
        .expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("members.csv"), "{stderr}");
    assert!(stderr.contains("birth_date"), "{stderr}");
    assert!(stderr.contains("[members.columns]"), "{stderr}");
}

#[test]
fn swapped_files_are_detected() {
    let work = Work::new();
    let members = work.write(
        "members.csv",
        format!("{MEMBERS_HEADER}A,123456789018,山田,ヤマダ,19700101,1,東京都\n"),
    );
    let register = work.write("register.csv", REGISTER);
    let run = work
        .reconcile(&register, &members, "out", &[])
        .expect_code(1);
    assert!(run.stderr().contains("swapped"), "{}", run.stderr());
}

#[test]
fn undecodable_bytes_name_line_and_column() {
    let work = Work::new();
    let mut bytes = MEMBERS_HEADER.as_bytes().to_vec();
    bytes.extend_from_slice("A,,山田,ヤマダ,19700101,1,東京都\nB,,".as_bytes());
    bytes.extend_from_slice(b"\xE5\xB1\xFF");
    bytes.extend_from_slice("田,ヤマダ,19700101,1,東京都\n".as_bytes());
    let members = work.write("members.csv", bytes);
    let register = work.write("register.csv", REGISTER);
    let run = work
        .reconcile(&members, &register, "out", &[])
        .expect_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("members.csv: line 3, column 4"), "{stderr}");
    assert!(stderr.contains("UTF-8"), "{stderr}");
}

#[test]
fn empty_and_binary_files_are_refused_clearly() {
    let work = Work::new();
    let register = work.write("register.csv", REGISTER);
    let empty = work.write("empty.csv", "");
    let run = work.reconcile(&empty, &register, "out", &[]).expect_code(1);
    assert!(
        run.stderr().contains("empty.csv: the file is empty"),
        "{}",
        run.stderr()
    );
    let binary = work.write("binary.csv", b"PK\x03\x04\x00\x00binary");
    let run = work
        .reconcile(&binary, &register, "out", &[])
        .expect_code(1);
    assert!(run.stderr().contains("not a text"), "{}", run.stderr());
}

#[test]
fn shift_jis_and_euc_jp_inputs_read_like_utf8() {
    let work = Work::new();
    let members = format!(
        "{MEMBERS_HEADER}A,123456789018,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,S45.01.01,男,東京都千代田区1-1\n"
    );
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&members);
    let members = work.write("members.csv", sjis.as_ref());
    // The register as an EUC-JP TSV.
    let register_tsv = REGISTER.replace(',', "\t");
    let (euc, _, _) = encoding_rs::EUC_JP.encode(&register_tsv);
    let register = work.write("register.tsv", euc.as_ref());
    work.reconcile(&members, &register, "out", &["--quiet"])
        .expect_code(0);
    let results = crate::util::Csv::read(&work.path("out/results.csv"));
    assert_eq!(results.values("判定コード"), vec!["ok"]);
    assert_eq!(results.values("カナ氏名_判定"), vec!["表記ゆれ一致"]);
}

#[test]
fn normalize_writes_one_json_object_per_line() {
    let work = Work::new();
    let cases = [
        ("name-kanji", "髙橋\u{3000}一郎\n", "key", "髙橋一郎"),
        ("name-kana", "ｷｮｳｺ\n", "display", "キョウコ"),
        ("birth-date", "平成元年1月8日\n", "date", "1989-01-08"),
        ("sex", "女\n", "code", "2"),
        (
            "address",
            "東京都千代田区一丁目2番地3\n",
            "key",
            "千代田区1-2-3",
        ),
    ];
    for (kind, input, field, expected) in cases {
        let stdout = work
            .run_with_stdin(&["normalize", "--kind", kind], input)
            .expect_code(0)
            .stdout();
        let value: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        assert_eq!(value[field], expected, "{kind}: {stdout}");
    }
    let stdout = work
        .run_with_stdin(
            &["normalize", "--kind", "birth-date"],
            "平成32年1月1日\n6450312\n",
        )
        .expect_code(0)
        .stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("error"));
    assert!(lines[1].contains("元号コード 6"), "{}", lines[1]);
}

#[test]
fn explain_shows_keys_verdicts_and_the_rules_that_fired() {
    let work = Work::new();
    let members = repo_path("testdata/cases/members.csv");
    let register = repo_path("testdata/cases/register.csv");
    let explain = |member: &str, extra: &[&str]| {
        let mut args = vec![
            "explain",
            "--member",
            member,
            "--members",
            members.to_str().unwrap(),
            "--register",
            register.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        work.run(&args)
    };
    // Twins holding each other's numbers.
    let text = explain("M027", &[]).expect_code(0).stdout();
    for expected in [
        "加入者 M027",
        "********6766",
        "異体字をそろえて「石井陽斗」",
        "住基:   「石井　悠斗」",
        "世帯内で番号が入れ替わっている（household_swap）",
        "規則 6「household_swap」: 世帯内で番号が入れ替わっている → 閲覧停止",
        "判定: 閲覧停止（suspend）; 厚労省区分 ②",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(!text.contains("314159266766"), "full number shown:\n{text}");
    // For people: no English words, no escaped characters.
    for word in ["Male", "member:", "outcome:", "\\u{", "Suspend"] {
        assert!(!text.contains(word), "{word} in:\n{text}");
    }
    // The same as one JSON object.
    let json: serde_json::Value =
        serde_json::from_str(&explain("M027", &["--json"]).expect_code(0).stdout()).unwrap();
    assert_eq!(json["member_id"], "M027");
    assert_eq!(json["outcome_code"], "suspend");
    assert_eq!(json["attributes"][0]["register"], "石井　悠斗");
    assert_eq!(json["rules_fired"][0]["name"], "household_swap");
    // A lapsed member's slip, under both profiles.
    let text = explain("M016", &[]).expect_code(0).stdout();
    assert!(
        text.contains("「birth_date_slip」: 生年月日の入力誤りと見られる違い → 内部確認"),
        "{text}"
    );
    let config = work.write("mhlw.toml", "[policy]\nprofile = \"mhlw-2023\"\n");
    let text = explain("M016", &["--config", config.to_str().unwrap()])
        .expect_code(0)
        .stdout();
    assert!(text.contains("判定ポリシー mhlw-2023"), "{text}");
    assert!(
        text.contains("「mhlw_1_birth_date」: 生年月日が異なる → 閲覧停止"),
        "{text}"
    );
    // Unknown and rejected members are usage errors naming the member.
    let unknown = explain("M999", &[]).expect_code(2);
    assert!(
        unknown.stderr().contains("no member M999"),
        "{}",
        unknown.stderr()
    );
    let rejected = explain("M022", &[]).expect_code(2);
    assert!(
        rejected.stderr().contains("rejected"),
        "{}",
        rejected.stderr()
    );
}

#[test]
fn policy_prints_a_shipped_profile_that_a_config_accepts() {
    let work = Work::new();
    let text = work
        .run(&["policy", "--profile", "mhlw-2023"])
        .expect_code(0)
        .stdout();
    assert!(text.contains("name = \"mhlw-2023\""), "{text}");
    // Its rules, put under [policy] in a config, decide as the profile does.
    let rules: String = text
        .lines()
        .skip_while(|l| !l.starts_with("[[rules]]"))
        .map(|l| l.replace("[[rules]]", "[[policy.rules]]") + "\n")
        .collect();
    let config = work.write("own.toml", rules);
    let members = repo_path("testdata/cases/members.csv");
    let register = repo_path("testdata/cases/register.csv");
    let config_flag = ["--quiet", "--config", config.to_str().unwrap()];
    work.reconcile(&members, &register, "own", &config_flag)
        .expect_code(0);
    let profile = work.write("profile.toml", "[policy]\nprofile = \"mhlw-2023\"\n");
    work.reconcile(
        &members,
        &register,
        "profile",
        &["--quiet", "--config", profile.to_str().unwrap()],
    )
    .expect_code(0);
    let own = std::fs::read(work.path("own/results.csv")).unwrap();
    let shipped = std::fs::read(work.path("profile/results.csv")).unwrap();
    assert!(own == shipped, "the copied rules decide differently");
    work.run(&["policy", "--profile", "strict"]).expect_code(2);
}

#[test]
fn check_reports_the_inputs_without_judging_and_config_prints_the_example() {
    let work = Work::new();
    let members = repo_path("testdata/cases/members.csv");
    let register = repo_path("testdata/cases/register.csv");
    let run = work
        .run(&[
            "check",
            "--members",
            members.to_str().unwrap(),
            "--register",
            register.to_str().unwrap(),
        ])
        .expect_code(0);
    let text = run.stdout();
    for expected in [
        "lines 29 = header 1 + blank 0 + inside quoted fields 0 + rows 28",
        "rows 28 = used 26 + set aside 2 + repeated exactly 0",
        "rows 25 = used 21 + set aside 3 + repeated exactly 1",
        "加入者IDが重複しています",
        "the register answers for the number of 22 of them",
        "ok: the files can be run",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(!text.contains("314159"), "a number in:\n{text}");
    assert!(
        std::fs::read_dir(work.path("")).unwrap().next().is_none(),
        "nothing written"
    );
    // A file the run would refuse stops the check the same way.
    let members_again = work
        .run(&[
            "check",
            "--members",
            members.to_str().unwrap(),
            "--register",
            members.to_str().unwrap(),
        ])
        .code();
    assert_ne!(members_again, 0);

    let example = work.run(&["config", "--example"]).expect_code(0).stdout();
    assert_eq!(
        example,
        std::fs::read_to_string(repo_path("testdata/config.example.toml")).unwrap()
    );
    let defaults = work.run(&["config"]).expect_code(0).stdout();
    assert!(defaults.contains("[output]"), "{defaults}");
}
