//! Display width in a monospaced terminal, and padding text to a width.
//!
//! `str::len` counts bytes and `chars().count()` counts code points, but a terminal gives
//! `車` two cells, a combining accent none, and `\x1b[34m` (a colour change) none at all.
//! These helpers measure text the way a modern terminal lays it out, and pad it to line up
//! in columns:
//!
//! ```
//! use textmend::formatting::{display_ljust, monospaced_width};
//! assert_eq!(monospaced_width("ちゃぶ台返し"), 12);
//! assert_eq!(monospaced_width("\x1b[34mblue\x1b[m"), 4);
//! assert_eq!(display_ljust("ちゃぶ台返し", 16, '▒').unwrap(), "ちゃぶ台返し▒▒▒▒");
//! ```
//!
//! # Rules
//!
//! A character's width ([`character_width`]) is -1 for the C0 and C1 control characters
//! (U+0001..U+001F, U+007F..U+009F), which have no width of their own: a terminal acts on
//! them. NUL has width 0. Every other character has the width the `unicode-width` crate
//! gives it (outside an East Asian context): 0 for combining marks, format characters and
//! other zero-width characters, 2 for East Asian Wide and Fullwidth characters, 1 otherwise.
//!
//! [`monospaced_width`] composes the text (NFC), removes terminal escape sequences
//! ([`remove_terminal_escapes`]), and returns -1 if any character is left whose width is
//! -1. Otherwise it returns `unicode-width`'s width of the whole string, which knows about
//! a few sequences that are narrower or wider than their characters added up, such as emoji
//! ZWJ sequences and emoji presentation selectors (width 2).
//!
//! # Differences from ftfy
//!
//! ftfy measures with the Python `wcwidth` package, whose answers change from release to
//! release. Compared with `wcwidth` 0.9.4 (tables for Unicode 18; `unicode-width` 0.2.3 has
//! Unicode 16), [`character_width`] agrees on all but about 490 of the 1.1 million code
//! points, and [`monospaced_width`] agreed on 419 of 471 test strings in about fifty scripts
//! (plain Latin, Greek, Cyrillic, Hebrew, CJK, kana, Hangul, Thai, emoji, combining
//! accents, controls and escapes all agree). The differences:
//!
//! - Spacing combining marks (category Mc, as in Indic vowel signs) are 1 here and 0 in
//!   `wcwidth`, which instead widens the cluster they end to 2; `wcwidth` also caps an
//!   Indic consonant cluster joined by a virama at 2 cells. Here the characters are added
//!   up, so Devanagari, Bengali, Tamil, Sinhala, Myanmar, Khmer... text often measures a
//!   cell or two differently.
//! - U+00AD SOFT HYPHEN and the prepended concatenation marks (U+0605, U+070F, U+0890,
//!   U+0891, U+08E2) are 0 here and 1 in `wcwidth` 0.9.4 (older `wcwidth` releases gave
//!   the soft hyphen 0, which is what ftfy's own documentation shows); U+2028, U+2029,
//!   U+FFF9..U+FFFB, the Egyptian hieroglyph format controls and the Tifinagh consonant
//!   joiner are 1 here and 0 there; U+17A4 is 2 and U+17D8 is 3 here, 1 there.
//! - A lone regional indicator (U+1F1E6..U+1F1FF) is 1 here and 2 there; a pair (a flag)
//!   is 2 in both.
//! - `unicode-width` knows some ligatures that take fewer cells than their letters:
//!   Arabic lam-alef (`لا`) is 1 cell here, 2 in `wcwidth`; likewise Lisu tone letter pairs
//!   and Tifinagh consonant clusters.
//! - `wcwidth` skips the character after U+200D ZERO WIDTH JOINER even when it does not
//!   join an emoji (`"a\u{200D}b"` is 1 there, 2 here).
//! - Characters assigned after Unicode 16 are 1 here. Surrogates cannot occur in a Rust
//!   `char`.
//!
//! [`remove_terminal_escapes`]: crate::fixes::remove_terminal_escapes
use std::fmt;

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

use crate::fixes::remove_terminal_escapes;

/// The number of terminal cells `c` takes: 0, 1 or 2 for a printable character, -1 for a
/// control character. See the [module documentation](self) for the rules.
///
/// ```
/// use textmend::formatting::character_width;
/// assert_eq!(character_width('車'), 2);
/// assert_eq!(character_width('A'), 1);
/// assert_eq!(character_width('\u{200D}'), 0);
/// assert_eq!(character_width('\n'), -1);
/// ```
pub fn character_width(c: char) -> i32 {
    match c {
        '\0' => 0,
        '\u{01}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => -1,
        // `width` only returns None for control characters, all handled above.
        _ => c.width().map_or(-1, |w| w as i32),
    }
}

/// The number of terminal cells `text` takes, or -1 if it contains a control character
/// (other than in a terminal escape sequence, which takes no room).
///
/// ```
/// use textmend::formatting::monospaced_width;
/// assert_eq!(monospaced_width("입니다"), 6);
/// // The same word as seven conjoining jamo: composed before measuring.
/// assert_eq!(monospaced_width("\u{110b}\u{1175}\u{11b8}\u{1102}\u{1175}\u{1103}\u{1161}"), 6);
/// assert_eq!(monospaced_width("owl\u{AD}flavored"), 11);
/// assert_eq!(monospaced_width("example\u{80}"), -1);
/// ```
pub fn monospaced_width(text: &str) -> i32 {
    let composed: String = text.nfc().collect();
    let visible = remove_terminal_escapes(&composed);
    if visible.chars().any(|c| character_width(c) < 0) {
        return -1;
    }
    // NUL takes no room, but `unicode-width` counts it as 1 inside a string.
    let width = unicode_width::char_iter_width(visible.chars().filter(|&c| c != '\0'));
    i32::try_from(width).unwrap_or(i32::MAX)
}

/// The padding character given to a `display_*` function does not take exactly one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FillCharWidthError {
    /// The padding character.
    pub fillchar: char,
    /// Its width by [`character_width`].
    pub width: i32,
}

impl fmt::Display for FillCharWidthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the padding character must have display width 1, but {:?} has width {}",
            self.fillchar, self.width
        )
    }
}

impl std::error::Error for FillCharWidthError {}

/// How many cells of padding `text` needs to reach `width`, or `None` when it must not be
/// padded because its width is unknown.
fn padding(text: &str, width: usize, fillchar: char) -> Result<Option<usize>, FillCharWidthError> {
    let fill_width = character_width(fillchar);
    if fill_width != 1 {
        return Err(FillCharWidthError {
            fillchar,
            width: fill_width,
        });
    }
    let text_width = monospaced_width(text);
    if text_width < 0 {
        return Ok(None);
    }
    Ok(Some(width.saturating_sub(text_width as usize)))
}

fn repeat(c: char, n: usize) -> impl Iterator<Item = char> {
    std::iter::repeat_n(c, n)
}

/// `text` followed by as many `fillchar`s as it takes to fill `width` terminal cells.
///
/// Text that contains a control character (width -1) is returned unchanged. Fails if
/// `fillchar` does not take exactly one cell.
///
/// ```
/// use textmend::formatting::display_ljust;
/// assert_eq!(display_ljust("(╯°□°)╯︵ ┻━┻", 20, '▒').unwrap(), "(╯°□°)╯︵ ┻━┻▒▒▒▒▒▒▒");
/// assert!(display_ljust("x", 5, '車').is_err());
/// ```
pub fn display_ljust(
    text: &str,
    width: usize,
    fillchar: char,
) -> Result<String, FillCharWidthError> {
    Ok(match padding(text, width, fillchar)? {
        None => text.to_owned(),
        Some(n) => text.chars().chain(repeat(fillchar, n)).collect(),
    })
}

/// As many `fillchar`s as it takes to fill `width` terminal cells, followed by `text`.
///
/// Text that contains a control character (width -1) is returned unchanged. Fails if
/// `fillchar` does not take exactly one cell.
///
/// ```
/// use textmend::formatting::display_rjust;
/// assert_eq!(display_rjust("ちゃぶ台返し", 20, '▒').unwrap(), "▒▒▒▒▒▒▒▒ちゃぶ台返し");
/// ```
pub fn display_rjust(
    text: &str,
    width: usize,
    fillchar: char,
) -> Result<String, FillCharWidthError> {
    Ok(match padding(text, width, fillchar)? {
        None => text.to_owned(),
        Some(n) => repeat(fillchar, n).chain(text.chars()).collect(),
    })
}

/// `text` in the middle of `width` terminal cells, padded with `fillchar` on both sides;
/// when the padding is odd, the extra cell goes after the text.
///
/// Text that contains a control character (width -1) is returned unchanged. Fails if
/// `fillchar` does not take exactly one cell.
///
/// ```
/// use textmend::formatting::display_center;
/// assert_eq!(display_center("Table flip", 20, '▒').unwrap(), "▒▒▒▒▒Table flip▒▒▒▒▒");
/// assert_eq!(display_center("(╯°□°)╯︵ ┻━┻", 20, '▒').unwrap(), "▒▒▒(╯°□°)╯︵ ┻━┻▒▒▒▒");
/// ```
pub fn display_center(
    text: &str,
    width: usize,
    fillchar: char,
) -> Result<String, FillCharWidthError> {
    Ok(match padding(text, width, fillchar)? {
        None => text.to_owned(),
        Some(n) => {
            let left = n / 2;
            repeat(fillchar, left)
                .chain(text.chars())
                .chain(repeat(fillchar, n - left))
                .collect()
        }
    })
}
