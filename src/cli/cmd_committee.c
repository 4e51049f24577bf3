/* seal committee: a committee (MPC) key server. The dispatcher over the member's off-chain DKG
 * steps (keygen, create-message, process, verify-complaint; this file) and the on-chain steps
 * (init, register, propose, rotation, upgrades, show: cmd_committee_chain.c). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/cmd_committee_chain.h"
#include "cli/committee_data.h"
#include "seal/committee.h"

#define KEYS_FILE_MAX 4096
#define SHARE_FILE_MAX 512
#define MESSAGE_FILE_MAX (2 * SEAL_DKG_MESSAGE_MAX_BYTES + 4096)

/* ---- shared pieces ------------------------------------------------------------------------ */

#define OPT_KEYS                                                                                   \
    {                                                                                              \
        "keys", "FILE", CLI_REQUIRED, cli_check_path, 0,                                           \
            "this member's DKG key file (seal committee keygen; mode 0600)"                        \
    }

static int load_keys(seal_dkg_keys *k, const char *path) {
    char buf[KEYS_FILE_MAX], q[128];
    size_t len;
    int rc = cli_read_secret_file(path, "DKG key file", buf, sizeof buf, &len);
    if (rc == CLI_EXIT_OK) {
        seal_err err = seal_dkg_keys_from_json(k, buf, len);
        if (err != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_ERROR,
                          "the DKG key file %s is not valid (%s): expected {\"enc_sk\", "
                          "\"enc_pk\", \"signing_sk\", \"signing_pk\"} with matching keys",
                          cli_quote(q, sizeof q, path), seal_strerror(err));
        }
    }
    seal_memzero(buf, sizeof buf);
    return rc;
}

/* --old-share: 32 bytes of hex, or @FILE holding them (mode 0600): the MASTER_SHARE_V<n> file
 * that `process` wrote, or an environment-file line MASTER_SHARE_V<n>=0x... */
static int load_old_share(uint8_t share[32], const char *v) {
    char buf[SHARE_FILE_MAX];
    size_t len;
    int rc = CLI_EXIT_OK;
    const char *hex = v;
    if (v[0] == '@') {
        if ((rc = cli_read_secret_file(v + 1, "share file", buf, sizeof buf, &len)) !=
            CLI_EXIT_OK) {
            return rc;
        }
        char *p = buf;
        if (strncmp(p, "MASTER_SHARE_V", 14) == 0 && strchr(p, '=') != NULL) {
            p = strchr(p, '=') + 1;
        }
        size_t n = strlen(p);
        while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ')) {
            p[--n] = '\0';
        }
        hex = p;
    }
    if (!cli_hex_fixed(share, 32, hex)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --old-share (value not shown): expected 32 bytes "
                                      "of hex, or @FILE holding them");
    }
    seal_memzero(buf, sizeof buf);
    return rc;
}

/* Prints the report of a failed DKG step. */
static int report_failure(seal_err err, const seal_dkg_report *rep) {
    if (rep->problem == SEAL_DKG_OK || rep->text[0] == '\0') {
        return cli_fail(cli_exit_for(err), "%s", seal_strerror(err));
    }
    int code = (err == SEAL_ERR_INVALID_KEY || err == SEAL_ERR_INVALID_SIGNATURE ||
                err == SEAL_ERR_INVALID_ENCODING || err == SEAL_ERR_INVALID_ARGUMENT)
                   ? CLI_EXIT_FAIL
                   : cli_exit_for(err);
    return cli_fail(code, "%s: %s", seal_dkg_problem_name(rep->problem), rep->text);
}

/* ---- keygen ------------------------------------------------------------------------------- */

static const cli_opt keygen_opts[] = {
    {"out", "FILE", CLI_REQUIRED, cli_check_path, 0, "the key file to write (mode 0600)"},
    {"force", NULL, 0, NULL, 0, "overwrite an existing key file"},
    {0},
};

static int keygen_main(int argc, char **argv);

static const cli_cmd cmd_keygen = {
    "committee keygen",
    "generate this member's DKG keys (ECIES and signing) into a key file",
    NULL,
    0,
    keygen_opts,
    "Writes upstream's dkg.key JSON {\"enc_sk\", \"enc_pk\", \"signing_sk\", \"signing_pk\"} (hex\n"
    "of the BCS: scalars, a G1 ECIES key, a G2 BLS min-sig key) with mode 0600, and prints the "
    "two\n"
    "public keys to register on chain (seal committee register --keys FILE). An existing file is\n"
    "kept unless --force: a member whose registered keys are lost cannot take part.\n",
    keygen_main,
};

static int keygen_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_dkg_keys k;
    char json[1024], q[128];
    size_t len = 0;
    int rc;
    memset(&k, 0, sizeof k);
    if (a == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_keygen, argc, argv)) != CLI_EXIT_OK) {
        goto out;
    }
    const char *path = cli_value(a, "out", 0);
    if (!cli_flag(a, "force") && access(path, F_OK) == 0) {
        rc = cli_fail(CLI_EXIT_ERROR,
                      "%s exists: keep it (its keys may be registered) or give "
                      "--force",
                      cli_quote(q, sizeof q, path));
        goto out;
    }
    seal_err err = seal_dkg_keys_generate(&k, NULL);
    if (err == SEAL_OK) {
        err = seal_dkg_keys_to_json(json, sizeof json, &len, &k);
    }
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "key generation failed: %s", seal_strerror(err));
        goto out;
    }
    if ((rc = cli_write_file(path, json, len, true)) != CLI_EXIT_OK) {
        goto out;
    }
    char epk[97], spk[193];
    seal_hex_encode(epk, k.enc_pk, 48);
    seal_hex_encode(spk, k.signing_pk, 96);
    printf("enc_pk: 0x%s\nsigning_pk: 0x%s\n", epk, spk);
out:
    seal_dkg_keys_clear(&k);
    seal_memzero(json, sizeof json);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- create-message ----------------------------------------------------------------------- */

static const cli_opt create_opts[] = {
    OPT_KEYS,
    CLI_COMMITTEE_DATA_OPTS,
    {"old-share", "HEX|@FILE", CLI_SECRET, NULL, 0,
     "rotation, continuing member: its share MASTER_SHARE_V<old> (hex, or @FILE, mode 0600)"},
    {"out-dir", "DIR", 0, cli_check_path, 0, "where to write message_<party>.json (default .)"},
    {0},
};

static int create_main(int argc, char **argv);

static const cli_cmd cmd_create = {
    "committee create-message",
    "create this member's DKG message (fresh DKG, or a rotation with --old-share)",
    NULL,
    0,
    create_opts,
    "Finds this member's party from its registered keys, draws a random polynomial of degree\n"
    "threshold - 1 (in a rotation its constant term is the old share, checked against the old\n"
    "partial public key), encrypts every party's share to its registered ECIES key, proves\n"
    "possession of the secret, signs, and writes message_<party>.json as upstream's\n"
    "seal-committee-cli does. Hand the file to the coordinator. New members of a rotation send\n"
    "nothing (the command says so and writes no file).\n",
    create_main,
};

static int create_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    cli_committee_data d;
    seal_dkg_keys k;
    seal_dkg_report rep;
    uint8_t old_share[32], *msg = NULL;
    size_t msg_len = 0;
    char *json = NULL, path[4096], q[128];
    int rc;
    memset(&d, 0, sizeof d);
    memset(&k, 0, sizeof k);
    if (a == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_create, argc, argv)) != CLI_EXIT_OK ||
        (rc = load_keys(&k, cli_value(a, "keys", 0))) != CLI_EXIT_OK ||
        (rc = cli_committee_data_from_args(&d, a)) != CLI_EXIT_OK) {
        goto out;
    }
    uint16_t party;
    if ((rc = cli_committee_data_party(&d, k.enc_pk, k.signing_pk, &party)) != CLI_EXIT_OK) {
        goto out;
    }
    const char *os = cli_value(a, "old-share", 0);
    if (d.c.old_threshold != 0 && d.new_to_old[party] < 0 && os == NULL) {
        printf("party %u is a new member of this rotation: it sends no message; wait for the "
               "continuing members' messages and run seal committee process\n",
               (unsigned)party);
        rc = CLI_EXIT_OK;
        goto out;
    }
    if (os != NULL && (rc = load_old_share(old_share, os)) != CLI_EXIT_OK) {
        goto out;
    }
    seal_err err = seal_dkg_create_message(&msg, &msg_len, &rep, &d.c, party, &k,
                                           os != NULL ? old_share : NULL, NULL);
    if (err != SEAL_OK) {
        rc = report_failure(err, &rep);
        goto out;
    }
    if ((err = seal_dkg_message_file_to_json(&json, msg, msg_len)) != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "%s", seal_strerror(err));
        goto out;
    }
    const char *dir = cli_value(a, "out-dir", 0);
    snprintf(path, sizeof path, "%s/message_%u.json", dir != NULL ? dir : ".", (unsigned)party);
    if ((rc = cli_write_file(path, json, strlen(json), false)) != CLI_EXIT_OK) {
        goto out;
    }
    printf("party %u: wrote %s (%zu-byte signed message); hand it to the coordinator\n",
           (unsigned)party, cli_quote(q, sizeof q, path), msg_len);
out:
    seal_memzero(old_share, sizeof old_share);
    seal_dkg_keys_clear(&k);
    cli_committee_data_free(&d);
    free(msg);
    free(json);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- reading message files ------------------------------------------------------------------ */

typedef struct message_set {
    char **names;
    uint8_t **bcs;
    size_t *lens;
    size_t n;
} message_set;

static void message_set_free(message_set *s) {
    for (size_t i = 0; i < s->n; i++) {
        free(s->names[i]);
        free(s->bcs[i]);
    }
    free(s->names);
    free(s->bcs);
    free(s->lens);
    memset(s, 0, sizeof *s);
}

static int by_name(const void *x, const void *y) {
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every *.json file of dir (as upstream: the extension decides), sorted by name, each parsed
 * as a message file and as a SignedMessage; errors name the file. Temporary files of atomic
 * writes (".NAME.XXXXXX") do not end in ".json". */
static int read_messages(message_set *s, const char *dir) {
    char q[128], q2[128];
    size_t cap = 0;
    int rc = CLI_EXIT_OK;
    memset(s, 0, sizeof *s);
    DIR *dp = opendir(dir);
    if (dp == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "cannot read the messages directory %s: %s",
                        cli_quote(q, sizeof q, dir), strerror(errno));
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        /* Upstream's rule (Rust's Path::extension() == "json"): a name ending in ".json" other
         * than ".json" itself, hidden files included. */
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0) {
            continue;
        }
        if (s->n == SEAL_DKG_MAX_PARTIES) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s holds more than %u message files",
                          cli_quote(q, sizeof q, dir), (unsigned)SEAL_DKG_MAX_PARTIES);
            break;
        }
        if (s->n == cap) {
            cap = cap ? 2 * cap : 16;
            char **nn = realloc(s->names, cap * sizeof *nn);
            if (nn == NULL) {
                rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
                break;
            }
            s->names = nn;
        }
        if ((s->names[s->n] = strdup(e->d_name)) == NULL) {
            rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
            break;
        }
        s->n++;
    }
    closedir(dp);
    if (rc == CLI_EXIT_OK && s->n == 0) {
        rc =
            cli_fail(CLI_EXIT_FAIL, "no message files (*.json) in %s", cli_quote(q, sizeof q, dir));
    }
    if (rc != CLI_EXIT_OK) {
        message_set_free(s);
        return rc;
    }
    qsort(s->names, s->n, sizeof *s->names, by_name);
    s->bcs = calloc(s->n, sizeof *s->bcs);
    s->lens = calloc(s->n, sizeof *s->lens);
    if (s->bcs == NULL || s->lens == NULL) {
        message_set_free(s);
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    for (size_t i = 0; i < s->n && rc == CLI_EXIT_OK; i++) {
        char path[4096];
        cli_in in;
        uint8_t *text = NULL;
        size_t tl = 0;
        seal_dkg_message *m = NULL;
        snprintf(path, sizeof path, "%s/%s", dir, s->names[i]);
        if ((rc = cli_in_open(&in, path)) != CLI_EXIT_OK) {
            break;
        }
        rc = cli_in_read_all(&in, &text, &tl, MESSAGE_FILE_MAX);
        cli_in_close(&in);
        if (rc != CLI_EXIT_OK) {
            break;
        }
        seal_err err = seal_dkg_message_file_from_json(&s->bcs[i], &s->lens[i], (char *)text, tl);
        free(text);
        if (err == SEAL_OK) {
            err = seal_dkg_message_parse(&m, s->bcs[i], s->lens[i]);
            if (err != SEAL_OK) {
                rc = cli_fail(CLI_EXIT_FAIL, "%s: not a DKG SignedMessage (%s)",
                              cli_quote(q, sizeof q, path), seal_strerror(err));
            }
            seal_dkg_message_free(m);
        } else {
            rc = cli_fail(CLI_EXIT_FAIL, "%s: not a message file {\"message\": \"<hex>\"} (%s)",
                          cli_quote(q2, sizeof q2, path), seal_strerror(err));
        }
    }
    if (rc != CLI_EXIT_OK) {
        message_set_free(s);
    }
    return rc;
}

/* ---- process ----------------------------------------------------------------------------------
 */

static const cli_opt process_opts[] = {
    OPT_KEYS,
    CLI_COMMITTEE_DATA_OPTS,
    {"messages", "DIR", CLI_REQUIRED, cli_check_path, 0,
     "the directory of message files the coordinator handed out (*.json)"},
    {"share-dir", "DIR", CLI_REQUIRED, cli_check_path, 0,
     "where to write the share, as the file MASTER_SHARE_V<version> (mode 0600)"},
    {"out", "FILE", 0, cli_check_path, 0, "write the JSON result to FILE instead of stdout"},
    {"force", NULL, 0, NULL, 0, "overwrite an existing share file"},
    {0},
};

static int process_main(int argc, char **argv);

static const cli_cmd cmd_process = {
    "committee process",
    "verify every DKG message and compute this member's share and the committee's keys",
    NULL,
    0,
    process_opts,
    "Phase C of the DKG (or of a rotation), with every check of upstream's seal-committee-cli in\n"
    "its order: one message per party (fresh) or exactly the old threshold from continuing\n"
    "members (rotation), then per message its signature, [rotation: its constant term against the\n"
    "old partial public key], the NIZK, the commitment length, the ciphertext count, the ECIES\n"
    "proof and this member's share against the commitment. A bad share yields a complaint "
    "(printed\n"
    "as COMPLAINT: <hex> on stdout): do NOT propose, hand it to the coordinator. Any failure "
    "names\n"
    "the member and the problem.\n"
    "On success writes the share (0x + 64 hex digits) to DIR/MASTER_SHARE_V<version> (mode 0600;\n"
    "version 0, or the KeyServer's version + 1 in a rotation), the file the member key server\n"
    "reads from its master_share_dir (or export it as the environment variable of that name),\n"
    "and prints {\"committee\", \"version\",\n"
    "\"party\", \"key_server_pk\", \"partial_pks\", \"messages_hash\", \"share_file\"}: the input "
    "of\n"
    "`seal committee propose --from FILE`.\n",
    process_main,
};

static void hex0x(char *out, const uint8_t *p, size_t n) {
    out[0] = '0';
    out[1] = 'x';
    seal_hex_encode(out + 2, p, n);
}

static int write_result(const char *path, const cli_committee_data *d, const seal_dkg_output *o,
                        const char *share_path) {
    char h[2 + 2 * 96 + 1];
    json_t *pks = json_array();
    for (uint16_t i = 0; i < o->n; i++) {
        hex0x(h, o->partial_pks[i], 96);
        json_array_append_new(pks, json_string(h));
    }
    json_t *j = json_object();
    hex0x(h, d->c.id, 32);
    json_object_set_new(j, "committee", json_string(h));
    json_object_set_new(j, "version", json_integer(d->version));
    json_object_set_new(j, "party", json_integer(o->my_id));
    hex0x(h, o->pk, 96);
    json_object_set_new(j, "key_server_pk", json_string(h));
    json_object_set_new(j, "partial_pks", pks);
    hex0x(h, o->messages_hash, 32);
    json_object_set_new(j, "messages_hash", json_string(h));
    json_object_set_new(j, "share_file", json_string(share_path));
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (text == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    size_t tl = strlen(text);
    char *line = realloc(text, tl + 2);
    if (line == NULL) {
        free(text);
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    line[tl] = '\n';
    int rc = cli_write_file(path, line, tl + 1, false);
    free(line);
    return rc;
}

static int process_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    cli_committee_data d;
    seal_dkg_keys k;
    seal_dkg_report rep;
    seal_dkg_output o;
    message_set ms;
    char q[128], line[2 + 2 * 32 + 2];
    int rc;
    memset(&d, 0, sizeof d);
    memset(&k, 0, sizeof k);
    memset(&o, 0, sizeof o);
    memset(&ms, 0, sizeof ms);
    if (a == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_process, argc, argv)) != CLI_EXIT_OK ||
        (rc = load_keys(&k, cli_value(a, "keys", 0))) != CLI_EXIT_OK ||
        (rc = cli_committee_data_from_args(&d, a)) != CLI_EXIT_OK) {
        goto out;
    }
    char share_path[4096];
    snprintf(share_path, sizeof share_path, "%s/MASTER_SHARE_V%u", cli_value(a, "share-dir", 0),
             (unsigned)d.version);
    if (!cli_flag(a, "force") && access(share_path, F_OK) == 0) {
        rc = cli_fail(CLI_EXIT_ERROR,
                      "%s exists: a share file is never overwritten without "
                      "--force",
                      cli_quote(q, sizeof q, share_path));
        goto out;
    }
    uint16_t party;
    if ((rc = cli_committee_data_party(&d, k.enc_pk, k.signing_pk, &party)) != CLI_EXIT_OK ||
        (rc = read_messages(&ms, cli_value(a, "messages", 0))) != CLI_EXIT_OK) {
        goto out;
    }
    seal_err err = seal_dkg_process(&o, &rep, &d.c, party, k.enc_sk, (const uint8_t *const *)ms.bcs,
                                    ms.lens, ms.n, NULL);
    if (err != SEAL_OK) {
        if (rep.has_complaint) {
            char hex[2 * SEAL_DKG_COMPLAINT_BYTES + 1];
            seal_hex_encode(hex, rep.complaint, sizeof rep.complaint);
            printf("COMPLAINT: %s\n", hex);
        }
        rc = report_failure(err, &rep);
        goto out;
    }
    /* The share first (the secret), then the result. */
    line[0] = '0';
    line[1] = 'x';
    seal_hex_encode(line + 2, o.share, 32);
    line[66] = '\n';
    rc = cli_write_file(share_path, line, 67, true);
    seal_memzero(line, sizeof line);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if ((rc = write_result(cli_value(a, "out", 0), &d, &o, share_path)) != CLI_EXIT_OK) {
        goto out;
    }
    fprintf(stderr,
            "seal committee process: party %u: %zu messages verified; MASTER_SHARE_V%u written "
            "to %s (mode 0600): back it up, never share it\n",
            (unsigned)party, ms.n, (unsigned)d.version, cli_quote(q, sizeof q, share_path));
out:
    seal_dkg_output_clear(&o);
    seal_dkg_keys_clear(&k);
    cli_committee_data_free(&d);
    message_set_free(&ms);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- verify-complaint ---------------------------------------------------------------------------
 */

static const cli_opt complaint_opts[] = {
    CLI_COMMITTEE_DATA_OPTS,
    {"accuser", "PARTY", CLI_REQUIRED, NULL, 0, "the party that raised the complaint"},
    {"complaint", "HEX", CLI_REQUIRED, cli_check_hex_fixed, SEAL_DKG_COMPLAINT_BYTES,
     "the complaint (as process printed it)"},
    {"message", "FILE", CLI_REQUIRED, cli_check_path, 0, "the accused party's message file"},
    {0},
};

static int complaint_main(int argc, char **argv);

static const cli_cmd cmd_complaint = {
    "committee verify-complaint",
    "check a member's complaint against a dealer's message",
    NULL,
    0,
    complaint_opts,
    "Verifies the complaint's recovery package (a DDH proof that it is the accuser's decryption\n"
    "key for this ciphertext), decrypts the accuser's share with it and checks it against the\n"
    "dealer's commitment. Exit 0 when the complaint holds (the dealer cheated), 1 when it is\n"
    "unfounded.\n",
    complaint_main,
};

static int complaint_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    cli_committee_data d;
    seal_dkg_report rep;
    uint8_t complaint[SEAL_DKG_COMPLAINT_BYTES], *text = NULL, *msg = NULL;
    size_t tl = 0, ml = 0;
    char q[128];
    cli_in in;
    int rc;
    memset(&d, 0, sizeof d);
    if (a == NULL) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    if ((rc = cli_parse(a, &cmd_complaint, argc, argv)) != CLI_EXIT_OK ||
        (rc = cli_committee_data_from_args(&d, a)) != CLI_EXIT_OK) {
        goto out;
    }
    uint64_t accuser;
    if (!cli_uint(&accuser, cli_value(a, "accuser", 0), 0, (uint64_t)d.c.n - 1)) {
        rc = cli_fail(CLI_EXIT_USAGE, "--accuser must be a party id from 0 to %u",
                      (unsigned)d.c.n - 1);
        goto out;
    }
    cli_hex_fixed(complaint, sizeof complaint, cli_value(a, "complaint", 0));
    const char *path = cli_value(a, "message", 0);
    if ((rc = cli_in_open(&in, path)) != CLI_EXIT_OK) {
        goto out;
    }
    rc = cli_in_read_all(&in, &text, &tl, MESSAGE_FILE_MAX);
    cli_in_close(&in);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    seal_err err = seal_dkg_message_file_from_json(&msg, &ml, (char *)text, tl);
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_FAIL, "%s: not a message file (%s)", cli_quote(q, sizeof q, path),
                      seal_strerror(err));
        goto out;
    }
    err = seal_dkg_complaint_check(&rep, &d.c, (uint16_t)accuser, complaint, sizeof complaint, msg,
                                   ml);
    if (err == SEAL_OK) {
        printf("%s\n", rep.text);
        rc = CLI_EXIT_OK;
    } else {
        rc = report_failure(err, &rep);
    }
out:
    free(text);
    free(msg);
    cli_committee_data_free(&d);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

/* ---- dispatcher ----------------------------------------------------------------------------- */

/* The member's off-chain steps. */
static const cli_cmd *const OFFCHAIN[] = {
    &cmd_keygen,
    &cmd_create,
    &cmd_process,
    &cmd_complaint,
};
#define N_OFFCHAIN (sizeof OFFCHAIN / sizeof OFFCHAIN[0])
#define WORD(cmd) ((cmd)->name + strlen("committee "))

static void committee_usage(FILE *f) {
    fprintf(f, "usage: seal committee SUBCOMMAND [OPTIONS]\n\n"
               "a committee (MPC) key server: the DKG and the rotations of its members, on chain\n"
               "and off chain (spec: COMMITTEE.md)\n\n"
               "a member's DKG steps (off chain):\n");
    for (size_t i = 0; i < N_OFFCHAIN; i++) {
        fprintf(f, "  %-20s %s\n", WORD(OFFCHAIN[i]), OFFCHAIN[i]->summary);
    }
    fprintf(f, "\non-chain steps:\n");
    cli_committee_chain_usage(f);
    fprintf(f,
            "\nA member's walk-through: keygen, register, create-message (hand the file to the\n"
            "coordinator), process (with the directory of everyone's messages), propose; for a\n"
            "rotation the same with create-message --old-share (continuing members only).\n"
            "The on-chain steps take --chain SPEC (embedded:DIR, http://HOST:PORT for gRPC,\n"
            "jsonrpc+http://HOST:PORT for JSON-RPC; --grpc-transport web|native|web-h2) or --data\n"
            "DIR, and --key KEY (suiprivkey1... or @FILE), and print JSON.\n"
            "Run 'seal committee SUBCOMMAND --help' for the options of a subcommand.\n"
            "exit status: 0 success, 1 verification failed or transaction refused, 2 usage "
            "error, 3 I/O or other error\n");
}

static int committee_main(int argc, char **argv) {
    static char prog[96];
    char q[128];
    if (argc < 2) {
        return cli_fail(CLI_EXIT_USAGE, "missing subcommand (see seal committee --help)");
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        committee_usage(stdout);
        return CLI_EXIT_OK;
    }
    const cli_cmd *cmd = NULL;
    for (size_t i = 0; i < N_OFFCHAIN; i++) {
        if (strcmp(WORD(OFFCHAIN[i]), argv[1]) == 0) {
            cmd = OFFCHAIN[i];
        }
    }
    if (cmd == NULL) {
        cmd = cli_committee_chain_find(argv[1]);
    }
    if (cmd == NULL) {
        return cli_fail(CLI_EXIT_USAGE, "unknown subcommand %s (see seal committee --help)",
                        cli_quote(q, sizeof q, argv[1]));
    }
    snprintf(prog, sizeof prog, "seal %s", cmd->name);
    cli_progname = prog;
    return cmd->main(argc - 1, argv + 1);
}

static const cli_opt committee_opts[] = {{0}};

const cli_cmd cli_cmd_committee = {
    "committee",
    "a committee (MPC) key server: DKG, rotation, on-chain steps",
    "SUBCOMMAND ...",
    0,
    committee_opts,
    "Subcommands: keygen, create-message, process, verify-complaint, and the on-chain steps.\n"
    "Run 'seal committee --help' for the list.\n",
    committee_main,
};
