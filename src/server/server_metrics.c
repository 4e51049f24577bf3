/*
 * Prometheus metrics of the key server, with the upstream names (PROTOCOL.md 22) that apply to
 * this server. One mutex protects every counter (a few hundred nanoseconds per request, far
 * below the cost of a request). Label sets are bounded: fixed routes, at most
 * METRICS_STATUSES statuses per route, METRICS_KINDS error kinds and METRICS_SDKS SDK
 * (type, version) pairs; what does not fit is counted under the label value "other".
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/server.h"
#include "server/server_http_internal.h"

#define METRICS_STATUSES 16
#define METRICS_KINDS 32
#define METRICS_SDKS 64

static const double dur_bounds[] = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
#define N_DUR (sizeof dur_bounds / sizeof dur_bounds[0])
_Static_assert(N_DUR + 1 == SEAL__PROM_BUCKETS, "SEAL__PROM_BUCKETS follows dur_bounds");
static const double ids_bounds[] = {1, 2, 3, 5, 10, 20, 50, 100};
#define N_IDS (sizeof ids_bounds / sizeof ids_bounds[0])

typedef struct status_slot {
    unsigned status;
    uint64_t count;
    uint64_t buckets[N_DUR + 1]; /* non-cumulative; last = above the largest bound */
    double sum;
} status_slot;

typedef struct route_stats {
    status_slot slots[METRICS_STATUSES];
    size_t n_slots;
    int64_t in_flight;
} route_stats;

typedef struct kind_slot {
    char kind[40];
    uint64_t count;
} kind_slot;

typedef struct sdk_slot {
    char type[24];
    char version[40];
    uint64_t count;
} sdk_slot;

struct seal__metrics {
    pthread_mutex_t mu;
    struct timespec start;
    route_stats routes[SEAL__ROUTE_COUNT];
    kind_slot kinds[METRICS_KINDS];
    size_t n_kinds;
    sdk_slot sdks[METRICS_SDKS];
    size_t n_sdks;
    uint64_t total_requests, service_requests, stale;
    uint64_t ids_buckets[N_IDS + 1];
    uint64_t ids_count;
    double ids_sum;
    uint64_t policy_buckets[N_DUR + 1], policy_count;
    double policy_sum;
    uint64_t pkg_buckets[N_DUR + 1], pkg_count;
    double pkg_sum;
};

static const char *const route_names[SEAL__ROUTE_COUNT] = {
    "/v1/fetch_key", "/v1/service", "/v1/debug/committee_partial_pk", "/health", "unknown"};

int seal__route_of_path(const char *path) {
    for (int i = 0; i < SEAL__ROUTE_UNKNOWN; i++) {
        if (path != NULL && strcmp(path, route_names[i]) == 0) {
            return i;
        }
    }
    return SEAL__ROUTE_UNKNOWN;
}

const char *seal__route_name(int route) {
    return route >= 0 && route < SEAL__ROUTE_COUNT ? route_names[route] : "unknown";
}

seal_err seal__metrics_new(seal__metrics **out) {
    *out = NULL;
    seal__metrics *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    if (pthread_mutex_init(&m->mu, NULL) != 0) {
        free(m);
        return SEAL_ERR_NO_MEMORY;
    }
    clock_gettime(CLOCK_MONOTONIC, &m->start);
    *out = m;
    return SEAL_OK;
}

void seal__metrics_free(seal__metrics *m) {
    if (m == NULL) {
        return;
    }
    pthread_mutex_destroy(&m->mu);
    free(m);
}

void seal__metrics_in_flight(seal__metrics *m, int route, int delta) {
    if (route < 0 || route >= SEAL__ROUTE_COUNT) {
        route = SEAL__ROUTE_UNKNOWN;
    }
    pthread_mutex_lock(&m->mu);
    m->routes[route].in_flight += delta;
    pthread_mutex_unlock(&m->mu);
}

/* A label value we can print without escaping: [A-Za-z0-9._+-] only, others become '_'. */
static void label_copy(char *dst, size_t cap, const char *src) {
    size_t i = 0;
    for (; src[i] != '\0' && i + 1 < cap; i++) {
        char c = src[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '+' || c == '-';
        dst[i] = ok ? c : '_';
    }
    dst[i] = '\0';
}

static size_t dur_bucket(double ms) {
    size_t b = 0;
    while (b < N_DUR && ms > dur_bounds[b]) {
        b++;
    }
    return b;
}

void seal__metrics_observe(seal__metrics *m, const seal__metrics_obs *o) {
    int route = o->route >= 0 && o->route < SEAL__ROUTE_COUNT ? o->route : SEAL__ROUTE_UNKNOWN;
    pthread_mutex_lock(&m->mu);
    route_stats *rs = &m->routes[route];
    status_slot *slot = NULL;
    for (size_t i = 0; i < rs->n_slots; i++) {
        if (rs->slots[i].status == o->status) {
            slot = &rs->slots[i];
        }
    }
    if (slot == NULL) {
        /* the last slot collects statuses that do not fit (status 0 = "other") */
        size_t i;
        if (rs->n_slots < METRICS_STATUSES - 1) {
            i = rs->n_slots++;
            rs->slots[i].status = o->status;
        } else {
            i = METRICS_STATUSES - 1;
            rs->n_slots = METRICS_STATUSES;
            rs->slots[i].status = 0;
        }
        slot = &rs->slots[i];
    }
    slot->count++;
    slot->sum += o->duration_ms;
    slot->buckets[dur_bucket(o->duration_ms)]++;

    if (o->check_policy_us != 0) {
        double ms = (double)o->check_policy_us / 1000.0;
        m->policy_buckets[dur_bucket(ms)]++;
        m->policy_count++;
        m->policy_sum += ms;
    }
    if (o->fetch_pkg_ids_us != 0) {
        double ms = (double)o->fetch_pkg_ids_us / 1000.0;
        m->pkg_buckets[dur_bucket(ms)]++;
        m->pkg_count++;
        m->pkg_sum += ms;
    }
    if (route == SEAL__ROUTE_FETCH_KEY) {
        m->total_requests++;
        if (o->status == 200) {
            size_t k = 0;
            while (k < N_IDS && (double)o->n_ids > ids_bounds[k]) {
                k++;
            }
            m->ids_buckets[k]++;
            m->ids_count++;
            m->ids_sum += (double)o->n_ids;
        }
    } else if (route == SEAL__ROUTE_SERVICE) {
        m->service_requests++;
    }
    if (o->error_kind != NULL && o->error_kind[0] != '\0') {
        char kind[40];
        label_copy(kind, sizeof kind, o->error_kind);
        size_t i = 0;
        while (i < m->n_kinds && strcmp(m->kinds[i].kind, kind) != 0) {
            i++;
        }
        if (i == m->n_kinds) {
            if (m->n_kinds < METRICS_KINDS - 1) {
                m->n_kinds++;
                memcpy(m->kinds[i].kind, kind, sizeof kind);
            } else {
                i = METRICS_KINDS - 1;
                m->n_kinds = METRICS_KINDS;
                strcpy(m->kinds[i].kind, "other");
            }
        }
        m->kinds[i].count++;
        if (strstr(o->error_kind, "Stale") != NULL ||
            (o->reason != NULL && strstr(o->reason, "stale") != NULL)) {
            m->stale++;
        }
    }
    if (o->sdk_type != NULL && o->sdk_type[0] != '\0') {
        char type[24], version[40];
        label_copy(type, sizeof type, o->sdk_type);
        label_copy(version, sizeof version, o->sdk_version != NULL ? o->sdk_version : "");
        size_t i = 0;
        while (i < m->n_sdks &&
               (strcmp(m->sdks[i].type, type) != 0 || strcmp(m->sdks[i].version, version) != 0)) {
            i++;
        }
        if (i == m->n_sdks) {
            if (m->n_sdks < METRICS_SDKS - 1) {
                m->n_sdks++;
                memcpy(m->sdks[i].type, type, sizeof type);
                memcpy(m->sdks[i].version, version, sizeof version);
            } else {
                i = METRICS_SDKS - 1;
                m->n_sdks = METRICS_SDKS;
                strcpy(m->sdks[i].type, "other");
                strcpy(m->sdks[i].version, "other");
            }
        }
        m->sdks[i].count++;
    }
    pthread_mutex_unlock(&m->mu);
}

/* ---- rendering ----------------------------------------------------------------------------- */

void seal__prom_printf(seal__prom *o, const char *fmt, ...) {
    if (o->failed) {
        return;
    }
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->failed = true;
            return;
        }
        if ((size_t)n < o->cap - o->len) {
            o->len += (size_t)n;
            return;
        }
        size_t ncap = o->cap * 2 + (size_t)n;
        char *np = realloc(o->p, ncap);
        if (np == NULL) {
            o->failed = true;
            return;
        }
        o->p = np;
        o->cap = ncap;
    }
}

void seal__prom_header(seal__prom *o, const char *name, const char *type, const char *help) {
    seal__prom_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void seal__prom_histogram(seal__prom *o, const char *name, const char *labels,
                          const uint64_t buckets[static SEAL__PROM_BUCKETS], uint64_t count,
                          double sum) {
    const char *sep = labels[0] != '\0' ? "," : "";
    uint64_t cum = 0;
    for (size_t b = 0; b < N_DUR; b++) {
        cum += buckets[b];
        seal__prom_printf(o, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep, dur_bounds[b],
                          (unsigned long long)cum);
    }
    seal__prom_printf(o, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
                      (unsigned long long)count);
    if (labels[0] != '\0') {
        seal__prom_printf(o, "%s_sum{%s} %.3f\n%s_count{%s} %llu\n", name, labels, sum, name,
                          labels, (unsigned long long)count);
    } else {
        seal__prom_printf(o, "%s_sum %.3f\n%s_count %llu\n", name, sum, name,
                          (unsigned long long)count);
    }
}

void seal__prom_observe(uint64_t buckets[static SEAL__PROM_BUCKETS], double ms) {
    buckets[dur_bucket(ms)]++;
}

static void status_label(char out[8], unsigned status) {
    if (status == 0) {
        strcpy(out, "other");
    } else {
        snprintf(out, 8, "%u", status % 1000u);
    }
}

seal_err seal__metrics_render(seal__metrics *m, char **out, size_t *out_len) {
    return seal__metrics_render_with(m, NULL, NULL, out, out_len);
}

seal_err seal__metrics_render_with(seal__metrics *m, seal__prom_extra_fn extra, void *extra_ctx,
                                   char **out, size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    seal__prom o = {malloc(16384), 0, 16384, false};
    if (o.p == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    o.p[0] = '\0';
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);

    pthread_mutex_lock(&m->mu);
    seal__prom_header(&o, "total_requests", "counter",
                      "Total number of fetch_key requests received");
    seal__prom_printf(&o, "total_requests %llu\n", (unsigned long long)m->total_requests);
    seal__prom_header(&o, "service_requests", "counter",
                      "Total number of service requests received");
    seal__prom_printf(&o, "service_requests %llu\n", (unsigned long long)m->service_requests);
    seal__prom_header(&o, "internal_errors", "counter", "Total number of errors by type");
    for (size_t i = 0; i < m->n_kinds; i++) {
        seal__prom_printf(&o, "internal_errors{internal_error_type=\"%s\"} %llu\n",
                          m->kinds[i].kind, (unsigned long long)m->kinds[i].count);
    }
    seal__prom_header(&o, "requests_failed_due_to_staleness", "counter",
                      "Requests failed because the full node was stale");
    seal__prom_printf(&o, "requests_failed_due_to_staleness %llu\n", (unsigned long long)m->stale);

    seal__prom_header(&o, "check_policy_duration", "histogram",
                      "Duration of the policy check (dry run) in milliseconds");
    seal__prom_histogram(&o, "check_policy_duration", "", m->policy_buckets, m->policy_count,
                         m->policy_sum);
    seal__prom_header(&o, "fetch_pkg_ids_duration", "histogram",
                      "Duration of the package id resolution in milliseconds");
    seal__prom_histogram(&o, "fetch_pkg_ids_duration", "", m->pkg_buckets, m->pkg_count,
                         m->pkg_sum);
    seal__prom_header(&o, "requests_per_number_of_ids", "histogram",
                      "Number of ids in each successful fetch_key request");
    uint64_t cum = 0;
    for (size_t k = 0; k < N_IDS; k++) {
        cum += m->ids_buckets[k];
        seal__prom_printf(&o, "requests_per_number_of_ids_bucket{le=\"%g\"} %llu\n", ids_bounds[k],
                          (unsigned long long)cum);
    }
    seal__prom_printf(&o, "requests_per_number_of_ids_bucket{le=\"+Inf\"} %llu\n",
                      (unsigned long long)m->ids_count);
    seal__prom_printf(&o, "requests_per_number_of_ids_sum %.0f\n", m->ids_sum);
    seal__prom_printf(&o, "requests_per_number_of_ids_count %llu\n",
                      (unsigned long long)m->ids_count);

    seal__prom_header(&o, "http_requests_total", "counter", "HTTP requests by route and status");
    for (int r = 0; r < SEAL__ROUTE_COUNT; r++) {
        for (size_t i = 0; i < m->routes[r].n_slots; i++) {
            char st[8];
            status_label(st, m->routes[r].slots[i].status);
            seal__prom_printf(&o, "http_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                              route_names[r], st, (unsigned long long)m->routes[r].slots[i].count);
        }
    }
    seal__prom_header(&o, "http_request_duration_millis", "histogram",
                      "HTTP request duration in milliseconds by route and status");
    for (int r = 0; r < SEAL__ROUTE_COUNT; r++) {
        for (size_t i = 0; i < m->routes[r].n_slots; i++) {
            const status_slot *s = &m->routes[r].slots[i];
            char st[8];
            status_label(st, s->status);
            cum = 0;
            for (size_t b = 0; b < N_DUR; b++) {
                cum += s->buckets[b];
                seal__prom_printf(
                    &o,
                    "http_request_duration_millis_bucket{route=\"%s\",status=\"%s\",le=\"%g\"} "
                    "%llu\n",
                    route_names[r], st, dur_bounds[b], (unsigned long long)cum);
            }
            seal__prom_printf(
                &o,
                "http_request_duration_millis_bucket{route=\"%s\",status=\"%s\",le=\"+Inf\"} "
                "%llu\n",
                route_names[r], st, (unsigned long long)s->count);
            seal__prom_printf(&o,
                              "http_request_duration_millis_sum{route=\"%s\",status=\"%s\"} %.3f\n",
                              route_names[r], st, s->sum);
            seal__prom_printf(
                &o, "http_request_duration_millis_count{route=\"%s\",status=\"%s\"} %llu\n",
                route_names[r], st, (unsigned long long)s->count);
        }
    }
    seal__prom_header(&o, "http_request_in_flight", "gauge",
                      "HTTP requests being processed by route");
    for (int r = 0; r < SEAL__ROUTE_COUNT; r++) {
        seal__prom_printf(&o, "http_request_in_flight{route=\"%s\"} %lld\n", route_names[r],
                          (long long)m->routes[r].in_flight);
    }
    seal__prom_header(&o, "key_server_version", "gauge", "Version of the key server");
    seal__prom_printf(&o, "key_server_version{version=\"%s\"} 1\n", SEAL_SERVER_VERSION);
    seal__prom_header(&o, "client_sdk_version", "counter",
                      "Requests by client SDK type and version");
    for (size_t i = 0; i < m->n_sdks; i++) {
        seal__prom_printf(&o, "client_sdk_version{sdk_type=\"%s\",version=\"%s\"} %llu\n",
                          m->sdks[i].type, m->sdks[i].version,
                          (unsigned long long)m->sdks[i].count);
    }
    double up =
        (double)(now.tv_sec - m->start.tv_sec) + (double)(now.tv_nsec - m->start.tv_nsec) / 1e9;
    seal__prom_header(&o, "uptime", "gauge", "Seconds since the key server started");
    seal__prom_printf(&o, "uptime %.0f\n", up < 0 ? 0.0 : up);
    pthread_mutex_unlock(&m->mu);
    if (extra != NULL) {
        extra(extra_ctx, &o);
    }

    if (o.failed) {
        free(o.p);
        return SEAL_ERR_NO_MEMORY;
    }
    *out = o.p;
    *out_len = o.len;
    return SEAL_OK;
}
