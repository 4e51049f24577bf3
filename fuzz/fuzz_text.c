/* Text decoders for outside input: hex (seal_hex_decode_var), Sui addresses, base64, base58
 * and digests, suiprivkey bech32 and keystore entries. The first byte picks the decoder, the
 * rest is the text. Properties: encode . decode gives back the canonical form of the input
 * (hex: lowercase without 0x; base64 and base58: the input itself; bech32: the lowercase input;
 * keystore: the input). */
#include <ctype.h>

#include "fuzz_common.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/util.h"

static void lower(char *s) {
    for (; *s; s++) {
        *s = (char)tolower((unsigned char)*s);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    uint8_t sel = data[0];
    char *s = fuzz_cstr(data + 1, size - 1);
    size_t n = size - 1;
    size_t cap = n + 1;
    uint8_t *out = malloc(cap);
    char *txt = malloc(2 * cap + 8);
    FUZZ_ASSERT(out != NULL && txt != NULL);
    size_t out_len = 0;
    switch (sel % 7u) {
    case 0: { /* hex */
        seal_err e = seal_hex_decode_var(out, cap, &out_len, s);
        if (e == SEAL_OK) {
            seal_hex_encode(txt, out, out_len);
            const char *h = s;
            if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X')) {
                h += 2;
            }
            char *hl = fuzz_cstr((const uint8_t *)h, strlen(h));
            lower(hl);
            FUZZ_ASSERT(strcmp(hl, txt) == 0);
            free(hl);
        }
        break;
    }
    case 1: { /* address */
        uint8_t a[32], b[32];
        char f[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_err e1 = seal_sui_address_parse_n(a, s, n);
        if (strlen(s) == n) {
            seal_err e2 = seal_sui_address_parse(b, s);
            FUZZ_ASSERT(e1 == e2);
            if (e1 == SEAL_OK) {
                FUZZ_ASSERT(memcmp(a, b, 32) == 0);
            }
        }
        if (e1 == SEAL_OK) {
            seal_sui_address_format(f, a);
            FUZZ_ASSERT(seal_sui_address_parse(b, f) == SEAL_OK);
            FUZZ_ASSERT(memcmp(a, b, 32) == 0);
        }
        break;
    }
    case 2: { /* base64 */
        if (seal_sui_base64_decode(out, cap, &out_len, s, n) == SEAL_OK) {
            FUZZ_ASSERT(seal_sui_base64_encoded_len(out_len) == n);
            seal_sui_base64_encode(txt, out, out_len);
            FUZZ_ASSERT(memcmp(txt, s, n) == 0);
        }
        break;
    }
    case 3: { /* base58 */
        if (seal_sui_base58_decode(out, cap, &out_len, s) == SEAL_OK && out_len <= 64) {
            FUZZ_ASSERT(seal_sui_base58_encode(txt, 2 * cap + 8, out, out_len) == SEAL_OK);
            FUZZ_ASSERT(strcmp(txt, s) == 0);
        }
        break;
    }
    case 4: { /* digest */
        uint8_t d[32];
        char f[SEAL_SUI_DIGEST_BASE58_BYTES];
        if (seal_sui_digest_parse(d, s) == SEAL_OK) {
            seal_sui_digest_format(f, d);
            FUZZ_ASSERT(strcmp(f, s) == 0);
        }
        break;
    }
    case 5: { /* suiprivkey bech32 */
        seal_sui_keypair kp;
        char f[SEAL_SUI_BECH32_SECRET_KEY_BYTES];
        if (seal_sui_keypair_from_bech32(&kp, s) == SEAL_OK) {
            FUZZ_ASSERT(seal_sui_keypair_to_bech32(f, &kp) == SEAL_OK);
            char *sl = fuzz_cstr((const uint8_t *)s, strlen(s));
            lower(sl);
            FUZZ_ASSERT(strcmp(sl, f) == 0);
            free(sl);
        }
        seal_sui_keypair_clear(&kp);
        break;
    }
    default: { /* keystore entry */
        seal_sui_keypair kp;
        char f[SEAL_SUI_KEYSTORE_ENTRY_BYTES];
        if (seal_sui_keypair_from_keystore(&kp, s) == SEAL_OK) {
            FUZZ_ASSERT(seal_sui_keypair_to_keystore(f, &kp) == SEAL_OK);
            FUZZ_ASSERT(strcmp(f, s) == 0);
        }
        seal_sui_keypair_clear(&kp);
        break;
    }
    }
    free(out);
    free(txt);
    free(s);
    return 0;
}
