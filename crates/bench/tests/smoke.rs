//! The benchmark runs as a test on a tiny corpus, so that it never rots. No test here looks
//! at a time.

use textmend::{fix_encoding, fix_text, Config};
use textmend_bench::corpus::{self, Kind};
use textmend_bench::{run, run_batch, run_parallel, Call, Options};

#[test]
fn every_benchmark_runs_on_a_tiny_corpus() {
    let dir = std::env::temp_dir().join(format!("textmend-bench-smoke-{}", std::process::id()));
    let report = run(&Options::tiny(dir.clone()), |_| {}).expect("the benchmark runs");
    let _ = std::fs::remove_dir_all(&dir);
    // Per corpus: two ceilings, three calls at one thread and at two.
    assert_eq!(report.rows.len(), Kind::ALL.len() * (2 + 3 * 2));
    for row in &report.rows {
        assert!(row.mb_per_s.is_finite() && row.mb_per_s > 0.0, "{row:?}");
    }
    let table = report.to_markdown();
    assert!(table.contains("| mixed | fix_text | in-process, line by line | 2 |"));
}

#[test]
fn the_corpus_is_deterministic_and_sized() {
    for kind in Kind::ALL {
        let a = corpus::generate(kind, 20_000);
        let b = corpus::generate(kind, 20_000);
        assert_eq!(a, b, "{kind:?}");
        assert!(
            a.len() >= 20_000 && a.len() < 21_000,
            "{kind:?}: {}",
            a.len()
        );
        assert!(a.ends_with('\n'));
    }
}

#[test]
fn about_a_tenth_of_the_mixed_corpus_is_repaired() {
    let text = corpus::generate(Kind::Mixed, 400_000);
    let config = Config::default();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let changed_encoding = lines
        .iter()
        .filter(|l| fix_encoding(l, &config) != **l)
        .count();
    let share = changed_encoding as f64 / lines.len() as f64;
    assert!(
        (0.06..0.14).contains(&share),
        "mojibake repaired in {share:.3} of lines"
    );
    let changed_text = lines.iter().filter(|l| fix_text(l, &config) != **l).count();
    assert!(changed_text > changed_encoding);
}

#[test]
fn clean_corpora_come_out_unchanged_by_fix_encoding() {
    let config = Config::default();
    for kind in [Kind::English, Kind::NonLatin] {
        let text = corpus::generate(kind, 100_000);
        for line in text.split_inclusive('\n') {
            assert_eq!(fix_encoding(line, &config), line, "{kind:?}");
        }
    }
}

#[test]
fn threads_write_what_one_thread_writes() {
    let text = corpus::generate(Kind::Mixed, 200_000);
    let batches = corpus::line_batches(&text, 10_000);
    assert_eq!(batches.concat(), text);
    let config = Config::default();
    for call in [
        Call::FixTextLines,
        Call::FixTextPieces,
        Call::FixEncodingLines,
    ] {
        let one = run_batch(call, &text, &config);
        assert_eq!(run_parallel(call, &batches, &config, 2), one, "{call:?}");
    }
}

/// Processes side by side (the ceiling of the command line's speed-up) are all waited for,
/// and a failure among them is reported, not timed.
#[test]
fn commands_side_by_side_are_timed_and_checked() {
    use std::path::Path;
    use textmend_bench::time_commands;
    let file = std::env::temp_dir().join(format!("textmend-bench-side-{}", std::process::id()));
    std::fs::write(&file, "x\n".repeat(1000)).expect("write a file");
    let cat = Path::new("/bin/cat");
    for processes in [1, 2, 3] {
        let t = time_commands(cat, &[], &file, processes).expect("cat runs");
        assert!(t.wall > std::time::Duration::ZERO);
    }
    let failing = time_commands(cat, &["--no-such-option".to_string()], &file, 2);
    let _ = std::fs::remove_file(&file);
    assert!(failing.is_err(), "a failed process must be an error");
}
