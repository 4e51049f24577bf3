/* The embedded ledger tests' transaction builder (ledger_ptb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ledger_ptb.h"
#include "seal/bcs.h"

void tu_addr(uint8_t out[32], uint8_t b) {
    memset(out, 0, 32);
    out[0] = 0xa0;
    out[31] = b;
}

seal_ledger *tu_team_create(tu_team *t, const char *prefix, uint64_t t0) {
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    memset(t, 0, sizeof *t);
    if (!tu_tempdir(t->dir, sizeof t->dir, prefix))
        return NULL;
    snprintf(t->path, sizeof t->path, "%s/ledger.db", t->dir);
    tu_addr(t->owner, 1);
    tu_addr(t->member, 2);
    tu_addr(t->stranger, 3);
    if (seal_ledger_open_ex(&l, t->path, t0) != SEAL_OK)
        return NULL;
    if (seal_ledger_allowlist_create(l, t->owner, "team", t->al, t->cap, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS ||
        seal_ledger_allowlist_add(l, t->owner, t->al, t->cap, t->member, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS) {
        seal_ledger_close(l);
        return NULL;
    }
    return l;
}

uint16_t tu_ptb_bytes(tu_ptb *b, const uint8_t *p, size_t n) {
    seal_bcs_writer w;
    assert_true(b->n_in < 8);
    seal_bcs_writer_init(&w, b->pure[b->n_in], sizeof b->pure[0]);
    seal_bcs_write_bytes(&w, p, n);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    b->in[b->n_in] =
        (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {b->pure[b->n_in], w.len}};
    return (uint16_t)b->n_in++;
}

uint16_t tu_ptb_raw(tu_ptb *b, const uint8_t *p, size_t n) {
    assert_true(b->n_in < 8 && n <= sizeof b->pure[0]);
    memcpy(b->pure[b->n_in], p, n);
    b->in[b->n_in] =
        (seal_sui_call_arg){.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {b->pure[b->n_in], n}};
    return (uint16_t)b->n_in++;
}

uint16_t tu_ptb_u64(tu_ptb *b, uint64_t v) {
    uint8_t le[8];
    for (int i = 0; i < 8; i++)
        le[i] = (uint8_t)(v >> (8 * i));
    return tu_ptb_raw(b, le, 8);
}

/* A fresh object input of kind at the end of b's inputs. */
static seal_sui_call_arg *object_input(tu_ptb *b, const uint8_t id[32],
                                       seal_sui_object_arg_kind kind) {
    assert_true(b->n_in < 8);
    seal_sui_call_arg *a = &b->in[b->n_in];
    memset(a, 0, sizeof *a);
    a->kind = SEAL_SUI_CALL_ARG_OBJECT;
    a->object_kind = kind;
    memcpy(a->object.id, id, 32);
    return a;
}

uint16_t tu_ptb_shared(tu_ptb *b, const uint8_t id[32], uint64_t isv, bool mut) {
    seal_sui_call_arg *a = object_input(b, id, SEAL_SUI_OBJECT_SHARED);
    a->initial_shared_version = isv;
    a->mutability = mut ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
    return (uint16_t)b->n_in++;
}

uint16_t tu_ptb_owned(tu_ptb *b, seal_ledger *l, const uint8_t id[32]) {
    seal_ledger_object o;
    bool found = false;
    seal_sui_call_arg *a = object_input(b, id, SEAL_SUI_OBJECT_IMM_OR_OWNED);
    if (seal_ledger_object_get(l, id, &o, &found) == SEAL_OK) {
        a->object.version = o.version;
        memcpy(a->object.digest, o.digest, 32);
        seal_ledger_object_clear(&o);
    }
    return (uint16_t)b->n_in++;
}

uint16_t tu_ptb_object(tu_ptb *b, const uint8_t id[32], uint64_t isv) {
    if (isv != 0)
        return tu_ptb_shared(b, id, isv, false);
    object_input(b, id, SEAL_SUI_OBJECT_IMM_OR_OWNED);
    return (uint16_t)b->n_in++;
}

void tu_ptb_call(tu_ptb *b, const uint8_t pkg[32], const char *module, const char *function,
                 size_t n, const uint16_t *inputs) {
    assert_true(b->n_cmd < 4 && n <= 6);
    seal_sui_command *c = &b->cmd[b->n_cmd];
    memset(c, 0, sizeof *c);
    c->kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(c->package, pkg, 32);
    c->module = (seal_sui_bytes){(const uint8_t *)module, strlen(module)};
    c->function = (seal_sui_bytes){(const uint8_t *)function, strlen(function)};
    for (size_t i = 0; i < n; i++)
        b->args[b->n_cmd][i] = (seal_sui_argument){.kind = SEAL_SUI_ARG_INPUT, .index = inputs[i]};
    c->n_args = n;
    c->args = b->args[b->n_cmd];
    b->n_cmd++;
}

seal_ledger_status tu_ptb_dry(seal_ledger *l, const tu_ptb *b, const uint8_t sender[32],
                              seal_ledger_outcome *out) {
    uint8_t buf[4096];
    seal_bcs_writer w;
    seal_sui_ptb p = {b->n_in, b->in, b->n_cmd, b->cmd};
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_ptb_encode(&w, &p), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    assert_int_equal(seal_ledger_dry_run(l, buf, w.len, sender, out), SEAL_OK);
    return out->status;
}

size_t tu_ptb_kind(const tu_ptb *b, uint8_t *out, size_t cap) {
    seal_sui_ptb p = {b->n_in, b->in, b->n_cmd, b->cmd};
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, cap);
    assert_int_equal(seal_sui_transaction_kind_encode(&w, &p), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return w.len;
}

size_t tu_ptb_tx(const tu_ptb *b, const uint8_t sender[32], uint64_t budget, uint8_t *out,
                 size_t cap) {
    seal_sui_ptb p = {b->n_in, b->in, b->n_cmd, b->cmd};
    seal_sui_transaction_data td;
    seal_bcs_writer w;
    memset(&td, 0, sizeof td);
    td.ptb = &p;
    memcpy(td.sender, sender, 32);
    memcpy(td.gas.owner, sender, 32);
    td.gas.price = 1000;
    td.gas.budget = budget;
    seal_bcs_writer_init(&w, out, cap);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &td), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return w.len;
}

size_t tu_call_tx(uint8_t *out, size_t cap, const uint8_t sender[32], const char *module,
                  const char *function, const seal_sui_call_arg *in, size_t n_in, uint64_t budget) {
    tu_ptb *b = calloc(1, sizeof *b);
    uint16_t idx[4];
    assert_non_null(b);
    assert_true(n_in <= 4);
    for (size_t i = 0; i < n_in; i++) {
        b->in[i] = in[i];
        idx[i] = (uint16_t)i;
    }
    b->n_in = n_in;
    tu_ptb_call(b, SEAL_LEDGER_EXAMPLES_PACKAGE, module, function, n_in, idx);
    size_t len = tu_ptb_tx(b, sender, budget, out, cap);
    free(b);
    return len;
}
