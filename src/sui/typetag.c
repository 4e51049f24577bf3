/* Move identifiers and TypeTags: BCS validation, text parsing and formatting. */
#include <string.h>

#include "seal/util.h"
#include "sui/internal.h"

static bool ident_start(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ident_char(uint8_t c) {
    return ident_start(c) || (c >= '0' && c <= '9') || c == '_';
}

seal_err seal_sui_identifier_validate(const uint8_t *s, size_t len) {
    if (s == NULL || len == 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (len > SEAL_SUI_IDENTIFIER_MAX) {
        return SEAL_ERR_LIMIT;
    }
    if (!(ident_start(s[0]) || (s[0] == '_' && len > 1))) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    for (size_t i = 1; i < len; i++) {
        if (!ident_char(s[i])) {
            return SEAL_ERR_INVALID_ENCODING;
        }
    }
    return SEAL_OK;
}

seal_err seal__sui_read_identifier(seal_bcs_reader *r, seal_sui_bytes *out) {
    const uint8_t *p = NULL;
    size_t n = 0;
    seal_err err = seal_bcs_read_bytes(r, SEAL_SUI_IDENTIFIER_MAX, &p, &n);
    if (err == SEAL_OK) {
        err = seal_sui_identifier_validate(p, n);
        if (err != SEAL_OK) {
            r->failed = true;
        }
    }
    out->ptr = err == SEAL_OK ? p : NULL;
    out->len = err == SEAL_OK ? n : 0;
    return err;
}

/* ---- BCS ------------------------------------------------------------------------------------ */

static seal_err read_struct_body(seal_bcs_reader *r, unsigned depth);

static seal_err read_tag(seal_bcs_reader *r, unsigned depth) {
    uint32_t v = 0;
    seal_err err;
    if (depth > SEAL_SUI_TYPE_TAG_MAX_DEPTH) {
        r->failed = true;
        return SEAL_ERR_LIMIT;
    }
    if ((err = seal_bcs_read_variant(r, 11, &v)) != SEAL_OK) {
        return err;
    }
    if (v == SEAL_SUI_TYPE_VECTOR) {
        return read_tag(r, depth + 1);
    }
    if (v != SEAL_SUI_TYPE_STRUCT) {
        return SEAL_OK;
    }
    return read_struct_body(r, depth);
}

static seal_err read_struct_body(seal_bcs_reader *r, unsigned depth) {
    seal_err err;
    const uint8_t *addr = NULL;
    seal_sui_bytes ident;
    size_t n = 0;
    if ((err = seal_bcs_read_borrow(r, &addr, 32)) != SEAL_OK ||
        (err = seal__sui_read_identifier(r, &ident)) != SEAL_OK ||
        (err = seal__sui_read_identifier(r, &ident)) != SEAL_OK ||
        (err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS, &n)) != SEAL_OK) {
        return err;
    }
    for (size_t i = 0; i < n; i++) {
        if ((err = read_tag(r, depth + 1)) != SEAL_OK) {
            return err;
        }
    }
    return SEAL_OK;
}

seal_err seal_sui_type_tag_read(seal_bcs_reader *r, seal_sui_type_tag *out) {
    size_t start = r->pos;
    seal_err err = read_tag(r, 1);
    if (err == SEAL_OK && r->pos - start > SEAL_SUI_TYPE_TAG_MAX_BYTES) {
        r->failed = true;
        err = SEAL_ERR_LIMIT;
    }
    out->ptr = err == SEAL_OK ? r->buf + start : NULL;
    out->len = err == SEAL_OK ? r->pos - start : 0;
    return err;
}

seal_err seal__sui_struct_tag_read(seal_bcs_reader *r, seal_sui_bytes *out) {
    size_t start = r->pos;
    seal_err err = read_struct_body(r, 1);
    if (err == SEAL_OK && r->pos - start > SEAL_SUI_TYPE_TAG_MAX_BYTES) {
        r->failed = true;
        err = SEAL_ERR_LIMIT;
    }
    out->ptr = err == SEAL_OK ? r->buf + start : NULL;
    out->len = err == SEAL_OK ? r->pos - start : 0;
    return err;
}

seal_err seal_sui_type_tag_validate(const uint8_t *bcs, size_t len) {
    seal_bcs_reader r;
    seal_sui_type_tag t;
    if (bcs == NULL || len == 0) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    seal_bcs_reader_init(&r, bcs, len);
    seal_err err = seal_sui_type_tag_read(&r, &t);
    if (err == SEAL_OK) {
        err = seal_bcs_reader_finish(&r);
    }
    return err;
}

/* ---- text -> BCS ---------------------------------------------------------------------------- */

typedef struct parser {
    const char *s;
    size_t pos;
    seal_bcs_writer *w;
} parser;

static const struct {
    const char *name;
    uint8_t tag;
} primitives[] = {
    {"bool", SEAL_SUI_TYPE_BOOL},     {"u8", SEAL_SUI_TYPE_U8},
    {"u16", SEAL_SUI_TYPE_U16},       {"u32", SEAL_SUI_TYPE_U32},
    {"u64", SEAL_SUI_TYPE_U64},       {"u128", SEAL_SUI_TYPE_U128},
    {"u256", SEAL_SUI_TYPE_U256},     {"address", SEAL_SUI_TYPE_ADDRESS},
    {"signer", SEAL_SUI_TYPE_SIGNER},
};

static size_t token_len(const parser *p) {
    size_t n = 0;
    while (ident_char((uint8_t)p->s[p->pos + n])) {
        n++;
    }
    return n;
}

static void skip_spaces(parser *p) {
    while (p->s[p->pos] == ' ') {
        p->pos++;
    }
}

static seal_err parse_type(parser *p, unsigned depth);

static seal_err parse_ident(parser *p) {
    size_t n = token_len(p);
    seal_err err = seal_sui_identifier_validate((const uint8_t *)p->s + p->pos, n);
    if (err != SEAL_OK) {
        return err;
    }
    seal_bcs_write_bytes(p->w, (const uint8_t *)p->s + p->pos, n);
    p->pos += n;
    return SEAL_OK;
}

static seal_err parse_type(parser *p, unsigned depth) {
    seal_err err;
    if (depth > SEAL_SUI_TYPE_TAG_MAX_DEPTH) {
        return SEAL_ERR_LIMIT;
    }
    size_t n = token_len(p);
    const char *tok = p->s + p->pos;
    for (size_t i = 0; i < sizeof primitives / sizeof primitives[0]; i++) {
        if (strlen(primitives[i].name) == n && memcmp(tok, primitives[i].name, n) == 0) {
            seal_bcs_write_u8(p->w, primitives[i].tag);
            p->pos += n;
            return SEAL_OK;
        }
    }
    if (n == 6 && memcmp(tok, "vector", 6) == 0 && tok[6] == '<') {
        seal_bcs_write_u8(p->w, SEAL_SUI_TYPE_VECTOR);
        p->pos += 7;
        skip_spaces(p);
        if ((err = parse_type(p, depth + 1)) != SEAL_OK) {
            return err;
        }
        skip_spaces(p);
        if (p->s[p->pos] != '>') {
            return SEAL_ERR_INVALID_ENCODING;
        }
        p->pos++;
        return SEAL_OK;
    }
    /* Struct: address::module::name[<T, …>] */
    uint8_t addr[32];
    if (n == 0 || (err = seal_sui_address_parse_n(addr, tok, n)) != SEAL_OK) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    seal_bcs_write_u8(p->w, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(p->w, addr, 32);
    p->pos += n;
    for (int part = 0; part < 2; part++) {
        if (p->s[p->pos] != ':' || p->s[p->pos + 1] != ':') {
            return SEAL_ERR_INVALID_ENCODING;
        }
        p->pos += 2;
        if ((err = parse_ident(p)) != SEAL_OK) {
            return err;
        }
    }
    if (p->s[p->pos] != '<') {
        seal_bcs_write_u8(p->w, 0);
        return SEAL_OK;
    }
    p->pos++;
    /* The parameter count (<= 64, so one ULEB128 byte) is patched in once known. */
    size_t count_at = p->w->len;
    seal_bcs_write_u8(p->w, 0);
    size_t count = 0;
    for (;;) {
        skip_spaces(p);
        if ((err = parse_type(p, depth + 1)) != SEAL_OK) {
            return err;
        }
        if (++count > SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS) {
            return SEAL_ERR_LIMIT;
        }
        skip_spaces(p);
        if (p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->s[p->pos] == '>') {
            p->pos++;
            break;
        }
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (count_at < p->w->cap) {
        p->w->buf[count_at] = (uint8_t)count;
    }
    return SEAL_OK;
}

seal_err seal_sui_type_tag_parse(uint8_t *out, size_t out_cap, size_t *out_len, const char *text) {
    seal_bcs_writer w;
    seal_err err;
    if (out_len == NULL || text == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    *out_len = 0;
    if (strnlen(text, SEAL_SUI_TYPE_TAG_TEXT_MAX + 1) > SEAL_SUI_TYPE_TAG_TEXT_MAX) {
        return SEAL_ERR_LIMIT;
    }
    seal_bcs_writer_init(&w, out, out_cap);
    parser p = {text, 0, &w};
    if ((err = parse_type(&p, 1)) != SEAL_OK) {
        return err;
    }
    if (text[p.pos] != '\0') {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (w.len > SEAL_SUI_TYPE_TAG_MAX_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK) {
        return err;
    }
    *out_len = w.len;
    return SEAL_OK;
}

/* ---- BCS -> text ---------------------------------------------------------------------------- */

typedef struct out_buf {
    char *p;
    size_t cap;
    size_t len;
} out_buf;

static void put(out_buf *o, const char *s, size_t n) {
    if (o->len + n < o->cap) {
        memcpy(o->p + o->len, s, n);
    }
    o->len += n;
}

static seal_err format_tag(seal_bcs_reader *r, out_buf *o, bool long_addresses, unsigned depth) {
    uint32_t v = 0;
    seal_err err;
    if (depth > SEAL_SUI_TYPE_TAG_MAX_DEPTH) {
        return SEAL_ERR_LIMIT;
    }
    if ((err = seal_bcs_read_variant(r, 11, &v)) != SEAL_OK) {
        return err;
    }
    static const char *const names[11] = {"bool",   "u8",     "u64", "u128", "address", "signer",
                                          "vector", "struct", "u16", "u32",  "u256"};
    if (v == SEAL_SUI_TYPE_VECTOR) {
        put(o, "vector<", 7);
        if ((err = format_tag(r, o, long_addresses, depth + 1)) != SEAL_OK) {
            return err;
        }
        put(o, ">", 1);
        return SEAL_OK;
    }
    if (v != SEAL_SUI_TYPE_STRUCT) {
        put(o, names[v], strlen(names[v]));
        return SEAL_OK;
    }
    uint8_t addr[32];
    seal_sui_bytes module, name;
    size_t n = 0;
    if ((err = seal_bcs_read_fixed(r, addr, 32)) != SEAL_OK ||
        (err = seal__sui_read_identifier(r, &module)) != SEAL_OK ||
        (err = seal__sui_read_identifier(r, &name)) != SEAL_OK ||
        (err = seal_bcs_read_len(r, SEAL_SUI_PTB_MAX_TYPE_ARGUMENTS, &n)) != SEAL_OK) {
        return err;
    }
    char a[SEAL_SUI_ADDRESS_HEX_BYTES];
    if (long_addresses) {
        seal_sui_address_format(a, addr);
    } else {
        seal_sui_address_format_short(a, addr);
    }
    put(o, a, strlen(a));
    put(o, "::", 2);
    put(o, (const char *)module.ptr, module.len);
    put(o, "::", 2);
    put(o, (const char *)name.ptr, name.len);
    if (n > 0) {
        put(o, "<", 1);
        for (size_t i = 0; i < n; i++) {
            if (i > 0) {
                put(o, ", ", 2);
            }
            if ((err = format_tag(r, o, long_addresses, depth + 1)) != SEAL_OK) {
                return err;
            }
        }
        put(o, ">", 1);
    }
    return SEAL_OK;
}

seal_err seal_sui_type_tag_format(char *out, size_t out_cap, const uint8_t *bcs, size_t len,
                                  bool long_addresses) {
    seal_err err = seal_sui_type_tag_validate(bcs, len);
    if (out == NULL || out_cap == 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    out[0] = '\0';
    if (err != SEAL_OK) {
        return err;
    }
    seal_bcs_reader r;
    seal_bcs_reader_init(&r, bcs, len);
    out_buf o = {out, out_cap, 0};
    if ((err = format_tag(&r, &o, long_addresses, 1)) != SEAL_OK) {
        return err;
    }
    if (o.len >= out_cap) {
        out[0] = '\0';
        return SEAL_ERR_LIMIT;
    }
    out[o.len] = '\0';
    return SEAL_OK;
}
