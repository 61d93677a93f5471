#!/usr/bin/env bash
# The main job on a temporary repository: a passing AURA project, a change that breaks it, the
# pre-commit hook blocks the commit, `git aura heal` repairs it (verified before it touches a
# file), the commit goes through, and `git aura undo` / `redo` take the heal back and forth.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build -c release --show-bin-path)
export PATH="$bin:$PATH"
repo=$(mktemp -d /tmp/aura-demo-XXXXXX)
trap 'rm -rf "$repo"' EXIT
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

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
run aura check src --color always
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
run git aura status --color always
set -e

step "git aura heal: fixes verified in memory (parse, types, tests, sandboxed run), then applied"
run git -c aura.policy=supervised aura heal --yes --color always
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

step "snapshots: the known-good state is still one command away"
run git aura snapshots

step "everything is a commit on the hidden ref refs/aura/heal"
run git log --oneline refs/aura/heal
run git fsck --strict --no-progress --no-dangling
echo
echo "demo repository checked: git fsck is clean; nothing was lost."
