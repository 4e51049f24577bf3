/* seal encrypt: writes a BCS EncryptedObject, streaming (bounded memory for any size). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_client.h"
#include "seal/bls12_381.h"
#include "seal/encrypt.h"
#include "seal/object.h"
#include "seal/util.h"

static const cli_opt encrypt_opts[] = {
    {"package-id", "0xPKG", 0, cli_check_object_id, 0,
     "first (original) package id of the policy (or --package)"},
    {"package", "0xPKG", 0, cli_check_object_id, 0, "same as --package-id"},
    {"id", "HEX", CLI_REQUIRED, cli_check_hex_var, SEAL_MAX_ID_BYTES, "inner id (may be empty)"},
    {"threshold", "T", CLI_REQUIRED, cli_check_uint, CLI_MAX_SERVERS,
     "shares needed to decrypt, 1 to the total weight"},
    {"server", "OBJECT_ID:PUBLIC_KEY[:WEIGHT]", CLI_REPEAT, cli_check_server, 0,
     "key server (object order = share order); weight 1 to 255, default 1"},
    {"chain", "SPEC", 0, cli_tx_check_chain, 0,
     "resolve --key-server public keys on this chain (embedded:DIR, http(s)://HOST:PORT for "
     "gRPC, jsonrpc+http(s)://... for JSON-RPC)"},
    CLI_OPT_GRPC_TRANSPORT,
    {"key-server", "OBJECT_ID[:WEIGHT][@URL]", CLI_REPEAT, cli_check_path, 0,
     "key server registered on --chain (object order = share order); a committee key server is "
     "named like any other (@URL, its aggregator, is accepted and not needed to encrypt)"},
    {"dem", "NAME", 0, cli_check_dem, 0, "aes-256-gcm (default) or hmac-256-ctr"},
    {"aad", "HEX", 0, cli_check_hex_var, CLI_AAD_MAX_BYTES, "associated data (authenticated)"},
    {"in", "FILE", 0, cli_check_path, 0, "plaintext, '-' for stdin (default)"},
    {"out", "FILE", 0, cli_check_path, 0, "object, '-' for stdout (default)"},
    {"hex", NULL, 0, NULL, 0, "write the object as hex text instead of binary"},
    {"symmetric-key-out", "FILE", 0, cli_check_path, 0,
     "also write the DEM key (decrypts without key servers) as hex, mode 0600"},
    {0},
};

typedef struct encrypt_state {
    cli_args args;
    seal_key_server servers[CLI_MAX_SERVERS];
    uint8_t id[SEAL_MAX_ID_BYTES];
    uint8_t aad[CLI_AAD_MAX_BYTES];
    uint8_t package_id[32];
    cli_in in;
    cli_out out;
} encrypt_state;

/* --chain with --key-server: the public keys come from the registry objects. */
static int resolve_servers(encrypt_state *s, size_t *n_out, unsigned *total_out) {
    char q[128];
    size_t n = cli_count(&s->args, "key-server");
    unsigned total = 0;
    int rc = CLI_EXIT_OK;
    seal_chain *chain = NULL;
    seal_client *client = NULL;
    seal_client_server_config *cfg = calloc(SEAL_CLIENT_MAX_SERVERS, sizeof *cfg);
    if (!cfg) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if (n > SEAL_CLIENT_MAX_SERVERS) {
        rc = cli_fail(CLI_EXIT_USAGE, "at most %d --key-server", SEAL_CLIENT_MAX_SERVERS);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const char *v = cli_value(&s->args, "key-server", i);
        char url[SEAL_CLIENT_URL_MAX];
        uint64_t w = 0;
        if (!cli_key_server_parse(v, cfg[i].object_id, &w, url, sizeof url)) {
            rc = cli_fail(CLI_EXIT_USAGE, "invalid --key-server %s (OBJECT_ID[:WEIGHT][@URL])",
                          cli_quote(q, sizeof q, v));
            goto out;
        }
        if (w == 0) {
            w = 1;
        }
        for (size_t j = 0; j < i; j++) {
            if (memcmp(cfg[j].object_id, cfg[i].object_id, 32) == 0) {
                rc = cli_fail(CLI_EXIT_USAGE,
                              "--key-server %s: object id given twice (use :WEIGHT instead)",
                              cli_quote(q, sizeof q, v));
                goto out;
            }
        }
        cfg[i].weight = (uint8_t)w;
        total += (unsigned)w;
    }
    if (total > CLI_MAX_SERVERS) {
        rc = cli_fail(CLI_EXIT_USAGE, "the servers' total weight %u exceeds %d", total,
                      CLI_MAX_SERVERS);
        goto out;
    }
    if ((rc = cli_chain_open(&chain, cli_value(&s->args, "chain", 0),
                             cli_value(&s->args, "grpc-transport", 0))) != CLI_EXIT_OK) {
        goto out;
    }
    /* As the SDK: encrypt only under a package's first version. */
    uint8_t original[32];
    uint64_t version = 0;
    bool found = false;
    seal_err err = seal_chain_resolve_package(chain, s->package_id, original, &version, &found);
    if (err != SEAL_OK || !found || version != 1) {
        rc = err != SEAL_OK
                 ? cli_fail(CLI_EXIT_ERROR, "cannot read the package: %s", seal_strerror(err))
                 : cli_fail(CLI_EXIT_USAGE, "the package is %s",
                            found ? "not a first version (use its original id)"
                                  : "not a package on this chain");
        goto out;
    }
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.chain = chain;
    err = seal_client_new(&client, &o, cfg, n);
    if (err != SEAL_OK) {
        rc = cli_fail(err == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_ERROR,
                      "cannot resolve the key servers on the chain: %s",
                      seal_client_creation_error());
        goto out;
    }
    size_t got = 0;
    if (seal_client_key_servers(client, s->servers, CLI_MAX_SERVERS, &got) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "internal error: key servers");
        goto out;
    }
    *n_out = got;
    *total_out = total;
out:
    seal_client_free(client);
    seal_chain_close(chain);
    free(cfg);
    return rc;
}

/* Parses the --server values; checks duplicates, weights and the threshold. */
static int parse_servers(encrypt_state *s, size_t *n_out, unsigned *total_out) {
    char q[128];
    size_t n = cli_count(&s->args, "server");
    unsigned total = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = cli_value(&s->args, "server", i);
        char buf[512];
        char *f[3];
        uint64_t w = 1;
        size_t k = cli_split(buf, sizeof buf, v, f, 3);
        seal_key_server *ks = &s->servers[i];
        if (k < 2 || !cli_object_id(ks->object_id, f[0]) ||
            !cli_hex_fixed(ks->public_key, 96, f[1]) ||
            (k == 3 && !cli_uint(&w, f[2], 1, CLI_MAX_SERVERS))) {
            return cli_fail(CLI_EXIT_USAGE, "invalid --server %s", cli_quote(q, sizeof q, v));
        }
        ks->weight = (uint8_t)w;
        seal_g2 pk;
        seal_err err = seal_g2_decompress(&pk, ks->public_key);
        if (err == SEAL_OK && seal_g2_is_identity(&pk)) {
            err = SEAL_ERR_IDENTITY;
        }
        if (err != SEAL_OK) {
            return cli_fail(CLI_EXIT_USAGE,
                            "invalid --server %s: the public key is not a G2 "
                            "point (%s)",
                            cli_quote(q, sizeof q, v), seal_strerror(err));
        }
        for (size_t j = 0; j < i; j++) {
            if (memcmp(s->servers[j].object_id, ks->object_id, 32) == 0) {
                return cli_fail(CLI_EXIT_USAGE,
                                "--server %s: object id given twice (use :WEIGHT instead)",
                                cli_quote(q, sizeof q, v));
            }
        }
        total += ks->weight;
    }
    if (total > CLI_MAX_SERVERS) {
        return cli_fail(CLI_EXIT_USAGE, "the servers' total weight %u exceeds %d", total,
                        CLI_MAX_SERVERS);
    }
    *n_out = n;
    *total_out = total;
    return CLI_EXIT_OK;
}

static int encrypt_main(int argc, char **argv) {
    encrypt_state *s = calloc(1, sizeof *s);
    seal_prepared_key *prepared = NULL;
    uint8_t sym_key[32];
    char q[128];
    int rc;
    int spool_fd = -1;
    bool in_open = false, out_open = false;
    if (!s) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    rc = cli_parse(&s->args, &cli_cmd_encrypt, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    size_t n_servers = 0, id_len = 0, aad_len = 0;
    unsigned total = 0;
    uint64_t threshold = 0;
    const char *pkg_text = cli_value(&s->args, "package-id", 0);
    if (!pkg_text) {
        pkg_text = cli_value(&s->args, "package", 0);
    }
    bool by_chain = cli_count(&s->args, "chain") > 0;
    if ((pkg_text == NULL) ||
        (cli_count(&s->args, "package-id") && cli_count(&s->args, "package"))) {
        rc = cli_fail(CLI_EXIT_USAGE, "give the package id once (--package-id or --package)");
        goto out;
    }
    if (by_chain ? (cli_count(&s->args, "key-server") == 0 || cli_count(&s->args, "server") > 0)
                 : (cli_count(&s->args, "server") == 0 || cli_count(&s->args, "key-server") > 0)) {
        rc = cli_fail(CLI_EXIT_USAGE, "give either --server OBJ:PK (repeat) or --chain SPEC with "
                                      "--key-server OBJ[:WEIGHT] (repeat)");
        goto out;
    }
    if (!cli_object_id(s->package_id, pkg_text)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid package id");
        goto out;
    }
    rc = by_chain ? resolve_servers(s, &n_servers, &total) : parse_servers(s, &n_servers, &total);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    const char *t_text = cli_value(&s->args, "threshold", 0);
    if (!cli_uint(&threshold, t_text, 1, CLI_MAX_SERVERS) || threshold > total) {
        rc = cli_fail(CLI_EXIT_USAGE,
                      "invalid --threshold %s: must be from 1 to the servers' total weight %u",
                      cli_quote(q, sizeof q, t_text), total);
        goto out;
    }
    const char *aad_text = cli_value(&s->args, "aad", 0);
    if (!cli_hex_var(s->id, sizeof s->id, &id_len, cli_value(&s->args, "id", 0)) ||
        (aad_text && !cli_hex_var(s->aad, sizeof s->aad, &aad_len, aad_text))) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid arguments");
        goto out;
    }
    const char *dem = cli_value(&s->args, "dem", 0);
    const char *in_path = cli_value(&s->args, "in", 0);
    const char *out_path = cli_value(&s->args, "out", 0);
    const char *key_path = cli_value(&s->args, "symmetric-key-out", 0);
    bool hex = cli_flag(&s->args, "hex");
    bool to_stdout = !out_path || strcmp(out_path, "-") == 0;
    if (to_stdout && !hex && isatty(STDOUT_FILENO)) {
        rc = cli_fail(CLI_EXIT_USAGE,
                      "refusing to write a binary object to a terminal (use --out FILE or --hex)");
        goto out;
    }
    if (key_path && strcmp(key_path, "-") == 0) {
        rc = cli_fail(CLI_EXIT_USAGE, "--symmetric-key-out needs a file name, not '-'");
        goto out;
    }

    seal_encrypt_params p = {
        .package_id = s->package_id,
        .id = s->id,
        .id_len = id_len,
        .servers = s->servers,
        .n_servers = n_servers,
        .threshold = (uint8_t)threshold,
        .dem = (dem && strcmp(dem, "hmac-256-ctr") == 0) ? SEAL_DEM_HMAC_256_CTR
                                                         : SEAL_DEM_AES_256_GCM,
        .aad = s->aad,
        .aad_len = aad_len,
        .aad_none = false,
    };
    /* The servers' keys validated and prepared once (seal_key_server_prepare): a bad key is
     * named before anything is written, and the encryption skips the decoding. */
    prepared = calloc(n_servers, sizeof *prepared);
    if (prepared == NULL) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n_servers; i++) {
        seal_err perr = seal_key_server_prepare(&prepared[i], &s->servers[i]);
        if (perr != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_ERROR, "encryption failed: public key of server %zu: %s", i + 1,
                          seal_strerror(perr));
            goto out;
        }
    }
    p.prepared = prepared;

    /* The plaintext length goes before the ciphertext: regular files give it, anything else
     * (a pipe) is spooled to an unlinked temporary file first. */
    rc = cli_in_open(&s->in, in_path);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    in_open = true;
    int fd = s->in.fd;
    uint64_t msg_len = s->in.size;
    if (msg_len == UINT64_MAX) {
        rc = cli_spool(&s->in, &spool_fd, &msg_len);
        if (rc != CLI_EXIT_OK) {
            goto out;
        }
        fd = spool_fd;
    }
    rc = cli_out_open(&s->out, out_path, false, hex);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    out_open = true;

    cli_fd_reader rd;
    cli_out_writer wr;
    cli_progress prog;
    seal_reader reader = cli_fd_reader_make(&rd, fd, s->in.path);
    seal_writer inner = cli_out_writer_make(&wr, &s->out);
    seal_writer writer = cli_progress_wrap(&prog, &inner, msg_len, to_stdout);
    seal_err err = seal_encrypt_stream(&writer, sym_key, &p, &reader, msg_len, NULL);
    cli_progress_end(&prog);
    if (err != SEAL_OK) {
        if (rd.reported || wr.reported) {
            rc = CLI_EXIT_ERROR;
        } else if (err == SEAL_ERR_IO) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s changed while it was read",
                          cli_quote(q, sizeof q, s->in.path));
        } else {
            rc = cli_fail(err == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_ERROR,
                          "encryption failed: %s", seal_strerror(err));
        }
        goto out;
    }
    if (key_path) {
        char line[2 + 64 + 2];
        line[0] = '0';
        line[1] = 'x';
        seal_hex_encode(line + 2, sym_key, 32);
        line[66] = '\n';
        rc = cli_write_file(key_path, line, 67, true);
        seal_memzero(line, sizeof line);
        if (rc != CLI_EXIT_OK) {
            goto out;
        }
    }
    rc = cli_out_commit(&s->out);
    out_open = false;
    if (rc != CLI_EXIT_OK && key_path) {
        unlink(key_path); /* no key for an object that was not written */
    }
out:
    if (out_open) {
        cli_out_abort(&s->out);
    }
    if (in_open) {
        cli_in_close(&s->in);
    }
    if (spool_fd >= 0) {
        close(spool_fd);
    }
    seal_memzero(sym_key, sizeof sym_key);
    seal_memzero(s, sizeof *s);
    free(prepared);
    free(s);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_encrypt = {
    "encrypt",
    "encrypt data to a threshold of key servers for the identity package_id || id",
    NULL,
    0,
    encrypt_opts,
    "Writes the BCS EncryptedObject, byte-compatible with the official SDK (binary, or hex\n"
    "with --hex). Servers are given in share order; a server of weight w takes w consecutive\n"
    "shares. With --chain and --key-server the public keys are read from the key servers'\n"
    "registry objects on the chain (and the package must be a first version, as the SDK\n"
    "requires); a committee key server is named like any other (its public key is the\n"
    "committee's). Any size is streamed in bounded memory; input from a pipe is first copied to "
    "an\n"
    "unlinked temporary file in $TMPDIR because the object records the length up front.\n",
    encrypt_main,
};
