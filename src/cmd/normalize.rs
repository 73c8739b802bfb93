//! `myna-recon normalize --kind K`: one value per stdin line → one JSON object per line,
//! showing the normalised forms, keys and notes, for debugging a mismatch.

use std::io::{BufRead, BufWriter, Write};

use serde_json::{json, Value};

use crate::cli::{EraCodeSchemeArg, NormalizeArgs, ValueKind};
use crate::error::{Error, Result};
use crate::normalize::address::parse_address;
use crate::normalize::date::{parse_birth_date, to_era_kanji, EraCodeScheme};
use crate::normalize::kana::{normalize_kana_name, KanaRung};
use crate::normalize::kanji::normalize_kanji_name;
use crate::normalize::sex::parse_sex;

pub fn run(args: NormalizeArgs) -> Result<()> {
    let scheme = match args.era_code_scheme {
        EraCodeSchemeArg::Jlis => EraCodeScheme::Jlis,
        EraCodeSchemeArg::Pension => EraCodeScheme::Pension,
    };
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (index, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| Error::Other(format!("stdin line {}: {e}", index + 1)))?;
        let value = describe(args.kind, &line, scheme);
        writeln!(out, "{value}").map_err(|e| Error::Other(format!("stdout: {e}")))?;
    }
    out.flush()
        .map_err(|e| Error::Other(format!("stdout: {e}")))
}

/// The JSON description of one value.
pub fn describe(kind: ValueKind, input: &str, scheme: EraCodeScheme) -> Value {
    match kind {
        ValueKind::NameKanji => {
            let name = normalize_kanji_name(input);
            json!({"input": input, "display": name.display, "key": name.key,
                   "variant_key": name.variant_key, "parts": name.parts(), "notes": name.notes})
        }
        ValueKind::NameKana => {
            let name = normalize_kana_name(input);
            let keys: serde_json::Map<String, Value> = KanaRung::ALL
                .iter()
                .map(|&rung| {
                    let label = serde_json::to_value(rung).unwrap_or(Value::Null);
                    (
                        label.as_str().unwrap_or("").to_owned(),
                        json!(name.key(rung)),
                    )
                })
                .collect();
            json!({"input": input, "display": name.display(), "parts": name.parts(), "keys": keys})
        }
        ValueKind::BirthDate => match parse_birth_date(input, scheme) {
            Ok((date, notation)) => json!({"input": input, "date": date.to_string(),
                "era": to_era_kanji(date), "notation": notation}),
            Err(error) => json!({"input": input, "error": error.to_string()}),
        },
        ValueKind::Sex => match parse_sex(input) {
            Some(sex) => json!({"input": input, "sex": sex, "code": sex.code().to_string(),
                                "japanese": sex.japanese()}),
            None => json!({"input": input, "error": "性別コードを読み取れません"}),
        },
        ValueKind::Address => {
            let address = parse_address(input);
            json!({"input": input, "display": address.display, "prefecture": address.prefecture,
                   "prefecture_inferred": address.prefecture_inferred, "city": address.city,
                   "town": address.town, "subarea": address.subarea, "chome": address.chome,
                   "ban": address.ban, "go": address.go, "blocks": address.blocks,
                   "rest": address.rest, "key": address.key()})
        }
    }
}
