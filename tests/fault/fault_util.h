/* Helpers shared by the fault injection programs (tests/fault/). */
#ifndef SEAL_FAULT_UTIL_H
#define SEAL_FAULT_UTIL_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

/* Removes an SQLite database and the files beside it (WAL, shared memory, rollback journal). */
static inline void fault_rm_db(const char *path) {
    static const char *const SUFFIXES[] = {"-wal", "-shm", "-journal"};
    char p[512];
    unlink(path);
    for (size_t i = 0; i < sizeof SUFFIXES / sizeof SUFFIXES[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, SUFFIXES[i]);
        unlink(p);
    }
}

static inline void fault_copy_file(const char *from, const char *to) {
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

/* A fresh directory NAME_XXXXXX in a RAM-backed place when there is one (/dev/shm: the
 * programs fsync every commit), else in /tmp. */
static inline void fault_mkdtemp(char *dir, size_t cap, const char *name) {
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(dir, cap, "%s/%s_XXXXXX", base, name);
    CHECK(mkdtemp(dir) != NULL);
}

/* PRAGMA integrity_check of the database at path answers "ok"; exits otherwise. */
static inline void fault_integrity_check(const char *path) {
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
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

#endif
