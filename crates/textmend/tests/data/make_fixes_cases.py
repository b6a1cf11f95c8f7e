#!/usr/bin/env python3
"""Writes fixes.jsonl, the cases that crates/textmend/tests/fixes.rs checks, with every
expected value computed by ftfy 6.3.1 itself:

    /work/venv-ftfy/bin/python crates/textmend/tests/data/make_fixes_cases.py

(any Python 3.11 with `ftfy==6.3.1` and `wcwidth==0.9.4` installed will do).

One JSON object per line:

    {"fix": NAME, "input": TEXT, "expected": RESULT, "source": WHERE THE CASE COMES FROM}

- Text fixes (`unescape_html`, ...): `expected` is `ftfy.fixes.NAME(input)`.
- `decode_wtf8_lossy`: `input_hex` holds the bytes; `expected` is what ftfy makes of them
  (decode with surrogates allowed, then `fix_surrogates`), or null when the bytes are not
  UTF-8 even with surrogates allowed.
- `character_width`, `monospaced_width`: `expected` is ftfy.formatting's number.
- `display_ljust`, `display_rjust`, `display_center`: `width` and `fillchar` are the other
  arguments; `expected` is null when ftfy raises ValueError.

Where textmend knowingly differs from ftfy (display widths, see the docs of
textmend::formatting), the case also has `textmend`: the value textmend gives, which the
test checks instead; this script checks that ftfy really gives something else, so a case
that stops differing is noticed.
"""
import json
import os
import sys
import unicodedata

import ftfy
import ftfy.fixes as F
import ftfy.formatting as W

DOCS = "ftfy docs: "
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixes.jsonl")

cases = []


def text_cases(fix, source, *inputs):
    for text in inputs:
        cases.append({"fix": fix, "input": text, "expected": getattr(F, fix)(text), "source": source})


# --- unescape_html -------------------------------------------------------------------------
H = "unescape_html"
text_cases(
    H,
    DOCS + "fixes.unescape_html",
    "&lt;tag&gt;",
    "&Jscr;ohn &HilbertSpace;ancock",
    "&checkmark;",
    "P&eacute;rez",
    "P&EACUTE;REZ",
    "BUNDESSTRA&SZLIG;E",
    "&ntilde; &Ntilde; &NTILDE; &nTILDE;",
    "this&not that",
)
text_cases(
    H,
    "own: named entities without ';' are not decoded",
    "&amp",
    "&lt3",
    "AT&T",
    "fish &chips",
    "&eacute &amp more",
)
text_cases(
    H,
    "own: named entities",
    "Caf&eacute; &amp; cr&egrave;me br&ucirc;l&eacute;e",
    "&quot;quoted&quot; &apos;single&apos;",
    "a&nbsp;b",
    "&lt;&lt;&gt;&gt;",
    "&&lt;",
    "&amp;amp;",
    "&amp;lt;",
    "&frac12; &sup2; &blk14;",
    "&NotEqualTilde; &fjlig;",
    "&ETH; &eth; &THORN; &thorn;",
    "<p>&eacute;</p>",
    "\u00e9&euro;\u00fc",
)
text_cases(
    H,
    "own: uppercase spellings of lowercase entities",
    "&AACUTE; &Aacute; &aACUTE;",
    "&FRAC12; &FJLIG;",
    "&AMP; &LT; &GT; &QUOT; &COPY;",
    "&LTIMES; &GTCIR;",
    "&NBSP; &EURO; &HELLIP;",
    "&SZLIG; &sZLIG;",
)
text_cases(
    H,
    "own: entity names longer than 24 characters are not matched",
    "&CounterClockwiseContourIntegral;",
    "&ClockwiseContourIntegral;",
    "&DoubleLongLeftRightArrow;",
    "&abcdefghijklmnopqrstuvwx;",
    "&#" + "0" * 22 + "65;",
    "&#" + "0" * 23 + "65;",
)
text_cases(
    H,
    "own: numeric references",
    "&#233; &#xE9; &#XE9; &#x00e9;",
    "&#128512; &#x1F600;",
    "&#065;&#0000000000000000000065;",
    "&#128; &#133; &#150; &#153; &#x80; &#x9F;",
    "&#129; &#141; &#143; &#144; &#157;",
    "&#0; &#x0;",
    "[&#13;] [&#x0D;] [&#10;] [&#9;] [&#12;] [&#32;]",
    "[&#1;] [&#8;] [&#11;] [&#14;] [&#31;] [&#127;]",
    "[&#xFDD0;] [&#xFDEF;] [&#xFFFE;] [&#xFFFF;] [&#x1FFFE;] [&#x10FFFF;]",
    "[&#xD800;] [&#xDFFF;] [&#55357;]",
    "[&#x110000;] [&#1114112;] [&#99999999999999999999999;]",
    "[&#59;] [&#x3b;] [&#x3B;]",
    "[&#12ab;] [&#xZZ;] [&#x;] [&#;] [&;] [&#x12g;]",
    "&#38;lt; &#x26;amp;",
    "&#xe9",
)

# --- remove_terminal_escapes ---------------------------------------------------------------
T = "remove_terminal_escapes"
text_cases(
    T,
    DOCS + "fixes.remove_terminal_escapes",
    "\033[36;44mI'm blue, da ba dee da ba doo...\033[0m",
)
text_cases(
    T,
    "own: sequences removed",
    "\x1b[m plain",
    "\x1b[0m\x1b[1;31;40mRED\x1b[39;49m",
    "clear\x1b[2J\x1b[H screen",
    "line\x1b[K",
    "a\x1b[1m\x1b[2mb",
    "\x1b[1;31m\u00e9t\u00e9\x1b[0m",
    "\x1b[;;;m",
    "\x1b[38;5;208morange\x1b[0m",
)
text_cases(
    T,
    "own: digits of any script count (\\d in Python)",
    "\x1b[\u0663\u0661mArabic-Indic digits",
    "\x1b[1;\u0967mDevanagari digit",
    "\x1b[\U0001D7D8mmathematical digit",
    "\x1b[\u00b2mnot a decimal digit",
    "\x1b[\u2163mnot a decimal digit",
)
text_cases(
    T,
    "own: sequences left alone",
    "\x1b[?25h cursor",
    "\x1b]0;title\x07",
    "\x1b[31",
    "\x1b",
    "\x1b[",
    "\x1b[1:2m colon",
    "\x1b[ m space",
    "\x1b[1;31\u00e9",
    "\x1bm",
    "[31m no escape",
)

# --- fix_latin_ligatures -------------------------------------------------------------------
L = "fix_latin_ligatures"
text_cases(L, DOCS + "fixes.fix_latin_ligatures", "\ufb02u\ufb03e\ufb06")
text_cases(
    L,
    "own: every Latin ligature and digraph",
    "\u0132\u0133 \u0149 \u01c4\u01c5\u01c6 \u01c7\u01c8\u01c9 \u01ca\u01cb\u01cc \u01f1\u01f2\u01f3",
    "\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06",
    "o\ufb03ce e\ufb00ort \ufb01nal",
)
text_cases(
    L,
    "own: other ligatures stay",
    "\ufb13\ufb14 Armenian",
    "\ufb4f Hebrew",
    "\ufdf2 Arabic",
    "\u00c6\u00e6 \u0152\u0153 \u00df",
    "\ua732\ua733 \u1d6b",
)

# --- fix_character_width -------------------------------------------------------------------
W_ = "fix_character_width"
text_cases(
    W_,
    DOCS + "fixes.fix_character_width",
    "\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff33",
    "\uff35\uff80\uff70\uff9d",
)
text_cases(
    W_,
    "own: fullwidth and halfwidth forms",
    "\uff48\uff45\uff4c\uff4c\uff4f\uff0c\u3000\uff57\uff4f\uff52\uff4c\uff44\uff01",
    "\uff10\uff11\uff12\uff0e\uff15\uff05",
    "\uff76\uff9e \uff8a\uff9f",
    "\uffa1\uffa4\uffc2",
    "\uffe0\uffe1\uffe2\uffe3\uffe4\uffe5\uffe6",
    "\uffe8\uffe9\uffea\uffeb\uffec\uffed\uffee",
    "\uff5f\uff60 \uff61\uff62\uff63\uff64\uff65",
    "\uff3c\uff3e\uff40\uff5c\uff5e",
)
text_cases(
    W_,
    "own: characters left alone",
    "\uffef\uffe7 unassigned",
    "\u2003em space\u2002en space",
    "\u30ab\u30bf\u30ab\u30ca \ud55c\uae00",
    "\uff00",
)

# --- uncurl_quotes -------------------------------------------------------------------------
Q = "uncurl_quotes"
text_cases(Q, DOCS + "fixes.uncurl_quotes", "\u201chere\u2019s a test\u201d")
text_cases(
    Q,
    "own: every quote replaced",
    "\u2018a\u2019 \u201ab\u201b \u02bcc",
    "\u201cd\u201d \u201ee\u201f",
)
text_cases(
    Q,
    "own: quotes left alone",
    "\u00abguillemets\u00bb \u2039single\u203a",
    "\u2032prime\u2033 \u0060grave\u00b4",
    "\u300ccorner\u300d \uff02fullwidth\uff02",
    "'straight' \"already\"",
)

# --- fix_line_breaks -----------------------------------------------------------------------
B = "fix_line_breaks"
text_cases(
    B,
    DOCS + "fixes.fix_line_breaks",
    "This string is made of two things:\u20291. Unicode\u20282. Spite",
    "Content-type: text/plain\r\n\r\nHi.",
    "This is how Microsoft \r trolls Mac users",
    "What is this \x85 I don't even",
)
text_cases(
    B,
    "own: line break combinations",
    "a\r\r\nb",
    "a\n\rb",
    "a\r\n\r\n\rb",
    "\r",
    "end\r\n",
    "\u2028\u2029\x85",
    "\u00e9\r\n\u00fc",
)
text_cases(
    B,
    "own: characters left alone",
    "a\x0bb\x0cc",
    "tab\there",
    "\u2027 \u202a \u0084 \u0086",
)

# --- remove_control_chars ------------------------------------------------------------------
C = "remove_control_chars"
text_cases(
    C,
    "ftfy docs: fixes.remove_control_chars (removed)",
    "".join(chr(c) for c in range(0x20)) + "\x7f",
    "a\u206ab\u206bc\u206cd\u206de\u206ef\u206fg",
    "\ufeffbom at start, \ufeff in the middle",
    "x\ufff9y\ufffaz\ufffbw\ufffcv",
)
text_cases(
    C,
    "ftfy docs: fixes.remove_control_chars (kept)",
    "tab\tLF\nFF\x0cCR\r",
    "\u2028\u2029",
    "".join(chr(c) for c in range(0x80, 0xa0)),
    "zw\u200bsp zwnj\u200c zwj\u200d lrm\u200e rlm\u200f",
    "\u202aembed\u202c \u202eoverride\u202c",
    "\U0001d173\U0001d174 music",
    "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Wales",
    "\ufffd \ufff8 \u2069 \u2070 \ufeff\u00e9",
)


# --- decode_wtf8_lossy ---------------------------------------------------------------------
def wtf8_case(hex_bytes, source):
    data = bytes.fromhex(hex_bytes)
    try:
        expected = F.fix_surrogates(data.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:
        expected = None
    cases.append(
        {"fix": "decode_wtf8_lossy", "input_hex": hex_bytes, "expected": expected, "source": source}
    )


S = "own: bytes decoded with surrogates allowed, then ftfy's fix_surrogates"
for hex_bytes in [
    "eda0bdedb2a9",  # U+1F4A9 as a surrogate pair
    "536d696c6520eda0bdedb88020",  # "Smile " U+1F600 " "
    "edb2a9eda0bd",  # low then high: two lone surrogates
    "eda0bd",  # lone high
    "edb080",  # lone low
    "eda0bdeda0bdedb2a941",  # high, pair, "A"
    "edafbfedbfbf",  # U+10FFFF
    "eda080edb080",  # U+10000
    "f09f92a9",  # U+1F4A9 as ordinary UTF-8
    "636166c3a9",  # "café"
    "",
]:
    wtf8_case(hex_bytes, S)
for hex_bytes in [
    "ff",
    "c080",
    "eda0",
    "eda041",
    "61e282",
    "80",
    "eda0bdedb8",
    "f4908080",
]:
    wtf8_case(hex_bytes, S + " (not UTF-8 otherwise)")


# --- formatting ----------------------------------------------------------------------------
def width_case(fix, text, source, textmend=None):
    fn = getattr(W, fix)
    case = {"fix": fix, "input": text, "expected": fn(text), "source": source}
    if textmend is not None:
        if textmend == case["expected"]:
            sys.exit(f"{fix}({text!r}) no longer differs from ftfy: drop the textmend value")
        case["textmend"] = textmend
    cases.append(case)


for ch in ["\u8eca", "A", "\u200d", "\n"]:
    width_case("character_width", ch, DOCS + "formatting.character_width")
for ch in [
    "\0", "\x01", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\xa0", "\u00e9", "\u0301",
    "\u200b", "\ufeff", "\u3000", "\uff21", "\uff71", "\U0001f600", "\u1160", "\u11a8",
    "\u115f", "\ufe0f", "\ue000", "\u0378", "\U0001f3fb", "\u2e3a",
]:
    width_case("character_width", ch, "own")
width_case("character_width", "\u00ad", "own: known difference, see textmend::formatting", 0)
width_case("character_width", "\u093e", "own: known difference (Mc), see textmend::formatting", 1)
width_case("character_width", "\u17d8", "own: known difference, see textmend::formatting", 3)
width_case("character_width", "\U0001f1e6", "own: known difference, see textmend::formatting", 1)

for text in [
    "\u3061\u3083\u3076\u53f0\u8fd4\u3057",
    "example\x80",
    "\uc785\ub2c8\ub2e4",
    "\u110b\u1175\u11b8\u1102\u1175\u1103\u1161",
    "\x1b[34mblue\x1b[m",
]:
    width_case("monospaced_width", text, DOCS + "formatting.monospaced_width")
# With wcwidth 0.9.4 ftfy gives 12 here; its documentation (older wcwidth) says 11.
width_case(
    "monospaced_width",
    "owl\u00adflavored",
    DOCS + "formatting.monospaced_width; known difference, see textmend::formatting",
    11,
)
for text in [
    "", "Hello, world!", "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440",
    "\u0393\u03b5\u03b9\u03ac \u03c3\u03bf\u03c5 \u039a\u03cc\u03c3\u03bc\u03b5",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e0a\u0e32\u0e27\u0e42\u0e25\u0e01",
    "\u4f60\u597d\uff0c\u4e16\u754c", "\uc548\ub155\ud558\uc138\uc694 \uc138\uacc4",
    "\uff76\uff80\uff76\uff85", "\uff48\uff45\uff4c\uff4c\uff4f\u3000\uff57\uff4f\uff52\uff4c\uff44",
    "Ti\u1ebfng Vi\u1ec7t", "e\u0301\u0301", "a\u0308\u0304",
    "\U0001f600 \U0001f603", "\U0001f44d\U0001f3fd", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\u2764\ufe0f", "\U0001f1eb\U0001f1f7", "(\u256f\u00b0\u25a1\u00b0)\u256f\ufe35 \u253b\u2501\u253b",
    "\u10d2\u10d0\u10db\u10d0\u10e0\u10ef\u10dd\u10d1\u10d0", "\u0532\u0561\u0580\u0565\u0582",
    "\u1230\u120b\u121d", "nul\x00char", "tab\there", "new\nline", "del\x7f", "\u200bzero",
    "\x1b[1;31m\u8eca\x1b[0m", "\x1b[?25h",
]:
    width_case("monospaced_width", text, "own")
width_case(
    "monospaced_width",
    "\u0939\u093f\u0928\u094d\u0926\u0940 \u092d\u093e\u0937\u093e",
    "own: known difference (Indic clusters)",
    10,
)
width_case("monospaced_width", "\u0936\u094d\u0930\u0940", "own: known difference (Indic cluster)", 3)
width_case("monospaced_width", "\u0644\u0627", "own: known difference (lam-alef ligature)", 1)
width_case("monospaced_width", "a\u200db", "own: known difference (wcwidth skips after ZWJ)", 2)


def justify_case(fix, text, width, fillchar, source):
    try:
        expected = getattr(W, fix)(text, width, fillchar)
    except ValueError:
        expected = None
    cases.append(
        {"fix": fix, "input": text, "width": width, "fillchar": fillchar, "expected": expected, "source": source}
    )


DOC_LINES = ["Table flip", "(\u256f\u00b0\u25a1\u00b0)\u256f\ufe35 \u253b\u2501\u253b", "\u3061\u3083\u3076\u53f0\u8fd4\u3057"]
for fix in ["display_ljust", "display_rjust", "display_center"]:
    for line in DOC_LINES:
        justify_case(fix, line, 20, "\u2592", DOCS + "formatting." + fix)
    justify_case(fix, "abc", 8, " ", "own")
    justify_case(fix, "abc", 9, "-", "own")
    justify_case(fix, "abcdef", 3, "-", "own: text wider than the width")
    justify_case(fix, "", 4, "*", "own")
    justify_case(fix, "\u8eca", 5, ".", "own")
    justify_case(fix, "e\u0301", 4, "_", "own")
    justify_case(fix, "a\x80b", 10, "-", "own: control character, returned unchanged")
    justify_case(fix, "\x1b[1mbold\x1b[0m", 8, "-", "own: escapes take no room")
    justify_case(fix, "abc", 8, "\u8eca", "own: fillchar of width 2 is refused")
    justify_case(fix, "abc", 8, "\u0301", "own: fillchar of width 0 is refused")
    justify_case(fix, "abc", 8, "\n", "own: control fillchar is refused")
    justify_case(fix, "a\x80b", 10, "\u8eca", "own: fillchar checked before the text")

def visible_json(value):
    """JSON with readable letters but escaped invisible and combining characters."""
    out = []
    for ch in json.dumps(value, ensure_ascii=False):
        if ch != " " and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cn", "Mn", "Me"):
            out.append(json.dumps(ch)[1:-1])
        else:
            out.append(ch)
    return "".join(out)


with open(OUT, "w", encoding="utf-8", newline="\n") as f:
    for case in cases:
        f.write(visible_json(case) + "\n")
print(f"wrote {len(cases)} cases to {OUT} (ftfy {ftfy.__version__})")
