#!/usr/bin/env bash
# Builds the Python package's wheel and sdist offline with Debian's tools (python3-build,
# python3-setuptools, python3-wheel; --no-isolation: nothing is downloaded), installs the wheel
# with pip into a temporary folder and uses the installed copy from elsewhere against the
# library under test. Usage: wheel.sh PYTHON3 PATH/TO/libseal.so.0
set -euo pipefail
py=$1
lib=$2
src=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/seal-py-wheel.XXXXXX")
trap 'rm -rf "$W"' EXIT
# build from a copy: setuptools writes build/ and *.egg-info next to the sources
mkdir "$W/src"
cp -r "$src/pyproject.toml" "$src/README.md" "$src/seal" "$W/src/"
find "$W/src" -name __pycache__ -prune -exec rm -rf {} +
"$py" -m build --no-isolation --wheel --sdist --outdir "$W/dist" "$W/src" >"$W/build.log" 2>&1 || {
    tail -20 "$W/build.log" >&2
    echo "wheel: python3 -m build failed" >&2
    exit 1
}
shopt -s nullglob
whls=("$W"/dist/seal_in_c-*-py3-none-any.whl)
sdists=("$W"/dist/seal[-_]in[-_]c-*.tar.gz)
[[ ${#whls[@]} == 1 && ${#sdists[@]} == 1 ]] || { echo "wheel: expected one wheel and one sdist in: $(ls "$W/dist")" >&2; exit 1; }
whl=${whls[0]}
sdist=${sdists[0]}
tar -tzf "$sdist" >"$W/sdist.list"
for f in seal/__init__.py seal/_lib.py seal/_buffers.py seal/core.py seal/client.py seal/errors.py; do
    "$py" -c 'import sys, zipfile; sys.exit(sys.argv[2] not in zipfile.ZipFile(sys.argv[1]).namelist())' "$whl" "$f" ||
        { echo "wheel: $f missing from $(basename "$whl")" >&2; exit 1; }
    grep -q "/$f$" "$W/sdist.list" || { echo "wheel: $f missing from the sdist" >&2; exit 1; }
done
PIP_NO_INDEX=1 "$py" -m pip install --quiet --no-deps --no-warn-script-location \
    --disable-pip-version-check --target "$W/site" "$whl" 2>"$W/pip.err" ||
    { cat "$W/pip.err" >&2; exit 1; }
cd "$W"
PYTHONPATH="$W/site" SEAL_LIBRARY="$lib" PYTHONDONTWRITEBYTECODE=1 "$py" - "$W/site" <<'PY'
import os, sys
import seal
assert os.path.dirname(seal.__file__) == os.path.join(sys.argv[1], "seal"), seal.__file__
msk, pk = seal.keygen()
srv = [seal.KeyServer(b"\x07" * 32, pk)]
obj = seal.encrypt(b"installed", package_id=b"\x01" * 32, id=b"w", servers=srv, threshold=1)
usk = seal.extract(msk, b"\x01" * 32, b"w")
assert seal.decrypt(obj, {b"\x07" * 32: usk}, public_keys=srv) == b"installed"
print("wheel: %s installed and used (%s)" % (os.path.basename(sys.argv[1]), seal.LIBRARY_PATH))
PY
echo "wheel: built $(basename "$whl") and $(basename "$sdist") offline"
