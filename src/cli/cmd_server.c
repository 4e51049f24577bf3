/* seal server: the key server (official HTTP API), configured by a YAML file (PROTOCOL.md 21 and
 * docs/server.md). Prints `ready http://HOST:PORT` on stdout once listening and runs until
 * SIGTERM or SIGINT, then stops gracefully (in-flight requests finish, up to --grace-ms). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/sandbox.h"
#include "seal/chain.h"
#include "seal/util.h"
#include "server/server.h"

static const cli_opt server_opts[] = {
    {"config", "FILE", 0, cli_check_path, 0, "the YAML configuration (default: $CONFIG_PATH)"},
    {"check-config", NULL, 0, NULL, 0, "validate the configuration and exit (0: valid, 2: not)"},
    {"grace-ms", "N", 0, cli_check_uint, 600000,
     "on SIGTERM/SIGINT, let in-flight requests finish for up to N ms (default 10000)"},
    CLI_SANDBOX_OPTS,
    {0},
};

static void stop_self(void *ctx) {
    (void)ctx;
    kill(getpid(), SIGTERM);
}

static int server_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_server_config *cfg = seal_server_config_new(); /* locked, not dumped, wiped */
    seal_chain *chain = NULL;
    seal_server *core = NULL;
    seal_server_http *http = NULL;
    seal_audit_log *audit = NULL;
    seal_server_anchor *anchor = NULL;
    char err[512], q[128];
    int rc;
    if (a == NULL || cfg == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    const char *path = NULL;
    uint64_t grace_ms = 0;
    rc = cli_service_args(a, &cli_cmd_server, argc, argv, &path, &grace_ms);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    err[0] = '\0';
    seal_err e = seal_server_config_load(cfg, path, err, sizeof err);
    if (e != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_USAGE, "%s: %s", cli_quote(q, sizeof q, path),
                      err[0] != '\0' ? err : seal_strerror(e));
        goto out;
    }
    seal_server_config_scrub_env(cfg); /* the keys now live in locked memory only */
    if (cli_flag(a, "check-config")) {
        printf("config ok\n");
        rc = CLI_EXIT_OK;
        goto out;
    }

    sigset_t sigs;
    if ((rc = cli_service_signals(&sigs)) != CLI_EXIT_OK) {
        goto out;
    }

    /* the file system: before any thread starts (threads inherit the Landlock domain) */
    char sandbox_note[192];
    seal_sandbox_paths sandbox_paths;
    if (seal_server_sandbox_paths(cfg, &sandbox_paths) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "sandbox: too many data paths");
        goto out;
    }
    if ((rc = cli_sandbox_fs(a, &sandbox_paths, sandbox_note, sizeof sandbox_note)) != CLI_EXIT_OK)
        goto out;

    seal_chain_options copts;
    seal_server_chain_options(cfg, &copts);
    if ((e = seal_chain_open(&chain, cfg->chain, &copts)) != SEAL_OK) {
        rc = cli_fail(cli_exit_for(e), "chain %s: %s", cli_quote(q, sizeof q, cfg->chain),
                      seal_strerror(e));
        goto out;
    }
    char why[192] = "";
    if ((e = seal_server_create_ex(&core, cfg, chain, why, sizeof why)) != SEAL_OK) {
        rc = cli_fail(cli_exit_for(e), "cannot create the key server: %s",
                      why[0] != '\0' ? why : seal_strerror(e));
        goto out;
    }
    /* a committee member whose rotation went wrong stops, as upstream's server exits */
    seal_server_on_fatal(core, stop_self, NULL);
    if (cfg->audit.enabled) { /* the audit log, checked whole before serving (docs/audit.md) */
        if ((e = seal_server_audit_open(&audit, &cfg->audit, err, sizeof err)) != SEAL_OK ||
            (e = seal_server_audit_attach(core, audit, &cfg->audit)) != SEAL_OK ||
            (e = seal_server_anchor_start(&anchor, audit, chain, &cfg->audit, 2, err,
                                          sizeof err)) != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s", err[0] != '\0' ? err : seal_strerror(e));
            goto out;
        }
    }
    if ((e = seal_server_http_start(&http, core, cfg, err, sizeof err)) != SEAL_OK) {
        rc = cli_fail(e == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_ERROR, "%s", err);
        goto out;
    }
    /* the system calls: every thread runs, nothing new needs to be opened or bound */
    if ((rc = cli_sandbox_syscalls(a, sandbox_note)) != CLI_EXIT_OK)
        goto out;
    cli_service_ready(cfg->listen, seal_server_http_port(http));
    cli_service_wait(&sigs);
    seal_server_http_stop(http, (uint32_t)grace_ms);
    http = NULL;
    rc = CLI_EXIT_OK;
    if (seal_server_failed(core, why, sizeof why))
        rc = cli_fail(CLI_EXIT_ERROR, "committee: %s", why);
out:
    seal_server_http_stop(http, 0);
    seal_server_anchor_stop(anchor);
    seal_server_free(core);
    seal_audit_log_close(audit);
    seal_chain_close(chain);
    seal_server_config_free(cfg);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_server = {
    "server",
    "run a key server (official HTTP API)",
    NULL,
    0,
    server_opts,
    "Loads the YAML configuration (--config FILE, or the file CONFIG_PATH names, as upstream;\n"
    "upstream's keys plus listen, chain, master_key_file, threads, max_in_flight, rate_limit;\n"
    "see docs/server.md), opens the chain, listens and prints\n"
    "'ready http://HOST:PORT' on stdout (the real port when listen asks for port 0). One JSON\n"
    "log line per request goes to stderr. SIGTERM or SIGINT: stop accepting connections, let\n"
    "in-flight requests finish (up to --grace-ms), exit 0. --check-config: validate the file\n"
    "and exit 0 (valid) or 2 (the error line names the problem).\n"
    "The process runs without core dumps and undumpable (no ptrace attach); once loaded, the\n"
    "key variables (MASTER_KEY, ...) are wiped from its environment and the keys are kept on\n"
    "locked pages excluded from dumps (logged once when memory cannot be locked).\n"
    /* cli/sandbox.h */ CLI_SANDBOX_HELP,
    server_main,
};
