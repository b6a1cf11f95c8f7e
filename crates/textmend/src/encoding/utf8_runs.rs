//! The pre-test of the extra code pages: in one pass over the text, through a table, which
//! pages could re-encode some run of non-ASCII characters to valid UTF-8 (the extra pages,
//! each on its own run), and which of ftfy's pages could re-encode the whole text so (the
//! outer layer that [`super::beyond`] looks under).
//!
//! A run re-encodes to UTF-8 only if its bytes follow UTF-8's grammar: a lead byte announces
//! one, two or three continuation bytes. Each character is looked up once, in a table that
//! says, for every page at once, which kinds of byte its encodings begin and end with; a small
//! automaton per page (the continuation bytes still owed) follows the run. Clean text of any
//! script gives up at its first character in most pages: Cyrillic letters are all lead bytes
//! in KOI8-R, ideographs pair two lead bytes in GBK. The automaton allows a little more than
//! UTF-8 does (overlong forms, surrogates, `C0 80`): it is a necessary condition.

use super::extended::{self, Code};
use crate::tables::codepages::CodePage;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Bit `i` of a page mask: the `i`-th of [`extended::PAGES`]; from [`FTFY_BIT`] on, the pages
/// of ftfy's search in their order.
const FTFY_BIT: usize = 16;

/// What a scan found.
#[derive(Clone, Copy, Debug, Default)]
pub struct Found {
    /// The extra pages through which some run re-encodes to UTF-8, by [`extended::PAGES`]
    /// index.
    pub pages: u32,
    /// Whether one of ftfy's pages may re-encode the whole text to UTF-8.
    pub under_ftfy: bool,
}

/// One character's encodings, for all pages at once: the pages where it has a one-byte
/// encoding that is a continuation byte, or a lead byte of two, three or four bytes; and for
/// the double-byte pages, the moves its two-byte encodings make on the automaton.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Record {
    cont: u32,
    lead2: u32,
    lead3: u32,
    lead4: u32,
    /// For double-byte page `d` (bits `FTFY_BIT - 4 + d`), 16 bits at `16 * d`: bit
    /// `4 * from + to` where a two-byte encoding takes the automaton from owing `from`
    /// continuation bytes to owing `to`.
    moves: u64,
}

/// The kind of a byte in UTF-8's grammar: ASCII, a continuation byte, a lead byte owing so
/// many continuation bytes, or a byte UTF-8 never has (`C0`, `C1`, `F5`..`FF`). The second
/// bytes that some leads refuse (`E0 80`, `ED A0`...) are not looked at: the test may allow
/// too much, never too little.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ascii,
    Cont,
    Lead(u8),
    Never,
}

fn kind(b: u8) -> Kind {
    match b {
        0x00..=0x7F => Kind::Ascii,
        0x80..=0xBF => Kind::Cont,
        0xC2..=0xDF => Kind::Lead(1),
        0xE0..=0xEF => Kind::Lead(2),
        0xF0..=0xF4 => Kind::Lead(3),
        0xC0 | 0xC1 | 0xF5..=0xFF => Kind::Never,
    }
}

/// [`kind`] for ftfy's pages, which are decoded with UTF-8's variants too: `C0 80` is Java's
/// U+0000.
fn kind_with_variants(b: u8) -> Kind {
    match b {
        0xC0 => Kind::Lead(1),
        _ => kind(b),
    }
}

/// The automaton's move on one byte: owing `from`, to owing what (`None`: no UTF-8).
fn step(from: u8, b: u8) -> Option<u8> {
    match (from, kind(b)) {
        (0, Kind::Ascii) => Some(0),
        (0, Kind::Lead(n)) => Some(n),
        (n, Kind::Cont) if n > 0 => Some(n - 1),
        _ => None,
    }
}

struct Table {
    /// Per 256-character block of the BMP, the block's index in `blocks`.
    block_of: Vec<u16>,
    /// Per block, the record index of each character.
    blocks: Vec<[u16; 256]>,
    records: Vec<Record>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

fn add_single(map: &mut HashMap<char, Record>, c: char, bit: usize, b: u8) {
    let r = map.entry(c).or_default();
    let kind = if bit >= FTFY_BIT {
        kind_with_variants(b)
    } else {
        kind(b)
    };
    match kind {
        Kind::Cont => r.cont |= 1 << bit,
        Kind::Lead(1) => r.lead2 |= 1 << bit,
        Kind::Lead(2) => r.lead3 |= 1 << bit,
        Kind::Lead(_) => r.lead4 |= 1 << bit,
        Kind::Ascii | Kind::Never => {
            map.entry(c).or_default();
        }
    }
}

fn add_double(map: &mut HashMap<char, Record>, c: char, d: usize, bytes: [u8; 2]) {
    let r = map.entry(c).or_default();
    for from in 0..4u8 {
        if let Some(to) = step(from, bytes[0]).and_then(|mid| step(mid, bytes[1])) {
            r.moves |= 1u64 << (16 * d + 4 * from as usize + to as usize);
        }
    }
}

fn build() -> Table {
    let mut map: HashMap<char, Record> = HashMap::new();
    let mut doubles = 0;
    for (i, page) in extended::PAGES.iter().enumerate() {
        let mut codes: Vec<(char, Code)> = Vec::new();
        extended::all_codes(page, &mut codes);
        let double = extended::is_double(page);
        for (c, code) in codes {
            let bytes = code.as_slice();
            match bytes {
                [b] => add_single(&mut map, c, i, *b),
                [b1, b2] if double => add_double(&mut map, c, doubles, [*b1, *b2]),
                _ => {}
            }
        }
        if double {
            assert_eq!(i, FTFY_BIT - 4 + doubles, "double-byte pages come last");
            doubles += 1;
        }
    }
    for (k, cp) in super::repair::REPAIR_CODE_PAGES.iter().enumerate() {
        add_page(&mut map, cp, FTFY_BIT + k);
    }
    let mut records = vec![Record::default()];
    let mut index: HashMap<Record, u16> = HashMap::new();
    index.insert(Record::default(), 0);
    let mut per_char = vec![0u16; 0x10000];
    for (c, r) in map {
        let u = c as usize;
        if u >= 0x10000 || r == Record::default() {
            continue;
        }
        let id = *index.entry(r).or_insert_with(|| {
            records.push(r);
            (records.len() - 1) as u16
        });
        per_char[u] = id;
    }
    let mut blocks: Vec<[u16; 256]> = Vec::new();
    let mut block_index: HashMap<[u16; 256], u16> = HashMap::new();
    let mut block_of = Vec::with_capacity(256);
    for hi in 0..256 {
        let mut block = [0u16; 256];
        block.copy_from_slice(&per_char[hi * 256..hi * 256 + 256]);
        let id = *block_index.entry(block).or_insert_with(|| {
            blocks.push(block);
            (blocks.len() - 1) as u16
        });
        block_of.push(id);
    }
    Table {
        block_of,
        blocks,
        records,
    }
}

fn add_page(map: &mut HashMap<char, Record>, cp: &CodePage, bit: usize) {
    for b in 0x80..=0xFFu8 {
        if let Some(c) = super::codecs::decode_byte(cp, b) {
            if !c.is_ascii() {
                add_single(map, c, bit, b);
            }
        }
    }
}

/// All pages' bits, and those of ftfy's pages.
const ALL: u32 = u32::MAX;
const FTFY: u32 = !((1 << FTFY_BIT) - 1);

/// Scans `text` (see the module's documentation). With `all` false, it may stop at the first
/// run an extra page reads, once ftfy's pages are out of the question.
pub fn scan(text: &str, all: bool) -> Found {
    let table = table();
    let mut found = Found::default();
    // The pages for which every run so far re-encodes (ftfy's pages must read it all).
    let mut ftfy_ok = FTFY & ((1 << (FTFY_BIT + super::repair::REPAIR_CODE_PAGES.len())) - 1);
    // Per page, whether the automaton may owe 0, 1, 2, 3 continuation bytes.
    let mut owe = [ALL, 0, 0, 0];
    let mut in_run = false;
    let mut pages = 0u32;
    for c in text.chars() {
        if c.is_ascii() {
            if in_run {
                pages |= owe[0];
                ftfy_ok &= owe[0];
                in_run = false;
                owe = [ALL, 0, 0, 0];
                if !all && pages & !FTFY != 0 && ftfy_ok & FTFY == 0 {
                    break;
                }
            }
            continue;
        }
        in_run = true;
        let u = c as usize;
        let r = if u < 0x10000 {
            let block = &table.blocks[table.block_of[u >> 8] as usize];
            table.records[block[u & 0xFF] as usize]
        } else {
            Record::default()
        };
        let mut next = [
            owe[1] & r.cont,
            (owe[2] & r.cont) | (owe[0] & r.lead2),
            (owe[3] & r.cont) | (owe[0] & r.lead3),
            owe[0] & r.lead4,
        ];
        if r.moves != 0 {
            for d in 0..4 {
                let m = (r.moves >> (16 * d)) & 0xFFFF;
                if m == 0 {
                    continue;
                }
                let bit = 1u32 << (FTFY_BIT - 4 + d);
                for (from, &o) in owe.iter().enumerate() {
                    if o & bit == 0 {
                        continue;
                    }
                    for (to, slot) in next.iter_mut().enumerate() {
                        if m & (1 << (4 * from + to)) != 0 {
                            *slot |= bit;
                        }
                    }
                }
            }
        }
        owe = next;
    }
    if in_run {
        pages |= owe[0];
        ftfy_ok &= owe[0];
    }
    found.pages = pages & !FTFY;
    found.under_ftfy = ftfy_ok & FTFY != 0 && !text.is_ascii();
    found
}
