/* The chain layer's sui.rpc.v2 backend (docs/chain.md "gRPC backend";
 * ../shared/spec/SUI_GRPC.md §4-§6): each chain operation is one unary call through
 * grpc_transport.c, its request encoded here with src/proto/, its answer decoded by
 * grpc_decode.c; a status the operation does not interpret is SEAL_ERR_IO with the status in
 * seal_chain_last_error(). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/grpc_decode.h"
#include "chain/grpc_transport.h"
#include "proto/grpc_frame.h"
#include "proto/pb.h"
#include "proto/sui_rpc.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

struct seal__chain_grpc {
    seal__grpc_transport *t;
};

seal_err seal__chain_grpc_open(seal__chain_grpc **out, const char *url,
                               const seal_chain_options *opts) {
    seal__chain_grpc *g;
    seal_err err;
    *out = NULL;
    if ((g = calloc(1, sizeof *g)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = seal__grpc_transport_open(&g->t, url, opts)) != SEAL_OK) {
        free(g);
        return err;
    }
    *out = g;
    return SEAL_OK;
}

void seal__chain_grpc_close(seal__chain_grpc *g) {
    if (g == NULL)
        return;
    seal__grpc_transport_close(g->t);
    free(g);
}

uint64_t seal__chain_grpc_requests(const seal__chain_grpc *g) {
    return g == NULL ? 0 : seal__grpc_transport_requests(g->t);
}

/* ---- requests ------------------------------------------------------------------------------- */

/* A writer whose first 5 bytes are reserved for the gRPC frame header. */
static void request_start(seal__pb_writer *w) {
    static const uint8_t hdr[SEAL__GRPC_FRAME_HEADER_BYTES] = {0};
    seal__pb_writer_init(w, SEAL__GRPC_MAX_FRAME_BYTES + SEAL__GRPC_FRAME_HEADER_BYTES);
    seal__pb_write_raw(w, hdr, sizeof hdr);
}

static void write_address(seal__pb_writer *w, uint32_t field, const uint8_t id[32]) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, id);
    seal__pb_write_string(w, field, hex);
}

/* A FieldMask of the comma-separated paths. */
static void write_mask(seal__pb_writer *w, uint32_t field, const char *paths) {
    seal__pb_begin(w, field);
    while (*paths != '\0') {
        size_t n = strcspn(paths, ",");
        seal__pb_write_string_n(w, SUI_RPC_FIELD_MASK_PATHS, paths, n);
        paths += n + (paths[n] == ',');
    }
    seal__pb_end(w);
}

static void write_bcs(seal__pb_writer *w, uint32_t field, const char *name, const uint8_t *p,
                      size_t n) {
    seal__pb_begin(w, field);
    if (name != NULL)
        seal__pb_write_string(w, SUI_RPC_BCS_NAME, name);
    seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, p, n);
    seal__pb_end(w);
}

/* Sends the request in w (freed) to path. SEAL_OK: a->status is the node's status. */
static seal_err call(seal__chain_grpc *g, const char *path, seal__pb_writer *w,
                     seal__grpc_answer *a) {
    seal_err err = seal__pb_writer_finish(w);
    memset(a, 0, sizeof *a);
    if (err == SEAL_OK)
        err = seal__grpc_call(g->t, path, w->buf, w->len, a);
    else if (err == SEAL_ERR_LIMIT)
        err = SEAL_ERR_INVALID_ARGUMENT; /* a request past the frame cap */
    seal__pb_writer_free(w);
    if (err != SEAL_OK && a->message[0] != '\0')
        seal__chain_set_error("%s", a->message);
    return err;
}

/* A status the caller does not interpret: the node's problem. */
static seal_err status_error(const seal__grpc_answer *a, const char *method) {
    seal__chain_set_error("node answered %s to %s: %s", seal__grpc_status_name(a->status), method,
                          a->message);
    return SEAL_ERR_IO;
}

/* ---- objects -------------------------------------------------------------------------------- */

seal_err seal__chain_grpc_get_objects(seal__chain_grpc *g, const uint8_t (*ids)[32], size_t n,
                                      seal_ledger_object *out, bool *found) {
    seal__pb_writer w;
    seal__grpc_answer a;
    seal_err err;
    request_start(&w);
    for (size_t k = 0; k < n; k++) {
        seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_REQUEST_REQUESTS);
        write_address(&w, SUI_RPC_GET_OBJECT_REQUEST_OBJECT_ID, ids[k]);
        seal__pb_end(&w);
    }
    write_mask(&w, SUI_RPC_BATCH_GET_OBJECTS_REQUEST_READ_MASK, SEAL__GRPC_OBJECT_MASK);
    if ((err = call(g, SUI_RPC_PATH_BATCH_GET_OBJECTS, &w, &a)) != SEAL_OK)
        return err;
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "BatchGetObjects");
        goto out;
    }
    err = seal__grpc_parse_objects(a.msg, a.msg_len, ids, n, out, found);
out:
    seal__grpc_answer_clear(&a);
    return err;
}

/* ---- packages ------------------------------------------------------------------------------- */

seal_err seal__chain_grpc_resolve_package(seal__chain_grpc *g, const uint8_t pkg[static 32],
                                          uint8_t original_id[static 32], uint64_t *version,
                                          bool *found) {
    seal__pb_writer w;
    seal__grpc_answer a;
    seal_err err;
    request_start(&w);
    write_address(&w, SUI_RPC_GET_PACKAGE_REQUEST_PACKAGE_ID, pkg);
    if ((err = call(g, SUI_RPC_PATH_GET_PACKAGE, &w, &a)) != SEAL_OK)
        return err;
    if (a.status == SEAL__GRPC_NOT_FOUND)
        goto out; /* not a package, or no such object */
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "GetPackage");
        goto out;
    }
    if ((err = seal__grpc_parse_package(a.msg, a.msg_len, pkg, original_id, version)) == SEAL_OK)
        *found = true;
out:
    seal__grpc_answer_clear(&a);
    return err;
}

/* ---- epoch, service info -------------------------------------------------------------------- */

seal_err seal__chain_grpc_reference_gas_price(seal__chain_grpc *g, uint64_t *out) {
    seal__pb_writer w;
    seal__grpc_answer a;
    seal_err err;
    request_start(&w);
    write_mask(&w, SUI_RPC_GET_EPOCH_REQUEST_READ_MASK, "reference_gas_price");
    if ((err = call(g, SUI_RPC_PATH_GET_EPOCH, &w, &a)) != SEAL_OK)
        return err;
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "GetEpoch");
        goto out;
    }
    err = seal__grpc_parse_epoch(a.msg, a.msg_len, out);
out:
    seal__grpc_answer_clear(&a);
    return err;
}

seal_err seal__chain_grpc_service_info(seal__chain_grpc *g, seal_chain_info *out) {
    seal__pb_writer w;
    seal__grpc_answer a;
    seal_err err;
    request_start(&w);
    if ((err = call(g, SUI_RPC_PATH_GET_SERVICE_INFO, &w, &a)) != SEAL_OK)
        return err;
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "GetServiceInfo");
        goto out;
    }
    err = seal__grpc_parse_service_info(a.msg, a.msg_len, out);
out:
    seal__grpc_answer_clear(&a);
    return err;
}

/* ---- signatures ----------------------------------------------------------------------------- */

seal_err seal__chain_grpc_verify_signature(seal__chain_grpc *g, const uint8_t *msg, size_t msg_len,
                                           const uint8_t *sig, size_t sig_len,
                                           const uint8_t address[static 32],
                                           seal_chain_signature_result *out) {
    seal__pb_writer w;
    seal__grpc_answer a;
    uint8_t len_prefix[10];
    size_t k;
    seal_err err;
    if (msg_len > SEAL__GRPC_MAX_FRAME_BYTES / 2 || sig_len == 0 || sig_len > 65536)
        return SEAL_ERR_INVALID_ARGUMENT;
    /* the message as Sui signs it: BCS vector<u8>, named PersonalMessage */
    k = seal_bcs_uleb128_encode(len_prefix, msg_len);
    request_start(&w);
    seal__pb_begin(&w, SUI_RPC_VERIFY_SIGNATURE_REQUEST_MESSAGE);
    seal__pb_write_string(&w, SUI_RPC_BCS_NAME, "PersonalMessage");
    seal__pb_write_tag(&w, SUI_RPC_BCS_VALUE, SEAL__PB_LEN);
    seal__pb_write_varint(&w, k + msg_len);
    seal__pb_write_raw(&w, len_prefix, k);
    seal__pb_write_raw(&w, msg, msg_len);
    seal__pb_end(&w);
    seal__pb_begin(&w, SUI_RPC_VERIFY_SIGNATURE_REQUEST_SIGNATURE);
    write_bcs(&w, SUI_RPC_USER_SIGNATURE_BCS, NULL, sig, sig_len);
    seal__pb_end(&w);
    write_address(&w, SUI_RPC_VERIFY_SIGNATURE_REQUEST_ADDRESS, address);
    if ((err = call(g, SUI_RPC_PATH_VERIFY_SIGNATURE, &w, &a)) != SEAL_OK)
        return err;
    if (a.status == SEAL__GRPC_INVALID_ARGUMENT) {
        /* a signature the node cannot read */
        seal__chain_copy_message(out->reason, sizeof out->reason, a.message);
        goto out;
    }
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "VerifySignature");
        goto out;
    }
    err = seal__grpc_parse_verify(a.msg, a.msg_len, out);
out:
    seal__grpc_answer_clear(&a);
    return err;
}

/* ---- dry run -------------------------------------------------------------------------------- */

/* SimulateTransaction of TransactionData bytes as they are (no input resolution: the node runs
 * the transaction the caller built, as sui_dryRunTransactionBlock did), checks enabled, an empty
 * gas payment running on the node's mock coin. */
seal_err seal__chain_grpc_dry_run(seal__chain_grpc *g, const uint8_t *tx_data, size_t len,
                                  seal_chain_dry_run_result *out) {
    seal__pb_writer w;
    seal__grpc_answer a;
    seal_err err;
    if (len == 0 || len > SEAL__GRPC_MAX_FRAME_BYTES / 2)
        return SEAL_ERR_INVALID_ARGUMENT;
    request_start(&w);
    seal__pb_begin(&w, SUI_RPC_SIMULATE_TRANSACTION_REQUEST_TRANSACTION);
    write_bcs(&w, SUI_RPC_TRANSACTION_BCS, "TransactionData", tx_data, len);
    seal__pb_end(&w);
    write_mask(&w, SUI_RPC_SIMULATE_TRANSACTION_REQUEST_READ_MASK, "transaction.effects.status");
    if ((err = call(g, SUI_RPC_PATH_SIMULATE_TRANSACTION, &w, &a)) != SEAL_OK) {
        seal__chain_copy_message(out->message, sizeof out->message, a.message);
        return err;
    }
    if (a.status == SEAL__GRPC_INVALID_ARGUMENT || a.status == SEAL__GRPC_NOT_FOUND) {
        /* refused before execution: a missing object, a stale reference, bad input */
        out->verdict = SEAL_CHAIN_INVALID_INPUT;
        seal__chain_copy_message(out->message, sizeof out->message,
                                 a.message[0] != '\0' ? a.message
                                                      : seal__grpc_status_name(a.status));
        goto out;
    }
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "SimulateTransaction");
        goto out;
    }
    err = seal__grpc_parse_simulate(a.msg, a.msg_len, out);
out:
    if (err != SEAL_OK) {
        out->verdict = SEAL_CHAIN_EXECUTION_ERROR;
        seal__chain_copy_message(out->message, sizeof out->message, seal_chain_last_error());
    }
    seal__grpc_answer_clear(&a);
    return err;
}

/* ---- execution ------------------------------------------------------------------------------ */

#define EXECUTE_MASK                                                                               \
    "digest,effects.status,effects.transaction_digest,effects.lamport_version,"                    \
    "effects.changed_objects"

seal_err seal__chain_grpc_execute(seal__chain_grpc *g, const uint8_t *tx_data, size_t len,
                                  const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                                  seal_ledger_effects *out) {
    seal__pb_writer w;
    seal__grpc_answer a;
    uint8_t digest[32];
    seal_err err;
    if ((err = seal__chain_execute_prepare(tx_data, len, SEAL__GRPC_MAX_FRAME_BYTES / 2, sigs,
                                           sig_lens, n_sigs, digest, out)) != SEAL_OK)
        return err;
    memcpy(out->digest, digest, 32);
    request_start(&w);
    seal__pb_begin(&w, SUI_RPC_EXECUTE_TRANSACTION_REQUEST_TRANSACTION);
    write_bcs(&w, SUI_RPC_TRANSACTION_BCS, "TransactionData", tx_data, len);
    seal__pb_end(&w);
    for (size_t i = 0; i < n_sigs; i++) {
        seal__pb_begin(&w, SUI_RPC_EXECUTE_TRANSACTION_REQUEST_SIGNATURES);
        write_bcs(&w, SUI_RPC_USER_SIGNATURE_BCS, NULL, sigs[i], sig_lens[i]);
        seal__pb_end(&w);
    }
    write_mask(&w, SUI_RPC_EXECUTE_TRANSACTION_REQUEST_READ_MASK, EXECUTE_MASK);
    if ((err = call(g, SUI_RPC_PATH_EXECUTE_TRANSACTION, &w, &a)) != SEAL_OK) {
        seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message, a.message);
        return err;
    }
    if (a.status == SEAL__GRPC_INVALID_ARGUMENT || a.status == SEAL__GRPC_NOT_FOUND ||
        a.status == SEAL__GRPC_FAILED_PRECONDITION) {
        /* refused before execution (nothing recorded), as the embedded ledger reports it */
        err = seal__chain_refusal(a.message, out);
        goto out;
    }
    if (a.status != SEAL__GRPC_OK) {
        err = status_error(&a, "ExecuteTransaction");
        goto out;
    }
    err = seal__grpc_parse_execute(a.msg, a.msg_len, digest, out);
out:
    if (err != SEAL_OK && err != SEAL_ERR_INVALID_ARGUMENT && err != SEAL_ERR_INVALID_SIGNATURE) {
        out->n_created = 0;
        out->n_mutated = 0;
        out->n_deleted = 0;
        out->executed = false;
        if (out->outcome.message[0] == '\0')
            seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message,
                                     seal_chain_last_error());
    }
    seal__grpc_answer_clear(&a);
    return err;
}
