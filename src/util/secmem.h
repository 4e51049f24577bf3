/* Memory for long-lived secrets (a key server's master keys): whole pages of their own, locked
 * in RAM where the process may lock memory (never written to swap), excluded from core dumps,
 * wiped before they are returned to the system. */
#ifndef SEAL_UTIL_SECMEM_H
#define SEAL_UTIL_SECMEM_H

#include <stddef.h>

/* n zeroed bytes on pages of their own (mmap), marked MADV_DONTDUMP and locked with mlock. A
 * failed lock (RLIMIT_MEMLOCK, no CAP_IPC_LOCK) is not an error: the memory is returned
 * unlocked and seal__secure_lock_error() reports it. NULL when out of memory. */
void *seal__secure_alloc(size_t n);
/* Wipes, unlocks and unmaps what seal__secure_alloc(n) returned (NULL: nothing). */
void seal__secure_free(void *p, size_t n);
/* 0 while every secure allocation was locked; otherwise the errno of the first failed mlock. */
int seal__secure_lock_error(void);

#endif
