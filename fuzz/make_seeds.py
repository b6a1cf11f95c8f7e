#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets from the repository's test data: ftfy's cases,
the encoding cases and a sample of the differential corpus. Run from fuzz/:

    python3 make_seeds.py        # fills corpus/<target>/

Text targets take a 6-byte configuration prefix (FuzzConfig: preset, switches u16,
unescape_html, normalization, max_decode_length); all zeros but the last byte (200: no
short segments) means textmend's defaults, a first byte of 1 ftfy's (Config::ftfy()). The decode target takes raw bytes: the texts in UTF-8 and in the
code pages mojibake comes from."""
import gzip
import hashlib
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "tests", "data")


def texts():
    for name in ["in-the-wild.json", "synthetic.json", "negative.json", "known-failures.json",
                 "language-names.json"]:
        path = os.path.join(DATA, "ftfy", name)
        if os.path.exists(path):
            for case in json.load(open(path, encoding="utf-8")):
                yield case.get("original", "")
    with open(os.path.join(DATA, "encoding-cases.jsonl"), encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["input"]
    lossy = os.path.join(DATA, "lossy")
    for root, _, files in os.walk(lossy) if os.path.isdir(lossy) else []:
        for name in files:
            if name.endswith((".txt", ".jsonl", ".json")):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    for line in f:
                        yield line.rstrip("\n")[:2000]
    diff = os.path.join(DATA, "diff", "ftfy-6.3.1.jsonl.gz")
    if os.path.exists(diff):
        with gzip.open(diff, "rt", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i % 200 == 0:
                    record = json.loads(line)
                    yield record.get("input") or record.get("text") or ""


def write(target, data):
    folder = os.path.join("corpus", target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


DEFAULTS = bytes([0, 0, 0, 0, 0, 200])
FTFY = bytes([1, 0, 0, 0, 0, 200])
SHORT_SEGMENTS = bytes([0, 0, 0, 0, 0, 7])
for text in texts():
    if not isinstance(text, str) or not text:
        continue
    raw = text.encode("utf-8", "surrogatepass")
    for target in ["fix_text", "fix_encoding", "fast_path"]:
        write(target, DEFAULTS + raw)
        write(target, FTFY + raw)
    write("fast_path", SHORT_SEGMENTS + raw)
    write("decode", raw)
    write("lossy", raw)
    for codec in ["latin-1", "cp1252", "cp1251", "macroman", "cp437"]:
        try:
            write("decode", text.encode(codec))
        except UnicodeError:
            pass
    # apply_plan: Input::Json(plan, text) is variant 1; the fuzzer finds its own plans.
    # jsonl: (FuzzConfig, options, path bits u16, line); csv: (FuzzConfig, options,
    # delimiter, columns, record). Paths bit 0 is "text"; columns [0, 1].
    write("jsonl", DEFAULTS + bytes([0, 1, 0]) + json.dumps({"text": text, "n": 1}).encode())
    write("jsonl", DEFAULTS + bytes([2, 0x10, 0]) + json.dumps({"text": [text]}).encode() + b"\n")
    quoted = '"' + text.replace('"', '""') + '"'
    write("csv", DEFAULTS + bytes([0, 0, 2, 0, 1]) + f"1,{quoted},x\r\n".encode())
for target in sorted(os.listdir("corpus")):
    print(target, len(os.listdir(os.path.join("corpus", target))))
