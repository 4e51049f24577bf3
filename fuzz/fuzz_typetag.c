/* Sui TypeTag: BCS validation, formatting and parsing of Move type syntax. The input is tried
 * both as BCS and as text. Properties: a valid BCS TypeTag formats (long and short addresses)
 * to text that parses back to the same BCS; text that parses gives a valid TypeTag whose
 * long-address formatting parses back to the same BCS. */
#include "fuzz_common.h"
#include "seal/sui_tx.h"

#define TEXT_CAP 65536

static char text[TEXT_CAP];
static uint8_t bcs[SEAL_SUI_TYPE_TAG_MAX_BYTES + 64];

static void check_format_parse(const uint8_t *tag, size_t len, bool long_addr) {
    size_t out_len = 0;
    seal_err e = seal_sui_type_tag_format(text, sizeof text, tag, len, long_addr);
    if (e == SEAL_ERR_LIMIT) {
        return;
    }
    FUZZ_ASSERT(e == SEAL_OK);
    FUZZ_ASSERT(strlen(text) < sizeof text);
    e = seal_sui_type_tag_parse(bcs, sizeof bcs, &out_len, text);
    if (e == SEAL_ERR_LIMIT) {
        return; /* short addresses can make the text longer than the parser's cap */
    }
    FUZZ_ASSERT(e == SEAL_OK);
    FUZZ_ASSERT(out_len == len);
    FUZZ_ASSERT(memcmp(bcs, tag, len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t *in = fuzz_dup(data, size);
    if (seal_sui_type_tag_validate(in, size) == SEAL_OK) {
        FUZZ_ASSERT(size <= SEAL_SUI_TYPE_TAG_MAX_BYTES);
        check_format_parse(in, size, true);
        check_format_parse(in, size, false);
    }
    free(in);

    char *s = fuzz_cstr(data, size);
    uint8_t *tag = malloc(SEAL_SUI_TYPE_TAG_MAX_BYTES);
    FUZZ_ASSERT(tag != NULL);
    size_t tag_len = 0;
    if (seal_sui_type_tag_parse(tag, SEAL_SUI_TYPE_TAG_MAX_BYTES, &tag_len, s) == SEAL_OK) {
        FUZZ_ASSERT(seal_sui_type_tag_validate(tag, tag_len) == SEAL_OK);
        check_format_parse(tag, tag_len, true);
    }
    free(tag);
    free(s);
    return 0;
}
