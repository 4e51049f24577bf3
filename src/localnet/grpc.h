/* Internals of the local chain's sui.rpc.v2 gRPC service (docs/localnet.md "gRPC"):
 * grpc_call.c    dispatch of one unary call, read masks, shared encoders (objects, owners)
 * grpc_ledger.c  LedgerService, MovePackageService, StateService, SignatureVerificationService
 * grpc_tx.c      TransactionExecutionService (SimulateTransaction, ExecuteTransaction) and
 *                LedgerService/GetTransaction: transactions and effects as messages
 * grpc_web.c     gRPC-web (binary and text) bodies, and their answers over the HTTP/1.1 server
 * grpc_h2.c      native gRPC over HTTP/2 cleartext (libnghttp2) on the same port */
#ifndef SEAL_LOCALNET_GRPC_H
#define SEAL_LOCALNET_GRPC_H

#include <stdarg.h>

#include "localnet/grpc_web.h"
#include "localnet/internal.h"
#include "proto/grpc_frame.h"
#include "proto/pb.h"
#include "proto/sui_rpc.h"

/* Largest response message (the frame cap of both sides). */
#define SEAL__LG_MAX_RESPONSE SEAL__GRPC_MAX_FRAME_BYTES
/* Object contents one call may answer (BatchGetObjects of 50 objects of 250 KiB would be
 * 12.5 MiB): past this, RESOURCE_EXHAUSTED. */
#define SEAL__LG_MAX_CONTENTS (8u * 1024u * 1024u)
#define SEAL__LG_MAX_MASK_PATHS 64

/* A read mask: the paths of a FieldMask, relative to the method's root message. all: no
 * restriction (`*`, or no mask on a method whose default is everything). */
typedef struct seal__lg_mask {
    bool all;
    size_t n;
    struct {
        const char *p;
        size_t len;
    } paths[SEAL__LG_MAX_MASK_PATHS];
} seal__lg_mask;

/* One unary call being answered. */
typedef struct seal__lg_call {
    seal_localnet_rpc *s;
    seal_ledger *reader; /* taken on first use */
    seal_err reader_status;
    seal__pb_writer w; /* the response message */
    uint32_t status;   /* gRPC status */
    char message[512]; /* grpc-message (plain text, encoded by the transport) */
    size_t weight;     /* object content bytes answered */
    char method[64];   /* Service/Method for the log (identifier characters only) */
} seal__lg_call;

/* Answers the call of path (e.g. "/sui.rpc.v2.LedgerService/GetObject", any prefix before
 * "/sui.rpc.v2." allowed) with request message req[0..len): c->status, c->message and, on OK,
 * the message in c->w. Unknown methods: UNIMPLEMENTED. seal__lg_call_done() frees it. */
void seal__lg_call_run(seal_localnet_rpc *s, const char *path, size_t path_len, const uint8_t *req,
                       size_t len, seal__lg_call *c);
void seal__lg_call_done(seal__lg_call *c);

/* Sets the call's status and message (printf format); returns false for `return fail(...)`. */
bool seal__lg_fail(seal__lg_call *c, uint32_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The call's read-only ledger handle (NULL with INTERNAL set when none can be opened). */
seal_ledger *seal__lg_reader(seal__lg_call *c);
/* A system failure: INTERNAL "Internal error: …" (and the handle is dropped on I/O errors). */
bool seal__lg_system_fail(seal__lg_call *c, seal_err err);

/* Read masks. Decodes FieldMask bytes into m, each path checked against the root's fields
 * (INVALID_ARGUMENT "invalid read_mask path: <p>" set in c, false returned). root: one of the
 * SEAL__LG_ROOT_* schemas. defaults: comma-separated paths used when the request has no mask
 * (NULL = everything). */
typedef struct seal__lg_schema {
    const char *name;                    /* NULL ends a list */
    const struct seal__lg_schema *child; /* sub-message fields, NULL for scalars */
} seal__lg_schema;
extern const seal__lg_schema SEAL__LG_ROOT_OBJECT[], SEAL__LG_ROOT_EPOCH[],
    SEAL__LG_ROOT_CHECKPOINT[], SEAL__LG_ROOT_EXECUTED[], SEAL__LG_ROOT_SIMULATE[],
    SEAL__LG_ROOT_DYNAMIC_FIELD[];
bool seal__lg_mask_parse(seal__lg_call *c, const seal__pb_bytes *mask_msg,
                         const seal__lg_schema *root, const char *defaults, seal__lg_mask *m);
/* Whether the answer should carry path (dotted, relative to the root): it, one of its parents
 * or one of its descendants is in the mask. */
bool seal__lg_wants(const seal__lg_mask *m, const char *path);
/* seal__lg_wants(prefix + name). */
bool seal__lg_wantp(const seal__lg_mask *m, const char *prefix, const char *name);

/* Request decoding. seal__lg_decode walks the fields of req and gives each to fn (which
 * returns false on a field it refuses, setting the call's status or not); a malformed message
 * or a refused field without a status is INVALID_ARGUMENT "invalid <what>…". */
typedef bool (*seal__lg_field_fn)(seal__lg_call *c, const seal__pb_field *f, void *ctx);
bool seal__lg_decode(seal__lg_call *c, const uint8_t *req, size_t len, seal__lg_field_fn fn,
                     void *ctx, const char *what);
/* The common case: a table of (field number, kind, offset of the seal__pb_* member in out). */
typedef enum seal__lg_kind {
    SEAL__LG_STRING, /* seal__pb_bytes, UTF-8 checked */
    SEAL__LG_BYTES,  /* seal__pb_bytes (bytes, and sub-messages such as read masks) */
    SEAL__LG_U64,    /* seal__pb_u64 */
    SEAL__LG_U32,    /* seal__pb_u32 */
    SEAL__LG_I32,    /* seal__pb_i32 (enums) */
    SEAL__LG_BOOL,   /* seal__pb_bool */
} seal__lg_kind;
typedef struct seal__lg_field {
    uint32_t number;
    seal__lg_kind kind;
    size_t offset;
} seal__lg_field;
bool seal__lg_decode_table(seal__lg_call *c, const uint8_t *req, size_t len,
                           const seal__lg_field *fields, size_t n_fields, void *out,
                           const char *what);
#define SEAL__LG_DECODE(c, req, len, table, out, what)                                             \
    seal__lg_decode_table(c, req, len, table, sizeof table / sizeof table[0], out, what)

/* Request fields: an address / object id string ("0x" + 1..64 hex) and a digest (Base58). */
bool seal__lg_parse_address(seal__lg_call *c, const seal__pb_bytes *v, uint8_t out[32],
                            const char *what);
bool seal__lg_parse_digest(seal__lg_call *c, const seal__pb_bytes *v, uint8_t out[32],
                           const char *what);

/* Encoders. Strings: "0x" + 64 hex, Base58 digests, struct tags with long addresses. */
void seal__lg_write_address(seal__pb_writer *w, uint32_t field, const uint8_t a[32]);
void seal__lg_write_digest(seal__pb_writer *w, uint32_t field, const uint8_t d[32]);
/* A BCS TypeTag as text (long addresses); false when it cannot be formatted. */
bool seal__lg_write_type(seal__pb_writer *w, uint32_t field, const uint8_t *tag, size_t len);
void seal__lg_write_owner(seal__pb_writer *w, uint32_t field, const seal_sui_owner *o);
void seal__lg_write_timestamp_ms(seal__pb_writer *w, uint32_t field, uint64_t ms);
/* The Object message (field of w) for id, with the fields the mask under prefix asks for
 * ("" for a root Object, "field_object." inside a DynamicField). *found false (nothing
 * written) when id is neither an object nor a package. false on a system failure or when the
 * call's contents budget is exceeded (status set). */
bool seal__lg_write_object(seal__lg_call *c, seal__pb_writer *w, uint32_t field,
                           const uint8_t id[32], const seal__lg_mask *m, const char *prefix,
                           bool *found);

/* The answer of one call in a transport's terms. */
typedef struct seal__localnet_grpc_answer {
    uint32_t status;   /* gRPC status */
    char message[512]; /* grpc-message (plain text) when not OK */
    uint8_t *body;     /* OK (gRPC-web): the whole response body, malloc'd; NULL for
                          Trailers-Only */
    size_t len;
    const char *content_type; /* the answer's content type */
    char method[64];          /* Service/Method, for the log */
} seal__localnet_grpc_answer;

/* gRPC-web (binary or text, by the request's content type) call of path with body[0..len):
 * decodes the body, runs the call and fills a. too_big: the body was over the limit and
 * dropped. false on memory exhaustion only. */
bool seal__localnet_grpc_answer_web(seal_localnet_rpc *s, const char *path, size_t path_len,
                                    const char *content_type, const uint8_t *body, size_t len,
                                    bool too_big, seal__localnet_grpc_answer *a);
/* The single message frame of a unary request body (flag 0, length <= max, nothing after):
 * true with *f; else a's status and message are set (INVALID_ARGUMENT) and false returned. */
bool seal__localnet_grpc_unframe(const uint8_t *p, size_t n, size_t max, seal__grpc_frame *f,
                                 seal__localnet_grpc_answer *a);

/* Method handlers: decode req, answer in c (grpc_ledger.c, grpc_tx.c). */
typedef void (*seal__lg_method_fn)(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_service_info(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_object(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_batch_get_objects(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_epoch(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_checkpoint(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_function(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_package(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_list_dynamic_fields(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_verify_signature(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_get_transaction(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_simulate_transaction(seal__lg_call *c, const uint8_t *req, size_t len);
void seal__lg_execute_transaction(seal__lg_call *c, const uint8_t *req, size_t len);

#endif
