//! CSV mode: fix some columns of each record, and pass everything else through.
//!
//! Records follow RFC 4180: fields separated by a delimiter (`,` by default), records by
//! CRLF or LF; a field in double quotes may hold delimiters, line breaks and quotes (doubled,
//! `""`). Only the chosen fields of a record are rewritten; every other byte stays as it
//! was. A fixed field keeps its quotes if it had them, and gets them if its new text needs
//! them. The first record is a header (unless told otherwise): it passes through and names
//! the columns.

use crate::jsonl::{fix_field, RecordError};
use crate::work::{Job, Stats};
use std::borrow::Cow;

/// A column, by name (in the header) or by number (from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnRef {
    Name(String),
    Number(usize),
}

impl ColumnRef {
    /// `3` is the third column; anything else is a name. A name made of digits is given
    /// with a leading `=`: `=2021`.
    pub fn parse(spelled: &str) -> Result<ColumnRef, String> {
        if spelled.is_empty() {
            return Err("a column name cannot be empty".to_string());
        }
        if let Some(name) = spelled.strip_prefix('=') {
            return Ok(ColumnRef::Name(name.to_string()));
        }
        match spelled.parse::<usize>() {
            Ok(0) => Err("columns are numbered from 1".to_string()),
            Ok(n) => Ok(ColumnRef::Number(n)),
            Err(_) => Ok(ColumnRef::Name(spelled.to_string())),
        }
    }
}

/// One field of a record: where its content lies, and whether it was quoted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The bytes of the field, quotes included.
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
}

/// Splits one record (with its line break, if any) into fields. Errors: a quote inside an
/// unquoted field, text after a closing quote, a quoted field that does not end.
pub fn split_record(record: &str, delimiter: u8) -> Result<Vec<Field>, RecordError> {
    let bytes = record.as_bytes();
    let mut end_of_record = bytes.len();
    if bytes.ends_with(b"\r\n") {
        end_of_record -= 2;
    } else if bytes.ends_with(b"\n") {
        end_of_record -= 1;
    }
    let mut fields = Vec::new();
    let mut pos = 0;
    loop {
        if pos < end_of_record && bytes[pos] == b'"' {
            // A quoted field: up to the quote that is not doubled.
            let mut i = pos + 1;
            loop {
                match memchr::memchr(b'"', &bytes[i..end_of_record]) {
                    None => {
                        return Err(RecordError::from(format!(
                            "a quoted field (at byte {}) does not end",
                            pos + 1
                        )))
                    }
                    Some(j) => {
                        let q = i + j;
                        if q + 1 < end_of_record && bytes[q + 1] == b'"' {
                            i = q + 2;
                            continue;
                        }
                        let after = q + 1;
                        fields.push(Field {
                            start: pos,
                            end: after,
                            quoted: true,
                        });
                        if after == end_of_record {
                            return Ok(fields);
                        }
                        if bytes[after] != delimiter {
                            return Err(RecordError::from(format!(
                                "text after the closing quote of a field (at byte {})",
                                after + 1
                            )));
                        }
                        pos = after + 1;
                        break;
                    }
                }
            }
        } else {
            let rest = &bytes[pos..end_of_record];
            let len = memchr::memchr(delimiter, rest).unwrap_or(rest.len());
            if let Some(q) = memchr::memchr(b'"', &rest[..len]) {
                return Err(RecordError::from(format!(
                    "a quote inside an unquoted field (at byte {})",
                    pos + q + 1
                )));
            }
            if rest[..len].contains(&b'\r') || rest[..len].contains(&b'\n') {
                return Err(RecordError::from(
                    "a line break inside an unquoted field".to_string(),
                ));
            }
            fields.push(Field {
                start: pos,
                end: pos + len,
                quoted: false,
            });
            if pos + len == end_of_record {
                return Ok(fields);
            }
            pos += len + 1;
        }
    }
}

/// The text a field holds: without its quotes, `""` as `"`.
pub fn field_text<'a>(record: &'a str, field: &Field) -> Cow<'a, str> {
    let raw = &record[field.start..field.end];
    if field.quoted {
        let inner = &raw[1..raw.len() - 1];
        if inner.contains('"') {
            Cow::Owned(inner.replace("\"\"", "\""))
        } else {
            Cow::Borrowed(inner)
        }
    } else {
        Cow::Borrowed(raw)
    }
}

/// Finds the columns named in a header record; numbers are taken as they are.
pub fn resolve_columns(
    header: &str,
    columns: &[ColumnRef],
    delimiter: u8,
) -> Result<(Vec<usize>, usize), RecordError> {
    let fields = split_record(header, delimiter)?;
    let names: Vec<Cow<'_, str>> = fields.iter().map(|f| field_text(header, f)).collect();
    let mut indices = Vec::new();
    for column in columns {
        let index = match column {
            ColumnRef::Number(n) => n - 1,
            ColumnRef::Name(name) => {
                // A UTF-8 byte order mark may precede the first name.
                let position = names
                    .iter()
                    .position(|n| n.trim_start_matches('\u{FEFF}') == name)
                    .ok_or_else(|| {
                        let list: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
                        RecordError::from(format!(
                            "no column named {name:?} in the header; it has {}",
                            list.join(", ")
                        ))
                    })?;
                position
            }
        };
        if !indices.contains(&index) {
            indices.push(index);
        }
    }
    Ok((indices, fields.len()))
}

/// What the CSV mode does to each record.
#[derive(Clone, Debug)]
pub struct CsvSpec {
    pub delimiter: u8,
    /// The columns to fix, from 0.
    pub columns: Vec<usize>,
    /// How many fields each record must have (the header's), if known.
    pub width: Option<usize>,
}

/// A fixed record.
pub use crate::jsonl::Fixed;

/// Fixes the chosen fields of one CSV record (with its line break). A blank line passes
/// through; a malformed record, or one with the wrong number of fields, is an error.
pub fn fix_record<'a>(
    record: &'a [u8],
    spec: &CsvSpec,
    job: &Job,
) -> Result<Fixed<'a>, RecordError> {
    let text = std::str::from_utf8(record).map_err(|e| {
        RecordError::from(format!(
            "not UTF-8 at byte {} of the record",
            e.valid_up_to() + 1
        ))
    })?;
    let unchanged = |stats| Fixed {
        bytes: Cow::Borrowed(record),
        changed: false,
        stats,
    };
    if text == "\n" || text == "\r\n" || text.is_empty() {
        return Ok(unchanged(Stats::default()));
    }
    let fields = split_record(text, spec.delimiter)?;
    if let Some(width) = spec.width {
        if fields.len() != width {
            return Err(RecordError::from(format!(
                "the record has {} fields, the header {width}",
                fields.len()
            )));
        }
    }
    let mut stats = Stats::default();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (i, &column) in spec.columns.iter().enumerate() {
        // A column named twice is fixed once.
        if spec.columns[..i].contains(&column) {
            continue;
        }
        let Some(field) = fields.get(column) else {
            return Err(RecordError::from(format!(
                "the record has {} fields: column {} is missing",
                fields.len(),
                column + 1
            )));
        };
        let value = field_text(text, field);
        let (fixed, plan) = fix_field(&value, job);
        if fixed == value {
            continue;
        }
        if job.count_fixes {
            if let Some(plan) = &plan {
                stats.count_plan(plan);
            }
        }
        let needs_quotes = field.quoted
            || fixed
                .bytes()
                .any(|b| b == spec.delimiter || matches!(b, b'"' | b'\n' | b'\r'));
        let spelled = if needs_quotes {
            format!("\"{}\"", fixed.replace('"', "\"\""))
        } else {
            fixed.into_owned()
        };
        edits.push((field.start, field.end, spelled));
    }
    if edits.is_empty() {
        return Ok(unchanged(stats));
    }
    let out = crate::work::apply_edits(text, edits)?;
    Ok(Fixed {
        bytes: Cow::Owned(out.into_bytes()),
        changed: true,
        stats,
    })
}

/// Where the record that starts at `from` ends in `text` (after its line break), given
/// whether `from` is inside quotes: `(end, in_quotes_at_end)`; `None` when no line break
/// outside quotes follows. Quotes are counted, so `""` inside a quoted field leaves the state
/// as it was.
pub fn record_end(text: &[u8], from: usize, mut in_quotes: bool) -> (Option<usize>, bool) {
    let mut pos = from;
    while let Some(i) = memchr::memchr2(b'"', b'\n', &text[pos..]) {
        let at = pos + i;
        if text[at] == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            return (Some(at + 1), false);
        }
        pos = at + 1;
    }
    (None, in_quotes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use textmend::Config;

    fn spec(columns: &[usize]) -> CsvSpec {
        CsvSpec {
            delimiter: b',',
            columns: columns.to_vec(),
            width: None,
        }
    }

    fn fix(record: &str, columns: &[usize]) -> Result<String, RecordError> {
        let job = Job::new(Config::default());
        fix_record(record.as_bytes(), &spec(columns), &job)
            .map(|f| String::from_utf8(f.bytes.into_owned()).unwrap())
    }

    #[test]
    fn fields_are_split_as_rfc_4180_says() {
        let r = "a,\"b,\"\"c\"\"\",,\"x\ny\"\r\n";
        let fields = split_record(r, b',').unwrap();
        let texts: Vec<_> = fields.iter().map(|f| field_text(r, f)).collect();
        assert_eq!(texts, ["a", "b,\"c\"", "", "x\ny"]);
        assert_eq!(split_record("", b',').unwrap().len(), 1);
        assert_eq!(split_record("a,", b',').unwrap().len(), 2);
    }

    #[test]
    fn malformed_records_are_errors() {
        for bad in ["a\"b,c", "\"ab\"c,d", "\"abc", "a,\"b"] {
            assert!(split_record(bad, b',').is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_chosen_columns_change_and_quoting_is_kept() {
        assert_eq!(
            fix("caf\u{c3}\u{a9},caf\u{c3}\u{a9}\n", &[1]).unwrap(),
            "caf\u{c3}\u{a9},café\n"
        );
        assert_eq!(fix("1,\"Ã©\"\r\n", &[1]).unwrap(), "1,\"é\"\r\n");
        // The fixed text needs quotes now: &quot; became a quote.
        assert_eq!(
            fix("1,a &quot;b&quot;\n", &[1]).unwrap(),
            "1,\"a \"\"b\"\"\"\n"
        );
        assert_eq!(fix("1,ok\n", &[1]).unwrap(), "1,ok\n");
        assert!(fix("1\n", &[1])
            .unwrap_err()
            .message
            .contains("column 2 is missing"));
    }

    #[test]
    fn a_column_given_twice_is_fixed_once() {
        assert_eq!(fix("1,Ã©\n", &[1, 1]).unwrap(), "1,é\n");
    }

    #[test]
    fn header_names_columns() {
        let (cols, width) = resolve_columns(
            "\u{FEFF}id,\"the text\",x\n",
            &[
                ColumnRef::Name("the text".into()),
                ColumnRef::Number(1),
                ColumnRef::Name("id".into()),
            ],
            b',',
        )
        .unwrap();
        assert_eq!(cols, vec![1, 0]);
        assert_eq!(width, 3);
        let err = resolve_columns("id,x\n", &[ColumnRef::Name("y".into())], b',').unwrap_err();
        assert!(err.message.contains("\"id\", \"x\""), "{err}");
    }

    #[test]
    fn record_ends_outside_quotes() {
        let t = b"a,\"b\nc\"\nd\n";
        assert_eq!(record_end(t, 0, false), (Some(8), false));
        assert_eq!(record_end(t, 8, false), (Some(10), false));
        assert_eq!(record_end(b"\"open\n", 0, false), (None, true));
    }

    #[test]
    fn column_refs() {
        assert_eq!(ColumnRef::parse("2").unwrap(), ColumnRef::Number(2));
        assert_eq!(
            ColumnRef::parse("text").unwrap(),
            ColumnRef::Name("text".into())
        );
        assert_eq!(ColumnRef::parse("=2").unwrap(), ColumnRef::Name("2".into()));
        assert!(ColumnRef::parse("0").is_err());
    }
}
