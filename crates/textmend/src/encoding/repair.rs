//! The search that undoes mojibake, one layer at a time.

use super::bytes::{has_altered_utf8, replace_lossy_sequences, restore_byte_a0};
use super::codecs::{self, can_encode, decode_utf8_for_repair, Codec};
use super::heuristic::is_bad;
use crate::plan::{Action, Step};
use crate::tables::codepages::{self, CodePage};
use crate::Config;
use std::borrow::Cow;

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

/// One round of repair: returns the text after the first fix that applies and the steps it
/// took. The steps may be non-empty while the text is unchanged (a C1 control that
/// windows-1252 leaves undefined), as in the plans ftfy writes.
pub fn fix_encoding_one_step<'a>(text: &'a str, config: &Config) -> (Cow<'a, str>, Vec<Step>) {
    if text.is_ascii() {
        return (Cow::Borrowed(text), Vec::new());
    }
    match ftfy_one_step(text, config) {
        Some(found) => {
            // ftfy's pages share most of their bytes with some of the extra ones (Latin-1 and
            // ISO-8859-15, windows-1252 and -1258, cp437 and cp850): where both read the text,
            // the reading that makes better text wins.
            if config.extra_code_pages {
                let guessed = matches!(found.1.as_slice(), [step] if step.parameter == "fix_c1_controls");
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
        None => beyond_ftfy(text, config),
    }
}

/// ftfy's own round of repair, or `None` where it finds nothing to do.
fn ftfy_one_step<'a>(text: &'a str, config: &Config) -> Option<(Cow<'a, str>, Vec<Step>)> {
    if !is_bad(text) {
        return None;
    }
    let mut latin1_possible = false;
    for &cp in REPAIR_CODE_PAGES {
        if !can_encode(cp, text) {
            continue;
        }
        if std::ptr::eq(cp, &codepages::LATIN_1) {
            latin1_possible = true;
        }
        let Ok(encoded) = Codec::SingleByte(cp).encode(text) else {
            continue;
        };
        let mut bytes = Cow::Owned(encoded);
        let mut steps = vec![Step::new(Action::Encode, cp.name)];
        if config.restore_byte_a0
            && !std::ptr::eq(cp, &codepages::MACROMAN)
            && has_altered_utf8(&bytes)
        {
            if let Cow::Owned(fixed) = restore_byte_a0(&bytes) {
                steps.push(Step::new(Action::Transcode, "restore_byte_a0"));
                bytes = Cow::Owned(fixed);
            }
        }
        if config.replace_lossy_sequences && cp.name.starts_with("sloppy") {
            if let Cow::Owned(fixed) = replace_lossy_sequences(&bytes) {
                steps.push(Step::new(Action::Transcode, "replace_lossy_sequences"));
                bytes = Cow::Owned(fixed);
            }
        }
        let (codec, decoded) = decode_utf8_for_repair(&bytes);
        if let Ok(fixed) = decoded {
            steps.push(Step::new(Action::Decode, codec.name()));
            return Some((Cow::Owned(fixed), steps));
        }
    }
    if config.decode_inconsistent_utf8 && find_utf8_run(text, 0).is_some() {
        if let Cow::Owned(fixed) = decode_inconsistent_utf8(text) {
            if fixed != text {
                let step = Step::new(Action::Apply, "decode_inconsistent_utf8");
                return Some((Cow::Owned(fixed), vec![step]));
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
                    let steps = vec![
                        Step::new(Action::Encode, "latin-1"),
                        Step::new(Action::Decode, "windows-1252"),
                    ];
                    return Some((Cow::Owned(fixed), steps));
                }
            }
        }
    }
    if config.fix_c1_controls && text.chars().any(is_c1) {
        let step = Step::new(Action::Transcode, "fix_c1_controls");
        return Some((fix_c1_controls(text), vec![step]));
    }
    None
}

/// What ftfy's search could not repair goes to the repairs beyond it, if they are on.
fn beyond_ftfy<'a>(text: &'a str, config: &Config) -> (Cow<'a, str>, Vec<Step>) {
    if config.beyond_ftfy() {
        if let Some((fixed, steps)) = super::beyond::repair(text, config) {
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
    if !(0x20..=0xFFFF).contains(&u) {
        return 0;
    }
    let clues = codepages::UTF8_CLUES;
    match clues.binary_search_by_key(&(u as u16), |&(ch, _)| ch) {
        Ok(i) => clues[i].1,
        Err(_) => 0,
    }
}

/// Finds the next run of characters, from char index `from`, that reads as whole UTF-8
/// sequences through a common code page: a lead character followed by the right number of
/// continuation characters, one sequence or more, not right after a continuation character
/// (that would be the middle of a sequence). Returns the run's char range.
fn find_utf8_run(text: &str, from: usize) -> Option<(usize, usize)> {
    let clues: Vec<u8> = text.chars().map(clue).collect();
    find_run_in(&clues, from)
}

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

/// Repairs mojibake that covers only part of the text, such as one word of UTF-8 read as
/// windows-1252 in an otherwise correct sentence ("Ã©té" inside good French). Each run of
/// characters that reads as whole UTF-8 sequences and looks like mojibake on its own is
/// repaired alone.
pub fn decode_inconsistent_utf8(text: &str) -> Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let clues: Vec<u8> = chars.iter().map(|&c| clue(c)).collect();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    // Each run is repaired as ftfy repairs a whole text: with ftfy's own configuration,
    // whatever the caller's, so that the result does not depend on switches the run's own
    // repair does not use.
    let default = Config::ftfy();
    while let Some((start, end)) = find_run_in(&clues, from) {
        from = end;
        let run: String = chars[start..end].iter().collect();
        if end - start < chars.len() && is_bad(&run) {
            let fixed = crate::pipeline::fix_encoding(&run, &default);
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.extend(&chars[copied..start]);
            buf.push_str(&fixed);
            copied = end;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.extend(&chars[copied..]);
            Cow::Owned(buf)
        }
    }
}
