/* Client: session keys (certificate message, signature, export/import, expiry), the
 * seal_approve PTB, the fetch_key request body and the parsing of key server answers, against
 * the vectors of spec/session_and_request.json and sdk/session.json. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "seal/chain.h"
#include "seal/client.h"
#include "localnet/localnet.h"
#include "seal/elgamal.h"
#include "seal/keys.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

static json_t *g_spec, *g_sdk;

static int setup(void **state) {
    (void)state;
    g_spec = tu_load_json("spec/session_and_request.json");
    g_sdk = tu_load_json("sdk/session.json");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    json_decref(g_spec);
    json_decref(g_sdk);
    return 0;
}

static const json_t *spec_vector(const char *name) {
    json_t *vs = json_object_get(g_spec, "vectors");
    for (size_t i = 0; i < json_array_size(vs); i++) {
        json_t *v = json_array_get(vs, i);
        if (strcmp(tu_str(v, "name"), name) == 0) {
            return v;
        }
    }
    fail_msg("vector %s missing", name);
    return NULL;
}

/* An RNG that returns a fixed 32-byte pattern (the session key seed). */
typedef struct fixed_rng {
    uint8_t bytes[32];
} fixed_rng;
static seal_err fixed_fill(void *ctx, uint8_t *out, size_t len) {
    fixed_rng *f = ctx;
    for (size_t i = 0; i < len; i++) {
        out[i] = f->bytes[i % 32];
    }
    return SEAL_OK;
}

/* The spec vector's session: user Ed25519 key, session key 07.., fixed time. */
static seal_session *vector_session(const json_t *v, seal_sui_keypair *user) {
    uint8_t secret[32], pkg[32];
    fixed_rng fr;
    seal_rng rng = {fixed_fill, &fr};
    tu_hex(secret, 32, tu_str(v, "user_ed25519_secret_key"), 1);
    tu_hex(fr.bytes, 32, tu_str(v, "session_ed25519_secret_key"), 1);
    assert_int_equal(seal_sui_keypair_from_secret(user, SEAL_SUI_SCHEME_ED25519, secret), SEAL_OK);
    assert_int_equal(seal_sui_address_parse(pkg, tu_str(v, "package_id")), SEAL_OK);
    json_int_t t = json_integer_value(json_object_get(v, "creation_time_ms"));
    json_int_t ttl = json_integer_value(json_object_get(v, "ttl_min"));
    seal_session *s = NULL;
    assert_int_equal(seal_session_create(&s, user, pkg, NULL, (uint16_t)ttl, (uint64_t)t, &rng),
                     SEAL_OK);
    return s;
}

static void test_certificate_message_vectors(void **state) {
    (void)state;
    const json_t *v = spec_vector("full_fetch_key_request_example");
    seal_sui_keypair user;
    seal_session *s = vector_session(v, &user);
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t len = 0;
    assert_int_equal(seal_session_personal_message(s, msg, sizeof msg, &len), SEAL_OK);
    assert_string_equal(msg, tu_str(v, "personal_message"));
    uint8_t vk[32], want_vk[32], addr[32], want_addr[32];
    seal_session_public_key(s, vk);
    tu_hex(want_vk, 32, tu_str(v, "session_ed25519_public_key"), 1);
    tu_assert_bytes(vk, want_vk, 32, "session vk");
    seal_session_address(s, addr);
    assert_int_equal(seal_sui_address_parse(want_addr, tu_str(v, "user_address")), SEAL_OK);
    tu_assert_bytes(addr, want_addr, 32, "user address");
    /* The user's signature (Ed25519 is deterministic) equals the SDK's. */
    char *json = NULL;
    size_t jl = 0;
    assert_int_equal(seal_session_export(s, &json, &jl), SEAL_OK);
    json_t *exp = json_loadb(json, jl, 0, NULL);
    assert_non_null(exp);
    assert_string_equal(tu_str(exp, "personalMessageSignature"),
                        tu_str(v, "user_signature_base64"));
    json_decref(exp);
    seal_client_secret_free(json, jl);

    /* The SDK's own vector (another key, time with milliseconds). */
    json_t *c = json_array_get(json_object_get(g_sdk, "cases"), 0);
    uint8_t usk[32], pkg[32];
    fixed_rng fr;
    seal_rng rng = {fixed_fill, &fr};
    seal_sui_keypair u2;
    tu_hex(usk, 32, tu_str(c, "user_secret_key_hex"), 1);
    tu_hex(fr.bytes, 32, tu_str(c, "session_secret_key_hex"), 1);
    assert_int_equal(seal_sui_keypair_from_secret(&u2, SEAL_SUI_SCHEME_ED25519, usk), SEAL_OK);
    assert_int_equal(seal_sui_address_parse(pkg, tu_str(c, "package_id")), SEAL_OK);
    seal_session *s2 = NULL;
    assert_int_equal(
        seal_session_create(
            &s2, &u2, pkg, NULL, (uint16_t)json_integer_value(json_object_get(c, "ttl_min")),
            (uint64_t)json_integer_value(json_object_get(c, "creation_time_ms")), &rng),
        SEAL_OK);
    assert_int_equal(seal_session_personal_message(s2, msg, sizeof msg, &len), SEAL_OK);
    assert_string_equal(msg, tu_str(c, "personal_message_text"));
    assert_int_equal(seal_session_export(s2, &json, &jl), SEAL_OK);
    exp = json_loadb(json, jl, 0, NULL);
    assert_string_equal(tu_str(exp, "personalMessageSignature"), tu_str(c, "user_signature_b64"));
    json_decref(exp);
    seal_client_secret_free(json, jl);

    /* MVR name in the message. */
    const json_t *m = spec_vector("signed_message_mvr");
    seal_session *s3 = NULL;
    assert_int_equal(seal_session_new(&s3, addr, pkg, "@my/package", 30, 1622548800, &rng),
                     SEAL_OK);
    assert_string_equal(seal_session_mvr_name(s3), "@my/package");
    assert_int_equal(seal_session_personal_message(s3, msg, sizeof msg, &len), SEAL_OK);
    /* same text up to the session key, which differs */
    const char *want = tu_str(m, "output");
    const char *cut = strstr(want, "session key ");
    assert_non_null(cut);
    assert_int_equal(strncmp(msg, want, (size_t)(cut - want)), 0);

    /* bad arguments */
    seal_session *bad = NULL;
    assert_int_equal(seal_session_new(&bad, addr, pkg, NULL, 0, 1, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_session_new(&bad, addr, pkg, NULL, 31, 1, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_session_new(&bad, addr, pkg, "bad name\"", 10, 1, &rng),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_null(bad);
    /* signing with another user's key is refused */
    assert_int_equal(seal_session_sign(s3, &u2), SEAL_ERR_INVALID_ARGUMENT);
    assert_false(seal_session_is_signed(s3));
    seal_session_free(s);
    seal_session_free(s2);
    seal_session_free(s3);
    seal_sui_keypair_clear(&user);
    seal_sui_keypair_clear(&u2);
}

static seal_err sign_cb(void *ctx, const uint8_t *msg, size_t len, uint8_t *sig, size_t cap,
                        size_t *sig_len) {
    const seal_sui_keypair *kp = ctx;
    uint8_t tmp[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    seal_err err = seal_sui_sign_personal_message(tmp, sig_len, kp, msg, len);
    if (err == SEAL_OK && *sig_len <= cap) {
        memcpy(sig, tmp, *sig_len);
    }
    return err;
}

static seal_err wrong_sign_cb(void *ctx, const uint8_t *msg, size_t len, uint8_t *sig, size_t cap,
                              size_t *sig_len) {
    (void)len;
    return sign_cb(ctx, msg, 3, sig, cap, sig_len); /* signs another message */
}

static void test_session_signers(void **state) {
    (void)state;
    uint8_t pkg[32] = {1};
    for (int scheme = 0; scheme < 3; scheme++) {
        seal_sui_keypair kp;
        assert_int_equal(seal_sui_keypair_generate(&kp, (seal_sui_scheme)scheme, NULL), SEAL_OK);
        uint8_t addr[32];
        seal_sui_keypair_address(addr, &kp);
        seal_session *s = NULL;
        assert_int_equal(seal_session_new(&s, addr, pkg, NULL, 5, 0, NULL), SEAL_OK);
        assert_false(seal_session_is_signed(s));
        assert_int_equal(seal_session_sign_with(s, wrong_sign_cb, &kp), SEAL_ERR_INVALID_SIGNATURE);
        assert_false(seal_session_is_signed(s));
        assert_int_equal(seal_session_sign_with(s, sign_cb, &kp), SEAL_OK);
        assert_true(seal_session_is_signed(s));
        assert_false(seal_session_is_expired(s, 0));
        seal_session_free(s);
        seal_sui_keypair_clear(&kp);
    }
}

static void test_session_export_import_expiry(void **state) {
    (void)state;
    const json_t *v = spec_vector("full_fetch_key_request_example");
    seal_sui_keypair user;
    seal_session *s = vector_session(v, &user);
    char *json = NULL;
    size_t jl = 0;
    assert_int_equal(seal_session_export(s, &json, &jl), SEAL_OK);
    assert_non_null(strstr(json, "suiprivkey1"));
    seal_session *t = NULL;
    assert_int_equal(seal_session_import(&t, json, jl), SEAL_OK);
    uint8_t a[32], b[32];
    seal_session_public_key(s, a);
    seal_session_public_key(t, b);
    tu_assert_bytes(a, b, 32, "vk after import");
    assert_int_equal(seal_session_creation_time_ms(t), seal_session_creation_time_ms(s));
    assert_int_equal(seal_session_ttl_min(t), 10);
    assert_true(seal_session_is_signed(t));
    /* the same request signature from the imported session */
    uint8_t ptb[3] = {0, 0, 0}, ek[48] = {0}, evk[96] = {0};
    char *r1 = NULL, *r2 = NULL;
    size_t l1, l2;
    uint64_t now = seal_session_creation_time_ms(s) + 1000;
    assert_int_equal(seal_client_request_json(&r1, &l1, s, ptb, 3, ek, evk, now), SEAL_OK);
    assert_int_equal(seal_client_request_json(&r2, &l2, t, ptb, 3, ek, evk, now), SEAL_OK);
    assert_string_equal(r1, r2);
    free(r1);
    free(r2);

    /* expiry: creation + ttl - 10 s */
    uint64_t c = seal_session_creation_time_ms(s);
    uint64_t end = c + 10u * 60000u;
    assert_false(seal_session_is_expired(s, end - 10000));
    assert_true(seal_session_is_expired(s, end - 9999));
    assert_true(seal_session_is_expired(s, 0)); /* 2025: long past */
    assert_int_equal(seal_client_request_json(&r1, &l1, s, ptb, 3, ek, evk, 0), SEAL_ERR_EXPIRED);
    assert_null(r1);

    /* file: mode 0600, load gives the same session */
    char path[] = "/tmp/seal_test_sessionXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(seal_session_save(s, path), SEAL_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    seal_session *u = NULL;
    assert_int_equal(seal_session_load(&u, path), SEAL_OK);
    seal_session_public_key(u, b);
    tu_assert_bytes(a, b, 32, "vk after load");
    unlink(path);
    seal_session *missing = NULL;
    assert_int_equal(seal_session_load(&missing, path), SEAL_ERR_IO);
    assert_null(missing);

    /* tampering: each field checked */
    json_t *root = json_loadb(json, jl, 0, NULL);
    struct {
        const char *key;
        json_t *value;
        seal_err want;
    } bad[] = {
        {"ttlMin", json_integer(11), SEAL_ERR_INVALID_SIGNATURE}, /* signed for 10 */
        {"ttlMin", json_integer(31), SEAL_ERR_INVALID_ENCODING},
        {"creationTimeMs", json_integer(1750000001000), SEAL_ERR_INVALID_SIGNATURE},
        {"creationTimeMs", json_string("1"), SEAL_ERR_INVALID_ENCODING},
        {"address", json_string("0x1234"), SEAL_ERR_INVALID_SIGNATURE},
        {"address", json_string("nope"), SEAL_ERR_INVALID_ENCODING},
        {"sessionKey", json_string("suiprivkey1qq"), SEAL_ERR_INVALID_KEY},
        {"personalMessageSignature", json_string("AAAA"), SEAL_ERR_INVALID_ENCODING},
        {"extra", json_true(), SEAL_ERR_INVALID_ENCODING},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *copy = json_deep_copy(root);
        json_object_set_new(copy, bad[i].key, bad[i].value);
        char *text = json_dumps(copy, 0);
        seal_session *x = NULL;
        seal_err err = seal_session_import(&x, text, strlen(text));
        if (err != bad[i].want) {
            fail_msg("tampered %s: got %s, want %s", bad[i].key, seal_strerror(err),
                     seal_strerror(bad[i].want));
        }
        assert_null(x);
        free(text);
        json_decref(copy);
    }
    /* another session key with the same certificate: the signature no longer matches */
    seal_sui_keypair other;
    assert_int_equal(seal_sui_keypair_generate(&other, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    char bech[SEAL_SUI_BECH32_SECRET_KEY_BYTES];
    assert_int_equal(seal_sui_keypair_to_bech32(bech, &other), SEAL_OK);
    json_t *copy = json_deep_copy(root);
    json_object_set_new(copy, "sessionKey", json_string(bech));
    char *text = json_dumps(copy, 0);
    seal_session *x = NULL;
    assert_int_equal(seal_session_import(&x, text, strlen(text)), SEAL_ERR_INVALID_SIGNATURE);
    free(text);
    json_decref(copy);
    /* garbage */
    assert_int_equal(seal_session_import(&x, "{", 1), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_session_import(&x, "[]", 2), SEAL_ERR_INVALID_ENCODING);
    json_decref(root);
    seal_client_secret_free(json, jl);
    seal_session_free(s);
    seal_session_free(t);
    seal_session_free(u);
    seal_sui_keypair_clear(&user);
    seal_sui_keypair_clear(&other);
}

static void test_ptb_vectors(void **state) {
    (void)state;
    /* spec: whitelist seal_approve(id, &Whitelist shared at 189000470) */
    const json_t *v = spec_vector("full_fetch_key_request_example");
    size_t want_len;
    uint8_t *want = tu_hex_alloc(tu_str(v, "ptb_bcs_hex"), &want_len);
    seal_client_call call;
    memset(&call, 0, sizeof call);
    char target[256];
    snprintf(target, sizeof target, "%s::whitelist::seal_approve", tu_str(v, "package_id"));
    assert_int_equal(seal_client_call_target_parse(&call, target), SEAL_OK);
    uint8_t id[32];
    tu_hex(id, 32, "aae704d2280f2c3d24fc08972bb31f2ef1f1c968784935434c3296be5bfd9d5b", 1);
    seal_client_arg arg;
    memset(&arg, 0, sizeof arg);
    arg.kind = SEAL_CLIENT_ARG_SHARED;
    memcpy(arg.object_id, id, 32);
    arg.version = 189000470;
    call.id = id;
    call.id_len = 32;
    call.args = &arg;
    call.n_args = 1;
    uint8_t *ptb = NULL;
    size_t len = 0;
    assert_int_equal(seal_client_build_ptb(&ptb, &len, NULL, &call, 1), SEAL_OK);
    assert_int_equal(len, want_len);
    tu_assert_bytes(ptb, want, len, "whitelist PTB");
    free(ptb);
    free(want);

    /* sdk: policy::seal_approve(id) with only the id */
    json_t *c = json_array_get(json_object_get(g_sdk, "cases"), 0);
    want = tu_hex_alloc(tu_str(c, "ptb_bcs_hex"), &want_len);
    snprintf(target, sizeof target, "%s::policy::seal_approve", tu_str(c, "package_id"));
    memset(&call, 0, sizeof call);
    assert_int_equal(seal_client_call_target_parse(&call, target), SEAL_OK);
    uint8_t id2[64];
    size_t id2_len = tu_hex(id2, sizeof id2,
                            json_string_value(json_array_get(json_object_get(c, "ids_hex"), 0)), 0);
    call.id = id2;
    call.id_len = id2_len;
    assert_int_equal(seal_client_build_ptb(&ptb, &len, NULL, &call, 1), SEAL_OK);
    assert_int_equal(len, want_len);
    tu_assert_bytes(ptb, want, len, "SDK PTB");
    free(ptb);
    free(want);

    /* several calls: the clock and a repeated shared object are one input each */
    seal_client_arg args[3];
    assert_int_equal(seal_client_arg_parse(&args[0], "clock"), SEAL_OK);
    assert_int_equal(seal_client_arg_parse(&args[1], "u64:7"), SEAL_OK);
    args[2] = arg;
    seal_client_call calls[3];
    for (int i = 0; i < 3; i++) {
        calls[i] = call;
        calls[i].args = args;
        calls[i].n_args = 3;
    }
    assert_int_equal(seal_client_build_ptb(&ptb, &len, NULL, calls, 3), SEAL_OK);
    seal_sui_ptb *p = NULL;
    assert_int_equal(seal_sui_ptb_decode(&p, ptb, len), SEAL_OK);
    assert_int_equal(p->n_commands, 3);
    /* per call: id + u64 (2 pure), plus the clock and the whitelist once */
    assert_int_equal(p->n_inputs, 3 * 2 + 2);
    assert_int_equal(p->inputs[1].kind, SEAL_SUI_CALL_ARG_OBJECT);
    assert_int_equal(p->inputs[1].object_kind, SEAL_SUI_OBJECT_SHARED);
    assert_int_equal(p->inputs[1].initial_shared_version, 1);
    assert_int_equal(p->inputs[1].mutability, SEAL_SUI_SHARED_IMMUTABLE);
    assert_int_equal(p->commands[2].args[1].index, 1);
    assert_int_equal(p->commands[2].args[3].index, p->commands[0].args[3].index);
    seal_sui_ptb_free(p);
    free(ptb);

    /* an object to resolve without a chain; too many calls; bad targets */
    seal_client_arg obj;
    assert_int_equal(seal_client_arg_parse(&obj, "object:0x1234"), SEAL_OK);
    call.args = &obj;
    call.n_args = 1;
    assert_int_equal(seal_client_build_ptb(&ptb, &len, NULL, &call, 1), SEAL_ERR_INVALID_ARGUMENT);
    seal_client_call *many = calloc(SEAL_CLIENT_MAX_IDS_PER_REQUEST + 1, sizeof *many);
    for (size_t i = 0; i <= SEAL_CLIENT_MAX_IDS_PER_REQUEST; i++) {
        many[i] = calls[0];
    }
    assert_int_equal(
        seal_client_build_ptb(&ptb, &len, NULL, many, SEAL_CLIENT_MAX_IDS_PER_REQUEST + 1),
        SEAL_ERR_LIMIT);
    assert_int_equal(seal_client_build_ptb(&ptb, &len, NULL, many, SEAL_CLIENT_MAX_IDS_PER_REQUEST),
                     SEAL_OK);
    free(ptb);
    free(many);
    const char *bad_targets[] = {"0x1::m::other",           "0x1::m",
                                 "m::seal_approve",         "0x1::1m::seal_approve",
                                 "0x1::m::seal_approve::x", "zz::m::seal_approve"};
    for (size_t i = 0; i < sizeof bad_targets / sizeof bad_targets[0]; i++) {
        assert_int_equal(seal_client_call_target_parse(&call, bad_targets[i]),
                         SEAL_ERR_INVALID_ARGUMENT);
    }
}

static void test_arg_parse(void **state) {
    (void)state;
    seal_client_arg a;
    assert_int_equal(seal_client_arg_parse(&a, "u64:258"), SEAL_OK);
    assert_int_equal(a.pure_len, 8);
    assert_int_equal(a.pure[0], 2);
    assert_int_equal(a.pure[1], 1);
    assert_int_equal(seal_client_arg_parse(&a, "bool:true"), SEAL_OK);
    assert_int_equal(a.pure_len, 1);
    assert_int_equal(a.pure[0], 1);
    assert_int_equal(seal_client_arg_parse(&a, "address:0x2"), SEAL_OK);
    assert_int_equal(a.pure_len, 32);
    assert_int_equal(a.pure[31], 2);
    assert_int_equal(seal_client_arg_parse(&a, "pure:0a0b"), SEAL_OK);
    assert_int_equal(a.pure_len, 2);
    assert_int_equal(seal_client_arg_parse(&a, "string:ab"), SEAL_OK);
    assert_int_equal(a.pure_len, 3);
    assert_int_equal(a.pure[0], 2);
    assert_int_equal(seal_client_arg_parse(&a, "object:0x6"), SEAL_OK);
    assert_int_equal(a.kind, SEAL_CLIENT_ARG_OBJECT);
    const char *bad[] = {"u64:-1",     "u64:18446744073709551616",
                         "u8:256",     "bool:yes",
                         "address:zz", "pure:",
                         "pure:abc",   "object:",
                         "nope:1",     "clocks",
                         "u64:01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (seal_client_arg_parse(&a, bad[i]) != SEAL_ERR_INVALID_ARGUMENT) {
            fail_msg("accepted %s", bad[i]);
        }
    }
}

static void test_request_json_vector(void **state) {
    (void)state;
    const json_t *v = spec_vector("full_fetch_key_request_example");
    seal_sui_keypair user;
    seal_session *s = vector_session(v, &user);
    size_t ptb_len;
    uint8_t *ptb = tu_hex_alloc(tu_str(v, "ptb_bcs_hex"), &ptb_len);
    uint8_t sk[32], ek[48], evk[96], want_ek[48];
    tu_hex(sk, 32, tu_str(v, "eph_secret_key"), 1);
    assert_int_equal(seal_elgamal_public_keys(ek, evk, sk), SEAL_OK);
    tu_hex(want_ek, 48, tu_str(v, "enc_key"), 1);
    tu_assert_bytes(ek, want_ek, 48, "enc_key");
    char *body = NULL;
    size_t len = 0;
    uint64_t now = seal_session_creation_time_ms(s) + 60000;
    assert_int_equal(seal_client_request_json(&body, &len, s, ptb, ptb_len, ek, evk, now), SEAL_OK);
    json_t *got = json_loadb(body, len, 0, NULL);
    assert_non_null(got);
    if (!json_equal(got, json_object_get(v, "fetch_key_body_json"))) {
        fail_msg("request body differs: %s", body);
    }
    json_decref(got);
    free(body);
    free(ptb);
    seal_session_free(s);
    seal_sui_keypair_clear(&user);
}

static void test_response_parsing(void **state) {
    (void)state;
    seal_client_encrypted_key *k = NULL;
    size_t n = 0;
    char why[128];
    const char *ok =
        "{\"decryption_keys\":[{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,"
        "20,21,22,23,24,25,26,27,28,29,30,31,32,255],\"encrypted_key\":["
        "\"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq\","
        "\"u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7u7\"]}]}";
    assert_int_equal(seal_client_response_parse(&k, &n, 10, ok, strlen(ok), why, sizeof why),
                     SEAL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(k[0].full_id_len, 33);
    assert_int_equal(k[0].full_id[32], 255);
    assert_int_equal(k[0].c0[0], 0xaa);
    assert_int_equal(k[0].c1[0], 0xbb);
    free(k);
    const char *bad[] = {
        "",
        "null",
        "[]",
        "{\"decryption_keys\":{}}",
        "{\"decryption_keys\":[1]}",
        "{\"decryption_keys\":[{\"id\":[1],\"encrypted_key\":[\"\",\"\"]}]}",
        "{\"decryption_keys\":[{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
        "23,24,25,26,27,28,29,30,31,256],\"encrypted_key\":[\"\",\"\"]}]}",
        "{\"decryption_keys\":[{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
        "23,24,25,26,27,28,29,30,31,32],\"encrypted_key\":[\"AAAA\",\"AAAA\"]}]}",
        "{\"decryption_keys\":[{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
        "23,24,25,26,27,28,29,30,31,\"x\"],\"encrypted_key\":[\"\",\"\"]}]}",
        "{\"decryption_keys\":[{\"id\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,"
        "23,24,25,26,27,28,29,30,31,32],\"encrypted_key\":[\"AAAA\"]}]}",
        "{\"decryption_keys\":[],\"decryption_keys\":[]}",
        "{\"decryption_keys\":[{}, {}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why[0] = '\0';
        seal_err err =
            seal_client_response_parse(&k, &n, 1, bad[i], strlen(bad[i]), why, sizeof why);
        if (err != SEAL_ERR_INVALID_ENCODING) {
            fail_msg("accepted %s", bad[i]);
        }
        assert_null(k);
        assert_true(strlen(why) > 0);
    }
    /* error bodies */
    char kind[48], msg[256];
    const char *eb = "{\"error\":\"NoAccess\",\"message\":\"Access denied: x\\n\"}";
    assert_int_equal(
        seal_client_error_body_parse(kind, sizeof kind, msg, sizeof msg, eb, strlen(eb)), SEAL_OK);
    assert_string_equal(kind, "NoAccess");
    assert_string_equal(msg, "Access denied: x?");
    assert_int_equal(seal_client_error_kind_to_err(kind), SEAL_ERR_NO_ACCESS);
    assert_int_equal(seal_client_error_kind_to_err("InvalidCertificate"), SEAL_ERR_EXPIRED);
    assert_int_equal(seal_client_error_kind_to_err("InvalidPTB"), SEAL_ERR_KEY_SERVER);
    assert_int_equal(
        seal_client_error_body_parse(kind, sizeof kind, msg, sizeof msg, "Unsupported", 11),
        SEAL_ERR_INVALID_ENCODING);
    /* server versions */
    assert_true(seal_client_server_version_ok("0.6.10"));
    assert_true(seal_client_server_version_ok("0.4.1"));
    assert_true(seal_client_server_version_ok("1.0.0"));
    assert_false(seal_client_server_version_ok("0.4.0"));
    assert_false(seal_client_server_version_ok("0.3.99"));
    assert_false(seal_client_server_version_ok("abc"));
    assert_false(seal_client_server_version_ok("0.6"));
    assert_false(seal_client_server_version_ok(""));
}

/* Object arguments resolved on the embedded chain: a shared Whitelist by its initial shared
 * version, an owned Cap by its current reference. */
/* A fresh ledger in a temporary folder and a chain on it: embedded, or over gRPC (gRPC-web) or
 * JSON-RPC through an in-process `seal localnet serve`. */
typedef enum test_backend { TB_EMBEDDED, TB_GRPC, TB_JSONRPC, TB_COUNT } test_backend;

typedef struct test_chain {
    char dir[64];
    seal_ledger *ledger;
    seal_chain *chain;
    seal_localnet_rpc *rpc;
} test_chain;

static void test_chain_open(test_chain *t, test_backend backend) {
    memset(t, 0, sizeof *t);
    assert_true(tu_tempdir(t->dir, sizeof t->dir, "seal_test_client"));
    char spec[128], path[128];
    snprintf(path, sizeof path, "%s/ledger.db", t->dir);
    assert_int_equal(seal_ledger_open(&t->ledger, path), SEAL_OK);
    if (backend != TB_EMBEDDED) {
        seal_localnet_rpc_options ro;
        memset(&ro, 0, sizeof ro);
        ro.data_dir = t->dir;
        ro.threads = 2;
        assert_int_equal(seal_localnet_rpc_start(&t->rpc, &ro), SEAL_OK);
        snprintf(spec, sizeof spec, "%shttp://127.0.0.1:%u",
                 backend == TB_JSONRPC ? "jsonrpc+" : "", seal_localnet_rpc_port(t->rpc));
    } else {
        snprintf(spec, sizeof spec, "embedded:%s", t->dir);
    }
    assert_int_equal(seal_chain_open(&t->chain, spec, NULL), SEAL_OK);
}

static void test_chain_close(test_chain *t) {
    seal_chain_close(t->chain);
    seal_localnet_rpc_stop(t->rpc);
    seal_ledger_close(t->ledger);
    assert_int_equal(tu_rmtree(t->dir), 0);
}

static void ptb_chain_resolution(test_backend backend) {
    test_chain tc;
    test_chain_open(&tc, backend);
    seal_chain *chain = tc.chain;
    seal_ledger *l = tc.ledger;
    uint8_t sender[32] = {9}, wl[32], cap[32];
    seal_ledger_outcome out;
    assert_int_equal(seal_ledger_whitelist_create(l, sender, wl, cap, &out), SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    seal_ledger_object wo, co;
    bool found;
    assert_int_equal(seal_ledger_object_get(l, wl, &wo, &found), SEAL_OK);
    assert_int_equal(seal_ledger_object_get(l, cap, &co, &found), SEAL_OK);
    seal_client_arg args[2];
    memset(args, 0, sizeof args);
    args[0].kind = args[1].kind = SEAL_CLIENT_ARG_OBJECT;
    memcpy(args[0].object_id, wl, 32);
    memcpy(args[1].object_id, cap, 32);
    seal_client_call call;
    memset(&call, 0, sizeof call);
    assert_int_equal(seal_client_call_target_parse(&call, "0x5ea2::whitelist::seal_approve"),
                     SEAL_OK);
    call.id = wl;
    call.id_len = 32;
    call.args = args;
    call.n_args = 2;
    uint8_t *ptb = NULL;
    size_t len = 0;
    assert_int_equal(seal_client_build_ptb(&ptb, &len, chain, &call, 1), SEAL_OK);
    seal_sui_ptb *p = NULL;
    assert_int_equal(seal_sui_ptb_decode(&p, ptb, len), SEAL_OK);
    assert_int_equal(p->n_inputs, 3);
    assert_int_equal(p->inputs[1].object_kind, SEAL_SUI_OBJECT_SHARED);
    assert_int_equal(p->inputs[1].initial_shared_version, wo.owner.version);
    tu_assert_bytes(p->inputs[1].object.id, wl, 32, "shared id");
    assert_int_equal(p->inputs[2].object_kind, SEAL_SUI_OBJECT_IMM_OR_OWNED);
    assert_int_equal(p->inputs[2].object.version, co.version);
    tu_assert_bytes(p->inputs[2].object.digest, co.digest, 32, "owned digest");
    seal_sui_ptb_free(p);
    free(ptb);
    /* an object that does not exist */
    args[1].object_id[0] ^= 1;
    assert_int_equal(seal_client_build_ptb(&ptb, &len, chain, &call, 1), SEAL_ERR_INVALID_ARGUMENT);
    seal_ledger_object_clear(&wo);
    seal_ledger_object_clear(&co);
    test_chain_close(&tc);
}

static void test_ptb_chain_resolution(void **state) {
    (void)state;
    for (test_backend b = TB_EMBEDDED; b < TB_COUNT; b++)
        ptb_chain_resolution(b);
}

/* Key servers named by object id: name, URL and public key from the registry on the embedded
 * chain; unknown ids and objects of another type are refused. */
static void registry_resolution(test_backend backend) {
    test_chain tc;
    test_chain_open(&tc, backend);
    seal_chain *chain = tc.chain;
    seal_ledger *l = tc.ledger;
    uint8_t sender[32] = {3}, msk[32], pk[2][96], ks[2][32], wl[32], cap[32];
    seal_ledger_outcome out;
    for (int i = 0; i < 2; i++) {
        char name[16], url[64];
        snprintf(name, sizeof name, "ks%d", i);
        snprintf(url, sizeof url, "http://127.0.0.1:%d", 4000 + i);
        assert_int_equal(seal_keys_generate(msk, pk[i], NULL), SEAL_OK);
        assert_int_equal(
            seal_ledger_key_server_register(l, sender, name, url, 0, pk[i], ks[i], &out), SEAL_OK);
        assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    }
    assert_int_equal(seal_ledger_whitelist_create(l, sender, wl, cap, &out), SEAL_OK);
    seal_client_server_config cfg[2];
    memset(cfg, 0, sizeof cfg);
    memcpy(cfg[0].object_id, ks[0], 32);
    cfg[0].weight = 2;
    memcpy(cfg[1].object_id, ks[1], 32);
    cfg[1].weight = 1;
    cfg[1].url = "http://override:1"; /* an explicit URL wins, the key still comes from chain */
    seal_client_options o = {0};
    o.chain = chain;
    seal_client *c = NULL;
    assert_int_equal(seal_client_new(&c, &o, cfg, 2), SEAL_OK);
    seal_client_server_info info;
    assert_int_equal(seal_client_server_get(c, 0, &info), SEAL_OK);
    assert_string_equal(info.name, "ks0");
    assert_string_equal(info.url, "http://127.0.0.1:4000");
    tu_assert_bytes(info.public_key, pk[0], 96, "registered pk");
    assert_int_equal(info.weight, 2);
    assert_int_equal(seal_client_server_get(c, 1, &info), SEAL_OK);
    assert_string_equal(info.url, "http://override:1");
    tu_assert_bytes(info.public_key, pk[1], 96, "registered pk 2");
    seal_key_server kss[2];
    size_t n = 0;
    assert_int_equal(seal_client_key_servers(c, kss, 2, &n), SEAL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(kss[0].weight, 2);
    static seal_prepared_key prep[2];
    assert_int_equal(seal_client_prepared_keys(c, prep, 1, &n), SEAL_ERR_LIMIT);
    assert_int_equal(n, 0);
    assert_int_equal(seal_client_prepared_keys(c, prep, 2, &n), SEAL_OK);
    assert_int_equal(n, 2);
    tu_assert_bytes(prep[1].public_key, pk[1], 96, "prepared key 2");
    seal_client_free(c);
    /* not a key server; no such object; no chain; duplicates */
    memcpy(cfg[1].object_id, wl, 32);
    assert_int_equal(seal_client_new(&c, &o, cfg, 2), SEAL_ERR_INVALID_ARGUMENT);
    assert_null(c);
    assert_non_null(strstr(seal_client_creation_error(), "not a seal KeyServer"));
    cfg[1].object_id[0] ^= 0xff;
    assert_int_equal(seal_client_new(&c, &o, cfg, 2), SEAL_ERR_INVALID_ARGUMENT);
    o.chain = NULL;
    assert_int_equal(seal_client_new(&c, &o, cfg, 1), SEAL_ERR_INVALID_ARGUMENT);
    o.chain = chain;
    memcpy(cfg[1].object_id, ks[0], 32);
    assert_int_equal(seal_client_new(&c, &o, cfg, 2), SEAL_ERR_INVALID_ARGUMENT);
    cfg[0].weight = 0;
    assert_int_equal(seal_client_new(&c, &o, cfg, 1), SEAL_ERR_INVALID_ARGUMENT);
    test_chain_close(&tc);
}

static void test_registry_resolution(void **state) {
    (void)state;
    for (test_backend b = TB_EMBEDDED; b < TB_COUNT; b++)
        registry_resolution(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certificate_message_vectors),
        cmocka_unit_test(test_session_signers),
        cmocka_unit_test(test_session_export_import_expiry),
        cmocka_unit_test(test_ptb_vectors),
        cmocka_unit_test(test_arg_parse),
        cmocka_unit_test(test_request_json_vector),
        cmocka_unit_test(test_response_parsing),
        cmocka_unit_test(test_ptb_chain_resolution),
        cmocka_unit_test(test_registry_resolution),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
