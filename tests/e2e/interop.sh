#!/usr/bin/env bash
# ctest interop_e2e: the official SDK end to end against our stack (tests/interop/e2e.mjs).
# Installs the pinned SDK when needed (as tests/interop/run.sh does), then runs e2e.mjs.
# Usage: tests/e2e/interop.sh PATH/TO/seal [e2e.mjs options]
set -euo pipefail
seal=$(realpath "${1:?usage: tests/e2e/interop.sh PATH/TO/seal}")
shift
cd "$(dirname "$0")/../interop"
stamp=node_modules/.package-lock.json
if [[ ! -f node_modules/@mysten/seal/package.json || ! -f $stamp || package-lock.json -nt $stamp ]]; then
    echo "# npm ci (installing the pinned @mysten/seal)"
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node e2e.mjs --seal "$seal" "$@"
