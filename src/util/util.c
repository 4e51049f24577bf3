#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "seal/util.h"

const char *seal_strerror(seal_err err) {
    switch (err) {
    case SEAL_OK:
        return "success";
    case SEAL_ERR_INVALID_ARGUMENT:
        return "invalid argument";
    case SEAL_ERR_INVALID_ENCODING:
        return "invalid encoding";
    case SEAL_ERR_NOT_CANONICAL:
        return "non-canonical value";
    case SEAL_ERR_NOT_ON_CURVE:
        return "point not on curve";
    case SEAL_ERR_NOT_IN_SUBGROUP:
        return "point not in the prime-order subgroup";
    case SEAL_ERR_IDENTITY:
        return "point at infinity not allowed";
    case SEAL_ERR_DECRYPTION:
        return "decryption failed";
    case SEAL_ERR_RNG:
        return "random number generator failure";
    case SEAL_ERR_NO_MEMORY:
        return "out of memory";
    case SEAL_ERR_IO:
        return "input/output error";
    case SEAL_ERR_UNSUPPORTED:
        return "unsupported";
    case SEAL_ERR_LIMIT:
        return "input exceeds a limit";
    case SEAL_ERR_INVALID_KEY:
        return "invalid key";
    case SEAL_ERR_INTERNAL:
        return "internal error";
    case SEAL_ERR_NOT_ENOUGH_SHARES:
        return "not enough keys for the threshold";
    case SEAL_ERR_CRYPTO_LIB:
        return "cryptographic library failure";
    case SEAL_ERR_INVALID_SIGNATURE:
        return "invalid signature";
    case SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME:
        return "unsupported signature scheme";
    case SEAL_ERR_NO_ACCESS:
        return "access denied by the key servers";
    case SEAL_ERR_KEY_SERVER:
        return "key server error";
    case SEAL_ERR_EXPIRED:
        return "session key expired";
    case SEAL_ERR_TIMEOUT:
        return "timed out";
    }
    return "unknown error";
}

void seal_memzero(void *p, size_t len) {
    if (len == 0) {
        return;
    }
    memset(p, 0, len);
#if defined(__GNUC__)
    __asm__ __volatile__("" : : "r"(p) : "memory");
#endif
}

bool seal_ct_memeq(const void *a, const void *b, size_t len) {
    const volatile uint8_t *x = a;
    const volatile uint8_t *y = b;
    uint8_t d = 0;
    for (size_t i = 0; i < len; i++) {
        d = (uint8_t)(d | (x[i] ^ y[i]));
    }
    return ((uint32_t)d - 1) >> 31;
}

void seal_hex_encode(char *out, const uint8_t *in, size_t len) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * len] = '\0';
}

bool seal_utf8_valid(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            k = 1, cp = c & 0x1fu, min = 0x80;
        } else if ((c & 0xf0) == 0xe0) {
            k = 2, cp = c & 0x0fu, min = 0x800;
        } else if ((c & 0xf8) == 0xf0) {
            k = 3, cp = c & 0x07u, min = 0x10000;
        } else {
            return false;
        }
        if (n - i <= k) {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (p[i + j] & 0x3fu);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return false;
        }
        i += k + 1;
    }
    return true;
}

/* Length of the well-formed UTF-8 sequence at p[0..n) (1..4), or 0 when there is none. */
static size_t utf8_seq(const uint8_t *p, size_t n) {
    size_t k = p[0] < 0x80             ? 1
               : (p[0] & 0xe0) == 0xc0 ? 2
               : (p[0] & 0xf0) == 0xe0 ? 3
               : (p[0] & 0xf8) == 0xf0 ? 4
                                       : 0;
    return k != 0 && k <= n && seal_utf8_valid(p, k) ? k : 0;
}

void seal_text_one_line(char *s) {
    uint8_t *p = (uint8_t *)s;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t k = utf8_seq(p + i, n - i);
        bool bad =
            k == 0 || (k == 1 && (p[i] < 0x20 || p[i] == 0x7f)) ||
            (k == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) ||
            (k == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 && (p[i + 2] == 0xa8 || p[i + 2] == 0xa9));
        if (k == 0) {
            k = 1;
        }
        if (bad) {
            memset(p + i, '?', k);
        }
        i += k;
    }
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

seal_err seal_hex_decode_var(uint8_t *out, size_t out_cap, size_t *out_len, const char *hex) {
    if (hex == NULL || out_len == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    *out_len = 0;
    if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) {
        hex += 2;
    }
    size_t n = strlen(hex);
    if (n % 2 != 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (n / 2 > out_cap) {
        return SEAL_ERR_LIMIT;
    }
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_digit(hex[2 * i]);
        int lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            seal_memzero(out, i);
            return SEAL_ERR_INVALID_ENCODING;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    *out_len = n / 2;
    return SEAL_OK;
}

seal_err seal_hex_decode(uint8_t *out, size_t out_len, const char *hex) {
    size_t got = 0;
    seal_err err = seal_hex_decode_var(out, out_len, &got, hex);
    if (err == SEAL_OK && got != out_len) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err != SEAL_OK) {
        seal_memzero(out, out_len);
        return err == SEAL_ERR_LIMIT ? SEAL_ERR_INVALID_ENCODING : err;
    }
    return SEAL_OK;
}

static seal_err system_fill(void *ctx, uint8_t *out, size_t len) {
    (void)ctx;
    while (len > 0) {
        ssize_t got = getrandom(out, len, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return SEAL_ERR_RNG;
        }
        out += got;
        len -= (size_t)got;
    }
    return SEAL_OK;
}

static const seal_rng system_rng = {system_fill, NULL};

const seal_rng *seal_rng_system(void) {
    return &system_rng;
}

seal_err seal_rng_fill(const seal_rng *rng, uint8_t *out, size_t len) {
    if (rng == NULL) {
        rng = &system_rng;
    }
    if (len == 0) {
        return SEAL_OK;
    }
    if (out == NULL || rng->fill == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    return rng->fill(rng->ctx, out, len);
}
