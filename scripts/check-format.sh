#!/usr/bin/env bash
# Fails when a C source or header differs from .clang-format.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || true)
if [[ ${#files[@]} -eq 0 ]]; then
    mapfile -t files < <(find include src tests bench fuzz -name '*.[ch]' 2>/dev/null)
fi
[[ ${#files[@]} -eq 0 ]] && exit 0
if ! clang-format --dry-run --Werror "${files[@]}"; then
    echo "check-format: run 'clang-format -i' on the files above" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files clean"
