/* seal committee: the on-chain steps of a committee's coordinator and members (spec/COMMITTEE.md
 * 3-5): init (publish the seal_committee package, init_committee), register, propose (fresh DKG or
 * rotation), init-rotation, update-url, the upgrade vote and show. Transactions are signed with
 * --key and submitted through the chain layer, so they work on `seal localnet` (embedded or
 * served) and on a Sui node; `seal localnet committee ...` runs the same commands. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_committee_chain.h"
#include "cli/txn.h"
#include "seal/chain_committee.h"
#include "seal/sui.h"

#define MEMBERS_MAX 84 /* what one pure vector input holds (84 x 97 bytes of partial pks) */
#define KEYS_FILE_MAX 65536

/* ---- shared -------------------------------------------------------------------------------- */

static bool check_id(const cli_opt *o, const char *v, char *why, size_t why_len) {
    return cli_tx_check_address(o, v, why, why_len);
}

static bool check_g2(const cli_opt *o, const char *v, char *why, size_t why_len) {
    uint8_t b[96];
    (void)o;
    if (!cli_hex_fixed(b, 96, v)) {
        snprintf(why, why_len, "not 96 bytes of hex (a compressed G2 point)");
        return false;
    }
    return true;
}

static bool check_u16(const cli_opt *o, const char *v, char *why, size_t why_len) {
    uint64_t x = 0;
    (void)o;
    if (!cli_uint(&x, v, 0, 65535)) {
        snprintf(why, why_len, "not an integer from 0 to 65535");
        return false;
    }
    return true;
}

#define OPT_COMMITTEE                                                                              \
    { "committee", "ID", CLI_REQUIRED, check_id, 0, "the Committee object" }

/* The --committee id (validated by the option table). */
static int committee_opt(const cli_args *a, uint8_t id[static 32]) {
    if (seal_sui_address_parse(id, cli_value(a, "committee", 0)) != SEAL_OK)
        return cli_fail(CLI_EXIT_USAGE, "--committee: not an object id");
    return CLI_EXIT_OK;
}

/* Reads the committee object and decodes it; the package whose types it has in *pkg. */
static int read_committee(seal_chain *c, const uint8_t id[static 32], seal_ledger_object *o,
                          seal_onchain_committee *cm, uint8_t pkg[static 32]) {
    const char *what[1] = {"the committee"};
    int rc = cli_tx_read_objects(c, (const uint8_t(*)[32])id, 1, o, what);
    if (rc != CLI_EXIT_OK)
        return rc;
    if (!seal_onchain_is_committee_type(o->type, o->type_len, pkg) ||
        seal_onchain_committee_decode(cm, o->contents, o->contents_len) != SEAL_OK) {
        char h[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(h, id);
        seal_ledger_object_clear(o);
        return cli_fail(CLI_EXIT_FAIL, "%s is not a seal_committee Committee", h);
    }
    return CLI_EXIT_OK;
}

static void hex_line(char *out, const uint8_t *p, size_t n) {
    static const char d[] = "0123456789abcdef";
    out[0] = '0';
    out[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        out[2 + 2 * i] = d[p[i] >> 4];
        out[3 + 2 * i] = d[p[i] & 15];
    }
    out[2 + 2 * n] = 0;
}

static json_t *hex_json(const uint8_t *p, size_t n) {
    char *s = malloc(2 * n + 3);
    json_t *j;
    if (s == NULL)
        return NULL;
    hex_line(s, p, n);
    j = json_string(s);
    free(s);
    return j;
}

static json_t *addr_json(const uint8_t a[static 32]) {
    char h[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(h, a);
    return json_string(h);
}

static json_t *text_json(seal_sui_bytes b) {
    return json_stringn((const char *)b.ptr, b.len);
}

static int print_json_flags(json_t *j, size_t flags) {
    char *s = j != NULL ? json_dumps(j, flags) : NULL;
    json_decref(j);
    if (s == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    printf("%s\n", s);
    free(s);
    return CLI_EXIT_OK;
}

static int print_json(json_t *j) {
    return print_json_flags(j, 0);
}

/* The members of --member (repeatable) as a BCS vector<address> input. */
static int members_arg(cli_tx_env *e, seal_sui_argument *out) {
    size_t n = cli_count(e->a, "member");
    uint8_t buf[1 + 32 * MEMBERS_MAX];
    if (n > MEMBERS_MAX)
        return cli_fail(CLI_EXIT_USAGE, "at most %d members", MEMBERS_MAX);
    buf[0] = (uint8_t)n; /* ULEB128 of n < 128 */
    for (size_t i = 0; i < n; i++)
        if (seal_sui_address_parse(buf + 1 + 32 * i, cli_value(e->a, "member", i)) != SEAL_OK)
            return cli_fail(CLI_EXIT_USAGE, "--member: not a Sui address");
    *out = cli_tx_in_raw(e->b, buf, 1 + 32 * n);
    return CLI_EXIT_OK;
}

static seal_sui_argument u16_arg(cli_tx_env *e, const char *name) {
    uint16_t v = (uint16_t)cli_tx_u64_opt(e->a, name);
    uint8_t le[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    return cli_tx_in_raw(e->b, le, 2);
}

static seal_sui_argument string_arg(cli_tx_env *e, const char *name) {
    const char *v = cli_value(e->a, name, 0);
    return cli_tx_in_bytes(e->b, (const uint8_t *)v, strlen(v));
}

static void publish_marker(cli_txb *b, seal_sui_command *c) {
    size_t k = (size_t)(c - b->cmd);
    b->modules[k][0] = (seal_sui_bytes){(const uint8_t *)"seal_committee", 14};
    c->modules = b->modules[k];
    c->n_modules = 1;
    memset(b->deps[k], 0, sizeof b->deps[k]);
    b->deps[k][0][31] = 1;
    b->deps[k][1][31] = 2;
    memcpy(b->deps[k][2], SEAL_LEDGER_SEAL_PACKAGE, 32);
    c->deps = (const uint8_t(*)[32])b->deps[k];
    c->n_deps = 3;
}

static const uint8_t *native_deps(uint8_t deps[3][32]) {
    memset(deps, 0, 3 * 32);
    deps[0][31] = 1;
    deps[1][31] = 2;
    memcpy(deps[2], SEAL_LEDGER_SEAL_PACKAGE, 32);
    return deps[0];
}

/* init_committee / init_rotation(first, threshold, members) as the signer; the new committee's
 * id in cid. */
static int new_committee(cli_tx_env *e, const uint8_t pkg[static 32],
                         const seal_ledger_object *first, const char *function,
                         uint8_t cid[static 32]) {
    seal_sui_argument args[3];
    int rc;
    args[0] = cli_tx_in_object(e->b, first, false);
    args[1] = u16_arg(e, "threshold");
    if ((rc = members_arg(e, &args[2])) != CLI_EXIT_OK)
        return rc;
    cli_tx_move_call(e->b, pkg, "seal_committee", function, 3, args);
    if ((rc = cli_tx_submit(e->chain, &e->kp, e->b, e->effects)) != CLI_EXIT_OK)
        return rc;
    const uint8_t *id = cli_tx_created_id(e->effects, "::seal_committee::Committee");
    if (id == NULL)
        return cli_fail(CLI_EXIT_ERROR, "the chain did not report the Committee");
    memcpy(cid, id, 32);
    return CLI_EXIT_OK;
}

/* ---- init ---------------------------------------------------------------------------------- */

static const cli_opt init_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    {"threshold", "T", CLI_REQUIRED, check_u16, 0, "signatures (partial keys) needed, > 1"},
    {"member", "ADDRESS", CLI_REQUIRED | CLI_REPEAT, cli_tx_check_address, 0,
     "a member, in party order (repeat; party id = position)"},
    {"package", "ID", 0, check_id, 0, "an already published seal_committee package"},
    {"upgrade-cap", "ID", 0, check_id, 0, "its UpgradeCap (with --package)"},
    {0},
};

static int init_main(int argc, char **argv);

const cli_cmd cli_cmd_committee_init = {
    "committee init",
    "publish the seal_committee package and create a committee (coordinator)",
    NULL,
    0,
    init_opts,
    "Publishes the seal_committee package (its UpgradeCap to the signer) and calls\n"
    "init_committee(cap, threshold, members): a shared Committee in state Init whose\n"
    "UpgradeManager holds the cap. With --package and --upgrade-cap the package is not published\n"
    "again. The coordinator need not be a member.\n"
    "Output: {\"digest\", \"package\", \"upgrade_cap\", \"committee\"}\n",
    init_main,
};

static int init_main(int argc, char **argv) {
    cli_tx_env e;
    uint8_t pkg[32], cap[32];
    seal_ledger_object capo;
    int rc;
    if ((rc = cli_tx_env_open(&e, &cli_cmd_committee_init, argc, argv)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    const char *p = cli_value(e.a, "package", 0), *c = cli_value(e.a, "upgrade-cap", 0);
    if ((p == NULL) != (c == NULL)) {
        rc = cli_fail(CLI_EXIT_USAGE, "give --package and --upgrade-cap together");
        return cli_tx_env_close(&e, rc);
    }
    if (p != NULL) {
        if (seal_sui_address_parse(pkg, p) != SEAL_OK || seal_sui_address_parse(cap, c) != SEAL_OK)
            return cli_tx_env_close(&e, cli_fail(CLI_EXIT_USAGE, "bad --package/--upgrade-cap"));
    } else {
        uint8_t me[32];
        seal_sui_keypair_address(me, &e.kp);
        seal_sui_command *pub = cli_tx_add_cmd(e.b, SEAL_SUI_CMD_PUBLISH, 0, NULL);
        publish_marker(e.b, pub);
        seal_sui_argument r = {.kind = SEAL_SUI_ARG_RESULT, .index = 0};
        seal_sui_command *t = cli_tx_add_cmd(e.b, SEAL_SUI_CMD_TRANSFER_OBJECTS, 1, &r);
        t->arg = cli_tx_in_raw(e.b, me, 32);
        if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) != CLI_EXIT_OK)
            return cli_tx_env_close(&e, rc);
        const uint8_t *id = cli_tx_created_id(e.effects, "::package::UpgradeCap");
        if (id == NULL)
            return cli_tx_env_close(
                &e, cli_fail(CLI_EXIT_ERROR, "the chain did not report the UpgradeCap"));
        memcpy(cap, id, 32);
        seal_onchain_upgrade_cap uc;
        const char *what[1] = {"the UpgradeCap"};
        if ((rc = cli_tx_read_objects(e.chain, (const uint8_t(*)[32])cap, 1, &capo, what)) !=
            CLI_EXIT_OK)
            return cli_tx_env_close(&e, rc);
        seal_err err = seal_onchain_upgrade_cap_decode(&uc, capo.contents, capo.contents_len);
        seal_ledger_object_clear(&capo);
        if (err != SEAL_OK)
            return cli_tx_env_close(&e, cli_tx_report(err, "cannot read the UpgradeCap"));
        memcpy(pkg, uc.package, 32);
        memset(e.b, 0, sizeof *e.b);
    }
    const char *what[1] = {"the UpgradeCap"};
    if ((rc = cli_tx_read_objects(e.chain, (const uint8_t(*)[32])cap, 1, &capo, what)) !=
        CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    uint8_t cid[32];
    rc = new_committee(&e, pkg, &capo, "init_committee", cid);
    seal_ledger_object_clear(&capo);
    if (rc != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    char d[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(d, e.effects->digest);
    json_t *j = json_pack("{s:s,s:o,s:o,s:o}", "digest", d, "package", addr_json(pkg),
                          "upgrade_cap", addr_json(cap), "committee", addr_json(cid));
    return cli_tx_env_close(&e, print_json(j));
}

/* ---- init-rotation ------------------------------------------------------------------------- */

static const cli_opt rotation_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    {"committee", "ID", 0, check_id, 0, "the current (finalized) committee"},
    {"key-server", "ID", 0, check_id, 0, "or the committee's KeyServer"},
    {"threshold", "T", CLI_REQUIRED, check_u16, 0, "threshold of the new committee, > 1"},
    {"member", "ADDRESS", CLI_REQUIRED | CLI_REPEAT, cli_tx_check_address, 0,
     "a member of the new committee, in party order (repeat)"},
    {0},
};

static int rotation_main(int argc, char **argv);

const cli_cmd cli_cmd_committee_init_rotation = {
    "committee init-rotation",
    "start a rotation to a new committee (a member of the current one)",
    NULL,
    0,
    rotation_opts,
    "Calls init_rotation(current, threshold, members): a new shared Committee in state Init that\n"
    "rotates from the current one. The signer must be a member of the current committee and the\n"
    "new list must keep at least the current threshold of its members. The current committee is\n"
    "given directly or found from its KeyServer (--key-server).\n"
    "Output: {\"digest\", \"committee\", \"old_committee\"}\n",
    rotation_main,
};

/* --committee, or the committee holding --key-server. */
static int committee_from_opts(cli_tx_env *e, uint8_t id[static 32]) {
    const char *c = cli_value(e->a, "committee", 0), *k = cli_value(e->a, "key-server", 0);
    bool found = false;
    if ((c == NULL) == (k == NULL))
        return cli_fail(CLI_EXIT_USAGE, "give exactly one of --committee and --key-server");
    if (c != NULL)
        return seal_sui_address_parse(id, c) == SEAL_OK
                   ? CLI_EXIT_OK
                   : cli_fail(CLI_EXIT_USAGE, "--committee: not an object id");
    uint8_t ks[32];
    if (seal_sui_address_parse(ks, k) != SEAL_OK)
        return cli_fail(CLI_EXIT_USAGE, "--key-server: not an object id");
    seal_err err = seal_chain_committee_of_key_server(e->chain, ks, id, &found);
    if (err != SEAL_OK)
        return cli_tx_report(err, "cannot read the KeyServer");
    if (!found)
        return cli_fail(CLI_EXIT_FAIL, "%s is not a KeyServer held by a committee", k);
    return CLI_EXIT_OK;
}

static int rotation_main(int argc, char **argv) {
    cli_tx_env e;
    uint8_t old[32], pkg[32];
    seal_ledger_object o;
    seal_onchain_committee cm;
    int rc;
    if ((rc = cli_tx_env_open(&e, &cli_cmd_committee_init_rotation, argc, argv)) != CLI_EXIT_OK ||
        (rc = committee_from_opts(&e, old)) != CLI_EXIT_OK ||
        (rc = read_committee(e.chain, old, &o, &cm, pkg)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    uint8_t cid[32];
    rc = new_committee(&e, pkg, &o, "init_rotation", cid);
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    if (rc != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    char d[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(d, e.effects->digest);
    json_t *j = json_pack("{s:s,s:o,s:o}", "digest", d, "committee", addr_json(cid),
                          "old_committee", addr_json(old));
    return cli_tx_env_close(&e, print_json(j));
}

/* ---- register ------------------------------------------------------------------------------ */

static const cli_opt register_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    OPT_COMMITTEE,
    {"keys", "FILE", 0, cli_check_path, 0,
     "the member's DKG key file (JSON with enc_pk and signing_pk, as `seal committee keygen` "
     "writes)"},
    {"enc-pk", "HEX", 0, cli_check_hex_fixed, 48, "or the ECIES public key (48-byte G1)"},
    {"signing-pk", "HEX", 0, cli_check_hex_fixed, 96, "and the signing public key (96-byte G2)"},
    {"url", "URL", CLI_REQUIRED, cli_tx_check_name, 0, "the member's key server URL"},
    {"name", "NAME", CLI_REQUIRED, cli_tx_check_name, 0, "the member's name (unique)"},
    {0},
};

static int register_main(int argc, char **argv);

const cli_cmd cli_cmd_committee_register = {
    "committee register",
    "register as a member: DKG public keys, URL and name",
    NULL,
    0,
    register_opts,
    "Calls register(committee, enc_pk, signing_pk, url, name) as the signer (a member of the\n"
    "committee, in state Init). The public keys come from the DKG key file (--keys; only its\n"
    "public fields are read) or are given directly.\n"
    "Output: {\"digest\", \"committee\"}\n",
    register_main,
};

/* enc_pk and signing_pk from --keys FILE (JSON) or the options. */
static int member_keys(cli_tx_env *e, uint8_t enc[48], uint8_t sig[96]) {
    const char *file = cli_value(e->a, "keys", 0), *ep = cli_value(e->a, "enc-pk", 0),
               *sp = cli_value(e->a, "signing-pk", 0);
    char q[128];
    if ((file != NULL) == (ep != NULL || sp != NULL) || (file == NULL && (!ep || !sp)))
        return cli_fail(CLI_EXIT_USAGE, "give --keys FILE, or both --enc-pk and --signing-pk");
    if (file == NULL)
        return cli_hex_fixed(enc, 48, ep) && cli_hex_fixed(sig, 96, sp)
                   ? CLI_EXIT_OK
                   : cli_fail(CLI_EXIT_USAGE, "bad --enc-pk or --signing-pk");
    json_error_t je;
    json_t *j = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL)
        return cli_fail(CLI_EXIT_ERROR, "cannot read the key file %s as JSON",
                        cli_quote(q, sizeof q, file));
    const char *e1 = json_string_value(json_object_get(j, "enc_pk"));
    const char *s1 = json_string_value(json_object_get(j, "signing_pk"));
    bool ok = e1 != NULL && s1 != NULL && cli_hex_fixed(enc, 48, e1) && cli_hex_fixed(sig, 96, s1);
    json_decref(j); /* holds secret keys: jansson frees; the process exits right after */
    return ok ? CLI_EXIT_OK
              : cli_fail(CLI_EXIT_ERROR,
                         "the key file %s has no valid enc_pk (48 bytes hex) and signing_pk (96)",
                         cli_quote(q, sizeof q, file));
}

static int print_digest_committee(const seal_ledger_effects *fx, const uint8_t id[static 32]) {
    char d[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(d, fx->digest);
    return print_json(json_pack("{s:s,s:o}", "digest", d, "committee", addr_json(id)));
}

static int register_main(int argc, char **argv) {
    cli_tx_env e;
    uint8_t id[32], pkg[32], enc[48], sig[96];
    seal_ledger_object o;
    seal_onchain_committee cm;
    int rc;
    if ((rc = cli_tx_env_open(&e, &cli_cmd_committee_register, argc, argv)) != CLI_EXIT_OK ||
        (rc = member_keys(&e, enc, sig)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    if ((rc = committee_opt(e.a, id)) != CLI_EXIT_OK ||
        (rc = read_committee(e.chain, id, &o, &cm, pkg)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    seal_sui_argument args[5] = {cli_tx_in_object(e.b, &o, true), cli_tx_in_bytes(e.b, enc, 48),
                                 cli_tx_in_bytes(e.b, sig, 96), string_arg(&e, "url"),
                                 string_arg(&e, "name")};
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    cli_tx_move_call(e.b, pkg, "seal_committee", "register", 5, args);
    if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    return cli_tx_env_close(&e, print_digest_committee(e.effects, id));
}

/* ---- propose ------------------------------------------------------------------------------- */

static const cli_opt propose_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    OPT_COMMITTEE,
    {"from", "FILE", 0, cli_check_path, 0,
     "the DKG output (JSON: key_server_pk, partial_pks, messages_hash), as `seal committee "
     "process` writes"},
    {"pk", "HEX", 0, check_g2, 0, "or the committee public key (fresh DKG)"},
    {"partial-pk", "HEX", CLI_REPEAT, check_g2, 0, "and the partial public keys in party order"},
    {"messages-hash", "HEX", 0, cli_check_hex_fixed, 32, "and the hash of the DKG messages"},
    {0},
};

static int propose_main(int argc, char **argv);

const cli_cmd cli_cmd_committee_propose = {
    "committee propose",
    "approve the DKG result on chain (fresh DKG or rotation)",
    NULL,
    0,
    propose_opts,
    "Fresh committee: propose(committee, partial_pks, pk, messages_hash). Rotation (the committee\n"
    "has an old committee): propose_for_rotation(committee, partial_pks, messages_hash, old), the\n"
    "pk being the KeyServer's. Every member proposes the same values; the last approval creates\n"
    "the committee KeyServer (or, at a rotation, updates it and moves it to the new committee).\n"
    "Output: {\"digest\", \"committee\", \"state\", \"approvals\", \"key_server\" (once final)}\n",
    propose_main,
};

typedef struct proposal {
    uint8_t pk[96];
    bool has_pk;
    uint8_t pks[MEMBERS_MAX][96];
    size_t n;
    uint8_t hash[32];
} proposal;

static bool hex_g2(uint8_t out[96], const char *s) {
    return s != NULL && cli_hex_fixed(out, 96, s);
}

static int read_proposal(cli_tx_env *e, proposal *p) {
    const char *file = cli_value(e->a, "from", 0);
    char q[128];
    memset(p, 0, sizeof *p);
    if (file == NULL) {
        p->n = cli_count(e->a, "partial-pk");
        const char *h = cli_value(e->a, "messages-hash", 0);
        if (p->n == 0 || h == NULL)
            return cli_fail(CLI_EXIT_USAGE,
                            "give --from FILE, or --partial-pk (each) and --messages-hash");
        if (p->n > MEMBERS_MAX)
            return cli_fail(CLI_EXIT_USAGE, "at most %d partial public keys", MEMBERS_MAX);
        for (size_t i = 0; i < p->n; i++)
            hex_g2(p->pks[i], cli_value(e->a, "partial-pk", i));
        cli_hex_fixed(p->hash, 32, h);
        p->has_pk = hex_g2(p->pk, cli_value(e->a, "pk", 0));
        return CLI_EXIT_OK;
    }
    if (cli_value(e->a, "pk", 0) || cli_count(e->a, "partial-pk") ||
        cli_value(e->a, "messages-hash", 0))
        return cli_fail(CLI_EXIT_USAGE, "--from excludes --pk, --partial-pk and --messages-hash");
    json_error_t je;
    json_t *j = json_load_file(file, JSON_REJECT_DUPLICATES, &je), *arr;
    if (j == NULL)
        return cli_fail(CLI_EXIT_ERROR, "cannot read %s as JSON", cli_quote(q, sizeof q, file));
    const char *pk = json_string_value(json_object_get(j, "key_server_pk"));
    const char *h = json_string_value(json_object_get(j, "messages_hash"));
    arr = json_object_get(j, "partial_pks");
    int rc = CLI_EXIT_OK;
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > MEMBERS_MAX ||
        h == NULL || !cli_hex_fixed(p->hash, 32, h)) {
        rc = cli_fail(CLI_EXIT_ERROR,
                      "%s: needs partial_pks (1 to %d hex G2 points) and messages_hash (32 bytes)",
                      cli_quote(q, sizeof q, file), MEMBERS_MAX);
        goto out;
    }
    p->n = json_array_size(arr);
    for (size_t i = 0; i < p->n; i++) {
        if (!hex_g2(p->pks[i], json_string_value(json_array_get(arr, i)))) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s: partial_pks[%zu] is not 96 bytes of hex",
                          cli_quote(q, sizeof q, file), i);
            goto out;
        }
    }
    if (pk != NULL && !(p->has_pk = hex_g2(p->pk, pk)))
        rc = cli_fail(CLI_EXIT_ERROR, "%s: key_server_pk is not 96 bytes of hex",
                      cli_quote(q, sizeof q, file));
out:
    json_decref(j);
    return rc;
}

static seal_sui_argument pks_arg(cli_txb *b, const proposal *p) {
    uint8_t buf[2 + MEMBERS_MAX * 97];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_bcs_write_uleb128(&w, p->n);
    for (size_t i = 0; i < p->n; i++)
        seal_bcs_write_bytes(&w, p->pks[i], 96);
    return cli_tx_in_raw(b, buf, w.len);
}

static int propose_main(int argc, char **argv) {
    cli_tx_env e;
    uint8_t id[32], pkg[32], old_pkg[32];
    seal_ledger_object o, old;
    seal_onchain_committee cm, ocm;
    proposal *p = calloc(1, sizeof *p);
    int rc;
    if (p == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    if ((rc = cli_tx_env_open(&e, &cli_cmd_committee_propose, argc, argv)) != CLI_EXIT_OK ||
        (rc = read_proposal(&e, p)) != CLI_EXIT_OK)
        goto done;
    if ((rc = committee_opt(e.a, id)) != CLI_EXIT_OK ||
        (rc = read_committee(e.chain, id, &o, &cm, pkg)) != CLI_EXIT_OK)
        goto done;
    bool rotation = cm.has_old_committee_id;
    uint8_t old_id[32];
    memcpy(old_id, cm.old_committee_id, 32);
    seal_sui_argument args[4];
    args[0] = cli_tx_in_object(e.b, &o, true);
    args[1] = pks_arg(e.b, p);
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    if (!rotation) {
        if (!p->has_pk) {
            rc = cli_fail(CLI_EXIT_USAGE, "a fresh DKG needs the committee public key (--pk or "
                                          "key_server_pk)");
            goto done;
        }
        args[2] = cli_tx_in_bytes(e.b, p->pk, 96);
        args[3] = cli_tx_in_bytes(e.b, p->hash, 32);
        cli_tx_move_call(e.b, pkg, "seal_committee", "propose", 4, args);
    } else {
        if ((rc = read_committee(e.chain, old_id, &old, &ocm, old_pkg)) != CLI_EXIT_OK)
            goto done;
        args[2] = cli_tx_in_bytes(e.b, p->hash, 32);
        args[3] = cli_tx_in_object(e.b, &old, true);
        seal_onchain_committee_clear(&ocm);
        seal_ledger_object_clear(&old);
        cli_tx_move_call(e.b, pkg, "seal_committee", "propose_for_rotation", 4, args);
    }
    if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) != CLI_EXIT_OK)
        goto done;
    /* the state after the proposal */
    if ((rc = read_committee(e.chain, id, &o, &cm, pkg)) != CLI_EXIT_OK)
        goto done;
    char d[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(d, e.effects->digest);
    json_t *j = json_pack(
        "{s:s,s:o,s:s,s:I}", "digest", d, "committee", addr_json(id), "state",
        cm.state == SEAL_ONCHAIN_STATE_FINALIZED ? "Finalized" : "PostDKG", "approvals",
        (json_int_t)(cm.state == SEAL_ONCHAIN_STATE_FINALIZED ? cm.n_members : cm.n_approvals));
    if (cm.state == SEAL_ONCHAIN_STATE_FINALIZED) {
        uint8_t ks[32];
        bool found = false;
        if (seal_chain_committee_key_server(e.chain, id, ks, &found) == SEAL_OK && found)
            json_object_set_new(j, "key_server", addr_json(ks));
    }
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    rc = print_json(j);
done:
    free(p);
    return cli_tx_env_close(&e, rc);
}

/* ---- update-url and the upgrade vote ------------------------------------------------------- */

static const cli_opt url_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    OPT_COMMITTEE,
    {"url", "URL", CLI_REQUIRED, cli_tx_check_name, 0, "the signer's new key server URL"},
    {0},
};

static const cli_opt vote_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    CLI_TX_OPT_KEY,
    OPT_COMMITTEE,
    {"digest", "HEX", 0, cli_check_hex_var, 64,
     "approve-upgrade: the package digest (default: the native package's)"},
    {0},
};

static int simple_main(const cli_cmd *cmd, const char *function, int argc, char **argv);
static int url_main(int argc, char **argv) {
    return simple_main(&cli_cmd_committee_update_url, "update_member_url", argc, argv);
}
static int approve_main(int argc, char **argv) {
    return simple_main(&cli_cmd_committee_approve_upgrade, "approve_digest_for_upgrade", argc,
                       argv);
}
static int reject_main(int argc, char **argv) {
    return simple_main(&cli_cmd_committee_reject_upgrade, "reject_digest_for_upgrade", argc, argv);
}
static int reset_main(int argc, char **argv) {
    return simple_main(&cli_cmd_committee_reset_proposal, "reset_proposal", argc, argv);
}
static int upgrade_main(int argc, char **argv) {
    return simple_main(&cli_cmd_committee_upgrade, "authorize_upgrade", argc, argv);
}

const cli_cmd cli_cmd_committee_update_url = {
    "committee update-url",
    "change the signer's key server URL in the committee KeyServer",
    NULL,
    0,
    url_opts,
    "Calls update_member_url(committee, url): the partial key server of the signer's party.\n"
    "Output: {\"digest\", \"committee\"}\n",
    url_main,
};

const cli_cmd cli_cmd_committee_approve_upgrade = {
    "committee approve-upgrade",
    "vote for a package upgrade digest",
    NULL,
    0,
    vote_opts,
    "Calls approve_digest_for_upgrade(committee, digest); the first vote opens the proposal.\n"
    "Without --digest: the digest of the native seal_committee package (what `committee upgrade`\n"
    "publishes). Output: {\"digest\", \"committee\"} (digest: the transaction's)\n",
    approve_main,
};

const cli_cmd cli_cmd_committee_reject_upgrade = {
    "committee reject-upgrade",
    "vote against the pending upgrade proposal",
    NULL,
    0,
    vote_opts,
    "Calls reject_digest_for_upgrade(committee). Output: {\"digest\", \"committee\"}\n",
    reject_main,
};

const cli_cmd cli_cmd_committee_reset_proposal = {
    "committee reset-proposal",
    "drop the upgrade proposal once threshold members rejected it",
    NULL,
    0,
    vote_opts,
    "Calls reset_proposal(committee). Output: {\"digest\", \"committee\"}\n",
    reset_main,
};

const cli_cmd cli_cmd_committee_upgrade = {
    "committee upgrade",
    "upgrade the package once threshold members approved (authorize, upgrade, commit)",
    NULL,
    0,
    vote_opts,
    "One transaction: authorize_upgrade(committee) -> the package Upgrade -> commit_upgrade.\n"
    "Output: {\"digest\", \"committee\", \"package\"} (package: the new version)\n",
    upgrade_main,
};

static int simple_main(const cli_cmd *cmd, const char *function, int argc, char **argv) {
    cli_tx_env e;
    uint8_t id[32], pkg[32], current[32];
    seal_ledger_object o;
    seal_onchain_committee cm;
    int rc;
    if ((rc = cli_tx_env_open(&e, cmd, argc, argv)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    if ((rc = committee_opt(e.a, id)) != CLI_EXIT_OK ||
        (rc = read_committee(e.chain, id, &o, &cm, pkg)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    seal_sui_argument args[2];
    size_t n = 1;
    args[0] = cli_tx_in_object(e.b, &o, true);
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    if (cmd == &cli_cmd_committee_update_url) {
        args[1] = string_arg(&e, "url");
        n = 2;
    } else if (cmd == &cli_cmd_committee_approve_upgrade) {
        uint8_t digest[32], deps[3][32];
        size_t len = 32;
        const char *h = cli_value(e.a, "digest", 0);
        if (h != NULL)
            cli_hex_var(digest, sizeof digest, &len, h);
        else if (seal_ledger_committee_package_digest(
                     digest, (const uint8_t(*)[32])native_deps(deps), 3) != SEAL_OK)
            return cli_tx_env_close(&e, cli_fail(CLI_EXIT_ERROR, "out of memory"));
        args[1] = cli_tx_in_bytes(e.b, digest, len);
        n = 2;
    }
    cli_tx_move_call(e.b, pkg, "seal_committee", function, n, args);
    if (cmd == &cli_cmd_committee_upgrade) {
        /* the package Upgrade needs the current version (the cap's) */
        uint8_t fid[32], name[1], um[32], f2[32];
        const uint8_t *nm = NULL;
        seal_ledger_object fo, uo;
        seal_onchain_upgrade_manager m;
        const char *what[1] = {"the committee's UpgradeManager"};
        seal_onchain_upgrade_manager_field_id(fid, id, pkg);
        if ((rc = cli_tx_read_objects(e.chain, (const uint8_t(*)[32])fid, 1, &fo, what)) !=
            CLI_EXIT_OK)
            return cli_tx_env_close(&e, rc);
        seal_err err = seal_onchain_dof_field_decode(f2, &nm, 1, um, fo.contents, fo.contents_len);
        seal_ledger_object_clear(&fo);
        (void)name;
        if (err != SEAL_OK || (rc = cli_tx_read_objects(e.chain, (const uint8_t(*)[32])um, 1, &uo,
                                                        what)) != CLI_EXIT_OK)
            return cli_tx_env_close(
                &e, err != SEAL_OK ? cli_tx_report(err, "cannot read the UpgradeManager") : rc);
        err = seal_onchain_upgrade_manager_decode(&m, uo.contents, uo.contents_len);
        if (err == SEAL_OK)
            memcpy(current, m.cap.package, 32);
        seal_onchain_upgrade_manager_clear(&m);
        seal_ledger_object_clear(&uo);
        if (err != SEAL_OK)
            return cli_tx_env_close(&e, cli_tx_report(err, "cannot read the UpgradeManager"));
        seal_sui_command *up = cli_tx_add_cmd(e.b, SEAL_SUI_CMD_UPGRADE, 0, NULL);
        publish_marker(e.b, up);
        memcpy(up->package, current, 32);
        up->arg = (seal_sui_argument){.kind = SEAL_SUI_ARG_RESULT, .index = 0};
        seal_sui_argument cargs[2] = {args[0], {.kind = SEAL_SUI_ARG_RESULT, .index = 1}};
        cli_tx_move_call(e.b, pkg, "seal_committee", "commit_upgrade", 2, cargs);
    }
    if ((rc = cli_tx_submit(e.chain, &e.kp, e.b, e.effects)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    return cli_tx_env_close(&e, print_digest_committee(e.effects, id));
}

/* ---- show ---------------------------------------------------------------------------------- */

static const cli_opt show_opts[] = {
    CLI_TX_OPT_CHAIN,
    CLI_TX_OPT_DATA,
    {"committee", "ID", 0, check_id, 0, "the committee"},
    {"key-server", "ID", 0, check_id, 0, "or its KeyServer"},
    {0},
};

static int show_main(int argc, char **argv);

const cli_cmd cli_cmd_committee_show = {
    "committee show",
    "print a committee, its KeyServer and its upgrade state as JSON",
    NULL,
    0,
    show_opts,
    "Reads the committee (given, or found from its KeyServer) and prints {\"committee\",\n"
    "\"package\", \"threshold\", \"members\", \"state\", \"old_committee\", \"members_info\",\n"
    "\"proposal\" (PostDKG), \"key_server\" (Finalized: id, pk, version, threshold,\n"
    "partial_key_servers), \"upgrade\" (cap version, package, proposal)}.\n",
    show_main,
};

static json_t *key_server_json(seal_chain *c, const uint8_t ks[static 32]) {
    seal_ledger_object f;
    seal_onchain_key_server_v2 v2;
    bool found = false;
    json_t *j = json_pack("{s:o}", "id", addr_json(ks)), *list;
    if (seal_chain_key_server_v2(c, ks, &f, &v2, &found) != SEAL_OK || !found)
        return j;
    json_object_set_new(j, "name", text_json(v2.name));
    json_object_set_new(j, "pk", hex_json(v2.pk.ptr, v2.pk.len));
    if (v2.server_type == SEAL_ONCHAIN_SERVER_COMMITTEE) {
        json_object_set_new(j, "version", json_integer(v2.version));
        json_object_set_new(j, "threshold", json_integer(v2.threshold));
        list = json_array();
        for (size_t i = 0; i < v2.n_partial; i++)
            json_array_append_new(
                list,
                json_pack("{s:i,s:o,s:o,s:o}", "party_id", v2.partial[i].party_id, "name",
                          text_json(v2.partial[i].name), "url", text_json(v2.partial[i].url),
                          "partial_pk",
                          hex_json(v2.partial[i].partial_pk.ptr, v2.partial[i].partial_pk.len)));
        json_object_set_new(j, "partial_key_servers", list);
    }
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&f);
    return j;
}

static json_t *upgrade_json(seal_chain *c, const uint8_t id[static 32], const uint8_t pkg[32]) {
    uint8_t fid[32], f2[32], um[32];
    const uint8_t *nm = NULL;
    seal_ledger_object fo, uo;
    seal_onchain_upgrade_manager m;
    bool found = false;
    json_t *j = NULL;
    seal_onchain_upgrade_manager_field_id(fid, id, pkg);
    if (seal_chain_get_objects(c, (const uint8_t(*)[32])fid, 1, &fo, &found) != SEAL_OK || !found)
        return json_null();
    seal_err err = seal_onchain_dof_field_decode(f2, &nm, 1, um, fo.contents, fo.contents_len);
    seal_ledger_object_clear(&fo);
    if (err != SEAL_OK ||
        seal_chain_get_objects(c, (const uint8_t(*)[32])um, 1, &uo, &found) != SEAL_OK || !found)
        return json_null();
    if (seal_onchain_upgrade_manager_decode(&m, uo.contents, uo.contents_len) == SEAL_OK) {
        j = json_pack("{s:o,s:I,s:o}", "upgrade_cap", addr_json(m.cap.id), "version",
                      (json_int_t)m.cap.version, "package", addr_json(m.cap.package));
        if (m.has_proposal) {
            json_t *votes = json_array();
            for (size_t i = 0; i < m.n_votes; i++)
                json_array_append_new(
                    votes,
                    json_pack("{s:o,s:s}", "member", addr_json(m.votes[i].address), "vote",
                              m.votes[i].vote == SEAL_ONCHAIN_APPROVE ? "Approve" : "Reject"));
            json_object_set_new(j, "proposal",
                                json_pack("{s:o,s:I,s:o}", "digest",
                                          hex_json(m.digest.ptr, m.digest.len), "version",
                                          (json_int_t)m.proposal_version, "votes", votes));
        }
        seal_onchain_upgrade_manager_clear(&m);
    }
    seal_ledger_object_clear(&uo);
    return j != NULL ? j : json_null();
}

static int show_main(int argc, char **argv) {
    cli_tx_env e;
    uint8_t id[32], pkg[32];
    seal_ledger_object o;
    seal_onchain_committee cm;
    int rc;
    memset(&e, 0, sizeof e);
    if ((e.a = malloc(sizeof *e.a)) == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    if ((rc = cli_parse(e.a, &cli_cmd_committee_show, argc, argv)) != CLI_EXIT_OK ||
        (rc = cli_tx_open_chain(e.a, &e.chain, e.spec, sizeof e.spec)) != CLI_EXIT_OK ||
        (rc = committee_from_opts(&e, id)) != CLI_EXIT_OK ||
        (rc = read_committee(e.chain, id, &o, &cm, pkg)) != CLI_EXIT_OK)
        return cli_tx_env_close(&e, rc);
    static const char *const states[] = {"Init", "PostDKG", "Finalized"};
    json_t *j = json_pack("{s:o,s:o,s:i,s:s}", "committee", addr_json(id), "package",
                          addr_json(pkg), "threshold", cm.threshold, "state", states[cm.state]);
    json_t *members = json_array(), *infos = json_array();
    for (size_t i = 0; i < cm.n_members; i++)
        json_array_append_new(members, addr_json(cm.members[i]));
    json_object_set_new(j, "members", members);
    json_object_set_new(j, "old_committee",
                        cm.has_old_committee_id ? addr_json(cm.old_committee_id) : json_null());
    for (size_t i = 0; i < cm.n_infos; i++) {
        const seal_onchain_member_info *m = &cm.infos[i];
        uint16_t party = 0;
        seal_onchain_committee_party_id(&cm, m->address, &party);
        json_array_append_new(
            infos, json_pack("{s:o,s:i,s:o,s:o,s:o,s:o}", "address", addr_json(m->address),
                             "party_id", party, "name", text_json(m->name), "url",
                             text_json(m->url), "enc_pk", hex_json(m->enc_pk.ptr, m->enc_pk.len),
                             "signing_pk", hex_json(m->signing_pk.ptr, m->signing_pk.len)));
    }
    json_object_set_new(j, "members_info", infos);
    if (cm.state == SEAL_ONCHAIN_STATE_POST_DKG) {
        json_t *pks = json_array(), *ap = json_array();
        for (size_t i = 0; i < cm.n_partial_pks; i++)
            json_array_append_new(pks, hex_json(cm.partial_pks[i].ptr, cm.partial_pks[i].len));
        for (size_t i = 0; i < cm.n_approvals; i++)
            json_array_append_new(ap, addr_json(cm.approvals[i]));
        json_object_set_new(j, "proposal",
                            json_pack("{s:o,s:o,s:o,s:o}", "partial_pks", pks, "pk",
                                      hex_json(cm.pk.ptr, cm.pk.len), "messages_hash",
                                      hex_json(cm.messages_hash.ptr, cm.messages_hash.len),
                                      "approvals", ap));
    }
    if (cm.state == SEAL_ONCHAIN_STATE_FINALIZED) {
        uint8_t ks[32];
        bool found = false;
        if (seal_chain_committee_key_server(e.chain, id, ks, &found) == SEAL_OK && found)
            json_object_set_new(j, "key_server", key_server_json(e.chain, ks));
    }
    json_object_set_new(j, "upgrade", upgrade_json(e.chain, id, pkg));
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    return cli_tx_env_close(&e, print_json_flags(j, JSON_INDENT(1)));
}

/* ---- dispatch ------------------------------------------------------------------------------ */

const cli_cmd *const cli_committee_chain_cmds[] = {
    &cli_cmd_committee_init,
    &cli_cmd_committee_register,
    &cli_cmd_committee_propose,
    &cli_cmd_committee_init_rotation,
    &cli_cmd_committee_update_url,
    &cli_cmd_committee_approve_upgrade,
    &cli_cmd_committee_reject_upgrade,
    &cli_cmd_committee_reset_proposal,
    &cli_cmd_committee_upgrade,
    &cli_cmd_committee_show,
    NULL,
};

/* "propose-rotation" is "propose" (the committee says which). */
const cli_cmd *cli_committee_chain_find(const char *word) {
    if (strcmp(word, "propose-rotation") == 0)
        return &cli_cmd_committee_propose;
    for (size_t i = 0; cli_committee_chain_cmds[i] != NULL; i++) {
        const char *name = cli_committee_chain_cmds[i]->name + strlen("committee ");
        if (strcmp(name, word) == 0)
            return cli_committee_chain_cmds[i];
    }
    return NULL;
}

int cli_committee_chain_run(const cli_cmd *cmd, int argc, char **argv) {
    static char prog[96];
    snprintf(prog, sizeof prog, "seal %s", cmd->name);
    cli_progname = prog;
    return cmd->main(argc, argv);
}

void cli_committee_chain_usage(FILE *f) {
    for (size_t i = 0; cli_committee_chain_cmds[i] != NULL; i++)
        fprintf(f, "  %-20s %s\n", cli_committee_chain_cmds[i]->name + strlen("committee "),
                cli_committee_chain_cmds[i]->summary);
    fprintf(f, "  %-20s %s\n", "propose-rotation", "the same as propose (for a rotation)");
}
