/* Locked, undumpable, wiped memory for long-lived secrets (util/secmem.h). */
#include "util/secmem.h"

#include <errno.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seal/util.h"

/* LeakSanitizer scans the heap, stacks and globals for pointers, not anonymous mappings: a
 * long-lived object here (the key server) would make everything it points to look leaked. */
#if defined(__SANITIZE_ADDRESS__)
#define SECMEM_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SECMEM_LSAN 1
#endif
#endif
#ifdef SECMEM_LSAN
#include <sanitizer/lsan_interface.h>
#endif

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
#ifdef SECMEM_LSAN
    __lsan_register_root_region(p, len);
#endif
    return p; /* anonymous mappings are zero filled */
}

void seal__secure_free(void *p, size_t n) {
    if (p == NULL) {
        return;
    }
    size_t len = round_pages(n != 0 ? n : 1);
    seal_memzero(p, len);
#ifdef SECMEM_LSAN
    __lsan_unregister_root_region(p, len);
#endif
    (void)syscall(SYS_munlock, p, len);
    (void)munmap(p, len);
}

int seal__secure_lock_error(void) {
    return atomic_load(&lock_error);
}
