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

/// With a command line to run, each corpus gets its whole-process rows, and with
/// `scale_bytes` the same rows again on the corpus written over and over to that size, with
/// a note of the speed-ups; the big file is removed afterwards. A stand-in for `textmend`
/// (it copies its input) keeps the test quick.
#[test]
fn whole_process_rows_are_also_taken_at_corpus_scale() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("textmend-bench-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make a directory");
    let fake = dir.join("fake-textmend");
    std::fs::write(
        &fake,
        "#!/bin/sh\ncase \"$1\" in --help) echo '  -j, --jobs <N>'; exit 0;; esac\n\
         for last; do :; done\nexec cat \"$last\"\n",
    )
    .expect("write the stand-in");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let mut opts = Options::tiny(dir.clone());
    opts.textmend = Some(fake);
    opts.scale_bytes = 300_000;
    opts.only = vec![Kind::English];
    opts.runs = 2;
    let report = run(&opts, |_| {}).expect("the benchmark runs");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("list the directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        !left.iter().any(|name| name.contains("scale")),
        "left behind: {left:?}"
    );
    let whole: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.how.contains("whole process"))
        .collect();
    let scale: Vec<_> = whole
        .iter()
        .filter(|r| r.how.contains("corpus scale (0.3 MB)"))
        .collect();
    // fix_text and fix_encoding at one thread and at two, and two processes side by side.
    assert_eq!(whole.len(), 10, "{whole:#?}");
    assert_eq!(scale.len(), 5, "{scale:#?}");
    assert!(scale
        .iter()
        .all(|r| r.mb_per_s.is_finite() && r.mb_per_s > 0.0));
    let note = report
        .notes
        .iter()
        .find(|n| n.starts_with("english at corpus scale, 0.3 MB"))
        .expect("a note of the speed-ups at corpus scale");
    assert!(note.contains("best of 2 runs: fix_text "), "{note}");
    assert!(note.contains("(paired median "), "{note}");
    assert!(note.contains("with the start alone)"), "{note}");
    assert!(
        note.contains("a process on an empty file, best: "),
        "{note}"
    );
}

/// The bound of the speed-up when starting the process is done by one thread.
#[test]
fn start_bound_is_amdahls_law() {
    use std::time::Duration;
    use textmend_bench::start_bound;
    let ms = Duration::from_millis;
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(start_bound(ms(12), ms(0), 2), 2.0));
    assert!(close(start_bound(ms(12), ms(2), 2), 12.0 / 7.0));
    assert!(close(start_bound(ms(12), ms(2), 4), 12.0 / 4.5));
    assert!(close(start_bound(ms(12), ms(12), 2), 1.0));
    // A start measured longer than the run (a slow spell) caps it at one.
    assert!(close(start_bound(ms(12), ms(20), 4), 1.0));
}
