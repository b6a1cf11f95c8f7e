//! `fix_text` on any text under any configuration: no panic, the plan replays to the same
//! output, streaming by lines gives the same output, and the output holds none of the
//! characters the switched-on fixes remove.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend::{apply_plan, fix_and_explain, fix_text, fix_text_segment, StreamFixer};
use textmend_fuzz::FuzzConfig;

fuzz_target!(|input: (FuzzConfig, &str)| {
    let (fuzz_config, text) = input;
    let config = fuzz_config.config();

    let fixed = fix_text(text, &config);

    // What the fixes remove is gone.
    for c in fixed.chars() {
        if config.remove_control_chars {
            let removed = matches!(c,
                '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'
                | '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffc}');
            assert!(!removed, "control {c:?} left in {fixed:?}");
        }
        if config.fix_line_breaks {
            assert!(
                !matches!(c, '\r' | '\u{2028}' | '\u{2029}' | '\u{85}'),
                "line break {c:?} left in {fixed:?}"
            );
        }
    }

    // Streaming line by line is one call.
    let mut stream = StreamFixer::new(config.clone());
    let streamed: String = text
        .split_inclusive('\n')
        .map(|l| stream.fix(l).into_owned())
        .collect();
    assert_eq!(
        streamed, fixed,
        "StreamFixer by lines differs from fix_text"
    );

    // The plan of a segment replays to its output.
    let (explained, plan) = fix_and_explain(text, &config);
    assert_eq!(explained, fix_text_segment(text, &config));
    match apply_plan(text, &plan) {
        Ok(replayed) => assert_eq!(
            replayed,
            explained,
            "plan {} replays differently",
            plan.to_json()
        ),
        Err(e) => panic!("own plan {} fails: {e}", plan.to_json()),
    }
});
