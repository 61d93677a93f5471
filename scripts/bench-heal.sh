#!/usr/bin/env bash
# Heal latency: a one-file rules fix (missing `!`) in a generated 100-file project with 100
# tests, end to end (snapshot, verification of the whole project in memory, heal commit,
# write). Release build; hyperfine median; the file is broken again before every run.
set -euo pipefail
cd "$(dirname "$0")/.."
GIT_AURA=$(realpath "${GIT_AURA:-$(swift build -c release --show-bin-path)/git-aura}")
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
cd "$repo"
git init -q -b main && git config user.email bench@example.com && git config user.name bench && git config aura.policy supervised
mkdir src
for i in $(seq 0 99); do
    printf 'f%d(x: i): i = x * %d + 1\n\ntest "f%d" {\n    assert_eq(f%d(1), %d)\n}\n' "$i" "$i" "$i" "$i" "$((i + 1))" > "src/m$i.aura"
done
printf 'main = print!(1)\n' > src/main.aura
git add -A && git commit -qm init
hyperfine --style basic --runs 15 --warmup 2 \
    --prepare "sed -i 's/main = print!(1)/main = print(1)/' src/main.aura" \
    "$GIT_AURA heal --yes --color never" | grep -E "Time|Range"
git diff --quiet src/main.aura || { echo "heal did not restore src/main.aura" >&2; exit 1; }
