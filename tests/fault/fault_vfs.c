/* The ledger's SQLite store against I/O faults beyond a full disk, through the VFS shim of
 * tests/fault/faultvfs.c (every database, WAL and journal access of the process goes through
 * it):
 *   eio-read   the k-th read fails with SQLITE_IOERR_READ (once, then from k on);
 *   eio-write  the k-th write fails with SQLITE_IOERR_WRITE (once, then from k on);
 *   eio-sync   the k-th fsync fails with SQLITE_IOERR_FSYNC (once, then from k on);
 *   crash      the process ends at the k-th write, before it reaches the file;
 *   torn       the first half of the k-th write reaches the file, then the process ends;
 *   crash-after the k-th write reaches the file, then the process ends;
 * for every k from 1 to the count of a fault-free run of the workload: open the ledger, add
 * members 1 and 2 to an allowlist, close (checkpoint), open again, read the allowlist, add
 * member 3, close.
 *
 * Properties. A read of the allowlist under faults either fails or gives exactly the members
 * acknowledged so far. Afterwards, without faults, the ledger passes PRAGMA integrity_check and
 * holds member 0 and every acknowledged member (an addition that returned SEAL_OK with
 * SUCCESS), in order, and nothing else: after an I/O error no failed addition is there (a
 * commit whose fsync failed is buried by the ledger, src/ledger/store.c); after a crash the
 * addition in progress may be there (its commit may have reached the file before the crash; it
 * was never acknowledged), and so may the first failed one when every fsync fails from k on
 * (nothing can bury it). A new addition then succeeds. The crash kinds run the
 * workload in a child process per k (a process crash: what was written stays in the OS's
 * cache).
 *
 * With "audit", the same for the audit log (src/audit/store.c, a writer thread with group
 * commit): a log holding record 0; append records 1 and 2 and wait for each to be durable,
 * close, open (its integrity check), read the head and the records, append record 3, close.
 * A record is acknowledged when its pending handle resolved with SEAL_OK; afterwards the log
 * opens and holds record 0 and the acknowledged records, in order.
 *
 * Usage: fault_vfs eio-read|eio-write|eio-sync|crash|torn|crash-after [audit]. Prints the
 * figures on one line. */
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "allowlist_members.h"
#include "fault_util.h"
#include "faultvfs.h"
#include "seal/audit.h"
#include "seal/ledger.h"

#define T0 1700000000000ull
#define N_ADDS 3
#define MAX_LIST 16

static char g_dir[64];
static char g_db[128], g_template[128];
static uint8_t g_owner[32], g_al[32], g_cap[32];

/* What the workload reports: a member it starts to add, one acknowledged. */
#define EV_ACK 0x80000000u
#define EV_OPEN_FAILED 0x40000000u
typedef struct journal {
    int fd; /* the pipe to the parent, or -1 (in process) */
    uint32_t started[N_ADDS + 1];
    size_t n_started;
    uint32_t acked[N_ADDS + 1];
    size_t n_acked;
    size_t failed_opens;
} journal;

static bool g_audit; /* the audit log instead of the ledger */
static void audit_template_init(void);
static void audit_workload(journal *j);
static bool audit_verify(const journal *j, const char *what, unsigned long k);

static void note(journal *j, uint32_t ev) {
    if (ev == EV_OPEN_FAILED) {
        j->failed_opens++;
    } else if (ev & EV_ACK) {
        j->acked[j->n_acked++] = ev & ~EV_ACK;
    } else {
        j->started[j->n_started++] = ev;
    }
    if (j->fd >= 0) {
        CHECK(write(j->fd, &ev, sizeof ev) == (ssize_t)sizeof ev);
    }
}

/* A ledger with one allowlist holding member 0, closed (checkpointed), kept as a template. */
static void template_init(void) {
    fault_mkdtemp(g_dir, sizeof g_dir, "seal_fault_vfs");
    snprintf(g_db, sizeof g_db, "%s/ledger.db", g_dir);
    snprintf(g_template, sizeof g_template, "%s/template.db", g_dir);
    if (g_audit) {
        audit_template_init();
        return;
    }
    memset(g_owner, 0, 32);
    g_owner[31] = 1;
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t m[32];
    fault_member(m, 0);
    CHECK(seal_ledger_open_ex(&l, g_template, T0) == SEAL_OK);
    CHECK(seal_ledger_allowlist_create(l, g_owner, "vfs", g_al, g_cap, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
}

static void reset_db(void) {
    fault_rm_db(g_db);
    fault_copy_file(g_template, g_db);
}

/* Whether acknowledged(s) holds, i.e. s was acknowledged. */
static bool acknowledged(const journal *j, uint32_t s) {
    for (size_t a = 0; a < j->n_acked; a++) {
        if (j->acked[a] == s) {
            return true;
        }
    }
    return false;
}

/* The first addition started and not acknowledged, or 0. */
static uint32_t first_failed(const journal *j) {
    for (size_t i = 0; i < j->n_started; i++) {
        if (!acknowledged(j, j->started[i])) {
            return j->started[i];
        }
    }
    return 0;
}

/* Failed additions whose outcome may be unknown in this run (set per kind in main): none, the
 * first one, or every one. */
typedef enum unknown_policy { UNKNOWN_NONE, UNKNOWN_FIRST } unknown_policy;
static unknown_policy g_unknown;

/* got[0..n) (ids read back from the store) against id 0 and the acknowledged additions in the
 * order they were made, where failed additions of unknown outcome may be there too. Returns how
 * many of those were there, or -1 when it does not match. */
static int match_ids(const journal *j, const uint32_t *got, size_t n) {
    uint32_t first = first_failed(j);
    size_t p = 0;
    int unknown = 0;
    if (n == 0 || got[p++] != 0) {
        return -1;
    }
    for (size_t i = 0; i < j->n_started; i++) {
        uint32_t id = j->started[i];
        bool acked = acknowledged(j, id);
        bool may = !acked && g_unknown == UNKNOWN_FIRST && id == first;
        if (p < n && got[p] == id && (acked || may)) {
            p++;
            unknown += !acked;
        } else if (acked) {
            return -1;
        }
    }
    return p == n ? unknown : -1;
}

static void report_mismatch(const char *where, const journal *j, const uint32_t *got, size_t n) {
    fprintf(stderr, "%s: read back", where);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, " %u", got[i]);
    }
    fprintf(stderr, "; acknowledged 0");
    for (size_t i = 0; i < j->n_acked; i++) {
        fprintf(stderr, " %u", j->acked[i]);
    }
    fprintf(stderr, "%s\n", g_unknown == UNKNOWN_FIRST ? " (+ the first failed one allowed)" : "");
    exit(1);
}

/* The member ids of the allowlist (-1: read failed). */
static int ledger_ids(seal_ledger *l, uint32_t *out, size_t *n) {
    uint8_t list[MAX_LIST][32];
    seal_err e = fault_allowlist_members(l, g_al, list, MAX_LIST, n);
    if (e == SEAL_ERR_INTERNAL) {
        fprintf(stderr, "the ledger returned a malformed allowlist\n");
        exit(1);
    }
    if (e != SEAL_OK) {
        return -1;
    }
    for (size_t i = 0; i < *n; i++) {
        uint8_t m[32];
        fault_member(m, list[i][31]);
        CHECK(memcmp(list[i], m, 32) == 0);
        out[i] = list[i][31];
    }
    return 0;
}

/* Member i added on an open ledger, noted. */
static void add(seal_ledger *l, journal *j, uint32_t i) {
    uint8_t m[32];
    seal_ledger_outcome o;
    fault_member(m, i);
    note(j, i);
    if (seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK &&
        o.status == SEAL_LEDGER_SUCCESS) {
        note(j, i | EV_ACK);
    }
}

/* A read under faults: fails, or gives member 0 and the acknowledged ones. */
static void read_check(seal_ledger *l, const journal *j) {
    uint32_t ids[MAX_LIST];
    size_t n = 0;
    if (ledger_ids(l, ids, &n) == 0 && match_ids(j, ids, n) < 0) {
        report_mismatch("a read under I/O faults", j, ids, n);
    }
}

static void workload(journal *j) {
    if (g_audit) {
        audit_workload(j);
        return;
    }
    seal_ledger *l = NULL;
    uint32_t next = 1;
    if (seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK) {
        add(l, j, next++);
        add(l, j, next++);
        seal_ledger_close(l); /* the last connection: checkpoint into the database file */
    } else {
        note(j, EV_OPEN_FAILED);
        next += 2;
    }
    l = NULL;
    if (seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK) {
        read_check(l, j);
        add(l, j, next);
        seal_ledger_close(l);
    } else {
        note(j, EV_OPEN_FAILED);
    }
}

/* Without faults: integrity, member 0 and the acknowledged members in order (match_ids), then
 * one more addition succeeds. Returns whether the addition of unknown outcome was there. */
static bool verify(const journal *j, const char *what, unsigned long k) {
    fault_integrity_check(g_db);
    if (g_audit) {
        return audit_verify(j, what, k);
    }
    seal_ledger *l = NULL;
    uint32_t ids[MAX_LIST];
    size_t n = 0;
    CHECK(seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK);
    CHECK(ledger_ids(l, ids, &n) == 0);
    int with = match_ids(j, ids, n);
    if (with < 0) {
        char where[96];
        snprintf(where, sizeof where, "%s at %lu, reopened", what, k);
        report_mismatch(where, j, ids, n);
    }
    uint8_t m[32];
    seal_ledger_outcome o;
    fault_member(m, 100);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
    return with > 0;
}

/* ---- the audit log (src/audit/store.c): records instead of allowlist members ---------------- */

static uint8_t g_audit_sk[32], g_audit_pk[32];
static const uint8_t AUDIT_ID[4] = {1, 2, 3, 4};

/* Record i: its request digest starts with i. */
static void audit_record(seal_audit_record *r, uint32_t i) {
    memset(r, 0, sizeof *r);
    r->time_ms = T0 + i;
    r->has_key_server = true;
    memset(r->key_server, 0x11, 32);
    memset(r->request_digest, (int)(0x80 | i), 32);
    memset(r->user, 0x33, 32);
    memset(r->session_vk, 0x44, 32);
    r->has_package = true;
    memset(r->package, 0x55, 32);
    r->n_ids = 1;
    r->ids[0] = (seal_audit_bytes){AUDIT_ID, sizeof AUDIT_ID};
    r->granted = true;
    r->allowed_staleness_ms = 120000;
}

static seal_err audit_open(seal_audit_log **l, const char *path, bool create) {
    seal_audit_log_options o;
    memset(&o, 0, sizeof o);
    o.create = create;
    char why[256];
    return seal_audit_log_open(l, path, g_audit_sk, &o, why, sizeof why);
}

static seal_err audit_append_wait(seal_audit_log *l, uint32_t i) {
    seal_audit_record r;
    seal_audit_pending *p = NULL;
    audit_record(&r, i);
    seal_err e = seal_audit_log_append(l, &r, NULL, NULL, NULL, &p);
    return e == SEAL_OK ? seal_audit_pending_wait(p) : e;
}

static void audit_template_init(void) {
    seal_audit_log *l = NULL;
    CHECK(seal_audit_keygen(g_audit_sk, g_audit_pk) == SEAL_OK);
    CHECK(audit_open(&l, g_template, true) == SEAL_OK);
    CHECK(audit_append_wait(l, 0) == SEAL_OK);
    seal_audit_log_close(l);
    /* everything into the database file, which is what reset_db copies */
    sqlite3 *db = NULL;
    CHECK(sqlite3_open_v2(g_template, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
}

static void audit_add(seal_audit_log *l, journal *j, uint32_t i) {
    note(j, i);
    seal_err ae = audit_append_wait(l, i);
    if (getenv("FAULT_DEBUG") != NULL) {
        fprintf(stderr, "audit append %u: %d\n", i, (int)ae);
    }
    if (ae == SEAL_OK) {
        note(j, i | EV_ACK);
    }
}

/* The record ids of an open log (-1: a read failed). */
static int audit_ids(seal_audit_log *l, uint32_t *out, size_t *n) {
    seal_audit_tree_head h;
    if (seal_audit_log_head(l, &h) != SEAL_OK) {
        return -1;
    }
    CHECK(h.tree_size <= MAX_LIST);
    *n = (size_t)h.tree_size;
    for (uint64_t i = 0; i < h.tree_size; i++) {
        uint8_t *b = NULL;
        size_t len = 0;
        seal_audit_record r;
        if (seal_audit_log_record(l, i, &b, &len) != SEAL_OK) {
            return -1;
        }
        CHECK(seal_audit_record_decode(&r, b, len) == SEAL_OK);
        CHECK(r.seq == i && (r.request_digest[0] & 0x80) != 0);
        out[i] = r.request_digest[0] & 0x7fu;
        free(b);
    }
    return 0;
}

static void audit_workload(journal *j) {
    seal_audit_log *l = NULL;
    uint32_t next = 1;
    if (audit_open(&l, g_db, false) == SEAL_OK) {
        audit_add(l, j, next++);
        audit_add(l, j, next++);
        seal_audit_log_close(l);
    } else {
        note(j, EV_OPEN_FAILED);
        next += 2;
    }
    l = NULL;
    if (audit_open(&l, g_db, false) == SEAL_OK) {
        uint32_t ids[MAX_LIST];
        size_t n = 0;
        /* a read under faults: fails, or gives exactly the acknowledged records */
        if (audit_ids(l, ids, &n) == 0 && match_ids(j, ids, n) < 0) {
            report_mismatch("an audit log read under I/O faults", j, ids, n);
        }
        audit_add(l, j, next);
        seal_audit_log_close(l);
    } else {
        note(j, EV_OPEN_FAILED);
    }
}

/* Without faults: the log opens (its integrity check passes), holds record 0 and the
 * acknowledged records (match_ids), and a new record becomes durable. */
static bool audit_verify(const journal *j, const char *what, unsigned long k) {
    seal_audit_log *l = NULL;
    seal_err e = audit_open(&l, g_db, false);
    if (e != SEAL_OK) {
        fprintf(stderr, "%s at %lu: the audit log does not open (%d)\n", what, k, (int)e);
        exit(1);
    }
    uint32_t ids[MAX_LIST];
    size_t n = 0;
    CHECK(audit_ids(l, ids, &n) == 0);
    int with = match_ids(j, ids, n);
    if (with < 0) {
        char where[96];
        snprintf(where, sizeof where, "%s at %lu, audit log reopened", what, k);
        report_mismatch(where, j, ids, n);
    }
    CHECK(audit_append_wait(l, 100 & 0x7f) == SEAL_OK);
    seal_audit_log_close(l);
    return with > 0;
}

/* One crash run in a child; the parent collects the journal through a pipe. Returns whether
 * the crash happened (false: the workload made fewer writes this time). */
static bool run_child(fv_kind kind, unsigned long k, journal *j) {
    int p[2];
    CHECK(pipe(p) == 0);
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        journal cj;
        memset(&cj, 0, sizeof cj);
        cj.fd = p[1];
        faultvfs_arm(kind, k, false);
        workload(&cj);
        _exit(3); /* the crash point was not reached */
    }
    close(p[1]);
    memset(j, 0, sizeof *j);
    j->fd = -1;
    uint32_t ev;
    while (read(p[0], &ev, sizeof ev) == (ssize_t)sizeof ev) {
        CHECK(j->n_started <= N_ADDS && j->n_acked <= N_ADDS);
        note(j, ev);
    }
    close(p[0]);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 3));
    return WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv) {
    static const struct {
        const char *name;
        fv_kind kind;
    } KINDS[] = {{"eio-read", FV_EIO_READ}, {"eio-write", FV_EIO_WRITE},
                 {"eio-sync", FV_EIO_SYNC}, {"crash", FV_CRASH},
                 {"torn", FV_TORN},         {"crash-after", FV_CRASH_AFTER}};
    if (argc == 3 && strcmp(argv[2], "audit") == 0) {
        g_audit = true;
        argc--;
    }
    if (argc != 2) {
        fprintf(stderr,
                "usage: fault_vfs eio-read|eio-write|eio-sync|crash|torn|crash-after [audit]\n");
        return 2;
    }
    fv_kind kind = FV_NONE;
    const char *name = argv[1];
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        if (strcmp(argv[1], KINDS[i].name) == 0) {
            kind = KINDS[i].kind;
        }
    }
    if (kind == FV_NONE) {
        fprintf(stderr, "fault_vfs: unknown case %s\n", argv[1]);
        return 2;
    }
    faultvfs_install();
    template_init();

    /* the fault-free run: the counts, and every addition acknowledged */
    journal j;
    memset(&j, 0, sizeof j);
    j.fd = -1;
    reset_db();
    faultvfs_arm(FV_NONE, 0, false);
    workload(&j);
    fv_counts c = faultvfs_disarm();
    CHECK(j.n_acked == N_ADDS);
    g_unknown = UNKNOWN_NONE;
    verify(&j, name, 0);
    unsigned long total = kind == FV_EIO_READ ? c.reads : kind == FV_EIO_SYNC ? c.syncs : c.writes;
    CHECK(total > 0);

    bool crash = kind == FV_CRASH || kind == FV_TORN || kind == FV_CRASH_AFTER;
    unsigned long points = 0, failed_adds = 0, failed_opens = 0, unknown_kept = 0;
    for (int persistent = 0; persistent < (crash ? 1 : 2); persistent++) {
        /* Outcome unknown: the addition in progress at a crash (before it every write
         * succeeded); after a failed fsync, the first failed addition when every later fsync
         * fails too (nothing can bury its commit: the ledger and the audit log both overwrite a
         * failed commit's frames with a small transaction, src/ledger/store.c,
         * src/audit/log.c). */
        g_unknown = crash                               ? UNKNOWN_FIRST
                    : kind == FV_EIO_SYNC && persistent ? UNKNOWN_FIRST
                                                        : UNKNOWN_NONE;
        for (unsigned long k = 1; k <= total; k++) {
            reset_db();
            if (crash) {
                if (!run_child(kind, k, &j)) {
                    continue;
                }
            } else {
                memset(&j, 0, sizeof j);
                j.fd = -1;
                faultvfs_arm(kind, k, persistent != 0);
                workload(&j);
                faultvfs_disarm();
                if (!faultvfs_injected()) {
                    continue; /* fewer calls this time: nothing was tested */
                }
            }
            points++;
            failed_adds += j.n_started - j.n_acked;
            failed_opens += j.failed_opens;
            unknown_kept += verify(&j, name, k);
        }
    }
    CHECK(points > 0);
    CHECK(failed_adds + failed_opens > 0); /* the faults must be able to make operations fail */
    printf(
        "fault vfs %s%s: calls in a fault-free run=%lu (reads=%lu writes=%lu syncs=%lu) "
        "fault points=%lu failed opens=%lu additions not acknowledged=%lu (of which present after "
        "reopening, outcome unknown: %lu), every acknowledged one present, nothing else, "
        "integrity ok\n",
        g_audit ? "audit " : "", name, total, c.reads, c.writes, c.syncs, points, failed_opens,
        failed_adds, unknown_kept);
    fault_rm_db(g_db);
    fault_rm_db(g_template);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir); /* and any lock file beside them */
    CHECK(system(cmd) == 0);
    return 0;
}
