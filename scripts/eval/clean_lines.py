"""Clean lines per language, drawn as the evaluation corpus draws its clean lines.

    python scripts/eval/clean_lines.py --out DIR [--lines 8000] [--seed 99173]

Writes DIR/<locale>.txt for each of the evaluation corpus's 23 languages: distinct lines
(so that nothing a thread remembers flatters a measurement), made by gen_corpus.py's own
functions (Faker 40.63.0, its per-locale sentences, names, addresses, companies and jobs,
with the same typographic decoration on a third of the lines), from a seed of their own.
For measuring what clean text costs (scripts/bench/lang_cost.sh); nothing made here is
checked in.
"""

import argparse
import os
import random
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_corpus  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--lines", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=99173)
    args = parser.parse_args()
    from faker import Faker

    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    for loc, methods in gen_corpus.LOCALES.items():
        fake = Faker(loc)
        fake.seed_instance(args.seed ^ zlib.crc32(loc.encode()))
        seen, out = set(), []
        while len(out) < args.lines:
            line = gen_corpus.decorate(gen_corpus.clean_line(fake, methods, rng), rng)
            if line not in seen:
                seen.add(line)
                out.append(line)
        with open(os.path.join(args.out, f"{loc}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
