//! UTF-8 misread through code pages that ftfy does not try: Thai, KOI8, DOS, Hebrew, Arabic,
//! Vietnamese, ISO Cyrillic/Greek/Latin-9, and the double-byte CJK ones.
//!
//! UTF-8 checks itself: the bytes of a multi-byte sequence are all 0x80 or above, a lead byte
//! announces how many continuation bytes follow, and random bytes almost never line up. So
//! each run of non-ASCII characters is re-encoded through a candidate code page on its own;
//! where the bytes are valid UTF-8, the run is a candidate for repair. A candidate is taken
//! only if it makes the text look better: [`cost`] charges what real text avoids (box drawing
//! against letters, a script change inside a word, rare ideographs, C1 controls, a lowercase
//! letter followed by a capital) and the repaired run must cost clearly less than the run as
//! it stands. Clean text costs nothing, so there is nothing to gain by "repairing" it.
//!
//! Runs are repaired one by one, so a line that is only partly broken is repaired where it is
//! broken. The repair is named in plans as `["apply", "decode_runs:PAGE"]` and replayed by
//! [`decode_runs`], which makes the same run-by-run decisions.
//!
//! Double-byte pages: a UTF-8 run read through GBK, Shift_JIS, EUC-KR or Big5 becomes
//! characters of two bytes each, and a run with an odd number of bytes takes the next ASCII
//! byte as its last trail byte. Re-encoding the mojibake run gives that ASCII byte back, so a
//! run still decodes on its own. Their tables come from `encoding_rs` (the WHATWG decoders,
//! which are the Windows code pages 936, 932, 949 and 950).
//!
//! C1 controls: mojibake from pages whose undefined bytes show as U+0080..U+009F has often been
//! through ftfy's `fix_c1_controls` before it gets here, which turned them into the
//! windows-1252 characters of the same byte. Re-encoding takes such a character back to its
//! byte where the page has a C1 control there.

use super::codecs::encode_char;
use super::legacy;
use crate::tables::codepages::{self, CodePage};
use crate::tables::windows_dbcs;
use std::sync::OnceLock;

/// A code page whose misreadings of UTF-8 this module repairs.
pub struct Page {
    /// Its name in plans (`koi8-r`, `gb18030`, ...).
    pub name: &'static str,
    kind: Kind,
}

enum Kind {
    Single(&'static CodePage),
    Double(&'static encoding_rs::Encoding, usize),
}

/// The pages, in the order used to break ties.
pub static PAGES: &[Page] = &[
    single("koi8-r", &codepages::KOI8_R),
    single("koi8-u", &codepages::KOI8_U),
    single("cp866", &codepages::CP866),
    single("iso-8859-5", &codepages::ISO_8859_5),
    single("sloppy-windows-874", &codepages::SLOPPY_WINDOWS_874),
    single("sloppy-windows-1255", &codepages::SLOPPY_WINDOWS_1255),
    single("sloppy-windows-1256", &codepages::SLOPPY_WINDOWS_1256),
    single("iso-8859-7", &codepages::ISO_8859_7),
    single("sloppy-windows-1258", &codepages::SLOPPY_WINDOWS_1258),
    single("cp850", &codepages::CP850),
    single("cp852", &codepages::CP852),
    single("iso-8859-15", &codepages::ISO_8859_15),
    Page {
        name: "gb18030",
        kind: Kind::Double(&encoding_rs::GB18030_INIT, 0),
    },
    Page {
        name: "shift_jis",
        kind: Kind::Double(&encoding_rs::SHIFT_JIS_INIT, 1),
    },
    Page {
        name: "euc-kr",
        kind: Kind::Double(&encoding_rs::EUC_KR_INIT, 2),
    },
    Page {
        name: "big5",
        kind: Kind::Double(&encoding_rs::BIG5_INIT, 3),
    },
];

const fn single(name: &'static str, cp: &'static CodePage) -> Page {
    Page {
        name,
        kind: Kind::Single(cp),
    }
}

/// The page a plan names.
pub fn page_by_name(name: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.name == name)
}

/// The prefix of the parameter of this module's plan steps.
pub const STEP_PREFIX: &str = "decode_runs:";

// ---------------------------------------------------------------------------------------
// Encoding a run back to bytes

/// One way to encode a character: up to four bytes.
#[derive(Clone, Copy, Default)]
pub(crate) struct Code {
    bytes: [u8; 4],
    len: u8,
}

impl Code {
    fn one(b: u8) -> Code {
        Code {
            bytes: [b, 0, 0, 0],
            len: 1,
        }
    }
    fn of(bytes: &[u8]) -> Code {
        let mut code = Code::default();
        code.bytes[..bytes.len()].copy_from_slice(bytes);
        code.len = bytes.len() as u8;
        code
    }
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }
}

/// A double-byte page read back: every character its decoder gives for one or two bytes, with
/// each byte sequence that gives it (Shift_JIS has duplicates).
struct DoubleTable {
    codes: CodesByChar,
}

/// The codes of each character, in the order [`decode_double`] lists them.
struct CodesByChar {
    /// The characters, sorted.
    chars: Vec<char>,
    /// `chars[i]`'s codes are `codes[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    codes: Vec<Code>,
}

impl CodesByChar {
    fn get(&self, c: &char) -> Option<&[Code]> {
        let i = self.chars.binary_search(c).ok()?;
        Some(&self.codes[self.starts[i] as usize..self.starts[i + 1] as usize])
    }
}

fn double_table(index: usize, encoding: &'static encoding_rs::Encoding) -> &'static DoubleTable {
    static TABLES: [OnceLock<DoubleTable>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    TABLES[index].get_or_init(|| build_double_table(double_codes(index, encoding)))
}

/// [`decode_double`] of a page, decoded once.
fn double_codes(index: usize, encoding: &'static encoding_rs::Encoding) -> &'static [(char, Code)] {
    static CODES: [OnceLock<Vec<(char, Code)>>; 4] = [
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
        OnceLock::new(),
    ];
    CODES[index].get_or_init(|| decode_double(index, encoding))
}

/// The one character `bytes` decode to, if they decode without error to one character (not
/// U+FFFD). Decodes into a buffer on the stack: no allocation.
fn decode_exactly(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Option<char> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    // Two bytes decode to two characters at most, of three bytes each at most.
    let mut buf = [0u8; 16];
    let (result, _, written) = decoder.decode_to_utf8_without_replacement(bytes, &mut buf, true);
    if !matches!(result, encoding_rs::DecoderResult::InputEmpty) {
        return None;
    }
    let mut chars = std::str::from_utf8(&buf[..written]).ok()?.chars();
    let c = chars.next()?;
    (chars.next().is_none() && c != '\u{fffd}').then_some(c)
}

/// Every character a double-byte page's decoder gives for one or two bytes, with the bytes:
/// Windows' extras first, then single bytes, then pairs, each in byte order.
fn decode_double(index: usize, encoding: &'static encoding_rs::Encoding) -> Vec<(char, Code)> {
    let mut codes: Vec<(char, Code)> = Vec::with_capacity(24_000);
    // What Windows' code pages decode where WHATWG's decoders do otherwise: mojibake made on
    // Windows has these characters.
    if index == 1 {
        for &(b, c) in windows_dbcs::CP932_EXTRAS {
            codes.push((c, Code::one(b)));
        }
    }
    if index == 3 {
        for &(bytes, c) in windows_dbcs::CP950_EXTRAS {
            if !codes
                .iter()
                .any(|&(d, code)| d == c && code.as_slice() == bytes)
            {
                codes.push((c, Code::of(&bytes)));
            }
        }
    }
    for b in 0x80..=0xFFu8 {
        if let Some(c) = decode_exactly(encoding, &[b]) {
            codes.push((c, Code::one(b)));
        }
    }
    let trails: Vec<u8> = (0x40..=0xFEu8).filter(|&t| t != 0x7F).collect();
    let mut decoded = Vec::with_capacity(trails.len());
    for lead in 0x81..=0xFEu8 {
        decode_row(encoding, lead, &trails, &mut decoded);
        for (&trail, c) in trails.iter().zip(&decoded) {
            if let Some(c) = *c {
                codes.push((c, Code::of(&[lead, trail])));
            }
        }
    }
    codes
}

/// [`decode_exactly`] of each pair `[lead, trail]`, `trail` in `trails`, into `out`: in a few
/// passes of the decoder over the row of pairs rather than one per pair.
///
/// Where `lead` alone leaves the decoder waiting for a trail byte, each pair of the row either
/// makes characters and leaves the decoder as it started, or is an error. So if the pairs
/// before the first error (or the end) made as many characters as they are pairs, each made
/// one, its own, in order. The pair in error is an error alone too, and the row goes on after
/// it; where the count is off (a pair that makes two characters), the rest of the row is
/// decoded pair by pair. Where `lead` alone is an error, or a character that leaves nothing
/// waiting, no pair makes exactly one character.
fn decode_row(
    encoding: &'static encoding_rs::Encoding,
    lead: u8,
    trails: &[u8],
    out: &mut Vec<Option<char>>,
) {
    use encoding_rs::DecoderResult;
    out.clear();
    let alone = |trail: u8| decode_exactly(encoding, &[lead, trail]);
    let mut buf = [0u8; 8];
    match encoding
        .new_decoder_without_bom_handling()
        .decode_to_utf8_without_replacement(&[lead], &mut buf, false)
    {
        // `lead` waits for a trail byte.
        (DecoderResult::InputEmpty, 1, 0) => {}
        // An error alone, or a character of its own that the trail byte cannot join: no pair
        // makes one character.
        (DecoderResult::Malformed(..), ..) => {
            out.resize(trails.len(), None);
            return;
        }
        (DecoderResult::InputEmpty, 1, n)
            if std::str::from_utf8(&buf[..n]).is_ok_and(|t| t.chars().count() == 1) =>
        {
            out.resize(trails.len(), None);
            return;
        }
        _ => {
            out.extend(trails.iter().map(|&t| alone(t)));
            return;
        }
    }
    let bytes: Vec<u8> = trails.iter().flat_map(|&t| [lead, t]).collect();
    // Two characters a pair at most, of two units at most.
    let mut text = vec![0u16; trails.len() * 4];
    let mut p = 0;
    while p < trails.len() {
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let (result, read, written) =
            decoder.decode_to_utf16_without_replacement(&bytes[2 * p..], &mut text, true);
        // The pairs read whole before the first error, or all.
        let whole = match result {
            DecoderResult::InputEmpty => Some(trails.len() - p),
            DecoderResult::Malformed(bad, extra) => read
                .checked_sub(usize::from(bad) + usize::from(extra))
                .map(|start| start / 2),
            DecoderResult::OutputFull => None,
        };
        let before = out.len();
        out.extend(
            char::decode_utf16(text[..written].iter().copied())
                .map(|c| c.ok().filter(|&c| c != '\u{fffd}')),
        );
        match whole {
            Some(q) if out.len() - before == q => {
                p += q;
                if p < trails.len() {
                    // The pair in error, read from the decoder's first state as it would be
                    // alone.
                    out.push(None);
                    p += 1;
                }
            }
            _ => {
                out.truncate(before);
                out.extend(trails[p..].iter().map(|&t| alone(t)));
                p = trails.len();
            }
        }
    }
}

/// [`decode_double`]'s list grouped by character, each character's codes in the list's order.
fn build_double_table(list: &[(char, Code)]) -> DoubleTable {
    let mut sorted = list.to_vec();
    // Stable: a character's codes keep their order.
    sorted.sort_by_key(|&(c, _)| c);
    let mut chars = Vec::with_capacity(sorted.len());
    let mut starts = Vec::with_capacity(sorted.len() + 1);
    for (i, &(c, _)) in sorted.iter().enumerate() {
        if chars.last() != Some(&c) {
            chars.push(c);
            starts.push(i as u32);
        }
    }
    starts.push(sorted.len() as u32);
    DoubleTable {
        codes: CodesByChar {
            chars,
            starts,
            codes: sorted.into_iter().map(|(_, code)| code).collect(),
        },
    }
}

/// The byte whose windows-1252 character `c` is, where ftfy's `fix_c1_controls` may have put
/// `c` in place of the C1 control U+0080..U+009F of that byte.
fn c1_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if !(0x152..=0x2122).contains(&u) {
        return None;
    }
    let cp = &codepages::SLOPPY_WINDOWS_1252;
    (0x80..=0x9Fu8).find(|&b| cp.decode[b as usize] as u32 == u)
}

/// The ways `page` encodes `c`, the page's own first.
fn codes(page: &Page, c: char, out: &mut Vec<Code>) {
    out.clear();
    match page.kind {
        Kind::Single(cp) => {
            if let Some(b) = encode_char(cp, c) {
                out.push(Code::one(b));
            }
            if let Some(b) = c1_byte(c) {
                if cp.decode[b as usize] == b as u16 {
                    out.push(Code::one(b));
                }
            }
        }
        // GB18030's four-byte sequences are left out: their second and fourth bytes are ASCII
        // digits, and a byte of 0x80 or above alone between ASCII bytes is never UTF-8.
        Kind::Double(encoding, index) => {
            if c.is_ascii() {
                out.push(Code::one(c as u8));
                return;
            }
            let table = double_table(index, encoding);
            if let Some(found) = table.codes.get(&c) {
                out.extend_from_slice(found);
            }
            if let Some(b) = c1_byte(c) {
                // A C1 control the page decodes a byte to, turned into windows-1252's
                // character for that byte.
                if let Some(found) = table.codes.get(&char::from(b)) {
                    out.extend(found.iter().filter(|code| code.as_slice() == [b]));
                }
            }
        }
    }
}

/// The windows-1252 characters that fix_c1_controls puts for the C1 controls, with the byte
/// of each.
fn c1_chars() -> impl Iterator<Item = (u8, char)> {
    (0x80..=0x9Fu8).filter_map(|b| {
        let w = char::from_u32(codepages::SLOPPY_WINDOWS_1252.decode[b as usize] as u32)?;
        (c1_byte(w) == Some(b)).then_some((b, w))
    })
}

/// [`all_codes`] of a single-byte page: its characters beyond ASCII, and the windows-1252
/// characters fix_c1_controls puts for the C1 controls it decodes to themselves.
fn single_codes(cp: &CodePage, out: &mut Vec<(char, Code)>) {
    for b in 0x80..=0xFFu8 {
        if let Some(c) = super::codecs::decode_byte(cp, b) {
            if !c.is_ascii() {
                out.push((c, Code::one(b)));
            }
        }
    }
    for (b, w) in c1_chars() {
        if cp.decode[b as usize] == b as u16 {
            out.push((w, Code::one(b)));
        }
    }
}

/// Every encoding [`codes`] may give for a character beyond ASCII through `page`, with the
/// character.
pub(crate) fn all_codes(page: &Page, out: &mut Vec<(char, Code)>) {
    out.clear();
    match page.kind {
        Kind::Single(cp) => single_codes(cp, out),
        Kind::Double(encoding, index) => {
            let list = double_codes(index, encoding);
            // The bytes that decode alone to the C1 control of the same number.
            let mut c1_self = [false; 0x20];
            for &(c, code) in list {
                if !c.is_ascii() {
                    out.push((c, code));
                }
                if let [b @ 0x80..=0x9F] = *code.as_slice() {
                    if c == char::from(b) {
                        c1_self[(b - 0x80) as usize] = true;
                    }
                }
            }
            for (b, w) in c1_chars() {
                if c1_self[(b - 0x80) as usize] {
                    out.push((w, Code::one(b)));
                }
            }
        }
    }
}

/// Re-encodes a run of characters through `page` so that the bytes are valid UTF-8, choosing
/// among a character's encodings the first that keeps them so (or the last, with
/// `alternates_first`). `None` if that fails. Also says whether some character had more
/// than one encoding.
fn encode_run(
    page: &Page,
    run: &[char],
    scratch: &mut Vec<Code>,
    alternates_first: bool,
) -> Option<(Vec<u8>, bool)> {
    let mut out: Vec<u8> = Vec::with_capacity(run.len() * 2);
    let mut checked = 0;
    let mut ambiguous = false;
    for &c in run {
        codes(page, c, scratch);
        ambiguous |= scratch.len() > 1;
        if alternates_first {
            scratch.reverse();
        }
        let mut ok = false;
        for code in scratch.iter() {
            let len = out.len();
            out.extend_from_slice(code.as_slice());
            match std::str::from_utf8(&out[checked..]) {
                Ok(_) => {
                    checked = out.len();
                    ok = true;
                }
                Err(e) if e.error_len().is_none() => {
                    checked += e.valid_up_to();
                    ok = true;
                }
                Err(_) => out.truncate(len),
            }
            if ok {
                break;
            }
        }
        if !ok {
            return None;
        }
    }
    (checked == out.len()).then_some((out, ambiguous))
}

/// What a run decodes to through `page`: nothing, one reading, or two where a character has
/// two encodings (its own byte in the page, and the byte whose C1 control ftfy's
/// `fix_c1_controls` turned into it) and both make UTF-8, the page's own first.
fn decode_run(page: &Page, run: &[char], scratch: &mut Vec<Code>) -> Vec<String> {
    let decode = |bytes: Vec<u8>| -> Option<String> {
        if bytes.iter().any(|&b| b < 0x20) {
            return None;
        }
        String::from_utf8(bytes).ok()
    };
    let first = encode_run(page, run, scratch, false);
    let ambiguous = first.as_ref().is_none_or(|(_, a)| *a);
    let mut out: Vec<String> = first
        .and_then(|(bytes, _)| decode(bytes))
        .into_iter()
        .collect();
    if ambiguous {
        if let Some(second) = encode_run(page, run, scratch, true).and_then(|(b, _)| decode(b)) {
            if !out.contains(&second) {
                out.push(second);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// What text looks like

/// The writing system a character belongs to, as far as the cost model cares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Script {
    /// Digits, punctuation, spaces, symbols.
    Neutral,
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    /// One of the Indic blocks U+0900..U+0DFF, by block.
    Indic(u8),
    Thai,
    Georgian,
    Han,
    Kana,
    HalfKana,
    Hangul,
    /// Anything else, by 256-block.
    Other(u16),
}

/// What the cost model knows of a character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Info {
    pub script: Script,
    pub letter: bool,
    pub upper: bool,
    pub lower: bool,
    /// A symbol that sits oddly against letters (`®`, `±`, `├`); quotes and dashes are not.
    pub symbol: bool,
    /// A combining mark.
    pub mark: bool,
    /// What the character costs on its own.
    pub cost: f32,
}

const NEUTRAL: Info = Info {
    script: Script::Neutral,
    letter: false,
    upper: false,
    lower: false,
    symbol: false,
    mark: false,
    cost: 0.0,
};

fn letter(script: Script, c: char, cost: f32) -> Info {
    Info {
        script,
        letter: true,
        upper: c.is_uppercase(),
        lower: c.is_lowercase(),
        symbol: false,
        mark: false,
        cost,
    }
}

fn symbol(cost: f32) -> Info {
    Info {
        symbol: true,
        cost,
        ..NEUTRAL
    }
}

fn mark(script: Script, cost: f32) -> Info {
    Info {
        script,
        mark: true,
        cost,
        ..NEUTRAL
    }
}

fn other(u: u32, cost: f32) -> Info {
    Info {
        script: Script::Other((u >> 8) as u16),
        letter: true,
        cost,
        ..NEUTRAL
    }
}

/// Ideographs and Hangul syllables in the first levels of GB 2312, JIS X 0208, Big5 and
/// KS X 1001: the ones ordinary text is made of.
struct Common {
    han: Vec<u64>,
    hangul: Vec<u64>,
}

fn common() -> &'static Common {
    static COMMON: OnceLock<Common> = OnceLock::new();
    COMMON.get_or_init(|| {
        let mut han = vec![0u64; (0xA000 - 0x4E00) / 64 + 1];
        let mut hangul = vec![0u64; (0xD7A4 - 0xAC00) / 64 + 1];
        let mut mark = |enc: &'static encoding_rs::Encoding, leads: (u8, u8), trails: (u8, u8)| {
            for lead in leads.0..=leads.1 {
                for trail in trails.0..=trails.1 {
                    if let Some(c) = decode_exactly(enc, &[lead, trail]) {
                        let u = c as usize;
                        if (0x4E00..0xA000).contains(&u) {
                            han[(u - 0x4E00) / 64] |= 1 << ((u - 0x4E00) % 64);
                        } else if (0xAC00..0xD7A4).contains(&u) {
                            hangul[(u - 0xAC00) / 64] |= 1 << ((u - 0xAC00) % 64);
                        }
                    }
                }
            }
        };
        // GB 2312 level 1, JIS X 0208 level 1 (Shift_JIS 889F..9872), Big5 frequent
        // characters, KS X 1001 Hangul.
        mark(encoding_rs::GBK, (0xB0, 0xD7), (0xA1, 0xFE));
        mark(encoding_rs::SHIFT_JIS, (0x88, 0x98), (0x40, 0xFC));
        mark(encoding_rs::BIG5, (0xA4, 0xC6), (0x40, 0xFE));
        mark(encoding_rs::EUC_KR, (0xB0, 0xC8), (0xA1, 0xFE));
        Common { han, hangul }
    })
}

fn is_common_han(u: u32) -> bool {
    let i = (u - 0x4E00) as usize;
    common().han[i / 64] & (1 << (i % 64)) != 0
}

fn is_common_hangul(u: u32) -> bool {
    let i = (u - 0xAC00) as usize;
    common().hangul[i / 64] & (1 << (i % 64)) != 0
}

/// The cost model's view of a character: [`info_of`], kept for the BMP ([`bmp_memo`]).
#[inline]
pub(crate) fn info(c: char) -> Info {
    static BLOCKS: BmpMemo<Info> = [const { OnceLock::new() }; 256];
    bmp_memo(&BLOCKS, c, NEUTRAL, info_of)
}

/// A table of a function's values for the characters of the BMP, a block of 256 at a time.
type BmpMemo<T> = [OnceLock<Box<[T; 256]>>; 256];

/// `f(c)`, kept in `blocks` for a character of the BMP: the block of 256 characters around
/// it is worked out when one of them is first asked about (a text touches a few blocks;
/// working out all 65,536 costs more than most texts' whole repair). Code points that are no
/// characters (surrogates) hold `none`.
#[inline]
fn bmp_memo<T: Copy>(blocks: &'static BmpMemo<T>, c: char, none: T, f: impl Fn(char) -> T) -> T {
    let u = c as u32;
    if u >= 0x10000 {
        return f(c);
    }
    let block = blocks[(u >> 8) as usize].get_or_init(|| {
        let mut values = Box::new([none; 256]);
        for (low, slot) in values.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(u & !0xFF | low as u32) {
                *slot = f(c);
            }
        }
        values
    });
    block[(u & 0xFF) as usize]
}

/// The cost model's view of a character, worked out.
fn info_of(c: char) -> Info {
    let u = c as u32;
    if u < 0x80 {
        return if c.is_ascii_alphabetic() {
            letter(Script::Latin, c, 0.0)
        } else {
            NEUTRAL
        };
    }
    match u {
        0x80..=0x9F => symbol(8.0),
        0xA0 => NEUTRAL,
        // Punctuation that hugs words: ¡ « · » ¿
        0xA1 | 0xAB | 0xB7 | 0xBB | 0xBF => NEUTRAL,
        0xA4 | 0xA6 | 0xA8 | 0xAC | 0xAF | 0xB4 | 0xB8 => symbol(1.5),
        0xAA | 0xBA => symbol(1.0),
        0xAD => Info {
            cost: 1.0,
            ..NEUTRAL
        },
        0xA2..=0xBE => symbol(0.3),
        0xD7 | 0xF7 => symbol(0.3),
        // Latin Extended-B letters that no living orthography writes, as rare as IPA: the
        // historic ones (wynn, yogh, hwair, hv, yr, oi, the old Zhuang tone letters) and the
        // phonetic ones (esh loop, t with palatal hook, the ezh variants, two with stroke,
        // inverted glottal stop with stroke), and those only transliterations, old spellings
        // and the smallest orthographies write (ezh with caron, g and n with acute or grave,
        // ring-acute, ash and o-slash with acute). A lone Cyrillic `Й` before Latin letters
        // reads through Big5 as UTF-8 for wynn; it is legacy text (`Émilie`), not such
        // mojibake; a Cyrillic `З` typed for a Latin one (`Зoo архива`) reads as `ǵ`.
        0x195
        | 0x1A2
        | 0x1A3
        | 0x1A6
        | 0x1AA
        | 0x1AB
        | 0x1B8..=0x1BF
        | 0x1EE
        | 0x1EF
        | 0x1F4..=0x1F7
        | 0x1F8..=0x1FF
        | 0x21C
        | 0x21D => letter(Script::Latin, c, 3.0),
        // Latin Extended-B is rare but for Romanian's comma letters, the pinyin tone letters
        // and the Croatian digraphs.
        0x180..=0x1C3 | 0x1DD..=0x217 | 0x21C..=0x24F => letter(Script::Latin, c, 1.0),
        0xC0..=0x24F => letter(Script::Latin, c, 0.0),
        0x250..=0x2AF => letter(Script::Latin, c, 3.0),
        0x2B0..=0x2FF => symbol(2.0),
        0x300..=0x36F => mark(Script::Neutral, 0.5),
        0x370..=0x3FF => {
            if super::model::is_alphabetic(c) {
                letter(Script::Greek, c, if u < 0x386 { 1.0 } else { 0.0 })
            } else {
                symbol(1.5)
            }
        }
        0x400..=0x45F | 0x490 | 0x491 => letter(Script::Cyrillic, c, 0.0),
        0x460..=0x48F => letter(Script::Cyrillic, c, 3.0),
        0x492..=0x4FF => letter(Script::Cyrillic, c, 1.0),
        0x500..=0x52F => letter(Script::Cyrillic, c, 3.0),
        0x531..=0x556 | 0x561..=0x587 => letter(Script::Armenian, c, 0.0),
        0x530..=0x58F => symbol(1.0),
        0x5D0..=0x5EA => letter(Script::Hebrew, c, 0.0),
        0x5B0..=0x5C7 => mark(Script::Hebrew, 0.5),
        0x590..=0x5FF => symbol(1.5),
        0x60C | 0x61B | 0x61F | 0x66A..=0x66D => NEUTRAL,
        0x660..=0x669 | 0x6F0..=0x6F9 => NEUTRAL,
        0x610..=0x61A | 0x64B..=0x65F | 0x670 => mark(Script::Arabic, 0.5),
        0x621..=0x64A | 0x671..=0x6D3 => letter(Script::Arabic, c, 0.0),
        0x600..=0x6FF => letter(Script::Arabic, c, 1.5),
        0x900..=0xDFF => {
            let block = ((u - 0x900) >> 7) as u8;
            if c.is_numeric() {
                // Digits are no marks.
                NEUTRAL
            } else if super::model::is_alphabetic(c) {
                letter(Script::Indic(block), c, 0.0)
            } else {
                mark(Script::Indic(block), 0.0)
            }
        }
        0xE01..=0xE3A | 0xE40..=0xE4E => {
            if super::model::is_alphabetic(c) {
                letter(Script::Thai, c, 0.0)
            } else {
                mark(Script::Thai, 0.0)
            }
        }
        0xE50..=0xE59 | 0xE3F => NEUTRAL,
        0x10D0..=0x10FA | 0x10A0..=0x10C5 => letter(Script::Georgian, c, 0.0),
        0x1E00..=0x1EFF => letter(Script::Latin, c, 0.0),
        0x1F00..=0x1FFF => letter(Script::Greek, c, 1.0),
        // Spaces: the ordinary ones, and the rare ones (hair space, figure space...) that
        // UTF-8 of `…` and the like shows as.
        0x2009 | 0x202F => NEUTRAL,
        0x2000..=0x200A => Info {
            cost: 1.0,
            ..NEUTRAL
        },
        0x200B..=0x200D => Info {
            cost: 0.5,
            ..NEUTRAL
        },
        0x2010..=0x2015 | 0x2018..=0x201F | 0x2022 | 0x2026 | 0x2032 | 0x2033 | 0x2039 | 0x203A => {
            NEUTRAL
        }
        0x2020 | 0x2021 | 0x2030 => symbol(1.5),
        0x2016..=0x2017 | 0x2023..=0x2025 | 0x2027 | 0x2031 | 0x2034..=0x2038 | 0x203B..=0x205E => {
            symbol(1.0)
        }
        0x2070..=0x209F => symbol(1.0),
        0x20A0..=0x20CF => symbol(0.0),
        0x2100..=0x218F => symbol(0.5),
        0x2190..=0x21FF => symbol(0.5),
        0x2200..=0x22FF => symbol(1.0),
        0x2300..=0x23FF => symbol(1.5),
        0x2460..=0x24FF => symbol(1.0),
        0x2500..=0x259F => symbol(4.0),
        0x25A0..=0x25FF => symbol(1.0),
        0x2600..=0x27BF => symbol(0.3),
        0x3000..=0x303F => NEUTRAL,
        0x3041..=0x30FF => letter(Script::Kana, c, 0.0),
        0x3100..=0x312F => letter(Script::Han, c, 1.0),
        0x3200..=0x33FF => symbol(1.5),
        0x4E00..=0x9FFF => letter(Script::Han, c, if is_common_han(u) { 0.0 } else { 1.5 }),
        0xAC00..=0xD7A3 => letter(
            Script::Hangul,
            c,
            if is_common_hangul(u) { 0.0 } else { 1.5 },
        ),
        0xFB00..=0xFB06 => letter(Script::Latin, c, 1.0),
        0xFE00..=0xFE0F => NEUTRAL,
        0xFF01..=0xFF5E => Info {
            cost: 0.3,
            ..NEUTRAL
        },
        0xFF61..=0xFF64 => Info {
            cost: 1.0,
            ..NEUTRAL
        },
        0xFF65..=0xFF9F => letter(Script::HalfKana, c, 1.0),
        0xFFE0..=0xFFEE => symbol(0.5),
        0x1F000..=0x1FAFF => symbol(0.0),
        // C1 controls, private use, specials, rare scripts and blocks, unassigned.
        0xE000..=0xF8FF | 0xFFF0..=0xFFFF | 0x2060..=0x206F | 0x2028..=0x202E => symbol(8.0),
        0x3400..=0x4DBF | 0x20000..=0x3FFFF => letter(Script::Han, c, 4.0),
        _ => other(u, 4.0),
    }
}

/// What a combining mark costs with no letter (or mark on a letter) before it.
const MARK_WITHOUT_LETTER: f32 = 3.0;

/// What the pair of neighbours `a`, `b` costs: letters of two scripts touching, a lowercase
/// letter followed by a capital, a symbol stuck to a letter, a mark after no letter.
fn pair_cost(a: &Info, b: &Info) -> f32 {
    let mut cost = 0.0;
    if a.letter && b.letter {
        if a.script != b.script {
            use Script::*;
            cost += match (a.script, b.script) {
                (Han, Kana) | (Kana, Han) => 0.0,
                (Han, Hangul) | (Hangul, Han) => 1.0,
                (HalfKana, _) | (_, HalfKana) => 2.5,
                (Latin, Han | Kana | Hangul) => 0.5,
                (Han | Kana | Hangul, Latin) => 1.5,
                _ => 4.0,
            };
        } else if a.lower && b.upper {
            cost += 1.5;
        }
    }
    if (a.symbol && (b.letter || b.symbol)) || (b.symbol && a.letter) {
        cost += 1.0;
    }
    if b.mark && !(a.letter || a.mark) {
        cost += MARK_WITHOUT_LETTER;
    }
    if b.mark && a.letter && b.script != Script::Neutral && a.script != b.script {
        cost += 4.0;
    }
    cost
}

/// What a stretch of text costs: its characters and the neighbouring pairs, including the
/// pairs with `left` and `right`, the characters around it.
pub(crate) fn cost(left: Option<char>, chars: &[char], right: Option<char>) -> f32 {
    let mut total = 0.0;
    let mut prev = left.map(info);
    // Whether a letter precedes, with nothing but non-ASCII non-letters between.
    let mut in_word = prev.is_some_and(|p| p.letter);
    let mut pending = 0.0;
    for &c in chars {
        let here = info(c);
        total += here.cost;
        match &prev {
            Some(p) => total += pair_cost(p, &here),
            // A mark that starts the text has no letter to sit on.
            None if here.mark => total += MARK_WITHOUT_LETTER,
            None => {}
        }
        if here.letter {
            // The non-letters since the last letter sat inside a word.
            total += pending;
            pending = 0.0;
            in_word = true;
        } else if c.is_ascii() || here.mark {
            if c.is_ascii() {
                in_word = false;
                pending = 0.0;
            }
        } else if in_word && !hugs_words(c) {
            pending += INSIDE_WORD;
        }
        prev = Some(here);
    }
    if let (Some(p), Some(r)) = (&prev, right) {
        let r = info(r);
        total += pair_cost(p, &r);
        if r.letter {
            total += pending;
        }
    }
    total
}

/// What a symbol or punctuation mark costs between two letters of one word.
const INSIDE_WORD: f32 = 1.5;

/// Characters at home inside words: apostrophes, hyphens, the middle dot (Catalan `l·l`),
/// soft hyphens, zero-width (non-)joiners (Persian, Indic), the Thai and Arabic signs that
/// are not letters.
fn hugs_words(c: char) -> bool {
    matches!(
        c,
        '\u{2019}'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{b7}'
            | '\u{ad}'
            | '\u{200c}'
            | '\u{200d}'
            | '\u{640}'
    ) || ('\u{e00}'..='\u{e7f}').contains(&c)
}

// ---------------------------------------------------------------------------------------
// Repair

/// A run is repaired only if that lowers its cost by at least this much...
const RUN_GAIN: f32 = 2.0;
/// ...and what it becomes costs no more than this.
const RUN_MAX_COST: f32 = 2.0;
/// ...plus this much for each character it becomes.
const RUN_MAX_COST_PER_CHAR: f32 = 0.25;
/// A text is repaired only if its runs gain this much in all.
pub const TEXT_GAIN: f32 = 2.5;

/// What a run of ideographs, kana or Hangul costs stuck to a Latin word, in a text where no
/// such run stands alone.
const GLUED_CJK: f32 = 2.0;

/// How many ideographs, kana or Hangul in one run make a phrase rather than the mojibake of
/// an accented letter or two ([`GLUED_CJK`]).
const CJK_PHRASE: usize = 3;

/// What each letter of one of a line's [`island_scripts`] costs...
const ISLAND: f32 = 1.5;
/// ...where the line has at least this many times as many letters of its main script.
const ISLAND_RATIO: usize = 4;

/// The runs of non-ASCII characters: char ranges.
fn runs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_ascii() {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// What reading one run through a page gives.
#[derive(Clone, Debug)]
pub struct RunReading {
    /// The run, in chars of the text: `start..end`.
    pub start: usize,
    /// See `start`.
    pub end: usize,
    /// What the run decodes to.
    pub decoded: String,
    /// What the run costs as it stands...
    pub before: f32,
    /// ...and decoded (or what a further layer of repair makes of it).
    pub after: f32,
    /// How much likelier the words around the run read repaired, by the language model.
    pub lm_gain: f32,
    /// Whether the run looks broken as it stands: only such a run can show that the text
    /// went through the page.
    pub broken: bool,
    /// Whether the run is repaired.
    pub taken: bool,
}

impl RunReading {
    /// Whether the run reads as ordinary text once repaired: it may cost a little, and a
    /// little more for each character (a rare ideograph in a long run is no sign of
    /// mojibake).
    fn reads_well(&self) -> bool {
        self.after <= RUN_MAX_COST + RUN_MAX_COST_PER_CHAR * self.decoded.chars().count() as f32
    }

    /// What repairing the run gains.
    pub fn gain(&self) -> f32 {
        self.before - self.after + self.lm_gain
    }
}

/// The outcome of reading a text's runs through one page.
pub struct Reading {
    /// The text with every run repaired that the model says gains.
    pub text: String,
    /// The summed gain of the repaired runs.
    pub gain: f32,
    /// How many runs were repaired.
    pub repaired: usize,
    /// Each run that re-encodes to valid UTF-8 through the page.
    pub runs: Vec<RunReading>,
}

/// Reads each run of non-ASCII characters of `text` through `page` and repairs those whose
/// UTF-8 reading is clearly better. This is both the repair and its replay.
///
/// A run is repaired when it gains clearly on its own (a *strong* run). Once the strong runs
/// have shown that the text went through `page`, the runs that gain little or nothing but
/// lose nothing either are repaired too: mojibake is made a whole text at a time, and `Ã `
/// (`à` whose no-break space stayed) or `УЉ` between spaces look like text on their own.
pub fn read_runs(text: &str, page: &Page) -> Reading {
    let chars: Vec<char> = text.chars().collect();
    let islands = island_scripts(&chars);
    read_runs_at(text, page, (None, None), &islands, 0)
}

/// [`read_runs`] with the text's [`island_scripts`] known.
fn read_runs_with(text: &str, page: &Page, islands: &[u32]) -> Reading {
    read_runs_at(text, page, (None, None), islands, 0)
}

/// The writing systems of a line's minorities: letters of a system other than the line's
/// main one, at most a quarter as many. A few Hebrew or Thai letters, or ideographs, in a
/// line of Latin words are likelier mojibake of its punctuation than words of another
/// language.
fn island_scripts(chars: &[char]) -> Vec<u32> {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for &c in chars {
        let Some(group) = group_of(c) else {
            continue;
        };
        match counts.iter_mut().find(|(g, _)| *g == group) {
            Some((_, n)) => *n += 1,
            None => counts.push((group, 1)),
        }
    }
    let main = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    counts
        .iter()
        .filter(|&&(_, n)| n * ISLAND_RATIO <= main)
        .map(|&(g, _)| g)
        .collect()
}

/// [`script_group`] of a character, kept for the BMP ([`bmp_memo`]).
fn group_of(c: char) -> Option<u32> {
    static GROUPS: BmpMemo<Option<u32>> = [const { OnceLock::new() }; 256];
    bmp_memo(&GROUPS, c, None, |c| script_group(&info(c)))
}

/// The writing system of a letter, for [`island_scripts`]: ideographs, kana and Hangul count
/// as one.
fn script_group(info: &Info) -> Option<u32> {
    if !info.letter {
        return None;
    }
    Some(match info.script {
        Script::Neutral => return None,
        Script::Latin => 1,
        Script::Greek => 2,
        Script::Cyrillic => 3,
        Script::Armenian => 4,
        Script::Hebrew => 5,
        Script::Arabic => 6,
        Script::Thai => 7,
        Script::Georgian => 8,
        Script::Han | Script::Kana | Script::HalfKana | Script::Hangul => 9,
        Script::Indic(block) => 0x100 + block as u32,
        Script::Other(block) => 0x10000 + block as u32,
    })
}

/// [`read_runs`] on a piece of text between the characters `context` (a run decoded once,
/// read again at `depth` 1).
fn read_runs_at(
    text: &str,
    page: &Page,
    context: (Option<char>, Option<char>),
    islands: &[u32],
    depth: u8,
) -> Reading {
    let chars: Vec<char> = text.chars().collect();
    let left_of = |start: usize| start.checked_sub(1).map(|i| chars[i]).or(context.0);
    let right_of = |end: usize| chars.get(end).copied().or(context.1);
    let mut scratch = Vec::new();
    let runs = runs(&chars);
    let page_bit = PAGES
        .iter()
        .position(|p| std::ptr::eq(p, page))
        .map_or(0, |i| 1u32 << i);
    let is_cjk = |c: &char| is_east_asian(*c);
    let glued = |start: usize, end: usize| {
        left_of(start).is_some_and(|c| c.is_ascii_alphabetic())
            || right_of(end).is_some_and(|c| c.is_ascii_alphabetic())
    };
    // Ideographs, kana and Hangul that only ever stick to Latin words, never standing as words
    // of their own, are what double-byte mojibake of accented Latin letters looks like: one
    // character for each such letter, seldom more in a row. A run of several is a phrase,
    // whatever touches it (`停止postmaster进程，然后在…`, `serialnoがcert IDにありません`).
    let cjk_alone = runs.iter().any(|&(s, e)| {
        let cjk = chars[s..e]
            .iter()
            .filter(|c| is_cjk(c))
            .take(CJK_PHRASE)
            .count();
        cjk >= CJK_PHRASE || (cjk > 0 && !glued(s, e))
    });
    // The runs that do not read through the page: what they cost, and their words.
    let mut unread = Vec::new();
    // First what each run costs as it stands and reads as, which is cheap: a page none of
    // whose runs looks broken repairs nothing, and the rest need not be weighed.
    let mut pending = Vec::new();
    for &(start, end) in &runs {
        let run = &chars[start..end];
        let (left, right) = (left_of(start), right_of(end));
        let before_of = || {
            let mut before = cost(left, run, right);
            if !cjk_alone && glued(start, end) && run.iter().any(is_cjk) {
                before += GLUED_CJK;
            }
            let on_islands = run
                .iter()
                .filter(|&&c| group_of(c).is_some_and(|g| islands.contains(&g)))
                .count();
            before += ISLAND * on_islands as f32;
            before
        };
        let (ws, we) = if depth == 0 {
            word_span(&chars, start, end)
        } else {
            (start, end)
        };
        let decodings = if super::utf8_runs::run_pages(run) & page_bit != 0 {
            decode_run(page, run, &mut scratch)
        } else {
            Vec::new()
        };
        if decodings.is_empty() {
            if depth == 0 {
                unread.push((start, end, ws, we));
            }
            continue;
        }
        let before = before_of();
        // A whole word that would become one letter of a script no other letter of the line
        // writes (Vietnamese `đá`, through cp852, is UTF-8 for a Cyrillic `Р`): how unusual
        // the word looks to the models is no sign of damage then, only what it costs.
        let lone_foreign = || {
            (ws, we) == (start, end)
                && decodings.iter().all(|decoded| {
                    let mut letters = decoded.chars().filter(|&c| super::model::is_alphabetic(c));
                    match (letters.next(), letters.next()) {
                        (Some(c), None) => {
                            let script = info(c).script;
                            script != Script::Latin
                                && !chars.iter().any(|&o| {
                                    super::model::is_alphabetic(o) && info(o).script == script
                                })
                        }
                        _ => false,
                    }
                })
        };
        // Broken-looking: it costs as it stands, or its word is letter salad, or a Latin word
        // that reads clearly likelier decoded (`Åœukauskas`, `Žukauskas`).
        let broken = before >= BROKEN
            || (depth == 0
                && !lone_foreign()
                && (foreign_salad(&chars[ws..we]) > 0.0
                    || word_cost_joined(&chars[ws..we], start - ws..end - ws).is_some_and(|b| {
                        b > 0.0
                            || decodings.iter().any(|decoded| {
                                let mut word: Vec<char> = chars[ws..start].to_vec();
                                word.extend(decoded.chars());
                                word.extend(&chars[end..we]);
                                word_cost(&word).is_some_and(|a| b - a >= BROKEN)
                            })
                    })));
        pending.push((start, end, ws, we, before, broken, decodings));
    }
    if !pending.iter().any(|p| p.5) {
        return Reading {
            text: text.to_string(),
            gain: 0.0,
            repaired: 0,
            runs: Vec::new(),
        };
    }
    // Runs that look like mojibake but do not read through the page.
    let unexplained = unread
        .iter()
        .filter(|&&(start, end, ws, we)| {
            let run = &chars[start..end];
            let before = cost(left_of(start), run, right_of(end));
            before >= RUN_GAIN || chars[ws..we].split(|&c| !in_word(c)).any(is_salad)
        })
        .count();
    // A line with no ideograph, kana or Hangul of its own, where at most one run reads as
    // any: what the ideograph stuck to a word costs ([`lone_glued_cjk`]). Chinese mojibake
    // reads as such runs all along its line (`…嘉禾路i座`).
    // (Worked out only where a run reads as one such character, which is seldom.)
    let one_cjk = |d: &String| {
        let mut it = d.chars();
        matches!((it.next(), it.next()), (Some(c), None) if is_cjk(&c))
    };
    let lone_cjk_line = depth == 0
        && pending.iter().any(|p| p.6.iter().any(one_cjk))
        && !chars.iter().any(is_cjk)
        && pending
            .iter()
            .filter(|p| p.6.iter().any(|d| d.chars().any(|c| is_cjk(&c))))
            .count()
            <= 1;
    let mut readings = Vec::new();
    for (start, end, ws, we, before, broken, decodings) in pending {
        let (left, right) = (left_of(start), right_of(end));
        let mut best: Option<RunReading> = None;
        // The ASCII letters of the word on either side: ftfy's context for the run.
        let mut fs = start;
        while fs > ws && chars[fs - 1].is_ascii_alphabetic() {
            fs -= 1;
        }
        let mut fe = end;
        while fe < we && chars[fe].is_ascii_alphabetic() {
            fe += 1;
        }
        for decoded in decodings {
            let frame = (&chars[fs..start], &chars[end..fe]);
            let (mut after, settled) =
                settled_cost(left, &decoded, right, frame, page, islands, depth);
            // One ideograph stuck to a word of another script, in a line that has none of
            // its own: Czech `jiščó` is UTF-8 for `矢` through cp852, Russian `девyшка` (a
            // Latin `y` typed in it) for `誠` through cp866.
            if lone_cjk_line && lone_glued_cjk(left, settled.as_deref().unwrap_or(&decoded), right)
            {
                after += GLUED_CJK;
            }
            // The words around the run, as they are and as they read repaired.
            let mut lm_gain = 0.0;
            if depth == 0 {
                let mut repaired: Vec<char> = chars[ws..start].to_vec();
                repaired.extend(settled.as_deref().unwrap_or(&decoded).chars());
                repaired.extend(&chars[end..we]);
                // A word the model cannot weigh on one side counts for nothing there: salad
                // before is still evidence, and so is an ordinary word after, but a rare word
                // after is no evidence against.
                let before_word = word_cost_joined(&chars[ws..we], start - ws..end - ws);
                lm_gain = match (before_word, word_cost(&repaired)) {
                    (Some(b), Some(a)) => b - a,
                    (Some(b), None) => b.max(0.0),
                    (None, Some(a)) => (-a).max(0.0),
                    (None, None) => 0.0,
                } + foreign_salad(&chars[ws..we]);
            }
            let reading = RunReading {
                start,
                end,
                decoded,
                before,
                after,
                lm_gain,
                broken,
                taken: false,
            };
            if best.as_ref().is_none_or(|b| reading.gain() > b.gain()) {
                best = Some(reading);
            }
        }
        readings.extend(best);
    }
    let strong = |r: &RunReading| r.broken && r.reads_well() && r.gain() >= RUN_GAIN;
    let strong_gain: f32 = readings
        .iter()
        .filter(|r| strong(r))
        .map(RunReading::gain)
        .sum();
    let strong_count = readings.iter().filter(|r| strong(r)).count();
    let established = strong_gain >= TEXT_GAIN;
    // Mojibake through a page reads through it everywhere: a line with more runs that look
    // broken and do not read through the page than runs that read well is something else
    // (legacy text, another page), whose odd run may happen to decode.
    let explains = unexplained <= strong_count;
    for r in &mut readings {
        r.taken =
            explains && (strong(r) || (established && r.reads_well() && r.gain() >= -WEAK_SLACK));
    }
    let (mut text_out, mut gain) = apply_runs(&chars, &readings);
    // Runs that are each still mojibake once decoded, and that ftfy's search repairs only
    // together (it needs to see enough of the line): every run that decodes is decoded, and
    // the line is taken as ftfy's search leaves it.
    if depth == 0 && explains && readings.iter().any(|r| !r.taken) {
        let mut all = readings.clone();
        for r in &mut all {
            r.taken = true;
        }
        let (all_text, _) = apply_runs(&chars, &all);
        let config = crate::Config::ftfy();
        let settled_cost = |text: &str| {
            let fixed: Vec<char> = crate::pipeline::fix_encoding(text, &config)
                .chars()
                .collect();
            cost(context.0, &fixed, context.1) + words_cost(&fixed)
        };
        let settled = crate::pipeline::fix_encoding(&all_text, &config);
        if settled != all_text {
            let settled: Vec<char> = settled.chars().collect();
            let all_cost = cost(context.0, &settled, context.1) + words_cost(&settled);
            // What ftfy's search makes of the line as it stands is the baseline: the page is
            // credited only with what decoding through it adds. And decoding every run must
            // end clearly better than decoding the runs that gain.
            let whole_gain = settled_cost(text) - all_cost - LAYER_COST;
            if whole_gain >= TEXT_GAIN && all_cost + WHOLE_LINE_MARGIN <= settled_cost(&text_out) {
                readings = all;
                text_out = all_text;
                gain = gain.max(whole_gain);
            }
        }
    }
    let repaired = readings.iter().filter(|r| r.taken).count();
    Reading {
        text: text_out,
        gain,
        repaired,
        runs: readings,
    }
}

/// Whether `decoded` is one ideograph, kana or Hangul syllable with a letter of another
/// script beside it (`ji` + `矢`).
fn lone_glued_cjk(left: Option<char>, decoded: &str, right: Option<char>) -> bool {
    let mut it = decoded.chars();
    let (Some(c), None) = (it.next(), it.next()) else {
        return false;
    };
    let other_letter = |n: Option<char>| n.is_some_and(|n| in_word(n) && !is_east_asian(n));
    is_east_asian(c) && (other_letter(left) || other_letter(right))
}

/// Whether `c` is an ideograph, kana (full or half width) or a Hangul syllable.
fn is_east_asian(c: char) -> bool {
    matches!(
        info(c).script,
        Script::Han | Script::Kana | Script::Hangul | Script::HalfKana
    )
}

/// Whether the language model reads `c` as part of a word: a letter (or a mark), not a space,
/// punctuation or a symbol.
fn in_word(c: char) -> bool {
    !legacy::is_boundary(c) && (super::model::is_alphabetic(c) || info(c).mark)
}

/// The word a run is part of: from the last character before it that is not part of a word
/// to the first after it.
fn word_span(chars: &[char], start: usize, end: usize) -> (usize, usize) {
    let mut ws = start;
    while ws > 0 && in_word(chars[ws - 1]) {
        ws -= 1;
    }
    let mut we = end;
    while we < chars.len() && in_word(chars[we]) {
        we += 1;
    }
    (ws, we)
}

/// What the language model charges the words of `chars` that have a letter beyond ASCII,
/// Latin words only: letter salad (`NÃŒrtingen`, `ÔÇó`) costs, ordinary words cost little or
/// less than nothing. In the units of [`cost`]. `None` if there is no such word (nothing to
/// weigh), or if one of them is not in the Latin script.
fn word_cost(chars: &[char]) -> Option<f32> {
    word_cost_joined(chars, 0..0)
}

/// [`word_cost`], with the characters of `joined` (a run, whose no-break space may be a byte
/// of its UTF-8) counted inside the word whatever they are.
fn word_cost_joined(chars: &[char], joined: std::ops::Range<usize>) -> Option<f32> {
    let mut total = 0.0;
    let mut weighed = false;
    let mut at = 0;
    for word in chars.split(|&c| {
        let inside = joined.contains(&at);
        at += 1;
        !inside && !in_word(c)
    }) {
        if word.iter().any(|c| !c.is_ascii()) {
            if !word
                .iter()
                .all(|&c| !super::model::is_alphabetic(c) || info(c).script == Script::Latin)
            {
                return None;
            }
            total += LM_WEIGHT * legacy::word_surprise(word)?;
            weighed = true;
        }
    }
    weighed.then_some(total)
}

/// What the words of `chars` in other scripts than Latin cost that are letter salad beyond
/// doubt (`УЌТЃТМ`): evidence of mojibake. The model weighs only their salad, not how
/// ordinary a word in those scripts is (short words and abbreviations such as `ООО` score
/// poorly).
fn foreign_salad(chars: &[char]) -> f32 {
    chars
        .split(|&c| !in_word(c))
        .filter(|word| {
            word.iter()
                .any(|&c| super::model::is_alphabetic(c) && info(c).script != Script::Latin)
        })
        .filter(|word| is_salad(word))
        .filter_map(legacy::word_surprise)
        .map(|s| LM_WEIGHT * s)
        .sum()
}

/// Whether a word is letter salad beyond doubt: far less likely than words are, in all and
/// for each pair of letters (`ùñáßï`, `Ïðèâåò`; rare but real words such as `Utaskísérő`
/// are not).
fn is_salad(word: &[char]) -> bool {
    // Short words, abbreviations above all (`ЖКХ`), are too few pairs to judge.
    if word.len() < SALAD_MIN_LETTERS || word.iter().all(char::is_ascii) {
        return false;
    }
    let pairs = (word.len() + 1) as f32;
    legacy::word_surprise(word).is_some_and(|s| s >= SALAD_TOTAL && s >= SALAD_PER_PAIR * pairs)
}

/// See [`is_salad`]: the shortest word judged...
const SALAD_MIN_LETTERS: usize = 5;
/// ...and the nats above the baseline, in all and per pair.
const SALAD_TOTAL: f32 = 4.0;
/// See [`SALAD_TOTAL`].
const SALAD_PER_PAIR: f32 = 1.0;

/// What the language model charges the Latin words of `chars` that have a letter beyond
/// ASCII, all in the one language that suits them best (the others left out: for the other
/// scripts the model is too unsure of ordinary words to compare two readings by them).
fn words_cost(chars: &[char]) -> f32 {
    let latin: Vec<&[char]> = chars
        .split(|&c| !in_word(c))
        .filter(|word| {
            word.iter().any(|c| !c.is_ascii())
                && word
                    .iter()
                    .all(|&c| !super::model::is_alphabetic(c) || info(c).script == Script::Latin)
        })
        .collect();
    legacy::latin_words_surprise(&latin).map_or(0.0, |s| LM_WEIGHT * s)
}

/// How the language model's nats weigh against the costs of [`cost`].
const LM_WEIGHT: f32 = 0.5;

/// What a run must cost as it stands (short of letter salad) to look broken.
const BROKEN: f32 = 1.0;

/// How much more the whole line must gain, decoded entire, than run by run.
const WHOLE_LINE_MARGIN: f32 = 1.0;

/// The text with the runs taken decoded, and their summed gain.
fn apply_runs(chars: &[char], readings: &[RunReading]) -> (String, f32) {
    let mut out = String::with_capacity(chars.len() * 2);
    let mut copied = 0;
    let mut gain = 0.0;
    for r in readings.iter().filter(|r| r.taken) {
        out.extend(&chars[copied..r.start]);
        out.push_str(&r.decoded);
        copied = r.end;
        gain += r.gain();
    }
    out.extend(&chars[copied..]);
    (out, gain)
}

/// How much a run may lose and still be repaired along with the strong runs of its text.
const WEAK_SLACK: f32 = LAYER_COST;

/// The cost of a repaired run, or of what a further layer of repair makes of it when the run
/// is still mojibake (the inner layer of a double misreading: through one of ftfy's pages, or
/// through `page` again), whichever is lower.
fn settled_cost(
    left: Option<char>,
    decoded: &str,
    right: Option<char>,
    frame: (&[char], &[char]),
    page: &Page,
    islands: &[u32],
    depth: u8,
) -> (f32, Option<String>) {
    let chars: Vec<char> = decoded.chars().collect();
    let direct = cost(left, &chars, right);
    if direct <= 0.0 || decoded.is_ascii() {
        return (direct, None);
    }
    let mut best = (direct, None);
    // ftfy's search, given the ASCII letters of the run's word (or the characters around
    // it) as context: its heuristic needs to see `ÅŸ` inside `YaÅŸattin`.
    let (prefix, suffix): (String, String) = if frame.0.is_empty() && frame.1.is_empty() {
        (left.into_iter().collect(), right.into_iter().collect())
    } else {
        (frame.0.iter().collect(), frame.1.iter().collect())
    };
    let framed = format!("{prefix}{decoded}{suffix}");
    let config = crate::Config::ftfy();
    let fixed = crate::pipeline::fix_encoding(&framed, &config);
    if fixed != framed {
        // The run's part of it, where the frame survived.
        let middle = fixed
            .strip_prefix(prefix.as_str())
            .and_then(|m| m.strip_suffix(suffix.as_str()));
        if let Some(middle) = middle {
            let middle_chars: Vec<char> = middle.chars().collect();
            let c = cost(left, &middle_chars, right) + LAYER_COST;
            if c < best.0 {
                best = (c, Some(middle.to_string()));
            }
        }
    }
    // One of ftfy's pages read straight, where its heuristic does not look (`Ä—` for `ė`):
    // the run decoded once must re-encode through it to UTF-8.
    if let Some(inner) = through_ftfy_page(decoded) {
        let inner_chars: Vec<char> = inner.chars().collect();
        let c = cost(left, &inner_chars, right) + LAYER_COST;
        if c < best.0 {
            best = (c, Some(inner));
        }
    }
    if depth == 0 {
        let again = read_runs_at(decoded, page, (left, right), islands, depth + 1);
        if again.repaired > 0 {
            let again_chars: Vec<char> = again.text.chars().collect();
            let c = cost(left, &again_chars, right) + LAYER_COST;
            if c < best.0 {
                best = (c, Some(again.text));
            }
        }
    }
    best
}

/// `text` re-encoded through the first of ftfy's code pages that can, and decoded as UTF-8, if
/// that makes a difference and is valid.
fn through_ftfy_page(text: &str) -> Option<String> {
    let cp = super::repair::REPAIR_CODE_PAGES
        .iter()
        .find(|cp| super::codecs::can_encode(cp, text))?;
    let bytes = super::codecs::Codec::SingleByte(cp).encode(text).ok()?;
    let inner = String::from_utf8(bytes).ok()?;
    (inner != text).then_some(inner)
}

/// What a second layer of mojibake costs: a little, so that one layer is preferred.
const LAYER_COST: f32 = 0.5;

/// The best repair through any page: the page, the repaired text and its gain.
pub fn repair(text: &str) -> Option<(&'static Page, String)> {
    if text.is_ascii() {
        return None;
    }
    let mut best: Option<(&'static Page, Reading)> = None;
    let readable = super::utf8_runs::scan(text, true).pages;
    if readable == 0 {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let islands = island_scripts(&chars);
    for (i, page) in PAGES.iter().enumerate() {
        if readable & (1 << i) == 0 {
            continue;
        }
        let reading = read_runs_with(text, page, &islands);
        if reading.repaired == 0 || reading.gain < TEXT_GAIN {
            continue;
        }
        if best.as_ref().is_none_or(|(_, b)| reading.gain > b.gain) {
            best = Some((page, reading));
        }
    }
    best.map(|(page, reading)| (page, reading.text))
}

/// Whether text `a` reads clearly better than text `b`, each taken as far as ftfy's search,
/// or one of these pages and then ftfy's search, repairs it.
pub fn clearly_better(a: &str, b: &str) -> bool {
    settled_text_cost(a) + BETTER_BY <= settled_text_cost(b)
}

/// Whether text `a` reads no worse than `b` taken one layer further.
pub fn no_worse(a: &str, b: &str) -> bool {
    settled_text_cost(a) <= settled_text_cost(b) + LAYER_COST
}

/// How much less a reading must cost to beat ftfy's.
const BETTER_BY: f32 = 0.5;

/// What a text costs once ftfy's search, or one of these pages and then ftfy's search, has
/// repaired what it can: the measure readings are compared by.
pub fn settled_text_cost(text: &str) -> f32 {
    let config = crate::Config::ftfy();
    let ftfy_cost = |text: &str| {
        let fixed = crate::pipeline::fix_encoding(text, &config);
        let chars: Vec<char> = fixed.chars().collect();
        cost(None, &chars, None) + words_cost(&chars)
    };
    let mut best = ftfy_cost(text);
    if best > 0.0 {
        if let Some((_, fixed)) = repair(text) {
            best = best.min(ftfy_cost(&fixed) + LAYER_COST);
        }
    }
    best
}

/// Replays a `decode_runs` step.
pub fn decode_runs(text: &str, page: &Page) -> String {
    read_runs(text, page).text
}

/// A cheap test: `false` promises that [`repair`] returns `None`.
pub fn may_apply(text: &str) -> bool {
    !text.is_ascii() && super::utf8_runs::scan(text, false).pages != 0
}

/// The builders as they were, to check that the faster ones build the same tables.
#[cfg(test)]
pub(crate) mod reference {
    use super::{windows_dbcs, Code, Kind, Page};
    use std::collections::HashMap;

    pub(super) struct DoubleTable {
        pub(super) codes: HashMap<char, Vec<Code>>,
    }

    fn double_table(index: usize, encoding: &'static encoding_rs::Encoding) -> DoubleTable {
        build_double_table(index, encoding)
    }

    pub(super) fn decode_exactly(
        encoding: &'static encoding_rs::Encoding,
        bytes: &[u8],
    ) -> Option<char> {
        let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
        let mut chars = text.chars();
        let c = chars.next()?;
        (chars.next().is_none() && c != '\u{fffd}').then_some(c)
    }

    pub(super) fn build_double_table(
        index: usize,
        encoding: &'static encoding_rs::Encoding,
    ) -> DoubleTable {
        let mut codes: HashMap<char, Vec<Code>> = HashMap::with_capacity(24_000);
        // What Windows' code pages decode where WHATWG's decoders do otherwise: mojibake made on
        // Windows has these characters.
        if index == 1 {
            for &(b, c) in windows_dbcs::CP932_EXTRAS {
                codes.entry(c).or_default().push(Code::one(b));
            }
        }
        if index == 3 {
            for &(bytes, c) in windows_dbcs::CP950_EXTRAS {
                let list = codes.entry(c).or_default();
                if !list.iter().any(|code| code.as_slice() == bytes) {
                    list.push(Code::of(&bytes));
                }
            }
        }
        for b in 0x80..=0xFFu8 {
            if let Some(c) = decode_exactly(encoding, &[b]) {
                codes.entry(c).or_default().push(Code::one(b));
            }
        }
        for lead in 0x81..=0xFEu8 {
            for trail in 0x40..=0xFEu8 {
                if trail == 0x7F {
                    continue;
                }
                if let Some(c) = decode_exactly(encoding, &[lead, trail]) {
                    codes.entry(c).or_default().push(Code::of(&[lead, trail]));
                }
            }
        }
        DoubleTable { codes }
    }

    pub(crate) fn all_codes(page: &Page, out: &mut Vec<(char, Code)>) {
        out.clear();
        match page.kind {
            Kind::Single(cp) => super::single_codes(cp, out),
            Kind::Double(encoding, index) => {
                let table = double_table(index, encoding);
                for (&c, codes) in &table.codes {
                    if !c.is_ascii() {
                        out.extend(codes.iter().map(|&code| (c, code)));
                    }
                }
                for (b, w) in super::c1_chars() {
                    if let Some(found) = table.codes.get(&char::from(b)) {
                        if found.iter().any(|code| code.as_slice() == [b]) {
                            out.push((w, Code::one(b)));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The double-byte decoders the tables are built from, and GBK.
    const DECODERS: [&encoding_rs::Encoding; 5] = [
        encoding_rs::GB18030,
        encoding_rs::GBK,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_KR,
        encoding_rs::BIG5,
    ];

    #[test]
    fn decode_exactly_is_as_before() {
        for encoding in DECODERS {
            for lead in 0x80..=0xFFu8 {
                assert_eq!(
                    decode_exactly(encoding, &[lead]),
                    reference::decode_exactly(encoding, &[lead])
                );
                for trail in 0..=0xFFu8 {
                    let bytes = [lead, trail];
                    assert_eq!(
                        decode_exactly(encoding, &bytes),
                        reference::decode_exactly(encoding, &bytes),
                        "{} {bytes:02X?}",
                        encoding.name()
                    );
                }
            }
        }
    }

    #[test]
    fn info_table_is_info_of() {
        for u in 0..0x11000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let (a, b) = (info(c), info_of(c));
            assert!(
                a.script == b.script
                    && (a.letter, a.upper, a.lower, a.symbol, a.mark)
                        == (b.letter, b.upper, b.lower, b.symbol, b.mark)
                    && a.cost.to_bits() == b.cost.to_bits(),
                "{c:?}: {a:?} {b:?}"
            );
        }
    }

    #[test]
    fn decode_row_is_decode_exactly() {
        let trails: Vec<u8> = (0..=0xFFu8).collect();
        let mut row = Vec::new();
        for encoding in DECODERS {
            for lead in 0x80..=0xFFu8 {
                decode_row(encoding, lead, &trails, &mut row);
                assert_eq!(row.len(), trails.len());
                for (&trail, &c) in trails.iter().zip(&row) {
                    let bytes = [lead, trail];
                    assert_eq!(
                        c,
                        reference::decode_exactly(encoding, &bytes),
                        "{} {bytes:02X?}",
                        encoding.name()
                    );
                }
            }
        }
    }

    #[test]
    fn double_tables_are_as_before() {
        for page in PAGES {
            let Kind::Double(encoding, index) = page.kind else {
                continue;
            };
            let new = double_table(index, encoding);
            let old = reference::build_double_table(index, encoding);
            assert_eq!(new.codes.chars.len(), old.codes.len(), "{}", page.name);
            for (c, old_codes) in &old.codes {
                let new_codes = new.codes.get(c).unwrap();
                let as_bytes = |codes: &[Code]| -> Vec<Vec<u8>> {
                    codes.iter().map(|code| code.as_slice().to_vec()).collect()
                };
                assert_eq!(
                    as_bytes(new_codes),
                    as_bytes(old_codes),
                    "{} {c:?}",
                    page.name
                );
            }
        }
    }

    #[test]
    fn all_codes_are_as_before() {
        let sorted = |list: &[(char, Code)]| -> Vec<(char, Vec<u8>)> {
            let mut v: Vec<_> = list
                .iter()
                .map(|(c, code)| (*c, code.as_slice().to_vec()))
                .collect();
            v.sort();
            v
        };
        let (mut new, mut old) = (Vec::new(), Vec::new());
        for page in PAGES {
            all_codes(page, &mut new);
            reference::all_codes(page, &mut old);
            assert_eq!(sorted(&new), sorted(&old), "{}", page.name);
        }
    }

    fn moji(text: &str, page: &str) -> Option<String> {
        let page = page_by_name(page).unwrap();
        let bytes = text.as_bytes();
        match page.kind {
            Kind::Single(cp) => bytes
                .iter()
                .map(|&b| super::super::codecs::decode_byte(cp, b))
                .collect(),
            Kind::Double(enc, _) => enc
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| t.into_owned()),
        }
    }

    #[test]
    fn repairs_each_page() {
        for (text, page) in [
            ("Привет, мир! Как дела?", "koi8-r"),
            ("Привіт, як справи?", "koi8-u"),
            ("Привет, мир! Как дела?", "cp866"),
            ("Привет, мир! Как дела?", "iso-8859-5"),
            ("สวัสดีครับ ยินดีต้อนรับ", "sloppy-windows-874"),
            ("שלום עולם", "sloppy-windows-1255"),
            ("مرحبا بالعالم", "sloppy-windows-1256"),
            ("Καλημέρα κόσμε", "iso-8859-7"),
            ("Tiếng Việt có dấu", "sloppy-windows-1258"),
            ("Le café de la gare à côté", "cp850"),
            ("Zażółć gęślą jaźń", "cp852"),
            ("Größe: schön", "iso-8859-15"),
            ("电话号码 你好世界 ok", "gb18030"),
            ("こんにちは世界", "shift_jis"),
            ("Le café est prêt", "euc-kr"),
            ("Das Café", "big5"),
        ] {
            let bad = moji(text, page).unwrap_or_else(|| panic!("{page}: {text}"));
            let (found, fixed) = repair(&bad).unwrap_or_else(|| panic!("{page}: {bad}"));
            assert_eq!(fixed, text, "{page} -> {}: {bad}", found.name);
        }
    }

    /// The pages through which some run of `text` re-encodes to valid UTF-8, the slow way.
    fn readable_pages(text: &str) -> u32 {
        let chars: Vec<char> = text.chars().collect();
        let mut scratch = Vec::new();
        let mut mask = 0;
        for (i, page) in PAGES.iter().enumerate() {
            if runs(&chars)
                .iter()
                .any(|&(s, e)| !decode_run(page, &chars[s..e], &mut scratch).is_empty())
            {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// Texts of every kind the scan meets: clean text in many scripts, and its mojibake
    /// through every page, whole and cut into pieces.
    fn sample_texts() -> Vec<String> {
        let clean = [
            "Привет, мир! Как дела? так рок чай её",
            "Zażółć gęślą jaźń, Příliš žluťoučký kůň",
            "Le café de la gare à côté, “déjà vu” — 12 €",
            "Καλημέρα κόσμε, τι κάνετε;",
            "שלום עולם, مرحبا بالعالم, สวัสดีครับ",
            "Tiếng Việt có dấu, Nguyễn Văn A",
            "你好世界，电话号码 こんにちは世界 안녕하세요 세계",
            "Größe: schön • 21°C ™ ½ Ђ Љ Ў",
        ];
        let mut out: Vec<String> = clean.iter().map(|s| s.to_string()).collect();
        for text in clean {
            for page in PAGES {
                if let Some(bad) = moji(text, page.name) {
                    let cut: String = bad.chars().take(bad.chars().count() / 2).collect();
                    out.push(format!("{bad} {text}"));
                    out.push(cut);
                    out.push(bad);
                }
            }
        }
        out
    }

    #[test]
    fn the_scan_finds_every_page_that_reads_a_run() {
        let mut read = 0;
        for text in sample_texts() {
            let exact = readable_pages(&text);
            read += exact.count_ones();
            let scanned = super::super::utf8_runs::scan(&text, true).pages;
            assert_eq!(exact & !scanned, 0, "{text:?}");
            // And each run alone, as the repair asks it.
            let chars: Vec<char> = text.chars().collect();
            for (s, e) in runs(&chars) {
                let run = &chars[s..e];
                let mut scratch = Vec::new();
                for (i, page) in PAGES.iter().enumerate() {
                    if !decode_run(page, run, &mut scratch).is_empty() {
                        assert_ne!(super::super::utf8_runs::run_pages(run) & (1 << i), 0);
                    }
                }
            }
        }
        assert!(read > 50, "the texts are read at all");
    }

    #[test]
    fn the_scan_finds_texts_that_ftfys_pages_read_whole() {
        for text in sample_texts() {
            let whole = super::super::repair::REPAIR_CODE_PAGES.iter().any(|cp| {
                super::super::codecs::can_encode(cp, &text)
                    && super::super::codecs::Codec::SingleByte(cp)
                        .encode(&text)
                        .is_ok_and(|b| super::super::codecs::decode_utf8_for_repair(&b).1.is_ok())
            });
            if whole && !text.is_ascii() {
                assert!(
                    super::super::utf8_runs::scan(&text, false).under_ftfy,
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn leaves_clean_text() {
        for text in [
            "Привет, мир! Как дела?",
            "Zażółć gęślą jaźń",
            "běžet",
            "你好，世界",
            "こんにちは世界",
            "안녕하세요 세계",
            "สวัสดีครับ",
            "“quoted” — café",
            // Chinese and Japanese around ASCII names, as technical text writes them: `停止`
            // is GB18030 for two marks with no letter, `が` Big5 for `ư`.
            "停止postmaster进程，然后在单用户模式下清理数据库.",
            "serialnoがcert IDにありません",
            "restart_after_crashがoffであるためシャットダウンします",
            // A Cyrillic letter typed for a Latin one reads through Big5 as a letter of
            // transliteration (`ǵ`).
            "Зoo архива",
            // One ideograph stuck to a word of another script, in a line with none: `ščó` is
            // cp852 for the UTF-8 of `矢`, and `шка` (after a Latin `y` typed in the word)
            // cp866 for that of `誠`.
            "Kdo tam je? Ještě jiščó nepřišel.",
            "Эта девyшка читает книгу.",
        ] {
            assert!(repair(text).is_none(), "{text}");
        }
    }
}
