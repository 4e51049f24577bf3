/* sui.rpc.v2 on the local chain: dispatch of one unary call, read masks, and the encoders the
 * methods share (owners, objects). Transport-free: grpc_web.c and grpc_h2.c carry the bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "localnet/grpc.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

/* ---- calls ---------------------------------------------------------------------------------- */

bool seal__lg_fail(seal__lg_call *c, uint32_t status, const char *fmt, ...) {
    va_list ap;
    c->status = status;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
    /* error texts quote input: no control characters */
    for (char *p = c->message; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    return false;
}

bool seal__lg_system_fail(seal__lg_call *c, seal_err err) {
    if (err == SEAL_ERR_IO || err == SEAL_ERR_NO_MEMORY)
        c->reader_status = err;
    return seal__lg_fail(c, SEAL__GRPC_INTERNAL, "Internal error: %s", seal_strerror(err));
}

seal_ledger *seal__lg_reader(seal__lg_call *c) {
    seal_err err;
    if (c->reader != NULL)
        return c->reader;
    if ((err = seal__localnet_reader_get(c->s, &c->reader)) != SEAL_OK) {
        c->reader = NULL;
        seal__lg_system_fail(c, err);
        return NULL;
    }
    return c->reader;
}

typedef struct method {
    const char *name; /* Service/Method */
    seal__lg_method_fn fn;
} method;

static const method METHODS[] = {
    {"LedgerService/GetServiceInfo", seal__lg_get_service_info},
    {"LedgerService/GetObject", seal__lg_get_object},
    {"LedgerService/BatchGetObjects", seal__lg_batch_get_objects},
    {"LedgerService/GetTransaction", seal__lg_get_transaction},
    {"LedgerService/GetCheckpoint", seal__lg_get_checkpoint},
    {"LedgerService/GetEpoch", seal__lg_get_epoch},
    {"StateService/ListDynamicFields", seal__lg_list_dynamic_fields},
    {"MovePackageService/GetFunction", seal__lg_get_function},
    {"MovePackageService/GetPackage", seal__lg_get_package},
    {"TransactionExecutionService/SimulateTransaction", seal__lg_simulate_transaction},
    {"TransactionExecutionService/ExecuteTransaction", seal__lg_execute_transaction},
    {"SignatureVerificationService/VerifySignature", seal__lg_verify_signature},
};

void seal__lg_call_run(seal_localnet_rpc *s, const char *path, size_t path_len, const uint8_t *req,
                       size_t len, seal__lg_call *c) {
    static const char PREFIX[] = "/sui.rpc.v2.";
    const char *name = NULL;
    size_t name_len = 0;
    memset(c, 0, sizeof *c);
    c->s = s;
    seal__pb_writer_init(&c->w, SEAL__LG_MAX_RESPONSE);
    snprintf(c->method, sizeof c->method, "-");
    /* the last "/sui.rpc.v2." in the path starts the method name (a prefix may precede it) */
    for (size_t i = 0; i + sizeof PREFIX - 1 <= path_len; i++)
        if (memcmp(path + i, PREFIX, sizeof PREFIX - 1) == 0) {
            name = path + i + sizeof PREFIX - 1;
            name_len = path_len - i - (sizeof PREFIX - 1);
        }
    if (name != NULL) {
        size_t k = 0;
        for (; k < name_len && k + 1 < sizeof c->method; k++) {
            char ch = name[k];
            c->method[k] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                                   (ch >= '0' && ch <= '9') || ch == '/' || ch == '_'
                               ? ch
                               : '?';
        }
        c->method[k] = '\0';
        for (size_t i = 0; i < sizeof METHODS / sizeof METHODS[0]; i++)
            if (strlen(METHODS[i].name) == name_len &&
                memcmp(METHODS[i].name, name, name_len) == 0) {
                METHODS[i].fn(c, req, len);
                if (c->status == SEAL__GRPC_OK && seal__pb_writer_finish(&c->w) != SEAL_OK)
                    seal__lg_fail(c, SEAL__GRPC_RESOURCE_EXHAUSTED, "the response exceeds %u bytes",
                                  SEAL__LG_MAX_RESPONSE);
                return;
            }
    }
    seal__lg_fail(c, SEAL__GRPC_UNIMPLEMENTED, "unknown method %s", c->method);
}

void seal__lg_call_done(seal__lg_call *c) {
    if (c->reader != NULL)
        seal__localnet_reader_put(c->s, c->reader, c->reader_status);
    c->reader = NULL;
    seal__pb_writer_free(&c->w);
}

/* ---- read masks ----------------------------------------------------------------------------- */

/* Sub-messages the local chain never fills: any path below them is accepted. */
static const seal__lg_schema ANY[] = {{NULL, NULL}};

static const seal__lg_schema BCS[] = {{"name", NULL}, {"value", NULL}, {NULL, NULL}};
static const seal__lg_schema OWNER[] = {
    {"kind", NULL}, {"address", NULL}, {"version", NULL}, {NULL, NULL}};
static const seal__lg_schema OBJECT_REF[] = {
    {"object_id", NULL}, {"version", NULL}, {"digest", NULL}, {NULL, NULL}};
static const seal__lg_schema GAS_COST[] = {{"computation_cost", NULL},
                                           {"storage_cost", NULL},
                                           {"storage_rebate", NULL},
                                           {"non_refundable_storage_fee", NULL},
                                           {NULL, NULL}};
static const seal__lg_schema MODULE[] = {
    {"name", NULL}, {"contents", NULL}, {"datatypes", ANY}, {"functions", ANY}, {NULL, NULL}};
static const seal__lg_schema TYPE_ORIGIN[] = {
    {"module_name", NULL}, {"datatype_name", NULL}, {"package_id", NULL}, {NULL, NULL}};
static const seal__lg_schema LINKAGE[] = {
    {"original_id", NULL}, {"upgraded_id", NULL}, {"upgraded_version", NULL}, {NULL, NULL}};
static const seal__lg_schema PACKAGE[] = {
    {"storage_id", NULL},          {"original_id", NULL}, {"version", NULL}, {"modules", MODULE},
    {"type_origins", TYPE_ORIGIN}, {"linkage", LINKAGE},  {NULL, NULL}};
const seal__lg_schema SEAL__LG_ROOT_OBJECT[] = {{"bcs", BCS},
                                                {"object_id", NULL},
                                                {"version", NULL},
                                                {"digest", NULL},
                                                {"owner", OWNER},
                                                {"object_type", NULL},
                                                {"has_public_transfer", NULL},
                                                {"contents", BCS},
                                                {"package", PACKAGE},
                                                {"previous_transaction", NULL},
                                                {"storage_rebate", NULL},
                                                {"json", ANY},
                                                {"balance", NULL},
                                                {"display", ANY},
                                                {NULL, NULL}};
const seal__lg_schema SEAL__LG_ROOT_EPOCH[] = {{"epoch", NULL},
                                               {"committee", ANY},
                                               {"system_state", ANY},
                                               {"first_checkpoint", NULL},
                                               {"last_checkpoint", NULL},
                                               {"start", ANY},
                                               {"end", ANY},
                                               {"reference_gas_price", NULL},
                                               {"protocol_config", ANY},
                                               {NULL, NULL}};
static const seal__lg_schema CHECKPOINT_SUMMARY[] = {{"bcs", BCS},
                                                     {"digest", NULL},
                                                     {"epoch", NULL},
                                                     {"sequence_number", NULL},
                                                     {"total_network_transactions", NULL},
                                                     {"content_digest", NULL},
                                                     {"previous_digest", NULL},
                                                     {"epoch_rolling_gas_cost_summary", GAS_COST},
                                                     {"timestamp", ANY},
                                                     {"commitments", ANY},
                                                     {"end_of_epoch_data", ANY},
                                                     {"version_specific_data", NULL},
                                                     {NULL, NULL}};
const seal__lg_schema SEAL__LG_ROOT_CHECKPOINT[] = {
    {"sequence_number", NULL}, {"digest", NULL},  {"summary", CHECKPOINT_SUMMARY},
    {"signature", ANY},        {"contents", ANY}, {"transactions", ANY},
    {"objects", ANY},          {NULL, NULL}};
static const seal__lg_schema GAS_PAYMENT[] = {
    {"objects", OBJECT_REF}, {"owner", NULL}, {"price", NULL}, {"budget", NULL}, {NULL, NULL}};
static const seal__lg_schema TRANSACTION[] = {{"bcs", BCS},        {"digest", NULL},
                                              {"version", NULL},   {"kind", ANY},
                                              {"sender", NULL},    {"gas_payment", GAS_PAYMENT},
                                              {"expiration", ANY}, {NULL, NULL}};
static const seal__lg_schema STATUS[] = {{"success", NULL}, {"error", ANY}, {NULL, NULL}};
static const seal__lg_schema CHANGED_OBJECT[] = {{"object_id", NULL},
                                                 {"input_state", NULL},
                                                 {"input_version", NULL},
                                                 {"input_digest", NULL},
                                                 {"input_owner", OWNER},
                                                 {"output_state", NULL},
                                                 {"output_version", NULL},
                                                 {"output_digest", NULL},
                                                 {"output_owner", OWNER},
                                                 {"id_operation", NULL},
                                                 {"object_type", NULL},
                                                 {"accumulator_write", ANY},
                                                 {NULL, NULL}};
static const seal__lg_schema EFFECTS[] = {{"bcs", BCS},
                                          {"digest", NULL},
                                          {"version", NULL},
                                          {"status", STATUS},
                                          {"epoch", NULL},
                                          {"gas_used", GAS_COST},
                                          {"transaction_digest", NULL},
                                          {"gas_object", CHANGED_OBJECT},
                                          {"events_digest", NULL},
                                          {"dependencies", NULL},
                                          {"lamport_version", NULL},
                                          {"changed_objects", CHANGED_OBJECT},
                                          {"unchanged_consensus_objects", ANY},
                                          {"auxiliary_data_digest", NULL},
                                          {"unchanged_loaded_runtime_objects", OBJECT_REF},
                                          {NULL, NULL}};
const seal__lg_schema SEAL__LG_ROOT_EXECUTED[] = {
    {"digest", NULL}, {"transaction", TRANSACTION}, {"signatures", ANY}, {"effects", EFFECTS},
    {"events", ANY},  {"checkpoint", NULL},         {"timestamp", ANY},  {"balance_changes", ANY},
    {"objects", ANY}, {"transaction_index", NULL},  {NULL, NULL}};
const seal__lg_schema SEAL__LG_ROOT_SIMULATE[] = {{"transaction", SEAL__LG_ROOT_EXECUTED},
                                                  {"command_outputs", ANY},
                                                  {"suggested_gas_price", NULL},
                                                  {NULL, NULL}};
const seal__lg_schema SEAL__LG_ROOT_DYNAMIC_FIELD[] = {{"kind", NULL},
                                                       {"parent", NULL},
                                                       {"field_id", NULL},
                                                       {"field_object", SEAL__LG_ROOT_OBJECT},
                                                       {"name", BCS},
                                                       {"value", BCS},
                                                       {"value_type", NULL},
                                                       {"child_id", NULL},
                                                       {"child_object", SEAL__LG_ROOT_OBJECT},
                                                       {NULL, NULL}};

static bool path_valid(const seal__lg_schema *s, const char *p, size_t n) {
    while (n > 0) {
        size_t seg = 0;
        const seal__lg_schema *f = NULL;
        if (s == ANY)
            return true;
        if (s == NULL)
            return false; /* a path below a scalar */
        while (seg < n && p[seg] != '.')
            seg++;
        for (size_t i = 0; s[i].name != NULL; i++)
            if (strlen(s[i].name) == seg && memcmp(s[i].name, p, seg) == 0)
                f = &s[i];
        if (f == NULL || (seg < n && seg + 1 == n))
            return false;
        s = f->child;
        p += seg < n ? seg + 1 : seg;
        n -= seg < n ? seg + 1 : seg;
    }
    return true;
}

static bool mask_add(seal__lg_call *c, seal__lg_mask *m, const seal__lg_schema *root, const char *p,
                     size_t n) {
    if (n == 1 && p[0] == '*') {
        m->all = true;
        return true;
    }
    if (n == 0 || n > 256 || !path_valid(root, p, n))
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid read_mask path: %.*s",
                             (int)(n > 256 ? 256 : n), p);
    if (m->n == SEAL__LG_MAX_MASK_PATHS)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                             "invalid read_mask: more than %d paths", SEAL__LG_MAX_MASK_PATHS);
    m->paths[m->n].p = p;
    m->paths[m->n].len = n;
    m->n++;
    return true;
}

bool seal__lg_mask_parse(seal__lg_call *c, const seal__pb_bytes *mask_msg,
                         const seal__lg_schema *root, const char *defaults, seal__lg_mask *m) {
    memset(m, 0, sizeof *m);
    if (mask_msg != NULL && mask_msg->set) {
        seal__pb_reader r;
        seal__pb_field f;
        seal_err err = SEAL_OK;
        seal__pb_reader_init(&r, mask_msg->p, mask_msg->len);
        while (err == SEAL_OK && seal__pb_next(&r, &f)) {
            seal__pb_bytes path = {0};
            if (f.number != SUI_RPC_FIELD_MASK_PATHS)
                continue;
            if ((err = seal__pb_get_string(&f, &path)) != SEAL_OK)
                break;
            /* a path string may hold several comma-separated paths (FieldMask's JSON form) */
            for (size_t i = 0, start = 0; i <= path.len; i++)
                if (i == path.len || path.p[i] == ',') {
                    if (!mask_add(c, m, root, (const char *)path.p + start, i - start))
                        return false;
                    start = i + 1;
                }
        }
        if (err == SEAL_OK)
            err = seal__pb_reader_finish(&r);
        if (err != SEAL_OK)
            return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                                 "invalid read_mask: not a FieldMask message");
        if (m->n > 0 || m->all)
            return true;
    }
    if (defaults == NULL) {
        m->all = true;
        return true;
    }
    for (size_t i = 0, start = 0;; i++)
        if (defaults[i] == '\0' || defaults[i] == ',') {
            if (!mask_add(c, m, root, defaults + start, i - start))
                return false;
            if (defaults[i] == '\0')
                break;
            start = i + 1;
        }
    return true;
}

bool seal__lg_wants(const seal__lg_mask *m, const char *path) {
    size_t n = strlen(path);
    if (m->all)
        return true;
    for (size_t i = 0; i < m->n; i++) {
        const char *p = m->paths[i].p;
        size_t k = m->paths[i].len;
        if (k == n && memcmp(p, path, n) == 0)
            return true;
        if (k < n && memcmp(p, path, k) == 0 && path[k] == '.') /* a parent is asked for */
            return true;
        if (n < k && memcmp(p, path, n) == 0 && p[n] == '.') /* a descendant is asked for */
            return true;
    }
    return false;
}

/* ---- request decoding ---------------------------------------------------------------------- */

bool seal__lg_decode(seal__lg_call *c, const uint8_t *req, size_t len, seal__lg_field_fn fn,
                     void *ctx, const char *what) {
    seal__pb_reader r;
    seal__pb_field f;
    seal__pb_reader_init(&r, req, len);
    while (seal__pb_next(&r, &f))
        if (!fn(c, &f, ctx))
            return c->status != SEAL__GRPC_OK
                       ? false
                       : seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid %s", what);
    if (seal__pb_reader_finish(&r) != SEAL_OK)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid %s: malformed protobuf",
                             what);
    return true;
}

typedef struct table_ctx {
    const seal__lg_field *fields;
    size_t n;
    char *out;
} table_ctx;

static bool table_field(seal__lg_call *c, const seal__pb_field *f, void *ctx) {
    table_ctx *t = ctx;
    (void)c;
    for (size_t i = 0; i < t->n; i++) {
        void *m = t->out + t->fields[i].offset;
        if (t->fields[i].number != f->number)
            continue;
        switch (t->fields[i].kind) {
        case SEAL__LG_STRING:
            return seal__pb_get_string(f, m) == SEAL_OK;
        case SEAL__LG_BYTES:
            return seal__pb_get_bytes(f, m) == SEAL_OK;
        case SEAL__LG_U64:
            return seal__pb_get_u64(f, m) == SEAL_OK;
        case SEAL__LG_U32:
            return seal__pb_get_u32(f, m) == SEAL_OK;
        case SEAL__LG_I32:
            return seal__pb_get_i32(f, m) == SEAL_OK;
        case SEAL__LG_BOOL:
            return seal__pb_get_bool(f, m) == SEAL_OK;
        }
    }
    return true; /* unknown field: skipped */
}

bool seal__lg_decode_table(seal__lg_call *c, const uint8_t *req, size_t len,
                           const seal__lg_field *fields, size_t n_fields, void *out,
                           const char *what) {
    table_ctx t = {fields, n_fields, out};
    return seal__lg_decode(c, req, len, table_field, &t, what);
}

/* ---- request fields ------------------------------------------------------------------------- */

bool seal__lg_parse_address(seal__lg_call *c, const seal__pb_bytes *v, uint8_t out[32],
                            const char *what) {
    if (!v->set)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing %s", what);
    if (v->len > 66 || seal_sui_address_parse_n(out, (const char *)v->p, v->len) != SEAL_OK)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT,
                             "invalid %s: not a 0x-prefixed hex address", what);
    return true;
}

bool seal__lg_parse_digest(seal__lg_call *c, const seal__pb_bytes *v, uint8_t out[32],
                           const char *what) {
    char text[64];
    if (!v->set)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "missing %s", what);
    if (v->len >= sizeof text || memchr(v->p, 0, v->len) != NULL)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid %s: not a Base58 digest",
                             what);
    memcpy(text, v->p, v->len);
    text[v->len] = '\0';
    if (seal_sui_digest_parse(out, text) != SEAL_OK)
        return seal__lg_fail(c, SEAL__GRPC_INVALID_ARGUMENT, "invalid %s: not a Base58 digest",
                             what);
    return true;
}

/* ---- encoders ------------------------------------------------------------------------------- */

void seal__lg_write_address(seal__pb_writer *w, uint32_t field, const uint8_t a[32]) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, a);
    seal__pb_write_string(w, field, hex);
}

void seal__lg_write_digest(seal__pb_writer *w, uint32_t field, const uint8_t d[32]) {
    char b58[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(b58, d);
    seal__pb_write_string(w, field, b58);
}

bool seal__lg_write_type(seal__pb_writer *w, uint32_t field, const uint8_t *tag, size_t len) {
    char *text = malloc(SEAL_SUI_TYPE_TAG_TEXT_MAX);
    bool ok = text != NULL &&
              seal_sui_type_tag_format(text, SEAL_SUI_TYPE_TAG_TEXT_MAX, tag, len, true) == SEAL_OK;
    if (ok)
        seal__pb_write_string(w, field, text);
    free(text);
    return ok;
}

void seal__lg_write_owner(seal__pb_writer *w, uint32_t field, const seal_sui_owner *o) {
    seal__pb_begin(w, field);
    switch (o->kind) {
    case SEAL_SUI_OWNER_ADDRESS:
        seal__pb_write_i32(w, SUI_RPC_OWNER_KIND, SUI_RPC_OWNER_KIND_ADDRESS);
        seal__lg_write_address(w, SUI_RPC_OWNER_ADDRESS, o->address);
        break;
    case SEAL_SUI_OWNER_OBJECT:
        seal__pb_write_i32(w, SUI_RPC_OWNER_KIND, SUI_RPC_OWNER_KIND_OBJECT);
        seal__lg_write_address(w, SUI_RPC_OWNER_ADDRESS, o->address);
        break;
    case SEAL_SUI_OWNER_SHARED:
        seal__pb_write_i32(w, SUI_RPC_OWNER_KIND, SUI_RPC_OWNER_KIND_SHARED);
        seal__pb_write_u64(w, SUI_RPC_OWNER_VERSION, o->version);
        break;
    case SEAL_SUI_OWNER_IMMUTABLE:
        seal__pb_write_i32(w, SUI_RPC_OWNER_KIND, SUI_RPC_OWNER_KIND_IMMUTABLE);
        break;
    case SEAL_SUI_OWNER_CONSENSUS_ADDRESS:
        seal__pb_write_i32(w, SUI_RPC_OWNER_KIND, SUI_RPC_OWNER_KIND_CONSENSUS_ADDRESS);
        seal__lg_write_address(w, SUI_RPC_OWNER_ADDRESS, o->address);
        seal__pb_write_u64(w, SUI_RPC_OWNER_VERSION, o->version);
        break;
    }
    seal__pb_end(w);
}

void seal__lg_write_timestamp_ms(seal__pb_writer *w, uint32_t field, uint64_t ms) {
    /* google.protobuf.Timestamp: plain proto3 (zeros omitted) */
    seal__pb_begin(w, field);
    if (ms / 1000 != 0)
        seal__pb_write_i64(w, SUI_RPC_TIMESTAMP_SECONDS, (int64_t)(ms / 1000));
    if (ms % 1000 != 0)
        seal__pb_write_i32(w, SUI_RPC_TIMESTAMP_NANOS, (int32_t)(ms % 1000) * 1000000);
    seal__pb_end(w);
}

bool seal__lg_wantp(const seal__lg_mask *m, const char *prefix, const char *name) {
    char path[128];
    snprintf(path, sizeof path, "%s%s", prefix, name);
    return seal__lg_wants(m, path);
}

/* Writes the BCS of an Object held in a seal_bcs_writer as Bcs{name "Object", value}. */
static bool write_object_bcs(seal__lg_call *c, seal__pb_writer *w, const seal_ledger_object *o,
                             const seal_sui_object *pkg) {
    seal_bcs_writer bw;
    uint8_t *buf;
    size_t n;
    seal_err err;
    seal_bcs_writer_init(&bw, NULL, 0);
    err = o != NULL ? seal_ledger_object_bcs(o, &bw) : seal_sui_object_encode(&bw, pkg);
    n = bw.len;
    if (err != SEAL_OK)
        return seal__lg_system_fail(c, err);
    if ((buf = malloc(n ? n : 1)) == NULL)
        return seal__lg_system_fail(c, SEAL_ERR_NO_MEMORY);
    seal_bcs_writer_init(&bw, buf, n);
    err = o != NULL ? seal_ledger_object_bcs(o, &bw) : seal_sui_object_encode(&bw, pkg);
    if (err == SEAL_OK)
        err = seal_bcs_writer_finish(&bw);
    if (err == SEAL_OK) {
        seal__pb_begin(w, SUI_RPC_OBJECT_BCS);
        seal__pb_write_string(w, SUI_RPC_BCS_NAME, "Object");
        seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, buf, n);
        seal__pb_end(w);
    }
    free(buf);
    return err == SEAL_OK ? true : seal__lg_system_fail(c, err);
}

static bool write_package(seal__lg_call *c, seal__pb_writer *w, const uint8_t id[32],
                          uint64_t version, const seal__lg_mask *m, const char *prefix) {
    static const seal_sui_owner immutable = {SEAL_SUI_OWNER_IMMUTABLE, {0}, 0};
    uint8_t digest[32], mp[32 + 8 + 3];
    seal_sui_object pkg;
    /* The ledger publishes its packages natively (no module bytecode): as over JSON-RPC, the
     * digest is of the id, and the MovePackage has no modules, type origins or linkage. */
    seal_sui_blake2b256(digest, (const uint8_t *)"seal-ledger package", 19, id, 32);
    memcpy(mp, id, 32);
    for (int i = 0; i < 8; i++)
        mp[32 + i] = (uint8_t)(version >> (8 * i));
    mp[40] = mp[41] = mp[42] = 0;
    memset(&pkg, 0, sizeof pkg);
    pkg.is_package = true;
    pkg.package = (seal_sui_bytes){mp, sizeof mp};
    memcpy(pkg.package_id, id, 32);
    pkg.package_version = version;
    pkg.owner = immutable;
    memcpy(pkg.previous_transaction, c->s->genesis, 32);
    if (seal__lg_wantp(m, prefix, "bcs") && !write_object_bcs(c, w, NULL, &pkg))
        return false;
    if (seal__lg_wantp(m, prefix, "object_id"))
        seal__lg_write_address(w, SUI_RPC_OBJECT_OBJECT_ID, id);
    if (seal__lg_wantp(m, prefix, "version"))
        seal__pb_write_u64(w, SUI_RPC_OBJECT_VERSION, version);
    if (seal__lg_wantp(m, prefix, "digest"))
        seal__lg_write_digest(w, SUI_RPC_OBJECT_DIGEST, digest);
    if (seal__lg_wantp(m, prefix, "owner"))
        seal__lg_write_owner(w, SUI_RPC_OBJECT_OWNER, &immutable);
    if (seal__lg_wantp(m, prefix, "object_type"))
        seal__pb_write_string(w, SUI_RPC_OBJECT_OBJECT_TYPE, "package");
    if (seal__lg_wantp(m, prefix, "package")) {
        /* modules, type origins and linkage only (empty: no bytecode), as a node's Object */
        seal__pb_begin(w, SUI_RPC_OBJECT_PACKAGE);
        seal__pb_end(w);
    }
    if (seal__lg_wantp(m, prefix, "previous_transaction"))
        seal__lg_write_digest(w, SUI_RPC_OBJECT_PREVIOUS_TRANSACTION, c->s->genesis);
    if (seal__lg_wantp(m, prefix, "storage_rebate"))
        seal__pb_write_u64(w, SUI_RPC_OBJECT_STORAGE_REBATE, 0);
    return true;
}

bool seal__lg_write_object(seal__lg_call *c, seal__pb_writer *w, uint32_t field,
                           const uint8_t id[32], const seal__lg_mask *m, const char *prefix,
                           bool *found) {
    seal_ledger *l = seal__lg_reader(c);
    seal_ledger_object o;
    uint8_t original[32];
    uint64_t version = 0;
    seal_err err;
    bool ok = true;
    *found = false;
    if (l == NULL)
        return false;
    memset(&o, 0, sizeof o);
    err = seal_ledger_object_get(l, id, &o, found);
    if (err == SEAL_ERR_INVALID_ARGUMENT && !*found)
        err = SEAL_OK;
    if (err != SEAL_OK)
        return seal__lg_system_fail(c, err);
    if (!*found) {
        if ((err = seal_ledger_package_get(l, id, original, &version, found)) != SEAL_OK)
            return seal__lg_system_fail(c, err);
        if (!*found)
            return true;
        seal__pb_begin(w, field);
        ok = write_package(c, w, id, version, m, prefix);
        seal__pb_end(w);
        return ok;
    }
    if (seal__lg_wantp(m, prefix, "bcs") || seal__lg_wantp(m, prefix, "contents")) {
        c->weight += o.contents_len;
        if (c->weight > SEAL__LG_MAX_CONTENTS) {
            seal_ledger_object_clear(&o);
            return seal__lg_fail(c, SEAL__GRPC_RESOURCE_EXHAUSTED,
                                 "the objects asked for exceed %u bytes of contents in one call",
                                 SEAL__LG_MAX_CONTENTS);
        }
    }
    seal__pb_begin(w, field);
    if (seal__lg_wantp(m, prefix, "bcs"))
        ok = write_object_bcs(c, w, &o, NULL);
    if (ok && seal__lg_wantp(m, prefix, "object_id"))
        seal__lg_write_address(w, SUI_RPC_OBJECT_OBJECT_ID, o.id);
    if (ok && seal__lg_wantp(m, prefix, "version"))
        seal__pb_write_u64(w, SUI_RPC_OBJECT_VERSION, o.version);
    if (ok && seal__lg_wantp(m, prefix, "digest"))
        seal__lg_write_digest(w, SUI_RPC_OBJECT_DIGEST, o.digest);
    if (ok && seal__lg_wantp(m, prefix, "owner"))
        seal__lg_write_owner(w, SUI_RPC_OBJECT_OWNER, &o.owner);
    if (ok && seal__lg_wantp(m, prefix, "object_type") &&
        !seal__lg_write_type(w, SUI_RPC_OBJECT_OBJECT_TYPE, o.type, o.type_len))
        ok = seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
    if (ok && seal__lg_wantp(m, prefix, "has_public_transfer"))
        seal__pb_write_bool(w, SUI_RPC_OBJECT_HAS_PUBLIC_TRANSFER, o.has_public_transfer);
    if (ok && seal__lg_wantp(m, prefix, "contents")) {
        seal__pb_begin(w, SUI_RPC_OBJECT_CONTENTS);
        if (!seal__lg_write_type(w, SUI_RPC_BCS_NAME, o.type, o.type_len))
            ok = seal__lg_system_fail(c, SEAL_ERR_INTERNAL);
        seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, o.contents, o.contents_len);
        seal__pb_end(w);
    }
    if (ok && seal__lg_wantp(m, prefix, "previous_transaction"))
        seal__lg_write_digest(w, SUI_RPC_OBJECT_PREVIOUS_TRANSACTION, o.previous_transaction);
    if (ok && seal__lg_wantp(m, prefix, "storage_rebate"))
        seal__pb_write_u64(w, SUI_RPC_OBJECT_STORAGE_REBATE, 0);
    seal__pb_end(w);
    seal_ledger_object_clear(&o);
    return ok;
}
