//! report.html: the auditors' report, one self-contained Japanese page (no network, no
//! external scripts or fonts), built from `templates/report.html` (askama: checked when
//! compiled, every value HTML-escaped unless marked safe) with the style and script of
//! `templates/report.css` and `templates/report.js` inlined.
//!
//! In: the summary (counts, comparison patterns, inputs, resolutions, previous run, policy),
//! the members to show ([`ReportRows`]) and the diff against the previous run. Out: the run
//! and its files with their hashes (times in Japan time); counts by outcome, MHLW category
//! and reason with bar charts; the MHLW category × outcome table; the comparison patterns;
//! the verdicts per attribute; the re-run comparison; every resolution applied or judged
//! afresh; the policy's rules; and the flagged members as cards — member and register side
//! by side, the value as compared under the value as written, highlights only where the
//! values still differ once notation is folded — 100 to a page, with filters, search and a
//! print stylesheet (A4 landscape, every member of the current filter).
//! Deterministic: nothing in it depends on time or thread count except the run's times.

mod chart;
mod rows;

use chart::Chart;

use askama::Template;

use rows::EmbeddedRows;
pub use rows::{ReportRows, REPORT_ROWS};

use crate::judge::classify::MhlwCategory;
use crate::model::{Attribute, VerdictKind};
use crate::outcome::{Outcome, Reason};
use crate::policy::{Action, Policy};
use crate::report::dates::japan_time;
use crate::report::diff::DiffRow;
use crate::report::history::Change;
use crate::report::summary::{mhlw_code, Summary};

const STYLE: &str = include_str!("../../../templates/report.css");
const SCRIPT: &str = include_str!("../../../templates/report.js");

/// Patterns listed in the comparison-patterns table (the rest are summed in one row).
const PATTERNS_SHOWN: usize = 40;
/// Members resolved since the previous run listed by id in the page (all are in diff.csv).
const RESOLVED_SHOWN: usize = 1_000;

/// 1234567 → "1,234,567" (as the terminal line writes counts).
pub fn thousands(n: usize) -> String {
    indicatif::HumanCount(n as u64).to_string()
}

/// The MHLW category as the report names it.
fn mhlw_label(category: Option<MhlwCategory>) -> &'static str {
    match category {
        Some(MhlwCategory::BirthDateOrSex) => "① 生年月日・性別の相違",
        Some(MhlwCategory::BothNames) => "② 漢字氏名・カナ氏名の相違",
        Some(MhlwCategory::NameAndAddress) => "③ 氏名の一方・住所の相違",
        None => "区分外",
    }
}

fn mhlw_label_of_code(code: &str) -> &'static str {
    let category = MhlwCategory::ALL
        .into_iter()
        .find(|&c| mhlw_code(Some(c)) == code);
    mhlw_label(category)
}

/// A label and a count, for a table and a bar of a chart.
struct Count {
    label: String,
    n: String,
}

fn counts_of(rows: &[(String, usize)]) -> Vec<Count> {
    rows.iter()
        .map(|(label, n)| Count {
            label: label.clone(),
            n: thousands(*n),
        })
        .collect()
}

/// One row of the run's table: what, and its value.
struct Fact {
    label: &'static str,
    value: String,
}

/// The MHLW category × outcome table's row.
struct CategoryRow {
    label: &'static str,
    cells: Vec<String>,
    total: String,
}

/// A comparison pattern's row.
struct PatternRow {
    verdicts: Vec<(&'static str, &'static str)>,
    members: String,
    outcomes: String,
    categories: String,
    /// The verdict codes joined by commas, as the page's filter reads them; empty when no
    /// member of the pattern is flagged (nothing to show).
    filter: String,
}

/// One rule of the policy, in words.
struct RuleRow {
    number: usize,
    name: String,
    when: String,
    unless: String,
    outcome: &'static str,
    if_lapsed: &'static str,
    reason: &'static str,
}

/// A member resolved since the previous run.
struct ResolvedRow {
    member_id: String,
    previous: &'static str,
    current: &'static str,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    style: &'static str,
    script: &'static str,
    facts: Vec<Fact>,
    outcome_counts: Vec<Count>,
    outcome_chart: Chart,
    contacted: String,
    unregistered: String,
    rejected: String,
    category_header: Vec<&'static str>,
    category_rows: Vec<CategoryRow>,
    reason_counts: Vec<Count>,
    reason_chart: Chart,
    patterns: Vec<PatternRow>,
    patterns_rest: Option<String>,
    attribute_header: Vec<&'static str>,
    attribute_rows: Vec<(&'static str, Vec<String>)>,
    diff_counts: Option<Vec<Count>>,
    diff_chart: Option<Chart>,
    resolved: Vec<ResolvedRow>,
    resolved_more: Option<String>,
    overrides: Option<Vec<Fact>>,
    policy_name: String,
    policy_description: String,
    policy_slips: String,
    rules: Vec<RuleRow>,
    shown: String,
    total: String,
    cut: bool,
    outcome_options: Vec<(&'static str, &'static str)>,
    reason_options: Vec<(&'static str, &'static str)>,
    category_options: Vec<(&'static str, &'static str)>,
    has_diff: bool,
    labels_json: String,
    rows_json: EmbeddedRows,
}

/// JSON made safe to embed in a script element: every `<` escaped, so that no text can end
/// the element or open a comment in it (copied only when there is one).
pub fn script_safe(json: String) -> String {
    if json.contains('<') {
        json.replace('<', "\\u003c")
    } else {
        json
    }
}

/// The page's Japanese names for the codes the embedded rows carry, as JSON.
fn labels_json() -> String {
    use serde_json::{json, Map, Value};
    let map = |pairs: Vec<(&'static str, &'static str)>| -> Value {
        Value::Object(
            pairs
                .into_iter()
                .map(|(code, label)| (code.to_owned(), Value::from(label)))
                .collect::<Map<String, Value>>(),
        )
    };
    let mut verdicts: Vec<(&str, &str)> = VerdictKind::ALL
        .iter()
        .map(|v| (v.code(), v.japanese()))
        .collect();
    verdicts.push(("not_compared", "照合なし"));
    let labels = json!({
        "outcome": map(Outcome::ALL.iter().map(|o| (o.code(), o.japanese())).collect()),
        "flagged": Outcome::ALL.iter().filter(|o| o.is_flagged()).map(|o| o.code()).collect::<Vec<_>>(),
        "reason": map(Reason::ALL.iter().map(|r| (r.code(), r.label())).collect()),
        "sentence": map(Reason::ALL.iter().map(|r| (r.code(), r.japanese())).collect()),
        "namesMember": Reason::ALL.iter().filter(|r| r.names_household_member()).map(|r| r.code()).collect::<Vec<_>>(),
        "verdict": map(verdicts),
        "differs": VerdictKind::ALL.iter().filter(|v| v.differs()).map(|v| v.code()).collect::<Vec<_>>(),
        "change": map(Change::ALL.iter().map(|c| (c.code(), c.japanese())).collect()),
        "mhlw": map(
            MhlwCategory::ALL
                .iter()
                .map(|&c| (mhlw_code(Some(c)), c.mark()))
                .chain([(mhlw_code(None), "")])
                .collect()
        ),
        "attributes": Attribute::ALL.iter().map(|a| a.japanese()).collect::<Vec<_>>(),
    });
    script_safe(labels.to_string())
}

fn action_label(action: Option<Action>) -> &'static str {
    action.map_or("", |a| a.outcome().japanese())
}

fn rule_rows(policy: &Policy) -> Vec<RuleRow> {
    let words = |signals: &[crate::policy::Signal]| {
        signals
            .iter()
            .map(|s| s.japanese())
            .collect::<Vec<_>>()
            .join(" かつ ")
    };
    policy
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| RuleRow {
            number: i + 1,
            name: rule.name.clone(),
            when: words(&rule.when),
            unless: rule
                .unless
                .iter()
                .map(|s| s.japanese())
                .collect::<Vec<_>>()
                .join("・"),
            outcome: rule.outcome.outcome().japanese(),
            if_lapsed: match rule.if_lapsed {
                Some(action) => action_label(Some(action)),
                None if rule.outcome == Action::Contact => "閲覧停止",
                None => rule.outcome.outcome().japanese(),
            },
            reason: rule.reason.label(),
        })
        .collect()
}

fn pattern_rows(summary: &Summary) -> (Vec<PatternRow>, Option<String>) {
    let patterns = &summary.counts.comparison_patterns;
    let joined = |pairs: Vec<(&'static str, usize)>| {
        pairs
            .into_iter()
            .map(|(label, n)| format!("{label} {}", thousands(n)))
            .collect::<Vec<_>>()
            .join("・")
    };
    let rows = patterns
        .iter()
        .take(PATTERNS_SHOWN)
        .map(|p| {
            let flagged = p
                .by_outcome
                .keys()
                .any(|&code| Outcome::from_code(code).is_some_and(Outcome::is_flagged));
            PatternRow {
                verdicts: Attribute::ALL
                    .iter()
                    .map(|a| {
                        let code = p.verdicts[a.code()];
                        (
                            code,
                            VerdictKind::from_code(code).map_or("照合なし", VerdictKind::japanese),
                        )
                    })
                    .collect(),
                members: thousands(p.members),
                outcomes: joined(
                    Outcome::ALL
                        .iter()
                        .filter_map(|o| p.by_outcome.get(o.code()).map(|&n| (o.japanese(), n)))
                        .collect(),
                ),
                categories: joined(
                    p.by_mhlw_category
                        .iter()
                        .map(|(&code, &n)| (mhlw_label_of_code(code), n))
                        .collect(),
                ),
                filter: if flagged {
                    Attribute::ALL
                        .iter()
                        .map(|a| p.verdicts[a.code()])
                        .collect::<Vec<_>>()
                        .join(",")
                } else {
                    String::new()
                },
            }
        })
        .collect();
    let rest = (patterns.len() > PATTERNS_SHOWN).then(|| {
        let members: usize = patterns[PATTERNS_SHOWN..].iter().map(|p| p.members).sum();
        format!(
            "ほか {} パターン、{} 名（summary.json の comparison_patterns に全パターン）",
            thousands(patterns.len() - PATTERNS_SHOWN),
            thousands(members)
        )
    });
    (rows, rest)
}

/// Writes report.html into `out`.
pub fn write(
    rows: ReportRows,
    summary: &Summary,
    diff: Option<&[DiffRow]>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let counts = &summary.counts;
    let outcome_bars: Vec<(String, usize)> = Outcome::ALL
        .iter()
        .map(|o| (o.japanese().to_owned(), counts.by_outcome[o.code()]))
        .collect();
    let reason_bars: Vec<(String, usize)> = Reason::ALL
        .iter()
        .map(|r| (r.label().to_owned(), counts.by_reason[r.code()]))
        .filter(|(_, n)| *n > 0)
        .collect();
    let category_rows = MhlwCategory::ALL
        .iter()
        .map(|&c| Some(c))
        .chain([None])
        .map(|category| {
            let per_outcome = &counts.by_mhlw_category_and_outcome[mhlw_code(category)];
            CategoryRow {
                label: mhlw_label(category),
                cells: Outcome::ALL
                    .iter()
                    .map(|o| thousands(per_outcome[o.code()]))
                    .collect(),
                total: thousands(per_outcome.values().sum()),
            }
        })
        .collect();
    let attribute_rows = Attribute::ALL
        .iter()
        .map(|a| {
            let per_kind = &counts.by_attribute_verdict[a.code()];
            let mut cells: Vec<String> = VerdictKind::ALL
                .iter()
                .map(|k| thousands(per_kind[k.code()]))
                .collect();
            cells.push(thousands(per_kind["not_compared"]));
            (a.japanese(), cells)
        })
        .collect();
    let inputs = &summary.inputs;
    let file_fact = |label, file: &crate::report::summary::InputFile| Fact {
        label,
        value: format!(
            "{}（{} 行、{}、SHA-256 {}）",
            file.path,
            thousands(file.rows_read),
            file.encoding,
            file.sha256
        ),
    };
    let mut facts = vec![
        Fact {
            label: "プログラム",
            value: format!("{} {}", summary.program, summary.version),
        },
        Fact {
            label: "実行（日本時間）",
            value: format!(
                "{} 〜 {}",
                japan_time(summary.started),
                japan_time(summary.finished)
            ),
        },
        file_fact("加入者ファイル", &inputs.members),
        file_fact("住基照会結果ファイル", &inputs.register),
        Fact {
            label: "設定ファイル",
            value: summary
                .config_file
                .clone()
                .unwrap_or_else(|| "（なし: 既定値）".to_owned()),
        },
        Fact {
            label: "判定ポリシー",
            value: format!(
                "{}（{}）",
                summary.policy.name,
                match summary.policy.name.as_str() {
                    "mhlw-2023" => "厚生労働省2023年の①②③の表どおり",
                    "default" => "表記ゆれと別人を区別する既定の判定",
                    _ => "保険者が定めた規則: 下の「判定ポリシーの規則」",
                }
            ),
        },
    ];
    if let Some(resolutions) = &summary.resolutions {
        facts.push(Fact {
            label: "解決記録ファイル",
            value: format!(
                "{}（{} 行、SHA-256 {}）",
                resolutions.path,
                thousands(resolutions.rows_read),
                resolutions.sha256
            ),
        });
    }
    if let Some(previous) = &summary.previous {
        facts.push(Fact {
            label: "前回の照合",
            value: format!(
                "{}（results.csv の SHA-256 {}）",
                previous.dir, previous.results_sha256
            ),
        });
    }
    let overrides = summary.resolutions.as_ref().map(|r| {
        vec![
            Fact {
                label: "解決記録ファイル",
                value: format!("{}（SHA-256 {}）", r.path, r.sha256),
            },
            Fact {
                label: "記録の行数",
                value: thousands(r.rows_read),
            },
            Fact {
                label: "適用（データ変更なし、一覧に再掲しない）",
                value: thousands(r.honoured),
            },
            Fact {
                label: "再判定（データ変更、または指紋なし）",
                value: thousands(r.judged_afresh),
            },
            Fact {
                label: "加入者ファイルにないID（rejects.csv）",
                value: thousands(r.unknown_member_ids),
            },
            Fact {
                label: "取込不可の行（rejects.csv）",
                value: thousands(r.rejected),
            },
        ]
    });
    let diff_bars: Option<Vec<(String, usize)>> = diff.map(|rows| {
        Change::ALL
            .iter()
            .map(|&c| {
                (
                    c.japanese().to_owned(),
                    rows.iter().filter(|r| r.change == c).count(),
                )
            })
            .collect()
    });
    let resolved_rows: Vec<&DiffRow> = diff
        .unwrap_or_default()
        .iter()
        .filter(|r| r.change == Change::Resolved)
        .collect();
    let outcome_label = |code: &str| {
        Outcome::from_code(code).map_or("（今回の加入者ファイルにない）", Outcome::japanese)
    };
    let resolved = resolved_rows
        .iter()
        .take(RESOLVED_SHOWN)
        .map(|r| ResolvedRow {
            member_id: r.member_id.clone(),
            previous: outcome_label(&r.previous),
            current: outcome_label(&r.current),
        })
        .collect();
    let resolved_more = (resolved_rows.len() > RESOLVED_SHOWN).then(|| {
        format!(
            "ほか {} 名（diff.csv に全件）",
            thousands(resolved_rows.len() - RESOLVED_SHOWN)
        )
    });
    let (patterns, patterns_rest) = pattern_rows(summary);
    let (rows_json, shown, total) = rows.finish();
    let page = Page {
        style: STYLE,
        script: SCRIPT,
        facts,
        outcome_counts: counts_of(&outcome_bars),
        outcome_chart: Chart::of("判定別の件数", &outcome_bars),
        contacted: thousands(counts.contacted),
        unregistered: thousands(counts.by_outcome[Outcome::Unregistered.code()]),
        rejected: thousands(counts.members_rejected + counts.register_rows_rejected),
        category_header: Outcome::ALL.iter().map(|o| o.japanese()).collect(),
        category_rows,
        reason_counts: counts_of(&reason_bars),
        reason_chart: Chart::of("理由別の件数", &reason_bars),
        patterns,
        patterns_rest,
        attribute_header: VerdictKind::ALL.iter().map(|k| k.japanese()).collect(),
        attribute_rows,
        diff_counts: diff_bars.as_deref().map(counts_of),
        diff_chart: diff_bars
            .as_deref()
            .map(|bars| Chart::of("前回との比較", bars)),
        resolved,
        resolved_more,
        overrides,
        policy_name: summary.policy.name.clone(),
        policy_description: summary.policy.description.clone(),
        policy_slips: summary
            .policy
            .birth_date_slips
            .iter()
            .map(|s| s.japanese())
            .collect::<Vec<_>>()
            .join("・"),
        rules: rule_rows(summary.policy),
        shown: thousands(shown),
        total: thousands(total),
        cut: shown < total,
        outcome_options: Outcome::ALL
            .iter()
            .filter(|o| o.is_flagged())
            .map(|o| (o.code(), o.japanese()))
            .collect(),
        reason_options: Reason::ALL
            .iter()
            .filter(|r| counts.by_reason[r.code()] > 0)
            .map(|r| (r.code(), r.label()))
            .collect(),
        category_options: MhlwCategory::ALL
            .iter()
            .map(|&c| Some(c))
            .chain([None])
            .map(|c| (mhlw_code(c), mhlw_label(c)))
            .collect(),
        has_diff: diff.is_some(),
        labels_json: labels_json(),
        rows_json,
    };
    page.write_into(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1,000"),
            (64_215, "64,215"),
            (1_234_567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }
}
