/* The gRPC backend's decoding of a full node's answers (src/chain/grpc_decode.c), without the
 * network. Input: a selector byte, then one response message (protobuf):
 *   0  BatchGetObjectsResponse for two ids (the Clock 0x6 and 0x…ee)
 *   1  GetPackageResponse about 0x…ab
 *   2  GetEpochResponse
 *   3  GetServiceInfoResponse
 *   4  VerifySignatureResponse
 *   5  SimulateTransactionResponse
 *   6  ExecuteTransactionResponse of a fixed digest (0x11…)
 * Properties: a decoded object starts with its id, has a struct TypeTag and respects the caps,
 * and nothing is allocated when found is false or the decoding failed; results are in range
 * (verdicts, ledger statuses, at most 16 changed objects of each kind, a 32-byte chain id in
 * Base58 with its short form); messages NUL-terminated and printable; errors are SEAL_ERR_IO or
 * SEAL_ERR_NO_MEMORY only. */
#include "fuzz_common.h"

#include <stdbool.h>

#include "chain/grpc_decode.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

static void check_text(const char *m, size_t cap) {
    size_t n = strnlen(m, cap);
    FUZZ_ASSERT(n < cap);
}

static void check_err(seal_err e) {
    FUZZ_ASSERT(e == SEAL_OK || e == SEAL_ERR_IO || e == SEAL_ERR_NO_MEMORY);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    uint8_t *msg = fuzz_dup(data + 1, size - 1);
    size_t n = size - 1;
    seal_err e;
    switch (data[0] % 7) {
    case 0: {
        uint8_t ids[2][32];
        seal_ledger_object o[2];
        bool found[2] = {true, true};
        memset(ids, 0, sizeof ids);
        ids[0][31] = 6;
        ids[1][31] = 0xee;
        memset(o, 0, sizeof o);
        e = seal__grpc_parse_objects(msg, n, (const uint8_t(*)[32])ids, 2, o, found);
        check_err(e);
        for (int i = 0; i < 2; i++) {
            if (e != SEAL_OK || !found[i]) {
                FUZZ_ASSERT(!found[i]);
                continue;
            }
            FUZZ_ASSERT(o[i].contents != NULL && o[i].contents_len >= 32);
            FUZZ_ASSERT(memcmp(o[i].contents, ids[i], 32) == 0 && memcmp(o[i].id, ids[i], 32) == 0);
            FUZZ_ASSERT(o[i].contents_len <= SEAL_LEDGER_OBJECT_MAX_BYTES);
            FUZZ_ASSERT(o[i].type_len > 0 && o[i].type_len <= SEAL_LEDGER_TYPE_MAX_BYTES);
            FUZZ_ASSERT(o[i].type[0] == SEAL_SUI_TYPE_STRUCT);
            FUZZ_ASSERT(seal_sui_type_tag_validate(o[i].type, o[i].type_len) == SEAL_OK);
            seal_ledger_object_clear(&o[i]);
        }
        break;
    }
    case 1: {
        uint8_t pkg[32], orig[32];
        uint64_t v = 0;
        memset(pkg, 0xab, 32);
        e = seal__grpc_parse_package(msg, n, pkg, orig, &v);
        check_err(e);
        if (e == SEAL_OK)
            FUZZ_ASSERT(v > 0 && (v != 1 || memcmp(orig, pkg, 32) == 0));
        break;
    }
    case 2: {
        uint64_t p = 0;
        e = seal__grpc_parse_epoch(msg, n, &p);
        check_err(e);
        FUZZ_ASSERT(e != SEAL_OK || p > 0);
        break;
    }
    case 3: {
        seal_chain_info i;
        e = seal__grpc_parse_service_info(msg, n, &i);
        check_err(e);
        if (e == SEAL_OK) {
            uint8_t d[32];
            FUZZ_ASSERT(seal_sui_digest_parse(d, i.chain_id) == SEAL_OK);
            FUZZ_ASSERT(strlen(i.chain_short) == 8);
        }
        break;
    }
    case 4: {
        seal_chain_signature_result r;
        e = seal__grpc_parse_verify(msg, n, &r);
        check_err(e);
        check_text(r.reason, sizeof r.reason);
        for (size_t k = 0; r.reason[k] != '\0'; k++)
            FUZZ_ASSERT(r.reason[k] >= 0x20 && r.reason[k] <= 0x7e);
        break;
    }
    case 5: {
        seal_chain_dry_run_result r;
        memset(&r, 0, sizeof r);
        e = seal__grpc_parse_simulate(msg, n, &r);
        check_err(e);
        check_text(r.message, sizeof r.message);
        if (e == SEAL_OK) {
            FUZZ_ASSERT(r.verdict <= SEAL_CHAIN_INVALID_INPUT);
            check_text(r.abort_module, sizeof r.abort_module);
            check_text(r.abort_function, sizeof r.abort_function);
            if (r.verdict == SEAL_CHAIN_ABORT)
                FUZZ_ASSERT(seal_sui_identifier_validate((const uint8_t *)r.abort_module,
                                                         strlen(r.abort_module)) == SEAL_OK);
        }
        break;
    }
    default: {
        uint8_t digest[32];
        seal_ledger_effects *fx = calloc(1, sizeof *fx);
        FUZZ_ASSERT(fx != NULL);
        memset(digest, 0x11, 32);
        e = seal__grpc_parse_execute(msg, n, digest, fx);
        check_err(e);
        check_text(fx->outcome.message, sizeof fx->outcome.message);
        if (e == SEAL_OK) {
            FUZZ_ASSERT(fx->executed);
            FUZZ_ASSERT(fx->n_created <= SEAL_LEDGER_EFFECTS_MAX_OBJECTS &&
                        fx->n_mutated <= SEAL_LEDGER_EFFECTS_MAX_OBJECTS &&
                        fx->n_deleted <= SEAL_LEDGER_EFFECTS_MAX_OBJECTS);
            FUZZ_ASSERT(fx->outcome.status <= SEAL_LEDGER_ARITHMETIC_ERROR);
            for (size_t k = 0; k < fx->n_created; k++)
                FUZZ_ASSERT(fx->created[k].type_len > 0 &&
                            fx->created[k].type[0] == SEAL_SUI_TYPE_STRUCT);
        }
        free(fx);
        break;
    }
    }
    free(msg);
    return 0;
}
