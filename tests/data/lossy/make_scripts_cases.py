#!/usr/bin/env python3
"""Builds tests/data/lossy/scripts-cases.jsonl from tests/data/lossy/scripts.txt.

    python3 tests/data/lossy/make_scripts_cases.py > tests/data/lossy/scripts-cases.jsonl

Each line of scripts.txt ("LANG<TAB>text", sentences written for these tests in 16 languages
and 10 scripts) is damaged as in make_cases.py, and also with each lost byte replaced by
U+FFFD ("-fffd"): UTF-8 encode, decode with a single-byte code page whose undefined bytes
become C1 controls, then delete them, or replace each with "?" or U+FFFD. tis-620 here is
Windows' windows-874 (Python's cp874): its nine characters at 0x80..0x9F are kept. A case is
kept only if the recipe lost at least one byte. The lines of scripts.txt themselves are clean
text that lossy recovery must leave as it is.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# recipe name -> Python codec; its undefined bytes (0x80..0x9F) become C1 controls.
PAGES = {"tis-620": "cp874", "cp1252": "cp1252", "latin-1": "latin-1", "cp1251": "cp1251"}
WAYS = {"dropped": "", "question": "?", "fffd": "\ufffd"}


def damage(text, codec, replacement):
    out = []
    lost = 0
    for b in text.encode("utf-8"):
        try:
            c = bytes([b]).decode(codec)
        except UnicodeDecodeError:
            c = chr(b)
        if "\x80" <= c <= "\x9f":
            out.append(replacement)
            lost += 1
        else:
            out.append(c)
    return "".join(out), lost


def main():
    lines = open(os.path.join(HERE, "scripts.txt"), encoding="utf-8").read().splitlines()
    for page, codec in PAGES.items():
        for way, replacement in WAYS.items():
            for n, line in enumerate(lines, 1):
                lang, text = line.split("\t", 1)
                broken, lost = damage(text, codec, replacement)
                if lost == 0:
                    continue
                case = {"broken": broken, "expected": text, "recipe": f"{page}-{way}",
                        "source": f"scripts.txt:{n} ({lang})"}
                print(json.dumps(case, ensure_ascii=False))


if __name__ == "__main__":
    main()
