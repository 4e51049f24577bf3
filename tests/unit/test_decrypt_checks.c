/* Decryption checks against crafted objects (PROTOCOL.md 10, steps 5-6): an encryptor colluding
 * with a key server that hands out a wrong key, and shares on a polynomial of too high degree.
 * Objects are built share by share with tests/unit/common/craft.c. */
#include <stdlib.h>
#include <string.h>

#include "craft.h"
#include "testutil.h"
#include "seal/seal.h"

#define N 3

typedef struct fixture {
    uint8_t msk[N][32], pk[N][96], ids[N][32], usk[N][48];
    uint8_t indices[N];
    uint8_t package[32];
    seal_key_server servers[N];
} fixture;

static const uint8_t ID[] = "the id";

static void fixture_init(fixture *f) {
    uint8_t full_id[64];
    size_t len = 0;
    memset(f, 0, sizeof *f);
    memset(f->package, 0x5e, 32);
    assert_int_equal(
        seal_keys_full_id(full_id, sizeof full_id, &len, f->package, ID, sizeof ID - 1), SEAL_OK);
    for (int i = 0; i < N; i++) {
        assert_int_equal(seal_keys_generate(f->msk[i], f->pk[i], NULL), SEAL_OK);
        memset(f->ids[i], 0x11 * (i + 1), 32);
        f->indices[i] = (uint8_t)(i + 1);
        assert_int_equal(seal_keys_extract(f->usk[i], f->msk[i], full_id, len), SEAL_OK);
        memcpy(f->servers[i].object_id, f->ids[i], 32);
        memcpy(f->servers[i].public_key, f->pk[i], 96);
        f->servers[i].weight = 1;
    }
}

static void craft_init(tu_craft *c, const fixture *f, uint8_t (*shares)[32], const char *msg) {
    tu_rng rng;
    memset(c, 0, sizeof *c);
    memcpy(c->package_id, f->package, 32);
    c->id = ID;
    c->id_len = sizeof ID - 1;
    c->n = N;
    c->threshold = 2;
    c->ids = (const uint8_t(*)[32])f->ids;
    c->pks = (const uint8_t(*)[96])f->pk;
    c->indices = f->indices;
    c->shares = (const uint8_t(*)[32])shares;
    tu_rng_init(&rng, 77);
    tu_rng_bytes(&rng, c->randomness, 32);
    c->randomness[0] &= 0x3f; /* below the group order */
    c->msg = (const uint8_t *)msg;
    c->msg_len = strlen(msg);
}

/* Decrypts obj with the keys of the positions in `which` (key material from keys[i]) and, when
 * pks, the public keys of all servers. */
static seal_err dec(const uint8_t *obj, size_t len, const fixture *f, const uint8_t (*keys)[48],
                    const int *which, size_t n_which, bool pks, char *out, size_t cap) {
    seal_user_key k[N];
    for (size_t i = 0; i < n_which; i++) {
        memcpy(k[i].object_id, f->ids[which[i]], 32);
        memcpy(k[i].key, keys[which[i]], 48);
    }
    seal_decrypt_params p = {k, n_which, pks ? f->servers : NULL, pks ? N : 0, 0};
    size_t got = 0;
    memset(out, 0, cap);
    return seal_decrypt((uint8_t *)out, cap - 1, &got, obj, len, &p);
}

/* The crafting itself: an honest degree-1 object decrypts for every pair and with all keys. */
static void test_crafted_honest_object(void **state) {
    (void)state;
    fixture f;
    tu_craft c;
    uint8_t shares[N][32], coef[2][32], obj[2048];
    char out[64];
    fixture_init(&f);
    tu_rng rng;
    tu_rng_init(&rng, 1);
    tu_rng_bytes(&rng, (uint8_t *)coef, sizeof coef);
    tu_craft_poly_shares(shares, f.indices, N, (const uint8_t(*)[32])coef, 2);
    craft_init(&c, &f, shares, "honest");
    memcpy(c.base_key, coef[0], 32);
    size_t len = tu_craft_object(obj, sizeof obj, &c);
    const uint8_t(*K)[48] = (const uint8_t(*)[48])f.usk;
    static const int pairs[3][2] = {{0, 1}, {1, 2}, {0, 2}};
    for (int p = 0; p < 3; p++) {
        assert_int_equal(dec(obj, len, &f, K, pairs[p], 2, true, out, sizeof out), SEAL_OK);
        assert_string_equal(out, "honest");
    }
    static const int all[3] = {0, 1, 2};
    assert_int_equal(dec(obj, len, &f, K, all, 3, false, out, sizeof out), SEAL_OK);
    assert_string_equal(out, "honest");
    assert_int_equal(dec(obj, len, &f, K, all, 3, true, out, sizeof out), SEAL_OK);
    assert_string_equal(out, "honest");
}

/* Finding: the consistency check skipped the positions the caller had keys for. The encryptor
 * and server 1 collude: server 1 hands the victim a wrong key usk1', and the object is built
 * so that usk1' and the honest key of server 2 open shares on a line of the encryptor's choice
 * (share 3 lies on it too). Every share recomputed from the randomness and the public keys
 * exposes share 1; the victim must refuse, as honest decryptors do. */
static void test_colluding_encryptor_wrong_key(void **state) {
    (void)state;
    fixture f;
    tu_craft c;
    uint8_t shares[N][32], coef[2][32], obj[2048], bad_msk[32], bad_pk[96], full_id[64];
    uint8_t keys[N][48];
    size_t fl = 0;
    char out[64];
    fixture_init(&f);
    /* the wrong key: server 1's "key" for another master key */
    assert_int_equal(seal_keys_generate(bad_msk, bad_pk, NULL), SEAL_OK);
    assert_int_equal(seal_keys_full_id(full_id, sizeof full_id, &fl, f.package, ID, sizeof ID - 1),
                     SEAL_OK);
    memcpy(keys, f.usk, sizeof keys);
    assert_int_equal(seal_keys_extract(keys[0], bad_msk, full_id, fl), SEAL_OK);
    tu_rng rng;
    tu_rng_init(&rng, 2);
    tu_rng_bytes(&rng, (uint8_t *)coef, sizeof coef);
    tu_craft_poly_shares(shares, f.indices, N, (const uint8_t(*)[32])coef, 2);
    craft_init(&c, &f, shares, "chosen by the encryptor");
    memcpy(c.base_key, coef[0], 32);
    const uint8_t *pads[N] = {keys[0], NULL, NULL};
    c.pad_keys = pads;
    size_t len = tu_craft_object(obj, sizeof obj, &c);

    static const int victim[2] = {0, 1};
    const uint8_t(*K)[48] = (const uint8_t(*)[48])keys;
    /* without the public keys the library cannot tell (the documented limit of that mode) */
    assert_int_equal(dec(obj, len, &f, K, victim, 2, false, out, sizeof out), SEAL_OK);
    assert_string_equal(out, "chosen by the encryptor");
    /* with them it must refuse, and release nothing */
    assert_int_equal(dec(obj, len, &f, K, victim, 2, true, out, sizeof out), SEAL_ERR_DECRYPTION);
    assert_string_equal(out, "");
    /* honest decryptors: refused with the check, whichever pair they hold */
    const uint8_t(*H)[48] = (const uint8_t(*)[48])f.usk;
    static const int pairs[3][2] = {{0, 1}, {1, 2}, {0, 2}};
    for (int p = 0; p < 3; p++) {
        assert_int_equal(dec(obj, len, &f, H, pairs[p], 2, true, out, sizeof out),
                         SEAL_ERR_DECRYPTION);
    }
}

/* Finding: no degree check. Shares on a polynomial of degree 2 for threshold 2: all three keys
 * used to interpolate to its constant term (and, every position having a key, the consistency
 * check had nothing left to recompute), while any pair interpolates a line and fails. Every
 * holder must refuse, as Move's decryption does (degree >= threshold). */
static void test_degree_above_threshold(void **state) {
    (void)state;
    fixture f;
    tu_craft c;
    uint8_t shares[N][32], coef[3][32], obj[2048];
    char out[64];
    fixture_init(&f);
    tu_rng rng;
    tu_rng_init(&rng, 3);
    tu_rng_bytes(&rng, (uint8_t *)coef, sizeof coef);
    coef[2][0] |= 1; /* degree exactly 2 in byte 0 */
    tu_craft_poly_shares(shares, f.indices, N, (const uint8_t(*)[32])coef, 3);
    craft_init(&c, &f, shares, "all keys only");
    memcpy(c.base_key, coef[0], 32);
    size_t len = tu_craft_object(obj, sizeof obj, &c);
    const uint8_t(*K)[48] = (const uint8_t(*)[48])f.usk;
    static const int all[3] = {0, 1, 2};
    assert_int_equal(dec(obj, len, &f, K, all, 3, false, out, sizeof out), SEAL_ERR_DECRYPTION);
    assert_string_equal(out, "");
    assert_int_equal(dec(obj, len, &f, K, all, 3, true, out, sizeof out), SEAL_ERR_DECRYPTION);
    static const int pairs[3][2] = {{0, 1}, {1, 2}, {0, 2}};
    for (int p = 0; p < 3; p++) {
        assert_int_equal(dec(obj, len, &f, K, pairs[p], 2, false, out, sizeof out),
                         SEAL_ERR_DECRYPTION);
        assert_int_equal(dec(obj, len, &f, K, pairs[p], 2, true, out, sizeof out),
                         SEAL_ERR_DECRYPTION);
    }
    /* a single byte of higher degree is enough */
    memset(coef[2], 0, 32);
    coef[2][31] = 0x80;
    tu_craft_poly_shares(shares, f.indices, N, (const uint8_t(*)[32])coef, 3);
    len = tu_craft_object(obj, sizeof obj, &c);
    assert_int_equal(dec(obj, len, &f, K, all, 3, false, out, sizeof out), SEAL_ERR_DECRYPTION);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crafted_honest_object),
        cmocka_unit_test(test_colluding_encryptor_wrong_key),
        cmocka_unit_test(test_degree_above_threshold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
