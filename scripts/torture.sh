#!/usr/bin/env bash
# The long torture run of git aura's safety net (issue #12): random operations, SIGKILLs and
# concurrent-edit rounds, every step checked (fsck, no torn file, nothing displaced lost, undo
# possible). Prints the figures. Defaults: 100,000 operations, 1,000 kills, 1,000 rounds.
#   AURA_TORTURE_OPS=2000 AURA_TORTURE_KILLS=200 scripts/torture.sh   # a shorter run
#   AURA_TORTURE_SEED=123 scripts/torture.sh                          # another (replayable) seed
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
export AURA_TORTURE_OPS=${AURA_TORTURE_OPS:-100000}
export AURA_TORTURE_KILLS=${AURA_TORTURE_KILLS:-1000}
export AURA_TORTURE_ROUNDS=${AURA_TORTURE_ROUNDS:-1000}
# fsck gets slower as the history grows: every 25th step in the long run.
export AURA_TORTURE_FSCK_EVERY=${AURA_TORTURE_FSCK_EVERY:-25}
"$SWIFT" build --build-tests >/dev/null
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
"$SWIFT" test --skip-build --filter TortureTests >"$log" 2>&1
status=$?
set -e
grep -E "error:|failed \(" "$log" || true
echo "figures:"
grep -E "^torture" "$log" | sed 's/^/  /'
exit "$status"
