#!/usr/bin/env python3
"""Writes tests/data/encoding-cases.jsonl: cases for the encoding sub-steps (restore_byte_a0,
replace_lossy_sequences, decode_inconsistent_utf8, fix_c1_controls) and segmenting, each run
with the sub-step on and off. The expected values are ftfy 6.3.1's outputs, so this needs
ftfy in a scratch virtual environment (never a dependency of textmend):

    /path/to/venv/bin/python scripts/make_encoding_cases.py > tests/data/encoding-cases.jsonl

Each line: {"source", "input", "config" (the switches that differ from the defaults),
"function" ("fix_encoding" or "fix_text"), "expected"}.
"""
import json
import sys

import ftfy

INPUTS = [
    # restore_byte_a0: a no-break space inside mojibake that became a space
    ("restore_byte_a0: à followed by a word", "voilÃ le travail"),
    ("restore_byte_a0: à that absorbed the following space", "voilÃ  le travail"),
    ("restore_byte_a0: Portuguese às is left alone", "Ã s vezes"),
    ("restore_byte_a0: a no-break space in a 3-byte sequence", "caf\u00e2 \u0080 test Ã©"),
    ("restore_byte_a0: NBSP mojibake at the start", "Â the start"),
    ("restore_byte_a0: nbsp after a word", "word Â and Ã©"),
    # replace_lossy_sequences
    ("replace_lossy_sequences: a question mark for a lost byte", "The Mona Lisa doesnâ€?t have eyebrows."),
    ("replace_lossy_sequences: lost byte in a two-byte sequence", "cafÃ? crÃ¨me"),
    ("replace_lossy_sequences: U+FFFD from windows-1252", "â€\ufffd quoted â€œ"),
    # decode_inconsistent_utf8
    ("decode_inconsistent_utf8: one broken word in good text", "Les naïfs ont été dÃ©Ã§us"),
    ("decode_inconsistent_utf8: mojibake beside a real ellipsis", "sÃ©lection… très bien"),
    ("decode_inconsistent_utf8: emoji mojibake in good text", "He's Justin ❤ and ðŸ˜€"),
    # fix_c1_controls
    ("fix_c1_controls: windows-1252 quotes read as Latin-1", "\u0093quoted\u0094"),
    ("fix_c1_controls: an undefined byte stays", "a\u0081b"),
    ("fix_c1_controls: euro sign", "\u0080 5"),
    # segmenting
    ("segmenting: each line is judged alone", "cafÃ©\nnaïve â€œsmartâ€\nplain"),
    ("segmenting: CRLF lines", "cafÃ©\r\nsecond Ã¨\r\n"),
]

SWITCHES = [
    None,
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_c1_controls",
]


def main():
    out = sys.stdout
    seen = set()
    for source, text in INPUTS:
        for off in SWITCHES:
            config = {} if off is None else {off: False}
            for function in ("fix_encoding", "fix_text"):
                fn = getattr(ftfy, function)
                expected = fn(text, **config)
                key = (text, json.dumps(config), function, expected)
                if off is not None and expected == fn(text):
                    continue  # the switch made no difference: the default case covers it
                if key in seen:
                    continue
                seen.add(key)
                out.write(json.dumps({
                    "source": "own, expected from ftfy 6.3.1: " + source,
                    "input": text,
                    "config": config,
                    "function": function,
                    "expected": expected,
                }, ensure_ascii=False) + "\n")
    # Segmenting by max_decode_length: cutting inside mojibake is visible.
    for n in (3, 4, 5, 1000):
        for function in ("fix_encoding", "fix_text"):
            text = "cafÃ© crÃ¨me"
            out.write(json.dumps({
                "source": f"own, expected from ftfy 6.3.1: segmenting at max_decode_length={n}",
                "input": text,
                "config": {"max_decode_length": n},
                "function": "fix_text",
                "expected": ftfy.fix_text(text, max_decode_length=n),
            }, ensure_ascii=False) + "\n")
            break


if __name__ == "__main__":
    main()
