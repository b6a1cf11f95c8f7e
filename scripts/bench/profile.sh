#!/usr/bin/env bash
# Where the time goes: profiles the textmend binary on a benchmark corpus with perf (Debian's
# linux-perf), or with valgrind's callgrind where perf cannot count.
#
#   scripts/bench/profile.sh [mixed|english|non-latin] [textmend options]
#
# The corpora are the files `scripts/bench/run.sh` writes (by default to $TMPDIR/textmend-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${CARGO_TARGET_DIR:-target}
corpus=${1:-mixed}
shift || true
dir=${TMPDIR:-/tmp}/textmend-bench
file="$dir/$corpus.txt"
cargo build --release -p textmend-cli -p textmend-bench
[ -f "$file" ] || "$target/release/throughput" --dir "$dir" --mb 24 --runs 1 --textmend '' >/dev/null
bin="$target/release/textmend"
if perf stat -e instructions true >/dev/null 2>&1; then
  perf stat -e task-clock,instructions,cycles,branch-misses "$bin" "$@" "$file" >/dev/null
  perf record -o "$dir/perf.data" -g "$bin" "$@" "$file" >/dev/null
  perf report -i "$dir/perf.data" --no-children --stdio 2>/dev/null | grep '%' | head -40
else
  valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" "$bin" "$@" "$file" >/dev/null
  callgrind_annotate "$dir/callgrind.out" | head -60
fi
