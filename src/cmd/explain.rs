//! `myna-recon explain --member ID`: one member's judgement, attribute by attribute — the
//! values on both sides, their comparison keys, the verdicts, the household facts, the
//! signals and the policy's rules that fired, the resolution applied (`--resolutions`) —
//! in Japanese for people, or as one JSON object (`--json`). Runs the whole judgement
//! (household checks need the household) and writes nothing; the number is shown masked.

use std::fmt::Write as _;

use crate::cli::ExplainArgs;
use crate::error::{Error, Result};
use crate::judge::judged::{parse_lapsed, Chunk, Judged, RunInputs, Timings};
use crate::model::{Attribute, Person, Verdict};
use crate::normalize::kana::KanaRung;
use crate::pipeline;
use crate::progress::Progress;
use crate::report::lists::number_status_label;
use crate::report::mask::mask_my_number;

pub fn run(args: ExplainArgs) -> Result<()> {
    let settings = super::reading_settings(args.inputs, args.resolutions)?;
    let progress = Progress::new(false);
    let mut timings = Timings::start();
    let (inputs, joined) = pipeline::prepare(
        &settings,
        &progress,
        std::time::SystemTime::now(),
        &mut timings,
    )?;
    let id_column = inputs.member_fields.member_id;
    // The chunk holding the member, and where in it.
    let mut found: Option<(Chunk, usize)> = None;
    crate::judge::judge(
        &settings,
        &inputs,
        &joined,
        &progress,
        &mut timings,
        |chunk| {
            if found.is_none() {
                if let Some(index) = chunk
                    .judged
                    .iter()
                    .position(|j| chunk.members.field(j.member, id_column) == args.member)
                {
                    found = Some((chunk, index));
                }
            }
            Ok(())
        },
    )?;
    let (chunk, index) = found.ok_or_else(|| {
        let rejected = inputs
            .rejects
            .iter()
            .find(|r| r.member_id.as_deref() == Some(args.member.as_str()));
        Error::Usage(match rejected {
            Some(reject) => format!(
                "member {} was rejected (line {}): {}",
                args.member, reject.line, reject.reason
            ),
            None => format!(
                "no member {} in {}",
                args.member,
                settings.members_path.display()
            ),
        })
    })?;
    let judged = &chunk.judged[index];
    if args.json {
        let explanation = explanation(&inputs, &chunk, judged);
        println!(
            "{}",
            serde_json::to_string_pretty(&explanation).unwrap_or_default()
        );
    } else {
        print!("{}", explain(&inputs, &chunk, judged));
    }
    Ok(())
}

/// One member's judgement, as `explain` shows it (in Japanese) or writes it (`--json`).
#[derive(serde::Serialize)]
pub struct Explanation {
    pub member_id: String,
    pub line: u64,
    pub household_id: String,
    pub lapsed: bool,
    /// The number masked but for its last four digits.
    pub my_number: String,
    pub number_status: &'static str,
    pub register_line: Option<u64>,
    pub attributes: Vec<AttributeExplanation>,
    /// Where the addresses differ, when they name different places.
    pub address_differences: Vec<String>,
    pub surname_changed: bool,
    pub birth_date_slip: Option<&'static str>,
    /// Signal codes and what each says.
    pub signals: Vec<(String, &'static str)>,
    pub policy: String,
    pub rules_fired: Vec<RuleFired>,
    pub outcome: &'static str,
    pub outcome_code: &'static str,
    pub mhlw_category: &'static str,
    pub contacted: bool,
    /// Reason codes and their sentences.
    pub reasons: Vec<(&'static str, &'static str)>,
    pub resolution: Option<ResolutionExplanation>,
}

#[derive(serde::Serialize)]
pub struct AttributeExplanation {
    pub attribute: &'static str,
    pub name: &'static str,
    pub member: String,
    pub member_keys: String,
    pub register: Option<String>,
    pub register_keys: Option<String>,
    pub verdict: Option<String>,
}

#[derive(serde::Serialize)]
pub struct RuleFired {
    /// 1-based, in the policy's order.
    pub number: usize,
    pub name: String,
    pub when: Vec<&'static str>,
    pub outcome: &'static str,
    pub reason: &'static str,
}

#[derive(serde::Serialize)]
pub struct ResolutionExplanation {
    pub decision: String,
    pub reason: String,
    pub date: String,
    pub who: String,
    pub status: &'static str,
}

/// Explains one judged member.
pub fn explanation(inputs: &RunInputs, chunk: &Chunk, judged: &Judged) -> Explanation {
    let members = &chunk.members;
    let fields = &inputs.member_fields;
    let lapsed = parse_lapsed(members.optional_field(judged.member, fields.status));
    let member_text = fields.person.text(members, judged.member);
    // The values as the run normalised them.
    let member = &chunk.people[judged.person];
    let register = judged
        .register_row
        .zip(judged.register_person)
        .map(|(row, person)| {
            (
                inputs.register_fields.text(&chunk.register, row),
                &chunk.people[person],
            )
        });
    let attributes = Attribute::ALL
        .iter()
        .map(|&attribute| AttributeExplanation {
            attribute: attribute.code(),
            name: attribute.japanese(),
            member: member_text.get(attribute).to_owned(),
            member_keys: keys(member, attribute),
            register: register
                .as_ref()
                .map(|(text, _)| text.get(attribute).to_owned()),
            register_keys: register.as_ref().map(|(_, person)| keys(person, attribute)),
            verdict: judged
                .comparison
                .as_ref()
                .map(|c| verdict(&c.get(attribute))),
        })
        .collect();
    let (address_differences, surname_changed, birth_date_slip) =
        match (&judged.comparison, &register) {
            (Some(comparison), Some((_, person))) => (
                if comparison.address.kind.differs() {
                    crate::normalize::address::differences(&member.address, &person.address)
                } else {
                    Vec::new()
                },
                comparison.surname_changed,
                comparison.birth_date_slip.map(|s| s.japanese()),
            ),
            _ => (Vec::new(), false, None),
        };
    let policy = &inputs.policy;
    let ruling = policy.decide(judged.signals, lapsed);
    let rules_fired = ruling
        .fired
        .iter()
        .map(|&index| {
            let rule = &policy.rules[index];
            RuleFired {
                number: index + 1,
                name: rule.name.clone(),
                when: rule.when.iter().map(|s| s.japanese()).collect(),
                outcome: rule.action(lapsed).outcome().japanese(),
                reason: rule.reason.label(),
            }
        })
        .collect();
    let decision = &judged.decision;
    Explanation {
        member_id: members.field(judged.member, fields.member_id).to_owned(),
        line: members.line(judged.member),
        household_id: members
            .optional_field(judged.member, fields.household_id)
            .to_owned(),
        lapsed,
        my_number: mask_my_number(&inputs.number(chunk, judged).digits),
        number_status: number_status_label(judged),
        register_line: judged.register_row.map(|r| chunk.register.line(r)),
        attributes,
        address_differences,
        surname_changed,
        birth_date_slip,
        signals: judged
            .signals
            .iter()
            .map(|s| (s.code(), s.japanese()))
            .collect(),
        policy: policy.name.clone(),
        rules_fired,
        outcome: decision.outcome.japanese(),
        outcome_code: decision.outcome.code(),
        mhlw_category: decision.mhlw.map_or("", |c| c.mark()),
        contacted: judged.contact,
        reasons: decision
            .reasons
            .iter()
            .map(|r| (r.code(), r.japanese()))
            .collect(),
        resolution: judged.resolution.as_deref().map(|(resolution, status)| {
            ResolutionExplanation {
                decision: resolution.decision.clone(),
                reason: resolution.reason.clone(),
                date: resolution.date.clone(),
                who: resolution.who.clone(),
                status: status.japanese(),
            }
        }),
    }
}

/// The explanation as printed for a person: in Japanese, values as written in 「」.
pub fn explain(inputs: &RunInputs, chunk: &Chunk, judged: &Judged) -> String {
    let e = explanation(inputs, chunk, judged);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "加入者 {}（加入者ファイル {} 行目、世帯 {}{}）",
        e.member_id,
        e.line,
        non_empty(&e.household_id),
        if e.lapsed { "、資格喪失" } else { "" }
    );
    let _ = writeln!(
        out,
        "個人番号: {} — {}{}",
        e.my_number,
        e.number_status,
        e.register_line
            .map(|line| format!("（住基照会結果ファイル {line} 行目）"))
            .unwrap_or_default()
    );
    for attribute in &e.attributes {
        let _ = writeln!(out, "\n{}", attribute.name);
        let _ = writeln!(out, "  加入者: 「{}」", attribute.member);
        let _ = writeln!(out, "          {}", attribute.member_keys);
        if let (Some(text), Some(keys)) = (&attribute.register, &attribute.register_keys) {
            let _ = writeln!(out, "  住基:   「{text}」");
            let _ = writeln!(out, "          {keys}");
        }
        if let Some(verdict) = &attribute.verdict {
            let _ = writeln!(out, "  照合結果: {verdict}");
        }
    }
    if !e.address_differences.is_empty() {
        let _ = writeln!(
            out,
            "  住所の異なる箇所: {}",
            e.address_differences.join("；")
        );
    }
    if e.surname_changed {
        let _ = writeln!(out, "\n改姓と見られます（名は漢字・カナとも同じ）");
    }
    if let Some(slip) = e.birth_date_slip {
        let _ = writeln!(out, "\n生年月日の違いは入力誤りの形です: {slip}");
    }
    let signals: Vec<String> = e
        .signals
        .iter()
        .map(|(code, words)| format!("{words}（{code}）"))
        .collect();
    let _ = writeln!(
        out,
        "\nシグナル: {}",
        if signals.is_empty() {
            "なし".to_owned()
        } else {
            signals.join("、")
        }
    );
    let _ = writeln!(out, "判定ポリシー {}: 当てはまった規則", e.policy);
    if e.rules_fired.is_empty() {
        let _ = writeln!(out, "  なし");
    }
    for rule in &e.rules_fired {
        let _ = writeln!(
            out,
            "  規則 {}「{}」: {} → {}（理由: {}）",
            rule.number,
            rule.name,
            rule.when.join(" かつ "),
            rule.outcome,
            rule.reason
        );
    }
    let _ = writeln!(
        out,
        "\n判定: {}（{}）; 厚労省区分 {}; 本人連絡: {}",
        e.outcome,
        e.outcome_code,
        non_empty(e.mhlw_category),
        if e.contacted { "あり" } else { "なし" }
    );
    for (code, sentence) in &e.reasons {
        let _ = writeln!(out, "  {sentence}（{code}）");
    }
    if let Some(r) = &e.resolution {
        let _ = writeln!(
            out,
            "解決記録: 決定 {} ／ 理由 {} ／ 日付 {} ／ 担当 {} — {}",
            r.decision, r.reason, r.date, r.who, r.status
        );
    }
    out
}

fn non_empty(text: &str) -> &str {
    if text.is_empty() {
        "—"
    } else {
        text
    }
}

/// The comparison keys of one attribute, in Japanese.
fn keys(person: &Person, attribute: Attribute) -> String {
    match attribute {
        Attribute::NameKanji => format!(
            "比較用「{}」、異体字をそろえて「{}」",
            person.name_kanji.key, person.name_kanji.variant_key
        ),
        Attribute::NameKana => KanaRung::ALL
            .iter()
            .map(|&rung| format!("{}「{}」", rung.japanese(), person.name_kana.key(rung)))
            .collect::<Vec<_>>()
            .join("、"),
        Attribute::BirthDate => match &person.birth_date {
            Ok(_) => person.normalised(attribute),
            Err(error) => format!("読み取れません: {error}"),
        },
        Attribute::Sex => person.sex.map_or("読み取れないか空欄".into(), |s| {
            s.japanese().to_owned()
        }),
        Attribute::Address => format!(
            "{}（比較用「{}」）",
            person.address.normalised(),
            person.address.key()
        ),
    }
}

fn verdict(verdict: &Verdict) -> String {
    let mut text = verdict.kind.japanese().to_owned();
    if let Some(basis) = verdict.basis {
        let _ = write!(text, "、根拠 {}", basis.japanese());
    }
    if let Some(score) = verdict.score {
        let _ = write!(text, "、類似度 {score:.3}");
    }
    if let Some(edits) = verdict.edits {
        let _ = write!(text, "、{edits} 文字違い");
    }
    if let Some(place) = verdict.place {
        let _ = write!(text, "、{}", place.japanese());
    }
    text
}
