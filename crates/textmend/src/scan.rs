//! The clean-text fast path: one pass over a segment decides whether any fix could change it.
//!
//! Each character gets a set of flags ("may be mojibake", "HTML-relevant", "line break", ...,
//! "not stable under NFC"); the configuration turns the flags it cares about into a mask. A
//! segment with no masked flag and already in its normalization form is returned as it is,
//! borrowed, and inside the pipeline each fix runs only when its flag is present.
//!
//! The flags come from a generated two-level table ([`table`], built from
//! `char_entry_reference` and the Unicode normalization data by a test, see below), so
//! that classifying a character is a UTF-8 decode and two loads. ASCII, the bulk of most
//! text, is skipped 32 bytes at a time: only 37 of the 128 ASCII characters have a flag.
//!
//! Lossy recovery (`encoding::lossy`), on in the default configuration, has its own pre-test
//! ([`crate::encoding::may_need_repair`]), which looks at pairs of characters and at a line's
//! share of Latin letters. The table answers it for most lines in the same pass: a flag,
//! [`LOSSY_LEAD`], for the characters it starts from, a bit, [`LOSSY_MARK`], for those that
//! complete a suspect (with `?`, looked for at the line's end only where it matters), and
//! beside the flags a weight for the letters of other scripts, which can rule out a Latin
//! majority ([`lossy_ruled_out`]).
//!
//! Every fast path here has a plain char-by-char twin ([`reference`]) that the tests compare
//! it with on random text.

#[cfg(test)]
use crate::encoding::heuristic::may_trigger;
use crate::{Config, Normalization, UnescapeHtml};
#[cfg(test)]
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{
    is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick, IsNormalized,
};

#[path = "tables/scan_flags.rs"]
#[rustfmt::skip]
mod table;

/// May be (or start) mojibake: [`crate::encoding::heuristic::may_trigger`], C1 controls
/// included.
pub(crate) const ENCODING: u16 = 1 << 0;
/// A C1 control, U+0080..U+009F.
pub(crate) const C1: u16 = 1 << 1;
/// `&`, which may start an HTML entity.
pub(crate) const AMPERSAND: u16 = 1 << 2;
/// ESC, which may start a terminal escape.
pub(crate) const ESCAPE: u16 = 1 << 3;
/// A Latin ligature or digraph character.
pub(crate) const LIGATURE: u16 = 1 << 4;
/// A halfwidth or fullwidth form, or U+3000.
pub(crate) const WIDTH: u16 = 1 << 5;
/// A curly quote that `uncurl_quotes` straightens.
pub(crate) const QUOTE: u16 = 1 << 6;
/// CR, U+0085, U+2028, U+2029.
pub(crate) const LINE_BREAK: u16 = 1 << 7;
/// A control character that `remove_control_chars` deletes.
pub(crate) const CONTROL: u16 = 1 << 8;
/// `<`: with [`UnescapeHtml::Auto`], the text is probably HTML.
pub(crate) const LESS_THAN: u16 = 1 << 9;
/// Not "quick-check Yes with combining class 0" for NFC: only text with such a character
/// needs the full quick check. Likewise for the other three forms.
pub(crate) const NOT_NFC: u16 = 1 << 10;
pub(crate) const NOT_NFD: u16 = 1 << 11;
pub(crate) const NOT_NFKC: u16 = 1 << 12;
pub(crate) const NOT_NFKD: u16 = 1 << 13;
/// `\n`: no fix looks for it, but the pipeline finds line ends in the same pass.
pub(crate) const NEWLINE: u16 = 1 << 14;
/// A UTF-8 lead byte (C2..EF) in one of the code pages lossy recovery reads: a damaged
/// sequence can only start at such a character, so a line without one is never repaired
/// that way (see [`lossy_ruled_out`]). Accented Latin letters, most Cyrillic, Greek, Thai
/// and Hebrew letters; no ASCII, CJK, Arabic or punctuation.
pub(crate) const LOSSY_LEAD: u16 = 1 << 15;

/// Bit 16 of a table entry, above the 16 flags: the character may set off the mojibake
/// heuristic ([`crate::encoding::heuristic::is_noisy`]); a text without one is never
/// [`crate::encoding::heuristic::is_bad`].
pub(crate) const NOISY: u32 = 1 << 16;

/// Bit 17 of a table entry: a character that completes a suspect of lossy recovery's
/// pre-test (`encoding::lossy::has_suspect`): a lead byte that is one on its own (`â`, `โ`:
/// a quote or dash with its continuation bytes lost), a continuation byte in one of the
/// code pages lossy recovery reads (`©`, `’`, `Ž`), or U+FFFD. Every suspect is a lead byte
/// followed by `?` or by such a character, or is such a character: a line with a
/// [`LOSSY_LEAD`] but neither is ruled out all the same ([`lossy_ruled_out`]). Clean French,
/// Portuguese or German lines have none in most cases.
pub(crate) const LOSSY_MARK: u32 = 1 << 17;

/// The table holds, above the 16 flags, [`NOISY`] and [`LOSSY_MARK`], each character's
/// weight for the Latin-share bound: for a letter of a script other than Latin, its length
/// in UTF-8 plus one; 0 otherwise.
const WEIGHT_SHIFT: u32 = 18;

/// Lines longer than this are never ruled out by their weight: the share of Latin letters
/// that lossy recovery computes in `f32` is exact below it.
const MAX_WEIGHED_LINE: usize = 1 << 24;

/// Code points from here on have no flag (checked when the table is generated), so the
/// table stops here.
const TABLE_LIMIT: u32 = table::LIMIT;

/// The table's entry for a character, by definition: its flags, [`NOISY`], [`LOSSY_MARK`],
/// and above them its weight (see [`WEIGHT_SHIFT`]). The table is generated from this; it is
/// too slow for the scan itself.
#[cfg(test)]
pub(crate) fn char_entry_reference(c: char) -> u32 {
    let noisy = if crate::encoding::heuristic::is_noisy(c) {
        NOISY
    } else {
        0
    };
    let mark = if crate::encoding::is_lossy_mark(c) {
        LOSSY_MARK
    } else {
        0
    };
    char_flags_reference(c) as u32 | noisy | mark | char_weight_reference(c) << WEIGHT_SHIFT
}

/// A character's weight for the Latin-share bound, by definition: its UTF-8 length plus one
/// for a letter that lossy recovery counts as not Latin (an alphabetic character that is not
/// a Latin letter) in one of [`weighed_script`]'s blocks, 0 for any other character.
#[cfg(test)]
pub(crate) fn char_weight_reference(c: char) -> u32 {
    if weighed_script(c) && c.is_alphabetic() && !crate::encoding::is_latin_letter(c) {
        c.len_utf8() as u32 + 1
    } else {
        0
    }
}

/// The blocks whose letters have a weight: the scripts of the code pages lossy recovery
/// reads, whose letters are lead bytes there (Greek, Cyrillic, Hebrew, Thai), and Arabic,
/// kana, the CJK ideographs and Hangul, whose text those letters turn up in. Leaving a
/// script out only weakens the bound (its letters count as if they could be Latin); the
/// table keeps its blocks few enough for one byte to number them.
#[cfg(test)]
fn weighed_script(c: char) -> bool {
    matches!(
        c as u32,
        0x0370..=0x052F
            | 0x0590..=0x06FF
            | 0x0E00..=0x0E7F
            | 0x1F00..=0x1FFF
            | 0x3040..=0x30FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7AF
    )
}

/// The flags of a character, by definition.
#[cfg(test)]
pub(crate) fn char_flags_reference(c: char) -> u16 {
    let mut f = 0;
    if c.is_ascii() {
        let b = c as u8;
        f |= match b {
            b'\n' => NEWLINE,
            b'\t' | 0x0C => 0,
            b'\r' => LINE_BREAK,
            0x1B => ESCAPE | CONTROL,
            0x00..=0x1F | 0x7F => CONTROL,
            b'&' => AMPERSAND,
            b'<' => LESS_THAN,
            _ => 0,
        };
        return f;
    }
    if may_trigger(c) {
        f |= ENCODING;
    }
    if crate::encoding::is_lossy_lead(c) {
        f |= LOSSY_LEAD;
    }
    match c {
        '\u{80}'..='\u{9f}' => f |= C1 | if c == '\u{85}' { LINE_BREAK } else { 0 },
        'Ĳ' | 'ĳ' | 'ŉ' | 'Ǆ'..='ǌ' | 'Ǳ'..='ǳ' | 'ﬀ'..='ﬆ' => f |= LIGATURE,
        '\u{3000}' | '\u{ff01}'..='\u{ffef}' => f |= WIDTH,
        '\u{2bc}' | '\u{2018}'..='\u{201f}' => f |= QUOTE,
        '\u{2028}' | '\u{2029}' => f |= LINE_BREAK,
        '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffc}' => f |= CONTROL,
        _ => {}
    }
    let starter = canonical_combining_class(c) == 0;
    let one = || std::iter::once(c);
    let forms = [
        (NOT_NFC, is_nfc_quick(one())),
        (NOT_NFD, is_nfd_quick(one())),
        (NOT_NFKC, is_nfkc_quick(one())),
        (NOT_NFKD, is_nfkd_quick(one())),
    ];
    for (flag, quick) in forms {
        if !starter || quick != IsNormalized::Yes {
            f |= flag;
        }
    }
    f
}

/// The table's entry for a code point (flags and weight): 0 from [`TABLE_LIMIT`] on.
#[inline(always)]
fn lookup(cp: u32) -> u32 {
    if cp >= TABLE_LIMIT {
        return 0;
    }
    let block = table::INDEX[(cp >> table::SHIFT) as usize] as usize;
    table::BLOCKS[block][(cp & table::LOW_MASK) as usize]
}

/// The entries of U+0000..U+07FF, the characters of one or two bytes, in one level: a
/// two-byte character's code point indexes it directly, with no bounds check (it is below
/// 0x800 by construction), no index load and no limit test. Copied from the two-level table
/// by the compiler.
static TWO_BYTES: [u32; 0x800] = {
    let mut entries = [0u32; 0x800];
    let mut cp = 0;
    while cp < 0x800 {
        entries[cp] = if (cp as u32) < TABLE_LIMIT {
            table::BLOCKS[table::INDEX[cp >> table::SHIFT] as usize][cp & table::LOW_MASK as usize]
        } else {
            0
        };
        cp += 1;
    }
    entries
};

/// The table's blocks end to end, padded with empty ones to the 256 that a byte can
/// number, so that `block << SHIFT | low` indexes it with no bounds check. Copied from
/// the table by the compiler.
static FLAT_BLOCKS: [u32; 256 << table::SHIFT] = {
    let mut entries = [0u32; 256 << table::SHIFT];
    let mut block = 0;
    while block < table::BLOCKS.len() {
        let mut low = 0;
        while low < 1 << table::SHIFT {
            entries[(block << table::SHIFT) | low] = table::BLOCKS[block][low];
            low += 1;
        }
        block += 1;
    }
    entries
};

/// The flags of a character, from the table.
#[inline]
pub(crate) fn char_flags(c: char) -> u16 {
    lookup(c as u32) as u16
}

/// The table's entry for a character.
#[cfg(test)]
pub(crate) fn char_entry(c: char) -> u32 {
    lookup(c as u32)
}

/// The mask of the flags whose fixes the configuration turns on (normalization and `<` are
/// handled apart).
pub(crate) fn mask(config: &Config) -> u16 {
    let mut m = 0;
    if config.fix_encoding {
        m |= ENCODING | C1;
    }
    if config.fix_c1_controls {
        m |= C1;
    }
    if config.unescape_html != UnescapeHtml::Never {
        m |= AMPERSAND;
    }
    if config.remove_terminal_escapes {
        m |= ESCAPE;
    }
    if config.fix_latin_ligatures {
        m |= LIGATURE;
    }
    if config.fix_character_width {
        m |= WIDTH;
    }
    if config.uncurl_quotes {
        m |= QUOTE;
    }
    if config.fix_line_breaks {
        m |= LINE_BREAK;
    }
    if config.remove_control_chars {
        m |= CONTROL;
    }
    m
}

/// The flag of the characters that make text need a full check for `form`.
pub(crate) fn not_normalized_flag(form: Normalization) -> u16 {
    match form {
        Normalization::None => 0,
        Normalization::Nfc => NOT_NFC,
        Normalization::Nfd => NOT_NFD,
        Normalization::Nfkc => NOT_NFKC,
        Normalization::Nfkd => NOT_NFKD,
    }
}

/// Whether any of 32 bytes is one of the ASCII bytes that have a flag (a C0 control, `&`,
/// `<`, DEL) or is not ASCII. Written so that the compiler turns it into a few vector
/// instructions (SSE2 on any x86-64); no `unsafe` needed.
#[inline(always)]
fn chunk_needs_look(chunk: &[u8; 32]) -> bool {
    let mut any = 0u8;
    for &b in chunk {
        any |= (!(0x20..0x7F).contains(&b) | (b == b'&') | (b == b'<')) as u8;
    }
    any != 0
}

/// The same test on 8 bytes, as a word (SWAR): the high bit of each byte of the result is
/// set where the byte needs a look, and possibly on some bytes after it (borrows propagate
/// upwards only), never on a byte before the first that needs one.
#[inline(always)]
fn word_needs_look(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    #[inline(always)]
    fn has_zero(x: u64) -> u64 {
        x.wrapping_sub(ONES) & !x & HIGH
    }
    // Bytes below 0x20, and bytes at or above 0x7F (0x7F + 1 = 0x80 sets the high bit).
    let low = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let high = (w | (w & !HIGH).wrapping_add(ONES)) & HIGH;
    low | high | has_zero(w ^ (ONES * b'&' as u64)) | has_zero(w ^ (ONES * b'<' as u64))
}

/// Decodes the character that starts at `i` (not ASCII) and returns its entry and length.
/// `bytes` is valid UTF-8 and `i` a character boundary, so the continuation bytes exist;
/// the indexing below is checked all the same, and never fails.
#[inline(always)]
fn non_ascii_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = bytes[i] as usize;
    if b0 < 0xE0 {
        let cp = ((b0 & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
        (TWO_BYTES[cp], 2)
    } else if b0 < 0xF0 {
        // Below 0x10000, so below the table's limit, and its block's number is below
        // 1024, inside the index.
        // Both continuation bytes with one bounds check.
        let [b1, b2]: [u8; 2] = bytes[i + 1..i + 3].try_into().expect("2 bytes");
        let high = ((b0 & 0x0F) << 6) | (b1 as usize & 0x3F);
        let block = table::INDEX[high] as usize;
        (
            FLAT_BLOCKS[(block << table::SHIFT) | (b2 as usize & 0x3F)],
            3,
        )
    } else {
        let cp = ((b0 as u32 & 0x07) << 18)
            | ((bytes[i + 1] as u32 & 0x3F) << 12)
            | ((bytes[i + 2] as u32 & 0x3F) << 6)
            | (bytes[i + 3] as u32 & 0x3F);
        (lookup(cp), 4)
    }
}

/// The one scan: ORs the flags of the characters of `text` from the start, stopping (when
/// `STOP`) at the first character with a flag in `wanted`. Returns where it stopped (the
/// text's length if it did not) and the flags seen so far, that character's included.
#[inline(always)]
fn scan<const STOP: bool>(text: &str, wanted: u16) -> (usize, u32) {
    let (at, acc, _) = scan_weighing::<STOP, false>(text, wanted);
    (at, acc)
}

/// [`scan`], adding up the characters' weights too if `WEIGH` (0 if not).
#[inline(always)]
fn scan_weighing<const STOP: bool, const WEIGH: bool>(
    text: &str,
    wanted: u16,
) -> (usize, u32, u64) {
    let wanted = wanted as u32;
    let bytes = text.as_bytes();
    let len = bytes.len();
    let mut acc = 0u32;
    let mut weight = 0u64;
    let mut i = 0;
    loop {
        // Skip what has no flag: 32 bytes at a time, then 8.
        i = skip_quiet_ascii(bytes, i);
        // One character at a time until two ASCII characters in a row, the first without a
        // flag: likely the start of an ASCII run worth skipping wide. (Breaking at each
        // space between Cyrillic or Greek words would cost more than it saves.)
        while i < len {
            let b = bytes[i];
            let (f, n) = if b < 0x80 {
                (table::ASCII[b as usize], 1)
            } else {
                non_ascii_at(bytes, i)
            };
            acc |= f;
            if WEIGH {
                weight += (f >> WEIGHT_SHIFT) as u64;
            }
            if STOP && f & wanted != 0 {
                return (i, acc, weight);
            }
            i += n;
            if b < 0x80 && f == 0 && bytes.get(i).is_some_and(|&next| next < 0x80) {
                break;
            }
        }
        if i >= len {
            return (len, acc, weight);
        }
    }
}

/// The flags of every character of `text`, OR-ed.
pub(crate) fn flags(text: &str) -> u16 {
    scan::<false>(text, 0).1 as u16
}

/// The flags of every character of `text`, OR-ed, and whether any is [`NOISY`].
pub(crate) fn flags_and_noisy(text: &str) -> (u16, bool) {
    let acc = scan::<false>(text, 0).1;
    (acc as u16, acc & NOISY != 0)
}

/// What one pass tells of a text: the flags of its characters, whether any is [`NOISY`],
/// and whether it is one line that lossy recovery is ruled out for ([`lossy_ruled_out`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Facts {
    pub flags: u16,
    pub noisy: bool,
    /// `true` is a promise; `false` says nothing (a text of several lines is not judged).
    pub one_line_ruled_out: bool,
}

/// The [`Facts`] of `text`.
pub(crate) fn facts(text: &str) -> Facts {
    let (_, acc, weight) = scan_weighing::<false, true>(text, 0);
    let flags = acc as u16;
    let bytes = text.as_bytes();
    let one_line = flags & NEWLINE == 0
        || bytes.len() <= 1
        || memchr::memchr(b'\n', &bytes[..bytes.len() - 1]).is_none();
    Facts {
        flags,
        noisy: acc & NOISY != 0,
        one_line_ruled_out: one_line && lossy_ruled_out(bytes, acc, weight),
    }
}

/// The length of the first segment of `text` and the flags of its characters, in one pass:
/// the segment ends after the first `\n` or after `max_chars` characters (at least one),
/// whichever comes first, or at the end of the text.
///
/// The scan looks for the `\n` in windows of as many bytes as there are characters still
/// allowed (a window of n bytes holds at most n characters, so none can overshoot); when a
/// window has no `\n`, its characters are counted and the next window is what is left. So
/// a line up to `max_chars` bytes long is one window, and a longer one is scanned once,
/// never counted out character by character.
pub(crate) fn segment(text: &str, max_chars: usize) -> (usize, u16) {
    let found = segment_scan::<false>(text, max_chars);
    (found.len, found.flags)
}

/// What [`segment_scan`] reads of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Its length in bytes.
    pub len: usize,
    /// The flags of its characters.
    pub flags: u16,
    /// Whether any of them is [`NOISY`].
    pub noisy: bool,
    /// Whether lossy recovery's Latin pre-test is ruled out for it ([`lossy_ruled_out`]; a
    /// segment is at most one line).
    pub lossy_ruled_out: bool,
}

/// [`segment`], saying too whether a character of the segment is [`NOISY`] and, if
/// `WEIGH`, whether it rules out lossy recovery's Latin pre-test (else `lossy_ruled_out` is
/// `false`, which says nothing).
pub(crate) fn segment_scan<const WEIGH: bool>(text: &str, max_chars: usize) -> Segment {
    let mut left = max_chars.max(1);
    let mut start = 0usize;
    let mut flags = 0u32;
    let mut weight = 0u64;
    loop {
        // The window holds the characters that start in the next `left` bytes.
        let mut end = start.saturating_add(left).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let window = &text[start..end];
        let (at, f, w) = scan_weighing::<true, WEIGH>(window, NEWLINE);
        flags |= f;
        weight += w;
        let done = |len: usize| Segment {
            len,
            flags: flags as u16,
            noisy: flags & NOISY != 0,
            lossy_ruled_out: WEIGH
                && lossy_ruled_out_asking(len, flags, weight, || {
                    memchr::memchr(b'?', &text.as_bytes()[..len]).is_some()
                }),
        };
        if at < window.len() {
            return done(start + at + 1);
        }
        if end == text.len() {
            return done(end);
        }
        left -= window.chars().count();
        start = end;
        if left == 0 {
            return done(end);
        }
    }
}

/// The byte offset of the first character of `text` with a flag in `wanted`.
pub(crate) fn find(text: &str, wanted: u16) -> Option<usize> {
    let (at, _) = scan::<true>(text, wanted);
    (at < text.len()).then_some(at)
}

/// The position of the first byte of `bytes` beyond ASCII, or `bytes.len()`: 32 bytes at a
/// time while they are all ASCII (the compiler makes a few vector instructions of that), then
/// eight ([`skip_ascii_words`]).
pub(crate) fn first_non_ascii(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 32) {
        if chunk.iter().fold(0u8, |acc, &b| acc | b) >= 0x80 {
            break;
        }
        at += 32;
    }
    next_non_ascii(bytes, at)
}

/// From byte `i` (at most `bytes.len()`), the position of the next byte beyond ASCII, or
/// `bytes.len()`: eight bytes at a time ([`skip_ascii_words`]), then the last few one by one.
#[inline(always)]
pub(crate) fn next_non_ascii(bytes: &[u8], i: usize) -> usize {
    let mut at = skip_ascii_words(bytes, i);
    while bytes.get(at).is_some_and(u8::is_ascii) {
        at += 1;
    }
    at
}

/// From byte `i`, eight bytes at a time while they are all ASCII: the first byte beyond
/// ASCII of the first word that has one (found by its high bit), or where fewer than eight
/// bytes are left, which the caller reads one by one.
#[inline(always)]
pub(crate) fn skip_ascii_words(bytes: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while i + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        if word & HIGH != 0 {
            return i + ((word & HIGH).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// Whether the characters of a line rule out lossy recovery's pre-test
/// ([`crate::encoding::may_need_repair`]) on it: `true` is a promise that it is false. `len`
/// is the line's length in bytes, `flags` its flags and `weight` the sum of its characters'
/// weights.
///
/// Without a [`LOSSY_LEAD`] character no damaged sequence can start, and without a
/// [`LOSSY_MARK`] character or a `?` none is a suspect (the one ASCII character that can
/// complete one is looked for last, in the line's bytes). Otherwise the pre-test
/// wants at least as many Latin letters as letters of other scripts; each Latin letter takes
/// at least a byte outside the other letters, so with `L` Latin letters and `O` others of `B`
/// bytes in all, `len >= B + L`, while `weight = B + O`: when `len < weight`, `L < O`.
///
/// `flags` are the characters' table entries OR-ed (flags, [`NOISY`], [`LOSSY_MARK`]).
#[inline]
pub(crate) fn lossy_ruled_out(line: &[u8], flags: u32, weight: u64) -> bool {
    lossy_ruled_out_asking(line.len(), flags, weight, || {
        memchr::memchr(b'?', line).is_some()
    })
}

/// [`lossy_ruled_out`] for a line of `len` bytes, asking `has_question` whether it has a
/// `?` only when the answer matters (the passes call it at every line's end).
#[inline(always)]
fn lossy_ruled_out_asking(
    len: usize,
    flags: u32,
    weight: u64,
    has_question: impl FnOnce() -> bool,
) -> bool {
    flags as u16 & LOSSY_LEAD == 0
        || (len <= MAX_WEIGHED_LINE && (len as u64) < weight)
        || (flags & LOSSY_MARK == 0 && !has_question())
}

/// [`lossy_ruled_out`] for one line (the pass of [`skip_clean_lines`]).
pub(crate) fn lossy_ruled_out_for(line: &str) -> bool {
    skip_clean_lines(line, 0, usize::MAX) == line.len()
}

/// The first byte from `i` on that needs a look (`bytes.len()` if none): ASCII without a
/// flag is skipped 32 bytes at a time, then 8; the byte returned may still need nothing.
#[inline]
fn skip_quiet_ascii(bytes: &[u8], mut i: usize) -> usize {
    let len = bytes.len();
    while i + 32 <= len {
        let chunk: &[u8; 32] = bytes[i..i + 32].try_into().expect("32 bytes");
        if chunk_needs_look(chunk) {
            break;
        }
        i += 32;
    }
    while i + 8 <= len {
        let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let look = word_needs_look(word);
        if look != 0 {
            return i + (look.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// Where the first line of `text` that may need a look starts, for a configuration whose
/// only repair beyond ftfy is lossy recovery: the lines before it have no flag in `wanted`
/// and are ruled out for lossy recovery ([`lossy_ruled_out`]), so they come out as they went
/// in, and one pass skips them all. `text.len()` if every line is such. A line longer than
/// `max_line` bytes (it is cut into segments, each tested on its own) is ruled out only if
/// it has no [`LOSSY_LEAD`] character at all.
pub(crate) fn skip_clean_lines(text: &str, wanted: u16, max_line: usize) -> usize {
    skip_lines::<false>(text, wanted, max_line).line_start
}

/// [`skip_clean_lines`], telling why it stopped: at a character with a flag in `wanted`
/// (its flags, returned, have one), or at the end of a line that lossy recovery does not
/// rule out (`Stop::line_end` is that end, and the flags have none in `wanted`).
pub(crate) fn skip_clean_lines_why(text: &str, wanted: u16, max_line: usize) -> Stop {
    skip_lines::<false>(text, wanted, max_line)
}

/// What [`skip_clean_lines_ruling`] read of the line it stopped at, so that the segment
/// scan need not read it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stop {
    /// Where the line starts (`text.len()` if every line was skipped).
    pub line_start: usize,
    /// Where the line ends: after its `\n`, or at the end of the text.
    pub line_end: usize,
    /// The flags of the line's characters.
    pub flags: u16,
    /// Whether any of them is [`NOISY`].
    pub noisy: bool,
    /// Whether the line rules out lossy recovery's Latin pre-test ([`lossy_ruled_out`], a
    /// line longer than the limit weighed as nothing); `false` where the pass skipped every
    /// line, or stopped at a character rather than at a line's end.
    pub lossy_ruled_out: bool,
}

impl Stop {
    /// The line the pass stopped at, as the segment scan would read it whole.
    pub(crate) fn line(&self) -> Segment {
        Segment {
            len: self.line_end - self.line_start,
            flags: self.flags,
            noisy: self.noisy,
            lossy_ruled_out: self.lossy_ruled_out,
        }
    }
}

/// [`skip_clean_lines`], reading the line it stops at to its end (rather than stopping at
/// the first character with a flag in `wanted`) and returning its end and flags, and
/// whether it rules out lossy recovery's Latin pre-test: the segment scan then has nothing
/// left to read on a line of at most the limit's length.
#[inline(never)]
pub(crate) fn skip_clean_lines_ruling(text: &str, wanted: u16, max_line: usize) -> Stop {
    #[cfg(target_arch = "x86_64")]
    if let Some(stop) = wide::skip_lines_whole(text, wanted, max_line) {
        return stop;
    }
    skip_lines::<true>(text, wanted, max_line)
}

/// The pass of [`skip_clean_lines`]. With `WHOLE_LINE`, a line is judged at its end, from
/// the flags of all its characters, and the one that needs a look is read to its end;
/// without, the pass stops at the first character with a flag in `wanted`, and returns
/// instead of the line's end and flags that character's offset and flags (so the flags
/// have one in `wanted` only if that is why it stopped).
#[inline(always)]
fn skip_lines<const WHOLE_LINE: bool>(text: &str, wanted: u16, max_line: usize) -> Stop {
    skip_lines_from::<WHOLE_LINE>(text, wanted, max_line, 0, 0, 0, 0)
}

/// [`skip_lines`], taken up at `i` (a character boundary) inside the line that starts at
/// `line_start`, whose characters before `i` have the entries OR-ed in `flags` and the
/// weights `weight`.
#[inline(always)]
fn skip_lines_from<const WHOLE_LINE: bool>(
    text: &str,
    wanted: u16,
    max_line: usize,
    mut line_start: usize,
    mut i: usize,
    mut flags: u32,
    mut weight: u64,
) -> Stop {
    let wanted = wanted as u32;
    let ruled_out = |start: usize, end: usize, flags: u32, weight: u64| {
        let len = end - start;
        let weight = if len <= max_line { weight } else { 0 };
        lossy_ruled_out_asking(len, flags, weight, || {
            memchr::memchr(b'?', &text.as_bytes()[start..end]).is_some()
        })
    };
    let needs_look = |start: usize, end: usize, flags: u32, weight: u64| {
        (WHOLE_LINE && flags & wanted != 0) || !ruled_out(start, end, flags, weight)
    };
    let bytes = text.as_bytes();
    let len = bytes.len();
    // The line being scanned: where it starts (`line_start`), and the flags and weight of
    // its characters so far (ASCII characters have no weight; the quiet ASCII skipped wide
    // has no flag).
    let stop = |line_start: usize, line_end: usize, flags: u32, lossy_ruled_out: bool| Stop {
        line_start,
        line_end,
        flags: flags as u16,
        noisy: flags & NOISY != 0,
        lossy_ruled_out,
    };
    // The skeleton of `scan`, with the line's end handled on the way: non-ASCII characters
    // are decoded in a loop of their own, since runs of them are what this pass adds work to.
    loop {
        i = skip_quiet_ascii(bytes, i);
        while i < len {
            let b = bytes[i];
            if b >= 0x80 {
                let (f, n) = non_ascii_at(bytes, i);
                if !WHOLE_LINE && f & wanted != 0 {
                    return stop(line_start, i, f, false);
                }
                flags |= f;
                weight += (f >> WEIGHT_SHIFT) as u64;
                i += n;
                continue;
            }
            let f = table::ASCII[b as usize];
            if !WHOLE_LINE && f & wanted != 0 {
                return stop(line_start, i, f, false);
            }
            flags |= f;
            i += 1;
            if f & NEWLINE as u32 != 0 {
                if needs_look(line_start, i, flags, weight) {
                    let ruled = ruled_out(line_start, i, flags, weight);
                    return stop(line_start, i, flags, ruled);
                }
                // The line needs nothing: the next one starts.
                line_start = i;
                flags = 0;
                weight = 0;
            } else if f == 0 && bytes.get(i).is_some_and(|&next| next < 0x80) {
                break;
            }
        }
        if i >= len {
            break;
        }
    }
    if line_start < len && needs_look(line_start, len, flags, weight) {
        let ruled = ruled_out(line_start, len, flags, weight);
        stop(line_start, len, flags, ruled)
    } else {
        stop(len, len, 0, false)
    }
}

/// The table's entry for a code point, in constant code: what the vector pass's tables
/// are built from.
#[cfg(target_arch = "x86_64")]
const fn const_entry(cp: u32) -> u32 {
    if cp >= TABLE_LIMIT {
        return 0;
    }
    table::BLOCKS[table::INDEX[(cp >> table::SHIFT) as usize] as usize]
        [(cp & table::LOW_MASK) as usize]
}

/// The code points below U+0800 and those of U+3000..U+30FF (CJK punctuation and kana),
/// in one level: a code point below U+0800 indexes it directly, one of the second range
/// at `SMALL_KANA + cp - 0x3000`. Copied from the table by the compiler.
#[cfg(target_arch = "x86_64")]
static SMALL: [u32; 0x900] = {
    let mut entries = [0u32; 0x900];
    let mut k = 0;
    while k < 0x900 {
        entries[k] = if k < 0x800 {
            const_entry(k as u32)
        } else {
            const_entry((k - SMALL_KANA) as u32 + 0x3000)
        };
        k += 1;
    }
    entries
};

/// Where U+3000 is in [`SMALL`].
#[cfg(target_arch = "x86_64")]
const SMALL_KANA: usize = 0x800;

/// Ranges of three-byte code points whose entries are all alike (checked when the crate is
/// compiled): the CJK unified ideographs and the Hangul syllables, the bulk of Chinese,
/// Japanese and Korean text. The vector pass counts them instead of looking them up.
#[cfg(target_arch = "x86_64")]
const UNIFORM: [(u16, u16); 2] = [(0x4E00, 0x9FFF), (0xAC00, 0xD7A3)];

/// The entry that each range of [`UNIFORM`] has for all its code points.
#[cfg(target_arch = "x86_64")]
const UNIFORM_ENTRIES: [u32; 2] = {
    let mut entries = [0u32; 2];
    let mut k = 0;
    while k < UNIFORM.len() {
        let (first, last) = UNIFORM[k];
        entries[k] = const_entry(first as u32);
        let mut cp = first as u32;
        while cp <= last as u32 {
            assert!(
                const_entry(cp) == entries[k],
                "a UNIFORM range is not uniform"
            );
            cp += 1;
        }
        k += 1;
    }
    entries
};

/// The blocks' numbers of the code points below U+10000 (see [`table::INDEX`]), each times
/// the size of a block, as 32-bit numbers: what the vector pass gathers, so that a block's
/// offset in [`FLAT_BLOCKS`] is one OR away. Copied from the index by the compiler.
#[cfg(target_arch = "x86_64")]
static BLOCK_OFFSETS: [u32; 0x400] = {
    let mut offsets = [0u32; 0x400];
    let mut high = 0;
    while high < 0x400 {
        offsets[high] = (table::INDEX[high] as u32) << table::SHIFT;
        high += 1;
    }
    offsets
};

/// [`skip_clean_lines_ruling`] 32 bytes at a time with AVX2, on x86-64 processors that
/// have it (checked at run time; elsewhere the scalar pass runs).
///
/// Each byte of a 32-byte chunk is read as the start of a character: from it and the two
/// bytes after it (loaded at offsets 1 and 2), the code point it would start, for ASCII and
/// for lead bytes of two and three bytes, in 16-bit lanes. Only the lanes that start a
/// character and are not quiet ASCII (no flag, no weight) count: continuation bytes give
/// nothing, so a character is counted once, in the chunk where it starts, wherever the
/// chunk's bounds fall. Their entries are gathered from the table: in one level
/// ([`SMALL`]) below U+0800 and for CJK punctuation and kana; counted, not looked up, for
/// the CJK ideographs and Hangul syllables ([`UNIFORM`]); in two levels
/// ([`BLOCK_OFFSETS`] then [`FLAT_BLOCKS`]) for a half chunk with any other three-byte
/// character. The entries are OR-ed and their weights added lane by lane until the line's
/// end, where the lanes are folded and the line judged as in the scalar pass. A line's end
/// cuts the chunk: the next one starts after the `\n`. Four-byte characters, rare, are
/// looked up one by one; chunks of quiet ASCII are skipped whole; the last bytes, too few
/// for a chunk and the two bytes after it, go to the scalar pass, which takes the line up
/// where this one left it.
///
/// Every `unsafe` here is a load from an array that holds the bytes read, a gather whose
/// indices are clamped to the table's length just before it, or the call into the AVX2
/// code after the processor was found to have it.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod wide {
    use super::*;
    use std::arch::x86_64::*;

    /// [`skip_clean_lines_ruling`], if the processor has AVX2 (and BMI1 and POPCNT,
    /// which all processors with AVX2 have).
    #[inline]
    pub(super) fn skip_lines_whole(text: &str, wanted: u16, max_line: usize) -> Option<Stop> {
        if !(std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("bmi1")
            && std::is_x86_feature_detected!("popcnt"))
        {
            return None;
        }
        // SAFETY: the processor has AVX2, BMI1 and POPCNT, checked just above.
        Some(unsafe { skip_lines_whole_avx2(text, wanted, max_line) })
    }

    /// A chunk and the two bytes after it.
    type Window = [u8; 34];

    /// The 16 bytes of `window` from `AT`.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn load16<const AT: usize>(window: &Window) -> __m128i {
        let bytes: &[u8; 16] = window[AT..AT + 16].try_into().expect("16 bytes");
        // SAFETY: `bytes` is 16 bytes that can be read; the load needs no alignment.
        unsafe { _mm_loadu_si128(bytes.as_ptr().cast()) }
    }

    /// The entries of `table` at the indices of the lanes of `index` that `mask` selects
    /// (high bit set), 0 in the others. An index past the end reads the last entry.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn gather<const N: usize>(table: &[u32; N], index: __m256i, mask: __m256i) -> __m256i {
        let index = _mm256_min_epu32(index, _mm256_set1_epi32(N as i32 - 1));
        // SAFETY: every lane of `index` is at most N - 1 (clamped just above), so a lane
        // that the mask selects reads an entry of `table`; the others read nothing.
        unsafe {
            _mm256_mask_i32gather_epi32::<4>(
                _mm256_setzero_si256(),
                table.as_ptr().cast(),
                index,
                mask,
            )
        }
    }

    /// The lanes of `v` OR-ed.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn fold_or(v: __m256i) -> u32 {
        let x = _mm_or_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
        let x = _mm_or_si128(x, _mm_shuffle_epi32::<0b01_00_11_10>(x));
        let x = _mm_or_si128(x, _mm_shuffle_epi32::<0b10_11_00_01>(x));
        _mm_cvtsi128_si32(x) as u32
    }

    /// The lanes of `v` added, as 64-bit numbers.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn fold_sum(v: __m256i) -> u64 {
        let wide = _mm256_add_epi64(
            _mm256_cvtepu32_epi64(_mm256_castsi256_si128(v)),
            _mm256_cvtepu32_epi64(_mm256_extracti128_si256::<1>(v)),
        );
        let x = _mm_add_epi64(
            _mm256_castsi256_si128(wide),
            _mm256_extracti128_si256::<1>(wide),
        );
        (_mm_cvtsi128_si64(x) as u64).wrapping_add(_mm_extract_epi64::<1>(x) as u64)
    }

    /// Lanes (16-bit) of `cp` from `first` to `first + span`.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn within(cp: __m256i, first: u16, span: u16) -> __m256i {
        let from = _mm256_sub_epi16(cp, _mm256_set1_epi16(first as i16));
        _mm256_cmpeq_epi16(_mm256_min_epu16(from, _mm256_set1_epi16(span as i16)), from)
    }

    /// What the characters that start in 16 bytes of a chunk add to their line: entries to
    /// OR and weights to add, by lane, and the same for the characters counted, not looked
    /// up ([`UNIFORM`]).
    struct Half {
        entries: [__m256i; 2],
        flags: u32,
        weight: u64,
    }

    /// The characters that start in the 16 bytes `b0` (and that `b1` and `b2` follow, one
    /// and two bytes on) at the lanes `needed` selects (a byte lane, all ones or zero, for
    /// each): one level of table if `three` is false (then no lane selected is a three-byte
    /// lead). Lanes of four-byte leads must not be selected.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn half(b0: __m128i, b1: __m128i, b2: __m128i, needed: __m128i, three: bool) -> Half {
        let b0 = _mm256_cvtepu8_epi16(b0);
        let low6 = _mm256_set1_epi16(0x3F);
        let t1 = _mm256_and_si256(_mm256_cvtepu8_epi16(b1), low6);
        // A two-byte character's code point; an ASCII byte is its own.
        let cp2 = _mm256_or_si256(
            _mm256_slli_epi16::<6>(_mm256_and_si256(b0, _mm256_set1_epi16(0x1F))),
            t1,
        );
        let mut cp = _mm256_blendv_epi8(b0, cp2, _mm256_cmpgt_epi16(b0, _mm256_set1_epi16(0x7F)));
        let mut flags = 0;
        let mut weight = 0;
        let mut two_levels = false;
        let mut index = cp;
        let mut needed16 = _mm256_cvtepi8_epi16(needed);
        if three {
            // In 16 bits the lead's top four bits shift out.
            let cp3 = _mm256_or_si256(
                _mm256_or_si256(_mm256_slli_epi16::<12>(b0), _mm256_slli_epi16::<6>(t1)),
                _mm256_and_si256(_mm256_cvtepu8_epi16(b2), low6),
            );
            cp = _mm256_blendv_epi8(cp, cp3, _mm256_cmpgt_epi16(b0, _mm256_set1_epi16(0xDF)));
            index = cp;
            let small = within(cp, 0, 0x7FF);
            let kana = within(cp, 0x3000, 0xFF);
            let mut counted = _mm256_setzero_si256();
            for (&(first, last), &entry) in UNIFORM.iter().zip(&UNIFORM_ENTRIES) {
                let these = _mm256_and_si256(within(cp, first, last - first), needed16);
                // Two bits of the mask for each 16-bit lane.
                let count = _mm256_movemask_epi8(these).count_ones() / 2;
                if count != 0 {
                    flags |= entry;
                    weight += (count * (entry >> WEIGHT_SHIFT)) as u64;
                }
                counted = _mm256_or_si256(counted, these);
            }
            // The lanes still to look up.
            needed16 = _mm256_andnot_si256(counted, needed16);
            let one_level = _mm256_or_si256(small, kana);
            if _mm256_movemask_epi8(_mm256_andnot_si256(one_level, needed16)) != 0 {
                two_levels = true;
            } else {
                let kana_index = _mm256_add_epi16(
                    cp,
                    _mm256_set1_epi16((SMALL_KANA as i16).wrapping_sub(0x3000)),
                );
                index = _mm256_blendv_epi8(kana_index, cp, small);
            }
        }
        let lanes = |v: __m256i| {
            [
                _mm256_cvtepu16_epi32(_mm256_castsi256_si128(v)),
                _mm256_cvtepu16_epi32(_mm256_extracti128_si256::<1>(v)),
            ]
        };
        let masks = [
            _mm256_cvtepi16_epi32(_mm256_castsi256_si128(needed16)),
            _mm256_cvtepi16_epi32(_mm256_extracti128_si256::<1>(needed16)),
        ];
        let mut entries = [_mm256_setzero_si256(); 2];
        if two_levels {
            let cps = lanes(cp);
            for k in 0..2 {
                let block = gather(&BLOCK_OFFSETS, _mm256_srli_epi32::<6>(cps[k]), masks[k]);
                let low = _mm256_and_si256(cps[k], _mm256_set1_epi32(0x3F));
                entries[k] = gather(&FLAT_BLOCKS, _mm256_or_si256(block, low), masks[k]);
            }
        } else if !three || _mm256_movemask_epi8(needed16) != 0 {
            let indices = lanes(index);
            for k in 0..2 {
                entries[k] = gather(&SMALL, indices[k], masks[k]);
            }
        }
        Half {
            entries,
            flags,
            weight,
        }
    }

    #[target_feature(enable = "avx2,bmi1,popcnt")]
    fn skip_lines_whole_avx2(text: &str, wanted: u16, max_line: usize) -> Stop {
        let bytes = text.as_bytes();
        let len = bytes.len();
        let ruled_out = |start: usize, end: usize, flags: u32, weight: u64| {
            let len = end - start;
            let weight = if len <= max_line { weight } else { 0 };
            lossy_ruled_out_asking(len, flags, weight, || {
                memchr::memchr(b'?', &text.as_bytes()[start..end]).is_some()
            })
        };
        let needs_look = |start: usize, end: usize, flags: u32, weight: u64| {
            flags & wanted as u32 != 0 || !ruled_out(start, end, flags, weight)
        };
        let mut line_start = 0;
        let mut i = 0;
        // The line's characters that start before `i`: their entries OR-ed and their
        // weights added, lane by lane (`or`, `sum`), and those of the characters counted
        // or looked up one by one (`flags`, `weight`).
        let mut or = _mm256_setzero_si256();
        let mut sum = _mm256_setzero_si256();
        let mut flags = 0u32;
        let mut weight = 0u64;
        let lanes = _mm256_setr_epi8(
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
            24, 25, 26, 27, 28, 29, 30, 31,
        );
        while let Some(window) = bytes.get(i..i + 34) {
            let window: &Window = window.try_into().expect("34 bytes");
            let low = load16::<0>(window);
            let high = load16::<16>(window);
            let chunk = _mm256_set_m128i(high, low);
            let splat = |b: u8| _mm256_set1_epi8(b as i8);
            // Bytes that need a look (see `chunk_needs_look`): below 0x20 or not ASCII
            // (signed, below 0x20), DEL, `&`, `<`.
            let look = _mm256_or_si256(
                _mm256_or_si256(
                    _mm256_cmpgt_epi8(splat(0x20), chunk),
                    _mm256_cmpeq_epi8(chunk, splat(0x7F)),
                ),
                _mm256_or_si256(
                    _mm256_cmpeq_epi8(chunk, splat(b'&')),
                    _mm256_cmpeq_epi8(chunk, splat(b'<')),
                ),
            );
            let look_bits = _mm256_movemask_epi8(look) as u32;
            if look_bits == 0 {
                i += 32;
                continue;
            }
            let newline = _mm256_movemask_epi8(_mm256_cmpeq_epi8(chunk, splat(b'\n'))) as u32;
            // The chunk's bytes that belong to the line: up to its `\n`.
            let take = if newline != 0 {
                newline.trailing_zeros() as usize + 1
            } else {
                32
            };
            let line_bytes = u32::MAX >> (32 - take);
            if look_bits & line_bytes == newline & line_bytes {
                // Quiet ASCII up to a `\n`.
                flags |= NEWLINE as u32;
            } else {
                let non_ascii = _mm256_movemask_epi8(chunk) as u32 & line_bytes;
                // Signed, lead bytes from 0xE0 and from 0xF0 are at least -32 and -16.
                let from_e0 = _mm256_cmpgt_epi8(chunk, splat(0xDF));
                let from_f0 = _mm256_cmpgt_epi8(chunk, splat(0xEF));
                let three = _mm256_movemask_epi8(from_e0) as u32 & non_ascii;
                let four = _mm256_movemask_epi8(from_f0) as u32 & non_ascii;
                // The lanes whose characters count: those that start one (ASCII or a lead
                // byte: signed, above -65) before the line's end, and are not quiet ASCII;
                // four-byte ones aside.
                let mut needed = _mm256_and_si256(
                    _mm256_and_si256(_mm256_cmpgt_epi8(chunk, splat(0xBF)), look),
                    _mm256_cmpgt_epi8(_mm256_set1_epi8(take as i8), lanes),
                );
                if four != 0 {
                    needed = _mm256_andnot_si256(
                        _mm256_and_si256(from_f0, _mm256_cmpgt_epi8(_mm256_setzero_si256(), chunk)),
                        needed,
                    );
                    let mut left = four;
                    while left != 0 {
                        let at = i + left.trailing_zeros() as usize;
                        let (f, _) = non_ascii_at(bytes, at);
                        flags |= f;
                        weight += (f >> WEIGHT_SHIFT) as u64;
                        left &= left - 1;
                    }
                }
                let halves = [
                    half(
                        low,
                        load16::<1>(window),
                        load16::<2>(window),
                        _mm256_castsi256_si128(needed),
                        three & 0xFFFF != 0,
                    ),
                    half(
                        high,
                        load16::<17>(window),
                        load16::<18>(window),
                        _mm256_extracti128_si256::<1>(needed),
                        three >> 16 != 0,
                    ),
                ];
                let w = |e: __m256i| _mm256_srli_epi32::<{ WEIGHT_SHIFT as i32 }>(e);
                for h in &halves {
                    let [e0, e1] = h.entries;
                    or = _mm256_or_si256(or, _mm256_or_si256(e0, e1));
                    sum = _mm256_add_epi32(sum, _mm256_add_epi32(w(e0), w(e1)));
                    flags |= h.flags;
                    weight += h.weight;
                }
            }
            i += take;
            if newline != 0 {
                let line_flags = flags | fold_or(or);
                let line_weight = weight + fold_sum(sum);
                if needs_look(line_start, i, line_flags, line_weight) {
                    return Stop {
                        line_start,
                        line_end: i,
                        flags: line_flags as u16,
                        noisy: line_flags & NOISY != 0,
                        lossy_ruled_out: ruled_out(line_start, i, line_flags, line_weight),
                    };
                }
                line_start = i;
                or = _mm256_setzero_si256();
                sum = _mm256_setzero_si256();
                flags = 0;
                weight = 0;
            }
        }
        // The rest, from the first character that starts at or after `i`.
        while i < len && (bytes[i] as i8) < -64 {
            i += 1;
        }
        skip_lines_from::<true>(
            text,
            wanted,
            max_line,
            line_start,
            i,
            flags | fold_or(or),
            weight + fold_sum(sum),
        )
    }
}

/// [`segment`] for a `text` whose first line, `line_end` bytes long with its `\n`, has the
/// scan flags `flags` ([`skip_clean_lines_ruling`] read it): the same result, without
/// reading a line of at most `max_chars` bytes again.
pub(crate) fn segment_after(
    text: &str,
    line_end: usize,
    flags: u16,
    max_chars: usize,
) -> (usize, u16) {
    // A line of at most `max_chars` bytes has at most as many characters: it is the segment.
    if line_end <= max_chars.max(1) {
        (line_end, flags)
    } else {
        segment(text, max_chars)
    }
}

/// Whether any fix the configuration turns on could change `text`. `false` is a promise:
/// the full pipeline would return the text unchanged.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn needs_work(text: &str, config: &Config) -> bool {
    needs_work_with(text, flags(text), config)
}

/// [`needs_work`] for a text whose flags are known.
pub(crate) fn needs_work_with(text: &str, flags: u16, config: &Config) -> bool {
    flags & mask(config) != 0
        || (flags & not_normalized_flag(config.normalization) != 0
            && !is_normalized(text, config.normalization))
}

/// The normalization quick check, for text that has a character that is not plainly stable.
pub(crate) fn is_normalized(text: &str, form: Normalization) -> bool {
    let quick = match form {
        Normalization::None => return true,
        Normalization::Nfc => is_nfc_quick(text.chars()),
        Normalization::Nfd => is_nfd_quick(text.chars()),
        Normalization::Nfkc => is_nfkc_quick(text.chars()),
        Normalization::Nfkd => is_nfkd_quick(text.chars()),
    };
    quick == IsNormalized::Yes
}

/// Whether `text` has any character that could make it mojibake (see
/// [`crate::encoding::heuristic::may_trigger`]); C1 controls included.
pub(crate) fn may_be_mojibake(text: &str) -> bool {
    find(text, ENCODING).is_some()
}

/// The plain versions of the scans, one character at a time through
/// [`char_flags_reference`]: what the fast ones must agree with.
#[cfg(test)]
pub(crate) mod reference {
    use super::*;

    /// The first segment of `text`: up to and with its first `\n`, but at most `max`
    /// characters (at least one).
    pub fn segment(text: &str, max: usize) -> &str {
        let mut end = 0;
        for (count, c) in text.chars().enumerate() {
            if count == max.max(1) {
                break;
            }
            end += c.len_utf8();
            if c == '\n' {
                break;
            }
        }
        &text[..end]
    }

    pub fn flags(text: &str) -> u16 {
        text.chars().fold(0, |acc, c| acc | char_flags_reference(c))
    }

    /// The characters' whole table entries, OR-ed (weights aside).
    pub fn entries(text: &str) -> u32 {
        text.chars().fold(0, |acc, c| acc | char_entry_reference(c)) & ((1 << WEIGHT_SHIFT) - 1)
    }

    pub fn weight(text: &str) -> u64 {
        text.chars().map(|c| char_weight_reference(c) as u64).sum()
    }

    /// `skip_clean_lines` line by line.
    pub fn skip_clean_lines(text: &str, wanted: u16, max_line: usize) -> usize {
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let weight = if line.len() <= max_line {
                weight(line)
            } else {
                0
            };
            if flags(line) & wanted != 0 || !lossy_ruled_out(line.as_bytes(), entries(line), weight)
            {
                return start;
            }
            start += line.len();
        }
        text.len()
    }

    pub fn find(text: &str, wanted: u16) -> Option<usize> {
        text.char_indices()
            .find(|&(_, c)| char_flags_reference(c) & wanted != 0)
            .map(|(i, _)| i)
    }

    /// `needs_work` as it was before the table: flags through `char_flags_reference`,
    /// then the full quick check of the normalization form.
    pub fn needs_work(text: &str, config: &Config) -> bool {
        flags(text) & mask(config) != 0
            || (!text.is_ascii() && !is_normalized(text, config.normalization))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_non_ascii_is_the_first_byte_beyond_ascii() {
        for len in 0..100 {
            let ascii = "a".repeat(len);
            assert_eq!(first_non_ascii(ascii.as_bytes()), len);
            for at in 0..len {
                let mut bytes = ascii.clone().into_bytes();
                bytes[at] = 0xC3;
                assert_eq!(first_non_ascii(&bytes), at);
                for from in 0..=len {
                    let expected = if from <= at { at } else { len };
                    assert_eq!(next_non_ascii(&bytes, from), expected, "{len} {at} {from}");
                }
            }
        }
    }

    /// Writes the table's source from [`char_entry_reference`].
    fn table_source() -> String {
        const SHIFT: u32 = 6;
        const BLOCK: usize = 1 << SHIFT;
        let flags: Vec<u32> = (0..0x11_0000u32)
            .map(|u| char::from_u32(u).map_or(0, char_entry_reference))
            .collect();
        // The table ends after the last block with an entry.
        let last = flags.iter().rposition(|&f| f != 0).unwrap_or(0) as u32;
        let limit = (last / BLOCK as u32 + 1) * BLOCK as u32;
        let mut blocks: Vec<&[u32]> = Vec::new();
        let mut index = Vec::new();
        for block in flags[..limit as usize].chunks(BLOCK) {
            let id = match blocks.iter().position(|b| *b == block) {
                Some(id) => id,
                None => {
                    blocks.push(block);
                    blocks.len() - 1
                }
            };
            index.push(id);
        }
        // A byte numbers each block: the index stays small. (Padding the blocks to 256, so
        // that the compiler can drop the bounds check, makes the scan slower: the branch
        // costs less than what the compiler then does with the loop.)
        assert!(
            blocks.len() <= 256,
            "{} distinct blocks: more than a byte can number; make SHIFT larger or weigh \
             fewer scripts",
            blocks.len()
        );
        let mut s = String::new();
        s.push_str(&format!(
            "// Generated by scan.rs's tests from `char_entry_reference`, the Unicode {}.{}.{}\n\
             // normalization data of the unicode-normalization crate and Rust's `char::is_alphabetic`.\n\
             // Do not edit. Regenerate: TEXTMEND_REGENERATE=1 cargo test -p textmend --lib scan::tests::table\n\
             //! The flags (low 16 bits) and weight (above) of every character for the scan (see \
             `scan.rs`),\n\
             //! in two levels: `INDEX[cp >> SHIFT]` names a block of `1 << SHIFT` code points in \
             `BLOCKS`.\n\
             //! Code points from `LIMIT` on have neither.\n\n",
            unicode_normalization::UNICODE_VERSION.0,
            unicode_normalization::UNICODE_VERSION.1,
            unicode_normalization::UNICODE_VERSION.2,
        ));
        s.push_str(&format!("pub(super) const SHIFT: u32 = {SHIFT};\n"));
        s.push_str(&format!(
            "pub(super) const LOW_MASK: u32 = {};\n",
            BLOCK - 1
        ));
        s.push_str(&format!("pub(super) const LIMIT: u32 = 0x{limit:X};\n\n"));
        s.push_str("/// The flags of the ASCII characters, for the byte loop.\n");
        s.push_str("pub(super) static ASCII: [u32; 128] = [\n");
        for row in flags[..128].chunks(16) {
            let cells: Vec<String> = row.iter().map(|f| f.to_string()).collect();
            s.push_str(&format!("    {},\n", cells.join(", ")));
        }
        s.push_str("];\n\n");
        s.push_str(&format!(
            "pub(super) static INDEX: [u8; {}] = [\n",
            index.len()
        ));
        for row in index.chunks(24) {
            let cells: Vec<String> = row.iter().map(|i| i.to_string()).collect();
            s.push_str(&format!("    {},\n", cells.join(", ")));
        }
        s.push_str("];\n\n");
        s.push_str(&format!(
            "pub(super) static BLOCKS: [[u32; {BLOCK}]; {}] = [\n",
            blocks.len()
        ));
        for block in &blocks {
            s.push_str("    [\n");
            for row in block.chunks(16) {
                let cells: Vec<String> = row.iter().map(|f| f.to_string()).collect();
                s.push_str(&format!("        {},\n", cells.join(", ")));
            }
            s.push_str("    ],\n");
        }
        s.push_str("];\n");
        s
    }

    #[test]
    fn table_matches_its_generator() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tables/scan_flags.rs");
        let source = table_source();
        if std::env::var_os("TEXTMEND_REGENERATE").is_some() {
            std::fs::write(path, &source).expect("write the table");
        }
        let current = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            current == source,
            "{path} is out of date: run \
             `TEXTMEND_REGENERATE=1 cargo test -p textmend --lib scan::tests::table`"
        );
    }

    #[test]
    fn table_agrees_with_the_definition_on_every_char() {
        for u in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(char_entry(c), char_entry_reference(c), "U+{u:04X}");
                assert_eq!(char_flags(c), char_flags_reference(c), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn two_byte_table_is_the_two_level_one() {
        for cp in 0..0x800u32 {
            assert_eq!(TWO_BYTES[cp as usize], lookup(cp), "U+{cp:04X}");
        }
    }

    /// The decode and the one-level tables give each character its entry, at every length.
    #[test]
    fn decode_gives_every_characters_entry() {
        for u in 0x80..0x11_0000u32 {
            if let Some(c) = char::from_u32(u) {
                let s = format!("{c}x");
                assert_eq!(non_ascii_at(s.as_bytes(), 0), (lookup(u), c.len_utf8()));
            }
        }
    }

    #[test]
    fn swar_word_test_finds_the_first_byte_that_needs_a_look() {
        for b in 0..=255u8 {
            let needs = !(0x20..0x7F).contains(&b) || b == b'&' || b == b'<';
            for pos in 0..8 {
                let mut bytes = *b"abcdefgh";
                bytes[pos] = b;
                let look = word_needs_look(u64::from_le_bytes(bytes));
                if needs {
                    assert_eq!(look.trailing_zeros() / 8, pos as u32, "{b:#x} at {pos}");
                } else {
                    assert_eq!(look, 0, "{b:#x} at {pos}");
                }
            }
        }
    }

    /// Random text from an alphabet where every flag, every UTF-8 length and every ASCII
    /// byte the chunk test looks at are common.
    fn random_text(rng: &mut u64, max_chars: usize) -> String {
        const POOL: &[char] = &[
            'a',
            'b',
            ' ',
            '.',
            '\n',
            '\t',
            '\r',
            '&',
            '<',
            '>',
            '\x1b',
            '\x00',
            '\x7f',
            'é',
            'Ã',
            '©',
            'Ж',
            'ж',
            'Ђ',
            'α',
            '中',
            '文',
            '한',
            'ア',
            'ﬁ',
            'Ｌ',
            '\u{3000}',
            '’',
            '“',
            '\u{2028}',
            '\u{85}',
            '\u{93}',
            '\u{feff}',
            '\u{301}',
            '\u{1100}',
            '\u{1161}',
            'Å',
            '\u{212b}',
            'ǅ',
            '€',
            '─',
            '😀',
            '\u{10ffff}',
            '\u{e0100}',
            '²',
            'ﬃ',
            // What lossy recovery's pre-test looks at: lead bytes of its code pages (and
            // weighed letters) of several scripts, `?`, continuation bytes.
            'в',
            'о',
            'ё',
            'і',
            '»',
            'β',
            'ο',
            'โ',
            'ก',
            'ש',
            'â',
            'Þ',
            '?',
            '\u{a0}',
        ];
        let mut next = || crate::test_rng::next(rng);
        // Letters with a weight, for lines that are mostly another script.
        const WEIGHED: &[char] = &['в', 'о', 'ж', 'α', 'ο', 'ก', 'โ', 'ש', '中', 'ア'];
        let n = next() % (max_chars + 1);
        let run = next() % 4;
        (0..n)
            .map(|_| {
                if run == 0 && next() % 8 != 0 {
                    (b'a' + (next() % 26) as u8) as char
                } else if run == 1 && next() % 4 != 0 {
                    WEIGHED[next() % WEIGHED.len()]
                } else if next() % 16 == 0 {
                    char::from_u32((next() % 0x11_0000) as u32).unwrap_or('x')
                } else {
                    POOL[next() % POOL.len()]
                }
            })
            .collect()
    }

    #[test]
    fn fast_scans_agree_with_the_reference_on_random_text() {
        let mut rng = 1u64;
        let mut configs = vec![Config::default()];
        for form in [
            Normalization::None,
            Normalization::Nfd,
            Normalization::Nfkc,
            Normalization::Nfkd,
        ] {
            configs.push(Config {
                normalization: form,
                ..Config::default()
            });
        }
        configs.push(Config {
            fix_encoding: false,
            unescape_html: UnescapeHtml::Never,
            remove_control_chars: false,
            ..Config::default()
        });
        let mut lead_lines = [0; 2];
        for round in 0..20_000 {
            let text = random_text(&mut rng, if round % 10 == 0 { 300 } else { 40 });
            let f = reference::flags(&text);
            assert_eq!(flags(&text), f, "{text:?}");
            let facts = facts(&text);
            assert_eq!(facts.flags, f, "{text:?}");
            assert_eq!(
                facts.noisy,
                text.chars().any(crate::encoding::heuristic::is_noisy),
                "{text:?}"
            );
            let one_line = text.find('\n').is_none_or(|i| i + 1 == text.len());
            assert_eq!(
                facts.one_line_ruled_out,
                one_line && skip_clean_lines(&text, 0, usize::MAX) == text.len(),
                "{text:?}"
            );
            for wanted in [ENCODING, AMPERSAND | LESS_THAN, CONTROL, NOT_NFC, u16::MAX] {
                assert_eq!(
                    find(&text, wanted),
                    reference::find(&text, wanted),
                    "{text:?} {wanted:#x}"
                );
            }
            assert_eq!(may_be_mojibake(&text), text.chars().any(may_trigger));
            for max in [1, 2, 3, 5, 8, 13, 40, 1_000_000] {
                let first = reference::segment(&text, max);
                assert_eq!(
                    segment(&text, max),
                    (first.len(), reference::flags(first)),
                    "{text:?} {max}"
                );
            }
            for config in &configs {
                assert_eq!(
                    needs_work(&text, config),
                    reference::needs_work(&text, config),
                    "{text:?} {config:?}"
                );
            }
            for wanted in [0, ENCODING | AMPERSAND | LESS_THAN, NOT_NFC, u16::MAX] {
                for max_line in [usize::MAX, 12] {
                    assert_eq!(
                        skip_clean_lines(&text, wanted, max_line),
                        reference::skip_clean_lines(&text, wanted, max_line),
                        "{text:?} {wanted:#x} {max_line}"
                    );
                    // The line the pass stopped at, read to its end, and the segment
                    // scan that takes it from there.
                    let stop = skip_clean_lines_ruling(&text, wanted, max_line);
                    let start = stop.line_start;
                    assert_eq!(start, skip_clean_lines(&text, wanted, max_line));
                    let line = &text[start..];
                    let line_end = line.find('\n').map_or(text.len(), |i| start + i + 1);
                    assert_eq!(stop.line_end, line_end, "{text:?} {wanted:#x}");
                    assert_eq!(
                        stop.flags,
                        reference::flags(&text[start..line_end]),
                        "{text:?} {wanted:#x}"
                    );
                    // Why the pass that stops at a wanted flag stopped.
                    let why = skip_clean_lines_why(&text, wanted, max_line);
                    assert_eq!(why.line_start, start);
                    if start < text.len() {
                        match reference::find(&text[start..line_end], wanted) {
                            Some(at) => {
                                let c = text[start + at..].chars().next().unwrap_or_default();
                                assert_eq!(why.line_end, start + at, "{text:?} {wanted:#x}");
                                assert_eq!(why.flags, char_flags_reference(c), "{text:?}");
                            }
                            None => {
                                assert_eq!(why.line_end, line_end, "{text:?} {wanted:#x}");
                                assert_eq!(why.flags, stop.flags, "{text:?} {wanted:#x}");
                            }
                        }
                    }
                    for max in [1, 3, 8, 40, 1_000_000] {
                        let first = reference::segment(line, max);
                        assert_eq!(
                            segment_after(line, line_end - start, stop.flags, max),
                            (first.len(), reference::flags(first)),
                            "{text:?} {wanted:#x} {max}"
                        );
                    }
                }
            }
            for line in text.split_inclusive('\n') {
                let (flags, weight) = (reference::entries(line), reference::weight(line));
                let ruled_out = lossy_ruled_out(line.as_bytes(), flags, weight);
                assert_eq!(lossy_ruled_out_for(line), ruled_out, "{line:?}");
                if flags as u16 & LOSSY_LEAD != 0 {
                    lead_lines[ruled_out as usize] += 1;
                }
            }
        }
        // Lines with a lead byte both ruled out by their weight and not.
        assert!(lead_lines.iter().all(|&n| n > 1000), "{lead_lines:?}");
    }

    #[test]
    fn scans_agree_at_every_alignment() {
        // Each flagged character at each offset of a long ASCII run, so that it falls in
        // every lane of the 32- and 8-byte tests and in the tail.
        for c in [
            '&', '<', '\x1b', '\r', '\x7f', 'é', '中', '😀', '’', '\u{301}',
        ] {
            for pos in 0..70 {
                for len in [pos + 1, pos + 5, 70, 100] {
                    let mut text: String = "x".repeat(len.max(pos + 1));
                    text.insert(pos, c);
                    assert_eq!(flags(&text), reference::flags(&text), "{c:?} at {pos}");
                    let expected = (reference::flags(&c.to_string()) != 0).then_some(pos);
                    assert_eq!(find(&text, u16::MAX), expected, "{c:?} at {pos}");
                }
            }
        }
    }

    /// The clean-line pass on `text`: the scalar pass, the vector one (where the processor
    /// has AVX2) and the one the crate calls all give what the reference says.
    fn check_line_pass(text: &str, wanted: u16, max_line: usize) {
        let start = reference::skip_clean_lines(text, wanted, max_line);
        let line_end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let line = &text[start..line_end];
        let weight = if line.len() <= max_line {
            reference::weight(line)
        } else {
            0
        };
        let expected = Stop {
            line_start: start,
            line_end,
            flags: reference::flags(line),
            noisy: line.chars().any(crate::encoding::heuristic::is_noisy),
            lossy_ruled_out: start < text.len()
                && lossy_ruled_out(line.as_bytes(), reference::entries(line), weight),
        };
        let scalar = skip_lines::<true>(text, wanted, max_line);
        assert_eq!(scalar, expected, "scalar {text:?} {wanted:#x} {max_line}");
        #[cfg(target_arch = "x86_64")]
        if let Some(wide) = wide::skip_lines_whole(text, wanted, max_line) {
            assert_eq!(wide, expected, "wide {text:?} {wanted:#x} {max_line}");
        }
        let called = skip_clean_lines_ruling(text, wanted, max_line);
        assert_eq!(called, expected, "{text:?} {wanted:#x} {max_line}");
    }

    /// The masks the line pass is called with: none, the default configuration's (with
    /// `<`), and some that stop at common characters.
    fn line_pass_masks() -> [u16; 5] {
        let default = mask(&Config::default()) | NOT_NFC | LESS_THAN;
        [
            0,
            default,
            ENCODING | AMPERSAND,
            NOT_NFD | NOT_NFKD,
            u16::MAX,
        ]
    }

    /// Text of many lines in many scripts, as the corpora have it: words of one script
    /// (Latin with and without accents, Cyrillic, Greek, Arabic, Hebrew, Thai, CJK, kana,
    /// Hangul, emoji) between spaces or none, with now and then a character that has a
    /// flag, of any UTF-8 length, and lines of every length, some long.
    fn script_text(rng: &mut u64) -> String {
        let mut next = move || crate::test_rng::next(rng);
        // Ranges of code points that words are drawn from.
        const SCRIPTS: &[(u32, u32)] = &[
            (0x61, 0x7A),
            (0xE0, 0xFF),
            (0x100, 0x17F),
            (0x430, 0x44F),
            (0x400, 0x4FF),
            (0x3B1, 0x3C9),
            (0x370, 0x3FF),
            (0x621, 0x64A),
            (0x600, 0x6FF),
            (0x5D0, 0x5EA),
            (0xE01, 0xE3A),
            (0x4E00, 0x9FFF),
            (0x3041, 0x30FF),
            (0xAC00, 0xD7A3),
            (0x3000, 0x303F),
            (0xFF01, 0xFF5E),
            (0x1F600, 0x1F64F),
            (0x1D100, 0x1D1FF),
            (0x2F800, 0x2FA1F),
            (0x2000, 0x206F),
            (0x80, 0x7FF),
            (0x800, 0xFFFF),
        ];
        const ODD: &[char] = &[
            '\u{2f800}',
            '\u{1d165}',
            '&',
            '<',
            '\r',
            '\t',
            '\x1b',
            '\x00',
            '\x7f',
            '\u{85}',
            '\u{93}',
            '’',
            '“',
            '\u{301}',
            '\u{feff}',
            'ﬁ',
            'Ｌ',
            '\u{3000}',
            'Ã',
            '©',
            '😀',
            '\u{10ffff}',
            '\u{e0100}',
            '\u{2028}',
            '.',
            ',',
            '?',
            '\u{a0}',
        ];
        let mut text = String::new();
        for _ in 0..next() % 12 {
            let (lo, hi) = SCRIPTS[next() % SCRIPTS.len()];
            let spaced = next() % 4 != 0;
            let chars = match next() % 8 {
                0 => next() % 4,
                1 => 100 + next() % 1000,
                _ => next() % 120,
            };
            for n in 0..chars {
                let c = if next() % 40 == 0 {
                    ODD[next() % ODD.len()]
                } else if spaced && n % (2 + next() % 9) == 0 {
                    ' '
                } else {
                    char::from_u32(lo + (next() as u32) % (hi - lo + 1)).unwrap_or(' ')
                };
                text.push(c);
            }
            match next() % 8 {
                0 => text.push_str("\r\n"),
                1 => {}
                _ => text.push('\n'),
            }
        }
        text
    }

    #[test]
    fn line_pass_agrees_with_the_reference_on_script_text() {
        let mut rng = 7u64;
        for _ in 0..if cfg!(debug_assertions) { 600 } else { 3000 } {
            let text = script_text(&mut rng);
            for wanted in line_pass_masks() {
                for max_line in [usize::MAX, 12, 200] {
                    check_line_pass(&text, wanted, max_line);
                }
            }
            // Each line on its own too, and the text from each of its first bytes that
            // start a character.
            for line in text.split_inclusive('\n') {
                check_line_pass(line, 0, usize::MAX);
            }
            for (at, _) in text.char_indices().take(40) {
                check_line_pass(&text[at..], line_pass_masks()[1], usize::MAX);
            }
        }
    }

    /// The masks the every-offset test tries: all in a release build (`cargo test
    /// --release`); in a debug build, where it takes minutes, none and the default
    /// configuration's (the test on script text still tries all of them there).
    fn debug_masks(masks: &[u16]) -> &[u16] {
        if cfg!(debug_assertions) {
            &masks[..2]
        } else {
            masks
        }
    }

    /// Each kind of character at every offset of runs of each UTF-8 length, so that it
    /// falls in every lane of a chunk, across a chunk's end and in the bytes the vector
    /// pass leaves to the scalar one; lines end at every offset too.
    #[test]
    fn line_pass_agrees_at_every_offset() {
        let fillers = ["a", " ", "é", "ж", "中", "한", "😀", "a ж"];
        let odd = [
            '\u{2f800}',
            '\u{1d165}',
            'x',
            '\n',
            '&',
            '<',
            '\r',
            '\x1b',
            '\u{85}',
            'é',
            'ё',
            'Ã',
            '中',
            '。',
            '，',
            '\u{3000}',
            '😀',
            '\u{e0100}',
            '’',
            '\u{301}',
            'ア',
            'ش',
        ];
        for filler in fillers {
            for before in 0..72 {
                for c in odd {
                    let mut text = filler.repeat(before / filler.chars().count().max(1));
                    text.push(c);
                    for after in [
                        "",
                        "\n",
                        "жжжжж\nabc",
                        "中中中中中中中中中中中中\n",
                        "a\n\n",
                    ] {
                        let mut text = text.clone();
                        text.push_str(after);
                        text.push_str(&filler.repeat(40 - before % 40));
                        for &wanted in debug_masks(&line_pass_masks()) {
                            check_line_pass(&text, wanted, usize::MAX);
                            let half = (0..=text.len() / 2)
                                .rev()
                                .find(|&k| text.is_char_boundary(k))
                                .unwrap_or(0);
                            check_line_pass(&text[..half], wanted, 30);
                        }
                    }
                }
            }
        }
    }
}
