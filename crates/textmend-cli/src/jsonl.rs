//! JSON Lines mode: fix one string field of each record, and pass everything else through.
//!
//! A record is not parsed into a tree and written back, which would respell numbers
//! (`1e3` as `1000.0`), escapes and spacing. Instead the line is checked to be JSON, the
//! position of each top-level value is found, and only the field's string (and the added
//! `FIELD_plan`) is replaced; every other byte of the line stays as it was.

use crate::input::LineReader;
use crate::output::Output;
use crate::text::Job;
use anyhow::{anyhow, Result};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use textmend::{fix_and_explain, fix_encoding, fix_encoding_and_explain, fix_text, Plan};

/// Fixes the string at `field` in each record of one input, into `out`.
pub fn fix_records(input: &mut LineReader, out: &mut Output, job: &Job, field: &str) -> Result<()> {
    let name = input.name().to_string();
    let plan_field = format!("{field}_plan");
    while let Some((number, line)) = input.next_line()? {
        let fixed = fix_record(line, field, &plan_field, job)
            .map_err(|message| anyhow!("{name}:{number}: {message}"))?;
        out.write(&fixed)?;
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

/// Fixes one line of JSON Lines. The error is a message for the user.
fn fix_record<'a>(
    line: &'a str,
    field: &str,
    plan_field: &str,
    job: &Job,
) -> Result<Cow<'a, str>, String> {
    if line.trim_matches(is_json_whitespace).is_empty() {
        return Ok(Cow::Borrowed(line));
    }
    // Parsed without its line break, so that an error at the end has a useful column.
    let content = line.strip_suffix('\n').unwrap_or(line);
    let content = content.strip_suffix('\r').unwrap_or(content);
    let record: &RawValue = serde_json::from_str(content).map_err(json_error)?;
    if !record.get().starts_with('{') {
        // An array, a string, a number...: it has no field to fix.
        return Ok(Cow::Borrowed(line));
    }
    let Members(members) = serde_json::from_str(record.get()).map_err(json_error)?;

    // As with any JSON reader, the last of several members with the same key is the one.
    let Some(value) = members
        .iter()
        .rev()
        .find(|(key, _)| key == field)
        .map(|(_, value)| *value)
    else {
        return Ok(Cow::Borrowed(line));
    };
    if !value.get().starts_with('"') {
        return Ok(Cow::Borrowed(line));
    }
    let (text, had_lone_surrogates) =
        decode_json_string(value.get()).ok_or("not valid JSON: a malformed string")?;
    if had_lone_surrogates && !job.config.fix_surrogates {
        // The string cannot be held as text without replacing its lone surrogates, which
        // is a fix that is turned off: leave the record alone.
        return Ok(Cow::Borrowed(line));
    }

    let (fixed, plan) = fix_field(&text, job);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    if had_lone_surrogates || fixed != text {
        let (start, end) = span(line, value.get())?;
        edits.push((start, end, to_json(&*fixed)?));
    }
    if job.explain {
        let plan = to_json(&plan)?;
        match members.iter().rev().find(|(key, _)| key == plan_field) {
            Some((_, old)) => {
                let (start, end) = span(line, old.get())?;
                edits.push((start, end, plan));
            }
            None => {
                let last = members.last().map(|(_, value)| value.get()).unwrap_or("");
                let (_, end) = span(line, last)?;
                edits.push((end, end, format!(",{}:{plan}", to_json(plan_field)?)));
            }
        }
    }
    if edits.is_empty() {
        return Ok(Cow::Borrowed(line));
    }
    edits.sort_by_key(|&(start, _, _)| start);
    let mut out = String::with_capacity(line.len() + 64);
    let mut at = 0;
    for (start, end, replacement) in edits {
        out.push_str(
            line.get(at..start)
                .ok_or("internal error: overlapping edits")?,
        );
        out.push_str(&replacement);
        at = end;
    }
    out.push_str(line.get(at..).ok_or("internal error: edit past the end")?);
    Ok(Cow::Owned(out))
}

/// Fixes a field's text as a text of its own. The plan is `None` where no single plan gives
/// the result (a text of several lines, fixed one line at a time, whose lines needed
/// different repairs); it is only computed with `--explain`.
fn fix_field<'t>(text: &'t str, job: &Job) -> (Cow<'t, str>, Option<Plan>) {
    let config = &job.config;
    match (job.encoding_only, job.explain) {
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

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("cannot write JSON: {e}"))
}

/// A parse error as a message: serde_json's own "at line 1 column N" is replaced, as the
/// line is the input's.
fn json_error(e: serde_json::Error) -> String {
    let text = e.to_string();
    let what = match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    format!("not valid JSON (column {}): {what}", e.column())
}

/// Where `part`, a slice of `line`, lies in it.
fn span(line: &str, part: &str) -> Result<(usize, usize), String> {
    let start = (part.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
    let end = start.wrapping_add(part.len());
    if start <= end && end <= line.len() {
        Ok((start, end))
    } else {
        Err("internal error: a JSON value outside its line".to_string())
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
        Job {
            config: Config::no_fixes(),
            encoding_only: false,
            explain,
        }
    }

    fn fix(line: &str, explain: bool) -> String {
        fix_record(line, "t", "t_plan", &job(explain))
            .unwrap()
            .into_owned()
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
        let err = fix_record("{\"t\": \"x\"", "t", "t_plan", &job(false)).unwrap_err();
        assert!(err.starts_with("not valid JSON"), "{err}");
        assert!(!err.contains("line 1"), "{err}");
    }

    #[test]
    fn lone_surrogates_are_replaced_only_when_that_fix_is_on() {
        let line = r#"{"t": "a\ud800b"}"#;
        assert_eq!(fix(line, false), line);
        let mut with_surrogates = job(false);
        with_surrogates.config.fix_surrogates = true;
        let fixed = fix_record(line, "t", "t_plan", &with_surrogates).unwrap();
        assert_eq!(fixed, "{\"t\": \"a\u{FFFD}b\"}");
    }

    #[test]
    fn segments() {
        assert!(is_one_segment("abc", 10));
        assert!(is_one_segment("abc\n", 10));
        assert!(!is_one_segment("abc\ndef", 10));
        assert!(!is_one_segment("abcdef", 3));
    }
}
