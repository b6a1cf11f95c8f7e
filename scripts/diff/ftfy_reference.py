#!/usr/bin/env python3
"""Runs ftfy 6.3.1 over the differential-test corpus and writes what it answers: the data
that crates/textmend/tests/differential.rs compares textmend against.

    $FTFY_PYTHON scripts/diff/ftfy_reference.py \
        --corpus target/diff-corpus.jsonl --out tests/data/diff/ftfy-6.3.1.jsonl.gz

Needs ftfy 6.3.1 (`pip install ftfy==6.3.1`, Apache License 2.0) in the Python that runs it;
ftfy is not a dependency of textmend and CI never runs this script.

Each line of the corpus ({"kind", "input"}) is one independent text, given whole to
`ftfy.fix_text(input)` and to `ftfy.fix_encoding(input)` with their default settings. The
output is gzip-compressed JSON Lines: a header line, then one record per corpus line:

    {"format": "textmend-diff/1", "ftfy": "6.3.1", "python": ..., "unicode": ..., "lines": N}
    {"kind": K, "input": I, "fix_text": T, "fix_encoding": E}

where T and E are null when ftfy returned the input unchanged. The file is byte-for-byte
reproducible (gzip header without name or time).
"""
import argparse
import gzip
import io
import json
import sys
import time
import unicodedata

import ftfy

EXPECTED_FTFY = "6.3.1"

# Characters that JSON leaves raw but that some line splitters treat as line ends.
RAW_LINE_ENDS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def dumps(obj):
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in RAW_LINE_ENDS.items():
        text = text.replace(raw, escaped)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="target/diff-corpus.jsonl")
    parser.add_argument("--out", default="tests/data/diff/ftfy-6.3.1.jsonl.gz")
    args = parser.parse_args()
    if ftfy.__version__ != EXPECTED_FTFY:
        sys.exit(f"ftfy {ftfy.__version__} found; the reference is ftfy {EXPECTED_FTFY}")

    started = time.time()
    records = []
    skipped = 0
    with open(args.corpus, encoding="utf-8") as corpus:
        for number, line in enumerate(corpus, 1):
            row = json.loads(line)
            text = row["input"]
            if "\n" in text:
                sys.exit(f"corpus line {number}: the input holds a line feed")
            fixed = ftfy.fix_text(text)
            encoding_fixed = ftfy.fix_encoding(text)
            record = {
                "kind": row["kind"],
                "input": text,
                "fix_text": None if fixed == text else fixed,
                "fix_encoding": None if encoding_fixed == text else encoding_fixed,
            }
            try:
                dumps(record).encode("utf-8")
            except UnicodeEncodeError:
                # A lone surrogate in ftfy's answer: Rust strings cannot hold it.
                skipped += 1
                continue
            records.append(record)

    header = {
        "format": "textmend-diff/1",
        "ftfy": ftfy.__version__,
        "python": sys.version.split()[0],
        "unicode": unicodedata.unidata_version,
        "lines": len(records),
        "note": "fix_text/fix_encoding null = ftfy returned the input unchanged",
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write((dumps(header) + "\n").encode("utf-8"))
        for record in records:
            gz.write((dumps(record) + "\n").encode("utf-8"))
    with open(args.out, "wb") as out:
        out.write(buffer.getvalue())
    changed_text = sum(r["fix_text"] is not None for r in records)
    changed_encoding = sum(r["fix_encoding"] is not None for r in records)
    print(
        f"{len(records)} records ({skipped} skipped), fix_text changed {changed_text}, "
        f"fix_encoding changed {changed_encoding}; {len(buffer.getvalue())} bytes; "
        f"{time.time() - started:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
