//! Taking apart Latin ligatures.
//!
//! Unicode has single characters for some pairs and triples of Latin letters: typographic
//! ligatures such as `ﬁ` (U+FB01) and `ﬄ` (U+FB04), which exist for compatibility with old
//! character sets, and digraphs such as `ĳ` (Dutch) and `ǆ` (used to transliterate Serbian
//! Cyrillic one to one). In a text string they are almost always an accident, most often
//! from copying out of a PDF, and they break searching and spell checking.
//!
//! [`fix_latin_ligatures`] replaces them with the letters they are made of. Ligatures of
//! other scripts are left alone, since there they can carry meaning; NFKC normalization is
//! the tool for taking apart everything.
//!
//! ```
//! use textmend::fixes::fix_latin_ligatures;
//! assert_eq!(fix_latin_ligatures("ﬂuﬃest ĳs"), "fluffiest ijs");
//! ```
use std::borrow::Cow;

/// Replaces Latin ligatures and digraph characters with their letters. Borrows when there
/// are none.
pub fn fix_latin_ligatures(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let Some(first) = text.char_indices().find(|&(_, c)| letters(c).is_some()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first.0]);
    for c in text[first.0..].chars() {
        match letters(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The letters a ligature or digraph character stands for.
fn letters(c: char) -> Option<&'static str> {
    Some(match c {
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        // Afrikaans: the apostrophe is U+02BC MODIFIER LETTER APOSTROPHE, as in NFKC.
        'ŉ' => "\u{02BC}n",
        'Ǆ' => "D\u{017D}",
        'ǅ' => "D\u{017E}",
        'ǆ' => "d\u{017E}",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'Ǳ' => "DZ",
        'ǲ' => "Dz",
        'ǳ' => "dz",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        // U+FB05 is a ligature of long s and t: the long s stays.
        'ﬅ' => "\u{017F}t",
        'ﬆ' => "st",
        _ => return None,
    })
}
