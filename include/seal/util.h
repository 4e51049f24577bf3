/* Small utilities: wiping memory, constant-time comparison, hex, and the injectable RNG. */
#ifndef SEAL_UTIL_H
#define SEAL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Overwrites len bytes at p with zeros in a way the compiler cannot elide. p may be NULL if len
 * is 0. */
void seal_memzero(void *p, size_t len);

/* Constant-time equality of two byte strings of the same length: true when equal. The time
 * depends only on len. */
bool seal_ct_memeq(const void *a, const void *b, size_t len);

/* Lowercase hex of in[0..len) into out, which must hold 2*len+1 bytes (NUL-terminated). */
void seal_hex_encode(char *out, const uint8_t *in, size_t len);

/* Decodes hex text (an optional "0x"/"0X" prefix, upper- or lowercase digits) of exactly
 * 2*out_len digits into out. SEAL_ERR_INVALID_ENCODING on any other input; out is then zeroed. */
SEAL_MUST_CHECK seal_err seal_hex_decode(uint8_t *out, size_t out_len, const char *hex);

/* Decodes hex text of any even length into out (capacity out_cap); *out_len receives the
 * number of bytes. SEAL_ERR_LIMIT when it does not fit. */
SEAL_MUST_CHECK seal_err seal_hex_decode_var(uint8_t *out, size_t out_cap, size_t *out_len,
                                             const char *hex);

/* Whether p[0..n) is well-formed UTF-8: no overlong forms, surrogates (U+D800..U+DFFF) or code
 * points above U+10FFFF (what Move's string::utf8 and JSON strings accept). */
bool seal_utf8_valid(const uint8_t *p, size_t n);

/* Makes the NUL-terminated text s safe to quote in a one-line message or log line, in place
 * and without changing its length: every byte of a control character (U+0000..U+001F, U+007F,
 * the C1 controls U+0080..U+009F), of a line or paragraph separator (U+2028, U+2029) and every
 * byte that is not part of well-formed UTF-8 becomes '?'. Other UTF-8 text is kept. */
void seal_text_one_line(char *s);

/* Random bytes. Every random value the library uses comes through a seal_rng, so that tests can
 * replay recorded randomness. The callback fills out[0..len) and returns SEAL_OK, or an error. */
typedef struct seal_rng {
    seal_err (*fill)(void *ctx, uint8_t *out, size_t len);
    void *ctx;
} seal_rng;

/* The operating system's CSPRNG (getrandom). */
const seal_rng *seal_rng_system(void);

/* Fills out from rng (the system RNG when rng is NULL). */
SEAL_MUST_CHECK seal_err seal_rng_fill(const seal_rng *rng, uint8_t *out, size_t len);

#ifdef __cplusplus
}
#endif
#endif
