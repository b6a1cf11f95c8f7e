//! `fix_encoding` on any text under any configuration: no panic, ASCII is never changed,
//! and the plan replays to the same output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::borrow::Cow;
use textmend::{apply_plan, fix_encoding, fix_encoding_and_explain};
use textmend_fuzz::FuzzConfig;

fuzz_target!(|input: (FuzzConfig, &str)| {
    let (fuzz_config, text) = input;
    let config = fuzz_config.config();

    let fixed = fix_encoding(text, &config);
    if text.is_ascii() {
        assert!(
            matches!(fixed, Cow::Borrowed(_)),
            "ASCII {text:?} was changed"
        );
    }

    let (explained, plan) = fix_encoding_and_explain(text, &config);
    assert_eq!(explained, fixed);
    match apply_plan(text, &plan) {
        Ok(replayed) => assert_eq!(
            replayed,
            fixed,
            "plan {} replays differently",
            plan.to_json()
        ),
        Err(e) => panic!("own plan {} fails: {e}", plan.to_json()),
    }
});
