/*
 * Aggregator core: lifecycle, the committee snapshot and its background refresh, routing of the
 * HTTP API (COMMITTEE.md 7.2), the libcurl handle pool and the aggregator's metrics.
 * POST /v1/fetch_key is in aggregator_fetch.c.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aggregator/internal.h"
#include "client/internal.h"
#include "seal/sui.h"
#include "seal/util.h"
#include "server/server_http_internal.h"

static const double IDS_BOUNDS[] = {1, 2, 3, 5, 10, 20, 50, 100};
#define N_IDS_BOUNDS (sizeof IDS_BOUNDS / sizeof IDS_BOUNDS[0])

/* ---- lifecycle ------------------------------------------------------------------------------ */

seal_err seal_aggregator_create(seal_aggregator **out, const seal_aggregator_config *cfg,
                                seal_chain *chain, int log_fd) {
    if (out == NULL || cfg == NULL || chain == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    *out = NULL;
    if (seal__http_curl_init() != SEAL_OK) {
        return SEAL_ERR_IO;
    }
    seal_aggregator *a = calloc(1, sizeof *a);
    if (a == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    memcpy(&a->cfg, cfg, sizeof *cfg);
    if (a->cfg.member_timeout_ms == 0) {
        a->cfg.member_timeout_ms = SEAL_AGGREGATOR_DEFAULT_TIMEOUT_MS;
    }
    if (a->cfg.refresh_interval_ms == 0) {
        a->cfg.refresh_interval_ms = SEAL_AGGREGATOR_DEFAULT_REFRESH_MS;
    }
    if (a->cfg.key_server_version_requirement[0] == '\0') {
        snprintf(a->cfg.key_server_version_requirement,
                 sizeof a->cfg.key_server_version_requirement, ">=0.6.2");
    }
    a->chain = chain;
    a->log_fd = log_fd;
    pthread_mutex_init(&a->snap_mu, NULL);
    pthread_mutex_init(&a->pkg_mu, NULL);
    pthread_mutex_init(&a->pool_mu, NULL);
    pthread_mutex_init(&a->refresh_mu, NULL);
    pthread_cond_init(&a->refresh_cv, NULL);
    pthread_mutex_init(&a->metrics_mu, NULL);
    *out = a;
    return SEAL_OK;
}

void seal_aggregator_free(seal_aggregator *a) {
    if (a == NULL) {
        return;
    }
    if (a->refresher_started) {
        pthread_mutex_lock(&a->refresh_mu);
        a->refresh_stop = true;
        pthread_cond_signal(&a->refresh_cv);
        pthread_mutex_unlock(&a->refresh_mu);
        pthread_join(a->refresher, NULL);
    }
    seal__agg_snapshot_release(a->snap);
    for (size_t i = 0; i < a->n_pool; i++) {
        curl_multi_cleanup(a->pool[i]);
    }
    pthread_mutex_destroy(&a->snap_mu);
    pthread_mutex_destroy(&a->pkg_mu);
    pthread_mutex_destroy(&a->pool_mu);
    pthread_mutex_destroy(&a->refresh_mu);
    pthread_cond_destroy(&a->refresh_cv);
    pthread_mutex_destroy(&a->metrics_mu);
    seal_aggregator_config_clear(&a->cfg);
    seal_memzero(a, sizeof *a);
    free(a);
}

/* ---- the libcurl pool ----------------------------------------------------------------------- */

void *seal__agg_multi_take(seal_aggregator *a) {
    void *m = NULL;
    pthread_mutex_lock(&a->pool_mu);
    if (a->n_pool > 0) {
        m = a->pool[--a->n_pool];
    }
    pthread_mutex_unlock(&a->pool_mu);
    if (m == NULL) {
        CURLM *multi = curl_multi_init();
        if (multi != NULL) {
            /* bounded connection cache: a few connections per member */
            curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, 4L * SEAL_AGGREGATOR_MAX_MEMBERS);
        }
        m = multi;
    }
    return m;
}

void seal__agg_multi_give(seal_aggregator *a, void *multi) {
    if (multi == NULL) {
        return;
    }
    pthread_mutex_lock(&a->pool_mu);
    if (a->n_pool < AGG_CURL_POOL) {
        a->pool[a->n_pool++] = multi;
        multi = NULL;
    }
    pthread_mutex_unlock(&a->pool_mu);
    if (multi != NULL) {
        curl_multi_cleanup(multi);
    }
}

/* ---- the committee snapshot ----------------------------------------------------------------- */

agg_snapshot *seal__agg_snapshot_take(seal_aggregator *a) {
    pthread_mutex_lock(&a->snap_mu);
    agg_snapshot *s = a->snap;
    if (s != NULL) {
        atomic_fetch_add(&s->refs, 1);
    }
    pthread_mutex_unlock(&a->snap_mu);
    return s;
}

void seal__agg_snapshot_release(agg_snapshot *s) {
    if (s != NULL && atomic_fetch_sub(&s->refs, 1) == 1) {
        free(s);
    }
}

static bool url_ok(const char *url) {
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)url; *p != '\0'; p++) {
        if (*p <= 0x20 || *p >= 0x7f) {
            return false;
        }
    }
    return true;
}

static void log_member_warning(seal_aggregator *a, const char *event,
                               const seal_aggregator_member *m, const char *what) {
    char extra[768];
    size_t pos = 0;
    extra[0] = '\0';
    pos += (size_t)snprintf(extra, sizeof extra, "\"member\":");
    seal__log_json_string(extra, sizeof extra, &pos, m->name, 128);
    pos += (size_t)snprintf(extra + pos, sizeof extra - pos,
                            ",\"party_id\":%u,\"url\":", (unsigned)m->party_id);
    seal__log_json_string(extra, sizeof extra, &pos, m->url, 256);
    pos += (size_t)snprintf(extra + pos, sizeof extra - pos, ",\"problem\":");
    seal__log_json_string(extra, sizeof extra, &pos, what, 128);
    seal__log_event(a->log_fd, event, extra);
}

seal_err seal_aggregator_set_committee(seal_aggregator *a, uint16_t threshold, uint32_t version,
                                       const seal_aggregator_member *members, size_t n) {
    if (a == NULL || members == NULL || n == 0 || n > SEAL_AGGREGATOR_MAX_MEMBERS ||
        threshold < 1 || threshold > n) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    agg_snapshot *s = calloc(1, sizeof *s + n * sizeof s->members[0]);
    if (s == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    atomic_init(&s->refs, 1);
    s->threshold = threshold;
    s->version = version;
    s->n = n;
    for (size_t i = 0; i < n; i++) {
        agg_member *m = &s->members[i];
        m->m = members[i];
        m->m.name[sizeof m->m.name - 1] = '\0';
        m->m.url[sizeof m->m.url - 1] = '\0';
        for (size_t j = 0; j < i; j++) {
            if (s->members[j].m.party_id == m->m.party_id) {
                free(s);
                return SEAL_ERR_INVALID_ARGUMENT;
            }
        }
        if (m->m.party_id == UINT16_MAX || seal_g2_decompress(&m->pk, m->m.partial_pk) != SEAL_OK ||
            seal_g2_is_identity(&m->pk)) {
            free(s);
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        for (size_t k = 0; k < a->cfg.n_credentials; k++) {
            if (strcmp(a->cfg.credentials[k].member, m->m.name) == 0) {
                m->cred = &a->cfg.credentials[k];
                break;
            }
        }
    }
    pthread_mutex_lock(&a->snap_mu);
    agg_snapshot *old = a->snap;
    a->snap = s;
    pthread_mutex_unlock(&a->snap_mu);
    /* Upstream warns about members without credentials: such a member is never called. */
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t j = 0; old != NULL && j < old->n && !known; j++) {
            known = strcmp(old->members[j].m.name, s->members[i].m.name) == 0;
        }
        if (s->members[i].cred == NULL && !known) {
            log_member_warning(a, "member_without_credentials", &s->members[i].m,
                               "no api_credentials entry: the member is never called");
        }
        if (!url_ok(s->members[i].m.url)) {
            log_member_warning(a, "member_bad_url", &s->members[i].m,
                               "not an http(s) URL: the member always fails");
        }
    }
    seal__agg_snapshot_release(old);
    return SEAL_OK;
}

bool seal__agg_has_snapshot(seal_aggregator *a) {
    pthread_mutex_lock(&a->snap_mu);
    bool has = a->snap != NULL;
    pthread_mutex_unlock(&a->snap_mu);
    return has;
}

void seal_aggregator_committee_info(seal_aggregator *a, uint16_t *threshold, size_t *n,
                                    uint32_t *version) {
    agg_snapshot *s = seal__agg_snapshot_take(a);
    *threshold = s != NULL ? s->threshold : 0;
    *n = s != NULL ? s->n : 0;
    *version = s != NULL ? s->version : 0;
    seal__agg_snapshot_release(s);
}

seal_err seal_aggregator_refresh(seal_aggregator *a, char *why, size_t why_len) {
    uint16_t threshold = 0;
    uint32_t version = 0;
    seal_aggregator_member *members = NULL;
    size_t n = 0;
    if (why_len > 0) {
        why[0] = '\0';
    }
    seal_err err = seal__agg_read_committee(a->chain, a->cfg.key_server_object_id, &threshold,
                                            &version, &members, &n, why, why_len);
    if (err == SEAL_OK) {
        err = seal_aggregator_set_committee(a, threshold, version, members, n);
        if (err != SEAL_OK) {
            snprintf(why, why_len,
                     "the committee on chain is not usable (threshold %u of %zu, or a "
                     "bad partial public key)",
                     (unsigned)threshold, n);
        }
    }
    free(members);
    pthread_mutex_lock(&a->metrics_mu);
    if (err == SEAL_OK) {
        a->refresh_ok++;
    } else {
        a->refresh_failed++;
    }
    pthread_mutex_unlock(&a->metrics_mu);
    char extra[384];
    size_t pos = 0;
    if (err == SEAL_OK) {
        snprintf(extra, sizeof extra, "\"threshold\":%u,\"members\":%zu,\"version\":%u",
                 (unsigned)threshold, n, (unsigned)version);
        seal__log_event(a->log_fd, "committee", extra);
    } else if (seal__agg_has_snapshot(a)) { /* a first read's failure is the caller's to report */
        pos += (size_t)snprintf(extra, sizeof extra, "\"problem\":");
        seal__log_json_string(extra, sizeof extra, &pos, why, 256);
        seal__log_event(a->log_fd, "committee_refresh_failed", extra);
    }
    return err;
}

static void *refresher_main(void *arg) {
    seal_aggregator *a = arg;
    pthread_mutex_lock(&a->refresh_mu);
    while (!a->refresh_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t ns = (uint64_t)ts.tv_nsec + (uint64_t)a->cfg.refresh_interval_ms * 1000000u;
        ts.tv_sec += (time_t)(ns / 1000000000u);
        ts.tv_nsec = (long)(ns % 1000000000u);
        int rc = 0;
        while (!a->refresh_stop && rc != ETIMEDOUT) {
            rc = pthread_cond_timedwait(&a->refresh_cv, &a->refresh_mu, &ts);
        }
        if (a->refresh_stop) {
            break;
        }
        pthread_mutex_unlock(&a->refresh_mu);
        char why[256];
        if (seal_aggregator_refresh(a, why, sizeof why) != SEAL_OK) {
            /* logged; the last snapshot stays in use */
        }
        pthread_mutex_lock(&a->refresh_mu);
    }
    pthread_mutex_unlock(&a->refresh_mu);
    return NULL;
}

seal_err seal_aggregator_start_refresh(seal_aggregator *a) {
    if (a == NULL || a->refresher_started) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (pthread_create(&a->refresher, NULL, refresher_main, a) != 0) {
        return SEAL_ERR_NO_MEMORY;
    }
    a->refresher_started = true;
    return SEAL_OK;
}

/* ---- routing -------------------------------------------------------------------------------- */

static bool is_get(const char *m) {
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

void seal_aggregator_handle(void *ctx, const seal_server_request *req, seal_server_response *resp) {
    seal_aggregator *a = ctx;
    memset(resp, 0, sizeof *resp);
    resp->route = "unknown";
    const char *path = req->path != NULL ? req->path : "";
    const char *method = req->method != NULL ? req->method : "";
    static const char text[] = "text/plain; charset=utf-8";
    if (strcmp(path, "/health") == 0) {
        resp->route = "/health";
        if (is_get(method)) {
            seal__server_health(resp);
        } else {
            seal__server_respond(resp, 405, text, "", 0);
        }
        return;
    }
    if (strcmp(path, "/v1/service") == 0) {
        /* no proof of possession exists for a committee: 400 "Unsupported", no header checks */
        resp->route = "/v1/service";
        resp->version_headers = true;
        if (is_get(method)) {
            seal__server_respond(resp, 400, text, "Unsupported", 11);
        } else {
            seal__server_respond(resp, 405, text, "", 0);
        }
        return;
    }
    if (strcmp(path, "/v1/fetch_key") == 0) {
        resp->route = "/v1/fetch_key";
        resp->version_headers = true;
        if (strcmp(method, "POST") != 0) {
            seal__server_respond(resp, 405, text, "", 0);
            return;
        }
        seal__agg_fetch_key(a, req, resp);
        return;
    }
    seal__server_respond(resp, 404, text, "", 0);
}

/* ---- metrics -------------------------------------------------------------------------------- */

static agg_member_stats *member_stats(seal_aggregator *a, const char *name) {
    agg_member_stats *free_slot = NULL;
    for (size_t i = 0; i < AGG_METRIC_MEMBERS - 1; i++) {
        agg_member_stats *s = &a->members[i];
        if (s->name[0] == '\0') {
            if (free_slot == NULL) {
                free_slot = s;
            }
        } else if (strcmp(s->name, name) == 0) {
            return s;
        }
    }
    if (free_slot != NULL) {
        snprintf(free_slot->name, sizeof free_slot->name, "%s", name);
        return free_slot;
    }
    agg_member_stats *other = &a->members[AGG_METRIC_MEMBERS - 1];
    snprintf(other->name, sizeof other->name, "other");
    return other;
}

void seal__agg_observe_member(seal_aggregator *a, const char *name, double ms, const char *kind) {
    pthread_mutex_lock(&a->metrics_mu);
    agg_member_stats *s = member_stats(a, name[0] != '\0' ? name : "unnamed");
    if (ms >= 0) {
        seal__prom_observe(s->buckets, ms);
        s->count++;
        s->sum += ms;
    }
    if (kind != NULL) {
        size_t i = 0;
        while (i < s->n_errors && strcmp(s->errors[i].kind, kind) != 0) {
            i++;
        }
        if (i == s->n_errors) {
            if (s->n_errors < AGG_METRIC_KINDS) {
                snprintf(s->errors[i].kind, sizeof s->errors[i].kind, "%s", kind);
                s->n_errors++;
            } else {
                i = AGG_METRIC_KINDS - 1;
                snprintf(s->errors[i].kind, sizeof s->errors[i].kind, "other");
            }
        }
        s->errors[i].count++;
    }
    pthread_mutex_unlock(&a->metrics_mu);
}

void seal__agg_observe_ids(seal_aggregator *a, size_t n_ids) {
    pthread_mutex_lock(&a->metrics_mu);
    size_t b = 0;
    while (b < N_IDS_BOUNDS && (double)n_ids > IDS_BOUNDS[b]) {
        b++;
    }
    a->ids_buckets[b]++;
    a->ids_count++;
    a->ids_sum += (double)n_ids;
    pthread_mutex_unlock(&a->metrics_mu);
}

/* A label value: printable ASCII with quotes and backslashes escaped, at most 96 characters. */
static void label_value(char *out, size_t cap, const char *in) {
    size_t o = 0;
    for (size_t i = 0; in[i] != '\0' && i < 96 && o + 3 < cap; i++) {
        unsigned char ch = (unsigned char)in[i];
        if (ch == '"' || ch == '\\') {
            out[o++] = '\\';
            out[o++] = (char)ch;
        } else {
            out[o++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '_';
        }
    }
    out[o] = '\0';
}

void seal_aggregator_metrics(void *ctx, seal__prom *o) {
    seal_aggregator *a = ctx;
    uint16_t threshold = 0;
    size_t n = 0;
    uint32_t version = 0;
    seal_aggregator_committee_info(a, &threshold, &n, &version);
    seal__prom_header(o, "committee_threshold", "gauge", "Threshold of the committee served");
    seal__prom_printf(o, "committee_threshold %u\n", (unsigned)threshold);
    seal__prom_header(o, "committee_members", "gauge", "Members of the committee served");
    seal__prom_printf(o, "committee_members %zu\n", n);
    seal__prom_header(o, "committee_version", "gauge", "On-chain version of the committee");
    seal__prom_printf(o, "committee_version %u\n", (unsigned)version);
    pthread_mutex_lock(&a->metrics_mu);
    seal__prom_header(o, "committee_refreshes", "counter",
                      "Reads of the committee from the chain by outcome");
    seal__prom_printf(o, "committee_refreshes{outcome=\"ok\"} %llu\n",
                      (unsigned long long)a->refresh_ok);
    seal__prom_printf(o, "committee_refreshes{outcome=\"failed\"} %llu\n",
                      (unsigned long long)a->refresh_failed);
    seal__prom_header(o, "expected_key_ids_per_request", "histogram",
                      "Distinct key ids a fetch_key request asks for");
    uint64_t cum = 0;
    for (size_t b = 0; b < N_IDS_BOUNDS; b++) {
        cum += a->ids_buckets[b];
        seal__prom_printf(o, "expected_key_ids_per_request_bucket{le=\"%g\"} %llu\n", IDS_BOUNDS[b],
                          (unsigned long long)cum);
    }
    seal__prom_printf(o, "expected_key_ids_per_request_bucket{le=\"+Inf\"} %llu\n",
                      (unsigned long long)a->ids_count);
    seal__prom_printf(o, "expected_key_ids_per_request_sum %.0f\n", a->ids_sum);
    seal__prom_printf(o, "expected_key_ids_per_request_count %llu\n",
                      (unsigned long long)a->ids_count);
    seal__prom_header(o, "key_server_fetch_duration_millis", "histogram",
                      "Duration of the requests to each committee member in milliseconds");
    for (size_t i = 0; i < AGG_METRIC_MEMBERS; i++) {
        const agg_member_stats *s = &a->members[i];
        if (s->name[0] == '\0' || s->count == 0) {
            continue;
        }
        char name[200], labels[240];
        label_value(name, sizeof name, s->name);
        snprintf(labels, sizeof labels, "key_server_name=\"%s\"", name);
        seal__prom_histogram(o, "key_server_fetch_duration_millis", labels, s->buckets, s->count,
                             s->sum);
    }
    seal__prom_header(o, "upstream_key_server_errors", "counter",
                      "Failed requests to committee members by member and error");
    for (size_t i = 0; i < AGG_METRIC_MEMBERS; i++) {
        const agg_member_stats *s = &a->members[i];
        char name[200], kind[96];
        label_value(name, sizeof name, s->name);
        for (size_t k = 0; k < s->n_errors; k++) {
            label_value(kind, sizeof kind, s->errors[k].kind);
            seal__prom_printf(
                o,
                "upstream_key_server_errors{key_server_name=\"%s\",error_type=\"%s\"} "
                "%llu\n",
                name, kind, (unsigned long long)s->errors[k].count);
        }
    }
    pthread_mutex_unlock(&a->metrics_mu);
}
