//! Reading input line by line, as UTF-8, keeping track of where each line starts so that
//! errors can say exactly where they are.

use anyhow::{anyhow, Result};
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The name of standard input in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// Where input comes from.
#[derive(Clone, Debug)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// `-` is standard input; anything else is a file.
    pub fn from_arg(path: &Path) -> Source {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(path.to_path_buf())
        }
    }

    /// How messages name this input.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => STDIN_NAME.to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// Reads one input's lines, each with its line break, checking that each is UTF-8.
pub struct LineReader {
    name: String,
    reader: Box<dyn BufRead>,
    buf: Vec<u8>,
    /// The number of the line last returned, from 1.
    line_number: u64,
    /// The byte offset in the input where the next line starts.
    offset: u64,
}

impl LineReader {
    /// Opens an input. Errors name the file.
    pub fn open(source: &Source) -> Result<LineReader> {
        let reader: Box<dyn BufRead> = match source {
            Source::Stdin => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            Source::File(path) => {
                let file = File::open(path).map_err(|e| {
                    anyhow!(
                        "{}: cannot open input file: {}",
                        path.display(),
                        describe(&e)
                    )
                })?;
                Box::new(BufReader::with_capacity(1 << 16, file))
            }
        };
        Ok(LineReader::new(source.name(), reader))
    }

    /// A reader over any byte source, named `name` in messages.
    pub fn new(name: String, reader: Box<dyn BufRead>) -> LineReader {
        LineReader {
            name,
            reader,
            buf: Vec::new(),
            line_number: 0,
            offset: 0,
        }
    }

    /// How messages name this input.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next line, with its `\n` if it has one, and its number (from 1); `None` at the
    /// end of the input.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>> {
        self.buf.clear();
        let read = loop {
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(anyhow!(
                        "{}:{}: cannot read: {}",
                        self.name,
                        self.line_number + 1,
                        describe(&e)
                    ))
                }
            }
        };
        if read == 0 {
            return Ok(None);
        }
        self.line_number += 1;
        let start = self.offset;
        self.offset += read as u64;
        match std::str::from_utf8(&self.buf) {
            Ok(line) => Ok(Some((self.line_number, line))),
            Err(e) => {
                let at = e.valid_up_to();
                let bad_len = e.error_len().unwrap_or(self.buf.len() - at);
                let bytes: Vec<String> = self.buf[at..at + bad_len]
                    .iter()
                    .map(|b| format!("0x{b:02X}"))
                    .collect();
                let what = match e.error_len() {
                    Some(1) => format!("invalid byte {}", bytes.join(" ")),
                    Some(_) => format!("invalid bytes {}", bytes.join(" ")),
                    None => format!("truncated byte sequence {}", bytes.join(" ")),
                };
                Err(anyhow!(
                    "{}:{}: the input is not UTF-8: {} at byte offset {} of the {}; \
                     convert it to UTF-8 first (a future -g/--guess or -e ENC option \
                     will decode other encodings)",
                    self.name,
                    self.line_number,
                    what,
                    start + at as u64,
                    if self.name == STDIN_NAME {
                        "input"
                    } else {
                        "file"
                    },
                ))
            }
        }
    }
}

/// An I/O error's message without Rust's "(os error N)" suffix.
pub fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(bytes: &'static [u8]) -> LineReader {
        LineReader::new("test.txt".to_string(), Box::new(bytes))
    }

    #[test]
    fn lines_keep_their_line_breaks() {
        let mut r = reader(b"one\r\ntwo\nthree");
        assert_eq!(r.next_line().unwrap(), Some((1, "one\r\n")));
        assert_eq!(r.next_line().unwrap(), Some((2, "two\n")));
        assert_eq!(r.next_line().unwrap(), Some((3, "three")));
        assert_eq!(r.next_line().unwrap(), None);
    }

    #[test]
    fn invalid_utf8_names_line_and_offset() {
        let mut r = reader(b"fine\nbad \xff here\n");
        assert_eq!(r.next_line().unwrap(), Some((1, "fine\n")));
        let err = r.next_line().unwrap_err().to_string();
        assert!(
            err.starts_with("test.txt:2: the input is not UTF-8"),
            "{err}"
        );
        assert!(err.contains("0xFF"), "{err}");
        assert!(err.contains("byte offset 9 of the file"), "{err}");
    }

    #[test]
    fn truncated_sequence_at_the_end() {
        let mut r = reader(b"caf\xc3");
        let err = r.next_line().unwrap_err().to_string();
        assert!(err.contains("truncated byte sequence 0xC3"), "{err}");
        assert!(err.contains("byte offset 3"), "{err}");
    }
}
