/* The key server core, seal_server_handle, on an embedded temporary ledger with one allowlist
 * (fuzz/server_fixture.h), at a fixed now_ms. Input: a selector byte, then
 *   0  the body of POST /v1/fetch_key (the SDK's headers)
 *   1  a field selector byte and a value: the valid request with that field replaced (the value
 *      as JSON when it parses, else as a string) or removed
 *   2  header lines "Name: value" (at most 8) with the valid body
 *   3  method, path and query separated by NUL bytes, with the valid body and headers
 * Properties: every response has a known status, a route, and a JSON body of the documented
 * shape ({"error": Kind, "message": text} with a known Kind, or the route's answer); a 200
 * fetch_key answer holds, for each id, an ElGamal ciphertext that decrypts with the request's
 * key to a user secret key that verifies against the server's public key for that id; once the
 * valid request is answered 200, a request whose signed content was changed never is. */
#include <jansson.h>

#include "fuzz_common.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "server_fixture.h"

static srvfix g_fix;
static uint8_t g_pk[96];
static bool g_valid_ok; /* the unmodified request is answered 200 */

static const char *const KINDS[] = {
    "InvalidPTB",           "InvalidPackage",        "NoAccess",
    "InvalidCertificate",   "InvalidSignature",      "InvalidSessionSignature",
    "InvalidParameter",     "InvalidMVRName",        "InvalidSDKType",
    "InvalidSDKVersion",    "MissingRequiredHeader", "InvalidServiceId",
    "UnsupportedPackageId", "DeprecatedSDKVersion",  "Failure",
    "UnsupportedMediaType", "PayloadTooLarge",       "NotFound",
    "MethodNotAllowed",     "TooManyRequests",       "InvalidRequest",
};

static bool known_status(unsigned s) {
    static const unsigned ok[] = {200, 400, 403, 404, 405, 413, 415, 422, 426, 429, 500, 503};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (ok[i] == s) {
            return true;
        }
    }
    return false;
}

/* Checks one response; returns true for a 200 fetch_key answer with verified keys. */
static bool check_response(const seal_server_request *req, const seal_server_response *r) {
    FUZZ_ASSERT(known_status(r->status));
    FUZZ_ASSERT(r->route != NULL);
    FUZZ_ASSERT(r->body != NULL || r->body_len == 0);
    if (r->content_type == NULL || strstr(r->content_type, "json") == NULL) {
        FUZZ_ASSERT(r->status != 200 || strcmp(r->route, "/v1/fetch_key") != 0);
        return false;
    }
    json_t *doc = json_loadb(r->body, r->body_len, 0, NULL);
    FUZZ_ASSERT(doc != NULL && json_is_object(doc));
    bool fetched = false;
    if (r->status != 200) {
        const char *kind = json_string_value(json_object_get(doc, "error"));
        FUZZ_ASSERT(kind != NULL);
        FUZZ_ASSERT(json_is_string(json_object_get(doc, "message")));
        bool known = false;
        for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
            known |= strcmp(kind, KINDS[i]) == 0;
        }
        if (!known) {
            fprintf(stderr, "unknown error kind %s (status %u)\n", kind, r->status);
        }
        FUZZ_ASSERT(known);
        FUZZ_ASSERT(r->error_kind != NULL && strcmp(r->error_kind, kind) == 0);
    } else if (strcmp(req->method, "POST") == 0 && strcmp(req->path, "/v1/fetch_key") == 0) {
        seal_client_encrypted_key *keys = NULL;
        size_t n = 0;
        char *text = json_dumps(doc, JSON_COMPACT);
        FUZZ_ASSERT(text != NULL);
        FUZZ_ASSERT(seal_client_response_parse(&keys, &n, 100, text, strlen(text), NULL, 0) ==
                    SEAL_OK);
        FUZZ_ASSERT(n >= 1 && n == r->n_ids);
        for (size_t i = 0; i < n; i++) {
            uint8_t usk[48];
            FUZZ_ASSERT(keys[i].full_id_len >= 32);
            FUZZ_ASSERT(memcmp(keys[i].full_id, SEAL_LEDGER_EXAMPLES_PACKAGE, 32) == 0);
            FUZZ_ASSERT(seal_elgamal_decrypt(usk, g_fix.eg_sk, keys[i].c0, keys[i].c1) == SEAL_OK);
            FUZZ_ASSERT(seal_keys_verify_user_secret_key(usk, g_pk, keys[i].full_id,
                                                         keys[i].full_id_len) == SEAL_OK);
        }
        free(keys);
        free(text);
        fetched = true;
    }
    json_decref(doc);
    return fetched;
}

static bool handle(const seal_server_request *req) {
    seal_server_response r;
    memset(&r, 0, sizeof r);
    seal_server_handle(g_fix.server, req, &r);
    bool fetched = check_response(req, &r);
    seal_server_response_clear(&r);
    return fetched;
}

static void cleanup(void) {
    srvfix_free(&g_fix);
}

/* FUZZ_WRITE_SEEDS=DIR: writes the seeds of this target (the valid request in each mode) to
 * DIR (how fuzz/corpus/fetch_key/seed-* were made). */
static void write_seed(const char *dir, const char *name, const char *prefix, size_t plen,
                       const char *body, size_t len) {
    char path[512];
    snprintf(path, sizeof path, "%s/seed-%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f != NULL);
    FUZZ_ASSERT(fwrite(prefix, 1, plen, f) == plen && fwrite(body, 1, len, f) == len);
    fclose(f);
}

static void write_seeds(const char *dir) {
    write_seed(dir, "valid", "\x00", 1, g_fix.body, g_fix.body_len);
    json_t *doc = json_loads(g_fix.body, 0, NULL);
    FUZZ_ASSERT(doc != NULL);
    for (size_t i = 0; i < 12; i++) {
        static const char *const names[12] = {"ptb",
                                              "enc_key",
                                              "enc_verification_key",
                                              "request_signature",
                                              "certificate.user",
                                              "certificate.session_vk",
                                              "certificate.creation_time",
                                              "certificate.ttl_min",
                                              "certificate.signature",
                                              "certificate.mvr_name",
                                              "certificate",
                                              "extra"};
        const json_t *parent = doc;
        const char *key = names[i];
        if (strncmp(key, "certificate.", 12) == 0) {
            parent = json_object_get(doc, "certificate");
            key += 12;
        }
        const json_t *v = json_object_get(parent, key);
        char *text = v != NULL ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        char prefix[2] = {1, (char)i}, name[64];
        snprintf(name, sizeof name, "patch-%s", names[i]);
        write_seed(dir, name, prefix, 2, text ? text : "null", text ? strlen(text) : 4);
        free(text);
    }
    json_decref(doc);
    const char hdr[] = "Client-Sdk-Type: typescript\nClient-Sdk-Version: 1.4.12\n"
                       "Content-Type: application/json";
    write_seed(dir, "headers", "\x02", 1, hdr, sizeof hdr - 1);
    static const char r1[] = "POST\0/v1/fetch_key";
    static const char r2[] = "GET\0/health";
    static const char r3[] = "GET\0/v1/service\0service_id=0x77";
    static const char r4[] = "GET\0/v1/debug/committee_partial_pk";
    write_seed(dir, "route-fetch", "\x03", 1, r1, sizeof r1 - 1);
    write_seed(dir, "route-health", "\x03", 1, r2, sizeof r2 - 1);
    write_seed(dir, "route-service", "\x03", 1, r3, sizeof r3 - 1);
    write_seed(dir, "route-partial-pk", "\x03", 1, r4, sizeof r4 - 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    srvfix_init(&g_fix);
    srvfix_remove_at_exit(g_fix.dir);
    atexit(cleanup);
    if (getenv("FUZZ_WRITE_SEEDS") != NULL) {
        write_seeds(getenv("FUZZ_WRITE_SEEDS"));
    }
    FUZZ_ASSERT(seal_keys_public_key(g_pk, g_fix.cfg.msk) == SEAL_OK);
    seal_server_request req;
    srvfix_request(&req, &g_fix, g_fix.body, g_fix.body_len);
    g_valid_ok = handle(&req);
    fprintf(stderr, "fuzz_fetch_key: the valid request is %s\n",
            g_valid_ok ? "answered 200 (signature property on)" : "not answered 200");
    return 0;
}

/* Fields of the request: path (certificate fields as "certificate.x") and whether the field's
 * value is signed (changing it must make the request fail). */
static const struct {
    const char *name;
    bool signed_;
} FIELDS[] = {
    {"ptb", true},
    {"enc_key", true},
    {"enc_verification_key", true},
    {"request_signature", true},
    {"certificate.user", true},
    {"certificate.session_vk", true},
    {"certificate.creation_time", true},
    {"certificate.ttl_min", true},
    {"certificate.signature", true},
    {"certificate.mvr_name", true},
    {"certificate", true},
    {"extra", false},
};

/* Whether new_v means the same as old (absent old: null). */
static bool same_meaning(const char *name, const json_t *old, const json_t *new_v) {
    if (old == NULL || json_is_null(old)) { /* absent and null are the same */
        return new_v == NULL || json_is_null(new_v);
    }
    if (new_v == NULL) {
        return false;
    }
    if (json_equal(old, new_v)) {
        return true;
    }
    if (json_is_integer(old) && json_is_number(new_v)) {
        return json_number_value(new_v) == (double)json_integer_value(old);
    }
    if (json_is_integer(old) && json_is_string(new_v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(old));
        return strcmp(buf, json_string_value(new_v)) == 0;
    }
    if (json_is_string(old) && json_is_string(new_v)) {
        if (strcmp(name, "certificate.user") == 0) {
            uint8_t a[32], b[32];
            return seal_sui_address_parse(a, json_string_value(old)) == SEAL_OK &&
                   seal_sui_address_parse(b, json_string_value(new_v)) == SEAL_OK &&
                   memcmp(a, b, 32) == 0;
        }
        /* base64 fields: another spelling of the same bytes */
        uint8_t a[4096], b[4096];
        size_t al = 0, bl = 0;
        return seal_sui_base64_decode(a, sizeof a, &al, json_string_value(old),
                                      json_string_length(old)) == SEAL_OK &&
               seal_sui_base64_decode(b, sizeof b, &bl, json_string_value(new_v),
                                      json_string_length(new_v)) == SEAL_OK &&
               al == bl && memcmp(a, b, al) == 0;
    }
    return false;
}

static void patch_mode(const uint8_t *data, size_t size) {
    if (size < 1) {
        return;
    }
    size_t fi = data[0] % (sizeof FIELDS / sizeof FIELDS[0]);
    bool remove = data[0] >= 128;
    const char *name = FIELDS[fi].name;
    json_t *doc = json_loads(g_fix.body, 0, NULL);
    FUZZ_ASSERT(doc != NULL);
    json_t *parent = doc;
    const char *key = name;
    if (strncmp(name, "certificate.", 12) == 0) {
        parent = json_object_get(doc, "certificate");
        key = name + 12;
    }
    json_t *old = json_object_get(parent, key);
    if (old != NULL) {
        json_incref(old);
    }
    json_t *new_v = NULL;
    if (!remove) {
        new_v = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY, NULL);
        if (new_v == NULL) {
            new_v = json_stringn((const char *)data + 1, size - 1);
        }
        if (new_v == NULL) {
            json_decref(old);
            json_decref(doc);
            return;
        }
        json_object_set(parent, key, new_v);
    } else {
        json_object_del(parent, key);
    }
    char *text = json_dumps(doc, JSON_COMPACT);
    FUZZ_ASSERT(text != NULL);
    seal_server_request req;
    srvfix_request(&req, &g_fix, text, strlen(text));
    bool fetched = handle(&req);
    if (fetched && g_valid_ok && FIELDS[fi].signed_ && !same_meaning(name, old, new_v)) {
        fprintf(stderr, "changed signed field %s was accepted: %s\n", name, text);
        abort();
    }
    free(text);
    json_decref(new_v);
    json_decref(old);
    json_decref(doc);
}

static void header_mode(const uint8_t *data, size_t size) {
    char *s = fuzz_cstr(data, size);
    seal_server_header h[8];
    size_t n = 0;
    char *save = NULL;
    for (char *line = strtok_r(s, "\n", &save); line != NULL && n < 8;
         line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (colon == NULL) {
            h[n++] = (seal_server_header){line, ""};
            continue;
        }
        *colon = '\0';
        const char *v = colon + 1;
        while (*v == ' ') {
            v++;
        }
        h[n++] = (seal_server_header){line, v};
    }
    seal_server_request req;
    srvfix_request(&req, &g_fix, g_fix.body, g_fix.body_len);
    req.headers = h;
    req.n_headers = n;
    handle(&req);
    free(s);
}

static void route_mode(const uint8_t *data, size_t size) {
    char *s = fuzz_cstr(data, size);
    const char *parts[3] = {"POST", "/v1/fetch_key", NULL};
    size_t k = 0;
    const char *p = s;
    while (k < 3 && p <= s + size) {
        parts[k++] = p;
        p += strlen(p) + 1;
    }
    seal_server_request req;
    srvfix_request(&req, &g_fix, g_fix.body, g_fix.body_len);
    req.method = parts[0];
    req.path = parts[1];
    req.query = parts[2];
    handle(&req);
    free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    switch (data[0] % 4u) {
    case 0: {
        uint8_t *body = fuzz_dup(data + 1, size - 1);
        seal_server_request req;
        srvfix_request(&req, &g_fix, (const char *)body, size - 1);
        handle(&req);
        free(body);
        break;
    }
    case 1:
        patch_mode(data + 1, size - 1);
        break;
    case 2:
        header_mode(data + 1, size - 1);
        break;
    default:
        route_mode(data + 1, size - 1);
        break;
    }
    return 0;
}
