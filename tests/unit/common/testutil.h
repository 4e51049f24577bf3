/* Helpers shared by the unit tests: vector files and hex. */
#ifndef SEAL_TESTUTIL_H
#define SEAL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "seal/error.h"

/* Loads tests/vectors/<relpath> (fails the test when missing or malformed). */
json_t *tu_load_json(const char *relpath);

/* Decodes hex (optional 0x) into out; fails the test unless it fits exactly when exact != 0.
 * Returns the number of bytes. */
size_t tu_hex(uint8_t *out, size_t cap, const char *hex, int exact);

/* Decodes hex into a fresh malloc'd buffer; *len receives its size. */
uint8_t *tu_hex_alloc(const char *hex, size_t *len);

/* json_string_value of obj[key], failing the test when absent. */
const char *tu_str(const json_t *obj, const char *key);

/* Asserts that two byte strings are equal, printing both in hex when they differ. */
void tu_assert_bytes(const uint8_t *got, const uint8_t *want, size_t len, const char *what);

/* Deterministic test RNG (SHA-256 in counter mode over a seed). */
typedef struct tu_rng {
    uint8_t seed[32];
    uint64_t counter;
} tu_rng;
void tu_rng_init(tu_rng *r, uint64_t seed);
void tu_rng_bytes(tu_rng *r, uint8_t *out, size_t len);

/* In-memory reader and writer for the streaming API. tu_mem_read never fails; tu_mem_seek
 * rejects offsets past the end; tu_mem_write grows a malloc'd buffer (free w.p) and counts its
 * calls, so a test can assert that nothing was written. */
typedef struct tu_mem_reader {
    const uint8_t *p;
    size_t len, pos;
} tu_mem_reader;
seal_err tu_mem_read(void *ctx, uint8_t *buf, size_t len, size_t *got);
seal_err tu_mem_seek(void *ctx, uint64_t off);

typedef struct tu_mem_writer {
    uint8_t *p;
    size_t len, cap;
    size_t calls;
} tu_mem_writer;
seal_err tu_mem_write(void *ctx, const uint8_t *buf, size_t len);

/* A seal_rng fill callback over a tu_rng (ctx): seal_rng rng = {tu_rng_fill, &r}. */
seal_err tu_rng_fill(void *ctx, uint8_t *out, size_t len);

/* A listening socket on a free loopback port (the kernel completes connections; nobody answers
 * them unless accept is called), its port in *port. */
int tu_listen_any(uint16_t *port);
/* Seconds on the monotonic clock. */
double tu_now_s(void);

/* A loopback port nobody listens on now (connections to it are refused). */
uint16_t tu_free_port(void);

/* A fresh directory /tmp/<prefix>XXXXXX written into dir (cap bytes); false when it cannot be
 * made. */
#include <stdbool.h>
bool tu_tempdir(char *dir, size_t cap, const char *prefix);
/* Removes dir and everything in it: 0 on success, -1 otherwise (a cmocka teardown result). */
int tu_rmtree(const char *dir);

/* Asserts that s is fit for a one-line message or log line: well-formed UTF-8 without control
 * characters (C0, DEL, C1), line or paragraph separators (U+2028/U+2029); what names it. */
void tu_assert_one_line(const char *s, const char *what);

#endif
