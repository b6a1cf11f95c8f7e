//! Evaluates the repairs beyond ftfy on every line of their corpus (`tests/data/eval/`) and
//! prints a markdown report: lines restored per path and clean lines changed per language,
//! textmend beside ftfy 6.3.1; the lines missed go to a file for study.
//!
//! ```text
//! cargo run -p textmend --release --example eval_report [-- MISSES_FILE]
//! ```
//!
//! The file defaults to `eval-misses.txt` in `$CARGO_TARGET_DIR`, or else in the workspace's
//! `target/`. The loading and counting are those of the test `tests/beyond.rs`, included here
//! as a module.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

#[allow(dead_code)]
#[path = "../tests/beyond.rs"]
mod beyond;

use beyond::{percent, Tally};

fn default_output() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("eval-misses.txt")
}

fn add(total: &mut Tally, t: &Tally) {
    total.lines += t.lines;
    total.textmend += t.textmend;
    total.ftfy += t.ftfy;
    total.textmend_encoding += t.textmend_encoding;
    total.ftfy_encoding += t.ftfy_encoding;
    total.guessed_wrongly += t.guessed_wrongly;
}

fn main() {
    let output = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(default_output);
    let started = Instant::now();
    let records = beyond::load();
    let chosen = beyond::selection(records.len(), true);
    let eval = beyond::evaluate(&records, &chosen);
    let elapsed = started.elapsed().as_secs_f64();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The repairs beyond ftfy: {} lines, {:.1} s\n",
        chosen.len(),
        elapsed
    );
    let _ = writeln!(
        out,
        "Restored: `fix_text` gives for the line what it gives for the clean line it was made \
         from (each tool against itself); `fix_encoding` exact: it gives the clean line. \
         Guessed wrongly: textmend's `fix_text` put a character where the clean line has \
         another and the damaged line had none like it (a wrong guess, not damage left as it \
         was; a lower bound).\n"
    );

    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    for (path, t) in &eval.paths {
        let group = path.split('/').next().unwrap_or("").to_string();
        add(groups.entry(group).or_default(), t);
    }
    let _ = writeln!(out, "## By group\n");
    table(&mut out, "group", &groups);
    let _ = writeln!(out, "\n## By path\n");
    table(&mut out, "path", &eval.paths);

    let _ = writeln!(out, "\n## Clean lines changed, by language\n");
    let _ = writeln!(
        out,
        "| language | lines | changed by textmend `fix_encoding` | by ftfy `fix_encoding` | \
         textmend `fix_text` ≠ its ftfy configuration |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|");
    let mut total = Tally::default();
    for (lang, t) in &eval.clean {
        add(&mut total, t);
        let _ = writeln!(
            out,
            "| {lang} | {} | {} | {} | {} |",
            t.lines, t.textmend, t.ftfy, t.textmend_encoding
        );
    }
    let _ = writeln!(
        out,
        "| **all** | {} | {} | {} | {} |",
        total.lines, total.textmend, total.ftfy, total.textmend_encoding
    );
    let shortfalls = eval.shortfalls(&records);
    let _ = writeln!(out, "\n## Acceptance\n");
    if shortfalls.is_empty() {
        let _ = writeln!(
            out,
            "Every lossless and legacy path meets its figure; no clean line changed."
        );
    } else {
        for s in &shortfalls {
            let _ = writeln!(out, "- {s}");
        }
    }
    if let Some(lossy) = groups.get("lossy") {
        let reached =
            beyond::per_mille(lossy.textmend, lossy.lines) >= beyond::LOSSY_GOAL_PER_MILLE;
        let _ = writeln!(
            out,
            "\nThe lossy paths together: {} of {} lines restored ({}); the figure asked is \
             {}%: {}. Guessed wrongly: {} lines ({}).",
            lossy.textmend,
            lossy.lines,
            percent(lossy.textmend, lossy.lines),
            beyond::LOSSY_GOAL_PER_MILLE / 10,
            if reached { "reached" } else { "not reached" },
            lossy.guessed_wrongly,
            percent(lossy.guessed_wrongly, lossy.lines)
        );
    }
    print!("{out}");

    let mut misses = String::new();
    for (path, input, want, got) in &eval.misses {
        let _ = writeln!(
            misses,
            "{path}\n  in:   {input}\n  want: {want}\n  got:  {got}"
        );
    }
    for (lang, input, got) in &eval.false_positives {
        let _ = writeln!(misses, "clean {lang}\n  in:   {input}\n  got:  {got}");
    }
    match std::fs::write(&output, misses) {
        Ok(()) => eprintln!("misses written to {}", output.display()),
        Err(e) => eprintln!("could not write {}: {e}", output.display()),
    }
}

fn table(out: &mut String, first: &str, rows: &BTreeMap<String, Tally>) {
    let _ = writeln!(
        out,
        "| {first} | lines | textmend `fix_text` | ftfy `fix_text` | textmend `fix_encoding` exact \
         | ftfy `fix_encoding` exact | textmend guessed wrongly |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for (name, t) in rows {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {} |",
            t.lines,
            percent(t.textmend, t.lines),
            percent(t.ftfy, t.lines),
            percent(t.textmend_encoding, t.lines),
            percent(t.ftfy_encoding, t.lines),
            percent(t.guessed_wrongly, t.lines)
        );
    }
}
