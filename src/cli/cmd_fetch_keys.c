/* seal fetch-keys: fetches the user secret keys of an object's id from its key servers (the
 * approve call decides), verifies them and prints them as JSON. Also the helpers the other
 * networked commands share (cmd_client.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_client.h"
#include "seal/sui.h"
#include "seal/util.h"

/* ---- shared helpers ------------------------------------------------------------------------ */

int cli_client_exit_for(seal_err err) {
    switch (err) {
    case SEAL_ERR_NO_ACCESS:
    case SEAL_ERR_EXPIRED:
    case SEAL_ERR_INVALID_KEY:
    case SEAL_ERR_DECRYPTION:
    case SEAL_ERR_NOT_ENOUGH_SHARES:
        return CLI_EXIT_FAIL;
    default:
        return CLI_EXIT_ERROR;
    }
}

seal_err cli_chain_options_open(seal_chain **out, const char *spec, const char *transport,
                                uint32_t retries) {
    seal_chain_options o;
    memset(&o, 0, sizeof o);
    o.timeout_ms = 10000;
    o.max_retries = retries;
    if (transport != NULL &&
        seal_chain_grpc_transport_parse(transport, &o.grpc_transport) != SEAL_OK)
        return SEAL_ERR_INVALID_ARGUMENT;
    return seal_chain_open(out, spec, &o);
}

int cli_chain_open(seal_chain **out, const char *spec, const char *transport) {
    char q[128];
    seal_err err = cli_chain_options_open(out, spec, transport, 2);
    if (err != SEAL_OK) {
        return cli_fail(err == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_ERROR,
                        "cannot open the chain %s: %s", cli_quote(q, sizeof q, spec),
                        seal_strerror(err));
    }
    return CLI_EXIT_OK;
}

int cli_load_keypair(seal_sui_keypair *kp, const char *text) {
    char q[128];
    char buf[256];
    size_t n = 0;
    if (text[0] == '@') {
        int fd = open(text + 1, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return cli_fail(CLI_EXIT_ERROR, "cannot open key file %s: %s",
                            cli_quote(q, sizeof q, text + 1), strerror(errno));
        }
        ssize_t r;
        while (n < sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0) {
            n += (size_t)r;
        }
        close(fd);
    } else {
        n = strlen(text);
        if (n >= sizeof buf) {
            return cli_fail(CLI_EXIT_USAGE, "invalid --key (value not shown)");
        }
        memcpy(buf, text, n);
    }
    buf[n] = '\0';
    /* trim whitespace and quotes (a JSON keystore line) */
    char *p = buf;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '"') {
        p++;
    }
    size_t l = strlen(p);
    while (l > 0 && (p[l - 1] == ' ' || p[l - 1] == '\n' || p[l - 1] == '\r' || p[l - 1] == '\t' ||
                     p[l - 1] == '"')) {
        p[--l] = '\0';
    }
    seal_err err = seal_sui_keypair_from_bech32(kp, p);
    if (err != SEAL_OK) {
        err = seal_sui_keypair_from_keystore(kp, p);
    }
    seal_memzero(buf, sizeof buf);
    if (err != SEAL_OK) {
        return cli_fail(CLI_EXIT_USAGE,
                        "invalid --key (value not shown): expected suiprivkey1... or a Sui "
                        "keystore entry, or @FILE holding one");
    }
    return CLI_EXIT_OK;
}

static void print_server_errors(const seal_client *c) {
    for (size_t i = 0; i < seal_client_error_count(c); i++) {
        const seal_client_server_error *e = seal_client_error_get(c, i);
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        char q[128];
        seal_sui_address_format(hex, e->object_id);
        cli_err("  key server %s: %s: %s", hex, e->kind, cli_quote(q, sizeof q, e->message));
    }
}

int cli_client_open(cli_client_ctx *x, const cli_args *a, const seal_object *obj) {
    char q[128];
    int rc;
    memset(x, 0, sizeof *x);
    const char *session = cli_value(a, "session", 0);
    const char *chain = cli_value(a, "chain", 0);
    const char *approve = cli_value(a, "approve", 0);
    if (!session || !chain || !approve) {
        return cli_fail(CLI_EXIT_USAGE, "--session, --chain and --approve are all needed");
    }
    seal_err err = seal_session_load(&x->session, session);
    if (err != SEAL_OK) {
        return cli_fail(err == SEAL_ERR_IO ? CLI_EXIT_ERROR : CLI_EXIT_USAGE,
                        "cannot load the session %s: %s", cli_quote(q, sizeof q, session),
                        err == SEAL_ERR_IO ? strerror(errno) : seal_strerror(err));
    }
    if (seal_session_is_expired(x->session, 0)) {
        return cli_fail(CLI_EXIT_FAIL, "the session key in %s has expired (seal session create)",
                        cli_quote(q, sizeof q, session));
    }
    uint8_t pkg[32];
    seal_session_package_id(x->session, pkg);
    if (memcmp(pkg, obj->package_id, 32) != 0) {
        return cli_fail(CLI_EXIT_USAGE,
                        "the session is for another package than the object's (create one with "
                        "--package for the object's package id)");
    }
    if (seal_client_call_target_parse(&x->call, approve) != SEAL_OK) {
        return cli_fail(CLI_EXIT_USAGE,
                        "invalid --approve %s: expected 0xPKG::module::seal_approve...",
                        cli_quote(q, sizeof q, approve));
    }
    size_t n_args = cli_count(a, "arg");
    if (n_args > SEAL_CLIENT_MAX_CALL_ARGS) {
        return cli_fail(CLI_EXIT_USAGE, "at most %d --arg", SEAL_CLIENT_MAX_CALL_ARGS);
    }
    for (size_t i = 0; i < n_args; i++) {
        const char *v = cli_value(a, "arg", i);
        if (seal_client_arg_parse(&x->args[i], v) != SEAL_OK) {
            return cli_fail(CLI_EXIT_USAGE, "invalid --arg %s (see --help)",
                            cli_quote(q, sizeof q, v));
        }
    }
    x->call.args = x->args;
    x->call.n_args = n_args;
    x->call.id = obj->id;
    x->call.id_len = obj->id_len;
    if ((rc = cli_chain_open(&x->chain, chain, cli_value(a, "grpc-transport", 0))) != CLI_EXIT_OK) {
        return rc;
    }
    uint64_t timeout = 10000, retries = 2;
    const char *t = cli_value(a, "timeout-ms", 0);
    const char *r = cli_value(a, "retries", 0);
    if ((t && (!cli_uint(&timeout, t, 1, 3600000))) || (r && !cli_uint(&retries, r, 0, 10))) {
        return cli_fail(CLI_EXIT_USAGE, "--timeout-ms must be 1..3600000, --retries 0..10");
    }
    seal_client_server_config *cfg = calloc(SEAL_CLIENT_MAX_SERVERS, sizeof *cfg);
    size_t n = 0;
    if (!cfg) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    for (size_t i = 0; i < obj->n_services; i++) {
        size_t k = 0;
        while (k < n && memcmp(cfg[k].object_id, obj->service_ids[i], 32) != 0) {
            k++;
        }
        if (k == n) {
            if (n == SEAL_CLIENT_MAX_SERVERS) {
                free(cfg);
                return cli_fail(CLI_EXIT_ERROR, "the object names more than %d key servers",
                                SEAL_CLIENT_MAX_SERVERS);
            }
            memcpy(cfg[n++].object_id, obj->service_ids[i], 32);
        }
        cfg[k].weight++;
    }
    cli_server_extras *extras = malloc(sizeof *extras);
    if (!extras) {
        free(cfg);
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_client_servers_apply(extras, a, cfg, n, false)) != CLI_EXIT_OK) {
        cli_client_servers_clear(extras);
        free(extras);
        free(cfg);
        return rc;
    }
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.chain = x->chain;
    o.timeout_ms = (uint32_t)timeout;
    o.max_retries = (uint32_t)retries;
    o.verify_pop = cli_flag(a, "verify-pop");
    o.require_receipts = cli_flag(a, "require-receipts");
    x->receipts_path = cli_value(a, "receipts", 0);
    err = seal_client_new(&x->client, &o, cfg, n);
    cli_client_servers_clear(extras);
    free(extras);
    free(cfg);
    if (err != SEAL_OK) {
        return cli_fail(cli_client_exit_for(err), "key servers of the object: %s",
                        seal_client_creation_error());
    }
    return CLI_EXIT_OK;
}

int cli_client_fetch(cli_client_ctx *x, const seal_object *obj) {
    seal_err err = seal_client_fetch_keys(x->client, x->session, &x->call, 1, obj->threshold, 0);
    /* the receipts of the answers that granted keys, whatever the outcome */
    int rrc = x->receipts_path != NULL ? cli_audit_write_receipts(x->client, x->receipts_path)
                                       : CLI_EXIT_OK;
    if (err == SEAL_OK) {
        return rrc;
    }
    const char *what = err == SEAL_ERR_NO_ACCESS ? "access denied"
                       : err == SEAL_ERR_EXPIRED ? "session key expired"
                                                 : "cannot get the keys";
    cli_err("%s: %s", what, seal_client_last_error(x->client));
    print_server_errors(x->client);
    return cli_client_exit_for(err);
}

void cli_client_close(cli_client_ctx *x) {
    seal_client_free(x->client);
    seal_session_free(x->session);
    seal_chain_close(x->chain);
    memset(x, 0, sizeof *x);
}

/* ---- progress ---------------------------------------------------------------------------- */

#define PROGRESS_MIN_BYTES (4u * 1024u * 1024u)

static seal_err progress_write(void *ctx, const uint8_t *buf, size_t len) {
    cli_progress *p = ctx;
    seal_err err = p->inner->write(p->inner->ctx, buf, len);
    if (err == SEAL_OK && p->on) {
        p->done += len;
        int pct = p->total ? (int)(p->done * 100 / p->total) : 100;
        if (pct != p->last_pct) {
            p->last_pct = pct;
            int bar = pct / 4;
            fprintf(stderr, "\r%s [%-25.*s] %3d%%", cli_progname, bar, "#########################",
                    pct);
            fflush(stderr);
        }
    }
    return err;
}

seal_writer cli_progress_wrap(cli_progress *p, const seal_writer *inner, uint64_t total,
                              bool stdout_is_output) {
    memset(p, 0, sizeof *p);
    p->inner = inner;
    p->total = total;
    p->last_pct = -1;
    p->on = total >= PROGRESS_MIN_BYTES && isatty(STDERR_FILENO) &&
            !(stdout_is_output && isatty(STDOUT_FILENO));
    seal_writer w = {progress_write, p};
    return w;
}

void cli_progress_end(cli_progress *p) {
    if (p->on && p->last_pct >= 0) {
        fprintf(stderr, "\n");
    }
    p->on = false;
}

/* ---- seal fetch-keys --------------------------------------------------------------------- */

static const cli_opt fetch_keys_opts[] = {
    CLI_CLIENT_OPTS,
    {"in", "FILE", CLI_REQUIRED, cli_check_path, 0, "the encrypted object (binary or hex)"},
    {"out", "FILE", 0, cli_check_path, 0, "write the JSON here (mode 0600) instead of stdout"},
    {0},
};

typedef struct fetch_state {
    cli_args args;
    seal_object obj;
    uint8_t id_buf[SEAL_MAX_ID_BYTES];
    uint8_t full_id[32 + SEAL_MAX_ID_BYTES];
    seal_user_key keys[SEAL_CLIENT_MAX_SERVERS];
    cli_in in;
    cli_client_ctx x;
} fetch_state;

static int fetch_keys_main(int argc, char **argv) {
    fetch_state *s = calloc(1, sizeof *s);
    char q[128];
    int rc;
    int spool_fd = -1;
    bool in_open = false;
    char *json = NULL;
    size_t json_cap = 0;
    if (!s) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    rc = cli_parse(&s->args, &cli_cmd_fetch_keys, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    rc = cli_in_open(&s->in, cli_value(&s->args, "in", 0));
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    in_open = true;
    if ((rc = cli_in_detect_object_format(&s->in)) != CLI_EXIT_OK) {
        goto out;
    }
    uint64_t size;
    if ((rc = cli_spool(&s->in, &spool_fd, &size)) != CLI_EXIT_OK) {
        goto out;
    }
    cli_fd_reader rd;
    seal_reader reader = cli_fd_reader_make(&rd, spool_fd, s->in.path);
    seal_err err = seal_object_decode_stream(&s->obj, s->id_buf, &reader);
    if (err != SEAL_OK) {
        rc = rd.reported ? CLI_EXIT_ERROR
                         : cli_fail(CLI_EXIT_FAIL, "%s is not a valid encrypted object: %s",
                                    cli_quote(q, sizeof q, s->in.path), seal_strerror(err));
        goto out;
    }
    if ((rc = cli_client_open(&s->x, &s->args, &s->obj)) != CLI_EXIT_OK ||
        (rc = cli_client_fetch(&s->x, &s->obj)) != CLI_EXIT_OK) {
        goto out;
    }
    memcpy(s->full_id, s->obj.package_id, 32);
    memcpy(s->full_id + 32, s->obj.id, s->obj.id_len);
    size_t n = seal_client_cached_keys(s->x.client, s->full_id, 32 + s->obj.id_len, s->keys,
                                       SEAL_CLIENT_MAX_SERVERS);
    json_cap = 512 + 2 * (32 + s->obj.id_len) + n * 512;
    json = malloc(json_cap);
    if (!json) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    char *full_hex = malloc(2 * (32 + s->obj.id_len) + 1);
    if (!full_hex) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    seal_hex_encode(full_hex, s->full_id, 32 + s->obj.id_len);
    size_t o =
        (size_t)snprintf(json, json_cap, "{\"full_id\": \"0x%s\", \"threshold\": %u, \"keys\": [",
                         full_hex, s->obj.threshold);
    free(full_hex);
    for (size_t i = 0; i < n; i++) {
        char obj_hex[SEAL_SUI_ADDRESS_HEX_BYTES], key_hex[97];
        seal_client_server_info info;
        seal_sui_address_format(obj_hex, s->keys[i].object_id);
        seal_hex_encode(key_hex, s->keys[i].key, 48);
        const char *name = "";
        for (size_t k = 0; k < seal_client_server_count(s->x.client); k++) {
            if (seal_client_server_get(s->x.client, k, &info) == SEAL_OK &&
                memcmp(info.object_id, s->keys[i].object_id, 32) == 0) {
                name = info.name;
                break;
            }
        }
        char nq[128];
        cli_quote(nq, sizeof nq, name); /* printable, no quotes */
        nq[strlen(nq) - 1] = '\0';
        o += (size_t)snprintf(json + o, json_cap - o,
                              "%s\n  {\"object_id\": \"%s\", \"name\": \"%s\", \"key\": \"0x%s\"}",
                              i ? "," : "", obj_hex, nq + 1, key_hex);
        seal_memzero(key_hex, sizeof key_hex);
    }
    o += (size_t)snprintf(json + o, json_cap - o, "\n]}\n");
    const char *out_path = cli_value(&s->args, "out", 0);
    if (out_path && strcmp(out_path, "-") != 0) {
        rc = cli_write_file(out_path, json, o, true);
    } else {
        rc = fwrite(json, 1, o, stdout) == o ? CLI_EXIT_OK
                                             : cli_fail(CLI_EXIT_ERROR, "cannot write stdout");
    }
out:
    if (json) {
        seal_memzero(json, json_cap);
        free(json);
    }
    cli_client_close(&s->x);
    if (in_open) {
        cli_in_close(&s->in);
    }
    if (spool_fd >= 0) {
        close(spool_fd);
    }
    seal_memzero(s, sizeof *s);
    free(s);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_fetch_keys = {
    "fetch-keys",
    "fetch decryption keys from t-of-n key servers",
    NULL,
    0,
    fetch_keys_opts,
    "Reads the object's header (package, id, key servers, threshold), resolves the servers on\n"
    "the chain registry, builds the seal_approve transaction (--approve with the object's id as\n"
    "first argument, then each --arg) and asks the servers in parallel until the threshold is\n"
    "reached. Every key is verified against its server's public key. Prints the keys as JSON\n"
    "(user secret keys: treat the output as a secret); 'seal decrypt --key OBJ:KEY' takes them.\n"
    "A committee key server is reached through its aggregator: --key-server 0xID@URL (plus\n"
    "--api-key 0xID:HEADER:VALUE if needed); its key is the committee's, verified alike.\n",
    fetch_keys_main,
};
