//! Fixes that work on the bytes recovered from mojibake, before they are decoded as UTF-8.

use std::borrow::Cow;

/// Rewrites `bytes` wherever `find(bytes, pos)` reports a match `(len, replacement)` at
/// `pos`; matches do not overlap, and are looked for from left to right. Every match holds a
/// needle byte (found by `next_needle`, which returns the offset of the first one in the
/// slice it is given) no more than `reach` bytes after its start, so `find` is asked only
/// there: the result is the same as asking it at every position. Borrows when nothing
/// matches.
fn rewrite<'a>(
    bytes: &'a [u8],
    next_needle: impl Fn(&[u8]) -> Option<usize>,
    reach: usize,
    mut find: impl FnMut(&[u8], usize) -> Option<(usize, Vec<u8>)>,
) -> Cow<'a, [u8]> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(needle) = bytes.get(pos..).and_then(&next_needle).map(|k| pos + k) {
        // No match starts before `needle - reach`; the matches that start up to `needle`
        // are all found from here, and the next one after it needs the next needle.
        pos = pos.max(needle.saturating_sub(reach));
        while pos <= needle {
            if let Some((len, replacement)) = find(bytes, pos) {
                let buf = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 8));
                buf.extend_from_slice(&bytes[copied..pos]);
                buf.extend_from_slice(&replacement);
                pos += len;
                copied = pos;
            } else {
                pos += 1;
            }
        }
    }
    match out {
        None => Cow::Borrowed(bytes),
        Some(mut buf) => {
            buf.extend_from_slice(&bytes[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// The offset of the first space.
fn next_space(b: &[u8]) -> Option<usize> {
    memchr::memchr(b' ', b)
}

#[inline]
fn at(bytes: &[u8], i: usize, f: impl Fn(u8) -> bool) -> bool {
    bytes.get(i).is_some_and(|&b| f(b))
}

fn cont(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// A continuation byte other than 85 and A0, which the code pages show as `…`-like
/// punctuation and the no-break space.
fn cont_not_space_like(b: u8) -> bool {
    cont(b) && b != 0x85 && b != 0xA0
}

/// Where in `bytes` a UTF-8 sequence has a space (20) where its continuation byte A0 should be:
/// software that "cleans" no-break spaces turns `Ã\u{a0}` (à) into `Ã `. Returns the length of
/// the sequence at `i`. The space is always one to three bytes after `i`, and the byte
/// before it is always at least 80.
fn altered_utf8_at(b: &[u8], i: usize) -> Option<usize> {
    let first = b[i];
    let sp = |j: usize| b.get(j) == Some(&b' ');
    if matches!(first, 0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9) && sp(i + 1) {
        return Some(2);
    }
    if matches!(first, 0xE2 | 0xE3) && sp(i + 1) && at(b, i + 2, cont_not_space_like) {
        return Some(3);
    }
    if (0xE0..=0xE3).contains(&first) && at(b, i + 1, cont_not_space_like) && sp(i + 2) {
        return Some(3);
    }
    if first == 0xF0 {
        for gap in 1..=3 {
            let ok = (1..=3).all(|k| {
                if k == gap {
                    sp(i + k)
                } else {
                    at(b, i + k, cont)
                }
            });
            if ok {
                return Some(4);
            }
        }
    }
    None
}

/// Whether `bytes` contain a UTF-8 sequence whose A0 byte seems to have become a space.
pub fn has_altered_utf8(bytes: &[u8]) -> bool {
    // Only the three bytes before a space that follows a byte above 7F can start such a
    // sequence. Each such sequence has its own space one to three bytes after its start,
    // and before that space either its lead byte (C0 and above), or a continuation byte
    // that a lead byte E0 and above two bytes before, or F0 three bytes before, begins: a
    // space after a two-byte character (`Ã©` before a space, most of them) is passed over
    // without a closer look.
    let altered_before = |space: usize| {
        let back = |k: usize| space.checked_sub(k).map_or(0, |j| bytes[j]);
        let before = back(1);
        (before >= 0xC0 || back(2) >= 0xE0 || back(3) == 0xF0)
            && (space.saturating_sub(3)..space).any(|i| altered_utf8_at(bytes, i).is_some())
    };
    // Mojibake has a space every few bytes, too many to find one at a time: 32 positions
    // are tested for the pair at once (the compiler makes it a few vector instructions and
    // a byte mask), and only the pairs found are looked at closely.
    let mut i = 1;
    while i + 32 <= bytes.len() {
        let window: &[u8; 33] = bytes[i - 1..i + 32].try_into().expect("33 bytes");
        let mut pairs = 0u32;
        for j in 0..32 {
            pairs |= (((window[j + 1] == b' ') & (window[j] >= 0x80)) as u32) << j;
        }
        while pairs != 0 {
            if altered_before(i + pairs.trailing_zeros() as usize) {
                return true;
            }
            pairs &= pairs - 1;
        }
        i += 32;
    }
    (i..bytes.len())
        .any(|space| bytes[space] == b' ' && bytes[space - 1] >= 0x80 && altered_before(space))
}

/// Words after which a lone `Ã ` is not `à `: Portuguese "às", "àquele", "àquela", "àquilo"
/// are written with their own spelling, and a double space says the space was real.
const NOT_A_GRAVE_AFTER: &[&[u8]] = &[b" ", b"quele", b"quela", b"quilo", b"s "];

/// Puts back the no-break spaces (byte A0) that became plain spaces inside UTF-8 sequences.
///
/// `à` is `C3 A0` in UTF-8; read as windows-1252 it is `Ã` and a no-break space, which some
/// software turns into an ordinary space, so the French "voilà le travail" arrives as
/// "voilÃ le travail" or, with the space eaten, "voilÃ le travail". This works on the bytes
/// recovered from such text: `C3 20` before a word becomes `C3 A0 20` (the `à` and the space
/// after it), and a space inside any other UTF-8 sequence becomes A0.
pub fn restore_byte_a0(bytes: &[u8]) -> Cow<'_, [u8]> {
    let graves = rewrite(bytes, next_space, 1, |b, i| {
        if b[i] == 0xC3
            && b.get(i + 1) == Some(&b' ')
            && !NOT_A_GRAVE_AFTER.iter().any(|w| b[i + 2..].starts_with(w))
        {
            Some((2, vec![0xC3, 0xA0, b' ']))
        } else {
            None
        }
    });
    if let Cow::Owned(v) = restore_a0_in_sequences(&graves) {
        return Cow::Owned(v);
    }
    match graves {
        Cow::Owned(v) => Cow::Owned(v),
        Cow::Borrowed(_) => Cow::Borrowed(bytes),
    }
}

/// The second half of [`restore_byte_a0`] alone: a space inside a UTF-8 sequence becomes
/// A0, and `C3 20` before a word too (`à`), with no space put after it. Vietnamese `hài`
/// through windows-1250 with its no-break space made a space is `hĂ i`, which ftfy's
/// `restore_byte_a0` reads as `hà i`, the French `à` of `voilÃ le travail`. A plan names
/// it `restore_byte_a0_in_sequences`.
pub fn restore_a0_in_sequences(bytes: &[u8]) -> Cow<'_, [u8]> {
    rewrite(bytes, next_space, 3, |b, i| {
        altered_utf8_at(b, i).map(|len| {
            let fixed = b[i..i + len]
                .iter()
                .map(|&x| if x == b' ' { 0xA0 } else { x })
                .collect();
            (len, fixed)
        })
    })
}

/// The length of a UTF-8 sequence at `i` that lost a byte: one replaced by `?` (what an encoder
/// writes for a character it cannot show) or by 1A (the SUB control that the sloppy code pages
/// write for U+FFFD), or a 1A alone. The `?` or 1A is always within five bytes after `i`.
fn lossy_at(b: &[u8], i: usize) -> Option<usize> {
    let first = b[i];
    let sub = |x: u8| x == 0x1A;
    let lost = |x: u8| x == 0x1A || x == b'?';
    let cont_or_sub = |x: u8| x == 0x1A || cont(x);
    let any_of3 = |x: u8| x == 0x1A || x == b'?' || cont(x);
    match first {
        0xC2..=0xDF if at(b, i + 1, sub) => return Some(2),
        0xC2..=0xC3 if at(b, i + 1, |x| x == b'?') => return Some(2),
        _ => {}
    }
    if first == 0xED {
        let hi = |x: u8| (0xA0..=0xAF).contains(&x);
        let lo = |x: u8| (0xB0..=0xBF).contains(&x);
        let e = |j: usize| b.get(j) == Some(&0xED);
        if at(b, i + 1, hi)
            && at(b, i + 2, lost)
            && e(i + 3)
            && at(b, i + 4, lo)
            && at(b, i + 5, any_of3)
        {
            return Some(6);
        }
        if at(b, i + 1, hi)
            && at(b, i + 2, any_of3)
            && e(i + 3)
            && at(b, i + 4, lo)
            && at(b, i + 5, lost)
        {
            return Some(6);
        }
    }
    if (0xE0..=0xEF).contains(&first)
        && ((at(b, i + 1, lost) && at(b, i + 2, cont_or_sub))
            || (at(b, i + 1, cont_or_sub) && at(b, i + 2, lost)))
    {
        return Some(3);
    }
    if (0xF0..=0xF4).contains(&first) {
        for gap in 1..=3 {
            let ok = (1..=3).all(|k| {
                if k == gap {
                    at(b, i + k, lost)
                } else {
                    at(b, i + k, cont_or_sub)
                }
            });
            if ok {
                return Some(4);
            }
        }
    }
    if sub(first) {
        return Some(1);
    }
    None
}

/// Replaces UTF-8 sequences that lost a byte with the UTF-8 for U+FFFD.
///
/// When mojibake passes through a code page that lacks one of its characters, that byte is
/// replaced, usually by `?`; the sequence can no longer be decoded, and without this fix one
/// such sequence would stop the whole text from being repaired. Marking it as U+FFFD keeps
/// the loss visible and lets the rest be decoded.
pub fn replace_lossy_sequences(bytes: &[u8]) -> Cow<'_, [u8]> {
    let next_lost = |b: &[u8]| memchr::memchr2(0x1A, b'?', b);
    rewrite(bytes, next_lost, 5, |b, i| {
        lossy_at(b, i).map(|len| (len, "\u{fffd}".as_bytes().to_vec()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain rewrite: `find` asked at every position.
    fn rewrite_everywhere(
        bytes: &[u8],
        find: impl Fn(&[u8], usize) -> Option<(usize, Vec<u8>)>,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            if let Some((len, replacement)) = find(bytes, pos) {
                out.extend_from_slice(&replacement);
                pos += len;
            } else {
                out.push(bytes[pos]);
                pos += 1;
            }
        }
        out
    }

    fn restore_byte_a0_everywhere(bytes: &[u8]) -> Vec<u8> {
        let graves = rewrite_everywhere(bytes, |b, i| {
            (b[i] == 0xC3
                && b.get(i + 1) == Some(&b' ')
                && !NOT_A_GRAVE_AFTER.iter().any(|w| b[i + 2..].starts_with(w)))
            .then(|| (2, vec![0xC3, 0xA0, b' ']))
        });
        rewrite_everywhere(&graves, |b, i| {
            altered_utf8_at(b, i).map(|len| {
                let fixed = b[i..i + len]
                    .iter()
                    .map(|&x| if x == b' ' { 0xA0 } else { x })
                    .collect();
                (len, fixed)
            })
        })
    }

    /// Bytes the sequences these fixes look for are made of, alone and in pairs that start
    /// them (so that the six-byte surrogate pairs come up too), and a few others.
    fn damaged_bytes() -> impl Strategy<Value = Vec<u8>> {
        let pieces: Vec<&[u8]> = vec![
            b"\xC2",
            b"\xC3",
            b"\xC5",
            b"\xCE",
            b"\xD0",
            b"\xD9",
            b"\xDF",
            b"\xE0",
            b"\xE2",
            b"\xE3",
            b"\xED",
            b"\xEF",
            b"\xF0",
            b"\xF4",
            b"\x80",
            b"\x85",
            b"\x99",
            b"\xA0",
            b"\xAF",
            b"\xB0",
            b"\xBF",
            b"\x1A",
            b"?",
            b" ",
            b"s",
            b"q",
            b"u",
            b"e",
            b"l",
            b"a",
            b"\xED\xA0",
            b"\xED\xB0",
            b"\xC3 ",
            b"\xE2 ",
            b"\xF0\x9F",
        ];
        prop::collection::vec(prop::sample::select(pieces), 0..24)
            .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Asking only near a needle byte finds what asking everywhere finds.
        #[test]
        fn needles_find_every_match(bytes in damaged_bytes()) {
            prop_assert_eq!(
                replace_lossy_sequences(&bytes).into_owned(),
                rewrite_everywhere(&bytes, |b, i| {
                    lossy_at(b, i).map(|len| (len, "\u{fffd}".as_bytes().to_vec()))
                })
            );
            prop_assert_eq!(restore_byte_a0(&bytes).into_owned(), restore_byte_a0_everywhere(&bytes));
            prop_assert_eq!(
                has_altered_utf8(&bytes),
                (0..bytes.len()).any(|i| altered_utf8_at(&bytes, i).is_some())
            );
            // The repair search asks `has_altered_utf8` only of bytes that are not UTF-8.
            prop_assert!(!has_altered_utf8(&bytes) || std::str::from_utf8(&bytes).is_err());
        }

        /// Valid UTF-8 never has a sequence cut short by a space.
        #[test]
        fn valid_utf8_is_never_altered(text in "[ a\u{80}-\u{7ff}\u{800}-\u{2fff}\u{10000}-\u{10100}]{0,40}") {
            prop_assert!(!has_altered_utf8(text.as_bytes()));
        }
    }

    #[test]
    fn a_grave_before_a_word() {
        assert_eq!(&*restore_byte_a0(b"voil\xc3 le"), b"voil\xc3\xa0 le");
        assert_eq!(&*restore_byte_a0(b"\xc3 s o"), b"\xc3\xa0s o");
        assert_eq!(&*restore_byte_a0(b"\xe2 \x99"), b"\xe2\xa0\x99");
        assert!(matches!(restore_byte_a0(b"plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a0_inside_sequences_only() {
        // No space is put after the `à`: Vietnamese `hài`, not `hà i`.
        assert_eq!(&*restore_a0_in_sequences(b"h\xc3 i"), b"h\xc3\xa0i");
        assert_eq!(&*restore_a0_in_sequences(b"\xe2 \x99"), b"\xe2\xa0\x99");
        assert!(matches!(
            restore_a0_in_sequences(b"plain"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn lossy_sequences() {
        assert_eq!(
            &*replace_lossy_sequences(b"a\xe2?\x99b"),
            "a\u{fffd}b".as_bytes()
        );
        assert_eq!(&*replace_lossy_sequences(b"\xc3?"), "\u{fffd}".as_bytes());
        assert_eq!(&*replace_lossy_sequences(b"\x1a"), "\u{fffd}".as_bytes());
        assert!(matches!(replace_lossy_sequences(b"why?"), Cow::Borrowed(_)));
    }
}
