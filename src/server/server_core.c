/*
 * Key server core: lifecycle, routing, the header middleware of the /v1 routes, error bodies,
 * GET /v1/service and GET /health (server.h, PROTOCOL.md 14, 17, 20). POST /v1/fetch_key is in
 * server_fetch.c.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "server/server.h"
#include "server/server_internal.h"
#include "util/secmem.h"

#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"

/* ---- responses ------------------------------------------------------------------------------ */

void seal__server_respond(seal_server_response *resp, unsigned status, const char *content_type,
                          const char *body, size_t len) {
    free(resp->body);
    resp->body = malloc(len + 1);
    if (resp->body == NULL) {
        resp->status = 503;
        resp->body_len = 0;
        resp->content_type = "text/plain; charset=utf-8";
        return;
    }
    if (len > 0)
        memcpy(resp->body, body, len);
    resp->body[len] = '\0';
    resp->body_len = len;
    resp->status = status;
    resp->content_type = content_type;
}

/* The compact text of j, or NULL. Not json_dumps(): jansson 2.14 drops an object key when
 * growing its output buffer fails and still returns the text (found by tests/fault); dumping
 * into a buffer of the measured size never grows a buffer. */
static char *dump_json(const json_t *j) {
    size_t n = j != NULL ? json_dumpb(j, NULL, 0, JSON_COMPACT) : 0;
    char *text = n > 0 ? malloc(n + 1) : NULL;
    if (text != NULL && json_dumpb(j, text, n, JSON_COMPACT) != n) {
        free(text);
        text = NULL;
    }
    if (text != NULL)
        text[n] = '\0';
    return text;
}

void seal__server_respond_json(seal_server_response *resp, unsigned status, json_t *j) {
    char *text = dump_json(j);
    json_decref(j);
    if (text == NULL) {
        seal__server_respond(resp, 503, "text/plain; charset=utf-8", "", 0);
        return;
    }
    free(resp->body);
    resp->body = text;
    resp->body_len = strlen(text);
    resp->status = status;
    resp->content_type = "application/json";
}

/* The official error kinds, their HTTP status and message (PROTOCOL.md 14.6). */
static const struct {
    const char *kind;
    unsigned status;
    const char *message; /* with a detail appended after ": " when the kind takes one */
    bool detail;
} ERRORS[] = {
    {"InvalidPTB", 403, "Invalid PTB", true},
    {"InvalidPackage", 403, "Invalid package ID", false},
    {"NoAccess", 403, "Access denied", true},
    {"InvalidCertificate", 403, "Invalid certificate time or ttl", false},
    {"InvalidSignature", 403, "Invalid user signature", false},
    {"InvalidSessionSignature", 403, "Invalid session key signature", false},
    {"InvalidParameter", 403, "Invalid parameter to PTB", true},
    {"InvalidMVRName", 403, "Invalid MVR name", false},
    {"InvalidSDKType", 400, "Invalid SDK type", false},
    {"InvalidSDKVersion", 400, "Invalid SDK version", false},
    {"MissingRequiredHeader", 400, "Missing required header", true},
    {"InvalidServiceId", 400, "Invalid service ID", false},
    {"UnsupportedPackageId", 400, "Unsupported package ID", false},
    {"DeprecatedSDKVersion", 426, "Deprecated SDK version", false},
    {"Failure", 503, "Internal server error, please try again later", false},
};

void seal__server_error(seal_server_response *resp, const char *kind, const char *detail) {
    size_t i = 0;
    const size_t n = sizeof ERRORS / sizeof ERRORS[0];
    while (i < n - 1 && strcmp(ERRORS[i].kind, kind) != 0)
        i++; /* unknown kinds fall back to Failure (the last entry) */
    char message[512];
    if (ERRORS[i].detail)
        snprintf(message, sizeof message, "%s: %s", ERRORS[i].message,
                 detail != NULL ? detail : "");
    else
        snprintf(message, sizeof message, "%s", ERRORS[i].message);
    /* Failure's detail is for the logs only. */
    if (!ERRORS[i].detail && detail != NULL && resp->reason[0] == '\0')
        snprintf(resp->reason, sizeof resp->reason, "%s", detail);
    resp->error_kind = ERRORS[i].kind;
    seal__server_respond_json(resp, ERRORS[i].status,
                              json_pack("{s:s, s:s}", "error", ERRORS[i].kind, "message", message));
}

void seal__server_error_relay(seal_server_response *resp, const char *kind, const char *message) {
    size_t i = 0;
    const size_t n = sizeof ERRORS / sizeof ERRORS[0];
    while (i < n - 1 && strcmp(ERRORS[i].kind, kind) != 0)
        i++; /* unknown kinds: 503 as Failure (upstream's default) */
    resp->error_kind = ERRORS[i].kind;
    seal__server_respond_json(resp, ERRORS[i].status,
                              json_pack("{s:s, s:s}", "error", kind, "message", message));
}

void seal_server_response_clear(seal_server_response *resp) {
    if (resp == NULL)
        return;
    seal_audit_pending_release(resp->audit_pending);
    free(resp->body);
    memset(resp, 0, sizeof *resp);
}

uint64_t seal__server_monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t seal__server_monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

static seal_err add_pop(seal_server *s, const uint8_t msk[static 32],
                        const uint8_t object_id[static 32]) {
    if (s->n_pops >= sizeof s->pops / sizeof s->pops[0])
        return SEAL_ERR_LIMIT;
    memcpy(s->pops[s->n_pops].object_id, object_id, 32);
    seal_err err = seal_keys_pop_create(s->pops[s->n_pops].pop, msk, object_id);
    if (err == SEAL_OK)
        s->n_pops++;
    return err;
}

seal_err seal_server_create(seal_server **out, const seal_server_config *cfg, seal_chain *chain) {
    char why[192];
    return seal_server_create_ex(out, cfg, chain, why, sizeof why);
}

seal_err seal_server_create_ex(seal_server **out, const seal_server_config *cfg, seal_chain *chain,
                               char *why, size_t why_len) {
    seal_err err = SEAL_OK;
    seal_server *s = NULL;
    if (why != NULL && why_len > 0)
        why[0] = '\0';
    if (out == NULL || cfg == NULL || chain == NULL) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    *out = NULL;
    if (cfg->mode == SEAL_SERVER_OPEN && !cfg->has_msk) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (cfg->n_clients > SEAL_SERVER_MAX_CLIENTS) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    /* locked pages excluded from core dumps: the copy of cfg holds the master keys */
    s = seal__secure_alloc(sizeof *s);
    if (s == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    memcpy(&s->cfg, cfg, sizeof *cfg);
    s->chain = chain;
    pthread_mutex_init(&s->pkg_mu, NULL);
    pthread_mutex_init(&s->rgp_mu, NULL);
    pthread_mutex_init(&s->cert_mu, NULL);
    pthread_mutex_init(&s->cp_mu, NULL);
    s->mutexes = true;
    /* Batching across requests pays only with a multi-buffer engine (backend ifma, ifma-emu). */
    if (strncmp(seal_bls_backend(), "ifma", 4) == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        s->batcher =
            seal__key_batcher_new(cores < 1 ? 1u : (unsigned)cores, cfg->crypto_batch_wait_us);
        if (s->batcher == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
    }
    /* Proofs of possession of every key server object this server answers for (a committee
     * member proves none). */
    if (cfg->mode == SEAL_SERVER_COMMITTEE) {
        err = seal__committee_server_create(&s->committee, cfg, chain, why, why_len);
        if (err != SEAL_OK)
            goto out;
    } else if (cfg->mode == SEAL_SERVER_OPEN) {
        if ((err = add_pop(s, cfg->msk, cfg->key_server_object_id)) != SEAL_OK)
            goto out;
    } else {
        for (size_t i = 0; i < cfg->n_clients; i++) {
            const seal_server_client *cl = &cfg->clients[i];
            if (cl->disabled || !cl->has_msk)
                continue;
            if ((err = add_pop(s, cl->msk, cl->key_server_object_id)) != SEAL_OK)
                goto out;
        }
    }
    *out = s;
    s = NULL;
out:
    seal_server_free(s);
    return err;
}

void seal_server_free(seal_server *s) {
    if (s == NULL)
        return;
    seal__committee_server_free(s->committee);
    if (s->mutexes) {
        pthread_mutex_destroy(&s->pkg_mu);
        pthread_mutex_destroy(&s->rgp_mu);
        pthread_mutex_destroy(&s->cert_mu);
        pthread_mutex_destroy(&s->cp_mu);
    }
    seal_server_config_clear(&s->cfg);
    seal__key_batcher_free(s->batcher);
    free(s->audit);
    seal__secure_free(s, sizeof *s); /* wiped */
}

/* ---- headers -------------------------------------------------------------------------------- */

const char *seal__server_header(const seal_server_request *req, const char *name) {
    for (size_t i = 0; i < req->n_headers; i++)
        if (req->headers[i].name != NULL && strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value != NULL ? req->headers[i].value : "";
    return NULL;
}

/* A header value axum's to_str() accepts: visible ASCII, space and tab. */
static bool header_visible_ascii(const char *v) {
    for (const unsigned char *p = (const unsigned char *)v; *p != '\0'; p++)
        if (!(*p == '\t' || (*p >= 0x20 && *p < 0x7f)))
            return false;
    return true;
}

bool seal__check_sdk_headers(const seal_server_config *cfg, bool clients_only,
                             const seal_server_request *req, seal_server_response *resp) {
    const char *type = seal__server_header(req, "Client-Sdk-Type");
    const char *version = seal__server_header(req, "Client-Sdk-Version");
    const char *sdk = "other";
    const char *requirement = NULL;
    if (type != NULL) {
        if (strcmp(type, "typescript") == 0) {
            sdk = "typescript";
            requirement = cfg->ts_sdk_version_requirement;
        } else if (strcmp(type, "rust") == 0) {
            sdk = "rust";
            requirement = cfg->rust_sdk_version_requirement;
        } else if (strcmp(type, "python") == 0) {
            sdk = "python";
            requirement = cfg->python_sdk_version_requirement;
        } else if (strcmp(type, "aggregator") == 0 && !clients_only) {
            sdk = "aggregator";
            requirement = cfg->aggregator_version_requirement;
        }
    }
    if (clients_only && (type == NULL || !header_visible_ascii(type))) {
        seal__server_error(resp, "InvalidSDKType", NULL);
        return false;
    }
    if (version == NULL) {
        seal__server_error(resp, "MissingRequiredHeader", "Client-Sdk-Version");
        return false;
    }
    seal__semver v;
    if (!header_visible_ascii(version) || !seal__semver_parse(&v, version)) {
        seal__server_error(resp, "InvalidSDKVersion", NULL);
        return false;
    }
    if (clients_only && requirement == NULL) {
        snprintf(resp->reason, sizeof resp->reason, "SDK type not served by an aggregator");
        seal__server_error(resp, "InvalidSDKType", NULL);
        return false;
    }
    if (requirement != NULL && !seal__semver_req_matches(requirement, &v)) {
        snprintf(resp->reason, sizeof resp->reason, "%s %s does not satisfy %s", sdk, version,
                 requirement);
        seal__server_error(resp, "DeprecatedSDKVersion", NULL);
        return false;
    }
    snprintf(resp->sdk_type, sizeof resp->sdk_type, "%s", sdk);
    snprintf(resp->sdk_version, sizeof resp->sdk_version, "%u.%u.%u",
             (unsigned)(v.major < 20 ? v.major : 20), (unsigned)(v.minor < 20 ? v.minor : 20),
             (unsigned)(v.patch < 20 ? v.patch : 20));
    return true;
}

/* ---- routes --------------------------------------------------------------------------------- */

void seal__server_health(seal_server_response *resp) {
    seal__server_respond_json(resp, 200,
                              json_pack("{s:s, s:s, s:s}", "name", "key-server", "version",
                                        SEAL_SERVER_VERSION, "status", "up"));
}

static int hexval(char ch) {
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Percent-decodes (and '+' as space) the value of `name` in a query string into out; the last
 * occurrence wins. False when absent, malformed or too long. */
static bool query_param(const char *query, const char *name, char *out, size_t cap) {
    bool found = false;
    size_t nl = strlen(name);
    const char *p = query;
    while (p != NULL && *p != '\0') {
        const char *end = strchr(p, '&');
        size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
        if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
            size_t o = 0;
            bool ok = true;
            for (size_t i = nl + 1; i < len && ok; i++) {
                char ch = p[i];
                if (ch == '%') {
                    if (i + 2 >= len) {
                        ok = false;
                        break;
                    }
                    int a = hexval(p[i + 1]), b = hexval(p[i + 2]);
                    if (a < 0 || b < 0) {
                        ok = false;
                        break;
                    }
                    ch = (char)(a * 16 + b);
                    i += 2;
                } else if (ch == '+') {
                    ch = ' ';
                }
                if (o + 1 >= cap || ch == '\0') {
                    ok = false;
                    break;
                }
                out[o++] = ch;
            }
            out[o] = '\0';
            found = ok;
        } else if (len == nl && strncmp(p, name, nl) == 0) {
            out[0] = '\0';
            found = true;
        }
        p = end != NULL ? end + 1 : NULL;
    }
    return found;
}

static void handle_service(seal_server *s, const seal_server_request *req,
                           seal_server_response *resp) {
    char text[160];
    uint8_t id[32];
    if (req->query == NULL || !query_param(req->query, "service_id", text, sizeof text) ||
        seal_sui_address_parse(id, text) != SEAL_OK) {
        seal__server_error(resp, "InvalidServiceId", NULL);
        return;
    }
    for (size_t i = 0; i < s->n_pops; i++) {
        if (memcmp(s->pops[i].object_id, id, 32) != 0)
            continue;
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        char pop[72];
        seal_sui_address_format(hex, id);
        seal_sui_base64_encode(pop, s->pops[i].pop, 48);
        json_t *j = json_pack("{s:s, s:s}", "service_id", hex, "pop", pop);
        seal__server_audit_service(s, j);
        seal__server_respond_json(resp, 200, j);
        return;
    }
    seal__server_error(resp, "InvalidServiceId", NULL);
}

static bool is_get(const char *m) {
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

void seal_server_handle(seal_server *s, const seal_server_request *req,
                        seal_server_response *resp) {
    memset(resp, 0, sizeof *resp);
    resp->route = "unknown";
    const char *path = req->path != NULL ? req->path : "";
    const char *method = req->method != NULL ? req->method : "";
    if (strcmp(path, "/health") == 0) {
        resp->route = "/health";
        if (is_get(method))
            seal__server_health(resp);
        else
            seal__server_respond(resp, 405, "text/plain; charset=utf-8", "", 0);
        return;
    }
    if (s->audit != NULL && strncmp(path, "/v1/audit/", 10) == 0) {
        seal__server_audit_route(s, req, resp); /* public, no SDK headers needed */
        return;
    }
    bool fetch = strcmp(path, "/v1/fetch_key") == 0;
    bool service = strcmp(path, "/v1/service") == 0;
    bool debug = strcmp(path, "/v1/debug/committee_partial_pk") == 0;
    if (!fetch && !service && !debug) {
        seal__server_respond(resp, 404, "text/plain; charset=utf-8", "", 0);
        return;
    }
    resp->route = fetch     ? "/v1/fetch_key"
                  : service ? "/v1/service"
                            : "/v1/debug/committee_partial_pk";
    resp->version_headers = true;
    if (!seal__check_sdk_headers(&s->cfg, false, req, resp))
        return;
    if (fetch ? strcmp(method, "POST") != 0 : !is_get(method)) {
        seal__server_respond(resp, 405, "text/plain; charset=utf-8", "", 0);
        return;
    }
    if (fetch)
        seal__server_fetch_key(s, req, resp);
    else if (service)
        handle_service(s, req, resp);
    else if (s->committee != NULL)
        seal__server_committee_debug(s, resp);
    else
        seal__server_respond(resp, 400, "text/plain; charset=utf-8", "Unsupported", 11);
}

void seal_server_chain_status_get(seal_server *s, seal_server_chain_status *out) {
    uint64_t now = seal__server_monotonic_ms();
    bool refresh;
    memset(out, 0, sizeof *out);
    seal_chain_stats_get(s->chain, &out->stats);
    if (now == 0)
        now = 1;
    pthread_mutex_lock(&s->cp_mu);
    refresh = !s->cp_refreshing &&
              (s->cp_fetched_ms == 0 || now - s->cp_fetched_ms >= s->cfg.rgp_update_interval_ms);
    if (refresh)
        s->cp_refreshing = true;
    pthread_mutex_unlock(&s->cp_mu);
    if (refresh) {
        seal_chain_info info;
        seal_err err = seal_chain_service_info(s->chain, &info);
        pthread_mutex_lock(&s->cp_mu);
        s->cp_refreshing = false;
        s->cp_fetched_ms = now; /* a failure waits for the next interval too */
        if (err == SEAL_OK) {
            s->cp = info;
            s->cp_known = true;
        }
        pthread_mutex_unlock(&s->cp_mu);
    }
    pthread_mutex_lock(&s->cp_mu);
    out->has_checkpoint = s->cp_known;
    out->checkpoint_height = s->cp.checkpoint_height;
    out->checkpoint_timestamp_ms = s->cp.timestamp_ms;
    pthread_mutex_unlock(&s->cp_mu);
}

void seal_server_batch_metrics(seal_server *s, seal__prom *o) {
    if (s->batcher == NULL) {
        return;
    }
    uint64_t passes = 0, ids = 0, holds = 0;
    seal__key_batcher_stats(s->batcher, &passes, &ids, &holds);
    seal__prom_header(o, "key_batch_passes_total", "counter",
                      "Passes of ids of several requests together on the multi-buffer engine");
    seal__prom_printf(o, "key_batch_passes_total %llu\n", (unsigned long long)passes);
    seal__prom_header(o, "key_batch_ids_total", "counter", "Ids those passes computed");
    seal__prom_printf(o, "key_batch_ids_total %llu\n", (unsigned long long)ids);
    seal__prom_header(o, "key_batch_holds_total", "counter",
                      "Times a short pass was held back for ids of requests on their way");
    seal__prom_printf(o, "key_batch_holds_total %llu\n", (unsigned long long)holds);
}

void seal_server_chain_metrics(seal_server *s, seal__prom *o) {
    seal_server_chain_status st;
    struct timespec wall;
    seal_server_chain_status_get(s, &st);
    seal__prom_header(o, "chain_requests_total", "counter",
                      "Requests the chain layer sent to the full node, by protocol");
    seal__prom_printf(o, "chain_requests_total{protocol=\"grpc\"} %llu\n",
                      (unsigned long long)st.stats.grpc_requests);
    seal__prom_printf(o, "chain_requests_total{protocol=\"jsonrpc\"} %llu\n",
                      (unsigned long long)st.stats.jsonrpc_requests);
    if (!st.has_checkpoint)
        return;
    clock_gettime(CLOCK_REALTIME, &wall);
    uint64_t now_ms = (uint64_t)wall.tv_sec * 1000u + (uint64_t)wall.tv_nsec / 1000000u;
    seal__prom_header(o, "chain_checkpoint_height", "gauge",
                      "Latest checkpoint of the chain (read at most once per rgp_update_interval)");
    seal__prom_printf(o, "chain_checkpoint_height %llu\n",
                      (unsigned long long)st.checkpoint_height);
    seal__prom_header(o, "chain_checkpoint_age_millis", "gauge",
                      "Wall clock minus the timestamp of that checkpoint");
    seal__prom_printf(o, "chain_checkpoint_age_millis %lld\n",
                      (long long)(now_ms - st.checkpoint_timestamp_ms));
}
