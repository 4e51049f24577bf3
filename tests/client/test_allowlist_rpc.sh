#!/usr/bin/env bash
# The allowlist story (allowlist_story.sh) with the chain served by `seal localnet serve`: the
# CLI, the transactions and the key servers all reach it over Sui JSON-RPC.
source "$(dirname "$0")/../cli/lib.sh" "$@"
source "$(dirname "$0")/loopback.sh"
LB_RPC=1
source "$(dirname "$0")/allowlist_story.sh"
