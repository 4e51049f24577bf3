/*
 * Periodic anchoring of the key server's audit log on chain (docs/audit.md, `audit.anchor`):
 * at start, the log must extend the head already anchored (a database rolled back or replaced
 * is refused); then every interval the latest head is posted to the AuditLog object when it grew
 * since the last anchor, signed by the configured account.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "seal/audit_anchor.h"
#include "seal/sui_sig.h"
#include "seal/util.h"
#include "server/server.h"
#include "server/server_audit.h"
#include "server/server_http_internal.h"

struct seal_server_anchor {
    seal_audit_log *log;
    seal_chain *chain;
    seal_sui_keypair kp;
    uint8_t object[32];
    uint64_t interval_ms;
    uint64_t anchored; /* size anchored on chain, as last seen */
    int log_fd;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

/* A suiprivkey1… key from an owner-only file. */
static seal_err load_key(seal_sui_keypair *kp, const char *path, char *err, size_t err_len) {
    char buf[1024];
    struct stat st;
    ssize_t n = 0;
    seal_err e = SEAL_ERR_IO;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_len, "audit.anchor.key_file: cannot open %.200s", path);
        goto out;
    }
    if ((st.st_mode & 077) != 0) {
        snprintf(err, err_len,
                 "audit.anchor.key_file: %.200s is accessible by group or others; run chmod "
                 "600 on it",
                 path);
        goto out;
    }
    n = read(fd, buf, sizeof buf - 1);
    if (n <= 0) {
        snprintf(err, err_len, "audit.anchor.key_file: cannot read %.200s", path);
        goto out;
    }
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    if (seal_sui_keypair_from_bech32(kp, buf) != SEAL_OK) {
        snprintf(err, err_len, "audit.anchor.key_file: %.200s does not hold a suiprivkey1... key",
                 path);
        e = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    e = SEAL_OK;
out:
    seal_memzero(buf, sizeof buf);
    if (fd >= 0)
        close(fd);
    return e;
}

static void log_event(const seal_server_anchor *a, const char *event, const char *fmt, uint64_t x,
                      uint64_t y, const char *why) {
    char extra[400];
    snprintf(extra, sizeof extra, fmt, (unsigned long long)x, (unsigned long long)y,
             why != NULL ? why : "");
    seal__log_event(a->log_fd, event, extra);
}

/* One anchoring attempt of the latest head. */
static void anchor_once(seal_server_anchor *a) {
    seal_audit_tree_head h;
    seal_ledger_effects *e = NULL;
    if (seal_audit_log_head(a->log, &h) != SEAL_OK || h.tree_size <= a->anchored)
        return;
    if ((e = malloc(sizeof *e)) == NULL)
        return;
    seal_err err = seal_audit_anchor_post(a->chain, &a->kp, NULL, a->object, &h, e);
    if (err == SEAL_OK && e->outcome.status == SEAL_LEDGER_SUCCESS) {
        a->anchored = h.tree_size;
        log_event(a, "audit_anchor", "\"tree_size\":%llu,\"timestamp_ms\":%llu%s", h.tree_size,
                  h.timestamp_ms, NULL);
    } else {
        seal_ledger_audit_log log;
        /* another poster may have anchored a larger head meanwhile */
        if (seal_audit_anchor_read(a->chain, NULL, a->object, &log) == SEAL_OK &&
            log.head.tree_size > a->anchored)
            a->anchored = log.head.tree_size;
        char why[200];
        snprintf(why, sizeof why, ",\"reason\":\"%s\"",
                 err != SEAL_OK ? seal_strerror(err)
                 : e->outcome.status == SEAL_LEDGER_ABORT
                     ? "the audit_log module aborted"
                     : seal_ledger_status_name(e->outcome.status));
        log_event(a, "audit_anchor_failed", "\"tree_size\":%llu,\"anchored\":%llu%s", h.tree_size,
                  a->anchored, why);
    }
    free(e);
}

static void *anchor_main(void *arg) {
    seal_server_anchor *a = arg;
    pthread_mutex_lock(&a->mu);
    while (!a->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += (time_t)(a->interval_ms / 1000u);
        ts.tv_nsec += (long)(a->interval_ms % 1000u) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        int rc = 0;
        while (!a->stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&a->cv, &a->mu, &ts);
        if (a->stop)
            break;
        pthread_mutex_unlock(&a->mu);
        anchor_once(a);
        pthread_mutex_lock(&a->mu);
    }
    pthread_mutex_unlock(&a->mu);
    return NULL;
}

/* The local log must extend the head anchored on chain. */
static seal_err check_anchored(seal_server_anchor *a, char *err, size_t err_len) {
    seal_ledger_audit_log log;
    seal_audit_tree_head h;
    uint8_t pk[32];
    seal_err e = seal_audit_anchor_read(a->chain, NULL, a->object, &log);
    if (e != SEAL_OK) {
        snprintf(err, err_len, "audit.anchor.object: cannot read the AuditLog object: %s",
                 e == SEAL_ERR_INVALID_ARGUMENT ? "not found or not an AuditLog"
                                                : seal_strerror(e));
        return e;
    }
    seal_audit_log_public_key(a->log, pk);
    if (memcmp(pk, log.public_key, 32) != 0) {
        snprintf(err, err_len, "audit.anchor.object: the AuditLog holds another audit key");
        return SEAL_ERR_INVALID_KEY;
    }
    if ((e = seal_audit_log_head(a->log, &h)) != SEAL_OK)
        return e;
    if (log.head.tree_size > h.tree_size) {
        snprintf(err, err_len,
                 "audit log: the chain anchors a head of size %llu but the log has %llu records "
                 "(the database was rolled back or replaced)",
                 (unsigned long long)log.head.tree_size, (unsigned long long)h.tree_size);
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    seal_audit_proof *p = malloc(sizeof *p);
    if (p == NULL)
        return SEAL_ERR_NO_MEMORY;
    e = seal_audit_log_consistency(a->log, log.head.tree_size, h.tree_size, p);
    if (e == SEAL_OK)
        e = seal_audit_verify_consistency(log.head.tree_size, h.tree_size, log.head.root, h.root,
                                          (const uint8_t(*)[32])p->path, p->n);
    free(p);
    if (e != SEAL_OK) {
        snprintf(err, err_len,
                 "audit log: the log does not extend the head of size %llu anchored on chain "
                 "(its history differs)",
                 (unsigned long long)log.head.tree_size);
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    a->anchored = log.head.tree_size;
    return SEAL_OK;
}

seal_err seal_server_anchor_start(seal_server_anchor **out, seal_audit_log *log, seal_chain *chain,
                                  const seal_server_audit_config *cfg, int log_fd, char *err,
                                  size_t err_len) {
    seal_server_anchor *a = NULL;
    seal_err e;
    *out = NULL;
    if (!cfg->anchor)
        return SEAL_OK;
    if ((a = calloc(1, sizeof *a)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->cv, NULL);
    a->log = log;
    a->chain = chain;
    a->log_fd = log_fd;
    a->interval_ms = cfg->anchor_interval_ms > 0 ? cfg->anchor_interval_ms : 600000;
    memcpy(a->object, cfg->anchor_object, 32);
    if ((e = load_key(&a->kp, cfg->anchor_key_file, err, err_len)) != SEAL_OK ||
        (e = check_anchored(a, err, err_len)) != SEAL_OK)
        goto fail;
    if (pthread_create(&a->thread, NULL, anchor_main, a) != 0) {
        e = SEAL_ERR_NO_MEMORY;
        goto fail;
    }
    a->started = true;
    *out = a;
    return SEAL_OK;
fail:
    seal_server_anchor_stop(a);
    return e;
}

void seal_server_anchor_stop(seal_server_anchor *a) {
    if (a == NULL)
        return;
    if (a->started) {
        pthread_mutex_lock(&a->mu);
        a->stop = true;
        pthread_cond_signal(&a->cv);
        pthread_mutex_unlock(&a->mu);
        pthread_join(a->thread, NULL);
    }
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    seal_sui_keypair_clear(&a->kp);
    free(a);
}
