//! Legacy text of Chinese, Japanese or Korean shown through a single-byte page: a GBK web
//! page declared as ISO-8859-1 (`ÄãºÃ£¬ÊÀ½ç` for `你好，世界`), a ZIP archive's Shift_JIS
//! file names listed through the DOS page 437 or 850 (`âAâjâü` for `アニメ`). The bytes are
//! whole, so the text comes back exactly: encoded through the page it was shown through,
//! they decode through the double-byte page it was written in.
//!
//! Any pair of high bytes is a character of GBK or Big5, so decoding alone proves nothing:
//! the reading is taken only where the character model of the reader of other scripts
//! ([`super::lossy_scripts::text_cost`]) finds it overwhelmingly likelier than the line as it
//! stands, where nearly all it made of the line's high bytes are characters of the East
//! Asian scripts, and where the other double-byte pages read clearly worse.

use super::codecs::Codec;
use crate::tables::codepages::CodePage;
use encoding_rs::Encoding;
use std::sync::OnceLock;

/// The pages such text is shown through: the Web's and databases' default, Latin-1 (in its
/// Windows form and as it is), the Central European and Cyrillic Windows pages of systems set
/// up for those languages, and the DOS pages ZIP tools read file names through.
const SHOWN: [&str; 6] = [
    "sloppy-windows-1252",
    "latin-1",
    "sloppy-windows-1250",
    "sloppy-windows-1251",
    "cp437",
    "cp850",
];

/// The pages it was written in: GBK (read as its superset GB18030), Shift_JIS, EUC-KR, Big5.
fn real_pages() -> [&'static Encoding; 4] {
    [
        encoding_rs::GB18030,
        encoding_rs::SHIFT_JIS,
        encoding_rs::EUC_KR,
        encoding_rs::BIG5,
    ]
}

/// [`MAX_COST_PER_CJK`] for the double-byte page `real`.
fn max_cost_per_cjk(real: &str) -> f32 {
    if real == "big5" {
        MAX_COST_PER_CJK_BIG5
    } else {
        MAX_COST_PER_CJK
    }
}

/// Whether `name` is one of the double-byte pages this module reads text as.
pub fn is_double(name: &str) -> bool {
    real_pages()
        .iter()
        .any(|&page| Codec::Double(page).name() == name)
}

/// The shown pages' tables.
fn shown_pages() -> &'static [&'static CodePage] {
    static PAGES: OnceLock<Vec<&'static CodePage>> = OnceLock::new();
    PAGES.get_or_init(|| {
        SHOWN
            .iter()
            .filter_map(|name| match super::codecs::by_name(name) {
                Some(Codec::SingleByte(page)) => Some(page),
                _ => None,
            })
            .collect()
    })
}

/// Places where a character that stands for a lead byte of one shown page is followed by one
/// that may be its trail byte, at least ([`Shapes::two_pairs`]): a character of the
/// double-byte pages is two such bytes.
const MIN_PAIRS: usize = 2;
/// Characters of the East Asian scripts the reading must have, at least: two may be any
/// mojibake's pair of signs read as two ideographs (`(Γ·307Γ·)` as `(術307術)`).
const MIN_CJK: usize = 3;
/// The share of the shown page's high bytes that may be UTF-8, at most: more, and the text
/// is UTF-8 read through the shown page (`ä¸Šæµ·` for `上海`), which is ftfy's and the extra
/// pages' to repair, however well the double-byte page reads its bytes.
const MAX_UTF8_SHARE: f32 = 0.5;
/// The share of the reading's characters beyond ASCII that must be of those scripts (the
/// double-byte pages also write punctuation, Greek, Cyrillic and signs).
const MIN_CJK_SHARE: f32 = 0.8;
/// How much likelier (nats, under the reader of other scripts' models) the reading must be
/// than the line as it stands...
const MIN_GAIN: f32 = 12.0;
/// ...and per character of the East Asian scripts it reads.
const MIN_GAIN_PER_CJK: f32 = 3.0;
/// What the reading's runs beyond ASCII may cost (nats) per East Asian character, at most:
/// names, addresses and prose of the word lists' languages cost 5 to 7; ideographs read out
/// of some other mojibake are rare ones, at 11 to 13 (`螔拢27.76` for `£27.76` through two
/// layers of Cyrillic pages).
const MAX_COST_PER_CJK: f32 = 9.0;
/// The same for Big5, whose Traditional names and addresses cost more even scored as their
/// Simplified forms ([`simplified`]): 4.9 to 9.2 a character on the evaluation corpus's
/// lines (scored as they are, 8 to 12).
const MAX_COST_PER_CJK_BIG5: f32 = 10.0;
/// How much likelier the reading must be than the best reading through another real page
/// that differs from it (GBK and Big5 read the same bytes).
const MIN_MARGIN: f32 = 6.0;

/// A cheap test: `false` promises that [`repair`] returns `None`.
pub fn may_apply(text: &str) -> bool {
    let pages = pages_that_may_apply(text);
    if pages == 0 {
        return false;
    }
    // The pages left have bytes some double-byte page may read by their shape; what
    // [`worth_decoding`] asks besides is whether they are mostly UTF-8.
    let mut bytes = Vec::new();
    (0..SHOWN.len()).any(|i| {
        pages & (1 << i) != 0 && {
            encode_through(text, i, &mut bytes);
            utf8_share(&bytes) <= MAX_UTF8_SHARE
        }
    })
}

/// The pages of [`shown_pages`] (bit `i` for page `i`) through which `text` may be East Asian
/// text: those of [`Shapes::of`] with [`MIN_PAIRS`] pairs of a lead byte and a possible
/// trail byte at least, whose bytes some double-byte page may read ([`worth_decoding`] but
/// for UTF-8).
fn pages_that_may_apply(text: &str) -> u8 {
    let shapes = Shapes::of(text);
    shapes.pages & shapes.two_pairs & (!shapes.lone_lead | shapes.shift_jis)
}

/// What the bytes of a text through each shown page look like (bit `i` for page `i` of
/// [`shown_pages`]), found in one pass over its characters without encoding it.
struct Shapes {
    /// The pages that encode every character (a reading encodes the whole text).
    pages: u8,
    /// Those with at least [`MIN_PAIRS`] places where a lead byte (81 to FE) is followed
    /// by a byte that may be its trail: a high one, or one from 40 to 7E right after another
    /// such pair (Shift_JIS's katakana have ASCII trail bytes: `âfâX` is `デス` through
    /// cp437). A character of the double-byte pages is two such bytes.
    two_pairs: u8,
    /// Those whose bytes [`ends_with_a_lone_lead`].
    lone_lead: u8,
    /// Those whose bytes are [`shift_jis_shaped`].
    shift_jis: u8,
}

impl Shapes {
    fn of(text: &str) -> Shapes {
        const ALL: u8 = u8::MAX >> (8 - SHOWN.len());
        const _: () = assert!(MIN_PAIRS == 2);
        let none = Shapes {
            pages: 0,
            two_pairs: 0,
            lone_lead: 0,
            shift_jis: 0,
        };
        if text.is_ascii() {
            return none;
        }
        let table = bytes_table();
        let mut pages = ALL;
        // Pairs of a lead byte and a byte that may be its trail: the pages with one, those
        // with two, and those in which the previous character is a lead byte not yet paired;
        // those in which the previous character was an ASCII trail byte, and those in which
        // that was followed by the lead byte the previous character is.
        let (mut one, mut two, mut open) = (0u8, 0u8, 0u8);
        let (mut chain, mut chained_open) = (0u8, 0u8);
        // (`one` stands for a pair of high bytes only: a chained pair is two at once.)
        // Runs of lead bytes after a byte below 80: the pages in such a run, the parity of
        // its length, whether the previous byte was below 80, and the pages where such a run
        // of odd length met a byte below 30.
        let (mut in_run, mut odd, mut after_low, mut lone) = (0u8, 0u8, ALL, 0u8);
        // Shift_JIS: the pages whose next byte must be a trail byte, and those whose bytes
        // broke its shape.
        let (mut need_trail, mut broken) = (0u8, 0u8);
        for c in text.chars() {
            if c.is_ascii() {
                if (0x40..=0x7E).contains(&(c as u32)) {
                    // A pair with an ASCII trail byte counts only as the second of a chain
                    // (`âfâX`), and then for both: a lone one is every accented letter
                    // before a Latin one (`für`).
                    two |= chained_open & open;
                    chain = open;
                } else {
                    chain = 0;
                }
                chained_open = 0;
                open = 0;
                if (c as u32) < 0x30 {
                    lone |= in_run & odd;
                }
                in_run = 0;
                odd = 0;
                after_low = ALL;
                if !(0x40..=0x7E).contains(&(c as u32)) {
                    broken |= need_trail;
                }
                need_trail = 0;
                if pages & !(lone & broken) == 0 {
                    // No double-byte page can read the bytes through any page left (Russian
                    // in windows-1251 gets here at its first word of odd length).
                    return none;
                }
                continue;
            }
            let Some(e) = table.get(c as usize) else {
                return none;
            };
            pages &= e.encodes;
            if pages == 0 {
                return none;
            }
            let paired = open & e.high;
            two |= one & paired;
            one |= paired;
            // A character is two bytes: the next pair starts after this one.
            open = e.lead & !paired;
            chained_open = chain & open;
            chain = 0;

            lone |= in_run & !e.lead & odd & e.below_30;
            let goes_on = in_run & e.lead;
            let starts = !in_run & after_low & e.lead;
            odd = ((odd ^ e.lead) & goes_on) | starts;
            in_run = goes_on | starts;
            after_low = !e.high;

            broken |= (need_trail & !e.sjis_trail) | (!need_trail & !(e.sjis_lead | e.sjis_single));
            need_trail = !need_trail & e.sjis_lead;
        }
        lone |= in_run & odd;
        broken |= need_trail;
        Shapes {
            pages,
            two_pairs: two,
            lone_lead: lone & pages,
            shift_jis: !broken & pages,
        }
    }
}

/// What the shown pages make of a character of the BMP beyond ASCII: the pages (bit `i` for
/// page `i` of [`shown_pages`]) for which it is each kind of byte, and the byte each gives it.
#[derive(Clone, Copy, Default)]
struct Bytes {
    /// The pages that encode it.
    encodes: u8,
    /// A high byte (80 to FF).
    high: u8,
    /// A byte below 30, which is no trail byte of any double-byte page.
    below_30: u8,
    /// A lead byte of GBK, EUC-KR and Big5 (81 to FE).
    lead: u8,
    /// A lead byte of Shift_JIS (81 to 9F, E0 to FC)...
    sjis_lead: u8,
    /// ...a trail byte (40 to 7E, 80 to FC)...
    sjis_trail: u8,
    /// ...a character of one byte (below 81, A1 to DF).
    sjis_single: u8,
    /// The byte each page gives it (0 where it has none: no page gives a character beyond
    /// ASCII the byte 0).
    byte: [u8; SHOWN.len()],
}

/// [`Bytes`] for every character of the BMP (ASCII's entries are unused): a reading encodes
/// every character of the line, and a look-up is much cheaper than a search of each page.
fn bytes_table() -> &'static [Bytes] {
    static TABLE: OnceLock<Vec<Bytes>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![Bytes::default(); 0x10000];
        for (i, page) in shown_pages().iter().enumerate() {
            let bit = 1 << i;
            for &(u, b) in page.encode {
                let e = &mut table[u as usize];
                e.encodes |= bit;
                let set = |field: &mut u8, yes: bool| {
                    if yes {
                        *field |= bit;
                    }
                };
                set(&mut e.high, b >= 0x80);
                set(&mut e.below_30, b < 0x30);
                set(&mut e.lead, (0x81..=0xFE).contains(&b));
                set(&mut e.sjis_lead, matches!(b, 0x81..=0x9F | 0xE0..=0xFC));
                set(&mut e.sjis_trail, matches!(b, 0x40..=0x7E | 0x80..=0xFC));
                set(&mut e.sjis_single, matches!(b, 0x00..=0x80 | 0xA1..=0xDF));
                e.byte[i] = b;
            }
        }
        table
    })
}

/// `text` encoded through page `i` of [`shown_pages`], which [`pages_that_may_apply`] found
/// to encode every character of it.
fn encode_through(text: &str, i: usize, out: &mut Vec<u8>) {
    let table = bytes_table();
    out.clear();
    out.reserve(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            out.push(table[c as usize].byte[i]);
        }
    }
}

/// Whether `c` is a character of the East Asian scripts, as the double-byte pages write
/// them: ideographs, kana, Hangul, their punctuation, full-width and half-width forms.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3130..=0x318F | 0x3200..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF)
}

/// One reading of the text: the pages, the text and its cost.
struct Reading {
    shown: &'static str,
    real: &'static str,
    text: String,
    cost: f32,
}

/// A reading of the text through a shown page and a real one.
struct Decoding {
    shown: &'static str,
    real: &'static str,
    text: String,
    /// Its characters of the East Asian scripts...
    cjk: usize,
    /// ...and beyond ASCII.
    beyond: usize,
}

/// Every reading of `text` through a shown page of `pages` and a real one that decodes to
/// something else.
fn decodings(text: &str, pages: u8) -> Vec<Decoding> {
    let mut out = Vec::new();
    let mut bytes = Vec::new();
    for (i, name) in SHOWN.iter().enumerate() {
        if pages & (1 << i) == 0 {
            continue;
        }
        encode_through(text, i, &mut bytes);
        for real in worth_decoding(&bytes) {
            let Some(decoded) = real.decode_without_bom_handling_and_without_replacement(&bytes)
            else {
                continue;
            };
            if decoded == text {
                continue;
            }
            let (mut cjk, mut beyond) = (0, 0);
            for c in decoded.chars().filter(|c| !c.is_ascii()) {
                beyond += 1;
                cjk += usize::from(is_cjk(c));
            }
            out.push(Decoding {
                shown: name,
                real: Codec::Double(real).name(),
                text: decoded.into_owned(),
                cjk,
                beyond,
            });
        }
    }
    out
}

/// Every reading of `text` through a shown page and a real one that decodes, with its cost,
/// the number of East Asian characters it has, and why [`repair`] would not take it (if it
/// would not, by itself): for the debugging example.
#[allow(clippy::type_complexity)]
pub fn readings(
    text: &str,
) -> Vec<(
    &'static str,
    &'static str,
    String,
    f32,
    usize,
    Option<&'static str>,
)> {
    let mut before = None;
    decodings(text, pages_that_may_apply(text))
        .into_iter()
        .map(|d| {
            let cost = reading_cost(d.real, &d.text);
            let why_not = objection(text, &d, cost, &mut before);
            (d.shown, d.real, d.text, cost, d.cjk, why_not)
        })
        .collect()
}

/// The reading of `text` as legacy East Asian text shown through a single-byte page, if it is
/// overwhelmingly likely: the page it was shown through, the page it was written in, and the
/// text.
pub fn repair(text: &str) -> Option<(&'static str, &'static str, String)> {
    let pages = pages_that_may_apply(text);
    if pages == 0 {
        return None;
    }
    // Weighed once, and only when some reading reads East Asian text.
    let mut before: Option<f32> = None;
    let mut best: Option<Reading> = None;
    // The cheapest reading whose text differs from the best one's.
    let mut runner_up = f32::INFINITY;
    for d in decodings(text, pages) {
        // Readings of anything but East Asian text are not weighed at all.
        if d.cjk < MIN_CJK {
            continue;
        }
        let cost = reading_cost(d.real, &d.text);
        let fails = objection(text, &d, cost, &mut before).is_some();
        if fails {
            // Still a reading the best one must beat: it reads East Asian text.
            if best.as_ref().is_none_or(|b| b.text != d.text) {
                runner_up = runner_up.min(cost);
            }
            continue;
        }
        match &best {
            Some(b) if b.text == d.text => {}
            Some(b) if b.cost <= cost => runner_up = runner_up.min(cost),
            _ => {
                if let Some(b) = best.take() {
                    runner_up = runner_up.min(b.cost);
                }
                best = Some(Reading {
                    shown: d.shown,
                    real: d.real,
                    text: d.text,
                    cost,
                });
            }
        }
    }
    let best = best?;
    (best.cost + MIN_MARGIN <= runner_up).then_some((best.shown, best.real, best.text))
}

/// Why [`repair`] does not take a reading `d` of `text` that costs `cost` (`before` holds the
/// cost of the text as it stands, once weighed), or `None` if it may.
fn objection(
    text: &str,
    d: &Decoding,
    cost: f32,
    before: &mut Option<f32>,
) -> Option<&'static str> {
    if d.cjk < MIN_CJK {
        return Some("too few East Asian characters");
    }
    if (d.cjk as f32) < MIN_CJK_SHARE * d.beyond as f32 {
        return Some("too many other characters");
    }
    let gain = *before.get_or_insert_with(|| runs_cost(text)) - cost;
    if gain < MIN_GAIN || gain < MIN_GAIN_PER_CJK * d.cjk as f32 {
        return Some("too little gain");
    }
    if cost > max_cost_per_cjk(d.real) * d.cjk as f32 {
        return Some("rare characters");
    }
    if glued_alone(&d.text) {
        return Some("ideographs inside a Latin word");
    }
    if some_word_worse(text, &d.text) {
        return Some("a word reads worse");
    }
    None
}

/// The real pages that may read `bytes` (the text encoded through a shown page) as text of
/// their own, by cheap tests: none where they are mostly UTF-8; not GB18030, EUC-KR and Big5
/// where a lead byte has no trail byte; not Shift_JIS where its bytes do not make up its
/// characters.
fn worth_decoding(bytes: &[u8]) -> impl Iterator<Item = &'static Encoding> {
    let lone_lead = ends_with_a_lone_lead(bytes);
    let sjis = shift_jis_shaped(bytes);
    let utf8 = (sjis || !lone_lead) && utf8_share(bytes) > MAX_UTF8_SHARE;
    real_pages().into_iter().filter(move |&real| {
        !utf8
            && if real == encoding_rs::SHIFT_JIS {
                sjis
            } else {
                !lone_lead
            }
    })
}

/// Whether `bytes` are characters of Shift_JIS by their shape: single bytes (ASCII, `80`,
/// the half-width katakana `A1` to `DF`) and lead bytes (`81` to `9F`, `E0` to `FC`) each
/// with a trail byte (`40` to `7E`, `80` to `FC`). Russian in windows-1251, whose small
/// letters are lead bytes, fails at the first word that ends in one.
fn shift_jis_shaped(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            0x00..=0x80 | 0xA1..=0xDF => i += 1,
            0x81..=0x9F | 0xE0..=0xFC => {
                if !bytes
                    .get(i + 1)
                    .is_some_and(|&t| matches!(t, 0x40..=0x7E | 0x80..=0xFC))
                {
                    return false;
                }
                i += 2;
            }
            _ => return false,
        }
    }
    true
}

/// Whether some run of bytes from `81` to `FE` after an ASCII byte (or the start) has an odd
/// length and is followed by a byte below `30` (or the end): its last byte is a lead byte of
/// GB18030, EUC-KR and Big5 with no trail byte, so none of them decodes `bytes` (Shift_JIS
/// has characters of one high byte). Russian text in windows-1251, its words of odd length
/// between spaces, is found so without decoding it three times.
fn ends_with_a_lone_lead(bytes: &[u8]) -> bool {
    let lead = |b: u8| (0x81..=0xFE).contains(&b);
    let mut i = 0;
    while i < bytes.len() {
        if !lead(bytes[i]) || (i > 0 && bytes[i - 1] >= 0x80) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && lead(bytes[i]) {
            i += 1;
        }
        if (i - start) % 2 == 1 && bytes.get(i).is_none_or(|&b| b < 0x30) {
            return true;
        }
    }
    false
}

/// The share of the high bytes of `bytes` that are part of well-formed UTF-8 sequences of
/// three bytes or more (UTF-8 of the East Asian scripts, and of punctuation: two-byte
/// sequences are too common in GBK, where a lead byte from `C2` to `DF` meets a trail byte
/// from `A1` to `BF`).
fn utf8_share(bytes: &[u8]) -> f32 {
    let (mut high, mut utf8) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        // The sequence's length, and the range of its second byte (which rules out overlong
        // forms, surrogates and code points beyond U+10FFFF).
        let (need, second) = match b {
            0xE0 => (2, 0xA0..=0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80..=0xBF),
            0xED => (2, 0x80..=0x9F),
            0xF0 => (3, 0x90..=0xBF),
            0xF1..=0xF3 => (3, 0x80..=0xBF),
            0xF4 => (3, 0x80..=0x8F),
            _ => (0, 0x80..=0xBF),
        };
        let end = i + 1 + need;
        if need > 0
            && end <= bytes.len()
            && second.contains(&bytes[i + 1])
            && bytes[i + 2..end].iter().all(|&c| c & 0xC0 == 0x80)
        {
            high += need + 1;
            utf8 += need + 1;
            i = end;
        } else {
            high += 1;
            i += 1;
        }
    }
    if high == 0 {
        0.0
    } else {
        utf8 as f32 / high as f32
    }
}

/// Whether some word (between ASCII spaces) that the reading changes costs more so than as it
/// stood: a line with text of its own beside the damage (`Dunakeszii tér` beside mojibake of
/// Arabic) must not lose it to the reading of the rest (`t俽`). A double-byte page never
/// reads a space into a character, so the words of the two line up.
fn some_word_worse(text: &str, reading: &str) -> bool {
    let words = text.split(' ');
    let read = reading.split(' ');
    if words.clone().count() != read.clone().count() {
        return true;
    }
    words
        .zip(read)
        .any(|(word, now)| word != now && word_cost(now) > word_cost(word) + WORD_SLACK)
}

/// How much more (nats) a word may cost as the reading has it: a rare ideograph of a name
/// alone between spaces (`淳`) costs about what the two characters it was shown as do.
const WORD_SLACK: f32 = 2.0;

/// What a word costs, ASCII and all (a trail byte may be an ASCII letter or sign the reading
/// takes into a character: `Å~` is Shift_JIS's `淳` through the page 437).
fn word_cost(word: &str) -> f32 {
    let chars: Vec<char> = word.chars().collect();
    super::lossy_scripts::text_cost(&chars)
}

/// Whether some reading of `text` as East Asian text, too short for [`repair`] to take (two
/// characters: `ÖÐÎÄ` is GBK's `中文`), is clearly likelier than both the text as it stands
/// and `other`, a single-byte legacy reading of it (`ЦРОД`): the line is then left as it is,
/// neither reading taken. Only for a text without ASCII letters: beside Latin words, what
/// the runs beyond ASCII cost alone says little (two letters of Polish cost more than an
/// ideograph).
pub fn rivals(text: &str, other: &str) -> bool {
    if text.chars().any(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let pages = pages_that_may_apply(text);
    if pages == 0 {
        return false;
    }
    let (before, against) = (runs_cost(text), runs_cost(other));
    decodings(text, pages).iter().any(|d| {
        d.cjk >= 2 && d.cjk == d.beyond && {
            let cost = reading_cost(d.real, &d.text);
            cost + MIN_MARGIN <= against && cost + MIN_MARGIN <= before
        }
    })
}

/// Whether the reading `a` through the double-byte page `real` is overwhelmingly likelier
/// than `b` (what ftfy's partial repair made of the same text), as [`repair`] weighs
/// readings.
pub fn beats(real: &str, a: &str, b: &str) -> bool {
    reading_cost(real, a) + MIN_GAIN <= runs_cost(b)
}

/// Whether the reading `a` through the double-byte page `real` is clearly likelier than
/// another reading `b` of the same text (a single-byte legacy page's), as [`repair`] weighs
/// its own readings against each other.
pub fn clearly_beats(real: &str, a: &str, b: &str) -> bool {
    reading_cost(real, a) + MIN_MARGIN <= runs_cost(b)
}

/// What a reading through the double-byte page `real` costs ([`runs_cost`]); Big5's, which is
/// Traditional Chinese, with its characters scored as their Simplified forms ([`simplified`]:
/// the model learnt Simplified text). Only Big5's: Japanese writes many of the same
/// characters (`調`), which its own model knows as they are.
fn reading_cost(real: &str, text: &str) -> f32 {
    runs_cost_folding(text, real == "big5")
}

/// What the runs of characters beyond ASCII in `text` cost, as [`runs_cost_folding`] weighs
/// them without folding.
fn runs_cost(text: &str) -> f32 {
    runs_cost_folding(text, false)
}

/// What the runs of characters beyond ASCII in `text` cost (nats), set side by side with a
/// space between them, under the language of the reader of other scripts that suits them
/// best. The readings of a text differ only there (the pages are ASCII's beyond their high
/// bytes), and scored with the rest, a few Korean letters in a line of Latin would cost what
/// any other letters the Latin language lacks do. With `traditional`, Traditional Chinese
/// characters count as their Simplified forms.
fn runs_cost_folding(text: &str, traditional: bool) -> f32 {
    let mut runs: Vec<char> = Vec::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if c.is_ascii() {
            in_run = false;
            continue;
        }
        if !in_run && !runs.is_empty() {
            runs.push(' ');
        }
        runs.push(if traditional { simplified(c) } else { c });
        in_run = true;
    }
    super::lossy_scripts::text_cost(&runs)
}

/// The Simplified form of a Traditional Chinese character (`樓` → `楼`), other characters as
/// they are: the model of Chinese learnt Simplified text, and Big5 writes Traditional, whose
/// own characters it would take for rare ones.
fn simplified(c: char) -> char {
    use crate::tables::traditional::TRADITIONAL_TO_SIMPLIFIED as TABLE;
    if !matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF) {
        return c;
    }
    TABLE
        .binary_search_by_key(&(c as u32), |&(t, _)| u32::from(t))
        .ok()
        .and_then(|i| char::from_u32(u32::from(TABLE[i].1)))
        .unwrap_or(c)
}

/// Whether `text` has East Asian letters inside a Latin word: a run of them between two
/// ASCII letters (`informa翠es`, `Kranf傕鰝噼rer`: what accented letters inside a European
/// word become), or a lone one beside two ASCII letters or more (`좲arius`). Real text sets
/// such characters beside a word, or one beside a single letter (`A座`).
fn glued_alone(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let letter = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_alphabetic());
    // Full-width brackets and signs sit beside Latin words in real text (`（EHS）`).
    let cjk_letter = |c: char| {
        is_cjk(c)
            && !matches!(c as u32,
                0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40
                | 0xFF5B..=0xFF65)
    };
    let mut i = 0;
    while i < chars.len() {
        if !cjk_letter(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && cjk_letter(chars[i]) {
            i += 1;
        }
        let before = start.checked_sub(1).is_some_and(letter);
        let after = letter(i);
        let long_before = before && start.checked_sub(2).is_some_and(letter);
        let long_after = after && letter(i + 1);
        if (before && after) || (i - start == 1 && (long_before || long_after)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_share_counts_well_formed_long_sequences() {
        assert_eq!(utf8_share("上海".as_bytes()), 1.0);
        assert_eq!(utf8_share("é".as_bytes()), 0.0);
        // An overlong form, a surrogate, a truncated sequence.
        assert_eq!(utf8_share(&[0xE0, 0x80, 0x80]), 0.0);
        assert_eq!(utf8_share(&[0xED, 0xA0, 0x80]), 0.0);
        assert_eq!(utf8_share(&[0xE4, 0xB8]), 0.0);
        assert_eq!(utf8_share(&[0xC4, 0xE3, 0xE4, 0xB8, 0x8A]), 0.6);
    }

    #[test]
    fn traditional_characters_are_scored_as_simplified() {
        assert_eq!(simplified('樓'), '楼');
        assert_eq!(simplified('號'), '号');
        assert_eq!(simplified('中'), '中');
        assert_eq!(simplified('a'), 'a');
        let table = crate::tables::traditional::TRADITIONAL_TO_SIMPLIFIED;
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn shift_jis_shape() {
        assert!(shift_jis_shaped(&[0x82, 0xA0, b'a', 0xB1]));
        assert!(!shift_jis_shaped(&[0xE0, b' ']));
        assert!(!shift_jis_shaped(&[0xFD]));
        assert!(!shift_jis_shaped(&[0x82]));
    }

    #[test]
    fn the_one_pass_shapes_are_those_of_the_bytes() {
        let texts = [
            "Ïðèâåò ìèð",
            "Привет мир и все",
            "Ä×èÈÄÄî▒è¤ô_üiâAâjâüâpâXüj_10òb.png",
            "ÄãºÃ ÊÀ½ç",
            "ÄãºÃ, ÊÀ½ç!",
            "Ü¥Û¿Ý",
            "Wa³cz ¿ó³æ",
            "zażółć gęślą jaźń",
            "ÓůÓĂČíĽţ(YYRJ)",
            "Ñ¹Ëõ ¡°ÄãºÃ¡± ÿ€",
            "¤æ¤»¥«¤¤©Mµó243¸¹7¼Ó",
            "☺♥ ÄÄ ÖÖ",
        ];
        // And strings drawn from characters of every kind of byte.
        let pool: Vec<char> = " .0A~\u{80}\u{81}\u{9f}\u{a0}¡¤ÄÖßàÿ€ŽžŁĄŕЂЃАПРЯабпряёђ№▒╣☺♥"
            .chars()
            .collect();
        let mut state = 0x2545_f491_u32;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize % n
        };
        let drawn: Vec<String> = (0..3000)
            .map(|_| (0..1 + next(12)).map(|_| pool[next(pool.len())]).collect())
            .collect();
        let mut bytes = Vec::new();
        for text in texts
            .iter()
            .copied()
            .chain(drawn.iter().map(String::as_str))
        {
            let shapes = Shapes::of(text);
            for (i, name) in SHOWN.iter().enumerate() {
                if shapes.pages & (1 << i) == 0 {
                    continue;
                }
                encode_through(text, i, &mut bytes);
                let bit = |yes: bool| if yes { 1u8 << i } else { 0 };
                assert_eq!(
                    shapes.lone_lead & (1 << i),
                    bit(ends_with_a_lone_lead(&bytes)),
                    "{text} through {name}"
                );
                assert_eq!(
                    shapes.shift_jis & (1 << i),
                    bit(shift_jis_shaped(&bytes)),
                    "{text} through {name}"
                );
            }
        }
    }

    #[test]
    fn a_lone_lead_byte_is_found() {
        assert!(ends_with_a_lone_lead(&[0xC4, 0xE3, 0xBA, b' ']));
        assert!(ends_with_a_lone_lead(&[b'a', 0xC4]));
        assert!(!ends_with_a_lone_lead(&[0xC4, 0xE3, b' ']));
        // A trail byte may be ASCII.
        assert!(!ends_with_a_lone_lead(&[0xC4, 0xE3, 0xBA, b'A']));
    }

    fn show(text: &str, real: &'static Encoding, shown: &str) -> String {
        let (bytes, _, unmappable) = real.encode(text);
        assert!(!unmappable, "{text}");
        let page = super::super::codecs::by_name(shown).unwrap();
        page.decode(&bytes).unwrap()
    }

    #[test]
    fn restores_east_asian_text_shown_through_a_single_byte_page() {
        let cases = [
            (
                "时间测试观点（动画片）_10秒.png",
                encoding_rs::GBK,
                "sloppy-windows-1252",
            ),
            (
                "時間試験観点（アニメパス）_10秒.png",
                encoding_rs::SHIFT_JIS,
                "cp850",
            ),
            ("会議の資料を添付します。", encoding_rs::SHIFT_JIS, "cp437"),
            // Katakana alone: every trail byte is ASCII.
            ("デスクトップ", encoding_rs::SHIFT_JIS, "cp437"),
            ("メニュー", encoding_rs::SHIFT_JIS, "sloppy-windows-1252"),
            (
                "안녕하세요, 반갑습니다.",
                encoding_rs::EUC_KR,
                "sloppy-windows-1252",
            ),
            ("你好，世界！今天天气很好。", encoding_rs::GBK, "latin-1"),
            ("御用软件(YYRJ)", encoding_rs::GBK, "sloppy-windows-1250"),
            (
                "这是一个测试文件，请不要删除。",
                encoding_rs::GBK,
                "sloppy-windows-1251",
            ),
            (
                "繁體中文的網頁內容",
                encoding_rs::BIG5,
                "sloppy-windows-1252",
            ),
        ];
        for (clean, real, shown) in cases {
            let broken = show(clean, real, shown);
            let fixed = repair(&broken).map(|r| r.2);
            assert_eq!(fixed.as_deref(), Some(clean), "{broken}");
        }
    }

    #[test]
    fn every_shown_page_has_its_table() {
        assert_eq!(shown_pages().len(), SHOWN.len());
        for (page, name) in shown_pages().iter().zip(SHOWN) {
            let Some(Codec::SingleByte(named)) = super::super::codecs::by_name(name) else {
                panic!("{name} is no single-byte page");
            };
            assert!(std::ptr::eq(*page, named));
        }
    }

    #[test]
    fn leaves_european_text_alone() {
        for clean in [
            "Informações e sugestões: ação, coração, situação.",
            "Ærø Ålesund Øresund æøå ÆØÅ",
            "Größenänderung für Äußerungen",
            "Ça coûte très cher, «déjà» vu, où êtes-vous ?",
            "Þórður Ævarsson og Ásdís Þórðardóttir",
            "Příští říjen přijede do Třeboně, ať už prší nebo ne.",
            "Źdźbło, żółć, gęślą jaźń: pójdźże, kiń tę chmurność w głąb flaszy!",
            "Съешь же ещё этих мягких французских булок, да выпей чаю.",
        ] {
            assert_eq!(repair(clean), None, "{clean}");
        }
    }
}
