#!/usr/bin/env bash
# ctest e2e_committee: the committee story (scripts/committee-demo.sh) against the seal binary
# under test. Usage: tests/e2e/committee.sh PATH/TO/seal
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seal=$(realpath "${1:?usage: tests/e2e/committee.sh PATH/TO/seal}")
exec bash "$here/../../scripts/committee-demo.sh" "$seal"
