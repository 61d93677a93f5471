#!/usr/bin/env bash
# Git-side benchmarks (release build, hyperfine medians):
#   1. snapshot of a 10,000-file repository with a handful of changed files:
#      `git aura snapshot create` vs `git stash create` vs `git add -A && git write-tree`
#      on a temporary index;
#   2. `git aura undo` of a 5-file change at 1,000 vs 10,000 files (must not grow with size).
# Usage: scripts/bench-git.sh [runs]   (needs hyperfine and jq)
set -euo pipefail
RUNS=${1:-20}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SWIFT=${SWIFT:-swift}
command -v hyperfine >/dev/null || { echo "bench-git: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
command -v jq >/dev/null || { echo "bench-git: jq is not installed (apt-get install jq)" >&2; exit 1; }

# Hold the shared build lock for the whole run: a compile on the other core would skew timings.
exec 9>/tmp/aura-swift-build.lock
flock 9
# The binary `make install` installs: `make bench` passes it, run alone this builds it the same way.
if [ -n "${GIT_AURA:-}" ]; then
    BIN=$(cd "$(dirname "$GIT_AURA")" && pwd)
else
    echo "building git-aura (scripts/build-release.sh)..." >&2
    BIN=$(SWIFT="$SWIFT" "$ROOT/scripts/build-release.sh")
fi
export PATH="$BIN:$PATH"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null NO_COLOR=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

# make_repo DIR FILES: FILES files of ~200 bytes in 100-file directories, committed, index refreshed.
make_repo() {
    local dir=$1 files=$2
    mkdir -p "$dir" && cd "$dir"
    git init -q -b main
    python3 - "$files" <<'PY'
import os, sys
n = int(sys.argv[1])
for i in range(n):
    d = f"src/d{i // 100:03d}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/f{i:05d}.aura", "w") as f:
        f.write(f"fn f{i}(x: Int) -> Int {{\n" + "  x + 1\n" * 20 + "}\n")
PY
    # Files written in the same second as the index are "racily clean" and re-hashed on every
    # scan by git and libgit2 alike; real working trees are older than their index.
    sleep 1.1
    git add -A && git -c gc.auto=0 commit -q -m "generated $files files"
    git gc -q   # packed, like real repositories (and no background auto-gc during the runs)
    git update-index -q --refresh
    cd - >/dev/null
}

# change DIR: append to 8 tracked files, add 2 untracked ones (file i lives in src/d<i/100>/).
change() {
    local dir=$1
    for i in 7 123 2048 4096 5000 6001 8191 9999; do
        echo "// edited $RANDOM" >> "$(printf "%s/src/d%03d/f%05d.aura" "$dir" $((i / 100)) "$i")"
    done
    echo "new" > "$dir/src/new1.aura"; echo "new" > "$dir/src/new2.aura"
}

median_ms() { jq -r ".results[$2].median * 1000 | . * 10 | round / 10" "$1"; }

echo "generating repositories..." >&2
make_repo "$WORK/r10k" 10000
make_repo "$WORK/r1k" 1000
change "$WORK/r10k"

cd "$WORK/r10k"
cp .git/index "$WORK/tmp-index"
# In interleaved rounds of 4 runs each (RUNS in all), as scripts/bench-vm.sh does and for the
# same reason: with one block of runs per command a slow minute fell on one command only.
ROUNDS=$(( (RUNS + 3) / 4 ))
for round in $(seq "$ROUNDS"); do
    hyperfine -N --warmup "$([ "$round" = 1 ] && echo 3 || echo 0)" --runs 4 --export-json "$WORK/snap.$round.json" \
        -n "git aura snapshot create" "git-aura snapshot create -m bench" \
        -n "git stash create" "git stash create" \
        -n "git write-tree (temp index)" "bash -c 'cp $WORK/tmp-index $WORK/idx && GIT_INDEX_FILE=$WORK/idx git add -A && GIT_INDEX_FILE=$WORK/idx git write-tree'" \
        >/dev/null   # per-round lines: the medians of all rounds are printed below
done
jq -s '{results: [range(3) as $i | {median: ([.[].results[$i].times[]] | sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end)}]}' \
    "$WORK"/snap.*.json > "$WORK/snap.json"

# undo_bench DIR: a restore that rewrites 5 files is prepared before each run; the run undoes it.
undo_bench() {
    local dir=$1 out=$2
    cd "$dir"
    git checkout -q -- . && git clean -fdq   # same starting point in both repositories
    for f in $(git ls-files | head -5); do echo "// changed" >> "$f"; done
    local id
    id=$(git-aura snapshot create -m changed --json | jq -r .id)
    git checkout -q -- .
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$out" \
        --prepare "git-aura snapshot restore $id" -n "git aura undo ($(git ls-files | wc -l | tr -d ' ') files)" "git-aura undo" >&2
    cd - >/dev/null
}
undo_bench "$WORK/r1k" "$WORK/undo1k.json"
undo_bench "$WORK/r10k" "$WORK/undo10k.json"
( cd "$WORK/r10k" && git fsck --strict --no-progress >&2 )

aura=$(median_ms "$WORK/snap.json" 0); stash=$(median_ms "$WORK/snap.json" 1); wt=$(median_ms "$WORK/snap.json" 2)
u1=$(median_ms "$WORK/undo1k.json" 0); u10=$(median_ms "$WORK/undo10k.json" 0)
printf '\n%-52s %10s\n' "benchmark (median of $RUNS, snapshot rows in $ROUNDS rounds; release, startup included)" "ms"
printf '%-52s %10s\n' "git aura snapshot create (10k files, 8+2 changed)" "$aura"
printf '%-52s %10s\n' "git stash create (same repo)" "$stash"
printf '%-52s %10s\n' "git add -A && git write-tree, temp index" "$wt"
printf '%-52s %10s\n' "git aura undo, 5 paths, 1k-file repo" "$u1"
printf '%-52s %10s\n' "git aura undo, 5 paths, 10k-file repo" "$u10"
printf 'snapshot / stash ratio: %s   undo 10k / 1k ratio: %s\n' \
    "$(echo "scale=2; $aura / $stash" | bc)" "$(echo "scale=2; $u10 / $u1" | bc)"
