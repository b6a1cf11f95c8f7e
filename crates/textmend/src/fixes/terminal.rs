//! Removing terminal escape sequences.
//!
//! Programs that write to a terminal colour their output with "ANSI" escape sequences:
//! `ESC [ 31 m` turns the text red, `ESC [ 0 m` resets it. When that output is saved to a
//! file or pasted into a document, the sequences come along as junk such as `←[31m`.
//! [`remove_terminal_escapes`] deletes them.
//!
//! A sequence is `ESC` (U+001B), `[`, any number of decimal digits and `;`, and one ASCII
//! letter. "Decimal digit" means any character of Unicode category Nd, not only `0`-`9`
//! (it is what `\d` matches in a Python regular expression). Other sequences, such as
//! `ESC [ ? 25 h`, and lone `ESC` characters are left alone.
//!
//! ```
//! use textmend::fixes::remove_terminal_escapes;
//! assert_eq!(remove_terminal_escapes("\x1b[1;31mError:\x1b[0m disk full"), "Error: disk full");
//! assert_eq!(remove_terminal_escapes("\x1b[?25h"), "\x1b[?25h");
//! ```
use std::borrow::Cow;

use crate::tables::digits::DECIMAL_DIGITS;

const ESC: u8 = 0x1B;

/// Deletes every `ESC [ (digits|;)* letter` sequence from `text`. Borrows when there is none.
pub fn remove_terminal_escapes(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(ESC, &bytes[pos..]) {
        let esc = pos + offset;
        match sequence_end(text, esc) {
            Some(end) => {
                out.get_or_insert_with(|| String::with_capacity(text.len()))
                    .push_str(&text[copied..esc]);
                copied = end;
                pos = end;
            }
            None => pos = esc + 1,
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// If an escape sequence starts at byte `esc` (which holds ESC), the byte just past it.
fn sequence_end(text: &str, esc: usize) -> Option<usize> {
    let rest = text[esc + 1..].strip_prefix('[')?;
    let params = rest
        .char_indices()
        .find(|&(_, c)| c != ';' && !is_decimal_digit(c))
        .map_or(rest.len(), |(i, _)| i);
    let last = rest[params..].chars().next()?;
    last.is_ascii_alphabetic()
        .then(|| text.len() - rest.len() + params + 1)
}

/// Whether `c` is a decimal digit (General Category Nd) in any script.
pub(crate) fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let cp = c as u32;
    let i = DECIMAL_DIGITS.partition_point(|&(_, hi)| hi < cp);
    DECIMAL_DIGITS.get(i).is_some_and(|&(lo, _)| lo <= cp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_other_scripts() {
        assert!(is_decimal_digit('٣'));
        assert!(is_decimal_digit('𝟘'));
        assert!(!is_decimal_digit('½'));
        assert!(!is_decimal_digit('a'));
        assert_eq!(remove_terminal_escapes("a\x1b[٣١mb"), "ab");
    }

    #[test]
    fn unfinished_sequences() {
        assert_eq!(remove_terminal_escapes("\x1b"), "\x1b");
        assert_eq!(remove_terminal_escapes("\x1b["), "\x1b[");
        assert_eq!(remove_terminal_escapes("\x1b[31"), "\x1b[31");
        assert_eq!(remove_terminal_escapes("\x1b\x1b[mx"), "\x1bx");
    }
}
