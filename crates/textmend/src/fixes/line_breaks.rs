//! Normalizing line breaks.
//!
//! Text can end its lines in many ways: CR LF (Windows and network protocols), a lone CR
//! (classic Mac OS, and some Mac software to this day), U+2028 LINE SEPARATOR and U+2029
//! PARAGRAPH SEPARATOR (Unicode's own, rarely expected by anything), and U+0085 NEXT LINE
//! (a C1 control, usually mojibake for `…` that has lost its way). [`fix_line_breaks`]
//! turns each of them into a single `\n`, so that counting and splitting lines works.
//!
//! `\r\n` becomes one `\n`; `\r\r\n` becomes two.
//!
//! ```
//! use textmend::fixes::fix_line_breaks;
//! assert_eq!(fix_line_breaks("one\r\ntwo\rthree\u{2028}four\u{85}five"), "one\ntwo\nthree\nfour\nfive");
//! ```
use std::borrow::Cow;

/// Replaces CR LF, CR, U+2028, U+2029 and U+0085 with `\n`. Borrows when there are none.
pub fn fix_line_breaks(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    // CR is itself; U+0085 is C2 85; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
    while let Some(offset) = memchr::memchr3(b'\r', 0xC2, 0xE2, &bytes[pos..]) {
        let at = pos + offset;
        let len = match &bytes[at..] {
            [b'\r', b'\n', ..] => 2,
            [b'\r', ..] => 1,
            [0xC2, 0x85, ..] => 2,
            [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
            _ => 0,
        };
        if len == 0 {
            pos = at + 1;
            continue;
        }
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(&text[copied..at]);
        buf.push('\n');
        copied = at + len;
        pos = copied;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}
