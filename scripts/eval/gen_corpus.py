#!/usr/bin/env python3
"""Generates the evaluation corpus of the repairs beyond ftfy: clean text in 24 languages,
broken every way textmend's extra repairs undo, as JSON Lines.

    python3 scripts/eval/gen_corpus.py --out target/eval-corpus.jsonl

Each line: {"path": P, "lang": L, "input": BROKEN, "expected": CLEAN}. Paths:

  clean                         undamaged text (a change is a false positive)
  moji/PAGE                     UTF-8 read once through PAGE
  double/PAGE1+PAGE2            read through PAGE1, encoded as UTF-8 again, read through PAGE2
  mixed/PAGE                    a clean line with one stretch read through PAGE
  legacy/REAL-as-SHOWN          text encoded in the legacy code page REAL (single-byte, or
                                GBK, Shift_JIS, EUC-KR, Big5), decoded as SHOWN
  lossy/RECIPE                  UTF-8 read through a code page whose undefined bytes became C1
                                controls, which were then deleted (-dropped), or replaced with
                                "?" (-question) or U+FFFD (-fffd): for the lossy repair

Text: Faker 40.63.0 (MIT License; `pip install faker==40.63.0`), its per-locale sentences,
names, addresses, companies and jobs, drawn with fixed seeds (not the seeds of the legacy
model's training text, scripts/gen_legacy_model.py, nor of the differential corpus). The same
Python (3.11) and Faker versions give the same output on every run.

Mojibake is made with Python's codecs. Windows pages are "sloppy": a byte the page leaves
undefined decodes to the C1 control of the same value, as textmend's sloppy-windows-* tables
do. A line is kept only if its bytes decode without error (the lossless paths) and the damage
changed it.
"""
import argparse
import json
import os
import random
import sys
import zlib

SEED = 20_250_601

# Languages: Faker locale -> providers whose output is in the locale's language.
LOCALES = {
    "en_US": ["sentence", "name", "address", "company", "job"],
    "fr_FR": ["sentence", "name", "address", "company", "job", "city"],
    "de_DE": ["sentence", "name", "address", "city", "job"],
    "es_ES": ["sentence", "name", "address", "company", "job", "city"],
    "pt_BR": ["name", "address", "company", "job", "street_name"],
    "pl_PL": ["sentence", "name", "address", "company", "job", "city"],
    "cs_CZ": ["sentence", "name", "address", "company", "job", "city"],
    "hu_HU": ["name", "address", "city", "company", "job"],
    "tr_TR": ["name", "company", "job"],
    "lt_LT": ["name", "company"],
    "vi_VN": ["sentence", "name", "address", "company", "job"],
    "ru_RU": ["sentence", "name", "address", "company", "job"],
    "uk_UA": ["sentence", "name", "address", "company", "job", "city"],
    "bg_BG": ["name", "company"],
    "el_GR": ["sentence", "name", "address", "company", "job", "city"],
    "he_IL": ["sentence", "name", "address", "city"],
    "ar_AA": ["sentence", "name", "company", "job"],
    "fa_IR": ["sentence", "name", "company", "job", "city"],
    "th_TH": ["sentence", "name", "address", "company", "job"],
    "hi_IN": ["name", "address", "city"],
    "zh_CN": ["sentence", "name", "address", "company", "job"],
    "ja_JP": ["sentence", "name", "address", "company", "job"],
    "ko_KR": ["name", "address", "company", "job"],
}

# textmend's name -> (Python codec, sloppy).
PAGES = {
    "koi8-r": ("koi8_r", False),
    "koi8-u": ("koi8_u", False),
    "cp866": ("cp866", False),
    "iso-8859-5": ("iso8859_5", False),
    "sloppy-windows-874": ("cp874", True),
    "sloppy-windows-1255": ("cp1255", True),
    "sloppy-windows-1256": ("cp1256", True),
    "iso-8859-7": ("iso8859_7", False),
    "sloppy-windows-1258": ("cp1258", True),
    "cp850": ("cp850", False),
    "cp852": ("cp852", False),
    "iso-8859-15": ("iso8859_15", False),
    "gb18030": ("gb18030", False),
    "shift_jis": ("cp932", False),
    "euc-kr": ("cp949", False),
    "big5": ("cp950", False),
}
DOUBLE_BYTE = {"gb18030", "shift_jis", "euc-kr", "big5"}
# ftfy's own pages, for double layers with them.
FTFY_PAGES = {
    "sloppy-windows-1252": ("cp1252", True),
    "sloppy-windows-1251": ("cp1251", True),
    "latin-1": ("latin-1", False),
}

# Legacy pairs: (real, shown, source languages).
LEGACY = [
    ("windows-1251", "windows-1252", ["ru_RU", "uk_UA", "bg_BG"]),
    ("koi8-r", "windows-1251", ["ru_RU"]),
    ("windows-1251", "koi8-r", ["ru_RU", "bg_BG"]),
    ("cp866", "windows-1251", ["ru_RU"]),
    ("koi8-u", "windows-1251", ["uk_UA"]),
    ("windows-1250", "windows-1252", ["pl_PL", "cs_CZ", "hu_HU"]),
    ("iso-8859-2", "windows-1252", ["pl_PL", "cs_CZ", "hu_HU"]),
    ("windows-1253", "windows-1252", ["el_GR"]),
    ("windows-1255", "windows-1252", ["he_IL"]),
    ("windows-1256", "windows-1252", ["ar_AA", "fa_IR"]),
    ("windows-874", "windows-1252", ["th_TH"]),
    ("windows-1257", "windows-1252", ["lt_LT"]),
    ("windows-1254", "windows-1252", ["tr_TR"]),
    ("windows-1252", "windows-1251", ["fr_FR", "de_DE", "es_ES", "pt_BR"]),
]
# Legacy East Asian text shown through a single-byte page: (real, Python codec, shown, source
# languages). The Windows forms of the pages (cp932, cp949, cp950) write what those systems
# write; Traditional Chinese comes from its own Faker locale, drawn last (ZH_TW).
LEGACY_DBCS = [
    ("gbk", "gbk", "windows-1252", ["zh_CN"]),
    ("gbk", "gbk", "latin-1", ["zh_CN"]),
    ("gbk", "gbk", "windows-1251", ["zh_CN"]),
    ("shift_jis", "cp932", "cp437", ["ja_JP"]),
    ("shift_jis", "cp932", "cp850", ["ja_JP"]),
    ("shift_jis", "cp932", "windows-1252", ["ja_JP"]),
    ("euc-kr", "cp949", "windows-1252", ["ko_KR"]),
    ("big5", "cp950", "windows-1252", ["zh_TW"]),
]
ZH_TW = ("zh_TW", ["sentence", "name", "address", "company", "job", "city"])

LEGACY_CODECS = {
    "windows-1250": "cp1250", "windows-1251": "cp1251", "windows-1252": "cp1252",
    "windows-1253": "cp1253", "windows-1254": "cp1254", "windows-1255": "cp1255",
    "windows-1256": "cp1256", "windows-1257": "cp1257", "windows-874": "cp874",
    "koi8-r": "koi8_r", "koi8-u": "koi8_u", "cp866": "cp866", "iso-8859-2": "iso8859_2",
    "latin-1": "latin-1", "cp437": "cp437", "cp850": "cp850",
}

# Lossy recipes: page whose undefined bytes became C1 controls -> what became of them.
LOSSY_PAGES = {"tis-620": ("cp874", True), "cp1252": ("cp1252", True),
               "latin-1": ("latin-1", False), "cp1251": ("cp1251", True)}
LOSSY_WAYS = {"dropped": "", "question": "?", "fffd": "\ufffd"}

SEPARATORS = [", ", ". ", " - ", ": ", "; ", " | ", " "]


def decoder(codec, sloppy):
    """A function bytes -> text through `codec`; None where a byte cannot be decoded."""
    if not sloppy:
        def plain(data):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
        return plain
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            table.append(chr(byte))
    table[0x1A] = "\ufffd"
    return lambda data: "".join(table[b] for b in data)


DECODERS = {name: decoder(*spec) for name, spec in {**PAGES, **FTFY_PAGES}.items()}


def misread(text, page):
    return DECODERS[page](text.encode("utf-8"))


def fragment(fake, method, rng):
    if method == "sentence":
        text = fake.sentence(nb_words=rng.randint(3, 10))
    else:
        text = getattr(fake, method)()
    return " ".join(text.replace("\n", ", ").split())


def clean_line(fake, methods, rng, max_len=80):
    target = rng.randint(15, max_len)
    line = fragment(fake, rng.choice(methods), rng)
    while len(line) < target:
        nxt = fragment(fake, rng.choice(methods), rng)
        if len(line) + len(nxt) > max_len:
            break
        line += rng.choice(SEPARATORS) + nxt
    return line[:max_len].rstrip()


def decorate(line, rng):
    """Typographic punctuation, as real text has it, on a third of the lines."""
    r = rng.random()
    if r < 0.05:
        return f"\u201c{line}\u201d"
    if r < 0.10:
        return f"\u00ab{line}\u00bb"
    if r < 0.15:
        return line.replace(" ", " \u2014 ", 1)
    if r < 0.20:
        return f"{line}\u2026"
    if r < 0.25:
        return f"{line} (\u20ac{rng.randint(2, 999)})"
    if r < 0.30:
        return f"{line} \u2022 {rng.randint(1, 40)}\u00b0C"
    if r < 0.33:
        return line.replace(" ", "\u2019s ", 1)
    return line


def generate(scale, seed=SEED):
    from faker import Faker

    rng = random.Random(seed)
    fakes = {}
    for loc in LOCALES:
        fake = Faker(loc)
        fake.seed_instance(seed ^ zlib.crc32(loc.encode()))
        fakes[loc] = fake

    def n(count):
        return max(1, int(count * scale))

    records = []
    seen = set()

    def add(path, lang, text, expected):
        if text is None or text == expected or "\n" in text or (path, text) in seen:
            return False
        seen.add((path, text))
        records.append({"path": path, "lang": lang, "input": text, "expected": expected})
        return True

    # Clean lines, the pool everything else is made from.
    pool = {}
    for loc, methods in LOCALES.items():
        lines = []
        for _ in range(n(400) * 5):
            if len(lines) >= n(400):
                break
            line = decorate(clean_line(fakes[loc], methods, rng), rng)
            if line not in lines:
                lines.append(line)
        pool[loc] = lines
        for line in lines:
            records.append({"path": "clean", "lang": loc, "input": line, "expected": line})
    # English is ASCII but for its punctuation: damaged lines come from the others.
    langs = [loc for loc in LOCALES if loc != "en_US"]

    def pick(langs_=None, short=False):
        loc = rng.choice(langs_ or langs)
        lines = pool[loc]
        if short:
            short_lines = [x for x in lines if len(x) <= 50] or lines
            return loc, rng.choice(short_lines)
        return loc, rng.choice(lines)

    def fill(path, count, make, tries=60):
        made = 0
        for _ in range(count * tries):
            if made >= count:
                break
            got = make()
            if got and add(path, *got):
                made += 1

    for page in PAGES:
        def once(page=page):
            loc, src = pick()
            return loc, misread(src, page), src
        fill(f"moji/{page}", n(400), once)

    for page in PAGES:
        for first, second in [(page, page), (page, "sloppy-windows-1252"),
                              ("sloppy-windows-1252", page), ("latin-1", page)]:
            def twice(first=first, second=second):
                loc, src = pick(short=True)
                inner = misread(src, first)
                if inner is None or inner == src:
                    return None
                return loc, misread(inner, second), src
            fill(f"double/{first}+{second}", n(60), twice)

    for page in PAGES:
        def mixed(page=page):
            loc, clean = pick()
            _, src = pick([loc], short=True)
            bad = misread(src, page)
            if bad is None or bad == src:
                return None
            sep = rng.choice(SEPARATORS)
            if rng.random() < 0.5:
                return loc, clean + sep + bad, clean + sep + src
            return loc, bad + sep + clean, src + sep + clean
        fill(f"mixed/{page}", n(120), mixed)

    def legacy(codec, shown, source_langs, round_trip=False):
        """Lines of `source_langs` encoded with `codec` and decoded as `shown`; with
        `round_trip`, only those `codec` reads back as they were."""
        show = decoder(LEGACY_CODECS[shown], shown.startswith("windows"))

        def make():
            loc, src = pick(source_langs)
            try:
                data = src.encode(codec)
            except UnicodeEncodeError:
                return None
            if round_trip and data.decode(codec) != src:
                return None
            return loc, show(data), src
        return make

    for real, shown, source_langs in LEGACY:
        make = legacy(LEGACY_CODECS[real], shown, source_langs)
        fill(f"legacy/{real}-as-{shown}", n(300), make)

    for page, spec in LOSSY_PAGES.items():
        read = decoder(*spec)
        for way, replacement in LOSSY_WAYS.items():
            def lossy(read=read, replacement=replacement):
                loc, src = pick()
                bad = read(src.encode("utf-8"))
                if bad is None or not any("\x80" <= c <= "\x9f" for c in bad):
                    return None
                return loc, "".join(replacement if "\x80" <= c <= "\x9f" else c
                                    for c in bad), src
            fill(f"lossy/{page}-{way}", n(100), lossy)

    # Drawn after everything above, so that adding them left the lines above as they were.
    loc, methods = ZH_TW
    fake = Faker(loc)
    fake.seed_instance(seed ^ zlib.crc32(loc.encode()))
    lines = []
    for _ in range(n(150) * 5):
        if len(lines) >= n(150):
            break
        line = decorate(clean_line(fake, methods, rng), rng)
        if line not in lines:
            lines.append(line)
    pool[loc] = lines
    for line in lines:
        records.append({"path": "clean", "lang": loc, "input": line, "expected": line})

    # Python's cp950 writes `•` as the byte pair that reads `‧`: the file holds `‧`.
    for real, codec, shown, source_langs in LEGACY_DBCS:
        fill(f"legacy/{real}-as-{shown}", n(150), legacy(codec, shown, source_langs, True))

    # Each clean line, then what was made from it: gzip finds the repeats.
    order = {}
    for i, r in enumerate(records):
        order.setdefault(r["expected"], i)
    records.sort(key=lambda r: (order[r["expected"]], r["path"] != "clean"))
    return records


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable] + sys.argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="target/eval-corpus.jsonl")
    parser.add_argument("--scale", type=float, default=1.0)
    # Another seed draws other text: a held-out corpus, to check that the repairs were not
    # tuned to the checked-in lines (TEXTMEND_EVAL_FILE points the report at it).
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    records = generate(args.scale, args.seed)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=True) + "\n")
    counts = {}
    for r in records:
        group = r["path"].split("/")[0]
        counts[group] = counts.get(group, 0) + 1
    print(f"{len(records)} lines: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
          file=sys.stderr)


if __name__ == "__main__":
    main()
