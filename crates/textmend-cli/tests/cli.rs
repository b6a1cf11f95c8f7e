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
fn mark_unsure_marks_what_lossy_repair_left_and_explain_names_it() {
    // Portuguese read as TIS-620, each C1 byte turned into `?`: the quotes come back, but
    // `ร?` (`Í`, C3 8D) could be `Ì`, `Î` or another capital as well.
    let text = "โ€?Setor ร?sis Cunha Rodovia Carvalhoโ€?\nclean line\n";
    let r = run(&["--encoding-only"], text);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "\u{201c}Setor ร?sis Cunha Rodovia Carvalho\u{201d}\nclean line\n"
    );
    let r = run(&["--encoding-only", "--mark-unsure"], text);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "\u{201c}Setor \u{fffd}sis Cunha Rodovia Carvalho\u{201d}\nclean line\n"
    );
    // The same as a step name, and --skip wins over it.
    let r = run(&["--encoding-only", "--enable", "mark-unsure"], text);
    assert!(r.stdout().contains("Setor \u{fffd}sis"), "{r:?}");
    let r = run(
        &["--encoding-only", "--mark-unsure", "--skip", "mark-unsure"],
        text,
    );
    assert!(r.stdout().contains("Setor ร?sis"), "{r:?}");
    // The plan names the mark where it stands, beside what was restored.
    let r = run(&["--encoding-only", "--mark-unsure", "--explain"], text);
    assert_eq!(r.code, Some(0), "{r:?}");
    let mark = format!(r#"[13,\"ร?\",\"{}\"]"#, '\u{fffd}');
    assert!(r.stderr.contains(&mark), "{}", r.stderr);
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

// ----------------------------------------------------------------------------------------
// Corpus scale: encodings, fields, folders, threads, checks, reports

/// windows-1251 bytes of "Привет, мир! Здравствуйте, друзья." and some more Russian.
const CP1251: &[u8] = b"\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0! \xc7\xe4\xf0\xe0\xe2\xf1\xf2\xe2\xf3\xe9\xf2\xe5, \xe4\xf0\xf3\xe7\xfc\xff.\n";
const CP1251_TEXT: &str = "Привет, мир! Здравствуйте, друзья.\n";

#[test]
fn encoding_option_decodes_a_named_encoding() {
    let r = run_in(None, &["-e", "windows-1251", "--no-fixes"], CP1251);
    r.assert_ok();
    assert_eq!(r.stdout(), CP1251_TEXT);
    let r = run_in(None, &["--encoding", "cp437", "--no-fixes"], b"\x80\x81\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "Çü\n");
    // UTF-16 with its byte order mark; the mark is not text.
    let r = run_in(
        None,
        &["-e", "utf-16", "--no-fixes"],
        b"\xfe\xff\x00h\x00i\x00\n",
    );
    r.assert_ok();
    assert_eq!(r.stdout(), "hi\n");
}

#[test]
fn an_unknown_encoding_is_a_usage_error() {
    let r = run(&["-e", "klingon-8"], "");
    r.assert_bad_input(&["unknown encoding", "klingon-8"]);
    let r = run(&["-e", "utf-8", "-g"], "");
    r.assert_bad_input(&["cannot be used with"]);
}

#[test]
fn bytes_invalid_in_a_named_encoding_name_their_offset() {
    // 0x98 is undefined in windows-1251.
    let r = run_in(None, &["-e", "windows-1251"], b"ok\nab\x98c\n");
    r.assert_bad_input(&[
        "<stdin>:2:",
        "not windows-1251",
        "0x98",
        "byte offset 5",
        "--invalid replace",
    ]);
    assert_eq!(r.stdout(), "ok\n");
    let r = run_in(
        None,
        &["-e", "windows-1251", "--invalid", "replace", "--no-fixes"],
        b"ab\x98c\n",
    );
    r.assert_ok();
    assert_eq!(r.stdout(), "ab\u{FFFD}c\n");
}

#[test]
fn invalid_replace_decodes_bad_utf8_as_replacement_characters() {
    let r = run_in(None, &["--invalid", "replace", "--no-fixes"], b"caf\xe9\n");
    r.assert_ok();
    assert_eq!(r.stdout(), "caf\u{FFFD}\n");
}

#[test]
fn guess_detects_legacy_encodings_boms_and_utf16() {
    let r = run_in(None, &["-g", "--no-fixes"], CP1251);
    r.assert_ok();
    assert_eq!(r.stdout(), CP1251_TEXT);
    // UTF-16LE without a byte order mark.
    let utf16: Vec<u8> = "Hello, wörld. Ça va?\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let r = run_in(None, &["-g", "--no-fixes"], &utf16);
    r.assert_ok();
    assert_eq!(r.stdout(), "Hello, wörld. Ça va?\n");
    // A UTF-8 byte order mark is removed when guessing.
    let r = run_in(None, &["-g", "--no-fixes"], "\u{FEFF}ok\n".as_bytes());
    assert_eq!(r.stdout(), "ok\n");
    // The guess looks past a long ASCII start.
    let mut late = b"ascii line\n".repeat(200_000);
    late.extend_from_slice(CP1251);
    let r = run_in(None, &["-g", "--no-fixes"], &late);
    r.assert_ok();
    assert!(r.stdout().ends_with(CP1251_TEXT));
    // --explain tells what was guessed.
    let r = run_in(None, &["-g", "--explain", "--no-fixes"], CP1251);
    assert!(
        r.stderr.contains("<stdin>: encoding windows-1251"),
        "{}",
        r.stderr
    );
}

#[test]
fn threads_give_the_same_output_in_the_same_order() {
    let dir = Scratch::new("threads");
    let mut text = String::new();
    for i in 0..60_000 {
        text.push_str(&format!(
            "line {i}: caf\u{c3}\u{a9} &amp; \u{201c}q\u{201d}\n"
        ));
        if i == 40_000 {
            // From here on entities stay: a `<` was seen (in a later batch than most).
            text.push_str("<b>tag</b>\n");
        }
    }
    let input = dir.write("in.txt", &text);
    let one = run(&["-j", "1", s(&input)], "");
    one.assert_ok();
    let four = run(&["-j", "4", s(&input)], "");
    four.assert_ok();
    assert_eq!(one.stdout, four.stdout);
    let out = one.stdout();
    assert!(out.starts_with("line 0: café & \"q\"\n"), "{}", &out[..40]);
    assert!(out.ends_with("line 59999: café &amp; \"q\"\n"));
    let r = run(&["-j", "0"], "");
    r.assert_bad_input(&["--threads"]);
}

/// `-j 1` does everything on one thread, and more threads hand batches between them: every
/// outcome is the same, failures included (exit status, standard output and error, and the
/// files left behind).
#[test]
fn one_thread_and_several_agree_on_every_outcome() {
    let mut long = String::new();
    for i in 0..30_000 {
        long.push_str(&format!("{i} caf\u{c3}\u{a9} &amp; \u{201c}q\u{201d}\n"));
    }
    long.push_str("not \u{fffd} fine\n");
    let mut long_bad = long.clone().into_bytes();
    long_bad.extend_from_slice(b"then \xff here\n");
    let files: &[(&str, &[u8])] = &[
        ("a.txt", DAMAGED.as_bytes()),
        ("b.txt", CLEAN.as_bytes()),
        ("long.txt", long.as_bytes()),
        ("bad.txt", b"fine\nnot \xff fine\n"),
        ("long_bad.txt", &long_bad),
        ("cut.txt", b"ends inside \xf0\x9f\x98"),
        ("out.txt", b"old\n"),
        (
            "data.jsonl",
            b"{\"t\": \"caf\xc3\x83\xc2\xa9\"}\n{\"t\": \"two\"\n{\"t\": \"three\"}\n",
        ),
        (
            "data.csv",
            b"id,text\n1,caf\xc3\x83\xc2\xa9\n2,\"a,b\",c\n3,x\n",
        ),
    ];
    let scenarios: &[&[&str]] = &[
        &["a.txt", "b.txt", "long.txt"],
        &["--explain", "a.txt", "long.txt"],
        &["--encoding-only", "long.txt"],
        &["a.txt", "bad.txt", "b.txt"],
        &["long_bad.txt"],
        &["--invalid", "replace", "long_bad.txt", "cut.txt"],
        &["-o", "out.txt", "a.txt", "bad.txt"],
        &["-o", "out.txt", "a.txt", "long.txt"],
        &["--in-place", "a.txt", "long.txt", "bad.txt", "b.txt"],
        &["--check", "b.txt", "a.txt"],
        &["--check", "b.txt"],
        &["--jsonl", "t", "data.jsonl"],
        &["--jsonl", "t", "data.jsonl", "a.txt"],
        &["--csv", "text", "data.csv", "data.csv"],
        &["--jsonl", "t", "--on-error", "skip", "data.jsonl"],
        &[
            "--jsonl",
            "t",
            "--on-error",
            "keep",
            "--explain",
            "data.jsonl",
        ],
        &["--csv", "text", "data.csv"],
        &["--csv", "text", "--on-error", "keep", "data.csv"],
        &["-", "a.txt"],
    ];
    for (k, scenario) in scenarios.iter().enumerate() {
        let mut outcomes = Vec::new();
        for jobs in ["1", "2"] {
            let dir = Scratch::new(&format!("jobs_agree_{k}_{jobs}"));
            for (name, contents) in files {
                dir.write(name, contents);
            }
            let mut args = vec!["-j", jobs];
            args.extend_from_slice(scenario);
            let r = run_in(Some(&dir.0), &args, b"stdin \xc3\x83\xc2\xa9\nand \xfe\n");
            let left: Vec<(String, Vec<u8>)> = dir
                .files()
                .into_iter()
                .map(|name| {
                    let contents = fs::read(dir.path(&name)).expect("read a file left");
                    (name, contents)
                })
                .collect();
            outcomes.push((r.code, r.stdout, r.stderr, left));
        }
        assert!(outcomes[0] == outcomes[1], "{scenario:?}: {outcomes:?}");
        let (code, _, stderr, _) = &outcomes[0];
        assert!(code.is_some(), "{scenario:?}: {stderr}");
    }
}

#[test]
fn a_line_longer_than_the_segment_length_is_fixed_in_segments() {
    let dir = Scratch::new("long_segments");
    // 1.2 million characters on one line, with mojibake throughout: longer than a batch
    // and than the default segment length.
    let line = "caf\u{c3}\u{a9} ".repeat(200_000) + "\n";
    let input = dir.write("long.txt", &line);
    let r = run(&["--max-decode-length", "1000", s(&input)], "");
    r.assert_ok();
    // The library's result with the same segment length: the command cuts the line where
    // fix_text cuts it, between words, so every `cafÃ©` is repaired.
    let mut config = textmend::Config::default();
    config.max_decode_length = 1000;
    assert!(
        r.stdout() == textmend::fix_text(&line, &config),
        "differs from fix_text"
    );
    assert!(
        r.stdout() == "café ".repeat(200_000) + "\n",
        "a cut split a word"
    );
    // Cut at exactly the limit, as ftfy cuts: some mojibake is split by a cut, in the
    // command and in the library alike.
    let r = run(
        &[
            "--max-decode-length",
            "1000",
            "--skip",
            "segment-at-spaces",
            s(&input),
        ],
        "",
    );
    r.assert_ok();
    config.segment_at_spaces = false;
    let at_limit = textmend::fix_text(&line, &config);
    assert!(r.stdout() == at_limit, "differs from fix_text");
    assert!(at_limit.contains('Ã'), "no cut split a word");
    let r = run(&[s(&input)], "");
    r.assert_ok();
    let fixed = textmend::fix_text(&line, &textmend::Config::default());
    assert!(r.stdout() == fixed, "differs from fix_text");
    assert!(fixed.starts_with("café café"));
}

#[test]
fn jsonl_several_fields_and_dotted_paths() {
    let r = run(
        &["--jsonl", "title,meta.abstract", "--jsonl", "messages.*.content"],
        "{\"title\": \"caf\\u00c3\\u00a9\", \"meta\": {\"abstract\": \"Ã©t\u{e9}\"}, \"messages\": [{\"content\": \"Ã¨\"}, {\"content\": 5}], \"other\": \"Ã©\"}\n",
    );
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "{\"title\": \"café\", \"meta\": {\"abstract\": \"été\"}, \"messages\": [{\"content\": \"è\"}, {\"content\": 5}], \"other\": \"Ã©\"}\n"
    );
    let r = run(&["--jsonl", "a..b"], "");
    r.assert_bad_input(&["--jsonl", "empty key"]);
}

#[test]
fn jsonl_on_error_skip_and_keep() {
    let input = "{\"t\": \"Ã©\"}\nnot json\n{\"t\": \"ok\"}\n";
    let r = run(&["--jsonl", "t", "--on-error", "skip"], input);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout(), "{\"t\": \"é\"}\n{\"t\": \"ok\"}\n");
    assert!(
        r.stderr.contains("<stdin>:2: skipped: not valid JSON"),
        "{}",
        r.stderr
    );
    let r = run(&["--jsonl", "t", "--on-error", "keep"], input);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout(), "{\"t\": \"é\"}\nnot json\n{\"t\": \"ok\"}\n");
    assert!(
        r.stderr.contains("<stdin>:2: kept as it was"),
        "{}",
        r.stderr
    );
    // -q keeps the warnings quiet, --report counts them.
    let r = run(
        &["--jsonl", "t", "--on-error", "keep", "-q", "--report"],
        input,
    );
    assert!(!r.stderr.contains("kept as it was"), "{}", r.stderr);
    assert!(r.stderr.contains("0 skipped, 1 kept"), "{}", r.stderr);
    let r = run(&["--jsonl", "t"], input);
    r.assert_bad_input(&["<stdin>:2:", "not valid JSON", "--on-error"]);
}

#[test]
fn csv_fixes_columns_by_name_or_number_and_keeps_quoting() {
    let input =
        "id,text,note\r\n1,caf\u{c3}\u{a9},Ã©\r\n2,\"multi\nline Ã©, \"\"quoted\"\"\",x\r\n";
    let r = run(&["--csv", "text"], input);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "id,text,note\r\n1,café,Ã©\r\n2,\"multi\nline é, \"\"quoted\"\"\",x\r\n"
    );
    let r = run(&["--csv", "2,3"], input);
    r.assert_ok();
    assert!(r.stdout().contains("1,café,é\r\n"), "{}", r.stdout());
    // Tab-separated, no header.
    let r = run(
        &["--csv", "2", "--delimiter", "tab", "--no-header"],
        "1\tÃ©\n",
    );
    r.assert_ok();
    assert_eq!(r.stdout(), "1\té\n");
    let r = run(&["--csv", "nope"], input);
    r.assert_bad_input(&[
        "<stdin>:1:",
        "no column named \"nope\"",
        "\"id\", \"text\", \"note\"",
    ]);
}

#[test]
fn csv_malformed_records_are_errors_naming_the_line() {
    let input = "id,text\n1,ok\n2,bad\"quote\n3,fine\n";
    let r = run(&["--csv", "text"], input);
    r.assert_bad_input(&["<stdin>:3:", "quote inside an unquoted field"]);
    assert_eq!(r.stdout(), "id,text\n1,ok\n");
    let r = run(&["--csv", "text", "--on-error", "keep"], input);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout(), input);
    let r = run(&["--csv", "text"], "id,text\n1,a,b\n");
    r.assert_bad_input(&["<stdin>:2:", "the record has 3 fields, the header 2"]);
    let r = run(&["--csv", "text"], "id,text\n1,\"never closed\n");
    r.assert_bad_input(&["<stdin>:2:", "does not end"]);
    let r = run(&["--csv", "text", "--explain"], "");
    r.assert_bad_input(&["cannot be used with"]);
}

#[test]
fn recursive_in_place_rewrites_only_files_that_change() {
    let dir = Scratch::new("in_place");
    fs::create_dir_all(dir.path("tree/sub")).unwrap();
    fs::create_dir_all(dir.path("tree/.hidden")).unwrap();
    let broken = dir.write("tree/sub/broken.txt", "caf\u{c3}\u{a9}\n");
    let clean = dir.write("tree/clean.txt", "fine\n");
    let hidden = dir.write("tree/.hidden/x.txt", "caf\u{c3}\u{a9}\n");
    let before = fs::metadata(&clean).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = run(&["--in-place", "-r", s(&dir.path("tree"))], "");
    r.assert_ok();
    assert_eq!(fs::read_to_string(&broken).unwrap(), "café\n");
    assert_eq!(fs::read_to_string(&clean).unwrap(), "fine\n");
    assert_eq!(fs::metadata(&clean).unwrap().modified().unwrap(), before);
    assert_eq!(fs::read_to_string(&hidden).unwrap(), "caf\u{c3}\u{a9}\n");
    let r = run(&["--in-place"], "x");
    r.assert_bad_input(&["--in-place", "standard input"]);
    let r = run(&["--in-place", "-o", "x", "a"], "");
    r.assert_bad_input(&["cannot be used with"]);
}

#[test]
fn in_place_from_another_encoding_writes_utf8() {
    let dir = Scratch::new("in_place_encoding");
    let file = dir.write("ru.txt", CP1251);
    let r = run(&["--in-place", "-e", "windows-1251", s(&file)], "");
    r.assert_ok();
    assert_eq!(fs::read_to_string(&file).unwrap(), CP1251_TEXT);
}

/// A file cut short in the middle of an emoji: its last three bytes become one U+FFFD, as
/// long as they were, and the file is still rewritten.
#[test]
fn in_place_replacing_a_cut_character_rewrites_the_file() {
    let dir = Scratch::new("in_place_cut");
    let file = dir.path("cut.txt");
    fs::write(&file, b"a clean line\nthe download stopped \xf0\x9f\x98").unwrap();
    let r = run(&["--in-place", "--invalid", "replace", s(&file)], "");
    r.assert_ok();
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "a clean line\nthe download stopped \u{fffd}"
    );
}

#[test]
fn in_place_killed_mid_write_leaves_the_original_intact() {
    let dir = Scratch::new("in_place_killed");
    let original = "caf\u{c3}\u{a9} &amp; \u{201c}quoted\u{201d} text to fix\n".repeat(1_500_000);
    let file = dir.write("big.txt", &original);
    let mut child = Command::new(BIN)
        .args(["--in-place", "-j", "1", s(&file)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start textmend");
    // Wait until the temporary file has some of the new text in it.
    let started = std::time::Instant::now();
    loop {
        let temp_size: u64 = fs::read_dir(&dir.0)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".textmend-"))
            .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
            .sum();
        if temp_size > 1 << 20 {
            break;
        }
        if started.elapsed() > std::time::Duration::from_secs(30) {
            break;
        }
        if let Ok(Some(_)) = child.try_wait() {
            panic!("textmend finished before it could be killed: make the file larger");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    assert!(
        fs::read(&file).unwrap() == original.as_bytes(),
        "the original was changed"
    );
}

#[test]
fn out_dir_mirrors_the_tree() {
    let dir = Scratch::new("out_dir");
    fs::create_dir_all(dir.path("in/a")).unwrap();
    dir.write("in/a/one.txt", "caf\u{c3}\u{a9}\n");
    dir.write("in/two.txt", "ok\n");
    let r = run(
        &["--out-dir", s(&dir.path("out")), "-r", s(&dir.path("in"))],
        "",
    );
    r.assert_ok();
    assert_eq!(
        fs::read_to_string(dir.path("out/a/one.txt")).unwrap(),
        "café\n"
    );
    assert_eq!(fs::read_to_string(dir.path("out/two.txt")).unwrap(), "ok\n");
    // Unwritable: the output folder is a file.
    let blocker = dir.write("blocker", "");
    let r = run(
        &["--out-dir", s(&blocker.join("x")), "-r", s(&dir.path("in"))],
        "",
    );
    r.assert_bad_input(&["cannot create the folder"]);
    let r = run(&["--out-dir", s(&dir.path("out"))], "x");
    r.assert_bad_input(&["--out-dir", "standard input"]);
    // Two inputs cannot land on one file.
    let r = run(
        &[
            "--out-dir",
            s(&dir.path("out")),
            s(&dir.path("in/two.txt")),
            s(&dir.path("in/two.txt")),
        ],
        "",
    );
    r.assert_bad_input(&["both would be written to"]);
    let r = run(&["-r", s(&dir.path("in/two.txt"))], "");
    r.assert_bad_input(&["-r needs a folder"]);
}

#[test]
fn preset_corpus_leaves_cjk_punctuation_and_quotes() {
    let input = "日本語（ＡＢＣ）、「引用」“curly” ﬁ caf\u{c3}\u{a9} &amp;\r\n";
    let r = run(&["--preset", "corpus"], input);
    r.assert_ok();
    assert_eq!(r.stdout(), "日本語（ＡＢＣ）、「引用」“curly” ﬁ café &\r\n");
    let r = run(&["--preset", "nope"], "");
    r.assert_bad_input(&["--preset"]);
}

#[test]
fn check_changes_nothing_and_exits_1_when_something_would_change() {
    let dir = Scratch::new("check");
    let a = dir.write("a.txt", "caf\u{c3}\u{a9}\nok\nÃ©\n");
    let b = dir.write("b.txt", "clean\n");
    let r = run(&["--check", s(&a), s(&b)], "");
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stdout().contains("a.txt: 2 lines would change"),
        "{}",
        r.stdout()
    );
    assert!(
        r.stdout().contains("2 lines in 1 of 2 files would change"),
        "{}",
        r.stdout()
    );
    assert_eq!(fs::read_to_string(&a).unwrap(), "caf\u{c3}\u{a9}\nok\nÃ©\n");
    let r = run(&["--check", s(&b)], "");
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.stdout().contains("0 lines in 0 of 1 file would change"),
        "{}",
        r.stdout()
    );
    let r = run(&["--check", "-q", s(&a)], "");
    assert_eq!((r.code, r.stdout()), (Some(1), String::new()));
    let r = run(&["--check", "-o", "x"], "");
    r.assert_bad_input(&["cannot be used with"]);
}

#[test]
fn report_counts_fixes_and_code_page_paths() {
    let dir = Scratch::new("report");
    let json = dir.path("report.json");
    let r = run(
        &["--report", "--report-json", s(&json)],
        "caf\u{c3}\u{a9}\n\u{201c}x\u{201d}\nok\nРџСЂРёРІРµС‚\n",
    );
    assert_eq!(r.code, Some(0));
    assert!(r.stderr.contains("4 lines read, 3 changed"), "{}", r.stderr);
    assert!(r.stderr.contains("uncurl_quotes"), "{}", r.stderr);
    assert!(r.stderr.contains("latin-1 → utf-8"), "{}", r.stderr);
    assert!(r.stderr.contains("MB/s"), "{}", r.stderr);
    let report: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["lines_read"], 4);
    assert_eq!(report["lines_changed"], 3);
    assert_eq!(report["fixes"]["fix_encoding"], 2);
    assert_eq!(report["code_page_paths"]["sloppy-windows-1251 → utf-8"], 1);
    assert_eq!(report["files"][0]["file"], "<stdin>");
    assert!(report["bytes_in"].as_u64().unwrap() > 0);
    let r = run(&["--report-json", "/nonexistent/dir/r.json"], "x\n");
    r.assert_bad_input(&["/nonexistent/dir/r.json"]);
}

#[test]
fn report_counts_lossy_recovery_as_one_fix_with_its_spans_and_marks() {
    let dir = Scratch::new("report-lossy");
    let json = dir.path("report.json");
    // Two lines that lost bytes (one with a letter too close to call), and one of UTF-8
    // read through GBK, an extra code page.
    let text =
        "Putinโs โtemporaryโ decree\nโ€?Setor ร?sis Cunha Rodovia Carvalhoโ€?\n娴嬭瘯鏁版嵁\n";
    let r = run(
        &[
            "--encoding-only",
            "--mark-unsure",
            "--enable",
            "extra-code-pages",
            "--report",
            "--report-json",
            s(&json),
        ],
        text,
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(
        r.stderr
            .contains("5 damaged spans rewritten, 1 lost character marked"),
        "{}",
        r.stderr
    );
    // One row for every lossy repair, not one per plan.
    assert!(!r.stderr.contains("restore_lost_bytes:"), "{}", r.stderr);
    let report: Value = serde_json::from_str(&fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["fixes"]["restore_lost_bytes"], 2, "{report}");
    assert_eq!(report["lossy_recovery"]["spans_rewritten"], 5, "{report}");
    assert_eq!(report["lossy_recovery"]["characters_marked"], 1, "{report}");
    assert_eq!(
        report["code_page_paths"]["gb18030 \u{2192} utf-8"], 1,
        "{report}"
    );
    assert_eq!(report["fixes"]["fix_encoding"], 1, "{report}");
}

#[test]
fn chars_lists_each_character() {
    let r = run(&["--chars"], "é\u{3042}\n");
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "U+00E9  é       [Ll] LATIN SMALL LETTER E WITH ACUTE\n\
         U+3042  あ      [Lo] HIRAGANA LETTER A\n\
         U+000A  \\n      [Cc] <unknown>\n"
    );
    let r = run_in(None, &["--chars", "-e", "cp437"], b"\x80");
    assert!(r.stdout().contains("LATIN CAPITAL LETTER C WITH CEDILLA"));
}

#[test]
fn generate_man_page_and_completions() {
    let r = run(&["--generate", "man"], "");
    r.assert_ok();
    assert!(r.stdout().contains(".TH textmend"));
    assert!(r.stdout().contains("in\\-place"));
    for shell in ["bash", "zsh", "fish"] {
        let r = run(&["--generate", shell], "");
        r.assert_ok();
        assert!(r.stdout().contains("in-place"), "{shell}");
    }
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = Scratch::new("progress");
    let input = dir.write("in.txt", "caf\u{c3}\u{a9} text\n".repeat(300_000));
    let r = run(&[s(&input)], "");
    r.assert_ok();
    assert_eq!(r.stderr, "");
}

#[test]
fn progress_bar_on_a_terminal() {
    // `script` gives the program a terminal; skip where it is missing.
    if Command::new("script").arg("--version").output().is_err() {
        return;
    }
    let dir = Scratch::new("progress_tty");
    let input = dir.write(
        "in.txt",
        "caf\u{c3}\u{a9} &amp; text to fix\n".repeat(3_000_000),
    );
    let out = dir.path("out.txt");
    let command = format!("{BIN} -j 1 -o {} {}", s(&out), s(&input));
    let r = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success(), "{screen}");
    assert!(
        screen.contains("MiB") || screen.contains("MB"),
        "no progress shown: {screen:?}"
    );
    let quiet = format!("{BIN} -q -j 1 -o {} {}", s(&out), s(&input));
    let r = Command::new("script")
        .args(["-qec", &quiet, "/dev/null"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&r.stdout).contains("MiB"));
}

#[test]
fn closed_standard_output() {
    // A closed descriptor 1 would be reopened on /dev/null by the Rust runtime before main,
    // and the output lost without a word: textmend looks before the runtime does, and stops.
    let r = Command::new("sh")
        .args(["-c", &format!("echo hello | {BIN} >&-")])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    assert!(stderr.contains("-o FILE"), "{stderr}");
    // The same for what else is written there: the man page, --check's summary.
    for args in ["--generate man", "--check"] {
        let r = Command::new("sh")
            .args(["-c", &format!("echo 'caf\u{c3}\u{a9}' | {BIN} {args} >&-")])
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(2), "{args}");
        assert!(String::from_utf8_lossy(&r.stderr).contains("standard output is closed"));
    }
    // Output that goes elsewhere, or nothing written at all, needs no standard output.
    let dir = Scratch::new("closed_stdout");
    let out = dir.path("out.txt");
    let r = Command::new("sh")
        .args([
            "-c",
            &format!("echo hello | {BIN} -o {} >&-", out.display()),
        ])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&out).unwrap(), "hello\n");
    let r = Command::new("sh")
        .args(["-c", &format!("echo hello | {BIN} --check -q >&-")])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    // `> /dev/null` is a choice, not a closed output.
    let r = Command::new("sh")
        .args(["-c", &format!("echo hello | {BIN} >/dev/null")])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&r.stderr), "");
    // A reader that closed the pipe early: the same.
    let r = Command::new("sh")
        .args([
            "-c",
            &format!("yes 'some text' | head -c 20000000 | {BIN} | head -c 10 >/dev/null"),
        ])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&r.stderr), "");
}

#[test]
fn max_record_bounds_json_lines_records() {
    let long = format!("{{\"t\": \"{}\"}}", "x".repeat(5000));
    let r = run(&["--jsonl", "t", "--max-record", "1K"], &long);
    r.assert_ok();
    let r = run(&["--jsonl", "t", "--max-record", "nonsense"], "");
    r.assert_bad_input(&["--max-record"]);
}

#[test]
fn enable_turns_on_the_experimental_code_pages() {
    // "Привет, мир! Как дела?" as UTF-8, read as KOI8-R.
    let broken = "п÷я─п╦п╡п╣я┌, п╪п╦я─! п\u{a0}п╟п╨ п╢п╣п╩п╟?\n";
    let r = run(&[], broken);
    r.assert_ok();
    assert_eq!(r.stdout(), broken, "off by default");
    let r = run(&["--enable", "extra-code-pages"], broken);
    r.assert_ok();
    assert_eq!(r.stdout(), "Привет, мир! Как дела?\n");
    let r = run(
        &["--enable", "extra-code-pages", "--skip", "extra-code-pages"],
        broken,
    );
    r.assert_ok();
    assert_eq!(r.stdout(), broken, "--skip wins");
    let r = run(&["--enable", "nonsense"], "");
    r.assert_bad_input(&["unknown step", "extra-code-pages"]);
}

#[test]
fn enable_experimental_turns_on_all_four() {
    // Russian in windows-1251 shown as windows-1252 (the legacy pages), and Russian UTF-8
    // read as KOI8-R (the extra pages), in one input.
    let broken = "Ïðèâåò ìèð, êàê äåëà ó òåáÿ ñåãîäíÿ?\nп÷я─п╦п╡п╣я┌, п╪п╦я─!\n";
    let fixed = "Привет мир, как дела у тебя сегодня?\nПривет, мир!\n";
    let r = run(&[], broken);
    r.assert_ok();
    assert_eq!(r.stdout(), broken, "off by default");
    let r = run(&["--enable", "experimental"], broken);
    r.assert_ok();
    assert_eq!(r.stdout(), fixed);
    let r = run(
        &["--enable", "experimental", "--skip", "legacy-code-pages"],
        broken,
    );
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "Ïðèâåò ìèð, êàê äåëà ó òåáÿ ñåãîäíÿ?\nПривет, мир!\n"
    );
    let r = run(&["--enable", "nonsense"], "");
    r.assert_bad_input(&["unknown step", "experimental for the four"]);
}

#[test]
fn enable_turns_on_lossy_recovery_in_other_scripts() {
    // "Ирина Петровна Сидорова" as UTF-8, read as windows-1251, byte 98 (`И`'s second)
    // deleted; then "lossy decoding" in curly quotes through windows-1252, the closing
    // quote's last byte turned into U+FFFD.
    let russian = "РСЂРёРЅР° РџРµС‚СЂРѕРІРЅР° РЎРёРґРѕСЂРѕРІР°\n";
    let quotes = "â€œlossy decodingâ€\u{fffd}\n";
    let r = run(&[], russian);
    r.assert_ok();
    // By default only ftfy's partial decode: the words that lost no byte.
    assert_eq!(
        r.stdout(),
        "РСЂРёРЅР° Петровна РЎРёРґРѕСЂРѕРІР°\n",
        "off by default"
    );
    let r = run(&["--enable", "lossy-other-scripts"], russian);
    r.assert_ok();
    assert_eq!(r.stdout(), "Ирина Петровна Сидорова\n");
    let r = run(&[], quotes);
    r.assert_ok();
    assert_eq!(
        r.stdout(),
        "\"lossy decoding\u{fffd}\n",
        "ftfy's answer by default"
    );
    let r = run(&["--enable", "lossy-over-ftfy"], quotes);
    r.assert_ok();
    assert_eq!(r.stdout(), "\"lossy decoding\"\n");
    // The plan names every guess.
    let r = run(&["--enable", "lossy-over-ftfy", "--explain"], quotes);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout(), "\"lossy decoding\"\n");
    let step = r#"restore_lost_bytes:[[0,\"â€œ\",\"“\"],[21,\"â€�\",\"”\"]]"#;
    assert!(r.stderr.contains(step), "{}", r.stderr);
}

/// A decoding error many batches into plain text names its line with any number of
/// threads, whether or not the reader counts lines (`--explain` has it count them): the
/// writer finds the line from the batches written before it.
#[test]
fn a_decoding_error_deep_in_the_input_names_its_line() {
    let mut input = Vec::new();
    let mut offset = 0;
    for n in 1..=100_000u32 {
        if n == 77_777 {
            offset = input.len() + 4;
            input.extend_from_slice(b"bad \xff byte\n");
        } else if n % 10 == 0 {
            input.extend_from_slice(format!("line {n} cafÃ© Ã  cÃ´tÃ©\n").as_bytes());
        } else {
            input.extend_from_slice(format!("line {n} is fine\n").as_bytes());
        }
    }
    let place = format!("byte offset {offset}");
    for args in [
        &["-j", "1"][..],
        &["-j", "2"],
        &["-j", "3"],
        &["-j", "2", "--explain"],
        &["-j", "1", "--check"],
    ] {
        let r = run_in(None, args, &input);
        r.assert_bad_input(&["<stdin>:77777:", "not UTF-8", &place]);
    }
    // A line longer than a batch, cut into pieces, before the error.
    let mut long = "x".repeat(3 << 20).into_bytes();
    long.extend_from_slice(b"\nfine\nnot \xff fine\n");
    for j in ["1", "2"] {
        run_in(None, &["-j", j], &long).assert_bad_input(&["<stdin>:3:", "not UTF-8"]);
    }
}

/// Files read by spans (more than one thread: each thread reads its own span of whole
/// lines) give what reading them in turn gives (`-j 1`): the same output, messages and exit
/// code, with bad bytes anywhere (in the first line, at a span's edge, in the last line
/// without a line break, cut short at the end), a line longer than a batch (from which the
/// file is read in turn), entities before and after a `<` (which turns entity decoding off
/// for the rest of the input), several inputs, `--check`, `--report` and `--explain`.
#[test]
fn files_read_by_spans_come_out_as_files_read_in_turn() {
    let dir = Scratch::new("spans");
    let mut base = Vec::new();
    let mut n = 0;
    while base.len() < 700_000 {
        n += 1;
        let line = match n % 7 {
            0 => format!("{n}: fish &amp; chips, caf\u{c3}\u{a9} and cr\u{c3}\u{a8}me\n"),
            3 => format!("{n}: \u{201c}quoted\u{201d} and &eacute;t\u{e9}\n"),
            _ => format!("{n}: an ordinary line of English text\n"),
        };
        base.extend_from_slice(line.as_bytes());
    }
    let mut files: Vec<(String, Vec<u8>)> = vec![
        ("plain".into(), base.clone()),
        ("empty".into(), Vec::new()),
        (
            "no-final-break".into(),
            [&base[..], b"the end caf\xc3\xa9"].concat(),
        ),
        (
            "cut-at-the-end".into(),
            [&base[..], b"the end \xe2\x82"].concat(),
        ),
    ];
    for at in [0, 7, 262_143, 262_144, 262_145, 500_000, base.len() - 2] {
        let mut bad = base.clone();
        bad[at] = 0xFF;
        files.push((format!("bad-{at}"), bad));
    }
    let long = [
        &base[..300_000],
        &vec![b'y'; 600_000][..],
        b"\n",
        &base[300_000..],
    ]
    .concat();
    let mut long_then_bad = long.clone();
    long_then_bad[1_200_000] = 0xC3;
    files.push(("long-line".into(), long));
    files.push(("long-then-bad".into(), long_then_bad));
    for at in [100, 262_000, 600_000] {
        let at = at + base[at..].iter().position(|&b| b == b'\n').unwrap() + 1;
        let html = [&base[..at], b"<p>a tag &amp; more</p>\n", &base[at..]].concat();
        files.push((format!("html-{at}"), html));
    }
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(name, bytes)| dir.write(&format!("{name}.txt"), bytes))
        .collect();
    let mut runs: Vec<Vec<&str>> = paths.iter().map(|p| vec![s(p)]).collect();
    runs.push(vec![s(&paths[0]), s(&paths[12]), s(&paths[2])]);
    runs.push(vec![s(&paths[0]), s(&paths[5]), s(&paths[1])]);
    // A file that holds more than its size says (0).
    if Path::new("/proc/version").exists() {
        runs.push(vec!["/proc/version"]);
    }
    for files in &runs {
        for extra in [&[][..], &["--check"], &["--report"], &["--explain"]] {
            let args = |j: &'static str| [&["-j", j][..], extra, files].concat();
            let in_turn = run(&args("1"), "");
            for j in ["2", "3"] {
                let by_spans = run(&args(j), "");
                let time = |t: &str| {
                    // `--report` tells how long the run took.
                    t.lines()
                        .filter(|l| !l.contains(" s, "))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                assert_eq!(by_spans.code, in_turn.code, "{files:?} {extra:?} -j {j}");
                assert!(
                    by_spans.stdout == in_turn.stdout,
                    "{files:?} {extra:?} -j {j}"
                );
                assert_eq!(
                    time(&by_spans.stderr),
                    time(&in_turn.stderr),
                    "{files:?} {extra:?} -j {j}"
                );
            }
        }
    }
}
