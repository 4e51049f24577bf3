/*
 * The audit log's writer: records are numbered and queued by the callers (seal_audit_log_append,
 * any thread); one writer thread takes everything queued at that moment, writes the records and
 * the subtree hashes they complete, signs a head over the new tree and commits the lot in one
 * SQLite transaction, one fsync (group commit). Each record's pending handle resolves after that
 * COMMIT returned; a failed commit is rolled back, in memory too, and fails every record queued
 * at that moment (their numbers are given again to the next records).
 *
 * Heads: one per commit (the latest covers every durable record), and a fresh one when no
 * commit happened for head_interval. The database keeps the latest head and, before it, one head
 * per head_interval.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit/internal.h"
#include "audit/store.h"
#include "seal/audit.h"
#include "seal/util.h"

#define DEFAULT_HEAD_INTERVAL_MS 10000u
#define DEFAULT_MAX_BATCH 4096u
#define DEFAULT_MAX_PENDING 65536u
#define DEFAULT_COMMIT_SPACING_US 2000u
#define PATH_MAX_TEXT 200

const double SEAL_AUDIT_COMMIT_BUCKETS_MS[10] = {1, 2, 5, 10, 20, 50, 100, 250, 500, 1000};

struct seal_audit_pending {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int refs; /* the writer's and the consumer's */
    bool done;
    seal_err err;
    seal_audit_done_fn fn;
    void *ctx;
};

typedef struct entry {
    struct entry *next;
    uint64_t seq;
    uint8_t leaf[32];
    uint8_t *bytes;
    size_t len;
    seal_audit_pending *pending;
} entry;

struct seal_audit_log {
    char path[PATH_MAX_TEXT + 1];
    bool readonly;
    uint8_t pk[32];
    seal__audit_signer signer;
    seal_audit_log_options opts;

    seal__audit_db w; /* writer thread only (after open) */
    seal__audit_db r; /* readers, under read_mu */
    pthread_mutex_t read_mu;

    pthread_mutex_t mu;
    pthread_cond_t work_cv;
    entry *head, *tail;
    size_t n_queued;
    uint64_t next_seq;
    bool stop;
    bool failed;
    seal_audit_tree_head latest;
    seal_audit_log_stats stats;

    /* writer thread only */
    seal_audit_frontier frontier;
    uint64_t kept_ts;
    uint64_t retry_head_ms;  /* after a failed idle head: not before this time */
    uint64_t last_commit_us; /* monotonic start of the last batch */
    int lock_fd;             /* PATH-lock, locked while the log is open for writing */
    pthread_t thread;
    bool started;
    bool mutexes;
};

static uint64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- pending handles ---------------------------------------------------------------------- */

static seal_audit_pending *pending_new(void) {
    seal_audit_pending *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->refs = 2;
    return p;
}

static void pending_unref_locked(seal_audit_pending *p, bool *freed) {
    *freed = --p->refs == 0;
}

static void pending_free(seal_audit_pending *p) {
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}

/* The writer's side: records the outcome, calls the registered callback. */
static void pending_resolve(seal_audit_pending *p, seal_err err) {
    bool freed = false;
    pthread_mutex_lock(&p->mu);
    p->done = true;
    p->err = err;
    seal_audit_done_fn fn = p->fn;
    void *ctx = p->ctx;
    pthread_cond_broadcast(&p->cv);
    pending_unref_locked(p, &freed);
    pthread_mutex_unlock(&p->mu);
    if (freed)
        pending_free(p);
    if (fn != NULL)
        fn(ctx, err);
}

seal_err seal_audit_pending_wait(seal_audit_pending *p) {
    bool freed = false;
    if (p == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&p->mu);
    while (!p->done)
        pthread_cond_wait(&p->cv, &p->mu);
    seal_err err = p->err;
    pending_unref_locked(p, &freed);
    pthread_mutex_unlock(&p->mu);
    if (freed)
        pending_free(p);
    return err;
}

void seal_audit_pending_then(seal_audit_pending *p, seal_audit_done_fn fn, void *ctx) {
    bool freed = false, call = false;
    seal_err err = SEAL_OK;
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    if (p->done) {
        call = true;
        err = p->err;
    } else {
        p->fn = fn;
        p->ctx = ctx;
    }
    pending_unref_locked(p, &freed);
    pthread_mutex_unlock(&p->mu);
    if (freed)
        pending_free(p);
    if (call && fn != NULL)
        fn(ctx, err);
}

void seal_audit_pending_release(seal_audit_pending *p) {
    bool freed = false;
    if (p == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    pending_unref_locked(p, &freed);
    pthread_mutex_unlock(&p->mu);
    if (freed)
        pending_free(p);
}

static void entries_resolve(entry *e, seal_err err) {
    while (e != NULL) {
        entry *next = e->next;
        if (e->pending != NULL)
            pending_resolve(e->pending, err);
        free(e->bytes);
        free(e);
        e = next;
    }
}

/* ---- commits (writer thread) -------------------------------------------------------------- */

static seal_err store_node(void *ctx, unsigned level, uint64_t index,
                           const uint8_t hash[static 32]) {
    return seal__audit_node_put(ctx, level, index, hash);
}

/* A new signed head over the writer's tree, stored; the previous latest head is kept when it
 * is at least head_interval newer than the one kept before it. */
static seal_err put_head(seal_audit_log *l, seal_audit_tree_head *h) {
    seal_err err;
    memset(h, 0, sizeof *h);
    h->tree_size = l->frontier.size;
    uint64_t now = wall_ms();
    h->timestamp_ms = now > l->latest.timestamp_ms ? now : l->latest.timestamp_ms;
    seal_audit_frontier_root(&l->frontier, h->root);
    if ((err = seal__audit_sign_head(h, &l->signer)) != SEAL_OK)
        return err;
    if (l->latest.tree_size != h->tree_size) {
        if (l->latest.timestamp_ms >= l->kept_ts + l->opts.head_interval_ms)
            l->kept_ts = l->latest.timestamp_ms; /* the previous latest head stays */
        else if ((err = seal__audit_head_delete(&l->w, l->latest.tree_size)) != SEAL_OK)
            return err;
    }
    return seal__audit_head_put(&l->w, h);
}

/* After a COMMIT that failed at its fsync: its frames, commit frame included, may be in the WAL
 * file already, and the recovery of the next open would bring the batch back although its
 * answers were refused. A small write transaction right away (a counter in meta) puts its own
 * frames where those are, so no recovery can reach them (the ledger does the same,
 * src/ledger/store.c). If it fails too, the batch's outcome stays unknown, as after a crash. */
static void bury_failed_commit(seal_audit_log *l) {
    uint8_t v[8] = {0};
    bool found = false;
    uint64_t n = 0;
    if (seal__audit_db_exec(&l->w, SEAL__AST_BEGIN) != SEAL_OK)
        return;
    if (seal__audit_meta_get(&l->w, "failed_commits", v, sizeof v, &found) == SEAL_OK) {
        for (size_t i = 0; i < 8; i++)
            n |= (uint64_t)v[i] << (8 * i);
        n++;
        for (size_t i = 0; i < 8; i++)
            v[i] = (uint8_t)(n >> (8 * i));
        if (seal__audit_meta_put(&l->w, "failed_commits", v, sizeof v) == SEAL_OK &&
            seal__audit_db_exec(&l->w, SEAL__AST_COMMIT) == SEAL_OK)
            return;
    }
    sqlite3_exec(l->w.db, "ROLLBACK", NULL, NULL, NULL);
}

/* Ends a failed transaction. When COMMIT itself failed (an fsync error) its batch is buried
 * (bury_failed_commit), but the writer's state (the frontier holds the batch) no longer matches
 * the database; the same when the rollback did not end the transaction: *fatal is set and the
 * log stops taking records (fail closed; a restart checks the database again). */
static void abort_tx(seal_audit_log *l, bool commit_failed, bool *fatal) {
    sqlite3_exec(l->w.db, "ROLLBACK", NULL, NULL, NULL);
    bool ended = sqlite3_get_autocommit(l->w.db) != 0;
    if (commit_failed && ended)
        bury_failed_commit(l);
    *fatal = commit_failed || !ended;
}

/* Writes the batch (every record, the subtrees they complete, a head) in one transaction. */
static seal_err commit_batch(seal_audit_log *l, entry *batch, seal_audit_tree_head *h,
                             bool *fatal) {
    seal_err err;
    bool commit_failed = false;
    *fatal = false;
    if ((err = seal__audit_db_exec(&l->w, SEAL__AST_BEGIN)) != SEAL_OK)
        return err;
    for (entry *e = batch; e != NULL; e = e->next) {
        if (e->seq != l->frontier.size) {
            err = SEAL_ERR_INTERNAL;
            goto fail;
        }
        if ((err = seal__audit_record_put(&l->w, e->seq, e->bytes, e->len)) != SEAL_OK ||
            (err = seal_audit_frontier_append(&l->frontier, e->leaf, store_node, &l->w)) != SEAL_OK)
            goto fail;
    }
    if ((err = put_head(l, h)) != SEAL_OK)
        goto fail;
    if ((err = seal__audit_db_exec(&l->w, SEAL__AST_COMMIT)) != SEAL_OK) {
        commit_failed = true;
        goto fail;
    }
    return SEAL_OK;
fail:
    abort_tx(l, commit_failed, fatal);
    return err;
}

static void observe_commit(seal_audit_log *l, uint64_t us, size_t batch) {
    double ms = (double)us / 1000.0;
    for (size_t b = 0; b < 10; b++)
        if (ms <= SEAL_AUDIT_COMMIT_BUCKETS_MS[b])
            l->stats.commit_buckets[b]++;
    l->stats.commit_count++;
    l->stats.commit_sum_ms += ms;
    if (batch > l->stats.batch_max)
        l->stats.batch_max = batch;
}

static void *writer_main(void *arg) {
    seal_audit_log *l = arg;
    /* Every held answer waits for this one thread: where the process may (CAP_SYS_NICE), it
     * runs ahead of the request threads when the machine is busy. Nothing changes otherwise. */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), -5) != 0)
        errno = 0;
    pthread_mutex_lock(&l->mu);
    for (;;) {
        while (l->head == NULL && !l->stop) {
            uint64_t due = l->latest.timestamp_ms + l->opts.head_interval_ms;
            uint64_t now = wall_ms();
            if (due < l->retry_head_ms)
                due = l->retry_head_ms;
            if (now >= due && !l->failed) {
                /* idle: a fresh head at the same size */
                seal_audit_tree_head h;
                uint64_t kept = l->kept_ts;
                bool fatal = false, commit_failed = false;
                pthread_mutex_unlock(&l->mu);
                seal_err err = seal__audit_db_exec(&l->w, SEAL__AST_BEGIN);
                if (err == SEAL_OK && (err = put_head(l, &h)) == SEAL_OK) {
                    err = seal__audit_db_exec(&l->w, SEAL__AST_COMMIT);
                    commit_failed = err != SEAL_OK;
                }
                if (err != SEAL_OK)
                    abort_tx(l, commit_failed, &fatal);
                pthread_mutex_lock(&l->mu);
                if (err == SEAL_OK) {
                    l->latest = h;
                } else {
                    l->kept_ts = kept;
                    l->stats.commit_failures++;
                    l->failed = l->failed || fatal;
                    l->retry_head_ms = now + l->opts.head_interval_ms;
                }
                continue;
            }
            struct timespec ts;
            uint64_t wait_ms = due > now ? due - now : l->opts.head_interval_ms;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += (time_t)(wait_ms / 1000u);
            ts.tv_nsec += (long)(wait_ms % 1000u) * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&l->work_cv, &l->mu, &ts);
        }
        if (l->head == NULL)
            break; /* stopping, nothing left */
        if (l->failed) {
            entry *rest = l->head;
            l->head = l->tail = NULL;
            l->n_queued = 0;
            pthread_mutex_unlock(&l->mu);
            entries_resolve(rest, SEAL_ERR_IO);
            pthread_mutex_lock(&l->mu);
            continue;
        }
        /* Commits start at most every commit_spacing: on a disk whose fsync returns in well under
         * that, waiting the rest of it gathers larger batches, and the fsyncs (whose kernel
         * work costs CPU whatever the disk) stay bounded per second. A slower disk is never
         * waited for twice: the spacing counts from the previous commit's start. */
        uint64_t due_us = l->last_commit_us + l->opts.commit_spacing_us;
        uint64_t now_us = mono_us();
        if (!l->stop && due_us > now_us) {
            pthread_mutex_unlock(&l->mu);
            struct timespec d = {0, (long)(due_us - now_us) * 1000L};
            nanosleep(&d, NULL);
            pthread_mutex_lock(&l->mu);
        }
        l->last_commit_us = mono_us();
        /* the batch: everything queued now, up to max_batch */
        entry *batch = l->head, *last = l->head;
        size_t k = 1;
        while (last->next != NULL && k < l->opts.max_batch) {
            last = last->next;
            k++;
        }
        l->head = last->next;
        if (l->head == NULL)
            l->tail = NULL;
        last->next = NULL;
        l->n_queued -= k;
        seal_audit_frontier saved_tree = l->frontier;
        seal_audit_tree_head saved_latest = l->latest;
        uint64_t saved_kept = l->kept_ts;
        pthread_mutex_unlock(&l->mu);

        seal_audit_tree_head h;
        bool fatal = false;
        uint64_t t0 = mono_us();
        seal_err err = commit_batch(l, batch, &h, &fatal);
        uint64_t dt = mono_us() - t0;

        entry *failed_rest = NULL;
        pthread_mutex_lock(&l->mu);
        if (err == SEAL_OK) {
            l->latest = h;
            l->stats.commits++;
            observe_commit(l, dt, k);
        } else {
            /* nothing of the batch is in the database: undo it in memory, fail it and
             * everything queued after it (their sequence numbers are given again) */
            l->frontier = saved_tree;
            l->latest = saved_latest;
            l->kept_ts = saved_kept;
            failed_rest = l->head;
            l->head = l->tail = NULL;
            l->n_queued = 0;
            l->next_seq = l->latest.tree_size;
            l->stats.commit_failures++;
            l->failed = l->failed || fatal;
        }
        pthread_mutex_unlock(&l->mu);
        entries_resolve(batch, err);
        entries_resolve(failed_rest, err);
        pthread_mutex_lock(&l->mu);
    }
    pthread_mutex_unlock(&l->mu);
    return NULL;
}

/* ---- appends ------------------------------------------------------------------------------ */

seal_err seal_audit_log_append(seal_audit_log *l, seal_audit_record *r, seal_audit_receipt *receipt,
                               uint8_t **bytes, size_t *len, seal_audit_pending **pending) {
    seal_bcs_writer w;
    entry *e = NULL;
    seal_audit_pending *p = NULL;
    uint8_t *copy = NULL;
    seal_err err = SEAL_OK;
    if (bytes != NULL)
        *bytes = NULL;
    if (len != NULL)
        *len = 0;
    if (pending != NULL)
        *pending = NULL;
    if (l == NULL || r == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (l->readonly)
        return SEAL_ERR_UNSUPPORTED;
    r->seq = 0;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_audit_record_write(&w, r);
    if (w.len > SEAL_AUDIT_RECORD_MAX_BYTES)
        return SEAL_ERR_LIMIT;
    if ((e = calloc(1, sizeof *e)) == NULL || (e->bytes = malloc(w.len)) == NULL ||
        (bytes != NULL && (copy = malloc(w.len)) == NULL) ||
        (pending != NULL && (p = pending_new()) == NULL)) {
        err = SEAL_ERR_NO_MEMORY;
        goto fail;
    }
    e->len = w.len;
    seal_bcs_writer_init(&w, e->bytes, e->len);
    seal_audit_record_write(&w, r);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto fail;
    e->pending = p;

    pthread_mutex_lock(&l->mu);
    if (l->failed || l->stop) {
        pthread_mutex_unlock(&l->mu);
        err = SEAL_ERR_IO;
        goto fail;
    }
    if (l->n_queued >= l->opts.max_pending) {
        pthread_mutex_unlock(&l->mu);
        err = SEAL_ERR_LIMIT;
        goto fail;
    }
    e->seq = l->next_seq++;
    r->seq = e->seq;
    seal__audit_put_u64(e->bytes + 1, e->seq); /* the version byte, then seq */
    seal_audit_leaf_hash(e->leaf, e->bytes, e->len);
    if (copy != NULL)
        memcpy(copy, e->bytes, e->len);
    if (l->tail != NULL)
        l->tail->next = e;
    else
        l->head = e;
    l->tail = e;
    l->n_queued++;
    l->stats.appended++;
    uint8_t leaf[32];
    memcpy(leaf, e->leaf, 32);
    size_t n = e->len;
    pthread_cond_signal(&l->work_cv);
    pthread_mutex_unlock(&l->mu);

    if (receipt != NULL) {
        memset(receipt, 0, sizeof *receipt);
        receipt->seq = r->seq;
        memcpy(receipt->leaf_hash, leaf, 32);
        err = seal__audit_sign_receipt(receipt, &l->signer);
    }
    if (bytes != NULL) {
        *bytes = copy;
        *len = n;
    }
    if (pending != NULL)
        *pending = p;
    return err;
fail:
    if (p != NULL)
        pending_free(p);
    if (e != NULL)
        free(e->bytes);
    free(e);
    free(copy);
    return err;
}

/* ---- opening and closing ------------------------------------------------------------------ */

static void copy_path(seal_audit_log *l, const char *path) {
    size_t i = 0;
    for (; path[i] != '\0' && i < PATH_MAX_TEXT; i++)
        l->path[i] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f ? '?' : path[i];
    l->path[i] = '\0';
}

static seal_audit_log *log_new(const char *path) {
    seal_audit_log *l = calloc(1, sizeof *l);
    if (l == NULL)
        return NULL;
    copy_path(l, path);
    l->lock_fd = -1;
    pthread_mutex_init(&l->mu, NULL);
    pthread_mutex_init(&l->read_mu, NULL);
    pthread_cond_init(&l->work_cv, NULL);
    l->mutexes = true;
    return l;
}

/* Schema version and public key: written when the database is new, checked when not. */
static seal_err check_meta(seal_audit_log *l, seal__audit_db *db, const uint8_t *want_pk,
                           bool may_init, bool *fresh, char *why, size_t why_len) {
    uint8_t v[8], pk[32];
    bool has_v = false, has_pk = false;
    seal_err err;
    *fresh = false;
    if ((err = seal__audit_meta_get(db, "schema_version", v, 8, &has_v)) != SEAL_OK ||
        (err = seal__audit_meta_get(db, "public_key", pk, 32, &has_pk)) != SEAL_OK) {
        seal__audit_why(why, why_len, "audit log %s: not an audit log database", l->path);
        return err == SEAL_ERR_IO ? SEAL_ERR_IO : SEAL_ERR_INVALID_SIGNATURE;
    }
    if (!has_v && !has_pk && may_init) {
        uint8_t id[32];
        seal__audit_put_u64(v, 1);
        seal_audit_log_id(id, want_pk);
        if (seal__audit_meta_put(db, "schema_version", v, 8) != SEAL_OK ||
            seal__audit_meta_put(db, "public_key", want_pk, 32) != SEAL_OK ||
            seal__audit_meta_put(db, "log_id", id, 32) != SEAL_OK) {
            seal__audit_why(why, why_len, "audit log %s: cannot initialise the database", l->path);
            return SEAL_ERR_IO;
        }
        memcpy(l->pk, want_pk, 32);
        *fresh = true;
        return SEAL_OK;
    }
    if (!has_v || !has_pk) {
        seal__audit_why(why, why_len, "audit log %s: not an audit log database", l->path);
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    if (seal__audit_get_u64(v) != 1) {
        seal__audit_why(why, why_len, "audit log %s: unsupported schema version %llu", l->path,
                        (unsigned long long)seal__audit_get_u64(v));
        return SEAL_ERR_UNSUPPORTED;
    }
    if (want_pk != NULL && memcmp(pk, want_pk, 32) != 0) {
        uint8_t a[32], b[32];
        char ha[17], hb[17];
        seal_audit_log_id(a, pk);
        seal_audit_log_id(b, want_pk);
        seal_hex_encode(ha, a, 8);
        seal_hex_encode(hb, b, 8);
        seal__audit_why(why, why_len,
                        "audit log %s belongs to another audit key (log id %s…, this key's log "
                        "id %s…)",
                        l->path, ha, hb);
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    memcpy(l->pk, pk, 32);
    return SEAL_OK;
}

/* An exclusive advisory lock on PATH-lock, held until close. */
static seal_err take_lock(seal_audit_log *l, const char *path, char *why, size_t why_len) {
    char lock[PATH_MAX_TEXT + 16];
    size_t n = strlen(path);
    if (n > PATH_MAX_TEXT) {
        seal__audit_why(why, why_len, "audit log path too long");
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    snprintf(lock, sizeof lock, "%s-lock", path);
    l->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (l->lock_fd < 0) {
        seal__audit_why(why, why_len, "audit log %s: cannot create its lock file", l->path);
        return SEAL_ERR_IO;
    }
    if (flock(l->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        seal__audit_why(why, why_len,
                        "audit log %s is open in another process (one server per log)", l->path);
        return SEAL_ERR_IO;
    }
    return SEAL_OK;
}

static void set_defaults(seal_audit_log_options *o, const seal_audit_log_options *in) {
    memset(o, 0, sizeof *o);
    if (in != NULL)
        *o = *in;
    if (o->head_interval_ms == 0)
        o->head_interval_ms = DEFAULT_HEAD_INTERVAL_MS;
    if (o->max_batch == 0)
        o->max_batch = DEFAULT_MAX_BATCH;
    if (o->max_pending == 0)
        o->max_pending = DEFAULT_MAX_PENDING;
    if (o->commit_spacing_us == 0)
        o->commit_spacing_us = DEFAULT_COMMIT_SPACING_US;
    if (o->commit_spacing_us > 1000000u)
        o->commit_spacing_us = 1000000u;
}

seal_err seal_audit_log_open(seal_audit_log **out, const char *path,
                             const uint8_t secret[static 32], const seal_audit_log_options *opts,
                             char *why, size_t why_len) {
    seal_audit_log *l = NULL;
    seal_err err;
    bool fresh = false;
    struct stat st;
    if (why != NULL && why_len > 0)
        why[0] = '\0';
    *out = NULL;
    if (path == NULL || secret == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((l = log_new(path)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    set_defaults(&l->opts, opts);
    if ((err = seal__audit_signer_init(&l->signer, secret)) != SEAL_OK)
        goto out;
    if (stat(path, &st) != 0 && !l->opts.create) {
        seal__audit_why(why, why_len, "no audit log at %s", l->path);
        err = SEAL_ERR_IO;
        goto out;
    }
    /* one writer per log: two processes appending to one database would number records twice */
    if ((err = take_lock(l, path, why, why_len)) != SEAL_OK)
        goto out;
    if ((err = seal__audit_db_open(&l->w, path, true, true)) != SEAL_OK) {
        seal__audit_why(why, why_len, "audit log %s: cannot open the database", l->path);
        goto out;
    }
    /* a new database gets its key and the empty tree's head in one transaction */
    if ((err = seal__audit_db_exec(&l->w, SEAL__AST_BEGIN)) != SEAL_OK) {
        seal__audit_why(why, why_len, "audit log %s: cannot write to the database", l->path);
        goto out;
    }
    err = check_meta(l, &l->w, l->signer.pk, true, &fresh, why, why_len);
    if (err == SEAL_OK && fresh) {
        seal_audit_tree_head first;
        seal_audit_frontier_init(&l->frontier);
        if ((err = put_head(l, &first)) != SEAL_OK)
            seal__audit_why(why, why_len, "audit log %s: cannot write the first head", l->path);
    }
    if (err == SEAL_OK && (err = seal__audit_db_exec(&l->w, SEAL__AST_COMMIT)) != SEAL_OK)
        seal__audit_why(why, why_len, "audit log %s: cannot write to the database", l->path);
    if (err != SEAL_OK) {
        sqlite3_exec(l->w.db, "ROLLBACK", NULL, NULL, NULL);
        goto out;
    }
    if ((err = seal__audit_verify(&l->w, l->path, l->pk, &l->frontier, &l->latest, &l->kept_ts, why,
                                  why_len)) != SEAL_OK)
        goto out;
    if ((err = seal__audit_db_open(&l->r, path, false, false)) != SEAL_OK) {
        seal__audit_why(why, why_len, "audit log %s: cannot open the database", l->path);
        goto out;
    }
    l->next_seq = l->latest.tree_size;
    l->stats.records = l->latest.tree_size;
    if (pthread_create(&l->thread, NULL, writer_main, l) != 0) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    l->started = true;
    *out = l;
    l = NULL;
out:
    seal_audit_log_close(l);
    return err;
}

seal_err seal_audit_log_open_readonly(seal_audit_log **out, const char *path,
                                      const uint8_t *public_key, char *why, size_t why_len) {
    seal_audit_log *l = NULL;
    seal_err err;
    bool fresh = false;
    if (why != NULL && why_len > 0)
        why[0] = '\0';
    *out = NULL;
    if (path == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((l = log_new(path)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    l->readonly = true;
    set_defaults(&l->opts, NULL);
    if ((err = seal__audit_db_open(&l->r, path, false, false)) != SEAL_OK) {
        seal__audit_why(why, why_len, "no audit log at %s (cannot open it)", l->path);
        goto out;
    }
    if ((err = check_meta(l, &l->r, public_key, false, &fresh, why, why_len)) != SEAL_OK)
        goto out;
    if ((err = seal__audit_verify(&l->r, l->path, l->pk, &l->frontier, &l->latest, &l->kept_ts, why,
                                  why_len)) != SEAL_OK)
        goto out;
    l->next_seq = l->latest.tree_size;
    l->stats.records = l->latest.tree_size;
    *out = l;
    l = NULL;
out:
    seal_audit_log_close(l);
    return err;
}

void seal_audit_log_close(seal_audit_log *l) {
    if (l == NULL)
        return;
    if (l->started) {
        pthread_mutex_lock(&l->mu);
        l->stop = true;
        pthread_cond_signal(&l->work_cv);
        pthread_mutex_unlock(&l->mu);
        pthread_join(l->thread, NULL);
    }
    entries_resolve(l->head, SEAL_ERR_IO); /* only when the writer never started */
    /* the writer closes last: it folds the WAL into the database file (a read-only connection
     * cannot), so the file alone holds the whole log after a clean stop */
    seal__audit_db_close(&l->r);
    if (l->w.db != NULL)
        sqlite3_exec(l->w.db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    seal__audit_db_close(&l->w);
    if (l->lock_fd >= 0)
        close(l->lock_fd); /* releases the lock */
    if (l->mutexes) {
        pthread_mutex_destroy(&l->mu);
        pthread_mutex_destroy(&l->read_mu);
        pthread_cond_destroy(&l->work_cv);
    }
    seal__audit_signer_clear(&l->signer);
    seal_memzero(l, sizeof *l);
    free(l);
}

/* ---- reads -------------------------------------------------------------------------------- */

seal_err seal_audit_log_head(seal_audit_log *l, seal_audit_tree_head *out) {
    if (l == NULL || out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&l->mu);
    *out = l->latest;
    pthread_mutex_unlock(&l->mu);
    return SEAL_OK;
}

void seal_audit_log_public_key(const seal_audit_log *l, uint8_t out[static 32]) {
    memcpy(out, l->pk, 32);
}

static uint64_t durable_size(seal_audit_log *l) {
    pthread_mutex_lock(&l->mu);
    uint64_t n = l->latest.tree_size;
    pthread_mutex_unlock(&l->mu);
    return n;
}

static seal_err read_node(void *ctx, unsigned level, uint64_t index, uint8_t out[static 32]) {
    bool found = false;
    seal_err err = seal__audit_node_get(ctx, level, index, out, &found);
    return err != SEAL_OK ? err : found ? SEAL_OK : SEAL_ERR_INTERNAL;
}

seal_err seal_audit_log_inclusion(seal_audit_log *l, uint64_t seq, uint64_t size,
                                  seal_audit_proof *out) {
    if (l == NULL || out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (size > durable_size(l) || seq >= size)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_audit_log_id(out->log_id, l->pk);
    out->a = seq;
    out->b = size;
    pthread_mutex_lock(&l->read_mu);
    seal_err err = seal_audit_inclusion_proof(out->path, 64, &out->n, read_node, &l->r, seq, size);
    pthread_mutex_unlock(&l->read_mu);
    return err;
}

seal_err seal_audit_log_consistency(seal_audit_log *l, uint64_t first, uint64_t second,
                                    seal_audit_proof *out) {
    if (l == NULL || out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (second > durable_size(l) || first > second)
        return SEAL_ERR_INVALID_ARGUMENT;
    seal_audit_log_id(out->log_id, l->pk);
    out->a = first;
    out->b = second;
    pthread_mutex_lock(&l->read_mu);
    seal_err err = seal_audit_consistency_proof(out->path, SEAL_AUDIT_MAX_PROOF_HASHES, &out->n,
                                                read_node, &l->r, first, second);
    pthread_mutex_unlock(&l->read_mu);
    return err;
}

seal_err seal_audit_log_record(seal_audit_log *l, uint64_t seq, uint8_t **bytes, size_t *len) {
    if (l == NULL || bytes == NULL || len == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    if (seq >= durable_size(l))
        return SEAL_ERR_INVALID_ARGUMENT;
    pthread_mutex_lock(&l->read_mu);
    seal_err err = seal__audit_record_get(&l->r, seq, bytes, len);
    pthread_mutex_unlock(&l->read_mu);
    return err;
}

seal_err seal_audit_log_heads(seal_audit_log *l, uint64_t from, uint64_t to,
                              seal_audit_tree_head *out, size_t cap, size_t *n) {
    if (l == NULL || n == NULL || (out == NULL && cap > 0))
        return SEAL_ERR_INVALID_ARGUMENT;
    uint64_t top = durable_size(l);
    if (to > top)
        to = top;
    pthread_mutex_lock(&l->read_mu);
    seal_err err = seal__audit_heads(&l->r, from, to, out, cap, n);
    pthread_mutex_unlock(&l->read_mu);
    return err;
}

void seal_audit_log_get_stats(seal_audit_log *l, seal_audit_log_stats *out) {
    pthread_mutex_lock(&l->mu);
    *out = l->stats;
    out->records = l->latest.tree_size;
    out->head_timestamp_ms = l->latest.timestamp_ms;
    out->pending = l->n_queued;
    out->failed = l->failed;
    pthread_mutex_unlock(&l->mu);
}
