//! Where the fixed text goes: standard output, or a file written atomically.
//!
//! A file named with `-o` is written through a temporary file in the same directory, which
//! is flushed, synced to disk and renamed over the target only when all the input has been
//! fixed. If anything fails first, the temporary file is removed and the target keeps its
//! old content (or still does not exist). A target that exists but is not a regular file
//! (`/dev/null`, a named pipe, a terminal) cannot be replaced that way and is written
//! directly.

use crate::input::describe;
use anyhow::{anyhow, Result};
use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// The temporary files being written, so that a signal handler can remove them before the
/// process ends (the files they will replace are untouched until the final rename).
static TEMP_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn register_temp(path: &Path) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.push(path.to_path_buf());
    }
}

fn unregister_temp(path: &Path) {
    if let Ok(mut files) = TEMP_FILES.lock() {
        files.retain(|p| p != path);
    }
}

/// Removes every temporary file being written (from a signal handler, before exiting).
pub fn remove_temp_files() {
    if let Ok(files) = TEMP_FILES.lock() {
        for path in files.iter() {
            let _ = fs::remove_file(path);
        }
    }
}

const BUFFER_SIZE: usize = 1 << 16;

/// The output, which must be [`Output::finish`]ed for anything to be kept.
pub struct Output {
    name: String,
    sink: Sink,
}

enum Sink {
    /// Not locked for the whole run: with `-j` above 1 the thread that writes changes.
    Stdout(BufWriter<io::Stdout>),
    /// A device, pipe or other file that is not replaced but written in place.
    Direct(BufWriter<File>),
    Atomic(Box<AtomicFile>),
}

/// Whether descriptor 1 was closed when the process started (set by the binary before the
/// runtime reopens a closed descriptor on `/dev/null`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Records that standard output was closed when the process started: writing to it is then
/// an error rather than a silent loss of the output.
pub fn set_stdout_closed(closed: bool) {
    STDOUT_CLOSED.store(closed, Ordering::Relaxed);
}

/// Standard output; an error if it was closed when the process started.
pub fn stdout_checked() -> Result<io::Stdout> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(anyhow!(
            "standard output is closed, so the output would be lost; \
             redirect it (`> FILE`) or name an output file with -o FILE"
        ));
    }
    Ok(io::stdout())
}

impl Output {
    /// Standard output, buffered; an error if it was closed when the process started.
    pub fn stdout() -> Result<Output> {
        Ok(Output {
            name: "standard output".to_string(),
            sink: Sink::Stdout(BufWriter::with_capacity(BUFFER_SIZE, stdout_checked()?)),
        })
    }

    /// The file `path` (`-`: standard output), replaced atomically at [`Output::finish`] if it
    /// is, or will be, a regular file.
    pub fn file(path: &Path) -> Result<Output> {
        if path.as_os_str() == "-" {
            return Output::stdout();
        }
        let name = path.display().to_string();
        let fail = |what: &str, e: io::Error| anyhow!("{name}: {what}: {}", describe(&e));
        let (target, old) = match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                return Err(anyhow!(
                    "{name}: cannot write the output there: it is a directory"
                ))
            }
            Ok(meta) if !meta.is_file() => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| fail("cannot open output file", e))?;
                return Ok(Output {
                    name,
                    sink: Sink::Direct(BufWriter::with_capacity(BUFFER_SIZE, file)),
                });
            }
            // Replace the file a symbolic link points to, not the link.
            Ok(meta) => (
                fs::canonicalize(path).map_err(|e| fail("cannot resolve output path", e))?,
                Some(meta),
            ),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (path.to_path_buf(), None),
            Err(e) => return Err(fail("cannot write output file", e)),
        };
        let atomic =
            AtomicFile::create(target, old).map_err(|e| fail("cannot create output file", e))?;
        Ok(Output {
            name,
            sink: Sink::Atomic(Box::new(atomic)),
        })
    }

    /// Writes fixed text.
    pub fn write(&mut self, text: &[u8]) -> Result<()> {
        let result = match &mut self.sink {
            Sink::Stdout(w) => w.write_all(text),
            Sink::Direct(w) => w.write_all(text),
            Sink::Atomic(a) => a.writer.write_all(text),
        };
        result.map_err(|e| write_error(&self.name, e))
    }

    /// Abandons the output: a temporary file is removed and the target left as it was.
    pub fn discard(self) {
        drop(self);
    }

    /// How messages name the output.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Flushes everything and, for an atomic file, puts it in place.
    pub fn finish(self) -> Result<()> {
        let name = self.name;
        match self.sink {
            Sink::Stdout(mut w) => w.flush(),
            Sink::Direct(mut w) => w.flush(),
            Sink::Atomic(a) => a.commit(),
        }
        .map_err(|e| write_error(&name, e))
    }
}

/// The reader of the output went away (`textmend big.txt | head -1`): not a failure.
#[derive(Debug)]
pub struct BrokenPipe;

impl fmt::Display for BrokenPipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("broken pipe")
    }
}

impl std::error::Error for BrokenPipe {}

/// An error writing to the output named `name`, or [`BrokenPipe`].
pub fn write_error(name: &str, e: io::Error) -> anyhow::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        anyhow::Error::new(BrokenPipe)
    } else {
        anyhow!("{name}: write error: {}", describe(&e))
    }
}

/// A temporary file that becomes `target` on [`AtomicFile::commit`] and is removed if dropped
/// before.
struct AtomicFile {
    writer: BufWriter<File>,
    temp: PathBuf,
    target: PathBuf,
    /// The file being replaced, whose owner and permissions the new one takes.
    old: Option<Metadata>,
    committed: bool,
}

impl AtomicFile {
    fn create(target: PathBuf, old: Option<Metadata>) -> io::Result<AtomicFile> {
        let file_name = target.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file")
        })?;
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut attempt = 0u32;
        loop {
            let mut temp_name = std::ffi::OsString::from(".");
            temp_name.push(file_name);
            temp_name.push(format!(".textmend-{}-{attempt}.tmp", std::process::id()));
            let temp = dir.join(temp_name);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    register_temp(&temp);
                    return Ok(AtomicFile {
                        writer: BufWriter::with_capacity(BUFFER_SIZE, file),
                        temp,
                        target,
                        old,
                        committed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn commit(mut self) -> io::Result<()> {
        self.writer.flush()?;
        let file = self.writer.get_ref();
        if let Some(old) = self.old.take() {
            #[cfg(unix)]
            {
                // Best effort: only root may give a file away.
                use std::os::unix::fs::MetadataExt;
                let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
            }
            file.set_permissions(old.permissions())?;
        }
        file.sync_all()?;
        fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        unregister_temp(&self.temp);
        sync_parent_dir(&self.target);
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
            unregister_temp(&self.temp);
        }
    }
}

/// Makes a rename durable: best effort, where the platform allows it.
fn sync_parent_dir(path: &Path) {
    #[cfg(unix)]
    {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
