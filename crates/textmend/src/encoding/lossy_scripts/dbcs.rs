//! UTF-8 read through a double-byte code page by a decoder that put U+FFFD for each byte it
//! could not read: Chinese read as GBK (`中文字符` → `涓�鏂囧瓧绗�`), Japanese as
//! Shift_JIS, Korean as EUC-KR, any of them as Big5.
//!
//! Such a decoder (Python's, with `errors="replace"`) reads a lead byte and the byte after
//! it as one character; where the pair is no character of the page it gives U+FFFD for the
//! lead byte alone and goes on from the next byte. So every character but U+FFFD maps back
//! to its bytes through the page, and each U+FFFD to one byte that is lost. The bytes are
//! UTF-8 again, short of those: each sequence with a lost byte lists every character it
//! could have been (a lost continuation byte, 64; a lost lead, the 16 of its length), and
//! the search of the reader of every script ([`super::search_languages`]) chooses among
//! them, as it does for single-byte pages. A sequence may take bytes of two characters as
//! shown (`鏂囧`, `E6 96 | 87 E5`, ends inside `囧`): the text is cut where the characters
//! shown and the sequences end together, and each such stretch is restored whole or left
//! as it was.

use super::{
    best_cost, is_letter, known_to, line_word_starts, prepare, scripts_of, search,
    search_languages, show_gaps, writes_mostly, Cands, Inference, Slot, MARGIN_ROUNDING, MIN_GAIN,
    MIN_GAIN_PER_CHAR, TOP_K,
};
use crate::encoding::lossy::{Repaired, Unsure, MARK};
use encoding_rs::Encoding;

/// The pages tried, with the names plans give them.
fn pages() -> [(&'static Encoding, &'static str); 4] {
    [
        (encoding_rs::GBK, "gbk"),
        (encoding_rs::SHIFT_JIS, "shift_jis"),
        (encoding_rs::EUC_KR, "euc-kr"),
        (encoding_rs::BIG5, "big5"),
    ]
}

/// A lost byte is restored only where the best reading with its character is this much
/// likelier (nats, e^3 ≈ 20 times) than with any other. A continuation byte lost here has
/// 64 candidates, not the few of a single-byte page's holes, and names are written with
/// rare characters: on the Chinese, Japanese and Korean lines of the evaluation corpus read
/// as GBK, 3.7% of the characters the readings put in were wrong with half a nat, 0.85%
/// with 2 and 0.54% with 3 (Shift_JIS: 1.7%, 0.45%, 0.20%).
const MIN_MARGIN_DBCS: f32 = 3.0;
/// Lines longer than this (characters) are not read: the search is for lines of text.
const MAX_CHARS: usize = 4096;
/// A sequence whose lost bytes could be more than this many characters is not read.
const MAX_COMPLETIONS: usize = 4096;

/// What the search sees for a sequence that lost more than one byte, which is not read.
const UNREAD: char = '\u{fffd}';

/// One byte of the line mapped back through the page: `None` for one lost (a U+FFFD), with
/// the index of the character shown that it belongs to.
#[derive(Clone, Copy)]
struct Unit {
    byte: Option<u8>,
    ch: usize,
}

/// One character of the UTF-8 text: its bytes (`units[start..end]`), and what it is.
struct Seq {
    start: usize,
    end: usize,
    /// The character, if no byte of it was lost; else every character it could have been.
    cands: Cands,
    lost: bool,
}

/// Whether `line` could be UTF-8 shown through a double-byte page that lost bytes: it has a
/// U+FFFD and some other character beyond ASCII.
pub(in crate::encoding) fn may_read(line: &str) -> bool {
    line.contains('\u{fffd}') && line.chars().any(|c| !c.is_ascii() && c != '\u{fffd}')
}

/// The repair of `text`, line by line, with one inference per stretch restored, if any line
/// is repaired, and the stretches its lines left unsure.
pub(in crate::encoding) fn repair(text: &str) -> Option<Repaired> {
    let mut out = Repaired::with_capacity(text.len());
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        match may_read(body).then(|| read_line(body, offset)).flatten() {
            Some(found) => {
                out.add(&found.text, found.inferences, found.left);
                out.add(&line[body.len()..], Vec::new(), Vec::new());
            }
            None => out.add(line, Vec::new(), Vec::new()),
        }
        offset += line.len();
    }
    out.if_restored()
}

/// The likeliest reading of one line through any of the pages, if it is overwhelmingly
/// likelier than the line as it stands.
fn read_line(line: &str, offset: usize) -> Option<Repaired> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    if chars.len() > MAX_CHARS {
        return None;
    }
    let plain: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let orig = best_cost(&plain, scripts_of(&plain));
    let mut best: Option<(f32, Repaired)> = None;
    for (page, name) in pages() {
        let Some((found, cost)) = read_through(line, &chars, page, name, offset) else {
            continue;
        };
        let gain = orig - cost;
        if gain < MIN_GAIN || gain < MIN_GAIN_PER_CHAR * chars.len() as f32 {
            continue;
        }
        if best.as_ref().is_none_or(|b| gain > b.0) {
            best = Some((gain, found));
        }
    }
    best.map(|(_, found)| found)
}

/// The line mapped back to bytes through `page`, a U+FFFD for one lost byte; `None` if some
/// character is not the page's.
fn units_of(chars: &[(usize, char)], page: &'static Encoding) -> Option<Vec<Unit>> {
    let mut units = Vec::with_capacity(chars.len() * 2);
    let mut buf = [0u8; 4];
    for (i, &(_, c)) in chars.iter().enumerate() {
        if c == '\u{fffd}' {
            units.push(Unit { byte: None, ch: i });
            continue;
        }
        let (bytes, _, unmappable) = page.encode(c.encode_utf8(&mut buf));
        if unmappable || bytes.is_empty() || bytes.len() > 2 {
            return None;
        }
        units.extend(bytes.iter().map(|&b| Unit {
            byte: Some(b),
            ch: i,
        }));
    }
    Some(units)
}

/// The bytes a UTF-8 sequence led by `b` has in all, if `b` leads one.
fn sequence_len(b: u8) -> Option<usize> {
    match b {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_continuation(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// The units read as UTF-8 sequences, each with a lost byte listing what it could have
/// been; `None` where the bytes cannot be UTF-8 that lost only those.
fn sequences(units: &[Unit]) -> Option<Vec<Seq>> {
    let mut seqs = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let (len, lead_lost) = match units[i].byte {
            Some(b) if b < 0x80 => {
                seqs.push(Seq {
                    start: i,
                    end: i + 1,
                    cands: Cands::One(char::from(b)),
                    lost: false,
                });
                i += 1;
                continue;
            }
            Some(b) => (sequence_len(b)?, false),
            None => {
                // A lost lead: as long as the continuation bytes after it say.
                let after = units[i + 1..]
                    .iter()
                    .take_while(|u| u.byte.is_some_and(is_continuation))
                    .count();
                if !(1..=3).contains(&after) {
                    return None;
                }
                (after + 1, true)
            }
        };
        let end = i + len;
        if end > units.len() {
            return None;
        }
        let bytes: Vec<Option<u8>> = units[i..end].iter().map(|u| u.byte).collect();
        if bytes[1..]
            .iter()
            .any(|b| b.is_some_and(|b| !is_continuation(b)))
        {
            return None;
        }
        let lost_bytes = bytes.iter().filter(|b| b.is_none()).count();
        let lost = lost_bytes > 0;
        let cands = if lost_bytes > 1 {
            // Thousands of characters: no context tells them apart. The stretch is left as
            // it was, and the search sees an unknown sign there.
            Cands::One(UNREAD)
        } else if lost {
            Cands::Many(completions(&bytes, lead_lost)?)
        } else {
            let seq: Vec<u8> = bytes.iter().flatten().copied().collect();
            Cands::One(std::str::from_utf8(&seq).ok()?.chars().next()?)
        };
        seqs.push(Seq {
            start: i,
            end,
            cands,
            lost,
        });
        i = end;
    }
    Some(seqs)
}

/// Every character that `bytes`, with its lost bytes (`None`) filled, could be.
fn completions(bytes: &[Option<u8>], lead_lost: bool) -> Option<Vec<char>> {
    let options = |k: usize| -> Vec<u8> {
        match bytes[k] {
            Some(b) => vec![b],
            None if k == 0 && lead_lost => match bytes.len() {
                2 => (0xC2..=0xDF).collect(),
                3 => (0xE0..=0xEF).collect(),
                _ => (0xF0..=0xF4).collect(),
            },
            None => (0x80..=0xBF).collect(),
        }
    };
    let lists: Vec<Vec<u8>> = (0..bytes.len()).map(options).collect();
    let total: usize = lists.iter().map(Vec::len).product();
    if total > MAX_COMPLETIONS {
        return None;
    }
    let mut out = Vec::new();
    let mut seq = vec![0u8; bytes.len()];
    for n in 0..total {
        let mut rest = n;
        for (k, list) in lists.iter().enumerate() {
            seq[k] = list[rest % list.len()];
            rest /= list.len();
        }
        if let Some(c) = std::str::from_utf8(&seq)
            .ok()
            .and_then(|s| s.chars().next())
        {
            if super::super::lossy::plausible(c) && (is_letter(c) || !c.is_alphanumeric()) {
                out.push(c);
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The reading of one line through `page`: its text, its inferences and the stretches it
/// left unsure, and the text's cost.
fn read_through(
    line: &str,
    chars: &[(usize, char)],
    page: &'static Encoding,
    name: &'static str,
    offset: usize,
) -> Option<(Repaired, f32)> {
    let units = units_of(chars, page)?;
    let seqs = sequences(&units)?;
    if !seqs.iter().any(|s| s.lost) {
        return None;
    }
    let mut gaps = 0;
    let mut scripts = 0u16;
    // Each sequence's bytes (`units[start..end]`), and its slot for the search.
    let (spans, mut slots): (Vec<(usize, usize)>, Vec<Slot>) = seqs
        .into_iter()
        .map(|s| {
            let gap = matches!(s.cands, Cands::Many(_)).then(|| {
                gaps += 1;
                gaps - 1
            });
            if !s.lost {
                scripts |= scripts_of(&s.cands);
            }
            let slot = Slot {
                chars: s.cands,
                gap,
            };
            ((s.start, s.end), slot)
        })
        .unzip();
    if scripts == 0 {
        return None;
    }
    let (first_path, _, lang) = search_languages(&slots, scripts)?;
    // A gap beside another gap had its candidates pruned without that neighbour (`司` of
    // `公司`, both lost a byte, fell out among the 64 characters after `E5 8F`): a second
    // search keeps, of each gap's candidates, those likeliest beside the first search's
    // neighbours, and its own first choice.
    for (k, slot) in slots.iter_mut().enumerate() {
        let Cands::Many(list) = &mut slot.chars else {
            continue;
        };
        if list.len() <= TOP_K {
            continue;
        }
        let left = k.checked_sub(1).map(|j| lang.symbol(first_path[j]));
        let right = first_path.get(k + 1).map(|&c| lang.symbol(c));
        let cost = |c: char| {
            let s = lang.symbol(c);
            left.map_or(lang.cost(0, s), |a| lang.cost(a, s))
                + right.map_or(0.0, |b| lang.cost(s, b))
        };
        let mut ranked: Vec<(f32, char)> = list.iter().map(|&c| (cost(c), c)).collect();
        ranked.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        list.clear();
        list.extend(ranked.iter().take(TOP_K).map(|&(_, c)| c));
        if !list.contains(&first_path[k]) {
            list.push(first_path[k]);
        }
    }
    let (_, path, margins) = search(lang, &slots, &prepare(&slots), line_word_starts(&slots));
    show_gaps(&format!("[dbcs {name}]"), &slots, &path, &margins, lang);
    // Stretches: runs of sequences that end where a character shown ends.
    let mut text = String::with_capacity(line.len());
    let mut out_chars: Vec<char> = Vec::with_capacity(spans.len());
    let mut inferences = Vec::new();
    let mut left = Vec::new();
    let mut k = 0;
    while k < spans.len() {
        let first = k;
        while units[spans[k].1 - 1].ch == units.get(spans[k].1).map_or(usize::MAX, |u| u.ch) {
            k += 1;
        }
        let last = k;
        k += 1;
        let (a, b) = (units[spans[first].0].ch, units[spans[last].1 - 1].ch + 1);
        let seen_start = chars[a].0;
        let seen_end = chars.get(b).map_or(line.len(), |&(p, _)| p);
        let seen = &line[seen_start..seen_end];
        let sure_at = |j: usize| {
            slots[j]
                .gap
                .is_none_or(|g| margins[g] >= MIN_MARGIN_DBCS - MARGIN_ROUNDING)
                && path[j] != UNREAD
        };
        let sure = (first..=last).all(sure_at);
        let chosen: String = path[first..=last].iter().collect();
        if !sure || chosen == seen {
            text.push_str(seen);
            out_chars.extend(seen.chars());
            if !sure {
                // Marked, the stretch keeps the characters that are certain.
                let marked = (first..=last)
                    .map(|j| match path[j] {
                        c if sure_at(j) && known_to(lang, c) => c,
                        _ => MARK,
                    })
                    .collect();
                left.push(Unsure {
                    position: offset + seen_start,
                    seen: seen.to_string(),
                    marked,
                });
            }
            continue;
        }
        if chosen.chars().any(|c| !known_to(lang, c)) {
            // A character the language does not write: not what this text was.
            return None;
        }
        let margin = (first..=last)
            .filter_map(|j| slots[j].gap.map(|g| margins[g]))
            .fold(f32::MAX, f32::min);
        text.push_str(&chosen);
        out_chars.extend(chosen.chars());
        inferences.push(Inference {
            position: offset + seen_start,
            seen: seen.to_string(),
            chosen,
            code_page: name,
            runner_up: None,
            margin,
        });
    }
    if inferences.is_empty() {
        return None;
    }
    if !writes_mostly(lang, &out_chars) {
        return None;
    }
    let cost = best_cost(&out_chars, scripts_of(&out_chars));
    Some((
        Repaired {
            text,
            inferences,
            left,
        },
        cost,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as UTF-8 read through `page` by a decoder that gives U+FFFD for each byte
    /// that starts no character and goes on from the next (Python's `errors="replace"`).
    fn shown_through(text: &str, page: &'static Encoding) -> String {
        let bytes = text.as_bytes();
        let mut out = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                out.push(char::from(bytes[i]));
                i += 1;
                continue;
            }
            let pair = &bytes[i..(i + 2).min(bytes.len())];
            let (decoded, had_errors) = page.decode_without_bom_handling(pair);
            if pair.len() == 2 && !had_errors && decoded.chars().count() == 1 {
                out.push_str(&decoded);
                i += 2;
            } else {
                out.push('\u{fffd}');
                i += 1;
            }
        }
        out
    }

    #[test]
    fn chinese_shown_through_gbk_comes_back() {
        let clean = "中文字符测试，这是一个句子。";
        let shown = shown_through(clean, encoding_rs::GBK);
        assert!(shown.contains('\u{fffd}'), "{shown}");
        let found = repair(&shown).expect("a repair");
        let (fixed, inferences) = (found.text, found.inferences);
        // The full stop lost both bytes after its lead (`E3 80 82`, shown `愩��` with the
        // end of `子`): too many characters fit, and that stretch is left as it was.
        assert_eq!(fixed, "中文字符测试，这是一个句瀛愩��", "{shown}");
        // Every stretch changed is in the plan, where it was.
        for i in &inferences {
            assert_eq!(&shown[i.position..i.position + i.seen.len()], i.seen);
        }
    }

    #[test]
    fn neighbouring_gaps_are_read_together() {
        // `有限公司 | 信息` read as GBK by Python (`errors="replace"`): `公` and `司` each lost
        // their last byte, and the second search finds `司` beside `公`.
        let shown = "鏈夐檺鍏\u{fffd}鍙\u{fffd} | 淇℃伅锛屾湁闄愬叕鍙哥殑淇℃伅";
        let fixed = repair(shown).expect("a repair").text;
        assert!(fixed.starts_with("有限公司 | "), "{fixed}");
    }

    #[test]
    fn clean_text_with_a_replacement_character_is_left() {
        for clean in [
            "文件损坏：�无法读取。",
            "日本語の文章です。�",
            "한국어 문장 � 입니다.",
            "Ошибка � при чтении",
        ] {
            assert!(repair(clean).is_none(), "{clean}");
        }
    }
}
