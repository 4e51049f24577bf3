/* seal session: placeholder until the command lands (its owner replaces this file). */
#include "cli/cli.h"

static int session_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return cli_fail(CLI_EXIT_ERROR, "not available in this build");
}

static const cli_opt session_opts[] = {{0}};

const cli_cmd cli_cmd_session = {
    "session",    "create or show a session key (signed certificate)",   NULL,         0,
    session_opts, "create or show a session key (signed certificate)\n", session_main,
};
