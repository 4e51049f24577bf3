/*
 * Audit keys (Ed25519, libsodium), the log id, signed tree heads, receipts and the byte
 * encodings of heads, receipts and proofs (docs/audit.md, "Formats").
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/internal.h"
#include "seal/audit.h"
#include "seal/util.h"

#define KEY_FILE_MAX_BYTES 4096

void seal__audit_put_u64(uint8_t p[static 8], uint64_t v) {
    for (size_t i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t seal__audit_get_u64(const uint8_t p[static 8]) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static seal_err sodium_ready(void) {
    return sodium_init() >= 0 ? SEAL_OK : SEAL_ERR_CRYPTO_LIB;
}

/* ---- keys --------------------------------------------------------------------------------- */

seal_err seal__audit_signer_init(seal__audit_signer *s, const uint8_t secret[static 32]) {
    seal_err err = sodium_ready();
    if (err != SEAL_OK)
        return err;
    if (crypto_sign_seed_keypair(s->pk, s->sk, secret) != 0)
        return SEAL_ERR_CRYPTO_LIB;
    seal_audit_log_id(s->log_id, s->pk);
    return SEAL_OK;
}

void seal__audit_signer_clear(seal__audit_signer *s) {
    seal_memzero(s, sizeof *s);
}

seal_err seal_audit_keygen(uint8_t secret[static 32], uint8_t public_key[static 32]) {
    seal_err err = seal_rng_fill(NULL, secret, 32);
    if (err == SEAL_OK)
        err = seal_audit_public_key(public_key, secret);
    if (err != SEAL_OK)
        seal_memzero(secret, 32);
    return err;
}

seal_err seal_audit_public_key(uint8_t public_key[static 32], const uint8_t secret[static 32]) {
    seal__audit_signer s;
    seal_err err = seal__audit_signer_init(&s, secret);
    if (err == SEAL_OK)
        memcpy(public_key, s.pk, 32);
    seal__audit_signer_clear(&s);
    return err;
}

void seal_audit_log_id(uint8_t out[static 32], const uint8_t public_key[static 32]) {
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const uint8_t *)SEAL__AUDIT_DOMAIN_LOG_ID,
                              sizeof SEAL__AUDIT_DOMAIN_LOG_ID - 1);
    crypto_hash_sha256_update(&st, public_key, 32);
    crypto_hash_sha256_final(&st, out);
}

/* The reason with the path quoted safely (control characters replaced, cut at 200 bytes). */
static void set_why(char *why, size_t why_len, const char *fmt, const char *path) {
    char safe[201];
    size_t i = 0;
    for (; path != NULL && path[i] != '\0' && i < sizeof safe - 1; i++)
        safe[i] = (unsigned char)path[i] < 0x20 || path[i] == 0x7f ? '?' : path[i];
    safe[i] = '\0';
    if (why != NULL && why_len > 0)
        snprintf(why, why_len, fmt, safe);
}

/* 0x + 64 hex digits (the 0x optional) from p[0..n). */
static bool parse_hex32(uint8_t out[static 32], const char *p, size_t n) {
    char tmp[67];
    if (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
        n -= 2;
    }
    if (n != 64)
        return false;
    memcpy(tmp, p, 64);
    tmp[64] = '\0';
    bool ok = seal_hex_decode(out, 32, tmp) == SEAL_OK;
    seal_memzero(tmp, sizeof tmp);
    return ok;
}

seal_err seal_audit_key_load(uint8_t secret[static 32], const char *path, char *why,
                             size_t why_len) {
    char buf[KEY_FILE_MAX_BYTES + 1];
    seal_err err = SEAL_ERR_IO;
    size_t len = 0;
    struct stat st;
    int fd = path != NULL ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    if (fd < 0) {
        set_why(why, why_len, "cannot open the audit key file %s", path != NULL ? path : "");
        goto out;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        set_why(why, why_len, "the audit key file %s is not a regular file", path);
        goto out;
    }
    if ((st.st_mode & 077) != 0) {
        set_why(why, why_len,
                "the audit key file %s is accessible by group or others; run chmod 600 on it",
                path);
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf + len, KEY_FILE_MAX_BYTES + 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            set_why(why, why_len, "cannot read the audit key file %s", path);
            goto out;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len > KEY_FILE_MAX_BYTES) {
            set_why(why, why_len, "the audit key file %s is too large", path);
            goto out;
        }
    }
    buf[len] = '\0';
    err = SEAL_ERR_INVALID_ENCODING;
    const char *p = buf, *m;
    bool labelled = false;
    if ((m = strstr(buf, "Audit key:")) != NULL) {
        p = m + strlen("Audit key:");
        labelled = true;
    } else if ((m = strstr(buf, "\"audit_key\"")) != NULL) {
        p = m + strlen("\"audit_key\"");
        while (*p == ' ' || *p == ':' || *p == '"')
            p++;
        labelled = true;
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    size_t tl = strcspn(p, " \t\r\n\",}");
    if (!labelled) {
        const char *rest = p + tl;
        while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
            rest++;
        if (*rest != '\0') {
            set_why(why, why_len, "the audit key file %s must hold one key (0x + 64 hex digits)",
                    path);
            goto out;
        }
    }
    if (!parse_hex32(secret, p, tl)) {
        set_why(why, why_len, "the audit key file %s does not hold a key (0x + 64 hex digits)",
                path);
        goto out;
    }
    err = SEAL_OK;
out:
    if (err != SEAL_OK)
        seal_memzero(secret, 32);
    seal_memzero(buf, sizeof buf);
    if (fd >= 0)
        close(fd);
    return err;
}

/* ---- tree heads --------------------------------------------------------------------------- */

void seal_audit_tree_head_message(uint8_t out[static SEAL_AUDIT_TREE_HEAD_MESSAGE_BYTES],
                                  const seal_audit_tree_head *h) {
    size_t d = sizeof SEAL__AUDIT_DOMAIN_TREE_HEAD - 1;
    memcpy(out, SEAL__AUDIT_DOMAIN_TREE_HEAD, d);
    memcpy(out + d, h->log_id, 32);
    seal__audit_put_u64(out + d + 32, h->tree_size);
    seal__audit_put_u64(out + d + 40, h->timestamp_ms);
    memcpy(out + d + 48, h->root, 32);
}

seal_err seal__audit_sign_head(seal_audit_tree_head *h, const seal__audit_signer *s) {
    uint8_t msg[SEAL_AUDIT_TREE_HEAD_MESSAGE_BYTES];
    memcpy(h->log_id, s->log_id, 32);
    seal_audit_tree_head_message(msg, h);
    return crypto_sign_detached(h->signature, NULL, msg, sizeof msg, s->sk) == 0
               ? SEAL_OK
               : SEAL_ERR_CRYPTO_LIB;
}

seal_err seal_audit_tree_head_sign(seal_audit_tree_head *h, const uint8_t secret[static 32]) {
    seal__audit_signer s;
    seal_err err = seal__audit_signer_init(&s, secret);
    if (err == SEAL_OK)
        err = seal__audit_sign_head(h, &s);
    seal__audit_signer_clear(&s);
    return err;
}

seal_err seal_audit_tree_head_verify(const seal_audit_tree_head *h,
                                     const uint8_t public_key[static 32]) {
    uint8_t id[32], msg[SEAL_AUDIT_TREE_HEAD_MESSAGE_BYTES];
    seal_err err = sodium_ready();
    if (err != SEAL_OK)
        return err;
    seal_audit_log_id(id, public_key);
    if (memcmp(id, h->log_id, 32) != 0)
        return SEAL_ERR_INVALID_SIGNATURE;
    seal_audit_tree_head_message(msg, h);
    return crypto_sign_verify_detached(h->signature, msg, sizeof msg, public_key) == 0
               ? SEAL_OK
               : SEAL_ERR_INVALID_SIGNATURE;
}

void seal_audit_tree_head_encode(uint8_t out[static SEAL_AUDIT_TREE_HEAD_BYTES],
                                 const seal_audit_tree_head *h) {
    out[0] = SEAL_AUDIT_VERSION;
    memcpy(out + 1, h->log_id, 32);
    seal__audit_put_u64(out + 33, h->tree_size);
    seal__audit_put_u64(out + 41, h->timestamp_ms);
    memcpy(out + 49, h->root, 32);
    memcpy(out + 81, h->signature, 64);
}

seal_err seal_audit_tree_head_decode(seal_audit_tree_head *h, const uint8_t *in, size_t len) {
    if (in == NULL || len != SEAL_AUDIT_TREE_HEAD_BYTES || in[0] != SEAL_AUDIT_VERSION)
        return SEAL_ERR_INVALID_ENCODING;
    memcpy(h->log_id, in + 1, 32);
    h->tree_size = seal__audit_get_u64(in + 33);
    h->timestamp_ms = seal__audit_get_u64(in + 41);
    memcpy(h->root, in + 49, 32);
    memcpy(h->signature, in + 81, 64);
    return SEAL_OK;
}

/* ---- receipts ----------------------------------------------------------------------------- */

void seal_audit_receipt_message(uint8_t out[static SEAL_AUDIT_RECEIPT_MESSAGE_BYTES],
                                const seal_audit_receipt *r) {
    size_t d = sizeof SEAL__AUDIT_DOMAIN_RECEIPT - 1;
    memcpy(out, SEAL__AUDIT_DOMAIN_RECEIPT, d);
    memcpy(out + d, r->log_id, 32);
    seal__audit_put_u64(out + d + 32, r->seq);
    memcpy(out + d + 40, r->leaf_hash, 32);
}

seal_err seal__audit_sign_receipt(seal_audit_receipt *r, const seal__audit_signer *s) {
    uint8_t msg[SEAL_AUDIT_RECEIPT_MESSAGE_BYTES];
    memcpy(r->log_id, s->log_id, 32);
    seal_audit_receipt_message(msg, r);
    return crypto_sign_detached(r->signature, NULL, msg, sizeof msg, s->sk) == 0
               ? SEAL_OK
               : SEAL_ERR_CRYPTO_LIB;
}

seal_err seal_audit_receipt_sign(seal_audit_receipt *r, const uint8_t secret[static 32]) {
    seal__audit_signer s;
    seal_err err = seal__audit_signer_init(&s, secret);
    if (err == SEAL_OK)
        err = seal__audit_sign_receipt(r, &s);
    seal__audit_signer_clear(&s);
    return err;
}

seal_err seal_audit_receipt_verify(const seal_audit_receipt *r,
                                   const uint8_t public_key[static 32]) {
    uint8_t id[32], msg[SEAL_AUDIT_RECEIPT_MESSAGE_BYTES];
    seal_err err = sodium_ready();
    if (err != SEAL_OK)
        return err;
    seal_audit_log_id(id, public_key);
    if (memcmp(id, r->log_id, 32) != 0)
        return SEAL_ERR_INVALID_SIGNATURE;
    seal_audit_receipt_message(msg, r);
    return crypto_sign_verify_detached(r->signature, msg, sizeof msg, public_key) == 0
               ? SEAL_OK
               : SEAL_ERR_INVALID_SIGNATURE;
}

void seal_audit_receipt_encode(uint8_t out[static SEAL_AUDIT_RECEIPT_BYTES],
                               const seal_audit_receipt *r) {
    out[0] = SEAL_AUDIT_VERSION;
    memcpy(out + 1, r->log_id, 32);
    seal__audit_put_u64(out + 33, r->seq);
    memcpy(out + 41, r->leaf_hash, 32);
    memcpy(out + 73, r->signature, 64);
}

seal_err seal_audit_receipt_decode(seal_audit_receipt *r, const uint8_t *in, size_t len) {
    if (in == NULL || len != SEAL_AUDIT_RECEIPT_BYTES || in[0] != SEAL_AUDIT_VERSION)
        return SEAL_ERR_INVALID_ENCODING;
    memcpy(r->log_id, in + 1, 32);
    r->seq = seal__audit_get_u64(in + 33);
    memcpy(r->leaf_hash, in + 41, 32);
    memcpy(r->signature, in + 73, 64);
    return SEAL_OK;
}

/* ---- proofs ------------------------------------------------------------------------------- */

void seal_audit_proof_write(seal_bcs_writer *w, const seal_audit_proof *p) {
    seal_bcs_write_u8(w, SEAL_AUDIT_VERSION);
    seal_bcs_write_fixed(w, p->log_id, 32);
    seal_bcs_write_u64(w, p->a);
    seal_bcs_write_u64(w, p->b);
    seal_bcs_write_uleb128(w, p->n);
    for (size_t i = 0; i < p->n && i < SEAL_AUDIT_MAX_PROOF_HASHES; i++)
        seal_bcs_write_fixed(w, p->path[i], 32);
}

seal_err seal_audit_proof_decode(seal_audit_proof *p, size_t max_hashes, const uint8_t *in,
                                 size_t len) {
    seal_bcs_reader r;
    uint8_t version = 0;
    seal_err err;
    if (in == NULL || max_hashes > SEAL_AUDIT_MAX_PROOF_HASHES)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(p, 0, sizeof *p);
    seal_bcs_reader_init(&r, in, len);
    if ((err = seal_bcs_read_u8(&r, &version)) != SEAL_OK ||
        (err = seal_bcs_read_fixed(&r, p->log_id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, &p->a)) != SEAL_OK ||
        (err = seal_bcs_read_u64(&r, &p->b)) != SEAL_OK ||
        (err = seal_bcs_read_len(&r, max_hashes, &p->n)) != SEAL_OK)
        goto fail;
    if (version != SEAL_AUDIT_VERSION) {
        err = SEAL_ERR_INVALID_ENCODING;
        goto fail;
    }
    for (size_t i = 0; i < p->n; i++)
        if ((err = seal_bcs_read_fixed(&r, p->path[i], 32)) != SEAL_OK)
            goto fail;
    if ((err = seal_bcs_reader_finish(&r)) != SEAL_OK)
        goto fail;
    return SEAL_OK;
fail:
    memset(p, 0, sizeof *p);
    return err == SEAL_ERR_LIMIT ? SEAL_ERR_LIMIT : SEAL_ERR_INVALID_ENCODING;
}
