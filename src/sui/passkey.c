/* Passkey (WebAuthn) signatures: the clientDataJSON check and the P-256 verification Sui does.
 *
 * clientDataJSON is parsed by a small strict JSON reader: one object, keys and values per
 * RFC 8259 (escapes decoded in keys and in the values we compare), "type" must be
 * "webauthn.get", "challenge" the unpadded base64url of the 32-byte intent digest, "origin" a
 * string, "crossOrigin" a boolean or null when present; other members are skipped; any of these
 * four appearing twice is an error (as serde rejects duplicate fields). */
#include <string.h>

#include "seal/util.h"
#include "sui/internal.h"

#define JSON_MAX_DEPTH 32

typedef struct js {
    const uint8_t *p;
    size_t n;
    size_t i;
} js;

static void ws(js *j) {
    while (j->i < j->n &&
           (j->p[j->i] == ' ' || j->p[j->i] == '\t' || j->p[j->i] == '\n' || j->p[j->i] == '\r')) {
        j->i++;
    }
}

static int hexv(uint8_t c) {
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

static bool read_u4(js *j, uint32_t *out) {
    uint32_t v = 0;
    if (j->n - j->i < 4) {
        return false;
    }
    for (int k = 0; k < 4; k++) {
        int h = hexv(j->p[j->i++]);
        if (h < 0) {
            return false;
        }
        v = v << 4 | (uint32_t)h;
    }
    *out = v;
    return true;
}

/* Appends the UTF-8 of cp to out (cap bytes; *len may exceed cap: then the value is too long). */
static void put_utf8(uint8_t *out, size_t cap, size_t *len, uint32_t cp) {
    uint8_t b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (uint8_t)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (uint8_t)(0xc0 | cp >> 6);
        b[1] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (uint8_t)(0xe0 | cp >> 12);
        b[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
        b[2] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (uint8_t)(0xf0 | cp >> 18);
        b[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3f));
        b[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3f));
        b[3] = (uint8_t)(0x80 | (cp & 0x3f));
        n = 4;
    }
    for (size_t k = 0; k < n; k++) {
        if (*len < cap) {
            out[*len] = b[k];
        }
        (*len)++;
    }
}

/* Reads a JSON string at j (which must be at '"'), decoding it into out (may be NULL to skip).
 * Control characters must be escaped; \u escapes must form valid code points. */
static bool read_string(js *j, uint8_t *out, size_t cap, size_t *len) {
    size_t l = 0;
    if (j->i >= j->n || j->p[j->i] != '"') {
        return false;
    }
    j->i++;
    while (j->i < j->n) {
        uint8_t c = j->p[j->i++];
        if (c == '"') {
            if (len != NULL) {
                *len = l;
            }
            return true;
        }
        if (c < 0x20) {
            return false;
        }
        if (c != '\\') {
            if (out != NULL && l < cap) {
                out[l] = c;
            }
            l++;
            continue;
        }
        if (j->i >= j->n) {
            return false;
        }
        uint8_t e = j->p[j->i++];
        uint32_t cp;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            cp = e;
            break;
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'n':
            cp = '\n';
            break;
        case 'r':
            cp = '\r';
            break;
        case 't':
            cp = '\t';
            break;
        case 'u':
            if (!read_u4(j, &cp)) {
                return false;
            }
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                return false;
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                uint32_t lo;
                if (j->n - j->i < 2 || j->p[j->i] != '\\' || j->p[j->i + 1] != 'u') {
                    return false;
                }
                j->i += 2;
                if (!read_u4(j, &lo) || lo < 0xdc00 || lo > 0xdfff) {
                    return false;
                }
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            break;
        default:
            return false;
        }
        uint8_t dummy[1];
        put_utf8(out != NULL ? out : dummy, out != NULL ? cap : 0, &l, cp);
    }
    return false;
}

static bool read_literal(js *j, const char *lit) {
    size_t n = strlen(lit);
    if (j->n - j->i < n || memcmp(j->p + j->i, lit, n) != 0) {
        return false;
    }
    j->i += n;
    return true;
}

static bool digits(js *j) {
    size_t start = j->i;
    while (j->i < j->n && j->p[j->i] >= '0' && j->p[j->i] <= '9') {
        j->i++;
    }
    return j->i > start;
}

static bool read_number(js *j) {
    if (j->i < j->n && j->p[j->i] == '-') {
        j->i++;
    }
    if (j->i < j->n && j->p[j->i] == '0') {
        j->i++;
    } else if (!digits(j)) {
        return false;
    }
    if (j->i < j->n && j->p[j->i] == '.') {
        j->i++;
        if (!digits(j)) {
            return false;
        }
    }
    if (j->i < j->n && (j->p[j->i] == 'e' || j->p[j->i] == 'E')) {
        j->i++;
        if (j->i < j->n && (j->p[j->i] == '+' || j->p[j->i] == '-')) {
            j->i++;
        }
        if (!digits(j)) {
            return false;
        }
    }
    return true;
}

static bool skip_value(js *j, unsigned depth) {
    if (depth > JSON_MAX_DEPTH) {
        return false;
    }
    ws(j);
    if (j->i >= j->n) {
        return false;
    }
    uint8_t c = j->p[j->i];
    if (c == '"') {
        return read_string(j, NULL, 0, NULL);
    }
    if (c == 't') {
        return read_literal(j, "true");
    }
    if (c == 'f') {
        return read_literal(j, "false");
    }
    if (c == 'n') {
        return read_literal(j, "null");
    }
    if (c == '{' || c == '[') {
        uint8_t close = c == '{' ? '}' : ']';
        j->i++;
        ws(j);
        if (j->i < j->n && j->p[j->i] == close) {
            j->i++;
            return true;
        }
        for (;;) {
            if (c == '{') {
                ws(j);
                if (!read_string(j, NULL, 0, NULL)) {
                    return false;
                }
                ws(j);
                if (j->i >= j->n || j->p[j->i] != ':') {
                    return false;
                }
                j->i++;
            }
            if (!skip_value(j, depth + 1)) {
                return false;
            }
            ws(j);
            if (j->i < j->n && j->p[j->i] == ',') {
                j->i++;
                continue;
            }
            if (j->i < j->n && j->p[j->i] == close) {
                j->i++;
                return true;
            }
            return false;
        }
    }
    return read_number(j);
}

/* Unpadded base64url of exactly 32 bytes (43 characters). */
static bool base64url32(const uint8_t *s, size_t len, uint8_t out[32]) {
    char std[44];
    size_t n = 0;
    if (len != 43) {
        return false;
    }
    for (size_t k = 0; k < 43; k++) {
        char c = (char)s[k];
        if (c == '+' || c == '/') {
            return false;
        }
        std[k] = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    std[43] = '=';
    return seal_sui_base64_decode(out, 32, &n, std, 44) == SEAL_OK && n == 32;
}

seal_err seal__sui_client_data_check(const uint8_t *json, size_t len, uint8_t challenge[32]) {
    js j = {json, len, 0};
    bool have_type = false, have_challenge = false, have_origin = false, have_cross = false;
    ws(&j);
    if (j.i >= j.n || j.p[j.i] != '{') {
        return SEAL_ERR_INVALID_ENCODING;
    }
    j.i++;
    ws(&j);
    if (j.i < j.n && j.p[j.i] == '}') {
        return SEAL_ERR_INVALID_ENCODING; /* required members missing */
    }
    for (;;) {
        uint8_t key[16];
        size_t klen = 0;
        ws(&j);
        if (!read_string(&j, key, sizeof key, &klen)) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        ws(&j);
        if (j.i >= j.n || j.p[j.i] != ':') {
            return SEAL_ERR_INVALID_ENCODING;
        }
        j.i++;
        ws(&j);
        bool is_type = klen == 4 && memcmp(key, "type", 4) == 0;
        bool is_challenge = klen == 9 && memcmp(key, "challenge", 9) == 0;
        bool is_origin = klen == 6 && memcmp(key, "origin", 6) == 0;
        bool is_cross = klen == 11 && memcmp(key, "crossOrigin", 11) == 0;
        if (is_type || is_challenge) {
            uint8_t val[64];
            size_t vlen = 0;
            if ((is_type && have_type) || (is_challenge && have_challenge) ||
                !read_string(&j, val, sizeof val, &vlen) || vlen > sizeof val) {
                return SEAL_ERR_INVALID_ENCODING;
            }
            if (is_type) {
                if (vlen != 12 || memcmp(val, "webauthn.get", 12) != 0) {
                    return SEAL_ERR_INVALID_ENCODING;
                }
                have_type = true;
            } else {
                if (!base64url32(val, vlen, challenge)) {
                    return SEAL_ERR_INVALID_ENCODING;
                }
                have_challenge = true;
            }
        } else if (is_origin) {
            if (have_origin || !read_string(&j, NULL, 0, NULL)) {
                return SEAL_ERR_INVALID_ENCODING;
            }
            have_origin = true;
        } else if (is_cross) {
            if (have_cross || !(read_literal(&j, "true") || read_literal(&j, "false") ||
                                read_literal(&j, "null"))) {
                return SEAL_ERR_INVALID_ENCODING;
            }
            have_cross = true;
        } else if (!skip_value(&j, 1)) {
            return SEAL_ERR_INVALID_ENCODING;
        }
        ws(&j);
        if (j.i < j.n && j.p[j.i] == ',') {
            j.i++;
            continue;
        }
        if (j.i < j.n && j.p[j.i] == '}') {
            j.i++;
            break;
        }
        return SEAL_ERR_INVALID_ENCODING;
    }
    ws(&j);
    if (j.i != j.n || !have_type || !have_challenge || !have_origin) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    return SEAL_OK;
}

seal_err seal__sui_passkey_verify(const seal_sui_passkey_signature *p, const uint8_t address[32],
                                  const uint8_t digest[32]) {
    uint8_t signer[32], h[32];
    seal_err err = seal_sui_address_from_public_key(signer, SEAL_SUI_SCHEME_PASSKEY,
                                                    p->user_signature.pk.bytes, 33);
    if (err != SEAL_OK) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (!seal_ct_memeq(signer, address, 32) || !seal_ct_memeq(p->challenge, digest, 32)) {
        return SEAL_ERR_INVALID_SIGNATURE;
    }
    /* WebAuthn: ECDSA over SHA-256(authenticatorData || SHA-256(clientDataJSON)). */
    crypto_hash_sha256_state st;
    uint8_t cdj_hash[32];
    crypto_hash_sha256(cdj_hash, p->client_data_json.ptr, p->client_data_json.len);
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, p->authenticator_data.ptr, p->authenticator_data.len);
    crypto_hash_sha256_update(&st, cdj_hash, 32);
    crypto_hash_sha256_final(&st, h);
    return seal__sui_ecdsa_verify_prehashed(p->user_signature.sig, SEAL_SUI_SCHEME_SECP256R1,
                                            p->user_signature.pk.bytes, h);
}
