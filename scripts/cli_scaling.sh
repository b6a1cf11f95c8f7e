#!/usr/bin/env bash
# Throughput of the textmend command with 1 thread and with 2 (or N) threads on 100 MB of
# mixed text (clean lines, mojibake, entities, CJK, Cyrillic), the best of interleaved
# rounds; and, as the machine's own ceiling for that speed-up, N separate one-thread
# processes at once.
#
#   scripts/cli_scaling.sh                     # -j 1 against -j 2, 5 rounds
#   THREADS=4 ROUNDS=9 scripts/cli_scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p textmend-cli
bin="$target/release/textmend"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/textmend-scaling.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
threads=${THREADS:-2}

python3 - "$tmp/input.txt" <<'PY'
import sys
lines = [
    "The quick brown fox jumps over the lazy dog, again and again.",
    "The cafÃ© on the corner sells crÃ¨me brÃ»lÃ©e for â‚¬4.",
    "Fish &amp; chips &mdash; &pound;5 and \u201ccurly\u201d quotes.",
    "Р СџРЎР‚Р С‘Р Р†Р ВµРЎвЂљ, how are you?",
    "日本語のテキストと中文的文本，一起出现在这里。",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "Le Schtroumpf Docteur conseille g√¢teaux et baguettes.",
    "",
]
block = ("\n".join(lines) + "\n").encode("utf-8")
with open(sys.argv[1], "wb") as f:
    f.write(block * (100_000_000 // len(block)))
PY

# One run: `once N` with -j N; `once N separate`: N processes with -j 1 at once, each on the
# whole input, which is what the machine gives N independent jobs (the ceiling for -j N: no
# sharing at all). Prints the seconds it took.
once() {
  local start end
  start=$(date +%s.%N)
  if [ "${2:-}" = separate ]; then
    for _ in $(seq "$1"); do "$bin" -j 1 "$tmp/input.txt" > /dev/null & done
    wait
  else
    "$bin" -j "$1" "$tmp/input.txt" > /dev/null
  fi
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
min() { awk -v t="$1" -v b="${2:-}" 'BEGIN { print (b == "" || t < b) ? t : b }'; }

# The three take turns, ROUNDS times (5 unless set), and each keeps its best: this machine's
# speed moves from minute to minute, and a slow spell must not fall on one side only.
rounds=${ROUNDS:-5}
t1="" tn="" ts=""
for _ in $(seq "$rounds"); do
  t1=$(min "$(once 1)" "$t1")
  tn=$(min "$(once "$threads")" "$tn")
  ts=$(min "$(once "$threads" separate)" "$ts")
done

size=$(stat -c %s "$tmp/input.txt")
printf 'input: %d MB of mixed text, best of %d rounds\n' $((size / 1000000)) "$rounds"
rate() { awk -v s="$size" -v t="$1" 'BEGIN { print s / 1000000 / t }'; }
printf -- '-j 1: %6.2f s  %7.1f MB/s\n' "$t1" "$(rate "$t1")"
printf -- '-j %d: %6.2f s  %7.1f MB/s\n' "$threads" "$tn" "$(rate "$tn")"
printf 'speed-up: %.2fx\n' "$(awk -v a="$t1" -v b="$tn" 'BEGIN { print a / b }')"
printf '%d processes with -j 1 at once: %6.2f s for %d times the input, %.2fx one\n' \
  "$threads" "$ts" "$threads" "$(awk -v a="$t1" -v b="$ts" -v n="$threads" 'BEGIN { print n * a / b }')"
