//! Differential test against ftfy 6.3.1.
//!
//! `tests/data/diff/ftfy-6.3.1.jsonl.gz` holds a generated corpus of over 100,000 lines
//! (clean text in some thirty languages, the same text as mojibake through ten code pages
//! once and twice, HTML entities, terminal escapes, control characters, ...) together with
//! what ftfy's `fix_text` and `fix_encoding` made of each line; `tests/data/diff/README.md`
//! says how it was made. Here every line goes through [`textmend::fix_text`] and
//! [`textmend::fix_encoding`] with the default configuration, and the answers must equal
//! ftfy's on at least 99.9% of the lines for each function, with no false positive: no
//! clean line that textmend changes while ftfy leaves it alone.
//!
//! A debug build checks a deterministic sample (every k-th line, at least 20,000 lines);
//! a release build, or `TEXTMEND_DIFF_FULL=1`, checks every line:
//!
//! ```text
//! cargo test -p textmend --test differential
//! TEXTMEND_DIFF_FULL=1 cargo test -p textmend --release --test differential
//! ```
//!
//! `examples/diff_report.rs` includes this file as a module for its loading and counting,
//! and prints the full report.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Once;

use serde::Deserialize;

/// The ftfy release the expectations come from.
pub const FTFY_VERSION: &str = "6.3.1";
/// Agreement required of each function, in lines per thousand.
pub const REQUIRED_PER_MILLE: usize = 999;
/// How many lines a debug build checks at least.
pub const DEBUG_SAMPLE: usize = 20_000;

/// The checked-in expectations.
pub fn data_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/diff/ftfy-6.3.1.jsonl.gz")
}

#[derive(Deserialize)]
struct Header {
    format: String,
    ftfy: String,
    lines: usize,
}

/// One line of the corpus and ftfy's answers for it.
#[derive(Deserialize)]
pub struct Record {
    /// What the line is: `clean/fr_FR`, `moji/cp437`, `double/latin-1+macroman`, ...
    pub kind: String,
    /// The text, without a line feed.
    pub input: String,
    /// `ftfy.fix_text(input)`, or `None` where that is `input` itself.
    pub fix_text: Option<String>,
    /// `ftfy.fix_encoding(input)`, or `None` where that is `input` itself.
    pub fix_encoding: Option<String>,
}

impl Record {
    /// Whether the line is undamaged text (the kinds where a change is a false positive).
    pub fn is_clean(&self) -> bool {
        self.kind.starts_with("clean/")
    }

    /// What ftfy answers for `function`.
    pub fn expected(&self, function: Function) -> &str {
        let answer = match function {
            Function::FixText => &self.fix_text,
            Function::FixEncoding => &self.fix_encoding,
        };
        answer.as_deref().unwrap_or(&self.input)
    }
}

/// Reads every record of the data file, checking its header.
pub fn load() -> Vec<Record> {
    let path = data_path();
    let file = std::fs::File::open(&path).unwrap_or_else(|err| {
        panic!(
            "cannot open {}: {err} (regenerate it with scripts/diff/regenerate.sh)",
            path.display()
        )
    });
    let mut lines = BufReader::new(flate2::read::GzDecoder::new(file)).lines();
    let header_line = lines
        .next()
        .expect("the data file is empty")
        .expect("the data file is not valid gzip/UTF-8");
    let header: Header = serde_json::from_str(&header_line).expect("bad header line");
    assert_eq!(header.format, "textmend-diff/1", "unknown data format");
    assert_eq!(header.ftfy, FTFY_VERSION, "data made with another ftfy");
    let records: Vec<Record> = lines
        .enumerate()
        .map(|(index, line)| {
            let line = line.expect("the data file is not valid gzip/UTF-8");
            serde_json::from_str(&line)
                .unwrap_or_else(|err| panic!("bad record {}: {err}", index + 1))
        })
        .collect();
    assert_eq!(records.len(), header.lines, "the data file is truncated");
    records
}

/// Whether every line should be checked: a release build, or `TEXTMEND_DIFF_FULL=1`.
pub fn full_run() -> bool {
    !cfg!(debug_assertions) || std::env::var("TEXTMEND_DIFF_FULL").is_ok_and(|v| v == "1")
}

/// The indexes to check: all of them, or every k-th one with at least
/// [`DEBUG_SAMPLE`] in all. The data lists each clean line next to the damaged lines made
/// from it, so every k-th line is a fair sample of every kind.
pub fn selection(total: usize, full: bool) -> Vec<usize> {
    let step = if full {
        1
    } else {
        (total / DEBUG_SAMPLE).max(1)
    };
    (0..total).step_by(step).collect()
}

/// The two functions under comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Function {
    FixText,
    FixEncoding,
}

impl Function {
    pub const BOTH: [Function; 2] = [Function::FixText, Function::FixEncoding];

    pub fn name(self) -> &'static str {
        match self {
            Function::FixText => "fix_text",
            Function::FixEncoding => "fix_encoding",
        }
    }

    /// textmend's answer; a panic becomes an answer of its own, so that one bad line does
    /// not hide the rest.
    pub fn run(self, input: &str, config: &textmend::Config) -> String {
        install_quiet_panic_hook();
        QUIET.with(|quiet| quiet.set(true));
        let result = panic::catch_unwind(AssertUnwindSafe(|| match self {
            Function::FixText => textmend::fix_text(input, config).into_owned(),
            Function::FixEncoding => textmend::fix_encoding(input, config).into_owned(),
        }));
        QUIET.with(|quiet| quiet.set(false));
        result.unwrap_or_else(|payload| {
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or("?");
            format!("<textmend panicked: {message}>")
        })
    }
}

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Keeps textmend's panics (caught and reported by [`Function::run`]) off the terminal,
/// on the comparing thread only.
fn install_quiet_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

/// One line on which textmend and ftfy answer differently.
pub struct Disagreement {
    /// 1-based number of the record in the data file (after the header).
    pub record: usize,
    pub kind: String,
    pub function: Function,
    pub input: String,
    pub ftfy: String,
    pub textmend: String,
    /// A clean line that textmend changed and ftfy did not.
    pub false_positive: bool,
}

impl Disagreement {
    pub fn describe(&self) -> String {
        format!(
            "record {} [{}] {}{}\n  input:    {:?}\n  ftfy:     {:?}\n  textmend: {:?}\n",
            self.record,
            self.kind,
            self.function.name(),
            if self.false_positive {
                " FALSE POSITIVE"
            } else {
                ""
            },
            self.input,
            self.ftfy,
            self.textmend
        )
    }
}

/// Counts for one kind of line (or for a group of kinds, or for all).
#[derive(Clone, Copy, Default)]
pub struct Tally {
    pub lines: usize,
    pub fix_text_agree: usize,
    pub fix_encoding_agree: usize,
    /// Clean lines on which textmend changed the text with either function and ftfy did
    /// not.
    pub false_positives: usize,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.lines += other.lines;
        self.fix_text_agree += other.fix_text_agree;
        self.fix_encoding_agree += other.fix_encoding_agree;
        self.false_positives += other.false_positives;
    }

    pub fn agree(&self, function: Function) -> usize {
        match function {
            Function::FixText => self.fix_text_agree,
            Function::FixEncoding => self.fix_encoding_agree,
        }
    }

    /// Agreement in percent, rounded down to `decimals` places (so that a single miss
    /// never shows as 100%).
    pub fn percent(&self, function: Function, decimals: u32) -> String {
        let scale = 10usize.pow(decimals);
        let scaled = (self.agree(function) * 100 * scale)
            .checked_div(self.lines)
            .unwrap_or(100 * scale);
        let whole = scaled / scale;
        if decimals == 0 {
            return format!("{whole}%");
        }
        let fraction = scaled % scale;
        format!("{whole}.{fraction:0width$}%", width = decimals as usize)
    }

    /// Whether `function` agrees on at least [`REQUIRED_PER_MILLE`] of the lines.
    pub fn meets_bar(&self, function: Function) -> bool {
        self.agree(function) * 1000 >= self.lines * REQUIRED_PER_MILLE
    }
}

/// The outcome of a comparison.
pub struct Comparison {
    pub by_kind: BTreeMap<String, Tally>,
    pub total: Tally,
    /// Every disagreement, in record order.
    pub disagreements: Vec<Disagreement>,
}

/// Runs textmend with `config` over the chosen records and compares with ftfy.
pub fn compare(records: &[Record], chosen: &[usize], config: &textmend::Config) -> Comparison {
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for &index in chosen {
        let record = &records[index];
        let tally = by_kind.entry(record.kind.clone()).or_default();
        tally.lines += 1;
        let mut false_positive = false;
        for function in Function::BOTH {
            let expected = record.expected(function);
            let got = function.run(&record.input, config);
            if got == expected {
                match function {
                    Function::FixText => tally.fix_text_agree += 1,
                    Function::FixEncoding => tally.fix_encoding_agree += 1,
                }
                continue;
            }
            let this_false_positive = record.is_clean() && expected == record.input;
            false_positive |= this_false_positive;
            disagreements.push(Disagreement {
                record: index + 1,
                kind: record.kind.clone(),
                function,
                input: record.input.clone(),
                ftfy: expected.to_owned(),
                textmend: got,
                false_positive: this_false_positive,
            });
        }
        if false_positive {
            tally.false_positives += 1;
        }
    }
    let mut total = Tally::default();
    for tally in by_kind.values() {
        total.add(tally);
    }
    Comparison {
        by_kind,
        total,
        disagreements,
    }
}

impl Comparison {
    /// Tallies by group: the part of the kind before the first `/` (`clean`, `moji`, ...).
    pub fn by_group(&self) -> BTreeMap<String, Tally> {
        let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
        for (kind, tally) in &self.by_kind {
            let group = kind.split('/').next().unwrap_or(kind);
            groups.entry(group.to_owned()).or_default().add(tally);
        }
        groups
    }

    /// A markdown table with one row per entry and a total row.
    pub fn table(&self, rows: &BTreeMap<String, Tally>, first_column: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| {first_column} | lines | fix_text agreement | fix_encoding agreement | false positives |"
        );
        out.push_str("|---|---:|---:|---:|---:|\n");
        let total = ("**all**".to_owned(), self.total);
        for (name, tally) in rows.iter().chain(std::iter::once((&total.0, &total.1))) {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} |",
                tally.lines,
                tally.percent(Function::FixText, 2),
                tally.percent(Function::FixEncoding, 2),
                tally.false_positives
            );
        }
        out
    }

    /// Up to `limit` disagreements to show: false positives first, then the others taken
    /// in turn from each kind, so that one kind does not fill the list.
    pub fn examples(&self, limit: usize) -> Vec<&Disagreement> {
        let mut shown: Vec<&Disagreement> = self
            .disagreements
            .iter()
            .filter(|d| d.false_positive)
            .take(limit / 2)
            .collect();
        let mut queues: BTreeMap<&str, Vec<&Disagreement>> = BTreeMap::new();
        for d in self.disagreements.iter().filter(|d| !d.false_positive) {
            queues.entry(&d.kind).or_default().push(d);
        }
        let mut round = 0;
        while shown.len() < limit && queues.values().any(|q| q.len() > round) {
            for queue in queues.values() {
                if shown.len() < limit {
                    if let Some(d) = queue.get(round) {
                        shown.push(d);
                    }
                }
            }
            round += 1;
        }
        shown
    }

    /// The summary printed when the test fails.
    pub fn summary(&self, limit: usize) -> String {
        let mut out = String::new();
        out.push_str(&self.table(&self.by_group(), "group"));
        out.push('\n');
        out.push_str(&self.table(&self.by_kind, "kind"));
        let _ = writeln!(
            out,
            "\n{} disagreements; some of them:\n",
            self.disagreements.len()
        );
        for d in self.examples(limit) {
            out.push_str(&d.describe());
        }
        out
    }
}

#[test]
fn corpus_covers_the_acceptance_line() {
    let records = load();
    assert!(records.len() >= 100_000, "only {} lines", records.len());
    let kinds: std::collections::BTreeSet<&str> = records.iter().map(|r| r.kind.as_str()).collect();
    let clean_languages = kinds
        .iter()
        .filter(|k| k.starts_with("clean/") && k.contains('_'))
        .count();
    assert!(
        clean_languages >= 10,
        "clean text in {clean_languages} languages"
    );
    let code_pages = [
        "latin-1",
        "sloppy-windows-1252",
        "sloppy-windows-1251",
        "sloppy-windows-1250",
        "sloppy-windows-1253",
        "sloppy-windows-1254",
        "sloppy-windows-1257",
        "iso-8859-2",
        "macroman",
        "cp437",
    ];
    for cp in code_pages {
        assert!(
            kinds.contains(format!("moji/{cp}").as_str()),
            "no moji/{cp}"
        );
        assert!(
            kinds.contains(format!("double/{cp}+{cp}").as_str()),
            "no double/{cp}+{cp}"
        );
    }
    for record in &records {
        assert!(
            !record.input.contains('\n'),
            "a line feed in {:?}",
            record.input
        );
    }
}

#[test]
fn textmend_agrees_with_ftfy() {
    let started = std::time::Instant::now();
    let records = load();
    let full = full_run();
    let chosen = selection(records.len(), full);
    // Parity is measured with ftfy's configuration; the default configuration adds repairs
    // beyond ftfy, which may fix lines ftfy leaves broken, but must never touch a clean line.
    for (name, config) in [
        ("Config::ftfy()", textmend::Config::ftfy()),
        ("Config::default()", textmend::Config::default()),
    ] {
        let comparison = compare(&records, &chosen, &config);
        let total = comparison.total;
        eprintln!(
            "differential, {name}: {} of {} lines ({}), fix_text {}, fix_encoding {}, \
             {} false positives, {:.1} s",
            chosen.len(),
            records.len(),
            if full {
                "all"
            } else {
                "debug sample; TEXTMEND_DIFF_FULL=1 for all"
            },
            total.percent(Function::FixText, 3),
            total.percent(Function::FixEncoding, 3),
            total.false_positives,
            started.elapsed().as_secs_f64()
        );
        let passed = total.meets_bar(Function::FixText)
            && total.meets_bar(Function::FixEncoding)
            && total.false_positives == 0;
        assert!(
            passed,
            "with {name}, textmend must agree with ftfy {FTFY_VERSION} on at least {}.{}% of \
             the lines for fix_text and for fix_encoding, with no false positive on clean \
             text\n\n{}",
            REQUIRED_PER_MILLE / 10,
            REQUIRED_PER_MILLE % 10,
            comparison.summary(20)
        );
    }
}
