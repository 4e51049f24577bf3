/* Programmable transactions for the ledger and chain tests: a builder of inputs (pure values,
 * shared and owned objects) and Move calls, run as a dry run; TransactionData of one call. */
#ifndef SEAL_TEST_LEDGER_PTB_H
#define SEAL_TEST_LEDGER_PTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/ledger.h"
#include "seal/sui_tx.h"

typedef struct tu_ptb {
    seal_sui_call_arg in[8];
    uint8_t pure[8][160];
    size_t n_in;
    seal_sui_command cmd[4];
    seal_sui_argument args[4][6];
    size_t n_cmd;
} tu_ptb;

/* The address a0 00 .. 00 b. */
void tu_addr(uint8_t out[32], uint8_t b);

/* The ledger the chain and localnet tests start from: a temporary directory dir (prefix) holding
 * path = dir/ledger.db (Clock at t0), accounts owner (tu_addr 1), member (2) and stranger (3), and
 * owner's allowlist "team" = {member} (al, its cap). */
typedef struct tu_team {
    char dir[64], path[128];
    uint8_t owner[32], member[32], stranger[32];
    uint8_t al[32], cap[32];
} tu_team;
/* Makes it and returns the ledger, still open for more objects (the caller closes it); NULL when
 * something failed (for a cmocka group setup's -1; tu_rmtree(t->dir) removes what was made). */
seal_ledger *tu_team_create(tu_team *t, const char *prefix, uint64_t t0);

/* Inputs; each returns its index. A pure vector<u8> of p[0..n); pure bytes as given; a pure u64;
 * a shared object (mutable or not); an owned object by its current reference on l. */
uint16_t tu_ptb_bytes(tu_ptb *b, const uint8_t *p, size_t n);
uint16_t tu_ptb_raw(tu_ptb *b, const uint8_t *p, size_t n);
uint16_t tu_ptb_u64(tu_ptb *b, uint64_t v);
uint16_t tu_ptb_shared(tu_ptb *b, const uint8_t id[32], uint64_t isv, bool mut);
uint16_t tu_ptb_owned(tu_ptb *b, seal_ledger *l, const uint8_t id[32]);
/* An object the node resolves: Shared(id, isv, immutable), or ImmOrOwned(id) at version 0 with a
 * zero digest (the current version) when isv is 0. */
uint16_t tu_ptb_object(tu_ptb *b, const uint8_t id[32], uint64_t isv);

/* A MoveCall of pkg::module::function on inputs[0..n). */
void tu_ptb_call(tu_ptb *b, const uint8_t pkg[32], const char *module, const char *function,
                 size_t n, const uint16_t *inputs);

/* b as the TransactionData V1 of sender, gas paid by sender at price 1000 with budget; its
 * length in out (capacity cap). */
size_t tu_ptb_tx(const tu_ptb *b, const uint8_t sender[32], uint64_t budget, uint8_t *out,
                 size_t cap);

/* b as a TransactionKind (the dry-run request's bytes); its length in out (capacity cap). */
size_t tu_ptb_kind(const tu_ptb *b, uint8_t *out, size_t cap);

/* Dry-runs b on l as sender; the outcome in out, its status returned. */
seal_ledger_status tu_ptb_dry(seal_ledger *l, const tu_ptb *b, const uint8_t sender[32],
                              seal_ledger_outcome *out);

/* tu_ptb_tx of one MoveCall examples::module::function on the inputs in[0..n_in) (at most 4). */
size_t tu_call_tx(uint8_t *out, size_t cap, const uint8_t sender[32], const char *module,
                  const char *function, const seal_sui_call_arg *in, size_t n_in, uint64_t budget);

#endif
