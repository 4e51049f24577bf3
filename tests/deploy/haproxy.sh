#!/usr/bin/env bash
# ctest deploy_haproxy: two replicas of one key server behind HAProxy running the shipped
# docs/deploy/haproxy.cfg, the official SDK and the C client decrypting through it while one
# replica is killed (tests/interop/deploy.mjs, docs/deploy.md).
# Usage: tests/deploy/haproxy.sh PATH/TO/seal [deploy.mjs options]
# Without haproxy the test is skipped (exit 77), except on CI (CI or SEAL_CI set), where
# scripts/install-deps.sh has installed it and its absence is a failure.
set -euo pipefail
seal=$(realpath "${1:?usage: tests/deploy/haproxy.sh PATH/TO/seal}")
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
haproxy=$(PATH=$PATH:/usr/sbin:/sbin command -v haproxy || true)
if [[ -z $haproxy ]]; then
    if [[ -n ${CI:-} || -n ${SEAL_CI:-} ]]; then
        echo "deploy_haproxy: haproxy is not installed (scripts/install-deps.sh installs it)" >&2
        exit 1
    fi
    echo "SKIP deploy_haproxy: haproxy is not installed (apt-get install haproxy, or scripts/install-deps.sh)"
    exit 77
fi
cd "$root/tests/interop"
stamp=node_modules/.package-lock.json
if [[ ! -f node_modules/@mysten/seal/package.json || ! -f $stamp || package-lock.json -nt $stamp ]]; then
    echo "# npm ci (installing the pinned @mysten/seal)"
    npm ci --no-audit --no-fund --loglevel=error
fi
exec node deploy.mjs --seal "$seal" --haproxy "$haproxy" --config "$root/docs/deploy/haproxy.cfg" "$@"
