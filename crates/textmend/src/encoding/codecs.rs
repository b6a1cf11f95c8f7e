//! The code pages textmend encodes and decodes through: single-byte tables generated from
//! code page data (`tables::codepages`), UTF-8, and UTF-8 with the variants that software
//! produces (CESU-8 surrogate pairs, Java's `C0 80` for U+0000).

use crate::tables::codepages::{self, CodePage};
use std::fmt;

/// Why text could not be encoded or bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError {
    /// The code page.
    pub encoding: &'static str,
    /// Offset of the first offending character (in chars) or byte.
    pub position: usize,
    /// What was wrong.
    pub what: &'static str,
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at position {} ({})",
            self.what, self.position, self.encoding
        )
    }
}

impl std::error::Error for CodecError {}

/// A code page.
#[derive(Clone, Copy)]
pub enum Codec {
    /// One byte, one character.
    SingleByte(&'static CodePage),
    /// Strict UTF-8.
    Utf8,
    /// UTF-8 that also accepts CESU-8 surrogate pairs and `C0 80`.
    Utf8Variants,
}

impl fmt::Debug for Codec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for Codec {
    fn eq(&self, other: &Codec) -> bool {
        self.name() == other.name()
    }
}

/// Finds a code page by name. Accepts the names plans use (`sloppy-windows-1252`,
/// `latin-1`, `utf-8-variants`) and common aliases (`cp1252`, `iso-8859-1`, `utf8`).
pub fn by_name(name: &str) -> Option<Codec> {
    let n = name.trim().to_ascii_lowercase().replace('_', "-");
    let canonical = match n.as_str() {
        "utf-8" | "utf8" => return Some(Codec::Utf8),
        "utf-8-variants" | "utf8-variants" => return Some(Codec::Utf8Variants),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" => "latin-1",
        "mac-roman" | "macroman" | "macintosh" => "macroman",
        "ibm437" | "cp437" | "437" => "cp437",
        "ibm850" | "cp850" => "cp850",
        "ibm852" | "cp852" => "cp852",
        "ibm866" | "cp866" => "cp866",
        "tis-620" | "cp874" | "windows-874" => "windows-874",
        "sloppy-cp874" | "sloppy-windows-874" | "sloppy-tis-620" => "sloppy-windows-874",
        other => {
            if let Some(num) = other.strip_prefix("sloppy-cp") {
                return find(&format!("sloppy-windows-{num}"));
            }
            if let Some(num) = other.strip_prefix("cp") {
                return find(&format!("windows-{num}"));
            }
            if let Some(rest) = other.strip_prefix("iso8859-") {
                return find(&format!("iso-8859-{rest}"));
            }
            other
        }
    };
    find(canonical)
}

fn find(name: &str) -> Option<Codec> {
    codepages::ALL
        .iter()
        .find(|cp| cp.name == name)
        .map(|cp| Codec::SingleByte(cp))
}

impl Codec {
    /// The name plans use.
    pub fn name(&self) -> &'static str {
        match self {
            Codec::SingleByte(cp) => cp.name,
            Codec::Utf8 => "utf-8",
            Codec::Utf8Variants => "utf-8-variants",
        }
    }

    /// Encodes text. Fails on the first character the code page cannot represent.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, CodecError> {
        match self {
            Codec::SingleByte(cp) => encode_single(cp, text),
            Codec::Utf8 | Codec::Utf8Variants => Ok(text.as_bytes().to_vec()),
        }
    }

    /// Decodes bytes. Fails on the first byte the code page leaves undefined, or on bytes
    /// that are not valid UTF-8 (in the variant given).
    pub fn decode(&self, bytes: &[u8]) -> Result<String, CodecError> {
        match self {
            Codec::SingleByte(cp) => decode_single(cp, bytes),
            Codec::Utf8 => match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_string()),
                Err(e) => Err(CodecError {
                    encoding: "utf-8",
                    position: e.valid_up_to(),
                    what: "invalid UTF-8",
                }),
            },
            Codec::Utf8Variants => decode_utf8_variants(bytes),
        }
    }
}

/// The byte a single-byte code page encodes `c` as, if any.
#[inline]
pub fn encode_char(cp: &CodePage, c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 && cp.decode[u as usize] as u32 == u {
        return Some(u as u8);
    }
    if u > 0xFFFF {
        return None;
    }
    let u = u as u16;
    cp.encode
        .binary_search_by_key(&u, |&(c, _)| c)
        .ok()
        .map(|i| cp.encode[i].1)
}

/// Whether every character of `text` can be encoded in `cp` (and so the text could have come
/// from decoding bytes with it).
pub fn can_encode(cp: &CodePage, text: &str) -> bool {
    text.chars().all(|c| encode_char(cp, c).is_some())
}

fn encode_single(cp: &'static CodePage, text: &str) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match encode_char(cp, c) {
            Some(b) => out.push(b),
            None => {
                return Err(CodecError {
                    encoding: cp.name,
                    position: i,
                    what: "character not in code page",
                })
            }
        }
    }
    Ok(out)
}

/// Decodes one byte; `None` where the code page leaves it undefined.
#[inline]
pub fn decode_byte(cp: &CodePage, b: u8) -> Option<char> {
    let u = cp.decode[b as usize];
    if u == 0xFFFF {
        None
    } else {
        char::from_u32(u as u32)
    }
}

fn decode_single(cp: &'static CodePage, bytes: &[u8]) -> Result<String, CodecError> {
    let mut out = String::with_capacity(bytes.len() * 2);
    for (i, &b) in bytes.iter().enumerate() {
        match decode_byte(cp, b) {
            Some(c) => out.push(c),
            None => {
                return Err(CodecError {
                    encoding: cp.name,
                    position: i,
                    what: "byte undefined in code page",
                })
            }
        }
    }
    Ok(out)
}

/// Decodes UTF-8, also accepting `C0 80` as U+0000 and CESU-8: a UTF-16 surrogate pair
/// written as two three-byte sequences (`ED A0..AF xx ED B0..BF xx`). A lone surrogate is
/// still an error, as in strict UTF-8.
pub fn decode_utf8_variants(bytes: &[u8]) -> Result<String, CodecError> {
    let mut out = String::with_capacity(bytes.len());
    let mut pos = 0;
    while pos < bytes.len() {
        match std::str::from_utf8(&bytes[pos..]) {
            Ok(s) => {
                out.push_str(s);
                return Ok(out);
            }
            Err(e) => {
                let good = e.valid_up_to();
                // The prefix was checked by from_utf8, so this cannot fail.
                out.push_str(std::str::from_utf8(&bytes[pos..pos + good]).unwrap_or_default());
                pos += good;
                let rest = &bytes[pos..];
                if rest.len() >= 2 && rest[0] == 0xC0 && rest[1] == 0x80 {
                    out.push('\0');
                    pos += 2;
                } else if let Some(c) = cesu8_pair(rest) {
                    out.push(c);
                    pos += 6;
                } else {
                    return Err(CodecError {
                        encoding: "utf-8-variants",
                        position: pos,
                        what: "invalid UTF-8",
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The character a CESU-8 surrogate pair at the start of `b` stands for.
pub fn cesu8_pair(b: &[u8]) -> Option<char> {
    if b.len() >= 6
        && b[0] == 0xED
        && (0xA0..=0xAF).contains(&b[1])
        && (0x80..=0xBF).contains(&b[2])
        && b[3] == 0xED
        && (0xB0..=0xBF).contains(&b[4])
        && (0x80..=0xBF).contains(&b[5])
    {
        let hi = 0xD000 | ((b[1] as u32 & 0x3F) << 6) | (b[2] as u32 & 0x3F);
        let lo = 0xD000 | ((b[4] as u32 & 0x3F) << 6) | (b[5] as u32 & 0x3F);
        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    } else {
        None
    }
}

/// Decodes as ftfy's `utf-8-variants` is chosen: the variant decoder where the bytes contain
/// `ED` or `C0` (the only lead bytes of the variants), strict UTF-8 otherwise. Returns the
/// codec used with the text.
pub fn decode_utf8_for_repair(bytes: &[u8]) -> (Codec, Result<String, CodecError>) {
    if memchr::memchr2(0xED, 0xC0, bytes).is_some() {
        (Codec::Utf8Variants, decode_utf8_variants(bytes))
    } else {
        (Codec::Utf8, Codec::Utf8.decode(bytes))
    }
}
