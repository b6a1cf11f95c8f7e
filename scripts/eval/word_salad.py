#!/usr/bin/env python3
"""A stress test for false positives: clean lines made of each language's commonest words,
run through the textmend command line with the default configuration and with the
experimental switches; prints, per language, how many lines came out changed.

    pip install wordfreq==3.1.1       # in a scratch virtual environment
    python3 scripts/eval/word_salad.py [--lines 300] [--seed 4242] [--textmend PATH]

The lines are not sentences: 3 to 12 words drawn by their frequency from wordfreq's list
of the language's 20,000 commonest (its data is CC BY-SA 4.0), the first capitalised, a
full stop at the end. What they test is that every word of a language, in any order,
comes out as it went in: the evaluation corpus's clean lines come from Faker's sentences,
names and addresses in 23 languages, this reaches every language wordfreq has (Japanese,
Chinese and Korean need a tokenizer wordfreq leaves to MeCab and jieba, and are skipped).
A line counts as changed where the output differs from the line in NFC (the normalization
step's own work). `--show N` prints the first N changed lines of each language with what
they became.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import unicodedata

EXPERIMENTAL = "experimental"
SKIPPED = {"ja", "zh", "ko"}
WORDS = 20_000


def lines_of(lang, count, rng):
    import wordfreq

    words = wordfreq.top_n_list(lang, WORDS)
    weights = [wordfreq.word_frequency(w, lang) for w in words]
    out = []
    for _ in range(count):
        line = " ".join(rng.choices(words, weights=weights, k=rng.randint(3, 12)))
        out.append(line[:1].upper() + line[1:] + ".")
    return out


def changed(textmend, path, extra):
    result = subprocess.run(
        [textmend, "-j", "1", *extra, path], capture_output=True, text=True, check=True
    )
    with open(path, encoding="utf-8") as f:
        before = f.read().splitlines()
    # NFC is what the normalization step makes of a line on purpose (wordfreq has some
    # Greek in decomposed form): a change only where the output is not the line in NFC.
    return [
        (a, b)
        for a, b in zip(before, result.stdout.splitlines())
        if unicodedata.normalize("NFC", a) != b
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--textmend", default=os.path.join("target", "release", "textmend"))
    parser.add_argument("--show", type=int, default=3)
    args = parser.parse_args()
    import wordfreq

    rng = random.Random(args.seed)
    total = {"default": 0, "experimental": 0}
    print("| language | lines | changed, default | changed, experimental |")
    print("|---|---:|---:|---:|")
    shown = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in sorted(wordfreq.available_languages()):
            if lang in SKIPPED:
                continue
            path = os.path.join(tmp, f"{lang}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines_of(lang, args.lines, rng)) + "\n")
            default = changed(args.textmend, path, [])
            experimental = changed(args.textmend, path, ["--enable", EXPERIMENTAL])
            total["default"] += len(default)
            total["experimental"] += len(experimental)
            print(f"| {lang} | {args.lines} | {len(default)} | {len(experimental)} |")
            for name, pairs in (("default", default), ("experimental", experimental)):
                for a, b in pairs[: args.show]:
                    shown.append(f"{lang}, {name}: {a!r} -> {b!r}")
    print(f"| **all** | | {total['default']} | {total['experimental']} |")
    for line in shown:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
