//! The fast path against a plain reference pipeline built from the public fixes with no
//! scan (`textmend_fuzz::reference`). The scan promises that when it finds nothing to do the
//! full pipeline would return the text unchanged; here both run on every input and must
//! agree, segment by segment and on whole texts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend::{fix_encoding, fix_text, fix_text_segment};
use textmend_fuzz::{reference, FuzzConfig};

fuzz_target!(|input: (FuzzConfig, &str)| {
    let (fuzz_config, text) = input;
    let config = fuzz_config.config();
    assert_eq!(
        fix_text_segment(text, &config),
        reference::fix_segment(text, &config),
        "fix_text_segment differs from the reference"
    );
    assert_eq!(
        fix_encoding(text, &config),
        reference::fix_encoding(text, &config),
        "fix_encoding differs from the reference"
    );
    assert_eq!(
        fix_text(text, &config),
        reference::fix_text(text, &config),
        "fix_text differs from the reference"
    );
});
