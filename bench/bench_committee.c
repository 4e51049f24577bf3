/* seal-bench committee: the DKG of a committee key server (src/committee/) for n = 3, 5, 8
 * members (threshold n / 2 + 1: 2, 3, 5, as upstream's testnet and mainnet committees): one
 * member creating its message, and one member processing all n messages (every check and the
 * completion); a member's partial-key answer per id; and, as anchors in the same run, one BLS
 * min-sig verification and one G2 scalar multiplication. Randomness from the system RNG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "seal/committee.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/keys.h"

#define MAX_N 8

static const uint16_t SIZES[3] = {3, 5, 8};

typedef struct dkg_set {
    seal_dkg_committee c;
    uint8_t enc_pks[MAX_N][48], signing_pks[MAX_N][96];
    seal_dkg_keys keys[MAX_N];
    uint8_t *msgs[MAX_N];
    size_t lens[MAX_N];
    seal_dkg_output out; /* party 0's output, kept from the check run */
} dkg_set;

typedef struct committee_ctx {
    dkg_set sets[3];
    dkg_set *cur;
    /* partial key */
    seal_scalar share;
    seal_g1 enc_point, usk_point;
    uint8_t full_id[64];
    size_t full_id_len;
    /* anchors */
    uint8_t sig[48], payload[700];
    seal_g2 g2;
    seal_scalar k;
    unsigned failures;
    seal_err last_err;
} committee_ctx;

static void fail(committee_ctx *c, seal_err err) {
    c->failures++;
    c->last_err = err;
}

static void op_create(void *vc, uint64_t it) {
    committee_ctx *c = vc;
    dkg_set *s = c->cur;
    uint16_t d = (uint16_t)(it % s->c.n);
    uint8_t *m = NULL;
    size_t len = 0;
    seal_dkg_report rep;
    seal_err err = seal_dkg_create_message(&m, &len, &rep, &s->c, d, &s->keys[d], NULL, NULL);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(m, len);
    free(m);
}

static void op_process(void *vc, uint64_t it) {
    committee_ctx *c = vc;
    dkg_set *s = c->cur;
    uint16_t p = (uint16_t)(it % s->c.n);
    seal_dkg_output out;
    seal_dkg_report rep;
    seal_err err = seal_dkg_process(&out, &rep, &s->c, p, s->keys[p].enc_sk,
                                    (const uint8_t *const *)s->msgs, s->lens, s->c.n, NULL);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(out.share, sizeof out.share);
    seal_dkg_output_clear(&out);
}

/* A member's answer per id: s_i * H1(full id) as a point, then ElGamal to a decoded enc_key. */
static void op_partial_key(void *vc, uint64_t it) {
    committee_ctx *c = vc;
    uint8_t c0[48], c1[48];
    (void)it;
    seal_err err = seal_ibe_extract(&c->usk_point, &c->share, c->full_id, c->full_id_len);
    if (err == SEAL_OK) {
        err = seal_elgamal_encrypt_point(c0, c1, &c->enc_point, &c->usk_point, NULL);
    }
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c0, sizeof c0);
    bench_consume(c1, sizeof c1);
}

static void op_bls_verify(void *vc, uint64_t it) {
    committee_ctx *c = vc;
    (void)it;
    seal_err err =
        seal_dkg_bls_verify(c->sig, c->sets[0].signing_pks[0], c->payload, sizeof c->payload);
    if (err != SEAL_OK) {
        fail(c, err);
    }
}

static void op_g2_mul(void *vc, uint64_t it) {
    committee_ctx *c = vc;
    (void)it;
    seal_g2_mul(&c->g2, &c->g2, &c->k);
    bench_consume(&c->g2, sizeof c->g2);
}

static const char *const names[] = {
    "create_message_n3_ms", "create_message_n5_ms", "create_message_n8_ms",
    "process_n3_ms",        "process_n5_ms",        "process_n8_ms",
    "partial_key_us",       "bls_verify_us",        "g2_mul_us",
};
#define NNAMES (sizeof names / sizeof names[0])

static const char *const whats[NNAMES] = {
    "one member's DKG message, 2-of-3 (polynomial, commitment, ECIES, NIZK, signature)",
    "the same, 3-of-5",
    "the same, 5-of-8",
    "one member checks all 3 messages and completes the DKG (2-of-3)",
    "the same, 5 messages (3-of-5)",
    "the same, 8 messages (5-of-8)",
    "a member's partial key per id: share * H1(id) + ElGamal to a decoded enc_key",
    "anchor: one BLS min-sig verification of a 700-byte payload (two pairings)",
    "anchor: one constant-time G2 scalar multiplication",
};

static bool setup_set(dkg_set *s, uint16_t n) {
    seal_dkg_report rep;
    seal_err err = SEAL_OK;
    memset(s, 0, sizeof *s);
    bench_fill(s->c.id, 32, 900u + n);
    s->c.n = n;
    s->c.threshold = (uint16_t)(n / 2 + 1);
    for (uint16_t i = 0; i < n && err == SEAL_OK; i++) {
        err = seal_dkg_keys_generate(&s->keys[i], NULL);
        memcpy(s->enc_pks[i], s->keys[i].enc_pk, 48);
        memcpy(s->signing_pks[i], s->keys[i].signing_pk, 96);
    }
    s->c.enc_pks = (const uint8_t(*)[48])s->enc_pks;
    s->c.signing_pks = (const uint8_t(*)[96])s->signing_pks;
    for (uint16_t d = 0; d < n && err == SEAL_OK; d++) {
        err = seal_dkg_create_message(&s->msgs[d], &s->lens[d], &rep, &s->c, d, &s->keys[d], NULL,
                                      NULL);
    }
    if (err == SEAL_OK) {
        err = seal_dkg_process(&s->out, &rep, &s->c, 0, s->keys[0].enc_sk,
                               (const uint8_t *const *)s->msgs, s->lens, n, NULL);
    }
    if (err != SEAL_OK) {
        fprintf(stderr, "seal-bench committee: %u-member DKG failed: %s\n", (unsigned)n,
                rep.text[0] ? rep.text : seal_strerror(err));
        return false;
    }
    return true;
}

static void free_set(dkg_set *s) {
    for (size_t i = 0; i < MAX_N; i++) {
        free(s->msgs[i]);
        seal_dkg_keys_clear(&s->keys[i]);
    }
    seal_dkg_output_clear(&s->out);
}

static bool setup(committee_ctx *c) {
    for (size_t i = 0; i < 3; i++) {
        if (!setup_set(&c->sets[i], SIZES[i])) {
            return false;
        }
    }
    uint8_t pkg[32], id[32], esk[32], ek[48], evk[96];
    bench_fill(pkg, 32, 910);
    bench_fill(id, 32, 911);
    seal_err err = seal_keys_full_id(c->full_id, sizeof c->full_id, &c->full_id_len, pkg, id, 32);
    if (err == SEAL_OK) {
        err = seal_scalar_from_bytes(&c->share, c->sets[0].out.share);
    }
    if (err == SEAL_OK) {
        err = seal_elgamal_keygen(esk, ek, evk, NULL);
    }
    if (err == SEAL_OK) {
        err = seal_g1_decompress(&c->enc_point, ek);
    }
    seal_memzero(esk, sizeof esk);
    bench_fill(c->payload, sizeof c->payload, 912);
    if (err == SEAL_OK) {
        err =
            seal_dkg_bls_sign(c->sig, c->sets[0].keys[0].signing_sk, c->payload, sizeof c->payload);
    }
    seal_g2_generator(&c->g2);
    uint8_t kb[32];
    bench_fill(kb, 32, 913);
    kb[0] &= 0x3f;
    if (err == SEAL_OK) {
        err = seal_scalar_from_bytes(&c->k, kb);
    }
    if (err != SEAL_OK) {
        fprintf(stderr, "seal-bench committee: setup failed: %s\n", seal_strerror(err));
        return false;
    }
    return true;
}

int bench_committee_main(int argc, char **argv) {
    bench_args args;
    if (!bench_args_parse(&args, argc, argv, "committee") ||
        !bench_only_valid(&args, names, NNAMES, "committee")) {
        return 2;
    }
    if (args.list) {
        for (size_t i = 0; i < NNAMES; i++) {
            printf("%-22s %s\n", names[i], whats[i]);
        }
        return 0;
    }
    int rc = 1;
    committee_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        fprintf(stderr, "seal-bench committee: out of memory\n");
        return 1;
    }
    if (!setup(c)) {
        goto out;
    }
    bench_opts opts = bench_default_opts(args.quick);
    char meta[128];
    snprintf(meta, sizeof meta, "\"thresholds\": \"n/2+1\", \"quick\": %s, \"clock\": \"%s\"",
             args.quick ? "true" : "false", bench_clock_name());
    bench_report rep;
    bench_report_begin(&rep, args.json, "committee",
                       "seal-bench committee: DKG (threshold n/2+1), partial keys; medians", meta);
    bench_result r;
    for (size_t i = 0; i < 3; i++) {
        c->cur = &c->sets[i];
        if (bench_selected(args.only, names[i])) {
            bench_measure(&r, &opts, op_create, c, 1);
            bench_report_result(&rep, names[i], r.median_us / 1000.0, "ms", &r, whats[i]);
        }
        if (bench_selected(args.only, names[3 + i])) {
            bench_measure(&r, &opts, op_process, c, 1);
            bench_report_result(&rep, names[3 + i], r.median_us / 1000.0, "ms", &r, whats[3 + i]);
        }
    }
    static const bench_fn tail[] = {op_partial_key, op_bls_verify, op_g2_mul};
    for (size_t i = 0; i < 3; i++) {
        if (bench_selected(args.only, names[6 + i])) {
            bench_measure(&r, &opts, tail[i], c, 1);
            bench_report_result(&rep, names[6 + i], r.median_us, "us", &r, whats[6 + i]);
        }
    }
    bench_report_end(&rep);
    if (c->failures != 0) {
        fprintf(stderr, "seal-bench committee: %u operations failed during the run (last: %s)\n",
                c->failures, seal_strerror(c->last_err));
        goto out;
    }
    rc = 0;
out:
    for (size_t i = 0; i < 3; i++) {
        free_set(&c->sets[i]);
    }
    seal_memzero(c, sizeof *c);
    free(c);
    return rc;
}
