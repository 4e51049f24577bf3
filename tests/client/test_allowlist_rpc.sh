#!/usr/bin/env bash
# The allowlist story (allowlist_story.sh) with the chain served by `seal localnet serve`: the
# CLI, the transactions and the key servers all reach it over Sui's gRPC API (gRPC-web, the
# default for an http:// chain), and the node counts no JSON-RPC request.
source "$(dirname "$0")/../cli/lib.sh" "$@"
source "$(dirname "$0")/loopback.sh"
LB_RPC=grpc
source "$(dirname "$0")/allowlist_story.sh"
