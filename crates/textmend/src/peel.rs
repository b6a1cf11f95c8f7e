//! Nested HTML entities and terminal escapes, peeled to the end in one pass.
//!
//! `unescape_html` decodes the escapes it finds in one pass, and what it decodes can make a
//! new one: `&amp;amp;amp;` becomes `&amp;amp;`. `remove_terminal_escapes` likewise: in
//! `ESC [ ESC [ 31m m` the inner sequence goes, which makes the outer one whole. The
//! pipeline repeats its rounds of fixes until the text stops changing, as ftfy does, so
//! such text loses one layer a round, and n bytes of it cost about n/4 rounds of O(n).
//!
//! [`peel`] gives the text those fixes alone end at, in one pass. It is exact because the
//! two form a rewriting system with one answer whatever the order:
//!
//! - An escape that decodes (a *redex*: `&`, an optional `#`, 1 to 24 ASCII letters and
//!   digits, `;`, and a decoding; or ESC, `[`, decimal digits and `;`, an ASCII letter) is
//!   one by its own characters alone, whatever surrounds it.
//! - Two redexes never overlap: each has its `&` or ESC only at its start, and neither
//!   kind has the other's first character inside it.
//! - So rewriting one leaves every other a redex, and rewriting two in either order gives
//!   the same text; and every rewrite leaves fewer characters (see the tests). Such a
//!   system ends, from any text, at one and the same irreducible text, however the
//!   rewrites are ordered (and a rewrite done in one order is done, in its own place, in
//!   every other: the same characters come out).
//! - One pass of `unescape_html` rewrites every entity redex of its text, and one of
//!   `remove_terminal_escapes` every escape redex; a text that neither changes has no
//!   redex left. Rounds of the two therefore end at that irreducible text, and so does
//!   [`peel`], which rewrites from left to right with a stack: the output so far never
//!   holds a redex (any new one ends at the character just added, and that is checked),
//!   and what a rewrite decodes goes back in front of the rest of the input.
//!
//! The pipeline uses it where no other fix could act on the text at any of the layers
//! between (see `pipeline.rs`); the rounds then do nothing but peel, and [`peel`] gives
//! what they give.
//!
//! Each character is added once from the input and once more for each time it is decoded;
//! an entity is checked for back to at most 26 bytes, and an escape back over its digits
//! and semicolons, a run that is checked again only when it is at most 24 characters long
//! (a longer run stays under the letter that failed it for good). So the pass is linear.

use crate::fixes::html::{decode_body, Decoded, MAX_NAME_LEN};
use crate::fixes::terminal::is_decimal_digit;

const ESC: char = '\u{1b}';

/// The text that repeating `unescape_html` (when `entities`) and `remove_terminal_escapes`
/// (when `escapes`) ends at: `Some(None)` when that is `text` itself, `Some(Some(peeled))`
/// otherwise. `allow` is asked about every character an escape decodes to, at once; the
/// first it refuses ends the pass with `None`.
pub(crate) fn peel(
    text: &str,
    entities: bool,
    escapes: bool,
    mut allow: impl FnMut(char) -> bool,
) -> Option<Option<String>> {
    let mut peeler = Peeler {
        out: String::with_capacity(text.len()),
        pending: Vec::new(),
        escs: 0,
        entities,
        escapes,
        changed: false,
    };
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        // Copy up to the next character that may end a redex or starts an escape: `;`,
        // ESC, and ASCII letters once an ESC is in the output.
        let rest = &bytes[pos..];
        let next = if escapes && peeler.escs > 0 {
            rest.iter()
                .position(|&b| b == b';' || b == 0x1B || b.is_ascii_alphabetic())
        } else {
            match (entities, escapes) {
                (true, true) => memchr::memchr2(b';', 0x1B, rest),
                (true, false) => memchr::memchr(b';', rest),
                (false, true) => memchr::memchr(0x1B, rest),
                (false, false) => None,
            }
        };
        let Some(offset) = next else {
            peeler.out.push_str(&text[pos..]);
            break;
        };
        let at = pos + offset;
        peeler.out.push_str(&text[pos..at]);
        // An ASCII byte, so a whole character.
        pos = at + 1;
        peeler.add(char::from(bytes[at]), &mut allow)?;
        while let Some(c) = peeler.pending.pop() {
            peeler.add(c, &mut allow)?;
        }
    }
    Some(peeler.changed.then_some(peeler.out))
}

/// The state of [`peel`].
struct Peeler {
    /// The text so far, with no redex in it.
    out: String,
    /// What rewrites decoded, to be read before the rest of the input, last first.
    pending: Vec<char>,
    /// How many ESC characters `out` holds.
    escs: usize,
    entities: bool,
    escapes: bool,
    changed: bool,
}

impl Peeler {
    /// Adds `c` to the output and rewrites the redex it ends, if any. `None` when `allow`
    /// refuses a decoded character.
    fn add(&mut self, c: char, allow: &mut impl FnMut(char) -> bool) -> Option<()> {
        self.out.push(c);
        if c == ESC {
            self.escs += 1;
        } else if c == ';' && self.entities {
            self.entity_ending_here(allow)?;
        } else if c.is_ascii_alphabetic() && self.escapes && self.escs > 0 {
            self.escape_ending_here();
        }
        Some(())
    }

    /// Decodes the entity that the `;` just added ends, if there is one that decodes.
    fn entity_ending_here(&mut self, allow: &mut impl FnMut(char) -> bool) -> Option<()> {
        let b = self.out.as_bytes();
        let semi = b.len() - 1;
        let mut start = semi;
        while start > 0 && semi - start <= MAX_NAME_LEN && b[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        let len = semi - start;
        if len == 0 || len > MAX_NAME_LEN || start == 0 {
            return Some(());
        }
        let (amp, numeric) = match b[start - 1] {
            b'&' => (start - 1, false),
            b'#' if start >= 2 && b[start - 2] == b'&' => (start - 2, true),
            _ => return Some(()),
        };
        let Some(decoded) = decode_body(&self.out[start..semi], numeric) else {
            return Some(());
        };
        let mut queue = |c: char| {
            if allow(c) {
                self.pending.push(c);
                Some(())
            } else {
                None
            }
        };
        match decoded {
            Decoded::Text(s) => s.chars().rev().try_for_each(&mut queue)?,
            Decoded::Char(c) => queue(c)?,
            Decoded::Nothing => {}
        }
        self.out.truncate(amp);
        self.changed = true;
        Some(())
    }

    /// Removes the terminal escape that the ASCII letter just added ends, if there is one.
    fn escape_ending_here(&mut self) {
        let before = &self.out[..self.out.len() - 1];
        let mut end = before.len();
        while let Some(c) = before[..end].chars().next_back() {
            if c != ';' && !is_decimal_digit(c) {
                break;
            }
            end -= c.len_utf8();
        }
        if before[..end].ends_with("\u{1b}[") {
            self.out.truncate(end - 2);
            self.escs -= 1;
            self.changed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixes::{remove_terminal_escapes, unescape_html};
    use crate::test_rng::next;

    /// The rounds `peel` stands for: both fixes, one pass each, until neither changes.
    fn rounds(text: &str, entities: bool, escapes: bool) -> String {
        let mut current = text.to_string();
        loop {
            let mut next = current.clone();
            if entities {
                next = unescape_html(&next).into_owned();
            }
            if escapes {
                next = remove_terminal_escapes(&next).into_owned();
            }
            if next == current {
                return current;
            }
            current = next;
        }
    }

    fn peeled(text: &str, entities: bool, escapes: bool) -> String {
        match peel(text, entities, escapes, |_| true).expect("everything allowed") {
            Some(s) => s,
            None => text.to_string(),
        }
    }

    #[test]
    fn nested_layers() {
        let entities = format!("&{}", "amp;".repeat(50));
        assert_eq!(peeled(&entities, true, false), "&");
        let escapes = format!("{}{}", "\x1b[".repeat(30), "31m".repeat(30));
        assert_eq!(peeled(&escapes, false, true), "");
        assert_eq!(peeled(&escapes, true, false), escapes);
        assert_eq!(peeled("&&#35;38;", true, false), "&");
        assert_eq!(peeled("&amp&semi;lt;", true, false), "<");
        assert_eq!(peeled("\x1b[3&#49;m", true, true), "");
        assert_eq!(peeled("\x1b[3&#49;m", false, true), "\x1b[3&#49;m");
        assert_eq!(peeled("&am\x1b[1mp;", true, true), "&");
        assert_eq!(peeled("\x1b[٣\x1b[1m١m", false, true), "");
        assert_eq!(peeled("x;y", true, true), "x;y");
        assert_eq!(peel("plain; text", true, true, |_| true), Some(None));
        assert_eq!(peel("&amp;eacute;", true, false, |c| c != 'é'), None);
    }

    /// Escapes shrink (a numeric one becomes one character or none), so the rewriting ends.
    #[test]
    fn every_entity_is_longer_than_what_it_decodes_to() {
        for (name, text) in crate::fixes::html::entities() {
            assert!(name.chars().count() + 2 > text.chars().count(), "{name}");
        }
    }

    /// Random texts made of the pieces of nested escapes, against the rounds.
    #[test]
    fn peel_gives_what_the_rounds_give() {
        let pieces = [
            "&", "amp;", "amp", ";", "#", "#38;", "#x26;", "38", "lt;", "semi;", "#59;", "a", "m",
            "p", "1", "٣", "\x1b", "[", "\x1b[", "31m", "m", "0;", "#27;", "#49;", "#91;",
            "lbrack;", "#x6d;", " ", "é", "&amp;", "\x1b[1m", "x", "AMP;", "#109;", "eacute;",
            "#0;", "#1;",
        ];
        let mut rng = 7u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..next(&mut rng) % 24 {
                text.push_str(pieces[next(&mut rng) % pieces.len()]);
            }
            for (entities, escapes) in [(true, true), (true, false), (false, true)] {
                assert_eq!(
                    peeled(&text, entities, escapes),
                    rounds(&text, entities, escapes),
                    "{text:?} {entities} {escapes}"
                );
            }
        }
    }

    /// Long runs of digits under letters, each checked once: a pass over 400 KB is quick.
    #[test]
    fn digit_runs_are_not_rescanned() {
        let text = format!("\x1b[{}-{}", "1".repeat(100_000), "a".repeat(100_000));
        assert_eq!(peeled(&text, true, true), text);
        let text = format!("\x1b x{}{}", "1;".repeat(100_000), "&#97;".repeat(50_000));
        let expected = format!("\x1b x{}{}", "1;".repeat(100_000), "a".repeat(50_000));
        assert_eq!(peeled(&text, true, true), expected);
    }
}
