/* Signed Sui transactions from the command line: the options --chain / --data / --key, the key
 * file, a small PTB builder, signing and submission through the chain layer, and the created
 * objects of the effects. Shared by `seal localnet` and `seal committee`. */
#ifndef SEAL_CLI_TXN_H
#define SEAL_CLI_TXN_H

#include <limits.h>

#include "cli/cli.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define CLI_TX_NAME_MAX_BYTES 4096
#define CLI_TX_MAX_INPUTS 10
#define CLI_TX_MAX_COMMANDS 4
/* A pure input: a name or URL (4096 bytes) or a vector of up to 84 partial public keys. */
#define CLI_TX_PURE_MAX_BYTES 8200

/* --grpc-transport, beside every --chain */
#define CLI_OPT_GRPC_TRANSPORT                                                                     \
    {                                                                                              \
        "grpc-transport", "MODE", 0, cli_tx_check_transport, 0,                                    \
            "for an http(s):// chain: web (gRPC-web, default), native (gRPC over HTTP/2) or "      \
            "web-h2"                                                                               \
    }
#define CLI_TX_OPT_CHAIN                                                                           \
    {"chain",                                                                                      \
     "SPEC",                                                                                       \
     0,                                                                                            \
     cli_tx_check_chain,                                                                           \
     0,                                                                                            \
     "the chain: embedded:DIR, http(s)://HOST:PORT (gRPC) or jsonrpc+http(s)://... (JSON-RPC)"},   \
        CLI_OPT_GRPC_TRANSPORT
#define CLI_TX_OPT_DATA                                                                            \
    { "data", "DIR", 0, cli_check_path, 0, "short for --chain embedded:DIR" }
#define CLI_TX_OPT_KEY                                                                             \
    {                                                                                              \
        "key", "KEY", CLI_REQUIRED | CLI_SECRET, cli_tx_check_key, 0,                              \
            "the signer: suiprivkey1... or @FILE holding one (mode 0600)"                          \
    }

typedef struct cli_txb {
    seal_sui_call_arg in[CLI_TX_MAX_INPUTS];
    uint8_t pure[CLI_TX_MAX_INPUTS][CLI_TX_PURE_MAX_BYTES];
    size_t n_in;
    seal_sui_command cmd[CLI_TX_MAX_COMMANDS];
    seal_sui_argument args[CLI_TX_MAX_COMMANDS][6];
    seal_sui_bytes modules[CLI_TX_MAX_COMMANDS][1];
    uint8_t deps[CLI_TX_MAX_COMMANDS][4][32];
    size_t n_cmd;
} cli_txb;
typedef struct cli_tx_env {
    cli_args *a;
    seal_chain *chain;
    seal_sui_keypair kp;
    cli_txb *b;
    seal_ledger_effects *effects;
    char spec[PATH_MAX + 16];
} cli_tx_env;

/* A failed library call as a one-line error; the exit code. */
int cli_tx_report(seal_err err, const char *what);
/* Option validators: text of at most CLI_TX_NAME_MAX_BYTES, a Sui address, a chain spec
 * (embedded:DIR, http(s)://..., jsonrpc+http(s)://...), a gRPC transport (web, native,
 * web-h2), a key (suiprivkey1... or @FILE). */
bool cli_tx_check_name(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_tx_check_address(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_tx_check_chain(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_tx_check_transport(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_tx_check_key(const cli_opt *o, const char *v, char *why, size_t why_len);
/* The chain of --chain / --data (exactly one) into buf; opened into *c. */
int cli_tx_chain_spec(const cli_args *a, char *buf, size_t cap);
int cli_tx_open_chain(const cli_args *a, seal_chain **c, char *spec, size_t cap);
/* --key: the key itself or @FILE (a regular file not readable by group or others). */
int cli_tx_load_key(const cli_args *a, seal_sui_keypair *kp);

/* PTB builder: pure inputs (raw BCS, vector<u8>, u64), object inputs by their current
 * reference (owned) or initial shared version (shared), commands. */
seal_sui_argument cli_tx_in_raw(cli_txb *b, const uint8_t *p, size_t n);
seal_sui_argument cli_tx_in_bytes(cli_txb *b, const uint8_t *p, size_t n);
seal_sui_argument cli_tx_in_u64(cli_txb *b, uint64_t v);
seal_sui_argument cli_tx_in_object(cli_txb *b, const seal_ledger_object *o, bool mut);
seal_sui_command *cli_tx_add_cmd(cli_txb *b, seal_sui_command_kind kind, size_t n_args,
                                 const seal_sui_argument *args);
void cli_tx_move_call(cli_txb *b, const uint8_t pkg[32], const char *module, const char *function,
                      size_t n_args, const seal_sui_argument *args);
/* Builds TransactionData V1 from b, signs it with kp and submits it; *effects holds the outcome.
 * Returns an exit code (messages printed; a failed or refused transaction: CLI_EXIT_FAIL). */
int cli_tx_submit(seal_chain *c, const seal_sui_keypair *kp, cli_txb *b,
                  seal_ledger_effects *effects);
/* The created object whose type ends with suffix ("::module::Name"), NULL when none. */
const uint8_t *cli_tx_created_id(const seal_ledger_effects *e, const char *suffix);
/* Prints {"digest": .., "<k1>": id of created type s1, ...}; up to two created objects. */
int cli_tx_print_result(const seal_ledger_effects *e, const char *k1, const char *s1,
                        const char *k2, const char *s2);
/* Reads n (<= 4) objects, failing with "<what[i]> ID does not exist" when one is missing. */
int cli_tx_read_objects(seal_chain *c, const uint8_t (*ids)[32], size_t n, seal_ledger_object *out,
                        const char *const *what);

/* The skeleton of a transaction subcommand: parse, load the key, open the chain. */
int cli_tx_env_open(cli_tx_env *e, const cli_cmd *cmd, int argc, char **argv);
/* Releases e (the key wiped); returns rc (a negative rc: CLI_EXIT_OK). */
int cli_tx_env_close(cli_tx_env *e, int rc);
/* The value of a u64 option (0 when absent). */
uint64_t cli_tx_u64_opt(const cli_args *a, const char *name);

#endif
