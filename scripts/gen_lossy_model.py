#!/usr/bin/env python3
"""Generates crates/textmend/src/tables/lossy_model.rs: the small text model that lossy
recovery (crates/textmend/src/encoding/lossy.rs) scores candidate characters with.

    pip install wordfreq==3.1.1
    apt-get install python3.11-doc debian-reference-fr wngerman
    python3 scripts/gen_lossy_model.py > crates/textmend/src/tables/lossy_model.rs

Two parts:

1. Letters: a bigram model over lowercase Latin letters, the apostrophe and a word boundary,
   weighted by word frequency, from the word lists of the `wordfreq` package (3.1.1) for
   several Latin-script languages (English and French weighted most). French elisions
   (l', d', qu', ...) are split off by wordfreq's tokenizer; they are put back as
   "letter, apostrophe, vowel-initial word". wordfreq also folds German `ß` into `ss`
   (`strasse`, `gross`): each German word with `ss` is spelled with `ß` where the German
   word list of the Debian package wngerman (/usr/share/dict/ngerman, the reformed
   spelling) has that spelling and not the one with `ss` (`straße`, `groß`, but `dass`,
   `wasser`).
2. Punctuation and symbols: how often each non-letter character occurs, and in which
   context (the classes of its left and right neighbours: edge, space, lowercase,
   uppercase, digit, opening, closing, other), counted in paragraphs of real prose:
   the HTML documentation of Python 3.11 (Debian package python3.11-doc, English, set with
   typographic quotes and dashes), the Debian Reference in French (Debian package
   debian-reference-fr) and the `fixed` texts of ftfy's in-the-wild test cases
   (tests/data/ftfy/in-the-wild.json). A few symbols those sources barely contain
   (currency signs, bullets, trademark) get hand-set supplementary counts, listed below
   with the contexts they are spread over.
"""
import collections
import glob
import html
import itertools
import json
import math
import os
import re
import subprocess
import sys
import unicodedata

import wordfreq

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Language -> weight in the letter model. English and French are what the recovery is
# tested on; the others keep the model from treating every other Latin-script letter as
# impossible.
LANGS = {
    "en": 0.30, "fr": 0.25, "de": 0.06, "es": 0.06, "it": 0.05, "pt": 0.05, "nl": 0.04,
    "pl": 0.04, "cs": 0.03, "sv": 0.02, "da": 0.02, "fi": 0.02, "hu": 0.02, "ro": 0.02,
    "tr": 0.02, "lt": 0.02,
}
WORDS_PER_LANG = 40000
# A letter outside a-z joins the alphabet if its weighted frequency per letter is at
# least this; rarer Latin letters share one symbol.
ALPHABET_MIN_FREQ = 5e-6
# French tokens that wordfreq split off an elision ("l'homme" -> "l", "homme").
FRENCH_ELIDED = ["l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"]
# Share of English words ending in "s" that are followed by a possessive apostrophe.
ENGLISH_POSSESSIVE_PLURAL = 0.01
# Smoothing mass for the letter bigram: P(b|a) = (C(a,b) + ALPHA*U(b)) / (C(a) + ALPHA).
BIGRAM_ALPHA = 2e-4
# How many words with a letter outside a-z are listed as known words: the commonest over
# all languages, weighted...
KNOWN_WORDS = 3000
# ...and each language's own commonest, whatever its weight (Turkish weighs 0.02, and its
# `hâlâ`, "still", is the 703rd of its words with such a letter).
KNOWN_WORDS_PER_LANG = 750
# Languages of Latin script whose commonest accented words are known words too, though the
# letter model leaves them out (`nên`, `úrade` are no damage either).
KNOWN_ONLY_LANGS = ["vi", "sk", "sl", "sh", "lv", "ca", "is", "nb", "id", "ms", "fil"]
# Each language's letter frequencies are mixed with this share of the all-language ones, so
# that a letter a language never writes is improbable, not impossible.
LANG_SMOOTH = 0.002
# Costs are stored as -ln(p) in units of 1/QUANT nats, in a u8.
QUANT = 8

# Context classes, in the order model.rs defines them.
EDGE, SPACE, LOWER, UPPER, DIGIT, OPEN, CLOSE, OTHER = range(8)
CLASS_NAMES = ["Edge", "Space", "Lower", "Upper", "Digit", "Open", "Close", "Other"]
OPENING = set("([{«“‘„‚¿¡‹")
CLOSING = set(".,;:!?)]}»”’›")

# Hand-set supplementary counts (per million characters of prose) for symbols common in
# web and news text but rare in the documentation corpora, spread evenly over the listed
# (left, right) contexts. Each is a conservative guess, well below the quotes and dashes.
SUPPLEMENT = {
    "€": (60, [(DIGIT, SPACE), (DIGIT, CLOSE), (DIGIT, EDGE), (SPACE, SPACE), (SPACE, CLOSE),
               (SPACE, EDGE), (SPACE, DIGIT), (EDGE, DIGIT), (OPEN, DIGIT)]),
    "£": (20, [(SPACE, DIGIT), (EDGE, DIGIT), (OPEN, DIGIT), (DIGIT, SPACE)]),
    "•": (30, [(EDGE, SPACE), (SPACE, SPACE), (EDGE, UPPER), (SPACE, UPPER)]),
    "™": (10, [(LOWER, SPACE), (UPPER, SPACE), (LOWER, CLOSE), (UPPER, CLOSE), (LOWER, EDGE),
               (UPPER, EDGE)]),
    "°": (20, [(DIGIT, SPACE), (DIGIT, UPPER), (DIGIT, CLOSE), (DIGIT, EDGE)]),
    # German, Czech, Polish, Hungarian and Romanian open double quotes low; the reader
    # scores it as the English opening quote where a line's words say it is in one of
    # those languages, and by this count, well below `“`, anywhere else.
    "„": (5, [(EDGE, UPPER), (SPACE, UPPER), (EDGE, LOWER), (SPACE, LOWER), (OPEN, UPPER)]),
}
# A non-letter character is listed if it occurs at least this often in the corpora.
MIN_SYMBOL_COUNT = 3
# Context smoothing: P(c|l,r) = (K(c,l,r) + BETA*P(c)) / (N(l,r) + BETA).
CONTEXT_BETA = 50.0


def cls(ch):
    if ch is None:
        return EDGE
    if ch.isspace():
        return SPACE
    if ch.isdigit():
        return DIGIT
    if ch.isalpha():
        return UPPER if ch.isupper() or unicodedata.category(ch) == "Lt" else LOWER
    if ch in OPENING:
        return OPEN
    if ch in CLOSING:
        return CLOSE
    return OTHER


def is_latin_letter(ch):
    return ch.isalpha() and "LATIN" in unicodedata.name(ch, "")


def paragraphs_from_html(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    for m in re.finditer(r"(?s)<p\b[^>]*>(.*?)</p>", text):
        body = re.sub(r"<[^>]+>", "", m.group(1))
        body = html.unescape(body)
        body = re.sub(r"[ \t\r\n]+", " ", body).strip()
        if len(body) >= 20:
            yield body


def corpus():
    sources = []
    py = sorted(glob.glob("/usr/share/doc/python3.11-doc/html/**/*.html", recursive=True))
    fr = sorted(glob.glob("/usr/share/debian-reference/*.fr.html"))
    if not py or not fr:
        sys.exit("install python3.11-doc and debian-reference-fr first")
    paras = []
    for p in py:
        paras.extend(paragraphs_from_html(p))
    n_py = len(paras)
    for p in fr:
        paras.extend(paragraphs_from_html(p))
    n_fr = len(paras) - n_py
    wild = json.load(open(os.path.join(ROOT, "tests/data/ftfy/in-the-wild.json"), encoding="utf-8"))
    for case in wild:
        if case.get("expect") == "pass" and isinstance(case.get("fixed"), str):
            paras.append(case["fixed"])
    sources.append(f"python3.11-doc: {n_py} paragraphs")
    sources.append(f"debian-reference-fr: {n_fr} paragraphs")
    sources.append(f"ftfy in-the-wild fixed texts: {len(paras) - n_py - n_fr}")
    return paras, sources


GERMAN_WORDS = "/usr/share/dict/ngerman"


def german_spelling():
    """The spelling of a German word of wordfreq's, which writes every `ß` as `ss`: the
    word with some `ss` written `ß`, where the German word list has exactly one such
    spelling and not the word as it came; else the word as it came."""
    if not os.path.exists(GERMAN_WORDS):
        sys.exit("install wngerman first")
    listed = {w.strip().lower() for w in open(GERMAN_WORDS, encoding="utf-8")}

    def spell(w):
        if "ss" not in w or w in listed:
            return w
        parts = w.split("ss")
        found = set()
        for joins in itertools.product(["ss", "ß"], repeat=len(parts) - 1):
            v = parts[0] + "".join(j + p for j, p in zip(joins, parts[1:]))
            if v != w and v in listed:
                found.add(v)
        return found.pop() if len(found) == 1 else w

    return spell


def letter_model():
    counts = collections.Counter()
    letter_freq = collections.Counter()
    words = {}
    spell_german = german_spelling()
    for lang, weight in LANGS.items():
        wl = []
        for w in wordfreq.iter_wordlist(lang, "best"):
            if len(wl) >= WORDS_PER_LANG:
                break
            if lang == "de":
                w = spell_german(w)
            w = w.replace("’", "'")
            if not all(is_latin_letter(ch) or ch == "'" for ch in w):
                continue
            wl.append((w, wordfreq.word_frequency(w, lang, "best")))
        total = sum(f for _, f in wl)
        words[lang] = [(w, weight * f / total) for w, f in wl]
        for w, f in words[lang]:
            for ch in w:
                if ch != "'":
                    letter_freq[ch] += f
    n_letters = sum(letter_freq.values())
    extra = sorted(ch for ch, f in letter_freq.items()
                   if not ("a" <= ch <= "z") and f / n_letters >= ALPHABET_MIN_FREQ)
    alphabet = ["#", "'", "*"] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + extra
    index = {ch: i for i, ch in enumerate(alphabet)}

    def sym(ch):
        return index.get(ch, 2)

    def add(seq, f):
        for a, b in zip(seq, seq[1:]):
            counts[(a, b)] += f

    per_lang = {}
    lone = collections.Counter()
    n_words = 0.0
    for lang, wl in words.items():
        initial_vowel = collections.Counter()
        uni_lang = collections.Counter()
        for w, f in wl:
            add([0] + [sym(ch) for ch in w] + [0], f)
            n_words += f
            for ch in w:
                if ch != "'":
                    uni_lang[sym(ch)] += f
            if len(w) == 1 and not (lang == "fr" and w in FRENCH_ELIDED):
                lone[sym(w)] += f
            if w[0] in "aeiouyhéèêâàîôû":
                initial_vowel[sym(w[0])] += f
        per_lang[lang] = uni_lang
        if lang == "en":
            # Plural possessives ("the soldiers' families"): wordfreq's tokenizer keeps few
            # of them, so they are added at a fixed share of plural-looking words.
            for w, f in wl:
                if len(w) > 3 and w.endswith("s") and "'" not in w:
                    counts[(sym("s"), 1)] += f * ENGLISH_POSSESSIVE_PLURAL
                    counts[(1, 0)] += f * ENGLISH_POSSESSIVE_PLURAL
        if lang == "fr":
            total_iv = sum(initial_vowel.values())
            for w, f in wl:
                if w in FRENCH_ELIDED:
                    add([0] + [sym(ch) for ch in w] + [1], f)
                    for s, g in initial_vowel.items():
                        counts[(1, s)] += f * g / total_iv
    n = len(alphabet)
    row = [0.0] * n
    uni = [0.0] * n
    for (a, b), f in counts.items():
        row[a] += f
        uni[b] += f
    tot = sum(uni)
    uni = [u / tot for u in uni]
    cost = []
    for a in range(n):
        for b in range(n):
            p = (counts[(a, b)] + BIGRAM_ALPHA * uni[b]) / (row[a] + BIGRAM_ALPHA)
            cost.append(min(255, round(-math.log(p) * QUANT)))
    uni_cost = [min(255, round(-math.log(max(u, 1e-12)) * QUANT)) for u in uni]
    # How often a word is followed by an apostrophe (it's, the parents'), whatever its last
    # letter: -ln(C(letter, ') / C(letter, boundary)) over all letters.
    to_apos = sum(f for (a, b), f in counts.items() if b == 1 and a >= 2)
    to_end = sum(f for (a, b), f in counts.items() if b == 0 and a >= 2)
    apos_after_end = round(-math.log(to_apos / to_end) * QUANT)
    # A letter standing alone as a word: P(c, boundary | boundary).
    lone_cost = [min(255, round(-math.log((lone[i] + 1e-7) / n_words) * QUANT)) for i in range(n)]
    # Each language's letter frequencies (letters only), smoothed toward the mixture.
    letters_mix = collections.Counter()
    for u in per_lang.values():
        letters_mix.update(u)
    mix_total = sum(letters_mix.values())
    lang_costs = []
    for lang, u in per_lang.items():
        t = sum(u.values())
        row = []
        for i in range(n):
            if i < 2:
                row.append(0)
                continue
            p = (u[i] + LANG_SMOOTH * t * letters_mix[i] / mix_total + 1e-9) / (t * (1 + LANG_SMOOTH))
            row.append(min(255, round(-math.log(p) * QUANT)))
        lang_costs.append((lang, row))
    mix_row = [0, 0] + [min(255, round(-math.log((letters_mix[i] + 1e-9) / mix_total) * QUANT))
                        for i in range(2, n)]
    # The commonest words with a letter outside a-z, over all languages.
    accented = collections.Counter()
    for lang, wl in words.items():
        for w, f in wl:
            if "'" not in w and any(ord(ch) > 0x7F for ch in w):
                accented[w] += f
    known = {w for w, _ in accented.most_common(KNOWN_WORDS)}
    own_lists = {lang: [w for w, _ in wl] for lang, wl in words.items()}
    for lang in KNOWN_ONLY_LANGS:
        own_lists[lang] = [
            w.replace("’", "'")
            for w in wordfreq.top_n_list(lang, WORDS_PER_LANG)
            if all(is_latin_letter(ch) or ch in "'’" for ch in w)
        ]
    for lang, wl in own_lists.items():
        own = [w for w in wl if "'" not in w and any(ord(ch) > 0x7F for ch in w)]
        known.update(own[:KNOWN_WORDS_PER_LANG])
    known = sorted(known)
    return alphabet, cost, uni_cost, lone_cost, lang_costs, mix_row, known, apos_after_end


def symbol_model(paras):
    per_char = collections.Counter()
    ctx = collections.Counter()
    joint = collections.Counter()
    total = 0
    for para in paras:
        chars = list(para)
        for i, ch in enumerate(chars):
            left = chars[i - 1] if i > 0 else None
            right = chars[i + 1] if i + 1 < len(chars) else None
            key = (cls(left), cls(right))
            ctx[key] += 1
            total += 1
            if ord(ch) > 0x7F and not ch.isalnum() and not ch.isspace():
                per_char[ch] += 1
                joint[(ch,) + key] += 1
    scale = total / 1e6
    for ch, (per_million, contexts) in SUPPLEMENT.items():
        add = per_million * scale
        per_char[ch] += add
        for key in contexts:
            joint[(ch,) + key] += add / len(contexts)
    chars = sorted(ch for ch, k in per_char.items() if k >= MIN_SYMBOL_COUNT)
    rows = []
    for ch in chars:
        prior = per_char[ch] / total
        table = []
        for l in range(8):
            for r in range(8):
                p = (joint[(ch, l, r)] + CONTEXT_BETA * prior) / (ctx[(l, r)] + CONTEXT_BETA)
                table.append(min(255, round(-math.log(p) * QUANT)))
        rows.append((ch, round(-math.log(prior) * QUANT), table))
    unseen = round(-math.log(0.5 / total) * QUANT)
    return rows, unseen, total


def main():
    paras, sources = corpus()
    alphabet, bigram, unigram, lone, lang_costs, mix_row, known, apos = letter_model()
    rows, unseen, total = symbol_model(paras)
    out = []
    w = out.append
    w("// Generated by scripts/gen_lossy_model.py. Do not edit by hand.")
    w("// Regenerate: python3 scripts/gen_lossy_model.py > crates/textmend/src/tables/lossy_model.rs")
    w(f"// Letters: wordfreq {wordfreq.__version__ if hasattr(wordfreq, '__version__') else '3.1.1'}"
      f" word lists ({', '.join(f'{k} {v}' for k, v in LANGS.items())}), top {WORDS_PER_LANG} words each;"
      f" German `ss` respelled `ß` by wngerman's {GERMAN_WORDS}.")
    w(f"// Symbols: {'; '.join(sources)}; {total} characters of prose.")
    w("")
    w("//! The numbers behind `encoding::model`. Costs are -ln(p) in units of 1/`QUANT` nats.")
    w("")
    w("/// Units per nat of every cost below.")
    w(f"pub const QUANT: f32 = {QUANT}.0;")
    w("")
    w("/// Symbols of the letter model: word boundary, apostrophe, any other Latin letter, a-z,")
    w("/// then the accented letters common enough to have their own row.")
    w("pub const ALPHABET: &[char] = &[")
    w("    " + ", ".join(repr_char(c) for c in alphabet) + ",")
    w("];")
    w("")
    w(f"/// Number of symbols in [`ALPHABET`].")
    w(f"pub const N_LETTERS: usize = {len(alphabet)};")
    w("")
    w("/// Cost of symbol `b` following symbol `a`, at `a * N_LETTERS + b`.")
    w(f"pub static BIGRAM: [u8; {len(bigram)}] = [")
    for i in range(0, len(bigram), 24):
        w("    " + ", ".join(str(x) for x in bigram[i:i + 24]) + ",")
    w("];")
    w("")
    w("/// Cost of an apostrophe where a word could end, relative to the word ending there.")
    w(f"pub const APOSTROPHE_AFTER_WORD: u8 = {apos};")
    w("")
    w("/// Cost of each symbol on its own.")
    w(f"pub static UNIGRAM: [u8; {len(unigram)}] = [")
    for i in range(0, len(unigram), 24):
        w("    " + ", ".join(str(x) for x in unigram[i:i + 24]) + ",")
    w("];")
    w("")
    w("/// Cost of each letter standing alone as a word (`à`, `a`, `I`), per word.")
    w(f"pub static LONE: [u8; {len(lone)}] = [")
    for i in range(0, len(lone), 24):
        w("    " + ", ".join(str(x) for x in lone[i:i + 24]) + ",")
    w("];")
    w("")
    w("/// Cost of each letter among letters, over all languages (0 for boundary and apostrophe).")
    w(f"pub static LETTER_MIX: [u8; {len(mix_row)}] = [")
    for i in range(0, len(mix_row), 24):
        w("    " + ", ".join(str(x) for x in mix_row[i:i + 24]) + ",")
    w("];")
    w("")
    w("/// Languages of the letter model: (code, weight, cost of each letter among letters).")
    w(f"pub static LANGS: [(&str, f32, [u8; {len(mix_row)}]); {len(lang_costs)}] = [")
    for lang, row in lang_costs:
        w(f"    (\"{lang}\", {LANGS[lang]}, [")
        for i in range(0, len(row), 24):
            w("        " + ", ".join(str(x) for x in row[i:i + 24]) + ",")
        w("    ]),")
    w("];")
    w("")
    w("/// The commonest words (lowercase) with a letter outside a-z, sorted, one after another:")
    w("/// word `i` is `KNOWN_WORDS_TEXT[KNOWN_WORD_BOUNDS[i]..KNOWN_WORD_BOUNDS[i + 1]]`. One")
    w("/// string rather than a slice of strings, which would need a relocation for every word")
    w("/// when the program loads.")
    w("pub static KNOWN_WORDS_TEXT: &str = concat!(")
    line = "   "
    for word in known:
        item = f' "{word}",'
        if len(line) + len(item) > 100:
            w(line)
            line = "   "
        line += item
    w(line)
    w(");")
    w("")
    w("/// Where each word of `KNOWN_WORDS_TEXT` starts, in bytes, and where the last ends.")
    w(f"pub static KNOWN_WORD_BOUNDS: [u32; {len(known) + 1}] = [")
    end = 0
    ends = [0]
    for word in known:
        end += len(word.encode("utf-8"))
        ends.append(end)
    for i in range(0, len(ends), 12):
        w("    " + ", ".join(str(x) for x in ends[i:i + 12]) + ",")
    w("];")
    w("")
    w("/// Cost of a character that the symbol table does not list.")
    w(f"pub const UNSEEN: u8 = {min(255, unseen)};")
    w("")
    w("/// Non-letter characters, sorted: (char, cost of the char anywhere, cost of the char")
    w("/// given the classes of its neighbours at `left * 8 + right`).")
    w("pub static SYMBOLS: &[(char, u8, [u8; 64])] = &[")
    for ch, prior, table in rows:
        w(f"    ({repr_char(ch)}, {prior}, [")
        for i in range(0, 64, 16):
            w("        " + ", ".join(str(x) for x in table[i:i + 16]) + ",")
        w("    ]),")
    w("];")
    # Formatted as `cargo fmt` would, so that the checked-in file and a fresh one agree.
    source = "\n".join(out) + "\n"
    formatted = subprocess.run(
        ["rustfmt", "--edition", "2021", "--emit", "stdout"],
        input=source.encode("utf-8"), capture_output=True, check=True,
    ).stdout.decode("utf-8")
    sys.stdout.write(formatted)


def repr_char(c):
    if c == "'":
        return "'\\''"
    if c.isprintable() and not c.isspace() and unicodedata.category(c)[0] != "M":
        return f"'{c}'"
    return f"'\\u{{{ord(c):04x}}}'"


if __name__ == "__main__":
    main()
