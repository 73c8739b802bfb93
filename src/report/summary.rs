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
use crate::settings::{available_cores, Config, Settings};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Summary<'a> {
    pub format_version: u32,
    pub program: &'static str,
    pub version: &'static str,
    pub started_at: String,
    pub finished_at: String,
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
    /// are written after).
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
}

impl Tally {
    pub fn add(&mut self, judged: &[Judged]) {
        for j in judged {
            self.judged += 1;
            self.outcomes[position(&Outcome::ALL, j.decision.outcome)] += 1;
            if let Some(category) = j.decision.mhlw {
                self.categories[position(&MhlwCategory::ALL, category)] += 1;
            }
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
        let rejected = |source| {
            run_inputs
                .rejects
                .iter()
                .filter(|r| r.source == source)
                .count()
        };
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
        }
    }

    fn resolutions_summary(
        &self,
        settings: &Settings,
        run_inputs: &RunInputs,
    ) -> Option<ResolutionsSummary> {
        let resolutions = run_inputs.resolutions.as_ref()?;
        let unknown = run_inputs
            .rejects
            .iter()
            .filter(|r| r.source == crate::read::Source::Resolutions)
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
    diff: Option<&[crate::report::diff::DiffRow]>,
) -> Summary<'a> {
    use crate::report::diff::Change;
    let counts = tally.counts(run_inputs);
    let previous = diff.map(|rows| {
        let n = |change| rows.iter().filter(|r| r.change == change).count();
        PreviousSummary {
            dir: settings
                .previous_dir
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string()),
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
        finished_at: rfc3339(SystemTime::now()),
        machine_cores: available_cores(),
        jobs: settings.jobs,
        inputs: Inputs {
            members: input_file(
                &settings.members_path,
                &run_inputs.members,
                counts.members_judged,
                counts.members_rejected,
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
                counts.register_rows_rejected,
                counts.register_exact_duplicates,
                run_inputs.spreadsheet_damage[1].by_column([
                    &settings.config.register.columns.my_number,
                    &settings.config.register.columns.birth_date,
                ]),
            ),
        },
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

/// A UTC timestamp, RFC 3339 with seconds.
pub fn rfc3339(time: SystemTime) -> String {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (seconds / 86_400) as i64;
    let second_of_day = seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        let at = |s| rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_795_804_496), "2026-11-27T18:34:56Z");
    }
}
