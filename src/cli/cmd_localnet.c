/* seal localnet: placeholder until the command lands (its owner replaces this file). */
#include "cli/cli.h"

static int localnet_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return cli_fail(CLI_EXIT_ERROR, "not available in this build");
}

static const cli_opt localnet_opts[] = {{0}};

const cli_cmd cli_cmd_localnet = {
    "localnet",    "the embedded local chain: init, serve, transactions, objects",
    NULL,          0,
    localnet_opts, "the embedded local chain: init, serve, transactions, objects\n",
    localnet_main,
};
