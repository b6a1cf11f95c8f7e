//! Compares textmend with ftfy 6.3.1 on every line of the differential corpus
//! (`tests/data/diff/`), prints a markdown report (agreement by group of kinds and by kind,
//! false positives on clean text), and writes every disagreement to a file for study.
//!
//! ```text
//! cargo run -p textmend --release --example diff_report [-- DISAGREEMENTS_FILE]
//! TEXTMEND_DIFF_CONFIG=default cargo run -p textmend --release --example diff_report
//! ```
//!
//! `Config::ftfy()` is compared unless `TEXTMEND_DIFF_CONFIG` names `default` or
//! `experimental`.
//!
//! The file defaults to `diff-disagreements.txt` in `$CARGO_TARGET_DIR`, or else in the
//! workspace's `target/`. The loading and counting are those of the test
//! `tests/differential.rs`, included here as a module.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

#[allow(dead_code)]
#[path = "../tests/differential.rs"]
mod differential;

use differential::{Function, FTFY_VERSION};

fn default_output() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("diff-disagreements.txt")
}

fn main() {
    let output = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(default_output);

    let started = Instant::now();
    let records = differential::load();
    let chosen = differential::selection(records.len(), true);
    // `TEXTMEND_DIFF_CONFIG=default` (or `experimental`) compares that configuration instead.
    let config = match std::env::var("TEXTMEND_DIFF_CONFIG").as_deref() {
        Ok("default") => textmend::Config::default(),
        Ok("experimental") => textmend::Config::experimental(),
        _ => textmend::Config::ftfy(),
    };
    let comparison = differential::compare(&records, &chosen, &config);
    let elapsed = started.elapsed().as_secs_f64();
    let total = comparison.total;

    println!("# textmend vs ftfy {FTFY_VERSION}\n");
    println!(
        "{} lines, {:.1} s. Agreement: fix_text {}, fix_encoding {} (bar: {}.{}%). \
         False positives on clean text: {}.\n",
        total.lines,
        elapsed,
        total.percent(Function::FixText, 3),
        total.percent(Function::FixEncoding, 3),
        differential::REQUIRED_PER_MILLE / 10,
        differential::REQUIRED_PER_MILLE % 10,
        total.false_positives
    );
    println!("## By group\n");
    println!("{}", comparison.table(&comparison.by_group(), "group"));
    println!("## By kind\n");
    println!("{}", comparison.table(&comparison.by_kind, "kind"));

    let mut sorted: Vec<&differential::Disagreement> = comparison.disagreements.iter().collect();
    sorted.sort_by(|a, b| (&a.kind, a.function, a.record).cmp(&(&b.kind, b.function, b.record)));
    let count = |function| sorted.iter().filter(|d| d.function == function).count();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# textmend vs ftfy {FTFY_VERSION}: {} disagreements (fix_text {}, fix_encoding {}), \
         {} false positives; by kind, then function, then record number\n",
        sorted.len(),
        count(Function::FixText),
        count(Function::FixEncoding),
        sorted.iter().filter(|d| d.false_positive).count()
    );
    for d in &sorted {
        text.push_str(&d.describe());
        text.push('\n');
    }
    if let Some(dir) = output.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(&output, text) {
        Ok(()) => println!(
            "{} disagreements written to {}",
            sorted.len(),
            output.display()
        ),
        Err(err) => {
            eprintln!("cannot write {}: {err}", output.display());
            std::process::exit(1);
        }
    }
}
