//! A plain reference pipeline: textmend's order of fixes built only from its public pieces,
//! with no fast path. No scan decides that a segment is clean, no fix is skipped because a
//! flag was not seen, encoding repair is not gated by `may_be_mojibake`, and normalization
//! always runs in full. Everything the fast path promises is checked against it: where
//! `needs_work` says "nothing to do", this must return the text unchanged, and on every
//! other text both must agree.
//!
//! Shared by the fuzz target `fast_path` and by `crates/textmend/tests/properties.rs`
//! (which includes this file with `#[path]`), so it uses nothing but `textmend` and
//! `unicode_normalization`.

use textmend::{encoding, fixes, Config, Normalization, UnescapeHtml};
use unicode_normalization::UnicodeNormalization;

/// A text fix as the pipeline runs it, with the switch that turns it on.
type TextFix = (fn(&str) -> std::borrow::Cow<'_, str>, fn(&Config) -> bool);

/// The text fixes that follow encoding repair, in ftfy's order.
const TEXT_FIXES: &[TextFix] = &[
    (encoding::fix_c1_controls, |c| c.fix_c1_controls),
    (fixes::fix_latin_ligatures, |c| c.fix_latin_ligatures),
    (fixes::fix_character_width, |c| c.fix_character_width),
    (fixes::uncurl_quotes, |c| c.uncurl_quotes),
    (fixes::fix_line_breaks, |c| c.fix_line_breaks),
    (fixes::fix_surrogates, |c| c.fix_surrogates),
    (fixes::remove_terminal_escapes, |c| {
        c.remove_terminal_escapes
    }),
    (fixes::remove_control_chars, |c| c.remove_control_chars),
];

/// Full normalization, no quick check.
pub fn normalize(text: &str, form: Normalization) -> String {
    match form {
        Normalization::Nfc => text.nfc().collect(),
        Normalization::Nfd => text.nfd().collect(),
        Normalization::Nfkc => text.nfkc().collect(),
        Normalization::Nfkd => text.nfkd().collect(),
        _ => text.to_string(),
    }
}

/// Encoding repair, layer by layer, until a round changes nothing.
pub fn fix_encoding(text: &str, config: &Config) -> String {
    let mut current = text.to_string();
    if !config.fix_encoding {
        return current;
    }
    loop {
        let (fixed, _steps) = encoding::fix_encoding_one_step(&current, config);
        if fixed == current {
            return current;
        }
        current = fixed.into_owned();
    }
}

/// One segment through every fix the configuration turns on, round after round until the
/// text stops changing. What `textmend::fix_text_segment` must return.
pub fn fix_segment(text: &str, config: &Config) -> String {
    let unescape = match config.unescape_html {
        UnescapeHtml::Always => true,
        UnescapeHtml::Never => false,
        _ => !text.contains('<'),
    };
    let mut current = text.to_string();
    loop {
        let before = current.clone();
        if unescape {
            current = fixes::unescape_html(&current).into_owned();
        }
        current = fix_encoding(&current, config);
        for (fix, enabled) in TEXT_FIXES {
            if enabled(config) {
                current = fix(&current).into_owned();
            }
        }
        current = normalize(&current, config.normalization);
        if current == before {
            return current;
        }
    }
}

/// The segments `fix_text` cuts a text into, as documented: each ends after a `\n` or after
/// `max_decode_length` characters (at least one), whichever comes first; with
/// `segment_at_spaces`, a segment the limit cut inside a line ends instead after the last
/// space or tab in the second half of its bytes, if it has one.
pub fn segments<'a>(text: &'a str, config: &Config) -> Vec<&'a str> {
    let max = config.max_decode_length.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = start;
        for (count, c) in text[start..].chars().enumerate() {
            if count == max {
                break;
            }
            end += c.len_utf8();
            if c == '\n' {
                break;
            }
        }
        if config.segment_at_spaces && end < text.len() && !text[start..end].ends_with('\n') {
            let half = start + (end - start) / 2;
            let space = text[start..end]
                .char_indices()
                .rev()
                .find(|&(i, c)| start + i >= half && (c == ' ' || c == '\t'));
            if let Some((i, _)) = space {
                end = start + i + 1;
            }
        }
        out.push(&text[start..end]);
        start = end;
    }
    out
}

/// What `textmend::fix_text` must return: each segment fixed on its own; with
/// [`UnescapeHtml::Auto`], the first segment that contains `<` turns entity decoding off
/// for itself and every segment after it.
pub fn fix_text(text: &str, config: &Config) -> String {
    fix_piece(text, &mut config.clone())
}

/// [`fix_text`] with the entity-decoding state carried in `config`: a `<` seen here turns
/// it off for what `config` fixes next (a stream's next piece).
pub fn fix_piece(text: &str, config: &mut Config) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for segment in segments(text, config) {
        if config.unescape_html == UnescapeHtml::Auto && segment.contains('<') {
            config.unescape_html = UnescapeHtml::Never;
        }
        pos += segment.len();
        // A segment cut from a longer line inside a word is fixed without lossy recovery:
        // it ends in a piece of a word, not in bytes lost.
        let cut_in_word =
            pos < text.len() && !segment.ends_with('\n') && !segment.ends_with(char::is_whitespace);
        if cut_in_word && config.lossy_repair {
            let mut whole = config.clone();
            whole.lossy_repair = false;
            out.push_str(&fix_segment(segment, &whole));
        } else {
            out.push_str(&fix_segment(segment, config));
        }
    }
    out
}

/// Every code page `textmend::encoding::codecs::by_name` knows, by the name plans use.
pub const CODEC_NAMES: &[&str] = &[
    "utf-8",
    "utf-8-variants",
    "latin-1",
    "sloppy-windows-1250",
    "sloppy-windows-1251",
    "sloppy-windows-1252",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1255",
    "sloppy-windows-1256",
    "sloppy-windows-1257",
    "sloppy-windows-1258",
    "sloppy-windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "windows-874",
    "iso-8859-2",
    "iso-8859-5",
    "iso-8859-7",
    "iso-8859-15",
    "macroman",
    "cp437",
    "cp850",
    "cp852",
    "cp866",
    "koi8-r",
    "koi8-u",
];
