//! The clean-text fast path: one pass over a segment decides whether any fix could change it.
//!
//! Each character gets a set of flags ("may be mojibake", "HTML-relevant", "line break", ...);
//! the configuration turns the flags it cares about into a mask. A segment with no masked flag
//! and already in its normalization form is returned as it is, borrowed.

use crate::encoding::heuristic::may_trigger;
use crate::{Config, Normalization, UnescapeHtml};
use unicode_normalization::{
    is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick, IsNormalized,
};

const ENCODING: u16 = 1 << 0;
const C1: u16 = 1 << 1;
const AMPERSAND: u16 = 1 << 2;
const ESCAPE: u16 = 1 << 3;
const LIGATURE: u16 = 1 << 4;
const WIDTH: u16 = 1 << 5;
const QUOTE: u16 = 1 << 6;
const LINE_BREAK: u16 = 1 << 7;
const CONTROL: u16 = 1 << 8;

/// Flags of the ASCII characters.
static ASCII_FLAGS: [u16; 128] = {
    let mut t = [0u16; 128];
    let mut b = 0;
    while b < 0x20 {
        t[b] = CONTROL;
        b += 1;
    }
    t[b'\t' as usize] = 0;
    t[b'\n' as usize] = 0;
    t[0x0C] = 0;
    t[b'\r' as usize] = LINE_BREAK;
    t[0x1B] = ESCAPE | CONTROL;
    t[0x7F] = CONTROL;
    t[b'&' as usize] = AMPERSAND;
    t
};

fn char_flags(c: char) -> u16 {
    let mut f = 0;
    if may_trigger(c) {
        f |= ENCODING;
    }
    match c {
        '\u{80}'..='\u{9f}' => f |= C1 | if c == '\u{85}' { LINE_BREAK } else { 0 },
        'Ĳ' | 'ĳ' | 'ŉ' | 'Ǆ'..='ǌ' | 'Ǳ'..='ǳ' | 'ﬀ'..='ﬆ' => f |= LIGATURE,
        '\u{3000}' | '\u{ff01}'..='\u{ffef}' => f |= WIDTH,
        '\u{2bc}' | '\u{2018}'..='\u{201f}' => f |= QUOTE,
        '\u{2028}' | '\u{2029}' => f |= LINE_BREAK,
        '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffc}' => f |= CONTROL,
        _ => {}
    }
    f
}

fn mask(config: &Config) -> u16 {
    let mut m = 0;
    if config.fix_encoding {
        m |= ENCODING | C1;
    }
    if config.fix_c1_controls {
        m |= C1;
    }
    if config.unescape_html != UnescapeHtml::Never {
        m |= AMPERSAND;
    }
    if config.remove_terminal_escapes {
        m |= ESCAPE;
    }
    if config.fix_latin_ligatures {
        m |= LIGATURE;
    }
    if config.fix_character_width {
        m |= WIDTH;
    }
    if config.uncurl_quotes {
        m |= QUOTE;
    }
    if config.fix_line_breaks {
        m |= LINE_BREAK;
    }
    if config.remove_control_chars {
        m |= CONTROL;
    }
    m
}

/// Whether any fix the configuration turns on could change `text`. `false` is a promise:
/// the full pipeline would return the text unchanged.
pub(crate) fn needs_work(text: &str, config: &Config) -> bool {
    let m = mask(config);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut non_ascii = false;
    while i < bytes.len() {
        // Skip ASCII eight bytes at a time while none of them is flagged.
        while i + 8 <= bytes.len() {
            let chunk = &bytes[i..i + 8];
            let word = u64::from_le_bytes([
                chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
            ]);
            if word & 0x8080_8080_8080_8080 != 0
                || chunk.iter().any(|&b| ASCII_FLAGS[b as usize] & m != 0)
            {
                break;
            }
            i += 8;
        }
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_FLAGS[b as usize] & m != 0 {
                return true;
            }
            i += 1;
        } else {
            non_ascii = true;
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            if char_flags(c) & m != 0 {
                return true;
            }
            i += c.len_utf8();
        }
    }
    non_ascii && !is_normalized(text, config.normalization)
}

fn is_normalized(text: &str, form: Normalization) -> bool {
    let quick = match form {
        Normalization::None => return true,
        Normalization::Nfc => is_nfc_quick(text.chars()),
        Normalization::Nfd => is_nfd_quick(text.chars()),
        Normalization::Nfkc => is_nfkc_quick(text.chars()),
        Normalization::Nfkd => is_nfkd_quick(text.chars()),
    };
    quick == IsNormalized::Yes
}

/// Whether `text` has any character that could make it mojibake (see
/// [`crate::encoding::heuristic::may_trigger`]); C1 controls included.
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(may_trigger)
}
