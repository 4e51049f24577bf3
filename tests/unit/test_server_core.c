/* Key server core: routing, headers, fetch_key validation and answers (src/server/server_core.c,
 * docs/server.md), against an embedded chain on a temporary ledger. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "server/server.h"
#include "seal/chain.h"
#include "seal/keys.h"
#include "seal/ledger.h"

#define T0 1700000000000ull

static char g_dir[64];
static char g_spec[128];
static seal_chain *g_chain;
static seal_server *g_srv;
static seal_server_config g_cfg;

static int setup(void **state) {
    (void)state;
    char path[128];
    seal_ledger *l = NULL;
    snprintf(g_dir, sizeof g_dir, "/tmp/seal_srvcore_XXXXXX");
    if (mkdtemp(g_dir) == NULL)
        return -1;
    snprintf(path, sizeof path, "%s/ledger.db", g_dir);
    snprintf(g_spec, sizeof g_spec, "embedded:%s", g_dir);
    if (seal_ledger_open_ex(&l, path, T0) != SEAL_OK)
        return -1;
    seal_ledger_close(l);
    if (seal_chain_open(&g_chain, g_spec, NULL) != SEAL_OK)
        return -1;
    memset(&g_cfg, 0, sizeof g_cfg);
    g_cfg.mode = SEAL_SERVER_OPEN;
    memcpy(g_cfg.seal_package, SEAL_LEDGER_SEAL_PACKAGE, 32);
    snprintf(g_cfg.network, sizeof g_cfg.network, "Devnet");
    uint8_t pk[96];
    if (seal_keys_generate(g_cfg.msk, pk, NULL) != SEAL_OK)
        return -1;
    g_cfg.has_msk = true;
    if (seal_server_create(&g_srv, &g_cfg, g_chain) != SEAL_OK)
        return -1;
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    seal_server_free(g_srv);
    seal_chain_close(g_chain);
    seal_server_config_clear(&g_cfg);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void request(seal_server_response *resp, const char *method, const char *path,
                    const seal_server_header *h, size_t nh, const char *body) {
    seal_server_request req = {0};
    req.method = method;
    req.path = path;
    req.headers = h;
    req.n_headers = nh;
    req.body = (const uint8_t *)body;
    req.body_len = body != NULL ? strlen(body) : 0;
    req.now_ms = T0;
    seal_server_handle(g_srv, &req, resp);
}

static void test_health(void **state) {
    (void)state;
    seal_server_response resp;
    request(&resp, "GET", "/health", NULL, 0, NULL);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.route, "/health");
    assert_null(resp.error_kind);
    assert_false(resp.version_headers);
    json_error_t je;
    json_t *j = json_loadb(resp.body, resp.body_len, 0, &je);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "key-server");
    assert_string_equal(json_string_value(json_object_get(j, "version")), SEAL_SERVER_VERSION);
    assert_string_equal(json_string_value(json_object_get(j, "status")), "up");
    assert_int_equal(json_object_size(j), 3);
    json_decref(j);
    seal_server_response_clear(&resp);
}

static void test_unknown_route(void **state) {
    (void)state;
    seal_server_response resp;
    request(&resp, "GET", "/v2/whatever", NULL, 0, NULL);
    assert_int_equal(resp.status, 404);
    assert_string_equal(resp.route, "unknown");
    seal_server_response_clear(&resp);
    request(&resp, "GET", "/", NULL, 0, NULL);
    assert_int_equal(resp.status, 404);
    seal_server_response_clear(&resp);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_health),
        cmocka_unit_test(test_unknown_route),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
