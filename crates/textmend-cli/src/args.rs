//! The command line: options, help text, and the [`Config`] they select.

use clap::Parser;
use std::path::PathBuf;
use textmend::config::STEP_NAMES;
use textmend::{Config, Normalization, UnescapeHtml};

const AFTER_HELP: &str = "\
Examples:
  textmend broken.txt                      fix a file, print the result
  textmend -o fixed.txt broken.txt         write the result to fixed.txt (replaced atomically)
  cat a.txt b.txt | textmend               read standard input
  textmend part1.txt - part2.txt           files and standard input, in order
  textmend --encoding-only broken.txt      only undo mojibake, change nothing else
  textmend --skip uncurl-quotes,fix-character-width broken.txt
  textmend -n NFKC broken.txt              normalize to NFKC instead of NFC
  textmend --explain broken.txt            also print, on stderr, how each changed line was fixed
  textmend --jsonl text data.jsonl         fix the \"text\" field of each JSON Lines record
  textmend --jsonl text --explain data.jsonl
                                           ... and add a \"text_plan\" field to each record

Input must be UTF-8. Lines are fixed one at a time as they are read, so memory use does not
grow with the size of the input. Line endings are kept, except that the fix-line-breaks step
turns CRLF, CR, U+2028, U+2029 and U+0085 into LF (as ftfy does).

Exit status: 0 when done; 2 for a usage error or bad input (not UTF-8, not valid JSON, a file
that cannot be read or written). A broken pipe on the output ends quietly with status 0.";

/// Repairs damaged text: mojibake, HTML entities, terminal escapes, control characters.
///
/// textmend undoes mojibake (UTF-8 read in the wrong code page, once or several times),
/// decodes HTML entities, removes terminal escapes and stray control characters, and
/// straightens curly quotes, fullwidth letters and ligatures. Its results are those of
/// ftfy 6.3.1.
#[derive(Debug, Parser)]
#[command(name = "textmend", version, after_help = AFTER_HELP, verbatim_doc_comment)]
pub struct Args {
    /// Files to fix, in order, into one output [default: standard input]
    ///
    /// `-` is standard input, which is also what is read when no file is given.
    #[arg(value_name = "FILE", verbatim_doc_comment)]
    pub files: Vec<PathBuf>,

    /// Write to FILE instead of standard output, atomically
    ///
    /// The result is written to a temporary file beside FILE, synced to disk and renamed
    /// over FILE once all the input is fixed; after any error FILE is left as it was.
    /// `-o -` is standard output.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        verbatim_doc_comment
    )]
    pub output: Option<PathBuf>,

    /// Only undo mojibake (ftfy's fix_encoding)
    ///
    /// Entities, quotes, widths, line breaks and everything else are left as they are.
    /// --skip turns off parts of the repair (restore-byte-a0, replace-lossy-sequences,
    /// decode-inconsistent-utf8, fix-c1-controls).
    #[arg(long, verbatim_doc_comment)]
    pub encoding_only: bool,

    /// Apply no fix: only check that the input is UTF-8
    ///
    /// The input is only checked to be UTF-8 (and, with --jsonl, JSON).
    /// -n FORM turns normalization back on.
    #[arg(long, verbatim_doc_comment)]
    pub no_fixes: bool,

    /// Turn off these steps (comma-separated; see --help for the names)
    ///
    /// The option may be repeated. The steps:
    ///   unescape-html, remove-terminal-escapes, fix-encoding, restore-byte-a0,
    ///   replace-lossy-sequences, decode-inconsistent-utf8, fix-c1-controls,
    ///   fix-latin-ligatures, fix-character-width, uncurl-quotes, fix-line-breaks,
    ///   fix-surrogates, remove-control-chars, normalization
    #[arg(
        long,
        value_name = "STEP[,STEP]",
        value_delimiter = ',',
        value_parser = parse_step,
        verbatim_doc_comment
    )]
    pub skip: Vec<String>,

    /// Unicode normalization: NFC (default), NFD, NFKC, NFKD or none
    ///
    /// The normalization is applied last, after the other fixes. NFKC and NFKD also fold
    /// compatibility characters (ligatures, superscripts, widths).
    #[arg(
        short = 'n',
        long,
        value_name = "FORM",
        value_parser = parse_normalization,
        verbatim_doc_comment
    )]
    pub normalization: Option<Normalization>,

    /// Never decode HTML entities such as &amp;
    ///
    /// By default entities are decoded until a line that contains `<` is seen in the
    /// file, which suggests real HTML whose entities are meant to stay.
    #[arg(long, verbatim_doc_comment)]
    pub preserve_entities: bool,

    /// Input is JSON Lines: fix the string field FIELD of each record
    ///
    /// FIELD is a top-level key; its string is fixed as a text of its own. Everything
    /// else in the line passes through byte for byte. A record without FIELD, or whose
    /// FIELD is not a string, passes through unchanged, as do blank lines. One line comes
    /// out for each line in; a line that is not JSON is an error.
    #[arg(long, value_name = "FIELD", verbatim_doc_comment)]
    pub jsonl: Option<String>,

    /// Also report how each text was fixed, as a plan
    ///
    /// A plan is a JSON list of steps, such as
    ///   [["encode","sloppy-windows-1252"],["decode","utf-8"]]
    /// With --jsonl, the plan goes in a field FIELD_plan added to (or replaced in) each
    /// record whose FIELD is a string; it is null in the rare case that a text of several
    /// lines needed different repairs on different lines. Otherwise it goes to standard
    /// error as `LINE: PLAN` for each line that changed (`FILE:LINE: PLAN` when several
    /// files are given).
    #[arg(long, verbatim_doc_comment)]
    pub explain: bool,
}

impl Args {
    /// The fixes these options select.
    pub fn config(&self) -> Config {
        let mut config = if self.no_fixes {
            Config::no_fixes()
        } else {
            Config::default()
        };
        for step in &self.skip {
            // The names were checked by `parse_step`, so this cannot fail; if the library
            // ever disagreed, the step would simply stay as it was.
            let _ = config.set_step(step, false);
        }
        if let Some(form) = self.normalization {
            config.normalization = form;
        }
        if self.preserve_entities {
            config.unescape_html = UnescapeHtml::Never;
        }
        config
    }
}

/// The step names as the command line spells them, with dashes.
fn dashed_step_names() -> String {
    STEP_NAMES
        .iter()
        .map(|name| name.replace('_', "-"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_step(name: &str) -> Result<String, String> {
    let key = name.trim().replace('-', "_");
    if STEP_NAMES.contains(&key.as_str()) {
        Ok(key)
    } else {
        Err(format!(
            "unknown step {name:?}; valid steps are: {}",
            dashed_step_names()
        ))
    }
}

fn parse_normalization(form: &str) -> Result<Normalization, String> {
    if form.trim().is_empty() {
        return Err("expected NFC, NFD, NFKC, NFKD or none".to_string());
    }
    form.parse::<Normalization>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn skip_accepts_dashes_and_underscores() {
        assert_eq!(parse_step("uncurl-quotes").unwrap(), "uncurl_quotes");
        assert_eq!(parse_step("fix_line_breaks").unwrap(), "fix_line_breaks");
        let err = parse_step("nonsense").unwrap_err();
        assert!(err.contains("fix-character-width"), "{err}");
    }

    #[test]
    fn options_build_the_config() {
        let args = Args::parse_from([
            "textmend",
            "--skip",
            "uncurl-quotes,fix-character-width",
            "-n",
            "nfkc",
            "--preserve-entities",
        ]);
        let config = args.config();
        assert!(!config.uncurl_quotes);
        assert!(!config.fix_character_width);
        assert!(config.fix_encoding);
        assert_eq!(config.normalization, Normalization::Nfkc);
        assert_eq!(config.unescape_html, UnescapeHtml::Never);

        let args = Args::parse_from(["textmend", "--no-fixes", "-n", "NFC"]);
        let config = args.config();
        assert!(!config.fix_encoding);
        assert_eq!(config.normalization, Normalization::Nfc);
    }
}
