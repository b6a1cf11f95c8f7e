//! The command line's JSON Lines records (`textmend_cli::jsonl::fix_record`) with any bytes,
//! field paths, configuration and reporting options: a result or an error, never a panic
//! and never an "internal error"; a changed record is still JSON and keeps its line break;
//! an unchanged one is passed through byte for byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend_cli::jsonl::{fix_record, FieldPath};
use textmend_cli::work::Job;
use textmend_fuzz::FuzzConfig;

const PATHS: &[&str] = &[
    "text",
    "a.b",
    "items.0.text",
    "messages.*.content",
    "*",
    "*.*",
    "a\\.b",
    "0",
    "text.*",
];

fuzz_target!(|input: (FuzzConfig, u8, u16, &[u8])| {
    let (fuzz_config, options, path_bits, line) = input;
    let mut job = Job::new(fuzz_config.config());
    job.encoding_only = options & 1 != 0;
    job.explain = options & 2 != 0;
    job.count_fixes = options & 4 != 0;
    let paths: Vec<FieldPath> = PATHS
        .iter()
        .enumerate()
        .filter(|(i, _)| path_bits & (1 << i) != 0)
        .map(|(_, p)| FieldPath::parse(p).expect("a valid path"))
        .collect();
    match fix_record(line, &paths, &job) {
        Err(e) => assert!(!e.message.contains("internal error"), "{e}"),
        Ok(fixed) => {
            if !fixed.changed && !job.explain {
                assert_eq!(&*fixed.bytes, line, "an unchanged record was rewritten");
            }
            if *fixed.bytes != *line {
                let out = std::str::from_utf8(&fixed.bytes).expect("records go out as UTF-8");
                let ending = |s: &[u8]| (s.ends_with(b"\n"), s.ends_with(b"\r\n"));
                assert_eq!(ending(&fixed.bytes), ending(line), "line break changed");
                let content = out.trim_end_matches(['\n', '\r']);
                let parsed: Result<&serde_json::value::RawValue, _> = serde_json::from_str(content);
                assert!(parsed.is_ok(), "not JSON any more: {out:?}");
            }
        }
    }
});
