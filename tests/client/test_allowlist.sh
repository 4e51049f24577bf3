#!/usr/bin/env bash
# The allowlist story (allowlist_story.sh) with every part real on loopback, on the embedded
# chain: `seal localnet` creates the chain, accounts, key server registrations and the
# allowlist; three `seal server` processes (and a lying one) serve keys; the CLI is the user.
source "$(dirname "$0")/../cli/lib.sh" "$@"
source "$(dirname "$0")/loopback.sh"
source "$(dirname "$0")/allowlist_story.sh"
