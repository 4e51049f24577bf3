/* BCS reader/writer: round trips, canonical ULEB128, caps, trailing bytes. */
#include <string.h>

#include "testutil.h"
#include "seal/bcs.h"

static void test_uleb128_known(void **state) {
    (void)state;
    /* (value, encoding) pairs from the BCS specification. */
    static const struct {
        uint32_t v;
        uint8_t enc[5];
        size_t n;
    } cases[] = {
        {0, {0x00}, 1},
        {1, {0x01}, 1},
        {127, {0x7f}, 1},
        {128, {0x80, 0x01}, 2},
        {255, {0xff, 0x01}, 2},
        {300, {0xac, 0x02}, 2},
        {16384, {0x80, 0x80, 0x01}, 3},
        {0x7fffffff, {0xff, 0xff, 0xff, 0xff, 0x07}, 5},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t buf[10];
        size_t n = seal_bcs_uleb128_encode(buf, cases[i].v);
        assert_int_equal(n, cases[i].n);
        assert_memory_equal(buf, cases[i].enc, n);
        assert_int_equal(seal_bcs_uleb128_size(cases[i].v), n);
        seal_bcs_reader r;
        uint32_t v = 0;
        seal_bcs_reader_init(&r, cases[i].enc, cases[i].n);
        assert_int_equal(seal_bcs_read_uleb128(&r, &v), SEAL_OK);
        assert_int_equal(v, cases[i].v);
        assert_int_equal(seal_bcs_reader_finish(&r), SEAL_OK);
    }
}

static seal_err read_one_uleb(const uint8_t *p, size_t n, uint32_t *v) {
    seal_bcs_reader r;
    seal_bcs_reader_init(&r, p, n);
    seal_err err = seal_bcs_read_uleb128(&r, v);
    if (err == SEAL_OK) {
        err = seal_bcs_reader_finish(&r);
    }
    return err;
}

static void test_uleb128_rejects(void **state) {
    (void)state;
    uint32_t v;
    static const uint8_t non_minimal1[] = {0x80, 0x00};
    static const uint8_t non_minimal2[] = {0x81, 0x80, 0x00};
    static const uint8_t non_minimal3[] = {0xff, 0x00};
    static const uint8_t too_big[] = {0x80, 0x80, 0x80, 0x80, 0x08}; /* 2^31 */
    static const uint8_t too_long[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
    static const uint8_t truncated[] = {0x80};
    assert_int_equal(read_one_uleb(non_minimal1, 2, &v), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(read_one_uleb(non_minimal2, 3, &v), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(read_one_uleb(non_minimal3, 2, &v), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(read_one_uleb(too_big, 5, &v), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(read_one_uleb(too_long, 6, &v), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(read_one_uleb(truncated, 1, &v), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(read_one_uleb(truncated, 0, &v), SEAL_ERR_INVALID_ENCODING);
}

/* Every value below 2^21 has exactly one accepted encoding: the minimal one. Any 1-3 byte
 * string is either that encoding or rejected. */
static void test_uleb128_exhaustive_short(void **state) {
    (void)state;
    size_t accepted = 0;
    for (uint32_t len = 1; len <= 3; len++) {
        uint32_t limit = 1u << (8 * len);
        for (uint32_t x = 0; x < limit; x++) {
            uint8_t b[3] = {(uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16)};
            uint32_t v = 0;
            if (read_one_uleb(b, len, &v) == SEAL_OK) {
                uint8_t enc[10];
                size_t n = seal_bcs_uleb128_encode(enc, v);
                assert_int_equal(n, len);
                assert_memory_equal(enc, b, len);
                accepted++;
            }
        }
    }
    assert_int_equal(accepted, 1u << 21); /* one encoding per value < 2^21 */
}

static void test_round_trip_and_trailing(void **state) {
    (void)state;
    uint8_t buf[64];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_bcs_write_u8(&w, 0xab);
    seal_bcs_write_u16(&w, 0x1234);
    seal_bcs_write_u32(&w, 0xdeadbeef);
    seal_bcs_write_u64(&w, 0x0102030405060708ull);
    seal_bcs_write_bool(&w, true);
    seal_bcs_write_bytes(&w, (const uint8_t *)"hello", 5);
    seal_bcs_write_uleb128(&w, 2); /* variant */
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    static const uint8_t want[] = {0xab, 0x34, 0x12, 0xef, 0xbe, 0xad, 0xde, 8,   7,   6,   5, 4,
                                   3,    2,    1,    1,    5,    'h',  'e',  'l', 'l', 'o', 2};
    assert_int_equal(w.len, sizeof want);
    assert_memory_equal(buf, want, sizeof want);

    seal_bcs_reader r;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32, var;
    uint64_t u64;
    bool b;
    const uint8_t *p;
    size_t n;
    seal_bcs_reader_init(&r, buf, w.len + 1); /* one trailing byte */
    assert_int_equal(seal_bcs_read_u8(&r, &u8), SEAL_OK);
    assert_int_equal(seal_bcs_read_u16(&r, &u16), SEAL_OK);
    assert_int_equal(seal_bcs_read_u32(&r, &u32), SEAL_OK);
    assert_int_equal(seal_bcs_read_u64(&r, &u64), SEAL_OK);
    assert_int_equal(seal_bcs_read_bool(&r, &b), SEAL_OK);
    assert_int_equal(seal_bcs_read_bytes(&r, 5, &p, &n), SEAL_OK);
    assert_int_equal(seal_bcs_read_variant(&r, 3, &var), SEAL_OK);
    assert_int_equal(u8, 0xab);
    assert_int_equal(u16, 0x1234);
    assert_int_equal(u32, 0xdeadbeef);
    assert_true(u64 == 0x0102030405060708ull);
    assert_true(b);
    assert_int_equal(n, 5);
    assert_memory_equal(p, "hello", 5);
    assert_int_equal(var, 2);
    assert_int_equal(seal_bcs_reader_remaining(&r), 1);
    assert_int_equal(seal_bcs_reader_finish(&r), SEAL_ERR_INVALID_ENCODING);

    /* Without the trailing byte it finishes cleanly. */
    seal_bcs_reader_init(&r, buf, w.len);
    uint8_t skip[22];
    assert_int_equal(seal_bcs_read_fixed(&r, skip, sizeof skip), SEAL_OK);
    assert_int_equal(seal_bcs_read_variant(&r, 3, &var), SEAL_OK);
    assert_int_equal(seal_bcs_reader_finish(&r), SEAL_OK);
}

static void test_reader_rejects(void **state) {
    (void)state;
    seal_bcs_reader r;
    bool b;
    uint32_t var;
    size_t n;
    const uint8_t *p;
    static const uint8_t two = 2;
    seal_bcs_reader_init(&r, &two, 1);
    assert_int_equal(seal_bcs_read_bool(&r, &b), SEAL_ERR_INVALID_ENCODING);
    /* A failed reader stays failed. */
    assert_int_equal(seal_bcs_reader_finish(&r), SEAL_ERR_INVALID_ENCODING);
    seal_bcs_reader_init(&r, &two, 1);
    assert_int_equal(seal_bcs_read_option(&r, &b), SEAL_ERR_INVALID_ENCODING);
    seal_bcs_reader_init(&r, &two, 1);
    assert_int_equal(seal_bcs_read_variant(&r, 2, &var), SEAL_ERR_INVALID_ENCODING);
    /* Length cap is checked before the bytes. */
    static const uint8_t big_len[] = {0x80, 0x01}; /* 128, no data following */
    seal_bcs_reader_init(&r, big_len, sizeof big_len);
    assert_int_equal(seal_bcs_read_bytes(&r, 127, &p, &n), SEAL_ERR_LIMIT);
    seal_bcs_reader_init(&r, big_len, sizeof big_len);
    assert_int_equal(seal_bcs_read_bytes(&r, 1000, &p, &n), SEAL_ERR_INVALID_ENCODING);
    assert_null(p);
    /* Short fixed reads. */
    uint8_t out[4] = {1, 1, 1, 1};
    seal_bcs_reader_init(&r, big_len, sizeof big_len);
    assert_int_equal(seal_bcs_read_fixed(&r, out, 4), SEAL_ERR_INVALID_ENCODING);
    uint64_t u64;
    seal_bcs_reader_init(&r, big_len, sizeof big_len);
    assert_int_equal(seal_bcs_read_u64(&r, &u64), SEAL_ERR_INVALID_ENCODING);
    /* Empty input. */
    seal_bcs_reader_init(&r, NULL, 0);
    assert_int_equal(seal_bcs_reader_finish(&r), SEAL_OK);
    assert_int_equal(seal_bcs_read_u8(&r, out), SEAL_ERR_INVALID_ENCODING);
}

static void test_writer_overflow_counts(void **state) {
    (void)state;
    uint8_t buf[4];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_bcs_write_bytes(&w, (const uint8_t *)"abcdefgh", 8);
    assert_int_equal(w.len, 9);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_ERR_LIMIT);
    seal_bcs_writer_init(&w, NULL, 0);
    seal_bcs_write_u64(&w, 1);
    seal_bcs_write_uleb128(&w, 300);
    assert_int_equal(w.len, 10);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uleb128_known),
        cmocka_unit_test(test_uleb128_rejects),
        cmocka_unit_test(test_uleb128_exhaustive_short),
        cmocka_unit_test(test_round_trip_and_trailing),
        cmocka_unit_test(test_reader_rejects),
        cmocka_unit_test(test_writer_overflow_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
