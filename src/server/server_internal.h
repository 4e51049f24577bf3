/* Private to the key server core (server_core.c, server_config.c, server_fetch.c, ...). */
#ifndef SEAL_SERVER_INTERNAL_H
#define SEAL_SERVER_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "server/server.h"

struct seal_server {
    seal_server_config cfg; /* copy, secrets included (wiped by seal_server_free) */
    seal_chain *chain;
};

/* Replaces resp's body with a copy of body[0..len) and sets status and content type (static).
 * Out of memory: 503 with an empty body. */
void seal__server_respond(seal_server_response *resp, unsigned status, const char *content_type,
                          const char *body, size_t len);

/* ---- semver (server_semver.c) ---- */

typedef struct seal__semver {
    uint64_t major, minor, patch;
    char pre[64]; /* pre-release identifiers ("" when none); build metadata is dropped */
} seal__semver;

/* Strict semver 2.0.0 (as Rust semver::Version::parse): X.Y.Z[-pre][+build]. */
bool seal__semver_parse(seal__semver *v, const char *text);
/* A requirement in the Rust semver crate's syntax (comma-separated comparators). */
bool seal__semver_req_valid(const char *req);
bool seal__semver_req_matches(const char *req, const seal__semver *v);

#endif
