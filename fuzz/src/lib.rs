//! Helpers shared by the fuzz targets: a `Config` built from fuzzer bytes, and the plain
//! reference pipeline the fast path is compared with.

pub mod reference;

use arbitrary::Arbitrary;
use textmend::{Config, Normalization, UnescapeHtml};

/// A configuration as the fuzzer picks it: ftfy's or textmend's defaults or every switch, the normalization form, when to
/// decode HTML, and a segment length that is usually tiny so that segment cuts land
/// everywhere (mid-word, mid-mojibake, between CR and LF).
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct FuzzConfig {
    preset: u8,
    switches: u32,
    unescape_html: u8,
    normalization: u8,
    max_decode_length: u8,
}

impl FuzzConfig {
    /// The `Config` these bytes stand for.
    pub fn config(&self) -> Config {
        let on = |bit: u32| self.switches & (1 << bit) != 0;
        // Presets first, so that the configurations that matter most come up often.
        let mut c = match self.preset % 4 {
            0 => Config::default(),
            1 => Config::ftfy(),
            _ => {
                let mut c = Config::default();
                c.remove_terminal_escapes = on(0);
                c.fix_encoding = on(1);
                c.restore_byte_a0 = on(2);
                c.replace_lossy_sequences = on(3);
                c.decode_inconsistent_utf8 = on(4);
                c.fix_c1_controls = on(5);
                c.fix_latin_ligatures = on(6);
                c.fix_character_width = on(7);
                c.uncurl_quotes = on(8);
                c.fix_line_breaks = on(9);
                c.fix_surrogates = on(10);
                c.remove_control_chars = on(11);
                c.extra_code_pages = on(12);
                c.legacy_code_pages = on(13);
                c.lossy_repair = on(14);
                c.segment_at_spaces = on(15);
                c.lossy_other_scripts = on(16);
                c.lossy_over_ftfy = on(17);
                c.mark_unsure = on(18);
                c
            }
        };
        c.unescape_html = match self.unescape_html % 3 {
            0 => UnescapeHtml::Auto,
            1 => UnescapeHtml::Always,
            _ => UnescapeHtml::Never,
        };
        c.normalization = match self.normalization % 5 {
            0 => Normalization::Nfc,
            1 => Normalization::Nfd,
            2 => Normalization::Nfkc,
            3 => Normalization::Nfkd,
            _ => Normalization::None,
        };
        c.max_decode_length = match self.max_decode_length {
            0..=63 => usize::from(self.max_decode_length),
            _ => 1_000_000,
        };
        c
    }
}
