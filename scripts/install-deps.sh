#!/usr/bin/env bash
# Installs the system packages AURA needs, only those that are missing.
# Runs as root (or through sudo when available); never touches anything else.
set -euo pipefail

# man-db: `man aura` and `git aura --help` (git runs `man git-aura`); bash-completion: loads
# the installed completions, including git's for `git aura <TAB>`.
# prometheus-pushgateway: the tests push `git aura metrics --push` to a real gateway on loopback.
# neovim, emacs-nox, elpa-eglot: AuraEditorTests drive the editor packages in editors/ in the real
# editors, and both editors as LSP clients of `aura lsp`.
# libpq-dev, postgresql: +db on postgres:// (libpq is dlopen()ed at run time), and the tests start
# a real PostgreSQL server (initdb, pg_ctl) on loopback.
# lua-cjson, lua-sql-sqlite3: `make bench` runs its JSON and SQLite workloads in Lua too.
packages=(libgit2-dev libsqlite3-dev libcurl4-openssl-dev libpq-dev postgresql pkg-config git python3 python3-venv lua5.4 lua-cjson lua-sql-sqlite3 hyperfine man-db bash-completion prometheus-pushgateway neovim emacs-nox elpa-eglot)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if ((${#missing[@]})); then
    echo "aura: installing missing system packages: ${missing[*]}"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then SUDO="sudo"; else
            echo "aura: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Minimized Ubuntu images divert /usr/bin/man to a stub that only says so.
if dpkg-divert --list /usr/bin/man 2>/dev/null | grep -q "man.REAL"; then
    echo "aura: /usr/bin/man is the stub of a minimized image; run \`unminimize\` (or restore /usr/bin/man.REAL) for \`man aura\`" >&2
fi

# The tests validate `git aura ci --sarif` against the SARIF 2.1.0 schema with Python's
# jsonschema. Only when python3 lacks it: pip installs it into a virtual environment in AURA's
# cache (python3-venv; nothing system-wide), whose python3 the tests then use (CIHealTests).
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    venv="${XDG_CACHE_HOME:-$HOME/.cache}/aura/venv"
    if ! "$venv/bin/python3" -c 'import jsonschema' 2>/dev/null; then
        echo "aura: installing Python's jsonschema into $venv (for the SARIF tests)"
        python3 -m venv "$venv" && "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check jsonschema \
            || { echo "aura: could not install jsonschema into $venv" >&2; exit 1; }
    fi
fi

if ! command -v swift >/dev/null; then
    echo "aura: the Swift toolchain (6.0 or newer) is not on PATH; install it from swift.org and re-run" >&2
    exit 1
fi
