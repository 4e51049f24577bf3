/* The chain layer's sui.rpc.v2 backend (src/chain/grpc.c, grpc_transport.c) against a fake
 * gRPC-web node started in the test (libmicrohttpd, HTTP/1.1, 127.0.0.1, port 0) answering
 * canned protobuf: every operation's request on the wire and its answer decoded, each field of an
 * object answer corrupted in turn, execution statuses and effects, Trailers-Only errors, HTTP
 * errors, retries of transient statuses only, garbage, truncation, compression, grpc-web-text,
 * oversized bodies, a node that never answers, a refused connection, the in-flight bound, and
 * seeded mutations of well-formed answers. Native gRPC (HTTP/2) is tested against gRPC's
 * reference implementation in tests/grpc/. */
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "fake_node.h"
#include "proto/grpc_frame.h"
#include "proto/pb.h"
#include "proto/sui_rpc.h"
#include "seal/bcs.h"
#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_object.h"
#include "seal/sui_sig.h"
#include "seal/sui_tx.h"

/* ---- fake node ------------------------------------------------------------------------------ */

#define MAX_SCRIPT 8

typedef struct canned {
    unsigned http;            /* HTTP status */
    const char *ctype;        /* content type, or NULL for none */
    int grpc_status;          /* >= 0: grpc-status as an HTTP header (Trailers-Only) */
    const char *grpc_message; /* grpc-message header (already encoded) or NULL */
    const uint8_t *body;      /* NULL: the huge body */
    size_t len;
    unsigned delay_ms;
} canned;

static struct fake {
    tu_fake_node node;
    canned script[MAX_SCRIPT];
    size_t n_script;
    char path[128];
    char ctype[64], web[8], timeout[32], api_key[64];
    uint8_t body[65536];
    size_t body_len;
} g;

static uint8_t *g_huge;
static size_t g_huge_len;

/* Answer i to request i (the last one repeats); the request's path, headers and body noted. */
static bool node_answer(struct MHD_Connection *c, const char *url, const char *body, size_t len,
                        unsigned index, tu_fake_reply *r) {
    canned a = g.script[index < g.n_script ? index : g.n_script - 1];
    snprintf(g.path, sizeof g.path, "%s", url);
    tu_fake_header(c, "Content-Type", g.ctype, sizeof g.ctype);
    tu_fake_header(c, "X-Grpc-Web", g.web, sizeof g.web);
    tu_fake_header(c, "grpc-timeout", g.timeout, sizeof g.timeout);
    tu_fake_header(c, "X-Api-Key", g.api_key, sizeof g.api_key);
    g.body_len = len < sizeof g.body ? len : sizeof g.body;
    if (len > 0)
        memcpy(g.body, body, g.body_len);
    r->http = a.http;
    r->delay_ms = a.delay_ms;
    r->resp = a.body != NULL
                  ? MHD_create_response_from_buffer(a.len, (void *)a.body, MHD_RESPMEM_MUST_COPY)
                  : MHD_create_response_from_buffer(g_huge_len, g_huge, MHD_RESPMEM_PERSISTENT);
    if (a.ctype != NULL)
        MHD_add_response_header(r->resp, "Content-Type", a.ctype);
    if (a.grpc_status >= 0) {
        char st[16];
        snprintf(st, sizeof st, "%d", a.grpc_status);
        MHD_add_response_header(r->resp, "grpc-status", st);
    }
    if (a.grpc_message != NULL)
        MHD_add_response_header(r->resp, "grpc-message", a.grpc_message);
    return true;
}

/* Bodies of the current script (freed when the next script is set). */
static uint8_t *g_bodies[MAX_SCRIPT];

static void script(size_t n, const canned *a) {
    pthread_mutex_lock(&g.node.mu);
    for (size_t i = 0; i < MAX_SCRIPT; i++) {
        free(g_bodies[i]);
        g_bodies[i] = NULL;
    }
    for (size_t i = 0; i < n; i++) {
        g.script[i] = a[i];
        if (a[i].body != NULL) {
            g_bodies[i] = malloc(a[i].len + 1);
            assert_non_null(g_bodies[i]);
            memcpy(g_bodies[i], a[i].body, a[i].len);
            g.script[i].body = g_bodies[i];
        }
    }
    g.n_script = n;
    tu_fake_reset_locked(&g.node);
    pthread_mutex_unlock(&g.node.mu);
}

/* A normal gRPC-web answer: the message frame and an OK trailer frame. */
typedef struct bytes {
    uint8_t p[1 << 17];
    size_t len;
} bytes;

static bytes g_b; /* scratch answer */

static void web_ok_into(bytes *b, const uint8_t *msg, size_t len) {
    assert_true(len + 64 < sizeof b->p);
    seal__grpc_frame_header(b->p, 0, (uint32_t)len);
    if (len > 0)
        memcpy(b->p + 5, msg, len);
    b->len = 5 + len;
    b->len += seal__grpc_trailer_frame(b->p + b->len, sizeof b->p - b->len, 0, NULL);
}

static void answer_ok(const seal__pb_writer *w) {
    web_ok_into(&g_b, w->buf, w->len);
    canned a = {200, "application/grpc-web+proto", -1, NULL, g_b.p, g_b.len, 0};
    script(1, &a);
}

/* A Trailers-Only error answer (as Sui's nodes send errors). */
static void answer_status(int status, const char *message) {
    canned a = {200, "application/grpc-web+proto", status, message, (const uint8_t *)"", 0, 0};
    script(1, &a);
}

static int fake_start(void **state) {
    (void)state;
    memset(&g, 0, sizeof g);
    if (tu_fake_start(&g.node, node_answer) != 0)
        return -1;
    /* a 23 MiB body: past the cap of a response (a 16 MiB frame, Base64 text a third more) */
    g_huge_len = 23u * 1024u * 1024u;
    if ((g_huge = calloc(1, g_huge_len)) == NULL)
        return -1;
    seal__grpc_frame_header(g_huge, 0, (uint32_t)(g_huge_len - 5));
    return 0;
}

static int fake_stop(void **state) {
    (void)state;
    tu_fake_stop(&g.node);
    for (size_t i = 0; i < MAX_SCRIPT; i++)
        free(g_bodies[i]);
    free(g_huge);
    return 0;
}

static seal_chain *open_grpc(uint32_t timeout_ms, uint32_t retries, uint32_t in_flight) {
    /* a trailing '/' is dropped */
    return tu_fake_chain_open(&g.node, "http://", "/", SEAL_CHAIN_GRPC, timeout_ms, retries,
                              in_flight);
}

/* The request the fake node received, as a protobuf message (after the 5-byte frame). */
static void request_reader(seal__pb_reader *r) {
    assert_true(g.body_len >= 5);
    assert_int_equal(g.body[0], 0);
    size_t n =
        (size_t)g.body[1] << 24 | (size_t)g.body[2] << 16 | (size_t)g.body[3] << 8 | g.body[4];
    assert_int_equal(n, g.body_len - 5);
    seal__pb_reader_init(r, g.body + 5, n);
}

/* Collects the paths of a FieldMask field f. */
static void mask_text(const seal__pb_field *f, char *out, size_t cap) {
    seal__pb_reader m;
    seal__pb_field p;
    seal__pb_bytes s = {0};
    out[0] = '\0';
    assert_int_equal(seal__pb_get_message(f, &m), SEAL_OK);
    while (seal__pb_next(&m, &p)) {
        assert_int_equal(seal__pb_get_string(&p, &s), SEAL_OK);
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%.*s", n ? "," : "", (int)s.len, (const char *)s.p);
    }
    assert_int_equal(seal__pb_reader_finish(&m), SEAL_OK);
}

static void write_address(seal__pb_writer *w, uint32_t field, const uint8_t id[32]) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, id);
    seal__pb_write_string(w, field, hex);
}

static void write_digest(seal__pb_writer *w, uint32_t field, const uint8_t d[32]) {
    char text[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(text, d);
    seal__pb_write_string(w, field, text);
}

/* ---- objects -------------------------------------------------------------------------------- */

#define CLOCK_TS 1700000123456ull

/* The Clock as a ledger object, its BCS and digest. */
typedef struct test_object {
    seal_ledger_object o;
    uint8_t contents[40];
    uint8_t bcs[512];
    size_t bcs_len;
} test_object;

static void clock_object(test_object *t, uint64_t version) {
    size_t tl = 0;
    memset(t, 0, sizeof *t);
    memcpy(t->contents, SEAL_LEDGER_CLOCK_ID, 32);
    for (int i = 0; i < 8; i++)
        t->contents[32 + i] = (uint8_t)(CLOCK_TS >> (8 * i));
    memcpy(t->o.id, SEAL_LEDGER_CLOCK_ID, 32);
    t->o.version = version;
    t->o.owner.kind = SEAL_SUI_OWNER_SHARED;
    t->o.owner.version = 1;
    assert_int_equal(seal_sui_type_tag_parse(t->o.type, sizeof t->o.type, &tl, "0x2::clock::Clock"),
                     SEAL_OK);
    t->o.type_len = tl;
    memset(t->o.previous_transaction, 0x22, 32);
    t->o.contents = t->contents;
    t->o.contents_len = sizeof t->contents;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, t->bcs, sizeof t->bcs);
    assert_int_equal(seal_ledger_object_bcs(&t->o, &w), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    t->bcs_len = w.len;
    seal_sui_object_digest(t->o.digest, t->bcs, t->bcs_len);
}

/* Corruptions of the Object answer, each refused. */
enum {
    OBJ_OK = 0,
    OBJ_WRONG_ID,
    OBJ_WRONG_VERSION,
    OBJ_WRONG_DIGEST,
    OBJ_NO_BCS,
    OBJ_CUT_BCS,
    OBJ_BCS_NAME,
    OBJ_BAD_DIGEST_TEXT,
    OBJ_NO_VERSION,
    OBJ_COUNT
};

static void write_object(seal__pb_writer *w, uint32_t field, const test_object *t, int corrupt) {
    uint8_t id[32];
    memcpy(id, t->o.id, 32);
    if (corrupt == OBJ_WRONG_ID)
        id[31] ^= 1;
    seal__pb_begin(w, field);
    if (corrupt != OBJ_NO_BCS) {
        seal__pb_begin(w, SUI_RPC_OBJECT_BCS);
        seal__pb_write_string(w, SUI_RPC_BCS_NAME, corrupt == OBJ_BCS_NAME ? "Package" : "Object");
        seal__pb_write_bytes(w, SUI_RPC_BCS_VALUE, t->bcs,
                             corrupt == OBJ_CUT_BCS ? t->bcs_len - 1 : t->bcs_len);
        seal__pb_end(w);
    }
    write_address(w, SUI_RPC_OBJECT_OBJECT_ID, id);
    if (corrupt != OBJ_NO_VERSION)
        seal__pb_write_u64(w, SUI_RPC_OBJECT_VERSION,
                           t->o.version + (corrupt == OBJ_WRONG_VERSION));
    if (corrupt == OBJ_BAD_DIGEST_TEXT) {
        seal__pb_write_string(w, SUI_RPC_OBJECT_DIGEST, "not-base58!");
    } else {
        uint8_t d[32];
        memcpy(d, t->o.digest, 32);
        if (corrupt == OBJ_WRONG_DIGEST)
            d[0] ^= 1;
        write_digest(w, SUI_RPC_OBJECT_DIGEST, d);
    }
    seal__pb_end(w);
}

static void write_not_found(seal__pb_writer *w) {
    seal__pb_begin(w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
    seal__pb_begin(w, SUI_RPC_GET_OBJECT_RESULT_ERROR);
    seal__pb_write_i32(w, SUI_RPC_STATUS_CODE, SEAL__GRPC_NOT_FOUND);
    seal__pb_write_string(w, SUI_RPC_STATUS_MESSAGE, "Object 0xeeee not found");
    seal__pb_end(w);
    seal__pb_end(w);
}

static void test_get_objects(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    test_object t;
    seal__pb_writer w;
    uint8_t ids[2][32];
    seal_ledger_object o[2];
    bool found[2];
    clock_object(&t, 7);
    memcpy(ids[0], SEAL_LEDGER_CLOCK_ID, 32);
    memset(ids[1], 0, 32);
    ids[1][30] = 0xee;
    ids[1][31] = 0xee;
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
    write_object(&w, SUI_RPC_GET_OBJECT_RESULT_OBJECT, &t, OBJ_OK);
    seal__pb_end(&w);
    write_not_found(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found), SEAL_OK);
    /* the request: path, headers, ids in order, the mask */
    assert_string_equal(g.path, SUI_RPC_PATH_BATCH_GET_OBJECTS);
    assert_string_equal(g.ctype, "application/grpc-web+proto");
    assert_string_equal(g.web, "1");
    assert_string_equal(g.timeout, "2000m");
    assert_string_equal(g.api_key, "k3y");
    {
        seal__pb_reader r, q;
        seal__pb_field f, h;
        seal__pb_bytes id = {0};
        size_t n = 0;
        char mask[128] = "";
        request_reader(&r);
        while (seal__pb_next(&r, &f)) {
            if (f.number == SUI_RPC_BATCH_GET_OBJECTS_REQUEST_REQUESTS) {
                uint8_t got[32];
                assert_int_equal(seal__pb_get_message(&f, &q), SEAL_OK);
                assert_true(seal__pb_next(&q, &h));
                assert_int_equal(h.number, SUI_RPC_GET_OBJECT_REQUEST_OBJECT_ID);
                assert_int_equal(seal__pb_get_string(&h, &id), SEAL_OK);
                assert_int_equal(seal_sui_address_parse_n(got, (const char *)id.p, id.len),
                                 SEAL_OK);
                assert_memory_equal(got, ids[n], 32);
                n++;
            } else if (f.number == SUI_RPC_BATCH_GET_OBJECTS_REQUEST_READ_MASK) {
                mask_text(&f, mask, sizeof mask);
            }
        }
        assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
        assert_int_equal(n, 2);
        assert_string_equal(mask, "object_id,version,digest,bcs");
    }
    assert_true(found[0]);
    assert_false(found[1]);
    assert_int_equal(o[0].version, 7);
    assert_memory_equal(o[0].digest, t.o.digest, 32);
    assert_memory_equal(o[0].previous_transaction, t.o.previous_transaction, 32);
    assert_int_equal(o[0].owner.kind, SEAL_SUI_OWNER_SHARED);
    assert_int_equal(o[0].owner.version, 1);
    assert_int_equal(o[0].type_len, t.o.type_len);
    assert_memory_equal(o[0].type, t.o.type, t.o.type_len);
    assert_int_equal(o[0].contents_len, 40);
    assert_memory_equal(o[0].contents, t.contents, 40);
    seal_ledger_object_clear(&o[0]);
    /* the clock reads the same answer */
    {
        uint64_t ts = 0;
        seal__pb_writer_free(&w);
        seal__pb_writer_init(&w, 0);
        seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
        write_object(&w, SUI_RPC_GET_OBJECT_RESULT_OBJECT, &t, OBJ_OK);
        seal__pb_end(&w);
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
        answer_ok(&w);
        assert_int_equal(seal_chain_clock(c, &ts), SEAL_OK);
        assert_true(ts == CLOCK_TS);
    }
    seal__pb_writer_free(&w);
    /* each corruption is refused, nothing left allocated */
    for (int k = 1; k < OBJ_COUNT; k++) {
        seal__pb_writer_init(&w, 0);
        seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
        write_object(&w, SUI_RPC_GET_OBJECT_RESULT_OBJECT, &t, k);
        seal__pb_end(&w);
        write_not_found(&w);
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
        answer_ok(&w);
        seal__pb_writer_free(&w);
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found),
                         SEAL_ERR_IO);
        assert_false(found[0] || found[1]);
        assert_true(seal_chain_last_error()[0] != '\0');
    }
    /* one entry for two ids; three entries; both members of the oneof; another error code */
    for (int k = 0; k < 4; k++) {
        seal__pb_writer_init(&w, 0);
        seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
        write_object(&w, SUI_RPC_GET_OBJECT_RESULT_OBJECT, &t, OBJ_OK);
        if (k == 2) {
            seal__pb_begin(&w, SUI_RPC_GET_OBJECT_RESULT_ERROR);
            seal__pb_write_i32(&w, SUI_RPC_STATUS_CODE, 5);
            seal__pb_end(&w);
        }
        seal__pb_end(&w);
        if (k == 1) {
            write_not_found(&w);
            write_not_found(&w);
        } else if (k == 3) {
            seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
            seal__pb_begin(&w, SUI_RPC_GET_OBJECT_RESULT_ERROR);
            seal__pb_write_i32(&w, SUI_RPC_STATUS_CODE, SEAL__GRPC_INTERNAL);
            seal__pb_end(&w);
            seal__pb_end(&w);
        } else if (k == 2) {
            write_not_found(&w);
        }
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
        answer_ok(&w);
        seal__pb_writer_free(&w);
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, found),
                         SEAL_ERR_IO);
        assert_false(found[0] || found[1]);
    }
    /* a package is not a Move object: not found */
    {
        uint8_t pkg_bcs[256], pkg_id[32];
        seal_bcs_writer bw;
        memset(pkg_id, 0, 32);
        pkg_id[31] = 0x77;
        seal_bcs_writer_init(&bw, pkg_bcs, sizeof pkg_bcs);
        seal_bcs_write_uleb128(&bw, 1); /* Data::Package */
        seal_bcs_write_fixed(&bw, pkg_id, 32);
        seal_bcs_write_u64(&bw, 1);
        seal_bcs_write_uleb128(&bw, 0); /* modules */
        seal_bcs_write_uleb128(&bw, 0); /* type origins */
        seal_bcs_write_uleb128(&bw, 0); /* linkage */
        seal_bcs_write_uleb128(&bw, 3); /* Owner::Immutable */
        seal_bcs_write_bytes(&bw, t.o.previous_transaction, 32);
        seal_bcs_write_u64(&bw, 0);
        assert_int_equal(seal_bcs_writer_finish(&bw), SEAL_OK);
        uint8_t d[32];
        seal_sui_object_digest(d, pkg_bcs, bw.len);
        seal__pb_writer_init(&w, 0);
        seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
        seal__pb_begin(&w, SUI_RPC_GET_OBJECT_RESULT_OBJECT);
        seal__pb_begin(&w, SUI_RPC_OBJECT_BCS);
        seal__pb_write_bytes(&w, SUI_RPC_BCS_VALUE, pkg_bcs, bw.len);
        seal__pb_end(&w);
        write_address(&w, SUI_RPC_OBJECT_OBJECT_ID, pkg_id);
        seal__pb_write_u64(&w, SUI_RPC_OBJECT_VERSION, 1);
        write_digest(&w, SUI_RPC_OBJECT_DIGEST, d);
        seal__pb_end(&w);
        seal__pb_end(&w);
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
        answer_ok(&w);
        seal__pb_writer_free(&w);
        assert_int_equal(seal_chain_get_objects(c, (const uint8_t(*)[32]) & pkg_id, 1, o, found),
                         SEAL_OK);
        assert_false(found[0]);
    }
    seal_chain_close(c);
}

/* ---- packages, gas price, service info ------------------------------------------------------ */

static void package_answer(const uint8_t storage[32], const uint8_t original[32], uint64_t v) {
    seal__pb_writer w;
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_GET_PACKAGE_RESPONSE_PACKAGE);
    write_address(&w, SUI_RPC_PACKAGE_STORAGE_ID, storage);
    write_address(&w, SUI_RPC_PACKAGE_ORIGINAL_ID, original);
    seal__pb_write_u64(&w, SUI_RPC_PACKAGE_VERSION, v);
    seal__pb_begin(&w, SUI_RPC_PACKAGE_MODULES);
    seal__pb_write_string(&w, SUI_RPC_MODULE_NAME, "allowlist");
    seal__pb_end(&w);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
}

static void test_packages(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    uint8_t pkg[32], orig[32], got[32];
    uint64_t v = 0;
    bool found = false;
    memset(pkg, 0xab, 32);
    memset(orig, 0xcd, 32);
    package_answer(pkg, pkg, 1);
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_OK);
    assert_string_equal(g.path, SUI_RPC_PATH_GET_PACKAGE);
    assert_true(found);
    assert_int_equal(v, 1);
    assert_memory_equal(got, pkg, 32);
    package_answer(pkg, orig, 3);
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_OK);
    assert_true(found);
    assert_int_equal(v, 3);
    assert_memory_equal(got, orig, 32);
    answer_status(SEAL__GRPC_NOT_FOUND, "Package%200xab%20not%20found");
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_OK);
    assert_false(found);
    /* refused: another package's answer, version 1 with another original id, version 0 */
    package_answer(orig, orig, 1);
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_ERR_IO);
    assert_false(found);
    package_answer(pkg, orig, 1);
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_ERR_IO);
    package_answer(pkg, pkg, 0);
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_ERR_IO);
    answer_status(SEAL__GRPC_INTERNAL, "boom");
    assert_int_equal(seal_chain_resolve_package(c, pkg, got, &v, &found), SEAL_ERR_IO);
    assert_non_null(strstr(seal_chain_last_error(), "INTERNAL"));
    assert_non_null(strstr(seal_chain_last_error(), "boom"));
    seal_chain_close(c);
}

static void epoch_answer(bool with_price, uint64_t price) {
    seal__pb_writer w;
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_GET_EPOCH_RESPONSE_EPOCH);
    seal__pb_write_u64(&w, SUI_RPC_EPOCH_EPOCH, 3);
    if (with_price)
        seal__pb_write_u64(&w, SUI_RPC_EPOCH_REFERENCE_GAS_PRICE, price);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
}

static void test_gas_price_and_info(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    uint64_t p = 0;
    epoch_answer(true, 750);
    assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_OK);
    assert_int_equal(p, 750);
    assert_string_equal(g.path, SUI_RPC_PATH_GET_EPOCH);
    {
        /* the request: the mask reference_gas_price, nothing else (the spec's bytes) */
        static const uint8_t want[] = {0x12, 0x15, 0x0a, 0x13, 'r', 'e', 'f', 'e',
                                       'r',  'e',  'n',  'c',  'e', '_', 'g', 'a',
                                       's',  '_',  'p',  'r',  'i', 'c', 'e'};
        assert_int_equal(g.body_len, 5 + sizeof want);
        assert_memory_equal(g.body + 5, want, sizeof want);
    }
    epoch_answer(false, 0);
    assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
    epoch_answer(true, 0);
    assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);

    /* GetServiceInfo: the chain id (mainnet's, VERIFIED in the spec), checkpoint, time */
    seal__pb_writer w;
    seal__pb_writer_init(&w, 0);
    seal__pb_write_string(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN_ID,
                          "4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S");
    seal__pb_write_string(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN, "mainnet");
    seal__pb_write_u64(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_EPOCH, 812);
    seal__pb_write_u64(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHECKPOINT_HEIGHT, 170000000);
    seal__pb_begin(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_TIMESTAMP);
    seal__pb_write_i64(&w, SUI_RPC_TIMESTAMP_SECONDS, 1785000000);
    seal__pb_write_i32(&w, SUI_RPC_TIMESTAMP_NANOS, 123456789);
    seal__pb_end(&w);
    seal__pb_write_string(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_SERVER, "sui-node/1.56");
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
    seal_chain_info info;
    assert_int_equal(seal_chain_service_info(c, &info), SEAL_OK);
    assert_string_equal(g.path, SUI_RPC_PATH_GET_SERVICE_INFO);
    assert_int_equal(g.body_len, 5); /* GetServiceInfoRequest{} is an empty frame */
    assert_string_equal(info.chain_id, "4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S");
    assert_string_equal(info.chain_short, "35834a8a");
    assert_int_equal(info.epoch, 812);
    assert_int_equal(info.checkpoint_height, 170000000);
    assert_true(info.timestamp_ms == 1785000000123ull);
    /* a chain id that is not a 32-byte digest; a negative time */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_string(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN_ID, "35834a8a");
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
    assert_int_equal(seal_chain_service_info(c, &info), SEAL_ERR_IO);
    seal__pb_writer_init(&w, 0);
    seal__pb_write_string(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_CHAIN_ID,
                          "4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S");
    seal__pb_begin(&w, SUI_RPC_GET_SERVICE_INFO_RESPONSE_TIMESTAMP);
    seal__pb_write_i64(&w, SUI_RPC_TIMESTAMP_SECONDS, -1);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
    assert_int_equal(seal_chain_service_info(c, &info), SEAL_ERR_IO);
    seal_chain_close(c);
}

/* ---- dry run -------------------------------------------------------------------------------- */

/* A small valid TransactionData (one MoveCall with a pure input). */
static uint8_t g_tx[512];
static size_t g_tx_len;

static void build_tx(void) {
    uint8_t pure[9] = {8, 1, 2, 3, 4, 5, 6, 7, 8};
    seal_sui_call_arg in = {.kind = SEAL_SUI_CALL_ARG_PURE, .pure = {pure, sizeof pure}};
    seal_sui_argument arg = {SEAL_SUI_ARG_INPUT, 0, 0};
    seal_sui_command cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = SEAL_SUI_CMD_MOVE_CALL;
    memset(cmd.package, 0x5e, 32);
    cmd.module = (seal_sui_bytes){(const uint8_t *)"allowlist", 9};
    cmd.function = (seal_sui_bytes){(const uint8_t *)"seal_approve", 12};
    cmd.n_args = 1;
    cmd.args = &arg;
    seal_sui_ptb ptb = {1, &in, 1, &cmd};
    seal_sui_transaction_data td;
    memset(&td, 0, sizeof td);
    td.ptb = &ptb;
    memset(td.sender, 0x11, 32);
    memset(td.gas.owner, 0x11, 32);
    td.gas.price = 1000;
    td.gas.budget = 55000000;
    td.expiration.kind = SEAL_SUI_EXPIRATION_NONE;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, g_tx, sizeof g_tx);
    assert_int_equal(seal_sui_transaction_data_encode(&w, &td), SEAL_OK);
    assert_int_equal(seal_bcs_writer_finish(&w), SEAL_OK);
    g_tx_len = w.len;
}

/* SimulateTransactionResponse{transaction{effects{status}}} with the status built by fn. */
static void simulate_answer(void (*fn)(seal__pb_writer *w, int arg), int arg) {
    seal__pb_writer w;
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_SIMULATE_TRANSACTION_RESPONSE_TRANSACTION);
    seal__pb_begin(&w, SUI_RPC_EXECUTED_TRANSACTION_EFFECTS);
    seal__pb_write_i32(&w, SUI_RPC_TRANSACTION_EFFECTS_VERSION, 2);
    if (fn != NULL) {
        seal__pb_begin(&w, SUI_RPC_TRANSACTION_EFFECTS_STATUS);
        fn(&w, arg);
        seal__pb_end(&w);
    }
    seal__pb_end(&w);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
}

static void st_success(seal__pb_writer *w, int arg) {
    (void)arg;
    seal__pb_write_bool(w, SUI_RPC_EXECUTION_STATUS_SUCCESS, true);
}

/* The spec's VERIFIED Move-abort status, byte for byte. */
static void st_spec_abort(seal__pb_writer *w, int arg) {
    (void)arg;
    json_t *v = tu_load_json("grpc/spec_examples.json");
    uint8_t enc[256];
    size_t n =
        tu_hex(enc, sizeof enc, tu_str(json_object_get(v, "move_abort_status"), "encoding"), 0);
    seal__pb_write_raw(w, enc, n);
    json_decref(v);
}

/* failure of kind `arg` with description and command 2 (MOVE_ABORT without details when arg
 * is 13; arg < 0: success = false and no error) */
static void st_failure(seal__pb_writer *w, int arg) {
    seal__pb_write_bool(w, SUI_RPC_EXECUTION_STATUS_SUCCESS, false);
    if (arg < 0)
        return;
    seal__pb_begin(w, SUI_RPC_EXECUTION_STATUS_ERROR);
    seal__pb_write_string(w, SUI_RPC_EXECUTION_ERROR_DESCRIPTION, "it went wrong");
    seal__pb_write_u64(w, SUI_RPC_EXECUTION_ERROR_COMMAND, 2);
    seal__pb_write_i32(w, SUI_RPC_EXECUTION_ERROR_KIND, arg);
    seal__pb_end(w);
}

static void test_dry_run(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    seal_chain_dry_run_result r;
    build_tx();
    simulate_answer(st_success, 0);
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_SUCCESS);
    assert_string_equal(g.path, SUI_RPC_PATH_SIMULATE_TRANSACTION);
    {
        /* the request: transaction.bcs {TransactionData, the bytes}, mask, nothing else */
        seal__pb_reader rr, t, b;
        seal__pb_field f, h, k;
        seal__pb_bytes name = {0}, value = {0};
        char mask[128] = "";
        bool other = false;
        request_reader(&rr);
        while (seal__pb_next(&rr, &f)) {
            if (f.number == SUI_RPC_SIMULATE_TRANSACTION_REQUEST_TRANSACTION) {
                assert_int_equal(seal__pb_get_message(&f, &t), SEAL_OK);
                assert_true(seal__pb_next(&t, &h));
                assert_int_equal(h.number, SUI_RPC_TRANSACTION_BCS);
                assert_int_equal(seal__pb_get_message(&h, &b), SEAL_OK);
                while (seal__pb_next(&b, &k)) {
                    if (k.number == SUI_RPC_BCS_NAME)
                        assert_int_equal(seal__pb_get_string(&k, &name), SEAL_OK);
                    else
                        assert_int_equal(seal__pb_get_bytes(&k, &value), SEAL_OK);
                }
                assert_false(seal__pb_next(&t, &h));
            } else if (f.number == SUI_RPC_SIMULATE_TRANSACTION_REQUEST_READ_MASK) {
                mask_text(&f, mask, sizeof mask);
            } else {
                other = true;
            }
        }
        assert_false(other); /* checks and gas selection left to the node's defaults */
        assert_true(seal__pb_bytes_eq(&name, "TransactionData"));
        assert_int_equal(value.len, g_tx_len);
        assert_memory_equal(value.p, g_tx, g_tx_len);
        assert_string_equal(mask, "transaction.effects.status");
    }
    simulate_answer(st_spec_abort, 0);
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_ABORT);
    assert_true(r.abort_code == 93492);
    assert_string_equal(r.abort_module, "time");
    assert_string_equal(r.abort_function, "check_staleness");
    assert_int_equal(r.command, 0);
    {
        uint8_t pkg[32];
        memset(pkg, 0x5e, 32);
        assert_memory_equal(r.abort_package, pkg, 32);
    }
    simulate_answer(st_failure, SUI_RPC_EXECUTION_ERROR_KIND_FUNCTION_NOT_FOUND);
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_FUNCTION_NOT_FOUND);
    assert_int_equal(r.command, 2);
    simulate_answer(st_failure, SUI_RPC_EXECUTION_ERROR_KIND_COMMAND_ARGUMENT_ERROR);
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_EXECUTION_ERROR);
    assert_string_equal(r.message, "it went wrong");
    assert_int_equal(r.command, 2);
    /* refused before execution: INVALID_ARGUMENT and NOT_FOUND, as Trailers-Only */
    answer_status(SEAL__GRPC_INVALID_ARGUMENT, "Object%200x99%20not%20found");
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    assert_string_equal(r.message, "Object 0x99 not found");
    answer_status(SEAL__GRPC_NOT_FOUND, "gone");
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_OK);
    assert_int_equal(r.verdict, SEAL_CHAIN_INVALID_INPUT);
    /* the node's problems and malformed statuses: SEAL_ERR_IO (never a guessed verdict) */
    answer_status(SEAL__GRPC_INTERNAL, "oops");
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_ERR_IO);
    simulate_answer(st_failure, SUI_RPC_EXECUTION_ERROR_KIND_MOVE_ABORT); /* no abort details */
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_ERR_IO);
    simulate_answer(st_failure, -1); /* success = false without an error */
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_ERR_IO);
    simulate_answer(NULL, 0); /* no status */
    assert_int_equal(seal_chain_dry_run(c, g_tx, g_tx_len, &r), SEAL_ERR_IO);
    assert_true(r.message[0] != '\0');
    assert_int_equal(seal_chain_dry_run(c, g_tx, 0, &r), SEAL_ERR_INVALID_ARGUMENT);
    seal_chain_close(c);
}

/* ---- execution ------------------------------------------------------------------------------ */

static uint8_t g_created[32], g_mutated[32], g_deleted[32];

static void write_owner_address(seal__pb_writer *w, uint32_t field, uint8_t b) {
    uint8_t a[32];
    memset(a, b, 32);
    seal__pb_begin(w, field);
    seal__pb_write_i32(w, SUI_RPC_OWNER_KIND, SUI_RPC_OWNER_KIND_ADDRESS);
    write_address(w, SUI_RPC_OWNER_ADDRESS, a);
    seal__pb_end(w);
}

static void write_changed(seal__pb_writer *w, const uint8_t id[32], int op, int in_state,
                          int out_state, const char *type) {
    uint8_t d[32];
    memset(d, 0x44, 32);
    seal__pb_begin(w, SUI_RPC_TRANSACTION_EFFECTS_CHANGED_OBJECTS);
    write_address(w, SUI_RPC_CHANGED_OBJECT_OBJECT_ID, id);
    seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_INPUT_STATE, in_state);
    if (in_state == SUI_RPC_INPUT_OBJECT_STATE_EXISTS)
        write_owner_address(w, SUI_RPC_CHANGED_OBJECT_INPUT_OWNER, 0x11);
    seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_STATE, out_state);
    if (out_state == SUI_RPC_OUTPUT_OBJECT_STATE_OBJECT_WRITE) {
        seal__pb_write_u64(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_VERSION, 9);
        write_digest(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_DIGEST, d);
        write_owner_address(w, SUI_RPC_CHANGED_OBJECT_OUTPUT_OWNER, 0x11);
    }
    seal__pb_write_i32(w, SUI_RPC_CHANGED_OBJECT_ID_OPERATION, op);
    seal__pb_write_string(w, SUI_RPC_CHANGED_OBJECT_OBJECT_TYPE, type);
    seal__pb_end(w);
}

/* ExecuteTransactionResponse; digest_ok false: another transaction's digest. */
static void execute_answer(bool digest_ok, bool abort) {
    uint8_t digest[32];
    seal__pb_writer w;
    seal_sui_blake2b256(digest, (const uint8_t *)"TransactionData::", 17, g_tx, g_tx_len);
    if (!digest_ok)
        digest[5] ^= 1;
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_EXECUTE_TRANSACTION_RESPONSE_TRANSACTION);
    write_digest(&w, SUI_RPC_EXECUTED_TRANSACTION_DIGEST, digest);
    seal__pb_begin(&w, SUI_RPC_EXECUTED_TRANSACTION_EFFECTS);
    seal__pb_begin(&w, SUI_RPC_TRANSACTION_EFFECTS_STATUS);
    if (abort)
        st_spec_abort(&w, 0);
    else
        st_success(&w, 0);
    seal__pb_end(&w);
    write_digest(&w, SUI_RPC_TRANSACTION_EFFECTS_TRANSACTION_DIGEST, digest);
    seal__pb_write_u64(&w, SUI_RPC_TRANSACTION_EFFECTS_LAMPORT_VERSION, 9);
    write_changed(&w, g_created, SUI_RPC_ID_OPERATION_CREATED,
                  SUI_RPC_INPUT_OBJECT_STATE_DOES_NOT_EXIST,
                  SUI_RPC_OUTPUT_OBJECT_STATE_OBJECT_WRITE,
                  "0x0000000000000000000000000000000000000000000000000000000000005ea3::allowlist::"
                  "Allowlist");
    write_changed(&w, g_mutated, SUI_RPC_ID_OPERATION_NONE, SUI_RPC_INPUT_OBJECT_STATE_EXISTS,
                  SUI_RPC_OUTPUT_OBJECT_STATE_OBJECT_WRITE, "0x2::clock::Clock");
    write_changed(&w, g_deleted, SUI_RPC_ID_OPERATION_DELETED, SUI_RPC_INPUT_OBJECT_STATE_EXISTS,
                  SUI_RPC_OUTPUT_OBJECT_STATE_DOES_NOT_EXIST, "0x2::clock::Clock");
    seal__pb_end(&w);
    seal__pb_write_u64(&w, SUI_RPC_EXECUTED_TRANSACTION_CHECKPOINT, 12);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
}

static void test_execute(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    seal_ledger_effects fx;
    uint8_t sig[97];
    const uint8_t *sigs[1] = {sig};
    size_t lens[1] = {sizeof sig};
    build_tx();
    memset(sig, 0x33, sizeof sig);
    sig[0] = 0;
    memset(g_created, 0xc1, 32);
    memset(g_mutated, 0xc2, 32);
    memset(g_deleted, 0xc3, 32);
    execute_answer(true, false);
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx), SEAL_OK);
    assert_string_equal(g.path, SUI_RPC_PATH_EXECUTE_TRANSACTION);
    {
        /* the request: transaction.bcs, one signature as bcs.value, the mask */
        seal__pb_reader r, s, b;
        seal__pb_field f, h, k;
        seal__pb_bytes value = {0};
        size_t n_sigs = 0;
        char mask[256] = "";
        request_reader(&r);
        while (seal__pb_next(&r, &f)) {
            if (f.number == SUI_RPC_EXECUTE_TRANSACTION_REQUEST_SIGNATURES) {
                n_sigs++;
                assert_int_equal(seal__pb_get_message(&f, &s), SEAL_OK);
                assert_true(seal__pb_next(&s, &h));
                assert_int_equal(h.number, SUI_RPC_USER_SIGNATURE_BCS);
                assert_int_equal(seal__pb_get_message(&h, &b), SEAL_OK);
                assert_true(seal__pb_next(&b, &k));
                assert_int_equal(k.number, SUI_RPC_BCS_VALUE);
                assert_int_equal(seal__pb_get_bytes(&k, &value), SEAL_OK);
            } else if (f.number == SUI_RPC_EXECUTE_TRANSACTION_REQUEST_READ_MASK) {
                mask_text(&f, mask, sizeof mask);
            }
        }
        assert_int_equal(n_sigs, 1);
        assert_int_equal(value.len, sizeof sig);
        assert_memory_equal(value.p, sig, sizeof sig);
        assert_non_null(strstr(mask, "effects.changed_objects"));
        assert_non_null(strstr(mask, "effects.status"));
    }
    assert_true(fx.executed);
    assert_int_equal(fx.outcome.status, SEAL_LEDGER_SUCCESS);
    assert_int_equal(fx.lamport_version, 9);
    assert_int_equal(fx.n_created, 1);
    assert_memory_equal(fx.created[0].id, g_created, 32);
    assert_int_equal(fx.created[0].version, 9);
    assert_int_equal(fx.created[0].owner.kind, SEAL_SUI_OWNER_ADDRESS);
    assert_int_equal(fx.n_mutated, 1);
    assert_memory_equal(fx.mutated[0].id, g_mutated, 32);
    assert_int_equal(fx.n_deleted, 1);
    assert_memory_equal(fx.deleted[0].id, g_deleted, 32);
    assert_int_equal(fx.deleted[0].version, 9);
    {
        uint8_t sender[32];
        memset(sender, 0x11, 32);
        assert_memory_equal(fx.sender, sender, 32);
    }
    /* an aborted transaction: executed, ABORT, no objects */
    execute_answer(true, true);
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx), SEAL_OK);
    assert_true(fx.executed);
    assert_int_equal(fx.outcome.status, SEAL_LEDGER_ABORT);
    assert_true(fx.outcome.abort_code == 93492);
    assert_int_equal(fx.n_created + fx.n_mutated + fx.n_deleted, 0);
    /* another transaction's digest */
    execute_answer(false, false);
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx), SEAL_ERR_IO);
    assert_false(fx.executed);
    /* refused before execution, as the node says it */
    answer_status(SEAL__GRPC_INVALID_ARGUMENT,
                  "Invalid%20user%20signature%3A%20Signature%20is%20not%20valid");
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx),
                     SEAL_ERR_INVALID_SIGNATURE);
    answer_status(SEAL__GRPC_INVALID_ARGUMENT,
                  "Object%20ID%200x12%20Version%200x3%20Digest%20X%20is%20"
                  "not%20available%20for%20consumption");
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx), SEAL_OK);
    assert_false(fx.executed);
    assert_int_equal(fx.outcome.status, SEAL_LEDGER_VERSION_MISMATCH);
    answer_status(SEAL__GRPC_NOT_FOUND, "Could%20not%20find%20the%20referenced%20object");
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx), SEAL_OK);
    assert_int_equal(fx.outcome.status, SEAL_LEDGER_OBJECT_NOT_FOUND);
    answer_status(SEAL__GRPC_UNIMPLEMENTED, "no");
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx), SEAL_ERR_IO);
    /* malformed transaction bytes: refused locally, no request */
    unsigned before = g.node.requests;
    assert_int_equal(seal_chain_execute(c, g_tx, g_tx_len - 1, sigs, lens, 1, &fx),
                     SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(g.node.requests, before);
    seal_chain_close(c);
}

/* ---- signature verification ----------------------------------------------------------------- */

static void verify_answer(int valid, const char *reason) {
    seal__pb_writer w;
    seal__pb_writer_init(&w, 0);
    if (valid >= 0)
        seal__pb_write_bool(&w, SUI_RPC_VERIFY_SIGNATURE_RESPONSE_IS_VALID, valid != 0);
    if (reason != NULL)
        seal__pb_write_string(&w, SUI_RPC_VERIFY_SIGNATURE_RESPONSE_REASON, reason);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    answer_ok(&w);
    seal__pb_writer_free(&w);
}

static void test_verify_signature(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    seal_chain_signature_result r;
    static const char msg[] = "Accessing keys of package 0x1 for 10 mins";
    uint8_t sig[200], addr[32];
    memset(sig, 0x55, sizeof sig);
    sig[0] = SEAL_SUI_SCHEME_ZKLOGIN;
    memset(addr, 0x77, 32);
    verify_answer(1, NULL);
    assert_int_equal(seal_chain_verify_signature(c, (const uint8_t *)msg, strlen(msg), sig,
                                                 sizeof sig, addr, &r),
                     SEAL_OK);
    assert_true(r.valid);
    assert_string_equal(g.path, SUI_RPC_PATH_VERIFY_SIGNATURE);
    {
        /* message = Bcs{PersonalMessage, BCS vector<u8>}, signature.bcs.value, address */
        seal__pb_reader rr, m, s, b;
        seal__pb_field f, h, k;
        seal__pb_bytes name = {0}, value = {0}, sv = {0}, a = {0};
        bool jwks = false;
        request_reader(&rr);
        while (seal__pb_next(&rr, &f)) {
            switch (f.number) {
            case SUI_RPC_VERIFY_SIGNATURE_REQUEST_MESSAGE:
                assert_int_equal(seal__pb_get_message(&f, &m), SEAL_OK);
                while (seal__pb_next(&m, &h)) {
                    if (h.number == SUI_RPC_BCS_NAME)
                        assert_int_equal(seal__pb_get_string(&h, &name), SEAL_OK);
                    else
                        assert_int_equal(seal__pb_get_bytes(&h, &value), SEAL_OK);
                }
                break;
            case SUI_RPC_VERIFY_SIGNATURE_REQUEST_SIGNATURE:
                assert_int_equal(seal__pb_get_message(&f, &s), SEAL_OK);
                assert_true(seal__pb_next(&s, &h));
                assert_int_equal(seal__pb_get_message(&h, &b), SEAL_OK);
                assert_true(seal__pb_next(&b, &k));
                assert_int_equal(seal__pb_get_bytes(&k, &sv), SEAL_OK);
                break;
            case SUI_RPC_VERIFY_SIGNATURE_REQUEST_ADDRESS:
                assert_int_equal(seal__pb_get_string(&f, &a), SEAL_OK);
                break;
            default:
                jwks = true;
            }
        }
        assert_false(jwks); /* the node's own JWKs */
        assert_true(seal__pb_bytes_eq(&name, "PersonalMessage"));
        assert_int_equal(value.len, 1 + strlen(msg));
        assert_int_equal(value.p[0], strlen(msg)); /* ULEB128 length */
        assert_memory_equal(value.p + 1, msg, strlen(msg));
        assert_int_equal(sv.len, sizeof sig);
        assert_memory_equal(sv.p, sig, sizeof sig);
        char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
        seal_sui_address_format(hex, addr);
        assert_true(seal__pb_bytes_eq(&a, hex));
    }
    verify_answer(0, "zkLogin not supported");
    assert_int_equal(seal_chain_verify_signature(c, (const uint8_t *)msg, strlen(msg), sig,
                                                 sizeof sig, addr, &r),
                     SEAL_OK);
    assert_false(r.valid);
    assert_string_equal(r.reason, "zkLogin not supported");
    answer_status(SEAL__GRPC_INVALID_ARGUMENT, "bad%20signature");
    assert_int_equal(seal_chain_verify_signature(c, (const uint8_t *)msg, strlen(msg), sig,
                                                 sizeof sig, addr, &r),
                     SEAL_OK);
    assert_false(r.valid);
    assert_string_equal(r.reason, "bad signature");
    verify_answer(-1, NULL); /* no is_valid */
    assert_int_equal(seal_chain_verify_signature(c, (const uint8_t *)msg, strlen(msg), sig,
                                                 sizeof sig, addr, &r),
                     SEAL_ERR_IO);
    answer_status(SEAL__GRPC_UNAVAILABLE, NULL);
    assert_int_equal(seal_chain_verify_signature(c, (const uint8_t *)msg, strlen(msg), sig,
                                                 sizeof sig, addr, &r),
                     SEAL_ERR_IO);
    seal_chain_close(c);
}

/* ---- transport ------------------------------------------------------------------------------ */

/* The GetEpoch answer (reference gas price 1000) as a gRPC-web body in b; returns the length of
 * its message. */
static size_t epoch_web_answer(bytes *b) {
    seal__pb_writer w;
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_GET_EPOCH_RESPONSE_EPOCH);
    seal__pb_write_u64(&w, SUI_RPC_EPOCH_REFERENCE_GAS_PRICE, 1000);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    web_ok_into(b, w.buf, w.len);
    size_t n = w.len;
    seal__pb_writer_free(&w);
    return n;
}

static void test_transport_statuses(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 2, 4);
    uint64_t p = 0;
    const size_t msg_len = epoch_web_answer(&g_b);
    const canned ok = {200, "application/grpc-web+proto", -1, NULL, g_b.p, g_b.len, 0};
    /* transient statuses are retried: UNAVAILABLE in the headers, HTTP 503, then the answer */
    {
        canned a[3] = {{200, "application/grpc-web+proto", 14, "busy", (const uint8_t *)"", 0, 0},
                       {503, "text/plain", -1, NULL, (const uint8_t *)"down", 4, 0},
                       ok};
        script(3, a);
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_OK);
        assert_int_equal(p, 1000);
        assert_int_equal(g.node.requests, 3);
    }
    /* DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and ABORTED in trailer frames too */
    {
        static const int transient[] = {4, 8, 10};
        for (size_t i = 0; i < 3; i++) {
            bytes tb;
            tb.len = seal__grpc_trailer_frame(tb.p, sizeof tb.p, (uint32_t)transient[i], "retry");
            canned a[2] = {{200, "application/grpc-web+proto", -1, NULL, tb.p, tb.len, 0}, ok};
            script(2, a);
            assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_OK);
            assert_int_equal(g.node.requests, 2);
        }
    }
    /* beyond the retries: SEAL_ERR_IO after 3 attempts */
    {
        canned a = {200, "application/grpc-web+proto", 14, "busy", (const uint8_t *)"", 0, 0};
        script(1, &a);
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
        assert_int_equal(g.node.requests, 3);
        assert_non_null(strstr(seal_chain_last_error(), "UNAVAILABLE"));
    }
    /* not retried: INVALID_ARGUMENT, UNIMPLEMENTED, HTTP 404 (UNIMPLEMENTED), HTTP 500 */
    {
        canned a[4] = {
            {200, "application/grpc-web+proto", 3, "bad", (const uint8_t *)"", 0, 0},
            {200, "application/grpc-web", 12, NULL, (const uint8_t *)"", 0, 0},
            {404, "text/html", -1, NULL, (const uint8_t *)"<html>", 6, 0},
            {500, NULL, -1, NULL, (const uint8_t *)"", 0, 0},
        };
        for (size_t i = 0; i < 4; i++) {
            script(1, &a[i]);
            assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
            assert_int_equal(g.node.requests, 1);
        }
    }
    /* grpc-web-text answers (per-frame Base64, as Envoy sends them) are read as well */
    {
        char text[4096];
        size_t n1 = 5 + msg_len, n2 = g_b.len - n1;
        seal__grpc_web_text_encode(text, g_b.p, n1);
        seal__grpc_web_text_encode(text + strlen(text), g_b.p + n1, n2);
        canned a = {200, "application/grpc-web-text", -1, NULL, (const uint8_t *)text, strlen(text),
                    0};
        script(1, &a);
        p = 0;
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_OK);
        assert_int_equal(p, 1000);
    }
    seal_chain_close(c);
}

static void test_transport_garbage(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 2, 4);
    uint64_t p = 0;
    bytes good;
    const size_t msg_len = epoch_web_answer(&good);
    /* each is malformed and not retried */
    bytes b[10];
    const char *ct[10];
    size_t n = 0;
    /* 0: HTML with HTTP 200 */
    memcpy(b[n].p, "<html>hello</html>", 18), b[n].len = 18, ct[n++] = "text/html";
    /* 1: a good body with a content type carrying parameters */
    b[n] = good, ct[n++] = "application/grpc-web; charset=utf-8";
    /* 2: no trailer frame */
    b[n] = good, b[n].len = 5 + msg_len, ct[n++] = "application/grpc-web+proto";
    /* 3: two data frames */
    memcpy(b[n].p, good.p, 5 + msg_len), memcpy(b[n].p + 5 + msg_len, good.p, good.len),
        b[n].len = 5 + msg_len + good.len, ct[n++] = "application/grpc-web+proto";
    /* 4: truncated in the message */
    b[n] = good, b[n].len = 7, ct[n++] = "application/grpc-web+proto";
    /* 5: a compressed message */
    b[n] = good, b[n].p[0] = 1, ct[n++] = "application/grpc-web+proto";
    /* 6: an OK trailer without any message */
    b[n].len = seal__grpc_trailer_frame(b[n].p, sizeof b[n].p, 0, NULL),
    ct[n++] = "application/grpc-web+proto";
    /* 7: a trailer frame without grpc-status */
    memcpy(b[n].p, "\x80\x00\x00\x00\x07x-a:b\r\n", 12), b[n].len = 12,
                                                         ct[n++] = "application/grpc-web";
    /* 8: a message that is not protobuf */
    memcpy(b[n].p, "\x00\x00\x00\x00\x02\x0a\x05", 7),
        b[n].len = 7 + seal__grpc_trailer_frame(b[n].p + 7, sizeof b[n].p - 7, 0, NULL),
        ct[n++] = "application/grpc-web+proto";
    /* 9: Base64 that is not */
    memcpy(b[n].p, "AAAA!AAA", 8), b[n].len = 8, ct[n++] = "application/grpc-web-text";
    for (size_t i = 0; i < n; i++) {
        canned a = {200, ct[i], -1, NULL, b[i].p, b[i].len, 0};
        script(1, &a);
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
        assert_int_equal(g.node.requests, 1);
        assert_true(seal_chain_last_error()[0] != '\0');
    }
    /* a body past the cap: refused while receiving */
    {
        canned a = {200, "application/grpc-web+proto", -1, NULL, NULL, 0, 0};
        script(1, &a);
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
        assert_non_null(strstr(seal_chain_last_error(), "larger than"));
    }
    /* and the handle still works afterwards */
    {
        canned a = {200, "application/grpc-web+proto", -1, NULL, good.p, good.len, 0};
        script(1, &a);
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_OK);
    }
    seal_chain_close(c);
}

/* The gas price answer with a delay (the in-flight bound). */
static void gas_price_answer(unsigned delay_ms) {
    epoch_web_answer(&g_b);
    canned a = {200, "application/grpc-web+proto", -1, NULL, g_b.p, g_b.len, delay_ms};
    script(1, &a);
}

typedef struct caller {
    seal_chain *c;
    seal_err err;
    uint64_t price;
    char why[SEAL_CHAIN_MESSAGE_BYTES];
} caller;

static void *call_main(void *arg) {
    caller *k = arg;
    k->err = seal_chain_reference_gas_price(k->c, &k->price);
    snprintf(k->why, sizeof k->why, "%s", seal_chain_last_error());
    return NULL;
}

static void test_transport_time_bounds(void **state) {
    (void)state;
    uint64_t p = 0;
    /* a node that never answers: timeout per attempt, retries, bounded */
    {
        seal_chain *c = open_grpc(300, 1, 4);
        canned a = {200, "application/grpc-web+proto", 14, NULL, (const uint8_t *)"", 0, 1500};
        script(1, &a);
        double t0 = tu_now_s();
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
        double dt = tu_now_s() - t0;
        assert_true(dt < 3.0); /* 2 x (300 ms + 30 ms margin) + 100 ms backoff, generously */
        assert_non_null(strstr(seal_chain_last_error(), "unreachable"));
        seal_chain_close(c);
    }
    /* a refused connection */
    {
        seal_chain *c = NULL;
        seal_chain_options o = {.timeout_ms = 500};
        assert_int_equal(seal_chain_open(&c, "http://127.0.0.1:1", &o), SEAL_OK);
        double t0 = tu_now_s();
        assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_ERR_IO);
        assert_true(tu_now_s() - t0 < 2.0);
        seal_chain_close(c);
    }
    /* the in-flight bound: one slot, answers take 400 ms, callers wait at most 700 ms: two of
     * three simultaneous callers are served in turn, the third gives up (after the answers the
     * node was still sleeping on above are done) */
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&g.node.mu);
        unsigned active = g.node.active;
        pthread_mutex_unlock(&g.node.mu);
        if (active == 0)
            break;
        usleep(50000);
    }
    {
        seal_chain *c = open_grpc(700, 0, 1);
        pthread_t th[3];
        caller k[3];
        gas_price_answer(400);
        for (int i = 0; i < 3; i++) {
            memset(&k[i], 0, sizeof k[i]);
            k[i].c = c;
            assert_int_equal(pthread_create(&th[i], NULL, call_main, &k[i]), 0);
        }
        int ok = 0, gave_up = 0;
        for (int i = 0; i < 3; i++) {
            assert_int_equal(pthread_join(th[i], NULL), 0);
            if (k[i].err == SEAL_OK && k[i].price == 1000)
                ok++;
            else if (k[i].err == SEAL_ERR_IO && strstr(k[i].why, "in flight") != NULL)
                gave_up++;
        }
        assert_int_equal(ok, 2);
        assert_int_equal(gave_up, 1);
        assert_int_equal(g.node.max_active, 1);
        seal_chain_close(c);
    }
}

/* Seeded mutations of well-formed answers (byte flips, truncations, deletions, duplications):
 * every call returns SEAL_OK or SEAL_ERR_IO, never crashes, never leaks (ASan build). */
static void test_mutated_answers(void **state) {
    (void)state;
    seal_chain *c = open_grpc(2000, 0, 4);
    test_object t;
    bytes seeds[3];
    tu_rng rng;
    seal__pb_writer w;
    int ok = 0, io = 0;
    clock_object(&t, 7);
    build_tx();
    memset(g_created, 0xc1, 32);
    memset(g_mutated, 0xc2, 32);
    memset(g_deleted, 0xc3, 32);
    /* 0: a batch (object, not found); 1: an aborted simulation; 2: execution effects */
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_BATCH_GET_OBJECTS_RESPONSE_OBJECTS);
    write_object(&w, SUI_RPC_GET_OBJECT_RESULT_OBJECT, &t, OBJ_OK);
    seal__pb_end(&w);
    write_not_found(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    web_ok_into(&seeds[0], w.buf, w.len);
    seal__pb_writer_free(&w);
    simulate_answer(st_spec_abort, 0);
    memcpy(seeds[1].p, g.script[0].body, g.script[0].len);
    seeds[1].len = g.script[0].len;
    execute_answer(true, false);
    memcpy(seeds[2].p, g.script[0].body, g.script[0].len);
    seeds[2].len = g.script[0].len;
    tu_rng_init(&rng, 42);
    for (int it = 0; it < 300; it++) {
        static bytes b;
        const bytes *src = &seeds[it % 3];
        uint8_t r[4];
        size_t n = src->len, pos;
        tu_rng_bytes(&rng, r, sizeof r);
        b = *src;
        pos = ((size_t)r[0] << 8 | r[1]) % n;
        switch (r[2] % 4) {
        case 0: /* flip a byte */
            b.p[pos] ^= (uint8_t)(1u << (r[3] % 8));
            break;
        case 1: /* truncate */
            b.len = pos;
            break;
        case 2: /* delete a byte */
            memmove(b.p + pos, b.p + pos + 1, n - pos - 1);
            b.len = n - 1;
            break;
        default: /* duplicate a slice */
            memmove(b.p + pos + 8, b.p + pos, n - pos);
            b.len = n + 8;
            break;
        }
        canned a = {200, "application/grpc-web+proto", -1, NULL, b.p, b.len, 0};
        script(1, &a);
        seal_err err;
        if (it % 3 == 0) {
            uint8_t ids[2][32];
            seal_ledger_object o[2];
            bool f[2];
            memcpy(ids[0], SEAL_LEDGER_CLOCK_ID, 32);
            memset(ids[1], 0, 32);
            ids[1][30] = ids[1][31] = 0xee;
            err = seal_chain_get_objects(c, (const uint8_t(*)[32])ids, 2, o, f);
            for (int k = 0; k < 2; k++)
                if (err == SEAL_OK && f[k])
                    seal_ledger_object_clear(&o[k]);
        } else if (it % 3 == 1) {
            seal_chain_dry_run_result d;
            err = seal_chain_dry_run(c, g_tx, g_tx_len, &d);
            assert_true(memchr(d.message, 0, sizeof d.message) != NULL);
        } else {
            seal_ledger_effects fx;
            uint8_t sig[97] = {0};
            const uint8_t *sigs[1] = {sig};
            size_t lens[1] = {sizeof sig};
            err = seal_chain_execute(c, g_tx, g_tx_len, sigs, lens, 1, &fx);
        }
        assert_true(err == SEAL_OK || err == SEAL_ERR_IO);
        if (err == SEAL_OK)
            ok++;
        else
            io++;
    }
    assert_true(ok > 0 && io > 0); /* both outcomes happen */
    seal_chain_close(c);
}

static void test_spec_strings(void **state) {
    (void)state;
    seal_chain_backend b;
    seal_chain_grpc_transport t;
    seal_chain *c = NULL;
    assert_int_equal(seal_chain_spec_backend("http://h:1", &b), SEAL_OK);
    assert_int_equal(b, SEAL_CHAIN_GRPC);
    assert_int_equal(seal_chain_spec_backend("https://fullnode.testnet.sui.io:443", &b), SEAL_OK);
    assert_int_equal(b, SEAL_CHAIN_GRPC);
    assert_int_equal(seal_chain_spec_backend("jsonrpc+http://h:1", &b), SEAL_OK);
    assert_int_equal(b, SEAL_CHAIN_JSONRPC);
    assert_int_equal(seal_chain_spec_backend("jsonrpc+https://h", &b), SEAL_OK);
    assert_int_equal(b, SEAL_CHAIN_JSONRPC);
    assert_int_equal(seal_chain_spec_backend("embedded:/x", &b), SEAL_OK);
    assert_int_equal(b, SEAL_CHAIN_EMBEDDED);
    static const char *const bad[] = {"grpc://h", "jsonrpc+ftp://h", "jsonrpc:http://h",
                                      "",         "HTTP://h",        "h:1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(seal_chain_spec_backend(bad[i], &b), SEAL_ERR_INVALID_ARGUMENT);
        assert_int_equal(seal_chain_open(&c, bad[i], NULL), SEAL_ERR_INVALID_ARGUMENT);
        assert_null(c);
    }
    assert_int_equal(seal_chain_grpc_transport_parse("web", &t), SEAL_OK);
    assert_int_equal(t, SEAL_CHAIN_GRPC_WEB);
    assert_int_equal(seal_chain_grpc_transport_parse("native", &t), SEAL_OK);
    assert_int_equal(t, SEAL_CHAIN_GRPC_NATIVE);
    assert_int_equal(seal_chain_grpc_transport_parse("web-h2", &t), SEAL_OK);
    assert_int_equal(t, SEAL_CHAIN_GRPC_WEB_H2);
    assert_string_equal(seal_chain_grpc_transport_name(SEAL_CHAIN_GRPC_NATIVE), "native");
    assert_int_equal(seal_chain_grpc_transport_parse("grpc", &t), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_grpc_transport_parse(NULL, &t), SEAL_ERR_INVALID_ARGUMENT);
    /* bad URLs, API-key headers and transports */
    seal_chain_options o = {.api_key_header = "no colon"};
    assert_int_equal(seal_chain_open(&c, "http://", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_open(&c, "https:///path", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_open(&c, "http://a b", NULL), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_chain_open(&c, "http://h:1", &o), SEAL_ERR_INVALID_ARGUMENT);
    o.api_key_header = "X-Api-Key: a\r\nEvil: 1";
    assert_int_equal(seal_chain_open(&c, "http://h:1", &o), SEAL_ERR_INVALID_ARGUMENT);
    o.api_key_header = NULL;
    o.grpc_transport = (seal_chain_grpc_transport)7;
    assert_int_equal(seal_chain_open(&c, "http://h:1", &o), SEAL_ERR_INVALID_ARGUMENT);
    /* the embedded and JSON-RPC backends cannot have a node verify a signature */
    o.grpc_transport = SEAL_CHAIN_GRPC_WEB;
    assert_int_equal(seal_chain_open(&c, "jsonrpc+http://127.0.0.1:1", &o), SEAL_OK);
    {
        seal_chain_signature_result r;
        uint8_t sig[10] = {5}, addr[32] = {0};
        seal_chain_stats st;
        assert_int_equal(
            seal_chain_verify_signature(c, (const uint8_t *)"m", 1, sig, sizeof sig, addr, &r),
            SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME);
        seal_chain_stats_get(c, &st);
        assert_true(st.jsonrpc_requests == 0 && st.grpc_requests == 0);
    }
    seal_chain_close(c);
    /* request counts */
    c = open_grpc(2000, 0, 4);
    epoch_answer(true, 5);
    uint64_t p = 0;
    assert_int_equal(seal_chain_reference_gas_price(c, &p), SEAL_OK);
    {
        seal_chain_stats st;
        seal_chain_stats_get(c, &st);
        assert_true(st.grpc_requests == 1 && st.jsonrpc_requests == 0);
    }
    seal_chain_close(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_objects),
        cmocka_unit_test(test_packages),
        cmocka_unit_test(test_gas_price_and_info),
        cmocka_unit_test(test_dry_run),
        cmocka_unit_test(test_execute),
        cmocka_unit_test(test_verify_signature),
        cmocka_unit_test(test_transport_statuses),
        cmocka_unit_test(test_transport_garbage),
        cmocka_unit_test(test_transport_time_bounds),
        cmocka_unit_test(test_mutated_answers),
        cmocka_unit_test(test_spec_strings),
    };
    return cmocka_run_group_tests(tests, fake_start, fake_stop);
}
