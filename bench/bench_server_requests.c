/* seal-bench server-requests: pre-signed fetch_key request bodies for a key-server load test
 * (bench/server-load.sh replays them with wrk).
 *
 * Each body is a complete, valid request of the official API (PROTOCOL.md 13-14): a PTB of K
 * calls to `<package>::tle::seal_approve(id, &Clock)` with distinct ids u64_le(T) (T = 1, 2, ...,
 * every id already released by the time lock, so the policy grants them), an ElGamal key pair,
 * the request signed by an Ed25519 session key, and the certificate signed by a fresh Ed25519
 * user. Bodies are written one per line (JSON has no raw newlines), so a load script can cycle
 * through them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "seal/bcs.h"
#include "seal/elgamal.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/util.h"

#define REQ_MAX_IDS 100

static int usage(FILE *f, int code) {
    fprintf(f, "usage: seal-bench server-requests --count N [--ids K] [--package 0xID] "
               "[--ttl-min M] [--out FILE]\n"
               "  N bodies (1..1000000), K ids each (1..100, default 1); the package defaults to\n"
               "  the embedded ledger's patterns package; TTL default 30 minutes; stdout by "
               "default\n");
    return code;
}

/* The PTB: inputs [Pure(id_1) .. Pure(id_K), Clock], K MoveCalls tle::seal_approve. */
static size_t build_ptb(uint8_t *out, size_t cap, const uint8_t pkg[32], uint64_t first_t,
                        size_t k) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, cap);
    seal_bcs_write_uleb128(&w, k + 1);
    for (size_t i = 0; i < k; i++) {
        uint8_t id[9];
        id[0] = 8; /* BCS vector<u8> of 8 bytes */
        uint64_t t = first_t + i;
        for (int b = 0; b < 8; b++) {
            id[1 + b] = (uint8_t)(t >> (8 * b));
        }
        seal_bcs_write_u8(&w, 0); /* Pure */
        seal_bcs_write_bytes(&w, id, sizeof id);
    }
    seal_bcs_write_u8(&w, 1); /* Object */
    seal_bcs_write_u8(&w, 1); /* SharedObject */
    seal_bcs_write_fixed(&w, SEAL_LEDGER_CLOCK_ID, 32);
    seal_bcs_write_u64(&w, 1);
    seal_bcs_write_u8(&w, 0); /* immutable */
    seal_bcs_write_uleb128(&w, k);
    for (size_t i = 0; i < k; i++) {
        seal_bcs_write_u8(&w, 0); /* MoveCall */
        seal_bcs_write_fixed(&w, pkg, 32);
        seal_bcs_write_bytes(&w, (const uint8_t *)"tle", 3);
        seal_bcs_write_bytes(&w, (const uint8_t *)"seal_approve", 12);
        seal_bcs_write_uleb128(&w, 0);
        seal_bcs_write_uleb128(&w, 2);
        seal_bcs_write_u8(&w, 1); /* Input(i) */
        seal_bcs_write_u16(&w, (uint16_t)i);
        seal_bcs_write_u8(&w, 1); /* Input(clock) */
        seal_bcs_write_u16(&w, (uint16_t)k);
    }
    return seal_bcs_writer_finish(&w) == SEAL_OK ? w.len : 0;
}

static void b64(char *out, const uint8_t *in, size_t len) {
    seal_sui_base64_encode(out, in, len);
}

int bench_server_requests_main(int argc, char **argv) {
    uint64_t count = 0, ids = 1, ttl = 30;
    uint8_t pkg[32];
    memcpy(pkg, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
    const char *out_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            return usage(stdout, 0);
        }
        if (v == NULL) {
            return usage(stderr, 2);
        }
        i++;
        if (strcmp(a, "--count") == 0) {
            count = strtoull(v, &end, 10);
            if (*end != '\0' || count == 0 || count > 1000000) {
                return usage(stderr, 2);
            }
        } else if (strcmp(a, "--ids") == 0) {
            ids = strtoull(v, &end, 10);
            if (*end != '\0' || ids == 0 || ids > REQ_MAX_IDS) {
                return usage(stderr, 2);
            }
        } else if (strcmp(a, "--ttl-min") == 0) {
            ttl = strtoull(v, &end, 10);
            if (*end != '\0' || ttl == 0 || ttl > 30) {
                return usage(stderr, 2);
            }
        } else if (strcmp(a, "--package") == 0) {
            if (seal_sui_address_parse(pkg, v) != SEAL_OK) {
                return usage(stderr, 2);
            }
        } else if (strcmp(a, "--out") == 0) {
            out_path = v;
        } else {
            return usage(stderr, 2);
        }
    }
    if (count == 0) {
        return usage(stderr, 2);
    }
    FILE *f = out_path != NULL ? fopen(out_path, "w") : stdout;
    if (f == NULL) {
        fprintf(stderr, "seal-bench server-requests: cannot write %s\n", out_path);
        return 3;
    }
    int rc = 3;
    seal_sui_keypair user, session;
    uint8_t esk[32], ek[48], evk[96], user_addr[32];
    memset(&user, 0, sizeof user);
    memset(&session, 0, sizeof session);
    size_t ptb_cap = 64 + REQ_MAX_IDS * 128;
    uint8_t *ptb = malloc(ptb_cap), *req = malloc(ptb_cap + 256);
    if (ptb == NULL || req == NULL ||
        seal_sui_keypair_generate(&user, SEAL_SUI_SCHEME_ED25519, NULL) != SEAL_OK ||
        seal_sui_keypair_generate(&session, SEAL_SUI_SCHEME_ED25519, NULL) != SEAL_OK ||
        seal_elgamal_keygen(esk, ek, evk, NULL) != SEAL_OK) {
        fprintf(stderr, "seal-bench server-requests: key generation failed\n");
        goto out;
    }
    seal_sui_keypair_address(user_addr, &user);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t creation = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u - 1000u;

    /* the certificate, shared by every request of this user and session */
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t msg_len = 0;
    uint8_t cert_sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t cert_sig_len = 0;
    if (seal_sui_certificate_message_for_package(msg, sizeof msg, &msg_len, pkg, session.pk.bytes,
                                                 creation, (uint16_t)ttl) != SEAL_OK ||
        seal_sui_sign_personal_message(cert_sig, &cert_sig_len, &user, (const uint8_t *)msg,
                                       msg_len) != SEAL_OK) {
        fprintf(stderr, "seal-bench server-requests: certificate signing failed\n");
        goto out;
    }
    char user_hex[SEAL_SUI_ADDRESS_HEX_BYTES], vk64[64], sig64[160], ek64[80], evk64[160];
    seal_sui_address_format(user_hex, user_addr);
    b64(vk64, session.pk.bytes, 32);
    b64(sig64, cert_sig, cert_sig_len);
    b64(ek64, ek, 48);
    b64(evk64, evk, 96);

    for (uint64_t n = 0; n < count; n++) {
        size_t ptb_len = build_ptb(ptb, ptb_cap, pkg, 1 + n * ids, (size_t)ids);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, req, ptb_cap + 256);
        seal_sui_request_bytes_write(&w, ptb, ptb_len, ek, evk);
        uint8_t rsig[64];
        if (ptb_len == 0 || seal_bcs_writer_finish(&w) != SEAL_OK ||
            seal_sui_ed25519_sign(rsig, session.secret, req, w.len) != SEAL_OK) {
            fprintf(stderr, "seal-bench server-requests: request signing failed\n");
            goto out;
        }
        char *ptb64 = malloc(seal_sui_base64_encoded_len(ptb_len) + 1);
        char rsig64[100];
        if (ptb64 == NULL) {
            goto out;
        }
        b64(ptb64, ptb, ptb_len);
        b64(rsig64, rsig, 64);
        int k = fprintf(f,
                        "{\"ptb\":\"%s\",\"enc_key\":\"%s\",\"enc_verification_key\":\"%s\","
                        "\"request_signature\":\"%s\",\"certificate\":{\"user\":\"%s\","
                        "\"session_vk\":\"%s\",\"creation_time\":%llu,\"ttl_min\":%u,"
                        "\"signature\":\"%s\",\"mvr_name\":null}}\n",
                        ptb64, ek64, evk64, rsig64, user_hex, vk64, (unsigned long long)creation,
                        (unsigned)ttl, sig64);
        free(ptb64);
        if (k < 0) {
            fprintf(stderr, "seal-bench server-requests: write failed\n");
            goto out;
        }
    }
    rc = 0;
out:
    if (f != stdout && f != NULL && fclose(f) != 0) {
        rc = 3;
    } else if (f == stdout && fflush(stdout) != 0) {
        rc = 3;
    }
    seal_sui_keypair_clear(&user);
    seal_sui_keypair_clear(&session);
    seal_memzero(esk, sizeof esk);
    free(ptb);
    free(req);
    return rc;
}
