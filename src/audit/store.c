/*
 * The audit log's SQLite database (docs/audit.md, "Storage"): schema, prepared statements, the
 * hashes of complete subtrees, and the integrity check run at open.
 *
 *   meta(key, value)                    schema_version, public_key, log_id
 *   records(seq, record)                one row per record, seq = leaf index
 *   nodes(level, idx, hash)             every complete subtree (level 0: leaf hashes)
 *   heads(tree_size, head)              signed heads (145-byte encodings): the latest, and one
 *                                       per head interval before it
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/store.h"
#include "seal/util.h"

#define SCHEMA_VERSION 1

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS records(seq INTEGER PRIMARY KEY, record BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS nodes(level INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " hash BLOB NOT NULL, PRIMARY KEY(level, idx)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS heads(tree_size INTEGER PRIMARY KEY, head BLOB NOT NULL);";

static const char *const SQL[SEAL__AST_COUNT] = {
    [SEAL__AST_REC_PUT] = "INSERT INTO records(seq, record) VALUES(?1, ?2)",
    [SEAL__AST_REC_GET] = "SELECT record FROM records WHERE seq = ?1",
    [SEAL__AST_NODE_PUT] = "INSERT INTO nodes(level, idx, hash) VALUES(?1, ?2, ?3)",
    [SEAL__AST_NODE_GET] = "SELECT hash FROM nodes WHERE level = ?1 AND idx = ?2",
    [SEAL__AST_HEAD_PUT] = "INSERT OR REPLACE INTO heads(tree_size, head) VALUES(?1, ?2)",
    [SEAL__AST_HEAD_DEL] = "DELETE FROM heads WHERE tree_size = ?1",
    [SEAL__AST_HEADS] = ("SELECT tree_size, head FROM heads WHERE tree_size >= ?1 AND "
                         "tree_size <= ?2 ORDER BY tree_size LIMIT ?3"),
    [SEAL__AST_BEGIN] = "BEGIN IMMEDIATE",
    [SEAL__AST_COMMIT] = "COMMIT",
    [SEAL__AST_ROLLBACK] = "ROLLBACK",
};

void seal__audit_why(char *why, size_t why_len, const char *fmt, ...) {
    if (why == NULL || why_len == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_len, fmt, ap);
    va_end(ap);
    for (char *p = why; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
}

static seal_err db_open(seal__audit_db *db, const char *path, bool writer, int flags);

seal_err seal__audit_db_open(seal__audit_db *db, const char *path, bool writer, bool create) {
    if (writer)
        return db_open(db, path, true, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
    /* A reader needs the WAL index (-shm): a read-only connection cannot create it when the
     * database was copied or closed cleanly; a read-write one (that never writes) can. */
    if (db_open(db, path, false, SQLITE_OPEN_READONLY) == SEAL_OK)
        return SEAL_OK;
    return db_open(db, path, false, SQLITE_OPEN_READWRITE);
}

static seal_err db_open(seal__audit_db *db, const char *path, bool writer, int flags) {
    memset(db, 0, sizeof *db);
    if (sqlite3_open_v2(path, &db->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_busy_timeout(db->db, 10000);
    if (writer && (sqlite3_exec(db->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK ||
                   sqlite3_exec(db->db, SCHEMA, NULL, NULL, NULL) != SQLITE_OK))
        goto fail;
    if (sqlite3_exec(db->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL) != SQLITE_OK)
        goto fail;
    for (int i = 0; i < SEAL__AST_COUNT; i++) {
        if (!writer && (i == SEAL__AST_REC_PUT || i == SEAL__AST_NODE_PUT ||
                        i == SEAL__AST_HEAD_PUT || i == SEAL__AST_HEAD_DEL ||
                        i == SEAL__AST_BEGIN || i == SEAL__AST_COMMIT || i == SEAL__AST_ROLLBACK))
            continue;
        if (sqlite3_prepare_v3(db->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &db->st[i], NULL) !=
            SQLITE_OK)
            goto fail;
    }
    return SEAL_OK;
fail:
    seal__audit_db_close(db);
    return SEAL_ERR_IO;
}

void seal__audit_db_close(seal__audit_db *db) {
    for (int i = 0; i < SEAL__AST_COUNT; i++)
        sqlite3_finalize(db->st[i]);
    if (db->db != NULL)
        sqlite3_close(db->db);
    memset(db, 0, sizeof *db);
}

seal_err seal__audit_db_exec(seal__audit_db *db, int st) {
    sqlite3_stmt *s = db->st[st];
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SEAL_OK : SEAL_ERR_IO;
}

seal_err seal__audit_meta_get(seal__audit_db *db, const char *key, uint8_t *out, size_t len,
                              bool *found) {
    sqlite3_stmt *s = NULL;
    seal_err err = SEAL_ERR_IO;
    *found = false;
    if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key = ?1", -1, &s, NULL) !=
        SQLITE_OK)
        return SEAL_ERR_IO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const void *v = sqlite3_column_blob(s, 0);
        if ((size_t)sqlite3_column_bytes(s, 0) == len && (v != NULL || len == 0)) {
            memcpy(out, v, len);
            *found = true;
            err = SEAL_OK;
        } else {
            err = SEAL_ERR_INVALID_ENCODING;
        }
    } else if (rc == SQLITE_DONE) {
        err = SEAL_OK;
    }
    sqlite3_finalize(s);
    return err;
}

seal_err seal__audit_meta_put(seal__audit_db *db, const char *key, const uint8_t *v, size_t len) {
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &s,
                           NULL) != SQLITE_OK)
        return SEAL_ERR_IO;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, v, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? SEAL_OK : SEAL_ERR_IO;
}

seal_err seal__audit_node_put(seal__audit_db *db, unsigned level, uint64_t idx,
                              const uint8_t hash[static 32]) {
    sqlite3_stmt *s = db->st[SEAL__AST_NODE_PUT];
    sqlite3_bind_int(s, 1, (int)level);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)idx);
    sqlite3_bind_blob(s, 3, hash, 32, SQLITE_STATIC);
    return seal__audit_db_exec(db, SEAL__AST_NODE_PUT);
}

seal_err seal__audit_node_get(seal__audit_db *db, unsigned level, uint64_t idx,
                              uint8_t out[static 32], bool *found) {
    sqlite3_stmt *s = db->st[SEAL__AST_NODE_GET];
    seal_err err = SEAL_OK;
    *found = false;
    sqlite3_bind_int(s, 1, (int)level);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)idx);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        if (sqlite3_column_bytes(s, 0) == 32) {
            memcpy(out, sqlite3_column_blob(s, 0), 32);
            *found = true;
        } else {
            err = SEAL_ERR_INVALID_ENCODING;
        }
    } else if (rc != SQLITE_DONE) {
        err = SEAL_ERR_IO;
    }
    sqlite3_reset(s);
    return err;
}

seal_err seal__audit_record_put(seal__audit_db *db, uint64_t seq, const uint8_t *bytes,
                                size_t len) {
    sqlite3_stmt *s = db->st[SEAL__AST_REC_PUT];
    sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
    sqlite3_bind_blob(s, 2, bytes, (int)len, SQLITE_STATIC);
    return seal__audit_db_exec(db, SEAL__AST_REC_PUT);
}

seal_err seal__audit_record_get(seal__audit_db *db, uint64_t seq, uint8_t **bytes, size_t *len) {
    sqlite3_stmt *s = db->st[SEAL__AST_REC_GET];
    seal_err err = SEAL_ERR_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)seq);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 0);
        const void *v = sqlite3_column_blob(s, 0);
        *bytes = malloc(n > 0 ? n : 1);
        if (*bytes == NULL) {
            err = SEAL_ERR_NO_MEMORY;
        } else {
            if (n > 0)
                memcpy(*bytes, v, n);
            *len = n;
            err = SEAL_OK;
        }
    } else if (rc != SQLITE_DONE) {
        err = SEAL_ERR_IO;
    }
    sqlite3_reset(s);
    return err;
}

seal_err seal__audit_head_put(seal__audit_db *db, const seal_audit_tree_head *h) {
    uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
    seal_audit_tree_head_encode(enc, h);
    sqlite3_stmt *s = db->st[SEAL__AST_HEAD_PUT];
    sqlite3_bind_int64(s, 1, (sqlite3_int64)h->tree_size);
    sqlite3_bind_blob(s, 2, enc, sizeof enc, SQLITE_TRANSIENT);
    return seal__audit_db_exec(db, SEAL__AST_HEAD_PUT);
}

seal_err seal__audit_head_delete(seal__audit_db *db, uint64_t tree_size) {
    sqlite3_bind_int64(db->st[SEAL__AST_HEAD_DEL], 1, (sqlite3_int64)tree_size);
    return seal__audit_db_exec(db, SEAL__AST_HEAD_DEL);
}

seal_err seal__audit_heads(seal__audit_db *db, uint64_t from, uint64_t to,
                           seal_audit_tree_head *out, size_t cap, size_t *n) {
    sqlite3_stmt *s = db->st[SEAL__AST_HEADS];
    seal_err err = SEAL_OK;
    int rc;
    *n = 0;
    if (from > (uint64_t)INT64_MAX)
        return SEAL_OK;
    if (to > (uint64_t)INT64_MAX)
        to = (uint64_t)INT64_MAX;
    sqlite3_bind_int64(s, 1, (sqlite3_int64)from);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)to);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)(cap > (size_t)INT32_MAX ? INT32_MAX : cap));
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (seal_audit_tree_head_decode(&out[*n], sqlite3_column_blob(s, 1),
                                        (size_t)sqlite3_column_bytes(s, 1)) != SEAL_OK ||
            out[*n].tree_size != (uint64_t)sqlite3_column_int64(s, 0)) {
            err = SEAL_ERR_INVALID_ENCODING;
            break;
        }
        (*n)++;
    }
    if (err == SEAL_OK && rc != SQLITE_DONE)
        err = SEAL_ERR_IO;
    sqlite3_reset(s);
    return err;
}

/* ---- the integrity check ------------------------------------------------------------------ */

typedef struct scan_ctx {
    seal__audit_db *db;
    uint64_t nodes;
    char *why;
    size_t why_len;
    const char *path;
} scan_ctx;

/* Each complete subtree the recomputation produces must be stored with the same hash. */
static seal_err check_node(void *ctx, unsigned level, uint64_t index,
                           const uint8_t hash[static 32]) {
    scan_ctx *c = ctx;
    uint8_t stored[32];
    bool found = false;
    seal_err err = seal__audit_node_get(c->db, level, index, stored, &found);
    if (err == SEAL_ERR_IO) {
        seal__audit_why(c->why, c->why_len, "audit log %s: cannot read the tree", c->path);
        return err;
    }
    if (err != SEAL_OK || !found || memcmp(stored, hash, 32) != 0) {
        if (level == 0)
            seal__audit_why(c->why, c->why_len,
                            "audit log %s: record %llu differs from the one the tree was built "
                            "with (edited after it was logged)",
                            c->path, (unsigned long long)index);
        else
            seal__audit_why(c->why, c->why_len,
                            "audit log %s: the stored tree differs from the records (subtree "
                            "%u/%llu)",
                            c->path, level, (unsigned long long)index);
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    c->nodes++;
    return SEAL_OK;
}

static seal_err count_rows(seal__audit_db *db, const char *sql, uint64_t *out) {
    sqlite3_stmt *s = NULL;
    seal_err err = SEAL_ERR_IO;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        *out = (uint64_t)sqlite3_column_int64(s, 0);
        err = SEAL_OK;
    }
    sqlite3_finalize(s);
    return err;
}

seal_err seal__audit_verify(seal__audit_db *db, const char *path,
                            const uint8_t public_key[static 32], seal_audit_frontier *f,
                            seal_audit_tree_head *latest, uint64_t *kept_ts, char *why,
                            size_t why_len) {
    sqlite3_stmt *recs = NULL, *heads = NULL;
    seal_audit_record *rec = NULL;
    seal_err err = SEAL_OK;
    scan_ctx c = {db, 0, why, why_len, path};
    seal_audit_tree_head next, prev;
    bool have_next = false, have_prev = false;
    uint64_t n_records = 0, n_nodes = 0;
    int rc;
    seal_audit_frontier_init(f);
    memset(latest, 0, sizeof *latest);
    *kept_ts = 0;
    if ((rec = malloc(sizeof *rec)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    /* one read transaction: a consistent snapshot */
    if (sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db->db, "SELECT seq, record FROM records ORDER BY seq", -1, &recs,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db->db, "SELECT tree_size, head FROM heads ORDER BY tree_size", -1,
                           &heads, NULL) != SQLITE_OK) {
        seal__audit_why(why, why_len, "audit log %s: cannot read the database", path);
        err = SEAL_ERR_IO;
        goto out;
    }
#define NEXT_HEAD()                                                                                \
    do {                                                                                           \
        have_next = false;                                                                         \
        rc = sqlite3_step(heads);                                                                  \
        if (rc == SQLITE_ROW) {                                                                    \
            if (seal_audit_tree_head_decode(&next, sqlite3_column_blob(heads, 1),                  \
                                            (size_t)sqlite3_column_bytes(heads, 1)) != SEAL_OK ||  \
                next.tree_size != (uint64_t)sqlite3_column_int64(heads, 0)) {                      \
                seal__audit_why(why, why_len, "audit log %s: a stored tree head is malformed",     \
                                path);                                                             \
                err = SEAL_ERR_INVALID_SIGNATURE;                                                  \
                goto out;                                                                          \
            }                                                                                      \
            have_next = true;                                                                      \
        } else if (rc != SQLITE_DONE) {                                                            \
            err = SEAL_ERR_IO;                                                                     \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)
    NEXT_HEAD();
    for (;;) {
        /* heads at the current size: their root must be the tree's */
        while (have_next && next.tree_size == f->size) {
            uint8_t root[32];
            seal_audit_frontier_root(f, root);
            if (memcmp(root, next.root, 32) != 0) {
                seal__audit_why(why, why_len,
                                "audit log %s: the records do not give the signed root at size "
                                "%llu (records edited, deleted or reordered)",
                                path, (unsigned long long)next.tree_size);
                err = SEAL_ERR_INVALID_SIGNATURE;
                goto out;
            }
            if (have_prev && (next.timestamp_ms < prev.timestamp_ms ||
                              memcmp(next.log_id, prev.log_id, 32) != 0)) {
                seal__audit_why(why, why_len,
                                "audit log %s: the stored tree heads are not in order", path);
                err = SEAL_ERR_INVALID_SIGNATURE;
                goto out;
            }
            if (have_prev)
                *kept_ts = prev.timestamp_ms;
            prev = next;
            have_prev = true;
            NEXT_HEAD();
        }
        rc = sqlite3_step(recs);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            err = SEAL_ERR_IO;
            goto out;
        }
        uint64_t seq = (uint64_t)sqlite3_column_int64(recs, 0);
        const uint8_t *bytes = sqlite3_column_blob(recs, 1);
        size_t len = (size_t)sqlite3_column_bytes(recs, 1);
        if (seq != n_records) {
            seal__audit_why(why, why_len,
                            "audit log %s: record %llu is missing (deleted from the database)",
                            path, (unsigned long long)n_records);
            err = SEAL_ERR_INVALID_SIGNATURE;
            goto out;
        }
        if (seal_audit_record_decode(rec, bytes, len) != SEAL_OK) {
            seal__audit_why(why, why_len, "audit log %s: record %llu is malformed", path,
                            (unsigned long long)seq);
            err = SEAL_ERR_INVALID_SIGNATURE;
            goto out;
        }
        if (rec->seq != seq) {
            seal__audit_why(why, why_len,
                            "audit log %s: the record stored at %llu is record %llu (records "
                            "reordered)",
                            path, (unsigned long long)seq, (unsigned long long)rec->seq);
            err = SEAL_ERR_INVALID_SIGNATURE;
            goto out;
        }
        uint8_t leaf[32];
        seal_audit_leaf_hash(leaf, bytes, len);
        if ((err = seal_audit_frontier_append(f, leaf, check_node, &c)) != SEAL_OK)
            goto out;
        n_records++;
    }
    if (have_next) {
        seal__audit_why(why, why_len,
                        "audit log %s: a signed head of size %llu names records the database "
                        "does not hold (records deleted)",
                        path, (unsigned long long)next.tree_size);
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    if (!have_prev) {
        seal__audit_why(why, why_len, "audit log %s: no signed tree head", path);
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    if (prev.tree_size != n_records) {
        seal__audit_why(why, why_len,
                        "audit log %s: %llu record(s) after the last signed head (size %llu): "
                        "added without the audit key",
                        path, (unsigned long long)(n_records - prev.tree_size),
                        (unsigned long long)prev.tree_size);
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    if (seal_audit_tree_head_verify(&prev, public_key) != SEAL_OK) {
        seal__audit_why(why, why_len,
                        "audit log %s: the last tree head's signature does not verify under the "
                        "audit key",
                        path);
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    if ((err = count_rows(db, "SELECT count(*) FROM nodes", &n_nodes)) != SEAL_OK)
        goto out;
    if (n_nodes != c.nodes) {
        seal__audit_why(why, why_len,
                        "audit log %s: the stored tree has %llu subtree hashes, the records "
                        "give %llu",
                        path, (unsigned long long)n_nodes, (unsigned long long)c.nodes);
        err = SEAL_ERR_INVALID_SIGNATURE;
        goto out;
    }
    *latest = prev;
#undef NEXT_HEAD
out:
    sqlite3_finalize(recs);
    sqlite3_finalize(heads);
    sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL);
    seal_memzero(rec, sizeof *rec);
    free(rec);
    return err;
}
