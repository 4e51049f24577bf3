/* Sui transactions: TypeTag, ProgrammableTransaction, TransactionKind, TransactionData. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

static json_t *g_sui;

static int setup(void **state) {
    (void)state;
    g_sui = tu_load_json("sui/sui.json");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    json_decref(g_sui);
    return 0;
}

/* Decodes hex as a PTB, re-encodes it and compares; returns the decoded PTB. */
static seal_sui_ptb *ptb_round_trip(const uint8_t *bytes, size_t len) {
    seal_sui_ptb *p = NULL;
    seal_err err = seal_sui_ptb_decode(&p, bytes, len);
    if (err != SEAL_OK) {
        fail_msg("ptb decode: %s", seal_strerror(err));
    }
    uint8_t *buf = malloc(len + 1);
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, len);
    assert_int_equal(seal_sui_ptb_encode(&w, p), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    assert_int_equal(w.len, len);
    tu_assert_bytes(buf, bytes, len, "PTB re-encoding");
    free(buf);
    return p;
}

static seal_sui_ptb *ptb_round_trip_hex(const char *hex) {
    size_t len = 0;
    uint8_t *bytes = tu_hex_alloc(hex, &len);
    seal_sui_ptb *p = ptb_round_trip(bytes, len);
    free(bytes);
    return p;
}

static void kind_round_trip_hex(const char *hex, const seal_sui_ptb *want) {
    size_t len = 0;
    uint8_t *bytes = tu_hex_alloc(hex, &len);
    seal_sui_ptb *p = NULL;
    assert_int_equal(seal_sui_transaction_kind_decode(&p, bytes, len), SEAL_OK);
    assert_int_equal(p->n_inputs, want->n_inputs);
    assert_int_equal(p->n_commands, want->n_commands);
    uint8_t *buf = malloc(len);
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, len);
    assert_int_equal(seal_sui_transaction_kind_encode(&w, p), SEAL_OK);
    assert_int_equal(w.len, len);
    tu_assert_bytes(buf, bytes, len, "TransactionKind re-encoding");
    free(buf);
    free(bytes);
    seal_sui_ptb_free(p);
}

static bool bytes_is(seal_sui_bytes b, const char *s) {
    return b.len == strlen(s) && memcmp(b.ptr, s, b.len) == 0;
}

static void test_sdk_ptb(void **state) {
    (void)state;
    const json_t *v = json_object_get(g_sui, "ptb");
    seal_sui_ptb *p = ptb_round_trip_hex(tu_str(v, "ptb_bcs_hex"));
    kind_round_trip_hex(tu_str(v, "transaction_kind_bcs_hex"), p);

    assert_int_equal(p->n_inputs, 7);
    assert_int_equal(p->inputs[0].kind, SEAL_SUI_CALL_ARG_PURE);
    assert_int_equal(p->inputs[0].pure.len, 33);
    assert_int_equal(p->inputs[0].pure.ptr[0], 32);
    assert_int_equal(p->inputs[1].pure.len, 8);
    assert_int_equal(p->inputs[2].kind, SEAL_SUI_CALL_ARG_OBJECT);
    assert_int_equal(p->inputs[2].object_kind, SEAL_SUI_OBJECT_IMM_OR_OWNED);
    assert_int_equal(p->inputs[2].object.version, 77);
    assert_int_equal(p->inputs[3].object_kind, SEAL_SUI_OBJECT_SHARED);
    assert_int_equal(p->inputs[3].object.id[31], 6);
    assert_int_equal(p->inputs[3].initial_shared_version, 1);
    assert_int_equal(p->inputs[3].mutability, SEAL_SUI_SHARED_IMMUTABLE);
    assert_int_equal(p->inputs[4].initial_shared_version, 4096);
    assert_int_equal(p->inputs[4].mutability, SEAL_SUI_SHARED_MUTABLE);
    assert_int_equal(p->inputs[5].object_kind, SEAL_SUI_OBJECT_RECEIVING);
    assert_int_equal(p->inputs[5].object.version, 9);

    assert_int_equal(p->n_commands, 10);
    const seal_sui_command *c = p->commands;
    assert_int_equal(c[0].kind, SEAL_SUI_CMD_MOVE_CALL);
    assert_true(bytes_is(c[0].module, "whitelist"));
    assert_true(bytes_is(c[0].function, "seal_approve"));
    assert_int_equal(c[0].n_args, 2);
    assert_int_equal(c[0].args[1].kind, SEAL_SUI_ARG_INPUT);
    assert_int_equal(c[0].args[1].index, 4);
    assert_int_equal(c[1].n_type_args, 1);
    char text[512];
    assert_int_equal(seal_sui_type_tag_format(text, sizeof text, c[1].type_args[0].ptr,
                                              c[1].type_args[0].len, false),
                     SEAL_OK);
    assert_string_equal(text, "0x2::sui::SUI");
    assert_int_equal(c[2].n_type_args, 9);
    assert_int_equal(seal_sui_type_tag_format(text, sizeof text, c[2].type_args[1].ptr,
                                              c[2].type_args[1].len, false),
                     SEAL_OK);
    assert_string_equal(
        text,
        "0x2::dynamic_field::Field<u64, 0x1::option::Option<0x2::coin::Coin<0x2::sui::SUI>>>");
    assert_int_equal(c[2].args[0].kind, SEAL_SUI_ARG_GAS_COIN);
    assert_int_equal(c[2].args[1].kind, SEAL_SUI_ARG_RESULT);
    assert_int_equal(c[2].args[1].index, 1);
    assert_int_equal(c[2].args[2].kind, SEAL_SUI_ARG_NESTED_RESULT);
    assert_int_equal(c[2].args[2].index, 2);
    assert_int_equal(c[2].args[2].result_index, 3);
    assert_int_equal(c[3].kind, SEAL_SUI_CMD_SPLIT_COINS);
    assert_int_equal(c[3].arg.kind, SEAL_SUI_ARG_GAS_COIN);
    assert_int_equal(c[3].n_args, 2);
    assert_int_equal(c[4].kind, SEAL_SUI_CMD_MERGE_COINS);
    assert_int_equal(c[4].arg.kind, SEAL_SUI_ARG_NESTED_RESULT);
    assert_int_equal(c[5].kind, SEAL_SUI_CMD_TRANSFER_OBJECTS);
    assert_int_equal(c[5].arg.index, 6);
    assert_int_equal(c[6].kind, SEAL_SUI_CMD_MAKE_MOVE_VEC);
    assert_false(c[6].has_type);
    assert_true(c[7].has_type);
    assert_int_equal(c[7].n_args, 0);
    assert_int_equal(c[8].kind, SEAL_SUI_CMD_PUBLISH);
    assert_int_equal(c[8].n_modules, 2);
    assert_int_equal(c[8].modules[0].len, 32);
    assert_int_equal(c[8].modules[1].len, 0);
    assert_int_equal(c[8].n_deps, 2);
    assert_int_equal(c[8].deps[1][31], 2);
    assert_int_equal(c[9].kind, SEAL_SUI_CMD_UPGRADE);
    assert_int_equal(c[9].n_deps, 3);
    assert_memory_equal(c[9].package, c[0].package, 32);
    assert_int_equal(c[9].arg.kind, SEAL_SUI_ARG_RESULT);
    assert_int_equal(c[9].arg.index, 8);
    seal_sui_ptb_free(p);
}

static void test_seal_ptbs(void **state) {
    (void)state;
    json_t *spec = tu_load_json("spec/session_and_request.json");
    json_t *vectors = json_object_get(spec, "vectors");
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(vectors); i++) {
        const json_t *v = json_array_get(vectors, i);
        const json_t *hex = json_object_get(v, "ptb_bcs");
        if (hex == NULL) {
            hex = json_object_get(v, "ptb_bcs_hex");
        }
        if (hex == NULL) {
            continue;
        }
        seal_sui_ptb *p = ptb_round_trip_hex(json_string_value(hex));
        assert_true(p->n_commands >= 1);
        assert_int_equal(p->commands[0].kind, SEAL_SUI_CMD_MOVE_CALL);
        const json_t *kind = json_object_get(v, "transaction_kind_bcs_hex");
        if (kind != NULL) {
            kind_round_trip_hex(json_string_value(kind), p);
        }
        seal_sui_ptb_free(p);
        n++;
    }
    assert_int_equal(n, 2);
    json_decref(spec);

    json_t *sdk = tu_load_json("sdk/session.json");
    json_t *cases = json_object_get(sdk, "cases");
    for (size_t i = 0; i < json_array_size(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        seal_sui_ptb *p = ptb_round_trip_hex(tu_str(c, "ptb_bcs_hex"));
        kind_round_trip_hex(tu_str(c, "tx_kind_bytes_hex"), p);
        /* The first argument of each call is the inner id as a Pure vector<u8>. */
        const json_t *ids = json_object_get(c, "ids_hex");
        assert_int_equal(p->n_commands, json_array_size(ids));
        for (size_t k = 0; k < p->n_commands; k++) {
            const seal_sui_command *cmd = &p->commands[k];
            assert_true(bytes_is(cmd->function, "seal_approve"));
            const seal_sui_call_arg *a = &p->inputs[cmd->args[0].index];
            assert_int_equal(a->kind, SEAL_SUI_CALL_ARG_PURE);
            size_t id_len = 0;
            uint8_t *id = tu_hex_alloc(json_string_value(json_array_get(ids, k)), &id_len);
            assert_int_equal(a->pure.len, id_len + 1);
            assert_int_equal(a->pure.ptr[0], id_len);
            assert_memory_equal(a->pure.ptr + 1, id, id_len);
            free(id);
        }
        seal_sui_ptb_free(p);
    }
    json_decref(sdk);
}

/* A client builds the SDK's seal_approve PTB from structs and gets the SDK's bytes. */
static void test_build_seal_approve(void **state) {
    (void)state;
    json_t *sdk = tu_load_json("sdk/session.json");
    const json_t *c = json_array_get(json_object_get(sdk, "cases"), 0);
    uint8_t id[64];
    size_t id_len = tu_hex(id, sizeof id,
                           json_string_value(json_array_get(json_object_get(c, "ids_hex"), 0)), 0);
    uint8_t pure[65];
    pure[0] = (uint8_t)id_len;
    memcpy(pure + 1, id, id_len);
    seal_sui_call_arg input = {0};
    input.kind = SEAL_SUI_CALL_ARG_PURE;
    input.pure.ptr = pure;
    input.pure.len = id_len + 1;
    seal_sui_argument arg = {SEAL_SUI_ARG_INPUT, 0, 0};
    seal_sui_command cmd = {0};
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    assert_int_equal(seal_sui_address_parse(cmd.package, tu_str(c, "package_id")), SEAL_OK);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"policy", 6};
    cmd.function = (seal_sui_bytes){(const uint8_t *)"seal_approve", 12};
    cmd.n_args = 1;
    cmd.args = &arg;
    seal_sui_ptb ptb = {1, &input, 1, &cmd};
    size_t want_len = 0;
    uint8_t *want = tu_hex_alloc(tu_str(c, "ptb_bcs_hex"), &want_len);
    uint8_t buf[256];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_OK);
    assert_int_equal(w.len, want_len);
    tu_assert_bytes(buf, want, want_len, "built PTB");
    free(want);
    /* Measuring with no buffer gives the size. */
    seal_bcs_writer_init(&w, NULL, 0);
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_OK);
    assert_int_equal(w.len, want_len);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_ERR_LIMIT);
    /* Invalid pieces are refused and nothing is written. */
    cmd.function = (seal_sui_bytes){(const uint8_t *)"seal-approve", 12};
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(w.len, 0);
    cmd.function = (seal_sui_bytes){(const uint8_t *)"seal_approve", 12};
    arg.kind = (seal_sui_argument_kind)4;
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_ERR_INVALID_ARGUMENT);
    arg.kind = SEAL_SUI_ARG_INPUT;
    static const uint8_t bad_tag[2] = {0x0b, 0x00};
    seal_sui_type_tag t = {bad_tag, 1};
    cmd.n_type_args = 1;
    cmd.type_args = &t;
    assert_int_equal(seal_sui_ptb_encode(&w, &ptb), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(w.len, 0);
    json_decref(sdk);
}

static void test_transaction_data(void **state) {
    (void)state;
    json_t *txs = json_object_get(g_sui, "transactions");
    for (size_t i = 0; i < json_array_size(txs); i++) {
        const json_t *v = json_array_get(txs, i);
        size_t len = 0;
        uint8_t *bytes = tu_hex_alloc(tu_str(v, "tx_data_hex"), &len);
        seal_sui_transaction_data *tx = NULL;
        assert_int_equal(seal_sui_transaction_data_decode(&tx, bytes, len), SEAL_OK);
        uint8_t sender[32];
        assert_int_equal(seal_sui_address_parse(sender, tu_str(v, "sender")), SEAL_OK);
        assert_memory_equal(tx->sender, sender, 32);
        assert_memory_equal(tx->gas.owner, sender, 32);
        assert_int_equal(tx->gas.price, 1000);
        assert_int_equal(tx->gas.budget, 500000000);
        assert_int_equal(tx->gas.n_payment, 1);
        assert_int_equal(tx->gas.payment[0].version, 12);
        assert_int_equal(tx->ptb->n_commands, 10);
        if (strcmp(tu_str(v, "name"), "epoch_expiration") == 0) {
            assert_int_equal(tx->expiration.kind, SEAL_SUI_EXPIRATION_EPOCH);
            assert_int_equal(tx->expiration.epoch, 42);
        } else {
            assert_int_equal(tx->expiration.kind, SEAL_SUI_EXPIRATION_NONE);
        }
        uint8_t *buf = malloc(len);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, buf, len);
        assert_int_equal(seal_sui_transaction_data_encode(&w, tx), SEAL_OK);
        assert_int_equal(w.len, len);
        tu_assert_bytes(buf, bytes, len, "TransactionData re-encoding");
        uint8_t d[32], want[32];
        seal_sui_transaction_digest(d, bytes, len);
        tu_hex(want, 32, tu_str(v, "tx_digest_hex"), 1);
        tu_assert_bytes(d, want, 32, "transaction digest");
        char b58[SEAL_SUI_DIGEST_BASE58_BYTES];
        seal_sui_digest_format(b58, d);
        assert_string_equal(b58, tu_str(v, "tx_digest_base58"));
        /* Every strict prefix fails; a trailing byte fails. */
        for (size_t k = 0; k < len; k++) {
            seal_sui_transaction_data *t2 = NULL;
            assert_int_not_equal(seal_sui_transaction_data_decode(&t2, bytes, k), SEAL_OK);
            assert_null(t2);
        }
        uint8_t *longer = malloc(len + 1);
        memcpy(longer, bytes, len);
        longer[len] = 0;
        seal_sui_transaction_data *t3 = NULL;
        assert_int_equal(seal_sui_transaction_data_decode(&t3, longer, len + 1),
                         SEAL_ERR_INVALID_ENCODING);
        /* Non-programmable transaction kinds are recognised but unsupported. */
        longer[1] = 0x01;
        assert_int_equal(seal_sui_transaction_data_decode(&t3, longer, len), SEAL_ERR_UNSUPPORTED);
        longer[1] = 0x0b;
        assert_int_equal(seal_sui_transaction_data_decode(&t3, longer, len),
                         SEAL_ERR_INVALID_ENCODING);
        free(longer);
        free(buf);
        seal_sui_transaction_data_free(tx);
        free(bytes);
    }
}

/* The upstream regression PTB: 00 | 01 | 00 pkg(32) 03 "bla" 0e "seal_approve_x" 00 00. */
static const char *small_ptb =
    "000100d92bc457b42d48924087ea3f22d35fd2fe9afdf5bdfe38cc51c0f14f3282f6d503626c610e7365616c5f617"
    "070726f76655f780000";

static seal_err decode_hex(const char *hex) {
    size_t len = 0;
    uint8_t *b = tu_hex_alloc(hex, &len);
    seal_sui_ptb *p = NULL;
    seal_err err = seal_sui_ptb_decode(&p, b, len);
    if (err == SEAL_OK) {
        assert_non_null(p);
    } else {
        assert_null(p);
    }
    seal_sui_ptb_free(p);
    free(b);
    return err;
}

static void test_ptb_rejections(void **state) {
    (void)state;
    char hex[1024];
    assert_int_equal(decode_hex(small_ptb), SEAL_OK);
    /* trailing byte */
    snprintf(hex, sizeof hex, "%s00", small_ptb);
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    /* non-canonical ULEB128 for the input count (80 00 instead of 00) */
    snprintf(hex, sizeof hex, "8000%s", small_ptb + 2);
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    /* unknown Command variant */
    snprintf(hex, sizeof hex, "000107%s", small_ptb + 6);
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    /* bad identifiers: module "1la", function with '-' , empty */
    strcpy(hex, small_ptb);
    hex[6 + 64 + 2] = '3';
    hex[6 + 64 + 3] = '1';
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    strcpy(hex, small_ptb);
    memcpy(hex + 6 + 64 + 8 + 2 + 8, "2d", 2); /* "seal-approve_x" */
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    /* too many commands (1025) */
    assert_int_equal(decode_hex("00810800"), SEAL_ERR_LIMIT);
    /* CallArg variant 3, Object variant 3, shared mutability 3, digest of 31 bytes */
    assert_int_equal(decode_hex("010300"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(decode_hex("01010300"), SEAL_ERR_INVALID_ENCODING);
    snprintf(hex, sizeof hex,
             "010101%s010000000000000003"
             "00",
             "0000000000000000000000000000000000000000000000000000000000000006");
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    hex[strlen(hex) - 4] = '0';
    hex[strlen(hex) - 3] = '2';
    assert_int_equal(decode_hex(hex), SEAL_OK); /* NonExclusiveWrite */
    snprintf(hex, sizeof hex, "010100%s0100000000000000%s%s00",
             "0000000000000000000000000000000000000000000000000000000000000006", "1f",
             "00000000000000000000000000000000000000000000000000000000000000");
    assert_int_equal(decode_hex(hex), SEAL_ERR_INVALID_ENCODING);
    /* Argument variant 4 in TransferObjects */
    assert_int_equal(decode_hex("000101010400"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(decode_hex("0001010100"
                                "00"),
                     SEAL_OK); /* ([GasCoin], GasCoin) */
    /* MakeMoveVec with a bad option tag, with an unknown TypeTag, with a deep type */
    assert_int_equal(decode_hex("0001050200"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(decode_hex("0001050101"
                                "0b"
                                "00"),
                     SEAL_ERR_INVALID_ENCODING);
    char deep[128] = "00010501";
    for (int d = 0; d < 16; d++) {
        strcat(deep, "06");
    }
    strcat(deep, "0100");
    assert_int_equal(decode_hex(deep), SEAL_ERR_LIMIT); /* vector^16<u8>: depth 17 */
    strcpy(deep, "00010501");
    for (int d = 0; d < 15; d++) {
        strcat(deep, "06");
    }
    strcat(deep, "0100");
    assert_int_equal(decode_hex(deep), SEAL_OK); /* depth 16 */
    /* every prefix of the SDK PTB fails */
    size_t len = 0;
    uint8_t *b = tu_hex_alloc(tu_str(json_object_get(g_sui, "ptb"), "ptb_bcs_hex"), &len);
    for (size_t k = 0; k < len; k++) {
        seal_sui_ptb *p = NULL;
        assert_int_not_equal(seal_sui_ptb_decode(&p, b, k), SEAL_OK);
    }
    free(b);
    /* TransactionKind: only PTB */
    snprintf(hex, sizeof hex, "00%s", small_ptb);
    size_t kl = 0;
    uint8_t *kb = tu_hex_alloc(hex, &kl);
    seal_sui_ptb *p = NULL;
    assert_int_equal(seal_sui_transaction_kind_decode(&p, kb, kl), SEAL_OK);
    seal_sui_ptb_free(p);
    kb[0] = 0x05;
    assert_int_equal(seal_sui_transaction_kind_decode(&p, kb, kl), SEAL_ERR_UNSUPPORTED);
    assert_null(p);
    free(kb);
    assert_int_equal(seal_sui_ptb_decode(NULL, NULL, 0), SEAL_ERR_INVALID_ARGUMENT);
}

static void test_type_tags(void **state) {
    (void)state;
    json_t *tags = json_object_get(g_sui, "type_tags");
    assert_true(json_array_size(tags) >= 10);
    for (size_t i = 0; i < json_array_size(tags); i++) {
        const json_t *t = json_array_get(tags, i);
        uint8_t want[512], got[512];
        size_t want_len = tu_hex(want, sizeof want, tu_str(t, "bcs_hex"), 0);
        size_t got_len = 0;
        assert_int_equal(seal_sui_type_tag_parse(got, sizeof got, &got_len, tu_str(t, "input")),
                         SEAL_OK);
        assert_int_equal(got_len, want_len);
        tu_assert_bytes(got, want, want_len, tu_str(t, "input"));
        assert_int_equal(seal_sui_type_tag_validate(want, want_len), SEAL_OK);
        char text[1024];
        assert_int_equal(seal_sui_type_tag_format(text, sizeof text, want, want_len, true),
                         SEAL_OK);
        assert_string_equal(text, tu_str(t, "canonical"));
        /* The short form parses back to the same bytes. */
        assert_int_equal(seal_sui_type_tag_format(text, sizeof text, want, want_len, false),
                         SEAL_OK);
        assert_int_equal(seal_sui_type_tag_parse(got, sizeof got, &got_len, text), SEAL_OK);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        /* Output too small. */
        assert_int_equal(seal_sui_type_tag_format(text, strlen(text), want, want_len, false),
                         SEAL_ERR_LIMIT);
    }
    static const char *bad[] = {"",
                                "u9",
                                "vector<u8",
                                "vector<>",
                                "0x2::sui",
                                "0x2::sui::",
                                "0x2::sui::SUI<>",
                                "0xg::a::B",
                                "2::sui::SUI",
                                "u8 ",
                                "0x2::sui::SUI,",
                                "0x2::1a::B",
                                "Vector<u8>",
                                "0x2::a::B<u8,>",
                                "0x2::a::B<u8 u8>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t out[64];
        size_t n = 0;
        seal_err err = seal_sui_type_tag_parse(out, sizeof out, &n, bad[i]);
        if (err == SEAL_OK) {
            fail_msg("accepted bad type '%s'", bad[i]);
        }
    }
    char deep[256] = "";
    for (int d = 0; d < 17; d++) {
        strcat(deep, "vector<");
    }
    strcat(deep, "u8");
    for (int d = 0; d < 17; d++) {
        strcat(deep, ">");
    }
    uint8_t out[64];
    size_t n = 0;
    assert_int_equal(seal_sui_type_tag_parse(out, sizeof out, &n, deep), SEAL_ERR_LIMIT);
    assert_int_equal(seal_sui_type_tag_parse(out, 3, &n, "0x2::sui::SUI"), SEAL_ERR_LIMIT);
    assert_int_equal(seal_sui_type_tag_parse(out, sizeof out, &n, "vector< u8 >"), SEAL_OK);
    assert_int_equal(n, 2);
    /* Trailing bytes after a valid tag. */
    static const uint8_t two[2] = {0x01, 0x01};
    assert_int_equal(seal_sui_type_tag_validate(two, 2), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_type_tag_validate(two, 0), SEAL_ERR_INVALID_ENCODING);
    static const uint8_t ids[6] = {'_', '_', 'a', '_', '9', 'Z'};
    assert_int_equal(seal_sui_identifier_validate(ids, 6), SEAL_OK);
    assert_int_equal(seal_sui_identifier_validate(ids, 1), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_sui_identifier_validate(ids + 4, 2), SEAL_ERR_INVALID_ENCODING);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sdk_ptb),
        cmocka_unit_test(test_seal_ptbs),
        cmocka_unit_test(test_build_seal_approve),
        cmocka_unit_test(test_transaction_data),
        cmocka_unit_test(test_ptb_rejections),
        cmocka_unit_test(test_type_tags),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
