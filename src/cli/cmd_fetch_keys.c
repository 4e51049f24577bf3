/* seal fetch-keys: placeholder until the command lands (its owner replaces this file). */
#include "cli/cli.h"

static int fetch_keys_main(int argc, char **argv) {
    (void)argc;
    (void)argv;
    return cli_fail(CLI_EXIT_ERROR, "not available in this build");
}

static const cli_opt fetch_keys_opts[] = {{0}};

const cli_cmd cli_cmd_fetch_keys = {
    "fetch-keys",
    "fetch decryption keys from t-of-n key servers",
    NULL,
    0,
    fetch_keys_opts,
    "fetch decryption keys from t-of-n key servers\n",
    fetch_keys_main,
};
