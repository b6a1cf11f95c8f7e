//! Reading input: bytes from files or standard input, decoded to UTF-8 text as they stream
//! in (checked as UTF-8, decoded from a named encoding, or from a guessed one).

use anyhow::{anyhow, Result};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use textmend::detect::{complete_utf8_prefix, detect, Decoder, Detection, TextEncoding};

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

    /// Opens the input, with its file descriptor where there is one (for
    /// [`TextReader::new`]). Errors name the file.
    pub fn open(&self) -> Result<(Box<dyn Read + Send>, Option<RawFd>)> {
        Ok(match self {
            Source::Stdin => (Box::new(io::stdin()), Some(io::stdin().as_raw_fd())),
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
                let fd = file.as_raw_fd();
                (Box::new(file), Some(fd))
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
    /// The descriptor `reader` reads from, while UTF-8 taken as it is is read from it
    /// straight into the text buffer and validated there: every byte so far was well
    /// formed (see [`TextReader::read_utf8_in_place`]). `None` once the decoder reads.
    in_place: Option<RawFd>,
    /// The start of a character that the last read cut short (in-place reading).
    carry: Vec<u8>,
}

impl TextReader {
    /// A reader of `reader`'s bytes. With `fd`, the descriptor `reader` reads (a file, or
    /// standard input before anything else read from it), UTF-8 taken as it is is read
    /// straight into the text buffer; `reader` is then only used after a malformed byte.
    pub fn new(
        reader: Box<dyn Read + Send>,
        fd: Option<RawFd>,
        decoding: Decoding,
        replace: bool,
    ) -> TextReader {
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
            buf: Vec::new(),
            in_place: fd.filter(|_| matches!(decoding, Decoding::Utf8) && !replace),
            carry: Vec::new(),
        }
    }

    /// Goes on from byte `offset`, the bytes before it having been read by spans
    /// ([`crate::spans`]): UTF-8 read in place resumes there, as though this reader had
    /// read them.
    pub fn resume_at(&mut self, offset: u64) -> io::Result<()> {
        let Some(fd) = self.in_place else {
            return Err(io::Error::other(
                "internal error: no file to resume reading",
            ));
        };
        let to = libc::off_t::try_from(offset).map_err(io::Error::other)?;
        // SAFETY: `fd` is the open descriptor `reader` owns; lseek only moves its offset.
        if unsafe { libc::lseek(fd, to, libc::SEEK_SET) } < 0 {
            return Err(io::Error::last_os_error());
        }
        self.bytes_read = offset;
        self.text_len = offset;
        self.carry.clear();
        Ok(())
    }

    /// The encoding being decoded, once known.
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.decoder.as_ref().map(|d| d.encoding())
    }

    fn read_some(&mut self) -> Result<usize, InputError> {
        if self.buf.len() < READ_SIZE {
            self.buf.resize(READ_SIZE, 0);
        }
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
        if let Some(fd) = self.in_place {
            return self.read_utf8_in_place(fd, out);
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

    /// [`TextReader::read_text`] for UTF-8 taken as it is: up to [`READ_SIZE`] bytes are
    /// read from `fd` straight into `out`'s buffer and validated there. Read through a
    /// buffer of its own, every byte was copied once more (a tenth of the reading thread's
    /// work). A character cut by the end of a read waits in `carry` for the next one. At
    /// the first malformed byte, or a character cut by the end of the input, the decoder
    /// takes over from that byte on, so that errors read as they always do.
    fn read_utf8_in_place(&mut self, fd: RawFd, out: &mut String) -> Result<bool, InputError> {
        let start = out.len();
        let mut bytes = std::mem::take(out).into_bytes();
        bytes.append(&mut self.carry);
        bytes.reserve(READ_SIZE);
        let filled = bytes.len();
        let read = loop {
            // SAFETY: the pointer is to the vector's spare capacity, at least READ_SIZE bytes
            // (reserved just above) that nothing else refers to; `read` writes at most
            // READ_SIZE bytes there and says how many.
            let n = unsafe { libc::read(fd, bytes.as_mut_ptr().add(filled).cast(), READ_SIZE) };
            if n >= 0 {
                break Ok(n as usize);
            }
            let e = io::Error::last_os_error();
            if e.kind() != io::ErrorKind::Interrupted {
                break Err(e);
            }
        };
        let n = *read.as_ref().unwrap_or(&0);
        // SAFETY: the `n` bytes after `filled` were written by `read` (n <= READ_SIZE <= the
        // spare capacity).
        unsafe { bytes.set_len(filled + n) };
        self.bytes_read += n as u64;
        let last = matches!(read, Ok(0));
        let new = &bytes[start..];
        let complete = if last {
            new.len()
        } else {
            complete_utf8_prefix(new)
        };
        let valid = match simdutf8::basic::from_utf8(&new[..complete]) {
            Ok(_) => complete,
            Err(_) => simdutf8::compat::from_utf8(&new[..complete])
                .map_or_else(|e| e.valid_up_to(), |_| complete),
        };
        let rest = bytes.split_off(start + valid);
        self.text_len += valid as u64;
        // SAFETY: `bytes[..start]` was a `String`, and `bytes[start..]` is now the `valid`
        // bytes just validated as UTF-8 (up to the end of the last whole character): both
        // are UTF-8, and so is one after the other.
        *out = unsafe { String::from_utf8_unchecked(bytes) };
        if let Err(e) = read {
            self.carry = rest;
            return Err(InputError::Io(e));
        }
        if valid == complete {
            if last {
                self.eof = true;
                return Ok(false);
            }
            self.carry = rest;
            return Ok(true);
        }
        // A malformed byte, or a character cut by the end of the input: the decoder reads
        // the rest, and `reader` what follows.
        self.in_place = None;
        let decoder = self
            .decoder
            .take()
            .ok_or_else(|| InputError::Io(io::Error::other("internal error: no decoder")))?;
        let mut decoder = decoder.starting_at(self.text_len);
        let before = out.len();
        let result = decoder.decode(&rest, last, out);
        self.text_len += (out.len() - before) as u64;
        self.decoder = Some(decoder);
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
        let mut r = TextReader::new(Box::new(bytes), None, decoding, false);
        let mut out = String::new();
        loop {
            match r.read_text(&mut out) {
                Ok(true) => {}
                Ok(false) => return (out, Ok(())),
                Err(e) => return (out, Err(e)),
            }
        }
    }

    /// Reads `bytes` through a descriptor, in place where the decoding allows it: from a
    /// file, or from a pipe written a few bytes at a time. Returns the text, the error, and
    /// whether the reading was still in place at the end.
    fn read_fd(bytes: &[u8], pipe: bool, replace: bool) -> (String, Option<InputError>, bool) {
        use std::io::Write;
        let (reader, fd): (Box<dyn Read + Send>, RawFd) = if pipe {
            let (r, mut w) = io::pipe().expect("a pipe");
            let data = bytes.to_vec();
            std::thread::spawn(move || {
                for piece in data.chunks(1 + data.len() % 7) {
                    if w.write_all(piece).is_err() {
                        return;
                    }
                }
            });
            let fd = r.as_raw_fd();
            (Box::new(r), fd)
        } else {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path =
                std::env::temp_dir().join(format!("textmend-input-{}-{n}.txt", std::process::id()));
            std::fs::write(&path, bytes).expect("write a temporary file");
            let file = File::open(&path).expect("open it");
            let _ = std::fs::remove_file(&path);
            let fd = file.as_raw_fd();
            (Box::new(file), fd)
        };
        let mut r = TextReader::new(reader, Some(fd), Decoding::Utf8, replace);
        let mut out = String::new();
        loop {
            match r.read_text(&mut out) {
                Ok(true) => {}
                Ok(false) => {
                    assert_eq!(r.bytes_read, bytes.len() as u64);
                    return (out, None, r.in_place.is_some());
                }
                Err(e) => return (out, Some(e), r.in_place.is_some()),
            }
        }
    }

    /// UTF-8 read in place, from a file (characters cut by the end of each read of
    /// READ_SIZE bytes, at every place) or a pipe (reads of a few bytes), comes out as
    /// the decoder makes it of the same bytes: the same text, and the same error at the
    /// same offset after the same text, or the same replacements.
    #[test]
    fn utf8_read_in_place_matches_the_decoder() {
        let mut inputs: Vec<Vec<u8>> = Vec::new();
        for cut in 1..4 {
            // A character across the end of the first read, then text, then a character
            // across the end of the second.
            let mut text = "a".repeat(READ_SIZE - cut).into_bytes();
            text.extend_from_slice("\u{1f600}\u{e9}\u{20ac} line\n".as_bytes());
            text.extend(std::iter::repeat_n(b'b', READ_SIZE - 20 + cut));
            text.extend_from_slice("\u{4e2d}\u{feff}x\n".as_bytes());
            inputs.push(text.clone());
            // A malformed byte after the first read's end, and one across it.
            let mut bad = text.clone();
            bad[READ_SIZE + 30] = 0xFF;
            inputs.push(bad);
            let mut across = text.clone();
            across[READ_SIZE - cut + 1] = b'z';
            inputs.push(across);
            // Cut short at the end.
            let mut short = text.clone();
            short.extend_from_slice(&"\u{1f600}".as_bytes()[..cut]);
            inputs.push(short);
        }
        inputs.push(b"\xef\xbb\xbfa BOM stays\n".to_vec());
        inputs.push(b"".to_vec());
        inputs.push(b"\x80 at once".to_vec());
        for bytes in &inputs {
            for replace in [false, true] {
                let mut decoder = TextEncoding::UTF_8_RAW.new_decoder(replace);
                let mut want = String::new();
                let want_err = decoder.decode(bytes, true, &mut want).err();
                for pipe in [false, true] {
                    let (got, err, in_place) = read_fd(bytes, pipe, replace);
                    let what = format!("{} bytes, pipe {pipe}, replace {replace}", bytes.len());
                    assert!(got == want, "{what}");
                    match (&err, &want_err) {
                        (None, None) => {}
                        (Some(InputError::Decode(e)), Some(w)) => {
                            assert_eq!(
                                (e.offset, &e.bytes, e.truncated),
                                (w.offset, &w.bytes, w.truncated),
                                "{what}"
                            );
                        }
                        _ => panic!("{what}: {err:?} against {want_err:?}"),
                    }
                    // Well-formed input is read in place to its end.
                    if std::str::from_utf8(bytes).is_ok() {
                        assert_eq!(in_place, !replace, "{what}");
                    }
                }
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
            let mut r = TextReader::new(Box::new(bytes), None, Decoding::Utf8, true);
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
