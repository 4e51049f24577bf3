/* Sui objects: BCS of Move objects and packages (SDK vectors), owners, type mapping, digests. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/sui.h"
#include "seal/sui_object.h"
#include "seal/sui_tx.h"

static void test_object_vectors(void **state) {
    (void)state;
    json_t *sui = tu_load_json("sui/sui.json");
    json_t *objects = json_object_get(sui, "objects");
    assert_int_equal(json_array_size(objects), 6);
    for (size_t i = 0; i < json_array_size(objects); i++) {
        const json_t *v = json_array_get(objects, i);
        const char *name = tu_str(v, "name");
        size_t len = 0;
        uint8_t *b = tu_hex_alloc(tu_str(v, "bcs_hex"), &len);
        seal_sui_object o;
        assert_int_equal(seal_sui_object_decode(&o, b, len), SEAL_OK);
        uint8_t *out = malloc(len);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, len);
        assert_int_equal(seal_sui_object_encode(&w, &o), SEAL_OK);
        assert_int_equal(w.len, len);
        tu_assert_bytes(out, b, len, name);
        uint8_t d[32];
        char text[SEAL_SUI_DIGEST_BASE58_BYTES];
        seal_sui_object_digest(d, b, len);
        seal_sui_digest_format(text, d);
        assert_string_equal(text, tu_str(v, "digest_base58"));

        uint8_t id[32];
        assert_int_equal(seal_sui_object_id(id, &o), SEAL_OK);
        char type[512] = "";
        uint8_t tag[512];
        size_t tag_len = 0;
        if (!o.is_package && o.type.kind != SEAL_SUI_MOVE_OBJECT_ACCUMULATOR_BALANCE_WRAPPER) {
            assert_int_equal(
                seal_sui_move_object_type_to_type_tag(tag, sizeof tag, &tag_len, &o.type), SEAL_OK);
            assert_int_equal(seal_sui_type_tag_format(type, sizeof type, tag, tag_len, false),
                             SEAL_OK);
            /* And back to the compressed form. */
            seal_sui_move_object_type t;
            assert_int_equal(seal_sui_move_object_type_from_type_tag(&t, tag, tag_len), SEAL_OK);
            if (strcmp(name, "coin_object_owner") == 0) {
                /* Coin<SUI> always compresses to GasCoin. */
                assert_int_equal(t.kind, SEAL_SUI_MOVE_OBJECT_GAS_COIN);
            } else {
                assert_int_equal(t.kind, o.type.kind);
                assert_int_equal(t.tag.len, o.type.tag.len);
                if (t.tag.len > 0) {
                    assert_memory_equal(t.tag.ptr, o.type.tag.ptr, t.tag.len);
                }
            }
        }
        if (strcmp(name, "gas_coin_address_owner") == 0) {
            assert_int_equal(o.type.kind, SEAL_SUI_MOVE_OBJECT_GAS_COIN);
            assert_string_equal(type, "0x2::coin::Coin<0x2::sui::SUI>");
            assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_ADDRESS);
            assert_true(o.has_public_transfer);
            assert_int_equal(o.version, 5);
            assert_int_equal(o.contents.len, 40);
            assert_int_equal(o.storage_rebate, 988000);
        } else if (strcmp(name, "shared_other") == 0) {
            assert_int_equal(o.type.kind, SEAL_SUI_MOVE_OBJECT_OTHER);
            assert_non_null(strstr(type, "::whitelist::Whitelist"));
            assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_SHARED);
            assert_int_equal(o.owner.version, 4096);
        } else if (strcmp(name, "coin_object_owner") == 0) {
            assert_int_equal(o.type.kind, SEAL_SUI_MOVE_OBJECT_COIN);
            assert_string_equal(type, "0x2::coin::Coin<0x2::sui::SUI>");
            assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_OBJECT);
        } else if (strcmp(name, "staked_immutable") == 0) {
            assert_int_equal(o.type.kind, SEAL_SUI_MOVE_OBJECT_STAKED_SUI);
            assert_string_equal(type, "0x3::staking_pool::StakedSui");
            assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_IMMUTABLE);
        } else if (strcmp(name, "consensus_owner_generic") == 0) {
            assert_string_equal(type, "0x2::dynamic_field::Field<u64, vector<u8>>");
            assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_CONSENSUS_ADDRESS);
            assert_int_equal(o.owner.version, 3);
        } else {
            assert_string_equal(name, "package");
            assert_true(o.is_package);
            assert_int_equal(o.package_version, 1);
            assert_int_equal(o.owner.kind, SEAL_SUI_OWNER_IMMUTABLE);
            /* Module map keys out of order are not canonical. */
            uint8_t *swapped = malloc(len);
            memcpy(swapped, b, len);
            uint8_t *a = memmem(swapped, len,
                                "\x05"
                                "a_mod",
                                6);
            uint8_t *c = memmem(swapped, len,
                                "\x05"
                                "b_mod",
                                6);
            assert_non_null(a);
            assert_true(c == a + 6 + 33);
            uint8_t tmp[39];
            memcpy(tmp, a, 39);
            memcpy(a, c, 39);
            memcpy(c, tmp, 39);
            assert_int_equal(seal_sui_object_decode(&o, swapped, len), SEAL_ERR_INVALID_ENCODING);
            free(swapped);
        }
        /* Every strict prefix fails, so does a trailing byte. */
        for (size_t k = 0; k < len; k++) {
            assert_int_not_equal(seal_sui_object_decode(&o, b, k), SEAL_OK);
        }
        uint8_t *longer = malloc(len + 1);
        memcpy(longer, b, len);
        longer[len] = 0;
        assert_int_equal(seal_sui_object_decode(&o, longer, len + 1), SEAL_ERR_INVALID_ENCODING);
        free(longer);
        free(out);
        free(b);
    }
    json_decref(sui);
}

static void test_object_rules(void **state) {
    (void)state;
    /* Owner codec. */
    uint8_t buf[64];
    seal_bcs_writer w;
    seal_bcs_reader r;
    seal_sui_owner o = {SEAL_SUI_OWNER_CONSENSUS_ADDRESS, {0}, 77}, back;
    o.address[0] = 9;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_owner_write(&w, &o), SEAL_OK);
    assert_int_equal(w.len, 1 + 8 + 32);
    seal_bcs_reader_init(&r, buf, w.len);
    assert_int_equal(seal_sui_owner_read(&r, &back), SEAL_OK);
    assert_int_equal(seal_bcs_reader_finish(&r), SEAL_OK);
    assert_int_equal(back.kind, o.kind);
    assert_int_equal(back.version, 77);
    assert_memory_equal(back.address, o.address, 32);
    buf[0] = 5;
    seal_bcs_reader_init(&r, buf, w.len);
    assert_int_equal(seal_sui_owner_read(&r, &back), SEAL_ERR_INVALID_ENCODING);
    o.kind = (seal_sui_owner_kind)5;
    assert_int_equal(seal_sui_owner_write(&w, &o), SEAL_ERR_INVALID_ARGUMENT);

    /* A Move object must hold at least its UID; encode refuses bad parts. */
    uint8_t contents[40] = {0};
    seal_sui_object obj;
    memset(&obj, 0, sizeof obj);
    obj.type.kind = SEAL_SUI_MOVE_OBJECT_GAS_COIN;
    obj.contents.ptr = contents;
    obj.contents.len = 31;
    obj.owner.kind = SEAL_SUI_OWNER_IMMUTABLE;
    uint8_t out[256];
    seal_bcs_writer_init(&w, out, sizeof out);
    assert_int_equal(seal_sui_object_encode(&w, &obj), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(w.len, 0);
    obj.contents.len = 40;
    assert_int_equal(seal_sui_object_encode(&w, &obj), SEAL_OK);
    seal_sui_object dec;
    assert_int_equal(seal_sui_object_decode(&dec, out, w.len), SEAL_OK);
    assert_int_equal(dec.type.kind, SEAL_SUI_MOVE_OBJECT_GAS_COIN);
    /* Shrink the contents length below 32 in the encoding: rejected. */
    out[1 + 1 + 1 + 8] = 31;
    assert_int_not_equal(seal_sui_object_decode(&dec, out, w.len - 9), SEAL_OK);
    obj.type.kind = SEAL_SUI_MOVE_OBJECT_COIN;
    static const uint8_t bad_tag[1] = {0x0b};
    obj.type.tag.ptr = bad_tag;
    obj.type.tag.len = 1;
    assert_int_equal(seal_sui_object_encode(&w, &obj), SEAL_ERR_INVALID_ARGUMENT);
    /* Type mapping: Coin<T> for T != SUI is Coin(T); anything else Other. */
    uint8_t tag[256];
    size_t tag_len = 0;
    seal_sui_move_object_type t;
    assert_int_equal(
        seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, "0x2::coin::Coin<0xdee9::x::Y>"),
        SEAL_OK);
    assert_int_equal(seal_sui_move_object_type_from_type_tag(&t, tag, tag_len), SEAL_OK);
    assert_int_equal(t.kind, SEAL_SUI_MOVE_OBJECT_COIN);
    assert_int_equal(t.tag.len, tag_len - (1 + 32 + 5 + 5 + 1));
    assert_int_equal(
        seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, "0x2::coin::TreasuryCap<u8>"), SEAL_OK);
    assert_int_equal(seal_sui_move_object_type_from_type_tag(&t, tag, tag_len), SEAL_OK);
    assert_int_equal(t.kind, SEAL_SUI_MOVE_OBJECT_OTHER);
    assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &tag_len, "vector<u8>"), SEAL_OK);
    assert_int_equal(seal_sui_move_object_type_from_type_tag(&t, tag, tag_len),
                     SEAL_ERR_INVALID_ARGUMENT);
    t.kind = SEAL_SUI_MOVE_OBJECT_ACCUMULATOR_BALANCE_WRAPPER;
    assert_int_equal(seal_sui_move_object_type_to_type_tag(tag, sizeof tag, &tag_len, &t),
                     SEAL_ERR_UNSUPPORTED);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object_vectors),
        cmocka_unit_test(test_object_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
