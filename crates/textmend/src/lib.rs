//! textmend repairs damaged text: mojibake (UTF-8 decoded in the wrong code page, once or
//! several times), HTML entities, terminal escapes, stray control characters, and the other
//! glitches that text picks up on its way through software.
//!
//! ```
//! use textmend::{fix_text, Config};
//! let config = Config::default();
//! assert_eq!(fix_text("schÃ¶n", &config), "schön");
//! assert_eq!(fix_text("&lt;3 cafÃ©", &config), "<3 café");
//! ```
//!
//! # Design
//!
//! Text is cut into segments at line breaks ([`Config::max_decode_length`] bounds each one).
//! A segment is scanned once: a table gives each character a set of flags ("may be
//! mojibake", "HTML-relevant", "line break", ...), and a segment whose flags are all clear is
//! returned borrowed, without a copy. Otherwise the fixes run in ftfy's order, each one only
//! where its flag was seen, and repeat until the text stops changing.
//!
//! Undoing mojibake ([`fix_encoding`]) asks a heuristic ([`encoding::heuristic`]) whether the
//! text looks like mojibake; if so it re-encodes the text in each code page that could have
//! produced it and decodes the bytes as UTF-8, keeping the first reading that works. Each
//! step taken is recorded in a [`Plan`] that [`apply_plan`] can replay.

#![deny(unsafe_code)]

pub mod config;
pub mod detect;
pub mod encoding;
mod error;
pub mod fixes;
pub mod formatting;
mod packed;
mod peel;
mod pipeline;
pub mod plan;
mod scan;
mod tables;

pub use config::{Config, Normalization, UnescapeHtml};
pub use error::Error;
pub use pipeline::{
    config_for_segment, fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text,
    fix_text_segment, segment_len, StreamFixer,
};
pub use plan::{apply_plan, Action, Plan, Step};

/// The random numbers of the unit tests that draw text (splitmix64: small, fast, and the same
/// on every machine, so a failing draw can be replayed from its seed).
#[cfg(test)]
mod test_rng {
    /// The next number of the sequence that `state` stands at.
    pub(crate) fn next(state: &mut u64) -> usize {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as usize
    }
}
