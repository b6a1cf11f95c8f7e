#!/usr/bin/env bash
# Peak memory of the textmend command on three large inputs it must stream in constant memory:
# 1 GB of mixed text, one line of 200 MB, and 10 million tiny lines. Prints, for each, the
# peak resident memory (/usr/bin/time -v) and the wall time. The inputs are generated in
# /tmp (TMPDIR) and removed at the end.
#
#   scripts/cli_memory.sh            # all three, with all cores
#   JOBS=1 scripts/cli_memory.sh     # with -j 1
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (for /usr/bin/time -v)" >&2
  (apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }) \
    || { echo "cannot install GNU time; install it (apt-get install time) and rerun" >&2; exit 1; }
fi

target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p textmend-cli
bin="$target/release/textmend"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/textmend-memory.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
jobs=${JOBS:-$(nproc)}

python3 - "$tmp" <<'PY'
import os, sys
tmp = sys.argv[1]
# A block of lines of every kind the fixes meet: clean English, mojibake of several code
# pages, entities, curly quotes, CJK, Cyrillic, long and short lines.
lines = [
    "The quick brown fox jumps over the lazy dog, again and again.",
    "The cafÃ© on the corner sells crÃ¨me brÃ»lÃ©e for â‚¬4.",
    "Fish &amp; chips &mdash; &pound;5 and \u201ccurly\u201d quotes.",
    "Р СџРЎР‚Р С‘Р Р†Р ВµРЎвЂљ, how are you?",
    "日本語のテキストと中文的文本，一起出现在这里。",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "short",
    "",
]
block = ("\n".join(lines) + "\n").encode("utf-8")
def write(name, size, data):
    # Whole copies of `data` (so that no character is cut), then ASCII up to `size`.
    with open(os.path.join(tmp, name), "wb") as f:
        chunk = data * max(1, (8 << 20) // len(data))
        left = size
        while left >= len(chunk):
            f.write(chunk)
            left -= len(chunk)
        f.write(data * (left // len(data)))
        f.write(b"x" * (left % len(data)))
write("big.txt", 1 << 30, block)
# One line of 200 MB: the same text with its line breaks turned into spaces.
write("long-line.txt", 200 << 20, block.replace(b"\n", b" "))
with open(os.path.join(tmp, "long-line.txt"), "ab") as f:
    f.write(b"\n")
# 10 million tiny lines.
with open(os.path.join(tmp, "tiny.txt"), "wb") as f:
    f.write(b"x\n" * 10_000_000)
PY

printf '%-40s %12s %10s %10s\n' "input" "size (MB)" "peak MiB" "seconds"
for name in big.txt long-line.txt tiny.txt; do
  file="$tmp/$name"
  size=$(( $(stat -c %s "$file") / 1000000 ))
  /usr/bin/time -v -o "$tmp/time.txt" "$bin" -j "$jobs" "$file" > /dev/null
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
  wall=$(awk '/Elapsed \(wall clock\)/ {print $NF}' "$tmp/time.txt")
  printf '%-40s %12s %10.1f %10s\n' "$name (-j $jobs)" "$size" "$(awk -v kb="$rss_kb" 'BEGIN { print kb / 1024 }')" "$wall"
done
