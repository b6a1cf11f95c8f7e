//! Replacing halfwidth and fullwidth forms.
//!
//! East Asian character sets have "fullwidth" copies of the ASCII characters (`Ａ`, `１`,
//! `！`) that take a full square cell, and "halfwidth" katakana, Hangul letters and symbols
//! (`ｶ`, `ﾝ`) squeezed into half of one, so that text lines up in a grid. Once the text is
//! out of that grid they are only a nuisance: `ＬＯＵＤ` does not match `LOUD`.
//!
//! [`fix_character_width`] replaces every character of the Halfwidth and Fullwidth Forms
//! block (U+FF01..U+FFEF) with its compatibility (NFKC) form, and U+3000 IDEOGRAPHIC SPACE
//! with an ordinary space. Unlike full NFKC normalization it touches nothing else; in
//! particular a halfwidth katakana and its sound mark are not composed: `ｶﾞ` becomes
//! `カ` followed by U+3099 COMBINING KATAKANA-HIRAGANA VOICED SOUND MARK, not `ガ`.
//!
//! ```
//! use textmend::fixes::fix_character_width;
//! assert_eq!(fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ"), "LOUD NOISES");
//! assert_eq!(fix_character_width("Ｕﾀｰﾝ"), "Uターン");
//! ```
use std::borrow::Cow;

use crate::tables::width::WIDTH_MAP;

/// Replaces halfwidth and fullwidth forms and U+3000 with their ordinary-width text.
/// Borrows when there are none.
pub fn fix_character_width(text: &str) -> Cow<'_, str> {
    fix_character_width_inserting(text).0
}

/// The scan flags that the characters [`fix_character_width`] replaces can have: every other
/// flag of a text it changes is the flag of a character it kept or of one it put in.
#[cfg(test)]
pub(crate) const REPLACED_FLAGS: u16 =
    crate::scan::WIDTH | crate::scan::NOT_NFKC | crate::scan::NOT_NFKD;

/// [`fix_character_width`], and the scan flags of the text it put in, OR-ed, with whether
/// any of it is noisy (see `scan::NOISY`).
pub(crate) fn fix_character_width_inserting(text: &str) -> (Cow<'_, str>, u16, bool) {
    let (mut inserted, mut noisy) = (0u16, false);
    // U+3000 is E3 80 80; U+FF01..U+FFEF all start with byte 0xEF.
    let bytes = text.as_bytes();
    let Some(candidate) = memchr::memchr2(0xE3, 0xEF, bytes) else {
        return (Cow::Borrowed(text), inserted, noisy);
    };
    // Only U+3000 and the characters that start with EF are read (CJK text has many E3, so
    // a plain loop beats a search for each); the text between them is copied as it is. A
    // text without U+3000 (one vector search says so) has only the EF lead bytes to find,
    // each with a vector search: fullwidth punctuation comes every few dozen bytes.
    let ideographic_space = ideographic_space().find(&bytes[candidate..]).is_some();
    let mut forms = memchr::memchr_iter(0xEF, &bytes[candidate..]).map(|i| candidate + i);
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = candidate;
    while i < bytes.len() {
        if !ideographic_space {
            match forms.next() {
                // Past the character before, which `forms` may have been inside of.
                Some(at) if at < i => continue,
                Some(at) => i = at,
                None => break,
            }
        }
        let b = bytes[i];
        if b != 0xEF && !(b == 0xE3 && bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80])) {
            i += 1;
            continue;
        }
        // A lead byte, so a character starts here.
        let c = text[i..].chars().next().unwrap_or_default();
        let end = i + c.len_utf8();
        if let Some(replacement) = ordinary(c) {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            // Forms come in runs (`ＬＯＵＤ`), most of them for one ASCII character: pushed
            // as a byte, with no copy of the empty text between two of them.
            if copied < i {
                buf.push_str(&text[copied..i]);
            }
            match replacement.as_bytes() {
                &[b] if b.is_ascii() => buf.push(char::from(b)),
                _ => buf.push_str(replacement),
            }
            copied = end;
            let (flags, replacement_noisy) = inserted_flags(c);
            inserted |= flags;
            noisy |= replacement_noisy;
        }
        i = end;
    }
    let fixed = match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    };
    (fixed, inserted, noisy)
}

/// The search for U+3000, made once.
fn ideographic_space() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new("\u{3000}".as_bytes()))
}

/// The ordinary-width text of a halfwidth or fullwidth form.
#[inline]
fn ordinary(c: char) -> Option<&'static str> {
    if c == '\u{3000}' {
        return Some(" ");
    }
    let offset = (c as u32).wrapping_sub(FIRST_FORM) as usize;
    FORMS.get(offset).copied().flatten()
}

/// The scan flags of the text that replaces `c` (a character [`ordinary`] has text for),
/// and whether any of it is noisy: read once for each form.
fn inserted_flags(c: char) -> (u16, bool) {
    static FLAGS: std::sync::OnceLock<Vec<(u16, bool)>> = std::sync::OnceLock::new();
    let flags = FLAGS.get_or_init(|| {
        FORMS
            .iter()
            .map(|form| form.map_or((0, false), crate::scan::flags_and_noisy))
            .collect()
    });
    match (c as u32).checked_sub(FIRST_FORM) {
        Some(offset) => flags.get(offset as usize).copied().unwrap_or((0, false)),
        // U+3000, a space.
        None => (0, false),
    }
}

/// The first and last characters of the block that [`FORMS`] holds.
const FIRST_FORM: u32 = 0xFF01;
const LAST_FORM: u32 = 0xFFEF;

/// [`WIDTH_MAP`]'s text for each character of U+FF01..U+FFEF, by its offset: a load, not a
/// search, for each form (CJK text is full of fullwidth punctuation).
static FORMS: [Option<&str>; (LAST_FORM - FIRST_FORM + 1) as usize] = {
    let mut forms = [None; (LAST_FORM - FIRST_FORM + 1) as usize];
    let mut i = 0;
    while i < WIDTH_MAP.len() {
        let (c, text) = WIDTH_MAP[i];
        if c as u32 >= FIRST_FORM && c as u32 <= LAST_FORM {
            forms[(c as u32 - FIRST_FORM) as usize] = Some(text);
        }
        i += 1;
    }
    forms
};

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        /// The same as replacing character by character.
        #[test]
        fn same_as_each_character(
            text in "[a ＡＬｶﾞ　、。カ日本語\u{3000}-\u{3010}\u{ff00}-\u{fff0}\u{e000}-\u{e010}]{0,20}"
        ) {
            let plain: String = text
                .chars()
                .map(|c| ordinary(c).map_or_else(|| c.to_string(), str::to_string))
                .collect();
            prop_assert_eq!(fix_character_width(&text), plain);
        }
    }

    /// The direct table answers as a search of the map does, for every character of the
    /// block and around it.
    #[test]
    fn forms_are_the_maps() {
        for u in (0x2FF0..0x3010).chain(0xFF00..=0xFFFF) {
            let c = char::from_u32(u).unwrap_or('x');
            let searched = WIDTH_MAP
                .binary_search_by_key(&c, |&(k, _)| k)
                .ok()
                .map(|i| WIDTH_MAP[i].1);
            assert_eq!(ordinary(c), searched, "U+{u:04X}");
        }
    }

    /// What the pipeline relies on to know a width-fixed text's flags without reading it:
    /// the characters the fix replaces have no flag but [`REPLACED_FLAGS`], and none is
    /// noisy; and the flags it reports are those of what it put in.
    #[test]
    fn replaced_characters_have_only_the_replaced_flags() {
        for u in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            if ordinary(c).is_some() {
                let (flags, noisy) = crate::scan::flags_and_noisy(&c.to_string());
                assert_eq!(flags & !REPLACED_FLAGS, 0, "U+{u:04X}");
                assert!(!noisy, "U+{u:04X}");
            }
        }
        let text = "ＡＢ，ｶﾞ＆ｘ\u{3000}“ok”";
        let (fixed, inserted, noisy) = fix_character_width_inserting(text);
        let put_in: String = text.chars().filter_map(ordinary).collect();
        assert_eq!(
            (inserted, noisy),
            crate::scan::flags_and_noisy(&put_in),
            "{fixed:?}"
        );
    }

    #[test]
    fn table_is_sorted() {
        assert!(WIDTH_MAP.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
