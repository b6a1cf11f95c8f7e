//! `--report`, `--report-json` and the `--check` summary: what was read, what changed, by
//! which fix and through which code pages, how fast.

use crate::work::Stats;
use serde_json::{json, Map, Value};
use std::fmt::Write as _;
use std::time::Duration;

/// One input's part.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    pub name: String,
    pub stats: Stats,
    /// The guessed encoding and why (`--guess`).
    pub encoding: Option<(String, String)>,
    /// The output differs from the input (a fix, or a decoding that was not UTF-8).
    pub changed: bool,
    /// The text was decoded from another encoding, or had bytes replaced.
    pub transformed: bool,
    pub bytes: u64,
}

/// The whole run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
    pub total: Stats,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub elapsed: Duration,
    /// How many inputs were named (some may not have been reached).
    pub inputs: usize,
}

impl Report {
    pub fn new(inputs: usize) -> Report {
        Report {
            inputs,
            ..Report::default()
        }
    }

    fn megabytes_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.bytes_in as f64 / 1e6 / seconds
        } else {
            0.0
        }
    }

    /// `--check`: which inputs would change, and how many lines.
    pub fn check_summary(&self) -> String {
        let mut out = String::new();
        let mut files = 0;
        for file in &self.files {
            if file.stats.lines_changed > 0 || file.changed {
                files += 1;
                let _ = write!(
                    out,
                    "{}: {} {} would change",
                    file.name,
                    file.stats.lines_changed,
                    plural(file.stats.lines_changed, "line", "lines")
                );
                if file.transformed {
                    let _ = write!(out, " (and the file would be written as UTF-8)");
                }
                out.push('\n');
            }
        }
        let _ = writeln!(
            out,
            "{} {} in {files} of {} {} would change",
            self.total.lines_changed,
            plural(self.total.lines_changed, "line", "lines"),
            self.files.len(),
            plural(self.files.len() as u64, "file", "files"),
        );
        out
    }

    /// `--report`: a few lines for a person.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let t = &self.total;
        let _ = writeln!(
            out,
            "textmend: {} {} read, {} changed, in {} {}",
            t.lines,
            plural(t.lines, "line", "lines"),
            t.lines_changed,
            self.files.len(),
            plural(self.files.len() as u64, "file", "files")
        );
        if t.records_skipped > 0 || t.records_kept > 0 {
            let _ = writeln!(
                out,
                "  malformed records: {} skipped, {} kept as they were",
                t.records_skipped, t.records_kept
            );
        }
        if !t.fixes.is_empty() {
            let _ = writeln!(out, "  fixes (texts changed by each):");
            for (name, count) in sorted(&t.fixes) {
                let _ = writeln!(out, "    {count:>10}  {name}");
            }
        }
        if t.lost_restored > 0 || t.lost_marked > 0 {
            let _ = writeln!(
                out,
                "  lossy recovery: {} damaged {} rewritten, {} lost {} marked with U+FFFD",
                t.lost_restored,
                plural(t.lost_restored, "span", "spans"),
                t.lost_marked,
                plural(t.lost_marked, "character", "characters")
            );
        }
        if !t.paths.is_empty() {
            let _ = writeln!(out, "  mojibake undone through:");
            for (name, count) in sorted(&t.paths) {
                let _ = writeln!(out, "    {count:>10}  {name}");
            }
        }
        for file in &self.files {
            if let Some((encoding, reason)) = &file.encoding {
                let _ = writeln!(out, "  {}: read as {encoding} ({reason})", file.name);
            }
        }
        let _ = writeln!(
            out,
            "  {} bytes in, {} bytes out, {:.3} s, {:.1} MB/s",
            self.bytes_in,
            self.bytes_out,
            self.elapsed.as_secs_f64(),
            self.megabytes_per_second()
        );
        out
    }

    /// `--report-json`: everything, for a program.
    pub fn json(&self) -> String {
        let files: Vec<Value> = self
            .files
            .iter()
            .map(|f| {
                let mut m = stats_json(&f.stats);
                m.insert("file".into(), json!(f.name));
                m.insert("bytes_in".into(), json!(f.bytes));
                m.insert("changed".into(), json!(f.changed));
                if let Some((encoding, reason)) = &f.encoding {
                    m.insert("encoding".into(), json!(encoding));
                    m.insert("encoding_reason".into(), json!(reason));
                }
                Value::Object(m)
            })
            .collect();
        let mut m = stats_json(&self.total);
        m.insert("files".into(), Value::Array(files));
        m.insert("bytes_in".into(), json!(self.bytes_in));
        m.insert("bytes_out".into(), json!(self.bytes_out));
        m.insert("seconds".into(), json!(self.elapsed.as_secs_f64()));
        m.insert(
            "megabytes_per_second".into(),
            json!((self.megabytes_per_second() * 10.0).round() / 10.0),
        );
        serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_else(|_| "{}".into())
    }
}

fn stats_json(s: &Stats) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("lines_read".into(), json!(s.lines));
    m.insert("lines_changed".into(), json!(s.lines_changed));
    m.insert("records_skipped".into(), json!(s.records_skipped));
    m.insert("records_kept".into(), json!(s.records_kept));
    m.insert("fixes".into(), json!(s.fixes));
    m.insert("code_page_paths".into(), json!(s.paths));
    m.insert(
        "lossy_recovery".into(),
        json!({"spans_rewritten": s.lost_restored, "characters_marked": s.lost_marked}),
    );
    m
}

/// Most frequent first.
fn sorted(map: &std::collections::BTreeMap<String, u64>) -> Vec<(&String, &u64)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v
}

fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}
