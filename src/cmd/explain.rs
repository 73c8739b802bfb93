//! `myna-recon explain --member ID`: one member's judgement, attribute by attribute — the
//! values on both sides, their comparison keys, the verdicts, the household facts, the
//! signals and the policy's rules that fired. Runs the whole judgement (household checks
//! need the household) and writes nothing; the number is shown masked.

use std::fmt::Write as _;

use crate::cli::ExplainArgs;
use crate::error::{Error, Result};
use crate::judge::judged::{parse_lapsed, Chunk, Judged, RunInputs, Timings};
use crate::model::{Attribute, Person, Verdict};
use crate::normalize::kana::KanaRung;
use crate::pipeline;
use crate::policy::Signal;
use crate::progress::Progress;
use crate::report::lists::number_status_label;
use crate::report::mask::mask_my_number;
use crate::settings::{available_cores, Config, Settings, DEFAULT_CHUNK_MEMBERS};

pub fn run(args: ExplainArgs) -> Result<()> {
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    for (flag, path) in [("--members", &args.members), ("--register", &args.register)] {
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "{flag} {}: no such file",
                path.display()
            )));
        }
    }
    let settings = Settings {
        members_path: args.members,
        register_path: args.register,
        out_dir: std::env::temp_dir(),
        config_path: args.config,
        config,
        resolutions_path: None,
        offices_path: None,
        previous_dir: None,
        previous_may_differ: false,
        jobs: available_cores(),
        chunk_members: DEFAULT_CHUNK_MEMBERS,
        progress: false,
    };
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
    print!(
        "{}",
        explain(&inputs, &chunk, &chunk.judged[index], &settings)
    );
    Ok(())
}

/// The explanation of one member, as printed.
pub fn explain(inputs: &RunInputs, chunk: &Chunk, judged: &Judged, settings: &Settings) -> String {
    let members = &chunk.members;
    let fields = &inputs.member_fields;
    let lapsed = parse_lapsed(members.optional_field(judged.member, fields.status));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "member {} (line {}, household {}{})",
        members.field(judged.member, fields.member_id),
        members.line(judged.member),
        non_empty(members.optional_field(judged.member, fields.household_id)),
        if lapsed { ", lapsed 資格喪失" } else { "" }
    );
    let _ = writeln!(
        out,
        "number: {} — {}{}",
        mask_my_number(&inputs.number(chunk, judged).digits),
        number_status_label(judged),
        judged
            .register_row
            .map(|r| format!(" (register line {})", chunk.register.line(r)))
            .unwrap_or_default()
    );

    let member_text = fields.person.text(members, judged.member);
    let member = Person::from_text(&member_text, settings.config.members.era_code_scheme);
    let register = judged.register_row.map(|row| {
        let text = inputs.register_fields.text(&chunk.register, row);
        (
            text,
            Person::from_text(&text, settings.config.register.era_code_scheme),
        )
    });
    for attribute in Attribute::ALL {
        let _ = writeln!(out, "\n{} ({})", attribute.japanese(), attribute.code());
        let _ = writeln!(out, "  member:   {:?}", member_text.get(attribute));
        let _ = writeln!(out, "            {}", keys(&member, attribute));
        if let Some((text, person)) = &register {
            let _ = writeln!(out, "  register: {:?}", text.get(attribute));
            let _ = writeln!(out, "            {}", keys(person, attribute));
        }
        if let Some(comparison) = &judged.comparison {
            let _ = writeln!(out, "  verdict:  {}", verdict(&comparison.get(attribute)));
        }
    }
    if let (Some(comparison), Some((_, person))) = (&judged.comparison, &register) {
        let differences = crate::normalize::address::differences(&member.address, &person.address);
        if comparison.address.kind.differs() && !differences.is_empty() {
            let _ = writeln!(out, "  address parts differing: {}", differences.join("；"));
        }
        if comparison.surname_changed {
            let _ = writeln!(
                out,
                "\nsurname changed: the given name is the same in kanji and kana"
            );
        }
        if let Some(slip) = comparison.birth_date_slip {
            let _ = writeln!(
                out,
                "\nbirth dates differ as a slip would: {}",
                slip.japanese()
            );
        }
    }

    let signals: Vec<String> = judged.signals.iter().map(Signal::code).collect();
    let _ = writeln!(
        out,
        "\nsignals: {}",
        if signals.is_empty() {
            "none".into()
        } else {
            signals.join(", ")
        }
    );
    let policy = &inputs.policy;
    let ruling = policy.decide(judged.signals, lapsed);
    let _ = writeln!(out, "policy {}: rules fired", policy.name);
    if ruling.fired.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for &index in &ruling.fired {
        let rule = &policy.rules[index];
        let _ = writeln!(
            out,
            "  {} → {:?}{} ({})",
            rule.name,
            rule.outcome,
            if lapsed {
                format!(", lapsed → {:?}", rule.action(true))
            } else {
                String::new()
            },
            rule.reason.code()
        );
    }
    let decision = &judged.decision;
    let _ = writeln!(
        out,
        "\noutcome: {} ({}){}; MHLW {}; contacted: {}",
        decision.outcome.japanese(),
        decision.outcome.code(),
        match judged.resolution.as_deref() {
            Some((resolution, status)) =>
                format!(" — resolution {} ({status:?})", resolution.decision),
            None => String::new(),
        },
        decision.mhlw.map_or("—", |c| c.mark()),
        if judged.contact { "yes" } else { "no" }
    );
    for reason in &decision.reasons {
        let _ = writeln!(out, "  {} {}", reason.code(), reason.japanese());
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

/// The comparison keys of one attribute.
fn keys(person: &Person, attribute: Attribute) -> String {
    match attribute {
        Attribute::NameKanji => format!(
            "key {:?}, variant key {:?}",
            person.name_kanji.key, person.name_kanji.variant_key
        ),
        Attribute::NameKana => KanaRung::ALL
            .iter()
            .map(|&rung| format!("{} {:?}", rung.japanese(), person.name_kana.key(rung)))
            .collect::<Vec<_>>()
            .join(", "),
        Attribute::BirthDate => match &person.birth_date {
            Ok(date) => format!("{date}"),
            Err(error) => format!("unreadable: {error}"),
        },
        Attribute::Sex => person
            .sex
            .map_or("unreadable or missing".into(), |s| format!("{s:?}")),
        Attribute::Address => format!("key {:?}", person.address.key()),
    }
}

fn verdict(verdict: &Verdict) -> String {
    let mut text = format!("{} ({})", verdict.kind.japanese(), verdict.kind.code());
    if let Some(basis) = verdict.basis {
        let _ = write!(text, ", basis {}", basis.japanese());
    }
    if let Some(score) = verdict.score {
        let _ = write!(text, ", similarity {score:.3}");
    }
    if let Some(edits) = verdict.edits {
        let _ = write!(text, ", {edits} edits");
    }
    if let Some(place) = verdict.place {
        let _ = write!(text, ", {}", place.japanese());
    }
    text
}
