/* seal session create|show: a session key certified by the user's signature (PROTOCOL.md 13.1),
 * saved as the SDK's ExportedSessionKey JSON (mode 0600). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd_client.h"
#include "seal/sui.h"
#include "seal/util.h"

static const cli_opt session_opts[] = {
    {"key", "KEY", CLI_SECRET, NULL, 0,
     "create: the user's key, suiprivkey1... or @FILE (Ed25519, Secp256k1, Secp256r1)"},
    {"package", "0xPKG", 0, cli_check_object_id, 0,
     "create: the policy's first (original) package id"},
    {"ttl-min", "MIN", 0, cli_check_uint, SEAL_SESSION_TTL_MAX,
     "create: lifetime, 1..30 (default 10)"},
    {"mvr-name", "NAME", 0, NULL, 0, "create: sign for an MVR name (@org/app) instead of the id"},
    {"chain", "SPEC", 0, cli_tx_check_chain, 0,
     "create: check on this chain that the package is a first version (as the SDK does)"},
    CLI_OPT_GRPC_TRANSPORT,
    {"out", "FILE", 0, cli_check_path, 0, "create: the session file (mode 0600)"},
    {0},
};

static void print_time(char *out, size_t cap, uint64_t ms) {
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

static int show(const char *path) {
    char q[128];
    seal_session *s = NULL;
    seal_err err = seal_session_load(&s, path);
    if (err != SEAL_OK) {
        return cli_fail(err == SEAL_ERR_IO ? CLI_EXIT_ERROR : CLI_EXIT_FAIL,
                        "cannot load the session %s: %s", cli_quote(q, sizeof q, path),
                        err == SEAL_ERR_IO ? strerror(errno) : seal_strerror(err));
    }
    uint8_t addr[32], pkg[32], vk[32];
    char a[SEAL_SUI_ADDRESS_HEX_BYTES], p[SEAL_SUI_ADDRESS_HEX_BYTES], v[64], c[40], e[40];
    seal_session_address(s, addr);
    seal_session_package_id(s, pkg);
    seal_session_public_key(s, vk);
    seal_sui_address_format(a, addr);
    seal_sui_address_format(p, pkg);
    seal_sui_base64_encode(v, vk, 32);
    uint64_t created = seal_session_creation_time_ms(s);
    uint64_t expires = created + (uint64_t)seal_session_ttl_min(s) * 60000u;
    print_time(c, sizeof c, created);
    print_time(e, sizeof e, expires);
    const char *mvr = seal_session_mvr_name(s);
    printf("{\n  \"address\": \"%s\",\n  \"package_id\": \"%s\",\n  \"mvr_name\": %s%s%s,\n"
           "  \"session_vk\": \"%s\",\n  \"creation_time_ms\": %" PRIu64
           ",\n  \"created\": \"%s\",\n  \"ttl_min\": %u,\n  \"expires\": \"%s\",\n"
           "  \"expired\": %s\n}\n",
           a, p, mvr ? "\"" : "", mvr ? mvr : "null", mvr ? "\"" : "", v, created, c,
           (unsigned)seal_session_ttl_min(s), e, seal_session_is_expired(s, 0) ? "true" : "false");
    seal_session_free(s);
    return CLI_EXIT_OK;
}

static int create(const cli_args *a) {
    char q[128];
    int rc;
    seal_sui_keypair kp;
    seal_session *s = NULL;
    seal_chain *chain = NULL;
    memset(&kp, 0, sizeof kp);
    const char *key = cli_value(a, "key", 0);
    const char *pkg_text = cli_value(a, "package", 0);
    const char *out = cli_value(a, "out", 0);
    const char *ttl_text = cli_value(a, "ttl-min", 0);
    const char *mvr = cli_value(a, "mvr-name", 0);
    const char *chain_spec = cli_value(a, "chain", 0);
    if (!key || !pkg_text || !out) {
        return cli_fail(CLI_EXIT_USAGE, "session create needs --key, --package and --out");
    }
    if (strcmp(out, "-") == 0) {
        return cli_fail(CLI_EXIT_USAGE, "--out needs a file name (the session holds a secret)");
    }
    uint8_t pkg[32];
    uint64_t ttl = 10;
    if (!cli_object_id(pkg, pkg_text) ||
        (ttl_text && !cli_uint(&ttl, ttl_text, SEAL_SESSION_TTL_MIN, SEAL_SESSION_TTL_MAX))) {
        return cli_fail(CLI_EXIT_USAGE, "invalid --package or --ttl-min");
    }
    if ((rc = cli_load_keypair(&kp, key)) != CLI_EXIT_OK) {
        goto out;
    }
    if (chain_spec) {
        uint8_t original[32];
        uint64_t version = 0;
        bool found = false;
        if ((rc = cli_chain_open(&chain, chain_spec, cli_value(a, "grpc-transport", 0))) !=
            CLI_EXIT_OK) {
            goto out;
        }
        seal_err err = seal_chain_resolve_package(chain, pkg, original, &version, &found);
        if (err != SEAL_OK) {
            rc = cli_fail(CLI_EXIT_ERROR, "cannot read package %s: %s",
                          cli_quote(q, sizeof q, pkg_text), seal_strerror(err));
            goto out;
        }
        if (!found || version != 1) {
            rc = cli_fail(CLI_EXIT_USAGE, "%s is %s", cli_quote(q, sizeof q, pkg_text),
                          found ? "not the first version of its package (use the original id)"
                                : "not a package on this chain");
            goto out;
        }
    }
    seal_err err = seal_session_create(&s, &kp, pkg, mvr, (uint16_t)ttl, 0, NULL);
    if (err != SEAL_OK) {
        rc = cli_fail(err == SEAL_ERR_INVALID_ARGUMENT ? CLI_EXIT_USAGE : CLI_EXIT_ERROR,
                      "cannot create the session: %s%s", seal_strerror(err),
                      mvr ? " (check --mvr-name)" : "");
        goto out;
    }
    err = seal_session_save(s, out);
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot write %s: %s", cli_quote(q, sizeof q, out),
                      strerror(errno));
        goto out;
    }
    rc = show(out);
out:
    seal_session_free(s);
    seal_chain_close(chain);
    seal_sui_keypair_clear(&kp);
    return rc;
}

static int session_main(int argc, char **argv) {
    char q[128];
    cli_args *a = calloc(1, sizeof *a);
    if (!a) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    int rc = cli_parse(a, &cli_cmd_session, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    const char *sub = a->n_positional ? a->positional[0] : NULL;
    if (sub && strcmp(sub, "create") == 0 && a->n_positional == 1) {
        rc = create(a);
    } else if (sub && strcmp(sub, "show") == 0 && a->n_positional == 2 && a->n_items == 0) {
        rc = show(a->positional[1]);
    } else if (sub && strcmp(sub, "show") == 0) {
        rc = cli_fail(CLI_EXIT_USAGE, "usage: seal session show FILE");
    } else {
        rc = cli_fail(CLI_EXIT_USAGE, "expected 'create' or 'show', got %s (see --help)",
                      sub ? cli_quote(q, sizeof q, sub) : "nothing");
    }
out:
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_session = {
    "session",
    "create or show a session key (signed certificate)",
    "create | show FILE",
    2,
    session_opts,
    "seal session create --key KEY --package 0xPKG [--ttl-min 10] [--mvr-name @org/app]\n"
    "                    [--chain SPEC] --out FILE\n"
    "seal session show FILE\n\n"
    "A session key is a fresh Ed25519 key that the user's Sui key certifies for one package\n"
    "and a limited time (1 to 30 minutes), so that key servers can be asked for keys without\n"
    "the user's key. The file holds the session's secret key (mode 0600) in the format of the\n"
    "official SDK's SessionKey.export(). 'show' prints it without the secret.\n",
    session_main,
};
