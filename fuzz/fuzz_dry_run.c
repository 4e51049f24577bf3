/* Differential: the policy evaluator reached through four paths must agree on any PTB bytes.
 *   A  seal_ledger_dry_run(PTB, sender)
 *   B  seal_ledger_dry_run_kind(00 || PTB, sender)                (what devInspect takes)
 *   C  seal_ledger_dry_run_transaction(TransactionData{PTB, sender}) (what a dry run takes)
 *   D  seal_chain_dry_run on the embedded chain (what a key server on `embedded:` calls)
 * A and B: the same seal_err and the same outcome (status, command, abort location and code,
 * object id); C and D exist only when the PTB decodes: C gives A's outcome, D the verdict
 * seal_chain_verdict_from_ledger gives for it. Ledger: fuzz/server_fixture.h (an allowlist whose
 * member is the fixture's user). Input: a sender selector byte (0: the member, 1: another
 * address, 2: the zero address), then the PTB. */
#include "fuzz_common.h"
#include "seal/bcs.h"
#include "seal/sui_tx.h"
#include "server_fixture.h"

static srvfix g_fix;
static seal_ledger *g_ledger;

static void cleanup(void) {
    seal_ledger_close(g_ledger);
    srvfix_free(&g_fix);
}

static void same_outcome(const seal_ledger_outcome *a, const seal_ledger_outcome *b) {
    FUZZ_ASSERT(a->status == b->status);
    if (a->status == SEAL_LEDGER_SUCCESS) {
        return;
    }
    FUZZ_ASSERT(a->command == b->command);
    FUZZ_ASSERT(a->abort_code == b->abort_code);
    FUZZ_ASSERT(memcmp(a->abort_package, b->abort_package, 32) == 0);
    FUZZ_ASSERT(strcmp(a->abort_module, b->abort_module) == 0);
    FUZZ_ASSERT(strcmp(a->abort_function, b->abort_function) == 0);
    FUZZ_ASSERT(memcmp(a->object_id, b->object_id, 32) == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    srvfix_init(&g_fix);
    srvfix_remove_at_exit(g_fix.dir);
    char path[128];
    snprintf(path, sizeof path, "%s/ledger.db", g_fix.dir);
    FUZZ_ASSERT(seal_ledger_open_readonly(&g_ledger, path) == SEAL_OK);
    atexit(cleanup);
    const char *dir = getenv("FUZZ_WRITE_SEEDS");
    if (dir != NULL) {
        /* the valid request's PTB for the member and for another sender */
        seal_client_call call;
        memset(&call, 0, sizeof call);
        FUZZ_ASSERT(seal_client_call_target_parse(&call, "0x5ea3::allowlist::seal_approve") ==
                    SEAL_OK);
        uint8_t id[33];
        memcpy(id, g_fix.allowlist, 32);
        id[32] = 7;
        call.id = id;
        call.id_len = sizeof id;
        seal_client_arg args[2];
        memset(args, 0, sizeof args);
        args[0].kind = SEAL_CLIENT_ARG_OBJECT;
        memcpy(args[0].object_id, g_fix.allowlist, 32);
        call.args = args;
        call.n_args = 1;
        for (unsigned v = 0; v < 3; v++) {
            if (v == 2) { /* a Clock argument too (time-dependent policies) */
                FUZZ_ASSERT(seal_client_arg_parse(&args[1], "clock") == SEAL_OK);
                call.n_args = 2;
            }
            uint8_t *ptb = NULL;
            size_t len = 0;
            FUZZ_ASSERT(seal_client_build_ptb(&ptb, &len, g_fix.chain, &call, 1) == SEAL_OK);
            char p[512];
            snprintf(p, sizeof p, "%s/seed-approve-%u", dir, v);
            FILE *f = fopen(p, "wb");
            FUZZ_ASSERT(f != NULL);
            uint8_t sel = (uint8_t)(v == 1);
            FUZZ_ASSERT(fwrite(&sel, 1, 1, f) == 1 && fwrite(ptb, 1, len, f) == len);
            fclose(f);
            free(ptb);
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    uint8_t sender[32];
    switch (data[0] % 3u) {
    case 0:
        memcpy(sender, g_fix.address, 32);
        break;
    case 1:
        memset(sender, 0xab, 32);
        break;
    default:
        memset(sender, 0, 32);
        break;
    }
    size_t len = size - 1;
    uint8_t *ptb = fuzz_dup(data + 1, len);
    uint8_t *kind = malloc(len + 1);
    FUZZ_ASSERT(kind != NULL);
    kind[0] = 0;
    if (len > 0) {
        memcpy(kind + 1, ptb, len);
    }
    seal_ledger_outcome a, b, c;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    seal_err ea = seal_ledger_dry_run(g_ledger, ptb, len, sender, &a);
    seal_err eb = seal_ledger_dry_run_kind(g_ledger, kind, len + 1, sender, &b);
    FUZZ_ASSERT(ea == eb);
    if (ea == SEAL_OK) {
        same_outcome(&a, &b);
    }
    seal_sui_ptb *p = NULL;
    if (seal_sui_ptb_decode(&p, ptb, len) == SEAL_OK) {
        seal_sui_transaction_data td;
        memset(&td, 0, sizeof td);
        td.ptb = p;
        memcpy(td.sender, sender, 32);
        memcpy(td.gas.owner, sender, 32);
        td.gas.price = 1000;
        td.gas.budget = 500000000;
        size_t cap = len + 256;
        uint8_t *tx = malloc(cap);
        FUZZ_ASSERT(tx != NULL);
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, tx, cap);
        if (seal_sui_transaction_data_encode(&w, &td) == SEAL_OK &&
            seal_bcs_writer_finish(&w) == SEAL_OK) {
            memset(&c, 0, sizeof c);
            seal_err ec = seal_ledger_dry_run_transaction(g_ledger, tx, w.len, &c);
            FUZZ_ASSERT(ec == ea);
            if (ec == SEAL_OK) {
                same_outcome(&a, &c);
                seal_chain_dry_run_result d, want;
                memset(&want, 0, sizeof want);
                seal_chain_verdict_from_ledger(&want, &a);
                FUZZ_ASSERT(seal_chain_dry_run(g_fix.chain, tx, w.len, &d) == SEAL_OK);
                FUZZ_ASSERT(d.verdict == want.verdict);
                if (d.verdict == SEAL_CHAIN_ABORT) {
                    FUZZ_ASSERT(d.abort_code == want.abort_code);
                    FUZZ_ASSERT(strcmp(d.abort_module, want.abort_module) == 0);
                }
            }
        }
        free(tx);
        seal_sui_ptb_free(p);
    }
    free(kind);
    free(ptb);
    return 0;
}
