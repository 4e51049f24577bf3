/* GF(256) Shamir: field vectors, SDK split/combine vectors, upstream TSS vector, properties. */
#include <string.h>

#include "testutil.h"
#include "seal/shamir.h"

/* Reference multiplication: schoolbook carry-less product then reduction (independent of the
 * library's shift-and-add loop). */
static uint8_t ref_mul(uint8_t a, uint8_t b) {
    uint16_t p = 0;
    for (int i = 0; i < 8; i++) {
        if (b & (1 << i)) {
            p ^= (uint16_t)(a << i);
        }
    }
    for (int i = 15; i >= 8; i--) {
        if (p & (1 << i)) {
            p ^= (uint16_t)(0x11b << (i - 8));
        }
    }
    return (uint8_t)p;
}

static void test_field(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/primitives.json");
    json_t *vs = json_object_get(j, "vectors");
    size_t i;
    json_t *v;
    int found = 0;
    json_array_foreach(vs, i, v) {
        if (strcmp(tu_str(v, "name"), "gf256_field_ops") == 0) {
            uint8_t a, b, prod, quot;
            tu_hex(&a, 1, tu_str(v, "a"), 1);
            tu_hex(&b, 1, tu_str(v, "b"), 1);
            tu_hex(&prod, 1, tu_str(v, "a_times_b"), 1);
            tu_hex(&quot, 1, tu_str(v, "a_div_b"), 1);
            assert_int_equal(seal_gf256_mul(a, b), prod);
            assert_int_equal(seal_gf256_mul(a, seal_gf256_inv(b)), quot);
            found |= 1;
        } else if (strcmp(tu_str(v, "name"), "combine_byte") == 0) {
            json_t *pairs = json_object_get(v, "shares_index_value");
            size_t n = json_array_size(pairs);
            uint8_t idx[8];
            uint8_t shares[8][32];
            memset(shares, 0, sizeof shares);
            for (size_t k = 0; k < n; k++) {
                idx[k] = (uint8_t)json_integer_value(json_array_get(json_array_get(pairs, k), 0));
                shares[k][0] =
                    (uint8_t)json_integer_value(json_array_get(json_array_get(pairs, k), 1));
            }
            uint8_t secret[32];
            assert_int_equal(seal_shamir_combine(secret, idx, (const uint8_t(*)[32])shares, n),
                             SEAL_OK);
            assert_int_equal(secret[0], json_integer_value(json_object_get(v, "secret")));
            found |= 2;
        }
    }
    assert_int_equal(found, 3);
    json_decref(j);
    /* Exhaustive: multiplication matches the reference, inverses are inverses. */
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b++) {
            assert_int_equal(seal_gf256_mul((uint8_t)a, (uint8_t)b),
                             ref_mul((uint8_t)a, (uint8_t)b));
        }
        if (a != 0) {
            assert_int_equal(seal_gf256_mul((uint8_t)a, seal_gf256_inv((uint8_t)a)), 1);
        }
    }
    assert_int_equal(seal_gf256_inv(0), 0);
}

/* Replays recorded bytes as an RNG stream. */
typedef struct replay {
    const uint8_t *p;
    size_t len, pos;
} replay;

static seal_err replay_fill(void *ctx, uint8_t *out, size_t len) {
    replay *r = ctx;
    if (len > r->len - r->pos) {
        return SEAL_ERR_RNG;
    }
    memcpy(out, r->p + r->pos, len);
    r->pos += len;
    return SEAL_OK;
}

static void test_sdk_vectors(void **state) {
    (void)state;
    json_t *j = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(j, "shamir"), "cases");
    size_t ci;
    json_t *c;
    assert_true(json_array_size(cases) >= 4);
    json_array_foreach(cases, ci, c) {
        size_t t = (size_t)json_integer_value(json_object_get(c, "threshold"));
        size_t n = (size_t)json_integer_value(json_object_get(c, "n"));
        uint8_t secret[32];
        tu_hex(secret, 32, tu_str(c, "secret_hex"), 1);
        uint8_t coef[32 * 254];
        json_t *cj = json_object_get(c, "coefficients_hex");
        for (size_t k = 0; k < 32; k++) {
            tu_hex(coef + k * (t - 1), t - 1, json_string_value(json_array_get(cj, k)), 1);
        }
        uint8_t idx[255];
        for (size_t i = 0; i < n; i++) {
            idx[i] = (uint8_t)(i + 1);
        }
        uint8_t shares[255][32];
        /* Through the RNG, as encryption draws them. */
        replay rp = {coef, 32 * (t - 1), 0};
        seal_rng rng = {replay_fill, &rp};
        assert_int_equal(seal_shamir_split(shares, secret, idx, n, t, &rng), SEAL_OK);
        assert_int_equal(rp.pos, rp.len);
        json_t *sj = json_object_get(c, "shares");
        assert_int_equal(json_array_size(sj), n);
        for (size_t i = 0; i < n; i++) {
            json_t *s = json_array_get(sj, i);
            uint8_t want[32];
            assert_int_equal(json_integer_value(json_object_get(s, "index")), idx[i]);
            tu_hex(want, 32, tu_str(s, "share_hex"), 1);
            tu_assert_bytes(shares[i], want, 32, "share");
        }
        uint8_t back[32];
        assert_int_equal(
            seal_shamir_combine(back, idx + (n - t), (const uint8_t(*)[32])(shares + (n - t)), t),
            SEAL_OK);
        uint8_t want[32];
        tu_hex(want, 32, tu_str(c, "combine_last_t_hex"), 1);
        tu_assert_bytes(back, want, 32, "combine_last_t");
        tu_assert_bytes(back, secret, 32, "secret");
    }
    json_decref(j);
}

static void test_upstream_tss(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/tss.json");
    json_t *v = json_array_get(json_object_get(j, "vectors"), 0);
    uint8_t secret[32] = {0};
    size_t slen = tu_hex(secret, 32, tu_str(v, "secret_hex"), 0);
    json_t *sj = json_object_get(v, "shares");
    uint8_t idx[3];
    uint8_t shares[3][32];
    memset(shares, 0, sizeof shares);
    for (size_t i = 0; i < 3; i++) {
        json_t *s = json_array_get(sj, i);
        idx[i] = (uint8_t)json_integer_value(json_object_get(s, "index"));
        assert_int_equal(tu_hex(shares[i], 32, tu_str(s, "value_hex"), 0), slen);
    }
    uint8_t out[32];
    /* Any two, and all three. */
    for (size_t a = 0; a < 3; a++) {
        for (size_t b = 0; b < 3; b++) {
            if (a == b) {
                continue;
            }
            uint8_t ii[2] = {idx[a], idx[b]};
            uint8_t ss[2][32];
            memcpy(ss[0], shares[a], 32);
            memcpy(ss[1], shares[b], 32);
            assert_int_equal(seal_shamir_combine(out, ii, (const uint8_t(*)[32])ss, 2), SEAL_OK);
            tu_assert_bytes(out, secret, slen, "2-of-3 combine");
        }
    }
    assert_int_equal(seal_shamir_combine(out, idx, (const uint8_t(*)[32])shares, 3), SEAL_OK);
    tu_assert_bytes(out, secret, slen, "3-of-3 combine");
    /* A single share gives something else. */
    assert_int_equal(seal_shamir_combine(out, idx, (const uint8_t(*)[32])shares, 1), SEAL_OK);
    assert_memory_not_equal(out, secret, slen);
    json_decref(j);
}

static void test_errors(void **state) {
    (void)state;
    uint8_t secret[32] = {1};
    uint8_t shares[3][32];
    uint8_t dup[3] = {1, 2, 1};
    uint8_t zero[3] = {0, 1, 2};
    uint8_t ok[3] = {1, 2, 3};
    uint8_t coef[64] = {0};
    assert_int_equal(seal_shamir_split_with_coefficients(shares, secret, dup, 3, 2, coef),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_shamir_split_with_coefficients(shares, secret, zero, 3, 2, coef),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_shamir_split_with_coefficients(shares, secret, ok, 3, 0, coef),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_shamir_split_with_coefficients(shares, secret, ok, 3, 4, coef),
                     SEAL_ERR_INVALID_ARGUMENT);
    uint8_t out[32];
    memset(shares, 7, sizeof shares);
    assert_int_equal(seal_shamir_combine(out, dup, (const uint8_t(*)[32])shares, 3),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_shamir_combine(out, zero, (const uint8_t(*)[32])shares, 3),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_shamir_combine(out, ok, (const uint8_t(*)[32])shares, 0),
                     SEAL_ERR_INVALID_ARGUMENT);
}

static seal_err tu_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

/* Random thresholds, random distinct indices, random subsets of size >= t recover the secret;
 * the interpolated polynomial reproduces every share. */
static void test_property_random(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 0x5eed);
    seal_rng rng = {tu_fill, &r};
    static uint8_t shares[255][32];
    for (int iter = 0; iter < 200; iter++) {
        uint8_t b[4];
        tu_rng_bytes(&r, b, sizeof b);
        size_t n = 1 + (size_t)b[0] % (iter < 190 ? 20u : 255u);
        size_t t = 1 + b[1] % n;
        /* Random distinct non-zero indices: a shuffled prefix of 1..255. */
        uint8_t perm[255];
        for (int i = 0; i < 255; i++) {
            perm[i] = (uint8_t)(i + 1);
        }
        for (int i = 254; i > 0; i--) {
            uint8_t k;
            tu_rng_bytes(&r, &k, 1);
            int jdx = k % (i + 1);
            uint8_t tmp = perm[i];
            perm[i] = perm[jdx];
            perm[jdx] = tmp;
        }
        uint8_t secret[32];
        tu_rng_bytes(&r, secret, 32);
        assert_int_equal(seal_shamir_split(shares, secret, perm, n, t, &rng), SEAL_OK);
        /* Subset: the last m shares, t <= m <= n. */
        size_t m = t + b[2] % (n - t + 1);
        uint8_t out[32];
        assert_int_equal(
            seal_shamir_combine(out, perm + (n - m), (const uint8_t(*)[32])(shares + (n - m)), m),
            SEAL_OK);
        tu_assert_bytes(out, secret, 32, "combine");
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(seal_shamir_interpolate(out, perm + (n - m),
                                                     (const uint8_t(*)[32])(shares + (n - m)), m,
                                                     perm[i]),
                             SEAL_OK);
            tu_assert_bytes(out, shares[i], 32, "interpolate");
        }
        if (t >= 2) {
            /* t - 1 shares do not determine the secret (with overwhelming probability the
             * interpolation differs in some byte). */
            assert_int_equal(seal_shamir_combine(out, perm, (const uint8_t(*)[32])shares, t - 1),
                             SEAL_OK);
            assert_memory_not_equal(out, secret, 32);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field),           cmocka_unit_test(test_sdk_vectors),
        cmocka_unit_test(test_upstream_tss),    cmocka_unit_test(test_errors),
        cmocka_unit_test(test_property_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
