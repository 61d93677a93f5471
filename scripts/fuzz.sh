#!/usr/bin/env bash
# Coverage-guided fuzzing of the front end (lexer, parser, checker, renderers) with libFuzzer.
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
# Seeds come from Fixtures/; the growing corpus lives in .build/fuzz-corpus and crashers,
# timeouts and out-of-memory inputs in .build/fuzz-artifacts. Keep each one found (minimised
# with -minimize_crash=1) as a regression input in Fixtures/fuzz/, which `make test` replays.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
seconds=${1:-300}
shift || true
lock=${AURA_BUILD_LOCK:-/tmp/aura-build.lock}
build() { if command -v flock >/dev/null; then flock "$lock" "$@"; else "$@"; fi; }
build "$SWIFT" build -c release --scratch-path .build/fuzz \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DAURA_LIBFUZZER --product aura-fuzz
binary=.build/fuzz/release/aura-fuzz
corpus=.build/fuzz-corpus
artifacts=.build/fuzz-artifacts/
mkdir -p "$corpus" "$artifacts"
if [ -z "$(ls -A "$corpus")" ]; then
    find Fixtures -name '*.aura' | while read -r f; do cp "$f" "$corpus/$(echo "$f" | tr '/' '_')"; done
fi
# -timeout: an input over 5 s is a hang (release checks 1 MB in well under 1 s);
# -rss_limit_mb: runaway memory is a bug too; -max_len: mutants up to 64 KB.
exec "$binary" "$corpus" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$artifacts" -print_final_stats=1 "$@"
