/* NIZK proofs of fastcrypto-tbls (nizk.rs): knowledge of a discrete log over G2 (DLNizk<G2>) and
 * DDH tuples over G1 (DdhTupleNizk<G1>), Fiat-Shamir through the random oracle on the BCS of the
 * statement and the commitments (compressed points, concatenated). */
#include <string.h>

#include "committee/internal.h"

/* c = (RO output as a 512-bit big-endian integer) mod r. */
static seal_err challenge(seal_scalar *c, const seal_dkg_ro *ro, const uint8_t *data, size_t len) {
    uint8_t h[SEAL_DKG_RO_BYTES];
    seal_err err = seal_dkg_ro_eval(h, ro, data, len);
    if (err == SEAL_OK) {
        seal_scalar_from_bytes_wide(c, h, sizeof h);
    }
    return err;
}

/* ---- DLNizk<G2> ------------------------------------------------------------------------- */

static seal_err dl_challenge(seal_scalar *c, const seal_g2 *x_g, const seal_g2 *a,
                             const seal_dkg_ro *ro) {
    uint8_t buf[3 * 96];
    seal_g2 g;
    seal_g2_generator(&g);
    seal_g2_compress(buf, &g);
    seal_g2_compress(buf + 96, x_g);
    seal_g2_compress(buf + 192, a);
    return challenge(c, ro, buf, sizeof buf);
}

seal_err seal_dkg_dl_prove(seal_dkg_dl_proof *out, const seal_scalar *x, const seal_g2 *x_g,
                           const seal_scalar *nonce, const seal_dkg_ro *ro) {
    seal_scalar c;
    seal_g2_mul_gen(&out->a, nonce);
    seal_err err = dl_challenge(&c, x_g, &out->a, ro);
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
        return err;
    }
    seal_scalar_mul(&out->z, &c, x);
    seal_scalar_add(&out->z, &out->z, nonce);
    return SEAL_OK;
}

seal_err seal_dkg_dl_verify(const seal_dkg_dl_proof *p, const seal_g2 *x_g, const seal_dkg_ro *ro) {
    seal_scalar c;
    seal_g2 lhs, rhs;
    if (seal_g2_is_identity(x_g)) {
        return SEAL_ERR_INVALID_KEY;
    }
    seal_err err = dl_challenge(&c, x_g, &p->a, ro);
    if (err != SEAL_OK) {
        return err;
    }
    /* A + c X == z G2gen */
    seal_g2_mul_vartime(&lhs, x_g, &c);
    seal_g2_add(&lhs, &lhs, &p->a);
    seal_g2_generator(&rhs);
    seal_g2_mul_vartime(&rhs, &rhs, &p->z);
    return seal_g2_equal(&lhs, &rhs) ? SEAL_OK : SEAL_ERR_INVALID_KEY;
}

void seal_dkg_dl_proof_encode(uint8_t out[static SEAL_DKG_DL_PROOF_BYTES],
                              const seal_dkg_dl_proof *p) {
    seal_g2_compress(out, &p->a);
    seal_scalar_to_bytes(out + 96, &p->z);
}

seal_err seal_dkg_dl_proof_decode(seal_dkg_dl_proof *out,
                                  const uint8_t in[static SEAL_DKG_DL_PROOF_BYTES]) {
    seal_err err = seal_g2_decompress(&out->a, in);
    if (err == SEAL_OK) {
        err = seal_scalar_from_bytes(&out->z, in + 96);
    }
    if (err == SEAL_OK && (seal_g2_is_identity(&out->a) || seal_scalar_is_zero(&out->z))) {
        err = SEAL_ERR_INVALID_ENCODING; /* "one of the elements is inf/zero" */
    }
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}

/* ---- DdhTupleNizk<G1> --------------------------------------------------------------------- */

static seal_err ddh_challenge(seal_scalar *c, const seal_g1 *h, const seal_g1 *x_g,
                              const seal_g1 *x_h, const seal_g1 *a, const seal_g1 *b,
                              const seal_dkg_ro *ro) {
    uint8_t buf[6 * 48];
    seal_g1 g;
    seal_g1_generator(&g);
    seal_g1_compress(buf, &g);
    seal_g1_compress(buf + 48, h);
    seal_g1_compress(buf + 96, x_g);
    seal_g1_compress(buf + 144, x_h);
    seal_g1_compress(buf + 192, a);
    seal_g1_compress(buf + 240, b);
    return challenge(c, ro, buf, sizeof buf);
}

seal_err seal_dkg_ddh_prove(seal_dkg_ddh_proof *out, const seal_scalar *x, const seal_g1 *h,
                            const seal_g1 *x_g, const seal_g1 *x_h, const seal_scalar *nonce,
                            const seal_dkg_ro *ro) {
    seal_scalar c;
    seal_g1_mul_gen(&out->a, nonce);
    seal_g1_mul(&out->b, h, nonce);
    seal_err err = ddh_challenge(&c, h, x_g, x_h, &out->a, &out->b, ro);
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
        return err;
    }
    seal_scalar_mul(&out->z, &c, x);
    seal_scalar_add(&out->z, &out->z, nonce);
    return SEAL_OK;
}

/* e1 + c e2 == z e3 */
static bool relation(const seal_g1 *e1, const seal_g1 *e2, const seal_g1 *e3, const seal_scalar *z,
                     const seal_scalar *c) {
    seal_g1 lhs, rhs;
    seal_g1_mul_vartime(&lhs, e2, c);
    seal_g1_add(&lhs, &lhs, e1);
    seal_g1_mul_vartime(&rhs, e3, z);
    return seal_g1_equal(&lhs, &rhs);
}

seal_err seal_dkg_ddh_verify(const seal_dkg_ddh_proof *p, const seal_g1 *h, const seal_g1 *x_g,
                             const seal_g1 *x_h, const seal_dkg_ro *ro) {
    seal_scalar c;
    seal_g1 g;
    if (seal_g1_is_identity(h) || seal_g1_is_identity(x_g) || seal_g1_is_identity(x_h)) {
        return SEAL_ERR_INVALID_KEY;
    }
    seal_err err = ddh_challenge(&c, h, x_g, x_h, &p->a, &p->b, ro);
    if (err != SEAL_OK) {
        return err;
    }
    seal_g1_generator(&g);
    if (!relation(&p->a, x_g, &g, &p->z, &c) || !relation(&p->b, x_h, h, &p->z, &c)) {
        return SEAL_ERR_INVALID_KEY;
    }
    return SEAL_OK;
}

void seal_dkg_ddh_proof_encode(uint8_t out[static SEAL_DKG_DDH_PROOF_BYTES],
                               const seal_dkg_ddh_proof *p) {
    seal_g1_compress(out, &p->a);
    seal_g1_compress(out + 48, &p->b);
    seal_scalar_to_bytes(out + 96, &p->z);
}

seal_err seal_dkg_ddh_proof_decode(seal_dkg_ddh_proof *out,
                                   const uint8_t in[static SEAL_DKG_DDH_PROOF_BYTES]) {
    seal_err err = seal_g1_decompress(&out->a, in);
    if (err == SEAL_OK) {
        err = seal_g1_decompress(&out->b, in + 48);
    }
    if (err == SEAL_OK) {
        err = seal_scalar_from_bytes(&out->z, in + 96);
    }
    if (err == SEAL_OK && (seal_g1_is_identity(&out->a) || seal_g1_is_identity(&out->b) ||
                           seal_scalar_is_zero(&out->z))) {
        err = SEAL_ERR_INVALID_ENCODING;
    }
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}
