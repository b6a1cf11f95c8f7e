//! The lossy repair (`repair_dropped_bytes`, and `repair_lost_bytes` with the reader of
//! every script) on any text: no panic, no time-out, a repair is a change, and every
//! inference names a span that is in the text where it says.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend::encoding::{repair_dropped_bytes, repair_lost_bytes};

fuzz_target!(|text: &str| {
    for found in [repair_dropped_bytes(text), repair_lost_bytes(text, true)] {
        if let Some((fixed, inferences)) = found {
            assert_ne!(fixed, text, "a repair that changes nothing");
            for i in &inferences {
                let end = i.position + i.seen.len();
                assert_eq!(text.get(i.position..end), Some(i.seen.as_str()), "{i:?}");
            }
        }
    }
});
