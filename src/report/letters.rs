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
//! opens, and one office's letters print at a time. Each letter's JSON is made as its
//! chunk is written (on all threads, while the next chunk is judged) and spilled; the page
//! only puts the letters in order.

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

/// The contacted members' letters, each as the JSON the page's script draws, spilled into
/// an unnamed file in the private staging folder as they come, until every member is
/// judged and the letters can be grouped by office: held per letter is only where it lies
/// and its group (16 bytes), so a national run's letters do not stay in memory.
pub struct Letters {
    spill: std::io::BufWriter<std::fs::File>,
    /// Bytes written to the spill so far.
    written: u64,
    /// Per letter, in list order: its group and where its JSON lies in the spill.
    index: Vec<Place>,
    /// The groups, numbered in the order their first letter came.
    groups: Vec<Group>,
    /// Office code → its group.
    office_groups: HashMap<String, u32>,
    /// The group of the letters posted home, once there is one.
    home_group: Option<u32>,
    /// Each sentence a letter may say, once; the letters point to them.
    sentences: Vec<&'static str>,
}

/// A group of letters: those through one office, or those posted home.
struct Group {
    /// The office's code; `None` for the letters posted home (which come last).
    office_code: Option<String>,
    /// Where the JSON that opens the group lies in the spill: `{"office", "oc", "on",
    /// "tp", "ta", "letters": [` — its office's code and name and where its letters go,
    /// from its first letter.
    head: Span,
    /// Where its line in the page's index lies in the spill.
    label: Span,
}

/// Where a text lies in the spill: its start and length.
type Span = (u64, u32);

/// Where a letter is: its group, where its JSON starts in the spill, and its length.
type Place = (u32, u64, u32);

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

/// A value as JSON in the page's script element: every `<` escaped, so nothing can end it.
fn json<T: Serialize + ?Sized>(value: &T) -> std::io::Result<String> {
    Ok(script_safe(serde_json::to_string(value)?))
}

impl Letters {
    /// Letters spilled into an unnamed file in `scratch` (the staging folder).
    pub fn new(scratch: &Path) -> std::io::Result<Letters> {
        Ok(Letters {
            spill: std::io::BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(scratch)?),
            written: 0,
            index: Vec::new(),
            groups: Vec::new(),
            office_groups: HashMap::new(),
            home_group: None,
            sentences: all_member_sentences(),
        })
    }

    /// Keeps the letters of a chunk's contacted members (their JSON made on all threads).
    pub fn add(&mut self, notices: &[Notice]) -> std::io::Result<()> {
        use rayon::prelude::*;
        let sentences = &self.sentences;
        let made: Vec<std::io::Result<String>> = notices
            .par_iter()
            .map(|notice| {
                let record: Vec<&str> = notice.fields().collect();
                json(&LetterData::of(&record, sentences))
            })
            .collect();
        for (notice, letter) in notices.iter().zip(made) {
            let letter = letter?;
            let known = match notice.field(column::ROUTE) == VIA_OFFICE {
                true => self
                    .office_groups
                    .get(notice.field(column::OFFICE_CODE))
                    .copied(),
                false => self.home_group,
            };
            let group = match known {
                Some(group) => group,
                None => self.open_group(notice)?,
            };
            let (start, len) = self.put(&letter)?;
            self.index.push((group, start, len));
        }
        Ok(())
    }

    /// A new group, for the office (or home) of `first`, its first letter.
    fn open_group(&mut self, first: &Notice) -> std::io::Result<u32> {
        let record: Vec<&str> = first.fields().collect();
        let via_office = record[column::ROUTE] == VIA_OFFICE;
        let head = format!(
            "{{\"office\":{},\"oc\":{},\"on\":{},\"tp\":{},\"ta\":{},\"letters\":[",
            via_office,
            json(record[column::OFFICE_CODE])?,
            json(record[column::OFFICE_NAME])?,
            json(record[column::TO_POSTAL_CODE])?,
            json(record[column::TO_ADDRESS])?,
        );
        let group = self.groups.len() as u32;
        let office_code = match via_office {
            true => {
                let code = record[column::OFFICE_CODE].to_owned();
                self.office_groups.insert(code.clone(), group);
                Some(code)
            }
            false => {
                self.home_group = Some(group);
                None
            }
        };
        let head = self.put(&head)?;
        let label = self.put(&group_label(&record))?;
        self.groups.push(Group {
            office_code,
            head,
            label,
        });
        Ok(group)
    }

    /// Writes `text` to the spill; returns where it lies.
    fn put(&mut self, text: &str) -> std::io::Result<Span> {
        self.spill.write_all(text.as_bytes())?;
        let span = (self.written, text.len() as u32);
        self.written += text.len() as u64;
        Ok(span)
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
            groups,
            sentences,
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
        let text = |&(start, len): &Span| -> &str {
            simdutf8::basic::from_utf8(&bytes[start as usize..start as usize + len as usize])
                .unwrap_or_default()
        };
        // Office letters first, by office code; home letters last. Stable: list order within.
        index.sort_by(|a, b| {
            let key = |group: u32| {
                let code = groups[group as usize].office_code.as_deref();
                (code.is_none(), code)
            };
            key(a.0).cmp(&key(b.0))
        });
        // Where each group starts in `index`, and ends.
        let group_starts: Vec<usize> = (0..index.len())
            .filter(|&i| i == 0 || index[i].0 != index[i - 1].0)
            .collect();
        let group_ends = group_starts.iter().skip(1).copied().chain([index.len()]);
        // Past SPILL_HELD, the pages read are let go every LETTERS_BETWEEN_RELEASES letters,
        // so they do not all stay in this process's memory (they stay in the page cache,
        // and read back the same).
        let large_spill = spilled.as_ref().filter(|map| map.len() as u64 > SPILL_HELD);
        let mut lines = Vec::with_capacity(group_starts.len());
        for (n, (start, end)) in group_starts.iter().copied().zip(group_ends).enumerate() {
            lines.push(GroupLine {
                label: text(&groups[index[start].0 as usize].label).to_owned(),
                letters: end - start,
            });
            if (n + 1) % LETTERS_BETWEEN_RELEASES == 0 {
                large_spill.into_iter().for_each(release);
            }
        }
        large_spill.into_iter().for_each(release);
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
                groups: &groups,
                text: &text,
                sentences: &sentences,
                large_spill,
            },
        }
        .write_into(out)
    }
}

/// The letters as the page's script reads them — `{"groups": [...], "sentences": [...]}` —
/// put together from the spill in group order.
struct LettersJson<'a, F> {
    /// Every letter, in group order.
    index: &'a [Place],
    groups: &'a [Group],
    text: &'a F,
    sentences: &'a [&'a str],
    /// The spill when it is large: its pages are let go every so many letters.
    large_spill: Option<&'a memmap2::Mmap>,
}

impl<'a, F: Fn(&Span) -> &'a str> std::fmt::Display for LettersJson<'a, F> {
    /// A group is its head (see [`Group::head`]), its letters and `]}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("{\"groups\":[")?;
        for (i, &(group, start, len)) in self.index.iter().enumerate() {
            if i == 0 || group != self.index[i - 1].0 {
                if i > 0 {
                    f.write_str("]},")?;
                }
                f.write_str((self.text)(&self.groups[group as usize].head))?;
            } else {
                f.write_str(",")?;
            }
            f.write_str((self.text)(&(start, len)))?;
            if (i + 1) % LETTERS_BETWEEN_RELEASES == 0 {
                self.large_spill.into_iter().for_each(release);
            }
        }
        if !self.index.is_empty() {
            f.write_str("]}")?;
        }
        let sentences = json(self.sentences).map_err(|_| std::fmt::Error)?;
        write!(f, "],\"sentences\":{sentences}}}")
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

/// The line of the first page's index for the group of `first` (its first letter).
fn group_label(first: &[&str]) -> String {
    if first[column::ROUTE] == VIA_OFFICE {
        match (first[column::OFFICE_CODE], first[column::OFFICE_NAME]) {
            ("", _) => "事業所経由（事業所記号なし）".to_owned(),
            (code, "") => format!("事業所経由 {code}（事業所名簿になし）"),
            (code, name) => format!("事業所経由 {code} {name}"),
        }
    } else {
        "自宅郵送".to_owned()
    }
}

#[derive(Template)]
#[template(path = "letters.html")]
struct Page<'a, F: Fn(&Span) -> &'a str> {
    style: &'static str,
    script: &'static str,
    date: &'a str,
    insurer: &'a str,
    letters: usize,
    groups: Vec<GroupLine>,
    data: LettersJson<'a, F>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With nobody to write to, the page still holds its data: no groups, the sentences.
    #[test]
    fn no_letters_make_a_page_without_groups() {
        let scratch = tempfile::tempdir().unwrap();
        let letters = Letters::new(scratch.path()).unwrap();
        assert!(letters.is_empty());
        let mut page = Vec::new();
        let today = BirthDate {
            year: 2026,
            month: 12,
            day: 1,
        };
        letters
            .write(&mut page, today, "テスト健康保険組合")
            .unwrap();
        let page = String::from_utf8(page).unwrap();
        let opening = "id=\"letters-data\">";
        let start = page.find(opening).unwrap() + opening.len();
        let end = start + page[start..].find("</script>").unwrap();
        let data: serde_json::Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(data["groups"], serde_json::json!([]));
        assert_eq!(
            data["sentences"].as_array().unwrap().len(),
            all_member_sentences().len()
        );
    }
}
