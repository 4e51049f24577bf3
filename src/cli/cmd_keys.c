/* Key commands: keygen, public-key, derive-key, extract, verify-key. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "seal/keys.h"
#include "seal/object.h"
#include "seal/util.h"

/* Prints (or writes to out_path with mode 0600) "Master key: 0x..\nPublic key: 0x..\n", or the
 * JSON form. The text never passes through jansson (no secrets in its strings). */
static int print_key_pair(const uint8_t msk[32], const uint8_t pk[96], bool json,
                          const char *out_path) {
    char msk_hex[2 * 32 + 1];
    char pk_hex[2 * 96 + 1];
    char text[512];
    seal_hex_encode(msk_hex, msk, 32);
    seal_hex_encode(pk_hex, pk, 96);
    int n;
    if (json) {
        n = snprintf(text, sizeof text, "{\"master_key\": \"0x%s\", \"public_key\": \"0x%s\"}\n",
                     msk_hex, pk_hex);
    } else {
        n = snprintf(text, sizeof text, "Master key: 0x%s\nPublic key: 0x%s\n", msk_hex, pk_hex);
    }
    int rc = cli_write_file(out_path, text, (size_t)n, true);
    seal_memzero(msk_hex, sizeof msk_hex);
    seal_memzero(text, sizeof text);
    return rc;
}

/* "0x<hex>\n" of a key, to stdout or a 0600 file. */
static int print_hex_line(const uint8_t *p, size_t n, const char *out_path, bool secret) {
    char text[2 + 2 * 96 + 2];
    if (n > 96) {
        return CLI_EXIT_ERROR;
    }
    text[0] = '0';
    text[1] = 'x';
    seal_hex_encode(text + 2, p, n);
    text[2 + 2 * n] = '\n';
    int rc = cli_write_file(out_path, text, 2 + 2 * n + 1, secret);
    seal_memzero(text, sizeof text);
    return rc;
}

static int report(seal_err err, const char *what) {
    return cli_fail(cli_exit_for(err), "%s: %s", what, seal_strerror(err));
}

/* ---- keygen ----------------------------------------------------------------------------- */

static const cli_opt keygen_opts[] = {
    {"json", NULL, 0, NULL, 0, "print {\"master_key\": .., \"public_key\": ..}"},
    {"out", "FILE", 0, cli_check_path, 0, "write to FILE (mode 0600) instead of stdout"},
    {"audit", NULL, 0, NULL, 0, "an Ed25519 audit key for the key server's audit log instead"},
    {0},
};

static int keygen_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    uint8_t msk[32], pk[96];
    int rc;
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    rc = cli_parse(a, &cli_cmd_keygen, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if (cli_flag(a, "audit")) {
        rc = cli_audit_keygen(cli_flag(a, "json"), cli_value(a, "out", 0));
        goto out;
    }
    seal_err err = seal_keys_generate(msk, pk, NULL);
    if (err != SEAL_OK) {
        rc = report(err, "key generation failed");
        goto out;
    }
    rc = print_key_pair(msk, pk, cli_flag(a, "json"), cli_value(a, "out", 0));
out:
    seal_memzero(msk, sizeof msk);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_keygen = {
    "keygen",
    "generate a fresh master key (32-byte scalar) and its public key (96-byte G2)",
    NULL,
    0,
    keygen_opts,
    "The master key is drawn from the operating system's CSPRNG as the official SDK draws\n"
    "scalars. Output: 'Master key: 0x..' and 'Public key: 0x..' lines, or JSON with --json.\n"
    "--audit: an Ed25519 audit key for the key server's audit log (docs/audit.md) instead:\n"
    "'Audit key: 0x..', 'Audit public key: 0x..' and 'Log id: 0x..' lines (JSON: audit_key,\n"
    "public_key, log_id); give the file to the server's audit.key_file.\n",
    keygen_main,
};

/* ---- public-key ------------------------------------------------------------------------- */

static const cli_opt public_key_opts[] = {
    {"master-key", "HEX", CLI_REQUIRED | CLI_SECRET, cli_check_hex_fixed, 32,
     "master key, 32 bytes big-endian"},
    {0},
};

static int public_key_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    uint8_t msk[32], pk[96];
    int rc;
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    rc = cli_parse(a, &cli_cmd_public_key, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if (!cli_hex_fixed(msk, 32, cli_value(a, "master-key", 0))) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --master-key (value not shown)");
        goto out;
    }
    seal_err err = seal_keys_public_key(pk, msk);
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --master-key (value not shown): %s",
                      seal_strerror(err));
        goto out;
    }
    rc = print_hex_line(pk, sizeof pk, NULL, false);
out:
    seal_memzero(msk, sizeof msk);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_public_key = {
    "public-key",
    "print the public key (0x + 96-byte compressed G2) of a master key",
    NULL,
    0,
    public_key_opts,
    NULL,
    public_key_main,
};

/* ---- derive-key ------------------------------------------------------------------------- */

static const cli_opt derive_key_opts[] = {
    {"seed", "HEX", CLI_REQUIRED | CLI_SECRET, cli_check_hex_fixed, 32, "32-byte seed"},
    {"index", "N", CLI_REQUIRED, cli_check_u64, 0, "derivation index, 0 to 2^64-1"},
    {"json", NULL, 0, NULL, 0, "print {\"master_key\": .., \"public_key\": ..}"},
    {"out", "FILE", 0, cli_check_path, 0, "write to FILE (mode 0600) instead of stdout"},
    {0},
};

static int derive_key_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    uint8_t seed[32], msk[32], pk[96];
    uint64_t index = 0;
    int rc;
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    rc = cli_parse(a, &cli_cmd_derive_key, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if (!cli_hex_fixed(seed, 32, cli_value(a, "seed", 0)) ||
        !cli_uint(&index, cli_value(a, "index", 0), 0, UINT64_MAX)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid arguments");
        goto out;
    }
    seal_err err = seal_keys_derive_master_key(msk, seed, index);
    if (err == SEAL_OK) {
        err = seal_keys_public_key(pk, msk);
    }
    if (err != SEAL_OK) {
        rc = report(err, "key derivation failed");
        goto out;
    }
    rc = print_key_pair(msk, pk, cli_flag(a, "json"), cli_value(a, "out", 0));
out:
    seal_memzero(seed, sizeof seed);
    seal_memzero(msk, sizeof msk);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_derive_key = {
    "derive-key",
    "derive the master key of a permissioned-mode client from a seed and an index",
    NULL,
    0,
    derive_key_opts,
    "msk = HKDF-SHA3-256(ikm = seed, salt = empty, info = u64_be(index), 64 bytes) mod r, as\n"
    "the official key server. Prints the master key and its public key like keygen.\n",
    derive_key_main,
};

/* ---- extract ---------------------------------------------------------------------------- */

static const cli_opt extract_opts[] = {
    {"master-key", "HEX", CLI_REQUIRED | CLI_SECRET, cli_check_hex_fixed, 32,
     "master key, 32 bytes big-endian"},
    {"package-id", "0xPKG", CLI_REQUIRED, cli_check_object_id, 0,
     "first (original) package id of the policy"},
    {"id", "HEX", CLI_REQUIRED, cli_check_hex_var, SEAL_MAX_ID_BYTES, "inner id (may be empty)"},
    {"out", "FILE", 0, cli_check_path, 0, "write to FILE (mode 0600) instead of stdout"},
    {0},
};

/* full_id = package || id from the parsed options. */
static bool full_id_from(const cli_args *a, uint8_t *full_id, size_t cap, size_t *len) {
    uint8_t pkg[32];
    size_t id_len;
    if (cap < 32 || !cli_object_id(pkg, cli_value(a, "package-id", 0)) ||
        !cli_hex_var(full_id + 32, cap - 32, &id_len, cli_value(a, "id", 0))) {
        return false;
    }
    memcpy(full_id, pkg, 32);
    *len = 32 + id_len;
    return true;
}

static int extract_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    uint8_t *full_id = malloc(32 + SEAL_MAX_ID_BYTES);
    uint8_t msk[32], usk[48];
    size_t full_len = 0;
    int rc;
    if (!a || !full_id) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    rc = cli_parse(a, &cli_cmd_extract, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if (!cli_hex_fixed(msk, 32, cli_value(a, "master-key", 0)) ||
        !full_id_from(a, full_id, 32 + SEAL_MAX_ID_BYTES, &full_len)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid arguments");
        goto out;
    }
    seal_err err = seal_keys_extract(usk, msk, full_id, full_len);
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid --master-key (value not shown): %s",
                      seal_strerror(err));
        goto out;
    }
    rc = print_hex_line(usk, sizeof usk, cli_value(a, "out", 0), true);
out:
    seal_memzero(msk, sizeof msk);
    seal_memzero(usk, sizeof usk);
    free(full_id);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_extract = {
    "extract",
    "print the user secret key msk * H1(package_id || id) (0x + 48-byte compressed G1)",
    NULL,
    0,
    extract_opts,
    "This is what a key server returns for an approved request. Only the key is printed.\n",
    extract_main,
};

/* ---- verify-key ------------------------------------------------------------------------- */

static const cli_opt verify_key_opts[] = {
    {"package-id", "0xPKG", CLI_REQUIRED, cli_check_object_id, 0,
     "first (original) package id of the policy"},
    {"id", "HEX", CLI_REQUIRED, cli_check_hex_var, SEAL_MAX_ID_BYTES, "inner id (may be empty)"},
    {"user-secret-key", "HEX", CLI_REQUIRED | CLI_SECRET, cli_check_hex_fixed, 48,
     "user secret key, 48-byte compressed G1"},
    {"public-key", "HEX", CLI_REQUIRED, cli_check_hex_fixed, 96,
     "key server public key, 96-byte compressed G2"},
    {0},
};

static int verify_key_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    uint8_t *full_id = malloc(32 + SEAL_MAX_ID_BYTES);
    uint8_t usk[48], pk[96];
    size_t full_len = 0;
    int rc;
    if (!a || !full_id) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    rc = cli_parse(a, &cli_cmd_verify_key, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if (!cli_hex_fixed(usk, 48, cli_value(a, "user-secret-key", 0)) ||
        !cli_hex_fixed(pk, 96, cli_value(a, "public-key", 0)) ||
        !full_id_from(a, full_id, 32 + SEAL_MAX_ID_BYTES, &full_len)) {
        rc = cli_fail(CLI_EXIT_USAGE, "invalid arguments");
        goto out;
    }
    seal_err err = seal_keys_verify_user_secret_key(usk, pk, full_id, full_len);
    if (err == SEAL_OK) {
        printf("valid\n");
        rc = CLI_EXIT_OK;
    } else if (err == SEAL_ERR_INVALID_KEY) {
        rc = cli_fail(CLI_EXIT_FAIL, "invalid: the user secret key does not match the public "
                                     "key and id");
    } else {
        rc = cli_fail(CLI_EXIT_FAIL, "invalid: a key does not decode to a group element (%s)",
                      seal_strerror(err));
    }
out:
    seal_memzero(usk, sizeof usk);
    free(full_id);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_verify_key = {
    "verify-key",
    "check a user secret key against a public key and id: exit 0 when valid, 1 otherwise",
    NULL,
    0,
    verify_key_opts,
    "Checks e(usk, G2gen) == e(H1(package_id || id), public_key), as clients do for every\n"
    "key a server returns. Prints 'valid' on success.\n",
    verify_key_main,
};
