#!/usr/bin/env python3
"""A false-positive survey on real text that people wrote and translated, as this machine
has it installed: the messages of the gettext catalogs (`/usr/share/locale`), the
translated manual pages (`/usr/share/man/<locale>`, rendered by `man`) and the fortune
files (`/usr/share/games/fortunes`). Each line is run through textmend's `--encoding-only`
with the defaults and with the experimental switches, and through ftfy's `fix_encoding` (a
scratch virtual environment with ftfy 6.3.1).

    python3 scripts/eval/real_text_survey.py --textmend target/release/textmend
        [--source gettext,man,fortune] [--show 20] [--out DIR] [--fix-text]

Only lines with a character beyond ASCII are kept, each once per language. The lines are
clean text as people wrote it, in more languages and shapes than the evaluation corpus:
menu items, units and language names in the catalogs (`Methu â gosod`, `dinâmico`,
`giây`, `µs`, `1200 кБ`), prose, tables and examples in the manual pages, quotations and
jokes in the fortunes (`stoр`, with a Cyrillic `р`). A few are damaged themselves (a Spanish
manual page read through Latin-1 lost its soft hyphens' bytes: `todavÃa`), which textmend
repairs and ftfy does not. What the survey prints, per configuration and language: lines
changed by textmend where ftfy left them as they were (a false positive unless the line
was damaged), and where the two changed a line differently. With `--fix-text`, also how
many lines the default `fix_text` gives otherwise than ftfy's `fix_text`.

What a machine has depends on the packages installed: `apt-get install manpages-de
manpages-fr ... fortunes-de fortunes-ru ...` (the manpages-* and fortunes-* packages) adds
more. The lines are not checked in: each file is under its own package's license.
"""
import argparse
import collections
import concurrent.futures
import gettext
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

CONFIGS = {"default": [], "experimental": ["--enable", "experimental"]}


def keep(line):
    line = re.sub(r"[ \t]+", " ", line).strip()
    return line if len(line) >= 2 and not line.isascii() else None


def gettext_lines(root="/usr/share/locale"):
    """(language, line) pairs from every catalog's messages."""
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
                if (line := keep(line)) is not None:
                    yield locale, line


def render_man(path):
    """A manual page as `man` renders it for reading, one paragraph a line: no hyphenation,
    no justification, a page width no paragraph reaches."""
    env = dict(os.environ, MANWIDTH="2000", LANG="C.UTF-8")
    try:
        out = subprocess.run(["man", "--nh", "--nj", "-E", "UTF-8", "-l", path],
                             capture_output=True, env=env, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.decode("utf-8", "replace")


def man_lines(root="/usr/share/man"):
    """(language, line) pairs from the translated manual pages (not the English ones)."""
    pages = []
    for d in sorted(glob.glob(os.path.join(root, "*", ""))):
        locale = os.path.basename(d.rstrip("/"))
        if not locale.startswith("man"):
            pages += [(locale, p) for p in sorted(glob.glob(d + "**/*.gz", recursive=True))]
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for (locale, _), text in zip(pages, ex.map(render_man, [p for _, p in pages])):
            for line in text.split("\n"):
                # U+FFFD: a page `man` could not decode.
                if (line := keep(line)) is not None and "\ufffd" not in line:
                    yield locale, line


def fortune_lines(root="/usr/share/games/fortunes"):
    """(language, line) pairs from the fortune files in UTF-8: the language is the
    directory's name, or the file's for the few at the top."""
    top = {"brasil": "pt_BR", "chinese": "zh", "song100": "zh", "tang300": "zh"}
    for dirpath, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            if name.endswith((".dat", ".u8")) or os.path.islink(path):
                continue
            rel = os.path.relpath(path, root)
            lang = rel.split(os.sep)[0] if os.sep in rel else top.get(name, "it")
            try:
                with open(path, "rb") as f:
                    text = f.read().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                print(f"skipped {path}: not UTF-8", file=sys.stderr)
                continue
            for line in text.split("\n"):
                if (line := keep(line)) is not None:
                    yield lang, line


SOURCES = {"gettext": gettext_lines, "man": man_lines, "fortune": fortune_lines}


def run_textmend(binary, lines, options):
    """textmend on each line as a record of its own (`--jsonl`), as a catalog's message is:
    a plain file would be read as documents of many lines, where a damaged line vouches for
    its neighbours."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".jsonl", delete=False) as f:
        for line in lines:
            f.write(json.dumps({"t": line}, ensure_ascii=False) + "\n")
        path = f.name
    try:
        out = subprocess.run([binary, "--jsonl", "t", *options, path],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    return [json.loads(line)["t"] for line in out.splitlines()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--textmend", required=True)
    ap.add_argument("--source", default="gettext,man,fortune",
                    help="comma-separated: " + ", ".join(SOURCES))
    ap.add_argument("--show", type=int, default=0, help="lines to show per configuration")
    ap.add_argument("--out", help="write every line changed to DIR/CONFIG.txt")
    ap.add_argument("--fix-text", action="store_true",
                    help="also compare the default fix_text with ftfy's (slow: ftfy)")
    args = ap.parse_args()
    import ftfy

    for source in args.source.split(","):
        pairs = sorted(set(SOURCES[source]()))
        lines = [line for _, line in pairs]
        print(f"# {source}: {len(lines)} lines beyond ASCII in "
              f"{len({l for l, _ in pairs})} languages, ftfy {ftfy.__version__}")
        ftfy_out = {}
        for config, options in CONFIGS.items():
            fixed = run_textmend(args.textmend, lines, ["--encoding-only", *options])
            assert len(fixed) == len(lines)
            by_lang = collections.Counter()
            differ = collections.Counter()
            shown = []
            for (lang, line), got in zip(pairs, fixed):
                if got == line:
                    continue
                if line not in ftfy_out:
                    ftfy_out[line] = ftfy.fix_encoding(line)
                theirs = ftfy_out[line]
                if theirs == got:
                    continue
                (by_lang if theirs == line else differ)[lang] += 1
                shown.append((lang, line, got, theirs))
            print(f"\n## {config}: {sum(by_lang.values())} lines changed that ftfy leaves, "
                  f"{sum(differ.values())} changed otherwise than ftfy")
            for lang, n in by_lang.most_common():
                print(f"  {lang:8} {n}")
            for lang, line, got, theirs in shown[: args.show]:
                print(f"  [{lang}] {line!r}\n      textmend: {got!r}\n      ftfy:     {theirs!r}")
            if args.out:
                os.makedirs(args.out, exist_ok=True)
                name = os.path.join(args.out, f"{source}-{config}.txt")
                with open(name, "w", encoding="utf-8") as w:
                    for lang, line, got, theirs in shown:
                        w.write(f"{lang}\t{line}\t{got}\t{theirs}\n")
        if args.fix_text:
            fixed = run_textmend(args.textmend, lines, [])
            other = sum(got != ftfy.fix_text(line) for line, got in zip(lines, fixed))
            print(f"\n## fix_text (defaults): {other} of {len(lines)} lines otherwise than ftfy")
        print()


if __name__ == "__main__":
    main()
