/* Committee navigation through the chain layer (seal/chain_committee.h). */
#include <string.h>

#include "seal/chain_committee.h"

/* Reads one object; *found false when it does not exist. */
static seal_err get_one(seal_chain *c, const uint8_t id[static 32], seal_ledger_object *o,
                        bool *found) {
    const uint8_t(*ids)[32] = (const uint8_t(*)[32])id;
    return seal_chain_get_objects(c, ids, 1, o, found);
}

/* The child id of a dynamic object field object (name of name_len bytes). */
static seal_err field_child(seal_chain *c, const uint8_t field_id[static 32], size_t name_len,
                            const uint8_t **name_out, uint8_t name_copy[static 32],
                            uint8_t child[static 32], bool *found) {
    seal_ledger_object o;
    uint8_t fid[32];
    const uint8_t *name = NULL;
    seal_err err = get_one(c, field_id, &o, found);
    if (err != SEAL_OK || !*found)
        return err;
    err = seal_onchain_dof_field_decode(fid, &name, name_len, child, o.contents, o.contents_len);
    if (err == SEAL_OK) {
        memcpy(name_copy, name, name_len);
        if (name_out != NULL)
            *name_out = name_copy;
    }
    *found = err == SEAL_OK;
    seal_ledger_object_clear(&o);
    return err == SEAL_ERR_INVALID_ENCODING ? SEAL_OK : err;
}

seal_err seal_chain_committee_of_key_server(seal_chain *c, const uint8_t ks_id[static 32],
                                            uint8_t committee_id[static 32], bool *found) {
    seal_ledger_object ks;
    uint8_t owner[32], name[32], child[32], expect[32];
    seal_err err;
    *found = false;
    if ((err = get_one(c, ks_id, &ks, found)) != SEAL_OK || !*found)
        return err;
    *found = ks.owner.kind == SEAL_SUI_OWNER_OBJECT;
    memcpy(owner, ks.owner.address, 32);
    seal_ledger_object_clear(&ks);
    if (!*found)
        return SEAL_OK;
    if ((err = field_child(c, owner, 32, NULL, name, child, found)) != SEAL_OK || !*found)
        return err;
    /* the field must be the committee's KeyServer field, holding this KeyServer */
    seal_onchain_key_server_field_id(expect, name);
    *found = memcmp(expect, owner, 32) == 0 && memcmp(child, ks_id, 32) == 0;
    if (*found)
        memcpy(committee_id, name, 32);
    return SEAL_OK;
}

seal_err seal_chain_committee_key_server(seal_chain *c, const uint8_t committee_id[static 32],
                                         uint8_t ks_id[static 32], bool *found) {
    uint8_t fid[32], name[32];
    seal_onchain_key_server_field_id(fid, committee_id);
    return field_child(c, fid, 32, NULL, name, ks_id, found);
}

seal_err seal_chain_key_server_v2(seal_chain *c, const uint8_t ks_id[static 32],
                                  seal_ledger_object *field, seal_onchain_key_server_v2 *v2,
                                  bool *found) {
    uint8_t fid[32], got[32];
    uint64_t name = 0;
    seal_err err;
    memset(v2, 0, sizeof *v2);
    seal_ledger_key_server_field_id(fid, ks_id, 2);
    if ((err = get_one(c, fid, field, found)) != SEAL_OK || !*found)
        return err;
    err = seal_onchain_key_server_v2_field_decode(v2, got, &name, field->contents,
                                                  field->contents_len);
    if (err != SEAL_OK)
        seal_ledger_object_clear(field);
    return err;
}
