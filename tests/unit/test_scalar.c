#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "bls/curve.h"
#include "seal/bls12_381.h"

static const char *R_HEX = "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

static void scalar_hex(seal_scalar *s, const char *hex) {
    uint8_t b[32];
    tu_hex(b, 32, hex, 1);
    assert_int_equal(seal_scalar_from_bytes(s, b), SEAL_OK);
}

static void test_from_bytes_range(void **state) {
    (void)state;
    uint8_t b[32], back[32];
    seal_scalar s;
    /* r, r + 1 and 2^256 - 1 are rejected */
    tu_hex(b, 32, R_HEX, 1);
    s.l[0] = 7;
    assert_int_equal(seal_scalar_from_bytes(&s, b), SEAL_ERR_NOT_CANONICAL);
    assert_true(seal_scalar_is_zero(&s));
    b[31] = 2;
    assert_int_equal(seal_scalar_from_bytes(&s, b), SEAL_ERR_NOT_CANONICAL);
    memset(b, 0xff, 32);
    assert_int_equal(seal_scalar_from_bytes(&s, b), SEAL_ERR_NOT_CANONICAL);
    /* r - 1 is accepted and round-trips */
    tu_hex(b, 32, R_HEX, 1);
    b[31] = 0;
    assert_int_equal(seal_scalar_from_bytes(&s, b), SEAL_OK);
    seal_scalar_to_bytes(back, &s);
    assert_memory_equal(b, back, 32);
    /* r - 1 + 1 = 0 */
    seal_scalar one, sum;
    seal_scalar_from_u64(&one, 1);
    seal_scalar_add(&sum, &s, &one);
    assert_true(seal_scalar_is_zero(&sum));
    /* (r - 1)^2 = 1 */
    seal_scalar sq;
    seal_scalar_mul(&sq, &s, &s);
    assert_true(seal_scalar_equal(&sq, &one));
}

static void test_mul_vectors(void **state) {
    (void)state;
    /* a * b mod r from the pairing vectors (computed independently) */
    json_t *j = tu_load_json("bls12_381/pairing_vectors.json");
    json_t *arr = json_object_get(j, "pairings");
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(arr, i, v) {
        seal_scalar a, b, want, got;
        scalar_hex(&a, tu_str(v, "a"));
        scalar_hex(&b, tu_str(v, "b"));
        scalar_hex(&want, tu_str(v, "ab_mod_r"));
        seal_scalar_mul(&got, &a, &b);
        assert_true(seal_scalar_equal(&got, &want));
        seal_scalar_mul(&got, &b, &a);
        assert_true(seal_scalar_equal(&got, &want));
        n++;
    }
    assert_int_equal(n, 13);
    json_decref(j);
}

static void random_scalar(seal_scalar *s, tu_rng *r) {
    uint8_t b[64];
    tu_rng_bytes(r, b, sizeof b);
    seal_scalar_from_bytes_wide(s, b, sizeof b);
}

static void test_field_laws(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1);
    seal_scalar zero, one;
    seal_scalar_from_u64(&zero, 0);
    seal_scalar_from_u64(&one, 1);
    for (int it = 0; it < 50; it++) {
        seal_scalar a, b, c, t, u;
        random_scalar(&a, &r);
        random_scalar(&b, &r);
        random_scalar(&c, &r);
        /* (a + b) - b = a */
        seal_scalar_add(&t, &a, &b);
        seal_scalar_sub(&t, &t, &b);
        assert_true(seal_scalar_equal(&t, &a));
        /* a + (-a) = 0 */
        seal_scalar_neg(&t, &a);
        seal_scalar_add(&t, &t, &a);
        assert_true(seal_scalar_is_zero(&t));
        /* a (b + c) = a b + a c */
        seal_scalar_add(&t, &b, &c);
        seal_scalar_mul(&t, &a, &t);
        seal_scalar_mul(&u, &a, &b);
        seal_scalar_mul(&c, &a, &c);
        seal_scalar_add(&u, &u, &c);
        assert_true(seal_scalar_equal(&t, &u));
        /* a * a^-1 = 1 */
        seal_scalar_inv(&t, &a);
        seal_scalar_mul(&t, &t, &a);
        assert_true(seal_scalar_equal(&t, &one));
        /* aliasing */
        t = a;
        seal_scalar_mul(&t, &t, &t);
        seal_scalar_mul(&u, &a, &a);
        assert_true(seal_scalar_equal(&t, &u));
    }
    seal_scalar t;
    seal_scalar_inv(&t, &zero);
    assert_true(seal_scalar_is_zero(&t));
    seal_scalar_neg(&t, &zero);
    assert_true(seal_scalar_is_zero(&t));
    assert_false(seal_scalar_equal(&zero, &one));
    assert_false(seal_scalar_is_zero(&one));
    /* 2^-1 * 2 = 1 and 2^-1 = (r + 1) / 2 */
    seal_scalar two, half, want;
    seal_scalar_from_u64(&two, 2);
    seal_scalar_inv(&half, &two);
    scalar_hex(&want, "39f6d3a994cebea4199cec0404d0ec02a9ded2017fff2dff7fffffff80000001");
    assert_true(seal_scalar_equal(&half, &want));
}

static void test_from_bytes_wide(void **state) {
    (void)state;
    uint8_t b[80];
    seal_scalar s, want;
    /* r itself reduces to 0, r + 5 to 5 (as 32 and as 48 bytes) */
    tu_hex(b, 32, R_HEX, 1);
    seal_scalar_from_bytes_wide(&s, b, 32);
    assert_true(seal_scalar_is_zero(&s));
    memset(b, 0, 16);
    tu_hex(b + 16, 32, R_HEX, 1);
    b[47] = 6;
    seal_scalar_from_bytes_wide(&s, b, 48);
    seal_scalar_from_u64(&want, 5);
    assert_true(seal_scalar_equal(&s, &want));
    /* empty input is 0; a short input is its value */
    seal_scalar_from_bytes_wide(&s, b, 0);
    assert_true(seal_scalar_is_zero(&s));
    uint8_t small[3] = {1, 2, 3};
    seal_scalar_from_bytes_wide(&s, small, 3);
    seal_scalar_from_u64(&want, 0x010203);
    assert_true(seal_scalar_equal(&s, &want));
    /* hi || lo (64 bytes) = hi * (2^256 mod r) + lo, with 2^256 mod r from constants.json */
    tu_rng r;
    tu_rng_init(&r, 2);
    seal_scalar r256;
    scalar_hex(&r256, "1824b159acc5056f998c4fefecbc4ff55884b7fa0003480200000001fffffffe");
    for (int it = 0; it < 20; it++) {
        tu_rng_bytes(&r, b, 64);
        b[0] &= 0x3f; /* each half < r */
        b[32] &= 0x3f;
        seal_scalar hi, lo;
        assert_int_equal(seal_scalar_from_bytes(&hi, b), SEAL_OK);
        assert_int_equal(seal_scalar_from_bytes(&lo, b + 32), SEAL_OK);
        seal_scalar_mul(&want, &hi, &r256);
        seal_scalar_add(&want, &want, &lo);
        seal_scalar_from_bytes_wide(&s, b, 64);
        assert_true(seal_scalar_equal(&s, &want));
    }
    /* 2^256 - 1 (32 bytes of 0xff) = 2^256 mod r - 1 */
    memset(b, 0xff, 32);
    seal_scalar_from_bytes_wide(&s, b, 32);
    seal_scalar one;
    seal_scalar_from_u64(&one, 1);
    seal_scalar_sub(&want, &r256, &one);
    assert_true(seal_scalar_equal(&s, &want));
}

typedef struct {
    int calls;
    int fail_after;
    tu_rng r;
} test_rng_ctx;

static seal_err test_fill(void *ctx, uint8_t *out, size_t len) {
    test_rng_ctx *c = ctx;
    if (c->calls++ >= c->fail_after) {
        return SEAL_ERR_RNG;
    }
    tu_rng_bytes(&c->r, out, len);
    return SEAL_OK;
}

static seal_err zero_fill(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    memset(out, 0, len);
    return SEAL_OK;
}

static void test_random(void **state) {
    (void)state;
    test_rng_ctx c = {0, 1000, {{0}, 0}};
    tu_rng_init(&c.r, 3);
    seal_rng rng = {test_fill, &c};
    seal_scalar a, b;
    assert_int_equal(seal_scalar_random(&a, &rng), SEAL_OK);
    assert_int_equal(seal_scalar_random(&b, &rng), SEAL_OK);
    assert_false(seal_scalar_is_zero(&a));
    assert_false(seal_scalar_equal(&a, &b));
    uint8_t bytes[32];
    seal_scalar_to_bytes(bytes, &a);
    assert_true(bytes[0] < 0x74);
    /* deterministic for a given RNG stream */
    test_rng_ctx c2 = {0, 1000, {{0}, 0}};
    tu_rng_init(&c2.r, 3);
    seal_rng rng2 = {test_fill, &c2};
    assert_int_equal(seal_scalar_random(&b, &rng2), SEAL_OK);
    assert_true(seal_scalar_equal(&a, &b));
    /* RNG failure propagates; an RNG that only returns zero is rejected */
    c.fail_after = 0;
    c.calls = 0;
    assert_int_equal(seal_scalar_random(&a, &rng), SEAL_ERR_RNG);
    assert_true(seal_scalar_is_zero(&a));
    seal_rng zr = {zero_fill, NULL};
    assert_int_equal(seal_scalar_random(&a, &zr), SEAL_ERR_RNG);
    /* the system RNG */
    assert_int_equal(seal_scalar_random(&a, NULL), SEAL_OK);
    assert_false(seal_scalar_is_zero(&a));
}

static void test_divrem(void **state) {
    (void)state;
    /* n = q d + rem with rem < d, for the GLV and GLS divisors */
    tu_rng r;
    tu_rng_init(&r, 4);
    for (int it = 0; it < 20; it++) {
        uint64_t n[4], q[4], rem[2] = {0, 0};
        tu_rng_bytes(&r, (uint8_t *)n, sizeof n);
        seal__u256_divrem_ct(q, rem, n, &seal__bls_x_abs, 1);
        __extension__ unsigned __int128 acc = 0;
        /* recompute q * d + rem limb by limb */
        uint64_t back[4];
        acc = rem[0];
        for (int i = 0; i < 4; i++) {
            acc += (unsigned __int128)q[i] * seal__bls_x_abs;
            back[i] = (uint64_t)acc;
            acc >>= 64;
        }
        assert_true(acc == 0);
        assert_memory_equal(back, n, sizeof n);
        assert_true(rem[0] < seal__bls_x_abs);
        seal__u256_divrem_ct(q, rem, n, seal__g1_glv_lambda, 2);
        /* q * lambda + rem */
        uint64_t prod[6] = {0};
        for (int i = 0; i < 4; i++) {
            unsigned __int128 c = 0;
            for (int j = 0; j < 2; j++) {
                c += (unsigned __int128)q[i] * seal__g1_glv_lambda[j] + prod[i + j];
                prod[i + j] = (uint64_t)c;
                c >>= 64;
            }
            prod[i + 2] += (uint64_t)c;
        }
        unsigned __int128 c = (unsigned __int128)prod[0] + rem[0];
        prod[0] = (uint64_t)c;
        c = (unsigned __int128)prod[1] + rem[1] + (c >> 64);
        prod[1] = (uint64_t)c;
        for (int i = 2; i < 6; i++) {
            c = (unsigned __int128)prod[i] + (c >> 64);
            prod[i] = (uint64_t)c;
        }
        assert_memory_equal(prod, n, sizeof n);
        assert_true(prod[4] == 0 && prod[5] == 0);
        assert_true(rem[1] < seal__g1_glv_lambda[1] ||
                    (rem[1] == seal__g1_glv_lambda[1] && rem[0] < seal__g1_glv_lambda[0]));
    }
}

/* The Barrett GLV split against the bit-serial division: random n below 2^255, values next to
 * multiples of lambda (where the estimate is furthest off), r - 1, and the constant mu. */
static void split_matches_divrem(const uint64_t n[4]) {
    uint64_t q[4], rem[2], k1[2], k2[2];
    seal__u256_divrem_ct(q, rem, n, seal__g1_glv_lambda, 2);
    seal__g1_glv_split(k1, k2, n);
    assert_true(q[2] == 0 && q[3] == 0);
    assert_memory_equal(k1, rem, sizeof rem);
    assert_memory_equal(k2, q, 2 * sizeof(uint64_t));
}

__extension__ typedef unsigned __int128 u128_t;

static void test_glv_split(void **state) {
    (void)state;
    uint64_t ones[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL}, q[4], rem[2];
    seal__u256_divrem_ct(q, rem, ones, seal__g1_glv_lambda, 2);
    assert_memory_equal(q, seal__g1_glv_mu, 3 * sizeof(uint64_t)); /* floor(2^256 / lambda) */
    assert_true(q[3] == 0);
    tu_rng r;
    tu_rng_init(&r, 41);
    uint64_t n[4] = {0, 0, 0, 0};
    split_matches_divrem(n);
    memcpy(n, seal__fr_r, sizeof n);
    n[0] -= 1;
    split_matches_divrem(n); /* r - 1: k2 = lambda + 1, k1 = 0 */
    uint64_t top[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL >> 1};
    split_matches_divrem(top);
    for (int it = 0; it < 2000; it++) {
        tu_rng_bytes(&r, (uint8_t *)n, sizeof n);
        n[3] >>= 1;
        split_matches_divrem(n);
        /* m lambda + d for a random m < 2^127 and d in {-2 .. 2} */
        uint64_t m[2], v[4] = {0, 0, 0, 0};
        tu_rng_bytes(&r, (uint8_t *)m, sizeof m);
        m[1] >>= 1;
        for (int i = 0; i < 2; i++) {
            u128_t c = 0;
            for (int j = 0; j < 2; j++) {
                c += (u128_t)m[i] * seal__g1_glv_lambda[j] + v[i + j];
                v[i + j] = (uint64_t)c;
                c >>= 64;
            }
            v[i + 2] += (uint64_t)c;
        }
        int64_t d = (int64_t)(it % 5) - 2;
        uint64_t add = (uint64_t)d, carry = 0, ext = d < 0 ? ~0ULL : 0;
        for (int i = 0; i < 4; i++) {
            u128_t c = (u128_t)v[i] + (i == 0 ? add : ext) + carry;
            v[i] = (uint64_t)c;
            carry = (uint64_t)(c >> 64);
        }
        split_matches_divrem(v);
    }
}

/* Differential data from @noble/curves (tests/vectors/noble/scalar.json). */
static void test_noble(void **state) {
    (void)state;
    json_t *j = tu_load_json("noble/scalar.json");
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(json_object_get(j, "from_bytes"), i, v) {
        uint8_t b[32], back[32];
        seal_scalar s;
        tu_hex(b, 32, tu_str(v, "in"), 1);
        seal_err err = seal_scalar_from_bytes(&s, b);
        if (json_is_true(json_object_get(v, "ok"))) {
            assert_int_equal(err, SEAL_OK);
            seal_scalar_to_bytes(back, &s);
            assert_memory_equal(back, b, 32);
        } else {
            assert_int_equal(err, SEAL_ERR_NOT_CANONICAL);
        }
        n++;
    }
    json_array_foreach(json_object_get(j, "from_bytes_wide"), i, v) {
        size_t len;
        uint8_t *in = tu_hex_alloc(tu_str(v, "in"), &len);
        uint8_t got[32], want[32];
        seal_scalar s;
        seal_scalar_from_bytes_wide(&s, in, len);
        seal_scalar_to_bytes(got, &s);
        tu_hex(want, 32, tu_str(v, "out"), 1);
        tu_assert_bytes(got, want, 32, "from_bytes_wide");
        free(in);
        n++;
    }
    json_array_foreach(json_object_get(j, "arithmetic"), i, v) {
        seal_scalar a, b, want, got;
        scalar_hex(&a, tu_str(v, "a"));
        scalar_hex(&b, tu_str(v, "b"));
        seal_scalar_add(&got, &a, &b);
        scalar_hex(&want, tu_str(v, "add"));
        assert_true(seal_scalar_equal(&got, &want));
        seal_scalar_sub(&got, &a, &b);
        scalar_hex(&want, tu_str(v, "sub"));
        assert_true(seal_scalar_equal(&got, &want));
        seal_scalar_mul(&got, &a, &b);
        scalar_hex(&want, tu_str(v, "mul"));
        assert_true(seal_scalar_equal(&got, &want));
        seal_scalar_neg(&got, &a);
        scalar_hex(&want, tu_str(v, "neg"));
        assert_true(seal_scalar_equal(&got, &want));
        seal_scalar_inv(&got, &a);
        scalar_hex(&want, tu_str(v, "inv"));
        assert_true(seal_scalar_equal(&got, &want));
        n++;
    }
    assert_int_equal(n, 80 + 52 + 60);
    json_decref(j);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_bytes_range), cmocka_unit_test(test_mul_vectors),
        cmocka_unit_test(test_field_laws),       cmocka_unit_test(test_from_bytes_wide),
        cmocka_unit_test(test_random),           cmocka_unit_test(test_divrem),
        cmocka_unit_test(test_glv_split),        cmocka_unit_test(test_noble),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
