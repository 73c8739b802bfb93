//! The monthly run, stage by stage: read both files → check numbers and settle duplicates →
//! join on the number (sort-merge) → then, a chunk of whole households at a time
//! (`--chunk-members`): normalise each distinct name and address once (rayon) → compare →
//! household checks → classify under the policy → append to the lists → finally rejects,
//! report and summary, and every file put in place at once.
//!
//! In: [`Settings`]. Out: the output folder's files and a [`RunReport`] for the console.
//! Every member row read ends in exactly one of results.csv and rejects.csv. Held for the
//! whole run: per row only the member id, number and household id (and the register's
//! number), with where the row starts in its file; the files' text stays in the files
//! (mapped, see [`crate::read::ReadFile`]). Each chunk's rows are read again whole, judged
//! and written, and only then is the next read: what judging holds (the rows, normalised
//! values, comparisons, household facts, judgements) is bounded by the chunk.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::checks::{check_my_number, NumberStatus};
use crate::classify::{decide, is_contacted, signals, Facts};
use crate::compare::compare;
use crate::error::{Error, Result};
use crate::household::{household_facts_ordered, HouseholdMember};
use crate::join;
use crate::judged::{parse_lapsed, Chunk, Judged, MemberFields, PersonFields, RunResult, Timings};
use crate::model::{Comparison, Person, PersonText, VerdictKind};
use crate::normalize::address::{differences, parse_address, written_on_one_side};
use crate::normalize::date::EraCodeScheme;
use crate::normalize::kana::normalize_kana_name;
use crate::normalize::kanji::normalize_kanji_name;
use crate::outcome::Outcome;
use crate::progress::Progress;
use crate::read::{read_keys, ReadFile, ReadOptions, Reject, RowKeys, Source, Table};
use crate::report;
use crate::resolutions::{self, read_resolutions, ResolutionStatus, Resolutions};
use crate::settings::Settings;

/// A map over a chunk's texts: hashed fast rather than DoS-resistant (the inputs are the
/// insurer's own files).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The members joined to the register on the number.
pub struct Joined {
    /// Usable register rows and their numbers, sorted by number.
    register_rows: Vec<(usize, u64)>,
    /// Member rows judged; the vectors below are indexed like it.
    used_members: Vec<usize>,
    number_keys: Vec<Option<u64>>,
    /// Into `register_rows`.
    links: join::Links,
    /// Indices into `used_members` grouped by household (see [`household_order`]).
    order: Vec<(u32, u32)>,
}

/// What the console says after a run.
#[derive(Clone, Debug)]
pub struct RunReport {
    pub members_read: usize,
    pub counts: HashMap<Outcome, usize>,
    pub contacted: usize,
    pub rejected: usize,
}

/// Runs the reconciliation and writes the outputs.
pub fn run(settings: &Settings) -> Result<RunReport> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build()
        .map_err(|e| {
            Error::Other(format!(
                "cannot start {} worker threads: {e}",
                settings.jobs
            ))
        })?;
    pool.install(|| run_in_pool(settings))
}

fn run_in_pool(settings: &Settings) -> Result<RunReport> {
    let started_at = SystemTime::now();
    let progress = Progress::new(settings.progress);
    let mut timings = Timings::start();
    let (result, joined) = prepare(settings, &progress, started_at, &mut timings)?;
    let mut writer = report::RunWriter::open(settings, &result)?;
    judge(
        settings,
        &result,
        &joined,
        &progress,
        &mut timings,
        |chunk| writer.write(&result, &chunk),
    )?;
    drop(joined);
    let tally = writer.tally();
    let report = RunReport {
        members_read: result.members.rows_read,
        counts: Outcome::ALL
            .iter()
            .map(|&o| (o, tally.outcome(o)))
            .collect(),
        contacted: tally.contacted(),
        rejected: result.rejects.len(),
    };
    writer.finish(&result, &timings, &progress)?;
    Ok(report)
}

/// Reads both files (and the resolutions), sets aside the rows that cannot be used and
/// joins the members to the register on the number.
pub fn prepare(
    settings: &Settings,
    progress: &Progress,
    started_at: SystemTime,
    timings: &mut Timings,
) -> Result<(RunResult, Joined)> {
    let config = &settings.config;
    let member_columns = &config.members.columns;
    let register_columns = &config.register.columns;

    let spinner = progress.spinner("read");
    spinner.set_message("members and register");
    // Held per row instead of its text: for a member its id and household id (hashed) and
    // its number (as an integer); for the register its number or why it is not one.
    let member_keys = RowKeys {
        columns: vec![
            &member_columns.member_id,
            &member_columns.my_number,
            &member_columns.household_id,
        ],
        width: 3,
        make: &|fields, keys| {
            keys.push(text_hash(fields[0]));
            keys.push(check_my_number(fields[1]).key().unwrap_or(NO_NUMBER));
            keys.push(text_hash(fields[2]));
        },
    };
    let register_keys = RowKeys {
        columns: vec![&register_columns.my_number],
        width: 1,
        make: &|fields, keys| keys.push(register_number_key(fields[0])),
    };
    // Both files at once: reading is most of the floor of a run.
    let read_members = || {
        read_keys(
            &settings.members_path,
            &ReadOptions {
                source: Source::Members,
                encoding: config.members.encoding,
                delimiter: config.members.delimiter,
                required: member_columns.required(),
                id_column: Some(&member_columns.member_id),
            },
            &member_keys,
        )
        .map_err(|e| explain_swapped_files(e, settings, Source::Members))
    };
    let read_register = || {
        read_keys(
            &settings.register_path,
            &ReadOptions {
                source: Source::Register,
                encoding: config.register.encoding,
                delimiter: config.register.delimiter,
                required: register_columns.required(),
                id_column: None,
            },
            &register_keys,
        )
    };
    let (members, register) = rayon::join(read_members, read_register);
    let ((members, member_keys), (register, register_keys)) = (members?, register?);
    let resolutions = match &settings.resolutions_path {
        Some(path) => {
            spinner.set_message("resolutions");
            Some(read_resolutions(path)?)
        }
        None => None,
    };
    spinner.finish_and_clear();
    timings.lap("read");

    let policy = config.policy.resolve();
    let member_fields = MemberFields::locate(&members, member_columns).map_err(|column| {
        missing_column(&settings.members_path, Source::Members, &members, column)
    })?;
    let register_fields = PersonFields::locate(&register, register_columns).map_err(|column| {
        missing_column(&settings.register_path, Source::Register, &register, column)
    })?;
    let mut rejects = members.rejects.clone();
    let mut register_rejects = Vec::new();
    // Each file's keys are let go as soon as they are used up.
    let (members_part, register_rows) = rayon::join(
        || -> Result<_> {
            let (ids, numbers, households) = (
                |row: usize| member_keys[3 * row],
                |row: usize| member_keys[3 * row + 1],
                |row: usize| member_keys[3 * row + 2],
            );
            let used = usable_members(&members, &member_fields, ids, &mut rejects)?;
            let number_keys: Vec<Option<u64>> = used
                .iter()
                .map(|&row| Some(numbers(row)).filter(|&n| n != NO_NUMBER))
                .collect();
            let order = household_order(&used, households);
            let unknown = match &resolutions {
                Some(r) => unknown_resolutions(r, &members, &member_fields, ids)?,
                None => Vec::new(),
            };
            drop(member_keys);
            Ok((used, number_keys, order, unknown))
        },
        || {
            let rows = usable_register_rows(
                &register,
                &register_keys,
                &register_fields,
                &mut register_rejects,
            );
            drop(register_keys);
            rows
        },
    );
    let (used_members, number_keys, order, unknown) = members_part?;
    let (register_rows, register_exact_duplicates) = register_rows?;
    rejects.append(&mut register_rejects);
    rejects.sort_by_key(|r| (r.source == Source::Register, r.line));
    rejects.extend(unknown);
    let links = join::link(&number_keys, &register_rows);
    timings.lap("numbers and join");
    let result = RunResult {
        members,
        register,
        member_fields,
        register_fields,
        rejects,
        register_exact_duplicates,
        resolutions,
        policy,
        started_at,
    };
    let joined = Joined {
        register_rows,
        used_members,
        number_keys,
        links,
        order,
    };
    Ok((result, joined))
}

/// Judges the members a chunk of whole households at a time and hands each chunk to
/// `on_chunk`: their rows are read again whole for the chunk, and what is held per member
/// while judging (the rows, normalised names and addresses, comparisons, judgements) is
/// bounded by the chunk. Households come in the order of their first member, each whole: a
/// file written household by household is judged in its own order.
pub fn judge(
    settings: &Settings,
    result: &RunResult,
    joined: &Joined,
    progress: &Progress,
    timings: &mut Timings,
    mut on_chunk: impl FnMut(Chunk) -> Result<()>,
) -> Result<()> {
    let linked = Linked {
        result,
        joined,
        settings,
    };
    let bar = progress.stage("judge", joined.used_members.len() as u64);
    for chunk in household_chunks(&joined.order, settings.chunk_members) {
        let judged = judge_chunk(&linked, chunk, timings)?;
        on_chunk(judged)?;
        timings.lap("write");
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(())
}

/// The members file joined to the register: what judging a chunk of members looks up.
struct Linked<'a> {
    result: &'a RunResult,
    joined: &'a Joined,
    settings: &'a Settings,
}

/// Indices into the used members, grouped by household (members without a household id
/// stand alone), each with its household's key: the index of its first member. Households
/// come in the order of their first member, so a file written household by household is
/// read in its own order. `households(row)` is the hash of the row's household id (0: none);
/// two households sharing a hash are taken as one here and told apart when checked.
fn household_order(
    used_members: &[usize],
    households: impl Fn(usize) -> u64 + Sync,
) -> Vec<(u32, u32)> {
    let mut hashed: Vec<(u64, u32)> = used_members
        .par_iter()
        .enumerate()
        .map(|(i, &row)| (households(row), i as u32))
        .filter(|&(hash, _)| hash != 0)
        .collect();
    hashed.par_sort_unstable();
    let mut key: Vec<u32> = (0..used_members.len() as u32).collect();
    for household in hashed.chunk_by(|a, b| a.0 == b.0) {
        let first = household[0].1;
        for &(_, i) in household {
            key[i as usize] = first;
        }
    }
    drop(hashed);
    let mut order: Vec<(u32, u32)> = key.into_iter().zip(0..).collect();
    if !order.is_sorted() {
        order.par_sort_unstable();
    }
    order
}

/// The order cut into chunks of about `size` members, never inside a household.
fn household_chunks(order: &[(u32, u32)], size: usize) -> Vec<&[(u32, u32)]> {
    let mut chunks = Vec::new();
    let mut rest = order;
    while !rest.is_empty() {
        let mut end = size.min(rest.len());
        while end < rest.len() && rest[end].0 == rest[end - 1].0 {
            end += 1;
        }
        let (chunk, after) = rest.split_at(end);
        chunks.push(chunk);
        rest = after;
    }
    chunks
}

/// Normalises, compares, checks the households of and classifies one chunk of members.
fn judge_chunk(linked: &Linked, chunk: &[(u32, u32)], timings: &mut Timings) -> Result<Chunk> {
    let config = &linked.settings.config;
    let (result, joined) = (linked.result, linked.joined);
    let fields = &result.member_fields;
    let register_fields = &result.register_fields;
    let chunk: Vec<usize> = chunk.iter().map(|&(_, i)| i as usize).collect();
    // Every column of the chunk's rows, read again: the members in chunk order, then the
    // register rows linked to them, in the same order.
    let member_rows: Vec<usize> = chunk.iter().map(|&i| joined.used_members[i]).collect();
    let register_rows: Vec<usize> = chunk
        .iter()
        .filter_map(|&i| {
            joined.links.register[i].map(|index| joined.register_rows[index as usize].0)
        })
        .collect();
    let (members, register) = rayon::join(
        || result.members.rows(&member_rows),
        || result.register.rows(&register_rows),
    );
    let (members, register) = (members?, register?);
    drop((member_rows, register_rows));
    // The rows are copied out: their pages may go.
    result.members.release();
    result.register.release();
    timings.lap("read rows again");
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
    let (members_table, register_table) = (&members, &register);
    let source = |p: usize| -> (&Table, &PersonFields, usize, EraCodeScheme) {
        match persons[p] {
            (false, row) => (
                members_table,
                &fields.person,
                row,
                config.members.era_code_scheme,
            ),
            (true, row) => (
                register_table,
                register_fields,
                row,
                config.register.era_code_scheme,
            ),
        }
    };
    let text_of = |p: usize| -> (PersonText, EraCodeScheme) {
        let (table, fields, row, scheme) = source(p);
        (fields.text(table, row), scheme)
    };
    let field_of = |p: usize, column: fn(&PersonFields) -> usize| -> &str {
        let (table, fields, row, _) = source(p);
        table.field(row, column(fields))
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
                        |p| field_of(p, |f| f.name_kanji),
                        normalize_kanji_name,
                    )
                },
                || {
                    normalise_distinct(
                        person_count,
                        |p| field_of(p, |f| f.name_kana),
                        normalize_kana_name,
                    )
                },
            )
        },
        || normalise_distinct(person_count, |p| field_of(p, |f| f.address), parse_address),
    );
    let people: Vec<Person> = (0..person_count)
        .into_par_iter()
        .zip(kanji_names)
        .zip(kana_names)
        .zip(addresses)
        .map(|(((p, kanji), kana), address)| {
            let (text, scheme) = text_of(p);
            Person::with_shared(&text, scheme, kanji, kana, address)
        })
        .collect();
    timings.lap("normalise");

    let comparisons: Vec<Option<Comparison>> = (0..count)
        .into_par_iter()
        .map(|k| {
            let m = member_person[k];
            register_person[k].map(|r| {
                compare(
                    &text_of(m).0,
                    &people[m],
                    &text_of(r).0,
                    &people[r],
                    &config.compare,
                )
            })
        })
        .collect();
    timings.lap("compare");

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
    // Millions of small values: freed on all threads.
    people.into_par_iter().for_each(drop);
    timings.lap("household checks");

    let judgements = comparisons
        .into_par_iter()
        .zip(households)
        .zip(address_differences)
        .enumerate()
        .map(|(k, ((comparison, household), address_differences))| {
            let number = check_my_number(members.field(k, fields.person.my_number));
            let member_text = fields.person.text(&members, k);
            let lapsed = parse_lapsed(members.optional_field(k, fields.status));
            let household_member = household.household_member.map(|row| row as usize);
            let facts = Facts {
                number_status: number.status,
                comparison: comparison.as_ref(),
                held_by_others: joined.links.held_by_several[chunk[k]],
                lapsed,
                household,
            };
            let signals = signals(&facts, &result.policy);
            let mut decision = decide(&facts, signals, &result.policy);
            let register_row = register_row_of[k];
            let fingerprint = resolutions::fingerprint(
                &number.digits,
                &member_text,
                register_row
                    .map(|r| register_fields.text(&register, r))
                    .as_ref(),
            );
            let resolution = result
                .resolutions
                .as_ref()
                .and_then(|r| r.by_member.get(members.field(k, fields.member_id)))
                .map(|resolution| {
                    Box::new((
                        resolution.clone(),
                        resolutions::status(resolution, fingerprint),
                    ))
                });
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
            }
        });
    let judged = judgements.collect();
    timings.lap("classify");
    Ok(Chunk {
        members,
        register,
        judged,
    })
}

/// Resolutions naming a member id the members file does not have: reported, not ignored.
/// `ids(row)` is [`text_hash`] of each row's id: the rows whose hash a resolution's id has
/// are read again to compare the ids themselves.
fn unknown_resolutions(
    resolutions: &Resolutions,
    members: &ReadFile,
    fields: &MemberFields,
    ids: impl Fn(usize) -> u64 + Sync,
) -> Result<Vec<Reject>> {
    let wanted: std::collections::HashSet<u64> = resolutions
        .by_member
        .keys()
        .map(|id| text_hash(id))
        .collect();
    let rows: Vec<usize> = (0..members.len())
        .into_par_iter()
        .filter(|&row| wanted.contains(&ids(row)))
        .collect();
    let read = members.rows(&rows)?;
    let seen: std::collections::HashSet<&str> = (0..read.len())
        .map(|k| read.field(k, fields.member_id))
        .collect();
    let mut unknown: Vec<Reject> = resolutions
        .by_member
        .values()
        .filter(|r| !seen.contains(r.member_id.as_str()))
        .map(|r| Reject {
            source: Source::Resolutions,
            line: r.line,
            member_id: Some(r.member_id.clone()),
            reason: "解決記録の加入者IDが加入者ファイルにありません。".into(),
        })
        .collect();
    unknown.extend(resolutions.rejects.iter().cloned());
    unknown.sort_by_key(|r| r.line);
    Ok(unknown)
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

/// A member id, a household id: 0 when empty, else a 64-bit hash (never 0) that the rows
/// sharing it are read again to tell apart.
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    if text.is_empty() {
        0
    } else {
        foldhash::fast::FixedState::default().hash_one(text) | 1
    }
}

/// A member's number key when it has none to look up (see [`NumberCheck::key`]).
const NO_NUMBER: u64 = u64::MAX;

/// Why a register row's number is not one, as [`register_number_key`] keeps it: the status at
/// index `i` is the key `u64::MAX - i`, above every 12-digit number.
const NOT_A_NUMBER: [NumberStatus; 3] = [
    NumberStatus::Empty,
    NumberStatus::Malformed,
    NumberStatus::CheckDigitFails,
];

/// A register row's number as an integer, or why it is not one (see [`NOT_A_NUMBER`]).
fn register_number_key(text: &str) -> u64 {
    let check = check_my_number(text);
    match (check.status, check.key()) {
        (NumberStatus::Valid, Some(number)) => number,
        (status, _) => {
            let why = NOT_A_NUMBER.iter().position(|&s| s == status);
            u64::MAX - why.unwrap_or(1) as u64
        }
    }
}

/// The number [`register_number_key`] kept, or why there is none.
fn register_number(key: u64) -> std::result::Result<u64, NumberStatus> {
    let why = u64::MAX - key;
    if why < NOT_A_NUMBER.len() as u64 {
        Err(NOT_A_NUMBER[why as usize])
    } else {
        Ok(key)
    }
}

/// Member rows that can be judged; an empty or repeated member id is a reject. `ids(row)` is
/// [`text_hash`] of the row's id: repeats are found by sorting the hashes (on all threads),
/// and the rows sharing one are read again to compare the ids themselves.
fn usable_members(
    members: &ReadFile,
    fields: &MemberFields,
    ids: impl Fn(usize) -> u64 + Sync,
    rejects: &mut Vec<Reject>,
) -> Result<Vec<usize>> {
    let mut hashed: Vec<(u64, u32)> = (0..members.len())
        .into_par_iter()
        .filter(|&row| ids(row) != 0)
        .map(|row| (ids(row), row as u32))
        .collect();
    hashed.par_sort_unstable();
    // Each repeat with the earlier row holding the same id, and the id.
    let mut repeats: Vec<(usize, usize, String)> = Vec::new();
    for same_hash in hashed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // In row order; a hash shared by different ids is told apart by the text.
        let rows: Vec<usize> = same_hash.iter().map(|&(_, row)| row as usize).collect();
        let read = members.rows(&rows)?;
        let id = |k: usize| read.field(k, fields.member_id);
        for k in 1..rows.len() {
            if let Some(first) = (0..k).find(|&j| id(j) == id(k)) {
                repeats.push((rows[k], rows[first], id(k).to_owned()));
            }
        }
    }
    drop(hashed);
    repeats.sort_unstable();
    let mut repeats = repeats.into_iter().peekable();
    let mut used = Vec::with_capacity(members.len());
    for row in 0..members.len() {
        let line = members.line(row);
        if ids(row) == 0 {
            rejects.push(Reject {
                source: Source::Members,
                line,
                member_id: None,
                reason: "加入者IDが空です。".into(),
            });
        } else if let Some((_, first, id)) = repeats.next_if(|&(repeat, _, _)| repeat == row) {
            rejects.push(Reject {
                source: Source::Members,
                line,
                member_id: Some(id),
                reason: format!(
                    "加入者IDが重複しています（{}行目と同じ）。",
                    members.line(first)
                ),
            });
        } else {
            used.push(row);
        }
    }
    Ok(used)
}

/// Register rows with a valid number, one per number, with the number as an integer,
/// sorted by number. A row repeating an earlier one exactly is dropped and counted; one that
/// repeats the number with different data is a reject.
fn usable_register_rows(
    register: &ReadFile,
    numbers: &[u64],
    fields: &PersonFields,
    rejects: &mut Vec<Reject>,
) -> Result<(Vec<(usize, u64)>, usize)> {
    let mut numbered: Vec<(u64, usize)> = Vec::with_capacity(numbers.len());
    for (row, &key) in numbers.iter().enumerate() {
        let reason = match register_number(key) {
            Ok(number) => {
                numbered.push((number, row));
                continue;
            }
            Err(NumberStatus::Empty) => "個人番号が空です。",
            Err(NumberStatus::CheckDigitFails) => "個人番号の検査用数字が合いません。",
            Err(_) => "個人番号が12桁の数字ではありません。",
        };
        rejects.push(Reject {
            source: Source::Register,
            line: register.line(row),
            member_id: None,
            reason: reason.into(),
        });
    }
    // Each number's rows together, the first in the file first.
    numbered.par_sort_unstable();
    let mut rows = Vec::with_capacity(numbered.len());
    let mut exact_duplicates = 0;
    for same_number in numbered.chunk_by(|a, b| a.0 == b.0) {
        let (number, first) = same_number[0];
        rows.push((first, number));
        for &(_, row) in &same_number[1..] {
            // Rare: both rows are read again whole.
            let both = register.rows(&[row, first])?;
            let same = fields
                .all()
                .iter()
                .skip(1)
                .all(|&c| both.field(0, c) == both.field(1, c));
            if same {
                exact_duplicates += 1;
            } else {
                rejects.push(Reject {
                    source: Source::Register,
                    line: register.line(row),
                    member_id: None,
                    reason: format!(
                        "同じ個人番号の行が{}行目にもあり、内容が異なります。最初の行で照合しました。",
                        register.line(first)
                    ),
                });
            }
        }
    }
    Ok((rows, exact_duplicates))
}

/// A members file that lacks member_id but has every register column was probably given
/// as --register by mistake, and the other way round: say so.
/// The error for a column `file` lacks.
fn missing_column(
    path: &std::path::Path,
    source: Source,
    file: &ReadFile,
    column: String,
) -> Error {
    Error::MissingColumn {
        path: path.to_owned(),
        role: source.role(),
        column,
        found: file.headers.join(", "),
    }
}

fn explain_swapped_files(error: Error, settings: &Settings, source: Source) -> Error {
    let Error::MissingColumn {
        path,
        column,
        found,
        ..
    } = &error
    else {
        return error;
    };
    let member_id = &settings.config.members.columns.member_id;
    if source == Source::Members && column == member_id {
        let headers: Vec<&str> = found.split(", ").collect();
        let register = &settings.config.register.columns;
        let looks_like_register = [
            &register.my_number,
            &register.name_kanji,
            &register.birth_date,
        ]
        .iter()
        .all(|c| headers.contains(&c.as_str()));
        if looks_like_register {
            return Error::WrongFile {
                path: path.clone(),
                message: format!(
                    "this looks like the register file (it has no `{member_id}` column): were --members and --register swapped?"
                ),
            };
        }
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Households in the order of their first member, each whole, members without one alone;
    /// two households sharing a hash stay together (and are told apart when checked).
    #[test]
    fn households_ordered_by_first_member_and_chunked_whole() {
        // Rows 0..8 used but row 3; hashes of their household ids (0: none).
        let used = [0, 1, 2, 4, 5, 6, 7, 8];
        let hashes = [7, 0, 9, 0, 7, 9, 0, 7, 0];
        let order = household_order(&used, |row| hashes[row]);
        let indices: Vec<u32> = order.iter().map(|&(_, i)| i).collect();
        assert_eq!(indices, [0, 3, 6, 1, 2, 4, 5, 7]);
        let chunks = household_chunks(&order, 2);
        let sizes: Vec<usize> = chunks.iter().map(|c| c.len()).collect();
        // Cut after two members, but never inside a household: the three of hash 7; row 1
        // alone with the first of hash 9, and so its second; rows 6 and 8, alone.
        assert_eq!(sizes, [3, 3, 2]);
    }

    #[test]
    fn keys_of_ids_and_register_numbers() {
        assert_eq!(text_hash(""), 0);
        assert_ne!(text_hash("1001-01"), 0);
        assert_ne!(text_hash("1001-01"), text_hash("1001-02"));
        // A valid number (check digit 8) is itself; the rest say why not, above every
        // 12-digit number.
        assert_eq!(register_number_key("123456789018"), 123_456_789_018);
        assert_eq!(register_number_key(""), u64::MAX);
        assert_eq!(register_number_key("12345"), u64::MAX - 1);
        assert_eq!(register_number_key("123456789010"), u64::MAX - 2);
        for text in ["123456789018", "", "12345", "123456789010"] {
            let check = check_my_number(text);
            let number = check.key().filter(|_| check.status == NumberStatus::Valid);
            assert_eq!(
                register_number(register_number_key(text)),
                number.ok_or(check.status)
            );
        }
    }
}
