//! The order of fixes, segmenting, and the clean-text fast path.

use crate::encoding;
use crate::fixes;
use crate::peel;
use crate::plan::{Action, Plan, Step};
use crate::scan;
use crate::{Config, Normalization, UnescapeHtml};
use std::borrow::Cow;
use unicode_normalization::{
    is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick, IsNormalized, UnicodeNormalization,
};

/// Fixes everything the configuration asks for, in ftfy's order.
///
/// The text is cut into segments that end after each `\n` and are at most
/// [`Config::max_decode_length`] characters long; each segment is fixed on its own, so
/// mojibake on one line cannot sway the verdict on another and the cost stays linear. With
/// [`UnescapeHtml::Auto`], the first segment that contains `<` turns entity decoding off for
/// the rest of the text, since the text is probably HTML.
///
/// Returns the text borrowed when nothing changed.
///
/// ```
/// use textmend::{fix_text, Config};
/// assert_eq!(fix_text("The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.", &Config::default()),
///            "The Mona Lisa doesn't have eyebrows.");
/// ```
pub fn fix_text<'a>(text: &'a str, config: &Config) -> Cow<'a, str> {
    let mut html_off = false;
    fix_text_stateful(text, config, &mut html_off)
}

fn fix_text_stateful<'a>(text: &'a str, config: &Config, html_off: &mut bool) -> Cow<'a, str> {
    let mut out: Option<String> = None;
    let mut pos = 0;
    let mut segment_config: Cow<'_, Config> = Cow::Borrowed(config);
    if *html_off && config.unescape_html == UnescapeHtml::Auto {
        segment_config.to_mut().unescape_html = UnescapeHtml::Never;
    }
    let not_normalized = scan::not_normalized_flag(config.normalization);
    // The repairs beyond ftfy have their own test for each segment (`beyond::may_apply`).
    // The scan answers lossy recovery's for most lines (`scan::skip_clean_lines`), but not
    // the experimental repairs': any character beyond ASCII may be what they look for, so
    // with those on only lines of ASCII are skipped in one pass (none of them applies to
    // ASCII), and the others are looked at one by one.
    let skip_lines = !config.beyond_ftfy();
    let skip_lossy_lines = config.beyond_ftfy() && config.beyond_ftfy_is_latin_lossy_only();
    let skip_ascii_lines = config.beyond_ftfy() && !skip_lossy_lines;
    // The flags that make a segment worth a look: those of the fixes the configuration
    // turns on, of the normalization form, and `<` while it can still turn entities off.
    let wanted_for = |config: &Config| {
        let mut wanted = scan::mask(config) | not_normalized;
        if config.unescape_html == UnescapeHtml::Auto {
            wanted |= scan::LESS_THAN;
        }
        wanted
    };
    let mut wanted = wanted_for(&segment_config);
    // The segment scan weighs the characters for lossy recovery's Latin pre-test only where
    // the segments' own pre-tests ask it (the clean-line pass answers it otherwise).
    let segment_scan = |text: &str, max: usize| {
        if skip_ascii_lines {
            scan::segment_scan::<true>(text, max)
        } else {
            scan::segment_scan::<false>(text, max)
        }
    };
    // Whether `pos` is inside a line, after a segment that a long line's cut ended: the
    // clean-line pass has already read that line to its end, or to what it needs, and said
    // it needs a look, so it is not asked again for every segment of a long line (which
    // read a line of megabytes once per segment).
    let mut mid_line = false;
    while pos < text.len() {
        // The line the clean-line pass stopped at, which it read to its end: its length,
        // flags, whether a character is noisy and whether it rules out lossy recovery's
        // Latin pre-test, so that the segment scan need not read it again.
        let mut read: Option<scan::Segment> = None;
        if (skip_lines || skip_lossy_lines || skip_ascii_lines) && !mid_line {
            // Lines in which the scan finds nothing that a fix, the normalization form or
            // the HTML rule cares about (and, with lossy recovery on, that it rules out for
            // that) come out as they went in: skip them all in one pass, and take up
            // segmenting at the start of the line where it stopped. (Segments never cross a
            // line break, so segmenting from a line's start is what it would have been.)
            let line_start = if skip_lossy_lines {
                // The pass also says whether the line it stops at rules out lossy recovery:
                // a line stopped for a flag (a mark to normalize in Thai or Hebrew) is
                // usually ruled out, and its pre-test is then not made again.
                let stop =
                    scan::skip_clean_lines_ruling(&text[pos..], wanted, config.max_decode_length);
                read = Some(stop.line());
                pos + stop.line_start
            } else {
                let rest = &text[pos..];
                // With `skip_ascii_lines`, the first character beyond ASCII stops the pass
                // too (the bytes before it are ASCII, so a character starts there).
                let end = if skip_ascii_lines {
                    scan::first_non_ascii(rest.as_bytes())
                } else {
                    rest.len()
                };
                match scan::find(&rest[..end], wanted).or((end < rest.len()).then_some(end)) {
                    None => text.len(),
                    Some(at) => memchr::memrchr(b'\n', &text.as_bytes()[pos..pos + at])
                        .map_or(pos, |i| pos + i + 1),
                }
            };
            if let Some(buf) = &mut out {
                buf.push_str(&text[pos..line_start]);
            }
            pos = line_start;
            if pos >= text.len() {
                break;
            }
            if skip_ascii_lines {
                // The clean-line pass reads the line the ASCII skip stopped at (`\n` is
                // wanted, so it stops at that line's end): the vector pass does the segment
                // scan's work.
                let line_wanted = wanted | scan::NEWLINE;
                let stop = scan::skip_clean_lines_ruling(&text[pos..], line_wanted, usize::MAX);
                // A last line without `\n` that nothing is wanted of and that rules lossy
                // recovery out is skipped by the pass; the segment scan reads it then.
                if stop.line_start == 0 {
                    read = Some(stop.line());
                }
            }
        }
        // The segment's end and its flags in one pass: it ends after the line's `\n` or
        // after `max_decode_length` characters, whichever comes first. Where this scan reads
        // them, also whether a character of the segment is noisy, and the scan's ruling on
        // lossy recovery's Latin pre-test (`Some(true)`: ruled out) where it is known.
        let (len, flags, noisy_read, ruling) = match cut_long_line(&text[pos..], config) {
            // A long line cut between words: the segment has no line break.
            Some(cut) => {
                let found = segment_scan(&text[pos..pos + cut], usize::MAX);
                let ruling = skip_ascii_lines.then_some(found.lossy_ruled_out);
                (cut, found.flags, Some(found.noisy), ruling)
            }
            None => match read {
                Some(line) => {
                    let (len, flags) = scan::segment_after(
                        &text[pos..],
                        line.len,
                        line.flags,
                        config.max_decode_length,
                    );
                    // What the pass says of lossy recovery holds for the whole line only.
                    let ruling = (len == line.len).then_some(line.lossy_ruled_out);
                    (len, flags, None, ruling)
                }
                None => {
                    let found = segment_scan(&text[pos..], config.max_decode_length);
                    let ruling = skip_ascii_lines.then_some(found.lossy_ruled_out);
                    (found.len, found.flags, Some(found.noisy), ruling)
                }
            },
        };
        let end = pos + len;
        let segment = &text[pos..end];
        mid_line = end < text.len() && !segment.ends_with('\n');
        // The segment starts the line that the pass read, if it read one: a character of the
        // segment is noisy only if one of the line is.
        let noisy = noisy_read.or(read.map(|line| line.noisy));
        // The common case first: a segment with no flag that a fix, the normalization form
        // or the HTML rule cares about, and that no repair beyond ftfy may apply to, comes
        // out as it went in (what fix_segment would decide, sooner). So does one whose only
        // such flag is "may be mojibake" but that has no noisy character (clean accented
        // Latin, most often): the heuristic cannot call it bad, so ftfy's search leaves it
        // (`fix_encoding_round`, `quiet`), and only a repair beyond ftfy could change it.
        let quiet_encoding = flags & wanted == scan::ENCODING && noisy == Some(false);
        // What the repairs beyond ftfy's pre-test says of the segment, where it is asked
        // here: the segment's fixing need not ask it again.
        // Also where lossy recovery's Latin reader is the only repair beyond ftfy and the
        // line is known to rule it out: the answer then costs nothing.
        let nothing_else = flags & wanted == 0 || quiet_encoding;
        let lossy_ruled_out = skip_lossy_lines && ruling == Some(true);
        let beyond_known = (nothing_else || lossy_ruled_out).then(|| {
            config.fix_encoding
                && encoding::beyond::may_apply_with_facts(segment, flags, ruling, config)
        });
        if nothing_else && beyond_known == Some(false) {
            if let Some(buf) = &mut out {
                buf.push_str(segment);
            }
            pos = end;
            continue;
        }
        if segment_config.unescape_html == UnescapeHtml::Auto && flags & scan::LESS_THAN != 0 {
            segment_config.to_mut().unescape_html = UnescapeHtml::Never;
            *html_off = true;
            wanted = wanted_for(&segment_config);
        }
        let fixed = fix_segment_with_flags(
            segment,
            flags,
            noisy,
            beyond_known,
            ruling,
            &config_for_segment(&segment_config, segment, mid_line),
            None,
        );
        match (&mut out, fixed) {
            (None, Cow::Borrowed(_)) => {}
            (None, Cow::Owned(s)) => {
                let mut buf = String::with_capacity(text.len() + 16);
                buf.push_str(&text[..pos]);
                buf.push_str(&s);
                out = Some(buf);
            }
            (Some(buf), fixed) => buf.push_str(&fixed),
        }
        pos = end;
    }
    match out {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(text),
    }
}

/// The configuration [`fix_text`] fixes a segment with: `config`, but without lossy
/// recovery where the segment is cut from a longer line (`mid_line`: it neither ends with a
/// line break nor ends the text) inside a word. Such a segment ends in a piece of a word,
/// perhaps of a character (`crÃ` of `crÃ¨me`, cut at three characters), which lossy
/// recovery would read as bytes lost (`crí`, the soft hyphen's byte). A caller that fixes a
/// long text segment by segment ([`segment_len`], [`fix_text_segment`]) and wants
/// [`fix_text`]'s result fixes each with this configuration.
///
/// ```
/// use textmend::{config_for_segment, Config};
/// let config = Config::default();
/// assert!(!config_for_segment(&config, "caf", true).lossy_repair);
/// assert!(config_for_segment(&config, "café ", true).lossy_repair);
/// assert!(config_for_segment(&config, "caf", false).lossy_repair);
/// ```
pub fn config_for_segment<'a>(
    config: &'a Config,
    segment: &str,
    mid_line: bool,
) -> Cow<'a, Config> {
    if mid_line && config.lossy_repair && !segment.ends_with(char::is_whitespace) {
        Cow::Owned(Config {
            lossy_repair: false,
            ..config.clone()
        })
    } else {
        Cow::Borrowed(config)
    }
}

/// The length in bytes of the first segment of `text`, the piece that [`fix_text`] fixes on
/// its own: up to and with the first `\n`, but at most [`Config::max_decode_length`]
/// characters (at least one); with [`Config::segment_at_spaces`], a segment cut at that limit
/// ends instead after the last space or tab of its second half, if it has one. Whoever fixes
/// a long text piece by piece ([`fix_text_segment`], [`StreamFixer`]) and wants [`fix_text`]'s
/// result cuts it here.
///
/// ```
/// use textmend::{segment_len, Config};
/// let mut config = Config::default();
/// config.max_decode_length = 10;
/// assert_eq!(segment_len("one two three four", &config), 8); // "one two "
/// assert_eq!(segment_len("ab\ncd", &config), 3);
/// config.segment_at_spaces = false;
/// assert_eq!(segment_len("one two three four", &config), 10); // "one two th"
/// ```
pub fn segment_len(text: &str, config: &Config) -> usize {
    match limit_cut(text, config.max_decode_length.max(1)) {
        Some(end) if config.segment_at_spaces => back_off_to_space(text, end),
        Some(end) => end,
        // The line has at most the limit's characters: it ends at its break (which
        // `limit_cut` has seen to lie within them) or with the text.
        None => memchr::memchr(b'\n', text.as_bytes()).map_or(text.len(), |i| i + 1),
    }
}

/// With [`Config::segment_at_spaces`], where the first segment of `text` ends if the limit
/// cuts it inside a line ([`back_off_to_space`]); `None` when the segment ends at a line
/// break or at the end of the text, as `scan::segment` ends it. Found before the segment is
/// scanned, so that it is scanned once.
fn cut_long_line(text: &str, config: &Config) -> Option<usize> {
    if !config.segment_at_spaces {
        return None;
    }
    let end = limit_cut(text, config.max_decode_length.max(1))?;
    Some(back_off_to_space(text, end))
}

/// Where `max` characters end in `text` (a byte offset), if its first line is longer than
/// that; `None` when the line, with its break, has at most `max` characters. A line break
/// is looked for no further than the segment reaches, and characters are counted only on a
/// line longer than `max` bytes.
fn limit_cut(text: &str, max: usize) -> Option<usize> {
    if text.len() <= max {
        return None;
    }
    let bytes = text.as_bytes();
    if memchr::memchr(b'\n', &bytes[..max]).is_some() {
        // Fewer bytes than the limit before the line break, so fewer characters too.
        return None;
    }
    // `max` characters take at most 4 * max bytes; the one after them starts by then. The
    // line ends before it if there is a break between.
    let window = &bytes[..bytes.len().min(max.saturating_mul(4).saturating_add(1))];
    let end = nth_char_start(window, max)?;
    if memchr::memchr(b'\n', &bytes[max..end]).is_some() {
        return None;
    }
    Some(end)
}

/// A segment that the limit cut at byte `end` of `text` ends instead after the last space
/// or tab in its second half (by bytes), if there is one. A cut there falls between words,
/// not inside a mojibake sequence (whose characters are never ASCII, nor is any byte of a
/// UTF-8 sequence or of a double-byte code page's character a space).
fn back_off_to_space(text: &str, end: usize) -> usize {
    let half = end / 2;
    memchr::memrchr2(b' ', b'\t', &text.as_bytes()[half..end]).map_or(end, |i| half + i + 1)
}

/// The byte offset of character `n` (from 0) of the UTF-8 `bytes`, if it has that many.
fn nth_char_start(bytes: &[u8], n: usize) -> Option<usize> {
    let is_start = |b: u8| (b as i8) >= -0x40;
    // Character starts before `i`, counted 64 bytes at a time while the block cannot hold
    // character `n`.
    let (mut seen, mut i) = (0usize, 0usize);
    while i + 64 <= bytes.len() {
        let starts = bytes[i..i + 64].iter().filter(|&&b| is_start(b)).count();
        if seen + starts > n {
            break;
        }
        seen += starts;
        i += 64;
    }
    for (j, &b) in bytes[i..].iter().enumerate() {
        if is_start(b) {
            if seen == n {
                return Some(i + j);
            }
            seen += 1;
        }
    }
    None
}

/// Fixes one segment and returns the plan of what was done. Unlike [`fix_text`], the text is
/// not cut at line breaks: pass one line (or a short text) at a time.
pub fn fix_and_explain<'a>(text: &'a str, config: &Config) -> (Cow<'a, str>, Plan) {
    let mut steps = Vec::new();
    let fixed = fix_segment(text, config, Some(&mut steps));
    (fixed, Plan::from(steps))
}

/// Fixes one segment, without cutting it at line breaks (see [`fix_and_explain`]).
pub fn fix_text_segment<'a>(text: &'a str, config: &Config) -> Cow<'a, str> {
    fix_segment(text, config, None)
}

/// Undoes mojibake only: none of the other fixes run.
///
/// ```
/// use textmend::{fix_encoding, Config};
/// assert_eq!(fix_encoding("Ã¡ &amp; “x”", &Config::default()), "á &amp; “x”");
/// ```
pub fn fix_encoding<'a>(text: &'a str, config: &Config) -> Cow<'a, str> {
    fix_encoding_impl(text, None, None, None, config, None).0
}

/// Undoes mojibake and returns the plan of what was done.
pub fn fix_encoding_and_explain<'a>(text: &'a str, config: &Config) -> (Cow<'a, str>, Plan) {
    let mut steps = Vec::new();
    let fixed = fix_encoding_impl(text, None, None, None, config, Some(&mut steps)).0;
    (fixed, Plan::from(steps))
}

/// Undoes mojibake, round after round. `known`, if given, is what is known of the
/// characters of `text`: their scan flags, and whether any is [`scan::NOISY`] (if known).
/// Returns the text, and the flags and noisiness of its characters when it changed (they
/// were read for the last round's test).
fn fix_encoding_impl<'a>(
    text: &'a str,
    known: Option<(u16, Option<bool>)>,
    beyond_known: Option<bool>,
    ruling: Option<bool>,
    config: &Config,
    mut steps: Option<&mut Vec<Step>>,
) -> (Cow<'a, str>, Option<(u16, bool)>) {
    // `beyond_known`: what the repairs beyond ftfy's pre-test says of `text`, if known;
    // `ruling`: the scan's ruling on lossy recovery's Latin pre-test, for a text known to
    // be one line, if known. Both hold for the first round only.
    let mut beyond_known = beyond_known;
    let mut ruling = ruling;
    if !config.fix_encoding {
        return (Cow::Borrowed(text), None);
    }
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    let mut known = known;
    // The flags and noisiness of `current` once it is a repaired text.
    let mut read: Option<(u16, bool)> = None;
    // Whether `current` is known to be one line that lossy recovery is ruled out for.
    let mut ruled_out = ruling == Some(true);
    loop {
        // Asked of each round's text, not only of the first: a repaired line (Cyrillic,
        // Greek) is usually clean, and this one pass costs a fraction of the heuristic's
        // look at every pair of its letters. A text with a character that may be mojibake
        // always needs the round (both tests of `may_need_round` find that character), and
        // its flags say so without a look.
        // Without a noisy character the heuristic cannot call the text bad; nor without one
        // that may be mojibake (each of its rules needs one: `heuristic::may_trigger`). The
        // second matters with the experimental repairs on, which send such texts to the
        // round.
        let quiet = matches!(known, Some((_, Some(false))))
            || matches!(known, Some((flags, _)) if flags & scan::ENCODING == 0);
        let needs_round = match known {
            // Then ftfy's search finds nothing to do, and only a repair beyond it could.
            Some((flags, Some(false)))
                if !beyond_may_apply_with_flags(flags, ruled_out, config) =>
            {
                false
            }
            Some((flags, _)) if flags & scan::ENCODING != 0 => true,
            // No character that may be mojibake (`may_need_round`'s first test), and the
            // repairs beyond ftfy have answered.
            Some(_) if beyond_known.is_some() => beyond_known == Some(true),
            Some((flags, _)) => {
                may_need_round_with_flags(&current, flags, ruled_out, beyond_known, config)
            }
            None => may_need_round(&current, beyond_known, config),
        };
        if !needs_round {
            return (current, read);
        }
        let beyond = encoding::beyond::Known {
            may_apply: beyond_known,
            ruling,
        };
        let (fixed, round) =
            encoding::fix_encoding_round(&current, config, steps.is_some(), quiet, beyond);
        if let Some(steps) = steps.as_deref_mut() {
            steps.extend(round);
        }
        let next = match fixed {
            Cow::Owned(s) if s != *current => s,
            _ => return (current, read),
        };
        // One pass over the repaired text gives what the next round's test and the
        // heuristic need, and what the pipeline wants to know of it after.
        let facts = scan::facts(&next);
        read = Some((facts.flags, facts.noisy));
        known = Some((facts.flags, Some(facts.noisy)));
        ruled_out = facts.one_line_ruled_out;
        beyond_known = None;
        ruling = None;
        current = Cow::Owned(next);
    }
}

/// [`may_need_round`] for a text whose flags are known and have no [`scan::ENCODING`];
/// `ruled_out`: it is known to be one line that lossy recovery is ruled out for.
fn may_need_round_with_flags(
    text: &str,
    flags: u16,
    ruled_out: bool,
    beyond_known: Option<bool>,
    config: &Config,
) -> bool {
    // Without a character that may be mojibake, nothing but lossy recovery is left.
    !only_lossy_and_ruled_out(flags, ruled_out, config)
        && may_need_round(text, beyond_known, config)
}

/// Whether lossy recovery is the only repair beyond ftfy and is ruled out for a text whose
/// flags are `flags` (and that is known to be one line it is ruled out for, if
/// `ruled_out`): without a lead byte that lossy recovery starts from, every line is.
fn only_lossy_and_ruled_out(flags: u16, ruled_out: bool, config: &Config) -> bool {
    config.beyond_ftfy_is_latin_lossy_only()
        && config.lossy_repair
        && (ruled_out || flags & scan::LOSSY_LEAD == 0)
}

/// Whether a repair beyond ftfy's could change a text whose flags are `flags` (and that is
/// known to be one line that lossy recovery is ruled out for, if `ruled_out`), or write a
/// step: `false` is a promise that it does neither. It is asked of a text with no noisy
/// character, on which ftfy's own search does nothing, so that the round would come to
/// nothing either.
fn beyond_may_apply_with_flags(flags: u16, ruled_out: bool, config: &Config) -> bool {
    config.beyond_ftfy() && !only_lossy_and_ruled_out(flags, ruled_out, config)
}

/// Whether a round of encoding repair could change `text` or write a step: `false` is a
/// promise that [`encoding::fix_encoding_round`] returns it unchanged, with no steps.
/// `beyond_known`: what the repairs beyond ftfy's pre-test says of `text`, if known.
fn may_need_round(text: &str, beyond_known: Option<bool>, config: &Config) -> bool {
    let beyond = || beyond_known.unwrap_or_else(|| encoding::beyond::may_apply(text, config));
    // With lossy recovery the only repair beyond ftfy, one pass answers both tests for most
    // text: no character that may be mojibake, and every line ruled out for lossy recovery.
    let only_lossy = config.beyond_ftfy_is_latin_lossy_only();
    if only_lossy && config.lossy_repair {
        let stop = scan::skip_clean_lines_why(text, scan::ENCODING, usize::MAX);
        if stop.line_start == text.len() {
            return false;
        }
        // A character that may be mojibake; or else a line not ruled out for lossy
        // recovery, with none before its end (nor in the lines skipped), so that only the
        // lines after it may have one.
        return stop.flags & scan::ENCODING != 0
            || scan::may_be_mojibake(&text[stop.line_end..])
            || beyond();
    }
    scan::may_be_mojibake(text) || beyond()
}

/// A text fix: its name in plans, the fix, whether a configuration turns it on, and the
/// scan flags of the only characters it can change (it is not run on a text without one).
type TextFix = (
    &'static str,
    fn(&str) -> Cow<'_, str>,
    fn(&Config) -> bool,
    u16,
);

/// The flags of every text fix: a text with none of them is left alone by all of them.
const TEXT_FIX_FLAGS: u16 = {
    let mut flags = 0;
    let mut i = 0;
    while i < TEXT_FIXES.len() {
        flags |= TEXT_FIXES[i].3;
        i += 1;
    }
    flags
};

/// The text fixes that follow encoding repair, in order.
const TEXT_FIXES: &[TextFix] = &[
    (
        "fix_c1_controls",
        encoding::fix_c1_controls,
        |c| c.fix_c1_controls,
        scan::C1,
    ),
    (
        "fix_latin_ligatures",
        fixes::fix_latin_ligatures,
        |c| c.fix_latin_ligatures,
        scan::LIGATURE,
    ),
    (
        "fix_character_width",
        fixes::fix_character_width,
        |c| c.fix_character_width,
        scan::WIDTH,
    ),
    (
        "uncurl_quotes",
        fixes::uncurl_quotes,
        |c| c.uncurl_quotes,
        scan::QUOTE,
    ),
    (
        "fix_line_breaks",
        fixes::fix_line_breaks,
        |c| c.fix_line_breaks,
        scan::LINE_BREAK,
    ),
    // A `str` holds no surrogate, so that this fix never changes one: no flag lets it run.
    (
        "fix_surrogates",
        fixes::fix_surrogates,
        |c| c.fix_surrogates,
        0,
    ),
    (
        "remove_terminal_escapes",
        fixes::remove_terminal_escapes,
        |c| c.remove_terminal_escapes,
        scan::ESCAPE,
    ),
    (
        "remove_control_chars",
        fixes::remove_control_chars,
        |c| c.remove_control_chars,
        scan::CONTROL,
    ),
];

/// The text as it is being fixed, with the scan flags of its characters.
struct Current<'a> {
    text: Cow<'a, str>,
    flags: u16,
    /// Whether a character is [`scan::NOISY`], if known.
    noisy: Option<bool>,
    /// The text as it was at the start of the round, kept once something changes it.
    round_start: Option<Cow<'a, str>>,
    /// How many times a fix has changed the text.
    changes: usize,
}

impl<'a> Current<'a> {
    /// Whether a fix whose characters are `flag` may change the text: a fix never changes a
    /// text that has none of them, so it is not run (the result is the same).
    fn may_change(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// Applies `fix`, replacing the text and noting the step when the text changes.
    fn apply(
        &mut self,
        fix: impl FnOnce(&str) -> Cow<'_, str>,
        step: impl FnOnce() -> Step,
        steps: &mut Option<&mut Vec<Step>>,
    ) {
        self.apply_known(|t| (fix(t), None), step, steps);
    }

    /// [`Current::apply`] for a fix that may also return the flags and noisiness of the
    /// characters of the text it returns, if that text is new: then they are not read again.
    fn apply_known(
        &mut self,
        fix: impl FnOnce(&str) -> (Cow<'_, str>, Option<(u16, bool)>),
        step: impl FnOnce() -> Step,
        steps: &mut Option<&mut Vec<Step>>,
    ) {
        let (fixed, known) = fix(&self.text);
        #[cfg(test)]
        let known = known.filter(|_| !tests::EXACT_FLAGS.with(std::cell::Cell::get));
        let changed = match fixed {
            Cow::Owned(s) if s != *self.text => Some(s),
            _ => None,
        };
        if let Some(s) = changed {
            if let Some(steps) = steps.as_deref_mut() {
                steps.push(step());
            }
            let (flags, noisy) = known.unwrap_or_else(|| scan::flags_and_noisy(&s));
            self.flags = flags;
            self.noisy = Some(noisy);
            self.changes += 1;
            let old = std::mem::replace(&mut self.text, Cow::Owned(s));
            self.round_start.get_or_insert(old);
        }
    }
}

fn fix_segment<'a>(text: &'a str, config: &Config, steps: Option<&mut Vec<Step>>) -> Cow<'a, str> {
    let (flags, noisy) = scan::flags_and_noisy(text);
    fix_segment_with_flags(text, flags, Some(noisy), None, None, config, steps)
}

/// [`fix_segment`] for a text whose scan flags are known, whether any of its characters is
/// [`scan::NOISY`] if that is known, and what `config.fix_encoding` and the repairs beyond
/// ftfy's pre-test ([`encoding::beyond::may_apply`]) say of it if that is known.
fn fix_segment_with_flags<'a>(
    text: &'a str,
    flags: u16,
    noisy: Option<bool>,
    beyond_known: Option<bool>,
    ruling: Option<bool>,
    config: &Config,
    mut steps: Option<&mut Vec<Step>>,
) -> Cow<'a, str> {
    // The scan first: it is the cheaper test, and when it finds work the full pipeline runs
    // (which asks the repairs beyond ftfy itself).
    let mut beyond_known = beyond_known;
    let work = scan::needs_work_with(text, flags, config)
        || *beyond_known.get_or_insert_with(|| {
            config.fix_encoding
                && encoding::beyond::may_apply_with_facts(text, flags, ruling, config)
        });
    if !work {
        return Cow::Borrowed(text);
    }
    let unescape = match config.unescape_html {
        UnescapeHtml::Always => true,
        UnescapeHtml::Never => false,
        // `<` is the only character with this flag.
        UnescapeHtml::Auto => flags & scan::LESS_THAN == 0,
    };
    let not_normalized = scan::not_normalized_flag(config.normalization);
    let mut current = Current {
        text: Cow::Borrowed(text),
        flags,
        noisy,
        round_start: None,
        changes: 0,
    };
    // `fix_encoding` repeats its step until the text stops changing, so its output is its
    // own fixed point: when no fix has changed the text since it last ran, running it again
    // would only give the same text back (at the cost of its search: a whole pass of the
    // heuristic and the repairs beyond ftfy). `changes` as it was then. Plans take it again,
    // since a step can be noted with no change (a C1 control windows-1252 leaves undefined).
    let mut encoding_settled: Option<usize> = None;
    // Nested entities (`&amp;amp;amp;`) and escapes lose one layer a round. Where no other
    // fix could act on the text at any layer, the rounds only peel, and `peel` gives in one
    // pass what they end at (see `peel.rs`). The flags of every fix but those two, and of
    // the normalization form; the test on decoded characters makes sure of the layers in
    // between. Plans keep one step a round, as ftfy writes them, so they take the rounds.
    let peelers = if unescape { scan::AMPERSAND } else { 0 }
        | if config.remove_terminal_escapes {
            scan::ESCAPE
        } else {
            0
        };
    let others = (scan::mask(config) & !(scan::AMPERSAND | scan::ESCAPE)) | not_normalized;
    let beyond_on = config.beyond_ftfy();
    let mut peel_tried = steps.is_some();
    loop {
        if !peel_tried && current.flags & peelers != 0 && current.flags & others == 0 {
            // Once a segment: a try that fails costs a pass, and the next round would
            // most likely fail the same way.
            peel_tried = true;
            let may_go_beyond = |c: char| encoding::beyond::may_involve(c, config);
            if !(beyond_on && !current.text.is_ascii() && current.text.chars().any(may_go_beyond)) {
                let peeled = peel::peel(
                    &current.text,
                    unescape,
                    config.remove_terminal_escapes,
                    |c| scan::char_flags(c) & others == 0 && !may_go_beyond(c),
                );
                match peeled {
                    Some(Some(s)) => return Cow::Owned(s),
                    Some(None) => return current.text,
                    None => {}
                }
            }
        }
        current.round_start = None;
        if unescape && current.may_change(scan::AMPERSAND) {
            current.apply(
                fixes::unescape_html,
                || Step::new(Action::Apply, "unescape_html"),
                &mut steps,
            );
        }
        // Without a character that may be mojibake, and when no repair beyond ftfy may
        // apply, fix_encoding returns at once, with no step: that is its own first test.
        // The pre-test's answer is known for the text as it came, while no fix has changed
        // it; otherwise it is asked here (after the cheaper tests), and handed on.
        let (mut beyond_now, ruling_now) = match current.text {
            Cow::Borrowed(_) => (beyond_known, ruling),
            Cow::Owned(_) => (None, None),
        };
        if config.fix_encoding
            && encoding_settled != Some(current.changes)
            && (current.may_change(scan::ENCODING)
                || *beyond_now.get_or_insert_with(|| {
                    let (text, flags) = (&current.text, current.flags);
                    encoding::beyond::may_apply_with_facts(text, flags, ruling_now, config)
                }))
        {
            let mut round = Vec::new();
            let want_steps = steps.is_some();
            let known = Some((current.flags, current.noisy));
            current.apply_known(
                |t| {
                    fix_encoding_impl(
                        t,
                        known,
                        beyond_now,
                        ruling_now,
                        config,
                        want_steps.then_some(&mut round),
                    )
                },
                || Step::new(Action::Apply, "fix_encoding"),
                &mut None,
            );
            match steps.as_deref_mut() {
                Some(steps) => steps.extend(round),
                None => encoding_settled = Some(current.changes),
            }
        }
        // Most texts (a repaired line among them) have no flag of any text fix: one test
        // skips them all.
        if current.may_change(TEXT_FIX_FLAGS) {
            for &(name, fix, enabled, flag) in TEXT_FIXES {
                // The flag first: a bit test, where `enabled` is a call through a pointer.
                if !(current.may_change(flag) && enabled(config)) {
                    continue;
                }
                if flag == scan::WIDTH {
                    // A text the width fix changes keeps the flags of the characters it did not
                    // touch and gains those of what it put in; those it took out had only
                    // `REPLACED_FLAGS`, which may stay set where no character has them any
                    // more: each of those only lets a fix or the normalization run, which then
                    // finds nothing to change. So the new text is not read again.
                    let (flags, noisy) = (current.flags, current.noisy);
                    current.apply_known(
                        |t| {
                            let (fixed, inserted, inserted_noisy) =
                                fixes::width::fix_character_width_inserting(t);
                            let known =
                                noisy.map(|noisy| (flags | inserted, noisy | inserted_noisy));
                            (fixed, known)
                        },
                        || Step::new(Action::Apply, name),
                        &mut steps,
                    );
                    continue;
                }
                current.apply(fix, || Step::new(Action::Apply, name), &mut steps);
            }
        }
        // Without a character that is not plainly stable, the quick check says "yes".
        if config.normalization != Normalization::None && current.may_change(not_normalized) {
            let form = config.normalization;
            current.apply(
                |t| normalize(t, form),
                || Step::new(Action::Normalize, form.name()),
                &mut steps,
            );
        }
        match current.round_start.take() {
            None => return current.text,
            Some(before) if before == current.text => return current.text,
            Some(_) => {}
        }
    }
}

/// Applies a normalization form; borrows when the text is already in that form.
pub(crate) fn normalize(text: &str, form: Normalization) -> Cow<'_, str> {
    let quick = match form {
        Normalization::None => return Cow::Borrowed(text),
        Normalization::Nfc => is_nfc_quick(text.chars()),
        Normalization::Nfd => is_nfd_quick(text.chars()),
        Normalization::Nfkc => is_nfkc_quick(text.chars()),
        Normalization::Nfkd => is_nfkd_quick(text.chars()),
    };
    if quick == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let normalized: String = match form {
        Normalization::Nfc => text.nfc().collect(),
        Normalization::Nfd => text.nfd().collect(),
        Normalization::Nfkc => text.nfkc().collect(),
        Normalization::Nfkd => text.nfkd().collect(),
        Normalization::None => unreachable!("handled above"),
    };
    if normalized == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalized)
    }
}

/// Fixes a text that arrives in pieces (lines of a file), with the same result as one
/// [`fix_text`] call on the whole: the state that carries from one segment to the next
/// (whether a `<` has turned HTML unescaping off) is kept here.
#[derive(Clone, Debug)]
pub struct StreamFixer {
    config: Config,
    html_off: bool,
}

impl StreamFixer {
    /// A fixer for one text (one file).
    pub fn new(config: Config) -> StreamFixer {
        StreamFixer {
            config,
            html_off: false,
        }
    }

    /// Fixes the next piece. Pieces should end at line breaks (the last one may not); a
    /// piece that is cut elsewhere is fixed as if a segment ended there.
    pub fn fix<'a>(&mut self, piece: &'a str) -> Cow<'a, str> {
        fix_text_stateful(piece, &self.config, &mut self.html_off)
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::next;

    thread_local! {
        /// Makes `Current::apply_known` read every new text's flags again, for a pipeline
        /// that trusts no flags the fixes report: what the shortcuts must agree with.
        pub(super) static EXACT_FLAGS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// The flags that encoding repair and the width fix report for the texts they make
    /// (some of the width fix's may stay set where no character has them any more) give
    /// what reading each new text again gives, plans included.
    #[test]
    fn reported_flags_give_what_reading_the_text_gives() {
        let pieces = [
            "ＡＢ",
            "＆ａｍｐ；",
            "ｶﾞ",
            "，",
            "\u{3000}",
            "￣",
            "＜",
            "Ｔｅｓｔ",
            "ｱｲｳ",
            "cafÃ©",
            "â€œquotedâ€\u{9d}",
            "Ã ",
            "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
            "&amp;",
            "&lt;b&gt;",
            "“x”",
            "ﬁ",
            "…",
            "e\u{301}",
            "中文",
            "Привет",
            "\u{1b}[1m",
            "\r",
            " ",
            "a",
            "\u{85}",
            "Ã¢â‚¬â„¢",
            "â€™",
        ];
        let mut configs = vec![Config::default(), Config::ftfy()];
        for form in [
            Normalization::Nfkc,
            Normalization::Nfkd,
            Normalization::Nfd,
            Normalization::None,
        ] {
            configs.push(Config {
                normalization: form,
                ..Config::default()
            });
        }
        configs.push(Config {
            unescape_html: UnescapeHtml::Always,
            normalization: Normalization::Nfkc,
            ..Config::default()
        });
        let mut rng = 17u64;
        for _ in 0..4_000 {
            let text: String = (0..1 + next(&mut rng) % 8)
                .map(|_| pieces[next(&mut rng) % pieces.len()])
                .collect();
            for config in &configs {
                let fast = (fix_text(&text, config), fix_and_explain(&text, config));
                EXACT_FLAGS.with(|e| e.set(true));
                let exact = (fix_text(&text, config), fix_and_explain(&text, config));
                EXACT_FLAGS.with(|e| e.set(false));
                assert_eq!(fast.0, exact.0, "{text:?} {config:?}");
                assert_eq!(fast.1 .0, exact.1 .0, "{text:?} {config:?}");
                assert_eq!(
                    format!("{:?}", fast.1 .1),
                    format!("{:?}", exact.1 .1),
                    "{text:?}"
                );
            }
        }
    }

    /// Where the segment starting at byte `pos` ends, in the line that ends at `line_end` (after
    /// its `\n`, or at the end of the text): at the line's end, or after `max_chars`
    /// characters, whichever comes first.
    fn segment_end(text: &str, pos: usize, line_end: usize, config: &Config) -> usize {
        let max_chars = config.max_decode_length.max(1);
        if line_end - pos <= max_chars {
            // No more bytes than the limit, so no more characters either.
            return line_end;
        }
        let end = match text[pos..line_end].char_indices().nth(max_chars) {
            Some((i, _)) => pos + i,
            None => return line_end,
        };
        if !config.segment_at_spaces {
            return end;
        }
        // After the last space or tab in the second half of the segment's bytes.
        let half = pos + (end - pos) / 2;
        let last_space = text[pos..end]
            .char_indices()
            .rev()
            .find(|&(i, c)| pos + i >= half && (c == ' ' || c == '\t'));
        last_space.map_or(end, |(i, _)| pos + i + 1)
    }

    /// `fix_text` as it was written before the fast paths: every segment cut and fixed in
    /// turn, the `<` rule checked on each.
    fn fix_text_reference(text: &str, config: &Config) -> String {
        let mut config = config.clone();
        let mut out = String::new();
        let mut pos = 0;
        while pos < text.len() {
            let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            let end = segment_end(text, pos, line_end, &config);
            let segment = &text[pos..end];
            if config.unescape_html == UnescapeHtml::Auto && segment.contains('<') {
                config.unescape_html = UnescapeHtml::Never;
            }
            let mid_line = end < text.len() && !segment.ends_with('\n');
            out.push_str(&fix_segment(
                segment,
                &config_for_segment(&config, segment, mid_line),
                None,
            ));
            pos = end;
        }
        out
    }

    /// `segment_len` cuts where the plain reference does, with and without spaces, on lines
    /// of every length around the limit.
    #[test]
    fn segment_len_is_the_reference_cut() {
        let pieces = ["ab", " ", "\t", "é", "Ã©", "中", "\n", "  ", "x"];
        let mut rng = 11u64;
        for round in 0..20_000 {
            let text: String = (0..next(&mut rng) % 24)
                .map(|_| pieces[next(&mut rng) % pieces.len()])
                .collect();
            let config = Config {
                max_decode_length: 1 + next(&mut rng) % 12,
                segment_at_spaces: round % 3 != 0,
                ..Config::default()
            };
            let line_end = text.find('\n').map_or(text.len(), |i| i + 1);
            let expected = segment_end(&text, 0, line_end, &config);
            assert_eq!(segment_len(&text, &config), expected, "{text:?} {config:?}");
        }
    }

    /// Counting characters 64 bytes at a time finds each character where `char_indices` does.
    #[test]
    fn nth_char_start_is_char_indices() {
        let pieces = ["a", "é", "中", "😀", " ", "Ã©"];
        let mut rng = 5u64;
        for _ in 0..300 {
            let text: String = (0..next(&mut rng) % 200)
                .map(|_| pieces[next(&mut rng) % pieces.len()])
                .collect();
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            for n in 0..starts.len() + 2 {
                assert_eq!(nth_char_start(text.as_bytes(), n), starts.get(n).copied());
            }
        }
    }

    #[test]
    fn skipping_clean_lines_gives_what_fixing_every_segment_gives() {
        let pieces = [
            "plain ASCII line",
            "café crème",
            "cafÃ© crÃ¨me",
            "Привет, мир",
            "中文，标点",
            "&amp; &lt;3",
            "a <b> tag",
            "curly “quotes”",
            "\x1b[31mred\x1b[0m",
            "e\u{301}",
            "ﬁne",
            "CR\r",
            "",
            "â€œ",
            "Ïðèâåò ìèð",
            "Putinโs “war”",
            "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
            "ГЏГ°ГЁГўГҐГІ",
        ];
        let mut configs = vec![Config::default(), Config::ftfy(), Config::experimental()];
        configs.push(Config {
            max_decode_length: 6,
            ..Config::experimental()
        });
        configs.push(Config {
            max_decode_length: 7,
            ..Config::ftfy()
        });
        configs.push(Config {
            max_decode_length: 5,
            ..Config::default()
        });
        configs.push(Config {
            normalization: Normalization::Nfd,
            ..Config::ftfy()
        });
        let mut rng = 3u64;
        for _ in 0..3_000 {
            let lines = next(&mut rng) % 8;
            let mut text = String::new();
            for _ in 0..lines {
                for _ in 0..1 + next(&mut rng) % 3 {
                    text.push_str(pieces[next(&mut rng) % pieces.len()]);
                    text.push(' ');
                }
                if !next(&mut rng).is_multiple_of(5) {
                    text.push('\n');
                }
            }
            for config in &configs {
                let expected = fix_text_reference(&text, config);
                assert_eq!(fix_text(&text, config), expected, "{text:?} {config:?}");
                // The same text in two pieces through a StreamFixer.
                let mut mid = text.len() / 2;
                while !text.is_char_boundary(mid) {
                    mid -= 1;
                }
                let cut = text[..mid].rfind('\n').map_or(0, |i| i + 1);
                let mut stream = StreamFixer::new(config.clone());
                let mut streamed = stream.fix(&text[..cut]).into_owned();
                streamed.push_str(&stream.fix(&text[cut..]));
                assert_eq!(streamed, expected, "{text:?} {config:?}");
            }
        }
    }
}
