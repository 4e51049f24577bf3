/* seal localnet serve: placeholder until the JSON-RPC front lands (its owner replaces this). */
#include "cli/cli.h"

int cli_localnet_serve_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return cli_fail(CLI_EXIT_ERROR, "localnet serve is not available in this build");
}
