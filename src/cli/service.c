/* What the long-running commands share (seal server, seal aggregator): their --config (or
 * CONFIG_PATH) and --grace-ms, the stop signals, the `ready URL` line, the wait. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "server/server.h"

int cli_service_args(cli_args *a, const cli_cmd *cmd, int argc, char **argv, const char **config,
                     uint64_t *grace_ms) {
    int rc = cli_parse(a, cmd, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    /* --config, else CONFIG_PATH (upstream's way of naming the file) */
    *config = cli_value(a, "config", 0);
    if (*config == NULL) {
        *config = getenv("CONFIG_PATH");
        if (*config == NULL || (*config)[0] == '\0') {
            return cli_fail(CLI_EXIT_USAGE, "missing --config FILE (or CONFIG_PATH)");
        }
    }
    *grace_ms = 10000;
    if (cli_value(a, "grace-ms", 0) != NULL) {
        (void)cli_uint(grace_ms, cli_value(a, "grace-ms", 0), 1, 600000);
    }
    /* before any key is read: no core dump, no ptrace attach */
    char why[256] = "";
    if (seal_server_protect_process(why, sizeof why) != SEAL_OK) {
        return cli_fail(CLI_EXIT_ERROR, "%s", why);
    }
    return CLI_EXIT_OK;
}

int cli_service_signals(sigset_t *sigs) {
    /* taken by sigwait in cli_service_wait; blocked before any thread starts so that every
     * thread inherits the mask */
    sigemptyset(sigs);
    sigaddset(sigs, SIGTERM);
    sigaddset(sigs, SIGINT);
    if (pthread_sigmask(SIG_BLOCK, sigs, NULL) != 0) {
        return cli_fail(CLI_EXIT_ERROR, "cannot block signals");
    }
    signal(SIGPIPE, SIG_IGN);
    return CLI_EXIT_OK;
}

void cli_service_ready(const char *listen, uint16_t port) {
    const char *colon = strrchr(listen, ':');
    int n = (int)(colon != NULL ? (size_t)(colon - listen) : strlen(listen));
    printf("ready http://%.*s:%u\n", n, listen, (unsigned)port);
    fflush(stdout);
}

void cli_service_wait(const sigset_t *sigs) {
    int sig = 0;
    while (sigwait(sigs, &sig) != 0) {
    }
}
