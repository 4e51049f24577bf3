/*
 * POST /v1/fetch_key through the aggregator (COMMITTEE.md 7.2-7.6):
 *   1. the body as the key server reads it (415/400/422), then the client headers: typescript,
 *      rust or python, with a version meeting its requirement;
 *   2. the PTB with the key server's rules and its first package id (cached): InvalidPTB,
 *      InvalidPackage or Failure at once; the expected ids are the distinct
 *      first_pkg || inner_id;
 *   3. every member of the committee snapshot at once (libcurl multi, one timeout per member):
 *      a member without api_credentials fails at once; a non-2xx answer relays the member's
 *      {"error","message"} (Failure when there is none); a 2xx answer needs an acceptable
 *      X-KeyServer-Version, exactly the expected ids once each, and every encrypted partial key
 *      verifying against the member's partial public key (one pairing product per member);
 *   4. completions are taken in arrival order; the fan-out stops at t successes (the other
 *      transfers are cancelled) or as soon as t can no longer be reached;
 *   5. t successes: the combination in the exponent per id; otherwise the most frequent error
 *      kind among the members' errors (the first member's message of that kind), Failure when
 *      there are none.
 * The aggregator checks neither the certificate nor the signatures nor the policy: the members
 * do, and a member's verdict is what it relays.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aggregator/internal.h"
#include "client/internal.h"
#include "seal/client.h"
#include "seal/committee_aggregate.h"
#include "seal/ibe.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"
#include "util/json.h"

typedef struct member_error {
    char kind[SEAL__AGG_KIND_MAX];
    char message[SEAL__AGG_MESSAGE_MAX];
    bool relayed; /* the member's own error body; else the aggregator's Failure */
} member_error;

typedef struct member_job {
    const agg_member *mem;
    size_t index; /* in the snapshot */
    CURL *easy;
    struct curl_slist *headers;
    char url[SEAL_AGGREGATOR_URL_MAX + 16];
    char *body;
    size_t body_len;
    bool too_big;
    char version[64];
    bool have_version;
    uint64_t t0_us;
    bool active;
} member_job;

typedef struct fetch_state {
    seal_aggregator *a;
    agg_snapshot *snap;
    /* the expected ids, distinct, in the order of the PTB */
    size_t n_ids;
    uint8_t **ids;
    size_t *id_lens;
    seal_g1 *gid; /* H1 of each */
    seal_g2 vk;   /* enc_verification_key */
    /* members that answered well: party ids and their keys ([k * n_ids + id]) */
    size_t n_ok;
    uint16_t *ok_party;
    seal_g1 *ok_c1, *ok_c2;
    /* failures in arrival order */
    size_t n_err;
    member_error *errs;
    /* for the log line: the first failure's cause */
    char first_problem[160];
} fetch_state;

static uint64_t mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- outcomes ------------------------------------------------------------------------------- */

/* A failure made by the aggregator: Failure, with the cause kept for the logs and metrics. */
static void fail_member(fetch_state *st, const agg_member *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail_member(fetch_state *st, const agg_member *m, const char *fmt, ...) {
    member_error *e = &st->errs[st->n_err++];
    snprintf(e->kind, sizeof e->kind, "Failure");
    e->relayed = false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    if (st->first_problem[0] == '\0') {
        snprintf(st->first_problem, sizeof st->first_problem, "%.40s: %.110s", m->m.name,
                 e->message);
    }
}

/* An error kind worth relaying: an identifier as upstream's error names are. */
static bool kind_ok(const char *k) {
    size_t n = strlen(k);
    if (n == 0 || n >= SEAL__AGG_KIND_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = k[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_')) {
            return false;
        }
    }
    return true;
}

bool seal__agg_parse_error_body(char kind[static SEAL__AGG_KIND_MAX],
                                char message[static SEAL__AGG_MESSAGE_MAX], const char *body,
                                size_t len) {
    json_error_t je;
    json_t *root = seal__json_loadb(body, len, 0, &je);
    const json_t *k = json_object_get(root, "error");
    const json_t *m = json_object_get(root, "message");
    bool ok = json_is_object(root) && json_is_string(k) && json_is_string(m) &&
              kind_ok(json_string_value(k));
    if (ok) {
        snprintf(kind, SEAL__AGG_KIND_MAX, "%s", json_string_value(k));
        const char *msg = json_string_value(m);
        size_t n = json_string_length(m);
        size_t o = 0;
        for (size_t i = 0; i < n && o + 1 < SEAL__AGG_MESSAGE_MAX; i++) {
            unsigned char ch = (unsigned char)msg[i];
            message[o++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
        }
        message[o] = '\0';
    }
    json_decref(root);
    return ok;
}

/* ---- one member's answer -------------------------------------------------------------------- */

static bool id_index(const fetch_state *st, const uint8_t *id, size_t len, size_t *out) {
    for (size_t i = 0; i < st->n_ids; i++) {
        if (st->id_lens[i] == len && memcmp(st->ids[i], id, len) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

const char *seal__agg_check_answer(const char *body, size_t len, uint8_t *const *ids,
                                   const size_t *id_lens, size_t n_ids, const seal_g1 *gid,
                                   const seal_g2 *vk, const seal_g2 *pk, seal_g1 *c1, seal_g1 *c2,
                                   bool *invalid_key) {
    seal_client_encrypted_key *keys = NULL;
    size_t n = 0;
    char why[96];
    const char *problem = NULL;
    *invalid_key = false;
    bool *seen = calloc(n_ids > 0 ? n_ids : 1, sizeof *seen);
    if (seen == NULL) {
        problem = "out of memory";
    } else if (n_ids == 0 || n_ids > SEAL_COMMITTEE_MAX_BATCH) {
        problem = "no ids, or too many";
    } else if (seal_client_response_parse(&keys, &n, n_ids, body, len, why, sizeof why) !=
               SEAL_OK) {
        problem = "malformed answer";
    } else if (n != n_ids) {
        problem = "wrong number of keys";
    }
    for (size_t k = 0; problem == NULL && k < n; k++) {
        size_t i = 0;
        while (i < n_ids && !(id_lens[i] == keys[k].full_id_len &&
                              memcmp(ids[i], keys[k].full_id, id_lens[i]) == 0)) {
            i++;
        }
        if (i == n_ids) {
            problem = "a key for an id that was not asked for";
        } else if (seen[i]) {
            problem = "the same id twice";
        } else if (seal_g1_decompress(&c1[i], keys[k].c0) != SEAL_OK ||
                   seal_g1_decompress(&c2[i], keys[k].c1) != SEAL_OK) {
            problem = "an encrypted key is not a G1 point";
        } else {
            seen[i] = true;
        }
    }
    if (problem == NULL &&
        seal_committee_verify_partial_keys(c1, c2, gid, n_ids, vk, pk, NULL) != SEAL_OK) {
        problem = "a partial key does not verify against the member's partial public key";
        *invalid_key = true;
    }
    free(keys);
    free(seen);
    return problem;
}

/* 7.4: the version header, the ids, the pairing check. On success the member's keys are stored
 * at the next success slot. */
static void member_answered(fetch_state *st, member_job *j, long status) {
    const agg_member *m = j->mem;
    seal_aggregator *a = st->a;
    if (status < 200 || status > 299) {
        member_error *e = &st->errs[st->n_err];
        if (j->body != NULL &&
            seal__agg_parse_error_body(e->kind, e->message, j->body, j->body_len)) {
            e->relayed = true;
            st->n_err++;
            if (st->first_problem[0] == '\0') {
                snprintf(st->first_problem, sizeof st->first_problem, "%.40s: %s", m->m.name,
                         e->kind);
            }
            seal__agg_observe_member(a, m->m.name, -1, e->kind);
        } else {
            fail_member(st, m, "HTTP %ld without an error body", status);
            seal__agg_observe_member(a, m->m.name, -1, "InvalidResponse");
        }
        return;
    }
    seal__semver v;
    if (!j->have_version || !seal__semver_parse(&v, j->version) ||
        !seal__semver_req_matches(a->cfg.key_server_version_requirement, &v)) {
        fail_member(st, m, "X-KeyServer-Version %s does not meet %s",
                    j->have_version ? "unusable" : "missing",
                    a->cfg.key_server_version_requirement);
        seal__agg_observe_member(a, m->m.name, -1, "KeyServerVersion");
        return;
    }
    bool invalid_key = false;
    const char *problem = seal__agg_check_answer(j->body != NULL ? j->body : "", j->body_len,
                                                 st->ids, st->id_lens, st->n_ids, st->gid, &st->vk,
                                                 &m->pk, &st->ok_c1[st->n_ok * st->n_ids],
                                                 &st->ok_c2[st->n_ok * st->n_ids], &invalid_key);
    if (problem != NULL) {
        fail_member(st, m, "%s", problem);
        seal__agg_observe_member(a, m->m.name, -1, invalid_key ? "InvalidKey" : "InvalidResponse");
        return;
    }
    st->ok_party[st->n_ok++] = m->m.party_id;
}

/* ---- the transfers -------------------------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud) {
    member_job *j = ud;
    size_t n = size * nmemb;
    return seal__http_body_append(&j->body, &j->body_len, SEAL_AGGREGATOR_MEMBER_BODY_MAX,
                                  &j->too_big, p, n)
               ? n
               : 0;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud) {
    member_job *j = ud;
    size_t n = size * nmemb;
    if (seal__http_version_header(p, n, j->version, sizeof j->version)) {
        j->have_version = true;
    }
    return n;
}

static void job_clear(member_job *j) {
    if (j->easy != NULL) {
        curl_easy_cleanup(j->easy);
    }
    if (j->headers != NULL) {
        curl_slist_free_all(j->headers);
    }
    free(j->body);
    memset(j, 0, sizeof *j);
}

/* The request to one member: upstream's headers, the client's Request-Id, the member's API key
 * header. */
static bool job_setup(seal_aggregator *a, member_job *j, const char *request_id, const char *body,
                      size_t body_len) {
    const agg_member *m = j->mem;
    char h[700];
    snprintf(j->url, sizeof j->url, "%s/v1/fetch_key", m->m.url);
    j->easy = curl_easy_init();
    if (j->easy == NULL) {
        return false;
    }
    struct curl_slist *l = NULL;
    bool ok = seal__http_header_append(&l, "Client-Sdk-Type: aggregator") &&
              seal__http_header_append(&l, "Client-Sdk-Version: " SEAL_SERVER_VERSION);
    /* an empty value is written "Name;" for libcurl ("Name:" would remove the header) */
    if (request_id[0] != '\0') {
        snprintf(h, sizeof h, "Request-Id: %s", request_id);
    } else {
        snprintf(h, sizeof h, "Request-Id;");
    }
    ok = ok && seal__http_header_append(&l, h) &&
         seal__http_header_append(&l, "Content-Type: application/json") &&
         seal__http_header_append(&l, "Expect:");
    snprintf(h, sizeof h, "%s: %s", m->cred->header, m->cred->value);
    ok = ok && seal__http_header_append(&l, h);
    seal_memzero(h, sizeof h);
    if (!ok) {
        return false;
    }
    j->headers = l;
    CURL *e = j->easy;
    curl_easy_setopt(e, CURLOPT_URL, j->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)a->cfg.member_timeout_ms);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)body_len);
    return true;
}

static bool member_url_ok(const char *url) {
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

/* Steps 3 and 4: returns once t members succeeded, t became unreachable, or every member
 * finished. */
static void fan_out(fetch_state *st, const char *request_id, const char *body, size_t body_len) {
    seal_aggregator *a = st->a;
    const agg_snapshot *s = st->snap;
    size_t t = s->threshold;
    size_t completed = 0;
    member_job *jobs = calloc(s->n, sizeof *jobs);
    CURLM *multi = seal__agg_multi_take(a);
    size_t n_jobs = 0;
    if (jobs == NULL || multi == NULL) {
        free(jobs);
        seal__agg_multi_give(a, multi);
        return; /* no success and no member error: Failure */
    }
    /* Members that cannot be called fail first, in member order. */
    for (size_t i = 0; i < s->n && st->n_ok + (s->n - completed) >= t; i++) {
        const agg_member *m = &s->members[i];
        if (m->cred == NULL) {
            fail_member(st, m, "no api_credentials for member '%.100s' (%.200s)", m->m.name,
                        m->m.url);
            seal__agg_observe_member(a, m->m.name, -1, "MissingCredentials");
            completed++;
        } else if (!member_url_ok(m->m.url)) {
            fail_member(st, m, "the member's URL is not http(s)");
            seal__agg_observe_member(a, m->m.name, -1, "InvalidUrl");
            completed++;
        } else {
            member_job *j = &jobs[n_jobs++];
            j->mem = m;
            j->index = i;
        }
    }
    if (st->n_ok + (s->n - completed) < t) {
        n_jobs = 0; /* t is out of reach already: nobody is called */
    }
    for (size_t k = 0; k < n_jobs; k++) {
        member_job *j = &jobs[k];
        j->t0_us = mono_us();
        if (!job_setup(a, j, request_id, body, body_len) ||
            curl_multi_add_handle(multi, j->easy) != CURLM_OK) {
            fail_member(st, j->mem, "out of memory");
            completed++;
            continue;
        }
        j->active = true;
    }
    size_t running_jobs = 0;
    for (size_t k = 0; k < n_jobs; k++) {
        running_jobs += jobs[k].active ? 1 : 0;
    }
    while (running_jobs > 0 && st->n_ok < t && st->n_ok + (s->n - completed) >= t) {
        int running = 0;
        curl_multi_perform(multi, &running);
        void *done = NULL;
        int result = 0;
        long status = 0;
        while (seal__http_next_done(multi, &done, &result, &status)) {
            member_job *j = done;
            CURLcode rc = (CURLcode)result;
            j->active = false;
            running_jobs--;
            if (st->n_ok >= t || st->n_ok + (s->n - completed) < t) {
                continue; /* decided by an earlier completion of this batch: not counted */
            }
            completed++;
            double ms = (double)(mono_us() - j->t0_us) / 1000.0;
            if (rc != CURLE_OK) {
                bool timeout = rc == CURLE_OPERATION_TIMEDOUT;
                const char *kind = timeout ? "Timeout" : j->too_big ? "TooLarge" : "Connection";
                fail_member(st, j->mem, "%s",
                            j->too_big ? "answer too large" : curl_easy_strerror(rc));
                seal__agg_observe_member(a, j->mem->m.name, ms, kind);
            } else {
                member_answered(st, j, status);
                seal__agg_observe_member(a, j->mem->m.name, ms, NULL);
            }
        }
        if (st->n_ok >= t || st->n_ok + (s->n - completed) < t || running_jobs == 0) {
            break;
        }
        curl_multi_poll(multi, NULL, 0, 50, NULL);
    }
    /* Cancel what still runs (upstream drops the other requests). */
    for (size_t k = 0; k < n_jobs; k++) {
        if (jobs[k].active) {
            curl_multi_remove_handle(multi, jobs[k].easy);
        }
        job_clear(&jobs[k]);
    }
    free(jobs);
    seal__agg_multi_give(a, multi);
}

/* ---- the request to the members ------------------------------------------------------------- */

/* The parsed request re-serialized (upstream sends its FetchKeyRequest again: the same fields,
 * mvr_name null when absent). */
static char *member_body(const seal__fetch_request *fr, const uint8_t *ptb, size_t ptb_len,
                         size_t *len) {
    char *ptb_b64 = malloc((ptb_len + 2) / 3 * 4 + 1);
    char *sig_b64 = malloc((fr->signature_len + 2) / 3 * 4 + 1);
    char ek[72], vk[136], rs[96], svk[48], user[SEAL_SUI_ADDRESS_HEX_BYTES];
    char *text = NULL;
    json_t *root = NULL;
    if (ptb_b64 != NULL && sig_b64 != NULL) {
        seal_sui_base64_encode(ptb_b64, ptb, ptb_len);
        seal_sui_base64_encode(sig_b64, fr->signature, fr->signature_len);
        seal_sui_base64_encode(ek, fr->enc_key, 48);
        seal_sui_base64_encode(vk, fr->enc_vk, 96);
        seal_sui_base64_encode(rs, fr->request_signature, 64);
        seal_sui_base64_encode(svk, fr->session_vk, 32);
        seal_sui_address_format(user, fr->user);
        root = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:I, s:I, s:s, s:s?}}", "ptb", ptb_b64,
                         "enc_key", ek, "enc_verification_key", vk, "request_signature", rs,
                         "certificate", "user", user, "session_vk", svk, "creation_time",
                         (json_int_t)fr->creation_time, "ttl_min", (json_int_t)fr->ttl_min,
                         "signature", sig_b64, "mvr_name", fr->mvr_name);
    }
    if (root != NULL) {
        text = seal__json_dumps(root, JSON_COMPACT);
    }
    json_decref(root);
    free(ptb_b64);
    free(sig_b64);
    *len = text != NULL ? strlen(text) : 0;
    return text;
}

/* The Request-Id forwarded: the client's when it is printable and short, else empty. */
static void request_id_of(char out[129], const seal_server_request *req) {
    const char *rid = seal__server_header(req, "Request-Id");
    out[0] = '\0';
    if (rid == NULL || strlen(rid) > 128) {
        return;
    }
    for (const unsigned char *p = (const unsigned char *)rid; *p != '\0'; p++) {
        if (*p < 0x20 || *p >= 0x7f) {
            return;
        }
    }
    snprintf(out, 129, "%s", rid);
}

/* ---- the answer ----------------------------------------------------------------------------- */

/* 7.6: the most frequent error kind, its first message; Failure when there is none. */
static void respond_error(fetch_state *st, seal_server_response *resp) {
    size_t best = SIZE_MAX, best_count = 0;
    for (size_t i = 0; i < st->n_err; i++) {
        size_t count = 0;
        bool first = true;
        for (size_t k = 0; k < st->n_err; k++) {
            if (strcmp(st->errs[k].kind, st->errs[i].kind) == 0) {
                count++;
                first &= k >= i;
            }
        }
        if (first && count > best_count) {
            best = i;
            best_count = count;
        }
    }
    snprintf(resp->reason, sizeof resp->reason, "%zu of %zu members answered, need %u%s%.120s",
             st->n_ok, st->snap != NULL ? st->snap->n : 0,
             st->snap != NULL ? (unsigned)st->snap->threshold : 0,
             st->first_problem[0] != '\0' ? "; " : "", st->first_problem);
    if (best == SIZE_MAX || !st->errs[best].relayed) {
        seal__server_error(resp, "Failure", NULL);
        return;
    }
    seal__server_error_relay(resp, st->errs[best].kind, st->errs[best].message);
}

/* 7.5: one aggregated encrypted key per expected id. */
static void respond_keys(fetch_state *st, seal_server_response *resp) {
    size_t t = st->n_ok;
    seal_scalar *lambdas = calloc(t, sizeof *lambdas);
    seal_g1 *p1 = calloc(t, sizeof *p1), *p2 = calloc(t, sizeof *p2);
    json_t *keys = json_array();
    if (lambdas == NULL || p1 == NULL || p2 == NULL || keys == NULL ||
        seal_committee_lagrange_at_zero(lambdas, st->ok_party, t, st->snap->threshold) != SEAL_OK) {
        seal__server_error(resp, "Failure", "aggregation failed");
        goto out;
    }
    for (size_t i = 0; i < st->n_ids; i++) {
        for (size_t k = 0; k < t; k++) {
            p1[k] = st->ok_c1[k * st->n_ids + i];
            p2[k] = st->ok_c2[k * st->n_ids + i];
        }
        seal_g1 c1, c2;
        uint8_t b1[48], b2[48];
        char s1[72], s2[72];
        seal_committee_combine(&c1, &c2, lambdas, p1, p2, t);
        seal_g1_compress(b1, &c1);
        seal_g1_compress(b2, &c2);
        seal_sui_base64_encode(s1, b1, 48);
        seal_sui_base64_encode(s2, b2, 48);
        json_t *id = json_array();
        for (size_t b = 0; id != NULL && b < st->id_lens[i]; b++) {
            if (json_array_append_new(id, json_integer(st->ids[i][b])) != 0) {
                json_decref(id);
                id = NULL;
            }
        }
        json_t *entry =
            id != NULL ? json_pack("{s:o, s:[s,s]}", "id", id, "encrypted_key", s1, s2) : NULL;
        if (entry == NULL || json_array_append_new(keys, entry) != 0) {
            seal__server_error(resp, "Failure", "out of memory");
            goto out;
        }
    }
    seal__server_respond_json(resp, 200, json_pack("{s:O}", "decryption_keys", keys));
    resp->n_ids = st->n_ids;
out:
    json_decref(keys);
    free(lambdas);
    free(p1);
    free(p2);
}

/* ---- the handler ---------------------------------------------------------------------------- */

static bool expected_ids(fetch_state *st, const seal_sui_ptb *ptb, const uint8_t first_pkg[32]) {
    st->ids = calloc(ptb->n_commands, sizeof *st->ids);
    st->id_lens = calloc(ptb->n_commands, sizeof *st->id_lens);
    if (st->ids == NULL || st->id_lens == NULL) {
        return false;
    }
    for (size_t c = 0; c < ptb->n_commands; c++) {
        const uint8_t *inner = NULL;
        size_t inner_len = 0, full_len = 0, dummy = 0;
        if (!seal__ptb_inner_id(ptb, &ptb->commands[c], &inner, &inner_len)) {
            return false; /* checked before */
        }
        uint8_t *full = malloc(32 + inner_len);
        if (full == NULL || seal_keys_full_id(full, 32 + inner_len, &full_len, first_pkg, inner,
                                              inner_len) != SEAL_OK) {
            free(full);
            return false;
        }
        if (id_index(st, full, full_len, &dummy)) {
            free(full); /* the same id twice in the PTB: expected once */
            continue;
        }
        st->ids[st->n_ids] = full;
        st->id_lens[st->n_ids++] = full_len;
    }
    st->gid = calloc(st->n_ids, sizeof *st->gid);
    if (st->gid == NULL) {
        return false;
    }
    for (size_t i = 0; i < st->n_ids; i++) {
        if (seal_ibe_hash_id(&st->gid[i], st->ids[i], st->id_lens[i]) != SEAL_OK) {
            return false;
        }
    }
    return true;
}

void seal__agg_fetch_key(seal_aggregator *a, const seal_server_request *req,
                         seal_server_response *resp) {
    seal__fetch_request fr;
    fetch_state st;
    seal_sui_ptb *ptb = NULL;
    uint8_t *ptb_bytes = NULL, first_pkg[32];
    size_t ptb_len = 0, body_len = 0;
    char *body = NULL;
    char rid[129];
    memset(&fr, 0, sizeof fr);
    memset(&st, 0, sizeof st);
    st.a = a;
    if (!seal__fetch_parse_body(req, resp, &fr)) {
        goto out;
    }
    if (!seal__check_sdk_headers(&a->cfg.server, true, req, resp)) {
        goto out;
    }
    if (!seal__fetch_check_ptb(resp, &fr, &ptb_bytes, &ptb_len, &ptb)) {
        goto out;
    }
    uint64_t t0 = mono_us();
    bool resolved = seal__pkg_resolve(&a->pkg_mu, a->pkg_cache, a->chain, resp,
                                      ptb->commands[0].package, first_pkg);
    uint64_t d = mono_us() - t0;
    resp->fetch_pkg_ids_us = d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
    if (!resolved) {
        goto out;
    }
    if (!expected_ids(&st, ptb, first_pkg)) {
        seal__server_error(resp, "Failure", "out of memory");
        goto out;
    }
    seal__agg_observe_ids(a, st.n_ids);
    if (seal_g2_decompress(&st.vk, fr.enc_vk) != SEAL_OK) {
        seal__server_error(resp, "Failure", "enc_verification_key"); /* checked by the parser */
        goto out;
    }
    st.snap = seal__agg_snapshot_take(a);
    if (st.snap == NULL) {
        seal__server_error(resp, "Failure", "no committee loaded");
        goto out;
    }
    size_t t = st.snap->threshold;
    st.ok_party = calloc(t, sizeof *st.ok_party);
    st.ok_c1 = calloc(t * st.n_ids, sizeof *st.ok_c1);
    st.ok_c2 = calloc(t * st.n_ids, sizeof *st.ok_c2);
    st.errs = calloc(st.snap->n, sizeof *st.errs);
    body = member_body(&fr, ptb_bytes, ptb_len, &body_len);
    if (st.ok_party == NULL || st.ok_c1 == NULL || st.ok_c2 == NULL || st.errs == NULL ||
        body == NULL) {
        seal__server_error(resp, "Failure", "out of memory");
        goto out;
    }
    request_id_of(rid, req);
    fan_out(&st, rid, body, body_len);
    if (st.n_ok < t) {
        respond_error(&st, resp);
    } else {
        respond_keys(&st, resp);
    }
out:
    seal__agg_snapshot_release(st.snap);
    for (size_t i = 0; i < st.n_ids; i++) {
        free(st.ids[i]);
    }
    free(st.ids);
    free(st.id_lens);
    free(st.gid);
    free(st.ok_party);
    free(st.ok_c1);
    free(st.ok_c2);
    free(st.errs);
    free(body);
    seal_sui_ptb_free(ptb);
    free(ptb_bytes);
    free(fr.signature);
    json_decref(fr.root);
}
