/* blst's C API timed directly, for bench/compare-blst-c.sh: the operations the npm binding does
 * not expose alone (hash to G2, one Miller loop, one final exponentiation, a single pairing, the
 * multiplication of an arbitrary G1 point by a 255-bit scalar). Built against a blst checkout
 * outside this tree (libblst.a and bindings/blst.h from its build.sh); not part of the project's
 * build. Prints one JSON object of medians in microseconds, keyed like `seal-bench bls --json`.
 *
 *   cc -O2 -I BLST/bindings blst_c.c BLST/libblst.a -o blst_c && ./blst_c [--cpu-time] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "blst.h"

static clockid_t clk = CLOCK_MONOTONIC;

static double now_us(void) {
    struct timespec t;
    clock_gettime(clk, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef void (*op_fn)(unsigned long it);

/* Median over 11 rounds of the time per call, each round about 0.03 s (calibrated once). */
static double measure(op_fn f) {
    unsigned long n = 1;
    for (;;) {
        double t0 = now_us();
        for (unsigned long i = 0; i < n; i++) {
            f(i);
        }
        double dt = now_us() - t0;
        if (dt > 30000.0 || n > (1ul << 24)) {
            break;
        }
        n *= 2;
    }
    double r[11];
    for (int k = 0; k < 11; k++) {
        double t0 = now_us();
        for (unsigned long i = 0; i < n; i++) {
            f(i);
        }
        r[k] = (now_us() - t0) / (double)n;
    }
    qsort(r, 11, sizeof r[0], cmp_double);
    return r[5];
}

#define NIN 16
static byte sk[NIN][32];
static blst_scalar sks[NIN];
static blst_p1 p1[NIN];
static blst_p1_affine p1a[NIN];
static blst_p2_affine p2a[NIN];
static byte p1c[NIN][48], p2c[NIN][96];
static blst_fp12 ml[NIN];
static volatile byte sink;

/* the DSTs of `seal-bench bls` (the proof-of-possession signature, the Seal id hash) */
static const byte DST_G2[] = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
static const byte DST_G1[] = "SUI-SEAL-IBE-BLS12381-00";

static void op_g1_mul(unsigned long it) {
    blst_p1 r;
    blst_p1_mult(&r, &p1[it % NIN], sk[(it + 1) % NIN], 255);
    sink ^= ((const byte *)&r)[0];
}

static void op_sk_to_pk(unsigned long it) {
    blst_p1 r;
    blst_p1_affine a;
    blst_sk_to_pk_in_g1(&r, &sks[it % NIN]);
    blst_p1_to_affine(&a, &r);
    sink ^= ((const byte *)&a)[0];
}

static void op_hash_to_g2(unsigned long it) {
    blst_p2 r;
    byte msg[32];
    memset(msg, (int)(it & 0xff), sizeof msg);
    blst_hash_to_g2(&r, msg, sizeof msg, DST_G2, sizeof DST_G2 - 1, NULL, 0);
    sink ^= ((const byte *)&r)[0];
}

static void op_hash_to_g1(unsigned long it) {
    blst_p1 r;
    byte id[40];
    memset(id, (int)(it & 0xff), sizeof id);
    blst_hash_to_g1(&r, id, sizeof id, DST_G1, sizeof DST_G1 - 1, NULL, 0);
    sink ^= ((const byte *)&r)[0];
}

static void op_miller_loop(unsigned long it) {
    blst_fp12 f;
    blst_miller_loop(&f, &p2a[it % NIN], &p1a[(it + 3) % NIN]);
    sink ^= ((const byte *)&f)[0];
}

static void op_final_exp(unsigned long it) {
    blst_fp12 f;
    blst_final_exp(&f, &ml[it % NIN]);
    sink ^= ((const byte *)&f)[0];
}

static void op_pairing(unsigned long it) {
    blst_fp12 f;
    blst_miller_loop(&f, &p2a[it % NIN], &p1a[(it + 3) % NIN]);
    blst_final_exp(&f, &f);
    sink ^= ((const byte *)&f)[0];
}

static void op_g1_decompress_check(unsigned long it) {
    blst_p1_affine a;
    if (blst_p1_uncompress(&a, p1c[it % NIN]) != BLST_SUCCESS || !blst_p1_affine_in_g1(&a)) {
        abort();
    }
    sink ^= ((const byte *)&a)[0];
}

static void op_g2_decompress_check(unsigned long it) {
    blst_p2_affine a;
    if (blst_p2_uncompress(&a, p2c[it % NIN]) != BLST_SUCCESS || !blst_p2_affine_in_g2(&a)) {
        abort();
    }
    sink ^= ((const byte *)&a)[0];
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cpu-time") == 0) {
            clk = CLOCK_PROCESS_CPUTIME_ID;
        } else {
            fprintf(stderr, "usage: blst_c [--cpu-time]\n");
            return 2;
        }
    }
    for (int i = 0; i < NIN; i++) {
        byte ikm[32];
        blst_p2 q;
        for (int k = 0; k < 32; k++) {
            ikm[k] = (byte)(i * 31 + k * 7 + 1);
        }
        blst_keygen(&sks[i], ikm, sizeof ikm, NULL, 0);
        blst_lendian_from_scalar(sk[i], &sks[i]); /* blst_p1_mult reads it little-endian */
        blst_p1_mult(&p1[i], blst_p1_generator(), sk[i], 255);
        blst_p1_to_affine(&p1a[i], &p1[i]);
        blst_p1_compress(p1c[i], &p1[i]);
        blst_p2_mult(&q, blst_p2_generator(), sk[i], 255);
        blst_p2_to_affine(&p2a[i], &q);
        blst_p2_compress(p2c[i], &q);
    }
    for (int i = 0; i < NIN; i++) {
        blst_miller_loop(&ml[i], &p2a[i], &p1a[(i + 5) % NIN]);
    }
    struct {
        const char *name;
        op_fn f;
    } ops[] = {
        {"g1_mul", op_g1_mul},
        {"sk_to_pk", op_sk_to_pk},
        {"hash_to_g1", op_hash_to_g1},
        {"hash_to_g2", op_hash_to_g2},
        {"g1_decompress_check", op_g1_decompress_check},
        {"g2_decompress_check", op_g2_decompress_check},
        {"miller_loop", op_miller_loop},
        {"final_exp", op_final_exp},
        {"pairing", op_pairing},
    };
    printf("{\"bench\":\"blst-c\",\"clock\":\"%s\"",
           clk == CLOCK_MONOTONIC ? "monotonic" : "process-cpu");
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        printf(",\"%s\":%.3f", ops[i].name, measure(ops[i].f));
        fflush(stdout);
    }
    printf("}\n");
    return 0;
}
