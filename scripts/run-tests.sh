#!/usr/bin/env bash
# Runs the whole test suite and ends with a plain "N passed, N failed" line.
# Exit status is swift test's own: a failure anywhere fails the run.
set -uo pipefail
SWIFT=${SWIFT:-swift}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The manual generator swift-argument-parser's generate-manual plugin runs; ManualPageTests runs
# it on the built binaries (a few seconds once built; offline).
# Only the configuration is passed on: the other arguments may be test filters.
config=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        -c|--configuration) config=("${args[i]}" "${args[i + 1]:-debug}") ;;
    esac
done
"$SWIFT" build --product generate-manual "${config[@]}" >/dev/null || { echo "cannot build generate-manual" >&2; exit 1; }
"$SWIFT" test --skip-build "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Not anchored: a test's own output may share its line (a child process writing unbuffered).
passed=$(grep -oE "Test Case '[^']+' passed" "$log" | wc -l)
failed=$(grep -oE "Test Case '[^']+' failed" "$log" | wc -l)
# The heal corpus's own figures (fixed / untouched / wrong), from HealFixtureTests.
grep -E "^heal corpus:" "$log" || true
echo "tests: ${passed} passed, ${failed} failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "no test ran" >&2
    exit 1
fi
exit "$status"
