#!/usr/bin/env python3
"""How far a letter model alone can take lossy recovery in other scripts: for the lossy
lines of the evaluation corpus in a language with a word list, each word whose bytes were
partly lost is filled in by trying every filling (every character its damaged sequences
could have been) and taking the cheapest under a letter model trained as
scripts/gen_lossy_scripts_model.py trains its models (wordfreq 3.1.1, the language's 50,000
commonest words weighted by frequency), with bigrams and with trigrams. A line counts as
restored when every word comes out right. Signs, case and the choice of code page are left
out: the figure is a ceiling for the letter model, not what the reader does.

    pip install wordfreq==3.1.1       # in a scratch virtual environment
    python3 scripts/eval/letter_model_ceiling.py PAGE [EVAL_FILE]

PAGE is cp1252, latin-1 or tis-620 (the bytes each loses: 81 8D 8F 90 9D; 80..9F; 80..A0).
EVAL_FILE defaults to tests/data/eval/eval.jsonl.gz. Prints, per language, the lossy lines of
that page and how many each model restores.
"""
import collections
import gzip
import itertools
import json
import math
import os
import re
import sys

import wordfreq

LANGS = {"ru_RU": "ru", "uk_UA": "uk", "bg_BG": "bg", "el_GR": "el", "he_IL": "he",
         "ar_AA": "ar", "fa_IR": "fa", "cs_CZ": "cs", "pl_PL": "pl", "hu_HU": "hu",
         "vi_VN": "vi", "tr_TR": "tr", "lt_LT": "lt"}
LOST = {"cp1252": {0x81, 0x8D, 0x8F, 0x90, 0x9D},
        "latin-1": set(range(0x80, 0xA0)),
        "tis-620": set(range(0x80, 0xA1))}
# Fillings tried per word at most; a word with more counts as wrong.
MAX_FILLINGS = 200_000


def train(lang):
    uni, bi, tri = collections.Counter(), collections.Counter(), collections.Counter()
    for w in wordfreq.top_n_list(lang, 50_000):
        f = wordfreq.word_frequency(w, lang)
        s = "^" + w.lower() + "$"
        for c in s:
            uni[c] += f
        for i in range(len(s) - 1):
            bi[s[i:i + 2]] += f
        s2 = "^" + s
        for i in range(len(s2) - 2):
            tri[s2[i:i + 3]] += f
    return uni, bi, tri


def candidates(c, lost):
    """Every letter that `c`'s UTF-8 could have been with its lost bytes unknown, or None
    where none of its bytes was lost."""
    b = c.encode()
    where = [i for i, x in enumerate(b) if i > 0 and x in lost]
    if not where:
        return None
    out = []
    for combo in itertools.product(sorted(lost), repeat=len(where)):
        bb = bytearray(b)
        for i, v in zip(where, combo):
            bb[i] = v
        try:
            ch = bytes(bb).decode()
        except UnicodeDecodeError:
            continue
        if ch.isalpha():
            out.append(ch)
    return out


def restored(lang, lines, lost):
    uni, bi, tri = train(lang)
    total = sum(uni.values())

    def bigram(a, b):
        return -math.log((bi[a + b] + 0.01 * uni[b] / total) / (uni[a] + 0.01) + 1e-12)

    def trigram(a, b, c):
        if tri[a + b + c] and bi[a + b]:
            return -math.log(0.8 * tri[a + b + c] / bi[a + b] + 0.2 * math.exp(-bigram(b, c)))
        return bigram(b, c)

    def cost(word, kind):
        w = "^" + word.lower() + "$"
        if kind == "bigrams":
            return sum(bigram(w[i], w[i + 1]) for i in range(len(w) - 1))
        w = "^" + w
        return sum(trigram(w[i], w[i + 1], w[i + 2]) for i in range(len(w) - 2))

    right = {"bigrams": 0, "trigrams": 0}
    for line in lines:
        ok = dict.fromkeys(right, True)
        for word in re.findall(r"\w+", line):
            slots = [candidates(c, lost) or [c] for c in word]
            if all(len(s) == 1 for s in slots):
                continue
            if math.prod(len(s) for s in slots) > MAX_FILLINGS:
                ok = dict.fromkeys(right, False)
                continue
            for kind in right:
                best = min(("".join(f) for f in itertools.product(*slots)),
                           key=lambda f: cost(f, kind))
                ok[kind] &= best == word
        for kind in right:
            right[kind] += ok[kind]
    return right


def main():
    page = sys.argv[1]
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(__file__), "../../tests/data/eval/eval.jsonl.gz")
    by_lang = collections.defaultdict(list)
    with gzip.open(path, "rt") as f:
        next(f)
        for row in map(json.loads, f):
            if row["path"].startswith(f"lossy/{page}-") and row["lang"] in LANGS:
                by_lang[row["lang"]].append(row["expected"])
    print(f"| language | lines | bigrams | trigrams |\n|---|---:|---:|---:|")
    for lang, lines in sorted(by_lang.items()):
        r = restored(LANGS[lang], lines, LOST[page])
        print(f"| {lang} | {len(lines)} | {r['bigrams']} | {r['trigrams']} |", flush=True)


if __name__ == "__main__":
    main()
