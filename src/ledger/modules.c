/*
 * Native Seal policy modules: object layouts (BCS of the Move structs), the read-only
 * seal_approve* functions with their upstream abort codes and locations, the dry-run
 * evaluator, and the state-changing entry functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/exec.h"
#include "ledger/internal.h"
#include "seal/sui.h"
#include "seal/util.h"
#include "seal/sui_tx.h"

#define TAG_MAX 256

/* ---- outcomes ------------------------------------------------------------------------------- */

void seal__ledger_outcome_set(seal_ledger_outcome *o, seal_ledger_status s, const char *msg) {
    o->status = s;
    snprintf(o->message, sizeof o->message, "%s", msg != NULL ? msg : "");
}

void seal__ledger_outcome_abort(seal_ledger_outcome *o, const uint8_t pkg[static 32],
                                const char *module, const char *function, uint64_t code) {
    o->status = SEAL_LEDGER_ABORT;
    memcpy(o->abort_package, pkg, 32);
    snprintf(o->abort_module, sizeof o->abort_module, "%s", module);
    snprintf(o->abort_function, sizeof o->abort_function, "%s", function);
    o->abort_code = code;
    snprintf(o->message, sizeof o->message, "MoveAbort in %s::%s with code %llu", module, function,
             (unsigned long long)code);
}

void seal__ledger_outcome_object(seal_ledger_outcome *o, seal_ledger_status s,
                                 const uint8_t id[static 32], const char *msg) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, id);
    o->status = s;
    memcpy(o->object_id, id, 32);
    snprintf(o->message, sizeof o->message, "%s: %s", msg, hex);
}

bool seal__ledger_string_arg(const uint8_t *s, size_t n, seal_ledger_outcome *out) {
    if (seal_utf8_valid(s, n))
        return true;
    seal__ledger_outcome_set(out, SEAL_LEDGER_INVALID_BCS,
                             "pure argument does not decode as the parameter type");
    return false;
}

void seal__ledger_check_input_refs(const seal_sui_ptb *ptb, seal_ledger_outcome *out) {
    for (size_t i = 0; i < ptb->n_inputs; i++) {
        const seal_sui_call_arg *in = &ptb->inputs[i];
        if (in->kind != SEAL_SUI_CALL_ARG_OBJECT)
            continue;
        const uint8_t *id = in->object.id;
        for (size_t j = 0; j < i; j++) {
            if (ptb->inputs[j].kind == SEAL_SUI_CALL_ARG_OBJECT &&
                memcmp(ptb->inputs[j].object.id, id, 32) == 0) {
                seal__ledger_outcome_object(out, SEAL_LEDGER_WRONG_OWNER, id,
                                            "duplicate object input");
                return;
            }
        }
        if (in->object_kind == SEAL_SUI_OBJECT_SHARED &&
            memcmp(id, SEAL_LEDGER_CLOCK_ID, 32) == 0 &&
            in->mutability != SEAL_SUI_SHARED_IMMUTABLE) {
            seal__ledger_outcome_object(out, SEAL_LEDGER_WRONG_OWNER, id,
                                        "the Clock can only be passed by immutable reference");
            return;
        }
    }
}

/* ---- type tags ------------------------------------------------------------------------------ */

/* BCS TypeTag of addr::module::name<params> (params: n encoded TypeTags). */
static size_t struct_tag(uint8_t out[static TAG_MAX], const uint8_t addr[static 32],
                         const char *module, const char *name, const uint8_t *params,
                         size_t params_len, uint8_t n_params) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out, TAG_MAX);
    seal_bcs_write_u8(&w, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(&w, addr, 32);
    seal_bcs_write_bytes(&w, (const uint8_t *)module, strlen(module));
    seal_bcs_write_bytes(&w, (const uint8_t *)name, strlen(name));
    seal_bcs_write_uleb128(&w, n_params);
    seal_bcs_write_fixed(&w, params, params_len);
    return w.len <= TAG_MAX ? w.len : 0;
}

size_t seal__ledger_struct_tag(uint8_t *out, size_t cap, const uint8_t addr[static 32],
                               const char *module, const char *name, const uint8_t *params,
                               size_t params_len, uint8_t n_params) {
    uint8_t tag[TAG_MAX];
    size_t n = struct_tag(tag, addr, module, name, params, params_len, n_params);
    if (n == 0 || n > cap)
        return 0;
    memcpy(out, tag, n);
    return n;
}

static bool type_is(const seal_ledger_object *o, const uint8_t addr[static 32], const char *module,
                    const char *name) {
    uint8_t tag[TAG_MAX];
    size_t n = struct_tag(tag, addr, module, name, NULL, 0, 0);
    return o->type_len == n && memcmp(o->type, tag, n) == 0;
}

/* Fresh object with type addr::module::name (no type parameters). */
static seal_err object_init(seal_ledger_object *o, const seal__ledger_tx *t,
                            const uint8_t addr[static 32], const char *module, const char *name,
                            bool has_public_transfer) {
    memset(o, 0, sizeof *o);
    o->type_len = struct_tag(o->type, addr, module, name, NULL, 0, 0);
    if (o->type_len == 0)
        return SEAL_ERR_INTERNAL;
    o->has_public_transfer = has_public_transfer;
    o->version = t->lamport;
    memcpy(o->previous_transaction, t->digest, 32);
    return SEAL_OK;
}

/* Writes contents (copied) and the object itself in the transaction. */
static seal_err object_write(seal__ledger_tx *t, seal_ledger_object *o, const uint8_t *contents,
                             size_t len) {
    seal_err err;
    uint8_t *copy = malloc(len ? len : 1);
    if (copy == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(copy, contents, len);
    free(o->contents);
    o->contents = copy;
    o->contents_len = len;
    o->version = t->lamport;
    memcpy(o->previous_transaction, t->digest, 32);
    err = seal__ledger_obj_put(&t->l->w, o);
    return err;
}

static void put_u64(uint8_t *p, uint64_t v) {
    for (size_t i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_u64(const uint8_t *p) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* ---- genesis -------------------------------------------------------------------------------- */

void seal_ledger_genesis_digest(uint8_t out[static 32]) {
    seal_sui_blake2b256(out, (const uint8_t *)"seal-ledger genesis", 19, NULL, 0);
}

void seal_ledger_subscription_package_version_id(uint8_t out[static 32]) {
    uint8_t d[32];
    seal_ledger_genesis_digest(d);
    seal_sui_object_id_from_transaction(out, d, 0);
}

seal_err seal__ledger_genesis(seal__ledger_tx *t, uint64_t clock_ms) {
    seal_err err;
    seal_ledger_object o;
    uint8_t buf[40];
    /* 0x2::clock::Clock { id: UID, timestamp_ms: u64 }, shared at version 1. */
    if ((err = object_init(&o, t, SEAL__FRAMEWORK, "clock", "Clock", false)) != SEAL_OK)
        return err;
    memcpy(o.id, SEAL_LEDGER_CLOCK_ID, 32);
    o.owner.kind = SEAL_SUI_OWNER_SHARED;
    o.owner.version = 1;
    memcpy(buf, o.id, 32);
    put_u64(buf + 32, clock_ms);
    err = object_write(t, &o, buf, 40);
    seal_ledger_object_clear(&o);
    if (err != SEAL_OK)
        return err;
    /* patterns::subscription init: shared PackageVersion { id, version: 1 } and
     * PackageVersionCap { id } to the publisher. */
    if ((err = object_init(&o, t, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "PackageVersion",
                           false)) != SEAL_OK)
        return err;
    seal__ledger_tx_new_id(t, o.id);
    o.owner.kind = SEAL_SUI_OWNER_SHARED;
    o.owner.version = t->lamport;
    memcpy(buf, o.id, 32);
    put_u64(buf + 32, 1);
    err = object_write(t, &o, buf, 40);
    seal_ledger_object_clear(&o);
    if (err != SEAL_OK)
        return err;
    if ((err = object_init(&o, t, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription", "PackageVersionCap",
                           false)) != SEAL_OK)
        return err;
    seal__ledger_tx_new_id(t, o.id);
    o.owner.kind = SEAL_SUI_OWNER_ADDRESS;
    memcpy(o.owner.address, SEAL_LEDGER_PUBLISHER, 32);
    err = object_write(t, &o, o.id, 32);
    seal_ledger_object_clear(&o);
    return err;
}

/* ---- clock ---------------------------------------------------------------------------------- */

seal_err seal_ledger_clock_get(seal_ledger *l, uint64_t *timestamp_ms) {
    seal_ledger_object o;
    bool found = false;
    seal_err err = seal__ledger_obj_get(&l->r, SEAL_LEDGER_CLOCK_ID, &o, &found);
    if (err == SEAL_OK && (!found || o.contents_len != 40))
        err = SEAL_ERR_INTERNAL;
    if (err == SEAL_OK)
        *timestamp_ms = get_u64(o.contents + 32);
    seal_ledger_object_clear(&o);
    return err;
}

seal_err seal_ledger_clock_set(seal_ledger *l, uint64_t timestamp_ms) {
    static const char fn[] = "0x2::clock::consensus_commit_prologue";
    seal_err err;
    seal__ledger_tx t;
    seal_ledger_object o;
    bool found = false;
    uint8_t buf[40];
    memset(&o, 0, sizeof o);
    if ((err = seal__ledger_tx_begin(l, &t, fn, SEAL_LEDGER_PUBLISHER)) != SEAL_OK)
        return err;
    if ((err = seal__ledger_obj_get(&l->w, SEAL_LEDGER_CLOCK_ID, &o, &found)) != SEAL_OK)
        goto out;
    if (!found || o.contents_len != 40) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (timestamp_ms < get_u64(o.contents + 32)) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    t.lamport = o.version + 1;
    memcpy(buf, o.contents, 32);
    put_u64(buf + 32, timestamp_ms);
    if ((err = object_write(&t, &o, buf, 40)) != SEAL_OK)
        goto out;
    err = seal__ledger_tx_commit(&t, fn, SEAL_LEDGER_PUBLISHER);
out:
    seal__ledger_tx_rollback(&t);
    seal_ledger_object_clear(&o);
    return err;
}

seal_err seal_ledger_clock_advance(seal_ledger *l, uint64_t delta_ms) {
    uint64_t now = 0;
    seal_err err = seal_ledger_clock_get(l, &now);
    if (err != SEAL_OK)
        return err;
    if (now + delta_ms < now)
        return SEAL_ERR_INVALID_ARGUMENT;
    return seal_ledger_clock_set(l, now + delta_ms);
}

/* ---- read-only functions (dry run) ---------------------------------------------------------- */

typedef enum param_kind { P_VEC_U8, P_U64, P_OBJECT } param_kind;

typedef struct param {
    param_kind kind;
    const uint8_t *pkg; /* P_OBJECT: the struct's package */
    const char *module;
    const char *name;
} param;

/* A decoded argument. */
typedef struct arg {
    const uint8_t *bytes; /* P_VEC_U8 */
    size_t len;
    uint64_t u64;                  /* P_U64 */
    const seal_ledger_object *obj; /* P_OBJECT */
} arg;

typedef struct eval_ctx {
    seal_ledger *l;
    const uint8_t *sender;
    seal_ledger_outcome *out;
} eval_ctx;

/* Each returns seal_err for system failures and sets ctx->out->status otherwise. */
typedef seal_err (*native_fn)(eval_ctx *c, const arg *a);

typedef struct function_def {
    const uint8_t *pkg;
    const char *module;
    const char *function;
    native_fn fn; /* NULL: an entry function that changes state (not run by dry runs) */
    size_t n_params;
    param params[5];
} function_def;

static bool is_prefix(const uint8_t *prefix, size_t plen, const uint8_t *id, size_t len) {
    return plen <= len && memcmp(prefix, id, plen) == 0;
}

static seal_err fn_check_staleness(eval_ctx *c, const arg *a) {
    uint64_t now = a[0].u64, allowed = a[1].u64;
    const seal_ledger_object *clk = a[2].obj;
    uint64_t ts = get_u64(clk->contents + 32);
    if (now >= ts && now - ts > allowed)
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_SEAL_PACKAGE, "time", "check_staleness",
                                   93492);
    return SEAL_OK;
}

/* Whitelist { id: UID, version: u64, addresses: Table<address, bool> { id: UID, size: u64 } } */
static seal_err fn_whitelist_approve(eval_ctx *c, const arg *a) {
    static const uint8_t key_type[1] = {SEAL_SUI_TYPE_ADDRESS};
    const seal_ledger_object *wl = a[1].obj;
    uint8_t field[32];
    bool found = false;
    seal_err err;
    if (wl->contents_len != 80)
        return SEAL_ERR_INTERNAL;
    if (get_u64(wl->contents + 32) != 1) {
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist",
                                   "check_policy", 5);
        return SEAL_OK;
    }
    if (!is_prefix(wl->contents, 32, a[0].bytes, a[0].len))
        goto deny;
    if ((err = seal_sui_dynamic_field_id(field, wl->contents + 40, key_type, 1, c->sender, 32)) !=
        SEAL_OK)
        return err;
    if ((err = seal__ledger_obj_exists(&c->l->r, field, &found)) != SEAL_OK)
        return err;
    if (found)
        return SEAL_OK;
deny:
    seal__ledger_outcome_abort(c->out, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "seal_approve",
                               1);
    return SEAL_OK;
}

static seal_err fn_account_based_approve(eval_ctx *c, const arg *a) {
    if (a[0].len != 32 || memcmp(a[0].bytes, c->sender, 32) != 0)
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_PATTERNS_PACKAGE, "account_based",
                                   "seal_approve", 1);
    return SEAL_OK;
}

static seal_err fn_tle_approve(eval_ctx *c, const arg *a) {
    if (a[0].len < 8) { /* sui::bcs::peel_u64 on short input: EOutOfRange (0) */
        seal__ledger_outcome_abort(c->out, SEAL__FRAMEWORK, "bcs", "peel_u64", 0);
        return SEAL_OK;
    }
    uint64_t t = get_u64(a[0].bytes);
    uint64_t now = get_u64(a[1].obj->contents + 32);
    if (a[0].len != 8 || now < t)
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_PATTERNS_PACKAGE, "tle", "seal_approve", 77);
    return SEAL_OK;
}

/* Shared by both subscription modules: Subscription { id, service_id: ID, created_at: u64 },
 * Service { id, fee, ttl, owner, ... }. Returns 1 grant, 0 deny, -1 overflow. */
static int subscription_policy(eval_ctx *c, const arg *id, const seal_ledger_object *sub,
                               const seal_ledger_object *service, const seal_ledger_object *clk) {
    if (memcmp(service->contents, sub->contents + 32, 32) != 0)
        return 0;
    uint64_t created = get_u64(sub->contents + 64), ttl = get_u64(service->contents + 40);
    if (created + ttl < created)
        return -1;
    if (get_u64(clk->contents + 32) > created + ttl)
        return 0;
    (void)c;
    return is_prefix(service->contents, 32, id->bytes, id->len) ? 1 : 0;
}

static seal_err subscription_verdict(eval_ctx *c, int v, const uint8_t *pkg, const char *fn,
                                     uint64_t code) {
    if (v < 0)
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_ARITHMETIC_ERROR,
                                 "arithmetic overflow in created_at + ttl");
    else if (v == 0)
        seal__ledger_outcome_abort(c->out, pkg, "subscription", fn, code);
    return SEAL_OK;
}

static seal_err fn_subscription_approve(eval_ctx *c, const arg *a) {
    if (a[1].obj->contents_len != 40 || a[2].obj->contents_len != 72 ||
        a[3].obj->contents_len != 80)
        return SEAL_ERR_INTERNAL;
    if (get_u64(a[1].obj->contents + 32) != 1) {
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_PATTERNS_PACKAGE, "subscription",
                                   "check_policy", 5);
        return SEAL_OK;
    }
    int v = subscription_policy(c, &a[0], a[2].obj, a[3].obj, a[4].obj);
    return subscription_verdict(c, v, SEAL_LEDGER_PATTERNS_PACKAGE, "seal_approve", 77);
}

static seal_err fn_example_subscription_approve(eval_ctx *c, const arg *a) {
    if (a[1].obj->contents_len != 72 || a[2].obj->contents_len < 81)
        return SEAL_ERR_INTERNAL;
    int v = subscription_policy(c, &a[0], a[1].obj, a[2].obj, a[3].obj);
    return subscription_verdict(c, v, SEAL_LEDGER_EXAMPLES_PACKAGE, "seal_approve", 2);
}

/* PrivateData { id, creator: address, nonce: vector<u8>, data: vector<u8> } */
static seal_err fn_private_data_approve(eval_ctx *c, const arg *a) {
    const seal_ledger_object *e = a[1].obj;
    seal_bcs_reader r;
    const uint8_t *nonce = NULL;
    size_t nonce_len = 0;
    seal_bcs_reader_init(&r, e->contents, e->contents_len);
    if (e->contents_len < 64)
        return SEAL_ERR_INTERNAL;
    r.pos = 64;
    if (seal_bcs_read_bytes(&r, SEAL_LEDGER_OBJECT_MAX_BYTES, &nonce, &nonce_len) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    if (a[0].len != 32 + nonce_len || memcmp(a[0].bytes, e->contents + 32, 32) != 0 ||
        (nonce_len && memcmp(a[0].bytes + 32, nonce, nonce_len) != 0))
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data",
                                   "seal_approve", 77);
    return SEAL_OK;
}

/* Allowlist { id, name: String, list: vector<address> } */
static seal_err allowlist_parse(const seal_ledger_object *al, const uint8_t **list, size_t *n) {
    seal_bcs_reader r;
    const uint8_t *name = NULL;
    size_t name_len = 0;
    seal_bcs_reader_init(&r, al->contents, al->contents_len);
    if (al->contents_len < 32)
        return SEAL_ERR_INTERNAL;
    r.pos = 32;
    if (seal_bcs_read_bytes(&r, SEAL_LEDGER_OBJECT_MAX_BYTES, &name, &name_len) != SEAL_OK ||
        seal_bcs_read_len(&r, SEAL_LEDGER_OBJECT_MAX_BYTES / 32, n) != SEAL_OK ||
        seal_bcs_read_borrow(&r, list, *n * 32) != SEAL_OK || seal_bcs_reader_finish(&r) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    return SEAL_OK;
}

static bool list_contains(const uint8_t *list, size_t n, const uint8_t addr[static 32]) {
    for (size_t i = 0; i < n; i++)
        if (memcmp(list + 32 * i, addr, 32) == 0)
            return true;
    return false;
}

static seal_err fn_allowlist_approve(eval_ctx *c, const arg *a) {
    const uint8_t *list = NULL;
    size_t n = 0;
    seal_err err = allowlist_parse(a[1].obj, &list, &n);
    if (err != SEAL_OK)
        return err;
    if (!is_prefix(a[1].obj->contents, 32, a[0].bytes, a[0].len) ||
        !list_contains(list, n, c->sender))
        seal__ledger_outcome_abort(c->out, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist",
                                   "seal_approve", 1);
    return SEAL_OK;
}

static seal_err fn_voting_approve(eval_ctx *c, const arg *a) {
    return seal__ledger_voting_approve(c->l, a[0].bytes, a[0].len, a[1].obj, c->out);
}

#define PV(pkg_, mod_, name_)                                                                      \
    { P_OBJECT, pkg_, mod_, name_ }
#define P_ID                                                                                       \
    { P_VEC_U8, NULL, NULL, NULL }
#define P_NUM                                                                                      \
    { P_U64, NULL, NULL, NULL }
#define P_CLOCK PV(SEAL__FRAMEWORK, "clock", "Clock")
#define PAT SEAL_LEDGER_PATTERNS_PACKAGE
#define EXA SEAL_LEDGER_EXAMPLES_PACKAGE

static const function_def FUNCTIONS[] = {
    {SEAL_LEDGER_SEAL_PACKAGE,
     "key_server",
     "create_and_transfer_v2_independent_server",
     NULL,
     0,
     {{0}}},
    {SEAL_LEDGER_SEAL_PACKAGE,
     "time",
     "check_staleness",
     fn_check_staleness,
     3,
     {P_NUM, P_NUM, P_CLOCK}},
    {PAT,
     "whitelist",
     "seal_approve",
     fn_whitelist_approve,
     2,
     {P_ID, PV(PAT, "whitelist", "Whitelist")}},
    {PAT, "whitelist", "create_whitelist", NULL, 0, {{0}}},
    {PAT, "whitelist", "share_whitelist", NULL, 0, {{0}}},
    {PAT, "whitelist", "create_whitelist_entry", NULL, 0, {{0}}},
    {PAT, "whitelist", "add", NULL, 0, {{0}}},
    {PAT, "whitelist", "remove", NULL, 0, {{0}}},
    {PAT, "account_based", "seal_approve", fn_account_based_approve, 1, {P_ID}},
    {PAT, "tle", "seal_approve", fn_tle_approve, 2, {P_ID, P_CLOCK}},
    {PAT,
     "subscription",
     "seal_approve",
     fn_subscription_approve,
     5,
     {P_ID, PV(PAT, "subscription", "PackageVersion"), PV(PAT, "subscription", "Subscription"),
      PV(PAT, "subscription", "Service"), P_CLOCK}},
    {PAT, "subscription", "create_service", NULL, 0, {{0}}},
    {PAT, "subscription", "create_service_entry", NULL, 0, {{0}}},
    {PAT, "subscription", "subscribe", NULL, 0, {{0}}},
    {PAT, "subscription", "transfer", NULL, 0, {{0}}},
    {PAT,
     "private_data",
     "seal_approve",
     fn_private_data_approve,
     2,
     {P_ID, PV(PAT, "private_data", "PrivateData")}},
    {PAT, "private_data", "store", NULL, 0, {{0}}},
    {PAT, "private_data", "store_entry", NULL, 0, {{0}}},
    {PAT, "voting", "seal_approve", fn_voting_approve, 2, {P_ID, PV(PAT, "voting", "Vote")}},
    {PAT, "voting", "create_vote", NULL, 0, {{0}}},
    {PAT, "voting", "cast_vote", NULL, 0, {{0}}},
    {PAT, "voting", "finalize_vote", NULL, 0, {{0}}},
    {EXA,
     "allowlist",
     "seal_approve",
     fn_allowlist_approve,
     2,
     {P_ID, PV(EXA, "allowlist", "Allowlist")}},
    {EXA, "allowlist", "create_allowlist", NULL, 0, {{0}}},
    {EXA, "allowlist", "create_allowlist_entry", NULL, 0, {{0}}},
    {EXA, "allowlist", "add", NULL, 0, {{0}}},
    {EXA, "allowlist", "remove", NULL, 0, {{0}}},
    {EXA, "allowlist", "namespace", NULL, 0, {{0}}},
    {EXA, "allowlist", "publish", NULL, 0, {{0}}},
    {EXA,
     "subscription",
     "seal_approve",
     fn_example_subscription_approve,
     4,
     {P_ID, PV(EXA, "subscription", "Subscription"), PV(EXA, "subscription", "Service"), P_CLOCK}},
    {EXA, "subscription", "create_service", NULL, 0, {{0}}},
    {EXA, "subscription", "create_service_entry", NULL, 0, {{0}}},
    {EXA, "subscription", "subscribe", NULL, 0, {{0}}},
    {EXA, "subscription", "transfer", NULL, 0, {{0}}},
    {EXA, "subscription", "publish", NULL, 0, {{0}}},
};

static bool bytes_eq_str(seal_sui_bytes b, const char *s) {
    size_t n = strlen(s);
    return b.len == n && memcmp(b.ptr, s, n) == 0;
}

static const uint8_t *const PACKAGES[] = {SEAL_LEDGER_SEAL_PACKAGE, SEAL_LEDGER_PATTERNS_PACKAGE,
                                          SEAL_LEDGER_EXAMPLES_PACKAGE};

/* Checks one object input against Sui's input rules; loads it into *obj. */
static seal_err resolve_object(eval_ctx *c, const seal_sui_call_arg *in, seal_ledger_object *obj,
                               bool *loaded) {
    static const uint8_t zero[32] = {0};
    seal_err err;
    bool found = false;
    const uint8_t *id = in->object.id;
    *loaded = false;
    if (in->object_kind == SEAL_SUI_OBJECT_RECEIVING) {
        seal__ledger_outcome_object(c->out, SEAL_LEDGER_UNSUPPORTED, id,
                                    "receiving arguments not supported");
        return SEAL_OK;
    }
    if ((err = seal__ledger_obj_get(&c->l->r, id, obj, &found)) != SEAL_OK)
        return err;
    if (!found) {
        seal__ledger_outcome_object(c->out, SEAL_LEDGER_OBJECT_NOT_FOUND, id, "object not found");
        return SEAL_OK;
    }
    *loaded = true;
    if (in->object_kind == SEAL_SUI_OBJECT_SHARED) {
        if (obj->owner.kind != SEAL_SUI_OWNER_SHARED)
            seal__ledger_outcome_object(c->out, SEAL_LEDGER_WRONG_OWNER, id,
                                        "object is not shared");
        else if (obj->owner.version != in->initial_shared_version)
            seal__ledger_outcome_object(c->out, SEAL_LEDGER_VERSION_MISMATCH, id,
                                        "wrong initial shared version");
        return SEAL_OK;
    }
    /* ImmOrOwned */
    switch (obj->owner.kind) {
    case SEAL_SUI_OWNER_IMMUTABLE:
        break;
    case SEAL_SUI_OWNER_ADDRESS:
        if (memcmp(obj->owner.address, c->sender, 32) != 0) {
            seal__ledger_outcome_object(c->out, SEAL_LEDGER_WRONG_OWNER, id,
                                        "object is owned by another address");
            return SEAL_OK;
        }
        break;
    case SEAL_SUI_OWNER_SHARED:
        seal__ledger_outcome_object(c->out, SEAL_LEDGER_WRONG_OWNER, id,
                                    "shared object passed as owned");
        return SEAL_OK;
    default:
        seal__ledger_outcome_object(c->out, SEAL_LEDGER_WRONG_OWNER, id,
                                    "object is owned by an object");
        return SEAL_OK;
    }
    bool current =
        in->object.version == obj->version && memcmp(in->object.digest, obj->digest, 32) == 0;
    bool unresolved = in->object.version == 0 && memcmp(in->object.digest, zero, 32) == 0;
    if (!current && !unresolved)
        seal__ledger_outcome_object(c->out, SEAL_LEDGER_VERSION_MISMATCH, id,
                                    "object reference is not the current version");
    return SEAL_OK;
}

/* Finds and runs one MoveCall. */
static seal_err run_call(eval_ctx *c, const seal_sui_ptb *ptb, const seal_sui_command *cmd,
                         const seal_ledger_object *objs, const bool *loaded) {
    const function_def *def = NULL;
    bool known_pkg = false, known_module = false;
    arg args[5];
    for (size_t i = 0; i < sizeof PACKAGES / sizeof PACKAGES[0]; i++)
        if (memcmp(cmd->package, PACKAGES[i], 32) == 0)
            known_pkg = true;
    if (!known_pkg) {
        seal__ledger_outcome_object(c->out, SEAL_LEDGER_OBJECT_NOT_FOUND, cmd->package,
                                    "package not found (custom Move packages need a Sui node)");
        return SEAL_OK;
    }
    for (size_t i = 0; i < sizeof FUNCTIONS / sizeof FUNCTIONS[0]; i++) {
        const function_def *f = &FUNCTIONS[i];
        if (memcmp(f->pkg, cmd->package, 32) != 0 || !bytes_eq_str(cmd->module, f->module))
            continue;
        known_module = true;
        if (bytes_eq_str(cmd->function, f->function))
            def = f;
    }
    if (def == NULL) {
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_FUNCTION_NOT_FOUND,
                                 known_module ? "function not found in module"
                                              : "module not found in package");
        return SEAL_OK;
    }
    if (def->fn == NULL) {
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_UNSUPPORTED,
                                 "state-changing function: not evaluated read-only");
        return SEAL_OK;
    }
    if (cmd->n_type_args != 0 || cmd->n_args != def->n_params) {
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_ARITY_MISMATCH,
                                 "wrong number of arguments or type arguments");
        return SEAL_OK;
    }
    for (size_t i = 0; i < def->n_params; i++) {
        const param *p = &def->params[i];
        const seal_sui_argument *a = &cmd->args[i];
        if (a->kind != SEAL_SUI_ARG_INPUT || a->index >= ptb->n_inputs) {
            seal__ledger_outcome_set(c->out, SEAL_LEDGER_UNSUPPORTED,
                                     "only transaction inputs are supported as arguments");
            return SEAL_OK;
        }
        const seal_sui_call_arg *in = &ptb->inputs[a->index];
        memset(&args[i], 0, sizeof args[i]);
        if (p->kind == P_OBJECT) {
            if (in->kind != SEAL_SUI_CALL_ARG_OBJECT || !loaded[a->index]) {
                seal__ledger_outcome_set(c->out, SEAL_LEDGER_TYPE_MISMATCH,
                                         "object parameter given a pure value");
                return SEAL_OK;
            }
            const seal_ledger_object *o = &objs[a->index];
            size_t need = 0;
            if (!type_is(o, p->pkg, p->module, p->name)) {
                seal__ledger_outcome_object(c->out, SEAL_LEDGER_TYPE_MISMATCH, o->id,
                                            "object of the wrong type");
                return SEAL_OK;
            }
            need = strcmp(p->name, "Clock") == 0 ? 40 : 32;
            if (o->contents_len < need)
                return SEAL_ERR_INTERNAL;
            args[i].obj = o;
            continue;
        }
        if (in->kind != SEAL_SUI_CALL_ARG_PURE) {
            seal__ledger_outcome_set(c->out, SEAL_LEDGER_TYPE_MISMATCH,
                                     "pure parameter given an object");
            return SEAL_OK;
        }
        if (p->kind == P_U64) {
            if (in->pure.len != 8) {
                seal__ledger_outcome_set(c->out, SEAL_LEDGER_INVALID_BCS,
                                         "pure argument is not a u64");
                return SEAL_OK;
            }
            args[i].u64 = get_u64(in->pure.ptr);
        } else {
            seal_bcs_reader r;
            seal_bcs_reader_init(&r, in->pure.ptr, in->pure.len);
            if (seal_bcs_read_bytes(&r, in->pure.len, &args[i].bytes, &args[i].len) != SEAL_OK ||
                seal_bcs_reader_finish(&r) != SEAL_OK) {
                seal__ledger_outcome_set(c->out, SEAL_LEDGER_INVALID_BCS,
                                         "pure argument is not a vector<u8>");
                return SEAL_OK;
            }
        }
    }
    return def->fn(c, args);
}

static seal_err evaluate(seal_ledger *l, const seal_sui_ptb *ptb, const uint8_t sender[static 32],
                         seal_ledger_outcome *out) {
    seal_err err = SEAL_OK;
    seal_ledger_object *objs = NULL;
    bool *loaded = NULL;
    bool reading = false;
    eval_ctx c = {.l = l, .sender = sender, .out = out};
    bool changes = false;
    memset(out, 0, sizeof *out);
    /* seal_committee calls change state: executed and rolled back (execute.c) */
    if ((err = seal__ledger_committee_ptb(l, ptb, &changes)) != SEAL_OK || changes)
        return err != SEAL_OK ? err : seal__ledger_exec_dry(l, ptb, sender, out);
    if ((objs = calloc(ptb->n_inputs ? ptb->n_inputs : 1, sizeof *objs)) == NULL ||
        (loaded = calloc(ptb->n_inputs ? ptb->n_inputs : 1, sizeof *loaded)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if ((err = seal__ledger_read_begin(&l->r)) != SEAL_OK)
        goto out;
    reading = true;
    /* Input checks come before execution, as on Sui. */
    seal__ledger_check_input_refs(ptb, out);
    for (size_t i = 0; i < ptb->n_inputs && out->status == SEAL_LEDGER_SUCCESS; i++) {
        const seal_sui_call_arg *in = &ptb->inputs[i];
        if (in->kind == SEAL_SUI_CALL_ARG_FUNDS_WITHDRAWAL) {
            seal__ledger_outcome_set(out, SEAL_LEDGER_UNSUPPORTED, "funds withdrawal input");
        } else if (in->kind == SEAL_SUI_CALL_ARG_OBJECT) {
            if ((err = resolve_object(&c, in, &objs[i], &loaded[i])) != SEAL_OK)
                goto out;
        }
    }
    for (size_t i = 0; i < ptb->n_commands && out->status == SEAL_LEDGER_SUCCESS; i++) {
        out->command = (uint16_t)i;
        if (ptb->commands[i].kind != SEAL_SUI_CMD_MOVE_CALL) {
            seal__ledger_outcome_set(out, SEAL_LEDGER_UNSUPPORTED, "only MoveCall commands");
            break;
        }
        if ((err = run_call(&c, ptb, &ptb->commands[i], objs, loaded)) != SEAL_OK)
            goto out;
    }
    if (out->status == SEAL_LEDGER_SUCCESS) {
        out->command = 0;
        seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    }
out:
    if (reading)
        seal__ledger_read_end(&l->r);
    if (objs != NULL)
        for (size_t i = 0; i < ptb->n_inputs; i++)
            seal_ledger_object_clear(&objs[i]);
    free(objs);
    free(loaded);
    return err;
}

seal_err seal_ledger_dry_run(seal_ledger *l, const uint8_t *ptb_bytes, size_t len,
                             const uint8_t sender[static 32], seal_ledger_outcome *out) {
    seal_sui_ptb *ptb = NULL;
    memset(out, 0, sizeof *out);
    seal_err err = seal_sui_ptb_decode(&ptb, ptb_bytes, len);
    if (err == SEAL_OK)
        err = evaluate(l, ptb, sender, out);
    seal_sui_ptb_free(ptb);
    return err;
}

seal_err seal_ledger_dry_run_kind(seal_ledger *l, const uint8_t *kind_bytes, size_t len,
                                  const uint8_t sender[static 32], seal_ledger_outcome *out) {
    seal_sui_ptb *ptb = NULL;
    memset(out, 0, sizeof *out);
    seal_err err = seal_sui_transaction_kind_decode(&ptb, kind_bytes, len);
    if (err == SEAL_OK)
        err = evaluate(l, ptb, sender, out);
    seal_sui_ptb_free(ptb);
    return err;
}

seal_err seal_ledger_dry_run_transaction(seal_ledger *l, const uint8_t *tx_bytes, size_t len,
                                         seal_ledger_outcome *out) {
    seal_sui_transaction_data *tx = NULL;
    memset(out, 0, sizeof *out);
    seal_err err = seal_sui_transaction_data_decode(&tx, tx_bytes, len);
    if (err == SEAL_OK)
        err = evaluate(l, tx->ptb, tx->sender, out);
    seal_sui_transaction_data_free(tx);
    return err;
}
