/*
 * Committee mode (server_mode: !Committee, spec/COMMITTEE.md 6): the member's share selection at
 * start-up by committee version and state (master_keys.rs of MystenLabs/seal at ddc7e5d6), the
 * start-up check share·G2 == the on-chain partial pk, the switch-over of a rotation without a
 * restart (a poller thread, every committee_poll_interval), the share each request uses, and
 * GET /v1/debug/committee_partial_pk. Partial keys are extracted and ElGamal-encrypted by the
 * ordinary fetch_key path with the share in place of the master key.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seal/chain_committee.h"
#include "seal/keys.h"
#include "seal/sui.h"
#include "seal/util.h"
#include "server/server_committee.h"

typedef enum cm_state { CM_ACTIVE, CM_ROTATION, CM_FAILED } cm_state;

struct seal__committee_server {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    cm_state state;
    uint8_t share[32]; /* Active */
    uint32_t share_version;
    bool has_old; /* Rotation: old share (version target - 1) */
    uint8_t old_share[32];
    uint8_t next_share[32]; /* Rotation: share of the target version */
    uint32_t target;
    uint32_t version; /* the on-chain committee version last read */
    char failure[192];
    bool thread_started, stop;
    pthread_t thread;
    seal_chain *chain;
    uint8_t ks[32], member[32];
    uint64_t poll_ms;
    void (*fatal)(void *ctx);
    void *fatal_ctx;
};

static const uint8_t *find_share(const seal_server_committee_config *m, uint32_t v) {
    for (size_t i = 0; i < m->n_shares; i++)
        if (m->share_versions[i] == v)
            return m->shares[i];
    return NULL;
}

/* The on-chain committee version and, when `member` is a member of the committee holding the
 * KeyServer, its partial pk. */
typedef struct onchain_view {
    uint32_t version;
    bool is_member;
    uint8_t partial_pk[96];
} onchain_view;

static seal_err read_view(seal_chain *chain, const uint8_t ks[static 32],
                          const uint8_t member[static 32], onchain_view *out, char *why,
                          size_t why_len) {
    seal_ledger_object field, co;
    seal_onchain_key_server_v2 v2;
    seal_onchain_committee cm;
    uint8_t cid[32];
    bool found = false;
    uint16_t party = 0;
    seal_err err;
    memset(out, 0, sizeof *out);
    memset(&cm, 0, sizeof cm);
    err = seal_chain_key_server_v2(chain, ks, &field, &v2, &found);
    if (err != SEAL_OK || !found) {
        snprintf(why, why_len, "cannot read the KeyServerV2 of key_server_obj_id: %s",
                 err != SEAL_OK ? seal_strerror(err) : "not found");
        return err != SEAL_OK ? err : SEAL_ERR_INVALID_ARGUMENT;
    }
    if (v2.server_type != SEAL_ONCHAIN_SERVER_COMMITTEE) {
        snprintf(why, why_len, "key_server_obj_id is not a committee key server");
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    out->version = v2.version;
    if ((err = seal_chain_committee_of_key_server(chain, ks, cid, &found)) != SEAL_OK || !found) {
        snprintf(why, why_len, "cannot find the committee holding key_server_obj_id: %s",
                 err != SEAL_OK ? seal_strerror(err) : "not held by a committee");
        err = err != SEAL_OK ? err : SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((err = seal_chain_get_objects(chain, (const uint8_t(*)[32])cid, 1, &co, &found)) !=
            SEAL_OK ||
        !found) {
        snprintf(why, why_len, "cannot read the committee: %s",
                 err != SEAL_OK ? seal_strerror(err) : "not found");
        err = err != SEAL_OK ? err : SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    err = seal_onchain_committee_decode(&cm, co.contents, co.contents_len);
    if (err == SEAL_OK && seal_onchain_committee_party_id(&cm, member, &party) &&
        party < v2.n_partial && v2.partial[party].partial_pk.len == 96) {
        out->is_member = true;
        memcpy(out->partial_pk, v2.partial[party].partial_pk.ptr, 96);
    }
    if (err != SEAL_OK)
        snprintf(why, why_len, "the committee object does not decode");
    seal_onchain_committee_clear(&cm);
    seal_ledger_object_clear(&co);
out:
    seal_onchain_key_server_v2_clear(&v2);
    seal_ledger_object_clear(&field);
    return err;
}

/* share·G2 == the on-chain partial pk of the member. */
static bool share_matches(const uint8_t share[static 32], const onchain_view *v, uint32_t version,
                          char *why, size_t why_len) {
    uint8_t pk[96];
    if (!v->is_member) {
        snprintf(why, why_len, "member_address is not a member of the committee of version %u",
                 version);
        return false;
    }
    if (seal_keys_public_key(pk, share) != SEAL_OK || memcmp(pk, v->partial_pk, 96) != 0) {
        snprintf(why, why_len,
                 "MASTER_SHARE_V%u does not match the on-chain partial public key of this member",
                 version);
        return false;
    }
    return true;
}

static void set_active(seal__committee_server *cs, const uint8_t share[static 32], uint32_t v) {
    memcpy(cs->share, share, 32);
    cs->share_version = v;
    cs->state = CM_ACTIVE;
    cs->version = v;
    seal_memzero(cs->old_share, sizeof cs->old_share);
    seal_memzero(cs->next_share, sizeof cs->next_share);
    cs->has_old = false;
}

static void fail_state(seal__committee_server *cs, const char *why) {
    cs->state = CM_FAILED;
    snprintf(cs->failure, sizeof cs->failure, "%s", why);
    seal_memzero(cs->share, sizeof cs->share);
    seal_memzero(cs->old_share, sizeof cs->old_share);
    seal_memzero(cs->next_share, sizeof cs->next_share);
}

/* One poll of a rotation: the version reached the target (check, switch), is still the one
 * before (wait), or anything else (fatal). Returns true when polling must go on. */
static bool poll_once(seal__committee_server *cs) {
    onchain_view v;
    char why[192] = "";
    bool fatal = false, go_on = true;
    seal_err err = read_view(cs->chain, cs->ks, cs->member, &v, why, sizeof why);
    pthread_mutex_lock(&cs->mu);
    if (err != SEAL_OK) {
        /* a chain error: keep the state, try again at the next tick */
    } else if (v.version == cs->target) {
        if (share_matches(cs->next_share, &v, v.version, why, sizeof why)) {
            uint8_t next[32];
            memcpy(next, cs->next_share, 32);
            set_active(cs, next, cs->target);
            seal_memzero(next, sizeof next);
            go_on = false;
        } else {
            fail_state(cs, why);
            fatal = true;
        }
    } else if (v.version + 1 == cs->target) {
        cs->version = v.version;
    } else {
        snprintf(why, sizeof why, "committee version %u on chain, rotation target %u", v.version,
                 cs->target);
        fail_state(cs, why);
        fatal = true;
    }
    pthread_mutex_unlock(&cs->mu);
    if (fatal) {
        fprintf(stderr, "seal server: committee: %s\n", why);
        if (cs->fatal != NULL)
            cs->fatal(cs->fatal_ctx);
        go_on = false;
    }
    return go_on;
}

static void *poller(void *arg) {
    seal__committee_server *cs = arg;
    for (;;) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t ns = (uint64_t)ts.tv_nsec + (cs->poll_ms % 1000u) * 1000000u;
        ts.tv_sec += (time_t)(cs->poll_ms / 1000u + ns / 1000000000u);
        ts.tv_nsec = (long)(ns % 1000000000u);
        pthread_mutex_lock(&cs->mu);
        while (!cs->stop && pthread_cond_timedwait(&cs->cv, &cs->mu, &ts) == 0) {
        }
        bool stop = cs->stop;
        pthread_mutex_unlock(&cs->mu);
        if (stop || !poll_once(cs))
            return NULL;
    }
}

seal_err seal__committee_server_create(seal__committee_server **out, const seal_server_config *cfg,
                                       seal_chain *chain, char *why, size_t why_len) {
    const seal_server_committee_config *m = &cfg->committee;
    seal__committee_server *cs = calloc(1, sizeof *cs);
    onchain_view v;
    seal_err err;
    *out = NULL;
    if (cs == NULL)
        return SEAL_ERR_NO_MEMORY;
    pthread_mutex_init(&cs->mu, NULL);
    pthread_cond_init(&cs->cv, NULL);
    cs->chain = chain;
    memcpy(cs->ks, cfg->key_server_object_id, 32);
    memcpy(cs->member, m->member_address, 32);
    cs->poll_ms = m->poll_interval_ms ? m->poll_interval_ms : 30000;
    if ((err = read_view(chain, cs->ks, cs->member, &v, why, why_len)) != SEAL_OK)
        goto fail;
    err = SEAL_ERR_INVALID_ARGUMENT;
    const uint8_t *cur = find_share(m, v.version);
    const uint8_t *next = v.version < UINT32_MAX ? find_share(m, v.version + 1) : NULL;
    if (!m->rotation) {
        if (cur != NULL) {
            if (!share_matches(cur, &v, v.version, why, why_len))
                goto fail;
            set_active(cs, cur, v.version);
        } else if (next != NULL) {
            cs->state = CM_ROTATION;
            memcpy(cs->next_share, next, 32);
            cs->target = v.version + 1;
            cs->version = v.version;
        } else {
            snprintf(why, why_len,
                     "committee version %u on chain: MASTER_SHARE_V%u (or V%u during a rotation) "
                     "is not set",
                     v.version, v.version, v.version + 1);
            goto fail;
        }
    } else {
        uint32_t t = m->target_version;
        if (t == 0) {
            snprintf(why, why_len, "committee_state: !Rotation target_version must be above 0");
            goto fail;
        }
        if (v.version == t) {
            if (find_share(m, t) == NULL) {
                snprintf(why, why_len, "MASTER_SHARE_V%u is not set", t);
                goto fail;
            }
            if (!share_matches(find_share(m, t), &v, t, why, why_len))
                goto fail;
            set_active(cs, find_share(m, t), t);
        } else if (v.version + 1 == t) {
            if (find_share(m, t) == NULL) {
                snprintf(why, why_len, "rotation to version %u: MASTER_SHARE_V%u is not set", t, t);
                goto fail;
            }
            cs->state = CM_ROTATION;
            memcpy(cs->next_share, find_share(m, t), 32);
            cs->target = t;
            cs->version = v.version;
            if (cur != NULL) {
                cs->has_old = true;
                memcpy(cs->old_share, cur, 32);
            }
        } else {
            snprintf(why, why_len,
                     "Rotation mode mismatch: committee version %u on chain, target_version %u",
                     v.version, t);
            goto fail;
        }
    }
    if (cs->state == CM_ROTATION) {
        if (pthread_create(&cs->thread, NULL, poller, cs) != 0) {
            snprintf(why, why_len, "cannot start the committee poller");
            err = SEAL_ERR_NO_MEMORY;
            goto fail;
        }
        cs->thread_started = true;
    }
    *out = cs;
    return SEAL_OK;
fail:
    seal__committee_server_free(cs);
    return err;
}

void seal__committee_server_free(seal__committee_server *cs) {
    if (cs == NULL)
        return;
    if (cs->thread_started) {
        pthread_mutex_lock(&cs->mu);
        cs->stop = true;
        pthread_cond_signal(&cs->cv);
        pthread_mutex_unlock(&cs->mu);
        pthread_join(cs->thread, NULL);
    }
    pthread_mutex_destroy(&cs->mu);
    pthread_cond_destroy(&cs->cv);
    seal_memzero(cs, sizeof *cs);
    free(cs);
}

void seal__committee_server_on_fatal(seal__committee_server *cs, void (*fn)(void *), void *ctx) {
    pthread_mutex_lock(&cs->mu);
    cs->fatal = fn;
    cs->fatal_ctx = ctx;
    pthread_mutex_unlock(&cs->mu);
}

bool seal__committee_server_share(seal__committee_server *cs, uint8_t out[static 32],
                                  uint32_t *version, char *why, size_t why_len) {
    bool ok = true;
    pthread_mutex_lock(&cs->mu);
    switch (cs->state) {
    case CM_ACTIVE:
        memcpy(out, cs->share, 32);
        *version = cs->share_version;
        break;
    case CM_ROTATION:
        if (cs->version == cs->target) {
            memcpy(out, cs->next_share, 32);
            *version = cs->target;
        } else if (cs->has_old) {
            memcpy(out, cs->old_share, 32);
            *version = cs->version;
        } else {
            snprintf(why, why_len,
                     "Rotation in progress: no share for committee version %u (waiting for "
                     "version %u)",
                     cs->version, cs->target);
            ok = false;
        }
        break;
    default:
        snprintf(why, why_len, "%s", cs->failure);
        ok = false;
        break;
    }
    pthread_mutex_unlock(&cs->mu);
    return ok;
}

bool seal__committee_server_failed(seal__committee_server *cs, char *why, size_t why_len) {
    pthread_mutex_lock(&cs->mu);
    bool failed = cs->state == CM_FAILED;
    if (failed)
        snprintf(why, why_len, "%s", cs->failure);
    pthread_mutex_unlock(&cs->mu);
    return failed;
}

uint32_t seal__committee_server_version(seal__committee_server *cs) {
    pthread_mutex_lock(&cs->mu);
    uint32_t v = cs->state == CM_ACTIVE ? cs->share_version : cs->version;
    pthread_mutex_unlock(&cs->mu);
    return v;
}
