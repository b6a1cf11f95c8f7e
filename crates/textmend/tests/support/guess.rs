//! Telling a wrong guess from damage left as it was: shared by the tests and reports that
//! include it (`tests/beyond.rs`, `tests/lossy.rs`, `examples/eval_report.rs`).

/// Whether `got`, textmend's repair of `input`, holds a character beyond ASCII that is
/// neither in the clean line `want` at its place nor in `input`, nor U+FFFD: a guess that
/// went wrong, not damage left as it was or marked (`DaszyŁskiego` for `Daszyńskiego`,
/// where `DaszyÅskiego` came in). The places are those of the longest common subsequence
/// of characters. A lower bound: a wrong guess that happens to be a character the input
/// holds elsewhere is not counted.
pub fn guessed_wrongly(input: &str, want: &str, got: &str) -> bool {
    restored_chars(input, want, got).1 > 0
}

/// Of the characters beyond ASCII in `got` that are not in `input` (what a repair put in,
/// U+FFFD aside), how many are the clean line's at their place and how many are not
/// ([`guessed_wrongly`]).
pub fn restored_chars(input: &str, want: &str, got: &str) -> (usize, usize) {
    // ASCII is no guess (quotes straightened, `?` left), nor is U+FFFD, which marks a
    // sequence beyond repair.
    let put_in = |c: char| !c.is_ascii() && c != '\u{fffd}' && !input.contains(c);
    let (a, b): (Vec<char>, Vec<char>) = (got.chars().collect(), want.chars().collect());
    // What both share at the ends is in place: lines differ in a few places.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut right = a[..head]
        .iter()
        .chain(&a[a.len() - tail..])
        .filter(|&&c| put_in(c))
        .count();
    let mut wrong = 0;
    let (a, b) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u16; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < a.len() {
        if j < b.len() && a[i] == b[j] {
            right += usize::from(put_in(a[i]));
            (i, j) = (i + 1, j + 1);
        } else if j < b.len() && lcs[i][j + 1] > lcs[i + 1][j] {
            j += 1;
        } else {
            // a[i] is not at its place in the clean line.
            wrong += usize::from(put_in(a[i]));
            i += 1;
        }
    }
    (right, wrong)
}
