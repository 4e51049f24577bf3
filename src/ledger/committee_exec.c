/*
 * The seal_committee package in signed transactions: Publish (a native package with its
 * UpgradeCap), MoveCalls to its functions, Upgrade (a new version from an UpgradeTicket, giving
 * an UpgradeReceipt). The ledger runs no Move bytecode: a Publish or Upgrade whose only module is
 * the bytes "seal_committee" stands for the upstream package (docs/ledger.md).
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/committee.h"
#include "ledger/exec.h"
#include "seal/sui.h"

#define MODULES_MAX 64

static const uint8_t FRAMEWORK[32] = {[31] = 2};

static bool eq_str(seal_sui_bytes b, const char *s) {
    size_t n = strlen(s);
    return b.len == n && memcmp(b.ptr, s, n) == 0;
}

static bool is_marker(const seal_sui_command *cmd) {
    return cmd->n_modules == 1 && eq_str(cmd->modules[0], SEAL__COMMITTEE_MODULES);
}

static int cmp32(const void *a, const void *b) {
    return memcmp(a, b, 32);
}

seal_err seal_ledger_committee_package_digest(uint8_t out[static 32], const uint8_t (*deps)[32],
                                              size_t n_deps) {
    /* Sui's MovePackage::compute_digest_for_modules_and_deps: BLAKE2b-256 of the sorted
     * BLAKE2b-256 digests of the modules and the dependency ids. */
    uint8_t(*parts)[32] = calloc(n_deps + 1, 32);
    if (parts == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_sui_blake2b256(parts[0], (const uint8_t *)SEAL__COMMITTEE_MODULES,
                        strlen(SEAL__COMMITTEE_MODULES), NULL, 0);
    if (n_deps)
        memcpy(parts[1], deps, 32 * n_deps);
    qsort(parts, n_deps + 1, 32, cmp32);
    seal_sui_blake2b256(out, (const uint8_t *)parts, 32 * (n_deps + 1), NULL, 0);
    free(parts);
    return SEAL_OK;
}

static void fail(exec_ctx *c, seal_ledger_status s, const char *msg) {
    seal__ledger_outcome_set(c->out, s, msg);
}

/* Writes an UpgradeCap { id, package, version, policy 0 } owned by the sender. */
static seal_err new_cap(exec_ctx *c, const uint8_t pkg[static 32], uint8_t id[static 32]) {
    seal__committee_ctx cc = {.t = c->t, .sender = c->sender, .out = c->out};
    seal_onchain_upgrade_cap cap = {.version = 1, .policy = 0};
    seal_ledger_object o;
    uint8_t tag[SEAL_LEDGER_TYPE_MAX_BYTES], contents[73];
    seal_bcs_writer w;
    size_t n =
        seal__ledger_struct_tag(tag, sizeof tag, FRAMEWORK, "package", "UpgradeCap", NULL, 0, 0);
    seal__committee_object_init(&cc, &o, tag, n, true);
    seal__ledger_tx_new_id(c->t, o.id);
    memcpy(cap.id, o.id, 32);
    memcpy(cap.package, pkg, 32);
    o.owner.kind = SEAL_SUI_OWNER_ADDRESS;
    memcpy(o.owner.address, c->sender, 32);
    seal_bcs_writer_init(&w, contents, sizeof contents);
    seal_onchain_upgrade_cap_encode(&w, &cap);
    memcpy(id, o.id, 32);
    return seal__committee_put(&cc, &o, contents, w.len);
}

seal_err seal__ledger_committee_publish(exec_ctx *c, const seal_sui_command *cmd) {
    uint8_t pkg[32], cap[32];
    seal_err err;
    if (!is_marker(cmd)) {
        fail(c, SEAL_LEDGER_UNSUPPORTED,
             "custom Move packages need a Sui node (Publish here: one module, the bytes "
             "\"seal_committee\")");
        return SEAL_OK;
    }
    seal__ledger_tx_new_id(c->t, pkg);
    if ((err = seal__ledger_pkg_put(&c->t->l->w, pkg, pkg, 1, SEAL__COMMITTEE_MODULES)) !=
            SEAL_OK ||
        (err = new_cap(c, pkg, cap)) != SEAL_OK)
        return err;
    return seal__ledger_exec_push(c, V_OBJECT, 0, cap);
}

/* Whether pkg is a native seal_committee package; its original id. */
static seal_err committee_package(exec_ctx *c, const uint8_t pkg[static 32],
                                  uint8_t original[static 32], uint64_t *version, bool *yes) {
    char modules[MODULES_MAX];
    bool found = false;
    seal_err err =
        seal__ledger_pkg_get(&c->t->l->w, pkg, original, version, modules, sizeof modules, &found);
    *yes = err == SEAL_OK && found && strcmp(modules, SEAL__COMMITTEE_MODULES) == 0;
    return err;
}

seal_err seal__ledger_committee_upgrade(exec_ctx *c, size_t index, const seal_sui_command *cmd) {
    uint8_t original[32], digest[32], pkg[32];
    uint64_t version = 0;
    bool yes = false, ok = false;
    xarg ticket;
    seal_err err;
    if ((err = committee_package(c, cmd->package, original, &version, &yes)) != SEAL_OK)
        return err;
    if (!yes || !is_marker(cmd)) {
        fail(c, SEAL_LEDGER_UNSUPPORTED,
             "custom Move packages need a Sui node (Upgrade here: a seal_committee package, one "
             "module, the bytes \"seal_committee\")");
        return SEAL_OK;
    }
    if ((err = seal__ledger_exec_arg(c, index, X_TICKET, &cmd->arg, &ticket, &ok)) != SEAL_OK ||
        !ok)
        return err;
    if (memcmp(ticket.v->id, cmd->package, 32) != 0) {
        fail(c, SEAL_LEDGER_UNSUPPORTED,
             "PackageUpgradeError: the package does not match the ticket's");
        return SEAL_OK;
    }
    if ((err = seal_ledger_committee_package_digest(digest, cmd->deps, cmd->n_deps)) != SEAL_OK)
        return err;
    if (memcmp(digest, ticket.v->digest, 32) != 0) {
        fail(c, SEAL_LEDGER_UNSUPPORTED,
             "PackageUpgradeError: the package digest does not match the ticket's");
        return SEAL_OK;
    }
    seal__ledger_tx_new_id(c->t, pkg);
    if ((err = seal__ledger_pkg_put(&c->t->l->w, pkg, original, version + 1,
                                    SEAL__COMMITTEE_MODULES)) != SEAL_OK ||
        (err = seal__ledger_exec_push(c, V_RECEIPT, 0, pkg)) != SEAL_OK)
        return err;
    memcpy(c->vals[c->n_vals - 1].cap, ticket.v->cap, 32);
    return SEAL_OK;
}

seal_err seal__ledger_committee_ptb(seal_ledger *l, const seal_sui_ptb *ptb, bool *yes) {
    char modules[MODULES_MAX];
    uint8_t original[32];
    uint64_t version = 0;
    bool found = false;
    seal_err err = SEAL_OK;
    *yes = false;
    for (size_t i = 0; i < ptb->n_commands && !*yes && err == SEAL_OK; i++) {
        const seal_sui_command *cmd = &ptb->commands[i];
        if (cmd->kind == SEAL_SUI_CMD_PUBLISH || cmd->kind == SEAL_SUI_CMD_UPGRADE) {
            *yes = is_marker(cmd);
        } else if (cmd->kind == SEAL_SUI_CMD_MOVE_CALL &&
                   memcmp(cmd->package, SEAL_LEDGER_SEAL_PACKAGE, 32) != 0 &&
                   memcmp(cmd->package, SEAL_LEDGER_PATTERNS_PACKAGE, 32) != 0 &&
                   memcmp(cmd->package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32) != 0) {
            err = seal__ledger_pkg_get(&l->r, cmd->package, original, &version, modules,
                                       sizeof modules, &found);
            *yes = err == SEAL_OK && found && strcmp(modules, SEAL__COMMITTEE_MODULES) == 0;
        }
    }
    return err;
}

/* ---- MoveCalls ------------------------------------------------------------------------------ */

typedef enum fn_id {
    F_INIT,
    F_INIT_ROTATION,
    F_REGISTER,
    F_PROPOSE,
    F_PROPOSE_ROTATION,
    F_UPDATE_URL,
    F_APPROVE,
    F_REJECT,
    F_AUTHORIZE,
    F_COMMIT,
    F_RESET,
    F_NOT_EXECUTED
} fn_id;

typedef struct fn_def {
    const char *name;
    fn_id id;
    size_t n;
    xkind params[5];
} fn_def;

static const fn_def FNS[] = {
    {"init_committee", F_INIT, 3, {X_VALUE, X_U16, X_VEC_ADDRESS}},
    {"init_rotation", F_INIT_ROTATION, 3, {X_REF, X_U16, X_VEC_ADDRESS}},
    {"register", F_REGISTER, 5, {X_MUT, X_BYTES, X_BYTES, X_STRING, X_STRING}},
    {"propose", F_PROPOSE, 4, {X_MUT, X_VEC_BYTES, X_BYTES, X_BYTES}},
    {"propose_for_rotation", F_PROPOSE_ROTATION, 4, {X_MUT, X_VEC_BYTES, X_BYTES, X_SHARED_VALUE}},
    {"update_member_url", F_UPDATE_URL, 2, {X_MUT, X_STRING}},
    {"approve_digest_for_upgrade", F_APPROVE, 2, {X_MUT, X_BYTES}},
    {"reject_digest_for_upgrade", F_REJECT, 1, {X_MUT}},
    {"authorize_upgrade", F_AUTHORIZE, 1, {X_MUT}},
    {"commit_upgrade", F_COMMIT, 2, {X_MUT, X_RECEIPT}},
    {"reset_proposal", F_RESET, 1, {X_MUT}},
    {"is_finalized", F_NOT_EXECUTED, 0, {0}},
};

/* The elements of a BCS vector<vector<u8>> that decoded (execute.c checked it). */
static seal_err split_vec(const xarg *a, seal_sui_bytes **out) {
    seal_bcs_reader r;
    size_t n = 0;
    *out = calloc(a->count ? a->count : 1, sizeof **out);
    if (*out == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_bcs_reader_init(&r, a->bytes, a->len);
    if (seal_bcs_read_len(&r, a->len, &n) != SEAL_OK || n != a->count)
        return SEAL_ERR_INTERNAL;
    for (size_t i = 0; i < n; i++)
        if (seal_bcs_read_bytes(&r, a->len, &(*out)[i].ptr, &(*out)[i].len) != SEAL_OK)
            return SEAL_ERR_INTERNAL;
    return SEAL_OK;
}

static seal_sui_bytes b(const xarg *a) {
    return (seal_sui_bytes){a->bytes, a->len};
}

seal_err seal__ledger_committee_call(exec_ctx *c, size_t index, const seal_sui_command *cmd,
                                     bool *handled) {
    seal__committee_ctx cc = {.t = c->t, .sender = c->sender, .out = c->out};
    seal__committee_upgrade u;
    const fn_def *def = NULL;
    seal_sui_bytes *vec = NULL;
    uint64_t version = 0;
    bool yes = false, ok = false;
    xarg a[5];
    seal_err err;
    *handled = false;
    if ((err = committee_package(c, cmd->package, cc.original, &version, &yes)) != SEAL_OK || !yes)
        return err;
    *handled = true;
    memcpy(cc.pkg, cmd->package, 32);
    if (!eq_str(cmd->module, "seal_committee")) {
        fail(c, SEAL_LEDGER_FUNCTION_NOT_FOUND, "module not found in package");
        return SEAL_OK;
    }
    for (size_t i = 0; i < sizeof FNS / sizeof FNS[0]; i++)
        if (eq_str(cmd->function, FNS[i].name))
            def = &FNS[i];
    if (def == NULL) {
        fail(c, SEAL_LEDGER_FUNCTION_NOT_FOUND, "function not found in module");
        return SEAL_OK;
    }
    if (def->id == F_NOT_EXECUTED) {
        fail(c, SEAL_LEDGER_FUNCTION_NOT_FOUND, "function not visible outside its package");
        return SEAL_OK;
    }
    if (cmd->n_type_args != 0 || cmd->n_args != def->n) {
        fail(c, SEAL_LEDGER_ARITY_MISMATCH, "wrong number of arguments or type arguments");
        return SEAL_OK;
    }
    for (size_t i = 0; i < def->n; i++)
        if ((err = seal__ledger_exec_arg(c, index, def->params[i], &cmd->args[i], &a[i], &ok)) !=
                SEAL_OK ||
            !ok)
            return err;
    memset(&u, 0, sizeof u);
    switch (def->id) {
    case F_INIT:
        err = seal__committee_init(&cc, a[0].id, (uint16_t)a[1].u64,
                                   (const uint8_t(*)[32])a[2].bytes, a[2].count);
        break;
    case F_INIT_ROTATION:
        err = seal__committee_init_rotation(&cc, a[0].id, (uint16_t)a[1].u64,
                                            (const uint8_t(*)[32])a[2].bytes, a[2].count);
        break;
    case F_REGISTER:
        err = seal__committee_register(&cc, a[0].id, b(&a[1]), b(&a[2]), b(&a[3]), b(&a[4]));
        break;
    case F_PROPOSE:
        if ((err = split_vec(&a[1], &vec)) == SEAL_OK)
            err = seal__committee_propose(&cc, a[0].id, vec, a[1].count, b(&a[2]), b(&a[3]));
        break;
    case F_PROPOSE_ROTATION:
        if ((err = split_vec(&a[1], &vec)) == SEAL_OK)
            err = seal__committee_propose_for_rotation(&cc, a[0].id, vec, a[1].count, b(&a[2]),
                                                       a[3].id);
        break;
    case F_UPDATE_URL:
        err = seal__committee_update_member_url(&cc, a[0].id, b(&a[1]));
        break;
    case F_APPROVE:
        u.digest = b(&a[1]);
        err = seal__committee_upgrade_vote(&cc, a[0].id, SEAL__COMMITTEE_APPROVE, &u);
        break;
    case F_REJECT:
        err = seal__committee_upgrade_vote(&cc, a[0].id, SEAL__COMMITTEE_REJECT, &u);
        break;
    case F_RESET:
        err = seal__committee_upgrade_vote(&cc, a[0].id, SEAL__COMMITTEE_RESET, &u);
        break;
    case F_AUTHORIZE:
        err = seal__committee_upgrade_vote(&cc, a[0].id, SEAL__COMMITTEE_AUTHORIZE, &u);
        if (err == SEAL_OK && c->out->status == SEAL_LEDGER_SUCCESS &&
            (err = seal__ledger_exec_push(c, V_TICKET, 0, u.package)) == SEAL_OK) {
            value *v = &c->vals[c->n_vals - 1];
            memcpy(v->cap, u.cap_id, 32);
            memcpy(v->digest, u.digest_out, 32);
            v->policy = u.policy;
        }
        break;
    case F_COMMIT:
        memcpy(u.cap_id, a[1].v->cap, 32);
        memcpy(u.package, a[1].v->id, 32);
        err = seal__committee_upgrade_vote(&cc, a[0].id, SEAL__COMMITTEE_COMMIT, &u);
        break;
    default:
        err = SEAL_ERR_INTERNAL;
        break;
    }
    free(vec);
    return err;
}
