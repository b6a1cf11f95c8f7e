//! The pre-test of the extra code pages: in one pass over the text, through a table, which
//! pages could re-encode some run of non-ASCII characters to valid UTF-8 (the extra pages,
//! each on its own run), and which of ftfy's pages could re-encode the whole text so (the
//! outer layer that [`super::beyond`] looks under).
//!
//! A run re-encodes to UTF-8 only if its bytes follow UTF-8's grammar: a lead byte announces
//! one, two or three continuation bytes, and a few leads narrow the range of the byte after
//! them (`E0` wants `A0`..`BF`, `ED` wants `80`..`9F`...). Each character is looked up once,
//! in a table that says, for every page at once, which kinds of byte its encodings are; a
//! small automaton per page (what the bytes still owe) follows the run, all pages together as
//! bit masks. Clean text of any script gives up at its first character in most pages:
//! Cyrillic letters are all lead bytes in KOI8-R, ideographs pair two lead bytes in GBK.
//! Where a character has two encodings in a page, both are followed: the test may allow too
//! much, never too little.

use super::extended::{self, Code};
use super::FastMap;
use std::sync::OnceLock;

/// Bit `i` of a page mask: the `i`-th of [`extended::PAGES`]; from `FTFY_BIT` on, the pages
/// of ftfy's search in their order.
const FTFY_BIT: usize = 16;
/// The bits of ftfy's pages.
const FTFY: u32 = !((1 << FTFY_BIT) - 1);

/// What a scan found.
#[derive(Clone, Copy, Debug, Default)]
pub struct Found {
    /// The extra pages through which some run re-encodes to UTF-8, by [`extended::PAGES`]
    /// index.
    pub pages: u32,
    /// Whether one of ftfy's pages may re-encode the whole text to UTF-8.
    pub under_ftfy: bool,
}

/// The kinds of byte in UTF-8's grammar.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Ascii,
    /// Continuation bytes `80`..`8F`, `90`..`9F`, `A0`..`BF`.
    ContLow,
    ContMid,
    ContHigh,
    /// A lead of two bytes.
    Lead2,
    /// A lead of three bytes: any continuation after it, or (`E0`) only `A0`..`BF`, or
    /// (`ED`) only `80`..`9F`.
    Lead3,
    Lead3E0,
    Lead3ED,
    /// A lead of four bytes: any continuation after it, or (`F0`) only `90`..`BF`, or (`F4`)
    /// only `80`..`8F`.
    Lead4,
    Lead4F0,
    Lead4F4,
    /// Never in UTF-8: `C0`, `C1`, `F5`..`FF`.
    Never,
}

/// The kind of `b`; with `variants`, as ftfy decodes with UTF-8's variants too (`C0 80` is
/// Java's U+0000, `ED A0`.. begins a CESU-8 surrogate).
fn kind(b: u8, variants: bool) -> Kind {
    match b {
        0x00..=0x7F => Kind::Ascii,
        0x80..=0x8F => Kind::ContLow,
        0x90..=0x9F => Kind::ContMid,
        0xA0..=0xBF => Kind::ContHigh,
        0xC0 if variants => Kind::Lead2,
        0xC2..=0xDF => Kind::Lead2,
        0xE0 => Kind::Lead3E0,
        0xED if !variants => Kind::Lead3ED,
        0xE1..=0xEF => Kind::Lead3,
        0xF0 => Kind::Lead4F0,
        0xF4 => Kind::Lead4F4,
        0xF1..=0xF3 => Kind::Lead4,
        0xC0 | 0xC1 | 0xF5..=0xFF => Kind::Never,
    }
}

/// The automaton's states: what the bytes read so far still owe.
const OWE_NOTHING: usize = 0;
const OWE_1: usize = 1;
const OWE_2: usize = 2;
const OWE_3: usize = 3;
/// Owing two, the next in `A0`..`BF` (after `E0`) or in `80`..`9F` (after `ED`).
const OWE_2_HIGH: usize = 4;
const OWE_2_LOW: usize = 5;
/// Owing three, the next in `90`..`BF` (after `F0`) or in `80`..`8F` (after `F4`).
const OWE_3_HIGH: usize = 6;
const OWE_3_LOW: usize = 7;
const STATES: usize = 8;

/// The automaton's move on one byte of kind `k` from state `from`.
fn step(from: usize, k: Kind) -> Option<usize> {
    use Kind::*;
    let cont = matches!(k, ContLow | ContMid | ContHigh);
    Some(match (from, k) {
        (OWE_NOTHING, Ascii) => OWE_NOTHING,
        (OWE_NOTHING, Lead2) => OWE_1,
        (OWE_NOTHING, Lead3) => OWE_2,
        (OWE_NOTHING, Lead3E0) => OWE_2_HIGH,
        (OWE_NOTHING, Lead3ED) => OWE_2_LOW,
        (OWE_NOTHING, Lead4) => OWE_3,
        (OWE_NOTHING, Lead4F0) => OWE_3_HIGH,
        (OWE_NOTHING, Lead4F4) => OWE_3_LOW,
        (OWE_1, _) if cont => OWE_NOTHING,
        (OWE_2, _) if cont => OWE_1,
        (OWE_3, _) if cont => OWE_2,
        (OWE_2_HIGH, ContHigh) | (OWE_2_LOW, ContLow | ContMid) => OWE_1,
        (OWE_3_HIGH, ContMid | ContHigh) | (OWE_3_LOW, ContLow) => OWE_2,
        _ => return None,
    })
}

/// One character's encodings, for all pages at once: for each state, the pages where some
/// encoding of the character takes the automaton from that state to each other one.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Record {
    /// `moves[from][to]`: a page mask.
    moves: [[u32; STATES]; STATES],
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

/// Every kind, in the order of their numbers.
const KINDS: [Kind; 12] = [
    Kind::Ascii,
    Kind::ContLow,
    Kind::ContMid,
    Kind::ContHigh,
    Kind::Lead2,
    Kind::Lead3,
    Kind::Lead3E0,
    Kind::Lead3ED,
    Kind::Lead4,
    Kind::Lead4F0,
    Kind::Lead4F4,
    Kind::Never,
];

/// The automaton's moves on a code of one or two bytes, found once per sequence of kinds: as
/// bit sets, bit `from * STATES + to` where the code takes state `from` to state `to`.
struct Moves {
    /// Per variants (see [`kind`]), per byte, its kind's number.
    kinds: [[u8; 256]; 2],
    /// Per kind of the first byte, per kind of the second (the last: no second byte).
    by_kinds: [[u64; KINDS.len() + 1]; KINDS.len()],
}

impl Moves {
    fn new() -> Moves {
        let mut kinds = [[0u8; 256]; 2];
        for (variants, row) in kinds.iter_mut().enumerate() {
            for (b, k) in row.iter_mut().enumerate() {
                let found = kind(b as u8, variants == 1);
                *k = KINDS.iter().position(|&x| x == found).unwrap_or(0) as u8;
            }
        }
        let mut by_kinds = [[0u64; KINDS.len() + 1]; KINDS.len()];
        for (k1, row) in by_kinds.iter_mut().enumerate() {
            for (k2, set) in row.iter_mut().enumerate() {
                for from in 0..STATES {
                    let mut state = step(from, KINDS[k1]);
                    if let Some(&second) = KINDS.get(k2) {
                        state = state.and_then(|s| step(s, second));
                    }
                    if let Some(to) = state {
                        *set |= 1 << (from * STATES + to);
                    }
                }
            }
        }
        Moves { kinds, by_kinds }
    }
}

/// Notes that the character of `r` has the encoding `bytes` in the page of bit `bit`.
fn add(moves: &Moves, r: &mut Record, bit: usize, bytes: &[u8]) {
    let kinds = &moves.kinds[usize::from(bit >= FTFY_BIT)];
    let mut set = match *bytes {
        [b] => moves.by_kinds[kinds[b as usize] as usize][KINDS.len()],
        [b1, b2] => moves.by_kinds[kinds[b1 as usize] as usize][kinds[b2 as usize] as usize],
        _ => {
            let mut set = 0u64;
            for from in 0..STATES {
                let mut state = Some(from);
                for &b in bytes {
                    state = state.and_then(|s| step(s, KINDS[kinds[b as usize] as usize]));
                }
                if let Some(to) = state {
                    set |= 1 << (from * STATES + to);
                }
            }
            set
        }
    };
    while set != 0 {
        let i = set.trailing_zeros() as usize;
        r.moves[i / STATES][i % STATES] |= 1 << bit;
        set &= set - 1;
    }
}

/// The record of `c` in `found`, through its slot (made on first use); `None` beyond the BMP.
fn entry<'a>(slot: &mut [u32], found: &'a mut Vec<Record>, c: char) -> Option<&'a mut Record> {
    let u = c as usize;
    if u >= slot.len() {
        return None;
    }
    if slot[u] == 0 {
        slot[u] = found.len() as u32;
        found.push(Record::default());
    }
    Some(&mut found[slot[u] as usize])
}

fn build() -> Table {
    let moves = Moves::new();
    // Per character of the BMP, its slot in `found` (0: none).
    let mut slot = vec![0u32; 0x10000];
    let mut found: Vec<Record> = Vec::with_capacity(1 << 15);
    found.push(Record::default());
    let mut codes: Vec<(char, Code)> = Vec::new();
    for (i, page) in extended::PAGES.iter().enumerate() {
        extended::all_codes(page, &mut codes);
        for (c, code) in &codes {
            if let Some(r) = entry(&mut slot, &mut found, *c) {
                add(&moves, r, i, code.as_slice());
            }
        }
    }
    for (k, cp) in super::repair::REPAIR_CODE_PAGES.iter().enumerate() {
        for b in 0x80..=0xFFu8 {
            if let Some(c) = super::codecs::decode_byte(cp, b) {
                if !c.is_ascii() {
                    if let Some(r) = entry(&mut slot, &mut found, c) {
                        add(&moves, r, FTFY_BIT + k, &[b]);
                    }
                }
            }
        }
    }
    let mut records = vec![Record::default()];
    let mut index: FastMap<&Record, u16> = FastMap::default();
    index.insert(&found[0], 0);
    let mut per_char = vec![0u16; 0x10000];
    // Neighbours often have the same record (ideographs, syllables): the last one found is
    // tried before the map.
    let mut last = (&found[0], 0u16);
    for (u, &s) in slot.iter().enumerate() {
        if s == 0 {
            continue;
        }
        let r = &found[s as usize];
        let id = if *r == *last.0 {
            last.1
        } else {
            *index.entry(r).or_insert_with(|| {
                records.push(*r);
                (records.len() - 1) as u16
            })
        };
        last = (r, id);
        per_char[u] = id;
    }
    let (block_of, blocks) = pack_blocks(&per_char);
    Table {
        block_of,
        blocks,
        records,
    }
}

/// The record index of every character of the BMP (`per_char`, 65,536 of them) as blocks of
/// 256, each distinct block once: the block of each 256, and the blocks.
fn pack_blocks(per_char: &[u16]) -> (Vec<u16>, Vec<[u16; 256]>) {
    let mut blocks: Vec<[u16; 256]> = Vec::new();
    let mut block_index: FastMap<[u16; 256], u16> = FastMap::default();
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
    (block_of, blocks)
}

/// The extra pages through which the run `run` (characters beyond ASCII) may re-encode to
/// UTF-8, by [`extended::PAGES`] index.
pub fn run_pages(run: &[char]) -> u32 {
    let table = table();
    let mut state = [0u32; STATES];
    state[OWE_NOTHING] = !FTFY;
    for &c in run {
        state = advance(table, &state, c);
        if state.iter().all(|&s| s == 0) {
            return 0;
        }
    }
    state[OWE_NOTHING] & !FTFY
}

/// The automaton's states after the character `c`.
fn advance(table: &Table, state: &[u32; STATES], c: char) -> [u32; STATES] {
    advance_code(table, state, c as u32)
}

/// [`advance`] by the code point `u`. Out of line: inlined into [`scan`], the loop came out
/// 11% dearer (callgrind, clean text of 23 languages under the experimental switches).
#[inline(never)]
fn advance_code(table: &Table, state: &[u32; STATES], u: u32) -> [u32; STATES] {
    let u = u as usize;
    if u >= 0x10000 {
        return [0; STATES];
    }
    let block = &table.blocks[table.block_of[u >> 8] as usize];
    let r = &table.records[block[u & 0xFF] as usize];
    let mut next = [0u32; STATES];
    for (from, &pages_in) in state.iter().enumerate() {
        if pages_in == 0 {
            continue;
        }
        for (to, slot) in next.iter_mut().enumerate() {
            *slot |= pages_in & r.moves[from][to];
        }
    }
    next
}

/// Scans `text` (see the module's documentation). With `all` false, it may stop at the first
/// run an extra page reads, once ftfy's pages are out of the question.
pub fn scan(text: &str, all: bool) -> Found {
    let table = table();
    let used = (1u32 << (FTFY_BIT + super::repair::REPAIR_CODE_PAGES.len())) - 1;
    // The pages for which every run so far re-encodes (ftfy's pages must read it all).
    let mut ftfy_ok = FTFY & used;
    // The pages still worth following: ftfy's while every run read, and the extra pages (but
    // those already found, when one is enough).
    let mut live = used;
    // Per state, the pages whose automaton may be in it.
    let mut state = [0u32; STATES];
    state[OWE_NOTHING] = live;
    let mut alive = true;
    let mut in_run = false;
    let mut pages = 0u32;
    // Byte by byte: ASCII ends a run; the rest of a run whose automata are all dead is
    // skipped to the next ASCII byte without decoding its characters.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if in_run {
                pages |= state[OWE_NOTHING];
                ftfy_ok &= state[OWE_NOTHING];
                in_run = false;
                live = (!FTFY & used & if all { !0 } else { !pages }) | ftfy_ok;
                if live == 0 || (!all && pages & !FTFY != 0 && ftfy_ok == 0) {
                    break;
                }
                state = [0; STATES];
                state[OWE_NOTHING] = live;
                alive = true;
            }
            i += 1;
            continue;
        }
        in_run = true;
        if alive {
            let (u, n) = super::codecs::code_point_at(bytes, i);
            state = advance_code(table, &state, u);
            alive = state.iter().any(|&s| s != 0);
            i += n;
        } else {
            // To the next ASCII byte, eight bytes at a time while all eight are beyond ASCII.
            i += 1;
            while let Some(chunk) = bytes.get(i..i + 8) {
                let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
                let ascii = !word & 0x8080_8080_8080_8080;
                if ascii != 0 {
                    i += (ascii.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            while bytes.get(i).is_some_and(|&b| b >= 0x80) {
                i += 1;
            }
        }
    }
    if in_run {
        pages |= state[OWE_NOTHING];
        ftfy_ok &= state[OWE_NOTHING];
    }
    Found {
        pages: pages & !FTFY,
        under_ftfy: ftfy_ok != 0 && !text.is_ascii(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::codepages::CodePage;
    use std::collections::HashMap;

    // The build as it was.
    /// Notes that `c` has the encoding `bytes` in the page of bit `bit`.
    fn add(map: &mut HashMap<char, Record>, c: char, bit: usize, bytes: &[u8]) {
        let variants = bit >= FTFY_BIT;
        let r = map.entry(c).or_default();
        for from in 0..STATES {
            let mut state = Some(from);
            for &b in bytes {
                state = state.and_then(|s| step(s, kind(b, variants)));
            }
            if let Some(to) = state {
                r.moves[from][to] |= 1 << bit;
            }
        }
    }

    fn add_page(map: &mut HashMap<char, Record>, cp: &CodePage, bit: usize) {
        for b in 0x80..=0xFFu8 {
            if let Some(c) = crate::encoding::codecs::decode_byte(cp, b) {
                if !c.is_ascii() {
                    add(map, c, bit, &[b]);
                }
            }
        }
    }

    fn build_reference() -> Table {
        let mut map: HashMap<char, Record> = HashMap::new();
        let mut codes: Vec<(char, Code)> = Vec::new();
        for (i, page) in extended::PAGES.iter().enumerate() {
            extended::reference::all_codes(page, &mut codes);
            for (c, code) in &codes {
                add(&mut map, *c, i, code.as_slice());
            }
        }
        for (k, cp) in crate::encoding::repair::REPAIR_CODE_PAGES
            .iter()
            .enumerate()
        {
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
        let (block_of, blocks) = pack_blocks(&per_char);
        Table {
            block_of,
            blocks,
            records,
        }
    }

    fn record_of(table: &Table, u: usize) -> &Record {
        &table.records[table.blocks[table.block_of[u >> 8] as usize][u & 0xFF] as usize]
    }

    #[test]
    fn the_table_is_as_before() {
        let old = build_reference();
        let new = table();
        assert_eq!(new.records.len(), old.records.len());
        assert_eq!(new.blocks.len(), old.blocks.len());
        for u in 0..0x10000 {
            assert!(record_of(new, u) == record_of(&old, u), "U+{u:04X}");
        }
    }
}
