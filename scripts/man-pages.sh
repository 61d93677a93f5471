#!/usr/bin/env bash
# Turns the pages swift-argument-parser's generate-manual plugin wrote (git-aura.heal.1,
# git-aura.snapshot.create.1, ...) into git's naming: git-aura-heal.1, git-aura-snapshot-create.1,
# as git-lfs does, so `man git-aura-heal` finds them. The pages of the built-in `help`
# subcommands are left out, and blank lines (paragraphs in the commands' discussions) become .Pp.
#
#   scripts/man-pages.sh SOURCE_DIR... OUT_DIR
#
# Each SOURCE_DIR holds .1 files (the plugin's outputs/<target> directories); OUT_DIR receives
# the renamed pages.
set -euo pipefail
if [ "$#" -lt 2 ]; then
    echo "usage: scripts/man-pages.sh SOURCE_DIR... OUT_DIR" >&2
    exit 64
fi
out=${*: -1}
mkdir -p "$out"
count=0
for source in "${@:1:$#-1}"; do
    for page in "$source"/*.1; do
        [ -e "$page" ] || { echo "man-pages: no .1 files in $source (run: swift package generate-manual --multi-page)" >&2; exit 66; }
        base=$(basename "$page" .1)
        case "$base" in *.help) continue ;; esac
        # .Dt GIT-AURA.HEAL 1 -> GIT-AURA-HEAL; .Xr git-aura.heal 1 -> git-aura-heal; no help page.
        sed -e '/^\.Xr [^ ]*\.help 1/d' \
            -e '/^\.Dt /{s/\./-/g;s/^-Dt/.Dt/;}' \
            -e '/^\.Xr /{s/\./-/g;s/^-Xr/.Xr/;}' \
            -e "s/^$/.Pp/" \
            "$page" > "$out/${base//./-}.1"
        count=$((count + 1))
    done
done
echo "man-pages: $count pages in $out"
