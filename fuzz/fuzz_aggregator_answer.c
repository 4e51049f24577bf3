/* The aggregator's parsing of a committee member's answer (src/aggregator/aggregator_fetch.c):
 * seal__agg_check_answer (a 2xx fetch_key body: the expected ids once each, G1 points, the batch
 * pairing check against the member's partial public key) and seal__agg_parse_error_body (an
 * error body relayed to the client). The fixed request is spec/committee.json's "aggregation"
 * vector: one id, its enc_verification_key, and member 2 of the DKG (its partial pk), whose
 * genuine answer is a seed.
 * Input: a selector byte, then the body. Selector 0..2: check_answer expecting 1 id (0, 1) or
 * that id and a second one (2); 3: the error-body parser.
 * Properties: an accepted answer has one key per expected id and each key verifies alone
 * (seal_elgamal_verify, a differential check of the batch verification); an accepted error body
 * gives an identifier kind and a message without control characters, both NUL-terminated.
 * FUZZ_WRITE_SEEDS=DIR writes the seeds (the genuine answer, a tampered key, an error body). */
#include <jansson.h>

#include "aggregator/internal.h"
#include "fuzz_common.h"
#include "seal/elgamal.h"
#include "seal/ibe.h"
#include "seal/sui.h"
#include "seal/util.h"

/* spec/committee.json: aggregation.full_id, .enc_verification_key, member_responses[0] (party 2)
 * and fresh_dkg.output.partial_pks[2]. */
static const char FULL_ID[] =
    "000000000000000000000000000000000000000000000000000000000000000001020304";
static const char VK[] =
    "b04887d9ad2aaf58e7b85b7a8407da59c2e143db6c4a0fd9168def4fd3788574235f9dfe4ddde4a20ef4425886a0a4"
    "21040d35e4aea8e80aa0aa6d62e46410d04962c290eebe1ad7b94e1531227da7f9826852667ce7de83e475c6abfa7f"
    "9301";
static const char PARTIAL_PK[] =
    "b0baf06945adabea288b7ebea3621ce1e4da951a2cf70c4c49bef44c67a7945b12a4973e2445c4b332efcdb36b71da"
    "ff070871217cd414db9cef14cbd06044afa3bd0812ae0110efa6f9aaf5db9786fe07ea29c884959bf5d40b1ca159e5"
    "7d70";
static const char C1_B64[] = "o4C822wQMqP3vL0imy7hQ+GN4URSHWWtR4jZdDc3liXH2mMYHHBUG9u3G7jqjkKS";
static const char C2_B64[] = "hTspN7ad2mlEbPmWdrjXGRafdR5t55VUV4go1iZ+tZtIgve2Qr6WQk37Vy4y1Jmh";

static uint8_t g_id[2][36];
static uint8_t *g_ids[2] = {g_id[0], g_id[1]};
static size_t g_id_lens[2] = {36, 36};
static uint8_t g_vk_bytes[96], g_pk_bytes[96];
static seal_g1 g_gid[2];
static seal_g2 g_vk, g_pk;

static void write_seed(const char *dir, const char *name, unsigned sel, const char *body) {
    char path[1024];
    snprintf(path, sizeof path, "%s/seed-%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f != NULL);
    fputc((int)sel, f);
    fputs(body, f);
    fclose(f);
}

static char *answer_json(const char *c1, const char *c2) {
    char *s = malloc(1024);
    FUZZ_ASSERT(s != NULL);
    size_t o = (size_t)snprintf(s, 1024, "{\"decryption_keys\":[{\"id\":[");
    for (size_t i = 0; i < 36; i++) {
        o += (size_t)snprintf(s + o, 1024 - o, "%s%u", i ? "," : "", (unsigned)g_id[0][i]);
    }
    snprintf(s + o, 1024 - o, "],\"encrypted_key\":[\"%s\",\"%s\"]}]}", c1, c2);
    return s;
}

static void setup(void) {
    static int done = 0;
    if (done) {
        return;
    }
    done = 1;
    FUZZ_ASSERT(seal_hex_decode(g_id[0], 36, FULL_ID) == SEAL_OK);
    memcpy(g_id[1], g_id[0], 36);
    g_id[1][35] ^= 0xff;
    FUZZ_ASSERT(seal_hex_decode(g_vk_bytes, 96, VK) == SEAL_OK);
    FUZZ_ASSERT(seal_hex_decode(g_pk_bytes, 96, PARTIAL_PK) == SEAL_OK);
    FUZZ_ASSERT(seal_g2_decompress(&g_vk, g_vk_bytes) == SEAL_OK);
    FUZZ_ASSERT(seal_g2_decompress(&g_pk, g_pk_bytes) == SEAL_OK);
    for (size_t i = 0; i < 2; i++) {
        FUZZ_ASSERT(seal_ibe_hash_id(&g_gid[i], g_id[i], 36) == SEAL_OK);
    }
    const char *dir = getenv("FUZZ_WRITE_SEEDS");
    if (dir != NULL) {
        char *good = answer_json(C1_B64, C2_B64);
        char *swapped = answer_json(C2_B64, C1_B64);
        write_seed(dir, "genuine", 0, good);
        write_seed(dir, "swapped", 1, swapped);
        write_seed(dir, "two-ids", 2, good);
        write_seed(dir, "error", 3, "{\"error\":\"NoAccess\",\"message\":\"Access denied: no\"}");
        free(good);
        free(swapped);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    if (size < 1) {
        return 0;
    }
    unsigned sel = data[0] & 3u;
    char *body = fuzz_cstr(data + 1, size - 1);
    if (sel < 3) {
        size_t n_ids = sel == 2 ? 2 : 1;
        seal_g1 c1[2], c2[2];
        bool invalid_key = true;
        const char *problem = seal__agg_check_answer(body, size - 1, g_ids, g_id_lens, n_ids, g_gid,
                                                     &g_vk, &g_pk, c1, c2, &invalid_key);
        if (problem == NULL) {
            FUZZ_ASSERT(!invalid_key);
            for (size_t i = 0; i < n_ids; i++) {
                uint8_t b1[48], b2[48];
                seal_g1_compress(b1, &c1[i]);
                seal_g1_compress(b2, &c2[i]);
                FUZZ_ASSERT(seal_elgamal_verify(b1, b2, g_vk_bytes, g_pk_bytes, g_id[i], 36) ==
                            SEAL_OK);
            }
        } else {
            FUZZ_ASSERT(problem[0] != '\0');
        }
    } else {
        char kind[SEAL__AGG_KIND_MAX], message[SEAL__AGG_MESSAGE_MAX];
        if (seal__agg_parse_error_body(kind, message, body, size - 1)) {
            FUZZ_ASSERT(memchr(kind, '\0', sizeof kind) != NULL && kind[0] != '\0');
            for (const char *p = kind; *p != '\0'; p++) {
                FUZZ_ASSERT((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                            (*p >= '0' && *p <= '9') || *p == '_');
            }
            FUZZ_ASSERT(memchr(message, '\0', sizeof message) != NULL);
            for (const unsigned char *p = (const unsigned char *)message; *p != '\0'; p++) {
                FUZZ_ASSERT(*p >= 0x20 && *p != 0x7f);
            }
        }
    }
    free(body);
    return 0;
}
