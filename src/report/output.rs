//! Writing the output folder atomically: every file goes to a temporary folder inside DIR
//! and is renamed into place only when all are complete, so a killed run leaves the previous
//! complete outputs (or none), never a partial list. Files are created 0600 and DIR 0700,
//! whatever the umask.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::settings::OutputEncoding;

/// Name of the staging folder inside DIR, followed by the process id.
const STAGING_PREFIX: &str = ".myna-recon-partial-";

/// A folder of outputs being written.
pub struct OutputDir {
    final_dir: PathBuf,
    staging: PathBuf,
    /// Files created so far (written from several threads at once).
    files: std::sync::Mutex<Vec<String>>,
}

fn write_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_owned(),
        source,
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

impl OutputDir {
    /// Creates DIR (0700) if needed and a fresh staging folder inside it.
    pub fn create(dir: &Path) -> Result<OutputDir> {
        if !dir.exists() {
            fs::create_dir_all(dir).map_err(write_error(dir))?;
            set_mode(dir, 0o700).map_err(write_error(dir))?;
        }
        // A run killed before it finished leaves its staging folder: clear those.
        for entry in fs::read_dir(dir).map_err(write_error(dir))?.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with(STAGING_PREFIX)
            {
                let stale = entry.path();
                fs::remove_dir_all(&stale).map_err(write_error(&stale))?;
            }
        }
        let staging = dir.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        fs::create_dir(&staging).map_err(write_error(&staging))?;
        set_mode(&staging, 0o700).map_err(write_error(&staging))?;
        Ok(OutputDir {
            final_dir: dir.to_owned(),
            staging,
            files: std::sync::Mutex::default(),
        })
    }

    /// Opens a new file in the staging folder, mode 0600.
    pub fn create_file(&self, name: &str) -> Result<BufWriter<File>> {
        let path = self.staging.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(write_error(&path))?;
        set_mode(&path, 0o600).map_err(write_error(&path))?;
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(name.to_owned());
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    /// Flushes and syncs a finished file.
    pub fn finish_file(&self, name: &str, writer: BufWriter<File>) -> Result<()> {
        let path = self.staging.join(name);
        let file = writer
            .into_inner()
            .map_err(|e| write_error(&path)(e.into_error()))?;
        file.sync_all().map_err(write_error(&path))
    }

    /// Moves every file into DIR and removes the staging folder.
    pub fn commit(self) -> Result<()> {
        let files = std::mem::take(
            &mut *self
                .files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for name in &files {
            let from = self.staging.join(name);
            let to = self.final_dir.join(name);
            fs::rename(&from, &to).map_err(write_error(&to))?;
        }
        fs::remove_dir(&self.staging).map_err(write_error(&self.staging))
    }

    /// The folder the outputs end up in.
    pub fn path(&self) -> &Path {
        &self.final_dir
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // After a failed run, leave nothing half-written behind.
        if self.staging.exists() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// A CSV writer that encodes as the config says, counting characters CP932 cannot hold.
pub struct ListWriter<W: Write> {
    inner: W,
    encoding: OutputEncoding,
    line: String,
    /// Characters replaced by 〓 because CP932 has no code for them.
    pub unmappable: usize,
    pub rows: usize,
}

impl<W: Write> ListWriter<W> {
    pub fn new(mut inner: W, encoding: OutputEncoding) -> std::io::Result<Self> {
        if encoding == OutputEncoding::Utf8Bom {
            inner.write_all(b"\xEF\xBB\xBF")?;
        }
        Ok(ListWriter {
            inner,
            encoding,
            line: String::new(),
            unmappable: 0,
            rows: 0,
        })
    }

    /// Writes one record; fields are quoted when they hold a comma, quote or line break, and
    /// a field a spreadsheet would take for a formula is kept as text (a leading `'`).
    pub fn write_record<S: AsRef<str>>(
        &mut self,
        fields: impl IntoIterator<Item = S>,
    ) -> std::io::Result<()> {
        self.line.clear();
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                self.line.push(',');
            }
            push_csv_field(&mut self.line, field.as_ref());
        }
        self.line.push_str("\r\n");
        match self.encoding {
            OutputEncoding::Utf8Bom | OutputEncoding::Utf8 => {
                self.inner.write_all(self.line.as_bytes())?
            }
            OutputEncoding::Cp932 => {
                let (bytes, unmappable) = encode_cp932(&self.line);
                self.unmappable += unmappable;
                self.inner.write_all(&bytes)?;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Writes one record per item, rendering batches of items on all threads (the next
    /// batch while the last one is written); the bytes, their order and the counts are
    /// those of writing the records one by one.
    pub fn write_records_parallel<T: Sync, S: AsRef<str>>(
        &mut self,
        items: &[T],
        record: impl Fn(&T) -> Vec<S> + Sync,
    ) -> std::io::Result<()>
    where
        W: Send,
    {
        use rayon::prelude::*;
        const BATCH: usize = 1 << 16;
        const CHUNK: usize = 2048;
        let encoding = match self.encoding {
            OutputEncoding::Utf8Bom => OutputEncoding::Utf8, // the BOM is written once
            other => other,
        };
        let render = |batch: &[T]| -> Vec<std::io::Result<ListWriter<Vec<u8>>>> {
            batch
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let mut writer = ListWriter::new(Vec::new(), encoding)?;
                    for item in chunk {
                        writer.write_record(record(item))?;
                    }
                    Ok(writer)
                })
                .collect()
        };
        let mut rendered = Vec::new();
        for batch in items.chunks(BATCH) {
            let (written, next) = rayon::join(|| self.append(rendered), || render(batch));
            written?;
            rendered = next;
        }
        self.append(rendered)
    }

    /// Appends batches rendered by [`Self::write_records_parallel`].
    fn append(
        &mut self,
        rendered: Vec<std::io::Result<ListWriter<Vec<u8>>>>,
    ) -> std::io::Result<()> {
        for writer in rendered {
            let writer = writer?;
            self.inner.write_all(&writer.inner)?;
            self.rows += writer.rows;
            self.unmappable += writer.unmappable;
        }
        Ok(())
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

fn push_csv_field(line: &mut String, field: &str) {
    // A cell a spreadsheet would read as a formula (=, +, -, @, a tab or a carriage return
    // first: OWASP's list) is kept as text by a leading apostrophe.
    let formula = matches!(
        field.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    // Bytes, not characters: these ASCII bytes never occur inside a multi-byte character.
    let quoted = field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if quoted {
        line.push('"');
    }
    if formula {
        line.push('\'');
    }
    if quoted {
        line.push_str(&field.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(field);
    }
}

/// Encodes text as CP932; a character CP932 cannot hold becomes 〓 (the customary
/// substitute in Japanese administrative systems) and is counted.
pub fn encode_cp932(text: &str) -> (Vec<u8>, usize) {
    use encoding_rs::{EncoderResult, SHIFT_JIS};
    let mut encoder = SHIFT_JIS.new_encoder();
    let mut out = Vec::with_capacity(text.len() * 2);
    let mut unmappable = 0;
    let mut rest = text;
    loop {
        let needed = encoder
            .max_buffer_length_from_utf8_without_replacement(rest.len())
            .unwrap_or(rest.len() * 4)
            .max(4);
        let start = out.len();
        out.resize(start + needed, 0);
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut out[start..], true);
        out.truncate(start + written);
        rest = &rest[read..];
        match result {
            EncoderResult::InputEmpty => break,
            EncoderResult::Unmappable(_) => {
                unmappable += 1;
                out.extend_from_slice(&[0x81, 0xAC]); // 〓
            }
            EncoderResult::OutputFull => {}
        }
    }
    (out, unmappable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp932_substitutes_and_counts_unmappable_characters() {
        let (bytes, unmappable) = encode_cp932("髙橋𠮷");
        assert_eq!(unmappable, 1);
        let (decoded, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert_eq!(decoded, "髙橋〓");
    }

    #[test]
    fn quotes_fields_that_need_it() {
        let mut writer = ListWriter::new(Vec::new(), OutputEncoding::Utf8).unwrap();
        writer.write_record(["a", "b,c", "d\"e"]).unwrap();
        assert_eq!(
            String::from_utf8(writer.into_inner()).unwrap(),
            "a,\"b,c\",\"d\"\"e\"\r\n"
        );
    }

    #[test]
    fn formulas_are_kept_as_text() {
        let cases = [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("=a,b", "\"'=a,b\""),
            ("1-2-3", "1-2-3"),
            ("山田 太郎", "山田 太郎"),
            ("", ""),
        ];
        for (field, written) in cases {
            let mut writer = ListWriter::new(Vec::new(), OutputEncoding::Utf8).unwrap();
            writer.write_record([field]).unwrap();
            let text = String::from_utf8(writer.into_inner()).unwrap();
            assert_eq!(text, format!("{written}\r\n"), "{field:?}");
        }
    }
}
