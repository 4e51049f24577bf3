/* Locked, undumpable, wiped memory for long-lived secrets (util/secmem.h). */
#include "util/secmem.h"

#include <errno.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seal/util.h"

static atomic_int lock_error;

static size_t round_pages(size_t n) {
    long page = sysconf(_SC_PAGESIZE);
    size_t p = page > 0 ? (size_t)page : 4096u;
    return (n + p - 1) / p * p;
}

void *seal__secure_alloc(size_t n) {
    size_t len = round_pages(n != 0 ? n : 1);
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        return NULL;
    }
#ifdef MADV_DONTDUMP
    (void)madvise(p, len, MADV_DONTDUMP);
#endif
    /* the system call itself: AddressSanitizer's runtime intercepts mlock() and ignores it */
    if (syscall(SYS_mlock, p, len) != 0) {
        int expected = 0;
        atomic_compare_exchange_strong(&lock_error, &expected, errno != 0 ? errno : EPERM);
    }
    return p; /* anonymous mappings are zero filled */
}

void seal__secure_free(void *p, size_t n) {
    if (p == NULL) {
        return;
    }
    size_t len = round_pages(n != 0 ? n : 1);
    seal_memzero(p, len);
    (void)syscall(SYS_munlock, p, len);
    (void)munmap(p, len);
}

int seal__secure_lock_error(void) {
    return atomic_load(&lock_error);
}
