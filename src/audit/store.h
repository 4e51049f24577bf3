/* The audit log's SQLite database (store.c), private to src/audit/. */
#ifndef SEAL_AUDIT_STORE_H
#define SEAL_AUDIT_STORE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "seal/audit.h"

enum {
    SEAL__AST_REC_PUT,
    SEAL__AST_REC_GET,
    SEAL__AST_NODE_PUT,
    SEAL__AST_NODE_GET,
    SEAL__AST_HEAD_PUT,
    SEAL__AST_HEAD_DEL,
    SEAL__AST_HEADS,
    SEAL__AST_BEGIN,
    SEAL__AST_COMMIT,
    SEAL__AST_ROLLBACK,
    SEAL__AST_COUNT
};

typedef struct seal__audit_db {
    sqlite3 *db;
    sqlite3_stmt *st[SEAL__AST_COUNT];
} seal__audit_db;

/* A formatted one-line reason (control characters replaced). */
void seal__audit_why(char *why, size_t why_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Opens a connection: the writer (WAL, creates the schema; the file itself when create) or a
 * read-only one. synchronous=FULL. */
SEAL_MUST_CHECK seal_err seal__audit_db_open(seal__audit_db *db, const char *path, bool writer,
                                             bool create);
void seal__audit_db_close(seal__audit_db *db);
/* Steps and resets a statement without results. */
SEAL_MUST_CHECK seal_err seal__audit_db_exec(seal__audit_db *db, int st);

SEAL_MUST_CHECK seal_err seal__audit_meta_get(seal__audit_db *db, const char *key, uint8_t *out,
                                              size_t len, bool *found);
SEAL_MUST_CHECK seal_err seal__audit_meta_put(seal__audit_db *db, const char *key, const uint8_t *v,
                                              size_t len);
SEAL_MUST_CHECK seal_err seal__audit_node_put(seal__audit_db *db, unsigned level, uint64_t idx,
                                              const uint8_t hash[static 32]);
SEAL_MUST_CHECK seal_err seal__audit_node_get(seal__audit_db *db, unsigned level, uint64_t idx,
                                              uint8_t out[static 32], bool *found);
SEAL_MUST_CHECK seal_err seal__audit_record_put(seal__audit_db *db, uint64_t seq,
                                                const uint8_t *bytes, size_t len);
/* SEAL_ERR_INVALID_ARGUMENT when there is no such record. */
SEAL_MUST_CHECK seal_err seal__audit_record_get(seal__audit_db *db, uint64_t seq, uint8_t **bytes,
                                                size_t *len);
SEAL_MUST_CHECK seal_err seal__audit_head_put(seal__audit_db *db, const seal_audit_tree_head *h);
SEAL_MUST_CHECK seal_err seal__audit_head_delete(seal__audit_db *db, uint64_t tree_size);
SEAL_MUST_CHECK seal_err seal__audit_heads(seal__audit_db *db, uint64_t from, uint64_t to,
                                           seal_audit_tree_head *out, size_t cap, size_t *n);

/* The integrity check (seal_audit_log_open): recomputes the tree from the records and compares
 * it with the stored subtrees and heads; the last head must cover every record and verify under
 * public_key. On success f is the tree, *latest the last head, *kept_ts the timestamp of the
 * head kept before it (0 when none). */
SEAL_MUST_CHECK seal_err seal__audit_verify(seal__audit_db *db, const char *path,
                                            const uint8_t public_key[static 32],
                                            seal_audit_frontier *f, seal_audit_tree_head *latest,
                                            uint64_t *kept_ts, char *why, size_t why_len);

#endif
