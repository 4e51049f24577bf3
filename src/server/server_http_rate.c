/*
 * Per-client token buckets for the key server's rate limit: a fixed table of cap entries (no
 * allocation after creation), a hash index with chaining by entry index, and a doubly linked
 * recency list. When the table is full, a new client replaces a remembered one only if that
 * one's bucket has filled up again (looked for among the EVICT_SCAN least recently seen):
 * forgetting a full bucket loses nothing, whereas forgetting a throttled client would hand it a
 * fresh burst the next time (the cheap reset an attacker with many addresses could otherwise
 * cause for everyone). While no entry can be replaced, new clients are charged to one shared
 * bucket.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_http_internal.h"

#define NIL UINT32_MAX
#define EVICT_SCAN 8

typedef struct rate_entry {
    uint8_t key[16];
    double tokens;
    uint64_t last_us;
    uint32_t hash_next;
    uint32_t prev, next; /* recency list: head = most recent */
} rate_entry;

struct seal__rate {
    pthread_mutex_t mu;
    double per_us, burst;
    rate_entry *e;
    uint32_t *buckets;
    uint32_t n_buckets; /* power of two */
    uint32_t cap, used;
    uint32_t head, tail;
    uint64_t salt;
    double shared_tokens; /* the bucket of clients the full table could not take */
    uint64_t shared_last_us;
};

static uint32_t rate_hash(const seal__rate *r, const uint8_t key[16]) {
    uint64_t h = r->salt ^ 0xcbf29ce484222325u;
    for (size_t i = 0; i < 16; i++) {
        h ^= key[i];
        h *= 0x100000001b3u;
    }
    h ^= h >> 29;
    return (uint32_t)h & (r->n_buckets - 1u);
}

seal_err seal__rate_new(seal__rate **out, uint32_t per_s, uint32_t burst, size_t cap) {
    *out = NULL;
    if (per_s == 0 || cap == 0 || cap > (1u << 24)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal__rate *r = calloc(1, sizeof *r);
    if (r == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    r->cap = (uint32_t)cap;
    r->n_buckets = 16;
    while (r->n_buckets < 2 * r->cap) {
        r->n_buckets *= 2;
    }
    r->e = calloc(cap, sizeof *r->e);
    r->buckets = malloc(sizeof *r->buckets * r->n_buckets);
    if (r->e == NULL || r->buckets == NULL || pthread_mutex_init(&r->mu, NULL) != 0) {
        free(r->e);
        free(r->buckets);
        free(r);
        return SEAL_ERR_NO_MEMORY;
    }
    for (uint32_t i = 0; i < r->n_buckets; i++) {
        r->buckets[i] = NIL;
    }
    r->per_us = (double)per_s / 1e6;
    r->burst = burst == 0 ? (double)per_s : (double)burst;
    r->head = r->tail = NIL;
    r->shared_tokens = r->burst;
    r->salt = (uint64_t)(uintptr_t)r * 0x9e3779b97f4a7c15u;
    *out = r;
    return SEAL_OK;
}

void seal__rate_free(seal__rate *r) {
    if (r == NULL) {
        return;
    }
    pthread_mutex_destroy(&r->mu);
    free(r->e);
    free(r->buckets);
    free(r);
}

static void list_unlink(seal__rate *r, uint32_t i) {
    rate_entry *e = &r->e[i];
    if (e->prev != NIL) {
        r->e[e->prev].next = e->next;
    } else {
        r->head = e->next;
    }
    if (e->next != NIL) {
        r->e[e->next].prev = e->prev;
    } else {
        r->tail = e->prev;
    }
    e->prev = e->next = NIL;
}

static void list_push_front(seal__rate *r, uint32_t i) {
    rate_entry *e = &r->e[i];
    e->prev = NIL;
    e->next = r->head;
    if (r->head != NIL) {
        r->e[r->head].prev = i;
    }
    r->head = i;
    if (r->tail == NIL) {
        r->tail = i;
    }
}

static void hash_remove(seal__rate *r, uint32_t i) {
    uint32_t *link = &r->buckets[rate_hash(r, r->e[i].key)];
    while (*link != NIL) {
        if (*link == i) {
            *link = r->e[i].hash_next;
            return;
        }
        link = &r->e[*link].hash_next;
    }
}

/* Adds the tokens earned since *last (a monotonic clock in microseconds), capped at burst. */
static void refill(const seal__rate *r, double *tokens, uint64_t *last, uint64_t now_us) {
    if (now_us > *last) {
        *tokens += (double)(now_us - *last) * r->per_us;
        if (*tokens > r->burst) {
            *tokens = r->burst;
        }
        *last = now_us;
    }
}

/* A remembered entry whose bucket is full at now_us, among the least recently seen; NIL if none. */
static uint32_t replaceable(seal__rate *r, uint64_t now_us) {
    uint32_t i = r->tail;
    for (int n = 0; n < EVICT_SCAN && i != NIL; n++, i = r->e[i].prev) {
        const rate_entry *e = &r->e[i];
        double tokens = e->tokens;
        if (now_us > e->last_us) {
            tokens += (double)(now_us - e->last_us) * r->per_us;
        }
        if (tokens >= r->burst) {
            return i;
        }
    }
    return NIL;
}

static bool take(double *tokens) {
    if (*tokens >= 1.0) {
        *tokens -= 1.0;
        return true;
    }
    return false;
}

bool seal__rate_allow(seal__rate *r, const uint8_t key[static 16], uint64_t now_us) {
    bool ok;
    pthread_mutex_lock(&r->mu);
    uint32_t b = rate_hash(r, key);
    uint32_t i = r->buckets[b];
    while (i != NIL && memcmp(r->e[i].key, key, 16) != 0) {
        i = r->e[i].hash_next;
    }
    if (i == NIL) {
        if (r->used < r->cap) {
            i = r->used++;
        } else if ((i = replaceable(r, now_us)) != NIL) {
            list_unlink(r, i);
            hash_remove(r, i);
        } else {
            refill(r, &r->shared_tokens, &r->shared_last_us, now_us);
            ok = take(&r->shared_tokens);
            pthread_mutex_unlock(&r->mu);
            return ok;
        }
        memcpy(r->e[i].key, key, 16);
        r->e[i].tokens = r->burst;
        r->e[i].last_us = now_us;
        r->e[i].hash_next = r->buckets[b];
        r->buckets[b] = i;
    } else {
        list_unlink(r, i);
        refill(r, &r->e[i].tokens, &r->e[i].last_us, now_us);
    }
    list_push_front(r, i);
    ok = take(&r->e[i].tokens);
    pthread_mutex_unlock(&r->mu);
    return ok;
}

size_t seal__rate_size(seal__rate *r) {
    pthread_mutex_lock(&r->mu);
    size_t n = r->used;
    pthread_mutex_unlock(&r->mu);
    return n;
}

void seal__rate_client_key(const struct sockaddr *sa, unsigned v6_prefix, uint8_t key[static 16]) {
    static const uint8_t v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    memset(key, 0, 16);
    if (sa == NULL) {
        return;
    }
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        memcpy(key, v4_mapped, sizeof v4_mapped);
        memcpy(key + 12, &s4->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        memcpy(key, &s6->sin6_addr, 16);
        if (memcmp(key, v4_mapped, sizeof v4_mapped) == 0) {
            return; /* an IPv4 client on a dual-stack socket: its whole address */
        }
        unsigned bits = v6_prefix >= 1 && v6_prefix <= 128 ? v6_prefix : 64;
        for (unsigned byte = 0; byte < 16; byte++) {
            if (8 * byte >= bits) {
                key[byte] = 0;
            } else if (8 * byte + 8 > bits) {
                key[byte] &= (uint8_t)(0xff00u >> (bits - 8 * byte));
            }
        }
    }
}
