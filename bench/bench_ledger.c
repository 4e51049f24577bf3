/* seal-bench ledger: the embedded ledger in process.
 *
 *   dry_run_whitelist_per_s     whitelist seal_approve dry runs per second, one thread (decode the
 *                               PTB, read snapshot, Whitelist, member's table entry)
 *   dry_run_whitelist_2t_per_s  the same with 2 threads, one read-only handle each
 *   execute_per_s               signed allowlist::add transactions per second (build, sign with
 *                               Ed25519, verify, execute, record, fsync)
 *
 * The ledger lives in a fresh folder under $TMPDIR (or /tmp), removed at the end: durable commits
 * are bounded by that file system's fsync. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

enum { N_DRY, N_DRY2, N_EXEC, NNAMES };

static const char *const names[NNAMES] = {"dry_run_whitelist_per_s", "dry_run_whitelist_2t_per_s",
                                          "execute_per_s"};
static const char *const whats[NNAMES] = {
    "whitelist seal_approve dry runs / s, 1 thread",
    "whitelist seal_approve dry runs / s, 2 threads (a read-only handle each)",
    "signed allowlist::add transactions / s (sign, verify, execute, fsync)",
};

typedef struct ledger_ctx {
    char dir[256], path[300];
    seal_ledger *l;
    uint8_t member[32];
    uint8_t ptb[512];
    size_t ptb_len;
    bool failed;
    /* execute */
    seal_sui_keypair kp;
    uint8_t sender[32], al[32], cap[32], cap_digest[32];
    uint64_t al_isv, cap_version, next_member;
} ledger_ctx;

static void put_u64(uint8_t *p, uint64_t v) {
    for (int i = 0; i < 8; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

/* PTB: whitelist::seal_approve(id = wl id || nonce, &Whitelist). */
static bool build_dry_run(ledger_ctx *c, const uint8_t wl[32]) {
    uint8_t id[40 + 1], arg[48];
    seal_bcs_writer w;
    memcpy(id, wl, 32);
    memset(id + 32, 7, 8);
    seal_bcs_writer_init(&w, arg, sizeof arg);
    seal_bcs_write_bytes(&w, id, 40);
    seal_sui_call_arg in[2];
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_PURE;
    in[0].pure = (seal_sui_bytes){arg, w.len};
    in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[1].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(in[1].object.id, wl, 32);
    in[1].initial_shared_version = 1;
    seal_sui_argument args[2] = {{.kind = SEAL_SUI_ARG_INPUT, .index = 0},
                                 {.kind = SEAL_SUI_ARG_INPUT, .index = 1}};
    seal_sui_command cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(cmd.package, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"whitelist", 9};
    cmd.function = (seal_sui_bytes){(const uint8_t *)"seal_approve", 12};
    cmd.n_args = 2;
    cmd.args = args;
    seal_sui_ptb ptb = {2, in, 1, &cmd};
    seal_bcs_writer_init(&w, c->ptb, sizeof c->ptb);
    if (seal_sui_ptb_encode(&w, &ptb) != SEAL_OK || seal_bcs_writer_finish(&w) != SEAL_OK) {
        return false;
    }
    c->ptb_len = w.len;
    return true;
}

static bool setup(ledger_ctx *c) {
    const char *tmp = getenv("TMPDIR");
    seal_ledger_outcome o;
    uint8_t wl[32], wl_cap[32], secret[32];
    snprintf(c->dir, sizeof c->dir, "%s/seal-bench-ledger.XXXXXX", tmp ? tmp : "/tmp");
    if (mkdtemp(c->dir) == NULL) {
        fprintf(stderr, "seal-bench ledger: cannot create a folder in %s\n", tmp ? tmp : "/tmp");
        return false;
    }
    snprintf(c->path, sizeof c->path, "%s/ledger.db", c->dir);
    if (seal_ledger_open_ex(&c->l, c->path, 1700000000000ull) != SEAL_OK) {
        fprintf(stderr, "seal-bench ledger: cannot create the ledger\n");
        return false;
    }
    memset(secret, 0x5e, 32);
    if (seal_sui_keypair_from_secret(&c->kp, SEAL_SUI_SCHEME_ED25519, secret) != SEAL_OK) {
        return false;
    }
    seal_sui_keypair_address(c->sender, &c->kp);
    memset(c->member, 0xab, 32);
    if (seal_ledger_whitelist_create(c->l, c->sender, wl, wl_cap, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS ||
        seal_ledger_whitelist_add(c->l, c->sender, wl, wl_cap, c->member, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS ||
        seal_ledger_allowlist_create(c->l, c->sender, "bench", c->al, c->cap, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS) {
        fprintf(stderr, "seal-bench ledger: setup transactions failed\n");
        return false;
    }
    seal_ledger_object obj;
    bool found = false;
    if (seal_ledger_object_get(c->l, c->cap, &obj, &found) != SEAL_OK) {
        return false;
    }
    c->cap_version = obj.version;
    memcpy(c->cap_digest, obj.digest, 32);
    seal_ledger_object_clear(&obj);
    c->al_isv = 1;
    return build_dry_run(c, wl);
}

static void op_dry_run(void *vc, uint64_t it) {
    ledger_ctx *c = vc;
    seal_ledger_outcome o;
    (void)it;
    if (seal_ledger_dry_run(c->l, c->ptb, c->ptb_len, c->member, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS) {
        c->failed = true;
    }
}

typedef struct worker {
    pthread_t th;
    ledger_ctx *c;
    seal_ledger *ro;
    uint64_t calls;
    bool failed;
} worker;

static void *worker_main(void *vw) {
    worker *w = vw;
    seal_ledger_outcome o;
    for (uint64_t i = 0; i < w->calls; i++) {
        if (seal_ledger_dry_run(w->ro, w->c->ptb, w->c->ptb_len, w->c->member, &o) != SEAL_OK ||
            o.status != SEAL_LEDGER_SUCCESS) {
            w->failed = true;
            break;
        }
    }
    return NULL;
}

/* Median over rounds of 2-thread throughput; calls per thread sized from the 1-thread time. */
static bool measure_two_threads(ledger_ctx *c, double one_thread_us, bool quick, double *per_s,
                                bench_result *res) {
    worker w[2];
    unsigned rounds = quick ? 3 : 7;
    double target = quick ? 0.05 : 0.3;
    uint64_t calls = (uint64_t)(target / (double)rounds / (one_thread_us * 1e-6));
    double rates[16];
    bool ok = true;
    if (calls < 100) {
        calls = 100;
    }
    memset(w, 0, sizeof w);
    for (int i = 0; i < 2; i++) {
        w[i].c = c;
        if (seal_ledger_open_readonly(&w[i].ro, c->path) != SEAL_OK) {
            ok = false;
        }
    }
    for (unsigned r = 0; ok && r < rounds; r++) {
        double t0 = bench_now();
        for (int i = 0; i < 2; i++) {
            w[i].calls = calls;
            if (pthread_create(&w[i].th, NULL, worker_main, &w[i]) != 0) {
                ok = false;
            }
        }
        for (int i = 0; i < 2; i++) {
            pthread_join(w[i].th, NULL);
            ok = ok && !w[i].failed;
        }
        rates[r] = 2.0 * (double)calls / (bench_now() - t0);
    }
    for (int i = 0; i < 2; i++) {
        seal_ledger_close(w[i].ro);
    }
    if (!ok) {
        return false;
    }
    for (unsigned i = 1; i < rounds; i++) { /* insertion sort */
        double v = rates[i];
        unsigned j = i;
        for (; j > 0 && rates[j - 1] > v; j--) {
            rates[j] = rates[j - 1];
        }
        rates[j] = v;
    }
    *per_s = rates[rounds / 2];
    memset(res, 0, sizeof *res);
    res->median_us = 1e6 / *per_s;
    res->min_us = 1e6 / rates[rounds - 1];
    res->max_us = 1e6 / rates[0];
    res->calls_per_round = 2 * calls;
    res->rounds = rounds;
    return true;
}

/* One signed allowlist::add of a fresh member. */
static void op_execute(void *vc, uint64_t it) {
    ledger_ctx *c = vc;
    uint8_t member[32], tx_bytes[1024], sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    seal_ledger_effects e;
    (void)it;
    memset(member, 0, 32);
    put_u64(member, ++c->next_member);
    member[31] = 0x77;
    seal_sui_call_arg in[3];
    memset(in, 0, sizeof in);
    in[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[0].object_kind = SEAL_SUI_OBJECT_SHARED;
    memcpy(in[0].object.id, c->al, 32);
    in[0].initial_shared_version = c->al_isv;
    in[0].mutability = SEAL_SUI_SHARED_MUTABLE;
    in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
    in[1].object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
    memcpy(in[1].object.id, c->cap, 32);
    in[1].object.version = c->cap_version;
    memcpy(in[1].object.digest, c->cap_digest, 32);
    in[2].kind = SEAL_SUI_CALL_ARG_PURE;
    in[2].pure = (seal_sui_bytes){member, 32};
    seal_sui_argument args[3] = {{.kind = SEAL_SUI_ARG_INPUT, .index = 0},
                                 {.kind = SEAL_SUI_ARG_INPUT, .index = 1},
                                 {.kind = SEAL_SUI_ARG_INPUT, .index = 2}};
    seal_sui_command cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(cmd.package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"allowlist", 9};
    cmd.function = (seal_sui_bytes){(const uint8_t *)"add", 3};
    cmd.n_args = 3;
    cmd.args = args;
    seal_sui_ptb ptb = {3, in, 1, &cmd};
    seal_sui_transaction_data tx;
    memset(&tx, 0, sizeof tx);
    tx.ptb = &ptb;
    memcpy(tx.sender, c->sender, 32);
    memcpy(tx.gas.owner, c->sender, 32);
    tx.gas.price = 1000;
    tx.gas.budget = 50000000;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, tx_bytes, sizeof tx_bytes);
    if (seal_sui_transaction_data_encode(&w, &tx) != SEAL_OK ||
        seal_bcs_writer_finish(&w) != SEAL_OK ||
        seal_sui_sign_transaction(sig, &sig_len, &c->kp, tx_bytes, w.len) != SEAL_OK) {
        c->failed = true;
        return;
    }
    const uint8_t *sigs[1] = {sig};
    if (seal_ledger_execute_transaction(c->l, tx_bytes, w.len, sigs, &sig_len, 1, &e) != SEAL_OK ||
        e.outcome.status != SEAL_LEDGER_SUCCESS) {
        c->failed = true;
        return;
    }
    for (size_t i = 0; i < e.n_mutated; i++) {
        if (memcmp(e.mutated[i].id, c->cap, 32) == 0) {
            c->cap_version = e.mutated[i].version;
            memcpy(c->cap_digest, e.mutated[i].digest, 32);
        }
    }
}

static void cleanup(ledger_ctx *c) {
    char p[400];
    seal_ledger_close(c->l);
    seal_sui_keypair_clear(&c->kp);
    if (c->dir[0] != '\0') {
        static const char *const files[] = {"ledger.db", "ledger.db-wal", "ledger.db-shm"};
        for (size_t i = 0; i < 3; i++) {
            snprintf(p, sizeof p, "%s/%s", c->dir, files[i]);
            unlink(p);
        }
        rmdir(c->dir);
    }
}

int bench_ledger_main(int argc, char **argv) {
    bench_args args;
    if (!bench_args_parse(&args, argc, argv, "ledger") ||
        !bench_only_valid(&args, names, NNAMES, "ledger")) {
        return 2;
    }
    if (args.list) {
        for (size_t i = 0; i < NNAMES; i++) {
            printf("%-28s %s\n", names[i], whats[i]);
        }
        return 0;
    }
    int rc = 1;
    ledger_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        fprintf(stderr, "seal-bench ledger: out of memory\n");
        return 1;
    }
    if (!setup(c)) {
        goto out;
    }
    bench_opts opts = bench_default_opts(args.quick);
    char meta[160];
    snprintf(meta, sizeof meta, "\"quick\": %s, \"clock\": \"%s\", \"synchronous\": \"FULL\"",
             args.quick ? "true" : "false", bench_clock_name());
    bench_report rep;
    bench_report_begin(&rep, args.json, "ledger",
                       "seal-bench ledger: embedded ledger in process; medians", meta);
    bench_result r;
    double one_us = 0;
    if (bench_selected(args.only, names[N_DRY]) || bench_selected(args.only, names[N_DRY2])) {
        bench_measure(&r, &opts, op_dry_run, c, 1);
        if (c->failed) {
            fprintf(stderr, "seal-bench ledger: a dry run failed\n");
            goto out;
        }
        one_us = r.median_us;
        if (bench_selected(args.only, names[N_DRY])) {
            bench_report_result(&rep, names[N_DRY], 1e6 / r.median_us, "/s", &r, whats[N_DRY]);
        }
    }
    if (bench_selected(args.only, names[N_DRY2])) {
        double per_s = 0;
        if (!measure_two_threads(c, one_us, args.quick, &per_s, &r)) {
            fprintf(stderr, "seal-bench ledger: a 2-thread dry run failed\n");
            goto out;
        }
        bench_report_result(&rep, names[N_DRY2], per_s, "/s", &r, whats[N_DRY2]);
    }
    if (bench_selected(args.only, names[N_EXEC])) {
        bench_opts eo = opts;
        eo.min_warm = 3;
        bench_measure(&r, &eo, op_execute, c, 1);
        if (c->failed) {
            fprintf(stderr, "seal-bench ledger: a signed transaction failed\n");
            goto out;
        }
        bench_report_result(&rep, names[N_EXEC], 1e6 / r.median_us, "/s", &r, whats[N_EXEC]);
    }
    bench_report_end(&rep);
    rc = 0;
out:
    cleanup(c);
    free(c);
    return rc;
}
