//! The lists as .xlsx (`--xlsx`, or `xlsx = true` under `[output]`): each CSV list the run
//! wrote, read back and written again as a workbook whose every cell is text — so an id or
//! a My Number keeps its leading zeros and never turns into 1.2E+11, which a CSV opened in
//! Excel does not guarantee. A list longer than a sheet holds goes on over several sheets,
//! each with the header. Written in constant memory, its scratch files in the staging
//! folder (0700): the suspension and lift lists hold full numbers.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::report::read_back::for_each_row;

/// Data rows per sheet: Excel's limit is 1,048,576 rows, the header included.
pub const SHEET_ROWS: usize = 1_000_000;

/// Writes `csv` (a list the run wrote) as the workbook `xlsx`, scratch files in
/// `scratch`; returns the sheets written.
pub fn write_xlsx(csv: &Path, xlsx: &Path, scratch: &Path) -> Result<usize> {
    let sheet_name = csv
        .file_stem()
        .map_or_else(|| "list".to_owned(), |s| s.to_string_lossy().into_owned());
    write_xlsx_with(csv, xlsx, scratch, &sheet_name, SHEET_ROWS)
}

fn write_xlsx_with(
    csv: &Path,
    xlsx: &Path,
    scratch: &Path,
    sheet_name: &str,
    sheet_rows: usize,
) -> Result<usize> {
    let xlsx_error = |error: XlsxError| Error::Write {
        path: xlsx.to_owned(),
        source: std::io::Error::other(error.to_string()),
    };
    let mut workbook = Workbook::new();
    workbook.set_tempdir(scratch).map_err(xlsx_error)?;
    let text = Format::new().set_num_format("@");
    let mut header: Vec<String> = Vec::new();
    let mut sheets: Vec<Worksheet> = Vec::new();
    let mut row_in_sheet = 0u32;
    let mut failed: Option<XlsxError> = None;
    let new_sheet = |workbook: &mut Workbook, header: &[String], number: usize| {
        let mut sheet = workbook.new_worksheet_with_constant_memory()?;
        let name = if number == 1 {
            sheet_name.to_owned()
        } else {
            format!("{sheet_name} ({number})")
        };
        // Sheet names are at most 31 characters.
        sheet.set_name(name.chars().take(31).collect::<String>())?;
        for (column, title) in header.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, title, &text)?;
        }
        Ok::<Worksheet, XlsxError>(sheet)
    };
    for_each_row(csv, |row, fields| {
        if failed.is_some() {
            return;
        }
        let result = (|| {
            if row == 0 {
                header = fields.iter().map(|f| f.to_string()).collect();
                sheets.push(new_sheet(&mut workbook, &header, 1)?);
                return Ok(());
            }
            if row_in_sheet as usize == sheet_rows {
                let number = sheets.len() + 1;
                sheets.push(new_sheet(&mut workbook, &header, number)?);
                row_in_sheet = 0;
            }
            row_in_sheet += 1;
            let sheet = sheets.last_mut().expect("a sheet after the header");
            for (column, field) in fields.iter().enumerate() {
                sheet.write_string_with_format(
                    row_in_sheet,
                    column as u16,
                    field.as_ref(),
                    &text,
                )?;
            }
            Ok::<(), XlsxError>(())
        })();
        if let Err(error) = result {
            failed = Some(error);
        }
    })?;
    if let Some(error) = failed {
        return Err(xlsx_error(error));
    }
    let count = sheets.len();
    for sheet in sheets {
        workbook.push_worksheet(sheet);
    }
    let file = crate::report::output::create_private_file(xlsx)?;
    workbook
        .save_to_writer(std::io::BufWriter::new(&file))
        .map_err(xlsx_error)?;
    file.sync_all().map_err(|source| Error::Write {
        path: xlsx.to_owned(),
        source,
    })?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_goes_on_over_sheets_each_with_the_header() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("list.csv");
        let mut text = String::from("\u{feff}加入者ID,個人番号\n");
        for i in 0..5 {
            text.push_str(&format!("0{i},012345678901\n"));
        }
        std::fs::write(&csv, text).unwrap();
        let xlsx = dir.path().join("list.xlsx");
        let sheets = write_xlsx_with(&csv, &xlsx, dir.path(), "list", 2).unwrap();
        assert_eq!(sheets, 3, "5 rows, 2 to a sheet");
        assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    }
}
