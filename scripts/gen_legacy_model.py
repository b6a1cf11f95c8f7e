#!/usr/bin/env python3
"""Generates crates/textmend/src/tables/legacy_model.rs: what text in each of 28 languages
looks like, as character-bigram log-probabilities, for textmend's legacy code page repair.

    python3 scripts/gen_legacy_model.py > crates/textmend/src/tables/legacy_model.rs

Training text: Faker 40.63.0 (MIT License; `pip install faker==40.63.0`), its per-locale
sentences, names, addresses, companies, jobs and cities, drawn with fixed seeds that neither
the evaluation corpus (scripts/eval/gen_corpus.py) nor the differential corpus uses. Faker
has only names for Icelandic, so its lines are also made of words drawn by frequency from
the word list of wordfreq 3.1.1 (`pip install wordfreq==3.1.1`; its data is CC BY-SA 4.0):
Icelandic (and Faroese) writes `ð`, `þ` and `ý`, the very bytes that Turkish in
windows-1254 and Central European text in windows-1250 show as through windows-1252, and a
model that knows no language writing them reads clean Icelandic as one of those. The same
Python (3.11), Faker and wordfreq versions give the same output on every run.

Each language has an alphabet of its most frequent lowercase letters (at most 70), to which
three classes are added: 0 (boundary: start and end, spaces, ASCII digits and punctuation,
quotes and dashes), 1 (an ASCII letter outside the alphabet) and 2 (any other character,
symbols included). A text's characters are
lowercased and mapped to these symbols; the model gives log P(next symbol | symbol) for
every pair, smoothed (add 0.05), quantized to whole tenths of a nat and stored as
u8 = min(255, round(-10 log p)).
"""
import math
import os
import random
import sys
import zlib

SEED = 7_340_033
LINES = 4000
MAX_ALPHABET = 70
SMOOTHING = 0.05

LOCALES = {
    "en": ("en_US", ["sentence", "name", "address", "company", "job"]),
    "fr": ("fr_FR", ["sentence", "name", "address", "company", "job", "city"]),
    "de": ("de_DE", ["sentence", "name", "address", "city", "job"]),
    "es": ("es_ES", ["sentence", "name", "address", "company", "job", "city"]),
    "pt": ("pt_BR", ["name", "address", "company", "job", "street_name"]),
    "it": ("it_IT", ["sentence", "name", "address", "city"]),
    "da": ("da_DK", ["sentence", "name", "address", "company", "job"]),
    "pl": ("pl_PL", ["sentence", "name", "address", "company", "job", "city"]),
    "cs": ("cs_CZ", ["sentence", "name", "address", "company", "job", "city"]),
    "sk": ("sk_SK", ["name", "address", "city", "company", "street_name"]),
    "hu": ("hu_HU", ["name", "address", "city", "company", "job"]),
    "ro": ("ro_RO", ["name", "address", "city", "street_name"]),
    "hr": ("hr_HR", ["name", "address", "company", "job", "street_name"]),
    "sl": ("sl_SI", ["name", "address", "street_name", "city"]),
    "tr": ("tr_TR", ["name", "company", "job"]),
    "lt": ("lt_LT", ["name", "company"]),
    "lv": ("lv_LV", ["name", "company"]),
    "et": ("et_EE", ["name", "company"]),
    "vi": ("vi_VN", ["sentence", "name", "address", "company", "job"]),
    "ru": ("ru_RU", ["sentence", "name", "address", "company", "job"]),
    "uk": ("uk_UA", ["sentence", "name", "address", "company", "job", "city"]),
    "bg": ("bg_BG", ["name", "company"]),
    "el": ("el_GR", ["sentence", "name", "address", "company", "job", "city"]),
    "he": ("he_IL", ["sentence", "name", "address", "city"]),
    "ar": ("ar_AA", ["sentence", "name", "company", "job"]),
    "fa": ("fa_IR", ["sentence", "name", "company", "job", "city"]),
    "th": ("th_TH", ["sentence", "name", "address", "company", "job"]),
    "is": ("is_IS", ["words", "words", "words", "name"]),
}

# Lines of "words" draw this many of the language's commonest words, by their frequency.
WORDS = 20_000


def word_list(lang):
    """The commonest words of `lang` and their frequencies, from wordfreq."""
    import wordfreq

    words = wordfreq.top_n_list(lang, WORDS)
    return words, [wordfreq.word_frequency(w, lang) for w in words]


def training_text(loc, methods):
    from faker import Faker

    fake = Faker(loc)
    fake.seed_instance(SEED ^ zlib.crc32(loc.encode()))
    rng = random.Random(SEED ^ zlib.crc32(loc.encode()))
    lines = []
    words = word_list(loc.split("_")[0]) if "words" in methods else None
    for _ in range(LINES):
        method = rng.choice(methods)
        if method == "sentence":
            text = fake.sentence(nb_words=rng.randint(3, 12))
        elif method == "words":
            text = " ".join(rng.choices(words[0], weights=words[1], k=rng.randint(3, 12)))
        else:
            text = getattr(fake, method)()
        lines.append(" ".join(text.split()))
    return lines


def fold(c):
    low = c.lower()
    return low if len(low) == 1 else c


def is_letter(c):
    """Letters, and the marks and joiners that belong inside words."""
    if c in "\u00aa\u00ba":
        return False  # the ordinal indicators are symbols in practice
    return (c.isalpha() or "\u0e00" <= c <= "\u0e7f" or "\u0300" <= c <= "\u036f"
            or "\u0591" <= c <= "\u05c7" or "\u064b" <= c <= "\u065f" or c in "\u200c\u200d")


def is_boundary(c):
    """Spaces, ASCII digits and punctuation, and the punctuation that text uses between
    words (quotes, dashes, guillemets...). Other non-letters (symbols, box drawing) are
    symbol 2, "any other character"."""
    if is_letter(c):
        return False
    return (c.isascii() or c.isspace() or "\u2010" <= c <= "\u2027"
            or "\u2030" <= c <= "\u205e" or c in "\u00a0\u00ab\u00bb\u00a1\u00bf\u00b7\u00aa\u00ba")


def build(lines):
    counts = {}
    for line in lines:
        for c in line:
            if not is_letter(c):
                continue
            c = fold(c)
            counts[c] = counts.get(c, 0) + 1
    alphabet = sorted(counts, key=lambda c: (-counts[c], c))[:MAX_ALPHABET]
    alphabet.sort()
    index = {c: i + 3 for i, c in enumerate(alphabet)}
    size = len(alphabet) + 3

    def symbol(c):
        if is_boundary(c):
            return 0
        if not is_letter(c):
            return 2
        c = fold(c)
        if c in index:
            return index[c]
        return 1 if c.isascii() else 2

    pairs = [[0] * size for _ in range(size)]
    for line in lines:
        prev = 0
        for c in line + " ":
            s = symbol(c)
            if not (s == 0 and prev == 0):
                pairs[prev][s] += 1
            prev = s
    table = []
    for a in range(size):
        total = sum(pairs[a]) + SMOOTHING * size
        for b in range(size):
            p = (pairs[a][b] + SMOOTHING) / total
            table.append(min(255, round(-10 * math.log(p))))
    return "".join(alphabet), size, table


def rust_string(s):
    out = []
    for c in s:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable() and not ("\u0300" <= c <= "\u036f") and c.isascii():
            out.append(c)
        else:
            out.append(f"\\u{{{ord(c):x}}}")
    return '"' + "".join(out) + '"'


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable] + sys.argv)
    import faker
    from importlib.metadata import version

    out = [
        "// Generated by scripts/gen_legacy_model.py from text of Faker "
        f"{faker.VERSION} and words of wordfreq {version('wordfreq')}.",
        "// Regenerate: python3 scripts/gen_legacy_model.py > "
        "crates/textmend/src/tables/legacy_model.rs",
        "// Do not edit by hand.",
        "",
        "/// A language's character-bigram model (see scripts/gen_legacy_model.py).",
        "pub struct Lang {",
        "    /// ISO 639-1 code.",
        "    pub name: &'static str,",
        "    /// The lowercase characters of the alphabet, sorted; symbol i + 3 is the i-th.",
        "    pub alphabet: &'static str,",
        "    /// Symbols: the alphabet and the three classes (boundary, other ASCII letter,",
        "    /// other character).",
        "    pub size: usize,",
        "    /// -10 ln P(b | a) at a * size + b, rounded, at most 255.",
        "    pub bigrams: &'static [u8],",
        "}",
        "",
        "/// The languages.",
        "pub static LANGS: &[Lang] = &[",
    ]
    for name, (loc, methods) in LOCALES.items():
        alphabet, size, table = build(training_text(loc, methods))
        out.append("    Lang {")
        out.append(f"        name: {rust_string(name)},")
        out.append(f"        alphabet: {rust_string(alphabet)},")
        out.append(f"        size: {size},")
        out.append("        bigrams: &[")
        for i in range(0, len(table), 24):
            out.append("            " + ", ".join(str(v) for v in table[i:i + 24]) + ",")
        out.append("        ],")
        out.append("    },")
    out.append("];")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
