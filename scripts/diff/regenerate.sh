#!/usr/bin/env bash
# Regenerates tests/data/diff/ftfy-6.3.1.jsonl.gz, the expectations of the differential test
# against ftfy. Needs a Python with ftfy 6.3.1 and Faker 40.63.0, given as the first argument
# or as FTFY_PYTHON (ftfy is not a dependency of textmend; CI never runs this):
#
#   python3 -m venv /tmp/venv-ftfy
#   /tmp/venv-ftfy/bin/pip install ftfy==6.3.1 faker==40.63.0
#   scripts/diff/regenerate.sh /tmp/venv-ftfy/bin/python
set -euo pipefail

python="${1:-${FTFY_PYTHON:-}}"
if [[ -z "$python" ]]; then
    echo "usage: $0 PYTHON (a Python with ftfy 6.3.1 and faker 40.63.0), or set FTFY_PYTHON" >&2
    exit 2
fi

root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$python" "$root/scripts/diff/gen_corpus.py" --out "$work/corpus.jsonl"
"$python" "$root/scripts/diff/ftfy_reference.py" --corpus "$work/corpus.jsonl" \
    --out "$root/tests/data/diff/ftfy-6.3.1.jsonl.gz"
