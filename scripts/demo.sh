#!/usr/bin/env bash
# The main job on a temporary repository: a passing AURA project, a change that breaks it,
# diagnostics with fixes, and the git safety net (snapshot, restore, undo, redo).
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

step "a change breaks it: a typo and a forgotten !"
sed -i 's/report = generate_report(users)/report = generate_reprot(users)/; s/    send!(report)/    send(report)/' src/report.aura
run git diff --stat
set +e
run aura check src --color always
echo "(exit $?: compile errors; each diagnostic carries a machine-applicable fix)"
set -e

step "the safety net: restore the working state (the broken one is snapshotted first)"
run git aura snapshot restore "$good"
run aura test src

step "undo the restore: the broken edit is back, byte for byte"
run git aura undo
grep -q generate_reprot src/report.aura && echo "src/report.aura holds the broken edit again"
step "redo"
run git aura redo
run aura check src

step "everything is a commit on the hidden ref refs/aura/heal"
run git log --oneline refs/aura/heal
run git fsck --strict --no-progress
echo
echo "demo repository checked: git fsck is clean; nothing was lost."
