//! Tests of the `textmend` command, run as a program: options, exit codes, messages, atomic
//! output, and ftfy's test cases through the command line.
//!
//! Most tests check the mechanics with inputs whose output does not depend on the fixes
//! (clean text, `--no-fixes`, fields passed through). The tests in the section "Fixed
//! content" and the ftfy parity tests check repaired text, and need the library's fixes.

use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_textmend");

/// A scratch directory for one test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("cli-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("create scratch directory");
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, contents).expect("write test file");
        path
    }

    /// The names of the files in the directory, sorted.
    fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .expect("list scratch directory")
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// What a run of the program did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("output is UTF-8")
    }

    #[track_caller]
    fn assert_ok(&self) -> &Run {
        assert_eq!(self.code, Some(0), "expected success: {self:?}");
        assert_eq!(self.stderr, "", "expected no message: {self:?}");
        self
    }

    #[track_caller]
    fn assert_bad_input(&self, fragments: &[&str]) -> &Run {
        assert_eq!(self.code, Some(2), "expected exit code 2: {self:?}");
        for fragment in fragments {
            assert!(
                self.stderr.contains(fragment),
                "the message should contain {fragment:?}: {:?}",
                self.stderr
            );
        }
        self
    }
}

/// Runs textmend with `args` and `stdin`, in directory `dir` (when given).
fn run_in(dir: Option<&Path>, args: &[&str], stdin: &[u8]) -> Run {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let mut child = command.spawn().expect("start textmend");
    let mut child_stdin = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    // Written from a thread, so that a large input cannot block against a full output pipe.
    let writer = std::thread::spawn(move || {
        // The program may exit without reading everything (after an error): that is fine.
        let _ = child_stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("wait for textmend");
    writer.join().expect("stdin writer");
    Run {
        code: output.status.code(),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn run(args: &[&str], stdin: &str) -> Run {
    run_in(None, args, stdin.as_bytes())
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Text that every configuration leaves as it is.
const CLEAN: &str = "Hello, world.\nA second line, with nothing to fix.\n";

/// Text with something for most fixes: mojibake, an entity, curly quotes, a ligature, a
/// fullwidth letter, CRLF.
const DAMAGED: &str = "schÃ¶n &amp; \u{201c}quoted\u{201d} \u{fb01}le \u{ff21}\r\nsecond line\r\n";

// ----------------------------------------------------------------------------------------
// Input: standard input, files, `-`, several files

#[test]
fn standard_input_to_standard_output() {
    let r = run(&[], CLEAN);
    r.assert_ok();
    assert_eq!(r.stdout(), CLEAN);
}

#[test]
fn empty_input_gives_empty_output() {
    let r = run(&[], "");
    r.assert_ok();
    assert_eq!(r.stdout(), "");
}

#[test]
fn dash_is_standard_input() {
    let r = run(&["-"], CLEAN);
    r.assert_ok();
    assert_eq!(r.stdout(), CLEAN);
}

#[test]
fn file_argument() {
    let dir = Scratch::new("file_argument");
    let file = dir.write("in.txt", CLEAN);
    let r = run(&[s(&file)], "ignored standard input\n");
    r.assert_ok();
    assert_eq!(r.stdout(), CLEAN);
}

#[test]
fn several_inputs_are_processed_in_order_into_one_output() {
    let dir = Scratch::new("several_inputs");
    let a = dir.write("a.txt", "first file\n");
    // A last line without a line break stays without one.
    let b = dir.write("b.txt", "second file, no newline at the end");
    let r = run(&[s(&a), "-", s(&b), s(&a)], "from standard input\n");
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "first file\nfrom standard input\nsecond file, no newline at the end\
         first file\n"
    );
}

#[test]
fn a_long_line_passes_whole() {
    let line = format!("{}\n", "abcdefghij".repeat(300_000));
    let r = run(&["--no-fixes"], &line);
    r.assert_ok();
    assert_eq!(r.stdout(), line);
}

// ----------------------------------------------------------------------------------------
// Options that select the fixes

#[test]
fn no_fixes_passes_text_through_unchanged() {
    let r = run(&["--no-fixes"], DAMAGED);
    r.assert_ok();
    assert_eq!(r.stdout(), DAMAGED);
}

#[test]
fn line_endings_are_kept_when_line_breaks_are_not_fixed() {
    let text = "one\r\ntwo\rthree\nfour\r\n\nlast";
    let r = run(&["--no-fixes"], text);
    r.assert_ok();
    assert_eq!(r.stdout(), text);
    let r = run(&["--skip", "fix-line-breaks"], text);
    r.assert_ok();
    assert_eq!(r.stdout(), text);
}

#[test]
fn skip_accepts_step_names_with_dashes_or_underscores() {
    let text = "\u{201c}x\u{201d} \u{ff21}\u{ff22}\r\n";
    let r = run(
        &[
            "--skip",
            "uncurl-quotes,fix-character-width",
            "--skip",
            "fix_line_breaks",
        ],
        text,
    );
    r.assert_ok();
    assert_eq!(r.stdout(), text);
}

#[test]
fn skip_with_an_unknown_step_is_a_usage_error_listing_the_steps() {
    let r = run(&["--skip", "uncurl-quotes,fix-everything"], CLEAN);
    r.assert_bad_input(&[
        "fix-everything",
        "unescape-html",
        "uncurl-quotes",
        "fix-character-width",
        "remove-control-chars",
        "normalization",
    ]);
    assert_eq!(r.stdout(), "");
}

#[test]
fn normalization_forms_are_accepted_in_any_case() {
    for form in ["NFC", "NFD", "NFKC", "NFKD", "none", "nfkc", "None"] {
        let r = run(&["-n", form], CLEAN);
        r.assert_ok();
        assert_eq!(r.stdout(), CLEAN, "-n {form}");
    }
    let r = run(&["--normalization", "NFD"], CLEAN);
    r.assert_ok();
}

#[test]
fn an_unknown_normalization_is_a_usage_error() {
    let r = run(&["-n", "NFX"], CLEAN);
    r.assert_bad_input(&["NFX", "NFC"]);
}

#[test]
fn preserve_entities_leaves_entities() {
    let text = "Fish &amp; chips &lt;3 &eacute;\n";
    let r = run(&["--preserve-entities"], text);
    r.assert_ok();
    assert_eq!(r.stdout(), text);
}

#[test]
fn entities_stay_once_a_line_with_a_tag_was_seen() {
    // The `<` on line 1 means HTML: the entity on line 2 must stay, with or without
    // --explain.
    let text = "<b>bold</b>\nFish &amp; chips\n";
    let r = run(&[], text);
    r.assert_ok();
    assert_eq!(r.stdout(), text);
    let r = run(&["--explain"], text);
    r.assert_ok();
    assert_eq!(r.stdout(), text);
}

#[test]
fn encoding_only_leaves_clean_text() {
    let r = run(&["--encoding-only"], CLEAN);
    r.assert_ok();
    assert_eq!(r.stdout(), CLEAN);
    let r = run(&["--encoding-only", "--no-fixes"], DAMAGED);
    r.assert_ok();
    assert_eq!(r.stdout(), DAMAGED);
}

#[test]
fn explain_reports_nothing_for_unchanged_lines() {
    let r = run(&["--explain"], CLEAN);
    r.assert_ok();
    assert_eq!(r.stdout(), CLEAN);
    let r = run(&["--explain", "--no-fixes"], DAMAGED);
    r.assert_ok();
    assert_eq!(r.stdout(), DAMAGED);
    let r = run(&["--explain", "--encoding-only", "--no-fixes"], DAMAGED);
    r.assert_ok();
    assert_eq!(r.stdout(), DAMAGED);
}

// ----------------------------------------------------------------------------------------
// --jsonl

#[test]
fn jsonl_passes_everything_else_through_byte_for_byte() {
    let input = concat!(
        "{\"id\": 1.50, \"original\": \"clean text\", \"big\": 123456789012345678901234567890, \"e\": 1e3}\n",
        "{\"z\":\"\\u00e9\\n\", \"original\":\"clean\",\"a\":[1,{\"original\":\"schÃ¶n\"}],\"n\":null}\r\n",
        "{\"no_field\": \"schÃ¶n\"}\n",
        "{\"original\": 42, \"other\": \"schÃ¶n\"}\n",
        "{\"original\": null}\n",
        "[\"not\", \"an\", \"object\"]\n",
        "\"a string\"\n",
        "{}\n",
        "\n",
        "   \n",
        "{\"original\": \"last line without newline\"}",
    );
    let r = run(&["--jsonl", "original"], input);
    r.assert_ok();
    assert_eq!(r.stdout(), input);
}

#[test]
fn jsonl_with_no_fixes_leaves_the_field() {
    let input = "{\"b\": 2, \"text\": \"schÃ¶n &amp; \\u201cq\\u201d\", \"a\": 1}\n";
    let r = run(&["--jsonl", "text", "--no-fixes"], input);
    r.assert_ok();
    assert_eq!(r.stdout(), input);
}

#[test]
fn jsonl_explain_adds_a_plan_field_to_each_record_with_the_field() {
    let input = concat!(
        "{\"text\": \"clean\", \"n\": 1}\n",
        "{\"other\": \"x\"}\n",
        "{\"text\": \"clean\", \"text_plan\": \"old\", \"n\": 2}\n",
    );
    let r = run(&["--jsonl", "text", "--explain"], input);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        concat!(
            "{\"text\": \"clean\", \"n\": 1,\"text_plan\":[]}\n",
            "{\"other\": \"x\"}\n",
            "{\"text\": \"clean\", \"text_plan\": [], \"n\": 2}\n",
        )
    );
    // The result is still JSON, with the keys in their order.
    for line in r.stdout().lines() {
        let record: Value = serde_json::from_str(line).expect("output line is JSON");
        if let Some(plan) = record.get("text_plan") {
            assert!(plan.is_array(), "{line}");
        }
    }
    let first: serde_json::Map<String, Value> =
        serde_json::from_str(r.stdout().lines().next().unwrap()).unwrap();
    assert_eq!(first.keys().collect::<Vec<_>>(), ["text", "n", "text_plan"]);
}

#[test]
fn jsonl_explain_with_encoding_only() {
    let r = run(
        &["--jsonl", "t", "--explain", "--encoding-only"],
        "{\"t\": \"clean\"}\n",
    );
    r.assert_ok();
    assert_eq!(r.stdout(), "{\"t\": \"clean\",\"t_plan\":[]}\n");
}

#[test]
fn jsonl_line_that_is_not_json_is_an_error_naming_file_and_line() {
    let dir = Scratch::new("jsonl_bad_line");
    dir.write(
        "data.jsonl",
        "{\"t\": \"one\"}\n{\"t\": \"two\"}\n{\"t\": \"three\"\n{\"t\": \"four\"}\n",
    );
    let r = run_in(Some(&dir.0), &["--jsonl", "t", "data.jsonl"], b"");
    r.assert_bad_input(&["data.jsonl:3:", "not valid JSON"]);
    // The lines before the error were written.
    assert_eq!(r.stdout(), "{\"t\": \"one\"}\n{\"t\": \"two\"}\n");

    let r = run(&["--jsonl", "t"], "{\"t\": \"one\"}\nnot json\n");
    r.assert_bad_input(&["<stdin>:2:", "not valid JSON"]);
}

#[test]
fn jsonl_lone_surrogates_become_replacement_characters() {
    let input = "{\"t\": \"a\\ud800b\", \"u\": \"\\udc00\"}\n";
    let r = run(&["--jsonl", "t"], input);
    r.assert_ok();
    assert_eq!(r.stdout(), "{\"t\": \"a\u{FFFD}b\", \"u\": \"\\udc00\"}\n");
    // Without fix-surrogates the string cannot become text: the record is left alone.
    let r = run(&["--jsonl", "t", "--no-fixes"], input);
    r.assert_ok();
    assert_eq!(r.stdout(), input);
}

#[test]
fn jsonl_input_that_is_not_utf8_is_an_error() {
    let r = run_in(
        None,
        &["--jsonl", "t"],
        b"{\"t\": \"ok\"}\n{\"t\": \"\xe9\"}\n",
    );
    r.assert_bad_input(&["<stdin>:2:", "not UTF-8", "byte offset 19"]);
}

// ----------------------------------------------------------------------------------------
// -o: atomic output

#[test]
fn output_file_is_written() {
    let dir = Scratch::new("output_written");
    let out = dir.path("out.txt");
    let r = run(&["-o", s(&out)], CLEAN);
    r.assert_ok();
    assert_eq!(r.stdout(), "");
    assert_eq!(fs::read_to_string(&out).unwrap(), CLEAN);
    assert_eq!(dir.files(), ["out.txt"]);
}

#[test]
fn output_file_is_replaced() {
    let dir = Scratch::new("output_replaced");
    let out = dir.write(
        "out.txt",
        "old content that is longer than the new one\n".repeat(10),
    );
    let r = run(&["--output", s(&out)], "new\n");
    r.assert_ok();
    assert_eq!(fs::read_to_string(&out).unwrap(), "new\n");
    assert_eq!(dir.files(), ["out.txt"]);
}

#[test]
fn output_dash_is_standard_output() {
    let r = run(&["-o", "-"], CLEAN);
    r.assert_ok();
    assert_eq!(r.stdout(), CLEAN);
}

#[test]
fn output_keeps_its_old_content_when_the_input_fails() {
    let dir = Scratch::new("output_kept");
    let good = dir.write("good.txt", "fine\n".repeat(50_000));
    let bad = dir.write("bad.txt", b"fine\nnot \xff fine\n");
    let out = dir.write("out.txt", "old\n");
    let r = run(&["-o", s(&out), s(&good), s(&bad)], "");
    r.assert_bad_input(&["bad.txt:2:", "not UTF-8"]);
    assert_eq!(fs::read_to_string(&out).unwrap(), "old\n");
    assert_eq!(dir.files(), ["bad.txt", "good.txt", "out.txt"]);
}

#[test]
fn output_is_not_created_when_the_input_fails() {
    let dir = Scratch::new("output_not_created");
    let out = dir.path("out.txt");
    let r = run_in(None, &["-o", s(&out)], b"line\n\xc3\x28 bad\n");
    r.assert_bad_input(&["<stdin>:2:", "not UTF-8"]);
    assert!(!out.exists());
    assert!(dir.files().is_empty(), "left behind: {:?}", dir.files());

    let missing = dir.path("missing.txt");
    let r = run(&["-o", s(&out), s(&missing)], "");
    r.assert_bad_input(&["missing.txt"]);
    assert!(!out.exists());
    assert!(dir.files().is_empty(), "left behind: {:?}", dir.files());
}

#[test]
fn output_in_a_missing_directory_is_an_error() {
    let dir = Scratch::new("output_missing_dir");
    let out = dir.path("no/such/dir/out.txt");
    let r = run(&["-o", s(&out)], CLEAN);
    r.assert_bad_input(&["no/such/dir/out.txt"]);
    assert_eq!(r.stdout(), "");
    assert!(dir.files().is_empty());
}

#[test]
fn output_can_be_one_of_the_inputs() {
    let dir = Scratch::new("output_is_input");
    let file = dir.write("file.txt", CLEAN);
    let r = run(&["-o", s(&file), s(&file)], "");
    r.assert_ok();
    assert_eq!(fs::read_to_string(&file).unwrap(), CLEAN);
    assert_eq!(dir.files(), ["file.txt"]);
}

#[cfg(unix)]
#[test]
fn output_keeps_permissions_and_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Scratch::new("output_perms_links");
    let target = dir.write("target.txt", "old\n");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path("link.txt");
    std::os::unix::fs::symlink("target.txt", &link).unwrap();

    let r = run(&["-o", s(&link)], "new\n");
    r.assert_ok();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(dir.files(), ["link.txt", "target.txt"]);
}

#[cfg(unix)]
#[test]
fn output_keeps_its_owner_when_allowed() {
    use std::os::unix::fs::MetadataExt;
    let dir = Scratch::new("output_owner");
    let target = dir.write("owned.txt", "old\n");
    // Only root may give a file away; elsewhere there is nothing to check.
    if std::os::unix::fs::chown(&target, Some(4321), Some(4321)).is_err() {
        return;
    }
    let r = run(&["-o", s(&target)], "new\n");
    r.assert_ok();
    let meta = fs::metadata(&target).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
}

#[test]
fn output_to_a_full_device_is_an_error() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return;
    }
    let r = run(&["-o", "/dev/full"], CLEAN);
    r.assert_bad_input(&["/dev/full", "write error"]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        // Written in place, never replaced by a regular file.
        assert!(fs::metadata(full).unwrap().file_type().is_char_device());
    }

    // The same as standard output.
    let device = fs::OpenOptions::new().write(true).open(full).unwrap();
    let output = Command::new(BIN)
        .stdin(Stdio::piped())
        .stdout(device)
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(CLEAN.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("standard output"), "{stderr}");
    assert!(stderr.contains("write error"), "{stderr}");
}

// ----------------------------------------------------------------------------------------
// Errors in the input

#[test]
fn a_missing_input_file_is_an_error_naming_it() {
    let dir = Scratch::new("missing_input");
    let r = run_in(Some(&dir.0), &["missing.txt"], b"");
    r.assert_bad_input(&["missing.txt"]);
    assert_eq!(r.stdout(), "");
}

#[test]
fn a_directory_as_input_is_an_error_naming_it() {
    let dir = Scratch::new("directory_input");
    fs::create_dir(dir.path("sub")).unwrap();
    let r = run_in(Some(&dir.0), &["sub"], b"");
    r.assert_bad_input(&["sub"]);
}

#[test]
fn input_that_is_not_utf8_names_file_line_and_byte_offset() {
    let dir = Scratch::new("not_utf8");
    // Line 3 starts at byte 12; the bad byte is 3 bytes into it.
    dir.write("latin1.txt", b"line one\nok\ncaf\xe9 au lait\n");
    let r = run_in(Some(&dir.0), &["latin1.txt"], b"");
    r.assert_bad_input(&[
        "latin1.txt:3:",
        "not UTF-8",
        "byte offset 15",
        "0xE9",
        "-g/--guess",
        "-e ENC",
        "--invalid replace",
    ]);
    // The lines before were fixed and written.
    assert_eq!(r.stdout(), "line one\nok\n");

    let r = run_in(None, &[], b"caf\xc3");
    r.assert_bad_input(&["<stdin>:1:", "not UTF-8", "byte offset 3"]);
}

#[test]
fn broken_pipe_ends_quietly() {
    let dir = Scratch::new("broken_pipe");
    let line = "A line of text that is long enough to fill the pipe quickly.\n";
    let big = dir.write("big.txt", line.repeat(200_000));
    let mut child = Command::new(BIN)
        .arg(&big)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start textmend");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, line);
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

// ----------------------------------------------------------------------------------------
// Help and version

#[test]
fn version() {
    let r = run(&["-V"], "");
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        format!("textmend {}\n", env!("CARGO_PKG_VERSION"))
    );
    let r = run(&["--version"], "");
    r.assert_ok();
}

#[test]
fn help_lists_the_options_and_examples() {
    let r = run(&["--help"], "");
    r.assert_ok();
    let help = r.stdout();
    for option in [
        "--output",
        "--encoding-only",
        "--no-fixes",
        "--skip",
        "--normalization",
        "--preserve-entities",
        "--jsonl",
        "--explain",
        "--version",
        "Examples:",
        "textmend -o fixed.txt broken.txt",
        "uncurl-quotes",
    ] {
        assert!(help.contains(option), "help lacks {option:?}");
    }
    let r = run(&["-h"], "");
    r.assert_ok();
    assert!(r.stdout().contains("Examples:"));
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let r = run(&["--frobnicate"], "");
    r.assert_bad_input(&["--frobnicate"]);
}

// ----------------------------------------------------------------------------------------
// Fixed content: these need the library's fixes.

#[test]
fn fixes_text_by_default() {
    let r = run(&[], DAMAGED);
    r.assert_ok();
    assert_eq!(r.stdout(), "schön & \"quoted\" file A\nsecond line\n");
}

#[test]
fn fixes_text_from_files() {
    let dir = Scratch::new("fixes_files");
    let a = dir.write("a.txt", "schÃ¶n\n");
    let b = dir.write("b.txt", "\u{201c}x\u{201d}\n");
    let out = dir.path("out.txt");
    let r = run(&["-o", s(&out), s(&a), s(&b)], "");
    r.assert_ok();
    assert_eq!(fs::read_to_string(&out).unwrap(), "schön\n\"x\"\n");
}

#[test]
fn fixes_crlf_into_lf() {
    let r = run(&[], "one\r\ntwo\r\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "one\ntwo\n");
}

#[test]
fn fixes_skip_turns_steps_off() {
    let text = "\u{201c}x\u{201d} \u{ff21}\u{ff22} schÃ¶n\n";
    let r = run(&["--skip", "uncurl-quotes,fix-character-width"], text);
    r.assert_ok();
    assert_eq!(r.stdout(), "\u{201c}x\u{201d} \u{ff21}\u{ff22} schön\n");
    let r = run(&[], text);
    r.assert_ok();
    assert_eq!(r.stdout(), "\"x\" AB schön\n");
}

#[test]
fn fixes_normalization() {
    let r = run(&[], "e\u{301}\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "\u{e9}\n");
    let r = run(&["-n", "NFD"], "\u{e9}\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "e\u{301}\n");
    let r = run(&["-n", "none"], "e\u{301}\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "e\u{301}\n");
    let r = run(&["-n", "NFKC"], "e\u{301} \u{b2}\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "\u{e9} 2\n");
}

#[test]
fn fixes_entities_until_a_tag_is_seen() {
    let text = "&amp;\n<p>\n&amp;\n";
    let r = run(&[], text);
    r.assert_ok();
    assert_eq!(r.stdout(), "&\n<p>\n&amp;\n");
    let r = run(&["--explain"], text);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout(), "&\n<p>\n&amp;\n");
    assert_eq!(r.stderr, "1: [[\"apply\",\"unescape_html\"]]\n");
}

#[test]
fn fixes_encoding_only() {
    let r = run(&["--encoding-only"], "schÃ¶n &amp; \u{201c}x\u{201d}\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "schön &amp; \u{201c}x\u{201d}\n");
}

#[test]
fn fixes_explain_reports_changed_lines_on_stderr() {
    let r = run(&["--explain"], "clean\nschÃ¶n\nclean\n");
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout(), "clean\nschön\nclean\n");
    assert_eq!(
        r.stderr,
        "2: [[\"encode\",\"latin-1\"],[\"decode\",\"utf-8\"]]\n"
    );

    let r = run(&["--explain", "--encoding-only"], "schÃ¶n\n");
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout(), "schön\n");
    assert_eq!(
        r.stderr,
        "1: [[\"encode\",\"latin-1\"],[\"decode\",\"utf-8\"]]\n"
    );
}

#[test]
fn fixes_explain_names_files_when_there_are_several() {
    let dir = Scratch::new("fixes_explain_files");
    dir.write("a.txt", "clean\n\u{201c}x\u{201d}\n");
    dir.write("b.txt", "\u{201c}y\u{201d}\n");
    let r = run_in(Some(&dir.0), &["--explain", "a.txt", "b.txt"], b"");
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout(), "clean\n\"x\"\n\"y\"\n");
    assert_eq!(
        r.stderr,
        "a.txt:2: [[\"apply\",\"uncurl_quotes\"]]\nb.txt:1: [[\"apply\",\"uncurl_quotes\"]]\n"
    );
}

#[test]
fn fixes_jsonl_field() {
    let input = "{\"id\": 7, \"text\": \"schÃ¶n\", \"other\": \"schÃ¶n\"}\n";
    let r = run(&["--jsonl", "text"], input);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "{\"id\": 7, \"text\": \"schön\", \"other\": \"schÃ¶n\"}\n"
    );
    let r = run(&["--jsonl", "text", "--explain"], input);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "{\"id\": 7, \"text\": \"schön\", \"other\": \"schÃ¶n\",\
         \"text_plan\":[[\"encode\",\"latin-1\"],[\"decode\",\"utf-8\"]]}\n"
    );
}

#[test]
fn fixes_jsonl_records_independently() {
    // Each record is a text of its own: a `<` in one does not stop entities in the next.
    let input = "{\"t\": \"<b>&amp;</b>\"}\n{\"t\": \"&amp;\"}\n";
    let r = run(&["--jsonl", "t"], input);
    r.assert_ok();
    assert_eq!(r.stdout(), "{\"t\": \"<b>&amp;</b>\"}\n{\"t\": \"&\"}\n");
}

// ----------------------------------------------------------------------------------------
// ftfy's test cases through the command line: these need the library's fixes.

struct Case {
    label: String,
    original: String,
    fixed: String,
    fixed_encoding: String,
}

/// The cases ftfy passes, from tests/data/ftfy/*.json.
fn ftfy_cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/ftfy");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/data/ftfy")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let mut cases = Vec::new();
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        let data: Vec<Value> = serde_json::from_str(&text).unwrap();
        for case in data {
            if case["expect"] != "pass" {
                continue;
            }
            let field = |name: &str| case[name].as_str().map(str::to_string);
            let fixed = field("fixed").expect("fixed");
            cases.push(Case {
                label: field("label").unwrap_or_default(),
                original: field("original").expect("original"),
                fixed_encoding: field("fixed-encoding").unwrap_or_else(|| fixed.clone()),
                fixed,
            });
        }
    }
    assert!(cases.len() >= 150, "only {} cases found", cases.len());
    cases
}

/// Runs the cases through `textmend --jsonl original ARGS` and returns the output records.
fn run_cases(dir: &Scratch, cases: &[Case], args: &[&str]) -> Vec<serde_json::Map<String, Value>> {
    let mut jsonl = String::new();
    for case in cases {
        let record = serde_json::json!({ "original": case.original });
        jsonl.push_str(&serde_json::to_string(&record).unwrap());
        jsonl.push('\n');
    }
    let input = dir.write("cases.jsonl", jsonl);
    let mut all_args = vec!["--jsonl", "original"];
    all_args.extend_from_slice(args);
    all_args.push(s(&input));
    let r = run(&all_args, "");
    r.assert_ok();
    let out = r.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), cases.len(), "one line out per line in");
    lines
        .iter()
        .map(|line| serde_json::from_str(line).expect("output line is a JSON object"))
        .collect()
}

#[test]
fn ftfy_cases_fix_text() {
    let dir = Scratch::new("ftfy_fix_text");
    let cases = ftfy_cases();
    let records = run_cases(&dir, &cases, &[]);
    let failures: Vec<String> = cases
        .iter()
        .zip(&records)
        .filter(|(case, record)| record["original"] != case.fixed.as_str())
        .map(|(case, record)| {
            format!(
                "{}: got {:?}, want {:?}",
                case.label, record["original"], case.fixed
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn ftfy_cases_fix_encoding() {
    let dir = Scratch::new("ftfy_fix_encoding");
    let cases = ftfy_cases();
    let records = run_cases(&dir, &cases, &["--encoding-only"]);
    let failures: Vec<String> = cases
        .iter()
        .zip(&records)
        .filter(|(case, record)| record["original"] != case.fixed_encoding.as_str())
        .map(|(case, record)| {
            format!(
                "{}: got {:?}, want {:?}",
                case.label, record["original"], case.fixed_encoding
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn ftfy_cases_explain() {
    let dir = Scratch::new("ftfy_explain");
    let cases = ftfy_cases();
    let records = run_cases(&dir, &cases, &["--explain"]);
    let mut failures = Vec::new();
    for (case, record) in cases.iter().zip(&records) {
        let keys: Vec<&String> = record.keys().collect();
        assert_eq!(keys, ["original", "original_plan"], "{}", case.label);
        let plan = &record["original_plan"];
        let is_plan = plan.as_array().is_some_and(|steps| {
            steps.iter().all(|step| {
                step.as_array()
                    .is_some_and(|pair| pair.len() == 2 && pair.iter().all(Value::is_string))
            })
        });
        assert!(is_plan, "{}: not a plan: {plan}", case.label);
        // --explain reports; it does not change the result.
        if record["original"] != case.fixed.as_str() {
            failures.push(format!(
                "{}: got {:?}, want {:?}",
                case.label, record["original"], case.fixed
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
