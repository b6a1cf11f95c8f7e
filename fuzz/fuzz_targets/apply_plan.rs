//! `apply_plan` with arbitrary plans, built from steps or read from JSON: an error or a
//! result, never a panic. Plans that parse round-trip through JSON.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use textmend::{apply_plan, Action, Plan, Step};
use textmend_fuzz::reference::CODEC_NAMES;

/// Parameters a step can name: every code page, fix and normalization form, and some that
/// do not exist.
const EXTRA: &[&str] = &[
    "unescape_html",
    "remove_terminal_escapes",
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
    "NFC",
    "NFD",
    "NFKC",
    "NFKD",
    "none",
    "nfc",
    "",
    "klingon",
    "cp1252",
    "utf8",
];

#[derive(Arbitrary, Debug)]
enum Input<'a> {
    Steps(Vec<(u8, u8)>, &'a str),
    Json(&'a str, &'a str),
}

const ACTIONS: [Action; 5] = [
    Action::Encode,
    Action::Decode,
    Action::Transcode,
    Action::Apply,
    Action::Normalize,
];

fn parameter(i: u8) -> &'static str {
    let i = usize::from(i) % (CODEC_NAMES.len() + EXTRA.len());
    if i < CODEC_NAMES.len() {
        CODEC_NAMES[i]
    } else {
        EXTRA[i - CODEC_NAMES.len()]
    }
}

fuzz_target!(|input: Input| {
    let (plan, text) = match input {
        Input::Steps(steps, text) => {
            let steps: Vec<Step> = steps
                .iter()
                .take(16)
                .map(|&(a, p)| Step::new(ACTIONS[usize::from(a) % 5], parameter(p)))
                .collect();
            (Plan::from(steps), text)
        }
        Input::Json(json, text) => match Plan::from_json(json) {
            Ok(plan) if plan.steps.len() <= 16 => (plan, text),
            _ => return,
        },
    };
    assert_eq!(Plan::from_json(&plan.to_json()).ok().as_ref(), Some(&plan));
    let _ = apply_plan(text, &plan);
});
