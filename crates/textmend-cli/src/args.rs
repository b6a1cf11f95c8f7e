//! The command line: options, help text, and the [`Config`] they select.

use clap::Parser;
use std::path::PathBuf;
use textmend::config::STEP_NAMES;
use textmend::detect::TextEncoding;
use textmend::{Config, Normalization, UnescapeHtml};

const AFTER_HELP: &str = "\
Examples:
  textmend broken.txt                      fix a file, print the result
  textmend -o fixed.txt broken.txt         write the result to fixed.txt (replaced atomically)
  cat a.txt b.txt | textmend               read standard input
  textmend part1.txt - part2.txt           files and standard input, in order
  textmend --encoding-only broken.txt      only undo mojibake, change nothing else
  textmend --preset corpus data.txt        what corpus pipelines run: encoding repair, entities,
                                           escapes, controls; CJK punctuation left alone
  textmend --skip uncurl-quotes,fix-character-width broken.txt
  textmend -n NFKC broken.txt              normalize to NFKC instead of NFC
  textmend --explain broken.txt            also print, on stderr, how each changed line was fixed
  textmend -g old-page.txt                 guess the encoding (windows-1251, Shift_JIS, UTF-16...)
  textmend -e cp437 dos.txt                decode from a named encoding
  textmend --jsonl text data.jsonl         fix the \"text\" field of each JSON Lines record
  textmend --jsonl title,meta.abstract,messages.*.content data.jsonl
                                           several fields, nested fields, every array element
  textmend --jsonl text --explain data.jsonl
                                           ... and add a \"text_plan\" field beside each field
  textmend --csv body,3 export.csv         fix the column named body and the third column
  textmend --in-place -r corpus/           fix every file under corpus/ in place
  textmend --out-dir fixed/ -r corpus/     write the fixed files under fixed/
  textmend --check -r corpus/              exit 1 if anything would change; change nothing
  textmend --report -j 8 big.jsonl --jsonl text -o fixed.jsonl
                                           8 threads, and a summary of the fixes on stderr
  textmend --chars suspicious.txt          list each character: code point, category, name
  textmend --generate man > textmend.1     a man page (or bash, zsh, fish, elvish, powershell)

Input is read as UTF-8 unless -e or -g says otherwise; output is always UTF-8. Lines are fixed
as they are read, on all cores, and written in order, so memory use does not grow with the
size of the input or of its lines (a line longer than the fix segment length is fixed in
segments, as the library does). Line endings are kept, except that the fix-line-breaks step
turns CRLF, CR, U+2028, U+2029 and U+0085 into LF (as ftfy does).

Exit status: 0 when done; 1 when --check finds text that would change; 2 for a usage error or
bad input (bytes not valid in the encoding, a record that is not valid JSON or CSV, a file that
cannot be read or written). A broken pipe on the output ends quietly with status 0.";

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
    ///   fix-surrogates, remove-control-chars, normalization,
    ///   and beyond ftfy: lossy-repair, segment-at-spaces (on by default),
    ///   extra-code-pages, legacy-code-pages, lossy-other-scripts,
    ///   lossy-over-ftfy, mark-unsure (off by default: see --enable)
    #[arg(
        long,
        value_name = "STEP[,STEP]",
        value_delimiter = ',',
        value_parser = parse_step,
        verbatim_doc_comment
    )]
    pub skip: Vec<String>,

    /// Turn on these steps (comma-separated; the names of --skip)
    ///
    /// For the repairs that are off by default: extra-code-pages (UTF-8 misread as
    /// Thai, KOI8, Hebrew, Arabic, DOS, GBK, Shift_JIS, EUC-KR, Big5, ...) and
    /// legacy-code-pages (Russian windows-1251 shown as windows-1252, Chinese GBK as
    /// Latin-1, Japanese Shift_JIS file names as DOS cp850, ...);
    /// lossy-other-scripts (lost bytes restored in Cyrillic, Greek, Hebrew, Arabic,
    /// Thai, CJK text, not only in Latin-script prose) and lossy-over-ftfy (a
    /// confident lossy reading wins over ftfy's U+FFFD). They are experimental:
    /// slower on clean text, and checked on less text than the rest; `experimental`
    /// names all four (the library's Config::experimental). mark-unsure is
    /// --mark-unsure. --skip wins over --enable for a step given to both.
    #[arg(
        long,
        value_name = "STEP[,STEP]",
        value_delimiter = ',',
        value_parser = parse_step,
        verbatim_doc_comment
    )]
    pub enable: Vec<String>,

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

    /// Mark the damage lossy repair found but could not decide: U+FFFD
    ///
    /// Where a line is repaired from lost bytes but some of its damaged characters
    /// could have been more than one thing (`ร?sis`: `Ísis` or `Ìsis`), they are left
    /// as they were, which a program downstream cannot tell from text. With this option
    /// each lost character not restored becomes U+FFFD instead, and --explain names
    /// each mark in the line's plan. Lines that are not repaired are not marked.
    #[arg(long, verbatim_doc_comment)]
    pub mark_unsure: bool,

    /// Input is JSON Lines: fix the string field FIELD of each record
    ///
    /// Comma-separated; may be repeated. A FIELD is a key, or a path of keys joined by
    /// dots (meta.title; \\. is a dot inside a key), where a number picks an array element
    /// and * every element or member (messages.*.content). Each string is fixed as a
    /// text of its own. Everything else in the line passes through byte for byte. A
    /// record without FIELD, or whose FIELD is not a string, passes through unchanged,
    /// as do blank lines. One line comes out for each line in; a line that is not JSON
    /// is an error (see --on-error).
    #[arg(
        long,
        value_name = "FIELD",
        value_delimiter = ',',
        verbatim_doc_comment
    )]
    pub jsonl: Vec<String>,

    /// Also report how each text was fixed, as a plan
    ///
    /// A plan is a JSON list of steps, such as
    ///   [["encode","sloppy-windows-1252"],["decode","utf-8"]]
    /// With --jsonl, the plan goes in a field FIELD_plan added to (or replaced in) the
    /// object that holds each string FIELD; it is null in the rare case that a text of
    /// several lines needed different repairs on different lines. Otherwise it goes to
    /// standard error as `LINE: PLAN` for each line that changed (`FILE:LINE: PLAN` when
    /// several files are given). With -g, the guessed encoding of each input is told too.
    #[arg(long, verbatim_doc_comment)]
    pub explain: bool,

    /// A set of fixes: ftfy (the default: all of them) or corpus
    ///
    /// corpus is what large text pipelines run (the fixes datatrove's FTFY formatter
    /// keeps): encoding repair with all its parts, HTML entities, terminal escapes,
    /// surrogates and control characters, and nothing that changes CJK punctuation or
    /// typography: no width, quote, ligature or line-break fixes, no normalization.
    /// --skip and -n apply on top of the preset.
    #[arg(long, value_name = "PRESET", value_parser = ["ftfy", "corpus"], verbatim_doc_comment)]
    pub preset: Option<String>,

    /// Fix text in segments of at most N characters [default: 1000000]
    ///
    /// Text is cut at line breaks and every N characters of a longer line, so that the
    /// cost stays linear (the library's max_decode_length).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), verbatim_doc_comment)]
    pub max_decode_length: Option<u64>,

    /// The input's encoding: a WHATWG label or one of textmend's code pages
    ///
    /// For example windows-1251, shift_jis, gbk, big5, euc-kr, koi8-u, utf-16le, utf-32,
    /// x-mac-cyrillic, cp437, cp850, cp855, cp866, macroman, johab, sloppy-windows-1252,
    /// latin-1 (ISO 8859-1 itself, not windows-1252). A byte order mark is removed.
    #[arg(short = 'e', long, value_name = "ENC", value_parser = parse_encoding, verbatim_doc_comment)]
    pub encoding: Option<TextEncoding>,

    /// Guess each input's encoding
    ///
    /// From a byte order mark; UTF-16 and UTF-32 without one; valid UTF-8; or the
    /// statistics of the legacy code pages (chardetng's, extended to IBM855,
    /// x-mac-cyrillic, KOI8-R, cp437, cp850, macintosh, ISO-8859-15 and Johab). The guess
    /// reads up to 1 MiB from the first byte that is not ASCII. --explain and --report
    /// tell what was guessed.
    #[arg(short = 'g', long, conflicts_with = "encoding", verbatim_doc_comment)]
    pub guess: bool,

    /// What to do with bytes that are not valid in the input's encoding: error or replace
    ///
    /// error (the default) stops with a message that gives the file, line and byte offset;
    /// replace decodes them as U+FFFD.
    #[arg(long, value_name = "WHAT", value_parser = ["error", "replace"], default_value = "error", verbatim_doc_comment)]
    pub invalid: String,

    /// Input is CSV: fix these columns (names from the header, or numbers from 1)
    ///
    /// Comma-separated; may be repeated. RFC 4180: quoted fields may hold delimiters,
    /// quotes ("") and line breaks; every byte of the other fields stays as it was, and a
    /// fixed field keeps its quotes (or gets them if it now needs them). The header
    /// passes through. A name made only of digits is written =NAME.
    #[arg(long, value_name = "COLUMN", value_delimiter = ',', conflicts_with_all = ["jsonl", "explain"], verbatim_doc_comment)]
    pub csv: Vec<String>,

    /// The CSV field delimiter [default: ,]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter, requires = "csv")]
    pub delimiter: Option<u8>,

    /// The CSV input has no header: columns are given by number
    #[arg(long, requires = "csv")]
    pub no_header: bool,

    /// What to do with a record that is not valid JSON or CSV: fail, skip or keep
    ///
    /// fail (the default) stops with an error naming the file and line; skip leaves the
    /// record out and keep passes it through unchanged, each with a warning on stderr
    /// (and a count in --report): nothing is dropped silently.
    #[arg(long, value_name = "WHAT", value_parser = ["fail", "skip", "keep"], default_value = "fail", verbatim_doc_comment)]
    pub on_error: String,

    /// The longest JSON Lines or CSV record accepted, in bytes [default: 256M]
    ///
    /// A record is held whole in memory; plain text never is. Suffixes K, M, G.
    #[arg(long, value_name = "SIZE", value_parser = parse_size, verbatim_doc_comment)]
    pub max_record: Option<usize>,

    /// Also fix every file under DIR (recursively, in name order; hidden files and
    /// folders, whose names start with a dot, are left out)
    #[arg(short = 'r', long = "recursive", value_name = "DIR")]
    pub recursive: Vec<PathBuf>,

    /// Replace each file by its fixed version
    ///
    /// The fixed text is written to a temporary file beside the original, synced to disk
    /// and renamed over it: the original is intact until that rename, whatever happens
    /// before (a full disk, an error, the process killed). Files with nothing to fix are
    /// not rewritten.
    #[arg(short = 'i', long, conflicts_with_all = ["output", "out_dir", "check", "chars"], verbatim_doc_comment)]
    pub in_place: bool,

    /// Write the fixed version of each file into DIR (under its path below the -r folder)
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "check"])]
    pub out_dir: Option<PathBuf>,

    /// Threads that read, fix and write in turns [default: all cores]
    ///
    /// The input is cut into batches of whole lines (about 256 KiB), fixed in parallel and
    /// written in order: the output is the same for any N. With -j 1 one thread does it
    /// all, so the command keeps to one core.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024), verbatim_doc_comment)]
    pub threads: Option<u64>,

    /// Change nothing: exit 1 if anything would change, listing how many lines and files
    #[arg(long, conflicts_with_all = ["output", "chars"])]
    pub check: bool,

    /// Print a summary on stderr: lines read and changed, each fix, each code-page path,
    /// bytes, speed
    #[arg(long)]
    pub report: bool,

    /// Write the same summary, and each file's, as JSON to FILE
    #[arg(long, value_name = "FILE")]
    pub report_json: Option<PathBuf>,

    /// No progress bar, no warnings, no --check listing
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// List each character of the input: code point, general category and name
    ///
    /// Like ftfy's explain_unicode. Nothing is fixed; -e and -g decode the input first.
    #[arg(long, conflicts_with_all = ["jsonl", "csv"], verbatim_doc_comment)]
    pub chars: bool,

    /// Print a man page or shell completions: man, bash, zsh, fish, elvish, powershell
    #[arg(long, value_name = "WHAT", hide = true, value_parser = ["man", "bash", "zsh", "fish", "elvish", "powershell"])]
    pub generate: Option<String>,
}

impl Args {
    /// The fixes these options select.
    pub fn config(&self) -> Config {
        let mut config = if self.no_fixes {
            Config::no_fixes()
        } else if self.preset.as_deref() == Some("corpus") {
            corpus_preset()
        } else {
            Config::default()
        };
        if let Some(n) = self.max_decode_length {
            config.max_decode_length = usize::try_from(n).unwrap_or(usize::MAX);
        }
        for step in self.enable.iter().flat_map(|s| steps_named(s)) {
            // Checked by `parse_step`, as for --skip below.
            let _ = config.set_step(step, true);
        }
        if self.mark_unsure {
            config.mark_unsure = true;
        }
        for step in self.skip.iter().flat_map(|s| steps_named(s)) {
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

/// `--preset corpus`: encoding repair and the fixes that leave CJK punctuation and
/// typography alone, as datatrove's FTFY formatter configures ftfy.
pub fn corpus_preset() -> Config {
    let mut config = Config::default();
    config.fix_latin_ligatures = false;
    config.fix_character_width = false;
    config.uncurl_quotes = false;
    config.fix_line_breaks = false;
    config.normalization = Normalization::None;
    config
}

fn parse_encoding(label: &str) -> Result<TextEncoding, String> {
    TextEncoding::for_label(label).ok_or_else(|| {
        format!(
            "unknown encoding {label:?}; use a WHATWG label (windows-1252, shift_jis, gbk, \
             utf-16le, ...) or one of textmend's code pages (cp437, macroman, \
             sloppy-windows-1252, ...)"
        )
    })
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() && !matches!(s, "\"" | "\n" | "\r") => Ok(s.as_bytes()[0]),
        _ => Err("the delimiter must be one ASCII character other than a quote or line break (\\t or tab for a tab)".to_string()),
    }
}

fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, factor) = match t.chars().last() {
        Some('k' | 'K') => (&t[..t.len() - 1], 1usize << 10),
        Some('m' | 'M') => (&t[..t.len() - 1], 1 << 20),
        Some('g' | 'G') => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("expected a size such as 64M, not {s:?}"))
}

/// The step names as the command line spells them, with dashes.
fn dashed_step_names() -> String {
    STEP_NAMES
        .iter()
        .map(|name| name.replace('_', "-"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name that stands for all the experimental repairs in --enable and --skip.
const EXPERIMENTAL: &str = "experimental";

/// The experimental repairs beyond ftfy, as `Config::experimental` turns them on.
const EXPERIMENTAL_STEPS: [&str; 4] = [
    "extra_code_pages",
    "legacy_code_pages",
    "lossy_other_scripts",
    "lossy_over_ftfy",
];

/// The steps a name given to --enable or --skip stands for: itself, or the four of
/// `experimental`.
fn steps_named(key: &str) -> &[&str] {
    if key == EXPERIMENTAL {
        &EXPERIMENTAL_STEPS
    } else {
        // A name `parse_step` let through is one of the steps.
        STEP_NAMES
            .iter()
            .position(|&s| s == key)
            .map_or(&[], |i| &STEP_NAMES[i..=i])
    }
}

fn parse_step(name: &str) -> Result<String, String> {
    let key = name.trim().replace('-', "_");
    if key == EXPERIMENTAL || STEP_NAMES.contains(&key.as_str()) {
        Ok(key)
    } else {
        Err(format!(
            "unknown step {name:?}; valid steps are: {}, and {EXPERIMENTAL} for the four \
             experimental ones",
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
    fn experimental_names_the_experimental_repairs() {
        let on = Args::parse_from(["textmend", "--enable", "experimental"]).config();
        assert_eq!(on, Config::experimental());
        // One of them turned off again, and the group turned off over a preset.
        let args = [
            "textmend",
            "--enable",
            "experimental",
            "--skip",
            "legacy-code-pages",
        ];
        let config = Args::parse_from(args).config();
        assert!(config.extra_code_pages && !config.legacy_code_pages);
        let args = [
            "textmend",
            "--enable",
            "extra-code-pages",
            "--skip",
            "experimental",
        ];
        assert_eq!(Args::parse_from(args).config(), Config::default());
        // The group is no step of the library's own.
        assert!(!STEP_NAMES.contains(&EXPERIMENTAL));
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

        let args = Args::parse_from([
            "textmend",
            "--enable",
            "extra-code-pages,legacy_code_pages",
            "--enable",
            "uncurl-quotes",
            "--skip",
            "uncurl-quotes",
        ]);
        let config = args.config();
        assert!(config.extra_code_pages && config.legacy_code_pages);
        assert!(!config.uncurl_quotes, "--skip wins");

        let args = Args::parse_from(["textmend", "--no-fixes", "-n", "NFC"]);
        let config = args.config();
        assert!(!config.fix_encoding);
        assert_eq!(config.normalization, Normalization::Nfc);
    }
}
