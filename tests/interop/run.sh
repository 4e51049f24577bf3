#!/usr/bin/env bash
# Runs the interoperability tests: installs the pinned SDK when needed, then run.mjs.
# Usage: tests/interop/run.sh PATH/TO/seal [run.mjs options]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seal=$(realpath "${1:?usage: run.sh PATH/TO/seal}")
shift
cd "$here"
# npm ci when node_modules is missing or older than the lockfile
stamp=node_modules/.package-lock.json
if [[ ! -f node_modules/@mysten/seal/package.json || ! -f $stamp || package-lock.json -nt $stamp ]]; then
    echo "# npm ci (installing the pinned @mysten/seal)"
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node run.mjs --seal "$seal" "$@"
