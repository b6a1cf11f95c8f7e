//! The work done on a batch of records, away from any I/O: text in, text and counts out.
//!
//! Everything here is a pure function of its arguments, so that batches can be fixed on any
//! thread in any order and the results put back in order, and so that a fuzz target can
//! call the record functions directly.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use textmend::{
    fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, fix_text_segment, Action,
    Config, Plan, UnescapeHtml,
};

/// What to do to each text.
#[derive(Clone, Debug)]
pub struct Job {
    pub config: Config,
    /// Only undo mojibake (`fix_encoding`).
    pub encoding_only: bool,
    /// Also report the plan of each fix (`--explain`).
    pub explain: bool,
    /// Count the fixes and code-page paths of each change (`--report`); needs the plans.
    pub count_fixes: bool,
}

impl Job {
    /// A job that runs `config`'s fixes and reports nothing.
    pub fn new(config: Config) -> Job {
        Job {
            config,
            encoding_only: false,
            explain: false,
            count_fixes: false,
        }
    }

    fn wants_plans(&self) -> bool {
        self.explain || self.count_fixes
    }

    /// Fixes one segment (a line, or a piece of a line no longer than
    /// `max_decode_length`) with `config`, and its plan when the job wants plans.
    pub fn fix_segment<'t>(&self, text: &'t str, config: &Config) -> (Cow<'t, str>, Option<Plan>) {
        match (self.encoding_only, self.wants_plans()) {
            (true, false) => (fix_encoding(text, config), None),
            (true, true) => {
                let (fixed, plan) = fix_encoding_and_explain(text, config);
                (fixed, Some(plan))
            }
            (false, false) => (fix_text_segment(text, config), None),
            (false, true) => {
                let (fixed, plan) = fix_and_explain(text, config);
                (fixed, Some(plan))
            }
        }
    }
}

/// What happened to the records of a batch (or of a whole run, added up).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Lines (text), records (JSON Lines, CSV) read.
    pub lines: u64,
    /// Of those, how many were changed (or would be, with `--check`).
    pub lines_changed: u64,
    /// Malformed records passed through unchanged (`--on-error keep`).
    pub records_kept: u64,
    /// Malformed records left out (`--on-error skip`).
    pub records_skipped: u64,
    /// For each fix (as plans name it), how many texts it changed.
    pub fixes: BTreeMap<String, u64>,
    /// For each chain of code pages mojibake was undone through ("sloppy-windows-1252 →
    /// utf-8"), how many texts.
    pub paths: BTreeMap<String, u64>,
    /// Spans that lossy recovery rewrote from lost bytes (`restore_lost_bytes` steps).
    pub lost_restored: u64,
    /// Characters lost and not restored that lossy recovery marked with U+FFFD
    /// (`--mark-unsure`).
    pub lost_marked: u64,
}

impl Stats {
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &Stats) {
        self.lines += other.lines;
        self.lines_changed += other.lines_changed;
        self.records_kept += other.records_kept;
        self.records_skipped += other.records_skipped;
        for (k, v) in &other.fixes {
            *self.fixes.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.paths {
            *self.paths.entry(k.clone()).or_default() += v;
        }
        self.lost_restored += other.lost_restored;
        self.lost_marked += other.lost_marked;
    }

    /// Counts the steps of the plan of one changed text: each fix once, and each layer of
    /// mojibake undone as its path, "code page → utf-8".
    pub fn count_plan(&mut self, plan: &Plan) {
        let mut seen: Vec<String> = Vec::new();
        let mut encoded: Option<&str> = None;
        for step in &plan.steps {
            let name = match step.action {
                Action::Encode => {
                    encoded = Some(&step.parameter);
                    "fix_encoding".to_string()
                }
                Action::Decode => {
                    if let Some(from) = encoded.take() {
                        let path = format!("{from} \u{2192} {}", step.parameter);
                        *self.paths.entry(path).or_default() += 1;
                    }
                    "fix_encoding".to_string()
                }
                Action::Apply => match textmend::plan::lost_bytes_fills(&step.parameter) {
                    // One name for every lossy repair, whatever it restored; its spans and
                    // marks are counted apart.
                    Some(fills) => {
                        for (_, _, chosen) in &fills {
                            match chosen.matches('\u{fffd}').count() {
                                0 => self.lost_restored += 1,
                                marks => self.lost_marked += marks as u64,
                            }
                        }
                        "restore_lost_bytes".to_string()
                    }
                    None => match textmend::plan::runs_decoded_through(&step.parameter) {
                        // Runs decoded through an extra code page: a path, as ftfy's are.
                        Some(page) => {
                            let path = format!("{page} \u{2192} utf-8");
                            *self.paths.entry(path).or_default() += 1;
                            "fix_encoding".to_string()
                        }
                        None => step.parameter.clone(),
                    },
                },
                Action::Transcode => step.parameter.clone(),
                Action::Normalize => format!("normalize {}", step.parameter),
            };
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
        for name in seen {
            *self.fixes.entry(name).or_default() += 1;
        }
    }
}

/// Where `fix_text` ends the segment that starts at byte `pos` of `text` (the library's
/// rule, [`textmend::segment_len`]), so that fixing segment by segment gives `fix_text`'s
/// result.
pub fn segment_end(text: &str, pos: usize, config: &Config) -> usize {
    pos + textmend::segment_len(&text[pos..], config)
}

/// `text` with each `(start, end, replacement)` byte span replaced by its replacement,
/// in any order; an error if two spans overlap or one is not within `text` on character
/// boundaries.
pub fn apply_edits(
    text: &str,
    mut edits: Vec<(usize, usize, String)>,
) -> Result<String, &'static str> {
    edits.sort_by_key(|&(start, _, _)| start);
    let added: usize = edits.iter().map(|(_, _, r)| r.len()).sum();
    let mut out = String::with_capacity(text.len() + added);
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(
            text.get(at..start)
                .ok_or("internal error: overlapping edits")?,
        );
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(text.get(at..).ok_or("internal error: edit past the end")?);
    Ok(out)
}

/// The result of fixing a batch of plain text.
#[derive(Debug, Default)]
pub struct TextOutput<'a> {
    /// The fixed text (empty with `check`): the batch itself, borrowed, when nothing in it
    /// changed.
    pub text: Cow<'a, str>,
    /// `--explain` lines for standard error: `LINE: PLAN` or `FILE:LINE: PLAN`.
    pub explain: String,
    /// Counts; a line cut across batches is counted where it ends, see below.
    pub stats: Stats,
    /// Whether anything changed.
    pub changed: bool,
    /// When the batch starts inside a line (`starts_mid_line`) and that line ends in it:
    /// whether its part here changed. That line is in `stats.lines` but not in
    /// `stats.lines_changed`: the caller, who knows about the earlier parts, counts it.
    pub continued_line_changed: Option<bool>,
    /// Whether the batch ends inside a line whose part here changed.
    pub open_line_changed: bool,
}

/// Where a batch of plain text lies in its input.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextPlace<'a> {
    /// Whether a `<` was seen earlier in the same input (which, with `UnescapeHtml::Auto`,
    /// turns entity decoding off for the rest of it).
    pub html_off: bool,
    /// The number of the batch's first line, for `--explain`.
    pub first_line: u64,
    /// The number of `\n` in the batch, when the reader has counted them already (`None`:
    /// they are counted here).
    pub newlines: Option<u64>,
    /// The input's name, when `--explain` lines should name it.
    pub file_name: Option<&'a str>,
    /// The batch starts inside a line (the previous batch ended with a piece of it).
    pub starts_mid_line: bool,
    /// The batch ends the input, so that a last line without `\n` counts as a line.
    pub ends_input: bool,
}

/// Fixes a batch of plain text: whole lines, or pieces of a long line that begin and end
/// at segment boundaries. The result is `fix_text`'s on the same text, given where the
/// batch lies (`place`). With `check`, no text is kept, only counts.
pub fn fix_text_batch<'t>(
    text: &'t str,
    job: &Job,
    place: TextPlace<'_>,
    check: bool,
) -> TextOutput<'t> {
    // A batch that ends inside a long line (one longer than a batch) is fixed segment by
    // segment: its last segment is cut from the line, which `fix_text` on the batch alone
    // could not know (`textmend::config_for_segment`).
    let ends_mid_line = !place.ends_input && !text.is_empty() && !text.ends_with('\n');
    if !check && !job.wants_plans() && !ends_mid_line {
        return fix_plain_batch(text, job, place);
    }
    let mut out = TextOutput::default();
    let mut fixed_text = String::with_capacity(if check {
        0
    } else {
        text.len() + text.len() / 16
    });
    let mut config: Cow<'_, Config> = Cow::Borrowed(&job.config);
    let track_html = job.config.unescape_html == UnescapeHtml::Auto && !job.encoding_only;
    if track_html && place.html_off {
        config.to_mut().unescape_html = UnescapeHtml::Never;
    }
    // Most batches have no `<` at all: then no segment needs to be searched for one.
    let batch_has_less_than = track_html && memchr::memchr(b'<', text.as_bytes()).is_some();
    let mut line = place.first_line;
    let mut line_changed = false;
    let mut in_continued_line = place.starts_mid_line;
    let mut pos = 0;
    while pos < text.len() {
        let end = segment_end(text, pos, &job.config);
        let segment = &text[pos..end];
        if batch_has_less_than
            && config.unescape_html == UnescapeHtml::Auto
            && memchr::memchr(b'<', segment.as_bytes()).is_some()
        {
            config.to_mut().unescape_html = UnescapeHtml::Never;
        }
        let mid_line = !segment.ends_with('\n') && (end < text.len() || !place.ends_input);
        let (fixed, plan) = job.fix_segment(
            segment,
            &textmend::config_for_segment(&config, segment, mid_line),
        );
        // A borrowed result is the segment itself; only an owned one can differ.
        if matches!(fixed, Cow::Owned(_)) && fixed != segment {
            line_changed = true;
            out.changed = true;
            if let Some(plan) = &plan {
                if job.count_fixes {
                    out.stats.count_plan(plan);
                }
                if job.explain {
                    let plan = serde_json::to_string(plan).unwrap_or_else(|_| "[]".into());
                    let _ = match place.file_name {
                        Some(name) => writeln!(out.explain, "{name}:{line}: {plan}"),
                        None => writeln!(out.explain, "{line}: {plan}"),
                    };
                }
            }
        }
        if !check {
            fixed_text.push_str(&fixed);
        }
        let ends_line = segment.ends_with('\n') || (end == text.len() && place.ends_input);
        if ends_line {
            out.stats.lines += 1;
            if in_continued_line {
                out.continued_line_changed = Some(line_changed);
                in_continued_line = false;
            } else if line_changed {
                out.stats.lines_changed += 1;
            }
            line_changed = false;
            line += 1;
        }
        pos = end;
    }
    out.open_line_changed = line_changed;
    out.text = Cow::Owned(fixed_text);
    out
}

/// [`fix_text_batch`] when nothing is counted per line (no `--check`, `--report` or
/// `--explain`): one library call on the whole batch, which skips runs of clean lines in a
/// single scan, instead of one call per line. The counts are those that need no per-line
/// comparison: lines read and whether anything changed; `lines_changed` stays 0.
///
/// With `--encoding-only`, the call is `fix_text` under [`Config::encoding_only`], which is
/// `fix_encoding` on each segment.
fn fix_plain_batch<'t>(text: &'t str, job: &Job, place: TextPlace<'_>) -> TextOutput<'t> {
    let fixed = if job.encoding_only {
        fix_text(text, &job.config.encoding_only())
    } else if place.html_off && job.config.unescape_html == UnescapeHtml::Auto {
        let mut config = job.config.clone();
        config.unescape_html = UnescapeHtml::Never;
        fix_text(text, &config)
    } else {
        fix_text(text, &job.config)
    };
    let newlines = place
        .newlines
        .unwrap_or_else(|| memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64);
    let unterminated = place.ends_input && !text.is_empty() && !text.ends_with('\n');
    let changed = matches!(fixed, Cow::Owned(_)) && fixed != text;
    TextOutput {
        text: fixed,
        explain: String::new(),
        stats: Stats {
            lines: newlines + u64::from(unterminated),
            ..Stats::default()
        },
        changed,
        continued_line_changed: None,
        open_line_changed: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use textmend::Config;

    #[test]
    fn batches_fix_like_fix_text() {
        let config = Config::default();
        let job = Job::new(config.clone());
        let text = "caf\u{c3}\u{a9} &amp; x\n<b>&amp;</b>\n&amp; again\nend";
        let whole = fix_text(text, &config);
        let place = TextPlace {
            first_line: 1,
            ends_input: true,
            ..TextPlace::default()
        };
        let out = fix_text_batch(text, &job, place, false);
        assert_eq!(out.text, whole);
        assert_eq!(out.stats.lines, 4);
        // Cut in two batches, the second one told that a `<` was seen.
        let cut = text.find("&amp; again").unwrap();
        let a = fix_text_batch(&text[..cut], &job, TextPlace::default(), false);
        let later = TextPlace {
            html_off: true,
            ends_input: true,
            ..TextPlace::default()
        };
        let b = fix_text_batch(&text[cut..], &job, later, false);
        assert_eq!(a.text + &*b.text, whole);
    }

    /// A batch that ends inside a long line, in a word, is fixed as `fix_text` fixes the
    /// whole line: without lossy recovery reading the cut as bytes lost.
    #[test]
    fn batches_cut_inside_a_word_are_fixed_as_the_whole_line() {
        let mut config = Config::default();
        config.max_decode_length = 3;
        let job = Job::new(config.clone());
        let text = "caf\u{c3}\u{a9} cr\u{c3}\u{a8}me\n";
        let whole = fix_text(text, &config);
        assert_eq!(whole, "caf\u{e9} cr\u{c3}\u{a8}me\n");
        let mut at = 0;
        let mut pieces = String::new();
        while at < text.len() {
            let cut = at + textmend::segment_len(&text[at..], &config);
            let place = TextPlace {
                starts_mid_line: at > 0,
                ends_input: cut == text.len(),
                ..TextPlace::default()
            };
            pieces += &fix_text_batch(&text[at..cut], &job, place, false).text;
            at = cut;
        }
        assert_eq!(pieces, whole);
    }

    #[test]
    fn long_lines_are_fixed_in_segments() {
        let mut config = Config::default();
        config.max_decode_length = 7;
        let job = Job::new(config.clone());
        let text = "caf\u{c3}\u{a9} caf\u{c3}\u{a9} caf\u{c3}\u{a9}\nshort\n";
        let place = TextPlace {
            ends_input: true,
            ..TextPlace::default()
        };
        let out = fix_text_batch(text, &job, place, false);
        assert_eq!(out.text, fix_text(text, &config));
        // The same line cut after its first segment (`café `: the space in the second half
        // of its first seven characters), in two batches.
        let cut = textmend::segment_len(text, &config);
        assert_eq!(&text[..cut], "caf\u{c3}\u{a9} ");
        let a = fix_text_batch(&text[..cut], &job, TextPlace::default(), false);
        let b_place = TextPlace {
            starts_mid_line: true,
            ends_input: true,
            ..TextPlace::default()
        };
        let b = fix_text_batch(&text[cut..], &job, b_place, false);
        assert_eq!(a.text + &*b.text, fix_text(text, &config));
        // Counted line by line (as for --report), the changed line is counted once, where
        // it ends.
        let mut job = job;
        job.count_fixes = true;
        let a = fix_text_batch(&text[..cut], &job, TextPlace::default(), false);
        assert!(a.open_line_changed);
        let b = fix_text_batch(&text[cut..], &job, b_place, false);
        assert_eq!(a.text + &*b.text, fix_text(text, &config));
        assert_eq!(b.continued_line_changed, Some(true));
        assert_eq!(b.stats.lines_changed, 0);
        assert_eq!(out.stats.lines, 2);
    }

    /// The one-call path (nothing counted per line) and the line-by-line path give the same
    /// text, whatever the batches and wherever a `<` falls.
    #[test]
    fn plain_and_counted_batches_agree() {
        let lines = [
            "caf\u{c3}\u{a9} &amp; x\n",
            "clean line\n",
            "<p>&eacute;</p>\n",
            "\u{201c}quoted\u{201d} \u{fb01}ne\r\n",
            "doesn\u{e2}\u{80}\u{99}t\n",
            "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}\n",
            "last without a line feed",
        ];
        let text: String = lines.concat();
        let config = Config::default();
        let mut starts: Vec<usize> = vec![0];
        for line in &lines {
            starts.push(starts.last().unwrap() + line.len());
        }
        // `--encoding-only`: `fix_encoding` line by line, whether the batch is fixed in one
        // call (plain) or segment by segment (counted).
        let by_line: String = lines.iter().map(|l| fix_encoding(l, &config)).collect();
        for (encoding_only, whole) in [(false, fix_text(&text, &config)), (true, by_line.into())] {
            let mut plain = Job::new(config.clone());
            plain.encoding_only = encoding_only;
            let mut counted = plain.clone();
            counted.count_fixes = true;
            // Every way of cutting the text into two batches at a line start.
            for &cut in &starts[..starts.len() - 1] {
                for job in [&plain, &counted] {
                    let first = fix_text_batch(&text[..cut], job, TextPlace::default(), false);
                    let later = TextPlace {
                        html_off: text[..cut].contains('<'),
                        ends_input: true,
                        ..TextPlace::default()
                    };
                    let second = fix_text_batch(&text[cut..], job, later, false);
                    assert_eq!(first.text + &*second.text, whole, "cut at {cut}");
                    assert_eq!(first.stats.lines + second.stats.lines, 7);
                }
            }
        }
        let plain = Job::new(config.clone());
        let out = fix_text_batch("clean\n", &plain, TextPlace::default(), false);
        assert!(!out.changed);
        let out = fix_text_batch("caf\u{c3}\u{a9}\n", &plain, TextPlace::default(), false);
        assert!(out.changed);
    }

    #[test]
    fn edits_apply_in_any_order() {
        let edits = vec![
            (4, 5, "Y".to_string()),
            (0, 1, "xx".to_string()),
            (2, 2, "+".into()),
        ];
        assert_eq!(apply_edits("abcdef", edits).unwrap(), "xxb+cdYf");
        assert!(apply_edits("abcdef", vec![(0, 3, "".into()), (2, 4, "".into())]).is_err());
        assert!(apply_edits("abc", vec![(2, 9, "".into())]).is_err());
        assert!(apply_edits("\u{e9}", vec![(1, 2, "".into())]).is_err());
    }

    #[test]
    fn plans_are_counted() {
        let mut job = Job::new(Config::default());
        job.count_fixes = true;
        let text = "caf\u{c3}\u{a9}\n\u{201c}x\u{201d}\nok\n";
        let out = fix_text_batch(text, &job, TextPlace::default(), true);
        assert_eq!(out.text, "");
        assert_eq!(out.stats.lines, 3);
        assert_eq!(out.stats.lines_changed, 2);
        assert_eq!(out.stats.fixes.get("fix_encoding"), Some(&1));
        assert_eq!(out.stats.fixes.get("uncurl_quotes"), Some(&1));
        assert_eq!(out.stats.paths.get("latin-1 → utf-8"), Some(&1));
    }
}
