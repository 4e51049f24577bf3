/* Sui serialized signatures of every scheme: single-key (Ed25519, Secp256k1, Secp256r1),
 * multisig, zkLogin and passkey parsing, and verification of arbitrary signature bytes over a
 * personal message and a digest for a fixed address. Properties: a multisig that decodes
 * re-encodes to the input; a single-key parse yields the flag's scheme and key length; no
 * fuzzed signature verifies for the fixed address (no one holds its key). The first input
 * byte is the personal-message length taken from the end of the input. */
#include "fuzz_common.h"
#include "seal/bcs.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"

static seal_sui_multisig ms;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    size_t msg_len = data[0];
    data++;
    size--;
    if (msg_len > size) {
        msg_len = size;
    }
    size_t sig_len = size - msg_len;
    uint8_t *sig = fuzz_dup(data, sig_len);
    uint8_t *msg = fuzz_dup(data + sig_len, msg_len);

    seal_sui_simple_signature ss;
    if (seal_sui_simple_signature_parse(&ss, sig, sig_len) == SEAL_OK) {
        FUZZ_ASSERT(sig_len == 1 + 64 + ss.pk.len);
        FUZZ_ASSERT((uint8_t)ss.scheme == sig[0]);
        uint8_t addr[32];
        if (seal_sui_public_key_address(addr, &ss.pk) == SEAL_OK) {
            uint8_t d[32];
            FUZZ_ASSERT(seal_sui_personal_message_digest(d, msg, msg_len) == SEAL_OK);
            seal_err e = seal_sui_verify_digest_raw(&ss.pk, ss.sig, d);
            (void)e;
        }
    }
    seal_sui_zklogin_signature zk;
    seal_err e = seal_sui_zklogin_signature_parse(&zk, sig, sig_len);
    if (e == SEAL_OK) {
        FUZZ_ASSERT(sig_len > 0 && sig[0] == 0x05);
    }
    seal_sui_passkey_signature pk;
    e = seal_sui_passkey_signature_parse(&pk, sig, sig_len);
    if (e == SEAL_OK) {
        FUZZ_ASSERT(sig_len > 0 && sig[0] == 0x06);
    }
    if (seal_sui_multisig_decode(&ms, sig, sig_len) == SEAL_OK) {
        uint8_t *out = malloc(sig_len + 1);
        FUZZ_ASSERT(out != NULL);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, out, sig_len + 1);
        FUZZ_ASSERT(seal_sui_multisig_encode(&w, &ms) == SEAL_OK);
        FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
        FUZZ_ASSERT(w.len == sig_len);
        FUZZ_ASSERT(memcmp(out, sig, sig_len) == 0);
        free(out);
        uint8_t addr[32];
        if (seal_sui_multisig_address(addr, &ms.pk) == SEAL_OK) {
            uint8_t d[32];
            seal_sui_intent_digest(d, (seal_sui_intent){SEAL_SUI_INTENT_PERSONAL_MESSAGE, 0, 0},
                                   msg, msg_len);
            e = seal_sui_multisig_verify(&ms, addr, d);
            (void)e;
        }
    }
    /* a fixed address whose key nobody has: nothing may verify */
    static const uint8_t fixed[32] = {0x5e, 0xa1, 0xf0, 0x22, 0x01};
    uint8_t digest[32];
    memset(digest, 0x42, sizeof digest);
    FUZZ_ASSERT(seal_sui_verify_personal_message(fixed, msg, msg_len, sig, sig_len) != SEAL_OK);
    FUZZ_ASSERT(seal_sui_verify_digest(fixed, digest, sig, sig_len) != SEAL_OK);
    free(sig);
    free(msg);
    return 0;
}
