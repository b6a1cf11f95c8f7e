#!/usr/bin/env bash
# Builds textmend and the benchmark in release mode and prints the throughput table that the
# README's "Performance" section reports.
#
#   scripts/bench/run.sh [throughput options]     e.g. --mb 24 --runs 3 --stream-mb 1000
#
# ftfy's command line is run on the same files when it is found: $FTFY, else `ftfy` on the
# PATH. `scripts/bench/run.sh --install-ftfy` first installs ftfy 6.3.1 into a scratch
# virtual environment under the target directory (needs python3 and PyPI).
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${CARGO_TARGET_DIR:-target}
if [ "${1:-}" = "--install-ftfy" ]; then
  shift
  python3 -m venv "$target/venv-ftfy"
  "$target/venv-ftfy/bin/pip" install --quiet 'ftfy==6.3.1'
  FTFY="$target/venv-ftfy/bin/ftfy"
fi
ftfy=${FTFY:-$(command -v ftfy || true)}

cargo build --release -p textmend-cli -p textmend-bench
exec "$target/release/throughput" --textmend "$target/release/textmend" --ftfy "$ftfy" "$@"
