/* Committee on-chain objects (seal/committee_onchain.h): the first byte picks the decoder
 * (0 Committee, 1 KeyServerV2, 2 Field<u64, KeyServerV2>, 3 UpgradeManager, 4 KeyServer,
 * 5 dynamic object field, 6 rotation event), the rest is its input. Property: whatever
 * decodes re-encodes to exactly the input. */
#include "fuzz_common.h"
#include "seal/committee_onchain.h"

typedef void (*encode_fn)(seal_bcs_writer *, const void *);

static void enc_committee(seal_bcs_writer *w, const void *o) {
    seal_onchain_committee_encode(w, o);
}
static void enc_v2(seal_bcs_writer *w, const void *o) {
    seal_onchain_key_server_v2_encode(w, o);
}
static void enc_um(seal_bcs_writer *w, const void *o) {
    seal_onchain_upgrade_manager_encode(w, o);
}

static void same(const uint8_t *in, size_t size, encode_fn fn, const void *obj, size_t skip) {
    uint8_t *out = malloc(size + 1);
    seal_bcs_writer w;
    FUZZ_ASSERT(out != NULL);
    seal_bcs_writer_init(&w, out, size + 1);
    fn(&w, obj);
    FUZZ_ASSERT(seal_bcs_writer_finish(&w) == SEAL_OK);
    FUZZ_ASSERT(w.len + skip == size);
    FUZZ_ASSERT(memcmp(out, in + skip, w.len) == 0);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    uint8_t *in = malloc(size - 1 ? size - 1 : 1), a[32], b[32];
    const uint8_t *name = NULL;
    size_t n = size - 1;
    uint64_t x = 0, y = 0;
    FUZZ_ASSERT(in != NULL);
    memcpy(in, data + 1, n);
    switch (data[0] % 7) {
    case 0: {
        seal_onchain_committee c;
        if (seal_onchain_committee_decode(&c, in, n) == SEAL_OK) {
            uint16_t party = 0;
            for (size_t i = 0; i < c.n_members; i++) {
                FUZZ_ASSERT(seal_onchain_committee_party_id(&c, c.members[i], &party));
                FUZZ_ASSERT(memcmp(c.members[party], c.members[i], 32) == 0);
            }
            for (size_t i = 0; i < c.n_infos; i++)
                FUZZ_ASSERT(seal_onchain_committee_info(&c, c.infos[i].address) != NULL);
            same(in, n, enc_committee, &c, 0);
            seal_onchain_committee_clear(&c);
        }
        break;
    }
    case 1: {
        seal_onchain_key_server_v2 k;
        if (seal_onchain_key_server_v2_decode(&k, in, n) == SEAL_OK) {
            same(in, n, enc_v2, &k, 0);
            seal_onchain_key_server_v2_clear(&k);
        }
        break;
    }
    case 2: {
        seal_onchain_key_server_v2 k;
        if (seal_onchain_key_server_v2_field_decode(&k, a, &x, in, n) == SEAL_OK) {
            same(in, n, enc_v2, &k, 40);
            seal_onchain_key_server_v2_clear(&k);
        }
        break;
    }
    case 3: {
        seal_onchain_upgrade_manager m;
        if (seal_onchain_upgrade_manager_decode(&m, in, n) == SEAL_OK) {
            FUZZ_ASSERT(seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_APPROVE) +
                            seal_onchain_upgrade_manager_count(&m, SEAL_ONCHAIN_REJECT) ==
                        (m.has_proposal ? m.n_votes : 0));
            same(in, n, enc_um, &m, 0);
            seal_onchain_upgrade_manager_clear(&m);
        }
        break;
    }
    case 4:
        if (seal_onchain_key_server_decode(a, &x, &y, in, n) == SEAL_OK)
            FUZZ_ASSERT(n == 48);
        break;
    case 5:
        if (seal_onchain_dof_field_decode(a, &name, 32, b, in, n) == SEAL_OK)
            FUZZ_ASSERT(n == 96 && name == in + 32);
        if (seal_onchain_dof_field_decode(a, &name, 1, b, in, n) == SEAL_OK)
            FUZZ_ASSERT(n == 65);
        break;
    default:
        if (seal_onchain_rotation_event_decode(a, b, in, n) == SEAL_OK)
            FUZZ_ASSERT(n == 64);
        break;
    }
    free(in);
    return 0;
}
