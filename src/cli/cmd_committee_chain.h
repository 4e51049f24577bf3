/* The on-chain steps of `seal committee` (cmd_committee_chain.c), also reached as
 * `seal localnet committee ...`. */
#ifndef SEAL_CLI_CMD_COMMITTEE_CHAIN_H
#define SEAL_CLI_CMD_COMMITTEE_CHAIN_H

#include <stdio.h>

#include "cli/cli.h"

extern const cli_cmd cli_cmd_committee_init;
extern const cli_cmd cli_cmd_committee_register;
extern const cli_cmd cli_cmd_committee_propose;
extern const cli_cmd cli_cmd_committee_init_rotation;
extern const cli_cmd cli_cmd_committee_update_url;
extern const cli_cmd cli_cmd_committee_approve_upgrade;
extern const cli_cmd cli_cmd_committee_reject_upgrade;
extern const cli_cmd cli_cmd_committee_reset_proposal;
extern const cli_cmd cli_cmd_committee_upgrade;
extern const cli_cmd cli_cmd_committee_show;
/* NULL-terminated list of the above. */
extern const cli_cmd *const cli_committee_chain_cmds[];
/* The subcommand named word ("init", "register", ..., "propose-rotation"), NULL if none. */
const cli_cmd *cli_committee_chain_find(const char *word);
/* Runs cmd with argv[0] = its word (sets the message prefix). */
int cli_committee_chain_run(const cli_cmd *cmd, int argc, char **argv);
/* Prints the on-chain subcommands (one line each) for a usage text. */
void cli_committee_chain_usage(FILE *f);

#endif
