/* The ledger against storage faults:
 *   readonly   the ledger's directory and file made read-only (as an unprivileged user: a root
 *              run drops to uid 65534 in a child, as root ignores file modes): creating a
 *              ledger there fails with SEAL_ERR_IO; opening the existing one either fails
 *              cleanly or serves reads, and every write fails cleanly; afterwards (writable
 *              again) the ledger opens with all its data.
 *   full-fsize the disk fills up, simulated with RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail
 *              with EFBIG): allowlist additions until they fail, then a few more attempts.
 *   full-tmpfs the same on a real full file system (a small tmpfs, ENOSPC); only where mount(2)
 *              is permitted (root), else reported as not run.
 * After a full disk: the ledger opens without the limit, passes PRAGMA integrity_check, holds
 * exactly the acknowledged additions (an addition is acknowledged when it returned SEAL_OK with
 * SUCCESS), and accepts new writes.
 * Usage: fault_disk readonly|full-fsize|full-tmpfs. Prints the figures on one line. */
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "allowlist_members.h"
#include "fault_util.h"
#include "seal/ledger.h"

#define T0 1700000000000ull
#define NOBODY 65534
#define MAX_MEMBERS 4096

static char g_dir[64];
static char g_db[128];
static uint8_t g_owner[32], g_al[32], g_cap[32];

static void make_dir(const char *base) {
    snprintf(g_dir, sizeof g_dir, "%s/seal_fault_disk_XXXXXX", base);
    CHECK(mkdtemp(g_dir) != NULL);
    snprintf(g_db, sizeof g_db, "%s/ledger.db", g_dir);
}

static void rm_dir(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    CHECK(system(cmd) == 0);
}

/* A new ledger with one allowlist holding member 0. */
static void ledger_init(void) {
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t m[32];
    memset(g_owner, 0, 32);
    g_owner[31] = 1;
    fault_member(m, 0);
    CHECK(seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK);
    CHECK(seal_ledger_allowlist_create(l, g_owner, "disk", g_al, g_cap, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
}

/* The members of the allowlist (a corrupt or unreadable ledger fails the test). */
static size_t members(seal_ledger *l, uint8_t (*out)[32], size_t cap) {
    size_t n = 0;
    CHECK(fault_allowlist_members(l, g_al, out, cap, &n) == SEAL_OK);
    return n;
}

/* ---- read-only directory ------------------------------------------------------------------ */

static void chown_tree(uid_t u) {
    char p[160];
    CHECK(chown(g_dir, u, u) == 0);
    CHECK(chown(g_db, u, u) == 0);
    snprintf(p, sizeof p, "%s-wal", g_db);
    (void)chown(p, u, u);
    snprintf(p, sizeof p, "%s-shm", g_db);
    (void)chown(p, u, u);
}

static int readonly_child(void) {
    char newdb[160];
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t m[32];
    int opened = 0, refused_writes = 0;
    snprintf(newdb, sizeof newdb, "%s/new.db", g_dir);
    /* a new ledger cannot be created in a read-only directory */
    CHECK(seal_ledger_open_ex(&l, newdb, T0) == SEAL_ERR_IO && l == NULL);
    CHECK(access(newdb, F_OK) != 0);
    /* the existing ledger: a clean error, or reads work and writes fail cleanly */
    seal_err e = seal_ledger_open_ex(&l, g_db, T0);
    if (e == SEAL_OK) {
        opened++;
        uint8_t list[8][32];
        CHECK(members(l, list, 8) == 1);
        fault_member(m, 7);
        e = seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o);
        CHECK(e != SEAL_OK);
        refused_writes++;
        seal_ledger_close(l);
    } else {
        CHECK(l == NULL && (e == SEAL_ERR_IO || e == SEAL_ERR_UNSUPPORTED));
    }
    e = seal_ledger_open_readonly(&l, g_db);
    if (e == SEAL_OK) {
        opened++;
        uint8_t list[8][32];
        CHECK(members(l, list, 8) == 1);
        fault_member(m, 8);
        CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) != SEAL_OK);
        refused_writes++;
        seal_ledger_close(l);
    } else {
        CHECK(l == NULL);
    }
    printf("fault readonly: create refused, opens that served reads=%d, writes refused=%d\n",
           opened, refused_writes);
    fflush(stdout);
    return 0;
}

static void run_readonly(void) {
    make_dir("/tmp");
    ledger_init();
    bool root = geteuid() == 0;
    if (root) {
        chown_tree(NOBODY);
    }
    CHECK(chmod(g_db, 0444) == 0);
    CHECK(chmod(g_dir, 0555) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (root) {
            CHECK(setgid(NOBODY) == 0 && setuid(NOBODY) == 0);
        }
        _exit(readonly_child());
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(chmod(g_dir, 0700) == 0);
    CHECK(chmod(g_db, 0600) == 0);
    if (root) {
        chown_tree(0);
    }
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* writable again: everything there, and writes work */
    fault_integrity_check(g_db);
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t list[8][32], m[32], m0[32];
    CHECK(seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK);
    fault_member(m0, 0);
    CHECK(members(l, list, 8) == 1 && memcmp(list[0], m0, 32) == 0);
    fault_member(m, 9);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
    rm_dir();
}

/* ---- full disk ---------------------------------------------------------------------------- */

/* Adds members 1, 2, ... until an addition fails, then tries 5 more; writes the acknowledged
 * indices to fd. */
static int fill_child(int fd, long fsize_limit) {
    if (fsize_limit > 0) {
        struct rlimit rl = {(rlim_t)fsize_limit, (rlim_t)fsize_limit};
        signal(SIGXFSZ, SIG_IGN);
        CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0);
    }
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    seal_err e = seal_ledger_open_ex(&l, g_db, T0);
    if (e != SEAL_OK) {
        CHECK(l == NULL);
        return 0; /* could not even open: nothing acknowledged */
    }
    unsigned failures = 0;
    for (uint32_t i = 1; i < MAX_MEMBERS && failures < 6; i++) {
        uint8_t m[32];
        fault_member(m, i);
        e = seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o);
        if (e == SEAL_OK && o.status == SEAL_LEDGER_SUCCESS) {
            CHECK(write(fd, &i, sizeof i) == (ssize_t)sizeof i);
        } else {
            CHECK(e != SEAL_OK); /* a full disk is a system error, not a Move outcome */
            failures++;
        }
    }
    seal_ledger_close(l);
    return failures > 0 ? 0 : 3; /* 3: the disk never filled up */
}

static void run_full(const char *variant, long fsize_extra, bool tmpfs) {
    int p[2];
    uint32_t acked[MAX_MEMBERS];
    size_t n_acked = 0;
    struct stat st;
    long limit = 0;
    if (!tmpfs) {
        CHECK(stat(g_db, &st) == 0);
        limit = (long)st.st_size + fsize_extra;
    }
    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        _exit(fill_child(p[1], limit));
    }
    close(p[1]);
    uint32_t v;
    while (read(p[0], &v, sizeof v) == (ssize_t)sizeof v) {
        CHECK(n_acked < MAX_MEMBERS);
        acked[n_acked++] = v;
    }
    close(p[0]);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (tmpfs) {
        /* room again, so that recovery can write */
        CHECK(mount("tmpfs", g_dir, "tmpfs", MS_REMOUNT, "size=64m") == 0);
    }
    fault_integrity_check(g_db);
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    static uint8_t list[MAX_MEMBERS + 2][32];
    CHECK(seal_ledger_open_ex(&l, g_db, T0) == SEAL_OK);
    size_t n = members(l, list, MAX_MEMBERS + 2);
    /* exactly member 0 and the acknowledged ones, in order */
    CHECK(n == n_acked + 1);
    for (size_t i = 0; i < n; i++) {
        uint8_t m[32];
        fault_member(m, i == 0 ? 0 : acked[i - 1]);
        CHECK(memcmp(list[i], m, 32) == 0);
    }
    uint8_t m[32];
    fault_member(m, MAX_MEMBERS + 1);
    CHECK(seal_ledger_allowlist_add(l, g_owner, g_al, g_cap, m, &o) == SEAL_OK);
    CHECK(o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
    printf("fault %s: writes acknowledged before the disk was full=%zu, all present after "
           "reopening, integrity ok\n",
           variant, n_acked);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: fault_disk readonly|full-fsize|full-tmpfs\n");
        return 2;
    }
    if (strcmp(argv[1], "readonly") == 0) {
        run_readonly();
    } else if (strcmp(argv[1], "full-fsize") == 0) {
        make_dir("/tmp");
        ledger_init();
        run_full("full-fsize", 256 * 1024, false);
        rm_dir();
    } else if (strcmp(argv[1], "full-tmpfs") == 0) {
        make_dir("/tmp");
        if (mount("tmpfs", g_dir, "tmpfs", 0, "size=8m") != 0) {
            printf("fault full-tmpfs: not run (mount: %s); full-fsize covers the full disk\n",
                   strerror(errno));
            rm_dir();
            return 0;
        }
        ledger_init();
        struct stat st;
        CHECK(stat(g_db, &st) == 0);
        char opt[64];
        /* what the ledger uses now plus a little room (the WAL is in the same file system) */
        snprintf(opt, sizeof opt, "size=%ldk", (long)(st.st_size / 1024) + 512);
        CHECK(mount("tmpfs", g_dir, "tmpfs", MS_REMOUNT, opt) == 0);
        run_full("full-tmpfs", 0, true);
        CHECK(umount2(g_dir, MNT_DETACH) == 0);
        rm_dir();
    } else {
        fprintf(stderr, "fault_disk: unknown case %s\n", argv[1]);
        return 2;
    }
    return 0;
}
