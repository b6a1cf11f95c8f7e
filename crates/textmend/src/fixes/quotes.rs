//! Straightening curly quotes.
//!
//! Word processors and many web editors "smarten" quotation marks as you type, so text that
//! passed through them holds `‘ ’ “ ”` and relatives where a plain `'` or `"` was meant.
//! That breaks code samples, CSV and simple string matching. [`uncurl_quotes`] replaces:
//!
//! - U+02BC MODIFIER LETTER APOSTROPHE and U+2018..U+201B (left, right, low-9 and
//!   reversed-9 single quotation marks) with `'`;
//! - U+201C..U+201F (the same four double quotation marks) with `"`.
//!
//! Guillemets (`«»`) and other quotation marks are left alone.
//!
//! ```
//! use textmend::fixes::uncurl_quotes;
//! assert_eq!(uncurl_quotes("\u{201C}here\u{2019}s a test\u{201D}"), "\"here's a test\"");
//! ```
use std::borrow::Cow;

/// Replaces curly single and double quotation marks with `'` and `"`. Borrows when there
/// are none.
pub fn uncurl_quotes(text: &str) -> Cow<'_, str> {
    // Every character replaced starts with byte 0xCA (U+02BC) or 0xE2 (U+2018..U+201F).
    let Some(candidate) = memchr::memchr2(0xCA, 0xE2, text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let Some(first) = text[candidate..]
        .char_indices()
        .find(|&(_, c)| straight(c).is_some())
        .map(|(i, _)| candidate + i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().map(|c| straight(c).unwrap_or(c)));
    Cow::Owned(out)
}

fn straight(c: char) -> Option<char> {
    match c {
        '\u{02BC}' | '\u{2018}'..='\u{201B}' => Some('\''),
        '\u{201C}'..='\u{201F}' => Some('"'),
        _ => None,
    }
}
