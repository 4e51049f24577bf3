/* Pieces of libcurl callbacks shared by the client's fetches and the aggregator's requests to
 * committee members (client/internal.h). */
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/internal.h"
#include "seal/util.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;
static void curl_init(void) {
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

seal_err seal__http_curl_init(void) {
    pthread_once(&curl_once, curl_init);
    return curl_init_rc == CURLE_OK ? SEAL_OK : SEAL_ERR_IO;
}

bool seal__http_body_append(char **body, size_t *len, size_t max, bool *too_big, const char *p,
                            size_t n) {
    if (n > max || *len > max - n) {
        *too_big = true;
        return false;
    }
    char *nb = realloc(*body, *len + n + 1);
    if (nb == NULL) {
        return false;
    }
    *body = nb;
    memcpy(nb + *len, p, n);
    *len += n;
    nb[*len] = '\0';
    return true;
}

bool seal__http_header_append(struct curl_slist **list, const char *h) {
    struct curl_slist *n = curl_slist_append(*list, h);
    if (n == NULL) {
        for (struct curl_slist *q = *list; q != NULL; q = q->next) {
            if (q->data != NULL) {
                seal_memzero(q->data, strlen(q->data));
            }
        }
        curl_slist_free_all(*list);
        *list = NULL;
        return false;
    }
    *list = n;
    return true;
}

bool seal__http_version_header(const char *p, size_t n, char *out, size_t cap) {
    static const char name[] = "x-keyserver-version:";
    if (cap == 0 || n <= sizeof name - 1 || strncasecmp(p, name, sizeof name - 1) != 0) {
        return false;
    }
    size_t a = sizeof name - 1, b = n;
    while (a < b && (p[a] == ' ' || p[a] == '\t')) {
        a++;
    }
    while (b > a && (p[b - 1] == '\r' || p[b - 1] == '\n' || p[b - 1] == ' ')) {
        b--;
    }
    size_t l = b - a < cap - 1 ? b - a : cap - 1;
    memcpy(out, p + a, l);
    out[l] = '\0';
    return true;
}

bool seal__http_next_done(void *multi, void **priv, int *result, long *status) {
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE) {
            continue;
        }
        CURL *easy = msg->easy_handle;
        *result = (int)msg->data.result;
        *status = 0;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)priv);
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, status);
        curl_multi_remove_handle(multi, easy);
        return true;
    }
    return false;
}
