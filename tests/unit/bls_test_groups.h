/* Shared by the BLS12-381 evidence tests (test_bls_noble.c, test_bls_properties.c): one table of
 * operations per group so that G1 and G2 run the same test code, and "soft" checks that report
 * every mismatch (case, input, expected, got) before the test fails, so that one run lists all
 * failures. Only the public API (seal/bls12_381.h) is used. */
#ifndef SEAL_BLS_TEST_GROUPS_H
#define SEAL_BLS_TEST_GROUPS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/bls12_381.h"

/* Storage for a point of either group. */
typedef union bt_point {
    seal_g1 g1;
    seal_g2 g2;
} bt_point;

typedef struct bt_group {
    const char *name;
    size_t clen; /* compressed bytes */
    size_t ulen; /* uncompressed bytes */
    void (*identity)(void *out);
    void (*generator)(void *out);
    bool (*is_identity)(const void *p);
    bool (*equal)(const void *a, const void *b);
    void (*add)(void *out, const void *a, const void *b);
    void (*sub)(void *out, const void *a, const void *b);
    void (*dbl)(void *out, const void *a);
    void (*neg)(void *out, const void *a);
    void (*mul)(void *out, const void *p, const seal_scalar *k);
    void (*mul_vartime)(void *out, const void *p, const seal_scalar *k);
    void (*mul_gen)(void *out, const seal_scalar *k);
    bool (*is_on_curve)(const void *p);
    bool (*in_subgroup)(const void *p);
    void (*compress)(uint8_t *out, const void *p);
    void (*serialize)(uint8_t *out, const void *p);
    seal_err (*decompress)(void *out, const uint8_t *in);
    seal_err (*deserialize)(void *out, const uint8_t *in);
    void (*hash)(void *out, const uint8_t *msg, size_t msg_len, const uint8_t *dst, size_t dst_len);
    /* sum k[i] p[i]; p points at n bt_point values. NULL when the group has no MSM. */
    void (*msm)(void *out, const bt_point *p, const seal_scalar *k, size_t n);
} bt_group;

/* ---- G1 wrappers ---- */
static inline void bt_g1_identity(void *o) {
    seal_g1_identity(o);
}
static inline void bt_g1_generator(void *o) {
    seal_g1_generator(o);
}
static inline bool bt_g1_is_identity(const void *p) {
    return seal_g1_is_identity(p);
}
static inline bool bt_g1_equal(const void *a, const void *b) {
    return seal_g1_equal(a, b);
}
static inline void bt_g1_add(void *o, const void *a, const void *b) {
    seal_g1_add(o, a, b);
}
static inline void bt_g1_sub(void *o, const void *a, const void *b) {
    seal_g1_sub(o, a, b);
}
static inline void bt_g1_dbl(void *o, const void *a) {
    seal_g1_double(o, a);
}
static inline void bt_g1_neg(void *o, const void *a) {
    seal_g1_neg(o, a);
}
static inline void bt_g1_mul(void *o, const void *p, const seal_scalar *k) {
    seal_g1_mul(o, p, k);
}
static inline void bt_g1_mul_vartime(void *o, const void *p, const seal_scalar *k) {
    seal_g1_mul_vartime(o, p, k);
}
static inline void bt_g1_mul_gen(void *o, const seal_scalar *k) {
    seal_g1_mul_gen(o, k);
}
static inline bool bt_g1_is_on_curve(const void *p) {
    return seal_g1_is_on_curve(p);
}
static inline bool bt_g1_in_subgroup(const void *p) {
    return seal_g1_in_subgroup(p);
}
static inline void bt_g1_compress(uint8_t *o, const void *p) {
    seal_g1_compress(o, p);
}
static inline void bt_g1_serialize(uint8_t *o, const void *p) {
    seal_g1_serialize(o, p);
}
static inline seal_err bt_g1_decompress(void *o, const uint8_t *in) {
    return seal_g1_decompress(o, in);
}
static inline seal_err bt_g1_deserialize(void *o, const uint8_t *in) {
    return seal_g1_deserialize(o, in);
}
static inline void bt_g1_hash(void *o, const uint8_t *m, size_t ml, const uint8_t *d, size_t dl) {
    seal_g1_hash_to_curve(o, m, ml, d, dl);
}
static inline void bt_g1_msm(void *o, const bt_point *p, const seal_scalar *k, size_t n) {
    seal_g1 *pts = calloc(n + 1, sizeof *pts);
    assert_non_null(pts);
    for (size_t i = 0; i < n; i++) {
        pts[i] = p[i].g1;
    }
    seal_g1_msm_vartime(o, pts, k, n);
    free(pts);
}

/* ---- G2 wrappers ---- */
static inline void bt_g2_identity(void *o) {
    seal_g2_identity(o);
}
static inline void bt_g2_generator(void *o) {
    seal_g2_generator(o);
}
static inline bool bt_g2_is_identity(const void *p) {
    return seal_g2_is_identity(p);
}
static inline bool bt_g2_equal(const void *a, const void *b) {
    return seal_g2_equal(a, b);
}
static inline void bt_g2_add(void *o, const void *a, const void *b) {
    seal_g2_add(o, a, b);
}
static inline void bt_g2_sub(void *o, const void *a, const void *b) {
    seal_g2_sub(o, a, b);
}
static inline void bt_g2_dbl(void *o, const void *a) {
    seal_g2_double(o, a);
}
static inline void bt_g2_neg(void *o, const void *a) {
    seal_g2_neg(o, a);
}
static inline void bt_g2_mul(void *o, const void *p, const seal_scalar *k) {
    seal_g2_mul(o, p, k);
}
static inline void bt_g2_mul_vartime(void *o, const void *p, const seal_scalar *k) {
    seal_g2_mul_vartime(o, p, k);
}
static inline void bt_g2_mul_gen(void *o, const seal_scalar *k) {
    seal_g2_mul_gen(o, k);
}
static inline bool bt_g2_is_on_curve(const void *p) {
    return seal_g2_is_on_curve(p);
}
static inline bool bt_g2_in_subgroup(const void *p) {
    return seal_g2_in_subgroup(p);
}
static inline void bt_g2_compress(uint8_t *o, const void *p) {
    seal_g2_compress(o, p);
}
static inline void bt_g2_serialize(uint8_t *o, const void *p) {
    seal_g2_serialize(o, p);
}
static inline seal_err bt_g2_decompress(void *o, const uint8_t *in) {
    return seal_g2_decompress(o, in);
}
static inline seal_err bt_g2_deserialize(void *o, const uint8_t *in) {
    return seal_g2_deserialize(o, in);
}
static inline void bt_g2_hash(void *o, const uint8_t *m, size_t ml, const uint8_t *d, size_t dl) {
    seal_g2_hash_to_curve(o, m, ml, d, dl);
}

static const bt_group BT_G1 = {
    .name = "G1",
    .clen = 48,
    .ulen = 96,
    .identity = bt_g1_identity,
    .generator = bt_g1_generator,
    .is_identity = bt_g1_is_identity,
    .equal = bt_g1_equal,
    .add = bt_g1_add,
    .sub = bt_g1_sub,
    .dbl = bt_g1_dbl,
    .neg = bt_g1_neg,
    .mul = bt_g1_mul,
    .mul_vartime = bt_g1_mul_vartime,
    .mul_gen = bt_g1_mul_gen,
    .is_on_curve = bt_g1_is_on_curve,
    .in_subgroup = bt_g1_in_subgroup,
    .compress = bt_g1_compress,
    .serialize = bt_g1_serialize,
    .decompress = bt_g1_decompress,
    .deserialize = bt_g1_deserialize,
    .hash = bt_g1_hash,
    .msm = bt_g1_msm,
};
static const bt_group BT_G2 = {
    .name = "G2",
    .clen = 96,
    .ulen = 192,
    .identity = bt_g2_identity,
    .generator = bt_g2_generator,
    .is_identity = bt_g2_is_identity,
    .equal = bt_g2_equal,
    .add = bt_g2_add,
    .sub = bt_g2_sub,
    .dbl = bt_g2_dbl,
    .neg = bt_g2_neg,
    .mul = bt_g2_mul,
    .mul_vartime = bt_g2_mul_vartime,
    .mul_gen = bt_g2_mul_gen,
    .is_on_curve = bt_g2_is_on_curve,
    .in_subgroup = bt_g2_in_subgroup,
    .compress = bt_g2_compress,
    .serialize = bt_g2_serialize,
    .decompress = bt_g2_decompress,
    .deserialize = bt_g2_deserialize,
    .hash = bt_g2_hash,
    .msm = NULL,
};

/* ---- soft checks ---- */

/* Number of mismatches seen by the current test; bt_finish() fails the test when non-zero. */
static int bt_failures;

static inline void bt_print_hex(const char *label, const uint8_t *b, size_t n) {
    fprintf(stderr, "    %s ", label);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%02x", b[i]);
    }
    fprintf(stderr, "\n");
}

/* Records a mismatch: what (with the case index), its input as text, expected and got. */
static inline bool bt_check_bytes(const char *what, size_t idx, const char *input,
                                  const uint8_t *got, const uint8_t *want, size_t n) {
    if (memcmp(got, want, n) == 0) {
        return true;
    }
    bt_failures++;
    fprintf(stderr, "MISMATCH %s [case %zu]\n    input %.400s\n", what, idx,
            input != NULL ? input : "-");
    bt_print_hex("want ", want, n);
    bt_print_hex("got  ", got, n);
    return false;
}

static inline bool bt_check(bool cond, const char *what, size_t idx, const char *input) {
    if (cond) {
        return true;
    }
    bt_failures++;
    fprintf(stderr, "MISMATCH %s [case %zu]\n    input %.400s\n", what, idx,
            input != NULL ? input : "-");
    return false;
}

static inline void bt_start(void) {
    bt_failures = 0;
}

static inline void bt_finish(const char *test) {
    if (bt_failures != 0) {
        fail_msg("%s: %d mismatches (listed above)", test, bt_failures);
    }
}

/* ---- small helpers ---- */

/* Decodes an exact-length hex field into out. */
static inline void bt_hex(uint8_t *out, size_t len, const char *hex) {
    tu_hex(out, len, hex, 1);
}

/* A scalar from 64 hex digits; the value must be canonical. */
static inline void bt_scalar(seal_scalar *out, const char *hex) {
    uint8_t b[32];
    bt_hex(b, 32, hex);
    if (seal_scalar_from_bytes(out, b) != SEAL_OK) {
        fail_msg("scalar not canonical: %s", hex);
    }
}

/* A point from its compressed encoding (hex); fails the test when it does not decode. */
static inline void bt_point_c(const bt_group *g, void *out, const char *hex) {
    uint8_t b[96];
    bt_hex(b, g->clen, hex);
    seal_err err = g->decompress(out, b);
    if (err != SEAL_OK) {
        fail_msg("%s decompress failed (%s): %s", g->name, seal_strerror(err), hex);
    }
}

/* Compares p with the expected compressed (and, when uhex != NULL, uncompressed) hex. */
static inline bool bt_check_point(const bt_group *g, const char *what, size_t idx,
                                  const char *input, const void *p, const char *chex,
                                  const char *uhex) {
    uint8_t want[192], got[192];
    bool ok = true;
    bt_hex(want, g->clen, chex);
    g->compress(got, p);
    char label[320];
    snprintf(label, sizeof label, "%s %s compressed", g->name, what);
    ok &= bt_check_bytes(label, idx, input, got, want, g->clen);
    if (uhex != NULL) {
        bt_hex(want, g->ulen, uhex);
        g->serialize(got, p);
        snprintf(label, sizeof label, "%s %s uncompressed", g->name, what);
        ok &= bt_check_bytes(label, idx, input, got, want, g->ulen);
    }
    return ok;
}

/* json helpers */
static inline json_t *bt_array(const json_t *obj, const char *key) {
    json_t *a = json_object_get(obj, key);
    if (a == NULL || !json_is_array(a)) {
        fail_msg("missing array '%s'", key);
    }
    return a;
}

#endif
