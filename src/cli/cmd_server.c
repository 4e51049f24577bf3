/* seal server: placeholder until the command lands (its owner replaces this file). */
#include "cli/cli.h"

static int server_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return cli_fail(CLI_EXIT_ERROR, "not available in this build");
}

static const cli_opt server_opts[] = {{0}};

const cli_cmd cli_cmd_server = {
    "server",    "run a key server (official HTTP API)",   NULL,        0,
    server_opts, "run a key server (official HTTP API)\n", server_main,
};
