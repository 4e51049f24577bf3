/* The services' sandbox steps on the command line (sandbox.h). */
#include <stdio.h>

#include "cli/sandbox.h"

int cli_sandbox_fs(const cli_args *a, const seal_sandbox_paths *p, char *note, size_t note_len) {
    snprintf(note, note_len, "off");
    if (cli_flag(a, "no-sandbox"))
        return CLI_EXIT_OK;
    char why[320] = "";
    seal_err e = seal_sandbox_fs(p, note, note_len, why, sizeof why);
    if (e != SEAL_OK)
        return cli_fail(CLI_EXIT_ERROR, "sandbox: %s", why[0] != '\0' ? why : seal_strerror(e));
    return CLI_EXIT_OK;
}

int cli_sandbox_syscalls(const cli_args *a, const char *note) {
    if (cli_flag(a, "no-sandbox")) {
        seal_sandbox_log(2, note, "off");
        return CLI_EXIT_OK;
    }
    bool log_refused = cli_flag(a, "sandbox-log");
    char why[320] = "";
    seal_err e = seal_sandbox_syscalls(log_refused, why, sizeof why);
    if (e != SEAL_OK)
        return cli_fail(CLI_EXIT_ERROR, "sandbox: %s", why[0] != '\0' ? why : seal_strerror(e));
    seal_sandbox_log(2, note, log_refused ? "log" : "kill");
    return CLI_EXIT_OK;
}
