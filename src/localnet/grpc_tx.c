/* sui.rpc.v2 on the local chain: TransactionExecutionService (SimulateTransaction with the
 * resolution of incomplete transactions, ExecuteTransaction) and LedgerService/GetTransaction.
 * Transactions in, as BCS or as structured messages; transactions and effects out. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localnet/grpc.h"
#include "seal/chain.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define MAX_SIGNATURES 16

/* ---- a small arena for decoded structures ------------------------------------------------- */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
} arena_block;

typedef struct arena {
    arena_block *head;
    size_t total; /* bytes allocated, bounded */
} arena;

#define ARENA_MAX (8u * 1024u * 1024u)

static void *arena_alloc(arena *a, size_t n) {
    arena_block *b = a->head;
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (n == 0)
        n = sizeof(max_align_t);
    if (b == NULL || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        if (a->total + cap > ARENA_MAX || (b = malloc(sizeof *b + cap)) == NULL)
            return NULL;
        a->total += cap;
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

static void arena_free(arena *a) {
    while (a->head != NULL) {
        arena_block *b = a->head;
        a->head = b->next;
        free(b);
    }
}

/* Growable arrays in the arena (doubling; old copies stay until the arena is freed). */
static bool grow(arena *a, void **arr, size_t *cap, size_t n, size_t size, size_t max) {
    void *p;
    size_t c;
    if (n < *cap)
        return true;
    if (n >= max)
        return false;
    c = *cap ? *cap * 2 : 4;
    if (c > max)
        c = max;
    if ((p = arena_alloc(a, c * size)) == NULL)
        return false;
    if (*arr != NULL)
        memcpy(p, *arr, n * size);
    *arr = p;
    *cap = c;
    return true;
}

/* ---- structured transactions (Transaction message) ----------------------------------------- */

typedef struct draft {
    arena a;
    seal__pb_bytes bcs;
    seal__pb_i32 version;
    bool has_kind, has_ptb;
    seal__pb_i32 kind;
    seal_ledger_input *inputs;
    size_t n_inputs, cap_inputs;
    seal_sui_command *cmds;
    size_t n_cmds, cap_cmds;
    seal__pb_bytes sender;
    bool has_gas;
    seal__pb_bytes *gas_ids;
    size_t n_gas, cap_gas;
    seal__pb_bytes gas_owner;
    seal__pb_u64 price, budget;
    bool has_expiration;
    seal__pb_i32 exp_kind;
    seal__pb_u64 exp_epoch, exp_min_epoch;
    seal__pb_bytes exp_chain;
    seal__pb_u32 exp_nonce;
} draft;

static bool bad(seal__lg_call *c, const char *what) {
    return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid transaction: %s", what);
}

static bool read_argument(seal__lg_call *c, const seal__pb_field *f, seal_sui_argument *out) {
    seal__pb_reader r;
    seal__pb_field g;
    seal__pb_i32 kind = {0};
    seal__pb_u32 input = {0}, result = {0}, sub = {0};
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed argument");
    while (seal__pb_next(&r, &g)) {
        seal_err err = SEAL_OK;
        if (g.number == SUI_RPC_ARGUMENT_KIND)
            err = seal__pb_get_i32(&g, &kind);
        else if (g.number == SUI_RPC_ARGUMENT_INPUT)
            err = seal__pb_get_u32(&g, &input);
        else if (g.number == SUI_RPC_ARGUMENT_RESULT)
            err = seal__pb_get_u32(&g, &result);
        else if (g.number == SUI_RPC_ARGUMENT_SUBRESULT)
            err = seal__pb_get_u32(&g, &sub);
        if (err != SEAL_OK)
            return bad(c, "malformed argument");
    }
    if (seal__pb_reader_finish(&r) != SEAL_OK)
        return bad(c, "malformed argument");
    memset(out, 0, sizeof *out);
    switch (kind.v) {
    case SUI_RPC_ARGUMENT_KIND_GAS:
        out->kind = SEAL_SUI_ARG_GAS_COIN;
        return true;
    case SUI_RPC_ARGUMENT_KIND_INPUT:
        /* an absent index is 0 (what a proto3 encoder without presence leaves out) */
        if (input.v > UINT16_MAX)
            return bad(c, "argument: input index too large");
        out->kind = SEAL_SUI_ARG_INPUT;
        out->index = (uint16_t)input.v;
        return true;
    case SUI_RPC_ARGUMENT_KIND_RESULT:
        if (result.v > UINT16_MAX || sub.v > UINT16_MAX)
            return bad(c, "argument: result index too large");
        out->kind = sub.set ? SEAL_SUI_ARG_NESTED_RESULT : SEAL_SUI_ARG_RESULT;
        out->index = (uint16_t)result.v;
        out->result_index = (uint16_t)sub.v;
        return true;
    default:
        return bad(c, "argument: unknown kind");
    }
}

/* Appends an argument to the command's args array. */
typedef struct args_acc {
    seal_sui_argument *v;
    size_t n, cap;
} args_acc;

static bool add_argument(seal__lg_call *c, draft *d, args_acc *acc, const seal__pb_field *f) {
    if (!grow(&d->a, (void **)&acc->v, &acc->cap, acc->n, sizeof *acc->v,
              SEAL_SUI_PTB_MAX_ARGUMENTS))
        return bad(c, "too many arguments");
    if (!read_argument(c, f, &acc->v[acc->n]))
        return false;
    acc->n++;
    return true;
}

static bool read_address_field(seal__lg_call *c, const seal__pb_field *f, uint8_t out[32],
                               const char *what) {
    seal__pb_bytes s = {0};
    if (seal__pb_get_string(f, &s) != SEAL_OK)
        return bad(c, what);
    return seal__lg_parse_address(c, &s, out, what);
}

static bool read_ident(seal__lg_call *c, const seal__pb_field *f, seal_sui_bytes *out,
                       const char *what) {
    seal__pb_bytes s = {0};
    if (seal__pb_get_string(f, &s) != SEAL_OK || seal_sui_identifier_validate(s.p, s.len))
        return bad(c, what);
    out->ptr = s.p;
    out->len = s.len;
    return true;
}

static bool read_type(seal__lg_call *c, draft *d, const seal__pb_field *f, seal_sui_type_tag *out) {
    seal__pb_bytes s = {0};
    char *text;
    uint8_t *tag;
    size_t len = 0;
    bool ok;
    if (seal__pb_get_string(f, &s) != SEAL_OK || s.len == 0 || s.len > 4096)
        return bad(c, "type argument");
    text = arena_alloc(&d->a, s.len + 1);
    tag = arena_alloc(&d->a, SEAL_SUI_TYPE_TAG_MAX_BYTES);
    if (text == NULL || tag == NULL)
        return seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
    memcpy(text, s.p, s.len);
    ok = memchr(s.p, 0, s.len) == NULL &&
         seal_sui_type_tag_parse(tag, SEAL_SUI_TYPE_TAG_MAX_BYTES, &len, text) == SEAL_OK;
    if (!ok)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                             "invalid transaction: %.*s is not a Move type",
                             (int)(s.len > 200 ? 200 : s.len), (const char *)s.p);
    out->ptr = tag;
    out->len = len;
    return true;
}

static bool read_command(seal__lg_call *c, draft *d, const seal__pb_field *f) {
    seal__pb_reader r, sub;
    seal__pb_field g, h;
    seal_sui_command *cmd;
    args_acc args = {0};
    seal_sui_type_tag *types = NULL;
    size_t n_types = 0, cap_types = 0;
    seal_sui_bytes *modules = NULL;
    size_t n_modules = 0, cap_modules = 0;
    uint8_t(*deps)[32] = NULL;
    size_t n_deps = 0, cap_deps = 0;
    int seen = 0;
    if (!grow(&d->a, (void **)&d->cmds, &d->cap_cmds, d->n_cmds, sizeof *d->cmds,
              SEAL_SUI_PTB_MAX_COMMANDS))
        return bad(c, "too many commands");
    cmd = &d->cmds[d->n_cmds];
    memset(cmd, 0, sizeof *cmd);
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed command");
    while (seal__pb_next(&r, &g)) {
        if (g.number < SUI_RPC_COMMAND_MOVE_CALL || g.number > SUI_RPC_COMMAND_UPGRADE)
            continue;
        if (seen != 0 && seen != (int)g.number)
            return bad(c, "a command with two kinds");
        seen = (int)g.number;
        if (seal__pb_get_message(&g, &sub) != SEAL_OK)
            return bad(c, "malformed command");
        static const seal_sui_command_kind KIND[] = {
            [SUI_RPC_COMMAND_MOVE_CALL] = SEAL_SUI_CMD_MOVE_CALL,
            [SUI_RPC_COMMAND_TRANSFER_OBJECTS] = SEAL_SUI_CMD_TRANSFER_OBJECTS,
            [SUI_RPC_COMMAND_SPLIT_COINS] = SEAL_SUI_CMD_SPLIT_COINS,
            [SUI_RPC_COMMAND_MERGE_COINS] = SEAL_SUI_CMD_MERGE_COINS,
            [SUI_RPC_COMMAND_PUBLISH] = SEAL_SUI_CMD_PUBLISH,
            [SUI_RPC_COMMAND_MAKE_MOVE_VECTOR] = SEAL_SUI_CMD_MAKE_MOVE_VEC,
            [SUI_RPC_COMMAND_UPGRADE] = SEAL_SUI_CMD_UPGRADE,
        };
        cmd->kind = KIND[g.number];
        while (seal__pb_next(&sub, &h)) {
            uint32_t k = h.number;
            bool ok = true;
            switch (g.number) {
            case SUI_RPC_COMMAND_MOVE_CALL:
                if (k == SUI_RPC_MOVE_CALL_PACKAGE)
                    ok = read_address_field(c, &h, cmd->package, "move_call.package");
                else if (k == SUI_RPC_MOVE_CALL_MODULE)
                    ok = read_ident(c, &h, &cmd->module, "move_call.module");
                else if (k == SUI_RPC_MOVE_CALL_FUNCTION)
                    ok = read_ident(c, &h, &cmd->function, "move_call.function");
                else if (k == SUI_RPC_MOVE_CALL_TYPE_ARGUMENTS)
                    ok = (grow(&d->a, (void **)&types, &cap_types, n_types, sizeof *types,
                               SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS) ||
                          bad(c, "too many type arguments")) &&
                         read_type(c, d, &h, &types[n_types++]);
                else if (k == SUI_RPC_MOVE_CALL_ARGUMENTS)
                    ok = add_argument(c, d, &args, &h);
                break;
            case SUI_RPC_COMMAND_TRANSFER_OBJECTS:
                if (k == SUI_RPC_TRANSFER_OBJECTS_OBJECTS)
                    ok = add_argument(c, d, &args, &h);
                else if (k == SUI_RPC_TRANSFER_OBJECTS_ADDRESS)
                    ok = read_argument(c, &h, &cmd->arg);
                break;
            case SUI_RPC_COMMAND_SPLIT_COINS:
            case SUI_RPC_COMMAND_MERGE_COINS:
                if (k == 1)
                    ok = read_argument(c, &h, &cmd->arg);
                else if (k == 2)
                    ok = add_argument(c, d, &args, &h);
                break;
            case SUI_RPC_COMMAND_MAKE_MOVE_VECTOR:
                if (k == SUI_RPC_MAKE_MOVE_VECTOR_ELEMENT_TYPE) {
                    ok = (grow(&d->a, (void **)&types, &cap_types, 0, sizeof *types, 1) ||
                          bad(c, "type")) &&
                         read_type(c, d, &h, &types[0]);
                    n_types = 1;
                    cmd->has_type = true;
                } else if (k == SUI_RPC_MAKE_MOVE_VECTOR_ELEMENTS) {
                    ok = add_argument(c, d, &args, &h);
                }
                break;
            default: /* PUBLISH, UPGRADE */
                if (k == 1) {
                    seal__pb_bytes m = {0};
                    ok = (grow(&d->a, (void **)&modules, &cap_modules, n_modules, sizeof *modules,
                               SEAL_SUI_PTB_MAX_MODULES) ||
                          bad(c, "too many modules")) &&
                         (seal__pb_get_bytes(&h, &m) == SEAL_OK || bad(c, "module"));
                    if (ok)
                        modules[n_modules++] = (seal_sui_bytes){m.p, m.len};
                } else if (k == 2) {
                    ok = (grow(&d->a, (void **)&deps, &cap_deps, n_deps, sizeof *deps,
                               SEAL_SUI_PTB_MAX_MODULES) ||
                          bad(c, "too many dependencies")) &&
                         read_address_field(c, &h, deps[n_deps++], "dependency");
                } else if (k == 3 && g.number == SUI_RPC_COMMAND_UPGRADE) {
                    ok = read_address_field(c, &h, cmd->package, "upgrade.package");
                } else if (k == 4 && g.number == SUI_RPC_COMMAND_UPGRADE) {
                    ok = read_argument(c, &h, &cmd->arg);
                }
                break;
            }
            if (!ok)
                return false;
        }
        if (seal__pb_reader_finish(&sub) != SEAL_OK)
            return bad(c, "malformed command");
    }
    if (seal__pb_reader_finish(&r) != SEAL_OK || seen == 0)
        return bad(c, seen == 0 ? "a command without a kind" : "malformed command");
    if (cmd->kind == SEAL_SUI_CMD_MOVE_CALL && (cmd->module.len == 0 || cmd->function.len == 0))
        return bad(c, "move_call needs a module and a function");
    cmd->args = args.v;
    cmd->n_args = args.n;
    cmd->type_args = types;
    cmd->n_type_args = n_types;
    cmd->modules = modules;
    cmd->n_modules = n_modules;
    cmd->deps = (const uint8_t(*)[32])deps;
    cmd->n_deps = n_deps;
    d->n_cmds++;
    return true;
}

static bool read_input(seal__lg_call *c, draft *d, const seal__pb_field *f) {
    seal__pb_reader r;
    seal__pb_field g;
    seal__pb_i32 kind = {0};
    seal__pb_bytes pure = {0}, id = {0}, digest = {0};
    seal__pb_u64 version = {0};
    seal_ledger_input *in;
    bool other = false;
    if (!grow(&d->a, (void **)&d->inputs, &d->cap_inputs, d->n_inputs, sizeof *d->inputs,
              SEAL_SUI_PTB_MAX_INPUTS))
        return bad(c, "too many inputs");
    in = &d->inputs[d->n_inputs];
    memset(in, 0, sizeof *in);
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed input");
    while (seal__pb_next(&r, &g)) {
        seal_err err = SEAL_OK;
        switch (g.number) {
        case SUI_RPC_INPUT_KIND:
            err = seal__pb_get_i32(&g, &kind);
            break;
        case SUI_RPC_INPUT_PURE:
            err = seal__pb_get_bytes(&g, &pure);
            break;
        case SUI_RPC_INPUT_OBJECT_ID:
            err = seal__pb_get_string(&g, &id);
            break;
        case SUI_RPC_INPUT_VERSION:
            err = seal__pb_get_u64(&g, &version);
            break;
        case SUI_RPC_INPUT_DIGEST:
            err = seal__pb_get_string(&g, &digest);
            break;
        case SUI_RPC_INPUT_FUNDS_WITHDRAWAL:
        case SUI_RPC_INPUT_LITERAL:
            other = true;
            break;
        default: /* mutable / mutability: a node recomputes them from the signatures */
            break;
        }
        if (err != SEAL_OK)
            return bad(c, "malformed input");
    }
    if (seal__pb_reader_finish(&r) != SEAL_OK)
        return bad(c, "malformed input");
    if (other || kind.v == SUI_RPC_INPUT_KIND_FUNDS_WITHDRAWAL)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                             "invalid transaction: input %zu: funds withdrawals and literal "
                             "inputs are not supported by the local chain",
                             d->n_inputs);
    switch (kind.v) {
    case SUI_RPC_INPUT_KIND_PURE:
        in->kind = SEAL_LEDGER_INPUT_PURE;
        break;
    case SUI_RPC_INPUT_KIND_IMMUTABLE_OR_OWNED:
        in->kind = SEAL_LEDGER_INPUT_IMM_OR_OWNED;
        break;
    case SUI_RPC_INPUT_KIND_SHARED:
        in->kind = SEAL_LEDGER_INPUT_SHARED;
        break;
    case SUI_RPC_INPUT_KIND_RECEIVING:
        in->kind = SEAL_LEDGER_INPUT_RECEIVING;
        break;
    case SUI_RPC_INPUT_KIND_UNKNOWN:
        in->kind = id.set ? SEAL_LEDGER_INPUT_UNSET : SEAL_LEDGER_INPUT_PURE;
        break;
    default:
        return bad(c, "unknown input kind");
    }
    if (in->kind == SEAL_LEDGER_INPUT_PURE) {
        if (!pure.set)
            return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                                 "invalid transaction: input %zu has neither pure bytes nor an "
                                 "object_id",
                                 d->n_inputs);
        in->pure.ptr = pure.p;
        in->pure.len = pure.len;
    } else {
        char what[48];
        snprintf(what, sizeof what, "inputs[%zu].object_id", d->n_inputs);
        if (!seal__lg_parse_address(c, &id, in->id, what))
            return false;
        in->has_version = version.set;
        in->version = version.v;
        if (digest.set) {
            snprintf(what, sizeof what, "inputs[%zu].digest", d->n_inputs);
            if (!seal__lg_parse_digest(c, &digest, in->digest, what))
                return false;
            in->has_digest = true;
        }
    }
    d->n_inputs++;
    return true;
}

static bool read_ptb(seal__lg_call *c, draft *d, const seal__pb_field *f) {
    seal__pb_reader r;
    seal__pb_field g;
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed programmable transaction");
    while (seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_PROGRAMMABLE_TRANSACTION_INPUTS && !read_input(c, d, &g))
            return false;
        if (g.number == SUI_RPC_PROGRAMMABLE_TRANSACTION_COMMANDS && !read_command(c, d, &g))
            return false;
    }
    if (seal__pb_reader_finish(&r) != SEAL_OK)
        return bad(c, "malformed programmable transaction");
    d->has_ptb = true;
    return true;
}

static bool read_kind(seal__lg_call *c, draft *d, const seal__pb_field *f) {
    seal__pb_reader r;
    seal__pb_field g;
    d->has_kind = true;
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed kind");
    while (seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_TRANSACTION_KIND_KIND) {
            if (seal__pb_get_i32(&g, &d->kind) != SEAL_OK)
                return bad(c, "malformed kind");
        } else if (g.number == SUI_RPC_TRANSACTION_KIND_PROGRAMMABLE_TRANSACTION) {
            if (!read_ptb(c, d, &g))
                return false;
        } else if (g.number >= SUI_RPC_TRANSACTION_KIND_CHANGE_EPOCH &&
                   g.number <= SUI_RPC_TRANSACTION_KIND_RANDOMNESS_STATE_UPDATE) {
            return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                                 "invalid transaction: only programmable transactions are "
                                 "supported");
        }
    }
    if (seal__pb_reader_finish(&r) != SEAL_OK)
        return bad(c, "malformed kind");
    return true;
}

static bool read_gas(seal__lg_call *c, draft *d, const seal__pb_field *f) {
    seal__pb_reader r, sub;
    seal__pb_field g, h;
    d->has_gas = true;
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed gas_payment");
    while (seal__pb_next(&r, &g)) {
        seal_err err = SEAL_OK;
        switch (g.number) {
        case SUI_RPC_GAS_PAYMENT_OBJECTS:
            if (!grow(&d->a, (void **)&d->gas_ids, &d->cap_gas, d->n_gas, sizeof *d->gas_ids,
                      SEAL_SUI_PTB_MAX_GAS_OBJECTS))
                return bad(c, "too many gas objects");
            if ((err = seal__pb_get_message(&g, &sub)) != SEAL_OK)
                break;
            memset(&d->gas_ids[d->n_gas], 0, sizeof d->gas_ids[d->n_gas]);
            while (err == SEAL_OK && seal__pb_next(&sub, &h))
                if (h.number == SUI_RPC_OBJECT_REFERENCE_OBJECT_ID)
                    err = seal__pb_get_string(&h, &d->gas_ids[d->n_gas]);
            if (err == SEAL_OK)
                err = seal__pb_reader_finish(&sub);
            d->n_gas++;
            break;
        case SUI_RPC_GAS_PAYMENT_OWNER:
            err = seal__pb_get_string(&g, &d->gas_owner);
            break;
        case SUI_RPC_GAS_PAYMENT_PRICE:
            err = seal__pb_get_u64(&g, &d->price);
            break;
        case SUI_RPC_GAS_PAYMENT_BUDGET:
            err = seal__pb_get_u64(&g, &d->budget);
            break;
        default:
            break;
        }
        if (err != SEAL_OK)
            return bad(c, "malformed gas_payment");
    }
    return seal__pb_reader_finish(&r) == SEAL_OK ? true : bad(c, "malformed gas_payment");
}

static bool read_expiration(seal__lg_call *c, draft *d, const seal__pb_field *f) {
    seal__pb_reader r;
    seal__pb_field g;
    d->has_expiration = true;
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return bad(c, "malformed expiration");
    while (seal__pb_next(&r, &g)) {
        seal_err err = SEAL_OK;
        switch (g.number) {
        case SUI_RPC_TRANSACTION_EXPIRATION_KIND:
            err = seal__pb_get_i32(&g, &d->exp_kind);
            break;
        case SUI_RPC_TRANSACTION_EXPIRATION_EPOCH:
            err = seal__pb_get_u64(&g, &d->exp_epoch);
            break;
        case SUI_RPC_TRANSACTION_EXPIRATION_MIN_EPOCH:
            err = seal__pb_get_u64(&g, &d->exp_min_epoch);
            break;
        case SUI_RPC_TRANSACTION_EXPIRATION_CHAIN:
            err = seal__pb_get_string(&g, &d->exp_chain);
            break;
        case SUI_RPC_TRANSACTION_EXPIRATION_NONCE:
            err = seal__pb_get_u32(&g, &d->exp_nonce);
            break;
        default: /* timestamps: left unset by clients (SUI_GRPC.md 8.2) */
            break;
        }
        if (err != SEAL_OK)
            return bad(c, "malformed expiration");
    }
    return seal__pb_reader_finish(&r) == SEAL_OK ? true : bad(c, "malformed expiration");
}

/* Decodes a Transaction message into d. */
static bool read_transaction(seal__lg_call *c, draft *d, const uint8_t *p, size_t n) {
    seal__pb_reader r;
    seal__pb_field f;
    seal__pb_reader_init(&r, p, n);
    while (seal__pb_next(&r, &f)) {
        bool ok = true;
        switch (f.number) {
        case SUI_RPC_TRANSACTION_BCS: {
            seal__pb_reader b;
            seal__pb_field g;
            ok = seal__pb_get_message(&f, &b) == SEAL_OK;
            while (ok && seal__pb_next(&b, &g))
                if (g.number == SUI_RPC_BCS_VALUE)
                    ok = seal__pb_get_bytes(&g, &d->bcs) == SEAL_OK;
            ok = (ok && seal__pb_reader_finish(&b) == SEAL_OK) || bad(c, "malformed bcs");
            if (ok && !d->bcs.set) /* an empty value is still a value */
                d->bcs = (seal__pb_bytes){true, (const uint8_t *)"", 0};
            break;
        }
        case SUI_RPC_TRANSACTION_VERSION:
            ok = seal__pb_get_i32(&f, &d->version) == SEAL_OK || bad(c, "malformed version");
            break;
        case SUI_RPC_TRANSACTION_KIND:
            ok = read_kind(c, d, &f);
            break;
        case SUI_RPC_TRANSACTION_SENDER:
            ok = seal__pb_get_string(&f, &d->sender) == SEAL_OK || bad(c, "malformed sender");
            break;
        case SUI_RPC_TRANSACTION_GAS_PAYMENT:
            ok = read_gas(c, d, &f);
            break;
        case SUI_RPC_TRANSACTION_EXPIRATION:
            ok = read_expiration(c, d, &f);
            break;
        default:
            break;
        }
        if (!ok)
            return false;
    }
    return seal__pb_reader_finish(&r) == SEAL_OK ? true : bad(c, "malformed protobuf");
}

/* The BCS TransactionData of a structured transaction, its inputs resolved as a full node does
 * (docs/localnet.md "Simulation"): written to *out (malloc'd). */
static bool build_transaction(seal__lg_call *c, draft *d, uint8_t **out, size_t *out_len) {
    seal_ledger *l = seal__lg_reader(c);
    seal_sui_call_arg *args;
    seal_sui_object_ref *gas = NULL;
    seal_sui_ptb ptb;
    seal_sui_transaction_data td;
    seal_ledger_resolve_result res;
    seal_bcs_writer w;
    uint8_t raw[4 * 9 + 33 + 4];
    seal_err err;
    if (l == NULL)
        return false;
    if (d->version.set && d->version.v != 1)
        return bad(c, "version must be 1");
    if (!d->sender.set)
        return bad(c, "missing sender");
    if (!d->has_ptb)
        return bad(c, "missing kind.programmable_transaction");
    memset(&td, 0, sizeof td);
    if (!seal__lg_parse_address(c, &d->sender, td.sender, "sender"))
        return false;
    if ((args = arena_alloc(&d->a, (d->n_inputs ? d->n_inputs : 1) * sizeof *args)) == NULL)
        return seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
    if ((err = seal_ledger_resolve_inputs(l, d->inputs, d->n_inputs, d->cmds, d->n_cmds, args,
                                          &res)) != SEAL_OK)
        return seal__lg_system_fail(c, err);
    if (res.status != SEAL_LEDGER_RESOLVED)
        return seal__lg_fail(c,
                             res.status == SEAL_LEDGER_RESOLVE_NOT_FOUND
                                 ? SEAL__GRPC_NOT_FOUND
                                 : SEAL__GRPC_INVALID_ARGUMENT,
                             "%s", res.message);
    memset(&ptb, 0, sizeof ptb);
    ptb.inputs = args;
    ptb.n_inputs = d->n_inputs;
    ptb.commands = d->cmds;
    ptb.n_commands = d->n_cmds;
    td.ptb = &ptb;
    /* Gas: the ledger charges none. Given coins are resolved to their current reference; an
     * absent owner, price or budget gets the sender, the reference gas price and Sui's
     * max_tx_gas; no payment stays empty (dry runs need no coin). */
    memcpy(td.gas.owner, td.sender, 32);
    if (d->gas_owner.set &&
        !seal__lg_parse_address(c, &d->gas_owner, td.gas.owner, "gas_payment.owner"))
        return false;
    td.gas.price = d->price.set ? d->price.v : SEAL_LEDGER_REFERENCE_GAS_PRICE;
    td.gas.budget = d->budget.set ? d->budget.v : SEAL_LEDGER_MAX_TX_GAS;
    if (d->n_gas > 0) {
        if ((gas = arena_alloc(&d->a, d->n_gas * sizeof *gas)) == NULL)
            return seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        for (size_t i = 0; i < d->n_gas; i++) {
            seal_ledger_object o;
            bool found = false;
            char what[64];
            snprintf(what, sizeof what, "gas_payment.objects[%zu].object_id", i);
            if (!seal__lg_parse_address(c, &d->gas_ids[i], gas[i].id, what))
                return false;
            memset(&o, 0, sizeof o);
            err = seal_ledger_object_get(l, gas[i].id, &o, &found);
            if (found) {
                gas[i].version = o.version;
                memcpy(gas[i].digest, o.digest, 32);
            }
            seal_ledger_object_clear(&o);
            if (!found && (err == SEAL_OK || err == SEAL_ERR_INVALID_ARGUMENT)) {
                char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
                seal_sui_address_format(hex, gas[i].id);
                return seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "Object %s not found", hex);
            }
            if (err != SEAL_OK)
                return seal__lg_system_fail(c, err);
        }
    }
    td.gas.payment = gas;
    td.gas.n_payment = d->n_gas;
    td.expiration.kind = SEAL_SUI_EXPIRATION_NONE;
    if (d->has_expiration) {
        switch (d->exp_kind.v) {
        case SUI_RPC_EXPIRATION_KIND_UNKNOWN:
        case SUI_RPC_EXPIRATION_KIND_NONE:
            break;
        case SUI_RPC_EXPIRATION_KIND_EPOCH:
            td.expiration.kind = SEAL_SUI_EXPIRATION_EPOCH;
            td.expiration.epoch = d->exp_epoch.v;
            break;
        case SUI_RPC_EXPIRATION_KIND_VALID_DURING: {
            /* ValidDuring { min_epoch, max_epoch, min_timestamp, max_timestamp: Option<u64>,
             * chain: digest, nonce: u32 } */
            uint8_t chain[32];
            seal_bcs_writer rw;
            if (!seal__lg_parse_digest(c, &d->exp_chain, chain, "expiration.chain"))
                return false;
            seal_bcs_writer_init(&rw, raw, sizeof raw);
            seal_bcs_write_u8(&rw, d->exp_min_epoch.set);
            if (d->exp_min_epoch.set)
                seal_bcs_write_u64(&rw, d->exp_min_epoch.v);
            seal_bcs_write_u8(&rw, d->exp_epoch.set);
            if (d->exp_epoch.set)
                seal_bcs_write_u64(&rw, d->exp_epoch.v);
            seal_bcs_write_u8(&rw, 0);
            seal_bcs_write_u8(&rw, 0);
            seal_bcs_write_bytes(&rw, chain, 32);
            seal_bcs_write_u32(&rw, d->exp_nonce.v);
            if (seal_bcs_writer_finish(&rw) != SEAL_OK)
                return seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
            td.expiration.kind = SEAL_SUI_EXPIRATION_VALID_DURING;
            td.expiration.raw = (seal_sui_bytes){raw, rw.len};
            break;
        }
        default:
            return bad(c, "unsupported expiration kind");
        }
    }
    seal_bcs_writer_init(&w, NULL, 0);
    if ((err = seal_sui_transaction_data_encode(&w, &td)) != SEAL_OK)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid transaction: %s",
                             seal_strerror(err));
    *out_len = w.len;
    if (w.len > SEAL_SUI_TX_MAX_BYTES)
        return bad(c, "larger than Sui's max_tx_size_bytes");
    if ((*out = malloc(w.len)) == NULL)
        return seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
    seal_bcs_writer_init(&w, *out, *out_len);
    if (seal_sui_transaction_data_encode(&w, &td) != SEAL_OK) {
        free(*out);
        *out = NULL;
        return seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
    }
    return true;
}

/* The TransactionData bytes of a Transaction message: transaction.bcs as given, else the
 * structured transaction resolved. *out is malloc'd. */
static bool transaction_bytes(seal__lg_call *c, const seal__pb_bytes *msg, uint8_t **out,
                              size_t *len) {
    draft *d = calloc(1, sizeof *d);
    bool ok;
    *out = NULL;
    *len = 0;
    if (d == NULL)
        return seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
    if (!msg->set) {
        free(d);
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing transaction");
    }
    ok = read_transaction(c, d, msg->p, msg->len);
    if (ok && d->bcs.set) {
        seal_sui_transaction_data *td = NULL;
        seal_err err;
        if (d->bcs.len > SEAL_SUI_TX_MAX_BYTES)
            ok = bad(c, "transaction.bcs is larger than Sui's max_tx_size_bytes");
        else if ((err = seal_sui_transaction_data_decode(&td, d->bcs.p, d->bcs.len)) != SEAL_OK)
            ok = seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                               err == SEAL_ERR_UNSUPPORTED
                                   ? "invalid transaction.bcs: only programmable transactions are "
                                     "supported"
                                   : "invalid transaction.bcs: not a BCS TransactionData");
        else if ((*out = malloc(d->bcs.len ? d->bcs.len : 1)) == NULL)
            ok = seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        else {
            memcpy(*out, d->bcs.p, d->bcs.len);
            *len = d->bcs.len;
        }
        seal_sui_transaction_data_free(td);
    } else if (ok) {
        ok = build_transaction(c, d, out, len);
    }
    arena_free(&d->a);
    free(d);
    return ok;
}

/* ---- answers: transactions, effects -------------------------------------------------------- */

static void write_argument(seal__pb_writer *w, uint32_t field, const seal_sui_argument *a) {
    seal__pb_begin(w, field);
    switch (a->kind) {
    case SEAL_SUI_ARG_GAS_COIN:
        seal__pb_write_i32(w, SUI_RPC_ARGUMENT_KIND, SUI_RPC_ARGUMENT_KIND_GAS);
        break;
    case SEAL_SUI_ARG_INPUT:
        seal__pb_write_i32(w, SUI_RPC_ARGUMENT_KIND, SUI_RPC_ARGUMENT_KIND_INPUT);
        seal__pb_write_u32(w, SUI_RPC_ARGUMENT_INPUT, a->index);
        break;
    case SEAL_SUI_ARG_RESULT:
        seal__pb_write_i32(w, SUI_RPC_ARGUMENT_KIND, SUI_RPC_ARGUMENT_KIND_RESULT);
        seal__pb_write_u32(w, SUI_RPC_ARGUMENT_RESULT, a->index);
        break;
    case SEAL_SUI_ARG_NESTED_RESULT:
        seal__pb_write_i32(w, SUI_RPC_ARGUMENT_KIND, SUI_RPC_ARGUMENT_KIND_RESULT);
        seal__pb_write_u32(w, SUI_RPC_ARGUMENT_RESULT, a->index);
        seal__pb_write_u32(w, SUI_RPC_ARGUMENT_SUBRESULT, a->result_index);
        break;
    }
    seal__pb_end(w);
}

static void write_input(seal__pb_writer *w, const seal_sui_call_arg *a) {
    seal__pb_begin(w, SUI_RPC_PROGRAMMABLE_TRANSACTION_INPUTS);
    if (a->kind == SEAL_SUI_CALL_ARG_PURE) {
        seal__pb_write_i32(w, SUI_RPC_INPUT_KIND, SUI_RPC_INPUT_KIND_PURE);
        seal__pb_write_bytes(w, SUI_RPC_INPUT_PURE, a->pure.ptr, a->pure.len);
    } else if (a->kind == SEAL_SUI_CALL_ARG_OBJECT && a->object_kind == SEAL_SUI_OBJECT_SHARED) {
        seal__pb_write_i32(w, SUI_RPC_INPUT_KIND, SUI_RPC_INPUT_KIND_SHARED);
        seal__lg_write_address(w, SUI_RPC_INPUT_OBJECT_ID, a->object.id);
        seal__pb_write_u64(w, SUI_RPC_INPUT_VERSION, a->initial_shared_version);
        seal__pb_write_bool(w, SUI_RPC_INPUT_MUTABLE, a->mutability != SEAL_SUI_SHARED_IMMUTABLE);
        seal__pb_write_i32(w, SUI_RPC_INPUT_MUTABILITY,
                           a->mutability == SEAL_SUI_SHARED_IMMUTABLE ? SUI_RPC_MUTABILITY_IMMUTABLE
                           : a->mutability == SEAL_SUI_SHARED_MUTABLE
                               ? SUI_RPC_MUTABILITY_MUTABLE
                               : SUI_RPC_MUTABILITY_NON_EXCLUSIVE_WRITE);
    } else if (a->kind == SEAL_SUI_CALL_ARG_OBJECT) {
        seal__pb_write_i32(w, SUI_RPC_INPUT_KIND,
                           a->object_kind == SEAL_SUI_OBJECT_RECEIVING
                               ? SUI_RPC_INPUT_KIND_RECEIVING
                               : SUI_RPC_INPUT_KIND_IMMUTABLE_OR_OWNED);
        seal__lg_write_address(w, SUI_RPC_INPUT_OBJECT_ID, a->object.id);
        seal__pb_write_u64(w, SUI_RPC_INPUT_VERSION, a->object.version);
        seal__lg_write_digest(w, SUI_RPC_INPUT_DIGEST, a->object.digest);
    } else {
        seal__pb_write_i32(w, SUI_RPC_INPUT_KIND, SUI_RPC_INPUT_KIND_FUNDS_WITHDRAWAL);
    }
    seal__pb_end(w);
}

static bool write_command(seal__pb_writer *w, const seal_sui_command *cm) {
    static const uint32_t FIELD[] = {
        [SEAL_SUI_CMD_MOVE_CALL] = SUI_RPC_COMMAND_MOVE_CALL,
        [SEAL_SUI_CMD_TRANSFER_OBJECTS] = SUI_RPC_COMMAND_TRANSFER_OBJECTS,
        [SEAL_SUI_CMD_SPLIT_COINS] = SUI_RPC_COMMAND_SPLIT_COINS,
        [SEAL_SUI_CMD_MERGE_COINS] = SUI_RPC_COMMAND_MERGE_COINS,
        [SEAL_SUI_CMD_PUBLISH] = SUI_RPC_COMMAND_PUBLISH,
        [SEAL_SUI_CMD_MAKE_MOVE_VEC] = SUI_RPC_COMMAND_MAKE_MOVE_VECTOR,
        [SEAL_SUI_CMD_UPGRADE] = SUI_RPC_COMMAND_UPGRADE,
    };
    bool ok = true;
    seal__pb_begin(w, SUI_RPC_PROGRAMMABLE_TRANSACTION_COMMANDS);
    seal__pb_begin(w, FIELD[cm->kind]);
    switch (cm->kind) {
    case SEAL_SUI_CMD_MOVE_CALL:
        seal__lg_write_address(w, SUI_RPC_MOVE_CALL_PACKAGE, cm->package);
        seal__pb_write_string_n(w, SUI_RPC_MOVE_CALL_MODULE, (const char *)cm->module.ptr,
                                cm->module.len);
        seal__pb_write_string_n(w, SUI_RPC_MOVE_CALL_FUNCTION, (const char *)cm->function.ptr,
                                cm->function.len);
        for (size_t i = 0; ok && i < cm->n_type_args; i++)
            ok = seal__lg_write_type(w, SUI_RPC_MOVE_CALL_TYPE_ARGUMENTS, cm->type_args[i].ptr,
                                     cm->type_args[i].len);
        for (size_t i = 0; i < cm->n_args; i++)
            write_argument(w, SUI_RPC_MOVE_CALL_ARGUMENTS, &cm->args[i]);
        break;
    case SEAL_SUI_CMD_TRANSFER_OBJECTS:
        for (size_t i = 0; i < cm->n_args; i++)
            write_argument(w, SUI_RPC_TRANSFER_OBJECTS_OBJECTS, &cm->args[i]);
        write_argument(w, SUI_RPC_TRANSFER_OBJECTS_ADDRESS, &cm->arg);
        break;
    case SEAL_SUI_CMD_SPLIT_COINS:
    case SEAL_SUI_CMD_MERGE_COINS:
        write_argument(w, 1, &cm->arg);
        for (size_t i = 0; i < cm->n_args; i++)
            write_argument(w, 2, &cm->args[i]);
        break;
    case SEAL_SUI_CMD_MAKE_MOVE_VEC:
        if (cm->has_type && cm->n_type_args == 1)
            ok = seal__lg_write_type(w, SUI_RPC_MAKE_MOVE_VECTOR_ELEMENT_TYPE, cm->type_args[0].ptr,
                                     cm->type_args[0].len);
        for (size_t i = 0; i < cm->n_args; i++)
            write_argument(w, SUI_RPC_MAKE_MOVE_VECTOR_ELEMENTS, &cm->args[i]);
        break;
    case SEAL_SUI_CMD_PUBLISH:
    case SEAL_SUI_CMD_UPGRADE:
        for (size_t i = 0; i < cm->n_modules; i++)
            seal__pb_write_bytes(w, 1, cm->modules[i].ptr, cm->modules[i].len);
        for (size_t i = 0; i < cm->n_deps; i++)
            seal__lg_write_address(w, 2, cm->deps[i]);
        if (cm->kind == SEAL_SUI_CMD_UPGRADE) {
            seal__lg_write_address(w, SUI_RPC_UPGRADE_PACKAGE, cm->package);
            write_argument(w, SUI_RPC_UPGRADE_TICKET, &cm->arg);
        }
        break;
    }
    seal__pb_end(w);
    seal__pb_end(w);
    return ok;
}

static void write_expiration(seal__pb_writer *w, const seal_sui_expiration *e) {
    seal__pb_begin(w, SUI_RPC_TRANSACTION_EXPIRATION);
    if (e->kind == SEAL_SUI_EXPIRATION_NONE) {
        seal__pb_write_i32(w, SUI_RPC_TRANSACTION_EXPIRATION_KIND, SUI_RPC_EXPIRATION_KIND_NONE);
    } else if (e->kind == SEAL_SUI_EXPIRATION_EPOCH) {
        seal__pb_write_i32(w, SUI_RPC_TRANSACTION_EXPIRATION_KIND, SUI_RPC_EXPIRATION_KIND_EPOCH);
        seal__pb_write_u64(w, SUI_RPC_TRANSACTION_EXPIRATION_EPOCH, e->epoch);
    } else {
        /* ValidDuring (Validity: its ValidDuring part): the decoder validated the layout */
        seal_bcs_reader r;
        uint8_t present = 0;
        uint64_t v[4] = {0};
        bool has[4] = {false};
        const uint8_t *chain = NULL;
        size_t n = 0;
        uint32_t nonce = 0;
        seal_bcs_reader_init(&r, e->raw.ptr, e->raw.len);
        for (int i = 0; i < 4; i++)
            if (seal_bcs_read_u8(&r, &present) == SEAL_OK && present == 1)
                has[i] = seal_bcs_read_u64(&r, &v[i]) == SEAL_OK;
        seal__pb_write_i32(w, SUI_RPC_TRANSACTION_EXPIRATION_KIND,
                           SUI_RPC_EXPIRATION_KIND_VALID_DURING);
        if (has[1])
            seal__pb_write_u64(w, SUI_RPC_TRANSACTION_EXPIRATION_EPOCH, v[1]);
        if (has[0])
            seal__pb_write_u64(w, SUI_RPC_TRANSACTION_EXPIRATION_MIN_EPOCH, v[0]);
        if (seal_bcs_read_bytes(&r, 32, &chain, &n) == SEAL_OK && n == 32)
            seal__lg_write_digest(w, SUI_RPC_TRANSACTION_EXPIRATION_CHAIN, chain);
        if (seal_bcs_read_u32(&r, &nonce) == SEAL_OK)
            seal__pb_write_u32(w, SUI_RPC_TRANSACTION_EXPIRATION_NONCE, nonce);
    }
    seal__pb_end(w);
}

/* The Transaction message of TransactionData bytes (decoded as td) under prefix. */
static bool write_transaction(seal__lg_call *c, seal__pb_writer *w, uint32_t field,
                              const seal__lg_mask *m, const char *prefix, const uint8_t *tx,
                              size_t len, const seal_sui_transaction_data *td) {
    uint8_t digest[32];
    bool ok = true;
    seal_sui_transaction_digest(digest, tx, len);
    seal__pb_begin(w, field);
    if (seal__lg_wantp(m, prefix, "bcs")) {
        seal__pb_begin(w, SUI_RPC_TRANSACTION_BCS);
        seal__pb_write_string(w, SUI_RPC_BCS_NAME, "TransactionData");
        seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, tx, len);
        seal__pb_end(w);
    }
    if (seal__lg_wantp(m, prefix, "digest"))
        seal__lg_write_digest(w, SUI_RPC_TRANSACTION_DIGEST, digest);
    if (seal__lg_wantp(m, prefix, "version"))
        seal__pb_write_i32(w, SUI_RPC_TRANSACTION_VERSION, 1);
    if (seal__lg_wantp(m, prefix, "kind")) {
        seal__pb_begin(w, SUI_RPC_TRANSACTION_KIND);
        seal__pb_write_i32(w, SUI_RPC_TRANSACTION_KIND_KIND, SUI_RPC_KIND_PROGRAMMABLE_TRANSACTION);
        seal__pb_begin(w, SUI_RPC_TRANSACTION_KIND_PROGRAMMABLE_TRANSACTION);
        for (size_t i = 0; i < td->ptb->n_inputs; i++)
            write_input(w, &td->ptb->inputs[i]);
        for (size_t i = 0; ok && i < td->ptb->n_commands; i++)
            ok = write_command(w, &td->ptb->commands[i]);
        seal__pb_end(w);
        seal__pb_end(w);
    }
    if (seal__lg_wantp(m, prefix, "sender"))
        seal__lg_write_address(w, SUI_RPC_TRANSACTION_SENDER, td->sender);
    if (seal__lg_wantp(m, prefix, "gas_payment")) {
        seal__pb_begin(w, SUI_RPC_TRANSACTION_GAS_PAYMENT);
        for (size_t i = 0; i < td->gas.n_payment; i++) {
            seal__pb_begin(w, SUI_RPC_GAS_PAYMENT_OBJECTS);
            seal__lg_write_address(w, SUI_RPC_OBJECT_REFERENCE_OBJECT_ID, td->gas.payment[i].id);
            seal__pb_write_u64(w, SUI_RPC_OBJECT_REFERENCE_VERSION, td->gas.payment[i].version);
            seal__lg_write_digest(w, SUI_RPC_OBJECT_REFERENCE_DIGEST, td->gas.payment[i].digest);
            seal__pb_end(w);
        }
        seal__lg_write_address(w, SUI_RPC_GAS_PAYMENT_OWNER, td->gas.owner);
        seal__pb_write_u64(w, SUI_RPC_GAS_PAYMENT_PRICE, td->gas.price);
        seal__pb_write_u64(w, SUI_RPC_GAS_PAYMENT_BUDGET, td->gas.budget);
        seal__pb_end(w);
    }
    if (seal__lg_wantp(m, prefix, "expiration"))
        write_expiration(w, &td->expiration);
    seal__pb_end(w);
    return ok ? true : seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
}

static void write_execution_error(seal__pb_writer *w, const seal_ledger_outcome *oc) {
    char text[512];
    int32_t kind;
    seal__localnet_failure_text(text, sizeof text, oc);
    switch (oc->status) {
    case SEAL_LEDGER_ABORT:
        kind = SUI_RPC_EXECUTION_ERROR_KIND_MOVE_ABORT;
        break;
    case SEAL_LEDGER_FUNCTION_NOT_FOUND:
        kind = SUI_RPC_EXECUTION_ERROR_KIND_FUNCTION_NOT_FOUND;
        break;
    case SEAL_LEDGER_TYPE_MISMATCH:
    case SEAL_LEDGER_INVALID_BCS:
        kind = SUI_RPC_EXECUTION_ERROR_KIND_COMMAND_ARGUMENT_ERROR;
        break;
    case SEAL_LEDGER_ARITY_MISMATCH:
        kind = SUI_RPC_EXECUTION_ERROR_KIND_ARITY_MISMATCH;
        break;
    case SEAL_LEDGER_ARITHMETIC_ERROR:
        kind = SUI_RPC_EXECUTION_ERROR_KIND_MOVE_PRIMITIVE_RUNTIME_ERROR;
        break;
    default:
        kind = SUI_RPC_EXECUTION_ERROR_KIND_FEATURE_NOT_YET_SUPPORTED;
        break;
    }
    seal__pb_begin(w, SUI_RPC_EXECUTION_STATUS_ERROR);
    seal__pb_write_string(w, SUI_RPC_EXECUTION_ERROR_DESCRIPTION, text);
    seal__pb_write_u64(w, SUI_RPC_EXECUTION_ERROR_COMMAND, oc->command);
    seal__pb_write_i32(w, SUI_RPC_EXECUTION_ERROR_KIND, kind);
    if (oc->status == SEAL_LEDGER_ABORT) {
        seal__pb_begin(w, SUI_RPC_EXECUTION_ERROR_ABORT);
        seal__pb_write_u64(w, SUI_RPC_MOVE_ABORT_ABORT_CODE, oc->abort_code);
        seal__pb_begin(w, SUI_RPC_MOVE_ABORT_LOCATION);
        seal__lg_write_address(w, SUI_RPC_MOVE_LOCATION_PACKAGE, oc->abort_package);
        seal__pb_write_string(w, SUI_RPC_MOVE_LOCATION_MODULE, oc->abort_module);
        /* the ledger runs the modules natively: no definition index or bytecode offset */
        seal__pb_write_u32(w, SUI_RPC_MOVE_LOCATION_FUNCTION, 0);
        seal__pb_write_u32(w, SUI_RPC_MOVE_LOCATION_INSTRUCTION, 0);
        seal__pb_write_string(w, SUI_RPC_MOVE_LOCATION_FUNCTION_NAME, oc->abort_function);
        seal__pb_end(w);
        seal__pb_end(w);
    } else if (kind == SUI_RPC_EXECUTION_ERROR_KIND_COMMAND_ARGUMENT_ERROR) {
        seal__pb_begin(w, SUI_RPC_EXECUTION_ERROR_COMMAND_ARGUMENT_ERROR);
        seal__pb_write_u32(w, SUI_RPC_COMMAND_ARGUMENT_ERROR_ARGUMENT, 0);
        seal__pb_write_i32(w, SUI_RPC_COMMAND_ARGUMENT_ERROR_KIND,
                           oc->status == SEAL_LEDGER_TYPE_MISMATCH
                               ? SUI_RPC_COMMAND_ARGUMENT_ERROR_KIND_TYPE_MISMATCH
                               : SUI_RPC_COMMAND_ARGUMENT_ERROR_KIND_INVALID_BCS_BYTES);
        seal__pb_end(w);
    }
    seal__pb_end(w);
}

static bool write_changed(seal__lg_call *c, seal__pb_writer *w, const seal_ledger_effect_object *o,
                          int op) {
    bool ok = true;
    seal__pb_begin(w, SUI_RPC_TRANSACTION_EFFECTS_CHANGED_OBJECTS);
    seal__lg_write_address(w, SUI_RPC_CHANGED_OBJECT_OBJECT_ID, o->id);
    seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_INPUT_STATE,
                       op == SUI_RPC_ID_OPERATION_CREATED
                           ? SUI_RPC_INPUT_OBJECT_STATE_DOES_NOT_EXIST
                           : SUI_RPC_INPUT_OBJECT_STATE_EXISTS);
    if (op == SUI_RPC_ID_OPERATION_DELETED) {
        seal__lg_write_owner(w, SUI_RPC_CHANGED_OBJECT_INPUT_OWNER, &o->owner);
        seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_STATE,
                           SUI_RPC_OUTPUT_OBJECT_STATE_DOES_NOT_EXIST);
    } else {
        seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_STATE,
                           SUI_RPC_OUTPUT_OBJECT_STATE_OBJECT_WRITE);
        seal__pb_write_u64(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_VERSION, o->version);
        seal__lg_write_digest(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_DIGEST, o->digest);
        seal__lg_write_owner(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_OWNER, &o->owner);
    }
    seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_ID_OPERATION, op);
    if (o->type_len > 0)
        ok = seal__lg_write_type(w, SUI_RPC_CHANGED_OBJECT_OBJECT_TYPE, o->type, o->type_len);
    seal__pb_end(w);
    return ok ? true : seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
}

/* TransactionEffects (version 2) of fx: status with exactly one of success / error, epoch 0,
 * no gas used, the changed objects. */
static bool write_effects(seal__lg_call *c, seal__pb_writer *w, uint32_t field,
                          const seal_ledger_effects *fx) {
    bool ok = true, success = fx->outcome.status == SEAL_LEDGER_SUCCESS;
    seal__pb_begin(w, field);
    seal__pb_write_i32(w, SUI_RPC_TRANSACTION_EFFECTS_VERSION, 2);
    seal__pb_begin(w, SUI_RPC_TRANSACTION_EFFECTS_STATUS);
    seal__pb_write_bool(w, SUI_RPC_EXECUTION_STATUS_SUCCESS, success);
    if (!success)
        write_execution_error(w, &fx->outcome);
    seal__pb_end(w);
    seal__pb_write_u64(w, SUI_RPC_TRANSACTION_EFFECTS_EPOCH, 0);
    seal__pb_begin(w, SUI_RPC_TRANSACTION_EFFECTS_GAS_USED);
    seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_COMPUTATION_COST, 0);
    seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_STORAGE_COST, 0);
    seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_STORAGE_REBATE, 0);
    seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_NON_REFUNDABLE_STORAGE_FEE, 0);
    seal__pb_end(w);
    seal__lg_write_digest(w, SUI_RPC_TRANSACTION_EFFECTS_TRANSACTION_DIGEST, fx->digest);
    if (success && fx->lamport_version > 0)
        seal__pb_write_u64(w, SUI_RPC_TRANSACTION_EFFECTS_LAMPORT_VERSION, fx->lamport_version);
    for (size_t i = 0; ok && success && i < fx->n_created; i++)
        ok = write_changed(c, w, &fx->created[i], SUI_RPC_ID_OPERATION_CREATED);
    for (size_t i = 0; ok && success && i < fx->n_mutated; i++)
        ok = write_changed(c, w, &fx->mutated[i], SUI_RPC_ID_OPERATION_NONE);
    for (size_t i = 0; ok && success && i < fx->n_deleted; i++)
        ok = write_changed(c, w, &fx->deleted[i], SUI_RPC_ID_OPERATION_DELETED);
    seal__pb_end(w);
    return ok;
}

/* ExecutedTransaction under prefix. sigs: BCS vector<vector<u8>> (NULL: none). */
static bool write_executed(seal__lg_call *c, seal__pb_writer *w, uint32_t field,
                           const seal__lg_mask *m, const char *prefix, const uint8_t *tx,
                           size_t len, const seal_sui_transaction_data *td,
                           const seal_ledger_effects *fx, const uint8_t *sigs, size_t sigs_len,
                           bool executed) {
    char sub[64];
    bool ok = true;
    seal__pb_begin(w, field);
    if (seal__lg_wantp(m, prefix, "digest"))
        seal__lg_write_digest(w, SUI_RPC_EXECUTED_TRANSACTION_DIGEST, fx->digest);
    snprintf(sub, sizeof sub, "%stransaction.", prefix);
    if (td != NULL && seal__lg_wantp(m, prefix, "transaction"))
        ok = write_transaction(c, w, SUI_RPC_EXECUTED_TRANSACTION_TRANSACTION, m, sub, tx, len, td);
    if (ok && sigs != NULL && seal__lg_wantp(m, prefix, "signatures")) {
        seal_bcs_reader r;
        size_t n = 0;
        seal_bcs_reader_init(&r, sigs, sigs_len);
        if (seal_bcs_read_len(&r, MAX_SIGNATURES, &n) == SEAL_OK)
            for (size_t i = 0; i < n; i++) {
                const uint8_t *p;
                size_t l;
                if (seal_bcs_read_bytes(&r, SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES, &p, &l) !=
                        SEAL_OK ||
                    l == 0)
                    break;
                seal__pb_begin(w, SUI_RPC_EXECUTED_TRANSACTION_SIGNATURES);
                seal__pb_begin(w, SUI_RPC_USER_SIGNATURE_BCS);
                seal__pb_write_string(w, SUI_RPC_BCS_NAME, "UserSignature");
                seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, p, l);
                seal__pb_end(w);
                seal__pb_write_i32(w, SUI_RPC_USER_SIGNATURE_SCHEME, p[0]);
                seal__pb_end(w);
            }
    }
    if (ok && seal__lg_wantp(m, prefix, "effects"))
        ok = write_effects(c, w, SUI_RPC_EXECUTED_TRANSACTION_EFFECTS, fx);
    if (ok && seal__lg_wantp(m, prefix, "events")) {
        seal__pb_begin(w, SUI_RPC_EXECUTED_TRANSACTION_EVENTS);
        seal__pb_end(w);
    }
    if (ok && executed) {
        seal_ledger *l = seal__lg_reader(c);
        uint64_t ts = 0;
        seal_err err;
        if (l == NULL)
            ok = false;
        else if ((err = seal_ledger_clock_get(l, &ts)) != SEAL_OK)
            ok = seal__lg_system_fail(c, err);
        /* one checkpoint per transaction; the ledger keeps no time per transaction: the Clock */
        if (ok && seal__lg_wantp(m, prefix, "checkpoint"))
            seal__pb_write_u64(w, SUI_RPC_EXECUTED_TRANSACTION_CHECKPOINT, fx->seq + 1);
        if (ok && seal__lg_wantp(m, prefix, "timestamp"))
            seal__lg_write_timestamp_ms(w, SUI_RPC_EXECUTED_TRANSACTION_TIMESTAMP, ts);
    }
    seal__pb_end(w);
    return ok;
}

/* ---- SimulateTransaction ------------------------------------------------------------------- */

typedef struct simulate_req {
    seal__pb_bytes tx, mask;
    seal__pb_i32 checks;
    seal__pb_bool gas_selection;
} simulate_req;

static const seal__lg_field SIMULATE_REQ[] = {
    {SUI_RPC_SIMULATE_TRANSACTION_REQUEST_TRANSACTION, SEAL__LG_BYTES, offsetof(simulate_req, tx)},
    {SUI_RPC_SIMULATE_TRANSACTION_REQUEST_READ_MASK, SEAL__LG_BYTES, offsetof(simulate_req, mask)},
    {SUI_RPC_SIMULATE_TRANSACTION_REQUEST_CHECKS, SEAL__LG_I32, offsetof(simulate_req, checks)},
    {SUI_RPC_SIMULATE_TRANSACTION_REQUEST_DO_GAS_SELECTION, SEAL__LG_BOOL,
     offsetof(simulate_req, gas_selection)},
};

/* An input refused before execution: INVALID_ARGUMENT with Sui's UserInputError text. */
static bool input_refused(seal__lg_call *c, const seal_ledger_outcome *oc) {
    char text[512];
    if (seal__localnet_is_input_error(oc))
        seal__localnet_input_error_text(text, sizeof text, oc);
    else
        snprintf(text, sizeof text, "%s", oc->message);
    return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "%s", text);
}

void seal__lg_simulate_transaction(seal__lg_call *c, const uint8_t *req, size_t len) {
    simulate_req r;
    seal__lg_mask m;
    uint8_t *tx = NULL;
    size_t tx_len = 0;
    seal_sui_transaction_data *td = NULL;
    seal_ledger_effects *fx = NULL;
    seal_err err;
    memset(&r, 0, sizeof r);
    if (!SEAL__LG_DECODE(c, req, len, SIMULATE_REQ, &r, "SimulateTransactionRequest") ||
        !seal__lg_mask_parse(c, &r.mask, SEAL__LG_ROOT_SIMULATE, NULL, &m))
        return;
    if (r.checks.v != SUI_RPC_TRANSACTION_CHECKS_ENABLED &&
        r.checks.v != SUI_RPC_TRANSACTION_CHECKS_DISABLED) {
        seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid checks");
        return;
    }
    /* Gas selection (do_gas_selection): the ledger models no coins and charges no gas, so the
     * resolved payment is the one given (empty: none to pick), the owner the sender, the price
     * the reference gas price and the budget the given one or Sui's max_tx_gas. */
    if (!transaction_bytes(c, &r.tx, &tx, &tx_len))
        goto out;
    if ((err = seal_sui_transaction_data_decode(&td, tx, tx_len)) != SEAL_OK ||
        (fx = calloc(1, sizeof *fx)) == NULL) {
        seal__lg_system_fail(c, err != SEAL_OK ? err : SEAL_ERR_NO_MEMORY);
        goto out;
    }
    seal_sui_transaction_digest(fx->digest, tx, tx_len);
    memcpy(fx->sender, td->sender, 32);
    if (seal_ledger_ptb_changes_state(td->ptb)) {
        /* state changes run on the writer, rolled back */
        if ((err = seal__localnet_simulate(c->s, tx, tx_len, fx)) != SEAL_OK) {
            seal__lg_system_fail(c, err);
            goto out;
        }
        if (!fx->executed) {
            input_refused(c, &fx->outcome);
            goto out;
        }
    } else {
        seal_ledger *l = seal__lg_reader(c);
        if (l == NULL)
            goto out;
        if ((err = seal_ledger_dry_run_transaction(l, tx, tx_len, &fx->outcome)) != SEAL_OK) {
            seal__lg_system_fail(c, err);
            goto out;
        }
        if (seal__localnet_is_input_error(&fx->outcome)) {
            input_refused(c, &fx->outcome);
            goto out;
        }
    }
    if (seal__lg_wants(&m, "transaction") &&
        !write_executed(c, &c->w, SUI_RPC_SIMULATE_TRANSACTION_RESPONSE_TRANSACTION, &m,
                        "transaction.", tx, tx_len, td, fx, NULL, 0, false))
        goto out;
    if (seal__lg_wants(&m, "command_outputs"))
        /* the functions the ledger runs return nothing a client reads (seal_approve*,
         * check_staleness, entry functions): one empty result per command */
        for (size_t i = 0; fx->outcome.status == SEAL_LEDGER_SUCCESS && i < td->ptb->n_commands;
             i++) {
            seal__pb_begin(&c->w, SUI_RPC_SIMULATE_TRANSACTION_RESPONSE_COMMAND_OUTPUTS);
            seal__pb_end(&c->w);
        }
    if (seal__lg_wants(&m, "suggested_gas_price"))
        seal__pb_write_u64(&c->w, SUI_RPC_SIMULATE_TRANSACTION_RESPONSE_SUGGESTED_GAS_PRICE,
                           SEAL_LEDGER_REFERENCE_GAS_PRICE);
out:
    free(fx);
    seal_sui_transaction_data_free(td);
    free(tx);
}

/* ---- ExecuteTransaction -------------------------------------------------------------------- */

typedef struct execute_req {
    seal__pb_bytes tx, mask;
    size_t n_sigs;
    seal__pb_bytes sigs[MAX_SIGNATURES];
} execute_req;

static bool execute_field(seal__lg_call *c, const seal__pb_field *f, void *ctx) {
    execute_req *r = ctx;
    if (f->number == SUI_RPC_EXECUTE_TRANSACTION_REQUEST_TRANSACTION)
        return seal__pb_get_bytes(f, &r->tx) == SEAL_OK;
    if (f->number == SUI_RPC_EXECUTE_TRANSACTION_REQUEST_READ_MASK)
        return seal__pb_get_bytes(f, &r->mask) == SEAL_OK;
    if (f->number == SUI_RPC_EXECUTE_TRANSACTION_REQUEST_SIGNATURES) {
        seal__pb_reader s, b;
        seal__pb_field g, h;
        seal__pb_bytes value = {0};
        bool structured = false;
        if (r->n_sigs == MAX_SIGNATURES)
            return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "too many signatures: at most %d",
                                 MAX_SIGNATURES);
        if (seal__pb_get_message(f, &s) != SEAL_OK)
            return false;
        while (seal__pb_next(&s, &g)) {
            if (g.number == SUI_RPC_USER_SIGNATURE_BCS) {
                if (seal__pb_get_message(&g, &b) != SEAL_OK)
                    return false;
                while (seal__pb_next(&b, &h))
                    if (h.number == SUI_RPC_BCS_VALUE && seal__pb_get_bytes(&h, &value))
                        return false;
                if (seal__pb_reader_finish(&b) != SEAL_OK)
                    return false;
            } else if (g.number >= SUI_RPC_USER_SIGNATURE_SIMPLE &&
                       g.number <= SUI_RPC_USER_SIGNATURE_PASSKEY) {
                structured = true;
            }
        }
        if (seal__pb_reader_finish(&s) != SEAL_OK)
            return false;
        if (!value.set || value.len == 0 || value.len > SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES)
            return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                                 structured ? "signatures[%zu]: only the bcs form is supported"
                                            : "signatures[%zu]: missing bcs.value",
                                 r->n_sigs);
        r->sigs[r->n_sigs++] = value;
    }
    return true;
}

void seal__lg_execute_transaction(seal__lg_call *c, const uint8_t *req, size_t len) {
    execute_req *r = calloc(1, sizeof *r);
    seal__lg_mask m;
    uint8_t *tx = NULL, *sig_list = NULL;
    size_t tx_len = 0, lens[MAX_SIGNATURES], sig_list_len = 0;
    const uint8_t *sigs[MAX_SIGNATURES];
    seal_sui_transaction_data *td = NULL;
    seal_ledger_effects *fx = calloc(1, sizeof *fx);
    seal_bcs_writer w;
    seal_err err;
    if (r == NULL || fx == NULL) {
        seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        goto out;
    }
    if (!seal__lg_decode(c, req, len, execute_field, r, "ExecuteTransactionRequest") ||
        !seal__lg_mask_parse(c, &r->mask, SEAL__LG_ROOT_EXECUTED, "effects.status,checkpoint", &m))
        goto out;
    if (r->n_sigs == 0) {
        seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing signatures");
        goto out;
    }
    if (!transaction_bytes(c, &r->tx, &tx, &tx_len))
        goto out;
    for (size_t i = 0; i < r->n_sigs; i++) {
        sigs[i] = r->sigs[i].p;
        lens[i] = r->sigs[i].len;
    }
    err = seal__localnet_execute(c->s, tx, tx_len, sigs, lens, r->n_sigs, fx);
    if (err == SEAL_ERR_INVALID_SIGNATURE || err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME) {
        seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                      "Invalid user signature: Signature is not valid: %s", seal_strerror(err));
        goto out;
    }
    if (err != SEAL_OK) {
        if (err == SEAL_ERR_INVALID_ENCODING || err == SEAL_ERR_LIMIT ||
            err == SEAL_ERR_UNSUPPORTED)
            seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid transaction: %s",
                          seal_strerror(err));
        else
            seal__lg_system_fail(c, err);
        goto out;
    }
    if (!fx->executed) {
        /* refused by the input checks before execution: nothing recorded */
        input_refused(c, &fx->outcome);
        goto out;
    }
    if ((err = seal_sui_transaction_data_decode(&td, tx, tx_len)) != SEAL_OK) {
        seal__lg_system_fail(c, err);
        goto out;
    }
    /* the signatures as the ledger records them: BCS vector<vector<u8>> */
    seal_bcs_writer_init(&w, NULL, 0);
    seal_bcs_write_uleb128(&w, r->n_sigs);
    for (size_t i = 0; i < r->n_sigs; i++)
        seal_bcs_write_bytes(&w, sigs[i], lens[i]);
    sig_list_len = w.len;
    if ((sig_list = malloc(sig_list_len)) == NULL) {
        seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        goto out;
    }
    seal_bcs_writer_init(&w, sig_list, sig_list_len);
    seal_bcs_write_uleb128(&w, r->n_sigs);
    for (size_t i = 0; i < r->n_sigs; i++)
        seal_bcs_write_bytes(&w, sigs[i], lens[i]);
    if (seal_bcs_writer_finish(&w) != SEAL_OK) {
        seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
        goto out;
    }
    write_executed(c, &c->w, SUI_RPC_EXECUTE_TRANSACTION_RESPONSE_TRANSACTION, &m, "", tx, tx_len,
                   td, fx, sig_list, sig_list_len, true);
out:
    free(sig_list);
    seal_sui_transaction_data_free(td);
    free(tx);
    free(fx);
    free(r);
}

/* ---- GetTransaction ------------------------------------------------------------------------ */

typedef struct get_tx_req {
    seal__pb_bytes digest, mask;
} get_tx_req;

static const seal__lg_field GET_TX_REQ[] = {
    {SUI_RPC_GET_TRANSACTION_REQUEST_DIGEST, SEAL__LG_STRING, offsetof(get_tx_req, digest)},
    {SUI_RPC_GET_TRANSACTION_REQUEST_READ_MASK, SEAL__LG_BYTES, offsetof(get_tx_req, mask)},
};

void seal__lg_get_transaction(seal__lg_call *c, const uint8_t *req, size_t len) {
    get_tx_req r;
    seal__lg_mask m;
    uint8_t digest[32], *tx = NULL, *sigs = NULL;
    size_t tx_len = 0, sigs_len = 0;
    seal_ledger_effects *fx = NULL;
    seal_sui_transaction_data *td = NULL;
    seal_ledger *l;
    bool found = false;
    seal_err err;
    memset(&r, 0, sizeof r);
    if (!SEAL__LG_DECODE(c, req, len, GET_TX_REQ, &r, "GetTransactionRequest") ||
        !seal__lg_parse_digest(c, &r.digest, digest, "digest") ||
        !seal__lg_mask_parse(c, &r.mask, SEAL__LG_ROOT_EXECUTED, "digest", &m) ||
        (l = seal__lg_reader(c)) == NULL)
        return;
    if ((fx = calloc(1, sizeof *fx)) == NULL) {
        seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        return;
    }
    if ((err = seal_ledger_transaction_get(l, digest, fx, &found)) != SEAL_OK ||
        (found && (err = seal_ledger_transaction_bytes(l, digest, &tx, &tx_len, &sigs, &sigs_len,
                                                       &found)) != SEAL_OK)) {
        seal__lg_system_fail(c, err);
        goto out;
    }
    if (!found) {
        seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "Transaction %.*s not found", (int)r.digest.len,
                      (const char *)r.digest.p);
        goto out;
    }
    if ((err = seal_sui_transaction_data_decode(&td, tx, tx_len)) != SEAL_OK) {
        seal__lg_system_fail(c, err);
        goto out;
    }
    write_executed(c, &c->w, SUI_RPC_GET_TRANSACTION_RESPONSE_TRANSACTION, &m, "", tx, tx_len, td,
                   fx, sigs, sigs_len, true);
out:
    seal_sui_transaction_data_free(td);
    free(tx);
    free(sigs);
    free(fx);
}
