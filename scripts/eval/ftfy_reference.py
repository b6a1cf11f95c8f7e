#!/usr/bin/env python3
"""Runs ftfy 6.3.1 over the evaluation corpus and writes the corpus with ftfy's answers: the
data that crates/textmend/examples/eval_report.rs and crates/textmend/tests/beyond.rs read.

    $FTFY_PYTHON scripts/eval/ftfy_reference.py \\
        --corpus target/eval-corpus.jsonl --out tests/data/eval/eval.jsonl.gz

Needs ftfy 6.3.1 (`pip install ftfy==6.3.1`, Apache License 2.0); ftfy is not a dependency of
textmend and CI never runs this script. Output: gzip-compressed JSON Lines, a header line,
then one record per corpus line:

    {"path": P, "lang": L, "input": I, "expected": E|null,
     "ftfy_text": T|null, "ftfy_encoding": F|null, "ftfy_text_expected": X|null}

`expected` is null where it equals `input` (clean lines); `ftfy_text` and `ftfy_encoding` are
`ftfy.fix_text(input)` and `ftfy.fix_encoding(input)`, null where ftfy returned the input;
`ftfy_text_expected` is `ftfy.fix_text(expected)`, null where that is `expected` itself. The
file is byte-for-byte reproducible (gzip header without name or time).
"""
import argparse
import gzip
import io
import json
import sys
import unicodedata

import ftfy

RAW_LINE_ENDS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def dumps(obj):
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in RAW_LINE_ENDS.items():
        text = text.replace(raw, escaped)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="target/eval-corpus.jsonl")
    parser.add_argument("--out", default="tests/data/eval/eval.jsonl.gz")
    args = parser.parse_args()
    if ftfy.__version__ != "6.3.1":
        sys.exit(f"ftfy {ftfy.__version__} found; the reference is ftfy 6.3.1")
    records = []
    with open(args.corpus, encoding="utf-8") as corpus:
        for line in corpus:
            row = json.loads(line)
            text, expected = row["input"], row["expected"]
            fixed = ftfy.fix_text(text)
            encoding_fixed = ftfy.fix_encoding(text)
            expected_fixed = ftfy.fix_text(expected)
            records.append({
                "path": row["path"],
                "lang": row["lang"],
                "input": text,
                "expected": None if expected == text else expected,
                "ftfy_text": None if fixed == text else fixed,
                "ftfy_encoding": None if encoding_fixed == text else encoding_fixed,
                "ftfy_text_expected": None if expected_fixed == expected else expected_fixed,
            })
    header = {
        "format": "textmend-eval/1",
        "ftfy": ftfy.__version__,
        "python": sys.version.split()[0],
        "unicode": unicodedata.unidata_version,
        "lines": len(records),
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write((dumps(header) + "\n").encode("utf-8"))
        for record in records:
            gz.write((dumps(record) + "\n").encode("utf-8"))
    with open(args.out, "wb") as out:
        out.write(buffer.getvalue())
    print(f"{len(records)} records, {len(buffer.getvalue())} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
