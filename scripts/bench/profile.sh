#!/usr/bin/env bash
# Where the time goes.
#
#   scripts/bench/profile.sh [mixed|english|non-latin] [text|encoding]
#
# 1. Instruction counts, which a busy machine does not disturb: valgrind's callgrind runs
#    fix_text (or fix_encoding) on each line of a 2 MB corpus (examples/count.rs) and prints
#    the functions that execute the most instructions. Where perf can count instructions
#    (`perf stat -e instructions true` works), perf stat gives them for the whole binary too.
# 2. A sampling profile of the textmend binary on the 24 MB corpus (perf record; on a
#    virtual machine without hardware counters perf samples the CPU clock).
# 3. Time by kind of line (mojibake, other fixes, clean ASCII, clean non-ASCII):
#    examples/groups.rs.
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${CARGO_TARGET_DIR:-target}
corpus=${1:-mixed}
call=${2:-text}
dir=${TMPDIR:-/tmp}/textmend-bench
small=${TMPDIR:-/tmp}/textmend-bench-2mb
cargo build --release -p textmend-cli -p textmend-bench --examples
[ -f "$dir/$corpus.txt" ] || "$target/release/throughput" --dir "$dir" --runs 1 --textmend '' >/dev/null
[ -f "$small/$corpus.txt" ] || "$target/release/throughput" --dir "$small" --mb 2 --runs 1 --textmend '' >/dev/null

echo "== instructions ($call, 2 MB $corpus corpus, callgrind)"
if command -v valgrind >/dev/null; then
  valgrind --tool=callgrind --callgrind-out-file="$small/callgrind.out" \
    "$target/release/examples/count" "$small/$corpus.txt" "$call" 2>&1 >/dev/null | grep Collected
  callgrind_annotate --inclusive=yes "$small/callgrind.out" | grep -E 'textmend::|memchr|from_utf8' | head -25
else
  echo "(valgrind is not installed: apt-get install valgrind)"
fi

bin="$target/release/textmend"
args=(-j 1)
[ "$call" = encoding ] && args+=(--encoding-only)
if perf stat -e instructions true >/dev/null 2>&1; then
  echo "== perf stat (24 MB $corpus corpus)"
  perf stat -e task-clock,instructions,cycles,branch-misses "$bin" "${args[@]}" "$dir/$corpus.txt" >/dev/null
fi
if command -v perf >/dev/null; then
  echo "== perf record (24 MB $corpus corpus, textmend ${args[*]})"
  perf record -q -o "$dir/perf.data" "$bin" "${args[@]}" "$dir/$corpus.txt" >/dev/null 2>&1
  perf report -i "$dir/perf.data" --no-children --stdio --sort comm,sym 2>/dev/null | grep '%' | grep -v '^ *|' | head -25
fi

echo "== fix_text by kind of line (mixed corpus, CPU time)"
"$target/release/examples/groups"
