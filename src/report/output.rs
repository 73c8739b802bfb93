//! Writing the output folder all or nothing: every file goes to a staging folder beside DIR
//! (`.DIR.myna-recon-partial-PID`), and only when all are complete does the staging folder
//! take DIR's place in one step (Linux `renameat2` RENAME_EXCHANGE; a plain rename when DIR
//! does not exist yet). A run killed at any moment leaves the previous complete outputs or the
//! new ones, never a mix, and no output of an earlier run stays beside the new ones (files in
//! DIR that no run writes are carried over). A lock beside DIR (`.DIR.myna-recon.lock`) keeps
//! a second run on the same DIR from starting. Files are created 0600 and DIR 0700, whatever
//! the umask. Where the exchange is not supported (another OS, a file system without it),
//! the files are renamed into DIR one by one.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::settings::OutputEncoding;

/// A folder of outputs being written.
pub struct OutputDir {
    final_dir: PathBuf,
    staging: PathBuf,
    /// The names any run writes into DIR; other files there are the user's and are kept.
    outputs: &'static [&'static str],
    /// Held (locked) while the run writes; released when dropped.
    _lock: File,
    /// Files created so far (written from several threads at once).
    files: std::sync::Mutex<Vec<String>>,
    /// Finished files being synced to disk, each on a thread of its own, while the run
    /// writes the next; [`OutputDir::commit`] waits for them all.
    syncing: std::sync::Mutex<Vec<(PathBuf, std::thread::JoinHandle<std::io::Result<()>>)>>,
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

/// Options to open a file for writing that, if it is created, is 0600 whatever the umask.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Opens a new file for writing, mode 0600 whatever the umask; `create_new` fails if it
/// exists.
pub fn create_private_file(path: &Path) -> Result<File> {
    let file = private_options()
        .create_new(true)
        .open(path)
        .map_err(write_error(path))?;
    set_mode(path, 0o600).map_err(write_error(path))?;
    Ok(file)
}

/// Writes `path` all or nothing, 0600: `write` fills a temporary file beside it, which then
/// replaces `path`.
pub fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let (parent, name) = parent_and_name(path)?;
    let temporary = parent.join(format!(".{name}.myna-recon-partial-{}", std::process::id()));
    let _ = fs::remove_file(&temporary);
    let mut writer = BufWriter::new(create_private_file(&temporary)?);
    let written = write(&mut writer)
        .and_then(|()| writer.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .and_then(|()| fs::rename(&temporary, path));
    if let Err(source) = written {
        let _ = fs::remove_file(&temporary);
        return Err(Error::Write {
            path: path.to_owned(),
            source,
        });
    }
    Ok(())
}

/// The folder a path lies in (absolute) and its own name.
fn parent_and_name(path: &Path) -> Result<(PathBuf, String)> {
    let absolute = match fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(_) => std::path::absolute(path).map_err(write_error(path))?,
    };
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => Ok((parent.to_owned(), name.to_string_lossy().into_owned())),
        _ => Err(Error::Usage(format!(
            "{}: not a folder or file the outputs can be written to (give a path with a name, not the root)",
            path.display()
        ))),
    }
}

impl OutputDir {
    /// Takes the lock on DIR's outputs and creates a fresh staging folder beside DIR (0700);
    /// clears staging folders a killed run left. `outputs`: the names any run writes.
    pub fn create(dir: &Path, outputs: &'static [&'static str]) -> Result<OutputDir> {
        let (parent, name) = parent_and_name(dir)?;
        fs::create_dir_all(&parent).map_err(write_error(&parent))?;
        let lock_path = parent.join(format!(".{name}.myna-recon.lock"));
        // Kept after the run (removing it would race a run that has just opened it).
        let lock = private_options()
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(write_error(&lock_path))?;
        if let Err(error) = lock.try_lock() {
            return Err(match error {
                fs::TryLockError::WouldBlock => Error::WrongFile {
                    path: dir.to_owned(),
                    message: format!(
                        "another myna-recon run is writing these outputs (it holds {}); wait for it to finish or give another --out",
                        lock_path.display()
                    ),
                },
                fs::TryLockError::Error(source) => Error::Write {
                    path: lock_path,
                    source,
                },
            });
        }
        // Under the lock, no other run is writing: a staging folder left is a killed run's
        // (its outputs are dropped; a file of the user's it was carrying goes back to DIR).
        let prefix = format!(".{name}.myna-recon-partial-");
        for entry in fs::read_dir(&parent)
            .map_err(write_error(&parent))?
            .flatten()
        {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let stale = entry.path();
                if dir.is_dir() {
                    carry_over(&stale, dir, outputs)?;
                }
                fs::remove_dir_all(&stale).map_err(write_error(&stale))?;
            }
        }
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        fs::create_dir(&staging).map_err(write_error(&staging))?;
        set_mode(&staging, 0o700).map_err(write_error(&staging))?;
        Ok(OutputDir {
            final_dir: dir.to_owned(),
            staging,
            outputs,
            _lock: lock,
            files: std::sync::Mutex::default(),
            syncing: std::sync::Mutex::default(),
        })
    }

    /// Opens a new file in the staging folder, mode 0600.
    pub fn create_file(&self, name: &str) -> Result<BufWriter<OutputFile>> {
        let file = create_private_file(&self.staging.join(name))?;
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(name.to_owned());
        Ok(BufWriter::with_capacity(
            1 << 20,
            OutputFile {
                file,
                written: 0,
                sent: 0,
            },
        ))
    }

    /// The path in the staging folder of a file the caller writes itself (recorded as an
    /// output), and the staging folder (0700), for scratch files.
    pub fn staged(&self, name: &str) -> (PathBuf, &Path) {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(name.to_owned());
        (self.staging.join(name), &self.staging)
    }

    /// The staging folder (0700), for scratch files a run removes (unnamed ones).
    pub fn scratch(&self) -> &Path {
        &self.staging
    }

    /// The path in the staging folder of a file already written there.
    pub fn written(&self, name: &str) -> PathBuf {
        self.staging.join(name)
    }

    /// Flushes a finished file and starts syncing it to disk (the run goes on meanwhile;
    /// [`OutputDir::commit`] waits for it).
    pub fn finish_file(&self, name: &str, writer: BufWriter<OutputFile>) -> Result<()> {
        let path = self.staging.join(name);
        let file = writer
            .into_inner()
            .map_err(|e| write_error(&path)(e.into_error()))?
            .file;
        let sync = std::thread::Builder::new()
            .name(format!("sync {name}"))
            .spawn(move || file.sync_all())
            .map_err(write_error(&path))?;
        self.syncing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path, sync));
        Ok(())
    }

    /// Waits until every finished file is on disk.
    fn wait_for_syncs(&self) -> Result<()> {
        let syncing = std::mem::take(
            &mut *self
                .syncing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        for (path, sync) in syncing {
            let synced = sync
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the thread syncing it panicked")));
            synced.map_err(write_error(&path))?;
        }
        Ok(())
    }

    /// Puts the outputs in DIR's place at once, once every file is on disk. Files already
    /// in DIR that are not outputs are carried over into the new DIR; earlier outputs are
    /// not.
    pub fn commit(self) -> Result<()> {
        self.wait_for_syncs()?;
        let dir = &self.final_dir;
        if !dir.exists() {
            return fs::rename(&self.staging, dir).map_err(write_error(dir));
        }
        match exchange(&self.staging, dir) {
            Ok(()) => {
                // The staging path now holds the earlier DIR.
                carry_over(&self.staging, dir, self.outputs)?;
                fs::remove_dir_all(&self.staging).map_err(write_error(&self.staging))
            }
            Err(_) => self.commit_file_by_file(),
        }
    }

    /// Where DIR cannot be exchanged: each file renamed into it, earlier outputs this run
    /// did not write removed.
    fn commit_file_by_file(&self) -> Result<()> {
        let dir = &self.final_dir;
        set_mode(dir, 0o700).map_err(write_error(dir))?;
        let files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        for entry in fs::read_dir(&self.staging)
            .map_err(write_error(&self.staging))?
            .flatten()
        {
            let to = dir.join(entry.file_name());
            fs::rename(entry.path(), &to).map_err(write_error(&to))?;
        }
        for stale in self
            .outputs
            .iter()
            .filter(|o| !files.iter().any(|f| f == *o))
        {
            let path = dir.join(stale);
            if path.exists() {
                fs::remove_file(&path).map_err(write_error(&path))?;
            }
        }
        fs::remove_dir(&self.staging).map_err(write_error(&self.staging))
    }

    /// The folder the outputs end up in.
    pub fn path(&self) -> &Path {
        &self.final_dir
    }
}

/// Moves the entries of `from` that are not `outputs` into `to` (unless `to` has one of that
/// name already).
fn carry_over(from: &Path, to: &Path, outputs: &[&str]) -> Result<()> {
    for entry in fs::read_dir(from).map_err(write_error(from))?.flatten() {
        let name = entry.file_name();
        let target = to.join(&name);
        if !outputs.iter().any(|o| name.as_os_str() == *o) && !target.exists() {
            fs::rename(entry.path(), &target).map_err(write_error(&target))?;
        }
    }
    Ok(())
}

/// Swaps two paths in one step (Linux `renameat2` with RENAME_EXCHANGE).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the call
    // reads them and touches no memory of ours.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// An output in the staging folder, sent to disk as it grows: every [`WRITEBACK_BYTES`]
/// written, their write-out is started and not waited for (Linux `sync_file_range`), so a
/// finished file is mostly on disk already and the sync before the outputs are put in
/// place waits for little (at realistic 10^6, results.csv's 220 MB took 0.3 s to sync
/// after the last chunk).
pub struct OutputFile {
    file: File,
    /// Bytes written so far.
    written: u64,
    /// Bytes whose write-out has been started.
    sent: u64,
}

/// How many bytes an [`OutputFile`] grows by before their write-out is started.
const WRITEBACK_BYTES: u64 = 8 << 20;

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(buf)?;
        self.written += written as u64;
        if self.written - self.sent >= WRITEBACK_BYTES {
            start_writeback(&self.file, self.sent..self.written);
            self.sent = self.written;
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Starts writing `range` of `file` to disk, without waiting. Advisory: a failure is found
/// by the sync when the file is finished.
fn start_writeback(file: &File, range: std::ops::Range<u64>) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is `file`'s, open for the whole call, which only starts the
        // write-out of pages already written.
        let _ = unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                range.start as libc::off64_t,
                (range.end - range.start) as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            )
        };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, range);
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
    /// Bytes of the rows written (the BOM left out): with `rows`, what a row takes, so
    /// [`Self::write_records_parallel`] can size the buffers it renders into.
    bytes: usize,
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
            bytes: 0,
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
                self.inner.write_all(self.line.as_bytes())?;
                self.bytes += self.line.len();
            }
            OutputEncoding::Cp932 => {
                let (bytes, unmappable) = encode_cp932(&self.line);
                self.unmappable += unmappable;
                self.inner.write_all(&bytes)?;
                self.bytes += bytes.len();
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Writes one record per item (`record` writes it, without collecting its fields first),
    /// rendering batches of items on all threads (the next batch while the last one is
    /// written); the bytes, their order and the counts are those of writing the records one
    /// by one.
    pub fn write_records_parallel<T: Sync>(
        &mut self,
        items: &[T],
        record: impl Fn(&T, &mut ListWriter<Vec<u8>>) -> std::io::Result<()> + Sync,
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
        // Each buffer sized from the rows written so far (a quarter more), not grown by
        // doubling.
        let bytes_per_row = (self.bytes / self.rows.max(1)) * 5 / 4;
        let render = |batch: &[T]| -> Vec<std::io::Result<ListWriter<Vec<u8>>>> {
            batch
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let buffer = Vec::with_capacity(bytes_per_row * chunk.len());
                    let mut writer = ListWriter::new(buffer, encoding)?;
                    for item in chunk {
                        record(item, &mut writer)?;
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
            self.bytes += writer.bytes;
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

    /// Where DIR cannot be exchanged, the files still replace the earlier outputs, and an
    /// output this run did not write goes.
    #[test]
    fn file_by_file_publishing_replaces_every_output() {
        const OUTPUTS: &[&str] = &["a.csv", "b.csv"];
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("a.csv"), "old a").unwrap();
        std::fs::write(dir.join("b.csv"), "old b").unwrap();
        std::fs::write(dir.join("notes.txt"), "kept").unwrap();
        let out = OutputDir::create(&dir, OUTPUTS).unwrap();
        let mut file = out.create_file("a.csv").unwrap();
        file.write_all(b"new a").unwrap();
        out.finish_file("a.csv", file).unwrap();
        out.commit_file_by_file().unwrap();
        drop(out);
        assert_eq!(std::fs::read_to_string(dir.join("a.csv")).unwrap(), "new a");
        assert!(!dir.join("b.csv").exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "kept"
        );
        let names: Vec<String> = std::fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains("partial")), "{names:?}");
    }

    /// An output larger than the write-out step reads back whole, in order, through every
    /// size of write (the ones a write-out is started at included).
    #[test]
    fn a_file_sent_to_disk_as_it_grows_reads_back_whole() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("out");
        let out = OutputDir::create(&dir, &["big.csv"]).unwrap();
        let mut file = out.create_file("big.csv").unwrap();
        let mut expected = Vec::new();
        for (i, size) in (0..).zip([1, 7, 1 << 20, 3 << 20, 1 << 10, 13 << 20, 5]) {
            let piece: Vec<u8> = (0..size).map(|k| ((k + i) % 251) as u8).collect();
            file.write_all(&piece).unwrap();
            expected.extend(piece);
        }
        assert!(expected.len() as u64 > 2 * WRITEBACK_BYTES);
        out.finish_file("big.csv", file).unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(dir.join("big.csv")).unwrap(), expected);
    }
}
