//! JSON Lines mode: fix string fields of each record, and pass everything else through.
//!
//! A record is not parsed into a tree and written back, which would respell numbers
//! (`1e3` as `1000.0`), escapes and spacing. Instead the line is checked to be JSON, the
//! position of each value on the way to a field is found, and only the field's string (and
//! the added `FIELD_plan`) is replaced; every other byte of the line stays as it was.
//!
//! A field is named by a path: keys separated by dots (`meta.title`); `\\.` is a dot
//! inside a key, a number picks an array element (`pages.0.text`) and `*` every element of
//! an array or every member of an object (`messages.*.content`).

use crate::work::{Job, Stats};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use textmend::{fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, Plan};

/// A field to fix: the path to it from the top of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    /// The path as given.
    pub spelled: String,
    segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// A member of an object (or, when it is a number, an element of an array).
    Key(String),
    /// Every member or element.
    Any,
}

impl FieldPath {
    /// Reads a path: `title`, `meta.title`, `a\\.b` (the key "a.b"), `items.0.text`,
    /// `messages.*.content`.
    pub fn parse(spelled: &str) -> Result<FieldPath, String> {
        let mut segments = Vec::new();
        let mut key = String::new();
        let mut chars = spelled.chars();
        let push = |key: &mut String, segments: &mut Vec<Segment>| -> Result<(), String> {
            if key.is_empty() {
                return Err(format!("the field path {spelled:?} has an empty key"));
            }
            segments.push(if key == "*" {
                Segment::Any
            } else {
                Segment::Key(std::mem::take(key))
            });
            key.clear();
            Ok(())
        };
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some(escaped) => key.push(escaped),
                    None => key.push('\\'),
                },
                '.' => push(&mut key, &mut segments)?,
                _ => key.push(c),
            }
        }
        push(&mut key, &mut segments)?;
        Ok(FieldPath {
            spelled: spelled.to_string(),
            segments,
        })
    }
}

/// A record that could not be read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    /// The message, without file or line (the caller knows them).
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RecordError {}

impl From<String> for RecordError {
    fn from(message: String) -> RecordError {
        RecordError { message }
    }
}

impl From<&str> for RecordError {
    fn from(message: &str) -> RecordError {
        RecordError {
            message: message.to_string(),
        }
    }
}

/// A fixed record.
#[derive(Debug)]
pub struct Fixed<'a> {
    /// The record as it goes out.
    pub bytes: Cow<'a, [u8]>,
    /// Whether any field changed.
    pub changed: bool,
    /// Counts of the fixes made (with `Job::count_fixes`).
    pub stats: Stats,
}

/// Fixes the fields at `paths` in one line of JSON Lines (with or without its line break).
/// A line that is blank, not an object, or lacks the fields passes through unchanged;
/// a line that is not JSON, or not UTF-8, is an error.
pub fn fix_record<'a>(
    line: &'a [u8],
    paths: &[FieldPath],
    job: &Job,
) -> Result<Fixed<'a>, RecordError> {
    let text = std::str::from_utf8(line).map_err(|e| {
        RecordError::from(format!(
            "not UTF-8 at byte {} of the record",
            e.valid_up_to() + 1
        ))
    })?;
    let unchanged = |stats| Fixed {
        bytes: Cow::Borrowed(line),
        changed: false,
        stats,
    };
    if text.trim_matches(is_json_whitespace).is_empty() {
        return Ok(unchanged(Stats::default()));
    }
    // Parsed without its line break, so that an error at the end has a useful column.
    let content = text.strip_suffix('\n').unwrap_or(text);
    let content = content.strip_suffix('\r').unwrap_or(content);
    let record: &RawValue = serde_json::from_str(content).map_err(json_error)?;

    let mut targets: Vec<Target<'_>> = Vec::new();
    for path in paths {
        locate(record, None, &path.segments, &mut targets)?;
    }
    // The same string reached by two paths is fixed once.
    targets.sort_by_key(|t| t.value.get().as_ptr() as usize);
    targets.dedup_by_key(|t| t.value.get().as_ptr() as usize);

    let mut stats = Stats::default();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut changed = false;
    for target in &targets {
        let (field_text, had_lone_surrogates) =
            decode_json_string(target.value.get()).ok_or("not valid JSON: a malformed string")?;
        if had_lone_surrogates && !job.config.fix_surrogates {
            // The string cannot be held as text without replacing its lone surrogates,
            // which is a fix that is turned off: leave it alone.
            continue;
        }
        let (fixed, plan) = fix_field(&field_text, job);
        if had_lone_surrogates || fixed != field_text {
            let (start, end) = span(text, target.value.get())?;
            edits.push((start, end, to_json(&*fixed)?));
            changed = true;
            if job.count_fixes {
                if let Some(plan) = &plan {
                    stats.count_plan(plan);
                }
            }
        }
        if job.explain {
            let Some((parent, key)) = &target.parent else {
                continue;
            };
            let plan_key = format!("{key}_plan");
            let plan = to_json(&plan)?;
            let Members(members) = serde_json::from_str(parent.get()).map_err(json_error)?;
            match members.iter().rev().find(|(k, _)| *k == plan_key) {
                Some((_, old)) => {
                    let (start, end) = span(text, old.get())?;
                    edits.push((start, end, plan));
                }
                None => {
                    let last = members.last().map(|(_, value)| value.get()).unwrap_or("");
                    let (_, end) = span(text, last)?;
                    edits.push((end, end, format!(",{}:{plan}", to_json(&plan_key)?)));
                }
            }
        }
    }
    if edits.is_empty() {
        return Ok(unchanged(stats));
    }
    let out = crate::work::apply_edits(text, edits)?;
    Ok(Fixed {
        bytes: Cow::Owned(out.into_bytes()),
        changed,
        stats,
    })
}

/// A string found at a path, with the object that holds it and its key there (`None` for
/// an element of an array, which has no place for a plan).
struct Target<'a> {
    value: &'a RawValue,
    parent: Option<(&'a RawValue, String)>,
}

/// Follows `segments` from `value`, collecting the strings at the end of the path.
fn locate<'a>(
    value: &'a RawValue,
    parent: Option<(&'a RawValue, String)>,
    segments: &[Segment],
    found: &mut Vec<Target<'a>>,
) -> Result<(), RecordError> {
    let Some((first, rest)) = segments.split_first() else {
        if value.get().starts_with('"') {
            found.push(Target { value, parent });
        }
        return Ok(());
    };
    let raw = value.get();
    if raw.starts_with('{') {
        let Members(members) = serde_json::from_str(raw).map_err(json_error)?;
        match first {
            Segment::Key(key) => {
                // As with any JSON reader, the last of several members with one key counts.
                if let Some((k, v)) = members.iter().rev().find(|(k, _)| k == key) {
                    locate(v, Some((value, k.clone())), rest, found)?;
                }
            }
            Segment::Any => {
                for (k, v) in members {
                    locate(v, Some((value, k)), rest, found)?;
                }
            }
        }
    } else if raw.starts_with('[') {
        let elements: Vec<&'a RawValue> = serde_json::from_str(raw).map_err(json_error)?;
        match first {
            Segment::Key(key) => {
                if let Some(v) = key.parse::<usize>().ok().and_then(|i| elements.get(i)) {
                    locate(v, None, rest, found)?;
                }
            }
            Segment::Any => {
                for v in elements {
                    locate(v, None, rest, found)?;
                }
            }
        }
    }
    Ok(())
}

/// The members of a JSON object, in order, each value as it is spelled in the input.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Fixes a field's text as a text of its own. The plan is `None` where no single plan gives
/// the result (a text of several lines, fixed one line at a time, whose lines needed
/// different repairs); it is only computed with `--explain`.
pub fn fix_field<'t>(text: &'t str, job: &Job) -> (Cow<'t, str>, Option<Plan>) {
    let config = &job.config;
    match (job.encoding_only, job.explain || job.count_fixes) {
        (true, false) => (fix_encoding(text, config), None),
        (true, true) => {
            let (fixed, plan) = fix_encoding_and_explain(text, config);
            (fixed, Some(plan))
        }
        (false, false) => (fix_text(text, config), None),
        (false, true) => {
            let (explained, plan) = fix_and_explain(text, config);
            if is_one_segment(text, config.max_decode_length) {
                return (explained, Some(plan));
            }
            let fixed = fix_text(text, config);
            let plan = (fixed == explained).then_some(plan);
            (fixed, plan)
        }
    }
}

/// Whether `fix_text` fixes `text` in one piece: it cuts text after each line break and
/// into pieces of at most `max_length` characters.
fn is_one_segment(text: &str, max_length: usize) -> bool {
    let one_line = match text.find('\n') {
        None => true,
        Some(i) => i + 1 == text.len(),
    };
    one_line && (text.len() <= max_length || text.chars().count() <= max_length)
}

fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RecordError> {
    serde_json::to_string(value).map_err(|e| RecordError::from(format!("cannot write JSON: {e}")))
}

/// A parse error as a message: serde_json's own "at line 1 column N" is replaced, as the
/// line is the input's.
fn json_error(e: serde_json::Error) -> RecordError {
    let text = e.to_string();
    let what = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    RecordError::from(format!("not valid JSON (column {}): {what}", e.column()))
}

/// Where `part`, a slice of `line`, lies in it.
fn span(line: &str, part: &str) -> Result<(usize, usize), RecordError> {
    let start = (part.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    let end = start.wrapping_add(part.len());
    if start <= end && end <= line.len() {
        Ok((start, end))
    } else {
        Err("internal error: a JSON value outside its line".into())
    }
}

/// Decodes a JSON string literal (quotes included) that serde_json has already checked.
/// Unlike serde_json it accepts lone UTF-16 surrogates (`"\ud800"`), as JavaScript and
/// Python do; each becomes U+FFFD, and the flag says that there were any.
fn decode_json_string(literal: &str) -> Option<(String, bool)> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut lone_surrogates = false;
    let mut rest = inner;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let escape = &rest[i + 1..];
        let mut chars = escape.chars();
        let c = chars.next()?;
        rest = chars.as_str();
        match c {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            '/' => out.push('/'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let unit = hex4(rest)?;
                rest = rest.get(4..)?;
                match unit {
                    0xD800..=0xDBFF => {
                        let low = rest
                            .strip_prefix("\\u")
                            .and_then(hex4)
                            .filter(|low| (0xDC00..=0xDFFF).contains(low));
                        match low {
                            Some(low) => {
                                rest = rest.get(6..)?;
                                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                out.push(char::from_u32(c)?);
                            }
                            None => {
                                out.push('\u{FFFD}');
                                lone_surrogates = true;
                            }
                        }
                    }
                    0xDC00..=0xDFFF => {
                        out.push('\u{FFFD}');
                        lone_surrogates = true;
                    }
                    _ => out.push(char::from_u32(unit)?),
                }
            }
            _ => return None,
        }
    }
    out.push_str(rest);
    Some((out, lone_surrogates))
}

/// The value of four hex digits at the start of `s`.
fn hex4(s: &str) -> Option<u32> {
    let digits = s.get(..4)?;
    digits
        .chars()
        .try_fold(0u32, |acc, c| Some(acc * 16 + c.to_digit(16)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use textmend::Config;

    fn job(explain: bool) -> Job {
        let mut job = Job::new(Config::no_fixes());
        job.explain = explain;
        job
    }

    fn fix_with(line: &str, paths: &[&str], job: &Job) -> Result<String, RecordError> {
        let paths: Vec<FieldPath> = paths.iter().map(|p| FieldPath::parse(p).unwrap()).collect();
        fix_record(line.as_bytes(), &paths, job)
            .map(|f| String::from_utf8(f.bytes.into_owned()).unwrap())
    }

    fn fix(line: &str, explain: bool) -> String {
        fix_with(line, &["t"], &job(explain)).unwrap()
    }

    #[test]
    fn strings_decode_like_json() {
        let (s, lone) = decode_json_string(r#""a\"b\\c\/\n\t\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(s, "a\"b\\c/\n\té😀");
        assert!(!lone);
        assert_eq!(
            s,
            serde_json::from_str::<String>(r#""a\"b\\c\/\n\t\u00e9\ud83d\ude00""#).unwrap()
        );
        let (s, lone) = decode_json_string(r#""x\ud800y\udc00\ud800""#).unwrap();
        assert_eq!(s, "x\u{FFFD}y\u{FFFD}\u{FFFD}");
        assert!(lone);
    }

    #[test]
    fn other_fields_keep_their_bytes() {
        let line = "{ \"n\": 1.0e3, \"t\": \"caf\\u00e9\" , \"z\": [1, {\"t\": 2}] }\n";
        assert_eq!(fix(line, false), line);
        assert_eq!(
            fix(line, true),
            "{ \"n\": 1.0e3, \"t\": \"caf\\u00e9\" , \"z\": [1, {\"t\": 2}],\"t_plan\":[] }\n"
        );
    }

    #[test]
    fn an_existing_plan_field_is_replaced() {
        let line = r#"{"t_plan": "old", "t": "x"}"#;
        assert_eq!(fix(line, true), r#"{"t_plan": [], "t": "x"}"#);
    }

    #[test]
    fn records_without_the_field_pass_through() {
        for line in [
            r#"{"u": "x"}"#,
            r#"{"t": 5}"#,
            "[1,2]",
            "\"t\"",
            "  \r\n",
            "{}",
        ] {
            assert_eq!(fix(line, true), line);
        }
    }

    #[test]
    fn invalid_json_is_an_error() {
        let err = fix_with("{\"t\": \"x\"", &["t"], &job(false))
            .unwrap_err()
            .message;
        assert!(err.starts_with("not valid JSON"), "{err}");
        assert!(!err.contains("line 1"), "{err}");
    }

    #[test]
    fn lone_surrogates_are_replaced_only_when_that_fix_is_on() {
        let line = r#"{"t": "a\ud800b"}"#;
        assert_eq!(fix(line, false), line);
        let mut with_surrogates = job(false);
        with_surrogates.config.fix_surrogates = true;
        let fixed = fix_with(line, &["t"], &with_surrogates).unwrap();
        assert_eq!(fixed, "{\"t\": \"a\u{FFFD}b\"}");
    }

    #[test]
    fn paths_reach_nested_fields() {
        let mut job = job(false);
        job.config = Config::default();
        let line = r#"{"meta": {"title": "caf\u00c3\u00a9", "n": 1}, "a.b": "Ã©", "list": [{"t": "Ã©"}, "Ã©", {"t": 1}]}"#;
        let fixed = fix_with(line, &["meta.title", "a\\.b", "list.*.t", "list.1"], &job).unwrap();
        assert_eq!(
            fixed,
            r#"{"meta": {"title": "café", "n": 1}, "a.b": "é", "list": [{"t": "é"}, "é", {"t": 1}]}"#
        );
        let fixed = fix_with(line, &["meta.*"], &job).unwrap();
        assert!(
            fixed.starts_with(r#"{"meta": {"title": "café", "n": 1}"#),
            "{fixed}"
        );
        assert_eq!(
            fix_with(line, &["nothing.here", "meta.title.deeper"], &job).unwrap(),
            line
        );
    }

    #[test]
    fn plans_go_beside_nested_fields() {
        let mut job = job(true);
        job.config = Config::default();
        let line = r#"{"meta": {"title": "Ã©"}, "t": "ok"}"#;
        let fixed = fix_with(line, &["meta.title", "t"], &job).unwrap();
        assert_eq!(
            fixed,
            r#"{"meta": {"title": "é","title_plan":[["encode","latin-1"],["decode","utf-8"]]}, "t": "ok","t_plan":[]}"#
        );
    }

    #[test]
    fn field_paths() {
        assert!(FieldPath::parse("").is_err());
        assert!(FieldPath::parse("a..b").is_err());
        assert_eq!(
            FieldPath::parse("a\\.b").unwrap().segments,
            vec![Segment::Key("a.b".into())]
        );
        assert_eq!(
            FieldPath::parse("a.*").unwrap().segments,
            vec![Segment::Key("a".into()), Segment::Any]
        );
    }

    #[test]
    fn never_panics_on_garbage() {
        let job = job(true);
        for line in [
            "",
            "{",
            "}",
            "{\"t\":",
            "{\"t\":\"\\u",
            "[[[[",
            "{\"t\":\"\\ud800\"}",
            "\u{0}",
        ] {
            let _ = fix_with(line, &["t", "*", "t.*.x"], &job);
        }
        let _ = fix_record(b"\xff{}", &[FieldPath::parse("t").unwrap()], &job);
    }

    #[test]
    fn segments() {
        assert!(is_one_segment("abc", 10));
        assert!(is_one_segment("abc\n", 10));
        assert!(!is_one_segment("abc\ndef", 10));
        assert!(!is_one_segment("abcdef", 3));
    }
}
