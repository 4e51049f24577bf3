/*
 * Key server configuration: the official key server's YAML (PROTOCOL.md 21, upstream key names
 * and tags) plus our own keys, parsed with libyaml's document API. Every error names the line
 * of the offending node. Master keys come from the environment or from owner-only files and are
 * validated here (docs/server.md).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "server/server.h"
#include "server/server_internal.h"

#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"

#define CONFIG_MAX_BYTES (1024u * 1024u)
#define KEY_FILE_MAX_BYTES 4096u

/* Seal package ids of the public networks (PROTOCOL.md 15.1). */
static const char TESTNET_SEAL_PACKAGE[] =
    "0xdccbeb87767be2b2346af5575eb139807205e4c23ec53dc616f951fe1d814112";
static const char MAINNET_SEAL_PACKAGE[] =
    "0x931739224160073d8e391c9aa6e7ade9818e9814b4907066b7efa058636c4e45";

typedef seal__cfg cfg_ctx;

static seal_err failf(cfg_ctx *c, const yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static seal_err failf(cfg_ctx *c, const yaml_node_t *node, const char *fmt, ...) {
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages quote the file's scalars and keys, which may hold any character (a plain scalar
     * folds an empty line into a line break): one line, no control characters. */
    seal_text_one_line(msg);
    if (c->err != NULL && c->err_len > 0) {
        if (node != NULL)
            snprintf(c->err, c->err_len, "line %lu: %s", (unsigned long)node->start_mark.line + 1,
                     msg);
        else
            snprintf(c->err, c->err_len, "%s", msg);
    }
    return SEAL_ERR_INVALID_ARGUMENT;
}

/* ---- node helpers --------------------------------------------------------------------------- */

/* The tag name of an explicitly tagged node ("Open" for !Open), or NULL for default tags. */
static const char *custom_tag(const yaml_node_t *n) {
    const char *t = (const char *)n->tag;
    if (t == NULL || t[0] != '!')
        return NULL;
    return t + 1;
}

static bool is_null(const yaml_node_t *n) {
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return custom_tag(n) == NULL &&
           (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
            strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

static const char *kind_name(const yaml_node_t *n) {
    if (is_null(n))
        return "nothing (null)";
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "an empty node";
    }
}

static seal_err get_string(cfg_ctx *c, const yaml_node_t *n, const char *key, const char **out) {
    if (n->type != YAML_SCALAR_NODE || is_null(n) || custom_tag(n) != NULL)
        return failf(c, n, "%s: expected a string, found %s", key, kind_name(n));
    if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
        return failf(c, n, "%s: NUL byte in value", key);
    *out = (const char *)n->data.scalar.value;
    return SEAL_OK;
}

static seal_err get_string_into(cfg_ctx *c, const yaml_node_t *n, const char *key, char *dst,
                                size_t cap) {
    const char *v = NULL;
    seal_err err = get_string(c, n, key, &v);
    if (err != SEAL_OK)
        return err;
    if (strlen(v) >= cap)
        return failf(c, n, "%s: value too long (at most %zu characters)", key, cap - 1);
    memcpy(dst, v, strlen(v) + 1);
    return SEAL_OK;
}

static seal_err get_u64(cfg_ctx *c, const yaml_node_t *n, const char *key, uint64_t max,
                        uint64_t *out) {
    const char *v = NULL;
    if (n->type != YAML_SCALAR_NODE || is_null(n) || custom_tag(n) != NULL)
        return failf(c, n, "%s: expected a non-negative integer, found %s", key, kind_name(n));
    v = (const char *)n->data.scalar.value;
    uint64_t x = 0;
    if (v[0] == '\0')
        return failf(c, n, "%s: expected a non-negative integer", key);
    for (const char *p = v; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return failf(c, n, "%s: expected a non-negative integer, found \"%.40s\"", key, v);
        unsigned d = (unsigned)(*p - '0');
        if (x > (UINT64_MAX - d) / 10)
            return failf(c, n, "%s: integer too large", key);
        x = x * 10 + d;
    }
    if (x > max)
        return failf(c, n, "%s: %" PRIu64 " is above the maximum %" PRIu64, key, x, max);
    *out = x;
    return SEAL_OK;
}

static seal_err get_u32(cfg_ctx *c, const yaml_node_t *n, const char *key, uint32_t max,
                        uint32_t *out) {
    uint64_t x = 0;
    seal_err err = get_u64(c, n, key, max, &x);
    if (err == SEAL_OK)
        *out = (uint32_t)x;
    return err;
}

static seal_err get_bool(cfg_ctx *c, const yaml_node_t *n, const char *key, bool *out) {
    const char *v = NULL;
    if (n->type != YAML_SCALAR_NODE || custom_tag(n) != NULL ||
        n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return failf(c, n, "%s: expected true or false", key);
    v = (const char *)n->data.scalar.value;
    if (strcmp(v, "true") == 0 || strcmp(v, "True") == 0 || strcmp(v, "TRUE") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0 || strcmp(v, "False") == 0 || strcmp(v, "FALSE") == 0)
        *out = false;
    else
        return failf(c, n, "%s: expected true or false, found \"%.40s\"", key, v);
    return SEAL_OK;
}

static seal_err get_object_id(cfg_ctx *c, const yaml_node_t *n, const char *key,
                              uint8_t out[static 32]) {
    const char *v = NULL;
    seal_err err = get_string(c, n, key, &v);
    if (err != SEAL_OK)
        return err;
    if (seal_sui_address_parse(out, v) != SEAL_OK)
        return failf(c, n, "%s: \"%.80s\" is not an object id (0x followed by 1 to 64 hex digits)",
                     key, v);
    return SEAL_OK;
}

/* Durations as upstream's duration_str: "2m", "30s", "1h 30m", "500ms", "1m+30s"; a bare number
 * is seconds. Also {secs, nanos} (serde's Duration form). Result in milliseconds. */
static seal_err parse_duration_text(const char *v, uint64_t *out_ms) {
    uint64_t total = 0;
    const char *p = v;
    bool any = false;
    while (*p != '\0') {
        while (*p == ' ' || *p == '+')
            p++;
        if (*p == '\0')
            break;
        if (*p < '0' || *p > '9')
            return SEAL_ERR_INVALID_ENCODING;
        uint64_t num = 0;
        while (*p >= '0' && *p <= '9') {
            unsigned d = (unsigned)(*p - '0');
            if (num > (UINT64_MAX - d) / 10)
                return SEAL_ERR_LIMIT;
            num = num * 10 + d;
            p++;
        }
        while (*p == ' ')
            p++;
        const char *u = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            p++;
        size_t ul = (size_t)(p - u);
        uint64_t mult;
#define UNIT(s) (ul == sizeof(s) - 1 && strncmp(u, s, ul) == 0)
        if (ul == 0 || UNIT("s") || UNIT("sec") || UNIT("secs") || UNIT("second") ||
            UNIT("seconds"))
            mult = 1000;
        else if (UNIT("ms") || UNIT("msec") || UNIT("msecs") || UNIT("millisecond") ||
                 UNIT("milliseconds"))
            mult = 1;
        else if (UNIT("m") || UNIT("min") || UNIT("mins") || UNIT("minute") || UNIT("minutes"))
            mult = 60u * 1000u;
        else if (UNIT("h") || UNIT("hr") || UNIT("hour") || UNIT("hours"))
            mult = 3600u * 1000u;
        else if (UNIT("d") || UNIT("day") || UNIT("days"))
            mult = 86400u * 1000u;
        else
            return SEAL_ERR_INVALID_ENCODING;
#undef UNIT
        if (num > UINT64_MAX / mult || total > UINT64_MAX - num * mult)
            return SEAL_ERR_LIMIT;
        total += num * mult;
        any = true;
    }
    if (!any)
        return SEAL_ERR_INVALID_ENCODING;
    *out_ms = total;
    return SEAL_OK;
}

static seal_err get_duration(cfg_ctx *c, const yaml_node_t *n, const char *key, uint64_t *out) {
    if (n->type == YAML_MAPPING_NODE && custom_tag(n) == NULL) {
        uint64_t secs = 0, nanos = 0;
        bool has_secs = false;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
            yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
            const char *kn = NULL;
            seal_err err = get_string(c, k, key, &kn);
            if (err != SEAL_OK)
                return err;
            if (strcmp(kn, "secs") == 0) {
                if ((err = get_u64(c, v, "secs", UINT64_MAX / 1000 - 1, &secs)) != SEAL_OK)
                    return err;
                has_secs = true;
            } else if (strcmp(kn, "nanos") == 0) {
                if ((err = get_u64(c, v, "nanos", 999999999u, &nanos)) != SEAL_OK)
                    return err;
            } else {
                return failf(c, k, "%s: unknown key \"%.40s\" (expected secs, nanos)", key, kn);
            }
        }
        if (!has_secs)
            return failf(c, n, "%s: missing key secs", key);
        *out = secs * 1000 + nanos / 1000000;
        return SEAL_OK;
    }
    const char *v = NULL;
    seal_err err = get_string(c, n, key, &v);
    if (err != SEAL_OK)
        return err;
    if (parse_duration_text(v, out) != SEAL_OK)
        return failf(c, n,
                     "%s: \"%.40s\" is not a duration (e.g. 30s, 2m, 1h, 500ms; a bare number is "
                     "seconds)",
                     key, v);
    return SEAL_OK;
}

/* A mapping node with an optional required tag. */
static seal_err expect_mapping(cfg_ctx *c, const yaml_node_t *n, const char *key) {
    if (n->type != YAML_MAPPING_NODE)
        return failf(c, n, "%s: expected a mapping, found %s", key, kind_name(n));
    return SEAL_OK;
}

/* Finds duplicate keys and returns the key string of pair p. */
static seal_err pair_key(cfg_ctx *c, const yaml_node_t *map, const yaml_node_pair_t *p,
                         const char *where, const char **out) {
    yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
    seal_err err = get_string(c, k, where, out);
    if (err != SEAL_OK)
        return err;
    for (const yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
        yaml_node_t *kq = yaml_document_get_node(c->doc, q->key);
        if (kq->type == YAML_SCALAR_NODE && strcmp((const char *)kq->data.scalar.value, *out) == 0)
            return failf(c, k, "%s: duplicate key %s", where, *out);
    }
    return SEAL_OK;
}

/* ---- version requirements ------------------------------------------------------------------- */

static seal_err check_requirement(cfg_ctx *c, const yaml_node_t *n, const char *key, char *dst,
                                  size_t cap) {
    seal_err err = get_string_into(c, n, key, dst, cap);
    if (err != SEAL_OK)
        return err;
    if (!seal__semver_req_valid(dst))
        return failf(c, n, "%s: \"%.60s\" is not a semver requirement (e.g. \">=0.4.5\")", key,
                     dst);
    return SEAL_OK;
}

/* ---- sections ------------------------------------------------------------------------------- */

static seal_err parse_network(cfg_ctx *c, const yaml_node_t *n, seal_server_config *cfg) {
    const char *tag = custom_tag(n);
    seal_err err;
    if (n->type == YAML_SCALAR_NODE && tag == NULL && !is_null(n)) {
        const char *v = (const char *)n->data.scalar.value;
        if (strcmp(v, "Testnet") == 0) {
            if (seal_sui_address_parse(cfg->seal_package, TESTNET_SEAL_PACKAGE) != SEAL_OK)
                return SEAL_ERR_INTERNAL;
        } else if (strcmp(v, "Mainnet") == 0) {
            if (seal_sui_address_parse(cfg->seal_package, MAINNET_SEAL_PACKAGE) != SEAL_OK)
                return SEAL_ERR_INTERNAL;
        } else if (strcmp(v, "Devnet") == 0) {
            return failf(c, n,
                         "network: Devnet needs its Seal package: !Devnet {seal_package: 0x...}");
        } else {
            return failf(c, n,
                         "network: unknown network \"%.40s\" (Testnet, Mainnet or !Devnet "
                         "{seal_package})",
                         v);
        }
        snprintf(cfg->network, sizeof cfg->network, "%s", v);
        return SEAL_OK;
    }
    if (tag != NULL && (strcmp(tag, "Devnet") == 0 || strcmp(tag, "Custom") == 0)) {
        /* !Devnet {seal_package} as upstream; !Custom {seal_package}: a network of one's own,
         * with no public full node (node_url or chain is then required) */
        bool custom = strcmp(tag, "Custom") == 0;
        if ((err = expect_mapping(c, n, custom ? "network: !Custom" : "network: !Devnet")) !=
            SEAL_OK)
            return err;
        bool has_pkg = false;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            const char *k = NULL;
            if ((err = pair_key(c, n, p, "network", &k)) != SEAL_OK)
                return err;
            yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
            if (strcmp(k, "seal_package") == 0) {
                if ((err = get_object_id(c, v, "seal_package", cfg->seal_package)) != SEAL_OK)
                    return err;
                has_pkg = true;
            } else {
                return failf(c, yaml_document_get_node(c->doc, p->key),
                             "network: unknown key %s (!%s takes seal_package)", k, tag);
            }
        }
        if (!has_pkg)
            return failf(c, n, "network: !%s: missing key seal_package", tag);
        snprintf(cfg->network, sizeof cfg->network, "%s", custom ? "Custom" : "Devnet");
        return SEAL_OK;
    }
    if (tag != NULL && (strcmp(tag, "Testnet") == 0 || strcmp(tag, "Mainnet") == 0))
        return failf(c, n, "network: write %s without the '!'", tag);
    return failf(c, n,
                 "network: expected Testnet, Mainnet, !Devnet {seal_package: 0x...} or !Custom "
                 "{seal_package: 0x...}");
}

/* ---- the full node's API key ----------------------------------------------------------------- */

/* An HTTP header name (RFC 9110 token), at most 128 characters. */
static bool header_name_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 128)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("!#$%&'*+-.^_`|~", s[i]) != NULL))
            return false;
    return true;
}

/* A header value: visible ASCII and inner spaces, at most 4096 characters. */
static bool header_value_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 4096 || s[0] == ' ' || s[n - 1] == ' ')
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return false;
    return true;
}

/* "Name: value" into cfg->api_key_header. Never quotes the key in an error. */
static seal_err set_api_key(cfg_ctx *c, const yaml_node_t *n, seal_server_config *cfg,
                            const char *name, const char *key, const char *where) {
    if (!header_name_ok(name))
        return failf(c, n, "%s: the API key name is not a valid HTTP header name", where);
    if (!header_value_ok(key))
        return failf(c, n,
                     "%s: the API key is not a valid HTTP header value (printable ASCII, at most "
                     "4096 characters)",
                     where);
    snprintf(cfg->api_key_header, sizeof cfg->api_key_header, "%s: %s", name, key);
    return SEAL_OK;
}

static seal_err parse_client(cfg_ctx *c, const yaml_node_t *n, seal_server_client *cl,
                             bool *exported) {
    seal_err err;
    bool has_name = false, has_key = false, has_ks = false, has_pkgs = false;
    if ((err = expect_mapping(c, n, "client_configs entry")) != SEAL_OK)
        return err;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, n, p, "client_configs entry", &k)) != SEAL_OK)
            return err;
        yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (strcmp(k, "name") == 0) {
            if ((err = get_string_into(c, v, "name", cl->name, sizeof cl->name)) != SEAL_OK)
                return err;
            has_name = true;
        } else if (strcmp(k, "client_master_key") == 0) {
            const char *tag = custom_tag(v);
            if (tag == NULL || v->type != YAML_MAPPING_NODE)
                return failf(c, v,
                             "client_master_key: expected !Derived {derivation_index}, !Imported "
                             "{env_var} or !Exported {deprecated_derivation_index}");
            const char *want = NULL;
            if (strcmp(tag, "Derived") == 0)
                want = "derivation_index";
            else if (strcmp(tag, "Imported") == 0)
                want = "env_var";
            else if (strcmp(tag, "Exported") == 0)
                want = "deprecated_derivation_index";
            else
                return failf(c, v,
                             "client_master_key: unknown key type !%.40s (Derived, Imported, "
                             "Exported)",
                             tag);
            bool found = false;
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
                 q++) {
                const char *kk = NULL;
                if ((err = pair_key(c, v, q, "client_master_key", &kk)) != SEAL_OK)
                    return err;
                yaml_node_t *vv = yaml_document_get_node(c->doc, q->value);
                if (strcmp(kk, want) != 0)
                    return failf(c, yaml_document_get_node(c->doc, q->key),
                                 "client_master_key: unknown key %s (!%s takes %s)", kk, tag, want);
                if (strcmp(tag, "Imported") == 0) {
                    if ((err = get_string_into(c, vv, "env_var", cl->env_var,
                                               sizeof cl->env_var)) != SEAL_OK)
                        return err;
                    if (cl->env_var[0] == '\0')
                        return failf(c, vv, "env_var: empty name");
                    cl->imported = true;
                } else {
                    if ((err = get_u64(c, vv, want, UINT64_MAX, &cl->derivation_index)) != SEAL_OK)
                        return err;
                    *exported = strcmp(tag, "Exported") == 0;
                }
                found = true;
            }
            if (!found)
                return failf(c, v, "client_master_key: !%s: missing key %s", tag, want);
            has_key = true;
        } else if (strcmp(k, "key_server_object_id") == 0) {
            if ((err = get_object_id(c, v, "key_server_object_id", cl->key_server_object_id)) !=
                SEAL_OK)
                return err;
            has_ks = true;
        } else if (strcmp(k, "package_ids") == 0) {
            if (is_null(v)) {
                cl->n_package_ids = 0;
            } else if (v->type != YAML_SEQUENCE_NODE) {
                return failf(c, v, "package_ids: expected a list of object ids, found %s",
                             kind_name(v));
            } else {
                for (yaml_node_item_t *it = v->data.sequence.items.start;
                     it < v->data.sequence.items.top; it++) {
                    yaml_node_t *e = yaml_document_get_node(c->doc, *it);
                    if (cl->n_package_ids >= SEAL_SERVER_MAX_PACKAGES)
                        return failf(c, e, "package_ids: more than %d entries",
                                     SEAL_SERVER_MAX_PACKAGES);
                    if ((err = get_object_id(c, e, "package_ids",
                                             cl->package_ids[cl->n_package_ids])) != SEAL_OK)
                        return err;
                    cl->n_package_ids++;
                }
            }
            has_pkgs = true;
        } else {
            return failf(c, kn,
                         "client_configs entry: unknown key %.40s (name, client_master_key, "
                         "key_server_object_id, package_ids)",
                         k);
        }
    }
    if (!has_name)
        return failf(c, n, "client_configs entry: missing key name");
    if (!has_key)
        return failf(c, n, "client %s: missing key client_master_key", cl->name);
    if (!has_ks)
        return failf(c, n, "client %s: missing key key_server_object_id", cl->name);
    if (!has_pkgs || cl->n_package_ids == 0)
        return failf(c, n, "Client configuration must have at least one package ID: %s", cl->name);
    return SEAL_OK;
}

/* committee_state: Active (plain or !Active) or !Rotation {target_version: u32}. */
static seal_err parse_committee_state(cfg_ctx *c, const yaml_node_t *v,
                                      seal_server_committee_config *m) {
    const char *tag = custom_tag(v);
    seal_err err;
    if ((tag == NULL || strcmp(tag, "Active") == 0) && v->type == YAML_SCALAR_NODE &&
        (tag != NULL || strcmp((const char *)v->data.scalar.value, "Active") == 0)) {
        m->rotation = false;
        return SEAL_OK;
    }
    if (tag == NULL || strcmp(tag, "Rotation") != 0)
        return failf(c, v, "committee_state: expected Active or !Rotation {target_version}");
    if ((err = expect_mapping(c, v, "committee_state: !Rotation")) != SEAL_OK)
        return err;
    bool has = false;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, v, p, "committee_state", &k)) != SEAL_OK)
            return err;
        if (strcmp(k, "target_version") != 0)
            return failf(c, yaml_document_get_node(c->doc, p->key),
                         "committee_state: unknown key %.40s (!Rotation takes target_version)", k);
        if ((err = get_u32(c, yaml_document_get_node(c->doc, p->value), k, UINT32_MAX,
                           &m->target_version)) != SEAL_OK)
            return err;
        has = true;
    }
    if (!has)
        return failf(c, v, "committee_state: !Rotation: missing key target_version");
    m->rotation = true;
    return SEAL_OK;
}

static seal_err parse_committee_mode(cfg_ctx *c, const yaml_node_t *n, seal_server_config *cfg) {
    seal_err err;
    bool has_member = false, has_ks = false;
    if ((err = expect_mapping(c, n, "server_mode: !Committee")) != SEAL_OK)
        return err;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, n, p, "server_mode", &k)) != SEAL_OK)
            return err;
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (strcmp(k, "member_address") == 0) {
            err = get_object_id(c, v, k, cfg->committee.member_address);
            has_member = true;
        } else if (strcmp(k, "key_server_obj_id") == 0) {
            err = get_object_id(c, v, k, cfg->key_server_object_id);
            has_ks = true;
        } else if (strcmp(k, "committee_state") == 0) {
            err = parse_committee_state(c, v, &cfg->committee);
        } else {
            err = failf(c, yaml_document_get_node(c->doc, p->key),
                        "server_mode: unknown key %.40s (!Committee takes member_address, "
                        "key_server_obj_id, committee_state)",
                        k);
        }
        if (err != SEAL_OK)
            return err;
    }
    if (!has_member)
        return failf(c, n, "server_mode: !Committee: missing key member_address");
    if (!has_ks)
        return failf(c, n, "server_mode: !Committee: missing key key_server_obj_id");
    cfg->mode = SEAL_SERVER_COMMITTEE;
    return SEAL_OK;
}

static seal_err parse_server_mode(cfg_ctx *c, const yaml_node_t *n, seal_server_config *cfg,
                                  bool exported[SEAL_SERVER_MAX_CLIENTS]) {
    const char *tag = custom_tag(n);
    seal_err err;
    if (tag == NULL)
        return failf(c, n,
                     "server_mode: expected !Open {key_server_object_id} or !Permissioned "
                     "{client_configs}");
    if (strcmp(tag, "Committee") == 0)
        return parse_committee_mode(c, n, cfg);
    if (strcmp(tag, "Open") == 0) {
        if ((err = expect_mapping(c, n, "server_mode: !Open")) != SEAL_OK)
            return err;
        bool has = false;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            const char *k = NULL;
            if ((err = pair_key(c, n, p, "server_mode", &k)) != SEAL_OK)
                return err;
            yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
            if (strcmp(k, "key_server_object_id") != 0)
                return failf(c, yaml_document_get_node(c->doc, p->key),
                             "server_mode: unknown key %.40s (!Open takes key_server_object_id)",
                             k);
            if ((err = get_object_id(c, v, "key_server_object_id", cfg->key_server_object_id)) !=
                SEAL_OK)
                return err;
            has = true;
        }
        if (!has)
            return failf(c, n, "server_mode: !Open: missing key key_server_object_id");
        cfg->mode = SEAL_SERVER_OPEN;
        return SEAL_OK;
    }
    if (strcmp(tag, "Permissioned") == 0) {
        if ((err = expect_mapping(c, n, "server_mode: !Permissioned")) != SEAL_OK)
            return err;
        bool has = false;
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
             p++) {
            const char *k = NULL;
            if ((err = pair_key(c, n, p, "server_mode", &k)) != SEAL_OK)
                return err;
            yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
            if (strcmp(k, "client_configs") != 0)
                return failf(c, yaml_document_get_node(c->doc, p->key),
                             "server_mode: unknown key %.40s (!Permissioned takes client_configs)",
                             k);
            if (v->type != YAML_SEQUENCE_NODE)
                return failf(c, v, "client_configs: expected a list, found %s", kind_name(v));
            for (yaml_node_item_t *it = v->data.sequence.items.start;
                 it < v->data.sequence.items.top; it++) {
                yaml_node_t *e = yaml_document_get_node(c->doc, *it);
                if (cfg->n_clients >= SEAL_SERVER_MAX_CLIENTS)
                    return failf(c, e, "client_configs: more than %d clients",
                                 SEAL_SERVER_MAX_CLIENTS);
                if ((err = parse_client(c, e, &cfg->clients[cfg->n_clients],
                                        &exported[cfg->n_clients])) != SEAL_OK)
                    return err;
                cfg->clients[cfg->n_clients].line = (unsigned)e->start_mark.line + 1;
                cfg->n_clients++;
            }
            has = true;
        }
        if (!has)
            return failf(c, n, "server_mode: !Permissioned: missing key client_configs");
        cfg->mode = SEAL_SERVER_PERMISSIONED;
        return SEAL_OK;
    }
    return failf(c, n, "server_mode: unknown mode !%.40s (Open, Permissioned, Committee)", tag);
}

static seal_err parse_rpc_config(cfg_ctx *c, const yaml_node_t *n, seal_server_config *cfg) {
    seal_err err;
    if ((err = expect_mapping(c, n, "rpc_config")) != SEAL_OK)
        return err;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, n, p, "rpc_config", &k)) != SEAL_OK)
            return err;
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (strcmp(k, "timeout") == 0) {
            uint64_t ms = 0;
            if ((err = get_duration(c, v, "rpc_config.timeout", &ms)) != SEAL_OK)
                return err;
            if (ms == 0 || ms > UINT32_MAX)
                return failf(c, v, "rpc_config.timeout: must be between 1 ms and 49 days");
            cfg->rpc_timeout_ms = (uint32_t)ms;
        } else if (strcmp(k, "retry_config") == 0) {
            if ((err = expect_mapping(c, v, "rpc_config.retry_config")) != SEAL_OK)
                return err;
            for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < v->data.mapping.pairs.top;
                 q++) {
                const char *kk = NULL;
                if ((err = pair_key(c, v, q, "retry_config", &kk)) != SEAL_OK)
                    return err;
                yaml_node_t *vv = yaml_document_get_node(c->doc, q->value);
                uint64_t ms = 0;
                if (strcmp(kk, "max_retries") == 0) {
                    if ((err = get_u32(c, vv, "max_retries", 100, &cfg->rpc_retries)) != SEAL_OK)
                        return err;
                } else if (strcmp(kk, "min_delay") == 0 || strcmp(kk, "max_delay") == 0) {
                    if ((err = get_duration(c, vv, kk, &ms)) != SEAL_OK)
                        return err;
                } else {
                    return failf(c, yaml_document_get_node(c->doc, q->key),
                                 "retry_config: unknown key %.40s (max_retries, min_delay, "
                                 "max_delay)",
                                 kk);
                }
            }
        } else {
            return failf(c, yaml_document_get_node(c->doc, p->key),
                         "rpc_config: unknown key %.40s (timeout, retry_config)", k);
        }
    }
    return SEAL_OK;
}

static seal_err parse_rate_limit(cfg_ctx *c, const yaml_node_t *n, seal_server_config *cfg) {
    seal_err err;
    if ((err = expect_mapping(c, n, "rate_limit")) != SEAL_OK)
        return err;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, n, p, "rate_limit", &k)) != SEAL_OK)
            return err;
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (strcmp(k, "per_ip_per_s") == 0) {
            if ((err = get_u32(c, v, "per_ip_per_s", 1000000, &cfg->rate_limit_per_ip_per_s)) !=
                SEAL_OK)
                return err;
        } else if (strcmp(k, "burst") == 0) {
            if ((err = get_u32(c, v, "burst", 1000000, &cfg->rate_limit_burst)) != SEAL_OK)
                return err;
        } else if (strcmp(k, "ipv6_prefix") == 0) {
            if ((err = get_u32(c, v, "ipv6_prefix", 128, &cfg->rate_limit_ipv6_prefix)) != SEAL_OK)
                return err;
            if (cfg->rate_limit_ipv6_prefix == 0)
                return failf(c, v, "ipv6_prefix: must be 1..128");
        } else {
            return failf(c, yaml_document_get_node(c->doc, p->key),
                         "rate_limit: unknown key %.40s (per_ip_per_s, burst, ipv6_prefix)", k);
        }
    }
    return SEAL_OK;
}

/* "host:port" (host may be [v6]) with a port 0..65535. */
static bool host_port_valid(const char *s) {
    const char *colon = strrchr(s, ':');
    if (colon == NULL || colon == s || colon[1] == '\0')
        return false;
    unsigned long port = 0;
    for (const char *p = colon + 1; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return false;
        port = port * 10 + (unsigned long)(*p - '0');
        if (port > 65535)
            return false;
    }
    return true;
}

/* audit: {enabled, database, key_file, head_interval, anchor: {object, key_file, interval}}
 * (docs/audit.md). The section turns the log on unless `enabled: false`. */
static seal_err parse_audit_anchor(cfg_ctx *c, const yaml_node_t *n, seal_server_audit_config *a) {
    seal_err err;
    bool has_object = false, has_key = false;
    if ((err = expect_mapping(c, n, "audit.anchor")) != SEAL_OK)
        return err;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, n, p, "audit.anchor", &k)) != SEAL_OK)
            return err;
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (strcmp(k, "object") == 0) {
            err = get_object_id(c, v, "audit.anchor.object", a->anchor_object);
            has_object = true;
        } else if (strcmp(k, "key_file") == 0) {
            err = get_string_into(c, v, "audit.anchor.key_file", a->anchor_key_file,
                                  sizeof a->anchor_key_file);
            has_key = true;
        } else if (strcmp(k, "interval") == 0) {
            err = get_duration(c, v, "audit.anchor.interval", &a->anchor_interval_ms);
            if (err == SEAL_OK && a->anchor_interval_ms < 1000)
                err = failf(c, v, "audit.anchor.interval: at least 1s");
        } else {
            err = failf(c, yaml_document_get_node(c->doc, p->key),
                        "audit.anchor: unknown key %.40s (object, key_file, interval)", k);
        }
        if (err != SEAL_OK)
            return err;
    }
    if (!has_object || !has_key)
        return failf(c, n, "audit.anchor: needs object and key_file");
    a->anchor = true;
    return SEAL_OK;
}

static seal_err parse_audit(cfg_ctx *c, const yaml_node_t *n, seal_server_audit_config *a) {
    seal_err err;
    bool has_db = false, has_key = false;
    if ((err = expect_mapping(c, n, "audit")) != SEAL_OK)
        return err;
    a->enabled = true;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = NULL;
        if ((err = pair_key(c, n, p, "audit", &k)) != SEAL_OK)
            return err;
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (strcmp(k, "enabled") == 0) {
            err = get_bool(c, v, "audit.enabled", &a->enabled);
        } else if (strcmp(k, "database") == 0) {
            err = get_string_into(c, v, "audit.database", a->database, sizeof a->database);
            if (err == SEAL_OK && a->database[0] == '\0')
                err = failf(c, v, "audit.database: empty");
            has_db = true;
        } else if (strcmp(k, "key_file") == 0) {
            err = get_string_into(c, v, "audit.key_file", a->key_file, sizeof a->key_file);
            has_key = true;
        } else if (strcmp(k, "head_interval") == 0) {
            err = get_duration(c, v, "audit.head_interval", &a->head_interval_ms);
            if (err == SEAL_OK && (a->head_interval_ms < 100 || a->head_interval_ms > 86400000))
                err = failf(c, v, "audit.head_interval: between 100ms and 1d");
        } else if (strcmp(k, "anchor") == 0) {
            err = parse_audit_anchor(c, v, a);
        } else {
            err = failf(c, yaml_document_get_node(c->doc, p->key),
                        "audit: unknown key %.40s (enabled, database, key_file, head_interval, "
                        "anchor)",
                        k);
        }
        if (err != SEAL_OK)
            return err;
    }
    if (a->enabled && (!has_db || !has_key))
        return failf(c, n, "audit: needs database and key_file (or enabled: false)");
    return SEAL_OK;
}

static seal_err get_host_port(cfg_ctx *c, const yaml_node_t *n, const char *key, char *dst,
                              size_t cap, bool allow_bare_port) {
    if (allow_bare_port && n->type == YAML_SCALAR_NODE &&
        n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && custom_tag(n) == NULL && !is_null(n) &&
        strspn((const char *)n->data.scalar.value, "0123456789") == n->data.scalar.length) {
        uint64_t port = 0;
        seal_err err = get_u64(c, n, key, 65535, &port);
        if (err != SEAL_OK)
            return err;
        snprintf(dst, cap, "127.0.0.1:%" PRIu64, port);
        return SEAL_OK;
    }
    seal_err err = get_string_into(c, n, key, dst, cap);
    if (err != SEAL_OK)
        return err;
    if (!host_port_valid(dst))
        return failf(c, n, "%s: \"%.60s\" is not HOST:PORT", key, dst);
    return SEAL_OK;
}

/* ---- secrets -------------------------------------------------------------------------------- */

/* Decodes a 32-byte secret: "0x" + 64 hex digits, or (allow_base64) standard base64. */
/* Flags of the secret decoders: base64 accepted (MASTER_KEY), hex without 0x accepted
 * (MASTER_SHARE_V<v>, "hex with optional 0x" upstream). 0x + 64 hex digits always. */
#define SECRET_BASE64 1u
#define SECRET_BARE_HEX 2u

static seal_err decode_secret32(uint8_t out[static 32], const char *text, size_t len,
                                unsigned flags) {
    bool allow_base64 = (flags & SECRET_BASE64) != 0;
    char buf[128];
    size_t got = 0;
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    if (len >= sizeof buf)
        goto out;
    memcpy(buf, text, len);
    buf[len] = '\0';
    if (len == 66 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X')) {
        err = seal_hex_decode(out, 32, buf);
        goto out;
    }
    if ((flags & SECRET_BARE_HEX) != 0) {
        char hx[70] = "0x";
        if (len == 64) {
            memcpy(hx + 2, buf, 64);
            hx[66] = '\0';
            err = seal_hex_decode(out, 32, hx);
        }
        seal_memzero(hx, sizeof hx);
        goto out;
    }
    if (allow_base64) {
        uint8_t tmp[48];
        err = seal_sui_base64_decode(tmp, sizeof tmp, &got, buf, len);
        if (err == SEAL_OK && got != 32)
            err = SEAL_ERR_INVALID_ENCODING;
        if (err == SEAL_OK)
            memcpy(out, tmp, 32);
        seal_memzero(tmp, sizeof tmp);
    }
out:
    seal_memzero(buf, sizeof buf);
    if (err != SEAL_OK)
        seal_memzero(out, 32);
    return err;
}

/* Reads an owner-only key file: one token (0x hex or base64), or the output of `seal keygen`
 * ("Master key: 0x..." line, or {"master_key": "0x..."}). */
static seal_err read_key_file(cfg_ctx *c, const char *key, const char *path, uint8_t out[static 32],
                              unsigned flags) {
    bool allow_base64 = (flags & SECRET_BASE64) != 0;
    char buf[KEY_FILE_MAX_BYTES + 1];
    seal_err err = SEAL_OK;
    int fd = -1;
    size_t len = 0;
    struct stat st;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        err = failf(c, NULL, "%s: cannot open %s: %s", key, path, strerror(errno));
        goto out;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        err = failf(c, NULL, "%s: %s is not a regular file", key, path);
        goto out;
    }
    if ((st.st_mode & 077) != 0) {
        err = failf(c, NULL,
                    "%s: %s is accessible by group or others (mode %04o); run chmod 600 on it", key,
                    path, (unsigned)(st.st_mode & 07777));
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf + len, KEY_FILE_MAX_BYTES + 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            err = failf(c, NULL, "%s: cannot read %s: %s", key, path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len > KEY_FILE_MAX_BYTES) {
            err = failf(c, NULL, "%s: %s is too large for a key file", key, path);
            goto out;
        }
    }
    buf[len] = '\0';
    /* Locate the token: after "Master key:" / "\"master_key\":" when present. */
    const char *p = buf;
    const char *m = strstr(buf, "Master key:");
    if (m != NULL) {
        p = m + strlen("Master key:");
    } else if ((m = strstr(buf, "\"master_key\"")) != NULL) {
        p = m + strlen("\"master_key\"");
        while (*p == ' ' || *p == ':' || *p == '"')
            p++;
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    size_t tl = strcspn(p, " \t\r\n\",}");
    const char *rest = p + tl;
    if (m == NULL) {
        while (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')
            rest++;
        if (*rest != '\0') {
            err = failf(c, NULL, "%s: %s must hold a single key (0x + 64 hex digits)", key, path);
            goto out;
        }
    }
    if (decode_secret32(out, p, tl, flags) != SEAL_OK) {
        err = failf(c, NULL, "%s: %s does not hold a 32-byte key (0x + 64 hex digits%s)", key, path,
                    allow_base64 ? " or base64" : "");
        goto out;
    }
out:
    seal_memzero(buf, sizeof buf);
    if (fd >= 0)
        close(fd);
    return err;
}

static seal_err read_key_env(cfg_ctx *c, const char *var, uint8_t out[static 32], unsigned flags,
                             bool *present) {
    bool allow_base64 = (flags & SECRET_BASE64) != 0;
    const char *v = getenv(var);
    *present = v != NULL;
    if (v == NULL)
        return SEAL_OK;
    if (decode_secret32(out, v, strlen(v), flags) != SEAL_OK)
        return failf(c, NULL, "environment variable %s: not a 32-byte key (0x + 64 hex digits%s)",
                     var, allow_base64 ? " or base64" : "");
    return SEAL_OK;
}

static seal_err check_master_key(cfg_ctx *c, const char *what, const uint8_t msk[static 32]) {
    uint8_t pk[96];
    seal_err err = seal_keys_public_key(pk, msk);
    if (err != SEAL_OK)
        return failf(c, NULL,
                     "%s: not a valid master key (must be a non-zero scalar below the "
                     "BLS12-381 group order)",
                     what);
    return SEAL_OK;
}

/* The version v of a name MASTER_SHARE_V<v> (decimal, no sign or leading zeros but "0"). */
static bool share_version(const char *name, size_t len, uint32_t *v) {
    static const char prefix[] = "MASTER_SHARE_V";
    size_t n = sizeof prefix - 1;
    uint64_t x = 0;
    if (len <= n || len > n + 10 || strncmp(name, prefix, n) != 0 ||
        (name[n] == '0' && len > n + 1))
        return false;
    for (size_t i = n; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return false;
        x = x * 10 + (uint64_t)(name[i] - '0');
    }
    if (x > UINT32_MAX)
        return false;
    *v = (uint32_t)x;
    return true;
}

static seal_err add_share(cfg_ctx *c, seal_server_committee_config *m, uint32_t v,
                          const uint8_t share[static 32], const char *where) {
    seal_err err;
    for (size_t i = 0; i < m->n_shares; i++)
        if (m->share_versions[i] == v)
            return failf(c, NULL, "MASTER_SHARE_V%u is set twice (environment and %s)", v, where);
    if (m->n_shares == SEAL_SERVER_MAX_SHARES)
        return failf(c, NULL, "more than %d master shares", SEAL_SERVER_MAX_SHARES);
    if ((err = check_master_key(c, where, share)) != SEAL_OK)
        return err;
    m->share_versions[m->n_shares] = v;
    memcpy(m->shares[m->n_shares++], share, 32);
    return SEAL_OK;
}

/* Committee shares: MASTER_SHARE_V<v> variables (hex, no base64, as upstream) and the files of
 * the same names in master_share_dir (owner-only). Which are needed is decided at start-up from
 * the chain (server_committee.c). */
static seal_err load_shares(cfg_ctx *c, seal_server_config *cfg) {
    extern char **environ;
    seal_server_committee_config *m = &cfg->committee;
    uint8_t share[32];
    seal_err err = SEAL_OK;
    uint32_t v = 0;
    bool present = false;
    char name[32], path[sizeof m->share_dir + 260];
    for (char **e = environ; e != NULL && *e != NULL && err == SEAL_OK; e++) {
        const char *eq = strchr(*e, '=');
        if (eq == NULL || !share_version(*e, (size_t)(eq - *e), &v))
            continue;
        snprintf(name, sizeof name, "MASTER_SHARE_V%u", v);
        if ((err = read_key_env(c, name, share, SECRET_BARE_HEX, &present)) == SEAL_OK && present)
            err = add_share(c, m, v, share, name);
    }
    if (err == SEAL_OK && m->share_dir[0] != '\0') {
        DIR *d = opendir(m->share_dir);
        struct dirent *de;
        if (d == NULL) {
            err = failf(c, NULL, "master_share_dir: cannot open %s: %s", m->share_dir,
                        strerror(errno));
            goto out;
        }
        while (err == SEAL_OK && (de = readdir(d)) != NULL) {
            if (!share_version(de->d_name, strlen(de->d_name), &v))
                continue;
            snprintf(path, sizeof path, "%s/%s", m->share_dir, de->d_name);
            if ((err = read_key_file(c, "master_share_dir", path, share, SECRET_BARE_HEX)) ==
                SEAL_OK)
                err = add_share(c, m, v, share, path);
        }
        closedir(d);
    }
    if (err == SEAL_OK && m->n_shares == 0)
        err = failf(c, NULL,
                    "no master share: set MASTER_SHARE_V<version>=0x... or master_share_dir");
out:
    seal_memzero(share, sizeof share);
    return err;
}

/* Loads the Open master key or the Permissioned seed and client keys. */
static seal_err load_keys(cfg_ctx *c, seal_server_config *cfg,
                          const bool exported[SEAL_SERVER_MAX_CLIENTS]) {
    uint8_t seed[32];
    uint8_t key[32];
    seal_err err = SEAL_OK;
    bool env_present = false;
    bool file = cfg->key_file[0] != '\0';
    if (cfg->mode == SEAL_SERVER_COMMITTEE) {
        err = load_shares(c, cfg);
        goto out;
    }
    if (cfg->mode == SEAL_SERVER_OPEN) {
        if ((err = read_key_env(c, "MASTER_KEY", key, SECRET_BASE64, &env_present)) != SEAL_OK)
            goto out;
        if (env_present && file) {
            err = failf(c, NULL, "both MASTER_KEY and master_key_file are set; use one");
            goto out;
        }
        if (!env_present && !file) {
            err = failf(c, NULL, "no master key: set MASTER_KEY=0x... or master_key_file");
            goto out;
        }
        if (file && (err = read_key_file(c, "master_key_file", cfg->key_file, key,
                                         SECRET_BASE64)) != SEAL_OK)
            goto out;
        if ((err = check_master_key(c, file ? "master_key_file" : "MASTER_KEY", key)) != SEAL_OK)
            goto out;
        memcpy(cfg->msk, key, 32);
        cfg->has_msk = true;
        goto out;
    }
    /* Permissioned. */
    bool need_seed = false;
    for (size_t i = 0; i < cfg->n_clients; i++)
        if (!cfg->clients[i].imported && !exported[i])
            need_seed = true;
    if (need_seed) {
        if ((err = read_key_env(c, "MASTER_KEY", seed, 0, &env_present)) != SEAL_OK)
            goto out;
        if (env_present && file) {
            err = failf(c, NULL, "both MASTER_KEY and seed_file are set; use one");
            goto out;
        }
        if (!env_present && !file) {
            err = failf(c, NULL, "no seed: set MASTER_KEY=0x... (the 32-byte seed) or seed_file");
            goto out;
        }
        if (file && (err = read_key_file(c, "seed_file", cfg->key_file, seed, 0)) != SEAL_OK)
            goto out;
    }
    size_t active = 0;
    for (size_t i = 0; i < cfg->n_clients; i++) {
        seal_server_client *cl = &cfg->clients[i];
        if (exported[i]) {
            cl->disabled = true;
            continue;
        }
        if (cl->imported) {
            if ((err = read_key_env(c, cl->env_var, cl->msk, SECRET_BASE64, &env_present)) !=
                SEAL_OK)
                goto out;
            if (!env_present) {
                err = failf(c, NULL, "client %s: environment variable %s is not set", cl->name,
                            cl->env_var);
                goto out;
            }
            if ((err = check_master_key(c, cl->env_var, cl->msk)) != SEAL_OK)
                goto out;
        } else {
            err = seal_keys_derive_master_key(cl->msk, seed, cl->derivation_index);
            if (err != SEAL_OK) {
                err = failf(c, NULL, "client %s: key derivation failed", cl->name);
                goto out;
            }
        }
        cl->has_msk = true;
        active++;
    }
    if (active == 0)
        err = failf(c, NULL, "No clients found in the configuration");
out:
    seal_memzero(seed, sizeof seed);
    seal_memzero(key, sizeof key);
    return err;
}

/* Upstream's validate(): unique names, env vars, object ids; derivation indices 0..k-1. */
static seal_err validate_permissioned(cfg_ctx *c, const seal_server_config *cfg) {
    size_t n_idx = 0;
    for (size_t i = 0; i < cfg->n_clients; i++) {
        const seal_server_client *a = &cfg->clients[i];
        for (size_t j = 0; j < i; j++) {
            const seal_server_client *b = &cfg->clients[j];
            if (strcmp(a->name, b->name) == 0)
                return failf(c, NULL, "line %u: Duplicate client name: %s", a->line, a->name);
            if (!a->imported && !b->imported && a->derivation_index == b->derivation_index)
                return failf(c, NULL, "line %u: Duplicate derivation index: %" PRIu64, a->line,
                             a->derivation_index);
            if (a->imported && b->imported && strcmp(a->env_var, b->env_var) == 0)
                return failf(c, NULL, "line %u: Duplicate environment variable: %s", a->line,
                             a->env_var);
        }
        /* Every object id (key server objects and packages, all clients) is unique. */
        const uint8_t *ids[1 + SEAL_SERVER_MAX_PACKAGES];
        size_t n_ids = 0;
        ids[n_ids++] = a->key_server_object_id;
        for (size_t k = 0; k < a->n_package_ids; k++)
            ids[n_ids++] = a->package_ids[k];
        for (size_t x = 0; x < n_ids; x++) {
            bool dup = false;
            for (size_t y = 0; y < x && !dup; y++)
                dup = memcmp(ids[x], ids[y], 32) == 0;
            for (size_t j = 0; j < i && !dup; j++) {
                const seal_server_client *b = &cfg->clients[j];
                dup = memcmp(ids[x], b->key_server_object_id, 32) == 0;
                for (size_t k = 0; k < b->n_package_ids && !dup; k++)
                    dup = memcmp(ids[x], b->package_ids[k], 32) == 0;
            }
            if (dup) {
                char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
                seal_sui_address_format(hex, ids[x]);
                return failf(c, NULL, "line %u: Duplicate %s: %s", a->line,
                             x == 0 ? "key server object ID" : "package ID", hex);
            }
        }
        if (!a->imported)
            n_idx++;
    }
    for (uint64_t want = 0; want < n_idx; want++) {
        bool found = false;
        for (size_t i = 0; i < cfg->n_clients && !found; i++)
            found = !cfg->clients[i].imported && cfg->clients[i].derivation_index == want;
        if (!found)
            return failf(c, NULL, "Derivation indexes must be incremental, starting from 0");
    }
    return SEAL_OK;
}

/* ---- top level ------------------------------------------------------------------------------ */

static void set_defaults(seal_server_config *cfg) {
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->ts_sdk_version_requirement, sizeof cfg->ts_sdk_version_requirement, ">=0.4.5");
    snprintf(cfg->rust_sdk_version_requirement, sizeof cfg->rust_sdk_version_requirement,
             ">=0.0.0");
    snprintf(cfg->python_sdk_version_requirement, sizeof cfg->python_sdk_version_requirement,
             ">=0.0.0");
    snprintf(cfg->aggregator_version_requirement, sizeof cfg->aggregator_version_requirement,
             ">=0.6.2");
    snprintf(cfg->metrics_host_port, sizeof cfg->metrics_host_port, "127.0.0.1:9184");
    cfg->rgp_update_interval_ms = 60000;
    cfg->committee.poll_interval_ms = 30000;
    cfg->committee.enable_event_monitoring = true;
    cfg->allowed_staleness_ms = 120000;
    cfg->session_key_ttl_max_ms = 30u * 60u * 1000u;
    cfg->rpc_timeout_ms = 60000;
    cfg->rpc_retries = 3;
    snprintf(cfg->listen, sizeof cfg->listen, "127.0.0.1:2024");
    /* One HTTP worker per online core: requests are CPU-bound, and more workers than cores only
     * add queueing in the scheduler (docs/server.md, load test). */
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    cfg->threads = cores < 1 ? 1u : cores > 64 ? 64u : (uint32_t)cores;
    cfg->max_in_flight = 256;
    cfg->audit.head_interval_ms = 10000;
    cfg->audit.anchor_interval_ms = 600000;
    cfg->rate_limit_ipv6_prefix = 64;
    cfg->chain_max_in_flight = 32;
    cfg->crypto_batch_wait_us = 1000;
}

static seal_err parse_root(cfg_ctx *c, const yaml_node_t *root, seal_server_config *cfg,
                           bool exported[SEAL_SERVER_MAX_CLIENTS], const seal__config_ext *ext) {
    seal_err err;
    bool has_network = false, has_mode = false;
    char node_url[sizeof cfg->chain] = "";
    const yaml_node_t *chain_node = NULL, *node_url_node = NULL;
    const yaml_node_t *mkf_node = NULL, *seed_node = NULL, *share_node = NULL, *api_node = NULL;
    char api_name[160] = "", api_key[4200] = "";
    bool has_api_key = false;
    if (root == NULL)
        return failf(c, NULL, "line 1: the configuration is empty");
    if (root->type != YAML_MAPPING_NODE || custom_tag(root) != NULL)
        return failf(c, root, "the configuration must be a mapping of keys to values");
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        const char *k = NULL;
        if ((err = pair_key(c, root, p, "configuration", &k)) != SEAL_OK)
            return err;
        yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        if (ext != NULL && (err = ext->key(ext->ctx, c, k, kn, v)) != SEAL_ERR_UNSUPPORTED) {
            if (err != SEAL_OK)
                return err;
            continue; /* the extension's key */
        }
        err = SEAL_OK; /* the key server's key (some branches below do not set err) */
        if (strcmp(k, "network") == 0) {
            err = parse_network(c, v, cfg);
            has_network = true;
        } else if (strcmp(k, "server_mode") == 0) {
            err = parse_server_mode(c, v, cfg, exported);
            has_mode = true;
        } else if (strcmp(k, "node_url") == 0) {
            err = get_string_into(c, v, "node_url", node_url, sizeof node_url);
            node_url_node = v;
        } else if (strcmp(k, "ts_sdk_version_requirement") == 0) {
            err = check_requirement(c, v, k, cfg->ts_sdk_version_requirement,
                                    sizeof cfg->ts_sdk_version_requirement);
        } else if (strcmp(k, "rust_sdk_version_requirement") == 0) {
            err = check_requirement(c, v, k, cfg->rust_sdk_version_requirement,
                                    sizeof cfg->rust_sdk_version_requirement);
        } else if (strcmp(k, "python_sdk_version_requirement") == 0) {
            err = check_requirement(c, v, k, cfg->python_sdk_version_requirement,
                                    sizeof cfg->python_sdk_version_requirement);
        } else if (strcmp(k, "aggregator_version_requirement") == 0) {
            err = check_requirement(c, v, k, cfg->aggregator_version_requirement,
                                    sizeof cfg->aggregator_version_requirement);
        } else if (strcmp(k, "metrics_host_port") == 0) {
            if (is_null(v) || (v->type == YAML_SCALAR_NODE && v->data.scalar.length == 0))
                cfg->metrics_host_port[0] = '\0';
            else
                err = get_host_port(c, v, k, cfg->metrics_host_port, sizeof cfg->metrics_host_port,
                                    true);
        } else if (strcmp(k, "rgp_update_interval") == 0) {
            err = get_duration(c, v, k, &cfg->rgp_update_interval_ms);
            if (err == SEAL_OK && cfg->rgp_update_interval_ms == 0)
                err = failf(c, v, "rgp_update_interval: must be positive");
        } else if (strcmp(k, "allowed_staleness") == 0) {
            err = get_duration(c, v, k, &cfg->allowed_staleness_ms);
        } else if (strcmp(k, "session_key_ttl_max") == 0) {
            err = get_duration(c, v, k, &cfg->session_key_ttl_max_ms);
            if (err == SEAL_OK && cfg->session_key_ttl_max_ms == 0)
                err = failf(c, v, "session_key_ttl_max: must be positive");
        } else if (strcmp(k, "rpc_config") == 0) {
            err = parse_rpc_config(c, v, cfg);
        } else if (strcmp(k, "enable_event_monitoring") == 0) {
            err = get_bool(c, v, k, &cfg->committee.enable_event_monitoring);
        } else if (strcmp(k, "committee_poll_interval") == 0) {
            err = get_duration(c, v, k, &cfg->committee.poll_interval_ms);
            if (err == SEAL_OK && cfg->committee.poll_interval_ms == 0)
                err = failf(c, v, "committee_poll_interval: must be positive");
        } else if (strcmp(k, "master_share_dir") == 0) {
            err =
                get_string_into(c, v, k, cfg->committee.share_dir, sizeof cfg->committee.share_dir);
            share_node = v;
        } else if (strcmp(k, "metrics_push_config") == 0) {
            err = failf(c, kn,
                        "metrics_push_config: pushing metrics is not supported (scrape "
                        "metrics_host_port instead)");
        } else if (strcmp(k, "listen") == 0) {
            err = get_host_port(c, v, k, cfg->listen, sizeof cfg->listen, false);
        } else if (strcmp(k, "chain") == 0) {
            err = get_string_into(c, v, k, cfg->chain, sizeof cfg->chain);
            if (err == SEAL_OK && cfg->chain[0] == '\0')
                err = failf(c, v, "chain: empty");
            chain_node = v;
        } else if (strcmp(k, "threads") == 0) {
            err = get_u32(c, v, k, 1024, &cfg->threads);
            if (err == SEAL_OK && cfg->threads == 0)
                err = failf(c, v, "threads: must be at least 1");
        } else if (strcmp(k, "crypto_batch_wait_us") == 0) {
            err = get_u32(c, v, k, 1000, &cfg->crypto_batch_wait_us);
        } else if (strcmp(k, "max_in_flight") == 0) {
            err = get_u32(c, v, k, 1000000, &cfg->max_in_flight);
            if (err == SEAL_OK && cfg->max_in_flight == 0)
                err = failf(c, v, "max_in_flight: must be at least 1");
        } else if (strcmp(k, "rate_limit") == 0) {
            err = parse_rate_limit(c, v, cfg);
        } else if (strcmp(k, "grpc_transport") == 0) {
            const char *t = NULL;
            err = get_string(c, v, k, &t);
            if (err == SEAL_OK &&
                seal_chain_grpc_transport_parse(t, &cfg->grpc_transport) != SEAL_OK)
                err = failf(c, v, "grpc_transport: expected web, native or web-h2, found \"%.20s\"",
                            t);
        } else if (strcmp(k, "full_node_rpc_api_name") == 0) {
            err = get_string_into(c, v, k, api_name, sizeof api_name);
            api_node = v;
        } else if (strcmp(k, "full_node_rpc_api_key") == 0) {
            err = get_string_into(c, v, k, api_key, sizeof api_key);
            api_node = api_node != NULL ? api_node : v;
            has_api_key = true;
        } else if (strcmp(k, "audit") == 0) {
            err = parse_audit(c, v, &cfg->audit);
        } else if (strcmp(k, "chain_max_in_flight") == 0) {
            err = get_u32(c, v, k, 100000, &cfg->chain_max_in_flight);
            if (err == SEAL_OK && cfg->chain_max_in_flight == 0)
                err = failf(c, v, "chain_max_in_flight: must be at least 1");
        } else if (strcmp(k, "master_key_file") == 0) {
            err = get_string_into(c, v, k, cfg->key_file, sizeof cfg->key_file);
            mkf_node = v;
        } else if (strcmp(k, "seed_file") == 0) {
            err = get_string_into(c, v, k, cfg->key_file, sizeof cfg->key_file);
            seed_node = v;
        } else if (strcmp(k, "sdk_version_requirement") == 0) {
            err = failf(c, kn,
                        "unknown key sdk_version_requirement (renamed "
                        "ts_sdk_version_requirement upstream)");
        } else {
            err = failf(c, kn, "unknown key %.60s", k);
        }
        if (err != SEAL_OK) {
            seal_memzero(api_key, sizeof api_key);
            return err;
        }
    }
    /* the full node's API key: YAML or the environment (upstream), not both */
    {
        const char *env_name = getenv("FULL_NODE_RPC_API_NAME");
        const char *env_key = getenv("FULL_NODE_RPC_API_KEY");
        bool env_set =
            env_name != NULL && env_name[0] != '\0' && env_key != NULL && env_key[0] != '\0';
        if (api_node != NULL && (api_name[0] == '\0') != !has_api_key)
            err =
                failf(c, api_node, "full_node_rpc_api_name and full_node_rpc_api_key go together");
        else if (api_node != NULL && env_set)
            err = failf(c, api_node,
                        "full_node_rpc_api_key: also set in the environment "
                        "(FULL_NODE_RPC_API_NAME/KEY); use one");
        else if (api_node != NULL)
            err = set_api_key(c, api_node, cfg, api_name, api_key, "full_node_rpc_api_key");
        else if (env_set)
            err = set_api_key(c, NULL, cfg, env_name, env_key, "FULL_NODE_RPC_API_KEY");
        seal_memzero(api_key, sizeof api_key);
        if (err != SEAL_OK)
            return err;
    }
    if (!has_network)
        return failf(c, root, "missing key network");
    if (!has_mode && ext == NULL)
        return failf(c, root, "missing key server_mode");
    if (mkf_node != NULL && seed_node != NULL)
        return failf(c, seed_node,
                     "seed_file: use master_key_file (Open) or seed_file "
                     "(Permissioned), not both");
    if (cfg->mode != SEAL_SERVER_COMMITTEE && share_node != NULL)
        return failf(c, share_node, "master_share_dir: only committee servers take shares");
    if (mkf_node != NULL && cfg->mode != SEAL_SERVER_OPEN)
        return failf(c, mkf_node, "master_key_file: Permissioned servers take seed_file");
    if (seed_node != NULL && cfg->mode != SEAL_SERVER_PERMISSIONED)
        return failf(c, seed_node, "seed_file: Open servers take master_key_file");
    if (cfg->mode == SEAL_SERVER_PERMISSIONED && (err = validate_permissioned(c, cfg)) != SEAL_OK)
        return err;
    /* The chain: `chain`, else node_url / NODE_URL, else the network's public full node. */
    const char *env_url = getenv("NODE_URL");
    if (node_url_node != NULL && env_url != NULL)
        return failf(c, node_url_node, "node_url: also set in the environment (NODE_URL); use one");
    if (cfg->chain[0] == '\0') {
        const char *url = node_url[0] != '\0' ? node_url : env_url;
        if (url == NULL) {
            if (strcmp(cfg->network, "Testnet") == 0)
                url = "https://fullnode.testnet.sui.io:443";
            else if (strcmp(cfg->network, "Mainnet") == 0)
                url = "https://fullnode.mainnet.sui.io:443";
            else if (strcmp(cfg->network, "Devnet") == 0)
                url = "https://fullnode.devnet.sui.io:443";
            else
                return failf(c, root,
                             "network: !Custom has no public full node: set node_url "
                             "(or chain)");
        }
        if (strlen(url) >= sizeof cfg->chain)
            return failf(c, NULL, "node_url: too long");
        snprintf(cfg->chain, sizeof cfg->chain, "%s", url);
    } else if (node_url_node != NULL) {
        return failf(c, chain_node, "chain: node_url is set too; use one");
    }
    return SEAL_OK;
}

seal_err seal_server_config_load(seal_server_config *cfg, const char *path, char *err_out,
                                 size_t err_len) {
    return seal__server_config_load_ext(cfg, path, err_out, err_len, NULL);
}

seal_err seal__server_config_load_ext(seal_server_config *cfg, const char *path, char *err_out,
                                      size_t err_len, const seal__config_ext *ext) {
    yaml_parser_t parser;
    yaml_document_t doc;
    bool parser_ok = false, doc_ok = false;
    bool exported[SEAL_SERVER_MAX_CLIENTS] = {false};
    FILE *f = NULL;
    seal_err err = SEAL_OK;
    cfg_ctx c = {&doc, err_out, err_len};
    if (err_out != NULL && err_len > 0)
        err_out[0] = '\0';
    if (cfg == NULL || path == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    set_defaults(cfg);
    if (ext != NULL && ext->defaults != NULL)
        ext->defaults(ext->ctx, cfg);
    f = fopen(path, "rb");
    if (f == NULL) {
        failf(&c, NULL, "cannot open %s: %s", path, strerror(errno));
        err = SEAL_ERR_IO;
        goto out;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_BYTES) {
        failf(&c, NULL, "%s: not a regular file of at most 1 MiB", path);
        err = SEAL_ERR_IO;
        goto out;
    }
    if (!yaml_parser_initialize(&parser)) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    parser_ok = true;
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        failf(&c, NULL, "line %lu: YAML syntax error: %s%s%s",
              (unsigned long)parser.problem_mark.line + 1,
              parser.problem != NULL ? parser.problem : "malformed",
              parser.context != NULL ? " " : "", parser.context != NULL ? parser.context : "");
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    doc_ok = true;
    err = parse_root(&c, yaml_document_get_root_node(&doc), cfg, exported, ext);
    if (err != SEAL_OK)
        goto out;
    /* A second document is a mistake (e.g. a stray '---'). */
    {
        yaml_document_t extra;
        if (!yaml_parser_load(&parser, &extra)) {
            err = failf(&c, NULL, "line %lu: YAML syntax error: %s",
                        (unsigned long)parser.problem_mark.line + 1,
                        parser.problem != NULL ? parser.problem : "malformed");
            goto out;
        }
        bool more = yaml_document_get_root_node(&extra) != NULL;
        unsigned long line = (unsigned long)extra.start_mark.line + 1;
        yaml_document_delete(&extra);
        if (more) {
            err = failf(&c, NULL, "line %lu: more than one YAML document", line);
            goto out;
        }
    }
    if (ext == NULL) /* services loaded with an extension hold no keys */
        err = load_keys(&c, cfg, exported);
    if (err == SEAL_OK && cfg->audit.enabled) {
        char why[300];
        if (seal_audit_key_load(cfg->audit.key, cfg->audit.key_file, why, sizeof why) != SEAL_OK)
            err = failf(&c, NULL, "audit.key_file: %s", why);
        cfg->audit.has_key = err == SEAL_OK;
    }
out:
    if (doc_ok)
        yaml_document_delete(&doc);
    if (parser_ok)
        yaml_parser_delete(&parser);
    if (f != NULL)
        fclose(f);
    if (err != SEAL_OK)
        seal_server_config_clear(cfg);
    return err;
}

void seal_server_config_clear(seal_server_config *cfg) {
    if (cfg == NULL)
        return;
    seal_memzero(cfg->api_key_header, sizeof cfg->api_key_header);
    seal_memzero(cfg->msk, sizeof cfg->msk);
    cfg->has_msk = false;
    seal_memzero(cfg->committee.shares, sizeof cfg->committee.shares);
    cfg->committee.n_shares = 0;
    seal_memzero(cfg->audit.key, sizeof cfg->audit.key);
    cfg->audit.has_key = false;
    for (size_t i = 0; i < SEAL_SERVER_MAX_CLIENTS; i++) {
        seal_memzero(cfg->clients[i].msk, sizeof cfg->clients[i].msk);
        cfg->clients[i].has_msk = false;
    }
}

/* ---- the helpers, for configuration extensions ---------------------------------------------- */

seal_err seal__cfg_fail(seal__cfg *c, const yaml_node_t *n, const char *what) {
    return failf(c, n, "%s", what);
}

seal_err seal__cfg_string(seal__cfg *c, const yaml_node_t *n, const char *key, char *dst,
                          size_t cap) {
    return get_string_into(c, n, key, dst, cap);
}

seal_err seal__cfg_u64(seal__cfg *c, const yaml_node_t *n, const char *key, uint64_t max,
                       uint64_t *out) {
    return get_u64(c, n, key, max, out);
}

seal_err seal__cfg_object_id(seal__cfg *c, const yaml_node_t *n, const char *key,
                             uint8_t out[static 32]) {
    return get_object_id(c, n, key, out);
}

seal_err seal__cfg_duration(seal__cfg *c, const yaml_node_t *n, const char *key, uint64_t *out_ms) {
    return get_duration(c, n, key, out_ms);
}

seal_err seal__cfg_requirement(seal__cfg *c, const yaml_node_t *n, const char *key, char *dst,
                               size_t cap) {
    return check_requirement(c, n, key, dst, cap);
}

seal_err seal__cfg_mapping(seal__cfg *c, const yaml_node_t *n, const char *key) {
    return expect_mapping(c, n, key);
}

seal_err seal__cfg_pair_key(seal__cfg *c, const yaml_node_t *map, const yaml_node_pair_t *p,
                            const char *where, const char **out) {
    return pair_key(c, map, p, where, out);
}

void seal_server_chain_options(const seal_server_config *cfg, seal_chain_options *out) {
    memset(out, 0, sizeof *out);
    out->timeout_ms = cfg->rpc_timeout_ms;
    out->max_retries = cfg->rpc_retries;
    out->max_in_flight = cfg->chain_max_in_flight;
    out->grpc_transport = cfg->grpc_transport;
    out->api_key_header = cfg->api_key_header[0] != '\0' ? cfg->api_key_header : NULL;
    /* over gRPC, rpc_config.retry_config.max_retries counts attempts, as upstream's retry helper
     * does (3: the first call and two retries) */
    seal_chain_backend b;
    if (seal_chain_spec_backend(cfg->chain, &b) == SEAL_OK && b == SEAL_CHAIN_GRPC)
        out->max_retries = cfg->rpc_retries > 0 ? cfg->rpc_retries - 1 : 0;
}
