#!/usr/bin/env bash
# Front-end throughput: parse and parse+check of a generated 100k-line project (release build),
# with CPython's compile() on a same-size Python file side by side. Medians of 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
AURA=$(realpath "${AURA:-$(swift build -c release --show-bin-path)/aura}")
LINES=${LINES:-100000}
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen-project.py "$work/project" "$LINES"
actual=$(cat "$work"/project/*.aura | wc -l)

loaded=(); total=()
for _ in $(seq "$RUNS"); do
    out=$("$AURA" check --timings "$work/project" 2>&1 >/dev/null | tr -d ',')
    loaded+=("$(echo "$out" | awk '/^  files loaded/{print $3}')")
    total+=("$(echo "$out" | awk '/parse \+ check/{print $(NF-1)}' | tr -d '(')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

python3 - "$work" "$actual" <<'PY' > "$work/python.txt"
import sys, time
work, lines = sys.argv[1], int(sys.argv[2])
src = "".join(f"def f{i}(x):\n    return x * 2 + {i}\n" for i in range(lines // 2))
times = []
for _ in range(5):
    t = time.perf_counter(); compile(src, "gen.py", "exec"); times.append(time.perf_counter() - t)
times.sort()
print(int(src.count("\n") / times[2]))
PY
printf '\nFront end on %s generated lines (%s runs, median):\n' "$actual" "$RUNS"
printf '  %-32s %12s ms (checking overlaps parsing)\n' "aura: all files parsed" "$(median "${loaded[@]}")"
printf '  %-32s %12s lines/s\n' "aura parse + check" "$(median "${total[@]}")"
printf '  %-32s %12s lines/s\n' "python3 compile() (reference)" "$(cat "$work/python.txt")"
printf '  target: parse + check >= 1,000,000 lines/s\n'

# Whole processes side by side: `aura check` of the project vs `luac5.4 -p` of the same shapes
# written line for line in Lua (one file: luac aborts when given several with -p).
if command -v luac5.4 >/dev/null && command -v hyperfine >/dev/null; then
    python3 scripts/gen-project.py "$work/lua" "$LINES" --lua
    cat "$work"/lua/*.lua > "$work/all.lua"
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$work/luac.json" \
        -n "aura check" "$AURA check $work/project" -n "luac5.4 -p" "luac5.4 -p $work/all.lua" >/dev/null 2>&1
    python3 - "$work/luac.json" "$(cat "$work"/lua/*.lua | wc -l)" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
aura, luac = (r["median"] * 1000 for r in results)
print(f"  {'aura check (process)':<32} {aura:9.1f} ms")
print(f"  {'luac5.4 -p (process, ' + sys.argv[2] + ' lines)':<32} {luac:9.1f} ms")
print(f"  aura check / luac -p: {aura / luac:.2f}  (target <= 1.0)")
PY
fi
