/* SQLite VFS shim for storage fault injection (see faultvfs.h). */
#include "faultvfs.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fv_file {
    sqlite3_file base;
    sqlite3_file *real; /* the wrapped VFS's file, right after this struct */
} fv_file;

static sqlite3_vfs *g_real;
static sqlite3_vfs g_vfs;
static fv_kind g_kind;
static unsigned long g_at;
static bool g_persistent;
static bool g_injected;
static fv_counts g_counts;

void faultvfs_arm(fv_kind kind, unsigned long at, bool persistent) {
    memset(&g_counts, 0, sizeof g_counts);
    g_kind = kind;
    g_at = at;
    g_persistent = persistent;
    g_injected = false;
}

fv_counts faultvfs_disarm(void) {
    g_kind = FV_NONE;
    return g_counts;
}

bool faultvfs_injected(void) {
    return g_injected;
}

/* Whether call number n of kind k fails. */
static bool hit(fv_kind k, unsigned long n) {
    if (g_kind != k || g_at == 0) {
        return false;
    }
    if (n == g_at || (g_persistent && n > g_at)) {
        g_injected = true;
        return true;
    }
    return false;
}

/* ---- file methods: forwarded, with the faults ------------------------------------------------ */

static sqlite3_file *real_of(sqlite3_file *f) {
    return ((fv_file *)f)->real;
}

static int fv_close(sqlite3_file *f) {
    return real_of(f)->pMethods->xClose(real_of(f));
}

static int fv_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off) {
    if (hit(FV_EIO_READ, ++g_counts.reads)) {
        return SQLITE_IOERR_READ;
    }
    return real_of(f)->pMethods->xRead(real_of(f), buf, amt, off);
}

static int fv_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off) {
    unsigned long n = ++g_counts.writes;
    if (hit(FV_EIO_WRITE, n)) {
        return SQLITE_IOERR_WRITE;
    }
    if (hit(FV_CRASH, n)) {
        _exit(0);
    }
    if (hit(FV_TORN, n)) {
        if (amt / 2 > 0) {
            real_of(f)->pMethods->xWrite(real_of(f), buf, amt / 2, off);
        }
        _exit(0);
    }
    int rc = real_of(f)->pMethods->xWrite(real_of(f), buf, amt, off);
    if (hit(FV_CRASH_AFTER, n)) {
        _exit(0);
    }
    return rc;
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size) {
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

static int fv_sync(sqlite3_file *f, int flags) {
    if (hit(FV_EIO_SYNC, ++g_counts.syncs)) {
        return SQLITE_IOERR_FSYNC;
    }
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}

static int fv_file_size(sqlite3_file *f, sqlite3_int64 *size) {
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

static int fv_lock(sqlite3_file *f, int lock) {
    return real_of(f)->pMethods->xLock(real_of(f), lock);
}

static int fv_unlock(sqlite3_file *f, int lock) {
    return real_of(f)->pMethods->xUnlock(real_of(f), lock);
}

static int fv_check_reserved(sqlite3_file *f, int *out) {
    return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

static int fv_file_control(sqlite3_file *f, int op, void *arg) {
    if (op == SQLITE_FCNTL_MMAP_SIZE) {
        return SQLITE_NOTFOUND; /* no memory mapping: every read goes through xRead */
    }
    return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

static int fv_sector_size(sqlite3_file *f) {
    return real_of(f)->pMethods->xSectorSize(real_of(f));
}

static int fv_device_characteristics(sqlite3_file *f) {
    return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

static int fv_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp) {
    return real_of(f)->pMethods->xShmMap(real_of(f), pg, pgsz, extend, pp);
}

static int fv_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
    return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}

static void fv_shm_barrier(sqlite3_file *f) {
    real_of(f)->pMethods->xShmBarrier(real_of(f));
}

static int fv_shm_unmap(sqlite3_file *f, int delete_flag) {
    return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

/* version 2: shared memory (WAL), no xFetch / xUnfetch */
static const sqlite3_io_methods FV_METHODS = {
    2,
    fv_close,
    fv_read,
    fv_write,
    fv_truncate,
    fv_sync,
    fv_file_size,
    fv_lock,
    fv_unlock,
    fv_check_reserved,
    fv_file_control,
    fv_sector_size,
    fv_device_characteristics,
    fv_shm_map,
    fv_shm_lock,
    fv_shm_barrier,
    fv_shm_unmap,
    NULL,
    NULL,
};

/* ---- VFS methods: forwarded to the wrapped VFS ------------------------------------------------
 */

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags) {
    (void)vfs;
    fv_file *p = (fv_file *)f;
    p->real = (sqlite3_file *)&p[1];
    int rc = g_real->xOpen(g_real, name, p->real, flags, out_flags);
    p->base.pMethods = p->real->pMethods != NULL ? &FV_METHODS : NULL;
    return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
    (void)vfs;
    return g_real->xDelete(g_real, name, sync_dir);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
    (void)vfs;
    return g_real->xAccess(g_real, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out) {
    (void)vfs;
    return g_real->xFullPathname(g_real, name, n, out);
}

static void *fv_dl_open(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return g_real->xDlOpen(g_real, name);
}

static void fv_dl_error(sqlite3_vfs *vfs, int n, char *msg) {
    (void)vfs;
    g_real->xDlError(g_real, n, msg);
}

static void (*fv_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void) {
    (void)vfs;
    return g_real->xDlSym(g_real, h, sym);
}

static void fv_dl_close(sqlite3_vfs *vfs, void *h) {
    (void)vfs;
    g_real->xDlClose(g_real, h);
}

static int fv_randomness(sqlite3_vfs *vfs, int n, char *out) {
    (void)vfs;
    return g_real->xRandomness(g_real, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us) {
    (void)vfs;
    return g_real->xSleep(g_real, us);
}

static int fv_current_time(sqlite3_vfs *vfs, double *t) {
    (void)vfs;
    return g_real->xCurrentTime(g_real, t);
}

static int fv_get_last_error(sqlite3_vfs *vfs, int n, char *msg) {
    (void)vfs;
    return g_real->xGetLastError(g_real, n, msg);
}

static int fv_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *t) {
    (void)vfs;
    return g_real->xCurrentTimeInt64(g_real, t);
}

void faultvfs_install(void) {
    g_real = sqlite3_vfs_find(NULL);
    if (g_real == NULL || g_real->iVersion < 2) {
        fprintf(stderr, "faultvfs: no default VFS of version 2 or later\n");
        abort();
    }
    memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 2;
    g_vfs.szOsFile = (int)sizeof(fv_file) + g_real->szOsFile;
    g_vfs.mxPathname = g_real->mxPathname;
    g_vfs.zName = "faultvfs";
    g_vfs.xOpen = fv_open;
    g_vfs.xDelete = fv_delete;
    g_vfs.xAccess = fv_access;
    g_vfs.xFullPathname = fv_full_pathname;
    g_vfs.xDlOpen = fv_dl_open;
    g_vfs.xDlError = fv_dl_error;
    g_vfs.xDlSym = fv_dl_sym;
    g_vfs.xDlClose = fv_dl_close;
    g_vfs.xRandomness = fv_randomness;
    g_vfs.xSleep = fv_sleep;
    g_vfs.xCurrentTime = fv_current_time;
    g_vfs.xGetLastError = fv_get_last_error;
    g_vfs.xCurrentTimeInt64 = fv_current_time_int64;
    if (sqlite3_vfs_register(&g_vfs, 1) != SQLITE_OK) {
        fprintf(stderr, "faultvfs: sqlite3_vfs_register failed\n");
        abort();
    }
}
