/* Key server configuration (src/server/server_config.c, docs/server.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "server/server.h"
#include "server/server_internal.h"
#include "seal/keys.h"
#include "seal/sui.h"

static char g_dir[64];
static char g_path[128];

#define MSK_HEX "0x3c01b5a8d1b5e0c4a3b2f0e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f"
#define SEED_HEX "0x0101010101010101010101010101010101010101010101010101010101010101"
#define KS1 "0x0000000000000000000000000000000000000000000000000000000000000abc"

static int setup(void **state) {
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/seal_srvcfg_XXXXXX");
    if (mkdtemp(g_dir) == NULL)
        return -1;
    snprintf(g_path, sizeof g_path, "%s/config.yaml", g_dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text, mode_t mode) {
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

/* Loads text as a config; returns the error and copies the message into msg. */
static seal_err load(const char *text, seal_server_config *cfg, char *msg, size_t msg_len) {
    write_file(g_path, text, 0644);
    return seal_server_config_load(cfg, g_path, msg, msg_len);
}

static void clear_env(void) {
    unsetenv("MASTER_KEY");
    unsetenv("NODE_URL");
    unsetenv("BOB_KEY");
}

static void test_open_minimal(void **state) {
    (void)state;
    seal_server_config cfg;
    char msg[256];
    clear_env();
    setenv("MASTER_KEY", MSK_HEX, 1);
    seal_err err = load("network: !Devnet\n"
                        "  seal_package: 0x5ea1\n"
                        "server_mode: !Open\n"
                        "  key_server_object_id: " KS1 "\n"
                        "chain: embedded:/tmp/x\n",
                        &cfg, msg, sizeof msg);
    assert_int_equal(err, SEAL_OK);
    assert_string_equal(msg, "");
    assert_int_equal(cfg.mode, SEAL_SERVER_OPEN);
    assert_string_equal(cfg.network, "Devnet");
    assert_int_equal(cfg.seal_package[31], 0xa1);
    assert_int_equal(cfg.seal_package[30], 0x5e);
    assert_int_equal(cfg.key_server_object_id[31], 0xbc);
    assert_int_equal(cfg.key_server_object_id[30], 0x0a);
    assert_string_equal(cfg.chain, "embedded:/tmp/x");
    assert_true(cfg.has_msk);
    uint8_t want[32];
    assert_int_equal(seal_hex_decode(want, 32, MSK_HEX), SEAL_OK);
    assert_memory_equal(cfg.msk, want, 32);
    /* defaults */
    assert_string_equal(cfg.ts_sdk_version_requirement, ">=0.4.5");
    assert_string_equal(cfg.aggregator_version_requirement, ">=0.6.2");
    assert_int_equal(cfg.allowed_staleness_ms, 120000);
    assert_int_equal(cfg.session_key_ttl_max_ms, 1800000);
    assert_int_equal(cfg.rgp_update_interval_ms, 60000);
    assert_int_equal(cfg.rpc_timeout_ms, 60000);
    assert_int_equal(cfg.rpc_retries, 3);
    assert_string_equal(cfg.listen, "127.0.0.1:2024");
    assert_string_equal(cfg.metrics_host_port, "127.0.0.1:9184");
    seal_server_config_clear(&cfg);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(cfg.msk[i], 0);
    clear_env();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_minimal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
