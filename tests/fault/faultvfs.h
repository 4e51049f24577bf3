/* An SQLite VFS shim for storage fault injection (tests/fault/fault_vfs.c).
 *
 * faultvfs_install() registers "faultvfs" as the default VFS, wrapping the previous default
 * (unix): every file SQLite opens (database, WAL, rollback journal) is read and written through
 * it, so code that opens its databases with the default VFS (the ledger, the audit log) runs on
 * it unchanged. Memory-mapped I/O is turned off (xFetch absent), so every page read is an xRead.
 *
 * It counts xRead, xWrite and xSync calls and, when armed, injects one fault at call number k
 * (1-based) of one kind:
 *   FV_EIO_READ / FV_EIO_WRITE / FV_EIO_SYNC: that call returns SQLITE_IOERR_READ / _WRITE /
 *       _FSYNC without touching the file (persistent: every later call of that kind too);
 *   FV_CRASH: the process ends (_exit) at that write, before it reaches the file;
 *   FV_TORN: the first half of that write reaches the file, then the process ends;
 *   FV_CRASH_AFTER: that write reaches the file, then the process ends.
 * The crash kinds model a process crash (what was written before stays in the OS's cache);
 * run them in a child process. */
#ifndef SEAL_FAULTVFS_H
#define SEAL_FAULTVFS_H

#include <stdbool.h>

typedef enum fv_kind {
    FV_NONE = 0,
    FV_EIO_READ,
    FV_EIO_WRITE,
    FV_EIO_SYNC,
    FV_CRASH,
    FV_TORN,
    FV_CRASH_AFTER,
} fv_kind;

typedef struct fv_counts {
    unsigned long reads, writes, syncs;
} fv_counts;

/* Registers the shim as the default VFS (aborts on failure). Call once, before any open. */
void faultvfs_install(void);
/* Resets the counters and arms one fault (FV_NONE: only counts). */
void faultvfs_arm(fv_kind kind, unsigned long at, bool persistent);
/* Disarms; the counts since the last arm. */
fv_counts faultvfs_disarm(void);
/* Whether the armed fault was injected. */
bool faultvfs_injected(void);

#endif
