/* A key server core on an embedded temporary ledger, and one valid fetch_key request for it
 * (shared by fuzz/fuzz_fetch_key.c and tests/fault/fault_alloc.c).
 *
 * Ledger (RAM-backed directory when /dev/shm exists): the user (a fixed Ed25519 key) created an
 * examples allowlist and is its member. Server: Open mode, a fixed master key, Devnet with the
 * ledger's Seal package. Request: a session signed by the user at T0 - 60 s (TTL 10 min), a PTB
 * calling allowlist::seal_approve(allowlist id || 07, allowlist), fixed ElGamal keys, the
 * headers the TypeScript SDK 1.4.12 sends; evaluated at now_ms = SRVFIX_NOW. */
#ifndef SEAL_SERVER_FIXTURE_H
#define SEAL_SERVER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "seal/chain.h"
#include "seal/client.h"
#include "seal/elgamal.h"
#include "seal/ledger.h"
#include "seal/sui_sig.h"
#include "server/server.h"

#define SRVFIX_NOW 1700000000000ull

#define SRVFIX_CHECK(cond)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fixture: %s\n", __FILE__, __LINE__, #cond);                    \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

typedef struct srvfix {
    char dir[64];
    seal_chain *chain;
    seal_server *server;
    seal_server_config cfg;
    seal_sui_keypair user;
    uint8_t address[32];
    uint8_t allowlist[32];
    uint8_t eg_sk[32];
    uint8_t enc_key[48];
    uint8_t enc_vk[96];
    char *body; /* the valid fetch_key JSON */
    size_t body_len;
    seal_server_header headers[3];
    uint64_t now;          /* SRVFIX_NOW, or the time given to srvfix_init_at */
    seal_session *session; /* the user's signed session (creation now - 60 s, TTL 10 min) */
} srvfix;

typedef struct srvfix_rng {
    uint64_t s;
} srvfix_rng;

static inline seal_err srvfix_fill(void *ctx, uint8_t *out, size_t len) {
    srvfix_rng *r = ctx;
    for (size_t i = 0; i < len; i++) {
        r->s ^= r->s << 13;
        r->s ^= r->s >> 7;
        r->s ^= r->s << 17;
        out[i] = (uint8_t)(r->s >> 24);
    }
    return SEAL_OK;
}

/* The seal_approve call of the allowlist for inner id allowlist || tag (id: 33 bytes). */
static inline void srvfix_call(const srvfix *f, seal_client_call *call, seal_client_arg *arg,
                               uint8_t id[33], uint8_t tag) {
    memset(call, 0, sizeof *call);
    SRVFIX_CHECK(seal_client_call_target_parse(
                     call, "0x0000000000000000000000000000000000000000000000000000000000005ea3::"
                           "allowlist::seal_approve") == SEAL_OK);
    memcpy(id, f->allowlist, 32);
    id[32] = tag;
    call->id = id;
    call->id_len = 33;
    memset(arg, 0, sizeof *arg);
    arg->kind = SEAL_CLIENT_ARG_OBJECT;
    memcpy(arg->object_id, f->allowlist, 32);
    call->args = arg;
    call->n_args = 1;
}

/* A fetch_key body signed by session s (NULL: the fixture's) for the PTB of the calls; enc_key
 * and enc_vk NULL: the fixture's. *body malloc'd. */
static inline seal_err srvfix_body(const srvfix *f, const seal_session *s,
                                   const seal_client_call *calls, size_t n_calls,
                                   const uint8_t *enc_key, const uint8_t *enc_vk, char **body,
                                   size_t *len) {
    uint8_t *ptb = NULL;
    size_t ptb_len = 0;
    seal_err e = seal_client_build_ptb(&ptb, &ptb_len, f->chain, calls, n_calls);
    if (e == SEAL_OK) {
        e = seal_client_request_json(body, len, s != NULL ? s : f->session, ptb, ptb_len,
                                     enc_key != NULL ? enc_key : f->enc_key,
                                     enc_vk != NULL ? enc_vk : f->enc_vk, f->now);
    }
    free(ptb);
    return e;
}

/* The fixture at time now_ms (the ledger's clock 1 s behind). */
static inline void srvfix_init_at(srvfix *f, uint64_t now_ms) {
    memset(f, 0, sizeof *f);
    f->now = now_ms;
    struct stat st;
    const char *base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(f->dir, sizeof f->dir, "%s/seal_srvfix_XXXXXX", base);
    SRVFIX_CHECK(mkdtemp(f->dir) != NULL);
    char path[128], spec[128];
    snprintf(path, sizeof path, "%s/ledger.db", f->dir);
    snprintf(spec, sizeof spec, "embedded:%s", f->dir);

    uint8_t secret[32];
    memset(secret, 0x42, sizeof secret);
    SRVFIX_CHECK(seal_sui_keypair_from_secret(&f->user, SEAL_SUI_SCHEME_ED25519, secret) ==
                 SEAL_OK);
    seal_sui_keypair_address(f->address, &f->user);

    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    uint8_t cap[32];
    /* the clock a little behind now, within the staleness window */
    SRVFIX_CHECK(seal_ledger_open_ex(&l, path, now_ms - 1000) == SEAL_OK);
    SRVFIX_CHECK(seal_ledger_allowlist_create(l, f->address, "fuzz", f->allowlist, cap, &o) ==
                     SEAL_OK &&
                 o.status == SEAL_LEDGER_SUCCESS);
    SRVFIX_CHECK(seal_ledger_allowlist_add(l, f->address, f->allowlist, cap, f->address, &o) ==
                     SEAL_OK &&
                 o.status == SEAL_LEDGER_SUCCESS);
    seal_ledger_close(l);
    SRVFIX_CHECK(seal_chain_open(&f->chain, spec, NULL) == SEAL_OK);

    f->cfg.mode = SEAL_SERVER_OPEN;
    memcpy(f->cfg.seal_package, SEAL_LEDGER_SEAL_PACKAGE, 32);
    snprintf(f->cfg.network, sizeof f->cfg.network, "Devnet");
    memset(f->cfg.key_server_object_id, 0x77, 32);
    memset(f->cfg.msk, 0, 32);
    f->cfg.msk[31] = 0x2a;
    f->cfg.has_msk = true;
    f->cfg.allowed_staleness_ms = 120000;
    f->cfg.session_key_ttl_max_ms = 30 * 60 * 1000;
    snprintf(f->cfg.ts_sdk_version_requirement, sizeof f->cfg.ts_sdk_version_requirement,
             ">=0.4.5");
    SRVFIX_CHECK(seal_server_create(&f->server, &f->cfg, f->chain) == SEAL_OK);

    srvfix_rng r = {0x9e3779b97f4a7c15ull};
    seal_rng rng = {srvfix_fill, &r};
    SRVFIX_CHECK(seal_session_create(&f->session, &f->user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 10,
                                     now_ms - 60000, &rng) == SEAL_OK);
    SRVFIX_CHECK(seal_elgamal_keygen(f->eg_sk, f->enc_key, f->enc_vk, &rng) == SEAL_OK);
    seal_client_call call;
    seal_client_arg arg;
    uint8_t id[33];
    srvfix_call(f, &call, &arg, id, 7);
    SRVFIX_CHECK(srvfix_body(f, NULL, &call, 1, NULL, NULL, &f->body, &f->body_len) == SEAL_OK);
    f->headers[0] = (seal_server_header){"Client-Sdk-Type", "typescript"};
    f->headers[1] = (seal_server_header){"Client-Sdk-Version", "1.4.12"};
    f->headers[2] = (seal_server_header){"Content-Type", "application/json"};
}

static inline void srvfix_init(srvfix *f) {
    srvfix_init_at(f, SRVFIX_NOW);
}

/* The fixture at the current wall-clock time, for the HTTP fronts (they read the clock): the
 * server accepts the ledger's clock up to 24 h behind, the session lasts 29 min (within the
 * server's 30 min cap), cfg.listen is 127.0.0.1:0 with two workers, and the fetch_key body is
 * signed by that session. */
static inline void srvfix_init_live(srvfix *f) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    srvfix_init_at(f, now);
    seal_server_free(f->server);
    f->cfg.allowed_staleness_ms = 24ull * 3600 * 1000;
    snprintf(f->cfg.listen, sizeof f->cfg.listen, "127.0.0.1:0");
    f->cfg.threads = 2;
    SRVFIX_CHECK(seal_server_create(&f->server, &f->cfg, f->chain) == SEAL_OK);
    srvfix_rng r = {0x5eed5eed5eedull};
    seal_rng rng = {srvfix_fill, &r};
    seal_session_free(f->session);
    f->session = NULL;
    SRVFIX_CHECK(seal_session_create(&f->session, &f->user, SEAL_LEDGER_EXAMPLES_PACKAGE, NULL, 29,
                                     now - 60000, &rng) == SEAL_OK);
    seal_client_call call;
    seal_client_arg arg;
    uint8_t id[33];
    srvfix_call(f, &call, &arg, id, 7);
    free(f->body);
    f->body = NULL;
    SRVFIX_CHECK(srvfix_body(f, NULL, &call, 1, NULL, NULL, &f->body, &f->body_len) == SEAL_OK);
}

static inline void srvfix_request(seal_server_request *req, const srvfix *f, const char *body,
                                  size_t body_len) {
    memset(req, 0, sizeof *req);
    req->method = "POST";
    req->path = "/v1/fetch_key";
    req->headers = f->headers;
    req->n_headers = 3;
    req->body = (const uint8_t *)body;
    req->body_len = body_len;
    req->now_ms = f->now;
}

/* Removes dir when this process ends, however it ends (libFuzzer leaves with _Exit, without
 * atexit handlers): a child waits for the end of a pipe whose writing end only this process
 * holds. */
static inline void srvfix_remove_at_exit(const char *dir) {
    int p[2];
    SRVFIX_CHECK(pipe(p) == 0);
    pid_t pid = fork();
    SRVFIX_CHECK(pid >= 0);
    if (pid == 0) {
        char c;
        close(p[1]);
        while (read(p[0], &c, 1) > 0) {
        }
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        _exit(system(cmd) == 0 ? 0 : 1);
    }
    close(p[0]); /* p[1] stays open until this process ends */
}

static inline void srvfix_free(srvfix *f) {
    seal_server_free(f->server);
    seal_chain_close(f->chain);
    seal_server_config_clear(&f->cfg);
    seal_sui_keypair_clear(&f->user);
    seal_session_free(f->session);
    free(f->body);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "fixture: could not remove %s\n", f->dir);
    }
}

#endif
