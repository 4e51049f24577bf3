/* SHA-256 of src/util/sha256.c (used by hash to curve): FIPS 180-4 known answers, every length
 * 0..300 and random chunkings against OpenSSL, the SHA-NI and portable compression functions
 * against each other, and the Z_pad midstate that expand_message_xmd starts from. */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "testutil.h"
#include "util/sha256.h"

static void sha256_once(uint8_t out[32], const uint8_t *m, size_t n) {
    seal__sha256 c;
    seal__sha256_init(&c);
    seal__sha256_update(&c, m, n);
    seal__sha256_final(out, &c);
}

static void test_known_answers(void **state) {
    (void)state;
    static const struct {
        const char *msg, *hex;
    } kat[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
         "mnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    print_message("SHA-256 compression: %s\n", seal__sha256_impl());
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        uint8_t got[32], want[32];
        tu_hex(want, 32, kat[i].hex, 1);
        sha256_once(got, (const uint8_t *)kat[i].msg, strlen(kat[i].msg));
        tu_assert_bytes(got, want, 32, kat[i].msg);
    }
}

static void test_against_openssl(void **state) {
    (void)state;
    uint8_t buf[1000];
    tu_rng r;
    tu_rng_init(&r, 256);
    tu_rng_bytes(&r, buf, sizeof buf);
    for (size_t n = 0; n <= sizeof buf; n += (n < 300 ? 1 : 37)) {
        uint8_t got[32], want[32];
        unsigned int wl = 0;
        assert_int_equal(EVP_Digest(buf, n, want, &wl, EVP_sha256(), NULL), 1);
        sha256_once(got, buf, n);
        assert_memory_equal(got, want, 32);
        /* the same in random chunks */
        seal__sha256 c;
        seal__sha256_init(&c);
        size_t off = 0;
        while (off < n) {
            uint8_t k;
            tu_rng_bytes(&r, &k, 1);
            size_t take = (size_t)(k % 130);
            take = take > n - off ? n - off : take;
            seal__sha256_update(&c, buf + off, take);
            off += take;
        }
        seal__sha256_final(got, &c);
        assert_memory_equal(got, want, 32);
    }
}

static void test_compression_paths(void **state) {
    (void)state;
    uint8_t blocks[64 * 5];
    tu_rng r;
    tu_rng_init(&r, 257);
    for (int iter = 0; iter < 200; iter++) {
        uint32_t h1[8], h2[8];
        tu_rng_bytes(&r, blocks, sizeof blocks);
        tu_rng_bytes(&r, (uint8_t *)h1, sizeof h1);
        memcpy(h2, h1, sizeof h1);
        size_t n = 1 + (size_t)iter % 5;
        seal__sha256_blocks(h1, blocks, n);
        seal__sha256_blocks_portable(h2, blocks, n);
        assert_memory_equal(h1, h2, sizeof h1);
    }
}

/* hash_to_curve.c's ZPAD_MIDSTATE: the state after compressing 64 zero bytes. */
static void test_zpad_midstate(void **state) {
    (void)state;
    static const uint32_t want[8] = {0xda5698be, 0x17b9b469, 0x62335799, 0x779fbeca,
                                     0x8ce5d491, 0xc0d26243, 0xbafef9ea, 0x1837a9d8};
    seal__sha256 c;
    uint8_t zero[64] = {0};
    seal__sha256_init(&c);
    seal__sha256_blocks_portable(c.h, zero, 1);
    assert_memory_equal(c.h, want, sizeof want);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_against_openssl),
        cmocka_unit_test(test_compression_paths),
        cmocka_unit_test(test_zpad_midstate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
