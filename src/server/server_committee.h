/* Committee mode of the key server (server_committee.c, spec/COMMITTEE.md 6). */
#ifndef SEAL_SERVER_COMMITTEE_H
#define SEAL_SERVER_COMMITTEE_H

#include <stdbool.h>
#include <stdint.h>

#include "server/server.h"

typedef struct seal__committee_server seal__committee_server;

/* Reads the committee from the chain, selects the share (6.2) and checks it against the
 * on-chain partial pk; in a rotation state starts the poller. On failure writes the reason
 * (one line, no secret) into why. */
SEAL_MUST_CHECK seal_err seal__committee_server_create(seal__committee_server **out,
                                                       const seal_server_config *cfg,
                                                       seal_chain *chain, char *why,
                                                       size_t why_len);
/* Stops the poller, wipes the shares, frees (NULL is a no-op). */
void seal__committee_server_free(seal__committee_server *cs);
/* Called (from the poller thread) when the committee state became unusable. */
void seal__committee_server_on_fatal(seal__committee_server *cs, void (*fn)(void *), void *ctx);
/* The share a request uses now (copied into out: wipe it) and its version; false with the
 * reason when there is none (a rotation without an old share, or a failed state). */
bool seal__committee_server_share(seal__committee_server *cs, uint8_t out[static 32],
                                  uint32_t *version, char *why, size_t why_len);
bool seal__committee_server_failed(seal__committee_server *cs, char *why, size_t why_len);
/* The committee version the server serves (Active) or last saw (Rotation). */
uint32_t seal__committee_server_version(seal__committee_server *cs);

#endif
