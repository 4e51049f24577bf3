/*
 * Per-client token buckets for the key server's rate limit: a fixed table of cap entries (no
 * allocation after creation), a hash index with chaining by entry index, and a doubly linked
 * recency list; when the table is full the least recently seen client is forgotten (it then
 * starts again with a full bucket, which is the documented cost of a bounded table).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server/server_http_internal.h"

#define NIL UINT32_MAX

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
        } else {
            i = r->tail; /* forget the least recently seen client */
            list_unlink(r, i);
            hash_remove(r, i);
        }
        memcpy(r->e[i].key, key, 16);
        r->e[i].tokens = r->burst;
        r->e[i].last_us = now_us;
        r->e[i].hash_next = r->buckets[b];
        r->buckets[b] = i;
    } else {
        list_unlink(r, i);
        rate_entry *e = &r->e[i];
        if (now_us > e->last_us) {
            e->tokens += (double)(now_us - e->last_us) * r->per_us;
            if (e->tokens > r->burst) {
                e->tokens = r->burst;
            }
            e->last_us = now_us;
        }
    }
    list_push_front(r, i);
    ok = r->e[i].tokens >= 1.0;
    if (ok) {
        r->e[i].tokens -= 1.0;
    }
    pthread_mutex_unlock(&r->mu);
    return ok;
}

size_t seal__rate_size(seal__rate *r) {
    pthread_mutex_lock(&r->mu);
    size_t n = r->used;
    pthread_mutex_unlock(&r->mu);
    return n;
}
