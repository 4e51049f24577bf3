/* Intent digests, object-id derivations, and the Seal certificate / request byte strings. */
#include <stdio.h>
#include <string.h>

#include "seal/util.h"
#include "sui/internal.h"

void seal_sui_intent_digest(uint8_t out[static 32], seal_sui_intent intent,
                            const uint8_t *value_bcs, size_t value_len) {
    uint8_t prefix[3] = {intent.scope, intent.version, intent.app_id};
    seal_sui_blake2b256(out, prefix, 3, value_bcs, value_len);
}

void seal_sui_personal_message_intent_write(seal_bcs_writer *w, const uint8_t *msg, size_t len) {
    seal_bcs_write_u8(w, SEAL_SUI_INTENT_PERSONAL_MESSAGE);
    seal_bcs_write_u8(w, SEAL_SUI_INTENT_VERSION_V0);
    seal_bcs_write_u8(w, SEAL_SUI_INTENT_APP_SUI);
    seal_bcs_write_bytes(w, msg, len);
}

seal_err seal_sui_personal_message_digest(uint8_t out[static 32], const uint8_t *msg, size_t len) {
    if (len > SEAL_BCS_MAX_ULEB) {
        memset(out, 0, 32);
        return SEAL_ERR_LIMIT;
    }
    if (msg == NULL && len > 0) {
        memset(out, 0, 32);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    uint8_t prefix[3 + SEAL_BCS_MAX_ULEB_BYTES];
    prefix[0] = SEAL_SUI_INTENT_PERSONAL_MESSAGE;
    prefix[1] = SEAL_SUI_INTENT_VERSION_V0;
    prefix[2] = SEAL_SUI_INTENT_APP_SUI;
    uint8_t uleb[10];
    size_t n = seal_bcs_uleb128_encode(uleb, len);
    memcpy(prefix + 3, uleb, n);
    seal_sui_blake2b256(out, prefix, 3 + n, msg, len);
    return SEAL_OK;
}

void seal_sui_transaction_signing_digest(uint8_t out[static 32], const uint8_t *tx_data_bcs,
                                         size_t len) {
    seal_sui_intent intent = {SEAL_SUI_INTENT_TRANSACTION_DATA, SEAL_SUI_INTENT_VERSION_V0,
                              SEAL_SUI_INTENT_APP_SUI};
    seal_sui_intent_digest(out, intent, tx_data_bcs, len);
}

void seal_sui_transaction_digest(uint8_t out[static 32], const uint8_t *tx_data_bcs, size_t len) {
    static const char tag[] = "TransactionData::";
    seal_sui_blake2b256(out, (const uint8_t *)tag, sizeof tag - 1, tx_data_bcs, len);
}

/* ---- object ids ----------------------------------------------------------------------------- */

void seal_sui_object_id_from_transaction(uint8_t out[static 32], const uint8_t tx_digest[static 32],
                                         uint64_t creation_index) {
    uint8_t buf[1 + 32 + 8];
    buf[0] = SEAL__SUI_SCOPE_REGULAR_OBJECT_ID;
    memcpy(buf + 1, tx_digest, 32);
    for (int i = 0; i < 8; i++) {
        buf[33 + i] = (uint8_t)(creation_index >> (8 * i));
    }
    seal_sui_blake2b256(out, buf, sizeof buf, NULL, 0);
}

/* BLAKE2b-256(f0 || parent || u64_le(key_len) || key || type_prefix || type || type_suffix). */
static void child_id(uint8_t out[32], const uint8_t parent[32], const uint8_t *type_prefix,
                     size_t prefix_len, const uint8_t *type, size_t type_len, const uint8_t *key,
                     size_t key_len) {
    seal__sui_blake2b h;
    uint8_t head[1 + 32 + 8];
    head[0] = SEAL__SUI_SCOPE_CHILD_OBJECT_ID;
    memcpy(head + 1, parent, 32);
    for (int i = 0; i < 8; i++) {
        head[33 + i] = (uint8_t)((uint64_t)key_len >> (8 * i));
    }
    seal__sui_blake2b_init(&h);
    seal__sui_blake2b_update(&h, head, sizeof head);
    seal__sui_blake2b_update(&h, key, key_len);
    seal__sui_blake2b_update(&h, type_prefix, prefix_len);
    seal__sui_blake2b_update(&h, type, type_len);
    seal__sui_blake2b_final(&h, out);
}

seal_err seal_sui_dynamic_field_id(uint8_t out[static 32], const uint8_t parent[static 32],
                                   const uint8_t *key_type_tag_bcs, size_t type_len,
                                   const uint8_t *key_bcs, size_t key_len) {
    seal_err err = seal_sui_type_tag_validate(key_type_tag_bcs, type_len);
    if (err != SEAL_OK || (key_bcs == NULL && key_len > 0)) {
        memset(out, 0, 32);
        return err != SEAL_OK ? err : SEAL_ERR_INVALID_ARGUMENT;
    }
    child_id(out, parent, NULL, 0, key_type_tag_bcs, type_len, key_bcs, key_len);
    return SEAL_OK;
}

/* BCS TypeTag prefix of 0x2::derived_object::DerivedObjectKey<…> with one type parameter. */
static size_t derived_key_prefix(uint8_t out[96]) {
    static const char module[] = "derived_object";
    static const char name[] = "DerivedObjectKey";
    size_t n = 0;
    out[n++] = SEAL_SUI_TYPE_STRUCT;
    memset(out + n, 0, 32);
    out[n + 31] = 2;
    n += 32;
    out[n++] = (uint8_t)(sizeof module - 1);
    memcpy(out + n, module, sizeof module - 1);
    n += sizeof module - 1;
    out[n++] = (uint8_t)(sizeof name - 1);
    memcpy(out + n, name, sizeof name - 1);
    n += sizeof name - 1;
    out[n++] = 1; /* one type parameter follows */
    return n;
}

seal_err seal_sui_derived_object_id(uint8_t out[static 32], const uint8_t parent[static 32],
                                    const uint8_t *key_type_tag_bcs, size_t type_len,
                                    const uint8_t *key_bcs, size_t key_len) {
    seal_err err = seal_sui_type_tag_validate(key_type_tag_bcs, type_len);
    if (err != SEAL_OK || (key_bcs == NULL && key_len > 0)) {
        memset(out, 0, 32);
        return err != SEAL_OK ? err : SEAL_ERR_INVALID_ARGUMENT;
    }
    uint8_t prefix[96];
    size_t n = derived_key_prefix(prefix);
    child_id(out, parent, prefix, n, key_type_tag_bcs, type_len, key_bcs, key_len);
    return SEAL_OK;
}

void seal_sui_address_alias_id(uint8_t out[static 32], const uint8_t address[static 32]) {
    static const char module[] = "address_alias";
    static const char name[] = "AliasKey";
    uint8_t tag[96];
    size_t n = 0;
    tag[n++] = SEAL_SUI_TYPE_STRUCT;
    memset(tag + n, 0, 32);
    tag[n + 31] = 2;
    n += 32;
    tag[n++] = (uint8_t)(sizeof module - 1);
    memcpy(tag + n, module, sizeof module - 1);
    n += sizeof module - 1;
    tag[n++] = (uint8_t)(sizeof name - 1);
    memcpy(tag + n, name, sizeof name - 1);
    n += sizeof name - 1;
    tag[n++] = 0; /* no type parameters */
    uint8_t parent[32] = {0};
    parent[31] = 0x0a;
    uint8_t prefix[96];
    size_t p = derived_key_prefix(prefix);
    child_id(out, parent, prefix, p, tag, n, address, 32);
}

/* ---- certificate message and request bytes -------------------------------------------------- */

/* Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

seal_err seal_sui_certificate_message(char *out, size_t out_cap, size_t *out_len,
                                      const char *package_name, const uint8_t session_vk[static 32],
                                      uint64_t creation_time_ms, uint16_t ttl_min) {
    if (out_len != NULL) {
        *out_len = 0;
    }
    if (out == NULL || package_name == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    size_t name_len = strnlen(package_name, SEAL_SUI_PACKAGE_NAME_MAX + 1);
    if (name_len == 0 || name_len > SEAL_SUI_PACKAGE_NAME_MAX) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    for (size_t i = 0; i < name_len; i++) {
        if (package_name[i] < 0x21 || package_name[i] > 0x7e) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
    }
    uint64_t secs = creation_time_ms / 1000;
    int64_t days = (int64_t)(secs / 86400);
    unsigned sod = (unsigned)(secs % 86400);
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    char vk_b64[45];
    seal_sui_base64_encode(vk_b64, session_vk, 32);
    int n = snprintf(out, out_cap,
                     "Accessing keys of package %s for %u mins from %04lld-%02u-%02u "
                     "%02u:%02u:%02u UTC, session key %s",
                     package_name, (unsigned)ttl_min, (long long)year, month, day, sod / 3600,
                     sod / 60 % 60, sod % 60, vk_b64);
    if (n < 0) {
        out[0] = '\0';
        return SEAL_ERR_INTERNAL;
    }
    if ((size_t)n >= out_cap) {
        if (out_cap > 0) {
            out[0] = '\0';
        }
        return SEAL_ERR_LIMIT;
    }
    if (out_len != NULL) {
        *out_len = (size_t)n;
    }
    return SEAL_OK;
}

seal_err seal_sui_certificate_message_for_package(char *out, size_t out_cap, size_t *out_len,
                                                  const uint8_t package_id[static 32],
                                                  const uint8_t session_vk[static 32],
                                                  uint64_t creation_time_ms, uint16_t ttl_min) {
    char pkg[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(pkg, package_id);
    return seal_sui_certificate_message(out, out_cap, out_len, pkg, session_vk, creation_time_ms,
                                        ttl_min);
}

void seal_sui_request_bytes_write(seal_bcs_writer *w, const uint8_t *ptb_bcs, size_t ptb_len,
                                  const uint8_t enc_key[static 48],
                                  const uint8_t enc_verification_key[static 96]) {
    seal_bcs_write_bytes(w, ptb_bcs, ptb_len);
    seal_bcs_write_bytes(w, enc_key, 48);
    seal_bcs_write_bytes(w, enc_verification_key, 96);
}
