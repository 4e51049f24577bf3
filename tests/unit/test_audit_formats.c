/*
 * The audit log's byte formats against tests/vectors/audit/formats.json (written from
 * docs/audit.md by tests/audit/formats_kat.py): log id, signed messages, records and the request
 * digest; then signatures of heads and receipts (every signed field matters, another key or log
 * id is refused), encodings round trip and refuse malformed input, and audit key files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "seal/audit.h"
#include "seal/util.h"
#include "testutil.h"

static json_t *V;

static int setup(void **state) {
    (void)state;
    V = tu_load_json("audit/formats.json");
    return V != NULL ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    json_decref(V);
    return 0;
}

static uint8_t *vec(const char *key, size_t *len) {
    return tu_hex_alloc(tu_str(V, key), len);
}

static void fill(uint8_t *p, uint8_t b, size_t n) {
    memset(p, b, n);
}

static void test_messages(void **state) {
    (void)state;
    uint8_t pk[32], id[32], want[32];
    tu_hex(pk, 32, tu_str(V, "public_key"), 1);
    tu_hex(want, 32, tu_str(V, "log_id"), 1);
    seal_audit_log_id(id, pk);
    tu_assert_bytes(id, want, 32, "log id");

    seal_audit_tree_head h;
    memset(&h, 0, sizeof h);
    memcpy(h.log_id, id, 32);
    h.tree_size = 1234;
    h.timestamp_ms = 1700000000123ull;
    fill(h.root, 0xab, 32);
    uint8_t msg[SEAL_AUDIT_TREE_HEAD_MESSAGE_BYTES];
    seal_audit_tree_head_message(msg, &h);
    size_t len = 0;
    uint8_t *w = vec("tree_head_message", &len);
    assert_int_equal(len, sizeof msg);
    tu_assert_bytes(msg, w, len, "tree head message");
    free(w);

    seal_audit_receipt r;
    memset(&r, 0, sizeof r);
    memcpy(r.log_id, id, 32);
    r.seq = 77;
    fill(r.leaf_hash, 0xcd, 32);
    uint8_t rmsg[SEAL_AUDIT_RECEIPT_MESSAGE_BYTES];
    seal_audit_receipt_message(rmsg, &r);
    w = vec("receipt_message", &len);
    assert_int_equal(len, sizeof rmsg);
    tu_assert_bytes(rmsg, w, len, "receipt message");
    free(w);
}

static void encode_record(const seal_audit_record *r, uint8_t **out, size_t *len) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_audit_record_write(&w, r);
    *len = w.len;
    *out = malloc(w.len);
    assert_non_null(*out);
    seal_bcs_writer_init(&w, *out, *len);
    seal_audit_record_write(&w, r);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
}

static void test_records(void **state) {
    (void)state;
    static uint8_t id2[3] = {1, 2, 3}, id3[200];
    fill(id3, 0x5a, sizeof id3);
    seal_audit_record r;
    memset(&r, 0, sizeof r);
    r.seq = 77;
    r.time_ms = 1700000000999ull;
    r.has_key_server = true;
    fill(r.key_server, 0x11, 32);
    fill(r.request_digest, 0x22, 32);
    fill(r.user, 0x33, 32);
    fill(r.session_vk, 0x44, 32);
    r.has_package = true;
    fill(r.package, 0x55, 32);
    r.n_ids = 3;
    r.ids[0] = (seal_audit_bytes){(const uint8_t *)"", 0};
    r.ids[1] = (seal_audit_bytes){id2, 3};
    r.ids[2] = (seal_audit_bytes){id3, sizeof id3};
    r.granted = true;
    r.allowed_staleness_ms = 120000;
    uint8_t *got = NULL, *want = NULL, leaf[32], want_leaf[32];
    size_t len = 0, wlen = 0;
    encode_record(&r, &got, &len);
    want = vec("record_granted", &wlen);
    assert_int_equal(len, wlen);
    tu_assert_bytes(got, want, len, "granted record");
    seal_audit_leaf_hash(leaf, got, len);
    tu_hex(want_leaf, 32, tu_str(V, "record_granted_leaf_hash"), 1);
    tu_assert_bytes(leaf, want_leaf, 32, "leaf hash");

    seal_audit_record d;
    assert_int_equal(seal_audit_record_decode(&d, got, len), SEAL_OK);
    assert_int_equal(d.seq, 77);
    assert_true(d.granted && d.has_key_server && d.has_package && !d.has_checkpoint);
    assert_int_equal(d.n_ids, 3);
    assert_int_equal(d.ids[2].len, 200);
    /* every strict prefix and every extension is refused */
    for (size_t k = 0; k < len; k++)
        assert_int_not_equal(seal_audit_record_decode(&d, got, k), SEAL_OK);
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, got, len);
    longer[len] = 0;
    assert_int_not_equal(seal_audit_record_decode(&d, longer, len + 1), SEAL_OK);
    /* another version is refused as unsupported */
    longer[0] = 2;
    assert_int_equal(seal_audit_record_decode(&d, longer, len), SEAL_ERR_UNSUPPORTED);
    free(longer);
    free(got);
    free(want);

    memset(&r, 0, sizeof r);
    r.seq = 78;
    r.time_ms = 5;
    fill(r.request_digest, 0x22, 32);
    fill(r.user, 0x33, 32);
    fill(r.session_vk, 0x44, 32);
    snprintf(r.error, sizeof r.error, "NoAccess");
    r.has_checkpoint = true;
    r.checkpoint = 99;
    encode_record(&r, &got, &len);
    want = vec("record_refused", &wlen);
    assert_int_equal(len, wlen);
    tu_assert_bytes(got, want, len, "refused record");
    assert_int_equal(seal_audit_record_decode(&d, got, len), SEAL_OK);
    assert_false(d.granted);
    assert_string_equal(d.error, "NoAccess");
    assert_int_equal(d.checkpoint, 99);
    /* error names are printable ASCII, not empty */
    size_t at = len - 1 - 8 - 8 - 8; /* the 'N' of NoAccess */
    assert_int_equal(got[at], 'N');
    got[at] = '\n';
    assert_int_not_equal(seal_audit_record_decode(&d, got, len), SEAL_OK);
    free(got);
    free(want);
}

static void test_request_digest(void **state) {
    (void)state;
    uint8_t enc[48], evk[96], rsig[64], user[32], vk[32], sig[97], d[32], want[32];
    size_t ptb_len = 0;
    uint8_t *ptb = vec("request_ptb", &ptb_len);
    fill(enc, 0x61, 48);
    fill(evk, 0x62, 96);
    fill(rsig, 0x63, 64);
    fill(user, 0x64, 32);
    fill(vk, 0x65, 32);
    fill(sig, 0x66, 97);
    seal_audit_request req = {ptb, ptb_len,          enc, evk, rsig, user,
                              vk,  1700000000000ull, 30,  sig, 97,   NULL};
    seal_audit_request_digest(d, &req);
    tu_hex(want, 32, tu_str(V, "request_digest"), 1);
    tu_assert_bytes(d, want, 32, "request digest");
    req.mvr_name = "@org/app";
    seal_audit_request_digest(d, &req);
    tu_hex(want, 32, tu_str(V, "request_digest_mvr"), 1);
    tu_assert_bytes(d, want, 32, "request digest with an MVR name");
    free(ptb);
}

static void test_heads_and_receipts(void **state) {
    (void)state;
    uint8_t sk[32], pk[32], sk2[32], pk2[32];
    assert_int_equal(seal_audit_keygen(sk, pk), SEAL_OK);
    assert_int_equal(seal_audit_keygen(sk2, pk2), SEAL_OK);
    uint8_t again[32];
    assert_int_equal(seal_audit_public_key(again, sk), SEAL_OK);
    tu_assert_bytes(again, pk, 32, "public key");

    seal_audit_tree_head h;
    memset(&h, 0, sizeof h);
    h.tree_size = 10;
    h.timestamp_ms = 12345;
    fill(h.root, 7, 32);
    assert_int_equal(seal_audit_tree_head_sign(&h, sk), SEAL_OK);
    assert_int_equal(seal_audit_tree_head_verify(&h, pk), SEAL_OK);
    assert_int_equal(seal_audit_tree_head_verify(&h, pk2), SEAL_ERR_INVALID_SIGNATURE);
    uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
    seal_audit_tree_head_encode(enc, &h);
    /* every byte of the encoding matters (the version byte to decoding, the rest to the
     * signature) */
    for (size_t i = 0; i < sizeof enc; i++) {
        seal_audit_tree_head t;
        enc[i] ^= 0x01;
        seal_err e = seal_audit_tree_head_decode(&t, enc, sizeof enc);
        if (e == SEAL_OK)
            e = seal_audit_tree_head_verify(&t, pk);
        assert_int_not_equal(e, SEAL_OK);
        enc[i] ^= 0x01;
    }
    seal_audit_tree_head t;
    assert_int_equal(seal_audit_tree_head_decode(&t, enc, sizeof enc), SEAL_OK);
    assert_int_equal(seal_audit_tree_head_verify(&t, pk), SEAL_OK);
    assert_int_not_equal(seal_audit_tree_head_decode(&t, enc, sizeof enc - 1), SEAL_OK);

    seal_audit_receipt r;
    memset(&r, 0, sizeof r);
    r.seq = 3;
    fill(r.leaf_hash, 9, 32);
    assert_int_equal(seal_audit_receipt_sign(&r, sk), SEAL_OK);
    assert_int_equal(seal_audit_receipt_verify(&r, pk), SEAL_OK);
    assert_int_equal(seal_audit_receipt_verify(&r, pk2), SEAL_ERR_INVALID_SIGNATURE);
    uint8_t renc[SEAL_AUDIT_RECEIPT_BYTES];
    seal_audit_receipt_encode(renc, &r);
    for (size_t i = 0; i < sizeof renc; i++) {
        seal_audit_receipt u;
        renc[i] ^= 0x80;
        seal_err e = seal_audit_receipt_decode(&u, renc, sizeof renc);
        if (e == SEAL_OK)
            e = seal_audit_receipt_verify(&u, pk);
        assert_int_not_equal(e, SEAL_OK);
        renc[i] ^= 0x80;
    }
    /* a receipt is not a tree head: the domains differ even with the same fields */
    seal_audit_tree_head fake;
    memcpy(fake.log_id, r.log_id, 32);
    fake.tree_size = r.seq;
    fake.timestamp_ms = 0;
    memcpy(fake.root, r.leaf_hash, 32);
    memcpy(fake.signature, r.signature, 64);
    assert_int_equal(seal_audit_tree_head_verify(&fake, pk), SEAL_ERR_INVALID_SIGNATURE);
    seal_memzero(sk, 32);
    seal_memzero(sk2, 32);
}

static void test_proof_encoding(void **state) {
    (void)state;
    seal_audit_proof *p = calloc(1, sizeof *p), *q = calloc(1, sizeof *q);
    assert_non_null(p);
    assert_non_null(q);
    fill(p->log_id, 1, 32);
    p->a = 5;
    p->b = 9;
    p->n = 4;
    for (size_t i = 0; i < 4; i++)
        fill(p->path[i], (uint8_t)(0x10 + i), 32);
    uint8_t buf[1 + 32 + 16 + 1 + 4 * 32];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_audit_proof_write(&w, p);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    assert_int_equal(w.len, sizeof buf);
    assert_int_equal(seal_audit_proof_decode(q, 64, buf, sizeof buf), SEAL_OK);
    assert_int_equal(q->n, 4);
    assert_memory_equal(q->path, p->path, 4 * 32);
    assert_int_not_equal(seal_audit_proof_decode(q, 64, buf, sizeof buf - 1), SEAL_OK);
    assert_int_equal(seal_audit_proof_decode(q, 3, buf, sizeof buf), SEAL_ERR_LIMIT);
    buf[0] = 9;
    assert_int_not_equal(seal_audit_proof_decode(q, 64, buf, sizeof buf), SEAL_OK);
    free(p);
    free(q);
}

static void write_file(const char *path, const char *text, mode_t mode) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void test_key_files(void **state) {
    (void)state;
    char dir[256], path[512], why[256];
    uint8_t sk[32];
    assert_true(tu_tempdir(dir, sizeof dir, "seal-audit-key-"));
    snprintf(path, sizeof path, "%s/audit.key", dir);
    const char *hex = "0x0101010101010101010101010101010101010101010101010101010101010101";
    char text[256];
    snprintf(text, sizeof text, "Audit key: %s\nAudit public key: 0x00\n", hex);
    write_file(path, text, 0600);
    assert_int_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    assert_int_equal(sk[0], 1);
    snprintf(text, sizeof text, "{\"audit_key\": \"%s\", \"public_key\": \"0x00\"}\n", hex);
    write_file(path, text, 0600);
    assert_int_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    snprintf(text, sizeof text, "%s\n", hex);
    write_file(path, text, 0600);
    assert_int_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    /* group-readable: refused with a clear reason */
    write_file(path, text, 0640);
    assert_int_not_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    assert_non_null(strstr(why, "chmod 600"));
    write_file(path, "0x1234\n", 0600);
    assert_int_not_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    write_file(path, "0x01 0x02\n", 0600);
    assert_int_not_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    snprintf(path, sizeof path, "%s/missing", dir);
    assert_int_not_equal(seal_audit_key_load(sk, path, why, sizeof why), SEAL_OK);
    assert_int_equal(tu_rmtree(dir), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages),       cmocka_unit_test(test_records),
        cmocka_unit_test(test_request_digest), cmocka_unit_test(test_heads_and_receipts),
        cmocka_unit_test(test_proof_encoding), cmocka_unit_test(test_key_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
