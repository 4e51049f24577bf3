/*
 * JSON log lines of the key server: one line per request (never bodies, keys or signatures:
 * only the fields of seal__log_request), plus start and stop events. Each line is written with
 * a single write(2) so lines of concurrent requests never interleave.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/server_http_internal.h"

#define LOG_LINE_BYTES 2048

static void put(char *buf, size_t cap, size_t *pos, const char *s) {
    if (*pos + 1 >= cap) {
        return;
    }
    size_t n = strlen(s), room = cap - *pos - 1;
    if (n > room) {
        n = room;
    }
    memcpy(buf + *pos, s, n);
    *pos += n;
    buf[*pos] = '\0';
}

static void putf(char *buf, size_t cap, size_t *pos, const char *fmt, double a,
                 unsigned long long b) {
    /* two numeric formats only: "%.3f" (a) or "%llu" (b) */
    char tmp[64];
    if (strcmp(fmt, "f") == 0) {
        snprintf(tmp, sizeof tmp, "%.3f", a);
    } else {
        snprintf(tmp, sizeof tmp, "%llu", b);
    }
    put(buf, cap, pos, tmp);
}

void seal__log_json_string(char *buf, size_t cap, size_t *pos, const char *s, size_t max) {
    static const char hexd[] = "0123456789abcdef";
    if (s == NULL) {
        put(buf, cap, pos, "null");
        return;
    }
    put(buf, cap, pos, "\"");
    for (size_t i = 0; s[i] != '\0' && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            esc[2] = '\0';
        } else if (c < 0x20 || c >= 0x7f) {
            /* control bytes and non-ASCII: \u00XX of the byte (the line stays valid JSON) */
            memcpy(esc, "\\u00", 4);
            esc[4] = hexd[c >> 4];
            esc[5] = hexd[c & 15];
            esc[6] = '\0';
        } else {
            esc[0] = (char)c;
            esc[1] = '\0';
        }
        if (*pos + strlen(esc) + 2 >= cap) {
            break;
        }
        put(buf, cap, pos, esc);
    }
    put(buf, cap, pos, "\"");
}

static void put_time(char *buf, size_t cap, size_t *pos) {
    struct timespec ts;
    struct tm tm;
    char tmp[64];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(tmp, sizeof tmp, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\"", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    put(buf, cap, pos, tmp);
}

static void write_line(int fd, char *buf, size_t pos) {
    buf[pos] = '\n';
    size_t len = pos + 1, off = 0;
    while (off < len) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n <= 0) {
            return; /* a log that cannot be written is dropped, never fatal */
        }
        off += (size_t)n;
    }
}

void seal__log_request_line(int fd, const seal__log_request *r) {
    if (fd < 0) {
        return;
    }
    char buf[LOG_LINE_BYTES];
    size_t pos = 0;
    const size_t cap = sizeof buf - 1; /* room for the newline */
    buf[0] = '\0';
    put(buf, cap, &pos, "{\"time\":");
    put_time(buf, cap, &pos);
    put(buf, cap, &pos, ",\"level\":\"info\",\"event\":\"request\",\"request_id\":");
    seal__log_json_string(buf, cap, &pos, r->request_id, 128);
    put(buf, cap, &pos, ",\"method\":");
    seal__log_json_string(buf, cap, &pos, r->method, 16);
    put(buf, cap, &pos, ",\"route\":");
    seal__log_json_string(buf, cap, &pos, r->route, 64);
    put(buf, cap, &pos, ",\"status\":");
    putf(buf, cap, &pos, "u", 0, r->status);
    put(buf, cap, &pos, ",\"error\":");
    seal__log_json_string(buf, cap, &pos, r->error_kind, 64);
    if (r->reason != NULL && r->reason[0] != '\0') {
        put(buf, cap, &pos, ",\"reason\":");
        seal__log_json_string(buf, cap, &pos, r->reason, 192);
    }
    put(buf, cap, &pos, ",\"duration_ms\":");
    putf(buf, cap, &pos, "f", r->duration_ms, 0);
    put(buf, cap, &pos, ",\"ids\":");
    putf(buf, cap, &pos, "u", 0, (unsigned long long)r->n_ids);
    put(buf, cap, &pos, ",\"client_ip\":");
    seal__log_json_string(buf, cap, &pos, r->client_ip, 64);
    put(buf, cap, &pos, ",\"sdk_type\":");
    seal__log_json_string(buf, cap, &pos,
                          r->sdk_type != NULL && r->sdk_type[0] ? r->sdk_type : NULL, 32);
    put(buf, cap, &pos, ",\"sdk_version\":");
    seal__log_json_string(buf, cap, &pos,
                          r->sdk_version != NULL && r->sdk_version[0] ? r->sdk_version : NULL, 64);
    put(buf, cap, &pos, "}");
    write_line(fd, buf, pos);
}

void seal__log_event(int fd, const char *event, const char *extra) {
    if (fd < 0) {
        return;
    }
    char buf[LOG_LINE_BYTES];
    size_t pos = 0;
    const size_t cap = sizeof buf - 1;
    buf[0] = '\0';
    put(buf, cap, &pos, "{\"time\":");
    put_time(buf, cap, &pos);
    put(buf, cap, &pos, ",\"level\":\"info\",\"event\":");
    seal__log_json_string(buf, cap, &pos, event, 64);
    if (extra != NULL && extra[0] != '\0') {
        put(buf, cap, &pos, ",");
        put(buf, cap, &pos, extra);
    }
    put(buf, cap, &pos, "}");
    write_line(fd, buf, pos);
}
