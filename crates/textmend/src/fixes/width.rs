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
    // U+3000 is E3 80 80; U+FF01..U+FFEF all start with byte 0xEF.
    let Some(candidate) = memchr::memchr2(0xE3, 0xEF, text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let Some(first) = text[candidate..]
        .char_indices()
        .find(|&(_, c)| ordinary(c).is_some())
        .map(|(i, _)| candidate + i)
    else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        match ordinary(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The ordinary-width text of a halfwidth or fullwidth form.
fn ordinary(c: char) -> Option<&'static str> {
    if c != '\u{3000}' && !('\u{FF01}'..='\u{FFEF}').contains(&c) {
        return None;
    }
    WIDTH_MAP
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| WIDTH_MAP[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        assert!(WIDTH_MAP.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
