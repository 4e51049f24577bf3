/* Sui's JSON shapes of objects (SuiObjectData), Move values (showContent) and normalized Move
 * function signatures, for the ledger's objects and published packages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localnet/internal.h"
#include "seal/bcs.h"
#include "seal/sui.h"
#include "seal/sui_object.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

#define TYPE_TEXT_BYTES 4096
#define MAX_DEPTH 16
#define MAX_VECTOR 100000u

json_t *seal__localnet_address_json(const uint8_t a[static 32]) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, a);
    return json_string(hex);
}

json_t *seal__localnet_digest_json(const uint8_t d[static 32]) {
    char b58[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(b58, d);
    return json_string(b58);
}

json_t *seal__localnet_type_json(const uint8_t *tag, size_t len) {
    char text[TYPE_TEXT_BYTES];
    if (seal_sui_type_tag_format(text, sizeof text, tag, len, false) != SEAL_OK)
        return NULL;
    return json_string(text);
}

json_t *seal__localnet_owner_json(const seal_sui_owner *owner) {
    switch (owner->kind) {
    case SEAL_SUI_OWNER_ADDRESS:
        return json_pack("{s:o}", "AddressOwner", seal__localnet_address_json(owner->address));
    case SEAL_SUI_OWNER_OBJECT:
        return json_pack("{s:o}", "ObjectOwner", seal__localnet_address_json(owner->address));
    case SEAL_SUI_OWNER_SHARED:
        return json_pack("{s:{s:I}}", "Shared", "initial_shared_version",
                         (json_int_t)owner->version);
    case SEAL_SUI_OWNER_IMMUTABLE:
        return json_string("Immutable");
    case SEAL_SUI_OWNER_CONSENSUS_ADDRESS:
        return json_pack("{s:{s:I,s:o}}", "ConsensusAddressOwner", "start_version",
                         (json_int_t)owner->version, "owner",
                         seal__localnet_address_json(owner->address));
    }
    return NULL;
}

static json_t *u64_json(uint64_t v) {
    char buf[24];
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return json_string(buf);
}

/* ---- Move values (showContent) ------------------------------------------------------------ */

/* Struct layouts of the published modules (fields in declaration order, Move type syntax). */
typedef struct layout {
    const char *type; /* "0xADDR::module::Name" (short address) */
    const char *fields[8][2];
    /* enums: variant names and their fields ("" ends) */
    const char *variants[2];
    const char *variant_fields[2][4][2];
} layout;

static const layout LAYOUTS[] = {
    {"0x2::clock::Clock", {{"id", "0x2::object::UID"}, {"timestamp_ms", "u64"}}, {0}, {{{0}}}},
    {"0x5ea2::whitelist::Whitelist",
     {{"id", "0x2::object::UID"},
      {"version", "u64"},
      {"addresses", "0x2::table::Table<address, bool>"}},
     {0},
     {{{0}}}},
    {"0x5ea2::whitelist::Cap",
     {{"id", "0x2::object::UID"}, {"wl_id", "0x2::object::ID"}},
     {0},
     {{{0}}}},
    {"0x5ea2::subscription::Service",
     {{"id", "0x2::object::UID"}, {"fee", "u64"}, {"ttl", "u64"}, {"owner", "address"}},
     {0},
     {{{0}}}},
    {"0x5ea2::subscription::Subscription",
     {{"id", "0x2::object::UID"}, {"service_id", "0x2::object::ID"}, {"created_at", "u64"}},
     {0},
     {{{0}}}},
    {"0x5ea2::subscription::PackageVersion",
     {{"id", "0x2::object::UID"}, {"version", "u64"}},
     {0},
     {{{0}}}},
    {"0x5ea2::subscription::PackageVersionCap", {{"id", "0x2::object::UID"}}, {0}, {{{0}}}},
    {"0x5ea2::private_data::PrivateData",
     {{"id", "0x2::object::UID"},
      {"creator", "address"},
      {"nonce", "vector<u8>"},
      {"data", "vector<u8>"}},
     {0},
     {{{0}}}},
    {"0x5ea1::key_server::KeyServer",
     {{"id", "0x2::object::UID"}, {"first_version", "u64"}, {"last_version", "u64"}},
     {0},
     {{{0}}}},
    {"0x5ea1::key_server::KeyServerV1",
     {{"name", "0x1::string::String"},
      {"url", "0x1::string::String"},
      {"key_type", "u8"},
      {"pk", "vector<u8>"}},
     {0},
     {{{0}}}},
    {"0x5ea1::key_server::KeyServerV2",
     {{"name", "0x1::string::String"},
      {"key_type", "u8"},
      {"pk", "vector<u8>"},
      {"server_type", "0x5ea1::key_server::ServerType"}},
     {0},
     {{{0}}}},
    {"0x5ea1::key_server::ServerType",
     {{0}},
     {"Independent", "Committee"},
     {{{"url", "0x1::string::String"}},
      {{"version", "u32"},
       {"threshold", "u16"},
       {"partial_key_servers", "vector<0x5ea1::key_server::PartialKeyServer>"}}}},
    {"0x5ea1::key_server::PartialKeyServer",
     {{"name", "0x1::string::String"},
      {"url", "0x1::string::String"},
      {"partial_pk", "vector<u8>"},
      {"party_id", "u16"}},
     {0},
     {{{0}}}},
    {"0x5ea3::allowlist::Allowlist",
     {{"id", "0x2::object::UID"}, {"name", "0x1::string::String"}, {"list", "vector<address>"}},
     {0},
     {{{0}}}},
    {"0x5ea3::allowlist::Cap",
     {{"id", "0x2::object::UID"}, {"allowlist_id", "0x2::object::ID"}},
     {0},
     {{{0}}}},
    {"0x5ea3::subscription::Service",
     {{"id", "0x2::object::UID"},
      {"fee", "u64"},
      {"ttl", "u64"},
      {"owner", "address"},
      {"name", "0x1::string::String"}},
     {0},
     {{{0}}}},
    {"0x5ea3::subscription::Subscription",
     {{"id", "0x2::object::UID"}, {"service_id", "0x2::object::ID"}, {"created_at", "u64"}},
     {0},
     {{{0}}}},
    {"0x5ea3::subscription::Cap",
     {{"id", "0x2::object::UID"}, {"service_id", "0x2::object::ID"}},
     {0},
     {{{0}}}},
};

typedef struct struct_tag {
    uint8_t address[32];
    const uint8_t *module, *name;
    size_t module_len, name_len;
    seal_bcs_reader params; /* positioned at the first type parameter */
    uint32_t n_params;
    const uint8_t *tag; /* the whole TypeTag (variant byte included) */
    size_t tag_len;
} struct_tag;

static bool name_is(const uint8_t *p, size_t n, const char *s) {
    return strlen(s) == n && memcmp(p, s, n) == 0;
}

static bool struct_is(const struct_tag *st, const char *addr_short, const char *module,
                      const char *name) {
    uint8_t a[32];
    if (seal_sui_address_parse(a, addr_short) != SEAL_OK)
        return false;
    return memcmp(a, st->address, 32) == 0 && name_is(st->module, st->module_len, module) &&
           name_is(st->name, st->name_len, name);
}

/* Skips one TypeTag in r. */
static bool skip_tag(seal_bcs_reader *r, int depth) {
    uint32_t v = 0, n = 0;
    const uint8_t *p;
    size_t len;
    if (depth > MAX_DEPTH || seal_bcs_read_uleb128(r, &v) != SEAL_OK)
        return false;
    if (v == 6)
        return skip_tag(r, depth + 1);
    if (v != 7)
        return v <= 10;
    if (seal_bcs_read_borrow(r, &p, 32) != SEAL_OK || seal_bcs_read_bytes(r, 256, &p, &len) ||
        seal_bcs_read_bytes(r, 256, &p, &len) || seal_bcs_read_uleb128(r, &n) != SEAL_OK || n > 32)
        return false;
    for (uint32_t i = 0; i < n; i++)
        if (!skip_tag(r, depth + 1))
            return false;
    return true;
}

/* Decoding an object's content fails for two reasons that must not be confused: a type without
 * a known layout (the content is then left out, as a node without the module would) and a
 * failed allocation (the answer must then fail, not come back without its content). t_oom
 * records the second for the current thread; A() and AS() mark it at each allocation. */
static _Thread_local bool t_oom;

static json_t *A(json_t *v) {
    if (v == NULL)
        t_oom = true;
    return v;
}

static int AS(int rc) {
    if (rc != 0)
        t_oom = true;
    return rc;
}

static json_t *decode_value(seal_bcs_reader *tr, seal_bcs_reader *vr, int depth);

/* Decodes the value of type text `type` (Move syntax). */
static json_t *decode_named(const char *type, seal_bcs_reader *vr, int depth) {
    uint8_t tag[256];
    size_t len = 0;
    seal_bcs_reader tr;
    if (seal_sui_type_tag_parse(tag, sizeof tag, &len, type) != SEAL_OK)
        return NULL;
    seal_bcs_reader_init(&tr, tag, len);
    return decode_value(&tr, vr, depth);
}

static json_t *decode_fields(const char *const (*fields)[2], size_t max, seal_bcs_reader *vr,
                             int depth) {
    json_t *obj = A(json_object());
    for (size_t i = 0; obj != NULL && i < max && fields[i][0] != NULL; i++) {
        json_t *v = decode_named(fields[i][1], vr, depth + 1);
        if (v == NULL || AS(json_object_set_new(obj, fields[i][0], v)) != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

static json_t *with_type(const struct_tag *st, json_t *fields) {
    json_t *t;
    if (fields == NULL)
        return NULL;
    if ((t = A(seal__localnet_type_json(st->tag, st->tag_len))) == NULL) {
        json_decref(fields);
        return NULL;
    }
    return A(json_pack("{s:o,s:o}", "type", t, "fields", fields));
}

static json_t *decode_struct(struct_tag *st, seal_bcs_reader *vr, int depth) {
    uint8_t a[32];
    const uint8_t *p;
    size_t len;
    if (struct_is(st, "0x2", "object", "UID") || struct_is(st, "0x2", "object", "ID")) {
        if (seal_bcs_read_fixed(vr, a, 32) != SEAL_OK)
            return NULL;
        return struct_is(st, "0x2", "object", "UID")
                   ? A(json_pack("{s:o}", "id", A(seal__localnet_address_json(a))))
                   : A(seal__localnet_address_json(a));
    }
    if (struct_is(st, "0x1", "string", "String") || struct_is(st, "0x1", "ascii", "String")) {
        if (seal_bcs_read_bytes(vr, SEAL_LEDGER_OBJECT_MAX_BYTES, &p, &len) != SEAL_OK)
            return NULL;
        json_t *str = json_stringn((const char *)p, len); /* NULL for invalid UTF-8 */
        if (str == NULL && seal_utf8_valid(p, len))
            t_oom = true;
        return str;
    }
    if (struct_is(st, "0x1", "option", "Option") && st->n_params == 1) {
        bool present = false;
        if (seal_bcs_read_option(vr, &present) != SEAL_OK)
            return NULL;
        return present ? decode_value(&st->params, vr, depth + 1) : json_null();
    }
    if (struct_is(st, "0x2", "dynamic_field", "Field") && st->n_params == 2) {
        json_t *id, *name, *value;
        seal_bcs_reader k = st->params, v;
        if (seal_bcs_read_fixed(vr, a, 32) != SEAL_OK)
            return NULL;
        v = k;
        if (!skip_tag(&v, depth))
            return NULL;
        id = A(json_pack("{s:o}", "id", A(seal__localnet_address_json(a))));
        name = decode_value(&k, vr, depth + 1);
        value = name != NULL ? decode_value(&v, vr, depth + 1) : NULL;
        if (id == NULL || name == NULL || value == NULL) {
            json_decref(id);
            json_decref(name);
            json_decref(value);
            return NULL;
        }
        return with_type(st, A(json_pack("{s:o,s:o,s:o}", "id", id, "name", name, "value", value)));
    }
    if (struct_is(st, "0x2", "table", "Table") && st->n_params == 2) {
        uint64_t size = 0;
        if (seal_bcs_read_fixed(vr, a, 32) != SEAL_OK || seal_bcs_read_u64(vr, &size) != SEAL_OK)
            return NULL;
        return with_type(st,
                         A(json_pack("{s:{s:o},s:o}", "id", "id", A(seal__localnet_address_json(a)),
                                     "size", A(u64_json(size)))));
    }
    for (size_t i = 0; i < sizeof LAYOUTS / sizeof LAYOUTS[0]; i++) {
        const layout *lo = &LAYOUTS[i];
        char addr[16], mod[64], name[64];
        if (sscanf(lo->type, "%15[^:]::%63[^:]::%63s", addr, mod, name) != 3 ||
            !struct_is(st, addr, mod, name))
            continue;
        if (lo->variants[0] != NULL) {
            uint32_t var = 0;
            json_t *fields, *t;
            if (seal_bcs_read_variant(vr, 2, &var) != SEAL_OK)
                return NULL;
            fields = decode_fields(lo->variant_fields[var], 4, vr, depth);
            if (fields == NULL)
                return NULL;
            if ((t = A(seal__localnet_type_json(st->tag, st->tag_len))) == NULL) {
                json_decref(fields);
                return NULL;
            }
            return A(json_pack("{s:o,s:s,s:o}", "type", t, "variant", lo->variants[var], "fields",
                               fields));
        }
        return with_type(st, decode_fields(lo->fields, 8, vr, depth));
    }
    return NULL; /* no layout known */
}

static json_t *decode_value(seal_bcs_reader *tr, seal_bcs_reader *vr, int depth) {
    size_t start = tr->pos;
    uint32_t v = 0;
    uint8_t a[32];
    if (depth > MAX_DEPTH || seal_bcs_read_uleb128(tr, &v) != SEAL_OK)
        return NULL;
    switch (v) {
    case 0: {
        bool b = false;
        return seal_bcs_read_bool(vr, &b) == SEAL_OK ? json_boolean(b) : NULL;
    }
    case 1: {
        uint8_t x = 0;
        return seal_bcs_read_u8(vr, &x) == SEAL_OK ? A(json_integer(x)) : NULL;
    }
    case 8: {
        uint16_t x = 0;
        return seal_bcs_read_u16(vr, &x) == SEAL_OK ? A(json_integer(x)) : NULL;
    }
    case 9: {
        uint32_t x = 0;
        return seal_bcs_read_u32(vr, &x) == SEAL_OK ? A(json_integer(x)) : NULL;
    }
    case 2: {
        uint64_t x = 0;
        return seal_bcs_read_u64(vr, &x) == SEAL_OK ? A(u64_json(x)) : NULL;
    }
    case 4:
        return seal_bcs_read_fixed(vr, a, 32) == SEAL_OK ? A(seal__localnet_address_json(a)) : NULL;
    case 6: {
        size_t n = 0;
        json_t *arr;
        seal_bcs_reader elem = *tr;
        if (!skip_tag(tr, depth + 1) || seal_bcs_read_len(vr, MAX_VECTOR, &n) != SEAL_OK)
            return NULL;
        if ((arr = A(json_array())) == NULL)
            return NULL;
        for (size_t i = 0; i < n; i++) {
            seal_bcs_reader t = elem;
            json_t *x = decode_value(&t, vr, depth + 1);
            if (x == NULL || AS(json_array_append_new(arr, x)) != 0) {
                json_decref(arr);
                return NULL;
            }
        }
        return arr;
    }
    case 7: {
        struct_tag st;
        memset(&st, 0, sizeof st);
        if (seal_bcs_read_fixed(tr, st.address, 32) != SEAL_OK ||
            seal_bcs_read_bytes(tr, 256, &st.module, &st.module_len) != SEAL_OK ||
            seal_bcs_read_bytes(tr, 256, &st.name, &st.name_len) != SEAL_OK ||
            seal_bcs_read_uleb128(tr, &st.n_params) != SEAL_OK || st.n_params > 32)
            return NULL;
        st.params = *tr;
        for (uint32_t i = 0; i < st.n_params; i++)
            if (!skip_tag(tr, depth + 1))
                return NULL;
        st.tag = tr->buf + start;
        st.tag_len = tr->pos - start;
        return decode_struct(&st, vr, depth + 1);
    }
    default:
        return NULL; /* u128, u256, signer: not in the published layouts */
    }
}

/* {"dataType": "moveObject", "type", "hasPublicTransfer", "fields"} or NULL (no layout). */
static json_t *move_content(const seal_ledger_object *o) {
    seal_bcs_reader tr, vr;
    json_t *v, *res;
    seal_bcs_reader_init(&tr, o->type, o->type_len);
    seal_bcs_reader_init(&vr, o->contents, o->contents_len);
    v = decode_value(&tr, &vr, 0);
    if (v == NULL)
        return NULL;
    if (seal_bcs_reader_finish(&vr) != SEAL_OK || !json_is_object(json_object_get(v, "fields"))) {
        json_decref(v);
        return NULL;
    }
    res = A(json_pack("{s:s,s:O,s:b,s:O}", "dataType", "moveObject", "type",
                      json_object_get(v, "type"), "hasPublicTransfer", o->has_public_transfer,
                      "fields", json_object_get(v, "fields")));
    json_decref(v);
    return res;
}

/* ---- objects ------------------------------------------------------------------------------ */

static int set_new(json_t *obj, const char *key, json_t *v) {
    return v == NULL ? -1 : json_object_set_new(obj, key, v);
}

static json_t *move_object_data(const seal_ledger_object *o, const seal__localnet_obj_opts *opt) {
    json_t *d = json_object(), *type = seal__localnet_type_json(o->type, o->type_len);
    int bad = d == NULL || type == NULL;
    bad |= set_new(d, "objectId", seal__localnet_address_json(o->id));
    bad |= set_new(d, "version", u64_json(o->version));
    bad |= set_new(d, "digest", seal__localnet_digest_json(o->digest));
    if (opt->type)
        bad |= set_new(d, "type", json_incref(type));
    if (opt->owner)
        bad |= set_new(d, "owner", seal__localnet_owner_json(&o->owner));
    if (opt->previous_transaction)
        bad |=
            set_new(d, "previousTransaction", seal__localnet_digest_json(o->previous_transaction));
    if (opt->storage_rebate)
        bad |= set_new(d, "storageRebate", json_string("0"));
    if (opt->display)
        bad |= set_new(d, "display", json_pack("{s:n,s:n}", "data", "error"));
    if (opt->content) {
        t_oom = false;
        json_t *c = move_content(o);
        if (c != NULL)
            bad |= set_new(d, "content", c);
        else
            bad |= t_oom; /* not a missing layout: the answer fails rather than lose content */
    }
    if (opt->bcs && !bad) {
        char *b64 = malloc(seal_sui_base64_encoded_len(o->contents_len) + 1);
        bad |= b64 == NULL;
        if (b64 != NULL) {
            seal_sui_base64_encode(b64, o->contents, o->contents_len);
            bad |= set_new(d, "bcs",
                           json_pack("{s:s,s:O,s:b,s:I,s:s}", "dataType", "moveObject", "type",
                                     type, "hasPublicTransfer", o->has_public_transfer, "version",
                                     (json_int_t)o->version, "bcsBytes", b64));
            free(b64);
        }
    }
    json_decref(type);
    if (bad) {
        json_decref(d);
        return NULL;
    }
    return d;
}

static json_t *package_data(seal_localnet_rpc *s, const uint8_t id[32], uint64_t version,
                            const seal__localnet_obj_opts *opt) {
    static const seal_sui_owner immutable = {SEAL_SUI_OWNER_IMMUTABLE, {0}, 0};
    uint8_t digest[32];
    json_t *d = json_object();
    int bad = d == NULL;
    /* The ledger publishes its packages natively (no module bytecode): the digest is of the id. */
    seal_sui_blake2b256(digest, (const uint8_t *)"seal-ledger package", 19, id, 32);
    bad |= set_new(d, "objectId", seal__localnet_address_json(id));
    bad |= set_new(d, "version", u64_json(version));
    bad |= set_new(d, "digest", seal__localnet_digest_json(digest));
    if (opt->type)
        bad |= set_new(d, "type", json_string("package"));
    if (opt->owner)
        bad |= set_new(d, "owner", seal__localnet_owner_json(&immutable));
    if (opt->previous_transaction)
        bad |= set_new(d, "previousTransaction", seal__localnet_digest_json(s->genesis));
    if (opt->storage_rebate)
        bad |= set_new(d, "storageRebate", json_string("0"));
    if (opt->display)
        bad |= set_new(d, "display", json_pack("{s:n,s:n}", "data", "error"));
    if (opt->content)
        bad |=
            set_new(d, "content", json_pack("{s:s,s:{}}", "dataType", "package", "disassembled"));
    if (opt->bcs)
        bad |= set_new(d, "bcs",
                       json_pack("{s:s,s:o,s:I,s:{},s:[],s:{}}", "dataType", "package", "id",
                                 seal__localnet_address_json(id), "version", (json_int_t)version,
                                 "moduleMap", "typeOriginTable", "linkageTable"));
    if (bad) {
        json_decref(d);
        return NULL;
    }
    return d;
}

json_t *seal__localnet_object_response(seal_localnet_rpc *s, seal_ledger *l,
                                       const uint8_t id[static 32],
                                       const seal__localnet_obj_opts *opt, size_t *weight,
                                       seal_err *err) {
    seal_ledger_object o;
    bool found = false;
    json_t *data = NULL;
    uint8_t original[32];
    uint64_t version = 0;
    memset(&o, 0, sizeof o);
    *err = seal_ledger_object_get(l, id, &o, &found);
    if (*err == SEAL_ERR_INVALID_ARGUMENT && !found)
        *err = SEAL_OK;
    if (*err != SEAL_OK)
        return NULL;
    if (found) {
        *weight += o.contents_len;
        data = move_object_data(&o, opt);
        seal_ledger_object_clear(&o);
        if (data == NULL)
            *err = SEAL_ERR_NO_MEMORY;
        return data == NULL ? NULL : json_pack("{s:o}", "data", data);
    }
    if ((*err = seal_ledger_package_get(l, id, original, &version, &found)) != SEAL_OK)
        return NULL;
    if (found) {
        data = package_data(s, id, version, opt);
        if (data == NULL)
            *err = SEAL_ERR_NO_MEMORY;
        return data == NULL ? NULL : json_pack("{s:o}", "data", data);
    }
    return json_pack("{s:{s:s,s:o}}", "error", "code", "notExists", "object_id",
                     seal__localnet_address_json(id));
}

/* ---- normalized Move functions ------------------------------------------------------------ */

/* SuiMoveNormalizedType of a BCS TypeTag. */
static json_t *normalized_tag(seal_bcs_reader *r, int depth) {
    uint32_t v = 0, n = 0;
    uint8_t a[32];
    const uint8_t *m, *nm;
    size_t ml, nl;
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    json_t *args;
    if (depth > MAX_DEPTH || seal_bcs_read_uleb128(r, &v) != SEAL_OK)
        return NULL;
    switch (v) {
    case 0:
        return json_string("Bool");
    case 1:
        return json_string("U8");
    case 2:
        return json_string("U64");
    case 3:
        return json_string("U128");
    case 4:
        return json_string("Address");
    case 5:
        return json_string("Signer");
    case 8:
        return json_string("U16");
    case 9:
        return json_string("U32");
    case 10:
        return json_string("U256");
    case 6: {
        json_t *in = normalized_tag(r, depth + 1);
        return in == NULL ? NULL : json_pack("{s:o}", "Vector", in);
    }
    case 7:
        if (seal_bcs_read_fixed(r, a, 32) != SEAL_OK ||
            seal_bcs_read_bytes(r, 256, &m, &ml) != SEAL_OK ||
            seal_bcs_read_bytes(r, 256, &nm, &nl) != SEAL_OK ||
            seal_bcs_read_uleb128(r, &n) != SEAL_OK || n > 32 || (args = json_array()) == NULL)
            return NULL;
        for (uint32_t i = 0; i < n; i++) {
            json_t *t = normalized_tag(r, depth + 1);
            if (t == NULL || json_array_append_new(args, t) != 0) {
                json_decref(args);
                return NULL;
            }
        }
        seal_sui_address_format_short(hex, a);
        return json_pack("{s:{s:s,s:s%,s:s%,s:o}}", "Struct", "address", hex, "module",
                         (const char *)m, ml, "name", (const char *)nm, nl, "typeArguments", args);
    default:
        return NULL;
    }
}

static json_t *normalized_param(const char *p) {
    uint8_t tag[256];
    size_t len = 0;
    seal_bcs_reader r;
    const char *wrap = NULL;
    json_t *t;
    if (strncmp(p, "&mut ", 5) == 0) {
        wrap = "MutableReference";
        p += 5;
    } else if (p[0] == '&') {
        wrap = "Reference";
        p += 1;
    }
    if (seal_sui_type_tag_parse(tag, sizeof tag, &len, p) != SEAL_OK)
        return NULL;
    seal_bcs_reader_init(&r, tag, len);
    if ((t = normalized_tag(&r, 0)) == NULL)
        return NULL;
    return wrap == NULL ? t : json_pack("{s:o}", wrap, t);
}

static json_t *function_json(const seal_ledger_function *f) {
    static const char *const VIS[] = {"Private", "Private", "Public", "Friend"};
    json_t *params = json_array(), *ret = json_array();
    for (size_t i = 0;
         params != NULL && i < SEAL_LEDGER_FUNCTION_MAX_PARAMS && f->params[i] != NULL; i++)
        if (json_array_append_new(params, normalized_param(f->params[i])) != 0) {
            json_decref(params);
            params = NULL;
        }
    for (size_t i = 0; ret != NULL && i < 2 && f->returns[i] != NULL; i++)
        if (json_array_append_new(ret, normalized_param(f->returns[i])) != 0) {
            json_decref(ret);
            ret = NULL;
        }
    if (params == NULL || ret == NULL) {
        json_decref(params);
        json_decref(ret);
        return NULL;
    }
    return json_pack("{s:s,s:b,s:[],s:o,s:o}", "visibility", VIS[f->visibility & 3], "isEntry",
                     f->is_entry, "typeParameters", "parameters", params, "return", ret);
}

json_t *seal__localnet_normalized_function(const uint8_t pkg[static 32], const char *module,
                                           const char *function, bool *pkg_found) {
    const seal_ledger_function *f;
    *pkg_found = seal_ledger_is_published_package(pkg);
    f = seal_ledger_function_find(pkg, module, strlen(module), function, strlen(function));
    return f != NULL ? function_json(f) : NULL;
}

json_t *seal__localnet_normalized_module(const uint8_t pkg[static 32], const char *module,
                                         bool *pkg_found) {
    json_t *fns = NULL;
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    const seal_ledger_function *fn;
    *pkg_found = seal_ledger_is_published_package(pkg);
    for (size_t i = 0; *pkg_found && (fn = seal_ledger_function_at(i)) != NULL; i++) {
        json_t *f;
        if (memcmp(fn->package, pkg, 32) != 0 || strcmp(fn->module, module) != 0)
            continue;
        if (fns == NULL && (fns = json_object()) == NULL)
            return NULL;
        if ((f = function_json(fn)) == NULL || json_object_set_new(fns, fn->name, f)) {
            json_decref(fns);
            return NULL;
        }
    }
    if (fns == NULL)
        return NULL;
    seal_sui_address_format_short(hex, pkg);
    return json_pack("{s:i,s:s,s:s,s:[],s:{},s:{},s:o}", "fileFormatVersion", 6, "address", hex,
                     "name", module, "friends", "structs", "enums", "exposedFunctions", fns);
}
