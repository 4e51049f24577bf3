/* Decoding of the sui.rpc.v2 answers the gRPC backend reads (grpc_decode.h, docs/chain.md "gRPC
 * backend"): every field validated, ids against the ids asked, digests recomputed from the object
 * BCS, strings parsed strictly. Malformed answers are SEAL_ERR_IO with the reason in
 * seal_chain_last_error(). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/grpc_decode.h"
#include "proto/grpc_frame.h"
#include "proto/pb.h"
#include "proto/sui_rpc.h"
#include "seal/sui.h"
#include "seal/sui_object.h"
#include "seal/sui_tx.h"

static seal_err malformed(const char *what) {
    seal__chain_set_error("node answered a malformed %s", what);
    return SEAL_ERR_IO;
}

/* ---- field decoding ------------------------------------------------------------------------- */

static bool get_address(const seal__pb_bytes *s, uint8_t out[32]) {
    return s->set && s->len <= SEAL_SUI_ADDRESS_HEX_BYTES &&
           seal_sui_address_parse_n(out, (const char *)s->p, s->len) == SEAL_OK;
}

static bool get_digest(const seal__pb_bytes *s, uint8_t out[32]) {
    char text[SEAL_SUI_DIGEST_BASE58_BYTES];
    return s->set && seal__pb_bytes_to_cstr(s, text, sizeof text) == SEAL_OK &&
           seal_sui_digest_parse(out, text) == SEAL_OK;
}

static bool get_ident(const seal__pb_bytes *s, char *out, size_t cap) {
    return s->set && seal_sui_identifier_validate(s->p, s->len) == SEAL_OK &&
           seal__pb_bytes_to_cstr(s, out, cap) == SEAL_OK;
}

/* The last occurrence of message field `field` in r (the whole of r is read and checked).
 * *found false when absent. */
static seal_err descend(const seal__pb_reader *r, uint32_t field, seal__pb_reader *sub,
                        bool *found) {
    seal__pb_reader it = *r;
    seal__pb_field f;
    seal_err err = SEAL_OK;
    *found = false;
    while (err == SEAL_OK && seal__pb_next(&it, &f))
        if (f.number == field) {
            err = seal__pb_get_message(&f, sub);
            *found = err == SEAL_OK;
        }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&it);
    return err;
}

/* google.protobuf.Timestamp in milliseconds. */
static seal_err read_timestamp_ms(const seal__pb_field *f, uint64_t *ms) {
    seal__pb_reader r;
    seal__pb_field g;
    seal__pb_i64 s = {0};
    seal__pb_i32 n = {0};
    seal_err err = seal__pb_get_message(f, &r);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_TIMESTAMP_SECONDS)
            err = seal__pb_get_i64(&g, &s);
        else if (g.number == SUI_RPC_TIMESTAMP_NANOS)
            err = seal__pb_get_i32(&g, &n);
    }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&r);
    if (err != SEAL_OK || s.v < 0 || s.v > (int64_t)(UINT64_MAX / 1000u) / 2 || n.v < 0 ||
        n.v > 999999999)
        return SEAL_ERR_INVALID_ENCODING;
    *ms = (uint64_t)s.v * 1000u + (uint64_t)n.v / 1000000u;
    return SEAL_OK;
}

/* google.rpc.Status {code, message}. */
static seal_err read_rpc_status(const seal__pb_field *f, seal__pb_i32 *code, seal__pb_bytes *msg) {
    seal__pb_reader r;
    seal__pb_field g;
    seal_err err = seal__pb_get_message(f, &r);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_STATUS_CODE)
            err = seal__pb_get_i32(&g, code);
        else if (g.number == SUI_RPC_STATUS_MESSAGE)
            err = seal__pb_get_string(&g, msg);
    }
    return err == SEAL_OK ? seal__pb_reader_finish(&r) : err;
}

/* ---- objects -------------------------------------------------------------------------------- */

typedef struct pb_object {
    seal__pb_bytes id, digest, bcs_name, bcs;
    seal__pb_u64 version;
} pb_object;

static seal_err read_object(const seal__pb_field *f, pb_object *o) {
    seal__pb_reader r, b;
    seal__pb_field g, h;
    seal_err err = seal__pb_get_message(f, &r);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        switch (g.number) {
        case SUI_RPC_OBJECT_OBJECT_ID:
            err = seal__pb_get_string(&g, &o->id);
            break;
        case SUI_RPC_OBJECT_VERSION:
            err = seal__pb_get_u64(&g, &o->version);
            break;
        case SUI_RPC_OBJECT_DIGEST:
            err = seal__pb_get_string(&g, &o->digest);
            break;
        case SUI_RPC_OBJECT_BCS:
            err = seal__pb_get_message(&g, &b);
            while (err == SEAL_OK && seal__pb_next(&b, &h)) {
                if (h.number == SUI_RPC_BCS_NAME)
                    err = seal__pb_get_string(&h, &o->bcs_name);
                else if (h.number == SUI_RPC_BCS_VALUE)
                    err = seal__pb_get_bytes(&h, &o->bcs);
            }
            if (err == SEAL_OK)
                err = seal__pb_reader_finish(&b);
            break;
        default:
            break;
        }
    }
    return err == SEAL_OK ? seal__pb_reader_finish(&r) : err;
}

/* An Object answer about id into *out: its BCS decoded and checked against the id, version and
 * digest the node states. A package: *found false (packages are not Move objects). */
static seal_err object_from_answer(const pb_object *po, const uint8_t id[32],
                                   seal_ledger_object *out, bool *found) {
    seal_sui_object so;
    uint8_t got[32], digest[32];
    *found = false;
    memset(out, 0, sizeof *out);
    if (!get_address(&po->id, got) || memcmp(got, id, 32) != 0 || !po->version.set ||
        !get_digest(&po->digest, out->digest) || !po->bcs.set ||
        (po->bcs_name.set && !seal__pb_bytes_eq(&po->bcs_name, "Object")) ||
        seal_sui_object_decode(&so, po->bcs.p, po->bcs.len) != SEAL_OK)
        return SEAL_ERR_IO;
    if (so.is_package) /* (its digest is not checked: the local chain's packages have none) */
        return memcmp(so.package_id, id, 32) == 0 && so.package_version == po->version.v
                   ? SEAL_OK
                   : SEAL_ERR_IO;
    seal_sui_object_digest(digest, po->bcs.p, po->bcs.len);
    if (memcmp(digest, out->digest, 32) != 0)
        return SEAL_ERR_IO; /* the digest is the hash of the object's BCS */
    if (so.version != po->version.v || so.contents.len < 32 ||
        so.contents.len > SEAL_LEDGER_OBJECT_MAX_BYTES || memcmp(so.contents.ptr, id, 32) != 0 ||
        seal_sui_move_object_type_to_type_tag(out->type, sizeof out->type, &out->type_len,
                                              &so.type) != SEAL_OK ||
        out->type_len == 0 || out->type[0] != SEAL_SUI_TYPE_STRUCT)
        return SEAL_ERR_IO;
    memcpy(out->id, id, 32);
    out->version = so.version;
    out->owner = so.owner;
    out->has_public_transfer = so.has_public_transfer;
    memcpy(out->previous_transaction, so.previous_transaction, 32);
    if ((out->contents = malloc(so.contents.len)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(out->contents, so.contents.ptr, so.contents.len);
    out->contents_len = so.contents.len;
    *found = true;
    return SEAL_OK;
}

/* One GetObjectResult (entry i of a batch). */
static seal_err batch_entry(const seal__pb_field *f, const uint8_t id[32], seal_ledger_object *out,
                            bool *found) {
    seal__pb_reader r;
    seal__pb_field g;
    pb_object po;
    seal__pb_i32 code = {0};
    seal__pb_bytes msg = {0};
    bool have_object = false, have_error = false;
    seal_err err = seal__pb_get_message(f, &r);
    memset(&po, 0, sizeof po);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_GET_OBJECT_RESULT_OBJECT) {
            have_object = true;
            err = read_object(&g, &po);
        } else if (g.number == SUI_RPC_GET_OBJECT_RESULT_ERROR) {
            have_error = true;
            err = read_rpc_status(&g, &code, &msg);
        }
    }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&r);
    if (err != SEAL_OK || have_object == have_error)
        return SEAL_ERR_IO; /* a oneof: exactly one */
    if (have_error) {
        char text[SEAL__GRPC_MESSAGE_BYTES];
        if (code.v == SEAL__GRPC_NOT_FOUND)
            return SEAL_OK; /* unknown or deleted */
        seal__grpc_message_decode(text, sizeof text, msg.set ? (const char *)msg.p : "",
                                  msg.set ? msg.len : 0);
        seal__chain_set_error("node refused an object of the batch: %s %s",
                              seal__grpc_status_name((uint32_t)code.v), text);
        return SEAL_ERR_IO;
    }
    return object_from_answer(&po, id, out, found);
}

seal_err seal__grpc_parse_objects(const uint8_t *msg, size_t len, const uint8_t (*ids)[32],
                                  size_t n, seal_ledger_object *out, bool *found) {
    seal__pb_reader r;
    seal__pb_field f;
    seal_err err = SEAL_OK;
    size_t i = 0;
    for (size_t j = 0; j < n; j++)
        found[j] = false;
    seal__pb_reader_init(&r, msg, len);
    while (err == SEAL_OK && seal__pb_next(&r, &f)) {
        if (f.number != SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS)
            continue;
        if (i == n) {
            err = SEAL_ERR_IO; /* more entries than ids */
            break;
        }
        if ((err = batch_entry(&f, ids[i], &out[i], &found[i])) == SEAL_OK)
            i++;
    }
    if (err == SEAL_OK && (seal__pb_reader_finish(&r) != SEAL_OK || i != n))
        err = SEAL_ERR_IO;
    if (err != SEAL_OK) {
        for (size_t j = 0; j < n && j <= i; j++) {
            if (j < i && found[j])
                seal_ledger_object_clear(&out[j]);
            found[j] = false;
        }
        if (err == SEAL_ERR_IO && seal_chain_last_error()[0] == '\0')
            malformed("BatchGetObjects answer");
    }
    return err;
}

/* ---- packages, epoch, service info, signatures ---------------------------------------------- */

seal_err seal__grpc_parse_package(const uint8_t *msg, size_t len, const uint8_t pkg[static 32],
                                  uint8_t original_id[static 32], uint64_t *version) {
    seal__pb_reader r, p;
    seal__pb_field f;
    seal__pb_bytes storage = {0}, original = {0};
    seal__pb_u64 v = {0};
    uint8_t got[32];
    bool have = false;
    seal_err err;
    seal__pb_reader_init(&r, msg, len);
    err = descend(&r, SUI_RPC_GET_PACKAGE_RESPONSE_PACKAGE, &p, &have);
    while (err == SEAL_OK && have && seal__pb_next(&p, &f)) {
        if (f.number == SUI_RPC_PACKAGE_STORAGE_ID)
            err = seal__pb_get_string(&f, &storage);
        else if (f.number == SUI_RPC_PACKAGE_ORIGINAL_ID)
            err = seal__pb_get_string(&f, &original);
        else if (f.number == SUI_RPC_PACKAGE_VERSION)
            err = seal__pb_get_u64(&f, &v);
    }
    if (err == SEAL_OK && have)
        err = seal__pb_reader_finish(&p);
    if (err != SEAL_OK || !have || !get_address(&storage, got) || memcmp(got, pkg, 32) != 0 ||
        !get_address(&original, original_id) || !v.set || v.v == 0 ||
        (v.v == 1 && memcmp(original_id, pkg, 32) != 0)) {
        memset(original_id, 0, 32);
        return malformed("GetPackage answer");
    }
    *version = v.v;
    return SEAL_OK;
}

seal_err seal__grpc_parse_epoch(const uint8_t *msg, size_t len, uint64_t *rgp) {
    seal__pb_reader r, e;
    seal__pb_field f;
    seal__pb_u64 price = {0};
    bool have = false;
    seal_err err;
    seal__pb_reader_init(&r, msg, len);
    err = descend(&r, SUI_RPC_GET_EPOCH_RESPONSE_EPOCH, &e, &have);
    while (err == SEAL_OK && have && seal__pb_next(&e, &f))
        if (f.number == SUI_RPC_EPOCH_REFERENCE_GAS_PRICE)
            err = seal__pb_get_u64(&f, &price);
    if (err == SEAL_OK && have)
        err = seal__pb_reader_finish(&e);
    if (err != SEAL_OK || !price.set || price.v == 0)
        return malformed("reference gas price");
    *rgp = price.v;
    return SEAL_OK;
}

seal_err seal__grpc_parse_service_info(const uint8_t *msg, size_t len, seal_chain_info *out) {
    seal__pb_reader r;
    seal__pb_field f;
    seal__pb_bytes id = {0};
    seal__pb_u64 epoch = {0}, height = {0};
    uint8_t digest[32];
    seal_err err = SEAL_OK;
    memset(out, 0, sizeof *out);
    seal__pb_reader_init(&r, msg, len);
    while (err == SEAL_OK && seal__pb_next(&r, &f)) {
        switch (f.number) {
        case SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN_ID:
            err = seal__pb_get_string(&f, &id);
            break;
        case SUI_RPC_GET_SERVICE_INFO_RESPONSE_EPOCH:
            err = seal__pb_get_u64(&f, &epoch);
            break;
        case SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHECKPOINT_HEIGHT:
            err = seal__pb_get_u64(&f, &height);
            break;
        case SUI_RPC_GET_SERVICE_INFO_RESPONSE_TIMESTAMP:
            err = read_timestamp_ms(&f, &out->timestamp_ms);
            break;
        default:
            break;
        }
    }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&r);
    if (err != SEAL_OK || !get_digest(&id, digest)) {
        memset(out, 0, sizeof *out);
        return malformed("GetServiceInfo answer");
    }
    seal_sui_digest_format(out->chain_id, digest);
    snprintf(out->chain_short, sizeof out->chain_short, "%02x%02x%02x%02x", digest[0], digest[1],
             digest[2], digest[3]);
    out->epoch = epoch.v;
    out->checkpoint_height = height.v;
    return SEAL_OK;
}

seal_err seal__grpc_parse_verify(const uint8_t *msg, size_t len, seal_chain_signature_result *out) {
    seal__pb_reader r;
    seal__pb_field f;
    seal__pb_bool valid = {0};
    seal__pb_bytes reason = {0};
    seal_err err = SEAL_OK;
    memset(out, 0, sizeof *out);
    seal__pb_reader_init(&r, msg, len);
    while (err == SEAL_OK && seal__pb_next(&r, &f)) {
        if (f.number == SUI_RPC_VERIFY_SIGNATURE_RESPONSE_IS_VALID)
            err = seal__pb_get_bool(&f, &valid);
        else if (f.number == SUI_RPC_VERIFY_SIGNATURE_RESPONSE_REASON)
            err = seal__pb_get_string(&f, &reason);
    }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&r);
    if (err != SEAL_OK || !valid.set)
        return malformed("VerifySignature answer");
    out->valid = valid.v;
    if (reason.set)
        seal__grpc_message_decode(out->reason, sizeof out->reason, (const char *)reason.p,
                                  reason.len);
    if (!out->valid && out->reason[0] == '\0')
        seal__chain_copy_message(out->reason, sizeof out->reason, "signature is not valid");
    return SEAL_OK;
}

/* ---- execution status ----------------------------------------------------------------------- */

/* Decoded ExecutionStatus. */
typedef struct pb_status {
    seal__pb_bool success;
    bool has_error, has_abort, has_location, has_cmd_arg;
    seal__pb_bytes description, package, module, function;
    seal__pb_u64 command, code;
    seal__pb_i32 kind, arg_kind;
} pb_status;

static seal_err read_location(const seal__pb_field *f, pb_status *s) {
    seal__pb_reader r;
    seal__pb_field g;
    seal_err err = seal__pb_get_message(f, &r);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_MOVE_LOCATION_PACKAGE)
            err = seal__pb_get_string(&g, &s->package);
        else if (g.number == SUI_RPC_MOVE_LOCATION_MODULE)
            err = seal__pb_get_string(&g, &s->module);
        else if (g.number == SUI_RPC_MOVE_LOCATION_FUNCTION_NAME)
            err = seal__pb_get_string(&g, &s->function);
    }
    return err == SEAL_OK ? seal__pb_reader_finish(&r) : err;
}

static seal_err read_error(const seal__pb_field *f, pb_status *s) {
    seal__pb_reader r, sub;
    seal__pb_field g, h;
    seal_err err = seal__pb_get_message(f, &r);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        switch (g.number) {
        case SUI_RPC_EXECUTION_ERROR_DESCRIPTION:
            err = seal__pb_get_string(&g, &s->description);
            break;
        case SUI_RPC_EXECUTION_ERROR_COMMAND:
            err = seal__pb_get_u64(&g, &s->command);
            break;
        case SUI_RPC_EXECUTION_ERROR_KIND:
            err = seal__pb_get_i32(&g, &s->kind);
            break;
        case SUI_RPC_EXECUTION_ERROR_ABORT:
            s->has_abort = true;
            err = seal__pb_get_message(&g, &sub);
            while (err == SEAL_OK && seal__pb_next(&sub, &h)) {
                if (h.number == SUI_RPC_MOVE_ABORT_ABORT_CODE) {
                    err = seal__pb_get_u64(&h, &s->code);
                } else if (h.number == SUI_RPC_MOVE_ABORT_LOCATION) {
                    s->has_location = true;
                    err = read_location(&h, s);
                }
            }
            if (err == SEAL_OK)
                err = seal__pb_reader_finish(&sub);
            break;
        case SUI_RPC_EXECUTION_ERROR_COMMAND_ARGUMENT_ERROR:
            s->has_cmd_arg = true;
            err = seal__pb_get_message(&g, &sub);
            while (err == SEAL_OK && seal__pb_next(&sub, &h))
                if (h.number == SUI_RPC_COMMAND_ARGUMENT_ERROR_KIND)
                    err = seal__pb_get_i32(&h, &s->arg_kind);
            if (err == SEAL_OK)
                err = seal__pb_reader_finish(&sub);
            break;
        default:
            break;
        }
    }
    return err == SEAL_OK ? seal__pb_reader_finish(&r) : err;
}

static seal_err read_status(const seal__pb_reader *in, pb_status *s) {
    seal__pb_reader r = *in;
    seal__pb_field f;
    seal_err err = SEAL_OK;
    memset(s, 0, sizeof *s);
    while (err == SEAL_OK && seal__pb_next(&r, &f)) {
        if (f.number == SUI_RPC_EXECUTION_STATUS_SUCCESS) {
            err = seal__pb_get_bool(&f, &s->success);
        } else if (f.number == SUI_RPC_EXECUTION_STATUS_ERROR) {
            s->has_error = true;
            err = read_error(&f, s);
        }
    }
    return err == SEAL_OK ? seal__pb_reader_finish(&r) : err;
}

/* ExecutionStatus -> verdict, as upstream's key server reads it: an error means failure (the
 * success flag is not trusted over it); no error needs success = true. A MOVE_ABORT must carry
 * its code and location (never guessed). */
static seal_err verdict_from_status(const pb_status *s, seal_chain_dry_run_result *out) {
    char text[SEAL_CHAIN_MESSAGE_BYTES];
    if (!s->has_error) {
        if (!s->success.set || !s->success.v)
            return malformed("execution status");
        out->verdict = SEAL_CHAIN_SUCCESS;
        return SEAL_OK;
    }
    if (s->command.set) {
        if (s->command.v > UINT16_MAX)
            return malformed("execution status");
        out->command = (uint16_t)s->command.v;
    }
    seal__grpc_message_decode(text, sizeof text,
                              s->description.set ? (const char *)s->description.p : "",
                              s->description.set ? s->description.len : 0);
    seal__chain_copy_message(out->message, sizeof out->message, text);
    if (s->kind.v == SUI_RPC_EXECUTION_ERROR_KIND_MOVE_ABORT) {
        if (!s->has_abort || !s->code.set || !s->has_location ||
            !get_address(&s->package, out->abort_package) ||
            !get_ident(&s->module, out->abort_module, sizeof out->abort_module) ||
            (s->function.set &&
             !get_ident(&s->function, out->abort_function, sizeof out->abort_function)))
            return malformed("Move abort");
        out->verdict = SEAL_CHAIN_ABORT;
        out->abort_code = s->code.v;
        return SEAL_OK;
    }
    out->verdict = s->kind.v == SUI_RPC_EXECUTION_ERROR_KIND_FUNCTION_NOT_FOUND
                       ? SEAL_CHAIN_FUNCTION_NOT_FOUND
                       : SEAL_CHAIN_EXECUTION_ERROR;
    if (out->message[0] == '\0')
        seal__chain_copy_message(out->message, sizeof out->message, "execution error");
    return SEAL_OK;
}

/* The ledger status of an execution failure other than an abort or a missing function. */
static seal_ledger_status exec_status(const pb_status *s) {
    switch (s->kind.v) {
    case SUI_RPC_EXECUTION_ERROR_KIND_MOVE_PRIMITIVE_RUNTIME_ERROR:
        return SEAL_LEDGER_ARITHMETIC_ERROR;
    case SUI_RPC_EXECUTION_ERROR_KIND_ARITY_MISMATCH:
    case SUI_RPC_EXECUTION_ERROR_KIND_TYPE_ARITY_MISMATCH:
        return SEAL_LEDGER_ARITY_MISMATCH;
    case SUI_RPC_EXECUTION_ERROR_KIND_COMMAND_ARGUMENT_ERROR:
        if (s->arg_kind.v == SUI_RPC_COMMAND_ARGUMENT_ERROR_KIND_TYPE_MISMATCH)
            return SEAL_LEDGER_TYPE_MISMATCH;
        if (s->arg_kind.v == SUI_RPC_COMMAND_ARGUMENT_ERROR_KIND_INVALID_BCS_BYTES)
            return SEAL_LEDGER_INVALID_BCS;
        return SEAL_LEDGER_UNSUPPORTED;
    default:
        return SEAL_LEDGER_UNSUPPORTED;
    }
}

seal_err seal__grpc_parse_simulate(const uint8_t *msg, size_t len, seal_chain_dry_run_result *out) {
    seal__pb_reader r, tx, fx, st;
    pb_status s;
    bool have = false;
    seal_err err;
    seal__pb_reader_init(&r, msg, len);
    err = descend(&r, SUI_RPC_SIMULATE_TRANSACTION_RESPONSE_TRANSACTION, &tx, &have);
    if (err == SEAL_OK && have)
        err = descend(&tx, SUI_RPC_EXECUTED_TRANSACTION_EFFECTS, &fx, &have);
    if (err == SEAL_OK && have)
        err = descend(&fx, SUI_RPC_TRANSACTION_EFFECTS_STATUS, &st, &have);
    if (err == SEAL_OK && have)
        err = read_status(&st, &s);
    if (err != SEAL_OK || !have)
        return malformed("SimulateTransaction answer (no effects.status)");
    return verdict_from_status(&s, out);
}

/* ---- execution ------------------------------------------------------------------------------ */

typedef struct pb_changed {
    seal__pb_bytes id, input_digest, output_digest, type;
    seal__pb_i32 input_state, output_state, op;
    seal__pb_u64 input_version, output_version;
    bool has_input_owner, has_output_owner;
    seal_sui_owner input_owner, output_owner;
} pb_changed;

static seal_err read_owner(const seal__pb_field *f, seal_sui_owner *o) {
    seal__pb_reader r;
    seal__pb_field g;
    seal__pb_i32 kind = {0};
    seal__pb_bytes addr = {0};
    seal__pb_u64 version = {0};
    seal_err err = seal__pb_get_message(f, &r);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        if (g.number == SUI_RPC_OWNER_KIND)
            err = seal__pb_get_i32(&g, &kind);
        else if (g.number == SUI_RPC_OWNER_ADDRESS)
            err = seal__pb_get_string(&g, &addr);
        else if (g.number == SUI_RPC_OWNER_VERSION)
            err = seal__pb_get_u64(&g, &version);
    }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&r);
    if (err != SEAL_OK)
        return err;
    memset(o, 0, sizeof *o);
    switch (kind.v) {
    case SUI_RPC_OWNER_KIND_ADDRESS:
        o->kind = SEAL_SUI_OWNER_ADDRESS;
        return get_address(&addr, o->address) ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
    case SUI_RPC_OWNER_KIND_OBJECT:
        o->kind = SEAL_SUI_OWNER_OBJECT;
        return get_address(&addr, o->address) ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
    case SUI_RPC_OWNER_KIND_SHARED:
        o->kind = SEAL_SUI_OWNER_SHARED;
        o->version = version.v;
        return version.set ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
    case SUI_RPC_OWNER_KIND_IMMUTABLE:
        o->kind = SEAL_SUI_OWNER_IMMUTABLE;
        return SEAL_OK;
    case SUI_RPC_OWNER_KIND_CONSENSUS_ADDRESS:
        o->kind = SEAL_SUI_OWNER_CONSENSUS_ADDRESS;
        o->version = version.v;
        return version.set && get_address(&addr, o->address) ? SEAL_OK : SEAL_ERR_INVALID_ENCODING;
    default:
        return SEAL_ERR_INVALID_ENCODING;
    }
}

static seal_err read_changed(const seal__pb_field *f, pb_changed *c) {
    seal__pb_reader r;
    seal__pb_field g;
    seal_err err = seal__pb_get_message(f, &r);
    memset(c, 0, sizeof *c);
    while (err == SEAL_OK && seal__pb_next(&r, &g)) {
        switch (g.number) {
        case SUI_RPC_CHANGED_OBJECT_OBJECT_ID:
            err = seal__pb_get_string(&g, &c->id);
            break;
        case SUI_RPC_CHANGED_OBJECT_INPUT_STATE:
            err = seal__pb_get_i32(&g, &c->input_state);
            break;
        case SUI_RPC_CHANGED_OBJECT_INPUT_VERSION:
            err = seal__pb_get_u64(&g, &c->input_version);
            break;
        case SUI_RPC_CHANGED_OBJECT_INPUT_OWNER:
            c->has_input_owner = true;
            err = read_owner(&g, &c->input_owner);
            break;
        case SUI_RPC_CHANGED_OBJECT_OUTPUT_STATE:
            err = seal__pb_get_i32(&g, &c->output_state);
            break;
        case SUI_RPC_CHANGED_OBJECT_OUTPUT_VERSION:
            err = seal__pb_get_u64(&g, &c->output_version);
            break;
        case SUI_RPC_CHANGED_OBJECT_OUTPUT_DIGEST:
            err = seal__pb_get_string(&g, &c->output_digest);
            break;
        case SUI_RPC_CHANGED_OBJECT_OUTPUT_OWNER:
            c->has_output_owner = true;
            err = read_owner(&g, &c->output_owner);
            break;
        case SUI_RPC_CHANGED_OBJECT_ID_OPERATION:
            err = seal__pb_get_i32(&g, &c->op);
            break;
        case SUI_RPC_CHANGED_OBJECT_OBJECT_TYPE:
            err = seal__pb_get_string(&g, &c->type);
            break;
        default:
            break;
        }
    }
    return err == SEAL_OK ? seal__pb_reader_finish(&r) : err;
}

/* A struct type string into its BCS TypeTag. */
static bool get_struct_type(const seal__pb_bytes *s, uint8_t out[SEAL_LEDGER_TYPE_MAX_BYTES],
                            size_t *len) {
    char text[4096];
    return s->set && seal__pb_bytes_to_cstr(s, text, sizeof text) == SEAL_OK &&
           seal_sui_type_tag_parse(out, SEAL_LEDGER_TYPE_MAX_BYTES, len, text) == SEAL_OK &&
           *len > 0 && out[0] == SEAL_SUI_TYPE_STRUCT;
}

/* Adds a changed object to the effects: created (id operation CREATED), deleted (DELETED, or
 * wrapped: no output), mutated (an existing object written). Packages and objects that were
 * wrapped before are left out, as the JSON-RPC backend does. */
static seal_err add_change(const pb_changed *c, seal_ledger_effects *out) {
    seal_ledger_effect_object *o = NULL;
    bool deleted = c->op.v == SUI_RPC_ID_OPERATION_DELETED ||
                   c->output_state.v == SUI_RPC_OUTPUT_OBJECT_STATE_DOES_NOT_EXIST;
    if (!c->id.set || !c->output_state.set)
        return SEAL_ERR_INVALID_ENCODING;
    if (c->output_state.v == SUI_RPC_OUTPUT_OBJECT_STATE_PACKAGE_WRITE ||
        c->output_state.v == SUI_RPC_OUTPUT_OBJECT_STATE_ACCUMULATOR_WRITE ||
        seal__pb_bytes_eq(&c->type, "package"))
        return SEAL_OK;
    if (deleted) {
        if (c->op.v == SUI_RPC_ID_OPERATION_CREATED)
            return SEAL_OK; /* created and deleted (or wrapped) within the transaction */
        if (out->n_deleted == SEAL_LEDGER_EFFECTS_MAX_OBJECTS)
            return SEAL_OK;
        o = &out->deleted[out->n_deleted];
        memset(o, 0, sizeof *o);
        if (!get_address(&c->id, o->id) || !get_struct_type(&c->type, o->type, &o->type_len))
            return SEAL_ERR_INVALID_ENCODING;
        if (c->has_input_owner)
            o->owner = c->input_owner;
        o->version = out->lamport_version; /* deleted: the transaction's Lamport version */
        out->n_deleted++;
        return SEAL_OK;
    }
    if (c->op.v == SUI_RPC_ID_OPERATION_CREATED) {
        if (out->n_created == SEAL_LEDGER_EFFECTS_MAX_OBJECTS)
            return SEAL_OK;
        o = &out->created[out->n_created];
    } else if (c->input_state.v == SUI_RPC_INPUT_OBJECT_STATE_EXISTS) {
        if (out->n_mutated == SEAL_LEDGER_EFFECTS_MAX_OBJECTS)
            return SEAL_OK;
        o = &out->mutated[out->n_mutated];
    } else {
        return SEAL_OK; /* unwrapped */
    }
    memset(o, 0, sizeof *o);
    if (!get_address(&c->id, o->id) || !c->output_version.set ||
        !get_digest(&c->output_digest, o->digest) || !c->has_output_owner ||
        !get_struct_type(&c->type, o->type, &o->type_len))
        return SEAL_ERR_INVALID_ENCODING;
    o->version = c->output_version.v;
    o->owner = c->output_owner;
    if (c->op.v == SUI_RPC_ID_OPERATION_CREATED)
        out->n_created++;
    else
        out->n_mutated++;
    return SEAL_OK;
}

/* ExecutedTransaction -> effects (digest checked against the one computed from the bytes). */
static seal_err read_executed(const seal__pb_reader *in, const uint8_t digest[32],
                              seal_ledger_effects *out) {
    seal__pb_reader r = *in, fx;
    seal__pb_field f;
    seal__pb_bytes d = {0}, td = {0};
    seal__pb_u64 lamport = {0};
    pb_status s;
    bool have_fx = false, have_status = false;
    uint8_t got[32];
    seal_chain_dry_run_result v;
    seal_err err = SEAL_OK;
    memset(&s, 0, sizeof s);
    while (err == SEAL_OK && seal__pb_next(&r, &f)) {
        if (f.number == SUI_RPC_EXECUTED_TRANSACTION_DIGEST)
            err = seal__pb_get_string(&f, &d);
        else if (f.number == SUI_RPC_EXECUTED_TRANSACTION_EFFECTS) {
            have_fx = true;
            err = seal__pb_get_message(&f, &fx);
        }
    }
    if (err == SEAL_OK)
        err = seal__pb_reader_finish(&r);
    if (err != SEAL_OK || !have_fx || !get_digest(&d, got) || memcmp(got, digest, 32) != 0)
        return malformed("ExecuteTransaction answer (digest)");
    /* first pass: status, digest, Lamport version; second pass: the changed objects */
    {
        seal__pb_reader it = fx;
        while (err == SEAL_OK && seal__pb_next(&it, &f)) {
            if (f.number == SUI_RPC_TRANSACTION_EFFECTS_STATUS) {
                seal__pb_reader st;
                have_status = true;
                if ((err = seal__pb_get_message(&f, &st)) == SEAL_OK)
                    err = read_status(&st, &s);
            } else if (f.number == SUI_RPC_TRANSACTION_EFFECTS_TRANSACTION_DIGEST) {
                err = seal__pb_get_string(&f, &td);
            } else if (f.number == SUI_RPC_TRANSACTION_EFFECTS_LAMPORT_VERSION) {
                err = seal__pb_get_u64(&f, &lamport);
            }
        }
        if (err == SEAL_OK)
            err = seal__pb_reader_finish(&it);
    }
    if (err != SEAL_OK || !have_status ||
        (td.set && (!get_digest(&td, got) || memcmp(got, digest, 32) != 0)))
        return malformed("ExecuteTransaction answer (effects)");
    memset(&v, 0, sizeof v);
    if ((err = verdict_from_status(&s, &v)) != SEAL_OK) {
        seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message, v.message);
        return err;
    }
    seal__chain_outcome_from_verdict(&out->outcome, &v, exec_status(&s));
    out->executed = true;
    out->lamport_version = lamport.v;
    if (out->outcome.status != SEAL_LEDGER_SUCCESS)
        return SEAL_OK;
    {
        seal__pb_reader it = fx;
        while (err == SEAL_OK && seal__pb_next(&it, &f)) {
            pb_changed c;
            if (f.number != SUI_RPC_TRANSACTION_EFFECTS_CHANGED_OBJECTS)
                continue;
            if ((err = read_changed(&f, &c)) == SEAL_OK)
                err = add_change(&c, out);
        }
    }
    if (err != SEAL_OK)
        return malformed("ExecuteTransaction answer (changed object)");
    if (out->lamport_version == 0) {
        /* version given to every written object */
        if (out->n_created > 0)
            out->lamport_version = out->created[0].version;
        else if (out->n_mutated > 0)
            out->lamport_version = out->mutated[0].version;
        for (size_t i = 0; i < out->n_deleted; i++)
            out->deleted[i].version = out->lamport_version;
    }
    return SEAL_OK;
}

seal_err seal__grpc_parse_execute(const uint8_t *msg, size_t len, const uint8_t digest[static 32],
                                  seal_ledger_effects *out) {
    seal__pb_reader r, tx;
    bool have = false;
    seal__pb_reader_init(&r, msg, len);
    if (descend(&r, SUI_RPC_EXECUTE_TRANSACTION_RESPONSE_TRANSACTION, &tx, &have) != SEAL_OK ||
        !have)
        return malformed("ExecuteTransaction answer");
    return read_executed(&tx, digest, out);
}
