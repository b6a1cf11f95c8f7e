//! The encoding sub-steps and segmenting, each with its switch on and off, against ftfy's
//! outputs (tests/data/encoding-cases.jsonl, made by scripts/make_encoding_cases.py).

use serde_json::Value;
use textmend::{apply_plan, fix_encoding, fix_encoding_and_explain, fix_text, Config};

#[test]
fn encoding_cases() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/encoding-cases.jsonl"
    );
    let data = std::fs::read_to_string(path).expect("tests/data/encoding-cases.jsonl");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in data.lines().enumerate() {
        let case: Value = serde_json::from_str(line).expect("a JSON object per line");
        let input = case["input"].as_str().unwrap();
        let expected = case["expected"].as_str().unwrap();
        let config: Config = serde_json::from_value(case["config"].clone())
            .unwrap_or_else(|e| panic!("line {}: bad config: {e}", n + 1));
        let got = match case["function"].as_str().unwrap() {
            "fix_encoding" => {
                let (fixed, plan) = fix_encoding_and_explain(input, &config);
                assert_eq!(apply_plan(input, &plan).unwrap(), fixed, "line {}", n + 1);
                assert_eq!(fixed, fix_encoding(input, &config));
                fixed.into_owned()
            }
            "fix_text" => fix_text(input, &config).into_owned(),
            other => panic!("line {}: unknown function {other}", n + 1),
        };
        count += 1;
        if got != expected {
            failures.push(format!(
                "line {} ({}): {} {:?} with {}\n  got      {:?}\n  expected {:?}",
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
    assert!(count >= 40, "too few cases: {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
