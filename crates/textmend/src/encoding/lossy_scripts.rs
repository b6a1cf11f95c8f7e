//! Lossy recovery for text in any script: Cyrillic, Greek, Hebrew, Arabic, Thai, Devanagari,
//! Chinese, Japanese, Korean, and Latin languages beyond the letter model of [`super::model`].
//!
//! [`super::lossy`] restores Latin-script prose, where what was lost is mostly punctuation.
//! UTF-8 in other scripts loses letters: every Cyrillic `р..я` is `D1 80..8F`, so a Russian
//! line decoded as Latin-1 with its C1 controls deleted keeps `Ð¸` for `и` but only `Ñ` for
//! `р`, `с`, `т`..., and a Chinese character loses one or both of its continuation bytes three
//! times in four. Such a line is mapped back to bytes through each code page as in
//! [`super::lossy`] (the lost bytes deleted, or each replaced by `?` or U+FFFD), every
//! character each short sequence could have been is listed, and a Viterbi search over the
//! whole line, with a character model per language, picks the likeliest reading: those of
//! `tables::lossy_scripts_model`, from wordfreq's word lists (letter bigrams of 30
//! alphabetic languages, Hindi among them, with their commonest trigrams; for Chinese,
//! Japanese and Korean their commonest characters and the commonest pairs inside words), and
//! for Thai the legacy repair's (`tables::legacy_model`). The search is of the second order
//! (its states are pairs of neighbouring candidates), so that a trigram weighs each choice:
//! in a Bulgarian line through windows-1252, which loses the second byte of `с` and of `я`
//! alike, bigrams alone could not tell `Скрин?ка` apart, and `нск` does.
//!
//! A reading is taken only when it is overwhelmingly likelier than the line as it stands,
//! each scored by the language that suits it best (clean Thai is likely Thai; the same bytes
//! read as UTF-8 are letter salad), and a lost character is filled in only when it clearly
//! beats the runner-up; otherwise the damaged sequence is left as it was.

use super::lossy::{
    completions_with, gap_end, parse, plausible, profiles, Inference, Item, Mode, Profile, Unsure,
};
use super::model;
use crate::tables::legacy_model::LANGS as LEGACY;
use crate::tables::lossy_scripts_model::{CharModel, CHAR_MODELS, CJK_SIGNS, DENSE_MODELS};
use std::sync::OnceLock;

pub(super) mod dbcs;

/// A reading must be at least this much likelier (nats) than the line as it stands.
const MIN_GAIN: f32 = 15.0;
/// ...and at least this much likelier per character of the line as it stands: a long line
/// with one doubtful sequence is no likelier for its length.
const MIN_GAIN_PER_CHAR: f32 = 0.5;
/// A lost character is filled in only if the best reading with it is this much likelier
/// (nats) than the best reading with any other character there.
const MIN_MARGIN: f32 = 0.5;
/// ...and a capital lost at the start of a word (`Ãcole`, [`super::lossy::LOST_CAPITAL_LEAD`])
/// this much: a word's first letter has no letter on its left to tell it, and thirty-odd
/// capitals to choose from (`Ãlodie` read as `Ôlodie` by under a nat). On the lines of
/// [`super::lossy::LOST_CAPITAL_MARGIN`], at 3 nats the experimental readers restored 131
/// and 127 lines and put a wrong letter in 9 and 18; at 4, 117 and 116, and 7 and 12.
const LOST_CAPITAL_MARGIN: f32 = 4.0;
/// A line is read only if what its gaps leave open, the entropy of each gap's candidates
/// by their own costs ([`prior_entropy`]), comes to at most this much per letter (nats; the
/// gaps counted as letters). Past it, too little of the text is left to tell the lost
/// letters. Russian, Thai or Chinese read as Latin-1 or TIS-620 loses a byte in a third
/// or more of its letters, each with a dozen or more candidates, and the readings of such
/// lines put in a wrong character one time in five while restoring almost none; they are
/// left as they were. Japanese read as windows-1252 loses the middle byte of most kana,
/// but each gap has one likely kana among rare characters, and it is still read.
const MAX_UNKNOWN_PER_LETTER: f32 = 0.5;
/// The margin a gap's choice needs: [`LOST_CAPITAL_MARGIN`] where the gap is a capital lost
/// at the start of a word, [`MIN_MARGIN`] otherwise.
fn min_margin(lost_capital: bool) -> f32 {
    if lost_capital {
        LOST_CAPITAL_MARGIN
    } else {
        MIN_MARGIN
    }
}

/// What a margin may be short of [`MIN_MARGIN`] by rounding alone.
const MARGIN_ROUNDING: f32 = 1e-3;
/// Candidates per damaged sequence kept for the search, best in their fixed context first.
const TOP_K: usize = 12;
/// Extra cost (nats) of a letter a language's alphabet does not have: the dense models lump
/// all such letters in one class, which says nothing of any one of them.
const OOV_LETTER: f32 = 7.0;
/// Cost (nats) of a letter of a sparse model's script that is not among its characters.
const SPARSE_OOV: f32 = 13.0;
/// Cost (nats) of an ASCII letter in a language of another script.
const SPARSE_ASCII: f32 = 4.0;
/// Share of a pair's probability given to its bigram, where the model lists it; the rest
/// goes to the character's unigram.
const BIGRAM_WEIGHT: f32 = 0.8;
/// Cost (nats) of a capital right after a small letter.
const CASE_BREAK: f32 = 4.0;
/// Cost (nats) of a capital right after a capital: words in capitals are rarer than words
/// with one.
const CAPITAL_AFTER_CAPITAL: f32 = 1.5;
/// Cost (nats) of a capital that starts a word inside a line, and of a small letter that
/// starts the line.
const CAPITAL_STARTS_WORD: f32 = 0.7;
const SMALL_STARTS_LINE: f32 = 1.5;
/// Cost (nats) of an ASCII sign (`? , . -`...): a reading that leaves `??` where two bytes
/// were lost pays for them.
const ASCII_SIGN: f32 = 3.0;
/// A reading's letters beyond ASCII that its language writes must outnumber the others
/// this many times.
const MIN_OWN_LETTERS_RATIO: usize = 5;
/// How many languages of a line's script its search tries, those that suit the characters
/// already known best.
const SEARCHED_LANGUAGES: usize = 3;
/// Lines longer than this (in characters) are not read: the search is linear, but costs
/// tens of microseconds a character.
const MAX_LINE_CHARS: usize = 4096;

/// The scripts the languages are written in, as bits.
const LATIN: u16 = 1;
const CYRILLIC: u16 = 2;
const GREEK: u16 = 4;
const HEBREW: u16 = 8;
const ARABIC: u16 = 16;
const THAI: u16 = 32;
const DEVANAGARI: u16 = 64;
const HAN: u16 = 128;
const KANA: u16 = 256;
const HANGUL: u16 = 512;

fn script_bit(c: char) -> u16 {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => LATIN,
        0x370..=0x3FF | 0x1F00..=0x1FFF => GREEK,
        0x400..=0x52F => CYRILLIC,
        0x590..=0x5FF => HEBREW,
        0x600..=0x6FF | 0x750..=0x77F => ARABIC,
        0x900..=0x97F => DEVANAGARI,
        0xE00..=0xE7F => THAI,
        0x3040..=0x30FF => KANA,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF => HAN,
        0xAC00..=0xD7AF | 0x1100..=0x11FF => HANGUL,
        _ => 0,
    }
}

/// The alphabet of the Latin-script language whose letters suit a text best
/// ([`best_latin_alphabet`]).
pub(super) struct LatinAlphabet(Option<&'static Lang>);

impl LatinAlphabet {
    /// Whether `c` is a letter of the alphabet.
    pub(super) fn writes(&self, c: char) -> bool {
        self.0.is_some_and(|l| l.symbol(c) >= 3)
    }
}

/// The alphabet of the Latin-script language whose letters suit `text` best.
pub(super) fn best_latin_alphabet(text: &[char]) -> LatinAlphabet {
    let known: Vec<Folded> = text.iter().map(|&c| Folded::of(c)).collect();
    LatinAlphabet(
        langs()
            .iter()
            .filter(|l| l.scripts & LATIN != 0)
            .map(|l| (letters_cost(l, &known), l))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, l)| l),
    )
}

/// Letters, and the marks that belong inside words.
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    super::model::is_alphabetic(c)
        || ('\u{300}'..='\u{36f}').contains(&c)
        || ('\u{591}'..='\u{5c7}').contains(&c)
        || ('\u{64b}'..='\u{65f}').contains(&c)
        || ('\u{900}'..='\u{97f}').contains(&c)
        || ('\u{e00}'..='\u{e7f}').contains(&c)
}

/// A character as the models see it: a letter (or a mark inside words) folded to its small
/// form, or none. Worked out once per character of a text that every language scores.
#[derive(Clone, Copy)]
struct Folded {
    letter: Option<char>,
}

impl Folded {
    fn of(c: char) -> Folded {
        let letter = if c.is_ascii() {
            c.is_ascii_alphabetic().then(|| c.to_ascii_lowercase())
        } else {
            is_letter(c).then(|| fold(c))
        };
        Folded { letter }
    }
}

fn fold(c: char) -> char {
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// A language model as the search uses it. Symbols: 0 an edge (anything but a letter), 1 an
/// ASCII letter outside the alphabet, 2 any other letter outside it, 3.. the alphabet.
struct Lang {
    /// ISO 639-1 code.
    name: &'static str,
    scripts: u16,
    /// The alphabet, sorted, with each letter's symbol.
    symbols: Vec<(char, u16)>,
    kind: Kind,
}

enum Kind {
    /// A dense model from wordfreq: -10 ln P(b | a) over the edge (0) and the letters, and
    /// the commonest trigrams with their contexts (see `tables::lossy_scripts_model`).
    Wide {
        size: usize,
        bigrams: &'static [u8],
        trigrams: &'static [u32],
        contexts: &'static [u32],
    },
    /// A legacy model: -10 ln P(b | a) for every pair of symbols.
    Dense { size: usize, bigrams: &'static [u8] },
    /// A model of many characters: unigrams, and the commonest pairs inside words.
    Sparse(&'static CharModel),
}

/// An alphabet's letters with their symbols: 3 for the first, as [`Lang`] numbers them.
fn numbered(letters: impl Iterator<Item = char>) -> Vec<(char, u16)> {
    letters
        .enumerate()
        .map(|(i, c)| (c, (i + 3) as u16))
        .collect()
}

/// The scripts of an alphabet's letters beyond ASCII; Latin for an alphabet of ASCII only.
fn alphabet_scripts(symbols: &[(char, u16)]) -> u16 {
    match symbols
        .iter()
        .filter(|(c, _)| !c.is_ascii())
        .fold(0, |acc, &(c, _)| acc | script_bit(c))
    {
        0 => LATIN,
        scripts => scripts,
    }
}

fn langs() -> &'static [Lang] {
    static LANGS: OnceLock<Vec<Lang>> = OnceLock::new();
    LANGS.get_or_init(|| {
        let mut out = Vec::new();
        for m in DENSE_MODELS {
            let symbols = numbered(m.letters.iter().copied());
            let scripts = alphabet_scripts(&symbols);
            out.push(Lang {
                name: m.name,
                scripts,
                symbols,
                kind: Kind::Wide {
                    size: m.letters.len() + 1,
                    bigrams: m.bigrams,
                    trigrams: m.trigrams,
                    contexts: m.contexts,
                },
            });
        }
        // The legacy repair's models, for the languages wordfreq has no list of (Thai).
        for lang in LEGACY
            .iter()
            .filter(|l| !DENSE_MODELS.iter().any(|m| m.name == l.name))
        {
            let symbols = numbered(lang.alphabet.chars());
            let scripts = alphabet_scripts(&symbols);
            out.push(Lang {
                name: lang.name,
                scripts,
                symbols,
                kind: Kind::Dense {
                    size: lang.size,
                    bigrams: lang.bigrams,
                },
            });
        }
        for m in CHAR_MODELS {
            let symbols = numbered(m.chars.iter().copied());
            let scripts = symbols.iter().fold(0, |acc, &(c, _)| acc | script_bit(c));
            out.push(Lang {
                name: m.name,
                scripts,
                symbols,
                kind: Kind::Sparse(m),
            });
        }
        out
    })
}

/// Whether `c` is a letter of a language the reader has a model of (of its alphabet, or
/// among the commonest characters of Chinese, Japanese and Korean).
pub(super) fn is_known_letter(c: char) -> bool {
    let f = Folded::of(c);
    langs().iter().any(|l| l.symbol_of(f) >= 3)
}

/// A symbol in a dense model's own numbering: 0 an edge (or a letter it lacks), i + 1 the
/// i-th letter.
fn own(s: u16) -> u16 {
    if s >= 3 {
        s - 2
    } else {
        0
    }
}

/// What a language knows of the letter after two symbols ([`Lang::context`]): the second,
/// for its bigram; and where the model keeps trigrams of the pair, those trigrams (a run of
/// its table) and what a letter none of them names pays beyond its bigram.
struct Context<'a> {
    b: u16,
    trigrams: &'a [u32],
    backoff: Option<f32>,
}

impl Lang {
    fn symbol(&self, c: char) -> u16 {
        self.symbol_of(Folded::of(c))
    }

    /// [`Lang::symbol`] of a character already folded.
    fn symbol_of(&self, f: Folded) -> u16 {
        let Some(letter) = f.letter else {
            return 0;
        };
        match self.symbols.binary_search_by_key(&letter, |&(ch, _)| ch) {
            Ok(i) => self.symbols[i].1,
            Err(_) => {
                if letter.is_ascii() {
                    1
                } else {
                    2
                }
            }
        }
    }

    /// -ln P(symbol c | symbols a, b), in nats: from the trigrams where the model has them
    /// (the dense models of wordfreq's languages), from the bigram otherwise. A letter after
    /// a context the model keeps, that no trigram of it names, pays the context's share of
    /// the trigrams beyond its bigram.
    fn cost3(&self, a: u16, b: u16, c: u16) -> f32 {
        self.cost_after(&self.context(a, b), c)
    }

    /// Whether the model has trigrams: otherwise a letter's cost depends on the one before
    /// it alone.
    fn has_trigrams(&self) -> bool {
        matches!(self.kind, Kind::Wide { .. })
    }

    /// What the model knows of the letter after symbols `a`, `b` (see [`Lang::cost3`]).
    fn context(&self, a: u16, b: u16) -> Context<'_> {
        let mut context = Context {
            b,
            trigrams: &[],
            backoff: None,
        };
        let Kind::Wide {
            trigrams, contexts, ..
        } = self.kind
        else {
            return context;
        };
        // After a word's edge or a letter the model lacks (which is no word's edge), the
        // bigram says what a letter costs.
        if b < 3 {
            return context;
        }
        let key = (u32::from(own(a)) << 8) | u32::from(own(b));
        let Ok(at) = contexts.binary_search_by_key(&key, |&v| v >> 8) else {
            return context;
        };
        let start = trigrams.partition_point(|&v| v >> 16 < key);
        let end = start + trigrams[start..].partition_point(|&v| v >> 16 == key);
        context.trigrams = &trigrams[start..end];
        context.backoff = Some((contexts[at] & 0xFF) as f32 / 10.0);
        context
    }

    /// -ln P(symbol c | context), in nats.
    fn cost_after(&self, context: &Context, c: u16) -> f32 {
        let bigram = self.cost(context.b, c);
        // (A letter the model lacks: its bigram says what it costs.)
        match context.backoff {
            Some(backoff) if c != 1 && c != 2 => {
                let c = u32::from(own(c));
                match context
                    .trigrams
                    .binary_search_by_key(&c, |&v| (v >> 8) & 0xFF)
                {
                    Ok(i) => (context.trigrams[i] & 0xFF) as f32 / 10.0,
                    Err(_) => bigram + backoff,
                }
            }
            _ => bigram,
        }
    }

    /// -ln P(symbol b | symbol a), in nats.
    fn cost(&self, a: u16, b: u16) -> f32 {
        if a == 0 && b == 0 {
            return 0.0;
        }
        match self.kind {
            Kind::Wide { size, bigrams, .. } => match b {
                1 => SPARSE_ASCII,
                2 => SPARSE_OOV,
                _ => f32::from(bigrams[own(a) as usize * size + own(b) as usize]) / 10.0,
            },
            Kind::Dense { size, bigrams } => {
                let base = f32::from(bigrams[a as usize * size + b as usize]) / 10.0;
                if b == 2 {
                    base + OOV_LETTER
                } else {
                    base
                }
            }
            Kind::Sparse(m) => {
                // The model's own numbering: 0 an edge, i + 1 the i-th character.
                let own = |s: u16| {
                    if s >= 3 {
                        Some(s - 2)
                    } else if s == 0 {
                        Some(0)
                    } else {
                        None
                    }
                };
                let pair = |x: u16, y: u16| {
                    m.bigrams
                        .binary_search_by_key(&(x, y), |&(p, q, _)| (p, q))
                        .ok()
                        .map(|i| f32::from(m.bigrams[i].2) / 10.0)
                };
                match b {
                    0 => match own(a).filter(|&x| x != 0) {
                        Some(x) => pair(x, 0).unwrap_or(2.0),
                        None => 0.0,
                    },
                    1 => SPARSE_ASCII,
                    2 => SPARSE_OOV,
                    _ => {
                        let uni = f32::from(m.unigram[(b - 3) as usize]) / 10.0;
                        match own(a).and_then(|x| pair(x, b - 2)) {
                            Some(bi) => -(BIGRAM_WEIGHT * (-bi).exp()
                                + (1.0 - BIGRAM_WEIGHT) * (-uni).exp())
                            .ln(),
                            None => uni - (1.0 - BIGRAM_WEIGHT).ln(),
                        }
                    }
                }
            }
        }
    }
}

/// Costs (nats) of a capital and of a small letter that start a word inside a line.
#[derive(Clone, Copy)]
struct WordStarts {
    capital: f32,
    small: f32,
}

/// Word starts as the scoring of whole lines takes them: a capital costs a little more.
const WORD_STARTS: WordStarts = WordStarts {
    capital: CAPITAL_STARTS_WORD,
    small: 0.0,
};

/// Pseudo-counts of capital and small word starts that [`line_word_starts`] begins with:
/// with no word of the line to go by, a capital costs what [`CAPITAL_STARTS_WORD`] says.
const PRIOR_CAPITAL_STARTS: f32 = 1.0;
const PRIOR_SMALL_STARTS: f32 = 2.0;

/// The costs of word starts in one line, from its words whose first letter is certain: a
/// line of names, titles or an address capitalises its words, prose does not, and a lost
/// letter that starts a word (`Ä?ech` for `Čech`, `ş` or `Ş`) is most likely of the case
/// its neighbours are.
fn line_word_starts(slots: &[Slot]) -> WordStarts {
    let (mut capital, mut small) = (0usize, 0usize);
    for pair in slots.windows(2) {
        let ([left], [c]) = (&*pair[0].chars, &*pair[1].chars) else {
            continue;
        };
        if is_letter(*left) || !is_letter(*c) {
            continue;
        }
        if c.is_uppercase() {
            capital += 1;
        } else if c.is_lowercase() {
            small += 1;
        }
    }
    let capital = capital as f32 + PRIOR_CAPITAL_STARTS;
    let small = small as f32 + PRIOR_SMALL_STARTS;
    let total = capital + small;
    WordStarts {
        capital: -(capital / total).ln(),
        small: -(small / total).ln(),
    }
}

/// Cost (nats) of the case of letter `c` after `left` (`None`: the start of the line).
fn case_cost(left: Option<char>, c: char) -> f32 {
    case_cost_with(left, c, WORD_STARTS)
}

/// [`case_cost`], with the costs of word starts given.
fn case_cost_with(left: Option<char>, c: char, starts: WordStarts) -> f32 {
    let upper = c.is_uppercase();
    if !upper && !c.is_lowercase() {
        return 0.0;
    }
    match left {
        Some(l) if is_letter(l) => {
            if !upper {
                0.0
            } else if l.is_uppercase() {
                CAPITAL_AFTER_CAPITAL
            } else if l.is_lowercase() {
                CASE_BREAK
            } else {
                0.0
            }
        }
        Some(_) => {
            if upper {
                starts.capital
            } else {
                starts.small
            }
        }
        None => {
            if upper {
                0.0
            } else {
                SMALL_STARTS_LINE
            }
        }
    }
}

/// Cost (nats) of a character beyond its symbol's bigram: symbols by their neighbours'
/// classes, as prose has them; the case of letters.
fn extra_cost(c: char, left: Option<char>, right: Option<char>) -> f32 {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            case_cost(left, c)
        } else if c.is_ascii_alphanumeric() || c.is_ascii_whitespace() {
            0.0
        } else {
            ASCII_SIGN
        };
    }
    if !is_letter(c) {
        if let Ok(i) = CJK_SIGNS.binary_search_by_key(&c, |s| s.0) {
            // A sign of East Asian text, as often as such prose has it.
            return f32::from(CJK_SIGNS[i].1) / 10.0;
        }
        return -model::symbol_log_prob(c, left, right);
    }
    case_cost(left, c)
}

/// What a text's letters (and word edges) cost under `lang`: the part of its cost that is the
/// language's ([`best_cost`]).
fn letters_cost(lang: &Lang, folded: &[Folded]) -> f32 {
    let mut total = 0.0;
    let (mut prev2, mut prev) = (0u16, 0u16);
    for &f in folded {
        let s = lang.symbol_of(f);
        total += lang.cost3(prev2, prev, s);
        (prev2, prev) = (prev, s);
    }
    total + lang.cost3(prev2, prev, 0)
}

/// The part of a text's cost that is the same in every language: signs by their
/// neighbours, the case of letters ([`extra_cost`]).
fn signs_cost(chars: &[char]) -> f32 {
    (0..chars.len())
        .map(|i| {
            let left = i.checked_sub(1).map(|j| chars[j]);
            extra_cost(chars[i], left, chars.get(i + 1).copied())
        })
        .sum()
}

/// The scripts of the letters among `chars` (0: none the models know, then every language
/// is tried).
fn scripts_of(chars: &[char]) -> u16 {
    chars
        .iter()
        .filter(|c| !c.is_ascii())
        .fold(0, |acc, &c| acc | script_bit(c))
        | if chars.iter().any(|c| c.is_ascii_alphabetic()) {
            LATIN
        } else {
            0
        }
}

/// The cost of `chars` under the language that suits them best: its letters' under that
/// language, and its signs'. (Each character is folded once for all the languages.)
fn best_cost(chars: &[char], scripts: u16) -> f32 {
    let folded: Vec<Folded> = chars.iter().map(|&c| Folded::of(c)).collect();
    langs()
        .iter()
        .filter(|l| scripts == 0 || l.scripts & scripts != 0)
        .map(|l| letters_cost(l, &folded))
        .fold(f32::INFINITY, f32::min)
        + signs_cost(chars)
}

/// What a text costs under the one language of the reader's models that suits it best
/// (nats): its letters and word edges, the case of its letters, its signs.
pub(super) fn text_cost(chars: &[char]) -> f32 {
    best_cost(chars, scripts_of(chars))
}

/// The profiles of [`super::lossy`], and windows-874 as Windows has it beside TIS-620: its
/// undefined bytes lost, its nine characters at 0x80..0x9F (`€ … ‘ ’ “ ” • – —`) kept. Fewer
/// candidates for each lost byte make Thai and the scripts read through it less ambiguous.
fn script_profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        let mut out = Vec::new();
        for p in profiles() {
            if p.page.name == "sloppy-windows-874" {
                let mut lost = 0u32;
                for b in 0x80..=0x9Fu32 {
                    if (0x80..=0x9F).contains(&u32::from(p.page.decode[b as usize])) {
                        lost |= 1 << (b - 0x80);
                    }
                }
                if lost != 0 && lost != p.lost {
                    out.push(Profile {
                        page: p.page,
                        lost,
                        index: p.index,
                    });
                }
            }
            out.push(Profile {
                page: p.page,
                lost: p.lost,
                index: p.index,
            });
        }
        out
    })
}

/// One position of a line's reading: a fixed character, or a damaged sequence with the
/// characters it could have been.
struct Slot {
    /// Candidates; one for a fixed character.
    chars: Cands,
    /// Index of the gap among the line's gaps, for a damaged sequence.
    gap: Option<usize>,
}

/// A slot's candidates: a fixed character, held without an allocation (a line has one
/// slot per character, and a vector each was most of the reader's allocations), or the
/// characters a damaged sequence could have been.
enum Cands {
    One(char),
    Many(Vec<char>),
}

impl std::ops::Deref for Cands {
    type Target = [char];

    fn deref(&self) -> &[char] {
        match self {
            Cands::One(c) => std::slice::from_ref(c),
            Cands::Many(cands) => cands,
        }
    }
}

/// A repaired line: its text, the restored characters, and how much likelier it is than
/// the line as it stands (nats).
pub(super) struct ScriptReading {
    pub(super) text: String,
    pub(super) inferences: Vec<Inference>,
    /// The damaged sequences the reading left as they were.
    pub(super) left: Vec<Unsure>,
    pub(super) gain: f32,
    pub(super) code_page: &'static str,
}

/// The likeliest reading of one line as text of any script that lost bytes, if it is
/// overwhelmingly likelier than the line as it stands.
pub(super) fn read_line(line: &str, offset: usize) -> Option<ScriptReading> {
    if line.is_ascii() {
        return None;
    }
    // The pre-test's promise holds here too: a line it turns down is not read.
    if !super::lossy::has_suspect(line) || !may_read(line) {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let plain: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let mut orig_cost: Option<f32> = None;
    let mut best: Option<(Option<ScriptReading>, f32)> = None;
    let has_question = line.contains('?');
    let has_fffd = line.contains('\u{fffd}');
    // Where every short sequence is followed by exactly its `?`s (or U+FFFD), the bytes were
    // replaced, not dropped.
    let read = |profile: &Profile, wider: &[(usize, char)]| {
        let mut reading = None;
        for mode in [Mode::Fffd, Mode::Replaced, Mode::Dropped] {
            if (mode == Mode::Replaced && !has_question) || (mode == Mode::Fffd && !has_fffd) {
                continue;
            }
            if mode != Mode::Dropped && parse(line, &chars, profile, mode).is_some() {
                reading = Some((mode, read_with(line, &chars, profile, mode, offset, wider)));
                break;
            }
            if mode == Mode::Dropped {
                reading = Some((mode, read_with(line, &chars, profile, mode, offset, wider)));
            }
        }
        reading
    };
    // Latin-1, which loses every byte of 0x80..0x9F, reads first: a page that loses fewer
    // fills a gap only where Latin-1's reading puts the same character there
    // ([`super::lossy::WIDER_MARGIN`] says why).
    let latin1 = script_profiles()
        .iter()
        .position(|p| p.page.name == "latin-1");
    let mut latin1_reading = latin1.map(|i| read(&script_profiles()[i], &[]));
    let wider: Vec<(usize, char)> = match &latin1_reading {
        // Latin-1 reads the line (so none of windows-1252's signs at 0x80..0x9F is in it),
        // and leaves too much unknown: so do the pages that lose fewer bytes, though they
        // seem surer (each of their gaps has fewer completions, not the right one).
        Some(Some((_, Some(r)))) if r.unsure => return None,
        Some(Some((_, Some(r)))) => r.gap_path.clone(),
        _ => Vec::new(),
    };
    for (i, profile) in script_profiles().iter().enumerate() {
        let reading = if Some(i) == latin1 {
            latin1_reading.take().flatten()
        } else {
            read(profile, &wider)
        };
        {
            let Some((mode, Some(r))) =
                reading.filter(|(_, r)| r.as_ref().is_none_or(|r| !r.unsure))
            else {
                continue;
            };
            let orig = *orig_cost.get_or_insert_with(|| best_cost(&plain, scripts_of(&plain)));
            let gain = orig - r.cost;
            if std::env::var_os("LOSSY_DEBUG").is_some() {
                eprintln!(
                    "[scripts {} {mode:?}] orig {orig:.1} reading {:.1} every gap {:.1} {:?}",
                    profile.page.name, r.cost, r.full_cost, r.text
                );
            }
            // Profiles are weighed by how well they explain the line, each gap read its best
            // way whether or not the choice is clear, and not by the gain of what each
            // would restore: a profile with few lost bytes can fill every gap with the best
            // of its few completions (windows-1252 reads the `р` and `т` that Latin-1 lost
            // as `с`), while the profile that explains the line reads the same gaps far
            // better but not surely enough to fill them all. The better explanation decides,
            // and where it is unsure the line is left as it was.
            //
            // Among profiles, one that could have lost more kinds of byte explains more by
            // chance: each lost byte costs the log of how many it could have been.
            let choice =
                orig - r.full_cost - r.missing as f32 * (profile.lost.count_ones() as f32).ln();
            if best.as_ref().is_none_or(|b| choice > b.1) {
                best = Some((
                    r.filled.then_some(ScriptReading {
                        text: r.text,
                        inferences: r.inferences,
                        left: r.left,
                        gain,
                        code_page: profile.page.name,
                    }),
                    choice,
                ));
            }
        }
    }
    best.and_then(|b| b.0).filter(|b| {
        b.text != line && b.gain >= MIN_GAIN && b.gain >= MIN_GAIN_PER_CHAR * chars.len() as f32
    })
}

/// One profile's reading of a line ([`read_with`]).
struct Read {
    /// The line with the gaps whose choice is clear filled.
    text: String,
    inferences: Vec<Inference>,
    /// The gaps left as they were.
    left: Vec<Unsure>,
    /// The cost of `text`, under the language that suits it best.
    cost: f32,
    /// The cost of the line with every gap filled by the best reading, clear or not.
    full_cost: f32,
    /// Bytes lost, over all gaps.
    missing: usize,
    /// Whether some gap was filled.
    filled: bool,
    /// Each gap's first character (its index in the line) and the character the best
    /// reading put there, clear or not.
    gap_path: Vec<(usize, char)>,
    /// The gaps leave too much unknown to read the line ([`MAX_UNKNOWN_PER_LETTER`]); the
    /// reading is otherwise empty.
    unsure: bool,
}

impl Read {
    /// The outcome of a line whose gaps leave too much unknown.
    fn unsure(missing: usize) -> Read {
        Read {
            text: String::new(),
            inferences: Vec::new(),
            left: Vec::new(),
            cost: f32::INFINITY,
            full_cost: f32::INFINITY,
            missing,
            filled: false,
            gap_path: Vec::new(),
            unsure: true,
        }
    }
}

/// The reading of one line through one profile and mode: its text, its inferences and its
/// cost under the language that suits it best.
fn read_with(
    line: &str,
    chars: &[(usize, char)],
    profile: &Profile,
    mode: Mode,
    offset: usize,
    wider: &[(usize, char)],
) -> Option<Read> {
    let (items, bytes) = parse(line, chars, profile, mode)?;
    // Slots, and the scripts of the characters that are certain.
    let mut slots: Vec<Slot> = Vec::with_capacity(items.len());
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(items.len());
    let mut scripts = 0u16;
    let mut gap_scripts = 0u16;
    let mut gaps = 0;
    // Which gaps are a capital lost at the start of a word.
    let mut lost_capitals: Vec<bool> = Vec::new();
    // Bytes lost, over all gaps.
    let mut missing = 0usize;
    let mut cache: Vec<(&[u8], Vec<char>)> = Vec::new();
    for item in &items {
        match *item {
            Item::Literal(i) => {
                slots.push(Slot {
                    chars: Cands::One(chars[i].1),
                    gap: None,
                });
                spans.push((i, i + 1));
            }
            Item::Skip(start, end) => {
                slots.push(Slot {
                    chars: Cands::One(' '),
                    gap: None,
                });
                spans.push((start, end));
            }
            Item::Complete { start, end, ch } => {
                if !plausible(ch) {
                    return None;
                }
                if is_letter(ch) {
                    scripts |= script_bit(ch);
                }
                slots.push(Slot {
                    chars: Cands::One(ch),
                    gap: None,
                });
                spans.push((start, end));
            }
            Item::Gap(start) => {
                let end = gap_end(&bytes, start, mode);
                let ascii_letter = |i: Option<usize>| {
                    i.and_then(|i| chars.get(i))
                        .is_some_and(|&(_, c)| c.is_ascii_alphabetic())
                };
                // The start or end of the line, or an ASCII character.
                let plain = |i: Option<usize>| {
                    i.and_then(|i| chars.get(i))
                        .is_none_or(|&(_, c)| c.is_ascii())
                };
                let left = start.checked_sub(1);
                // The character before as read: a sequence before decoded (`PÅ™Ãtomn` has
                // `ř` before the `Ã`, not `™`), a gap as a letter.
                let before = slots.last().map(|s: &Slot| match &s.chars {
                    Cands::One(c) => *c,
                    Cands::Many(_) => 'a',
                });
                let after = chars.get(end).map(|&(_, c)| c);
                let lost_capital = end == start + 1
                    && super::lossy::lost_capital_starts_word(chars[start].1, before, after);
                if end == start + 1
                    && model::is_latin_letter(chars[start].1)
                    && (ascii_letter(left)
                        || ascii_letter(Some(end))
                        || (plain(left) && plain(Some(end))))
                    && !lost_capital
                {
                    // A lone lead byte that is a Latin letter beside an ASCII one, or between
                    // ASCII characters, is an accented letter of a Latin word (`révolution`,
                    // `Ça`, `à`) as often as the start of a damaged sequence: it stays as it
                    // is. Not `Ã` that starts a word before a small letter (`Ãcole`), which
                    // no word starts with.
                    slots.push(Slot {
                        chars: Cands::One(chars[start].1),
                        gap: None,
                    });
                    spans.push((start, end));
                    continue;
                }
                if mode == Mode::Dropped && matches!(chars.get(end), Some((_, '\'' | '"'))) {
                    // A straight quote where a continuation byte should be may be a curly one
                    // straightened (`‚` is byte 82 in windows-1251 and -1252), not a loss.
                    return None;
                }
                let key = &bytes[start..end];
                let need = match key[0] {
                    0xC2..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                missing += need - key.iter().filter(|&&b| (0x80..=0xBF).contains(&b)).count() - 1;
                let cands = match cache.iter().find(|(k, _)| *k == key) {
                    Some((_, c)) => c.clone(),
                    None => {
                        let c = completions_with(key, profile, mode, true)?.to_vec();
                        cache.push((key, c.clone()));
                        c
                    }
                };
                if cands.is_empty() {
                    return None;
                }
                for &c in &cands {
                    if is_letter(c) {
                        gap_scripts |= script_bit(c);
                    }
                }
                slots.push(Slot {
                    chars: Cands::Many(cands),
                    gap: Some(gaps),
                });
                lost_capitals.push(lost_capital);
                gaps += 1;
                spans.push((start, end));
            }
        }
    }
    if gaps == 0 {
        return None;
    }
    let letters = slots
        .iter()
        .filter(|s| s.gap.is_some() || is_letter(s.chars[0]))
        .count();
    let unknown: f32 = slots
        .iter()
        .filter(|s| s.gap.is_some())
        .map(|s| prior_entropy(&s.chars))
        .sum();
    if unknown > MAX_UNKNOWN_PER_LETTER * letters as f32 {
        return Some(Read::unsure(missing));
    }
    let scripts = if scripts != 0 { scripts } else { gap_scripts };
    let (path, margins, lang) = search_languages(&slots, scripts)?;
    show_gaps(" ", &slots, &path, &margins, lang);
    // The line with every gap read as the search read it.
    let full: Vec<char> = slots
        .iter()
        .zip(&spans)
        .enumerate()
        .flat_map(|(k, (slot, &(start, end)))| {
            let seen = chars[start..end].iter().map(|&(_, c)| c);
            match (&items[k], slot.gap) {
                (Item::Literal(_) | Item::Skip(..), _) => seen.collect::<Vec<char>>(),
                _ => vec![path[k]],
            }
        })
        .collect();
    let full_cost = best_cost(&full, scripts_of(&full));
    // The characters that are certain, for the language of a capital lost at the start of
    // a word.
    let alphabet = lost_capitals.contains(&true).then(|| {
        let certain: Vec<char> = slots
            .iter()
            .map(|s| if s.gap.is_some() { ' ' } else { s.chars[0] })
            .collect();
        best_latin_alphabet(&certain)
    });
    // The text: fixed characters, and each gap filled where its choice is clear.
    let mut text = String::with_capacity(line.len());
    let mut out_chars: Vec<char> = Vec::with_capacity(slots.len());
    let mut inferences = Vec::new();
    let mut left = Vec::new();
    let mut filled = false;
    for (k, (slot, &(start, end))) in slots.iter().zip(&spans).enumerate() {
        let seen: &str = &line[chars[start].0..chars.get(end).map_or(line.len(), |&(b, _)| b)];
        match (&items[k], slot.gap) {
            (Item::Literal(_), _) | (Item::Skip(..), _) => {
                text.push_str(seen);
                out_chars.extend(seen.chars());
            }
            // (Costs are mostly whole tenths of a nat, so margins of exactly MIN_MARGIN are
            // common; summed in another order, they come out a rounding error either side.)
            // (A capital lost at the start of a word must be a letter of the language the
            // certain letters are in: the search weighs its language by the letter too, and
            // read `Øyvindbø`, Norwegian, as Icelandic `Þyvindbø`.)
            (_, Some(g))
                if margins[g] < min_margin(lost_capitals[g]) - MARGIN_ROUNDING
                    || (lost_capitals[g]
                        && !alphabet.as_ref().is_some_and(|a| a.writes(path[k]))) =>
            {
                text.push_str(seen);
                out_chars.extend(seen.chars());
                left.push(Unsure::one(offset + chars[start].0, seen.to_string()));
            }
            (_, Some(_))
                if wider.iter().any(|&(at, c)| at == start && c != path[k])
                    && (start..end).all(|i| u32::from(bytes[i]) == u32::from(chars[i].1)) =>
            {
                // Latin-1 reads the same bytes otherwise: this page's few completions may be
                // the best of a poor lot.
                text.push_str(seen);
                out_chars.extend(seen.chars());
                left.push(Unsure::one(offset + chars[start].0, seen.to_string()));
            }
            _ if seen.chars().eq(std::iter::once(path[k])) => {
                text.push_str(seen);
                out_chars.push(path[k]);
            }
            _ => {
                let c = path[k];
                if !known_to(lang, c) {
                    // A letter the language does not use, or a sign prose does not: not
                    // what this text was.
                    return None;
                }
                filled |= slot.gap.is_some();
                text.push(c);
                out_chars.push(c);
                if seen.chars().ne(std::iter::once(c)) {
                    inferences.push(Inference {
                        position: offset + chars[start].0,
                        seen: seen.to_string(),
                        chosen: c.to_string(),
                        code_page: profile.page.name,
                        runner_up: None,
                        // A whole sequence decoded is no guess: `f32::MAX` marks it.
                        margin: slot.gap.map_or(f32::MAX, |g| margins[g]),
                    });
                }
            }
        }
    }
    if !writes_mostly(lang, &out_chars) {
        return None;
    }
    let cost = best_cost(&out_chars, scripts_of(&out_chars));
    let gap_path = slots
        .iter()
        .zip(&spans)
        .enumerate()
        .filter(|(_, (slot, _))| slot.gap.is_some())
        .map(|(k, (_, &(start, _)))| (start, path[k]))
        .collect();
    Some(Read {
        text,
        inferences,
        left,
        cost,
        full_cost,
        missing,
        filled,
        gap_path,
        unsure: false,
    })
}

/// The best reading of `slots` among the languages of `scripts`: its characters, each gap's
/// margin, and the language. The languages searched are those of the scripts, and of them
/// the few that suit the characters already known best (the search costs a pass per
/// language).
fn search_languages(slots: &[Slot], scripts: u16) -> Option<(Vec<char>, Vec<f32>, &'static Lang)> {
    let mut candidates: Vec<&Lang> = langs()
        .iter()
        .filter(|l| l.scripts & scripts != 0)
        .collect();
    if candidates.len() > SEARCHED_LANGUAGES {
        // (What every language pays alike, the signs, does not rank them.)
        let known: Vec<Folded> = slots
            .iter()
            .filter(|s| s.gap.is_none())
            .map(|s| Folded::of(s.chars[0]))
            .collect();
        let mut ranked: Vec<(f32, &Lang)> = candidates
            .iter()
            .map(|&l| (letters_cost(l, &known), l))
            .collect();
        ranked.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        candidates = ranked
            .into_iter()
            .take(SEARCHED_LANGUAGES)
            .map(|(_, l)| l)
            .collect();
    }
    let mut best: Option<(f32, Vec<char>, Vec<f32>, &Lang)> = None;
    let starts = line_word_starts(slots);
    let prepared = prepare(slots);
    for lang in candidates {
        let (cost, path, margins) = search(lang, slots, &prepared, starts);
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, path, margins, lang));
        }
    }
    best.map(|(_, path, margins, lang)| (path, margins, lang))
}

/// With `LOSSY_DEBUG` set, prints each gap's choice and margin after `label`.
fn show_gaps(label: &str, slots: &[Slot], path: &[char], margins: &[f32], lang: &Lang) {
    if std::env::var_os("LOSSY_DEBUG").is_some() {
        let gapped: Vec<(char, f32)> = slots
            .iter()
            .enumerate()
            .filter_map(|(k, s)| s.gap.map(|g| (path[k], margins[g])))
            .collect();
        eprintln!("{label} {} gaps {gapped:?}", lang.name);
    }
}

/// Whether `chars` are text of `lang`: nearly all their letters beyond ASCII are letters the
/// language writes (a few CJK characters scattered through Latin junk are not).
fn writes_mostly(lang: &Lang, chars: &[char]) -> bool {
    let (mut own, mut other) = (0usize, 0usize);
    for &c in chars.iter().filter(|c| !c.is_ascii() && is_letter(**c)) {
        if known_to(lang, c) {
            own += 1;
        } else {
            other += 1;
        }
    }
    other * MIN_OWN_LETTERS_RATIO <= own
}

/// Whether a reading in `lang` may restore `c`: a letter of its alphabet or its script
/// (names keep rare letters), or a sign of prose.
fn known_to(lang: &Lang, c: char) -> bool {
    if c.is_ascii() || c.is_whitespace() {
        return true;
    }
    if is_letter(c) {
        // (The modifier letters apostrophe and turned comma are the apostrophes of
        // Ukrainian, Uzbek and Hawaiian, in any script.)
        lang.symbol(c) >= 3 || script_bit(c) & lang.scripts != 0 || matches!(c, 'ʻ' | 'ʼ')
    } else {
        model::is_known(c)
            || c.is_numeric()
            || matches!(c as u32, 0x2000..=0x206F | 0x3000..=0x303F | 0xFF00..=0xFFEF)
    }
}

/// A candidate of a slot as every language's search takes it: the character, folded, and
/// the part of its cost that no language's letters decide (a sign beside its neighbours).
struct Prepared {
    c: char,
    folded: Folded,
    local: f32,
}

/// Each slot's candidates, prepared once for the searches of all the languages tried.
fn prepare(slots: &[Slot]) -> Vec<Vec<Prepared>> {
    let n = slots.len();
    let fixed = |k: usize| -> Option<char> {
        slots
            .get(k)
            .and_then(|s| (s.chars.len() == 1).then(|| s.chars[0]))
    };
    let mut prepared: Vec<Vec<Prepared>> = (0..n)
        .map(|k| {
            // Unknown neighbours are taken as letters for the symbol costs.
            let l_ctx = (k > 0).then(|| fixed(k - 1).unwrap_or('a'));
            let r_ctx = (k + 1 < n).then(|| fixed(k + 1).unwrap_or('a'));
            slots[k]
                .chars
                .iter()
                .map(|&c| {
                    let folded = Folded::of(c);
                    let local = if folded.letter.is_some() {
                        0.0
                    } else {
                        extra_cost(c, l_ctx, r_ctx)
                    };
                    Prepared { c, folded, local }
                })
                .collect()
        })
        .collect();
    pair_brackets(&mut prepared);
    prepared
}

/// What a letter costs on its own, as the character models have it at best (a bracket's
/// gap holds signs and rare characters: `㐀` `㍀` beside `、」』【〝`).
fn letter_prior(c: char) -> f32 {
    CHAR_MODELS
        .iter()
        .filter_map(|m| {
            let i = m.chars.binary_search(&c).ok()?;
            Some(f32::from(m.unigram[i]) / 10.0)
        })
        .fold(SPARSE_OOV, f32::min)
}

/// The entropy (nats) of what a gap could have been, each candidate weighed by what it
/// costs on its own ([`letter_prior`]): the log of the number of candidates where the
/// models know none of them better (the letters of an alphabet), near 0 where one stands
/// out (a kana beside the rare characters of CJK Extension A that the same bytes make).
fn prior_entropy(cands: &[char]) -> f32 {
    let costs: Vec<f32> = cands.iter().map(|&c| letter_prior(c)).collect();
    let least = costs.iter().copied().fold(f32::INFINITY, f32::min);
    let weights: Vec<f32> = costs.iter().map(|&c| (least - c).exp()).collect();
    let total: f32 = weights.iter().sum();
    weights
        .iter()
        .map(|&w| w / total)
        .filter(|&q| q > 0.0)
        .map(|q| -q * q.ln())
        .sum()
}

/// What a bracket left open or closed without its partner costs (nats).
const UNPAIRED: f32 = 10.0;
/// Brackets of one kind open at once that [`pair_brackets`] counts; one more is unpaired.
const MAX_DEPTH: usize = 3;
/// Kinds of bracket on one line that [`pair_brackets`] weighs together (more: none).
const MAX_KINDS: u32 = 4;

/// The brackets of East Asian text, and the fullwidth ones: the kind, and whether it opens.
/// (`「」`, `『』`, `【】`: `」`, `』` and `【` are among the characters one lost byte of
/// `、` leaves in windows-1252, so only their partners tell them apart.)
fn bracket(c: char) -> Option<(u8, bool)> {
    let u = c as u32;
    let pair = |kind: u8, opening: u32| Some((kind, u == opening));
    match u {
        // 〈〉《》「」『』【】, then 〔〕〖〗〘〙〚〛: a pair at each even code point.
        0x3008..=0x3011 | 0x3014..=0x301B => Some(((u - 0x3008) as u8 / 2, u.is_multiple_of(2))),
        // 〝, closed by 〞 or 〟; then the fullwidth （）［］｛｝｟｠ and halfwidth ｢｣.
        0x301D..=0x301F => pair(10, 0x301D),
        0xFF08 | 0xFF09 => pair(11, 0xFF08),
        0xFF3B | 0xFF3D => pair(12, 0xFF3B),
        0xFF5B | 0xFF5D => pair(13, 0xFF5B),
        0xFF5F | 0xFF60 => pair(14, 0xFF5F),
        0xFF62 | 0xFF63 => pair(15, 0xFF62),
        _ => None,
    }
}

/// Brackets pair: where a gap's candidates include brackets (`、」』【〝` for a `、`, `」` or
/// `』` that lost a byte), each candidate is charged what choosing it costs the line in
/// brackets left unpaired ([`UNPAIRED`] each), beyond the gap's cheapest. The cost is exact
/// over the line's brackets (kinds counted apart, each to [`MAX_DEPTH`] deep, the signs'
/// own costs counted), found by a forward and a backward pass over the slots that hold a
/// bracket. A letter counts as no bracket.
fn pair_brackets(prepared: &mut [Vec<Prepared>]) {
    let events: Vec<usize> = (0..prepared.len())
        .filter(|&k| prepared[k].iter().any(|p| bracket(p.c).is_some()))
        .collect();
    if !events.iter().any(|&k| prepared[k].len() > 1) {
        return;
    }
    let mut kinds: Vec<u8> = Vec::new();
    for p in events.iter().flat_map(|&k| &prepared[k]) {
        if let Some((kind, _)) = bracket(p.c) {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    if kinds.len() as u32 > MAX_KINDS {
        return;
    }
    // A state is each kind's count of open brackets, in base MAX_DEPTH + 1.
    let base = MAX_DEPTH + 1;
    let states = base.pow(kinds.len() as u32);
    let place = |kind: u8| base.pow(kinds.iter().position(|&k| k == kind).unwrap_or(0) as u32);
    // The state after `c` in state `s`, and what it cost. (No bracket is a letter.)
    let step = |s: usize, c: char| -> (usize, f32) {
        let Some((kind, opens)) = bracket(c) else {
            return (s, 0.0);
        };
        let unit = place(kind);
        let depth = s / unit % base;
        match (opens, depth) {
            (true, d) if d < MAX_DEPTH => (s + unit, 0.0),
            (false, d) if d > 0 => (s - unit, 0.0),
            _ => (s, UNPAIRED),
        }
    };
    let open_left = |s: usize| {
        let mut open = 0;
        let mut rest = s;
        while rest > 0 {
            open += rest % base;
            rest /= base;
        }
        UNPAIRED * open as f32
    };
    // Each option's own cost: a sign's, from its neighbours; a letter's, which is the
    // search's, as [`letter_prior`] has it.
    let own: Vec<Vec<f32>> = events
        .iter()
        .map(|&k| {
            prepared[k]
                .iter()
                .map(|p| match p.folded.letter {
                    None => p.local,
                    Some(_) => letter_prior(p.c),
                })
                .collect()
        })
        .collect();
    let n = events.len();
    let mut fwd = vec![vec![f32::INFINITY; states]; n + 1];
    fwd[0][0] = 0.0;
    for (e, &k) in events.iter().enumerate() {
        for s in 0..states {
            let here = fwd[e][s];
            if here == f32::INFINITY {
                continue;
            }
            for (p, own) in prepared[k].iter().zip(&own[e]) {
                let (t, cost) = step(s, p.c);
                let v = here + own + cost;
                if v < fwd[e + 1][t] {
                    fwd[e + 1][t] = v;
                }
            }
        }
    }
    let mut bwd = vec![vec![f32::INFINITY; states]; n + 1];
    bwd[n] = (0..states).map(open_left).collect();
    for (e, &k) in events.iter().enumerate().rev() {
        for s in 0..states {
            bwd[e][s] = prepared[k]
                .iter()
                .zip(&own[e])
                .map(|(p, own)| {
                    let (t, cost) = step(s, p.c);
                    own + cost + bwd[e + 1][t]
                })
                .fold(f32::INFINITY, f32::min);
        }
    }
    for (e, &k) in events.iter().enumerate() {
        if prepared[k].len() < 2 {
            continue;
        }
        // What each candidate costs the rest of the line in brackets, at best.
        let rest: Vec<f32> = prepared[k]
            .iter()
            .map(|p| {
                (0..states)
                    .map(|s| {
                        let (t, cost) = step(s, p.c);
                        fwd[e][s] + cost + bwd[e + 1][t]
                    })
                    .fold(f32::INFINITY, f32::min)
            })
            .collect();
        let least = rest.iter().copied().fold(f32::INFINITY, f32::min);
        for (p, r) in prepared[k].iter_mut().zip(rest) {
            p.local += r - least;
        }
    }
}

/// The Viterbi search over a line's slots under one language, with the costs of its word
/// starts (`line_word_starts`): the cost of the best reading, its characters, and each
/// gap's margin (the best reading with another character there, less the best).
fn search(
    lang: &Lang,
    slots: &[Slot],
    prepared: &[Vec<Prepared>],
    starts: WordStarts,
) -> (f32, Vec<char>, Vec<f32>) {
    let n = slots.len();
    let fixed = |k: usize| -> Option<Folded> {
        prepared
            .get(k)
            .and_then(|p| (p.len() == 1).then(|| p[0].folded))
    };
    // Each slot's candidates, pruned by their cost beside fixed neighbours, with the part of
    // their cost that does not depend on the neighbouring choices.
    let mut cands: Vec<Vec<(char, u16, f32)>> = Vec::with_capacity(n);
    for (k, slot) in prepared.iter().enumerate() {
        let ls = k.checked_sub(1).and_then(fixed).map(|l| lang.symbol_of(l));
        let rs = fixed(k + 1).map(|r| lang.symbol_of(r));
        let mut list: Vec<(char, u16, f32, f32)> = slot
            .iter()
            .map(|p| {
                let s = lang.symbol_of(p.folded);
                // For pruning only: the cost beside the fixed neighbours.
                let prune = p.local
                    + match (ls, rs) {
                        (Some(a), Some(b)) => lang.cost(a, s) + lang.cost(s, b),
                        (Some(a), None) => lang.cost(a, s),
                        (None, Some(b)) => lang.cost(s, b),
                        (None, None) => lang.cost(0, s),
                    };
                (p.c, s, p.local, prune)
            })
            .collect();
        if list.len() > TOP_K {
            list.sort_by(|a, b| a.3.partial_cmp(&b.3).unwrap_or(std::cmp::Ordering::Equal));
            list.truncate(TOP_K);
        }
        cands.push(list.into_iter().map(|(c, s, l, _)| (c, s, l)).collect());
    }
    // Second order: a state at slot k is a pair of candidates, (i at k - 1, j at k), stored
    // at i * cands[k].len() + j; before the line's first slot stands one edge.
    let width = |k: usize| if k == 0 { 1 } else { cands[k - 1].len() };
    // The symbol of candidate i at slot k - 1 (the edge before the line).
    let prev_symbol = |k: usize, i: usize| if k == 0 { 0 } else { cands[k - 1][i].1 };
    // Forward: the best cost of the line up to each state, and the candidate before it.
    // What a trigram's context knows is looked up once for each pair of candidates before
    // a slot; a language without trigrams takes the best state before each candidate alone.
    let second_order = lang.has_trigrams();
    let mut alpha: Vec<Vec<f32>> = Vec::with_capacity(n);
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(n);
    for k in 0..n {
        let (w, m) = (width(k), cands[k].len());
        let mut a = vec![f32::INFINITY; w * m];
        let mut b = vec![0usize; w * m];
        if k == 0 {
            for (j, &(c, s, local)) in cands[k].iter().enumerate() {
                a[j] = lang.cost3(0, 0, s) + local + case_cost(None, c);
            }
        } else {
            let before = width(k - 1);
            for i in 0..w {
                let (pc, ps, _) = cands[k - 1][i];
                let (row, from) = (&mut a[i * m..(i + 1) * m], &mut b[i * m..(i + 1) * m]);
                let mut take = |h: usize, base: f32| {
                    let context = lang.context(prev_symbol(k - 1, h), ps);
                    for (j, &(_, s, _)) in cands[k].iter().enumerate() {
                        let v = base + lang.cost_after(&context, s);
                        if v < row[j] {
                            row[j] = v;
                            from[j] = h;
                        }
                    }
                };
                if second_order {
                    for h in 0..before {
                        take(h, alpha[k - 1][h * w + i]);
                    }
                } else {
                    let (mut bh, mut base) = (0, f32::INFINITY);
                    for h in 0..before {
                        if alpha[k - 1][h * w + i] < base {
                            (bh, base) = (h, alpha[k - 1][h * w + i]);
                        }
                    }
                    take(bh, base);
                }
                for (j, &(c, _, local)) in cands[k].iter().enumerate() {
                    row[j] += case_cost_with(Some(pc), c, starts) + local;
                }
            }
        }
        alpha.push(a);
        back.push(b);
    }
    // Backward: the cost of the rest of the line after each state (the same for every
    // candidate before, in a language without trigrams).
    let mut beta: Vec<Vec<f32>> = vec![Vec::new(); n];
    for k in (0..n).rev() {
        let (w, m) = (width(k), cands[k].len());
        let mut bk = vec![f32::INFINITY; w * m];
        for i in 0..w {
            if !second_order && i > 0 {
                bk.copy_within(0..m, i * m);
                continue;
            }
            let ps2 = prev_symbol(k, i);
            for (j, &(c, s, _)) in cands[k].iter().enumerate() {
                let context = lang.context(ps2, s);
                bk[i * m + j] = if k + 1 == n {
                    lang.cost_after(&context, 0)
                } else {
                    let next = cands[k + 1].len();
                    cands[k + 1]
                        .iter()
                        .enumerate()
                        .map(|(l, &(nc, ns, nl))| {
                            lang.cost_after(&context, ns)
                                + case_cost_with(Some(c), nc, starts)
                                + nl
                                + beta[k + 1][j * next + l]
                        })
                        .fold(f32::INFINITY, f32::min)
                };
            }
        }
        beta[k] = bk;
    }
    let Some(last) = n.checked_sub(1) else {
        return (0.0, Vec::new(), Vec::new());
    };
    let m = cands[last].len();
    let (mut end, mut total) = (0, f32::INFINITY);
    for i in 0..width(last) {
        for (j, &(_, s, _)) in cands[last].iter().enumerate() {
            let v = alpha[last][i * m + j] + lang.cost3(prev_symbol(last, i), s, 0);
            if v < total {
                total = v;
                end = i * m + j;
            }
        }
    }
    let mut path = vec![' '; n];
    let (mut i, mut j) = (end / m, end % m);
    for k in (0..n).rev() {
        path[k] = cands[k][j].0;
        if k == 0 {
            break;
        }
        let h = back[k][i * cands[k].len() + j];
        (i, j) = (h, i);
    }
    let gaps = slots.iter().filter(|s| s.gap.is_some()).count();
    let mut margins = vec![0.0; gaps];
    for (k, slot) in slots.iter().enumerate() {
        let Some(g) = slot.gap else { continue };
        let m = cands[k].len();
        let mut mm: Vec<f32> = (0..m)
            .map(|j| {
                (0..width(k))
                    .map(|i| alpha[k][i * m + j] + beta[k][i * m + j])
                    .fold(f32::INFINITY, f32::min)
            })
            .collect();
        mm.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        margins[g] = match mm.get(1) {
            Some(second) => second - mm[0],
            None => f32::INFINITY,
        };
    }
    (total, path, margins)
}

/// A cheap test: could [`read_line`] repair the line? `false` is a promise that it cannot:
/// it is ASCII, too long, or no profile maps it back to bytes that [`parse`] takes
/// ([`super::lossy::structure_parses`]).
pub(super) fn may_read(line: &str) -> bool {
    !line.is_ascii()
        && line.len() <= 4 * MAX_LINE_CHARS
        && line.chars().nth(MAX_LINE_CHARS).is_none()
        && super::lossy::structure_parses(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cost of one reading of the slots, term by term as [`search`] adds them.
    fn path_cost(
        lang: &Lang,
        prepared: &[Vec<Prepared>],
        pick: &[usize],
        starts: WordStarts,
    ) -> f32 {
        let mut total = 0.0;
        let (mut s2, mut s1, mut prev) = (0u16, 0u16, None::<char>);
        for (k, &j) in pick.iter().enumerate() {
            let p = &prepared[k][j];
            let s = lang.symbol_of(p.folded);
            total += lang.cost3(s2, s1, s) + p.local;
            total += match prev {
                None => case_cost(None, p.c),
                Some(pc) => case_cost_with(Some(pc), p.c, starts),
            };
            (s2, s1, prev) = (s1, s, Some(p.c));
        }
        total + lang.cost3(s2, s1, 0)
    }

    /// Slots of fixed characters (one candidate) and gaps, as `read_with` makes them.
    fn slots_of(line: &[Vec<char>]) -> Vec<Slot> {
        let mut gaps = 0;
        line.iter()
            .map(|cands| {
                if cands.len() == 1 {
                    Slot {
                        chars: Cands::One(cands[0]),
                        gap: None,
                    }
                } else {
                    gaps += 1;
                    Slot {
                        chars: Cands::Many(cands.clone()),
                        gap: Some(gaps - 1),
                    }
                }
            })
            .collect()
    }

    /// A gap that may be `、`, `」` or `』` (one lost byte of any) is read by the brackets
    /// around it: a closing bracket after its opening one, an opening one before its
    /// closing one, and `、` where a bracket would be left unpaired; where two gaps could
    /// close the same bracket, neither is chosen over the other.
    #[test]
    fn brackets_pair() {
        let gap = "、」』【〝";
        let choice = |parts: &[&str], k: usize| {
            let line: Vec<Vec<char>> = parts.iter().map(|p| p.chars().collect()).collect();
            let slots = slots_of(&line);
            let prepared = prepare(&slots);
            // (A letter's own cost is the search's; the pairing adds to it.)
            let mut costs: Vec<(f32, char)> = prepared[k]
                .iter()
                .map(|p| {
                    let letter = p.folded.letter.map_or(0.0, |_| letter_prior(p.c));
                    (p.local + letter, p.c)
                })
                .collect();
            costs.sort_by(|a, b| a.0.total_cmp(&b.0));
            (costs[0].1, costs[1].0 - costs[0].0)
        };
        // 『…』 and 【…】: the partner wins, by more than any margin asked.
        let (c, margin) = choice(&["『", "猫", gap, "で"], 2);
        assert_eq!(c, '』');
        assert!(margin > 2.0 * MIN_MARGIN, "{margin}");
        let (c, margin) = choice(&[gap, "お", "】", "本"], 0);
        assert_eq!(c, '【');
        assert!(margin > 2.0 * MIN_MARGIN, "{margin}");
        // No bracket around: the commonest sign.
        let (c, margin) = choice(&["東", gap, "大"], 1);
        assert_eq!(c, '、');
        assert!(margin > 2.0 * MIN_MARGIN, "{margin}");
        // 「…、…」 or 「…」…、: both pair, so the two gaps tie.
        let parts = ["「", "あ", gap, "と", gap, "部"];
        let (first, m1) = choice(&parts, 2);
        let (second, m2) = choice(&parts, 4);
        assert!(
            m1 < MIN_MARGIN && m2 < MIN_MARGIN,
            "{first} {m1} {second} {m2}"
        );
        // A gap with rare letters beside the signs (a byte dropped before `80`) is read
        // the same way: the letters are no free way out of pairing.
        let wide = "、」』【〝㍀㏀㐀㝀";
        let (c, _) = choice(&["「", "あ", wide, "と", wide, "部", "『", "猫", wide], 8);
        assert_eq!(c, '』');
        let parts = ["「", "あ", wide, "と", wide, "部"];
        let ((_, m1), (_, m2)) = (choice(&parts, 2), choice(&parts, 4));
        assert!(m1 < MIN_MARGIN && m2 < MIN_MARGIN, "{m1} {m2}");
    }

    /// The second-order search finds the reading that costs least, as trying every reading
    /// does, in languages with trigrams and without: on lines of Cyrillic letters, spaces and
    /// signs, some slots fixed and some with two to four candidates.
    #[test]
    fn search_finds_the_cheapest_reading() {
        let pool: Vec<char> = "сятрнкаоеиАНЁЯ -".chars().collect();
        let mut rng = 0x5eed_u64;
        let mut next = |n: usize| {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((rng >> 33) as usize) % n
        };
        for _ in 0..300 {
            let len = 4 + next(6);
            let mut line: Vec<Vec<char>> = Vec::new();
            let mut gaps = 0;
            for _ in 0..len {
                let wanted = if gaps < 5 && next(2) == 0 {
                    2 + next(3)
                } else {
                    1
                };
                let mut cands: Vec<char> = Vec::new();
                while cands.len() < wanted {
                    let c = pool[next(pool.len())];
                    if !cands.contains(&c) {
                        cands.push(c);
                    }
                }
                gaps += usize::from(wanted > 1);
                line.push(cands);
            }
            check_search(&line);
        }
    }

    fn check_search(line: &[Vec<char>]) {
        let slots = slots_of(line);
        let gaps = slots.iter().filter(|s| s.gap.is_some()).count();
        let prepared = prepare(&slots);
        let starts = line_word_starts(&slots);
        for name in ["bg", "ru", "ja"] {
            let lang = langs().iter().find(|l| l.name == name).unwrap();
            let (cost, path, margins) = search(lang, &slots, &prepared, starts);
            assert_eq!(margins.len(), gaps);
            // Every reading, the cheapest first found.
            let mut best: Option<(f32, Vec<char>)> = None;
            let mut pick = vec![0usize; line.len()];
            loop {
                let c = path_cost(lang, &prepared, &pick, starts);
                if best.as_ref().is_none_or(|b| c < b.0 - 1e-4) {
                    best = Some((
                        c,
                        pick.iter().enumerate().map(|(k, &j)| line[k][j]).collect(),
                    ));
                }
                let Some(k) = (0..line.len()).rev().find(|&k| pick[k] + 1 < line[k].len()) else {
                    break;
                };
                pick[k] += 1;
                pick[k + 1..].iter_mut().for_each(|j| *j = 0);
            }
            let (best_cost, _) = best.unwrap();
            assert!(
                (cost - best_cost).abs() < 1e-3,
                "{name} {line:?}: {cost} against {best_cost}"
            );
            // The path is one of the cheapest (ties may go either way).
            let pick: Vec<usize> = path
                .iter()
                .enumerate()
                .map(|(k, c)| line[k].iter().position(|x| x == c).unwrap())
                .collect();
            let found = path_cost(lang, &prepared, &pick, starts);
            assert!(
                (found - best_cost).abs() < 1e-3,
                "{name} {line:?}: {path:?}"
            );
        }
    }
}
