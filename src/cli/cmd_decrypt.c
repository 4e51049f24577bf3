/* seal decrypt: recovers the plaintext of an EncryptedObject with user secret keys. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_client.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/object.h"
#include "seal/util.h"

static const cli_opt decrypt_opts[] = {
    {"key", "OBJECT_ID:USER_SECRET_KEY", CLI_REPEAT | CLI_SECRET, cli_check_key_pair, 0,
     "user secret key (48-byte G1) of a key server (offline mode)"},
    {"public-key", "OBJECT_ID:PUBLIC_KEY", CLI_REPEAT, cli_check_pk_pair, 0,
     "public key of a service; given for every service, it enables the consistency check"},
    {"in", "FILE", 0, cli_check_path, 0, "object (binary or hex), '-' for stdin (default)"},
    {"out", "FILE", 0, cli_check_path, 0, "plaintext, '-' for stdout (default)"},
    CLI_CLIENT_OPTS,
    {0},
};

typedef struct decrypt_state {
    cli_args args;
    seal_user_key keys[CLI_MAX_ARGS];
    seal_key_server pks[CLI_MAX_ARGS];
    seal_object obj;
    uint8_t id_buf[SEAL_MAX_ID_BYTES];
    uint8_t full_id[32 + SEAL_MAX_ID_BYTES];
    cli_in in;
    cli_out out;
    cli_client_ctx x;
} decrypt_state;

static int parse_keys(decrypt_state *s, size_t *n_keys, size_t *n_pks) {
    char q[128];
    char buf[512];
    char *f[2];
    int rc = CLI_EXIT_OK;
    size_t nk = cli_count(&s->args, "key");
    size_t np = cli_count(&s->args, "public-key");
    for (size_t i = 0; i < nk && rc == CLI_EXIT_OK; i++) {
        const char *v = cli_value(&s->args, "key", i);
        if (cli_split(buf, sizeof buf, v, f, 2) != 2 ||
            !cli_object_id(s->keys[i].object_id, f[0]) ||
            !cli_hex_fixed(s->keys[i].key, 48, f[1])) {
            rc = cli_fail(CLI_EXIT_USAGE, "invalid --key (value not shown)");
            break;
        }
        for (size_t j = 0; j < i; j++) {
            if (memcmp(s->keys[j].object_id, s->keys[i].object_id, 32) == 0) {
                char id_hex[65];
                seal_hex_encode(id_hex, s->keys[i].object_id, 32);
                rc = cli_fail(CLI_EXIT_USAGE, "--key given twice for object 0x%s", id_hex);
                break;
            }
        }
    }
    seal_memzero(buf, sizeof buf);
    for (size_t i = 0; i < np && rc == CLI_EXIT_OK; i++) {
        const char *v = cli_value(&s->args, "public-key", i);
        if (cli_split(buf, sizeof buf, v, f, 2) != 2 || !cli_object_id(s->pks[i].object_id, f[0]) ||
            !cli_hex_fixed(s->pks[i].public_key, 96, f[1])) {
            rc = cli_fail(CLI_EXIT_USAGE, "invalid --public-key %s", cli_quote(q, sizeof q, v));
            break;
        }
        s->pks[i].weight = 1;
        for (size_t j = 0; j < i; j++) {
            if (memcmp(s->pks[j].object_id, s->pks[i].object_id, 32) == 0) {
                rc = cli_fail(CLI_EXIT_USAGE, "--public-key given twice for %s",
                              cli_quote(q, sizeof q, f[0]));
                break;
            }
        }
    }
    *n_keys = nk;
    *n_pks = np;
    return rc;
}

static const seal_key_server *find_pk(const decrypt_state *s, size_t n, const uint8_t id[32]) {
    for (size_t i = 0; i < n; i++) {
        if (memcmp(s->pks[i].object_id, id, 32) == 0) {
            return &s->pks[i];
        }
    }
    return NULL;
}

/* With public keys: every service needs one, and every given user key must verify. */
static int check_keys(decrypt_state *s, size_t n_keys, size_t n_pks) {
    char id_hex[65];
    const seal_object *o = &s->obj;
    for (size_t i = 0; i < o->n_services; i++) {
        if (!find_pk(s, n_pks, o->service_ids[i])) {
            seal_hex_encode(id_hex, o->service_ids[i], 32);
            return cli_fail(CLI_EXIT_USAGE,
                            "--public-key missing for service 0x%s (give all or none)", id_hex);
        }
    }
    memcpy(s->full_id, o->package_id, 32);
    memcpy(s->full_id + 32, o->id, o->id_len);
    for (size_t k = 0; k < n_keys; k++) {
        const seal_key_server *pk = find_pk(s, n_pks, s->keys[k].object_id);
        if (!pk) {
            continue; /* not a service of this object: unused */
        }
        seal_err err = seal_keys_verify_user_secret_key(s->keys[k].key, pk->public_key, s->full_id,
                                                        32 + o->id_len);
        if (err != SEAL_OK) {
            seal_hex_encode(id_hex, s->keys[k].object_id, 32);
            return cli_fail(CLI_EXIT_FAIL,
                            "the user secret key for 0x%s does not verify against its public "
                            "key for this object's id",
                            id_hex);
        }
    }
    return CLI_EXIT_OK;
}

/* How many share positions the keys cover. */
static size_t covered(const decrypt_state *s, size_t n_keys) {
    size_t c = 0;
    for (size_t i = 0; i < s->obj.n_services; i++) {
        for (size_t k = 0; k < n_keys; k++) {
            if (memcmp(s->keys[k].object_id, s->obj.service_ids[i], 32) == 0) {
                c++;
                break;
            }
        }
    }
    return c;
}

static bool n_pks_given(const decrypt_state *s) {
    return cli_count(&s->args, "public-key") > 0;
}

/* Networked mode: fetch (and verify) the keys, take every service's public key from the
 * client so that the consistency check always runs. */
static int fetch_keys(decrypt_state *s, size_t *n_keys, size_t *n_pks) {
    int rc = cli_client_open(&s->x, &s->args, &s->obj);
    if (rc != CLI_EXIT_OK || (rc = cli_client_fetch(&s->x, &s->obj)) != CLI_EXIT_OK) {
        return rc;
    }
    memcpy(s->full_id, s->obj.package_id, 32);
    memcpy(s->full_id + 32, s->obj.id, s->obj.id_len);
    *n_keys =
        seal_client_cached_keys(s->x.client, s->full_id, 32 + s->obj.id_len, s->keys, CLI_MAX_ARGS);
    size_t n = 0;
    if (seal_client_key_servers(s->x.client, s->pks, CLI_MAX_ARGS, &n) != SEAL_OK) {
        return cli_fail(CLI_EXIT_ERROR, "internal error: key servers");
    }
    *n_pks = n;
    return CLI_EXIT_OK;
}

static int decrypt_main(int argc, char **argv) {
    decrypt_state *s = calloc(1, sizeof *s);
    char q[128];
    int rc;
    int spool_fd = -1;
    bool in_open = false, out_open = false;
    if (!s) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    rc = cli_parse(&s->args, &cli_cmd_decrypt, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    size_t n_keys = 0, n_pks = 0;
    bool networked = cli_count(&s->args, "session") > 0;
    if (networked == (cli_count(&s->args, "key") > 0)) {
        rc = cli_fail(CLI_EXIT_USAGE, "give either --key (offline) or --session with --chain and "
                                      "--approve (fetch the keys from the key servers)");
        goto out;
    }
    if (networked && n_pks_given(s)) {
        rc = cli_fail(CLI_EXIT_USAGE, "--public-key is for the offline mode (the public keys "
                                      "come from the chain with --session)");
        goto out;
    }
    rc = parse_keys(s, &n_keys, &n_pks);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    const char *in_path = cli_value(&s->args, "in", 0);
    const char *out_path = cli_value(&s->args, "out", 0);
    bool to_stdout = !out_path || strcmp(out_path, "-") == 0;

    rc = cli_in_open(&s->in, in_path);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    in_open = true;
    rc = cli_in_detect_object_format(&s->in);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    /* The library reads the object in several passes (parse, authenticate, decrypt), so it
     * needs a file it can seek in that nobody changes meanwhile. A regular binary file is used
     * as it is, except when the plaintext goes to stdout, which cannot be taken back: then,
     * like pipes and hex input, the object is first copied to a private temporary file. */
    int fd = s->in.fd;
    if (s->in.size == UINT64_MAX || s->in.hex || to_stdout) {
        uint64_t size;
        rc = cli_spool(&s->in, &spool_fd, &size);
        if (rc != CLI_EXIT_OK) {
            goto out;
        }
        fd = spool_fd;
    } else if (lseek(fd, 0, SEEK_SET) != 0) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot seek in %s", cli_quote(q, sizeof q, s->in.path));
        goto out;
    }

    cli_fd_reader rd;
    cli_out_writer wr;
    seal_reader reader = cli_fd_reader_make(&rd, fd, s->in.path);
    seal_err err = seal_object_decode_stream(&s->obj, s->id_buf, &reader);
    if (err == SEAL_OK) {
        err = reader.seek(reader.ctx, 0);
    }
    if (err != SEAL_OK) {
        rc = rd.reported ? CLI_EXIT_ERROR
                         : cli_fail(CLI_EXIT_FAIL, "%s is not a valid encrypted object: %s",
                                    cli_quote(q, sizeof q, s->in.path), seal_strerror(err));
        goto out;
    }
    if (networked && (rc = fetch_keys(s, &n_keys, &n_pks)) != CLI_EXIT_OK) {
        goto out;
    }
    if (n_pks > 0 && !networked) { /* networked: the client verified every key already */
        rc = check_keys(s, n_keys, n_pks);
        if (rc != CLI_EXIT_OK) {
            goto out;
        }
    }
    size_t have = covered(s, n_keys);
    if (have < s->obj.threshold) {
        rc = cli_fail(CLI_EXIT_FAIL,
                      "not enough keys: they cover %zu of the %u shares needed (%zu in total)",
                      have, s->obj.threshold, s->obj.n_services);
        goto out;
    }

    rc = cli_out_open(&s->out, out_path, true, false);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    out_open = true;
    seal_writer inner = cli_out_writer_make(&wr, &s->out);
    cli_progress prog;
    uint64_t total = seal_object_plaintext_size(&s->obj);
    seal_writer writer = cli_progress_wrap(&prog, &inner, total, to_stdout);
    seal_decrypt_params p = {
        .keys = s->keys,
        .n_keys = n_keys,
        .public_keys = n_pks ? s->pks : NULL,
        .n_public_keys = n_pks,
        .flags = 0,
    };
    uint64_t pt_len = 0;
    err = seal_decrypt_stream(&writer, &pt_len, &reader, &p);
    cli_progress_end(&prog);
    if (err != SEAL_OK) {
        if (rd.reported || wr.reported) {
            rc = CLI_EXIT_ERROR;
        } else if (err == SEAL_ERR_DECRYPTION) {
            rc = cli_fail(CLI_EXIT_FAIL, "decryption failed: wrong keys, or the object was "
                                         "modified or is not consistent");
        } else if (err == SEAL_ERR_INVALID_KEY) {
            rc = cli_fail(CLI_EXIT_FAIL, "decryption failed: a user secret key is not a valid "
                                         "G1 point");
        } else if (err == SEAL_ERR_NOT_ENOUGH_SHARES) {
            rc = cli_fail(CLI_EXIT_FAIL, "not enough keys for the threshold");
        } else {
            rc = cli_fail(CLI_EXIT_FAIL, "decryption failed: %s", seal_strerror(err));
        }
        goto out;
    }
    rc = cli_out_commit(&s->out);
    out_open = false;
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
    cli_client_close(&s->x);
    seal_memzero(s, sizeof *s);
    free(s);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_decrypt = {
    "decrypt",
    "decrypt an object: with user secret keys, or fetching them from the key servers",
    NULL,
    0,
    decrypt_opts,
    "Reads the object as binary or hex (detected). Every share with a key is used; the keys\n"
    "must cover at least the threshold. With --public-key for every service, each user key is\n"
    "verified and the object's shares are checked for consistency. Nothing unauthenticated is\n"
    "released: on any failure the exit status is non-zero and no output file is left.\n"
    "Decrypted files get mode 0600.\n\n"
    "Networked mode: seal decrypt --session FILE --chain SPEC --approve 0xPKG::MODULE::FUNCTION\n"
    "[--arg A]... --in F --out F. The key servers and threshold come from the object, their URLs\n"
    "and public keys from the chain registry; the keys are fetched (t-of-n, in parallel) under\n"
    "the approve call with the object's id as first argument, verified, and the object is\n"
    "decrypted with the consistency check. Access denied or an expired session exit with 1.\n"
    "A committee key server is reached through its aggregator: --key-server 0xID@URL (and\n"
    "--api-key 0xID:HEADER:VALUE when its gateway wants a key); its combined key is verified\n"
    "against the committee's public key like any server's (docs/cli.md).\n",
    decrypt_main,
};
