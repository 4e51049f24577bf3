/* Key server discovery on chain (PROTOCOL.md 16.1): the KeyServer object, then its dynamic field
 * u64 2 (KeyServerV2) or u64 1 (KeyServerV1), as the SDK's retrieveKeyServers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"
#include "seal/bcs.h"
#include "seal/bls12_381.h"
#include "seal/ledger.h"

#define STR_MAX 4096

static bool read_string(seal_bcs_reader *r, char *out, size_t cap) {
    const uint8_t *p;
    size_t n;
    if (seal_bcs_read_bytes(r, STR_MAX, &p, &n) != SEAL_OK) {
        return false;
    }
    if (n >= cap) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x20 || p[i] >= 0x7f) {
            return false; /* names and URLs are printable ASCII */
        }
    }
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

static bool read_pk(seal_bcs_reader *r, uint8_t pk[96]) {
    uint8_t key_type;
    const uint8_t *p;
    size_t n;
    if (seal_bcs_read_u8(r, &key_type) != SEAL_OK || key_type != 0 ||
        seal_bcs_read_bytes(r, 1024, &p, &n) != SEAL_OK || n != 96) {
        return false;
    }
    seal_g2 q;
    if (seal_g2_decompress(&q, p) != SEAL_OK || seal_g2_is_identity(&q)) {
        return false;
    }
    memcpy(pk, p, 96);
    return true;
}

/* Field<u64, KeyServerV{v}> contents: UID (32) || name u64 || value. */
static seal_err parse_field(seal__client_server *sv, const seal_ledger_object *o, uint64_t v,
                            bool *committee) {
    seal_bcs_reader r;
    uint8_t uid[32];
    uint64_t name;
    seal_bcs_reader_init(&r, o->contents, o->contents_len);
    if (seal_bcs_read_fixed(&r, uid, 32) != SEAL_OK || seal_bcs_read_u64(&r, &name) != SEAL_OK ||
        name != v) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    *committee = false;
    if (v == 1) {
        if (!read_string(&r, sv->name, sizeof sv->name) ||
            !read_string(&r, sv->url, sizeof sv->url) || !read_pk(&r, sv->public_key)) {
            return SEAL_ERR_INVALID_ENCODING;
        }
    } else {
        uint32_t variant;
        if (!read_string(&r, sv->name, sizeof sv->name) || !read_pk(&r, sv->public_key) ||
            seal_bcs_read_variant(&r, 2, &variant) != SEAL_OK) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        if (variant == 1) {
            /* Committee { version, threshold, partial_key_servers }: a client needs only the
             * committee's pk; its members are the aggregator's business (COMMITTEE.md 8.1) */
            *committee = true;
            return SEAL_OK;
        }
        if (!read_string(&r, sv->url, sizeof sv->url)) {
            return SEAL_ERR_INVALID_ENCODING;
        }
    }
    return seal_bcs_reader_finish(&r);
}

/* The type must be <pkg>::key_server::KeyServer. */
static bool is_key_server_type(const seal_ledger_object *o) {
    static const char mod[] = "key_server", name[] = "KeyServer";
    const uint8_t *t = o->type;
    size_t n = o->type_len;
    size_t need = 1 + 32 + 1 + (sizeof mod - 1) + 1 + (sizeof name - 1) + 1;
    return n == need && t[0] == 7 && t[33] == sizeof mod - 1 &&
           memcmp(t + 34, mod, sizeof mod - 1) == 0 && t[34 + sizeof mod - 1] == sizeof name - 1 &&
           memcmp(t + 35 + sizeof mod - 1, name, sizeof name - 1) == 0 && t[n - 1] == 0;
}

seal_err seal__client_resolve_servers(seal_client *c, const bool *need, size_t n) {
    seal_err err = SEAL_OK;
    uint8_t(*ids)[32] = calloc(SEAL_CLIENT_MAX_SERVERS, 32);
    seal_ledger_object *objs = calloc(SEAL_CLIENT_MAX_SERVERS, sizeof *objs);
    size_t idx[SEAL_CLIENT_MAX_SERVERS];
    uint64_t ver[SEAL_CLIENT_MAX_SERVERS];
    bool found[SEAL_CLIENT_MAX_SERVERS];
    size_t m = 0;
    if (!ids || !objs) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (need[i]) {
            memcpy(ids[m], c->servers[i].object_id, 32);
            idx[m++] = i;
        }
    }
    if (m == 0) {
        goto out;
    }
    if (!c->chain) {
        snprintf(c->last_error, sizeof c->last_error,
                 "key servers named by object id need a chain to resolve them");
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    memset(found, 0, sizeof found);
    if ((err = seal_chain_get_objects(c->chain, (const uint8_t(*)[32])ids, m, objs, found)) !=
        SEAL_OK) {
        snprintf(c->last_error, sizeof c->last_error, "reading the key server objects: %s",
                 seal_strerror(err));
        goto out;
    }
    for (size_t k = 0; k < m; k++) {
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(hex, ids[k]);
        seal_bcs_reader r;
        uint8_t uid[32];
        uint64_t first = 0, last = 0;
        ver[k] = 0;
        if (!found[k]) {
            snprintf(c->last_error, sizeof c->last_error, "key server %s: no such object", hex);
            err = SEAL_ERR_INVALID_ARGUMENT;
            continue;
        }
        seal_bcs_reader_init(&r, objs[k].contents, objs[k].contents_len);
        if (!is_key_server_type(&objs[k]) || seal_bcs_read_fixed(&r, uid, 32) != SEAL_OK ||
            seal_bcs_read_u64(&r, &first) != SEAL_OK || seal_bcs_read_u64(&r, &last) != SEAL_OK ||
            seal_bcs_reader_finish(&r) != SEAL_OK) {
            snprintf(c->last_error, sizeof c->last_error,
                     "key server %s: the object is not a seal KeyServer", hex);
            err = SEAL_ERR_INVALID_ARGUMENT;
            continue;
        }
        for (uint64_t v = 2; v >= 1; v--) {
            if (first <= v && v <= last) {
                ver[k] = v;
                break;
            }
        }
        if (ver[k] == 0) {
            snprintf(c->last_error, sizeof c->last_error,
                     "key server %s: no supported version (first %llu, last %llu)", hex,
                     (unsigned long long)first, (unsigned long long)last);
            err = SEAL_ERR_UNSUPPORTED;
        }
        seal_ledger_object_clear(&objs[k]);
        memcpy(ids[k], c->servers[idx[k]].object_id, 32);
    }
    if (err != SEAL_OK) {
        goto out;
    }
    for (size_t k = 0; k < m; k++) {
        seal_ledger_key_server_field_id(ids[k], c->servers[idx[k]].object_id, ver[k]);
    }
    memset(found, 0, sizeof found);
    if ((err = seal_chain_get_objects(c->chain, (const uint8_t(*)[32])ids, m, objs, found)) !=
        SEAL_OK) {
        snprintf(c->last_error, sizeof c->last_error, "reading the key server fields: %s",
                 seal_strerror(err));
        goto out;
    }
    for (size_t k = 0; k < m; k++) {
        seal__client_server *sv = &c->servers[idx[k]];
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(hex, sv->object_id);
        if (!found[k]) {
            snprintf(c->last_error, sizeof c->last_error,
                     "key server %s: its version %llu field is missing", hex,
                     (unsigned long long)ver[k]);
            err = SEAL_ERR_INVALID_ARGUMENT;
            continue;
        }
        seal__client_server tmp;
        memset(&tmp, 0, sizeof tmp);
        bool committee = false;
        seal_err e = parse_field(&tmp, &objs[k], ver[k], &committee);
        seal_ledger_object_clear(&objs[k]);
        if (e != SEAL_OK) {
            snprintf(c->last_error, sizeof c->last_error,
                     "key server %s: malformed KeyServer data on chain", hex);
            err = SEAL_ERR_INVALID_ENCODING;
            continue;
        }
        if (sv->committee && !committee) {
            snprintf(c->last_error, sizeof c->last_error,
                     "key server %s: an aggregator URL is given but it is not a committee key "
                     "server",
                     hex);
            err = SEAL_ERR_INVALID_ARGUMENT;
            continue;
        }
        sv->committee = committee;
        snprintf(sv->name, sizeof sv->name, "%s", tmp.name);
        if (!sv->explicit_url) {
            snprintf(sv->url, sizeof sv->url, "%s", tmp.url); /* "" for a committee */
        }
        static const uint8_t zero[96];
        if (memcmp(sv->public_key, zero, 96) == 0) {
            memcpy(sv->public_key, tmp.public_key, 96);
        }
    }
out:
    if (objs) {
        for (size_t k = 0; k < SEAL_CLIENT_MAX_SERVERS; k++) {
            if (objs[k].contents) {
                seal_ledger_object_clear(&objs[k]);
            }
        }
    }
    free(objs);
    free(ids);
    return err;
}
