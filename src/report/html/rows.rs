//! The members report.html embeds: every flagged member (suspended, contacted, reviewed)
//! up to [`REPORT_ROWS`], and every member with a resolution, each as one JSON object the
//! page's script draws as a card (see `templates/report.js`, which names the same keys).

use serde::Serialize;

use crate::judge::judged::{Chunk, Judged, RunInputs};
use crate::model::{Attribute, Person, PersonText, VerdictKind};
use crate::outcome::Outcome;
use crate::report::history::{Change, History};
use crate::report::mask::mask_my_number;
use crate::report::summary::{mhlw_code, position};

/// The most flagged members report.html embeds: beyond that a browser struggles, and the
/// lists hold every one.
pub const REPORT_ROWS: usize = 100_000;

/// The members report.html embeds, gathered a chunk of judgements at a time. All flagged
/// members in list order (the members file's, households together) when they fit, else
/// suspensions first, then contacts, then reviews, each in list order; a member that
/// cannot be embedded is not kept. Members with a resolution are always kept.
#[derive(Default)]
pub struct ReportRows {
    /// Flagged members, in list order.
    flagged: Vec<Kept>,
    /// Members with a resolution that are not flagged (honoured, or cleared when judged
    /// afresh), in list order.
    resolved: Vec<Kept>,
    /// Rows kept per outcome (indexed like [`Outcome::ALL`]).
    kept: [usize; Outcome::ALL.len()],
    /// Members flagged.
    total: usize,
}

/// A member kept: its outcome (where it sorts) and its JSON object, rendered when kept
/// (one allocation, instead of the texts it is made of).
struct Kept {
    outcome: Outcome,
    json: Box<str>,
}

/// One member as the page draws it. Empty fields are left out of the JSON.
#[derive(Serialize)]
struct Row<'a> {
    /// 加入者ID.
    id: &'a str,
    /// The number masked but for its last four digits.
    no: String,
    /// Household id.
    #[serde(skip_serializing_if = "str::is_empty")]
    hh: &'a str,
    /// Outcome code (the page names it in Japanese).
    o: &'static str,
    /// MHLW category code, `none` when the table did not apply.
    mh: &'static str,
    /// Reason codes, in rule order.
    rs: Vec<&'static str>,
    /// The household member whose number it is, when a reason says so (the page writes the
    /// reasons' sentences from their codes).
    #[serde(skip_serializing_if = "str::is_empty")]
    hm: &'a str,
    /// On the contact list.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    c: bool,
    /// New or persisting since the previous run (`--previous`).
    #[serde(skip_serializing_if = "Option::is_none")]
    ch: Option<&'static str>,
    /// The five attributes, in [`Attribute::ALL`] order.
    a: [AttributeRow<'a>; Attribute::ALL.len()],
    /// The insurer's resolution, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    rv: Option<ResolutionRow<'a>>,
}

/// Left out when `equal` (identical texts, most attributes of most members): then `v`
/// and `r` are not written, and the page reads them as `equal` and the member's text.
#[derive(Serialize)]
struct AttributeRow<'a> {
    /// Verdict code; `not_compared` without a register row.
    #[serde(skip_serializing_if = "is_equal")]
    v: &'static str,
    /// The member's value as written.
    m: &'a str,
    /// The register's value as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<&'a str>,
    /// The member's value as compared, when it says more than the value as written.
    #[serde(skip_serializing_if = "str::is_empty")]
    mn: &'a str,
    /// The register's value as compared, likewise.
    #[serde(skip_serializing_if = "str::is_empty")]
    rn: &'a str,
}

#[derive(Serialize)]
struct ResolutionRow<'a> {
    /// 理由付き疑いなし, 本人確認済 or 訂正済.
    d: &'a str,
    /// Reason, date and who decided, as the file gives them.
    r: &'a str,
    dt: &'a str,
    w: &'a str,
    /// What became of it this run (適用, or judged afresh and why).
    s: &'static str,
}

impl ReportRows {
    /// Keeps (on all threads) the members of a chunk that could be embedded; `histories`
    /// says per judged member how its flag changed since the previous run.
    pub fn add(&mut self, run_inputs: &RunInputs, chunk: &Chunk, histories: &[History]) {
        use rayon::prelude::*;
        let mut chosen: Vec<(usize, &Judged)> = Vec::new();
        for (k, j) in chunk.judged.iter().enumerate() {
            if !j.decision.outcome.is_flagged() {
                if j.resolution.is_some() {
                    chosen.push((k, j));
                }
                continue;
            }
            self.total += 1;
            // Kept if it could be among the first REPORT_ROWS once sorted by outcome.
            let outcome = position(&Outcome::ALL, j.decision.outcome);
            let before: usize = self.kept[..outcome].iter().sum();
            if before + self.kept[outcome] < REPORT_ROWS {
                self.kept[outcome] += 1;
                chosen.push((k, j));
            }
        }
        let rows: Vec<Kept> = chosen
            .par_iter()
            .map(|&(k, j)| {
                let change = histories.get(k).and_then(|h| h.change).map(Change::code);
                Row::json(run_inputs, chunk, j, change)
            })
            .collect();
        for row in rows {
            if row.outcome.is_flagged() {
                self.flagged.push(row);
            } else {
                self.resolved.push(row);
            }
        }
    }

    /// The members to embed (a JSON array when displayed), the flagged members embedded
    /// and the members flagged.
    pub fn finish(self) -> (EmbeddedRows, usize, usize) {
        let mut rows = self.flagged;
        if self.total > REPORT_ROWS {
            // Stable: each outcome's rows stay in list order.
            rows.sort_by_key(|row| row.outcome);
            rows.truncate(REPORT_ROWS);
        }
        let shown = rows.len();
        rows.extend(self.resolved);
        (EmbeddedRows(rows), shown, self.total)
    }
}

/// The members embedded, displayed as one JSON array: written straight into the page (at
/// 10^5 members some 55 MB, never copied whole).
pub struct EmbeddedRows(Vec<Kept>);

impl std::fmt::Display for EmbeddedRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[")?;
        for (i, row) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(&row.json)?;
        }
        f.write_str("]")
    }
}

fn is_equal(verdict: &&'static str) -> bool {
    *verdict == VerdictKind::Equal.code()
}

/// An attribute as compared (see [`Person::normalised`]) where the card shows it under the
/// value as written: dates and sexes always (西暦 and 和暦, 男/女), names and addresses where
/// the two sides are not the same text; empty where it would say nothing more than the
/// value as written (the same text, or the same but for spaces).
fn shown_as_compared(
    judged: &Judged,
    person: &Person,
    text: &PersonText,
    attribute: Attribute,
) -> String {
    let equal = judged
        .comparison
        .as_ref()
        .is_some_and(|c| c.get(attribute).kind == VerdictKind::Equal);
    if equal && !matches!(attribute, Attribute::BirthDate | Attribute::Sex) {
        return String::new();
    }
    let compared = person.normalised(attribute);
    let written = text.get(attribute).chars().filter(|c| !c.is_whitespace());
    if written.eq(compared.chars()) {
        String::new()
    } else {
        compared
    }
}

impl Row<'_> {
    /// The member's JSON object, every `<` escaped so that no text can end the script
    /// element it is embedded in.
    fn json(
        run_inputs: &RunInputs,
        chunk: &Chunk,
        j: &Judged,
        change: Option<&'static str>,
    ) -> Kept {
        let members = &chunk.members;
        let fields = &run_inputs.member_fields;
        let member = fields.person.text(members, j.member);
        let register = j
            .register_row
            .map(|row| run_inputs.register_fields.text(&chunk.register, row));
        let compared = |person: Option<usize>, text: Option<&PersonText>| {
            Attribute::ALL.map(|attribute| match (person, text) {
                (Some(p), Some(text)) => shown_as_compared(j, &chunk.people[p], text, attribute),
                _ => String::new(),
            })
        };
        let member_compared = compared(Some(j.person), Some(&member));
        let register_compared = compared(j.register_person, register.as_ref());
        let a = std::array::from_fn(|i| {
            let attribute = Attribute::ALL[i];
            let verdict = j
                .comparison
                .as_ref()
                .map_or("not_compared", |c| c.get(attribute).kind.code());
            AttributeRow {
                v: verdict,
                m: member.get(attribute),
                r: (!is_equal(&verdict)).then(|| register.map_or("", |t| t.get(attribute))),
                mn: &member_compared[i],
                rn: &register_compared[i],
            }
        });
        let household_member = j
            .household_member
            .filter(|_| {
                j.decision
                    .reasons
                    .iter()
                    .any(|r| r.names_household_member())
            })
            .map_or("", |row| members.field(row, fields.member_id));
        let row = Row {
            id: members.field(j.member, fields.member_id),
            no: mask_my_number(&run_inputs.number(chunk, j).digits),
            hh: members.optional_field(j.member, fields.household_id),
            o: j.decision.outcome.code(),
            mh: mhlw_code(j.decision.mhlw),
            rs: j.decision.reasons.iter().map(|r| r.code()).collect(),
            hm: household_member,
            c: j.contact,
            ch: change,
            a,
            rv: j
                .resolution
                .as_deref()
                .map(|(resolution, status)| ResolutionRow {
                    d: &resolution.decision,
                    r: &resolution.reason,
                    dt: &resolution.date,
                    w: &resolution.who,
                    s: status.japanese(),
                }),
        };
        let json = super::script_safe(serde_json::to_string(&row).unwrap_or_default());
        Kept {
            outcome: j.decision.outcome,
            json: json.into_boxed_str(),
        }
    }
}
