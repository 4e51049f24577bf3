/* The protobuf codec and gRPC framing of src/proto/: the spec's captured encodings byte for
 * byte (tests/vectors/grpc/spec_examples.json), presence, round trips, and every malformed
 * input refused. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "proto/grpc_frame.h"
#include "proto/pb.h"
#include "proto/sui_rpc.h"

/* ---- helpers ------------------------------------------------------------------------------ */

static json_t *g_vec;

static int setup(void **state) {
    (void)state;
    g_vec = tu_load_json("grpc/spec_examples.json");
    return g_vec == NULL;
}

static int teardown(void **state) {
    (void)state;
    json_decref(g_vec);
    return 0;
}

static const char *vstr(const char *obj, const char *key) {
    return tu_str(json_object_get(g_vec, obj), key);
}

static uint64_t vint(const char *obj, const char *key) {
    json_t *v = json_object_get(json_object_get(g_vec, obj), key);
    assert_true(json_is_integer(v));
    return (uint64_t)json_integer_value(v);
}

/* Decodes a whole message of one varint field; returns the reader's verdict. */
static seal_err read_all(const uint8_t *p, size_t n, seal__pb_field *last, size_t *count) {
    seal__pb_reader r;
    seal__pb_field f;
    size_t c = 0;
    seal__pb_reader_init(&r, p, n);
    while (seal__pb_next(&r, &f)) {
        c++;
        if (last != NULL)
            *last = f;
    }
    if (count != NULL)
        *count = c;
    return seal__pb_reader_finish(&r);
}

static void assert_writer_bytes(seal__pb_writer *w, const uint8_t *want, size_t n) {
    assert_int_equal(seal__pb_writer_finish(w), SEAL_OK);
    assert_int_equal(w->len, n);
    tu_assert_bytes(w->buf, want, n, "encoding");
}

/* ---- spec examples ------------------------------------------------------------------------ */

static void test_get_epoch_request(void **state) {
    (void)state;
    uint8_t want[64], frame[64];
    size_t n = tu_hex(want, sizeof want, vstr("get_epoch", "request_message"), 0);
    size_t fn = tu_hex(frame, sizeof frame, vstr("get_epoch", "request_frame"), 0);
    seal__pb_writer w;
    uint8_t hdr[SEAL__GRPC_FRAME_HEADER_BYTES] = {0};
    char text[128];

    /* GetEpochRequest{read_mask{paths: ["reference_gas_price"]}} */
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, SUI_RPC_GET_EPOCH_REQUEST_READ_MASK);
    seal__pb_write_string(&w, SUI_RPC_FIELD_MASK_PATHS, "reference_gas_price");
    seal__pb_end(&w);
    assert_writer_bytes(&w, want, n);

    /* framed: a header reserved before the message, filled afterwards */
    seal__pb_writer_free(&w);
    seal__pb_writer_init(&w, 0);
    seal__pb_write_raw(&w, hdr, sizeof hdr);
    seal__pb_begin(&w, SUI_RPC_GET_EPOCH_REQUEST_READ_MASK);
    seal__pb_write_string(&w, SUI_RPC_FIELD_MASK_PATHS, "reference_gas_price");
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    seal__grpc_frame_header(w.buf, 0, (uint32_t)(w.len - SEAL__GRPC_FRAME_HEADER_BYTES));
    assert_int_equal(w.len, fn);
    tu_assert_bytes(w.buf, frame, fn, "request frame");

    /* grpc-web-text */
    assert_int_equal(seal__grpc_web_text_encoded_len(fn),
                     strlen(vstr("get_epoch", "request_text")));
    seal__grpc_web_text_encode(text, frame, fn);
    assert_string_equal(text, vstr("get_epoch", "request_text"));
    seal__pb_writer_free(&w);
    assert_null(w.buf);
}

static void test_get_epoch_response(void **state) {
    (void)state;
    uint8_t bin[128], dec[128];
    size_t bn = tu_hex(bin, sizeof bin, vstr("get_epoch", "response_binary"), 0), dn = 0;
    const char *text = vstr("get_epoch", "response_text");
    seal__grpc_body body;
    seal__grpc_trailers t;
    seal__pb_reader r, sub;
    seal__pb_field f;
    seal__pb_u64 rgp = {0};

    /* the text form (Base64 per frame, concatenated) decodes to the binary form */
    assert_int_equal(seal__grpc_web_text_decode(dec, sizeof dec, &dn, text, strlen(text)), SEAL_OK);
    assert_int_equal(dn, bn);
    tu_assert_bytes(dec, bin, bn, "text body");

    assert_int_equal(seal__grpc_body_parse(bin, bn, 0, true, &body), SEAL_OK);
    assert_true(body.has_message && body.has_trailer);
    assert_int_equal(body.message_len, 5);
    assert_int_equal(seal__grpc_trailers_parse(body.trailer, body.trailer_len, &t), SEAL_OK);
    assert_true(t.has_status);
    assert_int_equal(t.status, SEAL__GRPC_OK);
    assert_false(t.has_message);

    /* GetEpochResponse{epoch{reference_gas_price}} */
    seal__pb_reader_init(&r, body.message, body.message_len);
    assert_true(seal__pb_next(&r, &f));
    assert_int_equal(f.number, SUI_RPC_GET_EPOCH_RESPONSE_EPOCH);
    assert_int_equal(seal__pb_get_message(&f, &sub), SEAL_OK);
    assert_int_equal(sub.depth, 1);
    assert_true(seal__pb_next(&sub, &f));
    assert_int_equal(f.number, SUI_RPC_EPOCH_REFERENCE_GAS_PRICE);
    assert_int_equal(seal__pb_get_u64(&f, &rgp), SEAL_OK);
    assert_false(seal__pb_next(&sub, &f));
    assert_int_equal(seal__pb_reader_finish(&sub), SEAL_OK);
    assert_false(seal__pb_next(&r, &f));
    assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
    assert_true(rgp.set);
    assert_int_equal(rgp.v, vint("get_epoch", "reference_gas_price"));
}

static void test_error_trailer(void **state) {
    (void)state;
    uint8_t want[128], got[128];
    size_t n = tu_hex(want, sizeof want, vstr("get_epoch", "error_trailer"), 0);
    const char *msg = vstr("get_epoch", "error_message");
    seal__grpc_body body;
    seal__grpc_trailers t;

    assert_int_equal(seal__grpc_trailer_frame(NULL, 0, 5, msg), n);
    assert_int_equal(seal__grpc_trailer_frame(got, n - 1, 5, msg), n); /* too small: untouched */
    assert_int_equal(seal__grpc_trailer_frame(got, sizeof got, 5, msg), n);
    tu_assert_bytes(got, want, n, "trailer frame");

    /* a body of only the trailer frame */
    assert_int_equal(seal__grpc_body_parse(want, n, 0, true, &body), SEAL_OK);
    assert_false(body.has_message);
    assert_true(body.has_trailer);
    assert_int_equal(seal__grpc_trailers_parse(body.trailer, body.trailer_len, &t), SEAL_OK);
    assert_true(t.has_status && t.has_message);
    assert_int_equal(t.status, vint("get_epoch", "error_status"));
    assert_string_equal(t.message, msg);

    /* no message: only the status line */
    assert_int_equal(seal__grpc_trailer_frame(got, sizeof got, 0, ""), 5 + 15);
    assert_memory_equal(got, "\x80\x00\x00\x00\x0fgrpc-status:0\r\n", 20);
}

/* ExecutionStatus{success=false, error{description, command=0, kind=MOVE_ABORT,
 * abort{code, location{package, module, function=0, instruction, function_name}}}} */
static void write_abort_status(seal__pb_writer *w) {
    seal__pb_write_bool(w, SUI_RPC_EXECUTION_STATUS_SUCCESS, false);
    seal__pb_begin(w, SUI_RPC_EXECUTION_STATUS_ERROR);
    seal__pb_write_string(w, SUI_RPC_EXECUTION_ERROR_DESCRIPTION,
                          vstr("move_abort_status", "description"));
    seal__pb_write_u64(w, SUI_RPC_EXECUTION_ERROR_COMMAND, vint("move_abort_status", "command"));
    seal__pb_write_i32(w, SUI_RPC_EXECUTION_ERROR_KIND, SUI_RPC_EXECUTION_ERROR_KIND_MOVE_ABORT);
    seal__pb_begin(w, SUI_RPC_EXECUTION_ERROR_ABORT);
    seal__pb_write_u64(w, SUI_RPC_MOVE_ABORT_ABORT_CODE, vint("move_abort_status", "abort_code"));
    seal__pb_begin(w, SUI_RPC_MOVE_ABORT_LOCATION);
    seal__pb_write_string(w, SUI_RPC_MOVE_LOCATION_PACKAGE, vstr("move_abort_status", "package"));
    seal__pb_write_string(w, SUI_RPC_MOVE_LOCATION_MODULE, vstr("move_abort_status", "module"));
    seal__pb_write_u32(w, SUI_RPC_MOVE_LOCATION_FUNCTION,
                       (uint32_t)vint("move_abort_status", "function"));
    seal__pb_write_u32(w, SUI_RPC_MOVE_LOCATION_INSTRUCTION,
                       (uint32_t)vint("move_abort_status", "instruction"));
    seal__pb_write_string(w, SUI_RPC_MOVE_LOCATION_FUNCTION_NAME,
                          vstr("move_abort_status", "function_name"));
    seal__pb_end(w);
    seal__pb_end(w);
    seal__pb_end(w);
}

static void test_move_abort_encoding(void **state) {
    (void)state;
    uint8_t want[256];
    size_t n = tu_hex(want, sizeof want, vstr("move_abort_status", "encoding"), 0);
    seal__pb_writer w;
    seal__pb_reader r, er, ar, lr;
    seal__pb_field f;
    seal__pb_bool success = {0};
    seal__pb_u64 command = {0}, code = {0};
    seal__pb_i32 kind = {0};
    seal__pb_u32 function = {0}, instruction = {0};
    seal__pb_bytes desc = {0}, pkg = {0}, module = {0}, fname = {0};
    bool have_error = false, have_abort = false, have_loc = false;

    seal__pb_writer_init(&w, 0);
    write_abort_status(&w);
    assert_writer_bytes(&w, want, n);
    seal__pb_writer_free(&w);

    /* decoding keeps the zeros that were sent apart from absent fields */
    seal__pb_reader_init(&r, want, n);
    while (seal__pb_next(&r, &f)) {
        if (f.number == SUI_RPC_EXECUTION_STATUS_SUCCESS)
            assert_int_equal(seal__pb_get_bool(&f, &success), SEAL_OK);
        if (f.number != SUI_RPC_EXECUTION_STATUS_ERROR)
            continue;
        have_error = true;
        assert_int_equal(seal__pb_get_message(&f, &er), SEAL_OK);
        while (seal__pb_next(&er, &f)) {
            switch (f.number) {
            case SUI_RPC_EXECUTION_ERROR_DESCRIPTION:
                assert_int_equal(seal__pb_get_string(&f, &desc), SEAL_OK);
                break;
            case SUI_RPC_EXECUTION_ERROR_COMMAND:
                assert_int_equal(seal__pb_get_u64(&f, &command), SEAL_OK);
                break;
            case SUI_RPC_EXECUTION_ERROR_KIND:
                assert_int_equal(seal__pb_get_i32(&f, &kind), SEAL_OK);
                break;
            case SUI_RPC_EXECUTION_ERROR_ABORT:
                have_abort = true;
                assert_int_equal(seal__pb_get_message(&f, &ar), SEAL_OK);
                while (seal__pb_next(&ar, &f)) {
                    if (f.number == SUI_RPC_MOVE_ABORT_ABORT_CODE)
                        assert_int_equal(seal__pb_get_u64(&f, &code), SEAL_OK);
                    if (f.number != SUI_RPC_MOVE_ABORT_LOCATION)
                        continue;
                    have_loc = true;
                    assert_int_equal(seal__pb_get_message(&f, &lr), SEAL_OK);
                    assert_int_equal(lr.depth, 3);
                    while (seal__pb_next(&lr, &f)) {
                        switch (f.number) {
                        case SUI_RPC_MOVE_LOCATION_PACKAGE:
                            assert_int_equal(seal__pb_get_string(&f, &pkg), SEAL_OK);
                            break;
                        case SUI_RPC_MOVE_LOCATION_MODULE:
                            assert_int_equal(seal__pb_get_string(&f, &module), SEAL_OK);
                            break;
                        case SUI_RPC_MOVE_LOCATION_FUNCTION:
                            assert_int_equal(seal__pb_get_u32(&f, &function), SEAL_OK);
                            break;
                        case SUI_RPC_MOVE_LOCATION_INSTRUCTION:
                            assert_int_equal(seal__pb_get_u32(&f, &instruction), SEAL_OK);
                            break;
                        case SUI_RPC_MOVE_LOCATION_FUNCTION_NAME:
                            assert_int_equal(seal__pb_get_string(&f, &fname), SEAL_OK);
                            break;
                        default:
                            fail();
                        }
                    }
                    assert_int_equal(seal__pb_reader_finish(&lr), SEAL_OK);
                }
                assert_int_equal(seal__pb_reader_finish(&ar), SEAL_OK);
                break;
            default:
                fail();
            }
        }
        assert_int_equal(seal__pb_reader_finish(&er), SEAL_OK);
    }
    assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
    assert_true(have_error && have_abort && have_loc);
    assert_true(success.set && !success.v);
    assert_true(command.set && command.v == 0);
    assert_true(kind.set && kind.v == SUI_RPC_EXECUTION_ERROR_KIND_MOVE_ABORT);
    assert_true(code.set && code.v == SUI_RPC_STALENESS_ABORT_CODE);
    assert_true(seal__pb_bytes_eq(&desc, "d"));
    assert_true(seal__pb_bytes_eq(&pkg, vstr("move_abort_status", "package")));
    assert_true(seal__pb_bytes_eq(&module, "time"));
    assert_true(seal__pb_bytes_eq(&fname, "check_staleness"));
    assert_true(function.set && function.v == 0);
    assert_true(instruction.set && instruction.v == 10);

    /* success = 08 01 */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_bool(&w, SUI_RPC_EXECUTION_STATUS_SUCCESS, true);
    assert_writer_bytes(&w, (const uint8_t *)"\x08\x01", 2);
    seal__pb_writer_free(&w);
}

/* ---- varints and tags --------------------------------------------------------------------- */

static void test_varints(void **state) {
    (void)state;
    static const struct {
        uint64_t v;
        const char *hex;
    } cases[] = {
        {0, "00"},
        {1, "01"},
        {127, "7f"},
        {128, "8001"},
        {300, "ac02"},
        {16384, "808001"},
        {UINT32_MAX, "ffffffff0f"},
        {UINT64_C(1) << 63, "80808080808080808001"},
        {UINT64_MAX, "ffffffffffffffffff01"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t enc[16];
        size_t n = tu_hex(enc, sizeof enc, cases[i].hex, 0);
        seal__pb_writer w;
        seal__pb_reader r;
        uint64_t v = 0;
        seal__pb_writer_init(&w, 0);
        seal__pb_write_varint(&w, cases[i].v);
        assert_writer_bytes(&w, enc, n);
        seal__pb_writer_free(&w);
        assert_int_equal(seal__pb_varint_size(cases[i].v), n);
        seal__pb_reader_init(&r, enc, n);
        assert_int_equal(seal__pb_read_varint(&r, &v), SEAL_OK);
        assert_true(v == cases[i].v);
        assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
    }
    /* refused: 11 bytes, a tenth byte above 1 (overflow), truncation, empty */
    static const char *const bad[] = {
        "8080808080808080808001", "ffffffffffffffffff02", "ffffffffffffffffff7f", "80", "ffff", "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t enc[16];
        size_t n = tu_hex(enc, sizeof enc, bad[i], 0);
        seal__pb_reader r;
        uint64_t v = 1;
        seal__pb_reader_init(&r, enc, n);
        assert_int_equal(seal__pb_read_varint(&r, &v), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(v, 0);
        /* sticky */
        assert_int_equal(seal__pb_read_varint(&r, &v), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__pb_reader_finish(&r), SEAL_ERR_INVALID_ENCODING);
    }
    /* non-minimal encodings are valid protobuf (the wire format allows them) */
    {
        static const uint8_t nm[] = {0x80, 0x80, 0x00};
        seal__pb_reader r;
        uint64_t v = 1;
        seal__pb_reader_init(&r, nm, sizeof nm);
        assert_int_equal(seal__pb_read_varint(&r, &v), SEAL_OK);
        assert_int_equal(v, 0);
    }
    /* fixed-width reads */
    {
        static const uint8_t fx[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        seal__pb_reader r;
        uint32_t a = 0;
        uint64_t b = 0;
        seal__pb_reader_init(&r, fx, sizeof fx);
        assert_int_equal(seal__pb_read_fixed32(&r, &a), SEAL_OK);
        assert_int_equal(a, 0x04030201u);
        assert_int_equal(seal__pb_read_fixed64(&r, &b), SEAL_OK);
        assert_true(b == UINT64_C(0x0c0b0a0908070605));
        assert_int_equal(seal__pb_read_fixed32(&r, &a), SEAL_ERR_INVALID_ENCODING);
    }
}

static void test_tags_and_skipping(void **state) {
    (void)state;
    /* field 1 varint 150, unknown fields of every wire type, then field 15 string "ok" */
    static const uint8_t msg[] = {
        0x08, 0x96, 0x01,                       /* 1: varint 150 */
        0x11, 1,    2,    3,   4,   5, 6, 7, 8, /* 2: fixed64 */
        0x1a, 0x03, 'a',  'b', 'c',             /* 3: bytes */
        0x25, 1,    2,    3,   4,               /* 4: fixed32 */
        0xa0, 0x1f, 0x01,                       /* 500: varint 1 */
        0x7a, 0x02, 'o',  'k',                  /* 15: string */
    };
    seal__pb_reader r;
    seal__pb_field f;
    size_t count = 0;
    uint32_t numbers[8];
    seal__pb_reader_init(&r, msg, sizeof msg);
    while (seal__pb_next(&r, &f))
        numbers[count++] = f.number;
    assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
    assert_int_equal(count, 6);
    assert_int_equal(numbers[4], 500);
    assert_int_equal(numbers[5], 15);

    /* a wire type that does not suit the getter is refused */
    {
        seal__pb_u64 u = {0};
        seal__pb_bytes b = {0};
        seal__pb_field v = {.number = 1, .wire = SEAL__PB_VARINT, .value = 3};
        seal__pb_field l = {.number = 1, .wire = SEAL__PB_LEN, .data = msg, .len = 0};
        assert_int_equal(seal__pb_get_bytes(&v, &b), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__pb_get_string(&v, &b), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__pb_get_u64(&l, &u), SEAL_ERR_INVALID_ENCODING);
        assert_false(u.set || b.set);
        seal__pb_reader sub;
        assert_int_equal(seal__pb_get_message(&v, &sub), SEAL_ERR_INVALID_ENCODING);
        seal__pb_u32 x = {0};
        assert_int_equal(seal__pb_get_fixed32(&v, &x), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__pb_get_fixed64(&v, &u), SEAL_ERR_INVALID_ENCODING);
    }

    /* refused messages */
    static const char *const bad[] = {
        "0001",                   /* field 0 */
        "0301",                   /* wire type 3 (group start) */
        "0c",                     /* wire type 4 (group end) */
        "0e01",                   /* wire type 6 */
        "0f01",                   /* wire type 7 */
        "8080808010",             /* field 2^29 (past the largest field number) */
        "0a05616263",             /* length past the end */
        "0affffffff0f",           /* a huge length */
        "09010203",               /* fixed64 cut short */
        "0d0102",                 /* fixed32 cut short */
        "08",                     /* a tag without its value */
        "0880",                   /* a value cut short */
        "88",                     /* a tag cut short */
        "08ffffffffffffffffff7f", /* value overflow */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t enc[32];
        size_t n = tu_hex(enc, sizeof enc, bad[i], 0);
        assert_int_equal(read_all(enc, n, NULL, NULL), SEAL_ERR_INVALID_ENCODING);
    }
    /* the largest field number is fine */
    {
        static const uint8_t top[] = {0xf8, 0xff, 0xff, 0xff, 0x0f, 0x00};
        seal__pb_field last;
        assert_int_equal(read_all(top, sizeof top, &last, NULL), SEAL_OK);
        assert_int_equal(last.number, SEAL__PB_MAX_FIELD);
    }
    /* an empty message and a NULL buffer are empty */
    assert_int_equal(read_all(msg, 0, NULL, &count), SEAL_OK);
    assert_int_equal(count, 0);
    assert_int_equal(read_all(NULL, 5, NULL, &count), SEAL_OK);
    assert_int_equal(count, 0);
}

/* ---- scalars, presence -------------------------------------------------------------------- */

static void test_scalar_ranges(void **state) {
    (void)state;
    seal__pb_field f = {.number = 1, .wire = SEAL__PB_VARINT};
    seal__pb_u32 u32 = {0};
    seal__pb_i32 i32 = {0};
    seal__pb_i64 i64 = {0};
    seal__pb_bool b = {0};

    f.value = UINT32_MAX;
    assert_int_equal(seal__pb_get_u32(&f, &u32), SEAL_OK);
    assert_int_equal(u32.v, UINT32_MAX);
    f.value = (uint64_t)UINT32_MAX + 1;
    u32.set = false;
    assert_int_equal(seal__pb_get_u32(&f, &u32), SEAL_ERR_INVALID_ENCODING);
    assert_false(u32.set);

    f.value = INT32_MAX;
    assert_int_equal(seal__pb_get_i32(&f, &i32), SEAL_OK);
    assert_int_equal(i32.v, INT32_MAX);
    f.value = (uint64_t)INT32_MAX + 1; /* a positive value past int32 */
    assert_int_equal(seal__pb_get_i32(&f, &i32), SEAL_ERR_INVALID_ENCODING);
    f.value = UINT32_MAX; /* -1 truncated to 32 bits: not how protobuf writes -1 */
    assert_int_equal(seal__pb_get_i32(&f, &i32), SEAL_ERR_INVALID_ENCODING);
    f.value = UINT64_MAX; /* -1 */
    assert_int_equal(seal__pb_get_i32(&f, &i32), SEAL_OK);
    assert_int_equal(i32.v, -1);
    f.value = (uint64_t)(int64_t)INT32_MIN;
    assert_int_equal(seal__pb_get_i32(&f, &i32), SEAL_OK);
    assert_int_equal(i32.v, INT32_MIN);
    f.value = (uint64_t)(int64_t)INT32_MIN - 1;
    assert_int_equal(seal__pb_get_i32(&f, &i32), SEAL_ERR_INVALID_ENCODING);

    f.value = UINT64_C(1) << 63;
    assert_int_equal(seal__pb_get_i64(&f, &i64), SEAL_OK);
    assert_true(i64.v == INT64_MIN);

    f.value = 1;
    assert_int_equal(seal__pb_get_bool(&f, &b), SEAL_OK);
    assert_true(b.set && b.v);
    f.value = 2;
    assert_int_equal(seal__pb_get_bool(&f, &b), SEAL_ERR_INVALID_ENCODING);

    /* negative int32 written as protobuf does: ten bytes */
    {
        seal__pb_writer w;
        seal__pb_writer_init(&w, 0);
        seal__pb_write_i32(&w, 1, -1);
        seal__pb_write_i64(&w, 2, INT64_MIN);
        assert_writer_bytes(&w,
                            (const uint8_t *)"\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"
                                             "\x10\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01",
                            22);
        seal__pb_writer_free(&w);
    }
}

static void test_presence(void **state) {
    (void)state;
    seal__pb_writer w;
    seal__pb_reader r;
    seal__pb_field f;
    seal__pb_u64 a = {0}, absent = {0};
    seal__pb_bool b = {0};
    seal__pb_bytes s = {0};
    seal__pb_i32 e = {0};
    static const uint8_t want[] = {0x08, 0x00, 0x10, 0x00, 0x1a, 0x00, 0x20, 0x00};

    /* zeros are written when set */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_u64(&w, 1, 0);
    seal__pb_write_bool(&w, 2, false);
    seal__pb_write_string(&w, 3, "");
    seal__pb_write_i32(&w, 4, 0);
    assert_writer_bytes(&w, want, sizeof want);
    seal__pb_writer_free(&w);

    /* and read back as set */
    seal__pb_reader_init(&r, want, sizeof want);
    while (seal__pb_next(&r, &f)) {
        if (f.number == 1)
            assert_int_equal(seal__pb_get_u64(&f, &a), SEAL_OK);
        if (f.number == 2)
            assert_int_equal(seal__pb_get_bool(&f, &b), SEAL_OK);
        if (f.number == 3)
            assert_int_equal(seal__pb_get_string(&f, &s), SEAL_OK);
        if (f.number == 4)
            assert_int_equal(seal__pb_get_i32(&f, &e), SEAL_OK);
        if (f.number == 5)
            assert_int_equal(seal__pb_get_u64(&f, &absent), SEAL_OK);
    }
    assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
    assert_true(a.set && a.v == 0);
    assert_true(b.set && !b.v);
    assert_true(s.set && s.len == 0);
    assert_true(seal__pb_bytes_eq(&s, ""));
    assert_true(e.set && e.v == 0);
    assert_false(absent.set);

    /* optional writers mirror presence; the last duplicate wins */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_opt_u64(&w, 1, absent);
    seal__pb_write_opt_u64(&w, 1, a);
    seal__pb_write_opt_bool(&w, 2, b);
    seal__pb_write_opt_string(&w, 3, s);
    seal__pb_write_opt_i32(&w, 4, e);
    seal__pb_write_opt_u32(&w, 5, (seal__pb_u32){false, 9});
    seal__pb_write_opt_bytes(&w, 6, (seal__pb_bytes){false, NULL, 0});
    assert_writer_bytes(&w, want, sizeof want);
    seal__pb_write_u64(&w, 1, 7);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    seal__pb_reader_init(&r, w.buf, w.len);
    while (seal__pb_next(&r, &f))
        if (f.number == 1)
            assert_int_equal(seal__pb_get_u64(&f, &a), SEAL_OK);
    assert_int_equal(a.v, 7);
    seal__pb_writer_free(&w);

    /* cstr copies */
    {
        char out[4];
        seal__pb_bytes t = {true, (const uint8_t *)"abc", 3};
        assert_int_equal(seal__pb_bytes_to_cstr(&t, out, sizeof out), SEAL_OK);
        assert_string_equal(out, "abc");
        t.len = 4;
        t.p = (const uint8_t *)"abcd";
        assert_int_equal(seal__pb_bytes_to_cstr(&t, out, sizeof out), SEAL_ERR_LIMIT);
        assert_string_equal(out, "");
        t.p = (const uint8_t *)"a\0c";
        t.len = 3;
        assert_int_equal(seal__pb_bytes_to_cstr(&t, out, sizeof out), SEAL_ERR_INVALID_ENCODING);
        t.set = false;
        assert_int_equal(seal__pb_bytes_to_cstr(&t, out, sizeof out), SEAL_OK);
        assert_string_equal(out, "");
        assert_false(seal__pb_bytes_eq(&t, ""));
    }
}

static void test_utf8(void **state) {
    (void)state;
    static const char *const good[] = {"",
                                       "ascii",
                                       "\xc3\xa9",
                                       "\xe2\x82\xac",
                                       "\xf0\x9f\x98\x80",
                                       "\xf4\x8f\xbf\xbf",
                                       "\xed\x9f\xbf"};
    static const char *const bad[] = {
        "\x80",         "\xc0\xaf",         "\xc1\xbf",         "\xe0\x80\xaf",
        "\xed\xa0\x80", "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
        "\xc3",         "\xe2\x82",         "\xc3\x28",         "\xff"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(seal__pb_utf8_valid((const uint8_t *)good[i], strlen(good[i])));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        seal__pb_field f = {.number = 1,
                            .wire = SEAL__PB_LEN,
                            .data = (const uint8_t *)bad[i],
                            .len = strlen(bad[i])};
        seal__pb_bytes s = {0};
        seal__pb_writer w;
        assert_false(seal__pb_utf8_valid((const uint8_t *)bad[i], strlen(bad[i])));
        assert_int_equal(seal__pb_get_string(&f, &s), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__pb_get_bytes(&f, &s), SEAL_OK); /* bytes: anything */
        seal__pb_writer_init(&w, 0);
        seal__pb_write_string(&w, 1, bad[i]);
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_INVALID_ARGUMENT);
        seal__pb_writer_free(&w);
    }
}

/* ---- repeated ----------------------------------------------------------------------------- */

static void test_repeated(void **state) {
    (void)state;
    static const uint64_t vals[] = {1, 300, UINT64_C(1) << 40, 0};
    static const uint32_t u32s[] = {7, UINT32_MAX};
    static const int32_t i32s[] = {4, -2};
    seal__pb_writer w;
    seal__pb_reader r;
    seal__pb_field f;
    uint64_t got[8];
    uint32_t got32[8];
    int32_t goti[8];
    size_t n = 0, n32 = 0, ni = 0;

    /* packed, then the same field unpacked: both forms append */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_packed_u64(&w, 1, vals, 4);
    seal__pb_write_u64(&w, 1, 5);
    seal__pb_write_packed_u64(&w, 1, vals, 0); /* nothing */
    seal__pb_write_packed_u32(&w, 2, u32s, 2);
    seal__pb_write_packed_i32(&w, 3, i32s, 2);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    /* packed u64: tag 0a, length 1 + 2 + 6 + 1 = 10 */
    assert_memory_equal(w.buf, "\x0a\x0a\x01\xac\x02\x80\x80\x80\x80\x80\x20\x00\x08\x05", 14);
    seal__pb_reader_init(&r, w.buf, w.len);
    while (seal__pb_next(&r, &f)) {
        if (f.number == 1)
            assert_int_equal(seal__pb_append_u64(&f, got, 8, &n), SEAL_OK);
        if (f.number == 2)
            assert_int_equal(seal__pb_append_u32(&f, got32, 8, &n32), SEAL_OK);
        if (f.number == 3)
            assert_int_equal(seal__pb_append_i32(&f, goti, 8, &ni), SEAL_OK);
    }
    assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
    assert_int_equal(n, 5);
    assert_memory_equal(got, vals, sizeof vals);
    assert_int_equal(got[4], 5);
    assert_int_equal(n32, 2);
    assert_memory_equal(got32, u32s, sizeof u32s);
    assert_int_equal(ni, 2);
    assert_memory_equal(goti, i32s, sizeof i32s);

    /* more elements than room */
    seal__pb_reader_init(&r, w.buf, w.len);
    n = 0;
    assert_true(seal__pb_next(&r, &f));
    assert_int_equal(seal__pb_append_u64(&f, got, 3, &n), SEAL_ERR_LIMIT);
    seal__pb_writer_free(&w);

    /* malformed packed payloads and out-of-range elements */
    {
        static const uint8_t cut[] = {0x01, 0x80};
        static const uint8_t big[] = {0xff, 0xff, 0xff, 0xff, 0x1f};
        seal__pb_field p = {.number = 1, .wire = SEAL__PB_LEN, .data = cut, .len = sizeof cut};
        seal__pb_field q = {.number = 1, .wire = SEAL__PB_LEN, .data = big, .len = sizeof big};
        seal__pb_field x = {.number = 1, .wire = SEAL__PB_I32, .value = 1};
        n = 0;
        assert_int_equal(seal__pb_append_u64(&p, got, 8, &n), SEAL_ERR_INVALID_ENCODING);
        n32 = 0;
        assert_int_equal(seal__pb_append_u32(&q, got32, 8, &n32), SEAL_ERR_INVALID_ENCODING);
        ni = 0;
        assert_int_equal(seal__pb_append_i32(&q, goti, 8, &ni), SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__pb_append_u64(&x, got, 8, &n), SEAL_ERR_INVALID_ENCODING);
        /* an empty packed field adds nothing */
        seal__pb_field e = {.number = 1, .wire = SEAL__PB_LEN, .data = cut, .len = 0};
        n = 0;
        assert_int_equal(seal__pb_append_u64(&e, got, 8, &n), SEAL_OK);
        assert_int_equal(n, 0);
    }
}

/* ---- nesting ------------------------------------------------------------------------------ */

static void test_nested_lengths(void **state) {
    (void)state;
    /* bodies whose lengths need 1, 2 and 3 varint bytes, nested three deep */
    static const size_t sizes[] = {0, 1, 125, 126, 127, 128, 300, 16381, 16384, 70000};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t sz = sizes[i];
        uint8_t *payload = malloc(sz + 1);
        seal__pb_writer w;
        seal__pb_reader r, s1, s2;
        seal__pb_field f;
        seal__pb_bytes b = {0};
        assert_non_null(payload);
        for (size_t j = 0; j < sz; j++)
            payload[j] = (uint8_t)(j * 7 + 1);
        seal__pb_writer_init(&w, 0);
        seal__pb_write_u64(&w, 1, 42);
        seal__pb_begin(&w, 2);
        seal__pb_begin(&w, 3);
        seal__pb_write_bytes(&w, 4, payload, sz);
        seal__pb_end(&w);
        seal__pb_write_u64(&w, 5, 9);
        seal__pb_end(&w);
        seal__pb_write_u64(&w, 6, 1);
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
        /* expected size with minimal lengths */
        {
            size_t inner = 1 + seal__pb_varint_size(sz) + sz;
            size_t mid = 1 + seal__pb_varint_size(inner) + inner + 2;
            assert_int_equal(w.len, 2 + 1 + seal__pb_varint_size(mid) + mid + 2);
        }
        seal__pb_reader_init(&r, w.buf, w.len);
        assert_true(seal__pb_next(&r, &f) && f.number == 1 && f.value == 42);
        assert_true(seal__pb_next(&r, &f) && f.number == 2);
        assert_int_equal(seal__pb_get_message(&f, &s1), SEAL_OK);
        assert_true(seal__pb_next(&s1, &f) && f.number == 3);
        assert_int_equal(seal__pb_get_message(&f, &s2), SEAL_OK);
        assert_true(seal__pb_next(&s2, &f) && f.number == 4);
        assert_int_equal(seal__pb_get_bytes(&f, &b), SEAL_OK);
        assert_int_equal(b.len, sz);
        if (sz > 0)
            assert_memory_equal(b.p, payload, sz);
        assert_false(seal__pb_next(&s2, &f));
        assert_int_equal(seal__pb_reader_finish(&s2), SEAL_OK);
        assert_true(seal__pb_next(&s1, &f) && f.number == 5 && f.value == 9);
        assert_false(seal__pb_next(&s1, &f));
        assert_true(seal__pb_next(&r, &f) && f.number == 6);
        assert_false(seal__pb_next(&r, &f));
        assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
        seal__pb_writer_free(&w);
        free(payload);
    }
}

static void test_depth_limits(void **state) {
    (void)state;
    seal__pb_writer w;
    seal__pb_reader r[SEAL__PB_MAX_DEPTH + 2];
    seal__pb_field f;
    unsigned d;

    /* the writer nests up to the limit */
    seal__pb_writer_init(&w, 0);
    for (d = 0; d < SEAL__PB_MAX_DEPTH; d++)
        seal__pb_begin(&w, 1);
    for (d = 0; d < SEAL__PB_MAX_DEPTH; d++)
        seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    /* the reader follows the same depth */
    seal__pb_reader_init(&r[0], w.buf, w.len);
    for (d = 0; d < SEAL__PB_MAX_DEPTH - 1; d++) {
        assert_true(seal__pb_next(&r[d], &f));
        assert_int_equal(seal__pb_get_message(&f, &r[d + 1]), SEAL_OK);
    }
    assert_true(seal__pb_next(&r[d], &f));
    assert_int_equal(seal__pb_get_message(&f, &r[d + 1]), SEAL_OK);
    assert_int_equal(r[d + 1].depth, SEAL__PB_MAX_DEPTH);
    seal__pb_writer_free(&w);

    /* one level more: refused on both sides */
    seal__pb_writer_init(&w, 0);
    for (d = 0; d <= SEAL__PB_MAX_DEPTH; d++)
        seal__pb_begin(&w, 1);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_LIMIT);
    seal__pb_writer_free(&w);
    {
        uint8_t deep[2 * (SEAL__PB_MAX_DEPTH + 2)];
        size_t levels = SEAL__PB_MAX_DEPTH + 2;
        for (size_t i = 0; i < levels; i++) {
            deep[2 * i] = 0x0a;
            deep[2 * i + 1] = (uint8_t)(2 * (levels - i - 1));
        }
        seal__pb_reader_init(&r[0], deep, sizeof deep);
        seal_err err = SEAL_OK;
        for (d = 0; d < levels && err == SEAL_OK; d++) {
            assert_true(seal__pb_next(&r[d], &f));
            err = seal__pb_get_message(&f, &r[d + 1]);
        }
        assert_int_equal(err, SEAL_ERR_LIMIT);
        assert_int_equal(d, SEAL__PB_MAX_DEPTH + 1);
    }
    /* unbalanced */
    seal__pb_writer_init(&w, 0);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_INVALID_ARGUMENT);
    seal__pb_writer_free(&w);
    seal__pb_writer_init(&w, 0);
    seal__pb_begin(&w, 1);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_INTERNAL);
    seal__pb_writer_free(&w);
}

static void test_writer_caps(void **state) {
    (void)state;
    seal__pb_writer w;
    uint8_t big[300];
    memset(big, 0xab, sizeof big);
    /* exactly at the cap is fine; one byte more is refused and the error sticks */
    seal__pb_writer_init(&w, 3 + sizeof big);
    seal__pb_write_bytes(&w, 1, big, sizeof big);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    assert_int_equal(w.len, 3 + sizeof big);
    seal__pb_write_u64(&w, 2, 0);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_LIMIT);
    seal__pb_write_u64(&w, 2, 0);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_LIMIT);
    seal__pb_writer_free(&w);
    /* a length growing past the cap at seal__pb_end */
    seal__pb_writer_init(&w, 2 + 127);
    seal__pb_begin(&w, 1);
    seal__pb_write_raw(&w, big, 127);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
    seal__pb_writer_free(&w);
    seal__pb_writer_init(&w, 2 + 128);
    seal__pb_begin(&w, 1);
    seal__pb_write_raw(&w, big, 128);
    seal__pb_end(&w);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_LIMIT);
    seal__pb_writer_free(&w);
    /* bad field numbers, NULL with a length */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_u64(&w, 0, 1);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_INVALID_ARGUMENT);
    seal__pb_writer_free(&w);
    seal__pb_writer_init(&w, 0);
    seal__pb_write_u64(&w, SEAL__PB_MAX_FIELD + 1, 1);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_INVALID_ARGUMENT);
    seal__pb_writer_free(&w);
    seal__pb_writer_init(&w, 0);
    seal__pb_write_bytes(&w, 1, NULL, 3);
    assert_int_equal(seal__pb_writer_finish(&w), SEAL_ERR_INVALID_ARGUMENT);
    seal__pb_writer_free(&w);
    /* fixed-width fields */
    seal__pb_writer_init(&w, 0);
    seal__pb_write_fixed32(&w, 1, 0x01020304u);
    seal__pb_write_fixed64(&w, 2, UINT64_C(0x0102030405060708));
    assert_writer_bytes(
        &w, (const uint8_t *)"\x0d\x04\x03\x02\x01\x11\x08\x07\x06\x05\x04\x03\x02\x01", 14);
    seal__pb_writer_free(&w);
}

/* Random messages (seeded): encode with the writer, decode with the reader, compare. */
static void test_round_trip_random(void **state) {
    (void)state;
    tu_rng rng;
    tu_rng_init(&rng, 20260801);
    for (int iter = 0; iter < 500; iter++) {
        uint8_t rnd[64];
        uint32_t nums[16];
        uint64_t vals[16];
        size_t lens[16];
        uint8_t kinds[16];
        uint8_t blob[200];
        seal__pb_writer w;
        seal__pb_reader r, sub;
        seal__pb_field f;
        size_t n, i = 0;
        tu_rng_bytes(&rng, rnd, sizeof rnd);
        tu_rng_bytes(&rng, blob, sizeof blob);
        n = 1 + rnd[0] % 16;
        seal__pb_writer_init(&w, 0);
        for (size_t k = 0; k < n; k++) {
            uint64_t v = 0;
            memcpy(&v, rnd + 1 + (k % 7) * 8, 8);
            v >>= rnd[k + 1] % 64;
            nums[k] = 1 + (uint32_t)((v ^ (uint64_t)k * 977) % 100000);
            vals[k] = v;
            kinds[k] = (uint8_t)(rnd[k + 20] % 5);
            lens[k] = rnd[k + 40] % sizeof blob;
            switch (kinds[k]) {
            case 0:
                seal__pb_write_u64(&w, nums[k], v);
                break;
            case 1:
                seal__pb_write_fixed64(&w, nums[k], v);
                break;
            case 2:
                seal__pb_write_fixed32(&w, nums[k], (uint32_t)v);
                break;
            case 3:
                seal__pb_write_bytes(&w, nums[k], blob, lens[k]);
                break;
            default:
                seal__pb_begin(&w, nums[k]);
                seal__pb_write_u64(&w, 1, v);
                seal__pb_write_bytes(&w, 2, blob, lens[k]);
                seal__pb_end(&w);
                break;
            }
        }
        assert_int_equal(seal__pb_writer_finish(&w), SEAL_OK);
        seal__pb_reader_init(&r, w.buf, w.len);
        while (seal__pb_next(&r, &f)) {
            assert_true(i < n);
            assert_int_equal(f.number, nums[i]);
            switch (kinds[i]) {
            case 0:
                assert_true(f.wire == SEAL__PB_VARINT && f.value == vals[i]);
                break;
            case 1:
                assert_true(f.wire == SEAL__PB_I64 && f.value == vals[i]);
                break;
            case 2:
                assert_true(f.wire == SEAL__PB_I32 && f.value == (uint32_t)vals[i]);
                break;
            case 3:
                assert_true(f.wire == SEAL__PB_LEN && f.len == lens[i]);
                if (lens[i] > 0)
                    assert_memory_equal(f.data, blob, lens[i]);
                break;
            default: {
                seal__pb_field g;
                assert_int_equal(seal__pb_get_message(&f, &sub), SEAL_OK);
                assert_true(seal__pb_next(&sub, &g) && g.number == 1 && g.value == vals[i]);
                assert_true(seal__pb_next(&sub, &g) && g.number == 2 && g.len == lens[i]);
                assert_false(seal__pb_next(&sub, &g));
                assert_int_equal(seal__pb_reader_finish(&sub), SEAL_OK);
                break;
            }
            }
            i++;
        }
        assert_int_equal(seal__pb_reader_finish(&r), SEAL_OK);
        assert_int_equal(i, n);
        /* every strict prefix that cuts a field is refused, never read past */
        for (size_t cut = 1; cut < w.len; cut += 1 + w.len / 16) {
            seal__pb_reader_init(&r, w.buf, cut);
            while (seal__pb_next(&r, &f)) {
            }
            assert_true(r.pos <= cut);
            if (seal__pb_reader_finish(&r) == SEAL_OK)
                assert_int_equal(r.pos, cut);
        }
        seal__pb_writer_free(&w);
    }
}

/* ---- frames ------------------------------------------------------------------------------- */

static void test_frames(void **state) {
    (void)state;
    uint8_t buf[64];
    seal__grpc_frame f;
    size_t used = 0;
    seal__grpc_body body;

    seal__grpc_frame_header(buf, 0, 0x01020304u);
    assert_memory_equal(buf, "\x00\x01\x02\x03\x04", 5);
    /* an empty message still has a frame */
    assert_int_equal(
        seal__grpc_frame_parse((const uint8_t *)"\x00\x00\x00\x00\x00", 5, 0, &f, &used), SEAL_OK);
    assert_int_equal(used, 5);
    assert_int_equal(f.len, 0);
    /* refused: short header, short payload, unknown flag bits, past the cap */
    assert_int_equal(seal__grpc_frame_parse(buf, 4, 0, &f, &used), SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(
        seal__grpc_frame_parse((const uint8_t *)"\x00\x00\x00\x00\x02\x01", 6, 0, &f, &used),
        SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(used, 0);
    assert_int_equal(
        seal__grpc_frame_parse((const uint8_t *)"\x02\x00\x00\x00\x00", 5, 0, &f, &used),
        SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(
        seal__grpc_frame_parse((const uint8_t *)"\x40\x00\x00\x00\x00", 5, 0, &f, &used),
        SEAL_ERR_INVALID_ENCODING);
    assert_int_equal(
        seal__grpc_frame_parse((const uint8_t *)"\x00\x01\x00\x00\x01", 5, 0, &f, &used),
        SEAL_ERR_LIMIT); /* 16 MiB + 1 */
    assert_int_equal(
        seal__grpc_frame_parse((const uint8_t *)"\x00\x00\x00\x00\x03xyz", 8, 2, &f, &used),
        SEAL_ERR_LIMIT);
    assert_int_equal(seal__grpc_frame_parse(NULL, 0, 0, &f, &used), SEAL_ERR_INVALID_ENCODING);

    /* bodies */
    assert_int_equal(seal__grpc_body_parse(buf, 0, 0, true, &body), SEAL_OK);
    assert_false(body.has_message || body.has_trailer);
    {
        static const uint8_t two_data[] = {0, 0, 0, 0, 1, 'a', 0, 0, 0, 0, 1, 'b'};
        static const uint8_t after_trailer[] = {0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'a'};
        static const uint8_t two_trailers[] = {0x80, 0, 0, 0, 0, 0x80, 0, 0, 0, 0};
        static const uint8_t compressed[] = {1, 0, 0, 0, 1, 'a'};
        static const uint8_t packed_trailer[] = {0x81, 0, 0, 0, 0};
        static const uint8_t web[] = {0, 0, 0, 0, 1, 'a', 0x80, 0, 0, 0, 0};
        static const uint8_t native[] = {0, 0, 0, 0, 2, 'a', 'b'};
        static const uint8_t trailing[] = {0, 0, 0, 0, 1, 'a', 0x80};
        assert_int_equal(seal__grpc_body_parse(two_data, sizeof two_data, 0, true, &body),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__grpc_body_parse(after_trailer, sizeof after_trailer, 0, true, &body),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__grpc_body_parse(two_trailers, sizeof two_trailers, 0, true, &body),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__grpc_body_parse(compressed, sizeof compressed, 0, true, &body),
                         SEAL_ERR_UNSUPPORTED);
        assert_int_equal(
            seal__grpc_body_parse(packed_trailer, sizeof packed_trailer, 0, true, &body),
            SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__grpc_body_parse(web, sizeof web, 0, false, &body),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__grpc_body_parse(trailing, sizeof trailing, 0, true, &body),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(seal__grpc_body_parse(web, sizeof web, 0, true, &body), SEAL_OK);
        assert_true(body.has_message && body.has_trailer && body.message_len == 1 &&
                    body.trailer_len == 0);
        assert_int_equal(seal__grpc_body_parse(native, sizeof native, 0, false, &body), SEAL_OK);
        assert_true(body.has_message && !body.has_trailer && body.message_len == 2);
        assert_memory_equal(body.message, "ab", 2);
    }
    /* a trailer frame past its own cap */
    {
        size_t n = 5 + SEAL__GRPC_MAX_TRAILER_BYTES + 1;
        uint8_t *big = calloc(1, n);
        assert_non_null(big);
        seal__grpc_frame_header(big, SEAL__GRPC_FLAG_TRAILER,
                                (uint32_t)(SEAL__GRPC_MAX_TRAILER_BYTES + 1));
        assert_int_equal(seal__grpc_body_parse(big, n, 0, true, &body), SEAL_ERR_INVALID_ENCODING);
        free(big);
    }
}

static seal_err parse_text(const char *s, seal__grpc_trailers *t) {
    return seal__grpc_trailers_parse((const uint8_t *)s, strlen(s), t);
}

static void test_trailers(void **state) {
    (void)state;
    seal__grpc_trailers t;
    assert_int_equal(
        parse_text("Grpc-Status: 14 \r\nGRPC-MESSAGE:\tnode%20busy\r\nx-sui-epoch:3\r\n", &t),
        SEAL_OK);
    assert_true(t.has_status && t.status == 14);
    assert_string_equal(t.message, "node busy");
    /* a last line without CRLF, empty lines, a colon in the value */
    assert_int_equal(parse_text("\r\ngrpc-message:a:b\r\n\r\ngrpc-status:3", &t), SEAL_OK);
    assert_true(t.has_status && t.status == 3);
    assert_string_equal(t.message, "a:b");
    /* no status */
    assert_int_equal(parse_text("grpc-message:x\r\n", &t), SEAL_OK);
    assert_false(t.has_status);
    assert_int_equal(parse_text("", &t), SEAL_OK);
    assert_false(t.has_status || t.has_message);
    /* large codes are kept; the name table says UNKNOWN */
    assert_int_equal(parse_text("grpc-status:99999999\r\n", &t), SEAL_OK);
    assert_int_equal(t.status, 99999999u);
    assert_string_equal(seal__grpc_status_name(t.status), "UNKNOWN");
    static const char *const bad[] = {
        "grpc-status\r\n",
        "grpc-status:\r\n",
        "grpc-status:1a\r\n",
        "grpc-status:-1\r\n",
        "grpc-status:+1\r\n",
        "grpc-status:123456789\r\n",
        ":5\r\n",
        "grpc-status:5\n",
        "grpc-status:5\rx\r\n",
        "grpc-message:a\x01\r\n",
        "grpc-status:0\r\nbroken\r\n",
        "grpc-message:\x7f\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(parse_text(bad[i], &t), SEAL_ERR_INVALID_ENCODING);
    /* header-by-header (native trailers, Trailers-Only) */
    memset(&t, 0, sizeof t);
    assert_int_equal(seal__grpc_trailers_add(&t, "grpc-status", 11, "0", 1), SEAL_OK);
    assert_int_equal(seal__grpc_trailers_add(&t, "content-type", 12, "x", 1), SEAL_OK);
    assert_true(t.has_status && t.status == 0 && !t.has_message);
    assert_int_equal(seal__grpc_trailers_add(&t, "grpc-status", 11, "", 0),
                     SEAL_ERR_INVALID_ENCODING);
}

static void test_message_encoding(void **state) {
    (void)state;
    char out[64];
    static const struct {
        const char *in, *enc;
    } cases[] = {
        {"plain text", "plain%20text"},
        {"a~b", "a~b"},
        {"100%", "100%25"},
        {"a\r\nb", "a%0D%0Ab"},
        {"caf\xc3\xa9", "caf%C3%A9"},
        {"\x7f~", "%7F~"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = seal__grpc_message_encode(out, sizeof out, cases[i].in, strlen(cases[i].in));
        assert_int_equal(n, strlen(cases[i].enc));
        assert_string_equal(out, cases[i].enc);
        assert_int_equal(seal__grpc_message_encode(NULL, 0, cases[i].in, strlen(cases[i].in)), n);
    }
    /* truncation stops before an escape that does not fit */
    assert_int_equal(seal__grpc_message_encode(out, 4, "ab%c", 4), 6);
    assert_string_equal(out, "ab");
    /* decoding: escapes, malformed ones kept, non-printable bytes replaced */
    seal__grpc_message_decode(out, sizeof out, "a%20b%2", 7);
    assert_string_equal(out, "a b%2");
    seal__grpc_message_decode(out, sizeof out, "%zz%4G%", 7);
    assert_string_equal(out, "%zz%4G%");
    seal__grpc_message_decode(out, sizeof out, "line%0Abreak%00nul%C3%A9", 24);
    assert_string_equal(out, "line?break?nul??");
    seal__grpc_message_decode(out, sizeof out, "tab\there", 8);
    assert_string_equal(out, "tab?here");
    seal__grpc_message_decode(out, 4, "abcdef", 6);
    assert_string_equal(out, "abc");
    /* round trip of printable text */
    {
        const char *s = "Object 0x99 not found: 50% of {x}";
        char enc[128], dec[128];
        size_t n = seal__grpc_message_encode(enc, sizeof enc, s, strlen(s));
        seal__grpc_message_decode(dec, sizeof dec, enc, n);
        assert_string_equal(dec, s);
    }
}

static void test_web_text(void **state) {
    (void)state;
    uint8_t out[64];
    size_t n = 0;
    static const struct {
        const char *in;
        const char *hex;
    } good[] = {
        {"", ""},
        {"AAAAAAA=", "0000000000"},
        {"YQ==Yg==", "6162"},
        {"YWI=YWJj", "6162616263"},
        {"YWJjYWJj", "616263616263"},
        {"YQ==YWI=YWJj", "616162616263"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        uint8_t want[32];
        size_t wn = tu_hex(want, sizeof want, good[i].hex, 0);
        assert_int_equal(
            seal__grpc_web_text_decode(out, sizeof out, &n, good[i].in, strlen(good[i].in)),
            SEAL_OK);
        assert_int_equal(n, wn);
        if (wn > 0)
            assert_memory_equal(out, want, wn);
    }
    static const char *const bad[] = {"A",    "AAA",  "AAAAA", "A===",       "=AAA", "AA=A",
                                      "YQ=a", "YR==", "YQ== ", "YQ==\nYg==", "Y!==", "YWJ*"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        n = 7;
        assert_int_equal(seal__grpc_web_text_decode(out, sizeof out, &n, bad[i], strlen(bad[i])),
                         SEAL_ERR_INVALID_ENCODING);
        assert_int_equal(n, 0);
    }
    assert_int_equal(seal__grpc_web_text_decode(out, 2, &n, "YWJj", 4), SEAL_ERR_LIMIT);
    assert_int_equal(seal__grpc_web_text_decode(out, 3, &n, "YWJjYQ==", 8), SEAL_ERR_LIMIT);
    /* encoder: padded */
    {
        char t[16];
        seal__grpc_web_text_encode(t, (const uint8_t *)"ab", 2);
        assert_string_equal(t, "YWI=");
        assert_int_equal(seal__grpc_web_text_encoded_len(2), 4);
    }
}

static void test_status_and_headers(void **state) {
    (void)state;
    assert_string_equal(seal__grpc_status_name(0), "OK");
    assert_string_equal(seal__grpc_status_name(5), "NOT_FOUND");
    assert_string_equal(seal__grpc_status_name(14), "UNAVAILABLE");
    assert_string_equal(seal__grpc_status_name(16), "UNAUTHENTICATED");
    assert_string_equal(seal__grpc_status_name(17), "UNKNOWN");
    static const struct {
        long http;
        uint32_t code;
    } map[] = {{400, 13}, {401, 16}, {403, 7}, {404, 12}, {429, 14}, {502, 14},
               {503, 14}, {504, 14}, {500, 2}, {200, 2},  {418, 2}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        assert_int_equal(seal__grpc_status_from_http(map[i].http), map[i].code);

    static const struct {
        const char *ct;
        seal__grpc_content kind;
    } cts[] = {
        {"application/grpc", SEAL__GRPC_CT_NATIVE},
        {"application/grpc+proto", SEAL__GRPC_CT_NATIVE},
        {"Application/GRPC-Web", SEAL__GRPC_CT_WEB},
        {" application/grpc-web+proto ", SEAL__GRPC_CT_WEB},
        {"application/grpc-web-text", SEAL__GRPC_CT_WEB_TEXT},
        {"application/grpc-web-text+proto", SEAL__GRPC_CT_WEB_TEXT},
        {"application/grpc-web; charset=utf-8", SEAL__GRPC_CT_OTHER},
        {"application/grpc+json", SEAL__GRPC_CT_OTHER},
        {"application/json", SEAL__GRPC_CT_OTHER},
        {"", SEAL__GRPC_CT_OTHER},
    };
    for (size_t i = 0; i < sizeof cts / sizeof cts[0]; i++)
        assert_int_equal(seal__grpc_content_type(cts[i].ct, strlen(cts[i].ct)), cts[i].kind);
    assert_int_equal(seal__grpc_content_type(NULL, 0), SEAL__GRPC_CT_OTHER);

    /* grpc-timeout */
    {
        char t[SEAL__GRPC_TIMEOUT_BYTES];
        uint64_t ms = 0;
        static const struct {
            uint64_t ms;
            const char *text;
        } fmt[] = {{0, "0m"},
                   {60000, "60000m"},
                   {99999999, "99999999m"},
                   {100000000, "100000S"},
                   {UINT64_C(99999999) * 1000 + 1, "1666667M"},
                   {UINT64_MAX, "99999999H"}};
        for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
            seal__grpc_timeout_format(t, fmt[i].ms);
            assert_string_equal(t, fmt[i].text);
        }
        static const struct {
            const char *text;
            uint64_t ms;
        } parse[] = {{"60S", 60000}, {"5m", 5}, {"1H", 3600000}, {"2M", 120000},
                     {"1500u", 2},   {"1n", 1}, {"0n", 0},       {"99999999S", 99999999000}};
        for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
            assert_int_equal(seal__grpc_timeout_parse(parse[i].text, strlen(parse[i].text), &ms),
                             SEAL_OK);
            assert_true(ms == parse[i].ms);
        }
        static const char *const bad[] = {"", "S", "10", "10s", "123456789S", "-1S", "1 S", "1.5S"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
            assert_int_equal(seal__grpc_timeout_parse(bad[i], strlen(bad[i]), &ms),
                             SEAL_ERR_INVALID_ENCODING);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_epoch_request),
        cmocka_unit_test(test_get_epoch_response),
        cmocka_unit_test(test_error_trailer),
        cmocka_unit_test(test_move_abort_encoding),
        cmocka_unit_test(test_varints),
        cmocka_unit_test(test_tags_and_skipping),
        cmocka_unit_test(test_scalar_ranges),
        cmocka_unit_test(test_presence),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_repeated),
        cmocka_unit_test(test_nested_lengths),
        cmocka_unit_test(test_depth_limits),
        cmocka_unit_test(test_writer_caps),
        cmocka_unit_test(test_round_trip_random),
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_trailers),
        cmocka_unit_test(test_message_encoding),
        cmocka_unit_test(test_web_text),
        cmocka_unit_test(test_status_and_headers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
