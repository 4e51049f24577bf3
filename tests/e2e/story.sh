#!/usr/bin/env bash
# ctest e2e_story: the main job's story (scripts/localnet-demo.sh) against the seal binary under
# test, with the extra checks (--extended): weighted key servers, Bob refused after his removal
# from the allowlist, a cap used by someone who does not own it.
# Usage: tests/e2e/story.sh PATH/TO/seal
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seal=$(realpath "${1:?usage: tests/e2e/story.sh PATH/TO/seal}")
exec bash "$here/../../scripts/localnet-demo.sh" --extended "$seal"
