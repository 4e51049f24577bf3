/* Ledger internals shared by the store (store.c) and the native modules (modules.c). */
#ifndef SEAL_LEDGER_INTERNAL_H
#define SEAL_LEDGER_INTERNAL_H

#include <sqlite3.h>

#include "seal/ledger.h"
#include "seal/sui_tx.h"

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
    SEAL__ST_PKG_MODULES,
    SEAL__ST_META_GET,
    SEAL__ST_META_SET,
    SEAL__ST_TX_PUT,
    SEAL__ST_EXEC_GET,
    SEAL__ST_EXEC_PUT,
    SEAL__ST_SAVEPOINT,
    SEAL__ST_ROLLBACK_TO,
    SEAL__ST_RELEASE,
    SEAL__ST_OBJ_CHILDREN,
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

/* Objects written by a transaction, for its effects (signed transactions only). */
#define SEAL__LOG_MAX 64
enum { SEAL__LOG_CREATED, SEAL__LOG_MUTATED, SEAL__LOG_DELETED, SEAL__LOG_NONE };
typedef struct seal__ledger_log {
    size_t n;
    bool overflow; /* more than SEAL__LOG_MAX distinct objects */
    struct {
        uint8_t id[32];
        uint8_t kind;
        uint64_t old_version; /* DELETED: version before the transaction */
        /* the object before the transaction (when it existed): what a deletion reports */
        seal_sui_owner old_owner;
        uint8_t old_type[SEAL_LEDGER_TYPE_MAX_BYTES];
        size_t old_type_len;
    } e[SEAL__LOG_MAX];
} seal__ledger_log;

/* A write transaction in progress on the writer connection. */
typedef struct seal__ledger_tx {
    seal_ledger *l;
    uint8_t digest[32];
    uint64_t seq;          /* index of this transaction (0-based) */
    uint64_t lamport;      /* version given to every written object (set by the caller) */
    uint64_t created;      /* objects created so far (creation index) */
    bool fixed_lamport;    /* lamport computed from all the transaction's inputs up front (signed
                              PTBs): entry functions must not recompute it */
    seal__ledger_log *log; /* NULL: writes are not logged */
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
/* Packages: a new (id, original id, version) with its module list (names separated by spaces);
 * the lookup copies the module list into modules (cap bytes, truncated). */
SEAL_MUST_CHECK seal_err seal__ledger_pkg_put(seal__ledger_conn *c, const uint8_t id[static 32],
                                              const uint8_t original_id[static 32],
                                              uint64_t version, const char *modules);
SEAL_MUST_CHECK seal_err seal__ledger_pkg_get(seal__ledger_conn *c, const uint8_t pkg[static 32],
                                              uint8_t original_id[static 32], uint64_t *version,
                                              char *modules, size_t cap, bool *found);
/* BCS TypeTag of addr::module::name<params> (n_params encoded TypeTags in params); the length,
 * 0 when it does not fit in cap (modules.c). */
size_t seal__ledger_struct_tag(uint8_t *out, size_t cap, const uint8_t addr[static 32],
                               const char *module, const char *name, const uint8_t *params,
                               size_t params_len, uint8_t n_params);
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

/* Writes / deletes an object inside t (logged in t->log when set). */
SEAL_MUST_CHECK seal_err seal__ledger_tx_put(seal__ledger_tx *t, seal_ledger_object *o);
SEAL_MUST_CHECK seal_err seal__ledger_tx_delete(seal__ledger_tx *t, const uint8_t id[static 32]);
/* Sets t->lamport unless it is fixed. */
void seal__ledger_tx_set_lamport(seal__ledger_tx *t, uint64_t lamport);

/* Executed signed transactions (store.c). effects/tx/sigs: BCS blobs. */
typedef struct seal__ledger_exec_row {
    uint64_t seq;
    uint8_t *effects, *tx, *sigs; /* malloc'd; tx and sigs only when asked */
    size_t effects_len, tx_len, sigs_len;
} seal__ledger_exec_row;
/* Reads the row of digest; row->tx set to any non-NULL value on entry asks for the
 * TransactionData and signatures too. Free with seal__ledger_exec_row_clear(). */
SEAL_MUST_CHECK seal_err seal__ledger_exec_get(seal__ledger_conn *c,
                                               const uint8_t digest[static 32],
                                               seal__ledger_exec_row *row, bool *found);
void seal__ledger_exec_row_clear(seal__ledger_exec_row *row);
SEAL_MUST_CHECK seal_err seal__ledger_exec_put(seal__ledger_conn *c,
                                               const uint8_t digest[static 32], uint64_t seq,
                                               const uint8_t *tx, size_t tx_len,
                                               const uint8_t *sigs, size_t sigs_len,
                                               const uint8_t *effects, size_t effects_len);

/* ---- entry functions inside a transaction (entry.c, key_server.c, voting.c) -----------------
 * Each checks and loads its object inputs by id (existence, type, shared / owned by sender),
 * runs the Move rule and writes its changes in t. On an outcome other than SUCCESS the caller
 * must roll t back. Created ids are written to the out parameters on SUCCESS. */
SEAL_MUST_CHECK seal_err seal__ledger_whitelist_create(seal__ledger_tx *t,
                                                       const uint8_t sender[static 32],
                                                       uint8_t wl_id[static 32],
                                                       uint8_t cap_id[static 32],
                                                       seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal__ledger_whitelist_change(seal__ledger_tx *t,
                                                       const uint8_t sender[static 32],
                                                       const uint8_t wl_id[static 32],
                                                       const uint8_t cap_id[static 32],
                                                       const uint8_t account[static 32], bool add,
                                                       seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal__ledger_allowlist_create(
    seal__ledger_tx *t, const uint8_t sender[static 32], const uint8_t *name, size_t name_len,
    uint8_t al_id[static 32], uint8_t cap_id[static 32], seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal__ledger_allowlist_change(seal__ledger_tx *t,
                                                       const uint8_t sender[static 32],
                                                       const uint8_t al_id[static 32],
                                                       const uint8_t cap_id[static 32],
                                                       const uint8_t account[static 32], bool add,
                                                       seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err
seal__ledger_example_publish(seal__ledger_tx *t, const uint8_t sender[static 32], bool allowlist,
                             const uint8_t obj_id[static 32], const uint8_t cap_id[static 32],
                             const uint8_t *blob_id, size_t blob_len, seal_ledger_outcome *out);
/* example: examples subscription (name given, Cap created) else patterns subscription. */
SEAL_MUST_CHECK seal_err seal__ledger_service_create(
    seal__ledger_tx *t, const uint8_t sender[static 32], bool example, uint64_t fee, uint64_t ttl,
    const uint8_t *name, size_t name_len, uint8_t service_id[static 32], uint8_t cap_id[static 32],
    seal_ledger_outcome *out);
/* The Subscription is created owned by the sender. */
SEAL_MUST_CHECK seal_err seal__ledger_subscribe(seal__ledger_tx *t, const uint8_t sender[static 32],
                                                bool example, const uint8_t service_id[static 32],
                                                uint64_t fee, uint8_t sub_id[static 32],
                                                seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal__ledger_private_data_store(
    seal__ledger_tx *t, const uint8_t sender[static 32], const uint8_t *nonce, size_t nonce_len,
    const uint8_t *data, size_t data_len, uint8_t obj_id[static 32], seal_ledger_outcome *out);
SEAL_MUST_CHECK seal_err seal__ledger_voting_cast(seal__ledger_tx *t,
                                                  const uint8_t sender[static 32],
                                                  const uint8_t vote_id[static 32],
                                                  const uint8_t *enc, size_t enc_len,
                                                  seal_ledger_outcome *out);
/* patterns::voting::finalize_vote(vote, derived_keys, key_servers): n_keys derived keys (48
 * bytes; the Move vector's elements must have been checked to be 48 bytes, else the caller
 * reports the group_ops abort) for n_key_servers servers. counts[0..options) receive the tally
 * (counts_cap >= 255 suffices). */
SEAL_MUST_CHECK seal_err seal__ledger_voting_finalize(
    seal__ledger_tx *t, const uint8_t vote_id[static 32], const uint8_t (*derived_keys)[48],
    size_t n_keys, size_t n_key_servers, const uint8_t (*key_servers)[32], uint64_t *counts,
    size_t counts_cap, uint8_t *n_options, seal_ledger_outcome *out);
/* pk of any length (not 96 bytes or not a G2 point: the group_ops abort). */
SEAL_MUST_CHECK seal_err seal__ledger_key_server_register(
    seal__ledger_tx *t, const uint8_t sender[static 32], const uint8_t *name, size_t name_len,
    const uint8_t *url, size_t url_len, uint8_t key_type, const uint8_t *pk, size_t pk_len,
    uint8_t ks_id[static 32], seal_ledger_outcome *out);

/* Genesis objects (modules.c), called inside the initialising transaction. */
SEAL_MUST_CHECK seal_err seal__ledger_genesis(seal__ledger_tx *t, uint64_t clock_ms);

/* Outcome helpers (modules.c). */
void seal__ledger_outcome_set(seal_ledger_outcome *o, seal_ledger_status s, const char *msg);
/* An outcome about an object input: status, id, "msg: 0x<id>". */
void seal__ledger_outcome_object(seal_ledger_outcome *o, seal_ledger_status s,
                                 const uint8_t id[static 32], const char *msg);
/* A Move String argument (0x1::string::String): true when s[0..n) is UTF-8; otherwise false with
 * out set to INVALID_BCS, as Sui refuses such a pure argument before the function runs. */
bool seal__ledger_string_arg(const uint8_t *s, size_t n, seal_ledger_outcome *out);
/* Sui's checks of a PTB's object inputs that need no state, before anything runs: no object
 * twice, the Clock only by immutable reference (WRONG_OWNER: an input error). Sets out on the
 * first violation; leaves it untouched otherwise. Signed transactions and dry runs both. */
void seal__ledger_check_input_refs(const seal_sui_ptb *ptb, seal_ledger_outcome *out);
void seal__ledger_outcome_abort(seal_ledger_outcome *o, const uint8_t pkg[static 32],
                                const char *module, const char *function, uint64_t code);

/* patterns::voting::seal_approve rule (voting.c). */
SEAL_MUST_CHECK seal_err seal__ledger_voting_approve(seal_ledger *l, const uint8_t *id,
                                                     size_t id_len, const seal_ledger_object *vote,
                                                     seal_ledger_outcome *out);

#endif
