/* A committee's public data from the JSON of `seal committee show` (see committee_data.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/committee_data.h"
#include "seal/chain_committee.h"
#include "seal/committee_onchain.h"
#include "util/json.h"

#define SHOW_MAX_BYTES (16u << 20)

void cli_committee_data_free(cli_committee_data *d) {
    free(d->members);
    free(d->enc_pks);
    free(d->signing_pks);
    free(d->new_to_old);
    free(d->old_pks);
    memset(d, 0, sizeof *d);
}

static json_t *load(const char *path) {
    char q[128];
    cli_in in;
    uint8_t *buf = NULL;
    size_t len = 0;
    json_error_t je;
    if (cli_in_open(&in, path) != CLI_EXIT_OK) {
        return NULL;
    }
    int rc = cli_in_read_all(&in, &buf, &len, SHOW_MAX_BYTES);
    cli_in_close(&in);
    if (rc != CLI_EXIT_OK) {
        return NULL;
    }
    json_t *j = seal__json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &je);
    free(buf);
    if (!json_is_object(j)) {
        cli_err("%s is not a committee as JSON (seal committee show): %s",
                cli_quote(q, sizeof q, path), j == NULL ? je.text : "not an object");
        json_decref(j);
        return NULL;
    }
    return j;
}

static bool get_id(uint8_t out[32], const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s != NULL && cli_object_id(out, s);
}

static bool get_hex(uint8_t *out, size_t len, const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s != NULL && cli_hex_fixed(out, len, s);
}

static bool get_u16(uint16_t *out, const json_t *o, const char *key, uint16_t min) {
    const json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > 65535) {
        return false;
    }
    *out = (uint16_t)json_integer_value(v);
    return true;
}

/* members: array of addresses, 1..SEAL_DKG_MAX_PARTIES, distinct. */
static int get_members(uint8_t (**out)[32], size_t *n, const json_t *j, const char *path) {
    char q[128];
    const json_t *m = json_object_get(j, "members");
    *out = NULL;
    *n = json_array_size(m);
    if (!json_is_array(m) || *n == 0 || *n > SEAL_DKG_MAX_PARTIES) {
        return cli_fail(CLI_EXIT_ERROR, "%s: \"members\" must list 1 to %u addresses",
                        cli_quote(q, sizeof q, path), (unsigned)SEAL_DKG_MAX_PARTIES);
    }
    if ((*out = calloc(*n, 32)) == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    for (size_t i = 0; i < *n; i++) {
        const char *s = json_string_value(json_array_get(m, i));
        if (s == NULL || !cli_object_id((*out)[i], s)) {
            return cli_fail(CLI_EXIT_ERROR, "%s: members[%zu] is not an address",
                            cli_quote(q, sizeof q, path), i);
        }
        for (size_t k = 0; k < i; k++) {
            if (memcmp((*out)[k], (*out)[i], 32) == 0) {
                return cli_fail(CLI_EXIT_ERROR, "%s: members[%zu] repeats members[%zu]",
                                cli_quote(q, sizeof q, path), i, k);
            }
        }
    }
    return CLI_EXIT_OK;
}

/* The registered keys of every member, from members_info (registration order). */
static int get_keys(cli_committee_data *d, const json_t *j, const char *path) {
    char q[128], a[80];
    const json_t *infos = json_object_get(j, "members_info");
    for (uint16_t p = 0; p < d->c.n; p++) {
        const json_t *hit = NULL;
        for (size_t i = 0; i < json_array_size(infos); i++) {
            uint8_t addr[32];
            if (get_id(addr, json_array_get(infos, i), "address") &&
                memcmp(addr, d->members[p], 32) == 0) {
                hit = json_array_get(infos, i);
            }
        }
        seal_hex_encode(a, d->members[p], 32);
        if (hit == NULL) {
            return cli_fail(CLI_EXIT_ERROR,
                            "%s: party %u (0x%s) has not registered (no members_info entry)",
                            cli_quote(q, sizeof q, path), (unsigned)p, a);
        }
        if (!get_hex(d->enc_pks[p], 48, hit, "enc_pk") ||
            !get_hex(d->signing_pks[p], 96, hit, "signing_pk")) {
            return cli_fail(CLI_EXIT_ERROR,
                            "%s: party %u (0x%s): enc_pk must be 48 bytes and signing_pk 96 "
                            "bytes of hex",
                            cli_quote(q, sizeof q, path), (unsigned)p, a);
        }
    }
    return CLI_EXIT_OK;
}

/* The old committee of a rotation: members, threshold and its KeyServer's pk, version and
 * partial public keys (by party id). */
static int get_old(cli_committee_data *d, const char *path) {
    char q[128];
    uint8_t(*old_members)[32] = NULL, id[32];
    size_t old_n = 0;
    int rc = CLI_EXIT_ERROR;
    json_t *j = load(path);
    if (j == NULL) {
        return CLI_EXIT_ERROR;
    }
    const json_t *ks = json_object_get(j, "key_server");
    const json_t *pks = json_object_get(ks, "partial_key_servers");
    const json_t *ver = json_object_get(ks, "version");
    if (!get_id(id, j, "committee") || memcmp(id, d->old_id, 32) != 0) {
        cli_err("%s is not the old committee of this rotation (its \"committee\" differs)",
                cli_quote(q, sizeof q, path));
        goto out;
    }
    if ((rc = get_members(&old_members, &old_n, j, path)) != CLI_EXIT_OK) {
        goto out;
    }
    rc = CLI_EXIT_ERROR;
    if (!get_u16(&d->c.old_threshold, j, "threshold", 2)) {
        cli_err("%s: \"threshold\" must be an integer from 2 to 65535",
                cli_quote(q, sizeof q, path));
        goto out;
    }
    if (!json_is_object(ks) || !get_hex(d->c.pk, 96, ks, "pk") || !json_is_integer(ver) ||
        json_integer_value(ver) < 0 || json_integer_value(ver) >= UINT32_MAX ||
        json_array_size(pks) != old_n) {
        cli_err("%s: the old committee has no finalized key_server with pk, version and one "
                "partial key server per member",
                cli_quote(q, sizeof q, path));
        goto out;
    }
    d->version = (uint32_t)json_integer_value(ver) + 1;
    d->c.old_n = (uint16_t)old_n;
    if ((d->old_pks = calloc(old_n, 96)) == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < old_n; i++) {
        const json_t *e = json_array_get(pks, i);
        uint16_t party;
        if (!get_u16(&party, e, "party_id", 0) || party != i ||
            !get_hex(d->old_pks[i], 96, e, "partial_pk")) {
            cli_err("%s: partial_key_servers[%zu] needs party_id %zu and a 96-byte partial_pk",
                    cli_quote(q, sizeof q, path), i, i);
            goto out;
        }
    }
    for (uint16_t p = 0; p < d->c.n; p++) {
        d->new_to_old[p] = -1;
        for (size_t i = 0; i < old_n; i++) {
            if (memcmp(d->members[p], old_members[i], 32) == 0) {
                d->new_to_old[p] = (int32_t)i;
            }
        }
    }
    d->c.old_partial_pks = (const uint8_t(*)[96])d->old_pks;
    rc = CLI_EXIT_OK;
out:
    free(old_members);
    json_decref(j);
    return rc;
}

int cli_committee_data_load(cli_committee_data *d, const char *show_path, const char *old_path) {
    char q[128];
    size_t n = 0;
    int rc = CLI_EXIT_ERROR;
    memset(d, 0, sizeof *d);
    json_t *j = load(show_path);
    if (j == NULL) {
        return CLI_EXIT_ERROR;
    }
    if (!get_id(d->c.id, j, "committee")) {
        cli_err("%s: \"committee\" must be the committee's object id",
                cli_quote(q, sizeof q, show_path));
        goto out;
    }
    if (!get_u16(&d->c.threshold, j, "threshold", 2)) {
        cli_err("%s: \"threshold\" must be an integer from 2 to 65535",
                cli_quote(q, sizeof q, show_path));
        goto out;
    }
    if ((rc = get_members(&d->members, &n, j, show_path)) != CLI_EXIT_OK) {
        goto out;
    }
    rc = CLI_EXIT_ERROR;
    d->c.n = (uint16_t)n;
    d->enc_pks = calloc(n, 48);
    d->signing_pks = calloc(n, 96);
    d->new_to_old = calloc(n, sizeof *d->new_to_old);
    if (!d->enc_pks || !d->signing_pks || !d->new_to_old) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    d->c.enc_pks = (const uint8_t(*)[48])d->enc_pks;
    d->c.signing_pks = (const uint8_t(*)[96])d->signing_pks;
    d->c.new_to_old = d->new_to_old;
    if ((rc = get_keys(d, j, show_path)) != CLI_EXIT_OK) {
        goto out;
    }
    const json_t *old = json_object_get(j, "old_committee");
    if (old == NULL || json_is_null(old)) {
        rc = old_path == NULL ? CLI_EXIT_OK
                              : cli_fail(CLI_EXIT_USAGE,
                                         "%s is a fresh DKG (no old_committee): do not give "
                                         "--old-committee-file",
                                         cli_quote(q, sizeof q, show_path));
        goto out;
    }
    if (!get_id(d->old_id, j, "old_committee")) {
        rc = cli_fail(CLI_EXIT_ERROR, "%s: \"old_committee\" is not an object id",
                      cli_quote(q, sizeof q, show_path));
        goto out;
    }
    if (old_path == NULL) {
        rc = cli_fail(CLI_EXIT_USAGE, "this committee is a rotation: give the old committee with "
                                      "--old-committee-file (seal committee show of it)");
        goto out;
    }
    rc = get_old(d, old_path);
out:
    json_decref(j);
    if (rc != CLI_EXIT_OK) {
        cli_committee_data_free(d);
    }
    return rc;
}

int cli_committee_data_party(const cli_committee_data *d, const uint8_t enc_pk[static 48],
                             const uint8_t signing_pk[static 96], uint16_t *party) {
    for (uint16_t p = 0; p < d->c.n; p++) {
        if (memcmp(d->enc_pks[p], enc_pk, 48) == 0) {
            if (memcmp(d->signing_pks[p], signing_pk, 96) != 0) {
                return cli_fail(CLI_EXIT_FAIL,
                                "party %u registered this encryption key with another signing "
                                "key: the key file does not match the registration",
                                (unsigned)p);
            }
            *party = p;
            return CLI_EXIT_OK;
        }
    }
    return cli_fail(CLI_EXIT_FAIL, "the keys of the key file are not registered in this "
                                   "committee (no member has its enc_pk)");
}

/* ---- from the chain ------------------------------------------------------------------------- */

static int read_committee(seal_chain *chain, const uint8_t id[static 32], const char *what,
                          seal_ledger_object *o, seal_onchain_committee *cm) {
    uint8_t pkg[32];
    char h[80];
    const char *w[1] = {what};
    int rc = cli_tx_read_objects(chain, (const uint8_t(*)[32])id, 1, o, w);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (!seal_onchain_is_committee_type(o->type, o->type_len, pkg) ||
        seal_onchain_committee_decode(cm, o->contents, o->contents_len) != SEAL_OK) {
        seal_hex_encode(h, id, 32);
        seal_ledger_object_clear(o);
        return cli_fail(CLI_EXIT_FAIL, "0x%s is not a seal_committee Committee", h);
    }
    if (cm->n_members == 0 || cm->n_members > SEAL_DKG_MAX_PARTIES || cm->threshold < 2) {
        seal_hex_encode(h, id, 32);
        seal_onchain_committee_clear(cm);
        seal_ledger_object_clear(o);
        return cli_fail(CLI_EXIT_FAIL,
                        "committee 0x%s: %zu members, threshold %u (a DKG needs 1 to %u members "
                        "and a threshold of 2 or more)",
                        h, cm->n_members, (unsigned)cm->threshold, (unsigned)SEAL_DKG_MAX_PARTIES);
    }
    return CLI_EXIT_OK;
}

/* The old committee of a rotation and its KeyServer (version, pk, partial public keys). */
static int chain_old(cli_committee_data *d, seal_chain *chain) {
    seal_ledger_object o, field;
    seal_onchain_committee old;
    seal_onchain_key_server_v2 v2;
    uint8_t ks[32];
    char h[80];
    bool found = false;
    int rc = read_committee(chain, d->old_id, "the old committee", &o, &old);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    seal_hex_encode(h, d->old_id, 32);
    memset(&v2, 0, sizeof v2);
    memset(&field, 0, sizeof field);
    seal_err err = seal_chain_committee_key_server(chain, d->old_id, ks, &found);
    if (err == SEAL_OK && found) {
        err = seal_chain_key_server_v2(chain, ks, &field, &v2, &found);
    }
    if (err != SEAL_OK) {
        rc = cli_tx_report(err, "cannot read the old committee's KeyServer");
        goto out;
    }
    if (!found || v2.server_type != SEAL_ONCHAIN_SERVER_COMMITTEE || v2.pk.len != 96 ||
        v2.n_partial != old.n_members || v2.version == UINT32_MAX) {
        rc = cli_fail(CLI_EXIT_FAIL,
                      "the old committee 0x%s holds no committee KeyServer with one partial key "
                      "server per member (not finalized?)",
                      h);
        goto out;
    }
    d->c.old_threshold = old.threshold;
    d->c.old_n = (uint16_t)old.n_members;
    d->version = v2.version + 1;
    memcpy(d->c.pk, v2.pk.ptr, 96);
    if ((d->old_pks = calloc(old.n_members, 96)) == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < old.n_members; i++) {
        if (v2.partial[i].party_id != i || v2.partial[i].partial_pk.len != 96) {
            rc = cli_fail(CLI_EXIT_FAIL, "the old KeyServer's partial key server %zu is malformed",
                          i);
            goto out;
        }
        memcpy(d->old_pks[i], v2.partial[i].partial_pk.ptr, 96);
    }
    for (uint16_t p = 0; p < d->c.n; p++) {
        uint16_t old_party;
        d->new_to_old[p] =
            seal_onchain_committee_party_id(&old, d->members[p], &old_party) ? old_party : -1;
    }
    d->c.old_partial_pks = (const uint8_t(*)[96])d->old_pks;
    rc = CLI_EXIT_OK;
out:
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&field);
    seal_onchain_committee_clear(&old);
    seal_ledger_object_clear(&o);
    return rc;
}

int cli_committee_data_from_chain(cli_committee_data *d, seal_chain *chain,
                                  const uint8_t committee_id[static 32]) {
    seal_ledger_object o;
    seal_onchain_committee cm;
    char h[80], a[80];
    memset(d, 0, sizeof *d);
    int rc = read_committee(chain, committee_id, "the committee", &o, &cm);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    seal_hex_encode(h, committee_id, 32);
    rc = CLI_EXIT_ERROR;
    size_t n = cm.n_members;
    memcpy(d->c.id, committee_id, 32);
    d->c.n = (uint16_t)n;
    d->c.threshold = cm.threshold;
    d->members = calloc(n, 32);
    d->enc_pks = calloc(n, 48);
    d->signing_pks = calloc(n, 96);
    d->new_to_old = calloc(n, sizeof *d->new_to_old);
    if (!d->members || !d->enc_pks || !d->signing_pks || !d->new_to_old) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    d->c.enc_pks = (const uint8_t(*)[48])d->enc_pks;
    d->c.signing_pks = (const uint8_t(*)[96])d->signing_pks;
    d->c.new_to_old = d->new_to_old;
    if (cm.state == SEAL_ONCHAIN_STATE_FINALIZED) {
        rc = cli_fail(CLI_EXIT_FAIL, "committee 0x%s is finalized: its DKG is over", h);
        goto out;
    }
    for (size_t p = 0; p < n; p++) {
        memcpy(d->members[p], cm.members[p], 32);
        const seal_onchain_member_info *info = seal_onchain_committee_info(&cm, cm.members[p]);
        seal_hex_encode(a, cm.members[p], 32);
        if (info == NULL) {
            rc = cli_fail(CLI_EXIT_FAIL, "committee 0x%s: party %zu (0x%s) has not registered", h,
                          p, a);
            goto out;
        }
        if (info->enc_pk.len != 48 || info->signing_pk.len != 96) {
            rc = cli_fail(CLI_EXIT_FAIL, "committee 0x%s: party %zu registered malformed keys", h,
                          p);
            goto out;
        }
        memcpy(d->enc_pks[p], info->enc_pk.ptr, 48);
        memcpy(d->signing_pks[p], info->signing_pk.ptr, 96);
    }
    rc = CLI_EXIT_OK;
    if (cm.has_old_committee_id) {
        memcpy(d->old_id, cm.old_committee_id, 32);
        rc = chain_old(d, chain);
    }
out:
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&o);
    if (rc != CLI_EXIT_OK) {
        cli_committee_data_free(d);
    }
    return rc;
}

int cli_committee_data_from_args(cli_committee_data *d, const cli_args *a) {
    const char *file = cli_value(a, "committee-file", 0);
    const char *id = cli_value(a, "committee", 0);
    memset(d, 0, sizeof *d);
    if ((file == NULL) == (id == NULL)) {
        return cli_fail(CLI_EXIT_USAGE, "give the committee: --committee ID with --chain SPEC (or "
                                        "--data DIR), or --committee-file FILE");
    }
    if (file != NULL) {
        if (cli_value(a, "chain", 0) != NULL || cli_value(a, "data", 0) != NULL) {
            return cli_fail(CLI_EXIT_USAGE, "--committee-file reads no chain: drop --chain/--data");
        }
        return cli_committee_data_load(d, file, cli_value(a, "old-committee-file", 0));
    }
    if (cli_value(a, "old-committee-file", 0) != NULL) {
        return cli_fail(CLI_EXIT_USAGE,
                        "--old-committee-file goes with --committee-file (the chain gives the "
                        "old committee)");
    }
    uint8_t cid[32];
    char spec[PATH_MAX + 16];
    seal_chain *chain = NULL;
    cli_object_id(cid, id);
    int rc = cli_tx_open_chain(a, &chain, spec, sizeof spec);
    if (rc == CLI_EXIT_OK) {
        rc = cli_committee_data_from_chain(d, chain, cid);
    }
    seal_chain_close(chain);
    return rc;
}
