/*
 * Cross-request batching of the key server's per-id crypto (extract + ElGamal): ids of
 * concurrent requests run together on the multi-buffer engine, 8 per pass
 * (seal_elgamal_extract_encrypt_multi), where one request alone would leave lanes empty.
 *
 * Policy (docs/server.md, "Batching"):
 *   - a request queues its ids (whole passes of 8 of its own run in its thread first, see
 *     server_fetch.c) and waits; the thread that finds fewer than `max_running` passes running
 *     takes up to 8 queued ids (oldest first, across requests) and runs them, then wakes the
 *     owners of the ids it finished;
 *   - ids that queue while every runner is busy form the next pass: under load, passes fill up
 *     without anyone waiting on purpose;
 *   - a runner with fewer than 8 ids waits for more only while enough other requests are still
 *     on their way to this stage (parsed, not yet here) to make a pass worth sharing (3 ids:
 *     below that the ids run one by one anyway), and at most wait_us after the oldest queued
 *     id (at most 1 ms); alone, a request never waits.
 * Constant time: the batch functions are; the queue only sees public lengths.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seal/elgamal.h"
#include "server/server_internal.h"

#define PASS 8

typedef struct key_job {
    /* the request's ids, keys and outputs */
    const seal__key_work *w;
    size_t taken; /* ids handed to runners */
    size_t done;  /* ids finished */
    seal_err err;
    uint64_t since_us; /* when the first of its ids queued */
    struct key_job *next;
} key_job;

struct seal__key_batcher {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    key_job *head, *tail; /* jobs with ids not yet taken */
    size_t queued;        /* ids not yet taken */
    unsigned running, max_running;
    uint32_t wait_us;
    unsigned upstream; /* requests parsed but not yet at this stage */
    uint64_t passes, items;
    uint64_t waits; /* sleeps of a runner holding back a short pass for more ids */
};

static uint64_t now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

seal__key_batcher *seal__key_batcher_new(unsigned max_running, uint32_t wait_us) {
    seal__key_batcher *b = calloc(1, sizeof *b);
    if (b == NULL) {
        return NULL;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, &ca);
    pthread_condattr_destroy(&ca);
    b->max_running = max_running < 1 ? 1 : max_running;
    b->wait_us = wait_us > 1000 ? 1000 : wait_us;
    return b;
}

void seal__key_batcher_free(seal__key_batcher *b) {
    if (b == NULL) {
        return;
    }
    pthread_mutex_destroy(&b->mu);
    pthread_cond_destroy(&b->cv);
    free(b);
}

void seal__key_batcher_upstream(seal__key_batcher *b, int delta) {
    if (b == NULL) {
        return;
    }
    pthread_mutex_lock(&b->mu);
    b->upstream = (unsigned)((int)b->upstream + delta);
    pthread_mutex_unlock(&b->mu);
}

void seal__key_batcher_stats(seal__key_batcher *b, uint64_t *passes, uint64_t *items,
                             uint64_t *waits) {
    pthread_mutex_lock(&b->mu);
    *passes = b->passes;
    *items = b->items;
    *waits = b->waits;
    pthread_mutex_unlock(&b->mu);
}

/* Below this many ids a pass runs one id at a time anyway (g1_batch.c): waiting for fewer
 * would only add latency. */
#define MIN_SHARED 3

/* Whether a runner should take the queued ids now (with b->mu held). */
static bool ready(const seal__key_batcher *b, uint64_t t) {
    if (b->queued == 0 || b->running >= b->max_running) {
        return false;
    }
    if (b->queued >= PASS || b->queued + b->upstream < MIN_SHARED) {
        return true;
    }
    return t >= b->head->since_us + b->wait_us;
}

/* One pass: up to PASS ids from the head of the queue (b->mu held on entry and exit). */
static void run_pass(seal__key_batcher *b) {
    const uint8_t *ids[PASS];
    size_t lens[PASS];
    const seal_scalar *msks[PASS];
    const seal_g1 *eks[PASS];
    uint8_t c0[PASS][48], c1[PASS][48];
    key_job *owner[PASS];
    size_t at[PASS], m = 0;
    while (m < PASS && b->head != NULL) {
        key_job *j = b->head;
        while (m < PASS && j->taken < j->w->n) {
            size_t i = j->taken++;
            ids[m] = j->w->ids[i];
            lens[m] = j->w->lens[i];
            msks[m] = j->w->msk;
            eks[m] = j->w->enc_key;
            owner[m] = j;
            at[m++] = i;
        }
        if (j->taken == j->w->n) {
            b->head = j->next;
            if (b->head == NULL) {
                b->tail = NULL;
            }
        }
    }
    b->queued -= m;
    b->running++;
    pthread_mutex_unlock(&b->mu);
    seal_err err = seal_elgamal_extract_encrypt_multi(c0, c1, msks, eks, ids, lens, m, NULL);
    for (size_t k = 0; k < m; k++) {
        memcpy(owner[k]->w->c0[at[k]], c0[k], 48);
        memcpy(owner[k]->w->c1[at[k]], c1[k], 48);
    }
    pthread_mutex_lock(&b->mu);
    for (size_t k = 0; k < m; k++) {
        owner[k]->done++;
        if (err != SEAL_OK) {
            owner[k]->err = err;
        }
    }
    b->running--;
    b->passes++;
    b->items += m;
    pthread_cond_broadcast(&b->cv);
}

seal_err seal__key_batcher_run(seal__key_batcher *b, const seal__key_work *w) {
    key_job job = {.w = w, .err = SEAL_OK};
    if (w->n == 0) {
        return SEAL_OK;
    }
    pthread_mutex_lock(&b->mu);
    job.since_us = now_us();
    if (b->tail != NULL) {
        b->tail->next = &job;
    } else {
        b->head = &job;
    }
    b->tail = &job;
    b->queued += w->n;
    pthread_cond_broadcast(&b->cv); /* a runner waiting for more may now have enough */
    while (job.done < w->n) {
        uint64_t t = now_us();
        if (ready(b, t)) {
            run_pass(b);
            continue;
        }
        /* sleep until woken (a pass ended, ids queued) or until the oldest queued id's wait
         * runs out */
        struct timespec ts;
        bool holding = b->queued > 0 && b->running < b->max_running;
        uint64_t until = holding ? b->head->since_us + b->wait_us : t + 1000000u;
        b->waits += holding ? 1u : 0u;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t d = until > t ? until - t : 0;
        ts.tv_sec += (time_t)(d / 1000000u);
        ts.tv_nsec += (long)(d % 1000000u) * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        int rc = pthread_cond_timedwait(&b->cv, &b->mu, &ts);
        (void)rc;
    }
    pthread_mutex_unlock(&b->mu);
    return job.err;
}
