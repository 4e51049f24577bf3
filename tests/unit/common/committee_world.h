/* A committee on loopback for the aggregator and client tests: a ledger with an allowlist (Bob on
 * it, Carol not), three key servers holding the shares of spec/committee.json's DKG (an Open key
 * server whose master key is a member's share answers exactly what a committee member answers),
 * a fourth with a wrong share, and scripted sockets standing for members that misbehave. */
#ifndef SEAL_TEST_COMMITTEE_WORLD_H
#define SEAL_TEST_COMMITTEE_WORLD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aggregator/aggregator.h"
#include "seal/chain.h"
#include "seal/client.h"
#include "seal/ledger.h"
#include "seal/sui_sig.h"
#include "server/server.h"

/* members 0..2, a member with a wrong share, an independent key server */
enum { CW_M0, CW_M1, CW_M2, CW_LIAR, CW_INDEP, CW_N_REAL };

/* ---- scripted members ----------------------------------------------------------------------- */

typedef enum cw_mock_mode { CW_MOCK_SCRIPT, CW_MOCK_HANG } cw_mock_mode;

typedef struct cw_mock {
    cw_mock_mode mode;
    int fd;
    uint16_t port;
    pthread_t thread;
    atomic_int stop;
    atomic_int requests;
    unsigned status;
    const char *extra_headers; /* e.g. "X-KeyServer-Version: 0.6.10\r\n" */
    const char *body;
    char last_request[8192];
    pthread_mutex_t mu;
    int held[16];
    size_t n_held;
} cw_mock;

typedef struct cw_world {
    char dir[64];
    char spec[128];
    seal_ledger *ledger;
    seal_chain *chain;
    seal_chain *member_chain[CW_N_REAL];
    seal_server *core[CW_N_REAL];
    seal_server_http *http[CW_N_REAL];
    uint16_t port[CW_N_REAL];
    uint8_t share[3][32], partial_pk[3][96], committee_pk[96], master_secret[32];
    uint8_t indep_msk[32], indep_pk[96]; /* the independent key server's keys */
    seal_sui_keypair admin, bob, carol;
    uint8_t al[32], cap[32];
} cw_world;

extern cw_world CW;

/* A scripted member: CW_MOCK_SCRIPT answers every request with status, extra headers and body;
 * CW_MOCK_HANG reads the request and never answers. The last request is kept. */
cw_mock *cw_mock_start(cw_mock_mode mode, unsigned status, const char *extra, const char *body);
void cw_mock_stop(cw_mock *m);
void cw_write_file(const char *path, const char *text);
/* Key server i (0..CW_N_REAL-1) on a free port answering with master key `key`. */
void cw_start_member(size_t i, const uint8_t key[32]);
/* The cmocka group fixture: the ledger, the accounts, members 0..2, the liar and the
 * independent key server. */
int cw_setup(void **state);
int cw_teardown(void **state);
/* "http://127.0.0.1:PORT" of real member i, of a mock, of nobody. */
void cw_real_url(char out[64], size_t i);
void cw_mock_url(char out[64], const cw_mock *m);
void cw_down_url(char out[64]);
/* The URLs of members 0..2. */
void cw_good_urls(char urls[3][64]);

/* ---- aggregators and requests --------------------------------------------------------------- */

/* An aggregator's settings: TypeScript clients from ts_requirement, any Rust or Python client,
 * members from 0.6.2, timeout_ms per member, and the credential "X-API-Key: secret-<i>" for each
 * member m<i> of m0..m<n-1> but skip (-1: none). */
void cw_aggregator_config(seal_aggregator_config *cfg, const char *ts_requirement,
                          uint32_t timeout_ms, size_t n, int skip);
/* Members m0..m<n-1> at urls[0..n-1]: party ids 0..n-1, the DKG's partial pk of party i % 3. */
void cw_members(seal_aggregator_member *ms, const char urls[][64], size_t n);
/* The examples package's allowlist::seal_approve call with the allowlist object as its one
 * argument (arg); the caller sets the id. */
void tu_allowlist_approve_call(seal_client_call *call, seal_client_arg *arg,
                               const uint8_t allowlist[32]);
/* The allowlist's seal_approve call on the id CW.al || suffix (written into id, 32 + suffix_len
 * bytes), arg its one argument (the allowlist object). */
void cw_approve_call(seal_client_call *call, seal_client_arg *arg, uint8_t *id, const void *suffix,
                     size_t suffix_len);

#endif
