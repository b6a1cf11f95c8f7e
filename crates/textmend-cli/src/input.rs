//! Reading input: bytes from files or standard input, decoded to UTF-8 text as they stream
//! in (checked as UTF-8, decoded from a named encoding, or from a guessed one).

use anyhow::{anyhow, Result};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use textmend::detect::{detect, Decoder, Detection, TextEncoding};

/// The name of standard input in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// How many bytes are read at a time.
pub const READ_SIZE: usize = 256 << 10;

/// How many bytes after the first non-ASCII one `--guess` looks at before it decides.
pub const GUESS_SAMPLE: usize = 1 << 20;

/// Where input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    /// A file; `relative` is its path under the `-r` folder it was found in, if any (for
    /// `--out-dir`).
    File {
        path: PathBuf,
        relative: Option<PathBuf>,
    },
}

impl Source {
    /// `-` is standard input; anything else is a file.
    pub fn from_arg(path: &Path) -> Source {
        if path.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File {
                path: path.to_path_buf(),
                relative: None,
            }
        }
    }

    /// How messages name this input.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => STDIN_NAME.to_string(),
            Source::File { path, .. } => path.display().to_string(),
        }
    }

    /// The file's size, when known (for the progress bar).
    pub fn size(&self) -> Option<u64> {
        match self {
            Source::Stdin => None,
            Source::File { path, .. } => std::fs::metadata(path).ok().map(|m| m.len()),
        }
    }

    /// Opens the input. Errors name the file.
    pub fn open(&self) -> Result<Box<dyn Read + Send>> {
        Ok(match self {
            Source::Stdin => Box::new(io::stdin()),
            Source::File { path, .. } => {
                if path.is_dir() {
                    return Err(anyhow!(
                        "{}: cannot open input file: it is a directory (use -r DIR to fix the files in a folder)",
                        path.display()
                    ));
                }
                let file = File::open(path).map_err(|e| {
                    anyhow!(
                        "{}: cannot open input file: {}",
                        path.display(),
                        describe(&e)
                    )
                })?;
                Box::new(file)
            }
        })
    }
}

/// How input bytes become text.
#[derive(Clone, Copy, Debug)]
pub enum Decoding {
    /// UTF-8, as it is (a byte order mark stays).
    Utf8,
    /// This encoding (`-e`).
    Named(TextEncoding),
    /// Guess (`-g`).
    Guess,
}

/// Why no more text could be had.
#[derive(Debug)]
pub enum InputError {
    /// A read failed.
    Io(io::Error),
    /// Malformed bytes in the encoding.
    Decode(textmend::detect::DecodeError),
}

/// One input's bytes, decoded to text chunk by chunk.
pub struct TextReader {
    reader: Box<dyn Read + Send>,
    replace: bool,
    decoder: Option<Decoder>,
    /// Bytes read but not yet decoded (while guessing).
    held: Vec<u8>,
    /// Bytes read so far.
    pub bytes_read: u64,
    eof: bool,
    /// What `--guess` found, once it has decided.
    pub detection: Option<Detection>,
    /// Bytes of text produced so far.
    text_len: u64,
    /// Whether every byte so far was ASCII or decoded as UTF-8.
    all_ascii_or_utf8: bool,
    buf: Vec<u8>,
}

impl TextReader {
    pub fn new(reader: Box<dyn Read + Send>, decoding: Decoding, replace: bool) -> TextReader {
        let decoder = match decoding {
            Decoding::Utf8 => Some(TextEncoding::UTF_8_RAW.new_decoder(replace)),
            Decoding::Named(encoding) => Some(encoding.new_decoder(replace)),
            Decoding::Guess => None,
        };
        TextReader {
            reader,
            replace,
            decoder,
            held: Vec::new(),
            bytes_read: 0,
            eof: false,
            detection: None,
            text_len: 0,
            all_ascii_or_utf8: true,
            buf: vec![0; READ_SIZE],
        }
    }

    /// The encoding being decoded, once known.
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.decoder.as_ref().map(|d| d.encoding())
    }

    fn read_some(&mut self) -> Result<usize, InputError> {
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(n) => {
                    self.bytes_read += n as u64;
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(InputError::Io(e)),
            }
        }
    }

    /// Appends the next decoded text to `out`. Returns `false` at the end of the input
    /// (after the last text was appended). On a decoding error, the text before the
    /// malformed bytes has been appended.
    pub fn read_text(&mut self, out: &mut String) -> Result<bool, InputError> {
        if self.eof {
            return Ok(false);
        }
        if self.decoder.is_none() {
            return self.guess(out);
        }
        let n = self.read_some()?;
        let last = n == 0;
        let chunk = &self.buf[..n];
        let decoder = self
            .decoder
            .as_mut()
            .ok_or_else(|| InputError::Io(io::Error::other("internal error: no decoder")))?;
        let before = out.len();
        let result = decoder.decode(chunk, last, out);
        self.text_len += (out.len() - before) as u64;
        if !self.all_ascii_or_utf8 || !chunk.is_ascii() {
            self.all_ascii_or_utf8 &= decoder.encoding().is_utf8();
        }
        result.map_err(InputError::Decode)?;
        if last {
            self.eof = true;
        }
        Ok(!last)
    }

    /// `--guess`: text up to the first byte that is not ASCII passes as it is (every
    /// encoding the guess can choose reads ASCII alike, and UTF-16 and UTF-32 show zero bytes
    /// at once); from there, up to [`GUESS_SAMPLE`] bytes are read to decide.
    fn guess(&mut self, out: &mut String) -> Result<bool, InputError> {
        loop {
            let first_other = self
                .held
                .iter()
                .position(|&b| b >= 0x80 || b == 0 || b == 0x1B);
            let enough = match first_other {
                Some(i) => self.held.len() >= i + GUESS_SAMPLE,
                None => false,
            };
            if enough || self.eof {
                break;
            }
            if first_other.is_none() && self.held.len() >= GUESS_SAMPLE {
                // A long ASCII start: pass it on and keep looking.
                let held = std::mem::take(&mut self.held);
                out.push_str(std::str::from_utf8(&held).unwrap_or_default());
                self.text_len += held.len() as u64;
                return Ok(true);
            }
            let n = self.read_some()?;
            if n == 0 {
                self.eof = true;
            } else {
                let chunk = self.buf[..n].to_vec();
                self.held.extend_from_slice(&chunk);
            }
        }
        let detection = detect(&self.held, self.eof);
        self.detection = Some(detection);
        let mut decoder = detection.encoding.new_decoder(self.replace);
        let held = std::mem::take(&mut self.held);
        let before = out.len();
        let result = decoder.decode(&held, self.eof, out);
        self.text_len += (out.len() - before) as u64;
        self.all_ascii_or_utf8 = held.is_ascii() || decoder.encoding().is_utf8();
        self.decoder = Some(decoder);
        result.map_err(InputError::Decode)?;
        Ok(!self.eof)
    }

    /// Whether the text differs from the input's bytes: another encoding was decoded, a
    /// byte order mark removed, malformed bytes replaced. (Exact at the end of the input.)
    pub fn transformed(&self) -> bool {
        !self.all_ascii_or_utf8
            || self.text_len != self.bytes_read
            || self.decoder.as_ref().is_some_and(Decoder::replaced)
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

    fn read_all(bytes: &'static [u8], decoding: Decoding) -> (String, Result<(), InputError>) {
        let mut r = TextReader::new(Box::new(bytes), decoding, false);
        let mut out = String::new();
        loop {
            match r.read_text(&mut out) {
                Ok(true) => {}
                Ok(false) => return (out, Ok(())),
                Err(e) => return (out, Err(e)),
            }
        }
    }

    #[test]
    fn utf8_passes_through() {
        let (text, result) = read_all("\u{FEFF}café\n".as_bytes(), Decoding::Utf8);
        assert!(result.is_ok());
        assert_eq!(text, "\u{FEFF}café\n");
    }

    #[test]
    fn invalid_utf8_gives_the_offset() {
        let (text, result) = read_all(b"fine\nbad \xff here\n", Decoding::Utf8);
        assert_eq!(text, "fine\nbad ");
        match result {
            Err(InputError::Decode(e)) => assert_eq!(e.offset, 9),
            other => panic!("{other:?}"),
        }
    }

    /// Malformed bytes replaced count as a change even where U+FFFD is as long as they
    /// were: a file cut short in the middle of an emoji (`F0 9F 98`), fixed in place with
    /// `--invalid replace`, must be written.
    #[test]
    fn replacing_is_a_transformation() {
        for (bytes, replaced) in [
            (&b"cut short \xf0\x9f\x98"[..], true),
            (b"cut \xf0\x9f\x98 inside", true),
            (b"a real \xef\xbf\xbd stays", false),
            (b"fine \xf0\x9f\x98\x80", false),
        ] {
            let mut r = TextReader::new(Box::new(bytes), Decoding::Utf8, true);
            let mut out = String::new();
            while r.read_text(&mut out).unwrap() {}
            assert_eq!(out.len(), bytes.len(), "{bytes:?}");
            assert_eq!(r.transformed(), replaced, "{bytes:?}");
        }
    }

    #[test]
    fn guessing_decodes_legacy_text() {
        let (text, result) = read_all(
            b"plain ascii first\ncaf\xe9 cr\xe8me br\xfbl\xe9e\n",
            Decoding::Guess,
        );
        assert!(result.is_ok());
        assert_eq!(text, "plain ascii first\ncafé crème brûlée\n");
        let (text, _) = read_all(b"", Decoding::Guess);
        assert_eq!(text, "");
    }
}
