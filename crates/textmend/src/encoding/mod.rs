//! Finding and undoing mojibake.
//!
//! - [`heuristic`] decides whether text looks like mojibake.
//! - [`codecs`] holds the code pages text is re-encoded through.
//! - `bytes` holds the fixes that work on the re-encoded bytes (`restore_byte_a0`,
//!   `replace_lossy_sequences`).
//! - `repair` runs the search: re-encode, fix the bytes, decode as UTF-8, repeat.

pub mod beyond;
mod bytes;
pub mod codecs;
pub mod extended;
pub mod heuristic;
pub mod legacy;
pub mod legacy_dbcs;
mod lossy;
mod lossy_scripts;
mod model;
mod repair;
mod utf8_runs;

pub use bytes::{replace_lossy_sequences, restore_byte_a0};
#[cfg(test)]
pub(crate) use lossy::is_lossy_lead;
#[cfg(test)]
pub(crate) use lossy::is_lossy_mark;
pub use lossy::{may_need_repair, repair_dropped_bytes, repair_lost_bytes, Inference};
#[cfg(test)]
pub(crate) use model::is_latin_letter;
pub(crate) use repair::fix_encoding_round;
pub use repair::{decode_inconsistent_utf8, fix_c1_controls, fix_encoding_one_step};

use std::borrow::Cow;

/// A fix that a plan can name, by what it works on.
#[derive(Clone, Copy)]
pub enum Fixer {
    /// Works on text.
    Text(fn(&str) -> Cow<'_, str>),
    /// Works on bytes, between an `encode` and a `decode` step.
    Bytes(fn(&[u8]) -> Cow<'_, [u8]>),
}

/// The fix a plan step names, as ftfy names them.
pub fn fixer_by_name(name: &str) -> Option<Fixer> {
    use crate::fixes;
    Some(match name {
        "unescape_html" => Fixer::Text(fixes::unescape_html),
        "remove_terminal_escapes" => Fixer::Text(fixes::remove_terminal_escapes),
        "restore_byte_a0" => Fixer::Bytes(restore_byte_a0),
        "restore_byte_a0_in_sequences" => Fixer::Bytes(bytes::restore_a0_in_sequences),
        "replace_lossy_sequences" => Fixer::Bytes(replace_lossy_sequences),
        "decode_inconsistent_utf8" => Fixer::Text(decode_inconsistent_utf8),
        "fix_c1_controls" => Fixer::Text(fix_c1_controls),
        "fix_latin_ligatures" => Fixer::Text(fixes::fix_latin_ligatures),
        "fix_character_width" => Fixer::Text(fixes::fix_character_width),
        "uncurl_quotes" => Fixer::Text(fixes::uncurl_quotes),
        "fix_line_breaks" => Fixer::Text(fixes::fix_line_breaks),
        "fix_surrogates" => Fixer::Text(fixes::fix_surrogates),
        "remove_control_chars" => Fixer::Text(fixes::remove_control_chars),
        _ => return None,
    })
}

/// A hasher for the crate's own tables and memories, whose keys are its own data (byte
/// strings, records, blocks): a rotation per eight bytes, and one multiply at the end.
/// SipHash costs far more, and nothing here comes from outside; equal keys are told apart
/// by comparison anyway.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0 ^ word).rotate_left(23);
    }
    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        h ^ (h >> 29)
    }
}

pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;
