/* seal audit: the key server's audit log (docs/audit.md). */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "seal/audit.h"
#include "seal/util.h"

int cli_audit_keygen(bool json, const char *out_path) {
    uint8_t sk[32], pk[32], id[32];
    char sk_hex[65], pk_hex[65], id_hex[65], text[512];
    int n;
    seal_err err = seal_audit_keygen(sk, pk);
    if (err != SEAL_OK)
        return cli_fail(CLI_EXIT_ERROR, "key generation failed: %s", seal_strerror(err));
    seal_audit_log_id(id, pk);
    seal_hex_encode(sk_hex, sk, 32);
    seal_hex_encode(pk_hex, pk, 32);
    seal_hex_encode(id_hex, id, 32);
    if (json)
        n = snprintf(text, sizeof text,
                     "{\"audit_key\": \"0x%s\", \"public_key\": \"0x%s\", \"log_id\": \"0x%s\"}\n",
                     sk_hex, pk_hex, id_hex);
    else
        n = snprintf(text, sizeof text, "Audit key: 0x%s\nAudit public key: 0x%s\nLog id: 0x%s\n",
                     sk_hex, pk_hex, id_hex);
    int rc = cli_write_file(out_path, text, (size_t)n, true);
    seal_memzero(sk, sizeof sk);
    seal_memzero(sk_hex, sizeof sk_hex);
    seal_memzero(text, sizeof text);
    return rc;
}

static int audit_main(int argc, char **argv) {
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        cli_print_help(&cli_cmd_audit, stdout);
        return CLI_EXIT_OK;
    }
    return cli_fail(CLI_EXIT_USAGE, "no audit subcommands in this build (see seal audit --help)");
}

static const cli_opt audit_opts[] = {{0}};

const cli_cmd cli_cmd_audit = {
    "audit",
    "the key server's audit log: receipts, proofs, monitors, anchors",
    NULL,
    0,
    audit_opts,
    "The subcommands that read receipts, proofs and heads are not in this build yet; the\n"
    "audit key of a key server comes from seal keygen --audit (docs/audit.md).\n",
    audit_main,
};
