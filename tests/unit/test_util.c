#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "seal/util.h"
#include "util/ct.h"

static void test_hex_round_trip(void **state) {
    (void)state;
    uint8_t in[4] = {0x00, 0xab, 0x10, 0xff};
    char text[9];
    seal_hex_encode(text, in, 4);
    assert_string_equal(text, "00ab10ff");
    uint8_t out[4];
    assert_int_equal(seal_hex_decode(out, 4, "0x00AB10ff"), SEAL_OK);
    assert_memory_equal(in, out, 4);
}

static void test_hex_rejects(void **state) {
    (void)state;
    uint8_t out[2] = {1, 2};
    assert_int_equal(seal_hex_decode(out, 2, "abc"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_hex_decode(out, 2, "abcg"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_hex_decode(out, 2, "abcdef"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_hex_decode(out, 2, "ab"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_hex_decode(out, 2, "0x"), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(out[0] | out[1], 0); /* wiped on failure */
    size_t n = 99;
    assert_int_equal(seal_hex_decode_var(out, 2, &n, ""), SEAL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(seal_hex_decode_var(out, 2, &n, "010203"), SEAL_ERR_LIMIT);
}

static void test_ct(void **state) {
    (void)state;
    assert_true(seal_ct_memeq("abc", "abc", 3));
    assert_false(seal_ct_memeq("abc", "abd", 3));
    assert_true(seal_ct_memeq("", "", 0));
    assert_int_equal(seal__ct_is_zero(0), 1);
    assert_int_equal(seal__ct_is_zero(1), 0);
    assert_int_equal(seal__ct_is_zero(UINT64_MAX), 0);
    assert_int_equal(seal__ct_eq(5, 5), 1);
    assert_int_equal(seal__ct_select(1, 7, 9), 7);
    assert_int_equal(seal__ct_select(0, 7, 9), 9);
    uint8_t d[3] = {1, 2, 3}, s[3] = {4, 5, 6};
    seal__ct_cmov_bytes(d, s, 3, 0);
    assert_int_equal(d[0], 1);
    seal__ct_cmov_bytes(d, s, 3, 1);
    assert_memory_equal(d, s, 3);
}

static void test_memzero_and_rng(void **state) {
    (void)state;
    uint8_t buf[64];
    memset(buf, 0xaa, sizeof buf);
    seal_memzero(buf, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++) {
        assert_int_equal(buf[i], 0);
    }
    uint8_t a[32] = {0}, b[32] = {0};
    assert_int_equal(seal_rng_fill(NULL, a, 32), SEAL_OK);
    assert_int_equal(seal_rng_fill(seal_rng_system(), b, 32), SEAL_OK);
    assert_false(seal_ct_memeq(a, b, 32));
    assert_string_not_equal(seal_strerror(SEAL_ERR_DECRYPTION), "unknown error");
}

static void test_utf8(void **state) {
    (void)state;
    static const char *const good[] = {"",
                                       "plain",
                                       "caf\xc3\xa9",
                                       "\xe2\x82\xac",
                                       "\xf0\x9f\x94\x92",
                                       "\xf4\x8f\xbf\xbf",
                                       "\xed\x9f\xbf"};
    static const char *const bad[] = {"\xff",
                                      "\xc0\x80",
                                      "\xc1\xbf",
                                      "\xe0\x80\xaf",
                                      "\xed\xa0\x80",
                                      "\xf4\x90\x80\x80",
                                      "\xf8\x88\x80\x80\x80",
                                      "\xe2\x82",
                                      "a\x80"
                                      "b"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_true(seal_utf8_valid((const uint8_t *)good[i], strlen(good[i])));
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(seal_utf8_valid((const uint8_t *)bad[i], strlen(bad[i])));
    }
}

static void test_text_one_line(void **state) {
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain text", "plain text"},
        {"a\nb\r\nc", "a?b??c"},
        {"tab\there", "tab?here"},
        {"\x1b[31mred\x1b[0m", "?[31mred?[0m"},
        {"del\x7f", "del?"},
        {"nel\xc2\x85x", "nel??x"},                     /* C1 control U+0085 */
        {"ls\xe2\x80\xa8ps\xe2\x80\xa9", "ls???ps???"}, /* U+2028, U+2029 */
        {"caf\xc3\xa9 \xe2\x82\xac \xc2\xa0", "caf\xc3\xa9 \xe2\x82\xac \xc2\xa0"},
        {"bad\xff\xfe", "bad??"},
        {"cut\xe2\x82", "cut??"},
        {"over\xc0\x8a", "over??"}, /* an overlong line feed */
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", cases[i].in);
        seal_text_one_line(buf);
        assert_string_equal(buf, cases[i].out);
        tu_assert_one_line(buf, cases[i].in);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex_round_trip),
        cmocka_unit_test(test_hex_rejects),
        cmocka_unit_test(test_ct),
        cmocka_unit_test(test_memzero_and_rng),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_text_one_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
