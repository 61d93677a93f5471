#!/usr/bin/env bash
# Cost of the AURA pre-commit hook on a generated 1,000-file AURA repository: `git commit` with
# no hook vs with the hook, for (a) an already-verified tree and (b) a one-file change.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build `make install` installs (`make bench` passes it as BIN).
bin=$(realpath "${BIN:-$(scripts/build-release.sh)}")
export PATH="$bin:$PATH"
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q -b main && git config user.email bench@example.com && git config user.name bench
mkdir src
for i in $(seq 0 999); do
    printf 'f%d(x: i): i = x * %d + 1\n\ntest "f%d" {\n    assert_eq(f%d(1), %d)\n}\n' "$i" "$i" "$i" "$i" "$((i + 1))" > "src/m$i.aura"
done
git add -A && git commit -qm init
change='n=$(( $(cat .n 2>/dev/null || echo 0) + 1 )); echo $n > .n; printf "g(x: i): i = x + %d\n" $n > src/m0.aura; git add src/m0.aura'
run() { hyperfine --style none --runs 15 --warmup 2 -N --export-json "$1" --prepare "$2" "$3" >/dev/null 2>&1 || \
        hyperfine --style none --runs 15 --warmup 2 --export-json "$1" --prepare "$2" "$3" >/dev/null; \
        python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$1"; }
a0=$(run /tmp/a0.json "true" "git commit -q --allow-empty -m a")
b0=$(run /tmp/b0.json "$change" "git commit -q -m b")
git aura hooks install >/dev/null
git aura hook pre-commit   # verify HEAD's tree once, so (a) is a cache hit
a1=$(run /tmp/a1.json "true" "git commit -q --allow-empty -m a")
b1=$(run /tmp/b1.json "$change" "git commit -q -m b")
printf '%-44s %10s %10s %10s\n' "git commit (1,000-file repository)" "no hook" "aura hook" "added"
printf '%-44s %8s ms %8s ms %8.1f ms\n' "(a) already-verified tree" "$a0" "$a1" "$(echo "$a1 - $a0" | bc)"
printf '%-44s %8s ms %8s ms %8.1f ms\n' "(b) one-file change (whole project verified)" "$b0" "$b1" "$(echo "$b1 - $b0" | bc)"
