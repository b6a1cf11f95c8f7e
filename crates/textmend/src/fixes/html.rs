//! Decoding HTML entities and numeric character references.
//!
//! Text that passed through a web page or a database export often carries escapes such as
//! `&eacute;`, `&#233;` or `&#xE9;` in place of the characters they stand for.
//! [`unescape_html`] turns them back into those characters.
//!
//! It is deliberately stricter than a browser, so that it can run on text that merely
//! *might* be HTML-escaped:
//!
//! - An escape must end in `;`. `&amp` or `this&not that` are left as they are, because
//!   without the semicolon they are as likely to be ordinary text.
//! - The part between `&` (or `&#`) and `;` is 1 to 24 ASCII letters and digits. Longer
//!   names (HTML5 has a few, such as `&CounterClockwiseContourIntegral;`) are left alone.
//! - A named escape is decoded when it is an HTML5 entity. An all-lowercase entity written
//!   in capitals (`&EACUTE;`, as a database that uppercases everything would store it)
//!   decodes to the capitalised text (`É`), unless the capital spelling means something
//!   else in HTML. Mixed-case misspellings such as `&eACUTE;` stay.
//! - A numeric escape is decoded the way Python's `html.unescape` decodes it: `&#128;` to
//!   `&#159;` are read as windows-1252 (`&#150;` is `–`), `&#0;`, surrogates and numbers
//!   beyond U+10FFFF become U+FFFD, and control characters and noncharacters decode to
//!   nothing. An escape that would decode to `;` itself (`&#59;`) stays, as do malformed
//!   ones such as `&#12ab;` or `&#xZZ;`.
//!
//! ```
//! use textmend::fixes::unescape_html;
//! assert_eq!(unescape_html("&lt;tag&gt; P&EACUTE;REZ &#8212; &amp"), "<tag> PÉREZ — &amp");
//! assert_eq!(unescape_html("BUNDESSTRA&SZLIG;E"), "BUNDESSTRASSE");
//! assert_eq!(unescape_html("&ntilde; &Ntilde; &NTILDE; &nTILDE;"), "ñ Ñ Ñ &nTILDE;");
//! ```
//!
//! Whether to run this fix at all on text that contains markup (`<`) is the pipeline's
//! decision; this function decodes whatever escapes it finds.
use std::borrow::Cow;

use crate::tables::entities::{
    ENTITY_NAMES, ENTITY_NAME_BOUNDS, ENTITY_TEXTS, ENTITY_TEXT_BOUNDS, NUMERIC_DROPPED,
    NUMERIC_REMAP,
};

/// The longest run of letters and digits an escape may have between `&` or `&#` and `;`.
pub(crate) const MAX_NAME_LEN: usize = 24;

/// Decodes the HTML entities and numeric character references in `text` that end in `;`
/// (see the [module documentation](self) for exactly which). Borrows when there are none.
pub fn unescape_html(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // Everything before `copied` is already in `out`.
    let mut copied = 0;
    let mut pos = 0;
    while let Some(offset) = memchr::memchr(b'&', &bytes[pos..]) {
        let amp = pos + offset;
        let Some((end, decoded)) = escape_at(text, amp) else {
            pos = amp + 1;
            continue;
        };
        pos = end;
        let Some(decoded) = decoded else {
            // A well-formed escape that must stay as written.
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(&text[copied..amp]);
        decoded.push_to(buf);
        copied = end;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// What an escape decodes to.
pub(crate) enum Decoded {
    Text(&'static str),
    Char(char),
    Nothing,
}

impl Decoded {
    pub(crate) fn push_to(&self, buf: &mut String) {
        match self {
            Decoded::Text(s) => buf.push_str(s),
            Decoded::Char(c) => buf.push(*c),
            Decoded::Nothing => {}
        }
    }
}

/// If an escape of the form `&#?[0-9A-Za-z]{1,24};` starts at byte `amp` (which holds `&`),
/// returns the byte just past its `;`, and what it decodes to (`None`: keep it as written).
fn escape_at(text: &str, amp: usize) -> Option<(usize, Option<Decoded>)> {
    let bytes = text.as_bytes();
    let mut start = amp + 1;
    let numeric = bytes.get(start) == Some(&b'#');
    if numeric {
        start += 1;
    }
    let len = bytes[start..]
        .iter()
        .take(MAX_NAME_LEN + 1)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if len == 0 || len > MAX_NAME_LEN || bytes.get(start + len) != Some(&b';') {
        return None;
    }
    let decoded = decode_body(&text[start..start + len], numeric);
    Some((start + len + 1, decoded))
}

/// What the escape whose letters and digits are `body` decodes to (`None`: keep it as
/// written); `numeric` when it starts with `&#`.
pub(crate) fn decode_body(body: &str, numeric: bool) -> Option<Decoded> {
    if numeric {
        decode_numeric(body)
    } else {
        lookup_entity(body).map(Decoded::Text)
    }
}

/// The text of the entity `name` (without `&` and `;`), if it is one.
fn lookup_entity(name: &str) -> Option<&'static str> {
    crate::packed::find(
        &ENTITY_KEYS,
        ENTITY_NAMES,
        &ENTITY_NAME_BOUNDS,
        name.as_bytes(),
    )
    .map(entity_text)
}

/// How many entities there are.
const ENTITY_COUNT: usize = ENTITY_NAME_BOUNDS.len() - 1;

/// The keys of the entities' names ([`crate::packed`]).
static ENTITY_KEYS: [u64; ENTITY_COUNT] = crate::packed::keys(ENTITY_NAMES, &ENTITY_NAME_BOUNDS);

/// The text of entity `i`.
fn entity_text(i: usize) -> &'static str {
    crate::packed::string(ENTITY_TEXTS, &ENTITY_TEXT_BOUNDS, i)
}

/// Every entity's name and text, sorted by name.
#[cfg(test)]
pub(crate) fn entities() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::packed::strings(ENTITY_NAMES, &ENTITY_NAME_BOUNDS)
        .zip(crate::packed::strings(ENTITY_TEXTS, &ENTITY_TEXT_BOUNDS))
}

/// Decodes the digits of a numeric reference (`body` is what stands between `&#` and `;`).
fn decode_numeric(body: &str) -> Option<Decoded> {
    let (digits, radix) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (body, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Up to 24 digits may overflow u64; any such number is far beyond U+10FFFF anyway.
    let value = u32::from_str_radix(digits, radix).unwrap_or(u32::MAX);
    let decoded = if let Ok(i) = NUMERIC_REMAP.binary_search_by_key(&value, |&(cp, _)| cp) {
        Decoded::Char(NUMERIC_REMAP[i].1)
    } else if let Some(c) = char::from_u32(value) {
        if in_ranges(value, &NUMERIC_DROPPED) {
            Decoded::Nothing
        } else {
            Decoded::Char(c)
        }
    } else {
        // A surrogate or a number beyond U+10FFFF.
        Decoded::Char('\u{FFFD}')
    };
    // A reference that decodes to `;` stays: the semicolon must be consumed by the escape.
    match decoded {
        Decoded::Char(';') => None,
        other => Some(other),
    }
}

fn in_ranges(value: u32, ranges: &[(u32, u32)]) -> bool {
    let i = ranges.partition_point(|&(_, hi)| hi < value);
    ranges.get(i).is_some_and(|&(lo, _)| lo <= value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted() {
        let names: Vec<&str> = entities().map(|(name, _)| name).collect();
        assert!(names.len() > 2000 && names.iter().all(|n| !n.is_empty()));
        assert!(names.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes()));
        assert_eq!(ENTITY_TEXT_BOUNDS.len(), ENTITY_NAME_BOUNDS.len());
        assert!(entities().all(|(_, text)| !text.is_empty()));
        assert_eq!(lookup_entity("eacute"), Some("é"));
        assert_eq!(lookup_entity("EACUTE"), Some("É"));
        assert_eq!(lookup_entity("eacutex"), None);
        assert!(ENTITY_KEYS.windows(2).all(|k| k[0] <= k[1]));
        // Every name is found, its own text, names that share their first eight bytes too.
        assert!(entities().all(|(name, text)| lookup_entity(name) == Some(text)));
        assert_eq!(lookup_entity("DoubleLeftArrow"), Some("\u{21D0}"));
        assert_eq!(lookup_entity("DoubleLeftRightArrow"), Some("\u{21D4}"));
        assert_eq!(lookup_entity("DoubleLe"), None);
        assert!(NUMERIC_REMAP.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NUMERIC_DROPPED.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn escape_bounds() {
        assert_eq!(unescape_html("&;&#;&&amp;"), "&;&#;&&");
        let long = format!("&#{};", "0".repeat(23) + "65");
        assert_eq!(unescape_html(&long), long);
        let ok = format!("&#{};", "0".repeat(22) + "65");
        assert_eq!(unescape_html(&ok), "A");
        assert_eq!(unescape_html("&#99999999999999999999999;"), "\u{FFFD}");
        assert_eq!(unescape_html("&#xFFFFFFFFFFFFFFFFFFFFF;"), "\u{FFFD}");
    }

    #[test]
    fn multibyte_neighbours() {
        assert_eq!(unescape_html("é&amp;ü&é;"), "é&ü&é;");
    }
}
