//! The rules that set a row aside as a reject: the header repeated, a wrong number of
//! fields, a field too long.

/// The longest field a row may hold. Names and addresses are far shorter; a longer field is
/// a broken export (or a quote left open), not data.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// The row's fields without empty ones past the header's width: a spreadsheet writes every
/// row as wide as its widest used column, so rows often end in empty fields the header does
/// not name. A row with text past the header keeps it (and is a reject).
pub(super) fn without_empty_tail<'f, 'a>(fields: &'f [&'a str], width: usize) -> &'f [&'a str] {
    match fields.get(width..) {
        Some(tail) if !tail.is_empty() && tail.iter().all(|f| f.trim().is_empty()) => {
            &fields[..width]
        }
        _ => fields,
    }
}

/// Why a row cannot be used, if it cannot. (A quote left open is found where records are
/// read: see `RowsReader::read_csv`.)
pub(super) fn row_problem(record: &[&str], width: usize, headers: &[String]) -> Option<String> {
    // Two exports joined (the second one's byte-order mark and all): its header is not a
    // member.
    if record.len() == headers.len()
        && record
            .iter()
            .zip(headers)
            .all(|(f, h)| f.trim_start_matches('\u{FEFF}').trim() == h)
    {
        return Some("見出し行が繰り返されています（複数のファイルを結合したときなど）。".into());
    }
    if record.len() != width {
        return Some(format!(
            "列の数が見出しと合いません（見出し{}列、この行{}列）。",
            width,
            record.len()
        ));
    }
    // Characters are counted only where the bytes could hold too many.
    let (column, longest) = record
        .iter()
        .enumerate()
        .filter(|(_, f)| f.len() > MAX_FIELD_CHARS)
        .map(|(i, f)| (i, f.chars().count()))
        .max_by_key(|&(_, n)| n)?;
    (longest > MAX_FIELD_CHARS).then(|| {
        format!(
            "{}列目の項目が長すぎます（{longest}文字、上限{MAX_FIELD_CHARS}文字）。",
            column + 1
        )
    })
}
