/* Signed transactions from the command line (cli/txn.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd_client.h"
#include "cli/txn.h"
#include "seal/sui.h"
#include "seal/util.h"

#define GAS_PRICE 1000u
#define GAS_BUDGET 50000000u
#define KEY_FILE_MAX 1024
int cli_tx_report(seal_err err, const char *what) {
    return cli_fail(err == SEAL_ERR_INVALID_SIGNATURE ? CLI_EXIT_FAIL : cli_exit_for(err), "%s: %s",
                    what, seal_strerror(err));
}

bool cli_tx_check_name(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (strlen(v) > CLI_TX_NAME_MAX_BYTES) {
        snprintf(why, why_len, "longer than %d bytes", CLI_TX_NAME_MAX_BYTES);
        return false;
    }
    return true;
}

bool cli_tx_check_address(const cli_opt *o, const char *v, char *why, size_t why_len) {
    uint8_t a[32];
    (void)o;
    if (seal_sui_address_parse(a, v) != SEAL_OK) {
        snprintf(why, why_len, "not a Sui address (0x and 1 to 64 hex digits)");
        return false;
    }
    return true;
}

bool cli_tx_check_chain(const cli_opt *o, const char *v, char *why, size_t why_len) {
    seal_chain_backend b;
    (void)o;
    if (seal_chain_spec_backend(v, &b) != SEAL_OK) {
        snprintf(why, why_len,
                 "not a chain (embedded:DIR, http(s)://HOST:PORT for gRPC, "
                 "jsonrpc+http(s)://HOST:PORT for JSON-RPC)");
        return false;
    }
    return true;
}

bool cli_tx_check_transport(const cli_opt *o, const char *v, char *why, size_t why_len) {
    seal_chain_grpc_transport t;
    (void)o;
    if (seal_chain_grpc_transport_parse(v, &t) != SEAL_OK) {
        snprintf(why, why_len, "not a gRPC transport (web, native or web-h2)");
        return false;
    }
    return true;
}

bool cli_tx_check_key(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (v[0] == '@' ? v[1] == '\0' : strncmp(v, "suiprivkey1", 11) != 0) {
        snprintf(why, why_len, "not a key (suiprivkey1... or @FILE holding one)");
        return false;
    }
    return true;
}

/* ---- chain and key ---------------------------------------------------------------------- */

/* The chain spec of --chain / --data (exactly one), in buf. */
int cli_tx_chain_spec(const cli_args *a, char *buf, size_t cap) {
    const char *chain = cli_value(a, "chain", 0), *data = cli_value(a, "data", 0);
    if ((chain == NULL) == (data == NULL)) {
        return cli_fail(CLI_EXIT_USAGE, "give exactly one of --chain SPEC and --data DIR");
    }
    if (chain != NULL) {
        snprintf(buf, cap, "%s", chain);
    } else if ((size_t)snprintf(buf, cap, "embedded:%s", data) >= cap) {
        return cli_fail(CLI_EXIT_USAGE, "--data: path too long");
    }
    return CLI_EXIT_OK;
}

int cli_tx_open_chain(const cli_args *a, seal_chain **c, char *spec, size_t cap) {
    char q[128];
    int rc = cli_tx_chain_spec(a, spec, cap);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    seal_err err = cli_chain_options_open(c, spec, cli_value(a, "grpc-transport", 0), 0);
    if (err != SEAL_OK) {
        return cli_fail(CLI_EXIT_ERROR, "cannot open the chain %s: %s%s",
                        cli_quote(q, sizeof q, spec), seal_strerror(err),
                        strncmp(spec, "embedded:", 9) == 0 ? " (run seal localnet init first)"
                                                           : "");
    }
    return CLI_EXIT_OK;
}

/* --key: the key itself, or @FILE whose content is one key (not readable by group or others). */
int cli_tx_load_key(const cli_args *a, seal_sui_keypair *kp) {
    const char *v = cli_value(a, "key", 0);
    char text[KEY_FILE_MAX + 1], q[128];
    int rc = CLI_EXIT_OK;
    if (v[0] != '@') {
        if (seal_sui_keypair_from_bech32(kp, v) != SEAL_OK) {
            return cli_fail(CLI_EXIT_USAGE, "--key: not a valid suiprivkey1... key");
        }
        return CLI_EXIT_OK;
    }
    const char *path = v + 1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        return cli_fail(CLI_EXIT_ERROR, "cannot open the key file %s: %s",
                        cli_quote(q, sizeof q, path), strerror(errno));
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = cli_fail(CLI_EXIT_ERROR, "the key file %s is not a regular file",
                      cli_quote(q, sizeof q, path));
        goto out;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        rc = cli_fail(CLI_EXIT_ERROR,
                      "the key file %s is accessible by group or others (chmod 600 it)",
                      cli_quote(q, sizeof q, path));
        goto out;
    }
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, text + n, KEY_FILE_MAX - n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = cli_fail(CLI_EXIT_ERROR, "cannot read the key file %s: %s",
                          cli_quote(q, sizeof q, path), strerror(errno));
            goto out;
        }
        if (r == 0) {
            break;
        }
        n += (size_t)r;
        if (n == KEY_FILE_MAX) {
            rc = cli_fail(CLI_EXIT_ERROR, "the key file %s is too large",
                          cli_quote(q, sizeof q, path));
            goto out;
        }
    }
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' ' ||
                     text[n - 1] == '\t')) {
        n--;
    }
    text[n] = '\0';
    if (seal_sui_keypair_from_bech32(kp, text) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "the key file %s does not hold a suiprivkey1... key",
                      cli_quote(q, sizeof q, path));
    }
out:
    seal_memzero(text, sizeof text);
    close(fd);
    return rc;
}

/* ---- transactions ------------------------------------------------------------------------- */

seal_sui_argument cli_tx_in_raw(cli_txb *b, const uint8_t *p, size_t n) {
    memcpy(b->pure[b->n_in], p, n);
    b->in[b->n_in] =
        (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {b->pure[b->n_in], n}};
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)b->n_in++};
}

seal_sui_argument cli_tx_in_bytes(cli_txb *b, const uint8_t *p, size_t n) {
    uint8_t *dst = b->pure[b->n_in];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, dst, sizeof b->pure[0]);
    seal_bcs_write_bytes(&w, p, n);
    b->in[b->n_in] = (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {dst, w.len}};
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)b->n_in++};
}

seal_sui_argument cli_tx_in_u64(cli_txb *b, uint64_t v) {
    uint8_t le[8];
    for (int i = 0; i < 8; i++) {
        le[i] = (uint8_t)(v >> (8 * i));
    }
    return cli_tx_in_raw(b, le, 8);
}

seal_sui_argument cli_tx_in_object(cli_txb *b, const seal_ledger_object *o, bool mut) {
    seal_sui_call_arg *a = &b->in[b->n_in];
    memset(a, 0, sizeof *a);
    a->kind = SEAL_SUI_CALL_ARG_OBJECT;
    memcpy(a->object.id, o->id, 32);
    if (o->owner.kind == SEAL_SUI_OWNER_SHARED) {
        a->object_kind = SEAL_SUI_OBJECT_SHARED;
        a->initial_shared_version = o->owner.version;
        a->mutability = mut ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
    } else {
        a->object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
        a->object.version = o->version;
        memcpy(a->object.digest, o->digest, 32);
    }
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)b->n_in++};
}

seal_sui_command *cli_tx_add_cmd(cli_txb *b, seal_sui_command_kind kind, size_t n_args,
                                 const seal_sui_argument *args) {
    seal_sui_command *c = &b->cmd[b->n_cmd];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    for (size_t i = 0; i < n_args; i++) {
        b->args[b->n_cmd][i] = args[i];
    }
    c->n_args = n_args;
    c->args = b->args[b->n_cmd];
    b->n_cmd++;
    return c;
}

void cli_tx_move_call(cli_txb *b, const uint8_t pkg[32], const char *module, const char *function,
                      size_t n_args, const seal_sui_argument *args) {
    seal_sui_command *c = cli_tx_add_cmd(b, SEAL_SUI_CMD_MOVE_CALL, n_args, args);
    memcpy(c->package, pkg, 32);
    c->module = (seal_sui_bytes){(const uint8_t *)module, strlen(module)};
    c->function = (seal_sui_bytes){(const uint8_t *)function, strlen(function)};
}

/* Encodes TransactionData V1 (sender = gas owner = the key's address, empty gas payment, gas
 * price 1000, budget 50,000,000), signs and submits it. *effects holds the outcome; returns an
 * exit code (messages printed).
 * Without a gas coin nothing would tell two identical commands apart (Sui would see the same
 * digest and answer the first one's effects), so each transaction carries the expiration Sui
 * defines for gasless transactions, ValidDuring { no epoch or time bounds, the chain's id (the
 * digest of its checkpoint 0, from seal_chain_service_info; over JSON-RPC, which only gives its
 * first 4 bytes, the local chain's genesis digest), a random u32 nonce }: running a command
 * twice makes two transactions. */
int cli_tx_submit(seal_chain *c, const seal_sui_keypair *kp, cli_txb *b,
                  seal_ledger_effects *effects) {
    seal_sui_ptb ptb = {b->n_in, b->in, b->n_cmd, b->cmd};
    seal_sui_transaction_data tx;
    seal_bcs_writer w;
    uint8_t *bytes = NULL, sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    seal_err err;
    int rc = CLI_EXIT_OK;
    memset(&tx, 0, sizeof tx);
    tx.ptb = &ptb;
    seal_sui_keypair_address(tx.sender, kp);
    memcpy(tx.gas.owner, tx.sender, 32);
    tx.gas.price = GAS_PRICE;
    tx.gas.budget = GAS_BUDGET;
    /* ValidDuring after its variant index: four None options, the 32-byte chain digest
     * (ULEB128 length 32), the nonce (u32 little-endian). */
    uint8_t valid_during[4 + 1 + 32 + 4] = {0};
    seal_chain_info info;
    valid_during[4] = 32;
    if ((err = seal_chain_service_info(c, &info)) != SEAL_OK) {
        char why[SEAL_CHAIN_MESSAGE_BYTES + 64];
        snprintf(why, sizeof why, "cannot read the chain's identity (%s)", seal_chain_last_error());
        return cli_tx_report(err, why);
    }
    if (info.chain_id[0] == '\0' ||
        seal_sui_digest_parse(valid_during + 5, info.chain_id) != SEAL_OK) {
        seal_ledger_genesis_digest(valid_during + 5);
    }
    if ((err = seal_rng_fill(NULL, valid_during + 37, 4)) != SEAL_OK) {
        return cli_tx_report(err, "cannot draw a transaction nonce");
    }
    tx.expiration.kind = SEAL_SUI_EXPIRATION_VALID_DURING;
    tx.expiration.raw = (seal_sui_bytes){valid_during, sizeof valid_during};
    seal_bcs_writer_init(&w, NULL, 0);
    if ((err = seal_sui_transaction_data_encode(&w, &tx)) != SEAL_OK) {
        return cli_tx_report(err, "cannot build the transaction");
    }
    size_t len = w.len;
    if ((bytes = malloc(len)) == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    seal_bcs_writer_init(&w, bytes, len);
    if ((err = seal_sui_transaction_data_encode(&w, &tx)) != SEAL_OK ||
        (err = seal_bcs_writer_finish(&w)) != SEAL_OK ||
        (err = seal_sui_sign_transaction(sig, &sig_len, kp, bytes, len)) != SEAL_OK) {
        rc = cli_tx_report(err, "cannot sign the transaction");
        goto out;
    }
    const uint8_t *sigs[1] = {sig};
    err = seal_chain_execute(c, bytes, len, sigs, &sig_len, 1, effects);
    if (err != SEAL_OK) {
        char why[SEAL_CHAIN_MESSAGE_BYTES + 64];
        snprintf(why, sizeof why, "the transaction was not executed%s%s%s",
                 seal_chain_last_error()[0] != '\0' ? " (" : "", seal_chain_last_error(),
                 seal_chain_last_error()[0] != '\0' ? ")" : "");
        rc = cli_tx_report(err, why);
        goto out;
    }
    if (effects->outcome.status != SEAL_LEDGER_SUCCESS) {
        char d[SEAL_SUI_DIGEST_BASE58_BYTES];
        seal_sui_digest_format(d, effects->digest);
        const seal_ledger_outcome *o = &effects->outcome;
        char why[SEAL_LEDGER_MESSAGE_BYTES + 2 * SEAL_LEDGER_IDENT_BYTES + 64];
        if (o->status == SEAL_LEDGER_ABORT) {
            snprintf(why, sizeof why, "MoveAbort in %s::%s with code %" PRIu64, o->abort_module,
                     o->abort_function, o->abort_code);
        } else {
            snprintf(why, sizeof why, "%s", o->message);
        }
        rc = cli_fail(CLI_EXIT_FAIL, "transaction %s %s: %s: %s", d,
                      effects->executed ? "failed" : "refused", seal_ledger_status_name(o->status),
                      why);
    }
out:
    free(bytes);
    return rc;
}

/* The created object whose type ends with "::module::Name". */
const uint8_t *cli_tx_created_id(const seal_ledger_effects *e, const char *suffix) {
    for (size_t i = 0; i < e->n_created; i++) {
        char t[SEAL_SUI_TYPE_TAG_TEXT_MAX];
        if (seal_sui_type_tag_format(t, sizeof t, e->created[i].type, e->created[i].type_len,
                                     false) != SEAL_OK) {
            continue;
        }
        size_t n = strlen(t), m = strlen(suffix);
        if (n >= m && strcmp(t + n - m, suffix) == 0) {
            return e->created[i].id;
        }
    }
    return NULL;
}

/* Prints {"digest": .., "<k1>": id of created type s1, ...}; up to two created objects. */
int cli_tx_print_result(const seal_ledger_effects *e, const char *k1, const char *s1,
                        const char *k2, const char *s2) {
    char d[SEAL_SUI_DIGEST_BASE58_BYTES], h1[SEAL_SUI_ADDRESS_HEX_BYTES],
        h2[SEAL_SUI_ADDRESS_HEX_BYTES];
    const uint8_t *id1 = k1 ? cli_tx_created_id(e, s1) : NULL,
                  *id2 = k2 ? cli_tx_created_id(e, s2) : NULL;
    seal_sui_digest_format(d, e->digest);
    if ((k1 && !id1) || (k2 && !id2)) {
        return cli_fail(CLI_EXIT_ERROR,
                        "transaction %s: the chain did not cli_tx_report the created %s", d,
                        (k1 && !id1) ? s1 : s2);
    }
    printf("{\"digest\": \"%s\"", d);
    if (k1) {
        seal_sui_address_format(h1, id1);
        printf(", \"%s\": \"%s\"", k1, h1);
    }
    if (k2) {
        seal_sui_address_format(h2, id2);
        printf(", \"%s\": \"%s\"", k2, h2);
    }
    printf("}\n");
    return CLI_EXIT_OK;
}

/* Reads the current version of objects (for references and initial shared versions). */
int cli_tx_read_objects(seal_chain *c, const uint8_t (*ids)[32], size_t n, seal_ledger_object *out,
                        const char *const *what) {
    bool found[4] = {false, false, false, false};
    char h[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_err err = seal_chain_get_objects(c, ids, n, out, found);
    if (err != SEAL_OK) {
        return cli_tx_report(err, "cannot read objects from the chain");
    }
    for (size_t i = 0; i < n; i++) {
        if (!found[i]) {
            for (size_t j = 0; j < n; j++) {
                if (found[j]) {
                    seal_ledger_object_clear(&out[j]);
                }
            }
            seal_sui_address_format(h, ids[i]);
            return cli_fail(CLI_EXIT_FAIL, "%s %s does not exist", what[i], h);
        }
    }
    return CLI_EXIT_OK;
}

/* ---- the shared skeleton of a transaction subcommand ---------------------------------------- */

int cli_tx_env_open(cli_tx_env *e, const cli_cmd *cmd, int argc, char **argv) {
    int rc;
    memset(e, 0, sizeof *e);
    if ((e->a = malloc(sizeof *e->a)) == NULL || (e->b = calloc(1, sizeof *e->b)) == NULL ||
        (e->effects = calloc(1, sizeof *e->effects)) == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(e->a, cmd, argc, argv)) != CLI_EXIT_OK) {
        return rc;
    }
    if ((rc = cli_tx_load_key(e->a, &e->kp)) != CLI_EXIT_OK) {
        return rc;
    }
    return cli_tx_open_chain(e->a, &e->chain, e->spec, sizeof e->spec);
}

int cli_tx_env_close(cli_tx_env *e, int rc) {
    seal_chain_close(e->chain);
    seal_sui_keypair_clear(&e->kp);
    free(e->a);
    free(e->b);
    free(e->effects);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

uint64_t cli_tx_u64_opt(const cli_args *a, const char *name) {
    uint64_t v = 0;
    const char *s = cli_value(a, name, 0);
    if (s != NULL && !cli_uint(&v, s, 0, UINT64_MAX)) {
        v = 0;
    }
    return v;
}
