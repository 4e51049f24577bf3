/* The client handle: key server configuration, the key cache, fetch orchestration and
 * decryption under a policy. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"
#include "seal/object.h"

static _Thread_local char creation_error[512];

const char *seal_client_creation_error(void) {
    return creation_error;
}

seal_err seal_client_new(seal_client **out, const seal_client_options *opts,
                         const seal_client_server_config *servers, size_t n_servers) {
    seal_err err = SEAL_OK;
    bool need[SEAL_CLIENT_MAX_SERVERS];
    *out = NULL;
    creation_error[0] = '\0';
    if (n_servers == 0 || n_servers > SEAL_CLIENT_MAX_SERVERS) {
        snprintf(creation_error, sizeof creation_error, "1 to %d key servers are needed",
                 SEAL_CLIENT_MAX_SERVERS);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_client *c = calloc(1, sizeof *c);
    if (!c) {
        return SEAL_ERR_NO_MEMORY;
    }
    c->chain = opts ? opts->chain : NULL;
    c->timeout_ms = opts && opts->timeout_ms ? opts->timeout_ms : 10000;
    c->max_retries = opts ? opts->max_retries : 0;
    c->rng = opts ? opts->rng : NULL;
    c->require_receipts = opts ? opts->require_receipts : false;
    c->n_servers = n_servers;
    for (size_t i = 0; i < n_servers; i++) {
        const seal_client_server_config *cfg = &servers[i];
        seal__client_server *sv = &c->servers[i];
        if (cfg->weight == 0 || (cfg->url && strlen(cfg->url) >= sizeof sv->url) ||
            (cfg->aggregator_url && strlen(cfg->aggregator_url) >= sizeof sv->url) ||
            (cfg->url && cfg->aggregator_url) || (!cfg->api_key_name) != (!cfg->api_key)) {
            snprintf(c->last_error, sizeof c->last_error,
                     "key server %zu: weight 0, URL too long, both url and aggregator_url, or API "
                     "key name without value",
                     i);
            err = SEAL_ERR_INVALID_ARGUMENT;
            goto out;
        }
        for (size_t k = 0; k < i; k++) {
            if (memcmp(servers[k].object_id, cfg->object_id, 32) == 0) {
                snprintf(c->last_error, sizeof c->last_error, "a key server is listed twice");
                err = SEAL_ERR_INVALID_ARGUMENT;
                goto out;
            }
        }
        memcpy(sv->object_id, cfg->object_id, 32);
        sv->weight = cfg->weight;
        if (cfg->url || cfg->aggregator_url) {
            snprintf(sv->url, sizeof sv->url, "%s", cfg->url ? cfg->url : cfg->aggregator_url);
            sv->explicit_url = true;
        }
        sv->committee = cfg->aggregator_url != NULL;
        if (cfg->public_key) {
            memcpy(sv->public_key, cfg->public_key, 96);
        }
        if (cfg->api_key_name) {
            size_t l = strlen(cfg->api_key_name) + strlen(cfg->api_key) + 3;
            if (strpbrk(cfg->api_key_name, ":\r\n") || strpbrk(cfg->api_key, "\r\n") ||
                !(sv->api_header = malloc(l))) {
                err = SEAL_ERR_INVALID_ARGUMENT;
                goto out;
            }
            snprintf(sv->api_header, l, "%s: %s", cfg->api_key_name, cfg->api_key);
        }
        need[i] = !sv->explicit_url || !cfg->public_key;
        if (!need[i]) {
            snprintf(sv->name, sizeof sv->name, "%s", sv->url);
        }
    }
    if ((err = seal__client_resolve_servers(c, need, n_servers)) != SEAL_OK) {
        goto out;
    }
    if (opts && opts->verify_pop) {
        for (size_t i = 0; i < n_servers && err == SEAL_OK; i++) {
            if (c->servers[i].committee) {
                continue; /* a committee never proves possession (no single key holder) */
            }
            if ((err = seal__client_verify_pop(c, i)) != SEAL_OK) {
                const seal_client_server_error *e = &c->errors[c->n_errors - 1];
                char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
                seal_sui_address_format(hex, e->object_id);
                snprintf(c->last_error, sizeof c->last_error, "key server %s: %s: %s", hex, e->kind,
                         e->message);
            }
        }
    }
out:
    if (err != SEAL_OK) {
        snprintf(creation_error, sizeof creation_error, "%s",
                 c->last_error[0] ? c->last_error : seal_strerror(err));
        seal_client_free(c);
        return err;
    }
    *out = c;
    return SEAL_OK;
}

seal_err seal_client_new_for_object(seal_client **out, const seal_client_options *opts,
                                    const uint8_t *object, size_t object_len) {
    seal_object *obj = malloc(sizeof *obj);
    seal_client_server_config *cfg = calloc(SEAL_CLIENT_MAX_SERVERS, sizeof *cfg);
    seal_err err;
    size_t n = 0;
    *out = NULL;
    if (!obj || !cfg) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if ((err = seal_object_decode_no_point_check(obj, object, object_len)) != SEAL_OK) {
        goto out;
    }
    for (size_t i = 0; i < obj->n_services; i++) {
        size_t k = 0;
        for (; k < n; k++) {
            if (memcmp(cfg[k].object_id, obj->service_ids[i], 32) == 0) {
                break;
            }
        }
        if (k == n) {
            if (n == SEAL_CLIENT_MAX_SERVERS) {
                err = SEAL_ERR_LIMIT;
                goto out;
            }
            memcpy(cfg[n++].object_id, obj->service_ids[i], 32);
        }
        cfg[k].weight++;
    }
    for (size_t i = 0; opts && i < opts->n_server_settings; i++) {
        const seal_client_server_config *st = &opts->server_settings[i];
        for (size_t k = 0; k < n; k++) {
            if (memcmp(cfg[k].object_id, st->object_id, 32) == 0) {
                uint8_t w = cfg[k].weight;
                cfg[k] = *st;
                cfg[k].weight = w;
            }
        }
    }
    err = seal_client_new(out, opts, cfg, n);
out:
    free(obj);
    free(cfg);
    return err;
}

void seal_client_free(seal_client *c) {
    if (!c) {
        return;
    }
    for (size_t i = 0; i < c->n_cache; i++) {
        free(c->cache[i].full_id);
    }
    if (c->cache) {
        seal_memzero(c->cache, c->cap_cache * sizeof *c->cache);
        free(c->cache);
    }
    seal_client_receipts_clear(c);
    for (size_t i = 0; i < c->n_servers; i++) {
        if (c->servers[i].api_header) {
            seal_memzero(c->servers[i].api_header, strlen(c->servers[i].api_header));
            free(c->servers[i].api_header);
        }
    }
    seal_memzero(c, sizeof *c);
    free(c);
}

size_t seal_client_server_count(const seal_client *c) {
    return c->n_servers;
}

seal_err seal_client_server_get(const seal_client *c, size_t i, seal_client_server_info *out) {
    if (i >= c->n_servers) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    const seal__client_server *sv = &c->servers[i];
    memcpy(out->object_id, sv->object_id, 32);
    out->weight = sv->weight;
    memcpy(out->name, sv->name, sizeof out->name);
    memcpy(out->url, sv->url, sizeof out->url);
    memcpy(out->public_key, sv->public_key, 96);
    out->committee = sv->committee;
    return SEAL_OK;
}

seal_err seal_client_key_servers(const seal_client *c, seal_key_server *out, size_t cap,
                                 size_t *n) {
    *n = 0;
    if (cap < c->n_servers) {
        return SEAL_ERR_LIMIT;
    }
    for (size_t i = 0; i < c->n_servers; i++) {
        memcpy(out[i].object_id, c->servers[i].object_id, 32);
        memcpy(out[i].public_key, c->servers[i].public_key, 96);
        out[i].weight = c->servers[i].weight;
    }
    *n = c->n_servers;
    return SEAL_OK;
}

seal_err seal_client_prepared_keys(const seal_client *c, seal_prepared_key *out, size_t cap,
                                   size_t *n) {
    seal_key_server ks;
    *n = 0;
    if (cap < c->n_servers) {
        return SEAL_ERR_LIMIT;
    }
    for (size_t i = 0; i < c->n_servers; i++) {
        memcpy(ks.object_id, c->servers[i].object_id, 32);
        memcpy(ks.public_key, c->servers[i].public_key, 96);
        ks.weight = c->servers[i].weight;
        seal_err err = seal_key_server_prepare(&out[i], &ks);
        if (err != SEAL_OK) {
            return err;
        }
    }
    *n = c->n_servers;
    return SEAL_OK;
}

/* ---- cache -------------------------------------------------------------------------------- */

const uint8_t *seal__client_cache_find(const seal_client *c, const uint8_t *full_id, size_t len,
                                       size_t server) {
    for (size_t i = 0; i < c->n_cache; i++) {
        const seal__client_cached_key *k = &c->cache[i];
        if (k->server == server && k->full_id_len == len && memcmp(k->full_id, full_id, len) == 0) {
            return k->usk;
        }
    }
    return NULL;
}

seal_err seal__client_cache_put(seal_client *c, const uint8_t *full_id, size_t len, size_t server,
                                const uint8_t usk[static 48]) {
    if (seal__client_cache_find(c, full_id, len, server)) {
        return SEAL_OK;
    }
    if (c->n_cache == c->cap_cache) {
        size_t cap = c->cap_cache ? 2 * c->cap_cache : 16;
        seal__client_cached_key *nc = calloc(cap, sizeof *nc);
        if (!nc) {
            return SEAL_ERR_NO_MEMORY;
        }
        if (c->cache) {
            memcpy(nc, c->cache, c->n_cache * sizeof *nc);
            seal_memzero(c->cache, c->cap_cache * sizeof *c->cache);
            free(c->cache);
        }
        c->cache = nc;
        c->cap_cache = cap;
    }
    seal__client_cached_key *k = &c->cache[c->n_cache];
    k->full_id = malloc(len);
    if (!k->full_id) {
        return SEAL_ERR_NO_MEMORY;
    }
    memcpy(k->full_id, full_id, len);
    k->full_id_len = len;
    k->server = server;
    memcpy(k->usk, usk, 48);
    c->n_cache++;
    return SEAL_OK;
}

size_t seal_client_cached_keys(const seal_client *c, const uint8_t *full_id, size_t full_id_len,
                               seal_user_key *out, size_t cap) {
    size_t n = 0;
    for (size_t i = 0; i < c->n_servers && n < cap; i++) {
        const uint8_t *usk = seal__client_cache_find(c, full_id, full_id_len, i);
        if (usk) {
            memcpy(out[n].object_id, c->servers[i].object_id, 32);
            memcpy(out[n].key, usk, 48);
            n++;
        }
    }
    return n;
}

/* ---- errors ------------------------------------------------------------------------------- */

void seal__client_record_error(seal_client *c, size_t server, seal_err err, unsigned status,
                               const char *kind, const char *fmt, ...) {
    if (c->n_errors >= SEAL__CLIENT_MAX_ERRORS) {
        return;
    }
    seal_client_server_error *e = &c->errors[c->n_errors++];
    memset(e, 0, sizeof *e);
    memcpy(e->object_id, c->servers[server].object_id, 32);
    e->err = err;
    e->http_status = status;
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

size_t seal_client_error_count(const seal_client *c) {
    return c->n_errors;
}

const seal_client_server_error *seal_client_error_get(const seal_client *c, size_t i) {
    return i < c->n_errors ? &c->errors[i] : NULL;
}

const char *seal_client_last_error(const seal_client *c) {
    return c->last_error;
}

/* The most frequent error among the servers' failures (first seen wins ties). */
static seal_err majority_error(seal_client *c) {
    size_t best = SIZE_MAX, best_count = 0;
    for (size_t i = 0; i < c->n_errors; i++) {
        size_t cnt = 0;
        for (size_t k = 0; k < c->n_errors; k++) {
            cnt += c->errors[k].err == c->errors[i].err;
        }
        if (cnt > best_count) {
            best = i;
            best_count = cnt;
        }
    }
    if (best == SIZE_MAX) {
        snprintf(c->last_error, sizeof c->last_error,
                 "the configured key servers cannot reach the threshold");
        return SEAL_ERR_NOT_ENOUGH_SHARES;
    }
    const seal_client_server_error *e = &c->errors[best];
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    const char *name = "";
    for (size_t i = 0; i < c->n_servers; i++) {
        if (memcmp(c->servers[i].object_id, e->object_id, 32) == 0) {
            name = c->servers[i].name;
        }
    }
    seal_sui_address_format(hex, e->object_id);
    snprintf(c->last_error, sizeof c->last_error, "key server %s (%s): %s: %s", hex, name, e->kind,
             e->message);
    return e->err;
}

/* ---- fetching ----------------------------------------------------------------------------- */

seal_err seal_client_fetch_keys(seal_client *c, const seal_session *s,
                                const seal_client_call *calls, size_t n_calls, unsigned threshold,
                                uint64_t now_ms) {
    uint8_t pkg[32];
    uint8_t **full_ids = NULL;
    size_t *lens = NULL;
    uint8_t *ptb = NULL;
    size_t ptb_len = 0;
    seal_err err = SEAL_OK;
    c->n_errors = 0;
    c->last_error[0] = '\0';
    unsigned total = 0;
    for (size_t i = 0; i < c->n_servers; i++) {
        total += c->servers[i].weight;
    }
    if (n_calls == 0 || threshold == 0 || threshold > total) {
        snprintf(c->last_error, sizeof c->last_error,
                 "invalid threshold %u for key servers of total weight %u", threshold, total);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (!seal_session_is_signed(s)) {
        snprintf(c->last_error, sizeof c->last_error, "the session key is not signed");
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (seal_session_is_expired(s, now_ms)) {
        snprintf(c->last_error, sizeof c->last_error, "the session key has expired");
        return SEAL_ERR_EXPIRED;
    }
    seal_session_package_id(s, pkg);
    full_ids = calloc(n_calls, sizeof *full_ids);
    lens = calloc(n_calls, sizeof *lens);
    if (!full_ids || !lens) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < n_calls; i++) {
        full_ids[i] = malloc(32 + calls[i].id_len);
        if (!full_ids[i]) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        memcpy(full_ids[i], pkg, 32);
        if (calls[i].id_len) {
            memcpy(full_ids[i] + 32, calls[i].id, calls[i].id_len);
        }
        lens[i] = 32 + calls[i].id_len;
    }
    for (size_t off = 0; off < n_calls; off += SEAL_CLIENT_MAX_IDS_PER_REQUEST) {
        size_t n = n_calls - off;
        if (n > SEAL_CLIENT_MAX_IDS_PER_REQUEST) {
            n = SEAL_CLIENT_MAX_IDS_PER_REQUEST;
        }
        /* Enough servers with every key cached: no transaction, no request. */
        unsigned cached = 0;
        for (size_t i = 0; i < c->n_servers; i++) {
            bool all = true;
            for (size_t k = off; k < off + n && all; k++) {
                all = seal__client_cache_find(c, full_ids[k], lens[k], i) != NULL;
            }
            cached += all ? c->servers[i].weight : 0u;
        }
        if (cached >= threshold) {
            continue;
        }
        free(ptb);
        ptb = NULL;
        if ((err = seal_client_build_ptb(&ptb, &ptb_len, c->chain, calls + off, n)) != SEAL_OK) {
            snprintf(c->last_error, sizeof c->last_error,
                     "cannot build the seal_approve transaction: %s (an object argument that "
                     "does not exist, or calls to different packages?)",
                     seal_strerror(err));
            goto out;
        }
        err = seal__client_fetch_batch(c, s, ptb, ptb_len, full_ids + off, lens + off, n, threshold,
                                       now_ms);
        if (err == SEAL_ERR_NOT_ENOUGH_SHARES) {
            err = majority_error(c);
        }
        if (err != SEAL_OK) {
            if (c->last_error[0] == '\0') {
                snprintf(c->last_error, sizeof c->last_error, "%s", seal_strerror(err));
            }
            goto out;
        }
    }
out:
    if (full_ids) {
        for (size_t i = 0; i < n_calls; i++) {
            free(full_ids[i]);
        }
    }
    free(full_ids);
    free(lens);
    free(ptb);
    return err;
}

seal_err seal_client_decrypt_with_policy(seal_client *c, const seal_session *s,
                                         const uint8_t *object, size_t object_len,
                                         const seal_client_call *call, uint8_t **out,
                                         size_t *out_len, uint64_t now_ms) {
    seal_object *obj = malloc(sizeof *obj);
    seal_user_key *keys = calloc(SEAL_CLIENT_MAX_SERVERS, sizeof *keys);
    seal_key_server *pks = calloc(SEAL_CLIENT_MAX_SERVERS, sizeof *pks);
    uint8_t *pt = NULL;
    size_t pt_cap = 0;
    uint8_t pkg[32];
    seal_err err;
    *out = NULL;
    *out_len = 0;
    c->n_errors = 0;
    c->last_error[0] = '\0';
    if (!obj || !keys || !pks) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if ((err = seal_object_decode(obj, object, object_len)) != SEAL_OK) {
        snprintf(c->last_error, sizeof c->last_error, "not a valid encrypted object: %s",
                 seal_strerror(err));
        goto out;
    }
    seal_session_package_id(s, pkg);
    if (memcmp(pkg, obj->package_id, 32) != 0) {
        snprintf(c->last_error, sizeof c->last_error,
                 "the session is for another package than the object's");
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* Every service of the object must be a configured server, with the same weight. */
    size_t n_pks = 0;
    for (size_t i = 0; i < c->n_servers; i++) {
        size_t cnt = 0;
        for (size_t k = 0; k < obj->n_services; k++) {
            cnt += memcmp(obj->service_ids[k], c->servers[i].object_id, 32) == 0;
        }
        if (cnt != 0 && cnt != c->servers[i].weight) {
            snprintf(c->last_error, sizeof c->last_error,
                     "the client's key server weights differ from the object's services");
            err = SEAL_ERR_INVALID_ARGUMENT;
            goto out;
        }
        if (cnt) {
            memcpy(pks[n_pks].object_id, c->servers[i].object_id, 32);
            memcpy(pks[n_pks].public_key, c->servers[i].public_key, 96);
            pks[n_pks++].weight = c->servers[i].weight;
        }
    }
    size_t covered = 0;
    for (size_t k = 0; k < obj->n_services; k++) {
        for (size_t i = 0; i < n_pks; i++) {
            if (memcmp(obj->service_ids[k], pks[i].object_id, 32) == 0) {
                covered++;
                break;
            }
        }
    }
    if (covered != obj->n_services) {
        snprintf(c->last_error, sizeof c->last_error,
                 "some services of the object are not configured in the client");
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    seal_client_call cl = *call;
    cl.id = obj->id;
    cl.id_len = obj->id_len;
    if ((err = seal_client_fetch_keys(c, s, &cl, 1, obj->threshold, now_ms)) != SEAL_OK) {
        goto out;
    }
    uint8_t full_id[32 + SEAL_MAX_ID_BYTES];
    memcpy(full_id, obj->package_id, 32);
    memcpy(full_id + 32, obj->id, obj->id_len);
    size_t n_keys =
        seal_client_cached_keys(c, full_id, 32 + obj->id_len, keys, SEAL_CLIENT_MAX_SERVERS);
    pt_cap = seal_object_plaintext_size(obj);
    pt = malloc(pt_cap ? pt_cap : 1);
    if (!pt) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_decrypt_params p = {
        .keys = keys, .n_keys = n_keys, .public_keys = pks, .n_public_keys = n_pks, .flags = 0};
    size_t got = 0;
    if ((err = seal_decrypt(pt, pt_cap ? pt_cap : 1, &got, object, object_len, &p)) != SEAL_OK) {
        snprintf(c->last_error, sizeof c->last_error, "decryption failed: %s", seal_strerror(err));
        goto out;
    }
    *out = pt;
    *out_len = got;
    pt = NULL;
out:
    if (pt) {
        seal_memzero(pt, pt_cap);
        free(pt);
    }
    if (keys) {
        seal_memzero(keys, SEAL_CLIENT_MAX_SERVERS * sizeof *keys);
    }
    free(keys);
    free(pks);
    free(obj);
    return err;
}
