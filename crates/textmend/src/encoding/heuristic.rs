//! "Is this mojibake?"
//!
//! Mojibake made from UTF-8 is drawn from a small alphabet: the few hundred characters that the
//! bytes 0x80..0xFF stand for in the common code pages. What gives it away is not any one of
//! those characters (each has honest uses) but the company they keep: a lowercase accented
//! letter followed by a currency sign, a box-drawing character beside a superscript, a `Ã`
//! followed by a `©`. This module sorts those characters into classes ([`class_of`]) and lists
//! the juxtapositions of classes that real text almost never contains ([`is_bad`]).
//!
//! The classes and rules are tuned so that textmend reaches the same verdict as ftfy 6.3.1 on
//! its test suite and on our differential corpus; each rule carries the reason it exists.

use std::cell::Cell;

/// A set of character classes, one bit each.
pub type Class = u32;

/// Characters at home in any text; they only count as evidence in Arabic-mojibake patterns.
pub const COMMON: Class = 1 << 0;
/// C1 controls (U+0080..U+009F): no text uses them today; they are bytes shown as characters.
pub const C1: Class = 1 << 1;
/// Characters that real text almost never uses but that mojibake is full of (`¤ ¦ ¨ ¬ ¯ ¸ ƒ ˆ`).
pub const BAD: Class = 1 << 2;
/// `§ ¶`: legal text uses them, but only next to digits and spaces.
pub const LAW: Class = 1 << 3;
/// Currency signs other than `$`.
pub const CURRENCY: Class = 1 << 4;
/// Punctuation that opens something: `¡ ¿ « ‘ “ „ •` and the like.
pub const START: Class = 1 << 5;
/// Punctuation that closes something: `» ” ® ™` and the like.
pub const END: Class = 1 << 6;
/// Mathematical and numeric signs: superscripts, fractions, `× ÷ ± ≤ ∞`.
pub const NUMERIC: Class = 1 << 7;
/// Accented O and U and the degree sign, which emoticons (`(ò_ó)`, `°o°`) put in odd places;
/// rules that would fire on emoticons leave them out.
pub const KAOMOJI: Class = 1 << 8;
/// Uppercase accented Latin letters that mojibake produces.
pub const UPPER_ACCENTED: Class = 1 << 9;
/// Lowercase accented Latin letters that mojibake produces.
pub const LOWER_ACCENTED: Class = 1 << 10;
/// Uppercase Greek and Cyrillic letters (and Þ): ordinary in their own scripts.
pub const UPPER_COMMON: Class = 1 << 11;
/// Lowercase Greek and Cyrillic letters.
pub const LOWER_COMMON: Class = 1 << 12;
/// Box-drawing and block characters (the cp437 upper half).
pub const BOX: Class = 1 << 13;

/// The classes of a character; 0 for the great majority of characters.
///
/// Read from two tables made at compile time from [`class_by_definition`], for the two ranges
/// where classed characters live; the four outside them go through the definition (a test
/// checks every character).
#[inline]
pub fn class_of(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        0
    } else if u < LATIN_TO_CYRILLIC_END {
        LATIN_TO_CYRILLIC[(u - 0x80) as usize] as Class
    } else if (PUNCTUATION_START..PUNCTUATION_END).contains(&u) {
        PUNCTUATION_TO_BOX[(u - PUNCTUATION_START) as usize] as Class
    } else if matches!(u, 0xF8FF | 0xFB01 | 0xFB02 | 0xFFFD) {
        // The only classed characters outside the tables.
        class_by_definition(c)
    } else {
        0
    }
}

/// U+0080..U+04FF: Latin-1, Latin Extended-A and B, spacing modifiers, Greek, Cyrillic.
const LATIN_TO_CYRILLIC_END: u32 = 0x500;
/// U+2000..U+25FF: punctuation, currency, letterlike, math, box drawing, shapes.
const PUNCTUATION_START: u32 = 0x2000;
const PUNCTUATION_END: u32 = 0x2600;

/// The classes of `start..end`, computed by the compiler from the definition.
const fn class_table<const N: usize>(start: u32) -> [u16; N] {
    let mut table = [0u16; N];
    let mut i = 0;
    while i < N {
        if let Some(c) = char::from_u32(start + i as u32) {
            table[i] = class_by_definition(c) as u16;
        }
        i += 1;
    }
    table
}

static LATIN_TO_CYRILLIC: [u16; (LATIN_TO_CYRILLIC_END - 0x80) as usize] = class_table(0x80);
static PUNCTUATION_TO_BOX: [u16; (PUNCTUATION_END - PUNCTUATION_START) as usize] =
    class_table(PUNCTUATION_START);

/// The classes of a character, by definition: what [`class_of`] reads from its tables. No
/// class goes above bit 15, so that the tables hold `u16`.
pub const fn class_by_definition(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return 0;
    }
    match c {
        '\u{80}'..='\u{9f}' => C1,
        '\u{a0}' | '\u{ad}' | '·' | '´' | '–' | '—' | '―' | '…' | '’' => COMMON,
        '¦' | '¤' | '¨' | '¬' | '¯' | '¸' | 'ƒ' | 'ˆ' | 'ˇ' | '˘' | '˛' | '˜' | '†' | '‡' | '‰'
        | '⌐' | '◊' | '\u{fffd}' | 'ª' | 'º' => BAD,
        '¶' | '§' => LAW,
        '¢' | '£' | '¥' | '₧' | '€' => CURRENCY,
        '¡' | '«' | '¿' | '©' | '΄' | '΅' | '‘' | '‚' | '“' | '„' | '•' | '‹' | '\u{f8ff}' => {
            START
        }
        '®' | '»' | '˝' | '”' | '›' | '™' => END,
        '²' | '³' | '¹' | '±' | '¼' | '½' | '¾' | '×' | 'µ' | '÷' | '⁄' | '∂' | '∆' | '∏' | '∑'
        | '√' | '∞' | '∩' | '∫' | '≈' | '≠' | '≡' | '≤' | '≥' | '№' => NUMERIC,
        // The capital O and U that emoticons use are left out of UPPER_ACCENTED, except Ü;
        // Ø is in it because Arabic mojibake is full of it.
        'Ò'..='Ö' | 'Ù' | 'Ú' | 'Û' | 'Ő' | 'Ō' | 'Ū' | 'Ų' | '°' => KAOMOJI,
        'Ü' => KAOMOJI | UPPER_ACCENTED,
        'ò'..='ö' | 'ø' | 'ù' | 'ú' | 'û' => KAOMOJI,
        'ü' => KAOMOJI | LOWER_ACCENTED,
        'À'..='Ñ'
        | 'Ø'
        | 'Ý'
        | 'Ă'
        | 'Ā'
        | 'Ą'
        | 'Ć'
        | 'Č'
        | 'Ď'
        | 'Đ'
        | 'Ę'
        | 'Ě'
        | 'Ē'
        | 'Ė'
        | 'Ğ'
        | 'Ģ'
        | 'İ'
        | 'Ī'
        | 'Ķ'
        | 'Ĺ'
        | 'Ľ'
        | 'Ł'
        | 'Ļ'
        | 'Ń'
        | 'Ň'
        | 'Ņ'
        | 'Œ'
        | 'Ř'
        | 'Ś'
        | 'Ş'
        | 'Š'
        | 'Ţ'
        | 'Ť'
        | 'Ů'
        | 'Ű'
        | 'Ÿ'
        | 'Ź'
        | 'Ż'
        | 'Ž'
        | 'Ґ' => UPPER_ACCENTED,
        'ß'
        | 'à'..='ñ'
        | 'ă'
        | 'ą'
        | 'ā'
        | 'ć'
        | 'č'
        | 'ď'
        | 'đ'
        | 'ę'
        | 'ě'
        | 'ē'
        | 'ė'
        | 'ğ'
        | 'ģ'
        | 'į'
        | 'ī'
        | 'ķ'
        | 'ĺ'
        | 'ľ'
        | 'ł'
        | 'ļ'
        | 'œ'
        | 'ŕ'
        | 'ś'
        | 'ş'
        | 'š'
        | 'ť'
        | 'ź'
        | 'ż'
        | 'ž'
        | 'ґ'
        | 'ﬁ'
        | 'ﬂ' => LOWER_ACCENTED,
        'Þ' | 'Α'..='Ω' | 'Ά' | 'Έ' | 'Ή' | 'Ί' | 'Ό' | 'Ύ' | 'Ώ' | 'Ϊ' | 'Ϋ' | 'Ё'..='Я' => {
            UPPER_COMMON
        }
        'α'..='ω' | 'ά' | 'έ' | 'ή' | 'ί' | 'ΰ' | 'а'..='џ' => LOWER_COMMON,
        '│'
        | '┌'
        | '┐'
        | '┘'
        | '├'
        | '┤'
        | '┬'
        | '┼'
        | '═'..='╬'
        | '▀'
        | '▄'
        | '█'
        | '▌'
        | '▐'
        | '░'
        | '▒'
        | '▓' => BOX,
        _ => 0,
    }
}

/// Whether a character can set off a rule of [`is_bad`]. Every rule needs at least one such
/// character: plain Greek and Cyrillic letters only count beside other suspects (except `Ђ`,
/// rare in Serbian and frequent in windows-1251 mojibake), and COMMON characters (dashes,
/// ellipsis, `’`) only count after `Ø Ù Â Ã Î Ð β€`. So clean Russian, Greek or English with
/// curly quotes skips the rule scan entirely.
#[inline]
pub fn may_trigger(c: char) -> bool {
    let class = class_of(c);
    class & !(UPPER_COMMON | LOWER_COMMON | COMMON) != 0 || c == 'Ђ'
}

/// `\s` as Python's regular expressions read it: Unicode whitespace plus the information
/// separators U+001C..U+001F.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

#[inline]
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

// Unions of classes used by several rules.

/// Anything that, followed by a BAD character, makes a pair no text contains.
const BEFORE_BAD: Class =
    BAD | LOWER_ACCENTED | UPPER_ACCENTED | BOX | START | END | CURRENCY | NUMERIC | LAW;
/// What may follow a BAD character and make the pair suspicious.
const AFTER_BAD: Class =
    LOWER_ACCENTED | UPPER_ACCENTED | BOX | START | END | CURRENCY | NUMERIC | LAW;
/// What may not come before an uppercase accented letter: a word does not switch case there.
const BEFORE_UPPER: Class = LOWER_ACCENTED | LOWER_COMMON | BOX | END | CURRENCY | NUMERIC;
/// What Arabic mojibake puts after Ø and Ù (the lead bytes D8, D9).
const ARABIC_TRAIL: Class = COMMON | CURRENCY | BAD | NUMERIC | START;

/// Reads part of the text as a slice of chars with a class for each.
struct View<'a> {
    chars: &'a [char],
    classes: &'a [Class],
    /// Whether index 0 is the start of the text (one rule looks for that).
    starts_text: bool,
}

impl View<'_> {
    #[inline]
    fn class(&self, i: usize) -> Class {
        self.classes.get(i).copied().unwrap_or(0)
    }
    #[inline]
    fn ch(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }
    #[inline]
    fn is(&self, i: usize, set: Class) -> bool {
        self.class(i) & set != 0
    }
    #[inline]
    fn test(&self, i: usize, f: impl Fn(char) -> bool) -> bool {
        self.ch(i).is_some_and(f)
    }
}

/// Whether the character at index `$i` of a view is one of the characters listed (a pattern);
/// `false` past the end. A `match`, so that the compiler makes it a few comparisons.
macro_rules! at {
    ($v:expr, $i:expr, $($p:pat_param)|+) => {
        matches!($v.ch($i), Some($($p)|+))
    };
}

/// How far a rule of [`bad_at`] looks ahead: the longest rule reads the characters at
/// `i..=i + LOOKAHEAD`.
const LOOKAHEAD: usize = 6;

/// Whether any rule matches at position `i`.
///
/// Every rule needs a hit of [`next_hit`] among the characters `i..=i + LOOKAHEAD` (two
/// classed characters side by side, not both quiet, or a character some rule needs alone);
/// [`is_bad`] relies on it to look only near hits (a test checks it on random text). And a rule can only match where position `i`,
/// `i + 1` or `i + 2` has a class: with none, the position is skipped.
#[inline]
fn bad_at(v: &View<'_>, i: usize) -> bool {
    let here = v.class(i);
    let c = match v.ch(i) {
        Some(c) => c,
        None => return false,
    };
    let lower = |c: char| c.is_ascii_lowercase();
    // A C1 control on its own: no text today means one.
    (here & C1 != 0)
        // A BAD character right after any suspicious one, or right before one.
        || (here & BEFORE_BAD != 0 && v.is(i + 1, BAD))
        || (here & BAD != 0 && v.is(i + 1, AFTER_BAD))
        // A Latin letter, then a Greek or Cyrillic one, then a BAD character.
        || (c.is_ascii_alphabetic() && v.is(i + 1, UPPER_COMMON | LOWER_COMMON) && v.is(i + 2, BAD))
        // Case and class changes that words do not make.
        || (here & BEFORE_UPPER != 0 && v.is(i + 1, UPPER_ACCENTED))
        || (here & (BOX | END | CURRENCY | NUMERIC) != 0 && v.is(i + 1, LOWER_ACCENTED))
        || (here & (LOWER_ACCENTED | BOX | END) != 0 && v.is(i + 1, CURRENCY))
        || (is_space(c) && v.is(i + 1, UPPER_ACCENTED) && v.is(i + 2, CURRENCY))
        || (here & (UPPER_ACCENTED | BOX) != 0 && v.is(i + 1, NUMERIC | LAW))
        || (here & (LOWER_ACCENTED | UPPER_ACCENTED | BOX | CURRENCY | END) != 0
            && v.is(i + 1, START)
            && v.is(i + 2, NUMERIC))
        || (here & (LOWER_ACCENTED | UPPER_ACCENTED | CURRENCY | NUMERIC | BOX | LAW) != 0
            && v.is(i + 1, END)
            && v.is(i + 2, START))
        || (here & (CURRENCY | NUMERIC | BOX) != 0 && v.is(i + 1, START))
        || (lower(c) && v.is(i + 1, UPPER_ACCENTED) && v.is(i + 2, START | CURRENCY))
        // Box drawing does not touch letters or punctuation in real text.
        || (here & BOX != 0 && v.is(i + 1, KAOMOJI | END))
        || (here & (LOWER_ACCENTED | UPPER_ACCENTED | CURRENCY | NUMERIC | START | END | LAW) != 0
            && v.is(i + 1, BOX))
        // An accented letter, a quote, and a letter: a quote does not sit inside a word.
        || (here & (LOWER_ACCENTED | UPPER_ACCENTED) != 0
            && v.is(i + 1, START | END)
            && v.test(i + 2, is_word))
        // œ is followed by a Latin letter in the languages that use it.
        || ((c == 'Œ' || c == 'œ') && v.test(i + 1, |d| !d.is_ascii_alphabetic()))
        // A degree sign after a capital letter is a UTF-8 sequence for U+00B0..U+00BF's kin.
        || (here & UPPER_ACCENTED != 0 && v.ch(i + 1) == Some('°'))
        // The windows-1252 readings of common two-byte sequences (Â©, Ã©, Ð° ...).
        || (matches!(c, 'Â' | 'Ã' | 'Î' | 'Ð')
            && (at!(v, i + 1, '€' | 'œ' | 'Š' | 'š' | '¢' | '£' | 'Ÿ' | 'ž' | '\u{a0}' | '\u{ad}'
                    | '®' | '©' | '°' | '·' | '»' | '–' | '—' | '´')
                || v.is(i + 1, START | END)))
        || (c == '×' && at!(v, i + 1, '²' | '³'))
        // Arabic read as windows-1252: lead bytes D8/D9 twice, each with a trail, four
        // characters in all, since each pair alone also occurs in Latin text.
        || (matches!(c, 'Ø' | 'Ù')
            && arabic_trail(v, i + 1)
            && at!(v, i + 2, 'Ø' | 'Ù')
            && arabic_trail(v, i + 3))
        // Lead byte E0 of Indic scripts read as windows-1252.
        || (c == 'à' && at!(v, i + 1, '²' | 'µ' | '¹' | '¼' | '½' | '¾'))
        // MacRoman readings of UTF-8.
        || (c == '√'
            && at!(v, i + 1, '±' | '∂' | '†' | '≠' | '®' | '™' | '´' | '≤' | '≥' | '¥' | 'µ' | 'ø'))
        || (c == '≈' && at!(v, i + 1, '°' | '¢'))
        || (c == '‚'
            && v.ch(i + 1) == Some('Ä')
            && at!(v, i + 2, 'ì' | 'î' | 'ï' | 'ò' | 'ô' | 'ú' | 'ù' | 'û' | '†' | '°' | '¢' | 'π'))
        || (c == '‚' && at!(v, i + 1, 'â' | 'ó') && at!(v, i + 2, 'à' | 'ä' | '°' | 'ê'))
        // windows-1251 readings: of U+2000..U+203F punctuation, and of two-byte sequences.
        || (c == 'в' && v.ch(i + 1) == Some('Ђ'))
        || (matches!(c, 'В' | 'Г' | 'Р' | 'С')
            && (v.is(i + 1, C1 | BAD | START | END | CURRENCY) || at!(v, i + 1, '°' | 'µ'))
            && at!(v, i + 2, 'В' | 'Г' | 'Р' | 'С'))
        // windows-1251 over Latin-1 over windows-1252 punctuation, next to Latin text.
        || (c == 'Г'
            && v.ch(i + 1) == Some('ў')
            && v.ch(i + 2) == Some('В')
            && v.ch(i + 3) == Some('Ђ')
            && v.ch(i + 4) == Some('В')
            && v.test(i + 5, |d| d != '\n')
            && v.test(i + 6, |d| d.is_ascii_alphabetic() || d == ' '))
        // Ã and Â where a no-break space or a space after it was the second byte.
        || (c == 'Ã' && at!(v, i + 1, '\u{a0}' | '¡'))
        || (lower(c) && at!(v, i + 1, 'Ã' | 'Â') && v.ch(i + 2) == Some(' '))
        || (lower(c)
            && v.test(i + 1, is_space)
            && at!(v, i + 2, 'Ã' | 'Â')
            && v.ch(i + 3) == Some(' '))
        || (i == 0 && v.starts_text && matches!(c, 'Ã' | 'Â') && v.ch(1) == Some(' '))
        // Â before a character it encodes as itself, after the end of a word.
        || ((lower(c) || matches!(c, '.' | ',' | '?' | '!') || here & END != 0)
            && v.ch(i + 1) == Some('Â')
            && (v.ch(i + 2) == Some(' ') || v.is(i + 2, START | END)))
        // windows-1253 readings of punctuation and of two-byte sequences.
        || (c == 'β' && v.ch(i + 1) == Some('€') && at!(v, i + 2, '™' | '\u{a0}' | 'Ά' | '\u{ad}' | '®' | '°'))
        || (matches!(c, 'Β' | 'Γ' | 'Ξ' | 'Ο')
            && (v.is(i + 1, C1 | BAD | START | END | CURRENCY) || v.ch(i + 1) == Some('°'))
            && at!(v, i + 2, 'Β' | 'Γ' | 'Ξ' | 'Ο'))
        // windows-1257 reading of U+2000..U+203F punctuation.
        || (c == 'ā' && v.ch(i + 1) == Some('€'))
}

/// Whether a rule could match at `i`: only where `i`, `i + 1` or `i + 2` has a class (see
/// [`bad_at`]).
#[inline]
fn worth_a_look(v: &View<'_>, i: usize) -> bool {
    v.class(i) | v.class(i + 1) | v.class(i + 2) != 0
}

#[inline]
fn arabic_trail(v: &View<'_>, i: usize) -> bool {
    v.is(i, ARABIC_TRAIL) || at!(v, i, 'Ÿ' | 'Š' | '®' | '°' | 'µ' | '»')
}

/// A necessary condition for a rule of [`bad_at`] to match, cheap to test in one pass, and
/// local: a rule that matches at `i` has, among the characters `i..=i + LOOKAHEAD` it reads,
/// two characters with a class side by side, not both [`quiet`], or one of the few
/// characters that some rule needs no other classed character for (a C1 control; `Œ` or
/// `œ` before a non-letter; `Ã` or `Â` among spaces). Every rule that involves two classed
/// characters has two of them next to each other, and no rule matches a pair of quiet
/// ones. Clean text in Latin scripts, whose accented letters stand alone between ASCII
/// letters or next to other lowercase accented letters (`ção`, `żół`), has no such *hit*.
///
/// Returns the byte offset of the first hit at or after byte `from` (a character
/// boundary): the character that completes the condition, the second of a pair. A pair
/// whose first character is before `from` is not seen.
fn next_hit(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    // Whether the previous character had a class, and whether it was quiet.
    let mut previous: Option<bool> = None;
    let mut i = from;
    while i < bytes.len() {
        // Characters without a class reset `previous`, and most are skipped by their first
        // byte alone: ASCII (eight at a time), and the lead bytes of U+0500..U+07FF, of
        // U+0800..U+1FFF and U+3000..U+EFFF, and of everything beyond U+FFFF. Only
        // U+0080..U+04FF (C2..D3), U+2000..U+2FFF (E2) and U+F000..U+FFFF (EF) are read.
        let skip = match bytes[i] {
            0x00..=0x7F => {
                // The whole run: eight bytes at a time, then up to the first byte above 7F
                // of the word that has one (found by its high bit, not byte by byte).
                crate::scan::skip_ascii_words(bytes, i + 1) - i
            }
            0xD4..=0xDF => 2,
            0xE0 | 0xE1 | 0xE3..=0xEE => 3,
            0xF0..=0xFF => 4,
            _ => 0,
        };
        if skip > 0 {
            previous = None;
            i += skip;
            continue;
        }
        // The lead bytes left are C2..D3 (two bytes, U+0080..U+04FF, decoded here and
        // classed from their table), E2 and EF.
        let (c, class) = match bytes[i] {
            b0 @ 0xC2..=0xD3 => {
                let u = ((b0 as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
                let class = LATIN_TO_CYRILLIC[(u - 0x80) as usize] as Class;
                (char::from_u32(u).unwrap_or_default(), class)
            }
            _ => match text[i..].chars().next() {
                Some(c) => (c, class_of(c)),
                None => return Some(i),
            },
        };
        if is_hit(c, class, previous) {
            return Some(i);
        }
        previous = (class != 0).then(|| quiet(c, class));
        i += c.len_utf8();
    }
    None
}

/// Whether `c` (of class `class`) completes [`next_hit`]'s condition, after a character
/// that was classed and quiet (`Some(true)`), classed and not quiet (`Some(false)`), or
/// had no class (`None`).
#[inline]
fn is_hit(c: char, class: Class, previous: Option<bool>) -> bool {
    class != 0
        && (class & C1 != 0
            || matches!(c, 'Œ' | 'œ' | 'Ã' | 'Â')
            || previous.is_some_and(|previous_quiet| !(previous_quiet && quiet(c, class))))
}

/// Whether a character can be what [`next_hit`] stops at or one of a pair it stops at: a
/// character with a class that is a C1 control, one of `Œ œ Ã Â`, or not [`quiet`]. A text
/// without such a character has no hit (two quiet characters side by side are none), so it
/// is never [`is_bad`]. The scan's table has it as a bit (`scan::NOISY`), built from this.
#[cfg(test)]
pub(crate) fn is_noisy(c: char) -> bool {
    let class = class_of(c);
    class != 0 && (class & C1 != 0 || matches!(c, 'Œ' | 'œ' | 'Ã' | 'Â') || !quiet(c, class))
}

/// A lowercase accented letter, or one of the O and U letters emoticons use, but no
/// uppercase accented letter and not `°`: two of these side by side match no rule (Polish
/// `żół`, Portuguese `ção`, German `öß` are common). Of the rules that start with such a
/// letter (`à`, `ā`, `Ù`, `œ`), each needs a non-quiet character next, except `œ`, which
/// [`next_hit`] lets through on its own.
#[inline]
fn quiet(c: char, class: Class) -> bool {
    class & !(LOWER_ACCENTED | KAOMOJI) == 0 && c != '°'
}

/// Whether the text looks like it contains mojibake.
///
/// Only the positions that a rule could match at are looked at: those within
/// [`LOOKAHEAD`] characters before a hit of [`next_hit`] (two classed characters side by
/// side, not both quiet, or a character some rule needs alone). Runs of such positions are
/// read into a small window with the characters the rules look ahead at, so that a long
/// line with one suspicious pair (a segment cut inside a mojibake sequence, in otherwise
/// clean accented text) costs one pass of the hit test and a few dozen character reads, not
/// a rule test near every accented letter.
pub fn is_bad(text: &str) -> bool {
    // The window's buffers of the last call on this thread, for the next: mojibake, most
    // of what has a hit, then needs no allocation. (Allocated at the first hit otherwise:
    // clean text has none.)
    let mut chars = WINDOW_CHARS.take();
    let mut classes = WINDOW_CLASSES.take();
    let bad = is_bad_with(text, &mut chars, &mut classes);
    WINDOW_CHARS.set(chars);
    WINDOW_CLASSES.set(classes);
    bad
}

thread_local! {
    /// The characters and classes of [`is_bad`]'s window, kept between calls.
    static WINDOW_CHARS: Cell<Vec<char>> = const { Cell::new(Vec::new()) };
    static WINDOW_CLASSES: Cell<Vec<Class>> = const { Cell::new(Vec::new()) };
}

/// [`is_bad`], with buffers for the window's characters and classes (their contents do
/// not matter).
fn is_bad_with(text: &str, chars: &mut Vec<char>, classes: &mut Vec<Class>) -> bool {
    let bytes = text.as_bytes();
    // Positions before byte `done` have been looked at.
    let mut done = 0;
    while let Some(hit) = next_hit(text, done) {
        chars.reserve(64);
        classes.reserve(64);
        // Start up to LOOKAHEAD characters before the hit, not before `done`.
        let mut start = hit;
        for _ in 0..LOOKAHEAD {
            if start <= done {
                break;
            }
            start -= 1;
            while start > done && bytes[start] & 0xC0 == 0x80 {
                start -= 1;
            }
        }
        // Read characters until LOOKAHEAD characters past the last hit, which is the last
        // position to look at; look at each position as soon as the characters it reads
        // are in (mojibake usually gives itself away in its first few characters).
        chars.clear();
        classes.clear();
        let starts_text = start == 0;
        let mut last_hit = 0;
        let mut next = 0;
        let mut end = start;
        // The class of the character before, as `is_hit` takes it; the first one read is
        // at or before the hit, where it does not matter.
        let mut previous: Option<bool> = None;
        for c in text[start..].chars() {
            let class = class_of(c);
            if end == hit || (end > hit && is_hit(c, class, previous)) {
                last_hit = chars.len();
            } else if end > hit && chars.len() > last_hit + LOOKAHEAD {
                break;
            }
            previous = (class != 0).then(|| quiet(c, class));
            chars.push(c);
            classes.push(class);
            end += c.len_utf8();
            if chars.len() > next + LOOKAHEAD {
                let v = View {
                    chars,
                    classes,
                    starts_text,
                };
                if worth_a_look(&v, next) && bad_at(&v, next) {
                    return true;
                }
                next += 1;
            }
        }
        // The rest, whose look-ahead reaches the end of the text or of the window.
        let v = View {
            chars,
            classes,
            starts_text,
        };
        if (next..=last_hit).any(|i| worth_a_look(&v, i) && bad_at(&v, i)) {
            return true;
        }
        // Every position up to the last hit has been looked at, and the characters after
        // it that were read are no hit: the next is found from there.
        done = start
            + chars[..=last_hit]
                .iter()
                .map(|c| c.len_utf8())
                .sum::<usize>();
    }
    false
}

/// The rules as first written, one position at a time over the whole text: what the
/// windowed [`is_bad`] must agree with.
#[cfg(test)]
mod reference {
    use super::*;

    /// Reads the text as a slice of chars with a class for each.
    struct View<'a> {
        chars: &'a [char],
        classes: &'a [Class],
    }

    impl View<'_> {
        #[inline]
        fn class(&self, i: usize) -> Class {
            self.classes.get(i).copied().unwrap_or(0)
        }
        #[inline]
        fn ch(&self, i: usize) -> Option<char> {
            self.chars.get(i).copied()
        }
        #[inline]
        fn is(&self, i: usize, set: Class) -> bool {
            self.class(i) & set != 0
        }
        #[inline]
        fn any(&self, i: usize, options: &str) -> bool {
            self.ch(i).is_some_and(|c| options.contains(c))
        }
        #[inline]
        fn test(&self, i: usize, f: impl Fn(char) -> bool) -> bool {
            self.ch(i).is_some_and(f)
        }
    }

    /// Whether any rule matches at position `i`.
    fn bad_at(v: &View<'_>, i: usize) -> bool {
        let here = v.class(i);
        let c = match v.ch(i) {
            Some(c) => c,
            None => return false,
        };
        let lower = |c: char| c.is_ascii_lowercase();
        // A C1 control on its own: no text today means one.
        (here & C1 != 0)
            // A BAD character right after any suspicious one, or right before one.
            || (here & BEFORE_BAD != 0 && v.is(i + 1, BAD))
            || (here & BAD != 0 && v.is(i + 1, AFTER_BAD))
            // A Latin letter, then a Greek or Cyrillic one, then a BAD character.
            || (c.is_ascii_alphabetic() && v.is(i + 1, UPPER_COMMON | LOWER_COMMON) && v.is(i + 2, BAD))
            // Case and class changes that words do not make.
            || (here & BEFORE_UPPER != 0 && v.is(i + 1, UPPER_ACCENTED))
            || (here & (BOX | END | CURRENCY | NUMERIC) != 0 && v.is(i + 1, LOWER_ACCENTED))
            || (here & (LOWER_ACCENTED | BOX | END) != 0 && v.is(i + 1, CURRENCY))
            || (is_space(c) && v.is(i + 1, UPPER_ACCENTED) && v.is(i + 2, CURRENCY))
            || (here & (UPPER_ACCENTED | BOX) != 0 && v.is(i + 1, NUMERIC | LAW))
            || (here & (LOWER_ACCENTED | UPPER_ACCENTED | BOX | CURRENCY | END) != 0
                && v.is(i + 1, START)
                && v.is(i + 2, NUMERIC))
            || (here & (LOWER_ACCENTED | UPPER_ACCENTED | CURRENCY | NUMERIC | BOX | LAW) != 0
                && v.is(i + 1, END)
                && v.is(i + 2, START))
            || (here & (CURRENCY | NUMERIC | BOX) != 0 && v.is(i + 1, START))
            || (lower(c) && v.is(i + 1, UPPER_ACCENTED) && v.is(i + 2, START | CURRENCY))
            // Box drawing does not touch letters or punctuation in real text.
            || (here & BOX != 0 && v.is(i + 1, KAOMOJI | END))
            || (here & (LOWER_ACCENTED | UPPER_ACCENTED | CURRENCY | NUMERIC | START | END | LAW) != 0
                && v.is(i + 1, BOX))
            // An accented letter, a quote, and a letter: a quote does not sit inside a word.
            || (here & (LOWER_ACCENTED | UPPER_ACCENTED) != 0
                && v.is(i + 1, START | END)
                && v.test(i + 2, is_word))
            // œ is followed by a Latin letter in the languages that use it.
            || ((c == 'Œ' || c == 'œ') && v.test(i + 1, |d| !d.is_ascii_alphabetic()))
            // A degree sign after a capital letter is a UTF-8 sequence for U+00B0..U+00BF's kin.
            || (here & UPPER_ACCENTED != 0 && v.ch(i + 1) == Some('°'))
            // The windows-1252 readings of common two-byte sequences (Â©, Ã©, Ð° ...).
            || ("ÂÃÎÐ".contains(c)
                && (v.any(i + 1, "€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»–—´") || v.is(i + 1, START | END)))
            || (c == '×' && v.any(i + 1, "²³"))
            // Arabic read as windows-1252: lead bytes D8/D9 twice, each with a trail, four
            // characters in all, since each pair alone also occurs in Latin text.
            || ("ØÙ".contains(c)
                && arabic_trail(v, i + 1)
                && v.any(i + 2, "ØÙ")
                && arabic_trail(v, i + 3))
            // Lead byte E0 of Indic scripts read as windows-1252.
            || (c == 'à' && v.any(i + 1, "²µ¹¼½¾"))
            // MacRoman readings of UTF-8.
            || (c == '√' && v.any(i + 1, "±∂†≠®™´≤≥¥µø"))
            || (c == '≈' && v.any(i + 1, "°¢"))
            || (c == '‚' && v.ch(i + 1) == Some('Ä') && v.any(i + 2, "ìîïòôúùû†°¢π"))
            || (c == '‚' && v.any(i + 1, "âó") && v.any(i + 2, "àä°ê"))
            // windows-1251 readings: of U+2000..U+203F punctuation, and of two-byte sequences.
            || (c == 'в' && v.ch(i + 1) == Some('Ђ'))
            || ("ВГРС".contains(c)
                && (v.is(i + 1, C1 | BAD | START | END | CURRENCY) || v.any(i + 1, "°µ"))
                && v.any(i + 2, "ВГРС"))
            // windows-1251 over Latin-1 over windows-1252 punctuation, next to Latin text.
            || (c == 'Г'
                && v.ch(i + 1) == Some('ў')
                && v.ch(i + 2) == Some('В')
                && v.ch(i + 3) == Some('Ђ')
                && v.ch(i + 4) == Some('В')
                && v.test(i + 5, |d| d != '\n')
                && v.test(i + 6, |d| d.is_ascii_alphabetic() || d == ' '))
            // Ã and Â where a no-break space or a space after it was the second byte.
            || (c == 'Ã' && v.any(i + 1, "\u{a0}¡"))
            || (lower(c) && v.any(i + 1, "ÃÂ") && v.ch(i + 2) == Some(' '))
            || (lower(c)
                && v.test(i + 1, is_space)
                && v.any(i + 2, "ÃÂ")
                && v.ch(i + 3) == Some(' '))
            || (i == 0 && "ÃÂ".contains(c) && v.ch(1) == Some(' '))
            // Â before a character it encodes as itself, after the end of a word.
            || ((lower(c) || ".,?!".contains(c) || here & END != 0)
                && v.ch(i + 1) == Some('Â')
                && (v.ch(i + 2) == Some(' ') || v.is(i + 2, START | END)))
            // windows-1253 readings of punctuation and of two-byte sequences.
            || (c == 'β' && v.ch(i + 1) == Some('€') && v.any(i + 2, "™\u{a0}Ά\u{ad}®°"))
            || ("ΒΓΞΟ".contains(c)
                && (v.is(i + 1, C1 | BAD | START | END | CURRENCY) || v.ch(i + 1) == Some('°'))
                && v.any(i + 2, "ΒΓΞΟ"))
            // windows-1257 reading of U+2000..U+203F punctuation.
            || (c == 'ā' && v.ch(i + 1) == Some('€'))
    }

    #[inline]
    fn arabic_trail(v: &View<'_>, i: usize) -> bool {
        v.is(i, ARABIC_TRAIL) || v.any(i, "ŸŠ®°µ»")
    }

    /// The positions where a rule matches.
    pub(super) fn matches(text: &str) -> Vec<usize> {
        let chars: Vec<char> = text.chars().collect();
        let classes: Vec<Class> = chars.iter().map(|&c| class_of(c)).collect();
        let v = View {
            chars: &chars,
            classes: &classes,
        };
        (0..chars.len()).filter(|&i| bad_at(&v, i)).collect()
    }

    /// Whether the text looks like it contains mojibake.
    pub(super) fn is_bad(text: &str) -> bool {
        if !text.chars().any(may_trigger) {
            return false;
        }
        let chars: Vec<char> = text.chars().collect();
        let classes: Vec<Class> = chars.iter().map(|&c| class_of(c)).collect();
        let v = View {
            chars: &chars,
            classes: &classes,
        };
        (0..chars.len()).any(|i| bad_at(&v, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::next;

    #[test]
    fn clean_text_is_not_bad() {
        for t in [
            "Hello, world",
            "Привет, мир",
            "Καλημέρα κόσμε",
            "naïve café — “quoted” 12×3",
            "Größe: 5 m²",
            "(ò_ó)",
        ] {
            assert!(!is_bad(t), "{t}");
        }
    }

    #[test]
    fn mojibake_is_bad() {
        for t in [
            "cafÃ©",
            "Ã¡",
            "â€œquotedâ€",
            "Ã ",
            "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
            "\u{80}",
            "вЂњ",
        ] {
            assert!(is_bad(t), "{t}");
        }
    }

    /// A pool of characters where every rule has a fair chance: every character with a
    /// class, and ASCII letters, spaces and punctuation, and a few others.
    fn pool() -> Vec<char> {
        let mut pool: Vec<char> = (0x80..0x2600u32)
            .chain([0xf8ff, 0xfffd, 0xfb01, 0xfb02])
            .filter_map(char::from_u32)
            .filter(|&c| class_of(c) != 0)
            .collect();
        pool.extend("abcxyzABCXYZ  ..,?!_09\n\t\u{2003}中ЂўЖжαβ".chars());
        pool
    }

    #[test]
    fn class_tables_agree_with_the_definition() {
        const { assert!(BOX < 1 << 16) };
        for u in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(class_of(c), class_by_definition(c), "U+{u:04X}");
            }
        }
        // Nothing between the two tables has a class, nor after the second up to U+F8FF,
        // nor beyond U+FFFF; `next_hit` skips the characters U+0500..U+1FFF,
        // U+3000..U+EFFF and U+10000.. by their first byte.
        assert!((LATIN_TO_CYRILLIC_END..PUNCTUATION_START)
            .chain(PUNCTUATION_END..0xF8FF)
            .chain(0x1_0000..0x11_0000)
            .filter_map(char::from_u32)
            .all(|c| class_by_definition(c) == 0));
    }

    #[test]
    fn windowed_is_bad_agrees_with_the_reference_on_random_text() {
        let pool = pool();
        let plain: Vec<char> = "the quick brown fox, jumps. 中文 Привет ".chars().collect();
        let mut rng = 7u64;
        let mut bad = 0;
        let mut quiet_texts = 0;
        for round in 0..200_000 {
            let n = next(&mut rng) % if round % 100 == 0 { 120 } else { 14 };
            // Mostly plain text with suspects sprinkled in, at a rate that varies.
            let rate = 1 + next(&mut rng) % 8;
            let text: String = (0..n)
                .map(|_| {
                    if next(&mut rng).is_multiple_of(rate) {
                        pool[next(&mut rng) % pool.len()]
                    } else {
                        plain[next(&mut rng) % plain.len()]
                    }
                })
                .collect();
            let expected = reference::is_bad(&text);
            bad += expected as usize;
            assert_eq!(is_bad(&text), expected, "{text:?}");
            // Without a noisy character, never bad.
            if !text.chars().any(is_noisy) {
                quiet_texts += 1;
                assert!(!expected, "{text:?}");
            }
        }
        // Both answers are common, or the test would prove little.
        assert!((20_000..180_000).contains(&bad), "{bad}");
        assert!(quiet_texts > 10_000, "{quiet_texts}");
    }

    /// What `is_bad` relies on to look only near hits: every position where a rule
    /// matches has a hit among the characters the rule reads.
    #[test]
    fn every_match_has_a_hit_within_its_look_ahead() {
        let pool = pool();
        let plain: Vec<char> = "the quick brown fox, jumps. 中文 Привет ".chars().collect();
        let mut rng = 5u64;
        let mut matched = 0;
        for _ in 0..100_000 {
            let n = next(&mut rng) % 16;
            let rate = 1 + next(&mut rng) % 4;
            let text: String = (0..n)
                .map(|_| {
                    if next(&mut rng).is_multiple_of(rate) {
                        pool[next(&mut rng) % pool.len()]
                    } else {
                        plain[next(&mut rng) % plain.len()]
                    }
                })
                .collect();
            let mut hits = Vec::new();
            let mut previous = None;
            for (i, c) in text.chars().enumerate() {
                let class = class_of(c);
                if is_hit(c, class, previous) {
                    hits.push(i);
                }
                previous = (class != 0).then(|| quiet(c, class));
            }
            for i in reference::matches(&text) {
                matched += 1;
                assert!(
                    hits.iter().any(|&h| (i..=i + LOOKAHEAD).contains(&h)),
                    "{text:?} matches at {i} with hits {hits:?}"
                );
            }
        }
        assert!(matched > 10_000, "{matched}");
    }

    #[test]
    fn the_quiet_letters_agree_with_the_reference_in_every_triple() {
        // Every quiet letter, with the classed characters that border on being quiet.
        let mut letters: Vec<char> = (0x80..0x500u32)
            .filter_map(char::from_u32)
            .filter(|&c| quiet(c, class_of(c)) && class_of(c) != 0)
            .collect();
        letters.extend(['°', 'Ü', 'Ø', 'Ù', 'à', 'Ã', 'Â', '€', 'Š', 'µ', '»', '²']);
        for &a in &letters {
            for &b in &letters {
                for &c in &letters {
                    for text in [
                        format!("x{a}{b}{c}y"),
                        format!(" {a}{b}{c} "),
                        format!("{a}{b}{c}{a}"),
                    ] {
                        let expected = reference::is_bad(&text);
                        assert_eq!(is_bad(&text), expected, "{text:?}");
                        assert!(text.chars().any(is_noisy) || !expected, "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn windowed_is_bad_agrees_on_mojibake_inside_long_clean_text() {
        let samples = [
            "cafÃ©",
            "Ã¡",
            "â€œquotedâ€",
            "Ã ",
            "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
            "\u{80}",
            "вЂњ",
            "Ø§Ù„",
            "ГўВЂВ x",
            "a Ã ",
            "Ã ",
            "x.Â ",
            "βۙ",
            "‚Äì",
            "√©",
            "naïve",
            "Größe",
            "(ò_ó)",
            "×²",
        ];
        for sample in samples {
            for before in 0..10 {
                for after in 0..10 {
                    let text = format!("{}{sample}{}", "a b ".repeat(before), " c".repeat(after));
                    assert_eq!(is_bad(&text), reference::is_bad(&text), "{text:?}");
                }
            }
        }
    }
}
