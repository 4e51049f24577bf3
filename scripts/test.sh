#!/usr/bin/env bash
# Builds and runs every test: a -Werror build with the fast field arithmetic, the same suite
# under ASan+UBSan with the portable field arithmetic, short libFuzzer runs of every fuzz target
# (clang, ASan+UBSan; ctest label "fuzz"), and the clang-format check.
# Usage: scripts/test.sh [--quick]   (--quick: the first build only)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/install-deps.sh"
jobs=$(nproc)

run_suite() {
    local dir=$1
    shift
    echo "== configure $dir: $*"
    cmake -S "$root" -B "$dir" -G Ninja -DSEAL_WERROR=ON "$@" >/dev/null
    echo "== build $dir"
    cmake --build "$dir" -j "$jobs"
    echo "== test $dir"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

"$root/scripts/check-format.sh"
run_suite build/test-release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEAL_ASM=ON -DSEAL_INTEROP_FULL=ON
if [[ "${1:-}" != "--quick" ]]; then
    run_suite build/test-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEAL_ASM=OFF -DSEAL_SANITIZE=ON
    echo "== configure build/test-fuzz: CC=clang -DSEAL_FUZZ=ON -DSEAL_SANITIZE=ON"
    CC=clang cmake -S "$root" -B build/test-fuzz -G Ninja -DSEAL_WERROR=ON \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEAL_FUZZ=ON -DSEAL_SANITIZE=ON >/dev/null
    echo "== build build/test-fuzz (fuzz targets only)"
    cmake --build build/test-fuzz --target fuzz -j "$jobs"
    echo "== fuzz build/test-fuzz"
    ctest --test-dir build/test-fuzz -L fuzz --output-on-failure -j "$jobs"
fi
echo "== all tests passed"
