/* ProgrammableTransaction, TransactionKind and TransactionData: strict BCS decode and encode.
 *
 * Decoding runs the same parser twice: once to measure (no memory), once to fill one heap block
 * that holds a private copy of the input, the result structs and every array. */
#include <stdlib.h>
#include <string.h>

#include "seal/util.h"
#include "sui/internal.h"

/* ---- arena ---------------------------------------------------------------------------------- */

typedef struct arena {
    uint8_t *base; /* NULL while measuring */
    size_t cap;
    size_t used;
    bool overflow;
} arena;

static void *arena_take(arena *a, size_t n, size_t size) {
    size_t align = _Alignof(max_align_t);
    size_t off = (a->used + align - 1) / align * align;
    if (n > 0 && size > (SIZE_MAX - off) / n) {
        a->overflow = true;
        return NULL;
    }
    a->used = off + n * size;
    if (a->base == NULL || a->used > a->cap) {
        if (a->base != NULL) {
            a->overflow = true;
        }
        return NULL;
    }
    return a->base + off;
}

/* ---- decoding ------------------------------------------------------------------------------- */

static seal_err read_object_ref(seal_bcs_reader *r, seal_sui_object_ref *o) {
    const uint8_t *d = NULL;
    size_t n = 0;
    seal_err err;
    if ((err = seal_bcs_read_fixed(r, o->id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, &o->version)) != SEAL_OK ||
        (err = seal_bcs_read_bytes(r, 32, &d, &n)) != SEAL_OK) {
        return err;
    }
    if (n != 32) {
        r->failed = true;
        return SEAL_ERR_INVALID_ENCODING;
    }
    memcpy(o->digest, d, 32);
    return SEAL_OK;
}

static seal_err read_option_u64(seal_bcs_reader *r) {
    bool present = false;
    uint64_t v;
    seal_err err = seal_bcs_read_option(r, &present);
    if (err == SEAL_OK && present) {
        err = seal_bcs_read_u64(r, &v);
    }
    return err;
}

/* FundsWithdrawal { reservation: enum { MaxAmountU64(u64) }, type_arg: enum { Balance(TypeTag) },
 * withdraw_from: enum { Sender, Sponsor, SenderAllowance { funder, allowance } } }
 * (the layout of @mysten/sui 2.33.1). */
static seal_err read_funds_withdrawal(seal_bcs_reader *r) {
    uint32_t v = 0;
    uint64_t amount;
    seal_sui_type_tag t;
    uint8_t addr[32];
    seal_err err;
    if ((err = seal_bcs_read_variant(r, 1, &v)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, &amount)) != SEAL_OK ||
        (err = seal_bcs_read_variant(r, 1, &v)) != SEAL_OK ||
        (err = seal_sui_type_tag_read(r, &t)) != SEAL_OK ||
        (err = seal_bcs_read_variant(r, 3, &v)) != SEAL_OK) {
        return err;
    }
    if (v == 2) {
        if ((err = seal_bcs_read_fixed(r, addr, 32)) != SEAL_OK ||
            (err = seal_bcs_read_fixed(r, addr, 32)) != SEAL_OK) {
            return err;
        }
    }
    return SEAL_OK;
}

static seal_err read_call_arg(seal_bcs_reader *r, seal_sui_call_arg *a) {
    uint32_t v = 0;
    seal_err err;
    memset(a, 0, sizeof *a);
    if ((err = seal_bcs_read_variant(r, 3, &v)) != SEAL_OK) {
        return err;
    }
    a->kind = (seal_sui_call_arg_kind)v;
    if (v == SEAL_SUI_CALL_ARG_PURE) {
        return seal_bcs_read_bytes(r, SEAL_SUI_TX_MAX_BYTES, &a->pure.ptr, &a->pure.len);
    }
    if (v == SEAL_SUI_CALL_ARG_FUNDS_WITHDRAWAL) {
        size_t start = r->pos;
        if ((err = read_funds_withdrawal(r)) != SEAL_OK) {
            return err;
        }
        a->funds_withdrawal.ptr = r->buf + start;
        a->funds_withdrawal.len = r->pos - start;
        return SEAL_OK;
    }
    if ((err = seal_bcs_read_variant(r, 3, &v)) != SEAL_OK) {
        return err;
    }
    a->object_kind = (seal_sui_object_arg_kind)v;
    if (v != SEAL_SUI_OBJECT_SHARED) {
        return read_object_ref(r, &a->object);
    }
    if ((err = seal_bcs_read_fixed(r, a->object.id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, &a->initial_shared_version)) != SEAL_OK ||
        (err = seal_bcs_read_u8(r, &a->mutability)) != SEAL_OK) {
        return err;
    }
    if (a->mutability > SEAL_SUI_SHARED_NON_EXCLUSIVE_WRITE) {
        r->failed = true;
        return SEAL_ERR_INVALID_ENCODING;
    }
    return SEAL_OK;
}

static seal_err read_argument(seal_bcs_reader *r, seal_sui_argument *a) {
    uint32_t v = 0;
    seal_err err;
    a->index = 0;
    a->result_index = 0;
    if ((err = seal_bcs_read_variant(r, 4, &v)) != SEAL_OK) {
        return err;
    }
    a->kind = (seal_sui_argument_kind)v;
    if (v >= SEAL_SUI_ARG_INPUT && (err = seal_bcs_read_u16(r, &a->index)) != SEAL_OK) {
        return err;
    }
    if (v == SEAL_SUI_ARG_NESTED_RESULT) {
        return seal_bcs_read_u16(r, &a->result_index);
    }
    return SEAL_OK;
}

static seal_err read_arguments(seal_bcs_reader *r, arena *ar, size_t *n_out,
                               const seal_sui_argument **out) {
    size_t n = 0;
    seal_err err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_ARGUMENTS, &n);
    if (err != SEAL_OK) {
        return err;
    }
    seal_sui_argument *arr = arena_take(ar, n, sizeof *arr);
    for (size_t i = 0; i < n; i++) {
        seal_sui_argument tmp;
        if ((err = read_argument(r, &tmp)) != SEAL_OK) {
            return err;
        }
        if (arr != NULL) {
            arr[i] = tmp;
        }
    }
    *n_out = n;
    *out = arr;
    return SEAL_OK;
}

static seal_err read_type_args(seal_bcs_reader *r, arena *ar, size_t n, seal_sui_command *c) {
    seal_err err;
    seal_sui_type_tag *arr = arena_take(ar, n, sizeof *arr);
    for (size_t i = 0; i < n; i++) {
        seal_sui_type_tag tmp;
        if ((err = seal_sui_type_tag_read(r, &tmp)) != SEAL_OK) {
            return err;
        }
        if (arr != NULL) {
            arr[i] = tmp;
        }
    }
    c->n_type_args = n;
    c->type_args = arr;
    return SEAL_OK;
}

static seal_err read_modules_deps(seal_bcs_reader *r, arena *ar, seal_sui_command *c) {
    size_t n = 0;
    seal_err err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_MODULES, &n);
    if (err != SEAL_OK) {
        return err;
    }
    seal_sui_bytes *mods = arena_take(ar, n, sizeof *mods);
    for (size_t i = 0; i < n; i++) {
        seal_sui_bytes tmp;
        if ((err = seal_bcs_read_bytes(r, SEAL_SUI_TX_MAX_BYTES, &tmp.ptr, &tmp.len)) != SEAL_OK) {
            return err;
        }
        if (mods != NULL) {
            mods[i] = tmp;
        }
    }
    c->n_modules = n;
    c->modules = mods;
    if ((err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_MODULES, &n)) != SEAL_OK) {
        return err;
    }
    uint8_t(*deps)[32] = arena_take(ar, n, 32);
    for (size_t i = 0; i < n; i++) {
        uint8_t tmp[32];
        if ((err = seal_bcs_read_fixed(r, tmp, 32)) != SEAL_OK) {
            return err;
        }
        if (deps != NULL) {
            memcpy(deps[i], tmp, 32);
        }
    }
    c->n_deps = n;
    c->deps = (const uint8_t(*)[32])deps;
    return SEAL_OK;
}

static seal_err read_command(seal_bcs_reader *r, arena *ar, seal_sui_command *c) {
    uint32_t v = 0;
    size_t n = 0;
    bool present = false;
    seal_err err;
    memset(c, 0, sizeof *c);
    if ((err = seal_bcs_read_variant(r, 7, &v)) != SEAL_OK) {
        return err;
    }
    c->kind = (seal_sui_command_kind)v;
    switch (c->kind) {
    case SEAL_SUI_CMD_MOVE_CALL:
        if ((err = seal_bcs_read_fixed(r, c->package, 32)) != SEAL_OK ||
            (err = seal__sui_read_identifier(r, &c->module)) != SEAL_OK ||
            (err = seal__sui_read_identifier(r, &c->function)) != SEAL_OK ||
            (err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS, &n)) != SEAL_OK ||
            (err = read_type_args(r, ar, n, c)) != SEAL_OK) {
            return err;
        }
        return read_arguments(r, ar, &c->n_args, &c->args);
    case SEAL_SUI_CMD_TRANSFER_OBJECTS:
        if ((err = read_arguments(r, ar, &c->n_args, &c->args)) != SEAL_OK) {
            return err;
        }
        return read_argument(r, &c->arg);
    case SEAL_SUI_CMD_SPLIT_COINS:
    case SEAL_SUI_CMD_MERGE_COINS:
        if ((err = read_argument(r, &c->arg)) != SEAL_OK) {
            return err;
        }
        return read_arguments(r, ar, &c->n_args, &c->args);
    case SEAL_SUI_CMD_PUBLISH:
        return read_modules_deps(r, ar, c);
    case SEAL_SUI_CMD_MAKE_MOVE_VEC:
        if ((err = seal_bcs_read_option(r, &present)) != SEAL_OK) {
            return err;
        }
        c->has_type = present;
        if (present && (err = read_type_args(r, ar, 1, c)) != SEAL_OK) {
            return err;
        }
        return read_arguments(r, ar, &c->n_args, &c->args);
    case SEAL_SUI_CMD_UPGRADE:
        if ((err = read_modules_deps(r, ar, c)) != SEAL_OK ||
            (err = seal_bcs_read_fixed(r, c->package, 32)) != SEAL_OK) {
            return err;
        }
        return read_argument(r, &c->arg);
    }
    return SEAL_ERR_INTERNAL;
}

static seal_err read_ptb(seal_bcs_reader *r, arena *ar, seal_sui_ptb *p) {
    size_t n = 0;
    seal_err err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_INPUTS, &n);
    if (err != SEAL_OK) {
        return err;
    }
    seal_sui_call_arg *inputs = arena_take(ar, n, sizeof *inputs);
    for (size_t i = 0; i < n; i++) {
        seal_sui_call_arg tmp;
        if ((err = read_call_arg(r, &tmp)) != SEAL_OK) {
            return err;
        }
        if (inputs != NULL) {
            inputs[i] = tmp;
        }
    }
    p->n_inputs = n;
    p->inputs = inputs;
    if ((err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_COMMANDS, &n)) != SEAL_OK) {
        return err;
    }
    seal_sui_command *cmds = arena_take(ar, n, sizeof *cmds);
    for (size_t i = 0; i < n; i++) {
        seal_sui_command tmp;
        if ((err = read_command(r, ar, &tmp)) != SEAL_OK) {
            return err;
        }
        if (cmds != NULL) {
            cmds[i] = tmp;
        }
    }
    p->n_commands = n;
    p->commands = cmds;
    return SEAL_OK;
}

/* TransactionKind: only ProgrammableTransaction (0) is decoded; 1..10 are Sui system kinds. */
#define TX_KIND_VARIANTS 11

static seal_err read_kind(seal_bcs_reader *r, arena *ar, seal_sui_ptb *p) {
    uint32_t v = 0;
    seal_err err = seal_bcs_read_variant(r, TX_KIND_VARIANTS, &v);
    if (err != SEAL_OK) {
        return err;
    }
    if (v != 0) {
        r->failed = true;
        return SEAL_ERR_UNSUPPORTED;
    }
    return read_ptb(r, ar, p);
}

static seal_err read_expiration(seal_bcs_reader *r, seal_sui_expiration *e) {
    uint32_t v = 0;
    seal_err err;
    memset(e, 0, sizeof *e);
    if ((err = seal_bcs_read_variant(r, 4, &v)) != SEAL_OK) {
        return err;
    }
    e->kind = (seal_sui_expiration_kind)v;
    if (v == SEAL_SUI_EXPIRATION_NONE) {
        return SEAL_OK;
    }
    if (v == SEAL_SUI_EXPIRATION_EPOCH) {
        return seal_bcs_read_u64(r, &e->epoch);
    }
    /* ValidDuring { min_epoch, max_epoch, min_timestamp, max_timestamp: Option<u64>,
     * chain: digest, nonce: u32 } [Validity adds allowed_proposers: Option<{epoch: u64,
     * proposers: vector<u32> (non-empty, strictly increasing)}>] */
    size_t start = r->pos;
    const uint8_t *d = NULL;
    size_t n = 0;
    uint32_t nonce;
    for (int i = 0; i < 4; i++) {
        if ((err = read_option_u64(r)) != SEAL_OK) {
            return err;
        }
    }
    if ((err = seal_bcs_read_bytes(r, 32, &d, &n)) != SEAL_OK) {
        return err;
    }
    if (n != 32) {
        r->failed = true;
        return SEAL_ERR_INVALID_ENCODING;
    }
    if ((err = seal_bcs_read_u32(r, &nonce)) != SEAL_OK) {
        return err;
    }
    if (v == SEAL_SUI_EXPIRATION_VALIDITY) {
        bool present = false;
        if ((err = seal_bcs_read_option(r, &present)) != SEAL_OK) {
            return err;
        }
        if (present) {
            uint64_t epoch;
            if ((err = seal_bcs_read_u64(r, &epoch)) != SEAL_OK ||
                (err = seal_bcs_read_len(r, 1024, &n)) != SEAL_OK) {
                return err;
            }
            uint32_t prev = 0;
            for (size_t i = 0; i < n; i++) {
                uint32_t p = 0;
                if ((err = seal_bcs_read_u32(r, &p)) != SEAL_OK) {
                    return err;
                }
                if (i > 0 && p <= prev) {
                    r->failed = true;
                    return SEAL_ERR_INVALID_ENCODING;
                }
                prev = p;
            }
            if (n == 0) {
                r->failed = true;
                return SEAL_ERR_INVALID_ENCODING;
            }
        }
    }
    e->raw.ptr = r->buf + start;
    e->raw.len = r->pos - start;
    return SEAL_OK;
}

static seal_err read_tx(seal_bcs_reader *r, arena *ar, seal_sui_transaction_data *tx) {
    uint32_t v = 0;
    size_t n = 0;
    seal_err err;
    seal_sui_ptb *ptb = arena_take(ar, 1, sizeof *ptb);
    seal_sui_ptb scratch;
    if ((err = seal_bcs_read_variant(r, 1, &v)) != SEAL_OK ||
        (err = read_kind(r, ar, ptb != NULL ? ptb : &scratch)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(r, tx->sender, 32)) != SEAL_OK ||
        (err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_GAS_OBJECTS, &n)) != SEAL_OK) {
        return err;
    }
    tx->ptb = ptb;
    seal_sui_object_ref *pay = arena_take(ar, n, sizeof *pay);
    for (size_t i = 0; i < n; i++) {
        seal_sui_object_ref tmp;
        if ((err = read_object_ref(r, &tmp)) != SEAL_OK) {
            return err;
        }
        if (pay != NULL) {
            pay[i] = tmp;
        }
    }
    tx->gas.n_payment = n;
    tx->gas.payment = pay;
    if ((err = seal_bcs_read_fixed(r, tx->gas.owner, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, &tx->gas.price)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, &tx->gas.budget)) != SEAL_OK) {
        return err;
    }
    return read_expiration(r, &tx->expiration);
}

typedef enum what { WHAT_PTB, WHAT_KIND, WHAT_TX } what;

/* Runs the parser for `what` over buf in one of the two modes. root receives the top-level
 * struct (ptb or tx). */
static seal_err parse(what w, const uint8_t *buf, size_t len, arena *ar, void **root) {
    seal_bcs_reader r;
    seal_err err;
    seal_bcs_reader_init(&r, buf, len);
    if (w == WHAT_TX) {
        seal_sui_transaction_data scratch;
        seal_sui_transaction_data *tx = arena_take(ar, 1, sizeof *tx);
        err = read_tx(&r, ar, tx != NULL ? tx : &scratch);
        *root = tx;
    } else {
        seal_sui_ptb scratch;
        seal_sui_ptb *p = arena_take(ar, 1, sizeof *p);
        err = w == WHAT_KIND ? read_kind(&r, ar, p != NULL ? p : &scratch)
                             : read_ptb(&r, ar, p != NULL ? p : &scratch);
        *root = p;
    }
    if (err == SEAL_OK) {
        err = seal_bcs_reader_finish(&r);
    }
    if (err == SEAL_OK && ar->overflow) {
        err = SEAL_ERR_INTERNAL;
    }
    return err;
}

static seal_err decode(what w, void **out, const uint8_t *bcs, size_t len) {
    arena measure = {NULL, 0, 0, false};
    void *root = NULL;
    seal_err err;
    *out = NULL;
    if (bcs == NULL && len > 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (len > SEAL_SUI_TX_MAX_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    if ((err = parse(w, bcs, len, &measure, &root)) != SEAL_OK) {
        return err;
    }
    /* Layout: [structs and arrays][copy of the input]. The root is the first allocation. */
    size_t body = measure.used;
    uint8_t *block = malloc(body + len + 1);
    if (block == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    uint8_t *copy = block + body;
    if (len > 0) {
        memcpy(copy, bcs, len);
    }
    arena fill = {block, body, 0, false};
    if ((err = parse(w, copy, len, &fill, &root)) != SEAL_OK || root != block) {
        free(block);
        return err != SEAL_OK ? err : SEAL_ERR_INTERNAL;
    }
    *out = root;
    return SEAL_OK;
}

seal_err seal_sui_ptb_decode(seal_sui_ptb **out, const uint8_t *bcs, size_t len) {
    void *p = NULL;
    seal_err err = out == NULL ? SEAL_ERR_INVALID_ARGUMENT : decode(WHAT_PTB, &p, bcs, len);
    if (out != NULL) {
        *out = p;
    }
    return err;
}

seal_err seal_sui_transaction_kind_decode(seal_sui_ptb **out, const uint8_t *bcs, size_t len) {
    void *p = NULL;
    seal_err err = out == NULL ? SEAL_ERR_INVALID_ARGUMENT : decode(WHAT_KIND, &p, bcs, len);
    if (out != NULL) {
        *out = p;
    }
    return err;
}

void seal_sui_ptb_free(seal_sui_ptb *ptb) {
    free(ptb);
}

seal_err seal_sui_transaction_data_decode(seal_sui_transaction_data **out, const uint8_t *bcs,
                                          size_t len) {
    void *p = NULL;
    seal_err err = out == NULL ? SEAL_ERR_INVALID_ARGUMENT : decode(WHAT_TX, &p, bcs, len);
    if (out != NULL) {
        *out = p;
    }
    return err;
}

void seal_sui_transaction_data_free(seal_sui_transaction_data *tx) {
    free(tx);
}

/* ---- encoding ------------------------------------------------------------------------------- */

static void write_object_ref(seal_bcs_writer *w, const seal_sui_object_ref *o) {
    seal_bcs_write_fixed(w, o->id, 32);
    seal_bcs_write_u64(w, o->version);
    seal_bcs_write_bytes(w, o->digest, 32);
}

static seal_err write_call_arg(seal_bcs_writer *w, const seal_sui_call_arg *a) {
    switch (a->kind) {
    case SEAL_SUI_CALL_ARG_PURE:
        if ((a->pure.ptr == NULL && a->pure.len > 0) || a->pure.len > SEAL_SUI_TX_MAX_BYTES) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_uleb128(w, 0);
        seal_bcs_write_bytes(w, a->pure.ptr, a->pure.len);
        return SEAL_OK;
    case SEAL_SUI_CALL_ARG_OBJECT:
        seal_bcs_write_uleb128(w, 1);
        switch (a->object_kind) {
        case SEAL_SUI_OBJECT_IMM_OR_OWNED:
        case SEAL_SUI_OBJECT_RECEIVING:
            seal_bcs_write_uleb128(w, a->object_kind);
            write_object_ref(w, &a->object);
            return SEAL_OK;
        case SEAL_SUI_OBJECT_SHARED:
            if (a->mutability > SEAL_SUI_SHARED_NON_EXCLUSIVE_WRITE) {
                return SEAL_ERR_INVALID_ARGUMENT;
            }
            seal_bcs_write_uleb128(w, SEAL_SUI_OBJECT_SHARED);
            seal_bcs_write_fixed(w, a->object.id, 32);
            seal_bcs_write_u64(w, a->initial_shared_version);
            seal_bcs_write_u8(w, a->mutability);
            return SEAL_OK;
        }
        return SEAL_ERR_INVALID_ARGUMENT;
    case SEAL_SUI_CALL_ARG_FUNDS_WITHDRAWAL: {
        seal_bcs_reader r;
        seal_bcs_reader_init(&r, a->funds_withdrawal.ptr, a->funds_withdrawal.len);
        if (a->funds_withdrawal.ptr == NULL || read_funds_withdrawal(&r) != SEAL_OK ||
            seal_bcs_reader_finish(&r) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_uleb128(w, 2);
        seal_bcs_write_fixed(w, a->funds_withdrawal.ptr, a->funds_withdrawal.len);
        return SEAL_OK;
    }
    }
    return SEAL_ERR_INVALID_ARGUMENT;
}

static seal_err write_argument(seal_bcs_writer *w, const seal_sui_argument *a) {
    if ((unsigned)a->kind > SEAL_SUI_ARG_NESTED_RESULT) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_uleb128(w, a->kind);
    if (a->kind != SEAL_SUI_ARG_GAS_COIN) {
        seal_bcs_write_u16(w, a->index);
    }
    if (a->kind == SEAL_SUI_ARG_NESTED_RESULT) {
        seal_bcs_write_u16(w, a->result_index);
    }
    return SEAL_OK;
}

static seal_err write_arguments(seal_bcs_writer *w, size_t n, const seal_sui_argument *args) {
    seal_err err;
    if (n > SEAL_SUI_PTB_MAX_ARGUMENTS || (n > 0 && args == NULL)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_uleb128(w, n);
    for (size_t i = 0; i < n; i++) {
        if ((err = write_argument(w, &args[i])) != SEAL_OK) {
            return err;
        }
    }
    return SEAL_OK;
}

static seal_err write_type_tag(seal_bcs_writer *w, const seal_sui_type_tag *t) {
    if (seal_sui_type_tag_validate(t->ptr, t->len) != SEAL_OK) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_fixed(w, t->ptr, t->len);
    return SEAL_OK;
}

static seal_err write_ident(seal_bcs_writer *w, const seal_sui_bytes *s) {
    if (seal_sui_identifier_validate(s->ptr, s->len) != SEAL_OK) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_bytes(w, s->ptr, s->len);
    return SEAL_OK;
}

static seal_err write_modules_deps(seal_bcs_writer *w, const seal_sui_command *c) {
    if (c->n_modules > SEAL_SUI_PTB_MAX_MODULES || c->n_deps > SEAL_SUI_PTB_MAX_MODULES ||
        (c->n_modules > 0 && c->modules == NULL) || (c->n_deps > 0 && c->deps == NULL)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_uleb128(w, c->n_modules);
    for (size_t i = 0; i < c->n_modules; i++) {
        if ((c->modules[i].ptr == NULL && c->modules[i].len > 0) ||
            c->modules[i].len > SEAL_SUI_TX_MAX_BYTES) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_bytes(w, c->modules[i].ptr, c->modules[i].len);
    }
    seal_bcs_write_uleb128(w, c->n_deps);
    for (size_t i = 0; i < c->n_deps; i++) {
        seal_bcs_write_fixed(w, c->deps[i], 32);
    }
    return SEAL_OK;
}

static seal_err write_command(seal_bcs_writer *w, const seal_sui_command *c) {
    seal_err err;
    if ((unsigned)c->kind > SEAL_SUI_CMD_UPGRADE) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_uleb128(w, c->kind);
    switch (c->kind) {
    case SEAL_SUI_CMD_MOVE_CALL:
        if (c->n_type_args > SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS ||
            (c->n_type_args > 0 && c->type_args == NULL)) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_fixed(w, c->package, 32);
        if ((err = write_ident(w, &c->module)) != SEAL_OK ||
            (err = write_ident(w, &c->function)) != SEAL_OK) {
            return err;
        }
        seal_bcs_write_uleb128(w, c->n_type_args);
        for (size_t i = 0; i < c->n_type_args; i++) {
            if ((err = write_type_tag(w, &c->type_args[i])) != SEAL_OK) {
                return err;
            }
        }
        return write_arguments(w, c->n_args, c->args);
    case SEAL_SUI_CMD_TRANSFER_OBJECTS:
        if ((err = write_arguments(w, c->n_args, c->args)) != SEAL_OK) {
            return err;
        }
        return write_argument(w, &c->arg);
    case SEAL_SUI_CMD_SPLIT_COINS:
    case SEAL_SUI_CMD_MERGE_COINS:
        if ((err = write_argument(w, &c->arg)) != SEAL_OK) {
            return err;
        }
        return write_arguments(w, c->n_args, c->args);
    case SEAL_SUI_CMD_PUBLISH:
        return write_modules_deps(w, c);
    case SEAL_SUI_CMD_MAKE_MOVE_VEC:
        if (c->has_type && (c->n_type_args != 1 || c->type_args == NULL)) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_u8(w, c->has_type ? 1 : 0);
        if (c->has_type && (err = write_type_tag(w, &c->type_args[0])) != SEAL_OK) {
            return err;
        }
        return write_arguments(w, c->n_args, c->args);
    case SEAL_SUI_CMD_UPGRADE:
        if ((err = write_modules_deps(w, c)) != SEAL_OK) {
            return err;
        }
        seal_bcs_write_fixed(w, c->package, 32);
        return write_argument(w, &c->arg);
    }
    return SEAL_ERR_INVALID_ARGUMENT;
}

static seal_err write_ptb(seal_bcs_writer *w, const seal_sui_ptb *p) {
    seal_err err;
    if (p == NULL || p->n_inputs > SEAL_SUI_PTB_MAX_INPUTS ||
        p->n_commands > SEAL_SUI_PTB_MAX_COMMANDS || (p->n_inputs > 0 && p->inputs == NULL) ||
        (p->n_commands > 0 && p->commands == NULL)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_uleb128(w, p->n_inputs);
    for (size_t i = 0; i < p->n_inputs; i++) {
        if ((err = write_call_arg(w, &p->inputs[i])) != SEAL_OK) {
            return err;
        }
    }
    seal_bcs_write_uleb128(w, p->n_commands);
    for (size_t i = 0; i < p->n_commands; i++) {
        if ((err = write_command(w, &p->commands[i])) != SEAL_OK) {
            return err;
        }
    }
    return SEAL_OK;
}

static seal_err write_tx(seal_bcs_writer *w, const seal_sui_transaction_data *tx) {
    seal_err err;
    const seal_sui_gas_data *g = &tx->gas;
    if (g->n_payment > SEAL_SUI_PTB_MAX_GAS_OBJECTS || (g->n_payment > 0 && g->payment == NULL)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_bcs_write_uleb128(w, 0); /* V1 */
    seal_bcs_write_uleb128(w, 0); /* ProgrammableTransaction */
    if ((err = write_ptb(w, tx->ptb)) != SEAL_OK) {
        return err;
    }
    seal_bcs_write_fixed(w, tx->sender, 32);
    seal_bcs_write_uleb128(w, g->n_payment);
    for (size_t i = 0; i < g->n_payment; i++) {
        write_object_ref(w, &g->payment[i]);
    }
    seal_bcs_write_fixed(w, g->owner, 32);
    seal_bcs_write_u64(w, g->price);
    seal_bcs_write_u64(w, g->budget);
    const seal_sui_expiration *e = &tx->expiration;
    switch (e->kind) {
    case SEAL_SUI_EXPIRATION_NONE:
        seal_bcs_write_uleb128(w, 0);
        return SEAL_OK;
    case SEAL_SUI_EXPIRATION_EPOCH:
        seal_bcs_write_uleb128(w, 1);
        seal_bcs_write_u64(w, e->epoch);
        return SEAL_OK;
    case SEAL_SUI_EXPIRATION_VALID_DURING:
    case SEAL_SUI_EXPIRATION_VALIDITY: {
        /* Validate the raw bytes by decoding them behind their variant index. */
        uint8_t idx = (uint8_t)e->kind;
        if (e->raw.ptr == NULL || e->raw.len > 4096) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        uint8_t tmp[4097];
        tmp[0] = idx;
        memcpy(tmp + 1, e->raw.ptr, e->raw.len);
        seal_bcs_reader r;
        seal_sui_expiration check;
        seal_bcs_reader_init(&r, tmp, e->raw.len + 1);
        if (read_expiration(&r, &check) != SEAL_OK || seal_bcs_reader_finish(&r) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_uleb128(w, idx);
        seal_bcs_write_fixed(w, e->raw.ptr, e->raw.len);
        return SEAL_OK;
    }
    }
    return SEAL_ERR_INVALID_ARGUMENT;
}

/* Validates with a measuring writer first so that nothing reaches w on error. */
seal_err seal_sui_ptb_encode(seal_bcs_writer *w, const seal_sui_ptb *ptb) {
    seal_bcs_writer m;
    seal_bcs_writer_init(&m, NULL, 0);
    seal_err err = write_ptb(&m, ptb);
    if (err == SEAL_OK) {
        err = write_ptb(w, ptb);
    }
    return err;
}

seal_err seal_sui_transaction_kind_encode(seal_bcs_writer *w, const seal_sui_ptb *ptb) {
    seal_bcs_writer m;
    seal_bcs_writer_init(&m, NULL, 0);
    seal_err err = write_ptb(&m, ptb);
    if (err == SEAL_OK) {
        seal_bcs_write_uleb128(w, 0);
        err = write_ptb(w, ptb);
    }
    return err;
}

seal_err seal_sui_transaction_data_encode(seal_bcs_writer *w, const seal_sui_transaction_data *tx) {
    seal_bcs_writer m;
    seal_bcs_writer_init(&m, NULL, 0);
    if (tx == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_err err = write_tx(&m, tx);
    if (err == SEAL_OK) {
        err = write_tx(w, tx);
    }
    return err;
}
