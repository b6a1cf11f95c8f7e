#!/usr/bin/env python3
"""A false-positive survey on real translated text: every message of the gettext catalogs
installed on this machine (`/usr/share/locale/*/LC_MESSAGES/*.mo`, written by each Debian
package's translators), one line per line of a message, run through textmend's
`--encoding-only` with the defaults and with the experimental switches, and through ftfy's
`fix_encoding` (a scratch virtual environment with ftfy 6.3.1).

    python3 scripts/eval/gettext_survey.py --textmend target/release/textmend [--show 20]
        [--locales /usr/share/locale] [--out DIR]

Only lines with a character beyond ASCII are kept, each once per locale. The catalogs are
clean text as people wrote it, in more languages and with shorter lines (menu items,
language and place names, units) than the evaluation corpus: `Methu â gosod` (Welsh),
`dinâmico`, `giây`, `Laâyoune`. A few are mojibake themselves, which both tools repair.
What the survey prints, per configuration and language: lines changed by textmend where
ftfy left them as they were (a false positive unless the line was damaged), and where the
two changed a line differently. Which catalogs a machine has depends on the packages it
has installed (`apt-get install` any with translations adds more); the lines are not
checked in: each catalog is under its own package's license.
"""
import argparse
import collections
import glob
import gettext
import json
import os
import subprocess
import sys
import tempfile

CONFIGS = {"default": [], "experimental": ["--enable", "experimental"]}


def catalog_lines(root):
    """(locale, line) pairs, sorted, each line once per locale."""
    out = collections.defaultdict(set)
    for path in sorted(glob.glob(os.path.join(root, "*", "LC_MESSAGES", "*.mo"))):
        locale = os.path.relpath(path, root).split(os.sep)[0]
        try:
            with open(path, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except Exception as e:  # a catalog in another charset, or damaged
            print(f"skipped {path}: {e}", file=sys.stderr)
            continue
        for key, value in catalog.items():
            if key == "":
                continue  # the header
            for line in str(value).replace("\r", "\n").split("\n"):
                line = line.strip()
                if len(line) >= 2 and not line.isascii():
                    out[locale].add(line)
    return [(loc, line) for loc in sorted(out) for line in sorted(out[loc])]


def run_textmend(binary, lines, options):
    """textmend's `--encoding-only` on each line as a record of its own (`--jsonl`), as a
    catalog's message is: a plain file would be read as documents of many lines, where a
    damaged line vouches for its neighbours."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".jsonl", delete=False) as f:
        for line in lines:
            f.write(json.dumps({"t": line}, ensure_ascii=False) + "\n")
        path = f.name
    try:
        out = subprocess.run(
            [binary, "--encoding-only", "--jsonl", "t", *options, path],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(path)
    return [json.loads(line)["t"] for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--textmend", required=True)
    ap.add_argument("--locales", default="/usr/share/locale")
    ap.add_argument("--show", type=int, default=0, help="lines to show per configuration")
    ap.add_argument("--out", help="write every line changed to DIR/CONFIG.txt")
    args = ap.parse_args()

    import ftfy

    pairs = catalog_lines(args.locales)
    lines = [line for _, line in pairs]
    print(f"{len(lines)} lines beyond ASCII in {len({l for l, _ in pairs})} locales, "
          f"ftfy {ftfy.__version__}")
    ftfy_out = {}
    for config, options in CONFIGS.items():
        fixed = run_textmend(args.textmend, lines, options)
        assert len(fixed) == len(lines)
        by_lang = collections.Counter()
        differ = collections.Counter()
        shown = []
        for (locale, line), got in zip(pairs, fixed):
            if got == line:
                continue
            if line not in ftfy_out:
                ftfy_out[line] = ftfy.fix_encoding(line)
            theirs = ftfy_out[line]
            if theirs == got:
                continue
            if theirs == line:
                by_lang[locale] += 1
            else:
                differ[locale] += 1
            shown.append((locale, line, got, theirs))
        total = sum(by_lang.values())
        print(f"\n## {config}: {total} lines changed that ftfy leaves, "
              f"{sum(differ.values())} changed otherwise than ftfy")
        for locale, n in by_lang.most_common():
            print(f"  {locale:8} {n}")
        for locale, line, got, theirs in shown[: args.show]:
            print(f"  [{locale}] {line!r}\n      textmend: {got!r}\n      ftfy:     {theirs!r}")
        if args.out:
            os.makedirs(args.out, exist_ok=True)
            with open(os.path.join(args.out, config + ".txt"), "w", encoding="utf-8") as w:
                for locale, line, got, theirs in shown:
                    w.write(f"{locale}\t{line}\t{got}\t{theirs}\n")


if __name__ == "__main__":
    main()
