//! The benchmark corpus: generated, deterministically, from the seed sentences in `corpus/`.
//!
//! Nothing generated is checked in; the same seed and size always give the same bytes, so
//! figures from different machines and commits are comparable.
//!
//! - [`Kind::Mixed`]: the headline corpus. By lines: 30% ASCII-heavy English, 58% clean text
//!   in eleven other languages (Latin with accents, Cyrillic, Greek, Arabic, Chinese,
//!   Japanese, Korean), 10% mojibake of many kinds (see [`MOJIBAKE`]) and 2% other damage
//!   (HTML entities, curly quotes, fullwidth letters, ligatures, terminal escapes, CR LF).
//! - [`Kind::English`]: ASCII-heavy English, clean; one line in fifty has a non-ASCII
//!   character (an em dash, an accented word).
//! - [`Kind::NonLatin`]: clean Cyrillic, Greek, Arabic, Chinese, Japanese and Korean text,
//!   where every character is non-ASCII and must be classified.

use textmend::encoding::codecs;

/// A deterministic pseudo-random generator (SplitMix64): no dependency, same numbers on
/// every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The seed sentences of one language.
pub struct Language {
    pub code: &'static str,
    /// Whether sentences are written without spaces between them.
    pub no_spaces: bool,
    pub sentences: Vec<&'static str>,
}

macro_rules! seed {
    ($code:literal, $no_spaces:expr) => {
        (
            $code,
            $no_spaces,
            include_str!(concat!("../corpus/", $code, ".txt")),
        )
    };
}

/// All seed languages, English first.
pub fn languages() -> Vec<Language> {
    [
        seed!("en", false),
        seed!("fr", false),
        seed!("de", false),
        seed!("es", false),
        seed!("pl", false),
        seed!("ru", false),
        seed!("uk", false),
        seed!("el", false),
        seed!("ar", false),
        seed!("zh", true),
        seed!("ja", true),
        seed!("ko", false),
    ]
    .into_iter()
    .map(|(code, no_spaces, text)| Language {
        code,
        no_spaces,
        sentences: text.lines().filter(|l| !l.trim().is_empty()).collect(),
    })
    .collect()
}

/// Which corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Mixed,
    English,
    NonLatin,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Mixed, Kind::English, Kind::NonLatin];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Mixed => "mixed",
            Kind::English => "english",
            Kind::NonLatin => "non-latin",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Mixed => "multilingual, 10% mojibake",
            Kind::English => "ASCII-heavy English, clean",
            Kind::NonLatin => "CJK, Cyrillic, Greek, Arabic, clean",
        }
    }
}

/// A kind of mojibake: the languages it is made from and how.
pub struct Mojibake {
    pub name: &'static str,
    pub from: &'static [&'static str],
    pub make: fn(&str) -> String,
}

fn decode_as(bytes: &[u8], codec: &str) -> String {
    let codec = codecs::by_name(codec).expect("a code page textmend knows");
    codec.decode(bytes).expect("every byte defined")
}

fn encode_as(text: &str, codec: &str) -> Vec<u8> {
    let codec = codecs::by_name(codec).expect("a code page textmend knows");
    codec.encode(text).expect("text the code page can encode")
}

/// UTF-8 read through a code page: the commonest mojibake.
fn utf8_as(text: &str, codec: &str) -> String {
    decode_as(text.as_bytes(), codec)
}

/// The kinds of mojibake in the mixed corpus, drawn with equal weight.
pub static MOJIBAKE: &[Mojibake] = &[
    Mojibake {
        name: "UTF-8 read as windows-1252",
        from: &["fr", "de", "es", "en-curly"],
        make: |t| utf8_as(t, "sloppy-windows-1252"),
    },
    Mojibake {
        name: "UTF-8 read as Latin-1 (C1 controls)",
        from: &["fr", "de", "en-curly"],
        make: |t| utf8_as(t, "latin-1"),
    },
    Mojibake {
        name: "UTF-8 read as windows-1251",
        from: &["ru", "uk"],
        make: |t| utf8_as(t, "sloppy-windows-1251"),
    },
    Mojibake {
        name: "UTF-8 read as windows-1250",
        from: &["pl"],
        make: |t| utf8_as(t, "sloppy-windows-1250"),
    },
    Mojibake {
        name: "UTF-8 read as windows-1253",
        from: &["el"],
        make: |t| utf8_as(t, "sloppy-windows-1253"),
    },
    Mojibake {
        name: "UTF-8 read as MacRoman",
        from: &["fr", "de", "es"],
        make: |t| utf8_as(t, "macroman"),
    },
    Mojibake {
        name: "UTF-8 read as cp437",
        from: &["de", "es"],
        make: |t| utf8_as(t, "cp437"),
    },
    Mojibake {
        name: "UTF-8 read as windows-1252, twice",
        from: &["fr", "en-curly"],
        make: |t| utf8_as(&utf8_as(t, "sloppy-windows-1252"), "sloppy-windows-1252"),
    },
    Mojibake {
        name: "UTF-8 read as windows-1251, twice",
        from: &["ru"],
        make: |t| utf8_as(&utf8_as(t, "sloppy-windows-1251"), "sloppy-windows-1251"),
    },
    Mojibake {
        name: "CJK UTF-8 read as windows-1252",
        from: &["zh", "ja", "ko"],
        make: |t| utf8_as(t, "sloppy-windows-1252"),
    },
    Mojibake {
        name: "Arabic UTF-8 read as windows-1252",
        from: &["ar"],
        make: |t| utf8_as(t, "sloppy-windows-1252"),
    },
    Mojibake {
        name: "windows-1252 read as Latin-1",
        from: &["en-curly", "fr"],
        make: |t| decode_as(&encode_as(t, "windows-1252"), "latin-1"),
    },
    Mojibake {
        name: "one word of UTF-8 read as windows-1252",
        from: &["fr", "de", "es"],
        make: break_one_word,
    },
];

/// Breaks the first word with a non-ASCII letter, leaving the rest of the line clean.
fn break_one_word(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut done = false;
    for word in text.split_inclusive(' ') {
        if !done && !word.is_ascii() {
            out.push_str(&utf8_as(word, "sloppy-windows-1252"));
            done = true;
        } else {
            out.push_str(word);
        }
    }
    out
}

/// A kind of damage: its name and how it is done.
pub type Damage = (&'static str, fn(&str) -> String);

/// Damage other than mojibake, each undone by one of the other fixes.
pub static OTHER_DAMAGE: &[Damage] = &[
    ("HTML entities", |t| {
        t.replace('&', "&amp;")
            .replace('é', "&eacute;")
            .replace('ü', "&uuml;")
            .replace(", ", "&#44; ")
    }),
    ("curly quotes", curl),
    ("fullwidth letters", |t| {
        t.chars()
            .map(|c| match c {
                '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
                ' ' => '\u{3000}',
                _ => c,
            })
            .collect()
    }),
    ("ligatures", |t| {
        t.replace("fi", "\u{FB01}").replace("fl", "\u{FB02}")
    }),
    ("terminal escapes", |t| {
        format!("\x1b[1;31m{}\x1b[0m", t.trim_end_matches('\n'))
    }),
    ("CR LF", |t| format!("{}\r", t)),
];

/// Curls straight quotes as a word processor would.
fn curl(text: &str) -> String {
    let mut open = true;
    text.chars()
        .map(|c| match c {
            '\'' => '\u{2019}',
            '"' => {
                open = !open;
                if open {
                    '\u{201D}'
                } else {
                    '\u{201C}'
                }
            }
            _ => c,
        })
        .collect()
}

/// Builds one clean line of one to four sentences.
fn clean_line(rng: &mut Rng, lang: &Language) -> String {
    let n = 1 + rng.below(4);
    let mut line = String::new();
    for i in 0..n {
        if i > 0 && !lang.no_spaces {
            line.push(' ');
        }
        let sentence: &&str = rng.pick(&lang.sentences);
        line.push_str(sentence);
    }
    line
}

/// English, with one line in fifty carrying a little non-ASCII, as English on the web does.
fn english_line(rng: &mut Rng, en: &Language) -> String {
    let mut line = clean_line(rng, en);
    match rng.below(100) {
        0 => line.push_str(" \u{2014} or so they say."),
        1 => line.push_str(" We met at the caf\u{e9} afterwards."),
        _ => {}
    }
    line
}

/// Generates a corpus of at least `min_bytes` bytes, whole lines, each ending in `\n`.
pub fn generate(kind: Kind, min_bytes: usize) -> String {
    let langs = languages();
    let by_code = |code: &str| {
        langs
            .iter()
            .find(|l| l.code == code)
            .expect("a seed language")
    };
    let en = by_code("en");
    let non_latin: Vec<&Language> = ["ru", "uk", "el", "ar", "zh", "ja", "ko"]
        .iter()
        .map(|c| by_code(c))
        .collect();
    let others: Vec<&Language> = langs.iter().filter(|l| l.code != "en").collect();
    let mut rng = Rng::new(match kind {
        Kind::Mixed => 0x7465_7874_6d65_6e64,
        Kind::English => 0x0065_6e67_6c69_7368,
        Kind::NonLatin => 0x6e6f_6e6c_6174_696e,
    });
    let mut out = String::with_capacity(min_bytes + 4096);
    while out.len() < min_bytes {
        let line = match kind {
            Kind::English => english_line(&mut rng, en),
            Kind::NonLatin => {
                let lang = *rng.pick(&non_latin);
                clean_line(&mut rng, lang)
            }
            Kind::Mixed => match rng.below(100) {
                0..=9 => {
                    let m = rng.pick(MOJIBAKE);
                    let source = *rng.pick(m.from);
                    let clean = if source == "en-curly" {
                        curl(&clean_line(&mut rng, en))
                    } else {
                        clean_line(&mut rng, by_code(source))
                    };
                    (m.make)(&clean)
                }
                10..=11 => {
                    let (_, damage) = rng.pick(OTHER_DAMAGE);
                    let lang = if rng.below(2) == 0 { en } else { by_code("fr") };
                    damage(&clean_line(&mut rng, lang))
                }
                12..=41 => english_line(&mut rng, en),
                _ => {
                    let lang = *rng.pick(&others);
                    clean_line(&mut rng, lang)
                }
            },
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The whole lines of `text`, grouped into batches of about `batch_bytes` bytes each.
pub fn line_batches(text: &str, batch_bytes: usize) -> Vec<&str> {
    let mut batches = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + batch_bytes).min(text.len());
        if end < text.len() {
            end = match text.as_bytes()[end..].iter().position(|&b| b == b'\n') {
                Some(i) => end + i + 1,
                None => text.len(),
            };
        }
        batches.push(&text[start..end]);
        start = end;
    }
    batches
}
