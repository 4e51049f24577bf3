/* seal aggregator: the aggregator of a committee key server (COMMITTEE.md 7, docs/aggregator.md),
 * configured by a YAML file. Reads the committee from the chain (and again every
 * committee_refresh_interval), prints `ready http://HOST:PORT` once listening and runs until
 * SIGTERM or SIGINT, then stops gracefully. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregator/aggregator.h"
#include "cli/cli.h"
#include "cli/sandbox.h"
#include "seal/chain.h"
#include "seal/util.h"
#include "server/server.h"

static const cli_opt aggregator_opts[] = {
    {"config", "FILE", 0, cli_check_path, 0, "the YAML configuration (default: $CONFIG_PATH)"},
    {"check-config", NULL, 0, NULL, 0, "validate the configuration and exit (0: valid, 2: not)"},
    {"grace-ms", "N", 0, cli_check_uint, 600000,
     "on SIGTERM/SIGINT, let in-flight requests finish for up to N ms (default 10000)"},
    CLI_SANDBOX_OPTS,
    {0},
};

static int aggregator_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_aggregator_config *cfg = calloc(1, sizeof *cfg);
    seal_chain *chain = NULL;
    seal_aggregator *agg = NULL;
    seal_server_http *http = NULL;
    char err[512], q[128];
    int rc;
    if (a == NULL || cfg == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    const char *path = NULL;
    uint64_t grace_ms = 0;
    rc = cli_service_args(a, &cli_cmd_aggregator, argc, argv, &path, &grace_ms);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    err[0] = '\0';
    seal_err e = seal_aggregator_config_load(cfg, path, err, sizeof err);
    if (e != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_USAGE, "%s: %s", cli_quote(q, sizeof q, path),
                      err[0] != '\0' ? err : seal_strerror(e));
        goto out;
    }
    seal_server_config_scrub_env(&cfg->server); /* FULL_NODE_RPC_API_KEY, read once */
    if (cli_flag(a, "check-config")) {
        printf("config ok\n");
        rc = CLI_EXIT_OK;
        goto out;
    }

    sigset_t sigs;
    if ((rc = cli_service_signals(&sigs)) != CLI_EXIT_OK) {
        goto out;
    }
    /* the file system: before any thread starts (threads inherit the Landlock domain); the
     * aggregator's only data is an embedded chain, if it reads one */
    char sandbox_note[192];
    seal_sandbox_paths sandbox_paths = {0};
    if (seal_sandbox_paths_chain(&sandbox_paths, cfg->server.chain) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "sandbox: too many data paths");
        goto out;
    }
    if ((rc = cli_sandbox_fs(a, &sandbox_paths, sandbox_note, sizeof sandbox_note)) != CLI_EXIT_OK)
        goto out;

    seal_chain_options copts;
    seal_server_chain_options(&cfg->server, &copts);
    if ((e = seal_chain_open(&chain, cfg->server.chain, &copts)) != SEAL_OK) {
        rc = cli_fail(cli_exit_for(e), "chain %s: %s", cli_quote(q, sizeof q, cfg->server.chain),
                      seal_strerror(e));
        goto out;
    }
    if ((e = seal_aggregator_create(&agg, cfg, chain, 2)) != SEAL_OK) {
        rc = cli_fail(cli_exit_for(e), "cannot create the aggregator: %s", seal_strerror(e));
        goto out;
    }
    /* As upstream, the committee must be readable at start. */
    if ((e = seal_aggregator_refresh(agg, err, sizeof err)) != SEAL_OK) {
        rc = cli_fail(cli_exit_for(e), "key_server_object_id: %s", err);
        goto out;
    }
    if ((e = seal_aggregator_start_refresh(agg)) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot start the committee refresh: %s", seal_strerror(e));
        goto out;
    }
    seal_server_http_service svc = {"aggregator", seal_aggregator_handle, agg,
                                    seal_aggregator_metrics, agg};
    if ((e = seal_server_http_start_service(&http, &svc, &cfg->server, NULL, err, sizeof err)) !=
        SEAL_OK) {
        rc = cli_fail(e == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_ERROR, "%s", err);
        goto out;
    }
    /* the system calls: every thread runs, nothing new needs to be opened or bound */
    if ((rc = cli_sandbox_syscalls(a, sandbox_note)) != CLI_EXIT_OK)
        goto out;
    cli_service_ready(cfg->server.listen, seal_server_http_port(http));
    cli_service_wait(&sigs);
    seal_server_http_stop(http, (uint32_t)grace_ms);
    http = NULL;
    rc = CLI_EXIT_OK;
out:
    seal_server_http_stop(http, 0);
    seal_aggregator_free(agg);
    seal_chain_close(chain);
    if (cfg != NULL) {
        seal_aggregator_config_clear(cfg);
        free(cfg);
    }
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_aggregator = {
    "aggregator",
    "run the aggregator of a committee key server",
    NULL,
    0,
    aggregator_opts,
    "Loads the YAML configuration (--config FILE, or the file CONFIG_PATH names, as upstream;\n"
    "upstream's aggregator keys: network, node_url, key_server_object_id, api_credentials,\n"
    "key_server_timeout_secs, the version requirements; plus the key server's chain, listen,\n"
    "metrics_host_port, threads, max_in_flight, rate_limit and our key_server_timeout,\n"
    "committee_refresh_interval; see docs/aggregator.md). PORT in the environment replaces\n"
    "the port of listen. Reads the committee KeyServerV2 from the chain (exit 3 when it\n"
    "cannot), refreshes it every committee_refresh_interval (30s), listens and prints\n"
    "'ready http://HOST:PORT' on stdout. Each fetch_key request goes to every member at once;\n"
    "t verified partial keys are combined into the answer. One JSON log line per request goes\n"
    "to stderr. SIGTERM or SIGINT: stop accepting connections, let in-flight requests finish\n"
    "(up to --grace-ms), exit 0. --check-config: validate the file and exit 0 (valid) or 2\n"
    "(the error names the line).\n"
    /* cli/sandbox.h */ CLI_SANDBOX_HELP,
    aggregator_main,
};
