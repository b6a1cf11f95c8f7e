//! The command line's CSV records (`textmend_cli::csv`) with any bytes, delimiter, columns,
//! configuration and reporting options: a result or an error, never a panic and never an
//! "internal error". A fixed record splits into as many fields as before, the columns not
//! chosen are untouched, and each chosen column holds its text fixed on its own.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend_cli::csv::{field_text, fix_record, record_end, split_record, CsvSpec};
use textmend_cli::jsonl::fix_field;
use textmend_cli::work::Job;
use textmend_fuzz::FuzzConfig;

fuzz_target!(|input: (FuzzConfig, u8, u8, Vec<u8>, &[u8])| {
    let (fuzz_config, options, delimiter, columns, record) = input;
    let mut job = Job::new(fuzz_config.config());
    job.encoding_only = options & 1 != 0;
    job.explain = options & 2 != 0;
    job.count_fixes = options & 4 != 0;
    // The delimiters the command line accepts: one ASCII character other than a quote or a
    // line break (`--delimiter`).
    let delimiter = match [b',', b';', b'\t', b'|', delimiter][usize::from(options >> 5) % 5] {
        b'"' | b'\n' | b'\r' | 0x80.. => b',',
        d => d,
    };
    let columns: Vec<usize> = columns
        .iter()
        .take(4)
        .map(|&c| usize::from(c % 8))
        .collect();

    // Finding record ends works on any bytes, from anywhere.
    for from in [0, record.len() / 2, record.len()] {
        for in_quotes in [false, true] {
            let (end, _) = record_end(record, from, in_quotes);
            assert!(end.is_none_or(|e| e > from && e <= record.len()));
        }
    }

    let Ok(text) = std::str::from_utf8(record) else {
        return;
    };
    let before = split_record(text, delimiter);
    let spec = CsvSpec {
        delimiter,
        columns: columns.clone(),
        width: None,
    };
    match fix_record(record, &spec, &job) {
        Err(e) => assert!(!e.message.contains("internal error"), "{e}"),
        Ok(fixed) => {
            if *fixed.bytes == *record {
                return;
            }
            let out = std::str::from_utf8(&fixed.bytes).expect("records go out as UTF-8");
            let before = before.expect("a record that was fixed had split");
            let after = split_record(out, delimiter)
                .unwrap_or_else(|e| panic!("the fixed record {out:?} does not split: {e}"));
            assert_eq!(after.len(), before.len(), "fields in {text:?} -> {out:?}");
            for (i, (a, b)) in before.iter().zip(&after).enumerate() {
                let old = field_text(text, a);
                let new = field_text(out, b);
                if columns.contains(&i) {
                    assert_eq!(new, fix_field(&old, &job).0, "column {i}");
                } else {
                    assert_eq!(new, old, "column {i} was not chosen");
                }
            }
        }
    }
});
