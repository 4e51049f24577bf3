/*
 * Committee mode: the distributed key generation and the key rotation of a Seal committee key
 * server (COMMITTEE.md sections 2 to 4), byte-compatible with fastcrypto-tbls `dkg_v1` as Seal's
 * `seal-committee-cli` instantiates it (`Party<G2Element, G1Element>`): a member running this
 * library and a member running the upstream tool take part in the same DKG.
 *
 * Pieces, from the bottom up:
 *   - the random oracle (SHA3-512 behind a length-prefixed text prefix) and its prefixes;
 *   - NIZK proofs: discrete log over G2 (the dealer's proof of its secret) and DDH tuples over
 *     G1 (ECIES ephemeral keys and recovery packages);
 *   - multi-recipient ECIES over G1 with AES-256-CTR, and recovery packages (complaints);
 *   - BLS min-sig signatures (G1 signatures, G2 public keys, DST
 *     BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_) over the DKG messages;
 *   - the DKG itself: dealer messages (Message, SignedMessage), their verification in upstream's
 *     order, complaints, the optimistic completion (sum of the dealers' polynomials), outputs
 *     (committee pk, partial public keys, this member's share) and messages_hash;
 *   - rotation: dealers reshare their old share to a new committee; new shares are the Lagrange
 *     combination (over the dealers' old indices) of what they dealt, the pk stays the same.
 *
 * Conventions: scalars are 32 bytes big-endian (< r), G1 points 48 bytes and G2 points 96 bytes
 * compressed; every point read from outside is checked to be in its subgroup. Party ids are
 * indices in the committee's member list (0-based); shares are evaluations at party id + 1.
 * Secret scalars (ECIES and signing keys, polynomial coefficients, shares, nonces) are wiped
 * before return and only ever multiplied in constant time. The primitives (random oracle, NIZK,
 * ECIES, signatures) never allocate; the DKG functions allocate their outputs, released by the
 * matching _free / _clear function.
 */
#ifndef SEAL_COMMITTEE_H
#define SEAL_COMMITTEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/bls12_381.h"
#include "seal/error.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SEAL_DKG_RO_BYTES 64              /* SHA3-512 output */
#define SEAL_DKG_RO_PREFIX_MAX 255        /* longest random-oracle prefix this library builds */
#define SEAL_DKG_ENC_SK_BYTES 32          /* ECIES secret key: a scalar */
#define SEAL_DKG_ENC_PK_BYTES 48          /* ECIES public key: a G1 point */
#define SEAL_DKG_SIGNING_SK_BYTES 32      /* BLS min-sig secret key */
#define SEAL_DKG_SIGNING_PK_BYTES 96      /* BLS min-sig public key: a G2 point */
#define SEAL_DKG_SIGNATURE_BYTES 48       /* BLS min-sig signature: a G1 point */
#define SEAL_DKG_DL_PROOF_BYTES 128       /* DLNizk<G2>: A (96) || z (32) */
#define SEAL_DKG_DDH_PROOF_BYTES 128      /* DdhTupleNizk<G1>: A (48) || B (48) || z (32) */
#define SEAL_DKG_SHARE_PLAINTEXT_BYTES 33 /* BCS Vec<Scalar> of one share: 01 || be32 */
#define SEAL_DKG_COMPLAINT_BYTES 178      /* u16 accused || G1 ephemeral key || DDH proof */
#define SEAL_DKG_HASH_BYTES 32            /* messages_hash: Blake2b-256 */
#define SEAL_DKG_MAX_PARTIES 1000         /* fastcrypto-tbls Nodes::MAX_NODES */
/* Largest BCS SignedMessage accepted (a t = n = 1000 message is about 130 KB). */
#define SEAL_DKG_MESSAGE_MAX_BYTES (1u << 20)
/* The domain string of the signed payload (MessageSignaturePayload.domain). */
#define SEAL_DKG_SIGNATURE_DOMAIN "SEAL_DKG_MESSAGE_SIGNATURE_V0"
/* The base of every random-oracle prefix: "SEAL_DKG_V0:" then "0x" and the committee id. */
#define SEAL_DKG_RO_BASE "SEAL_DKG_V0:"
/* Hash-to-G1 domain of the message signatures and of ECIES's g_hat. */
#define SEAL_DKG_BLS_DST "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"

/* ---- random oracle (fastcrypto-tbls random_oracle) -------------------------------------- */

/* RO(prefix).eval(x) = SHA3-512(u32_be(len(prefix)) || prefix || x), with x the BCS bytes of
 * the evaluated object. */
typedef struct seal_dkg_ro {
    char prefix[SEAL_DKG_RO_PREFIX_MAX + 1]; /* NUL-terminated */
    size_t len;
} seal_dkg_ro;

/* The DKG's base oracle: "SEAL_DKG_V0:0x<64 lowercase hex digits of committee_id>". */
void seal_dkg_ro_base(seal_dkg_ro *out, const uint8_t committee_id[static 32]);
/* out = in || "-" || ext (out may alias in). SEAL_ERR_LIMIT when the result would be longer than
 * SEAL_DKG_RO_PREFIX_MAX. */
SEAL_MUST_CHECK seal_err seal_dkg_ro_extend(seal_dkg_ro *out, const seal_dkg_ro *in,
                                            const char *ext);
/* Evaluates the oracle on data[0..len). SEAL_ERR_CRYPTO_LIB when OpenSSL fails (out zeroed). */
SEAL_MUST_CHECK seal_err seal_dkg_ro_eval(uint8_t out[static SEAL_DKG_RO_BYTES],
                                          const seal_dkg_ro *ro, const uint8_t *data, size_t len);

/* The prefixes of the DKG (COMMITTEE.md 2.2) from the base oracle: dealer d's encryption
 * ("-encs d"), its proof of possession of the secret ("-nizkpok of secret from d"), and the
 * recovery package of a complaint ("-recovery of ACCUSER received from ACCUSED").
 * SEAL_ERR_LIMIT when base is too long for the extension. */
SEAL_MUST_CHECK seal_err seal_dkg_ro_encryption(seal_dkg_ro *out, const seal_dkg_ro *base,
                                                uint16_t dealer);
SEAL_MUST_CHECK seal_err seal_dkg_ro_nizk(seal_dkg_ro *out, const seal_dkg_ro *base,
                                          uint16_t dealer);
SEAL_MUST_CHECK seal_err seal_dkg_ro_recovery(seal_dkg_ro *out, const seal_dkg_ro *base,
                                              uint16_t accuser, uint16_t accused);

/* ---- NIZK proofs (fastcrypto-tbls nizk) ---------------------------------------------------- */

/* Proof of knowledge of x with X = x * G2gen. */
typedef struct seal_dkg_dl_proof {
    seal_g2 a;
    seal_scalar z;
} seal_dkg_dl_proof;

/* Proof that (G1gen, H, xG, xH) is a DDH tuple (the same x in xG and xH). */
typedef struct seal_dkg_ddh_proof {
    seal_g1 a, b;
    seal_scalar z;
} seal_dkg_ddh_proof;

/* Proves knowledge of x (secret) for X = x * G2gen with the nonce a (secret, uniform): A =
 * a G2gen, c = RO(X, A), z = c x + a. Constant time in x and a. */
SEAL_MUST_CHECK seal_err seal_dkg_dl_prove(seal_dkg_dl_proof *out, const seal_scalar *x,
                                           const seal_g2 *x_g, const seal_scalar *nonce,
                                           const seal_dkg_ro *ro);
/* SEAL_OK when the proof verifies; SEAL_ERR_INVALID_KEY when it does not or X is the identity. */
SEAL_MUST_CHECK seal_err seal_dkg_dl_verify(const seal_dkg_dl_proof *p, const seal_g2 *x_g,
                                            const seal_dkg_ro *ro);
void seal_dkg_dl_proof_encode(uint8_t out[static SEAL_DKG_DL_PROOF_BYTES],
                              const seal_dkg_dl_proof *p);
/* Decodes and validates (A in G2 and not the identity, z canonical and not zero). */
SEAL_MUST_CHECK seal_err seal_dkg_dl_proof_decode(seal_dkg_dl_proof *out,
                                                  const uint8_t in[static SEAL_DKG_DL_PROOF_BYTES]);

/* Proves the DDH tuple (G1gen, h, x_g, x_h) for the secret x with the secret nonce. */
SEAL_MUST_CHECK seal_err seal_dkg_ddh_prove(seal_dkg_ddh_proof *out, const seal_scalar *x,
                                            const seal_g1 *h, const seal_g1 *x_g,
                                            const seal_g1 *x_h, const seal_scalar *nonce,
                                            const seal_dkg_ro *ro);
/* SEAL_OK when valid; SEAL_ERR_INVALID_KEY when not, or when h, x_g or x_h is the identity. */
SEAL_MUST_CHECK seal_err seal_dkg_ddh_verify(const seal_dkg_ddh_proof *p, const seal_g1 *h,
                                             const seal_g1 *x_g, const seal_g1 *x_h,
                                             const seal_dkg_ro *ro);
void seal_dkg_ddh_proof_encode(uint8_t out[static SEAL_DKG_DDH_PROOF_BYTES],
                               const seal_dkg_ddh_proof *p);
/* Decodes and validates (A, B in G1 and not the identity, z canonical and not zero). */
SEAL_MUST_CHECK seal_err seal_dkg_ddh_proof_decode(
    seal_dkg_ddh_proof *out, const uint8_t in[static SEAL_DKG_DDH_PROOF_BYTES]);

/* ---- multi-recipient ECIES over G1 (fastcrypto-tbls ecies_v1) -------------------------------- */

/* The fixed part of a MultiRecipientEncryption: c = r G1gen, c_hat = r g_hat and the DDH proof
 * of (G1gen, g_hat, c, c_hat), g_hat = HG1(RO(E-g_hat).eval(c)). */
typedef struct seal_dkg_ecies_header {
    seal_g1 c, c_hat;
    seal_dkg_ddh_proof proof;
} seal_dkg_ecies_header;

/* Encrypts msgs[j] (lens[j] bytes) to pks[j] for j < n under the encryption oracle E, with the
 * ephemeral secret r and the proof nonce (both secret, wiped by the caller). encs[j] receives
 * lens[j] bytes (AES-256-CTR, key RO(E-encs).eval(u64_le(j) || r pks[j])[0..32], zero IV). pks
 * must be in G1 (decoded points are). Constant time in r, the nonce and the messages. */
SEAL_MUST_CHECK seal_err seal_dkg_ecies_encrypt(seal_dkg_ecies_header *hdr, uint8_t *const *encs,
                                                const seal_g1 *pks, const uint8_t *const *msgs,
                                                const size_t *lens, size_t n, const seal_scalar *r,
                                                const seal_scalar *nonce, const seal_dkg_ro *e);
/* Checks the header's DDH proof (anyone can). SEAL_ERR_INVALID_KEY when it fails. */
SEAL_MUST_CHECK seal_err seal_dkg_ecies_verify(const seal_dkg_ecies_header *hdr,
                                               const seal_dkg_ro *e);
/* Recipient index's decryption of enc (len bytes) into out (len bytes) with its secret key sk
 * (secret; constant time). */
SEAL_MUST_CHECK seal_err seal_dkg_ecies_decrypt(uint8_t *out, const seal_dkg_ecies_header *hdr,
                                                const seal_scalar *sk, uint64_t index,
                                                const uint8_t *enc, size_t len,
                                                const seal_dkg_ro *e);
/* A recovery package: K = sk c and a DDH proof of (G1gen, c, sk G1gen, K) under the recovery
 * oracle, letting third parties decrypt this recipient's ciphertext. Constant time in sk and the
 * nonce. */
SEAL_MUST_CHECK seal_err seal_dkg_ecies_recovery_create(
    seal_g1 *ephemeral_key, seal_dkg_ddh_proof *proof, const seal_dkg_ecies_header *hdr,
    const seal_scalar *sk, const seal_scalar *nonce, const seal_dkg_ro *recovery);
/* Verifies a recovery package for the recipient (index, pk) and decrypts enc with it.
 * SEAL_ERR_INVALID_KEY when the package's proof fails. */
SEAL_MUST_CHECK seal_err seal_dkg_ecies_recovery_decrypt(
    uint8_t *out, const seal_dkg_ecies_header *hdr, const seal_g1 *ephemeral_key,
    const seal_dkg_ddh_proof *proof, const seal_g1 *pk, uint64_t index, const uint8_t *enc,
    size_t len, const seal_dkg_ro *recovery, const seal_dkg_ro *e);

/* ---- BLS min-sig signatures (fastcrypto bls12381::min_sig) -------------------------------- */

/* pk = sk G2gen. sk must be canonical and not zero (else SEAL_ERR_INVALID_KEY). */
SEAL_MUST_CHECK seal_err seal_dkg_bls_public_key(uint8_t pk[static 96],
                                                 const uint8_t sk[static 32]);
/* sig = sk HG1(msg) with the DST above; constant time in sk. */
SEAL_MUST_CHECK seal_err seal_dkg_bls_sign(uint8_t sig[static 48], const uint8_t sk[static 32],
                                           const uint8_t *msg, size_t len);
/* e(sig, G2gen) == e(HG1(msg), pk). Decoding errors for malformed points, SEAL_ERR_IDENTITY for
 * an identity sig or pk, SEAL_ERR_INVALID_SIGNATURE when the equation fails. */
SEAL_MUST_CHECK seal_err seal_dkg_bls_verify(const uint8_t sig[static 48],
                                             const uint8_t pk[static 96], const uint8_t *msg,
                                             size_t len);

/* ---- member keys (upstream's dkg.key) ---------------------------------------------------- */

typedef struct seal_dkg_keys {
    uint8_t enc_sk[SEAL_DKG_ENC_SK_BYTES];
    uint8_t enc_pk[SEAL_DKG_ENC_PK_BYTES];
    uint8_t signing_sk[SEAL_DKG_SIGNING_SK_BYTES];
    uint8_t signing_pk[SEAL_DKG_SIGNING_PK_BYTES];
} seal_dkg_keys;

/* Fresh ECIES and signing keys (non-zero scalars drawn as Seal draws master keys,
 * seal_keys_random_scalar; rng NULL = the system RNG). */
SEAL_MUST_CHECK seal_err seal_dkg_keys_generate(seal_dkg_keys *out, const seal_rng *rng);
/* SEAL_OK when both secret keys are canonical non-zero scalars and the public keys are theirs. */
SEAL_MUST_CHECK seal_err seal_dkg_keys_check(const seal_dkg_keys *k);
/* Wipes k. */
void seal_dkg_keys_clear(seal_dkg_keys *k);

/* Upstream's dkg.key JSON: {"enc_sk": "0x..", "enc_pk": "0x..", "signing_sk": "0x..",
 * "signing_pk": "0x.."} (two-space indented, as serde_json's pretty printer writes it, no final
 * newline). Writes at most cap bytes into out (the text is 522 bytes plus NUL); *len receives
 * the length. The caller wipes out after use. */
SEAL_MUST_CHECK seal_err seal_dkg_keys_to_json(char *out, size_t cap, size_t *len,
                                               const seal_dkg_keys *k);
/* Parses that JSON (any whitespace and key order; other string-valued keys are ignored; hex with
 * or without 0x) without handing the secrets to a JSON library, then seal_dkg_keys_check().
 * SEAL_ERR_INVALID_ENCODING for malformed text, SEAL_ERR_INVALID_KEY when the keys do not match.
 * out is wiped on failure. */
SEAL_MUST_CHECK seal_err seal_dkg_keys_from_json(seal_dkg_keys *out, const char *text, size_t len);

/* ---- the committee's public data --------------------------------------------------------- */

/* Everything a member needs from the chain (COMMITTEE.md 3 and 4). Arrays are owned by the
 * caller and must outlive every call that takes the struct. */
typedef struct seal_dkg_committee {
    uint8_t id[32]; /* the committee object being set up (the new one in a rotation) */
    uint16_t n;     /* members; party ids 0..n-1 */
    uint16_t threshold;
    const uint8_t (*enc_pks)[SEAL_DKG_ENC_PK_BYTES];         /* n, by party id */
    const uint8_t (*signing_pks)[SEAL_DKG_SIGNING_PK_BYTES]; /* n, by party id */
    /* Rotation only: old_threshold == 0 means a fresh DKG and the fields below are unused. */
    uint16_t old_threshold;
    uint16_t old_n;
    const int32_t *new_to_old;            /* n: old party id of each new party, -1 if new */
    const uint8_t (*old_partial_pks)[96]; /* old_n, by old party id (KeyServer's list) */
    uint8_t pk[96];                       /* the KeyServer's pk, which rotation keeps */
} seal_dkg_committee;

/* Checks the shape: 1 < threshold <= n <= SEAL_DKG_MAX_PARTIES, every key decodes; for a
 * rotation also 1 < old_threshold <= old_n, new_to_old injective into 0..old_n-1 with at least
 * old_threshold continuing members, and every old partial pk and pk decode. */
SEAL_MUST_CHECK seal_err seal_dkg_committee_check(const seal_dkg_committee *c);

/* ---- reports ------------------------------------------------------------------------------ */

/* What went wrong, in the order the checks run. */
typedef enum seal_dkg_problem {
    SEAL_DKG_OK = 0,
    SEAL_DKG_BAD_COMMITTEE,     /* the committee data is inconsistent (see text) */
    SEAL_DKG_NOT_A_MEMBER,      /* this member's keys are not the registered ones */
    SEAL_DKG_BAD_OLD_SHARE,     /* old share missing, unexpected or not matching its pk */
    SEAL_DKG_MALFORMED,         /* a message does not parse */
    SEAL_DKG_DUPLICATE_SENDER,  /* two messages from one party */
    SEAL_DKG_WRONG_COUNT,       /* not exactly n (fresh) / old threshold (rotation) */
    SEAL_DKG_NOT_CONTINUING,    /* rotation: a sender that was not an old member */
    SEAL_DKG_UNKNOWN_SENDER,    /* a sender that is not a party */
    SEAL_DKG_BAD_SIGNATURE,     /* the BLS signature does not verify */
    SEAL_DKG_OLD_PK_MISMATCH,   /* rotation: vss_pk[0] is not the dealer's old partial pk */
    SEAL_DKG_BAD_NIZK,          /* the proof of possession of the secret fails */
    SEAL_DKG_WRONG_VSS_LENGTH,  /* vss_pk does not have threshold coefficients */
    SEAL_DKG_ZERO_SECRET,       /* vss_pk[0] is the identity */
    SEAL_DKG_WRONG_CIPHERTEXTS, /* not one ciphertext per party */
    SEAL_DKG_BAD_ECIES_PROOF,   /* the ECIES proof fails or a ciphertext is empty */
    SEAL_DKG_COMPLAINT,         /* this member's share is bad: a complaint was produced */
    SEAL_DKG_PK_MISMATCH,       /* rotation: the result's pk is not the KeyServer's */
} seal_dkg_problem;

typedef struct seal_dkg_report {
    seal_dkg_problem problem;
    int32_t party;  /* the party at fault (message sender), -1 when none */
    char text[256]; /* one line, public data only */
    bool has_complaint;
    uint8_t complaint[SEAL_DKG_COMPLAINT_BYTES]; /* BCS Complaint, when has_complaint */
} seal_dkg_report;

/* A short name of a problem ("bad signature", ...). */
const char *seal_dkg_problem_name(seal_dkg_problem p);

/* ---- dealing ------------------------------------------------------------------------------ */

/* The random values of one dealer, in upstream's order of drawing: the polynomial's coefficients
 * (t of them; coefficient 0 is replaced by the old share in a rotation), the ECIES ephemeral
 * secret, the ECIES proof's nonce and the NIZK's nonce. All secret. */
typedef struct seal_dkg_dealer_randomness {
    seal_scalar *coeffs; /* threshold entries */
    seal_scalar ecies_r, ddh_nonce, nizk_nonce;
} seal_dkg_dealer_randomness;

/* Creates party my_id's SignedMessage (BCS, malloc'd into *out, *out_len bytes; free with
 * free()). keys must be the ones registered for my_id. old_share (32 bytes) is required exactly
 * when c is a rotation and my_id continues, and must match its old partial pk. The polynomial,
 * the ECIES secret and the nonces come from rng (seal_keys_random_scalar; NULL = system) and are
 * wiped. On failure the
 * report says why (SEAL_DKG_NOT_A_MEMBER, SEAL_DKG_BAD_OLD_SHARE, SEAL_DKG_BAD_COMMITTEE). */
SEAL_MUST_CHECK seal_err seal_dkg_create_message(uint8_t **out, size_t *out_len,
                                                 seal_dkg_report *report,
                                                 const seal_dkg_committee *c, uint16_t my_id,
                                                 const seal_dkg_keys *keys,
                                                 const uint8_t *old_share, const seal_rng *rng);
/* The same with every random value given (for known-answer tests). rnd->coeffs[0] is ignored in
 * a rotation. */
SEAL_MUST_CHECK seal_err seal_dkg_create_message_with(uint8_t **out, size_t *out_len,
                                                      seal_dkg_report *report,
                                                      const seal_dkg_committee *c, uint16_t my_id,
                                                      const seal_dkg_keys *keys,
                                                      const uint8_t *old_share,
                                                      const seal_dkg_dealer_randomness *rnd);

/* ---- messages ------------------------------------------------------------------------------ */

/* A parsed SignedMessage { message: Message { sender, vss_pk, encrypted_shares }, signature,
 * nizk_proof }. Opaque; holds a copy of its bytes. */
typedef struct seal_dkg_message seal_dkg_message;

/* Parses and validates the encoding (every point in its subgroup, scalars canonical, proofs'
 * non-zero rules, no trailing bytes). len <= SEAL_DKG_MESSAGE_MAX_BYTES (else SEAL_ERR_LIMIT).
 * Nothing is verified against a committee here. */
SEAL_MUST_CHECK seal_err seal_dkg_message_parse(seal_dkg_message **out, const uint8_t *bcs,
                                                size_t len);
void seal_dkg_message_free(seal_dkg_message *m);
uint16_t seal_dkg_message_sender(const seal_dkg_message *m);
/* The number of vss_pk coefficients and of ciphertexts. */
size_t seal_dkg_message_vss_len(const seal_dkg_message *m);
size_t seal_dkg_message_enc_count(const seal_dkg_message *m);
/* The message's BCS bytes (borrowed). */
const uint8_t *seal_dkg_message_bytes(const seal_dkg_message *m, size_t *len);

/* messages_hash = Blake2b-256(uleb128(n) || msgs sorted by sender), the value every member
 * proposes on chain. msgs are reordered in place; duplicates are the caller's concern. */
SEAL_MUST_CHECK seal_err seal_dkg_messages_hash(uint8_t out[static SEAL_DKG_HASH_BYTES],
                                                seal_dkg_message **msgs, size_t n);

/* Message files (message_<party>.json): {"message": "<hex of the SignedMessage BCS>"} as
 * upstream writes it with serde_json's pretty printer ("{\n  \"message\": \"...\"\n}", no final
 * newline). to_json returns a malloc'd NUL-terminated string. from_json accepts any JSON object
 * with a string "message" of hex (optional 0x); *out is malloc'd. */
SEAL_MUST_CHECK seal_err seal_dkg_message_file_to_json(char **out, const uint8_t *bcs, size_t len);
SEAL_MUST_CHECK seal_err seal_dkg_message_file_from_json(uint8_t **out, size_t *out_len,
                                                         const char *json, size_t json_len);

/* ---- processing ----------------------------------------------------------------------------- */

typedef struct seal_dkg_output {
    uint8_t pk[96];             /* KEY_SERVER_PK = the committee's master public key */
    uint16_t n;                 /* entries of partial_pks */
    uint8_t (*partial_pks)[96]; /* PARTIAL_PKS: share_i G2gen by party id (malloc'd) */
    uint16_t my_id;
    uint8_t share[32]; /* MASTER_SHARE of my_id (secret) */
    uint8_t messages_hash[SEAL_DKG_HASH_BYTES];
} seal_dkg_output;

/* Frees partial_pks and wipes the share. Safe on a zeroed struct. */
void seal_dkg_output_clear(seal_dkg_output *out);

/* Phase C for party my_id (whose ECIES secret is enc_sk): checks the messages in upstream's
 * order (duplicates, count, then per message by sender: signature, [rotation: old partial pk],
 * NIZK, sender, vss length, secret not zero, ciphertext count, ECIES proof, own share against the
 * commitment) and completes the DKG (fresh: sum of the dealers' polynomials; rotation: their
 * Lagrange combination at the dealers' old indices, then the pk must equal c->pk).
 * rng (NULL = system) gives the nonce of a complaint's proof.
 * SEAL_OK: *out filled. Otherwise out is zeroed and report says what and who:
 * SEAL_ERR_INVALID_ENCODING for a message that does not parse, SEAL_ERR_INVALID_SIGNATURE for a
 * bad signature, SEAL_ERR_INVALID_KEY for any other failed check (with SEAL_DKG_COMPLAINT the
 * report carries the Complaint to hand to the coordinator), SEAL_ERR_INVALID_ARGUMENT for bad
 * committee data or keys. */
SEAL_MUST_CHECK seal_err seal_dkg_process(seal_dkg_output *out, seal_dkg_report *report,
                                          const seal_dkg_committee *c, uint16_t my_id,
                                          const uint8_t enc_sk[static 32],
                                          const uint8_t *const *msgs, const size_t *lens,
                                          size_t n_msgs, const seal_rng *rng);

/* ---- complaints ---------------------------------------------------------------------------- */

/* Checks a complaint (BCS Complaint { accused_sender: u16, proof: RecoveryPackage }) raised by
 * party accuser against the message accused_msg (BCS SignedMessage). SEAL_OK when the complaint
 * holds: the recovery package is valid and what it decrypts is not a share consistent with the
 * dealer's commitment (the dealer cheated). SEAL_ERR_INVALID_KEY when the complaint is unfounded
 * (bad recovery proof, or the share is fine). The report names the guilty party either way. */
SEAL_MUST_CHECK seal_err seal_dkg_complaint_check(seal_dkg_report *report,
                                                  const seal_dkg_committee *c, uint16_t accuser,
                                                  const uint8_t *complaint, size_t complaint_len,
                                                  const uint8_t *accused_msg, size_t msg_len);

#ifdef __cplusplus
}
#endif
#endif
