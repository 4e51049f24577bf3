/*
 * The key-delivery audit log (docs/audit.md): an append-only Merkle log of every fetch_key
 * outcome of a key server, in the way Certificate Transparency logs certificates.
 *
 *   record     a versioned BCS struct per outcome (seal_audit_record): sequence number, time,
 *              key server object, digest of the signed request, user, session key, package,
 *              ids, outcome, the staleness bound the decision used. Never a secret.
 *   tree       RFC 9162 (CT v2) Merkle tree hashing with SHA-256: leaf = H(0x00 || record),
 *              node = H(0x01 || left || right), the empty tree H(""); inclusion and consistency
 *              proofs (RFC 9162 2.1.3 and 2.1.4), generated from the hashes of complete subtrees
 *              and verified with the RFC's algorithms.
 *   heads      a signed tree head (size, timestamp, root) under the log's Ed25519 audit key;
 *   receipts   the log's signature over (log id, sequence number, leaf hash) given with every
 *              granted answer;
 *   log id     SHA-256("seal-audit-v1/log-id" || audit public key).
 *   storage    seal_audit_log: SQLite (WAL), a dedicated writer thread committing every pending
 *              record with one fsync (group commit), a signed head per commit, integrity check
 *              of the whole database at open.
 *
 * Byte layouts of every message and encoding are in docs/audit.md. Verification functions
 * return SEAL_OK, SEAL_ERR_INVALID_SIGNATURE (a signature or proof that does not verify) or
 * SEAL_ERR_INVALID_ENCODING (malformed bytes); they never allocate.
 */
#ifndef SEAL_AUDIT_H
#define SEAL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bcs.h"
#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_AUDIT_HASH_BYTES 32
#define SEAL_AUDIT_PUBLIC_KEY_BYTES 32
#define SEAL_AUDIT_SECRET_KEY_BYTES 32 /* Ed25519 seed */
#define SEAL_AUDIT_SIGNATURE_BYTES 64
/* Inclusion proofs of a tree of at most 2^64 - 1 leaves hold at most 64 hashes, consistency
 * proofs at most 2 * 64. */
#define SEAL_AUDIT_MAX_PROOF_HASHES 128
/* Encodings version (first byte of every encoding below). */
#define SEAL_AUDIT_VERSION 1
/* u8 version || log_id || u64 tree_size || u64 timestamp_ms || root || signature */
#define SEAL_AUDIT_TREE_HEAD_BYTES (1 + 32 + 8 + 8 + 32 + 64)
/* u8 version || log_id || u64 seq || leaf_hash || signature */
#define SEAL_AUDIT_RECEIPT_BYTES (1 + 32 + 8 + 32 + 64)
/* Records: at most this many ids, this many bytes encoded. */
#define SEAL_AUDIT_MAX_IDS 128
#define SEAL_AUDIT_RECORD_MAX_BYTES (256u * 1024u)
#define SEAL_AUDIT_ERROR_NAME_BYTES 48

/* ---- hashing ------------------------------------------------------------------------------ */

/* H(0x00 || data). */
void seal_audit_leaf_hash(uint8_t out[static 32], const uint8_t *data, size_t len);
/* H(0x01 || left || right). */
void seal_audit_node_hash(uint8_t out[static 32], const uint8_t left[static 32],
                          const uint8_t right[static 32]);
/* MTH of the empty tree: SHA-256 of the empty string. */
void seal_audit_empty_root(uint8_t out[static 32]);

/* ---- the tree ----------------------------------------------------------------------------- */

/* The right edge of a tree of `size` leaves: hashes[k] is the root of its complete subtree of
 * 2^k leaves when bit k of size is set. Enough to append in O(log n) and to compute the root. */
typedef struct seal_audit_frontier {
    uint64_t size;
    uint8_t hashes[64][32];
} seal_audit_frontier;

/* An empty frontier (size 0). */
void seal_audit_frontier_init(seal_audit_frontier *f);
/* Called for every complete subtree an append completes: level 0 is the leaf itself (index =
 * its leaf index), level L covers leaves [index * 2^L, (index + 1) * 2^L). */
typedef seal_err (*seal_audit_node_sink)(void *ctx, unsigned level, uint64_t index,
                                         const uint8_t hash[static 32]);
/* Appends a leaf hash; sink may be NULL. SEAL_ERR_LIMIT when the tree is full (2^64 - 1). */
SEAL_MUST_CHECK seal_err seal_audit_frontier_append(seal_audit_frontier *f,
                                                    const uint8_t leaf_hash[static 32],
                                                    seal_audit_node_sink sink, void *ctx);
/* MTH of the whole tree (the empty root when size is 0). */
void seal_audit_frontier_root(const seal_audit_frontier *f, uint8_t out[static 32]);

/* Source of complete-subtree hashes for proofs: the hash of the subtree at (level, index) as a
 * sink above reported it. Must fail (any error) when it does not know it. */
typedef seal_err (*seal_audit_node_source)(void *ctx, unsigned level, uint64_t index,
                                           uint8_t out[static 32]);
/* MTH(D[begin:end]), 0 <= begin < end, from complete subtrees (O(log n) lookups). */
SEAL_MUST_CHECK seal_err seal_audit_range_hash(uint8_t out[static 32], seal_audit_node_source src,
                                               void *ctx, uint64_t begin, uint64_t end);
/* PATH(index, D[0:size]) of RFC 9162 2.1.3.1, index < size: path[0..*n), leaf side first.
 * cap >= 64 always suffices. */
SEAL_MUST_CHECK seal_err seal_audit_inclusion_proof(uint8_t (*path)[32], size_t cap, size_t *n,
                                                    seal_audit_node_source src, void *ctx,
                                                    uint64_t index, uint64_t size);
/* PROOF(first, D[0:second]) of RFC 9162 2.1.4.1, 0 < first < second (first == second and
 * first == 0 give the empty proof). cap >= 128 always suffices. */
SEAL_MUST_CHECK seal_err seal_audit_consistency_proof(uint8_t (*path)[32], size_t cap, size_t *n,
                                                      seal_audit_node_source src, void *ctx,
                                                      uint64_t first, uint64_t second);

/* RFC 9162 2.1.3.2: SEAL_OK when path proves leaf_hash at index in the tree of `size` leaves
 * whose root is root; SEAL_ERR_INVALID_SIGNATURE otherwise (index >= size included). */
SEAL_MUST_CHECK seal_err seal_audit_verify_inclusion(const uint8_t leaf_hash[static 32],
                                                     uint64_t index, uint64_t size,
                                                     const uint8_t (*path)[32], size_t n,
                                                     const uint8_t root[static 32]);
/* RFC 9162 2.1.4.2 for 0 < first < second; first == second: the proof must be empty and the
 * roots equal; first == 0: the proof must be empty and first_root the empty root; first >
 * second: refused. SEAL_OK or SEAL_ERR_INVALID_SIGNATURE. */
SEAL_MUST_CHECK seal_err seal_audit_verify_consistency(uint64_t first, uint64_t second,
                                                       const uint8_t first_root[static 32],
                                                       const uint8_t second_root[static 32],
                                                       const uint8_t (*path)[32], size_t n);

/* ---- keys --------------------------------------------------------------------------------- */

/* A fresh Ed25519 audit key (seed) from the system CSPRNG, and its public key. */
SEAL_MUST_CHECK seal_err seal_audit_keygen(uint8_t secret[static 32],
                                           uint8_t public_key[static 32]);
SEAL_MUST_CHECK seal_err seal_audit_public_key(uint8_t public_key[static 32],
                                               const uint8_t secret[static 32]);
/* log id = SHA-256("seal-audit-v1/log-id" || public_key). */
void seal_audit_log_id(uint8_t out[static 32], const uint8_t public_key[static 32]);
/* Reads an audit key file: "Audit key: 0x<64 hex>" (what `seal keygen --audit` writes, other
 * lines ignored), its JSON form {"audit_key": "0x…", …} or a bare 0x<64 hex>. The file must be
 * a regular file not accessible by group or others. why (may be NULL) gets a one-line reason. */
SEAL_MUST_CHECK seal_err seal_audit_key_load(uint8_t secret[static 32], const char *path, char *why,
                                             size_t why_len);

/* ---- signed tree heads -------------------------------------------------------------------- */

typedef struct seal_audit_tree_head {
    uint8_t log_id[32];
    uint64_t tree_size;
    uint64_t timestamp_ms;
    uint8_t root[32];
    uint8_t signature[64];
} seal_audit_tree_head;

/* The signed message: "seal-audit-v1/tree-head" || log_id || u64le size || u64le time || root
 * (103 bytes). */
#define SEAL_AUDIT_TREE_HEAD_MESSAGE_BYTES (23 + 32 + 8 + 8 + 32)
void seal_audit_tree_head_message(uint8_t out[static SEAL_AUDIT_TREE_HEAD_MESSAGE_BYTES],
                                  const seal_audit_tree_head *h);
/* Sets h->log_id from the key and signs. */
SEAL_MUST_CHECK seal_err seal_audit_tree_head_sign(seal_audit_tree_head *h,
                                                   const uint8_t secret[static 32]);
/* Checks the log id against the key, then the signature. */
SEAL_MUST_CHECK seal_err seal_audit_tree_head_verify(const seal_audit_tree_head *h,
                                                     const uint8_t public_key[static 32]);
void seal_audit_tree_head_encode(uint8_t out[static SEAL_AUDIT_TREE_HEAD_BYTES],
                                 const seal_audit_tree_head *h);
SEAL_MUST_CHECK seal_err seal_audit_tree_head_decode(seal_audit_tree_head *h, const uint8_t *in,
                                                     size_t len);

/* ---- receipts ----------------------------------------------------------------------------- */

typedef struct seal_audit_receipt {
    uint8_t log_id[32];
    uint64_t seq;
    uint8_t leaf_hash[32];
    uint8_t signature[64];
} seal_audit_receipt;

/* The signed message: "seal-audit-v1/receipt" || log_id || u64le seq || leaf_hash (93 bytes). */
#define SEAL_AUDIT_RECEIPT_MESSAGE_BYTES (21 + 32 + 8 + 32)
void seal_audit_receipt_message(uint8_t out[static SEAL_AUDIT_RECEIPT_MESSAGE_BYTES],
                                const seal_audit_receipt *r);
SEAL_MUST_CHECK seal_err seal_audit_receipt_sign(seal_audit_receipt *r,
                                                 const uint8_t secret[static 32]);
SEAL_MUST_CHECK seal_err seal_audit_receipt_verify(const seal_audit_receipt *r,
                                                   const uint8_t public_key[static 32]);
void seal_audit_receipt_encode(uint8_t out[static SEAL_AUDIT_RECEIPT_BYTES],
                               const seal_audit_receipt *r);
SEAL_MUST_CHECK seal_err seal_audit_receipt_decode(seal_audit_receipt *r, const uint8_t *in,
                                                   size_t len);

/* ---- proofs as bytes ------------------------------------------------------------------------
 * u8 version || log_id || u64 a || u64 b || vector<[u8; 32]> path, where (a, b) is (leaf index,
 * tree size) for inclusion and (first, second) for consistency. */

typedef struct seal_audit_proof {
    uint8_t log_id[32];
    uint64_t a, b;
    size_t n;
    uint8_t path[SEAL_AUDIT_MAX_PROOF_HASHES][32];
} seal_audit_proof;

/* Writes the encoding into w (counting mode with a NULL buffer works). */
void seal_audit_proof_write(seal_bcs_writer *w, const seal_audit_proof *p);
/* max_hashes: 64 for inclusion proofs, 128 for consistency proofs. */
SEAL_MUST_CHECK seal_err seal_audit_proof_decode(seal_audit_proof *p, size_t max_hashes,
                                                 const uint8_t *in, size_t len);

/* ---- records ------------------------------------------------------------------------------ */

typedef struct seal_audit_bytes {
    const uint8_t *ptr;
    size_t len;
} seal_audit_bytes;

typedef struct seal_audit_record {
    uint64_t seq;
    uint64_t time_ms; /* the server's wall clock when it decided (the dry run's `now`) */
    bool has_key_server;
    uint8_t key_server[32]; /* the key server object that answered */
    uint8_t request_digest[32];
    uint8_t user[32];
    uint8_t session_vk[32];
    bool has_package;
    uint8_t package[32]; /* original (first-version) package id */
    size_t n_ids;
    seal_audit_bytes ids[SEAL_AUDIT_MAX_IDS]; /* inner ids, borrowed */
    bool granted;
    char error[SEAL_AUDIT_ERROR_NAME_BYTES]; /* refused: the error name ("NoAccess", ...) */
    uint64_t allowed_staleness_ms;
    bool has_checkpoint;
    uint64_t checkpoint;
} seal_audit_record;

/* BCS of the record into w (docs/audit.md, "Record"). */
void seal_audit_record_write(seal_bcs_writer *w, const seal_audit_record *r);
/* Strict decoding (version, caps, no trailing bytes, error names of printable ASCII); ids
 * borrow from in. */
SEAL_MUST_CHECK seal_err seal_audit_record_decode(seal_audit_record *r, const uint8_t *in,
                                                  size_t len);

/* The signed request a record names (every field the user and the session key signed, and
 * both signatures). */
typedef struct seal_audit_request {
    const uint8_t *ptb; /* PTB bytes (the base64 text as sent when it does not decode) */
    size_t ptb_len;
    const uint8_t *enc_key;              /* 48 bytes */
    const uint8_t *enc_verification_key; /* 96 bytes */
    const uint8_t *request_signature;    /* 64 bytes */
    const uint8_t *user;                 /* 32 bytes */
    const uint8_t *session_vk;           /* 32 bytes */
    uint64_t creation_time;
    uint16_t ttl_min;
    const uint8_t *signature; /* the user's serialized Sui signature */
    size_t signature_len;
    const char *mvr_name; /* NULL when absent */
} seal_audit_request;

/* SHA-256("seal-audit-v1/request" || BCS{ptb, enc_key, enc_verification_key,
 * request_signature, certificate {user, session_vk, creation_time, ttl_min, signature,
 * mvr_name: Option<String>}}). */
void seal_audit_request_digest(uint8_t out[static 32], const seal_audit_request *req);

/* ---- the log (storage) ---------------------------------------------------------------------
 * One SQLite database per log (WAL, synchronous=FULL): records, the hashes of every complete
 * subtree (so appends cost O(log n) and proofs O(log n) lookups), signed tree heads. A writer
 * thread takes every record queued at that moment, appends them, signs a head over the new tree
 * and commits them together: one fsync for all (group commit). A record is durable, with a head
 * covering it, when its pending handle resolves with SEAL_OK.
 *
 * Opening checks the whole database against the last signed head: the records are recomputed
 * into the tree (their sequence numbers must run from 0 without a gap and match their rows,
 * every stored subtree hash must match, every retained head's root must match the tree at its
 * size, the last head must cover every record and carry a valid signature under the key). Any
 * difference refuses the database (SEAL_ERR_INVALID_SIGNATURE) with the reason in `why`. */

typedef struct seal_audit_log seal_audit_log;

typedef struct seal_audit_log_options {
    uint64_t head_interval_ms;  /* a head is signed at least this often, records or not, and one
                                   head per interval is kept in the database; 0: 10000 */
    uint32_t max_batch;         /* records per commit at most; 0: 4096 */
    uint32_t max_pending;       /* queued records at most, beyond: SEAL_ERR_LIMIT; 0: 65536 */
    uint32_t commit_spacing_us; /* group commits start at most this often (bounds the fsyncs
                                   per second on fast disks, at that much latency); 0: 2000,
                                   at most 1 s */
    bool create;                /* create the database when it does not exist */
} seal_audit_log_options;

/* Opens (creating when asked) the log at path with the audit key `secret` and starts its writer
 * thread. A database of another key, or one that fails the integrity check, is refused with a
 * one-line reason in why (may be NULL). */
SEAL_MUST_CHECK seal_err seal_audit_log_open(seal_audit_log **out, const char *path,
                                             const uint8_t secret[static 32],
                                             const seal_audit_log_options *opts, char *why,
                                             size_t why_len);
/* Opens an existing log without its key, read only (export, proofs, offline checks). The
 * integrity check runs with the public key stored in the database, or with public_key when not
 * NULL (which must then match it). */
SEAL_MUST_CHECK seal_err seal_audit_log_open_readonly(seal_audit_log **out, const char *path,
                                                      const uint8_t *public_key, char *why,
                                                      size_t why_len);
/* Commits what is queued, stops the writer, closes (NULL is a no-op). Every pending handle is
 * resolved before it returns. */
void seal_audit_log_close(seal_audit_log *l);

/* A queued record: exactly one of wait, then or release must be called on it. */
typedef struct seal_audit_pending seal_audit_pending;
typedef void (*seal_audit_done_fn)(void *ctx, seal_err err);

/* Queues a record: assigns r->seq (the next sequence number), encodes it and, when receipt is
 * not NULL, signs its receipt. *bytes (when bytes is not NULL) receives a malloc'd copy of the
 * record's encoding (free()). When pending is NULL the record is queued without a handle.
 * SEAL_ERR_LIMIT: too many records queued; SEAL_ERR_IO: the log has failed (see why) or is read
 * only. Thread-safe. */
SEAL_MUST_CHECK seal_err seal_audit_log_append(seal_audit_log *l, seal_audit_record *r,
                                               seal_audit_receipt *receipt, uint8_t **bytes,
                                               size_t *len, seal_audit_pending **pending);
/* Blocks until the record is durable (SEAL_OK) or its commit failed (the error; the record is
 * not in the log). Frees p. */
SEAL_MUST_CHECK seal_err seal_audit_pending_wait(seal_audit_pending *p);
/* Calls fn(ctx, result) exactly once: on the writer thread when the commit ends, or on this
 * thread before returning when it already has. Frees p. fn must not call into the log. */
void seal_audit_pending_then(seal_audit_pending *p, seal_audit_done_fn fn, void *ctx);
/* Not interested in the outcome. Frees p. */
void seal_audit_pending_release(seal_audit_pending *p);

/* The latest signed tree head (it covers every durable record). */
SEAL_MUST_CHECK seal_err seal_audit_log_head(seal_audit_log *l, seal_audit_tree_head *out);
/* Proofs for sizes up to the latest head's: inclusion of record `seq` in the tree of `size`
 * records, consistency between the trees of `first` and `second` records. SEAL_ERR_INVALID_
 * ARGUMENT for sizes or indices out of range. */
SEAL_MUST_CHECK seal_err seal_audit_log_inclusion(seal_audit_log *l, uint64_t seq, uint64_t size,
                                                  seal_audit_proof *out);
SEAL_MUST_CHECK seal_err seal_audit_log_consistency(seal_audit_log *l, uint64_t first,
                                                    uint64_t second, seal_audit_proof *out);
/* The encoding of record seq (< the latest head's size), malloc'd (free()). */
SEAL_MUST_CHECK seal_err seal_audit_log_record(seal_audit_log *l, uint64_t seq, uint8_t **bytes,
                                               size_t *len);
/* The retained signed heads of sizes in [from, to], in order of size, at most cap of them. */
SEAL_MUST_CHECK seal_err seal_audit_log_heads(seal_audit_log *l, uint64_t from, uint64_t to,
                                              seal_audit_tree_head *out, size_t cap, size_t *n);
/* The log's public key and id. */
void seal_audit_log_public_key(const seal_audit_log *l, uint8_t out[static 32]);

typedef struct seal_audit_log_stats {
    uint64_t records; /* durable records (the latest head's size) */
    uint64_t head_timestamp_ms;
    uint64_t pending; /* queued, not yet durable */
    uint64_t commits; /* successful group commits */
    uint64_t commit_failures;
    uint64_t appended; /* records queued since open */
    /* commit (write + fsync) latency: count of commits at or below 1, 2, 5, 10, 20, 50, 100,
     * 250, 500, 1000 ms (cumulative), their total and sum in ms */
    uint64_t commit_buckets[10];
    uint64_t commit_count;
    double commit_sum_ms;
    uint64_t batch_max; /* largest group commit so far */
    bool failed;        /* the writer stopped after an error it could not undo */
} seal_audit_log_stats;
/* A snapshot of the log's counters (thread safe). */
void seal_audit_log_get_stats(seal_audit_log *l, seal_audit_log_stats *out);
/* Upper bounds of commit_buckets, in ms. */
extern const double SEAL_AUDIT_COMMIT_BUCKETS_MS[10];

#ifdef __cplusplus
}
#endif
#endif
