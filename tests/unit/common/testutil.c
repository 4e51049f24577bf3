#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/sha.h>

#include "seal/util.h"

json_t *tu_load_json(const char *relpath) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SEAL_VECTOR_DIR, relpath);
    json_error_t jerr;
    json_t *j = json_load_file(path, 0, &jerr);
    if (j == NULL) {
        fail_msg("cannot load %s: %s (line %d)", path, jerr.text, jerr.line);
    }
    return j;
}

size_t tu_hex(uint8_t *out, size_t cap, const char *hex, int exact) {
    size_t got = 0;
    assert_non_null(hex);
    seal_err err = seal_hex_decode_var(out, cap, &got, hex);
    if (err != SEAL_OK) {
        fail_msg("bad hex (%s): %.80s", seal_strerror(err), hex);
    }
    if (exact && got != cap) {
        fail_msg("hex has %zu bytes, expected %zu: %.80s", got, cap, hex);
    }
    return got;
}

uint8_t *tu_hex_alloc(const char *hex, size_t *len) {
    assert_non_null(hex);
    size_t n = strlen(hex) / 2 + 1;
    uint8_t *buf = malloc(n);
    assert_non_null(buf);
    *len = tu_hex(buf, n, hex, 0);
    return buf;
}

const char *tu_str(const json_t *obj, const char *key) {
    const json_t *v = json_object_get(obj, key);
    if (v == NULL || !json_is_string(v)) {
        fail_msg("missing string field '%s'", key);
    }
    return json_string_value(v);
}

void tu_assert_bytes(const uint8_t *got, const uint8_t *want, size_t len, const char *what) {
    if (memcmp(got, want, len) != 0) {
        char *g = malloc(2 * len + 1);
        char *w = malloc(2 * len + 1);
        assert_non_null(g);
        assert_non_null(w);
        seal_hex_encode(g, got, len);
        seal_hex_encode(w, want, len);
        print_error("%s differs\n got  %s\n want %s\n", what, g, w);
        free(g);
        free(w);
        fail();
    }
}

void tu_rng_init(tu_rng *r, uint64_t seed) {
    memset(r, 0, sizeof *r);
    for (int i = 0; i < 8; i++) {
        r->seed[i] = (uint8_t)(seed >> (8 * i));
    }
}

void tu_rng_bytes(tu_rng *r, uint8_t *out, size_t len) {
    while (len > 0) {
        uint8_t in[40];
        uint8_t block[32];
        memcpy(in, r->seed, 32);
        for (int i = 0; i < 8; i++) {
            in[32 + i] = (uint8_t)(r->counter >> (8 * i));
        }
        r->counter++;
        SHA256(in, sizeof in, block);
        size_t n = len < 32 ? len : 32;
        memcpy(out, block, n);
        out += n;
        len -= n;
    }
}

seal_err tu_mem_read(void *ctx, uint8_t *buf, size_t len, size_t *got) {
    tu_mem_reader *r = ctx;
    size_t n = r->len - r->pos < len ? r->len - r->pos : len;
    memcpy(buf, r->p + r->pos, n);
    r->pos += n;
    *got = n;
    return SEAL_OK;
}

seal_err tu_mem_seek(void *ctx, uint64_t off) {
    tu_mem_reader *r = ctx;
    if (off > r->len) {
        return SEAL_ERR_IO;
    }
    r->pos = (size_t)off;
    return SEAL_OK;
}

seal_err tu_mem_write(void *ctx, const uint8_t *buf, size_t len) {
    tu_mem_writer *w = ctx;
    if (w->len + len > w->cap) {
        size_t cap = (w->len + len) * 2 + 64;
        uint8_t *q = realloc(w->p, cap);
        if (q == NULL) {
            return SEAL_ERR_NO_MEMORY;
        }
        w->p = q;
        w->cap = cap;
    }
    memcpy(w->p + w->len, buf, len);
    w->len += len;
    w->calls++;
    return SEAL_OK;
}

bool tu_tempdir(char *dir, size_t cap, const char *prefix) {
    int n = snprintf(dir, cap, "/tmp/%sXXXXXX", prefix);
    return n > 0 && (size_t)n < cap && mkdtemp(dir) != NULL;
}

int tu_rmtree(const char *dir) {
    char cmd[300];
    int n = snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (n < 0 || (size_t)n >= sizeof cmd)
        return -1;
    return system(cmd) == 0 ? 0 : -1;
}

void tu_assert_one_line(const char *s, const char *what) {
    const uint8_t *p = (const uint8_t *)s;
    size_t n = strlen(s);
    if (!seal_utf8_valid(p, n)) {
        fail_msg("%s: not UTF-8", what);
    }
    for (size_t i = 0; i < n; i++) {
        bool bad = p[i] < 0x20 || p[i] == 0x7f || (p[i] == 0xc2 && i + 1 < n && p[i + 1] < 0xa0) ||
                   (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
                    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9));
        if (bad) {
            fail_msg("%s: control character or line break at byte %zu", what, i);
        }
    }
}

seal_err tu_rng_fill(void *ctx, uint8_t *out, size_t len) {
    tu_rng_bytes(ctx, out, len);
    return SEAL_OK;
}

int tu_listen_any(uint16_t *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(fd, 64), 0);
    socklen_t al = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &al);
    *port = ntohs(a.sin_port);
    return fd;
}

uint16_t tu_free_port(void) {
    uint16_t p;
    close(tu_listen_any(&p));
    return p;
}

double tu_now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
