#!/usr/bin/env bash
# `make bench`: every benchmark, release build, side by side with python3 and lua5.4 where a
# comparison exists. Numbers are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
# `make bench` has just run scripts/build-release.sh: these are the binaries `make install` installs.
bin=$(scripts/build-release.sh)
echo "== VM (aura run) vs CPython and Lua 5.4, medians"
AURA="$bin/aura" scripts/bench-vm.sh
echo
echo "== front end (aura check)"
AURA="$bin/aura" scripts/bench-frontend.sh
echo
echo "== language server (aura lsp, 10,000-line file)"
python3 scripts/bench-lsp.py "$bin/aura"
echo
echo "== heal latency (git aura heal, one-file fix, 100-file project)"
GIT_AURA="$bin/git-aura" scripts/bench-heal.sh
echo
echo "== pre-commit hook cost (1,000-file repository)"
BIN="$bin" scripts/bench-hooks.sh
if [ -x "$bin/git-aura" ] && [ -x scripts/bench-git.sh ]; then
    echo
    echo "== snapshot store (git aura)"
    GIT_AURA="$bin/git-aura" scripts/bench-git.sh
fi
