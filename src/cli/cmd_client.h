/* Shared by the networked commands (seal fetch-keys, seal decrypt --session, seal encrypt
 * --chain, seal session): loading keys and sessions, the chain, the approve call, the client for
 * an object's services, and error reporting. Implemented in cmd_fetch_keys.c. */
#ifndef SEAL_CLI_CMD_CLIENT_H
#define SEAL_CLI_CMD_CLIENT_H

#include "cli/cli.h"
#include "cli/txn.h"
#include "seal/chain.h"
#include "seal/client.h"
#include "seal/object.h"

/* Option rows every networked decrypting command has (in its table). */
#define CLI_CLIENT_OPTS                                                                            \
    {"session", "FILE", 0, cli_check_path, 0, "session key file (seal session create)"},           \
        CLI_TX_OPT_CHAIN, {"approve", "0xPKG::MODULE::FUNCTION",                                   \
                           0,         cli_check_path,                                              \
                           0,         "the seal_approve* function that grants access"},            \
        {"arg",                                                                                    \
         "ARG",                                                                                    \
         CLI_REPEAT,                                                                               \
         cli_check_path,                                                                           \
         0,                                                                                        \
         "a Move argument after the id: object:0xID | u64:N | address:0x.. | bool:B | pure:HEX | " \
         "string:S | clock"},                                                                      \
        {"timeout-ms", "MS", 0, cli_check_u64, 0, "per key server request (default 10000)"},       \
        {"retries", "N", 0, cli_check_u64, 0, "retries on transient failures (default 2)"},        \
        {"verify-pop", NULL, 0, NULL, 0, "check each key server's proof of possession first"},     \
        {"key-server",                                                                             \
         "OBJECT_ID@URL",                                                                          \
         CLI_REPEAT,                                                                               \
         cli_check_path,                                                                           \
         0,                                                                                        \
         "reach this key server of the object at URL: a committee's aggregator (required for "     \
         "committees), or another URL for an independent server"},                                 \
        {"api-key",                                                                                \
         "OBJECT_ID:HEADER:VALUE",                                                                 \
         CLI_REPEAT | CLI_SECRET,                                                                  \
         cli_check_path,                                                                           \
         0,                                                                                        \
         "send HEADER: VALUE to that key server (an aggregator's or gateway's API key; VALUE "     \
         "may be @FILE)"},                                                                         \
        {"receipts",                                                                               \
         "FILE",                                                                                   \
         0,                                                                                        \
         cli_check_path,                                                                           \
         0,                                                                                        \
         "write the key servers' verified audit receipts to FILE (JSON; docs/audit.md)"},          \
    {                                                                                              \
        "require-receipts", NULL, 0, NULL, 0, "refuse keys from answers without an audit receipt"  \
    }

/* Per-server strings given on the command line (--key-server URLs, --api-key). */
typedef struct cli_server_extras {
    char url[SEAL_CLIENT_MAX_SERVERS][SEAL_CLIENT_URL_MAX];
    char api_name[SEAL_CLIENT_MAX_SERVERS][128];
    char api_value[SEAL_CLIENT_MAX_SERVERS][512]; /* secret: wiped by _clear */
} cli_server_extras;

/* Parses OBJECT_ID[:WEIGHT][@URL] (URL http(s), printable): *weight 0 and url "" when absent. */
bool cli_key_server_parse(const char *v, uint8_t id[32], uint64_t *weight, char *url,
                          size_t url_cap);
/* Applies the --key-server URLs and --api-key headers of a to cfg[0..n) (servers matched by
 * object id; strings kept in x). weights: --key-server may carry :WEIGHT (encrypt; every one must
 * be in cfg) or not (the object's servers: others are ignored). Prints its own errors. */
int cli_client_servers_apply(cli_server_extras *x, const cli_args *a,
                             seal_client_server_config *cfg, size_t n, bool weights);
/* Wipes the API keys. */
void cli_client_servers_clear(cli_server_extras *x);

typedef struct cli_client_ctx {
    seal_session *session;
    seal_chain *chain;
    seal_client *client;
    seal_client_call call;
    seal_client_arg args[SEAL_CLIENT_MAX_CALL_ARGS];
    const char *receipts_path; /* --receipts */
} cli_client_ctx;

/* Loads --session, opens --chain, parses --approve/--arg and creates the client for the
 * object's services (resolved on the chain). Prints its own errors. */
int cli_client_open(cli_client_ctx *x, const cli_args *a, const seal_object *obj);
/* Fetches the keys of the object's id (threshold of the object). Prints errors. */
int cli_client_fetch(cli_client_ctx *x, const seal_object *obj);
void cli_client_close(cli_client_ctx *x);
/* Writes the client's verified audit receipts to path (cmd_audit.c). */
int cli_audit_write_receipts(const seal_client *c, const char *path);
/* Opens a chain spec with the CLI's defaults (10 s per request, `retries` retries of transient
 * failures) and --grpc-transport's value (NULL: gRPC-web). */
seal_err cli_chain_options_open(seal_chain **out, const char *spec, const char *transport,
                                uint32_t retries);
/* The same, printing errors (exit code). */
int cli_chain_open(seal_chain **out, const char *spec, const char *transport);
/* A Sui key pair from "suiprivkey1…", a Sui keystore entry, or "@FILE" holding one. */
int cli_load_keypair(seal_sui_keypair *kp, const char *text);
/* Exit code of a client error (access denied, expiry, bad keys: 1; the rest 3). */
int cli_client_exit_for(seal_err err);

/* A progress bar on stderr for long outputs (only when stderr is a terminal and the total is
 * above a few MiB). */
typedef struct cli_progress {
    const seal_writer *inner;
    uint64_t total, done;
    int last_pct;
    bool on;
} cli_progress;
seal_writer cli_progress_wrap(cli_progress *p, const seal_writer *inner, uint64_t total,
                              bool stdout_is_output);
void cli_progress_end(cli_progress *p);

#endif
