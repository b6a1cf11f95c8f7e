#!/usr/bin/env python3
"""Lossy recovery of UTF-8 read through a double-byte code page, measured on the clean
Chinese, Japanese and Korean lines of the evaluation corpus, beside ftfy.

    python3 scripts/eval/dbcs_report.py --textmend target/release/textmend [--ftfy PATH]
        [--corpus tests/data/eval/eval.jsonl.gz]

Each clean line is encoded as UTF-8 and decoded with Python's codec for GBK, Shift_JIS,
EUC-KR or Big5 and errors="replace" (U+FFFD for each byte that starts no character, the
decoder going on from the next); lines that lose no byte are left out. textmend runs with
the experimental switches and --encoding-only, ftfy (when given, its command line) with
its defaults. For each page: lines restored exactly, and lines with a wrong guess (a
character beyond ASCII that is neither the clean line's at its place, by the longest
common subsequence, nor in the damaged line, nor U+FFFD). The clean lines themselves, each
with a U+FFFD put in the middle, must come out as they went in: "clean changed".
"""
import argparse
import gzip
import json
import subprocess
import sys

PAGES = {"gbk": "gbk", "shift_jis": "shift_jis", "euc-kr": "euc_kr", "big5": "big5"}
ENABLE = "experimental"


def wrong_guess(damaged, want, got):
    a, b = list(got), list(want)
    n, m = len(a), len(b)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lcs[i][j] = lcs[i + 1][j + 1] + 1 if a[i] == b[j] else max(lcs[i + 1][j], lcs[i][j + 1])
    i = j = 0
    seen = set(damaged)
    while i < n:
        if j < m and a[i] == b[j]:
            i, j = i + 1, j + 1
        elif j < m and lcs[i][j + 1] > lcs[i + 1][j]:
            j += 1
        else:
            if ord(a[i]) > 127 and a[i] != "\ufffd" and a[i] not in seen:
                return True
            i += 1
    return False


def run(cmd, lines):
    text = "".join(line + "\n" for line in lines)
    out = subprocess.run(cmd, input=text.encode("utf-8"), capture_output=True, check=True)
    got = out.stdout.decode("utf-8").split("\n")
    return got[: len(lines)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--textmend", required=True)
    ap.add_argument("--ftfy")
    ap.add_argument("--corpus", default="tests/data/eval/eval.jsonl.gz")
    args = ap.parse_args()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f][1:]
    clean = [r["input"] for r in rows if r["path"] == "clean" and r["lang"][:2] in ("zh", "ja", "ko")]
    clean = [c for c in clean if "\t" not in c and "\n" not in c]
    textmend = [args.textmend, "--enable", ENABLE, "--encoding-only", "-"]
    print(f"{len(clean)} clean Chinese, Japanese and Korean lines\n")
    print("| page | lines | textmend restored | textmend guessed wrongly | ftfy restored |")
    print("|---|---:|---:|---:|---:|")
    totals = [0, 0, 0, 0]
    for page, codec in PAGES.items():
        pairs = []
        for c in clean:
            damaged = c.encode("utf-8").decode(codec, errors="replace")
            if "\ufffd" in damaged:
                pairs.append((damaged, c))
        damaged = [d for d, _ in pairs]
        got = run(textmend, damaged)
        restored = sum(g == c for g, (_, c) in zip(got, pairs))
        wrong = sum(g != c and wrong_guess(d, c, g) for g, (d, c) in zip(got, pairs))
        ftfy_ok = "–"
        if args.ftfy:
            fgot = run([args.ftfy, "-"], damaged)
            ftfy_ok = f"{sum(g == c for g, (_, c) in zip(fgot, pairs)) / len(pairs):.1%}"
        n = len(pairs)
        totals = [totals[0] + n, totals[1] + restored, totals[2] + wrong, 0]
        print(f"| {page} | {n} | {restored / n:.1%} | {wrong / n:.1%} | {ftfy_ok} |")
    n, restored, wrong, _ = totals
    print(f"| **all** | {n} | {restored / n:.1%} | {wrong / n:.1%} | |")
    marked = [c[: len(c) // 2] + "\ufffd" + c[len(c) // 2 :] for c in clean]
    got = run(textmend, marked)
    changed = sum(g != m for g, m in zip(got, marked))
    print(f"\nclean changed: {changed} of {len(marked)} clean lines with a U+FFFD put in")
    return 0


if __name__ == "__main__":
    sys.exit(main())
