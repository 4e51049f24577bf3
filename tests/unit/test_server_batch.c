/* The key server's cross-request batching (src/server/server_batch.c): threads submitting ids
 * with their own master keys and enc_keys at once get exactly their own results (each checked
 * by decrypting and verifying the user key), with passes shared across requests; a lone request
 * is never held back; a short pass is held back for requests on their way only until the wait
 * runs out, and not at all with a wait of 0; work of zero ids returns at once. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"
#include "seal/elgamal.h"
#include "seal/keys.h"
#include "server/server_internal.h"

#define THREADS 6
#define MAX_IDS 11

typedef struct req {
    seal__key_batcher *b;
    uint8_t msk_b[32], pk[96], sk[32], ek_b[48];
    seal_scalar msk;
    seal_g1 ek;
    uint8_t ids[MAX_IDS][40];
    const uint8_t *ip[MAX_IDS];
    size_t il[MAX_IDS], n;
    uint8_t c0[MAX_IDS][48], c1[MAX_IDS][48];
    seal_err err;
} req;

static pthread_barrier_t start;

static void *submit(void *arg) {
    req *r = arg;
    seal__key_work w = {r->n, r->ip, r->il, &r->msk, &r->ek, r->c0, r->c1};
    r->err = seal__key_batcher_run(r->b, &w);
    return NULL;
}

/* As the server: announced on its way, then at the crypto stage. */
static void *submit_together(void *arg) {
    req *r = arg;
    pthread_barrier_wait(&start);
    seal__key_batcher_upstream(r->b, -1);
    return submit(r);
}

static void make_req(req *r, seal__key_batcher *b, size_t n, uint8_t tag) {
    uint8_t evk[96];
    memset(r, 0, sizeof *r);
    r->b = b;
    r->n = n;
    assert_int_equal(seal_keys_generate(r->msk_b, r->pk, NULL), SEAL_OK);
    assert_int_equal(seal_elgamal_keygen(r->sk, r->ek_b, evk, NULL), SEAL_OK);
    assert_int_equal(seal_scalar_from_bytes(&r->msk, r->msk_b), SEAL_OK);
    assert_int_equal(seal_g1_decompress(&r->ek, r->ek_b), SEAL_OK);
    for (size_t i = 0; i < n; i++) {
        memset(r->ids[i], tag, sizeof r->ids[i]);
        r->ids[i][0] = (uint8_t)i;
        r->ip[i] = r->ids[i];
        r->il[i] = 33 + i;
    }
}

static void check_req(const req *r) {
    assert_int_equal(r->err, SEAL_OK);
    for (size_t i = 0; i < r->n; i++) {
        uint8_t usk[48];
        assert_int_equal(seal_elgamal_decrypt(usk, r->sk, r->c0[i], r->c1[i]), SEAL_OK);
        assert_int_equal(seal_keys_verify_user_secret_key(usk, r->pk, r->ip[i], r->il[i]), SEAL_OK);
    }
}

static void test_concurrent_requests(void **state) {
    (void)state;
    static const char *const backends[] = {"ifma", "ifma-emu", "adx"};
    for (size_t bk = 0; bk < 3; bk++) {
        if (seal_bls_set_backend(backends[bk]) != SEAL_OK) {
            continue;
        }
        seal__key_batcher *b = seal__key_batcher_new(2, 1000);
        assert_non_null(b);
        static req reqs[THREADS];
        pthread_t th[THREADS];
        /* 1..6 ids each (21 in all), announced as on their way so that passes fill up */
        seal__key_batcher_upstream(b, THREADS);
        for (size_t t = 0; t < THREADS; t++) {
            make_req(&reqs[t], b, 1 + t, (uint8_t)(0x40 + t));
        }
        assert_int_equal(pthread_barrier_init(&start, NULL, THREADS), 0);
        for (size_t t = 0; t < THREADS; t++) {
            assert_int_equal(pthread_create(&th[t], NULL, submit_together, &reqs[t]), 0);
        }
        for (size_t t = 0; t < THREADS; t++) {
            assert_int_equal(pthread_join(th[t], NULL), 0);
        }
        pthread_barrier_destroy(&start);
        for (size_t t = 0; t < THREADS; t++) {
            check_req(&reqs[t]);
        }
        uint64_t passes = 0, items = 0, waits = 0;
        seal__key_batcher_stats(b, &passes, &items, &waits);
        assert_int_equal(items, 21);
        /* at least ceil(21 / 8) passes of at most 8 ids; usually 3 or 4 shared ones, at most
         * one per request and a split one if the scheduler delays threads beyond the wait */
        print_message("%s: 21 ids of 6 requests in %llu passes\n", backends[bk],
                      (unsigned long long)passes);
        assert_true(passes >= 3 && passes <= THREADS + 2);
        seal__key_batcher_free(b);
    }
    assert_int_equal(seal_bls_set_backend("auto"), SEAL_OK);
}

static void test_lone_request_does_not_wait(void **state) {
    (void)state;
    /* with nothing on its way, a 1-id request runs at once even with the longest wait */
    seal__key_batcher *b = seal__key_batcher_new(2, 1000);
    static req r;
    make_req(&r, b, 1, 0x77);
    double t0 = tu_now_s();
    submit(&r);
    double alone = tu_now_s() - t0;
    check_req(&r);
    /* the same id computed directly, for scale: the batcher adds far less than the 1 ms wait */
    uint8_t c0[48], c1[48];
    const uint8_t *ip = r.ip[0];
    t0 = tu_now_s();
    assert_int_equal(
        seal_elgamal_extract_encrypt_batch(&c0, &c1, &r.msk, &r.ek, NULL, &ip, r.il, 1, NULL),
        SEAL_OK);
    double direct = tu_now_s() - t0;
    print_message("one id: %.0f us through the batcher, %.0f us directly\n", alone * 1e6,
                  direct * 1e6);
    uint64_t passes = 0, items = 0, waits = 0;
    seal__key_batcher_stats(b, &passes, &items, &waits);
    assert_int_equal(passes, 1);
    assert_int_equal(items, 1);
    assert_int_equal(waits, 0); /* never held back */
    /* zero ids: nothing queued */
    seal__key_work w = {0, NULL, NULL, &r.msk, &r.ek, NULL, NULL};
    assert_int_equal(seal__key_batcher_run(b, &w), SEAL_OK);
    seal__key_batcher_free(b);
}

static void test_short_pass_wait_is_bounded(void **state) {
    (void)state;
    /* Requests announced on their way that never arrive: a 1-id request holds its pass back
     * for them, and runs once the wait is over; with a wait of 0 it is not held back. */
    static const uint32_t wait_us[] = {1000, 0};
    for (size_t i = 0; i < 2; i++) {
        seal__key_batcher *b = seal__key_batcher_new(2, wait_us[i]);
        assert_non_null(b);
        seal__key_batcher_upstream(b, 4);
        static req r;
        make_req(&r, b, 1, 0x55);
        double t0 = tu_now_s();
        submit(&r);
        double took = tu_now_s() - t0;
        check_req(&r);
        uint64_t passes = 0, items = 0, waits = 0;
        seal__key_batcher_stats(b, &passes, &items, &waits);
        assert_int_equal(passes, 1);
        assert_int_equal(items, 1);
        print_message("wait %u us: answered after %.0f us, held back %llu time(s)\n", wait_us[i],
                      took * 1e6, (unsigned long long)waits);
        if (wait_us[i] > 0) {
            assert_true(waits >= 1);
            assert_true(took >= 0.9 * wait_us[i] / 1e6); /* not before the wait ran out */
        } else {
            assert_int_equal(waits, 0);
        }
        seal__key_batcher_free(b);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_concurrent_requests),
        cmocka_unit_test(test_lone_request_does_not_wait),
        cmocka_unit_test(test_short_pass_wait_is_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
