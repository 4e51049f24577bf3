#!/usr/bin/env bash
# Builds and runs every test: a -Werror build with the fast field arithmetic, the same suite
# under ASan+UBSan with the portable field arithmetic, and the clang-format check.
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
run_suite build/test-release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEAL_ASM=ON
if [[ "${1:-}" != "--quick" ]]; then
    run_suite build/test-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEAL_ASM=OFF -DSEAL_SANITIZE=ON
fi
echo "== all tests passed"
