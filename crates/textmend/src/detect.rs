//! Bytes of unknown encoding to text: byte order marks, UTF-8, UTF-16/32, legacy code pages.
//!
//! Two halves:
//!
//! - [`TextEncoding`] names an encoding (a WHATWG label such as `windows-1251` or
//!   `shift_jis`, one of the engine's code pages such as `cp437` or `sloppy-windows-1252`,
//!   or one of the few that neither knows: `utf-32`, `ibm855`, `johab`) and makes a streaming
//!   [`Decoder`] for it, which reports the byte offset of the first malformed sequence or
//!   replaces it with U+FFFD.
//! - [`detect`] guesses the encoding of a sample of bytes. In order: a byte order mark;
//!   UTF-32 and UTF-16 without one (from where the zero bytes fall, and whether the text
//!   they decode to is plausible); UTF-8 (valid is decisive: legacy text is almost never
//!   valid UTF-8); then the legacy code pages, by statistics. The statistics are
//!   [chardetng](https://docs.rs/chardetng)'s (the detector Firefox uses), extended where it
//!   stops: it does not detect KOI8-R apart from KOI8-U, x-mac-cyrillic, IBM855, Johab,
//!   the DOS and Mac Latin code pages (cp437, cp850, macintosh) or ISO-8859-15. Those are
//!   weighed against chardetng's guess by [`plausibility`]: how much the decoded text looks
//!   like text (letters inside words of one script, capitals at the start of words, the
//!   letter frequencies of Cyrillic languages) rather than like mojibake (box drawing,
//!   symbols and controls between letters, capitals after small letters, scripts mixed
//!   within a word). Johab is weighed against EUC-KR by how many of its syllables are
//!   among the 2,350 of KS X 1001 that ordinary Korean text is written with.
//!
//! ```
//! use textmend::detect::{detect, TextEncoding};
//! let bytes = b"\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0! \xc7\xe4\xf0\xe0\xe2\xf1\xf2\xe2\xf3\xe9\xf2\xe5.";
//! let detection = detect(bytes, true);
//! assert_eq!(detection.encoding.name(), "windows-1251");
//! let text = detection.encoding.decode_all(bytes, false).unwrap();
//! assert_eq!(text, "Привет, мир! Здравствуйте.");
//! assert_eq!(TextEncoding::for_label("cp437").unwrap().name(), "cp437");
//! ```

use crate::encoding::codecs::{self, Codec};
use encoding_rs::{DecoderResult, Encoding as Whatwg};
use std::fmt;

/// An encoding that bytes can be decoded from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextEncoding(Kind);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// UTF-8; the flag says whether a leading byte order mark is removed.
    Utf8 { strip_bom: bool },
    /// UTF-16 whose byte order comes from its byte order mark (little-endian without one).
    Utf16Sniff,
    /// UTF-32, little- or big-endian; a leading byte order mark is removed.
    Utf32 { big_endian: bool },
    /// UTF-32 whose byte order comes from its byte order mark (little-endian without one).
    Utf32Sniff,
    /// An encoding of the WHATWG Encoding Standard, decoded by encoding_rs.
    Whatwg(&'static Whatwg),
    /// One of the engine's single-byte code pages (`cp437`, `sloppy-windows-1252`, ...).
    Engine(Codec),
    /// IBM855 (DOS Cyrillic), which neither encoding_rs nor the engine has.
    Ibm855,
    /// Johab (KS X 1001 annex 3): Korean with every Hangul syllable, algorithmically.
    Johab,
}

impl TextEncoding {
    /// UTF-8, with a leading byte order mark removed.
    pub const UTF_8: TextEncoding = TextEncoding(Kind::Utf8 { strip_bom: true });
    /// UTF-8 exactly as it is: a byte order mark stays in the text (as U+FEFF).
    pub const UTF_8_RAW: TextEncoding = TextEncoding(Kind::Utf8 { strip_bom: false });

    /// Finds an encoding by name. The engine's code page names come first (so `latin-1` and
    /// `iso-8859-1` are ISO 8859-1 itself, as in Python, not windows-1252 as in browsers),
    /// then the WHATWG labels (`shift_jis`, `gbk`, `koi8-u`, `x-mac-cyrillic`, ...; `_` may
    /// stand for `-`), then `utf-32`, `utf-32le`, `utf-32be`, `ibm855`/`cp855` and `johab`.
    /// `utf-16` and `utf-32` without an endianness follow the byte order mark.
    pub fn for_label(label: &str) -> Option<TextEncoding> {
        let key = label.trim().to_ascii_lowercase().replace('_', "-");
        let kind = match key.as_str() {
            "" => return None,
            "utf-8" | "utf8" | "unicode-1-1-utf-8" | "utf-8-sig" => Kind::Utf8 { strip_bom: true },
            "utf-16" | "utf16" | "ucs-2" | "unicode" => Kind::Utf16Sniff,
            "utf-32" | "utf32" | "ucs-4" => Kind::Utf32Sniff,
            "utf-32le" | "utf32le" => Kind::Utf32 { big_endian: false },
            "utf-32be" | "utf32be" => Kind::Utf32 { big_endian: true },
            "utf-16le" | "utf16le" => Kind::Whatwg(encoding_rs::UTF_16LE),
            "utf-16be" | "utf16be" => Kind::Whatwg(encoding_rs::UTF_16BE),
            "ibm855" | "cp855" | "855" | "csibm855" => Kind::Ibm855,
            "johab" | "cp1361" | "ms1361" | "ks-c-5601-1992" => Kind::Johab,
            "mac-cyrillic" | "maccyrillic" | "x-mac-ukrainian" => {
                Kind::Whatwg(encoding_rs::X_MAC_CYRILLIC)
            }
            "euc-kr" | "cp949" | "uhc" | "windows-949" | "ks-c-5601-1987" => {
                Kind::Whatwg(encoding_rs::EUC_KR)
            }
            "shift-jis" | "sjis" | "cp932" | "ms932" | "windows-31j" => {
                Kind::Whatwg(encoding_rs::SHIFT_JIS)
            }
            "euc-jp" | "eucjp" => Kind::Whatwg(encoding_rs::EUC_JP),
            "big5" | "big5-hkscs" | "cp950" => Kind::Whatwg(encoding_rs::BIG5),
            "gb2312" | "gbk" | "cp936" | "euc-cn" => Kind::Whatwg(encoding_rs::GBK),
            "gb18030" => Kind::Whatwg(encoding_rs::GB18030),
            "iso-2022-jp" | "iso2022-jp" | "csiso2022jp" => Kind::Whatwg(encoding_rs::ISO_2022_JP),
            _ => {
                if let Some(codec) = codecs::by_name(&key) {
                    match codec {
                        Codec::SingleByte(_) => Kind::Engine(codec),
                        Codec::Utf8 => Kind::Utf8 { strip_bom: true },
                        // Decoding input with the variants would accept CESU-8 surrogate
                        // pairs, which is a repair, not a decoding.
                        Codec::Utf8Variants => return None,
                        Codec::Double(encoding) => Kind::Whatwg(encoding),
                    }
                } else {
                    let encoding = Whatwg::for_label_no_replacement(key.as_bytes())?;
                    match encoding.name() {
                        "UTF-8" => Kind::Utf8 { strip_bom: true },
                        // "utf-16" itself was handled above; other labels of UTF-16LE
                        // (such as "unicode") follow the BOM too, as in WHATWG.
                        _ => Kind::Whatwg(encoding),
                    }
                }
            }
        };
        Some(TextEncoding(kind))
    }

    /// The encoding's canonical name: the WHATWG name (`windows-1251`, `Shift_JIS`,
    /// `UTF-16LE`), the engine's (`cp437`, `sloppy-windows-1252`), or `UTF-32LE`,
    /// `UTF-32BE`, `IBM855`, `Johab`.
    pub fn name(&self) -> &'static str {
        match self.0 {
            Kind::Utf8 { .. } => "UTF-8",
            Kind::Utf16Sniff => "UTF-16",
            Kind::Utf32 { big_endian: false } => "UTF-32LE",
            Kind::Utf32 { big_endian: true } => "UTF-32BE",
            Kind::Utf32Sniff => "UTF-32",
            Kind::Whatwg(e) => e.name(),
            Kind::Engine(c) => c.name(),
            Kind::Ibm855 => "IBM855",
            Kind::Johab => "Johab",
        }
    }

    /// Whether the encoding maps ASCII bytes to ASCII characters and every other character
    /// to non-ASCII bytes, so that text in it can be cut at a `\n` byte.
    pub fn is_ascii_compatible(&self) -> bool {
        match self.0 {
            Kind::Utf16Sniff | Kind::Utf32 { .. } | Kind::Utf32Sniff => false,
            Kind::Whatwg(e) => e.is_ascii_compatible() && e != encoding_rs::ISO_2022_JP,
            _ => true,
        }
    }

    /// Whether the encoding is UTF-8 (whose decoding is a validation: the text is the bytes).
    pub fn is_utf8(&self) -> bool {
        matches!(self.0, Kind::Utf8 { .. })
    }

    /// A decoder for one stream. With `replace`, malformed bytes become U+FFFD; without it,
    /// they are an error that gives their offset.
    pub fn new_decoder(&self, replace: bool) -> Decoder {
        let state = match self.0 {
            Kind::Utf8 { strip_bom } => State::Utf8 { strip_bom },
            Kind::Utf16Sniff => State::Whatwg(encoding_rs::UTF_16LE.new_decoder()),
            Kind::Utf32 { big_endian } => State::Utf32 {
                big_endian,
                strip_bom: true,
            },
            Kind::Utf32Sniff => State::Utf32Sniff,
            Kind::Whatwg(e) => State::Whatwg(e.new_decoder_with_bom_removal()),
            Kind::Engine(Codec::SingleByte(cp)) => State::Table(&cp.decode),
            Kind::Engine(_) => State::Utf8 { strip_bom: true },
            Kind::Ibm855 => State::Table(&IBM855),
            Kind::Johab => State::Johab,
        };
        Decoder {
            encoding: *self,
            state,
            replace,
            pending: Vec::new(),
            offset: 0,
            done: false,
            replaced: false,
        }
    }

    /// Decodes a whole text at once.
    pub fn decode_all(&self, bytes: &[u8], replace: bool) -> Result<String, DecodeError> {
        let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
        self.new_decoder(replace).decode(bytes, true, &mut out)?;
        Ok(out)
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Bytes that are not valid in the encoding being decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The encoding.
    pub encoding: &'static str,
    /// The offset of the first malformed byte from the start of the stream.
    pub offset: u64,
    /// The malformed bytes (at most four).
    pub bytes: Vec<u8>,
    /// Whether the stream ended inside a sequence (the bytes are its start).
    pub truncated: bool,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes: Vec<String> = self.bytes.iter().map(|b| format!("0x{b:02X}")).collect();
        let what = if self.truncated {
            "truncated byte sequence"
        } else if self.bytes.len() == 1 {
            "invalid byte"
        } else {
            "invalid bytes"
        };
        write!(
            f,
            "{what} {} at byte offset {} (not valid {})",
            bytes.join(" "),
            self.offset,
            self.encoding
        )
    }
}

impl std::error::Error for DecodeError {}

/// Decodes one stream of bytes, chunk by chunk, into UTF-8 text.
pub struct Decoder {
    encoding: TextEncoding,
    state: State,
    replace: bool,
    /// Bytes of an incomplete sequence carried to the next chunk (own decoders only).
    pending: Vec<u8>,
    /// Bytes consumed so far, `pending` included.
    offset: u64,
    /// An error was returned: the stream cannot go on.
    done: bool,
    /// Malformed bytes were replaced with U+FFFD.
    replaced: bool,
}

enum State {
    Utf8 { strip_bom: bool },
    Utf32 { big_endian: bool, strip_bom: bool },
    Utf32Sniff,
    Whatwg(encoding_rs::Decoder),
    Table(&'static [u16; 256]),
    Johab,
}

impl Decoder {
    /// The encoding being decoded.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// This decoder, for a stream whose first `offset` bytes were decoded elsewhere (a
    /// reader that validates UTF-8 in its own buffer hands over at its first malformed
    /// byte): errors give their offsets from the start of the stream. Meant for a decoder
    /// that has not decoded anything yet.
    pub fn starting_at(mut self, offset: u64) -> Decoder {
        self.offset = offset;
        self
    }

    /// Whether malformed bytes were replaced with U+FFFD so far (a decoder made with
    /// `replace`). The text's length alone does not tell: three bytes of a character cut
    /// short become one U+FFFD of three bytes.
    pub fn replaced(&self) -> bool {
        self.replaced
    }

    /// Decodes the next chunk and appends its text to `out`; `last` says that the stream
    /// ends after it. A sequence cut by the end of a chunk is completed by the next one.
    /// On an error, the text before the malformed bytes has been appended, and the decoder
    /// accepts no more input.
    pub fn decode(
        &mut self,
        input: &[u8],
        last: bool,
        out: &mut String,
    ) -> Result<(), DecodeError> {
        if self.done {
            return Ok(());
        }
        let result = match &mut self.state {
            State::Whatwg(_) => self.decode_whatwg(input, last, out),
            _ => self.decode_own(input, last, out),
        };
        if result.is_err() || last {
            self.done = true;
        }
        result
    }

    fn error(&self, offset: u64, bytes: &[u8], truncated: bool) -> DecodeError {
        DecodeError {
            encoding: self.encoding.name(),
            offset,
            bytes: bytes[..bytes.len().min(4)].to_vec(),
            truncated,
        }
    }

    fn decode_whatwg(
        &mut self,
        input: &[u8],
        last: bool,
        out: &mut String,
    ) -> Result<(), DecodeError> {
        let State::Whatwg(decoder) = &mut self.state else {
            return Ok(());
        };
        let mut src = input;
        loop {
            let need = decoder
                .max_utf8_buffer_length_without_replacement(src.len())
                .unwrap_or(src.len().saturating_mul(3))
                .max(16);
            out.reserve(need);
            let (result, read) = decoder.decode_to_string_without_replacement(src, out, last);
            let start = self.offset;
            self.offset += read as u64;
            match result {
                DecoderResult::InputEmpty => return Ok(()),
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, after) => {
                    let bad = bad as usize;
                    let after = after as usize;
                    // The malformed bytes end `after` bytes before the end of what was read;
                    // some of them may have come in an earlier chunk.
                    let end_in_src = read.saturating_sub(after);
                    let begin_in_src = end_in_src.saturating_sub(bad);
                    // Counted back from the end of what was read, as a stream offset: a
                    // decoder that pushes bytes back may report more bytes after the
                    // malformed sequence than this chunk holds (GB18030's four-byte form).
                    let offset = (start + read as u64).saturating_sub((after + bad) as u64);
                    let is_utf16 = matches!(self.encoding.0, Kind::Utf16Sniff)
                        || self.encoding.name().starts_with("UTF-16");
                    if self.replace || (is_utf16 && bad == 2) {
                        // With UTF-16, two malformed bytes are a lone surrogate: not an
                        // encoding error but a text one, which becomes U+FFFD as the
                        // fix_surrogates step would make it.
                        out.push('\u{FFFD}');
                        self.replaced = true;
                    } else {
                        let truncated = last && after == 0 && end_in_src == src.len();
                        let shown = if begin_in_src < end_in_src {
                            &src[begin_in_src..end_in_src]
                        } else {
                            src.get(..end_in_src.min(1)).unwrap_or(&[])
                        };
                        return Err(self.error(offset, shown, truncated));
                    }
                }
            }
            src = &src[read..];
        }
    }

    fn decode_own(
        &mut self,
        input: &[u8],
        last: bool,
        out: &mut String,
    ) -> Result<(), DecodeError> {
        // A sequence is at most four bytes, so a carried tail is at most three (or a BOM
        // not yet seen whole).
        let mut data = std::mem::take(&mut self.pending);
        let data: std::borrow::Cow<'_, [u8]> = if data.is_empty() {
            std::borrow::Cow::Borrowed(input)
        } else {
            data.extend_from_slice(input);
            std::borrow::Cow::Owned(data)
        };
        // `self.offset` is the stream offset of data[0].
        let base = self.offset;
        let replace = self.replace;
        // Byte order marks: wait until four bytes (or the end) have been seen.
        let mut skip = 0usize;
        match &mut self.state {
            State::Utf8 { strip_bom } if *strip_bom => {
                if data.len() < 3 && !last && b"\xEF\xBB\xBF".starts_with(&data) {
                    self.pending = data.into_owned();
                    return Ok(());
                }
                if data.starts_with(b"\xEF\xBB\xBF") {
                    skip = 3;
                }
                *strip_bom = false;
            }
            State::Utf32Sniff => {
                if data.len() < 4 && !last {
                    self.pending = data.into_owned();
                    return Ok(());
                }
                self.state = State::Utf32 {
                    big_endian: data.starts_with(b"\x00\x00\xFE\xFF"),
                    strip_bom: true,
                };
            }
            _ => {}
        }
        if let State::Utf32 {
            big_endian,
            strip_bom,
        } = &mut self.state
        {
            if *strip_bom {
                if data.len() < 4 && !last {
                    self.pending = data.into_owned();
                    return Ok(());
                }
                let bom: &[u8] = if *big_endian {
                    b"\x00\x00\xFE\xFF"
                } else {
                    b"\xFF\xFE\x00\x00"
                };
                if data.starts_with(bom) {
                    skip = 4;
                }
                *strip_bom = false;
            }
        }
        let body = &data[skip..];
        let mut replace = Replacing {
            on: replace,
            done: false,
        };
        let r = &mut replace;
        let result = match &self.state {
            State::Utf8 { .. } => decode_utf8(body, last, r, out),
            State::Utf32 { big_endian, .. } => decode_utf32(body, *big_endian, last, r, out),
            State::Table(table) => decode_table(body, table, r, out),
            State::Johab => decode_johab(body, last, r, out),
            State::Utf32Sniff | State::Whatwg(_) => Ok(0),
        };
        self.replaced |= replace.done;
        match result {
            Ok(tail) => {
                let consumed = data.len() - tail;
                self.offset = base + consumed as u64;
                self.pending = data[consumed..].to_vec();
                Ok(())
            }
            Err((at, len, truncated)) => {
                let at = skip + at;
                let bytes = &data[at..(at + len).min(data.len())];
                Err(self.error(base + at as u64, bytes, truncated))
            }
        }
    }
}

/// An error inside a decoder: (offset in the data, length, truncated).
type OwnError = (usize, usize, bool);

/// Whether the decoders below replace malformed bytes with U+FFFD (`on`), and whether they
/// did (`done`).
#[derive(Default)]
struct Replacing {
    on: bool,
    done: bool,
}

impl Replacing {
    /// Pushes U+FFFD for malformed bytes, and notes it.
    fn push(&mut self, out: &mut String) {
        out.push('\u{FFFD}');
        self.done = true;
    }
}

/// Decodes UTF-8; returns how many bytes at the end were left for the next chunk.
fn decode_utf8(
    data: &[u8],
    last: bool,
    replace: &mut Replacing,
    out: &mut String,
) -> Result<usize, OwnError> {
    // The common case in one validation: every character up to a last one that the chunk
    // cut short (whose bytes wait for the next chunk) is well formed. Chunks of a file end
    // mid-character more often than not, so validating the whole chunk would fail at its
    // end and validate the prefix a second time.
    let complete = complete_utf8_prefix(data);
    let mut pos = 0;
    if let Ok(s) = simdutf8::basic::from_utf8(&data[..complete]) {
        out.push_str(s);
        pos = complete;
        if pos == data.len() {
            return Ok(0);
        }
    }
    loop {
        match simdutf8::compat::from_utf8(&data[pos..]) {
            Ok(s) => {
                out.push_str(s);
                return Ok(0);
            }
            Err(e) => {
                let good = pos + e.valid_up_to();
                out.push_str(simdutf8::basic::from_utf8(&data[pos..good]).unwrap_or_default());
                match e.error_len() {
                    None if !last => return Ok(data.len() - good),
                    None => {
                        if replace.on {
                            replace.push(out);
                            return Ok(0);
                        }
                        return Err((good, data.len() - good, true));
                    }
                    Some(n) => {
                        if replace.on {
                            replace.push(out);
                            pos = good + n;
                        } else {
                            return Err((good, n, false));
                        }
                    }
                }
            }
        }
    }
}

/// The length of `data` without a last character that starts within its last three bytes
/// and needs more bytes than are left (all of `data` when there is none): where a chunk of
/// a UTF-8 stream ends if a character cut by its end is to wait for the next chunk.
pub fn complete_utf8_prefix(data: &[u8]) -> usize {
    let from = data.len().saturating_sub(3);
    for i in (from..data.len()).rev() {
        let b = data[i];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let needed = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 1,
        };
        return if data.len() - i < needed {
            i
        } else {
            data.len()
        };
    }
    data.len()
}

fn decode_utf32(
    data: &[u8],
    big_endian: bool,
    last: bool,
    replace: &mut Replacing,
    out: &mut String,
) -> Result<usize, OwnError> {
    let whole = data.len() / 4 * 4;
    out.reserve(whole);
    for (i, unit) in data[..whole].chunks_exact(4).enumerate() {
        let bytes = [unit[0], unit[1], unit[2], unit[3]];
        let value = if big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        };
        match char::from_u32(value) {
            Some(c) => out.push(c),
            None if replace.on || (0xD800..0xE000).contains(&value) => replace.push(out),
            None => return Err((i * 4, 4, false)),
        }
    }
    let tail = data.len() - whole;
    if tail > 0 && last {
        if replace.on {
            replace.push(out);
            return Ok(0);
        }
        return Err((whole, tail, true));
    }
    Ok(tail)
}

fn decode_table(
    data: &[u8],
    table: &[u16; 256],
    replace: &mut Replacing,
    out: &mut String,
) -> Result<usize, OwnError> {
    out.reserve(data.len());
    for (i, &b) in data.iter().enumerate() {
        let u = table[b as usize];
        match char::from_u32(u as u32) {
            Some(c) if u != 0xFFFF => out.push(c),
            _ if replace.on => replace.push(out),
            _ => return Err((i, 1, false)),
        }
    }
    Ok(0)
}

fn decode_johab(
    data: &[u8],
    last: bool,
    replace: &mut Replacing,
    out: &mut String,
) -> Result<usize, OwnError> {
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if b < 0x80 {
            out.push(b as char);
            i += 1;
            continue;
        }
        if i + 1 >= data.len() {
            if !last {
                return Ok(data.len() - i);
            }
            if replace.on {
                replace.push(out);
                return Ok(0);
            }
            return Err((i, 1, true));
        }
        match johab_char(b, data[i + 1]) {
            Some(c) => {
                out.push(c);
                i += 2;
            }
            None if replace.on => {
                replace.push(out);
                i += 1;
            }
            None => return Err((i, 2, false)),
        }
    }
    Ok(0)
}

/// Johab's initial consonant codes (2..=20) in order; 1 is the fill code.
/// Medial vowel codes: 3..=7, 10..=15, 18..=23, 26..=29 (21 vowels); 2 is the fill code.
fn johab_medial(code: u32) -> Option<u32> {
    match code {
        3..=7 => Some(code - 3),
        10..=15 => Some(code - 5),
        18..=23 => Some(code - 7),
        26..=29 => Some(code - 9),
        _ => None,
    }
}

/// Final consonant codes: 2..=17, 19..=29 (27 finals); 1 is the fill code (no final).
fn johab_final(code: u32) -> Option<u32> {
    match code {
        1 => Some(0),
        2..=17 => Some(code - 1),
        19..=29 => Some(code - 2),
        _ => None,
    }
}

/// Compatibility jamo (U+3131..) for Johab's initial codes 2..=20 alone.
const JOHAB_INITIAL_JAMO: [u16; 19] = [
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145, 0x3146, 0x3147,
    0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
];

/// Compatibility jamo for the final consonants (index from `johab_final`, 1..=27) alone.
const JOHAB_FINAL_JAMO: [u16; 28] = [
    0, 0x3131, 0x3132, 0x3133, 0x3134, 0x3135, 0x3136, 0x3137, 0x3139, 0x313A, 0x313B, 0x313C,
    0x313D, 0x313E, 0x313F, 0x3140, 0x3141, 0x3142, 0x3144, 0x3145, 0x3146, 0x3147, 0x3148, 0x314A,
    0x314B, 0x314C, 0x314D, 0x314E,
];

/// One Johab double-byte character: a Hangul syllable or jamo (lead 0x84..=0xD3), or a
/// KS X 1001 symbol or Hanja (leads 0xD9..=0xDE and 0xE0..=0xF9), which is mapped to its
/// EUC-KR bytes and decoded as such.
fn johab_char(lead: u8, trail: u8) -> Option<char> {
    match lead {
        0x84..=0xD3 => {
            if !matches!(trail, 0x41..=0x7E | 0x81..=0xFE) {
                return None;
            }
            let code = (lead as u32) << 8 | trail as u32;
            let initial = (code >> 10) & 0x1F;
            let medial = (code >> 5) & 0x1F;
            let final_ = code & 0x1F;
            let fin = johab_final(final_)?;
            match (initial, medial) {
                (2..=20, m) if johab_medial(m).is_some() => {
                    let vowel = johab_medial(m)?;
                    char::from_u32(0xAC00 + ((initial - 2) * 21 + vowel) * 28 + fin)
                }
                (1, 2) if fin == 0 => Some('\u{3000}'),
                (1, 2) => char::from_u32(JOHAB_FINAL_JAMO[fin as usize] as u32),
                (2..=20, 2) if fin == 0 => {
                    char::from_u32(JOHAB_INITIAL_JAMO[(initial - 2) as usize] as u32)
                }
                (1, m) if fin == 0 => char::from_u32(0x314F + johab_medial(m)?),
                _ => None,
            }
        }
        0xD9..=0xDE | 0xE0..=0xF9 => {
            if !matches!(trail, 0x31..=0x7E | 0x91..=0xFE) {
                return None;
            }
            // KS X 1001 rows through Johab's rearrangement (two rows per lead byte).
            let t1 = if lead < 0xE0 {
                2 * (lead as u32 - 0xD9)
            } else {
                2 * lead as u32 - 0x197
            };
            let t2 = if trail < 0x91 {
                trail as u32 - 0x31
            } else {
                trail as u32 - 0x43
            };
            let row = t1 + u32::from(t2 >= 0x5E) + 0x21;
            let cell = if t2 < 0x5E { t2 } else { t2 - 0x5E } + 0x21;
            if lead == 0xDA && (0xA1..=0xD3).contains(&trail) {
                // KS X 1001's jamo row, which Johab encodes in its Hangul area instead.
                return None;
            }
            let bytes = [(row | 0x80) as u8, (cell | 0x80) as u8];
            let (text, had_errors) = encoding_rs::EUC_KR.decode_without_bom_handling(&bytes);
            let mut chars = text.chars();
            match (had_errors, chars.next(), chars.next()) {
                (false, Some(c), None) => Some(c),
                _ => None,
            }
        }
        _ => None,
    }
}

/// IBM855 (DOS Cyrillic), from Python's `cp855` codec: ASCII, then these 128 characters.
static IBM855: [u16; 256] = {
    const HIGH: [u16; 128] = [
        0x0452, 0x0402, 0x0453, 0x0403, 0x0451, 0x0401, 0x0454, 0x0404, 0x0455, 0x0405, 0x0456,
        0x0406, 0x0457, 0x0407, 0x0458, 0x0408, 0x0459, 0x0409, 0x045A, 0x040A, 0x045B, 0x040B,
        0x045C, 0x040C, 0x045E, 0x040E, 0x045F, 0x040F, 0x044E, 0x042E, 0x044A, 0x042A, 0x0430,
        0x0410, 0x0431, 0x0411, 0x0446, 0x0426, 0x0434, 0x0414, 0x0435, 0x0415, 0x0444, 0x0424,
        0x0433, 0x0413, 0x00AB, 0x00BB, 0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x0445, 0x0425,
        0x0438, 0x0418, 0x2563, 0x2551, 0x2557, 0x255D, 0x0439, 0x0419, 0x2510, 0x2514, 0x2534,
        0x252C, 0x251C, 0x2500, 0x253C, 0x043A, 0x041A, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560,
        0x2550, 0x256C, 0x00A4, 0x043B, 0x041B, 0x043C, 0x041C, 0x043D, 0x041D, 0x043E, 0x041E,
        0x043F, 0x2518, 0x250C, 0x2588, 0x2584, 0x041F, 0x044F, 0x2580, 0x042F, 0x0440, 0x0420,
        0x0441, 0x0421, 0x0442, 0x0422, 0x0443, 0x0423, 0x0436, 0x0416, 0x0432, 0x0412, 0x044C,
        0x042C, 0x2116, 0x00AD, 0x044B, 0x042B, 0x0437, 0x0417, 0x0448, 0x0428, 0x044D, 0x042D,
        0x0449, 0x0429, 0x0447, 0x0427, 0x00A7, 0x25A0, 0x00A0,
    ];
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = if i < 128 { i as u16 } else { HIGH[i - 128] };
        i += 1;
    }
    table
};

/// What [`detect`] found.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub struct Detection {
    /// The encoding to decode with (its decoder removes a byte order mark).
    pub encoding: TextEncoding,
    /// What decided it.
    pub reason: Reason,
}

/// Why [`detect`] chose an encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// A byte order mark.
    ByteOrderMark,
    /// The sample has no byte that ASCII lacks (UTF-8 is reported).
    Ascii,
    /// The sample is valid UTF-8 and has non-ASCII characters.
    ValidUtf8,
    /// Zero bytes in the places UTF-16 or UTF-32 puts them, or a plausible text in it.
    UnicodeWithoutBom,
    /// Statistics of the legacy code pages.
    Statistics,
}

impl Reason {
    /// A few words for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::ByteOrderMark => "byte order mark",
            Reason::Ascii => "ASCII only",
            Reason::ValidUtf8 => "valid UTF-8",
            Reason::UnicodeWithoutBom => "UTF-16/32 without byte order mark",
            Reason::Statistics => "statistics",
        }
    }
}

/// How many bytes of a sample the UTF-16/32 checks look at.
const UNICODE_SAMPLE: usize = 1 << 16;

/// Guesses the encoding of `sample`, the start of a text (or all of it: `complete`). An
/// incomplete sample may end inside a character. Never fails: bytes that nothing decodes
/// cleanly get windows-1252's reading, in which every byte is defined but five.
pub fn detect(sample: &[u8], complete: bool) -> Detection {
    let found = |encoding: TextEncoding, reason: Reason| Detection { encoding, reason };
    if let Some(encoding) = bom(sample) {
        return found(encoding, Reason::ByteOrderMark);
    }
    if let Some(encoding) = unicode_without_bom(sample, complete) {
        return found(encoding, Reason::UnicodeWithoutBom);
    }
    let valid_utf8_len = match std::str::from_utf8(sample) {
        Ok(_) => sample.len(),
        Err(e) if e.error_len().is_none() && !complete => e.valid_up_to(),
        Err(_) => 0,
    };
    let has_escape = memchr::memchr(0x1B, sample).is_some();
    if valid_utf8_len == sample.len() || (valid_utf8_len > 0 && sample.len() - valid_utf8_len < 4) {
        if sample.is_ascii() {
            if has_escape && is_iso_2022_jp(sample) {
                return found(
                    TextEncoding(Kind::Whatwg(encoding_rs::ISO_2022_JP)),
                    Reason::Statistics,
                );
            }
            return found(TextEncoding::UTF_8, Reason::Ascii);
        }
        return found(TextEncoding::UTF_8, Reason::ValidUtf8);
    }
    found(legacy(sample, complete), Reason::Statistics)
}

fn bom(sample: &[u8]) -> Option<TextEncoding> {
    Some(TextEncoding(if sample.starts_with(b"\xEF\xBB\xBF") {
        Kind::Utf8 { strip_bom: true }
    } else if sample.starts_with(b"\xFF\xFE\x00\x00") {
        Kind::Utf32 { big_endian: false }
    } else if sample.starts_with(b"\x00\x00\xFE\xFF") {
        Kind::Utf32 { big_endian: true }
    } else if sample.starts_with(b"\xFF\xFE") {
        Kind::Whatwg(encoding_rs::UTF_16LE)
    } else if sample.starts_with(b"\xFE\xFF") {
        Kind::Whatwg(encoding_rs::UTF_16BE)
    } else {
        return None;
    }))
}

fn is_iso_2022_jp(sample: &[u8]) -> bool {
    let (_, had_errors) = encoding_rs::ISO_2022_JP.decode_without_bom_handling(sample);
    !had_errors && memchr::memmem::find(sample, b"\x1B$B").is_some()
        || memchr::memmem::find(sample, b"\x1B$@").is_some()
}

/// UTF-32 or UTF-16 without a byte order mark: every unit decodes, and the text is
/// plausible (almost all of it letters, digits, punctuation and spaces of a few scripts).
fn unicode_without_bom(sample: &[u8], complete: bool) -> Option<TextEncoding> {
    let sample = &sample[..sample.len().min(UNICODE_SAMPLE)];
    if sample.len() < 4 {
        return None;
    }
    let zeros = memchr::memchr_iter(0, sample).count();
    // UTF-32: three quarters of the bytes of text in the first planes are zero, at least
    // one per unit.
    if zeros * 2 >= sample.len() {
        for big_endian in [false, true] {
            let whole = sample.len() / 4 * 4;
            if complete && whole != sample.len() {
                continue;
            }
            let mut text = String::new();
            if decode_utf32(
                &sample[..whole],
                big_endian,
                true,
                &mut Replacing::default(),
                &mut text,
            )
            .is_ok()
                && unicode_plausibility(&text) >= 0.95
            {
                return Some(TextEncoding(Kind::Utf32 { big_endian }));
            }
        }
    }
    // UTF-16: zero bytes (of ASCII and Latin-1 characters) fall on one side; text in other
    // scripts has few or none, and is judged on what it decodes to.
    let even_zeros = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zeros = zeros - even_zeros;
    let one_sided = zeros >= 2 && (even_zeros == 0 || odd_zeros == 0);
    if zeros == 0 && std::str::from_utf8(sample).is_ok() {
        return None;
    }
    let mut best: Option<(f64, TextEncoding)> = None;
    for encoding in [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
        let len = if complete {
            sample.len()
        } else {
            sample.len() / 2 * 2
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(&sample[..len]);
        if had_errors {
            continue;
        }
        let score = unicode_plausibility(&text);
        let needed = if one_sided && zeros * 4 >= sample.len() {
            0.9
        } else {
            0.995
        };
        if score >= needed && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, TextEncoding(Kind::Whatwg(encoding))));
        }
    }
    best.map(|(_, e)| e)
}

/// The share of the characters of `text` that belong to the blocks texts are written in.
/// Text decoded with the wrong width or byte order scatters over unassigned code points,
/// surrogates, private use, Yi, controls and rare ideographs.
fn unicode_plausibility(text: &str) -> f64 {
    let mut total = 0usize;
    let mut good = 0usize;
    let mut han = 0usize;
    let mut common_han = 0usize;
    for c in text.chars() {
        total += 1;
        let u = c as u32;
        let plausible = match u {
            0x09 | 0x0A | 0x0D | 0x20..=0x7E => true,
            0xA0..=0x24F | 0x370..=0x3FF | 0x400..=0x52F | 0x590..=0x5FF | 0x600..=0x6FF => true,
            0xE00..=0xE7F | 0x1E00..=0x1EFF | 0x2000..=0x206F | 0x20A0..=0x20BF => true,
            0x2100..=0x214F | 0x2190..=0x21FF | 0x2460..=0x24FF | 0x2500..=0x25FF => true,
            0x3000..=0x30FF | 0x3130..=0x318F | 0xAC00..=0xD7A3 | 0xFF00..=0xFFEF => true,
            0x4E00..=0x9FFF => {
                han += 1;
                if is_common_han(c) {
                    common_han += 1;
                }
                true
            }
            _ => false,
        };
        if plausible {
            good += 1;
        }
    }
    if total == 0 {
        return 0.0;
    }
    // Text that is mostly ideographs must use common ones: bytes of a legacy CJK text read
    // as UTF-16 land on ideographs too, but on rare ones.
    if han * 2 > total && common_han * 5 < han {
        return 0.0;
    }
    good as f64 / total as f64
}

/// The 200 most frequent ideographs of Chinese and Japanese text.
const COMMON_HAN: &str = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以\
生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本\
见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部\
正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化\
由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫\
死常提感金何更反合放做系計日本語会社時間私今";

fn is_common_han(c: char) -> bool {
    COMMON_HAN.contains(c)
}

/// The legacy code pages: chardetng's guess, weighed against the encodings it does not
/// detect.
fn legacy(sample: &[u8], complete: bool) -> TextEncoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(sample, complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let guess = TextEncoding(Kind::Whatwg(guess));
    // The sample may end inside a character: judge only whole characters.
    let body = if complete {
        sample
    } else {
        trim_incomplete_tail(sample)
    };
    let decode = |encoding: TextEncoding| -> Option<String> {
        let mut out = String::with_capacity(body.len() * 2);
        encoding
            .new_decoder(false)
            .decode(body, true, &mut out)
            .ok()
            .map(|_| out)
    };

    // Johab against the Korean reading (and any other double-byte one).
    if let Some(johab) = decode(TextEncoding(Kind::Johab)) {
        let johab_score = korean_score(&johab);
        let other = decode(guess).map(|t| korean_score(&t)).unwrap_or(i64::MIN);
        if johab_score > 0 && johab_score > other {
            return TextEncoding(Kind::Johab);
        }
    }

    // Single-byte alternatives chardetng does not offer, in the family of its guess or
    // where its guess does not decode at all.
    let guess_text = decode(guess);
    let guess_score = guess_text.as_deref().map(plausibility);
    if guess_score.is_some() && !is_single_byte_family(guess) {
        return guess;
    }
    let mut best = (guess_score.unwrap_or(i64::MIN), guess);
    // Only the alternatives of the guess's own script are weighed, unless the guess reads
    // as junk (or not at all): the plausibility score compares readings in one script well,
    // readings in different scripts less so.
    let guess_group = EXTRA_SINGLE_BYTE
        .iter()
        .find(|group| group.iter().any(|l| l.eq_ignore_ascii_case(guess.name())));
    let guess_is_junk = guess_score.is_none_or_negative();
    for label in EXTRA_SINGLE_BYTE.iter().flat_map(|group| group.iter()) {
        let Some(candidate) = TextEncoding::for_label(label) else {
            continue;
        };
        let same_group = guess_group.is_some_and(|group| group.contains(label));
        // Latin and Cyrillic readings of the same bytes both make letters: a reading in the
        // other script must be far more plausible (twice as much) to win.
        let other_group_allowed = guess_group.is_some() || guess_is_junk;
        if !same_group && !other_group_allowed {
            continue;
        }
        // The same code page by another decoder (the engine's windows-1251 and
        // encoding_rs's) reads the same: nothing to weigh.
        if candidate == guess || candidate.name().eq_ignore_ascii_case(guess.name()) {
            continue;
        }
        let Some(text) = decode(candidate) else {
            continue;
        };
        let score = plausibility(&text);
        if !same_group && !guess_is_junk {
            let guess_score = guess_score.unwrap_or(0);
            if score < guess_score.saturating_mul(2).saturating_add(10) {
                continue;
            }
        }
        let needed = if best.1 == guess && guess_score.is_some() {
            best.0.saturating_add(GUESS_MARGIN)
        } else {
            best.0.saturating_add(1)
        };
        if score >= needed {
            best = (score, candidate);
        }
    }
    if guess_score.is_none() && best.1 == guess {
        // Nothing decodes cleanly: windows-1252 with its five holes read as C1 controls.
        return TextEncoding(Kind::Engine(
            codecs::by_name("sloppy-windows-1252").unwrap_or(Codec::Utf8),
        ));
    }
    // KOI8-U and KOI8-R differ in eight bytes, Ukrainian letters in one and box drawing in
    // the other: box drawing between letters means the letters were meant.
    if best.1.name() == "KOI8-U" {
        if let Some(r) = decode(TextEncoding(Kind::Whatwg(encoding_rs::KOI8_R))) {
            if let Some(u) = decode(best.1) {
                if plausibility(&r) > plausibility(&u) {
                    return TextEncoding(Kind::Whatwg(encoding_rs::KOI8_R));
                }
            }
        }
    }
    best.1
}

/// The single-byte encodings weighed against chardetng's guess, by script.
const EXTRA_SINGLE_BYTE: &[&[&str]] = &[
    &["windows-1252", "iso-8859-15", "cp437", "cp850", "macintosh"],
    &[
        "windows-1251",
        "koi8-u",
        "koi8-r",
        "ibm866",
        "iso-8859-5",
        "x-mac-cyrillic",
        "ibm855",
    ],
];

/// How much more plausible than chardetng's guess another reading must be to replace it:
/// the readings of two code pages of one script differ in a few characters only, so the
/// margin is a constant (about one capital after a small letter), not a share.
const GUESS_MARGIN: i64 = 4;

trait NoneOrNegative {
    fn is_none_or_negative(&self) -> bool;
}

impl NoneOrNegative for Option<i64> {
    fn is_none_or_negative(&self) -> bool {
        self.is_none_or(|s| s < 0)
    }
}

fn is_single_byte_family(encoding: TextEncoding) -> bool {
    match encoding.0 {
        Kind::Whatwg(e) => e.is_single_byte(),
        Kind::Engine(_) | Kind::Ibm855 => true,
        _ => false,
    }
}

/// `sample` without an incomplete multi-byte character at its end (for UTF-8 and the
/// double-byte encodings, a trailing byte of 0x80 or more is dropped; at most three).
fn trim_incomplete_tail(sample: &[u8]) -> &[u8] {
    let mut end = sample.len();
    let mut dropped = 0;
    while end > 0 && sample[end - 1] >= 0x80 && dropped < 1 {
        end -= 1;
        dropped += 1;
    }
    &sample[..end]
}

/// How Korean a text looks: Hangul syllables among the 2,350 of KS X 1001 (the ones
/// EUC-KR has, and ordinary text uses) count for, others and Hanja against. 0 or less:
/// not Korean.
fn korean_score(text: &str) -> i64 {
    let mut score = 0i64;
    let mut encoder = encoding_rs::EUC_KR.new_encoder();
    // Room for the worst case the encoder insists on (a numeric character reference).
    let mut buf = [0u8; 32];
    for c in text.chars() {
        match c as u32 {
            0xAC00..=0xD7A3 => {
                let mut s = [0u8; 4];
                let (_, _, written, _) =
                    encoder.encode_from_utf8(c.encode_utf8(&mut s), &mut buf, false);
                // KS X 1001 Hangul: lead 0xB0..=0xC8 and trail 0xA1..=0xFE; the rest of
                // UHC's syllables are the rarely used ones it appended.
                if written == 2 && (0xB0..=0xC8).contains(&buf[0]) && buf[1] >= 0xA1 {
                    score += 2;
                } else {
                    score -= 3;
                }
            }
            0x4E00..=0x9FFF | 0xF900..=0xFAFF => score -= 2,
            0x3130..=0x318F => score -= 1,
            0xE000..=0xF8FF => score -= 5,
            _ => {}
        }
    }
    score
}

/// The letter frequencies of Cyrillic text (Russian, with the letters of Ukrainian,
/// Belarusian, Bulgarian, Serbian and Macedonian), as tenths of a percent, for а..я then
/// ё є і ї ґ ў ј љ њ ћ ђ џ ѓ ќ ѕ. Sources: the commonly cited Russian letter frequencies;
/// the other letters get the share they have in their languages, halved.
const CYRILLIC_FREQ: [(char, u8); 48] = [
    ('а', 80),
    ('б', 16),
    ('в', 45),
    ('г', 17),
    ('д', 30),
    ('е', 85),
    ('ж', 9),
    ('з', 17),
    ('и', 74),
    ('й', 12),
    ('к', 35),
    ('л', 44),
    ('м', 32),
    ('н', 67),
    ('о', 110),
    ('п', 28),
    ('р', 47),
    ('с', 55),
    ('т', 63),
    ('у', 26),
    ('ф', 3),
    ('х', 10),
    ('ц', 5),
    ('ч', 14),
    ('ш', 7),
    ('щ', 4),
    ('ъ', 4),
    ('ы', 19),
    ('ь', 17),
    ('э', 3),
    ('ю', 6),
    ('я', 20),
    ('ё', 2),
    ('є', 4),
    ('і', 25),
    ('ї', 5),
    ('ґ', 1),
    ('ў', 2),
    ('ј', 10),
    ('љ', 3),
    ('њ', 3),
    ('ћ', 4),
    ('ђ', 2),
    ('џ', 1),
    ('ѓ', 1),
    ('ќ', 1),
    ('ѕ', 1),
    ('ѣ', 0),
];

/// The weight of a Cyrillic letter: frequent letters earn more than rare ones, so that a
/// text read through the wrong Cyrillic code page (its letters permuted) scores less.
fn cyrillic_letter_weight(lower: char) -> i64 {
    match CYRILLIC_FREQ.iter().find(|(c, _)| *c == lower) {
        Some(&(_, f)) if f >= 60 => 3,
        Some(&(_, f)) if f >= 25 => 2,
        Some(&(_, f)) if f >= 10 => 1,
        Some(&(_, f)) if f >= 3 => 0,
        Some(_) => -2,
        None => -3,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Space,
    AsciiLetter {
        upper: bool,
    },
    AsciiOther,
    Letter {
        script: Script,
        upper: bool,
    },
    /// Punctuation that sits beside words: quotes, dashes, guillemets, ellipsis.
    Punct,
    /// Symbols, box drawing, block elements: rare inside text.
    Symbol,
    /// Controls, private use, U+FFFD, unassigned: very rare.
    Junk,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Other,
}

fn classify(c: char) -> Class {
    let u = c as u32;
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Class::AsciiLetter {
                upper: c.is_ascii_uppercase(),
            }
        } else if c.is_ascii_whitespace() {
            Class::Space
        } else if c.is_ascii_control() {
            Class::Junk
        } else {
            Class::AsciiOther
        };
    }
    match u {
        0x80..=0x9F | 0xE000..=0xF8FF | 0xFFFD => Class::Junk,
        0xA0 => Class::Space,
        0xAB | 0xBB | 0xB7 | 0xBF | 0xA1 | 0x2010..=0x2027 | 0x2030..=0x205E => Class::Punct,
        _ if c.is_alphabetic() => {
            let script = match u {
                0xAA | 0xBA => return Class::Symbol,
                0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
                0x370..=0x3FF => Script::Greek,
                0x400..=0x52F => Script::Cyrillic,
                _ => Script::Other,
            };
            Class::Letter {
                script,
                upper: c.is_uppercase(),
            }
        }
        _ if c.is_whitespace() => Class::Space,
        _ => Class::Symbol,
    }
}

/// How much `text` looks like text rather than mojibake; only its non-ASCII characters
/// count. A higher score is more plausible; the scores of different readings of the same
/// bytes are compared.
pub fn plausibility(text: &str) -> i64 {
    /// A letter inside a word of its own script: the normal case.
    const LETTER_IN_WORD: i64 = 2;
    /// A letter next to a letter of another script: real words do not mix scripts.
    const MIXED_SCRIPTS: i64 = -8;
    /// A capital after a small letter inside a word ("пРИВЕТ" is KOI8 read as cp1251).
    const CAPITAL_AFTER_SMALL: i64 = -4;
    /// Small letters are far more common than capitals in running text.
    const SMALL_LETTER: i64 = 1;
    /// Punctuation or a symbol between two letters ("caf‚s" is cp850 read as cp1252).
    const SYMBOL_IN_WORD: i64 = -6;
    /// A symbol anywhere (box drawing, mathematical signs): rare in prose.
    const SYMBOL: i64 = -2;
    /// Controls, private use, replacement characters.
    const JUNK: i64 = -12;
    /// Three or more non-ASCII letters in a row inside a Latin-script word are rare (and the
    /// usual sign of Cyrillic or Greek bytes read as Latin).
    const LATIN_RUN: i64 = -5;

    let chars: Vec<(char, Class)> = text.chars().map(|c| (c, classify(c))).collect();
    let is_letter =
        |class: Class| matches!(class, Class::AsciiLetter { .. } | Class::Letter { .. });
    let script_of = |class: Class| match class {
        Class::AsciiLetter { .. } => Some(Script::Latin),
        Class::Letter { script, .. } => Some(script),
        _ => None,
    };
    let mut score = 0i64;
    let mut latin_run = 0;
    for (i, &(c, class)) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = chars.get(i + 1).map(|&(_, k)| k);
        if let Class::Letter {
            script: Script::Latin,
            ..
        } = class
        {
            latin_run += 1;
        } else if !matches!(class, Class::AsciiLetter { .. }) {
            latin_run = 0;
        }
        if c.is_ascii() {
            continue;
        }
        match class {
            Class::Letter { script, upper } => {
                score += LETTER_IN_WORD;
                if !upper {
                    score += SMALL_LETTER;
                }
                for neighbour in [prev, next].into_iter().flatten() {
                    if let Some(other) = script_of(neighbour) {
                        if other != script {
                            score += MIXED_SCRIPTS;
                        }
                    }
                }
                if upper {
                    if let Some(
                        Class::Letter { upper: false, .. } | Class::AsciiLetter { upper: false },
                    ) = prev
                    {
                        score += CAPITAL_AFTER_SMALL;
                    }
                }
                if script == Script::Cyrillic {
                    let lower = c.to_lowercase().next().unwrap_or(c);
                    score += cyrillic_letter_weight(lower);
                }
                if script == Script::Latin && latin_run >= 3 {
                    score += LATIN_RUN;
                }
            }
            Class::Punct | Class::Symbol => {
                let inside = prev.is_some_and(is_letter) && next.is_some_and(is_letter);
                // An apostrophe or hyphen inside a word is normal.
                let joins_words = matches!(c, '\u{2019}' | '\u{2010}' | '\u{2011}' | '\u{B7}');
                if inside && !joins_words {
                    score += SYMBOL_IN_WORD;
                }
                if class == Class::Symbol {
                    score += SYMBOL;
                }
            }
            Class::Junk => score += JUNK,
            Class::Space | Class::AsciiLetter { .. } | Class::AsciiOther => {}
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str, label: &str) -> Vec<u8> {
        // encoding_rs encodes UTF-16 as UTF-8, as the WHATWG standard has it.
        match label {
            "utf-16le" => return text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
            "utf-16be" => return text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
            _ => {}
        }
        let encoding = Whatwg::for_label(label.as_bytes()).expect("label");
        let (bytes, _, had_errors) = encoding.encode(text);
        assert!(!had_errors, "{text} in {label}");
        bytes.into_owned()
    }

    fn detect_name(bytes: &[u8]) -> &'static str {
        detect(bytes, true).encoding.name()
    }

    const RUSSIAN: &str = "Съешь же ещё этих мягких французских булок, да выпей чаю. \
        Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства.";
    const FRENCH: &str = "Le cœur déçu mais l'âme plutôt naïve, Louÿs rêva de crapaüter en \
        canoë au delà des îles, près du mälström où brûlent les novæ.";
    const FRENCH_DOS: &str = "Il était une fois, à l'orée d'un bois, un élève très sérieux \
        qui préférait lire près de la fenêtre où la lumière était douce.";

    #[test]
    fn byte_order_marks() {
        assert_eq!(detect_name(b"\xEF\xBB\xBFabc"), "UTF-8");
        assert_eq!(detect_name(b"\xFF\xFEa\x00"), "UTF-16LE");
        assert_eq!(detect_name(b"\xFE\xFF\x00a"), "UTF-16BE");
        assert_eq!(detect_name(b"\xFF\xFE\x00\x00a\x00\x00\x00"), "UTF-32LE");
        assert_eq!(detect_name(b"\x00\x00\xFE\xFF\x00\x00\x00a"), "UTF-32BE");
    }

    #[test]
    fn utf8_and_ascii() {
        assert_eq!(detect("héllo".as_bytes(), true).reason, Reason::ValidUtf8);
        assert_eq!(detect(b"hello", true).reason, Reason::Ascii);
        // A sample cut inside a character is still UTF-8.
        let bytes = "ab€".as_bytes();
        assert_eq!(detect(&bytes[..3], false).encoding, TextEncoding::UTF_8);
    }

    #[test]
    fn unicode_without_bom() {
        for (label, text) in [
            ("utf-16le", RUSSIAN),
            ("utf-16be", FRENCH),
            ("utf-16le", "中文的文本，我们是这样说的。"),
        ] {
            let bytes = encode(text, label);
            let found = detect(&bytes, true);
            assert_eq!(found.encoding.name().to_ascii_lowercase(), label, "{text}");
            assert_eq!(found.encoding.decode_all(&bytes, false).unwrap(), text);
        }
        let utf32: Vec<u8> = RUSSIAN
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        assert_eq!(detect_name(&utf32), "UTF-32BE");
    }

    #[test]
    fn cyrillic_code_pages() {
        for label in [
            "windows-1251",
            "koi8-r",
            "ibm866",
            "iso-8859-5",
            "x-mac-cyrillic",
        ] {
            let bytes = encode(RUSSIAN, label);
            let found = detect(&bytes, true).encoding;
            assert_eq!(
                found.decode_all(&bytes, false).unwrap(),
                RUSSIAN,
                "{label}: {found}"
            );
        }
        let ibm855 = TextEncoding::for_label("cp855").unwrap();
        let bytes: Vec<u8> = RUSSIAN
            .chars()
            .map(|c| IBM855.iter().position(|&u| u as u32 == c as u32).unwrap() as u8)
            .collect();
        assert_eq!(ibm855.decode_all(&bytes, false).unwrap(), RUSSIAN);
        assert_eq!(detect_name(&bytes), "IBM855");
    }

    #[test]
    fn latin_code_pages() {
        let bytes = encode(FRENCH, "windows-1252");
        assert_eq!(
            detect(&bytes, true)
                .encoding
                .decode_all(&bytes, false)
                .unwrap(),
            FRENCH
        );
        let cp850 = TextEncoding::for_label("cp850").unwrap();
        let table = match cp850.0 {
            Kind::Engine(Codec::SingleByte(cp)) => cp,
            _ => unreachable!(),
        };
        let bytes: Vec<u8> = FRENCH_DOS
            .chars()
            .map(|c| codecs::encode_char(table, c).unwrap())
            .collect();
        // cp437 and cp850 agree on these letters: either reading is right.
        let found = detect(&bytes, true).encoding;
        assert_eq!(
            found.decode_all(&bytes, false).unwrap(),
            FRENCH_DOS,
            "{found}"
        );
    }

    #[test]
    fn johab() {
        let text = "대한민국의 모든 국민은 법 앞에 평등하다. 누구든지 성별·종교 또는 사회적 신분에 의하여 차별을 받지 아니한다.";
        // Johab bytes, from Python's codec.
        let euc_kr = encode(text, "euc-kr");
        assert_eq!(detect_name(&euc_kr), "EUC-KR");
        let johab_bytes = johab_encode(text);
        let johab = TextEncoding::for_label("johab").unwrap();
        assert_eq!(johab.decode_all(&johab_bytes, false).unwrap(), text);
        assert_eq!(detect_name(&johab_bytes), "Johab");
    }

    /// Encodes Hangul syllables, spaces, ASCII and U+00B7 in Johab, for the tests.
    fn johab_encode(text: &str) -> Vec<u8> {
        const MEDIAL: [u32; 21] = [
            3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 26, 27, 28, 29,
        ];
        let mut out = Vec::new();
        for c in text.chars() {
            let u = c as u32;
            if u < 0x80 {
                out.push(u as u8);
            } else if (0xAC00..=0xD7A3).contains(&u) {
                let s = u - 0xAC00;
                let (i, m, f) = (s / 588, (s % 588) / 28, s % 28);
                let f = if f == 0 {
                    1
                } else if f <= 16 {
                    f + 1
                } else {
                    f + 2
                };
                let code = 0x8000 | (i + 2) << 10 | MEDIAL[m as usize] << 5 | f;
                out.extend_from_slice(&(code as u16).to_be_bytes());
            } else if c == '·' {
                // KS X 1001 0xA1A4, which Johab puts at 0xD9 0x34.
                out.extend_from_slice(&[0xD9, 0x34]);
            } else {
                panic!("cannot encode {c:?}");
            }
        }
        out
    }

    #[test]
    fn decoders_report_offsets_and_resume_across_chunks() {
        let enc = TextEncoding::for_label("utf-8").unwrap();
        let mut d = enc.new_decoder(false);
        let mut out = String::new();
        d.decode(b"ab\xC3", false, &mut out).unwrap();
        d.decode(b"\xA9cd", false, &mut out).unwrap();
        assert_eq!(out, "abécd");
        let err = d.decode(b"x\xFFy", true, &mut out).unwrap_err();
        assert_eq!(err.offset, 7);
        assert_eq!(err.bytes, vec![0xFF]);
        assert_eq!(out, "abécdx");

        let err = TextEncoding::for_label("shift_jis")
            .unwrap()
            .decode_all(b"abc\x82", false)
            .unwrap_err();
        assert_eq!((err.offset, err.truncated), (3, true));
        let err = TextEncoding::for_label("windows-1253")
            .unwrap()
            .decode_all(b"ab\xAA", false)
            .unwrap_err();
        assert_eq!(err.offset, 2);
        assert_eq!(
            TextEncoding::for_label("windows-1253")
                .unwrap()
                .decode_all(b"ab\xAA", true)
                .unwrap(),
            "ab\u{FFFD}"
        );
        let err = TextEncoding::for_label("cp437")
            .unwrap()
            .decode_all(b"\x80", false)
            .unwrap();
        assert_eq!(err, "Ç");
    }

    /// UTF-8 with malformed bytes, cut in two at every byte: the same text (with U+FFFD)
    /// or the same error, wherever the cut falls, also inside a character or a bad sequence.
    #[test]
    fn utf8_cut_anywhere_decodes_alike() {
        let bytes: &[u8] = b"a\xC3\xA9\xE2\x82\xFFb\xF0\x9F\x98\x80\xED\xA0\x80c\xC3";
        let enc = TextEncoding::for_label("utf-8").unwrap();
        let whole = enc.decode_all(bytes, true).unwrap();
        assert_eq!(
            whole,
            "a\u{e9}\u{fffd}\u{fffd}b\u{1f600}\u{fffd}\u{fffd}\u{fffd}c\u{fffd}"
        );
        let first_error = enc.decode_all(bytes, false).unwrap_err();
        assert_eq!(
            (first_error.offset, first_error.bytes.clone()),
            (3, vec![0xE2, 0x82])
        );
        for cut in 0..=bytes.len() {
            let mut d = enc.new_decoder(true);
            let mut out = String::new();
            d.decode(&bytes[..cut], false, &mut out).unwrap();
            d.decode(&bytes[cut..], true, &mut out).unwrap();
            assert_eq!(out, whole, "cut at {cut}");
            let mut d = enc.new_decoder(false);
            let mut out = String::new();
            let err = d
                .decode(&bytes[..cut], false, &mut out)
                .and_then(|()| d.decode(&bytes[cut..], true, &mut out))
                .unwrap_err();
            assert_eq!(err.offset, first_error.offset, "cut at {cut}");
            assert_eq!(out, "a\u{e9}", "cut at {cut}");
        }
    }

    #[test]
    fn chunking_does_not_change_the_text() {
        let text = "Ça va? Привет 中文 😀 한국어";
        for label in [
            "utf-8",
            "utf-16le",
            "utf-16be",
            "utf-32le",
            "utf-32be",
            "gb18030",
            "johab-hangul",
        ] {
            let bytes: Vec<u8> = match label {
                "utf-32le" => text
                    .chars()
                    .flat_map(|c| (c as u32).to_le_bytes())
                    .collect(),
                "utf-32be" => text
                    .chars()
                    .flat_map(|c| (c as u32).to_be_bytes())
                    .collect(),
                "johab-hangul" => johab_encode("한국어 글"),
                _ => encode(text, label),
            };
            let enc = TextEncoding::for_label(if label == "johab-hangul" {
                "johab"
            } else {
                label
            })
            .unwrap();
            let whole = enc.decode_all(&bytes, false).unwrap();
            for size in 1..=5 {
                let mut d = enc.new_decoder(false);
                let mut out = String::new();
                let chunks: Vec<&[u8]> = bytes.chunks(size).collect();
                for chunk in &chunks {
                    d.decode(chunk, false, &mut out).unwrap();
                }
                d.decode(b"", true, &mut out).unwrap();
                assert_eq!(out, whole, "{label} in chunks of {size}");
            }
        }
    }

    #[test]
    fn labels() {
        for (label, name) in [
            ("latin-1", "latin-1"),
            ("windows-1252", "windows-1252"),
            ("WINDOWS_1251", "windows-1251"),
            ("sloppy-windows-1252", "sloppy-windows-1252"),
            ("shift_jis", "Shift_JIS"),
            ("utf-32", "UTF-32"),
            ("maccyrillic", "x-mac-cyrillic"),
            ("koi8-u", "koi8-u"),
            ("ibm866", "cp866"),
            ("big5", "Big5"),
        ] {
            assert_eq!(
                TextEncoding::for_label(label).map(|e| e.name()),
                Some(name),
                "{label}"
            );
        }
        assert!(TextEncoding::for_label("no-such-thing").is_none());
        assert!(TextEncoding::for_label("").is_none());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let samples: [&[u8]; 8] = [
            b"",
            b"\x00",
            b"\xFF",
            b"\x00\x00",
            b"\xFE",
            b"\x1B$B",
            b"\x80\x81\x82\x83\x84",
            b"\xD8\x00\xD8\x00",
        ];
        for s in samples {
            for complete in [true, false] {
                let d = detect(s, complete);
                let _ = d.encoding.decode_all(s, true).unwrap();
            }
        }
    }
}
