/*
 * The sandbox of the long-running services (`seal server`, `seal aggregator`; docs/SECURITY.md):
 *   - file system (Landlock, where the kernel has it): once the configuration and the keys are
 *     loaded and before any thread starts, the process may only read the system files that name
 *     resolution, TLS and the C library need, and read/write the data paths it was configured
 *     with (audit database, embedded chain); nothing can be executed;
 *   - system calls (seccomp, libseccomp): once everything listens, every thread may only make
 *     the calls of the allowlist in server_sandbox.c; any other call kills the process
 *     (SIGSYS), or in log mode is logged on stderr and fails with ENOSYS.
 */
#ifndef SEAL_SERVER_SANDBOX_H
#define SEAL_SERVER_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "seal/util.h"

#define SEAL_SANDBOX_MAX_PATHS 8

typedef struct seal_sandbox_paths {
    /* read-write: a directory, or a file (then its directory: SQLite's journals live there) */
    const char *rw[SEAL_SANDBOX_MAX_PATHS];
    size_t n_rw;
    /* read-only: files or directories */
    const char *ro[SEAL_SANDBOX_MAX_PATHS];
    size_t n_ro;
} seal_sandbox_paths;

/* Adds path to the read-write (rw true) or read-only list; empty or NULL paths are ignored.
 * SEAL_ERR_INVALID_ARGUMENT when the list is full. */
seal_err seal_sandbox_paths_add(seal_sandbox_paths *p, bool rw, const char *path);

/* Landlock. Call before any thread starts (the domain covers the calling thread and the threads
 * it creates afterwards). SEAL_OK when applied or when the kernel has no Landlock (then note
 * says so: the caller logs it); an error (why says which) when a path cannot be added or the
 * kernel refuses the ruleset. note: "landlock abi N" or the reason it is skipped. */
SEAL_MUST_CHECK seal_err seal_sandbox_fs(const seal_sandbox_paths *p, char *note, size_t note_len,
                                         char *why, size_t why_len);

/* seccomp, on every thread of the process (TSYNC). log_refused: refused calls are logged on
 * stderr (one JSON line with the call's number) and fail with ENOSYS instead of killing the
 * process: a debugging aid to extend the allowlist. */
SEAL_MUST_CHECK seal_err seal_sandbox_syscalls(bool log_refused, char *why, size_t why_len);

/* Adds the directory of an embedded chain spec ("embedded:DIR", read-write); other specs
 * (network chains) need no path. */
SEAL_MUST_CHECK seal_err seal_sandbox_paths_chain(seal_sandbox_paths *p, const char *chain_spec);

/* The data paths of a key server configuration: the audit database (read-write, with its
 * directory), the embedded chain's directory (read-write), the audit anchor's key file. */
struct seal_server_config;
SEAL_MUST_CHECK seal_err seal_server_sandbox_paths(const struct seal_server_config *cfg,
                                                   seal_sandbox_paths *out);

/* One JSON log line on fd: {"event":"sandbox","landlock":note,"seccomp":seccomp}. */
void seal_sandbox_log(int fd, const char *landlock_note, const char *seccomp);

#endif
