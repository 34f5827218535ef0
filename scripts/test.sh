#!/usr/bin/env bash
# Installs what Meerkat's tests need (the moto emulator in .venv) and runs every test
# of the workspace. This is the README's test command and what CI runs.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

# Build output is kept outside the clone so that a fresh clone on the same machine
# (as CI makes) reuses it; a fresh machine builds from nothing.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/meerkat/target}"

if ! command -v cargo >/dev/null 2>&1; then
    echo "test.sh: cargo not found; install Rust (https://rustup.rs)" >&2
    exit 1
fi
scripts/setup-emulator.sh >/dev/null
cargo test --workspace --locked "$@"
