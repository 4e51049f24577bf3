/* Helpers shared by the fault injection programs (tests/fault/). */
#ifndef SEAL_FAULT_UTIL_H
#define SEAL_FAULT_UTIL_H

#include <stdio.h>
#include <stdlib.h>
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

#endif
