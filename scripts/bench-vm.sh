#!/usr/bin/env bash
# VM benchmarks: each program in bench/ as AURA, CPython and Lua 5.4, run side by side with
# hyperfine (median of at least 5 runs, startup included). Prints times and ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
AURA=$(realpath "${AURA:-$(swift build -c release --show-bin-path)/aura}")
RUNS=${RUNS:-5}
# The real interpreters, not wrapper shims (a pyenv shim adds ~0.1 s to every run).
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
LUA=${LUA:-$(command -v lua5.4)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join('%.4f' % x['median'] for x in r))" "$1"; }
printf '%-10s %10s %10s %10s %12s %12s\n' benchmark aura python3 lua5.4 aura/python aura/lua
for name in fib sum lists strings text maps wordcount records jsondoc sqlite empty; do
    hyperfine --style none --runs "$RUNS" --warmup 1 -N --export-json "$out/$name.json" \
        "$AURA run bench/$name.aura" "$PYTHON bench/$name.py" "$LUA bench/$name.lua" >/dev/null 2>&1 || \
    hyperfine --style none --runs "$RUNS" --warmup 1 --export-json "$out/$name.json" \
        "$AURA run bench/$name.aura" "$PYTHON bench/$name.py" "$LUA bench/$name.lua" >/dev/null
    read -r a p l < <(median "$out/$name.json")
    python3 - "$name" "$a" "$p" "$l" <<'PY'
import sys
name, a, p, l = sys.argv[1], *map(float, sys.argv[2:])
print(f"{name:<10} {a:9.4f}s {p:9.4f}s {l:9.4f}s {a/p:12.2f} {a/l:12.2f}")
PY
done
