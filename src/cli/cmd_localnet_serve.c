/* seal localnet serve: the embedded ledger as a Sui full node, over gRPC (sui.rpc.v2: gRPC-web and
 * native HTTP/2) and JSON-RPC on one port (docs/localnet.md). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "localnet/localnet.h"

static bool check_listen(const cli_opt *o, const char *v, char *why, size_t why_len) {
    const char *colon = strrchr(v, ':');
    char *end = NULL;
    unsigned long port;
    (void)o;
    if (colon == NULL || colon == v || (size_t)(colon - v) > 15) {
        snprintf(why, why_len, "expected IPV4:PORT, e.g. 127.0.0.1:9000");
        return false;
    }
    errno = 0;
    port = strtoul(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || errno != 0 || port > 65535) {
        snprintf(why, why_len, "the port must be 0..65535");
        return false;
    }
    return true;
}

static const cli_opt serve_opts[] = {
    {"data", "DIR", CLI_REQUIRED, cli_check_path, 0, "ledger directory (seal localnet init)"},
    {"listen", "IP:PORT", 0, check_listen, 0,
     "address to listen on (default 127.0.0.1:9000; port 0 picks a free port)"},
    {"threads", "N", 0, cli_check_uint, 64, "worker threads (default 4)"},
    {"max-body", "BYTES", 0, cli_check_uint, 64u * 1024u * 1024u,
     "request body limit, JSON-RPC and gRPC (default 1048576)"},
    {"log", NULL, 0, NULL, 0, "access log: one JSON line per request on stderr"},
    {0},
};

static const cli_cmd serve_cmd = {
    "localnet serve",
    "serve the ledger as a Sui full node (gRPC and JSON-RPC)",
    NULL,
    0,
    serve_opts,
    "Serves the embedded ledger DIR/ledger.db as a Sui full node for Seal clients, key servers\n"
    "and the TypeScript SDK (docs/localnet.md), all on one port: Sui's gRPC API sui.rpc.v2\n"
    "(gRPC-web, binary and text, over HTTP/1.1; native gRPC over HTTP/2 cleartext with prior\n"
    "knowledge) and the JSON-RPC 2.0 subset (POST application/json). Prints\n"
    "`ready http://IP:PORT` once listening; SIGTERM or SIGINT stop it after the requests in\n"
    "flight are answered (HTTP/2 connections get GOAWAY).\n",
    cli_localnet_serve_main,
};

int cli_localnet_serve_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_localnet_rpc_options o;
    seal_localnet_rpc *srv = NULL;
    char host[16] = "127.0.0.1";
    const char *listen, *v;
    sigset_t set;
    int rc, sig = 0;
    seal_err err;
    if (a == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    rc = cli_parse(a, &serve_cmd, argc, argv);
    if (rc != CLI_EXIT_OK) {
        free(a);
        return rc < 0 ? CLI_EXIT_OK : rc;
    }
    memset(&o, 0, sizeof o);
    o.data_dir = cli_value(a, "data", 0);
    o.host = host;
    o.port = 9000;
    o.log = cli_flag(a, "log");
    if ((listen = cli_value(a, "listen", 0)) != NULL) {
        const char *colon = strrchr(listen, ':');
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = '\0';
        o.port = (uint16_t)strtoul(colon + 1, NULL, 10);
    }
    if ((v = cli_value(a, "threads", 0)) != NULL)
        o.threads = (unsigned)strtoul(v, NULL, 10);
    if ((v = cli_value(a, "max-body", 0)) != NULL)
        o.max_body = (size_t)strtoull(v, NULL, 10);
    /* block the stop signals in every thread (the server's inherit the mask); sigwait below */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    err = seal_localnet_rpc_start(&srv, &o);
    if (err != SEAL_OK) {
        char q[128];
        if (err == SEAL_ERR_INVALID_ARGUMENT)
            rc = cli_fail(CLI_EXIT_USAGE, "bad --listen address %s", cli_quote(q, sizeof q, host));
        else
            rc = cli_fail(CLI_EXIT_ERROR,
                          "cannot serve %s/ledger.db on %s:%u (missing ledger? run `seal "
                          "localnet init`; or the address is in use): %s",
                          cli_quote(q, sizeof q, o.data_dir), host, (unsigned)o.port,
                          seal_strerror(err));
        free(a);
        return rc;
    }
    printf("ready http://%s:%u\n", host, (unsigned)seal_localnet_rpc_port(srv));
    fflush(stdout);
    while (sigwait(&set, &sig) != 0 || (sig != SIGTERM && sig != SIGINT)) {
    }
    seal_localnet_rpc_stop(srv);
    free(a);
    return CLI_EXIT_OK;
}
