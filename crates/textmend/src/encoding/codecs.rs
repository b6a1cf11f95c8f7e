//! The code pages textmend encodes and decodes through: single-byte tables generated from
//! code page data (`tables::codepages`), UTF-8, and UTF-8 with the variants that software
//! produces (CESU-8 surrogate pairs, Java's `C0 80` for U+0000).

use crate::tables::codepages::{self, CodePage};
use std::fmt;
use std::sync::OnceLock;

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
    /// A double-byte page of Chinese, Japanese or Korean (the WHATWG decoders and encoders of
    /// `encoding_rs`): `gb18030`, `shift_jis`, `euc-kr`, `big5`. Decoding is strict.
    Double(&'static encoding_rs::Encoding),
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
        "gb18030" | "gbk" | "cp936" => return Some(Codec::Double(encoding_rs::GB18030)),
        "shift-jis" | "sjis" | "cp932" => return Some(Codec::Double(encoding_rs::SHIFT_JIS)),
        "euc-kr" | "cp949" => return Some(Codec::Double(encoding_rs::EUC_KR)),
        "big5" | "cp950" => return Some(Codec::Double(encoding_rs::BIG5)),
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
            Codec::Double(encoding) => double_name(encoding),
        }
    }

    /// Encodes text. Fails on the first character the code page cannot represent.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, CodecError> {
        match self {
            Codec::SingleByte(cp) => encode_single(cp, text),
            Codec::Utf8 | Codec::Utf8Variants => Ok(text.as_bytes().to_vec()),
            Codec::Double(encoding) => encode_double(encoding, text),
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
            Codec::Double(encoding) => encoding
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|text| text.into_owned())
                .ok_or_else(|| CodecError {
                    encoding: double_name(encoding),
                    position: first_undecodable(encoding, bytes),
                    what: "undefined byte sequence",
                }),
        }
    }
}

/// The name plans use for a double-byte page.
fn double_name(encoding: &'static encoding_rs::Encoding) -> &'static str {
    if encoding == encoding_rs::SHIFT_JIS {
        "shift_jis"
    } else if encoding == encoding_rs::EUC_KR {
        "euc-kr"
    } else if encoding == encoding_rs::BIG5 {
        "big5"
    } else {
        "gb18030"
    }
}

/// Encodes `text` through a double-byte page, failing on the first character it has no bytes
/// for.
fn encode_double(
    encoding: &'static encoding_rs::Encoding,
    text: &str,
) -> Result<Vec<u8>, CodecError> {
    let mut encoder = encoding.new_encoder();
    let mut out = Vec::with_capacity(text.len() + 8);
    let mut buf = [0u8; 1024];
    let mut rest = text;
    loop {
        let (result, read, written) =
            encoder.encode_from_utf8_without_replacement(rest, &mut buf, true);
        out.extend_from_slice(&buf[..written]);
        match result {
            encoding_rs::EncoderResult::InputEmpty => return Ok(out),
            encoding_rs::EncoderResult::OutputFull => rest = &rest[read..],
            encoding_rs::EncoderResult::Unmappable(_) => {
                let position = text[..text.len() - rest.len() + read].chars().count() - 1;
                return Err(CodecError {
                    encoding: double_name(encoding),
                    position,
                    what: "character not in code page",
                });
            }
        }
    }
}

/// The offset of the first byte a double-byte page cannot decode (for the error message).
fn first_undecodable(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; bytes.len() * 3 + 16];
    let (_, read, _) = decoder.decode_to_utf8_without_replacement(bytes, &mut buf, true);
    read.saturating_sub(1)
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

/// Several code pages' encode tables folded into one table of characters, for a search that
/// asks "which of these code pages can encode this text, and as what bytes": for each
/// character of the Basic Multilingual Plane, a bit per code page that has it and the byte
/// each of them encodes it as. Two levels, blocks of 128 characters: the few blocks any of
/// the code pages uses (Latin, Greek, Cyrillic, punctuation, box drawing ...) are stored,
/// every other block is the empty block 0. Built from the pages' own `encode` tables, so it
/// answers exactly as [`encode_char`] does (a test checks every character).
pub struct PageSet {
    /// Block number for each run of 128 code points of the BMP (0 the empty block, 1
    /// ASCII), and a last entry, 0, for every character beyond the BMP.
    index: [u8; PageSet::INDEX],
    /// Per slot (block number × 128 + offset): bit `i` set if page `i` has the character.
    masks: Box<[u16; PageSet::SLOTS]>,
    /// Per page, per slot: the byte the character encodes as (0 where the page lacks it;
    /// `masks` says which).
    bytes: Vec<Box<[u8; PageSet::SLOTS]>>,
    /// The slot of each character of two bytes in UTF-8 (U+0080..U+07FF), by those bytes
    /// read as a little-endian `u16` (the first byte low) and cut to [`PageSet::PAIR`]
    /// (which keeps them apart: the first byte whole, the second's low six bits): one load,
    /// with neither the code point to put together nor an index.
    pairs: Box<[u16; PageSet::PAIR + 1]>,
    /// Each page's (code point, byte) list, for [`PageSet::doomed`]'s table.
    encodes: Vec<&'static [(u16, u8)]>,
    /// Per slot, by [`PageSet::LEAD`], [`PageSet::CONT`] and [`PageSet::PLAIN`]: the pages
    /// whose byte for the character is a lead byte (C0..FF), a continuation byte (80..BF),
    /// or ASCII other than a space, `?` and 1A; for the blocks in use. Made the first time
    /// it is asked for.
    adjacency: OnceLock<Box<[[u16; 3]]>>,
}

/// A text looked up in a [`PageSet`]: which of its pages can encode it, and where each of
/// its characters is in the table, so that encoding it through any of those pages is a load
/// per character.
pub struct LookedUp {
    /// Bit `i` set if page `i` can encode every character.
    pub pages: u16,
    /// The slot of each character in `slots[..chars]` (only complete when `pages` is not
    /// 0); what follows is left from earlier texts.
    slots: Vec<u16>,
    chars: usize,
}

impl LookedUp {
    /// The buffer the slots were written to, for the next [`PageSet::look_up_reusing`].
    pub fn into_buffer(self) -> Vec<u16> {
        self.slots
    }
}

impl PageSet {
    const SHIFT: u32 = 7;
    const BLOCK: usize = 1 << PageSet::SHIFT;
    const INDEX: usize = (0x10000 >> PageSet::SHIFT) + 1;
    /// At most 64 blocks: the 32 code pages textmend has use 27.
    const SLOTS: usize = 64 * PageSet::BLOCK;
    /// The bits of two bytes, the first low, that tell apart the two-byte characters.
    const PAIR: usize = 0x3FFF;
    const LEAD: usize = 0;
    const CONT: usize = 1;
    const PLAIN: usize = 2;

    /// Folds up to 16 code pages; page `i` of `pages` is bit `i` of the masks.
    pub fn new(pages: &[&CodePage]) -> PageSet {
        assert!(pages.len() <= 16, "a PageSet holds at most 16 code pages");
        let mut index = [0u8; PageSet::INDEX];
        // Block 1 is ASCII, whichever pages have it, so that ASCII needs no index lookup.
        index[0] = 1;
        let mut blocks = 2;
        for cp in pages {
            for &(u, _) in cp.encode {
                let slot = &mut index[(u >> PageSet::SHIFT) as usize];
                if *slot == 0 {
                    *slot = blocks;
                    blocks += 1;
                }
            }
        }
        assert!(
            blocks as usize * PageSet::BLOCK <= PageSet::SLOTS,
            "too many blocks for a PageSet"
        );
        let mut masks = Box::new([0u16; PageSet::SLOTS]);
        let mut bytes = vec![Box::new([0u8; PageSet::SLOTS]); pages.len()];
        for (i, cp) in pages.iter().enumerate() {
            for &(u, b) in cp.encode {
                let at = PageSet::slot(&index, u as u32);
                masks[at] |= 1 << i;
                bytes[i][at] = b;
            }
        }
        let mut pairs = Box::new([0u16; PageSet::PAIR + 1]);
        for u in 0x80..0x800u32 {
            let (lead, continuation) = (0xC0 | (u >> 6) as u8, 0x80 | (u & 0x3F) as u8);
            let pair = u16::from_le_bytes([lead, continuation]) as usize & PageSet::PAIR;
            pairs[pair] = PageSet::slot(&index, u) as u16;
        }
        PageSet {
            index,
            masks,
            bytes,
            pairs,
            encodes: pages.iter().map(|cp| cp.encode).collect(),
            adjacency: OnceLock::new(),
        }
    }

    /// Where code point `u` is in the tables.
    #[inline(always)]
    fn slot(index: &[u8; PageSet::INDEX], u: u32) -> usize {
        let block = index[((u >> PageSet::SHIFT) as usize).min(PageSet::INDEX - 1)] as usize;
        (block << PageSet::SHIFT | (u as usize & (PageSet::BLOCK - 1))) & (PageSet::SLOTS - 1)
    }

    /// The byte page `i` encodes `c` as, if it has `c`: a character beyond ASCII (each
    /// page's ASCII is its own business, see [`encode_char`]).
    #[inline]
    pub fn byte_of(&self, page: usize, c: char) -> Option<u8> {
        let slot = PageSet::slot(&self.index, c as u32);
        (self.masks[slot] & (1 << page) != 0).then(|| self.bytes[page][slot])
    }

    /// Which of the pages can encode `c`: bit `i` for page `i`.
    #[inline]
    pub fn mask_of(&self, c: char) -> u16 {
        self.masks[PageSet::slot(&self.index, c as u32)]
    }

    /// Looks every character of `text` up: which of the pages can encode it all, and where.
    /// Stops as soon as none can.
    pub fn look_up(&self, text: &str) -> LookedUp {
        self.look_up_reusing(text, Vec::new())
    }

    /// [`PageSet::look_up`], writing the slots to `buffer` (that of an earlier look-up, say):
    /// it grows when the text has more bytes than it has room for, and is not cleared.
    pub fn look_up_reusing(&self, text: &str, buffer: Vec<u16>) -> LookedUp {
        let bytes = text.as_bytes();
        // Written by index rather than pushed: the loop then keeps the length in a register.
        let mut slots = buffer;
        if slots.len() < bytes.len() {
            slots.resize(bytes.len(), 0);
        }
        // The tables, held for the loop rather than read through `self` in it.
        let (masks, pairs, index) = (&*self.masks, &*self.pairs, &self.index);
        let mut n = 0;
        let mut pages = u16::MAX;
        let mut i = 0;
        // The last byte is left for after the loop: each byte the loop reads is then there
        // (after the first byte of a two-byte character, the second always is).
        let last = bytes.len().saturating_sub(1);
        while i < last {
            let b = bytes[i];
            let at = if b < 0x80 {
                i += 1;
                PageSet::BLOCK + b as usize
            } else if b < 0xE0 {
                let pair = u16::from_le_bytes([b, bytes[i + 1]]);
                i += 2;
                pairs[pair as usize & PageSet::PAIR] as usize & (PageSet::SLOTS - 1)
            } else {
                let (u, len) = code_point_at(bytes, i);
                i += len;
                PageSet::slot(index, u)
            };
            pages &= masks[at];
            if pages == 0 {
                break;
            }
            // There are no more characters than bytes, and a slot is below 64 × 128.
            slots[n] = at as u16;
            n += 1;
        }
        // The last byte, if a character starts there: ASCII.
        if pages != 0 && i < bytes.len() {
            let at = PageSet::BLOCK + (bytes[i] & 0x7F) as usize;
            pages &= masks[at];
            if pages != 0 {
                slots[n] = at as u16;
                n += 1;
            }
        }
        LookedUp {
            pages,
            slots,
            chars: n,
        }
    }

    /// Which of the pages can encode every character of `text`: bit `i` for page `i`.
    pub fn encodable(&self, text: &str) -> u16 {
        self.look_up(text).pages
    }

    /// Encodes a looked-up text with page `page`; `None` if that page cannot encode it.
    pub fn encode_looked_up(&self, page: usize, text: &LookedUp) -> Option<Vec<u8>> {
        if text.pages & (1 << page) == 0 {
            return None;
        }
        let table = &self.bytes[page];
        let slots = &text.slots[..text.chars];
        Some(
            slots
                .iter()
                .map(|&at| table[at as usize & (PageSet::SLOTS - 1)])
                .collect(),
        )
    }

    /// Of the pages in `wanted` that can encode a looked-up text, those whose bytes for it
    /// no byte fix of the repair can make UTF-8, as two neighbours show: ASCII other than
    /// a space, `?` or 1A right after a lead byte (C0..FF), or right before a continuation
    /// byte (80..BF). Neither fix touches such a pair: `restore_byte_a0` only turns spaces
    /// inside the sequences it finds into A0, and puts an A0 only between C3 and a space;
    /// `replace_lossy_sequences` only rewrites runs that start at a lead byte or 1A and go
    /// on over continuation bytes, `?`, 1A and ED, none of them that ASCII. And no decoder
    /// reads the pair: wherever a decoder takes a lead byte, a continuation byte follows it
    /// (in the variants' C0 80 and CESU-8 pairs too), and a continuation byte right after
    /// ASCII is in no sequence. The pass stops once every page of `wanted` is found. (Only
    /// complete when `text.pages` is not 0.)
    pub fn doomed(&self, text: &LookedUp, wanted: u16) -> u16 {
        let table = self.adjacency.get_or_init(|| self.adjacency_table());
        let wanted = wanted & text.pages;
        let class = |at: u16| table.get(at as usize).copied().unwrap_or_default();
        let mut doomed = 0;
        let mut slots = text.slots[..text.chars].iter();
        let Some(&first) = slots.next() else {
            return 0;
        };
        let mut a = class(first);
        for &at in slots {
            let b = class(at);
            doomed |=
                (a[PageSet::LEAD] & b[PageSet::PLAIN]) | (a[PageSet::PLAIN] & b[PageSet::CONT]);
            if doomed & wanted == wanted {
                break;
            }
            a = b;
        }
        doomed & wanted
    }

    /// The table of [`PageSet::adjacency`].
    fn adjacency_table(&self) -> Box<[[u16; 3]]> {
        // Only the blocks in use (the slots of every other character are in the empty block).
        let blocks = self.index.iter().copied().max().unwrap_or(0) as usize + 1;
        let mut table = vec![[0u16; 3]; blocks * PageSet::BLOCK].into_boxed_slice();
        for (i, encode) in self.encodes.iter().enumerate() {
            for &(u, b) in encode.iter() {
                let class = match b {
                    0x20 | 0x3F | 0x1A => continue,
                    0x00..=0x7F => PageSet::PLAIN,
                    0x80..=0xBF => PageSet::CONT,
                    0xC0..=0xFF => PageSet::LEAD,
                };
                table[PageSet::slot(&self.index, u as u32)][class] |= 1 << i;
            }
        }
        table
    }

    /// Encodes `text` with page `page`; `None` if that page cannot encode it.
    pub fn encode(&self, page: usize, text: &str) -> Option<Vec<u8>> {
        self.encode_looked_up(page, &self.look_up(text))
    }
}

/// The code point of the character that starts at byte `i` of `bytes`, which is valid UTF-8
/// (a `str`'s bytes), and its length in bytes: a plain decode, without the checks that
/// `str::chars` makes for generality.
#[inline(always)]
pub(crate) fn code_point_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b = bytes[i] as u32;
    let cont = |k: usize| bytes.get(i + k).map_or(0, |&x| x as u32 & 0x3F);
    if b < 0x80 {
        (b, 1)
    } else if b < 0xE0 {
        ((b & 0x1F) << 6 | cont(1), 2)
    } else if b < 0xF0 {
        ((b & 0x0F) << 12 | cont(1) << 6 | cont(2), 3)
    } else {
        ((b & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3), 4)
    }
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

/// [`decode_utf8_for_repair`] on bytes it owns: valid UTF-8 is checked with simdutf8 and
/// copied into the text.
pub fn decode_utf8_for_repair_owned(bytes: Vec<u8>) -> (Codec, Result<String, CodecError>) {
    if memchr::memchr2(0xED, 0xC0, &bytes).is_some() {
        (Codec::Utf8Variants, decode_utf8_variants(&bytes))
    } else {
        // simdutf8 checks the bytes at a fraction of `String::from_utf8`'s cost; copying
        // them into a new string costs less still (no `unsafe` to reuse the buffer). The
        // position of an error comes from its compatible check, as `from_utf8` gives it.
        let decoded = match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => Err(CodecError {
                encoding: "utf-8",
                position: simdutf8::compat::from_utf8(&bytes)
                    .err()
                    .map_or(bytes.len(), |e| e.valid_up_to()),
                what: "invalid UTF-8",
            }),
        };
        (Codec::Utf8, decoded)
    }
}

/// [`decode_utf8_for_repair`] for bytes already checked: `valid` is the bytes as text if they
/// are valid UTF-8, `None` if not. Only the variants' decoder is left to try on invalid
/// bytes (where they have an `ED` or a `C0`); valid bytes decode to themselves either way,
/// with the codec that [`decode_utf8_for_repair`] names. `None` where it fails.
pub(crate) fn decode_utf8_for_repair_checked(
    bytes: &[u8],
    valid: Option<String>,
) -> Option<(Codec, String)> {
    let variants = memchr::memchr2(0xED, 0xC0, bytes).is_some();
    match valid {
        Some(text) if variants => Some((Codec::Utf8Variants, text)),
        Some(text) => Some((Codec::Utf8, text)),
        None if variants => decode_utf8_variants(bytes)
            .ok()
            .map(|text| (Codec::Utf8Variants, text)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PageSet answers as `encode_char` (the binary search in each page's own table) does,
    /// for every character of the BMP (beyond it, none has a byte) and every code page, in
    /// groups of 16 and of 7.
    #[test]
    fn page_set_agrees_with_encode_char() {
        let all: Vec<&CodePage> = codepages::ALL.to_vec();
        let astral = [0x10000, 0x1F600, 0x10FFFF];
        for group in all.chunks(16).chain(all.chunks(7)) {
            let set = PageSet::new(group);
            for u in (0..=0xFFFFu32).chain(astral) {
                let Some(c) = char::from_u32(u) else { continue };
                let mask = set.mask_of(c);
                let s = c.to_string();
                assert_eq!(set.encodable(&s), mask, "U+{u:04X}");
                for (i, cp) in group.iter().enumerate() {
                    let expected = encode_char(cp, c);
                    assert_eq!(
                        mask & (1 << i) != 0,
                        expected.is_some(),
                        "{} U+{u:04X}",
                        cp.name
                    );
                    assert_eq!(set.encode(i, &s), expected.map(|b| vec![b]), "{}", cp.name);
                }
            }
        }
    }

    /// On whole texts: `encodable` has page `i` exactly when `can_encode` says so, and
    /// `encode` gives `Codec::encode`'s bytes.
    #[test]
    fn page_set_on_texts() {
        let pages: Vec<&CodePage> = codepages::ALL.iter().take(16).copied().collect();
        let set = PageSet::new(&pages);
        let texts = [
            "",
            "plain ASCII\n",
            "cafÃ© â€œquotedâ€\u{9d}",
            "РџСЂРёРІРµС‚",
            "ÎšÎ±Î»Î·Î¼Î\u{AD}Ï\u{81}Î±",
            "sub \u{1a} and \u{fffd}",
            "emoji 😀 here",
            "└── ╔═╗ ░▒▓",
            "\u{0}\u{7f}\u{80}\u{ff}\u{100}",
        ];
        for text in texts {
            let mask = set.encodable(text);
            for (i, cp) in pages.iter().enumerate() {
                assert_eq!(
                    mask & (1 << i) != 0,
                    can_encode(cp, text),
                    "{} {text:?}",
                    cp.name
                );
                assert_eq!(
                    set.encode(i, text),
                    Codec::SingleByte(cp).encode(text).ok(),
                    "{} {text:?}",
                    cp.name
                );
            }
        }
    }

    /// The decode of checked bytes agrees with the plain one, on valid and invalid bytes
    /// and on the variants.
    #[test]
    fn checked_decode_agrees() {
        let cases: [&[u8]; 8] = [
            b"plain",
            b"caf\xc3\xa9",
            b"bad \xc3",
            b"\xc0\x80 java null",
            b"\xed\xa0\xbd\xed\xb8\x80 cesu",
            b"\xed\x9f\xbf valid ED",
            b"\xed\xa0\xbd lone surrogate",
            b"",
        ];
        for bytes in cases {
            let valid = std::str::from_utf8(bytes).ok().map(str::to_owned);
            let (codec, plain) = decode_utf8_for_repair(bytes);
            assert_eq!(
                decode_utf8_for_repair_checked(bytes, valid),
                plain.ok().map(|text| (codec, text)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn owned_decode_agrees() {
        let cases: [&[u8]; 5] = [
            b"plain",
            b"caf\xc3\xa9",
            b"bad \xc3",
            b"\xc0\x80 java null",
            b"\xed\xa0\xbd\xed\xb8\x80 cesu",
        ];
        for bytes in cases {
            assert_eq!(
                decode_utf8_for_repair_owned(bytes.to_vec()),
                decode_utf8_for_repair(bytes)
            );
        }
    }
}
