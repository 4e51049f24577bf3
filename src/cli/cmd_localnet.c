/* seal localnet: the embedded local chain. A dispatcher over subcommands (init, serve, account
 * new, allowlist create|add|remove, keyserver register, subscription create-service|subscribe,
 * clock advance, object), each with its own option table. Transactions are built as Sui
 * TransactionData V1, signed with the given key and submitted through the chain layer, so the
 * same commands work on an embedded ledger (--data DIR) and on a node (--chain http://... over
 * gRPC, --chain jsonrpc+http://... over JSON-RPC). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_committee_chain.h"
#include "cli/txn.h"
#include "seal/bls12_381.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

static bool check_scheme(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (strcmp(v, "ed25519") && strcmp(v, "secp256k1") && strcmp(v, "secp256r1")) {
        snprintf(why, why_len, "unknown scheme (ed25519, secp256k1 or secp256r1)");
        return false;
    }
    return true;
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
        err = ms ? seal_ledger_open_ex(&l, path, cli_tx_u64_opt(a, "clock-ms"))
                 : seal_ledger_open(&l, path);
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
        rc = cli_tx_report(err, "cannot generate a key");
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
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    {"name", "NAME", CLI_REQUIRED, cli_tx_check_name, 0, "the allowlist's name"},
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
    cli_tx_env e;
    int rc = cli_tx_env_open(&e, &cmd_allowlist_create, argc, argv);
    if (rc == CLI_EXIT_OK) {
        const char *name = cli_value(e.a, "name", 0);
        seal_sui_argument args[1] = {cli_tx_in_bytes(e.b, (const uint8_t *)name, strlen(name))};
        cli_tx_move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "create_allowlist_entry",
                         1, args);
        if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
            rc = cli_tx_print_result(e.effects, "allowlist", "::allowlist::Allowlist", "cap",
                                     "::allowlist::Cap");
        }
    }
    return cli_tx_env_close(&e, rc);
}

static const cli_opt allowlist_change_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    {"allowlist", "ID", CLI_REQUIRED, cli_check_object_id, 0, "the Allowlist object"},
    {"cap", "ID", CLI_REQUIRED, cli_check_object_id, 0, "its Cap (owned by the key)"},
    {"member", "ADDR", CLI_REQUIRED, cli_tx_check_address, 0, "the address to add or remove"},
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
    cli_tx_env e;
    seal_ledger_object objs[2];
    uint8_t ids[2][32], member[32];
    static const char *const what[2] = {"allowlist", "cap"};
    memset(objs, 0, sizeof objs);
    int rc = cli_tx_env_open(&e, cmd, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return cli_tx_env_close(&e, rc);
    }
    if (!cli_object_id(ids[0], cli_value(e.a, "allowlist", 0)) ||
        !cli_object_id(ids[1], cli_value(e.a, "cap", 0)) ||
        seal_sui_address_parse(member, cli_value(e.a, "member", 0)) != SEAL_OK) {
        return cli_tx_env_close(&e, cli_fail(CLI_EXIT_USAGE, "bad object id or address"));
    }
    if ((rc = cli_tx_read_objects(e.chain, (const uint8_t(*)[32])ids, 2, objs, what)) !=
        CLI_EXIT_OK) {
        return cli_tx_env_close(&e, rc);
    }
    seal_sui_argument args[3] = {cli_tx_in_object(e.b, &objs[0], true),
                                 cli_tx_in_object(e.b, &objs[1], false),
                                 cli_tx_in_raw(e.b, member, 32)};
    cli_tx_move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", fn, 3, args);
    if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
        rc = cli_tx_print_result(e.effects, NULL, NULL, NULL, NULL);
    }
    seal_ledger_object_clear(&objs[0]);
    seal_ledger_object_clear(&objs[1]);
    return cli_tx_env_close(&e, rc);
}

static int allowlist_add_main(int argc, char **argv) {
    return allowlist_change(&cmd_allowlist_add, "add", argc, argv);
}

static int allowlist_remove_main(int argc, char **argv) {
    return allowlist_change(&cmd_allowlist_remove, "remove", argc, argv);
}

/* ---- keyserver register --------------------------------------------------------------------- */

static const cli_opt keyserver_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    {"name", "NAME", CLI_REQUIRED, cli_tx_check_name, 0, "the key server's name"},
    {"url", "URL", CLI_REQUIRED, cli_tx_check_name, 0, "its URL (http://HOST:PORT)"},
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
    cli_tx_env e;
    uint8_t pk[96];
    int rc = cli_tx_env_open(&e, &cmd_keyserver, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return cli_tx_env_close(&e, rc);
    }
    seal_g2 point;
    if (!cli_hex_fixed(pk, 96, cli_value(e.a, "public-key", 0)) ||
        seal_g2_decompress(&point, pk) != SEAL_OK) {
        return cli_tx_env_close(
            &e, cli_fail(CLI_EXIT_USAGE, "--public-key: not a compressed G2 point"));
    }
    const char *name = cli_value(e.a, "name", 0), *url = cli_value(e.a, "url", 0);
    uint8_t zero = 0;
    seal_sui_argument args[4] = {cli_tx_in_bytes(e.b, (const uint8_t *)name, strlen(name)),
                                 cli_tx_in_bytes(e.b, (const uint8_t *)url, strlen(url)),
                                 cli_tx_in_raw(e.b, &zero, 1), cli_tx_in_bytes(e.b, pk, 96)};
    cli_tx_move_call(e.b, SEAL_LEDGER_SEAL_PACKAGE, "key_server",
                     "create_and_transfer_v2_independent_server", 4, args);
    if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
        rc = cli_tx_print_result(e.effects, "key_server", "::key_server::KeyServer", NULL, NULL);
    }
    return cli_tx_env_close(&e, rc);
}

/* ---- subscription ------------------------------------------------------------------------- */

static const cli_opt service_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    {"fee", "N", CLI_REQUIRED, cli_check_u64, 0, "the subscription fee (MIST)"},
    {"ttl-ms", "N", CLI_REQUIRED, cli_check_u64, 0, "how long a subscription lasts (ms)"},
    {"name", "NAME", CLI_REQUIRED, cli_tx_check_name, 0, "the service's name"},
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
    cli_tx_env e;
    int rc = cli_tx_env_open(&e, &cmd_service, argc, argv);
    if (rc == CLI_EXIT_OK) {
        const char *name = cli_value(e.a, "name", 0);
        seal_sui_argument args[3] = {cli_tx_in_u64(e.b, cli_tx_u64_opt(e.a, "fee")),
                                     cli_tx_in_u64(e.b, cli_tx_u64_opt(e.a, "ttl-ms")),
                                     cli_tx_in_bytes(e.b, (const uint8_t *)name, strlen(name))};
        cli_tx_move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "create_service_entry",
                         3, args);
        if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
            rc = cli_tx_print_result(e.effects, "service", "::subscription::Service", "cap",
                                     "::subscription::Cap");
        }
    }
    return cli_tx_env_close(&e, rc);
}

static const cli_opt subscribe_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
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
    cli_tx_env e;
    seal_ledger_object objs[2];
    uint8_t ids[2][32], me[32];
    static const char *const what[2] = {"service", "clock"};
    memset(objs, 0, sizeof objs);
    int rc = cli_tx_env_open(&e, &cmd_subscribe, argc, argv);
    if (rc != CLI_EXIT_OK) {
        return cli_tx_env_close(&e, rc);
    }
    if (!cli_object_id(ids[0], cli_value(e.a, "service", 0))) {
        return cli_tx_env_close(&e, cli_fail(CLI_EXIT_USAGE, "--service: bad object id"));
    }
    memcpy(ids[1], SEAL_LEDGER_CLOCK_ID, 32);
    if ((rc = cli_tx_read_objects(e.chain, (const uint8_t(*)[32])ids, 2, objs, what)) !=
        CLI_EXIT_OK) {
        return cli_tx_env_close(&e, rc);
    }
    seal_sui_keypair_address(me, &e.kp);
    seal_sui_argument amount = cli_tx_in_u64(e.b, cli_tx_u64_opt(e.a, "fee"));
    seal_sui_command *split = cli_tx_add_cmd(e.b, SEAL_SUI_CMD_SPLIT_COINS, 1, &amount);
    split->arg = (seal_sui_argument){.kind = SEAL_SUI_ARG_GAS_COIN};
    seal_sui_argument sargs[3] = {{.kind = SEAL_SUI_ARG_NESTED_RESULT, .index = 0},
                                  cli_tx_in_object(e.b, &objs[0], false),
                                  cli_tx_in_object(e.b, &objs[1], false)};
    cli_tx_move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "subscribe", 3, sargs);
    seal_sui_argument targs[2] = {{.kind = SEAL_SUI_ARG_RESULT, .index = 1},
                                  cli_tx_in_raw(e.b, me, 32)};
    cli_tx_move_call(e.b, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription", "transfer", 2, targs);
    if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) == CLI_EXIT_OK) {
        rc = cli_tx_print_result(e.effects, "subscription", "::subscription::Subscription", NULL,
                                 NULL);
    }
    seal_ledger_object_clear(&objs[0]);
    seal_ledger_object_clear(&objs[1]);
    return cli_tx_env_close(&e, rc);
}

/* ---- clock advance ------------------------------------------------------------------------ */

static const cli_opt clock_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
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
        (rc = cli_tx_chain_spec(a, spec, sizeof spec)) != CLI_EXIT_OK) {
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
    err = seal_ledger_clock_advance(l, cli_tx_u64_opt(a, "ms"));
    if (err == SEAL_OK) {
        err = seal_ledger_clock_get(l, &now);
    }
    if (err != SEAL_OK) {
        rc = cli_tx_report(err, err == SEAL_ERR_INVALID_ARGUMENT ? "the Clock would overflow"
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
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
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
    if ((rc = cli_tx_open_chain(a, &c, spec, sizeof spec)) != CLI_EXIT_OK) {
        goto out;
    }
    seal_err err = seal_chain_get_objects(c, (const uint8_t(*)[32])id, 1, &o, found);
    if (err != SEAL_OK) {
        rc = cli_tx_report(err, "cannot read the object");
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
        rc = cli_tx_report(err, "cannot format the object's type");
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
    {"committee", NULL, NULL, "the on-chain committee steps (as seal committee ...)"},
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
    fprintf(
        f, "\nTransaction subcommands take --chain SPEC (embedded:DIR, http://HOST:PORT for gRPC,\n"
           "jsonrpc+http://HOST:PORT for JSON-RPC; --grpc-transport web|native|web-h2) or\n"
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
        if (s->cmd == NULL && strcmp(s->w1, "committee") == 0) {
            const cli_cmd *c = argc > 2 ? cli_committee_chain_find(argv[2]) : NULL;
            if (c == NULL && argc > 2 &&
                (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
                return cli_cmd_committee.main(argc - 1, argv + 1); /* seal committee --help */
            }
            if (c == NULL) {
                return cli_fail(CLI_EXIT_USAGE,
                                "unknown committee subcommand %s (see seal committee --help)",
                                argc > 2 ? cli_quote(q, sizeof q, argv[2]) : "(none)");
            }
            return cli_committee_chain_run(c, argc - 2, argv + 2);
        }
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
