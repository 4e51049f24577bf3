#!/usr/bin/env bash
# Regenerates the differential data with the pinned @noble/curves and fails when it differs from
# the committed tests/vectors/noble/*.json. Installs the pinned packages when needed.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.package-lock.json
if [[ ! -f node_modules/@noble/curves/package.json || ! -f $stamp || package-lock.json -nt $stamp ]]; then
    echo "# npm ci (installing the pinned @noble/curves and @noble/hashes)"
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node gen.mjs --check
