//! Repairs beyond ftfy's reach, tried only when ftfy's own search finds nothing to do:
//! UTF-8 misread through more code pages, legacy text shown through the wrong legacy code
//! page, and UTF-8 that lost bytes on the way. Each must clear a high bar of evidence; text
//! that does not is left as it is.
//!
//! The steps they write in plans:
//!
//! - `["apply", "decode_runs:PAGE"]` ([`super::extended`]): each run of non-ASCII characters
//!   that PAGE re-encodes to valid UTF-8, and that reads clearly better so, is decoded.
//! - `["encode", SHOWN]`, `["decode", REAL]` ([`super::legacy`], [`super::legacy_dbcs`]):
//!   text in the legacy code page REAL (a single-byte page, or GB18030, Shift_JIS, EUC-KR or
//!   Big5) that was shown through SHOWN, replayed by [`crate::apply_plan`]'s ordinary steps.
//!
//! Lossy recovery ([`super::repair_dropped_bytes`]) writes one plan step per repair,
//! `["apply", "restore_lost_bytes:[[POSITION, SEEN, CHOSEN], ...]"]`: at byte POSITION of the
//! text the damaged span SEEN was replaced by CHOSEN. The step is an audit trail as much as a
//! recipe: every guess is in it, and replaying it checks that each span is where it says.

use super::codecs::{self, Codec};
use super::{extended, legacy, legacy_dbcs};
use crate::plan::{Action, Step};
use crate::Config;

/// The prefix of the plan steps that lossy recovery writes.
const LOST_BYTES_STEP: &str = "restore_lost_bytes:";

/// A cheap test: could any repair beyond ftfy apply to `text`? `false` is a promise that
/// [`repair`] would return `None`.
pub fn may_apply(text: &str, config: &Config) -> bool {
    // Every character may be a lead byte, and the text may be of several lines.
    may_apply_with_facts(text, crate::scan::LOSSY_LEAD, None, config)
}

/// [`may_apply`] for a text whose scan flags are known: a text without a character a
/// damaged sequence could start from (`scan::LOSSY_LEAD`) is ruled out for lossy recovery,
/// in either reader, without another look (both readers' pre-tests want a suspect, which
/// starts at such a character). And for a text known to be one line, the scan's `ruling`
/// on the Latin lossy reader's pre-test (`scan::lossy_ruled_out`), if given.
#[inline]
pub(crate) fn may_apply_with_facts(
    text: &str,
    flags: u16,
    ruling: Option<bool>,
    config: &Config,
) -> bool {
    let lossy = config.lossy_repair && flags & crate::scan::LOSSY_LEAD != 0;
    // The flags alone answer for lossy recovery when it is the only repair on: no look at
    // the text.
    config.beyond_ftfy()
        && (lossy || config.extra_code_pages || config.legacy_code_pages)
        && may_apply_looking(text, lossy, ruling, config)
}

/// The part of [`may_apply_with_facts`] that reads the text.
fn may_apply_looking(text: &str, lossy: bool, ruling: Option<bool>, config: &Config) -> bool {
    if text.is_ascii() {
        return false;
    }
    (lossy && super::lossy::may_need_repair_known(text, config.lossy_other_scripts, ruling))
        || (reads_dbcs_lossy(config) && super::lossy_scripts::dbcs::may_read(text))
        || (config.extra_code_pages && {
            let found = super::utf8_runs::scan(text, false);
            found.pages != 0 || found.under_ftfy
        })
        || (config.legacy_code_pages && (legacy::may_apply(text) || legacy_dbcs::may_apply(text)))
}

/// Whether `c` could be what makes [`may_apply`] true: `false` for every character of a
/// text is a promise that `may_apply` is `false`, whatever their order. Lossy recovery
/// suspects only characters below [`super::lossy::SUSPECT_LIMIT`]; the other repairs, any
/// character that is not ASCII.
pub(crate) fn may_involve(c: char, config: &Config) -> bool {
    config.beyond_ftfy()
        && !c.is_ascii()
        && (config.extra_code_pages
            || config.legacy_code_pages
            || (config.lossy_repair && (c as u32) < super::lossy::SUSPECT_LIMIT))
}

/// Tries the repairs beyond ftfy that `config` turns on, in order; the first that is
/// confident wins. Returns the repaired text and the plan steps that replay it.
pub fn repair(text: &str, config: &Config) -> Option<(String, Vec<Step>)> {
    repair_known(text, config, Known::default())
}

/// What is known of a text before the repairs beyond ftfy look at it. Each only spares a
/// test.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Known {
    /// What [`may_apply`] says of it, if that was asked.
    pub(crate) may_apply: Option<bool>,
    /// For a text known to be one line, the scan's ruling on lossy recovery's Latin
    /// pre-test (`scan::lossy_ruled_out`; `Some(true)`: ruled out).
    pub(crate) ruling: Option<bool>,
}

/// [`repair`], for a text of which `known` is known. Where lossy recovery is the only
/// repair on, [`may_apply`] is its own pre-test, which is then not made again.
pub(crate) fn repair_known(
    text: &str,
    config: &Config,
    known: Known,
) -> Option<(String, Vec<Step>)> {
    if !config.beyond_ftfy() || text.is_ascii() {
        return None;
    }
    // A line that lost bytes reads through an extra page only in part (the sequences that
    // are whole): lossy recovery, when confident, reads all of it.
    if config.lossy_repair && config.extra_code_pages {
        if let Some(found) = lossy_repair(text, config) {
            // Legacy East Asian text shown through a single-byte page is whole, and its
            // reading, where overwhelming, wins over lossy recovery's guesses (which read the
            // `â` of `âfâXâNâg`, Shift_JIS's katakana through cp437, as apostrophes).
            if config.legacy_code_pages && legacy_dbcs::may_apply(text) {
                if let Some(found) = legacy_steps(text, true) {
                    return Some(found);
                }
            }
            return Some(unless_spaces_were_no_break(text, found, config));
        }
    }
    if reads_dbcs_lossy(config) {
        if let Some(found) = super::lossy_scripts::dbcs::repair(text)
            .and_then(|found| lost_bytes_step(text, found, config))
        {
            return Some(found);
        }
    }
    if config.extra_code_pages {
        let found = extended::repair(text);
        // UTF-8 read straight through one of ftfy's pages, where ftfy's heuristic did not
        // look (`KusociЕ„skiego … WyszkГіw`, windows-1251), beats a reading of part of the
        // line through an extra page that reads no better (Big5 made `ǲ` of the `Е`).
        if let Some(straight) = straight_through_ftfy_page(text, false).filter(|(fixed, _)| {
            found
                .as_ref()
                .is_none_or(|(_, f)| extended::no_worse(fixed, f))
        }) {
            return Some(straight);
        }
        if let Some((page, fixed)) = found {
            let step = Step::new(
                Action::Apply,
                format!("{}{}", extended::STEP_PREFIX, page.name),
            );
            return Some((fixed, vec![step]));
        }
    }
    if config.extra_code_pages {
        if let Some(found) = under_ftfy_page(text) {
            return Some(found);
        }
    }
    if config.legacy_code_pages {
        if let Some(found) = legacy_steps(text, false) {
            return Some(found);
        }
    }
    // (With the extra code pages on, lossy recovery was tried first, above.)
    if config.lossy_repair && !config.extra_code_pages {
        let pretested = known.may_apply == Some(true) && config.beyond_ftfy_is_latin_lossy_only();
        return lossy_repair_pretested(text, Warrant::Reading, config, pretested, known.ruling);
    }
    None
}

/// The legacy reading of `text` ([`legacy_reading`]) with its plan, if it replays exactly;
/// with `double_only`, only a reading through a double-byte page.
fn legacy_steps(text: &str, double_only: bool) -> Option<(String, Vec<Step>)> {
    let (shown, real, fixed) = legacy_reading(text, double_only)
        .filter(|(shown, real, fixed)| replays_as_legacy(text, shown, real, fixed))?;
    let steps = vec![
        Step::new(Action::Encode, shown),
        Step::new(Action::Decode, real),
    ];
    Some((fixed, steps))
}

/// Whether lossy recovery reads UTF-8 shown through a double-byte page that lost bytes to
/// U+FFFD ([`super::lossy_scripts::dbcs`]): with the extra code pages and the reader of
/// every script both on.
fn reads_dbcs_lossy(config: &Config) -> bool {
    config.lossy_repair && config.lossy_other_scripts && config.extra_code_pages
}

/// The plan step of a lossy repair of `text` (`found`), with the repaired text, if replaying
/// the step gives exactly that text. With `config.mark_unsure`, the damaged sequences that
/// were left as they were in the lines repaired are marked (U+FFFD for each character lost
/// and not restored), and the step names them too.
fn lost_bytes_step(
    text: &str,
    found: super::lossy::Repaired,
    config: &Config,
) -> Option<(String, Vec<Step>)> {
    let mut fills: Vec<(usize, &str, &str)> = found
        .inferences
        .iter()
        .map(|i| (i.position, i.seen.as_str(), i.chosen.as_str()))
        .collect();
    // The step must say exactly what was done: replaying it gives the repair.
    let unmarked = fills_step(&fills)?;
    if replay(&unmarked, text).ok()? != found.text {
        return None;
    }
    if !config.mark_unsure || found.left.is_empty() {
        return Some((found.text, vec![unmarked]));
    }
    fills.extend(
        found
            .left
            .iter()
            .map(|u| (u.position, u.seen.as_str(), u.marked.as_str())),
    );
    fills.sort_unstable_by_key(|&(position, _, _)| position);
    let marked = fills_step(&fills)?;
    let text = replay(&marked, text).ok()?;
    Some((text, vec![marked]))
}

/// The plan step of a lossy repair that rewrites `fills` (byte position, what was there,
/// what replaces it).
fn fills_step(fills: &[(usize, &str, &str)]) -> Option<Step> {
    let json = serde_json::to_string(fills).ok()?;
    Some(Step::new(Action::Apply, format!("{LOST_BYTES_STEP}{json}")))
}

/// How clear (nats) each gap's choice must be where the defaults' lossy recovery decodes
/// whole sequences of mojibake too, which are otherwise ftfy's: e^3 ≈ 20 times the runner-up.
const CLEAR_OVER_FTFY: f32 = 3.0;

/// Leaves, in a lossy repair, each gap whose choice is less clear than [`CLEAR_OVER_FTFY`]
/// as it was (among the sequences left), and its text the replay of what remains; `None` if
/// no gap remains filled.
fn keep_clear_gaps(text: &str, found: &mut super::lossy::Repaired) -> Option<()> {
    let fixed =
        super::lossy::keep_inferences(text, 0, &mut found.inferences, &mut found.left, |_, i| {
            i.margin >= CLEAR_OVER_FTFY
        })?;
    if found.inferences.iter().all(|i| i.margin == f32::MAX) {
        return None;
    }
    found.text = fixed;
    Some(())
}

/// Whether the damaged sequence of an inference, with a no-break space's byte (A0) after
/// the bytes it has, would be a letter or a sign of prose: then the space after it may be
/// that byte, turned into a space, rather than a sign of bytes lost.
fn nbsp_completes(i: &super::Inference) -> bool {
    let Some(page) = crate::tables::codepages::ALL
        .iter()
        .find(|p| p.name == i.code_page)
    else {
        return false;
    };
    let mut bytes = Vec::with_capacity(i.seen.len() + 1);
    for c in i.seen.chars() {
        match codecs::encode_char(page, c) {
            Some(b) => bytes.push(b),
            None => return false,
        }
    }
    bytes.push(0xA0);
    std::str::from_utf8(&bytes).ok().is_some_and(|s| {
        let mut it = s.chars();
        matches!((it.next(), it.next()), (Some(c), None)
            if super::model::is_alphabetic(c) || super::model::is_known(c))
    })
}

/// Lossy recovery ([`super::repair_dropped_bytes`]; of every script with
/// `config.lossy_other_scripts`) with its plan step, if it repairs `text`.
pub fn lossy_repair(text: &str, config: &Config) -> Option<(String, Vec<Step>)> {
    lossy_repair_with(text, Warrant::Reading, config)
}

/// What lossy recovery asks of a reading besides its own margins, as its caller knows the
/// text ([`lossy_repair_with`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Warrant {
    /// Nothing more: ftfy found nothing to do, or its answer is not binding.
    Reading,
    /// ftfy decoded part of the text: some sequence the reading restores must have lost a
    /// byte where no other damage explains it, one deleted (not replaced by `?` or U+FFFD),
    /// followed by anything but whitespace. Mojibake whose no-break spaces became spaces
    /// (`åŠ ` for `加`) lost a byte before each space, and is ftfy's to decode in part, as
    /// it does; deleted bytes leave a sequence short before a letter or another sequence
    /// too.
    Unmistakable,
    /// ftfy read spaces after lead bytes as the bytes of no-break spaces
    /// (`restore_byte_a0`) and made nonsense of them (`repair::a0_made_nonsense`):
    /// those spaces were spaces, and a byte deleted before one counts as unmistakable.
    SpacesWereSpaces,
}

/// [`lossy_repair`], with what the caller knows of the text ([`Warrant`]).
///
/// A reading that also decodes whole sequences of mojibake is taken only with one of the
/// experimental switches (`lossy_over_ftfy`, `lossy_other_scripts`): those are ftfy's to
/// read (or to leave), and its tests hold the defaults to its answers.
pub fn lossy_repair_with(
    text: &str,
    warrant: Warrant,
    config: &Config,
) -> Option<(String, Vec<Step>)> {
    lossy_repair_pretested(text, warrant, config, false, None)
}

/// [`lossy_repair_with`], for a text whose pre-test (`lossy::may_need_repair_with`) is known
/// to be true if `pretested`: it is then not made again; nor the scan's `ruling`, if given,
/// for a text known to be one line.
fn lossy_repair_pretested(
    text: &str,
    warrant: Warrant,
    config: &Config,
    pretested: bool,
    ruling: Option<bool>,
) -> Option<(String, Vec<Step>)> {
    let scripts = config.lossy_other_scripts;
    if !pretested && !super::lossy::may_need_repair_known(text, scripts, ruling) {
        return None;
    }
    let with_step = |mut found: super::lossy::Repaired| {
        // Whole sequences decoded have the margin `f32::MAX`; a restored one, its own.
        let whole = |i: &super::Inference| i.margin == f32::MAX;
        let experimental = config.lossy_over_ftfy || config.lossy_other_scripts;
        if !experimental && found.inferences.iter().any(whole) {
            // With the defaults, only where a restored letter was a capital lead that broke
            // its word (`grüÃt`) or a capital lost at the start of one (`Ãcole`), which no
            // clean text and no other damage explains, or a restored sign of prose was the
            // seed's kind of loss (`lâÃcole`), either clear by `CLEAR_OVER_FTFY`; and then
            // each other gap only where it is as clear.
            if !(warrant != Warrant::Reading
                && found.inferences.iter().any(|i| {
                    i.margin >= CLEAR_OVER_FTFY
                        && (i.restores_case(text, 0, &found.inferences)
                            || (!whole(i) && i.restores_sign()))
                }))
            {
                return None;
            }
            keep_clear_gaps(text, &mut found)?;
        }
        let inferences = &found.inferences;
        // (`?` and U+FFFD for lost bytes are ftfy's to read: `replace_lossy_sequences`.)
        let deleted = |i: &super::Inference| !whole(i) && !i.seen.contains(['?', '\u{fffd}']);
        let before_a_letter = |i: &super::Inference| {
            deleted(i)
                && text
                    .get(i.position + i.seen.len()..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| !c.is_whitespace() || !nbsp_completes(i))
        };
        let unmistakable = match warrant {
            Warrant::Reading => true,
            Warrant::Unmistakable => inferences.iter().any(before_a_letter),
            Warrant::SpacesWereSpaces => inferences.iter().any(deleted),
        };
        if !unmistakable {
            return None;
        }

        lost_bytes_step(text, found, config)
    };
    // Taken by the pre-test, a line is mostly Latin letters: with the reader of other
    // scripts off, nothing else passes it.
    let reach = super::lossy::Reach {
        scripts,
        fffd: scripts || config.lossy_over_ftfy,
        mostly_latin: !scripts && super::lossy::is_one_line(text),
    };
    // Where the best reading is turned down here (not unmistakable, or decoding what is
    // ftfy's to decode), the reader of other scripts alone may still have one to offer.
    let found = with_step(super::lossy::repair_lost_bytes_reaching(text, reach)?);
    if found.is_some() || !scripts {
        return found;
    }
    with_step(super::lossy::repair_lost_letters(text)?)
}

/// Lossy recovery's reading `found` of `text`, unless the bytes were whole but for no-break
/// spaces made spaces, which the straight reading through one of ftfy's pages puts back
/// with `restore_byte_a0` (with the extra pages on): that reading wins where it is no worse.
/// Lossy recovery took the `Г ` of `faites attention Г bien` for `Ø`, the one character
/// whose UTF-8 windows-1251 loses a byte of, where it was `à` and its no-break space.
pub(crate) fn unless_spaces_were_no_break(
    text: &str,
    found: (String, Vec<Step>),
    config: &Config,
) -> (String, Vec<Step>) {
    if !(config.extra_code_pages && config.restore_byte_a0) {
        return found;
    }
    let restored_a0 = |steps: &[Step]| steps.iter().any(|s| s.action == Action::Transcode);
    straight_through_ftfy_page(text, true)
        .filter(|(fixed, steps)| restored_a0(steps) && extended::no_worse(fixed, &found.0))
        .unwrap_or(found)
}

/// Where ftfy's search read `text` with `restore_byte_a0` (its plan `ftfy_steps`, its text
/// `ftfy_fixed`), the same reading with only the spaces inside sequences made A0
/// ([`super::bytes::restore_a0_in_sequences`]), if that makes clearly better text: ftfy puts
/// a space after every `C3` before a word, for the French `à` whose no-break space was
/// eaten, and so reads the Vietnamese `hĂ i` (`hài` through windows-1250) as `hà i`.
pub(crate) fn a0_in_sequences_better(
    text: &str,
    ftfy_fixed: &str,
    ftfy_steps: &[Step],
) -> Option<(String, Vec<Step>)> {
    let [encode, _, _] = ftfy_steps else {
        return None;
    };
    let Some(Codec::SingleByte(page)) = codecs::by_name(&encode.parameter) else {
        return None;
    };
    let bytes = Codec::SingleByte(page).encode(text).ok()?;
    let restored = super::bytes::restore_a0_in_sequences(&bytes);
    let (codec, Ok(fixed)) = codecs::decode_utf8_for_repair(&restored) else {
        return None;
    };
    // Which of the two a language writes: `hài` or `hà i`, `voilà le` or `voilàle`.
    let cost = |t: &str| super::lossy_scripts::text_cost(&t.chars().collect::<Vec<_>>());
    if fixed == ftfy_fixed
        || cost(&fixed) + A0_IN_SEQUENCES_BY > cost(ftfy_fixed)
        || !extended::no_worse(&fixed, ftfy_fixed)
    {
        return None;
    }
    let steps = vec![
        encode.clone(),
        Step::new(Action::Transcode, "restore_byte_a0_in_sequences"),
        Step::new(Action::Decode, codec.name()),
    ];
    Some((fixed, steps))
}

/// How much likelier (nats, under the lossy reader's models) [`a0_in_sequences_better`]'s
/// reading must be than ftfy's: Vietnamese `hài` beats `hà i` by about 9, as French `voilà
/// le` beats `voilàle`.
const A0_IN_SEQUENCES_BY: f32 = 4.0;

/// `text` read as UTF-8 through one of ftfy's own pages, whole, where that makes clearly
/// better text: of the pages that do, the one whose reading costs least (windows-1250 and
/// ISO-8859-2 both read `LĂŞ VĹŠ`, and only the second as `Lê Vũ`).
///
/// With `a0`, also the readings that need `restore_byte_a0` ([`utf8_under_ftfy_pages`]),
/// whose bytes the pre-test does not see as UTF-8: it is then not made (the caller has found
/// the text damaged already).
fn straight_through_ftfy_page(text: &str, a0: bool) -> Option<(String, Vec<Step>)> {
    if !a0 && !super::utf8_runs::scan(text, false).under_ftfy {
        return None;
    }
    let mut readings = utf8_under_ftfy_pages(text, a0).peekable();
    readings.peek()?;
    let before = extended::settled_text_cost(text);
    if before < STRAIGHT_MIN_COST {
        // The text does not look broken: a rare sign or two (`–™`) may be UTF-8 of a letter
        // through Mac Roman, and is still no mojibake.
        return None;
    }
    let mut best: Option<(f32, String, Vec<Step>)> = None;
    let pictographs = pictographs_inside_words(text);
    for (steps, fixed) in readings {
        if best.as_ref().is_some_and(|b| b.1 == fixed)
            || pictographs_inside_words(&fixed) > pictographs
        {
            continue;
        }
        let cost = extended::settled_text_cost(&fixed);
        if cost + STRAIGHT_BETTER_BY > before || best.as_ref().is_some_and(|b| b.0 <= cost) {
            continue;
        }
        best = Some((cost, fixed, steps));
    }
    best.map(|(_, fixed, steps)| (fixed, steps))
}

/// How many pictographs (the miscellaneous symbols and dingbats, emoji) stand between two
/// letters in `text`. Text sets emoji beside words, not inside them: a reading that puts one
/// there is not taken ([`straight_through_ftfy_page`]). `Officiâš´le gecreâš´erde` (Dutch
/// `officiële`, damaged some other way) reads through windows-1252 as `Offici⚴le
/// gecre⚴erde`, which costs less than the mojibake: the sign splits each strange word in
/// two ordinary ones.
fn pictographs_inside_words(text: &str) -> usize {
    let is_pictograph = |c: char| matches!(c as u32, 0x2600..=0x27BF | 0x1F000..=0x1FAFF);
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .filter(|w| {
            is_pictograph(w[1])
                && super::model::is_alphabetic(w[0])
                && super::model::is_alphabetic(w[2])
        })
        .count()
}

/// How much less a whole reading through one of ftfy's pages must cost than the text
/// ([`straight_through_ftfy_page`]): as much as any reading must beat ftfy's.
const STRAIGHT_BETTER_BY: f32 = 0.5;
/// What the text must cost as it stands, at least, to be read so: it must look broken.
const STRAIGHT_MIN_COST: f32 = 1.0;

/// Mojibake through one of the extra pages, read once more through one of ftfy's (`Bæžšblingen`:
/// `Böblingen` through GBK, then windows-1252), where ftfy's heuristic does not see the outer
/// layer: the text re-encoded through an ftfy page must be UTF-8, and that must be clearly
/// repaired through an extra page.
fn under_ftfy_page(text: &str) -> Option<(String, Vec<Step>)> {
    if !super::utf8_runs::scan(text, false).under_ftfy {
        return None;
    }
    utf8_under_ftfy_pages(text, false).find_map(|(mut steps, inner)| {
        let (page, fixed) = extended::repair(&inner)?;
        if !extended::clearly_better(&fixed, text) {
            return None;
        }
        steps.push(Step::new(
            Action::Apply,
            format!("{}{}", extended::STEP_PREFIX, page.name),
        ));
        Some((fixed, steps))
    })
}

/// `text` re-encoded through each of ftfy's pages that can, in their order, where the bytes
/// are UTF-8 that decodes to something else: the plan's steps (encode through the page,
/// decode) and the text they give.
///
/// With `a0`, bytes that are not UTF-8 as they stand may be once `restore_byte_a0` has put
/// back the no-break spaces that became spaces (`faites attention Г bien`: `à` and its
/// no-break space through windows-1251, the second made an ordinary space), as ftfy's own
/// search does; the plan then has that step too.
fn utf8_under_ftfy_pages(text: &str, a0: bool) -> impl Iterator<Item = (Vec<Step>, String)> + '_ {
    super::repair::REPAIR_CODE_PAGES
        .iter()
        .filter_map(move |&cp| {
            if !codecs::can_encode(cp, text) {
                return None;
            }
            let mut steps = vec![Step::new(Action::Encode, cp.name)];
            let mut bytes = Codec::SingleByte(cp).encode(text).ok()?;
            let (mut codec, mut decoded) = codecs::decode_utf8_for_repair(&bytes);
            // (Mac Roman's no-break space is not A0: ftfy's search leaves it out too.)
            if decoded.is_err() && a0 && !std::ptr::eq(cp, &crate::tables::codepages::MACROMAN) {
                if let std::borrow::Cow::Owned(restored) = super::bytes::restore_byte_a0(&bytes) {
                    bytes = restored;
                    (codec, decoded) = codecs::decode_utf8_for_repair(&bytes);
                    steps.push(Step::new(Action::Transcode, "restore_byte_a0"));
                }
            }
            let decoded = decoded.ok()?;
            if decoded == text {
                return None;
            }
            steps.push(Step::new(Action::Decode, codec.name()));
            Some((steps, decoded))
        })
}

/// Where ftfy's search repaired `text` as `ftfy_fixed`, the repair through one of the extra
/// code pages, if it makes clearly better text (once ftfy's search has done what it can with
/// each): the repaired text and its plan step.
///
/// `guessed`: ftfy's step only guessed that C1 controls are windows-1252 characters
/// (`fix_c1_controls`). A page that reads the controls as they are, as bytes of UTF-8, then
/// wins unless it reads worse.
pub fn better_than(text: &str, ftfy_fixed: &str, guessed: bool) -> Option<(String, Vec<Step>)> {
    let (page, fixed) = extended::repair(text)?;
    let wins = if guessed {
        extended::no_worse(&fixed, ftfy_fixed)
    } else {
        extended::clearly_better(&fixed, ftfy_fixed)
    };
    if fixed == ftfy_fixed || !wins {
        return None;
    }
    let step = Step::new(
        Action::Apply,
        format!("{}{}", extended::STEP_PREFIX, page.name),
    );
    Some((fixed, vec![step]))
}

/// Where ftfy's search repaired a few characters of `text` (`decode_inconsistent_utf8`,
/// `fix_c1_controls`) as `ftfy_fixed`: the legacy reading of the whole text, if it is
/// overwhelmingly likelier than that.
pub fn legacy_better_than(text: &str, ftfy_fixed: &str) -> Option<(String, Vec<Step>)> {
    // GBK shown through windows-1252 has stretches that are UTF-8 (`Ñ¹` for `ѹ`), which ftfy
    // decodes.
    let (shown, real, fixed) = legacy_reading(text, false).filter(|(_, real, fixed)| {
        if legacy_dbcs::is_double(real) {
            legacy_dbcs::beats(real, fixed, ftfy_fixed)
        } else {
            legacy::beats(fixed, ftfy_fixed)
        }
    })?;
    if !replays_as_legacy(text, shown, real, &fixed) {
        return None;
    }
    let steps = vec![
        Step::new(Action::Encode, shown),
        Step::new(Action::Decode, real),
    ];
    Some((fixed, steps))
}

/// The legacy reading of `text`: the single-byte pages' ([`legacy`]), or East Asian text in a
/// double-byte page ([`legacy_dbcs`]) where that reads clearly better than the single-byte
/// reading, if there is one (a single-byte pair reads GBK's bytes as letter salad of some
/// alphabet; a double-byte page reads Thai in windows-874 as ideographs).
///
/// With `double_only`, only a double-byte reading (the single-byte one is then made only if
/// there is a double-byte one to weigh it against).
fn legacy_reading(text: &str, double_only: bool) -> Option<(&'static str, &'static str, String)> {
    let double = legacy_dbcs::repair(text);
    if double_only && double.is_none() {
        return None;
    }
    let single = legacy::repair(text);
    match double {
        Some(double)
            if single
                .as_ref()
                .is_none_or(|s| legacy_dbcs::clearly_beats(double.1, &double.2, &s.2)) =>
        {
            Some(double)
        }
        _ if double_only => None,
        // A short line of East Asian text that a single-byte page reads as letters
        // (`ÖÐÎÄ`, GBK's `中文`, as `ЦРОД`) is left alone.
        None if single
            .as_ref()
            .is_some_and(|s| legacy_dbcs::rivals(text, &s.2)) =>
        {
            None
        }
        _ => single,
    }
}

/// Whether the steps `encode shown`, `decode real` turn `text` into `fixed` as
/// [`crate::apply_plan`] carries them out: a legacy reading is made only when its plan says
/// exactly what was done (the reading leaves alone characters the shown page has no byte
/// for, such as some controls, which the encode step cannot).
fn replays_as_legacy(text: &str, shown: &str, real: &str, fixed: &str) -> bool {
    let (Some(from), Some(to)) = (codecs::by_name(shown), codecs::by_name(real)) else {
        return false;
    };
    from.encode(text)
        .ok()
        .and_then(|bytes| to.decode(&bytes).ok())
        .is_some_and(|decoded| decoded == fixed)
}

/// Whether a plan step was written by one of these repairs (and so [`replay`] carries it
/// out).
pub fn writes_step(step: &Step) -> bool {
    step.action == Action::Apply
        && (step.parameter.starts_with(LOST_BYTES_STEP)
            || step
                .parameter
                .strip_prefix(extended::STEP_PREFIX)
                .is_some_and(|name| extended::page_by_name(name).is_some()))
}

/// A lossy repair's spans, as its step writes them: byte position, what was there, what
/// replaces it.
type Fills = Vec<(usize, String, String)>;

/// The spans of a lossy repair's step parameter (`restore_lost_bytes:[[position, seen,
/// chosen], ...]`), or why they cannot be read; `None` if it is no such step.
pub(crate) fn lost_bytes_fills(parameter: &str) -> Option<Result<Fills, serde_json::Error>> {
    let json = parameter.strip_prefix(LOST_BYTES_STEP)?;
    Some(serde_json::from_str(json))
}

/// The page of an extra code page's step parameter (`decode_runs:PAGE`), if it names one.
pub(crate) fn runs_decoded_through(parameter: &str) -> Option<&str> {
    let name = parameter.strip_prefix(extended::STEP_PREFIX)?;
    extended::page_by_name(name).map(|_| name)
}

/// Replays a plan step written by one of these repairs: the result, or why it cannot be
/// carried out.
pub fn replay(step: &Step, text: &str) -> Result<String, String> {
    if let Some(name) = step.parameter.strip_prefix(extended::STEP_PREFIX) {
        return match extended::page_by_name(name) {
            Some(page) => Ok(extended::decode_runs(text, page)),
            None => Err(format!("{step}: no such code page")),
        };
    }
    let Some(fills) = lost_bytes_fills(&step.parameter) else {
        return Err(format!("{step} is not a step of the repairs beyond ftfy"));
    };
    let fills = fills.map_err(|e| format!("{LOST_BYTES_STEP} {e}"))?;
    let spans = fills
        .iter()
        .map(|(position, seen, chosen)| (*position, seen.as_str(), chosen.as_str()));
    super::lossy::rewrite(text, 0, spans).map_err(|(position, seen)| {
        format!(
            "{LOST_BYTES_STEP} expected {seen:?} at byte {position}, which the text does not have"
        )
    })
}
