#!/usr/bin/env python3
"""Builds tests/data/lossy/dbcs-cases.jsonl from tests/data/lossy/scripts.txt.

    python3 tests/data/lossy/make_dbcs_cases.py > tests/data/lossy/dbcs-cases.jsonl

Each Chinese, Japanese and Korean line of scripts.txt ("LANG<TAB>text", sentences written
for these tests) is damaged as a double-byte decoder damages UTF-8: UTF-8 encode, then
decode with Python's codec for GBK, Shift_JIS, EUC-KR or Big5 and errors="replace", which
gives U+FFFD for each byte that starts no character of the page and goes on from the next.
A case is kept only if some byte was lost (the text shows a U+FFFD).
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

PAGES = {"gbk": "gbk", "shift_jis": "shift_jis", "euc-kr": "euc_kr", "big5": "big5"}


def main():
    with open(os.path.join(HERE, "scripts.txt"), encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    for number, line in enumerate(lines, 1):
        lang, text = line.split("\t", 1)
        if lang not in ("zh", "ja", "ko"):
            continue
        for recipe, codec in PAGES.items():
            broken = text.encode("utf-8").decode(codec, errors="replace")
            if "\ufffd" not in broken:
                continue
            print(json.dumps({
                "broken": broken,
                "expected": text,
                "recipe": f"{recipe}-fffd",
                "source": f"scripts.txt:{number} ({lang})",
            }, ensure_ascii=False))


if __name__ == "__main__":
    main()
