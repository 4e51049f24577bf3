/* DEMs: AES-256-GCM with a 16-byte IV (OpenSSL EVP) and HMAC-256-CTR (our HMAC-SHA3-256). */
#include <limits.h>
#include <pthread.h>
#include <string.h>

#include <openssl/evp.h>

#include "seal/dem.h"
#include "seal/internal.h"
#include "seal/util.h"
#include "util/ct.h"

const uint8_t SEAL_AES_GCM_IV[SEAL_AES_GCM_IV_BYTES] = {
    0x8a, 0x37, 0x99, 0xfd, 0xc6, 0x2e, 0x79, 0xdb, 0xa0, 0x80, 0x59, 0x07, 0xd6, 0x9c, 0x94, 0xdc};

static const uint8_t TAG_ENC[12] = {'H', 'M', 'A', 'C', '-', 'C', 'T', 'R', '-', 'E', 'N', 'C'};
static const uint8_t TAG_MAC[12] = {'H', 'M', 'A', 'C', '-', 'C', 'T', 'R', '-', 'M', 'A', 'C'};

/* Largest chunk handed to one EVP call (its lengths are int). */
#define EVP_CHUNK ((size_t)1 << 30)
/* Scratch size for the AES-GCM verification pass, which computes plaintext it does not keep. */
#define DISCARD_CHUNK 4096

/* ---- incremental context ---- */

/* The cipher fetched from the provider once: EVP_aes_256_gcm() makes every initialisation fetch
 * it again (a property-query lookup under a lock, as long as a 16 KiB message's encryption takes
 * a third of). */
static pthread_once_t gcm_once = PTHREAD_ONCE_INIT;
static EVP_CIPHER *gcm_fetched;

static void gcm_fetch(void) {
    gcm_fetched = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
}

static const EVP_CIPHER *gcm_cipher(void) {
    pthread_once(&gcm_once, gcm_fetch);
    return gcm_fetched != NULL ? gcm_fetched : EVP_aes_256_gcm();
}

static seal_err gcm_init(seal_dem_ctx *c, const uint8_t key[static 32], bool encrypt) {
    EVP_CIPHER_CTX *evp = EVP_CIPHER_CTX_new();
    if (evp == NULL) {
        return SEAL_ERR_CRYPTO_LIB;
    }
    const EVP_CIPHER *cipher = gcm_cipher();
    int ok = encrypt ? EVP_EncryptInit_ex(evp, cipher, NULL, NULL, NULL)
                     : EVP_DecryptInit_ex(evp, cipher, NULL, NULL, NULL);
    ok = ok && EVP_CIPHER_CTX_ctrl(evp, EVP_CTRL_GCM_SET_IVLEN, SEAL_AES_GCM_IV_BYTES, NULL);
    ok = ok && (encrypt ? EVP_EncryptInit_ex(evp, NULL, NULL, key, SEAL_AES_GCM_IV)
                        : EVP_DecryptInit_ex(evp, NULL, NULL, key, SEAL_AES_GCM_IV));
    if (!ok) {
        EVP_CIPHER_CTX_free(evp);
        return SEAL_ERR_CRYPTO_LIB;
    }
    c->evp = evp;
    return SEAL_OK;
}

seal_err seal_dem_ctx_init(seal_dem_ctx *c, seal_dem_type type, const uint8_t key[static 32],
                           bool encrypt, uint64_t aad_len) {
    memset(c, 0, sizeof *c);
    c->type = type;
    c->encrypt = encrypt;
    c->aad_len = aad_len;
    c->pad_used = SEAL_HMAC_CTR_BLOCK_BYTES;
    if (type == SEAL_DEM_AES_256_GCM) {
        return gcm_init(c, key, encrypt);
    }
    if (type != SEAL_DEM_HMAC_256_CTR) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    uint8_t len_le[8];
    seal__store64_le(len_le, aad_len);
    seal_hmac_sha3_256_init(&c->prf, key, 32);
    c->mac = c->prf;
    seal_hmac_sha3_256_update(&c->mac, TAG_MAC, sizeof TAG_MAC);
    seal_hmac_sha3_256_update(&c->mac, len_le, sizeof len_le);
    return SEAL_OK;
}

seal_err seal_dem_ctx_aad(seal_dem_ctx *c, const uint8_t *aad, size_t len) {
    if (c->data_started) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (len == 0) {
        return SEAL_OK;
    }
    if (c->type == SEAL_DEM_AES_256_GCM) {
        while (len > 0) {
            size_t n = len < EVP_CHUNK ? len : EVP_CHUNK;
            int outl = 0;
            int ok = c->encrypt ? EVP_EncryptUpdate(c->evp, NULL, &outl, aad, (int)n)
                                : EVP_DecryptUpdate(c->evp, NULL, &outl, aad, (int)n);
            if (!ok) {
                return SEAL_ERR_CRYPTO_LIB;
            }
            aad += n;
            len -= n;
        }
        return SEAL_OK;
    }
    if (len > c->aad_len - c->aad_seen) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    c->aad_seen += len;
    seal_hmac_sha3_256_update(&c->mac, aad, len);
    return SEAL_OK;
}

static void ctr_pad(uint8_t pad[32], const seal_hmac_sha3_ctx *prf, uint64_t block) {
    uint8_t msg[20];
    memcpy(msg, TAG_ENC, sizeof TAG_ENC);
    seal__store64_le(msg + 12, block);
    seal__hmac_sha3_256_short(pad, prf, msg, sizeof msg);
}

/* XORs len bytes of keystream starting at the context's position into out. Whole 128-byte
 * stretches use four pads computed at once. */
static seal_err ctr_xor(seal_dem_ctx *c, uint8_t *out, const uint8_t *in, size_t len) {
    size_t done = 0;
    while (done < len) {
        if (c->pad_used == SEAL_HMAC_CTR_BLOCK_BYTES &&
            len - done >= 4 * SEAL_HMAC_CTR_BLOCK_BYTES && c->block <= UINT64_MAX - 4) {
            uint8_t msgs[4][20];
            uint8_t pads[4][32];
            for (size_t k = 0; k < 4; k++) {
                memcpy(msgs[k], TAG_ENC, sizeof TAG_ENC);
                seal__store64_le(msgs[k] + 12, c->block + k);
            }
            seal__hmac_sha3_256_short_x4(pads, &c->prf, &msgs[0][0], 20);
            c->block += 4;
            for (size_t i = 0; i < 4 * SEAL_HMAC_CTR_BLOCK_BYTES; i++) {
                out[done + i] = (uint8_t)(in[done + i] ^ pads[i >> 5][i & 31]);
            }
            seal_memzero(pads, sizeof pads);
            done += 4 * SEAL_HMAC_CTR_BLOCK_BYTES;
            continue;
        }
        if (c->pad_used == SEAL_HMAC_CTR_BLOCK_BYTES) {
            if (c->block == UINT64_MAX) {
                return SEAL_ERR_LIMIT;
            }
            ctr_pad(c->pad, &c->prf, c->block++);
            c->pad_used = 0;
        }
        out[done] = (uint8_t)(in[done] ^ c->pad[c->pad_used]);
        c->pad_used++;
        done++;
    }
    return SEAL_OK;
}

static seal_err ctr_update(seal_dem_ctx *c, uint8_t *out, const uint8_t *in, size_t len) {
    if (c->aad_seen != c->aad_len) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (!c->encrypt) {
        seal_hmac_sha3_256_update(&c->mac, in, len);
        if (out == NULL) {
            return SEAL_OK;
        }
    }
    seal_err err = ctr_xor(c, out, in, len);
    if (err == SEAL_OK && c->encrypt) {
        seal_hmac_sha3_256_update(&c->mac, out, len);
    }
    return err;
}

static seal_err gcm_update(seal_dem_ctx *c, uint8_t *out, const uint8_t *in, size_t len) {
    uint8_t scratch[DISCARD_CHUNK];
    seal_err err = SEAL_OK;
    while (len > 0) {
        size_t n = len < EVP_CHUNK ? len : EVP_CHUNK;
        uint8_t *dst = out;
        if (out == NULL && n > sizeof scratch) {
            n = sizeof scratch;
        }
        if (out == NULL) {
            dst = scratch;
        }
        int outl = 0;
        int ok = c->encrypt ? EVP_EncryptUpdate(c->evp, dst, &outl, in, (int)n)
                            : EVP_DecryptUpdate(c->evp, dst, &outl, in, (int)n);
        if (!ok || (size_t)outl != n) {
            err = SEAL_ERR_CRYPTO_LIB;
            break;
        }
        in += n;
        len -= n;
        if (out != NULL) {
            out += n;
        }
    }
    seal_memzero(scratch, sizeof scratch);
    return err;
}

seal_err seal_dem_ctx_update(seal_dem_ctx *c, uint8_t *out, const uint8_t *in, size_t len) {
    if (out == NULL && c->encrypt) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    c->data_started = true;
    if (len == 0) {
        return SEAL_OK;
    }
    if (c->type == SEAL_DEM_AES_256_GCM) {
        return gcm_update(c, out, in, len);
    }
    return ctr_update(c, out, in, len);
}

seal_err seal_dem_ctx_encrypt_final(seal_dem_ctx *c, uint8_t *tag, size_t tag_len) {
    if (!c->encrypt) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (c->type == SEAL_DEM_AES_256_GCM) {
        uint8_t tmp[16];
        int outl = 0;
        if (tag_len != SEAL_AES_GCM_TAG_BYTES) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        if (!EVP_EncryptFinal_ex(c->evp, tmp, &outl) ||
            !EVP_CIPHER_CTX_ctrl(c->evp, EVP_CTRL_GCM_GET_TAG, SEAL_AES_GCM_TAG_BYTES, tag)) {
            return SEAL_ERR_CRYPTO_LIB;
        }
        return SEAL_OK;
    }
    if (tag_len != SEAL_HMAC_CTR_MAC_BYTES || c->aad_seen != c->aad_len) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_hmac_sha3_256_final(&c->mac, tag);
    return SEAL_OK;
}

seal_err seal_dem_ctx_decrypt_final(seal_dem_ctx *c, const uint8_t *tag, size_t tag_len) {
    if (c->encrypt) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (c->type == SEAL_DEM_AES_256_GCM) {
        uint8_t t[SEAL_AES_GCM_TAG_BYTES];
        uint8_t tmp[16];
        int outl = 0;
        if (tag_len != SEAL_AES_GCM_TAG_BYTES) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        memcpy(t, tag, sizeof t);
        if (!EVP_CIPHER_CTX_ctrl(c->evp, EVP_CTRL_GCM_SET_TAG, SEAL_AES_GCM_TAG_BYTES, t)) {
            return SEAL_ERR_CRYPTO_LIB;
        }
        return EVP_DecryptFinal_ex(c->evp, tmp, &outl) > 0 ? SEAL_OK : SEAL_ERR_DECRYPTION;
    }
    uint8_t mac[32];
    if (tag_len != SEAL_HMAC_CTR_MAC_BYTES || c->aad_seen != c->aad_len) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_hmac_sha3_256_final(&c->mac, mac);
    bool ok = seal_ct_memeq(mac, tag, sizeof mac);
    seal_memzero(mac, sizeof mac);
    return ok ? SEAL_OK : SEAL_ERR_DECRYPTION;
}

void seal_dem_ctx_clear(seal_dem_ctx *c) {
    if (c->evp != NULL) {
        EVP_CIPHER_CTX_free(c->evp);
    }
    seal_memzero(c, sizeof *c);
}

/* ---- one-shot ---- */

seal_err seal_dem_aes_encrypt(uint8_t *blob, const uint8_t key[static 32], const uint8_t *msg,
                              size_t msg_len, const uint8_t *aad, size_t aad_len) {
    seal_dem_ctx c;
    seal_err err = seal_dem_ctx_init(&c, SEAL_DEM_AES_256_GCM, key, true, aad_len);
    if (err == SEAL_OK) {
        err = seal_dem_ctx_aad(&c, aad, aad_len);
    }
    if (err == SEAL_OK) {
        err = seal_dem_ctx_update(&c, blob, msg, msg_len);
    }
    if (err == SEAL_OK) {
        err = seal_dem_ctx_encrypt_final(&c, blob + msg_len, SEAL_AES_GCM_TAG_BYTES);
    }
    seal_dem_ctx_clear(&c);
    if (err != SEAL_OK) {
        seal_memzero(blob, msg_len + SEAL_AES_GCM_TAG_BYTES);
    }
    return err;
}

seal_err seal_dem_aes_decrypt(uint8_t *out, const uint8_t key[static 32], const uint8_t *blob,
                              size_t blob_len, const uint8_t *aad, size_t aad_len) {
    seal_dem_ctx c;
    if (blob_len < SEAL_AES_GCM_TAG_BYTES) {
        return SEAL_ERR_DECRYPTION;
    }
    size_t n = blob_len - SEAL_AES_GCM_TAG_BYTES;
    seal_err err = seal_dem_ctx_init(&c, SEAL_DEM_AES_256_GCM, key, false, aad_len);
    if (err == SEAL_OK) {
        err = seal_dem_ctx_aad(&c, aad, aad_len);
    }
    if (err == SEAL_OK) {
        err = seal_dem_ctx_update(&c, out, blob, n);
    }
    if (err == SEAL_OK) {
        err = seal_dem_ctx_decrypt_final(&c, blob + n, SEAL_AES_GCM_TAG_BYTES);
    }
    seal_dem_ctx_clear(&c);
    if (err != SEAL_OK) {
        seal_memzero(out, n);
    }
    return err;
}

void seal_dem_hmac_ctr_mac(uint8_t mac[static 32], const uint8_t key[static 32], const uint8_t *aad,
                           size_t aad_len, const uint8_t *blob, size_t blob_len) {
    seal_hmac_sha3_ctx c;
    uint8_t len_le[8];
    seal__store64_le(len_le, aad_len);
    seal_hmac_sha3_256_init(&c, key, 32);
    seal_hmac_sha3_256_update(&c, TAG_MAC, sizeof TAG_MAC);
    seal_hmac_sha3_256_update(&c, len_le, sizeof len_le);
    seal_hmac_sha3_256_update(&c, aad, aad_len);
    seal_hmac_sha3_256_update(&c, blob, blob_len);
    seal_hmac_sha3_256_final(&c, mac);
}

seal_err seal_dem_hmac_ctr_encrypt(uint8_t *blob, uint8_t mac[static 32],
                                   const uint8_t key[static 32], const uint8_t *msg, size_t msg_len,
                                   const uint8_t *aad, size_t aad_len) {
    seal_dem_ctx c;
    seal_err err = seal_dem_ctx_init(&c, SEAL_DEM_HMAC_256_CTR, key, true, aad_len);
    if (err == SEAL_OK) {
        err = seal_dem_ctx_aad(&c, aad, aad_len);
    }
    if (err == SEAL_OK) {
        err = seal_dem_ctx_update(&c, blob, msg, msg_len);
    }
    if (err == SEAL_OK) {
        err = seal_dem_ctx_encrypt_final(&c, mac, SEAL_HMAC_CTR_MAC_BYTES);
    }
    seal_dem_ctx_clear(&c);
    if (err != SEAL_OK) {
        seal_memzero(blob, msg_len);
        seal_memzero(mac, 32);
    }
    return err;
}

seal_err seal_dem_hmac_ctr_decrypt(uint8_t *out, const uint8_t key[static 32], const uint8_t *blob,
                                   size_t blob_len, const uint8_t *aad, size_t aad_len,
                                   const uint8_t mac[static 32]) {
    uint8_t want[32];
    seal_dem_hmac_ctr_mac(want, key, aad, aad_len, blob, blob_len);
    uint64_t ok = seal__ct_public(seal_ct_memeq(want, mac, sizeof want)); /* MAC check result */
    seal_memzero(want, sizeof want);
    if (!ok) {
        return SEAL_ERR_DECRYPTION;
    }
    seal_dem_ctx c;
    seal_err err = seal_dem_ctx_init(&c, SEAL_DEM_HMAC_256_CTR, key, true, 0);
    if (err == SEAL_OK) {
        err = ctr_xor(&c, out, blob, blob_len);
    }
    seal_dem_ctx_clear(&c);
    if (err != SEAL_OK) {
        seal_memzero(out, blob_len);
    }
    return err;
}
