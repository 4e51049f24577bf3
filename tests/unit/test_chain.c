/* The chain layer's embedded backend and the ledger-to-verdict mapping (docs/chain.md). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "ledger_ptb.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull

static tu_team T;
static char g_spec[128];

/* A fresh ledger with an allowlist {member} owned by T.owner. */
static int setup(void **state) {
    (void)state;
    seal_ledger *l = tu_team_create(&T, "seal_chain_", T0);
    if (l == NULL)
        return -1;
    seal_ledger_close(l);
    snprintf(g_spec, sizeof g_spec, "embedded:%s", T.dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(T.dir);
}

/* TransactionData V1 of one MoveCall pkg::module::function(Pure(vector<u8> id), object) with
 * the given sender; object is Shared(obj, isv) or ImmOrOwned(obj @ current) when isv == 0. */
static size_t build_tx(uint8_t *out, size_t cap, const uint8_t pkg[32], const char *module,
                       const char *function, const uint8_t *id, size_t id_len,
                       const uint8_t obj[32], uint64_t isv, const uint8_t sender[32]) {
    tu_ptb b;
    uint16_t in[2];
    memset(&b, 0, sizeof b);
    in[0] = tu_ptb_bytes(&b, id, id_len);
    in[1] = tu_ptb_object(&b, obj, isv);
    tu_ptb_call(&b, pkg, module, function, 2, in);
    return tu_ptb_tx(&b, sender, 500000000, out, cap);
}

static size_t approve_tx(uint8_t *out, size_t cap, const uint8_t sender[32]) {
    uint8_t id[40];
    memcpy(id, T.al, 32);
    memset(id + 32, 0x77, 8);
    return build_tx(out, cap, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", id,
                    sizeof id, T.al, 1, sender);
}

static seal_chain *open_chain(void) {
    seal_chain *c = NULL;
    assert_int_equal(seal_chain_open(&c, g_spec, NULL), SEAL_OK);
    assert_non_null(c);
    assert_true(seal_chain_is_embedded(c));
    return c;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_open_specs(void **state) {
    (void)state;
    seal_chain *c = (seal_chain *)1;
    char spec[160];
    assert_int_equal(seal_chain_open(&c, "ftp://x", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_null(c);
    assert_int_equal(seal_chain_open(&c, "", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_open(&c, "embedded:", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_open(&c, NULL, NULL), SEAL_ERR_INVALID_ARGUMENT);
    /* a directory without a ledger, unless create is asked for */
    snprintf(spec, sizeof spec, "embedded:%s/new", T.dir);
    assert_int_equal(seal_chain_open(&c, spec, NULL), SEAL_ERR_IO);
    assert_null(c);
    assert_non_null(strstr(seal_chain_last_error(), "no ledger at"));
    char sub[140];
    snprintf(sub, sizeof sub, "%s/new", T.dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(seal_chain_open(&c, spec, NULL), SEAL_ERR_IO);
    seal_chain_options o = {.create = true};
    assert_int_equal(seal_chain_open(&c, spec, &o), SEAL_OK);
    uint64_t v = 0;
    bool found = false;
    uint8_t orig[32];
    assert_int_equal(seal_chain_resolve_package(c, SEAL_LEDGER_SEAL_PACKAGE, orig, &v, &found),
                     SEAL_OK);
    assert_true(found);
    seal_chain_close(c);
    /* now it exists */
    assert_int_equal(seal_chain_open(&c, spec, NULL), SEAL_OK);
    seal_chain_close(c);
    seal_chain_close(NULL);
    assert_false(seal_chain_is_embedded(NULL));
}

static void test_reads(void **state) {
    (void)state;
    seal_chain *c = open_chain();
    uint8_t ids[3][32];
    seal_ledger_object objs[3];
    bool found[3];
    memcpy(ids[0], T.al, 32);
    memset(ids[1], 0xee, 32); /* unknown */
    memcpy(ids[2], T.cap, 32);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 3, objs, found), SEAL_OK);
    assert_true(found[0]);
    assert_false(found[1]);
    assert_true(found[2]);
    assert_memory_equal(objs[0].id, T.al, 32);
    assert_int_equal(objs[0].owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(objs[2].owner.kind, SEAL_SUI_OWNER_ADDRESS);
    assert_memory_equal(objs[2].owner.address, T.owner, 32);
    /* the same as the ledger's own answer */
    {
        seal_ledger *l = NULL;
        seal_ledger_object o;
        bool f = false;
        assert_int_equal(seal_ledger_open_readonly(&l, T.path), SEAL_OK);
        assert_int_equal(seal_ledger_object_get(l, T.al, &o, &f), SEAL_OK);
        assert_int_equal(o.version, objs[0].version);
        assert_memory_equal(o.digest, objs[0].digest, 32);
        assert_int_equal(o.contents_len, objs[0].contents_len);
        assert_memory_equal(o.contents, objs[0].contents, o.contents_len);
        seal_ledger_object_clear(&o);
        seal_ledger_close(l);
    }
    seal_ledger_object_clear(&objs[0]);
    seal_ledger_object_clear(&objs[2]);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 0, objs, found), SEAL_OK);
    uint8_t many[SEAL_CHAIN_MAX_OBJECTS + 1][32];
    seal_ledger_object mo[SEAL_CHAIN_MAX_OBJECTS + 1];
    bool mf[SEAL_CHAIN_MAX_OBJECTS + 1];
    memset(many, 1, sizeof many);
    assert_int_equal(
        seal_chain_get_objects(c, (const uint8_t(*)[32])many, SEAL_CHAIN_MAX_OBJECTS + 1, mo, mf),
        SEAL_ERR_LIMIT);

    /* packages: original id and version; a Move object is not a package */
    uint8_t orig[32];
    uint64_t ver = 0;
    bool f = false;
    assert_int_equal(seal_chain_resolve_package(c, SEAL_LEDGER_PATTERNS_PACKAGE, orig, &ver, &f),
                     SEAL_OK);
    assert_true(f);
    assert_memory_equal(orig, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
    assert_int_equal(ver, 1);
    assert_int_equal(seal_chain_resolve_package(c, T.al, orig, &ver, &f), SEAL_OK);
    assert_false(f);

    uint64_t t = 0, gp = 0;
    assert_int_equal(seal_chain_clock(c, &t), SEAL_OK);
    assert_int_equal(t, T0);
    assert_int_equal(seal_chain_reference_gas_price(c, &gp), SEAL_OK);
    assert_int_equal(gp, 1000);
    /* the clock moves under an open handle: a new snapshot each call */
    {
        seal_ledger *l = NULL;
        assert_int_equal(seal_ledger_open(&l, T.path), SEAL_OK);
        assert_int_equal(seal_ledger_clock_advance(l, 5), SEAL_OK);
        seal_ledger_close(l);
    }
    assert_int_equal(seal_chain_clock(c, &t), SEAL_OK);
    assert_int_equal(t, T0 + 5);
    seal_chain_close(c);
}

static void test_dry_run_verdicts(void **state) {
    (void)state;
    seal_chain *c = open_chain();
    uint8_t tx[1024];
    size_t n;
    seal_chain_dry_run_result r;

    n = approve_tx(tx, sizeof tx, T.member);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);

    n = approve_tx(tx, sizeof tx, T.stranger);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_ABORT);
    assert_memory_equal(r.abort_package, SEAL_LEDGER_EXAMPLES_PACKAGE, 32);
    assert_string_equal(r.abort_module, "allowlist");
    assert_string_equal(r.abort_function, "seal_approve");
    assert_int_equal(r.abort_code, 1);
    assert_int_equal(r.command, 0);

    uint8_t id[32];
    memcpy(id, T.al, 32);
    n = build_tx(tx, sizeof tx, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve_nope", id,
                 32, T.al, 1, T.member);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_FUNCTION_NOT_FOUND);

    /* unknown object; wrong initial shared version; an owned object of someone else */
    uint8_t nobody[32];
    memset(nobody, 0x5a, 32);
    n = build_tx(tx, sizeof tx, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", id, 32,
                 nobody, 1, T.member);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    assert_true(strlen(r.message) > 0);
    n = build_tx(tx, sizeof tx, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", id, 32,
                 T.al, 7, T.member);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    n = build_tx(tx, sizeof tx, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", id, 32,
                 T.cap, 0, T.member);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    /* the Cap where the Allowlist is expected (owner passes it): type mismatch */
    n = build_tx(tx, sizeof tx, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", id, 32,
                 T.cap, 0, T.owner);
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_EXECUTION_ERROR);
    assert_true(strlen(r.message) > 0);

    /* malformed bytes are the caller's error, not a verdict */
    assert_int_not_equal(seal_chain_dry_run(c, tx, n - 1, &r), SEAL_OK);
    assert_int_equal(seal_chain_dry_run(c, NULL, 3, &r), SEAL_ERR_INVALID_ARGUMENT);
    seal_chain_close(c);
}

static void test_verdict_mapping(void **state) {
    (void)state;
    static const struct {
        seal_ledger_status s;
        seal_chain_verdict v;
    } table[] = {
        {SEAL_LEDGER_SUCCESS, SEAL_CHAIN_SUCCESS},
        {SEAL_LEDGER_ABORT, SEAL_CHAIN_ABORT},
        {SEAL_LEDGER_FUNCTION_NOT_FOUND, SEAL_CHAIN_FUNCTION_NOT_FOUND},
        {SEAL_LEDGER_OBJECT_NOT_FOUND, SEAL_CHAIN_INVALID_INPUT},
        {SEAL_LEDGER_TYPE_MISMATCH, SEAL_CHAIN_EXECUTION_ERROR},
        {SEAL_LEDGER_WRONG_OWNER, SEAL_CHAIN_INVALID_INPUT},
        {SEAL_LEDGER_VERSION_MISMATCH, SEAL_CHAIN_INVALID_INPUT},
        {SEAL_LEDGER_ARITY_MISMATCH, SEAL_CHAIN_EXECUTION_ERROR},
        {SEAL_LEDGER_INVALID_BCS, SEAL_CHAIN_EXECUTION_ERROR},
        {SEAL_LEDGER_UNSUPPORTED, SEAL_CHAIN_EXECUTION_ERROR},
        {SEAL_LEDGER_ARITHMETIC_ERROR, SEAL_CHAIN_EXECUTION_ERROR},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        seal_ledger_outcome o;
        seal_chain_dry_run_result r;
        memset(&o, 0, sizeof o);
        o.status = table[i].s;
        o.command = 2;
        memset(o.abort_package, 0x42, 32);
        strcpy(o.abort_module, "m");
        strcpy(o.abort_function, "f");
        o.abort_code = 99;
        snprintf(o.message, sizeof o.message, "status %d", (int)table[i].s);
        memset(&r, 0xff, sizeof r);
        seal_chain_verdict_from_ledger(&r, &o);
        assert_int_equal(r.verdict, table[i].v);
        if (table[i].v == SEAL_CHAIN_ABORT) {
            assert_int_equal(r.abort_code, 99);
            assert_string_equal(r.abort_module, "m");
            assert_string_equal(r.abort_function, "f");
            assert_memory_equal(r.abort_package, o.abort_package, 32);
            assert_int_equal(r.command, 2);
        } else {
            assert_int_equal(r.abort_code, 0);
            assert_string_equal(r.abort_module, "");
        }
        if (table[i].v != SEAL_CHAIN_SUCCESS && table[i].v != SEAL_CHAIN_ABORT)
            assert_string_equal(r.message, o.message);
        if (table[i].v == SEAL_CHAIN_SUCCESS)
            assert_string_equal(r.message, "");
    }
}

/* ---- concurrency ---------------------------------------------------------------------------- */

typedef struct worker {
    seal_chain *c;
    int rounds;
    int failures;
} worker;

static void *worker_main(void *arg) {
    worker *w = arg;
    uint8_t tx_ok[1024], tx_no[1024];
    size_t n_ok = approve_tx(tx_ok, sizeof tx_ok, T.member);
    size_t n_no = approve_tx(tx_no, sizeof tx_no, T.stranger);
    for (int i = 0; i < w->rounds; i++) {
        seal_chain_dry_run_result r;
        seal_ledger_object o;
        bool f = false;
        uint64_t t = 0;
        if (seal_chain_dry_run(w->c, tx_ok, n_ok, &r) != SEAL_OK || r.verdict != SEAL_CHAIN_SUCCESS)
            w->failures++;
        if (seal_chain_dry_run(w->c, tx_no, n_no, &r) != SEAL_OK || r.verdict != SEAL_CHAIN_ABORT)
            w->failures++;
        if (seal_chain_get_objects(w->c, (const uint8_t(*)[32]) & T.al, 1, &o, &f) != SEAL_OK || !f)
            w->failures++;
        else
            seal_ledger_object_clear(&o);
        if (seal_chain_clock(w->c, &t) != SEAL_OK || t < T0)
            w->failures++;
    }
    return NULL;
}

static void test_concurrent_readers(void **state) {
    (void)state;
    seal_chain *c = open_chain();
    pthread_t th[4];
    worker w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){c, 50, 0};
        assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
    }
    /* a writer in another handle meanwhile (SQLite serialises; readers keep their snapshots) */
    {
        seal_ledger *l = NULL;
        assert_int_equal(seal_ledger_open(&l, T.path), SEAL_OK);
        for (int i = 0; i < 10; i++)
            assert_int_equal(seal_ledger_clock_advance(l, 1), SEAL_OK);
        seal_ledger_close(l);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(w[i].failures, 0);
    }
    seal_chain_close(c);
}

/* ---- signed transactions ------------------------------------------------------------------ */

static void keypair(seal_sui_keypair *kp, uint8_t seed) {
    uint8_t secret[32];
    memset(secret, seed, 32);
    assert_int_equal(seal_sui_keypair_from_secret(kp, SEAL_SUI_SCHEME_ED25519, secret), SEAL_OK);
}

/* One MoveCall with the given inputs as TransactionData of sender. */
static size_t one_call(uint8_t *out, size_t cap, const uint8_t sender[32], const char *module,
                       const char *function, const seal_sui_call_arg *in, size_t n_in) {
    return tu_call_tx(out, cap, sender, module, function, in, n_in, 50000000);
}

static seal_err sign_and_execute(seal_chain *c, const seal_sui_keypair *kp, const uint8_t *tx,
                                 size_t n, seal_ledger_effects *e) {
    uint8_t sig[SEAL_SUI_SIMPLE_SIGNATURE_MAX_BYTES];
    size_t sig_len = 0;
    assert_int_equal(seal_sui_sign_transaction(sig, &sig_len, kp, tx, n), SEAL_OK);
    const uint8_t *sigs[1] = {sig};
    size_t lens[1] = {sig_len};
    return seal_chain_execute(c, tx, n, sigs, lens, 1, e);
}

/* Creates an allowlist signed by kp; returns its id and the Cap's. */
static void create_allowlist(seal_chain *c, const seal_sui_keypair *kp, uint8_t al[32],
                             uint8_t cap[32]) {
    static const uint8_t name[] = {4, 't', 'e', 'a', 'm'};
    seal_sui_call_arg in = {.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {name, sizeof name}};
    uint8_t tx[512], sender[32];
    seal_ledger_effects *e = malloc(sizeof *e);
    assert_non_null(e);
    seal_sui_keypair_address(sender, kp);
    size_t n = one_call(tx, sizeof tx, sender, "allowlist", "create_allowlist_entry", &in, 1);
    assert_int_equal(sign_and_execute(c, kp, tx, n, e), SEAL_OK);
    assert_int_equal(e->outcome.status, SEAL_LEDGER_SUCCESS);
    assert_true(e->executed);
    assert_memory_equal(e->sender, sender, 32);
    assert_int_equal(e->n_created, 2);
    for (size_t i = 0; i < 2; i++) {
        if (e->created[i].owner.kind == SEAL_SUI_OWNER_SHARED)
            memcpy(al, e->created[i].id, 32);
        else
            memcpy(cap, e->created[i].id, 32);
    }
    free(e);
}

static void test_execute(void **state) {
    (void)state;
    seal_chain *c = open_chain();
    seal_sui_keypair kp, other;
    uint8_t al[32], cap[32], me[32], tx[1024], id[40];
    seal_ledger_effects *e = malloc(sizeof *e);
    seal_chain_dry_run_result r;
    assert_non_null(e);
    keypair(&kp, 7);
    keypair(&other, 8);
    seal_sui_keypair_address(me, &kp);
    create_allowlist(c, &kp, al, cap);
    /* the objects are there for readers at once */
    {
        seal_ledger_object o[2];
        bool f[2];
        uint8_t ids[2][32];
        memcpy(ids[0], al, 32);
        memcpy(ids[1], cap, 32);
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, f), SEAL_OK);
        assert_true(f[0] && f[1]);
        assert_memory_equal(o[1].owner.address, me, 32);
        seal_ledger_object_clear(&o[0]);
        seal_ledger_object_clear(&o[1]);
    }
    /* not a member yet */
    memcpy(id, al, 32);
    memset(id + 32, 1, 8);
    size_t n = 0;
    /* the Allowlist's initial shared version: read it */
    {
        seal_ledger_object o;
        bool f = false;
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32]) & al, 1, &o, &f),
                         SEAL_OK);
        n = build_tx(tx, sizeof tx, SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", id,
                     sizeof id, al, o.owner.version, me);
        /* add me: allowlist::add(&mut Allowlist, &Cap, address) */
        seal_sui_call_arg in[3];
        memset(in, 0, sizeof in);
        in[0].kind = SEAL_SUI_CALL_ARG_OBJECT;
        in[0].object_kind = SEAL_SUI_OBJECT_SHARED;
        memcpy(in[0].object.id, al, 32);
        in[0].initial_shared_version = o.owner.version;
        in[0].mutability = SEAL_SUI_SHARED_MUTABLE;
        in[1].kind = SEAL_SUI_CALL_ARG_OBJECT;
        in[1].object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
        seal_ledger_object co;
        bool cf = false;
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32]) & cap, 1, &co, &cf),
                         SEAL_OK);
        memcpy(in[1].object.id, cap, 32);
        in[1].object.version = co.version;
        memcpy(in[1].object.digest, co.digest, 32);
        seal_ledger_object_clear(&co);
        in[2].kind = SEAL_SUI_CALL_ARG_PURE;
        in[2].pure = (seal_sui_bytes){me, 32};
        seal_ledger_object_clear(&o);
        assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
        assert_int_equal(r.verdict, SEAL_CHAIN_ABORT);

        uint8_t add[1024];
        size_t an = one_call(add, sizeof add, me, "allowlist", "add", in, 3);
        /* a signature by someone else */
        assert_int_equal(sign_and_execute(c, &other, add, an, e), SEAL_ERR_INVALID_SIGNATURE);
        assert_int_equal(sign_and_execute(c, &kp, add, an, e), SEAL_OK);
        assert_int_equal(e->outcome.status, SEAL_LEDGER_SUCCESS);
        assert_true(e->executed);
        assert_true(e->n_mutated >= 1);
        /* executing it again returns the recorded effects */
        uint8_t d1[32];
        memcpy(d1, e->digest, 32);
        assert_int_equal(sign_and_execute(c, &kp, add, an, e), SEAL_OK);
        assert_memory_equal(e->digest, d1, 32);
    }
    assert_int_equal(seal_chain_dry_run(c, tx, n, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);
    /* bad arguments */
    assert_int_equal(seal_chain_execute(c, NULL, 3, NULL, NULL, 0, e), SEAL_ERR_INVALID_ARGUMENT);
    seal_sui_keypair_clear(&kp);
    seal_sui_keypair_clear(&other);
    free(e);
    seal_chain_close(c);
}

typedef struct creator {
    seal_chain *c;
    uint8_t seed;
    uint8_t al[32], cap[32];
} creator;

static void *creator_main(void *arg) {
    creator *k = arg;
    seal_sui_keypair kp;
    keypair(&kp, k->seed);
    create_allowlist(k->c, &kp, k->al, k->cap);
    seal_sui_keypair_clear(&kp);
    return NULL;
}

/* Writers from 4 threads go one at a time through the one writer handle. */
static void test_concurrent_writers(void **state) {
    (void)state;
    seal_chain *c = open_chain();
    pthread_t th[4];
    creator k[4];
    for (int i = 0; i < 4; i++) {
        memset(&k[i], 0, sizeof k[i]);
        k[i].c = c;
        k[i].seed = (uint8_t)(20 + i);
        assert_int_equal(pthread_create(&th[i], NULL, creator_main, &k[i]), 0);
    }
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            assert_memory_not_equal(k[i].al, k[j].al, 32);
    seal_chain_close(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_specs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dry_run_verdicts, setup, teardown),
        cmocka_unit_test(test_verdict_mapping),
        cmocka_unit_test_setup_teardown(test_concurrent_readers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_execute, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
