/* seal-bench bls: BLS12-381 operations of src/bls/, one median per operation.
 *
 * Inputs are deterministic (bench_fill), 16 of each kind, rotated call by call so that no
 * operation sees the same input twice in a row. Points are generic (hashed or multiplied by
 * pseudo-random scalars), never the generator, unless the operation is a fixed-base one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bls/internal.h"
#include "seal/bls12_381.h"

#define NIN 16
#define FP_MUL_CHAIN 1000

/* The Seal identity DST (hash of a full id into G1) and the BLS signature DST of the proof-of-
 * possession scheme (the one @chainsafe/blst hashes messages with, so that sign/verify match). */
static const char dst_seal_id[] = "SUI-SEAL-IBE-BLS12381-00";
static const char dst_sig_pop[] = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

typedef struct bls_ctx {
    seal_scalar k[NIN];
    seal_g1 p1[NIN];
    seal_g2 p2[NIN];
    uint8_t c1[NIN][SEAL_G1_COMPRESSED_BYTES];
    uint8_t c2[NIN][SEAL_G2_COMPRESSED_BYTES];
    uint8_t pk_c[NIN][SEAL_G1_COMPRESSED_BYTES];  /* compressed pk[i] */
    uint8_t sig_c[NIN][SEAL_G2_COMPRESSED_BYTES]; /* compressed sig[i] */
    uint8_t id[NIN][40];  /* Seal-like identities: 32-byte package || 8 bytes */
    uint8_t msg[NIN][32]; /* signature messages */
    seal_fp12 ml[NIN];    /* Miller loop outputs, inputs to the final exponentiation */
    seal_g1 pk[NIN];      /* min-pk keys: pk = k G1 */
    seal_g2 sig[NIN];     /* sig = k H(msg) */
    seal_g1 neg_g1;
    seal_fp fa, fb;
    unsigned failures; /* decodes or verifications that failed: the run is then invalid */
} bls_ctx;

static void op_fp_mul(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    (void)it;
    seal_fp x = c->fa;
    for (int i = 0; i < FP_MUL_CHAIN; i++) {
        seal__fp_mul(&x, &x, &c->fb);
    }
    c->fa = x;
    bench_consume(&c->fa, sizeof c->fa);
}

static void op_g1_mul(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r;
    seal_g1_mul(&r, &c->p1[it % NIN], &c->k[(it + 1) % NIN]);
    bench_consume(&r, sizeof r);
}

/* The batch forms (8 items per call, the key server's path; the multi-buffer engine with the
 * ifma backend): reported per item. */
#define BATCH 8

static void op_g1_mul_batch8(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r[BATCH];
    size_t o = (size_t)(it % 2) * BATCH;
    seal_g1_mul_batch(r, &c->p1[o], &c->k[BATCH - o], BATCH);
    bench_consume(r, sizeof r);
}

static void op_g1_mul_gen_batch8(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r[BATCH];
    seal_g1_mul_gen_batch(r, &c->k[(size_t)(it % 2) * BATCH], BATCH);
    bench_consume(r, sizeof r);
}

static void op_hash_to_g1_batch8(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r[BATCH];
    const uint8_t *m[BATCH];
    size_t l[BATCH];
    for (size_t i = 0; i < BATCH; i++) {
        m[i] = c->id[(size_t)(it % 2) * BATCH + i];
        l[i] = sizeof c->id[0];
    }
    seal_g1_hash_to_curve_batch(r, m, l, BATCH, (const uint8_t *)dst_seal_id,
                                sizeof dst_seal_id - 1);
    bench_consume(r, sizeof r);
}

static void op_g1_mul_vartime(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r;
    seal_g1_mul_vartime(&r, &c->p1[it % NIN], &c->k[(it + 1) % NIN]);
    bench_consume(&r, sizeof r);
}

static void op_g1_mul_gen(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r;
    seal_g1_mul_gen(&r, &c->k[it % NIN]);
    bench_consume(&r, sizeof r);
}

static void op_g2_mul(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g2 r;
    seal_g2_mul(&r, &c->p2[it % NIN], &c->k[(it + 1) % NIN]);
    bench_consume(&r, sizeof r);
}

static void op_g2_mul_gen(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g2 r;
    seal_g2_mul_gen(&r, &c->k[it % NIN]);
    bench_consume(&r, sizeof r);
}

static void op_hash_to_g1(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r;
    seal_g1_hash_to_curve(&r, c->id[it % NIN], sizeof c->id[0], (const uint8_t *)dst_seal_id,
                          sizeof dst_seal_id - 1);
    bench_consume(&r, sizeof r);
}

static void op_hash_to_g2(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g2 r;
    seal_g2_hash_to_curve(&r, c->msg[it % NIN], sizeof c->msg[0], (const uint8_t *)dst_sig_pop,
                          sizeof dst_sig_pop - 1);
    bench_consume(&r, sizeof r);
}

static void op_g1_decompress_check(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 r;
    if (seal_g1_decompress(&r, c->c1[it % NIN]) != SEAL_OK) {
        c->failures++;
    }
    bench_consume(&r, sizeof r);
}

static void op_g2_decompress_check(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g2 r;
    if (seal_g2_decompress(&r, c->c2[it % NIN]) != SEAL_OK) {
        c->failures++;
    }
    bench_consume(&r, sizeof r);
}

static void op_miller_loop(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_fp12 f;
    seal_miller_loop(&f, &c->p1[it % NIN], &c->p2[(it + 3) % NIN]);
    bench_consume(&f, sizeof f);
}

static void op_final_exp(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_gt g;
    seal_final_exp(&g, &c->ml[it % NIN]);
    bench_consume(&g, sizeof g);
}

static void op_pairing(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_gt g;
    seal_pairing(&g, &c->p1[it % NIN], &c->p2[(it + 3) % NIN]);
    bench_consume(&g, sizeof g);
}

static void op_multi_pairing_2(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_gt g;
    size_t j = (size_t)(it % (NIN / 2)) * 2;
    seal_pairing_multi(&g, &c->p1[j], &c->p2[j], 2);
    bench_consume(&g, sizeof g);
}

/* What @chainsafe/blst's SecretKey.toPublicKey does: k G1 (constant time), then to affine. */
static void op_sk_to_pk(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g1 g, r;
    seal_g1_affine a;
    seal_g1_generator(&g);
    seal_g1_mul(&r, &g, &c->k[it % NIN]);
    seal_g1_to_affine(&a, &r);
    bench_consume(&a, sizeof a);
}

/* What blst's sign does (min-pk): H(msg) in G2, times k (constant time), to affine. */
static void op_sign_min_pk(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    seal_g2 h, r;
    seal_g2_affine a;
    seal_g2_hash_to_curve(&h, c->msg[it % NIN], sizeof c->msg[0], (const uint8_t *)dst_sig_pop,
                          sizeof dst_sig_pop - 1);
    seal_g2_mul(&r, &h, &c->k[it % NIN]);
    seal_g2_to_affine(&a, &r);
    bench_consume(&a, sizeof a);
}

/* What blst's verify(msg, pk, sig, false, false) does: H(msg) in G2, then
 * e(-G1, sig) e(pk, H(msg)) == 1 with two Miller loops and one final exponentiation. */
static void op_verify_min_pk(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    size_t i = (size_t)(it % NIN);
    seal_g1 p[2];
    seal_g2 q[2];
    p[0] = c->neg_g1;
    p[1] = c->pk[i];
    q[0] = c->sig[i];
    seal_g2_hash_to_curve(&q[1], c->msg[i], sizeof c->msg[0], (const uint8_t *)dst_sig_pop,
                          sizeof dst_sig_pop - 1);
    if (!seal_pairing_product_is_one(p, q, 2)) {
        c->failures++;
    }
    bench_consume(q, sizeof q);
}

/* The verify-equivalent of a verifier that receives bytes: decode pk (48 B) and sig (96 B) with
 * their subgroup checks, H(msg) in G2, then the 2-pairing check (= blst PublicKey.fromBytes(b,
 * true) + Signature.fromBytes(b, true) + verify). */
static void op_verify_checked(void *vc, uint64_t it) {
    bls_ctx *c = vc;
    size_t i = (size_t)(it % NIN);
    seal_g1 p[2];
    seal_g2 q[2];
    p[0] = c->neg_g1;
    if (seal_g1_decompress(&p[1], c->pk_c[i]) != SEAL_OK ||
        seal_g2_decompress(&q[0], c->sig_c[i]) != SEAL_OK) {
        c->failures++;
        return;
    }
    seal_g2_hash_to_curve(&q[1], c->msg[i], sizeof c->msg[0], (const uint8_t *)dst_sig_pop,
                          sizeof dst_sig_pop - 1);
    if (!seal_pairing_product_is_one(p, q, 2)) {
        c->failures++;
    }
    bench_consume(q, sizeof q);
}

typedef struct bls_op {
    const char *name;
    bench_fn fn;
    double ops_per_call;
    const char *what;
} bls_op;

static const bls_op ops[] = {
    {"fp_mul", op_fp_mul, FP_MUL_CHAIN, "Fp Montgomery multiplication (chained)"},
    {"g1_mul", op_g1_mul, 1, "k*P in G1, constant time (secret k)"},
    {"g1_mul_vartime", op_g1_mul_vartime, 1, "k*P in G1, variable time (public k)"},
    {"g1_mul_gen", op_g1_mul_gen, 1, "k*G1 with the fixed-base table, constant time"},
    {"g1_mul_batch8", op_g1_mul_batch8, BATCH, "g1_mul, 8 per seal_g1_mul_batch call, per item"},
    {"g1_mul_gen_batch8", op_g1_mul_gen_batch8, BATCH, "g1_mul_gen, 8 per batch call, per item"},
    {"hash_to_g1_batch8", op_hash_to_g1_batch8, BATCH, "hash_to_g1, 8 per batch call, per item"},
    {"g2_mul", op_g2_mul, 1, "k*Q in G2, constant time"},
    {"g2_mul_gen", op_g2_mul_gen, 1, "k*G2 with the fixed-base table, constant time"},
    {"hash_to_g1", op_hash_to_g1, 1, "RFC 9380 hash to G1, 40-byte id, Seal DST"},
    {"hash_to_g2", op_hash_to_g2, 1, "RFC 9380 hash to G2, 32-byte message"},
    {"g1_decompress_check", op_g1_decompress_check, 1, "48-byte G1 decode + subgroup check"},
    {"g2_decompress_check", op_g2_decompress_check, 1, "96-byte G2 decode + subgroup check"},
    {"miller_loop", op_miller_loop, 1, "one Miller loop (projective inputs)"},
    {"final_exp", op_final_exp, 1, "final exponentiation"},
    {"pairing", op_pairing, 1, "e(P, Q): Miller loop + final exponentiation"},
    {"multi_pairing_2", op_multi_pairing_2, 1, "e(P1,Q1) e(P2,Q2): 2 Miller loops, 1 final exp"},
    {"sk_to_pk", op_sk_to_pk, 1, "k*G1 constant time + to affine (= blst toPublicKey)"},
    {"sign_min_pk", op_sign_min_pk, 1, "hash_to_g2 + g2_mul + to affine (= blst sign)"},
    {"verify_min_pk", op_verify_min_pk, 1, "hash_to_g2 + 2-pairing check (= blst verify)"},
    {"verify_checked", op_verify_checked, 1,
     "decode pk + sig with subgroup checks, hash_to_g2, 2-pairing check"},
};
#define NOPS (sizeof ops / sizeof ops[0])

static bool setup(bls_ctx *c) {
    uint8_t buf[64];
    seal_g1 g1;
    seal_g2 g2;
    memset(c, 0, sizeof *c);
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    seal_g1_neg(&c->neg_g1, &g1);
    for (uint32_t i = 0; i < NIN; i++) {
        bench_fill(buf, sizeof buf, 1000 + i);
        seal_scalar_from_bytes_wide(&c->k[i], buf, sizeof buf);
        bench_fill(c->id[i], sizeof c->id[i], 2000 + i);
        bench_fill(c->msg[i], sizeof c->msg[i], 3000 + i);
    }
    for (size_t i = 0; i < NIN; i++) {
        /* Generic points: hashed, then multiplied, so they share nothing with the generators. */
        seal_g1_hash_to_curve(&c->p1[i], c->id[i], sizeof c->id[i], (const uint8_t *)dst_seal_id,
                              sizeof dst_seal_id - 1);
        seal_g1_mul_vartime(&c->p1[i], &c->p1[i], &c->k[(i + 5) % NIN]);
        seal_g2_hash_to_curve(&c->p2[i], c->msg[i], sizeof c->msg[i], (const uint8_t *)dst_sig_pop,
                              sizeof dst_sig_pop - 1);
        seal_g2_mul_vartime(&c->p2[i], &c->p2[i], &c->k[(i + 7) % NIN]);
        seal_g1_compress(c->c1[i], &c->p1[i]);
        seal_g2_compress(c->c2[i], &c->p2[i]);
        seal_miller_loop(&c->ml[i], &c->p1[i], &c->p2[(i + 3) % NIN]);
        seal_g1_mul_vartime(&c->pk[i], &g1, &c->k[i]);
        seal_g2 h;
        seal_g2_hash_to_curve(&h, c->msg[i], sizeof c->msg[i], (const uint8_t *)dst_sig_pop,
                              sizeof dst_sig_pop - 1);
        seal_g2_mul_vartime(&c->sig[i], &h, &c->k[i]);
        seal_g1_compress(c->pk_c[i], &c->pk[i]);
        seal_g2_compress(c->sig_c[i], &c->sig[i]);
    }
    bench_fill(buf, sizeof buf, 4000);
    seal__fp_from_bytes_wide64(&c->fa, buf);
    bench_fill(buf, sizeof buf, 4001);
    seal__fp_from_bytes_wide64(&c->fb, buf);

    /* Sanity: the inputs decode and the signatures verify, so that no operation below is timed
     * on an early-exit error path. */
    for (uint64_t i = 0; i < NIN; i++) {
        op_g1_decompress_check(c, i);
        op_g2_decompress_check(c, i);
        op_verify_min_pk(c, i);
        op_verify_checked(c, i);
    }
    if (c->failures != 0) {
        fprintf(stderr,
                "seal-bench bls: self-check failed (%u failures): the BLS12-381 code "
                "does not round-trip its own encodings or verify its own signatures\n",
                c->failures);
        return false;
    }
    return true;
}

int bench_bls_main(int argc, char **argv) {
    bench_args args;
    const char *names[NOPS];
    for (size_t i = 0; i < NOPS; i++) {
        names[i] = ops[i].name;
    }
    if (!bench_args_parse(&args, argc, argv, "bls") ||
        !bench_only_valid(&args, names, NOPS, "bls")) {
        return 2;
    }
    if (args.list) {
        for (size_t i = 0; i < NOPS; i++) {
            printf("%-22s %s\n", ops[i].name, ops[i].what);
        }
        return 0;
    }
    bls_ctx *c = malloc(sizeof *c);
    if (c == NULL) {
        fprintf(stderr, "seal-bench bls: out of memory\n");
        return 1;
    }
    int rc = 1;
    if (!setup(c)) {
        goto out;
    }
    bench_opts opts = bench_default_opts(args.quick);
    char meta[160];
    snprintf(meta, sizeof meta,
             "\"backend\": \"%s\", \"unit\": \"us\", \"quick\": %s, \"clock\": \"%s\"",
             seal_bls_backend(), args.quick ? "true" : "false", bench_clock_name());
    char title[160];
    snprintf(title, sizeof title,
             "seal-bench bls: BLS12-381, field backend %s; median of %u rounds, microseconds "
             "(%s clock)",
             seal_bls_backend(), opts.rounds, bench_clock_name());
    bench_report rep;
    bench_report_begin(&rep, args.json, "bls", title, meta);
    for (size_t i = 0; i < NOPS; i++) {
        if (!bench_selected(args.only, ops[i].name)) {
            continue;
        }
        bench_result res;
        bench_measure(&res, &opts, ops[i].fn, c, ops[i].ops_per_call);
        bench_report_result(&rep, ops[i].name, res.median_us, "us", &res, ops[i].what);
    }
    bench_report_end(&rep);
    if (c->failures != 0) {
        fprintf(stderr, "seal-bench bls: %u decodes or verifications failed during the run\n",
                c->failures);
        goto out;
    }
    rc = 0;
out:
    free(c);
    return rc;
}
