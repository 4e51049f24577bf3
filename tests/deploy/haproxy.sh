#!/usr/bin/env bash
# ctest deploy_haproxy: two replicas of one key server behind HAProxy running the shipped
# docs/deploy/haproxy.cfg, the official SDK and the C client decrypting through it while one
# replica is killed (tests/interop/deploy.mjs, docs/deploy.md).
# Usage: tests/deploy/haproxy.sh PATH/TO/seal [deploy.mjs options]
# Without haproxy the test is skipped (exit 77), and without openssl its TLS part, except on CI
# (CI or SEAL_CI set), where scripts/install-deps.sh has installed both and their absence is a
# failure.
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
# TLS: a throw-away certificate for 127.0.0.1; a second HAProxy on the same file ends TLS with it
# (SEAL_LB_CERT), and the SDK, which trusts it through NODE_EXTRA_CA_CERTS, goes through that one.
tls=()
if command -v openssl >/dev/null; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
    cat "$tmp/cert.pem" "$tmp/key.pem" >"$tmp/lb.pem"
    export NODE_EXTRA_CA_CERTS=$tmp/cert.pem
    tls=(--tls-cert "$tmp/lb.pem")
elif [[ -n ${CI:-} || -n ${SEAL_CI:-} ]]; then
    echo "deploy_haproxy: openssl is not installed (scripts/install-deps.sh installs it)" >&2
    exit 1
else
    echo "# openssl is not installed: the TLS part is not run (scripts/install-deps.sh installs it)"
fi
cd "$root/tests/interop"
stamp=node_modules/.package-lock.json
if [[ ! -f node_modules/@mysten/seal/package.json || ! -f $stamp || package-lock.json -nt $stamp ]]; then
    echo "# npm ci (installing the pinned @mysten/seal)"
    npm ci --no-audit --no-fund --loglevel=error
fi
node deploy.mjs --seal "$seal" --haproxy "$haproxy" --config "$root/docs/deploy/haproxy.cfg" "${tls[@]}" "$@"
