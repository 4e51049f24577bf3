/* A member's DKG keys (upstream's dkg.key): an ECIES key pair over G1 and a BLS min-sig key
 * pair, and their JSON file, parsed here without a JSON library so the secrets stay in memory
 * this code wipes. */
#include <stdio.h>
#include <string.h>

#include "committee/internal.h"
#include "seal/keys.h"

seal_err seal_dkg_keys_generate(seal_dkg_keys *out, const seal_rng *rng) {
    seal_scalar e;
    seal_g1 p;
    memset(out, 0, sizeof *out);
    /* Both secret keys drawn as Seal draws master keys; the signing pair is exactly one. */
    seal_err err = seal_keys_random_scalar(&e, rng);
    if (err == SEAL_OK) {
        seal_scalar_to_bytes(out->enc_sk, &e);
        seal_g1_mul_gen(&p, &e);
        seal_g1_compress(out->enc_pk, &p);
        err = seal_keys_generate(out->signing_sk, out->signing_pk, rng);
    }
    seal_memzero(&e, sizeof e);
    if (err != SEAL_OK) {
        seal_dkg_keys_clear(out);
    }
    return err;
}

seal_err seal_dkg_keys_check(const seal_dkg_keys *k) {
    seal_scalar e;
    seal_g1 p;
    uint8_t pk1[48], pk2[96];
    /* Every comparison is computed without branches, then revealed once: whether the keys are
     * consistent is public (the caller is told). */
    bool ok = seal_scalar_from_bytes(&e, k->enc_sk) == SEAL_OK;
    ok = ok & !seal_scalar_is_zero(&e);
    seal_g1_mul_gen(&p, &e);
    seal_g1_compress(pk1, &p);
    ok = ok & seal_ct_memeq(pk1, k->enc_pk, 48);
    ok = ok & (seal_dkg_bls_public_key(pk2, k->signing_sk) == SEAL_OK);
    ok = ok & seal_ct_memeq(pk2, k->signing_pk, 96);
    seal_memzero(&e, sizeof e);
    seal_memzero(&p, sizeof p);
    return seal__dkg_reveal(ok) ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}

void seal_dkg_keys_clear(seal_dkg_keys *k) {
    seal_memzero(k, sizeof *k);
}

seal_err seal_dkg_keys_to_json(char *out, size_t cap, size_t *len, const seal_dkg_keys *k) {
    char esk[65], epk[97], ssk[65], spk[193];
    seal_hex_encode(esk, k->enc_sk, 32);
    seal_hex_encode(epk, k->enc_pk, 48);
    seal_hex_encode(ssk, k->signing_sk, 32);
    seal_hex_encode(spk, k->signing_pk, 96);
    int n = snprintf(out, cap,
                     "{\n  \"enc_sk\": \"0x%s\",\n  \"enc_pk\": \"0x%s\",\n  \"signing_sk\": "
                     "\"0x%s\",\n  \"signing_pk\": \"0x%s\"\n}",
                     esk, epk, ssk, spk);
    seal_memzero(esk, sizeof esk);
    seal_memzero(ssk, sizeof ssk);
    if (n < 0 || (size_t)n >= cap) {
        if (cap > 0) {
            seal_memzero(out, cap);
        }
        *len = 0;
        return SEAL_ERR_LIMIT;
    }
    *len = (size_t)n;
    return SEAL_OK;
}

/* ---- a strict reader for a flat JSON object of string values ------------------------------- */

typedef struct cursor {
    const char *p, *end;
} cursor;

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
        c->p++;
    }
}

static bool eat(cursor *c, char ch) {
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

/* A string without escapes or control characters (keys and hex values never need them);
 * [*s, *s + *n) borrowed. */
static bool read_string(cursor *c, const char **s, size_t *n) {
    if (!eat(c, '"')) {
        return false;
    }
    const char *start = c->p;
    while (c->p < c->end && *c->p != '"') {
        unsigned char ch = (unsigned char)*c->p;
        if (ch < 0x20 || ch == '\\') {
            return false;
        }
        c->p++;
    }
    if (c->p == c->end) {
        return false;
    }
    *s = start;
    *n = (size_t)(c->p - start);
    c->p++;
    return true;
}

/* Hex of exactly len bytes (optional 0x) from a borrowed, unterminated string. */
static bool hex_field(uint8_t *out, size_t len, const char *s, size_t n) {
    char buf[2 + 2 * 96 + 1];
    bool ok = n < sizeof buf;
    if (ok) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        ok = (n < 2 || buf[1] != 'X') && seal_hex_decode(out, len, buf) == SEAL_OK;
    }
    seal_memzero(buf, sizeof buf);
    return ok;
}

seal_err seal_dkg_keys_from_json(seal_dkg_keys *out, const char *text, size_t len) {
    static const struct {
        const char *name;
        size_t off, len;
    } fields[] = {
        {"enc_sk", offsetof(seal_dkg_keys, enc_sk), 32},
        {"enc_pk", offsetof(seal_dkg_keys, enc_pk), 48},
        {"signing_sk", offsetof(seal_dkg_keys, signing_sk), 32},
        {"signing_pk", offsetof(seal_dkg_keys, signing_pk), 96},
    };
    cursor c = {text, text + len};
    unsigned seen = 0;
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    memset(out, 0, sizeof *out);
    if (!eat(&c, '{')) {
        goto out;
    }
    if (!eat(&c, '}')) {
        for (;;) {
            const char *k, *v;
            size_t kn, vn;
            if (!read_string(&c, &k, &kn) || !eat(&c, ':') || !read_string(&c, &v, &vn)) {
                goto out;
            }
            for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
                if (strlen(fields[i].name) == kn && memcmp(fields[i].name, k, kn) == 0) {
                    if ((seen & (1u << i)) ||
                        !hex_field((uint8_t *)out + fields[i].off, fields[i].len, v, vn)) {
                        goto out;
                    }
                    seen |= 1u << i;
                }
            }
            if (eat(&c, '}')) {
                break;
            }
            if (!eat(&c, ',')) {
                goto out;
            }
        }
    }
    skip_ws(&c);
    if (c.p != c.end || seen != 0xf) {
        goto out;
    }
    err = seal_dkg_keys_check(out);
out:
    if (err != SEAL_OK) {
        seal_dkg_keys_clear(out);
    }
    return err;
}
