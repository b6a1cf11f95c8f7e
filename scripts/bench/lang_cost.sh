#!/usr/bin/env bash
# What the repairs beyond ftfy cost clean text, language by language.
#
#   scripts/bench/lang_cost.sh DIR [BINARY]
#   SECOND_PASS=1 scripts/bench/lang_cost.sh DIR [BINARY]
#
# For each DIR/*.txt (clean lines: scripts/eval/clean_lines.py --out DIR), callgrind counts
# the instructions of `textmend -j 1` with the default configuration and with ftfy's
# (`--skip lossy-repair`), each less the cost of two lines of mojibake alone that precede
# the file (process start, and the tables built on first use), and prints the difference.
# With SECOND_PASS=1, the file is read twice and the count is that of the second reading
# alone (what a line costs in a long corpus, once the per-thread memories are warm).
# Instruction counts do not depend on the machine's load.
set -euo pipefail
dir=$1
bin=${2:-${CARGO_TARGET_DIR:-target}/release/textmend}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" -j 1 "$@" 2>&1 >/dev/null |
  awk '/Collected/ {print $4}'; }
# Lossy recovery's and ftfy's repairs, so that both configurations have built their tables.
printf '%s\n' 'Putinโs โtemporary occupation of Crimeaโ ended, said the ICCsโ 14 judges.' \
  'The cafÃ© on the corner sells crÃ¨me brÃ»lÃ©e.' > "$work/warm.txt"
warm_default=$(count "$work/warm.txt")
warm_ftfy=$(count --skip lossy-repair "$work/warm.txt")
printf '%-10s %14s %14s %8s\n' language default ftfy excess
for f in "$dir"/*.txt; do
  cat "$work/warm.txt" "$f" > "$work/in.txt"
  if [ "${SECOND_PASS:-0}" = 1 ]; then
    # The baseline is the warm-up and one reading; the input, the same and a second one.
    warm_default=$(count "$work/in.txt")
    warm_ftfy=$(count --skip lossy-repair "$work/in.txt")
    cat "$f" >> "$work/in.txt"
  fi
  d=$(( $(count "$work/in.txt") - warm_default ))
  t=$(( $(count --skip lossy-repair "$work/in.txt") - warm_ftfy ))
  awk -v n="$(basename "$f" .txt)" -v d="$d" -v t="$t" \
    'BEGIN { printf "%-10s %14d %14d %+7.1f%%\n", n, d, t, (d / t - 1) * 100 }'
done
