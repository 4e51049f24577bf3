/* Shared helpers of the DKG: reports and polynomial evaluation. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "committee/internal.h"
#include "util/ct.h"

bool seal__dkg_reveal(bool secret_bit) {
    return seal__ct_public(secret_bit) != 0;
}

void seal__dkg_report_init(seal_dkg_report *r) {
    if (r != NULL) {
        memset(r, 0, sizeof *r);
        r->party = -1;
    }
}

seal_err seal__dkg_fail(seal_dkg_report *r, seal_err err, seal_dkg_problem problem, int32_t party,
                        const char *fmt, ...) {
    if (r == NULL) {
        return err;
    }
    r->problem = problem;
    r->party = party;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof r->text, fmt, ap);
    va_end(ap);
    for (char *p = r->text; *p; p++) {
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f) {
            *p = ' ';
        }
    }
    return err;
}

const char *seal_dkg_problem_name(seal_dkg_problem p) {
    switch (p) {
    case SEAL_DKG_OK:
        return "ok";
    case SEAL_DKG_BAD_COMMITTEE:
        return "bad committee data";
    case SEAL_DKG_NOT_A_MEMBER:
        return "keys not registered";
    case SEAL_DKG_BAD_OLD_SHARE:
        return "bad old share";
    case SEAL_DKG_MALFORMED:
        return "malformed message";
    case SEAL_DKG_DUPLICATE_SENDER:
        return "duplicate sender";
    case SEAL_DKG_WRONG_COUNT:
        return "wrong message count";
    case SEAL_DKG_NOT_CONTINUING:
        return "sender not continuing";
    case SEAL_DKG_UNKNOWN_SENDER:
        return "unknown sender";
    case SEAL_DKG_BAD_SIGNATURE:
        return "bad signature";
    case SEAL_DKG_OLD_PK_MISMATCH:
        return "old partial pk mismatch";
    case SEAL_DKG_BAD_NIZK:
        return "bad NIZK";
    case SEAL_DKG_WRONG_VSS_LENGTH:
        return "wrong vss length";
    case SEAL_DKG_ZERO_SECRET:
        return "zero secret";
    case SEAL_DKG_WRONG_CIPHERTEXTS:
        return "wrong ciphertext count";
    case SEAL_DKG_BAD_ECIES_PROOF:
        return "bad ECIES proof";
    case SEAL_DKG_COMPLAINT:
        return "complaint";
    case SEAL_DKG_PK_MISMATCH:
        return "pk mismatch";
    }
    return "unknown";
}

void seal__dkg_poly_eval_g2(seal_g2 *out, const seal_g2 *vss, size_t t, uint64_t x) {
    seal_scalar xs;
    seal_scalar_from_u64(&xs, x);
    if (t == 0) {
        seal_g2_identity(out);
        return;
    }
    seal_g2 acc = vss[t - 1];
    for (size_t k = t - 1; k-- > 0;) {
        seal_g2_mul_vartime(&acc, &acc, &xs);
        seal_g2_add(&acc, &acc, &vss[k]);
    }
    *out = acc;
}

void seal__dkg_poly_eval_fr(seal_scalar *out, const seal_scalar *coeffs, size_t t, uint64_t x) {
    seal_scalar xs, acc;
    seal_scalar_from_u64(&xs, x);
    seal_scalar_from_u64(&acc, 0);
    for (size_t k = t; k-- > 0;) {
        seal_scalar_mul(&acc, &acc, &xs);
        seal_scalar_add(&acc, &acc, &coeffs[k]);
    }
    *out = acc;
    seal_memzero(&acc, sizeof acc);
}
