//! ftfy's own test suite, run as data: every case marked `pass` must give ftfy's expected
//! output through `fix_text`, `fix_encoding`, and the explain/plan round trip.
//! The cases live in `tests/data/ftfy/` (ftfy's license beside them).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use textmend::{
    apply_plan, fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, Config,
};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data")
}

struct Case {
    file: String,
    label: String,
    original: String,
    fixed: String,
    fixed_encoding: String,
    pass: bool,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(data_dir().join("ftfy"))
        .expect("tests/data/ftfy exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in json.as_array().expect("a JSON array of cases") {
            let s = |k: &str| case.get(k).and_then(Value::as_str).map(str::to_string);
            let fixed = s("fixed").expect("fixed");
            out.push(Case {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                label: s("label").expect("label"),
                original: s("original").expect("original"),
                fixed_encoding: s("fixed-encoding").unwrap_or_else(|| fixed.clone()),
                fixed,
                pass: s("expect").as_deref() == Some("pass"),
            });
        }
    }
    out
}

#[test]
fn all_passing_cases_pass() {
    let config = Config::default();
    let all = cases();
    let passing: Vec<_> = all.iter().filter(|c| c.pass).collect();
    assert_eq!(passing.len(), 151, "ftfy's suite has 151 passing cases");
    let mut failures = Vec::new();
    for c in &passing {
        let got = fix_text(&c.original, &config);
        if got != c.fixed {
            failures.push(format!(
                "[{}] {}\n  fix_text({:?})\n  = {:?}\n  expected {:?}",
                c.file, c.label, c.original, got, c.fixed
            ));
        }
        let got = fix_encoding(&c.original, &config);
        if got != c.fixed_encoding {
            failures.push(format!(
                "[{}] {}\n  fix_encoding({:?})\n  = {:?}\n  expected {:?}",
                c.file, c.label, c.original, got, c.fixed_encoding
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n{}",
        failures.len(),
        passing.len() * 2,
        failures.join("\n")
    );
}

#[test]
fn plans_replay_exactly() {
    let config = Config::default();
    for c in cases() {
        let (fixed, plan) = fix_and_explain(&c.original, &config);
        let replayed = apply_plan(&c.original, &plan)
            .unwrap_or_else(|e| panic!("{}: plan {} failed: {e}", c.label, plan.to_json()));
        assert_eq!(replayed, fixed, "{}: plan {}", c.label, plan.to_json());
        let (fixed, plan) = fix_encoding_and_explain(&c.original, &config);
        let replayed = apply_plan(&c.original, &plan)
            .unwrap_or_else(|e| panic!("{}: plan {} failed: {e}", c.label, plan.to_json()));
        assert_eq!(replayed, fixed, "{}: plan {}", c.label, plan.to_json());
        // The plan survives a trip through JSON.
        let json = plan.to_json();
        assert_eq!(textmend::Plan::from_json(&json).unwrap(), plan);
    }
}

/// ftfy's known failures that textmend gets right are listed, one label a line, in
/// `tests/data/known-failures-fixed.txt` (the default configuration) and
/// `tests/data/known-failures-fixed-experimental.txt` (`Config::experimental()`); this keeps
/// both lists true in both directions.
#[test]
fn known_failures_fixed_are_listed() {
    for (file, config) in [
        ("known-failures-fixed.txt", Config::default()),
        (
            "known-failures-fixed-experimental.txt",
            Config::experimental(),
        ),
    ] {
        let listed: BTreeSet<String> = std::fs::read_to_string(data_dir().join(file))
            .unwrap_or_else(|e| panic!("tests/data/{file}: {e}"))
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        let fixed_now: BTreeSet<String> = cases()
            .into_iter()
            .filter(|c| !c.pass)
            .filter(|c| fix_text(&c.original, &config) == c.fixed)
            .map(|c| c.label)
            .collect();
        assert_eq!(
            fixed_now, listed,
            "the known failures textmend repairs changed: update tests/data/{file}"
        );
    }
}
