/*
 * The audit log's storage (src/audit/log.c, store.c): appends from many threads in group
 * commits, receipts and proofs against the heads, restart continuing the log, idle heads, the
 * read-only view, every kind of tampering with the database detected at open with a clear
 * reason, and a crash test (a child appending from several threads is killed with SIGKILL at
 * random moments; every record it was told was durable is in the log afterwards, with a valid
 * inclusion proof).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "seal/audit.h"
#include "seal/util.h"
#include "testutil.h"

static char DIR_[256];
static uint8_t SK[32], PK[32];

static int setup(void **state) {
    (void)state;
    if (!tu_tempdir(DIR_, sizeof DIR_, "seal-audit-log-"))
        return -1;
    return seal_audit_keygen(SK, PK) == SEAL_OK ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(DIR_);
}

static void db_path(char *out, size_t cap, const char *name) {
    snprintf(out, cap, "%s/%s", DIR_, name);
}

static uint8_t ID_BYTES[4] = {1, 2, 3, 4};

static void make_record(seal_audit_record *r, uint64_t i) {
    memset(r, 0, sizeof *r);
    r->time_ms = 1700000000000ull + i;
    r->has_key_server = true;
    memset(r->key_server, 0x11, 32);
    memset(r->request_digest, (int)(i & 0xff), 32);
    memset(r->user, 0x33, 32);
    memset(r->session_vk, 0x44, 32);
    r->has_package = true;
    memset(r->package, 0x55, 32);
    r->n_ids = 1;
    r->ids[0] = (seal_audit_bytes){ID_BYTES, sizeof ID_BYTES};
    r->granted = i % 3 != 0;
    if (!r->granted)
        snprintf(r->error, sizeof r->error, "NoAccess");
    r->allowed_staleness_ms = 120000;
}

static seal_audit_log *open_log(const char *name, bool create) {
    char path[512], why[256];
    seal_audit_log *l = NULL;
    seal_audit_log_options o = {.create = create};
    db_path(path, sizeof path, name);
    seal_err err = seal_audit_log_open(&l, path, SK, &o, why, sizeof why);
    if (err != SEAL_OK)
        fprintf(stderr, "open: %s\n", why);
    assert_int_equal(err, SEAL_OK);
    return l;
}

/* Appends one record and waits until it is durable; checks its receipt and bytes. */
static uint64_t append_wait(seal_audit_log *l, uint64_t i, seal_audit_receipt *rc) {
    seal_audit_record r;
    seal_audit_pending *p = NULL;
    uint8_t *bytes = NULL, leaf[32];
    size_t len = 0;
    make_record(&r, i);
    assert_int_equal(seal_audit_log_append(l, &r, rc, &bytes, &len, &p), SEAL_OK);
    assert_int_equal(seal_audit_pending_wait(p), SEAL_OK);
    assert_int_equal(seal_audit_receipt_verify(rc, PK), SEAL_OK);
    assert_int_equal(rc->seq, r.seq);
    seal_audit_leaf_hash(leaf, bytes, len);
    assert_memory_equal(leaf, rc->leaf_hash, 32);
    free(bytes);
    return r.seq;
}

static void check_inclusion(seal_audit_log *l, const seal_audit_receipt *rc,
                            const seal_audit_tree_head *h) {
    seal_audit_proof *p = malloc(sizeof *p);
    assert_non_null(p);
    assert_int_equal(seal_audit_log_inclusion(l, rc->seq, h->tree_size, p), SEAL_OK);
    assert_int_equal(seal_audit_verify_inclusion(rc->leaf_hash, rc->seq, h->tree_size,
                                                 (const uint8_t(*)[32])p->path, p->n, h->root),
                     SEAL_OK);
    free(p);
}

typedef struct worker {
    seal_audit_log *l;
    int n;
    int base;
    int done;
    seal_audit_receipt *receipts;
} worker;

static void on_done(void *ctx, seal_err err) {
    worker *w = ctx;
    assert_int_equal(err, SEAL_OK);
    __atomic_add_fetch(&w->done, 1, __ATOMIC_SEQ_CST);
}

static void *worker_main(void *arg) {
    worker *w = arg;
    for (int i = 0; i < w->n; i++) {
        seal_audit_record r;
        seal_audit_pending *p = NULL;
        make_record(&r, (uint64_t)(w->base + i));
        if (seal_audit_log_append(w->l, &r, &w->receipts[i], NULL, NULL, &p) != SEAL_OK)
            return (void *)1;
        if (i % 2 == 0) {
            if (seal_audit_pending_wait(p) != SEAL_OK)
                return (void *)1;
            w->done++;
        } else {
            seal_audit_pending_then(p, on_done, w);
        }
    }
    return NULL;
}

static void test_append_prove_reopen(void **state) {
    (void)state;
    seal_audit_log *l = open_log("a.db", true);
    seal_audit_tree_head h0, h1, h2;
    assert_int_equal(seal_audit_log_head(l, &h0), SEAL_OK);
    assert_int_equal(h0.tree_size, 0);
    assert_int_equal(seal_audit_tree_head_verify(&h0, PK), SEAL_OK);

    enum { THREADS = 6, EACH = 40 };
    pthread_t t[THREADS];
    worker w[THREADS];
    seal_audit_receipt *all = calloc(THREADS * EACH, sizeof *all);
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){l, EACH, i * EACH, 0, all + i * EACH};
        assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        void *ret = NULL;
        pthread_join(t[i], &ret);
        assert_null(ret);
    }
    /* the callbacks of the last records may still be running */
    for (int tries = 0; tries < 1000; tries++) {
        int sum = 0;
        for (int i = 0; i < THREADS; i++)
            sum += __atomic_load_n(&w[i].done, __ATOMIC_SEQ_CST);
        if (sum == THREADS * EACH)
            break;
        usleep(2000);
    }
    assert_int_equal(seal_audit_log_head(l, &h1), SEAL_OK);
    assert_int_equal(h1.tree_size, THREADS * EACH);
    assert_int_equal(seal_audit_tree_head_verify(&h1, PK), SEAL_OK);
    /* every sequence number once, every receipt valid and included */
    bool *seen = calloc(THREADS * EACH, 1);
    for (int i = 0; i < THREADS * EACH; i++) {
        assert_int_equal(seal_audit_receipt_verify(&all[i], PK), SEAL_OK);
        assert_true(all[i].seq < THREADS * EACH);
        assert_false(seen[all[i].seq]);
        seen[all[i].seq] = true;
        check_inclusion(l, &all[i], &h1);
    }
    free(seen);
    seal_audit_log_stats st;
    seal_audit_log_get_stats(l, &st);
    assert_int_equal(st.records, THREADS * EACH);
    assert_int_equal(st.appended, THREADS * EACH);
    assert_true(st.commits >= 1 && st.commits <= THREADS * EACH);
    printf("     %llu records in %llu group commits (largest %llu), %.3f ms per commit\n",
           (unsigned long long)st.appended, (unsigned long long)st.commits,
           (unsigned long long)st.batch_max, st.commit_sum_ms / (double)st.commit_count);

    /* consistency between the empty head and the latest */
    seal_audit_proof *p = malloc(sizeof *p);
    assert_int_equal(seal_audit_log_consistency(l, 0, h1.tree_size, p), SEAL_OK);
    assert_int_equal(seal_audit_verify_consistency(0, h1.tree_size, h0.root, h1.root,
                                                   (const uint8_t(*)[32])p->path, p->n),
                     SEAL_OK);
    /* out of range */
    assert_int_equal(seal_audit_log_inclusion(l, 5, h1.tree_size + 1, p),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_audit_log_inclusion(l, h1.tree_size, h1.tree_size, p),
                     SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_audit_log_consistency(l, 3, h1.tree_size + 1, p),
                     SEAL_ERR_INVALID_ARGUMENT);
    uint8_t *bytes = NULL;
    size_t len = 0;
    assert_int_equal(seal_audit_log_record(l, 7, &bytes, &len), SEAL_OK);
    seal_audit_record r;
    assert_int_equal(seal_audit_record_decode(&r, bytes, len), SEAL_OK);
    assert_int_equal(r.seq, 7);
    free(bytes);
    seal_audit_log_close(l);

    /* restart: the same log continues */
    l = open_log("a.db", false);
    assert_int_equal(seal_audit_log_head(l, &h2), SEAL_OK);
    assert_int_equal(h2.tree_size, h1.tree_size);
    assert_memory_equal(h2.root, h1.root, 32);
    seal_audit_receipt rc;
    assert_int_equal(append_wait(l, 1000, &rc), THREADS * EACH);
    assert_int_equal(seal_audit_log_head(l, &h2), SEAL_OK);
    assert_int_equal(h2.tree_size, THREADS * EACH + 1);
    check_inclusion(l, &rc, &h2);
    check_inclusion(l, &all[0], &h2);
    assert_int_equal(seal_audit_log_consistency(l, h1.tree_size, h2.tree_size, p), SEAL_OK);
    assert_int_equal(seal_audit_verify_consistency(h1.tree_size, h2.tree_size, h1.root, h2.root,
                                                   (const uint8_t(*)[32])p->path, p->n),
                     SEAL_OK);
    /* the retained heads are in order of size, the latest last */
    seal_audit_tree_head heads[16];
    size_t n = 0;
    assert_int_equal(seal_audit_log_heads(l, 0, UINT64_MAX, heads, 16, &n), SEAL_OK);
    assert_true(n >= 1);
    assert_int_equal(heads[n - 1].tree_size, h2.tree_size);
    free(p);
    free(all);
    seal_audit_log_close(l);
}

/* A log opened without a key: records and proofs readable, appends refused. */
static void test_readonly(void **state) {
    (void)state;
    char path[512], why[256];
    seal_audit_log *l = open_log("ro.db", true);
    seal_audit_receipt rc;
    for (int i = 0; i < 5; i++)
        (void)append_wait(l, (uint64_t)i, &rc);
    seal_audit_log_close(l);
    db_path(path, sizeof path, "ro.db");
    assert_int_equal(seal_audit_log_open_readonly(&l, path, NULL, why, sizeof why), SEAL_OK);
    seal_audit_tree_head h;
    assert_int_equal(seal_audit_log_head(l, &h), SEAL_OK);
    assert_int_equal(h.tree_size, 5);
    check_inclusion(l, &rc, &h);
    seal_audit_record r;
    make_record(&r, 9);
    assert_int_equal(seal_audit_log_append(l, &r, NULL, NULL, NULL, NULL), SEAL_ERR_UNSUPPORTED);
    uint8_t pk[32];
    seal_audit_log_public_key(l, pk);
    assert_memory_equal(pk, PK, 32);
    seal_audit_log_close(l);
    /* another expected key is refused */
    uint8_t sk2[32], pk2[32];
    assert_int_equal(seal_audit_keygen(sk2, pk2), SEAL_OK);
    assert_int_not_equal(seal_audit_log_open_readonly(&l, path, pk2, why, sizeof why), SEAL_OK);
    assert_non_null(strstr(why, "another audit key"));
    seal_audit_log_options o = {0};
    assert_int_not_equal(seal_audit_log_open(&l, path, sk2, &o, why, sizeof why), SEAL_OK);
    assert_non_null(strstr(why, "another audit key"));
    /* one writer per log */
    seal_audit_log *w1 = NULL, *w2 = NULL;
    assert_int_equal(seal_audit_log_open(&w1, path, SK, &o, why, sizeof why), SEAL_OK);
    assert_int_not_equal(seal_audit_log_open(&w2, path, SK, &o, why, sizeof why), SEAL_OK);
    assert_non_null(strstr(why, "open in another process"));
    seal_audit_log_close(w1);
    assert_int_equal(seal_audit_log_open(&w2, path, SK, &o, why, sizeof why), SEAL_OK);
    seal_audit_log_close(w2);
    db_path(path, sizeof path, "missing.db");
    assert_int_not_equal(seal_audit_log_open(&l, path, SK, &o, why, sizeof why), SEAL_OK);
    assert_non_null(strstr(why, "no audit log"));
    seal_memzero(sk2, 32);
}

/* Fresh heads while idle. */
static void test_idle_heads(void **state) {
    (void)state;
    char path[512], why[256];
    seal_audit_log *l = NULL;
    seal_audit_log_options o = {.create = true, .head_interval_ms = 30};
    db_path(path, sizeof path, "idle.db");
    assert_int_equal(seal_audit_log_open(&l, path, SK, &o, why, sizeof why), SEAL_OK);
    seal_audit_tree_head a, b;
    seal_audit_receipt rc;
    (void)append_wait(l, 1, &rc);
    assert_int_equal(seal_audit_log_head(l, &a), SEAL_OK);
    for (int i = 0; i < 200; i++) {
        usleep(5000);
        assert_int_equal(seal_audit_log_head(l, &b), SEAL_OK);
        if (b.timestamp_ms > a.timestamp_ms)
            break;
    }
    assert_true(b.timestamp_ms > a.timestamp_ms);
    assert_int_equal(b.tree_size, a.tree_size);
    assert_memory_equal(b.root, a.root, 32);
    assert_int_equal(seal_audit_tree_head_verify(&b, PK), SEAL_OK);
    seal_audit_log_close(l);
    assert_int_equal(seal_audit_log_open(&l, path, SK, &o, why, sizeof why), SEAL_OK);
    seal_audit_log_close(l);
}

/* ---- tampering ---------------------------------------------------------------------------- */

static void sql(const char *name, const char *text) {
    char path[512];
    sqlite3 *db = NULL;
    db_path(path, sizeof path, name);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, text, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fprintf(stderr, "sql: %s\n", msg);
    sqlite3_free(msg);
    assert_int_equal(rc, SQLITE_OK);
    sqlite3_close(db);
}

/* A log of 10 records in `name` (a fresh file). */
static void build(const char *name) {
    char path[512];
    db_path(path, sizeof path, name);
    unlink(path);
    seal_audit_log *l = open_log(name, true);
    seal_audit_receipt rc;
    for (int i = 0; i < 10; i++)
        (void)append_wait(l, (uint64_t)i, &rc);
    seal_audit_log_close(l);
}

static void expect_refused(const char *name, const char *reason) {
    char path[512], why[256];
    seal_audit_log *l = NULL;
    seal_audit_log_options o = {0};
    db_path(path, sizeof path, name);
    seal_err err = seal_audit_log_open(&l, path, SK, &o, why, sizeof why);
    if (err == SEAL_OK)
        seal_audit_log_close(l);
    assert_int_not_equal(err, SEAL_OK);
    printf("     refused: %s\n", why);
    if (strstr(why, reason) == NULL)
        fail_msg("expected \"%s\" in \"%s\"", reason, why);
    /* the read-only view refuses it as well */
    assert_int_not_equal(seal_audit_log_open_readonly(&l, path, NULL, why, sizeof why), SEAL_OK);
}

static void test_tamper_edit(void **state) {
    (void)state;
    build("t.db");
    /* one byte of record 3's request digest (offset 1 + 8 + 8 + 33 = 50) */
    sql("t.db", "UPDATE records SET record = substr(record, 1, 50) || x'ff' || "
                "substr(record, 52) WHERE seq = 3");
    expect_refused("t.db", "record 3 differs");
}

static void test_tamper_edit_consistently(void **state) {
    (void)state;
    /* edit a record and its leaf hash in the stored tree: the root no longer matches */
    build("t.db");
    seal_audit_log *l = open_log("t.db", false);
    uint8_t *bytes = NULL;
    size_t len = 0;
    assert_int_equal(seal_audit_log_record(l, 4, &bytes, &len), SEAL_OK);
    seal_audit_log_close(l);
    bytes[60] ^= 1;
    uint8_t leaf[32];
    seal_audit_leaf_hash(leaf, bytes, len);
    char *hex = malloc(2 * len + 1), lh[65], q[4096];
    seal_hex_encode(hex, bytes, len);
    seal_hex_encode(lh, leaf, 32);
    snprintf(q, sizeof q,
             "UPDATE records SET record = x'%s' WHERE seq = 4;"
             "UPDATE nodes SET hash = x'%s' WHERE level = 0 AND idx = 4;",
             hex, lh);
    sql("t.db", q);
    free(hex);
    free(bytes);
    expect_refused("t.db", "subtree");
}

static void test_tamper_delete(void **state) {
    (void)state;
    build("t.db");
    sql("t.db", "DELETE FROM records WHERE seq = 5");
    expect_refused("t.db", "record 5 is missing");
    build("t.db");
    sql("t.db", "DELETE FROM records WHERE seq = 9");
    expect_refused("t.db", "does not hold");
}

static void test_tamper_reorder(void **state) {
    (void)state;
    build("t.db");
    sql("t.db", "UPDATE records SET seq = 100 WHERE seq = 2;"
                "UPDATE records SET seq = 2 WHERE seq = 6;"
                "UPDATE records SET seq = 6 WHERE seq = 100;");
    expect_refused("t.db", "records reordered");
}

static void test_tamper_append(void **state) {
    (void)state;
    build("t.db");
    /* a well-formed record 10, its leaf in the stored tree: no signed head covers it */
    seal_audit_record r;
    make_record(&r, 10);
    r.seq = 10;
    uint8_t buf[1024], leaf[32];
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, buf, sizeof buf);
    seal_audit_record_write(&w, &r);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    seal_audit_leaf_hash(leaf, buf, w.len);
    char hex[2049], lh[65], q[4096];
    seal_hex_encode(hex, buf, w.len);
    seal_hex_encode(lh, leaf, 32);
    snprintf(q, sizeof q,
             "INSERT INTO records(seq, record) VALUES(10, x'%s');"
             "INSERT INTO nodes(level, idx, hash) VALUES(0, 10, x'%s');",
             hex, lh);
    sql("t.db", q);
    expect_refused("t.db", "after the last signed head");
}

static void test_tamper_heads(void **state) {
    (void)state;
    build("t.db");
    /* the latest head's timestamp changed: its signature fails */
    sql("t.db", "UPDATE heads SET head = substr(head, 1, 41) || x'ffffffff' || substr(head, 46) "
                "WHERE tree_size = 10");
    expect_refused("t.db", "signature does not verify");
    build("t.db");
    /* a head with another root */
    sql("t.db", "UPDATE heads SET head = substr(head, 1, 49) || x'00' || substr(head, 51) "
                "WHERE tree_size = 10");
    expect_refused("t.db", "signed root");
    build("t.db");
    sql("t.db", "DELETE FROM heads");
    expect_refused("t.db", "no signed tree head");
    build("t.db");
    sql("t.db", "INSERT INTO nodes(level, idx, hash) VALUES(5, 5, zeroblob(32))");
    expect_refused("t.db", "subtree hashes");
    build("t.db");
    sql("t.db", "UPDATE meta SET value = x'02' WHERE key = 'schema_version'");
    expect_refused("t.db", "not an audit log");
}

/* ---- crash -------------------------------------------------------------------------------- */

/* The child: appends from 4 threads forever; each durable record's (seq, leaf) goes to fd. */
typedef struct crash_worker {
    seal_audit_log *l;
    int fd;
    pthread_mutex_t *mu;
    int id;
} crash_worker;

static void *crash_main(void *arg) {
    crash_worker *w = arg;
    for (uint64_t i = 0;; i++) {
        seal_audit_record r;
        seal_audit_receipt rc;
        seal_audit_pending *p = NULL;
        make_record(&r, i * 4 + (uint64_t)w->id);
        if (seal_audit_log_append(w->l, &r, &rc, NULL, NULL, &p) != SEAL_OK)
            _exit(3);
        if (seal_audit_pending_wait(p) != SEAL_OK)
            _exit(4);
        uint8_t line[SEAL_AUDIT_RECEIPT_BYTES];
        seal_audit_receipt_encode(line, &rc);
        pthread_mutex_lock(w->mu);
        if (write(w->fd, line, sizeof line) != (ssize_t)sizeof line)
            _exit(5);
        pthread_mutex_unlock(w->mu);
    }
    return NULL;
}

static void test_crash(void **state) {
    (void)state;
    char path[512];
    db_path(path, sizeof path, "crash.db");
    unlink(path);
    unsigned seed = (unsigned)time(NULL);
    printf("     seed %u\n", seed);
    srand(seed);
    size_t total = 0;
    uint64_t last_size = 0;
    for (int round = 0; round < 6; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            char why[256];
            seal_audit_log *l = NULL;
            seal_audit_log_options o = {.create = true};
            if (seal_audit_log_open(&l, path, SK, &o, why, sizeof why) != SEAL_OK)
                _exit(2);
            pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
            crash_worker w[4];
            pthread_t t[4];
            for (int i = 0; i < 4; i++) {
                w[i] = (crash_worker){l, fds[1], &mu, i};
                pthread_create(&t[i], NULL, crash_main, &w[i]);
            }
            for (;;)
                pause();
        }
        close(fds[1]);
        usleep((useconds_t)(50000 + rand() % 250000));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status));
        /* every receipt the child reported must be in the reopened log */
        seal_audit_log *l = open_log("crash.db", false);
        seal_audit_tree_head h;
        assert_int_equal(seal_audit_log_head(l, &h), SEAL_OK);
        assert_true(h.tree_size >= last_size);
        last_size = h.tree_size;
        uint8_t line[SEAL_AUDIT_RECEIPT_BYTES];
        size_t got = 0;
        for (;;) {
            ssize_t n = read(fds[0], line, sizeof line);
            if (n == 0)
                break;
            assert_int_equal(n, (ssize_t)sizeof line);
            seal_audit_receipt rc;
            assert_int_equal(seal_audit_receipt_decode(&rc, line, sizeof line), SEAL_OK);
            assert_int_equal(seal_audit_receipt_verify(&rc, PK), SEAL_OK);
            assert_true(rc.seq < h.tree_size);
            check_inclusion(l, &rc, &h);
            got++;
        }
        close(fds[0]);
        seal_audit_log_close(l);
        total += got;
        printf("     round %d: %zu durable records reported, log size %llu\n", round, got,
               (unsigned long long)h.tree_size);
    }
    assert_true(total > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_prove_reopen),
        cmocka_unit_test(test_readonly),
        cmocka_unit_test(test_idle_heads),
        cmocka_unit_test(test_tamper_edit),
        cmocka_unit_test(test_tamper_edit_consistently),
        cmocka_unit_test(test_tamper_delete),
        cmocka_unit_test(test_tamper_reorder),
        cmocka_unit_test(test_tamper_append),
        cmocka_unit_test(test_tamper_heads),
        cmocka_unit_test(test_crash),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
