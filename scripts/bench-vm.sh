#!/usr/bin/env bash
# VM benchmarks: each program in bench/ as AURA, CPython and Lua 5.4, run side by side with
# hyperfine (startup included). Prints the median times and their ratios.
#
# Side by side means interleaved: ROUNDS rounds (default 5), each running every interpreter
# twice, and the median of all 2 x ROUNDS runs. hyperfine runs all of one command's runs
# before the next command's, so with one block per interpreter a slow minute on a shared
# machine (this one drifts by +-30%) fell on one interpreter only and moved the ratio by as
# much: in six `make bench` runs of 2026-12-07 fib's AURA block was 50% slower in two while
# CPython's and Lua's were not (1.19-1.79x Lua). In rounds each interpreter sees each minute.
set -euo pipefail
cd "$(dirname "$0")/.."
AURA=$(realpath "${AURA:-$(swift build -c release --show-bin-path)/aura}")
ROUNDS=${ROUNDS:-5}
# The real interpreters, not wrapper shims (a pyenv shim adds ~0.1 s to every run).
PYTHON=${PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}
LUA=${LUA:-$(command -v lua5.4)}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The median of every run of each command across the rounds' JSON files.
medians() {
    python3 - "$@" <<'PY'
import json, statistics, sys
runs = [[], [], []]
for path in sys.argv[1:]:
    for i, result in enumerate(json.load(open(path))["results"]):
        runs[i] += result["times"]
print(" ".join("%.4f" % statistics.median(times) for times in runs))
PY
}
printf '%-10s %10s %10s %10s %12s %12s\n' benchmark aura python3 lua5.4 aura/python aura/lua
for name in fib sum lists strings text maps wordcount records jsondoc sqlite empty; do
    for round in $(seq "$ROUNDS"); do
        # One warm-up (page cache, CPU caches) before the first round; later rounds follow a round.
        warmup=$([ "$round" = 1 ] && echo 1 || echo 0)
        json="$out/$name.$round.json"
        hyperfine --style none --runs 2 --warmup "$warmup" -N --export-json "$json" \
            "$AURA run bench/$name.aura" "$PYTHON bench/$name.py" "$LUA bench/$name.lua" >/dev/null 2>&1 || \
        hyperfine --style none --runs 2 --warmup "$warmup" --export-json "$json" \
            "$AURA run bench/$name.aura" "$PYTHON bench/$name.py" "$LUA bench/$name.lua" >/dev/null
    done
    read -r a p l < <(medians "$out/$name".*.json)
    python3 - "$name" "$a" "$p" "$l" <<'PY'
import sys
name, a, p, l = sys.argv[1], *map(float, sys.argv[2:])
print(f"{name:<10} {a:9.4f}s {p:9.4f}s {l:9.4f}s {a/p:12.2f} {a/l:12.2f}")
PY
done
