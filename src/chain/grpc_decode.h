/* Decoding of the sui.rpc.v2 answers the chain layer's gRPC backend reads (grpc_decode.c), apart
 * from the transport so that each can be tested and fuzzed on its own. Each takes one response
 * message (the protobuf payload of the data frame) and returns SEAL_OK, SEAL_ERR_IO for an answer
 * that is not what a full node sends (the reason in seal_chain_last_error()), or
 * SEAL_ERR_NO_MEMORY. Nothing is left allocated on failure. */
#ifndef SEAL_CHAIN_GRPC_DECODE_H
#define SEAL_CHAIN_GRPC_DECODE_H

#include "chain/internal.h"

/* The read mask of the object reads: the object's BCS, and the fields it is checked against. */
#define SEAL__GRPC_OBJECT_MASK "object_id,version,digest,bcs"

/* BatchGetObjectsResponse for ids[0..n): found[i] and out[i] (release with
 * seal_ledger_object_clear) as seal_chain_get_objects() gives them. */
SEAL_MUST_CHECK seal_err seal__grpc_parse_objects(const uint8_t *msg, size_t len,
                                                  const uint8_t (*ids)[32], size_t n,
                                                  seal_ledger_object *out, bool *found);
/* GetPackageResponse about pkg: its original id and version. */
SEAL_MUST_CHECK seal_err seal__grpc_parse_package(const uint8_t *msg, size_t len,
                                                  const uint8_t pkg[static 32],
                                                  uint8_t original_id[static 32],
                                                  uint64_t *version);
/* GetEpochResponse: the reference gas price (set, > 0). */
SEAL_MUST_CHECK seal_err seal__grpc_parse_epoch(const uint8_t *msg, size_t len, uint64_t *rgp);
/* GetServiceInfoResponse. */
SEAL_MUST_CHECK seal_err seal__grpc_parse_service_info(const uint8_t *msg, size_t len,
                                                       seal_chain_info *out);
/* VerifySignatureResponse. */
SEAL_MUST_CHECK seal_err seal__grpc_parse_verify(const uint8_t *msg, size_t len,
                                                 seal_chain_signature_result *out);
/* SimulateTransactionResponse: the verdict of transaction.effects.status. */
SEAL_MUST_CHECK seal_err seal__grpc_parse_simulate(const uint8_t *msg, size_t len,
                                                   seal_chain_dry_run_result *out);
/* ExecuteTransactionResponse of the transaction whose digest is `digest`: outcome and changed
 * objects into *out (executed true). */
SEAL_MUST_CHECK seal_err seal__grpc_parse_execute(const uint8_t *msg, size_t len,
                                                  const uint8_t digest[static 32],
                                                  seal_ledger_effects *out);

#endif
