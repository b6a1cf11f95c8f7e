//! [`Config`]: one switch per fix, with the same names and defaults as ftfy's `TextFixerConfig`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// When to decode HTML entities such as `&amp;` and `&eacute;`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum UnescapeHtml {
    /// Decode entities unless the text contains `<`, which suggests it is real HTML whose
    /// entities are meant to stay escaped. Once a segment with `<` is seen, [`crate::fix_text`]
    /// leaves entities alone for the rest of the text.
    #[default]
    Auto,
    /// Always decode entities.
    Always,
    /// Never decode entities.
    Never,
}

/// The Unicode normalization form applied at the end of each round of fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Normalization {
    /// Canonical composition (the default): combines letters and accents where Unicode can.
    #[default]
    #[serde(rename = "NFC")]
    Nfc,
    /// Canonical decomposition.
    #[serde(rename = "NFD")]
    Nfd,
    /// Compatibility composition: also folds ligatures, widths, superscripts and the like.
    #[serde(rename = "NFKC")]
    Nfkc,
    /// Compatibility decomposition.
    #[serde(rename = "NFKD")]
    Nfkd,
    /// No normalization.
    #[serde(rename = "none")]
    None,
}

impl Normalization {
    /// The form's name as plans and the command line spell it (`NFC`, ..., `none`).
    pub fn name(self) -> &'static str {
        match self {
            Normalization::Nfc => "NFC",
            Normalization::Nfd => "NFD",
            Normalization::Nfkc => "NFKC",
            Normalization::Nfkd => "NFKD",
            Normalization::None => "none",
        }
    }
}

impl fmt::Display for Normalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Normalization {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "NFC" => Ok(Normalization::Nfc),
            "NFD" => Ok(Normalization::Nfd),
            "NFKC" => Ok(Normalization::Nfkc),
            "NFKD" => Ok(Normalization::Nfkd),
            "NONE" | "" => Ok(Normalization::None),
            _ => Err(crate::Error::UnknownNormalization(s.to_string())),
        }
    }
}

/// Which fixes run. `Config::default()` has ftfy 6.3.1's defaults plus lossy recovery, which
/// goes beyond ftfy; [`Config::ftfy`] is ftfy's configuration exactly, and
/// [`Config::experimental`] adds the repairs still being brought up to standard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Config {
    /// Decode HTML entities (`&amp;`, `&#x27;`, `&EACUTE;`). See [`UnescapeHtml`].
    pub unescape_html: UnescapeHtml,
    /// Remove ANSI terminal escapes such as colour codes (`ESC [ 31 m`).
    pub remove_terminal_escapes: bool,
    /// Undo mojibake: text that was encoded in UTF-8 and decoded in another code page.
    pub fix_encoding: bool,
    /// Part of `fix_encoding`: treat a space inside mojibake as the no-break space (byte A0)
    /// that some software replaced with a plain space.
    pub restore_byte_a0: bool,
    /// Part of `fix_encoding`: turn UTF-8 sequences that lost a byte (replaced by `?` or by the
    /// byte 1A) into U+FFFD, so that the rest of the text can still be repaired.
    pub replace_lossy_sequences: bool,
    /// Part of `fix_encoding`: repair mojibake that covers only part of the text.
    pub decode_inconsistent_utf8: bool,
    /// Part of `fix_encoding`: read C1 control characters (U+0080..U+009F) as the windows-1252
    /// characters they almost always were.
    pub fix_c1_controls: bool,
    /// Replace Latin ligatures (`ﬁ`, `ĳ`, `ǆ`...) with their letters.
    pub fix_latin_ligatures: bool,
    /// Replace fullwidth and halfwidth forms with their ordinary-width characters.
    pub fix_character_width: bool,
    /// Replace curly quotes with straight ones.
    pub uncurl_quotes: bool,
    /// Turn CRLF, CR, U+2028, U+2029 and U+0085 into `\n`.
    pub fix_line_breaks: bool,
    /// Combine UTF-16 surrogate pairs and replace lone surrogates with U+FFFD. A Rust `str`
    /// cannot hold a surrogate, so this applies where bytes become text (the command line's
    /// input decoding, `\uD83D\uDE00` escapes in JSON); on a `&str` it has nothing to do.
    pub fix_surrogates: bool,
    /// Remove control characters that have no place in text (see `fixes::control`).
    pub remove_control_chars: bool,
    /// The normalization form applied last. See [`Normalization`].
    pub normalization: Normalization,
    /// Beyond ftfy, experimental and off by default: repair UTF-8 misread through code
    /// pages ftfy does not try (Thai, KOI8, DOS, Hebrew, Arabic, the CJK double-byte
    /// ones...). Part of `fix_encoding`. Off until it restores 97% of each path and keeps
    /// clean text on the fast path (see the README).
    pub extra_code_pages: bool,
    /// Beyond ftfy, experimental and off by default: repair text in one legacy code page
    /// shown through another (Russian windows-1251 read as windows-1252: `Ïðèâåò`), or East
    /// Asian text in GBK, Shift_JIS, EUC-KR or Big5 shown through a single-byte page (GBK
    /// read as Latin-1: `ÄãºÃ£¬ÊÀ½ç`), only on overwhelming evidence. Part of `fix_encoding`.
    pub legacy_code_pages: bool,
    /// Beyond ftfy: restore UTF-8 bytes that were dropped or replaced (by `?` or U+FFFD) on
    /// the way, choosing among the possible completions by context, and only when the
    /// context decides. Part of `fix_encoding`.
    pub lossy_repair: bool,
    /// Beyond ftfy, experimental and off by default: lossy recovery reads text of every
    /// script (Cyrillic, Greek, Hebrew, Arabic, Thai, Devanagari, Chinese, Japanese,
    /// Korean) with a character model per language, not only Latin-script prose, and takes
    /// readings that decode whole sequences of the same mojibake too (which the defaults
    /// leave to ftfy). Needs `lossy_repair`. Off by default for its cost on clean text (see
    /// the README).
    pub lossy_other_scripts: bool,
    /// Beyond ftfy, experimental and off by default: where ftfy's own repair turns lost
    /// bytes into U+FFFD (`replace_lossy_sequences`) or leaves them, lossy recovery reads
    /// the line as it came and its confident reading wins, whole sequences of the same
    /// mojibake included. ftfy's own tests expect U+FFFD there (`â€œlossy decodingâ€�`),
    /// so the defaults keep ftfy's answer, and leave whole sequences to ftfy unless the
    /// reading restores, clear by 3 nats, a sign of prose or a letter whose lead byte broke
    /// its word (`lâÃcole`, `straÃe`). Needs `lossy_repair`.
    pub lossy_over_ftfy: bool,
    /// Beyond ftfy, off by default: where lossy recovery repairs a line but leaves some of
    /// its damaged sequences as they were, because context does not decide what they had
    /// been, it writes U+FFFD for each character lost there instead (the characters that
    /// are certain stay), and the plan names each mark. Without it such a sequence stays as
    /// the mojibake it was (`ร?sis` for `Ísis` or `Ìsis`), which reads as damage to a
    /// person but not to a program. Needs `lossy_repair`.
    pub mark_unsure: bool,
    /// Text is fixed in segments that end at line breaks and are at most this many characters
    /// long, so that the cost of fixing stays linear in the length of the text.
    pub max_decode_length: usize,
    /// Beyond ftfy: a line longer than `max_decode_length` characters is cut after the last
    /// space or tab in the second half of each segment rather than at exactly
    /// `max_decode_length` characters (if there is one), so that a cut does not split a
    /// mojibake sequence and leave both halves unreadable. ftfy cuts at the limit exactly;
    /// [`Config::ftfy`] does too.
    pub segment_at_spaces: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            unescape_html: UnescapeHtml::Auto,
            remove_terminal_escapes: true,
            fix_encoding: true,
            restore_byte_a0: true,
            replace_lossy_sequences: true,
            decode_inconsistent_utf8: true,
            fix_c1_controls: true,
            fix_latin_ligatures: true,
            fix_character_width: true,
            uncurl_quotes: true,
            fix_line_breaks: true,
            fix_surrogates: true,
            remove_control_chars: true,
            normalization: Normalization::Nfc,
            extra_code_pages: false,
            legacy_code_pages: false,
            lossy_repair: true,
            lossy_other_scripts: false,
            lossy_over_ftfy: false,
            mark_unsure: false,
            max_decode_length: 1_000_000,
            segment_at_spaces: true,
        }
    }
}

/// The names of the switchable steps, as `Config` fields and as `--skip` spells them with
/// dashes instead of underscores.
pub const STEP_NAMES: &[&str] = &[
    "unescape_html",
    "remove_terminal_escapes",
    "fix_encoding",
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_c1_controls",
    "fix_latin_ligatures",
    "fix_character_width",
    "uncurl_quotes",
    "fix_line_breaks",
    "fix_surrogates",
    "remove_control_chars",
    "normalization",
    "extra_code_pages",
    "legacy_code_pages",
    "lossy_repair",
    "lossy_other_scripts",
    "lossy_over_ftfy",
    "mark_unsure",
    "segment_at_spaces",
];

impl Config {
    /// ftfy 6.3.1's configuration exactly: the defaults, without the repairs that go beyond
    /// ftfy (`extra_code_pages`, `legacy_code_pages`, `lossy_repair`), and with long lines cut
    /// at exactly `max_decode_length` characters (`segment_at_spaces` off).
    pub fn ftfy() -> Self {
        Config {
            extra_code_pages: false,
            legacy_code_pages: false,
            lossy_repair: false,
            segment_at_spaces: false,
            ..Config::default()
        }
    }

    /// The defaults plus the experimental repairs beyond ftfy (`extra_code_pages`,
    /// `legacy_code_pages`, `lossy_other_scripts`, `lossy_over_ftfy`).
    pub fn experimental() -> Self {
        Config {
            extra_code_pages: true,
            legacy_code_pages: true,
            lossy_other_scripts: true,
            lossy_over_ftfy: true,
            ..Config::default()
        }
    }

    /// Whether lossy recovery reads only Latin-script prose among the repairs beyond ftfy:
    /// then the scan's table answers their pre-test for most lines (`scan::skip_clean_lines`).
    pub(crate) fn beyond_ftfy_is_latin_lossy_only(&self) -> bool {
        !self.extra_code_pages && !self.legacy_code_pages && !self.lossy_other_scripts
    }

    /// Whether any repair beyond ftfy's is on.
    pub fn beyond_ftfy(&self) -> bool {
        self.fix_encoding && (self.extra_code_pages || self.legacy_code_pages || self.lossy_repair)
    }

    /// A configuration with every fix turned off: text passes through unchanged.
    pub fn no_fixes() -> Self {
        Config {
            unescape_html: UnescapeHtml::Never,
            remove_terminal_escapes: false,
            fix_encoding: false,
            restore_byte_a0: false,
            replace_lossy_sequences: false,
            decode_inconsistent_utf8: false,
            fix_c1_controls: false,
            fix_latin_ligatures: false,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: false,
            fix_surrogates: false,
            remove_control_chars: false,
            normalization: Normalization::None,
            extra_code_pages: false,
            legacy_code_pages: false,
            lossy_repair: false,
            lossy_other_scripts: false,
            lossy_over_ftfy: false,
            mark_unsure: false,
            max_decode_length: 1_000_000,
            segment_at_spaces: false,
        }
    }

    /// This configuration's repair of mojibake alone: every other fix and the normalization
    /// off, the encoding repair and its parts as they are. Under it, [`fix_text`] gives what
    /// [`fix_encoding`] under this configuration gives each segment ([`segment_len`]) of the
    /// text (under [`config_for_segment`]'s, for a segment cut inside a word of a longer
    /// line), and skips runs of clean lines in one pass, as for any configuration: so a
    /// caller that wants `fix_encoding` line by line over a long text makes one call.
    ///
    /// The encoding repair's own settings are named here; everything else is as in
    /// [`Config::no_fixes`], which names every field: a fix added there is off here too.
    ///
    /// [`fix_text`]: crate::fix_text
    /// [`fix_encoding`]: crate::fix_encoding
    /// [`segment_len`]: crate::segment_len
    /// [`config_for_segment`]: crate::config_for_segment
    pub fn encoding_only(&self) -> Self {
        Config {
            fix_encoding: self.fix_encoding,
            restore_byte_a0: self.restore_byte_a0,
            replace_lossy_sequences: self.replace_lossy_sequences,
            decode_inconsistent_utf8: self.decode_inconsistent_utf8,
            // A fix of its own in `fix_text`, part of the encoding repair in `fix_encoding`.
            fix_c1_controls: self.fix_encoding && self.fix_c1_controls,
            extra_code_pages: self.extra_code_pages,
            legacy_code_pages: self.legacy_code_pages,
            lossy_repair: self.lossy_repair,
            lossy_other_scripts: self.lossy_other_scripts,
            lossy_over_ftfy: self.lossy_over_ftfy,
            mark_unsure: self.mark_unsure,
            max_decode_length: self.max_decode_length,
            segment_at_spaces: self.segment_at_spaces,
            ..Config::no_fixes()
        }
    }

    /// Turns one step on or off by name. Dashes and underscores are interchangeable
    /// (`fix-line-breaks` is `fix_line_breaks`). Turning `normalization` on selects NFC;
    /// turning `unescape_html` on selects [`UnescapeHtml::Auto`].
    pub fn set_step(&mut self, name: &str, on: bool) -> Result<(), crate::Error> {
        let key = name.trim().replace('-', "_");
        match key.as_str() {
            "unescape_html" => {
                self.unescape_html = if on {
                    UnescapeHtml::Auto
                } else {
                    UnescapeHtml::Never
                }
            }
            "remove_terminal_escapes" => self.remove_terminal_escapes = on,
            "fix_encoding" => self.fix_encoding = on,
            "restore_byte_a0" => self.restore_byte_a0 = on,
            "replace_lossy_sequences" => self.replace_lossy_sequences = on,
            "decode_inconsistent_utf8" => self.decode_inconsistent_utf8 = on,
            "fix_c1_controls" => self.fix_c1_controls = on,
            "fix_latin_ligatures" => self.fix_latin_ligatures = on,
            "fix_character_width" => self.fix_character_width = on,
            "uncurl_quotes" => self.uncurl_quotes = on,
            "fix_line_breaks" => self.fix_line_breaks = on,
            "fix_surrogates" => self.fix_surrogates = on,
            "remove_control_chars" => self.remove_control_chars = on,
            "extra_code_pages" => self.extra_code_pages = on,
            "legacy_code_pages" => self.legacy_code_pages = on,
            "lossy_repair" => self.lossy_repair = on,
            "lossy_other_scripts" => self.lossy_other_scripts = on,
            "lossy_over_ftfy" => self.lossy_over_ftfy = on,
            "mark_unsure" => self.mark_unsure = on,
            "segment_at_spaces" => self.segment_at_spaces = on,
            "normalization" => {
                self.normalization = if on {
                    Normalization::Nfc
                } else {
                    Normalization::None
                }
            }
            _ => return Err(crate::Error::UnknownStep(name.to_string())),
        }
        Ok(())
    }
}
