/*
 * Aggregator configuration (COMMITTEE.md 7.1): upstream's aggregator keys (key_server_object_id,
 * key_server_version_requirement, key_server_timeout_secs, api_credentials) over the key
 * server's parser for the keys both share (network, node_url, SDK requirements, rpc_config, the
 * full node's API key) and our operational ones (chain, grpc_transport, listen,
 * metrics_host_port, threads, max_in_flight, rate_limit, chain_max_in_flight). Keys that only
 * make sense for a key server are refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator/aggregator.h"
#include "seal/util.h"
#include "server/server_internal.h"

typedef struct agg_cfg_ctx {
    seal_aggregator_config *cfg;
    bool has_object_id;
    bool has_timeout_secs, has_timeout;
} agg_cfg_ctx;

/* The key server's keys an aggregator shares (parsed by server_config.c). */
static const char *const SHARED_KEYS[] = {
    "network",
    "node_url",
    "chain",
    "ts_sdk_version_requirement",
    "rust_sdk_version_requirement",
    "python_sdk_version_requirement",
    "metrics_host_port",
    "metrics_push_config",
    "rpc_config",
    "listen",
    "threads",
    "max_in_flight",
    "rate_limit",
    "chain_max_in_flight",
    "grpc_transport",
    "full_node_rpc_api_name",
    "full_node_rpc_api_key",
};

static void agg_defaults(void *ctx, seal_server_config *scfg) {
    (void)ctx;
    /* upstream aggregator: TS SDK >= 0.10.0 */
    snprintf(scfg->ts_sdk_version_requirement, sizeof scfg->ts_sdk_version_requirement, ">=0.10.0");
}

static bool printable(const char *s) {
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p < 0x20 || *p >= 0x7f) {
            return false;
        }
    }
    return true;
}

/* An HTTP header name: RFC 9110 token characters. */
static bool header_token(const char *s) {
    if (s[0] == '\0') {
        return false;
    }
    for (const char *p = s; *p != '\0'; p++) {
        if (strchr("!#$%&'*+-.^_`|~", *p) == NULL &&
            !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
            return false;
        }
    }
    return true;
}

static seal_err parse_credentials(agg_cfg_ctx *x, seal__cfg *c, const yaml_node_t *n) {
    seal_err err = seal__cfg_mapping(c, n, "api_credentials");
    if (err != SEAL_OK) {
        return err;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *member = NULL;
        if ((err = seal__cfg_pair_key(c, n, p, "api_credentials", &member)) != SEAL_OK) {
            return err;
        }
        const yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (x->cfg->n_credentials == SEAL_AGGREGATOR_MAX_CREDENTIALS) {
            return seal__cfg_fail(c, kn, "api_credentials: too many entries (at most 256)");
        }
        seal_aggregator_credential *cr = &x->cfg->credentials[x->cfg->n_credentials];
        if (strlen(member) >= sizeof cr->member) {
            return seal__cfg_fail(c, kn, "api_credentials: member name too long");
        }
        snprintf(cr->member, sizeof cr->member, "%s", member);
        if ((err = seal__cfg_mapping(c, v, "api_credentials entry")) != SEAL_OK) {
            return err;
        }
        bool has_name = false, has_key = false;
        for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
             q++) {
            const char *k = NULL;
            if ((err = seal__cfg_pair_key(c, v, q, "api_credentials entry", &k)) != SEAL_OK) {
                return err;
            }
            const yaml_node_t *kk = yaml_document_get_node(c->doc, q->key);
            const yaml_node_t *vv = yaml_document_get_node(c->doc, q->value);
            if (strcmp(k, "api_key_name") == 0) {
                if ((err = seal__cfg_string(c, vv, "api_key_name", cr->header,
                                            sizeof cr->header)) != SEAL_OK) {
                    return err;
                }
                if (!header_token(cr->header)) {
                    return seal__cfg_fail(c, vv, "api_key_name: not an HTTP header name");
                }
                has_name = true;
            } else if (strcmp(k, "api_key") == 0) {
                if ((err = seal__cfg_string(c, vv, "api_key", cr->value, sizeof cr->value)) !=
                    SEAL_OK) {
                    return err;
                }
                if (!printable(cr->value)) {
                    /* the value is a secret: not quoted */
                    return seal__cfg_fail(c, vv, "api_key: control or non-ASCII characters");
                }
                has_key = true;
            } else {
                return seal__cfg_fail(c, kk,
                                      "api_credentials entry: unknown key (api_key_name, api_key)");
            }
        }
        if (!has_name || !has_key) {
            return seal__cfg_fail(c, v, "api_credentials entry: needs api_key_name and api_key");
        }
        x->cfg->n_credentials++;
    }
    return SEAL_OK;
}

static seal_err agg_key(void *ctx, seal__cfg *c, const char *key, const yaml_node_t *key_node,
                        const yaml_node_t *v) {
    agg_cfg_ctx *x = ctx;
    seal_aggregator_config *cfg = x->cfg;
    seal_err err;
    uint64_t n = 0;
    for (size_t i = 0; i < sizeof SHARED_KEYS / sizeof SHARED_KEYS[0]; i++) {
        if (strcmp(key, SHARED_KEYS[i]) == 0) {
            return SEAL_ERR_UNSUPPORTED; /* the key server's parser */
        }
    }
    if (strcmp(key, "key_server_object_id") == 0) {
        x->has_object_id = true;
        return seal__cfg_object_id(c, v, key, cfg->key_server_object_id);
    }
    if (strcmp(key, "key_server_version_requirement") == 0) {
        return seal__cfg_requirement(c, v, key, cfg->key_server_version_requirement,
                                     sizeof cfg->key_server_version_requirement);
    }
    if (strcmp(key, "key_server_timeout_secs") == 0) {
        if ((err = seal__cfg_u64(c, v, key, 3600, &n)) != SEAL_OK) {
            return err;
        }
        if (n == 0) {
            return seal__cfg_fail(c, v, "key_server_timeout_secs: must be at least 1");
        }
        cfg->member_timeout_ms = (uint32_t)(n * 1000u);
        x->has_timeout_secs = true;
        return SEAL_OK;
    }
    if (strcmp(key, "key_server_timeout") == 0) {
        if ((err = seal__cfg_duration(c, v, key, &n)) != SEAL_OK) {
            return err;
        }
        if (n == 0 || n > 3600u * 1000u) {
            return seal__cfg_fail(c, v, "key_server_timeout: between 1 ms and 1 hour");
        }
        cfg->member_timeout_ms = (uint32_t)n;
        x->has_timeout = true;
        return SEAL_OK;
    }
    if (strcmp(key, "committee_refresh_interval") == 0) {
        if ((err = seal__cfg_duration(c, v, key, &n)) != SEAL_OK) {
            return err;
        }
        if (n < 10 || n > 24u * 3600u * 1000u) {
            return seal__cfg_fail(c, v, "committee_refresh_interval: between 10 ms and 1 day");
        }
        cfg->refresh_interval_ms = (uint32_t)n;
        return SEAL_OK;
    }
    if (strcmp(key, "api_credentials") == 0) {
        return parse_credentials(x, c, v);
    }
    if (strcmp(key, "server_mode") == 0 || strcmp(key, "master_key_file") == 0 ||
        strcmp(key, "seed_file") == 0 || strcmp(key, "allowed_staleness") == 0 ||
        strcmp(key, "session_key_ttl_max") == 0 || strcmp(key, "rgp_update_interval") == 0 ||
        strcmp(key, "aggregator_version_requirement") == 0 ||
        strcmp(key, "enable_event_monitoring") == 0) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s: a key server key, not an aggregator key", key);
        return seal__cfg_fail(c, key_node, msg);
    }
    char msg[160];
    snprintf(msg, sizeof msg, "unknown key %.60s", key);
    return seal__cfg_fail(c, key_node, msg);
}

/* PORT (upstream's variable) replaces the port of listen. */
static seal_err apply_port_env(seal_aggregator_config *cfg, char *err, size_t err_len) {
    const char *port = getenv("PORT");
    if (port == NULL) {
        return SEAL_OK;
    }
    char *end = NULL;
    unsigned long v = strtoul(port, &end, 10);
    if (port[0] < '0' || port[0] > '9' || *end != '\0' || v > 65535) {
        snprintf(err, err_len, "PORT: \"%.16s\" is not a port number", port);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    char *colon = strrchr(cfg->server.listen, ':');
    size_t host = colon != NULL ? (size_t)(colon - cfg->server.listen) : 0;
    char listen[sizeof cfg->server.listen];
    snprintf(listen, sizeof listen, "%.*s:%lu", (int)host, cfg->server.listen, v);
    memcpy(cfg->server.listen, listen, sizeof listen);
    return SEAL_OK;
}

seal_err seal_aggregator_config_load(seal_aggregator_config *cfg, const char *path, char *err,
                                     size_t err_len) {
    if (cfg == NULL || path == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->key_server_version_requirement, sizeof cfg->key_server_version_requirement,
             ">=0.6.2");
    cfg->member_timeout_ms = SEAL_AGGREGATOR_DEFAULT_TIMEOUT_MS;
    cfg->refresh_interval_ms = SEAL_AGGREGATOR_DEFAULT_REFRESH_MS;
    agg_cfg_ctx x = {cfg, false, false, false};
    seal__config_ext ext = {agg_defaults, agg_key, &x};
    seal_err e = seal__server_config_load_ext(&cfg->server, path, err, err_len, &ext);
    if (e == SEAL_OK && !x.has_object_id) {
        snprintf(err, err_len, "missing key key_server_object_id");
        e = SEAL_ERR_INVALID_ARGUMENT;
    }
    if (e == SEAL_OK && x.has_timeout && x.has_timeout_secs) {
        snprintf(err, err_len, "key_server_timeout and key_server_timeout_secs: use one");
        e = SEAL_ERR_INVALID_ARGUMENT;
    }
    if (e == SEAL_OK) {
        e = apply_port_env(cfg, err, err_len);
    }
    if (e != SEAL_OK) {
        seal_aggregator_config_clear(cfg);
    }
    return e;
}

void seal_aggregator_config_clear(seal_aggregator_config *cfg) {
    if (cfg == NULL) {
        return;
    }
    for (size_t i = 0; i < SEAL_AGGREGATOR_MAX_CREDENTIALS; i++) {
        seal_memzero(cfg->credentials[i].value, sizeof cfg->credentials[i].value);
    }
    cfg->n_credentials = 0;
    seal_server_config_clear(&cfg->server);
}
