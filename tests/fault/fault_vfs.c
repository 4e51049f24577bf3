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
 * Usage: fault_vfs eio-read|eio-write|eio-sync|crash|torn|crash-after. Prints the figures on one
 * line. */
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
#include "faultvfs.h"
#include "seal/ledger.h"

#define T0 1700000000000ull
#define N_ADDS 3
#define MAX_LIST 16

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static char g_dir[64];
static char g_db[128], g_template[128];
static uint8_t g_owner[32], g_al[32], g_cap[32];

/* What the workload reports: a member it starts to add, one acknowledged. */
#define EV_ACK 0x80000000u
typedef struct journal {
    int fd; /* the pipe to the parent, or -1 (in process) */
    uint32_t started[N_ADDS + 1];
    size_t n_started;
    uint32_t acked[N_ADDS + 1];
    size_t n_acked;
} journal;

static void member(uint8_t out[32], uint32_t i) {
    memset(out, 0, 32);
    out[0] = 0xb0;
    out[31] = (uint8_t)i;
}

static void note(journal *j, uint32_t ev) {
    if (ev & EV_ACK) {
        j->acked[j->n_acked++] = ev & ~EV_ACK;
    } else {
        j->started[j->n_started++] = ev;
    }
    if (j->fd >= 0) {
        CHECK(write(j->fd, &ev, sizeof ev) == (ssize_t)sizeof ev);
    }
}

static void rm_db(const char *path) {
    char p[160];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

static void copy_file(const char *from, const char *to) {
    FILE *in = fopen(from, "rb");
    FILE *out = fopen(to, "wb");
    CHECK(in != NULL && out != NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
        CHECK(fwrite(buf, 1, n, out) == n);
    }
    CHECK(fclose(out) == 0);
    fclose(in);
}

/* A ledger with one allowlist holding member 0, closed (checkpointed), kept as a template. */
static void template_init(void) {
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(g_dir, sizeof g_dir, "%s/seal_fault_vfs_XXXXXX", base);
    CHECK(mkdtemp(g_dir) != NULL);
    snprintf(g_db, sizeof g_db, "%s/ledger.db", g_dir);
    snprintf(g_template, sizeof g_template, "%s/template.db", g_dir);
    memset(g_owner, 0, 32);
    g_owner[31] = 1;
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t m[32];
    member(m, 0);
    CHECK(seal_ledger_open_ex(&l, g_template, T0) == SEAL_OK);
    CHECK(seal_ledger_allowlist_create(l, g_owner, "vfs", g_al, g_cap, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
}

static void reset_db(void) {
    rm_db(g_db);
    copy_file(g_template, g_db);
}

/* Member i added on an open ledger, noted. */
static void add(seal_ledger *l, journal *j, uint32_t i) {
    uint8_t m[32];
    seal_ledger_outcome o;
    member(m, i);
    note(j, i);
    if (seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK &&
        o.status == SEAL_LEDGER_SUCCESS) {
        note(j, i | EV_ACK);
    }
}

/* A read under faults: fails, or gives member 0 and the acknowledged ones. */
static void read_check(seal_ledger *l, const journal *j) {
    uint8_t list[MAX_LIST][32];
    size_t n = 0;
    seal_err e = fault_allowlist_members(l, g_al, list, MAX_LIST, &n);
    if (e == SEAL_ERR_INTERNAL) {
        fprintf(stderr, "a read under I/O faults returned a malformed allowlist\n");
        exit(1);
    }
    if (e != SEAL_OK) {
        return;
    }
    if (n != j->n_acked + 1) {
        fprintf(stderr, "a read under I/O faults gave %zu members, %zu acknowledged (+ member 0)\n",
                n, j->n_acked);
        exit(1);
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t m[32];
        member(m, i == 0 ? 0 : j->acked[i - 1]);
        CHECK(memcmp(list[i], m, 32) == 0);
    }
}

static void workload(journal *j) {
    seal_ledger *l = NULL;
    uint32_t next = 1;
    if (seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK) {
        add(l, j, next++);
        add(l, j, next++);
        seal_ledger_close(l); /* the last connection: checkpoint into the database file */
    } else {
        next += 2;
    }
    l = NULL;
    if (seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK) {
        read_check(l, j);
        add(l, j, next);
        seal_ledger_close(l);
    }
}

static void integrity_check(void) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_open_v2(g_db, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    const char *r = (const char *)sqlite3_column_text(st, 0);
    if (r == NULL || strcmp(r, "ok") != 0) {
        fprintf(stderr, "integrity_check: %s\n", r ? r : "(null)");
        exit(1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Without faults: integrity, member 0 and the acknowledged members in order, plus possibly
 * member maybe (0: none) last, whose outcome is unknown (the addition in progress at a crash,
 * or the first whose fsync failed when every fsync after it failed too); then one more addition
 * succeeds. Returns whether maybe was there. */
static bool verify(const journal *j, uint32_t maybe, const char *what, unsigned long k) {
    integrity_check();
    seal_ledger *l = NULL;
    uint8_t list[MAX_LIST][32];
    size_t n = 0;
    CHECK(seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK);
    CHECK(fault_allowlist_members(l, g_al, list, MAX_LIST, &n) == SEAL_OK);
    bool extra = maybe != 0 && n == j->n_acked + 2;
    if (n != j->n_acked + 1 + (extra ? 1 : 0)) {
        fprintf(stderr, "%s at %lu: %zu members after reopening, %zu acknowledged (+ member 0)\n",
                what, k, n, j->n_acked);
        exit(1);
    }
    for (size_t i = 0; i < n; i++) {
        uint8_t m[32];
        member(m, i == 0 ? 0 : i <= j->n_acked ? j->acked[i - 1] : maybe);
        if (memcmp(list[i], m, 32) != 0) {
            fprintf(stderr, "%s at %lu: member %zu is not the one acknowledged\n", what, k, i);
            exit(1);
        }
    }
    uint8_t m[32];
    seal_ledger_outcome o;
    member(m, 100);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
    return extra;
}

/* The first addition started and not acknowledged, or 0. */
static uint32_t first_failed(const journal *j) {
    for (size_t i = 0; i < j->n_started; i++) {
        bool acked = false;
        for (size_t a = 0; a < j->n_acked; a++) {
            acked = acked || j->acked[a] == j->started[i];
        }
        if (!acked) {
            return j->started[i];
        }
    }
    return 0;
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
    if (argc != 2) {
        fprintf(stderr, "usage: fault_vfs eio-read|eio-write|eio-sync|crash|torn|crash-after\n");
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
    verify(&j, 0, name, 0);
    unsigned long total = kind == FV_EIO_READ ? c.reads : kind == FV_EIO_SYNC ? c.syncs : c.writes;
    CHECK(total > 0);

    bool crash = kind == FV_CRASH || kind == FV_TORN || kind == FV_CRASH_AFTER;
    unsigned long points = 0, failed_adds = 0, unknown_kept = 0;
    for (int persistent = 0; persistent < (crash ? 1 : 2); persistent++) {
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
            /* before a crash every write succeeds: only the last addition can be unacknowledged;
             * with every fsync failing from k on, nothing can bury the first failed commit */
            uint32_t maybe = crash || (kind == FV_EIO_SYNC && persistent) ? first_failed(&j) : 0;
            unknown_kept += verify(&j, maybe, name, k);
        }
    }
    CHECK(points > 0);
    CHECK(failed_adds > 0); /* the faults must be able to make additions fail */
    printf("fault vfs %s: calls in a fault-free run=%lu (reads=%lu writes=%lu syncs=%lu) "
           "fault points=%lu additions not acknowledged=%lu (of which present after reopening, "
           "outcome unknown: %lu), every acknowledged one present, nothing else, integrity ok\n",
           name, total, c.reads, c.writes, c.syncs, points, failed_adds, unknown_kept);
    rm_db(g_db);
    rm_db(g_template);
    rmdir(g_dir);
    return 0;
}
