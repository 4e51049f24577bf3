/* The DKG's parsers and checks (src/committee/). The first byte picks the surface, the rest is
 * the input:
 *   0  seal_dkg_message_parse (a BCS SignedMessage): an accepted message gives its bytes back
 *      and its counts are within the caps;
 *   1  seal_dkg_process of the fixed 2-of-3 committee of tests/vectors/spec/committee.json
 *      (fresh_dkg) with the input in place of the message of party (byte 1 mod 3): success only
 *      when the input is that party's genuine message (no one else holds its signing key), the
 *      output zeroed and the report one printable line otherwise;
 *   2  seal_dkg_message_file_from_json: an accepted file, written back with
 *      seal_dkg_message_file_to_json, reads back to the same bytes;
 *   3  seal_dkg_complaint_check of the input as a complaint of party (byte 1 mod 3) against
 *      party 0's genuine (honest) message: a complaint against an honest dealer never holds;
 *   4  seal_dkg_keys_from_json (a dkg.key file): accepted keys are consistent and write back to
 *      JSON that reads back to the same keys; rejected ones leave the output wiped.
 * Seeds: fuzz/corpus/committee_dkg/ (fuzz/make_seeds.py). */
#include "fuzz_common.h"
#include "committee/internal.h"
#include "seal/committee.h"

#define N 3
#define T 2

static seal_dkg_committee committee;
static uint8_t enc_pks[N][48], signing_pks[N][96];
static seal_dkg_keys keys[N];
static uint8_t *genuine[N];
static size_t genuine_len[N];

static void scalar_u64(seal_scalar *s, uint64_t v) {
    seal_scalar_from_u64(s, v);
}

/* fresh_dkg of committee.json: ECIES keys 1000 + i, signing keys 2000 + i, dealer d's
 * polynomial (3000 + d, 4000 + d), ECIES secret 5000 + d, nonces 6000 + d and 7000 + d. */
static void setup(void) {
    static bool done;
    if (done) {
        return;
    }
    done = true;
    static const uint8_t id[32] = {0x45, 0x4c, 0x9c, 0xf3, 0xcb, 0x14, 0xca, 0xec, 0x4c, 0xcc, 0x6b,
                                   0x90, 0x17, 0x0f, 0x7a, 0xf4, 0xc5, 0x08, 0xaf, 0x87, 0xc4, 0xd0,
                                   0x47, 0x08, 0x53, 0x53, 0xd4, 0xb4, 0xd7, 0x9f, 0xee, 0x85};
    memcpy(committee.id, id, 32);
    committee.n = N;
    committee.threshold = T;
    for (unsigned i = 0; i < N; i++) {
        seal_scalar e, y;
        seal_g1 p;
        scalar_u64(&e, 1000 + i);
        scalar_u64(&y, 2000 + i);
        seal_scalar_to_bytes(keys[i].enc_sk, &e);
        seal_scalar_to_bytes(keys[i].signing_sk, &y);
        seal_g1_mul_gen(&p, &e);
        seal_g1_compress(keys[i].enc_pk, &p);
        FUZZ_ASSERT(seal_dkg_bls_public_key(keys[i].signing_pk, keys[i].signing_sk) == SEAL_OK);
        memcpy(enc_pks[i], keys[i].enc_pk, 48);
        memcpy(signing_pks[i], keys[i].signing_pk, 96);
    }
    committee.enc_pks = (const uint8_t(*)[48])enc_pks;
    committee.signing_pks = (const uint8_t(*)[96])signing_pks;
    for (unsigned d = 0; d < N; d++) {
        seal_scalar coeffs[T];
        seal_dkg_dealer_randomness r;
        seal_dkg_report rep;
        scalar_u64(&coeffs[0], 3000 + d);
        scalar_u64(&coeffs[1], 4000 + d);
        r.coeffs = coeffs;
        scalar_u64(&r.ecies_r, 5000 + d);
        scalar_u64(&r.ddh_nonce, 6000 + d);
        scalar_u64(&r.nizk_nonce, 7000 + d);
        FUZZ_ASSERT(seal_dkg_create_message_with(&genuine[d], &genuine_len[d], &rep, &committee,
                                                 (uint16_t)d, &keys[d], NULL, &r) == SEAL_OK);
    }
}

static bool printable_line(const char *s) {
    for (; *s; s++) {
        if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f) {
            return false;
        }
    }
    return true;
}

static void fuzz_parse(const uint8_t *data, size_t size) {
    seal_dkg_message *m = NULL;
    uint8_t *in = fuzz_dup(data, size);
    if (seal_dkg_message_parse(&m, in, size) == SEAL_OK) {
        size_t len;
        const uint8_t *b = seal_dkg_message_bytes(m, &len);
        FUZZ_ASSERT(len == size && memcmp(b, data, size) == 0);
        FUZZ_ASSERT(seal_dkg_message_vss_len(m) <= SEAL_DKG_MAX_PARTIES);
        FUZZ_ASSERT(seal_dkg_message_enc_count(m) <= SEAL_DKG_MAX_PARTIES);
        FUZZ_ASSERT(m->msg_len + 48 + SEAL_DKG_DL_PROOF_BYTES == size);
        seal_dkg_message_free(m);
    } else {
        FUZZ_ASSERT(m == NULL);
    }
    free(in);
}

static void fuzz_process(const uint8_t *data, size_t size) {
    if (size < 1) {
        return;
    }
    unsigned who = data[0] % N;
    const uint8_t *msgs[N];
    size_t lens[N];
    uint8_t *in = fuzz_dup(data + 1, size - 1);
    for (unsigned d = 0; d < N; d++) {
        msgs[d] = d == who ? in : genuine[d];
        lens[d] = d == who ? size - 1 : genuine_len[d];
    }
    seal_dkg_output out;
    seal_dkg_report rep;
    seal_err err = seal_dkg_process(&out, &rep, &committee, (uint16_t)((who + 1) % N),
                                    keys[(who + 1) % N].enc_sk, msgs, lens, N, NULL);
    if (err == SEAL_OK) {
        FUZZ_ASSERT(size - 1 == genuine_len[who] && memcmp(in, genuine[who], size - 1) == 0);
        seal_dkg_output_clear(&out);
    } else {
        seal_dkg_output zero;
        memset(&zero, 0, sizeof zero);
        FUZZ_ASSERT(memcmp(&out, &zero, sizeof out) == 0);
        FUZZ_ASSERT(rep.problem != SEAL_DKG_OK && rep.text[0] != '\0' && printable_line(rep.text));
        FUZZ_ASSERT(rep.text[sizeof rep.text - 1] == '\0');
    }
    free(in);
}

static void fuzz_file(const uint8_t *data, size_t size) {
    uint8_t *bcs = NULL, *back = NULL;
    size_t len = 0, back_len = 0;
    char *json = NULL;
    if (seal_dkg_message_file_from_json(&bcs, &len, (const char *)data, size) != SEAL_OK) {
        FUZZ_ASSERT(bcs == NULL && len == 0);
        return;
    }
    FUZZ_ASSERT(seal_dkg_message_file_to_json(&json, bcs, len) == SEAL_OK);
    FUZZ_ASSERT(seal_dkg_message_file_from_json(&back, &back_len, json, strlen(json)) == SEAL_OK);
    FUZZ_ASSERT(back_len == len && (len == 0 || memcmp(back, bcs, len) == 0));
    free(bcs);
    free(back);
    free(json);
}

static void fuzz_complaint(const uint8_t *data, size_t size) {
    if (size < 1) {
        return;
    }
    seal_dkg_report rep;
    uint8_t *in = fuzz_dup(data + 1, size - 1);
    seal_err err = seal_dkg_complaint_check(&rep, &committee, (uint16_t)(data[0] % N), in, size - 1,
                                            genuine[0], genuine_len[0]);
    FUZZ_ASSERT(err != SEAL_OK);
    FUZZ_ASSERT(printable_line(rep.text));
    free(in);
}

static void fuzz_keys(const uint8_t *data, size_t size) {
    seal_dkg_keys k, k2;
    char json[1024];
    size_t len;
    static const seal_dkg_keys zero;
    if (seal_dkg_keys_from_json(&k, (const char *)data, size) != SEAL_OK) {
        FUZZ_ASSERT(memcmp(&k, &zero, sizeof k) == 0);
        return;
    }
    FUZZ_ASSERT(seal_dkg_keys_check(&k) == SEAL_OK);
    FUZZ_ASSERT(seal_dkg_keys_to_json(json, sizeof json, &len, &k) == SEAL_OK);
    FUZZ_ASSERT(seal_dkg_keys_from_json(&k2, json, len) == SEAL_OK);
    FUZZ_ASSERT(memcmp(&k, &k2, sizeof k) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    if (size < 1) {
        return 0;
    }
    switch (data[0] % 5) {
    case 0:
        fuzz_parse(data + 1, size - 1);
        break;
    case 1:
        fuzz_process(data + 1, size - 1);
        break;
    case 2:
        fuzz_file(data + 1, size - 1);
        break;
    case 3:
        fuzz_complaint(data + 1, size - 1);
        break;
    default:
        fuzz_keys(data + 1, size - 1);
        break;
    }
    return 0;
}
