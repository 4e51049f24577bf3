/* The client's parsers of a key server's answers (src/client): seal_client_response_parse
 * (fetch_key body), seal_client_service_parse (/v1/service body), seal_client_error_body_parse,
 * seal_client_server_version_ok. Input: a selector byte (low bits: which parser, 0 fetch_key,
 * 1 service, 2 error, 3 version; high bits: the entry cap `max` 0..63), then the body.
 * Properties: a parsed answer has at most max entries, each full id within its buffer, and
 * writing it back as JSON and parsing again gives the same entries; nothing is allocated on
 * failure; error bodies give NUL-terminated printable fields. */
#include <jansson.h>

#include "fuzz_common.h"
#include "seal/client.h"
#include "seal/sui.h"

static char *reencode(const seal_client_encrypted_key *k, size_t n) {
    json_t *arr = json_array();
    FUZZ_ASSERT(arr != NULL);
    for (size_t i = 0; i < n; i++) {
        json_t *id = json_array();
        for (size_t j = 0; j < k[i].full_id_len; j++) {
            json_array_append_new(id, json_integer(k[i].full_id[j]));
        }
        char c0[72], c1[72];
        seal_sui_base64_encode(c0, k[i].c0, 48);
        seal_sui_base64_encode(c1, k[i].c1, 48);
        json_array_append_new(arr, json_pack("{s:o, s:[s, s]}", "id", id, "encrypted_key", c0, c1));
    }
    json_t *doc = json_pack("{s:o}", "decryption_keys", arr);
    char *s = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    FUZZ_ASSERT(s != NULL);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    unsigned sel = data[0] & 3u;
    size_t max = data[0] >> 2;
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    char *copy = (char *)fuzz_dup(data + 1, len);
    switch (sel) {
    case 1: {
        uint8_t id[32], pop[48], id2[32], pop2[48];
        char why[96] = "", hex[SEAL_SUI_ADDRESS_HEX_BYTES], b64[80], again[256];
        if (seal_client_service_parse(id, pop, copy, len, why, sizeof why) != SEAL_OK) {
            FUZZ_ASSERT(memchr(why, '\0', sizeof why) != NULL && why[0] != '\0');
            static const uint8_t zero[48] = {0};
            FUZZ_ASSERT(memcmp(id, zero, 32) == 0 && memcmp(pop, zero, 48) == 0);
            break;
        }
        seal_sui_address_format(hex, id);
        seal_sui_base64_encode(b64, pop, 48);
        snprintf(again, sizeof again, "{\"service_id\":\"%s\",\"pop\":\"%s\"}", hex, b64);
        FUZZ_ASSERT(seal_client_service_parse(id2, pop2, again, strlen(again), NULL, 0) == SEAL_OK);
        FUZZ_ASSERT(memcmp(id, id2, 32) == 0 && memcmp(pop, pop2, 48) == 0);
        break;
    }
    case 0: {
        seal_client_encrypted_key *keys = NULL;
        size_t n = 99999;
        char why[128] = "";
        seal_err e = seal_client_response_parse(&keys, &n, max, copy, len, why, sizeof why);
        if (e != SEAL_OK) {
            FUZZ_ASSERT(keys == NULL);
            FUZZ_ASSERT(memchr(why, '\0', sizeof why) != NULL);
            break;
        }
        FUZZ_ASSERT(n <= max);
        FUZZ_ASSERT(n == 0 || keys != NULL);
        for (size_t i = 0; i < n; i++) {
            FUZZ_ASSERT(keys[i].full_id_len <= sizeof keys[i].full_id);
        }
        char *again = reencode(keys, n);
        seal_client_encrypted_key *k2 = NULL;
        size_t n2 = 0;
        FUZZ_ASSERT(seal_client_response_parse(&k2, &n2, max, again, strlen(again), NULL, 0) ==
                    SEAL_OK);
        FUZZ_ASSERT(n2 == n);
        for (size_t i = 0; i < n; i++) {
            FUZZ_ASSERT(k2[i].full_id_len == keys[i].full_id_len);
            FUZZ_ASSERT(memcmp(k2[i].full_id, keys[i].full_id, keys[i].full_id_len) == 0);
            FUZZ_ASSERT(memcmp(k2[i].c0, keys[i].c0, 48) == 0);
            FUZZ_ASSERT(memcmp(k2[i].c1, keys[i].c1, 48) == 0);
        }
        free(k2);
        free(again);
        free(keys);
        break;
    }
    case 2: {
        char kind[32], msg[128];
        if (seal_client_error_body_parse(kind, sizeof kind, msg, sizeof msg, copy, len) ==
            SEAL_OK) {
            FUZZ_ASSERT(memchr(kind, '\0', sizeof kind) != NULL);
            FUZZ_ASSERT(memchr(msg, '\0', sizeof msg) != NULL);
            for (const char *p = msg; *p; p++) {
                FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f);
            }
            seal_err e = seal_client_error_kind_to_err(kind);
            FUZZ_ASSERT(e == SEAL_ERR_NO_ACCESS || e == SEAL_ERR_EXPIRED ||
                        e == SEAL_ERR_KEY_SERVER);
        }
        break;
    }
    default: {
        char *v = fuzz_cstr((const uint8_t *)body, len);
        (void)seal_client_server_version_ok(v);
        free(v);
        break;
    }
    }
    free(copy);
    return 0;
}
