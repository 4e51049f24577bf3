/* sui.rpc.v2 on the local chain: LedgerService (service info, objects, epochs, checkpoints),
 * MovePackageService, StateService/ListDynamicFields and SignatureVerificationService, answered
 * from the embedded ledger. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localnet/grpc.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define MAX_BATCH 1000u  /* BatchGetObjects requests */
#define DEFAULT_PAGE 50u /* ListDynamicFields */
#define MAX_PAGE 1000u

/* The chain's height (one checkpoint per committed transaction, so the latest checkpoint is the
 * transaction count) and the Clock's time; false (the call failed) when they cannot be read. */
static bool chain_height(seal__lg_call *c, uint64_t *latest, uint64_t *ts_ms) {
    seal_ledger *l = seal__lg_reader(c);
    seal_err err;
    if (l == NULL)
        return false;
    if ((err = seal_ledger_transaction_count(l, latest)) != SEAL_OK ||
        (err = seal_ledger_clock_get(l, ts_ms)) != SEAL_OK)
        return seal__lg_system_fail(c, err);
    return true;
}

/* ---- GetServiceInfo ------------------------------------------------------------------------ */

void seal__lg_get_service_info(seal__lg_call *c, const uint8_t *req, size_t len) {
    uint64_t count = 0, ts = 0;
    if (!seal__lg_decode_table(c, req, len, NULL, 0, NULL, "GetServiceInfoRequest") ||
        !chain_height(c, &count, &ts))
        return;
    seal__lg_write_digest(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN_ID, c->s->genesis);
    seal__pb_write_string(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN, "unknown");
    seal__pb_write_u64(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_EPOCH, 0);
    seal__pb_write_u64(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHECKPOINT_HEIGHT, count);
    seal__lg_write_timestamp_ms(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_TIMESTAMP, ts);
    seal__pb_write_u64(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_LOWEST_AVAILABLE_CHECKPOINT, 0);
    seal__pb_write_u64(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_LOWEST_AVAILABLE_CHECKPOINT_OBJECTS,
                       0);
    seal__pb_write_string(&c->w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_SERVER, "seal-localnet");
}

/* ---- GetObject, BatchGetObjects ------------------------------------------------------------ */

typedef struct object_req {
    seal__pb_bytes id;
    seal__pb_u64 version;
    seal__pb_bytes mask;
} object_req;

static const seal__lg_field OBJECT_REQ[] = {
    {SUI_RPC_GET_OBJECT_REQUEST_OBJECT_ID, SEAL__LG_STRING, offsetof(object_req, id)},
    {SUI_RPC_GET_OBJECT_REQUEST_VERSION, SEAL__LG_U64, offsetof(object_req, version)},
    {SUI_RPC_GET_OBJECT_REQUEST_READ_MASK, SEAL__LG_BYTES, offsetof(object_req, mask)},
};

/* The current version of id, or 0 when it does not exist. */
static bool current_version(seal__lg_call *c, const uint8_t id[32], uint64_t *version) {
    seal_ledger *l = seal__lg_reader(c);
    seal_ledger_object o;
    uint8_t original[32];
    bool found = false;
    seal_err err;
    *version = 0;
    if (l == NULL)
        return false;
    memset(&o, 0, sizeof o);
    err = seal_ledger_object_get(l, id, &o, &found);
    if (found)
        *version = o.version;
    seal_ledger_object_clear(&o);
    if (err == SEAL_ERR_INVALID_ARGUMENT && !found)
        err = seal_ledger_package_get(l, id, original, version, &found);
    return err == SEAL_OK ? true : seal__lg_system_fail(c, err);
}

/* Writes the Object of one request, or the NOT_FOUND text into msg (found false). */
static bool one_object(seal__lg_call *c, seal__pb_writer *w, uint32_t field, const uint8_t id[32],
                       const seal__pb_u64 *version, const seal__lg_mask *m, bool *found, char *msg,
                       size_t cap) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, id);
    *found = false;
    if (version->set) {
        uint64_t cur = 0;
        /* the ledger keeps the current version of each object only */
        if (!current_version(c, id, &cur))
            return false;
        if (cur != version->v) {
            snprintf(msg, cap, "Object %s not found with version %llu", hex,
                     (unsigned long long)version->v);
            return true;
        }
    }
    if (!seal__lg_write_object(c, w, field, id, m, "", found))
        return false;
    if (!*found)
        snprintf(msg, cap, "Object %s not found", hex);
    return true;
}

void seal__lg_get_object(seal__lg_call *c, const uint8_t *req, size_t len) {
    object_req o;
    seal__lg_mask m;
    uint8_t id[32];
    bool found = false;
    char msg[160];
    memset(&o, 0, sizeof o);
    if (!SEAL__LG_DECODE(c, req, len, OBJECT_REQ, &o, "GetObjectRequest") ||
        !seal__lg_parse_address(c, &o.id, id, "object_id") ||
        !seal__lg_mask_parse(c, &o.mask, SEAL__LG_ROOT_OBJECT, "object_id,version,digest", &m))
        return;
    if (!one_object(c, &c->w, SUI_RPC_GET_OBJECT_RESPONSE_OBJECT, id, &o.version, &m, &found, msg,
                    sizeof msg))
        return;
    if (!found)
        seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "%s", msg);
}

typedef struct batch_req {
    size_t n;
    object_req reqs[MAX_BATCH];
    seal__pb_bytes mask;
} batch_req;

static bool batch_field(seal__lg_call *c, const seal__pb_field *f, void *ctx) {
    batch_req *b = ctx;
    if (f->number == SUI_RPC_BATCH_GET_OBJECTS_REQUEST_READ_MASK)
        return seal__pb_get_bytes(f, &b->mask) == SEAL_OK;
    if (f->number == SUI_RPC_BATCH_GET_OBJECTS_REQUEST_REQUESTS) {
        seal__pb_bytes sub;
        if (b->n == MAX_BATCH)
            return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                                 "too many requests: at most %u per call", MAX_BATCH);
        if (seal__pb_get_bytes(f, &sub) != SEAL_OK)
            return false;
        memset(&b->reqs[b->n], 0, sizeof b->reqs[b->n]);
        if (!SEAL__LG_DECODE(c, sub.p, sub.len, OBJECT_REQ, &b->reqs[b->n], "GetObjectRequest"))
            return false;
        b->n++;
    }
    return true;
}

void seal__lg_batch_get_objects(seal__lg_call *c, const uint8_t *req, size_t len) {
    batch_req *b = calloc(1, sizeof *b);
    uint8_t(*ids)[32] = NULL;
    seal__lg_mask m;
    if (b == NULL) {
        seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        return;
    }
    if (!seal__lg_decode(c, req, len, batch_field, b, "BatchGetObjectsRequest") ||
        !seal__lg_mask_parse(c, &b->mask, SEAL__LG_ROOT_OBJECT, "object_id,version,digest", &m))
        goto out;
    if ((ids = malloc((b->n ? b->n : 1) * 32)) == NULL) {
        seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        goto out;
    }
    for (size_t i = 0; i < b->n; i++) {
        char what[48];
        snprintf(what, sizeof what, "requests[%zu].object_id", i);
        if (!seal__lg_parse_address(c, &b->reqs[i].id, ids[i], what))
            goto out;
    }
    for (size_t i = 0; i < b->n; i++) {
        bool found = false;
        char msg[160];
        seal__pb_begin(&c->w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
        if (!one_object(c, &c->w, SUI_RPC_GET_OBJECT_RESULT_OBJECT, ids[i], &b->reqs[i].version, &m,
                        &found, msg, sizeof msg))
            goto out;
        if (!found) {
            seal__pb_begin(&c->w, SUI_RPC_GET_OBJECT_RESULT_ERROR);
            seal__pb_write_i32(&c->w, SUI_RPC_STATUS_CODE, SEAL__GRPC_NOT_FOUND);
            seal__pb_write_string(&c->w, SUI_RPC_STATUS_MESSAGE, msg);
            seal__pb_end(&c->w);
        }
        seal__pb_end(&c->w);
    }
out:
    free(ids);
    free(b);
}

/* ---- GetEpoch ------------------------------------------------------------------------------ */

typedef struct epoch_req {
    seal__pb_u64 epoch;
    seal__pb_bytes mask;
} epoch_req;

static const seal__lg_field EPOCH_REQ[] = {
    {SUI_RPC_GET_EPOCH_REQUEST_EPOCH, SEAL__LG_U64, offsetof(epoch_req, epoch)},
    {SUI_RPC_GET_EPOCH_REQUEST_READ_MASK, SEAL__LG_BYTES, offsetof(epoch_req, mask)},
};

void seal__lg_get_epoch(seal__lg_call *c, const uint8_t *req, size_t len) {
    epoch_req e;
    seal__lg_mask m;
    uint64_t ts = 0, count = 0;
    seal__pb_writer *w = &c->w;
    memset(&e, 0, sizeof e);
    if (!SEAL__LG_DECODE(c, req, len, EPOCH_REQ, &e, "GetEpochRequest") ||
        !seal__lg_mask_parse(c, &e.mask, SEAL__LG_ROOT_EPOCH, "epoch", &m))
        return;
    if (e.epoch.set && e.epoch.v != 0) {
        seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "Epoch %llu not found",
                      (unsigned long long)e.epoch.v);
        return;
    }
    if (!chain_height(c, &count, &ts))
        return;
    /* The ledger is at epoch 0 forever; the reference gas price is always answered (a client
     * reading a missing price gets 0 or ""). */
    seal__pb_begin(w, SUI_RPC_GET_EPOCH_RESPONSE_EPOCH);
    if (seal__lg_wants(&m, "epoch"))
        seal__pb_write_u64(w, SUI_RPC_EPOCH_EPOCH, 0);
    if (seal__lg_wants(&m, "system_state")) {
        seal__pb_begin(w, SUI_RPC_EPOCH_SYSTEM_STATE);
        seal__pb_write_u64(w, SUI_RPC_SYSTEM_STATE_VERSION, 1);
        seal__pb_write_u64(w, SUI_RPC_SYSTEM_STATE_EPOCH, 0);
        seal__pb_write_u64(w, SUI_RPC_SYSTEM_STATE_PROTOCOL_VERSION, 1);
        seal__pb_write_u64(w, SUI_RPC_SYSTEM_STATE_REFERENCE_GAS_PRICE,
                           SEAL_LEDGER_REFERENCE_GAS_PRICE);
        seal__pb_write_bool(w, SUI_RPC_SYSTEM_STATE_SAFE_MODE, false);
        seal__pb_write_u64(w, SUI_RPC_SYSTEM_STATE_EPOCH_START_TIMESTAMP_MS, ts);
        seal__pb_end(w);
    }
    if (seal__lg_wants(&m, "first_checkpoint"))
        seal__pb_write_u64(w, SUI_RPC_EPOCH_FIRST_CHECKPOINT, 0);
    if (seal__lg_wants(&m, "start"))
        seal__lg_write_timestamp_ms(w, SUI_RPC_EPOCH_START, ts);
    seal__pb_write_u64(w, SUI_RPC_EPOCH_REFERENCE_GAS_PRICE, SEAL_LEDGER_REFERENCE_GAS_PRICE);
    if (seal__lg_wants(&m, "protocol_config")) {
        seal__pb_begin(w, SUI_RPC_EPOCH_PROTOCOL_CONFIG);
        seal__pb_write_u64(w, 1, 1); /* protocol_version */
        seal__pb_end(w);
    }
    seal__pb_end(w);
    (void)count;
}

/* ---- GetCheckpoint ------------------------------------------------------------------------- */

typedef struct checkpoint_req {
    seal__pb_u64 seq; /* oneof checkpoint_id (a digest wins over a sequence number) */
    seal__pb_bytes digest;
    seal__pb_bytes mask;
} checkpoint_req;

static const seal__lg_field CHECKPOINT_REQ[] = {
    {SUI_RPC_GET_CHECKPOINT_REQUEST_SEQUENCE_NUMBER, SEAL__LG_U64, offsetof(checkpoint_req, seq)},
    {SUI_RPC_GET_CHECKPOINT_REQUEST_DIGEST, SEAL__LG_STRING, offsetof(checkpoint_req, digest)},
    {SUI_RPC_GET_CHECKPOINT_REQUEST_READ_MASK, SEAL__LG_BYTES, offsetof(checkpoint_req, mask)},
};

void seal__lg_get_checkpoint(seal__lg_call *c, const uint8_t *req, size_t len) {
    checkpoint_req r;
    seal__lg_mask m;
    uint64_t latest = 0, ts = 0, seq;
    uint8_t d[32], prev[32], want[32];
    seal__pb_writer *w = &c->w;
    memset(&r, 0, sizeof r);
    if (!SEAL__LG_DECODE(c, req, len, CHECKPOINT_REQ, &r, "GetCheckpointRequest") ||
        !seal__lg_mask_parse(c, &r.mask, SEAL__LG_ROOT_CHECKPOINT, "sequence_number,digest", &m))
        return;
    if (r.digest.set && !seal__lg_parse_digest(c, &r.digest, want, "digest"))
        return;
    /* checkpoint 0 is the genesis */
    if (!chain_height(c, &latest, &ts))
        return;
    seq = latest;
    if (!r.digest.set && r.seq.set) {
        seq = r.seq.v;
        if (seq > latest) {
            seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "Checkpoint %llu not found",
                          (unsigned long long)seq);
            return;
        }
    } else if (r.digest.set) {
        bool hit = false;
        for (seq = 0; seq <= latest && !hit; seq++) {
            seal__localnet_checkpoint_digest(c->s, seq, d);
            hit = memcmp(d, want, 32) == 0;
        }
        if (!hit) {
            seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "Checkpoint %.*s not found", (int)r.digest.len,
                          (const char *)r.digest.p);
            return;
        }
        seq--;
    }
    seal__localnet_checkpoint_digest(c->s, seq, d);
    seal__pb_begin(w, SUI_RPC_GET_CHECKPOINT_RESPONSE_CHECKPOINT);
    if (seal__lg_wants(&m, "sequence_number"))
        seal__pb_write_u64(w, SUI_RPC_CHECKPOINT_SEQUENCE_NUMBER, seq);
    if (seal__lg_wants(&m, "digest"))
        seal__lg_write_digest(w, SUI_RPC_CHECKPOINT_DIGEST, d);
    if (seal__lg_wants(&m, "summary")) {
        seal__pb_begin(w, SUI_RPC_CHECKPOINT_SUMMARY);
        seal__lg_write_digest(w, SUI_RPC_CHECKPOINT_SUMMARY_DIGEST, d);
        seal__pb_write_u64(w, SUI_RPC_CHECKPOINT_SUMMARY_EPOCH, 0);
        seal__pb_write_u64(w, SUI_RPC_CHECKPOINT_SUMMARY_SEQUENCE_NUMBER, seq);
        seal__pb_write_u64(w, SUI_RPC_CHECKPOINT_SUMMARY_TOTAL_NETWORK_TRANSACTIONS, seq + 1);
        if (seq > 0) {
            seal__localnet_checkpoint_digest(c->s, seq - 1, prev);
            seal__lg_write_digest(w, SUI_RPC_CHECKPOINT_SUMMARY_PREVIOUS_DIGEST, prev);
        }
        seal__pb_begin(w, SUI_RPC_CHECKPOINT_SUMMARY_EPOCH_ROLLING_GAS_COST_SUMMARY);
        seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_COMPUTATION_COST, 0);
        seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_STORAGE_COST, 0);
        seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_STORAGE_REBATE, 0);
        seal__pb_write_u64(w, SUI_RPC_GAS_COST_SUMMARY_NON_REFUNDABLE_STORAGE_FEE, 0);
        seal__pb_end(w);
        /* the ledger keeps no time per checkpoint: the Clock, as sui_getCheckpoint answers */
        seal__lg_write_timestamp_ms(w, SUI_RPC_CHECKPOINT_SUMMARY_TIMESTAMP, ts);
        seal__pb_end(w);
    }
    seal__pb_end(w);
}

/* ---- MovePackageService -------------------------------------------------------------------- */

/* OpenSignatureBody of one BCS TypeTag read from r. */
static bool write_body(seal__pb_writer *w, uint32_t field, seal_bcs_reader *r, int depth) {
    static const int PRIM[] = {
        [SEAL_SUI_TYPE_BOOL] = SUI_RPC_BODY_TYPE_BOOL,
        [SEAL_SUI_TYPE_U8] = SUI_RPC_BODY_TYPE_U8,
        [SEAL_SUI_TYPE_U64] = SUI_RPC_BODY_TYPE_U64,
        [SEAL_SUI_TYPE_U128] = SUI_RPC_BODY_TYPE_U128,
        [SEAL_SUI_TYPE_ADDRESS] = SUI_RPC_BODY_TYPE_ADDRESS,
        [SEAL_SUI_TYPE_SIGNER] = SUI_RPC_BODY_TYPE_UNKNOWN,
        [SEAL_SUI_TYPE_VECTOR] = SUI_RPC_BODY_TYPE_VECTOR,
        [SEAL_SUI_TYPE_STRUCT] = SUI_RPC_BODY_TYPE_DATATYPE,
        [SEAL_SUI_TYPE_U16] = SUI_RPC_BODY_TYPE_U16,
        [SEAL_SUI_TYPE_U32] = SUI_RPC_BODY_TYPE_U32,
        [SEAL_SUI_TYPE_U256] = SUI_RPC_BODY_TYPE_U256,
    };
    uint32_t v = 0, n = 0;
    bool ok = true;
    if (depth > SEAL_SUI_TYPE_TAG_MAX_DEPTH || seal_bcs_read_uleb128(r, &v) != SEAL_OK ||
        v > SEAL_SUI_TYPE_U256)
        return false;
    seal__pb_begin(w, field);
    seal__pb_write_i32(w, SUI_RPC_OPEN_SIGNATURE_BODY_TYPE, PRIM[v]);
    if (v == SEAL_SUI_TYPE_VECTOR) {
        ok = write_body(w, SUI_RPC_OPEN_SIGNATURE_BODY_TYPE_PARAMETER_INSTANTIATION, r, depth + 1);
    } else if (v == SEAL_SUI_TYPE_STRUCT) {
        uint8_t a[32];
        const uint8_t *mod, *name;
        size_t ml = 0, nl = 0;
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES], text[2 * SEAL_SUI_IDENTIFIER_MAX + 80];
        ok = seal_bcs_read_fixed(r, a, 32) == SEAL_OK &&
             seal_bcs_read_bytes(r, SEAL_SUI_IDENTIFIER_MAX, &mod, &ml) == SEAL_OK &&
             seal_bcs_read_bytes(r, SEAL_SUI_IDENTIFIER_MAX, &name, &nl) == SEAL_OK &&
             seal_bcs_read_uleb128(r, &n) == SEAL_OK && n <= SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS;
        if (ok) {
            seal_sui_address_format(hex, a);
            snprintf(text, sizeof text, "%s::%.*s::%.*s", hex, (int)ml, (const char *)mod, (int)nl,
                     (const char *)name);
            seal__pb_write_string(w, SUI_RPC_OPEN_SIGNATURE_BODY_TYPE_NAME, text);
        }
        for (uint32_t i = 0; ok && i < n; i++)
            ok = write_body(w, SUI_RPC_OPEN_SIGNATURE_BODY_TYPE_PARAMETER_INSTANTIATION, r,
                            depth + 1);
    }
    seal__pb_end(w);
    return ok;
}

static bool write_signature(seal__pb_writer *w, uint32_t field, const char *param) {
    uint8_t tag[512];
    size_t len = 0;
    const char *type = NULL;
    int ref = seal_ledger_param_reference(param, &type);
    seal_bcs_reader r;
    bool ok;
    if (seal_sui_type_tag_parse(tag, sizeof tag, &len, type) != SEAL_OK)
        return false;
    seal_bcs_reader_init(&r, tag, len);
    seal__pb_begin(w, field);
    if (ref != 0)
        seal__pb_write_i32(w, SUI_RPC_OPEN_SIGNATURE_REFERENCE,
                           ref == 2 ? SUI_RPC_REFERENCE_MUTABLE : SUI_RPC_REFERENCE_IMMUTABLE);
    ok = write_body(w, SUI_RPC_OPEN_SIGNATURE_BODY, &r, 0);
    seal__pb_end(w);
    return ok;
}

static bool write_function(seal__lg_call *c, seal__pb_writer *w, uint32_t field,
                           const seal_ledger_function *f) {
    bool ok = true;
    seal__pb_begin(w, field);
    seal__pb_write_string(w, SUI_RPC_FUNCTION_DESCRIPTOR_NAME, f->name);
    seal__pb_write_i32(w, SUI_RPC_FUNCTION_DESCRIPTOR_VISIBILITY, (int32_t)f->visibility);
    seal__pb_write_bool(w, SUI_RPC_FUNCTION_DESCRIPTOR_IS_ENTRY, f->is_entry);
    for (size_t i = 0; ok && i < seal_ledger_function_arity(f); i++)
        ok = write_signature(w, SUI_RPC_FUNCTION_DESCRIPTOR_PARAMETERS, f->params[i]);
    for (size_t i = 0; ok && i < 2 && f->returns[i] != NULL; i++)
        ok = write_signature(w, SUI_RPC_FUNCTION_DESCRIPTOR_RETURNS, f->returns[i]);
    seal__pb_end(w);
    return ok ? true : seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
}

typedef struct function_req {
    seal__pb_bytes pkg, module, name;
} function_req;

static const seal__lg_field FUNCTION_REQ[] = {
    {SUI_RPC_GET_FUNCTION_REQUEST_PACKAGE_ID, SEAL__LG_STRING, offsetof(function_req, pkg)},
    {SUI_RPC_GET_FUNCTION_REQUEST_MODULE_NAME, SEAL__LG_STRING, offsetof(function_req, module)},
    {SUI_RPC_GET_FUNCTION_REQUEST_NAME, SEAL__LG_STRING, offsetof(function_req, name)},
};

/* The original id and version of package pkg; false (the call failed: NOT_FOUND "Package <id>
 * not found", or a system failure) when it cannot be given. */
static bool find_package(seal__lg_call *c, const uint8_t pkg[32], uint8_t original[32],
                         uint64_t *version) {
    seal_ledger *l = seal__lg_reader(c);
    bool found = false;
    seal_err err;
    if (l == NULL)
        return false;
    if ((err = seal_ledger_package_get(l, pkg, original, version, &found)) != SEAL_OK)
        return seal__lg_system_fail(c, err);
    if (!found) {
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(hex, pkg);
        return seal__lg_fail(c, SEAL__GRPC_NOT_FOUND, "Package %s not found", hex);
    }
    return true;
}

static bool identifier(seal__lg_call *c, const seal__pb_bytes *v, const char *what) {
    if (!v->set)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing %s", what);
    if (seal_sui_identifier_validate(v->p, v->len) != SEAL_OK)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid %s: not a Move identifier",
                             what);
    return true;
}

void seal__lg_get_function(seal__lg_call *c, const uint8_t *req, size_t len) {
    function_req r;
    uint8_t pkg[32], original[32];
    uint64_t version = 0;
    const seal_ledger_function *f;
    memset(&r, 0, sizeof r);
    if (!SEAL__LG_DECODE(c, req, len, FUNCTION_REQ, &r, "GetFunctionRequest") ||
        !seal__lg_parse_address(c, &r.pkg, pkg, "package_id") ||
        !identifier(c, &r.module, "module_name") || !identifier(c, &r.name, "name") ||
        !find_package(c, pkg, original, &version))
        return;
    f = seal_ledger_function_find(pkg, (const char *)r.module.p, r.module.len,
                                  (const char *)r.name.p, r.name.len);
    if (f == NULL) {
        seal__lg_fail(c, SEAL__GRPC_INTERNAL, "Function not found: %.*s", (int)r.name.len,
                      (const char *)r.name.p);
        return;
    }
    write_function(c, &c->w, SUI_RPC_GET_FUNCTION_RESPONSE_FUNCTION, f);
}

static const seal__lg_field PACKAGE_REQ[] = {
    {SUI_RPC_GET_PACKAGE_REQUEST_PACKAGE_ID, SEAL__LG_STRING, 0},
};

void seal__lg_get_package(seal__lg_call *c, const uint8_t *req, size_t len) {
    seal__pb_bytes id = {0};
    uint8_t pkg[32], original[32];
    uint64_t version = 0;
    const seal_ledger_function *f;
    seal__pb_writer *w = &c->w;
    if (!SEAL__LG_DECODE(c, req, len, PACKAGE_REQ, &id, "GetPackageRequest") ||
        !seal__lg_parse_address(c, &id, pkg, "package_id") ||
        !find_package(c, pkg, original, &version))
        return;
    seal__pb_begin(w, SUI_RPC_GET_PACKAGE_RESPONSE_PACKAGE);
    seal__lg_write_address(w, SUI_RPC_PACKAGE_STORAGE_ID, pkg);
    seal__lg_write_address(w, SUI_RPC_PACKAGE_ORIGINAL_ID, original);
    seal__pb_write_u64(w, SUI_RPC_PACKAGE_VERSION, version);
    /* modules by name with their published functions; no bytecode (the ledger has none) */
    for (size_t i = 0; (f = seal_ledger_function_at(i)) != NULL; i++) {
        const seal_ledger_function *g;
        bool first = true;
        if (memcmp(f->package, pkg, 32) != 0)
            continue;
        for (size_t k = 0; k < i && first; k++) {
            g = seal_ledger_function_at(k);
            first = !(memcmp(g->package, pkg, 32) == 0 && strcmp(g->module, f->module) == 0);
        }
        if (!first)
            continue;
        seal__pb_begin(w, SUI_RPC_PACKAGE_MODULES);
        seal__pb_write_string(w, SUI_RPC_MODULE_NAME, f->module);
        for (size_t k = i; (g = seal_ledger_function_at(k)) != NULL; k++)
            if (memcmp(g->package, pkg, 32) == 0 && strcmp(g->module, f->module) == 0 &&
                !write_function(c, w, SUI_RPC_MODULE_FUNCTIONS, g))
                return;
        seal__pb_end(w);
    }
    seal__pb_end(w);
}

/* ---- ListDynamicFields --------------------------------------------------------------------- */

typedef struct fields_req {
    seal__pb_bytes parent, token, mask;
    seal__pb_u32 page_size;
} fields_req;

static const seal__lg_field FIELDS_REQ[] = {
    {SUI_RPC_LIST_DYNAMIC_FIELDS_REQUEST_PARENT, SEAL__LG_STRING, offsetof(fields_req, parent)},
    {SUI_RPC_LIST_DYNAMIC_FIELDS_REQUEST_PAGE_SIZE, SEAL__LG_U32, offsetof(fields_req, page_size)},
    {SUI_RPC_LIST_DYNAMIC_FIELDS_REQUEST_PAGE_TOKEN, SEAL__LG_BYTES, offsetof(fields_req, token)},
    {SUI_RPC_LIST_DYNAMIC_FIELDS_REQUEST_READ_MASK, SEAL__LG_BYTES, offsetof(fields_req, mask)},
};

/* Length of the BCS value of TypeTag tr at the start of v (the types dynamic-field names use:
 * primitives, vectors, strings, IDs); false for other structs. */
static bool value_len(seal_bcs_reader *tr, seal_bcs_reader *v, int depth) {
    uint32_t k = 0, n = 0;
    const uint8_t *p;
    size_t l;
    if (depth > SEAL_SUI_TYPE_TAG_MAX_DEPTH || seal_bcs_read_uleb128(tr, &k) != SEAL_OK)
        return false;
    switch (k) {
    case SEAL_SUI_TYPE_BOOL:
    case SEAL_SUI_TYPE_U8:
        return seal_bcs_read_u8(v, &(uint8_t){0}) == SEAL_OK;
    case SEAL_SUI_TYPE_U16:
        return seal_bcs_read_u16(v, &(uint16_t){0}) == SEAL_OK;
    case SEAL_SUI_TYPE_U32:
        return seal_bcs_read_u32(v, &(uint32_t){0}) == SEAL_OK;
    case SEAL_SUI_TYPE_U64:
        return seal_bcs_read_u64(v, &(uint64_t){0}) == SEAL_OK;
    case SEAL_SUI_TYPE_U128:
        return seal_bcs_read_fixed(v, (uint8_t[16]){0}, 16) == SEAL_OK;
    case SEAL_SUI_TYPE_U256:
    case SEAL_SUI_TYPE_ADDRESS:
        return seal_bcs_read_fixed(v, (uint8_t[32]){0}, 32) == SEAL_OK;
    case SEAL_SUI_TYPE_VECTOR: {
        size_t pos = tr->pos;
        if (seal_bcs_read_uleb128(v, &n) != SEAL_OK)
            return false;
        for (uint32_t i = 0; i < n; i++) {
            tr->pos = pos;
            if (!value_len(tr, v, depth + 1))
                return false;
        }
        tr->pos = pos;
        return n > 0 || seal_sui_type_tag_read(tr, &(seal_sui_type_tag){0}) == SEAL_OK;
    }
    case SEAL_SUI_TYPE_STRUCT: {
        uint8_t a[32];
        const uint8_t *m, *nm;
        size_t ml, nl;
        if (seal_bcs_read_fixed(tr, a, 32) != SEAL_OK ||
            seal_bcs_read_bytes(tr, SEAL_SUI_IDENTIFIER_MAX, &m, &ml) != SEAL_OK ||
            seal_bcs_read_bytes(tr, SEAL_SUI_IDENTIFIER_MAX, &nm, &nl) != SEAL_OK ||
            seal_bcs_read_uleb128(tr, &n) != SEAL_OK || n != 0)
            return false;
        if ((a[31] == 1 && ml == 6 && memcmp(m, "string", 6) == 0) ||
            (a[31] == 1 && ml == 5 && memcmp(m, "ascii", 5) == 0))
            return seal_bcs_read_bytes(v, SIZE_MAX, &p, &l) == SEAL_OK;
        if (a[31] == 2 && ml == 6 && memcmp(m, "object", 6) == 0 && nl == 2 &&
            memcmp(nm, "ID", 2) == 0)
            return seal_bcs_read_fixed(v, a, 32) == SEAL_OK;
        return false;
    }
    default:
        return false;
    }
}

/* A Bcs message {name: the type of TypeTag type, value} as field. */
static void write_bcs(seal__pb_writer *w, uint32_t field, const uint8_t *type, size_t type_len,
                      const uint8_t *value, size_t value_len) {
    seal__pb_begin(w, field);
    seal__lg_write_type(w, SUI_RPC_BCS_NAME, type, type_len);
    seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, value, value_len);
    seal__pb_end(w);
}

/* Writes one DynamicField for field object id (a 0x2::dynamic_field::Field<K, V>). */
static bool write_field(seal__lg_call *c, const uint8_t parent[32], const uint8_t id[32],
                        const seal__lg_mask *m) {
    static const char FIELD[] = "dynamic_field";
    seal_ledger *l = seal__lg_reader(c);
    seal_ledger_object o;
    bool found = false, ok = true;
    seal__pb_writer *w = &c->w;
    seal_err err;
    if (l == NULL)
        return false;
    memset(&o, 0, sizeof o);
    if ((err = seal_ledger_object_get(l, id, &o, &found)) != SEAL_OK)
        return found ? seal__lg_system_fail(c, err) : true; /* removed meanwhile */
    seal__pb_begin(w, SUI_RPC_LIST_DYNAMIC_FIELDS_RESPONSE_DYNAMIC_FIELDS);
    if (seal__lg_wants(m, "kind"))
        seal__pb_write_i32(w, SUI_RPC_DYNAMIC_FIELD_KIND, SUI_RPC_DYNAMIC_FIELD_KIND_FIELD);
    if (seal__lg_wants(m, "parent"))
        seal__lg_write_address(w, SUI_RPC_DYNAMIC_FIELD_PARENT, parent);
    if (seal__lg_wants(m, "field_id"))
        seal__lg_write_address(w, SUI_RPC_DYNAMIC_FIELD_FIELD_ID, id);
    if (seal__lg_wants(m, "field_object"))
        ok = seal__lg_write_object(c, w, SUI_RPC_DYNAMIC_FIELD_FIELD_OBJECT, id, m, "field_object.",
                                   &found);
    /* name and value from Field<K, V> { id, name: K, value: V } */
    if (ok && (seal__lg_wants(m, "name") || seal__lg_wants(m, "value") ||
               seal__lg_wants(m, "value_type"))) {
        seal_bcs_reader tr, vr;
        uint32_t kind = 0, n = 0;
        uint8_t a[32];
        const uint8_t *mod, *nm;
        size_t ml, nl;
        seal_bcs_reader_init(&tr, o.type, o.type_len);
        seal_bcs_reader_init(&vr, o.contents, o.contents_len);
        if (seal_bcs_read_uleb128(&tr, &kind) == SEAL_OK && kind == SEAL_SUI_TYPE_STRUCT &&
            seal_bcs_read_fixed(&tr, a, 32) == SEAL_OK &&
            seal_bcs_read_bytes(&tr, SEAL_SUI_IDENTIFIER_MAX, &mod, &ml) == SEAL_OK &&
            ml == sizeof FIELD - 1 && memcmp(mod, FIELD, ml) == 0 &&
            seal_bcs_read_bytes(&tr, SEAL_SUI_IDENTIFIER_MAX, &nm, &nl) == SEAL_OK &&
            seal_bcs_read_uleb128(&tr, &n) == SEAL_OK && n == 2 && o.contents_len >= 32) {
            size_t key_tag = tr.pos, key_at = 32, val_tag, val_at;
            vr.pos = 32;
            if (value_len(&tr, &vr, 0)) {
                val_tag = tr.pos;
                val_at = vr.pos;
                if (seal__lg_wants(m, "name"))
                    write_bcs(w, SUI_RPC_DYNAMIC_FIELD_NAME, o.type + key_tag, val_tag - key_tag,
                              o.contents + key_at, val_at - key_at);
                if (seal__lg_wants(m, "value"))
                    write_bcs(w, SUI_RPC_DYNAMIC_FIELD_VALUE, o.type + val_tag,
                              o.type_len - val_tag, o.contents + val_at, o.contents_len - val_at);
                if (seal__lg_wants(m, "value_type"))
                    seal__lg_write_type(w, SUI_RPC_DYNAMIC_FIELD_VALUE_TYPE, o.type + val_tag,
                                        o.type_len - val_tag);
            }
        }
    }
    seal__pb_end(w);
    seal_ledger_object_clear(&o);
    return ok;
}

void seal__lg_list_dynamic_fields(seal__lg_call *c, const uint8_t *req, size_t len) {
    fields_req r;
    seal__lg_mask m;
    seal_ledger *l;
    uint8_t parent[32], after[32] = {0};
    uint8_t(*ids)[32] = NULL;
    size_t page, n = 0;
    seal_err err;
    memset(&r, 0, sizeof r);
    if (!SEAL__LG_DECODE(c, req, len, FIELDS_REQ, &r, "ListDynamicFieldsRequest") ||
        !seal__lg_parse_address(c, &r.parent, parent, "parent") ||
        !seal__lg_mask_parse(c, &r.mask, SEAL__LG_ROOT_DYNAMIC_FIELD, "parent,field_id", &m))
        return;
    page = r.page_size.set && r.page_size.v > 0 ? r.page_size.v : DEFAULT_PAGE;
    if (page > MAX_PAGE)
        page = MAX_PAGE;
    if (r.token.set) {
        if (r.token.len != 32) {
            seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid page_token");
            return;
        }
        memcpy(after, r.token.p, 32);
    }
    if ((l = seal__lg_reader(c)) == NULL)
        return;
    if ((ids = malloc((page + 1) * 32)) == NULL) {
        seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
        return;
    }
    /* one more than the page tells whether a next page exists */
    if ((err = seal_ledger_object_children(l, parent, after, ids, page + 1, &n)) != SEAL_OK) {
        seal__lg_system_fail(c, err);
        goto out;
    }
    for (size_t i = 0; i < n && i < page; i++)
        if (!write_field(c, parent, ids[i], &m))
            goto out;
    if (n > page)
        seal__pb_write_bytes(&c->w, SUI_RPC_LIST_DYNAMIC_FIELDS_RESPONSE_NEXT_PAGE_TOKEN,
                             ids[page - 1], 32);
out:
    free(ids);
}

/* ---- VerifySignature ----------------------------------------------------------------------- */

typedef struct verify_req {
    seal__pb_bytes msg_name, msg_value, sig, address;
    bool has_message, has_signature;
} verify_req;

static bool bcs_field(const seal__pb_field *f, seal__pb_bytes *name, seal__pb_bytes *value) {
    seal__pb_reader r;
    seal__pb_field g;
    if (seal__pb_get_message(f, &r) != SEAL_OK)
        return false;
    while (seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_BCS_NAME && name != NULL && seal__pb_get_string(&g, name))
            return false;
        if (g.number == SUI_RPC_BCS_VALUE && seal__pb_get_bytes(&g, value) != SEAL_OK)
            return false;
    }
    return seal__pb_reader_finish(&r) == SEAL_OK;
}

static bool verify_field(seal__lg_call *c, const seal__pb_field *f, void *ctx) {
    verify_req *v = ctx;
    (void)c;
    switch (f->number) {
    case SUI_RPC_VERIFY_SIGNATURE_REQUEST_MESSAGE:
        v->has_message = true;
        return bcs_field(f, &v->msg_name, &v->msg_value);
    case SUI_RPC_VERIFY_SIGNATURE_REQUEST_SIGNATURE: {
        seal__pb_reader r;
        seal__pb_field g;
        v->has_signature = true;
        if (seal__pb_get_message(f, &r) != SEAL_OK)
            return false;
        while (seal__pb_next(&r, &g))
            if (g.number == SUI_RPC_USER_SIGNATURE_BCS && !bcs_field(&g, NULL, &v->sig))
                return false;
        return seal__pb_reader_finish(&r) == SEAL_OK;
    }
    case SUI_RPC_VERIFY_SIGNATURE_REQUEST_ADDRESS:
        return seal__pb_get_string(f, &v->address) == SEAL_OK;
    default:
        return true; /* jwks: the local chain models none */
    }
}

/* The address that signed sig (by its scheme); SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME for zkLogin.
 */
static seal_err signer_address(uint8_t out[32], const uint8_t *sig, size_t len) {
    if (len == 0)
        return SEAL_ERR_INVALID_ENCODING;
    switch (sig[0]) {
    case SEAL_SUI_SCHEME_ZKLOGIN:
        return SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME;
    case SEAL_SUI_SCHEME_MULTISIG: {
        seal_sui_multisig *ms = malloc(sizeof *ms);
        seal_err err = ms == NULL ? SEAL_ERR_NO_MEMORY : seal_sui_multisig_decode(ms, sig, len);
        if (err == SEAL_OK)
            err = seal_sui_multisig_address(out, &ms->pk);
        free(ms);
        return err;
    }
    case SEAL_SUI_SCHEME_PASSKEY: {
        seal_sui_passkey_signature p;
        seal_err err = seal_sui_passkey_signature_parse(&p, sig, len);
        return err != SEAL_OK ? err
                              : seal_sui_address_from_public_key(out, SEAL_SUI_SCHEME_PASSKEY,
                                                                 p.user_signature.pk.bytes,
                                                                 p.user_signature.pk.len);
    }
    default: {
        seal_sui_simple_signature s;
        seal_err err = seal_sui_simple_signature_parse(&s, sig, len);
        return err != SEAL_OK ? err : seal_sui_public_key_address(out, &s.pk);
    }
    }
}

void seal__lg_verify_signature(seal__lg_call *c, const uint8_t *req, size_t len) {
    verify_req v;
    uint8_t derived[32], given[32], digest[32];
    char reason[256] = "";
    bool valid = false;
    seal_err err;
    memset(&v, 0, sizeof v);
    if (!seal__lg_decode(c, req, len, verify_field, &v, "VerifySignatureRequest"))
        return;
    if (!v.has_message || !v.msg_value.set) {
        seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing message");
        return;
    }
    if (!v.has_signature || !v.sig.set || v.sig.len == 0 ||
        v.sig.len > SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES) {
        seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing or invalid signature");
        return;
    }
    if (v.address.set && !seal__lg_parse_address(c, &v.address, given, "address"))
        return;
    err = signer_address(derived, v.sig.p, v.sig.len);
    if (err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME) {
        snprintf(reason, sizeof reason, "zkLogin not supported");
    } else if (err != SEAL_OK) {
        seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid signature: %s", seal_strerror(err));
        return;
    } else if (v.address.set && memcmp(given, derived, 32) != 0) {
        char a[SEAL_SUI_ADDRESS_HEX_BYTES], b[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(a, given);
        seal_sui_address_format(b, derived);
        snprintf(reason, sizeof reason, "provided address `%s` does not match derived address `%s`",
                 a, b);
    } else {
        /* PersonalMessage: intent 03 00 00; TransactionData: 00 00 00; another name: either */
        static const uint8_t scopes[2] = {SEAL_SUI_INTENT_PERSONAL_MESSAGE,
                                          SEAL_SUI_INTENT_TRANSACTION_DATA};
        bool pm = seal__pb_bytes_eq(&v.msg_name, "PersonalMessage");
        bool td = seal__pb_bytes_eq(&v.msg_name, "TransactionData");
        for (int i = 0; i < 2 && !valid; i++) {
            if ((i == 0 && td) || (i == 1 && pm))
                continue;
            seal_sui_intent_digest(
                digest,
                (seal_sui_intent){scopes[i], SEAL_SUI_INTENT_VERSION_V0, SEAL_SUI_INTENT_APP_SUI},
                v.msg_value.p, v.msg_value.len);
            err = seal_sui_verify_digest(derived, digest, v.sig.p, v.sig.len);
            valid = err == SEAL_OK;
        }
        if (!valid)
            snprintf(reason, sizeof reason, "signature is not valid: %s", seal_strerror(err));
    }
    seal__pb_write_bool(&c->w, SUI_RPC_VERIFY_SIGNATURE_RESPONSE_IS_VALID, valid);
    if (!valid)
        seal__pb_write_string(&c->w, SUI_RPC_VERIFY_SIGNATURE_RESPONSE_REASON, reason);
}
