/* A committee's public data from the JSON of `seal committee show` (see committee_data.h). */
#include <stdlib.h>
#include <string.h>

#include "cli/committee_data.h"
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
