/* The chain RPC backend's parsing of a Sui full node's answers (src/chain/rpc.c), without the
 * network: the file is compiled into this target so that its static parsers are reachable.
 * Input: a selector byte, an HTTP status byte, then the response body:
 *   0  sui_multiGetObjects: JSON-RPC envelope, result array, each SuiObjectResponse decoded
 *      (the expected id of entry i is its own data.objectId when that parses, else 0x0)
 *   1  sui_dryRunTransactionBlock: envelope, effects.status (MoveAbort parsing included)
 *   2  suix_getReferenceGasPrice: envelope, u64
 *   3  sui_executeTransactionBlock: envelope, effects.status, objectChanges
 * Properties: a decoded object is found with contents that start with its id, a type that is
 * a struct TypeTag and at most the ledger's caps; a failed decode leaves nothing allocated and
 * found false; messages are NUL-terminated within their buffers; verdicts and statuses are in
 * range. */
#include "chain/rpc.c"

#include "fuzz_common.h"

static void check_msg(const char *m, size_t cap) {
    FUZZ_ASSERT(memchr(m, '\0', cap) != NULL);
}

static void objects(const json_t *result) {
    if (!json_is_array(result)) {
        return;
    }
    size_t n = json_array_size(result);
    if (n > SEAL_CHAIN_MAX_OBJECTS) {
        n = SEAL_CHAIN_MAX_OBJECTS;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(result, i);
        uint8_t id[32];
        memset(id, 0, sizeof id);
        (void)get_address(json_object_get(json_object_get(r, "data"), "objectId"), id);
        seal_ledger_object o;
        bool found = true;
        seal_err e = decode_object(r, id, &o, &found);
        if (e != SEAL_OK || !found) {
            FUZZ_ASSERT(!found);
            FUZZ_ASSERT(o.contents == NULL);
            continue;
        }
        FUZZ_ASSERT(o.contents != NULL && o.contents_len >= 32);
        FUZZ_ASSERT(memcmp(o.contents, id, 32) == 0 && memcmp(o.id, id, 32) == 0);
        FUZZ_ASSERT(o.contents_len <= SEAL_LEDGER_OBJECT_MAX_BYTES + 2);
        FUZZ_ASSERT(o.type_len > 0 && o.type_len <= SEAL_LEDGER_TYPE_MAX_BYTES);
        FUZZ_ASSERT(o.type[0] == SEAL_SUI_TYPE_STRUCT);
        FUZZ_ASSERT(seal_sui_type_tag_validate(o.type, o.type_len) == SEAL_OK);
        seal_ledger_object_clear(&o);
    }
}

static void status(const json_t *result) {
    seal_chain_dry_run_result d;
    memset(&d, 0, sizeof d);
    seal_err e = parse_status(json_object_get(json_object_get(result, "effects"), "status"), &d);
    check_msg(d.message, sizeof d.message);
    if (e == SEAL_OK) {
        FUZZ_ASSERT(d.verdict <= SEAL_CHAIN_INVALID_INPUT);
        check_msg(d.abort_module, sizeof d.abort_module);
        check_msg(d.abort_function, sizeof d.abort_function);
    } else {
        FUZZ_ASSERT(e == SEAL_ERR_IO);
    }
}

static void changes(const json_t *result) {
    const json_t *c = json_object_get(result, "objectChanges");
    for (size_t i = 0; json_is_array(c) && i < json_array_size(c) && i < 64; i++) {
        seal_ledger_effect_object o;
        if (decode_change(json_array_get(c, i), &o)) {
            FUZZ_ASSERT(o.type_len > 0 && o.type_len <= SEAL_LEDGER_TYPE_MAX_BYTES);
        }
    }
    const char *err = json_string_value(
        json_object_get(json_object_get(json_object_get(result, "effects"), "status"), "error"));
    if (err != NULL) {
        FUZZ_ASSERT(status_of_error(err) <= SEAL_LEDGER_ARITHMETIC_ERROR);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) {
        return 0;
    }
    unsigned sel = data[0] % 4u;
    long http = data[1] < 128 ? 200 : 300 + data[1];
    seal__chain_body b = {0};
    b.len = size - 2;
    b.cap = b.len + 1;
    b.p = (uint8_t *)fuzz_cstr(data + 2, b.len);
    rpc_reply rep;
    memset(&rep, 0, sizeof rep);
    attempt_kind k = parse_response(&b, http, 7, &rep);
    check_msg(rep.message, sizeof rep.message);
    FUZZ_ASSERT(k == ATTEMPT_DONE || k == ATTEMPT_TRANSIENT || k == ATTEMPT_FATAL);
    if (rep.result != NULL) {
        FUZZ_ASSERT(k == ATTEMPT_DONE && !rep.rpc_error && http == 200);
        switch (sel) {
        case 0:
            objects(rep.result);
            break;
        case 1:
            status(rep.result);
            break;
        case 2: {
            uint64_t gp = 0;
            if (get_u64(rep.result, &gp)) {
                FUZZ_ASSERT(json_is_integer(rep.result) || json_is_string(rep.result));
            }
            break;
        }
        default:
            status(rep.result);
            changes(rep.result);
            break;
        }
    }
    json_decref(rep.result);
    free(b.p);
    return 0;
}
