//! Judging, a chunk of whole households at a time: each chunk's rows are read again whole,
//! each distinct name and address normalised once (rayon), every member compared with the
//! register's person for its number ([`compare`](mod@compare)), its household checked ([`household`]),
//! its facts turned into signals and an outcome under the policy ([`classify`],
//! [`crate::policy`]), and a settled flag honoured while the data are unchanged ([`resolutions`]).
//!
//! In: the inputs read and the members joined ([`crate::join::Joined`]). Out: a
//! [`Chunk`] of [`Judged`] members at a time, handed to the writer while the next chunk is
//! judged. What judging holds (the rows, normalised values, comparisons, household facts,
//! judgements) is bounded by two chunks.

pub mod classify;
pub mod compare;
pub mod household;
pub mod judged;
pub mod resolutions;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Result;
use crate::join::households::household_chunks;
use crate::join::Joined;
use crate::model::{Comparison, Person, PersonText, VerdictKind};
use crate::normalize::address::{differences, parse_address, written_on_one_side};
use crate::normalize::kana::normalize_kana_name;
use crate::normalize::kanji::normalize_kanji_name;
use crate::normalize::number::check_my_number;
use crate::normalize::spreadsheet::date_damage;
use crate::outcome::Outcome;
use crate::progress::{Progress, Unit};
use crate::read::Table;
use crate::settings::Settings;
use classify::{decide, is_contacted, signals, Facts};
use compare::compare;
use household::{household_facts_ordered, HouseholdMember};
use judged::{parse_lapsed, Chunk, Judged, RunInputs, Timings};
use resolutions::ResolutionStatus;

/// A map over a chunk's texts: hashed fast rather than DoS-resistant (the inputs are the
/// insurer's own files).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Judges the members a chunk of whole households at a time and hands each chunk to
/// `on_chunk`: their rows are read again whole for the chunk, and what is held per member
/// while judging (the rows, normalised names and addresses, comparisons, judgements) is
/// bounded by the chunk. Households come in the order of their first member, each whole: a
/// file written household by household is judged in its own order. A chunk is handed over
/// while the next one is judged (both on all threads), so at most two chunks are held.
pub fn judge(
    settings: &Settings,
    inputs: &RunInputs,
    joined: &Joined,
    progress: &Progress,
    timings: &mut Timings,
    mut on_chunk: impl FnMut(Chunk) -> Result<()> + Send,
) -> Result<()> {
    let judging = Judging {
        inputs,
        joined,
        settings,
    };
    let bar = progress.bar("judge", joined.used_members.len() as u64, Unit::Members);
    // The chunk judged last, waiting to be handed over, and its members not yet shown on
    // the bar.
    let mut judged: Option<(Chunk, u64)> = None;
    let mut writing = 0.0;
    let mut hand_over = |(chunk, unshown): (Chunk, u64)| -> Result<f64> {
        let started = std::time::Instant::now();
        on_chunk(chunk)?;
        bar.inc(unshown);
        Ok(started.elapsed().as_secs_f64())
    };
    for chunk in household_chunks(&joined.order, settings.chunk_members) {
        let mut steps = ChunkSteps {
            bar: &bar,
            members: chunk.len() as u64,
            done: 0,
            since: std::time::Instant::now(),
            timings,
        };
        let (next, handed) = rayon::join(
            || judge_chunk(&judging, chunk, &mut steps),
            || judged.take().map_or(Ok(0.0), &mut hand_over),
        );
        writing += handed?;
        judged = Some((next?, steps.members - steps.done));
    }
    if let Some(last) = judged {
        writing += hand_over(last)?;
    }
    timings.add("write", writing);
    bar.finish_and_clear();
    Ok(())
}

/// A chunk's way through the sub-stages: each one's time is taken, and the bar advanced by
/// its share of the chunk's members (in thousandths, from the stages' measured cost), so the
/// count moves several times within a chunk; the rest when the chunk is written.
struct ChunkSteps<'a> {
    bar: &'a indicatif::ProgressBar,
    members: u64,
    /// Members of the chunk shown on the bar so far.
    done: u64,
    /// When the current sub-stage began.
    since: std::time::Instant,
    timings: &'a mut Timings,
}

impl ChunkSteps<'_> {
    /// `stage` is done: the bar shows `upto` thousandths of the chunk.
    fn done(&mut self, stage: &'static str, upto: u64) {
        let now = std::time::Instant::now();
        self.timings.add(stage, (now - self.since).as_secs_f64());
        self.since = now;
        let now = self.members * upto / 1000;
        self.bar.inc(now.saturating_sub(self.done));
        self.done = self.done.max(now);
    }
}

/// What judging a chunk of members looks up: the inputs, the members joined to the
/// register, the settings.
struct Judging<'a> {
    inputs: &'a RunInputs,
    joined: &'a Joined,
    settings: &'a Settings,
}

/// Normalises, compares, checks the households of and classifies one chunk of members.
fn judge_chunk(judging: &Judging, chunk: &[(u32, u32)], steps: &mut ChunkSteps) -> Result<Chunk> {
    let config = &judging.settings.config;
    let (inputs, joined) = (judging.inputs, judging.joined);
    let fields = &inputs.member_fields;
    let register_fields = &inputs.register_fields;
    let chunk: Vec<usize> = chunk.iter().map(|&(_, i)| i as usize).collect();
    let (members, register) = read_rows_again(inputs, joined, &chunk)?;
    steps.done("read rows again", 100);
    // The chunk's persons: each member, then the register's person for its number (when the
    // register has one), so that the same text often comes twice in a row.
    let count = chunk.len();
    // (from the register, row in the chunk's table)
    let mut persons: Vec<(bool, usize)> = Vec::with_capacity(2 * count);
    let mut member_person: Vec<usize> = Vec::with_capacity(count);
    let mut register_person: Vec<Option<usize>> = Vec::with_capacity(count);
    let mut register_row_of: Vec<Option<usize>> = Vec::with_capacity(count);
    let mut linked_rows = 0;
    for (k, &i) in chunk.iter().enumerate() {
        member_person.push(persons.len());
        persons.push((false, k));
        let register_row = joined.links.register[i].map(|_| {
            linked_rows += 1;
            linked_rows - 1
        });
        register_row_of.push(register_row);
        register_person.push(register_row.map(|row| {
            persons.push((true, row));
            persons.len() - 1
        }));
    }
    // Each person's five texts, found once: every step below reads them.
    let texts: Vec<PersonText> = persons
        .par_iter()
        .map(|&(from_register, row)| match from_register {
            false => fields.person.text(&members, row),
            true => register_fields.text(&register, row),
        })
        .collect();
    let text_of = |p: usize| -> &PersonText { &texts[p] };
    let scheme_of = |from_register: bool| match from_register {
        false => config.members.era_code_scheme,
        true => config.register.era_code_scheme,
    };
    let person_count = persons.len();
    // Each distinct name and address is normalised once: households share an address,
    // and a member and the register often write it alike.
    let ((kanji_names, kana_names), addresses) = rayon::join(
        || {
            rayon::join(
                || {
                    normalise_distinct(
                        person_count,
                        |p| text_of(p).name_kanji,
                        normalize_kanji_name,
                    )
                },
                || normalise_distinct(person_count, |p| text_of(p).name_kana, normalize_kana_name),
            )
        },
        || normalise_distinct(person_count, |p| text_of(p).address, parse_address),
    );
    let people: Vec<Person> = texts
        .par_iter()
        .zip(&persons)
        .zip(kanji_names)
        .zip(kana_names)
        .zip(addresses)
        .map(|((((text, &(from_register, _)), kanji), kana), address)| {
            Person::with_shared(text, scheme_of(from_register), kanji, kana, address)
        })
        .collect();
    steps.done("normalise", 430);

    let comparisons: Vec<Option<Comparison>> = (0..count)
        .into_par_iter()
        .map(|k| {
            let m = member_person[k];
            register_person[k].map(|r| {
                compare(
                    text_of(m),
                    &people[m],
                    text_of(r),
                    &people[r],
                    &config.compare,
                )
            })
        })
        .collect();
    steps.done("compare", 600);

    let household_members: Vec<HouseholdMember> = (0..count)
        .map(|k| HouseholdMember {
            household: members.optional_field(k, fields.household_id),
            number: joined.number_keys[chunk[k]],
            member: &people[member_person[k]],
            register: register_person[k].map(|r| &people[r]),
            comparison: comparisons[k].as_ref(),
        })
        .collect();
    // Households come grouped (see `household_order`) unless two shared a hash there.
    let households = household_facts_ordered(&household_members);
    drop(household_members);
    // Where the addresses differ, or what one of the same place leaves out, while they are
    // parsed (the lists show it).
    let address_differences: Vec<Box<str>> = (0..count)
        .into_par_iter()
        .map(|k| {
            let verdict = comparisons[k].as_ref().map(|c| c.address);
            let (member, register) = match register_person[k] {
                Some(r) => (&people[member_person[k]].address, &people[r].address),
                None => return Box::default(),
            };
            match verdict {
                Some(v) if v.place.is_some() => differences(member, register).join("；").into(),
                Some(v) if v.kind == VerdictKind::Normalized => {
                    written_on_one_side(member, register).join("；").into()
                }
                _ => Box::default(),
            }
        })
        .collect();
    steps.done("household checks", 770);

    let judgements = comparisons
        .into_par_iter()
        .zip(households)
        .zip(address_differences)
        .enumerate()
        .map(|(k, ((comparison, household), address_differences))| {
            let number = check_my_number(members.field(k, fields.person.my_number));
            let member_text = text_of(member_person[k]);
            let lapsed = parse_lapsed(members.optional_field(k, fields.status));
            let household_member = household.household_member.map(|row| row as usize);
            let facts = Facts {
                number_status: number.status,
                comparison: comparison.as_ref(),
                held_by_others: joined.links.held_by_several[chunk[k]],
                lapsed,
                household,
                birth_date_damage: date_damage(members.field(k, fields.person.birth_date)),
            };
            let signals = signals(&facts, &inputs.policy);
            let mut decision = decide(&facts, signals, &inputs.policy);
            let register_row = register_row_of[k];
            let fingerprint = resolutions::fingerprint(
                &number.digits,
                member_text,
                register_person[k].map(text_of),
            );
            let resolution = resolutions::applied(
                inputs.resolutions.as_ref(),
                members.field(k, fields.member_id),
                fingerprint,
            );
            let honoured = resolution
                .as_ref()
                .is_some_and(|r| r.1 == ResolutionStatus::Honoured);
            if honoured && decision.outcome.is_flagged() {
                decision.outcome = Outcome::Resolved;
            }
            let contact = is_contacted(&decision, lapsed);
            Judged {
                member: k,
                number_status: number.status,
                register_row,
                comparison,
                address_differences,
                signals,
                decision,
                household_member,
                contact,
                fingerprint,
                resolution,
                person: member_person[k],
                register_person: register_person[k],
            }
        });
    let judged = judgements.collect();
    steps.done("classify", 840);
    Ok(Chunk {
        members,
        register,
        judged,
        people,
    })
}

/// Every column of a chunk's rows, read again: the members in chunk order, and the
/// register rows linked to them in the same order. The rows are copied out, so the files'
/// pages are let go.
fn read_rows_again(inputs: &RunInputs, joined: &Joined, chunk: &[usize]) -> Result<(Table, Table)> {
    let member_rows: Vec<usize> = chunk.iter().map(|&i| joined.used_members[i]).collect();
    let register_rows: Vec<usize> = chunk
        .iter()
        .filter_map(|&i| {
            joined.links.register[i].map(|index| joined.register_rows[index as usize].0)
        })
        .collect();
    let (members, register) = rayon::join(
        || inputs.members.rows(&member_rows),
        || inputs.register.rows(&register_rows),
    );
    let (members, register) = (members?, register?);
    inputs.members.release();
    inputs.register.release();
    Ok((members, register))
}

/// One attribute's normalised value for every text, each distinct text normalised once
/// (in parallel) and shared.
fn normalise_distinct<'t, T: Send + Sync>(
    count: usize,
    text_of: impl Fn(usize) -> &'t str,
    normalise: impl Fn(&str) -> T + Sync,
) -> Vec<Arc<T>> {
    let mut index: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(count / 2, Default::default());
    let mut distinct: Vec<&str> = Vec::new();
    // The same text as the one before (a member and its register row, a household's
    // address) is found without hashing.
    let mut previous: Option<(&str, u32)> = None;
    let positions: Vec<u32> = (0..count)
        .map(|i| {
            let value = text_of(i);
            if let Some((text, position)) = previous {
                if text == value {
                    return position;
                }
            }
            let position = *index.entry(value).or_insert_with(|| {
                distinct.push(value);
                (distinct.len() - 1) as u32
            });
            previous = Some((value, position));
            position
        })
        .collect();
    drop(index);
    let values: Vec<Arc<T>> = distinct
        .par_iter()
        .map(|value| Arc::new(normalise(value)))
        .collect();
    positions
        .into_par_iter()
        .map(|p| Arc::clone(&values[p as usize]))
        .collect()
}
