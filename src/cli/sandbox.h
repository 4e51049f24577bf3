/* The sandbox of `seal server` and `seal aggregator` on the command line (server_sandbox.h):
 * --no-sandbox, --sandbox-log, and the two steps of the start-up. */
#ifndef SEAL_CLI_SANDBOX_H
#define SEAL_CLI_SANDBOX_H

#include <stddef.h>

#include "cli/cli.h"
#include "server/server_sandbox.h"

#define CLI_SANDBOX_OPTS                                                                           \
    {"no-sandbox", NULL, 0, NULL, 0, "run without the sandbox (Landlock, seccomp): debugging"}, {  \
        "sandbox-log", NULL, 0, NULL, 0,                                                           \
            "log refused system calls and let them fail (ENOSYS) instead of killing the process"   \
    }

#define CLI_SANDBOX_HELP                                                                           \
    "Sandbox (docs/SECURITY.md): once the configuration is loaded, Landlock (where the kernel\n"   \
    "has it) limits the file system to the system files name resolution and TLS need and the\n"    \
    "configured data paths; once listening, a seccomp filter allows only the system calls the\n"   \
    "service makes: any other kills the process (SIGSYS). One \"sandbox\" log line says what\n"    \
    "applies. --sandbox-log: refused calls are logged and fail instead; --no-sandbox: none.\n"

/* Before any thread starts: Landlock over p (nothing with --no-sandbox). note receives what
 * applies (for cli_sandbox_syscalls). CLI_EXIT_OK or the exit code of a printed error. */
int cli_sandbox_fs(const cli_args *a, const seal_sandbox_paths *p, char *note, size_t note_len);

/* Once listening: the seccomp filter, then the "sandbox" log line on stderr. */
int cli_sandbox_syscalls(const cli_args *a, const char *note);

#endif
