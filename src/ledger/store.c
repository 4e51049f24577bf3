/*
 * The ledger's SQLite store: schema, connections, cached statements, objects, transactions.
 *
 * Durability: WAL with synchronous=FULL, so the WAL is fsynced at every COMMIT and a
 * transaction acknowledged by a returning call survives a process crash and a power loss.
 * (NORMAL would survive a process crash only.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ledger/internal.h"
#include "seal/ledger_audit.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

const uint8_t SEAL__FRAMEWORK[32] = {[31] = 0x02};
const uint8_t SEAL_LEDGER_SEAL_PACKAGE[32] = {[30] = 0x5e, [31] = 0xa1};
const uint8_t SEAL_LEDGER_PATTERNS_PACKAGE[32] = {[30] = 0x5e, [31] = 0xa2};
const uint8_t SEAL_LEDGER_EXAMPLES_PACKAGE[32] = {[30] = 0x5e, [31] = 0xa3};
const uint8_t SEAL_LEDGER_CLOCK_ID[32] = {[31] = 0x06};
const uint8_t SEAL_LEDGER_PUBLISHER[32] = {0};

static const char *const SCHEMA =
    "CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE objects("
    " id BLOB PRIMARY KEY NOT NULL,"
    " version INTEGER NOT NULL,"
    " digest BLOB NOT NULL,"
    " owner_kind INTEGER NOT NULL," /* seal_sui_owner_kind: 0 address 1 object 2 shared 3 imm */
    " owner BLOB,"                  /* address / parent object id */
    " initial_shared_version INTEGER,"
    " type TEXT NOT NULL,"     /* Move type, long addresses */
    " type_bcs BLOB NOT NULL," /* BCS TypeTag */
    " has_public_transfer INTEGER NOT NULL,"
    " previous_transaction BLOB NOT NULL,"
    " contents BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX objects_by_owner ON objects(owner_kind, owner);"
    "CREATE TABLE packages(id BLOB PRIMARY KEY NOT NULL, original_id BLOB NOT NULL,"
    " version INTEGER NOT NULL, modules TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE transactions(seq INTEGER PRIMARY KEY, digest BLOB NOT NULL UNIQUE,"
    " sender BLOB NOT NULL, function TEXT NOT NULL, lamport INTEGER NOT NULL);";

/* Signed transactions (seal_ledger_execute_transaction): the TransactionData, its signatures
 * (BCS vector<vector<u8>>) and the effects (BCS, see execute.c), written in the same SQLite
 * transaction as the state change. Created on open when missing (ledgers made before signed
 * transactions existed). */
static const char *const SCHEMA_EXECUTED =
    "CREATE TABLE IF NOT EXISTS executed(digest BLOB PRIMARY KEY NOT NULL,"
    " seq INTEGER NOT NULL, tx_data BLOB NOT NULL, signatures BLOB NOT NULL,"
    " effects BLOB NOT NULL) WITHOUT ROWID;";

static const char *const SQL[SEAL__ST_COUNT] = {
    [SEAL__ST_BEGIN_READ] = "BEGIN",
    [SEAL__ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [SEAL__ST_COMMIT] = "COMMIT",
    [SEAL__ST_ROLLBACK] = "ROLLBACK",
    [SEAL__ST_OBJ_GET] = "SELECT version, digest, owner_kind, owner, initial_shared_version,"
                         " type_bcs, has_public_transfer, previous_transaction, contents"
                         " FROM objects WHERE id = ?1",
    [SEAL__ST_OBJ_EXISTS] = "SELECT 1 FROM objects WHERE id = ?1",
    [SEAL__ST_OBJ_PUT] = "INSERT OR REPLACE INTO objects(id, version, digest, owner_kind, owner,"
                         " initial_shared_version, type, type_bcs, has_public_transfer,"
                         " previous_transaction, contents)"
                         " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [SEAL__ST_OBJ_DELETE] = "DELETE FROM objects WHERE id = ?1",
    [SEAL__ST_PKG_GET] = "SELECT original_id, version FROM packages WHERE id = ?1",
    [SEAL__ST_PKG_PUT] = "INSERT INTO packages(id, original_id, version, modules)"
                         " VALUES(?1, ?2, ?3, ?4)",
    [SEAL__ST_PKG_MODULES] = "SELECT original_id, version, modules FROM packages WHERE id = ?1",
    [SEAL__ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
    [SEAL__ST_META_SET] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
    [SEAL__ST_TX_PUT] = "INSERT INTO transactions(seq, digest, sender, function, lamport)"
                        " VALUES(?1, ?2, ?3, ?4, ?5)",
    [SEAL__ST_EXEC_GET] =
        "SELECT effects, seq, tx_data, signatures FROM executed WHERE digest = ?1",
    [SEAL__ST_EXEC_PUT] = "INSERT INTO executed(digest, seq, tx_data, signatures, effects)"
                          " VALUES(?1, ?2, ?3, ?4, ?5)",
    [SEAL__ST_SAVEPOINT] = "SAVEPOINT execution",
    [SEAL__ST_ROLLBACK_TO] = "ROLLBACK TO execution",
    [SEAL__ST_RELEASE] = "RELEASE execution",
    [SEAL__ST_OBJ_CHILDREN] = "SELECT id FROM objects WHERE owner_kind = 1 AND owner = ?1"
                              " AND id > ?2 ORDER BY id LIMIT ?3",
};

const char *seal_ledger_status_name(seal_ledger_status s) {
    switch (s) {
    case SEAL_LEDGER_SUCCESS:
        return "success";
    case SEAL_LEDGER_ABORT:
        return "abort";
    case SEAL_LEDGER_FUNCTION_NOT_FOUND:
        return "function not found";
    case SEAL_LEDGER_OBJECT_NOT_FOUND:
        return "object not found";
    case SEAL_LEDGER_TYPE_MISMATCH:
        return "type mismatch";
    case SEAL_LEDGER_WRONG_OWNER:
        return "wrong owner";
    case SEAL_LEDGER_VERSION_MISMATCH:
        return "version mismatch";
    case SEAL_LEDGER_ARITY_MISMATCH:
        return "arity mismatch";
    case SEAL_LEDGER_INVALID_BCS:
        return "invalid BCS";
    case SEAL_LEDGER_UNSUPPORTED:
        return "unsupported";
    case SEAL_LEDGER_ARITHMETIC_ERROR:
        return "arithmetic error";
    }
    return "unknown";
}

seal_err seal__ledger_step(sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? SEAL_OK : SEAL_ERR_IO;
}

/* For ROLLBACK / end of a read transaction, whose failure leaves nothing to undo. */
static void step_ignore(sqlite3_stmt *st) {
    sqlite3_step(st);
    sqlite3_reset(st);
}

static void conn_close(seal__ledger_conn *c) {
    for (size_t i = 0; i < SEAL__ST_COUNT; i++) {
        sqlite3_finalize(c->st[i]);
        c->st[i] = NULL;
    }
    if (c->db != NULL)
        sqlite3_close_v2(c->db);
    c->db = NULL;
}

static seal_err conn_exec(seal__ledger_conn *c, const char *sql) {
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL) == SQLITE_OK ? SEAL_OK : SEAL_ERR_IO;
}

static seal_err conn_prepare(seal__ledger_conn *c) {
    for (size_t i = 0; i < SEAL__ST_COUNT; i++) {
        if (sqlite3_prepare_v3(c->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i], NULL) !=
            SQLITE_OK)
            return SEAL_ERR_IO;
    }
    return SEAL_OK;
}

static seal_err conn_open(seal__ledger_conn *c, const char *path, bool writer) {
    int flags = writer ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &c->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        return SEAL_ERR_IO;
    sqlite3_busy_timeout(c->db, 10000);
    if (writer) {
        if (conn_exec(c, "PRAGMA journal_mode=WAL") != SEAL_OK)
            return SEAL_ERR_IO;
    }
    return conn_exec(c, "PRAGMA synchronous=FULL");
}

static void exec_ignore(seal__ledger_conn *c, const char *sql) {
    sqlite3_exec(c->db, sql, NULL, NULL, NULL);
}

static seal_err meta_get(seal__ledger_conn *c, const char *key, int64_t *value, bool *found) {
    sqlite3_stmt *st = c->st[SEAL__ST_META_GET];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found)
        *value = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SEAL_OK : SEAL_ERR_IO;
}

static seal_err meta_set(seal__ledger_conn *c, const char *key, int64_t value) {
    sqlite3_stmt *st = c->st[SEAL__ST_META_SET];
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, value);
    return seal__ledger_step(st);
}

seal_err seal__ledger_pkg_put(seal__ledger_conn *c, const uint8_t id[static 32],
                              const uint8_t original_id[static 32], uint64_t version,
                              const char *modules) {
    sqlite3_stmt *st = c->st[SEAL__ST_PKG_PUT];
    sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, original_id, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)version);
    sqlite3_bind_text(st, 4, modules, -1, SQLITE_STATIC);
    return seal__ledger_step(st);
}

static seal_err publish(seal__ledger_conn *c, const uint8_t id[static 32], const char *modules) {
    return seal__ledger_pkg_put(c, id, id, 1, modules);
}

/* Creates the schema and genesis state when the database is new; checks the version when not. */
static seal_err initialise(seal_ledger *l, uint64_t clock_ms) {
    seal_err err = SEAL_OK;
    seal__ledger_conn *c = &l->w;
    seal__ledger_tx t = {.l = l};
    int present = 0;
    sqlite3_stmt *q = NULL;
    if (conn_exec(c, "BEGIN IMMEDIATE") != SEAL_OK)
        return SEAL_ERR_IO;
    if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'", -1, &q,
                           NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        err = SEAL_ERR_IO;
        goto out;
    }
    present = sqlite3_column_int(q, 0);
    if ((!present && conn_exec(c, SCHEMA) != SEAL_OK) || conn_exec(c, SCHEMA_EXECUTED) != SEAL_OK) {
        err = SEAL_ERR_IO;
        goto out;
    }
    if ((err = conn_prepare(c)) != SEAL_OK)
        goto out;
    if (present) {
        int64_t v = 0;
        bool found = false;
        if ((err = meta_get(c, "schema_version", &v, &found)) != SEAL_OK)
            goto out;
        if (!found || v != SEAL_LEDGER_SCHEMA_VERSION)
            err = SEAL_ERR_UNSUPPORTED;
        goto out;
    }
    if ((err = meta_set(c, "schema_version", SEAL_LEDGER_SCHEMA_VERSION)) != SEAL_OK ||
        (err = meta_set(c, "transactions", 0)) != SEAL_OK ||
        (err = publish(c, SEAL_LEDGER_SEAL_PACKAGE, "key_server time")) != SEAL_OK ||
        (err = publish(c, SEAL_LEDGER_PATTERNS_PACKAGE,
                       "account_based private_data subscription tle voting whitelist")) !=
            SEAL_OK ||
        (err = publish(c, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist subscription utils")) !=
            SEAL_OK ||
        (err = publish(c, SEAL_LEDGER_AUDIT_PACKAGE, "audit_log")) != SEAL_OK)
        goto out;
    /* Genesis: a transaction with a fixed digest, not recorded in the transactions table. */
    seal_ledger_genesis_digest(t.digest);
    t.open = true;
    t.lamport = 1;
    if ((err = seal__ledger_genesis(&t, clock_ms)) != SEAL_OK)
        goto out;
out:
    sqlite3_finalize(q);
    if (err == SEAL_OK && conn_exec(c, "COMMIT") != SEAL_OK)
        err = SEAL_ERR_IO;
    if (err != SEAL_OK)
        exec_ignore(c, "ROLLBACK");
    return err;
}

seal_err seal_ledger_open_ex(seal_ledger **out, const char *path, uint64_t genesis_clock_ms) {
    seal_err err = SEAL_OK;
    seal_ledger *l = NULL;
    *out = NULL;
    if (path == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((l = calloc(1, sizeof *l)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = conn_open(&l->w, path, true)) != SEAL_OK)
        goto out;
    if ((err = initialise(l, genesis_clock_ms)) != SEAL_OK)
        goto out;
    if ((err = conn_open(&l->r, path, false)) != SEAL_OK)
        goto out;
    err = conn_prepare(&l->r);
out:
    if (err != SEAL_OK) {
        seal_ledger_close(l);
        l = NULL;
    }
    *out = l;
    return err;
}

seal_err seal_ledger_open(seal_ledger **out, const char *path) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    return seal_ledger_open_ex(out, path, ms);
}

seal_err seal_ledger_open_readonly(seal_ledger **out, const char *path) {
    seal_err err = SEAL_OK;
    seal_ledger *l = NULL;
    int64_t v = 0;
    bool found = false;
    *out = NULL;
    if (path == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((l = calloc(1, sizeof *l)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = conn_open(&l->r, path, false)) != SEAL_OK)
        goto out;
    if ((err = conn_prepare(&l->r)) != SEAL_OK)
        goto out;
    if ((err = meta_get(&l->r, "schema_version", &v, &found)) != SEAL_OK)
        goto out;
    if (!found || v != SEAL_LEDGER_SCHEMA_VERSION)
        err = SEAL_ERR_UNSUPPORTED;
out:
    if (err != SEAL_OK) {
        seal_ledger_close(l);
        l = NULL;
    }
    *out = l;
    return err;
}

void seal_ledger_close(seal_ledger *l) {
    if (l == NULL)
        return;
    conn_close(&l->r);
    conn_close(&l->w);
    free(l);
}

/* ---- objects -------------------------------------------------------------------------------- */

void seal_ledger_object_clear(seal_ledger_object *o) {
    if (o == NULL)
        return;
    free(o->contents);
    memset(o, 0, sizeof *o);
}

static void blob32(uint8_t out[static 32], sqlite3_stmt *st, int col) {
    const void *p = sqlite3_column_blob(st, col);
    if (p != NULL && sqlite3_column_bytes(st, col) == 32)
        memcpy(out, p, 32);
    else
        memset(out, 0, 32);
}

seal_err seal__ledger_obj_get(seal__ledger_conn *c, const uint8_t id[static 32],
                              seal_ledger_object *out, bool *found) {
    seal_err err = SEAL_OK;
    sqlite3_stmt *st = c->st[SEAL__ST_OBJ_GET];
    memset(out, 0, sizeof *out);
    *found = false;
    sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE)
        goto out;
    if (rc != SQLITE_ROW) {
        err = SEAL_ERR_IO;
        goto out;
    }
    memcpy(out->id, id, 32);
    out->version = (uint64_t)sqlite3_column_int64(st, 0);
    blob32(out->digest, st, 1);
    out->owner.kind = (seal_sui_owner_kind)sqlite3_column_int(st, 2);
    blob32(out->owner.address, st, 3);
    out->owner.version = (uint64_t)sqlite3_column_int64(st, 4);
    int tl = sqlite3_column_bytes(st, 5);
    if (tl <= 0 || (size_t)tl > sizeof out->type) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    memcpy(out->type, sqlite3_column_blob(st, 5), (size_t)tl);
    out->type_len = (size_t)tl;
    out->has_public_transfer = sqlite3_column_int(st, 6) != 0;
    blob32(out->previous_transaction, st, 7);
    int cl = sqlite3_column_bytes(st, 8);
    out->contents_len = (size_t)(cl < 0 ? 0 : cl);
    if ((out->contents = malloc(out->contents_len ? out->contents_len : 1)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if (out->contents_len)
        memcpy(out->contents, sqlite3_column_blob(st, 8), out->contents_len);
    *found = true;
out:
    sqlite3_reset(st);
    if (err != SEAL_OK)
        seal_ledger_object_clear(out);
    return err;
}

seal_err seal__ledger_obj_exists(seal__ledger_conn *c, const uint8_t id[static 32], bool *found) {
    sqlite3_stmt *st = c->st[SEAL__ST_OBJ_EXISTS];
    sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SEAL_OK : SEAL_ERR_IO;
}

seal_err seal_ledger_object_bcs(const seal_ledger_object *o, seal_bcs_writer *w) {
    seal_sui_object so;
    seal_err err;
    memset(&so, 0, sizeof so);
    if ((err = seal_sui_move_object_type_from_type_tag(&so.type, o->type, o->type_len)) != SEAL_OK)
        return err;
    so.has_public_transfer = o->has_public_transfer;
    so.version = o->version;
    so.contents.ptr = o->contents;
    so.contents.len = o->contents_len;
    so.owner = o->owner;
    memcpy(so.previous_transaction, o->previous_transaction, 32);
    so.storage_rebate = 0;
    return seal_sui_object_encode(w, &so);
}

/* digest = BLAKE2b-256("Object::" || BCS(Object)). */
static seal_err object_digest(uint8_t out[static 32], const seal_ledger_object *o) {
    seal_bcs_writer w;
    seal_err err;
    uint8_t *buf = NULL;
    seal_bcs_writer_init(&w, NULL, 0);
    if ((err = seal_ledger_object_bcs(o, &w)) != SEAL_OK)
        return err;
    size_t n = w.len;
    if ((buf = malloc(n ? n : 1)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal_bcs_writer_init(&w, buf, n);
    if ((err = seal_ledger_object_bcs(o, &w)) == SEAL_OK)
        err = seal_bcs_writer_finish(&w);
    if (err == SEAL_OK)
        seal_sui_object_digest(out, buf, n);
    free(buf);
    return err;
}

seal_err seal__ledger_obj_put(seal__ledger_conn *c, seal_ledger_object *o) {
    seal_err err;
    char type[SEAL_SUI_TYPE_TAG_TEXT_MAX];
    if (o->contents_len > SEAL_LEDGER_OBJECT_MAX_BYTES)
        return SEAL_ERR_LIMIT;
    if ((err = object_digest(o->digest, o)) != SEAL_OK)
        return err;
    if ((err = seal_sui_type_tag_format(type, sizeof type, o->type, o->type_len, true)) != SEAL_OK)
        return err;
    sqlite3_stmt *st = c->st[SEAL__ST_OBJ_PUT];
    sqlite3_bind_blob(st, 1, o->id, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)o->version);
    sqlite3_bind_blob(st, 3, o->digest, 32, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, (int)o->owner.kind);
    if (o->owner.kind == SEAL_SUI_OWNER_ADDRESS || o->owner.kind == SEAL_SUI_OWNER_OBJECT)
        sqlite3_bind_blob(st, 5, o->owner.address, 32, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 5);
    if (o->owner.kind == SEAL_SUI_OWNER_SHARED)
        sqlite3_bind_int64(st, 6, (sqlite3_int64)o->owner.version);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 7, type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st, 8, o->type, (int)o->type_len, SQLITE_STATIC);
    sqlite3_bind_int(st, 9, o->has_public_transfer ? 1 : 0);
    sqlite3_bind_blob(st, 10, o->previous_transaction, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 11, o->contents != NULL ? (const void *)o->contents : (const void *)"",
                      (int)o->contents_len, SQLITE_STATIC);
    err = seal__ledger_step(st);
    sqlite3_clear_bindings(st);
    return err;
}

seal_err seal__ledger_obj_delete(seal__ledger_conn *c, const uint8_t id[static 32]) {
    sqlite3_stmt *st = c->st[SEAL__ST_OBJ_DELETE];
    sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
    return seal__ledger_step(st);
}

seal_err seal__ledger_read_begin(seal__ledger_conn *c) {
    return seal__ledger_step(c->st[SEAL__ST_BEGIN_READ]);
}

void seal__ledger_read_end(seal__ledger_conn *c) {
    step_ignore(c->st[SEAL__ST_COMMIT]);
}

seal_err seal_ledger_object_get(seal_ledger *l, const uint8_t id[static 32],
                                seal_ledger_object *out, bool *found) {
    seal_err err = seal__ledger_obj_get(&l->r, id, out, found);
    if (err == SEAL_OK && !*found)
        err = SEAL_ERR_INVALID_ARGUMENT;
    return err;
}

seal_err seal_ledger_package_get(seal_ledger *l, const uint8_t pkg[static 32],
                                 uint8_t original_id[static 32], uint64_t *version, bool *found) {
    sqlite3_stmt *st = l->r.st[SEAL__ST_PKG_GET];
    sqlite3_bind_blob(st, 1, pkg, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found) {
        blob32(original_id, st, 0);
        *version = (uint64_t)sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SEAL_OK : SEAL_ERR_IO;
}

seal_err seal_ledger_object_children(seal_ledger *l, const uint8_t parent[static 32],
                                     const uint8_t after[static 32], uint8_t (*ids)[32], size_t max,
                                     size_t *n) {
    sqlite3_stmt *st = l->r.st[SEAL__ST_OBJ_CHILDREN];
    int rc = SQLITE_DONE;
    *n = 0;
    if (max > INT32_MAX)
        max = INT32_MAX;
    sqlite3_bind_blob(st, 1, parent, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, after, 32, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)max);
    while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
        blob32(ids[(*n)++], st, 0);
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SEAL_OK : SEAL_ERR_IO;
}

seal_err seal__ledger_pkg_get(seal__ledger_conn *c, const uint8_t pkg[static 32],
                              uint8_t original_id[static 32], uint64_t *version, char *modules,
                              size_t cap, bool *found) {
    sqlite3_stmt *st = c->st[SEAL__ST_PKG_MODULES];
    sqlite3_bind_blob(st, 1, pkg, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    if (*found) {
        const unsigned char *m = sqlite3_column_text(st, 2);
        blob32(original_id, st, 0);
        *version = (uint64_t)sqlite3_column_int64(st, 1);
        snprintf(modules, cap, "%s", m != NULL ? (const char *)m : "");
    }
    sqlite3_reset(st);
    return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SEAL_OK : SEAL_ERR_IO;
}

seal_err seal_ledger_transaction_count(seal_ledger *l, uint64_t *count) {
    int64_t v = 0;
    bool found = false;
    seal_err err = meta_get(&l->r, "transactions", &v, &found);
    *count = found ? (uint64_t)v : 0;
    return err;
}

/* ---- write transactions --------------------------------------------------------------------- */

seal_err seal__ledger_tx_begin(seal_ledger *l, seal__ledger_tx *t, const char *function,
                               const uint8_t sender[static 32]) {
    seal_err err;
    int64_t seq = 0;
    bool found = false;
    uint8_t pre[8 + 32];
    memset(t, 0, sizeof *t);
    t->l = l;
    if (l->w.db == NULL)
        return SEAL_ERR_UNSUPPORTED;
    if ((err = seal__ledger_step(l->w.st[SEAL__ST_BEGIN_WRITE])) != SEAL_OK)
        return err;
    t->open = true;
    if ((err = meta_get(&l->w, "transactions", &seq, &found)) != SEAL_OK)
        goto out;
    t->seq = (uint64_t)seq;
    /* Transaction digest: BLAKE2b-256(u64_le(seq) || sender || function). Unique per ledger. */
    for (size_t i = 0; i < 8; i++)
        pre[i] = (uint8_t)(t->seq >> (8 * i));
    memcpy(pre + 8, sender, 32);
    seal_sui_blake2b256(t->digest, pre, sizeof pre, (const uint8_t *)function, strlen(function));
out:
    if (err != SEAL_OK)
        seal__ledger_tx_rollback(t);
    return err;
}

/* After a COMMIT that failed. When it failed at the fsync, its frames, commit frame included,
 * may already be in the WAL file: SQLite forgets them in memory, but the recovery of the next
 * open (after the last connection closed) would find them and bring the transaction back
 * although the caller was told it failed. A small write transaction right away puts its own
 * frames where those are, so no recovery can reach them any more (a WAL frame counts only when
 * its checksum chains from the frame before it). If that fails too, the failed transaction's
 * outcome stays unknown until a later write succeeds, as after a crash (docs/ledger.md). */
static void bury_failed_commit(seal__ledger_conn *c) {
    int64_t n = 0;
    bool found = false;
    if (seal__ledger_step(c->st[SEAL__ST_BEGIN_WRITE]) != SEAL_OK)
        return;
    if (meta_get(c, "failed_commits", &n, &found) == SEAL_OK &&
        meta_set(c, "failed_commits", n + 1) == SEAL_OK &&
        seal__ledger_step(c->st[SEAL__ST_COMMIT]) == SEAL_OK)
        return;
    step_ignore(c->st[SEAL__ST_ROLLBACK]);
}

seal_err seal__ledger_tx_commit(seal__ledger_tx *t, const char *function,
                                const uint8_t sender[static 32]) {
    seal_err err;
    seal__ledger_conn *c = &t->l->w;
    sqlite3_stmt *st = c->st[SEAL__ST_TX_PUT];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)t->seq);
    sqlite3_bind_blob(st, 2, t->digest, 32, SQLITE_STATIC);
    sqlite3_bind_blob(st, 3, sender, 32, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, function, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)t->lamport);
    if ((err = seal__ledger_step(st)) != SEAL_OK)
        goto out;
    if ((err = meta_set(c, "transactions", (int64_t)(t->seq + 1))) != SEAL_OK)
        goto out;
    if ((err = seal__ledger_step(c->st[SEAL__ST_COMMIT])) != SEAL_OK) {
        seal__ledger_tx_rollback(t);
        bury_failed_commit(c);
        return err;
    }
    t->open = false;
out:
    if (err != SEAL_OK)
        seal__ledger_tx_rollback(t);
    return err;
}

void seal__ledger_tx_rollback(seal__ledger_tx *t) {
    if (!t->open)
        return;
    step_ignore(t->l->w.st[SEAL__ST_ROLLBACK]);
    t->open = false;
}

void seal__ledger_tx_set_lamport(seal__ledger_tx *t, uint64_t lamport) {
    if (!t->fixed_lamport)
        t->lamport = lamport;
}

/* Index of id in the log, or n. */
static size_t log_find(const seal__ledger_log *g, const uint8_t id[static 32]) {
    size_t i = 0;
    while (i < g->n && memcmp(g->e[i].id, id, 32) != 0)
        i++;
    return i;
}

static seal_err log_write(seal__ledger_tx *t, const uint8_t id[static 32], bool del) {
    seal__ledger_log *g = t->log;
    seal_ledger_object old;
    bool found = false;
    seal_err err;
    size_t i = log_find(g, id);
    if (i < g->n) {
        uint8_t k = g->e[i].kind;
        if (del)
            g->e[i].kind = k == SEAL__LOG_CREATED ? SEAL__LOG_NONE : SEAL__LOG_DELETED;
        else if (k == SEAL__LOG_DELETED)
            g->e[i].kind = SEAL__LOG_MUTATED;
        else if (k == SEAL__LOG_NONE)
            g->e[i].kind = SEAL__LOG_CREATED;
        return SEAL_OK;
    }
    if (g->n == SEAL__LOG_MAX) {
        g->overflow = true;
        return SEAL_OK;
    }
    if ((err = seal__ledger_obj_get(&t->l->w, id, &old, &found)) != SEAL_OK)
        return err;
    memcpy(g->e[g->n].id, id, 32);
    g->e[g->n].old_version = found ? old.version : 0;
    g->e[g->n].old_type_len = 0;
    if (found) {
        g->e[g->n].old_owner = old.owner;
        memcpy(g->e[g->n].old_type, old.type, old.type_len);
        g->e[g->n].old_type_len = old.type_len;
    }
    g->e[g->n].kind = del ? (found ? SEAL__LOG_DELETED : SEAL__LOG_NONE)
                          : (found ? SEAL__LOG_MUTATED : SEAL__LOG_CREATED);
    g->n++;
    seal_ledger_object_clear(&old);
    return SEAL_OK;
}

seal_err seal__ledger_tx_put(seal__ledger_tx *t, seal_ledger_object *o) {
    seal_err err;
    if (t->log != NULL && (err = log_write(t, o->id, false)) != SEAL_OK)
        return err;
    return seal__ledger_obj_put(&t->l->w, o);
}

seal_err seal__ledger_tx_delete(seal__ledger_tx *t, const uint8_t id[static 32]) {
    seal_err err;
    if (t->log != NULL && (err = log_write(t, id, true)) != SEAL_OK)
        return err;
    return seal__ledger_obj_delete(&t->l->w, id);
}

/* Copies column i of st's row into a fresh buffer. */
static seal_err column_copy(sqlite3_stmt *st, int i, uint8_t **out, size_t *len) {
    int n = sqlite3_column_bytes(st, i);
    size_t sz = (size_t)(n < 0 ? 0 : n);
    if ((*out = malloc(sz ? sz : 1)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if (sz)
        memcpy(*out, sqlite3_column_blob(st, i), sz);
    *len = sz;
    return SEAL_OK;
}

seal_err seal__ledger_exec_get(seal__ledger_conn *c, const uint8_t digest[static 32],
                               seal__ledger_exec_row *row, bool *found) {
    seal_err err = SEAL_OK;
    sqlite3_stmt *st = c->st[SEAL__ST_EXEC_GET];
    bool want_tx = row->tx != NULL;
    memset(row, 0, sizeof *row);
    *found = false;
    sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        row->seq = (uint64_t)sqlite3_column_int64(st, 1);
        err = column_copy(st, 0, &row->effects, &row->effects_len);
        if (err == SEAL_OK && want_tx)
            err = column_copy(st, 2, &row->tx, &row->tx_len);
        if (err == SEAL_OK && want_tx)
            err = column_copy(st, 3, &row->sigs, &row->sigs_len);
        if (err == SEAL_OK)
            *found = true;
    } else if (rc != SQLITE_DONE) {
        err = SEAL_ERR_IO;
    }
    sqlite3_reset(st);
    if (err != SEAL_OK)
        seal__ledger_exec_row_clear(row);
    return err;
}

void seal__ledger_exec_row_clear(seal__ledger_exec_row *row) {
    free(row->effects);
    free(row->tx);
    free(row->sigs);
    memset(row, 0, sizeof *row);
}

seal_err seal__ledger_exec_put(seal__ledger_conn *c, const uint8_t digest[static 32], uint64_t seq,
                               const uint8_t *tx, size_t tx_len, const uint8_t *sigs,
                               size_t sigs_len, const uint8_t *effects, size_t effects_len) {
    seal_err err;
    sqlite3_stmt *st = c->st[SEAL__ST_EXEC_PUT];
    sqlite3_bind_blob(st, 1, digest, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)seq);
    sqlite3_bind_blob(st, 3, tx, (int)tx_len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 4, sigs, (int)sigs_len, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, effects, (int)effects_len, SQLITE_STATIC);
    err = seal__ledger_step(st);
    sqlite3_clear_bindings(st);
    return err;
}

void seal__ledger_tx_new_id(seal__ledger_tx *t, uint8_t out[static 32]) {
    seal_sui_object_id_from_transaction(out, t->digest, t->created++);
}

seal_err seal_ledger_testing_set_contents(seal_ledger *l, const uint8_t id[static 32],
                                          const uint8_t *contents, size_t len) {
    seal_err err;
    seal_ledger_object o;
    bool found = false;
    uint8_t *copy = NULL;
    if (l->w.db == NULL)
        return SEAL_ERR_UNSUPPORTED;
    if (len < 32 || len > SEAL_LEDGER_OBJECT_MAX_BYTES || memcmp(contents, id, 32) != 0)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((err = seal__ledger_step(l->w.st[SEAL__ST_BEGIN_WRITE])) != SEAL_OK)
        return err;
    if ((err = seal__ledger_obj_get(&l->w, id, &o, &found)) != SEAL_OK)
        goto out;
    if (!found) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((copy = malloc(len)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    memcpy(copy, contents, len);
    free(o.contents);
    o.contents = copy;
    o.contents_len = len;
    err = seal__ledger_obj_put(&l->w, &o);
out:
    seal_ledger_object_clear(&o);
    if (err == SEAL_OK)
        err = seal__ledger_step(l->w.st[SEAL__ST_COMMIT]);
    if (err != SEAL_OK)
        step_ignore(l->w.st[SEAL__ST_ROLLBACK]);
    return err;
}
