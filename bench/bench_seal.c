/* seal-bench seal: whole-object Seal encryption and decryption (3 key servers, threshold 2),
 * the key-server operations, and the DEM throughputs. Randomness comes from the system RNG;
 * inputs are deterministic (bench_fill). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "seal/dem.h"
#include "seal/elgamal.h"
#include "seal/encrypt.h"
#include "seal/ibe.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"

#include <openssl/evp.h>

#define N_SERVERS 3
#define THRESHOLD 2
#define SMALL_BYTES 1024u
#define BIG_BYTES ((size_t)64 << 20)
#define AES_SMALL_BYTES ((size_t)16 << 10)
#define BATCH_MAX 100

typedef struct seal_ctx {
    uint8_t msk[N_SERVERS][SEAL_MASTER_KEY_BYTES];
    seal_key_server servers[N_SERVERS];
    uint8_t package_id[32];
    uint8_t id[32];
    uint8_t full_id[64];
    size_t full_id_len;
    seal_user_key usk[N_SERVERS];
    uint8_t enc_key[SEAL_ELGAMAL_ENC_KEY_BYTES];
    seal_g1 enc_point, usk_point;     /* decoded once, as the key server does per request */
    uint8_t batch_ids[BATCH_MAX][64]; /* distinct full ids for the batch rows */
    uint8_t dem_key[SEAL_DEM_KEY_BYTES];
    seal_encrypt_params ep;
    seal_encrypt_params ep_prepared;       /* the same with the servers' keys prepared */
    seal_prepared_key prepared[N_SERVERS]; /* seal_key_server_prepare, once at setup */
    seal_decrypt_params dp;                /* 2 keys, no consistency check */
    seal_decrypt_params dp_checked;        /* 2 keys + the 3 public keys: consistency check */
    const seal_rng *rng;
    /* Ed25519: the key server's per-request session signature (64-byte request over ~300 B) */
    uint8_t ed_pk[32], ed_sig[64], ed_msg[300];

    /* buffers */
    uint8_t *msg; /* BIG_BYTES (the small message is its prefix) */
    uint8_t *obj; /* object of the current size */
    size_t obj_cap, obj_len;
    uint8_t *pt; /* decrypted plaintext */
    size_t pt_len;
    uint8_t *blob;  /* DEM output, BIG_BYTES + 16 */
    size_t msg_len; /* current message size for encrypt / decrypt */
    size_t dem_len; /* current message size for the DEM ops */
    unsigned failures;
    seal_err last_err;
} seal_ctx;

static void fail(seal_ctx *c, seal_err err) {
    c->failures++;
    c->last_err = err;
}

static void op_encrypt(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    seal_err err =
        seal_encrypt(c->obj, c->obj_cap, &c->obj_len, NULL, &c->ep, c->msg, c->msg_len, c->rng);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c->obj, c->obj_len);
}

static void op_encrypt_prepared(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    seal_err err = seal_encrypt(c->obj, c->obj_cap, &c->obj_len, NULL, &c->ep_prepared, c->msg,
                                c->msg_len, c->rng);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c->obj, c->obj_len);
}

static void op_decrypt(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    seal_err err = seal_decrypt(c->pt, c->msg_len, &c->pt_len, c->obj, c->obj_len, &c->dp);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c->pt, c->pt_len);
}

static void op_decrypt_checked(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    seal_err err = seal_decrypt(c->pt, c->msg_len, &c->pt_len, c->obj, c->obj_len, &c->dp_checked);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c->pt, c->pt_len);
}

static void op_verify_key(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    size_t i = (size_t)(it % N_SERVERS);
    seal_err err = seal_keys_verify_user_secret_key(c->usk[i].key, c->servers[i].public_key,
                                                    c->full_id, c->full_id_len);
    if (err != SEAL_OK) {
        fail(c, err);
    }
}

static void op_extract(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    uint8_t usk[SEAL_USER_SECRET_KEY_BYTES];
    seal_err err = seal_keys_extract(usk, c->msk[it % N_SERVERS], c->full_id, c->full_id_len);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(usk, sizeof usk);
}

static void op_elgamal_encrypt(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    uint8_t c0[48], c1[48];
    seal_err err = seal_elgamal_encrypt(c0, c1, c->enc_key, c->usk[it % N_SERVERS].key, c->rng);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c0, sizeof c0);
    bench_consume(c1, sizeof c1);
}

/* What the key server runs per id: usk = msk * H1(id) as a point, then its ElGamal encryption to
 * the request's enc_key decoded once (seal_elgamal_encrypt_point). */

/* The same for a request of `n` ids through seal_elgamal_extract_encrypt_batch (the key server's
 * path), with the fixed-base table of enc_key built in the call when `table`. */
static void server_key_batch(seal_ctx *c, uint64_t it, size_t n, bool table) {
    static uint8_t c0[BATCH_MAX][48], c1[BATCH_MAX][48];
    const uint8_t *ids[BATCH_MAX];
    size_t lens[BATCH_MAX];
    seal_scalar s;
    seal_g1_table *t = NULL;
    seal_err err = seal_scalar_from_bytes(&s, c->msk[it % N_SERVERS]);
    for (size_t i = 0; i < n; i++) {
        ids[i] = c->batch_ids[i];
        lens[i] = c->full_id_len;
    }
    if (err == SEAL_OK && table) {
        t = malloc(seal_g1_table_sizeof());
        if (t == NULL) {
            err = SEAL_ERR_NO_MEMORY;
        } else {
            seal_g1_table_init(t, &c->enc_point);
        }
    }
    if (err == SEAL_OK) {
        err =
            seal_elgamal_extract_encrypt_batch(c0, c1, &s, &c->enc_point, t, ids, lens, n, c->rng);
    }
    free(t);
    seal_memzero(&s, sizeof s);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c0, n * 48);
    bench_consume(c1, n * 48);
}

static void op_server_key_batch8(void *vc, uint64_t it) {
    server_key_batch(vc, it, 8, false);
}

static void op_server_key_batch10(void *vc, uint64_t it) {
    server_key_batch(vc, it, 10, false);
}

static void op_server_key_batch100_table(void *vc, uint64_t it) {
    server_key_batch(vc, it, 100, true);
}

static void op_server_key_batch100(void *vc, uint64_t it) {
    server_key_batch(vc, it, 100, false);
}
static void op_server_key(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    uint8_t c0[48], c1[48];
    seal_scalar s;
    seal_err err = seal_scalar_from_bytes(&s, c->msk[it % N_SERVERS]);
    if (err == SEAL_OK) {
        err = seal_ibe_extract(&c->usk_point, &s, c->full_id, c->full_id_len);
    }
    if (err == SEAL_OK) {
        err = seal_elgamal_encrypt_point(c0, c1, &c->enc_point, &c->usk_point, c->rng);
    }
    seal_memzero(&s, sizeof s);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c0, sizeof c0);
    bench_consume(c1, sizeof c1);
}

static void op_aes_gcm(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    seal_err err = seal_dem_aes_encrypt(c->blob, c->dem_key, c->msg, c->dem_len, NULL, 0);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c->blob, c->dem_len + SEAL_AES_GCM_TAG_BYTES);
}

static void op_hmac_ctr(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    uint8_t mac[SEAL_HMAC_CTR_MAC_BYTES];
    (void)it;
    seal_err err = seal_dem_hmac_ctr_encrypt(c->blob, mac, c->dem_key, c->msg, c->dem_len, NULL, 0);
    if (err != SEAL_OK) {
        fail(c, err);
    }
    bench_consume(c->blob, c->dem_len);
    bench_consume(mac, sizeof mac);
}

/* The library's Ed25519 verification (seal_sui_ed25519_verify, libsodium). */
static void op_ed25519_verify(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    if (seal_sui_ed25519_verify(c->ed_sig, c->ed_pk, c->ed_msg, sizeof c->ed_msg) != SEAL_OK) {
        fail(c, SEAL_ERR_INVALID_SIGNATURE);
    }
}

/* Anchor in the same run: the same verification through OpenSSL's EVP as the library did it
 * before (a key object and a context per call). */
static void op_ed25519_verify_openssl(void *vc, uint64_t it) {
    seal_ctx *c = vc;
    (void)it;
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, c->ed_pk, 32);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (key == NULL || md == NULL || EVP_DigestVerifyInit(md, NULL, NULL, NULL, key) != 1 ||
        EVP_DigestVerify(md, c->ed_sig, 64, c->ed_msg, sizeof c->ed_msg) != 1) {
        fail(c, SEAL_ERR_INVALID_SIGNATURE);
    }
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(key);
}

static const char *const names[] = {
    "encrypt_1k_2of3_us",
    "decrypt_1k_2of3_us",
    "decrypt_1k_2of3_checked_us",
    "verify_key_us",
    "extract_us",
    "elgamal_encrypt_us",
    "aes_gcm_16k_mb_s",
    "aes_gcm_mb_s",
    "hmac_ctr_mb_s",
    "encrypt_64m_ms",
    "decrypt_64m_ms",
    "server_key_us",
    "server_key_batch8_us",
    "server_key_batch10_us",
    "server_key_batch100_us",
    "server_key_batch100_table_us",
    "encrypt_1k_2of3_prepared_us",
    "ed25519_verify_us",
    "ed25519_verify_openssl_us",
};
#define NNAMES (sizeof names / sizeof names[0])

static const char *const whats[NNAMES] = {
    "encrypt 1 KiB, AES-256-GCM, 3 servers, threshold 2",
    "decode + decrypt it with 2 user keys (plaintext compared after timing)",
    "the same with the 3 public keys: share-consistency check",
    "e(usk, G2) == e(H1(id), pk), from the 48 + 96 byte encodings",
    "usk = msk * H1(full id), compressed",
    "ElGamal encryption of a user key (key-server side)",
    "AES-256-GCM DEM encrypt, 16 KiB messages",
    "AES-256-GCM DEM encrypt, 64 MiB",
    "HMAC-256-CTR DEM encrypt, 64 MiB",
    "encrypt 64 MiB, AES-256-GCM, 2-of-3",
    "decode + decrypt 64 MiB with 2 user keys",
    "key server, per id: extract as a point + ElGamal to a decoded enc_key",
    "the same per id, 8 ids in one seal_elgamal_extract_encrypt_batch (multi-buffer engine)",
    "the same per id, 10 ids in one batch",
    "the same per id, 100 ids in one batch, no table",
    "the same per id, 100 ids, building the fixed-base table of enc_key in the call",
    "encrypt 1 KiB, 2-of-3, with the 3 servers' keys prepared once (seal_key_server_prepare)",
    "Ed25519 verification of a 300-byte message (seal_sui_ed25519_verify: libsodium)",
    "the same through OpenSSL EVP, a key and a context per call (anchor, the former library path)",
};

static bool setup(seal_ctx *c) {
    seal_err err;
    c->rng = seal_rng_system();
    bench_fill(c->package_id, sizeof c->package_id, 600);
    bench_fill(c->id, sizeof c->id, 601);
    if ((err = seal_keys_full_id(c->full_id, sizeof c->full_id, &c->full_id_len, c->package_id,
                                 c->id, sizeof c->id)) != SEAL_OK) {
        goto out;
    }
    for (size_t i = 0; i < N_SERVERS; i++) {
        if ((err = seal_keys_generate(c->msk[i], c->servers[i].public_key, c->rng)) != SEAL_OK) {
            goto out;
        }
        bench_fill(c->servers[i].object_id, 32, (uint32_t)(500 + i));
        c->servers[i].weight = 1;
        memcpy(c->usk[i].object_id, c->servers[i].object_id, 32);
        if ((err = seal_keys_extract(c->usk[i].key, c->msk[i], c->full_id, c->full_id_len)) !=
            SEAL_OK) {
            goto out;
        }
    }
    for (size_t i = 0; i < BATCH_MAX; i++) {
        memcpy(c->batch_ids[i], c->full_id, c->full_id_len);
        c->batch_ids[i][c->full_id_len - 1] ^= (uint8_t)(i + 1);
    }
    {
        uint8_t ed_secret[32];
        bench_fill(ed_secret, sizeof ed_secret, 900);
        bench_fill(c->ed_msg, sizeof c->ed_msg, 901);
        err = seal_sui_ed25519_public_key(c->ed_pk, ed_secret);
        if (err == SEAL_OK) {
            err = seal_sui_ed25519_sign(c->ed_sig, ed_secret, c->ed_msg, sizeof c->ed_msg);
        }
        if (err != SEAL_OK) {
            goto out;
        }
    }
    uint8_t esk[SEAL_ELGAMAL_SECRET_KEY_BYTES], evk[SEAL_ELGAMAL_VERIFICATION_KEY_BYTES];
    err = seal_elgamal_keygen(esk, c->enc_key, evk, c->rng);
    seal_memzero(esk, sizeof esk);
    if (err == SEAL_OK) {
        err = seal_g1_decompress(&c->enc_point, c->enc_key);
    }
    if (err != SEAL_OK) {
        goto out;
    }
    bench_fill(c->dem_key, sizeof c->dem_key, 800);

    memset(&c->ep, 0, sizeof c->ep);
    c->ep.package_id = c->package_id;
    c->ep.id = c->id;
    c->ep.id_len = sizeof c->id;
    c->ep.servers = c->servers;
    c->ep.n_servers = N_SERVERS;
    c->ep.threshold = THRESHOLD;
    c->ep.dem = SEAL_DEM_AES_256_GCM;
    for (size_t i = 0; i < N_SERVERS; i++) {
        if ((err = seal_key_server_prepare(&c->prepared[i], &c->servers[i])) != SEAL_OK) {
            goto out;
        }
    }
    c->ep_prepared = c->ep;
    c->ep_prepared.prepared = c->prepared;

    memset(&c->dp, 0, sizeof c->dp);
    c->dp.keys = c->usk; /* the first two servers' keys */
    c->dp.n_keys = THRESHOLD;
    c->dp_checked = c->dp;
    c->dp_checked.public_keys = c->servers;
    c->dp_checked.n_public_keys = N_SERVERS;

    size_t cap = seal_encrypt_size(&c->ep, BIG_BYTES);
    c->msg = malloc(BIG_BYTES);
    c->obj = malloc(cap);
    c->pt = malloc(BIG_BYTES);
    c->blob = malloc(BIG_BYTES + SEAL_AES_GCM_TAG_BYTES);
    c->obj_cap = cap;
    if (cap == 0 || !c->msg || !c->obj || !c->pt || !c->blob) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t off = 0; off < BIG_BYTES; off += 4096) {
        bench_fill(c->msg + off, 4096, (uint32_t)(off >> 12));
    }
    /* Touch every page now so that no timed call pays for first-touch page faults. */
    memset(c->obj, 0, cap);
    memset(c->pt, 0, BIG_BYTES);
    memset(c->blob, 0, BIG_BYTES + SEAL_AES_GCM_TAG_BYTES);
    err = SEAL_OK;
out:
    if (err != SEAL_OK) {
        fprintf(stderr, "seal-bench seal: setup failed: %s\n", seal_strerror(err));
        return false;
    }
    return true;
}

/* Encrypts a msg_len-byte message once (untimed) so that the decrypt benchmarks have an object,
 * and checks that it decrypts to the message with and without the consistency check. */
static bool prepare_object(seal_ctx *c, size_t msg_len) {
    c->msg_len = msg_len;
    unsigned before = c->failures;
    op_encrypt(c, 0);
    op_decrypt(c, 0);
    bool ok = c->failures == before && c->pt_len == msg_len && memcmp(c->pt, c->msg, msg_len) == 0;
    if (ok) {
        op_decrypt_checked(c, 0);
        ok = c->failures == before && c->pt_len == msg_len && memcmp(c->pt, c->msg, msg_len) == 0;
    }
    if (!ok) {
        fprintf(stderr, "seal-bench seal: %zu-byte round trip failed (%s)\n", msg_len,
                c->failures != before ? seal_strerror(c->last_err) : "plaintext differs");
    }
    return ok;
}

/* The decrypted plaintext of the timed runs must still be the message. */
static bool check_plaintext(seal_ctx *c) {
    if (c->pt_len != c->msg_len || memcmp(c->pt, c->msg, c->msg_len) != 0) {
        fprintf(stderr, "seal-bench seal: decrypted plaintext differs from the message\n");
        return false;
    }
    return true;
}

static void free_ctx(seal_ctx *c) {
    free(c->msg);
    free(c->obj);
    free(c->pt);
    free(c->blob);
    seal_memzero(c, sizeof *c);
    free(c);
}

int bench_seal_main(int argc, char **argv) {
    bench_args args;
    if (!bench_args_parse(&args, argc, argv, "seal") ||
        !bench_only_valid(&args, names, NNAMES, "seal")) {
        return 2;
    }
    if (args.list) {
        for (size_t i = 0; i < NNAMES; i++) {
            printf("%-28s %s\n", names[i], whats[i]);
        }
        return 0;
    }
    int rc = 1;
    seal_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        fprintf(stderr, "seal-bench seal: out of memory\n");
        return 1;
    }
    if (!setup(c)) {
        goto out;
    }
    bench_opts opts = bench_default_opts(args.quick);
    /* 64 MiB operations: one warm-up call, then a fixed number of single-call rounds. */
    bench_opts big = {.target_s = 0.0, .rounds = args.quick ? 3 : 5, .min_warm = 1};
    char meta[192];
    snprintf(meta, sizeof meta,
             "\"servers\": %d, \"threshold\": %d, \"backend\": \"%s\", \"quick\": %s, "
             "\"clock\": \"%s\"",
             N_SERVERS, THRESHOLD, seal_bls_backend(), args.quick ? "true" : "false",
             bench_clock_name());
    bench_report rep;
    bench_report_begin(
        &rep, args.json, "seal",
        bench_clock_name()[0] == 'm'
            ? "seal-bench seal: 3 key servers, threshold 2; medians (monotonic clock)"
            : "seal-bench seal: 3 key servers, threshold 2; medians (process-cpu clock)",
        meta);
    bench_result r;
    const char *only = args.only;

    if (bench_selected(only, names[0]) || bench_selected(only, names[1]) ||
        bench_selected(only, names[2]) || bench_selected(only, names[16])) {
        if (!prepare_object(c, SMALL_BYTES)) {
            goto out;
        }
        if (bench_selected(only, names[0])) {
            bench_measure(&r, &opts, op_encrypt, c, 1);
            bench_report_result(&rep, names[0], r.median_us, "us", &r, whats[0]);
        }
        if (bench_selected(only, names[16])) {
            bench_measure(&r, &opts, op_encrypt_prepared, c, 1);
            bench_report_result(&rep, names[16], r.median_us, "us", &r, whats[16]);
        }
        if (bench_selected(only, names[1])) {
            bench_measure(&r, &opts, op_decrypt, c, 1);
            if (!check_plaintext(c)) {
                goto out;
            }
            bench_report_result(&rep, names[1], r.median_us, "us", &r, whats[1]);
        }
        if (bench_selected(only, names[2])) {
            bench_measure(&r, &opts, op_decrypt_checked, c, 1);
            if (!check_plaintext(c)) {
                goto out;
            }
            bench_report_result(&rep, names[2], r.median_us, "us", &r, whats[2]);
        }
    }
    static const bench_fn key_ops[] = {op_verify_key, op_extract, op_elgamal_encrypt};
    for (size_t i = 0; i < 3; i++) {
        if (bench_selected(only, names[3 + i])) {
            bench_measure(&r, &opts, key_ops[i], c, 1);
            bench_report_result(&rep, names[3 + i], r.median_us, "us", &r, whats[3 + i]);
        }
    }
    if (bench_selected(only, names[6])) {
        c->dem_len = AES_SMALL_BYTES;
        bench_measure(&r, &opts, op_aes_gcm, c, 1);
        bench_report_result(&rep, names[6], (double)AES_SMALL_BYTES / r.median_us, "MB/s", &r,
                            whats[6]);
    }
    if (bench_selected(only, names[7])) {
        c->dem_len = BIG_BYTES;
        bench_measure(&r, &big, op_aes_gcm, c, 1);
        bench_report_result(&rep, names[7], (double)BIG_BYTES / r.median_us, "MB/s", &r, whats[7]);
    }
    if (bench_selected(only, names[8])) {
        c->dem_len = BIG_BYTES;
        bench_measure(&r, &big, op_hmac_ctr, c, 1);
        bench_report_result(&rep, names[8], (double)BIG_BYTES / r.median_us, "MB/s", &r, whats[8]);
    }
    if (bench_selected(only, names[9]) || bench_selected(only, names[10])) {
        if (!prepare_object(c, BIG_BYTES)) {
            goto out;
        }
        if (bench_selected(only, names[9])) {
            bench_measure(&r, &big, op_encrypt, c, 1);
            bench_report_result(&rep, names[9], r.median_us / 1000.0, "ms", &r, whats[9]);
        }
        if (bench_selected(only, names[10])) {
            bench_measure(&r, &big, op_decrypt, c, 1);
            if (!check_plaintext(c)) {
                goto out;
            }
            bench_report_result(&rep, names[10], r.median_us / 1000.0, "ms", &r, whats[10]);
        }
    }
    if (bench_selected(only, names[11])) {
        bench_measure(&r, &opts, op_server_key, c, 1);
        bench_report_result(&rep, names[11], r.median_us, "us", &r, whats[11]);
    }
    static const bench_fn batch_ops[] = {op_server_key_batch8, op_server_key_batch10,
                                         op_server_key_batch100, op_server_key_batch100_table};
    static const double batch_n[] = {8, 10, 100, 100};
    for (size_t i = 0; i < 4; i++) {
        if (bench_selected(only, names[12 + i])) {
            bench_measure(&r, &opts, batch_ops[i], c, batch_n[i]);
            bench_report_result(&rep, names[12 + i], r.median_us, "us", &r, whats[12 + i]);
        }
    }
    static const bench_fn ed_ops[] = {op_ed25519_verify, op_ed25519_verify_openssl};
    for (size_t i = 0; i < 2; i++) {
        if (bench_selected(only, names[17 + i])) {
            bench_measure(&r, &opts, ed_ops[i], c, 1);
            bench_report_result(&rep, names[17 + i], r.median_us, "us", &r, whats[17 + i]);
        }
    }
    bench_report_end(&rep);
    if (c->failures != 0) {
        fprintf(stderr, "seal-bench seal: %u operations failed during the run (last: %s)\n",
                c->failures, seal_strerror(c->last_err));
        goto out;
    }
    rc = 0;
out:
    free_ctx(c);
    return rc;
}
