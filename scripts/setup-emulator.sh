#!/usr/bin/env bash
# Install the AWS emulator (moto) used by Meerkat's emulator tests into a
# project-local virtualenv, and print the path of its `moto_server`.
#
#   scripts/setup-emulator.sh            # venv at <repo>/.venv
#   MEERKAT_VENV=/tmp/v scripts/setup-emulator.sh    # venv elsewhere
#   MEERKAT_PYTHON=python3.12 scripts/setup-emulator.sh  # another interpreter
#
# Idempotent: when the pinned version is already installed it only checks and
# prints the path. The crate meerkat-testkit runs this script itself when the
# venv is missing, so `cargo test` works on a fresh machine that has python3.
set -euo pipefail

# Pinned so every machine tests against the same emulator behaviour; bump it
# deliberately and re-run the emulator tests.
MOTO_VERSION="5.2.5"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${MEERKAT_VENV:-$repo_root/.venv}"
python="${MEERKAT_PYTHON:-python3}"

log() { printf 'setup-emulator: %s\n' "$*" >&2; }

installed_version() {
    [[ -x "$venv/bin/python" ]] || return 1
    "$venv/bin/python" - <<'PY' 2>/dev/null
from importlib.metadata import version
import flask, flask_cors  # moto[server] extras; absent when only plain moto is installed
print(version("moto"))
PY
}

if [[ "$(installed_version || true)" == "$MOTO_VERSION" && -x "$venv/bin/moto_server" ]]; then
    echo "$venv/bin/moto_server"
    exit 0
fi

if ! command -v "$python" >/dev/null 2>&1; then
    log "error: $python not found; install Python 3.9+ (Debian/Ubuntu: apt-get install python3 python3-venv)"
    exit 1
fi

# Two `cargo test` runs (or two shells) may set up the same venv at once; the
# second waits here and then finds the install done.
mkdir -p "$venv"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$venv/.setup-emulator.lock"
    flock 9
    if [[ "$(installed_version || true)" == "$MOTO_VERSION" && -x "$venv/bin/moto_server" ]]; then
        echo "$venv/bin/moto_server"
        exit 0
    fi
fi

if [[ ! -x "$venv/bin/python" ]]; then
    log "creating virtualenv at $venv"
    if ! "$python" -m venv "$venv"; then
        # Debian splits venv/ensurepip out of the python3 package.
        rm -rf "$venv/bin" "$venv/lib" "$venv/lib64" "$venv/include" "$venv/pyvenv.cfg"
        pyver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        log "error: '$python -m venv' failed; on Debian/Ubuntu install the venv module:"
        log "    apt-get install python3-venv   (or python${pyver}-venv)"
        exit 1
    fi
fi

log "installing moto[server]==$MOTO_VERSION into $venv"
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2; then
    log "error: pip could not install moto[server]==$MOTO_VERSION (no network or package index? see pip's message above)"
    exit 1
fi

got="$(installed_version || true)"
if [[ "$got" != "$MOTO_VERSION" || ! -x "$venv/bin/moto_server" ]]; then
    log "error: moto $MOTO_VERSION did not install correctly into $venv (found '${got:-nothing}')"
    exit 1
fi

echo "$venv/bin/moto_server"
