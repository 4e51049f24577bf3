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
    if (!tu_tempdir(g_dir, sizeof g_dir, "seal_srvcfg_"))
        return -1;
    snprintf(g_path, sizeof g_path, "%s/config.yaml", g_dir);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(g_dir);
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
    unsetenv("FULL_NODE_RPC_API_NAME");
    unsetenv("FULL_NODE_RPC_API_KEY");
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
    assert_int_equal(cfg.rate_limit_ipv6_prefix, 64);
    seal_server_config_clear(&cfg);
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(cfg.msk[i], 0);
    clear_env();
}

/* Expects a load failure whose message starts with want. */
static void expect_fail(const char *text, const char *want) {
    seal_server_config cfg;
    char msg[512];
    seal_err err = load(text, &cfg, msg, sizeof msg);
    if (err == SEAL_OK)
        fail_msg("accepted:\n%s", text);
    if (strncmp(msg, want, strlen(want)) != 0)
        fail_msg("message \"%s\", want \"%s...\"", msg, want);
    /* A failed load leaves no secret behind. */
    for (size_t i = 0; i < 32; i++)
        assert_int_equal(cfg.msk[i], 0);
}

#define OPEN_HEAD                                                                                  \
    "network: !Devnet\n"                                                                           \
    "  seal_package: 0x5ea1\n"                                                                     \
    "server_mode: !Open\n"                                                                         \
    "  key_server_object_id: " KS1 "\n"

static void test_open_full(void **state) {
    (void)state;
    seal_server_config cfg;
    char msg[256];
    clear_env();
    setenv("MASTER_KEY", MSK_HEX, 1);
    seal_err err = load("# a comment\n"
                        "network: Testnet\n"
                        "server_mode: !Open\n"
                        "  key_server_object_id: '0x2'\n"
                        "ts_sdk_version_requirement: '>=1.0.0, <2.0.0'\n"
                        "rust_sdk_version_requirement: '>=0.5.0'\n"
                        "python_sdk_version_requirement: '>=0.1.0'\n"
                        "aggregator_version_requirement: '>=0.7.0'\n"
                        "metrics_host_port: 9999\n"
                        "rgp_update_interval: 5s\n"
                        "allowed_staleness: '1m 30s'\n"
                        "session_key_ttl_max: 10m\n"
                        "rpc_config:\n"
                        "  timeout: 2s\n"
                        "  retry_config:\n"
                        "    max_retries: 5\n"
                        "    min_delay: 100ms\n"
                        "    max_delay: {secs: 10, nanos: 0}\n"
                        "enable_event_monitoring: false\n"
                        "listen: 0.0.0.0:0\n"
                        "chain: http://127.0.0.1:9000\n"
                        "threads: 8\n"
                        "max_in_flight: 64\n"
                        "rate_limit: {per_ip_per_s: 20, burst: 40, ipv6_prefix: 56}\n"
                        "chain_max_in_flight: 16\n",
                        &cfg, msg, sizeof msg);
    if (err != SEAL_OK)
        fail_msg("%s", msg);
    assert_string_equal(cfg.network, "Testnet");
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, cfg.seal_package);
    assert_string_equal(hex, "0xdccbeb87767be2b2346af5575eb139807205e4c23ec53dc616f951fe1d814112");
    assert_int_equal(cfg.key_server_object_id[31], 2);
    assert_string_equal(cfg.ts_sdk_version_requirement, ">=1.0.0, <2.0.0");
    assert_string_equal(cfg.rust_sdk_version_requirement, ">=0.5.0");
    assert_string_equal(cfg.python_sdk_version_requirement, ">=0.1.0");
    assert_string_equal(cfg.aggregator_version_requirement, ">=0.7.0");
    assert_string_equal(cfg.metrics_host_port, "127.0.0.1:9999");
    assert_int_equal(cfg.rgp_update_interval_ms, 5000);
    assert_int_equal(cfg.allowed_staleness_ms, 90000);
    assert_int_equal(cfg.session_key_ttl_max_ms, 600000);
    assert_int_equal(cfg.rpc_timeout_ms, 2000);
    assert_int_equal(cfg.rpc_retries, 5);
    assert_string_equal(cfg.listen, "0.0.0.0:0");
    assert_string_equal(cfg.chain, "http://127.0.0.1:9000");
    assert_int_equal(cfg.threads, 8);
    assert_int_equal(cfg.max_in_flight, 64);
    assert_int_equal(cfg.rate_limit_per_ip_per_s, 20);
    assert_int_equal(cfg.rate_limit_burst, 40);
    assert_int_equal(cfg.rate_limit_ipv6_prefix, 56);
    assert_int_equal(cfg.chain_max_in_flight, 16);
    seal_server_config_clear(&cfg);
    /* Mainnet, a node_url as the chain, metrics disabled, base64 master key. */
    uint8_t key[32];
    assert_int_equal(seal_hex_decode(key, 32, MSK_HEX), SEAL_OK);
    char b64k[64];
    seal_sui_base64_encode(b64k, key, 32);
    setenv("MASTER_KEY", b64k, 1);
    err = load("network: Mainnet\n"
               "node_url: https://example.invalid:443\n"
               "server_mode: !Open {key_server_object_id: '0x3'}\n"
               "metrics_host_port: null\n",
               &cfg, msg, sizeof msg);
    if (err != SEAL_OK)
        fail_msg("%s", msg);
    seal_sui_address_format(hex, cfg.seal_package);
    assert_string_equal(hex, "0x931739224160073d8e391c9aa6e7ade9818e9814b4907066b7efa058636c4e45");
    assert_string_equal(cfg.chain, "https://example.invalid:443");
    assert_string_equal(cfg.metrics_host_port, "");
    assert_memory_equal(cfg.msk, key, 32);
    seal_server_config_clear(&cfg);
    /* Without chain or node_url: the network's full node (or NODE_URL). */
    err = load("network: Testnet\nserver_mode: !Open {key_server_object_id: '0x3'}\n", &cfg, msg,
               sizeof msg);
    assert_int_equal(err, SEAL_OK);
    assert_string_equal(cfg.chain, "https://fullnode.testnet.sui.io:443");
    seal_server_config_clear(&cfg);
    setenv("NODE_URL", "http://127.0.0.1:9123", 1);
    err = load("network: Testnet\nserver_mode: !Open {key_server_object_id: '0x3'}\n", &cfg, msg,
               sizeof msg);
    assert_int_equal(err, SEAL_OK);
    assert_string_equal(cfg.chain, "http://127.0.0.1:9123");
    seal_server_config_clear(&cfg);
    clear_env();
}

static void test_permissioned(void **state) {
    (void)state;
    seal_server_config cfg;
    char msg[256];
    clear_env();
    setenv("MASTER_KEY", SEED_HEX, 1);
    setenv("BOB_KEY", MSK_HEX, 1);
    const char *text =
        "network: !Devnet\n"
        "  seal_package: 0x5ea1\n"
        "server_mode: !Permissioned\n"
        "  client_configs:\n"
        "    - name: \"alice\"\n"
        "      client_master_key: !Derived\n"
        "        derivation_index: 1\n"
        "      key_server_object_id: "
        "\"0xaaaa000000000000000000000000000000000000000000000000000000000001\"\n"
        "      package_ids:\n"
        "      - \"0x1111111111111111111111111111111111111111111111111111111111111111\"\n"
        "    - name: bob\n"
        "      client_master_key: !Imported\n"
        "        env_var: BOB_KEY\n"
        "      key_server_object_id: 0xbbbb\n"
        "      package_ids: [0x2222, 0x2223]\n"
        "    - name: carol\n"
        "      client_master_key: !Exported\n"
        "        deprecated_derivation_index: 0\n"
        "      key_server_object_id: 0xcccc\n"
        "      package_ids:\n"
        "        - 0x3333\n"
        "chain: embedded:/tmp/x\n";
    seal_err err = load(text, &cfg, msg, sizeof msg);
    if (err != SEAL_OK)
        fail_msg("%s", msg);
    assert_int_equal(cfg.mode, SEAL_SERVER_PERMISSIONED);
    assert_int_equal(cfg.n_clients, 3);
    assert_string_equal(cfg.clients[0].name, "alice");
    assert_int_equal(cfg.clients[0].derivation_index, 1);
    assert_true(cfg.clients[0].has_msk);
    uint8_t seed[32], want[32];
    assert_int_equal(seal_hex_decode(seed, 32, SEED_HEX), SEAL_OK);
    assert_int_equal(seal_keys_derive_master_key(want, seed, 1), SEAL_OK);
    assert_memory_equal(cfg.clients[0].msk, want, 32);
    assert_int_equal(cfg.clients[0].n_package_ids, 1);
    assert_int_equal(cfg.clients[0].package_ids[0][0], 0x11);
    assert_string_equal(cfg.clients[1].name, "bob");
    assert_true(cfg.clients[1].imported);
    assert_string_equal(cfg.clients[1].env_var, "BOB_KEY");
    assert_int_equal(seal_hex_decode(want, 32, MSK_HEX), SEAL_OK);
    assert_memory_equal(cfg.clients[1].msk, want, 32);
    assert_int_equal(cfg.clients[1].n_package_ids, 2);
    assert_int_equal(cfg.clients[1].package_ids[1][31], 0x23);
    assert_true(cfg.clients[2].disabled);
    assert_false(cfg.clients[2].has_msk);
    assert_false(cfg.has_msk);
    seal_server_config_clear(&cfg);
    for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 32; k++)
            assert_int_equal(cfg.clients[i].msk[k], 0);
    /* Without the seed (MASTER_KEY) the Derived client cannot be served. */
    unsetenv("MASTER_KEY");
    expect_fail(text, "no seed: set MASTER_KEY");
    /* Without the imported key's variable. */
    setenv("MASTER_KEY", SEED_HEX, 1);
    unsetenv("BOB_KEY");
    expect_fail(text, "client bob: environment variable BOB_KEY is not set");
    clear_env();
}

#define PERM_HEAD                                                                                  \
    "network: Testnet\n"                                                                           \
    "server_mode: !Permissioned\n"                                                                 \
    "  client_configs:\n"

#define CLIENT(name, idx, ks, pkg)                                                                 \
    "    - name: " name "\n"                                                                       \
    "      client_master_key: !Derived {derivation_index: " idx "}\n"                              \
    "      key_server_object_id: " ks "\n"                                                         \
    "      package_ids: [" pkg "]\n"

static void test_permissioned_rules(void **state) {
    (void)state;
    clear_env();
    setenv("MASTER_KEY", SEED_HEX, 1);
    expect_fail(PERM_HEAD CLIENT("a", "0", "0x1", "0x2") CLIENT("a", "1", "0x3", "0x4"),
                "line 8: Duplicate client name: a");
    expect_fail(PERM_HEAD CLIENT("a", "0", "0x1", "0x2") CLIENT("b", "0", "0x3", "0x4"),
                "line 8: Duplicate derivation index: 0");
    expect_fail(PERM_HEAD CLIENT("a", "0", "0x1", "0x2") CLIENT("b", "1", "0x1", "0x4"),
                "line 8: Duplicate key server object ID: 0x0000");
    expect_fail(PERM_HEAD CLIENT("a", "0", "0x1", "0x2") CLIENT("b", "1", "0x3", "0x2"),
                "line 8: Duplicate package ID: 0x0000");
    expect_fail(PERM_HEAD CLIENT("a", "0", "0x1", "0x2") CLIENT("b", "2", "0x3", "0x4"),
                "Derivation indexes must be incremental, starting from 0");
    expect_fail(PERM_HEAD CLIENT("a", "0", "0x1", ""),
                "line 4: Client configuration must have at least one package ID: a");
    expect_fail(PERM_HEAD "    - name: a\n"
                          "      client_master_key: !Derived {derivation_index: 0}\n"
                          "      key_server_object_id: 0x1\n"
                          "      package_ids:\n",
                "line 4: Client configuration must have at least one package ID: a");
    expect_fail(PERM_HEAD "    - name: a\n"
                          "      client_master_key: !Exported {deprecated_derivation_index: 0}\n"
                          "      key_server_object_id: 0x1\n"
                          "      package_ids: [0x2]\n",
                "No clients found in the configuration");
    expect_fail(PERM_HEAD "    - name: a\n"
                          "      client_master_key: !Copied {derivation_index: 0}\n",
                "line 5: client_master_key: unknown key type !Copied");
    expect_fail(PERM_HEAD "    - name: a\n"
                          "      client_master_key: !Derived {index: 0}\n",
                "line 5: client_master_key: unknown key index");
    expect_fail(PERM_HEAD "    - name: a\n"
                          "      key_server_object_id: 0x1\n"
                          "      package_ids: [0x2]\n",
                "line 4: client a: missing key client_master_key");
    expect_fail(PERM_HEAD "    - name: a\n"
                          "      client_master_key: !Derived {derivation_index: 0}\n"
                          "      key_server_object_id: 0x1\n"
                          "      package_ids: [0x2]\n"
                          "      colour: blue\n",
                "line 8: client_configs entry: unknown key colour");
    clear_env();
}

static void test_errors_with_lines(void **state) {
    (void)state;
    clear_env();
    setenv("MASTER_KEY", MSK_HEX, 1);
    expect_fail(OPEN_HEAD "colour: blue\n", "line 5: unknown key colour");
    expect_fail(OPEN_HEAD "network: Testnet\n", "line 5: configuration: duplicate key network");
    expect_fail("server_mode: !Open\n  key_server_object_id: 0x1\n", "line 1: missing key network");
    expect_fail("network: Testnet\n", "line 1: missing key server_mode");
    expect_fail("network: Devnet\nserver_mode: !Open {key_server_object_id: 0x1}\n",
                "line 1: network: Devnet needs its Seal package");
    expect_fail("network: Localnet\n", "line 1: network: unknown network \"Localnet\"");
    expect_fail("network: !Devnet\n  seal_package: 0xnothex\n",
                "line 2: seal_package: \"0xnothex\" is not an object id");
    expect_fail("network: !Devnet {}\n", "line 1: network: !Devnet: missing key seal_package");
    expect_fail("network: Testnet\nserver_mode: Open\n", "line 2: server_mode: expected !Open");
    expect_fail("network: Testnet\nserver_mode: !Committee\n  member_address: 0x1\n",
                "line 2: server_mode: !Committee: missing key key_server_obj_id");
    expect_fail("network: Testnet\nserver_mode: !Open\n  key_server_object_id: 12\n",
                "line 3: key_server_object_id: \"12\" is not an object id");
    expect_fail("network: Testnet\nserver_mode: !Open\n  key_server_object_id: [0x1]\n",
                "line 3: key_server_object_id: expected a string, found a list");
    expect_fail("network: Testnet\nserver_mode: !Open {}\n",
                "line 2: server_mode: !Open: missing key key_server_object_id");
    expect_fail(OPEN_HEAD "ts_sdk_version_requirement: '>= banana'\n",
                "line 5: ts_sdk_version_requirement: \">= banana\" is not a semver requirement");
    expect_fail(OPEN_HEAD "allowed_staleness: 2 weeks\n",
                "line 5: allowed_staleness: \"2 weeks\" is not a duration");
    expect_fail(OPEN_HEAD "session_key_ttl_max: 0s\n",
                "line 5: session_key_ttl_max: must be positive");
    expect_fail(OPEN_HEAD "threads: -1\n", "line 5: threads: expected a non-negative integer");
    expect_fail(OPEN_HEAD "threads: 0\n", "line 5: threads: must be at least 1");
    expect_fail(OPEN_HEAD "threads: 5000\n", "line 5: threads: 5000 is above the maximum 1024");
    expect_fail(OPEN_HEAD "listen: localhost\n", "line 5: listen: \"localhost\" is not HOST:PORT");
    expect_fail(OPEN_HEAD "metrics_host_port: 70000\n",
                "line 5: metrics_host_port: 70000 is above");
    expect_fail(OPEN_HEAD "rate_limit: {per_ip_per_s: 1, bucket: 2}\n",
                "line 5: rate_limit: unknown key bucket");
    expect_fail(OPEN_HEAD "rate_limit: {per_ip_per_s: 1, ipv6_prefix: 0}\n",
                "line 5: ipv6_prefix: must be 1..128");
    expect_fail(OPEN_HEAD "rate_limit: {per_ip_per_s: 1, ipv6_prefix: 129}\n",
                "line 5: ipv6_prefix: 129 is above the maximum 128");
    expect_fail(OPEN_HEAD "rpc_config: {timeout: 1s, retries: 2}\n",
                "line 5: rpc_config: unknown key retries");
    expect_fail(OPEN_HEAD "enable_event_monitoring: maybe\n",
                "line 5: enable_event_monitoring: expected true or false");
    expect_fail(OPEN_HEAD "metrics_push_config: {push_url: http://x}\n",
                "line 5: metrics_push_config: pushing metrics is not supported");
    expect_fail(OPEN_HEAD "sdk_version_requirement: '>=0.4.5'\n",
                "line 5: unknown key sdk_version_requirement");
    expect_fail(OPEN_HEAD "chain: ''\n", "line 5: chain: empty");
    expect_fail(OPEN_HEAD "seed_file: /tmp/x\n",
                "line 5: seed_file: Open servers take master_key_file");
    expect_fail(OPEN_HEAD "  extra: 1\n", "line ");
    expect_fail("network: [Testnet\n", "line 2: YAML syntax error");
    expect_fail("- a\n- b\n", "line 1: the configuration must be a mapping");
    expect_fail("", "line 1: the configuration is empty");
    expect_fail(OPEN_HEAD "---\nnetwork: Testnet\n", "line 5: more than one YAML document");
    /* node_url both in the file and the environment */
    setenv("NODE_URL", "http://127.0.0.1:1", 1);
    expect_fail("network: Testnet\nnode_url: http://x:1\nserver_mode: !Open {key_server_object_id: "
                "0x1}\n",
                "line 2: node_url: also set in the environment");
    clear_env();
    /* Master keys. */
    expect_fail(OPEN_HEAD, "no master key: set MASTER_KEY");
    setenv("MASTER_KEY", "0x1234", 1);
    expect_fail(OPEN_HEAD, "environment variable MASTER_KEY: not a 32-byte key");
    setenv("MASTER_KEY", "0x0000000000000000000000000000000000000000000000000000000000000000", 1);
    expect_fail(OPEN_HEAD, "MASTER_KEY: not a valid master key");
    setenv("MASTER_KEY", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 1);
    expect_fail(OPEN_HEAD, "MASTER_KEY: not a valid master key");
    clear_env();
    seal_server_config cfg;
    char msg[256];
    assert_int_equal(seal_server_config_load(&cfg, "/nonexistent/config.yaml", msg, sizeof msg),
                     SEAL_ERR_IO);
    assert_int_equal(strncmp(msg, "cannot open /nonexistent/config.yaml", 36), 0);
}

static void test_key_files(void **state) {
    (void)state;
    char key_path[160], cfg_text[512];
    seal_server_config cfg;
    char msg[256];
    uint8_t want[32];
    clear_env();
    assert_int_equal(seal_hex_decode(want, 32, MSK_HEX), SEAL_OK);
    snprintf(key_path, sizeof key_path, "%s/ks.key", g_dir);
    snprintf(cfg_text, sizeof cfg_text, OPEN_HEAD "master_key_file: %s\n", key_path);
    /* One token, with a newline. */
    write_file(key_path, MSK_HEX "\n", 0600);
    assert_int_equal(load(cfg_text, &cfg, msg, sizeof msg), SEAL_OK);
    assert_memory_equal(cfg.msk, want, 32);
    seal_server_config_clear(&cfg);
    /* The output of `seal keygen --out` (text and --json). */
    write_file(key_path, "Master key: " MSK_HEX "\nPublic key: 0xabcd\n", 0400);
    assert_int_equal(load(cfg_text, &cfg, msg, sizeof msg), SEAL_OK);
    assert_memory_equal(cfg.msk, want, 32);
    seal_server_config_clear(&cfg);
    write_file(key_path, "{\"master_key\": \"" MSK_HEX "\", \"public_key\": \"0xab\"}\n", 0600);
    assert_int_equal(load(cfg_text, &cfg, msg, sizeof msg), SEAL_OK);
    assert_memory_equal(cfg.msk, want, 32);
    seal_server_config_clear(&cfg);
    /* Readable by group or others: refused. */
    static const mode_t modes[] = {0640, 0604, 0660, 0644, 0601};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        write_file(key_path, MSK_HEX "\n", modes[i]);
        char want_msg[256];
        snprintf(want_msg, sizeof want_msg, "master_key_file: %s is accessible by group or others",
                 key_path);
        expect_fail(cfg_text, want_msg);
    }
    /* Garbage, two keys, missing file, both env and file. */
    write_file(key_path, "hello\n", 0600);
    expect_fail(cfg_text, "master_key_file: ");
    write_file(key_path, MSK_HEX "\n" MSK_HEX "\n", 0600);
    expect_fail(cfg_text, "master_key_file: ");
    write_file(key_path, MSK_HEX "\n", 0600);
    setenv("MASTER_KEY", MSK_HEX, 1);
    expect_fail(cfg_text, "both MASTER_KEY and master_key_file are set");
    clear_env();
    unlink(key_path);
    expect_fail(cfg_text, "master_key_file: cannot open");
    /* A symbolic link is not followed. */
    char target[160];
    snprintf(target, sizeof target, "%s/real.key", g_dir);
    write_file(target, MSK_HEX "\n", 0600);
    assert_int_equal(symlink(target, key_path), 0);
    expect_fail(cfg_text, "master_key_file: cannot open");
    unlink(key_path);
    /* Permissioned: seed_file. */
    snprintf(key_path, sizeof key_path, "%s/seed.key", g_dir);
    write_file(key_path, SEED_HEX "\n", 0600);
    snprintf(cfg_text, sizeof cfg_text, PERM_HEAD CLIENT("a", "0", "0x1", "0x2") "seed_file: %s\n",
             key_path);
    assert_int_equal(load(cfg_text, &cfg, msg, sizeof msg), SEAL_OK);
    uint8_t seed[32];
    assert_int_equal(seal_hex_decode(seed, 32, SEED_HEX), SEAL_OK);
    assert_int_equal(seal_keys_derive_master_key(want, seed, 0), SEAL_OK);
    assert_memory_equal(cfg.clients[0].msk, want, 32);
    seal_server_config_clear(&cfg);
    snprintf(cfg_text, sizeof cfg_text,
             PERM_HEAD CLIENT("a", "0", "0x1", "0x2") "master_key_file: %s\n", key_path);
    expect_fail(cfg_text, "line 8: master_key_file: Permissioned servers take seed_file");
}

#define SHARE0 "0x2c8e06a3ba09ff64b841d39df9534e35cee33605033003a634fe6ca2a90c216d"
#define SHARE1 "69802da036d15184daa8e444a97e2390d2ab370d94a37f29209006546d61be0d"
#define COMMITTEE_HEAD                                                                             \
    "network: !Devnet\n"                                                                           \
    "  seal_package: 0x5ea1\n"                                                                     \
    "server_mode: !Committee\n"                                                                    \
    "  member_address: 0x0a\n"                                                                     \
    "  key_server_obj_id: " KS1 "\n"

static void clear_shares(void) {
    for (int v = 0; v < 12; v++) {
        char name[32];
        snprintf(name, sizeof name, "MASTER_SHARE_V%d", v);
        unsetenv(name);
    }
    unsetenv("MASTER_SHARE_V01");
}

/* server_mode: !Committee (spec/COMMITTEE.md 6.1): states, shares from the environment and a
 * directory, refusals. */
static void test_committee_mode(void **state) {
    (void)state;
    seal_server_config cfg;
    char msg[512], dir[128], path[192];
    clear_env();
    clear_shares();
    setenv("MASTER_SHARE_V0", SHARE0, 1);
    assert_int_equal(load(COMMITTEE_HEAD "  committee_state: Active\nchain: embedded:/tmp/x\n",
                          &cfg, msg, sizeof msg),
                     SEAL_OK);
    assert_int_equal(cfg.mode, SEAL_SERVER_COMMITTEE);
    assert_int_equal(cfg.committee.member_address[31], 0x0a);
    assert_int_equal(cfg.key_server_object_id[31], 0xbc);
    assert_false(cfg.committee.rotation);
    assert_true(cfg.committee.enable_event_monitoring);
    assert_int_equal(cfg.committee.poll_interval_ms, 30000);
    assert_int_equal(cfg.committee.n_shares, 1);
    assert_int_equal(cfg.committee.share_versions[0], 0);
    assert_int_equal(cfg.committee.shares[0][0], 0x2c);
    assert_false(cfg.has_msk);
    seal_server_config_clear(&cfg);
    assert_int_equal(cfg.committee.n_shares, 0);
    assert_int_equal(cfg.committee.shares[0][0], 0);
    /* !Active, the default state, !Rotation, our keys */
    assert_int_equal(load(COMMITTEE_HEAD "  committee_state: !Active\nchain: embedded:/tmp/x\n",
                          &cfg, msg, sizeof msg),
                     SEAL_OK);
    assert_false(cfg.committee.rotation);
    seal_server_config_clear(&cfg);
    assert_int_equal(load(COMMITTEE_HEAD "chain: embedded:/tmp/x\n", &cfg, msg, sizeof msg),
                     SEAL_OK);
    seal_server_config_clear(&cfg);
    setenv("MASTER_SHARE_V1", SHARE1, 1);
    assert_int_equal(load(COMMITTEE_HEAD "  committee_state: !Rotation {target_version: 1}\n"
                                         "enable_event_monitoring: false\n"
                                         "committee_poll_interval: 250ms\nchain: embedded:/tmp/x\n",
                          &cfg, msg, sizeof msg),
                     SEAL_OK);
    assert_true(cfg.committee.rotation);
    assert_int_equal(cfg.committee.target_version, 1);
    assert_false(cfg.committee.enable_event_monitoring);
    assert_int_equal(cfg.committee.poll_interval_ms, 250);
    assert_int_equal(cfg.committee.n_shares, 2);
    seal_server_config_clear(&cfg);
    /* shares from a directory (owner-only files), not also in the environment */
    snprintf(dir, sizeof dir, "%s/shares", g_dir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/MASTER_SHARE_V3", dir);
    write_file(path, SHARE1 "\n", 0600);
    snprintf(path, sizeof path, "%s/notes.txt", dir);
    write_file(path, "ignored\n", 0644);
    char text[1024];
    snprintf(text, sizeof text, COMMITTEE_HEAD "master_share_dir: %s\nchain: embedded:/tmp/x\n",
             dir);
    assert_int_equal(load(text, &cfg, msg, sizeof msg), SEAL_OK);
    assert_int_equal(cfg.committee.n_shares, 3);
    bool v3 = false;
    for (size_t i = 0; i < cfg.committee.n_shares; i++)
        v3 |= cfg.committee.share_versions[i] == 3 && cfg.committee.shares[i][0] == 0x69;
    assert_true(v3);
    seal_server_config_clear(&cfg);
    setenv("MASTER_SHARE_V3", SHARE0, 1);
    expect_fail(text, "MASTER_SHARE_V3 is set twice");
    unsetenv("MASTER_SHARE_V3");
    snprintf(path, sizeof path, "%s/MASTER_SHARE_V3", dir);
    assert_int_equal(chmod(path, 0640), 0);
    expect_fail(text, "master_share_dir: ");
    assert_int_equal(unlink(path), 0);
    /* refusals */
    clear_shares();
    expect_fail(COMMITTEE_HEAD "chain: embedded:/tmp/x\n", "no master share");
    setenv("MASTER_SHARE_V0", "0x00", 1);
    expect_fail(COMMITTEE_HEAD "chain: embedded:/tmp/x\n", "environment variable MASTER_SHARE_V0");
    setenv("MASTER_SHARE_V0", "LI4GozoJ/2S4QdOd+VNONc7jNgUDMAOmNP5soqkMIW0=", 1);
    expect_fail(COMMITTEE_HEAD "chain: embedded:/tmp/x\n", "environment variable MASTER_SHARE_V0");
    setenv("MASTER_SHARE_V0", "0x0000000000000000000000000000000000000000000000000000000000000000",
           1);
    expect_fail(COMMITTEE_HEAD "chain: embedded:/tmp/x\n",
                "MASTER_SHARE_V0: not a valid master key");
    setenv("MASTER_SHARE_V0", SHARE0, 1);
    setenv("MASTER_SHARE_V01", SHARE0, 1); /* not a version name: ignored */
    assert_int_equal(load(COMMITTEE_HEAD "chain: embedded:/tmp/x\n", &cfg, msg, sizeof msg),
                     SEAL_OK);
    assert_int_equal(cfg.committee.n_shares, 1);
    seal_server_config_clear(&cfg);
    expect_fail(COMMITTEE_HEAD "  committee_state: Rotation\n",
                "line 6: committee_state: expected Active");
    expect_fail(COMMITTEE_HEAD "  committee_state: !Rotation {}\n",
                "line 6: committee_state: !Rotation: missing key target_version");
    expect_fail(COMMITTEE_HEAD "  committee_state: !Rotation {target_version: -1}\n",
                "line 6: target_version: expected a non-negative integer");
    expect_fail(COMMITTEE_HEAD "  key_server_object_id: " KS1 "\n",
                "line 6: server_mode: unknown key key_server_object_id");
    expect_fail("network: Testnet\nserver_mode: !Committee\n  key_server_obj_id: " KS1 "\n",
                "line 2: server_mode: !Committee: missing key member_address");
    expect_fail(COMMITTEE_HEAD "committee_poll_interval: 0s\n",
                "line 6: committee_poll_interval: must be positive");
    setenv("MASTER_KEY", MSK_HEX, 1);
    expect_fail(OPEN_HEAD "master_share_dir: /tmp\n",
                "line 5: master_share_dir: only committee servers");
    clear_shares();
    clear_env();
}

/* The chain keys of this issue: grpc_transport, the full node's API key (YAML or the
 * environment, never quoted in errors), network: !Custom. */
static void test_chain_keys(void **state) {
    (void)state;
    seal_server_config cfg;
    char msg[512];
    clear_env();
    setenv("MASTER_KEY", MSK_HEX, 1);
    /* defaults: gRPC-web, no key */
    assert_int_equal(load(OPEN_HEAD, &cfg, msg, sizeof msg), SEAL_OK);
    assert_int_equal(cfg.grpc_transport, SEAL_CHAIN_GRPC_WEB);
    assert_string_equal(cfg.api_key_header, "");
    seal_server_config_clear(&cfg);
    assert_int_equal(load(OPEN_HEAD "grpc_transport: native\n"
                                    "full_node_rpc_api_name: x-api-key\n"
                                    "full_node_rpc_api_key: s3cr3t-Key_1\n",
                          &cfg, msg, sizeof msg),
                     SEAL_OK);
    assert_int_equal(cfg.grpc_transport, SEAL_CHAIN_GRPC_NATIVE);
    assert_string_equal(cfg.api_key_header, "x-api-key: s3cr3t-Key_1");
    seal_server_config_clear(&cfg);
    for (size_t i = 0; i < sizeof cfg.api_key_header; i++)
        assert_int_equal(cfg.api_key_header[i], 0); /* wiped */
    /* the environment, as upstream (both non-empty) */
    setenv("FULL_NODE_RPC_API_NAME", "authorization", 1);
    setenv("FULL_NODE_RPC_API_KEY", "Bearer abc.def", 1);
    assert_int_equal(load(OPEN_HEAD, &cfg, msg, sizeof msg), SEAL_OK);
    assert_string_equal(cfg.api_key_header, "authorization: Bearer abc.def");
    seal_server_config_clear(&cfg);
    /* both sources: refused */
    expect_fail(OPEN_HEAD "full_node_rpc_api_name: a\nfull_node_rpc_api_key: b\n",
                "line 5: full_node_rpc_api_key: also set in the environment");
    /* only one of the environment variables: ignored, as upstream */
    unsetenv("FULL_NODE_RPC_API_KEY");
    assert_int_equal(load(OPEN_HEAD, &cfg, msg, sizeof msg), SEAL_OK);
    assert_string_equal(cfg.api_key_header, "");
    seal_server_config_clear(&cfg);
    /* a bad key in the environment is refused without being quoted */
    setenv("FULL_NODE_RPC_API_KEY", "line\nbreak-SECRETVALUE", 1);
    assert_int_equal(load(OPEN_HEAD, &cfg, msg, sizeof msg), SEAL_ERR_INVALID_ARGUMENT);
    assert_non_null(strstr(msg, "FULL_NODE_RPC_API_KEY: the API key is not a valid HTTP header"));
    assert_null(strstr(msg, "SECRETVALUE"));
    clear_env();
    setenv("MASTER_KEY", MSK_HEX, 1);
    expect_fail(OPEN_HEAD "full_node_rpc_api_name: 'bad name'\nfull_node_rpc_api_key: k\n",
                "line 5: full_node_rpc_api_key: the API key name is not a valid HTTP header");
    expect_fail(OPEN_HEAD "full_node_rpc_api_name: x-key\n",
                "line 5: full_node_rpc_api_name and full_node_rpc_api_key go together");
    expect_fail(OPEN_HEAD "full_node_rpc_api_key: k\n",
                "line 5: full_node_rpc_api_name and full_node_rpc_api_key go together");
    expect_fail(OPEN_HEAD "grpc_transport: http3\n",
                "line 5: grpc_transport: expected web, native or web-h2");
    /* !Custom: a Seal package of one's own and no public full node */
    assert_int_equal(load("network: !Custom\n  seal_package: 0x5ea1\nserver_mode: !Open\n"
                          "  key_server_object_id: " KS1 "\nnode_url: http://10.0.0.1:9000\n",
                          &cfg, msg, sizeof msg),
                     SEAL_OK);
    assert_string_equal(cfg.network, "Custom");
    assert_string_equal(cfg.chain, "http://10.0.0.1:9000");
    assert_int_equal(cfg.seal_package[31], 0xa1);
    seal_server_config_clear(&cfg);
    expect_fail("network: !Custom\n  seal_package: 0x5ea1\nserver_mode: !Open\n"
                "  key_server_object_id: " KS1 "\n",
                "line 1: network: !Custom has no public full node");
    expect_fail("network: !Custom {}\n", "line 1: network: !Custom: missing key seal_package");
    clear_env();
}

/* Error messages quote scalars and keys of the file: one line without control characters,
 * whatever they hold (fuzz_server_config found a plain scalar folded over an empty line). */
static void test_error_messages_one_line(void **state) {
    (void)state;
    static const char *const texts[] = {
        /* the fuzzer's input: "0x1\n-uuuuuuuuu 0x1:9000" is not an object id */
        "network: !Devnet\n  seal_package: 0x5ea1\nserver_mode: !Permissioned\n"
        "  client_configs:\n    - name: \"alice\"\n      client_master_key: !Derived\n"
        "        derivation_index: 0\n      key_server_object_id: 0x1\n \n"
        "        -uuuuuuuuu 0x1:9000\n",
        OPEN_HEAD "listen: \"\\e[2J\\e[31m127.0.0.1\"\n",
        OPEN_HEAD "threads: \"1\\r\\nforged log line\"\n",
        OPEN_HEAD "\"bad\\x7fkey\\N\\L\\P\\t\": 1\n",
        OPEN_HEAD "rate_limit: {\"per\\u0085ip\": 1}\n",
        OPEN_HEAD "rpc_config: {timeout: \"1\\x1bs\"}\n",
        OPEN_HEAD "ts_sdk_version_requirement: \">=1.0\\nmore\"\n",
        OPEN_HEAD "network_x: [a,\n b]\n\"k\\0ey\": 1\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        seal_server_config cfg;
        char msg[512];
        clear_env();
        setenv("MASTER_KEY", MSK_HEX, 1);
        seal_err err = load(texts[i], &cfg, msg, sizeof msg);
        assert_int_not_equal(err, SEAL_OK);
        assert_true(msg[0] != '\0');
        tu_assert_one_line(msg, texts[i]);
    }
    clear_env();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_committee_mode),     cmocka_unit_test(test_open_minimal),
        cmocka_unit_test(test_open_full),          cmocka_unit_test(test_permissioned),
        cmocka_unit_test(test_permissioned_rules), cmocka_unit_test(test_errors_with_lines),
        cmocka_unit_test(test_key_files),          cmocka_unit_test(test_error_messages_one_line),
        cmocka_unit_test(test_chain_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
