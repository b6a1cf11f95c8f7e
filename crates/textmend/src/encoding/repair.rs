//! The search that undoes mojibake, one layer at a time.

use super::beyond::{Known, Warrant};
use super::bytes::{has_altered_utf8, replace_lossy_sequences, restore_byte_a0};
use super::codecs::{self, decode_utf8_for_repair_owned, PageSet};
use super::heuristic::is_bad;
use crate::plan::{Action, Step};
use crate::tables::codepages::{self, CodePage};
use crate::Config;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The code pages whose mojibake is undone, in the order they are tried: the first one that
/// can encode the whole text and gives valid UTF-8 wins. Latin-1 first, since its bytes are
/// the text's own code points; windows-1252 next, the most common source of mojibake; the
/// others in the order of how often they are seen.
pub static REPAIR_CODE_PAGES: &[&CodePage] = &[
    &codepages::LATIN_1,
    &codepages::SLOPPY_WINDOWS_1252,
    &codepages::SLOPPY_WINDOWS_1251,
    &codepages::SLOPPY_WINDOWS_1250,
    &codepages::SLOPPY_WINDOWS_1253,
    &codepages::SLOPPY_WINDOWS_1254,
    &codepages::SLOPPY_WINDOWS_1257,
    &codepages::ISO_8859_2,
    &codepages::MACROMAN,
    &codepages::CP437,
];

thread_local! {
    /// The buffer of the last code page look-up on this thread, for the next: a line's
    /// slots need no new zeroed allocation. (A look-up inside another, by way of
    /// `decode_inconsistent_utf8`, finds it taken and makes its own.)
    static SLOTS: Cell<Vec<u16>> = const { Cell::new(Vec::new()) };
}

/// [`REPAIR_CODE_PAGES`] folded into one table, so that one pass over the text finds every
/// code page that can encode it (where trying each in turn took a pass per code page).
fn repair_pages() -> &'static PageSet {
    static PAGES: OnceLock<PageSet> = OnceLock::new();
    PAGES.get_or_init(|| PageSet::new(REPAIR_CODE_PAGES))
}

/// One round of repair: returns the text after the first fix that applies and the steps it
/// took. The steps may be non-empty while the text is unchanged (a C1 control that
/// windows-1252 leaves undefined), as in the plans ftfy writes.
pub fn fix_encoding_one_step<'a>(text: &'a str, config: &Config) -> (Cow<'a, str>, Vec<Step>) {
    fix_encoding_round(text, config, true, false, Known::default())
}

/// [`fix_encoding_one_step`], writing the steps of ftfy's own search only if `record` (a
/// plan was asked for): otherwise they stay empty, and nothing is allocated for them. The
/// repairs beyond ftfy write theirs either way (lossy recovery checks its step by replaying
/// it), and the extra and legacy code pages read ftfy's steps, so with them on the steps
/// are always written. Lossy recovery needs to know only whether ftfy's step was its
/// partial decode, which `ftfy_one_step` says without writing the other steps. `quiet` is
/// a promise that the heuristic would not call `text` bad: no character of it is noisy
/// ([`super::heuristic::is_noisy`]), or none may be mojibake
/// ([`super::heuristic::may_trigger`]). `beyond`: what the caller knows of `text` for the
/// repairs beyond ftfy (their pre-test's answer, the scan's ruling).
pub(crate) fn fix_encoding_round<'a>(
    text: &'a str,
    config: &Config,
    record: bool,
    quiet: bool,
    beyond: Known,
) -> (Cow<'a, str>, Vec<Step>) {
    let record = record || config.extra_code_pages || config.legacy_code_pages;
    if text.is_ascii() {
        return (Cow::Borrowed(text), Vec::new());
    }
    match ftfy_one_step(text, config, record, quiet) {
        Some((fixed, steps, kind)) => {
            let found = (fixed, steps);
            if config.lossy_repair {
                if let Some(better) = lossy_over_ftfy(text, &found.0, kind, config) {
                    return better;
                }
            }
            if config.extra_code_pages
                && kind
                    == (FtfyKind::Whole {
                        lossy: false,
                        a0: true,
                    })
            {
                if let Some((fixed, steps)) =
                    super::beyond::a0_in_sequences_better(text, &found.0, &found.1)
                {
                    return (Cow::Owned(fixed), steps);
                }
            }
            // ftfy's pages share most of their bytes with some of the extra ones (Latin-1 and
            // ISO-8859-15, windows-1252 and -1258, cp437 and cp850): where both read the text,
            // the reading that makes better text wins.
            if config.extra_code_pages {
                let guessed =
                    matches!(found.1.as_slice(), [step] if step.parameter == "fix_c1_controls");
                if let Some((fixed, steps)) = super::beyond::better_than(text, &found.0, guessed) {
                    return (Cow::Owned(fixed), steps);
                }
            }
            // ftfy's partial repair and its C1 guess work a few characters at a time; legacy
            // text shown through the wrong page (`ÇáÏßÊæÑ`) may have a few that look like
            // UTF-8 among many that are not.
            let partial = matches!(found.1.as_slice(), [step]
                if step.parameter == "fix_c1_controls" || step.parameter == "decode_inconsistent_utf8");
            if config.legacy_code_pages && partial {
                if let Some((fixed, steps)) = super::beyond::legacy_better_than(text, &found.0) {
                    return (Cow::Owned(fixed), steps);
                }
            }
            found
        }
        // The pre-test's `false` is a promise that no repair beyond ftfy changes the text
        // or writes a step.
        None if beyond.may_apply == Some(false) => (Cow::Borrowed(text), Vec::new()),
        None => beyond_ftfy(text, config, beyond),
    }
}

/// Which of its ways ftfy's round of repair took.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FtfyKind {
    /// The whole text re-encoded through a code page and decoded as UTF-8; `lossy`: with
    /// `replace_lossy_sequences` turning sequences that lost bytes into U+FFFD; `a0`: with
    /// `restore_byte_a0` reading spaces after lead bytes as the bytes of no-break spaces.
    Whole { lossy: bool, a0: bool },
    /// `decode_inconsistent_utf8`: the runs that are whole UTF-8, and only those.
    Partial,
    /// C1 controls read as windows-1252, strictly or by `fix_c1_controls`.
    C1,
}

/// Where ftfy's round repaired `text` as `ftfy_fixed`: lossy recovery's reading of the text
/// as it came, if it should win. UTF-8 that lost bytes is ftfy's too, in part: it decodes
/// the sequences that are whole and leaves the rest, or makes U+FFFD of them. Where it
/// decoded only the whole ones, lossy recovery restores the rest where it is confident, if
/// some sequence lost a byte that nothing else explains (see `lossy_repair_with`): mojibake
/// that lost next to nothing (a no-break space turned into a space) stays ftfy's. Where
/// ftfy made U+FFFD of them, its answer stands unless `lossy_over_ftfy` is on (its own
/// tests hold it to that), and then lossy recovery's confident reading wins.
fn lossy_over_ftfy(
    text: &str,
    ftfy_fixed: &str,
    kind: FtfyKind,
    config: &Config,
) -> Option<(Cow<'static, str>, Vec<Step>)> {
    let found = match kind {
        // Where ftfy's partial decode left nothing that could be a damaged sequence, there
        // is nothing for lossy recovery to add (and its reading of the text as it came
        // would cost as much as ftfy's round).
        // With the reader of other scripts, a capital lead byte inside a small word counts
        // too (it reads `skÅadaÄ` as `składać` where ftfy decoded the whole sequences of the
        // line).
        FtfyKind::Partial if !lost_bytes_left(ftfy_fixed, config) => None,
        FtfyKind::Partial => {
            let warrant = if config.lossy_over_ftfy {
                Warrant::Reading
            } else {
                Warrant::Unmistakable
            };
            super::beyond::lossy_repair_with(text, warrant, config)
        }
        FtfyKind::Whole { lossy: true, .. } if config.lossy_over_ftfy => {
            super::beyond::lossy_repair_with(text, Warrant::Reading, config)
        }
        // Where ftfy's reading of spaces as no-break spaces' bytes made nonsense, the
        // spaces were spaces, and the bytes before them were lost.
        FtfyKind::Whole {
            lossy: false,
            a0: true,
        } if a0_made_nonsense(ftfy_fixed) => {
            super::beyond::lossy_repair_with(text, Warrant::SpacesWereSpaces, config)
        }
        // Where it made sense of them, lossy recovery's reading with the spaces as spaces
        // wins only if the language models find it far likelier: a soft hyphen's byte lost
        // before a space (`escribÃ algo`, the `í` of `escribí`) reads as `escribà algo`.
        FtfyKind::Whole {
            lossy: false,
            a0: true,
        } => super::beyond::lossy_repair_with(text, Warrant::SpacesWereSpaces, config).filter(
            |(fixed, _)| {
                // Letters for letters only: `â€ 831` is `†831` (E2 80 A0), whatever the
                // models think of `†`.
                let letters_only = fixed
                    .chars()
                    .filter(|&c| !c.is_ascii() && !ftfy_fixed.contains(c))
                    .all(char::is_alphabetic);
                let cost =
                    |t: &str| super::lossy_scripts::text_cost(&t.chars().collect::<Vec<_>>());
                letters_only && cost(fixed) + SPACES_WERE_SPACES_BY < cost(ftfy_fixed)
            },
        ),
        _ => None,
    };
    let (fixed, steps) = super::beyond::unless_spaces_were_no_break(text, found?, config);
    (fixed != ftfy_fixed).then_some((Cow::Owned(fixed), steps))
}

/// How much likelier (nats, under the lossy reader's models) lossy recovery's reading of a
/// text with its spaces as spaces must be than ftfy's reading of them as no-break spaces'
/// bytes, where that made sense ([`a0_made_nonsense`] did not find it).
const SPACES_WERE_SPACES_BY: f32 = 6.0;

/// Whether ftfy's reading of spaces after lead bytes as the bytes of no-break spaces
/// (`restore_byte_a0`) made nonsense of a text, as `fixed` shows: a character whose UTF-8
/// ends in that byte (A0) and that is a capital after a small letter (`szervezÅ és` read
/// as `szervezŠés`, where `ő` lost its byte before a space), or a sign of U+2800..U+2FFF
/// (`E2 A0..BF A0`: braille, arrows, signs of mathematics), which is what the first and
/// last bytes of `•`, `€`, `…` or `™` make with it once Latin-1 lost the middle one
/// (`â¢ 25°C` read as `⢠25°C`). What it reads right puts such a character where text has
/// it: `Å koda` is `Škoda`, `Ã la` is `à la`, `â€ ` is `†`.
pub(crate) fn a0_made_nonsense(fixed: &str) -> bool {
    let mut prev: Option<char> = None;
    for c in fixed.chars() {
        let mut buf = [0u8; 4];
        let ends_in_a0 = c != '\u{a0}' && c.encode_utf8(&mut buf).as_bytes().last() == Some(&0xA0);
        if ends_in_a0
            && ((c.is_uppercase() && prev.is_some_and(char::is_lowercase))
                || (('\u{2800}'..='\u{2fff}').contains(&c) && !c.is_alphanumeric()))
        {
            return true;
        }
        prev = Some(c);
    }
    false
}

/// Whether what ftfy's partial decode left of a text may still hold sequences that lost
/// bytes, for lossy recovery as `config` has it.
fn lost_bytes_left(ftfy_fixed: &str, config: &Config) -> bool {
    super::lossy::may_have_lost_bytes_left(ftfy_fixed)
        || (config.lossy_other_scripts && super::lossy::capital_lead_inside_word(ftfy_fixed))
}

/// ftfy's own round of repair, or `None` where it finds nothing to do; its steps are
/// written only if `record`. `quiet`: the heuristic would not call `text` bad (no character
/// is noisy, or none may be mojibake).
fn ftfy_one_step<'a>(
    text: &'a str,
    config: &Config,
    record: bool,
    quiet: bool,
) -> Option<(Cow<'a, str>, Vec<Step>, FtfyKind)> {
    // One step, or none when not recording.
    let step = |action, parameter: &'static str| {
        if record {
            vec![Step::new(action, parameter)]
        } else {
            Vec::new()
        }
    };
    if quiet || !is_bad(text) {
        return None;
    }
    let pages = repair_pages();
    let looked_up = pages.look_up_reusing(text, SLOTS.take());
    let mut latin1_possible = false;
    // Once a page has failed: the pages whose bytes no byte fix can make UTF-8, known from
    // two neighbouring characters (most often a letter after an accented one, in a text
    // that is only partly mojibake, which every page after the first fails on too).
    let mut doomed: Option<u16> = None;
    for (i, &cp) in REPAIR_CODE_PAGES.iter().enumerate() {
        if looked_up.pages & (1 << i) == 0 {
            continue;
        }
        if std::ptr::eq(cp, &codepages::LATIN_1) {
            latin1_possible = true;
        }
        if doomed.is_some_and(|doomed| doomed & (1 << i) != 0) {
            continue;
        }
        // A segment cut inside a sequence ends (or the next one starts) with bytes that
        // cannot be UTF-8: then encoding the whole text would be in vain. (Only whether
        // Latin-1 can encode the text matters further down.)
        if ends_cannot_be_utf8(cp, text) {
            continue;
        }
        let Some(encoded) = pages.encode_looked_up(i, &looked_up) else {
            continue;
        };
        let mut bytes = encoded;
        let mut steps = step(Action::Encode, cp.name);
        // The bytes as text, if they are UTF-8 as they come: checked once, for the decode at
        // the end (when no byte fix changes them) and for `restore_byte_a0`'s test, which
        // valid UTF-8 never passes (each sequence it looks for is cut short by a space).
        let valid = simdutf8::basic::from_utf8(&bytes).ok().map(str::to_owned);
        let mut changed = false;
        let mut a0 = false;
        if config.restore_byte_a0
            && !std::ptr::eq(cp, &codepages::MACROMAN)
            && valid.is_none()
            && has_altered_utf8(&bytes)
        {
            if let Cow::Owned(fixed) = restore_byte_a0(&bytes) {
                steps.extend(step(Action::Transcode, "restore_byte_a0"));
                bytes = fixed;
                changed = true;
                a0 = true;
            }
        }
        let mut lossy = false;
        if config.replace_lossy_sequences && cp.name.starts_with("sloppy") {
            if let Cow::Owned(fixed) = replace_lossy_sequences(&bytes) {
                steps.extend(step(Action::Transcode, "replace_lossy_sequences"));
                bytes = fixed;
                lossy = true;
                changed = true;
            }
        }
        let decoded = if changed {
            match decode_utf8_for_repair_owned(bytes) {
                (codec, Ok(fixed)) => Some((codec, fixed)),
                (_, Err(_)) => None,
            }
        } else {
            codecs::decode_utf8_for_repair_checked(&bytes, valid)
        };
        if let Some((codec, fixed)) = decoded {
            steps.extend(step(Action::Decode, codec.name()));
            SLOTS.set(looked_up.into_buffer());
            return Some((Cow::Owned(fixed), steps, FtfyKind::Whole { lossy, a0 }));
        }
        if doomed.is_none() {
            // The pages still to try.
            doomed = Some(pages.doomed(&looked_up, !((2 << i) - 1)));
        }
    }
    SLOTS.set(looked_up.into_buffer());
    // (A text with no run that reads as UTF-8 comes back borrowed.)
    if config.decode_inconsistent_utf8 {
        if let Cow::Owned(fixed) = decode_inconsistent_utf8(text) {
            if fixed != text {
                let steps = step(Action::Apply, "decode_inconsistent_utf8");
                return Some((Cow::Owned(fixed), steps, FtfyKind::Partial));
            }
        }
    }
    if latin1_possible {
        // Text that Latin-1 can encode but that is not UTF-8 underneath: its C1 controls
        // may be windows-1252 characters read as Latin-1. Only a strict windows-1252 decode
        // counts here (bytes 81, 8D, 8F, 90, 9D have no character in it).
        let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        if let Some(strict) = codecs::by_name("windows-1252") {
            if let Ok(fixed) = strict.decode(&bytes) {
                if fixed != text {
                    let mut steps = step(Action::Encode, "latin-1");
                    steps.extend(step(Action::Decode, "windows-1252"));
                    return Some((Cow::Owned(fixed), steps, FtfyKind::C1));
                }
            }
        }
    }
    if config.fix_c1_controls && text.chars().any(is_c1) {
        let steps = step(Action::Transcode, "fix_c1_controls");
        return Some((fix_c1_controls(text), steps, FtfyKind::C1));
    }
    None
}

/// Whether the bytes `cp` encodes `text` to cannot be UTF-8, as their ends show: they start
/// with a continuation byte, or end inside a sequence (a lead byte followed by fewer
/// continuation bytes than it needs). `true` too when an end character has no byte in `cp`.
///
/// The byte fixes cannot mend such an end, so the repair's decode would fail: both rewrite
/// sequences from their lead byte on, over spaces, continuation bytes, `?` and 1A
/// (`replace_lossy_sequences` over a second ED too, with two bytes after it), so neither
/// rewrites a continuation byte at the start, nor a lead byte that fewer than the bytes it
/// needs follow, and `restore_byte_a0` inserts bytes only after a C3 that a space follows.
fn ends_cannot_be_utf8(cp: &CodePage, text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    match codecs::encode_char(cp, first) {
        None | Some(0x80..=0xBF) => return true,
        Some(_) => {}
    }
    let mut continuations = 0;
    for c in text.chars().rev().take(3) {
        match codecs::encode_char(cp, c) {
            None => return true,
            Some(0x80..=0xBF) => continuations += 1,
            Some(lead @ 0xC0..=0xFF) => {
                let needs = match lead {
                    0xC0..=0xDF => 1,
                    0xE0..=0xEF => 2,
                    _ => 3,
                };
                return continuations < needs;
            }
            Some(_) => return false,
        }
    }
    false
}

/// What ftfy's search could not repair goes to the repairs beyond it, if they are on; their
/// pre-test and the scan's ruling are as `known` says, where it knows.
fn beyond_ftfy<'a>(text: &'a str, config: &Config, known: Known) -> (Cow<'a, str>, Vec<Step>) {
    if config.beyond_ftfy() {
        if let Some((fixed, steps)) = super::beyond::repair_known(text, config, known) {
            if fixed != text {
                return (Cow::Owned(fixed), steps);
            }
        }
    }
    (Cow::Borrowed(text), Vec::new())
}

#[inline]
fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// Reads C1 control characters (U+0080..U+009F) as the windows-1252 characters of the same
/// byte: `\u{93}quoted\u{94}` becomes `“quoted”`. Text decoded as Latin-1 that was really
/// windows-1252 is full of them; no text today uses them as controls. The five bytes that
/// windows-1252 leaves undefined stay as they are.
pub fn fix_c1_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_c1) {
        return Cow::Borrowed(text);
    }
    let cp = &codepages::SLOPPY_WINDOWS_1252;
    let fixed = text
        .chars()
        .map(|c| {
            if is_c1(c) {
                codecs::decode_byte(cp, c as u32 as u8).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    Cow::Owned(fixed)
}

const FIRST_OF_2: u8 = 1;
const FIRST_OF_3: u8 = 2;
const FIRST_OF_4: u8 = 4;
const CONTINUATION: u8 = 8;
const CONTINUATION_STRICT: u8 = 16;

/// What a character could be as a byte of UTF-8 shown through a common code page.
#[inline]
fn clue(c: char) -> u8 {
    let u = c as u32;
    if u < 0x80 {
        // The table's only ASCII entry (a space may stand for the byte A0).
        return if u == 0x20 { CONTINUATION } else { 0 };
    }
    if let Some(&clue) = LOW_CLUES.get(u as usize) {
        return clue;
    }
    match u.checked_sub(HIGH_CLUES_START) {
        Some(offset) => HIGH_CLUES.get(offset as usize).copied().unwrap_or(0),
        None => 0,
    }
}

/// [`codepages::UTF8_CLUES`] as direct tables, made by the compiler: U+0000..U+04FF, and
/// U+2000..U+212F (a test checks that no other character has a clue).
const LOW_CLUES_END: u32 = 0x500;
const HIGH_CLUES_START: u32 = 0x2000;
const HIGH_CLUES_END: u32 = 0x2130;
static LOW_CLUES: [u8; LOW_CLUES_END as usize] = clue_table(0);
static HIGH_CLUES: [u8; (HIGH_CLUES_END - HIGH_CLUES_START) as usize] =
    clue_table(HIGH_CLUES_START);

/// The clues of the `N` characters from `start`.
const fn clue_table<const N: usize>(start: u32) -> [u8; N] {
    let mut table = [0u8; N];
    let clues = codepages::UTF8_CLUES;
    let mut i = 0;
    while i < clues.len() {
        let (u, clue) = clues[i];
        let u = u as u32;
        if u >= start && u < start + N as u32 {
            table[(u - start) as usize] = clue;
        }
        i += 1;
    }
    table
}

/// Finds the next run of characters, from char index `from`, that reads as whole UTF-8
/// sequences through a common code page: a lead character followed by the right number of
/// continuation characters, one sequence or more, not right after a continuation character
/// (that would be the middle of a sequence). `clues` has each character's [`clue`]. Returns
/// the run's char range.
fn find_run_in(clues: &[u8], from: usize) -> Option<(usize, usize)> {
    let is = |i: usize, bit: u8| clues.get(i).is_some_and(|&f| f & bit != 0);
    let sequence_at = |i: usize| -> Option<usize> {
        let conts = |n: usize| (1..=n).all(|k| is(i + k, CONTINUATION));
        if is(i, FIRST_OF_2) && conts(1) {
            Some(2)
        } else if is(i, FIRST_OF_3) && conts(2) {
            Some(3)
        } else if is(i, FIRST_OF_4) && conts(3) {
            Some(4)
        } else {
            None
        }
    };
    let mut start = from;
    while start < clues.len() {
        // Most characters start no sequence (this is `sequence_at`'s own first test).
        if clues[start] & (FIRST_OF_2 | FIRST_OF_3 | FIRST_OF_4) == 0 {
            start += 1;
            continue;
        }
        if start > 0 && is(start - 1, CONTINUATION_STRICT) {
            start += 1;
            continue;
        }
        let mut end = start;
        while let Some(len) = sequence_at(end) {
            end += len;
        }
        if end > start {
            return Some((start, end));
        }
        start += 1;
    }
    None
}

/// How many distinct runs [`decode_inconsistent_utf8`] remembers the repair of (it starts
/// over when there are more): natural text has a few hundred, and a bound keeps text made
/// of ever new runs from filling memory.
const MAX_REMEMBERED_RUNS: usize = 4096;

/// Repairs mojibake that covers only part of the text, such as one word of UTF-8 read as
/// windows-1252 in an otherwise correct sentence ("Ã©té" inside good French). Each run of
/// characters that reads as whole UTF-8 sequences and looks like mojibake on its own is
/// repaired alone.
pub fn decode_inconsistent_utf8(text: &str) -> Cow<'_, str> {
    // Each character's clue. Runs are cut from the text and copied by bytes, not rebuilt
    // character by character: where a character starts is found by walking forward from
    // the last one asked for (the runs come in order), not kept for every character.
    let mut clues: Vec<u8> = Vec::with_capacity(text.len());
    for c in text.chars() {
        clues.push(clue(c));
    }
    let chars_len = clues.len();
    let bytes = text.as_bytes();
    // The character and byte offset the walk has reached.
    let mut walked = (0usize, 0usize);
    let mut start_of = |char_index: usize| -> usize {
        let (mut n, mut at) = walked;
        while n < char_index {
            at += match bytes[at] {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            n += 1;
        }
        walked = (n, at);
        at
    };
    let mut out: Option<String> = None;
    // The byte offset up to which the text is in `out`.
    let mut copied = 0;
    let mut from = 0;
    // Each run is repaired as ftfy repairs a whole text: with ftfy's own configuration,
    // whatever the caller's, so that the result does not depend on switches the run's own
    // repair does not use.
    let default = Config::ftfy();
    // The same runs come back again and again (every `Ã©` of a text): each is judged and
    // repaired once. What a run becomes depends on the run alone; `None`: not bad, it stays.
    let mut seen: HashMap<String, Option<String>> = HashMap::new();
    while let Some((start, end)) = find_run_in(&clues, from) {
        from = end;
        if end - start == chars_len {
            continue;
        }
        let (run_start, run_end) = (start_of(start), start_of(end));
        let run = &text[run_start..run_end];
        let fixed = match seen.get(run) {
            Some(fixed) => fixed.as_deref(),
            None => {
                let fixed =
                    is_bad(run).then(|| crate::pipeline::fix_encoding(run, &default).into_owned());
                if seen.len() >= MAX_REMEMBERED_RUNS {
                    seen.clear();
                }
                seen.entry(run.to_string()).or_insert(fixed).as_deref()
            }
        };
        if let Some(fixed) = fixed {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.push_str(&text[copied..run_start]);
            buf.push_str(fixed);
            copied = run_end;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::codecs::{can_encode, decode_utf8_for_repair, Codec};
    use crate::test_rng::next;

    /// ftfy's reading of spaces as no-break spaces' bytes is nonsense where it glues a
    /// capital to a small letter or makes braille and such of a lost sign; where it makes
    /// a letter or a sign that text has, it stands.
    #[test]
    fn a0_nonsense_is_a_glued_capital_or_a_sign_no_text_has() {
        for nonsense in [
            "A szervezŠés a rendezŠis",
            "Kitti ⢠21°C",
            "Preis: 5⬠",
            "ZubaŠ- Svojsíkova",
        ] {
            assert!(a0_made_nonsense(nonsense), "{nonsense:?}");
        }
        for sense in [
            "Škoda",
            "Voilà la",
            "Krystian Mitera (†831†)",
            "Pod Škodou",
            "\u{a0}nbsp\u{a0}",
            "",
        ] {
            assert!(!a0_made_nonsense(sense), "{sense:?}");
        }
    }

    /// The direct tables give every character the clue the list gives it.
    #[test]
    fn clue_tables_are_the_list() {
        for u in 0..0x11_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let listed = u16::try_from(u).ok().map_or(0, |u| {
                codepages::UTF8_CLUES
                    .binary_search_by_key(&u, |&(ch, _)| ch)
                    .map_or(0, |i| codepages::UTF8_CLUES[i].1)
            });
            assert_eq!(clue(c), listed, "U+{u:04X}");
        }
    }

    /// `clue` passes over ASCII other than the space without a search.
    #[test]
    fn the_space_is_the_only_ascii_clue() {
        let ascii: Vec<u16> = codepages::UTF8_CLUES
            .iter()
            .map(|&(c, _)| c)
            .filter(|&c| c < 0x80)
            .collect();
        assert_eq!(ascii, [0x20]);
        assert_eq!(clue(' '), CONTINUATION);
        assert_eq!(clue('a'), 0);
        assert_eq!(clue('Ã'), FIRST_OF_2);
    }

    /// The shortcut for ASCII in `clue` says what the table says.
    #[test]
    fn ascii_clues_are_the_tables() {
        for c in (0..0x80u8).map(char::from) {
            let from_table = codepages::UTF8_CLUES
                .binary_search_by_key(&(c as u16), |&(ch, _)| ch)
                .map_or(0, |i| codepages::UTF8_CLUES[i].1);
            assert_eq!(clue(c), from_table, "{c:?}");
        }
    }

    /// A text of runs that come back, and of runs each new: remembering repairs changes
    /// nothing (each run against its repair alone, as the search made it).
    #[test]
    fn remembered_runs_are_repaired_alike() {
        let ftfy = Config::ftfy();
        let mut text = String::new();
        for i in 0..6000u32 {
            let c = char::from_u32(0xC0 + i % 64).unwrap_or('x');
            let mojibake: String = c
                .to_string()
                .bytes()
                .map(|b| codecs::decode_byte(&codepages::SLOPPY_WINDOWS_1252, b).unwrap_or('?'))
                .collect();
            text.push_str(&mojibake);
            text.push_str(if i % 3 == 0 { " été " } else { "x" });
            // Runs seen once only, more than are remembered.
            let rare = char::from_u32(0x100 + i).unwrap_or('y');
            let rare: String = rare
                .to_string()
                .bytes()
                .map(|b| codecs::decode_byte(&codepages::SLOPPY_WINDOWS_1252, b).unwrap_or('?'))
                .collect();
            text.push_str(&rare);
            text.push(' ');
        }
        let mut expected = String::new();
        let chars: Vec<char> = text.chars().collect();
        let clues: Vec<u8> = chars.iter().map(|&c| clue(c)).collect();
        let (mut copied, mut from) = (0, 0);
        while let Some((start, end)) = find_run_in(&clues, from) {
            from = end;
            let run: String = chars[start..end].iter().collect();
            if end - start < chars.len() && is_bad(&run) {
                expected.extend(&chars[copied..start]);
                expected.push_str(&crate::pipeline::fix_encoding(&run, &ftfy));
                copied = end;
            }
        }
        expected.extend(&chars[copied..]);
        assert_eq!(decode_inconsistent_utf8(&text), expected);
    }

    /// The repair's own attempt at `text` through `cp` (encode, each combination of the byte
    /// fixes, decode) fails.
    #[track_caller]
    fn assert_never_decodes(cp: &'static CodePage, text: &str) {
        let encoded = Codec::SingleByte(cp).encode(text).expect("encodable");
        for (restore, replace) in [(false, false), (true, false), (false, true), (true, true)] {
            let mut bytes = encoded.clone();
            if restore {
                bytes = restore_byte_a0(&bytes).into_owned();
            }
            if replace {
                bytes = replace_lossy_sequences(&bytes).into_owned();
            }
            assert!(
                decode_utf8_for_repair(&bytes).1.is_err(),
                "{text:?} {}",
                cp.name
            );
        }
    }

    /// Where two neighbours say a page's bytes cannot be UTF-8 (`PageSet::doomed`), the
    /// repair's own attempt through it (encode, the byte fixes, decode) fails, on random
    /// texts of characters that stand for every byte in some code page, spaces, `?`, 1A
    /// and letters among them.
    #[test]
    fn doomed_pages_never_decode() {
        let ascii: Vec<char> = " ?\u{1a}ab".chars().collect();
        let mut pool = Vec::new();
        for &cp in REPAIR_CODE_PAGES {
            pool.extend((0x80..=0xFFu8).filter_map(|b| codecs::decode_byte(cp, b)));
        }
        pool.sort_unstable();
        pool.dedup();
        let pages = repair_pages();
        let mut rng = 13u64;
        let mut doomed = 0;
        for _ in 0..100_000 {
            let len = 1 + next(&mut rng) % 8;
            // ASCII as often as not.
            let text: String = (0..len)
                .map(|_| match next(&mut rng) % (2 * ascii.len()) {
                    k if k < ascii.len() => ascii[k],
                    _ => pool[next(&mut rng) % pool.len()],
                })
                .collect();
            let looked_up = pages.look_up(&text);
            let flagged = pages.doomed(&looked_up, u16::MAX);
            for (i, &cp) in REPAIR_CODE_PAGES.iter().enumerate() {
                assert_eq!(
                    looked_up.pages & (1 << i) != 0,
                    can_encode(cp, &text),
                    "{text:?} {}",
                    cp.name
                );
                if flagged & (1 << i) == 0 {
                    continue;
                }
                doomed += 1;
                assert_never_decodes(cp, &text);
            }
        }
        assert!(doomed > 10_000, "{doomed}");
    }

    /// Where the ends say the bytes cannot be UTF-8, the repair's own attempt (encode, the
    /// byte fixes, decode) fails, on random texts of characters that stand for every byte
    /// in some code page, spaces, `?` and 1A among them.
    #[test]
    fn doomed_ends_never_decode() {
        let mut pool: Vec<char> = " ?\u{1a}ab".chars().collect();
        for &cp in REPAIR_CODE_PAGES {
            pool.extend((0x80..=0xFFu8).filter_map(|b| codecs::decode_byte(cp, b)));
        }
        pool.sort_unstable();
        pool.dedup();
        let mut rng = 11u64;
        let mut doomed = 0;
        for _ in 0..200_000 {
            let len = 1 + next(&mut rng) % 8;
            let text: String = (0..len)
                .map(|_| pool[next(&mut rng) % pool.len()])
                .collect();
            for &cp in REPAIR_CODE_PAGES {
                if !ends_cannot_be_utf8(cp, &text) || !can_encode(cp, &text) {
                    continue;
                }
                doomed += 1;
                assert_never_decodes(cp, &text);
            }
        }
        assert!(doomed > 10_000, "{doomed}");
    }
}
