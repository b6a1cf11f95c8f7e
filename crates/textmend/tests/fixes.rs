//! The individual fixes and the display-width helpers, checked against ftfy 6.3.1.
//!
//! The cases live in `tests/data/fixes.jsonl`, one JSON object per line; their expected
//! values were computed by ftfy itself (`tests/data/make_fixes_cases.py` regenerates them
//! and documents the fields). A case with a `textmend` field is a known, documented
//! difference from ftfy: the test checks textmend's value.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use textmend::fixes::{self, surrogates::decode_wtf8_lossy};
use textmend::formatting::{
    character_width, display_center, display_ljust, display_rjust, monospaced_width,
    FillCharWidthError,
};

type TextFix = fn(&str) -> Cow<'_, str>;

const TEXT_FIXES: [(&str, TextFix); 8] = [
    ("unescape_html", fixes::unescape_html),
    ("remove_terminal_escapes", fixes::remove_terminal_escapes),
    ("fix_latin_ligatures", fixes::fix_latin_ligatures),
    ("fix_character_width", fixes::fix_character_width),
    ("uncurl_quotes", fixes::uncurl_quotes),
    ("fix_line_breaks", fixes::fix_line_breaks),
    ("remove_control_chars", fixes::remove_control_chars),
    ("fix_surrogates", fixes::fix_surrogates),
];

fn text_fix(name: &str) -> Option<TextFix> {
    TEXT_FIXES.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

struct Case {
    line: usize,
    fix: String,
    source: String,
    json: Value,
}

impl Case {
    fn input(&self) -> &str {
        self.json["input"].as_str().expect("input is a string")
    }

    /// The value textmend must produce: ftfy's, unless a known difference is recorded.
    fn expected(&self) -> &Value {
        self.json.get("textmend").unwrap_or(&self.json["expected"])
    }

    fn describe(&self) -> String {
        format!(
            "line {} ({}, {}): {}",
            self.line, self.fix, self.source, self.json["input"]
        )
    }
}

fn cases() -> Vec<Case> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixes.jsonl");
    let text = std::fs::read_to_string(&path).expect("tests/data/fixes.jsonl exists");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let json: Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("fixes.jsonl line {}: {e}", i + 1));
            let field = |k: &str| {
                json[k]
                    .as_str()
                    .unwrap_or_else(|| panic!("fixes.jsonl line {}: no {k:?}", i + 1))
                    .to_string()
            };
            Case {
                line: i + 1,
                fix: field("fix"),
                source: field("source"),
                json,
            }
        })
        .collect()
}

fn check(failures: Vec<String>, checked: usize) {
    assert!(checked > 0, "no cases were checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn data_covers_every_function() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for case in cases() {
        *counts.entry(case.fix).or_default() += 1;
    }
    let known = TEXT_FIXES.iter().map(|(n, _)| *n).chain([
        "decode_wtf8_lossy",
        "character_width",
        "monospaced_width",
        "display_ljust",
        "display_rjust",
        "display_center",
    ]);
    for name in known {
        if name == "fix_surrogates" {
            continue; // A str cannot hold the surrogates it would fix; see decode_wtf8_lossy.
        }
        let n = counts.remove(name).unwrap_or(0);
        assert!(n >= 5, "only {n} cases for {name}");
    }
    assert!(counts.is_empty(), "cases for unknown functions: {counts:?}");
}

#[test]
fn text_fixes_match_ftfy() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let Some(fix) = text_fix(&case.fix) else {
            continue;
        };
        checked += 1;
        let want = case.expected().as_str().expect("expected is a string");
        let got = fix(case.input());
        if got != want {
            failures.push(format!(
                "{}\n    want {want:?}\n    got  {got:?}",
                case.describe()
            ));
        }
    }
    check(failures, checked);
}

#[test]
fn text_fixes_borrow_exactly_when_nothing_changes() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let Some(fix) = text_fix(&case.fix) else {
            continue;
        };
        checked += 1;
        let input = case.input();
        let unchanged = case.expected().as_str() == Some(input);
        match (fix(input), unchanged) {
            (Cow::Borrowed(out), true) if std::ptr::eq(out, input) => {}
            (Cow::Owned(_), false) => {}
            (got, _) => failures.push(format!(
                "{}: unchanged={unchanged} but got {}",
                case.describe(),
                if matches!(got, Cow::Borrowed(_)) {
                    "a borrow"
                } else {
                    "an owned copy"
                }
            )),
        }
    }
    check(failures, checked);
}

#[test]
fn every_text_fix_borrows_clean_text() {
    let clean = [
        "",
        "plain ASCII text, with punctuation: 'quotes' & \"more\"; done.",
        "caf\u{e9} na\u{ef}ve \u{4f60}\u{597d} \u{1f600} \u{05e9}\u{05dc}\u{05d5}\u{05dd}",
        "line one\nline two\ttabbed",
        "&amp &#xZZ; &nosuchentity; [31m",
    ];
    for (name, fix) in TEXT_FIXES {
        for text in clean {
            match fix(text) {
                Cow::Borrowed(out) => assert!(
                    std::ptr::eq(out, text),
                    "{name} borrowed something other than its input for {text:?}"
                ),
                Cow::Owned(out) => panic!("{name} copied {text:?} to {out:?}"),
            }
        }
    }
}

#[test]
fn fix_surrogates_is_the_identity_on_str() {
    for case in cases().iter().filter(|c| c.json.get("input").is_some()) {
        let input = case.input();
        assert!(
            matches!(fixes::fix_surrogates(input), Cow::Borrowed(out) if std::ptr::eq(out, input)),
            "{}",
            case.describe()
        );
    }
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd hex string {hex:?}");
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"))
        .collect()
}

#[test]
fn decode_wtf8_lossy_matches_ftfy() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases().iter().filter(|c| c.fix == "decode_wtf8_lossy") {
        checked += 1;
        let hex = case.json["input_hex"].as_str().expect("input_hex");
        let want = case.expected().as_str();
        let got = decode_wtf8_lossy(&hex_bytes(hex));
        if got.as_deref() != want {
            failures.push(format!(
                "line {} ({hex}): want {want:?}, got {got:?}",
                case.line
            ));
        }
    }
    check(failures, checked);
}

fn one_char(s: &str) -> char {
    let mut chars = s.chars();
    let c = chars.next().expect("one character");
    assert!(chars.next().is_none(), "more than one character in {s:?}");
    c
}

#[test]
fn display_widths_match_ftfy() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let got = match case.fix.as_str() {
            "character_width" => character_width(one_char(case.input())),
            "monospaced_width" => monospaced_width(case.input()),
            _ => continue,
        };
        checked += 1;
        let want = case.expected().as_i64().expect("expected is a number");
        if i64::from(got) != want {
            failures.push(format!("{}: want {want}, got {got}", case.describe()));
        }
    }
    check(failures, checked);
}

#[test]
fn justification_matches_ftfy() {
    type Justify = fn(&str, usize, char) -> Result<String, FillCharWidthError>;
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let justify: Justify = match case.fix.as_str() {
            "display_ljust" => display_ljust,
            "display_rjust" => display_rjust,
            "display_center" => display_center,
            _ => continue,
        };
        checked += 1;
        let width = case.json["width"].as_u64().expect("width") as usize;
        let fillchar = one_char(case.json["fillchar"].as_str().expect("fillchar"));
        let got = justify(case.input(), width, fillchar);
        let ok = match (case.expected().as_str(), &got) {
            (Some(want), Ok(out)) => want == out,
            (None, Err(err)) => err.fillchar == fillchar && err.width != 1,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{} width={width} fill={fillchar:?}: want {}, got {got:?}",
                case.describe(),
                case.expected()
            ));
        }
    }
    check(failures, checked);
}
