//! Tests of reading: rows, keys, rows read again, rejects, encodings.

use super::*;

fn options() -> ReadOptions<'static> {
    ReadOptions {
        source: Source::Members,
        encoding: InputEncoding::Auto,
        delimiter: Delimiter::Auto,
        required: vec!["member_id", "name"],
        id_column: Some("member_id"),
    }
}

/// Every column of every row, the rejects and the rows read.
fn parse_text(
    path: &Path,
    text: &str,
    options: &ReadOptions,
) -> Result<(Table, Vec<Reject>, usize)> {
    super::parse_text::<()>(path, text, options, None).map(|p| (p.table, p.rejects, p.rows_read))
}

fn plain(text: &str) -> bool {
    Survey::of(text.as_bytes(), &|_| {}).plain()
}

/// Every field of every row, with its line.
fn cells(table: &Table) -> Vec<(u64, Vec<String>)> {
    (0..table.len())
        .map(|row| {
            let fields = (0..table.width())
                .map(|c| table.field(row, c).to_owned())
                .collect();
            (table.line(row), fields)
        })
        .collect()
}

/// Rows reduced to keys and read again whole are the rows read whole, and their keys are
/// made from their fields: plain and quoted text, line breaks inside quotes, CRLF, blank
/// lines, rejects between rows.
#[test]
fn rows_read_again_are_the_rows_read() {
    let texts = [
        "member_id,name,extra\n001, 山田 ,x\n\n002,佐藤,\nbad\n003,,z",
        "member_id,name,extra\r\n001,\"山田, 太郎\",\"a\nb\"\r\n\r\n002,\"佐\"\"藤\",\r\nbad\r\n003,,z\r\n",
        "member_id\tname\textra\n1\t\u{3000}花子\u{3000}\t\n",
        // Empty fields past the header (as a spreadsheet writes), plain and quoted.
        "member_id,name,extra\n001,山田,x,,\n002,佐藤,y, ,\n",
        "member_id,name,extra\n001,\"山田\",x,,\n002,佐藤,y,\"\"\n",
    ];
    for text in texts {
        let path = Path::new(if text.contains('\t') {
            "m.tsv"
        } else {
            "m.csv"
        });
        let whole = super::parse_text::<()>(path, text, &options(), None).unwrap();
        // A key of two numbers a row: the lengths of `extra` and of a column the file
        // lacks, and the bytes of `member_id`'s first character.
        let keys = RowKeys {
            columns: vec!["extra", "missing", "member_id"],
            make: &|fields| {
                (
                    fields[0].len() + 1000 * fields[1].len(),
                    fields[2].bytes().next().map_or(0, u64::from),
                )
            },
        };
        let kept = super::parse_text(path, text, &options(), Some(&keys)).unwrap();
        assert_eq!(kept.rejects, whole.rejects, "{text:?}");
        assert_eq!(kept.table.len(), whole.table.len());
        assert_eq!(kept.keys.len(), whole.table.len());
        for row in 0..whole.table.len() {
            let first = whole
                .table
                .field(row, 0)
                .bytes()
                .next()
                .map_or(0, u64::from);
            assert_eq!(kept.keys[row], (whole.table.field(row, 2).len(), first));
        }
        // Read again in another order, one row twice.
        let rows: Vec<usize> = (0..kept.table.len()).rev().chain([0]).collect();
        let again = kept.rows(text, &rows).unwrap();
        let expected: Vec<_> = rows
            .iter()
            .map(|&r| cells(&whole.table)[r].clone())
            .collect();
        assert_eq!(cells(&again), expected, "{text:?}");
        assert_eq!(again.headers, whole.table.headers);
    }
}

/// A file read from disk: UTF-8 (with a BOM) is mapped, CP932 decoded; either way its
/// rows read again whole are the rows as written, and its hash is the file's.
#[test]
fn files_read_again_by_row() {
    use sha2::{Digest, Sha256};
    let dir = tempfile::tempdir().unwrap();
    let text = "member_id,name,extra\r\n001,髙橋 花子,x\r\n002,\"山田, 太郎\",y\r\n";
    let utf8 = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let cp932 = encoding_rs::SHIFT_JIS.encode(text).0.into_owned();
    for (name, bytes, encoding) in [
        ("utf8.csv", utf8, TextEncoding::Utf8),
        ("cp932.csv", cp932, TextEncoding::Cp932),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let (file, table) = read_table(&path, &options()).unwrap();
        assert_eq!(file.encoding, encoding);
        assert_eq!(table.field(1, 0), "002");
        let ids = RowKeys {
            columns: vec!["member_id"],
            make: &|fields| fields[0].parse::<u64>().unwrap(),
        };
        let told = std::sync::atomic::AtomicU64::new(0);
        let progress = |bytes: u64| {
            told.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
        };
        let (file, keys) = read_keys(&path, &options(), &ids, &progress).unwrap();
        if encoding == TextEncoding::Utf8 {
            // Surveyed, then split into rows: twice the text after its byte-order mark.
            assert_eq!(told.into_inner(), 2 * (bytes.len() as u64 - 3));
        }
        assert_eq!(keys, [1, 2]);
        assert_eq!((file.len(), file.line(1)), (2, 3));
        let expected: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(file.sha256, expected);
        let rows = file.rows(&[1, 0]).unwrap();
        file.release();
        assert_eq!(rows.field(0, 1), "山田, 太郎");
        assert_eq!(rows.field(1, 1), "髙橋 花子");
        assert_eq!((rows.line(0), rows.line(1)), (3, 2));
    }
}

#[test]
fn an_empty_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.csv");
    std::fs::write(&path, "").unwrap();
    assert!(matches!(
        read_table(&path, &options()),
        Err(Error::EmptyFile { .. })
    ));
}

#[test]
fn reads_fields_and_keeps_leading_zeros() {
    let (table, rejects, rows) = parse_text(
        Path::new("m.csv"),
        "member_id,name,extra\n001,\"山田, 太郎\",x\n\n002,佐藤,\n",
        &options(),
    )
    .unwrap();
    assert!(rejects.is_empty());
    assert_eq!(rows, 2);
    assert_eq!(table.len(), 2);
    assert_eq!(table.field(0, 0), "001");
    assert_eq!(table.field(0, 1), "山田, 太郎");
    assert_eq!(table.field(1, 2), "");
    assert_eq!(table.line(1), 4);
}

/// Quote-free text split line by line gives exactly what the csv reader gives: rows,
/// trimmed fields, line numbers, rejects and blank lines.
#[test]
fn lines_without_quotes_read_as_the_csv_reader_reads_them() {
    let bodies = [
        "A1,1\nA2,2\n",
        "A1,1\r\nA2,2\r\n\r\nA3,3",
        "\n\nA1, 1 \n   \n\u{3000}A2\u{3000},2\n",
        "A1,1,extra\nA2\nA3,\n,\n,,\n",
        "A1,1\nA2,2\n\n\n",
        "A1\t1\nA2,2\n",
        "",
        "\n",
        "A1,1",
    ];
    let reader = RowsReader::<()> {
        path: Path::new("m.csv"),
        delimiter: b',',
        width: 2,
        headers: &[],
        keys: None,
        id_column: Some(0),
        source: Source::Members,
        progress: &|_| {},
    };
    let fresh = || Rows {
        text: String::new(),
        fields: 0,
        row_starts: Vec::new(),
        record_starts: Vec::new(),
        keys: Vec::new(),
        lines: Vec::new(),
        rejects: Vec::new(),
        rows_read: 0,
        blank_lines: 0,
        inside_quoted_fields: 0,
    };
    for body in bodies {
        assert!(plain(body), "{body:?}");
        let room = (count_byte(body.as_bytes(), b'\n') + 1) * 2;
        let (mut plain_ends, mut csv_ends) = (vec![0; room], vec![0; room]);
        let (mut plain, mut csv) = (fresh(), fresh());
        reader.read_plain(body, 7, &mut plain_ends, &mut plain);
        reader
            .read_csv(body, 7, &mut csv_ends, &mut csv, &|_| {})
            .unwrap();
        assert_eq!(plain.text, csv.text, "{body:?}");
        assert_eq!(plain.fields, csv.fields, "{body:?}");
        assert_eq!(plain_ends, csv_ends, "{body:?}");
        assert_eq!(plain.row_starts, csv.row_starts, "{body:?}");
        // (Record starts differ: the csv reader's may fall on the line end before a
        // record, where it reads again from; see `rows_read_again_are_the_rows_read`.)
        assert_eq!(plain.lines, csv.lines, "{body:?}");
        assert_eq!(plain.rejects, csv.rejects, "{body:?}");
        assert_eq!(plain.rows_read, csv.rows_read, "{body:?}");
        assert_eq!(plain.blank_lines, csv.blank_lines, "{body:?}");
        // Every line is a row or a blank line.
        let lines = body.split_inclusive('\n').count() as u64;
        assert_eq!(
            plain.rows_read as u64 + plain.blank_lines,
            lines,
            "{body:?}"
        );
    }
    assert!(!plain("A1,\"1\"\n"));
    assert!(!plain("A1,1\rA2,2\n"));
}

/// Carriage returns alone end records too (found by fuzzing: the room for field ends was
/// counted from line feeds only).
#[test]
fn lone_carriage_returns_end_records() {
    let text = "member_id,name\rA1,1\rA2,2\rA3,3";
    let (table, rejects, rows) = parse_text(Path::new("m.csv"), text, &options()).unwrap();
    assert_eq!((table.len(), rejects.len(), rows), (3, 0, 3));
    assert_eq!(table.field(2, 0), "A3");
    let records = |text: &str| {
        let survey = Survey::of(text.as_bytes(), &|_| {});
        let block = &survey.blocks[0];
        block.line_feeds + block.lone_returns + 1
    };
    assert_eq!(records(text), 4);
    assert_eq!(records("a\r\nb\r\n"), 3);
    // Lines ended by CR alone (a spreadsheet on an old Mac) are numbered and accounted for
    // as lines, a blank one and a reject included.
    let text = "member_id,name\rA1,1\r\rbad\rA3,\"3\"\r";
    let parsed = super::parse_text::<()>(Path::new("m.csv"), text, &options(), None).unwrap();
    assert_eq!(parsed.table.lines, [2, 5]);
    assert_eq!(parsed.rejects[0].line, 4);
    assert_eq!(
        (parsed.line_count.lines, parsed.line_count.blank),
        (5, 1),
        "{:?}",
        parsed.line_count
    );
    assert!(parsed.line_count.adds_up(parsed.rows_read));
}

/// A body over the block size is read in pieces on all threads: every row, field and
/// line number is what one piece would give, rejects and blank lines included.
#[test]
fn large_files_read_in_pieces_keep_rows_and_lines() {
    let mut text = String::from("member_id,name\r\n");
    let mut expected_lines = Vec::new();
    let mut line = 2;
    let mut row = 0;
    while text.len() < 3 * BLOCK_BYTES {
        match row % 100_000 {
            500 => text.push_str("bad,row,with,too,many\r\n"),
            700 => text.push_str("\r\n"),
            _ => {
                text.push_str(&format!("{row:08},名前{row}\r\n"));
                expected_lines.push(line);
            }
        }
        row += 1;
        line += 1;
    }
    let (table, rejects, rows_read) = parse_text(Path::new("m.csv"), &text, &options()).unwrap();
    assert_eq!(table.len(), expected_lines.len());
    assert_eq!(
        (0..table.len()).map(|r| table.line(r)).collect::<Vec<_>>(),
        expected_lines
    );
    let last = table.len() - 1;
    assert_eq!(
        table.field(last, 1),
        format!("名前{}", table.field(last, 0).parse::<u32>().unwrap())
    );
    assert!(!rejects.is_empty());
    assert!(rejects.iter().all(|r| (r.line - 2) % 100_000 == 500));
    assert_eq!(rows_read, table.len() + rejects.len());
}

#[test]
fn tab_separated_by_extension_or_header() {
    let (table, _, _) =
        parse_text(Path::new("m.txt"), "member_id\tname\n1\t山田\n", &options()).unwrap();
    assert_eq!(table.field(0, 1), "山田");
}

#[test]
fn wrong_field_count_is_a_reject_with_line_and_id() {
    let (table, rejects, rows) = parse_text(
        Path::new("m.csv"),
        "member_id,name\n1,a\n2,b,c\n3,c\n",
        &options(),
    )
    .unwrap();
    assert_eq!(rows, 3);
    assert_eq!(table.len(), 2);
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0].line, 3);
    assert_eq!(rejects[0].member_id.as_deref(), Some("2"));
}

#[test]
fn missing_column_empty_file_and_header_only_are_errors() {
    let missing = parse_text(Path::new("m.csv"), "member_id,x\n1,2\n", &options());
    assert!(matches!(missing, Err(Error::MissingColumn { .. })));
    let empty = parse_text(Path::new("m.csv"), "", &options());
    assert!(matches!(empty, Err(Error::EmptyFile { .. })));
    let header_only = parse_text(Path::new("m.csv"), "member_id,name\n\n", &options());
    assert!(matches!(header_only, Err(Error::NoDataRows { .. })));
}

#[test]
fn open_quotes_and_huge_fields_are_rejects() {
    // A quote left open on line 3: that line is a reject and reading resumes on line 4
    // (nothing after it is swallowed); line 5 is too long; line 6 holds a quoted line
    // break and the header's number of fields: one row (legal CSV).
    let text = format!(
        "member_id,name\n1,a\n2,\"b\n3,c\n4,{}\n5,\"d\ne\"\n6,f\n",
        "x".repeat(MAX_FIELD_CHARS + 1)
    );
    let (table, rejects, rows) = parse_text(Path::new("m.csv"), &text, &options()).unwrap();
    let lines: Vec<u64> = rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 5], "{rejects:?}");
    assert!(
        rejects[0].reason.contains("引用符"),
        "{}",
        rejects[0].reason
    );
    assert_eq!(rejects[0].member_id.as_deref(), Some("2"));
    let ids: Vec<&str> = (0..table.len()).map(|r| table.field(r, 0)).collect();
    assert_eq!(ids, ["1", "3", "5", "6"]);
    assert_eq!(table.field(2, 1), "d\ne");
    assert_eq!(table.lines, [2, 4, 6, 8]);
    // Every data line is a row, a reject or inside a row's quotes.
    assert_eq!(rows, 6);
    // With CR LF line ends (the csv reader's record position then falls on the LF before
    // it: found by fuzzing), the open quote is still one reject and reading resumes after it.
    for ends in ["\r\n", "\r"] {
        let text = "member_id,name\n1,a\n2,\"b\n3,c\n".replace('\n', ends);
        let parsed = super::parse_text::<()>(Path::new("m.csv"), &text, &options(), None).unwrap();
        let lines: Vec<u64> = parsed.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3], "{ends:?}");
        assert_eq!(parsed.table.lines, [2, 4], "{ends:?}");
        assert!(
            parsed.line_count.adds_up(parsed.rows_read),
            "{:?}",
            parsed.line_count
        );
    }
    let (_, rejects, _) = parse_text(
        Path::new("m.csv"),
        &format!("member_id,name\n1,{}\n", "y".repeat(MAX_FIELD_CHARS + 1)),
        &options(),
    )
    .unwrap();
    assert!(
        rejects[0].reason.contains("長すぎます"),
        "{}",
        rejects[0].reason
    );
}

/// The byte-level helpers rows are split with agree with the plain definitions they stand
/// for, on texts with Japanese, empty fields and lines, CR LF, lone CRs and no last line end.
#[test]
fn byte_helpers_agree_with_their_definitions() {
    let texts = [
        "",
        "\n",
        "a",
        "a,b\n",
        "a,b",
        ",,\n\n,\r\n",
        "田中,ﾀﾅｶ,東京都港区１－２\r\n佐藤,サトウ,\n\n末尾",
        "a\rb\r\nc\r",
        "\r\r\n\n\r",
    ];
    for text in texts {
        let bytes = text.as_bytes();
        let lone = (0..bytes.len())
            .filter(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .count();
        assert_eq!(count_lone_returns(bytes), lone, "{text:?}");
        assert_eq!(
            count_byte(bytes, b'\n'),
            text.matches('\n').count(),
            "{text:?}"
        );
        assert_eq!(count_line_ends(bytes), lone + text.matches('\n').count());
        let mut start = 0;
        let expected: Vec<(usize, &str)> = text
            .split_inclusive('\n')
            .map(|line| {
                let line_start = start;
                start += line.len();
                let line = line.strip_suffix('\n').unwrap_or(line);
                (line_start, line.strip_suffix('\r').unwrap_or(line))
            })
            .collect();
        assert_eq!(
            lines_with_starts(text).collect::<Vec<_>>(),
            expected,
            "{text:?}"
        );
        for line in text.lines() {
            let mut fields = Vec::new();
            split_fields(line, b',', &mut fields);
            assert_eq!(fields, line.split(',').collect::<Vec<_>>(), "{line:?}");
        }
    }
}
