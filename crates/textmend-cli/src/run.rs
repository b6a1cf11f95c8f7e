//! The pipeline: the inputs are read and decoded in turn and cut into batches of whole
//! records ([`Reader`]), the batches are fixed, and the results are written in order, so
//! that memory stays bounded (a fixed number of batches in flight) whatever the size of the
//! input or of its lines. Each thread takes turns at all three ([`Turns`]): it reads the
//! next batch under the reader's lock, fixes it, and writes what is next in order under the
//! writer's, so that a batch stays on the core that read it. With one thread (`-j 1`) the
//! calling thread does it all, a batch at a time.

use crate::csv::{self, ColumnRef, CsvSpec};
use crate::input::{Decoding, InputError, Source, TextReader};
use crate::jsonl::{self, FieldPath};
use crate::output::Output;
use crate::report::{FileReport, Report};
use crate::spans::{self, Ledger, Span, Turn};
use crate::work::{fix_text_batch, Job, Stats, TextPlace};
use anyhow::{anyhow, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::os::fd::{BorrowedFd, RawFd};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use textmend::detect::Detection;
use textmend::UnescapeHtml;

/// The size a batch aims at: large enough that handing it to a thread costs nothing, small
/// enough that a few per thread fit in a few MiB.
pub const BATCH_BYTES: usize = 1 << 18;

/// What each record is.
#[derive(Clone, Debug)]
pub enum Format {
    /// Plain text: lines.
    Text,
    /// JSON Lines, with the fields to fix.
    Jsonl(Vec<FieldPath>),
    /// CSV, with the columns to fix.
    Csv {
        columns: Vec<ColumnRef>,
        delimiter: u8,
        header: bool,
    },
    /// `--chars`: list the characters, fix nothing.
    Chars,
}

/// What to do with a record that cannot be read (JSON Lines, CSV).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    /// Stop, with an error naming the line (exit status 2).
    Fail,
    /// Leave it out, with a warning.
    Skip,
    /// Pass it through unchanged, with a warning.
    Keep,
}

/// Where the fixed text goes.
#[derive(Clone, Debug)]
pub enum Dest {
    /// Standard output, or one file (`-o`), for all inputs in order.
    Single(Option<PathBuf>),
    /// Each file replaced by its fixed version.
    InPlace,
    /// Each file written under this folder.
    OutDir(PathBuf),
    /// Nowhere (`--check`).
    Nowhere,
}

/// Everything the options decide.
#[derive(Clone, Debug)]
pub struct Settings {
    pub job: Job,
    pub format: Format,
    pub decoding: Decoding,
    /// Malformed bytes become U+FFFD instead of an error.
    pub replace_invalid: bool,
    pub on_error: OnError,
    pub threads: usize,
    pub check: bool,
    pub dest: Dest,
    pub quiet: bool,
    pub report: bool,
    pub report_json: Option<PathBuf>,
    /// Show a progress bar (standard error is a terminal, and not `-q`).
    pub progress: bool,
    /// The longest record JSON Lines and CSV accept.
    pub max_record: usize,
    /// `--explain` lines name their file (set when there are several inputs).
    pub explain_file_names: bool,
}

/// Text buffers handed back by the writer once written, for the reader to fill again: a
/// fresh megabyte for every batch would cost page faults and clearing, about a tenth of the
/// time on clean text.
///
/// Each thread has its own free buffers. A batch is read, fixed and (often) written by one
/// thread, and its buffer goes back to that thread, whoever writes it out: its memory is
/// still in that core's cache. Shared between threads, buffers went from core to core, and
/// the read into each one paid for moving its cache lines (with two threads, copying from
/// the page cache took nearly twice as long as with one).
struct BufferPool {
    free: Box<[Mutex<Vec<String>>]>,
}

thread_local! {
    /// The calling thread's place among the threads taking turns (its free buffers).
    static SLOT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The calling thread's place among the threads taking turns.
fn slot() -> usize {
    SLOT.get()
}

impl BufferPool {
    /// At most this many free buffers are kept per thread (a few megabytes); more are
    /// dropped.
    const KEEP: usize = 2;

    fn new(threads: usize) -> BufferPool {
        BufferPool {
            free: (0..threads.max(1)).map(|_| Mutex::default()).collect(),
        }
    }

    fn free(&self, slot: usize) -> &Mutex<Vec<String>> {
        &self.free[slot % self.free.len()]
    }

    /// An empty buffer with room for a batch and the read that completes it, reused when
    /// the calling thread has one free.
    fn take(&self) -> String {
        let room = BATCH_BYTES + crate::input::READ_SIZE + (64 << 10);
        match self
            .free(slot())
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
        {
            Some(text) if text.capacity() >= room => text,
            // A smaller buffer (a changed batch's output, sized to it) would be grown by
            // `realloc`, which copies its old bytes: an empty buffer needs none of them.
            _ => String::with_capacity(room),
        }
    }

    /// Gives back the bytes of a batch to the thread `home`, which filled them.
    fn give(&self, home: usize, mut bytes: Vec<u8>) {
        bytes.clear();
        // Empty, so valid UTF-8: the check costs nothing.
        if let (Ok(text), Ok(mut free)) = (String::from_utf8(bytes), self.free(home).lock()) {
            if free.len() < Self::KEEP && text.capacity() > 0 {
                free.push(text);
            }
        }
    }
}

/// How a run ended, when it did not fail.
#[derive(Debug)]
pub struct Outcome {
    /// With `--check`: whether anything would change.
    pub would_change: bool,
}

/// An input's place in the batches.
struct SourceInfo {
    name: Arc<str>,
    source: Source,
}

/// Why a run stops: a message, or one that names a line the reader did not count (plain
/// text read without line numbers, [`Framer::count_lines`]): the writer, which has every
/// earlier batch's count by then, finds the line.
enum Failure {
    Message(String),
    AtLine {
        /// Lines after the last batch written.
        extra: u64,
        message: Box<dyn FnOnce(u64) -> String + Send>,
    },
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Message(message)
    }
}

/// The message of a failed read of input `name`, given the line.
fn cannot_read(name: &Arc<str>, e: &io::Error) -> impl FnOnce(u64) -> String + Send + 'static {
    let name = Arc::clone(name);
    let what = crate::input::describe(e);
    move |line| format!("{name}:{line}: cannot read: {what}")
}

impl Failure {
    /// A read of input `name` that failed right after the batches written before it.
    fn read_failed(name: &Arc<str>, e: &io::Error) -> Failure {
        Failure::AtLine {
            extra: 0,
            message: Box::new(cannot_read(name, e)),
        }
    }

    /// The message, given the number of lines of the input written before it.
    fn resolve(self, lines_before: u64) -> String {
        match self {
            Failure::Message(message) => message,
            Failure::AtLine { extra, message } => message(1 + lines_before + extra),
        }
    }
}

/// What the reader hands the workers.
enum Item {
    Start(usize),
    Batch(Batch),
    End {
        source: usize,
        transformed: bool,
        detection: Option<Detection>,
        bytes: u64,
    },
    Fail(Failure),
}

struct Batch {
    source: usize,
    /// The thread whose buffer `text` is (see [`BufferPool`]).
    home: usize,
    name: Arc<str>,
    text: String,
    /// The bytes the worker reads into `text` (input read by spans).
    span: Option<Span>,
    /// The batch's place in its input's ledger: the worker reports whether it holds a `<`
    /// and learns whether one came before (`html_off`).
    turn: Option<Turn>,
    first_line: u64,
    /// The number of `\n` in `text`, when the reader counted them for the line numbers
    /// that follow (`None`: the worker counts them).
    newlines: Option<u64>,
    html_off: bool,
    starts_mid_line: bool,
    ends_mid_line: bool,
    ends_input: bool,
    /// Pass the text through as it is (a CSV header).
    verbatim: bool,
    csv: Option<Arc<CsvSpec>>,
    bytes_in: u64,
}

/// What the workers hand the writer.
enum Done {
    Start(usize),
    Batch(BatchDone),
    End {
        source: usize,
        transformed: bool,
        detection: Option<Detection>,
        bytes: u64,
    },
    Fail(Failure),
}

#[derive(Default)]
struct BatchDone {
    source: usize,
    /// The thread whose buffer `text` is (see [`BufferPool`]).
    home: usize,
    text: Vec<u8>,
    /// For standard error: `--explain` lines, warnings about records.
    messages: String,
    stats: Stats,
    changed: bool,
    continued_line_changed: Option<bool>,
    open_line_changed: bool,
    ends_mid_line: bool,
    bytes_in: u64,
    /// The batch stopped at a bad record or byte: what came before it is in `text`.
    error: Option<Failure>,
}

/// Runs the whole job over `sources`.
pub fn run(settings: &Settings, sources: Vec<Source>) -> Result<Outcome> {
    let started = Instant::now();
    let mut settings = settings.clone();
    settings.explain_file_names = sources.len() > 1;
    let infos: Vec<SourceInfo> = sources
        .iter()
        .map(|s| SourceInfo {
            name: Arc::from(s.name()),
            source: s.clone(),
        })
        .collect();
    check_out_dir_targets(&settings, &infos)?;

    // The single output is opened first, so that an unwritable one is reported before any
    // work. If anything below fails, dropping it removes its temporary file.
    let mut single = match &settings.dest {
        Dest::Single(Some(path)) => Some(Output::file(path)?),
        Dest::Single(None) => Some(Output::stdout()?),
        _ => None,
    };

    let threads = settings.threads.max(1);
    let total_bytes: Option<u64> = infos.iter().map(|i| i.source.size()).sum();
    let pool = BufferPool::new(threads);
    let sources: Vec<(Source, Arc<str>)> = infos
        .iter()
        .map(|i| (i.source.clone(), Arc::clone(&i.name)))
        .collect();
    let progress = make_progress(&settings, total_bytes);
    let mut report = Report::new(infos.len());
    let mut writer = Writer {
        settings: &settings,
        infos: &infos,
        single: single.take(),
        current: None,
        stderr: io::stderr(),
        report: &mut report,
        carry_changed: false,
        source_changed: false,
        progress: &progress,
        progress_shown: false,
        started,
        pool: &pool,
    };
    // Each thread takes turns at everything: it reads the next batch (under the reader's
    // lock), fixes it, and writes whatever is next in order (under the writer's lock), so
    // that a batch stays on the core that read it and no thread waits on another's hand-off.
    // With `-j 1` the calling thread alone does it all, batch after batch, and keeps to one
    // core (several processes side by side, one per core, do not crowd each other).
    let result = {
        let turns = Turns {
            reader: Mutex::new((Reader::new(&settings, &sources, &pool), 0)),
            shared: Mutex::new(Shared {
                writer,
                waiting: BTreeMap::new(),
                next: 0,
                failed: None,
                stop: false,
                sleepers: 0,
            }),
            written: Condvar::new(),
            in_flight: threads as u64 * 2 + 2,
        };
        let mut lost = false;
        std::thread::scope(|scope| -> Result<()> {
            let mut handles = Vec::new();
            let (turns, settings, pool) = (&turns, &settings, &pool);
            for i in 1..threads {
                let handle = std::thread::Builder::new()
                    .name(format!("textmend-worker-{i}"))
                    .spawn_scoped(scope, move || turns.take(settings, pool, i));
                match handle {
                    Ok(handle) => handles.push(handle),
                    Err(e) => {
                        turns.stop();
                        return Err(anyhow!("cannot start a thread: {e}"));
                    }
                }
            }
            turns.take(settings, pool, 0);
            for handle in handles {
                // A thread that panicked has printed why; the batch it held is lost.
                lost |= handle.join().is_err();
            }
            Ok(())
        })?;
        let shared = turns
            .shared
            .into_inner()
            .map_err(|_| anyhow!("internal error: a thread stopped while writing"))?;
        writer = shared.writer;
        match shared.failed {
            Some(e) => Err(e),
            None if lost || !shared.waiting.is_empty() => {
                Err(anyhow!("internal error: a batch was lost"))
            }
            None => Ok(()),
        }
    };
    progress.finish_and_clear();
    result?;
    let single = writer.single.take();
    if let Some(out) = single {
        out.finish()?;
    }
    report.elapsed = started.elapsed();
    finish_report(&settings, &report)?;
    Ok(Outcome {
        would_change: report.total.lines_changed > 0 || report.files.iter().any(|f| f.changed),
    })
}

/// `--out-dir`: two inputs must not land on the same file.
fn check_out_dir_targets(settings: &Settings, infos: &[SourceInfo]) -> Result<()> {
    let Dest::OutDir(dir) = &settings.dest else {
        return Ok(());
    };
    let mut seen: BTreeMap<PathBuf, &str> = BTreeMap::new();
    for info in infos {
        let target = out_dir_target(dir, &info.source)?;
        if let Some(other) = seen.insert(target.clone(), &info.name) {
            return Err(anyhow!(
                "{} and {}: both would be written to {}",
                other,
                info.name,
                target.display()
            ));
        }
    }
    Ok(())
}

/// Where `--out-dir DIR` puts the fixed version of `source`: its path under the `-r`
/// folder, or its file name.
pub fn out_dir_target(dir: &Path, source: &Source) -> Result<PathBuf> {
    match source {
        Source::Stdin => Err(anyhow!(
            "--out-dir writes one file per input file: it cannot take standard input"
        )),
        Source::File { path, relative } => {
            let tail =
                match relative {
                    Some(r) => r.clone(),
                    None => PathBuf::from(path.file_name().ok_or_else(|| {
                        anyhow!("{}: the path does not name a file", path.display())
                    })?),
                };
            Ok(dir.join(tail))
        }
    }
}

fn make_progress(settings: &Settings, total: Option<u64>) -> ProgressBar {
    if !settings.progress {
        return ProgressBar::hidden();
    }
    match total {
        Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
            .with_style(
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(
            ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    }
}

/// How long the work must last before the progress bar shows.
const PROGRESS_DELAY: Duration = Duration::from_millis(700);

// ------------------------------------------------------------------------------------------
// Reading

/// The inputs, read in turn and cut into items on demand: each call reads as much as the
/// next item needs (one read of a few hundred KiB most often), so that whichever thread
/// wants work next can read it.
struct Reader<'s> {
    settings: &'s Settings,
    sources: &'s [(Source, Arc<str>)],
    pool: &'s BufferPool,
    /// The input to open next.
    next_source: usize,
    /// The input being read.
    open: Option<OpenSource>,
    /// Items cut but not yet handed out.
    ready: VecDeque<Item>,
    /// A failure was handed out: nothing more comes.
    finished: bool,
}

/// An input being read: its decoder, the text not yet cut, and where the cutting is.
struct OpenSource {
    index: usize,
    name: Arc<str>,
    input: TextReader,
    pending: String,
    /// The thread whose buffer `pending` is (see [`BufferPool`]).
    pending_home: usize,
    framer: Framer,
    bytes_sent: u64,
    /// Reading by spans ([`crate::spans`]), until a line longer than a batch.
    spans: Option<SpanState>,
    /// Where the input's batches report whether they hold a `<` (when the reader does not
    /// look itself: the input was read by spans).
    ledger: Option<Arc<Ledger>>,
    /// The number of batches made of the input so far.
    batches: u64,
}

/// An input read by spans.
struct SpanState {
    file: Arc<File>,
    /// The input's size, as last seen.
    size: u64,
    /// Where the next span starts.
    pos: u64,
    /// Room to look for line breaks in.
    probe: Vec<u8>,
}

impl<'s> Reader<'s> {
    fn new(
        settings: &'s Settings,
        sources: &'s [(Source, Arc<str>)],
        pool: &'s BufferPool,
    ) -> Reader<'s> {
        Reader {
            settings,
            sources,
            pool,
            next_source: 0,
            open: None,
            ready: VecDeque::new(),
            finished: false,
        }
    }

    /// The next item, `None` after the last input's end or after a failure.
    fn next_item(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            if self.finished {
                return None;
            }
            if let Err(failure) = self.step() {
                self.ready.push_back(Item::Fail(failure));
                self.open = None;
                self.finished = true;
            }
        }
    }

    /// Opens the next input, or reads the open one once and cuts what it can.
    fn step(&mut self) -> Result<(), Failure> {
        let Some(open) = &mut self.open else {
            let Some((source, name)) = self.sources.get(self.next_source) else {
                self.finished = true;
                return Ok(());
            };
            let index = self.next_source;
            self.next_source += 1;
            self.ready.push_back(Item::Start(index));
            let (reader, fd) = source.open().map_err(|e| format!("{e:#}"))?;
            let settings = self.settings;
            let spans = by_spans(settings, source, fd);
            let ledger = spans.is_some().then(Arc::default);
            self.open = Some(OpenSource {
                index,
                name: Arc::clone(name),
                input: TextReader::new(reader, fd, settings.decoding, settings.replace_invalid),
                pending: self.pool.take(),
                pending_home: slot(),
                framer: Framer {
                    line: 1,
                    count_lines: !matches!(settings.format, Format::Text) || settings.job.explain,
                    html_seen: false,
                    mid_line: false,
                    csv_scanned: 0,
                    csv_in_quotes: false,
                    csv_boundary: 0,
                    csv_spec: None,
                    header_done: false,
                },
                bytes_sent: 0,
                spans,
                ledger,
                batches: 0,
            });
            return Ok(());
        };
        if open.spans.is_some() {
            return self.step_span();
        }
        let settings = self.settings;
        let pool = self.pool;
        // The read goes into a buffer of this thread's, which keeps the batch it makes:
        // what another thread's buffer holds (the start of a line) moves over.
        let me = slot();
        if open.pending_home != me {
            let mut mine = pool.take();
            mine.push_str(&open.pending);
            let theirs = std::mem::replace(&mut open.pending, mine);
            pool.give(open.pending_home, theirs.into_bytes());
            open.pending_home = me;
        }
        let read = open.input.read_text(&mut open.pending);
        let eof = matches!(read, Ok(false));
        let failed = read.as_ref().err();
        // Everything complete before a failure still goes out, so that the error comes at
        // its place in the output.
        loop {
            let flush = failed.is_some();
            let cut = cut(
                settings,
                &mut open.framer,
                &open.pending,
                eof,
                flush,
                &open.name,
            )?;
            let Some((end, ends_mid_line)) = cut else {
                break;
            };
            // The batch keeps the buffer it was decoded into; the rest of the text (the
            // start of the next line) moves to another.
            let mut rest = pool.take();
            rest.push_str(&open.pending[end..]);
            open.pending.truncate(end);
            let text = std::mem::replace(&mut open.pending, rest);
            let ends_input = eof && open.pending.is_empty();
            let turn = open.next_turn();
            if let Some(mut batch) = make_batch(
                settings,
                &mut open.framer,
                open.index,
                &open.name,
                text,
                ends_mid_line,
                ends_input,
                open.input.bytes_read - open.bytes_sent,
            )? {
                open.bytes_sent = open.input.bytes_read;
                batch.turn = turn;
                self.ready.push_back(Item::Batch(batch));
            }
            if open.pending.is_empty() {
                break;
            }
        }
        let name = &open.name;
        match read {
            Ok(true) => Ok(()),
            Ok(false) => {
                if !open.pending.is_empty() {
                    return Err(format!("{name}: internal error: text left at the end").into());
                }
                let Some(open) = self.open.take() else {
                    return Ok(());
                };
                self.ready.push_back(Item::End {
                    source: open.index,
                    transformed: open.input.transformed(),
                    detection: open.input.detection,
                    bytes: open.input.bytes_read,
                });
                Ok(())
            }
            Err(InputError::Io(e)) => Err(open.framer.failure_at(0, cannot_read(name, &e))),
            Err(InputError::Decode(e)) => {
                let extra = memchr::memchr_iter(b'\n', open.pending.as_bytes()).count() as u64;
                let name = Arc::clone(name);
                let settings = settings.clone();
                let detection = open.input.detection;
                Err(open.framer.failure_at(extra, move |line| {
                    decode_message(&name, line, &e, &settings, detection.as_ref())
                }))
            }
        }
    }
}

impl Reader<'_> {
    /// [`Reader::step`] for an input read by spans: marks out the next span of whole lines
    /// for a thread to read, or ends the input, or goes on reading it in turn from where a
    /// line longer than a batch starts.
    fn step_span(&mut self) -> Result<(), Failure> {
        let Some(open) = &mut self.open else {
            return Ok(());
        };
        let Some(state) = &mut open.spans else {
            return Ok(());
        };
        let name = Arc::clone(&open.name);
        let failed = |e: io::Error| Failure::read_failed(&name, &e);
        let mut end = (state.pos + BATCH_BYTES as u64).min(state.size);
        if end == state.size {
            // The end as it is now: a file that grew is read on.
            state.size = state.file.metadata().map_err(failed)?.len().max(state.size);
            end = (state.pos + BATCH_BYTES as u64).min(state.size);
        }
        if state.pos == state.size {
            // A file may hold more than its size says (files under /proc say 0): what
            // follows, if anything, is read in turn.
            let mut one = [0u8];
            if state.file.read_at(&mut one, state.pos).map_err(failed)? > 0 {
                let pos = state.pos;
                return open.read_in_turn_from(pos).map_err(failed);
            }
            let bytes = state.pos;
            let source = open.index;
            self.open = None;
            self.ready.push_back(Item::End {
                source,
                transformed: false,
                detection: None,
                bytes,
            });
            return Ok(());
        }
        let last = end == state.size;
        if !last {
            match spans::last_line_end(&state.file, state.pos, end, &mut state.probe)
                .map_err(failed)?
            {
                Some(at) => end = at,
                None => {
                    // A line longer than a batch: read in turn from here on, where it is
                    // cut into pieces as always.
                    let pos = state.pos;
                    return open.read_in_turn_from(pos).map_err(failed);
                }
            }
        }
        let len = end - state.pos;
        let span = Span {
            file: Arc::clone(&state.file),
            offset: state.pos,
            len: len as usize,
            last,
        };
        state.pos = end;
        let turn = open.next_turn();
        self.ready.push_back(Item::Batch(Batch {
            source: open.index,
            home: slot(),
            name: Arc::clone(&open.name),
            text: String::new(),
            span: Some(span),
            turn,
            first_line: 0,
            newlines: None,
            html_off: false,
            starts_mid_line: false,
            ends_mid_line: false,
            ends_input: last,
            verbatim: false,
            csv: None,
            bytes_in: len,
        }));
        Ok(())
    }
}

impl OpenSource {
    /// The next batch's place in the input's ledger, if it has one.
    fn next_turn(&mut self) -> Option<Turn> {
        let ledger = self.ledger.as_ref()?;
        self.batches += 1;
        Some(Turn::new(Arc::clone(ledger), self.batches - 1))
    }

    /// Stops reading by spans: the input is read in turn from byte `pos` on.
    fn read_in_turn_from(&mut self, pos: u64) -> io::Result<()> {
        self.spans = None;
        self.bytes_sent = pos;
        self.input.resume_at(pos)
    }
}

/// Whether `source` is read by spans ([`crate::spans`]): with several threads, plain text
/// in UTF-8 taken as it is, without line numbers for the workers, from a regular file.
fn by_spans(settings: &Settings, source: &Source, fd: Option<RawFd>) -> Option<SpanState> {
    let (Source::File { .. }, Some(fd)) = (source, fd) else {
        return None;
    };
    if settings.threads < 2
        || !matches!(settings.format, Format::Text)
        || !matches!(settings.decoding, Decoding::Utf8)
        || settings.replace_invalid
        || settings.job.explain
    {
        return None;
    }
    // SAFETY: `fd` is open, owned by the reader just opened, which outlives this call;
    // the borrow only lasts for the duplication.
    let file = File::from(
        unsafe { BorrowedFd::borrow_raw(fd) }
            .try_clone_to_owned()
            .ok()?,
    );
    let meta = file.metadata().ok()?;
    meta.file_type().is_file().then(|| SpanState {
        file: Arc::new(file),
        size: meta.len(),
        pos: 0,
        probe: Vec::new(),
    })
}

/// Cuts batches out of the decoded text of one input.
struct Framer {
    /// Lines seen before the text still pending, when counted.
    line: u64,
    /// Whether the reader counts lines (`line`): the workers need a batch's first line for
    /// `--explain` and for records' messages. Plain text otherwise goes without: counting
    /// under the reader's lock held the other threads up, and the rare message that names a
    /// line (a decoding error) has it found by the writer ([`Failure::AtLine`]).
    count_lines: bool,
    html_seen: bool,
    /// The pending text starts inside a line (after a piece of a long one).
    mid_line: bool,
    /// CSV: how far the pending text has been scanned, and whether that point is inside
    /// quotes; the end of the last record found.
    csv_scanned: usize,
    csv_in_quotes: bool,
    csv_boundary: usize,
    csv_spec: Option<Arc<CsvSpec>>,
    header_done: bool,
}

fn decode_message(
    name: &str,
    line: u64,
    e: &textmend::detect::DecodeError,
    settings: &Settings,
    detection: Option<&Detection>,
) -> String {
    let bytes: Vec<String> = e.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
    let what = if e.truncated {
        format!("truncated byte sequence {}", bytes.join(" "))
    } else if e.bytes.len() == 1 {
        format!("invalid byte {}", bytes.join(" "))
    } else {
        format!("invalid bytes {}", bytes.join(" "))
    };
    let of = if name == crate::input::STDIN_NAME {
        "input"
    } else {
        "file"
    };
    let hint = match (settings.decoding, detection) {
        (Decoding::Utf8, _) => {
            "; its encoding can be guessed with -g/--guess or named with -e ENC, or the bytes \
             replaced with U+FFFD by --invalid replace"
                .to_string()
        }
        (Decoding::Guess, Some(d)) => format!(
            "; the encoding was guessed as {} ({}) from the start of the input: name it with \
             -e ENC, or replace bad bytes with --invalid replace",
            d.encoding,
            d.reason.describe()
        ),
        _ => "; replace such bytes with U+FFFD with --invalid replace".to_string(),
    };
    format!(
        "{name}:{line}: the input is not {}: {what} at byte offset {} of the {of}{hint}",
        e.encoding, e.offset
    )
}

/// Where the next batch ends in `pending`, and whether it ends inside a line; `None` when
/// more text is needed. `eof`: nothing more will come; `flush`: nothing more will come
/// after an error, so every complete record goes now, and an incomplete one never.
fn cut(
    settings: &Settings,
    framer: &mut Framer,
    pending: &str,
    eof: bool,
    flush: bool,
    name: &str,
) -> Result<Option<(usize, bool)>, String> {
    if pending.is_empty() {
        return Ok(None);
    }
    let bytes = pending.as_bytes();
    match &settings.format {
        Format::Text | Format::Chars => {
            if bytes.len() < BATCH_BYTES && !eof && !flush {
                return Ok(None);
            }
            let window = &bytes[..bytes.len().min(BATCH_BYTES)];
            if let Some(i) = memchr::memrchr(b'\n', window) {
                return Ok(Some((i + 1, false)));
            }
            // A line longer than a batch: cut it where fix_text cuts segments
            // (`textmend::segment_len`), at the last segment end within a batch. A segment
            // that reaches the end of the text read so far may end elsewhere once more
            // comes, so only the ends before it count.
            let newline = memchr::memchr(b'\n', bytes);
            let limit = newline.map_or(bytes.len(), |i| i + 1);
            let line = &pending[..limit];
            let mut last_cut = None;
            let mut at = 0;
            loop {
                let len = textmend::segment_len(&line[at..], &settings.job.config);
                let next = at + len;
                if len == 0 || next >= line.len() || (next > BATCH_BYTES && last_cut.is_some()) {
                    break;
                }
                last_cut = Some(next);
                at = next;
            }
            if let Some(at) = last_cut {
                if newline.is_none() || at < limit {
                    return Ok(Some((at, true)));
                }
            }
            if newline.is_some() || eof {
                return Ok(Some((limit, false)));
            }
            Ok(None)
        }
        Format::Jsonl(_) => {
            if bytes.len() < BATCH_BYTES && !eof && !flush {
                return Ok(None);
            }
            let window = &bytes[..bytes.len().min(BATCH_BYTES)];
            if let Some(i) = memchr::memrchr(b'\n', window) {
                return Ok(Some((i + 1, false)));
            }
            if let Some(i) = memchr::memchr(b'\n', bytes) {
                return Ok(Some((i + 1, false)));
            }
            if eof {
                return Ok(Some((bytes.len(), false)));
            }
            if bytes.len() > settings.max_record {
                return Err(record_too_long(name, framer.line, settings.max_record));
            }
            Ok(None)
        }
        Format::Csv { .. } => {
            while framer.csv_scanned < bytes.len() {
                let (end, in_quotes) =
                    csv::record_end(bytes, framer.csv_scanned, framer.csv_in_quotes);
                match end {
                    Some(end) => {
                        framer.csv_boundary = end;
                        framer.csv_scanned = end;
                        framer.csv_in_quotes = false;
                        if end >= BATCH_BYTES || !framer.header_done {
                            break;
                        }
                    }
                    None => {
                        framer.csv_scanned = bytes.len();
                        framer.csv_in_quotes = in_quotes;
                    }
                }
            }
            let cut_at = if framer.csv_boundary > 0
                && (bytes.len() >= BATCH_BYTES || eof || flush || !framer.header_done)
            {
                framer.csv_boundary
            } else if eof {
                bytes.len()
            } else {
                if bytes.len() > settings.max_record && framer.csv_boundary == 0 {
                    return Err(record_too_long(name, framer.line, settings.max_record));
                }
                return Ok(None);
            };
            framer.csv_scanned -= cut_at.min(framer.csv_scanned);
            framer.csv_boundary = 0;
            Ok(Some((cut_at, false)))
        }
    }
}

impl Framer {
    /// A failure `extra` lines after the pending text's start, its message made by
    /// `message` from the line's number.
    fn failure_at(
        &self,
        extra: u64,
        message: impl FnOnce(u64) -> String + Send + 'static,
    ) -> Failure {
        if self.count_lines {
            Failure::Message(message(self.line + extra))
        } else {
            Failure::AtLine {
                extra,
                message: Box::new(message),
            }
        }
    }
}

fn record_too_long(name: &str, line: u64, max: usize) -> String {
    format!(
        "{name}:{line}: a record longer than {max} bytes (an unclosed quote?); \
         --max-record raises the limit"
    )
}

#[allow(clippy::too_many_arguments)]
fn make_batch(
    settings: &Settings,
    framer: &mut Framer,
    index: usize,
    name: &Arc<str>,
    text: String,
    ends_mid_line: bool,
    ends_input: bool,
    bytes_in: u64,
) -> Result<Option<Batch>, String> {
    let first_line = framer.line;
    let newlines = framer
        .count_lines
        .then(|| memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64);
    framer.line += newlines.unwrap_or(0);
    let html_off = framer.html_seen;
    if matches!(settings.format, Format::Text)
        && settings.job.config.unescape_html == UnescapeHtml::Auto
        && !framer.html_seen
    {
        framer.html_seen = memchr::memchr(b'<', text.as_bytes()).is_some();
    }
    let starts_mid_line = framer.mid_line;
    framer.mid_line = ends_mid_line;
    let mut verbatim = false;
    if let Format::Csv {
        columns,
        delimiter,
        header,
    } = &settings.format
    {
        if !framer.header_done {
            framer.header_done = true;
            if *header {
                let (indices, width) = csv::resolve_columns(&text, columns, *delimiter)
                    .map_err(|e| format!("{name}:{first_line}: in the CSV header: {e}"))?;
                framer.csv_spec = Some(Arc::new(CsvSpec {
                    delimiter: *delimiter,
                    columns: indices,
                    width: Some(width),
                }));
                verbatim = true;
            } else {
                let mut indices = Vec::new();
                for column in columns {
                    match column {
                        ColumnRef::Number(n) => indices.push(n - 1),
                        ColumnRef::Name(n) => {
                            return Err(format!(
                                "--csv {n}: columns have no names without a header; give its number"
                            ))
                        }
                    }
                }
                framer.csv_spec = Some(Arc::new(CsvSpec {
                    delimiter: *delimiter,
                    columns: indices,
                    width: None,
                }));
            }
        }
    }
    Ok(Some(Batch {
        source: index,
        home: slot(),
        span: None,
        turn: None,
        name: Arc::clone(name),
        text,
        first_line,
        newlines,
        html_off,
        starts_mid_line,
        ends_mid_line,
        ends_input,
        verbatim,
        csv: framer.csv_spec.clone(),
        bytes_in,
    }))
}

// ------------------------------------------------------------------------------------------
// Working

/// What the writer gets for an item.
fn work_item(settings: &Settings, item: Item, pool: &BufferPool) -> Done {
    match item {
        Item::Start(source) => Done::Start(source),
        Item::End {
            source,
            transformed,
            detection,
            bytes,
        } => Done::End {
            source,
            transformed,
            detection,
            bytes,
        },
        Item::Fail(failure) => Done::Fail(failure),
        Item::Batch(batch) => match fix_batch(settings, batch, pool) {
            Ok(done) => Done::Batch(done),
            Err(failure) => Done::Fail(failure),
        },
    }
}

/// Reads a batch's span into its text. Bytes that are not UTF-8 end the batch before
/// the line they are on, and the failure that comes after it is returned; the text before
/// is fixed and written as usual (as when the input is read in turn).
fn read_span(
    settings: &Settings,
    batch: &mut Batch,
    span: &Span,
    pool: &BufferPool,
) -> Result<Option<Failure>, Failure> {
    let name = Arc::clone(&batch.name);
    let mut bytes = pool.take().into_bytes();
    batch.home = slot();
    if let Err(e) = span.read_into(&mut bytes) {
        return Err(Failure::read_failed(&name, &e));
    }
    let valid = match simdutf8::basic::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        Err(_) => {
            simdutf8::compat::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len())
        }
    };
    let mut failure = None;
    if valid < bytes.len() {
        // What the decoder says of the bytes from there, as when it reads them in turn.
        let mut decoder = textmend::detect::TextEncoding::UTF_8_RAW
            .new_decoder(false)
            .starting_at(span.offset + valid as u64);
        let mut sink = String::new();
        let message = match decoder.decode(&bytes[valid..], span.last, &mut sink) {
            Err(e) => {
                let settings = settings.clone();
                Box::new(move |line| decode_message(&name, line, &e, &settings, None))
                    as Box<dyn FnOnce(u64) -> String + Send>
            }
            Ok(()) => Box::new(move |line| {
                format!("{name}:{line}: internal error: bytes that are not UTF-8 were decoded")
            }),
        };
        failure = Some(Failure::AtLine { extra: 0, message });
        let whole_lines = memchr::memrchr(b'\n', &bytes[..valid]).map_or(0, |i| i + 1);
        bytes.truncate(whole_lines);
        batch.ends_input = false;
    }
    // SAFETY: the bytes were just checked to be UTF-8, up to `valid`; what is kept ends
    // there or at a line break before it.
    batch.text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(failure)
}

/// Fixes one batch; the error is a message naming the file and line.
fn fix_batch(
    settings: &Settings,
    mut batch: Batch,
    pool: &BufferPool,
) -> Result<BatchDone, Failure> {
    let mut error = None;
    if let Some(span) = batch.span.take() {
        error = read_span(settings, &mut batch, &span, pool)?;
    }
    // Whether a `<` came before: when an earlier batch has not said yet, the batch is fixed
    // as though none did (the likely answer), and fixed again in the rare case it did.
    let mut guessed = false;
    if let Some(turn) = &mut batch.turn {
        turn.report(batch.text.as_bytes());
        batch.html_off = turn.known().unwrap_or_else(|| {
            guessed = true;
            false
        });
    }
    let mut done = BatchDone {
        source: batch.source,
        home: batch.home,
        ends_mid_line: batch.ends_mid_line,
        bytes_in: batch.bytes_in,
        error,
        ..BatchDone::default()
    };
    if batch.verbatim {
        if !settings.check {
            done.text = batch.text.into_bytes();
        }
        done.stats.lines = 1;
        return Ok(done);
    }
    let job = &settings.job;
    match &settings.format {
        Format::Text => {
            let mut place = TextPlace {
                html_off: batch.html_off,
                first_line: batch.first_line,
                newlines: batch.newlines,
                file_name: explain_names_files(settings).then_some(&*batch.name),
                starts_mid_line: batch.starts_mid_line,
                ends_input: batch.ends_input,
            };
            let mut out = fix_text_batch(&batch.text, job, place, settings.check);
            if guessed && batch.turn.as_ref().is_some_and(Turn::before) {
                place.html_off = true;
                out = fix_text_batch(&batch.text, job, place, settings.check);
            }
            let unchanged = matches!(out.text, Cow::Borrowed(_));
            if !unchanged {
                done.text = out.text.into_owned().into_bytes();
            }
            done.messages = out.explain;
            done.stats = out.stats;
            done.changed = out.changed;
            done.continued_line_changed = out.continued_line_changed;
            done.open_line_changed = out.open_line_changed;
            if unchanged && !settings.check {
                // The batch itself is the output: no copy.
                done.text = batch.text.into_bytes();
            } else {
                pool.give(batch.home, batch.text.into_bytes());
            }
        }
        Format::Chars => {
            let mut out = String::with_capacity(batch.text.len() * 40);
            crate::chars::explain_chars(&batch.text, &mut out);
            done.text = out.into_bytes();
        }
        Format::Jsonl(paths) => {
            for (line, record) in (batch.first_line..).zip(batch.text.split_inclusive('\n')) {
                let result = jsonl::fix_record(record.as_bytes(), paths, job);
                if let Err(e) = take_record(settings, &batch.name, line, record, result, &mut done)
                {
                    done.error = Some(e.into());
                    break;
                }
            }
        }
        Format::Csv { .. } => {
            let spec = batch
                .csv
                .as_deref()
                .ok_or_else(|| format!("{}: internal error: no CSV columns", batch.name))?;
            let bytes = batch.text.as_bytes();
            let mut line = batch.first_line;
            let mut pos = 0;
            while pos < bytes.len() {
                let end = csv::record_end(bytes, pos, false).0.unwrap_or(bytes.len());
                let record = &batch.text[pos..end];
                let result = csv::fix_record(record.as_bytes(), spec, job);
                if let Err(e) = take_record(settings, &batch.name, line, record, result, &mut done)
                {
                    done.error = Some(e.into());
                    break;
                }
                line += memchr::memchr_iter(b'\n', record.as_bytes()).count() as u64;
                pos = end;
            }
        }
    }
    Ok(done)
}

/// Adds one record's result to the batch's, as `--on-error` says for a bad one.
fn take_record(
    settings: &Settings,
    name: &str,
    line: u64,
    record: &str,
    result: Result<jsonl::Fixed<'_>, jsonl::RecordError>,
    done: &mut BatchDone,
) -> Result<(), String> {
    done.stats.lines += 1;
    match result {
        Ok(fixed) => {
            if fixed.changed {
                done.stats.lines_changed += 1;
                done.changed = true;
            }
            done.stats.add(&fixed.stats);
            if !settings.check {
                done.text.extend_from_slice(&fixed.bytes);
            }
            Ok(())
        }
        Err(e) => match settings.on_error {
            OnError::Fail => Err(format!(
                "{name}:{line}: {e}; --on-error skip or --on-error keep goes past such records"
            )),
            OnError::Skip => {
                done.stats.records_skipped += 1;
                if !settings.quiet {
                    done.messages
                        .push_str(&format!("textmend: {name}:{line}: skipped: {e}\n"));
                }
                Ok(())
            }
            OnError::Keep => {
                done.stats.records_kept += 1;
                if !settings.quiet {
                    done.messages
                        .push_str(&format!("textmend: {name}:{line}: kept as it was: {e}\n"));
                }
                if !settings.check {
                    done.text.extend_from_slice(record.as_bytes());
                }
                Ok(())
            }
        },
    }
}

fn explain_names_files(settings: &Settings) -> bool {
    settings.explain_file_names
}

// ------------------------------------------------------------------------------------------
// Writing

/// What the threads share when they take turns (one or more): the reader with the number
/// of the next item it hands out, and the writer with the items done but not yet written.
struct Turns<'s, 'w> {
    reader: Mutex<(Reader<'s>, u64)>,
    shared: Mutex<Shared<'w>>,
    /// Signalled whenever items are written, or the run stops.
    written: Condvar,
    /// How far ahead of the writer the reader may get, in items: memory stays bounded
    /// whatever a slow batch holds up.
    in_flight: u64,
}

struct Shared<'w> {
    writer: Writer<'w>,
    /// Items done, by number, waiting for those before them.
    waiting: BTreeMap<u64, Done>,
    /// The number of the next item to write.
    next: u64,
    /// Why the run stopped, if it failed.
    failed: Option<anyhow::Error>,
    stop: bool,
    /// Threads waiting for the writer to catch up (on `written`).
    sleepers: usize,
}

impl Turns<'_, '_> {
    /// Takes turns until every item is read, or the run stops.
    fn take(&self, settings: &Settings, pool: &BufferPool, slot: usize) {
        SLOT.set(slot);
        // Should this thread panic (a bug), the others stop rather than wait forever for
        // the item it held.
        let _stop_on_panic = StopOnPanic(self);
        loop {
            let (seq, item) = {
                let Ok(mut reader) = self.reader.lock() else {
                    return self.stop();
                };
                let seq = reader.1;
                // Not too far ahead of the writer.
                {
                    let Ok(mut shared) = self.shared.lock() else {
                        return self.stop();
                    };
                    while !shared.stop && seq >= shared.next + self.in_flight {
                        shared.sleepers += 1;
                        shared = match self.written.wait(shared) {
                            Ok(shared) => shared,
                            Err(_) => return self.stop(),
                        };
                        shared.sleepers -= 1;
                    }
                    if shared.stop {
                        return;
                    }
                }
                let Some(item) = reader.0.next_item() else {
                    return;
                };
                reader.1 += 1;
                (seq, item)
            };
            let done = work_item(settings, item, pool);
            let Ok(mut shared) = self.shared.lock() else {
                return self.stop();
            };
            if shared.stop {
                return;
            }
            shared.waiting.insert(seq, done);
            let shared = &mut *shared;
            while let Some(done) = shared.waiting.remove(&shared.next) {
                shared.next += 1;
                if let Err(e) = shared.writer.take(done) {
                    shared.failed = Some(e);
                    shared.stop = true;
                    break;
                }
            }
            shared.writer.show_progress_when_due();
            // A wake-up is a system call: only made for a thread that sleeps.
            if shared.sleepers > 0 {
                self.written.notify_all();
            }
        }
    }

    /// Stops every thread at its next turn.
    fn stop(&self) {
        // Also when a thread panicked holding the lock: the flag must still be set.
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.stop = true;
        drop(shared);
        self.written.notify_all();
    }
}

/// Stops the other threads if the thread that holds it unwinds.
struct StopOnPanic<'t, 's, 'w>(&'t Turns<'s, 'w>);

impl Drop for StopOnPanic<'_, '_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

struct Writer<'a> {
    settings: &'a Settings,
    infos: &'a [SourceInfo],
    single: Option<Output>,
    /// The output of the input being written, with `--in-place` or `--out-dir`.
    current: Option<Output>,
    stderr: io::Stderr,
    report: &'a mut Report,
    /// A line cut across batches changed in an earlier batch.
    carry_changed: bool,
    /// The current input changed.
    source_changed: bool,
    progress: &'a ProgressBar,
    /// The progress bar is drawn.
    progress_shown: bool,
    started: Instant,
    pool: &'a BufferPool,
}

impl Writer<'_> {
    /// Shows the progress bar, if asked for, once the work has lasted [`PROGRESS_DELAY`].
    fn show_progress_when_due(&mut self) {
        if !self.progress_shown && self.settings.progress && self.started.elapsed() > PROGRESS_DELAY
        {
            self.progress.set_draw_target(ProgressDrawTarget::stderr());
            self.progress_shown = true;
        }
    }

    fn take(&mut self, done: Done) -> Result<()> {
        match done {
            Done::Start(source) => {
                self.source_changed = false;
                self.carry_changed = false;
                let info = &self.infos[source];
                self.current = match (&self.settings.dest, &info.source) {
                    (Dest::InPlace, Source::File { path, .. }) => Some(Output::file(path)?),
                    (Dest::OutDir(dir), source) => {
                        let target = out_dir_target(dir, source)?;
                        if let Some(parent) = target.parent() {
                            std::fs::create_dir_all(parent).map_err(|e| {
                                anyhow!(
                                    "{}: cannot create the folder: {}",
                                    parent.display(),
                                    crate::input::describe(&e)
                                )
                            })?;
                        }
                        Some(Output::file(&target)?)
                    }
                    _ => None,
                };
                self.report.files.push(FileReport {
                    name: info.name.to_string(),
                    ..FileReport::default()
                });
            }
            Done::Batch(batch) => {
                let mut stats = batch.stats;
                if let Some(changed) = batch.continued_line_changed {
                    if changed || self.carry_changed {
                        stats.lines_changed += 1;
                    }
                    self.carry_changed = false;
                }
                if batch.ends_mid_line {
                    self.carry_changed |= batch.open_line_changed;
                }
                if batch.changed {
                    self.source_changed = true;
                }
                if !batch.messages.is_empty() {
                    self.progress.suspend(|| {
                        let _ = self.stderr.write_all(batch.messages.as_bytes());
                    });
                }
                if !batch.text.is_empty() {
                    let out = match (&mut self.current, &mut self.single) {
                        (Some(out), _) => Some(out),
                        (None, Some(out)) => Some(out),
                        (None, None) => None,
                    };
                    if let Some(out) = out {
                        out.write(&batch.text)?;
                    }
                    self.report.bytes_out += batch.text.len() as u64;
                }
                self.pool.give(batch.home, batch.text);
                self.progress.inc(batch.bytes_in);
                if let Some(file) = self.report.files.last_mut() {
                    file.stats.add(&stats);
                }
                self.report.total.add(&stats);
                let _ = batch.source;
                if let Some(failure) = batch.error {
                    let lines = self.report.files.last().map_or(0, |f| f.stats.lines);
                    return Err(anyhow!(failure.resolve(lines)));
                }
            }
            Done::End {
                source,
                transformed,
                detection,
                bytes,
            } => {
                self.report.bytes_in += bytes;
                if let Some(file) = self.report.files.last_mut() {
                    file.encoding = detection.map(|d| {
                        (
                            d.encoding.name().to_string(),
                            d.reason.describe().to_string(),
                        )
                    });
                    file.changed = self.source_changed || transformed;
                    file.transformed = transformed;
                    file.bytes = bytes;
                }
                if let Some(out) = self.current.take() {
                    let keep = match self.settings.dest {
                        // An unchanged file is left alone: same bytes, same timestamps.
                        Dest::InPlace => self.source_changed || transformed,
                        _ => true,
                    };
                    if keep {
                        out.finish()?;
                    } else {
                        out.discard();
                    }
                }
                if let Some(d) = detection {
                    if self.settings.job.explain && !self.settings.quiet {
                        let name = &self.infos[source].name;
                        self.progress.suspend(|| {
                            let _ = writeln!(
                                self.stderr,
                                "{name}: encoding {} ({})",
                                d.encoding,
                                d.reason.describe()
                            );
                        });
                    }
                }
            }
            Done::Fail(failure) => {
                let lines = self.report.files.last().map_or(0, |f| f.stats.lines);
                return Err(anyhow!(failure.resolve(lines)));
            }
        }
        Ok(())
    }
}

fn finish_report(settings: &Settings, report: &Report) -> Result<()> {
    if settings.check && !settings.quiet {
        let mut stdout = crate::output::stdout_checked()?;
        let text = report.check_summary();
        stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush())
            .map_err(|e| crate::output::write_error("standard output", e))?;
    }
    if settings.report {
        let text = report.human();
        let mut stderr = io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes());
    }
    if let Some(path) = &settings.report_json {
        let json = report.json();
        let mut out = Output::file(path)?;
        out.write(json.as_bytes())?;
        out.write(b"\n")?;
        out.finish()?;
    }
    Ok(())
}

/// Whether the progress bar may show: standard error is a terminal.
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}
