/*
 * Signed transactions: TransactionData V1 with a ProgrammableTransaction, signature checks,
 * Sui's input checks, a small PTB interpreter (MoveCall to the native entry functions,
 * SplitCoins of the gas coin, TransferObjects), effects, and the record of executed
 * transactions (docs/ledger.md, "Signed transactions").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/audit_log.h"
#include "ledger/exec.h"
#include "ledger/internal.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

#define TAG_MAX 256
#define EFFECTS_FORMAT 1

typedef seal_err (*exec_fn)(exec_ctx *c, const xarg *a);

typedef struct exec_def {
    const uint8_t *pkg;
    const char *module;
    const char *function;
    exec_fn fn; /* NULL: published but not executable here (message says why) */
    size_t n_params;
    xkind params[5];
} exec_def;

static void fail(seal_ledger_outcome *o, seal_ledger_status s, const char *msg) {
    seal__ledger_outcome_set(o, s, msg);
}

static void fail_object(seal_ledger_outcome *o, seal_ledger_status s, const uint8_t id[static 32],
                        const char *msg) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES], m[SEAL_LEDGER_MESSAGE_BYTES];
    seal_sui_address_format(hex, id);
    snprintf(m, sizeof m, "%s: %s", msg, hex);
    seal__ledger_outcome_set(o, s, m);
    memcpy(o->object_id, id, 32);
}

seal_err seal__ledger_exec_push(exec_ctx *c, vkind kind, uint64_t amount, const uint8_t *id) {
    if (c->n_vals == c->cap_vals) {
        size_t n = c->cap_vals ? 2 * c->cap_vals : 8;
        value *v = realloc(c->vals, n * sizeof *v);
        if (v == NULL)
            return SEAL_ERR_NO_MEMORY;
        c->vals = v;
        c->cap_vals = n;
    }
    value *v = &c->vals[c->n_vals++];
    memset(v, 0, sizeof *v);
    v->kind = kind;
    v->amount = amount;
    if (id != NULL)
        memcpy(v->id, id, 32);
    return SEAL_OK;
}

/* The value a Result / NestedResult argument names (NULL with the outcome set otherwise). */
static value *result_value(exec_ctx *c, size_t cmd_index, const seal_sui_argument *a) {
    size_t k = a->index, j = a->kind == SEAL_SUI_ARG_RESULT ? 0 : a->result_index;
    if (k >= cmd_index) {
        fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "result of a later command");
        return NULL;
    }
    if ((a->kind == SEAL_SUI_ARG_RESULT && c->count[k] != 1) || j >= c->count[k]) {
        fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "no such result value");
        return NULL;
    }
    value *v = &c->vals[c->first[k] + j];
    if (v->used) {
        fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "result value already moved");
        return NULL;
    }
    return v;
}

/* Decodes one argument for a parameter; false with the outcome set when it does not fit. */
seal_err seal__ledger_exec_arg(exec_ctx *c, size_t cmd_index, xkind kind,
                               const seal_sui_argument *a, xarg *x, bool *ok) {
    const seal_sui_ptb *ptb = c->ptb;
    *ok = false;
    memset(x, 0, sizeof *x);
    if (kind == X_COIN || kind == X_TICKET || kind == X_RECEIPT ||
        (kind == X_VALUE && a->kind != SEAL_SUI_ARG_INPUT)) {
        if (a->kind == SEAL_SUI_ARG_GAS_COIN) {
            fail(c->out, SEAL_LEDGER_UNSUPPORTED, "the gas coin can only be split here");
            return SEAL_OK;
        }
        if (a->kind != SEAL_SUI_ARG_RESULT && a->kind != SEAL_SUI_ARG_NESTED_RESULT) {
            fail(c->out, SEAL_LEDGER_TYPE_MISMATCH,
                 kind == X_COIN ? "Coin<SUI> parameter: pass a coin split from the gas coin"
                                : "by-value object parameter given a pure value");
            return SEAL_OK;
        }
        value *v = result_value(c, cmd_index, a);
        if (v == NULL)
            return SEAL_OK;
        if (v->kind != (kind == X_COIN      ? V_COIN
                        : kind == X_TICKET  ? V_TICKET
                        : kind == X_RECEIPT ? V_RECEIPT
                                            : V_OBJECT)) {
            fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "result value of the wrong type");
            return SEAL_OK;
        }
        v->used = true;
        x->u64 = v->amount;
        x->id = v->id;
        x->v = v;
        *ok = true;
        return SEAL_OK;
    }
    if (a->kind != SEAL_SUI_ARG_INPUT || a->index >= ptb->n_inputs) {
        fail(c->out, SEAL_LEDGER_UNSUPPORTED, "only transaction inputs are supported here");
        return SEAL_OK;
    }
    const seal_sui_call_arg *in = &ptb->inputs[a->index];
    if (kind == X_MUT || kind == X_REF || kind == X_VALUE || kind == X_SHARED_VALUE) {
        if (in->kind != SEAL_SUI_CALL_ARG_OBJECT) {
            fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "object parameter given a pure value");
            return SEAL_OK;
        }
        if ((kind == X_MUT || kind == X_SHARED_VALUE) &&
            in->object_kind == SEAL_SUI_OBJECT_SHARED &&
            in->mutability == SEAL_SUI_SHARED_IMMUTABLE) {
            fail_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, in->object.id,
                        "InvalidObjectByMutRef: immutable shared input passed by &mut");
            return SEAL_OK;
        }
        if (kind == X_SHARED_VALUE && in->object_kind != SEAL_SUI_OBJECT_SHARED) {
            fail_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, in->object.id,
                        "shared object parameter given an owned object");
            return SEAL_OK;
        }
        if (kind == X_VALUE && in->object_kind != SEAL_SUI_OBJECT_IMM_OR_OWNED) {
            fail_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, in->object.id,
                        "shared object passed by value");
            return SEAL_OK;
        }
        x->id = in->object.id;
        *ok = true;
        return SEAL_OK;
    }
    if (in->kind != SEAL_SUI_CALL_ARG_PURE) {
        fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "pure parameter given an object");
        return SEAL_OK;
    }
    const uint8_t *p = in->pure.ptr;
    size_t n = in->pure.len;
    switch (kind) {
    case X_ADDRESS:
        if (n != 32)
            goto bad;
        x->bytes = p;
        x->len = 32;
        break;
    case X_U64:
        if (n != 8)
            goto bad;
        for (size_t i = 0; i < 8; i++)
            x->u64 |= (uint64_t)p[i] << (8 * i);
        break;
    case X_U8:
        if (n != 1)
            goto bad;
        x->u64 = p[0];
        break;
    case X_U16:
        if (n != 2)
            goto bad;
        x->u64 = (uint64_t)p[0] | (uint64_t)p[1] << 8;
        break;
    case X_VEC_ADDRESS: {
        seal_bcs_reader r;
        const uint8_t *q = NULL;
        seal_bcs_reader_init(&r, p, n);
        if (seal_bcs_read_len(&r, n / 32, &x->count) != SEAL_OK ||
            seal_bcs_read_borrow(&r, &q, 32 * x->count) != SEAL_OK ||
            seal_bcs_reader_finish(&r) != SEAL_OK)
            goto bad;
        x->bytes = q;
        break;
    }
    case X_VEC_BYTES: {
        seal_bcs_reader r;
        const uint8_t *q = NULL;
        size_t m = 0;
        seal_bcs_reader_init(&r, p, n);
        if (seal_bcs_read_len(&r, n, &x->count) != SEAL_OK)
            goto bad;
        for (size_t i = 0; i < x->count; i++)
            if (seal_bcs_read_bytes(&r, n, &q, &m) != SEAL_OK)
                goto bad;
        if (seal_bcs_reader_finish(&r) != SEAL_OK)
            goto bad;
        x->bytes = p;
        x->len = n;
        break;
    }
    default: { /* X_STRING, X_BYTES */
        seal_bcs_reader r;
        seal_bcs_reader_init(&r, p, n);
        if (seal_bcs_read_bytes(&r, n, &x->bytes, &x->len) != SEAL_OK ||
            seal_bcs_reader_finish(&r) != SEAL_OK)
            goto bad;
        if (kind == X_STRING && !seal_utf8_valid(x->bytes, x->len))
            goto bad;
        break;
    }
    }
    *ok = true;
    return SEAL_OK;
bad:
    fail(c->out, SEAL_LEDGER_INVALID_BCS, "pure argument does not decode as the parameter type");
    return SEAL_OK;
}

/* ---- handlers ------------------------------------------------------------------------------- */

static seal_err h_key_server_register(exec_ctx *c, const xarg *a) {
    uint8_t id[32];
    return seal__ledger_key_server_register(c->t, c->sender, a[0].bytes, a[0].len, a[1].bytes,
                                            a[1].len, (uint8_t)a[2].u64, a[3].bytes, a[3].len, id,
                                            c->out);
}

static seal_err h_whitelist_create(exec_ctx *c, const xarg *a) {
    uint8_t wl[32], cap[32];
    (void)a;
    return seal__ledger_whitelist_create(c->t, c->sender, wl, cap, c->out);
}

static seal_err h_whitelist_add(exec_ctx *c, const xarg *a) {
    return seal__ledger_whitelist_change(c->t, c->sender, a[0].id, a[1].id, a[2].bytes, true,
                                         c->out);
}

static seal_err h_whitelist_remove(exec_ctx *c, const xarg *a) {
    return seal__ledger_whitelist_change(c->t, c->sender, a[0].id, a[1].id, a[2].bytes, false,
                                         c->out);
}

static seal_err h_allowlist_create(exec_ctx *c, const xarg *a) {
    uint8_t al[32], cap[32];
    return seal__ledger_allowlist_create(c->t, c->sender, a[0].bytes, a[0].len, al, cap, c->out);
}

static seal_err h_allowlist_add(exec_ctx *c, const xarg *a) {
    return seal__ledger_allowlist_change(c->t, c->sender, a[0].id, a[1].id, a[2].bytes, true,
                                         c->out);
}

static seal_err h_allowlist_remove(exec_ctx *c, const xarg *a) {
    return seal__ledger_allowlist_change(c->t, c->sender, a[0].id, a[1].id, a[2].bytes, false,
                                         c->out);
}

static seal_err h_allowlist_publish(exec_ctx *c, const xarg *a) {
    return seal__ledger_example_publish(c->t, c->sender, true, a[0].id, a[1].id, a[2].bytes,
                                        a[2].len, c->out);
}

static seal_err h_example_publish(exec_ctx *c, const xarg *a) {
    return seal__ledger_example_publish(c->t, c->sender, false, a[0].id, a[1].id, a[2].bytes,
                                        a[2].len, c->out);
}

static seal_err h_service_create(exec_ctx *c, const xarg *a) {
    uint8_t svc[32], cap[32];
    return seal__ledger_service_create(c->t, c->sender, false, a[0].u64, a[1].u64, NULL, 0, svc,
                                       cap, c->out);
}

static seal_err h_example_service_create(exec_ctx *c, const xarg *a) {
    uint8_t svc[32], cap[32];
    return seal__ledger_service_create(c->t, c->sender, true, a[0].u64, a[1].u64, a[2].bytes,
                                       a[2].len, svc, cap, c->out);
}

static seal_err subscribe(exec_ctx *c, const xarg *a, bool example) {
    uint8_t sub[32];
    seal_err err;
    if (memcmp(a[2].id, SEAL_LEDGER_CLOCK_ID, 32) != 0) {
        fail_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, a[2].id, "object of the wrong type");
        return SEAL_OK;
    }
    err = seal__ledger_subscribe(c->t, c->sender, example, a[1].id, a[0].u64, sub, c->out);
    if (err == SEAL_OK && c->out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_exec_push(c, V_OBJECT, 0, sub);
    return err;
}

static seal_err h_subscribe(exec_ctx *c, const xarg *a) {
    return subscribe(c, a, false);
}

static seal_err h_example_subscribe(exec_ctx *c, const xarg *a) {
    return subscribe(c, a, true);
}

/* Moves an object owned by the sender to `to` (Move transfer::transfer / public_transfer). With
 * type_pkg set, the object must be type_pkg::module::name (a module's own transfer function);
 * otherwise it needs `store` (TransferObjects). */
static seal_err transfer_object(exec_ctx *c, const uint8_t id[static 32], const uint8_t *to,
                                const uint8_t *type_pkg, const char *module, const char *name) {
    seal_ledger_object o;
    bool found = false;
    seal_err err;
    if ((err = seal__ledger_obj_get(&c->t->l->w, id, &o, &found)) != SEAL_OK)
        return err;
    if (!found) {
        fail_object(c->out, SEAL_LEDGER_OBJECT_NOT_FOUND, id, "object not found");
        goto out;
    }
    if (o.owner.kind != SEAL_SUI_OWNER_ADDRESS || memcmp(o.owner.address, c->sender, 32) != 0) {
        fail_object(c->out, SEAL_LEDGER_WRONG_OWNER, id, "object is not owned by the sender");
        goto out;
    }
    if (type_pkg != NULL) {
        uint8_t tag[TAG_MAX];
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, tag, sizeof tag);
        seal_bcs_write_u8(&w, SEAL_SUI_TYPE_STRUCT);
        seal_bcs_write_fixed(&w, type_pkg, 32);
        seal_bcs_write_bytes(&w, (const uint8_t *)module, strlen(module));
        seal_bcs_write_bytes(&w, (const uint8_t *)name, strlen(name));
        seal_bcs_write_uleb128(&w, 0);
        if (o.type_len != w.len || memcmp(o.type, tag, w.len) != 0) {
            fail_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, id, "object of the wrong type");
            goto out;
        }
    } else if (!o.has_public_transfer) {
        fail_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, id,
                    "InvalidTransferObject: the object's type has no store ability");
        goto out;
    }
    memcpy(o.owner.address, to, 32);
    o.version = c->t->lamport;
    memcpy(o.previous_transaction, c->t->digest, 32);
    err = seal__ledger_tx_put(c->t, &o);
out:
    seal_ledger_object_clear(&o);
    return err;
}

static seal_err h_subscription_transfer(exec_ctx *c, const xarg *a) {
    return transfer_object(c, a[0].id, a[1].bytes, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription",
                           "Subscription");
}

static seal_err h_example_transfer(exec_ctx *c, const xarg *a) {
    return transfer_object(c, a[0].id, a[1].bytes, SEAL_LEDGER_EXAMPLES_PACKAGE, "subscription",
                           "Subscription");
}

static seal_err h_private_data_store_entry(exec_ctx *c, const xarg *a) {
    uint8_t id[32];
    return seal__ledger_private_data_store(c->t, c->sender, a[0].bytes, a[0].len, a[1].bytes,
                                           a[1].len, id, c->out);
}

static seal_err h_private_data_store(exec_ctx *c, const xarg *a) {
    uint8_t id[32];
    seal_err err = seal__ledger_private_data_store(c->t, c->sender, a[0].bytes, a[0].len,
                                                   a[1].bytes, a[1].len, id, c->out);
    if (err == SEAL_OK && c->out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_exec_push(c, V_OBJECT, 0, id);
    return err;
}

static seal_err h_voting_cast(exec_ctx *c, const xarg *a) {
    return seal__ledger_voting_cast(c->t, c->sender, a[0].id, a[1].bytes, a[1].len, c->out);
}

/* finalize_vote(&mut Vote, &vector<vector<u8>>, &vector<address>): elements that are not 48
 * bytes become an invalid G1 encoding, so g1_from_bytes aborts where Move would. */
static seal_err h_voting_finalize(exec_ctx *c, const xarg *a) {
    uint8_t(*keys)[48] = NULL;
    uint64_t counts[256];
    uint8_t n_options = 0;
    seal_bcs_reader r;
    size_t n = 0;
    seal_err err;
    seal_bcs_reader_init(&r, a[1].bytes, a[1].len);
    if (seal_bcs_read_len(&r, a[1].len, &n) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    if ((keys = calloc(n ? n : 1, sizeof *keys)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    for (size_t i = 0; i < n; i++) {
        const uint8_t *q = NULL;
        size_t m = 0;
        if (seal_bcs_read_bytes(&r, a[1].len, &q, &m) != SEAL_OK) {
            free(keys);
            return SEAL_ERR_INTERNAL;
        }
        if (m == 48)
            memcpy(keys[i], q, 48);
        else
            memset(keys[i], 0xff, 48);
    }
    err = seal__ledger_voting_finalize(c->t, a[0].id, (const uint8_t(*)[48])keys, n, a[2].count,
                                       (const uint8_t(*)[32])a[2].bytes, counts, 256, &n_options,
                                       c->out);
    free(keys);
    return err; /* the VoteResult has drop: nothing to keep */
}

/* audit_log (audit_log.c) */
static seal_err h_audit_log_create(exec_ctx *c, const xarg *a) {
    uint8_t id[32];
    return seal__ledger_audit_log_create(c->t, c->sender, a[0].bytes, a[0].len, id, c->out);
}

static seal_err h_audit_log_anchor(exec_ctx *c, const xarg *a) {
    return seal__ledger_audit_log_anchor(c->t, a[0].id, a[1].u64, a[2].u64, a[3].bytes, a[3].len,
                                         a[4].bytes, a[4].len, c->out);
}

#define SEAL SEAL_LEDGER_SEAL_PACKAGE
#define PAT SEAL_LEDGER_PATTERNS_PACKAGE
#define EXA SEAL_LEDGER_EXAMPLES_PACKAGE
#define AUD SEAL_LEDGER_AUDIT_PACKAGE

static const exec_def EXEC[] = {
    {SEAL,
     "key_server",
     "create_and_transfer_v2_independent_server",
     h_key_server_register,
     4,
     {X_STRING, X_STRING, X_U8, X_BYTES}},
    {PAT, "whitelist", "create_whitelist_entry", h_whitelist_create, 0, {0}},
    {PAT, "whitelist", "add", h_whitelist_add, 3, {X_MUT, X_REF, X_ADDRESS}},
    {PAT, "whitelist", "remove", h_whitelist_remove, 3, {X_MUT, X_REF, X_ADDRESS}},
    {PAT, "subscription", "create_service_entry", h_service_create, 2, {X_U64, X_U64}},
    {PAT, "subscription", "subscribe", h_subscribe, 3, {X_COIN, X_REF, X_REF}},
    {PAT, "subscription", "transfer", h_subscription_transfer, 2, {X_VALUE, X_ADDRESS}},
    {PAT, "private_data", "store_entry", h_private_data_store_entry, 2, {X_BYTES, X_BYTES}},
    {PAT, "private_data", "store", h_private_data_store, 2, {X_BYTES, X_BYTES}},
    {PAT, "voting", "cast_vote", h_voting_cast, 2, {X_MUT, X_BYTES}},
    {PAT, "voting", "finalize_vote", h_voting_finalize, 3, {X_MUT, X_VEC_BYTES, X_VEC_ADDRESS}},
    {EXA, "allowlist", "create_allowlist_entry", h_allowlist_create, 1, {X_STRING}},
    {EXA, "allowlist", "add", h_allowlist_add, 3, {X_MUT, X_REF, X_ADDRESS}},
    {EXA, "allowlist", "remove", h_allowlist_remove, 3, {X_MUT, X_REF, X_ADDRESS}},
    {EXA, "allowlist", "publish", h_allowlist_publish, 3, {X_MUT, X_REF, X_STRING}},
    {EXA,
     "subscription",
     "create_service_entry",
     h_example_service_create,
     3,
     {X_U64, X_U64, X_STRING}},
    {EXA, "subscription", "subscribe", h_example_subscribe, 3, {X_COIN, X_REF, X_REF}},
    {EXA, "subscription", "transfer", h_example_transfer, 2, {X_VALUE, X_ADDRESS}},
    {EXA, "subscription", "publish", h_example_publish, 3, {X_MUT, X_REF, X_STRING}},
    {AUD, "audit_log", "create", h_audit_log_create, 1, {X_BYTES}},
    {AUD, "audit_log", "anchor", h_audit_log_anchor, 5, {X_MUT, X_U64, X_U64, X_BYTES, X_BYTES}},
    /* Published functions the ledger does not execute in a signed transaction. */
    {SEAL, "time", "check_staleness", NULL, 0, {0}},
    {PAT, "whitelist", "seal_approve", NULL, 0, {0}},
    {PAT, "whitelist", "create_whitelist", NULL, 0, {0}},
    {PAT, "whitelist", "share_whitelist", NULL, 0, {0}},
    {PAT, "account_based", "seal_approve", NULL, 0, {0}},
    {PAT, "tle", "seal_approve", NULL, 0, {0}},
    {PAT, "subscription", "seal_approve", NULL, 0, {0}},
    {PAT, "subscription", "create_service", NULL, 0, {0}},
    {PAT, "private_data", "seal_approve", NULL, 0, {0}},
    {PAT, "voting", "seal_approve", NULL, 0, {0}},
    {PAT, "voting", "create_vote", NULL, 0, {0}},
    {EXA, "allowlist", "seal_approve", NULL, 0, {0}},
    {EXA, "allowlist", "create_allowlist", NULL, 0, {0}},
    {EXA, "allowlist", "namespace", NULL, 0, {0}},
    {EXA, "subscription", "seal_approve", NULL, 0, {0}},
    {EXA, "subscription", "create_service", NULL, 0, {0}},
};

static const uint8_t *const PACKAGES[] = {SEAL, PAT, EXA, AUD};

static bool bytes_eq_str(seal_sui_bytes b, const char *s) {
    size_t n = strlen(s);
    return b.len == n && memcmp(b.ptr, s, n) == 0;
}

/* ---- commands ------------------------------------------------------------------------------- */

static seal_err run_move_call(exec_ctx *c, size_t index, const seal_sui_command *cmd) {
    const exec_def *def = NULL;
    bool known_pkg = false, known_module = false;
    xarg args[5];
    seal_err err;
    for (size_t i = 0; i < sizeof PACKAGES / sizeof PACKAGES[0]; i++)
        if (memcmp(cmd->package, PACKAGES[i], 32) == 0)
            known_pkg = true;
    if (!known_pkg) {
        bool handled = false;
        if ((err = seal__ledger_committee_call(c, index, cmd, &handled)) != SEAL_OK || handled)
            return err;
        fail_object(c->out, SEAL_LEDGER_OBJECT_NOT_FOUND, cmd->package,
                    "package not found (custom Move packages need a Sui node)");
        return SEAL_OK;
    }
    for (size_t i = 0; i < sizeof EXEC / sizeof EXEC[0]; i++) {
        const exec_def *f = &EXEC[i];
        if (memcmp(f->pkg, cmd->package, 32) != 0 || !bytes_eq_str(cmd->module, f->module))
            continue;
        known_module = true;
        if (bytes_eq_str(cmd->function, f->function))
            def = f;
    }
    if (def == NULL) {
        fail(c->out, SEAL_LEDGER_FUNCTION_NOT_FOUND,
             known_module ? "function not found in module" : "module not found in package");
        return SEAL_OK;
    }
    if (def->fn == NULL) {
        fail(c->out, SEAL_LEDGER_UNSUPPORTED,
             "this function is not executed by the ledger (read-only functions: dry run)");
        return SEAL_OK;
    }
    if (cmd->n_type_args != 0 || cmd->n_args != def->n_params) {
        fail(c->out, SEAL_LEDGER_ARITY_MISMATCH, "wrong number of arguments or type arguments");
        return SEAL_OK;
    }
    for (size_t i = 0; i < def->n_params; i++) {
        bool ok = false;
        if ((err = seal__ledger_exec_arg(c, index, def->params[i], &cmd->args[i], &args[i], &ok)) !=
                SEAL_OK ||
            !ok)
            return err;
    }
    return def->fn(c, args);
}

static seal_err run_split_coins(exec_ctx *c, const seal_sui_command *cmd) {
    if (cmd->arg.kind != SEAL_SUI_ARG_GAS_COIN) {
        fail(c->out, SEAL_LEDGER_UNSUPPORTED, "coins are not modelled: split the gas coin only");
        return SEAL_OK;
    }
    for (size_t i = 0; i < cmd->n_args; i++) {
        const seal_sui_argument *a = &cmd->args[i];
        if (a->kind != SEAL_SUI_ARG_INPUT || a->index >= c->ptb->n_inputs ||
            c->ptb->inputs[a->index].kind != SEAL_SUI_CALL_ARG_PURE) {
            fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "split amounts must be pure u64 inputs");
            return SEAL_OK;
        }
        const seal_sui_bytes *p = &c->ptb->inputs[a->index].pure;
        if (p->len != 8) {
            fail(c->out, SEAL_LEDGER_INVALID_BCS, "split amount is not a u64");
            return SEAL_OK;
        }
        uint64_t v = 0;
        for (size_t k = 0; k < 8; k++)
            v |= (uint64_t)p->ptr[k] << (8 * k);
        seal_err err = seal__ledger_exec_push(c, V_COIN, v, NULL);
        if (err != SEAL_OK)
            return err;
    }
    return SEAL_OK;
}

static seal_err run_transfer_objects(exec_ctx *c, size_t index, const seal_sui_command *cmd) {
    const seal_sui_argument *to = &cmd->arg;
    seal_err err;
    if (to->kind != SEAL_SUI_ARG_INPUT || to->index >= c->ptb->n_inputs ||
        c->ptb->inputs[to->index].kind != SEAL_SUI_CALL_ARG_PURE ||
        c->ptb->inputs[to->index].pure.len != 32) {
        fail(c->out, SEAL_LEDGER_TYPE_MISMATCH, "recipient must be a pure address input");
        return SEAL_OK;
    }
    const uint8_t *addr = c->ptb->inputs[to->index].pure.ptr;
    for (size_t i = 0; i < cmd->n_args; i++) {
        xarg x;
        bool ok = false;
        if ((err = seal__ledger_exec_arg(c, index, X_VALUE, &cmd->args[i], &x, &ok)) != SEAL_OK ||
            !ok)
            return err;
        if ((err = transfer_object(c, x.id, addr, NULL, NULL, NULL)) != SEAL_OK ||
            c->out->status != SEAL_LEDGER_SUCCESS)
            return err;
    }
    return SEAL_OK;
}

static seal_err run_commands(exec_ctx *c) {
    seal_err err = SEAL_OK;
    for (size_t i = 0; i < c->ptb->n_commands && c->out->status == SEAL_LEDGER_SUCCESS; i++) {
        const seal_sui_command *cmd = &c->ptb->commands[i];
        c->out->command = (uint16_t)i;
        c->first[i] = c->n_vals;
        switch (cmd->kind) {
        case SEAL_SUI_CMD_MOVE_CALL:
            err = run_move_call(c, i, cmd);
            break;
        case SEAL_SUI_CMD_SPLIT_COINS:
            err = run_split_coins(c, cmd);
            break;
        case SEAL_SUI_CMD_TRANSFER_OBJECTS:
            err = run_transfer_objects(c, i, cmd);
            break;
        case SEAL_SUI_CMD_PUBLISH:
            err = seal__ledger_committee_publish(c, cmd);
            break;
        case SEAL_SUI_CMD_UPGRADE:
            err = seal__ledger_committee_upgrade(c, i, cmd);
            break;
        default:
            fail(c->out, SEAL_LEDGER_UNSUPPORTED,
                 "command not supported by the ledger (MoveCall, SplitCoins, TransferObjects, "
                 "Publish and Upgrade of seal_committee)");
            break;
        }
        c->count[i] = c->n_vals - c->first[i];
        if (err != SEAL_OK)
            return err;
    }
    if (c->out->status != SEAL_LEDGER_SUCCESS)
        return SEAL_OK;
    for (size_t i = 0; i < c->n_vals; i++) {
        if (!c->vals[i].used) {
            fail(c->out, SEAL_LEDGER_UNSUPPORTED,
                 "UnusedValueWithoutDrop: a command's result was neither transferred nor used");
            return SEAL_OK;
        }
    }
    c->out->command = 0;
    return SEAL_OK;
}

/* ---- inputs --------------------------------------------------------------------------------- */

/* Sui's checks on the transaction's object inputs; computes the Lamport version. */
static seal_err check_inputs(seal__ledger_tx *t, const seal_sui_ptb *ptb,
                             const uint8_t sender[static 32], seal_ledger_outcome *out) {
    seal_err err = SEAL_OK;
    uint64_t max_version = 0;
    seal__ledger_check_input_refs(ptb, out);
    for (size_t i = 0; i < ptb->n_inputs && out->status == SEAL_LEDGER_SUCCESS; i++) {
        const seal_sui_call_arg *in = &ptb->inputs[i];
        seal_ledger_object o;
        bool found = false;
        if (in->kind == SEAL_SUI_CALL_ARG_PURE)
            continue;
        if (in->kind != SEAL_SUI_CALL_ARG_OBJECT) {
            fail(out, SEAL_LEDGER_UNSUPPORTED, "funds withdrawal inputs are not supported");
            break;
        }
        const uint8_t *id = in->object.id;
        if (in->object_kind == SEAL_SUI_OBJECT_RECEIVING) {
            fail_object(out, SEAL_LEDGER_UNSUPPORTED, id, "receiving arguments not supported");
            break;
        }
        if ((err = seal__ledger_obj_get(&t->l->w, id, &o, &found)) != SEAL_OK)
            return err;
        if (!found) {
            fail_object(out, SEAL_LEDGER_OBJECT_NOT_FOUND, id, "object not found");
            break;
        }
        if (in->object_kind == SEAL_SUI_OBJECT_SHARED) {
            if (o.owner.kind != SEAL_SUI_OWNER_SHARED)
                fail_object(out, SEAL_LEDGER_WRONG_OWNER, id, "object is not shared");
            else if (o.owner.version != in->initial_shared_version)
                fail_object(out, SEAL_LEDGER_VERSION_MISMATCH, id, "wrong initial shared version");
        } else if (o.owner.kind == SEAL_SUI_OWNER_ADDRESS &&
                   memcmp(o.owner.address, sender, 32) != 0) {
            fail_object(out, SEAL_LEDGER_WRONG_OWNER, id, "object is owned by another address");
        } else if (o.owner.kind == SEAL_SUI_OWNER_SHARED) {
            fail_object(out, SEAL_LEDGER_WRONG_OWNER, id, "shared object passed as owned");
        } else if (o.owner.kind == SEAL_SUI_OWNER_OBJECT) {
            fail_object(out, SEAL_LEDGER_WRONG_OWNER, id, "object is owned by an object");
        } else if (in->object.version != o.version || memcmp(in->object.digest, o.digest, 32)) {
            fail_object(out, SEAL_LEDGER_VERSION_MISMATCH, id,
                        "object reference is not the current version");
        }
        if (o.version > max_version)
            max_version = o.version;
        seal_ledger_object_clear(&o);
    }
    t->lamport = max_version + 1;
    t->fixed_lamport = true;
    return SEAL_OK;
}

/* Owned inputs and mutable shared inputs get the new version even when only read. */
static seal_err bump_inputs(seal__ledger_tx *t, const seal_sui_ptb *ptb) {
    seal_err err = SEAL_OK;
    for (size_t i = 0; i < ptb->n_inputs; i++) {
        const seal_sui_call_arg *in = &ptb->inputs[i];
        seal_ledger_object o;
        bool found = false, written = false;
        if (in->kind != SEAL_SUI_CALL_ARG_OBJECT || (in->object_kind == SEAL_SUI_OBJECT_SHARED &&
                                                     in->mutability == SEAL_SUI_SHARED_IMMUTABLE))
            continue;
        for (size_t k = 0; k < t->log->n; k++)
            if (memcmp(t->log->e[k].id, in->object.id, 32) == 0)
                written = true;
        if (written)
            continue;
        if ((err = seal__ledger_obj_get(&t->l->w, in->object.id, &o, &found)) != SEAL_OK)
            return err;
        if (found && o.owner.kind != SEAL_SUI_OWNER_IMMUTABLE) {
            o.version = t->lamport;
            memcpy(o.previous_transaction, t->digest, 32);
            err = seal__ledger_tx_put(t, &o);
        }
        seal_ledger_object_clear(&o);
        if (err != SEAL_OK)
            return err;
    }
    return SEAL_OK;
}

/* ---- effects -------------------------------------------------------------------------------- */

static seal_err effects_from_log(seal__ledger_tx *t, seal_ledger_effects *e, bool *too_many) {
    seal_err err = SEAL_OK;
    *too_many = t->log->overflow;
    for (size_t i = 0; i < t->log->n && !*too_many; i++) {
        uint8_t kind = t->log->e[i].kind;
        seal_ledger_effect_object *eo;
        size_t *n;
        if (kind == SEAL__LOG_NONE)
            continue;
        n = kind == SEAL__LOG_CREATED   ? &e->n_created
            : kind == SEAL__LOG_MUTATED ? &e->n_mutated
                                        : &e->n_deleted;
        if (*n == SEAL_LEDGER_EFFECTS_MAX_OBJECTS) {
            *too_many = true;
            break;
        }
        eo = kind == SEAL__LOG_CREATED   ? &e->created[*n]
             : kind == SEAL__LOG_MUTATED ? &e->mutated[*n]
                                         : &e->deleted[*n];
        memset(eo, 0, sizeof *eo);
        memcpy(eo->id, t->log->e[i].id, 32);
        (*n)++;
        if (kind == SEAL__LOG_DELETED) {
            eo->version = t->lamport;
            eo->owner = t->log->e[i].old_owner;
            memcpy(eo->type, t->log->e[i].old_type, t->log->e[i].old_type_len);
            eo->type_len = t->log->e[i].old_type_len;
            continue;
        }
        seal_ledger_object o;
        bool found = false;
        if ((err = seal__ledger_obj_get(&t->l->w, eo->id, &o, &found)) != SEAL_OK)
            return err;
        if (!found)
            return SEAL_ERR_INTERNAL;
        eo->version = o.version;
        memcpy(eo->digest, o.digest, 32);
        eo->owner = o.owner;
        memcpy(eo->type, o.type, o.type_len);
        eo->type_len = o.type_len;
        seal_ledger_object_clear(&o);
    }
    return err;
}

static void write_str(seal_bcs_writer *w, const char *s) {
    seal_bcs_write_bytes(w, (const uint8_t *)s, strnlen(s, SEAL_LEDGER_MESSAGE_BYTES - 1));
}

static void write_objects(seal_bcs_writer *w, const seal_ledger_effect_object *o, size_t n) {
    seal_bcs_write_uleb128(w, n);
    for (size_t i = 0; i < n; i++) {
        seal_bcs_write_fixed(w, o[i].id, 32);
        seal_bcs_write_u64(w, o[i].version);
        seal_bcs_write_fixed(w, o[i].digest, 32);
        seal_bcs_write_u8(w, (uint8_t)o[i].owner.kind);
        seal_bcs_write_fixed(w, o[i].owner.address, 32);
        seal_bcs_write_u64(w, o[i].owner.version);
        seal_bcs_write_bytes(w, o[i].type, o[i].type_len);
    }
}

/* Our record format (not Sui's TransactionEffects BCS). */
static void effects_write(seal_bcs_writer *w, const seal_ledger_effects *e) {
    const seal_ledger_outcome *o = &e->outcome;
    seal_bcs_write_u8(w, EFFECTS_FORMAT);
    seal_bcs_write_u8(w, (uint8_t)o->status);
    seal_bcs_write_u16(w, o->command);
    seal_bcs_write_fixed(w, o->abort_package, 32);
    write_str(w, o->abort_module);
    write_str(w, o->abort_function);
    seal_bcs_write_u64(w, o->abort_code);
    seal_bcs_write_fixed(w, o->object_id, 32);
    write_str(w, o->message);
    seal_bcs_write_fixed(w, e->digest, 32);
    seal_bcs_write_fixed(w, e->sender, 32);
    seal_bcs_write_u64(w, e->lamport_version);
    write_objects(w, e->created, e->n_created);
    write_objects(w, e->mutated, e->n_mutated);
    write_objects(w, e->deleted, e->n_deleted);
}

static seal_err read_str(seal_bcs_reader *r, char *out, size_t cap) {
    const uint8_t *p = NULL;
    size_t n = 0;
    seal_err err = seal_bcs_read_bytes(r, cap - 1, &p, &n);
    if (err == SEAL_OK) {
        memcpy(out, p, n);
        out[n] = 0;
    }
    return err;
}

static seal_err read_objects(seal_bcs_reader *r, seal_ledger_effect_object *o, size_t *n) {
    seal_err err;
    if ((err = seal_bcs_read_len(r, SEAL_LEDGER_EFFECTS_MAX_OBJECTS, n)) != SEAL_OK)
        return err;
    for (size_t i = 0; i < *n; i++) {
        const uint8_t *p = NULL;
        uint8_t kind = 0;
        size_t tl = 0;
        memset(&o[i], 0, sizeof o[i]);
        if ((err = seal_bcs_read_fixed(r, o[i].id, 32)) != SEAL_OK ||
            (err = seal_bcs_read_u64(r, &o[i].version)) != SEAL_OK ||
            (err = seal_bcs_read_fixed(r, o[i].digest, 32)) != SEAL_OK ||
            (err = seal_bcs_read_u8(r, &kind)) != SEAL_OK ||
            (err = seal_bcs_read_fixed(r, o[i].owner.address, 32)) != SEAL_OK ||
            (err = seal_bcs_read_u64(r, &o[i].owner.version)) != SEAL_OK ||
            (err = seal_bcs_read_bytes(r, SEAL_LEDGER_TYPE_MAX_BYTES, &p, &tl)) != SEAL_OK)
            return err;
        o[i].owner.kind = (seal_sui_owner_kind)kind;
        memcpy(o[i].type, p, tl);
        o[i].type_len = tl;
    }
    return SEAL_OK;
}

static seal_err effects_read(seal_ledger_effects *e, const uint8_t *buf, size_t len) {
    seal_bcs_reader r;
    seal_ledger_outcome *o = &e->outcome;
    uint8_t format = 0, status = 0;
    seal_err err;
    memset(e, 0, sizeof *e);
    seal_bcs_reader_init(&r, buf, len);
    if ((err = seal_bcs_read_u8(&r, &format)) != SEAL_OK || format != EFFECTS_FORMAT ||
        (err = seal_bcs_read_u8(&r, &status)) != SEAL_OK ||
        (err = seal_bcs_read_u16(&r, &o->command)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&r, o->abort_package, 32)) != SEAL_OK ||
        (err = read_str(&r, o->abort_module, sizeof o->abort_module)) != SEAL_OK ||
        (err = read_str(&r, o->abort_function, sizeof o->abort_function)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, &o->abort_code)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&r, o->object_id, 32)) != SEAL_OK ||
        (err = read_str(&r, o->message, sizeof o->message)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&r, e->digest, 32)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&r, e->sender, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, &e->lamport_version)) != SEAL_OK ||
        (err = read_objects(&r, e->created, &e->n_created)) != SEAL_OK ||
        (err = read_objects(&r, e->mutated, &e->n_mutated)) != SEAL_OK ||
        (err = read_objects(&r, e->deleted, &e->n_deleted)) != SEAL_OK ||
        (err = seal_bcs_reader_finish(&r)) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    o->status = (seal_ledger_status)status;
    e->executed = true;
    return SEAL_OK;
}

static seal_err lookup(seal__ledger_conn *c, const uint8_t digest[static 32],
                       seal_ledger_effects *out, bool *found) {
    seal__ledger_exec_row row = {0};
    seal_err err = seal__ledger_exec_get(c, digest, &row, found);
    if (err == SEAL_OK && *found) {
        err = effects_read(out, row.effects, row.effects_len);
        out->seq = row.seq;
    }
    seal__ledger_exec_row_clear(&row);
    return err;
}

seal_err seal_ledger_transaction_bytes(seal_ledger *l, const uint8_t digest[static 32],
                                       uint8_t **tx, size_t *tx_len, uint8_t **sigs,
                                       size_t *sigs_len, bool *found) {
    seal__ledger_exec_row row = {.tx = (uint8_t *)""};
    seal_err err;
    *tx = *sigs = NULL;
    *tx_len = *sigs_len = 0;
    *found = false;
    if (l == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((err = seal__ledger_exec_get(&l->r, digest, &row, found)) != SEAL_OK || !*found)
        return err;
    *tx = row.tx;
    *tx_len = row.tx_len;
    *sigs = row.sigs;
    *sigs_len = row.sigs_len;
    free(row.effects);
    return SEAL_OK;
}

seal_err seal_ledger_transaction_get(seal_ledger *l, const uint8_t digest[static 32],
                                     seal_ledger_effects *out, bool *found) {
    memset(out, 0, sizeof *out);
    *found = false;
    if (l == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    return lookup(&l->r, digest, out, found);
}

/* ---- signatures ----------------------------------------------------------------------------- */

static seal_err verify_signatures(const seal_sui_transaction_data *tx, const uint8_t *bytes,
                                  size_t len, const uint8_t *const *sigs, const size_t *sig_lens,
                                  size_t n_sigs) {
    const uint8_t *signers[2] = {tx->sender, tx->gas.owner};
    size_t n_signers = memcmp(tx->sender, tx->gas.owner, 32) == 0 ? 1 : 2;
    bool used[2] = {false, false};
    seal_err last = SEAL_ERR_INVALID_SIGNATURE;
    if (n_sigs != n_signers || sigs == NULL || sig_lens == NULL)
        return SEAL_ERR_INVALID_SIGNATURE;
    for (size_t s = 0; s < n_signers; s++) {
        bool ok = false;
        for (size_t i = 0; i < n_sigs && !ok; i++) {
            if (used[i] || sigs[i] == NULL || sig_lens[i] == 0 ||
                sig_lens[i] > SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES)
                continue;
            seal_err err =
                seal_sui_verify_transaction(signers[s], bytes, len, sigs[i], sig_lens[i]);
            if (err == SEAL_OK)
                used[i] = ok = true;
            else if (err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME)
                last = err;
        }
        if (!ok)
            return last;
    }
    return SEAL_OK;
}

/* ---- execution ------------------------------------------------------------------------------ */

static seal_err record(seal__ledger_tx *t, const uint8_t *tx, size_t len,
                       const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                       const seal_ledger_effects *e) {
    seal_bcs_writer w;
    uint8_t *eb = NULL, *sb = NULL;
    size_t el, sl;
    seal_err err;
    seal_bcs_writer_init(&w, NULL, 0);
    effects_write(&w, e);
    el = w.len;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_bcs_write_uleb128(&w, n_sigs);
    for (size_t i = 0; i < n_sigs; i++)
        seal_bcs_write_bytes(&w, sigs[i], sig_lens[i]);
    sl = w.len;
    if ((eb = malloc(el)) == NULL || (sb = malloc(sl)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_bcs_writer_init(&w, eb, el);
    effects_write(&w, e);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    seal_bcs_writer_init(&w, sb, sl);
    seal_bcs_write_uleb128(&w, n_sigs);
    for (size_t i = 0; i < n_sigs; i++)
        seal_bcs_write_bytes(&w, sigs[i], sig_lens[i]);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    err = seal__ledger_exec_put(&t->l->w, e->digest, t->seq, tx, len, sb, sl, eb, el);
out:
    free(eb);
    free(sb);
    return err;
}

/* Name recorded in the transactions table: module::function of the first MoveCall. */
static void function_name(char *out, size_t cap, const seal_sui_ptb *ptb) {
    snprintf(out, cap, "programmable");
    for (size_t i = 0; i < ptb->n_commands; i++) {
        const seal_sui_command *c = &ptb->commands[i];
        if (c->kind == SEAL_SUI_CMD_MOVE_CALL) {
            snprintf(out, cap, "%.*s::%.*s", (int)c->module.len, (const char *)c->module.ptr,
                     (int)c->function.len, (const char *)c->function.ptr);
            return;
        }
    }
}

seal_err seal__ledger_exec_dry(seal_ledger *l, const seal_sui_ptb *ptb,
                               const uint8_t sender[static 32], seal_ledger_outcome *out) {
    seal_err err;
    seal__ledger_tx t;
    seal__ledger_log *log = NULL;
    exec_ctx c;
    memset(&t, 0, sizeof t);
    memset(&c, 0, sizeof c);
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    seal_ledger *tmp = NULL;
    if (l->w.db == NULL) {
        /* a read-only handle: a writer of the same file for the rolled-back transaction */
        const char *path = sqlite3_db_filename(l->r.db, "main");
        if (path == NULL || path[0] == '\0' || seal_ledger_open(&tmp, path) != SEAL_OK) {
            fail(out, SEAL_LEDGER_UNSUPPORTED,
                 "a dry run that changes state needs a writable ledger");
            return SEAL_OK;
        }
        l = tmp;
    }
    if ((err = seal__ledger_tx_begin(l, &t, "dry run", sender)) != SEAL_OK) {
        seal_ledger_close(tmp);
        return err;
    }
    if ((err = check_inputs(&t, ptb, sender, out)) != SEAL_OK || out->status != SEAL_LEDGER_SUCCESS)
        goto out;
    if ((log = calloc(1, sizeof *log)) == NULL ||
        (c.first = calloc(ptb->n_commands + 1, sizeof *c.first)) == NULL ||
        (c.count = calloc(ptb->n_commands + 1, sizeof *c.count)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    t.log = log;
    c.t = &t;
    c.ptb = ptb;
    c.sender = sender;
    c.out = out;
    err = run_commands(&c);
out:
    seal__ledger_tx_rollback(&t); /* a dry run changes nothing */
    seal_ledger_close(tmp);
    free(log);
    free(c.vals);
    free(c.first);
    free(c.count);
    return err;
}

/* Executes tx (decoded from tx_data) on the writer. simulate: no signatures, no replay, no
 * record, everything rolled back at the end (what a node's simulation of a state change
 * shows); otherwise the signed execution of seal_ledger_execute_transaction(). */
static seal_err run_transaction(seal_ledger *l, const uint8_t *tx_data, size_t len,
                                const seal_sui_transaction_data *tx, const uint8_t digest[32],
                                const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                                bool simulate, seal_ledger_effects *out) {
    seal_err err;
    seal__ledger_tx t;
    seal__ledger_log *log = NULL;
    exec_ctx c;
    bool found = false;
    char fn[2 * SEAL_SUI_IDENTIFIER_MAX + 8];
    memset(&t, 0, sizeof t);
    memset(&c, 0, sizeof c);
    if (l->w.db == NULL)
        return SEAL_ERR_UNSUPPORTED;
    function_name(fn, sizeof fn, tx->ptb);
    if ((err = seal__ledger_tx_begin(l, &t, fn, tx->sender)) != SEAL_OK)
        goto out;
    memcpy(t.digest, digest, 32);
    if (!simulate && ((err = lookup(&l->w, digest, out, &found)) != SEAL_OK || found))
        goto out; /* executed by another handle meanwhile */
    memset(out, 0, sizeof *out);
    memcpy(out->digest, digest, 32);
    memcpy(out->sender, tx->sender, 32);
    seal__ledger_outcome_set(&out->outcome, SEAL_LEDGER_SUCCESS, "success");
    if ((err = check_inputs(&t, tx->ptb, tx->sender, &out->outcome)) != SEAL_OK ||
        out->outcome.status != SEAL_LEDGER_SUCCESS)
        goto out; /* refused before execution: nothing recorded */

    if ((log = calloc(1, sizeof *log)) == NULL ||
        (c.first = calloc(tx->ptb->n_commands + 1, sizeof *c.first)) == NULL ||
        (c.count = calloc(tx->ptb->n_commands + 1, sizeof *c.count)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    t.log = log;
    c.t = &t;
    c.ptb = tx->ptb;
    c.sender = tx->sender;
    c.out = &out->outcome;
    if ((err = seal__ledger_step(l->w.st[SEAL__ST_SAVEPOINT])) != SEAL_OK)
        goto out;

    if ((err = run_commands(&c)) != SEAL_OK)
        goto out;
    if (out->outcome.status == SEAL_LEDGER_SUCCESS) {
        bool too_many = false;
        if ((err = bump_inputs(&t, tx->ptb)) != SEAL_OK ||
            (err = effects_from_log(&t, out, &too_many)) != SEAL_OK)
            goto out;
        if (too_many)
            fail(&out->outcome, SEAL_LEDGER_UNSUPPORTED,
                 "the transaction writes more objects than the ledger reports");
    }
    if (out->outcome.status == SEAL_LEDGER_SUCCESS) {
        out->lamport_version = t.lamport;
    } else {
        /* Undo every change; the failed transaction is still recorded. */
        if ((err = seal__ledger_step(l->w.st[SEAL__ST_ROLLBACK_TO])) != SEAL_OK)
            goto out;
        out->n_created = out->n_mutated = out->n_deleted = 0;
    }
    if ((err = seal__ledger_step(l->w.st[SEAL__ST_RELEASE])) != SEAL_OK)
        goto out;

    out->executed = true;
    out->seq = t.seq;
    if (simulate)
        goto out; /* the rollback below undoes everything */
    if ((err = record(&t, tx_data, len, sigs, sig_lens, n_sigs, out)) != SEAL_OK)
        goto out;
    err = seal__ledger_tx_commit(&t, fn, tx->sender);
out:
    seal__ledger_tx_rollback(&t); /* no-op after commit; undoes the savepoint too */
    free(log);
    free(c.vals);
    free(c.first);
    free(c.count);
    return err;
}

/* Checks the arguments, decodes tx_data into *tx and computes its digest; *out is cleared. */
static seal_err prepare(seal_ledger *l, const uint8_t *tx_data, size_t len,
                        seal_ledger_effects *out, seal_sui_transaction_data **tx,
                        uint8_t digest[32]) {
    if (out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (l == NULL || tx_data == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (len > SEAL_SUI_TX_MAX_BYTES)
        return SEAL_ERR_LIMIT;
    seal_sui_transaction_digest(digest, tx_data, len);
    return seal_sui_transaction_data_decode(tx, tx_data, len);
}

/* On a system failure the effects hold the digest only. */
static seal_err finish(seal_err err, seal_ledger_effects *out, const uint8_t digest[32],
                       seal_sui_transaction_data *tx) {
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
        memcpy(out->digest, digest, 32);
    }
    seal_sui_transaction_data_free(tx);
    return err;
}

seal_err seal_ledger_execute_transaction(seal_ledger *l, const uint8_t *tx_data, size_t len,
                                         const uint8_t *const *sigs, const size_t *sig_lens,
                                         size_t n_sigs, seal_ledger_effects *out) {
    seal_sui_transaction_data *tx = NULL;
    bool found = false;
    uint8_t digest[32];
    seal_err err = prepare(l, tx_data, len, out, &tx, digest);
    if (err != SEAL_OK)
        return err;
    if ((err = verify_signatures(tx, tx_data, len, sigs, sig_lens, n_sigs)) != SEAL_OK)
        return finish(err, out, digest, tx);
    /* Replays: answered from the record. */
    if ((err = lookup(&l->r, digest, out, &found)) != SEAL_OK || found)
        return finish(err, out, digest, tx);
    err = run_transaction(l, tx_data, len, tx, digest, sigs, sig_lens, n_sigs, false, out);
    return finish(err, out, digest, tx);
}

seal_err seal_ledger_simulate_transaction(seal_ledger *l, const uint8_t *tx_data, size_t len,
                                          seal_ledger_effects *out) {
    seal_sui_transaction_data *tx = NULL;
    uint8_t digest[32];
    seal_err err = prepare(l, tx_data, len, out, &tx, digest);
    if (err != SEAL_OK)
        return err;
    err = run_transaction(l, tx_data, len, tx, digest, NULL, NULL, 0, true, out);
    return finish(err, out, digest, tx);
}

bool seal_ledger_ptb_changes_state(const seal_sui_ptb *ptb) {
    for (size_t i = 0; i < ptb->n_commands; i++) {
        const seal_sui_command *cmd = &ptb->commands[i];
        if (cmd->kind != SEAL_SUI_CMD_MOVE_CALL)
            return true;
        for (size_t k = 0; k < sizeof EXEC / sizeof EXEC[0]; k++)
            if (EXEC[k].fn != NULL && memcmp(EXEC[k].pkg, cmd->package, 32) == 0 &&
                bytes_eq_str(cmd->module, EXEC[k].module) &&
                bytes_eq_str(cmd->function, EXEC[k].function))
                return true;
    }
    return false;
}
