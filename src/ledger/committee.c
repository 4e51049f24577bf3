/*
 * seal_committee::seal_committee natively (MystenLabs/seal move/committee/sources/committee.move
 * at ddc7e5d6, spec/COMMITTEE.md 5.2-5.4): committees, registration, proposals, finalization
 * into a committee KeyServer held as a dynamic object field, rotation and the upgrade vote, with
 * upstream's check order, abort codes and the functions they abort in.
 *
 * Objects: the Committee is shared; its KeyServer sits behind the dynamic object field
 * Field<Wrapper<ID>, ID> named by the committee's own id, its UpgradeManager behind
 * Field<Wrapper<UpgradeManagerKey>, ID>; a field object is owned by its parent, the child by the
 * field. Types are defined by the package's original id.
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/committee.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define TAG_MAX SEAL_LEDGER_TYPE_MAX_BYTES

enum {
    ENotMember = 0,
    EInvalidMembers = 1,
    EInvalidThreshold = 2,
    EInsufficientOldMembers = 3,
    EAlreadyRegistered = 4,
    ENotRegistered = 5,
    EAlreadyProposed = 6,
    EInvalidProposal = 7,
    EInvalidState = 8,
    ENameAlreadyTaken = 9,
    ENotAuthorized = 10,
    EInvalidPackageDigest = 11,
    ENoProposalForDigest = 12,
    ENotEnoughVotes = 13,
    EWrongVersion = 14,
    EWrongUpgradeCap = 15,
};

static const uint8_t FRAMEWORK[32] = {[31] = 2};

void seal__committee_abort(seal__committee_ctx *c, const char *fn, uint64_t code) {
    seal__ledger_outcome_abort(c->out, c->pkg, "seal_committee", fn, code);
}

static void framework_abort(seal__committee_ctx *c, const char *module, const char *fn,
                            uint64_t code) {
    seal__ledger_outcome_abort(c->out, FRAMEWORK, module, fn, code);
}

static void group_ops_abort(seal__committee_ctx *c) {
    framework_abort(c, "group_ops", "from_bytes", 1);
}

void seal__committee_object_init(seal__committee_ctx *c, seal_ledger_object *o, const uint8_t *tag,
                                 size_t tag_len, bool has_public_transfer) {
    memset(o, 0, sizeof *o);
    memcpy(o->type, tag, tag_len);
    o->type_len = tag_len;
    o->has_public_transfer = has_public_transfer;
    o->version = c->t->lamport;
    memcpy(o->previous_transaction, c->t->digest, 32);
}

seal_err seal__committee_put(seal__committee_ctx *c, seal_ledger_object *o, const uint8_t *contents,
                             size_t len) {
    seal_ledger_object copy = *o;
    copy.contents = (uint8_t *)contents;
    copy.contents_len = len;
    copy.version = c->t->lamport;
    memcpy(copy.previous_transaction, c->t->digest, 32);
    return seal__ledger_tx_put(c->t, &copy);
}

static bool addr_in(const uint8_t (*list)[32], size_t n, const uint8_t a[static 32]) {
    for (size_t i = 0; i < n; i++)
        if (memcmp(list[i], a, 32) == 0)
            return true;
    return false;
}

static bool bytes_eq(seal_sui_bytes a, seal_sui_bytes b) {
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* ---- type tags ------------------------------------------------------------------------------ */

static size_t committee_tag(const seal__committee_ctx *c, uint8_t out[static TAG_MAX],
                            const char *name) {
    return seal__ledger_struct_tag(out, TAG_MAX, c->original, "seal_committee", name, NULL, 0, 0);
}

/* Field<Wrapper<name_tag>, 0x2::object::ID>. */
static size_t dof_field_tag(uint8_t out[static TAG_MAX], const uint8_t *name_tag, size_t name_len) {
    uint8_t params[TAG_MAX], wrapper[SEAL_ONCHAIN_TAG_MAX], id_tag[SEAL_ONCHAIN_TAG_MAX];
    size_t w = seal_onchain_wrapper_type_tag(wrapper, name_tag, name_len);
    size_t i = seal_onchain_id_type_tag(id_tag);
    if (w == 0 || i == 0 || w + i > sizeof params)
        return 0;
    memcpy(params, wrapper, w);
    memcpy(params + w, id_tag, i);
    return seal__ledger_struct_tag(out, TAG_MAX, FRAMEWORK, "dynamic_field", "Field", params, w + i,
                                   2);
}

/* ---- dynamic object fields ------------------------------------------------------------------ */

typedef enum dof_name { DOF_KEY_SERVER, DOF_UPGRADE_MANAGER } dof_name;

static void dof_field_id(const seal__committee_ctx *c, uint8_t out[static 32],
                         const uint8_t parent[static 32], dof_name which) {
    if (which == DOF_KEY_SERVER)
        seal_onchain_key_server_field_id(out, parent);
    else
        seal_onchain_upgrade_manager_field_id(out, parent, c->original);
}

/* dof::add(parent, name, child): the field object, and the child's owner. */
static seal_err dof_add(seal__committee_ctx *c, const uint8_t parent[static 32], dof_name which,
                        seal_ledger_object *child) {
    uint8_t name_tag[TAG_MAX], tag[TAG_MAX], contents[32 + 32 + 32];
    size_t name_tag_len, name_len, tag_len;
    seal_ledger_object field;
    seal_err err;
    bool exists = false;
    if (which == DOF_KEY_SERVER) {
        name_tag_len = seal_onchain_id_type_tag(name_tag);
        name_len = 32;
    } else {
        name_tag_len = committee_tag(c, name_tag, "UpgradeManagerKey");
        name_len = 1;
    }
    tag_len = dof_field_tag(tag, name_tag, name_tag_len);
    if (tag_len == 0)
        return SEAL_ERR_INTERNAL;
    seal__committee_object_init(c, &field, tag, tag_len, false);
    dof_field_id(c, field.id, parent, which);
    if ((err = seal__ledger_obj_exists(&c->t->l->w, field.id, &exists)) != SEAL_OK)
        return err;
    if (exists) {
        framework_abort(c, "dynamic_field", "add", 0); /* EFieldAlreadyExists */
        return SEAL_OK;
    }
    field.owner.kind = SEAL_SUI_OWNER_OBJECT;
    memcpy(field.owner.address, parent, 32);
    memcpy(contents, field.id, 32);
    if (which == DOF_KEY_SERVER)
        memcpy(contents + 32, parent, 32);
    else
        contents[32] = 0; /* UpgradeManagerKey(): dummy_field false */
    memcpy(contents + 32 + name_len, child->id, 32);
    if ((err = seal__committee_put(c, &field, contents, 32 + name_len + 32)) != SEAL_OK)
        return err;
    child->owner.kind = SEAL_SUI_OWNER_OBJECT;
    memcpy(child->owner.address, field.id, 32);
    return seal__committee_put(c, child, child->contents, child->contents_len);
}

/* dof::remove / borrow: the child's id and the child (loaded); with remove the field object is
 * deleted. *ok false with the dynamic_field abort when the field does not exist. */
static seal_err dof_get(seal__committee_ctx *c, const uint8_t parent[static 32], dof_name which,
                        bool remove, const char *fn, seal_ledger_object *child, bool *ok) {
    seal_ledger_object field;
    uint8_t fid[32];
    bool found = false;
    seal_err err;
    size_t name_len = which == DOF_KEY_SERVER ? 32 : 1;
    *ok = false;
    memset(child, 0, sizeof *child);
    dof_field_id(c, fid, parent, which);
    if ((err = seal__ledger_obj_get(&c->t->l->w, fid, &field, &found)) != SEAL_OK)
        return err;
    if (!found) {
        framework_abort(c, "dynamic_field", fn, 1); /* EFieldDoesNotExist */
        return SEAL_OK;
    }
    if (field.contents_len != 32 + name_len + 32) {
        seal_ledger_object_clear(&field);
        return SEAL_ERR_INTERNAL;
    }
    err = seal__ledger_obj_get(&c->t->l->w, field.contents + 32 + name_len, child, &found);
    seal_ledger_object_clear(&field);
    if (err != SEAL_OK)
        return err;
    if (!found)
        return SEAL_ERR_INTERNAL;
    if (remove && (err = seal__ledger_tx_delete(c->t, fid)) != SEAL_OK)
        return err;
    *ok = true;
    return SEAL_OK;
}

/* Replaces the contents of object um by the BCS of m (um owns the new buffer; byte fields of
 * m that borrowed from the old contents are invalid afterwards). */
static seal_err set_manager(seal_ledger_object *um, const seal_onchain_upgrade_manager *m) {
    seal_bcs_writer w;
    uint8_t *buf;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_onchain_upgrade_manager_encode(&w, m);
    if ((buf = malloc(w.len)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    size_t len = w.len;
    seal_bcs_writer_init(&w, buf, len);
    seal_onchain_upgrade_manager_encode(&w, m);
    free(um->contents);
    um->contents = buf;
    um->contents_len = len;
    return SEAL_OK;
}

/* ---- the Committee object ------------------------------------------------------------------- */

typedef struct loaded {
    seal_ledger_object o; /* its contents back cm's byte fields */
    seal_onchain_committee cm;
} loaded;

static void loaded_clear(loaded *l) {
    seal_onchain_committee_clear(&l->cm);
    seal_ledger_object_clear(&l->o);
}

/* Loads a Committee (the interpreter checked the input's existence and ownership). */
static seal_err load(seal__committee_ctx *c, const uint8_t id[static 32], loaded *l, bool *ok) {
    uint8_t tag[TAG_MAX];
    size_t n = committee_tag(c, tag, "Committee");
    bool found = false;
    seal_err err;
    *ok = false;
    memset(l, 0, sizeof *l);
    if ((err = seal__ledger_obj_get(&c->t->l->w, id, &l->o, &found)) != SEAL_OK)
        return err;
    if (!found) {
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_OBJECT_NOT_FOUND, "object not found");
        memcpy(c->out->object_id, id, 32);
        return SEAL_OK;
    }
    if (l->o.type_len != n || memcmp(l->o.type, tag, n) != 0) {
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_TYPE_MISMATCH,
                                 "object of the wrong type (a Committee of this package expected)");
        memcpy(c->out->object_id, id, 32);
        return SEAL_OK;
    }
    if (seal_onchain_committee_decode(&l->cm, l->o.contents, l->o.contents_len) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    *ok = true;
    return SEAL_OK;
}

static seal_err store(seal__committee_ctx *c, loaded *l) {
    seal_bcs_writer w;
    uint8_t *buf;
    seal_err err;
    seal_bcs_writer_init(&w, NULL, 0);
    seal_onchain_committee_encode(&w, &l->cm);
    if ((buf = malloc(w.len)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    size_t len = w.len;
    seal_bcs_writer_init(&w, buf, len);
    seal_onchain_committee_encode(&w, &l->cm);
    err = seal__committee_put(c, &l->o, buf, len);
    free(buf);
    return err;
}

static bool is_member(const seal_onchain_committee *cm, const uint8_t a[static 32]) {
    return addr_in((const uint8_t(*)[32])cm->members, cm->n_members, a);
}

/* init_internal: the checks, then a fresh shared Committee in Init (written by the caller
 * through l). */
static seal_err init_internal(seal__committee_ctx *c, uint16_t threshold,
                              const uint8_t (*members)[32], size_t n, const uint8_t *old_id,
                              loaded *l, bool *ok) {
    uint8_t tag[TAG_MAX];
    size_t tag_len = committee_tag(c, tag, "Committee");
    *ok = false;
    memset(l, 0, sizeof *l);
    if (threshold <= 1) {
        seal__committee_abort(c, "init_internal", EInvalidThreshold);
        return SEAL_OK;
    }
    if (n >= 65535) {
        seal__committee_abort(c, "init_internal", EInvalidMembers);
        return SEAL_OK;
    }
    if (n < threshold) {
        seal__committee_abort(c, "init_internal", EInvalidThreshold);
        return SEAL_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (addr_in(members, i, members[i])) {
            framework_abort(c, "vec_set", "insert", 0); /* EKeyAlreadyExists */
            return SEAL_OK;
        }
    }
    seal__committee_object_init(c, &l->o, tag, tag_len, false);
    seal__ledger_tx_new_id(c->t, l->o.id);
    l->o.owner.kind = SEAL_SUI_OWNER_SHARED;
    l->o.owner.version = c->t->lamport;
    memcpy(l->cm.id, l->o.id, 32);
    l->cm.threshold = threshold;
    l->cm.n_members = n;
    if ((l->cm.members = calloc(n ? n : 1, 32)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if (n)
        memcpy(l->cm.members, members, 32 * n);
    l->cm.state = SEAL_ONCHAIN_STATE_INIT;
    l->cm.has_old_committee_id = old_id != NULL;
    if (old_id != NULL)
        memcpy(l->cm.old_committee_id, old_id, 32);
    *ok = true;
    return SEAL_OK;
}

seal_err seal__committee_init(seal__committee_ctx *c, const uint8_t cap_id[static 32],
                              uint16_t threshold, const uint8_t (*members)[32], size_t n) {
    seal_ledger_object cap_obj, um;
    seal_onchain_upgrade_cap cap;
    seal_onchain_upgrade_manager m;
    uint8_t tag[TAG_MAX];
    size_t tag_len;
    bool found = false, ok = false;
    loaded l;
    seal_err err;
    memset(&l, 0, sizeof l);
    memset(&um, 0, sizeof um);
    if ((err = seal__ledger_obj_get(&c->t->l->w, cap_id, &cap_obj, &found)) != SEAL_OK)
        return err;
    tag_len =
        seal__ledger_struct_tag(tag, sizeof tag, FRAMEWORK, "package", "UpgradeCap", NULL, 0, 0);
    if (!found || cap_obj.type_len != tag_len || memcmp(cap_obj.type, tag, tag_len) != 0) {
        seal__ledger_outcome_set(c->out, SEAL_LEDGER_TYPE_MISMATCH,
                                 "object of the wrong type (0x2::package::UpgradeCap expected)");
        memcpy(c->out->object_id, cap_id, 32);
        goto out;
    }
    if (seal_onchain_upgrade_cap_decode(&cap, cap_obj.contents, cap_obj.contents_len) != SEAL_OK) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    /* type_name::with_defining_ids<SEAL_COMMITTEE>() names the original id */
    if (memcmp(cap.package, c->original, 32) != 0) {
        seal__committee_abort(c, "init_committee", EWrongUpgradeCap);
        goto out;
    }
    if ((err = init_internal(c, threshold, members, n, NULL, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    /* UpgradeManager { id, cap, none }: the cap is wrapped (no longer an object) */
    memset(&m, 0, sizeof m);
    seal__ledger_tx_new_id(c->t, m.id);
    m.cap = cap;
    tag_len = committee_tag(c, tag, "UpgradeManager");
    seal__committee_object_init(c, &um, tag, tag_len, true);
    memcpy(um.id, m.id, 32);
    if ((err = set_manager(&um, &m)) != SEAL_OK ||
        (err = seal__ledger_tx_delete(c->t, cap_id)) != SEAL_OK ||
        (err = dof_add(c, l.o.id, DOF_UPGRADE_MANAGER, &um)) != SEAL_OK ||
        c->out->status != SEAL_LEDGER_SUCCESS)
        goto out;
    err = store(c, &l);
out:
    if (found)
        seal_ledger_object_clear(&cap_obj);
    seal_ledger_object_clear(&um);
    loaded_clear(&l);
    return err;
}

seal_err seal__committee_init_rotation(seal__committee_ctx *c, const uint8_t old_id[static 32],
                                       uint16_t threshold, const uint8_t (*members)[32], size_t n) {
    loaded old, l;
    bool ok = false;
    seal_err err;
    size_t continuing = 0;
    memset(&l, 0, sizeof l);
    if ((err = load(c, old_id, &old, &ok)) != SEAL_OK || !ok)
        goto out;
    if (old.cm.state != SEAL_ONCHAIN_STATE_FINALIZED) {
        seal__committee_abort(c, "init_rotation", EInvalidState);
        goto out;
    }
    if (!is_member(&old.cm, c->sender)) {
        seal__committee_abort(c, "init_rotation", ENotMember);
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        continuing += is_member(&old.cm, members[i]);
    if (continuing < old.cm.threshold) {
        seal__committee_abort(c, "init_rotation", EInsufficientOldMembers);
        goto out;
    }
    if ((err = init_internal(c, threshold, members, n, old_id, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    /* CommitteeRotationInitiated { committee_id, old_committee_id } is emitted here; the ledger
     * keeps no event log. */
    err = store(c, &l);
out:
    loaded_clear(&old);
    loaded_clear(&l);
    return err;
}

seal_err seal__committee_register(seal__committee_ctx *c, const uint8_t id[static 32],
                                  seal_sui_bytes enc_pk, seal_sui_bytes signing_pk,
                                  seal_sui_bytes url, seal_sui_bytes name) {
    loaded l;
    bool ok = false;
    seal_err err;
    seal_onchain_member_info *infos = NULL;
    memset(&l, 0, sizeof l);
    if (!seal__committee_g1_ok(enc_pk.ptr, enc_pk.len) ||
        !seal__committee_g2_ok(signing_pk.ptr, signing_pk.len)) {
        group_ops_abort(c);
        return SEAL_OK;
    }
    if ((err = load(c, id, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    if (!is_member(&l.cm, c->sender)) {
        seal__committee_abort(c, "register", ENotMember);
        goto out;
    }
    if (l.cm.state != SEAL_ONCHAIN_STATE_INIT) {
        seal__committee_abort(c, "register", EInvalidState);
        goto out;
    }
    if (seal_onchain_committee_info(&l.cm, c->sender) != NULL) {
        seal__committee_abort(c, "register", EAlreadyRegistered);
        goto out;
    }
    for (size_t i = 0; i < l.cm.n_infos; i++) {
        if (bytes_eq(l.cm.infos[i].name, name)) {
            seal__committee_abort(c, "register", ENameAlreadyTaken);
            goto out;
        }
    }
    if ((infos = realloc(l.cm.infos, (l.cm.n_infos + 1) * sizeof *infos)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    l.cm.infos = infos;
    seal_onchain_member_info *m = &l.cm.infos[l.cm.n_infos++];
    memcpy(m->address, c->sender, 32);
    m->enc_pk = enc_pk;
    m->signing_pk = signing_pk;
    m->url = url;
    m->name = name;
    err = store(c, &l);
out:
    loaded_clear(&l);
    return err;
}

/* propose_internal: false with the abort set. On success l's state is PostDKG with the sender's
 * approval; partial_pks (and pk) must outlive l. */
static seal_err propose_internal(seal__committee_ctx *c, loaded *l,
                                 const seal_sui_bytes *partial_pks, size_t n_pks, seal_sui_bytes pk,
                                 seal_sui_bytes messages_hash, bool *ok) {
    seal_onchain_committee *cm = &l->cm;
    *ok = false;
    if (!seal__committee_g2_ok(pk.ptr, pk.len)) {
        group_ops_abort(c);
        return SEAL_OK;
    }
    for (size_t i = 0; i < n_pks; i++) {
        if (!seal__committee_g2_ok(partial_pks[i].ptr, partial_pks[i].len)) {
            group_ops_abort(c);
            return SEAL_OK;
        }
    }
    if (!is_member(cm, c->sender)) {
        seal__committee_abort(c, "propose_internal", ENotMember);
        return SEAL_OK;
    }
    if (n_pks != cm->n_members) {
        seal__committee_abort(c, "propose_internal", EInvalidProposal);
        return SEAL_OK;
    }
    if (cm->state == SEAL_ONCHAIN_STATE_INIT) {
        if (cm->n_infos != cm->n_members) {
            seal__committee_abort(c, "propose_internal", ENotRegistered);
            return SEAL_OK;
        }
        if ((cm->approvals = calloc(1, 32)) == NULL ||
            (cm->partial_pks = calloc(n_pks ? n_pks : 1, sizeof *cm->partial_pks)) == NULL)
            return SEAL_ERR_NO_MEMORY;
        memcpy(cm->approvals[0], c->sender, 32);
        cm->n_approvals = 1;
        if (n_pks)
            memcpy(cm->partial_pks, partial_pks, n_pks * sizeof *partial_pks);
        cm->n_partial_pks = n_pks;
        cm->pk = pk;
        cm->messages_hash = messages_hash;
        cm->state = SEAL_ONCHAIN_STATE_POST_DKG;
        *ok = true;
        return SEAL_OK;
    }
    if (cm->state != SEAL_ONCHAIN_STATE_POST_DKG) {
        seal__committee_abort(c, "propose_internal", EInvalidState);
        return SEAL_OK;
    }
    bool same = cm->n_partial_pks == n_pks;
    for (size_t i = 0; same && i < n_pks; i++)
        same = bytes_eq(cm->partial_pks[i], partial_pks[i]);
    if (!same || !bytes_eq(cm->pk, pk) || !bytes_eq(cm->messages_hash, messages_hash)) {
        seal__committee_abort(c, "propose_internal", EInvalidProposal);
        return SEAL_OK;
    }
    if (addr_in((const uint8_t(*)[32])cm->approvals, cm->n_approvals, c->sender)) {
        seal__committee_abort(c, "propose_internal", EAlreadyProposed);
        return SEAL_OK;
    }
    uint8_t(*ap)[32] = realloc(cm->approvals, (cm->n_approvals + 1) * 32);
    if (ap == NULL)
        return SEAL_ERR_NO_MEMORY;
    cm->approvals = ap;
    memcpy(cm->approvals[cm->n_approvals++], c->sender, 32);
    *ok = true;
    return SEAL_OK;
}

/* build_partial_key_servers: the list in member order (heap), or NULL with the abort set. */
static seal_err build_partial(seal__committee_ctx *c, const seal_onchain_committee *cm,
                              seal_onchain_partial_key_server **out) {
    *out = NULL;
    if (cm->n_members == 0 || cm->n_members != cm->n_partial_pks || cm->n_members != cm->n_infos) {
        seal__committee_abort(c, "build_partial_key_servers", EInvalidMembers);
        return SEAL_OK;
    }
    seal_onchain_partial_key_server *p = calloc(cm->n_members, sizeof *p);
    if (p == NULL)
        return SEAL_ERR_NO_MEMORY;
    for (size_t i = 0; i < cm->n_members; i++) {
        const seal_onchain_member_info *m = seal_onchain_committee_info(cm, cm->members[i]);
        if (m == NULL) {
            free(p);
            framework_abort(c, "vec_map", "get", 1); /* EKeyDoesNotExist */
            return SEAL_OK;
        }
        p[i].name = m->name;
        p[i].url = m->url;
        p[i].partial_pk = cm->partial_pks[i];
        p[i].party_id = (uint16_t)i;
    }
    *out = p;
    return SEAL_OK;
}

static void to_finalized(seal_onchain_committee *cm) {
    cm->state = SEAL_ONCHAIN_STATE_FINALIZED;
    cm->n_infos = cm->n_partial_pks = cm->n_approvals = 0;
}

seal_err seal__committee_propose(seal__committee_ctx *c, const uint8_t id[static 32],
                                 const seal_sui_bytes *partial_pks, size_t n_pks, seal_sui_bytes pk,
                                 seal_sui_bytes messages_hash) {
    loaded l;
    seal_ledger_object ks;
    seal_onchain_partial_key_server *list = NULL;
    bool ok = false;
    seal_err err;
    memset(&ks, 0, sizeof ks);
    if ((err = load(c, id, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    if (l.cm.has_old_committee_id) {
        seal__committee_abort(c, "propose", EInvalidState);
        goto out;
    }
    if ((err = propose_internal(c, &l, partial_pks, n_pks, pk, messages_hash, &ok)) != SEAL_OK ||
        !ok)
        goto out;
    /* try_finalize */
    if (l.cm.n_approvals == l.cm.n_members) {
        char name[SEAL_SUI_ADDRESS_HEX_BYTES];
        if ((err = build_partial(c, &l.cm, &list)) != SEAL_OK || list == NULL)
            goto out;
        seal_sui_address_format(name, l.cm.id); /* address::to_string: 64 hex, no 0x */
        if ((err = seal__key_server_create_committee_v2(c, (const uint8_t *)name + 2, 64,
                                                        l.cm.threshold, l.cm.pk.ptr, l.cm.pk.len,
                                                        list, l.cm.n_members, &ks)) != SEAL_OK ||
            c->out->status != SEAL_LEDGER_SUCCESS)
            goto out;
        if ((err = dof_add(c, l.cm.id, DOF_KEY_SERVER, &ks)) != SEAL_OK ||
            c->out->status != SEAL_LEDGER_SUCCESS)
            goto out;
        to_finalized(&l.cm);
    }
    err = store(c, &l);
out:
    free(list);
    seal_ledger_object_clear(&ks);
    loaded_clear(&l);
    return err;
}

/* check_rotation_consistency. */
static bool rotation_consistent(seal__committee_ctx *c, const seal_onchain_committee *cm,
                                const seal_onchain_committee *old) {
    if (!cm->has_old_committee_id || memcmp(cm->old_committee_id, old->id, 32) != 0 ||
        old->state != SEAL_ONCHAIN_STATE_FINALIZED) {
        seal__committee_abort(c, "check_rotation_consistency", EInvalidState);
        return false;
    }
    return true;
}

seal_err seal__committee_propose_for_rotation(seal__committee_ctx *c, const uint8_t id[static 32],
                                              const seal_sui_bytes *partial_pks, size_t n_pks,
                                              seal_sui_bytes messages_hash,
                                              const uint8_t old_id[static 32]) {
    loaded l, old;
    seal_ledger_object ks, um;
    seal_onchain_partial_key_server *list = NULL;
    seal_onchain_upgrade_manager m;
    uint8_t *pk = NULL;
    size_t pk_len = 0;
    bool ok = false;
    seal_err err;
    memset(&old, 0, sizeof old);
    memset(&ks, 0, sizeof ks);
    memset(&um, 0, sizeof um);
    memset(&m, 0, sizeof m);
    if ((err = load(c, id, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    if ((err = load(c, old_id, &old, &ok)) != SEAL_OK || !ok)
        goto out;
    if (!rotation_consistent(c, &l.cm, &old.cm))
        goto out;
    /* let key_server = dof::remove(&mut old.id, old_id) */
    if ((err = dof_get(c, old_id, DOF_KEY_SERVER, true, "remove_child_object", &ks, &ok)) !=
            SEAL_OK ||
        !ok)
        goto out;
    if ((err = seal__key_server_pk(c, ks.id, &pk, &pk_len)) != SEAL_OK ||
        c->out->status != SEAL_LEDGER_SUCCESS)
        goto out;
    if ((err = propose_internal(c, &l, partial_pks, n_pks, (seal_sui_bytes){pk, pk_len},
                                messages_hash, &ok)) != SEAL_OK ||
        !ok)
        goto out;
    /* try_finalize_for_rotation */
    if (!rotation_consistent(c, &l.cm, &old.cm))
        goto out;
    if (l.cm.n_approvals != l.cm.n_members) {
        /* the KeyServer goes back to the old committee, which is shared again (unchanged) */
        if ((err = dof_add(c, old_id, DOF_KEY_SERVER, &ks)) != SEAL_OK ||
            c->out->status != SEAL_LEDGER_SUCCESS)
            goto out;
        err = store(c, &l);
        goto out;
    }
    if ((err = build_partial(c, &l.cm, &list)) != SEAL_OK || list == NULL)
        goto out;
    if ((err = seal__key_server_update_partial_key_servers(c, ks.id, l.cm.threshold, list,
                                                           l.cm.n_members)) != SEAL_OK ||
        c->out->status != SEAL_LEDGER_SUCCESS)
        goto out;
    if ((err = dof_add(c, l.cm.id, DOF_KEY_SERVER, &ks)) != SEAL_OK ||
        c->out->status != SEAL_LEDGER_SUCCESS)
        goto out;
    /* the UpgradeManager moves, its pending proposal dropped */
    if ((err = dof_get(c, old_id, DOF_UPGRADE_MANAGER, true, "remove_child_object", &um, &ok)) !=
            SEAL_OK ||
        !ok)
        goto out;
    if (seal_onchain_upgrade_manager_decode(&m, um.contents, um.contents_len) != SEAL_OK) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    m.has_proposal = false;
    if ((err = set_manager(&um, &m)) != SEAL_OK ||
        (err = dof_add(c, l.cm.id, DOF_UPGRADE_MANAGER, &um)) != SEAL_OK ||
        c->out->status != SEAL_LEDGER_SUCCESS)
        goto out;
    to_finalized(&l.cm);
    if ((err = store(c, &l)) != SEAL_OK)
        goto out;
    err = seal__ledger_tx_delete(c->t, old_id);
out:
    seal_onchain_upgrade_manager_clear(&m);
    free(list);
    free(pk);
    seal_ledger_object_clear(&ks);
    seal_ledger_object_clear(&um);
    loaded_clear(&old);
    loaded_clear(&l);
    return err;
}

seal_err seal__committee_update_member_url(seal__committee_ctx *c, const uint8_t id[static 32],
                                           seal_sui_bytes url) {
    loaded l;
    seal_ledger_object ks;
    uint16_t party = 0;
    bool ok = false;
    seal_err err;
    memset(&ks, 0, sizeof ks);
    if ((err = load(c, id, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    if (!seal_onchain_committee_party_id(&l.cm, c->sender, &party)) {
        seal__committee_abort(c, "update_member_url", ENotMember);
        goto out;
    }
    if ((err = dof_get(c, id, DOF_KEY_SERVER, false, "borrow_child_object_mut", &ks, &ok)) !=
            SEAL_OK ||
        !ok)
        goto out;
    err = seal__key_server_update_member_url(c, ks.id, url.ptr, url.len, party);
out:
    seal_ledger_object_clear(&ks);
    loaded_clear(&l);
    return err;
}

/* ---- upgrade vote --------------------------------------------------------------------------- */

static seal_err set_vote(seal_onchain_upgrade_manager *m, const uint8_t who[static 32],
                         seal_onchain_vote vote) {
    size_t j = 0;
    for (size_t i = 0; i < m->n_votes; i++)
        if (memcmp(m->votes[i].address, who, 32) != 0)
            m->votes[j++] = m->votes[i];
    m->n_votes = j;
    seal_onchain_vote_entry *v = realloc(m->votes, (m->n_votes + 1) * sizeof *v);
    if (v == NULL)
        return SEAL_ERR_NO_MEMORY;
    m->votes = v;
    memcpy(v[m->n_votes].address, who, 32);
    v[m->n_votes].vote = vote;
    m->n_votes++;
    return SEAL_OK;
}

seal_err seal__committee_upgrade_vote(seal__committee_ctx *c, const uint8_t id[static 32],
                                      seal__committee_vote_op op, seal__committee_upgrade *u) {
    static const char *const fn[] = {"approve_digest_for_upgrade", "reject_digest_for_upgrade",
                                     "reset_proposal", "authorize_upgrade", "commit_upgrade"};
    static const uint8_t zero[32] = {0};
    loaded l;
    seal_ledger_object um;
    seal_onchain_upgrade_manager m;
    bool ok = false;
    seal_err err;
    memset(&um, 0, sizeof um);
    memset(&m, 0, sizeof m);
    if ((err = load(c, id, &l, &ok)) != SEAL_OK || !ok)
        goto out;
    if (!is_member(&l.cm, c->sender)) {
        seal__committee_abort(c, fn[op], ENotAuthorized);
        goto out;
    }
    if (l.cm.state != SEAL_ONCHAIN_STATE_FINALIZED) {
        seal__committee_abort(c, fn[op], EInvalidState);
        goto out;
    }
    if ((err = dof_get(c, id, DOF_UPGRADE_MANAGER, false, "borrow_child_object_mut", &um, &ok)) !=
            SEAL_OK ||
        !ok)
        goto out;
    if (seal_onchain_upgrade_manager_decode(&m, um.contents, um.contents_len) != SEAL_OK) {
        err = SEAL_ERR_INTERNAL;
        goto out;
    }
    switch (op) {
    case SEAL__COMMITTEE_APPROVE:
        if (!m.has_proposal) {
            if (u->digest.len != 32) {
                seal__committee_abort(c, fn[op], EInvalidPackageDigest);
                goto out;
            }
            m.has_proposal = true;
            m.digest = u->digest;
            m.proposal_version = m.cap.version + 1;
            m.n_votes = 0;
        }
        if (u->digest.len != 32) {
            seal__committee_abort(c, fn[op], EInvalidPackageDigest);
            goto out;
        }
        if (!bytes_eq(m.digest, u->digest)) {
            seal__committee_abort(c, fn[op], ENoProposalForDigest);
            goto out;
        }
        if (m.proposal_version != m.cap.version + 1) {
            seal__committee_abort(c, fn[op], EWrongVersion);
            goto out;
        }
        if ((err = set_vote(&m, c->sender, SEAL_ONCHAIN_APPROVE)) != SEAL_OK)
            goto out;
        break;
    case SEAL__COMMITTEE_REJECT:
        if (!m.has_proposal) {
            seal__committee_abort(c, fn[op], ENoProposalForDigest);
            goto out;
        }
        if ((err = set_vote(&m, c->sender, SEAL_ONCHAIN_REJECT)) != SEAL_OK)
            goto out;
        break;
    case SEAL__COMMITTEE_RESET:
        if (!m.has_proposal) {
            seal__committee_abort(c, fn[op], ENoProposalForDigest);
            goto out;
        }
        if (seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_REJECT) < l.cm.threshold) {
            seal__committee_abort(c, fn[op], ENotEnoughVotes);
            goto out;
        }
        m.has_proposal = false;
        break;
    case SEAL__COMMITTEE_AUTHORIZE:
        if (!m.has_proposal) {
            seal__committee_abort(c, fn[op], ENoProposalForDigest);
            goto out;
        }
        if (m.proposal_version != m.cap.version + 1) {
            seal__committee_abort(c, fn[op], EWrongVersion);
            goto out;
        }
        if (seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_APPROVE) < l.cm.threshold) {
            seal__committee_abort(c, fn[op], ENotEnoughVotes);
            goto out;
        }
        /* 0x2::package::authorize_upgrade(cap, policy, digest) */
        if (memcmp(m.cap.package, zero, 32) == 0) {
            framework_abort(c, "package", "authorize_upgrade", 2); /* EAlreadyAuthorized */
            goto out;
        }
        memcpy(u->cap_id, m.cap.id, 32);
        memcpy(u->package, m.cap.package, 32);
        u->policy = m.cap.policy;
        memcpy(u->digest_out, m.digest.ptr, 32);
        memset(m.cap.package, 0, 32);
        m.has_proposal = false;
        break;
    case SEAL__COMMITTEE_COMMIT:
        /* 0x2::package::commit_upgrade(cap, receipt) */
        if (memcmp(m.cap.id, u->cap_id, 32) != 0) {
            framework_abort(c, "package", "commit_upgrade", 4); /* EWrongUpgradeCap */
            goto out;
        }
        if (memcmp(m.cap.package, zero, 32) != 0) {
            framework_abort(c, "package", "commit_upgrade", 3); /* ENotAuthorized */
            goto out;
        }
        memcpy(m.cap.package, u->package, 32);
        m.cap.version += 1;
        m.has_proposal = false;
        break;
    }
    if ((err = set_manager(&um, &m)) == SEAL_OK)
        err = seal__committee_put(c, &um, um.contents, um.contents_len);
out:
    seal_onchain_upgrade_manager_clear(&m);
    seal_ledger_object_clear(&um);
    loaded_clear(&l);
    return err;
}
