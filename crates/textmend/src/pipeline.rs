//! The order of fixes, segmenting, and the clean-text fast path.

use crate::encoding::{self, fix_encoding_one_step};
use crate::fixes;
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
    while pos < text.len() {
        let end = segment_end(text, pos, config.max_decode_length);
        let segment = &text[pos..end];
        if segment_config.unescape_html == UnescapeHtml::Auto && segment.contains('<') {
            segment_config.to_mut().unescape_html = UnescapeHtml::Never;
            *html_off = true;
        }
        let fixed = fix_segment(segment, &segment_config, None);
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

/// Where the segment starting at byte `pos` ends: after the next `\n`, or after
/// `max_chars` characters, whichever comes first.
fn segment_end(text: &str, pos: usize, max_chars: usize) -> usize {
    let max_chars = max_chars.max(1);
    let rest = &text[pos..];
    let line_end = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
    if line_end <= max_chars {
        // No more bytes than the limit, so no more characters either.
        return pos + line_end;
    }
    match rest[..line_end].char_indices().nth(max_chars) {
        Some((i, _)) => pos + i,
        None => pos + line_end,
    }
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
    fix_encoding_impl(text, config, None)
}

/// Undoes mojibake and returns the plan of what was done.
pub fn fix_encoding_and_explain<'a>(text: &'a str, config: &Config) -> (Cow<'a, str>, Plan) {
    let mut steps = Vec::new();
    let fixed = fix_encoding_impl(text, config, Some(&mut steps));
    (fixed, Plan::from(steps))
}

fn fix_encoding_impl<'a>(
    text: &'a str,
    config: &Config,
    mut steps: Option<&mut Vec<Step>>,
) -> Cow<'a, str> {
    if !config.fix_encoding
        || !(scan::may_be_mojibake(text) || encoding::beyond::may_apply(text, config))
    {
        return Cow::Borrowed(text);
    }
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    loop {
        let (fixed, round) = fix_encoding_one_step(&current, config);
        if let Some(steps) = steps.as_deref_mut() {
            steps.extend(round);
        }
        let next = match fixed {
            Cow::Owned(s) if s != *current => s,
            _ => return current,
        };
        current = Cow::Owned(next);
    }
}

/// A text fix: its name in plans, the fix, and whether a configuration turns it on.
type TextFix = (&'static str, fn(&str) -> Cow<'_, str>, fn(&Config) -> bool);

/// The text fixes that follow encoding repair, in order.
const TEXT_FIXES: &[TextFix] = &[
    ("fix_c1_controls", encoding::fix_c1_controls, |c| {
        c.fix_c1_controls
    }),
    ("fix_latin_ligatures", fixes::fix_latin_ligatures, |c| {
        c.fix_latin_ligatures
    }),
    ("fix_character_width", fixes::fix_character_width, |c| {
        c.fix_character_width
    }),
    ("uncurl_quotes", fixes::uncurl_quotes, |c| c.uncurl_quotes),
    ("fix_line_breaks", fixes::fix_line_breaks, |c| {
        c.fix_line_breaks
    }),
    ("fix_surrogates", fixes::fix_surrogates, |c| {
        c.fix_surrogates
    }),
    (
        "remove_terminal_escapes",
        fixes::remove_terminal_escapes,
        |c| c.remove_terminal_escapes,
    ),
    ("remove_control_chars", fixes::remove_control_chars, |c| {
        c.remove_control_chars
    }),
];

/// Applies `fix` to `current`, replacing it and noting the step when the text changes.
fn apply<'a>(
    current: &mut Cow<'a, str>,
    fix: impl FnOnce(&str) -> Cow<'_, str>,
    step: impl FnOnce() -> Step,
    steps: &mut Option<&mut Vec<Step>>,
) {
    let changed = match fix(current) {
        Cow::Owned(s) if s != **current => Some(s),
        _ => None,
    };
    if let Some(s) = changed {
        if let Some(steps) = steps.as_deref_mut() {
            steps.push(step());
        }
        *current = Cow::Owned(s);
    }
}

fn fix_segment<'a>(
    text: &'a str,
    config: &Config,
    mut steps: Option<&mut Vec<Step>>,
) -> Cow<'a, str> {
    let beyond = config.fix_encoding && encoding::beyond::may_apply(text, config);
    if !beyond && !scan::needs_work(text, config) {
        return Cow::Borrowed(text);
    }
    let unescape = match config.unescape_html {
        UnescapeHtml::Always => true,
        UnescapeHtml::Never => false,
        UnescapeHtml::Auto => !text.contains('<'),
    };
    let mut current: Cow<'a, str> = Cow::Borrowed(text);
    loop {
        let before = current.clone();
        if unescape {
            apply(
                &mut current,
                fixes::unescape_html,
                || Step::new(Action::Apply, "unescape_html"),
                &mut steps,
            );
        }
        if config.fix_encoding {
            let mut round = Vec::new();
            let want_steps = steps.is_some();
            apply(
                &mut current,
                |t| fix_encoding_impl(t, config, want_steps.then_some(&mut round)),
                || Step::new(Action::Apply, "fix_encoding"),
                &mut None,
            );
            if let Some(steps) = steps.as_deref_mut() {
                steps.extend(round);
            }
        }
        for &(name, fix, enabled) in TEXT_FIXES {
            if enabled(config) {
                apply(
                    &mut current,
                    fix,
                    || Step::new(Action::Apply, name),
                    &mut steps,
                );
            }
        }
        if config.normalization != Normalization::None {
            let form = config.normalization;
            apply(
                &mut current,
                |t| normalize(t, form),
                || Step::new(Action::Normalize, form.name()),
                &mut steps,
            );
        }
        if current == before {
            return current;
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
