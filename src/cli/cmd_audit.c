/*
 * seal audit: the key server's audit log (docs/audit.md). A dispatcher over subcommands:
 *   verify-receipt  check receipts (signature, record) written by `seal decrypt --receipts`
 *   prove           prove each receipt included in its server's latest signed head
 *   head            the latest signed head of a server
 *   monitor         heads over time: signatures, consistency with the last head seen and with
 *                   the head anchored on chain; non-zero exit on a fork or a rewrite
 *   export          the records of a log database (operator), after its integrity check
 *   verify          the integrity check of a log database
 *   create-log      an AuditLog object on chain for an audit key
 *   anchor          post the latest head to the AuditLog object
 * and `seal keygen --audit` (cli_audit_keygen).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_client.h"
#include "seal/audit.h"
#include "seal/audit_anchor.h"
#include "seal/sui.h"
#include "seal/util.h"

#define RECEIPTS_MAX_BYTES (16u * 1024u * 1024u)
#define STATE_MAX_BYTES (64u * 1024u)

/* ---- helpers ------------------------------------------------------------------------------ */

static void hex0x(char *out, const uint8_t *p, size_t n) {
    out[0] = '0';
    out[1] = 'x';
    seal_hex_encode(out + 2, p, n);
}

static json_t *jhex(const uint8_t *p, size_t n) {
    char buf[2 * 64 + 3];
    hex0x(buf, p, n);
    return json_string(buf);
}

static json_t *jb64(const uint8_t *p, size_t n) {
    char *t = malloc(seal_sui_base64_encoded_len(n) + 1);
    if (t == NULL)
        return NULL;
    seal_sui_base64_encode(t, p, n);
    json_t *j = json_string(t);
    free(t);
    return j;
}

/* Prints one JSON value on its own line (compact). */
static int print_json(json_t *j) {
    if (j == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    char *t = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (t == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    printf("%s\n", t);
    fflush(stdout);
    free(t);
    return CLI_EXIT_OK;
}

static bool public_key_opt(const cli_args *a, uint8_t pk[32], bool *given) {
    const char *v = cli_value(a, "public-key", 0);
    *given = v != NULL;
    return v == NULL || cli_hex_fixed(pk, 32, v);
}

static json_t *head_json(const seal_audit_tree_head *h) {
    uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
    seal_audit_tree_head_encode(enc, h);
    return json_pack("{s:o, s:I, s:I, s:o, s:o}", "log_id", jhex(h->log_id, 32), "tree_size",
                     (json_int_t)h->tree_size, "timestamp_ms", (json_int_t)h->timestamp_ms,
                     "root_hash", jhex(h->root, 32), "tree_head", jb64(enc, sizeof enc));
}

static const char *server_err(seal_err e) {
    return e == SEAL_ERR_UNSUPPORTED ? "the server keeps no audit log (404)" : seal_strerror(e);
}

/* ---- keygen ------------------------------------------------------------------------------- */

int cli_audit_keygen(bool json, const char *out_path) {
    uint8_t sk[32], pk[32], id[32];
    char sk_hex[67], pk_hex[67], id_hex[67], text[512];
    int n;
    seal_err err = seal_audit_keygen(sk, pk);
    if (err != SEAL_OK)
        return cli_fail(CLI_EXIT_ERROR, "key generation failed: %s", seal_strerror(err));
    seal_audit_log_id(id, pk);
    hex0x(sk_hex, sk, 32);
    hex0x(pk_hex, pk, 32);
    hex0x(id_hex, id, 32);
    if (json)
        n = snprintf(text, sizeof text,
                     "{\"audit_key\": \"%s\", \"public_key\": \"%s\", \"log_id\": \"%s\"}\n",
                     sk_hex, pk_hex, id_hex);
    else
        n = snprintf(text, sizeof text, "Audit key: %s\nAudit public key: %s\nLog id: %s\n", sk_hex,
                     pk_hex, id_hex);
    int rc = cli_write_file(out_path, text, (size_t)n, true);
    seal_memzero(sk, sizeof sk);
    seal_memzero(sk_hex, sizeof sk_hex);
    seal_memzero(text, sizeof text);
    return rc;
}

/* ---- receipts files ----------------------------------------------------------------------
 * {"receipts": [{"key_server", "url", "audit_public_key", "log_id", "anchor", "seq",
 *                "leaf_hash", "receipt" (base64), "record" (base64)}, ...]} */

int cli_audit_write_receipts(const seal_client *c, const char *path) {
    json_t *arr = json_array();
    for (size_t i = 0; arr != NULL && i < seal_client_receipt_count(c); i++) {
        const seal_client_receipt *r = seal_client_receipt_get(c, i);
        seal_client_server_info info;
        uint8_t enc[SEAL_AUDIT_RECEIPT_BYTES], id[32];
        memset(&info, 0, sizeof info);
        for (size_t k = 0; k < seal_client_server_count(c); k++)
            if (seal_client_server_get(c, k, &info) == SEAL_OK &&
                memcmp(info.object_id, r->server, 32) == 0)
                break;
        seal_audit_receipt_encode(enc, &r->receipt);
        seal_audit_log_id(id, r->audit_public_key);
        json_t *e = json_pack(
            "{s:o, s:s, s:o, s:o, s:o, s:I, s:o, s:o, s:o}", "key_server", jhex(r->server, 32),
            "url", info.url, "audit_public_key", jhex(r->audit_public_key, 32), "log_id",
            jhex(id, 32), "anchor", r->anchored ? jhex(r->anchor, 32) : json_null(), "seq",
            (json_int_t)r->receipt.seq, "leaf_hash", jhex(r->receipt.leaf_hash, 32), "receipt",
            jb64(enc, sizeof enc), "record", jb64(r->record, r->record_len));
        if (e == NULL || json_array_append_new(arr, e) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    json_t *root = arr != NULL ? json_pack("{s:o}", "receipts", arr) : NULL;
    char *text = root != NULL ? json_dumps(root, JSON_INDENT(1)) : NULL;
    json_decref(root);
    if (text == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n';
    int rc = cli_write_file(path, text, n + 1, false);
    free(text);
    return rc;
}

typedef struct file_receipt {
    uint8_t server[32];
    char url[SEAL_CLIENT_URL_MAX];
    uint8_t pk[32];
    seal_audit_receipt receipt;
    uint8_t *record;
    size_t record_len;
} file_receipt;

static void free_receipts(file_receipt *r, size_t n) {
    for (size_t i = 0; r != NULL && i < n; i++)
        free(r[i].record);
    free(r);
}

static bool b64_into(const json_t *v, uint8_t **out, size_t *len) {
    if (!json_is_string(v))
        return false;
    size_t cap = json_string_length(v) / 4 * 3 + 3;
    *out = malloc(cap);
    return *out != NULL && seal_sui_base64_decode(*out, cap, len, json_string_value(v),
                                                  json_string_length(v)) == SEAL_OK;
}

/* Reads a JSON file of at most cap bytes into *out (NULL when it is not JSON: *je then says
 * why). Returns CLI_EXIT_OK, or the status of a read error it reported. */
static int read_json_file(const char *path, size_t cap, json_t **out, json_error_t *je) {
    cli_in in;
    uint8_t *text = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = cli_in_open(&in, path);
    if (rc != CLI_EXIT_OK)
        return rc;
    rc = cli_in_read_all(&in, &text, &len, cap);
    cli_in_close(&in);
    if (rc != CLI_EXIT_OK)
        return rc;
    *out = json_loadb((const char *)text, len, JSON_REJECT_DUPLICATES, je);
    free(text);
    return CLI_EXIT_OK;
}

/* Reads a receipts file; prints its own errors. */
static int load_receipts(const char *path, file_receipt **out, size_t *n) {
    char q[128], qt[128];
    json_error_t je;
    *out = NULL;
    *n = 0;
    json_t *root = NULL;
    int status = read_json_file(path, RECEIPTS_MAX_BYTES, &root, &je);
    if (status != CLI_EXIT_OK)
        return status;
    const json_t *arr = json_object_get(root, "receipts");
    if (!json_is_array(arr)) {
        if (root != NULL)
            snprintf(je.text, sizeof je.text, "no \"receipts\" array");
        json_decref(root);
        /* jansson's message may quote the input: printable ASCII only */
        size_t k = 0;
        for (; k + 1 < sizeof qt && je.text[k] != '\0'; k++)
            qt[k] = je.text[k] >= 0x20 && je.text[k] < 0x7f ? je.text[k] : '?';
        qt[k] = '\0';
        return cli_fail(CLI_EXIT_ERROR, "%s is not a receipts file (%s)",
                        cli_quote(q, sizeof q, path), qt);
    }
    size_t cnt = json_array_size(arr);
    file_receipt *r = calloc(cnt > 0 ? cnt : 1, sizeof *r);
    if (r == NULL) {
        json_decref(root);
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    for (size_t i = 0; i < cnt; i++) {
        const json_t *e = json_array_get(arr, i);
        const json_t *url = json_object_get(e, "url"), *ks = json_object_get(e, "key_server");
        const json_t *pk = json_object_get(e, "audit_public_key");
        uint8_t *rc = NULL;
        size_t rc_len = 0;
        bool ok = json_is_string(url) && json_string_length(url) < sizeof r[i].url &&
                  json_is_string(ks) &&
                  seal_sui_address_parse(r[i].server, json_string_value(ks)) == SEAL_OK &&
                  json_is_string(pk) && cli_hex_fixed(r[i].pk, 32, json_string_value(pk)) &&
                  b64_into(json_object_get(e, "receipt"), &rc, &rc_len) &&
                  seal_audit_receipt_decode(&r[i].receipt, rc, rc_len) == SEAL_OK &&
                  b64_into(json_object_get(e, "record"), &r[i].record, &r[i].record_len);
        free(rc);
        if (!ok) {
            free_receipts(r, cnt);
            json_decref(root);
            return cli_fail(CLI_EXIT_ERROR, "%s: receipt %zu is malformed",
                            cli_quote(q, sizeof q, path), i);
        }
        snprintf(r[i].url, sizeof r[i].url, "%s", json_string_value(url));
    }
    json_decref(root);
    *out = r;
    *n = cnt;
    return CLI_EXIT_OK;
}

/* ---- verify-receipt ----------------------------------------------------------------------- */

static const cli_opt verify_receipt_opts[] = {
    {"receipts", "FILE", CLI_REQUIRED, cli_check_path, 0,
     "receipts written by seal decrypt --receipts"},
    {"public-key", "HEX", 0, cli_check_hex_fixed, 32,
     "the audit public key the receipts must verify under (default: the file's)"},
    {0},
};

static int verify_receipt_main(int argc, char **argv);
static const cli_cmd cmd_verify_receipt = {
    "audit verify-receipt",
    "check receipts: signature under the audit key, the record they sign",
    NULL,
    0,
    verify_receipt_opts,
    "For each receipt of the file: its signature under the audit key (the file's, or\n"
    "--public-key, which must then equal it), and the record given with it (its leaf hash is\n"
    "the one signed; it decodes). Prints one JSON line per receipt (the record's fields).\n"
    "Exit 1 when a receipt does not verify.\n",
    verify_receipt_main,
};

static json_t *record_json(const seal_audit_record *r, const uint8_t leaf[32]) {
    json_t *ids = json_array();
    for (size_t i = 0; ids != NULL && i < r->n_ids; i++) {
        char *h = malloc(2 * r->ids[i].len + 1);
        if (h == NULL) {
            json_decref(ids);
            return NULL;
        }
        seal_hex_encode(h, r->ids[i].ptr, r->ids[i].len);
        json_array_append_new(ids, json_string(h));
        free(h);
    }
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:I, s:o, s:o}", "seq",
                     (json_int_t)r->seq, "time_ms", (json_int_t)r->time_ms, "key_server",
                     r->has_key_server ? jhex(r->key_server, 32) : json_null(), "request_digest",
                     jhex(r->request_digest, 32), "user", jhex(r->user, 32), "session_vk",
                     jhex(r->session_vk, 32), "package",
                     r->has_package ? jhex(r->package, 32) : json_null(), "ids", ids, "outcome",
                     r->granted ? "granted" : r->error, "allowed_staleness_ms",
                     (json_int_t)r->allowed_staleness_ms, "checkpoint",
                     r->has_checkpoint ? json_integer((json_int_t)r->checkpoint) : json_null(),
                     "leaf_hash", jhex(leaf, 32));
}

static int verify_receipt_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_audit_record *rec = malloc(sizeof *rec);
    file_receipt *rs = NULL;
    size_t n = 0, bad = 0;
    uint8_t pk[32];
    bool pk_given = false;
    int rc;
    if (a == NULL || rec == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    if ((rc = cli_parse(a, &cmd_verify_receipt, argc, argv)) != CLI_EXIT_OK)
        goto out;
    if (!public_key_opt(a, pk, &pk_given)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --public-key");
        goto out;
    }
    if ((rc = load_receipts(cli_value(a, "receipts", 0), &rs, &n)) != CLI_EXIT_OK)
        goto out;
    for (size_t i = 0; i < n; i++) {
        uint8_t leaf[32];
        const char *why = NULL;
        seal_audit_leaf_hash(leaf, rs[i].record, rs[i].record_len);
        if (pk_given && memcmp(pk, rs[i].pk, 32) != 0)
            why = "the receipt names another audit key than --public-key";
        else if (seal_audit_receipt_verify(&rs[i].receipt, rs[i].pk) != SEAL_OK)
            why = "the signature does not verify under the audit key";
        else if (memcmp(leaf, rs[i].receipt.leaf_hash, 32) != 0)
            why = "the record is not the one the receipt signs";
        else if (seal_audit_record_decode(rec, rs[i].record, rs[i].record_len) != SEAL_OK ||
                 rec->seq != rs[i].receipt.seq)
            why = "the record is malformed";
        if (why != NULL) {
            cli_err("receipt %zu (seq %llu): %s", i, (unsigned long long)rs[i].receipt.seq, why);
            bad++;
            continue;
        }
        json_t *j = record_json(rec, leaf);
        if (j != NULL)
            json_object_set_new(j, "valid", json_true());
        if ((rc = print_json(j)) != CLI_EXIT_OK)
            goto out;
    }
    rc = bad > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
out:
    free_receipts(rs, n);
    free(rec);
    free(a);
    return rc;
}

/* ---- head, prove -------------------------------------------------------------------------- */

/* The latest head of url, verified under pk (or, when pk is NULL, under the key the server
 * gives with it, returned in pk_out). Prints its own errors. */
static int fetch_head(const char *url, uint32_t timeout, const uint8_t *pk, uint8_t pk_out[32],
                      seal_audit_tree_head *h) {
    char q[128];
    uint8_t given[32];
    seal_err e = seal_client_audit_head(url, timeout, h, given);
    if (e != SEAL_OK)
        return cli_fail(e == SEAL_ERR_INVALID_ENCODING ? CLI_EXIT_FAIL : CLI_EXIT_ERROR,
                        "%s: no signed tree head: %s", cli_quote(q, sizeof q, url), server_err(e));
    const uint8_t *key = pk != NULL ? pk : given;
    if (seal_audit_tree_head_verify(h, key) != SEAL_OK)
        return cli_fail(CLI_EXIT_FAIL,
                        "%s: the tree head's signature does not verify under the audit key",
                        cli_quote(q, sizeof q, url));
    if (pk_out != NULL)
        memcpy(pk_out, key, 32);
    return CLI_EXIT_OK;
}

static const cli_opt head_opts[] = {
    {"server", "URL", CLI_REQUIRED, cli_check_path, 0, "key server base URL"},
    {"public-key", "HEX", 0, cli_check_hex_fixed, 32,
     "audit public key to verify under (default: the one the server gives)"},
    {"timeout-ms", "MS", 0, cli_check_u64, 0, "per request (default 10000)"},
    {0},
};

static int head_main(int argc, char **argv);
static const cli_cmd cmd_head = {
    "audit head",
    "the latest signed tree head of a key server, verified",
    NULL,
    0,
    head_opts,
    "GET /v1/audit/head; the signature is checked under --public-key, or the key the server\n"
    "gives with it. Prints the head as JSON.\n",
    head_main,
};

static uint32_t timeout_opt(const cli_args *a) {
    uint64_t t = 10000;
    const char *v = cli_value(a, "timeout-ms", 0);
    if (v != NULL && !cli_uint(&t, v, 1, 3600000))
        t = 10000;
    return (uint32_t)t;
}

static int head_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    uint8_t pk[32], used[32];
    bool given = false;
    seal_audit_tree_head h;
    int rc;
    if (a == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    if ((rc = cli_parse(a, &cmd_head, argc, argv)) != CLI_EXIT_OK)
        goto out;
    if (!public_key_opt(a, pk, &given)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --public-key");
        goto out;
    }
    rc = fetch_head(cli_value(a, "server", 0), timeout_opt(a), given ? pk : NULL, used, &h);
    if (rc == CLI_EXIT_OK) {
        json_t *j = head_json(&h);
        if (j != NULL)
            json_object_set_new(j, "public_key", jhex(used, 32));
        rc = print_json(j);
    }
out:
    free(a);
    return rc;
}

static const cli_opt prove_opts[] = {
    {"receipts", "FILE", CLI_REQUIRED, cli_check_path, 0,
     "receipts written by seal decrypt --receipts"},
    {"server", "URL", 0, cli_check_path, 0, "ask this URL (default: each receipt's server)"},
    {"timeout-ms", "MS", 0, cli_check_u64, 0, "per request (default 10000)"},
    {0},
};

static int prove_main(int argc, char **argv);
static const cli_cmd cmd_prove = {
    "audit prove",
    "prove each receipt included in its server's latest signed head",
    NULL,
    0,
    prove_opts,
    "For each receipt: the server's latest head (its signature under the receipt's audit key),\n"
    "an inclusion proof of the receipt's record in that head (GET /v1/audit/inclusion), checked\n"
    "with RFC 9162's algorithm. Prints one JSON line per receipt. Exit 1 when a receipt is not\n"
    "proven included, 3 when a server cannot be reached.\n",
    prove_main,
};

static int prove_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_audit_proof *p = malloc(sizeof *p);
    file_receipt *rs = NULL;
    size_t n = 0, bad = 0;
    char q[128];
    int rc;
    if (a == NULL || p == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    if ((rc = cli_parse(a, &cmd_prove, argc, argv)) != CLI_EXIT_OK)
        goto out;
    if ((rc = load_receipts(cli_value(a, "receipts", 0), &rs, &n)) != CLI_EXIT_OK)
        goto out;
    uint32_t timeout = timeout_opt(a);
    for (size_t i = 0; i < n; i++) {
        const char *url = cli_value(a, "server", 0) != NULL ? cli_value(a, "server", 0) : rs[i].url;
        const seal_audit_receipt *r = &rs[i].receipt;
        seal_audit_tree_head h;
        if (seal_audit_receipt_verify(r, rs[i].pk) != SEAL_OK) {
            cli_err("receipt %zu: its signature does not verify under its audit key", i);
            bad++;
            continue;
        }
        if ((rc = fetch_head(url, timeout, rs[i].pk, NULL, &h)) != CLI_EXIT_OK)
            goto out;
        seal_err e = r->seq < h.tree_size
                         ? seal_client_audit_inclusion(url, r->seq, h.tree_size, timeout, p)
                         : SEAL_ERR_INVALID_ARGUMENT;
        if (e == SEAL_ERR_IO || e == SEAL_ERR_TIMEOUT) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s: %s", cli_quote(q, sizeof q, url), seal_strerror(e));
            goto out;
        }
        if (e != SEAL_OK ||
            seal_audit_verify_inclusion(r->leaf_hash, r->seq, h.tree_size,
                                        (const uint8_t(*)[32])p->path, p->n, h.root) != SEAL_OK) {
            cli_err("receipt %zu (seq %llu): NOT included in the head of size %llu of %s", i,
                    (unsigned long long)r->seq, (unsigned long long)h.tree_size,
                    cli_quote(q, sizeof q, url));
            bad++;
            continue;
        }
        if ((rc = print_json(json_pack("{s:I, s:o, s:I, s:o, s:I, s:b}", "seq", (json_int_t)r->seq,
                                       "leaf_hash", jhex(r->leaf_hash, 32), "tree_size",
                                       (json_int_t)h.tree_size, "root_hash", jhex(h.root, 32),
                                       "proof_hashes", (json_int_t)p->n, "included", 1))) !=
            CLI_EXIT_OK)
            goto out;
    }
    rc = bad > 0 ? CLI_EXIT_FAIL : CLI_EXIT_OK;
out:
    free_receipts(rs, n);
    free(p);
    free(a);
    return rc;
}

/* ---- monitor ------------------------------------------------------------------------------ */

static const cli_opt monitor_opts[] = {
    {"server", "URL", CLI_REQUIRED, cli_check_path, 0, "key server base URL"},
    {"state", "FILE", 0, cli_check_path, 0,
     "the last head seen and the pinned key, kept between runs (created when missing)"},
    {"public-key", "HEX", 0, cli_check_hex_fixed, 32,
     "audit public key to pin (default: the state's, else the one the server gives)"},
    {"chain", "SPEC", 0, cli_check_path, 0, "chain holding the AuditLog object (with --anchor)"},
    {"anchor", "0xOBJ", 0, cli_check_object_id, 0, "the server's AuditLog object on chain"},
    {"count", "N", 0, cli_check_u64, 0, "number of polls (default 1)"},
    {"interval-ms", "MS", 0, cli_check_u64, 0, "between polls (default 10000)"},
    {"timeout-ms", "MS", 0, cli_check_u64, 0, "per request (default 10000)"},
    {0},
};

static int monitor_main(int argc, char **argv);
static const cli_cmd cmd_monitor = {
    "audit monitor",
    "watch a server's heads: signatures, consistency, the on-chain anchor",
    NULL,
    0,
    monitor_opts,
    "Each poll fetches the latest signed head and checks: its signature under the pinned audit\n"
    "key; against the last head seen (--state): the same size must give the same root (else the\n"
    "log is forked: two histories), a larger size must come with a valid consistency proof (else\n"
    "history was rewritten), a smaller size means records were removed; with --chain and\n"
    "--anchor, the head anchored on chain must verify under the same key and the server's head\n"
    "must extend it. One JSON line per poll. Exit 1 at the first fork, rewrite or bad signature\n"
    "(the state keeps the last good head), 3 when the server or the chain cannot be reached.\n",
    monitor_main,
};

typedef struct mon_state {
    bool has_head;
    bool has_key;
    uint8_t pk[32];
    seal_audit_tree_head head;
} mon_state;

static int load_state(const char *path, mon_state *st) {
    char q[128];
    memset(st, 0, sizeof *st);
    if (path == NULL || access(path, F_OK) != 0)
        return CLI_EXIT_OK;
    json_error_t je;
    json_t *j = NULL;
    int rc = read_json_file(path, STATE_MAX_BYTES, &j, &je);
    if (rc != CLI_EXIT_OK)
        return rc;
    const json_t *pk = json_object_get(j, "public_key"), *th = json_object_get(j, "tree_head");
    uint8_t *enc = NULL;
    size_t len = 0;
    bool ok =
        json_is_object(j) && json_is_string(pk) && cli_hex_fixed(st->pk, 32, json_string_value(pk));
    if (ok && th != NULL)
        ok =
            b64_into(th, &enc, &len) && seal_audit_tree_head_decode(&st->head, enc, len) == SEAL_OK;
    free(enc);
    json_decref(j);
    if (!ok)
        return cli_fail(CLI_EXIT_ERROR, "%s is not a monitor state file",
                        cli_quote(q, sizeof q, path));
    st->has_key = true;
    st->has_head = th != NULL;
    return CLI_EXIT_OK;
}

static int save_state(const char *path, const mon_state *st, const char *url) {
    if (path == NULL)
        return CLI_EXIT_OK;
    json_t *j = json_pack("{s:s, s:o}", "server", url, "public_key", jhex(st->pk, 32));
    if (j != NULL && st->has_head) {
        uint8_t enc[SEAL_AUDIT_TREE_HEAD_BYTES];
        seal_audit_tree_head_encode(enc, &st->head);
        json_object_set_new(j, "tree_head", jb64(enc, sizeof enc));
        json_object_set_new(j, "tree_size", json_integer((json_int_t)st->head.tree_size));
        json_object_set_new(j, "root_hash", jhex(st->head.root, 32));
    }
    char *text = j != NULL ? json_dumps(j, JSON_INDENT(1)) : NULL;
    json_decref(j);
    if (text == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    size_t n = strlen(text);
    text[n] = '\n';
    int rc = cli_write_file(path, text, n + 1, false);
    free(text);
    return rc;
}

/* older (size m, root) is extended by newer according to the server's consistency proof.
 * Returns an exit code; *why is set on a failed proof. */
static int check_extends(const char *url, uint32_t timeout, const seal_audit_tree_head *older,
                         const seal_audit_tree_head *newer, seal_audit_proof *p, const char **why) {
    char q[128];
    *why = NULL;
    if (older->tree_size == newer->tree_size) {
        if (memcmp(older->root, newer->root, 32) != 0)
            *why = "FORK: two signed heads of the same size with different roots";
        return CLI_EXIT_OK;
    }
    if (older->tree_size > newer->tree_size) {
        *why = "ROLLBACK: the log is smaller than a head it signed before (records removed)";
        return CLI_EXIT_OK;
    }
    seal_err e = seal_client_audit_consistency(url, older->tree_size, newer->tree_size, timeout, p);
    if (e == SEAL_ERR_IO || e == SEAL_ERR_TIMEOUT)
        return cli_fail(CLI_EXIT_ERROR, "%s: %s", cli_quote(q, sizeof q, url), seal_strerror(e));
    if (e != SEAL_OK ||
        seal_audit_verify_consistency(older->tree_size, newer->tree_size, older->root, newer->root,
                                      (const uint8_t(*)[32])p->path, p->n) != SEAL_OK)
        *why = "REWRITE: the new head does not extend the old one (no valid consistency proof)";
    return CLI_EXIT_OK;
}

static int monitor_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_audit_proof *p = malloc(sizeof *p);
    seal_chain *chain = NULL;
    mon_state st;
    char q[128];
    int rc;
    if (a == NULL || p == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    if ((rc = cli_parse(a, &cmd_monitor, argc, argv)) != CLI_EXIT_OK)
        goto out;
    const char *url = cli_value(a, "server", 0), *state = cli_value(a, "state", 0);
    uint64_t count = 1, interval = 10000;
    if ((cli_value(a, "count", 0) && !cli_uint(&count, cli_value(a, "count", 0), 1, 1000000)) ||
        (cli_value(a, "interval-ms", 0) &&
         !cli_uint(&interval, cli_value(a, "interval-ms", 0), 0, 86400000))) {
        rc = cli_fail(CLI_EXIT_USAGE, "--count must be 1..1000000, --interval-ms 0..86400000");
        goto out;
    }
    uint8_t anchor[32], pk[32];
    bool has_anchor = cli_value(a, "anchor", 0) != NULL, pk_given = false;
    if (has_anchor != (cli_value(a, "chain", 0) != NULL)) {
        rc = cli_fail(CLI_EXIT_USAGE, "--chain and --anchor go together");
        goto out;
    }
    if (!public_key_opt(a, pk, &pk_given)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --public-key");
        goto out;
    }
    if (has_anchor &&
        (!cli_object_id(anchor, cli_value(a, "anchor", 0)) ||
         (rc = cli_chain_open(&chain, cli_value(a, "chain", 0), NULL)) != CLI_EXIT_OK)) {
        if (rc == CLI_EXIT_OK)
            rc = cli_fail(CLI_EXIT_USAGE, "invalid --anchor");
        goto out;
    }
    if ((rc = load_state(state, &st)) != CLI_EXIT_OK)
        goto out;
    if (pk_given && st.has_key && memcmp(pk, st.pk, 32) != 0) {
        rc = cli_fail(CLI_EXIT_FAIL, "--public-key differs from the key pinned in the state");
        goto out;
    }
    if (pk_given) {
        memcpy(st.pk, pk, 32);
        st.has_key = true;
    }
    uint32_t timeout = timeout_opt(a);
    for (uint64_t poll = 0; poll < count; poll++) {
        if (poll > 0)
            usleep((useconds_t)(interval * 1000u));
        seal_audit_tree_head h;
        uint8_t used[32];
        if ((rc = fetch_head(url, timeout, st.has_key ? st.pk : NULL, used, &h)) != CLI_EXIT_OK)
            goto out;
        const char *why = NULL;
        uint64_t previous = st.has_head ? st.head.tree_size : 0;
        if (st.has_head && (rc = check_extends(url, timeout, &st.head, &h, p, &why)) != CLI_EXIT_OK)
            goto out;
        json_t *anc = json_null();
        if (why == NULL && has_anchor) {
            seal_ledger_audit_log log;
            seal_err e = seal_audit_anchor_read(chain, NULL, anchor, &log);
            if (e != SEAL_OK) {
                json_decref(anc);
                rc = cli_fail(e == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_FAIL : CLI_EXIT_ERROR,
                              "the AuditLog object %s: %s", cli_value(a, "anchor", 0),
                              e == SEAL_ERR_INVALID_ARGUMENT ? "not found or not an AuditLog"
                                                             : seal_strerror(e));
                goto out;
            }
            if (memcmp(log.public_key, used, 32) != 0)
                why = "the AuditLog object on chain holds another audit key";
            else if (log.head.tree_size > 0 &&
                     seal_audit_tree_head_verify(&log.head, log.public_key) != SEAL_OK)
                why = "the head anchored on chain does not verify";
            else if ((rc = check_extends(url, timeout, &log.head, &h, p, &why)) != CLI_EXIT_OK)
                goto out;
            json_decref(anc);
            anc = json_pack("{s:I, s:o}", "tree_size", (json_int_t)log.head.tree_size, "root_hash",
                            jhex(log.head.root, 32));
        }
        if (why != NULL) {
            json_decref(anc);
            rc = cli_fail(CLI_EXIT_FAIL, "%s: %s (last good head: size %llu)",
                          cli_quote(q, sizeof q, url), why, (unsigned long long)previous);
            goto out;
        }
        memcpy(st.pk, used, 32);
        st.has_key = true;
        st.head = h;
        st.has_head = true;
        if ((rc = save_state(state, &st, url)) != CLI_EXIT_OK) {
            json_decref(anc);
            goto out;
        }
        json_t *j = head_json(&h);
        if (j != NULL) {
            json_object_set_new(j, "consistent_with", json_integer((json_int_t)previous));
            json_object_set_new(j, "anchor", anc);
        } else {
            json_decref(anc);
        }
        if ((rc = print_json(j)) != CLI_EXIT_OK)
            goto out;
    }
    rc = CLI_EXIT_OK;
out:
    seal_chain_close(chain);
    free(p);
    free(a);
    return rc;
}

/* ---- export, verify (operator, on the database) ------------------------------------------- */

/* The rows of the commands that open a log database. */
#define DATABASE_OPTS                                                                              \
    {"database", "FILE", CLI_REQUIRED, cli_check_path, 0, "the log's SQLite database"}, {          \
        "public-key", "HEX", 0, cli_check_hex_fixed, 32,                                           \
            "audit public key the log must have (default: the one it stores)"                      \
    }

static const cli_opt export_opts[] = {
    DATABASE_OPTS,
    {"from", "SEQ", 0, cli_check_u64, 0, "first record (default 0)"},
    {"to", "SEQ", 0, cli_check_u64, 0, "last record (default: the last)"},
    {"out", "FILE", 0, cli_check_path, 0, "write here (mode 0600) instead of stdout"},
    {0},
};

static int export_main(int argc, char **argv);
static const cli_cmd cmd_export = {
    "audit export",
    "the records of a log database, after its integrity check (operator)",
    NULL,
    0,
    export_opts,
    "Opens the database read only (the server may be running), checks it whole against its\n"
    "last signed head (as the server does at start), then writes one JSON line per record:\n"
    "seq, time_ms, key_server, request_digest, user, session_vk, package, ids, outcome,\n"
    "allowed_staleness_ms, checkpoint, leaf_hash. Records name users and ids: they are not\n"
    "public, the output file gets mode 0600. Exit 1 when the integrity check fails.\n",
    export_main,
};

static int open_readonly(const cli_args *a, seal_audit_log **l) {
    uint8_t pk[32];
    bool given = false;
    char why[400], q[128];
    if (!public_key_opt(a, pk, &given))
        return cli_fail(CLI_EXIT_USAGE, "invalid --public-key");
    seal_err e = seal_audit_log_open_readonly(l, cli_value(a, "database", 0), given ? pk : NULL,
                                              why, sizeof why);
    if (e != SEAL_OK)
        return cli_fail(e == SEAL_ERR_IO || e == SEAL_ERR_NO_MEMORY ? CLI_EXIT_ERROR
                                                                    : CLI_EXIT_FAIL,
                        "%s", why[0] != '\0' ? why : cli_quote(q, sizeof q, seal_strerror(e)));
    return CLI_EXIT_OK;
}

static int export_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_audit_record *rec = malloc(sizeof *rec);
    seal_audit_log *l = NULL;
    cli_out out;
    bool out_open = false;
    int rc;
    memset(&out, 0, sizeof out);
    if (a == NULL || rec == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto done;
    }
    if ((rc = cli_parse(a, &cmd_export, argc, argv)) != CLI_EXIT_OK ||
        (rc = open_readonly(a, &l)) != CLI_EXIT_OK)
        goto done;
    seal_audit_tree_head h;
    if (seal_audit_log_head(l, &h) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot read the head");
        goto done;
    }
    uint64_t from = 0, to = h.tree_size > 0 ? h.tree_size - 1 : 0;
    if ((cli_value(a, "from", 0) && !cli_uint(&from, cli_value(a, "from", 0), 0, UINT64_MAX)) ||
        (cli_value(a, "to", 0) && !cli_uint(&to, cli_value(a, "to", 0), 0, UINT64_MAX))) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --from or --to");
        goto done;
    }
    if ((rc = cli_out_open(&out, cli_value(a, "out", 0), true, false)) != CLI_EXIT_OK)
        goto done;
    out_open = true;
    for (uint64_t s = from; s <= to && s < h.tree_size; s++) {
        uint8_t *bytes = NULL, leaf[32];
        size_t len = 0;
        if (seal_audit_log_record(l, s, &bytes, &len) != SEAL_OK ||
            seal_audit_record_decode(rec, bytes, len) != SEAL_OK) {
            free(bytes);
            rc = cli_fail(CLI_EXIT_ERROR, "cannot read record %llu", (unsigned long long)s);
            goto done;
        }
        seal_audit_leaf_hash(leaf, bytes, len);
        json_t *j = record_json(rec, leaf);
        free(bytes);
        char *t = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
        if (t == NULL) {
            rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
            goto done;
        }
        rc = cli_out_write(&out, t, strlen(t));
        if (rc == CLI_EXIT_OK)
            rc = cli_out_write(&out, "\n", 1);
        free(t);
        if (rc != CLI_EXIT_OK)
            goto done;
    }
    rc = cli_out_commit(&out);
    out_open = false;
done:
    if (out_open)
        cli_out_abort(&out);
    seal_audit_log_close(l);
    free(rec);
    free(a);
    return rc;
}

static const cli_opt verify_opts[] = {
    DATABASE_OPTS,
    {0},
};

static int verify_main(int argc, char **argv);
static const cli_cmd cmd_verify = {
    "audit verify",
    "the integrity check of a log database",
    NULL,
    0,
    verify_opts,
    "Recomputes the tree from every record and compares it with the stored subtree hashes and\n"
    "signed heads (the check the server runs at start). Prints the last head as JSON, or the\n"
    "reason of the refusal (exit 1).\n",
    verify_main,
};

static int verify_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_audit_log *l = NULL;
    int rc;
    if (a == NULL)
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    if ((rc = cli_parse(a, &cmd_verify, argc, argv)) == CLI_EXIT_OK &&
        (rc = open_readonly(a, &l)) == CLI_EXIT_OK) {
        seal_audit_tree_head h;
        uint8_t pk[32];
        seal_audit_log_public_key(l, pk);
        rc = seal_audit_log_head(l, &h) == SEAL_OK ? CLI_EXIT_OK : CLI_EXIT_ERROR;
        json_t *j = rc == CLI_EXIT_OK ? head_json(&h) : NULL;
        if (j != NULL)
            json_object_set_new(j, "public_key", jhex(pk, 32));
        if (rc == CLI_EXIT_OK)
            rc = print_json(j);
    }
    seal_audit_log_close(l);
    free(a);
    return rc;
}

/* ---- on chain: create-log, anchor --------------------------------------------------------- */

static const cli_opt create_log_opts[] = {
    {"chain", "SPEC", CLI_REQUIRED, cli_check_path, 0, "embedded:DIR or http://HOST:PORT"},
    {"key", "KEY", CLI_REQUIRED | CLI_SECRET, cli_check_path, 0,
     "the signer: suiprivkey1... or @FILE holding one"},
    {"public-key", "HEX", CLI_REQUIRED, cli_check_hex_fixed, 32, "the log's audit public key"},
    {0},
};

static int create_log_main(int argc, char **argv);
static const cli_cmd cmd_create_log = {
    "audit create-log",
    "an AuditLog object on chain for an audit key",
    NULL,
    0,
    create_log_opts,
    "Signs and submits audit_log::create(public_key) (package 0x...5ea4 on the local chain):\n"
    "a shared AuditLog object holding the key and the empty tree's head. Prints\n"
    "{\"digest\", \"audit_log\"}; give the id to the server (audit.anchor.object) and to\n"
    "monitors (--anchor).\n",
    create_log_main,
};

static int tx_outcome(const seal_ledger_effects *e, const char *what) {
    char d[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(d, e->digest);
    if (e->outcome.status == SEAL_LEDGER_SUCCESS)
        return CLI_EXIT_OK;
    if (e->outcome.status == SEAL_LEDGER_ABORT)
        return cli_fail(CLI_EXIT_FAIL,
                        "%s: transaction %s failed: MoveAbort in %s::%s with code %llu", what, d,
                        e->outcome.abort_module, e->outcome.abort_function,
                        (unsigned long long)e->outcome.abort_code);
    return cli_fail(CLI_EXIT_FAIL, "%s: transaction %s %s: %s: %s", what, d,
                    e->executed ? "failed" : "refused", seal_ledger_status_name(e->outcome.status),
                    e->outcome.message);
}

static int create_log_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_ledger_effects *e = malloc(sizeof *e);
    seal_chain *chain = NULL;
    seal_sui_keypair kp;
    uint8_t pk[32], obj[32];
    int rc;
    memset(&kp, 0, sizeof kp);
    if (a == NULL || e == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    if ((rc = cli_parse(a, &cmd_create_log, argc, argv)) != CLI_EXIT_OK)
        goto out;
    if (!cli_hex_fixed(pk, 32, cli_value(a, "public-key", 0))) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --public-key");
        goto out;
    }
    if ((rc = cli_load_keypair(&kp, cli_value(a, "key", 0))) != CLI_EXIT_OK ||
        (rc = cli_chain_open(&chain, cli_value(a, "chain", 0), NULL)) != CLI_EXIT_OK)
        goto out;
    seal_err err = seal_audit_anchor_create(chain, &kp, NULL, pk, obj, e);
    if (err != SEAL_OK) {
        rc =
            cli_fail(cli_exit_for(err), "the transaction was not executed: %s", seal_strerror(err));
        goto out;
    }
    if ((rc = tx_outcome(e, "audit_log::create")) != CLI_EXIT_OK)
        goto out;
    char d[SEAL_SUI_DIGEST_BASE58_BYTES], id[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_digest_format(d, e->digest);
    seal_sui_address_format(id, obj);
    rc = print_json(json_pack("{s:s, s:s}", "digest", d, "audit_log", id));
out:
    seal_sui_keypair_clear(&kp);
    seal_chain_close(chain);
    free(e);
    free(a);
    return rc;
}

static const cli_opt anchor_opts[] = {
    {"chain", "SPEC", CLI_REQUIRED, cli_check_path, 0, "embedded:DIR or http://HOST:PORT"},
    {"key", "KEY", CLI_REQUIRED | CLI_SECRET, cli_check_path, 0,
     "the signer: suiprivkey1... or @FILE holding one (anyone may anchor a signed head)"},
    {"object", "0xOBJ", CLI_REQUIRED, cli_check_object_id, 0, "the AuditLog object"},
    {"server", "URL", 0, cli_check_path, 0, "take the latest head from this key server"},
    {"database", "FILE", 0, cli_check_path, 0, "or from this log database (operator)"},
    {"timeout-ms", "MS", 0, cli_check_u64, 0, "per request (default 10000)"},
    {0},
};

static int anchor_main(int argc, char **argv);
static const cli_cmd cmd_anchor = {
    "audit anchor",
    "post the latest signed head to the AuditLog object",
    NULL,
    0,
    anchor_opts,
    "Takes the latest head from --server (GET /v1/audit/head, verified under the key the\n"
    "AuditLog object holds) or --database (read only, after the integrity check), and signs and\n"
    "submits audit_log::anchor with it. Prints {\"anchored\", \"tree_size\", \"root_hash\",\n"
    "\"digest\"}; a head that is not larger than the anchored one is not posted (anchored:\n"
    "false, exit 0).\n",
    anchor_main,
};

static int anchor_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_ledger_effects *e = malloc(sizeof *e);
    seal_chain *chain = NULL;
    seal_audit_log *l = NULL;
    seal_sui_keypair kp;
    seal_ledger_audit_log log;
    seal_audit_tree_head h;
    uint8_t obj[32];
    int rc;
    memset(&kp, 0, sizeof kp);
    if (a == NULL || e == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    if ((rc = cli_parse(a, &cmd_anchor, argc, argv)) != CLI_EXIT_OK)
        goto out;
    if ((cli_value(a, "server", 0) != NULL) == (cli_value(a, "database", 0) != NULL)) {
        rc = cli_fail(CLI_EXIT_USAGE, "give --server or --database");
        goto out;
    }
    if (!cli_object_id(obj, cli_value(a, "object", 0))) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --object");
        goto out;
    }
    if ((rc = cli_load_keypair(&kp, cli_value(a, "key", 0))) != CLI_EXIT_OK ||
        (rc = cli_chain_open(&chain, cli_value(a, "chain", 0), NULL)) != CLI_EXIT_OK)
        goto out;
    seal_err err = seal_audit_anchor_read(chain, NULL, obj, &log);
    if (err != SEAL_OK) {
        rc = cli_fail(err == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_FAIL : CLI_EXIT_ERROR,
                      "%s is not an AuditLog object: %s", cli_value(a, "object", 0),
                      seal_strerror(err));
        goto out;
    }
    if (cli_value(a, "server", 0) != NULL) {
        if ((rc = fetch_head(cli_value(a, "server", 0), timeout_opt(a), log.public_key, NULL,
                             &h)) != CLI_EXIT_OK)
            goto out;
    } else {
        if ((rc = open_readonly(a, &l)) != CLI_EXIT_OK)
            goto out;
        uint8_t pk[32];
        seal_audit_log_public_key(l, pk);
        if (memcmp(pk, log.public_key, 32) != 0 || seal_audit_log_head(l, &h) != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_FAIL, "the database is the log of another audit key");
            goto out;
        }
    }
    if (h.tree_size <= log.head.tree_size) {
        rc = print_json(json_pack("{s:b, s:I, s:I, s:s}", "anchored", 0, "tree_size",
                                  (json_int_t)h.tree_size, "anchored_size",
                                  (json_int_t)log.head.tree_size, "reason",
                                  "the head is not larger than the anchored one"));
        goto out;
    }
    if ((err = seal_audit_anchor_post(chain, &kp, NULL, obj, &h, e)) != SEAL_OK) {
        rc =
            cli_fail(cli_exit_for(err), "the transaction was not executed: %s", seal_strerror(err));
        goto out;
    }
    if ((rc = tx_outcome(e, "audit_log::anchor")) != CLI_EXIT_OK)
        goto out;
    char d[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(d, e->digest);
    rc = print_json(json_pack("{s:b, s:I, s:o, s:s}", "anchored", 1, "tree_size",
                              (json_int_t)h.tree_size, "root_hash", jhex(h.root, 32), "digest", d));
out:
    seal_audit_log_close(l);
    seal_sui_keypair_clear(&kp);
    seal_chain_close(chain);
    free(e);
    free(a);
    return rc;
}

/* ---- dispatcher --------------------------------------------------------------------------- */

static const cli_cmd *const SUBS[] = {&cmd_verify_receipt, &cmd_prove,  &cmd_head,
                                      &cmd_monitor,        &cmd_export, &cmd_verify,
                                      &cmd_create_log,     &cmd_anchor};
#define N_SUBS (sizeof SUBS / sizeof SUBS[0])

static void audit_usage(FILE *f) {
    fprintf(f, "usage: seal audit SUBCOMMAND [OPTIONS]\n\n"
               "The key server's audit log of key deliveries (docs/audit.md).\n\nsubcommands:\n");
    for (size_t i = 0; i < N_SUBS; i++)
        fprintf(f, "  %-16s %s\n", SUBS[i]->name + strlen("audit "), SUBS[i]->summary);
    fprintf(f, "\nThe audit key: seal keygen --audit. Receipts: seal decrypt --receipts FILE.\n"
               "Run 'seal audit SUBCOMMAND --help' for the options of a subcommand.\n"
               "exit status: 0 success, 1 a check failed (signature, proof, fork, integrity), "
               "2 usage error, 3 I/O, network or other error\n");
}

static int audit_main(int argc, char **argv) {
    static char prog[64];
    char q[128];
    if (argc < 2)
        return cli_fail(CLI_EXIT_USAGE, "missing subcommand (see seal audit --help)");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        audit_usage(stdout);
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < N_SUBS; i++) {
        if (strcmp(argv[1], SUBS[i]->name + strlen("audit ")) == 0) {
            snprintf(prog, sizeof prog, "seal %s", SUBS[i]->name);
            cli_progname = prog;
            int rc = SUBS[i]->main(argc - 1, argv + 1);
            return rc < 0 ? CLI_EXIT_OK : rc; /* -1: --help was printed */
        }
    }
    return cli_fail(CLI_EXIT_USAGE, "unknown subcommand %s (see seal audit --help)",
                    cli_quote(q, sizeof q, argv[1]));
}

static const cli_opt audit_opts[] = {{0}};

const cli_cmd cli_cmd_audit = {
    "audit",
    "the key servers' audit log: receipts, proofs, monitors, anchors",
    "SUBCOMMAND ...",
    0,
    audit_opts,
    "Subcommands: verify-receipt, prove, head, monitor, export, verify, create-log, anchor.\n"
    "Run 'seal audit --help' for the list.\n",
    audit_main,
};
