/* seal localnet: the embedded local chain. A dispatcher over subcommands (init, serve, account
 * new, allowlist create|add|remove, keyserver register, subscription create-service|subscribe,
 * clock advance, object), each with its own option table. Transactions are built as Sui
 * TransactionData V1, signed with the given key and submitted through the chain layer, so the
 * same commands work on an embedded ledger (--data DIR) and on a node (--chain http://...). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "seal/bls12_381.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

#define GAS_PRICE 1000u
#define GAS_BUDGET 50000000u
#define NAME_MAX_BYTES 4096
#define KEY_FILE_MAX 1024

static int report(seal_err err, const char *what) {
    return cli_fail(err == SEAL_ERR_INVALID_SIGNATURE ? CLI_EXIT_FAIL : cli_exit_for(err), "%s: %s",
                    what, seal_strerror(err));
}

static bool check_name(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (strlen(v) > NAME_MAX_BYTES) {
        snprintf(why, why_len, "longer than %d bytes", NAME_MAX_BYTES);
        return false;
    }
    return true;
}

static bool check_address(const cli_opt *o, const char *v, char *why, size_t why_len) {
    uint8_t a[32];
    (void)o;
    if (seal_sui_address_parse(a, v) != SEAL_OK) {
        snprintf(why, why_len, "not a Sui address (0x and 1 to 64 hex digits)");
        return false;
    }
    return true;
}

static bool check_scheme(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (strcmp(v, "ed25519") && strcmp(v, "secp256k1") && strcmp(v, "secp256r1")) {
        snprintf(why, why_len, "unknown scheme (ed25519, secp256k1 or secp256r1)");
        return false;
    }
    return true;
}

static bool check_chain(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (strncmp(v, "embedded:", 9) != 0 && strncmp(v, "http://", 7) != 0 &&
        strncmp(v, "https://", 8) != 0) {
        snprintf(why, why_len, "not a chain (embedded:DIR, http://HOST:PORT or https://...)");
        return false;
    }
    return true;
}

static bool check_key(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (v[0] == '@' ? v[1] == '\0' : strncmp(v, "suiprivkey1", 11) != 0) {
        snprintf(why, why_len, "not a key (suiprivkey1... or @FILE holding one)");
        return false;
    }
    return true;
}

#define OPT_CHAIN                                                                                  \
    { "chain", "SPEC", 0, check_chain, 0, "the chain: embedded:DIR or http://HOST:PORT" }
#define OPT_DATA                                                                                   \
    { "data", "DIR", 0, cli_check_path, 0, "short for --chain embedded:DIR" }
#define OPT_KEY                                                                                    \
    {                                                                                              \
        "key", "KEY", CLI_REQUIRED | CLI_SECRET, check_key, 0,                                     \
            "the signer: suiprivkey1... or @FILE holding one (mode 0600)"                          \
    }

/* ---- chain and key ---------------------------------------------------------------------- */

/* The chain spec of --chain / --data (exactly one), in buf. */
static int chain_spec(const cli_args *a, char *buf, size_t cap) {
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

static int open_chain(const cli_args *a, seal_chain **c, char *spec, size_t cap) {
    char q[128];
    int rc = chain_spec(a, spec, cap);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    seal_err err = seal_chain_open(c, spec, NULL);
    if (err != SEAL_OK) {
        return cli_fail(CLI_EXIT_ERROR, "cannot open the chain %s: %s%s",
                        cli_quote(q, sizeof q, spec), seal_strerror(err),
                        strncmp(spec, "embedded:", 9) == 0 ? " (run seal localnet init first)"
                                                           : "");
    }
    return CLI_EXIT_OK;
}

/* --key: the key itself, or @FILE whose content is one key (not readable by group or others). */
static int load_key(const cli_args *a, seal_sui_keypair *kp) {
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

typedef struct txb {
    seal_sui_call_arg in[8];
    uint8_t pure[8][NAME_MAX_BYTES + 8];
    size_t n_in;
    seal_sui_command cmd[3];
    seal_sui_argument args[3][4];
    size_t n_cmd;
} txb;

static seal_sui_argument in_raw(txb *b, const uint8_t *p, size_t n) {
    memcpy(b->pure[b->n_in], p, n);
    b->in[b->n_in] =
        (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {b->pure[b->n_in], n}};
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)b->n_in++};
}

static seal_sui_argument in_bytes(txb *b, const uint8_t *p, size_t n) {
    uint8_t *dst = b->pure[b->n_in];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, dst, sizeof b->pure[0]);
    seal_bcs_write_bytes(&w, p, n);
    b->in[b->n_in] = (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {dst, w.len}};
    return (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = (uint16_t)b->n_in++};
}

static seal_sui_argument in_u64(txb *b, uint64_t v) {
    uint8_t le[8];
    for (int i = 0; i < 8; i++) {
        le[i] = (uint8_t)(v >> (8 * i));
    }
    return in_raw(b, le, 8);
}

static seal_sui_argument in_object(txb *b, const seal_ledger_object *o, bool mut) {
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

static seal_sui_command *add_cmd(txb *b, seal_sui_command_kind kind, size_t n_args,
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

static void move_call(txb *b, const uint8_t pkg[32], const char *module, const char *function,
                      size_t n_args, const seal_sui_argument *args) {
    seal_sui_command *c = add_cmd(b, SEAL_SUI_CMD_MOVE_CALL, n_args, args);
    memcpy(c->package, pkg, 32);
    c->module = (seal_sui_bytes){(const uint8_t *)module, strlen(module)};
    c->function = (seal_sui_bytes){(const uint8_t *)function, strlen(function)};
}

/* Encodes TransactionData V1 (sender = gas owner = the key's address, empty gas payment, gas
 * price 1000, budget 50,000,000), signs and submits it. *effects holds the outcome; returns an
 * exit code (messages printed).
 * Without a gas coin nothing would tell two identical commands apart (Sui would see the same
 * digest and answer the first one's effects), so each transaction carries the expiration Sui
 * defines for gasless transactions, ValidDuring { no epoch or time bounds, the local chain's
 * genesis digest, a random u32 nonce }: running a command twice makes two transactions. */
static int submit(seal_chain *c, const seal_sui_keypair *kp, txb *b, seal_ledger_effects *effects) {
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
    valid_during[4] = 32;
    seal_sui_blake2b256(valid_during + 5, (const uint8_t *)"seal-ledger genesis", 19, NULL, 0);
    if ((err = seal_rng_fill(NULL, valid_during + 37, 4)) != SEAL_OK) {
        return report(err, "cannot draw a transaction nonce");
    }
    tx.expiration.kind = SEAL_SUI_EXPIRATION_VALID_DURING;
    tx.expiration.raw = (seal_sui_bytes){valid_during, sizeof valid_during};
    seal_bcs_writer_init(&w, NULL, 0);
    if ((err = seal_sui_transaction_data_encode(&w, &tx)) != SEAL_OK) {
        return report(err, "cannot build the transaction");
    }
    size_t len = w.len;
    if ((bytes = malloc(len)) == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    seal_bcs_writer_init(&w, bytes, len);
    if ((err = seal_sui_transaction_data_encode(&w, &tx)) != SEAL_OK ||
        (err = seal_bcs_writer_finish(&w)) != SEAL_OK ||
        (err = seal_sui_sign_transaction(sig, &sig_len, kp, bytes, len)) != SEAL_OK) {
        rc = report(err, "cannot sign the transaction");
        goto out;
    }
    const uint8_t *sigs[1] = {sig};
    err = seal_chain_execute(c, bytes, len, sigs, &sig_len, 1, effects);
    if (err != SEAL_OK) {
        rc = report(err, "the transaction was not executed");
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
static const uint8_t *created_id(const seal_ledger_effects *e, const char *suffix) {
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
static int print_result(const seal_ledger_effects *e, const char *k1, const char *s1,
                        const char *k2, const char *s2) {
    char d[SEAL_SUI_DIGEST_BASE58_BYTES], h1[SEAL_SUI_ADDRESS_HEX_BYTES],
        h2[SEAL_SUI_ADDRESS_HEX_BYTES];
    const uint8_t *id1 = k1 ? created_id(e, s1) : NULL, *id2 = k2 ? created_id(e, s2) : NULL;
    seal_sui_digest_format(d, e->digest);
    if ((k1 && !id1) || (k2 && !id2)) {
        return cli_fail(CLI_EXIT_ERROR, "transaction %s: the chain did not report the created %s",
                        d, (k1 && !id1) ? s1 : s2);
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
static int read_objects(seal_chain *c, const uint8_t (*ids)[32], size_t n, seal_ledger_object *out,
                        const char *const *what) {
    bool found[4] = {false, false, false, false};
    char h[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_err err = seal_chain_get_objects(c, ids, n, out, found);
    if (err != SEAL_OK) {
        return report(err, "cannot read objects from the chain");
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

typedef struct tx_env {
    cli_args *a;
    seal_chain *chain;
    seal_sui_keypair kp;
    txb *b;
    seal_ledger_effects *effects;
    char spec[PATH_MAX + 16];
} tx_env;

static int env_open(tx_env *e, const cli_cmd *cmd, int argc, char **argv) {
    int rc;
    memset(e, 0, sizeof *e);
    if ((e->a = malloc(sizeof *e->a)) == NULL || (e->b = calloc(1, sizeof *e->b)) == NULL ||
        (e->effects = calloc(1, sizeof *e->effects)) == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(e->a, cmd, argc, argv)) != CLI_EXIT_OK) {
        return rc;
    }
    if ((rc = load_key(e->a, &e->kp)) != CLI_EXIT_OK) {
        return rc;
    }
    return open_chain(e->a, &e->chain, e->spec, sizeof e->spec);
}

static int env_close(tx_env *e, int rc) {
    seal_chain_close(e->chain);
    seal_sui_keypair_clear(&e->kp);
    free(e->a);
    free(e->b);
    free(e->effects);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

static uint64_t u64_opt(const cli_args *a, const char *name) {
    uint64_t v = 0;
    const char *s = cli_value(a, name, 0);
    if (s != NULL && !cli_uint(&v, s, 0, UINT64_MAX)) {
        v = 0;
    }
    return v;
}

/* ---- init --------------------------------------------------------------------------------- */

static const cli_opt init_opts[] = {
    {"data", "DIR", CLI_REQUIRED, cli_check_path, 0, "the ledger's folder (created if missing)"},
    {"clock-ms", "N", 0, cli_check_u64, 0, "genesis Clock timestamp in ms (default: now)"},
    {0},
};

static int init_main(int argc, char **argv);

static const cli_cmd cmd_init = {
    "localnet init",
    "create an embedded ledger (DIR/ledger.db) and print its package ids",
    NULL,
    0,
    init_opts,
    "Creates DIR (mode 0700) and DIR/ledger.db with the Seal, patterns and examples packages\n"
    "published at fixed ids, the Clock 0x6 and the subscription PackageVersion. An existing\n"
    "ledger is kept as it is (its clock included) and described again: init is idempotent. A\n"
    "DIR/ledger.db that is not a ledger of this version is refused.\n"
    "Output: {\"chain\", \"seal_package\", \"patterns_package\", \"examples_package\", "
    "\"clock\",\n\"subscription_package_version\"}\n",
    init_main,
};

static int init_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    char q[128], path[PATH_MAX], dir[PATH_MAX];
    seal_ledger *l = NULL;
    seal_err err;
    struct stat st;
    int rc;
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_init, argc, argv)) != CLI_EXIT_OK) {
        goto out;
    }
    const char *data = cli_value(a, "data", 0);
    if (mkdir(data, 0700) != 0 && errno != EEXIST) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot create %s: %s", cli_quote(q, sizeof q, data),
                      strerror(errno));
        goto out;
    }
    if (realpath(data, dir) == NULL || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        rc = cli_fail(CLI_EXIT_ERROR, "%s is not a folder", cli_quote(q, sizeof q, data));
        goto out;
    }
    if ((size_t)snprintf(path, sizeof path, "%s/ledger.db", dir) >= sizeof path) {
        rc = cli_fail(CLI_EXIT_USAGE, "--data: path too long");
        goto out;
    }
    if (stat(path, &st) == 0 && st.st_size > 0) {
        /* Existing: keep it if it is one of ours, refuse anything else. */
        if ((err = seal_ledger_open_readonly(&l, path)) != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s exists and is not a seal ledger of this version (%s)",
                          cli_quote(q, sizeof q, path), seal_strerror(err));
            goto out;
        }
    } else {
        const char *ms = cli_value(a, "clock-ms", 0);
        err =
            ms ? seal_ledger_open_ex(&l, path, u64_opt(a, "clock-ms")) : seal_ledger_open(&l, path);
        if (err != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_ERROR, "cannot create the ledger %s: %s",
                          cli_quote(q, sizeof q, path), seal_strerror(err));
            goto out;
        }
    }
    char s[SEAL_SUI_ADDRESS_HEX_BYTES], p[SEAL_SUI_ADDRESS_HEX_BYTES],
        e[SEAL_SUI_ADDRESS_HEX_BYTES], c[SEAL_SUI_ADDRESS_HEX_BYTES], v[SEAL_SUI_ADDRESS_HEX_BYTES];
    uint8_t pv[32];
    seal_ledger_subscription_package_version_id(pv);
    seal_sui_address_format(s, SEAL_LEDGER_SEAL_PACKAGE);
    seal_sui_address_format(p, SEAL_LEDGER_PATTERNS_PACKAGE);
    seal_sui_address_format(e, SEAL_LEDGER_EXAMPLES_PACKAGE);
    seal_sui_address_format(c, SEAL_LEDGER_CLOCK_ID);
    seal_sui_address_format(v, pv);
    printf("{\"chain\": \"embedded:%s\", \"seal_package\": \"%s\", \"patterns_package\": \"%s\", "
           "\"examples_package\": \"%s\", \"clock\": \"%s\", "
           "\"subscription_package_version\": \"%s\"}\n",
           dir, s, p, e, c, v);
out:
    seal_ledger_close(l);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- account new -------------------------------------------------------------------------- */

static const cli_opt account_opts[] = {
    {"scheme", "SCHEME", 0, check_scheme, 0, "ed25519 (default), secp256k1 or secp256r1"},
    {0},
};

static int account_main(int argc, char **argv);

static const cli_cmd cmd_account = {
    "localnet account new",
    "generate a Sui key pair and print its address and private key",
    NULL,
    0,
    account_opts,
    "Output: {\"address\": \"0x...\", \"private_key\": \"suiprivkey1...\", \"scheme\": ...}.\n"
    "The private key is printed on stdout: redirect it to a file of mode 0600 and pass it as\n"
    "--key @FILE.\n",
    account_main,
};

static int account_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_sui_keypair kp;
    char bech[SEAL_SUI_BECH32_SECRET_KEY_BYTES], addr[SEAL_SUI_ADDRESS_HEX_BYTES], text[256];
    uint8_t raw[32];
    int rc;
    memset(&kp, 0, sizeof kp);
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_account, argc, argv)) != CLI_EXIT_OK) {
        goto out;
    }
    const char *name = cli_value(a, "scheme", 0);
    seal_sui_scheme scheme = SEAL_SUI_SCHEME_ED25519;
    if (name && strcmp(name, "secp256k1") == 0) {
        scheme = SEAL_SUI_SCHEME_SECP256K1;
    } else if (name && strcmp(name, "secp256r1") == 0) {
        scheme = SEAL_SUI_SCHEME_SECP256R1;
    }
    seal_err err = seal_sui_keypair_generate(&kp, scheme, NULL);
    if (err == SEAL_OK) {
        err = seal_sui_keypair_to_bech32(bech, &kp);
    }
    if (err != SEAL_OK) {
        rc = report(err, "cannot generate a key");
        goto out;
    }
    seal_sui_keypair_address(raw, &kp);
    seal_sui_address_format(addr, raw);
    int n = snprintf(text, sizeof text,
                     "{\"address\": \"%s\", \"private_key\": \"%s\", \"scheme\": \"%s\"}\n", addr,
                     bech, name ? name : "ed25519");
    rc = fwrite(text, 1, (size_t)n, stdout) == (size_t)n
             ? CLI_EXIT_OK
             : cli_fail(CLI_EXIT_ERROR, "cannot write standard output");
out:
    seal_memzero(text, sizeof text);
    seal_memzero(bech, sizeof bech);
    seal_sui_keypair_clear(&kp);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- allowlist ------------------------------------------------------------------------------ */

static const cli_opt allowlist_create_opts[] = {
    OPT_CHAIN, OPT_DATA,
    OPT_KEY,   {"name", "NAME", CLI_REQUIRED, check_name, 0, "the allowlist's name"},
    {0},
};

static int allowlist_create_main(int argc, char **argv);

static const cli_cmd cmd_allowlist_create = {
    "localnet allowlist create",
    "create an allowlist (examples allowlist::create_allowlist_entry)",
    NULL,
    0,
    allowlist_create_opts,
    "A shared Allowlist and its Cap (owned by the key's address).\n"
    "Output: {\"digest\", \"allowlist\", \"cap\"}. Each run is a new transaction (a random\n"
    "nonce in its ValidDuring expiration), so the same command twice makes two allowlists.\n",
    allowlist_create_main,
};

static int allowlist_create_main(int argc, char **argv) {
    tx_env e;
    int rc = env_open(&e, &cmd_allowlist_create, argc, argv);
    if (rc == CLI_EXIT_OK) {
        const char *name = cli_value(e.a, "name", 0);
        seal_sui_argument args[1] = {in_bytes(e.b, (const uint8_t *)name, strlen(name))};
        move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry", 1,
                  args);
        if ((rc = submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
            rc = print_result(e.effects, "allowlist", "::allowlist::Allowlist", "cap",
                              "::allowlist::Cap");
        }
    }
    return env_close(&e, rc);
}

static const cli_opt allowlist_change_opts[] = {
    OPT_CHAIN,
    OPT_DATA,
    OPT_KEY,
    {"allowlist", "ID", CLI_REQUIRED, cli_check_object_id, 0, "the Allowlist object"},
    {"cap", "ID", CLI_REQUIRED, cli_check_object_id, 0, "its Cap (owned by the key)"},
    {"member", "ADDR", CLI_REQUIRED, check_address, 0, "the address to add or remove"},
    {0},
};

static int allowlist_add_main(int argc, char **argv);
static int allowlist_remove_main(int argc, char **argv);

static const cli_cmd cmd_allowlist_add = {
    "localnet allowlist add",
    "add a member to an allowlist (examples allowlist::add)",
    NULL,
    0,
    allowlist_change_opts,
    "Output: {\"digest\"}. A member already present aborts (allowlist::add code 2).\n",
    allowlist_add_main,
};

static const cli_cmd cmd_allowlist_remove = {
    "localnet allowlist remove",
    "remove a member from an allowlist (examples allowlist::remove)",
    NULL,
    0,
    allowlist_change_opts,
    "Output: {\"digest\"}.\n",
    allowlist_remove_main,
};

static int allowlist_change(const cli_cmd *cmd, const char *fn, int argc, char **argv) {
    tx_env e;
    seal_ledger_object objs[2];
    uint8_t ids[2][32], member[32];
    static const char *const what[2] = {"allowlist", "cap"};
    memset(objs, 0, sizeof objs);
    int rc = env_open(&e, cmd, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return env_close(&e, rc);
    }
    if (!cli_object_id(ids[0], cli_value(e.a, "allowlist", 0)) ||
        !cli_object_id(ids[1], cli_value(e.a, "cap", 0)) ||
        seal_sui_address_parse(member, cli_value(e.a, "member", 0)) != SEAL_OK) {
        return env_close(&e, cli_fail(CLI_EXIT_USAGE, "bad object id or address"));
    }
    if ((rc = read_objects(e.chain, (const uint8_t(*)[32])ids, 2, objs, what)) != CLI_EXIT_OK) {
        return env_close(&e, rc);
    }
    seal_sui_argument args[3] = {in_object(e.b, &objs[0], true), in_object(e.b, &objs[1], false),
                                 in_raw(e.b, member, 32)};
    move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", fn, 3, args);
    if ((rc = submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
        rc = print_result(e.effects, NULL, NULL, NULL, NULL);
    }
    seal_ledger_object_clear(&objs[0]);
    seal_ledger_object_clear(&objs[1]);
    return env_close(&e, rc);
}

static int allowlist_add_main(int argc, char **argv) {
    return allowlist_change(&cmd_allowlist_add, "add", argc, argv);
}

static int allowlist_remove_main(int argc, char **argv) {
    return allowlist_change(&cmd_allowlist_remove, "remove", argc, argv);
}

/* ---- keyserver register --------------------------------------------------------------------- */

static const cli_opt keyserver_opts[] = {
    OPT_CHAIN,
    OPT_DATA,
    OPT_KEY,
    {"name", "NAME", CLI_REQUIRED, check_name, 0, "the key server's name"},
    {"url", "URL", CLI_REQUIRED, check_name, 0, "its URL (http://HOST:PORT)"},
    {"public-key", "HEX", CLI_REQUIRED, cli_check_hex_fixed, 96,
     "its BLS12-381 public key (96 bytes, compressed G2)"},
    {0},
};

static int keyserver_main(int argc, char **argv);

static const cli_cmd cmd_keyserver = {
    "localnet keyserver register",
    "register an independent key server (key_server::create_and_transfer_v2_independent_server)",
    NULL,
    0,
    keyserver_opts,
    "A KeyServer object owned by the key's address, with its V2 dynamic field, as clients\n"
    "discover it on Sui. Output: {\"digest\", \"key_server\"}.\n",
    keyserver_main,
};

static int keyserver_main(int argc, char **argv) {
    tx_env e;
    uint8_t pk[96];
    int rc = env_open(&e, &cmd_keyserver, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return env_close(&e, rc);
    }
    seal_g2 point;
    if (!cli_hex_fixed(pk, 96, cli_value(e.a, "public-key", 0)) ||
        seal_g2_decompress(&point, pk) != SEAL_OK) {
        return env_close(&e, cli_fail(CLI_EXIT_USAGE, "--public-key: not a compressed G2 point"));
    }
    const char *name = cli_value(e.a, "name", 0), *url = cli_value(e.a, "url", 0);
    uint8_t zero = 0;
    seal_sui_argument args[4] = {in_bytes(e.b, (const uint8_t *)name, strlen(name)),
                                 in_bytes(e.b, (const uint8_t *)url, strlen(url)),
                                 in_raw(e.b, &zero, 1), in_bytes(e.b, pk, 96)};
    move_call(e.b, SEAL_LEDGER_SEAL_PACKAGE, "key_server",
              "create_and_transfer_v2_independent_server", 4, args);
    if ((rc = submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
        rc = print_result(e.effects, "key_server", "::key_server::KeyServer", NULL, NULL);
    }
    return env_close(&e, rc);
}

/* ---- subscription ------------------------------------------------------------------------- */

static const cli_opt service_opts[] = {
    OPT_CHAIN,
    OPT_DATA,
    OPT_KEY,
    {"fee", "N", CLI_REQUIRED, cli_check_u64, 0, "the subscription fee (MIST)"},
    {"ttl-ms", "N", CLI_REQUIRED, cli_check_u64, 0, "how long a subscription lasts (ms)"},
    {"name", "NAME", CLI_REQUIRED, check_name, 0, "the service's name"},
    {0},
};

static int service_main(int argc, char **argv);

static const cli_cmd cmd_service = {
    "localnet subscription create-service",
    "create a subscription service (examples subscription::create_service_entry)",
    NULL,
    0,
    service_opts,
    "A shared Service and its Cap (owned by the key's address).\n"
    "Output: {\"digest\", \"service\", \"cap\"}.\n",
    service_main,
};

static int service_main(int argc, char **argv) {
    tx_env e;
    int rc = env_open(&e, &cmd_service, argc, argv);
    if (rc == CLI_EXIT_OK) {
        const char *name = cli_value(e.a, "name", 0);
        seal_sui_argument args[3] = {in_u64(e.b, u64_opt(e.a, "fee")),
                                     in_u64(e.b, u64_opt(e.a, "ttl-ms")),
                                     in_bytes(e.b, (const uint8_t *)name, strlen(name))};
        move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "create_service_entry", 3,
                  args);
        if ((rc = submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
            rc = print_result(e.effects, "service", "::subscription::Service", "cap",
                              "::subscription::Cap");
        }
    }
    return env_close(&e, rc);
}

static const cli_opt subscribe_opts[] = {
    OPT_CHAIN,
    OPT_DATA,
    OPT_KEY,
    {"service", "ID", CLI_REQUIRED, cli_check_object_id, 0, "the Service object"},
    {"fee", "N", CLI_REQUIRED, cli_check_u64, 0, "the fee paid (must equal the service's)"},
    {0},
};

static int subscribe_main(int argc, char **argv);

static const cli_cmd cmd_subscribe = {
    "localnet subscription subscribe",
    "buy a subscription (examples subscription::subscribe, then transfer to the key's address)",
    NULL,
    0,
    subscribe_opts,
    "The fee is split from the gas coin (the embedded ledger does not model coins).\n"
    "Output: {\"digest\", \"subscription\"}. A wrong fee aborts (subscription::subscribe 1).\n",
    subscribe_main,
};

static int subscribe_main(int argc, char **argv) {
    tx_env e;
    seal_ledger_object objs[2];
    uint8_t ids[2][32], me[32];
    static const char *const what[2] = {"service", "clock"};
    memset(objs, 0, sizeof objs);
    int rc = env_open(&e, &cmd_subscribe, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return env_close(&e, rc);
    }
    if (!cli_object_id(ids[0], cli_value(e.a, "service", 0))) {
        return env_close(&e, cli_fail(CLI_EXIT_USAGE, "--service: bad object id"));
    }
    memcpy(ids[1], SEAL_LEDGER_CLOCK_ID, 32);
    if ((rc = read_objects(e.chain, (const uint8_t(*)[32])ids, 2, objs, what)) != CLI_EXIT_OK) {
        return env_close(&e, rc);
    }
    seal_sui_keypair_address(me, &e.kp);
    seal_sui_argument amount = in_u64(e.b, u64_opt(e.a, "fee"));
    seal_sui_command *split = add_cmd(e.b, SEAL_SUI_CMD_SPLIT_COINS, 1, &amount);
    split->arg = (seal_sui_argument){.kind = SEAL_SUI_ARG_GAS_COIN};
    seal_sui_argument sargs[3] = {{.kind = SEAL_SUI_ARG_NESTED_RESULT, .index = 0},
                                  in_object(e.b, &objs[0], false),
                                  in_object(e.b, &objs[1], false)};
    move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "subscribe", 3, sargs);
    seal_sui_argument targs[2] = {{.kind = SEAL_SUI_ARG_RESULT, .index = 1}, in_raw(e.b, me, 32)};
    move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "transfer", 2, targs);
    if ((rc = submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
        rc = print_result(e.effects, "subscription", "::subscription::Subscription", NULL, NULL);
    }
    seal_ledger_object_clear(&objs[0]);
    seal_ledger_object_clear(&objs[1]);
    return env_close(&e, rc);
}

/* ---- clock advance ------------------------------------------------------------------------ */

static const cli_opt clock_opts[] = {
    OPT_CHAIN,
    OPT_DATA,
    {"ms", "N", CLI_REQUIRED, cli_check_u64, 0, "milliseconds to move the Clock forward"},
    {0},
};

static int clock_main(int argc, char **argv);

static const cli_cmd cmd_clock = {
    "localnet clock advance",
    "move the embedded ledger's Clock forward (tests)",
    NULL,
    0,
    clock_opts,
    "Embedded ledgers only. Output: {\"timestamp_ms\": N}.\n",
    clock_main,
};

static int clock_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    char spec[PATH_MAX + 16], path[PATH_MAX + 32], q[128];
    seal_ledger *l = NULL;
    uint64_t now = 0;
    int rc;
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_clock, argc, argv)) != CLI_EXIT_OK ||
        (rc = chain_spec(a, spec, sizeof spec)) != CLI_EXIT_OK) {
        goto out;
    }
    if (strncmp(spec, "embedded:", 9) != 0) {
        rc = cli_fail(CLI_EXIT_USAGE, "clock advance works on an embedded ledger only");
        goto out;
    }
    if ((size_t)snprintf(path, sizeof path, "%s/ledger.db", spec + 9) >= sizeof path) {
        rc = cli_fail(CLI_EXIT_USAGE, "--data: path too long");
        goto out;
    }
    struct stat st;
    seal_err err = stat(path, &st) == 0 ? seal_ledger_open(&l, path) : SEAL_ERR_IO;
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot open the ledger %s: %s (run seal localnet init)",
                      cli_quote(q, sizeof q, path), seal_strerror(err));
        goto out;
    }
    err = seal_ledger_clock_advance(l, u64_opt(a, "ms"));
    if (err == SEAL_OK) {
        err = seal_ledger_clock_get(l, &now);
    }
    if (err != SEAL_OK) {
        rc = report(err, err == SEAL_ERR_INVALID_ARGUMENT ? "the Clock would overflow"
                                                          : "cannot move the Clock");
        goto out;
    }
    printf("{\"timestamp_ms\": %" PRIu64 "}\n", now);
out:
    seal_ledger_close(l);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- object ------------------------------------------------------------------------------- */

static const cli_opt object_opts[] = {
    OPT_CHAIN,
    OPT_DATA,
    {0},
};

static int object_main(int argc, char **argv);

static const cli_cmd cmd_object = {
    "localnet object",
    "print an object as JSON (sui_getObject's \"data\" with type, owner and BCS)",
    "ID",
    1,
    object_opts,
    "Output: {\"objectId\", \"version\", \"digest\", \"type\", \"owner\", "
    "\"previousTransaction\",\n\"storageRebate\", \"bcs\": {\"dataType\": \"moveObject\", "
    "\"type\", \"hasPublicTransfer\",\n\"version\", \"bcsBytes\"}}. An unknown id exits 1.\n",
    object_main,
};

static int object_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    char spec[PATH_MAX + 16], q[128];
    seal_chain *c = NULL;
    seal_ledger_object o;
    uint8_t id[1][32];
    bool found[1] = {false};
    char *b64 = NULL;
    int rc;
    memset(&o, 0, sizeof o);
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_object, argc, argv)) != CLI_EXIT_OK) {
        goto out;
    }
    if (a->n_positional != 1) {
        rc = cli_fail(CLI_EXIT_USAGE, "missing the object ID (see --help)");
        goto out;
    }
    if (!cli_object_id(id[0], a->positional[0])) {
        rc = cli_fail(CLI_EXIT_USAGE, "not an object id: %s",
                      cli_quote(q, sizeof q, a->positional[0]));
        goto out;
    }
    if ((rc = open_chain(a, &c, spec, sizeof spec)) != CLI_EXIT_OK) {
        goto out;
    }
    seal_err err = seal_chain_get_objects(c, (const uint8_t(*)[32])id, 1, &o, found);
    if (err != SEAL_OK) {
        rc = report(err, "cannot read the object");
        goto out;
    }
    char h[SEAL_SUI_ADDRESS_HEX_BYTES], d[SEAL_SUI_DIGEST_BASE58_BYTES],
        pt[SEAL_SUI_DIGEST_BASE58_BYTES], owner[SEAL_SUI_ADDRESS_HEX_BYTES],
        type[SEAL_SUI_TYPE_TAG_TEXT_MAX];
    seal_sui_address_format(h, id[0]);
    if (!found[0]) {
        rc = cli_fail(CLI_EXIT_FAIL, "object %s does not exist", h);
        goto out;
    }
    if ((err = seal_sui_type_tag_format(type, sizeof type, o.type, o.type_len, false)) != SEAL_OK) {
        rc = report(err, "cannot format the object's type");
        goto out;
    }
    seal_sui_digest_format(d, o.digest);
    seal_sui_digest_format(pt, o.previous_transaction);
    seal_sui_address_format(owner, o.owner.address);
    if ((b64 = malloc(seal_sui_base64_encoded_len(o.contents_len) + 1)) == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    seal_sui_base64_encode(b64, o.contents, o.contents_len);
    printf("{\"objectId\": \"%s\", \"version\": \"%" PRIu64 "\", \"digest\": \"%s\", "
           "\"type\": \"%s\", \"owner\": ",
           h, o.version, d, type);
    switch (o.owner.kind) {
    case SEAL_SUI_OWNER_ADDRESS:
        printf("{\"AddressOwner\": \"%s\"}", owner);
        break;
    case SEAL_SUI_OWNER_OBJECT:
        printf("{\"ObjectOwner\": \"%s\"}", owner);
        break;
    case SEAL_SUI_OWNER_SHARED:
        printf("{\"Shared\": {\"initial_shared_version\": %" PRIu64 "}}", o.owner.version);
        break;
    default:
        printf("\"Immutable\"");
        break;
    }
    printf(", \"previousTransaction\": \"%s\", \"storageRebate\": \"0\", \"bcs\": "
           "{\"dataType\": \"moveObject\", \"type\": \"%s\", \"hasPublicTransfer\": %s, "
           "\"version\": %" PRIu64 ", \"bcsBytes\": \"%s\"}}\n",
           pt, type, o.has_public_transfer ? "true" : "false", o.version, b64);
out:
    free(b64);
    seal_ledger_object_clear(&o);
    seal_chain_close(c);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- dispatcher --------------------------------------------------------------------------- */

typedef struct sub {
    const char *w1, *w2; /* one or two words */
    const cli_cmd *cmd;  /* NULL: serve */
    const char *summary;
} sub;

static const sub SUBS[] = {
    {"init", NULL, &cmd_init, NULL},
    {"serve", NULL, NULL, "serve the ledger as Sui JSON-RPC (--data DIR --listen HOST:PORT)"},
    {"account", "new", &cmd_account, NULL},
    {"allowlist", "create", &cmd_allowlist_create, NULL},
    {"allowlist", "add", &cmd_allowlist_add, NULL},
    {"allowlist", "remove", &cmd_allowlist_remove, NULL},
    {"keyserver", "register", &cmd_keyserver, NULL},
    {"subscription", "create-service", &cmd_service, NULL},
    {"subscription", "subscribe", &cmd_subscribe, NULL},
    {"clock", "advance", &cmd_clock, NULL},
    {"object", NULL, &cmd_object, NULL},
};

#define N_SUBS (sizeof SUBS / sizeof SUBS[0])

static void localnet_usage(FILE *f) {
    fprintf(f, "usage: seal localnet SUBCOMMAND [OPTIONS]\n\n"
               "the embedded local chain: a SQLite ledger with Sui's object model and the Seal\n"
               "policy modules, transactions signed like Sui's, served as Sui JSON-RPC\n\n"
               "subcommands:\n");
    for (size_t i = 0; i < N_SUBS; i++) {
        char words[64];
        snprintf(words, sizeof words, "%s%s%s", SUBS[i].w1, SUBS[i].w2 ? " " : "",
                 SUBS[i].w2 ? SUBS[i].w2 : "");
        fprintf(f, "  %-30s %s\n", words, SUBS[i].cmd ? SUBS[i].cmd->summary : SUBS[i].summary);
    }
    fprintf(f, "\nTransaction subcommands take --chain SPEC (embedded:DIR or http://HOST:PORT) or\n"
               "--data DIR, and --key KEY (suiprivkey1... or @FILE), and print JSON.\n"
               "Run 'seal localnet SUBCOMMAND --help' for the options of a subcommand.\n"
               "exit status: 0 success, 1 transaction failed or refused, 2 usage error, "
               "3 I/O or other error\n");
}

static int localnet_main(int argc, char **argv) {
    static char prog[96];
    char q[128];
    if (argc < 2) {
        return cli_fail(CLI_EXIT_USAGE, "missing subcommand (see seal localnet --help)");
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        localnet_usage(stdout);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < N_SUBS; i++) {
        const sub *s = &SUBS[i];
        if (strcmp(argv[1], s->w1) != 0) {
            continue;
        }
        if (s->w2 != NULL && (argc < 3 || strcmp(argv[2], s->w2) != 0)) {
            continue;
        }
        int skip = s->w2 != NULL ? 2 : 1;
        if (s->cmd == NULL) {
            cli_progname = "seal localnet serve";
            return cli_localnet_serve_main(argc - 1, argv + 1);
        }
        snprintf(prog, sizeof prog, "seal %s", s->cmd->name);
        cli_progname = prog;
        return s->cmd->main(argc - skip, argv + skip);
    }
    for (size_t i = 0; i < N_SUBS; i++) {
        if (SUBS[i].w2 != NULL && strcmp(argv[1], SUBS[i].w1) == 0) {
            return cli_fail(CLI_EXIT_USAGE, "unknown %s subcommand %s (see seal localnet --help)",
                            SUBS[i].w1, argc > 2 ? cli_quote(q, sizeof q, argv[2]) : "(none)");
        }
    }
    return cli_fail(CLI_EXIT_USAGE, "unknown subcommand %s (see seal localnet --help)",
                    cli_quote(q, sizeof q, argv[1]));
}

static const cli_opt localnet_opts[] = {{0}};

const cli_cmd cli_cmd_localnet = {
    "localnet",
    "the embedded local chain: init, serve, transactions, objects",
    "SUBCOMMAND ...",
    0,
    localnet_opts,
    "Subcommands: init, serve, account new, allowlist create|add|remove, keyserver register,\n"
    "subscription create-service|subscribe, clock advance, object ID.\n"
    "Run 'seal localnet --help' for the list.\n",
    localnet_main,
};
