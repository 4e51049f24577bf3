/* Fetching keys from the key servers over HTTP (libcurl multi): every server in parallel, stop
 * once the threshold weight answered, retries on transient failures only (PROTOCOL.md 14, 19). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/internal.h"
#include "seal/elgamal.h"
#include "seal/keys.h"

#define RESPONSE_MAX (8u * 1024u * 1024u)
#define RETRY_BASE_MS 100u

typedef struct job {
    seal_client *c;
    size_t server;
    CURL *easy;
    struct curl_slist *headers;
    char *body;
    size_t body_len;
    bool too_big;
    char version[64];
    bool have_version;
    unsigned attempts;
    bool active;  /* added to the multi handle */
    bool waiting; /* waiting for a retry */
    uint64_t retry_at;
    bool finished;
    char url[SEAL_CLIENT_URL_MAX + 64];
} job;

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud) {
    job *j = ud;
    size_t n = size * nmemb;
    return seal__http_body_append(&j->body, &j->body_len, RESPONSE_MAX, &j->too_big, p, n) ? n : 0;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud) {
    job *j = ud;
    size_t n = size * nmemb;
    if (seal__http_version_header(p, n, j->version, sizeof j->version)) {
        j->have_version = true;
    }
    return n;
}

static void uuid4(char out[37], const seal_rng *rng) {
    uint8_t b[16];
    if (seal_rng_fill(rng, b, sizeof b) != SEAL_OK) {
        memset(b, 0, sizeof b);
    }
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

static void url_join(char *out, size_t cap, const char *base, const char *path) {
    size_t l = strlen(base);
    while (l > 0 && base[l - 1] == '/') {
        l--;
    }
    snprintf(out, cap, "%.*s%s", (int)l, base, path);
}

/* Common easy-handle setup: headers, timeouts, callbacks. */
static seal_err setup_easy(job *j, const char *request_id, bool post) {
    seal_client *c = j->c;
    const seal__client_server *sv = &c->servers[j->server];
    char h[128];
    j->easy = curl_easy_init();
    if (!j->easy) {
        return SEAL_ERR_NO_MEMORY;
    }
    struct curl_slist *l = NULL;
    bool ok;
    if (sv->committee) { /* an aggregator serves typescript, rust and python clients only */
        ok =
            seal__http_header_append(&l, "Client-Sdk-Type: " SEAL_CLIENT_AGGREGATOR_SDK_TYPE) &&
            seal__http_header_append(&l, "Client-Sdk-Version: " SEAL_CLIENT_AGGREGATOR_SDK_VERSION);
    } else {
        ok = seal__http_header_append(&l, "Client-Sdk-Type: " SEAL_CLIENT_SDK_TYPE) &&
             seal__http_header_append(&l, "Client-Sdk-Version: " SEAL_CLIENT_SDK_VERSION);
    }
    snprintf(h, sizeof h, "Request-Id: %s", request_id);
    ok = ok && seal__http_header_append(&l, h);
    if (post) {
        ok = ok && seal__http_header_append(&l, "Content-Type: application/json");
    }
    ok = ok && seal__http_header_append(&l, "Expect:"); /* no 100-continue round trip */
    if (ok && sv->api_header) {
        ok = seal__http_header_append(&l, sv->api_header);
    }
    if (!ok) {
        return SEAL_ERR_NO_MEMORY;
    }
    j->headers = l;
    CURL *e = j->easy;
    curl_easy_setopt(e, CURLOPT_URL, j->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, l);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)c->timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)c->timeout_ms);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    return SEAL_OK;
}

static void reset_response(job *j) {
    free(j->body);
    j->body = NULL;
    j->body_len = 0;
    j->too_big = false;
    j->have_version = false;
    j->version[0] = '\0';
}

static void job_clear(job *j) {
    if (j->easy) {
        curl_easy_cleanup(j->easy);
    }
    curl_slist_free_all(j->headers);
    free(j->body);
    memset(j, 0, sizeof *j);
}

static bool transient_curl(CURLcode rc) {
    return rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
           rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING;
}

/* ---- /v1/service ----------------------------------------------------------------------------- */

seal_err seal__client_verify_pop(seal_client *c, size_t server) {
    seal__client_server *sv = &c->servers[server];
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES], rid[37], path[128];
    job j;
    seal_err err;
    memset(&j, 0, sizeof j);
    j.c = c;
    j.server = server;
    if ((err = seal__http_curl_init()) != SEAL_OK) {
        return err;
    }
    seal_sui_address_format(hex, sv->object_id);
    snprintf(path, sizeof path, "/v1/service?service_id=%s", hex);
    url_join(j.url, sizeof j.url, sv->url, path);
    uuid4(rid, c->rng);
    if ((err = setup_easy(&j, rid, false)) != SEAL_OK) {
        goto out;
    }
    CURLcode rc = curl_easy_perform(j.easy);
    long status = 0;
    curl_easy_getinfo(j.easy, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK) {
        err = rc == CURLE_OPERATION_TIMEDOUT ? SEAL_ERR_TIMEOUT : SEAL_ERR_IO;
        seal__client_record_error(c, server, err, 0,
                                  rc == CURLE_OPERATION_TIMEDOUT ? "Timeout" : "ConnectionFailed",
                                  "%s", curl_easy_strerror(rc));
        goto out;
    }
    if (status != 200 || !j.have_version || !seal_client_server_version_ok(j.version)) {
        err = SEAL_ERR_KEY_SERVER;
        seal__client_record_error(c, server, err, (unsigned)status, "InvalidPop",
                                  "GET /v1/service answered HTTP %ld%s", status,
                                  j.have_version ? "" : " without X-KeyServer-Version");
        goto out;
    }
    /* {"service_id": "0x…", "pop": "<base64 G1>"}, read as JSON */
    uint8_t id[32], pop_bytes[48];
    char why[96];
    err = SEAL_ERR_KEY_SERVER;
    if (seal_client_service_parse(id, pop_bytes, j.body ? j.body : "", j.body_len, why,
                                  sizeof why) != SEAL_OK) {
        seal__client_record_error(c, server, err, (unsigned)status, "InvalidPop",
                                  "malformed /v1/service answer: %s", why);
        goto out;
    }
    if (memcmp(id, sv->object_id, 32) == 0 &&
        seal_keys_pop_verify(pop_bytes, sv->public_key, sv->object_id) == SEAL_OK) {
        err = SEAL_OK;
    }
    if (err != SEAL_OK) {
        seal__client_record_error(c, server, err, (unsigned)status, "InvalidPop",
                                  "the proof of possession does not verify for this public key");
    }
out:
    job_clear(&j);
    return err;
}

/* ---- fetch_key ------------------------------------------------------------------------------- */

typedef struct batch {
    seal_client *c;
    uint8_t *const *full_ids;
    const size_t *full_id_lens;
    size_t n_ids;
    const uint8_t *eg_sk;
    seal__client_audit_query audit; /* for the audit receipts (audit.c) */
} batch;

static bool server_complete(const batch *b, size_t server) {
    for (size_t i = 0; i < b->n_ids; i++) {
        if (!seal__client_cache_find(b->c, b->full_ids[i], b->full_id_lens[i], server)) {
            return false;
        }
    }
    return true;
}

/* A 200 answer: decrypt and verify each key, cache the good ones. */
static void handle_keys(const batch *b, job *j) {
    seal_client *c = b->c;
    seal__client_server *sv = &c->servers[j->server];
    seal_client_encrypted_key *keys = NULL;
    size_t n = 0, bad = 0;
    char why[128];
    if (!j->have_version || !seal_client_server_version_ok(j->version)) {
        seal__client_record_error(
            c, j->server, SEAL_ERR_KEY_SERVER, 200, "KeyServerVersion",
            "%s X-KeyServer-Version %s (need >= %s)", j->have_version ? "unsupported" : "missing",
            j->have_version ? j->version : "header", SEAL_CLIENT_MIN_SERVER_VERSION);
        return;
    }
    /* an answer whose audit receipt does not check out is not used */
    if (seal__client_audit_receipt(c, j->server, &b->audit, j->body ? j->body : "", j->body_len) !=
        SEAL_OK) {
        return;
    }
    seal_err err = seal_client_response_parse(&keys, &n, 4 * SEAL_CLIENT_MAX_IDS_PER_REQUEST,
                                              j->body ? j->body : "", j->body_len, why, sizeof why);
    if (err != SEAL_OK) {
        seal__client_record_error(c, j->server, SEAL_ERR_KEY_SERVER, 200, "InvalidResponse",
                                  "malformed answer: %s", why);
        return;
    }
    for (size_t k = 0; k < n; k++) {
        bool wanted = false;
        for (size_t i = 0; i < b->n_ids && !wanted; i++) {
            wanted = b->full_id_lens[i] == keys[k].full_id_len &&
                     memcmp(b->full_ids[i], keys[k].full_id, keys[k].full_id_len) == 0;
        }
        if (!wanted) {
            continue; /* an id we did not ask for: ignored */
        }
        uint8_t usk[48];
        err = seal_elgamal_decrypt_and_verify(usk, b->eg_sk, keys[k].c0, keys[k].c1, sv->public_key,
                                              keys[k].full_id, keys[k].full_id_len);
        if (err == SEAL_OK) {
            err = seal__client_cache_put(c, keys[k].full_id, keys[k].full_id_len, j->server, usk);
        } else {
            bad++;
        }
        seal_memzero(usk, sizeof usk);
    }
    free(keys);
    if (bad > 0) {
        seal__client_record_error(c, j->server, SEAL_ERR_INVALID_KEY, 200, "InvalidKey",
                                  "%zu returned key(s) do not verify against the server's "
                                  "public key; server skipped",
                                  bad);
    } else if (!server_complete(b, j->server)) {
        seal__client_record_error(c, j->server, SEAL_ERR_KEY_SERVER, 200, "InvalidResponse",
                                  "the answer lacks keys for some requested ids");
    }
}

seal_err seal__client_fetch_batch(seal_client *c, const seal_session *s, const uint8_t *ptb,
                                  size_t ptb_len, uint8_t *const *full_ids,
                                  const size_t *full_id_lens, size_t n_ids, unsigned threshold,
                                  uint64_t now_ms) {
    uint8_t eg_sk[32], enc_key[48], evk[96];
    char *body = NULL;
    size_t body_len = 0;
    job *jobs = NULL;
    CURLM *multi = NULL;
    seal_err err;
    batch b = {c,     full_ids, full_id_lens,
               n_ids, eg_sk,    {s, NULL, 0, full_ids, full_id_lens, n_ids}};
    unsigned completed = 0, remaining = 0;
    size_t n_jobs = 0;

    for (size_t i = 0; i < c->n_servers; i++) {
        if (server_complete(&b, i)) {
            completed += c->servers[i].weight;
        } else {
            remaining += c->servers[i].weight;
        }
    }
    if (completed >= threshold) {
        return SEAL_OK;
    }
    if (completed + remaining < threshold) {
        return SEAL_ERR_NOT_ENOUGH_SHARES;
    }
    if ((err = seal__http_curl_init()) != SEAL_OK ||
        (err = seal_elgamal_keygen(eg_sk, enc_key, evk, c->rng)) != SEAL_OK ||
        (err = seal_client_request_json(&body, &body_len, s, ptb, ptb_len, enc_key, evk, now_ms)) !=
            SEAL_OK) {
        goto out;
    }
    b.audit.request = body;
    b.audit.request_len = body_len;
    jobs = calloc(c->n_servers, sizeof *jobs);
    multi = curl_multi_init();
    if (!jobs || !multi) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    char rid[37];
    uuid4(rid, c->rng); /* one request id for the request sent to every server */
    for (size_t i = 0; i < c->n_servers; i++) {
        if (server_complete(&b, i)) {
            continue;
        }
        if (c->servers[i].url[0] == '\0') {
            seal__client_record_error(c, i, SEAL_ERR_INVALID_ARGUMENT, 0, "NoUrl",
                                      "a committee key server is reached through its aggregator: "
                                      "give its URL (aggregator_url)");
            remaining -= c->servers[i].weight;
            continue;
        }
        job *j = &jobs[n_jobs++];
        j->c = c;
        j->server = i;
        url_join(j->url, sizeof j->url, c->servers[i].url, "/v1/fetch_key");
        if ((err = setup_easy(j, rid, true)) != SEAL_OK) {
            goto out;
        }
        curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE, (long)body_len);
        j->attempts = 1;
        if (curl_multi_add_handle(multi, j->easy) != CURLM_OK) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        j->active = true;
    }

    for (;;) {
        int running = 0;
        curl_multi_perform(multi, &running);
        void *done = NULL;
        int result = 0;
        long status = 0;
        while (seal__http_next_done(multi, &done, &result, &status)) {
            job *j = done;
            CURLcode rc = (CURLcode)result;
            j->active = false;
            bool retry = false;
            if (rc != CURLE_OK) {
                bool timeout = rc == CURLE_OPERATION_TIMEDOUT;
                if (transient_curl(rc) && j->attempts <= c->max_retries) {
                    retry = true;
                } else {
                    seal__client_record_error(
                        c, j->server, timeout ? SEAL_ERR_TIMEOUT : SEAL_ERR_IO, 0,
                        timeout ? "Timeout" : (j->too_big ? "InvalidResponse" : "ConnectionFailed"),
                        "%s", j->too_big ? "answer too large" : curl_easy_strerror(rc));
                }
            } else if (status == 200) {
                handle_keys(&b, j);
            } else {
                char kind[48] = "", message[256] = "";
                bool parsed = j->body && seal_client_error_body_parse(kind, sizeof kind, message,
                                                                      sizeof message, j->body,
                                                                      j->body_len) == SEAL_OK;
                if (status == 503 && j->attempts <= c->max_retries) {
                    retry = true;
                } else if (parsed) {
                    seal__client_record_error(c, j->server, seal_client_error_kind_to_err(kind),
                                              (unsigned)status, kind, "%s", message);
                } else {
                    seal__client_record_error(c, j->server, SEAL_ERR_KEY_SERVER, (unsigned)status,
                                              "InvalidResponse", "HTTP %ld without an error body",
                                              status);
                }
            }
            if (retry) {
                reset_response(j);
                j->waiting = true;
                j->retry_at = seal__client_mono_ms() + (RETRY_BASE_MS << (j->attempts - 1));
                j->attempts++;
            } else {
                j->finished = true;
                if (server_complete(&b, j->server)) {
                    completed += c->servers[j->server].weight;
                }
                remaining -= c->servers[j->server].weight;
            }
        }
        if (completed >= threshold || completed + remaining < threshold) {
            break;
        }
        uint64_t now = seal__client_mono_ms();
        bool any = false;
        for (size_t i = 0; i < n_jobs; i++) {
            job *j = &jobs[i];
            if (j->waiting && now >= j->retry_at) {
                j->waiting = false;
                if (curl_multi_add_handle(multi, j->easy) != CURLM_OK) {
                    j->finished = true;
                    remaining -= c->servers[j->server].weight;
                    continue;
                }
                j->active = true;
            }
            any |= j->active || j->waiting;
        }
        if (!any) {
            break;
        }
        curl_multi_poll(multi, NULL, 0, 20, NULL);
    }
    err = completed >= threshold ? SEAL_OK : SEAL_ERR_NOT_ENOUGH_SHARES;
out:
    if (jobs) {
        for (size_t i = 0; i < n_jobs; i++) {
            if (jobs[i].active) {
                curl_multi_remove_handle(multi, jobs[i].easy);
            }
            job_clear(&jobs[i]);
        }
        free(jobs);
    }
    if (multi) {
        curl_multi_cleanup(multi);
    }
    free(body);
    seal_memzero(eg_sk, sizeof eg_sk);
    return err;
}
