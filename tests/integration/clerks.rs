//! Clerks' work: letters ready to send, the contact list as their source, members without a
//! number, suspensions to lift, and a terminal line that accounts for every member row.

use std::collections::BTreeMap;

use myna_recon::outcome::{Reason, CONFIRM_REGISTRATION};

use crate::util::{repo_path, Csv, Work};

/// The data letters.html's script draws the letters from.
fn letters_data(html: &str) -> serde_json::Value {
    let opening = "id=\"letters-data\">";
    let start = html.find(opening).unwrap() + opening.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// The letters of letters.html, from the data its script draws them from: (member id,
/// route, what the letter says and where it goes).
fn letters(html: &str) -> Vec<(String, String, String)> {
    let data = letters_data(html);
    let sentences = data["sentences"].as_array().unwrap();
    let mut letters = Vec::new();
    for group in data["groups"].as_array().unwrap() {
        let route = if group["office"] == true {
            "office"
        } else {
            "home"
        };
        for letter in group["letters"].as_array().unwrap() {
            let mut text = String::new();
            for field in ["tp", "ta", "tn", "nk", "nn", "bd", "sx", "ad", "pc"] {
                text.push_str(letter[field].as_str().unwrap());
                text.push('\n');
            }
            for index in letter["t"].as_array().unwrap() {
                text.push_str(
                    sentences[index.as_u64().unwrap() as usize]
                        .as_str()
                        .unwrap(),
                );
                text.push('\n');
            }
            letters.push((
                letter["id"].as_str().unwrap().to_owned(),
                route.to_owned(),
                text,
            ));
        }
    }
    letters
}

#[test]
fn one_letter_per_contacted_member_and_nothing_sensitive_through_the_office() {
    let work = Work::new();
    let offices = work.write(
        "offices.csv",
        "office_code,name,postal_code,address,contact_person\n\
         E200,株式会社さかえ商会,460-0008,愛知県名古屋市中区栄1丁目1番1号,人事課 山口\n",
    );
    work.reconcile_cases("out", &["--quiet", "--offices", offices.to_str().unwrap()]);
    let contact = Csv::read(&work.path("out/contact_list.csv"));
    let html = std::fs::read_to_string(work.path("out/letters.html")).unwrap();
    let letters = letters(&html);

    // Office groups by office code, each office once; the letters posted home last; within
    // a group, the contact list's order.
    let data = letters_data(&html);
    let groups = data["groups"].as_array().unwrap();
    let list_order = contact.values("加入者ID");
    let mut codes = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        if group["office"] == true {
            codes.push(group["oc"].as_str().unwrap());
        } else {
            assert_eq!(i, groups.len() - 1, "the letters posted home come last");
        }
        let positions: Vec<usize> = group["letters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let id = l["id"].as_str().unwrap();
                list_order.iter().position(|c| *c == id).unwrap()
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }
    assert!(codes.windows(2).all(|w| w[0] < w[1]), "{codes:?}");
    assert!(codes.len() > 3 && groups.len() == codes.len() + 1);

    // Every contacted member has exactly one letter.
    let mut letter_ids: Vec<&str> = letters.iter().map(|l| l.0.as_str()).collect();
    letter_ids.sort_unstable();
    let mut contacted = contact.values("加入者ID");
    contacted.sort_unstable();
    assert_eq!(letter_ids, contacted);
    assert!(letter_ids.len() > 10);

    // Through the office, never the sex, the birth date or a family member's number.
    let sensitive: Vec<&str> = Reason::ALL
        .iter()
        .filter(|r| r.is_sensitive())
        .map(|r| r.for_member())
        .collect();
    let mut via_office = 0;
    for (id, route, text) in &letters {
        if route == "office" {
            via_office += 1;
            for sentence in &sensitive {
                assert!(!text.contains(sentence), "{id}'s letter says: {sentence}");
            }
        }
    }
    assert!(via_office > 10);
    let by_id: BTreeMap<&str, &str> = letters
        .iter()
        .map(|(id, _, text)| (id.as_str(), text.as_str()))
        .collect();
    // M004's birth date and sex differ (suspended): its office letter asks to confirm the
    // registration, and it is addressed through its office, named from --offices.
    assert!(by_id["M004"].contains(CONFIRM_REGISTRATION));
    assert!(by_id["M004"].contains("株式会社さかえ商会 人事課 山口 様（田中 恵子 様 親展）"));
    assert!(by_id["M004"].starts_with("460-0008\n愛知県名古屋市中区栄1丁目1番1号\n"));
    // A letter posted home goes to the address the insurer holds, not the register's.
    assert!(by_id["M017"].contains("420-0853\n静岡県静岡市葵区追手町9番6\n林 茂 様"));
    assert!(!by_id["M017"].contains("追手町5番1"));
    // Never a My Number.
    // (The cases file has broken rows on purpose: its second field read line by line.)
    let members = std::fs::read_to_string(repo_path("testdata/cases/members.csv")).unwrap();
    let numbers: Vec<&str> = members
        .lines()
        .filter_map(|line| line.split(',').nth(1))
        .filter(|n| n.len() >= 11)
        .collect();
    assert!(numbers.len() > 20);
    for number in numbers {
        assert!(!html.contains(number), "a number in letters.html");
    }
    // No sentence twice in one notice, and no internal term.
    for row in &contact.rows {
        let notice = contact.get(row, "お知らせ");
        let sentences: Vec<&str> = notice.lines().collect();
        let mut unique = sentences.clone();
        unique.dedup();
        assert_eq!(unique.len(), sentences.len(), "{notice}");
        for term in [
            "資格重複",
            "検査用数字",
            "住民基本台帳",
            "外字",
            "代替文字",
            "世帯での転居",
        ] {
            assert!(!notice.contains(term), "{term} in {notice}");
        }
    }
}

#[test]
fn every_member_row_is_counted_once_and_members_without_a_number_are_listed() {
    let work = Work::new();
    let run = work.reconcile_cases("out", &[]);
    let line = run
        .stderr()
        .lines()
        .find(|l| l.contains("member rows read"))
        .unwrap()
        .to_owned();
    let number_before = |words: &str| -> usize {
        let end = line.find(words).unwrap();
        let start = line[..end - 1].rfind([' ', ':']).unwrap() + 1;
        line[start..end].trim().replace(',', "").parse().unwrap()
    };
    let read = number_before(" member rows read");
    let parts = [
        " suspended",
        " to confirm",
        " to review",
        " without a number",
        " in order",
        " settled earlier",
        " rejected",
    ]
    .map(number_before);
    assert_eq!(parts.iter().sum::<usize>(), read, "{line}");

    let results = Csv::read(&work.path("out/results.csv"));
    let rejects = Csv::read(&work.path("out/rejects.csv"));
    let member_rejects = rejects
        .rows
        .iter()
        .filter(|r| r[0] == "members.csv")
        .count();
    assert_eq!(results.rows.len() + member_rejects, read);
    assert_eq!(member_rejects, parts[6]);
    // Members without a number: in results.csv as 番号未登録, and each in the request list.
    let unregistered: Vec<String> = results
        .rows
        .iter()
        .filter(|r| results.get(r, "判定コード") == "unregistered")
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(unregistered, ["M013"]);
    assert_eq!(parts[3], 1);
    let requests = Csv::read(&work.path("out/number_request_list.csv"));
    assert_eq!(requests.values("加入者ID"), unregistered);
    assert_eq!(requests.get(&requests.rows[0], "漢字氏名"), "松本 健太");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.path("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["outputs"]["number_request_list.csv"], 1);
    assert_eq!(summary["counts"]["by_outcome"]["unregistered"], 1);
    let report = std::fs::read_to_string(work.path("out/report.html")).unwrap();
    assert!(report.contains("個人番号が未登録: 1 名"));
}

#[test]
fn suspensions_resolved_or_gone_are_listed_to_lift_with_the_number_suspended() {
    let work = Work::new();
    let register = repo_path("testdata/cases/register.csv");
    let original = std::fs::read_to_string(repo_path("testdata/cases/members.csv")).unwrap();
    let members = work.write("members.csv", &original);
    work.reconcile(&members, &register, "first", &["--quiet"])
        .expect_code(0);
    let first = Csv::read(&work.path("first/results.csv"));
    let rows = first.by_first_column();
    let first_date = first.get(&rows["M005"], "初回対象日").to_owned();
    assert_eq!(first.get(&rows["M005"], "対象回数"), "1");
    assert_eq!(first_date.len(), 10);
    // M004 leaves the members file; M005 is settled with the data unchanged.
    let fingerprint = first.get(&rows["M005"], "照合データ指紋").to_owned();
    let resolutions = work.write(
        "resolutions.csv",
        format!("member_id,decision,reason,date,who,fingerprint\nM005,本人確認済,電話で確認,2026-11-20,佐藤,{fingerprint}\n"),
    );
    let without_m004: String = original
        .lines()
        .filter(|l| !l.starts_with("M004,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let members = work.write("members.csv", without_m004);
    work.reconcile(
        &members,
        &register,
        "second",
        &[
            "--quiet",
            "--previous",
            "first",
            "--resolutions",
            resolutions.to_str().unwrap(),
        ],
    )
    .expect_code(0);
    let lifts = Csv::read(&work.path("second/lift_list.csv"));
    let lifted = lifts.by_first_column();
    assert_eq!(lifts.rows.len(), 2, "{:?}", lifts.rows);
    assert_eq!(lifts.get(&lifted["M004"], "個人番号"), "314159265280");
    assert!(lifts
        .get(&lifted["M004"], "解除の理由")
        .contains("加入者ファイルにありません"));
    assert_eq!(lifts.get(&lifted["M005"], "個人番号"), "314159265352");
    assert!(lifts
        .get(&lifted["M005"], "解除の理由")
        .contains("解決記録"));
    // A flag that persists keeps its first date and counts the runs.
    let second = Csv::read(&work.path("second/results.csv"));
    let rows = second.by_first_column();
    assert_eq!(second.get(&rows["M006"], "初回対象日"), first_date);
    assert_eq!(second.get(&rows["M006"], "対象回数"), "2");
    assert_eq!(second.get(&rows["M002"], "対象回数"), "", "never flagged");
    let diff = Csv::read(&work.path("second/diff.csv"));
    let diff_rows = diff.by_first_column();
    assert_eq!(diff.get(&diff_rows["M006"], "対象回数"), "2");
    assert_eq!(diff.get(&diff_rows["M006"], "今回判定"), "閲覧停止");
}

#[test]
fn xlsx_lists_keep_every_leading_zero() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let work = Work::new();
    // A number starting with 0 (valid check digit) and an id with leading zeros.
    let members = work.write(
        "members.csv",
        "member_id,my_number,name_kanji,name_kana,birth_date,sex,address\n\
         000123,012345678903,山田 太郎,ヤマダ タロウ,19700312,1,東京都千代田区神田神保町1-2-3\n\
         000124,314159265077,佐藤 花子,サトウ ハナコ,19750401,2,東京都新宿区西新宿2-8-1\n",
    );
    let register = work.write(
        "register.csv",
        "my_number,name_kanji,name_kana,birth_date,sex,address\n\
         012345678903,別人 一郎,ベツジン イチロウ,19500101,1,北海道札幌市中央区北一条西2丁目1番地\n\
         314159265077,佐藤 花子,サトウ ハナコ,19750401,2,東京都新宿区西新宿2-8-1\n",
    );
    work.reconcile(&members, &register, "out", &["--quiet", "--xlsx"])
        .expect_code(0);
    let cells = |name: &str| -> Vec<Vec<Data>> {
        let mut book: Xlsx<_> = open_workbook(work.path(&format!("out/{name}"))).unwrap();
        let sheet = book.worksheet_range_at(0).unwrap().unwrap();
        sheet.rows().map(|r| r.to_vec()).collect()
    };
    let suspension = cells("suspension_list.xlsx");
    assert_eq!(suspension[0][0], Data::String("加入者ID".into()));
    assert_eq!(suspension[1][0], Data::String("000123".into()));
    assert_eq!(suspension[1][1], Data::String("012345678903".into()));
    let results = cells("results.xlsx");
    assert_eq!(results.len(), 3, "header and two members");
    assert_eq!(results[2][0], Data::String("000124".into()));
    for name in [
        "contact_list.xlsx",
        "review_list.xlsx",
        "number_request_list.xlsx",
        "rejects.xlsx",
    ] {
        assert!(work.path(&format!("out/{name}")).is_file(), "{name}");
    }
    // The CSV lists are written as always.
    let csv = Csv::read(&work.path("out/suspension_list.csv"));
    assert_eq!(csv.get(&csv.rows[0], "個人番号"), "012345678903");
}
