//! Reading a UTF-8 file by spans, in parallel.
//!
//! With several threads, a thread that read its batch under the reader's lock held the
//! others up for the copy from the page cache and the UTF-8 check: on ASCII-heavy text
//! that was most of the work, and two threads went no faster than one. For a regular file
//! of UTF-8 taken as it is, the reader instead only marks out the next span of whole lines
//! (it reads a few kilobytes at the span's end to find the last line break), and the
//! thread that gets the span reads it with `pread` and checks it, outside the lock.
//!
//! What depends on earlier text in the same input is settled in order all the same:
//! whether a `<` came before (entities are left alone after one, `UnescapeHtml::Auto`),
//! through a [`Ledger`] that every
//! batch of the input reports to; the line a decoding error names, by the writer.

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::sync::{Arc, Condvar, Mutex};

/// How much the reader reads at a time, backwards from a span's end, to find its last
/// line break.
const PROBE: usize = 4 << 10;

/// A span of an input's bytes, to be read by the thread that fixes it.
pub struct Span {
    pub file: Arc<File>,
    pub offset: u64,
    pub len: usize,
    /// The span ends the input.
    pub last: bool,
}

impl Span {
    /// Reads the span into `buf` (emptied first). A file that got shorter since its span
    /// was marked out is an error.
    pub fn read_into(&self, buf: &mut Vec<u8>) -> io::Result<()> {
        read_exact_at(&self.file, self.offset, self.len, buf)
    }
}

/// Reads `len` bytes of `file` from `offset` into `buf` (emptied first), straight into its
/// spare room: zeroing it first took 4% of the time on English text. Fewer bytes than
/// asked (the file got shorter since it was measured) is an error.
fn read_exact_at(file: &File, offset: u64, len: usize, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    buf.reserve(len);
    let fd = file.as_raw_fd();
    let mut done = 0;
    while done < len {
        let at = libc::off_t::try_from(offset + done as u64).map_err(io::Error::other)?;
        // SAFETY: the pointer is into the vector's spare capacity, at least `len` bytes
        // (reserved above) that nothing else refers to; `pread` writes at most `len - done`
        // bytes there, from `done` on, and says how many.
        let n = unsafe { libc::pread(fd, buf.as_mut_ptr().add(done).cast(), len - done, at) };
        match n {
            0 => {
                return Err(io::Error::other(
                    "the file got shorter while it was read; run again once nothing writes to it",
                ))
            }
            n if n > 0 => {
                done += n as usize;
                // SAFETY: the first `done` bytes were written by `pread`.
                unsafe { buf.set_len(done) };
            }
            _ => {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
        }
    }
    Ok(())
}

/// The end of the last `\n` in `file[start..end]` (the offset just after it), reading
/// backwards `PROBE` bytes at a time; `None` when there is none.
pub fn last_line_end(
    file: &File,
    start: u64,
    end: u64,
    probe: &mut Vec<u8>,
) -> io::Result<Option<u64>> {
    let mut hi = end;
    while hi > start {
        let lo = hi.saturating_sub(PROBE as u64).max(start);
        read_exact_at(file, lo, (hi - lo) as usize, probe)?;
        if let Some(i) = memchr::memrchr(b'\n', probe) {
            return Ok(Some(lo + i as u64 + 1));
        }
        hi = lo;
    }
    Ok(None)
}

/// Whether each batch of an input holds a `<`, reported by the threads as they read their
/// batches (in any order), so that each can learn whether one came before it.
#[derive(Default)]
pub struct Ledger {
    state: Mutex<LedgerState>,
    reported: Condvar,
}

#[derive(Default)]
struct LedgerState {
    /// Every batch before this one has reported.
    next: u64,
    /// The first batch known to hold a `<`.
    first_less_than: Option<u64>,
    /// Reports that came before an earlier batch's.
    early: BTreeMap<u64, bool>,
    /// Threads waiting for a report.
    sleepers: usize,
}

impl Ledger {
    fn report(&self, seq: u64, less_than: bool) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if less_than {
            state.first_less_than = Some(state.first_less_than.map_or(seq, |f| f.min(seq)));
        }
        state.early.insert(seq, less_than);
        loop {
            let next = state.next;
            if state.early.remove(&next).is_none() {
                break;
            }
            state.next += 1;
        }
        let sleepers = state.sleepers;
        drop(state);
        // A wake-up is a system call: only made for a thread that sleeps.
        if sleepers > 0 {
            self.reported.notify_all();
        }
    }

    /// Whether a batch before `seq` holds a `<`, if known yet.
    fn known(&self, seq: u64) -> Option<bool> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.first_less_than.is_some_and(|f| f < seq) {
            Some(true)
        } else {
            (state.next >= seq).then_some(false)
        }
    }

    /// Whether a batch before `seq` holds a `<`: waits until that is known.
    fn before(&self, seq: u64) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.first_less_than.is_some_and(|f| f < seq) {
                return true;
            }
            if state.next >= seq {
                return false;
            }
            state.sleepers += 1;
            state = self.reported.wait(state).unwrap_or_else(|e| e.into_inner());
            state.sleepers -= 1;
        }
    }
}

/// A batch's place in its input's [`Ledger`]. It reports once, whatever happens: dropped
/// unreported (the batch failed, or its thread panicked), it reports a `<`, so that no
/// later batch waits for it forever.
pub struct Turn {
    pub ledger: Arc<Ledger>,
    pub seq: u64,
    reported: bool,
}

impl Turn {
    pub fn new(ledger: Arc<Ledger>, seq: u64) -> Turn {
        Turn {
            ledger,
            seq,
            reported: false,
        }
    }

    /// Reports whether this batch holds a `<` (once).
    pub fn report(&mut self, text: &[u8]) {
        if !self.reported {
            self.reported = true;
            self.ledger
                .report(self.seq, memchr::memchr(b'<', text).is_some());
        }
    }

    /// Whether a `<` came before this batch, if that is known yet.
    pub fn known(&self) -> Option<bool> {
        self.ledger.known(self.seq)
    }

    /// Whether a `<` came before this batch: waits until that is known.
    pub fn before(&self) -> bool {
        self.ledger.before(self.seq)
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if !self.reported {
            self.ledger.report(self.seq, true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_ledger_answers_in_order_whatever_order_reports_come_in() {
        let ledger = Arc::new(Ledger::default());
        // Batches 0..6; batch 3 holds a `<`.
        let mut turns: Vec<Turn> = (0..6).map(|i| Turn::new(Arc::clone(&ledger), i)).collect();
        let texts: Vec<&[u8]> = vec![b"a", b"b", b"c", b"<d", b"e", b"f"];
        let answers: Vec<(u64, bool)> = std::thread::scope(|scope| {
            let handles: Vec<_> = turns
                .drain(..)
                .rev()
                .map(|mut turn| {
                    let text = texts[turn.seq as usize];
                    scope.spawn(move || {
                        turn.report(text);
                        (turn.seq, turn.before())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (seq, before) in answers {
            assert_eq!(before, seq > 3, "batch {seq}");
        }
    }

    #[test]
    fn a_turn_dropped_unreported_does_not_hold_the_others_up() {
        let ledger = Arc::new(Ledger::default());
        let first = Turn::new(Arc::clone(&ledger), 0);
        let mut second = Turn::new(Arc::clone(&ledger), 1);
        assert_eq!(second.known(), None);
        drop(first);
        assert_eq!(second.known(), Some(true));
        second.report(b"text");
        assert!(second.before());
    }

    #[test]
    fn spans_read_what_the_file_holds_and_line_ends_are_found() {
        let path = std::env::temp_dir().join(format!("textmend-spans-{}", std::process::id()));
        let mut text = Vec::new();
        for i in 0..20_000 {
            writeln!(text, "line {i} {}", "x".repeat(i % 50)).unwrap();
        }
        std::fs::write(&path, &text).unwrap();
        let file = Arc::new(File::open(&path).unwrap());
        let _ = std::fs::remove_file(&path);
        let mut probe = Vec::new();
        for (start, end) in [(0, text.len()), (1000, 50_000), (7, 8), (123_456, 300_000)] {
            let end = end.min(text.len());
            let expect = memchr::memrchr(b'\n', &text[start..end]).map(|i| (start + i + 1) as u64);
            let found = last_line_end(&file, start as u64, end as u64, &mut probe).unwrap();
            assert_eq!(found, expect, "{start}..{end}");
        }
        let span = Span {
            file: Arc::clone(&file),
            offset: 100,
            len: 70_000,
            last: false,
        };
        let mut buf = Vec::new();
        span.read_into(&mut buf).unwrap();
        assert_eq!(buf, &text[100..70_100]);
        let beyond = Span {
            file,
            offset: text.len() as u64 - 10,
            len: 20,
            last: true,
        };
        assert!(beyond.read_into(&mut buf).is_err());
    }
}
