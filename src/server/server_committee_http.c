/* Committee mode in the request path (server_internal.h): the share of a fetch_key and
 * GET /v1/debug/committee_partial_pk (spec/COMMITTEE.md 6.3, 6.4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"
#include "server/server_internal.h"

bool seal__server_committee_share(seal_server *s, seal_server_response *resp,
                                  uint8_t share[static 32]) {
    char why[192] = "";
    uint32_t v = 0;
    if (s->committee == NULL ||
        !seal__committee_server_share(s->committee, share, &v, why, sizeof why)) {
        seal__server_error(resp, "Failure", why);
        snprintf(resp->reason, sizeof resp->reason, "%s", why);
        return false;
    }
    return true;
}

void seal__server_committee_debug(seal_server *s, seal_server_response *resp) {
    uint8_t share[32], pk[96];
    char b64[140];
    if (!seal__server_committee_share(s, resp, share))
        return;
    seal_err err = seal_keys_public_key(pk, share);
    seal_memzero(share, sizeof share);
    if (err != SEAL_OK) {
        seal__server_error(resp, "Failure", "cannot compute the partial public key");
        return;
    }
    seal_sui_base64_encode(b64, pk, 96);
    seal__server_respond_json(resp, 200, json_pack("{s:s}", "partial_pk", b64));
}

void seal_server_on_fatal(seal_server *s, void (*fn)(void *ctx), void *ctx) {
    if (s != NULL && s->committee != NULL)
        seal__committee_server_on_fatal(s->committee, fn, ctx);
}

bool seal_server_failed(seal_server *s, char *why, size_t why_len) {
    return s != NULL && s->committee != NULL &&
           seal__committee_server_failed(s->committee, why, why_len);
}

seal_err seal_server_committee_metrics(seal_server *s, char **text, size_t *len) {
    char extra[512], why[192];
    if (s == NULL || s->committee == NULL)
        return SEAL_OK;
    uint32_t version = seal__committee_server_version(s->committee);
    uint8_t share[32];
    uint32_t serving = 0;
    bool has = seal__committee_server_share(s->committee, share, &serving, why, sizeof why);
    seal_memzero(share, sizeof share);
    int state = seal__committee_server_failed(s->committee, why, sizeof why) ? 2 : has ? 0 : 1;
    int n = snprintf(extra, sizeof extra,
                     "# HELP committee_mode_version Committee version this member serves (or last "
                     "read while a rotation is pending)\n"
                     "# TYPE committee_mode_version gauge\n"
                     "committee_mode_version %u\n"
                     "# HELP committee_mode_state 0 serving, 1 waiting for a rotation, 2 failed\n"
                     "# TYPE committee_mode_state gauge\n"
                     "committee_mode_state %d\n",
                     has ? serving : version, state);
    if (n < 0 || (size_t)n >= sizeof extra)
        return SEAL_ERR_INTERNAL;
    char *p = realloc(*text, *len + (size_t)n + 1);
    if (p == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(p + *len, extra, (size_t)n + 1);
    *text = p;
    *len += (size_t)n;
    return SEAL_OK;
}
