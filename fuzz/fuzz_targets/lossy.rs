//! The lossy repair (`repair_dropped_bytes`) on any text: no panic, no time-out, and a
//! repair is a change.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmend::encoding::repair_dropped_bytes;

fuzz_target!(|text: &str| {
    if let Some((fixed, _inferences)) = repair_dropped_bytes(text) {
        assert_ne!(fixed, text, "a repair that changes nothing");
    }
});
