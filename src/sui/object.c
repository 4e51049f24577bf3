/* Sui objects: Owner, MoveObjectType, Move objects and packages in BCS; object digests. */
#include <string.h>

#include "seal/sui_object.h"
#include "seal/util.h"
#include "sui/internal.h"

/* ---- Owner ---------------------------------------------------------------------------------- */

seal_err seal_sui_owner_read(seal_bcs_reader *r, seal_sui_owner *out) {
    uint32_t v = 0;
    seal_err err;
    memset(out, 0, sizeof *out);
    if ((err = seal_bcs_read_variant(r, 5, &v)) != SEAL_OK) {
        return err;
    }
    out->kind = (seal_sui_owner_kind)v;
    switch (out->kind) {
    case SEAL_SUI_OWNER_ADDRESS:
    case SEAL_SUI_OWNER_OBJECT:
        return seal_bcs_read_fixed(r, out->address, 32);
    case SEAL_SUI_OWNER_SHARED:
        return seal_bcs_read_u64(r, &out->version);
    case SEAL_SUI_OWNER_IMMUTABLE:
        return SEAL_OK;
    case SEAL_SUI_OWNER_CONSENSUS_ADDRESS:
        if ((err = seal_bcs_read_u64(r, &out->version)) != SEAL_OK) {
            return err;
        }
        return seal_bcs_read_fixed(r, out->address, 32);
    }
    return SEAL_ERR_INTERNAL;
}

seal_err seal_sui_owner_write(seal_bcs_writer *w, const seal_sui_owner *o) {
    switch (o->kind) {
    case SEAL_SUI_OWNER_ADDRESS:
    case SEAL_SUI_OWNER_OBJECT:
        seal_bcs_write_uleb128(w, o->kind);
        seal_bcs_write_fixed(w, o->address, 32);
        return SEAL_OK;
    case SEAL_SUI_OWNER_SHARED:
        seal_bcs_write_uleb128(w, o->kind);
        seal_bcs_write_u64(w, o->version);
        return SEAL_OK;
    case SEAL_SUI_OWNER_IMMUTABLE:
        seal_bcs_write_uleb128(w, o->kind);
        return SEAL_OK;
    case SEAL_SUI_OWNER_CONSENSUS_ADDRESS:
        seal_bcs_write_uleb128(w, o->kind);
        seal_bcs_write_u64(w, o->version);
        seal_bcs_write_fixed(w, o->address, 32);
        return SEAL_OK;
    }
    return SEAL_ERR_INVALID_ARGUMENT;
}

/* ---- MoveObjectType <-> TypeTag ------------------------------------------------------------- */

/* Appends a struct TypeTag header: 07 || address(last byte = addr_byte) || module || name ||
 * ULEB(n_params). */
static void write_struct_head(seal_bcs_writer *w, uint8_t addr_byte, const char *module,
                              const char *name, uint8_t n_params) {
    uint8_t addr[32] = {0};
    addr[31] = addr_byte;
    seal_bcs_write_u8(w, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(w, addr, 32);
    seal_bcs_write_bytes(w, (const uint8_t *)module, strlen(module));
    seal_bcs_write_bytes(w, (const uint8_t *)name, strlen(name));
    seal_bcs_write_u8(w, n_params);
}

static size_t sui_tag(uint8_t out[64]) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, 64);
    write_struct_head(&w, 2, "sui", "SUI", 0);
    return w.len;
}

static size_t coin_head(uint8_t out[64]) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, 64);
    write_struct_head(&w, 2, "coin", "Coin", 1);
    return w.len;
}

static size_t staked_sui_tag(uint8_t out[64]) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, 64);
    write_struct_head(&w, 3, "staking_pool", "StakedSui", 0);
    return w.len;
}

seal_err seal_sui_move_object_type_to_type_tag(uint8_t *out, size_t out_cap, size_t *out_len,
                                               const seal_sui_move_object_type *t) {
    seal_bcs_writer w;
    uint8_t tmp[64];
    size_t n;
    seal_err err;
    *out_len = 0;
    seal_bcs_writer_init(&w, out, out_cap);
    switch (t->kind) {
    case SEAL_SUI_MOVE_OBJECT_OTHER: {
        seal_bcs_reader r;
        seal_sui_bytes body;
        seal_bcs_reader_init(&r, t->tag.ptr, t->tag.len);
        if (t->tag.ptr == NULL || seal__sui_struct_tag_read(&r, &body) != SEAL_OK ||
            seal_bcs_reader_finish(&r) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_u8(&w, SEAL_SUI_TYPE_STRUCT);
        seal_bcs_write_fixed(&w, t->tag.ptr, t->tag.len);
        break;
    }
    case SEAL_SUI_MOVE_OBJECT_GAS_COIN:
        n = coin_head(tmp);
        seal_bcs_write_fixed(&w, tmp, n);
        n = sui_tag(tmp);
        seal_bcs_write_fixed(&w, tmp, n);
        break;
    case SEAL_SUI_MOVE_OBJECT_STAKED_SUI:
        n = staked_sui_tag(tmp);
        seal_bcs_write_fixed(&w, tmp, n);
        break;
    case SEAL_SUI_MOVE_OBJECT_COIN:
        if (seal_sui_type_tag_validate(t->tag.ptr, t->tag.len) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        n = coin_head(tmp);
        seal_bcs_write_fixed(&w, tmp, n);
        seal_bcs_write_fixed(&w, t->tag.ptr, t->tag.len);
        break;
    default:
        /* AccumulatorBalanceWrapper's Move name is not pinned down here. */
        return SEAL_ERR_UNSUPPORTED;
    }
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK) {
        return err;
    }
    *out_len = w.len;
    return SEAL_OK;
}

seal_err seal_sui_move_object_type_from_type_tag(seal_sui_move_object_type *out, const uint8_t *tag,
                                                 size_t len) {
    uint8_t tmp[64];
    size_t n;
    memset(out, 0, sizeof *out);
    if (seal_sui_type_tag_validate(tag, len) != SEAL_OK || tag[0] != SEAL_SUI_TYPE_STRUCT) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    n = staked_sui_tag(tmp);
    if (len == n && memcmp(tag, tmp, n) == 0) {
        out->kind = SEAL_SUI_MOVE_OBJECT_STAKED_SUI;
        return SEAL_OK;
    }
    n = coin_head(tmp);
    if (len > n && memcmp(tag, tmp, n) == 0) {
        uint8_t sui[64];
        size_t m = sui_tag(sui);
        if (len - n == m && memcmp(tag + n, sui, m) == 0) {
            out->kind = SEAL_SUI_MOVE_OBJECT_GAS_COIN;
        } else {
            out->kind = SEAL_SUI_MOVE_OBJECT_COIN;
            out->tag.ptr = tag + n;
            out->tag.len = len - n;
        }
        return SEAL_OK;
    }
    out->kind = SEAL_SUI_MOVE_OBJECT_OTHER;
    out->tag.ptr = tag + 1;
    out->tag.len = len - 1;
    return SEAL_OK;
}

/* ---- packages ------------------------------------------------------------------------------- */

/* Serialized map keys must be strictly increasing (bytewise), as BCS requires. */
static bool key_after(const uint8_t *prev, size_t prev_len, const uint8_t *key, size_t len) {
    size_t m = prev_len < len ? prev_len : len;
    int c = memcmp(prev, key, m);
    return c < 0 || (c == 0 && prev_len < len);
}

static seal_err read_package(seal_bcs_reader *r, uint8_t id[32], uint64_t *version) {
    size_t n = 0;
    seal_err err;
    if ((err = seal_bcs_read_fixed(r, id, 32)) != SEAL_OK ||
        (err = seal_bcs_read_u64(r, version)) != SEAL_OK ||
        (err = seal_bcs_read_len(r, SEAL_SUI_PACKAGE_MAX_MODULES, &n)) != SEAL_OK) {
        return err;
    }
    const uint8_t *prev = NULL;
    size_t prev_len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t start = r->pos;
        seal_sui_bytes name;
        const uint8_t *code = NULL;
        size_t code_len = 0;
        if ((err = seal__sui_read_identifier(r, &name)) != SEAL_OK) {
            return err;
        }
        if (i > 0 && !key_after(prev, prev_len, r->buf + start, r->pos - start)) {
            r->failed = true;
            return SEAL_ERR_INVALID_ENCODING;
        }
        prev = r->buf + start;
        prev_len = r->pos - start;
        if ((err = seal_bcs_read_bytes(r, SEAL_SUI_OBJECT_MAX_BYTES, &code, &code_len)) !=
            SEAL_OK) {
            return err;
        }
    }
    /* type_origin_table: vector<TypeOrigin { module_name, datatype_name, package }> */
    if ((err = seal_bcs_read_len(r, 65536, &n)) != SEAL_OK) {
        return err;
    }
    for (size_t i = 0; i < n; i++) {
        seal_sui_bytes s;
        uint8_t pkg[32];
        if ((err = seal__sui_read_identifier(r, &s)) != SEAL_OK ||
            (err = seal__sui_read_identifier(r, &s)) != SEAL_OK ||
            (err = seal_bcs_read_fixed(r, pkg, 32)) != SEAL_OK) {
            return err;
        }
    }
    /* linkage_table: map<ObjectID, UpgradeInfo { upgraded_id, upgraded_version }> */
    if ((err = seal_bcs_read_len(r, 4096, &n)) != SEAL_OK) {
        return err;
    }
    uint8_t prev_key[32];
    for (size_t i = 0; i < n; i++) {
        uint8_t key[32], up[32];
        uint64_t v;
        if ((err = seal_bcs_read_fixed(r, key, 32)) != SEAL_OK) {
            return err;
        }
        if (i > 0 && memcmp(prev_key, key, 32) >= 0) {
            r->failed = true;
            return SEAL_ERR_INVALID_ENCODING;
        }
        memcpy(prev_key, key, 32);
        if ((err = seal_bcs_read_fixed(r, up, 32)) != SEAL_OK ||
            (err = seal_bcs_read_u64(r, &v)) != SEAL_OK) {
            return err;
        }
    }
    return SEAL_OK;
}

/* ---- objects -------------------------------------------------------------------------------- */

static seal_err read_object(seal_bcs_reader *r, seal_sui_object *o) {
    uint32_t v = 0;
    seal_err err;
    if ((err = seal_bcs_read_variant(r, 2, &v)) != SEAL_OK) {
        return err;
    }
    o->is_package = v == 1;
    if (o->is_package) {
        size_t start = r->pos;
        if ((err = read_package(r, o->package_id, &o->package_version)) != SEAL_OK) {
            return err;
        }
        o->package.ptr = r->buf + start;
        o->package.len = r->pos - start;
    } else {
        if ((err = seal_bcs_read_variant(r, 5, &v)) != SEAL_OK) {
            return err;
        }
        o->type.kind = (seal_sui_move_object_kind)v;
        if (v == SEAL_SUI_MOVE_OBJECT_OTHER) {
            err = seal__sui_struct_tag_read(r, &o->type.tag);
        } else if (v == SEAL_SUI_MOVE_OBJECT_COIN) {
            err = seal_sui_type_tag_read(r, &o->type.tag);
        }
        if (err != SEAL_OK || (err = seal_bcs_read_bool(r, &o->has_public_transfer)) != SEAL_OK ||
            (err = seal_bcs_read_u64(r, &o->version)) != SEAL_OK ||
            (err = seal_bcs_read_bytes(r, SEAL_SUI_OBJECT_MAX_BYTES, &o->contents.ptr,
                                       &o->contents.len)) != SEAL_OK) {
            return err;
        }
        if (o->contents.len < 32) { /* every Move object starts with its UID */
            r->failed = true;
            return SEAL_ERR_INVALID_ENCODING;
        }
    }
    const uint8_t *d = NULL;
    size_t n = 0;
    if ((err = seal_sui_owner_read(r, &o->owner)) != SEAL_OK ||
        (err = seal_bcs_read_bytes(r, 32, &d, &n)) != SEAL_OK) {
        return err;
    }
    if (n != 32) {
        r->failed = true;
        return SEAL_ERR_INVALID_ENCODING;
    }
    memcpy(o->previous_transaction, d, 32);
    return seal_bcs_read_u64(r, &o->storage_rebate);
}

seal_err seal_sui_object_decode(seal_sui_object *out, const uint8_t *bcs, size_t len) {
    seal_bcs_reader r;
    seal_err err;
    memset(out, 0, sizeof *out);
    if (bcs == NULL) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (len > SEAL_SUI_OBJECT_MAX_BYTES) {
        return SEAL_ERR_LIMIT;
    }
    seal_bcs_reader_init(&r, bcs, len);
    err = read_object(&r, out);
    if (err == SEAL_OK) {
        err = seal_bcs_reader_finish(&r);
    }
    if (err != SEAL_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}

static seal_err write_object(seal_bcs_writer *w, const seal_sui_object *o) {
    seal_err err;
    if (o->is_package) {
        seal_bcs_reader r;
        uint8_t id[32];
        uint64_t version;
        seal_bcs_reader_init(&r, o->package.ptr, o->package.len);
        if (o->package.ptr == NULL || read_package(&r, id, &version) != SEAL_OK ||
            seal_bcs_reader_finish(&r) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_uleb128(w, 1);
        seal_bcs_write_fixed(w, o->package.ptr, o->package.len);
    } else {
        if ((unsigned)o->type.kind > SEAL_SUI_MOVE_OBJECT_ACCUMULATOR_BALANCE_WRAPPER ||
            o->contents.len < 32 || o->contents.len > SEAL_SUI_OBJECT_MAX_BYTES ||
            o->contents.ptr == NULL) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_uleb128(w, 0);
        seal_bcs_write_uleb128(w, o->type.kind);
        if (o->type.kind == SEAL_SUI_MOVE_OBJECT_OTHER) {
            seal_bcs_reader r;
            seal_sui_bytes body;
            seal_bcs_reader_init(&r, o->type.tag.ptr, o->type.tag.len);
            if (o->type.tag.ptr == NULL || seal__sui_struct_tag_read(&r, &body) != SEAL_OK ||
                seal_bcs_reader_finish(&r) != SEAL_OK) {
                return SEAL_ERR_INVALID_ARGUMENT;
            }
            seal_bcs_write_fixed(w, o->type.tag.ptr, o->type.tag.len);
        } else if (o->type.kind == SEAL_SUI_MOVE_OBJECT_COIN) {
            if (seal_sui_type_tag_validate(o->type.tag.ptr, o->type.tag.len) != SEAL_OK) {
                return SEAL_ERR_INVALID_ARGUMENT;
            }
            seal_bcs_write_fixed(w, o->type.tag.ptr, o->type.tag.len);
        }
        seal_bcs_write_bool(w, o->has_public_transfer);
        seal_bcs_write_u64(w, o->version);
        seal_bcs_write_bytes(w, o->contents.ptr, o->contents.len);
    }
    if ((err = seal_sui_owner_write(w, &o->owner)) != SEAL_OK) {
        return err;
    }
    seal_bcs_write_bytes(w, o->previous_transaction, 32);
    seal_bcs_write_u64(w, o->storage_rebate);
    return SEAL_OK;
}

seal_err seal_sui_object_encode(seal_bcs_writer *w, const seal_sui_object *o) {
    seal_bcs_writer m;
    seal_bcs_writer_init(&m, NULL, 0);
    if (o == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_err err = write_object(&m, o);
    if (err == SEAL_OK) {
        err = write_object(w, o);
    }
    return err;
}

seal_err seal_sui_object_id(uint8_t out[static 32], const seal_sui_object *o) {
    if (o->is_package) {
        memcpy(out, o->package_id, 32);
        return SEAL_OK;
    }
    if (o->contents.ptr == NULL || o->contents.len < 32) {
        memset(out, 0, 32);
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    memcpy(out, o->contents.ptr, 32);
    return SEAL_OK;
}

void seal_sui_object_digest(uint8_t out[static 32], const uint8_t *bcs, size_t len) {
    static const char tag[] = "Object::";
    seal_sui_blake2b256(out, (const uint8_t *)tag, sizeof tag - 1, bcs, len);
}
