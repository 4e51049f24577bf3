/* Multi-recipient ECIES over G1 of fastcrypto-tbls (ecies_v1.rs): one ephemeral key for all
 * recipients with a DDH proof of its possession, a per-recipient AES-256-CTR key from the random
 * oracle, and recovery packages that let anyone decrypt one recipient's ciphertext. */
#include <string.h>

#include <openssl/evp.h>

#include "committee/internal.h"

static const uint8_t DST[] = SEAL_DKG_BLS_DST;

/* AES-256-CTR with a zero IV (a 128-bit big-endian counter from 0), as the key is fresh per
 * ciphertext. out may alias in. */
static seal_err aes256_ctr(uint8_t *out, const uint8_t key[32], const uint8_t *in, size_t len) {
    static const uint8_t iv[16] = {0};
    int outl = 0, finl = 0;
    if (len > (size_t)INT32_MAX) {
        return SEAL_ERR_LIMIT;
    }
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int ok = ctx != NULL && EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), NULL, key, iv) == 1 &&
             (len == 0 || EVP_EncryptUpdate(ctx, out, &outl, in, (int)len) == 1) &&
             EVP_EncryptFinal_ex(ctx, out + outl, &finl) == 1 && (size_t)(outl + finl) == len;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? SEAL_OK : SEAL_ERR_CRYPTO_LIB;
}

/* g_hat = HG1(RO(E-g_hat).eval(c)). */
static seal_err g_hat(seal_g1 *out, const seal_g1 *c, const seal_dkg_ro *e) {
    seal_dkg_ro ro;
    uint8_t cb[48], h[SEAL_DKG_RO_BYTES];
    seal_err err = seal_dkg_ro_extend(&ro, e, "g_hat");
    seal_g1_compress(cb, c);
    if (err == SEAL_OK) {
        err = seal_dkg_ro_eval(h, &ro, cb, sizeof cb);
    }
    if (err == SEAL_OK) {
        seal_g1_hash_to_curve(out, h, sizeof h, DST, sizeof DST - 1);
    }
    return err;
}

/* The AES key of recipient index from the shared point k: RO(E-encs).eval(u64_le(index) || k),
 * first 32 bytes, then en/decrypts len bytes. */
static seal_err crypt_for(uint8_t *out, const seal_g1 *k, uint64_t index, const uint8_t *in,
                          size_t len, const seal_dkg_ro *e) {
    seal_dkg_ro ro;
    uint8_t buf[8 + 48], h[SEAL_DKG_RO_BYTES];
    seal_err err = seal_dkg_ro_extend(&ro, e, "encs");
    for (int i = 0; i < 8; i++) {
        buf[i] = (uint8_t)(index >> (8 * i));
    }
    seal_g1_compress(buf + 8, k);
    if (err == SEAL_OK) {
        err = seal_dkg_ro_eval(h, &ro, buf, sizeof buf);
    }
    if (err == SEAL_OK) {
        err = aes256_ctr(out, h, in, len);
    }
    seal_memzero(buf, sizeof buf);
    seal_memzero(h, sizeof h);
    return err;
}

seal_err seal_dkg_ecies_encrypt(seal_dkg_ecies_header *hdr, uint8_t *const *encs,
                                const seal_g1 *pks, const uint8_t *const *msgs, const size_t *lens,
                                size_t n, const seal_scalar *r, const seal_scalar *nonce,
                                const seal_dkg_ro *e) {
    seal_dkg_ro zk;
    seal_g1 gh, k;
    seal_err err;
    seal_g1_mul_gen(&hdr->c, r);
    if ((err = g_hat(&gh, &hdr->c, e)) != SEAL_OK) {
        goto out;
    }
    seal_g1_mul(&hdr->c_hat, &gh, r);
    if ((err = seal_dkg_ro_extend(&zk, e, "zk")) != SEAL_OK ||
        (err = seal_dkg_ddh_prove(&hdr->proof, r, &gh, &hdr->c, &hdr->c_hat, nonce, &zk)) !=
            SEAL_OK) {
        goto out;
    }
    for (size_t j = 0; j < n; j++) {
        seal_g1_mul(&k, &pks[j], r);
        if ((err = crypt_for(encs[j], &k, (uint64_t)j, msgs[j], lens[j], e)) != SEAL_OK) {
            goto out;
        }
    }
out:
    seal_memzero(&k, sizeof k);
    if (err != SEAL_OK) {
        memset(hdr, 0, sizeof *hdr);
        for (size_t j = 0; j < n; j++) {
            seal_memzero(encs[j], lens[j]);
        }
    }
    return err;
}

seal_err seal_dkg_ecies_verify(const seal_dkg_ecies_header *hdr, const seal_dkg_ro *e) {
    seal_dkg_ro zk;
    seal_g1 gh;
    seal_err err = g_hat(&gh, &hdr->c, e);
    if (err == SEAL_OK) {
        err = seal_dkg_ro_extend(&zk, e, "zk");
    }
    if (err == SEAL_OK) {
        err = seal_dkg_ddh_verify(&hdr->proof, &gh, &hdr->c, &hdr->c_hat, &zk);
    }
    return err;
}

seal_err seal_dkg_ecies_decrypt(uint8_t *out, const seal_dkg_ecies_header *hdr,
                                const seal_scalar *sk, uint64_t index, const uint8_t *enc,
                                size_t len, const seal_dkg_ro *e) {
    seal_g1 k;
    seal_g1_mul(&k, &hdr->c, sk);
    seal_err err = crypt_for(out, &k, index, enc, len, e);
    seal_memzero(&k, sizeof k);
    if (err != SEAL_OK) {
        seal_memzero(out, len);
    }
    return err;
}

seal_err seal_dkg_ecies_recovery_create(seal_g1 *ephemeral_key, seal_dkg_ddh_proof *proof,
                                        const seal_dkg_ecies_header *hdr, const seal_scalar *sk,
                                        const seal_scalar *nonce, const seal_dkg_ro *recovery) {
    seal_g1 pk;
    seal_g1_mul_gen(&pk, sk);
    seal_g1_mul(ephemeral_key, &hdr->c, sk);
    return seal_dkg_ddh_prove(proof, sk, &hdr->c, &pk, ephemeral_key, nonce, recovery);
}

seal_err seal_dkg_ecies_recovery_decrypt(uint8_t *out, const seal_dkg_ecies_header *hdr,
                                         const seal_g1 *ephemeral_key,
                                         const seal_dkg_ddh_proof *proof, const seal_g1 *pk,
                                         uint64_t index, const uint8_t *enc, size_t len,
                                         const seal_dkg_ro *recovery, const seal_dkg_ro *e) {
    seal_err err = seal_dkg_ddh_verify(proof, &hdr->c, pk, ephemeral_key, recovery);
    if (err == SEAL_OK) {
        err = crypt_for(out, ephemeral_key, index, enc, len, e);
    }
    if (err != SEAL_OK) {
        seal_memzero(out, len);
    }
    return err;
}
