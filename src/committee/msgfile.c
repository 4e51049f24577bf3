/* Message files: message_<party>.json = {"message": "<hex of the SignedMessage BCS>"}, written
 * as upstream's serde_json::to_string_pretty writes it. */
#include <stdlib.h>
#include <string.h>

#include "committee/internal.h"
#include "util/json.h"

seal_err seal_dkg_message_file_to_json(char **out, const uint8_t *bcs, size_t len) {
    static const char head[] = "{\n  \"message\": \"";
    static const char tail[] = "\"\n}";
    *out = NULL;
    if (len > SEAL_DKG_MESSAGE_MAX_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    size_t total = (sizeof head - 1) + 2 * len + (sizeof tail - 1);
    char *s = malloc(total + 1);
    if (s == NULL) {
        return SEAL_ERR_NO_MEMORY;
    }
    memcpy(s, head, sizeof head - 1);
    seal_hex_encode(s + sizeof head - 1, bcs, len);
    memcpy(s + sizeof head - 1 + 2 * len, tail, sizeof tail);
    *out = s;
    return SEAL_OK;
}

seal_err seal_dkg_message_file_from_json(uint8_t **out, size_t *out_len, const char *json,
                                         size_t json_len) {
    json_error_t jerr;
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    uint8_t *buf = NULL;
    *out = NULL;
    *out_len = 0;
    if (json_len > 2 * SEAL_DKG_MESSAGE_MAX_BYTES + 4096) {
        return SEAL_ERR_LIMIT;
    }
    json_t *root = seal__json_loadb(json, json_len, JSON_REJECT_DUPLICATES, &jerr);
    const json_t *v = json_is_object(root) ? json_object_get(root, "message") : NULL;
    if (!json_is_string(v)) {
        goto out;
    }
    const char *hex = json_string_value(v);
    size_t hl = json_string_length(v);
    if (hl >= 2 && hex[0] == '0' && hex[1] == 'x') {
        hex += 2;
        hl -= 2;
    }
    if (hl % 2 != 0 || strlen(hex) != hl || (hl >= 2 && (hex[1] == 'x' || hex[1] == 'X'))) {
        goto out;
    }
    if (hl / 2 > SEAL_DKG_MESSAGE_MAX_BYTES) {
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    if ((buf = malloc(hl / 2 + 1)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    size_t n = 0;
    if (hl > 0 && seal_hex_decode_var(buf, hl / 2, &n, hex) != SEAL_OK) {
        goto out;
    }
    *out = buf;
    *out_len = n;
    buf = NULL;
    err = SEAL_OK;
out:
    free(buf);
    json_decref(root);
    return err;
}
