/* Encryption/decryption: upstream object vectors (spec/encrypted_objects.json), the
 * deterministic encryption example byte for byte, streaming == one-shot on random sizes, and
 * tampered objects rejected without releasing plaintext. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/seal.h"

typedef struct replay {
    uint8_t buf[256];
    size_t len, pos;
} replay;

static seal_err replay_fill(void *ctx, uint8_t *out, size_t len) {
    replay *r = ctx;
    if (len > r->len - r->pos) {
        return SEAL_ERR_RNG;
    }
    memcpy(out, r->buf + r->pos, len);
    r->pos += len;
    return SEAL_OK;
}

static seal_err tu_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

/* ---- spec/encrypted_objects.json ---- */

typedef struct keyset {
    seal_user_key keys[8];
    size_t n_keys;
    seal_key_server pks[8];
    size_t n_pks;
} keyset;

static void add_key(keyset *k, const char *oid, const char *usk) {
    assert_true(k->n_keys < 8);
    tu_hex(k->keys[k->n_keys].object_id, 32, oid, 1);
    tu_hex(k->keys[k->n_keys].key, 48, usk, 1);
    k->n_keys++;
}

static void add_pk(keyset *k, const char *oid, const char *pk) {
    uint8_t id[32];
    tu_hex(id, 32, oid, 1);
    for (size_t i = 0; i < k->n_pks; i++) {
        if (memcmp(k->pks[i].object_id, id, 32) == 0) {
            return;
        }
    }
    assert_true(k->n_pks < 8);
    memcpy(k->pks[k->n_pks].object_id, id, 32);
    tu_hex(k->pks[k->n_pks].public_key, 96, pk, 1);
    k->pks[k->n_pks].weight = 1;
    k->n_pks++;
}

static seal_err dec(const uint8_t *obj, size_t len, const keyset *k, bool consistency, uint8_t *out,
                    size_t cap, size_t *out_len) {
    seal_decrypt_params p = {k->keys, k->n_keys, consistency ? k->pks : NULL,
                             consistency ? k->n_pks : 0, 0};
    return seal_decrypt(out, cap, out_len, obj, len, &p);
}

static void test_upstream_decryption(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/encrypted_objects.json");
    size_t vi;
    json_t *v;
    size_t done = 0;
    json_array_foreach(json_object_get(j, "vectors"), vi, v) {
        json_t *in = json_object_get(v, "inputs");
        if (in == NULL) {
            continue;
        }
        keyset k = {0};
        json_t *servers = json_object_get(in, "servers");
        size_t i;
        json_t *s;
        json_array_foreach(servers, i, s) {
            add_key(&k, tu_str(s, "object_id"), tu_str(s, "user_secret_key"));
            add_pk(&k, tu_str(s, "object_id"), tu_str(s, "public_key"));
        }
        json_array_foreach(json_object_get(in, "usks"), i, s) {
            add_key(&k, tu_str(s, "object_id"), tu_str(s, "user_secret_key"));
        }
        json_array_foreach(json_object_get(in, "public_keys"), i, s) {
            add_pk(&k, tu_str(s, "object_id"), tu_str(s, "public_key"));
        }
        size_t len;
        uint8_t *obj = tu_hex_alloc(tu_str(v, "hex"), &len);
        uint8_t out[256];
        size_t out_len = 0;
        const char *name = tu_str(v, "name");
        if (json_object_get(v, "expected_error_with_consistency_check") != NULL) {
            /* Inconsistent shares: fine without the check, rejected with it. */
            const char *want = tu_str(v, "expected_plaintext_utf8_without_consistency_check");
            assert_int_equal(dec(obj, len, &k, false, out, sizeof out, &out_len), SEAL_OK);
            assert_int_equal(out_len, strlen(want));
            assert_memory_equal(out, want, out_len);
            assert_int_equal(dec(obj, len, &k, true, out, sizeof out, &out_len),
                             SEAL_ERR_DECRYPTION);
        } else {
            size_t pl;
            uint8_t *pt = tu_hex_alloc(tu_str(v, "expected_plaintext_hex"), &pl);
            for (int cc = 0; cc < 2; cc++) {
                seal_err err = dec(obj, len, &k, cc == 1 && k.n_pks > 0, out, sizeof out, &out_len);
                if (err != SEAL_OK) {
                    fail_msg("%s: %s", name, seal_strerror(err));
                }
                assert_int_equal(out_len, pl);
                tu_assert_bytes(out, pt, pl, name);
            }
            free(pt);
        }
        /* With only one key below a threshold of 2+, not enough shares. */
        static seal_object o;
        assert_int_equal(seal_object_decode(&o, obj, len), SEAL_OK);
        if (o.threshold >= 2 && strstr(name, "weighted") == NULL) {
            keyset one = k;
            one.n_keys = 1;
            assert_int_equal(dec(obj, len, &one, false, out, sizeof out, &out_len),
                             SEAL_ERR_NOT_ENOUGH_SHARES);
        }
        free(obj);
        done++;
    }
    assert_true(done >= 8);
    json_decref(j);
}

/* ---- deterministic_encryption_example ---- */

static void test_deterministic_example(void **state) {
    (void)state;
    json_t *j = tu_load_json("spec/encrypted_objects.json");
    json_t *v = NULL;
    size_t vi;
    json_t *x;
    json_array_foreach(json_object_get(j, "vectors"), vi, x) {
        if (strcmp(tu_str(x, "name"), "deterministic_encryption_example") == 0) {
            v = x;
        }
    }
    assert_non_null(v);
    uint8_t package_id[32], id[16], aad[16];
    size_t id_len = tu_hex(id, sizeof id, tu_str(v, "id"), 0);
    size_t aad_len = tu_hex(aad, sizeof aad, tu_str(v, "aad"), 0);
    tu_hex(package_id, 32, tu_str(v, "package_id"), 1);
    seal_key_server ks[3];
    keyset k = {0};
    json_t *kj = json_object_get(v, "key_servers");
    assert_int_equal(json_array_size(kj), 3);
    for (size_t i = 0; i < 3; i++) {
        json_t *s = json_array_get(kj, i);
        tu_hex(ks[i].object_id, 32, tu_str(s, "object_id"), 1);
        tu_hex(ks[i].public_key, 96, tu_str(s, "public_key"), 1);
        ks[i].weight = 1;
        add_key(&k, tu_str(s, "object_id"), tu_str(s, "user_secret_key"));
        add_pk(&k, tu_str(s, "object_id"), tu_str(s, "public_key"));
    }
    /* Randomness: base key, one coefficient per byte (t = 2), then 48 bytes whose reduction
     * mod (q-1) plus 1 is r: r - 1 itself. */
    replay rp = {0};
    rp.len = tu_hex(rp.buf, 32, tu_str(v, "base_key"), 1);
    rp.len += tu_hex(rp.buf + 32, 32, tu_str(v, "polynomial_degree1_coefficients_per_byte"), 1);
    uint8_t r[32];
    tu_hex(r, 32, tu_str(v, "randomness_r"), 1);
    memset(rp.buf + 64, 0, 16);
    memcpy(rp.buf + 80, r, 32);
    for (int i = 31; i >= 0; i--) { /* r - 1 (r is not a multiple of 256 here) */
        if (rp.buf[80 + i]-- != 0) {
            break;
        }
    }
    rp.len += 48;
    seal_rng rng = {replay_fill, &rp};
    const char *pt = tu_str(v, "plaintext_utf8");
    static const struct {
        const char *field;
        seal_dem_type dem;
        bool aad_none;
    } kinds[] = {
        {"encrypted_object_aes_hex", SEAL_DEM_AES_256_GCM, false},
        {"encrypted_object_hmac_hex", SEAL_DEM_HMAC_256_CTR, false},
        {"encrypted_object_plain_hex", SEAL_DEM_PLAIN, true},
    };
    uint8_t dem_key[32];
    tu_hex(dem_key, 32, tu_str(v, "dem_key"), 1);
    for (size_t kk = 0; kk < 3; kk++) {
        size_t want_len;
        uint8_t *want = tu_hex_alloc(tu_str(v, kinds[kk].field), &want_len);
        seal_encrypt_params p = {package_id,
                                 id,
                                 id_len,
                                 ks,
                                 3,
                                 2,
                                 kinds[kk].dem,
                                 kinds[kk].aad_none ? NULL : aad,
                                 kinds[kk].aad_none ? 0 : aad_len,
                                 kinds[kk].aad_none,
                                 NULL};
        size_t msg_len = kinds[kk].dem == SEAL_DEM_PLAIN ? 0 : strlen(pt);
        uint8_t out[1024], key[32];
        size_t out_len = 0;
        rp.pos = 0;
        assert_int_equal(
            seal_encrypt(out, sizeof out, &out_len, key, &p, (const uint8_t *)pt, msg_len, &rng),
            SEAL_OK);
        assert_int_equal(rp.pos, rp.len);
        assert_int_equal(out_len, want_len);
        tu_assert_bytes(out, want, want_len, kinds[kk].field);
        tu_assert_bytes(key, dem_key, 32, "dem key");
        /* the same bytes with the servers' keys prepared once */
        static seal_prepared_key prep[3];
        for (size_t i = 0; i < 3; i++) {
            assert_int_equal(seal_key_server_prepare(&prep[i], &ks[i]), SEAL_OK);
        }
        p.prepared = prep;
        rp.pos = 0;
        memset(out, 0, sizeof out);
        assert_int_equal(
            seal_encrypt(out, sizeof out, &out_len, key, &p, (const uint8_t *)pt, msg_len, &rng),
            SEAL_OK);
        assert_int_equal(out_len, want_len);
        tu_assert_bytes(out, want, want_len, "prepared keys");
        uint8_t back[64];
        size_t back_len = 0;
        assert_int_equal(dec(out, out_len, &k, true, back, sizeof back, &back_len), SEAL_OK);
        if (kinds[kk].dem == SEAL_DEM_PLAIN) {
            assert_int_equal(back_len, 32);
            tu_assert_bytes(back, dem_key, 32, "plain result");
        } else {
            assert_int_equal(back_len, strlen(pt));
            assert_memory_equal(back, pt, back_len);
        }
        free(want);
    }
    /* encrypted_object_aes_aad_none_hex is the AES object re-encoded with aad = None (same
     * blob, so it no longer authenticates): check the encoding, and that it is rejected. */
    size_t al, nl;
    uint8_t *aes = tu_hex_alloc(tu_str(v, "encrypted_object_aes_hex"), &al);
    uint8_t *none = tu_hex_alloc(tu_str(v, "encrypted_object_aes_aad_none_hex"), &nl);
    static seal_object o;
    uint8_t re[1024];
    size_t rl = 0;
    assert_int_equal(seal_object_decode(&o, aes, al), SEAL_OK);
    o.has_aad = false;
    o.aad = NULL;
    o.aad_len = 0;
    assert_int_equal(seal_object_encode(re, sizeof re, &rl, &o), SEAL_OK);
    assert_int_equal(rl, nl);
    tu_assert_bytes(re, none, nl, "aad None re-encoding");
    uint8_t back[64];
    size_t back_len = 0;
    assert_int_equal(dec(none, nl, &k, true, back, sizeof back, &back_len), SEAL_ERR_DECRYPTION);
    free(aes);
    free(none);
    json_decref(j);
}

/* ---- streaming vs one-shot, tampering ---- */

typedef struct world {
    uint8_t msk[3][32];
    seal_key_server ks[3];
    seal_user_key uk[3];
    uint8_t package_id[32];
    uint8_t id[5];
} world;

static void make_world(world *w, seal_rng *rng) {
    memset(w, 0, sizeof *w);
    memset(w->package_id, 0x11, 32);
    memcpy(w->id, "abcde", 5);
    uint8_t fid[37];
    size_t fl;
    assert_int_equal(seal_keys_full_id(fid, sizeof fid, &fl, w->package_id, w->id, 5), SEAL_OK);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(seal_keys_generate(w->msk[i], w->ks[i].public_key, rng), SEAL_OK);
        memset(w->ks[i].object_id, 0xa0 + i, 32);
        w->ks[i].weight = 1;
        memcpy(w->uk[i].object_id, w->ks[i].object_id, 32);
        assert_int_equal(seal_keys_extract(w->uk[i].key, w->msk[i], fid, fl), SEAL_OK);
    }
}

static void test_stream_equals_one_shot(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 2024);
    seal_rng rng = {tu_fill, &r};
    static world w;
    make_world(&w, &rng);
    static const size_t sizes[] = {0,    1,    15,   16,    17,    31,    32,    33,
                                   4095, 4096, 4097, 16383, 16384, 16385, 50000, 100001};
    static uint8_t msg[100001], obj[101000], out[101000];
    tu_rng_bytes(&r, msg, sizeof msg);
    const size_t n_fixed = sizeof sizes / sizeof sizes[0];
    for (size_t si = 0; si < n_fixed + 6; si++) {
        for (int dem = 0; dem < 2; dem++) {
            size_t len;
            if (si < n_fixed) {
                len = sizes[si];
            } else { /* random sizes */
                uint8_t rb[4];
                tu_rng_bytes(&r, rb, sizeof rb);
                len = (size_t)(rb[0] | rb[1] << 8 | (rb[2] & 1) << 16) % (sizeof msg + 1);
            }
            uint8_t seed[8];
            tu_rng_bytes(&r, seed, 8);
            tu_rng a, b;
            tu_rng_init(&a, seed[0] | (uint64_t)seed[1] << 8);
            b = a;
            seal_rng ra = {tu_fill, &a}, rb = {tu_fill, &b};
            uint8_t aad[7] = {1, 2, 3, 4, 5, 6, 7};
            seal_encrypt_params p = {w.package_id,
                                     w.id,
                                     5,
                                     w.ks,
                                     3,
                                     2,
                                     dem == 0 ? SEAL_DEM_AES_256_GCM : SEAL_DEM_HMAC_256_CTR,
                                     aad,
                                     (size_t)(seed[2] % 8),
                                     false,
                                     NULL};
            /* Rust-style aad = None sometimes, when there is no AAD. */
            p.aad_none = p.aad_len == 0 && (seed[3] & 1) != 0;
            if (p.aad_none) {
                p.aad = NULL;
            }
            size_t obj_len = 0;
            uint8_t k1[32], k2[32];
            assert_int_equal(seal_encrypt(obj, sizeof obj, &obj_len, k1, &p, msg, len, &ra),
                             SEAL_OK);
            tu_mem_reader in = {msg, len, 0};
            seal_reader rd = {tu_mem_read, NULL, &in};
            tu_mem_writer ow = {0};
            seal_writer wr = {tu_mem_write, &ow};
            assert_int_equal(seal_encrypt_stream(&wr, k2, &p, &rd, len, &rb), SEAL_OK);
            assert_int_equal(ow.len, obj_len);
            tu_assert_bytes(ow.p, obj, obj_len, "stream object");
            assert_memory_equal(k1, k2, 32);
            /* Decrypt both ways with 2 of 3 keys (a different pair each time) and the check. */
            seal_user_key two[2] = {w.uk[si % 3], w.uk[(si + 1) % 3]};
            seal_decrypt_params dp = {two, 2, w.ks, 3, 0};
            size_t out_len = 0;
            assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &dp), SEAL_OK);
            assert_int_equal(out_len, len);
            assert_memory_equal(out, msg, len);
            tu_mem_reader in2 = {obj, obj_len, 0};
            seal_reader rd2 = {tu_mem_read, tu_mem_seek, &in2};
            tu_mem_writer pw = {0};
            seal_writer wr2 = {tu_mem_write, &pw};
            uint64_t plen = 0;
            assert_int_equal(seal_decrypt_stream(&wr2, &plen, &rd2, &dp), SEAL_OK);
            assert_int_equal(plen, len);
            assert_int_equal(pw.len, len);
            if (len > 0) {
                assert_memory_equal(pw.p, msg, len);
            }
            /* Header-only decode of the stream. */
            static seal_object so, mo;
            static uint8_t idb[SEAL_MAX_ID_BYTES];
            tu_mem_reader in3 = {obj, obj_len, 0};
            seal_reader rd3 = {tu_mem_read, NULL, &in3}; /* not seekable: reads forward */
            assert_int_equal(seal_object_decode_stream(&so, idb, &rd3), SEAL_OK);
            assert_int_equal(seal_object_decode(&mo, obj, obj_len), SEAL_OK);
            assert_int_equal(so.blob_len, mo.blob_len);
            assert_int_equal(so.aad_len, mo.aad_len);
            assert_memory_equal(so.encrypted_shares, mo.encrypted_shares,
                                sizeof so.encrypted_shares);
            assert_memory_equal(so.mac, mo.mac, 32);
            /* Decrypting a stream needs seeking (except Plain). */
            tu_mem_reader in4 = {obj, obj_len, 0};
            seal_reader rd4 = {tu_mem_read, NULL, &in4};
            assert_int_equal(seal_decrypt_stream(&wr2, &plen, &rd4, &dp), SEAL_ERR_UNSUPPORTED);
            free(ow.p);
            free(pw.p);
        }
    }
}

static void test_tampering_releases_nothing(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 7);
    seal_rng rng = {tu_fill, &r};
    static world w;
    make_world(&w, &rng);
    static uint8_t msg[40000], obj[41000], bad[41000], out[41000];
    tu_rng_bytes(&r, msg, sizeof msg);
    seal_decrypt_params dp = {w.uk, 2, w.ks, 3, 0};
    for (int dem = 0; dem < 2; dem++) {
        uint8_t aad[4] = {9, 8, 7, 6};
        seal_encrypt_params p = {w.package_id,
                                 w.id,
                                 5,
                                 w.ks,
                                 3,
                                 2,
                                 dem == 0 ? SEAL_DEM_AES_256_GCM : SEAL_DEM_HMAC_256_CTR,
                                 aad,
                                 4,
                                 false,
                                 NULL};
        size_t obj_len = 0;
        assert_int_equal(seal_encrypt(obj, sizeof obj, &obj_len, NULL, &p, msg, sizeof msg, &rng),
                         SEAL_OK);
        static seal_object o;
        assert_int_equal(seal_object_decode(&o, obj, obj_len), SEAL_OK);
        size_t blob_off = (size_t)(o.blob - obj);
        size_t aad_off = (size_t)(o.aad - obj);
        /* Positions to flip: ciphertext start/middle/end, tag or mac, aad. */
        size_t pos[6] = {
            blob_off,   blob_off + o.blob_len / 2, blob_off + o.blob_len - 1, aad_off, aad_off + 3,
            obj_len - 1};
        for (size_t k = 0; k < 6; k++) {
            memcpy(bad, obj, obj_len);
            bad[pos[k]] ^= (uint8_t)(1u << (k % 8));
            size_t out_len = 7;
            memset(out, 0xcc, sizeof out);
            assert_int_equal(seal_decrypt(out, sizeof out, &out_len, bad, obj_len, &dp),
                             SEAL_ERR_DECRYPTION);
            assert_int_equal(out_len, 0);
            for (size_t b = 0; b < sizeof out; b++) {
                assert_int_equal(out[b], 0);
            }
            tu_mem_reader in = {bad, obj_len, 0};
            seal_reader rd = {tu_mem_read, tu_mem_seek, &in};
            tu_mem_writer pw = {0};
            seal_writer wr = {tu_mem_write, &pw};
            uint64_t plen = 5;
            assert_int_equal(seal_decrypt_stream(&wr, &plen, &rd, &dp), SEAL_ERR_DECRYPTION);
            assert_int_equal(pw.len, 0); /* no plaintext released */
            assert_int_equal(pw.calls, 0);
            assert_int_equal(plen, 0);
            free(pw.p);
        }
        /* Wrong keys: the nonce check fails, same error. */
        seal_user_key wrong[2] = {w.uk[0], w.uk[1]};
        memcpy(wrong[0].key, w.uk[2].key, 48);
        seal_decrypt_params wp = {wrong, 2, NULL, 0, 0};
        size_t out_len = 0;
        assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &wp),
                         SEAL_ERR_DECRYPTION);
        /* Missing public key for the consistency check: argument error. */
        seal_decrypt_params mp = {w.uk, 2, w.ks, 2, 0};
        assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &mp),
                         SEAL_ERR_INVALID_ARGUMENT);
        /* More keys than the threshold. */
        seal_decrypt_params all = {w.uk, 3, w.ks, 3, 0};
        assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &all), SEAL_OK);
        assert_memory_equal(out, msg, sizeof msg);
    }
}

static seal_err failing_write(void *ctx, const uint8_t *buf, size_t len) {
    (void)ctx;
    (void)buf;
    (void)len;
    return SEAL_ERR_IO;
}

static seal_err failing_read(void *ctx, uint8_t *buf, size_t len, size_t *got) {
    (void)ctx;
    (void)buf;
    (void)len;
    *got = 0;
    return SEAL_ERR_IO;
}

/* Stream edge cases: short input, I/O errors passed through, truncated and extended objects. */
static void test_stream_errors(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 9);
    seal_rng rng = {tu_fill, &r};
    static world w;
    make_world(&w, &rng);
    static uint8_t msg[5000], obj[6000], ext[6001];
    seal_encrypt_params p = {w.package_id,          w.id, 5, w.ks,  3,   2,
                             SEAL_DEM_HMAC_256_CTR, NULL, 0, false, NULL};
    seal_decrypt_params dp = {w.uk, 2, w.ks, 3, 0};
    tu_mem_writer ow = {0};
    seal_writer wr = {tu_mem_write, &ow};
    /* Fewer bytes than announced. */
    tu_mem_reader in = {msg, 100, 0};
    seal_reader rd = {tu_mem_read, NULL, &in};
    assert_int_equal(seal_encrypt_stream(&wr, NULL, &p, &rd, 101, &rng), SEAL_ERR_IO);
    /* Writer and reader errors are passed through. */
    seal_writer bad_wr = {failing_write, NULL};
    in.pos = 0;
    assert_int_equal(seal_encrypt_stream(&bad_wr, NULL, &p, &rd, 100, &rng), SEAL_ERR_IO);
    seal_reader bad_rd = {failing_read, NULL, NULL};
    assert_int_equal(seal_encrypt_stream(&wr, NULL, &p, &bad_rd, 100, &rng), SEAL_ERR_IO);
    uint64_t plen;
    assert_int_equal(seal_decrypt_stream(&wr, &plen, &bad_rd, &dp), SEAL_ERR_IO);
    /* A good object, then truncations and an extra byte. */
    size_t obj_len = 0;
    assert_int_equal(seal_encrypt(obj, sizeof obj, &obj_len, NULL, &p, msg, sizeof msg, &rng),
                     SEAL_OK);
    static const size_t cuts[] = {0, 1, 40, 300, 1000, 4000, 5400};
    for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
        size_t l = cuts[k] < obj_len ? cuts[k] : obj_len - 1;
        tu_mem_reader ti = {obj, l, 0};
        seal_reader trd = {tu_mem_read, tu_mem_seek, &ti};
        ow.len = 0;
        assert_int_not_equal(seal_decrypt_stream(&wr, &plen, &trd, &dp), SEAL_OK);
        assert_int_equal(ow.len, 0);
    }
    memcpy(ext, obj, obj_len);
    ext[obj_len] = 0;
    tu_mem_reader xi = {ext, obj_len + 1, 0};
    seal_reader xrd = {tu_mem_read, tu_mem_seek, &xi};
    ow.len = 0;
    assert_int_equal(seal_decrypt_stream(&wr, &plen, &xrd, &dp), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(ow.len, 0);
    /* A writer failing during decryption. */
    tu_mem_reader gi = {obj, obj_len, 0};
    seal_reader grd = {tu_mem_read, tu_mem_seek, &gi};
    assert_int_equal(seal_decrypt_stream(&bad_wr, &plen, &grd, &dp), SEAL_ERR_IO);
    free(ow.p);
}

static void test_parameter_checks(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 8);
    seal_rng rng = {tu_fill, &r};
    static world w;
    make_world(&w, &rng);
    uint8_t out[2048];
    size_t out_len;
    seal_encrypt_params p = {w.package_id,         w.id, 5, w.ks,  3,   4,
                             SEAL_DEM_AES_256_GCM, NULL, 0, false, NULL};
    assert_int_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, NULL, 0, &rng),
                     SEAL_ERR_INVALID_ARGUMENT); /* t > n */
    p.threshold = 0;
    assert_int_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, NULL, 0, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    p.threshold = 2;
    p.dem = SEAL_DEM_PLAIN;
    assert_int_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, out, 1, &rng),
                     SEAL_ERR_INVALID_ARGUMENT); /* Plain carries no message */
    p.dem = SEAL_DEM_AES_256_GCM;
    assert_int_equal(seal_encrypt(out, 10, &out_len, NULL, &p, NULL, 0, &rng), SEAL_ERR_LIMIT);
    assert_int_equal(out_len, seal_encrypt_size(&p, 0));
    /* A bad public key. */
    seal_key_server bad[3];
    memcpy(bad, w.ks, sizeof bad);
    memset(bad[1].public_key, 0xff, 96);
    p.servers = bad;
    assert_int_not_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, NULL, 0, &rng), SEAL_OK);
    /* Weights: a server of weight 2 takes two consecutive indices; 256 positions are too many. */
    seal_key_server wk[2] = {w.ks[0], w.ks[1]};
    wk[0].weight = 2;
    p.servers = wk;
    p.n_servers = 2;
    assert_int_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, NULL, 0, &rng), SEAL_OK);
    static seal_object o;
    assert_int_equal(seal_object_decode(&o, out, out_len), SEAL_OK);
    assert_int_equal(o.n_services, 3);
    assert_memory_equal(o.service_ids[0], o.service_ids[1], 32);
    assert_int_equal(o.service_indices[1], 2);
    /* One key of the weight-2 server reaches threshold 2. */
    seal_decrypt_params dp = {w.uk, 1, NULL, 0, 0};
    size_t pl;
    uint8_t pt[64];
    assert_int_equal(seal_decrypt(pt, sizeof pt, &pl, out, out_len, &dp), SEAL_OK);
    assert_int_equal(pl, 0);
    wk[0].weight = 200;
    wk[1].weight = 56;
    assert_int_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, NULL, 0, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    wk[1].weight = 0;
    assert_int_equal(seal_encrypt(out, sizeof out, &out_len, NULL, &p, NULL, 0, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
}

/* Prepared keys: the same object as the compressed keys for weighted servers and a key repeated
 * across servers; refused when a prepared key does not match its server; bad keys refused by
 * seal_key_server_prepare, which then leaves zeros. */
static void test_prepared_keys(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 9);
    seal_rng rng = {tu_fill, &r};
    static world w;
    make_world(&w, &rng);
    static seal_prepared_key prep[4];
    seal_key_server ks[4] = {w.ks[0], w.ks[1], w.ks[2], w.ks[0]};
    memset(ks[3].object_id, 0xee, 32); /* another object id with the first server's key */
    ks[1].weight = 3;
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(seal_key_server_prepare(&prep[i], &ks[i]), SEAL_OK);
    }
    seal_encrypt_params p = {w.package_id,         w.id, 5, ks,    4,   3,
                             SEAL_DEM_AES_256_GCM, NULL, 0, false, NULL};
    uint8_t msg[100], a[4096], b[4096];
    size_t al = 0, bl = 0;
    memset(msg, 0x5a, sizeof msg);
    for (int with_prep = 0; with_prep < 2; with_prep++) {
        tu_rng_init(&r, 10);
        p.prepared = with_prep ? prep : NULL;
        assert_int_equal(seal_encrypt(with_prep ? b : a, 4096, with_prep ? &bl : &al, NULL, &p, msg,
                                      sizeof msg, &rng),
                         SEAL_OK);
    }
    assert_int_equal(al, bl);
    assert_memory_equal(a, b, al);
    /* a prepared key made from another server's key */
    p.prepared = prep;
    prep[2] = prep[0];
    assert_int_equal(seal_encrypt(b, sizeof b, &bl, NULL, &p, msg, sizeof msg, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    /* keys that do not validate */
    seal_key_server bad = w.ks[0];
    static seal_prepared_key out, zero;
    memset(bad.public_key, 0xff, 96);
    assert_int_not_equal(seal_key_server_prepare(&out, &bad), SEAL_OK);
    assert_memory_equal(&out, &zero, sizeof out);
    memset(bad.public_key, 0, 96);
    bad.public_key[0] = 0xc0; /* the identity */
    assert_int_equal(seal_key_server_prepare(&out, &bad), SEAL_ERR_IDENTITY);
    assert_memory_equal(&out, &zero, sizeof out);
}

/* More keys than one batch of final exponentiations (SEAL_FINAL_EXP_BATCH_MAX = 4) with weighted
 * servers whose positions straddle the batches: every threshold subset and all keys decrypt,
 * with and without the consistency check, whatever the order of the keys given. */
#define MANY 7
static void test_many_keys(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 21);
    seal_rng rng = {tu_fill, &r};
    static const uint8_t package[32] = {0x42}, id[3] = {1, 2, 3};
    static const uint8_t weights[MANY] = {1, 2, 1, 1, 3, 1, 1};
    uint8_t fid[64], msk[32];
    size_t fl = 0;
    assert_int_equal(seal_keys_full_id(fid, sizeof fid, &fl, package, id, 3), SEAL_OK);
    static seal_key_server ks[MANY];
    static seal_user_key uk[MANY], sub[MANY];
    for (int i = 0; i < MANY; i++) {
        assert_int_equal(seal_keys_generate(msk, ks[i].public_key, &rng), SEAL_OK);
        memset(ks[i].object_id, 0x30 + i, 32);
        ks[i].weight = weights[i];
        memcpy(uk[i].object_id, ks[i].object_id, 32);
        assert_int_equal(seal_keys_extract(uk[i].key, msk, fid, fl), SEAL_OK);
    }
    seal_encrypt_params p = {package, id, 3,     ks,  MANY, 8, SEAL_DEM_AES_256_GCM,
                             NULL,    0,  false, NULL};
    static uint8_t obj[8192], out[256];
    uint8_t msg[200];
    size_t obj_len = 0, out_len = 0;
    tu_rng_bytes(&r, msg, sizeof msg);
    assert_int_equal(seal_encrypt(obj, sizeof obj, &obj_len, NULL, &p, msg, sizeof msg, &rng),
                     SEAL_OK);
    /* every subset of the servers whose weights reach 8, keys given in reverse order */
    int tried = 0;
    for (unsigned mask = 1; mask < (1u << MANY); mask++) {
        size_t nk = 0, w = 0;
        for (int i = MANY - 1; i >= 0; i--) {
            if ((mask >> i) & 1) {
                sub[nk++] = uk[i];
                w += weights[i];
            }
        }
        seal_decrypt_params dp = {sub, nk, (mask & 1) ? ks : NULL, (mask & 1) ? MANY : 0, 0};
        memset(out, 0, sizeof out);
        seal_err want = w >= 8 ? SEAL_OK : SEAL_ERR_NOT_ENOUGH_SHARES;
        assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &dp), want);
        if (want == SEAL_OK) {
            assert_int_equal(out_len, sizeof msg);
            assert_memory_equal(out, msg, sizeof msg);
            tried++;
        }
    }
    assert_true(tried > 10);
    /* a wrong key among them (another server's key under the sixth server's id) */
    memcpy(sub, uk, sizeof uk);
    memcpy(sub[5].key, uk[6].key, 48);
    seal_decrypt_params dp = {sub, MANY, NULL, 0, 0};
    assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &dp),
                     SEAL_ERR_DECRYPTION);
}

/* A nonce on the curve but outside G2 is refused as such (its subgroup check is fused with the
 * preparation of its lines). */
static void test_nonce_outside_g2(void **state) {
    (void)state;
    tu_rng r;
    tu_rng_init(&r, 23);
    seal_rng rng = {tu_fill, &r};
    static world w;
    make_world(&w, &rng);
    seal_encrypt_params p = {w.package_id,         w.id, 5, w.ks,  3,   2,
                             SEAL_DEM_AES_256_GCM, NULL, 0, false, NULL};
    static uint8_t obj[1024], bad[1024], out[64];
    uint8_t msg[20] = "twenty bytes message";
    size_t obj_len = 0, out_len = 0;
    assert_int_equal(seal_encrypt(obj, sizeof obj, &obj_len, NULL, &p, msg, sizeof msg, &rng),
                     SEAL_OK);
    static seal_object o;
    assert_int_equal(seal_object_decode(&o, obj, obj_len), SEAL_OK);
    size_t at = 0;
    while (at + 96 <= obj_len && memcmp(obj + at, o.nonce, 96) != 0) {
        at++;
    }
    assert_true(at + 96 <= obj_len);
    /* compressed points x = (c0, c1) with small coordinates until one decodes on the curve but
     * fails the subgroup check */
    seal_g2 pt;
    int found = 0;
    for (uint8_t c = 1; c < 200 && !found; c++) {
        uint8_t enc[96] = {0};
        enc[0] = 0x80;
        enc[47] = c;                /* x.c1 */
        enc[95] = (uint8_t)(c + 5); /* x.c0 */
        if (seal_g2_decompress(&pt, enc) != SEAL_ERR_NOT_IN_SUBGROUP) {
            continue;
        }
        found = 1;
        memcpy(bad, obj, obj_len);
        memcpy(bad + at, enc, 96);
    }
    assert_true(found);
    seal_decrypt_params dp = {w.uk, 2, NULL, 0, 0};
    memset(out, 0xcc, sizeof out);
    assert_int_equal(seal_decrypt(out, sizeof out, &out_len, bad, obj_len, &dp),
                     SEAL_ERR_NOT_IN_SUBGROUP);
    assert_int_equal(out_len, 0);
    seal_decrypt_params dc = {w.uk, 2, w.ks, 3, 0};
    assert_int_equal(seal_decrypt(out, sizeof out, &out_len, bad, obj_len, &dc),
                     SEAL_ERR_NOT_IN_SUBGROUP);
    /* the original still decrypts */
    assert_int_equal(seal_decrypt(out, sizeof out, &out_len, obj, obj_len, &dp), SEAL_OK);
    assert_memory_equal(out, msg, sizeof msg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upstream_decryption),
        cmocka_unit_test(test_deterministic_example),
        cmocka_unit_test(test_stream_equals_one_shot),
        cmocka_unit_test(test_tampering_releases_nothing),
        cmocka_unit_test(test_stream_errors),
        cmocka_unit_test(test_parameter_checks),
        cmocka_unit_test(test_prepared_keys),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_nonce_outside_g2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
