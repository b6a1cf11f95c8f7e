//! Throughput of textmend on a generated corpus, side by side with ftfy.
//!
//! Three kinds of figures, all in MB/s (10^6 bytes of input per second):
//!
//! - **ceilings**: what a pass over the same bytes can reach on this machine at best: ASCII
//!   OR-ed 32 bytes at a time, and every character decoded and looked up in a two-level
//!   table. textmend's fast path is one such pass, so these bound it.
//! - **in-process**: the library on text already in memory, output copied into a buffer as
//!   a writer would; one thread, and all cores with `std::thread` over batches of lines.
//! - **whole process**: the `textmend` binary on the corpus file, output to `/dev/null`, next
//!   to ftfy's own command line on the same file when it is installed.
//!
//! Nothing here asserts a time: the smoke test runs everything on a tiny corpus so that the
//! benchmark keeps compiling and working.

pub mod corpus;

use corpus::Kind;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::hint::black_box;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use textmend::{fix_encoding, Config, StreamFixer};

/// What to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Where the corpus files are written.
    pub dir: PathBuf,
    /// Size of each corpus, in bytes.
    pub corpus_bytes: usize,
    /// Each in-process figure is the best of this many runs (whole-process ones too).
    pub runs: usize,
    /// Threads for the "all cores" figures.
    pub threads: usize,
    /// The `textmend` binary, for whole-process figures.
    pub textmend: Option<PathBuf>,
    /// ftfy's command line, for the side-by-side figures.
    pub ftfy: Option<PathBuf>,
    /// If not 0, the size of the file streamed through `textmend` to measure peak memory.
    pub stream_bytes: u64,
    /// If not 0, the whole-process figures are also taken on each corpus written over and
    /// over to this size ("corpus scale"), where starting a process is a small part of a
    /// run: on 24 MB a one-thread run of English lasts about 9 ms, of which a millisecond or
    /// two go to starting the process, which more threads cannot shorten.
    pub scale_bytes: u64,
    /// Only these corpora (all when empty).
    pub only: Vec<Kind>,
    /// The configuration the in-process figures use (the command line runs with its own
    /// default, which is `Config::default()`).
    pub config: Config,
}

impl Options {
    /// Small and quick: what the smoke test runs.
    pub fn tiny(dir: PathBuf) -> Options {
        Options {
            dir,
            corpus_bytes: 48 * 1024,
            runs: 1,
            threads: 2,
            textmend: None,
            ftfy: None,
            stream_bytes: 0,
            scale_bytes: 0,
            only: Vec::new(),
            config: Config::default(),
        }
    }
}

/// One measured figure.
#[derive(Clone, Debug)]
pub struct Row {
    pub corpus: &'static str,
    /// What ran: `fix_text`, `fix_encoding`, a ceiling, `ftfy`.
    pub what: String,
    /// How: in-process line by line, whole process, ...
    pub how: String,
    pub threads: usize,
    /// By the wall clock.
    pub mb_per_s: f64,
    /// Per CPU-second: by the CPU time of all the threads (or of the child process), so
    /// that on a busy machine time spent waiting for a core does not count. With one
    /// thread on an idle machine it is close to `mb_per_s`.
    pub mb_per_cpu_s: f64,
    /// This figure divided by ftfy's command line on the same file, when measured, both per
    /// CPU-second.
    pub vs_ftfy: Option<f64>,
}

/// Everything measured.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub rows: Vec<Row>,
    /// Notes on what could not be measured and why, and other facts (sizes, peak memory).
    pub notes: Vec<String>,
    /// Peak resident memory of `textmend` streaming a large file, in KiB.
    pub peak_kib: Option<u64>,
}

impl Report {
    /// The report as a Markdown table with its notes.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        s.push_str(
            "| corpus | what | how | threads | MB/s | MB per CPU-s | × ftfy CLI, per CPU-s |\n",
        );
        s.push_str("|---|---|---|---:|---:|---:|---:|\n");
        for r in &self.rows {
            let ratio = r.vs_ftfy.map_or(String::from("–"), |x| format!("{x:.0}×"));
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {:.0} | {:.0} | {} |",
                r.corpus, r.what, r.how, r.threads, r.mb_per_s, r.mb_per_cpu_s, ratio
            );
        }
        for n in &self.notes {
            let _ = writeln!(s, "\n- {n}");
        }
        s
    }
}

/// A size as the notes write it: `240 MB`, `0.2 MB`.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

fn mb_per_s(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64().max(1e-9)
}

/// A wall-clock time and the CPU time spent in it.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub wall: Duration,
    pub cpu: Duration,
}

impl Timing {
    const WORST: Timing = Timing {
        wall: Duration::MAX,
        cpu: Duration::MAX,
    };

    /// The best of two timings, each measure on its own.
    fn best(self, other: Timing) -> Timing {
        Timing {
            wall: self.wall.min(other.wall),
            cpu: self.cpu.min(other.cpu),
        }
    }
}

fn clock(id: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call, and the
    // clock ids passed here exist on every Linux.
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU time used by all the threads of this process so far.
pub fn process_cpu_time() -> Duration {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

/// CPU time (user and system) used by the child processes waited for so far.
pub fn children_cpu_time() -> Duration {
    // SAFETY: all zeros is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is valid and writable for the duration of the call.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// How long `f` takes in this process, by the wall clock and in CPU time.
fn timed(f: impl FnOnce()) -> Timing {
    let (cpu, start) = (process_cpu_time(), Instant::now());
    f();
    Timing {
        wall: start.elapsed(),
        cpu: process_cpu_time().saturating_sub(cpu),
    }
}

/// Runs `f` `runs` times and returns the best wall-clock and CPU times.
fn best_of(runs: usize, mut f: impl FnMut()) -> Timing {
    (0..runs.max(1))
        .map(|_| timed(&mut f))
        .fold(Timing::WORST, Timing::best)
}

/// Runs each of `variants` measurements `runs` times, taking turns (0, 1, .., 0, 1, ..),
/// and returns the best wall-clock and CPU times of each.
fn best_in_turns(
    runs: usize,
    variants: usize,
    measure: impl FnMut(usize) -> io::Result<Timing>,
) -> io::Result<Vec<Timing>> {
    Ok(times_in_turns(runs, variants, measure)?
        .iter()
        .map(|times| times.iter().copied().fold(Timing::WORST, Timing::best))
        .collect())
}

/// [`best_in_turns`], keeping every timing of each variant.
fn times_in_turns(
    runs: usize,
    variants: usize,
    mut measure: impl FnMut(usize) -> io::Result<Timing>,
) -> io::Result<Vec<Vec<Timing>>> {
    let mut times = vec![Vec::with_capacity(runs.max(1)); variants];
    for _ in 0..runs.max(1) {
        for (i, t) in times.iter_mut().enumerate() {
            t.push(measure(i)?);
        }
    }
    Ok(times)
}

/// The median of sorted figures (0 for none).
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The load average over the last minute: with a load above the number of cores, figures
/// per CPU-second say more than those by the wall clock.
pub fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Where output goes in-process: copied into a buffer that is emptied when full, as a
/// `BufWriter` over `/dev/null` would.
struct Sink {
    buf: Vec<u8>,
    total: usize,
}

const SINK_BYTES: usize = 1 << 16;

impl Sink {
    fn new() -> Sink {
        Sink {
            buf: Vec::with_capacity(SINK_BYTES),
            total: 0,
        }
    }

    #[inline]
    fn write(&mut self, s: &str) {
        if self.buf.len() + s.len() > SINK_BYTES {
            self.total += self.buf.len();
            black_box(&self.buf);
            self.buf.clear();
        }
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn finish(self) -> usize {
        black_box(&self.buf);
        self.total + self.buf.len()
    }
}

/// How the library is called in-process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// `StreamFixer::fix` on each line, as the command line does.
    FixTextLines,
    /// `StreamFixer::fix` on pieces of about 64 KiB of whole lines: one call per document.
    FixTextPieces,
    /// `fix_encoding` on each line.
    FixEncodingLines,
}

impl Call {
    pub fn what(self) -> &'static str {
        match self {
            Call::FixTextLines | Call::FixTextPieces => "fix_text",
            Call::FixEncodingLines => "fix_encoding",
        }
    }

    pub fn how(self) -> &'static str {
        match self {
            Call::FixTextLines => "in-process, line by line",
            Call::FixTextPieces => "in-process, 64 KiB pieces",
            Call::FixEncodingLines => "in-process, line by line",
        }
    }
}

const PIECE_BYTES: usize = 64 * 1024;

/// Runs one call over one batch of whole lines; returns the bytes written.
pub fn run_batch(call: Call, batch: &str, config: &Config) -> usize {
    let mut sink = Sink::new();
    match call {
        Call::FixTextLines => {
            let mut fixer = StreamFixer::new(config.clone());
            for line in batch.split_inclusive('\n') {
                sink.write(&fixer.fix(line));
            }
        }
        Call::FixTextPieces => {
            let mut fixer = StreamFixer::new(config.clone());
            for piece in corpus::line_batches(batch, PIECE_BYTES) {
                sink.write(&fixer.fix(piece));
            }
        }
        Call::FixEncodingLines => {
            for line in batch.split_inclusive('\n') {
                sink.write(&fix_encoding(line, config));
            }
        }
    }
    sink.finish()
}

/// Runs `call` over `batches` on `threads` threads, each taking the next batch when done
/// with one (output order does not matter for the figure); returns the bytes written.
pub fn run_parallel(call: Call, batches: &[&str], config: &Config, threads: usize) -> usize {
    if threads <= 1 {
        return batches.iter().map(|b| run_batch(call, b, config)).sum();
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut written = 0;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(batch) = batches.get(i) else { break };
                        written += run_batch(call, batch, config);
                    }
                    written
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a benchmark thread panicked"))
            .sum()
    })
}

/// The ASCII ceiling: every byte OR-ed, 32 at a time; no decision is cheaper than reading.
pub fn ascii_pass(text: &str) -> u8 {
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(32);
    let mut acc = [0u8; 32];
    for chunk in &mut chunks {
        for (a, b) in acc.iter_mut().zip(chunk) {
            *a |= b;
        }
    }
    let tail = chunks.remainder().iter().fold(0, |a, b| a | b);
    acc.iter().fold(tail, |a, b| a | b) & 0x80
}

/// A two-level table over all of Unicode: one byte of flags per character (here, whether
/// it is alphabetic, numeric, whitespace), as a classifying scan would use.
pub struct ClassTable {
    index: Vec<u16>,
    blocks: Vec<u8>,
}

const BLOCK: usize = 128;

impl ClassTable {
    pub fn new() -> ClassTable {
        let mut index = Vec::new();
        let mut blocks: Vec<u8> = Vec::new();
        let mut seen: Vec<Vec<u8>> = Vec::new();
        for start in (0..0x11_0000u32).step_by(BLOCK) {
            let block: Vec<u8> = (start..start + BLOCK as u32)
                .map(|u| match char::from_u32(u) {
                    Some(c) => {
                        c.is_alphabetic() as u8
                            | (c.is_numeric() as u8) << 1
                            | (c.is_whitespace() as u8) << 2
                    }
                    None => 0,
                })
                .collect();
            let i = match seen.iter().position(|b| *b == block) {
                Some(i) => i,
                None => {
                    blocks.extend_from_slice(&block);
                    seen.push(block);
                    seen.len() - 1
                }
            };
            index.push(i as u16);
        }
        ClassTable { index, blocks }
    }

    /// The classification ceiling: every character decoded and looked up.
    pub fn classify(&self, text: &str) -> u8 {
        let mut acc = 0;
        for c in text.chars() {
            let u = c as usize;
            let block = self.index[u / BLOCK] as usize;
            acc |= self.blocks[block * BLOCK + u % BLOCK];
        }
        acc
    }
}

impl Default for ClassTable {
    fn default() -> Self {
        ClassTable::new()
    }
}

/// Runs a command on `file` with its output to `/dev/null`; returns the time it took and
/// the CPU time the child used.
pub fn time_command(program: &Path, args: &[String], file: &Path) -> io::Result<Timing> {
    let null = File::options().write(true).open("/dev/null")?;
    let cpu = children_cpu_time();
    let start = Instant::now();
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(null)
        .stderr(Stdio::piped())
        .output()?;
    let wall = start.elapsed();
    let cpu = children_cpu_time().saturating_sub(cpu);
    if !out.status.success() {
        return Err(io::Error::other(format!(
            "{} failed ({}): {}",
            program.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(Timing { wall, cpu })
}

/// `processes` copies of `program args file` started at once, output discarded: the wall
/// time until the last one ends, and their CPU time together.
pub fn time_commands(
    program: &Path,
    args: &[String],
    file: &Path,
    processes: usize,
) -> io::Result<Timing> {
    if processes <= 1 {
        return time_command(program, args, file);
    }
    let cpu = children_cpu_time();
    let start = Instant::now();
    let mut children = Vec::new();
    let mut failed = None;
    for _ in 0..processes {
        let started = File::options()
            .write(true)
            .open("/dev/null")
            .and_then(|null| {
                Command::new(program)
                    .args(args)
                    .arg(file)
                    .stdin(Stdio::null())
                    .stdout(null)
                    .stderr(Stdio::null())
                    .spawn()
            });
        match started {
            Ok(child) => children.push(child),
            // Those started are still waited for.
            Err(e) => {
                failed = Some(e.to_string());
                break;
            }
        }
    }
    for mut child in children {
        match child.wait() {
            Ok(status) if status.success() => {}
            Ok(status) => failed = Some(status.to_string()),
            Err(e) => failed = Some(e.to_string()),
        }
    }
    let wall = start.elapsed();
    let cpu = children_cpu_time().saturating_sub(cpu);
    match failed {
        Some(why) => Err(io::Error::other(format!(
            "{} failed ({why})",
            program.display()
        ))),
        None => Ok(Timing { wall, cpu }),
    }
}

/// Peak resident memory (KiB) of a command on `file`, through `/usr/bin/time -f %M`.
pub fn peak_memory_kib(program: &Path, args: &[String], file: &Path) -> io::Result<u64> {
    let null = File::options().write(true).open("/dev/null")?;
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(null)
        .stderr(Stdio::piped())
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(io::Error::other(format!("failed: {}", stderr.trim())));
    }
    stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| io::Error::other(format!("no figure from /usr/bin/time: {stderr}")))
}

/// Whether the `textmend` binary has a `-j` option (the command line grows one).
pub fn has_jobs_option(textmend: &Path) -> bool {
    Command::new(textmend)
        .arg("--help")
        .output()
        .map(|o| {
            let help = String::from_utf8_lossy(&o.stdout);
            help.contains("--jobs") || help.contains(" -j")
        })
        .unwrap_or(false)
}

/// The whole-process measure of `textmend -j 1` on an empty file.
pub const START: &str = "start: -j 1 on an empty file";

/// One whole-process measure: what ran, with how many threads, as how many processes side
/// by side, and every timing.
#[derive(Clone, Debug)]
pub struct WholeProcess {
    pub what: &'static str,
    pub threads: usize,
    pub processes: usize,
    pub times: Vec<Timing>,
}

/// Times the command line on `file`, `runs` times, the variants taking turns run by run so
/// that a slow spell of the machine falls on all alike: `fix_text` and `fix_encoding` with
/// one thread and, with a `-j` option, with `threads`; and `threads` one-thread processes at
/// once, each on the whole file: what this machine gives that many independent jobs, the
/// ceiling of `-j N`'s speed-up.
pub fn whole_process(
    bin: &Path,
    file: &Path,
    threads: usize,
    jobs: bool,
    runs: usize,
) -> io::Result<Vec<WholeProcess>> {
    let all = threads.to_string();
    let mut variants: Vec<(&'static str, usize, Vec<String>, usize)> = Vec::new();
    for (what, extra) in [
        ("fix_text", None),
        ("fix_encoding", Some("--encoding-only")),
    ] {
        let mut counts = vec![(1, if jobs { vec!["-j", "1"] } else { vec![] })];
        if jobs && threads > 1 {
            counts.push((threads, vec!["-j", &all]));
        }
        for (threads, j) in counts {
            let args = extra.into_iter().chain(j).map(String::from).collect();
            variants.push((what, threads, args, 1));
        }
    }
    let timed_start = jobs && threads > 1;
    if timed_start {
        let args = vec!["-j".to_string(), "1".to_string()];
        variants.push((
            "ceiling: fix_text -j 1, N at once",
            threads,
            args.clone(),
            threads,
        ));
        // What one thread does whatever `-j` says: starting the process (exec, loading, the
        // options, the tables built on first use) and ending it.
        variants.push((START, 1, args, 1));
    }
    let empty = file.with_file_name("textmend-bench-empty.txt");
    if timed_start {
        fs::write(&empty, "")?;
    }
    let times = times_in_turns(runs, variants.len(), |i| {
        let (what, _, args, processes) = &variants[i];
        let file = if *what == START { &empty } else { file };
        time_commands(bin, args, file, *processes)
    });
    if timed_start {
        let _ = fs::remove_file(&empty);
    }
    let times = times?;
    Ok(variants
        .into_iter()
        .zip(times)
        .map(|((what, threads, _, processes), times)| WholeProcess {
            what,
            threads,
            processes,
            times,
        })
        .collect())
}

/// Adds a row for each measure (the best of its runs) of a file of `bytes` bytes, and
/// returns the note of the speed-ups of more threads over one, best and median, if any.
fn add_whole_process_rows(
    rows: &mut Vec<Row>,
    corpus: &'static str,
    bytes: u64,
    how: &str,
    measured: &[WholeProcess],
) -> Option<String> {
    let mut speedups = Vec::new();
    // The one-thread measures of fix_text and of fix_encoding.
    let mut one: [Option<&WholeProcess>; 2] = [None; 2];
    let mut most_threads = 1;
    let best_wall = |m: &WholeProcess| m.times.iter().map(|t| t.wall).min();
    let start = measured
        .iter()
        .find(|m| m.what == START)
        .and_then(best_wall);
    for m in measured.iter().filter(|m| m.what != START) {
        let best = m.times.iter().copied().fold(Timing::WORST, Timing::best);
        // N processes read the file N times.
        let work = bytes as usize * m.processes;
        rows.push(Row {
            corpus,
            what: m.what.to_string(),
            how: if m.processes > 1 {
                how.replace("whole process", "whole processes side by side")
            } else {
                how.to_string()
            },
            threads: m.threads,
            mb_per_s: mb_per_s(work, best.wall),
            mb_per_cpu_s: mb_per_s(work, best.cpu),
            vs_ftfy: None,
        });
        // Each speed-up is over the one-thread figure of its own call (the processes side
        // by side run fix_text), by the wall clock, per byte of input: the best over the
        // best, and the median of each run's over the one-thread run of the same round
        // (taken a moment apart, so that the machine's slow spells fall on both).
        let base = &mut one[usize::from(m.what.starts_with("fix_encoding"))];
        if m.threads == 1 {
            *base = Some(m);
        } else if let Some(one) = *base {
            most_threads = m.threads;
            let per_file = |t: Duration| t.as_secs_f64() / m.processes as f64;
            let one_best = best_wall(one).unwrap_or(Duration::MAX);
            let mut paired: Vec<f64> = one
                .times
                .iter()
                .zip(&m.times)
                .map(|(a, b)| a.wall.as_secs_f64() / per_file(b.wall))
                .collect();
            paired.sort_by(f64::total_cmp);
            let mut speedup = format!(
                "{} {:.2}x (paired median {:.2}x",
                m.what,
                one_best.as_secs_f64() / per_file(best.wall),
                median(&paired)
            );
            // With the start done by one thread and all the rest shared out evenly, `-j N`
            // could be at most this much faster (the processes side by side each start).
            if let (Some(start), 1) = (start, m.processes) {
                let bound = start_bound(one_best, start, m.threads);
                speedup.push_str(&format!("; at most {bound:.2}x with the start alone"));
            }
            speedup.push(')');
            speedups.push(speedup);
        }
    }
    (!speedups.is_empty()).then(|| {
        let start = start.map_or(String::new(), |s| {
            format!(
                "; a process on an empty file, best: {:.2} ms",
                s.as_secs_f64() * 1e3
            )
        });
        format!(
            "{}, whole process, {most_threads} threads over one, by the wall clock, best of {} \
             runs: {}{start}",
            megabytes(bytes),
            measured.first().map_or(0, |m| m.times.len()),
            speedups.join(", ")
        )
    })
}

/// The most `threads` threads can gain over one on a run that takes `one` with one thread,
/// when `start` of it is done by one thread whatever the count (Amdahl's law).
pub fn start_bound(one: Duration, start: Duration, threads: usize) -> f64 {
    let (one, start) = (
        one.as_secs_f64(),
        start.as_secs_f64().min(one.as_secs_f64()),
    );
    one / (start + (one - start) / threads.max(1) as f64)
}

/// Writes each corpus to `dir` (generating it; the same bytes every time) and returns the
/// texts with their paths.
pub fn write_corpora(opts: &Options) -> io::Result<Vec<(Kind, String, PathBuf)>> {
    fs::create_dir_all(&opts.dir)?;
    Kind::ALL
        .iter()
        .map(|&kind| {
            let text = corpus::generate(kind, opts.corpus_bytes);
            let path = opts.dir.join(format!("{}.txt", kind.name()));
            fs::write(&path, &text)?;
            Ok((kind, text, path))
        })
        .collect()
}

/// Writes a file of at least `bytes` bytes made of the mixed corpus over and over, without
/// holding it in memory.
pub fn write_stream_file(path: &Path, text: &str, bytes: u64) -> io::Result<()> {
    let mut f = io::BufWriter::new(File::create(path)?);
    let mut written = 0u64;
    while written < bytes {
        f.write_all(text.as_bytes())?;
        written += text.len() as u64;
    }
    f.flush()
}

/// Runs every benchmark; `log` hears about progress.
pub fn run(opts: &Options, mut log: impl FnMut(&str)) -> io::Result<Report> {
    let mut report = Report::default();
    let config = opts.config.clone();
    let load_before = load_average();
    let corpora = write_corpora(opts)?;
    let table = ClassTable::new();
    let jobs = opts.textmend.as_deref().is_some_and(has_jobs_option);
    if opts.textmend.is_some() && !jobs {
        report.notes.push(
            "the textmend command line has no -j option yet: its figures are one thread"
                .to_string(),
        );
    }
    for (kind, text, path) in &corpora {
        if !opts.only.is_empty() && !opts.only.contains(kind) {
            continue;
        }
        let name = kind.name();
        let len = text.len();
        log(&format!(
            "{name}: {} ({:.1} MB, {} lines)",
            kind.describe(),
            len as f64 / 1e6,
            text.lines().count()
        ));
        let mut rows: Vec<Row> = Vec::new();
        let row = |rows: &mut Vec<Row>, what: &str, how: &str, threads: usize, t: Timing| {
            rows.push(Row {
                corpus: name,
                what: what.to_string(),
                how: how.to_string(),
                threads,
                mb_per_s: mb_per_s(len, t.wall),
                mb_per_cpu_s: mb_per_s(len, t.cpu),
                vs_ftfy: None,
            });
        };

        // Ceilings.
        let t = best_of(opts.runs, || {
            black_box(ascii_pass(black_box(text)));
        });
        row(
            &mut rows,
            "ceiling: read every byte",
            "OR 32 bytes at a time",
            1,
            t,
        );
        let t = best_of(opts.runs, || {
            black_box(table.classify(black_box(text)));
        });
        row(
            &mut rows,
            "ceiling: classify every char",
            "decode + 2-level table",
            1,
            t,
        );

        // In-process. The thread counts take turns run by run, so that a slow spell of the
        // machine falls on both alike rather than on one side of the speed-up.
        let batches = corpus::line_batches(text, 1 << 20);
        let counts: Vec<usize> = if opts.threads > 1 {
            vec![1, opts.threads]
        } else {
            vec![1]
        };
        for call in [
            Call::FixTextLines,
            Call::FixTextPieces,
            Call::FixEncodingLines,
        ] {
            let times = best_in_turns(opts.runs, counts.len(), |i| {
                Ok(timed(|| {
                    black_box(run_parallel(call, &batches, &config, counts[i]));
                }))
            })?;
            for (&threads, t) in counts.iter().zip(times) {
                row(&mut rows, call.what(), call.how(), threads, t);
            }
        }

        // Whole process, on the corpus file and, if asked, on the corpus at scale.
        if let Some(bin) = &opts.textmend {
            let measured = whole_process(bin, path, opts.threads, jobs, opts.runs)?;
            let how = "whole process (textmend CLI)";
            if let Some(note) = add_whole_process_rows(&mut rows, name, len as u64, how, &measured)
            {
                report.notes.push(format!("{name}, {note}"));
            }
            if opts.scale_bytes > 0 && jobs && opts.threads > 1 {
                log(&format!("{name}: whole process at corpus scale"));
                let big = opts.dir.join(format!("{name}-scale.txt"));
                write_stream_file(&big, text, opts.scale_bytes)?;
                let size = fs::metadata(&big)?.len();
                let measured = whole_process(bin, &big, opts.threads, jobs, opts.runs);
                fs::remove_file(&big)?;
                let how = format!("whole process, corpus scale ({})", megabytes(size));
                if let Some(note) = add_whole_process_rows(&mut rows, name, size, &how, &measured?)
                {
                    report.notes.push(format!("{name} at corpus scale, {note}"));
                }
            }
        }
        if let Some(ftfy) = &opts.ftfy {
            log(&format!("{name}: running ftfy (slow)"));
            match time_command(ftfy, &[], path) {
                Ok(t) => {
                    // Per CPU-second on both sides: the ratio holds however busy the
                    // machine was during each run.
                    let ftfy_rate = mb_per_s(len, t.cpu);
                    for r in rows.iter_mut().filter(|r| !r.what.starts_with("ceiling")) {
                        r.vs_ftfy = Some(r.mb_per_cpu_s / ftfy_rate);
                    }
                    row(&mut rows, "ftfy 6.3.1", "whole process (ftfy CLI)", 1, t);
                    if let Some(last) = rows.last_mut() {
                        last.vs_ftfy = Some(1.0);
                    }
                }
                Err(e) => report.notes.push(format!("ftfy on {name}: {e}")),
            }
        }
        for r in &rows {
            log(&format!(
                "  {:<30} {:<32} {} thread(s): {:>8.0} MB/s {:>8.0} MB per CPU-s",
                r.what, r.how, r.threads, r.mb_per_s, r.mb_per_cpu_s
            ));
        }
        report.rows.extend(rows);
    }

    if let (Some(before), Some(after)) = (load_before, load_average()) {
        report.notes.push(format!(
            "load average (1 min) on this machine of {} cores: {before:.2} before, {after:.2} \
             after",
            std::thread::available_parallelism().map_or(1, |n| n.get())
        ));
    }
    if opts.stream_bytes > 0 {
        if let Some(bin) = &opts.textmend {
            let path = opts.dir.join("stream.txt");
            let mixed = &corpora[0].1;
            write_stream_file(&path, mixed, opts.stream_bytes)?;
            let args: Vec<String> = if jobs {
                vec!["-j".into(), "1".into()]
            } else {
                vec![]
            };
            let peak = peak_memory_kib(bin, &args, &path);
            let size = fs::metadata(&path)?.len();
            fs::remove_file(&path)?;
            match peak {
                Ok(kib) => {
                    report.peak_kib = Some(kib);
                    report.notes.push(format!(
                        "peak memory of textmend streaming {:.2} GB of the mixed corpus, one \
                         thread: {:.1} MiB",
                        size as f64 / 1e9,
                        kib as f64 / 1024.0
                    ));
                }
                Err(e) => report.notes.push(format!("peak memory not measured: {e}")),
            }
        }
    }
    Ok(report)
}
