#!/usr/bin/env python3
"""Generates crates/textmend/src/tables/lossy_scripts_model.rs: character models of Chinese,
Japanese and Korean for lossy recovery in scripts other than Latin
(crates/textmend/src/encoding/lossy_scripts.rs), and dense letter-bigram models with
trigrams beside them of 30 alphabetic languages (Hindi among them: its letters, vowel signs
and virama are 84 symbols). Thai, which wordfreq has no list for, uses the legacy repair's model
(crates/textmend/src/tables/legacy_model.rs).

    pip install wordfreq==3.1.1
    apt-get install debian-reference-ja debian-reference-zh-cn
    python3 scripts/gen_lossy_scripts_model.py > crates/textmend/src/tables/lossy_scripts_model.rs

Dense bigram tables, for the alphabetic languages (Cyrillic, Greek, Hebrew, Arabic and
Latin-script languages): over each one's commonest lowercase letters (at most 160), the word's
edge as symbol 0, -ln P(b | a) in tenths of a nat (u8), add-k smoothed.

Trigrams beside them, for the same languages: for the commonest two-letter contexts (a, b)
(the word's start counts as a letter), P(c | a, b) is the trigram's share of the context,
interpolated with the bigram P(c | b) by Witten-Bell (the weight of the context is the number
of distinct words that use it, against the number of distinct letters that follow it). Kept
are the trigrams that make most of each language's running text, each as one number,
a << 24 | b << 16 | c << 8 | -ln P(c | a, b) in tenths of a nat; and for each context kept,
a << 16 | b << 8 | -ln (1 - weight), what a letter after it that no kept trigram names pays
beyond its bigram.

Source: the word lists of the `wordfreq` package (3.1.1; its data is CC BY-SA 4.0, from
Wikipedia, subtitles, news, books, web text and Twitter), the commonest words of each
language weighted by their frequency. Per language:

- the alphabet: its commonest characters (by frequency of use in running words), each with
  its unigram cost, -ln P(c), in tenths of a nat (u8);
- bigrams inside words, with the word's start and end as symbol 0: for the commonest pairs,
  -ln P(b | a) in tenths of a nat (u8), as (a, b, cost) sorted by (a, b). Pairs not listed
  fall back to the unigram (see lossy_scripts.rs).

The signs of East Asian text (`、` `「」` `【】` `，` ...), which no word list has: their
frequency in the paragraphs of the Debian Reference in Japanese and in Simplified Chinese
(Debian packages debian-reference-ja and debian-reference-zh-cn, 2.100; GPL-2+), over the
Han, kana and sign characters, add-one smoothed.
"""
import glob
import html
import math
import re
import sys
import unicodedata

import wordfreq

# Language -> (words read, characters kept, bigrams kept).
LANGS = {
    "zh": (200000, 4000, 40000),
    "ja": (200000, 3500, 40000),
    "ko": (200000, 2000, 20000),
}
# Alphabetic languages: a dense bigram table over each one's commonest letters.
DENSE = ["ru", "uk", "bg", "mk", "el", "he", "ar", "fa", "cs", "sk", "pl", "tr", "vi", "hu",
         "lt", "lv", "ro", "sl", "hr", "de", "fr", "es", "ca", "pt", "it", "nl", "sv", "da", "fi",
         "hi"]
DENSE_WORDS = 50000
DENSE_MAX_LETTERS = 160
# Add-k smoothing of the dense tables: P(b | a) = (C(a, b) + K * P(b)) / (C(a) + K).
DENSE_K = 0.002
# A letter joins a dense alphabet if it is at least this share of the letters.
DENSE_MIN_SHARE = 2e-5
# Trigrams kept per alphabetic language, the commonest first (8,000 read the evaluation
# corpora no better).
TRIGRAMS = 4000
# The most a trigram's context may weigh against the bigram (Witten-Bell alone trusts the
# commonest contexts up to 0.95, which makes rare letter sequences in names too dear).
MAX_WEIGHT = 0.8

# The characters each model keeps: its own script's (the word lists have Latin words too).
SCRIPT = {
    "zh": lambda u: 0x4E00 <= u <= 0x9FFF or 0x3400 <= u <= 0x4DBF,
    "ja": lambda u: 0x4E00 <= u <= 0x9FFF or 0x3040 <= u <= 0x30FF,
    "ko": lambda u: 0xAC00 <= u <= 0xD7A3,
}
MAX_COST = 255


def is_letter(c):
    cat = unicodedata.category(c)
    return cat[0] in "LM"


def model(lang, n_words, n_chars, n_bigrams):
    freqs = wordfreq.get_frequency_dict(lang)
    words = sorted(freqs.items(), key=lambda kv: -kv[1])[:n_words]
    uni = {}
    bi = {}
    starts = 0.0
    for word, f in words:
        chars = [c for c in word if is_letter(c) and SCRIPT[lang](ord(c))]
        if not chars or len(chars) != len(word):
            continue
        starts += f
        for c in chars:
            uni[c] = uni.get(c, 0.0) + f
        seq = [None] + chars + [None]
        for a, b in zip(seq, seq[1:]):
            bi[(a, b)] = bi.get((a, b), 0.0) + f
    alphabet = sorted(uni, key=lambda c: -uni[c])[:n_chars]
    alphabet.sort()
    index = {c: i + 1 for i, c in enumerate(alphabet)}
    total = sum(uni.values())
    unigram = [(c, min(MAX_COST, round(-10 * math.log(uni[c] / total)))) for c in alphabet]
    # P(b | a): a's count as a left neighbour (its uses, or the word starts for a = None).
    left = {}
    for (a, b), f in bi.items():
        left[a] = left.get(a, 0.0) + f
    pairs = []
    for (a, b), f in bi.items():
        ia = 0 if a is None else index.get(a)
        ib = 0 if b is None else index.get(b)
        if ia is None or ib is None:
            continue
        pairs.append((f, ia, ib, -math.log(f / left[a])))
    pairs.sort(key=lambda p: -p[0])
    kept = sorted((ia, ib, min(MAX_COST, round(10 * cost))) for _, ia, ib, cost in pairs[:n_bigrams])
    return alphabet, unigram, kept


def dense_model(lang):
    freqs = wordfreq.get_frequency_dict(lang)
    words = [(word, f) for word, f in sorted(freqs.items(), key=lambda kv: -kv[1])[:DENSE_WORDS]
             if all(is_letter(c) or c in "'’" for c in word)]
    uni = {}
    for word, f in words:
        for c in word.lower():
            if is_letter(c):
                uni[c] = uni.get(c, 0.0) + f
    total = sum(uni.values())
    alphabet = sorted(c for c in sorted(uni, key=lambda c: -uni[c])[:DENSE_MAX_LETTERS]
                      if uni[c] / total >= DENSE_MIN_SHARE)
    index = {c: i + 1 for i, c in enumerate(alphabet)}
    n = len(alphabet) + 1
    counts = [[0.0] * n for _ in range(n)]
    # Each word as symbols between its edges (0). Apostrophes and letters outside the
    # alphabet end a word, as the reader's symbols do.
    seqs = [([0] + [index.get(c, 0) for c in word.lower() if is_letter(c)] + [0], f)
            for word, f in words]
    for seq, f in seqs:
        for a, b in zip(seq, seq[1:]):
            if a or b:
                counts[a][b] += f
    col = [sum(counts[a][b] for a in range(n)) for b in range(n)]
    col_total = sum(col)
    table = []
    p2 = {}
    for a in range(n):
        row = sum(counts[a])
        for b in range(n):
            p = (counts[a][b] + DENSE_K * col[b] / col_total * row + 1e-12) / (row + DENSE_K * row + 1e-12)
            # The model as the reader has it: rounded to tenths of a nat.
            cost = min(MAX_COST, round(-10 * math.log(p)))
            table.append(cost)
            p2[(a, b)] = math.exp(-cost / 10)
    return alphabet, table, trigram_model(seqs, p2)


def trigram_model(seqs, p2):
    """The trigrams of an alphabetic language (see the module's doc), from its words as
    symbols with their frequencies: the kept trigrams and the kept contexts, each packed
    with its cost."""
    tri = {}
    ctx_mass = {}
    ctx_words = {}
    ctx_next = {}
    for seq, f in seqs:
        seen = set()
        for a, b, c in zip(seq, seq[1:], seq[2:]):
            if b == 0:
                continue
            tri[(a, b, c)] = tri.get((a, b, c), 0.0) + f
            ctx_mass[(a, b)] = ctx_mass.get((a, b), 0.0) + f
            ctx_next.setdefault((a, b), set()).add(c)
            if (a, b) not in seen:
                seen.add((a, b))
                ctx_words[(a, b)] = ctx_words.get((a, b), 0) + 1
    kept = sorted(tri, key=lambda t: -tri[t])[:TRIGRAMS]
    contexts = {(a, b) for a, b, _ in kept}
    weight = {ab: min(MAX_WEIGHT, ctx_words[ab] / (ctx_words[ab] + len(ctx_next[ab])))
              for ab in contexts}
    trigrams = []
    for a, b, c in kept:
        lam = weight[(a, b)]
        p = lam * tri[(a, b, c)] / ctx_mass[(a, b)] + (1 - lam) * p2[(b, c)]
        cost = min(MAX_COST, round(-10 * math.log(p)))
        trigrams.append((a << 24) | (b << 16) | (c << 8) | cost)
    trigrams.sort()
    backoff = sorted((a << 16) | (b << 8) | min(MAX_COST, round(-10 * math.log(1 - weight[(a, b)])))
                     for a, b in contexts)
    return trigrams, backoff


def write_wrapped(out, items):
    """Writes items on lines of at most 100 characters, indented as a table's rows."""
    line = "           "
    for item in items:
        if len(line) + len(item) > 100:
            out.write(line + "\n")
            line = "           "
        line += item
    out.write(line + "\n")


def main():
    out = sys.stdout
    out.write("// Generated by scripts/gen_lossy_scripts_model.py from the word lists of wordfreq 3.1.1\n"
              "// and the Debian Reference in Japanese and Simplified Chinese (2.100).\n")
    out.write("// Regenerate: python3 scripts/gen_lossy_scripts_model.py > "
              "crates/textmend/src/tables/lossy_scripts_model.rs\n")
    out.write("// Do not edit by hand.\n\n")
    out.write("/// A character model of one language (see scripts/gen_lossy_scripts_model.py).\n")
    out.write("pub struct CharModel {\n")
    out.write("    /// ISO 639-1 code.\n    pub name: &'static str,\n")
    out.write("    /// The alphabet, sorted; symbol i + 1 is the i-th (0: a word's edge).\n")
    out.write("    pub chars: &'static [char],\n")
    out.write("    /// -10 ln P(c) of each character of the alphabet.\n")
    out.write("    pub unigram: &'static [u8],\n")
    out.write("    /// (a, b, -10 ln P(b | a)) for the commonest pairs inside words, sorted.\n")
    out.write("    pub bigrams: &'static [(u16, u16, u8)],\n")
    out.write("}\n\n")
    out.write("/// A dense bigram model of an alphabetic language: symbol 0 is a word's edge, i + 1\n")
    out.write("/// the i-th letter of the alphabet; -10 ln P(b | a) at a * (letters + 1) + b.\n")
    out.write("pub struct DenseModel {\n")
    out.write("    /// ISO 639-1 code.\n    pub name: &'static str,\n")
    out.write("    /// The lowercase letters, sorted.\n    pub letters: &'static [char],\n")
    out.write("    /// The table.\n    pub bigrams: &'static [u8],\n")
    out.write("    /// Trigrams, sorted: a << 24 | b << 16 | c << 8 | -10 ln P(c | a, b) (symbols as\n")
    out.write("    /// above).\n")
    out.write("    pub trigrams: &'static [u32],\n")
    out.write("    /// Their contexts, sorted: a << 16 | b << 8 | -10 ln (1 - weight), what a letter\n")
    out.write("    /// after the context that no trigram names pays beyond its bigram.\n")
    out.write("    pub contexts: &'static [u32],\n")
    out.write("}\n\n")
    out.write("/// The alphabetic languages.\npub static DENSE_MODELS: &[DenseModel] = &[\n")
    for lang in DENSE:
        alphabet, table, (trigrams, contexts) = dense_model(lang)
        out.write(f"    DenseModel {{\n        name: \"{lang}\",\n        letters: &[\n")
        write_wrapped(out, [f" {c!r}," for c in alphabet])
        out.write("        ],\n        bigrams: &[\n")
        write_wrapped(out, [f" {v}," for v in table])
        out.write("        ],\n        trigrams: &[\n")
        write_wrapped(out, [f" {v}," for v in trigrams])
        out.write("        ],\n        contexts: &[\n")
        write_wrapped(out, [f" {v}," for v in contexts])
        out.write("        ],\n    },\n")
        print(f"{lang}: {len(alphabet)} letters, {len(trigrams)} trigrams, {len(contexts)} contexts",
              file=sys.stderr)
    out.write("];\n\n")
    out.write("/// The languages.\npub static CHAR_MODELS: &[CharModel] = &[\n")
    for lang, (n_words, n_chars, n_bigrams) in LANGS.items():
        alphabet, unigram, kept = model(lang, n_words, n_chars, n_bigrams)
        out.write(f"    CharModel {{\n        name: {lang!r},\n".replace("'", '"'))
        for field, items in (("chars", [f" {c!r}," for c, _ in unigram]),
                             ("unigram", [f" {cost}," for _, cost in unigram])):
            out.write(f"        {field}: &[\n")
            write_wrapped(out, items)
            out.write("        ],\n")
        out.write("        bigrams: &[\n")
        write_wrapped(out, [f" ({ia}, {ib}, {cost})," for ia, ib, cost in kept])
        out.write("        ],\n    },\n")
        print(f"{lang}: {len(alphabet)} characters, {len(kept)} bigrams", file=sys.stderr)
    out.write("];\n\n")
    signs, n_chars = cjk_signs()
    out.write(f"/// The signs of East Asian text (U+3000..U+303F, U+FF01..U+FF65), each with\n")
    out.write(f"/// -10 ln P(sign), its share of the {n_chars} characters of Japanese and Chinese\n")
    out.write("/// prose counted, plus one (see scripts/gen_lossy_scripts_model.py). Sorted.\n")
    out.write("pub static CJK_SIGNS: &[(char, u8)] = &[\n")
    write_wrapped(out, [f" ({c!r}, {cost})," for c, cost in signs])
    out.write("];\n")
    print(f"cjk signs: {len(signs)} from {n_chars} characters", file=sys.stderr)


def cjk_signs():
    """Each sign of the CJK Symbols and Punctuation block and of the fullwidth forms, with
    its cost in prose: -ln((count + 1) / characters), counted in the paragraphs of the Debian
    Reference in Japanese and in Simplified Chinese (Debian packages debian-reference-ja and
    debian-reference-zh-cn), over their characters of Han, kana and those signs."""
    paths = sorted(glob.glob("/usr/share/debian-reference/*.ja.html")
                   + glob.glob("/usr/share/debian-reference/*.zh-cn.html"))
    if not paths:
        sys.exit("install debian-reference-ja and debian-reference-zh-cn first")
    counts = {}
    total = 0
    for path in paths:
        text = open(path, encoding="utf-8", errors="replace").read()
        for m in re.finditer(r"(?s)<p\b[^>]*>(.*?)</p>", text):
            body = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
            for c in body:
                if is_cjk_sign(c):
                    counts[c] = counts.get(c, 0) + 1
                    total += 1
                elif 0x3040 <= ord(c) <= 0x30FF or 0x4E00 <= ord(c) <= 0x9FFF:
                    total += 1
    signs = [chr(u) for u in list(range(0x3000, 0x3040)) + list(range(0xFF01, 0xFF66))
             if is_cjk_sign(chr(u))]
    return [(c, min(MAX_COST, round(-10 * math.log((counts.get(c, 0) + 1) / total))))
            for c in signs], total


def is_cjk_sign(c):
    """A sign (punctuation or symbol, not a letter or digit) of the CJK Symbols and
    Punctuation block or of the fullwidth and halfwidth forms up to U+FF65."""
    u = ord(c)
    in_block = 0x3000 <= u <= 0x303F or 0xFF01 <= u <= 0xFF65
    return in_block and unicodedata.category(c)[0] in "PS"


if __name__ == "__main__":
    main()
