#!/usr/bin/env python3
"""Encoding detection, measured: `textmend -g` against charset-normalizer on the same files.

Makes documents of clean text in many languages (words drawn by frequency from wordfreq's
lists, or Faker's Thai text), encodes each in one of 36 encodings at several sizes (100 bytes
to 20 KB, whole sentences), and asks both detectors to read them back. A detection counts as
right when the text it decodes is exactly the original (so a guess of windows-1252 for
ISO-8859-1 text without 0x80..0x9F bytes is right, and KOI8-U for KOI8-R text is right when
no byte tells them apart).

Needs wordfreq, faker and charset-normalizer, in a scratch virtual environment (never a
dependency of the project):

    python3 -m venv /work/venv-detect
    /work/venv-detect/bin/pip install wordfreq faker charset-normalizer
    cargo build --release -p textmend-cli
    /work/venv-detect/bin/python scripts/detect/eval.py --textmend target/release/textmend

Prints a table per encoding and per size, and the files each detector got wrong with
--verbose. The documents are made from a fixed seed, so the figures are reproducible.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
from collections import defaultdict

import charset_normalizer
import wordfreq
from faker import Faker

# (Python codec, languages to cycle through, name shown)
CASES = [
    ("utf_8", ["ru", "fr"], "UTF-8"),
    ("utf_8_sig", ["fr"], "UTF-8 with BOM"),
    ("utf_16", ["ja"], "UTF-16 with BOM"),
    ("utf_16_le", ["ru", "de"], "UTF-16LE, no BOM"),
    ("utf_16_be", ["zh", "el"], "UTF-16BE, no BOM"),
    ("utf_32", ["el"], "UTF-32 with BOM"),
    ("cp1252", ["fr", "de", "es"], "windows-1252"),
    ("iso8859_15", ["fr"], "ISO-8859-15"),
    ("cp1250", ["pl", "cs", "hu"], "windows-1250"),
    ("iso8859_2", ["pl", "cs", "hu"], "ISO-8859-2"),
    ("cp1251", ["ru", "bg", "uk"], "windows-1251"),
    ("koi8_r", ["ru"], "KOI8-R"),
    ("koi8_u", ["uk"], "KOI8-U"),
    ("cp866", ["ru"], "IBM866"),
    ("cp855", ["ru"], "IBM855"),
    ("mac_cyrillic", ["ru", "bg"], "x-mac-cyrillic"),
    ("iso8859_5", ["ru"], "ISO-8859-5"),
    ("cp1253", ["el"], "windows-1253"),
    ("iso8859_7", ["el"], "ISO-8859-7"),
    ("cp1254", ["tr"], "windows-1254"),
    ("cp1255", ["he"], "windows-1255"),
    ("cp1256", ["ar"], "windows-1256"),
    ("cp1257", ["lt", "lv"], "windows-1257"),
    ("cp874", ["th"], "windows-874"),
    ("shift_jis", ["ja"], "Shift_JIS"),
    ("euc_jp", ["ja"], "EUC-JP"),
    ("iso2022_jp", ["ja"], "ISO-2022-JP"),
    ("gb18030", ["zh"], "GB18030"),
    ("big5", ["zh"], "Big5"),
    ("euc_kr", ["ko"], "EUC-KR"),
    ("johab", ["ko"], "Johab"),
    ("cp437", ["de", "en"], "cp437"),
    ("cp850", ["fr", "de", "es"], "cp850"),
    ("mac_roman", ["fr", "de"], "macintosh"),
    ("cp1258", ["vi"], "windows-1258"),
    ("iso8859_4", ["lt", "lv"], "ISO-8859-4"),
]

SIZES = [100, 300, 1000, 5000, 20000]
DOCS_PER_SIZE = 3
# Languages written without spaces between words.
NO_SPACES = {"ja", "zh", "th"}

_words_cache = {}


def vocabulary(lang, codec):
    """Words of `lang` that `codec` can encode, with their frequencies."""
    key = (lang, codec)
    if key not in _words_cache:
        words, weights = [], []
        # The frequency table itself: word_frequency() would tokenize, which for Japanese
        # and Chinese needs MeCab or jieba.
        freqs = wordfreq.get_frequency_dict(lang)
        for w in wordfreq.top_n_list(lang, 4000):
            if not any(c.isalpha() for c in w):
                continue
            try:
                w.encode(codec)
            except UnicodeEncodeError:
                continue
            words.append(w)
            weights.append(freqs.get(w, 1e-9))
        _words_cache[key] = (words, weights)
    return _words_cache[key]


def sentence(lang, codec, rng, faker):
    if lang == "th":
        while True:
            s = faker.sentence(nb_words=rng.randint(4, 10))
            try:
                s.encode(codec)
                return s
            except UnicodeEncodeError:
                continue
    words, weights = vocabulary(lang, codec)
    n = rng.randint(5, 14)
    chosen = rng.choices(words, weights=weights, k=n)
    if lang in NO_SPACES:
        stop = "。" if lang != "th" else " "
        return "".join(chosen) + stop
    chosen[0] = chosen[0][:1].upper() + chosen[0][1:]
    text = " ".join(chosen)
    # A comma now and then, and the end of the sentence.
    if n > 8:
        parts = text.split(" ")
        parts[n // 2] += ","
        text = " ".join(parts)
    return text + rng.choice([".", ".", ".", "?", "!"])


def document(lang, codec, size, rng, faker):
    """Whole sentences in paragraphs, until the encoded document reaches `size` bytes."""
    parts = []
    while True:
        parts.append(sentence(lang, codec, rng, faker))
        sep = "" if lang in NO_SPACES else " "
        text = ""
        for i, s in enumerate(parts):
            text += s + ("\n" if i % 4 == 3 else sep)
        text = text.rstrip(" ") + ("" if text.endswith("\n") else "\n")
        data = text.encode(codec)
        if len(data) >= size:
            return text, data


def textmend_reads(binary, path):
    r = subprocess.run([binary, "-g", "--no-fixes", path], capture_output=True)
    if r.returncode != 0:
        return None
    return r.stdout.decode("utf-8", errors="replace")


def normalizer_reads(data):
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None, None
    return str(best), best.encoding


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--textmend", required=True, help="the textmend binary")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--verbose", action="store_true", help="list the files each got wrong")
    ap.add_argument("--keep", help="write the files into this folder and keep them")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    faker = Faker("th_TH")
    faker.seed_instance(args.seed)
    folder = args.keep or tempfile.mkdtemp(prefix="textmend-detect-")
    os.makedirs(folder, exist_ok=True)

    per_encoding = defaultdict(lambda: [0, 0, 0])  # files, textmend right, normalizer right
    per_size = defaultdict(lambda: [0, 0, 0])
    wrong = []
    for codec, langs, name in CASES:
        for size in SIZES:
            for i in range(DOCS_PER_SIZE):
                lang = langs[i % len(langs)]
                text, data = document(lang, codec, size, rng, faker)
                path = os.path.join(folder, f"{codec}-{lang}-{size}-{i}.txt")
                with open(path, "wb") as f:
                    f.write(data)
                ours = textmend_reads(args.textmend, path)
                theirs, their_encoding = normalizer_reads(data)
                ok_ours = ours == text
                ok_theirs = theirs == text
                for table in (per_encoding[name], per_size[size]):
                    table[0] += 1
                    table[1] += ok_ours
                    table[2] += ok_theirs
                if not ok_ours or not ok_theirs:
                    wrong.append((path, ok_ours, ok_theirs, their_encoding))

    def pct(right, total):
        return f"{100.0 * right / total:5.1f}%"

    print("| encoding | files | textmend -g | charset-normalizer |")
    print("|---|---:|---:|---:|")
    total = [0, 0, 0]
    for _, _, name in CASES:
        files, ours, theirs = per_encoding[name]
        total = [total[0] + files, total[1] + ours, total[2] + theirs]
        print(f"| {name} | {files} | {pct(ours, files)} | {pct(theirs, files)} |")
    print(f"| **all** | {total[0]} | **{pct(total[1], total[0])}** | **{pct(total[2], total[0])}** |")
    print()
    print("| size (bytes, at least) | files | textmend -g | charset-normalizer |")
    print("|---:|---:|---:|---:|")
    for size in SIZES:
        files, ours, theirs = per_size[size]
        print(f"| {size} | {files} | {pct(ours, files)} | {pct(theirs, files)} |")
    if args.verbose:
        print()
        for path, ok_ours, ok_theirs, their_encoding in wrong:
            who = []
            if not ok_ours:
                who.append("textmend")
            if not ok_theirs:
                who.append(f"charset-normalizer ({their_encoding})")
            print(f"wrong: {os.path.basename(path)}: {', '.join(who)}")
    if not args.keep:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
