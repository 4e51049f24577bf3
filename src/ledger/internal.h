/* Ledger internals shared by the store (store.c) and the native modules (modules.c). */
#ifndef SEAL_LEDGER_INTERNAL_H
#define SEAL_LEDGER_INTERNAL_H

#include <sqlite3.h>

#include "seal/ledger.h"

/* Cached prepared statements, one set per connection. */
enum {
    SEAL__ST_BEGIN_READ,
    SEAL__ST_BEGIN_WRITE,
    SEAL__ST_COMMIT,
    SEAL__ST_ROLLBACK,
    SEAL__ST_OBJ_GET,
    SEAL__ST_OBJ_EXISTS,
    SEAL__ST_OBJ_PUT,
    SEAL__ST_OBJ_DELETE,
    SEAL__ST_PKG_GET,
    SEAL__ST_PKG_PUT,
    SEAL__ST_META_GET,
    SEAL__ST_META_SET,
    SEAL__ST_TX_PUT,
    SEAL__ST_COUNT
};

typedef struct seal__ledger_conn {
    sqlite3 *db;
    sqlite3_stmt *st[SEAL__ST_COUNT];
} seal__ledger_conn;

struct seal_ledger {
    seal__ledger_conn w; /* writer (db NULL for read-only handles) */
    seal__ledger_conn r; /* read-only connection */
};

/* A write transaction in progress on the writer connection. */
typedef struct seal__ledger_tx {
    seal_ledger *l;
    uint8_t digest[32];
    uint64_t seq;     /* index of this transaction (0-based) */
    uint64_t lamport; /* version given to every written object (set by the caller) */
    uint64_t created; /* objects created so far (creation index) */
    bool open;
} seal__ledger_tx;

extern const uint8_t SEAL__FRAMEWORK[32]; /* 0x2 */

/* Store primitives (store.c). Statement errors map to SEAL_ERR_IO. */
SEAL_MUST_CHECK seal_err seal__ledger_obj_get(seal__ledger_conn *c, const uint8_t id[static 32],
                                              seal_ledger_object *out, bool *found);
SEAL_MUST_CHECK seal_err seal__ledger_obj_exists(seal__ledger_conn *c, const uint8_t id[static 32],
                                                 bool *found);
/* Computes o->digest from the rest and writes (insert or replace) the object. */
SEAL_MUST_CHECK seal_err seal__ledger_obj_put(seal__ledger_conn *c, seal_ledger_object *o);
SEAL_MUST_CHECK seal_err seal__ledger_obj_delete(seal__ledger_conn *c, const uint8_t id[static 32]);
SEAL_MUST_CHECK seal_err seal__ledger_step(sqlite3_stmt *st);
SEAL_MUST_CHECK seal_err seal__ledger_read_begin(seal__ledger_conn *c);
void seal__ledger_read_end(seal__ledger_conn *c);

/* Write transactions: BEGIN IMMEDIATE, a fresh transaction digest; commit records the
 * transaction and makes it durable; rollback undoes everything (no-op when not open). */
SEAL_MUST_CHECK seal_err seal__ledger_tx_begin(seal_ledger *l, seal__ledger_tx *t,
                                               const char *function,
                                               const uint8_t sender[static 32]);
SEAL_MUST_CHECK seal_err seal__ledger_tx_commit(seal__ledger_tx *t, const char *function,
                                                const uint8_t sender[static 32]);
void seal__ledger_tx_rollback(seal__ledger_tx *t);
/* Id of the next object this transaction creates (Sui's derive_id). */
void seal__ledger_tx_new_id(seal__ledger_tx *t, uint8_t out[static 32]);

/* Genesis objects (modules.c), called inside the initialising transaction. */
SEAL_MUST_CHECK seal_err seal__ledger_genesis(seal__ledger_tx *t, uint64_t clock_ms);

/* Outcome helpers (modules.c). */
void seal__ledger_outcome_set(seal_ledger_outcome *o, seal_ledger_status s, const char *msg);
void seal__ledger_outcome_abort(seal_ledger_outcome *o, const uint8_t pkg[static 32],
                                const char *module, const char *function, uint64_t code);

/* patterns::voting::seal_approve rule (voting.c). */
SEAL_MUST_CHECK seal_err seal__ledger_voting_approve(seal_ledger *l, const uint8_t *id,
                                                     size_t id_len, const seal_ledger_object *vote,
                                                     seal_ledger_outcome *out);

#endif
