/* Session keys: an ephemeral Ed25519 key certified by the user's personal-message signature
 * (PROTOCOL.md 13.1, 13.2, 13.4), with export/import in the SDK's ExportedSessionKey shape. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client/internal.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"

struct seal_session {
    uint8_t address[32];
    uint8_t package_id[32];
    bool has_mvr;
    char mvr_name[SEAL_SUI_PACKAGE_NAME_MAX + 1];
    uint64_t creation_time_ms;
    uint16_t ttl_min;
    uint8_t secret[32]; /* Ed25519 seed of the session key */
    uint8_t vk[32];
    bool is_signed;
    size_t sig_len;
    uint8_t sig[SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES];
};

uint64_t seal__client_now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t seal__client_mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void seal_client_secret_free(char *p, size_t len) {
    if (p) {
        seal_memzero(p, len);
        free(p);
    }
}

/* MVR names: "@org/app" or "org.sui/app" shapes; we accept the characters they use. */
static bool mvr_name_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > SEAL_SUI_PACKAGE_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '@' || ch == '/' || ch == '.' || ch == '-' ||
                  ch == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

seal_err seal_session_new(seal_session **out, const uint8_t address[static 32],
                          const uint8_t package_id[static 32], const char *mvr_name,
                          uint16_t ttl_min, uint64_t creation_time_ms, const seal_rng *rng) {
    seal_err err;
    *out = NULL;
    if (ttl_min < SEAL_SESSION_TTL_MIN || ttl_min > SEAL_SESSION_TTL_MAX ||
        (mvr_name && !mvr_name_ok(mvr_name))) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_session *s = calloc(1, sizeof *s);
    if (!s) {
        return SEAL_ERR_NO_MEMORY;
    }
    memcpy(s->address, address, 32);
    memcpy(s->package_id, package_id, 32);
    if (mvr_name) {
        s->has_mvr = true;
        snprintf(s->mvr_name, sizeof s->mvr_name, "%s", mvr_name);
    }
    s->ttl_min = ttl_min;
    s->creation_time_ms = creation_time_ms ? creation_time_ms : seal__client_now_ms();
    if ((err = seal_rng_fill(rng, s->secret, 32)) != SEAL_OK ||
        (err = seal_sui_ed25519_public_key(s->vk, s->secret)) != SEAL_OK) {
        seal_session_free(s);
        return err;
    }
    *out = s;
    return SEAL_OK;
}

seal_err seal_session_personal_message(const seal_session *s, char *out, size_t cap, size_t *len) {
    if (s->has_mvr) {
        return seal_sui_certificate_message(out, cap, len, s->mvr_name, s->vk, s->creation_time_ms,
                                            s->ttl_min);
    }
    return seal_sui_certificate_message_for_package(out, cap, len, s->package_id, s->vk,
                                                    s->creation_time_ms, s->ttl_min);
}

seal_err seal_session_set_signature(seal_session *s, const uint8_t *sig, size_t len) {
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t msg_len = 0;
    seal_err err;
    if (len == 0 || len > sizeof s->sig) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if ((err = seal_session_personal_message(s, msg, sizeof msg, &msg_len)) != SEAL_OK) {
        return err;
    }
    err = seal_sui_verify_personal_message(s->address, (const uint8_t *)msg, msg_len, sig, len);
    if (err == SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME) {
        err = SEAL_OK; /* zkLogin: only a full node can check it; the key servers will */
    }
    if (err != SEAL_OK) {
        return err;
    }
    memcpy(s->sig, sig, len);
    s->sig_len = len;
    s->is_signed = true;
    return SEAL_OK;
}

seal_err seal_session_sign(seal_session *s, const seal_sui_keypair *user) {
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    uint8_t addr[32];
    uint8_t sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t msg_len = 0, sig_len = 0;
    seal_err err;
    seal_sui_keypair_address(addr, user);
    if (memcmp(addr, s->address, 32) != 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if ((err = seal_session_personal_message(s, msg, sizeof msg, &msg_len)) != SEAL_OK ||
        (err = seal_sui_sign_personal_message(sig, &sig_len, user, (const uint8_t *)msg,
                                              msg_len)) != SEAL_OK) {
        return err;
    }
    return seal_session_set_signature(s, sig, sig_len);
}

seal_err seal_session_sign_with(seal_session *s, seal_session_signer_fn fn, void *ctx) {
    char msg[SEAL_SUI_CERT_MESSAGE_MAX];
    size_t msg_len = 0, sig_len = 0;
    seal_err err;
    uint8_t *sig = malloc(SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES);
    if (!sig) {
        return SEAL_ERR_NO_MEMORY;
    }
    if ((err = seal_session_personal_message(s, msg, sizeof msg, &msg_len)) == SEAL_OK &&
        (err = fn(ctx, (const uint8_t *)msg, msg_len, sig, SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES,
                  &sig_len)) == SEAL_OK) {
        err = sig_len <= SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES
                  ? seal_session_set_signature(s, sig, sig_len)
                  : SEAL_ERR_LIMIT;
    }
    free(sig);
    return err;
}

seal_err seal_session_create(seal_session **out, const seal_sui_keypair *user,
                             const uint8_t package_id[static 32], const char *mvr_name,
                             uint16_t ttl_min, uint64_t creation_time_ms, const seal_rng *rng) {
    uint8_t addr[32];
    seal_session *s = NULL;
    seal_err err;
    *out = NULL;
    seal_sui_keypair_address(addr, user);
    if ((err = seal_session_new(&s, addr, package_id, mvr_name, ttl_min, creation_time_ms, rng)) !=
        SEAL_OK) {
        return err;
    }
    if ((err = seal_session_sign(s, user)) != SEAL_OK) {
        seal_session_free(s);
        return err;
    }
    *out = s;
    return SEAL_OK;
}

bool seal_session_is_signed(const seal_session *s) {
    return s->is_signed;
}

bool seal_session_is_expired(const seal_session *s, uint64_t now_ms) {
    if (now_ms == 0) {
        now_ms = seal__client_now_ms();
    }
    uint64_t end = s->creation_time_ms + (uint64_t)s->ttl_min * 60000u;
    return end < SEAL_SESSION_EXPIRY_MARGIN_MS || end - SEAL_SESSION_EXPIRY_MARGIN_MS < now_ms;
}

void seal_session_address(const seal_session *s, uint8_t out[static 32]) {
    memcpy(out, s->address, 32);
}
void seal_session_package_id(const seal_session *s, uint8_t out[static 32]) {
    memcpy(out, s->package_id, 32);
}
uint64_t seal_session_creation_time_ms(const seal_session *s) {
    return s->creation_time_ms;
}
uint16_t seal_session_ttl_min(const seal_session *s) {
    return s->ttl_min;
}
void seal_session_public_key(const seal_session *s, uint8_t out[static 32]) {
    memcpy(out, s->vk, 32);
}
const char *seal_session_mvr_name(const seal_session *s) {
    return s->has_mvr ? s->mvr_name : NULL;
}
const uint8_t *seal__session_signature(const seal_session *s, size_t *len) {
    *len = s->sig_len;
    return s->sig;
}

seal_err seal__session_request_signature(const seal_session *s, uint8_t sig[static 64],
                                         const uint8_t *ptb, size_t ptb_len,
                                         const uint8_t enc_key[static 48],
                                         const uint8_t evk[static 96]) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_sui_request_bytes_write(&w, ptb, ptb_len, enc_key, evk);
    size_t n = w.len;
    uint8_t *buf = malloc(n);
    if (!buf) {
        return SEAL_ERR_NO_MEMORY;
    }
    seal_bcs_writer_init(&w, buf, n);
    seal_sui_request_bytes_write(&w, ptb, ptb_len, enc_key, evk);
    seal_err err = seal_bcs_writer_finish(&w);
    if (err == SEAL_OK) {
        err = seal_sui_ed25519_sign(sig, s->secret, buf, n);
    }
    free(buf);
    return err;
}

void seal_session_free(seal_session *s) {
    if (s) {
        seal_memzero(s, sizeof *s);
        free(s);
    }
}

/* ---- export / import ---------------------------------------------------------------------- */

seal_err seal_session_export(const seal_session *s, char **json, size_t *len) {
    char addr[SEAL_SUI_ADDRESS_HEX_BYTES], pkg[SEAL_SUI_ADDRESS_HEX_BYTES];
    char key[SEAL_SUI_BECH32_SECRET_KEY_BYTES];
    char mvr[SEAL_SUI_PACKAGE_NAME_MAX + 3];
    seal_sui_keypair kp;
    seal_err err;
    *json = NULL;
    *len = 0;
    if (!s->is_signed) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    size_t b64_len = seal_sui_base64_encoded_len(s->sig_len);
    char *b64 = malloc(b64_len + 1);
    if (!b64) {
        return SEAL_ERR_NO_MEMORY;
    }
    seal_sui_base64_encode(b64, s->sig, s->sig_len);
    seal_sui_address_format(addr, s->address);
    seal_sui_address_format(pkg, s->package_id);
    if (s->has_mvr) {
        snprintf(mvr, sizeof mvr, "\"%s\"", s->mvr_name); /* mvr_name_ok: nothing to escape */
    } else {
        snprintf(mvr, sizeof mvr, "null");
    }
    if ((err = seal_sui_keypair_from_secret(&kp, SEAL_SUI_SCHEME_ED25519, s->secret)) != SEAL_OK ||
        (err = seal_sui_keypair_to_bech32(key, &kp)) != SEAL_OK) {
        goto out;
    }
    size_t cap = b64_len + 1024;
    char *buf = malloc(cap);
    if (!buf) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    int n = snprintf(buf, cap,
                     "{\n  \"address\": \"%s\",\n  \"packageId\": \"%s\",\n  \"mvrName\": %s,\n"
                     "  \"creationTimeMs\": %" PRIu64 ",\n  \"ttlMin\": %u,\n"
                     "  \"personalMessageSignature\": \"%s\",\n  \"sessionKey\": \"%s\"\n}\n",
                     addr, pkg, mvr, s->creation_time_ms, (unsigned)s->ttl_min, b64, key);
    if (n < 0 || (size_t)n >= cap) {
        seal_client_secret_free(buf, cap);
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    *json = buf;
    *len = (size_t)n;
    err = SEAL_OK;
out:
    seal_sui_keypair_clear(&kp);
    seal_memzero(key, sizeof key);
    free(b64);
    return err;
}

static const char *const export_keys[] = {
    "address",    "packageId", "mvrName", "creationTimeMs", "ttlMin", "personalMessageSignature",
    "sessionKey",
};

seal_err seal_session_import(seal_session **out, const char *json, size_t len) {
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    seal_session *s = NULL;
    seal_sui_keypair kp;
    uint8_t *sig = NULL;
    memset(&kp, 0, sizeof kp);
    *out = NULL;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
    if (!root || !json_is_object(root)) {
        goto out;
    }
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        bool known = false;
        for (size_t i = 0; i < sizeof export_keys / sizeof export_keys[0]; i++) {
            known |= strcmp(k, export_keys[i]) == 0;
        }
        if (!known) {
            goto out;
        }
    }
    json_t *j_addr = json_object_get(root, "address");
    json_t *j_pkg = json_object_get(root, "packageId");
    json_t *j_mvr = json_object_get(root, "mvrName");
    json_t *j_time = json_object_get(root, "creationTimeMs");
    json_t *j_ttl = json_object_get(root, "ttlMin");
    json_t *j_sig = json_object_get(root, "personalMessageSignature");
    json_t *j_key = json_object_get(root, "sessionKey");
    if (!json_is_string(j_addr) || !json_is_string(j_pkg) || !json_is_integer(j_time) ||
        !json_is_integer(j_ttl) || !json_is_string(j_sig) || !json_is_string(j_key) ||
        (j_mvr && !json_is_null(j_mvr) && !json_is_string(j_mvr))) {
        goto out;
    }
    uint8_t addr[32], pkg[32];
    json_int_t t = json_integer_value(j_time), ttl = json_integer_value(j_ttl);
    if (seal_sui_address_parse(addr, json_string_value(j_addr)) != SEAL_OK ||
        seal_sui_address_parse(pkg, json_string_value(j_pkg)) != SEAL_OK || t <= 0 ||
        ttl < SEAL_SESSION_TTL_MIN || ttl > SEAL_SESSION_TTL_MAX) {
        goto out;
    }
    const char *mvr = json_is_string(j_mvr) ? json_string_value(j_mvr) : NULL;
    if (mvr && !mvr_name_ok(mvr)) {
        goto out;
    }
    /* The secret: parsed, then wiped from jansson's copy. */
    char *key_text = (char *)json_string_value(j_key);
    err = seal_sui_keypair_from_bech32(&kp, key_text);
    seal_memzero(key_text, strlen(key_text));
    if (err != SEAL_OK) {
        err = SEAL_ERR_INVALID_KEY;
        goto out;
    }
    if (kp.scheme != SEAL_SUI_SCHEME_ED25519) {
        err = SEAL_ERR_INVALID_KEY;
        goto out;
    }
    s = calloc(1, sizeof *s);
    sig = malloc(SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES);
    if (!s || !sig) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    memcpy(s->address, addr, 32);
    memcpy(s->package_id, pkg, 32);
    if (mvr) {
        s->has_mvr = true;
        snprintf(s->mvr_name, sizeof s->mvr_name, "%s", mvr);
    }
    s->creation_time_ms = (uint64_t)t;
    s->ttl_min = (uint16_t)ttl;
    memcpy(s->secret, kp.secret, 32);
    memcpy(s->vk, kp.pk.bytes, 32);
    const char *sig_text = json_string_value(j_sig);
    size_t sig_len = 0;
    err = seal_sui_base64_decode(sig, SEAL_SUI_SERIALIZED_SIGNATURE_MAX_BYTES, &sig_len, sig_text,
                                 strlen(sig_text));
    if (err != SEAL_OK) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto out;
    }
    if ((err = seal_session_set_signature(s, sig, sig_len)) != SEAL_OK) {
        goto out;
    }
    *out = s;
    s = NULL;
out:
    seal_sui_keypair_clear(&kp);
    seal_session_free(s);
    free(sig);
    json_decref(root);
    return err;
}

#define SESSION_FILE_MAX (64u * 1024u)

seal_err seal_session_save(const seal_session *s, const char *path) {
    char *json = NULL;
    size_t len = 0;
    seal_err err = seal_session_export(s, &json, &len);
    if (err != SEAL_OK) {
        return err;
    }
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    int fd = -1;
    if (!tmp) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        err = SEAL_ERR_IO;
        goto out;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, json + off, len - off);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            err = SEAL_ERR_IO;
            goto out;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        fd = -1;
        err = SEAL_ERR_IO;
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        err = SEAL_ERR_IO;
        goto out;
    }
    err = SEAL_OK;
out:
    if (fd >= 0) {
        close(fd);
    }
    if (err != SEAL_OK && tmp) {
        unlink(tmp);
    }
    free(tmp);
    seal_client_secret_free(json, len);
    return err;
}

seal_err seal_session_load(seal_session **out, const char *path) {
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return SEAL_ERR_IO;
    }
    char *buf = malloc(SESSION_FILE_MAX + 1);
    size_t len = 0;
    seal_err err = SEAL_OK;
    if (!buf) {
        close(fd);
        return SEAL_ERR_NO_MEMORY;
    }
    for (;;) {
        ssize_t r = read(fd, buf + len, SESSION_FILE_MAX + 1 - len);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            err = SEAL_ERR_IO;
            break;
        }
        if (r == 0) {
            break;
        }
        len += (size_t)r;
        if (len > SESSION_FILE_MAX) {
            err = SEAL_ERR_LIMIT;
            break;
        }
    }
    close(fd);
    if (err == SEAL_OK) {
        err = seal_session_import(out, buf, len);
    }
    seal_client_secret_free(buf, SESSION_FILE_MAX + 1);
    return err;
}
