/* The committee world of the aggregator and client tests (committee_world.h). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "committee_world.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"

cw_world CW;

/* Reads one request (headers, then Content-Length bytes) into m->last_request. */
static void cw_read_request_(cw_mock *m, int fd) {
    char buf[8192];
    size_t len = 0;
    size_t need = SIZE_MAX;
    while (len < sizeof buf - 1) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 2000) <= 0) {
            break;
        }
        ssize_t r = recv(fd, buf + len, sizeof buf - 1 - len, 0);
        if (r <= 0) {
            break;
        }
        len += (size_t)r;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end != NULL && need == SIZE_MAX) {
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            size_t body = cl != NULL ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
            need = (size_t)(end + 4 - buf) + body;
        }
        if (need != SIZE_MAX && len >= need) {
            break;
        }
    }
    buf[len] = '\0';
    pthread_mutex_lock(&m->mu);
    snprintf(m->last_request, sizeof m->last_request, "%s", buf);
    pthread_mutex_unlock(&m->mu);
}

static void *cw_mock_main_(void *arg) {
    cw_mock *m = arg;
    while (!atomic_load(&m->stop)) {
        struct pollfd p = {m->fd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0) {
            continue;
        }
        int c = accept(m->fd, NULL, NULL);
        if (c < 0) {
            continue;
        }
        cw_read_request_(m, c);
        atomic_fetch_add(&m->requests, 1);
        if (m->mode == CW_MOCK_HANG) {
            pthread_mutex_lock(&m->mu);
            if (m->n_held < 16) {
                m->held[m->n_held++] = c;
                c = -1;
            }
            pthread_mutex_unlock(&m->mu);
            if (c >= 0) {
                close(c);
            }
            continue;
        }
        char head[512];
        int n = snprintf(head, sizeof head,
                         "HTTP/1.1 %u X\r\nContent-Type: application/json\r\n"
                         "Content-Length: %zu\r\n%sConnection: close\r\n\r\n",
                         m->status, strlen(m->body), m->extra_headers ? m->extra_headers : "");
        tu_send_all(c, head, (size_t)n);
        tu_send_all(c, m->body, strlen(m->body));
        close(c);
    }
    return NULL;
}

cw_mock *cw_mock_start(cw_mock_mode mode, unsigned status, const char *extra, const char *body) {
    cw_mock *m = calloc(1, sizeof *m);
    m->mode = mode;
    m->status = status;
    m->extra_headers = extra;
    m->body = body;
    pthread_mutex_init(&m->mu, NULL);
    m->fd = tu_listen_any(&m->port);
    assert_int_equal(pthread_create(&m->thread, NULL, cw_mock_main_, m), 0);
    return m;
}

void cw_mock_stop(cw_mock *m) {
    atomic_store(&m->stop, 1);
    pthread_join(m->thread, NULL);
    for (size_t i = 0; i < m->n_held; i++) {
        close(m->held[i]);
    }
    close(m->fd);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

/* ---- the cw_world ------------------------------------------------------------------------------
 */

void cw_write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* A key server answering with master key `key` (a member's share, or a wrong one). */
void cw_start_member(size_t i, const uint8_t key[32]) {
    char path[128], yaml[1024], hex[SEAL_SUI_ADDRESS_HEX_BYTES], pkg[SEAL_SUI_ADDRESS_HEX_BYTES];
    char text[80] = "0x", err[256];
    uint8_t id[32];
    seal_hex_encode(text + 2, key, 32);
    snprintf(path, sizeof path, "%s/m%zu.key", CW.dir, i);
    cw_write_file(path, text);
    memset(id, (int)(0x40 + i), 32);
    seal_sui_address_format(hex, id);
    seal_sui_address_format(pkg, SEAL_LEDGER_SEAL_PACKAGE);
    CW.port[i] = tu_free_port();
    snprintf(yaml, sizeof yaml,
             "network: !Devnet\n  seal_package: %s\nserver_mode: !Open\n  key_server_object_id: "
             "%s\nchain: %s\nlisten: 127.0.0.1:%u\nmetrics_host_port: \"\"\nmaster_key_file: %s\n"
             "threads: 2\n",
             pkg, hex, CW.spec, CW.port[i], path);
    snprintf(path, sizeof path, "%s/m%zu.yaml", CW.dir, i);
    cw_write_file(path, yaml);
    seal_server_config cfg;
    if (seal_server_config_load(&cfg, path, err, sizeof err) != SEAL_OK) {
        fail_msg("config: %s", err);
    }
    assert_int_equal(seal_chain_open(&CW.member_chain[i], CW.spec, NULL), SEAL_OK);
    assert_int_equal(seal_server_create(&CW.core[i], &cfg, CW.member_chain[i]), SEAL_OK);
    seal_server_http_options ho = {0};
    ho.log_fd = -1;
    if (seal_server_http_start_opts(&CW.http[i], CW.core[i], &cfg, &ho, err, sizeof err) !=
        SEAL_OK) {
        fail_msg("http: %s", err);
    }
    seal_server_config_clear(&cfg);
}

int cw_setup(void **state) {
    (void)state;
    memset(&CW, 0, sizeof CW);
    if (!tu_tempdir(CW.dir, sizeof CW.dir, "seal_aggregator_")) {
        return -1;
    }
    snprintf(CW.spec, sizeof CW.spec, "embedded:%s", CW.dir);
    char path[128];
    snprintf(path, sizeof path, "%s/ledger.db", CW.dir);
    assert_int_equal(seal_ledger_open(&CW.ledger, path), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&CW.admin, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&CW.bob, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    assert_int_equal(seal_sui_keypair_generate(&CW.carol, SEAL_SUI_SCHEME_ED25519, NULL), SEAL_OK);
    uint8_t admin[32], bob[32];
    seal_sui_keypair_address(admin, &CW.admin);
    seal_sui_keypair_address(bob, &CW.bob);
    seal_ledger_outcome out;
    assert_int_equal(seal_ledger_allowlist_create(CW.ledger, admin, "club", CW.al, CW.cap, &out),
                     SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(seal_ledger_allowlist_add(CW.ledger, admin, CW.al, CW.cap, bob, &out),
                     SEAL_OK);
    assert_int_equal(out.status, SEAL_LEDGER_SUCCESS);
    /* The DKG output of spec/committee.json: t = 2 of 3. */
    json_t *j = tu_load_json("spec/committee.json");
    json_t *o = json_object_get(json_object_get(j, "fresh_dkg"), "output");
    for (size_t i = 0; i < 3; i++) {
        tu_hex(CW.share[i], 32,
               json_string_value(json_array_get(json_object_get(o, "master_shares"), i)), 1);
        tu_hex(CW.partial_pk[i], 96,
               json_string_value(json_array_get(json_object_get(o, "partial_pks"), i)), 1);
    }
    tu_hex(CW.committee_pk, 96, tu_str(o, "key_server_pk"), 1);
    tu_hex(CW.master_secret, 32, tu_str(o, "master_secret"), 1);
    json_decref(j);
    for (size_t i = CW_M0; i <= CW_M2; i++) {
        cw_start_member(i, CW.share[i]);
    }
    uint8_t wrong[32];
    memcpy(wrong, CW.share[1], 32);
    wrong[31] ^= 1; /* close to member 1's share, still not it */
    cw_start_member(CW_LIAR, wrong);
    assert_int_equal(seal_keys_generate(CW.indep_msk, CW.indep_pk, NULL), SEAL_OK);
    cw_start_member(CW_INDEP, CW.indep_msk);
    assert_int_equal(seal_chain_open(&CW.chain, CW.spec, NULL), SEAL_OK);
    return 0;
}

int cw_teardown(void **state) {
    (void)state;
    for (size_t i = 0; i < CW_N_REAL; i++) {
        seal_server_http_stop(CW.http[i], 1000);
        seal_server_free(CW.core[i]);
        seal_chain_close(CW.member_chain[i]);
    }
    seal_chain_close(CW.chain);
    seal_ledger_close(CW.ledger);
    seal_sui_keypair_clear(&CW.admin);
    seal_sui_keypair_clear(&CW.bob);
    seal_sui_keypair_clear(&CW.carol);
    return tu_rmtree(CW.dir);
}

void cw_real_url(char out[64], size_t i) {
    snprintf(out, 64, "http://127.0.0.1:%u", CW.port[i]);
}

void cw_mock_url(char out[64], const cw_mock *m) {
    snprintf(out, 64, "http://127.0.0.1:%u", m->port);
}

void cw_down_url(char out[64]) {
    snprintf(out, 64, "http://127.0.0.1:%u", tu_free_port());
}

void cw_good_urls(char urls[3][64]) {
    for (size_t i = 0; i < 3; i++) {
        cw_real_url(urls[i], i);
    }
}

/* ---- aggregators and requests --------------------------------------------------------------- */

void cw_aggregator_config(seal_aggregator_config *cfg, const char *ts_requirement,
                          uint32_t timeout_ms, size_t n, int skip) {
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->server.ts_sdk_version_requirement, 64, "%s", ts_requirement);
    snprintf(cfg->server.rust_sdk_version_requirement, 64, ">=0.0.0");
    snprintf(cfg->server.python_sdk_version_requirement, 64, ">=0.0.0");
    snprintf(cfg->key_server_version_requirement, 64, ">=0.6.2");
    cfg->member_timeout_ms = timeout_ms;
    for (size_t i = 0; i < n; i++) {
        if ((int)i == skip) {
            continue;
        }
        seal_aggregator_credential *c = &cfg->credentials[cfg->n_credentials++];
        snprintf(c->member, sizeof c->member, "m%zu", i);
        snprintf(c->header, sizeof c->header, "X-API-Key");
        snprintf(c->value, sizeof c->value, "secret-%zu", i);
    }
}

void cw_members(seal_aggregator_member *ms, const char urls[][64], size_t n) {
    for (size_t i = 0; i < n; i++) {
        memset(&ms[i], 0, sizeof ms[i]);
        ms[i].party_id = (uint16_t)i;
        snprintf(ms[i].name, sizeof ms[i].name, "m%zu", i);
        snprintf(ms[i].url, sizeof ms[i].url, "%s", urls[i]);
        memcpy(ms[i].partial_pk, CW.partial_pk[i % 3], 96);
    }
}

void tu_allowlist_approve_call(seal_client_call *call, seal_client_arg *arg,
                               const uint8_t allowlist[32]) {
    char target[160], hex[SEAL_SUI_ADDRESS_HEX_BYTES], obj[80];
    memset(call, 0, sizeof *call);
    seal_sui_address_format(hex, SEAL_LEDGER_EXAMPLES_PACKAGE);
    snprintf(target, sizeof target, "%s::allowlist::seal_approve", hex);
    assert_int_equal(seal_client_call_target_parse(call, target), SEAL_OK);
    seal_sui_address_format(hex, allowlist);
    snprintf(obj, sizeof obj, "object:%s", hex);
    assert_int_equal(seal_client_arg_parse(arg, obj), SEAL_OK);
    call->args = arg;
    call->n_args = 1;
}

void cw_approve_call(seal_client_call *call, seal_client_arg *arg, uint8_t *id, const void *suffix,
                     size_t suffix_len) {
    tu_allowlist_approve_call(call, arg, CW.al);
    memcpy(id, CW.al, 32);
    memcpy(id + 32, suffix, suffix_len);
    call->id = id;
    call->id_len = 32 + suffix_len;
}
