/* Input resolution of incomplete transactions (seal_ledger_resolve_inputs), the published
 * function signatures it reads (seal_ledger_function_*), and simulated executions
 * (seal_ledger_simulate_transaction, seal_ledger_ptb_changes_state). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "seal/bls12_381.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define T0 1700000000000ull

static char g_dir[64];
static char g_path[128];
static seal_ledger *g_l;
static uint8_t g_owner[32], g_other[32], g_al[32], g_cap[32], g_ks[32];

static int setup(void **state) {
    seal_ledger_outcome o;
    seal_g2 g;
    uint8_t pk[96];
    (void)state;
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_ledger_resolve_"))
        return -1;
    snprintf(g_path, sizeof g_path, "%s/ledger.db", g_dir);
    if (seal_ledger_open_ex(&g_l, g_path, T0) != SEAL_OK)
        return -1;
    memset(g_owner, 0xa1, 32);
    memset(g_other, 0xb2, 32);
    if (seal_ledger_allowlist_create(g_l, g_owner, "team", g_al, g_cap, &o) != SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    seal_g2_generator(&g);
    seal_g2_compress(pk, &g);
    if (seal_ledger_key_server_register(g_l, g_owner, "s", "http://x", 0, pk, g_ks, &o) !=
            SEAL_OK ||
        o.status != SEAL_LEDGER_SUCCESS)
        return -1;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    seal_ledger_close(g_l);
    return tu_rmtree(g_dir);
}

static seal_ledger_object get(const uint8_t id[32]) {
    seal_ledger_object o;
    bool found = false;
    assert_int_equal(seal_ledger_object_get(g_l, id, &o, &found), SEAL_OK);
    return o;
}

static seal_ledger_input obj_in(seal_ledger_input_kind kind, const uint8_t id[32]) {
    seal_ledger_input in;
    memset(&in, 0, sizeof in);
    in.kind = kind;
    memcpy(in.id, id, 32);
    return in;
}

static seal_ledger_input pure_in(const uint8_t *p, size_t n) {
    seal_ledger_input in;
    memset(&in, 0, sizeof in);
    in.kind = SEAL_LEDGER_INPUT_PURE;
    in.pure.ptr = p;
    in.pure.len = n;
    return in;
}

static seal_sui_command call(const uint8_t pkg[32], const char *module, const char *fn,
                             const seal_sui_argument *args, size_t n) {
    seal_sui_command c;
    memset(&c, 0, sizeof c);
    c.kind = SEAL_SUI_CMD_MOVE_CALL;
    memcpy(c.package, pkg, 32);
    c.module = (seal_sui_bytes){(const uint8_t *)module, strlen(module)};
    c.function = (seal_sui_bytes){(const uint8_t *)fn, strlen(fn)};
    c.args = args;
    c.n_args = n;
    return c;
}

static const seal_sui_argument ARGS3[] = {
    {SEAL_SUI_ARG_INPUT, 0, 0}, {SEAL_SUI_ARG_INPUT, 1, 0}, {SEAL_SUI_ARG_INPUT, 2, 0}};

static seal_ledger_resolve_result resolve(const seal_ledger_input *in, size_t n,
                                          const seal_sui_command *cmds, size_t n_cmds,
                                          seal_sui_call_arg *out) {
    seal_ledger_resolve_result r;
    assert_int_equal(seal_ledger_resolve_inputs(g_l, in, n, cmds, n_cmds, out, &r), SEAL_OK);
    return r;
}

static void test_abi(void **state) {
    const seal_ledger_function *f;
    const char *type = NULL;
    (void)state;
    f = seal_ledger_function_find(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", 9, "add", 3);
    assert_non_null(f);
    assert_int_equal(seal_ledger_function_arity(f), 3);
    assert_int_equal(seal_ledger_param_reference(f->params[0], &type), 2);
    assert_string_equal(type, "0x5ea3::allowlist::Allowlist");
    assert_int_equal(seal_ledger_param_reference(f->params[1], NULL), 1);
    assert_int_equal(seal_ledger_param_reference(f->params[2], &type), 0);
    assert_string_equal(type, "address");
    assert_null(seal_ledger_function_find(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", 9, "ad", 2));
    assert_null(seal_ledger_function_find(SEAL_LEDGER_SEAL_PACKAGE, "allowlist", 9, "add", 3));
    assert_true(seal_ledger_module_exists(SEAL_LEDGER_SEAL_PACKAGE, "time", 4));
    assert_false(seal_ledger_module_exists(SEAL_LEDGER_SEAL_PACKAGE, "tim", 3));
    assert_true(seal_ledger_is_published_package(SEAL_LEDGER_PATTERNS_PACKAGE));
    assert_false(seal_ledger_is_published_package(SEAL_LEDGER_CLOCK_ID));
    /* every signature parses as Move types */
    for (size_t i = 0; (f = seal_ledger_function_at(i)) != NULL; i++) {
        for (size_t k = 0; k < seal_ledger_function_arity(f); k++) {
            uint8_t tag[512];
            size_t len = 0;
            seal_ledger_param_reference(f->params[k], &type);
            assert_int_equal(seal_sui_type_tag_parse(tag, sizeof tag, &len, type), SEAL_OK);
        }
    }
}

/* seal_approve(id, &Allowlist) with the allowlist given by id only: shared, immutable. */
static void test_unset_shared_immutable(void **state) {
    uint8_t id[33] = {32};
    seal_ledger_input in[2];
    seal_sui_call_arg out[2];
    seal_sui_command c = call(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", ARGS3, 2);
    seal_ledger_resolve_result r;
    (void)state;
    memcpy(id + 1, g_al, 32);
    in[0] = pure_in(id, sizeof id);
    in[1] = obj_in(SEAL_LEDGER_INPUT_UNSET, g_al);
    in[1].has_version = true; /* ignored for shared objects */
    in[1].version = 99;
    r = resolve(in, 2, &c, 1, out);
    assert_int_equal(r.status, SEAL_LEDGER_RESOLVED);
    assert_int_equal(out[0].kind, SEAL_SUI_CALL_ARG_PURE);
    assert_ptr_equal(out[0].pure.ptr, id);
    assert_int_equal(out[1].kind, SEAL_SUI_CALL_ARG_OBJECT);
    assert_int_equal(out[1].object_kind, SEAL_SUI_OBJECT_SHARED);
    assert_memory_equal(out[1].object.id, g_al, 32);
    seal_ledger_object al = get(g_al);
    assert_int_equal(out[1].initial_shared_version, al.owner.version);
    assert_int_equal(out[1].mutability, SEAL_SUI_SHARED_IMMUTABLE);
    seal_ledger_object_clear(&al);
}

/* allowlist::add(&mut Allowlist, &Cap, address): allowlist mutable, cap by current reference;
 * the resolved transaction simulates to success and changes nothing. */
static void test_mutable_and_owned_then_simulate(void **state) {
    seal_ledger_input in[3];
    seal_sui_call_arg out[3];
    seal_sui_command c = call(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", ARGS3, 3);
    seal_ledger_resolve_result r;
    seal_ledger_object cap = get(g_cap), al = get(g_al), after;
    seal_sui_ptb ptb;
    seal_sui_transaction_data td;
    seal_ledger_effects *fx = calloc(1, sizeof *fx);
    uint8_t buf[4096];
    seal_bcs_writer w;
    (void)state;
    in[0] = obj_in(SEAL_LEDGER_INPUT_UNSET, g_al);
    in[1] = obj_in(SEAL_LEDGER_INPUT_UNSET, g_cap);
    in[2] = pure_in(g_other, 32);
    r = resolve(in, 3, &c, 1, out);
    assert_int_equal(r.status, SEAL_LEDGER_RESOLVED);
    assert_int_equal(out[0].object_kind, SEAL_SUI_OBJECT_SHARED);
    assert_int_equal(out[0].mutability, SEAL_SUI_SHARED_MUTABLE);
    assert_int_equal(out[1].object_kind, SEAL_SUI_OBJECT_IMM_OR_OWNED);
    assert_int_equal(out[1].object.version, cap.version);
    assert_memory_equal(out[1].object.digest, cap.digest, 32);

    memset(&ptb, 0, sizeof ptb);
    ptb.inputs = out;
    ptb.n_inputs = 3;
    ptb.commands = &c;
    ptb.n_commands = 1;
    assert_true(seal_ledger_ptb_changes_state(&ptb));
    memset(&td, 0, sizeof td);
    td.ptb = &ptb;
    memcpy(td.sender, g_owner, 32);
    memcpy(td.gas.owner, g_owner, 32);
    td.gas.price = SEAL_LEDGER_REFERENCE_GAS_PRICE;
    td.gas.budget = SEAL_LEDGER_MAX_TX_GAS;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &td), SEAL_OK);
    assert_non_null(fx);
    assert_int_equal(seal_ledger_simulate_transaction(g_l, buf, w.len, fx), SEAL_OK);
    assert_true(fx->executed);
    assert_int_equal(fx->outcome.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(fx->n_mutated, 2); /* the allowlist and the cap (owned inputs are bumped) */
    /* nothing changed on the ledger */
    after = get(g_al);
    assert_int_equal(after.version, al.version);
    assert_memory_equal(after.digest, al.digest, 32);
    seal_ledger_object_clear(&after);
    /* a read-only handle cannot simulate state changes */
    {
        seal_ledger *ro = NULL;
        assert_int_equal(seal_ledger_open_readonly(&ro, g_path), SEAL_OK);
        assert_int_equal(seal_ledger_simulate_transaction(ro, buf, w.len, fx),
                         SEAL_ERR_UNSUPPORTED);
        seal_ledger_close(ro);
    }
    /* the sender is not the cap's owner: refused by the input checks */
    memcpy(td.sender, g_other, 32);
    memcpy(td.gas.owner, g_other, 32);
    seal_bcs_writer_init(&w, buf, sizeof buf);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &td), SEAL_OK);
    assert_int_equal(seal_ledger_simulate_transaction(g_l, buf, w.len, fx), SEAL_OK);
    assert_false(fx->executed);
    assert_int_equal(fx->outcome.status, SEAL_LEDGER_WRONG_OWNER);
    free(fx);
    seal_ledger_object_clear(&cap);
    seal_ledger_object_clear(&al);
}

static void test_read_only_ptb(void **state) {
    seal_sui_command c = call(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "seal_approve", ARGS3, 2);
    seal_sui_ptb ptb = {0, NULL, 1, &c};
    (void)state;
    assert_false(seal_ledger_ptb_changes_state(&ptb));
    c = call(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "nope", ARGS3, 2);
    assert_false(seal_ledger_ptb_changes_state(&ptb));
    c.kind = SEAL_SUI_CMD_TRANSFER_OBJECTS;
    assert_true(seal_ledger_ptb_changes_state(&ptb));
}

/* The Clock given by id to check_staleness: shared at version 1, immutable. */
static void test_clock(void **state) {
    uint8_t u64[8] = {0};
    seal_ledger_input in[3] = {pure_in(u64, 8), pure_in(u64, 8),
                               obj_in(SEAL_LEDGER_INPUT_SHARED, SEAL_LEDGER_CLOCK_ID)};
    seal_sui_call_arg out[3];
    seal_sui_command c = call(SEAL_LEDGER_SEAL_PACKAGE, "time", "check_staleness", ARGS3, 3);
    seal_ledger_resolve_result r = resolve(in, 3, &c, 1, out);
    (void)state;
    assert_int_equal(r.status, SEAL_LEDGER_RESOLVED);
    assert_int_equal(out[2].object_kind, SEAL_SUI_OBJECT_SHARED);
    assert_int_equal(out[2].initial_shared_version, 1);
    assert_int_equal(out[2].mutability, SEAL_SUI_SHARED_IMMUTABLE);
}

/* A shared object moved by TransferObjects counts as mutable (by value). */
static void test_transfer_marks_mutable(void **state) {
    seal_ledger_input in[2] = {obj_in(SEAL_LEDGER_INPUT_UNSET, g_al), pure_in(g_other, 32)};
    seal_sui_call_arg out[2];
    seal_sui_argument obj = {SEAL_SUI_ARG_INPUT, 0, 0};
    seal_sui_command c;
    (void)state;
    memset(&c, 0, sizeof c);
    c.kind = SEAL_SUI_CMD_TRANSFER_OBJECTS;
    c.args = &obj;
    c.n_args = 1;
    c.arg = (seal_sui_argument){SEAL_SUI_ARG_INPUT, 1, 0};
    assert_int_equal(resolve(in, 2, &c, 1, out).status, SEAL_LEDGER_RESOLVED);
    assert_int_equal(out[0].mutability, SEAL_SUI_SHARED_MUTABLE);
}

static void expect(seal_ledger_resolve_result r, seal_ledger_resolve_status s, const char *text) {
    assert_int_equal(r.status, s);
    if (strstr(r.message, text) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", r.message, text);
}

static void test_errors(void **state) {
    seal_ledger_input in[3];
    seal_sui_call_arg out[3];
    seal_sui_command c = call(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "add", ARGS3, 3);
    seal_ledger_object cap = get(g_cap);
    uint8_t missing[32], field[32];
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES], want[128];
    (void)state;
    memset(missing, 0x77, 32);
    in[0] = obj_in(SEAL_LEDGER_INPUT_UNSET, g_al);
    in[1] = obj_in(SEAL_LEDGER_INPUT_IMM_OR_OWNED, g_cap);
    in[2] = pure_in(g_other, 32);
    /* stale version / digest given */
    in[1].has_version = true;
    in[1].version = cap.version + 1;
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "current version");
    in[1].version = cap.version;
    in[1].has_digest = true;
    memcpy(in[1].digest, cap.digest, 32);
    assert_int_equal(resolve(in, 3, &c, 1, out).status, SEAL_LEDGER_RESOLVED);
    in[1].digest[0] = (uint8_t)~cap.digest[0];
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "digest");
    in[1] = obj_in(SEAL_LEDGER_INPUT_SHARED, g_cap);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "not a shared object");
    in[1] = obj_in(SEAL_LEDGER_INPUT_IMM_OR_OWNED, g_al);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "address-owned or immutable");
    in[1] = obj_in(SEAL_LEDGER_INPUT_RECEIVING, g_al);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "owned by an address");
    /* missing object */
    in[1] = obj_in(SEAL_LEDGER_INPUT_UNSET, missing);
    seal_sui_address_format(hex, missing);
    snprintf(want, sizeof want, "Object %s not found", hex);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_NOT_FOUND, want);
    /* an object owned by an object (the key server's dynamic field) */
    seal_ledger_key_server_field_id(field, g_ks, 2);
    in[1] = obj_in(SEAL_LEDGER_INPUT_UNSET, field);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "owned by an object");
    /* a package as an input */
    in[1] = obj_in(SEAL_LEDGER_INPUT_UNSET, SEAL_LEDGER_EXAMPLES_PACKAGE);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, "package");
    /* an unknown function that takes a shared object */
    in[1] = obj_in(SEAL_LEDGER_INPUT_UNSET, g_cap);
    c = call(SEAL_LEDGER_EXAMPLES_PACKAGE, "allowlist", "nope", ARGS3, 3);
    seal_sui_address_format(hex, SEAL_LEDGER_EXAMPLES_PACKAGE);
    snprintf(want, sizeof want, "unable to find function %s::allowlist::nope", hex);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_INVALID, want);
    /* a package that does not exist */
    c = call(missing, "m", "f", ARGS3, 3);
    seal_sui_address_format(hex, missing);
    snprintf(want, sizeof want, "Object %s not found", hex);
    expect(resolve(in, 3, &c, 1, out), SEAL_LEDGER_RESOLVE_NOT_FOUND, want);
    seal_ledger_object_clear(&cap);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abi),
        cmocka_unit_test(test_unset_shared_immutable),
        cmocka_unit_test(test_mutable_and_owned_then_simulate),
        cmocka_unit_test(test_read_only_ptb),
        cmocka_unit_test(test_clock),
        cmocka_unit_test(test_transfer_marks_mutable),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
