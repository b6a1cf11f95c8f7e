//! Removing control characters that have no business in text.
//!
//! [`remove_control_chars`] deletes characters that are invisible, do nothing useful in a
//! text string, and mostly come from binary data or broken conversions leaking in:
//!
//! - the C0 controls other than whitespace: U+0000..U+0008, U+000B, U+000E..U+001F, and
//!   U+007F DELETE;
//! - the deprecated Arabic format controls U+206A..U+206F;
//! - U+FEFF, the byte order mark, which inside text is only a zero-width no-break space
//!   nobody asked for;
//! - the interlinear annotation marks U+FFF9..U+FFFB and U+FFFC OBJECT REPLACEMENT
//!   CHARACTER, placeholders for things that are not in the string.
//!
//! It keeps, on purpose: tab, line feed, form feed and carriage return; U+2028/U+2029;
//! the C1 controls U+0080..U+009F (they are evidence of mojibake that the encoding fixes
//! can still use); joiners, direction marks and other format characters that change how
//! text renders; musical-notation format characters; and tag characters, which emoji
//! flag sequences use.
//!
//! ```
//! use textmend::fixes::remove_control_chars;
//! assert_eq!(remove_control_chars("\u{FEFF}a\x00b\tc\x7f\n"), "ab\tc\n");
//! ```
use std::borrow::Cow;

/// Deletes the control characters listed in the [module documentation](self). Borrows when
/// there are none.
pub fn remove_control_chars(text: &str) -> Cow<'_, str> {
    // Bytes that can start a removed character: the C0 range and DEL, 0xE2 (U+206A..U+206F)
    // and 0xEF (U+FEFF, U+FFF9..U+FFFC).
    let Some(candidate) = text.bytes().position(|b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0C | b'\r'))
            || b == 0x7F
            || b == 0xE2
            || b == 0xEF
    }) else {
        return Cow::Borrowed(text);
    };
    let Some(first) = text[candidate..]
        .char_indices()
        .find(|&(_, c)| is_removed(c))
        .map(|(i, _)| candidate + i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    out.extend(text[first..].chars().filter(|&c| !is_removed(c)));
    Cow::Owned(out)
}

fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{00}'..='\u{08}'
            | '\u{0B}'
            | '\u{0E}'..='\u{1F}'
            | '\u{7F}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFC}'
    )
}
