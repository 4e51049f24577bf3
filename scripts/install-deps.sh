#!/usr/bin/env bash
# Installs the Debian packages the project needs, when they are missing.
# As root it uses apt-get; otherwise it says what to install and exits non-zero.
set -euo pipefail

packages=(cmake ninja-build gcc pkg-config clang-format valgrind
          libssl-dev libsodium-dev libjansson-dev libcmocka-dev
          libcurl4-openssl-dev libmicrohttpd-dev libnghttp2-dev libsqlite3-dev libyaml-dev
          libseccomp-dev # the sandbox of seal server / seal aggregator
          nodejs npm wrk curl python3
          # gRPC tests and benchmark: h2load; gRPC's reference implementation for Python with
          # protoc 3.21 and its gRPC plugin (proto3 `optional`); Ed25519 signatures in Python
          nghttp2-client python3-grpcio protobuf-compiler protobuf-compiler-grpc python3-protobuf
          python3-cryptography
          # the Python package (python/): its tests and its offline wheel build
          python3-pytest python3-build python3-setuptools python3-wheel python3-pip
          groff-base man-db  # man pages: groff -ww lint, lexgrog (whatis)
          doxygen            # API reference (target docs-api, test docs_api)
          dpkg-dev systemd   # Debian packages: dpkg-shlibdeps (CPack), systemd-analyze verify/security
          haproxy openssl # docs/deploy.md: replicas behind a load balancer (test deploy_haproxy)
          clang libclang-rt-14-dev) # clang + libclang_rt.fuzzer/asan/ubsan for the fuzz stage

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        # Node.js may come from outside Debian's packages: accept any working node/npm.
        if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
        if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
        missing+=("$p")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all packages present"
    exit 0
fi

echo "install-deps: missing: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        SUDO=sudo
    else
        echo "install-deps: run as root, or: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
