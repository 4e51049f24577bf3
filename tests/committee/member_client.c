/*
 * Test client of committee member key servers (the scripts of tests/committee): asks members
 * directly for their encrypted partial keys of one id, decrypts and checks each against that
 * member's on-chain partial public key, and combines t of them (Lagrange at zero in the exponent)
 * into the key of the committee, checked against the committee public key.
 *
 *   member_client fetch --chain SPEC --session FILE --key-server ID --approve PKG::MOD::FN
 *                 --id HEX [--arg A]... --member PARTY=URL... [--combine T] [--sdk TYPE:VER]
 *     prints "member P ok HEX" / "member P error STATUS BODY" / "member P bad-key" per member,
 *     then with --combine "key HEX" (verified) or "key-mismatch"; exit 0 when every member
 *     answered a key that verifies (and the combination verified).
 *   member_client debug --url URL      prints the member's /v1/debug/committee_partial_pk (hex)
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seal/bls12_381.h"
#include "seal/chain_committee.h"
#include "seal/client.h"
#include "seal/committee_aggregate.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"

#define MAX_MEMBERS 16
#define MAX_ARGS 8

typedef struct buf {
    char *p;
    size_t n;
} buf;

static size_t on_data(char *p, size_t size, size_t n, void *ctx) {
    buf *b = ctx;
    char *q = realloc(b->p, b->n + size * n + 1);
    if (q == NULL)
        return 0;
    memcpy(q + b->n, p, size * n);
    b->n += size * n;
    q[b->n] = 0;
    b->p = q;
    return size * n;
}

/* One HTTP request; the status, the body in *out (malloc'd). */
static long http(const char *url, const char *body, const char *sdk_type, const char *sdk_version,
                 buf *out) {
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    char t[96], v[96];
    long status = 0;
    memset(out, 0, sizeof *out);
    snprintf(t, sizeof t, "Client-Sdk-Type: %s", sdk_type);
    snprintf(v, sizeof v, "Client-Sdk-Version: %s", sdk_version);
    h = curl_slist_append(h, t);
    h = curl_slist_append(h, v);
    h = curl_slist_append(h, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
    if (body != NULL)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return status;
}

static void hex(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
}

static const char *opt(int argc, char **argv, const char *name, int nth) {
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0 && nth-- == 0)
            return argv[i + 1];
    return NULL;
}

static int debug_main(int argc, char **argv) {
    const char *url = opt(argc, argv, "--url", 0);
    char full[512];
    buf b;
    if (url == NULL)
        return 2;
    snprintf(full, sizeof full, "%s/v1/debug/committee_partial_pk", url);
    long st = http(full, NULL, "typescript", "1.4.12", &b);
    const char *k = b.p != NULL ? strstr(b.p, "\"partial_pk\":\"") : NULL;
    uint8_t pk[96];
    size_t n = 0;
    if (st != 200 || k == NULL) {
        printf("error %ld %s\n", st, b.p != NULL ? b.p : "");
        free(b.p);
        return 1;
    }
    k += strlen("\"partial_pk\":\"");
    const char *e = strchr(k, '"');
    char b64[200];
    snprintf(b64, sizeof b64, "%.*s", (int)(e != NULL ? e - k : 0), k);
    if (seal_sui_base64_decode(pk, sizeof pk, &n, b64, strlen(b64)) != SEAL_OK || n != 96) {
        printf("error bad body %s\n", b.p);
        free(b.p);
        return 1;
    }
    hex(pk, 96);
    printf("\n");
    free(b.p);
    return 0;
}

static int fetch_main(int argc, char **argv) {
    const char *spec = opt(argc, argv, "--chain", 0), *sess = opt(argc, argv, "--session", 0);
    const char *ks_text = opt(argc, argv, "--key-server", 0),
               *approve = opt(argc, argv, "--approve", 0);
    const char *id_hex = opt(argc, argv, "--id", 0), *comb = opt(argc, argv, "--combine", 0);
    const char *sdk = opt(argc, argv, "--sdk", 0);
    char sdk_type[32] = "typescript", sdk_version[32] = "1.4.12";
    seal_chain *chain = NULL;
    seal_session *s = NULL;
    seal_client_call call;
    seal_client_arg args[MAX_ARGS];
    uint8_t ks[32], id[256], *ptb = NULL, sk[32], enc[48], vk[96];
    size_t id_len = 0, ptb_len = 0, n_args = 0;
    int rc = 1, ok_count = 0, asked = 0;
    seal_g1 keys[MAX_MEMBERS];
    uint16_t parties[MAX_MEMBERS];
    uint8_t full[32 + 256];
    size_t full_len = 0;
    if (spec == NULL || sess == NULL || ks_text == NULL || approve == NULL || id_hex == NULL)
        return 2;
    if (sdk != NULL && sscanf(sdk, "%31[^:]:%31s", sdk_type, sdk_version) != 2)
        return 2;
    memset(&call, 0, sizeof call);
    if (seal_chain_open(&chain, spec, NULL) != SEAL_OK || seal_session_load(&s, sess) != SEAL_OK ||
        seal_sui_address_parse(ks, ks_text) != SEAL_OK ||
        seal_client_call_target_parse(&call, approve) != SEAL_OK) {
        fprintf(stderr, "member_client: bad --chain, --session, --key-server or --approve\n");
        goto out;
    }
    id_len = strlen(id_hex) / 2;
    for (size_t i = 0; i < id_len && i < sizeof id; i++)
        sscanf(id_hex + 2 * i, "%2hhx", &id[i]);
    for (const char *a; n_args < MAX_ARGS && (a = opt(argc, argv, "--arg", (int)n_args)) != NULL;
         n_args++)
        if (seal_client_arg_parse(&args[n_args], a) != SEAL_OK)
            goto out;
    call.id = id;
    call.id_len = id_len;
    call.args = args;
    call.n_args = n_args;
    if (seal_client_build_ptb(&ptb, &ptb_len, chain, &call, 1) != SEAL_OK ||
        seal_elgamal_keygen(sk, enc, vk, NULL) != SEAL_OK)
        goto out;
    char *body = NULL;
    size_t body_len = 0;
    if (seal_client_request_json(&body, &body_len, s, ptb, ptb_len, enc, vk, 0) != SEAL_OK)
        goto out;
    /* on-chain partial pks and committee pk */
    seal_ledger_object field;
    seal_onchain_key_server_v2 v2;
    bool found = false;
    if (seal_chain_key_server_v2(chain, ks, &field, &v2, &found) != SEAL_OK || !found ||
        v2.server_type != SEAL_ONCHAIN_SERVER_COMMITTEE) {
        fprintf(stderr, "member_client: not a committee KeyServer\n");
        free(body);
        goto out;
    }
    uint8_t first_pkg[32];
    memcpy(first_pkg, call.package, 32);
    uint8_t original[32];
    uint64_t version = 0;
    if (seal_chain_resolve_package(chain, call.package, original, &version, &found) == SEAL_OK &&
        found)
        memcpy(first_pkg, original, 32);
    if (seal_keys_full_id(full, sizeof full, &full_len, first_pkg, id, id_len) != SEAL_OK) {
        free(body);
        goto out;
    }
    seal_g1 gid;
    if (seal_ibe_hash_id(&gid, full, full_len) != SEAL_OK) {
        free(body);
        goto out;
    }
    rc = 0;
    for (int m = 0; m < MAX_MEMBERS; m++) {
        const char *mv = opt(argc, argv, "--member", m);
        unsigned party = 0;
        char url[400], full_url[460];
        if (mv == NULL)
            break;
        asked++;
        if (sscanf(mv, "%u=%399s", &party, url) != 2 || party >= v2.n_partial) {
            printf("member %s bad-argument\n", mv);
            rc = 1;
            continue;
        }
        snprintf(full_url, sizeof full_url, "%s/v1/fetch_key", url);
        buf b;
        long st = http(full_url, body, sdk_type, sdk_version, &b);
        seal_client_encrypted_key *ek = NULL;
        size_t n = 0;
        if (st != 200 || seal_client_response_parse(&ek, &n, 16, b.p, b.n, NULL, 0) != SEAL_OK ||
            n != 1) {
            printf("member %u error %ld %s\n", party, st, b.p != NULL ? b.p : "");
            free(b.p);
            free(ek);
            rc = 1;
            continue;
        }
        free(b.p);
        uint8_t usk[48];
        seal_g1 p;
        seal_g2 ppk;
        bool good = seal_elgamal_decrypt(usk, sk, ek[0].c0, ek[0].c1) == SEAL_OK &&
                    seal_g1_decompress(&p, usk) == SEAL_OK &&
                    v2.partial[party].partial_pk.len == 96 &&
                    seal_g2_decompress(&ppk, v2.partial[party].partial_pk.ptr) == SEAL_OK &&
                    seal_ibe_verify_user_secret_key(&p, &ppk, &gid) &&
                    ek[0].full_id_len == full_len && memcmp(ek[0].full_id, full, full_len) == 0;
        free(ek);
        if (!good) {
            printf("member %u bad-key\n", party);
            rc = 1;
            continue;
        }
        printf("member %u ok ", party);
        hex(usk, 48);
        printf("\n");
        keys[ok_count] = p;
        parties[ok_count++] = (uint16_t)party;
    }
    free(body);
    if (comb != NULL) {
        size_t t = (size_t)atoi(comb);
        seal_scalar lambdas[MAX_MEMBERS];
        seal_g1 acc, term;
        seal_g2 cpk;
        uint8_t out[48];
        if ((size_t)ok_count < t ||
            seal_committee_lagrange_at_zero(lambdas, parties, t, t) != SEAL_OK) {
            printf("key-mismatch (%d keys for threshold %zu)\n", ok_count, t);
            rc = 1;
        } else {
            seal_g1_identity(&acc);
            for (size_t i = 0; i < t; i++) {
                seal_g1_mul_vartime(&term, &keys[i], &lambdas[i]);
                seal_g1_add(&acc, &acc, &term);
            }
            seal_g1_compress(out, &acc);
            if (v2.pk.len == 96 && seal_g2_decompress(&cpk, v2.pk.ptr) == SEAL_OK &&
                seal_ibe_verify_user_secret_key(&acc, &cpk, &gid)) {
                printf("key ");
                hex(out, 48);
                printf("\n");
            } else {
                printf("key-mismatch\n");
                rc = 1;
            }
        }
    }
    if (asked == 0)
        rc = 2;
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&field);
out:
    seal_memzero(sk, sizeof sk);
    free(ptb);
    seal_session_free(s);
    seal_chain_close(chain);
    return rc;
}

int main(int argc, char **argv) {
    int rc;
    if (argc < 2)
        return 2;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (strcmp(argv[1], "fetch") == 0)
        rc = fetch_main(argc, argv);
    else if (strcmp(argv[1], "debug") == 0)
        rc = debug_main(argc, argv);
    else
        rc = 2;
    curl_global_cleanup();
    fflush(stdout);
    return rc;
}
