#!/usr/bin/env python3
"""Capitals lost at the start of a word: how textmend reads lines whose words start with a
capital of Latin-1 (`À..Þ`, UTF-8 `C3 80..9E`) once their UTF-8 went through Latin-1 or
windows-1252 and the C1 controls were deleted (`Ãcole` for `École`, `Ãber` for `Über`).

    pip install faker==40.63.0        # in a scratch virtual environment
    python3 scripts/eval/lost_capitals.py --textmend target/release/textmend \\
        [--textmend OTHER] [--per-language 40] [--seed 4242] [--show]

Text: Faker's names, addresses, companies, jobs, cities and sentences in 13 Latin-script
locales, kept where some word starts with such a capital, drawn with a fixed seed. Each line
is broken through Latin-1 and through windows-1252 (bytes it leaves undefined become C1
controls), the C1 controls are deleted, and every textmend given reads the damaged lines
with `--encoding-only`, with the defaults and with the experimental switches. Per page, a
line is `ok` (the clean line), `same` (left as it was), `part` (changed, with nothing in it
that is in neither the clean line nor the damaged one) or `wrong` (it holds such a
character: a wrong guess). The clean lines are read too, and any changed is counted.
"""
import argparse
import collections
import random
import re
import subprocess
import sys

LOCALES = {
    "fr_FR": ["sentence", "name", "address", "company", "job", "city"],
    "de_DE": ["sentence", "name", "address", "city", "job"],
    "es_ES": ["sentence", "name", "address", "company", "job", "city"],
    "pt_BR": ["name", "address", "company", "job", "street_name"],
    "cs_CZ": ["sentence", "name", "address", "company", "job", "city"],
    "hu_HU": ["name", "address", "city", "company", "job"],
    "tr_TR": ["name", "company", "job"],
    "sv_SE": ["name", "address", "city", "company", "job"],
    "it_IT": ["sentence", "name", "address", "city", "job"],
    "da_DK": ["name", "address", "city"],
    "is_IS": ["name", "address", "city"],
    "no_NO": ["name", "address", "city"],
    "fi_FI": ["name", "address", "city", "job"],
}

# A capital of Latin-1 after no letter or digit, before a small letter.
STARTS_WORD = re.compile(r"(?<![^\W_])[À-Þ][a-zß-ÿ]")

PAGES = ("latin-1", "windows-1252")


def shown(line, page):
    """`line`'s UTF-8 read through `page`, undefined bytes as C1 controls, which are then
    deleted."""
    out = []
    for byte in line.encode("utf-8"):
        try:
            c = bytes([byte]).decode("latin-1" if page == "latin-1" else "cp1252")
        except UnicodeDecodeError:
            c = chr(byte)
        if not "\x80" <= c <= "\x9f":
            out.append(c)
    return "".join(out)


def clean_lines(per_language, seed):
    from faker import Faker

    rng = random.Random(seed)
    rows = []
    for locale, methods in LOCALES.items():
        fake = Faker(locale)
        fake.seed_instance(seed)
        found = 0
        for _ in range(20_000):
            if found == per_language:
                break
            try:
                text = str(getattr(fake, rng.choice(methods))()).replace("\n", ", ")
            except AttributeError:
                continue
            if STARTS_WORD.search(text):
                rows.append((locale, text))
                found += 1
    return rows


def run(textmend, lines, experimental):
    args = [textmend, "--encoding-only"]
    if experimental:
        args += ["--enable", "experimental"]
    out = subprocess.run(
        args + ["-"], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True
    ).stdout.split("\n")[:-1]
    if len(out) != len(lines):
        sys.exit(f"{textmend}: {len(out)} lines out for {len(lines)} in")
    return out


def kind(clean, broken, got):
    if got == clean:
        return "ok"
    if got == broken:
        return "same"
    return "wrong" if set(got) - set(clean) - set(broken) else "part"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--textmend", action="append", required=True)
    ap.add_argument("--per-language", type=int, default=40)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--show", action="store_true", help="print every wrong guess")
    args = ap.parse_args()
    rows = clean_lines(args.per_language, args.seed)
    print(f"{len(rows)} lines in {len(LOCALES)} languages, seed {args.seed}")
    kinds = ("ok", "same", "part", "wrong")
    print("| textmend | configuration | page | " + " | ".join(kinds) + " | clean changed |")
    print("|---|---|---|" + "---:|" * (len(kinds) + 1))
    for textmend in args.textmend:
        for experimental in (False, True):
            config = "experimental" if experimental else "default"
            clean_out = run(textmend, [t for _, t in rows], experimental)
            changed = sum(got != t for got, (_, t) in zip(clean_out, rows))
            for page in PAGES:
                broken = [shown(t, page) for _, t in rows]
                counts = collections.Counter()
                for (locale, clean), b, got in zip(rows, broken, run(textmend, broken, experimental)):
                    k = kind(clean, b, got)
                    counts[k] += 1
                    if k == "wrong" and args.show:
                        print(f"  {config} {page} {locale}: {b!r} -> {got!r} (clean {clean!r})")
                cells = " | ".join(str(counts[k]) for k in kinds)
                print(f"| {textmend} | {config} | {page} | {cells} | {changed} |")


if __name__ == "__main__":
    main()
