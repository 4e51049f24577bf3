/* HTTP plumbing shared by the JSON-RPC and gRPC backends (internal.h): URL checks, the in-flight
 * semaphore, the pool of kept-alive curl easy handles, the common request options and the capped
 * body buffer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain/internal.h"
#include "seal/util.h"

static pthread_once_t g_curl_once = PTHREAD_ONCE_INIT;
static CURLcode g_curl_init = CURLE_OK;

static void curl_init_once(void) {
    g_curl_init = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void deadline_after(struct timespec *ts, uint32_t ms) {
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += (time_t)(ms / 1000u);
    ts->tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

void seal__chain_sleep_ms(uint32_t ms) {
    struct timespec ts = {(time_t)(ms / 1000u), (long)(ms % 1000u) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

seal_err seal__chain_http_init(seal__chain_http *h, const char *url,
                               const seal_chain_options *opts) {
    pthread_condattr_t ca;
    const char *sep = strstr(url, "://");
    size_t n = strlen(url);
    h->url = NULL;
    h->no_proxy = NULL;
    /* a URL is printable ASCII without spaces; the host part must not be empty */
    for (size_t i = 0; i < n; i++)
        if (url[i] <= 0x20 || url[i] >= 0x7f)
            return SEAL_ERR_INVALID_ARGUMENT;
    if (sep == NULL || sep[3] == '\0' || sep[3] == '/')
        return SEAL_ERR_INVALID_ARGUMENT;
    if (opts->api_key_header != NULL &&
        (strchr(opts->api_key_header, ':') == NULL || strpbrk(opts->api_key_header, "\r\n")))
        return SEAL_ERR_INVALID_ARGUMENT;
    pthread_once(&g_curl_once, curl_init_once);
    if (g_curl_init != CURLE_OK)
        return SEAL_ERR_IO;
    memset(h, 0, sizeof *h);
    if ((h->url = malloc(n + 1)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(h->url, url, n + 1);
    {
        /* proxies from the environment are honoured, never for loopback (a local node) */
        const char *env = getenv("no_proxy");
        if (env == NULL)
            env = getenv("NO_PROXY");
        if (env == NULL || strlen(env) > 4096)
            env = "";
        size_t m = strlen(env) + 64;
        if ((h->no_proxy = malloc(m)) == NULL) {
            free(h->url);
            h->url = NULL;
            return SEAL_ERR_NO_MEMORY;
        }
        snprintf(h->no_proxy, m, "%s%slocalhost,127.0.0.1,::1", env, env[0] ? "," : "");
    }
    h->timeout_ms = opts->timeout_ms;
    h->max_retries = opts->max_retries;
    h->max_in_flight = opts->max_in_flight;
    pthread_mutex_init(&h->mu, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&h->cv, &ca);
    pthread_condattr_destroy(&ca);
    atomic_init(&h->requests, 0);
    return SEAL_OK;
}

void seal__chain_http_destroy(seal__chain_http *h) {
    if (h == NULL || h->url == NULL)
        return;
    for (size_t i = 0; i < h->n_idle; i++)
        curl_easy_cleanup(h->idle[i]);
    free(h->no_proxy);
    free(h->url);
    h->url = NULL;
    h->no_proxy = NULL;
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
}

bool seal__chain_http_acquire(seal__chain_http *h) {
    struct timespec dl;
    bool slot = false;
    deadline_after(&dl, h->timeout_ms);
    pthread_mutex_lock(&h->mu);
    while (h->in_flight >= h->max_in_flight) {
        if (pthread_cond_timedwait(&h->cv, &h->mu, &dl) == ETIMEDOUT &&
            h->in_flight >= h->max_in_flight)
            break;
    }
    if (h->in_flight < h->max_in_flight) {
        h->in_flight++;
        slot = true;
    }
    pthread_mutex_unlock(&h->mu);
    return slot;
}

void seal__chain_http_release(seal__chain_http *h) {
    pthread_mutex_lock(&h->mu);
    h->in_flight--;
    pthread_cond_signal(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

CURL *seal__chain_http_take(seal__chain_http *h) {
    CURL *e = NULL;
    pthread_mutex_lock(&h->mu);
    if (h->n_idle > 0)
        e = h->idle[--h->n_idle];
    pthread_mutex_unlock(&h->mu);
    return e != NULL ? e : curl_easy_init();
}

void seal__chain_http_give(seal__chain_http *h, CURL *e, bool keep) {
    if (e == NULL)
        return;
    pthread_mutex_lock(&h->mu);
    if (keep && h->n_idle < SEAL__CHAIN_IDLE_HANDLES) {
        h->idle[h->n_idle++] = e;
        e = NULL;
    }
    pthread_mutex_unlock(&h->mu);
    curl_easy_cleanup(e);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ctx) {
    seal__chain_body *b = ctx;
    size_t n = size * nmemb;
    if (n > b->max - b->len) {
        b->too_big = true;
        return 0; /* aborts the transfer */
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        uint8_t *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL)
            return 0;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0'; /* the JSON backend parses text */
    return n;
}

void seal__chain_http_setup(seal__chain_http *h, CURL *e, const char *url, const void *body,
                            size_t len, const struct curl_slist *headers, uint32_t timeout_ms,
                            seal__chain_body *b) {
    curl_easy_setopt(e, CURLOPT_URL, url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, b);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)b->max);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOPROXY, h->no_proxy);
    atomic_fetch_add(&h->requests, 1);
}

void seal__chain_headers_free(struct curl_slist *list) {
    for (struct curl_slist *p = list; p != NULL; p = p->next)
        if (p->data != NULL)
            seal_memzero(p->data, strlen(p->data)); /* an API key may be among them */
    curl_slist_free_all(list);
}
