//! Sorted strings kept one after another in one string, with a table of where each starts:
//! string `i` is `text[bounds[i]..bounds[i + 1]]`. A generated table of strings laid out so
//! needs no relocation when the program loads, where a slice of `&str` needs one a string.
//! A string is found by a binary search over the strings' first eight bytes as numbers
//! ([`keys`], worked out when the program is compiled), then a comparison of the few that
//! share them.

/// `bytes[start..end]`'s first eight bytes as a big-endian number, zeros for bytes it lacks:
/// keys sort as the strings do.
pub(crate) const fn key(bytes: &[u8], start: usize, end: usize) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 {
        key = key << 8
            | if start + i < end {
                bytes[start + i] as u64
            } else {
                0
            };
        i += 1;
    }
    key
}

/// The [`key`] of each of the `N` strings of `text` cut at `bounds`, in their order: for a
/// `static`, so that it is worked out when the program is compiled.
pub(crate) const fn keys<const N: usize>(text: &str, bounds: &[u32]) -> [u64; N] {
    let mut keys = [0u64; N];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < N {
        keys[i] = key(bytes, bounds[i] as usize, bounds[i + 1] as usize);
        i += 1;
    }
    keys
}

/// Where string `i` lies in the text.
fn span(bounds: &[u32], i: usize) -> std::ops::Range<usize> {
    bounds[i] as usize..bounds[i + 1] as usize
}

/// The bytes of string `i`.
pub(crate) fn bytes(text: &'static str, bounds: &[u32], i: usize) -> &'static [u8] {
    &text.as_bytes()[span(bounds, i)]
}

/// String `i`.
pub(crate) fn string(text: &'static str, bounds: &[u32], i: usize) -> &'static str {
    &text[span(bounds, i)]
}

/// Every string, in order.
#[cfg(test)]
pub(crate) fn strings(
    text: &'static str,
    bounds: &'static [u32],
) -> impl Iterator<Item = &'static str> {
    (0..bounds.len() - 1).map(move |i| string(text, bounds, i))
}

/// Which string `wanted` is, if it is one of them: `keys` are [`keys`] of `text` and
/// `bounds`.
pub(crate) fn find(
    keys: &[u64],
    text: &'static str,
    bounds: &[u32],
    wanted: &[u8],
) -> Option<usize> {
    let key = key(wanted, 0, wanted.len());
    let first = keys.partition_point(|&k| k < key);
    (first..keys.len())
        .take_while(|&i| keys[i] == key)
        .find(|&i| bytes(text, bounds, i) == wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings that share their first eight bytes are told apart; a prefix and a string
    /// longer than any are not found.
    #[test]
    fn strings_are_found_by_their_keys() {
        static TEXT: &str = "abcdefghabcdefghiabcdefghijxyz";
        static BOUNDS: [u32; 4] = [0, 8, 17, 27];
        static KEYS: [u64; 3] = keys(TEXT, &BOUNDS);
        assert!(KEYS.windows(2).all(|k| k[0] <= k[1]));
        for (i, word) in ["abcdefgh", "abcdefghi", "abcdefghij"].iter().enumerate() {
            assert_eq!(find(&KEYS, TEXT, &BOUNDS, word.as_bytes()), Some(i));
        }
        for word in ["", "abc", "abcdefghijk", "xyz", "b"] {
            assert_eq!(find(&KEYS, TEXT, &BOUNDS, word.as_bytes()), None, "{word}");
        }
    }
}
