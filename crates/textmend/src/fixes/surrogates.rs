//! Surrogate code points: pairing them up, or replacing them.
//!
//! UTF-16 writes characters beyond U+FFFF as two 16-bit "surrogates", a high one
//! (U+D800..U+DBFF) followed by a low one (U+DC00..U+DFFF). Surrogates are not characters
//! on their own, but software that mixes up UTF-16 and UTF-8 writes them out anyway:
//! Java's "modified UTF-8", CESU-8, and JSON or JavaScript strings converted one unit at a
//! time all encode `😀` (U+1F600) as the two three-byte sequences `ED A0 BD ED B8 80`
//! instead of the four bytes `F0 9F 98 80`. Python decodes such bytes to a string that
//! holds the two surrogates, and ftfy's `fix_surrogates` then joins each high-low pair into
//! the character it encodes and replaces every unpaired surrogate with U+FFFD.
//!
//! A Rust `str` is always valid UTF-8 and can never hold a surrogate, so on `str`
//! [`fix_surrogates`] has nothing to do and returns its input, borrowed. The repair belongs
//! where the bytes are decoded: [`decode_wtf8_lossy`] reads bytes that are UTF-8 apart from
//! encoded surrogates (the "WTF-8" / CESU-8 shape), joining the pairs and replacing the
//! lone ones, which gives the text ftfy would produce from the same bytes.
//!
//! ```
//! use textmend::fixes::surrogates::decode_wtf8_lossy;
//! // U+1F600 as a CESU-8 surrogate pair, then a lone low surrogate.
//! let bytes = b"smile \xED\xA0\xBD\xED\xB8\x80 \xED\xB8\x80";
//! assert_eq!(decode_wtf8_lossy(bytes).as_deref(), Some("smile \u{1F600} \u{FFFD}"));
//! // Bytes that are broken in any other way are refused.
//! assert_eq!(decode_wtf8_lossy(b"\xFF"), None);
//! ```
use std::borrow::Cow;

/// Joins surrogate pairs and replaces lone surrogates in `text`. A `str` cannot contain
/// surrogates, so this always returns `text` unchanged, borrowed; it exists so that the
/// fix can be named in a configuration or a plan like the others. See
/// [`decode_wtf8_lossy`] for the repair on bytes.
pub fn fix_surrogates(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// Decodes bytes that are UTF-8 except for encoded UTF-16 surrogates (`ED A0..BF xx`).
///
/// A high surrogate immediately followed by a low one becomes the character the pair
/// encodes; any other surrogate becomes U+FFFD, one per surrogate. Returns `None` if the
/// bytes are invalid UTF-8 in any other way (a stray continuation byte, an overlong form,
/// a truncated sequence, ...).
pub fn decode_wtf8_lossy(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return Some(out);
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                // `valid` is valid UTF-8 by the contract of `valid_up_to`.
                out.push_str(std::str::from_utf8(valid).ok()?);
                let unit = surrogate(after)?;
                match (unit, after.get(3..).and_then(surrogate)) {
                    (0xD800..=0xDBFF, Some(low @ 0xDC00..=0xDFFF)) => {
                        let cp = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low) - 0xDC00);
                        out.push(char::from_u32(cp)?);
                        rest = &after[6..];
                    }
                    _ => {
                        out.push('\u{FFFD}');
                        rest = &after[3..];
                    }
                }
            }
        }
    }
}

/// The surrogate encoded by the first three bytes of `bytes`, if they encode one.
fn surrogate(bytes: &[u8]) -> Option<u16> {
    match bytes {
        [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
            Some(0xD000 | (u16::from(b1 & 0x3F) << 6) | u16::from(b2 & 0x3F))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes UTF-16 code units the way CESU-8 does: each unit as its own 3-byte sequence
    /// (non-surrogates are encoded as ordinary UTF-8).
    fn cesu(units: &[u16]) -> Vec<u8> {
        let mut out = Vec::new();
        for &u in units {
            let u = u32::from(u);
            if u < 0x80 {
                out.push(u as u8);
            } else if u < 0x800 {
                out.extend([0xC0 | (u >> 6) as u8, 0x80 | (u & 0x3F) as u8]);
            } else {
                out.extend([
                    0xE0 | (u >> 12) as u8,
                    0x80 | ((u >> 6) & 0x3F) as u8,
                    0x80 | (u & 0x3F) as u8,
                ]);
            }
        }
        out
    }

    #[test]
    fn every_pair_round_trips() {
        for c in ['\u{10000}', '\u{1F4A9}', '\u{10FFFF}', '\u{E0041}'] {
            let mut units = [0; 2];
            let units = c.encode_utf16(&mut units);
            let bytes = cesu(units);
            assert_eq!(decode_wtf8_lossy(&bytes), Some(c.to_string()), "{c:?}");
        }
    }

    #[test]
    fn lone_and_misordered_surrogates() {
        assert_eq!(
            decode_wtf8_lossy(&cesu(&[0xDCA9, 0xD83D])).as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
        assert_eq!(
            decode_wtf8_lossy(&cesu(&[0xD83D, 0xD83D, 0xDCA9, 0x41])).as_deref(),
            Some("\u{FFFD}\u{1F4A9}A")
        );
        assert_eq!(
            decode_wtf8_lossy(&cesu(&[0xD800])).as_deref(),
            Some("\u{FFFD}")
        );
    }

    #[test]
    fn other_invalid_bytes_are_refused() {
        assert_eq!(decode_wtf8_lossy(b"\xED\xA0"), None);
        assert_eq!(decode_wtf8_lossy(b"\xED\xA0\x41"), None);
        assert_eq!(decode_wtf8_lossy(b"a\x80"), None);
        assert_eq!(decode_wtf8_lossy(b"\xC0\x80"), None);
        assert_eq!(decode_wtf8_lossy(b"\xED\xA0\xBD\xED\xB8"), None);
        assert_eq!(
            decode_wtf8_lossy(b"ok \xE2\x82\xAC").as_deref(),
            Some("ok \u{20AC}")
        );
    }
}
