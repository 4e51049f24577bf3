/* The audit log's decoders and verifiers (src/audit/, docs/audit.md); the first byte picks one:
 *   0 seal_audit_record_decode        re-encodes to exactly the input; ids inside the input
 *   1 seal_audit_proof_decode (64)    re-encodes to the input; verify_inclusion of its path with
 *                                     a leaf and root from the input does not crash, and a proof
 *                                     that verifies still verifies after re-decoding
 *   2 seal_audit_proof_decode (128)   the same with verify_consistency
 *   3 seal_audit_receipt_decode       re-encodes to the input; verification under a fixed key
 *                                     fails (nobody holds it)
 *   4 seal_audit_tree_head_decode     likewise
 *   5 seal_ledger_audit_log_decode    the AuditLog object's contents: sizes as documented
 *   6 seal_client_request_digest      a fetch_key JSON body: deterministic, never crashes */
#include "fuzz_common.h"
#include "seal/audit.h"
#include "seal/client.h"
#include "seal/ledger_audit.h"

static const uint8_t NOBODY[32] = {0x3b, 0x6a, 0x27, 0xbc, 0xce, 0xb6, 0xa4, 0x2d, 0x62, 0xa3, 0xa8,
                                   0xd0, 0x2a, 0x6f, 0x0d, 0x73, 0x65, 0x32, 0x15, 0x77, 0x1d, 0xe2,
                                   0x43, 0xa6, 0x3a, 0xc0, 0x48, 0xa1, 0x8b, 0x59, 0xda, 0x29};

static void record(const uint8_t *p, size_t n) {
    seal_audit_record *r = malloc(sizeof *r);
    FUZZ_ASSERT(r != NULL);
    if (seal_audit_record_decode(r, p, n) == SEAL_OK) {
        uint8_t *out = malloc(n > 0 ? n : 1);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, n);
        seal_audit_record_write(&w, r);
        FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK && w.len == n);
        FUZZ_ASSERT(memcmp(out, p, n) == 0);
        for (size_t i = 0; i < r->n_ids; i++)
            FUZZ_ASSERT(r->ids[i].ptr >= p && r->ids[i].ptr + r->ids[i].len <= p + n);
        free(out);
    }
    free(r);
}

static void proof(const uint8_t *p, size_t n, bool inclusion) {
    seal_audit_proof *pr = malloc(sizeof *pr), *again = malloc(sizeof *again);
    FUZZ_ASSERT(pr != NULL && again != NULL);
    /* the last 64 bytes (when there are) are a leaf or first root and a root */
    uint8_t a[32] = {0}, b[32] = {0};
    size_t body = n;
    if (n >= 64 + 49) {
        memcpy(a, p + n - 64, 32);
        memcpy(b, p + n - 32, 32);
        body = n - 64;
    }
    if (seal_audit_proof_decode(pr, inclusion ? 64 : 128, p, body) == SEAL_OK) {
        uint8_t out[1 + 32 + 16 + 2 + 128 * 32];
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, sizeof out);
        seal_audit_proof_write(&w, pr);
        FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK && w.len == body);
        FUZZ_ASSERT(memcmp(out, p, body) == 0);
        seal_err e = inclusion
                         ? seal_audit_verify_inclusion(a, pr->a, pr->b,
                                                       (const uint8_t(*)[32])pr->path, pr->n, b)
                         : seal_audit_verify_consistency(pr->a, pr->b, a, b,
                                                         (const uint8_t(*)[32])pr->path, pr->n);
        FUZZ_ASSERT(e == SEAL_OK || e == SEAL_ERR_INVALID_SIGNATURE);
        FUZZ_ASSERT(seal_audit_proof_decode(again, inclusion ? 64 : 128, out, w.len) == SEAL_OK);
        FUZZ_ASSERT(memcmp(again, pr, sizeof *pr) == 0);
    }
    free(pr);
    free(again);
}

static void receipt(const uint8_t *p, size_t n) {
    seal_audit_receipt r;
    if (seal_audit_receipt_decode(&r, p, n) == SEAL_OK) {
        uint8_t out[SEAL_AUDIT_RECEIPT_BYTES];
        seal_audit_receipt_encode(out, &r);
        FUZZ_ASSERT(n == sizeof out && memcmp(out, p, n) == 0);
        FUZZ_ASSERT(seal_audit_receipt_verify(&r, NOBODY) != SEAL_OK);
    }
}

static void head(const uint8_t *p, size_t n) {
    seal_audit_tree_head h;
    if (seal_audit_tree_head_decode(&h, p, n) == SEAL_OK) {
        uint8_t out[SEAL_AUDIT_TREE_HEAD_BYTES];
        seal_audit_tree_head_encode(out, &h);
        FUZZ_ASSERT(n == sizeof out && memcmp(out, p, n) == 0);
        FUZZ_ASSERT(seal_audit_tree_head_verify(&h, NOBODY) != SEAL_OK);
    }
}

static void audit_log(const uint8_t *p, size_t n) {
    seal_ledger_audit_log log;
    if (seal_ledger_audit_log_decode(&log, p, n) == SEAL_OK)
        FUZZ_ASSERT(n == 32 + 33 + 33 + 16 + 33 + 1 || n == 32 + 33 + 33 + 16 + 33 + 65);
}

static void digest(const uint8_t *p, size_t n) {
    uint8_t a[32], b[32];
    char *text = fuzz_cstr(p, n);
    seal_err e1 = seal_client_request_digest(a, text, n);
    seal_err e2 = seal_client_request_digest(b, text, n);
    FUZZ_ASSERT(e1 == e2);
    if (e1 == SEAL_OK)
        FUZZ_ASSERT(memcmp(a, b, 32) == 0);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    uint8_t *p = fuzz_dup(data + 1, size - 1);
    size_t n = size - 1;
    switch (data[0] % 7u) {
    case 0:
        record(p, n);
        break;
    case 1:
        proof(p, n, true);
        break;
    case 2:
        proof(p, n, false);
        break;
    case 3:
        receipt(p, n);
        break;
    case 4:
        head(p, n);
        break;
    case 5:
        audit_log(p, n);
        break;
    default:
        digest(p, n);
        break;
    }
    free(p);
    return 0;
}
