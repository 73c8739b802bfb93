//! How the members file writes one person: kana width and script, spaces, date and sex
//! codes, the address notation, a variant kanji, a placeholder, loose kana.

use myna_recon::normalize::date::{to_era_code, to_era_kanji, EraCodeScheme};
use myna_recon::normalize::sex::Sex;
use myna_recon::normalize::width::to_half_width_kana;
use myna_recon::report::output::encode_cp932;

use crate::address::{Home, Notation as AddressNotation};
use crate::people::Identity;
use crate::pools::kanji_variants;
use crate::rng::Rng;
use crate::Style;

/// How the member file writes one person: each field's notation.
#[derive(Clone, Debug, Default)]
pub(crate) struct Notation {
    pub(crate) half_width_kana: bool,
    pub(crate) hiragana: bool,
    pub(crate) large_small_kana: bool,
    /// 0 full-width space, 1 ASCII space, 2 none, 3 two spaces.
    pub(crate) spaces: u8,
    /// 0 YYYYMMDD, 1 YYYY-MM-DD, 2 YYYY/M/D, 3 era kanji, 4 era letter, 5 era code.
    pub(crate) date: u8,
    /// 0 code, 1 男/女, 2 M/F, 3 full-width code.
    pub(crate) sex: u8,
    /// How the address is keyed (the register's form by default).
    pub(crate) address: AddressNotation,
    /// Variant kanji replacing a standard one: (standard, variant).
    pub(crate) variant: Option<(char, &'static str)>,
    pub(crate) placeholder: Option<&'static str>,
    /// The kanji field holds the reading in hiragana (the system could not store a kanji).
    pub(crate) kanji_in_kana: bool,
    /// Kana written loosely: ヅ/ヂ as ズ/ジ, ウ after an o/u sound as ー.
    pub(crate) sound_fold: bool,
    pub(crate) long_vowel: bool,
}

impl Notation {
    pub(crate) fn plain(style: Style) -> Notation {
        match style {
            Style::Modern => Notation::default(),
            Style::Legacy => Notation {
                half_width_kana: true,
                date: 5,
                spaces: 1,
                address: AddressNotation::FullWidth,
                ..Notation::default()
            },
        }
    }

    /// Picks a kanji of the name that has a variant form; false when none does.
    /// A legacy (CP932) system only holds variants CP932 can encode; it stores the others as
    /// placeholders, which is the `placeholder` case.
    pub(crate) fn set_variant(&mut self, rng: &mut Rng, person: &Identity, style: Style) -> bool {
        let name = format!("{}{}", person.surname.0, person.given.0);
        let storable = |variant: &&str| style == Style::Modern || encode_cp932(variant).1 == 0;
        let candidates: Vec<(char, &'static str)> = kanji_variants()
            .iter()
            .filter(|(standard, _)| name.contains(*standard))
            .filter_map(|(standard, variants)| {
                let standard = *standard;
                let usable: Vec<&'static str> = variants.iter().copied().filter(storable).collect();
                (!usable.is_empty()).then(|| (standard, *rng.pick(&usable)))
            })
            .collect();
        if candidates.is_empty() {
            return false;
        }
        self.variant = Some(*rng.pick(&candidates));
        true
    }

    /// Picks the loose kana spellings the reading allows; false when it allows none.
    pub(crate) fn set_loose_kana(&mut self, reading: &str) -> bool {
        self.large_small_kana = reading.contains(['ャ', 'ュ', 'ョ', 'ッ']);
        self.sound_fold = reading.contains(['ヅ', 'ヂ']);
        self.long_vowel = [
            "ユウ", "ョウ", "オウ", "コウ", "ソウ", "トウ", "ノウ", "ホウ", "ロウ", "ゴウ", "ドウ",
            "ボウ",
        ]
        .iter()
        .any(|pair| reading.contains(pair));
        self.large_small_kana || self.sound_fold || self.long_vowel
    }

    fn separator(&self, full_width: &'static str) -> &'static str {
        match self.spaces {
            0 => full_width,
            1 => " ",
            2 => "",
            _ => "  ",
        }
    }

    pub(crate) fn kanji_name(&self, person: &Identity) -> String {
        if self.kanji_in_kana {
            let reading = format!(
                "{}{}{}",
                person.surname.1,
                self.separator("　"),
                person.given.1
            );
            return to_hiragana(&reading);
        }
        let mut name = format!(
            "{}{}{}",
            person.surname.0,
            self.separator("　"),
            person.given.0
        );
        if let Some((standard, variant)) = self.variant {
            name = name.replacen(standard, variant, 1);
        }
        if let Some(mark) = self.placeholder {
            if let Some(c) = person.surname.0.chars().last() {
                name = name.replacen(c, mark, 1);
            }
        }
        name
    }

    pub(crate) fn kana_name(&self, person: &Identity) -> String {
        let mut kana = format!(
            "{}{}{}",
            person.surname.1,
            self.separator("　"),
            person.given.1
        );
        if self.long_vowel {
            // ユウコ → ユーコ, ショウタ → ショータ: the second vowel written as a long mark.
            for (from, to) in [
                ("ユウ", "ユー"),
                ("ョウ", "ョー"),
                ("オウ", "オー"),
                ("コウ", "コー"),
                ("ソウ", "ソー"),
                ("トウ", "トー"),
                ("ノウ", "ノー"),
                ("ホウ", "ホー"),
                ("ロウ", "ロー"),
                ("ゴウ", "ゴー"),
                ("ドウ", "ドー"),
                ("ボウ", "ボー"),
            ] {
                kana = kana.replace(from, to);
            }
        }
        if self.large_small_kana {
            kana = kana
                .replace('ャ', "ヤ")
                .replace('ュ', "ユ")
                .replace('ョ', "ヨ")
                .replace('ッ', "ツ");
        }
        if self.sound_fold {
            kana = kana.replace('ヅ', "ズ").replace('ヂ', "ジ");
        }
        if self.hiragana {
            kana = to_hiragana(&kana);
        }
        if self.half_width_kana {
            kana = to_half_width_kana(&kana);
        }
        kana
    }

    pub(crate) fn birth_date(&self, person: &Identity) -> String {
        let d = person.birth_date;
        match self.date {
            0 => format!("{:04}{:02}{:02}", d.year, d.month, d.day),
            1 => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            2 => format!("{}/{}/{}", d.year, d.month, d.day),
            3 => to_era_kanji(d),
            4 => {
                let code = to_era_code(d, EraCodeScheme::Jlis);
                let letter = ['M', 'T', 'S', 'H', 'R'][usize::from(code.as_bytes()[0] - b'1')];
                format!("{letter}{}.{}.{}", &code[1..3], &code[3..5], &code[5..7])
            }
            _ => to_era_code(d, EraCodeScheme::Jlis),
        }
    }

    pub(crate) fn sex(&self, person: &Identity) -> String {
        match self.sex {
            0 => person.sex.code().to_string(),
            1 => person.sex.japanese().to_owned(),
            2 => if person.sex == Sex::Male { "M" } else { "F" }.to_owned(),
            _ => if person.sex == Sex::Male {
                "１"
            } else {
                "２"
            }
            .to_owned(),
        }
    }

    pub(crate) fn address(&self, person: &Identity) -> String {
        self.address
            .write(&person.home)
            .unwrap_or_else(|| person.home.canonical())
    }
}

/// One of `notations` that can write `home` (a 郡 to drop, a building to glue…) in what the
/// style's system can store (a legacy CP932 system has no 𠮷); the register's form when
/// none can.
pub(crate) fn address_notation(
    rng: &mut Rng,
    home: &Home,
    notations: &[AddressNotation],
    style: Style,
) -> AddressNotation {
    let storable = |text: &str| style == Style::Modern || encode_cp932(text).1 == 0;
    let usable: Vec<AddressNotation> = notations
        .iter()
        .copied()
        .filter(|n| n.write(home).is_some_and(|text| storable(&text)))
        .collect();
    if usable.is_empty() {
        AddressNotation::Canonical
    } else {
        *rng.pick(&usable)
    }
}

pub(crate) fn to_hiragana(katakana: &str) -> String {
    katakana
        .chars()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}
