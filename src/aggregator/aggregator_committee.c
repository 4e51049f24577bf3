/* The committee as the aggregator reads it from the chain (COMMITTEE.md 5.1, 7.1, 7.7): the
 * KeyServer's dynamic field u64 2 holding KeyServerV2, which must be ServerType::Committee
 * { version, threshold, partial_key_servers }. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator/internal.h"
#include "seal/chain_committee.h"
#include "seal/committee_onchain.h"
#include "seal/ledger.h"
#include "seal/sui.h"

/* A byte string from the chain as a C string (no NUL inside, fits). */
static bool copy_text(char *out, size_t cap, seal_sui_bytes b) {
    if (b.len >= cap || memchr(b.ptr, 0, b.len) != NULL) {
        return false;
    }
    memcpy(out, b.ptr, b.len);
    out[b.len] = '\0';
    return true;
}

seal_err seal__agg_read_committee(seal_chain *chain, const uint8_t ks_id[static 32],
                                  uint16_t *threshold, uint32_t *version,
                                  seal_aggregator_member **members, size_t *n, char *why,
                                  size_t why_len) {
    seal_ledger_object field;
    seal_onchain_key_server_v2 v2;
    bool found = false;
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    *members = NULL;
    *n = 0;
    seal_sui_address_format(hex, ks_id);
    memset(&field, 0, sizeof field);
    seal_err err = seal_chain_key_server_v2(chain, ks_id, &field, &v2, &found);
    if (err == SEAL_ERR_INVALID_ENCODING) {
        snprintf(why, why_len, "%s: malformed KeyServerV2 on chain", hex);
        return err;
    }
    if (err != SEAL_OK) {
        snprintf(why, why_len, "reading %s: %s %s", hex, seal_strerror(err),
                 seal_chain_last_error());
        return err;
    }
    if (!found) {
        snprintf(why, why_len, "%s: no such key server (no KeyServerV2 field)", hex);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_aggregator_member *m = NULL;
    if (v2.server_type != SEAL_ONCHAIN_SERVER_COMMITTEE) {
        snprintf(why, why_len, "%s is not a committee key server (Independent)", hex);
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (v2.n_partial == 0 || v2.n_partial > SEAL_AGGREGATOR_MAX_MEMBERS) {
        snprintf(why, why_len, "%s: a committee of %zu members (1 to %d are served)", hex,
                 v2.n_partial, SEAL_AGGREGATOR_MAX_MEMBERS);
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    m = calloc(v2.n_partial, sizeof *m);
    if (m == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < v2.n_partial; i++) {
        const seal_onchain_partial_key_server *p = &v2.partial[i];
        if (!copy_text(m[i].name, sizeof m[i].name, p->name) ||
            !copy_text(m[i].url, sizeof m[i].url, p->url) || p->partial_pk.len != 96) {
            snprintf(why, why_len,
                     "%s: partial key server %zu: name or URL too long, or a "
                     "partial public key that is not 96 bytes",
                     hex, i);
            err = SEAL_ERR_INVALID_ENCODING;
            goto out;
        }
        memcpy(m[i].partial_pk, p->partial_pk.ptr, 96);
        m[i].party_id = p->party_id;
    }
    *threshold = v2.threshold;
    *version = v2.version;
    *members = m;
    *n = v2.n_partial;
    m = NULL;
out:
    free(m);
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&field);
    return err;
}
