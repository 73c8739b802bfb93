//! summary.json: the run's counts and audit trail. Serialise-only wire types, versioned by
//! `format_version`; never a My Number, a name or an address.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::Serialize;

use crate::judge::classify::MhlwCategory;
use crate::judge::judged::{Judged, RunInputs, Timings};
use crate::judge::resolutions::ResolutionStatus;
use crate::model::{Attribute, VerdictKind};
use crate::outcome::{Outcome, Reason};
use crate::policy::Policy;
use crate::read::ReadFile;
use crate::report::dates::rfc3339;
use crate::settings::{available_cores, Config, Settings};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Summary<'a> {
    pub format_version: u32,
    pub program: &'static str,
    pub version: &'static str,
    pub started_at: String,
    pub finished_at: String,
    /// The same two times, for the report (which shows them in Japan time).
    #[serde(skip)]
    pub started: SystemTime,
    #[serde(skip)]
    pub finished: SystemTime,
    pub machine_cores: usize,
    pub jobs: usize,
    pub inputs: Inputs,
    pub outputs: BTreeMap<&'static str, usize>,
    pub counts: Counts,
    /// The resolutions file and what became of its records (`--resolutions`).
    pub resolutions: Option<ResolutionsSummary>,
    /// The comparison with the previous run (`--previous`).
    pub previous: Option<PreviousSummary>,
    pub config_file: Option<String>,
    pub config: &'a Config,
    /// The policy that decided: its profile, slip kinds and every rule.
    pub policy: &'a Policy,
    /// Wall-clock seconds per stage, writing the lists included (report.html and this file
    /// are written after). A chunk is written while the next one is judged, so the judging
    /// stages and `write` overlap: together they take more than the time they ran.
    pub stage_seconds: &'a [(&'static str, f64)],
    /// Peak resident memory (MB) by the end of each stage (Linux).
    pub stage_peak_memory_mb: &'a [(&'static str, u64)],
}

#[derive(Serialize)]
pub struct ResolutionsSummary {
    pub path: String,
    pub sha256: String,
    pub rows_read: usize,
    /// Settled flags not listed again (data unchanged).
    pub honoured: usize,
    /// Resolutions whose member was judged afresh (data changed, or no fingerprint).
    pub judged_afresh: usize,
    /// Resolutions naming a member id the members file does not have (in rejects.csv).
    pub unknown_member_ids: usize,
    /// Rows without member id or decision (in rejects.csv).
    pub rejected: usize,
}

#[derive(Serialize)]
pub struct PreviousSummary {
    pub dir: String,
    /// SHA-256 of the previous run's results.csv, as read.
    pub results_sha256: String,
    pub new: usize,
    pub persists: usize,
    pub resolved: usize,
}

#[derive(Serialize)]
pub struct Inputs {
    pub members: InputFile,
    pub register: InputFile,
}

#[derive(Serialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub encoding: &'static str,
    /// Where every line went: lines = header + blank + inside quoted fields + rows_read.
    pub lines: u64,
    pub header_lines: u64,
    pub blank_lines: u64,
    /// Lines rows took beyond their first (line breaks inside quoted fields).
    pub lines_inside_quoted_fields: u64,
    /// Data rows: rows_read = rows_used + rows_rejected + rows_repeated_exactly.
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_rejected: usize,
    /// Register rows repeating an earlier row exactly (dropped, counted).
    pub rows_repeated_exactly: usize,
    /// Rows a spreadsheet damaged, by column and kind (below the share that stops a run).
    pub spreadsheet_damage: BTreeMap<String, BTreeMap<&'static str, usize>>,
}

#[derive(Serialize)]
pub struct Counts {
    pub members_read: usize,
    pub members_judged: usize,
    pub members_rejected: usize,
    pub register_rows_read: usize,
    pub register_rows_rejected: usize,
    pub register_exact_duplicates: usize,
    pub by_outcome: BTreeMap<&'static str, usize>,
    pub contacted: usize,
    pub by_mhlw_category: BTreeMap<&'static str, usize>,
    pub by_reason: BTreeMap<&'static str, usize>,
    pub by_attribute_verdict: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    /// Members per MHLW category (`none`: the table did not apply) and outcome: how the
    /// table's categories became suspensions, contacts and reviews.
    pub by_mhlw_category_and_outcome: BTreeMap<&'static str, BTreeMap<&'static str, usize>>,
    /// The five verdicts as a pattern, most members first, with their outcomes and MHLW
    /// categories.
    pub comparison_patterns: Vec<PatternCounts>,
}

/// Members whose five verdicts form one pattern.
#[derive(Serialize)]
pub struct PatternCounts {
    /// Each attribute's verdict code, or `not_compared` for all five (no register row).
    pub verdicts: BTreeMap<&'static str, &'static str>,
    pub members: usize,
    /// Outcome code → members (only those with some).
    pub by_outcome: BTreeMap<&'static str, usize>,
    /// MHLW category code → members (only those with some; `none`: the table did not apply).
    pub by_mhlw_category: BTreeMap<&'static str, usize>,
}

/// The MHLW category code of a decision, `none` when the table did not apply.
pub fn mhlw_code(category: Option<MhlwCategory>) -> &'static str {
    category.map_or("none", MhlwCategory::code)
}

/// Comparison patterns: each of the five verdicts one of [`VerdictKind::ALL`], and one
/// more for members not compared.
const PATTERNS: usize = VerdictKind::ALL.len().pow(Attribute::ALL.len() as u32) + 1;

/// A member's pattern as an index below [`PATTERNS`]: the five verdicts as digits in base
/// `VerdictKind::ALL.len()`, the first attribute lowest; the last index when not compared.
fn pattern_index(comparison: Option<&crate::model::Comparison>) -> usize {
    comparison.map_or(PATTERNS - 1, |c| {
        Attribute::ALL.iter().rev().fold(0, |index, &a| {
            index * VerdictKind::ALL.len() + position(&VerdictKind::ALL, c.get(a).kind)
        })
    })
}

/// The verdicts of a pattern index (see [`pattern_index`]); `None` when not compared.
fn pattern_verdicts(index: usize) -> Option<[VerdictKind; Attribute::ALL.len()]> {
    (index < PATTERNS - 1).then(|| {
        let mut rest = index;
        std::array::from_fn(|_| {
            let kind = VerdictKind::ALL[rest % VerdictKind::ALL.len()];
            rest /= VerdictKind::ALL.len();
            kind
        })
    })
}

/// Per pattern: members by outcome and by MHLW category (the last slot: none).
#[derive(Clone, Debug, Default)]
struct PatternTally {
    outcomes: [usize; Outcome::ALL.len()],
    categories: [usize; MhlwCategory::ALL.len() + 1],
}

fn input_file(
    settings_path: &std::path::Path,
    file: &ReadFile,
    used: usize,
    rejected: usize,
    repeated_exactly: usize,
    spreadsheet_damage: BTreeMap<String, BTreeMap<&'static str, usize>>,
) -> InputFile {
    let lines = file.line_count;
    InputFile {
        path: settings_path.display().to_string(),
        sha256: file.sha256.clone(),
        bytes: file.bytes,
        encoding: file.encoding.name(),
        lines: lines.lines,
        header_lines: lines.header,
        blank_lines: lines.blank,
        lines_inside_quoted_fields: lines.inside_quoted_fields,
        rows_read: file.rows_read,
        rows_used: used,
        rows_rejected: rejected,
        rows_repeated_exactly: repeated_exactly,
        spreadsheet_damage,
    }
}

/// Where every line and row of both files went, and the spreadsheet damage found in them:
/// `members_used` members were judged (the run's, or `check`'s count of usable rows).
pub fn inputs(settings: &Settings, run_inputs: &RunInputs, members_used: usize) -> Inputs {
    let rejected = |source| run_inputs.rejects_from(source).count();
    Inputs {
        members: input_file(
            &settings.members_path,
            &run_inputs.members,
            members_used,
            rejected(crate::read::Source::Members),
            0,
            run_inputs.spreadsheet_damage[0].by_column([
                &settings.config.members.columns.my_number,
                &settings.config.members.columns.birth_date,
            ]),
        ),
        register: input_file(
            &settings.register_path,
            &run_inputs.register,
            run_inputs.register_rows_used,
            rejected(crate::read::Source::Register),
            run_inputs.register_exact_duplicates,
            run_inputs.spreadsheet_damage[1].by_column([
                &settings.config.register.columns.my_number,
                &settings.config.register.columns.birth_date,
            ]),
        ),
    }
}

/// Where an item is in its enum's ALL list.
pub(crate) fn position<T: PartialEq>(all: &[T], item: T) -> usize {
    all.iter().position(|x| *x == item).unwrap_or(0)
}

/// Counts by outcome, MHLW category, reason and attribute verdict, and what became of the
/// resolutions, added up a chunk of judgements at a time (none is kept).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    judged: usize,
    /// Indexed like the ALL lists.
    outcomes: [usize; Outcome::ALL.len()],
    categories: [usize; MhlwCategory::ALL.len()],
    reasons: [usize; Reason::ALL.len()],
    verdicts: [[usize; VerdictKind::ALL.len()]; Attribute::ALL.len()],
    not_compared: usize,
    contacted: usize,
    /// Resolutions honoured, and judged afresh.
    honoured: usize,
    judged_afresh: usize,
    /// Members by MHLW category (the last slot: none) and outcome.
    category_outcomes: [[usize; Outcome::ALL.len()]; MhlwCategory::ALL.len() + 1],
    /// Indexed by [`pattern_index`]; allocated at the first member.
    patterns: Vec<PatternTally>,
}

/// Where a decision's category is in [`Tally::category_outcomes`].
fn category_slot(category: Option<MhlwCategory>) -> usize {
    category.map_or(MhlwCategory::ALL.len(), |c| position(&MhlwCategory::ALL, c))
}

impl Tally {
    pub fn add(&mut self, judged: &[Judged]) {
        for j in judged {
            self.judged += 1;
            let outcome = position(&Outcome::ALL, j.decision.outcome);
            let category = category_slot(j.decision.mhlw);
            self.outcomes[outcome] += 1;
            if let Some(category) = j.decision.mhlw {
                self.categories[position(&MhlwCategory::ALL, category)] += 1;
            }
            self.category_outcomes[category][outcome] += 1;
            if self.patterns.is_empty() {
                self.patterns = vec![PatternTally::default(); PATTERNS];
            }
            let per_pattern = &mut self.patterns[pattern_index(j.comparison.as_ref())];
            per_pattern.outcomes[outcome] += 1;
            per_pattern.categories[category] += 1;
            for &reason in j.decision.reasons.iter() {
                self.reasons[position(&Reason::ALL, reason)] += 1;
            }
            match &j.comparison {
                Some(comparison) => {
                    for (a, &attribute) in Attribute::ALL.iter().enumerate() {
                        self.verdicts[a]
                            [position(&VerdictKind::ALL, comparison.get(attribute).kind)] += 1;
                    }
                }
                None => self.not_compared += 1,
            }
            self.contacted += usize::from(j.contact);
            match j.resolution.as_deref() {
                Some((_, ResolutionStatus::Honoured)) => self.honoured += 1,
                Some(_) => self.judged_afresh += 1,
                None => {}
            }
        }
    }

    /// Members judged with each outcome.
    pub fn outcome(&self, outcome: Outcome) -> usize {
        self.outcomes[position(&Outcome::ALL, outcome)]
    }

    /// Members on the contact list.
    pub fn contacted(&self) -> usize {
        self.contacted
    }

    /// The counts as summary.json writes them.
    pub fn counts(&self, run_inputs: &RunInputs) -> Counts {
        let rejected = |source| run_inputs.rejects_from(source).count();
        let by_outcome = Outcome::ALL
            .iter()
            .zip(self.outcomes)
            .map(|(o, n)| (o.code(), n))
            .collect();
        let by_mhlw_category = MhlwCategory::ALL
            .iter()
            .zip(self.categories)
            .map(|(c, n)| (c.code(), n))
            .collect();
        let by_reason = Reason::ALL
            .iter()
            .zip(self.reasons)
            .map(|(r, n)| (r.code(), n))
            .collect();
        let by_attribute_verdict = Attribute::ALL
            .iter()
            .zip(self.verdicts)
            .map(|(a, counts)| {
                let mut per_kind: BTreeMap<&'static str, usize> = VerdictKind::ALL
                    .iter()
                    .zip(counts)
                    .map(|(k, n)| (k.code(), n))
                    .collect();
                per_kind.insert("not_compared", self.not_compared);
                (a.code(), per_kind)
            })
            .collect();
        let category_codes = MhlwCategory::ALL
            .iter()
            .map(|&c| mhlw_code(Some(c)))
            .chain([mhlw_code(None)]);
        let by_outcome_code = |counts: &[usize]| -> BTreeMap<&'static str, usize> {
            Outcome::ALL
                .iter()
                .zip(counts)
                .filter(|(_, &n)| n > 0)
                .map(|(o, &n)| (o.code(), n))
                .collect()
        };
        let by_mhlw_category_and_outcome = category_codes
            .clone()
            .zip(&self.category_outcomes)
            .map(|(code, counts)| {
                let all: BTreeMap<&'static str, usize> = Outcome::ALL
                    .iter()
                    .zip(counts)
                    .map(|(o, &n)| (o.code(), n))
                    .collect();
                (code, all)
            })
            .collect();
        // Most members first; ties in the verdicts' order, members not compared last.
        let mut patterns: Vec<(usize, &PatternTally)> = self
            .patterns
            .iter()
            .enumerate()
            .filter(|(_, tally)| tally.outcomes.iter().any(|&n| n > 0))
            .collect();
        patterns.sort_by_key(|&(index, tally)| {
            let verdicts = pattern_verdicts(index);
            (
                std::cmp::Reverse(tally.outcomes.iter().sum::<usize>()),
                verdicts.is_none(),
                verdicts,
            )
        });
        let comparison_patterns = patterns
            .into_iter()
            .map(|(index, tally)| PatternCounts {
                verdicts: Attribute::ALL
                    .iter()
                    .enumerate()
                    .map(|(a, attribute)| {
                        let verdict =
                            pattern_verdicts(index).map_or("not_compared", |v| v[a].code());
                        (attribute.code(), verdict)
                    })
                    .collect(),
                members: tally.outcomes.iter().sum(),
                by_outcome: by_outcome_code(&tally.outcomes),
                by_mhlw_category: category_codes
                    .clone()
                    .zip(tally.categories)
                    .filter(|&(_, n)| n > 0)
                    .collect(),
            })
            .collect();
        Counts {
            members_read: run_inputs.members.rows_read,
            members_judged: self.judged,
            members_rejected: rejected(crate::read::Source::Members),
            register_rows_read: run_inputs.register.rows_read,
            register_rows_rejected: rejected(crate::read::Source::Register),
            register_exact_duplicates: run_inputs.register_exact_duplicates,
            by_outcome,
            contacted: self.contacted,
            by_mhlw_category,
            by_reason,
            by_attribute_verdict,
            by_mhlw_category_and_outcome,
            comparison_patterns,
        }
    }

    fn resolutions_summary(
        &self,
        settings: &Settings,
        run_inputs: &RunInputs,
    ) -> Option<ResolutionsSummary> {
        let resolutions = run_inputs.resolutions.as_ref()?;
        let unknown = run_inputs
            .rejects_from(crate::read::Source::Resolutions)
            .count();
        Some(ResolutionsSummary {
            path: settings
                .resolutions_path
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string()),
            sha256: resolutions.sha256.clone(),
            rows_read: resolutions.rows_read,
            honoured: self.honoured,
            judged_afresh: self.judged_afresh,
            unknown_member_ids: unknown - resolutions.rejects.len(),
            rejected: resolutions.rejects.len(),
        })
    }
}

/// Builds the summary of a finished run.
pub fn summary<'a>(
    settings: &'a Settings,
    run_inputs: &'a RunInputs,
    tally: &Tally,
    timings: &'a Timings,
    outputs: BTreeMap<&'static str, usize>,
    diff: Option<(&[crate::report::diff::DiffRow], &str)>,
) -> Summary<'a> {
    use crate::report::history::Change;
    let counts = tally.counts(run_inputs);
    let finished = SystemTime::now();
    let previous = diff.map(|(rows, results_sha256)| {
        let n = |change| rows.iter().filter(|r| r.change == change).count();
        PreviousSummary {
            dir: settings
                .previous_dir
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string()),
            results_sha256: results_sha256.to_owned(),
            new: n(Change::New),
            persists: n(Change::Persists),
            resolved: n(Change::Resolved),
        }
    });
    Summary {
        format_version: FORMAT_VERSION,
        program: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        started_at: rfc3339(run_inputs.started_at),
        finished_at: rfc3339(finished),
        started: run_inputs.started_at,
        finished,
        machine_cores: available_cores(),
        jobs: settings.jobs,
        inputs: inputs(settings, run_inputs, counts.members_judged),
        outputs,
        counts,
        resolutions: tally.resolutions_summary(settings, run_inputs),
        previous,
        config_file: settings
            .config_path
            .as_ref()
            .map(|p| p.display().to_string()),
        config: &settings.config,
        policy: &run_inputs.policy,
        stage_seconds: &timings.stages,
        stage_peak_memory_mb: &timings.peak_mb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_of_five_verdicts_has_its_own_index() {
        use crate::model::Comparison;
        // Each index's verdicts give the index back: no two patterns share one.
        for index in 0..PATTERNS - 1 {
            let kinds = pattern_verdicts(index).unwrap();
            let comparison = Comparison::of_kinds(kinds);
            assert_eq!(pattern_index(Some(&comparison)), index);
        }
        assert_eq!(pattern_index(None), PATTERNS - 1);
        assert_eq!(pattern_verdicts(PATTERNS - 1), None);
    }
}
