/* Deliberate leaks for ct_check's selftest-public group. Each function below carries the name
 * of a library function whose branches on public outcomes used to be silenced by a suppression
 * matching the whole function (fun:NAME); each branches on a secret byte. With
 * public_outcomes.supp, valgrind must report every one of them: the outcomes are declared public
 * where they become public (seal__ct_public), not by function, so a secret branch added later to
 * one of those functions is caught. selftest_function_wide.supp (the former style) must hide
 * them all, which shows that the names match what such entries matched.
 *
 * No library header is included: the static functions here share names with library symbols.
 * noinline/noclone keep each a frame of its own under its plain name. */
#include <stddef.h>
#include <stdint.h>
#include <valgrind/memcheck.h>

#include "ct_namesakes.h"

static volatile int sink;

#define NAMESAKE(fn)                                                                               \
    __attribute__((noinline, noclone)) static void fn(const uint8_t *secret) {                     \
        if (secret[0] & 1) {                                                                       \
            sink = 1;                                                                              \
        }                                                                                          \
    }

NAMESAKE(seal_scalar_from_bytes)
NAMESAKE(parse_msk)
NAMESAKE(seal_elgamal_public_keys)
NAMESAKE(check_flags)
NAMESAKE(seal_g1_decompress)
NAMESAKE(seal_g1_in_subgroup)
NAMESAKE(seal_elgamal_decrypt_and_verify)
NAMESAKE(seal_dem_hmac_ctr_decrypt)
NAMESAKE(seal_decrypt_dem_key)
NAMESAKE(seal__dkg_reveal)
NAMESAKE(seal_dem_ctx_decrypt_final)

static void (*const namesakes[])(const uint8_t *) = {
    seal_scalar_from_bytes,
    parse_msk,
    seal_elgamal_public_keys,
    check_flags,
    seal_g1_decompress,
    seal_g1_in_subgroup,
    seal_elgamal_decrypt_and_verify,
    seal_dem_hmac_ctr_decrypt,
    seal_decrypt_dem_key,
    seal__dkg_reveal,
    seal_dem_ctx_decrypt_final,
};

uint64_t seal__ct_public(uint64_t bit);

/* A public outcome declared where it becomes public, then a secret branch in the same function:
 * only the second may be reported. */
__attribute__((noinline, noclone)) static void
declassify_then_leak(const uint8_t *secret, unsigned *silent, unsigned *reported) {
    unsigned before = VALGRIND_COUNT_ERRORS;
    if (seal__ct_public(secret[0] & 1)) {
        sink = 2;
    }
    unsigned mid = VALGRIND_COUNT_ERRORS;
    if (secret[1] & 1) {
        sink = 3;
    }
    unsigned after = VALGRIND_COUNT_ERRORS;
    *silent = mid == before;
    *reported = after > mid;
}

void ct_namesakes_run(const uint8_t *secret, ct_namesakes_result *r) {
    r->total = sizeof namesakes / sizeof namesakes[0];
    r->reported = 0;
    for (size_t i = 0; i < r->total; i++) {
        unsigned before = VALGRIND_COUNT_ERRORS;
        namesakes[i](secret);
        r->reported += VALGRIND_COUNT_ERRORS > before;
    }
    declassify_then_leak(secret, &r->declassified_silent, &r->later_leak_reported);
}
