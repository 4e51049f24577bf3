#!/usr/bin/env bash
# ctest e2e_story: the main job's story (scripts/localnet-demo.sh) against the seal binary under
# test, with the extra checks (--extended): the ledger file and JSON-RPC agree, parallel
# decryptions, weighted key servers, a stopped server restarted, the subscription policy expiring
# with the Clock, Bob refused after his removal from the allowlist, a cap used by a non-owner.
# Not here: an expired session (the CLI makes sessions "now"; tests/interop/e2e.mjs writes one
# with the SDK, signed with a past creation time, and checks both the CLI and the servers).
# Usage: tests/e2e/story.sh PATH/TO/seal
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seal=$(realpath "${1:?usage: tests/e2e/story.sh PATH/TO/seal}")
exec bash "$here/../../scripts/localnet-demo.sh" --extended "$seal"
