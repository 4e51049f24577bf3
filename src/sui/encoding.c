/* BLAKE2b-256, addresses, base64, base58 and bech32 for the Sui layer. */
#include <string.h>

#include "seal/util.h"
#include "sui/internal.h"

/* ---- BLAKE2b-256 ---------------------------------------------------------------------------- */

void seal__sui_blake2b_init(seal__sui_blake2b *h) {
    (void)crypto_generichash_init(h, NULL, 0, 32);
}

void seal__sui_blake2b_update(seal__sui_blake2b *h, const uint8_t *p, size_t n) {
    if (n > 0) {
        (void)crypto_generichash_update(h, p, n);
    }
}

void seal__sui_blake2b_final(seal__sui_blake2b *h, uint8_t out[32]) {
    (void)crypto_generichash_final(h, out, 32);
    seal_memzero(h, sizeof *h);
}

void seal_sui_blake2b256(uint8_t out[static 32], const uint8_t *a, size_t a_len, const uint8_t *b,
                         size_t b_len) {
    seal__sui_blake2b h;
    seal__sui_blake2b_init(&h);
    seal__sui_blake2b_update(&h, a, a_len);
    seal__sui_blake2b_update(&h, b, b_len);
    seal__sui_blake2b_final(&h, out);
}

/* ---- addresses ------------------------------------------------------------------------------ */

static int hex_value(char c) {
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

seal_err seal_sui_address_parse_n(uint8_t out[static 32], const char *text, size_t len) {
    memset(out, 0, 32);
    if (text == NULL || len < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    const char *digits = text + 2;
    size_t n = len - 2;
    if (n > 64) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    /* Digit i (from the right) goes to nibble i of the big-endian 32-byte value. */
    for (size_t i = 0; i < n; i++) {
        int v = hex_value(digits[n - 1 - i]);
        if (v < 0) {
            memset(out, 0, 32);
            return SEAL_ERR_INVALID_ENCODING;
        }
        size_t byte = 31 - i / 2;
        out[byte] = (uint8_t)(out[byte] | (i % 2 == 0 ? v : v << 4));
    }
    return SEAL_OK;
}

seal_err seal_sui_address_parse(uint8_t out[static 32], const char *text) {
    if (text == NULL) {
        memset(out, 0, 32);
        return SEAL_ERR_INVALID_ENCODING;
    }
    return seal_sui_address_parse_n(out, text, strlen(text));
}

void seal_sui_address_format(char out[static SEAL_SUI_ADDRESS_HEX_BYTES],
                             const uint8_t addr[static 32]) {
    out[0] = '0';
    out[1] = 'x';
    seal_hex_encode(out + 2, addr, 32);
}

void seal_sui_address_format_short(char out[static SEAL_SUI_ADDRESS_HEX_BYTES],
                                   const uint8_t addr[static 32]) {
    char full[65];
    seal_hex_encode(full, addr, 32);
    size_t skip = 0;
    while (skip < 63 && full[skip] == '0') {
        skip++;
    }
    out[0] = '0';
    out[1] = 'x';
    memcpy(out + 2, full + skip, 64 - skip + 1);
}

seal_err seal_sui_address_from_public_key(uint8_t out[static 32], seal_sui_scheme scheme,
                                          const uint8_t *pk, size_t pk_len) {
    bool ok = false;
    switch (scheme) {
    case SEAL_SUI_SCHEME_ED25519:
        ok = pk_len == 32;
        break;
    case SEAL_SUI_SCHEME_SECP256K1:
    case SEAL_SUI_SCHEME_SECP256R1:
    case SEAL_SUI_SCHEME_PASSKEY:
        ok = pk_len == 33;
        break;
    case SEAL_SUI_SCHEME_ZKLOGIN:
        ok = pk_len >= 1 && pk_len <= SEAL_SUI_PUBLIC_KEY_MAX_BYTES;
        break;
    default:
        ok = false;
    }
    if (!ok || pk == NULL) {
        memset(out, 0, 32);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    uint8_t flag = (uint8_t)scheme;
    seal_sui_blake2b256(out, &flag, 1, pk, pk_len);
    return SEAL_OK;
}

/* ---- base64 --------------------------------------------------------------------------------- */

/* Base64 is used on secrets (keystore entries), so characters and values are mapped with
 * arithmetic masks instead of table lookups or branches. */

/* 0xff when lo <= x <= hi (x, lo, hi < 256), else 0. */
static uint32_t ct_range(uint32_t x, uint32_t lo, uint32_t hi) {
    return ((((x - lo) | (hi - x)) >> 31) ^ 1u) * 0xffu;
}

static char b64_char(uint32_t v) {
    uint32_t c = (ct_range(v, 0, 25) & (v + 'A')) | (ct_range(v, 26, 51) & (v - 26 + 'a')) |
                 (ct_range(v, 52, 61) & (v - 52 + '0')) | (ct_range(v, 62, 62) & '+') |
                 (ct_range(v, 63, 63) & '/');
    return (char)c;
}

size_t seal_sui_base64_encoded_len(size_t n) {
    return (n + 2) / 3 * 4;
}

void seal_sui_base64_encode(char *out, const uint8_t *in, size_t len) {
    size_t o = 0;
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64_char(v >> 18);
        out[o++] = b64_char((v >> 12) & 63);
        out[o++] = b64_char((v >> 6) & 63);
        out[o++] = b64_char(v & 63);
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = b64_char(v >> 18);
        out[o++] = b64_char((v >> 12) & 63);
        out[o++] = '=';
        out[o++] = '=';
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        out[o++] = b64_char(v >> 18);
        out[o++] = b64_char((v >> 12) & 63);
        out[o++] = b64_char((v >> 6) & 63);
        out[o++] = '=';
    }
    out[o] = '\0';
}

/* The 6-bit value of a base64 character, or -1. */
static int b64_value(char ch) {
    uint32_t c = (uint8_t)ch;
    uint32_t v = (ct_range(c, 'A', 'Z') & (c - 'A')) | (ct_range(c, 'a', 'z') & (c - 'a' + 26)) |
                 (ct_range(c, '0', '9') & (c - '0' + 52)) | (ct_range(c, '+', '+') & 62) |
                 (ct_range(c, '/', '/') & 63);
    uint32_t valid = ct_range(c, 'A', 'Z') | ct_range(c, 'a', 'z') | ct_range(c, '0', '9') |
                     ct_range(c, '+', '+') | ct_range(c, '/', '/');
    return (int)(v & valid) | (int)((valid ^ 0xffu) * 0x01010101u);
}

seal_err seal_sui_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len, const char *text,
                                size_t text_len) {
    seal_err err = SEAL_OK;
    size_t o = 0;
    if (out_len == NULL || (text == NULL && text_len > 0)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    *out_len = 0;
    if (text_len % 4 != 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    size_t pad = 0;
    if (text_len >= 4 && text[text_len - 1] == '=') {
        pad = text[text_len - 2] == '=' ? 2 : 1;
    }
    size_t need = text_len / 4 * 3 - pad;
    if (need > out_cap) {
        return SEAL_ERR_LIMIT;
    }
    for (size_t i = 0; i < text_len; i += 4) {
        bool last = i + 4 == text_len;
        int v[4];
        for (size_t j = 0; j < 4; j++) {
            bool is_pad = last && j >= 4 - pad;
            v[j] = is_pad ? 0 : b64_value(text[i + j]);
            if (v[j] < 0) {
                err = SEAL_ERR_INVALID_ENCODING;
                goto out;
            }
        }
        uint32_t w =
            (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        size_t nbytes = last ? 3 - pad : 3;
        /* Unused low bits of the last group must be zero (canonical encoding). */
        if (last && pad == 1 && (w & 0xff) != 0) {
            err = SEAL_ERR_INVALID_ENCODING;
            goto out;
        }
        if (last && pad == 2 && (w & 0xffff) != 0) {
            err = SEAL_ERR_INVALID_ENCODING;
            goto out;
        }
        for (size_t j = 0; j < nbytes; j++) {
            out[o++] = (uint8_t)(w >> (16 - 8 * j));
        }
    }
    *out_len = o;
out:
    if (err != SEAL_OK) {
        seal_memzero(out, o);
    }
    return err;
}

/* ---- base58 --------------------------------------------------------------------------------- */

static const char b58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

seal_err seal_sui_base58_encode(char *out, size_t out_cap, const uint8_t *in, size_t len) {
    uint8_t digits[96]; /* base-58 digits, little-endian; 64 bytes need at most 88 */
    size_t n_digits = 0;
    if (len > 64 || out == NULL || (in == NULL && len > 0)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    size_t zeros = 0;
    while (zeros < len && in[zeros] == 0) {
        zeros++;
    }
    for (size_t i = zeros; i < len; i++) {
        uint32_t carry = in[i];
        for (size_t j = 0; j < n_digits; j++) {
            carry += (uint32_t)digits[j] << 8;
            digits[j] = (uint8_t)(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits[n_digits++] = (uint8_t)(carry % 58);
            carry /= 58;
        }
    }
    size_t total = zeros + n_digits;
    if (total + 1 > out_cap) {
        return SEAL_ERR_LIMIT;
    }
    size_t o = 0;
    for (size_t i = 0; i < zeros; i++) {
        out[o++] = '1';
    }
    for (size_t i = 0; i < n_digits; i++) {
        out[o++] = b58_alphabet[digits[n_digits - 1 - i]];
    }
    out[o] = '\0';
    return SEAL_OK;
}

static int b58_value(char c) {
    const char *p = c == '\0' ? NULL : strchr(b58_alphabet, c);
    return p == NULL ? -1 : (int)(p - b58_alphabet);
}

seal_err seal_sui_base58_decode(uint8_t *out, size_t out_cap, size_t *out_len, const char *text) {
    uint8_t bytes[96]; /* little-endian base-256 digits */
    size_t n_bytes = 0;
    if (out_len == NULL || text == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    *out_len = 0;
    size_t len = strlen(text);
    if (len > 90) {
        return SEAL_ERR_LIMIT;
    }
    size_t zeros = 0;
    while (zeros < len && text[zeros] == '1') {
        zeros++;
    }
    for (size_t i = zeros; i < len; i++) {
        int v = b58_value(text[i]);
        if (v < 0) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        uint32_t carry = (uint32_t)v;
        for (size_t j = 0; j < n_bytes; j++) {
            carry += (uint32_t)bytes[j] * 58;
            bytes[j] = (uint8_t)carry;
            carry >>= 8;
        }
        while (carry > 0) {
            bytes[n_bytes++] = (uint8_t)carry;
            carry >>= 8;
        }
    }
    size_t total = zeros + n_bytes;
    if (total > out_cap) {
        return SEAL_ERR_LIMIT;
    }
    memset(out, 0, zeros);
    for (size_t i = 0; i < n_bytes; i++) {
        out[zeros + i] = bytes[n_bytes - 1 - i];
    }
    *out_len = total;
    return SEAL_OK;
}

void seal_sui_digest_format(char out[static SEAL_SUI_DIGEST_BASE58_BYTES],
                            const uint8_t digest[static 32]) {
    /* 32 bytes always fit in 44 base58 characters. */
    if (seal_sui_base58_encode(out, SEAL_SUI_DIGEST_BASE58_BYTES, digest, 32) != SEAL_OK) {
        out[0] = '\0';
    }
}

seal_err seal_sui_digest_parse(uint8_t out[static 32], const char *text) {
    uint8_t tmp[64];
    size_t n = 0;
    seal_err err = seal_sui_base58_decode(tmp, sizeof tmp, &n, text);
    if (err == SEAL_OK && n != 32) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err == SEAL_ERR_LIMIT) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err == SEAL_OK) {
        memcpy(out, tmp, 32);
    } else {
        memset(out, 0, 32);
    }
    return err;
}

/* ---- bech32 (BIP-173) ----------------------------------------------------------------------- */

static const char b32_alphabet[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* Secret keys pass through bech32: look characters up by scanning the whole alphabet. */
static char b32_char(uint32_t v) {
    uint32_t c = 0;
    for (uint32_t i = 0; i < 32; i++) {
        c |= ct_range(v, i, i) & (uint8_t)b32_alphabet[i];
    }
    return (char)c;
}

static uint32_t bech32_polymod_step(uint32_t pre) {
    uint32_t b = pre >> 25;
    return ((pre & 0x1ffffff) << 5) ^ (-((b >> 0) & 1) & 0x3b6a57b2u) ^
           (-((b >> 1) & 1) & 0x26508e6du) ^ (-((b >> 2) & 1) & 0x1ea119fau) ^
           (-((b >> 3) & 1) & 0x3d4233ddu) ^ (-((b >> 4) & 1) & 0x2a1462b3u);
}

static uint32_t bech32_hrp_checksum_start(const char *hrp, size_t hrp_len) {
    uint32_t chk = 1;
    for (size_t i = 0; i < hrp_len; i++) {
        chk = bech32_polymod_step(chk) ^ ((uint32_t)(unsigned char)hrp[i] >> 5);
    }
    chk = bech32_polymod_step(chk);
    for (size_t i = 0; i < hrp_len; i++) {
        chk = bech32_polymod_step(chk) ^ ((uint32_t)(unsigned char)hrp[i] & 31);
    }
    return chk;
}

/* Secret keys pass through here: 5-bit groups are produced, consumed and mapped to characters
 * without branches or table indexes that depend on their values. */
seal_err seal__sui_bech32_encode(char *out, size_t out_cap, const char *hrp, const uint8_t *data,
                                 size_t len) {
    size_t hrp_len = strlen(hrp);
    size_t n_words = (len * 8 + 4) / 5;
    if (hrp_len + 1 + n_words + 6 + 1 > out_cap || hrp_len + 1 + n_words + 6 > 90) {
        return SEAL_ERR_LIMIT;
    }
    uint32_t chk = bech32_hrp_checksum_start(hrp, hrp_len);
    size_t o = 0;
    memcpy(out, hrp, hrp_len);
    o = hrp_len;
    out[o++] = '1';
    uint32_t acc = 0;
    unsigned bits = 0;
    for (size_t i = 0; i < len; i++) {
        acc = (acc << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            uint32_t v = (acc >> bits) & 31;
            chk = bech32_polymod_step(chk) ^ v;
            out[o++] = b32_char(v);
        }
    }
    if (bits > 0) {
        uint32_t v = (acc << (5 - bits)) & 31;
        chk = bech32_polymod_step(chk) ^ v;
        out[o++] = b32_char(v);
    }
    acc = 0;
    for (int i = 0; i < 6; i++) {
        chk = bech32_polymod_step(chk);
    }
    chk ^= 1;
    for (int i = 0; i < 6; i++) {
        out[o++] = b32_char((chk >> (5 * (5 - i))) & 31);
    }
    out[o] = '\0';
    return SEAL_OK;
}

static int b32_value(char ch) {
    uint32_t c = (uint8_t)ch;
    uint32_t v = 0;
    uint32_t found = 0;
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t hit = ct_range(c, (uint8_t)b32_alphabet[i], (uint8_t)b32_alphabet[i]);
        v |= hit & i;
        found |= hit;
    }
    return (int)v | (int)((found ^ 0xffu) * 0x01010101u);
}

seal_err seal__sui_bech32_decode(uint8_t *out, size_t out_len, const char *hrp, const char *text) {
    char lower[91];
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    size_t o = 0;
    size_t len = strlen(text);
    size_t hrp_len = strlen(hrp);
    if (len > 90) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    uint32_t has_lower = 0, has_upper = 0, bad = 0;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = (uint8_t)text[i];
        uint32_t upper = ct_range(c, 'A', 'Z');
        bad |= ct_range(c, 33, 126) ^ 0xffu;
        has_lower |= ct_range(c, 'a', 'z');
        has_upper |= upper;
        lower[i] = (char)(c | (upper & 0x20));
    }
    lower[len] = '\0';
    if (bad != 0 || (has_lower & has_upper) != 0) {
        goto out;
    }
    /* The separator is the last '1'; the HRP must match exactly. */
    const char *sep = strrchr(lower, '1');
    if (sep == NULL || (size_t)(sep - lower) != hrp_len || memcmp(lower, hrp, hrp_len) != 0) {
        goto out;
    }
    size_t n_words = len - hrp_len - 1;
    if (n_words < 6 || (n_words - 6) * 5 / 8 != out_len) {
        goto out;
    }
    uint32_t chk = bech32_hrp_checksum_start(hrp, hrp_len);
    uint32_t acc = 0;
    unsigned bits = 0;
    for (size_t i = 0; i < n_words; i++) {
        int v = b32_value(lower[hrp_len + 1 + i]);
        if (v < 0) {
            goto out;
        }
        chk = bech32_polymod_step(chk) ^ (uint32_t)v;
        if (i < n_words - 6) {
            acc = (acc << 5) | (uint32_t)v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (uint8_t)(acc >> bits);
            }
        }
    }
    /* Padding: fewer than 5 leftover bits, all zero. */
    if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0 || chk != 1 || o != out_len) {
        goto out;
    }
    err = SEAL_OK;
out:
    acc = 0;
    seal_memzero(lower, sizeof lower);
    if (err != SEAL_OK) {
        seal_memzero(out, out_len);
    }
    return err;
}
