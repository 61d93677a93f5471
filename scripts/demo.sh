#!/usr/bin/env bash
# The main job on a temporary repository: a passing AURA project, a change that breaks it, the
# installed pre-commit hook blocks the commit, `git aura heal` repairs it (verified before it
# touches a file), the commit goes through, `git aura undo` / `redo` take the heal back and forth,
# a bug no rule can fix is healed by a model (the bundled loopback mock of the Claude API, so the
# demo never leaves this machine), and that heal is published as a branch with its PR body.
# Colour only on a terminal and never with NO_COLOR (the commands decide the same way).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$(swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
repo=$(mktemp -d /tmp/aura-demo-XXXXXX)
# Closing the mock's stdin ends it; the repository goes with the demo.
trap 'rm -rf "$repo"; [ -n "${MOCK_PID:-}" ] && kill "$MOCK_PID" 2>/dev/null || true' EXIT
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$'\033[1m'; plain=$'\033[0m'; else bold=; plain=; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
run() { printf '$ %s\n' "$*"; "$@"; }
# Hooks and CI give commands no terminal to answer on; neither does the demo (nothing waits).
exec </dev/null

cd "$repo"
git init -q -b main
git config user.email demo@example.com
git config user.name "AURA demo"
mkdir src
cat > src/report.aura <<'AURA'
@User { name:s active:b }

generate_report(users: [User]): s = users | filter(_.active) | map(_.name) | join(", ")

send!(text: s) = print!("sending: ${text}")

main = {
    users = [User { name: "Ana", active: true }, User { name: "Bo", active: false }]
    report = generate_report(users)
    send!(report)
}

test "only active users are reported" {
    assert_eq(generate_report([User { name: "Ana", active: true }]), "Ana")
}

test "names are separated by commas" {
    assert_eq(generate_report([User { name: "Ana", active: true }, User { name: "Cy", active: true }]), "Ana, Cy")
}
AURA
git add -A && git commit -qm "report"

step "a working project"
run aura test src
run aura run src/report.aura
good=$(git aura snapshot create -m "known good" | awk '{print $3}' | tr -d :)
echo "snapshot of the working state: $good"

step "a change (Bo becomes active) that also breaks it: a typo and a forgotten !"
sed -i 's/name: "Bo", active: false/name: "Bo", active: true/; s/report = generate_report(users)/report = generate_reprot(users)/; s/    send!(report)/    send(report)/' src/report.aura
run git diff --stat
set +e
run aura check src
echo "(exit $?: compile errors; each diagnostic carries a machine-applicable fix)"
set -e

step "the pre-commit hook blocks the broken commit"
run git aura hooks install
git add -A
set +e
run git commit -qm "Bo is active"
echo "(exit $?: the commit was blocked; nothing was committed)"
set -e

step "git aura status: what is wrong, and what healing would do under the policy"
set +e
run git aura status
set -e

step "git aura heal: fixes verified in memory (parse, types, tests, sandboxed run), then applied"
run git -c aura.policy=supervised aura heal --yes
run aura test src
run git log -1 --format=%B refs/aura/heal

step "the healed change commits"
git add -A
run git commit -qm "Bo is active"
run git log --oneline -2
run aura run src/report.aura

step "git aura undo: the broken text is back in the working tree, byte for byte"
run git aura undo
grep -q generate_reprot src/report.aura && echo "src/report.aura holds the broken edit again"

step "git aura redo"
run git aura redo
run aura check src

step "a bug no rule can fix: a test fails after a change to the separator"
sed -i 's/join(", ")/join(" ")/' src/report.aura
run git commit -qam "shorter report" --no-verify
echo "(--no-verify skipped the hook: broken code reached the branch, as it does when a hook is bypassed)"
set +e
run aura test src
echo "(exit $?: a failing test; the built-in rules have no fix for a wrong program)"
set -e

step "a model heal: the Claude Messages API, answered by the bundled loopback mock"
coproc MOCK { exec python3 "$root/Fixtures/servers/model_mock_server.py"; }
MOCK_PID=$MOCK_PID
read -r port <&"${MOCK[0]}"
fix='{"action": "patch", "confidence": 0.9, "explanation": "the report separates names with a comma and a space, as its test says",
      "edits": [{"file": "src/report.aura", "line": 3, "old_text": "join(\" \")", "new_text": "join(\", \")"}]}'
printf 'SCRIPT %s\n' "$(printf '{"steps": [{"fix": %s}], "expect_key": "demo-key"}' "$fix" | tr -d '\n')" >&"${MOCK[1]}"
read -r _ <&"${MOCK[0]}"
git config aura.claude.baseUrl "http://127.0.0.1:$port"
echo "(aura.claude.baseUrl = http://127.0.0.1:$port; the key comes from ANTHROPIC_API_KEY and is never stored)"
run env ANTHROPIC_API_KEY=demo-key git -c aura.policy=supervised aura heal --provider claude --yes
run aura test src

step "publish the model's heal for review: a branch on top of HEAD and its pull-request description"
run git aura publish --body-file "$repo/.git/pr-body.md"
run git log --oneline -1 "$(git for-each-ref --format='%(refname:short)' 'refs/heads/aura/heal/*' | head -1)"
echo "--- PR body ---"
cat "$repo/.git/pr-body.md"

step "snapshots: the known-good state is still one command away"
run git aura snapshots

step "everything is a commit on the hidden ref refs/aura/heal"
run git log --oneline refs/aura/heal
run git fsck --strict --no-progress --no-dangling
echo
echo "demo repository checked: git fsck is clean; nothing was lost."
