/* The DKG's building blocks against @noble/curves and @noble/hashes (tests/vectors/noble/
 * committee.json, tests/noble/gen.mjs): BLS min-sig keys, signatures and verification verdicts,
 * the random oracle (SHA3-512, length-prefixed prefix), Blake2b-256 (messages_hash's hash, from
 * libsodium here) and the ECIES g_hat (hash to G1 of an oracle output). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "seal/committee.h"

static uint8_t *hex(const json_t *o, const char *key, size_t *len) {
    return tu_hex_alloc(tu_str(o, key), len);
}

static void test_bls_min_sig(void **state) {
    (void)state;
    json_t *j = tu_load_json("noble/committee.json");
    size_t i;
    json_t *c;
    assert_true(json_array_size(json_object_get(j, "bls_min_sig")) >= 40);
    json_array_foreach(json_object_get(j, "bls_min_sig"), i, c) {
        uint8_t sk[32], pk[96], sig[48], mine_pk[96], mine_sig[48];
        size_t ml, ol;
        tu_hex(sk, 32, tu_str(c, "sk"), 1);
        tu_hex(pk, 96, tu_str(c, "pk"), 1);
        tu_hex(sig, 48, tu_str(c, "sig"), 1);
        uint8_t *msg = hex(c, "msg", &ml), *other = hex(c, "other_msg", &ol);
        assert_int_equal(seal_dkg_bls_public_key(mine_pk, sk), SEAL_OK);
        tu_assert_bytes(mine_pk, pk, 96, "public key");
        assert_int_equal(seal_dkg_bls_sign(mine_sig, sk, msg, ml), SEAL_OK);
        tu_assert_bytes(mine_sig, sig, 48, "signature");
        assert_int_equal(seal_dkg_bls_verify(sig, pk, msg, ml), SEAL_OK);
        bool other_ok = json_is_true(json_object_get(c, "other_ok"));
        assert_int_equal(seal_dkg_bls_verify(sig, pk, other, ol) == SEAL_OK, other_ok);
        free(msg);
        free(other);
    }
    json_decref(j);
}

static void test_random_oracle(void **state) {
    (void)state;
    json_t *j = tu_load_json("noble/committee.json");
    size_t i;
    json_t *c;
    assert_true(json_array_size(json_object_get(j, "random_oracle")) >= 30);
    json_array_foreach(json_object_get(j, "random_oracle"), i, c) {
        seal_dkg_ro ro;
        const char *prefix = tu_str(c, "prefix");
        size_t dl;
        uint8_t *data = hex(c, "data", &dl), out[64], want[64];
        tu_hex(want, 64, tu_str(c, "out"), 1);
        /* Built as a base prefix would be, then evaluated. */
        assert_true(strlen(prefix) <= SEAL_DKG_RO_PREFIX_MAX);
        memcpy(ro.prefix, prefix, strlen(prefix) + 1);
        ro.len = strlen(prefix);
        assert_int_equal(seal_dkg_ro_eval(out, &ro, data, dl), SEAL_OK);
        tu_assert_bytes(out, want, 64, "random oracle");
        free(data);
    }
    json_decref(j);
}

static void test_blake2b_and_g_hat(void **state) {
    (void)state;
    json_t *j = tu_load_json("noble/committee.json");
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(j, "blake2b_256"), i, c) {
        size_t dl;
        uint8_t *data = hex(c, "data", &dl), out[32], want[32];
        tu_hex(want, 32, tu_str(c, "out"), 1);
        assert_int_equal(crypto_generichash(out, 32, data, dl, NULL, 0), 0);
        tu_assert_bytes(out, want, 32, "blake2b-256");
        free(data);
    }
    json_array_foreach(json_object_get(j, "g_hat"), i, c) {
        uint8_t msg[64], want[48], got[48];
        seal_g1 p;
        tu_hex(msg, 64, tu_str(c, "msg"), 1);
        tu_hex(want, 48, tu_str(c, "point"), 1);
        seal_g1_hash_to_curve(&p, msg, 64, (const uint8_t *)SEAL_DKG_BLS_DST,
                              strlen(SEAL_DKG_BLS_DST));
        seal_g1_compress(got, &p);
        tu_assert_bytes(got, want, 48, "g_hat");
    }
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bls_min_sig),
        cmocka_unit_test(test_random_oracle),
        cmocka_unit_test(test_blake2b_and_g_hat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
