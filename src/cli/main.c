/* seal: the command-line tool. A table of subcommands, each dispatching to its <cmd>_main. */
#include <string.h>

#include "cli/cli.h"

#ifndef SEAL_VERSION_STRING
#error "SEAL_VERSION_STRING must be defined by the build"
#endif

static const cli_cmd *const commands[] = {
    &cli_cmd_keygen,     &cli_cmd_public_key, &cli_cmd_derive_key, &cli_cmd_extract,
    &cli_cmd_verify_key, &cli_cmd_encrypt,    &cli_cmd_decrypt,    &cli_cmd_inspect,
    &cli_cmd_session,    &cli_cmd_fetch_keys, &cli_cmd_server,     &cli_cmd_localnet,
    &cli_cmd_committee,  &cli_cmd_audit,      &cli_cmd_aggregator,
};

static void usage(FILE *f) {
    fprintf(
        f,
        "usage: seal COMMAND [OPTIONS]\n"
        "       seal --version | --help | help COMMAND\n\n"
        "Seal threshold identity-based encryption on BLS12-381: offline tools, client, key server\n"
        "and the embedded local chain.\n"
        "Hex inputs may carry a 0x prefix.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(f, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
    }
    fprintf(f, "\nRun 'seal COMMAND --help' for the options of a command.\n"
               "exit status: 0 success, 1 verification or decryption failed, 2 usage error, "
               "3 I/O or other error\n");
}

static const cli_cmd *find(const char *name) {
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i]->name, name) == 0) {
            return commands[i];
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    char q[128];
    if (argc < 2) {
        return cli_fail(CLI_EXIT_USAGE, "missing command (see seal --help)");
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("seal %s\n", SEAL_VERSION_STRING);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "help") == 0) {
        if (argc == 2) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        const cli_cmd *c = find(argv[2]);
        if (!c) {
            return cli_fail(CLI_EXIT_USAGE, "unknown command %s (see seal --help)",
                            cli_quote(q, sizeof q, argv[2]));
        }
        if (argc > 3) {
            return cli_fail(CLI_EXIT_USAGE, "unexpected argument %s (usage: seal help COMMAND)",
                            cli_quote(q, sizeof q, argv[3]));
        }
        cli_print_help(c, stdout);
        return CLI_EXIT_OK;
    }
    const cli_cmd *cmd = find(name);
    if (!cmd) {
        return cli_fail(CLI_EXIT_USAGE, "unknown command %s (see seal --help)",
                        cli_quote(q, sizeof q, name));
    }
    static char prog[64];
    snprintf(prog, sizeof prog, "seal %s", cmd->name);
    cli_progname = prog;
    cli_install_signal_cleanup();
    int rc = cmd->main(argc - 1, argv + 1);
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
        return cli_fail(CLI_EXIT_ERROR, "cannot write standard output");
    }
    return rc;
}
