#!/usr/bin/env bash
# Runs each fuzz target in turn, one at a time, for SECONDS each (default 900 = 15 minutes),
# and prints how many inputs each one executed. Needs cargo-fuzz and a nightly toolchain
# (or RUSTC_BOOTSTRAP=1 with stable: see README.md). Usage, from fuzz/:
#
#     ./run-all.sh [SECONDS] [TARGET...]
#
# Logs go to logs/TARGET.log; a crash leaves its input in artifacts/TARGET/.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-900}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list 2>/dev/null || cargo fuzz list)
toolchain=${FUZZ_TOOLCHAIN:-+nightly}
mkdir -p logs
[ -d corpus ] || python3 make_seeds.py >/dev/null
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # -timeout: an input that takes over 10 s is reported as a crash (a non-linear case).
  cargo $toolchain fuzz run "$t" -- -max_total_time="$seconds" -timeout=10 \
    -print_final_stats=1 >"logs/$t.log" 2>&1
  status=$?
  runs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | tail -1 | grep -o '[0-9]*$')
  echo "$t: exit $status, ${runs:-?} executions in ${seconds}s"
done
