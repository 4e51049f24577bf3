/* The key server's JSON log lines (src/server/server_log.c) with hostile request fields: every
 * line is one JSON object on one line, printable ASCII only, and the fields read back as sent
 * (cut at their caps). Lines are read from a pipe. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "server/server_http_internal.h"

static char *read_all(int fd) {
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (;;) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n <= 0) {
            break;
        }
        len += (size_t)n;
    }
    buf[len] = '\0';
    return buf;
}

static void test_hostile_fields(void **state) {
    (void)state;
    static const char *const hostile[] = {
        "id\r\n{\"event\":\"forged\"}",
        "\x1b[2J\x1b]0;title\x07",
        "sep\xe2\x80\xa8par\xe2\x80\xa9nel\xc2\x85",
        "del\x7f and invalid \xff\xfe",
        "quote\" backslash\\ end",
    };
    int p[2];
    assert_int_equal(pipe(p), 0);
    size_t n = sizeof hostile / sizeof hostile[0];
    for (size_t i = 0; i < n; i++) {
        seal__log_request r = {hostile[i], hostile[i], hostile[i], 400,        hostile[i], 1.5,
                               3,          hostile[i], hostile[i], hostile[i], hostile[i]};
        seal__log_request_line(p[1], &r);
    }
    seal__log_event(p[1], "event\nwith\x1b", "");
    close(p[1]);
    char *text = read_all(p[0]);
    close(p[0]);
    size_t lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        lines++;
        for (const char *c = line; *c; c++) {
            assert_true(*c >= 0x20 && *c < 0x7f);
        }
        json_error_t jerr;
        json_t *j = json_loads(line, 0, &jerr);
        if (j == NULL) {
            fail_msg("not JSON: %s (%s)", line, jerr.text);
        }
        assert_true(json_is_object(j));
        if (lines <= n) {
            const char *rid = json_string_value(json_object_get(j, "request_id"));
            assert_non_null(rid);
            /* printable text is kept as sent, the rest escaped */
            if (lines == 5) {
                assert_string_equal(rid, hostile[4]);
            }
            assert_non_null(json_string_value(json_object_get(j, "reason")));
        } else {
            assert_string_equal(json_string_value(json_object_get(j, "event")), "event\nwith\x1b");
        }
        json_decref(j);
    }
    assert_int_equal(lines, n + 1);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
