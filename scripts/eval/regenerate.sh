#!/usr/bin/env bash
# Regenerates tests/data/eval/eval.jsonl.gz, the evaluation corpus of the repairs beyond ftfy
# with ftfy 6.3.1's answers. Needs a Python with ftfy 6.3.1 and Faker 40.63.0, given as the
# first argument or as FTFY_PYTHON (CI never runs this):
#
#   python3 -m venv /tmp/venv-ftfy
#   /tmp/venv-ftfy/bin/pip install ftfy==6.3.1 faker==40.63.0
#   scripts/eval/regenerate.sh /tmp/venv-ftfy/bin/python
set -euo pipefail

python="${1:-${FTFY_PYTHON:-}}"
if [[ -z "$python" ]]; then
    echo "usage: $0 PYTHON (a Python with ftfy 6.3.1 and faker 40.63.0), or set FTFY_PYTHON" >&2
    exit 2
fi

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$root/tests/data/eval"
"$python" "$root/scripts/eval/gen_corpus.py" --out "$work/corpus.jsonl"
"$python" "$root/scripts/eval/ftfy_reference.py" --corpus "$work/corpus.jsonl" \
    --out "$root/tests/data/eval/eval.jsonl.gz"
