/* Every BLS12-381 value in the official Seal vectors (tests/vectors/sdk/, made with the TypeScript
 * SDK @mysten/seal 1.4.12, and tests/vectors/spec/, upstream MystenLabs/seal) that can be checked
 * with the BLS API alone:
 *   H1(full_id) = hash_to_G1("SUI-SEAL-IBE-BLS12381-00" || full_id) with the G1 DST below,
 *   pk = msk G2, usk = msk H1(full_id) and e(usk, G2) = e(H1(full_id), pk),
 *   IBE nonces r G2, per-share GT values e(r H1(id), pk) = e(usk, r G2), GT bytes,
 *   ElGamal key pairs, ciphertexts and decryptions, committee shares and Lagrange aggregation,
 *   proofs of possession, scalar range rules. */
#include "bls_test_groups.h"

static const char DST_ID[] = "SUI-SEAL-IBE-BLS12381-00";
static const char DST_POP[] = "SUI-SEAL-IBE-BLS12381-POP-00";
static const char G1_DST[] = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

/* ---- helpers ---- */

/* Strips an optional 0x. */
static const char *nox(const char *hex) {
    return (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) ? hex + 2 : hex;
}

static const char *str_at(const json_t *obj, const char *path) {
    /* path is "a.b.c" of object keys */
    char buf[200];
    snprintf(buf, sizeof buf, "%s", path);
    const json_t *cur = obj;
    for (char *tok = strtok(buf, "."); tok != NULL; tok = strtok(NULL, ".")) {
        cur = json_object_get(cur, tok);
        if (cur == NULL) {
            fail_msg("missing field %s", path);
        }
    }
    if (!json_is_string(cur)) {
        fail_msg("field %s is not a string", path);
    }
    return json_string_value(cur);
}

/* hash_to_G1 of arbitrary bytes with the Seal G1 DST. */
static void hash_g1(seal_g1 *out, const uint8_t *msg, size_t len) {
    seal_g1_hash_to_curve(out, msg, len, (const uint8_t *)G1_DST, strlen(G1_DST));
}

/* H1(full_id) for a hex full id. */
static void h1(seal_g1 *out, const char *full_id_hex) {
    size_t n = 0;
    uint8_t *id = tu_hex_alloc(nox(full_id_hex), &n);
    size_t pl = strlen(DST_ID);
    uint8_t *msg = malloc(pl + n + 1);
    assert_non_null(msg);
    memcpy(msg, DST_ID, pl);
    memcpy(msg + pl, id, n);
    hash_g1(out, msg, pl + n);
    free(msg);
    free(id);
}

static void scalar_hex(seal_scalar *out, const char *hex) {
    bt_scalar(out, nox(hex));
}

/* Checks msk G2 against pk_hex (compressed); returns the decoded public key in pk. */
static void check_pk(const char *what, size_t i, const char *msk_hex, const char *pk_hex,
                     seal_g2 *pk) {
    seal_scalar msk;
    seal_g2 q;
    scalar_hex(&msk, msk_hex);
    seal_g2_mul_gen(&q, &msk);
    bt_check_point(&BT_G2, what, i, msk_hex, &q, nox(pk_hex), NULL);
    if (pk != NULL) {
        bt_point_c(&BT_G2, pk, nox(pk_hex));
    }
}

/* Checks msk H1(full_id) against usk_hex. */
static void check_usk(const char *what, size_t i, const char *msk_hex, const char *full_id_hex,
                      const char *usk_hex) {
    seal_scalar msk;
    seal_g1 h, u;
    scalar_hex(&msk, msk_hex);
    h1(&h, full_id_hex);
    seal_g1_mul(&u, &h, &msk);
    char input[400];
    snprintf(input, sizeof input, "msk=%s full_id=%.200s", msk_hex, full_id_hex);
    bt_check_point(&BT_G1, what, i, input, &u, nox(usk_hex), NULL);
}

/* e(usk, G2) == e(H1(full_id), pk), evaluated twice: as two pairings and as a product check. */
static bool usk_verifies(const seal_g1 *usk, const char *full_id_hex, const seal_g2 *pk) {
    seal_g1 h, p[2];
    seal_g2 g2, q[2];
    seal_gt a, b;
    h1(&h, full_id_hex);
    seal_g2_generator(&g2);
    seal_pairing(&a, usk, &g2);
    seal_pairing(&b, &h, pk);
    bool two = seal_gt_equal(&a, &b);
    seal_g1_neg(&p[0], usk);
    q[0] = g2;
    p[1] = h;
    q[1] = *pk;
    bool prod = seal_pairing_product_is_one(p, q, 2);
    if (two != prod) {
        bt_failures++;
        fprintf(stderr, "MISMATCH gt_equal(e(usk,G2), e(H1,pk)) = %d but product_is_one = %d\n",
                two, prod);
    }
    return two;
}

static void check_usk_verifies(const char *what, size_t i, const char *usk_hex,
                               const char *full_id_hex, const char *pk_hex, bool expect) {
    seal_g1 usk;
    seal_g2 pk;
    bt_point_c(&BT_G1, &usk, nox(usk_hex));
    bt_point_c(&BT_G2, &pk, nox(pk_hex));
    char input[400];
    snprintf(input, sizeof input, "usk=%s full_id=%.200s", usk_hex, full_id_hex);
    bt_check(usk_verifies(&usk, full_id_hex, &pk) == expect, what, i, input);
}

static void check_gt_hex(const char *what, size_t i, const char *input, const seal_gt *e,
                         const char *want_hex) {
    uint8_t want[SEAL_GT_BYTES], got[SEAL_GT_BYTES];
    bt_hex(want, SEAL_GT_BYTES, nox(want_hex));
    seal_gt_to_bytes(got, e);
    bt_check_bytes(what, i, input, got, want, SEAL_GT_BYTES);
}

static const json_t *find_by(const json_t *arr, const char *key, const char *value) {
    size_t i;
    const json_t *c;
    json_array_foreach(arr, i, c) {
        const json_t *v = json_object_get(c, key);
        if (v != NULL && json_is_string(v) && strcmp(json_string_value(v), value) == 0) {
            return c;
        }
    }
    fail_msg("no entry with %s = %s", key, value);
    return NULL;
}

/* ---- hash to G1 and generators ---- */

static void test_hash_to_g1(void **state) {
    (void)state;
    bt_start();
    json_t *sdk = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(sdk, "hash_to_g1"), "cases");
    assert_true(json_array_size(cases) >= 7);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c) {
        seal_g1 h;
        h1(&h, tu_str(c, "input_hex"));
        bt_check_point(&BT_G1, "sdk hash_to_g1 H1(input)", i, tu_str(c, "input_hex"), &h,
                       tu_str(c, "output_hex"), NULL);
    }
    json_decref(sdk);

    json_t *spec = tu_load_json("spec/primitives.json");
    json_t *vecs = json_object_get(spec, "vectors");
    const json_t *v = find_by(vecs, "name", "hash_to_g1_regression");
    seal_g1 h;
    h1(&h, tu_str(v, "full_id"));
    bt_check_point(&BT_G1, "spec hash_to_g1_regression", 0, tu_str(v, "full_id"), &h,
                   tu_str(v, "output_g1_compressed"), NULL);

    v = find_by(vecs, "name", "generators_and_gt_serialization");
    seal_g1 g1;
    seal_g2 g2;
    seal_gt e;
    seal_g1_generator(&g1);
    seal_g2_generator(&g2);
    bt_check_point(&BT_G1, "spec G1 generator", 0, NULL, &g1, tu_str(v, "g1_generator_compressed"),
                   NULL);
    bt_check_point(&BT_G2, "spec G2 generator", 0, NULL, &g2, tu_str(v, "g2_generator_compressed"),
                   NULL);
    seal_pairing(&e, &g1, &g2);
    check_gt_hex("spec gt_generator_576_bytes = e(G1, G2)", 0, NULL, &e,
                 tu_str(v, "gt_generator_576_bytes"));
    json_decref(spec);
    bt_finish(__func__);
}

/* ---- public keys and user secret keys ---- */

static void test_public_keys(void **state) {
    (void)state;
    bt_start();
    json_t *sdk = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(sdk, "public_keys"), "cases");
    assert_true(json_array_size(cases) >= 3);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c) {
        check_pk("sdk public_keys pk = msk G2", i, tu_str(c, "msk_hex"), tu_str(c, "pk_hex"), NULL);
    }
    json_decref(sdk);

    json_t *servers = tu_load_json("sdk/servers.json");
    json_t *list = json_object_get(servers, "servers");
    assert_true(json_array_size(list) >= 5);
    json_array_foreach(list, i, c) {
        check_pk("servers.json pk = msk G2", i, tu_str(c, "msk_hex"), tu_str(c, "pk_hex"), NULL);
    }
    /* key server objects carry the same public keys */
    json_t *objs = tu_load_json("sdk/keyserver_objects.json");
    json_t *oc = json_object_get(objs, "cases");
    assert_true(json_array_size(oc) >= 1);
    json_array_foreach(oc, i, c) {
        const json_t *srv = find_by(list, "object_id", tu_str(c, "object_id"));
        const char *pk = str_at(c, "sdk_retrieveKeyServers_result.pk");
        seal_g2 q;
        bt_point_c(&BT_G2, &q, pk);
        bt_check(strcmp(pk, tu_str(srv, "pk_hex")) == 0, "keyserver object pk = servers.json pk", i,
                 pk);
    }
    json_decref(objs);
    json_decref(servers);
    bt_finish(__func__);
}

static void test_user_secret_keys(void **state) {
    (void)state;
    bt_start();
    size_t i, j;
    json_t *c, *k;

    json_t *sdk = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(sdk, "user_secret_keys"), "cases");
    assert_true(json_array_size(cases) >= 4);
    json_array_foreach(cases, i, c) {
        check_pk("sdk user_secret_keys pk", i, tu_str(c, "msk_hex"), tu_str(c, "pk_hex"), NULL);
        check_usk("sdk user_secret_keys usk = msk H1(id)", i, tu_str(c, "msk_hex"),
                  tu_str(c, "full_id_hex"), tu_str(c, "usk_hex"));
        check_usk_verifies("sdk user_secret_keys e(usk,G2) = e(H1,pk)", i, tu_str(c, "usk_hex"),
                           tu_str(c, "full_id_hex"), tu_str(c, "pk_hex"), true);
        /* a key for another id does not verify */
        check_usk_verifies("sdk usk does not verify for full_id || 00", i, tu_str(c, "usk_hex"),
                           "00", tu_str(c, "pk_hex"), false);
    }
    json_decref(sdk);

    json_t *servers = tu_load_json("sdk/servers.json");
    json_t *slist = json_object_get(servers, "servers");
    json_t *groups = json_object_get(servers, "groups");
    assert_true(json_array_size(groups) >= 4);
    size_t n = 0;
    json_array_foreach(groups, i, c) {
        json_array_foreach(json_object_get(c, "key_servers"), j, k) {
            const json_t *srv = find_by(slist, "object_id", tu_str(k, "object_id"));
            check_usk("servers.json group derived key", n, tu_str(srv, "msk_hex"),
                      tu_str(c, "full_id_hex"), tu_str(k, "derived_key_hex"));
            n++;
        }
    }
    assert_true(n >= 4);

    /* negative.json: the key servers of its object */
    json_t *neg = tu_load_json("sdk/negative.json");
    char fid[200];
    snprintf(fid, sizeof fid, "%s%s", nox(tu_str(neg, "package_id")), tu_str(neg, "id_hex"));
    json_array_foreach(json_object_get(neg, "key_servers"), j, k) {
        const json_t *srv = find_by(slist, "object_id", tu_str(k, "object_id"));
        check_usk("negative.json derived key", j, tu_str(srv, "msk_hex"), fid,
                  tu_str(k, "derived_key_hex"));
        check_usk_verifies("negative.json derived key verifies", j, tu_str(k, "derived_key_hex"),
                           fid, tu_str(k, "pk_hex"), true);
    }
    json_decref(neg);
    json_decref(servers);

    /* rust_interop.json: keys made by the Rust seal-cli. The full id is package_id || id of the
     * object: version (1 byte), package id (32 bytes), id length (1-byte ULEB128 here), id. */
    json_t *rust = tu_load_json("sdk/rust_interop.json");
    json_array_foreach(json_object_get(rust, "cases"), i, c) {
        const char *obj = tu_str(c, "encrypted_object_hex");
        size_t olen = 0;
        uint8_t *ob = tu_hex_alloc(obj, &olen);
        assert_true(olen > 34 && ob[33] < 0x80 && olen > 34u + ob[33]);
        char full[2 * (32 + 127) + 1];
        seal_hex_encode(full, ob + 1, 32);
        seal_hex_encode(full + 64, ob + 34, ob[33]);
        free(ob);
        json_t *dks = json_object_get(c, "derived_keys");
        json_t *msks = json_object_get(c, "master_keys");
        json_t *pks = json_object_get(c, "public_keys");
        const char *oid;
        json_t *dk;
        json_object_foreach(dks, oid, dk) {
            seal_g1 u;
            bt_point_c(&BT_G1, &u, json_string_value(dk)); /* decodes as a G1 point */
            if (msks != NULL) {
                const char *m = json_string_value(json_object_get(msks, oid));
                assert_non_null(m);
                check_usk("rust_interop derived key = msk H1(full_id)", i, m, full,
                          json_string_value(dk));
            }
            if (pks != NULL) {
                /* The public keys of rust_inconsistent_shares are quoted from the SDK test-suite
                 * and do not belong to these derived keys (noble agrees); check they decode. */
                seal_g2 q;
                bt_point_c(&BT_G2, &q, json_string_value(json_object_get(pks, oid)));
            }
        }
    }
    json_decref(rust);
    bt_finish(__func__);
}

/* ---- GT ---- */

static void test_gt_serialization(void **state) {
    (void)state;
    bt_start();
    json_t *sdk = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(sdk, "gt_serialization"), "cases");
    assert_true(json_array_size(cases) >= 3);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c) {
        seal_scalar a, b;
        seal_scalar_from_u64(&a, strtoull(tu_str(c, "g1_scalar"), NULL, 10));
        seal_scalar_from_u64(&b, strtoull(tu_str(c, "g2_scalar"), NULL, 10));
        seal_g1 p;
        seal_g2 q;
        seal_gt e;
        seal_g1_mul_gen(&p, &a);
        seal_g2_mul_gen(&q, &b);
        bt_check_point(&BT_G1, "gt_serialization g1 = a G1", i, tu_str(c, "g1_scalar"), &p,
                       tu_str(c, "g1_hex"), NULL);
        bt_check_point(&BT_G2, "gt_serialization g2 = b G2", i, tu_str(c, "g2_scalar"), &q,
                       tu_str(c, "g2_hex"), NULL);
        seal_pairing(&e, &p, &q);
        check_gt_hex("gt_serialization e(aG1, bG2)", i, tu_str(c, "g1_scalar"), &e,
                     tu_str(c, "gt_hex"));
    }

    /* kdf inputs: case 0 is e(G1, 12345 G2) with nonce 12345 G2 (the upstream KDF regression);
     * every GT value round-trips through fp12_from_bytes and every nonce decodes. */
    cases = json_object_get(json_object_get(sdk, "kdf"), "cases");
    assert_true(json_array_size(cases) >= 4);
    json_array_foreach(cases, i, c) {
        uint8_t b[SEAL_GT_BYTES], back[SEAL_GT_BYTES];
        bt_hex(b, SEAL_GT_BYTES, tu_str(c, "gt_hex"));
        seal_fp12 f;
        if (bt_check(seal_fp12_from_bytes(&f, b) == SEAL_OK, "kdf gt decodes", i, NULL)) {
            seal_gt_to_bytes(back, &f);
            bt_check_bytes("kdf gt round trip", i, NULL, back, b, SEAL_GT_BYTES);
        }
        seal_g2 nonce;
        bt_point_c(&BT_G2, &nonce, tu_str(c, "nonce_hex"));
    }
    c = json_array_get(cases, 0);
    {
        seal_scalar k;
        seal_g1 g1;
        seal_g2 q;
        seal_gt e, e1;
        seal_scalar_from_u64(&k, 12345);
        seal_g1_generator(&g1);
        seal_g2_mul_gen(&q, &k);
        bt_check_point(&BT_G2, "kdf regression nonce = 12345 G2", 0, NULL, &q,
                       tu_str(c, "nonce_hex"), NULL);
        seal_pairing(&e, &g1, &q);
        check_gt_hex("kdf regression gt = e(G1, 12345 G2)", 0, NULL, &e, tu_str(c, "gt_hex"));
        /* = GT generator ^ 12345, as the spec describes it */
        seal_g2 g2;
        seal_g2_generator(&g2);
        seal_pairing(&e1, &g1, &g2);
        seal_gt_pow(&e, &e1, &k);
        check_gt_hex("kdf regression gt = e(G1, G2)^12345", 0, NULL, &e, tu_str(c, "gt_hex"));
    }
    json_decref(sdk);
    bt_finish(__func__);
}

/* ---- proofs of possession ---- */

static void check_pop(const char *what, size_t i, const char *msk_hex, const char *pk_hex,
                      const char *object_id, const char *msg_hex, const char *pop_hex) {
    seal_g2 pk;
    check_pk(what, i, msk_hex, pk_hex, &pk);
    /* message = DST_POP || pk || object id */
    char want_msg[2 * (28 + 96 + 32) + 1];
    size_t dl = strlen(DST_POP);
    seal_hex_encode(want_msg, (const uint8_t *)DST_POP, dl);
    snprintf(want_msg + 2 * dl, sizeof want_msg - 2 * dl, "%s%s", nox(pk_hex), nox(object_id));
    bt_check(strcmp(want_msg, msg_hex) == 0, "pop message = DST_POP || pk || object id", i,
             msg_hex);
    size_t ml = 0;
    uint8_t *msg = tu_hex_alloc(msg_hex, &ml);
    seal_g1 h, pop, want;
    seal_scalar msk;
    hash_g1(&h, msg, ml);
    free(msg);
    scalar_hex(&msk, msk_hex);
    seal_g1_mul(&pop, &h, &msk);
    bt_check_point(&BT_G1, what, i, msk_hex, &pop, nox(pop_hex), NULL);
    /* verification: e(pop, G2) = e(H(msg), pk) */
    bt_point_c(&BT_G1, &want, nox(pop_hex));
    seal_g1 p[2];
    seal_g2 q[2];
    seal_g1_neg(&p[0], &want);
    seal_g2_generator(&q[0]);
    p[1] = h;
    q[1] = pk;
    bt_check(seal_pairing_product_is_one(p, q, 2), "pop verifies", i, pop_hex);
}

static void test_proof_of_possession(void **state) {
    (void)state;
    bt_start();
    json_t *sdk = tu_load_json("sdk/primitives.json");
    json_t *cases = json_object_get(json_object_get(sdk, "proof_of_possession"), "cases");
    assert_true(json_array_size(cases) >= 2);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c) {
        check_pop("sdk pop = msk H(DST_POP || pk || id)", i, tu_str(c, "msk_hex"),
                  tu_str(c, "pk_hex"), tu_str(c, "object_id"), tu_str(c, "message_hex"),
                  tu_str(c, "pop_hex"));
    }
    json_decref(sdk);
    json_t *spec = tu_load_json("spec/elgamal_committee_pop.json");
    json_t *p = json_object_get(spec, "proof_of_possession");
    check_pop("spec pop", 0, tu_str(p, "master_key"), tu_str(p, "public_key"),
              tu_str(p, "key_server_object_id"), tu_str(p, "hashed_message"), tu_str(p, "pop"));
    json_decref(spec);
    bt_finish(__func__);
}

/* ---- encryption vectors: key servers, nonce, per-share GT ---- */

static void check_encrypt_file(const char *file) {
    json_t *root = tu_load_json(file);
    json_t *vecs = json_object_get(root, "vectors");
    assert_true(json_array_size(vecs) >= 1);
    size_t i, j;
    json_t *v, *k, *s;
    json_array_foreach(vecs, i, v) {
        const char *fid = tu_str(v, "full_id_hex");
        json_t *kss = json_object_get(v, "key_servers");
        json_array_foreach(kss, j, k) {
            check_pk("encrypt key server pk", i, tu_str(k, "msk_hex"), tu_str(k, "pk_hex"), NULL);
            check_usk("encrypt key server derived key", i, tu_str(k, "msk_hex"), fid,
                      tu_str(k, "derived_key_hex"));
        }
        /* IBE randomness r: canonical; nonce = r G2; gid = H1(full_id) */
        seal_scalar r;
        scalar_hex(&r, str_at(v, "randomness.ibe_r_hex"));
        bt_check(!seal_scalar_is_zero(&r), "ibe r is non-zero", i, NULL);
        seal_g2 nonce;
        seal_g2_mul_gen(&nonce, &r);
        bt_check_point(&BT_G2, "encrypt nonce = r G2", i, str_at(v, "randomness.ibe_r_hex"), &nonce,
                       str_at(v, "intermediate.nonce_hex"), NULL);
        seal_g1 gid, gid_r;
        h1(&gid, fid);
        bt_check_point(&BT_G1, "encrypt gid = H1(full_id)", i, fid, &gid,
                       str_at(v, "intermediate.gid_hex"), NULL);
        seal_g1_mul(&gid_r, &gid, &r);
        json_t *shares = json_object_get(json_object_get(v, "intermediate"), "shares");
        json_array_foreach(shares, j, s) {
            const json_t *ks = find_by(kss, "object_id", tu_str(s, "object_id"));
            seal_g2 pk;
            seal_g1 dk;
            seal_gt e;
            bt_point_c(&BT_G2, &pk, tu_str(ks, "pk_hex"));
            bt_point_c(&BT_G1, &dk, tu_str(ks, "derived_key_hex"));
            char what[200];
            snprintf(what, sizeof what, "%s share %zu gt = e(r H1(id), pk)", file, j);
            seal_pairing(&e, &gid_r, &pk);
            check_gt_hex(what, i, tu_str(v, "name"), &e, tu_str(s, "gt_hex"));
            snprintf(what, sizeof what, "%s share %zu gt = e(usk, nonce)", file, j);
            seal_pairing(&e, &dk, &nonce);
            check_gt_hex(what, i, tu_str(v, "name"), &e, tu_str(s, "gt_hex"));
        }
    }
    json_decref(root);
}

static void test_encrypt_vectors(void **state) {
    (void)state;
    bt_start();
    check_encrypt_file("sdk/encrypt_1of1.json");
    check_encrypt_file("sdk/encrypt_2of3.json");
    check_encrypt_file("sdk/encrypt_3of5.json");
    check_encrypt_file("sdk/encrypt_weighted_2of3.json");
    bt_finish(__func__);
}

/* ---- ElGamal and committees ---- */

static void check_keypair(const char *what, size_t i, const char *sk_hex, const char *pk_g1_hex,
                          const char *vk_g2_hex) {
    seal_scalar sk;
    seal_g1 p;
    seal_g2 q;
    scalar_hex(&sk, sk_hex);
    seal_g1_mul_gen(&p, &sk);
    seal_g2_mul_gen(&q, &sk);
    bt_check_point(&BT_G1, what, i, sk_hex, &p, nox(pk_g1_hex), NULL);
    bt_check_point(&BT_G2, what, i, sk_hex, &q, nox(vk_g2_hex), NULL);
}

/* c0 = r G1, c1 = m + r pk, and c1 - sk c0 = m. */
static void check_elgamal(const char *what, size_t i, const char *sk_hex, const char *r_hex,
                          const char *m_hex, const char *c0_hex, const char *c1_hex) {
    seal_scalar sk, r;
    seal_g1 m, pk, c0, c1, t;
    scalar_hex(&sk, sk_hex);
    scalar_hex(&r, r_hex);
    bt_point_c(&BT_G1, &m, nox(m_hex));
    seal_g1_mul_gen(&pk, &sk);
    seal_g1_mul_gen(&c0, &r);
    bt_check_point(&BT_G1, what, i, "c0 = r G1", &c0, nox(c0_hex), NULL);
    seal_g1_mul(&t, &pk, &r);
    seal_g1_add(&c1, &m, &t);
    bt_check_point(&BT_G1, what, i, "c1 = m + r pk", &c1, nox(c1_hex), NULL);
    bt_point_c(&BT_G1, &c0, nox(c0_hex));
    bt_point_c(&BT_G1, &c1, nox(c1_hex));
    seal_g1_mul(&t, &c0, &sk);
    seal_g1_sub(&t, &c1, &t);
    bt_check_point(&BT_G1, what, i, "c1 - sk c0 = m", &t, nox(m_hex), NULL);
}

static void test_elgamal(void **state) {
    (void)state;
    bt_start();
    size_t i;
    json_t *c;
    json_t *eg = tu_load_json("sdk/elgamal.json");
    json_array_foreach(json_object_get(eg, "cases"), i, c) {
        check_keypair("sdk elgamal pk = sk G1, vk = sk G2", i, tu_str(c, "enc_secret_key_hex"),
                      tu_str(c, "enc_public_key_hex"), tu_str(c, "enc_verification_key_hex"));
        check_usk_verifies("sdk elgamal message is the server's key", i, tu_str(c, "message_hex"),
                           tu_str(c, "full_id_hex"), tu_str(c, "server_pk_hex"), true);
        check_elgamal("sdk elgamal", i, tu_str(c, "enc_secret_key_hex"), tu_str(c, "r_hex"),
                      tu_str(c, "message_hex"), tu_str(c, "c0_hex"), tu_str(c, "c1_hex"));
        bt_check(strcmp(tu_str(c, "decrypted_hex"), tu_str(c, "message_hex")) == 0,
                 "sdk elgamal decrypted = message", i, NULL);
    }
    json_decref(eg);

    json_t *ses = tu_load_json("sdk/session.json");
    json_array_foreach(json_object_get(ses, "cases"), i, c) {
        check_keypair("sdk session enc_key = sk G1, enc_verification_key = sk G2", i,
                      tu_str(c, "enc_secret_key_hex"), tu_str(c, "enc_key_hex"),
                      tu_str(c, "enc_verification_key_hex"));
    }
    json_decref(ses);

    json_t *spec = tu_load_json("spec/elgamal_committee_pop.json");
    json_t *e = json_object_get(spec, "elgamal");
    check_keypair("spec elgamal keys", 0, tu_str(e, "eph_secret_key"), tu_str(e, "enc_key_g1"),
                  tu_str(e, "enc_verification_key_g2"));
    check_elgamal("spec elgamal", 0, tu_str(e, "eph_secret_key"),
                  tu_str(e, "encryption_randomness"), tu_str(e, "plaintext_user_secret_key"),
                  tu_str(e, "ciphertext_c1"), tu_str(e, "ciphertext_c2"));
    check_usk_verifies("spec elgamal encverify", 0, tu_str(e, "plaintext_user_secret_key"),
                       tu_str(e, "encverify_full_id"), tu_str(e, "encverify_public_key"),
                       json_is_true(json_object_get(e, "encverify_ok")));
    json_decref(spec);
    bt_finish(__func__);
}

static void test_committee_aggregation(void **state) {
    (void)state;
    bt_start();
    json_t *spec = tu_load_json("spec/elgamal_committee_pop.json");
    json_t *ca = json_object_get(spec, "committee_aggregation");
    const char *fid = tu_str(ca, "full_id");
    check_pk("committee pk = msk G2", 0, tu_str(ca, "committee_master_key"),
             tu_str(ca, "committee_public_key"), NULL);
    check_keypair("committee enc keys", 0, tu_str(ca, "eph_secret_key"), tu_str(ca, "enc_key"),
                  tu_str(ca, "enc_verification_key"));
    json_t *coef = json_object_get(ca, "polynomial_coefficients");
    size_t t = json_array_size(coef);
    assert_true(t >= 2 && t <= 8);
    seal_scalar a[8];
    for (size_t j = 0; j < t; j++) {
        scalar_hex(&a[j], json_string_value(json_array_get(coef, j)));
    }
    seal_scalar esk;
    scalar_hex(&esk, tu_str(ca, "eph_secret_key"));
    seal_g1 h, enc_key;
    h1(&h, fid);
    seal_g1_mul_gen(&enc_key, &esk);
    json_t *parties = json_object_get(ca, "parties");
    size_t i;
    json_t *p;
    json_array_foreach(parties, i, p) {
        /* master share f(x) by Horner's rule */
        seal_scalar x, s;
        seal_scalar_from_u64(&x,
                             (uint64_t)json_integer_value(json_object_get(p, "share_eval_point")));
        s = a[t - 1];
        for (size_t j = t - 1; j-- > 0;) {
            seal_scalar_mul(&s, &s, &x);
            seal_scalar_add(&s, &s, &a[j]);
        }
        uint8_t got[32], want[32];
        seal_scalar_to_bytes(got, &s);
        bt_hex(want, 32, tu_str(p, "master_share"));
        bt_check_bytes("committee master share = f(x)", i, NULL, got, want, 32);
        seal_g2 ppk;
        seal_g2_mul_gen(&ppk, &s);
        bt_check_point(&BT_G2, "committee partial pk = share G2", i, NULL, &ppk,
                       tu_str(p, "partial_pk"), NULL);
        /* encrypted partial key: (r G1, r enc_key + share H1(id)) */
        seal_scalar r;
        seal_g1 c0, c1, t1;
        scalar_hex(&r, tu_str(p, "r"));
        json_t *ek = json_object_get(p, "encrypted_key");
        seal_g1_mul_gen(&c0, &r);
        bt_check_point(&BT_G1, "committee encrypted key c0", i, NULL, &c0,
                       json_string_value(json_array_get(ek, 0)), NULL);
        seal_g1_mul(&c1, &enc_key, &r);
        seal_g1_mul(&t1, &h, &s);
        seal_g1_add(&c1, &c1, &t1);
        bt_check_point(&BT_G1, "committee encrypted key c1", i, NULL, &c1,
                       json_string_value(json_array_get(ek, 1)), NULL);
    }
    /* Lagrange coefficients at 0 and aggregation */
    json_t *ids = json_object_get(ca, "aggregated_from_party_ids");
    json_t *lag = json_object_get(ca, "lagrange_coefficients_at_0");
    size_t m = json_array_size(ids);
    assert_true(m >= 2 && m <= 8 && json_array_size(lag) == m);
    seal_scalar xs[8];
    for (size_t j = 0; j < m; j++) {
        json_t *party = json_array_get(parties, (size_t)json_integer_value(json_array_get(ids, j)));
        seal_scalar_from_u64(
            &xs[j], (uint64_t)json_integer_value(json_object_get(party, "share_eval_point")));
    }
    seal_g1 agg0, agg1;
    seal_g1_identity(&agg0);
    seal_g1_identity(&agg1);
    for (size_t j = 0; j < m; j++) {
        seal_scalar num, den, d, lam;
        seal_scalar_from_u64(&num, 1);
        seal_scalar_from_u64(&den, 1);
        for (size_t l = 0; l < m; l++) {
            if (l == j) {
                continue;
            }
            seal_scalar_mul(&num, &num, &xs[l]);
            seal_scalar_sub(&d, &xs[l], &xs[j]);
            seal_scalar_mul(&den, &den, &d);
        }
        seal_scalar_inv(&den, &den);
        seal_scalar_mul(&lam, &num, &den);
        uint8_t got[32], want[32];
        seal_scalar_to_bytes(got, &lam);
        bt_hex(want, 32, json_string_value(json_array_get(lag, j)));
        bt_check_bytes("committee lagrange coefficient at 0", j, NULL, got, want, 32);
        json_t *party = json_array_get(parties, (size_t)json_integer_value(json_array_get(ids, j)));
        json_t *ek = json_object_get(party, "encrypted_key");
        seal_g1 c0, c1;
        bt_point_c(&BT_G1, &c0, json_string_value(json_array_get(ek, 0)));
        bt_point_c(&BT_G1, &c1, json_string_value(json_array_get(ek, 1)));
        seal_g1_mul_vartime(&c0, &c0, &lam);
        seal_g1_mul_vartime(&c1, &c1, &lam);
        seal_g1_add(&agg0, &agg0, &c0);
        seal_g1_add(&agg1, &agg1, &c1);
    }
    json_t *agg = json_object_get(ca, "aggregated_encrypted_key");
    bt_check_point(&BT_G1, "committee aggregated c0", 0, NULL, &agg0,
                   json_string_value(json_array_get(agg, 0)), NULL);
    bt_check_point(&BT_G1, "committee aggregated c1", 0, NULL, &agg1,
                   json_string_value(json_array_get(agg, 1)), NULL);
    seal_g1 dec;
    seal_g1_mul(&dec, &agg0, &esk);
    seal_g1_sub(&dec, &agg1, &dec);
    bt_check_point(&BT_G1, "committee decrypted key", 0, NULL, &dec,
                   tu_str(ca, "decrypted_user_secret_key"), NULL);
    check_usk("committee decrypted key = msk H1(id)", 0, tu_str(ca, "committee_master_key"), fid,
              tu_str(ca, "decrypted_user_secret_key"));
    json_decref(spec);
    bt_finish(__func__);
}

/* ---- spec: derived-key verification and encrypted objects ---- */

static void test_derived_key_verification(void **state) {
    (void)state;
    bt_start();
    json_t *spec = tu_load_json("spec/derived_key_verification.json");
    size_t i;
    json_t *c;
    size_t valid = 0, invalid = 0;
    json_array_foreach(json_object_get(spec, "cases"), i, c) {
        bool expect = json_is_true(json_object_get(c, "valid"));
        check_usk_verifies("spec derived_key_verification", i, tu_str(c, "user_secret_key"),
                           tu_str(c, "full_id"), tu_str(c, "public_key"), expect);
        expect ? valid++ : invalid++;
    }
    assert_true(valid >= 1 && invalid >= 1);
    json_decref(spec);
    bt_finish(__func__);
}

static void test_encrypted_objects(void **state) {
    (void)state;
    bt_start();
    json_t *spec = tu_load_json("spec/encrypted_objects.json");
    size_t i, j;
    json_t *v, *s;
    size_t checked = 0;
    json_array_foreach(json_object_get(spec, "vectors"), i, v) {
        json_t *in = json_object_get(v, "inputs");
        json_t *parsed = json_object_get(v, "parsed");
        const json_t *fidj = json_object_get(v, "full_id");
        if (in != NULL) {
            const char *fid = json_string_value(fidj);
            json_array_foreach(json_object_get(in, "servers"), j, s) {
                check_pk("spec object server pk", i, tu_str(s, "master_key"),
                         tu_str(s, "public_key"), NULL);
                check_usk("spec object server usk", i, tu_str(s, "master_key"), fid,
                          tu_str(s, "user_secret_key"));
            }
            json_t *pks = json_object_get(in, "public_keys");
            json_array_foreach(json_object_get(in, "usks"), j, s) {
                const json_t *pk = find_by(pks, "object_id", tu_str(s, "object_id"));
                check_usk_verifies("spec object usk verifies", i, tu_str(s, "user_secret_key"), fid,
                                   tu_str(pk, "public_key"), true);
            }
            /* nonce = r G2 for the randomness recovered by decryption */
            seal_scalar r;
            seal_g2 nonce;
            scalar_hex(&r, str_at(v, "intermediate_computed_by_helper.randomness_scalar_be"));
            seal_g2_mul_gen(&nonce, &r);
            bt_check_point(&BT_G2, "spec object nonce = r G2", i, tu_str(v, "name"), &nonce,
                           tu_str(parsed, "nonce"), NULL);
            checked++;
        }
        if (strcmp(tu_str(v, "name"), "deterministic_encryption_example") == 0) {
            const char *fid = json_string_value(fidj);
            json_t *kss = json_object_get(v, "key_servers");
            json_array_foreach(kss, j, s) {
                check_pk("deterministic example pk", j, tu_str(s, "master_key"),
                         tu_str(s, "public_key"), NULL);
                check_usk("deterministic example usk", j, tu_str(s, "master_key"), fid,
                          tu_str(s, "user_secret_key"));
            }
            seal_scalar r;
            seal_g2 nonce;
            seal_g1 gid, gid_r;
            scalar_hex(&r, tu_str(v, "randomness_r"));
            seal_g2_mul_gen(&nonce, &r);
            bt_check_point(&BT_G2, "deterministic example nonce", 0, NULL, &nonce,
                           tu_str(v, "nonce"), NULL);
            h1(&gid, fid);
            bt_check_point(&BT_G1, "deterministic example gid", 0, NULL, &gid,
                           tu_str(v, "gid_h1_full_id"), NULL);
            seal_g1_mul(&gid_r, &gid, &r);
            bt_check_point(&BT_G1, "deterministic example gid r", 0, NULL, &gid_r,
                           tu_str(v, "gid_times_r"), NULL);
            json_array_foreach(json_object_get(v, "per_server"), j, s) {
                const json_t *ks = find_by(kss, "object_id", tu_str(s, "object_id"));
                seal_g2 pk;
                seal_gt e;
                bt_point_c(&BT_G2, &pk, tu_str(ks, "public_key"));
                seal_pairing(&e, &gid_r, &pk);
                check_gt_hex("deterministic example e(gid r, pk)", j, NULL, &e,
                             tu_str(s, "gt_e_gidr_pk"));
            }
            checked++;
        }
    }
    assert_true(checked >= 9);
    json_decref(spec);
    bt_finish(__func__);
}

/* ---- scalar rules ---- */

static void test_scalar_rules(void **state) {
    (void)state;
    bt_start();
    json_t *spec = tu_load_json("spec/primitives.json");
    json_t *vecs = json_object_get(spec, "vectors");
    const json_t *v = find_by(vecs, "name", "safe_scalar_from_bytes");
    size_t i;
    json_t *c;
    seal_scalar s;
    uint8_t b[32];
    json_array_foreach(json_object_get(v, "valid"), i, c) {
        bt_hex(b, 32, json_string_value(c));
        bt_check(seal_scalar_from_bytes(&s, b) == SEAL_OK, "safe_scalar_from_bytes valid", i,
                 json_string_value(c));
    }
    size_t rejected = 0;
    json_array_foreach(json_object_get(v, "invalid"), i, c) {
        const char *h = json_string_value(c);
        /* entries of other lengths ("... (31 bytes)") cannot reach the fixed-size API */
        if (strlen(h) != 64) {
            continue;
        }
        bt_hex(b, 32, h);
        bt_check(seal_scalar_from_bytes(&s, b) == SEAL_ERR_NOT_CANONICAL,
                 "safe_scalar_from_bytes invalid -> NOT_CANONICAL", i, h);
        rejected++;
    }
    assert_true(rejected >= 2);

    /* r itself, from the constants */
    bt_hex(b, 32, str_at(spec, "constants.BLS12_381_R"));
    bt_check(seal_scalar_from_bytes(&s, b) == SEAL_ERR_NOT_CANONICAL, "r is rejected", 0, NULL);

    /* derive_master_key: the 64-byte HKDF output reduced mod r */
    v = find_by(vecs, "name", "derive_master_key_regression");
    size_t n = 0;
    uint8_t *wide = tu_hex_alloc(tu_str(v, "hkdf_output_64"), &n);
    assert_int_equal(n, 64);
    uint8_t got[32], want[32];
    seal_scalar_from_bytes_wide(&s, wide, n);
    free(wide);
    seal_scalar_to_bytes(got, &s);
    bt_hex(want, 32, tu_str(v, "master_key"));
    bt_check_bytes("derive_master_key = hkdf_output_64 mod r", 0, NULL, got, want, 32);
    json_decref(spec);
    bt_finish(__func__);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_to_g1),
        cmocka_unit_test(test_public_keys),
        cmocka_unit_test(test_user_secret_keys),
        cmocka_unit_test(test_gt_serialization),
        cmocka_unit_test(test_proof_of_possession),
        cmocka_unit_test(test_encrypt_vectors),
        cmocka_unit_test(test_elgamal),
        cmocka_unit_test(test_committee_aggregation),
        cmocka_unit_test(test_derived_key_verification),
        cmocka_unit_test(test_encrypted_objects),
        cmocka_unit_test(test_scalar_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
