/* The random oracle of fastcrypto-tbls: SHA3-512(u32_be(len(prefix)) || prefix || input), and
 * the prefixes the DKG derives from "SEAL_DKG_V0:0x<committee id>". */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "committee/internal.h"

void seal_dkg_ro_base(seal_dkg_ro *out, const uint8_t committee_id[static 32]) {
    char hex[65];
    seal_hex_encode(hex, committee_id, 32);
    int n = snprintf(out->prefix, sizeof out->prefix, "%s0x%s", SEAL_DKG_RO_BASE, hex);
    out->len = (size_t)n;
}

seal_err seal_dkg_ro_extend(seal_dkg_ro *out, const seal_dkg_ro *in, const char *ext) {
    size_t el = strlen(ext);
    if (in->len + 1 + el > SEAL_DKG_RO_PREFIX_MAX) {
        return SEAL_ERR_LIMIT;
    }
    if (out != in) {
        memcpy(out->prefix, in->prefix, in->len);
    }
    out->prefix[in->len] = '-';
    memcpy(out->prefix + in->len + 1, ext, el);
    out->len = in->len + 1 + el;
    out->prefix[out->len] = '\0';
    return SEAL_OK;
}

seal_err seal_dkg_ro_eval(uint8_t out[static SEAL_DKG_RO_BYTES], const seal_dkg_ro *ro,
                          const uint8_t *data, size_t len) {
    uint8_t be[4] = {(uint8_t)(ro->len >> 24), (uint8_t)(ro->len >> 16), (uint8_t)(ro->len >> 8),
                     (uint8_t)ro->len};
    unsigned int outl = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha3_512(), NULL) == 1 &&
             EVP_DigestUpdate(ctx, be, sizeof be) == 1 &&
             EVP_DigestUpdate(ctx, ro->prefix, ro->len) == 1 &&
             (len == 0 || EVP_DigestUpdate(ctx, data, len) == 1) &&
             EVP_DigestFinal_ex(ctx, out, &outl) == 1 && outl == SEAL_DKG_RO_BYTES;
    EVP_MD_CTX_free(ctx);
    if (!ok) {
        memset(out, 0, SEAL_DKG_RO_BYTES);
        return SEAL_ERR_CRYPTO_LIB;
    }
    return SEAL_OK;
}

seal_err seal_dkg_ro_encryption(seal_dkg_ro *out, const seal_dkg_ro *base, uint16_t dealer) {
    char ext[32];
    snprintf(ext, sizeof ext, "encs %u", (unsigned)dealer);
    return seal_dkg_ro_extend(out, base, ext);
}

seal_err seal_dkg_ro_nizk(seal_dkg_ro *out, const seal_dkg_ro *base, uint16_t dealer) {
    char ext[48];
    snprintf(ext, sizeof ext, "nizkpok of secret from %u", (unsigned)dealer);
    return seal_dkg_ro_extend(out, base, ext);
}

seal_err seal_dkg_ro_recovery(seal_dkg_ro *out, const seal_dkg_ro *base, uint16_t accuser,
                              uint16_t accused) {
    char ext[64];
    snprintf(ext, sizeof ext, "recovery of %u received from %u", (unsigned)accuser,
             (unsigned)accused);
    return seal_dkg_ro_extend(out, base, ext);
}
