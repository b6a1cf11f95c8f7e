#!/usr/bin/env python3
"""Builds tests/data/lossy/cases.jsonl from tests/data/lossy/prose.txt.

    python3 tests/data/lossy/make_cases.py > tests/data/lossy/cases.jsonl

Each line of prose.txt ("LANG<TAB>text", written for these tests) is damaged by each recipe:
UTF-8 encode, decode with a single-byte code page in which the bytes it leaves undefined
become C1 controls (U+0080..U+009F), then delete the C1 controls ("-dropped") or replace each
with "?" ("-question"). A case is kept only if the recipe lost at least one byte (otherwise
the damage is ordinary, reversible mojibake).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# recipe name -> (Python codec for the defined bytes, bytes that become C1 controls)
PAGES = {
    "tis-620": ("cp874", set(range(0x80, 0xA0))),
    "cp1252": ("cp1252", {0x81, 0x8D, 0x8F, 0x90, 0x9D}),
    "latin-1": ("latin-1", set(range(0x80, 0xA0))),
    "cp1251": ("cp1251", {0x98}),
}


def damage(text, codec, lost, replacement):
    out = []
    n_lost = 0
    for b in text.encode("utf-8"):
        if b in lost:
            out.append(replacement)
            n_lost += 1
        else:
            out.append(bytes([b]).decode(codec))
    return "".join(out), n_lost


def main():
    lines = open(os.path.join(HERE, "prose.txt"), encoding="utf-8").read().splitlines()
    for page, (codec, lost) in PAGES.items():
        for kind, replacement in (("dropped", ""), ("question", "?")):
            for n, line in enumerate(lines, 1):
                lang, text = line.split("\t", 1)
                broken, n_lost = damage(text, codec, lost, replacement)
                if n_lost == 0:
                    continue
                case = {
                    "broken": broken,
                    "expected": text,
                    "recipe": f"{page}-{kind}",
                    "source": f"prose.txt:{n} ({lang})",
                }
                sys.stdout.write(json.dumps(case, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
