//! letters.html: one printable A4 letter per contacted member, from the same record as the
//! contact list ([`crate::report::notice`]): letters routed through an employer grouped by
//! office (each group opened by a cover sheet for the office, naming whom to hand each
//! sealed letter to, never why), then the letters posted home. A home letter goes to the
//! address the insurer holds, never the register's (which may be a stranger's). Each asks
//! the member to confirm the values the insurer holds, says why in plain words (through the
//! office, never the sex, the birth date or a family member's number) and ends with a reply
//! slip. Never the My Number. The page (`templates/letters.html`, askama, escaped) embeds
//! the letters as JSON (each sentence once, the letters pointing to them) and its script
//! draws the chosen group's pages: a national run's 10^5 letters stay a file a browser
//! opens, and one office's letters print at a time.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use askama::Template;
use serde::Serialize;

use crate::normalize::date::{to_era_kanji, BirthDate};
use crate::outcome::all_member_sentences;
use crate::report::html::script_safe;
use crate::report::notice::{self, column, Notice, VIA_OFFICE};

const STYLE: &str = include_str!("../../templates/letters.css");
const SCRIPT: &str = include_str!("../../templates/letters.js");

/// The contacted members' notices, spilled (each field NUL-ended) into an unnamed file in
/// the private staging folder as they come, until every member is judged and the letters
/// can be grouped by office: held per letter is only where it lies and its group (16
/// bytes), so a national run's letters do not stay in memory.
pub struct Letters {
    spill: std::io::BufWriter<std::fs::File>,
    /// Bytes written to the spill so far.
    written: u64,
    /// Per letter, in list order: its group (the office code's index in `office_codes`,
    /// or [`HOME_GROUP`]), where its notice starts in the spill, and its length.
    index: Vec<(u32, u64, u32)>,
    office_codes: Vec<String>,
    office_ids: HashMap<String, u32>,
}

/// The group of the letters posted home.
const HOME_GROUP: u32 = u32::MAX;

/// A spill this large is read without letting its pages go (about 10^6 members' letters).
const SPILL_HELD: u64 = 256 << 20;

/// Letters read between two releases of a large spill's pages. Reading one maps the pages
/// around it too (the kernel's fault-around, whole large folios): about 200 KB per letter
/// read at random on Linux 6.18 and ext4, so some 50 MB between releases.
const LETTERS_BETWEEN_RELEASES: usize = 1 << 8;

/// Drops the spill's pages from this process's memory; the next read maps them again from
/// the page cache or the file.
fn release(map: &memmap2::Mmap) {
    #[cfg(unix)]
    // SAFETY: the mapping is read-only and its file is not written again, so after
    // MADV_DONTNEED its pages read back exactly as before: no borrow of it sees different
    // bytes.
    let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
    #[cfg(not(unix))]
    let _ = map;
}

/// Where a letter is: its group, where its notice starts in the spill, and its length.
type Place = (u32, u64, u32);

impl Letters {
    /// Letters spilled into an unnamed file in `scratch` (the staging folder).
    pub fn new(scratch: &Path) -> std::io::Result<Letters> {
        Ok(Letters {
            spill: std::io::BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(scratch)?),
            written: 0,
            index: Vec::new(),
            office_codes: Vec::new(),
            office_ids: HashMap::new(),
        })
    }

    /// Keeps the notices of a chunk's contacted members.
    pub fn add(&mut self, notices: &[Notice]) -> std::io::Result<()> {
        for notice in notices {
            let group = if notice.field(column::ROUTE) == VIA_OFFICE {
                let code = notice.field(column::OFFICE_CODE);
                match self.office_ids.get(code) {
                    Some(&id) => id,
                    None => {
                        let id = self.office_codes.len() as u32;
                        self.office_codes.push(code.to_owned());
                        self.office_ids.insert(code.to_owned(), id);
                        id
                    }
                }
            } else {
                HOME_GROUP
            };
            let text = notice.as_str();
            self.spill.write_all(text.as_bytes())?;
            self.index.push((group, self.written, text.len() as u32));
            self.written += text.len() as u64;
        }
        Ok(())
    }

    /// Letters to write.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Writes letters.html: the office groups by office code, then the home letters, each
    /// group in list order. `today` is the run's date; `insurer` signs the letters.
    pub fn write(
        self,
        out: &mut impl Write,
        today: BirthDate,
        insurer: &str,
    ) -> std::io::Result<()> {
        let Letters {
            spill,
            mut index,
            office_codes,
            ..
        } = self;
        let file = spill.into_inner().map_err(|e| e.into_error())?;
        // SAFETY: the spill has no name and only this run wrote it; it is not written again.
        let spilled = match index.is_empty() {
            true => None,
            false => Some(unsafe { memmap2::Mmap::map(&file)? }),
        };
        // Read in office order, all over the file: no read-ahead, no pages mapped around.
        #[cfg(unix)]
        if let Some(map) = &spilled {
            map.advise(memmap2::Advice::Random)?;
        }
        let bytes: &[u8] = spilled.as_deref().unwrap_or_default();
        let record = |&(_, start, len): &Place| -> Vec<&str> {
            let text = &bytes[start as usize..start as usize + len as usize];
            simdutf8::basic::from_utf8(text)
                .unwrap_or_default()
                .split_terminator('\0')
                .collect()
        };
        // Office letters first, by office code; home letters last. Stable: list order within.
        index.sort_by(|a, b| {
            let key = |group: u32| (group == HOME_GROUP, office_codes.get(group as usize));
            key(a.0).cmp(&key(b.0))
        });
        // Where each group starts in `index`.
        let group_starts: Vec<usize> = (0..index.len())
            .filter(|&i| i == 0 || index[i].0 != index[i - 1].0)
            .collect();
        // Each sentence once; the letters point to them.
        let sentences = all_member_sentences();
        // The letters are read in office order, all over the spill: past SPILL_HELD, the
        // pages read are let go every LETTERS_BETWEEN_RELEASES letters, so they do not all
        // stay in this process's memory (they stay in the page cache, and read back the
        // same).
        let large_spill = spilled.as_ref().filter(|map| map.len() as u64 > SPILL_HELD);
        // Each group's first letter read for the index.
        let group_ends = group_starts.iter().skip(1).copied().chain([index.len()]);
        let group_spans: Vec<(usize, usize)> =
            group_starts.iter().copied().zip(group_ends).collect();
        let mut lines = Vec::with_capacity(group_spans.len());
        for some in group_spans.chunks(LETTERS_BETWEEN_RELEASES) {
            lines.extend(
                some.iter()
                    .map(|&(start, end)| GroupLine::of(&record(&index[start]), end - start)),
            );
            large_spill.into_iter().for_each(release);
        }
        let date = to_era_kanji(today);
        Page {
            style: STYLE,
            script: SCRIPT,
            date: &date,
            insurer,
            letters: index.len(),
            groups: lines,
            data: LettersJson {
                index: &index,
                group_starts: &group_starts,
                record: &record,
                sentences: &sentences,
                large_spill,
            },
        }
        .write_into(out)
    }
}

/// The letters as the page's script reads them — `{"groups": [...], "sentences": [...]}` —
/// made as they are written, a batch of letters at a time on all threads whatever their
/// groups (most offices have a letter or two), every `<` escaped: nothing can end the
/// script element.
struct LettersJson<'a, F> {
    /// Every letter, in group order.
    index: &'a [Place],
    /// Where each group starts in `index`.
    group_starts: &'a [usize],
    record: &'a F,
    sentences: &'a [&'a str],
    /// The spill when it is large: its pages are let go after each batch of letters.
    large_spill: Option<&'a memmap2::Mmap>,
}

/// Letters made into JSON at once (on all threads) before they are written.
const LETTERS_AT_ONCE: usize = 1 << 14;

/// Letters made into one text by one thread (fewer for a batch of a large spill, so that
/// every thread has some).
const LETTERS_PER_TASK: usize = 256;

impl<'a, F: Fn(&Place) -> Vec<&'a str> + Sync> std::fmt::Display for LettersJson<'a, F> {
    /// A group is `{"office", "oc", "on", "tp", "ta", "letters": [...]}`: its office's code
    /// and name, where its letters go, and the letters.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use rayon::prelude::*;
        fn json<T: Serialize + ?Sized>(value: &T) -> Result<String, std::fmt::Error> {
            serde_json::to_string(value)
                .map(script_safe)
                .map_err(|_| std::fmt::Error)
        }
        f.write_str("{\"groups\":[")?;
        // A large spill's pages are let go after each batch: its batches are smaller.
        let at_once = if self.large_spill.is_some() {
            LETTERS_BETWEEN_RELEASES
        } else {
            LETTERS_AT_ONCE
        };
        let mut next_group = 0;
        for (b, batch) in self.index.chunks(at_once).enumerate() {
            // Each task's letters as one text, with where each letter ends in it.
            let made: Vec<Result<(String, Vec<usize>), std::fmt::Error>> = batch
                .par_chunks(LETTERS_PER_TASK.min(at_once / 8))
                .map(|letters| {
                    let mut text = String::new();
                    let mut ends = Vec::with_capacity(letters.len());
                    for place in letters {
                        let record = (self.record)(place);
                        text.push_str(&json(&LetterData::of(&record, self.sentences))?);
                        ends.push(text.len());
                    }
                    Ok((text, ends))
                })
                .collect();
            let mut position = b * at_once;
            for task in made {
                let (text, ends) = task?;
                let mut start = 0;
                for end in ends {
                    if self.group_starts.get(next_group) == Some(&position) {
                        if next_group > 0 {
                            f.write_str("]},")?;
                        }
                        let first = (self.record)(&self.index[position]);
                        write!(
                            f,
                            "{{\"office\":{},\"oc\":{},\"on\":{},\"tp\":{},\"ta\":{},\"letters\":[",
                            first[column::ROUTE] == VIA_OFFICE,
                            json(first[column::OFFICE_CODE])?,
                            json(first[column::OFFICE_NAME])?,
                            json(first[column::TO_POSTAL_CODE])?,
                            json(first[column::TO_ADDRESS])?,
                        )?;
                        next_group += 1;
                    } else {
                        f.write_str(",")?;
                    }
                    f.write_str(&text[start..end])?;
                    start = end;
                    position += 1;
                }
            }
            self.large_spill.into_iter().for_each(release);
        }
        if next_group > 0 {
            f.write_str("]}")?;
        }
        write!(f, "],\"sentences\":{}}}", json(self.sentences)?)
    }
}

/// One letter: the values to confirm as the insurer holds them, where it goes, whether the
/// member is suspended, and its sentences (indices into the sentences).
#[derive(Serialize)]
struct LetterData<'a> {
    id: &'a str,
    nk: &'a str,
    nn: &'a str,
    bd: &'a str,
    sx: &'a str,
    ad: &'a str,
    pc: &'a str,
    tp: &'a str,
    ta: &'a str,
    tn: &'a str,
    s: bool,
    t: Vec<usize>,
}

impl<'a> LetterData<'a> {
    fn of(record: &[&'a str], sentences: &[&str]) -> LetterData<'a> {
        LetterData {
            id: record[column::MEMBER_ID],
            nk: record[column::NAME_KANJI],
            nn: record[column::NAME_KANA],
            bd: record[column::BIRTH_DATE],
            sx: record[column::SEX],
            ad: record[column::ADDRESS],
            pc: record[column::POSTAL_CODE],
            tp: record[column::TO_POSTAL_CODE],
            ta: record[column::TO_ADDRESS],
            tn: record[column::TO_NAME],
            s: record[column::SUSPENDED] == notice::SUSPENDED,
            t: record[column::NOTICE]
                .lines()
                .filter_map(|sentence| sentences.iter().position(|s| *s == sentence))
                .collect(),
        }
    }
}

/// A line of the first page's index: a group and its letters.
struct GroupLine {
    label: String,
    letters: usize,
}

impl GroupLine {
    /// The group of `first` (its first letter), of `letters` letters.
    fn of(first: &[&str], letters: usize) -> GroupLine {
        let label = if first[column::ROUTE] == VIA_OFFICE {
            match (first[column::OFFICE_CODE], first[column::OFFICE_NAME]) {
                ("", _) => "事業所経由（事業所記号なし）".to_owned(),
                (code, "") => format!("事業所経由 {code}（事業所名簿になし）"),
                (code, name) => format!("事業所経由 {code} {name}"),
            }
        } else {
            "自宅郵送".to_owned()
        };
        GroupLine { label, letters }
    }
}

#[derive(Template)]
#[template(path = "letters.html")]
struct Page<'a, F: Fn(&Place) -> Vec<&'a str> + Sync> {
    style: &'static str,
    script: &'static str,
    date: &'a str,
    insurer: &'a str,
    letters: usize,
    groups: Vec<GroupLine>,
    data: LettersJson<'a, F>,
}
