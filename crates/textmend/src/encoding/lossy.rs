//! Restoring bytes that were dropped or replaced, from context.
//!
//! Some mojibake loses information. When UTF-8 is decoded with a single-byte code page that
//! leaves bytes 0x80..0x9F undefined (TIS-620, Latin-1, or the holes in windows-1252), those
//! bytes become C1 control characters, and software often deletes them, or turns each into
//! `?`. What is left can no longer be decoded: `’` (`E2 80 99`) read as TIS-620 is `โ` plus
//! two control characters, and once they are gone every `’ “ ”` of a text is the same `โ`.
//!
//! [`repair_dropped_bytes`] maps each line back to bytes through each candidate code page,
//! finds the UTF-8 sequences that are short of continuation bytes, and lists the characters
//! each could have been (the missing bytes are the code page's undefined ones). A text model
//! ([`super::model`]) scores each candidate in its context, and a dynamic programme over the
//! line's gaps, with the open quotes as its state, picks the best consistent reading (quotes
//! pair up and nest: an opening quote before a word, a closing one after it, and a `’` after
//! `ICCs` is an apostrophe because no quote is open). A line is changed only when the reading
//! is far more likely than the text as it stands, and each gap only when its choice clearly
//! beats the runner-up; anything else is left as it was.
//!
//! What counts as evidence, and what guards clean text:
//! - a restored line must be mostly Latin-script letters, before and after;
//! - every damaged sequence must have a Latin-text reading (a Latin letter, a space, or a
//!   symbol prose uses), and every complete sequence must decode to one: Thai words, whose
//!   bytes decode to CJK or combining marks, are not mojibake;
//! - foreign letters glued to Latin words or numbers (`Putinโs`, `โฌ45`) and Thai vowels
//!   with no consonant after them are what mojibake looks like; the same letters in a
//!   word of their own are what Thai looks like;
//! - a line resting on one damaged sequence of foreign letters needs overwhelming evidence,
//!   unless other lines of the same text are confidently damaged the same way.
//!
//! ```
//! use textmend::encoding::repair_dropped_bytes;
//!
//! // "Putin’s “temporary” decree" as UTF-8, read as TIS-620, C1 controls deleted.
//! let (fixed, inferences) = repair_dropped_bytes("Putinโs โtemporaryโ decree").unwrap();
//! assert_eq!(fixed, "Putin’s “temporary” decree");
//! assert_eq!(inferences.len(), 3);
//! // A Thai sentence is left alone.
//! assert!(repair_dropped_bytes("โรงเรียนของเราอยู่ใกล้บ้าน").is_none());
//! ```

use super::codecs::{encode_char, PageSet};
use super::model::{self, is_latin_letter, Langs, LetterCounts};
use super::FastMap;
use crate::tables::codepages::{self, CodePage};
use serde::Serialize;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;
use std::sync::OnceLock;

/// One character that [`repair_dropped_bytes`] restored: from context where bytes were lost,
/// or, with `margin` `f32::MAX` and no runner-up, a whole sequence of the same mojibake
/// decoded as it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inference {
    /// Byte offset, in the text given, of the damaged span.
    pub position: usize,
    /// The damaged span as it was (`โ`, `â€`, `Ã?`).
    pub seen: String,
    /// What it was replaced with.
    pub chosen: String,
    /// The code page the text had been decoded with.
    pub code_page: &'static str,
    /// The next most likely character, if any other fitted the bytes.
    pub runner_up: Option<String>,
    /// How much more likely the choice is than the runner-up, in nats (natural log units):
    /// 2.3 is ten times as likely.
    pub margin: f32,
}

impl Inference {
    /// Whether it restored a sign of prose (a quote, an apostrophe, a dash: no letter or
    /// digit), what the seed article lost (`câest` for `c’est`).
    pub(crate) fn restores_sign(&self) -> bool {
        !self.chosen.is_empty() && !self.chosen.chars().any(char::is_alphanumeric)
    }

    /// Whether it restored a small letter where `text` (whose first byte is at `base` in
    /// the text the position counts in) showed a capital lead ([`is_capital_lead`]) alone,
    /// breaking the case of its word ([`breaks_word_case`]: `straÃe` for `straße`,
    /// `zamykaÄ` for `zamykać`).
    pub(crate) fn restores_broken_capital(&self, text: &str, base: usize) -> bool {
        self.lone_lead_between(text, base)
            .is_some_and(|(shown, prev, next)| {
                is_capital_lead(shown)
                    && self.chosen.chars().all(char::is_lowercase)
                    && breaks_word_case(prev, next)
            })
    }

    /// [`Inference::restores_broken_capital`], or whether it restored a capital where
    /// `text` showed `Ã` alone at the start of a word before a small letter
    /// ([`LOST_CAPITAL_LEAD`]: `Ãcole` for `École`): either is the case of letters that
    /// no clean text and no other damage explains.
    /// `all`: the reading's inferences, this one among them.
    pub(crate) fn restores_case(&self, text: &str, base: usize, all: &[Inference]) -> bool {
        self.restores_broken_capital(text, base) || self.restores_lost_capital(text, base, all)
    }

    /// Whether it restored a capital where `text` showed `Ã` alone at the start of a word
    /// before a small letter ([`LOST_CAPITAL_LEAD`]), its neighbours as the reading with
    /// inferences `all` has them: in `PÅ™Ãtomn` (`Přítomn`, windows-1252 that lost the
    /// byte of `í`) the `Ã` follows `ř`, not the `™` that showed half of it.
    fn restores_lost_capital(&self, text: &str, base: usize, all: &[Inference]) -> bool {
        if self.seen.chars().ne(std::iter::once(LOST_CAPITAL_LEAD))
            || !self.chosen.chars().all(char::is_uppercase)
        {
            return false;
        }
        let Some((shown, prev, next)) = self.lone_lead_between(text, base) else {
            return false;
        };
        // (Inferences come in the order of their positions.)
        let at = all.partition_point(|o| o.position < self.position);
        let prev = at
            .checked_sub(1)
            .map(|k| &all[k])
            .filter(|o| o.position + o.seen.len() == self.position)
            .and_then(|o| o.chosen.chars().next_back())
            .or(prev);
        let end = self.position + self.seen.len();
        let after = all.partition_point(|o| o.position < end);
        let next = all
            .get(after)
            .filter(|o| o.position == end)
            .and_then(|o| o.chosen.chars().next())
            .or(next);
        lost_capital_starts_word(shown, prev, next)
    }

    /// The one character `text` (whose first byte is at `base` in the text the position
    /// counts in) showed where this was restored, and the characters before and after it.
    fn lone_lead_between(
        &self,
        text: &str,
        base: usize,
    ) -> Option<(char, Option<char>, Option<char>)> {
        let mut seen = self.seen.chars();
        let (Some(shown), None) = (seen.next(), seen.next()) else {
            return None;
        };
        let at = self.position.checked_sub(base)?;
        Some((
            shown,
            text.get(..at).and_then(|s| s.chars().next_back()),
            text.get(at + self.seen.len()..)
                .and_then(|s| s.chars().next()),
        ))
    }
}

/// A damaged sequence that lossy recovery found in a line it repaired and left as it was,
/// because context did not decide what it had been. `Config::mark_unsure` writes `marked`
/// there instead of `seen`, and names it in the plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Unsure {
    /// Byte offset, in the text given, of the damaged span.
    pub(crate) position: usize,
    /// The damaged span as it was.
    pub(crate) seen: String,
    /// The span marked: U+FFFD for each character that was lost and not restored, the
    /// characters that are certain as they decode.
    pub(crate) marked: String,
}

impl Unsure {
    /// A damaged span of one lost character, left: marked as one U+FFFD.
    pub(crate) fn one(position: usize, seen: String) -> Unsure {
        Unsure {
            position,
            seen,
            marked: MARK.to_string(),
        }
    }
}

/// What marks a character that was lost and not restored ([`Unsure`]): the replacement
/// character, which every tool reads as "a character was here and could not be decoded".
pub(crate) const MARK: char = '\u{fffd}';

/// A text lossy recovery repaired: the text, what it restored, and what it left unsure in
/// the lines it repaired.
#[derive(Debug)]
pub(crate) struct Repaired {
    pub(crate) text: String,
    pub(crate) inferences: Vec<Inference>,
    pub(crate) left: Vec<Unsure>,
}

impl Repaired {
    /// Nothing yet, for a text of `len` bytes put together line by line.
    pub(crate) fn with_capacity(len: usize) -> Repaired {
        Repaired {
            text: String::with_capacity(len),
            inferences: Vec::new(),
            left: Vec::new(),
        }
    }

    /// Adds the repair of the next line: its text, what it restored, what it left.
    pub(crate) fn add(&mut self, text: &str, inferences: Vec<Inference>, left: Vec<Unsure>) {
        self.text.push_str(text);
        self.inferences.extend(inferences);
        self.left.extend(left);
    }

    /// The whole, if some line was restored.
    pub(crate) fn if_restored(self) -> Option<Repaired> {
        (!self.inferences.is_empty()).then_some(self)
    }
}

/// Keeps of `inferences` those `keep` takes (given each one's index), leaves the others as
/// they were, among `left` (kept in order of position), and returns `text` (whose first
/// byte is at `base`) with only the kept ones made.
pub(crate) fn keep_inferences(
    text: &str,
    base: usize,
    inferences: &mut Vec<Inference>,
    left: &mut Vec<Unsure>,
    mut keep: impl FnMut(usize, &Inference) -> bool,
) -> Option<String> {
    let mut kept = Vec::with_capacity(inferences.len());
    for (k, i) in std::mem::take(inferences).into_iter().enumerate() {
        if keep(k, &i) {
            kept.push(i);
        } else {
            left.push(Unsure::one(i.position, i.seen));
        }
    }
    left.sort_by_key(|u| u.position);
    *inferences = kept;
    let spans = inferences
        .iter()
        .map(|i| (i.position, i.seen.as_str(), i.chosen.as_str()));
    rewrite(text, base, spans).ok()
}

/// `text` with each span `(position, seen, replacement)` replaced, in order of position,
/// each position a byte offset from `base`; where a span is not in `text` as it says, or
/// overlaps the one before, that span's position and `seen`.
pub(crate) fn rewrite<'a>(
    text: &str,
    base: usize,
    spans: impl IntoIterator<Item = (usize, &'a str, &'a str)>,
) -> Result<String, (usize, &'a str)> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (position, seen, replacement) in spans {
        let start = position.wrapping_sub(base);
        let end = start.saturating_add(seen.len());
        if position < base || start < copied || text.get(start..end) != Some(seen) {
            return Err((position, seen));
        }
        out.push_str(&text[copied..start]);
        out.push_str(replacement);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Ok(out)
}

/// Where a line's only evidence is a capital between small letters (`straÃe`) and its
/// readings swap letters for letters, each gap's choice must beat the runner-up by this much
/// (nats, e^5 ≈ 150 times): `ß` after `stra` clears it by 8 to 9, `ł` in `DrzymaÅy` by 5.1,
/// while letters of languages the model knows little of do not (Lithuanian `KalvÄ?nas`,
/// `ė`, read as `ě` by 1.6; `StankeviÄ?ius`, `č`, as `ğ` by 4.4).
const LETTERS_ONLY_MARGIN: f32 = 5.0;

/// A line is repaired only if its best reading is at least this much more likely (in nats)
/// than the line as it stands: e^6 ≈ 400 times. Two damaged quotes around a word, or one
/// `â€` after a word, clear it easily; clean text that merely happens to map onto broken
/// UTF-8 (`C O N C L U S Ã O`, `Irmã`) gains little or nothing.
const MIN_LINE_GAIN: f32 = 6.0;
/// A line whose only evidence is one damaged sequence in letters of another script needs
/// this gain (e^12 ≈ 160,000 times): a lone Thai letter glued to an English word (`Meetล`)
/// is suspicious, but Thai words do sit beside Latin ones in clean text (`ศiPhone 15`), so
/// one alone must be overwhelming.
const MIN_LINE_GAIN_SINGLE: f32 = 12.0;
/// In a text where some line passed `MIN_LINE_GAIN` with a code page, another line read
/// with the same code page needs only this gain (e^2 ≈ 7 times): the text is known to be
/// damaged that way, so a spaced `โ` there is an em dash, not a Thai word.
const MIN_LINE_GAIN_VOUCHED: f32 = 2.0;
/// A gap is filled only if its choice is at least this much more likely than the runner-up
/// (e ≈ 2.7 times; the DP's margins are joint, so a pair of quotes `“R”` against `‘R’`
/// shares one margin); closer calls are left as they were, since a wrong guess would hide
/// the damage.
const MIN_GAP_MARGIN: f32 = 1.0;
/// At least this share of a line's letters must be Latin, before and after repair: the
/// recovery restores Latin-script text. A line that is mostly Thai (or Cyrillic, ...) is
/// taken to be that script, not mojibake.
const MIN_LATIN_SHARE: f32 = 0.5;
/// Cost (nats) of a closing quote when none is open. Not prohibitive: hard-wrapped text
/// closes on one line a quote opened on the line before.
const UNMATCHED_CLOSE: f32 = 6.0;
/// Cost (nats) of an opening quote while one of its kind is already open (English nests
/// single quotes inside double ones, not double inside double).
const NESTED_OPEN: f32 = 3.0;
/// Cost (nats) of each quote still open at the end of the line. Moderate: a quotation that
/// runs over several paragraphs leaves each paragraph but the last unclosed.
const UNCLOSED_AT_END: f32 = 3.0;
/// Cost (nats) of closing a quote while one opened inside it is still open: quotes nest,
/// they do not cross.
const CROSSED: f32 = 3.0;
/// A line of at least this many words, half of them single letters, is letters spaced out.
const SPACED_OUT_MIN_TOKENS: usize = 4;
/// A gap with more possible completions than this is not enumerated: a three-byte lead
/// with both continuation bytes lost has 1,024 (enumerated), a lone four-byte lead 32,768
/// (an emoji; no context could choose among so many).
const MAX_COMPLETIONS: usize = 1100;
/// Candidates per gap kept for the dynamic programme, best local score first.
const TOP_K: usize = 8;
/// A gap filled through a code page with few lost bytes (windows-1252 loses five) is left
/// as it was when Latin-1, which loses all 32 of 0x80..0x9F, reads the same characters
/// there and likes another of its completions this much better (in nats, e^0.5 ≈ 1.6
/// times). The narrower page offers only its few completions, so its choice can be the best
/// of a poor lot: `DaszyÅskiego` has lost the byte of `ń`, not one of windows-1252's holes,
/// and through windows-1252 it reads as `DaszyŁskiego`; `KalvÄnas` lost that of `ė`, which
/// Latin-1 likes a nat better than windows-1252's `č`. (At 2 nats, `Kalvčnas` was written.)
pub(super) const WIDER_MARGIN: f32 = 0.5;

/// How clear (nats) the Latin reader's small letter for a capital lead that breaks its word
/// must be to complete the reading of the reader of every script, which does not take such
/// a lead for a gap ([`completes`]).
const CAPITAL_OVER_SCRIPTS: f32 = 3.0;

/// A way a line may have lost bytes: decoded with `page`, then each byte in `lost` (a mask
/// over 0x80..0x9F) deleted, or replaced by `?`.
pub(super) struct Profile {
    pub(super) page: &'static CodePage,
    pub(super) lost: u32,
    /// Where its page is in [`profile_pages`] (the profile's place in [`profiles`]).
    pub(super) index: usize,
}

pub(super) fn profiles() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        // In order of preference when two fit equally well.
        const NAMES: &[&str] = &[
            "sloppy-windows-1252",
            "sloppy-windows-874",
            "latin-1",
            "sloppy-windows-1251",
            "sloppy-windows-1250",
            "sloppy-windows-1253",
            "sloppy-windows-1254",
            "sloppy-windows-1257",
            "sloppy-windows-1255",
            "sloppy-windows-1258",
        ];
        let mut out = Vec::new();
        for name in NAMES {
            let Some(page) = codepages::ALL.iter().find(|p| p.name == *name) else {
                continue;
            };
            let mut lost = 0u32;
            for b in 0x80..=0x9Fu32 {
                let u = page.decode[b as usize] as u32;
                // windows-874 is TIS-620 plus a few characters at 0x80..0x9F; text decoded
                // as TIS-620 loses all of them.
                if (0x80..=0x9F).contains(&u) || *name == "sloppy-windows-874" {
                    lost |= 1 << (b - 0x80);
                }
            }
            if lost != 0 {
                out.push(Profile {
                    page,
                    lost,
                    index: out.len(),
                });
            }
        }
        out
    })
}

/// The profiles' pages folded into one table, so that encoding a character through any of
/// them is a load or two rather than a search ([`encode_in`]).
fn profile_pages() -> &'static PageSet {
    static PAGES: OnceLock<PageSet> = OnceLock::new();
    PAGES.get_or_init(|| {
        let pages: Vec<&CodePage> = profiles().iter().map(|p| p.page).collect();
        PageSet::new(&pages)
    })
}

/// [`encode_char`] through the profile's page.
#[inline]
fn encode_in(profile: &Profile, c: char) -> Option<u8> {
    if c.is_ascii() {
        return encode_char(profile.page, c);
    }
    profile_pages().byte_of(profile.index, c)
}

fn is_lost(profile: &Profile, b: u8) -> bool {
    (0x80..=0x9F).contains(&b) && profile.lost & (1 << (b - 0x80)) != 0
}

/// The byte that is U+00AD SOFT HYPHEN in most single-byte pages, and the continuation
/// byte of `í` (`C3 AD`), `έ`, `Э` and many more. Text that drops invisible characters
/// (manual pages rendered by groff, text taken out of HTML, cleaning steps that strip
/// format characters) drops it as it drops C1 controls: `todavÃa` for `todavía`.
const SOFT_HYPHEN: u8 = 0xAD;

/// Whether the profile's page shows byte 0xAD as a soft hyphen, which is then lost with
/// the C1 controls where bytes are deleted: the pages of Latin-script text only. Through
/// windows-1251 the soft hyphen would make `Э` a second reading of every `И` that lost
/// its one lost byte (0x98), and the Cyrillic lines of the evaluation corpus, which lost
/// only C1 bytes, came back less often (94 → 90 of 100).
fn drops_soft_hyphen(profile: &Profile) -> bool {
    matches!(
        profile.page.name,
        "latin-1"
            | "sloppy-windows-1252"
            | "sloppy-windows-1250"
            | "sloppy-windows-1254"
            | "sloppy-windows-1257"
    ) && profile.page.decode[usize::from(SOFT_HYPHEN)] == 0xAD
}

/// The bytes the profile loses where bytes are deleted, as a mask over the continuation
/// bytes 80..BF (bit `b - 0x80`): its lost C1 bytes and the soft hyphen.
fn dropped_mask(profile: &Profile) -> u64 {
    u64::from(profile.lost)
        | if drops_soft_hyphen(profile) {
            1 << (SOFT_HYPHEN - 0x80)
        } else {
            0
        }
}

/// What a stretch of the line turned out to be, once mapped back to bytes.
#[derive(Debug)]
pub(super) enum Item {
    /// A character that is its own byte (ASCII), kept as it is.
    Literal(usize),
    /// Characters `start..end` whose bytes form one complete UTF-8 character.
    Complete { start: usize, end: usize, ch: char },
    /// Characters `start..end` whose bytes are a UTF-8 sequence short of bytes.
    Gap(usize),
    /// ASCII characters `start..end`, kept as they are, more than [`ASCII_CONTEXT`] away from
    /// any other character: nothing looks that far from a gap, so a long ASCII stretch is
    /// one item, not one per character (a megabyte line with one damaged spot is parsed and
    /// scored in time for its non-ASCII neighbourhoods, not for every byte five times over).
    Skip(usize, usize),
}

/// How many ASCII characters on either side of a non-ASCII one stay items of their own:
/// more than any look from a gap reaches (its neighbours, and a word of up to
/// [`MAX_WORD_LETTERS`] letters and the one letter past it).
const ASCII_CONTEXT: usize = MAX_WORD_LETTERS + 8;

/// A gap as the Latin-1 reading of a line saw it, for readings through narrower code pages
/// to weigh their choice against ([`WIDER_MARGIN`]).
#[derive(Debug)]
struct WiderGap {
    start: usize,
    end: usize,
    /// Every completion of the gap through Latin-1.
    chars: Rc<CompletionList>,
    /// The likeliest of them in context, best first, with their scores.
    candidates: Vec<Cand>,
}

impl WiderGap {
    /// Whether the wider reading likes another completion of these characters far better
    /// than `c`, itself one of its completions.
    fn prefers_other_than(&self, c: char) -> bool {
        let (Some(best), Some(last)) = (self.candidates.first(), self.candidates.last()) else {
            return false;
        };
        if best.ch == c || !self.chars.contains(&c) {
            return false;
        }
        // Not among the best kept: it scored no better than the last of them.
        let score = self
            .candidates
            .iter()
            .find(|k| k.ch == c)
            .map_or(last.score, |k| k.score);
        best.score - score > WIDER_MARGIN
    }

    /// Whether the wider reading likes `c` best, by at least `margin` over the next.
    fn prefers_by(&self, c: char, margin: f32) -> bool {
        match self.candidates.as_slice() {
            [best, next, ..] => best.ch == c && best.score - next.score >= margin,
            [best] => best.ch == c,
            [] => false,
        }
    }
}

#[derive(Debug)]
struct Gap {
    start: usize,
    end: usize,
    /// Every character the bytes could have been.
    chars: Rc<CompletionList>,
    /// The likeliest of them in their context (at most `TOP_K`), best first.
    candidates: Vec<Cand>,
}

/// What a candidate character does to the quote state.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// Nothing, or what its character always does (`“` opens, `”` closes).
    Plain,
    /// `’` as an apostrophe: part of a word, leaves the quotes as they are.
    Apostrophe,
    /// `’` as a closing single quote.
    CloseSingle,
    /// `„`, `“` or `”` in a line whose style opens double quotes low
    /// ([`model::Typography`]): `„` opens, `“` or `”` closes what it opened.
    Low,
}

/// A candidate for a gap: a character, in a role, with its score in context.
#[derive(Clone, Copy, Debug)]
struct Cand {
    ch: char,
    role: Role,
    score: f32,
}

/// Whether missing bytes were deleted, or each replaced with `?`, or each with U+FFFD.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Mode {
    Dropped,
    Replaced,
    /// Each lost byte became U+FFFD, which [`parse`] maps to the byte [`FFFD_BYTE`].
    Fffd,
}

/// The byte [`parse`] puts for U+FFFD in [`Mode::Fffd`]: one UTF-8 never uses, so it stands
/// only for a lost byte (`ÿ` of Latin-1 shares it, and is read as one inside a sequence).
const FFFD_BYTE: u8 = 0xFF;

/// Whether byte `b` of a parsed line stands for a lost byte in `mode`.
#[inline]
fn is_placeholder(b: u8, mode: Mode) -> bool {
    match mode {
        Mode::Dropped => false,
        Mode::Replaced => b == b'?',
        Mode::Fffd => b == FFFD_BYTE,
    }
}

/// A repaired line.
struct Reading {
    gain: f32,
    /// Whether the evidence is one damaged sequence only, written in letters of another
    /// script, or one Latin letter read as a sign (below): a word of that script, glued
    /// to a Latin one, is clean text often enough, and so is that letter.
    single: bool,
    /// Whether every damaged sequence is one Latin letter read as a sign: `â` is all that
    /// Latin-1 leaves of `’`, `“`, `”` or `—` once both their continuation bytes are lost,
    /// and a letter of Portuguese, Vietnamese, Welsh, Friulian and of place names too
    /// (`Methu â gosod`, Welsh for "failed to set", is not `Methu — gosod`). Such a
    /// reading is taken only in a line with a common word of a language whose style the
    /// reader knows ([`has_style_word`]), or where another line vouches for the damage.
    lone_letters: bool,
    code_page: &'static str,
    text: String,
    inferences: Vec<Inference>,
    /// The damaged sequences the reading left as they were.
    left: Vec<Unsure>,
    /// Whether the reading swaps letters only and left some of its gaps unclear (see
    /// [`LETTERS_ONLY_MARGIN`]): the reader of every script, where it is on, may read
    /// the line whole.
    letters_in_part: bool,
}

/// Restores characters whose UTF-8 bytes were partly lost (deleted or replaced with `?`)
/// after the text was decoded with a single-byte code page. Returns the repaired text and one
/// [`Inference`] per restored character, or `None` when no line could be repaired with
/// confidence (including all clean text). Works line by line; lines that cannot be repaired
/// confidently are returned unchanged.
pub fn repair_dropped_bytes(text: &str) -> Option<(String, Vec<Inference>)> {
    repair_lost_bytes(text, false)
}

/// [`repair_dropped_bytes`], and if `scripts`, with the reader of every other script too
/// (Cyrillic, Greek, Hebrew, Arabic, Thai, Devanagari, Chinese, Japanese, Korean, and Latin
/// languages beyond the Latin letter model; `Config::lossy_other_scripts`).
///
/// ```
/// use textmend::encoding::repair_lost_bytes;
///
/// // "Ирина Петровна Сидорова" as UTF-8, read as windows-1251, where byte 98 (the second
/// // byte of `И`) has no character and was deleted.
/// let broken = "РСЂРёРЅР° РџРµС‚СЂРѕРІРЅР° РЎРёРґРѕСЂРѕРІР°";
/// let (fixed, _) = repair_lost_bytes(broken, true).unwrap();
/// assert_eq!(fixed, "Ирина Петровна Сидорова");
/// // The Latin-script reader alone leaves it.
/// assert!(repair_lost_bytes(broken, false).is_none());
/// ```
pub fn repair_lost_bytes(text: &str, scripts: bool) -> Option<(String, Vec<Inference>)> {
    repair_lost_bytes_reaching(
        text,
        Reach {
            scripts,
            fffd: scripts,
            mostly_latin: false,
        },
    )
    .map(|r| (r.text, r.inferences))
}

/// How far lossy recovery reaches beyond Latin-script prose that lost bytes by deletion or
/// to `?`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reach {
    /// Text of every script ([`super::lossy_scripts`]).
    pub(crate) scripts: bool,
    /// Latin-script prose whose lost bytes became U+FFFD, which ftfy's own repair reads
    /// otherwise (`replace_lossy_sequences`).
    pub(crate) fffd: bool,
    /// Whether the text is known to be one line whose letters are mostly Latin (the Latin
    /// reader's pre-test, [`may_need_repair_known`], took it): the reader need not count them.
    pub(crate) mostly_latin: bool,
}

/// [`repair_lost_bytes`] as far as `reach` says.
pub(crate) fn repair_lost_bytes_reaching(text: &str, reach: Reach) -> Option<Repaired> {
    if text.is_ascii() {
        return None;
    }
    // Each line's best reading; a line that is confidently damaged vouches for the weaker
    // lines damaged the same way.
    let mut offset = 0;
    let mut readings = Vec::new();
    for line in text.split_inclusive('\n') {
        readings.push((line, read_best(line, offset, reach)));
        offset += line.len();
    }
    let strong = |line: &str, r: &Reading| {
        r.gain
            >= if r.single {
                MIN_LINE_GAIN_SINGLE
            } else {
                MIN_LINE_GAIN
            }
            && (!r.lone_letters || (has_style_word(line) && !leaves_a_lone_letter(r)))
    };
    let vouched: Vec<&str> = readings
        .iter()
        .filter_map(|(line, r)| r.as_ref().filter(|r| strong(line, r)))
        .map(|r| r.code_page)
        .collect();
    let mut out = Repaired::with_capacity(text.len());
    let mut changed = false;
    for (line, reading) in readings {
        match reading {
            Some(r)
                if strong(line, &r)
                    || (r.gain >= MIN_LINE_GAIN_VOUCHED && vouched.contains(&r.code_page)) =>
            {
                changed = true;
                out.add(&r.text, r.inferences, r.left);
            }
            _ => out.add(line, Vec::new(), Vec::new()),
        }
    }
    changed.then_some(out)
}

/// [`repair_dropped_bytes`] with the reader of other scripts only ([`super::lossy_scripts`]),
/// whose inferences name every character it changes, whole sequences of mojibake included:
/// for a text whose Latin reading decoded such sequences, which its inferences do not
/// name (a plan could not replay it).
pub(crate) fn repair_lost_letters(text: &str) -> Option<Repaired> {
    if text.is_ascii() {
        return None;
    }
    let mut offset = 0;
    let mut out = Repaired::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match super::lossy_scripts::read_line(line, offset) {
            Some(r) => out.add(&r.text, r.inferences, r.left),
            None => out.add(line, Vec::new(), Vec::new()),
        }
        offset += line.len();
    }
    out.if_restored()
}

/// The likeliest repair of one line over all profiles, if any changes it: as Latin-script
/// prose, else as text of any script ([`super::lossy_scripts`]).
fn read_best(line: &str, offset: usize, reach: Reach) -> Option<Reading> {
    let latin = read_best_latin(line, offset, reach.fffd, reach.mostly_latin);
    if !reach.scripts {
        return latin;
    }
    // Where the Latin reader decodes whole sequences too, the line is more mojibake than
    // lost punctuation, and the reader of every script, which weighs the whole line's
    // letters, reads it first.
    let decodes_whole = |r: &Reading| r.inferences.iter().any(|i| i.margin == f32::MAX);
    if latin
        .as_ref()
        .is_some_and(|r| r.gain >= MIN_LINE_GAIN && !decodes_whole(r) && !r.letters_in_part)
    {
        return latin;
    }
    match super::lossy_scripts::read_line(line, offset) {
        // The reader of every script weighs letters; quotes and dashes, and how they pair,
        // are the Latin reader's to weigh, and so is a capital lead that breaks a word,
        // which the other reader does not take for a gap. Where the Latin reading is the
        // other one with such gaps filled, and otherwise the same, it is taken
        // (`â��Câmara … Marquesâ��`: the other reader closed the quote and left the one
        // that opens it; `FÃ¼rdÅvÃ¡ra`: it decoded `ü` and `á` and left `Å`).
        Some(r)
            if latin
                .as_ref()
                .is_some_and(|l| completes(l, &r.inferences, &r.left, line, offset)) =>
        {
            latin
        }
        Some(r) => Some(Reading {
            gain: r.gain,
            single: false,
            lone_letters: false,
            code_page: r.code_page,
            text: r.text,
            inferences: r.inferences,
            left: r.left,
            letters_in_part: false,
        }),
        None => latin,
    }
}

/// Whether the reading `latin` of `line` (at `offset` in the text) makes every change of
/// another reading (its `inferences`, and the gaps it `left`), and besides only fills gaps
/// the Latin reader weighs best: gaps the other left, with signs of prose (quotes,
/// apostrophes, dashes: no letter or digit), and capital leads that break their word
/// ([`breaks_word_case`]), with a small letter clear by [`CAPITAL_OVER_SCRIPTS`].
fn completes(
    latin: &Reading,
    inferences: &[Inference],
    left: &[Unsure],
    line: &str,
    offset: usize,
) -> bool {
    let same = |a: &Inference, b: &Inference| {
        a.position == b.position && a.seen == b.seen && a.chosen == b.chosen
    };
    let capital_breaking = |i: &Inference| {
        i.margin >= CAPITAL_OVER_SCRIPTS && i.restores_case(line, offset, &latin.inferences)
    };
    let mut added = false;
    for i in &latin.inferences {
        if inferences.iter().any(|o| same(i, o)) {
            continue;
        }
        let was_left = left
            .iter()
            .any(|u| u.position == i.position && u.seen == i.seen);
        let overlaps = inferences.iter().any(|o| {
            o.position < i.position + i.seen.len() && i.position < o.position + o.seen.len()
        });
        if !((was_left && i.restores_sign()) || (!overlaps && capital_breaking(i))) {
            return false;
        }
        added = true;
    }
    added
        && inferences
            .iter()
            .all(|o| latin.inferences.iter().any(|i| same(i, o)))
}

/// The likeliest repair of one line as Latin-script prose, if any changes it. `mostly_latin`:
/// the line is known to be mostly Latin letters ([`Reach::mostly_latin`]).
fn read_best_latin(line: &str, offset: usize, fffd: bool, mostly_latin: bool) -> Option<Reading> {
    if line.is_ascii() {
        return None;
    }
    let has_fffd = fffd && line.contains('\u{fffd}');
    // The profiles that can map every character to a byte `parse` may take (U+FFFD stands
    // for a lost byte in every profile, when it is read so), with no gap `read_line_in` turns
    // down as it parses: the reading fails in the others, in every mode, so they are not
    // tried. Most clean accented lines fail here (`ç`, `é` before a letter).
    let parsing = latin_parsing_profiles(line, has_fffd);
    if parsing == 0 {
        return None;
    }
    // (A line the pre-test took, `mostly_latin`, is known to have another suspect.)
    if !mostly_latin && suspects_only_in_known_words(line) {
        return None;
    }
    with_scratch(|scratch| {
        let Scratch { chars, read } = scratch;
        chars.clear();
        chars.extend(line.char_indices());
        read_best_latin_in(read, line, chars, offset, has_fffd, parsing, mostly_latin)
    })
}

/// [`read_best_latin`] of a line whose characters are `chars` and which the profiles in
/// `parsing` can map back to bytes, in vectors the thread keeps.
fn read_best_latin_in(
    read: &mut ReadScratch,
    line: &str,
    chars: &[(usize, char)],
    offset: usize,
    has_fffd: bool,
    parsing: u16,
    mostly_latin: bool,
) -> Option<Reading> {
    debug_assert!(!mostly_latin || latin_share(line.chars()) >= MIN_LATIN_SHARE);
    if !mostly_latin && latin_share(chars.iter().map(|&(_, c)| c)) < MIN_LATIN_SHARE {
        return None;
    }
    let mut best: Option<Reading> = None;
    // A line without `?` cannot have had its bytes replaced by `?`s (`parse` says so in the
    // end, after a pass over the line).
    let has_placeholder = line.contains('?');
    let mut ascii_letters = LetterCounts::default();
    ascii_letters.add_ascii(line);
    // How the line sets quotes and dashes: told once, by the first reading with a gap.
    let style = OnceCell::new();
    // When every short sequence is followed by exactly its `?`s, the bytes were replaced,
    // not dropped: reading the `?`s as text would leave them in.
    let mode_of = |profile: &Profile| {
        if has_fffd && parse(line, chars, profile, Mode::Fffd).is_some() {
            Mode::Fffd
        } else if has_placeholder && parse(line, chars, profile, Mode::Replaced).is_some() {
            Mode::Replaced
        } else {
            Mode::Dropped
        }
    };
    // Latin-1 reads first where it can, so that the readings through pages with fewer
    // lost bytes can weigh their choices against its gaps ([`WIDER_MARGIN`]).
    let mut wider: Vec<WiderGap> = Vec::new();
    let mut latin1_reading = None;
    let latin1 = profiles()
        .iter()
        .position(|p| p.page.name == "latin-1")
        .filter(|&i| parsing & (1 << i) != 0);
    let read_through = |read: &mut ReadScratch, profile: &Profile, wider: &[WiderGap]| {
        let mode = mode_of(profile);
        read_line_in(
            read,
            line,
            chars,
            &ascii_letters,
            profile,
            mode,
            offset,
            true,
            wider,
            &style,
        )
    };
    if let Some(i) = latin1 {
        // (A reading turned down while parsing leaves the gaps of an earlier one.)
        read.gaps.clear();
        let reading = read_through(read, &profiles()[i], &[]);
        wider.extend(
            read.gaps
                .iter()
                .filter(|g| !g.candidates.is_empty())
                .map(|g| WiderGap {
                    start: g.start,
                    end: g.end,
                    chars: Rc::clone(&g.chars),
                    candidates: g.candidates.clone(),
                }),
        );
        latin1_reading = Some(reading);
    }
    for (i, profile) in profiles().iter().enumerate() {
        if parsing & (1 << i) == 0 {
            continue;
        }
        let reading = if Some(i) == latin1 {
            latin1_reading.take().flatten()
        } else {
            read_through(read, profile, &wider)
        };
        if let Some(r) = reading {
            if best.as_ref().is_none_or(|b| r.gain > b.gain) {
                best = Some(r);
            }
        }
    }
    // Letters spaced out are no text to read (asked last: most lines have no reading).
    let best = best?;
    if best.text == line || latin_share(best.text.chars()) < MIN_LATIN_SHARE || is_spaced_out(line)
    {
        return None;
    }
    Some(best)
}

/// Whether any of the characters is a letter of a script other than Latin.
fn has_foreign_letter(chars: &[(usize, char)]) -> bool {
    chars
        .iter()
        .any(|&(_, c)| !is_latin_letter(c) && model::is_alphabetic(c))
}

/// Whether the line is letters spaced out (`C O N C L U S Ã O`): the letter model reads
/// words, and there every letter is a "word" of one letter.
fn is_spaced_out(line: &str) -> bool {
    let (mut single, mut all) = (0usize, 0usize);
    for token in line.split_whitespace() {
        all += 1;
        let mut it = token.chars();
        if it.next().is_some_and(char::is_alphabetic) && it.next().is_none() {
            single += 1;
        }
    }
    all >= SPACED_OUT_MIN_TOKENS && single * 2 >= all
}

/// Share of the letters that are Latin (1.0 when there are none).
fn latin_share(chars: impl Iterator<Item = char>) -> f32 {
    let (mut latin, mut all) = (0usize, 0usize);
    for c in chars {
        // A Latin letter is alphabetic; asking that first spares most characters Unicode's
        // table search.
        if is_latin_letter(c) {
            latin += 1;
            all += 1;
        } else if model::is_alphabetic(c) {
            all += 1;
        }
    }
    if all == 0 {
        1.0
    } else {
        latin as f32 / all as f32
    }
}

/// Maps the line back to bytes through the profile and splits it into items. `None` if the
/// line cannot be this profile's damaged UTF-8, or has more than [`MAX_GAPS_PER_LINE`] gaps
/// (too many for [`read_line_in`] to weigh).
///
/// The line is encoded as the parse goes, so that one the profile cannot encode, or whose
/// bytes cannot be UTF-8 (a stray continuation byte early on), is given up where that shows,
/// not after encoding the whole line: a long line costs a full pass only with the profiles
/// that read it.
pub(super) fn parse(
    line: &str,
    chars: &[(usize, char)],
    profile: &Profile,
    mode: Mode,
) -> Option<(Vec<Item>, Vec<u8>)> {
    let (mut items, mut bytes) = (Vec::new(), Vec::new());
    parse_with(line, chars, profile, mode, |_| true, &mut items, &mut bytes)?;
    Some((items, bytes))
}

/// [`parse`], failing too at the first gap whose bytes (lead byte, and the continuation
/// bytes or placeholders after it) `gap_ok` turns down: where the reading would turn the
/// line down for it, the rest of the line is not encoded. The items and bytes are written to
/// `items` and `bytes` (emptied first), whose room the caller may keep from line to line.
fn parse_with(
    line: &str,
    chars: &[(usize, char)],
    profile: &Profile,
    mode: Mode,
    mut gap_ok: impl FnMut(&[u8]) -> bool,
    items: &mut Vec<Item>,
    bytes: &mut Vec<u8>,
) -> Option<()> {
    items.clear();
    bytes.clear();
    bytes.reserve(chars.len());
    // Each item takes one character at least (a long line's ASCII stretches are one item
    // each, so its items need not all be reserved).
    items.reserve(chars.len().min(4096));
    let mut i = 0;
    let mut gaps = 0;
    while i < chars.len() {
        if chars[i].1.is_ascii() {
            // An ASCII run: its bytes are its characters in every profile.
            let from = chars[i].0;
            let len = line.as_bytes()[from..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(line.len() - from);
            let end = i + len;
            if bytes.len() < end {
                let have = bytes.len();
                bytes
                    .extend_from_slice(&line.as_bytes()[chars[have].0..chars[have].0 + end - have]);
            }
            if len > 2 * ASCII_CONTEXT {
                items.extend((i..i + ASCII_CONTEXT).map(Item::Literal));
                items.push(Item::Skip(i + ASCII_CONTEXT, end - ASCII_CONTEXT));
                items.extend((end - ASCII_CONTEXT..end).map(Item::Literal));
            } else {
                items.extend((i..end).map(Item::Literal));
            }
            i = end;
            continue;
        }
        // The byte at `i` and the three a sequence may need after it, and no further: a
        // reading that fails (a gap no Latin text completes, a character the profile lacks)
        // leaves the rest of the line unencoded, which is how most readings of a clean line
        // end.
        let upto = (i + 4).min(chars.len());
        if bytes.len() < upto {
            for &(_, c) in &chars[bytes.len()..upto] {
                bytes.push(if mode == Mode::Fffd && c == '\u{fffd}' {
                    FFFD_BYTE
                } else {
                    encode_in(profile, c)?
                });
            }
        }
        let b = bytes[i];
        let need = match b {
            0x00..=0x7F => {
                items.push(Item::Literal(i));
                i += 1;
                continue;
            }
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            // A stray continuation byte, or a byte UTF-8 never uses.
            _ => return None,
        };
        let mut j = i + 1;
        let mut placeholders = 0;
        while j < bytes.len() && j - i - 1 < need {
            match bytes[j] {
                0x80..=0xBF => {}
                b if is_placeholder(b, mode) => placeholders += 1,
                _ => break,
            }
            j += 1;
        }
        let have = j - i - 1;
        if have < need && mode != Mode::Fffd && chars.get(j).is_some_and(|&(_, c)| c == '\u{fffd}')
        {
            // The sequence's next byte became U+FFFD (which ftfy's sloppy pages, and so the
            // profiles, map back to byte 1A): it was replaced, not dropped, and is read as
            // such in `Mode::Fffd` or not at all.
            return None;
        }
        if have == need && placeholders == 0 {
            let ch = std::str::from_utf8(&bytes[i..j]).ok()?.chars().next()?;
            items.push(Item::Complete {
                start: i,
                end: j,
                ch,
            });
        } else {
            if mode != Mode::Dropped && have < need {
                // Every lost byte became a `?`; a sequence still short was not damaged
                // this way.
                return None;
            }
            gaps += 1;
            if gaps > MAX_GAPS_PER_LINE || !gap_ok(&bytes[i..j]) {
                return None;
            }
            items.push(Item::Gap(i));
        }
        i = j;
    }
    if gaps == 0 || (mode != Mode::Dropped && !bytes.iter().any(|&b| is_placeholder(b, mode))) {
        return None;
    }
    Some(())
}

/// The end (exclusive) of the gap starting at `start`: the lead byte and the continuation
/// bytes (or placeholders) after it.
pub(super) fn gap_end(bytes: &[u8], start: usize, mode: Mode) -> usize {
    let need = match bytes[start] {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => 3,
    };
    let mut j = start + 1;
    while j < bytes.len() && j - start - 1 < need {
        match bytes[j] {
            0x80..=0xBF => {}
            b if is_placeholder(b, mode) => {}
            _ => break,
        }
        j += 1;
    }
    j
}

/// Every character the gap's bytes could have been: the lead byte, the bytes still present
/// in order, and the lost bytes (from the profile's lost set) wherever they are missing.
/// `None` when there are too many to list.
fn completions(bytes: &[u8], profile: &Profile, mode: Mode) -> Completions {
    completions_with(bytes, profile, mode, false)
}

/// [`completions`], with every plausible character when `all` (the other scripts' reader
/// scores each with a model of its own), or with one character the Latin model does not
/// know standing for all of them.
pub(super) fn completions_with(
    bytes: &[u8],
    profile: &Profile,
    mode: Mode,
    all: bool,
) -> Completions {
    // The same few damaged sequences recur from line to line (`â` for a lost quote, `Ã`
    // before a letter), and listing one decodes up to a thousand byte strings: each thread
    // remembers the lists it made. They depend on the bytes, the profile's lost bytes and
    // the mode alone.
    if bytes.len() > 4 {
        return completions_listed(bytes, profile, mode, all)
            .map(|l| Rc::new(CompletionList::new(l)));
    }
    let mut packed = (bytes.len() as u64) << 32;
    for (i, &b) in bytes.iter().enumerate() {
        packed |= (b as u64) << (8 * i);
    }
    let key = (packed, dropped_mask(profile), mode as u8 | (all as u8) << 2);
    if let Some(hit) = COMPLETIONS.with(|m| m.borrow().get(&key).cloned()) {
        return hit;
    }
    let value: Completions =
        completions_listed(bytes, profile, mode, all).map(|l| Rc::new(CompletionList::new(l)));
    COMPLETIONS.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= COMPLETIONS_KEPT {
            m.clear();
        }
        m.insert(key, value.clone());
    });
    value
}

/// How many lists of completions each thread keeps ([`completions_with`]): a few hundred
/// kilobytes at most.
const COMPLETIONS_KEPT: usize = 1024;

/// The lists [`completions_with`] keeps, by gap bytes (packed, with their length), lost-byte
/// set, mode and whether all characters were asked for.
type CompletionsMemo = RefCell<FastMap<(u64, u64, u8), Completions>>;

/// What a gap's bytes could have been ([`completions_with`]), shared by the readings that
/// list it; `None` when there are too many to list.
pub(super) type Completions = Option<Rc<CompletionList>>;

/// The characters a gap's bytes could have been, and, worked out when first asked, the best
/// score those the model scores as symbols can have in each context
/// ([`CompletionList::symbol_best`]).
#[derive(Debug, Default)]
pub(super) struct CompletionList {
    chars: Box<[char]>,
    symbols: OnceCell<SymbolBest>,
}

/// What the early bound of [`read_line_in`] asks of a list of completions.
#[derive(Debug)]
struct SymbolBest {
    /// By pair of neighbour classes (`model::context_index`), the best score of the
    /// characters that [`model::log_prob`] scores as symbols (`-inf` if there are none).
    best: [f32; model::CONTEXTS],
    /// The letters of other scripts ([`model::scores_as_foreign_letter`]), scored by their
    /// neighbours alone ([`model::foreign_log_prob`]) without asking again what they are.
    foreign: Box<[char]>,
    /// The other characters, which are scored one by one: one of each kind of letter that
    /// no known word has ([`model::unknown_letter_key`]), every other one.
    others: Box<[char]>,
}

impl CompletionList {
    fn new(chars: Vec<char>) -> CompletionList {
        CompletionList {
            chars: chars.into_boxed_slice(),
            symbols: OnceCell::new(),
        }
    }

    /// [`SymbolBest`] of the list.
    fn symbol_best(&self) -> &SymbolBest {
        self.symbols.get_or_init(|| {
            let mut best = [f32::NEG_INFINITY; model::CONTEXTS];
            let (mut others, mut foreign) = (Vec::new(), Vec::new());
            // Letters that score alike need scoring once (`ê`'s lead byte with both
            // continuation bytes lost may have been any of 96 letters of Latin Extended-D).
            let mut letter_keys = Vec::new();
            for &c in self.chars.iter() {
                if model::scores_as_symbol(c) {
                    let score = model::symbol_log_probs(c);
                    for (context, b) in best.iter_mut().enumerate() {
                        *b = b.max(score(context));
                    }
                } else if let Some(key) = model::unknown_letter_key(c) {
                    if !letter_keys.contains(&key) {
                        letter_keys.push(key);
                        others.push(c);
                    }
                } else if model::scores_as_foreign_letter(c) {
                    foreign.push(c);
                } else {
                    others.push(c);
                }
            }
            SymbolBest {
                best,
                foreign: foreign.into_boxed_slice(),
                others: others.into_boxed_slice(),
            }
        })
    }
}

impl std::ops::Deref for CompletionList {
    type Target = [char];
    fn deref(&self) -> &[char] {
        &self.chars
    }
}

impl PartialEq for CompletionList {
    fn eq(&self, other: &CompletionList) -> bool {
        self.chars == other.chars
    }
}

thread_local! {
    static COMPLETIONS: CompletionsMemo = RefCell::new(FastMap::default());
}

/// [`completions_with`], worked out.
fn completions_listed(bytes: &[u8], profile: &Profile, mode: Mode, all: bool) -> Option<Vec<char>> {
    // The reader of every script (`all`) lists no soft hyphen: through windows-1252 it made
    // Thai `อ` a second reading of each `ก` (`E0 B8 81`), and the Thai, Greek and Japanese
    // lines of the evaluation corpus, which lost only C1 bytes, came back less often.
    let parts = gap_parts(bytes, profile, mode == Mode::Dropped && !all);
    let GapParts {
        lead,
        rest,
        need,
        ref lost,
    } = parts;
    if mode == Mode::Dropped && rest.is_empty() && need <= 2 {
        // A lead byte that lost every continuation byte (`â` for a lost quote), the commonest
        // gap: its completions in the order of `completions_listed_generally`, which counts
        // the second byte fastest.
        if lost.len().pow(need as u32) > MAX_COMPLETIONS {
            return None;
        }
        if need == 2 && !all {
            return Some(lone_three_byte_lead_known(lead, lost));
        }
        let mut kept = Kept::new(all);
        if need == 1 {
            lost.iter()
                .filter_map(|&x| decode_one(&[lead, x]))
                .for_each(|c| kept.consider(c));
        } else {
            for &y in lost {
                lost.iter()
                    .filter_map(|&x| decode_one(&[lead, x, y]))
                    .for_each(|c| kept.consider(c));
            }
        }
        return Some(kept.out);
    }
    completions_listed_generally(&parts, mode, all)
}

/// [`completions_listed`] of a lead byte of a three-byte sequence that lost both
/// continuation bytes, from the bytes in `lost`, keeping what [`Kept`] keeps without `all`:
/// the plausible characters the model knows (few in any block of 4,096) found from
/// their list, and the first plausible one it does not know found by walking the pairs,
/// in the order the pairs are counted (the second byte fastest).
fn lone_three_byte_lead_known(lead: u8, lost: &[u8]) -> Vec<char> {
    // Where each byte is among the lost ones.
    let mut place = [usize::MAX; 0x40];
    for (i, &b) in lost.iter().enumerate() {
        place[usize::from(b & 0x3F)] = i;
    }
    let n = lost.len();
    let mut found: Vec<(usize, char)> = model::known_in_block(lead & 0x0F)
        .iter()
        .filter_map(|&c| {
            let u = c as u32;
            let (x, y) = (0x80 | (u >> 6 & 0x3F) as u8, 0x80 | (u & 0x3F) as u8);
            let (xi, yi) = (place[usize::from(x & 0x3F)], place[usize::from(y & 0x3F)]);
            let reached = xi != usize::MAX && yi != usize::MAX;
            (reached && decode_one(&[lead, x, y]) == Some(c) && plausible(c))
                .then(|| (yi * n + xi, c))
        })
        .collect();
    'pairs: for (yi, &y) in lost.iter().enumerate() {
        for (xi, &x) in lost.iter().enumerate() {
            if let Some(c) = decode_one(&[lead, x, y]) {
                if !model::is_known(c) && plausible(c) {
                    found.push((yi * n + xi, c));
                    break 'pairs;
                }
            }
        }
    }
    found.sort_unstable_by_key(|&(order, _)| order);
    found.into_iter().map(|(_, c)| c).collect()
}

/// What a listing of a gap's completions starts from.
struct GapParts<'a> {
    /// The gap's lead byte.
    lead: u8,
    /// The bytes after it.
    rest: &'a [u8],
    /// How many continuation bytes the lead byte needs.
    need: usize,
    /// The bytes the profile loses, in order.
    lost: Vec<u8>,
}

/// The [`GapParts`] of the gap `bytes` in `profile`.
///
/// With `soft_hyphen`, the soft hyphen is among the lost bytes where the profile's page
/// shows it ([`drops_soft_hyphen`]): the Latin reader's lists, where bytes were deleted.
fn gap_parts<'a>(bytes: &'a [u8], profile: &Profile, soft_hyphen: bool) -> GapParts<'a> {
    let lead = bytes[0];
    let need = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => 3,
    };
    let mut lost: Vec<u8> = (0x80..=0x9Fu8).filter(|&b| is_lost(profile, b)).collect();
    if soft_hyphen && drops_soft_hyphen(profile) {
        lost.push(SOFT_HYPHEN);
    }
    GapParts {
        lead,
        rest: &bytes[1..],
        need,
        lost,
    }
}

/// [`completions_listed`] for any gap: every way the lost bytes may fill the slots the
/// present ones leave.
fn completions_listed_generally(parts: &GapParts<'_>, mode: Mode, all: bool) -> Option<Vec<char>> {
    let GapParts {
        lead,
        rest,
        need,
        ref lost,
    } = *parts;
    // Which of the `need` slots hold a present byte.
    let mut patterns: Vec<Vec<Option<u8>>> = Vec::new();
    match mode {
        Mode::Replaced | Mode::Fffd => {
            patterns.push(
                rest.iter()
                    .map(|&b| {
                        if is_placeholder(b, mode) {
                            None
                        } else {
                            Some(b)
                        }
                    })
                    .collect(),
            );
        }
        Mode::Dropped => {
            let k = rest.len();
            for mask in 0u32..(1 << need) {
                if mask.count_ones() as usize != k {
                    continue;
                }
                let mut it = rest.iter();
                patterns.push(
                    (0..need)
                        .map(|s| {
                            if mask & (1 << s) != 0 {
                                it.next().copied()
                            } else {
                                None
                            }
                        })
                        .collect(),
                );
            }
        }
    }
    let mut total = 0usize;
    for p in &patterns {
        let missing = p.iter().filter(|s| s.is_none()).count() as u32;
        total += lost.len().pow(missing);
    }
    if total > MAX_COMPLETIONS {
        return None;
    }
    let mut kept = Kept::new(all);
    let mut buf = [0u8; 4];
    for p in &patterns {
        let missing: Vec<usize> = (0..need).filter(|&s| p[s].is_none()).collect();
        let n = lost.len().pow(missing.len() as u32);
        for mut code in 0..n {
            buf[0] = lead;
            for (s, slot) in p.iter().enumerate() {
                buf[1 + s] = match slot {
                    Some(b) => *b,
                    None => {
                        let b = lost[code % lost.len()];
                        code /= lost.len();
                        b
                    }
                };
            }
            if let Some(c) = decode_one(&buf[..=need]) {
                kept.consider(c);
            }
        }
    }
    Some(kept.out)
}

/// The characters a listing of completions keeps, in the order it considers them: every
/// plausible one, if `all`; else every plausible one the model knows, and the first plausible
/// one it does not know, which stands for the rest (they all score the same floor).
struct Kept {
    out: Vec<char>,
    all: bool,
    has_unknown: bool,
}

impl Kept {
    fn new(all: bool) -> Kept {
        Kept {
            out: Vec::new(),
            all,
            has_unknown: false,
        }
    }

    fn consider(&mut self, c: char) {
        let known = model::is_known(c);
        if (self.all || known || !self.has_unknown) && plausible(c) {
            self.has_unknown |= !known;
            self.out.push(c);
        }
    }
}

/// The character that `bytes` (a lead byte and as many continuation bytes as it needs) are
/// the UTF-8 of, if they are valid UTF-8: what `str::from_utf8` would find, without its
/// general machinery (a gap's completions decode up to a thousand such strings).
fn decode_one(bytes: &[u8]) -> Option<char> {
    let (&lead, rest) = bytes.split_first()?;
    let (need, mut cp, low, high) = match lead {
        0xC2..=0xDF => (1, lead as u32 & 0x1F, 0x80, 0xBF),
        0xE0 => (2, 0, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (2, lead as u32 & 0x0F, 0x80, 0xBF),
        0xED => (2, 0x0D, 0x80, 0x9F),
        0xF0 => (3, 0, 0x90, 0xBF),
        0xF1..=0xF3 => (3, lead as u32 & 0x07, 0x80, 0xBF),
        0xF4 => (3, 4, 0x80, 0x8F),
        _ => return None,
    };
    if rest.len() != need || !(low..=high).contains(&rest[0]) {
        return None;
    }
    for &b in rest {
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        cp = cp << 6 | (b as u32 & 0x3F);
    }
    char::from_u32(cp)
}

/// Characters text could contain at all: no controls, formatting marks, private use or
/// noncharacters.
pub(super) fn plausible(c: char) -> bool {
    let u = c as u32;
    !(c.is_control()
        || matches!(u, 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF)
        || matches!(u, 0xE000..=0xF8FF | 0xFDD0..=0xFDEF)
        || u & 0xFFFE == 0xFFFE
        || (0xD800..=0xDFFF).contains(&u))
}

/// Quote state of a reading: which quotes are open, innermost last. `D` is a double
/// quote, `S` a single one; deeper nesting than two is not followed. `LOW` is a double quote
/// opened low (`„`), in a line whose style does so.
const EMPTY: usize = 0;
const D: usize = 1;
const S: usize = 2;
const D_S: usize = 3;
const S_D: usize = 4;
const LOW: usize = 5;
const STATES: usize = 6;

/// Whether `c` moves the quote state at all.
fn is_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '”' | '‘' | '’')
}

/// The state after candidate `c` and the cost of the transition, from `state`.
fn step(state: usize, c: &Cand) -> (usize, f32) {
    if c.role == Role::Apostrophe {
        return (state, 0.0);
    }
    if c.role == Role::Low {
        match (c.ch, state) {
            ('„', EMPTY) => return (LOW, 0.0),
            ('„', _) => return (state, NESTED_OPEN),
            ('“' | '”', LOW) => return (EMPTY, 0.0),
            _ => {}
        }
    }
    match (c.ch, state) {
        ('“' | '„', EMPTY) => (D, 0.0),
        ('“' | '„', S) => (S_D, 0.0),
        ('“' | '„', _) => (state, NESTED_OPEN),
        ('‘', EMPTY) => (S, 0.0),
        ('‘', D) => (D_S, 0.0),
        ('‘', _) => (state, NESTED_OPEN),
        ('”', D) => (EMPTY, 0.0),
        ('”', S_D) => (S, 0.0),
        ('”', D_S) => (S, CROSSED),
        ('”', _) => (state, UNMATCHED_CLOSE),
        ('’', S) => (EMPTY, 0.0),
        ('’', D_S) => (D, 0.0),
        ('’', S_D) => (D, CROSSED),
        ('’', _) => (state, UNMATCHED_CLOSE),
        _ => (state, 0.0),
    }
}

/// Cost of ending the line in `state`.
fn end_cost(state: usize) -> f32 {
    match state {
        EMPTY => 0.0,
        D | S | LOW => UNCLOSED_AT_END,
        _ => 2.0 * UNCLOSED_AT_END,
    }
}

/// Characters a reader takes as the same mark: the margin that decides whether a gap is
/// filled is measured against the best candidate of another family, so that an em dash
/// that might have been an en dash is still restored as a dash.
fn family(c: char) -> u32 {
    match c {
        '‐' | '‑' | '‒' | '–' | '—' | '―' => 0x2010,
        _ => c as u32,
    }
}

/// A candidate Latin letter that completes one of the commonest words with a letter outside
/// a-z (`être`, `île`, `ça`) is this much likelier (nats) than the letter model alone says:
/// the bigram model cannot tell `être` from `étre`, the word list can.
const KNOWN_WORD_BONUS: f32 = 5.0;

/// Words of a line's languages that tell how it sets its quotes and dashes: common words
/// of English and French (the style the symbol model counted), of German and Czech (`„…“`,
/// spaced en dashes), and of Polish, Hungarian and Romanian (`„…”`). All ASCII, so that
/// damage elsewhere in the line does not hide them; none is in two lists.
const STYLE_WORDS: [(model::Typography, &[&str]); 3] = [
    (
        model::Typography::Common,
        &[
            "the", "and", "of", "to", "is", "that", "it", "was", "for", "with", "as", "are",
            "this", "from", "have", "said", "you", "not", "but", "be", "he", "she", "we", "they",
            "his", "her", "what", "can", "had", "has", "were", "been", "which", "their", "there",
            "would", "about", "your", "when", "who", "them", "my", "if", "or", "an", "les", "et",
            "des", "du", "une", "est", "que", "pour", "dans", "pas", "sur", "qui", "au", "aux",
            "avec", "sont", "il", "elle", "nous", "vous", "mais", "par", "plus", "cette", "leur",
            "tout", "comme",
        ],
    ),
    (
        model::Typography::LowUpper,
        &[
            "der", "die", "das", "und", "nicht", "ist", "ein", "eine", "mit", "sich", "auf", "dem",
            "den", "von", "zu", "im", "auch", "wir", "sie", "wird", "sind", "bei", "nach", "aus",
            "jsou", "jsem", "ale", "jako", "nebo", "bylo",
        ],
    ),
    (
        model::Typography::LowLower,
        &[
            "nie", "jest", "jak", "przez", "tak", "dla", "oraz", "jego", "az", "hogy", "nem",
            "egy", "van", "csak", "volt", "mint", "vagy", "nu", "cu", "pe", "este", "mai", "sunt",
            "care", "pentru", "sau",
        ],
    ),
];

/// Whether `reading` left a damaged sequence of one Latin letter as it was: where every
/// sequence is such a letter ([`Reading::lone_letters`]), one that reads best as itself
/// says the line writes that letter (Friulian `clâf` beside `passâ` and `indicâ`).
fn leaves_a_lone_letter(reading: &Reading) -> bool {
    reading.left.iter().any(|u| {
        let mut chars = u.seen.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_latin_letter(c))
    })
}

/// How many of `line`'s words are common words of each of [`STYLE_WORDS`]' groups; with
/// `in_prose`, only those set in small letters or capitalised, as prose sets them (a word in
/// capitals names, heads or labels: `LATIN SMALL LETTER A WITH CIRCUMFLEX`).
fn style_votes(line: &str, in_prose: bool) -> [usize; 3] {
    let mut votes = [0usize; 3];
    for word in line
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| (2..=6).contains(&w.len()))
        .filter(|w| !in_prose || w.bytes().skip(1).any(|b| b.is_ascii_lowercase()))
    {
        for (k, (_, words)) in STYLE_WORDS.iter().enumerate() {
            if words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                votes[k] += 1;
            }
        }
    }
    votes
}

/// Whether `line` has a common word of one of [`STYLE_WORDS`]' languages, set as prose
/// sets it.
fn has_style_word(line: &str) -> bool {
    style_votes(line, true).iter().any(|&v| v > 0)
}

/// How `line` sets its quotes and dashes, by the common words it has ([`STYLE_WORDS`]): a
/// style other than the common one needs two of its words and more than any other style.
fn typography_of(line: &str) -> model::Typography {
    let votes = style_votes(line, false);
    let (best, &n) = votes
        .iter()
        .enumerate()
        .max_by_key(|&(k, &v)| (v, std::cmp::Reverse(k)))
        .unwrap_or((0, &0));
    if best != 0 && n >= 2 && votes.iter().enumerate().all(|(k, &v)| k == best || v < n) {
        STYLE_WORDS[best].0
    } else {
        model::Typography::Common
    }
}

/// Cost (nats) of `’` read as an apostrophe in a word of a shape that no contraction or
/// elision has ([`odd_apostrophe`]): `â` is a letter of Portuguese, Vietnamese, Welsh,
/// Friulian and of many place names (`dinâmico`, `giây`, `ffrâm`, `Laâyoune`), and the same
/// character is what `’` leaves in Latin-1 once its two bytes are lost. The letter model
/// sees only the apostrophe's two neighbours (`n’m` is as good as `I’m`); the word's shape
/// tells them apart.
const ODD_APOSTROPHE: f32 = 8.0;

/// Words an apostrophe follows when a vowel that began the next word was elided: French
/// (`l’été`, `qu’il`, `aujourd’hui`), Italian (`dell’anno`, `un’altra`), Catalan.
const ELIDED: &[&str] = &[
    "l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu", "aujourd", "dell", "nell", "all", "dall", "sull", "coll", "quell", "quest", "un",
    "bell", "sant", "tutt",
];

/// The endings Turkish sets off from a proper name with an apostrophe (`Ankara’da`,
/// `Türkiye’nin`, `Ahmet’in`, `Kadıköy’deki`): its cases, in each form vowel harmony and
/// the buffer consonants give them, the plural, the possessive of the third person and
/// the copula. Not those of one vowel (`Ahmet’e`, `Ahmet’i`), which place names with a
/// real `â` end in as well (`El Kelâa des Sraghna`).
const TURKISH_SUFFIXES: &[&str] = &[
    "ya", "ye", "yı", "yi", "yu", "yü", "na", "ne", "nı", "ni", "nu", "nü", "da", "de", "ta", "te",
    "dan", "den", "tan", "ten", "daki", "deki", "taki", "teki", "ın", "in", "un", "ün", "nın",
    "nin", "nun", "nün", "la", "le", "yla", "yle", "lar", "ler", "ları", "leri", "ların", "lerin",
    "lara", "lere", "larda", "lerde", "lardan", "lerden", "dır", "dir", "dur", "dür", "tır", "tir",
    "tur", "tür", "sı", "si", "su", "sü", "sın", "sin", "sun", "sün", "nda", "nde", "ndan", "nden",
    "ndaki", "ndeki", "yken",
];

/// Whether a word that `’` splits into `before` and `after` (its letters on each side,
/// either may be empty) has a shape no apostrophe of English, French, Italian, Catalan,
/// Dutch or Turkish makes: not an English clitic (`it’s`, `don’t`, `I’m`, `we’ve`), not an
/// elision before a vowel (`l’homme`, `qu’elle`), not an Irish or Italian name (`O’Brien`,
/// `D’Angelo`), not a plural possessive or a dropped `g` at a word's end (`students’`,
/// `lovin’`), not a short word clipped (`po’`), nor a Turkish ending after a proper name
/// of two letters or more (`Ankara’da`; not `La’youne`, the `Laâyoune` of clean text).
/// `din’mico`, `gi’y`, `ffr’m`, `cre’`.
fn odd_apostrophe(before: &str, after: &str) -> bool {
    let b = before.to_lowercase();
    let a = after.to_lowercase();
    if b.is_empty() {
        // `’tis`, `’em`: the letter model's business.
        return false;
    }
    if a.is_empty() {
        return !(b.ends_with(['s', 'z', 'x']) || b.ends_with("in") || b.chars().count() <= 2);
    }
    let short = |n: usize| b.chars().count() <= n;
    let clitic = match a.as_str() {
        // (`it’s`, `A’s`, not `f’s`.)
        "s" => !short(1) || before.chars().all(char::is_uppercase),
        "d" | "ll" | "re" | "ve" => true,
        "t" => b.ends_with('n'),
        "m" => b == "i",
        "am" => b == "ma",
        "n" => short(4),
        "r" | "er" => short(2),
        "clock" => b == "o",
        _ => false,
    };
    let starts_vowel = a
        .chars()
        .next()
        .is_some_and(|c| "aeiouyhàâäéèêëîïôöùûüœæíóú".contains(c));
    let elision = starts_vowel && ELIDED.contains(&b.as_str());
    let name = short(1) && after.chars().next().is_some_and(char::is_uppercase);
    let turkish = !short(1)
        && before.chars().next().is_some_and(char::is_uppercase)
        && after.chars().all(char::is_lowercase)
        && TURKISH_SUFFIXES.contains(&after);
    !(clitic || elision || name || turkish)
}

/// [`odd_apostrophe`] for `’` at item `idx`, the word's letters read from `decoded`; false
/// where the word runs into a gap not yet read (`*`), whose letter is unknown.
fn odd_apostrophe_at(idx: usize, decoded: &[Option<char>]) -> bool {
    let letter = |i: usize| decoded[i].filter(|&c| is_latin_letter(c));
    let unread = |i: usize| decoded.get(i).copied().flatten() == Some('*');
    let mut start = idx;
    while start > 0 && letter(start - 1).is_some() && idx - start < MAX_WORD_LETTERS {
        start -= 1;
    }
    let mut end = idx + 1;
    while end < decoded.len() && letter(end).is_some() && end - idx <= MAX_WORD_LETTERS {
        end += 1;
    }
    if (start > 0 && unread(start - 1)) || unread(end) {
        return false;
    }
    let before: String = (start..idx).filter_map(letter).collect();
    let after: String = (idx + 1..end).filter_map(letter).collect();
    odd_apostrophe(&before, &after)
}

/// Whether a dash at item `idx`, between two letters, has a single small letter on one side
/// (`cl—f`, `f—s`): a dash set close joins words (`house—which`) or stands in a range
/// (`A–Z`), not a letter of a word to the rest of it, as `â` read as a dash would in
/// Friulian `clâf` and `fâs`.
fn joins_a_fragment(idx: usize, decoded: &[Option<char>]) -> bool {
    let letter = |i: Option<usize>| {
        i.and_then(|i| decoded.get(i))
            .copied()
            .flatten()
            .filter(|&c| is_latin_letter(c))
    };
    let (Some(left), Some(right)) = (letter(idx.checked_sub(1)), letter(Some(idx + 1))) else {
        return false;
    };
    let alone = |c: char, outer: Option<char>| c.is_lowercase() && outer.is_none();
    alone(left, letter(idx.checked_sub(2))) || alone(right, letter(Some(idx + 2)))
}

/// Whether `’` in place of the line's characters `start..end` ends a word of letters, or
/// joins two, in a shape a contraction, an elision or a possessive has (not
/// [`odd_apostrophe`]).
fn apostrophe_fits(chars: &[(usize, char)], start: usize, end: usize) -> bool {
    let letter = |&&(_, c): &&(usize, char)| is_latin_letter(c);
    let mut before: Vec<char> = chars[..start]
        .iter()
        .rev()
        .take_while(letter)
        .take(MAX_WORD_LETTERS)
        .map(|&(_, c)| c)
        .collect();
    before.reverse();
    let after: String = chars[end..]
        .iter()
        .take_while(letter)
        .take(MAX_WORD_LETTERS)
        .map(|&(_, c)| c)
        .collect();
    !before.is_empty() && !odd_apostrophe(&before.into_iter().collect::<String>(), &after)
}

/// Scores character `c` for the gap at item `idx`, in each role it can play.
fn score_candidate(
    c: char,
    idx: usize,
    decoded: &[Option<char>],
    left: Option<char>,
    right: Option<char>,
    langs: &Langs,
    out: &mut Vec<Cand>,
) {
    let latin = |n: Option<char>| n.is_some_and(is_latin_letter);
    if c == '’' && !(latin(left) && latin(right)) {
        out.push(Cand {
            ch: c,
            role: Role::CloseSingle,
            score: model::log_prob(c, left, right, langs),
        });
        if let Some(score) = model::apostrophe_log_prob(left, right, langs) {
            let odd = if odd_apostrophe_at(idx, decoded) {
                ODD_APOSTROPHE
            } else {
                0.0
            };
            out.push(Cand {
                ch: c,
                role: Role::Apostrophe,
                score: score - odd,
            });
        }
        return;
    }
    let styled =
        langs.style != model::Typography::Common && matches!(c, '„' | '“' | '”' | '–' | '—');
    let mut score = if styled {
        // Scored as the mark the counted prose sets in its place.
        model::log_prob(langs.style.counted_as(c), left, right, langs)
    } else {
        model::log_prob(c, left, right, langs)
    };
    if is_latin_letter(c) && !c.is_ascii() && completes_known_word(c, idx, decoded) {
        score += KNOWN_WORD_BONUS;
    }
    if c == '’' && odd_apostrophe_at(idx, decoded) {
        score -= ODD_APOSTROPHE;
    }
    if matches!(c, '–' | '—') && joins_a_fragment(idx, decoded) {
        score -= ODD_APOSTROPHE;
    }
    let role = if c == '’' {
        Role::Apostrophe
    } else if styled && matches!(c, '„' | '“' | '”') {
        Role::Low
    } else {
        Role::Plain
    };
    out.push(Cand { ch: c, role, score });
}

/// The best score of any of `list`'s characters for the gap at item `idx` (what
/// [`score_candidate`] gives the best of them), with `-inf` for an empty list: the
/// characters scored as symbols through the list's [`SymbolBest`], the others one by one
/// (`scored` is scratch space).
fn best_candidate_score(
    list: &CompletionList,
    idx: usize,
    decoded: &[Option<char>],
    langs: &Langs,
    scored: &mut Vec<Cand>,
) -> f32 {
    let left = if idx > 0 { decoded[idx - 1] } else { None };
    let right = decoded.get(idx + 1).copied().flatten();
    let symbols = list.symbol_best();
    let mut best = symbols.best[model::context_index(left, right)];
    for &c in symbols.foreign.iter() {
        // (What `score_candidate` gives it: no apostrophe, no Latin letter.)
        best = best.max(model::foreign_log_prob(c, left, right));
    }
    for &c in symbols.others.iter() {
        scored.clear();
        score_candidate(c, idx, decoded, left, right, langs, scored);
        best = scored.iter().fold(best, |b, cand| b.max(cand.score));
    }
    best
}

/// No known word is longer than this many letters; looking no further than this either way
/// keeps the word tests constant-time, so a line of letters costs time in proportion to
/// its length.
const MAX_WORD_LETTERS: usize = 32;

/// The bounds of the run of letters around `i`, or `None` when it is longer than
/// [`MAX_WORD_LETTERS`] (and so no known word).
fn word_bounds(i: usize, len: usize, is_letter: impl Fn(usize) -> bool) -> Option<(usize, usize)> {
    let mut start = i;
    while start > 0 && is_letter(start - 1) {
        start -= 1;
        if i - start > MAX_WORD_LETTERS {
            return None;
        }
    }
    let mut end = i + 1;
    while end < len && is_letter(end) {
        end += 1;
        if end - start > MAX_WORD_LETTERS {
            return None;
        }
    }
    Some((start, end))
}

/// Whether `c` at item `idx` makes the word around it one of the model's known words.
fn completes_known_word(c: char, idx: usize, decoded: &[Option<char>]) -> bool {
    if !model::in_known_words(c) {
        // No known word has it (`ꝁ`, the Latin letter one lead byte of `ê` may have been).
        return false;
    }
    let is_letter = |i: usize| decoded[i].is_some_and(is_latin_letter);
    let Some((start, end)) = word_bounds(idx, decoded.len(), is_letter) else {
        return false;
    };
    if end - start < 2 {
        // One-letter words are the letter model's business (`LONE`).
        return false;
    }
    let word = (start..end).map(|i| {
        if i == idx {
            c
        } else {
            decoded[i].unwrap_or('*')
        }
    });
    model::is_known_word(word)
}

/// Whether the line's character at `i`, a non-ASCII Latin letter as it stands, is part of
/// one of the model's known words.
fn seen_makes_known_word(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    if c.is_ascii() || !is_latin_letter(c) || !model::in_known_words(c) {
        return false;
    }
    let is_letter = |j: usize| is_latin_letter(chars[j].1);
    let Some((start, end)) = word_bounds(i, chars.len(), is_letter) else {
        return false;
    };
    if end - start < 2 {
        return false;
    }
    model::is_known_word(chars[start..end].iter().map(|&(_, c)| c))
}

/// [`read_line_in`] in the thread's vectors: the tests' way in.
#[cfg(test)]
fn read_line(
    line: &str,
    chars: &[(usize, char)],
    ascii_letters: &LetterCounts,
    profile: &Profile,
    mode: Mode,
    offset: usize,
    bound: bool,
) -> Option<Reading> {
    with_scratch(|scratch| {
        let read = &mut scratch.read;
        read_line_in(
            read,
            line,
            chars,
            ascii_letters,
            profile,
            mode,
            offset,
            bound,
            &[],
            &OnceCell::new(),
        )
    })
}

/// The vectors a line's readings fill, kept by each thread from one line to the next: most
/// readings are given up early, and allocating them cost as much as the rest of the work.
#[derive(Default)]
struct Scratch {
    /// The line's characters with their byte offsets.
    chars: Vec<(usize, char)>,
    read: ReadScratch,
}

/// What one reading fills ([`read_line_in`]).
#[derive(Default)]
struct ReadScratch {
    items: Vec<Item>,
    bytes: Vec<u8>,
    gap_of_item: Vec<Option<usize>>,
    decoded: Vec<Option<char>>,
    /// Each gap's completions, as `parse_with` met the gaps.
    lists: Vec<Completions>,
    gaps: Vec<Gap>,
    /// Candidates scored for the early bound.
    scored: Vec<Cand>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The most characters or items whose room a thread keeps ([`Scratch`]): a very long line's
/// is given back.
const SCRATCH_KEPT: usize = 1 << 14;

/// Runs `f` with the thread's [`Scratch`].
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    let mut scratch = SCRATCH.with(RefCell::take);
    let out = f(&mut scratch);
    if scratch.chars.capacity() <= SCRATCH_KEPT && scratch.read.items.capacity() <= SCRATCH_KEPT {
        SCRATCH.with(|s| s.replace(scratch));
    }
    out
}

/// The likeliest reading of `line` as Latin-script prose through `profile` in `mode`, if it
/// changes anything, in vectors the thread keeps. With `bound`, a reading that can be seen
/// early to gain less than any line needs ([`MIN_LINE_GAIN_VOUCHED`]) is given up then
/// (`None`), rather than finished to be turned down: it would never be taken. `style` holds
/// the line's [`typography_of`] once a reading has asked for it.
#[allow(clippy::too_many_arguments)]
fn read_line_in(
    scratch: &mut ReadScratch,
    line: &str,
    chars: &[(usize, char)],
    ascii_letters: &LetterCounts,
    profile: &Profile,
    mode: Mode,
    offset: usize,
    bound: bool,
    wider: &[WiderGap],
    style: &OnceCell<model::Typography>,
) -> Option<Reading> {
    let ReadScratch {
        items,
        bytes,
        gap_of_item,
        decoded,
        lists,
        gaps,
        scored,
    } = scratch;
    // A gap none of whose completions is a character of Latin-script text turns the reading
    // down (below): found while parsing, it spares encoding the rest of the line. The
    // lists are kept, gap by gap, for the reading.
    lists.clear();
    let latin_gap = |key: &[u8]| {
        let list = completions(key, profile, mode);
        let latin = list
            .as_ref()
            .is_some_and(|c| c.iter().any(|&c| model::is_known(c)));
        lists.push(list);
        latin
    };
    parse_with(line, chars, profile, mode, latin_gap, items, bytes)?;
    let (items, bytes) = (&items[..], &bytes[..]);

    // One pass over the items: the gaps with their candidates, the decoded character each
    // item stands for (gaps as yet unknown, '*': some symbol; `None`: a stretch of ASCII no
    // gap's context reaches), the line's known letters, and whether the gaps stand apart.
    gaps.clear();
    gap_of_item.clear();
    gap_of_item.reserve(items.len());
    decoded.clear();
    decoded.reserve(items.len());
    // The languages the line's known letters suggest. (ASCII letters are themselves in every
    // reading, and counted once for the line.)
    let mut counts = ascii_letters.clone();
    // With no whole sequence, and a character that is no Latin letter (or a stretch of ASCII
    // left out) between every two gaps, no gap is another's neighbour or in its word.
    let (mut complete, mut apart, mut gap_before, mut parted) = (false, true, false, true);
    for item in items {
        match *item {
            Item::Gap(start) => {
                let end = gap_end(bytes, start, mode);
                // The same damaged sequence recurs (every `’` is the same `โ`): the thread's
                // memory lists it once, and `parse_with` asked for the list of each gap, in
                // order. It has turned down every gap that no character of Latin-script text
                // completes (a Thai word, an emoji), so each has its list.
                let cands = lists.get_mut(gaps.len()).and_then(Option::take);
                debug_assert!(cands.as_ref().is_some_and(|c| {
                    completions(&bytes[start..end], profile, mode)
                        .is_some_and(|d| c.chars == d.chars)
                }));
                gap_of_item.push(Some(gaps.len()));
                gaps.push(Gap {
                    start,
                    end,
                    chars: cands.unwrap_or_default(),
                    candidates: Vec::new(),
                });
                decoded.push(Some('*'));
                apart &= !gap_before || parted;
                (gap_before, parted) = (true, false);
            }
            Item::Literal(i) => {
                let c = chars[i].1;
                gap_of_item.push(None);
                decoded.push(Some(c));
                if !c.is_ascii() {
                    counts.add_one(c);
                }
                parted |= !is_latin_letter(c);
            }
            Item::Complete { ch, .. } => {
                gap_of_item.push(None);
                decoded.push(Some(ch));
                if !ch.is_ascii() {
                    counts.add_one(ch);
                }
                complete = true;
            }
            Item::Skip(..) => {
                gap_of_item.push(None);
                decoded.push(None);
                parted = true;
            }
        }
    }

    if gaps.is_empty() {
        // Nothing was lost in this reading: no inference to make (complete sequences alone
        // are ordinary mojibake), so no need to score the line.
        return None;
    }
    let mut langs = Langs::of_counts(&counts);
    langs.style = *style.get_or_init(|| typography_of(line));

    // With the gaps apart, the second round scores each gap as the first did (its
    // neighbours, and the word it is in, are the line's own characters), and the reading's
    // gain is at most the sum, over the gaps, of the best candidate's score less the score
    // of what stands there: the quotes' dynamic programme only subtracts.
    let apart = !complete && apart;
    if bound && apart {
        // The bound, before any candidate is scored for the rounds: a list's best symbol
        // score depends only on the classes of the gap's two neighbours, and is kept with
        // the list; its other characters are scored here (a test compares the bound with
        // the best of every candidate scored).
        let mut most = 0.0f32;
        for (idx, g) in gap_of_item.iter().enumerate() {
            let Some(&g) = g.as_ref() else { continue };
            let gap = &gaps[g];
            let best = best_candidate_score(&gap.chars, idx, decoded, &langs, scored);
            most += best - seen_score(chars, gap, &langs);
        }
        if most < MIN_LINE_GAIN_VOUCHED {
            return None;
        }
    }
    // Two rounds: the second sees the first's choices for neighbouring gaps.
    let mut choice: Vec<DpResult> = Vec::new();
    for _ in 0..2 {
        for idx in 0..items.len() {
            let Some(g) = gap_of_item[idx] else { continue };
            let left = if idx > 0 { decoded[idx - 1] } else { None };
            let right = decoded.get(idx + 1).copied().flatten();
            let gap = &mut gaps[g];
            let mut cands = Vec::with_capacity(gap.chars.len() + 1);
            for &c in gap.chars.iter() {
                score_candidate(c, idx, decoded, left, right, &langs, &mut cands);
            }
            cands.sort_by(|a, b| {
                b.score
                    .partial_cmp(&a.score)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            cands.truncate(TOP_K);
            gap.candidates = cands;
        }
        choice = dynamic_programme(items, gap_of_item, gaps);
        for idx in 0..items.len() {
            if let Some(g) = gap_of_item[idx] {
                if let Some(c) = choice[g].best {
                    decoded[idx] = Some(c);
                }
            }
        }
    }

    // Score: the best reading against the line as it stands, over the changed stretches.
    let mut gain = 0.0f32;
    // Damaged sequences read (gaps and complete sequences alike).
    let mut pieces = 0usize;
    // Complete multi-byte sequences read: mojibake whose bytes all survived.
    let mut complete = 0usize;
    // Whether a damaged span holds letters of another script (which clean text has too).
    let mut foreign = false;
    // Whether every damaged span so far is one Latin letter read as a sign, and whether
    // one is read as a quote mark (not an apostrophe that fits its word, [`apostrophe_fits`]).
    let mut lone_letters = true;
    let mut quote = false;
    let mut text = String::new();
    let mut inferences = Vec::new();
    let mut left = Vec::new();
    // For each gap filled: whether it beats its runner-up by [`LETTERS_ONLY_MARGIN`], and
    // whether it was shown as a capital between small letters (`straÃe`) and filled with a
    // small letter.
    let mut clear_inside: Vec<(bool, bool)> = Vec::new();
    // Whether the line is prose ([`has_style_word`]), asked once, where a capital lost at
    // the start of a word needs it.
    let prose = OnceCell::new();
    // Where capitals lost at the start of a word were read (their positions, in order).
    let mut lost_capitals: Vec<usize> = Vec::new();
    let total_best: f32 = choice.first().map_or(0.0, |c| c.total);
    gain += total_best;
    for (idx, item) in items.iter().enumerate() {
        match *item {
            Item::Literal(i) => text.push(chars[i].1),
            Item::Skip(start, end) => text.push_str(&line[chars[start].0..chars[end].0]),
            Item::Complete { start, end, ch } => {
                let left = if idx > 0 { decoded[idx - 1] } else { None };
                let right = decoded.get(idx + 1).copied().flatten();
                if !model::is_known(ch) {
                    // Latin-script text does not turn into this character: the line was not
                    // damaged this way.
                    return None;
                }
                gain += model::log_prob(ch, left, right, &langs)
                    - span_log_prob(chars, start, end, &langs);
                pieces += 1;
                complete += 1;
                lone_letters = false;
                foreign |= has_foreign_letter(&chars[start..end]);
                text.push(ch);
                // A whole sequence decoded is named too, so that the plan step replays
                // every change (with no runner-up: its bytes allow only this character).
                inferences.push(Inference {
                    position: offset + chars[start].0,
                    seen: chars[start..end].iter().map(|&(_, c)| c).collect(),
                    chosen: ch.to_string(),
                    code_page: profile.page.name,
                    runner_up: None,
                    margin: f32::MAX,
                });
            }
            Item::Gap(_) => {
                let g = gap_of_item[idx].unwrap_or(0);
                let gap = &gaps[g];
                gain -= seen_score(chars, gap, &langs);
                let res = &choice[g];
                if !res.best.is_some_and(model::is_known) {
                    // No character of Latin-script text fits these bytes: they are not a
                    // damaged sequence but text of another kind (a Thai word, an emoji).
                    return None;
                }
                pieces += 1;
                foreign |= has_foreign_letter(&chars[gap.start..gap.end]);
                lone_letters &= gap.end - gap.start == 1
                    && is_latin_letter(chars[gap.start].1)
                    && !res.best.is_some_and(char::is_alphanumeric);
                quote |= match res.best {
                    Some('’') => !apostrophe_fits(chars, gap.start, gap.end),
                    Some(c) => is_quote(c),
                    None => false,
                };
                let seen: String = chars[gap.start..gap.end].iter().map(|&(_, c)| c).collect();
                let wider_gap = wider
                    .iter()
                    .find(|w| w.start == gap.start && w.end == gap.end);
                let wider_doubts = |c: char| wider_gap.is_some_and(|w| w.prefers_other_than(c));
                let at = |i: Option<usize>| i.and_then(|i| chars.get(i)).map(|&(_, c)| c);
                let shown = chars[gap.start].1;
                let (prev, next) = (at(gap.start.checked_sub(1)), at(Some(gap.end)));
                // The neighbours as read (a sequence before decoded: `PÅ™Ãtomn` has `ř`
                // before the `Ã`); a gap left unread (`*`) is no word's edge before, and no
                // small letter after; a letter read in a gap after it counts as small, as
                // the rest of a word is (`ÃÄrenciler`, `Öğrenciler`, where the models tie
                // `ğ` and `Ğ`).
                let read = |i: Option<usize>| i.and_then(|i| decoded.get(i).copied().flatten());
                let after = read(Some(idx + 1)).map(|c| {
                    if c != '*' && gap_of_item.get(idx + 1).copied().flatten().is_some() {
                        c.to_lowercase().next().unwrap_or(c)
                    } else {
                        c
                    }
                });
                let lost_capital = gap.end == gap.start + 1
                    && lost_capital_starts_word(
                        shown,
                        read(idx.checked_sub(1)).map(|c| if c == '*' { 'a' } else { c }),
                        after,
                    );
                let min_margin = if lost_capital && !*prose.get_or_init(|| has_style_word(line)) {
                    LOST_CAPITAL_MARGIN
                } else {
                    MIN_GAP_MARGIN
                };
                match res.best {
                    Some(c) if res.margin >= min_margin && !wider_doubts(c) => {
                        text.push(c);
                        // The case of the letters around the gap shows it: a small letter
                        // shown as a capital inside a word (`straÃe`), or a capital lost at
                        // the start of one (`Ãcole`).
                        let inside = (c.is_lowercase()
                            && (shown.is_uppercase() || is_capital_lead(shown))
                            && breaks_word_case(prev, next))
                            || (c.is_uppercase() && lost_capital);
                        // (A page with few lost bytes offers few completions: its margin
                        // counts only where Latin-1's reading agrees as clearly.)
                        let clear = res.margin >= LETTERS_ONLY_MARGIN
                            && wider_gap.is_none_or(|w| w.prefers_by(c, LETTERS_ONLY_MARGIN));
                        clear_inside.push((clear, inside));
                        if c.is_uppercase() && lost_capital {
                            lost_capitals.push(offset + chars[gap.start].0);
                        }
                        inferences.push(Inference {
                            position: offset + chars[gap.start].0,
                            seen,
                            chosen: c.to_string(),
                            code_page: profile.page.name,
                            runner_up: res.runner_up.map(String::from),
                            margin: res.margin,
                        });
                    }
                    _ => {
                        text.push_str(&seen);
                        left.push(Unsure::one(offset + chars[gap.start].0, seen));
                    }
                }
            }
        }
    }
    #[cfg(debug_assertions)]
    if std::env::var_os("LOSSY_DEBUG").is_some() {
        eprintln!(
            "[{}] gain {gain:.2} text {text:?} gaps {:?} choice {:?}",
            profile.page.name, gaps, choice
        );
    }
    if inferences.iter().all(|i| i.margin == f32::MAX) {
        // Nothing restored: complete sequences alone are ordinary mojibake, and without a
        // filled gap there is no evidence of lost bytes.
        return None;
    }
    // (A Thai letter that TIS-620 shows a lead byte as, `ฤ` for C4, stands for a Latin
    // letter as much as `Ä` does where its bytes were deleted; before `?` or U+FFFD it is
    // damage beyond doubt, as `Ä?` is not.)
    let is_letter = |s: &str| {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if is_capital_lead(c) => true,
            (Some(c), _) => is_latin_letter(c),
            (None, _) => false,
        }
    };
    let mut letters_in_part = false;
    if complete == 0
        && inferences
            .iter()
            .all(|i| is_letter(&i.seen) && is_letter(&i.chosen))
    {
        // Only Latin letters swapped for other Latin letters, and no complete mojibake
        // sequence beside them: clean text in another language reads exactly like this
        // (Croatian `TOPIĆ` is not `TOPIÈ` in windows-1257 that lost a byte). Unless a
        // capital stands between small letters (`straÃe`, `GieÃen` for `Straße`, `Gießen`),
        // which no orthography writes, and its reading, a small letter, is clear beyond
        // doubt: then the gaps as clear are filled, and the others left as they were
        // (`Ãrzte … groÃer` for `Ärzte … großer`: `Ä` or `Ö` at the start is not clear).
        if !clear_inside.iter().any(|&(clear, inside)| clear && inside) {
            return None;
        }
        if clear_inside.iter().any(|&(clear, _)| !clear) {
            letters_in_part = true;
            // The line again, with only the gaps kept filled.
            text = keep_inferences(line, offset, &mut inferences, &mut left, |k, _| {
                clear_inside[k].0
            })?;
        }
    }
    if !lost_capitals.is_empty() {
        // A capital lost at the start of a word is a letter of the language the rest of the
        // line is in (`Øyvindbø`, Norwegian, is not Icelandic `Þyvindbø`), or it is left as
        // it was.
        let rest = rewrite(
            line,
            offset,
            inferences.iter().map(|i| {
                let chosen = if lost_capitals.binary_search(&i.position).is_ok() {
                    " "
                } else {
                    i.chosen.as_str()
                };
                (i.position, i.seen.as_str(), chosen)
            }),
        )
        .ok()?;
        let alphabet = super::lossy_scripts::best_latin_alphabet(&rest.chars().collect::<Vec<_>>());
        let fits = |i: &Inference| {
            lost_capitals.binary_search(&i.position).is_err()
                || i.chosen.chars().all(|c| alphabet.writes(c))
        };
        if !inferences.iter().all(fits) {
            text = keep_inferences(line, offset, &mut inferences, &mut left, |_, i| fits(i))?;
            if inferences.is_empty() {
                return None;
            }
        }
    }
    Some(Reading {
        gain,
        single: pieces == 1 && (foreign || (lone_letters && quote)),
        lone_letters,
        code_page: profile.page.name,
        text,
        inferences,
        left,
        letters_in_part,
    })
}

/// What the characters of `gap` score as they stand, against which its candidates are weighed.
fn seen_score(chars: &[(usize, char)], gap: &Gap, langs: &Langs) -> f32 {
    let mut score = span_log_prob(chars, gap.start, gap.end, langs);
    if gap.end - gap.start == 1 && seen_makes_known_word(chars, gap.start) {
        // `château` as it stands is a word: the reading that keeps it gets the same credit a
        // candidate would.
        score += KNOWN_WORD_BONUS;
    }
    score
}

/// Log-probability of the line's characters `start..end` as they stand.
fn span_log_prob(chars: &[(usize, char)], start: usize, end: usize, langs: &Langs) -> f32 {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    (start..end)
        .map(|i| {
            let left = if i > 0 { at(i - 1) } else { None };
            model::log_prob(chars[i].1, left, at(i + 1), langs)
        })
        .sum()
}

/// The outcome for one gap.
#[derive(Clone, Debug, Default)]
struct DpResult {
    /// The choice on the best reading of the whole line (`None`: no candidate).
    best: Option<char>,
    /// The best character other than `best`.
    runner_up: Option<char>,
    /// Best reading's score minus the best reading with a different character here.
    margin: f32,
    /// Score of the best reading (same for every gap).
    total: f32,
}

/// Best consistent reading of the gaps, with the quote state (is a double quote, a single
/// quote open) as the state. The score of a reading is the sum of the candidates' local
/// scores less the quote costs; each gap's margin comes from max-marginals (the best reading
/// with each candidate fixed, from forward and backward passes).
fn dynamic_programme(items: &[Item], gap_of_item: &[Option<usize>], gaps: &[Gap]) -> Vec<DpResult> {
    const NEG: f32 = f32::NEG_INFINITY;
    // Events: fixed characters that move the quote state, and gaps.
    let mut events: Vec<Vec<Cand>> = Vec::new();
    let mut event_gap: Vec<Option<usize>> = Vec::new();
    for (idx, item) in items.iter().enumerate() {
        match *item {
            Item::Complete { ch, .. } if is_quote(ch) => {
                let fixed = |role| Cand {
                    ch,
                    role,
                    score: 0.0,
                };
                events.push(if ch == '’' {
                    vec![fixed(Role::Apostrophe), fixed(Role::CloseSingle)]
                } else {
                    vec![fixed(Role::Plain)]
                });
                event_gap.push(None);
            }
            Item::Gap(_) => {
                if let Some(g) = gap_of_item[idx] {
                    events.push(gaps[g].candidates.clone());
                    event_gap.push(Some(g));
                }
            }
            _ => {}
        }
    }
    let n = events.len();
    // alpha[i][s]: best score of the events before i, ending in state s.
    let mut alpha = vec![[NEG; STATES]; n + 1];
    alpha[0][0] = 0.0;
    for (i, options) in events.iter().enumerate() {
        for s in 0..STATES {
            if alpha[i][s] == NEG {
                continue;
            }
            for c in options {
                let (ns, cost) = step(s, c);
                let v = alpha[i][s] + c.score - cost;
                if v > alpha[i + 1][ns] {
                    alpha[i + 1][ns] = v;
                }
            }
        }
    }
    // beta[i][s]: best score of the events from i on, starting in state s.
    let mut beta = vec![[NEG; STATES]; n + 1];
    for (s, b) in beta[n].iter_mut().enumerate() {
        *b = -end_cost(s);
    }
    for i in (0..n).rev() {
        for s in 0..STATES {
            for c in &events[i] {
                let (ns, cost) = step(s, c);
                let v = c.score - cost + beta[i + 1][ns];
                if v > beta[i][s] {
                    beta[i][s] = v;
                }
            }
        }
    }
    let total = (0..STATES)
        .map(|s| alpha[n][s] + beta[n][s])
        .fold(NEG, f32::max);
    let mut out = vec![
        DpResult {
            total,
            ..DpResult::default()
        };
        gaps.len()
    ];
    for (i, options) in events.iter().enumerate() {
        let Some(g) = event_gap[i] else { continue };
        // Max-marginal of each candidate character (over its roles).
        let mut scored: Vec<(char, f32, f32)> = Vec::new();
        for c in options {
            let mm = (0..STATES)
                .filter(|&s| alpha[i][s] != NEG)
                .map(|s| {
                    let (ns, cost) = step(s, c);
                    alpha[i][s] + c.score - cost + beta[i + 1][ns]
                })
                .fold(NEG, f32::max);
            match scored.iter_mut().find(|x| x.0 == c.ch) {
                Some(x) => {
                    x.1 = x.1.max(mm);
                    x.2 = x.2.max(c.score);
                }
                None => scored.push((c.ch, mm, c.score)),
            }
        }
        scored.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
        let Some(&(best, mm, local)) = scored.first() else {
            continue;
        };
        // The runner-up is the best candidate of another family; if none, a character the
        // model has never seen, in the same place.
        let runner = scored.iter().find(|x| family(x.0) != family(best));
        let runner_up = runner.map(|x| x.0);
        let margin = match runner {
            Some(x) => mm - x.1,
            None => local - model::unseen_log_prob(),
        };
        out[g] = DpResult {
            best: Some(best),
            runner_up,
            margin,
            total,
        };
    }
    out
}

/// A line with more damaged sequences than this is left alone. Each gap costs tens of
/// microseconds to score; a paragraph-long line has a few hundred quotes and dashes at the
/// very most, so this bounds the cost of one line (about half a second) without turning away
/// real text, while a megabyte of `ÃÃÃ…` is passed over at once.
const MAX_GAPS_PER_LINE: usize = 10_000;

/// Per character from U+0080 below [`SUSPECT_LIMIT`]: which profiles (one bit each) make it a
/// UTF-8 lead byte, which a continuation byte, and which a lead byte that has a symbol of
/// Latin text among its completions when all its continuation bytes were lost; and in which
/// profiles a line with the character can be mapped back to bytes at all ([`parse`] fails in
/// the others: the character has no byte there, or its byte can never start a UTF-8
/// sequence).
struct Suspects {
    lead: Vec<u16>,
    continuation: Vec<u16>,
    alone: Vec<u16>,
    /// Which profiles make it a lead byte that, with all its continuation bytes lost,
    /// completes to no character the model knows: a gap the Latin reader turns down.
    lone_dead: Vec<u16>,
    parses: Vec<u16>,
    /// [`Suspects::parses`] for every character from [`SUSPECT_LIMIT`] on.
    parses_beyond: u16,
}

/// Bytes that [`parse`] never takes: they start no UTF-8 sequence, and are no continuation
/// byte either.
fn never_utf8(b: u8) -> bool {
    matches!(b, 0xC0 | 0xC1 | 0xF5..=0xFF)
}

/// Every code page the profiles use maps bytes to characters below this, so only
/// characters below it are suspects (see [`may_need_repair`]).
pub(crate) const SUSPECT_LIMIT: u32 = 0x3000;

fn suspects() -> &'static Suspects {
    static SUSPECTS: OnceLock<Suspects> = OnceLock::new();
    SUSPECTS.get_or_init(|| {
        let size = (SUSPECT_LIMIT - 0x80) as usize;
        let mut s = Suspects {
            lead: vec![0; size],
            continuation: vec![0; size],
            alone: vec![0; size],
            lone_dead: vec![0; size],
            parses: vec![0; size],
            parses_beyond: 0,
        };
        let alone = AloneCompletions::new();
        for (i, profile) in profiles().iter().enumerate().take(16) {
            let bit = 1u16 << i;
            // The characters this profile has a byte for that `parse` takes. Code pages are
            // one-to-one (a character encodes to the byte that decodes to it: a test checks
            // the table against `encode_char`), so going over the bytes finds them all.
            for b in (0..=0xFFu8).filter(|&b| !never_utf8(b)) {
                let u = profile.page.decode[b as usize] as u32;
                if u < 0x80 {
                    continue;
                }
                match suspect_slot(u) {
                    Some(slot) => s.parses[slot] |= bit,
                    None => s.parses_beyond |= bit,
                }
            }
            for b in 0x80..=0xFFu8 {
                let u = profile.page.decode[b as usize] as u32;
                if !(0x80..SUSPECT_LIMIT).contains(&u) {
                    continue;
                }
                let slot = (u - 0x80) as usize;
                if matches!(b, 0xC2..=0xF4) && !alone.completes_known(b, dropped_mask(profile)) {
                    s.lone_dead[slot] |= bit;
                }
                match b {
                    0x80..=0xBF => s.continuation[slot] |= bit,
                    // Four-byte sequences (emoji) with bytes lost are left alone (see
                    // `completions`'s callers), so their lead bytes raise no suspicion.
                    0xC2..=0xEF => {
                        s.lead[slot] |= bit;
                        if alone.completes_latin_text(b, dropped_mask(profile)) {
                            s.alone[slot] |= bit;
                        }
                    }
                    _ => {}
                }
            }
        }
        s
    })
}

/// Which lead bytes, all of whose continuation bytes were lost, could have been a symbol of
/// Latin-script text that the model knows (a quote, a dash, a currency sign). Letters do not
/// count: a lead byte that could only have been a letter is read as one only beside a
/// complete mojibake sequence (see `read_line_in`), which the continuation test finds. Spaces
/// do not count either: U+1680 (Ogham) would make every `á` (E1) a suspect, while the spaces
/// that do occur in prose come with E2, whose quotes and dashes make it a suspect anyway.
///
/// Also which could have been any character the model knows at all (letters and spaces
/// included): a lead byte that could not stands alone in no reading of the Latin reader
/// (`read_line_in` turns down a gap that nothing it knows completes), which
/// [`latin_parsing_profiles`] uses.
///
/// Worked out once, from the characters the model knows, for every lead byte and every pair
/// of bytes from 80..9F and the soft hyphen (each profile loses some of those, as
/// [`dropped_mask`] has it), rather than by decoding every pair for every profile.
struct AloneCompletions {
    symbols: LoneBits,
    known: LoneBits,
}

/// For lead bytes all of whose continuation bytes were lost: which continuation bytes
/// complete them to a character of some kind.
struct LoneBits {
    /// For lead bytes C2..DF: bit `x - 0x80` where `[lead, x]` is such a character.
    two: [u64; 0x1E],
    /// For lead bytes E0..EF, by `x - 0x80`: bit `y - 0x80` where `[lead, x, y]` is one.
    three: [[u64; 64]; 16],
    /// The four-byte ones, as bytes.
    four: Vec<[u8; 4]>,
}

impl LoneBits {
    fn new() -> LoneBits {
        LoneBits {
            two: [0; 0x1E],
            three: [[0; 64]; 16],
            four: Vec::new(),
        }
    }

    /// Records `c`, if its continuation bytes are all some profile's dropped bytes (80..9F,
    /// and the soft hyphen).
    fn add(&mut self, c: char) {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        if !bytes[1..]
            .iter()
            .all(|&x| matches!(x, 0x80..=0x9F | SOFT_HYPHEN))
        {
            return;
        }
        match *bytes {
            [lead @ 0xC2..=0xDF, x] => {
                self.two[(lead - 0xC2) as usize] |= 1 << (x - 0x80);
            }
            [lead @ 0xE0..=0xEF, x, y] => {
                self.three[(lead - 0xE0) as usize][(x - 0x80) as usize] |= 1 << (y - 0x80);
            }
            [lead, x, y, z] => {
                self.four.push([lead, x, y, z]);
            }
            _ => {}
        }
    }

    /// Whether lead byte `b` of a sequence of two or three bytes, with continuation bytes
    /// from `lost` (a mask over 80..BF, as [`dropped_mask`] makes it), could have been one.
    fn completes(&self, b: u8, lost: u64) -> bool {
        match b {
            0xC2..=0xDF => self.two[(b - 0xC2) as usize] & lost != 0,
            0xE0..=0xEF => self.three[(b - 0xE0) as usize]
                .iter()
                .enumerate()
                .any(|(x, ys)| lost & (1 << x) != 0 && ys & lost != 0),
            _ => false,
        }
    }

    /// [`LoneBits::completes`] for four-byte sequences too, as `completions` lists them:
    /// never where they are too many to list.
    fn completes_listed(&self, b: u8, lost: u64) -> bool {
        match b {
            0xF0..=0xF4 => {
                let in_lost = |x: u8| lost & (1 << (x - 0x80)) != 0;
                (lost.count_ones() as usize).pow(3) <= MAX_COMPLETIONS
                    && self
                        .four
                        .iter()
                        .any(|s| s[0] == b && s[1..].iter().all(|&x| in_lost(x)))
            }
            _ => self.completes(b, lost),
        }
    }
}

impl AloneCompletions {
    fn new() -> AloneCompletions {
        let mut symbols = LoneBits::new();
        let mut known = LoneBits::new();
        // Only characters whose continuation bytes are all from 80..9F or the soft hyphen
        // can be completions: those whose every six-bit group below the lead byte's is
        // under 0x20 or 0x2D.
        let reachable = |c: &char| {
            let u = *c as u32;
            u >= 0x80
                && (0..c.len_utf8() - 1).all(|k| {
                    let group = (u >> (6 * k)) & 0x3F;
                    group < 0x20 || group == u32::from(SOFT_HYPHEN - 0x80)
                })
        };
        let mut add = |c: char| {
            if plausible(c) && model::is_known(c) {
                known.add(c);
            }
        };
        // Beyond ASCII the model knows its symbols, spaces, and the Latin letters of a few
        // blocks (a test compares the tables with the completions listed for every lead
        // byte and profile).
        let spaces = [
            '\u{1680}', '\u{2028}', '\u{2029}', '\u{202f}', '\u{205f}', '\u{3000}',
        ];
        let letters = [
            0x80..=0x2AFu32,
            0x1E00..=0x1EFF,
            0x2C60..=0x2C7F,
            0xA720..=0xA7FF,
            0xAB30..=0xAB6F,
        ];
        letters
            .into_iter()
            .flatten()
            .filter_map(char::from_u32)
            .chain(spaces)
            .chain('\u{2000}'..='\u{200a}')
            .chain(model::symbols())
            .filter(reachable)
            .for_each(&mut add);
        for c in model::symbols() {
            if plausible(c) && !c.is_whitespace() && !is_latin_letter(c) {
                symbols.add(c);
            }
        }
        AloneCompletions { symbols, known }
    }

    /// Whether lead byte `b`, with continuation bytes from `lost` (a mask over 80..BF, as
    /// [`dropped_mask`] makes it), could have been a symbol of Latin-script text.
    fn completes_latin_text(&self, b: u8, lost: u64) -> bool {
        // A four-byte character with three bytes lost (emoji) is left alone anyway.
        self.symbols.completes(b, lost)
    }

    /// Whether lead byte `b`, with continuation bytes from `lost`, could have been any
    /// character the model knows: whether [`completions`] of `b` alone, in
    /// [`Mode::Dropped`], lists one.
    fn completes_known(&self, b: u8, lost: u64) -> bool {
        self.known.completes_listed(b, lost)
    }
}

/// A cheap test: could [`repair_dropped_bytes`] change `text`? `false` is a promise that it
/// returns `None`. True where a line that is at least [`MIN_LATIN_SHARE`] Latin letters
/// (lines that are not are never repaired) has a character that is a UTF-8 lead byte in some
/// profile and is followed by `?` or by one of that profile's continuation bytes, or is a
/// lead byte that would be a symbol of Latin text with all its continuation bytes lost (`โ`,
/// `â` ...), and some profile can map the whole line back to bytes (`où` cannot be UTF-8
/// in any: `ù` is F9 where it has a byte).
///
/// The cheapest test first: a pass that looks only at non-ASCII characters finds the
/// suspects; then the scan's table (`scan::lossy_ruled_out_for`, at the speed of the
/// clean-text fast path) rules out most lines whose letters are mostly of another script;
/// the exact share of Latin letters is counted last. (Inside `fix_text`, the scan has ruled
/// out most lines before they get here.)
pub fn may_need_repair(text: &str) -> bool {
    may_need_repair_with(text, false)
}

/// [`may_need_repair`] for [`repair_lost_bytes`]: with `scripts`, a line the reader of other
/// scripts may read counts too (`lossy_scripts::may_read`), whatever its letters' script.
pub(crate) fn may_need_repair_with(text: &str, scripts: bool) -> bool {
    may_need_repair_known(text, scripts, None)
}

/// Whether `text` is one line: no line break but, perhaps, one at its end.
pub(crate) fn is_one_line(text: &str) -> bool {
    let body = text.strip_suffix('\n').unwrap_or(text);
    memchr::memchr(b'\n', body.as_bytes()).is_none()
}

/// [`may_need_repair_with`], for a text known to be one line whose ruling by the scan
/// ([`crate::scan::lossy_ruled_out`]) is `ruling`, if that is given: the scan is then not
/// asked again. (Its ruling only shortens the test: a line it rules out has too few Latin
/// letters, which the test finds in the end anyway.)
pub(crate) fn may_need_repair_known(text: &str, scripts: bool, ruling: Option<bool>) -> bool {
    if ruling == Some(true) && !scripts {
        // The one line is ruled out for the Latin reader, and there is no other.
        return false;
    }
    // A suspect looks at most one character ahead, and a line's last character sees the
    // `\n` after it either way: the whole text has a suspect if and only if one of its
    // lines has, so most texts need no cutting into lines.
    if text.is_ascii() || !has_suspect(text) {
        return false;
    }
    let may_repair = |line: &str, ruling: Option<bool>| {
        (!ruling.unwrap_or_else(|| crate::scan::lossy_ruled_out_for(line))
            && parses_in_some_profile(line)
            && mostly_latin(line)
            && !suspects_only_in_known_words(line))
            || (scripts && super::lossy_scripts::may_read(line))
    };
    // A text of one line (what `fix_text` asks about) is that line, with the suspect found.
    if is_one_line(text) {
        return may_repair(text, ruling);
    }
    text.split_inclusive('\n')
        .any(|line| has_suspect(line) && may_repair(line, None))
}

/// Whether some profile can map every character of the line back to a byte that [`parse`]
/// may take, with no gap the Latin reader turns down as it parses
/// ([`latin_parsing_profiles`]). A line that no profile can is never repaired: [`read_best`]
/// has no reading of it, so it neither changes nor vouches for another line; and a line that
/// some profile can, but that has no suspect or is not mostly Latin, has no reading strong
/// enough to change it on its own (that is the promise of the tests before this one, for a
/// text of one line), so it vouches for no other line either. Texts with such lines only are
/// returned as they are.
fn parses_in_some_profile(line: &str) -> bool {
    latin_parsing_profiles(line, false) != 0
}

/// The profiles (one bit each, as in [`Suspects::parses`]) that can map every character of
/// `chars` back to a byte that [`parse`] may take; U+FFFD counts as such a byte in every
/// profile if `fffd` (it stands for a lost byte in [`Mode::Fffd`]).
#[cfg(test)]
fn parsing_profiles(line: &str, fffd: bool) -> u16 {
    profiles_parsing::<false>(line, fffd)
}

/// The profiles that can map the line back to bytes (`parsing_profiles`), less those in
/// which the Latin reader turns the line down at a gap that nothing it knows completes: a
/// lead byte followed by no continuation byte (by an ASCII character other than `?`, by
/// another lead byte, or by the end of the line), which no character the model knows
/// completes with all its continuation bytes lost (`ção` through Latin-1: `ç` is E7, and E7
/// with two lost bytes is an ideograph). `parse` makes such a lead byte a gap of its own in
/// every mode: [`Mode::Dropped`] weighs its completions (`read_line_in` turns the reading
/// down), the others want placeholders after it.
fn latin_parsing_profiles(line: &str, fffd: bool) -> u16 {
    profiles_parsing::<true>(line, fffd)
}

/// `parsing_profiles`, or with `LATIN` [`latin_parsing_profiles`], in one pass.
#[inline(always)]
fn profiles_parsing<const LATIN: bool>(line: &str, fffd: bool) -> u16 {
    let s = suspects();
    let bytes = line.as_bytes();
    let mut profiles = u16::MAX;
    // The profiles in which the character before is a lead byte that nothing known
    // completes alone, if what follows it takes no continuation byte.
    let mut pending = 0u16;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            // After a lead byte, `?` may be a placeholder.
            if LATIN && bytes[i] != b'?' {
                profiles &= !pending;
            }
            pending = 0;
            // Only the first ASCII character after a non-ASCII one matters.
            i = crate::scan::next_non_ascii(bytes, i + 1);
            continue;
        }
        let (u, n) = super::codecs::code_point_at(bytes, i);
        i += n;
        let c = char::from_u32(u).unwrap_or('\u{fffd}');
        if fffd && c == '\u{fffd}' {
            pending = 0;
            continue;
        }
        match suspect_slot(c as u32) {
            Some(slot) => {
                profiles &= s.parses[slot];
                if LATIN {
                    // Where the character parses, it is a continuation byte or a lead byte.
                    profiles &= !(pending & !s.continuation[slot]);
                    pending = s.lone_dead[slot];
                }
            }
            None => {
                profiles &= s.parses_beyond;
                pending = 0;
            }
        }
        if profiles == 0 {
            return 0;
        }
    }
    profiles & !pending
}

/// Whether every suspect of the line is a lead byte that would be a sign with all its
/// continuation bytes lost (`â` in Latin-1, for `’`), inside a word that is one of the known
/// words as it stands (`câmara`, `hâlâ`): such a line is not read as damaged, by the
/// pre-test or by the Latin reader (which would leave the word anyway, for the bonus a
/// known word has). Punctuation that lost its bytes makes words that no language has
/// (`itâs`, `Putinโs`). False for a line without a suspect.
fn suspects_only_in_known_words(line: &str) -> bool {
    let s = suspects();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut any = false;
    for (i, &(_, c)) in chars.iter().enumerate() {
        let Some(slot) = suspect_slot(c as u32) else {
            continue;
        };
        let lead = s.lead[slot];
        if lead == 0 {
            continue;
        }
        // A lead byte before `?`, U+FFFD or a continuation byte is another kind of suspect.
        if completes_lead(s, lead, chars.get(i + 1).map(|&(_, c)| c)) {
            return false;
        }
        if s.alone[slot] == 0 {
            continue;
        }
        if !seen_makes_known_word(&chars, i) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether `c`, after `prev` and followed by `next`, could start a damaged sequence: it is
/// a lead byte in some profile that would be a symbol of Latin text with all its
/// continuation bytes lost, or it is followed by `?` or U+FFFD, or by a continuation byte of
/// a profile it is a lead byte in, or it is a capital lead ([`is_capital_lead`]) that breaks
/// the case of its word ([`breaks_word_case`]).
/// (The definition; [`has_suspect`] applies it without decoding every character.)
#[cfg(test)]
fn is_suspect(s: &Suspects, prev: Option<char>, c: char, next: Option<char>) -> bool {
    let Some(i) = suspect_slot(c as u32) else {
        return false;
    };
    let lead = s.lead[i];
    lead != 0
        && (s.alone[i] != 0
            || completes_lead(s, lead, next)
            || (is_capital_lead(c) && breaks_word_case(prev, next))
            || (c == LOST_CAPITAL_LEAD && starts_word_before_small(prev, next)))
}

/// `Ã`, byte C3 in Latin-1 and windows-1252: the lead byte of `À..ß`, every capital of
/// Latin-1, whose continuation byte (0x80..0x9F) Latin-1 cannot show. Where one starts a
/// word before a small letter (`Ãcole`, `Ãber`, `Ãngel` for `École`, `Über`, `Ángel`), it is
/// what is left of a capital that lost its byte: no language starts a word with `Ã` (among
/// wordfreq's 100,000 commonest words of each language, only Portuguese fragments `ão`,
/// `ãs`), where `Ä`, `Å` (`Ärzte`, `Åsa`) and `Ð` (Vietnamese `Ðà` for `Đà`) do.
pub(super) const LOST_CAPITAL_LEAD: char = '\u{c3}';

/// How clear (nats) the Latin reader's choice of a capital lost at the start of a word
/// ([`LOST_CAPITAL_LEAD`]) must be in a line that is not prose ([`has_style_word`]): names,
/// addresses, titles, where the word is most often a name and the model knows little of
/// it (`Ãgnes` read as `Égnes` by 1.4 nats). In prose its margin is [`MIN_GAP_MARGIN`]'s
/// (`en Ãle-de-France`: `Î` by 2.0). On Faker's names, addresses and sentences in 13
/// Latin-script languages with such a capital (`scripts/eval/lost_capitals.py`, two draws
/// of 480 lines), the experimental readers restored 180 and 168 of them broken through
/// Latin-1 with neither reader's bound, and put a wrong letter in 61 and 60; with both,
/// 117 and 116, and 7 and 12.
pub(super) const LOST_CAPITAL_MARGIN: f32 = 3.0;

/// Whether `c`, between `prev` and `next`, is [`LOST_CAPITAL_LEAD`] starting a word before a
/// small letter.
pub(super) fn lost_capital_starts_word(c: char, prev: Option<char>, next: Option<char>) -> bool {
    c == LOST_CAPITAL_LEAD && starts_word_before_small(prev, next)
}

/// Whether a character between `prev` and `next` starts a word (nothing or no letter or
/// digit before it) before a small letter.
fn starts_word_before_small(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_none_or(|p| !p.is_alphanumeric()) && next.is_some_and(char::is_lowercase)
}

/// Whether `c` is a capital that Latin-1 and windows-1252 show a UTF-8 lead byte as (C3, C4,
/// C5, C8) whose lost continuation byte (0x80..0x9F, which Latin-1 cannot show) would make
/// it a small Latin letter: `ß`; `ą ć č ę ě ğ`; `ł ń ő ř ś ş`; `ș ț`; or the Thai letter
/// TIS-620 shows the same byte as (`ร ฤ ล ศ`), which loses the same bytes. After a small
/// letter, where no orthography writes a capital and no Thai text glues a letter of its own
/// ([`breaks_word_case`]: `straÃe`, `DrzymaÅy`, `zamykaÄ`, `przynosiฤ`), such a one is a
/// suspect with nothing after it.
fn is_capital_lead(c: char) -> bool {
    is_capital_lead_code(c as u32)
}

/// [`is_capital_lead`] of a code point.
#[inline]
fn is_capital_lead_code(u: u32) -> bool {
    matches!(u, 0xC3..=0xC5 | 0xC8 | 0x0E23..=0x0E25 | 0x0E28)
}

/// Whether a capital lead ([`is_capital_lead`]) between `prev` and `next` breaks the case of
/// its word: it follows a small letter, and a small letter follows it or the word ends there
/// (the text ends, or a space or a sign of prose that ends words follows: [`ends_word`]).
/// Polish, Czech, Hungarian and Romanian words end in the letters it stands for as often as
/// they hold them (`zamykaÄ` for `zamykać`, `szervezÅ` for `szervező`, `casÄ` for `casă`).
/// Clean text does not put a capital after a small letter in the same word but in names
/// like `McDonald`, whose capitals are ASCII. A capital before a capital (`pÅL`) is left:
/// that is a word in capitals, or a name.
fn breaks_word_case(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(char::is_lowercase) && next.is_none_or(|n| n.is_lowercase() || ends_word(n))
}

/// Whether `c` ends a word of prose after a capital lead byte ([`breaks_word_case`]): a
/// space or one of `. , ; : ! ? ) ] } " ' - /`. Not `&`, which starts an entity that may
/// be the lost byte itself (`DurmuÅ&Yuml;`), nor a digit or any other sign.
fn ends_word(c: char) -> bool {
    c.is_ascii_whitespace()
        || matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '-' | '/'
        )
}

/// [`is_suspect`] for every character of `text`, one at a time.
#[cfg(test)]
fn has_suspect_reference(text: &str) -> bool {
    let s = suspects();
    let mut prev = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_suspect(s, prev, c, chars.peek().copied()) {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Whether `next`, after a character that is a lead byte in the profiles `lead`, stands
/// where its continuation byte would: `?` or U+FFFD (a lost byte replaced), or a
/// continuation byte of one of those profiles.
fn completes_lead(s: &Suspects, lead: u16, next: Option<char>) -> bool {
    match next {
        Some('?' | '\u{fffd}') => true,
        Some(next) => suspect_slot(next as u32).is_some_and(|j| s.continuation[j] & lead != 0),
        None => false,
    }
}

/// Where code point `u` is in [`Suspects`]' tables, if it is there.
#[inline]
fn suspect_slot(u: u32) -> Option<usize> {
    (0x80..SUSPECT_LIMIT)
        .contains(&u)
        .then(|| (u - 0x80) as usize)
}

/// Per character from U+0080 below [`SUSPECT_LIMIT`], one bit per profile: what byte of
/// UTF-8 the character is in that profile, for [`structure_parses`].
struct Shapes {
    continuation: Vec<u16>,
    lead2: Vec<u16>,
    lead3: Vec<u16>,
    lead4: Vec<u16>,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let size = (SUSPECT_LIMIT - 0x80) as usize;
        let mut s = Shapes {
            continuation: vec![0; size],
            lead2: vec![0; size],
            lead3: vec![0; size],
            lead4: vec![0; size],
        };
        for (i, profile) in profiles().iter().enumerate().take(16) {
            let bit = 1u16 << i;
            for b in 0x80..=0xFFu8 {
                let Some(slot) = suspect_slot(u32::from(profile.page.decode[b as usize])) else {
                    continue;
                };
                match b {
                    0x80..=0xBF => s.continuation[slot] |= bit,
                    0xC2..=0xDF => s.lead2[slot] |= bit,
                    0xE0..=0xEF => s.lead3[slot] |= bit,
                    0xF0..=0xF4 => s.lead4[slot] |= bit,
                    _ => {}
                }
            }
        }
        s
    })
}

/// Whether some profile maps the line back to bytes in which no continuation byte stands
/// where no sequence has room for it (a `?` or U+FFFD may stand for up to three lost bytes
/// wherever it is): a line that no profile maps so is none that [`parse`] reads, in any
/// mode. One pass, all profiles at once as bits; clean text in the scripts of the profiles
/// fails it within a few letters (Thai consonants are continuation bytes in TIS-620, and two
/// follow each other in most words).
pub(super) fn structure_parses(line: &str) -> bool {
    let s = suspects();
    let sh = shapes();
    let mut alive: u16 = if profiles().len() >= 16 {
        u16::MAX
    } else {
        (1u16 << profiles().len()) - 1
    };
    // Profiles with room for at least one, two, three more continuation bytes.
    let (mut o1, mut o2, mut o3) = (0u16, 0u16, 0u16);
    for c in line.chars() {
        if c.is_ascii() || c == '\u{fffd}' {
            if c == '?' || c == '\u{fffd}' {
                (o1, o2, o3) = (alive, alive, alive);
            } else {
                (o1, o2, o3) = (0, 0, 0);
            }
            continue;
        }
        let Some(slot) = suspect_slot(c as u32) else {
            alive &= s.parses_beyond;
            (o1, o2, o3) = (0, 0, 0);
            if alive == 0 {
                return false;
            }
            continue;
        };
        alive &= s.parses[slot];
        let cont = sh.continuation[slot] & alive;
        alive &= !(cont & !o1);
        let (l2, l3, l4) = (
            sh.lead2[slot] & alive,
            sh.lead3[slot] & alive,
            sh.lead4[slot] & alive,
        );
        (o1, o2, o3) = ((cont & o2) | l2 | l3 | l4, (cont & o3) | l3 | l4, l4);
        if alive == 0 {
            return false;
        }
    }
    alive != 0
}

/// Whether what is left after ftfy's partial decode may still hold sequences that lost
/// bytes: a suspect ([`has_suspect`]), or a lead byte of some profile followed straight by
/// a character that no profile in which it is a lead can encode (`ЗарÑжающий`: `Ñ`, whose
/// continuation byte was deleted, before `ж`, which the decode made of a whole sequence).
pub(super) fn may_have_lost_bytes_left(text: &str) -> bool {
    suspect_scan::<true>(text)
}

/// Whether a capital that is a lead byte of some profile follows a small letter, before an
/// ASCII small letter or at the end of the word (`skÅadaÄ`: `Å` lost the byte that made it
/// `ł`, and `Ä` that of `ć`): what ftfy's partial decode leaves of a word that lost a byte,
/// where no suspect follows the lead byte. (Clean text breaks the case so only in names like
/// `McDonald`, whose capitals are ASCII; a small accented letter there, `Látszer`, is clean.)
pub(super) fn capital_lead_inside_word(text: &str) -> bool {
    let s = suspects();
    let mut prev_small = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if prev_small
            && (c.is_uppercase() || is_capital_lead(c))
            && suspect_slot(c as u32).is_some_and(|k| s.lead[k] != 0)
            && chars
                .peek()
                .is_none_or(|&n| n.is_ascii_lowercase() || ends_word(n))
        {
            return true;
        }
        prev_small = c.is_lowercase();
    }
    false
}

/// Whether a text has a suspect (`is_suspect`). Only non-ASCII characters can be one, and
/// only `?` among the ASCII ones can follow one and count: ASCII is skipped eight bytes at a
/// time, and only non-ASCII characters are decoded.
pub(super) fn has_suspect(text: &str) -> bool {
    suspect_scan::<false>(text)
}

/// [`has_suspect`]; with `LOST_LEADS`, also true where a lead byte of some profile is
/// followed by a non-ASCII character that no profile it is a lead in can encode (what
/// [`may_have_lost_bytes_left`] adds), in the same pass.
#[inline(always)]
fn suspect_scan<const LOST_LEADS: bool>(text: &str) -> bool {
    let s = suspects();
    let bytes = text.as_bytes();
    // The code point and length of the character that starts at `i`.
    let decode = |i: usize| super::codecs::code_point_at(bytes, i);
    let len = bytes.len();
    let mut i = 0;
    // The last character beyond ASCII decoded, and where it ended.
    let (mut prev_u, mut prev_end) = (0u32, 0usize);
    while i < len {
        // To the next non-ASCII byte: the bytes before it were ASCII, so a character starts
        // there.
        i = crate::scan::next_non_ascii(bytes, i);
        if i >= len {
            break;
        }
        let start = i;
        let (u, n) = decode(i);
        i += n;
        let before = (prev_u, prev_end);
        (prev_u, prev_end) = (u, i);
        let Some(k) = suspect_slot(u) else { continue };
        let lead = s.lead[k];
        if lead == 0 {
            continue;
        }
        if s.alone[k] != 0 {
            return true;
        }
        if is_capital_lead_code(u) {
            // The characters either side, for the definitions of `is_suspect`: a capital
            // lead that breaks the case of its word (`straÃe`, `zamykaÄ`), or a capital
            // lost at the start of one (`Ãcole`).
            let prev = match start.checked_sub(1).map(|j| bytes[j]) {
                Some(b) if b.is_ascii() => Some(b as char),
                Some(_) if before.1 == start => char::from_u32(before.0),
                _ => None,
            };
            let next = match bytes.get(i) {
                Some(&b) if b.is_ascii() => Some(b as char),
                Some(_) => char::from_u32(decode(i).0),
                None => None,
            };
            if breaks_word_case(prev, next)
                || (u == LOST_CAPITAL_LEAD as u32 && starts_word_before_small(prev, next))
            {
                return true;
            }
        }
        match bytes.get(i) {
            // A lost byte replaced with `?`, or with U+FFFD (EF BF BD).
            Some(b'?') => return true,
            Some(0xEF) if bytes.get(i + 1..i + 3) == Some(&[0xBF, 0xBD]) => return true,
            Some(&b) if !b.is_ascii() => {
                let (next, _) = decode(i);
                let slot = suspect_slot(next);
                if slot.is_some_and(|j| s.continuation[j] & lead != 0) {
                    return true;
                }
                if LOST_LEADS && slot.map_or(s.parses_beyond, |j| s.parses[j]) & lead == 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether at least [`MIN_LATIN_SHARE`] of a line's letters are Latin: first a cheap bound
/// (letters of the commonest other scripts are all letters, so counting them gives an upper
/// bound on the Latin share), then the exact share, unless the same pass shows it: when the
/// letters that are Latin for certain are at least as many as the characters that might be
/// letters of another script, the share is at least a half.
fn mostly_latin(line: &str) -> bool {
    // `latin` and `other` make the cheap bound; `certain` counts the Latin letters for
    // certain, `unsure` the characters that may be other letters.
    let (mut latin, mut other, mut certain, mut unsure) = (0usize, 0usize, 0usize, 0usize);
    let bytes = line.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Eight ASCII bytes at a time where they are.
        if let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                let letters = ascii_letters_in(word);
                latin += letters;
                certain += letters;
                i += 8;
                continue;
            }
        }
        if b.is_ascii() {
            let letter = b.is_ascii_alphabetic() as usize;
            latin += letter;
            certain += letter;
            i += 1;
            continue;
        }
        let (u, n) = super::codecs::code_point_at(bytes, i);
        i += n;
        if matches!(u, 0xC0..=0x24F | 0x1E00..=0x1EFF) {
            latin += 1;
            if u == 0xD7 || u == 0xF7 {
                // `×` and `÷`: no letters.
            } else {
                certain += 1;
            }
        } else if surely_other_letter(u) {
            other += 1;
            unsure += 1;
        } else if !is_no_letter(u) {
            unsure += 1;
        }
    }
    // (The share is compared in `f32`, exact for counts below 2^24.)
    latin as f32 >= MIN_LATIN_SHARE * (latin + other) as f32
        && ((certain >= unsure && line.len() < 1 << 24)
            || latin_share(line.chars()) >= MIN_LATIN_SHARE)
}

/// How many of the eight bytes of `word`, all ASCII, are letters: a byte is one when, made
/// small (`| 0x20`, which makes no other byte a letter), it lies from `a` to `z`.
fn ascii_letters_in(word: u64) -> usize {
    const EACH: u64 = 0x0101_0101_0101_0101;
    let small = word | (0x20 * EACH);
    // Each byte is below 0x80, so adding less than 0x20 to it carries into no other byte.
    let from_a = small + (0x80 - u64::from(b'a')) * EACH;
    let past_z = small + (0x80 - u64::from(b'z') - 1) * EACH;
    (from_a & !past_z & (0x80 * EACH)).count_ones() as usize
}

/// Whether `u` is, for certain, no letter at all: Latin-1's symbols (but `ª µ º`), and the
/// blocks of punctuation, currency signs, arrows, technical symbols, box drawing and
/// dingbats ([`model::is_alphabetic`] answers these by range).
fn is_no_letter(u: u32) -> bool {
    matches!(u, 0x80..=0xBF | 0x2000..=0x206F | 0x20A0..=0x20CF | 0x2190..=0x23FF | 0x2500..=0x27BF)
        && !matches!(u, 0xAA | 0xB5 | 0xBA)
}

/// Whether `c` is a UTF-8 lead byte in some profile: where a damaged sequence may start.
/// The scan's table has it as a flag (`scan::LOSSY_LEAD`), built from this.
#[cfg(test)]
pub(crate) fn is_lossy_lead(c: char) -> bool {
    let u = c as u32;
    (0x80..SUSPECT_LIMIT).contains(&u) && suspects().lead[(u - 0x80) as usize] != 0
}

/// Whether `c` completes a suspect ([`is_suspect`]) where it follows a lead byte, or is one
/// on its own: a continuation byte in some profile, U+FFFD, a lead byte that is a suspect
/// alone, or a capital lead ([`is_capital_lead`], a suspect where it breaks its word). With
/// `?`, these are all that make one: the scan's table has it as a flag
/// (`scan::LOSSY_MARK`), built from this.
#[cfg(test)]
pub(crate) fn is_lossy_mark(c: char) -> bool {
    let s = suspects();
    c == '\u{fffd}'
        || is_capital_lead(c)
        || suspect_slot(c as u32)
            .is_some_and(|k| s.continuation[k] != 0 || (s.lead[k] != 0 && s.alone[k] != 0))
}

/// Whether code point `u` is, for certain, a letter of a script other than Latin: the basic
/// letters of Cyrillic, Greek, Hebrew, Arabic, Thai, Devanagari, kana, Hangul and the CJK
/// ideographs. (Every character in these ranges is alphabetic.)
fn surely_other_letter(u: u32) -> bool {
    matches!(
        u,
        0x0391..=0x03A1
            | 0x03A3..=0x03A9
            | 0x03B1..=0x03C9
            | 0x0400..=0x045F
            | 0x05D0..=0x05EA
            | 0x0621..=0x063A
            | 0x0641..=0x064A
            | 0x0905..=0x0939
            | 0x0E01..=0x0E2E
            | 0x3041..=0x3096
            | 0x30A1..=0x30FA
            | 0x4E00..=0x9FFF
            | 0xAC00..=0xD7A3
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`may_need_repair`] on one line as it was written before the scan's table answered
    /// most of it: one pass over every character, suspects and Latin letters together.
    pub(crate) fn line_may_need_repair_reference(line: &str) -> bool {
        !line.is_ascii() && has_suspect_reference(line) && mostly_latin(line)
    }

    /// [`mostly_latin`] as first written: the cheap bound, then always the exact share.
    fn mostly_latin_reference(line: &str) -> bool {
        let (mut latin, mut other) = (0usize, 0usize);
        for c in line.chars() {
            if c.is_ascii() {
                latin += c.is_ascii_alphabetic() as usize;
                continue;
            }
            let u = c as u32;
            if matches!(u, 0xC0..=0x24F | 0x1E00..=0x1EFF) {
                latin += 1;
            } else if surely_other_letter(u) {
                other += 1;
            }
        }
        latin as f32 >= MIN_LATIN_SHARE * (latin + other) as f32
            && latin_share(line.chars()) >= MIN_LATIN_SHARE
    }

    /// Eight ASCII bytes' letters are counted as one at a time counts them: every byte in
    /// every place, among letters and among other bytes.
    #[test]
    fn ascii_letters_in_a_word_are_counted() {
        for fill in [b'1', b'a', b'Z', 0x7F, 0x00] {
            for b in 0..0x80u8 {
                for place in 0..8 {
                    let mut word = [fill; 8];
                    word[place] = b;
                    let expected = word.iter().filter(|b| b.is_ascii_alphabetic()).count();
                    assert_eq!(
                        ascii_letters_in(u64::from_le_bytes(word)),
                        expected,
                        "{word:?}"
                    );
                }
            }
        }
    }

    /// The short cut of [`mostly_latin`] answers as the exact share does, on lines that mix
    /// Latin letters, the letters it is unsure of (`ª µ º`, other scripts, Latin letters
    /// beyond its ranges), `× ÷` and symbols, near the half; and its "no letter" ranges hold
    /// no letter.
    #[test]
    fn mostly_latin_is_the_reference() {
        let pieces = [
            "a",
            "Z",
            "é",
            "ñ",
            "ŕ",
            "ẽ",
            "×",
            "÷",
            "ª",
            "µ",
            "º",
            "ɐ",
            "ꝁ",
            "д",
            "λ",
            "中",
            "한",
            "ก",
            "ا",
            "—",
            "€",
            "©",
            " ",
            "1",
            "?",
            "\u{fffd}",
            "→",
            "ℂ",
            "ⓚ",
            "ⅰ",
            "ᴀ",
            "The quick fox",
            "@[`{AZaz\t",
            "0123456789",
            "\x00\x1f\x7f~_^",
        ];
        let mut rng = 7u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng as usize
        };
        let (mut yes, mut no) = (0, 0);
        for _ in 0..200_000 {
            let line: String = (0..next() % 12)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let expected = mostly_latin_reference(&line);
            assert_eq!(mostly_latin(&line), expected, "{line:?}");
            (yes, no) = (yes + expected as usize, no + !expected as usize);
        }
        assert!(yes > 10_000 && no > 10_000, "{yes} {no}");
        for u in (0..0x3000).filter(|&u| is_no_letter(u)) {
            let c = char::from_u32(u).unwrap();
            assert!(!model::is_alphabetic(c) && !is_latin_letter(c), "{c:?}");
        }
    }

    /// [`may_have_lost_bytes_left`] as first written: [`has_suspect`], then a second pass
    /// over every character for a lead byte before a character its profiles cannot encode.
    fn may_have_lost_bytes_left_reference(text: &str) -> bool {
        let s = suspects();
        if has_suspect_reference(text) {
            return true;
        }
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let Some(i) = suspect_slot(c as u32) else {
                continue;
            };
            let lead = s.lead[i];
            if lead == 0 {
                continue;
            }
            if let Some(&next) = chars.peek() {
                if next.is_ascii() {
                    continue;
                }
                let encodes = suspect_slot(next as u32).map_or(s.parses_beyond, |j| s.parses[j]);
                if encodes & lead == 0 {
                    return true;
                }
            }
        }
        false
    }

    /// Apostrophes as English, French, Italian, Catalan and Dutch write them, and the
    /// shapes `â` read as `’` makes of words where it is a letter.
    #[test]
    fn apostrophe_shapes() {
        for (before, after) in [
            ("it", "s"),
            ("don", "t"),
            ("I", "m"),
            ("we", "ve"),
            ("they", "ll"),
            ("she", "d"),
            ("A", "s"),
            ("l", "homme"),
            ("qu", "elle"),
            ("aujourd", "hui"),
            ("dell", "anno"),
            ("O", "Brien"),
            ("rock", "n"),
            ("o", "clock"),
            ("students", ""),
            ("lovin", ""),
            ("po", ""),
            ("", "tis"),
        ] {
            assert!(!odd_apostrophe(before, after), "{before}’{after}");
        }
        for (before, after) in [
            ("din", "mico"),
            ("gi", "y"),
            ("ffr", "m"),
            ("them", "u"),
            ("La", "youne"),
            ("Malay", "lam"),
            ("d", "ts"),
            ("f", "s"),
            ("st", "t"),
            ("cre", ""),
            ("devent", ""),
        ] {
            assert!(odd_apostrophe(before, after), "{before}’{after}");
        }
    }

    /// A line whose only suspects are lone lead bytes inside known words (`câmara`: `â` is
    /// what `’` leaves in Latin-1 with its two continuation bytes lost) is not read, by the
    /// pre-test or by the reader, even beside a damaged line that vouches for others.
    #[test]
    fn suspects_inside_known_words_are_no_damage() {
        for clean in [
            "Lucas Gabriel Câmara",
            "Despachante de trânsito",
            "Buyrun hâlâ alan.",
        ] {
            assert!(suspects_only_in_known_words(clean), "{clean:?}");
            assert!(!may_need_repair(clean), "{clean:?}");
        }
        // Another suspect, a word no language has, or no suspect at all.
        for other in [
            "Putinâs decree",
            "Lucas Câmara said itâs late",
            "Sá»",
            "café crème",
            "",
        ] {
            assert!(!suspects_only_in_known_words(other), "{other:?}");
        }
        let text = "The mayorâs office said it would reopen.\nLucas Gabriel Câmara\n";
        let (fixed, _) = repair_dropped_bytes(text).expect("the first line lost its quote");
        assert_eq!(
            fixed,
            "The mayor’s office said it would reopen.\nLucas Gabriel Câmara\n"
        );
    }

    /// A capital lead byte between small letters is what a word that lost a byte in the
    /// middle leaves; capitals that start or end words, small accented letters and ASCII
    /// capitals are clean text.
    #[test]
    fn capital_lead_inside_word_is_a_word_that_lost_a_byte() {
        for damaged in [
            "skÅadaÄ",
            "poszÅam do sklepu",
            "wiÄcej",
            "zamykaÄ francuski",
            "szervezÅ; Horváth",
            "pÅ",
            "przynosiฤ.",
            "Wrzeลnia",
        ] {
            assert!(capital_lead_inside_word(damaged), "{damaged:?}");
        }
        for clean in [
            "PAROS ALLÉ 41, 6073 KRUSÅ;",
            "Látszer",
            "McDonald",
            "Åsa och Östen",
            "ÅÄÖ",
            "pÅL",
            "iÅÖ",
            "DurmuÅ&Yuml;",
            "ใช้iPhoneรุ่นใหม่",
            "ภาษาไทย",
            "",
        ] {
            assert!(!capital_lead_inside_word(clean), "{clean:?}");
        }
    }

    #[test]
    fn lost_capital_at_the_start_of_a_word_is_a_suspect() {
        for damaged in [
            "Les Ãtats-Unis",
            "Ãber die Brücke",
            "L’Ãcole",
            "(Ãngel)",
            "Ã©",
            "12 Ãrzte",
        ] {
            assert!(has_suspect(damaged), "{damaged:?}");
            assert!(has_suspect_reference(damaged), "{damaged:?}");
        }
        // Portuguese capitals (`SÃO`, `JOÃO`), `Ã` alone or before a capital, inside a word
        // after a capital or a digit (after a small letter it breaks the case: `straÃe`),
        // and the small `ã`.
        for clean in [
            "SÃO PAULO",
            "JOÃO E MARIA",
            "Ã",
            "Ã.",
            "ÃO",
            "Ã la",
            "AÃb",
            "1Ãb",
            "ãs",
            "Irmã",
        ] {
            assert!(!has_suspect(clean), "{clean:?}");
            assert!(!has_suspect_reference(clean), "{clean:?}");
        }
    }

    /// The one-pass suspect scans agree with their definitions on random text of accented
    /// Latin, Cyrillic, mojibake characters, `?`, U+FFFD, CJK and ASCII.
    #[test]
    fn suspect_scans_agree_with_definitions() {
        let pool: Vec<char> = "aé?ÃÄÅÈüâ1BÑжЗ€™œ中\u{fffd} \u{a0}©Ð°ÂåŠx\u{80}\u{9d}ŕ.&ฤล"
            .chars()
            .collect();
        let mut rng = 0x5eed_u64;
        let mut next = || {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (rng >> 33) as usize
        };
        let mut seen = [0usize; 4];
        for _ in 0..20_000 {
            let len = next() % 12;
            let text: String = (0..len).map(|_| pool[next() % pool.len()]).collect();
            let suspect = has_suspect_reference(&text);
            assert_eq!(has_suspect(&text), suspect, "{text:?}");
            let lost = may_have_lost_bytes_left_reference(&text);
            assert_eq!(may_have_lost_bytes_left(&text), lost, "{text:?}");
            seen[suspect as usize + 2 * lost as usize] += 1;
        }
        // Clean texts, suspects, and lost leads without a suspect all come up.
        assert!(seen[2] > 500 && seen[0] > 500 && seen[3] > 500, "{seen:?}");
    }

    /// `parse` as first written: the whole line encoded, then split, with no bound on gaps.
    fn parse_reference(
        chars: &[(usize, char)],
        profile: &Profile,
        mode: Mode,
    ) -> Option<(Vec<Item>, Vec<u8>)> {
        let mut bytes = Vec::with_capacity(chars.len());
        for &(_, c) in chars {
            bytes.push(encode_char(profile.page, c)?);
        }
        let mut items = Vec::new();
        let (mut i, mut gaps) = (0, 0);
        while i < bytes.len() {
            let need = match bytes[i] {
                0x00..=0x7F => {
                    items.push(Item::Literal(i));
                    i += 1;
                    continue;
                }
                0xC2..=0xDF => 1,
                0xE0..=0xEF => 2,
                0xF0..=0xF4 => 3,
                _ => return None,
            };
            let (mut j, mut placeholders) = (i + 1, 0);
            while j < bytes.len() && j - i - 1 < need {
                match bytes[j] {
                    0x80..=0xBF => {}
                    b'?' if mode == Mode::Replaced => placeholders += 1,
                    _ => break,
                }
                j += 1;
            }
            let have = j - i - 1;
            if have == need && placeholders == 0 {
                let ch = std::str::from_utf8(&bytes[i..j]).ok()?.chars().next()?;
                items.push(Item::Complete {
                    start: i,
                    end: j,
                    ch,
                });
            } else {
                if mode == Mode::Replaced && have < need {
                    return None;
                }
                gaps += 1;
                items.push(Item::Gap(i));
            }
            i = j;
        }
        if gaps == 0 || (mode == Mode::Replaced && !bytes.contains(&b'?')) {
            return None;
        }
        Some((items, bytes))
    }

    /// The parse that encodes as it goes gives what encoding first gave, on random lines of
    /// characters that stand for high bytes in the profiles, `?`, and ASCII; and a line with
    /// no `?` never parses as bytes replaced by `?`s.
    #[test]
    fn parse_agrees_with_the_reference() {
        let mut pool: Vec<char> = "ab ?.'".chars().collect();
        for profile in profiles() {
            pool.extend((0x80..=0xFFu8).filter_map(|b| {
                char::from_u32(u32::from(profile.page.decode[b as usize]))
                    .filter(|&c| c != '\u{ffff}')
            }));
        }
        pool.sort_unstable();
        pool.dedup();
        let mut rng = 3u64;
        let mut next = || crate::test_rng::next(&mut rng);
        let mut parsed = 0;
        for round in 0..20_000 {
            let len = next() % if round % 50 == 0 { 600 } else { 12 };
            let mut line: String = (0..len).map(|_| pool[next() % pool.len()]).collect();
            if round % 7 == 0 {
                // A long ASCII stretch somewhere, which the parse keeps as one item.
                let at = line.char_indices().map(|(i, _)| i).nth(next() % (len + 1));
                let stretch = "word. ".repeat(next() % 40);
                line.insert_str(at.unwrap_or(line.len()), &stretch);
            }
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            for profile in profiles() {
                for mode in [Mode::Dropped, Mode::Replaced] {
                    let new = parse(&line, &chars, profile, mode).map(|(items, bytes)| {
                        // The reference keeps every ASCII character an item of its own.
                        let items: Vec<Item> = items
                            .into_iter()
                            .flat_map(|item| match item {
                                Item::Skip(start, end) => (start..end).map(Item::Literal).collect(),
                                other => vec![other],
                            })
                            .collect();
                        (items, bytes)
                    });
                    let old = parse_reference(&chars, profile, mode);
                    parsed += new.is_some() as usize;
                    assert_eq!(format!("{new:?}"), format!("{old:?}"), "{line:?}");
                    if mode == Mode::Replaced && !line.contains('?') {
                        assert!(new.is_none());
                    }
                }
            }
        }
        assert!(parsed > 1000, "{parsed}");
    }

    #[test]
    fn lossy_thai_apostrophe_and_quotes() {
        let (fixed, inf) = repair_dropped_bytes("Putinโs โtemporaryโ decree").unwrap();
        assert_eq!(fixed, "Putin’s “temporary” decree");
        assert_eq!(inf.len(), 3);
        assert_eq!(inf[0].position, 5);
        assert_eq!(inf[0].code_page, "sloppy-windows-874");
    }

    #[test]
    fn lossy_clean_thai_untouched() {
        assert!(repair_dropped_bytes("โรงเรียนของเราอยู่ใกล้บ้าน").is_none());
    }

    /// Whether lead byte `b` alone could have been a symbol of Latin text, as first written:
    /// for one profile, every pair of its lost bytes.
    fn alone_completes_latin_text_reference(b: u8, lost: &[u8]) -> bool {
        let decodes_known = |bytes: &[u8]| {
            std::str::from_utf8(bytes)
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(|c| {
                    plausible(c) && model::is_known(c) && !is_latin_letter(c) && !c.is_whitespace()
                })
        };
        match b {
            0xC2..=0xDF => lost.iter().any(|&x| decodes_known(&[b, x])),
            0xE0..=0xEF => lost
                .iter()
                .any(|&x| lost.iter().any(|&y| decodes_known(&[b, x, y]))),
            _ => false,
        }
    }

    /// Both tables of [`AloneCompletions`], worked out once for all profiles, are what each
    /// profile's lost bytes give: the symbols against the first way they were written, the
    /// known characters against the completions listed for a lead byte alone.
    #[test]
    fn alone_completions_worked_out_once_are_those_of_each_profile() {
        let alone = AloneCompletions::new();
        let (mut symbols, mut known, mut dead) = (0, 0, 0);
        for profile in profiles() {
            let lost = gap_parts(&[0xC3], profile, true).lost;
            for b in 0x80..=0xFFu8 {
                let expected = alone_completes_latin_text_reference(b, &lost);
                assert_eq!(
                    alone.completes_latin_text(b, dropped_mask(profile)),
                    expected,
                    "{} {b:#x}",
                    profile.page.name
                );
                symbols += expected as usize;
                if !(0xC2..=0xF4).contains(&b) {
                    continue;
                }
                let listed = completions_listed(&[b], profile, Mode::Dropped, false)
                    .is_some_and(|l| l.iter().any(|&c| model::is_known(c)));
                assert_eq!(
                    alone.completes_known(b, dropped_mask(profile)),
                    listed,
                    "{} {b:#x} known",
                    profile.page.name
                );
                known += listed as usize;
                dead += !listed as usize;
            }
        }
        assert!(symbols >= 3, "{symbols}");
        assert!(known > 50 && dead > 50, "{known} {dead}");
    }

    /// `decode_one` finds what `str::from_utf8` finds of one character, on every string of a
    /// byte from C0 on and one to three bytes after it from the ranges that matter (each
    /// continuation range's edges and beyond).
    #[test]
    fn decode_one_is_from_utf8() {
        let after: Vec<u8> = vec![
            0x00, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xAF, 0xB0, 0xBF, 0xC0, 0xFF,
        ];
        let mut valid = 0;
        for lead in 0xC0..=0xFFu8 {
            for &a in &after {
                for &b in &after {
                    for &c in &after {
                        for len in 2..=4 {
                            let bytes = [lead, a, b, c];
                            let bytes = &bytes[..len];
                            // (One character exactly: that is what a gap's bytes are.)
                            let expected = std::str::from_utf8(bytes)
                                .ok()
                                .filter(|s| s.chars().count() == 1)
                                .and_then(|s| s.chars().next());
                            assert_eq!(decode_one(bytes), expected, "{bytes:x?}");
                            valid += expected.is_some() as usize;
                        }
                    }
                }
            }
        }
        assert!(valid > 1000, "{valid}");
    }

    /// Encoding through the folded table is encoding through each page, for every character
    /// of the BMP and one beyond.
    #[test]
    fn profile_pages_encode_as_the_pages_do() {
        let mut encoded = 0;
        for profile in profiles() {
            for c in (0..=0xFFFFu32).chain([0x1F600]).filter_map(char::from_u32) {
                let expected = encode_char(profile.page, c);
                assert_eq!(
                    encode_in(profile, c),
                    expected,
                    "{} {c:?}",
                    profile.page.name
                );
                encoded += expected.is_some() as usize;
            }
        }
        assert!(encoded > 2000, "{encoded}");
    }

    /// The seed article, the lossy cases (broken and clean), lines of clean accented prose
    /// and 3,000 random lines: what the tests of the Latin reader's shortcuts read.
    fn reader_test_lines() -> Vec<String> {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
        let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_default();
        let mut lines: Vec<String> = Vec::new();
        lines.extend(
            read("lossy/seed/article.broken.txt")
                .lines()
                .map(String::from),
        );
        for record in read("lossy/cases.jsonl").lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(record) {
                for key in ["broken", "expected"] {
                    if let Some(t) = v.get(key).and_then(|t| t.as_str()) {
                        lines.extend(t.lines().map(String::from));
                    }
                }
            }
        }
        lines.extend(read("lossy/prose.txt").lines().map(String::from));
        for extra in [
            "Lucas Gabriel Câmara",
            "Operador de trator de lâmina",
            "Grâce marcher auquel. Pour douter voyager.",
            "Itâs the carâs fault, said the driverâs son",
            "Mecânico de manutenção de equipamento de mineração",
            "Setor de Câmara, 71, Vila Trinta E Um De Março",
            "Moitié nez mensonge glisser entrée reste signifier âge dresser étudier.",
            "Apparence chute étranger rideau. Grâce couper adresser second hôtel.",
            "Petitjean et Fils pâtissier; Vincent SARL",
            "Nhân viên ngân hàng, Nhân viên hành chính",
            "O âmbito da lâmpada e da câmera",
            "Le théâtre du château, près de la fenêtre",
        ] {
            lines.push(extra.to_string());
        }
        let mut rng = 0x0b0e_u64;
        for _ in 0..3000 {
            lines.push(random_line(&mut rng));
        }
        lines
    }

    /// The early bound on a reading's gain gives up only readings that would gain too little
    /// to be taken: on the test lines, in every profile and mode, a reading with the bound
    /// is the reading without it, or none where that one gains less than any line needs.
    #[test]
    fn the_early_bound_gives_up_only_readings_never_taken() {
        let (mut same, mut given_up) = (0, 0);
        for line in &reader_test_lines() {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let mut letters = LetterCounts::default();
            letters.add_ascii(line);
            for profile in profiles() {
                for mode in [Mode::Dropped, Mode::Replaced, Mode::Fffd] {
                    let with = read_line(line, &chars, &letters, profile, mode, 0, true);
                    let without = read_line(line, &chars, &letters, profile, mode, 0, false);
                    match (&with, &without) {
                        (Some(a), Some(b)) => {
                            assert!(a.text == b.text && a.gain == b.gain, "{line:?}");
                            assert_eq!(a.inferences, b.inferences, "{line:?}");
                            same += 1;
                        }
                        (None, Some(b)) => {
                            assert!(b.gain < MIN_LINE_GAIN_VOUCHED, "{line:?} {}", b.gain);
                            given_up += 1;
                        }
                        (None, None) => {}
                        (Some(_), None) => panic!("{line:?}"),
                    }
                }
            }
        }
        assert!(same > 100 && given_up > 5, "{same} {given_up}");
        // Two gaps apart (two `â` through Latin-1, each read with both continuation bytes
        // lost): given up after the first round, where the full reading loses.
        let line = "Vereda de Câmara, 48, Castanheira, 22677080 Câmara / PE";
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut letters = LetterCounts::default();
        letters.add_ascii(line);
        let latin1 = profiles()
            .iter()
            .find(|p| p.page.name == "latin-1")
            .unwrap();
        let read = |bound| read_line(line, &chars, &letters, latin1, Mode::Dropped, 0, bound);
        assert!(read(true).is_none());
        assert!(read(false).is_some_and(|r| r.inferences.len() == 2 && r.gain < 0.0));
    }

    /// The short way of listing a lead byte that lost every continuation byte gives the
    /// general way's list, in its order, for every such lead byte and profile.
    #[test]
    fn lone_lead_completions_are_listed_as_generally() {
        let mut listed = 0;
        for profile in profiles() {
            for lead in 0xC2..=0xEFu8 {
                for all in [false, true] {
                    let short = completions_listed(&[lead], profile, Mode::Dropped, all);
                    let gap = [lead];
                    let parts = gap_parts(&gap, profile, !all);
                    let general = completions_listed_generally(&parts, Mode::Dropped, all);
                    assert_eq!(short, general, "{lead:#x} {}", profile.page.name);
                    listed += short.map_or(0, |l| l.len());
                }
            }
        }
        assert!(listed > 10_000, "{listed}");
    }

    /// A profile that [`latin_parsing_profiles`] leaves out has no reading of the line by
    /// the Latin reader, in any mode: on the test lines and lines of clean accented prose in
    /// several languages, each with U+FFFD read as a placeholder and not.
    #[test]
    fn profiles_the_latin_reader_leaves_out_read_nothing() {
        let mut lines = reader_test_lines();
        for extra in [
            "Nádraží Růžena Černého 8, 650 39 Opava",
            "Françoise à l’hôtel, ça va?",
            "São Paulo ção? ã ç",
            "Zürich Ä Ö ß ð þ ñ õ ø",
            "Ma\u{fffd}tre â\u{fffd}\u{fffd} ç\u{fffd}",
        ] {
            lines.push(extra.to_string());
        }
        let (mut left_out, mut narrowed) = (0, 0);
        for line in &lines {
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let mut letters = LetterCounts::default();
            letters.add_ascii(line);
            for fffd in [false, true] {
                let plain = parsing_profiles(line, fffd);
                let latin = latin_parsing_profiles(line, fffd);
                assert_eq!(latin & !plain, 0, "{line:?}");
                narrowed += (latin != plain) as usize;
                for (i, profile) in profiles().iter().enumerate() {
                    if latin & (1 << i) != 0 {
                        continue;
                    }
                    left_out += 1;
                    for mode in [Mode::Dropped, Mode::Replaced, Mode::Fffd] {
                        if mode == Mode::Fffd && !fffd {
                            continue;
                        }
                        assert!(
                            read_line(line, &chars, &letters, profile, mode, 0, false).is_none(),
                            "{line:?} {} {mode:?}",
                            profile.page.name
                        );
                    }
                }
            }
        }
        assert!(left_out > 1000 && narrowed > 100, "{left_out} {narrowed}");
    }

    /// The best candidate score that the early bound takes from a list's kept symbol scores
    /// is the best of every candidate scored: for the completions of many gaps in every
    /// profile and mode, between neighbours of every class, in and out of words.
    #[test]
    fn best_candidate_score_is_the_best_scored() {
        let langs = Langs::of("o âmbito da lâmpada e da câmera".chars());
        let neighbours = [
            None,
            Some(' '),
            Some('a'),
            Some('M'),
            Some('7'),
            Some('('),
            Some('.'),
            Some('—'),
            Some('é'),
            Some('Ж'),
            Some('’'),
            Some('ก'),
        ];
        let (mut checked, mut with_symbols) = (0, 0);
        for profile in profiles() {
            for mode in [Mode::Dropped, Mode::Replaced, Mode::Fffd] {
                let hole = match mode {
                    Mode::Dropped => None,
                    Mode::Replaced => Some(b'?'),
                    Mode::Fffd => Some(FFFD_BYTE),
                };
                for lead in 0xC2..=0xF4u8 {
                    // Every continuation byte lost: dropped, or each replaced.
                    let need = match lead {
                        0xC2..=0xDF => 1,
                        0xE0..=0xEF => 2,
                        _ => 3,
                    };
                    let mut bytes = vec![lead];
                    if let Some(hole) = hole {
                        bytes.extend(std::iter::repeat_n(hole, need));
                    }
                    let Some(list) = completions(&bytes, profile, mode) else {
                        continue;
                    };
                    with_symbols += list.iter().any(|&c| model::scores_as_symbol(c)) as usize;
                    for left in neighbours {
                        for right in neighbours {
                            // `c·d` around the gap, or the neighbours alone.
                            let decoded = [Some('c'), left, Some('*'), right, Some('d')];
                            let mut all = Vec::new();
                            for &c in list.iter() {
                                score_candidate(c, 2, &decoded, left, right, &langs, &mut all);
                            }
                            let expected = all
                                .iter()
                                .map(|c| c.score)
                                .fold(f32::NEG_INFINITY, f32::max);
                            let mut scratch = Vec::new();
                            let got =
                                best_candidate_score(&list, 2, &decoded, &langs, &mut scratch);
                            assert_eq!(
                                got.to_bits(),
                                expected.to_bits(),
                                "{} {bytes:x?} {left:?} {right:?}",
                                profile.page.name
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(
            checked > 10_000 && with_symbols > 20,
            "{checked} {with_symbols}"
        );
    }

    /// A profile that [`parsing_profiles`] leaves out cannot parse the line in any mode, so
    /// the Latin reader need not try it.
    #[test]
    fn profiles_left_out_cannot_parse_the_line() {
        let mut rng = 0x05ee_d1e5_50dd_ba11_u64;
        let mut left_out = 0;
        for _ in 0..3000 {
            let line = random_line(&mut rng);
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            for fffd in [false, true] {
                let parsing = parsing_profiles(&line, fffd);
                for (i, profile) in profiles().iter().enumerate() {
                    if parsing & (1 << i) != 0 {
                        continue;
                    }
                    left_out += 1;
                    let modes: &[Mode] = if fffd {
                        &[Mode::Dropped, Mode::Replaced, Mode::Fffd]
                    } else {
                        &[Mode::Dropped, Mode::Replaced]
                    };
                    for &mode in modes {
                        assert!(
                            parse(&line, &chars, profile, mode).is_none(),
                            "{line:?} {} {mode:?}",
                            profile.page.name
                        );
                    }
                }
            }
        }
        assert!(left_out > 1000, "{left_out}");
    }

    /// The lists of completions each thread keeps are the lists worked out: each asked twice
    /// (the second answer comes from the memory), in every profile and mode, for lead bytes
    /// of each length followed as `parse` leaves a gap: by fewer continuation bytes than the
    /// lead needs (bytes dropped), or by as many bytes as it needs, some of them
    /// placeholders (bytes replaced).
    #[test]
    fn completions_kept_are_those_worked_out() {
        let mut listed = 0;
        for profile in profiles() {
            for mode in [Mode::Dropped, Mode::Replaced, Mode::Fffd] {
                for lead in [0xC3, 0xC5, 0xD0, 0xE2, 0xE3, 0xEA, 0xF0] {
                    let need = if lead < 0xE0 {
                        1
                    } else if lead < 0xF0 {
                        2
                    } else {
                        3
                    };
                    let gaps: Vec<Vec<u8>> = if mode == Mode::Dropped {
                        [&[][..], &[0x80], &[0xA9], &[0x99, 0xA0]]
                            .iter()
                            .filter(|r| r.len() < need)
                            .map(|r| r.to_vec())
                            .collect()
                    } else {
                        let hole = if mode == Mode::Fffd { FFFD_BYTE } else { b'?' };
                        let mut first_kept = vec![hole; need];
                        first_kept[0] = 0x99;
                        let mut last_kept = vec![hole; need];
                        last_kept[need - 1] = 0xA9;
                        [vec![hole; need], first_kept, last_kept]
                            .into_iter()
                            .filter(|r| r.contains(&hole))
                            .collect()
                    };
                    for rest in gaps {
                        let mut bytes = vec![lead];
                        bytes.extend_from_slice(&rest);
                        for all in [false, true] {
                            let expected = completions_listed(&bytes, profile, mode, all);
                            listed += expected.as_ref().map_or(0, Vec::len);
                            let expected: Completions =
                                expected.map(|l| Rc::new(CompletionList::new(l)));
                            for _ in 0..2 {
                                assert_eq!(
                                    completions_with(&bytes, profile, mode, all),
                                    expected,
                                    "{} {bytes:x?} {mode:?} {all}",
                                    profile.page.name
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(listed > 1000, "{listed}");
    }

    /// Random lines made of words of several scripts, damaged sequences, `?` and the
    /// continuation bytes of the profiles, in proportions that change from line to line, so
    /// that lines fall on both sides of a Latin majority, with and without suspects.
    fn random_line(rng: &mut u64) -> String {
        const GROUPS: &[&[&str]] = &[
            &[
                "the",
                "Putin",
                "decree",
                "temporary",
                "and",
                "of",
                "ICCs",
                "s",
                "a",
                "14",
            ],
            &[
                "café", "été", "château", "Zürich", "łódź", "Þór", "Ơn", "ça", "âge", "Ñandú",
            ],
            &[
                "où",
                "sûr",
                "über",
                "schön",
                "l’été",
                "œuvre",
                "Où",
                "gâteau",
            ],
            &[
                "её",
                "слово",
                "Київ",
                "він",
                "что",
                "Глава",
                "ві",
                "їх",
                "в",
                "о",
            ],
            &["λόγος", "βιβλίο", "Ελλάδα", "β", "ο", "και"],
            &["โรงเรียน", "ของเรา", "ใกล้", "บ้าน", "โ", "ก"],
            &["שלום", "מה", "ש"],
            &["中文", "β版", "日本語", "한국어", "مرحبا"],
            &["โ", "â€", "Ã©", "Ã?", "â?", "Ð?", "Ã", "Â", "\u{fffd}", "Ѓ"],
            &[
                " ", " ", "?", "»", "«", "’", "\u{a0}", "…", "—", ", ", "ё", "І", "Ђ", "1", "¿",
                "°", "\u{301}", "ๆ", "\u{e48}",
            ],
        ];
        let mut next = |n: usize| crate::test_rng::next(rng) % n;
        // Each line leans on a few groups.
        let weights: Vec<usize> = GROUPS.iter().map(|_| next(4) * next(4)).collect();
        let total: usize = weights.iter().sum::<usize>().max(1);
        let mut line = String::new();
        for _ in 0..1 + next(30) {
            if next(20) == 0 {
                line.push(char::from_u32(0x80 + next(0x2F80) as u32).unwrap_or('x'));
                continue;
            }
            let mut pick = next(total);
            let group = weights
                .iter()
                .position(|&w| {
                    if pick < w {
                        true
                    } else {
                        pick -= w;
                        false
                    }
                })
                .unwrap_or(0);
            line.push_str(GROUPS[group][next(GROUPS[group].len())]);
            if next(3) != 0 {
                line.push(' ');
            }
        }
        line
    }

    /// The scan's answer is sound: a line it rules out (no lead byte, or more letters of
    /// other scripts than it could have Latin ones) is one the pre-test, as written before
    /// the scan answered it, turns down. The pre-test takes no line it did not take before;
    /// the lines it now turns down besides (no profile can map them back to bytes, or every
    /// suspect is inside a known word) are lines lossy recovery leaves as they are.
    #[test]
    fn the_scan_rules_out_only_lines_the_pretest_turns_down() {
        let mut rng = 7u64;
        // Lines the pre-test takes; lines with a lead byte ruled out by their weight; lines
        // not ruled out that the pre-test turns down; lines it takes with letters of other
        // scripts in them; lines it took before and no longer does.
        let mut seen = [0usize; 5];
        let mut text = String::new();
        for round in 0..40_000 {
            let line = random_line(&mut rng);
            let before = line_may_need_repair_reference(&line);
            let now = may_need_repair(&line);
            let ruled_out = crate::scan::lossy_ruled_out_for(&line);
            assert!(!(ruled_out && before), "{line:?}");
            assert!(!now || before, "{line:?}");
            if before && !now {
                assert!(
                    !parses_in_some_profile(&line) || suspects_only_in_known_words(&line),
                    "{line:?}"
                );
                assert!(repair_dropped_bytes(&line).is_none(), "{line:?}");
            }
            seen[0] += now as usize;
            seen[1] += (ruled_out && line.chars().any(is_lossy_lead)) as usize;
            seen[2] += (!ruled_out && !before) as usize;
            seen[3] += (now && latin_share(line.chars()) < 1.0) as usize;
            seen[4] += (before && !now) as usize;
            // Texts of several lines.
            text.push_str(&line);
            text.push('\n');
            if round % 5 == 4 {
                // Lines with their `\n`, as the pre-test and the scan weigh them.
                let before = text
                    .split_inclusive('\n')
                    .any(line_may_need_repair_reference);
                let now = may_need_repair(&text);
                assert!(!now || before, "{text:?}");
                if before && !now {
                    assert!(repair_dropped_bytes(&text).is_none(), "{text:?}");
                }
                text.clear();
            }
        }
        // (Lines with letters of other scripts that the pre-test takes are few since it
        // turns down lone lead bytes the Latin reader would: 45 of these 40,000.)
        assert!(seen.iter().all(|&n| n > 30), "{seen:?}");
    }

    /// The table of the profiles a character can be parsed in says what `parse` does with
    /// it: exactly, below `SUSPECT_LIMIT`; above, it may say yes where `parse` fails, never
    /// the other way round. (ASCII is taken to parse everywhere, which it does but for
    /// U+001A in the sloppy code pages, where byte 1A is U+FFFD.)
    #[test]
    fn the_parse_table_agrees_with_the_code_pages() {
        let s = suspects();
        for u in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for (i, profile) in profiles().iter().enumerate() {
                let parses = encode_char(profile.page, c).is_some_and(|b| !never_utf8(b));
                if c.is_ascii() {
                    assert!(parses || c == '\u{1a}', "{c:?} {}", profile.page.name);
                    continue;
                }
                let bit = 1u16 << i;
                let said = match suspect_slot(u) {
                    Some(slot) => s.parses[slot] & bit != 0,
                    None => s.parses_beyond & bit != 0,
                };
                if u < SUSPECT_LIMIT {
                    assert_eq!(said, parses, "U+{u:04X} {}", profile.page.name);
                } else {
                    assert!(said || !parses, "U+{u:04X} {}", profile.page.name);
                }
            }
        }
    }

    #[test]
    fn typography_follows_the_common_words() {
        use model::Typography::{Common, LowLower, LowUpper};
        let cases = [
            // One German place name does not make an English line German.
            (
                "“We’re not giving up,” she said, in Zürich on 12 March.",
                Common,
            ),
            ("Die Straße ist groß, und das ist nicht neu.", LowUpper),
            ("Řekl, že to není pravda, ale jako vždy odešel.", LowUpper),
            ("Powiedział, że to nie jest prawda, jak zawsze.", LowLower),
            ("Azt mondta, hogy nem igaz, mint mindig.", LowLower),
            // One word is not enough, and a tie is the common style.
            ("Der Zug kam.", Common),
            ("Die and the: und and.", Common),
            ("Mojibake with no words: â€œâ€", Common),
        ];
        for (line, style) in cases {
            assert_eq!(typography_of(line), style, "{line}");
        }
    }
}
