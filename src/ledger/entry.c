/*
 * State-changing entry functions of the native modules. Each runs in one SQLite write
 * transaction: inputs are checked as Sui checks them (existence, owner, type), the Move rule
 * runs, and on success every input and created object gets the Lamport version
 * (max input version + 1) and a recomputed digest before COMMIT. On any other outcome the
 * transaction is rolled back and nothing changes.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/internal.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define TAG_MAX 256

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

static size_t type_tag(uint8_t out[static TAG_MAX], const uint8_t addr[static 32],
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

static void set_object_outcome(seal_ledger_outcome *o, seal_ledger_status s,
                               const uint8_t id[static 32], const char *msg) {
    seal__ledger_outcome_set(o, s, msg);
    memcpy(o->object_id, id, 32);
}

/* Loads an input object: must exist, have the expected type, and be shared (owner NULL) or
 * owned by *owner. Returns false with *out set when a check fails. */
static seal_err load_input(seal__ledger_tx *t, const uint8_t id[static 32],
                           const uint8_t pkg[static 32], const char *module, const char *name,
                           const uint8_t *owner, seal_ledger_object *obj, bool *ok,
                           seal_ledger_outcome *out) {
    uint8_t tag[TAG_MAX];
    bool found = false;
    seal_err err;
    size_t n = type_tag(tag, pkg, module, name, NULL, 0, 0);
    *ok = false;
    if ((err = seal__ledger_obj_get(&t->l->w, id, obj, &found)) != SEAL_OK)
        return err;
    if (!found) {
        set_object_outcome(out, SEAL_LEDGER_OBJECT_NOT_FOUND, id, "object not found");
        return SEAL_OK;
    }
    if (owner == NULL && obj->owner.kind != SEAL_SUI_OWNER_SHARED) {
        set_object_outcome(out, SEAL_LEDGER_WRONG_OWNER, id, "object is not shared");
        return SEAL_OK;
    }
    if (owner != NULL &&
        (obj->owner.kind != SEAL_SUI_OWNER_ADDRESS || memcmp(obj->owner.address, owner, 32) != 0)) {
        set_object_outcome(out, SEAL_LEDGER_WRONG_OWNER, id, "object is not owned by the sender");
        return SEAL_OK;
    }
    if (obj->type_len != n || memcmp(obj->type, tag, n) != 0) {
        set_object_outcome(out, SEAL_LEDGER_TYPE_MISMATCH, id, "object of the wrong type");
        return SEAL_OK;
    }
    *ok = true;
    return SEAL_OK;
}

/* Writes obj (contents copied from c) at the transaction's Lamport version. */
static seal_err write_object(seal__ledger_tx *t, seal_ledger_object *obj, const uint8_t *c,
                             size_t len) {
    uint8_t *copy = malloc(len ? len : 1);
    if (copy == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(copy, c, len);
    free(obj->contents);
    obj->contents = copy;
    obj->contents_len = len;
    obj->version = t->lamport;
    memcpy(obj->previous_transaction, t->digest, 32);
    return seal__ledger_tx_put(t, obj);
}

/* A new object of type pkg::module::name. */
static void new_object(seal__ledger_tx *t, seal_ledger_object *o, const uint8_t pkg[static 32],
                       const char *module, const char *name, bool has_public_transfer,
                       const uint8_t *owner) {
    memset(o, 0, sizeof *o);
    seal__ledger_tx_new_id(t, o->id);
    o->type_len = type_tag(o->type, pkg, module, name, NULL, 0, 0);
    o->has_public_transfer = has_public_transfer;
    if (owner == NULL) {
        o->owner.kind = SEAL_SUI_OWNER_SHARED;
        o->owner.version = t->lamport;
    } else {
        o->owner.kind = SEAL_SUI_OWNER_ADDRESS;
        memcpy(o->owner.address, owner, 32);
    }
}

static uint64_t max_u64(uint64_t a, uint64_t b) {
    return a > b ? a : b;
}

static void outcome_ok(seal_ledger_outcome *out) {
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
}

/* Runs in a fresh transaction: commit on SUCCESS, roll back otherwise. */
static seal_err begin(seal_ledger *l, seal__ledger_tx *t, const char *fn,
                      const uint8_t sender[static 32], seal_ledger_outcome *out) {
    outcome_ok(out);
    return seal__ledger_tx_begin(l, t, fn, sender);
}

static seal_err finish(seal__ledger_tx *t, seal_err err, const seal_ledger_outcome *out,
                       const char *fn, const uint8_t sender[static 32]) {
    if (err == SEAL_OK && out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_tx_commit(t, fn, sender);
    seal__ledger_tx_rollback(t);
    return err;
}

/* ---- patterns::whitelist -------------------------------------------------------------------- */

seal_err seal__ledger_whitelist_create(seal__ledger_tx *t, const uint8_t sender[static 32],
                                       uint8_t wl_id[static 32], uint8_t cap_id[static 32],
                                       seal_ledger_outcome *out) {
    seal_err err;
    seal_ledger_object wl, cap;
    uint8_t table_id[32], c[80];
    memset(&wl, 0, sizeof wl);
    memset(&cap, 0, sizeof cap);
    seal__ledger_tx_set_lamport(t, 1);
    new_object(t, &wl, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "Whitelist", false, NULL);
    seal__ledger_tx_new_id(t, table_id);
    new_object(t, &cap, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "Cap", true, sender);
    memcpy(c, wl.id, 32);
    put_u64(c + 32, 1);
    memcpy(c + 40, table_id, 32);
    put_u64(c + 72, 0);
    if ((err = write_object(t, &wl, c, 80)) != SEAL_OK)
        goto out;
    memcpy(c, cap.id, 32);
    memcpy(c + 32, wl.id, 32);
    if ((err = write_object(t, &cap, c, 64)) != SEAL_OK)
        goto out;
    memcpy(wl_id, wl.id, 32);
    memcpy(cap_id, cap.id, 32);
    (void)out;
out:
    seal_ledger_object_clear(&wl);
    seal_ledger_object_clear(&cap);
    return err;
}

seal_err seal_ledger_whitelist_create(seal_ledger *l, const uint8_t sender[static 32],
                                      uint8_t wl_id[static 32], uint8_t cap_id[static 32],
                                      seal_ledger_outcome *out) {
    static const char fn[] = "whitelist::create_whitelist_entry";
    seal__ledger_tx t;
    seal_err err = begin(l, &t, fn, sender, out);
    if (err != SEAL_OK)
        return err;
    return finish(&t, seal__ledger_whitelist_create(&t, sender, wl_id, cap_id, out), out, fn,
                  sender);
}

seal_err seal__ledger_whitelist_change(seal__ledger_tx *t, const uint8_t sender[static 32],
                                       const uint8_t wl_id[static 32],
                                       const uint8_t cap_id[static 32],
                                       const uint8_t account[static 32], bool add,
                                       seal_ledger_outcome *out) {
    static const uint8_t key_type[1] = {SEAL_SUI_TYPE_ADDRESS};
    static const uint8_t field_params[2] = {SEAL_SUI_TYPE_ADDRESS, 0 /* bool */};
    seal_err err;
    seal_ledger_object wl, cap, field;
    uint8_t field_id[32], c[80];
    bool ok = false, present = false;
    memset(&wl, 0, sizeof wl);
    memset(&cap, 0, sizeof cap);
    memset(&field, 0, sizeof field);
    if ((err = load_input(t, wl_id, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "Whitelist", NULL,
                          &wl, &ok, out)) != SEAL_OK ||
        !ok)
        goto out;
    if ((err = load_input(t, cap_id, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "Cap", sender, &cap,
                          &ok, out)) != SEAL_OK ||
        !ok)
        goto out;
    if (wl.contents_len != 80 || cap.contents_len != 64) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (memcmp(cap.contents + 32, wl.id, 32) != 0) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist",
                                   add ? "add" : "remove", 2);
        goto out;
    }
    if ((err = seal_sui_dynamic_field_id(field_id, wl.contents + 40, key_type, 1, account, 32)) !=
        SEAL_OK)
        goto out;
    if ((err = seal__ledger_obj_exists(&t->l->w, field_id, &present)) != SEAL_OK)
        goto out;
    if (add && present) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "add", 3);
        goto out;
    }
    if (!add && !present) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "whitelist", "remove", 4);
        goto out;
    }
    seal__ledger_tx_set_lamport(t, max_u64(wl.version, cap.version) + 1);
    memcpy(c, wl.contents, 80);
    uint64_t size = get_u64(c + 72);
    put_u64(c + 72, add ? size + 1 : size - 1);
    if ((err = write_object(t, &wl, c, 80)) != SEAL_OK)
        goto out;
    if ((err = write_object(t, &cap, cap.contents, 64)) != SEAL_OK)
        goto out;
    if (add) {
        /* 0x2::dynamic_field::Field<address, bool> { id, name, value: true }, owned by the
         * table. */
        memcpy(field.id, field_id, 32);
        field.type_len = type_tag(field.type, SEAL__FRAMEWORK, "dynamic_field", "Field",
                                  field_params, sizeof field_params, 2);
        field.owner.kind = SEAL_SUI_OWNER_OBJECT;
        memcpy(field.owner.address, wl.contents + 40, 32);
        memcpy(c, field_id, 32);
        memcpy(c + 32, account, 32);
        c[64] = 1;
        if ((err = write_object(t, &field, c, 65)) != SEAL_OK)
            goto out;
    } else if ((err = seal__ledger_tx_delete(t, field_id)) != SEAL_OK) {
        goto out;
    }
out:
    seal_ledger_object_clear(&wl);
    seal_ledger_object_clear(&cap);
    seal_ledger_object_clear(&field);
    return err;
}

static seal_err whitelist_change(seal_ledger *l, const uint8_t sender[static 32],
                                 const uint8_t wl_id[static 32], const uint8_t cap_id[static 32],
                                 const uint8_t account[static 32], bool add,
                                 seal_ledger_outcome *out) {
    const char *fn = add ? "whitelist::add" : "whitelist::remove";
    seal__ledger_tx t;
    seal_err err = begin(l, &t, fn, sender, out);
    if (err != SEAL_OK)
        return err;
    return finish(&t, seal__ledger_whitelist_change(&t, sender, wl_id, cap_id, account, add, out),
                  out, fn, sender);
}

seal_err seal_ledger_whitelist_add(seal_ledger *l, const uint8_t sender[static 32],
                                   const uint8_t wl_id[static 32], const uint8_t cap_id[static 32],
                                   const uint8_t account[static 32], seal_ledger_outcome *out) {
    return whitelist_change(l, sender, wl_id, cap_id, account, true, out);
}

seal_err seal_ledger_whitelist_remove(seal_ledger *l, const uint8_t sender[static 32],
                                      const uint8_t wl_id[static 32],
                                      const uint8_t cap_id[static 32],
                                      const uint8_t account[static 32], seal_ledger_outcome *out) {
    return whitelist_change(l, sender, wl_id, cap_id, account, false, out);
}

/* ---- examples allowlist --------------------------------------------------------------------- */

static seal_err write_string(seal_bcs_writer *w, const uint8_t *s, size_t n) {
    if (n > SEAL_LEDGER_OBJECT_MAX_BYTES / 2)
        return SEAL_ERR_LIMIT;
    seal_bcs_write_bytes(w, s, n);
    return SEAL_OK;
}

seal_err seal__ledger_allowlist_create(seal__ledger_tx *t, const uint8_t sender[static 32],
                                       const uint8_t *name, size_t name_len,
                                       uint8_t al_id[static 32], uint8_t cap_id[static 32],
                                       seal_ledger_outcome *out) {
    seal_err err;
    seal_ledger_object al, cap;
    uint8_t *buf = NULL, c[64];
    seal_bcs_writer w;
    memset(&al, 0, sizeof al);
    memset(&cap, 0, sizeof cap);
    if (name_len > SEAL_LEDGER_OBJECT_MAX_BYTES / 2)
        return SEAL_ERR_LIMIT;
    if (!seal__ledger_string_arg(name, name_len, out))
        return SEAL_OK;
    if ((buf = malloc(name_len + 48)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal__ledger_tx_set_lamport(t, 1);
    new_object(t, &al, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "Allowlist", false, NULL);
    new_object(t, &cap, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "Cap", false, sender);
    seal_bcs_writer_init(&w, buf, name_len + 48);
    seal_bcs_write_fixed(&w, al.id, 32);
    if ((err = write_string(&w, name, name_len)) != SEAL_OK)
        goto out;
    seal_bcs_write_uleb128(&w, 0);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    if ((err = write_object(t, &al, buf, w.len)) != SEAL_OK)
        goto out;
    memcpy(c, cap.id, 32);
    memcpy(c + 32, al.id, 32);
    if ((err = write_object(t, &cap, c, 64)) != SEAL_OK)
        goto out;
    memcpy(al_id, al.id, 32);
    memcpy(cap_id, cap.id, 32);
out:
    seal_ledger_object_clear(&al);
    seal_ledger_object_clear(&cap);
    free(buf);
    return err;
}

seal_err seal_ledger_allowlist_create(seal_ledger *l, const uint8_t sender[static 32],
                                      const char *name, uint8_t al_id[static 32],
                                      uint8_t cap_id[static 32], seal_ledger_outcome *out) {
    static const char fn[] = "allowlist::create_allowlist_entry";
    seal__ledger_tx t;
    seal_err err;
    outcome_ok(out);
    if (name == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((err = begin(l, &t, fn, sender, out)) != SEAL_OK)
        return err;
    return finish(&t,
                  seal__ledger_allowlist_create(&t, sender, (const uint8_t *)name, strlen(name),
                                                al_id, cap_id, out),
                  out, fn, sender);
}

seal_err seal__ledger_allowlist_change(seal__ledger_tx *t, const uint8_t sender[static 32],
                                       const uint8_t al_id[static 32],
                                       const uint8_t cap_id[static 32],
                                       const uint8_t account[static 32], bool add,
                                       seal_ledger_outcome *out) {
    seal_err err;
    seal_ledger_object al, cap;
    uint8_t *buf = NULL;
    bool ok = false;
    const uint8_t *name = NULL, *list = NULL;
    size_t name_len = 0, n = 0;
    seal_bcs_reader r;
    seal_bcs_writer w;
    memset(&al, 0, sizeof al);
    memset(&cap, 0, sizeof cap);
    if ((err = load_input(t, al_id, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "Allowlist", NULL,
                          &al, &ok, out)) != SEAL_OK ||
        !ok)
        goto out;
    if ((err = load_input(t, cap_id, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "Cap", sender, &cap,
                          &ok, out)) != SEAL_OK ||
        !ok)
        goto out;
    if (cap.contents_len != 64 || al.contents_len < 32) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (memcmp(cap.contents + 32, al.id, 32) != 0) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist",
                                   add ? "add" : "remove", 0);
        goto out;
    }
    seal_bcs_reader_init(&r, al.contents, al.contents_len);
    r.pos = 32;
    if (seal_bcs_read_bytes(&r, SEAL_LEDGER_OBJECT_MAX_BYTES, &name, &name_len) != SEAL_OK ||
        seal_bcs_read_len(&r, SEAL_LEDGER_OBJECT_MAX_BYTES / 32, &n) != SEAL_OK ||
        seal_bcs_read_borrow(&r, &list, n * 32) != SEAL_OK ||
        seal_bcs_reader_finish(&r) != SEAL_OK) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    size_t present = 0;
    for (size_t i = 0; i < n; i++)
        if (memcmp(list + 32 * i, account, 32) == 0)
            present++;
    if (add && present) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", 2);
        goto out;
    }
    size_t cap_bytes = al.contents_len + 32 + SEAL_BCS_MAX_ULEB_BYTES;
    if ((buf = malloc(cap_bytes)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_bcs_writer_init(&w, buf, cap_bytes);
    seal_bcs_write_fixed(&w, al.contents, 32);
    seal_bcs_write_bytes(&w, name, name_len);
    seal_bcs_write_uleb128(&w, add ? n + 1 : n - present);
    for (size_t i = 0; i < n; i++) /* remove: vector::filter! keeps order */
        if (add || memcmp(list + 32 * i, account, 32) != 0)
            seal_bcs_write_fixed(&w, list + 32 * i, 32);
    if (add)
        seal_bcs_write_fixed(&w, account, 32);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    seal__ledger_tx_set_lamport(t, max_u64(al.version, cap.version) + 1);
    if ((err = write_object(t, &al, buf, w.len)) != SEAL_OK)
        goto out;
    if ((err = write_object(t, &cap, cap.contents, 64)) != SEAL_OK)
        goto out;
out:
    seal_ledger_object_clear(&al);
    seal_ledger_object_clear(&cap);
    free(buf);
    return err;
}

static seal_err allowlist_change(seal_ledger *l, const uint8_t sender[static 32],
                                 const uint8_t al_id[static 32], const uint8_t cap_id[static 32],
                                 const uint8_t account[static 32], bool add,
                                 seal_ledger_outcome *out) {
    const char *fn = add ? "allowlist::add" : "allowlist::remove";
    seal__ledger_tx t;
    seal_err err = begin(l, &t, fn, sender, out);
    if (err != SEAL_OK)
        return err;
    return finish(&t, seal__ledger_allowlist_change(&t, sender, al_id, cap_id, account, add, out),
                  out, fn, sender);
}

seal_err seal_ledger_allowlist_add(seal_ledger *l, const uint8_t sender[static 32],
                                   const uint8_t al_id[static 32], const uint8_t cap_id[static 32],
                                   const uint8_t account[static 32], seal_ledger_outcome *out) {
    return allowlist_change(l, sender, al_id, cap_id, account, true, out);
}

seal_err seal_ledger_allowlist_remove(seal_ledger *l, const uint8_t sender[static 32],
                                      const uint8_t al_id[static 32],
                                      const uint8_t cap_id[static 32],
                                      const uint8_t account[static 32], seal_ledger_outcome *out) {
    return allowlist_change(l, sender, al_id, cap_id, account, false, out);
}

/* ---- subscriptions -------------------------------------------------------------------------- */

/* Service { id, fee, ttl, owner[, name] } shared; examples also give a Cap to the sender. */
seal_err seal__ledger_service_create(seal__ledger_tx *t, const uint8_t sender[static 32],
                                     bool example, uint64_t fee, uint64_t ttl, const uint8_t *name,
                                     size_t name_len, uint8_t service_id[static 32],
                                     uint8_t cap_id[static 32], seal_ledger_outcome *out) {
    const uint8_t *pkg = example ? SEAL_LEDGER_EXAMPLES_PACKAGE : SEAL_LEDGER_PATTERNS_PACKAGE;
    seal_err err;
    seal_ledger_object svc, cap;
    uint8_t *buf = NULL, c[64];
    size_t cap_bytes;
    seal_bcs_writer w;
    memset(&svc, 0, sizeof svc);
    memset(&cap, 0, sizeof cap);
    if (!example)
        name_len = 0;
    if (name_len > SEAL_LEDGER_OBJECT_MAX_BYTES / 2)
        return SEAL_ERR_LIMIT;
    if (example && !seal__ledger_string_arg(name, name_len, out))
        return SEAL_OK;
    cap_bytes = 88 + SEAL_BCS_MAX_ULEB_BYTES + name_len;
    if ((buf = malloc(cap_bytes)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal__ledger_tx_set_lamport(t, 1);
    new_object(t, &svc, pkg, "subscription", "Service", false, NULL);
    seal_bcs_writer_init(&w, buf, cap_bytes);
    seal_bcs_write_fixed(&w, svc.id, 32);
    seal_bcs_write_u64(&w, fee);
    seal_bcs_write_u64(&w, ttl);
    seal_bcs_write_fixed(&w, sender, 32);
    if (example && (err = write_string(&w, name, name_len)) != SEAL_OK)
        goto out;
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    if ((err = write_object(t, &svc, buf, w.len)) != SEAL_OK)
        goto out;
    if (example) {
        new_object(t, &cap, pkg, "subscription", "Cap", false, sender);
        memcpy(c, cap.id, 32);
        memcpy(c + 32, svc.id, 32);
        if ((err = write_object(t, &cap, c, 64)) != SEAL_OK)
            goto out;
        memcpy(cap_id, cap.id, 32);
    }
    memcpy(service_id, svc.id, 32);
out:
    seal_ledger_object_clear(&svc);
    seal_ledger_object_clear(&cap);
    free(buf);
    return err;
}

static seal_err service_create(seal_ledger *l, const uint8_t sender[static 32], uint64_t fee,
                               uint64_t ttl, const char *name, uint8_t service_id[static 32],
                               uint8_t *cap_id, seal_ledger_outcome *out) {
    const bool example = name != NULL;
    const char *fn = example ? "examples::subscription::create_service_entry"
                             : "subscription::create_service_entry";
    uint8_t unused[32];
    seal__ledger_tx t;
    seal_err err = begin(l, &t, fn, sender, out);
    if (err != SEAL_OK)
        return err;
    return finish(&t,
                  seal__ledger_service_create(&t, sender, example, fee, ttl, (const uint8_t *)name,
                                              example ? strlen(name) : 0, service_id,
                                              example ? cap_id : unused, out),
                  out, fn, sender);
}

seal_err seal_ledger_subscription_create_service(seal_ledger *l, const uint8_t sender[static 32],
                                                 uint64_t fee, uint64_t ttl_ms,
                                                 uint8_t service_id[static 32],
                                                 seal_ledger_outcome *out) {
    return service_create(l, sender, fee, ttl_ms, NULL, service_id, NULL, out);
}

seal_err seal_ledger_example_service_create(seal_ledger *l, const uint8_t sender[static 32],
                                            uint64_t fee, uint64_t ttl_ms, const char *name,
                                            uint8_t service_id[static 32],
                                            uint8_t cap_id[static 32], seal_ledger_outcome *out) {
    outcome_ok(out);
    if (name == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    return service_create(l, sender, fee, ttl_ms, name, service_id, cap_id, out);
}

/* subscribe(fee, service, clock) -> Subscription { id, service_id, created_at }, to sender. */
seal_err seal__ledger_subscribe(seal__ledger_tx *t, const uint8_t sender[static 32], bool example,
                                const uint8_t service_id[static 32], uint64_t fee,
                                uint8_t sub_id[static 32], seal_ledger_outcome *out) {
    const uint8_t *pkg = example ? SEAL_LEDGER_EXAMPLES_PACKAGE : SEAL_LEDGER_PATTERNS_PACKAGE;
    seal_err err;
    seal_ledger_object svc, clk, sub;
    uint8_t c[72];
    bool ok = false;
    memset(&svc, 0, sizeof svc);
    memset(&clk, 0, sizeof clk);
    memset(&sub, 0, sizeof sub);
    if ((err = load_input(t, service_id, pkg, "subscription", "Service", NULL, &svc, &ok, out)) !=
            SEAL_OK ||
        !ok)
        goto out;
    if ((err = load_input(t, SEAL_LEDGER_CLOCK_ID, SEAL__FRAMEWORK, "clock", "Clock", NULL, &clk,
                          &ok, out)) != SEAL_OK ||
        !ok)
        goto out;
    if (svc.contents_len < 80 || clk.contents_len != 40) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (fee != get_u64(svc.contents + 32)) {
        seal__ledger_outcome_abort(out, pkg, "subscription", "subscribe", example ? 1 : 12);
        goto out;
    }
    /* Service and Clock are read-only inputs: their versions count for the Lamport version
     * but they are not rewritten. */
    seal__ledger_tx_set_lamport(t, max_u64(svc.version, clk.version) + 1);
    new_object(t, &sub, pkg, "subscription", "Subscription", false, sender);
    memcpy(c, sub.id, 32);
    memcpy(c + 32, svc.id, 32);
    memcpy(c + 64, clk.contents + 32, 8);
    if ((err = write_object(t, &sub, c, 72)) != SEAL_OK)
        goto out;
    memcpy(sub_id, sub.id, 32);
out:
    seal_ledger_object_clear(&svc);
    seal_ledger_object_clear(&clk);
    seal_ledger_object_clear(&sub);
    return err;
}

static seal_err subscribe(seal_ledger *l, const uint8_t sender[static 32], bool example,
                          const uint8_t service_id[static 32], uint64_t fee,
                          uint8_t sub_id[static 32], seal_ledger_outcome *out) {
    const char *fn = example ? "examples::subscription::subscribe" : "subscription::subscribe";
    seal__ledger_tx t;
    seal_err err = begin(l, &t, fn, sender, out);
    if (err != SEAL_OK)
        return err;
    return finish(&t, seal__ledger_subscribe(&t, sender, example, service_id, fee, sub_id, out),
                  out, fn, sender);
}

seal_err seal_ledger_subscription_subscribe(seal_ledger *l, const uint8_t sender[static 32],
                                            const uint8_t service_id[static 32], uint64_t fee,
                                            uint8_t sub_id[static 32], seal_ledger_outcome *out) {
    return subscribe(l, sender, false, service_id, fee, sub_id, out);
}

seal_err seal_ledger_example_subscribe(seal_ledger *l, const uint8_t sender[static 32],
                                       const uint8_t service_id[static 32], uint64_t fee,
                                       uint8_t sub_id[static 32], seal_ledger_outcome *out) {
    return subscribe(l, sender, true, service_id, fee, sub_id, out);
}

/* ---- private_data --------------------------------------------------------------------------- */

seal_err seal__ledger_private_data_store(seal__ledger_tx *t, const uint8_t sender[static 32],
                                         const uint8_t *nonce, size_t nonce_len,
                                         const uint8_t *data, size_t data_len,
                                         uint8_t obj_id[static 32], seal_ledger_outcome *out) {
    seal_err err;
    seal_ledger_object e;
    uint8_t *buf = NULL;
    seal_bcs_writer w;
    size_t cap_bytes;
    memset(&e, 0, sizeof e);
    (void)out;
    if (nonce_len > SEAL_LEDGER_OBJECT_MAX_BYTES || data_len > SEAL_LEDGER_OBJECT_MAX_BYTES)
        return SEAL_ERR_LIMIT;
    cap_bytes = 64 + 2 * SEAL_BCS_MAX_ULEB_BYTES + nonce_len + data_len;
    if ((buf = malloc(cap_bytes)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    seal__ledger_tx_set_lamport(t, 1);
    new_object(t, &e, SEAL_LEDGER_PATTERNS_PACKAGE, "private_data", "PrivateData", true, sender);
    seal_bcs_writer_init(&w, buf, cap_bytes);
    seal_bcs_write_fixed(&w, e.id, 32);
    seal_bcs_write_fixed(&w, sender, 32);
    seal_bcs_write_bytes(&w, nonce, nonce_len);
    seal_bcs_write_bytes(&w, data, data_len);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    if ((err = write_object(t, &e, buf, w.len)) != SEAL_OK)
        goto out;
    memcpy(obj_id, e.id, 32);
out:
    seal_ledger_object_clear(&e);
    free(buf);
    return err;
}

seal_err seal_ledger_private_data_store(seal_ledger *l, const uint8_t sender[static 32],
                                        const uint8_t *nonce, size_t nonce_len, const uint8_t *data,
                                        size_t data_len, uint8_t obj_id[static 32],
                                        seal_ledger_outcome *out) {
    static const char fn[] = "private_data::store_entry";
    seal__ledger_tx t;
    seal_err err;
    outcome_ok(out);
    if ((nonce == NULL && nonce_len) || (data == NULL && data_len))
        return SEAL_ERR_INVALID_ARGUMENT;
    if (nonce_len > SEAL_LEDGER_OBJECT_MAX_BYTES || data_len > SEAL_LEDGER_OBJECT_MAX_BYTES)
        return SEAL_ERR_LIMIT;
    if ((err = begin(l, &t, fn, sender, out)) != SEAL_OK)
        return err;
    return finish(
        &t,
        seal__ledger_private_data_store(&t, sender, nonce, nonce_len, data, data_len, obj_id, out),
        out, fn, sender);
}

/* ---- examples publish(object, cap, blob_id): df::add(&mut object.id, blob_id, MARKER = 3) --- */

seal_err seal__ledger_example_publish(seal__ledger_tx *t, const uint8_t sender[static 32],
                                      bool allowlist, const uint8_t obj_id[static 32],
                                      const uint8_t cap_id[static 32], const uint8_t *blob_id,
                                      size_t blob_len, seal_ledger_outcome *out) {
    static const uint8_t stdlib[32] = {[31] = 0x01};
    const char *module = allowlist ? "allowlist" : "subscription";
    seal_err err = SEAL_OK;
    seal_ledger_object obj, cap, field;
    uint8_t string_tag[TAG_MAX], params[TAG_MAX + 1], field_id[32], *key = NULL, *c = NULL;
    bool ok = false, present = false;
    size_t key_len;
    seal_bcs_writer w;
    memset(&obj, 0, sizeof obj);
    memset(&cap, 0, sizeof cap);
    memset(&field, 0, sizeof field);
    if (blob_len > SEAL_LEDGER_OBJECT_MAX_BYTES / 2)
        return SEAL_ERR_LIMIT;
    if (!seal__ledger_string_arg(blob_id, blob_len, out))
        return SEAL_OK;
    if ((key = malloc(blob_len + SEAL_BCS_MAX_ULEB_BYTES)) == NULL ||
        (c = malloc(32 + blob_len + SEAL_BCS_MAX_ULEB_BYTES + 8)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    if ((err = load_input(t, obj_id, SEAL_LEDGER_EXAMPLES_PACKAGE, module,
                          allowlist ? "Allowlist" : "Service", NULL, &obj, &ok, out)) != SEAL_OK ||
        !ok)
        goto out;
    if ((err = load_input(t, cap_id, SEAL_LEDGER_EXAMPLES_PACKAGE, module, "Cap", sender, &cap, &ok,
                          out)) != SEAL_OK ||
        !ok)
        goto out;
    if (cap.contents_len != 64) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    if (memcmp(cap.contents + 32, obj.id, 32) != 0) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_EXAMPLES_PACKAGE, module, "publish", 0);
        goto out;
    }
    size_t tl = type_tag(string_tag, stdlib, "string", "String", NULL, 0, 0);
    seal_bcs_writer_init(&w, key, blob_len + SEAL_BCS_MAX_ULEB_BYTES);
    seal_bcs_write_bytes(&w, blob_id, blob_len);
    key_len = w.len;
    if ((err = seal_sui_dynamic_field_id(field_id, obj.id, string_tag, tl, key, key_len)) !=
        SEAL_OK)
        goto out;
    if ((err = seal__ledger_obj_exists(&t->l->w, field_id, &present)) != SEAL_OK)
        goto out;
    if (present) { /* sui::dynamic_field::EFieldAlreadyExists */
        seal__ledger_outcome_abort(out, SEAL__FRAMEWORK, "dynamic_field", "add", 0);
        goto out;
    }
    seal__ledger_tx_set_lamport(t, max_u64(obj.version, cap.version) + 1);
    if ((err = write_object(t, &obj, obj.contents, obj.contents_len)) != SEAL_OK ||
        (err = write_object(t, &cap, cap.contents, 64)) != SEAL_OK)
        goto out;
    /* 0x2::dynamic_field::Field<0x1::string::String, u64> { id, name, value: 3 } */
    memcpy(params, string_tag, tl);
    params[tl] = SEAL_SUI_TYPE_U64;
    memcpy(field.id, field_id, 32);
    field.type_len =
        type_tag(field.type, SEAL__FRAMEWORK, "dynamic_field", "Field", params, tl + 1, 2);
    field.owner.kind = SEAL_SUI_OWNER_OBJECT;
    memcpy(field.owner.address, obj.id, 32);
    memcpy(c, field_id, 32);
    memcpy(c + 32, key, key_len);
    put_u64(c + 32 + key_len, 3);
    err = write_object(t, &field, c, 32 + key_len + 8);
out:
    seal_ledger_object_clear(&obj);
    seal_ledger_object_clear(&cap);
    seal_ledger_object_clear(&field);
    free(key);
    free(c);
    return err;
}

static seal_err example_publish(seal_ledger *l, const uint8_t sender[static 32], bool allowlist,
                                const uint8_t obj_id[static 32], const uint8_t cap_id[static 32],
                                const char *blob_id, seal_ledger_outcome *out) {
    const char *fn = allowlist ? "allowlist::publish" : "examples::subscription::publish";
    seal__ledger_tx t;
    seal_err err;
    outcome_ok(out);
    if (blob_id == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (strlen(blob_id) > 4096)
        return SEAL_ERR_LIMIT;
    if ((err = begin(l, &t, fn, sender, out)) != SEAL_OK)
        return err;
    return finish(&t,
                  seal__ledger_example_publish(&t, sender, allowlist, obj_id, cap_id,
                                               (const uint8_t *)blob_id, strlen(blob_id), out),
                  out, fn, sender);
}

seal_err seal_ledger_allowlist_publish(seal_ledger *l, const uint8_t sender[static 32],
                                       const uint8_t al_id[static 32],
                                       const uint8_t cap_id[static 32], const char *blob_id,
                                       seal_ledger_outcome *out) {
    return example_publish(l, sender, true, al_id, cap_id, blob_id, out);
}

seal_err seal_ledger_example_service_publish(seal_ledger *l, const uint8_t sender[static 32],
                                             const uint8_t service_id[static 32],
                                             const uint8_t cap_id[static 32], const char *blob_id,
                                             seal_ledger_outcome *out) {
    return example_publish(l, sender, false, service_id, cap_id, blob_id, out);
}
