/* The fake node of the chain backends' tests (fake_node.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "fake_node.h"

typedef struct conn {
    char *body;
    size_t len;
} conn;

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls) {
    (void)method, (void)version;
    tu_fake_node *n = cls;
    conn *k = *con_cls;
    if (k == NULL) {
        if ((k = calloc(1, sizeof *k)) == NULL)
            return MHD_NO;
        *con_cls = k;
        return MHD_YES;
    }
    if (*upload_size > 0) {
        char *p = realloc(k->body, k->len + *upload_size + 1);
        if (p == NULL)
            return MHD_NO;
        k->body = p;
        memcpy(k->body + k->len, upload, *upload_size);
        k->len += *upload_size;
        k->body[k->len] = '\0';
        *upload_size = 0;
        return MHD_YES;
    }
    tu_fake_reply r = {0, 0, NULL};
    pthread_mutex_lock(&n->mu);
    unsigned index = n->requests++;
    if (++n->active > n->max_active)
        n->max_active = n->active;
    bool ok = n->answer(c, url, k->body != NULL ? k->body : "", k->len, index, &r);
    pthread_mutex_unlock(&n->mu);
    enum MHD_Result rc = MHD_NO;
    if (ok && r.resp != NULL) {
        if (r.delay_ms)
            usleep(r.delay_ms * 1000u);
        rc = MHD_queue_response(c, r.http, r.resp);
        MHD_destroy_response(r.resp);
    }
    pthread_mutex_lock(&n->mu);
    n->active--;
    pthread_mutex_unlock(&n->mu);
    return rc;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe) {
    (void)cls, (void)c, (void)toe;
    conn *k = *con_cls;
    if (k != NULL) {
        free(k->body);
        free(k);
    }
    *con_cls = NULL;
}

int tu_fake_start(tu_fake_node *n, tu_fake_answer answer) {
    setenv("http_proxy", "http://127.0.0.1:1", 1);
    setenv("HTTP_PROXY", "http://127.0.0.1:1", 1);
    memset(n, 0, sizeof *n);
    pthread_mutex_init(&n->mu, NULL);
    n->answer = answer;
    n->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                            NULL, NULL, handler, n, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                            MHD_OPTION_END);
    if (n->d == NULL)
        return -1;
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(n->d, MHD_DAEMON_INFO_BIND_PORT);
    if (info == NULL || info->port == 0)
        return -1;
    n->port = info->port;
    return 0;
}

void tu_fake_stop(tu_fake_node *n) {
    MHD_stop_daemon(n->d);
    n->d = NULL;
}

void tu_fake_reset_locked(tu_fake_node *n) {
    n->requests = 0;
    n->max_active = 0;
}

void tu_fake_header(struct MHD_Connection *c, const char *name, char *dst, size_t cap) {
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    snprintf(dst, cap, "%s", v ? v : "");
}

seal_chain *tu_fake_chain_open(const tu_fake_node *n, const char *scheme, const char *suffix,
                               seal_chain_backend backend, uint32_t timeout_ms, uint32_t retries,
                               uint32_t in_flight) {
    char url[96];
    seal_chain *c = NULL;
    seal_chain_options o = {.timeout_ms = timeout_ms,
                            .max_retries = retries,
                            .max_in_flight = in_flight,
                            .api_key_header = "X-Api-Key: k3y"};
    snprintf(url, sizeof url, "%s127.0.0.1:%u%s", scheme, n->port, suffix);
    assert_int_equal(seal_chain_open(&c, url, &o), SEAL_OK);
    assert_int_equal(seal_chain_backend_of(c), backend);
    return c;
}
