//! The encoding sub-steps and segmenting, each with its switch on and off, against ftfy's
//! outputs (tests/data/encoding-cases.jsonl, made by scripts/make_encoding_cases.py); and
//! the repairs beyond ftfy on cases written by hand, each with where it came from
//! (tests/data/beyond-cases.jsonl, the same format, which no script regenerates).

use serde_json::Value;
use textmend::{apply_plan, fix_encoding, fix_encoding_and_explain, fix_text, Config};

#[test]
fn encoding_cases() {
    let count = run_cases("encoding-cases.jsonl");
    assert!(count >= 40, "too few cases: {count}");
}

#[test]
fn beyond_cases() {
    let count = run_cases("beyond-cases.jsonl");
    assert!(count >= 12, "too few cases: {count}");
}

/// Runs every case of `tests/data/NAME` and fails with all that fail; returns how many
/// there were.
fn run_cases(name: &str) -> usize {
    let path = format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in data.lines().enumerate() {
        let case: Value = serde_json::from_str(line).expect("a JSON object per line");
        let input = case["input"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        let config: Config = serde_json::from_value(case["config"].clone())
            .unwrap_or_else(|e| panic!("{name} line {}: bad config: {e}", n + 1));
        let got = match case["function"].as_str().unwrap() {
            "fix_encoding" => {
                let (fixed, plan) = fix_encoding_and_explain(input, &config);
                assert_eq!(
                    apply_plan(input, &plan).unwrap(),
                    fixed,
                    "{name} line {}",
                    n + 1
                );
                assert_eq!(fixed, fix_encoding(input, &config));
                fixed.into_owned()
            }
            "fix_text" => fix_text(input, &config).into_owned(),
            other => panic!("{name} line {}: unknown function {other}", n + 1),
        };
        count += 1;
        if got != expected {
            failures.push(format!(
                "{name} line {} ({}): {} {:?} with {}\n  got      {:?}\n  expected {:?}",
                n + 1,
                case["source"],
                case["function"],
                input,
                case["config"],
                got,
                expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    count
}
