/* The G1 batch functions (seal_g1_*_batch, seal_g1_table) and the key server's batch
 * (seal_elgamal_extract_encrypt_batch) against the single-item functions, on every backend this
 * machine runs (portable, adx, ifma, ifma-emu), for batch sizes around the engine's lane count,
 * with identical items, the identity, and edge scalars. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/bls12_381.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/keys.h"

static const char *const BACKENDS[] = {"portable", "adx", "ifma", "ifma-emu"};
#define NB (sizeof BACKENDS / sizeof BACKENDS[0])
#define MAXN 19

static bool use_backend(const char *name) {
    if (seal_bls_set_backend(name) != SEAL_OK) {
        print_message("backend %s not available here: skipped\n", name);
        return false;
    }
    return true;
}

static int teardown(void **state) {
    (void)state;
    return seal_bls_set_backend("auto") == SEAL_OK ? 0 : -1;
}

static void random_scalar(seal_scalar *s, tu_rng *r) {
    uint8_t b[64];
    tu_rng_bytes(r, b, sizeof b);
    seal_scalar_from_bytes_wide(s, b, sizeof b);
}

static void edge_scalars(seal_scalar *k, size_t n, tu_rng *r) {
    for (size_t i = 0; i < n; i++) {
        random_scalar(&k[i], r);
    }
    if (n > 3) {
        seal_scalar_from_u64(&k[0], 0);
        seal_scalar_from_u64(&k[1], 1);
        seal_scalar_neg(&k[2], &k[1]); /* r - 1 */
        k[3] = k[1];
    }
}

static const size_t SIZES[] = {0, 1, 2, 3, 7, 8, 9, 16, MAXN};

static void test_mul_batches(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 1811);
    seal_g1_table *t = malloc(seal_g1_table_sizeof());
    seal_g1 tbase;
    assert_non_null(t);
    for (size_t b = 0; b < NB; b++) {
        if (!use_backend(BACKENDS[b])) {
            continue;
        }
        for (size_t si = 0; si < sizeof SIZES / sizeof SIZES[0]; si++) {
            size_t n = SIZES[si];
            if (strcmp(BACKENDS[b], "ifma-emu") == 0 && n > 9) {
                continue; /* the emulation is slow; 8 and 9 cover a full and a partial chunk */
            }
            seal_g1 p[MAXN], got[MAXN], want;
            seal_scalar k[MAXN], base_k;
            edge_scalars(k, n, &r);
            for (size_t i = 0; i < n; i++) {
                seal_scalar s;
                random_scalar(&s, &r);
                seal_g1_mul_gen(&p[i], &s);
            }
            if (n > 5) {
                seal_g1_identity(&p[4]);
                p[5] = p[0];
            }
            seal_g1_mul_batch(got, p, k, n);
            for (size_t i = 0; i < n; i++) {
                seal_g1_mul(&want, &p[i], &k[i]);
                assert_true(seal_g1_equal(&got[i], &want));
            }
            random_scalar(&base_k, &r);
            seal_g1 base;
            seal_g1_mul_gen(&base, &base_k);
            seal_g1_mul_same_batch(got, &base, k, n);
            for (size_t i = 0; i < n; i++) {
                seal_g1_mul(&want, &base, &k[i]);
                assert_true(seal_g1_equal(&got[i], &want));
            }
            seal_g1_mul_gen_batch(got, k, n);
            for (size_t i = 0; i < n; i++) {
                seal_g1_mul_gen(&want, &k[i]);
                assert_true(seal_g1_equal(&got[i], &want));
            }
            if (si % 3 == 1) {
                seal_g1_table_init(t, &base); /* kept for the next sizes too */
                tbase = base;
            }
            if (si >= 1) {
                seal_g1_mul_table_batch(got, t, k, n);
                for (size_t i = 0; i < n; i++) {
                    seal_g1_mul(&want, &tbase, &k[i]);
                    assert_true(seal_g1_equal(&got[i], &want));
                }
            }
            /* compression and affine forms, with identities mixed in */
            uint8_t enc[MAXN][48], one[48];
            seal_g1_affine aff[MAXN], a1;
            seal_g1_compress_batch(enc, got, n);
            seal_g1_to_affine_batch(aff, got, n);
            for (size_t i = 0; i < n; i++) {
                seal_g1_compress(one, &got[i]);
                assert_memory_equal(enc[i], one, 48);
                seal_g1_to_affine(&a1, &got[i]);
                assert_int_equal(aff[i].infinity, a1.infinity);
                assert_memory_equal(&aff[i].x, &a1.x, sizeof a1.x);
                assert_memory_equal(&aff[i].y, &a1.y, sizeof a1.y);
            }
        }
    }
    free(t);
}

static void test_hash_batch(void **state) {
    (void)state;
    static const uint8_t dst[] = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
    uint8_t msgs[MAXN][40];
    const uint8_t *mp[MAXN];
    size_t ml[MAXN];
    tu_rng r;
    tu_rng_init(&r, 1812);
    for (size_t i = 0; i < MAXN; i++) {
        tu_rng_bytes(&r, msgs[i], sizeof msgs[i]);
        mp[i] = msgs[i];
        ml[i] = i % 5 == 4 ? 0 : 1 + (i * 7) % 40; /* the empty message too */
    }
    mp[3] = mp[2];
    ml[3] = ml[2];
    for (size_t b = 0; b < NB; b++) {
        if (!use_backend(BACKENDS[b])) {
            continue;
        }
        size_t n = strcmp(BACKENDS[b], "ifma-emu") == 0 ? 9 : MAXN;
        seal_g1 got[MAXN], want;
        seal_g1_hash_to_curve_batch(got, mp, ml, n, dst, sizeof dst - 1);
        for (size_t i = 0; i < n; i++) {
            seal_g1_hash_to_curve(&want, mp[i], ml[i], dst, sizeof dst - 1);
            assert_true(seal_g1_equal(&got[i], &want));
        }
    }
}

/* A deterministic RNG for the comparison: both paths draw the same randomness. */
typedef struct {
    tu_rng r;
} det_rng;

static seal_err det_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(&((det_rng *)ctx)->r, out, len);
    return SEAL_OK;
}

static void test_extract_encrypt_batch(void **state) {
    (void)state;
    uint8_t msk_b[32], pk[96], sk[32], ek_b[48], evk[96];
    const seal_rng *sys = seal_rng_system();
    assert_int_equal(seal_keys_generate(msk_b, pk, sys), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(sk, ek_b, evk, sys), SEAL_OK);
    seal_scalar msk;
    seal_g1 ek;
    assert_int_equal(seal_scalar_from_bytes(&msk, msk_b), SEAL_OK);
    assert_int_equal(seal_g1_decompress(&ek, ek_b), SEAL_OK);
    uint8_t ids[MAXN][64];
    const uint8_t *ip[MAXN];
    size_t il[MAXN];
    tu_rng r;
    tu_rng_init(&r, 1813);
    for (size_t i = 0; i < MAXN; i++) {
        tu_rng_bytes(&r, ids[i], sizeof ids[i]);
        ip[i] = ids[i];
        il[i] = 33 + i;
    }
    seal_g1_table *t = malloc(seal_g1_table_sizeof());
    assert_non_null(t);
    for (size_t b = 0; b < NB; b++) {
        if (!use_backend(BACKENDS[b])) {
            continue;
        }
        size_t n = strcmp(BACKENDS[b], "ifma-emu") == 0 ? 9 : MAXN;
        seal_g1_table_init(t, &ek);
        for (int with_table = 0; with_table < 2; with_table++) {
            uint8_t c0[MAXN][48], c1[MAXN][48];
            det_rng dr;
            tu_rng_init(&dr.r, 77);
            seal_rng rng = {.fill = det_fill, .ctx = &dr};
            assert_int_equal(seal_elgamal_extract_encrypt_batch(
                                 c0, c1, &msk, &ek, with_table ? t : NULL, ip, il, n, &rng),
                             SEAL_OK);
            /* the same randomness one id at a time, and the user key decrypts and verifies */
            tu_rng_init(&dr.r, 77);
            for (size_t i = 0; i < n; i++) {
                seal_g1 usk;
                uint8_t w0[48], w1[48], dec[48];
                assert_int_equal(seal_ibe_extract(&usk, &msk, ip[i], il[i]), SEAL_OK);
                assert_int_equal(seal_elgamal_encrypt_point(w0, w1, &ek, &usk, &rng), SEAL_OK);
                assert_memory_equal(c0[i], w0, 48);
                assert_memory_equal(c1[i], w1, 48);
                assert_int_equal(seal_elgamal_decrypt(dec, sk, c0[i], c1[i]), SEAL_OK);
                assert_int_equal(seal_keys_verify_user_secret_key(dec, pk, ip[i], il[i]), SEAL_OK);
            }
        }
    }
    /* several requests in one batch: per-item master keys and enc_keys */
    {
        uint8_t msk2_b[32], pk2[96], sk2[32], ek2_b[48];
        seal_scalar msk2;
        seal_g1 ek2;
        assert_int_equal(seal_keys_generate(msk2_b, pk2, sys), SEAL_OK);
        assert_int_equal(seal_elgamal_keygen(sk2, ek2_b, evk, sys), SEAL_OK);
        assert_int_equal(seal_scalar_from_bytes(&msk2, msk2_b), SEAL_OK);
        assert_int_equal(seal_g1_decompress(&ek2, ek2_b), SEAL_OK);
        const seal_scalar *mp[MAXN];
        const seal_g1 *ep[MAXN];
        for (size_t i = 0; i < MAXN; i++) {
            mp[i] = i % 3 == 0 ? &msk2 : &msk;
            ep[i] = i % 2 == 0 ? &ek2 : &ek;
        }
        for (size_t b = 0; b < NB; b++) {
            if (!use_backend(BACKENDS[b])) {
                continue;
            }
            size_t n = strcmp(BACKENDS[b], "ifma-emu") == 0 ? 9 : MAXN;
            uint8_t c0[MAXN][48], c1[MAXN][48], dec[48];
            det_rng dr;
            tu_rng_init(&dr.r, 78);
            seal_rng rng = {.fill = det_fill, .ctx = &dr};
            assert_int_equal(seal_elgamal_extract_encrypt_multi(c0, c1, mp, ep, ip, il, n, &rng),
                             SEAL_OK);
            tu_rng_init(&dr.r, 78);
            for (size_t i = 0; i < n; i++) {
                seal_g1 usk;
                uint8_t w0[48], w1[48];
                assert_int_equal(seal_ibe_extract(&usk, mp[i], ip[i], il[i]), SEAL_OK);
                assert_int_equal(seal_elgamal_encrypt_point(w0, w1, ep[i], &usk, &rng), SEAL_OK);
                assert_memory_equal(c0[i], w0, 48);
                assert_memory_equal(c1[i], w1, 48);
                assert_int_equal(seal_elgamal_decrypt(dec, ep[i] == &ek ? sk : sk2, c0[i], c1[i]),
                                 SEAL_OK);
                assert_int_equal(
                    seal_keys_verify_user_secret_key(dec, mp[i] == &msk ? pk : pk2, ip[i], il[i]),
                    SEAL_OK);
            }
        }
    }
    /* an identity enc_key and an oversized id are refused, outputs zeroed */
    uint8_t c0[2][48], c1[2][48], zero[48] = {0};
    seal_g1 id;
    seal_g1_identity(&id);
    assert_int_equal(seal_elgamal_extract_encrypt_batch(c0, c1, &msk, &id, NULL, ip, il, 2, sys),
                     SEAL_ERR_IDENTITY);
    assert_memory_equal(c0[1], zero, 48);
    size_t big[2] = {10, SEAL_IBE_MAX_FULL_ID_BYTES + 1};
    uint8_t *huge = calloc(1, SEAL_IBE_MAX_FULL_ID_BYTES + 1);
    const uint8_t *hp[2] = {ids[0], huge};
    assert_int_equal(seal_elgamal_extract_encrypt_batch(c0, c1, &msk, &ek, NULL, hp, big, 2, sys),
                     SEAL_ERR_LIMIT);
    assert_memory_equal(c1[0], zero, 48);
    free(huge);
    free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_mul_batches, teardown),
        cmocka_unit_test_teardown(test_hash_batch, teardown),
        cmocka_unit_test_teardown(test_extract_encrypt_batch, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
