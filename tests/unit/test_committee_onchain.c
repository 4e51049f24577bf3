/* Codecs of the committee's on-chain objects (seal/committee_onchain.h) against vectors made
 * with the official SDK's BCS (tests/vectors/committee/): decode, field values, re-encode byte
 * for byte, every truncation and a trailing byte refused, bad enum tags refused, dynamic object
 * field ids. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/committee_onchain.h"

static uint8_t *encode_alloc(size_t *len, void (*fn)(seal_bcs_writer *, const void *),
                             const void *obj) {
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    fn(&w, obj);
    uint8_t *buf = malloc(w.len ? w.len : 1);
    assert_non_null(buf);
    *len = w.len;
    seal_bcs_writer_init(&w, buf, *len);
    fn(&w, obj);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    return buf;
}

static void enc_committee(seal_bcs_writer *w, const void *o) {
    seal_onchain_committee_encode(w, o);
}
static void enc_v2(seal_bcs_writer *w, const void *o) {
    seal_onchain_key_server_v2_encode(w, o);
}
static void enc_um(seal_bcs_writer *w, const void *o) {
    seal_onchain_upgrade_manager_encode(w, o);
}

static void assert_text(seal_sui_bytes b, const char *want) {
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.ptr, want, b.len);
}

static void assert_hex(seal_sui_bytes b, const char *hex) {
    size_t n = 0;
    uint8_t *want = tu_hex_alloc(hex, &n);
    assert_int_equal(b.len, n);
    if (n)
        assert_memory_equal(b.ptr, want, n);
    free(want);
}

static void assert_addr(const uint8_t a[32], const char *hex) {
    uint8_t want[32];
    tu_hex(want, 32, hex, 1);
    assert_memory_equal(a, want, 32);
}

/* Every strict prefix and one trailing byte must fail. */
typedef seal_err (*decode_fn)(const uint8_t *, size_t);

static seal_err dec_committee(const uint8_t *b, size_t n) {
    seal_onchain_committee c;
    seal_err err = seal_onchain_committee_decode(&c, b, n);
    seal_onchain_committee_clear(&c);
    return err;
}
static seal_err dec_v2(const uint8_t *b, size_t n) {
    seal_onchain_key_server_v2 k;
    seal_err err = seal_onchain_key_server_v2_decode(&k, b, n);
    seal_onchain_key_server_v2_clear(&k);
    return err;
}
static seal_err dec_um(const uint8_t *b, size_t n) {
    seal_onchain_upgrade_manager m;
    seal_err err = seal_onchain_upgrade_manager_decode(&m, b, n);
    seal_onchain_upgrade_manager_clear(&m);
    return err;
}

static void assert_strict(const uint8_t *bcs, size_t len, decode_fn fn) {
    uint8_t *longer = malloc(len + 1);
    assert_non_null(longer);
    for (size_t i = 0; i < len; i++)
        assert_int_not_equal(fn(bcs, i), SEAL_OK);
    memcpy(longer, bcs, len);
    longer[len] = 0;
    assert_int_not_equal(fn(longer, len + 1), SEAL_OK);
    assert_int_equal(fn(bcs, len), SEAL_OK);
    free(longer);
}

static void check_infos(const seal_onchain_committee *c, json_t *infos) {
    assert_int_equal(c->n_infos, json_array_size(infos));
    for (size_t i = 0; i < c->n_infos; i++) {
        json_t *e = json_array_get(infos, i), *v = json_object_get(e, "value");
        assert_addr(c->infos[i].address, tu_str(e, "key"));
        assert_hex(c->infos[i].enc_pk, tu_str(v, "enc_pk"));
        assert_hex(c->infos[i].signing_pk, tu_str(v, "signing_pk"));
        assert_text(c->infos[i].url, tu_str(v, "url"));
        assert_text(c->infos[i].name, tu_str(v, "name"));
        assert_ptr_equal(seal_onchain_committee_info(c, c->infos[i].address), &c->infos[i]);
    }
}

static void test_committees(void **state) {
    (void)state;
    json_t *root = tu_load_json("committee/onchain.json");
    json_t *list = json_object_get(root, "committees"), *e;
    size_t idx;
    size_t seen[3] = {0, 0, 0};
    json_array_foreach(list, idx, e) {
        size_t len = 0, out_len = 0;
        uint8_t *bcs = tu_hex_alloc(tu_str(e, "bcs"), &len);
        json_t *v = json_object_get(e, "value"), *st = json_object_get(v, "state");
        seal_onchain_committee c;
        assert_int_equal(seal_onchain_committee_decode(&c, bcs, len), SEAL_OK);
        assert_addr(c.id, tu_str(v, "id"));
        assert_int_equal(c.threshold, json_integer_value(json_object_get(v, "threshold")));
        json_t *members = json_object_get(v, "members");
        assert_int_equal(c.n_members, json_array_size(members));
        for (size_t i = 0; i < c.n_members; i++) {
            uint16_t party = 0xffff;
            assert_addr(c.members[i], json_string_value(json_array_get(members, i)));
            assert_true(seal_onchain_committee_party_id(&c, c.members[i], &party));
            assert_int_equal(party, i);
        }
        json_t *old = json_object_get(v, "old_committee_id");
        assert_int_equal(c.has_old_committee_id, !json_is_null(old));
        if (c.has_old_committee_id)
            assert_addr(c.old_committee_id, json_string_value(old));
        if (json_object_get(st, "Init") != NULL) {
            assert_int_equal(c.state, SEAL_ONCHAIN_STATE_INIT);
            check_infos(
                &c, json_object_get(json_object_get(json_object_get(st, "Init"), "members_info"),
                                    "contents"));
        } else if (json_object_get(st, "PostDKG") != NULL) {
            json_t *p = json_object_get(st, "PostDKG");
            assert_int_equal(c.state, SEAL_ONCHAIN_STATE_POST_DKG);
            check_infos(&c, json_object_get(json_object_get(p, "members_info"), "contents"));
            json_t *pp = json_object_get(p, "partial_pks");
            assert_int_equal(c.n_partial_pks, json_array_size(pp));
            for (size_t i = 0; i < c.n_partial_pks; i++)
                assert_hex(c.partial_pks[i], json_string_value(json_array_get(pp, i)));
            assert_hex(c.pk, tu_str(p, "pk"));
            assert_hex(c.messages_hash, tu_str(p, "messages_hash"));
            json_t *ap = json_object_get(json_object_get(p, "approvals"), "contents");
            assert_int_equal(c.n_approvals, json_array_size(ap));
            for (size_t i = 0; i < c.n_approvals; i++)
                assert_addr(c.approvals[i], json_string_value(json_array_get(ap, i)));
        } else {
            assert_int_equal(c.state, SEAL_ONCHAIN_STATE_FINALIZED);
            assert_int_equal(c.n_infos, 0);
        }
        seen[c.state]++;
        uint8_t *again = encode_alloc(&out_len, enc_committee, &c);
        assert_int_equal(out_len, len);
        tu_assert_bytes(again, bcs, len, "committee re-encoding");
        uint8_t outsider[32] = {0};
        uint16_t party = 0;
        assert_false(seal_onchain_committee_party_id(&c, outsider, &party));
        assert_null(seal_onchain_committee_info(&c, outsider));
        seal_onchain_committee_clear(&c);
        assert_strict(bcs, len, dec_committee);
        /* state variant 3 does not exist */
        size_t state_pos = 32 + 2 + 1 + 32 * json_array_size(members);
        uint8_t saved = bcs[state_pos];
        bcs[state_pos] = 3;
        assert_int_equal(dec_committee(bcs, len), SEAL_ERR_INVALID_ENCODING);
        bcs[state_pos] = saved;
        /* the Option tag is the last byte of a committee without old id */
        if (json_is_null(old)) {
            bcs[len - 1] = 2;
            assert_int_equal(dec_committee(bcs, len), SEAL_ERR_INVALID_ENCODING);
        }
        free(again);
        free(bcs);
    }
    assert_true(seen[0] >= 1 && seen[1] >= 1 && seen[2] >= 1);
    json_decref(root);
}

static void check_v2(const seal_onchain_key_server_v2 *k, json_t *v) {
    json_t *st = json_object_get(v, "serverType");
    assert_text(k->name, tu_str(v, "name"));
    assert_int_equal(k->key_type, json_integer_value(json_object_get(v, "keyType")));
    assert_hex(k->pk, tu_str(v, "pk"));
    if (json_object_get(st, "Independent") != NULL) {
        assert_int_equal(k->server_type, SEAL_ONCHAIN_SERVER_INDEPENDENT);
        assert_text(k->url, tu_str(json_object_get(st, "Independent"), "url"));
        return;
    }
    json_t *cm = json_object_get(st, "Committee"), *list = json_object_get(cm, "partialKeyServers");
    assert_int_equal(k->server_type, SEAL_ONCHAIN_SERVER_COMMITTEE);
    assert_int_equal(k->version, json_integer_value(json_object_get(cm, "version")));
    assert_int_equal(k->threshold, json_integer_value(json_object_get(cm, "threshold")));
    assert_int_equal(k->n_partial, json_array_size(list));
    for (size_t i = 0; i < k->n_partial; i++) {
        json_t *p = json_array_get(list, i);
        assert_text(k->partial[i].name, tu_str(p, "name"));
        assert_text(k->partial[i].url, tu_str(p, "url"));
        assert_hex(k->partial[i].partial_pk, tu_str(p, "partialPk"));
        assert_int_equal(k->partial[i].party_id, json_integer_value(json_object_get(p, "partyId")));
    }
}

static void test_key_servers(void **state) {
    (void)state;
    json_t *root = tu_load_json("committee/onchain.json");
    json_t *list = json_object_get(root, "key_servers"), *e;
    size_t idx, kinds = 0;
    json_array_foreach(list, idx, e) {
        size_t len = 0, out_len = 0;
        uint8_t *bcs = tu_hex_alloc(tu_str(e, "bcs"), &len);
        json_t *v = json_object_get(e, "value");
        const char *kind = tu_str(e, "kind");
        seal_onchain_key_server_v2 k;
        if (strcmp(kind, "v2") == 0) {
            assert_int_equal(seal_onchain_key_server_v2_decode(&k, bcs, len), SEAL_OK);
            check_v2(&k, v);
            uint8_t *again = encode_alloc(&out_len, enc_v2, &k);
            assert_int_equal(out_len, len);
            tu_assert_bytes(again, bcs, len, "KeyServerV2 re-encoding");
            free(again);
            seal_onchain_key_server_v2_clear(&k);
            assert_strict(bcs, len, dec_v2);
            kinds |= 1;
        } else if (strcmp(kind, "field") == 0) {
            uint8_t fid[32];
            uint64_t name = 0;
            assert_int_equal(seal_onchain_key_server_v2_field_decode(&k, fid, &name, bcs, len),
                             SEAL_OK);
            assert_addr(fid, tu_str(v, "id"));
            assert_int_equal(name, 2);
            check_v2(&k, json_object_get(v, "value"));
            seal_onchain_key_server_v2_clear(&k);
            assert_int_not_equal(
                seal_onchain_key_server_v2_field_decode(&k, fid, &name, bcs, len - 1), SEAL_OK);
            kinds |= 2;
        } else {
            uint8_t id[32];
            uint64_t first = 0, last = 0;
            assert_int_equal(seal_onchain_key_server_decode(id, &first, &last, bcs, len), SEAL_OK);
            assert_addr(id, tu_str(v, "id"));
            assert_int_equal(first, 2);
            assert_int_equal(last, 2);
            assert_int_not_equal(seal_onchain_key_server_decode(id, &first, &last, bcs, len - 1),
                                 SEAL_OK);
            kinds |= 4;
        }
        free(bcs);
    }
    assert_int_equal(kinds, 7);
    json_decref(root);
}

/* key_server_v2_committee_bcs of spec/committee.json, encoded with the SDK's KeyServerMoveV2. */
static void test_sdk_vector(void **state) {
    (void)state;
    json_t *root = tu_load_json("spec/committee.json");
    json_t *vec = json_object_get(root, "key_server_v2_committee_bcs");
    json_t *v = json_object_get(vec, "value"), *list = json_object_get(v, "partial_key_servers");
    size_t len = 0, out_len = 0;
    uint8_t *bcs = tu_hex_alloc(tu_str(vec, "bcs"), &len);
    seal_onchain_key_server_v2 k;
    assert_int_equal(seal_onchain_key_server_v2_decode(&k, bcs, len), SEAL_OK);
    assert_text(k.name, tu_str(v, "name"));
    assert_int_equal(k.key_type, 0);
    assert_hex(k.pk, tu_str(v, "pk"));
    assert_int_equal(k.server_type, SEAL_ONCHAIN_SERVER_COMMITTEE);
    assert_int_equal(k.version, 0);
    assert_int_equal(k.threshold, 2);
    assert_int_equal(k.n_partial, json_array_size(list));
    for (size_t i = 0; i < k.n_partial; i++) {
        json_t *p = json_array_get(list, i);
        assert_text(k.partial[i].name, tu_str(p, "name"));
        assert_text(k.partial[i].url, tu_str(p, "url"));
        assert_hex(k.partial[i].partial_pk, tu_str(p, "partial_pk"));
        assert_int_equal(k.partial[i].party_id, i);
    }
    uint8_t *again = encode_alloc(&out_len, enc_v2, &k);
    assert_int_equal(out_len, len);
    tu_assert_bytes(again, bcs, len, "SDK KeyServerV2 vector");
    seal_onchain_key_server_v2_clear(&k);
    /* ServerType variant 2 does not exist (its tag follows name, key type and pk) */
    size_t pos = 1 + 64 + 1 + 1 + 96;
    assert_int_equal(bcs[pos], 1);
    bcs[pos] = 2;
    assert_int_equal(dec_v2(bcs, len), SEAL_ERR_INVALID_ENCODING);
    free(again);
    free(bcs);
    json_decref(root);
}

static void test_upgrade_managers(void **state) {
    (void)state;
    json_t *root = tu_load_json("committee/onchain.json");
    json_t *list = json_object_get(root, "upgrade_managers"), *e;
    size_t idx;
    json_array_foreach(list, idx, e) {
        size_t len = 0, out_len = 0;
        uint8_t *bcs = tu_hex_alloc(tu_str(e, "bcs"), &len);
        json_t *v = json_object_get(e, "value"), *cap = json_object_get(v, "cap");
        json_t *p = json_object_get(v, "upgrade_proposal");
        seal_onchain_upgrade_manager m;
        assert_int_equal(seal_onchain_upgrade_manager_decode(&m, bcs, len), SEAL_OK);
        assert_addr(m.id, tu_str(v, "id"));
        assert_addr(m.cap.id, tu_str(cap, "id"));
        assert_addr(m.cap.package, tu_str(cap, "package"));
        assert_int_equal(m.cap.version, strtoull(tu_str(cap, "version"), NULL, 10));
        assert_int_equal(m.cap.policy, json_integer_value(json_object_get(cap, "policy")));
        assert_int_equal(m.has_proposal, !json_is_null(p));
        if (m.has_proposal) {
            json_t *votes = json_object_get(json_object_get(p, "votes"), "contents");
            size_t approve = 0, reject = 0;
            assert_hex(m.digest, tu_str(p, "digest"));
            assert_int_equal(m.proposal_version, strtoull(tu_str(p, "version"), NULL, 10));
            assert_int_equal(m.n_votes, json_array_size(votes));
            for (size_t i = 0; i < m.n_votes; i++) {
                json_t *vv = json_array_get(votes, i);
                bool is_approve = json_object_get(json_object_get(vv, "value"), "Approve") != NULL;
                assert_addr(m.votes[i].address, tu_str(vv, "key"));
                assert_int_equal(m.votes[i].vote,
                                 is_approve ? SEAL_ONCHAIN_APPROVE : SEAL_ONCHAIN_REJECT);
                approve += is_approve;
                reject += !is_approve;
            }
            assert_int_equal(seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_APPROVE), approve);
            assert_int_equal(seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_REJECT), reject);
            /* a Vote variant 2 does not exist: the last byte is the last vote's tag */
            bcs[len - 1] = 2;
            assert_int_equal(dec_um(bcs, len), SEAL_ERR_INVALID_ENCODING);
            bcs[len - 1] = (uint8_t)m.votes[m.n_votes - 1].vote;
        }
        uint8_t *again = encode_alloc(&out_len, enc_um, &m);
        assert_int_equal(out_len, len);
        tu_assert_bytes(again, bcs, len, "UpgradeManager re-encoding");
        seal_onchain_upgrade_cap c2;
        assert_int_equal(seal_onchain_upgrade_cap_decode(&c2, bcs + 32, 73), SEAL_OK);
        assert_memory_equal(&c2.package, m.cap.package, 32);
        seal_onchain_upgrade_manager_clear(&m);
        assert_strict(bcs, len, dec_um);
        free(again);
        free(bcs);
    }
    json_decref(root);
}

static void test_event_and_fields(void **state) {
    (void)state;
    json_t *root = tu_load_json("committee/onchain.json");
    json_t *ev = json_array_get(json_object_get(root, "events"), 0), *e;
    size_t len = 0, idx;
    uint8_t *bcs = tu_hex_alloc(tu_str(ev, "bcs"), &len), a[32], b[32];
    assert_int_equal(seal_onchain_rotation_event_decode(a, b, bcs, len), SEAL_OK);
    assert_addr(a, tu_str(json_object_get(ev, "value"), "committee_id"));
    assert_addr(b, tu_str(json_object_get(ev, "value"), "old_committee_id"));
    assert_int_not_equal(seal_onchain_rotation_event_decode(a, b, bcs, len - 1), SEAL_OK);
    uint8_t again[64];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, again, sizeof again);
    seal_onchain_rotation_event_encode(&w, a, b);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    assert_memory_equal(again, bcs, 64);
    free(bcs);

    json_array_foreach(json_object_get(root, "dof_fields"), idx, e) {
        json_t *v = json_object_get(e, "value");
        size_t name_len = (size_t)json_integer_value(json_object_get(e, "name_len"));
        const uint8_t *name = NULL;
        bcs = tu_hex_alloc(tu_str(e, "bcs"), &len);
        assert_int_equal(seal_onchain_dof_field_decode(a, &name, name_len, b, bcs, len), SEAL_OK);
        assert_addr(a, tu_str(v, "id"));
        assert_addr(b, tu_str(v, "value"));
        assert_ptr_equal(name, bcs + 32);
        assert_int_not_equal(seal_onchain_dof_field_decode(a, &name, name_len, b, bcs, len - 1),
                             SEAL_OK);
        assert_int_not_equal(seal_onchain_dof_field_decode(a, &name, name_len + 1, b, bcs, len),
                             SEAL_OK);
        free(bcs);
    }

    json_t *ids = json_object_get(root, "dof_ids");
    uint8_t parent[32], pkg[32], id[32];
    tu_hex(parent, 32, tu_str(json_array_get(ids, 0), "parent"), 1);
    seal_onchain_key_server_field_id(id, parent);
    assert_addr(id, tu_str(json_array_get(ids, 0), "id"));
    tu_hex(pkg, 32, tu_str(json_array_get(ids, 1), "package"), 1);
    seal_onchain_upgrade_manager_field_id(id, parent, pkg);
    assert_addr(id, tu_str(json_array_get(ids, 1), "id"));

    /* type tags: the Committee's type names its package */
    uint8_t tag[SEAL_ONCHAIN_TAG_MAX], got[32];
    size_t n = seal_onchain_committee_type_tag(tag, pkg, "Committee");
    assert_true(n > 33);
    assert_true(seal_onchain_is_committee_type(tag, n, got));
    assert_memory_equal(got, pkg, 32);
    n = seal_onchain_committee_type_tag(tag, pkg, "UpgradeManager");
    assert_false(seal_onchain_is_committee_type(tag, n, got));
    assert_false(seal_onchain_is_committee_type(tag, 10, got));
    json_decref(root);
}

/* Lengths beyond the input are malformed, not allocations. */
static void test_huge_lengths(void **state) {
    (void)state;
    uint8_t buf[64] = {0};
    seal_onchain_committee c;
    /* id, threshold, members length 0x7fffffff */
    buf[34] = 0xff, buf[35] = 0xff, buf[36] = 0xff, buf[37] = 0xff, buf[38] = 0x07;
    assert_int_equal(seal_onchain_committee_decode(&c, buf, sizeof buf), SEAL_ERR_INVALID_ENCODING);
    assert_null(c.members);
    seal_onchain_key_server_v2 k;
    uint8_t v2[16] = {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x03};
    assert_int_equal(seal_onchain_key_server_v2_decode(&k, v2, 13), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(seal_onchain_committee_decode(&c, NULL, 0), SEAL_ERR_INVALID_ARGUMENT);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_committees),       cmocka_unit_test(test_key_servers),
        cmocka_unit_test(test_sdk_vector),       cmocka_unit_test(test_upgrade_managers),
        cmocka_unit_test(test_event_and_fields), cmocka_unit_test(test_huge_lengths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
