/* The PTB interpreter's values and argument decoding (execute.c), shared with the native
 * modules that dispatch their own calls (committee_exec.c). */
#ifndef SEAL_LEDGER_EXEC_H
#define SEAL_LEDGER_EXEC_H

#include "ledger/internal.h"
#include "seal/sui_tx.h"

/* Values produced by commands. Tickets and receipts (0x2::package::UpgradeTicket /
 * UpgradeReceipt) have no abilities: a PTB must consume them. */
typedef enum vkind { V_COIN, V_OBJECT, V_TICKET, V_RECEIPT } vkind;

typedef struct value {
    vkind kind;
    bool used;
    uint64_t amount;    /* V_COIN */
    uint8_t id[32];     /* V_OBJECT: written, provisionally owned by the sender;
                           V_TICKET / V_RECEIPT: the package */
    uint8_t cap[32];    /* V_TICKET / V_RECEIPT: the UpgradeCap's id */
    uint8_t digest[32]; /* V_TICKET */
    uint8_t policy;     /* V_TICKET */
} value;

typedef struct exec_ctx {
    seal__ledger_tx *t;
    const seal_sui_ptb *ptb;
    const uint8_t *sender;
    seal_ledger_outcome *out;
    value *vals;
    size_t n_vals, cap_vals;
    size_t *first; /* per command: index of its first value */
    size_t *count; /* per command: number of values */
} exec_ctx;

typedef enum xkind {
    X_STRING,
    X_ADDRESS,
    X_U64,
    X_U8,
    X_U16,
    X_BYTES,
    X_VEC_BYTES,
    X_VEC_ADDRESS,
    X_MUT,
    X_REF,
    X_COIN,
    X_VALUE,
    X_SHARED_VALUE, /* a shared object by value (the callee re-shares or deletes it) */
    X_TICKET,
    X_RECEIPT
} xkind;

typedef struct xarg {
    const uint8_t *bytes; /* X_STRING, X_BYTES, X_ADDRESS; X_VEC_*: the BCS of the vector */
    size_t len;
    size_t count;      /* X_VEC_*: number of elements */
    uint64_t u64;      /* X_U64, X_U8, X_U16, X_COIN (amount) */
    const uint8_t *id; /* X_MUT, X_REF, X_VALUE, X_SHARED_VALUE */
    value *v;          /* X_TICKET, X_RECEIPT */
} xarg;

/* Appends a value produced by the current command. */
SEAL_MUST_CHECK seal_err seal__ledger_exec_push(exec_ctx *c, vkind kind, uint64_t amount,
                                                const uint8_t *id);
/* Decodes argument a of command cmd_index for a parameter of the given kind; *ok false with the
 * outcome set when it does not fit. */
SEAL_MUST_CHECK seal_err seal__ledger_exec_arg(exec_ctx *c, size_t cmd_index, xkind kind,
                                               const seal_sui_argument *a, xarg *x, bool *ok);

/* seal_committee packages (committee_exec.c): *handled true when cmd->package is one (the
 * call then ran, its verdict in c->out). */
SEAL_MUST_CHECK seal_err seal__ledger_committee_call(exec_ctx *c, size_t index,
                                                     const seal_sui_command *cmd, bool *handled);
/* Publish / Upgrade commands: only the native seal_committee package (committee_exec.c). */
SEAL_MUST_CHECK seal_err seal__ledger_committee_publish(exec_ctx *c, const seal_sui_command *cmd);
SEAL_MUST_CHECK seal_err seal__ledger_committee_upgrade(exec_ctx *c, size_t index,
                                                        const seal_sui_command *cmd);

/* Dry run of a PTB that changes state (Publish / Upgrade, calls to a seal_committee package):
 * executed in a write transaction that is always rolled back (execute.c). */
SEAL_MUST_CHECK seal_err seal__ledger_exec_dry(seal_ledger *l, const seal_sui_ptb *ptb,
                                               const uint8_t sender[static 32],
                                               seal_ledger_outcome *out);
/* Whether the read-only evaluator must hand ptb to seal__ledger_exec_dry (committee_exec.c). */
SEAL_MUST_CHECK seal_err seal__ledger_committee_ptb(seal_ledger *l, const seal_sui_ptb *ptb,
                                                    bool *yes);

#endif
