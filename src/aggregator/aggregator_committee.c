/* The committee as the aggregator reads it from the chain (COMMITTEE.md 5.1, 7.1, 7.7): the
 * KeyServer object, then its dynamic field u64 2 holding KeyServerV2 with ServerType::Committee
 * { version, threshold, partial_key_servers }. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator/internal.h"
#include "seal/bcs.h"
#include "seal/ledger.h"
#include "seal/sui.h"

#define STRING_MAX 4096

static bool read_string(seal_bcs_reader *r, char *out, size_t cap) {
    const uint8_t *p = NULL;
    size_t n = 0;
    if (seal_bcs_read_bytes(r, STRING_MAX, &p, &n) != SEAL_OK || n >= cap) {
        return false;
    }
    memcpy(out, p, n);
    out[n] = '\0';
    return strlen(out) == n; /* no NUL inside */
}

/* Field<u64, KeyServerV2> contents: UID, name (2), KeyServerV2. */
static seal_err decode_field(const seal_ledger_object *o, uint16_t *threshold, uint32_t *version,
                             seal_aggregator_member **members, size_t *n, char *why,
                             size_t why_len) {
    seal_bcs_reader r;
    uint8_t uid[32], key_type = 0;
    uint64_t name = 0;
    uint32_t variant = 0;
    const uint8_t *pk = NULL;
    size_t pk_len = 0, count = 0;
    char ks_name[SEAL_AGGREGATOR_NAME_MAX];
    seal_bcs_reader_init(&r, o->contents, o->contents_len);
    if (seal_bcs_read_fixed(&r, uid, 32) != SEAL_OK || seal_bcs_read_u64(&r, &name) != SEAL_OK ||
        name != 2 || !read_string(&r, ks_name, sizeof ks_name) ||
        seal_bcs_read_u8(&r, &key_type) != SEAL_OK ||
        seal_bcs_read_bytes(&r, 1024, &pk, &pk_len) != SEAL_OK ||
        seal_bcs_read_variant(&r, 2, &variant) != SEAL_OK) {
        snprintf(why, why_len, "malformed KeyServerV2 on chain");
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (variant != 1) {
        snprintf(why, why_len, "the key server is not a committee (Independent)");
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (seal_bcs_read_u32(&r, version) != SEAL_OK || seal_bcs_read_u16(&r, threshold) != SEAL_OK ||
        seal_bcs_read_len(&r, SEAL_AGGREGATOR_MAX_MEMBERS, &count) != SEAL_OK || count == 0) {
        snprintf(why, why_len, "malformed committee on chain (or more than %d members)",
                 SEAL_AGGREGATOR_MAX_MEMBERS);
        return SEAL_ERR_INVALID_ENCODING;
    }
    seal_aggregator_member *m = calloc(count, sizeof *m);
    if (m == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    for (size_t i = 0; i < count; i++) {
        const uint8_t *ppk = NULL;
        size_t ppk_len = 0;
        if (!read_string(&r, m[i].name, sizeof m[i].name) ||
            !read_string(&r, m[i].url, sizeof m[i].url) ||
            seal_bcs_read_bytes(&r, 1024, &ppk, &ppk_len) != SEAL_OK || ppk_len != 96 ||
            seal_bcs_read_u16(&r, &m[i].party_id) != SEAL_OK) {
            free(m);
            snprintf(why, why_len, "malformed partial key server %zu on chain", i);
            return SEAL_ERR_INVALID_ENCODING;
        }
        memcpy(m[i].partial_pk, ppk, 96);
    }
    if (seal_bcs_reader_finish(&r) != SEAL_OK) {
        free(m);
        snprintf(why, why_len, "trailing bytes after the KeyServerV2 on chain");
        return SEAL_ERR_INVALID_ENCODING;
    }
    *members = m;
    *n = count;
    return SEAL_OK;
}

seal_err seal__agg_read_committee(seal_chain *chain, const uint8_t ks_id[static 32],
                                  uint16_t *threshold, uint32_t *version,
                                  seal_aggregator_member **members, size_t *n, char *why,
                                  size_t why_len) {
    seal_ledger_object o;
    bool found = false;
    uint8_t id[32], field[32];
    uint64_t first = 0, last = 0;
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    *members = NULL;
    *n = 0;
    seal_sui_address_format(hex, ks_id);
    memset(&o, 0, sizeof o);
    seal_err err = seal_chain_get_objects(chain, (const uint8_t(*)[32])ks_id, 1, &o, &found);
    if (err != SEAL_OK) {
        snprintf(why, why_len, "reading %s: %s %s", hex, seal_strerror(err),
                 seal_chain_last_error());
        return err;
    }
    if (!found) {
        snprintf(why, why_len, "%s: no such object", hex);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_reader r;
    seal_bcs_reader_init(&r, o.contents, o.contents_len);
    bool ok = seal_bcs_read_fixed(&r, id, 32) == SEAL_OK &&
              seal_bcs_read_u64(&r, &first) == SEAL_OK && seal_bcs_read_u64(&r, &last) == SEAL_OK &&
              seal_bcs_reader_finish(&r) == SEAL_OK && memcmp(id, ks_id, 32) == 0;
    seal_ledger_object_clear(&o);
    if (!ok) {
        snprintf(why, why_len, "%s is not a KeyServer object", hex);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (first > 2 || last < 2) {
        snprintf(why, why_len, "%s has no KeyServerV2 (versions %llu to %llu)", hex,
                 (unsigned long long)first, (unsigned long long)last);
        return SEAL_ERR_UNSUPPORTED;
    }
    seal_ledger_key_server_field_id(field, ks_id, 2);
    memset(&o, 0, sizeof o);
    found = false;
    if ((err = seal_chain_get_objects(chain, (const uint8_t(*)[32])field, 1, &o, &found)) !=
        SEAL_OK) {
        snprintf(why, why_len, "reading the KeyServerV2 of %s: %s %s", hex, seal_strerror(err),
                 seal_chain_last_error());
        return err;
    }
    if (!found) {
        snprintf(why, why_len, "%s: its KeyServerV2 field is missing", hex);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    err = decode_field(&o, threshold, version, members, n, why, why_len);
    seal_ledger_object_clear(&o);
    return err;
}
