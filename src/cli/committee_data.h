/* The public data of a committee that a member's DKG steps need (members, their registered
 * encryption and signing keys, threshold; for a rotation the old committee's members, threshold,
 * partial public keys, key server pk and version), read from the JSON that `seal committee show`
 * prints for the committee (and for the old committee in a rotation). */
#ifndef SEAL_CLI_COMMITTEE_DATA_H
#define SEAL_CLI_COMMITTEE_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"
#include "cli/txn.h"
#include "seal/chain.h"
#include "seal/committee.h"

typedef struct cli_committee_data {
    seal_dkg_committee c; /* points into the arrays below */
    uint8_t (*members)[32];
    uint8_t (*enc_pks)[48];
    uint8_t (*signing_pks)[96];
    int32_t *new_to_old;
    uint8_t (*old_pks)[96];
    uint8_t old_id[32];
    uint32_t version; /* of the shares this run produces: 0, or the KeyServer's version + 1 */
} cli_committee_data;

/* Loads the committee of show_path and, when it is a rotation (its "old_committee" is set), the
 * old committee of old_path (required then; refused otherwise). Errors are reported (one line
 * naming the file and the field). */
int cli_committee_data_load(cli_committee_data *d, const char *show_path, const char *old_path);
void cli_committee_data_free(cli_committee_data *d);

/* The same data read from the chain: the Committee object committee_id (its registrations) and,
 * for a rotation, its old committee and that committee's KeyServer. */
int cli_committee_data_from_chain(cli_committee_data *d, seal_chain *chain,
                                  const uint8_t committee_id[static 32]);

/* From the command line: --committee-file [--old-committee-file], or --committee ID with
 * --chain SPEC / --data DIR (the options of CLI_COMMITTEE_DATA_OPTS). */
int cli_committee_data_from_args(cli_committee_data *d, const cli_args *a);

#define CLI_COMMITTEE_DATA_OPTS                                                                    \
    {"committee",         "ID", 0,                                                                 \
     cli_check_object_id, 0,    "the Committee object, read through --chain or --data"},           \
        CLI_TX_OPT_CHAIN, {"data", "DIR", 0, cli_check_path, 0, "short for --chain embedded:DIR"}, \
        {"committee-file",                                                                         \
         "FILE",                                                                                   \
         0,                                                                                        \
         cli_check_path,                                                                           \
         0,                                                                                        \
         "or the committee as JSON (what `seal committee show` prints for it)"},                   \
    {                                                                                              \
        "old-committee-file", "FILE", 0, cli_check_path, 0,                                        \
            "and, for a rotation, the old committee as JSON (`seal committee show` of it)"         \
    }

/* The party whose registered keys are enc_pk and signing_pk; reports and fails when none. */
int cli_committee_data_party(const cli_committee_data *d, const uint8_t enc_pk[static 48],
                             const uint8_t signing_pk[static 96], uint16_t *party);

#endif
