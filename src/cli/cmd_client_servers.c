/* How the networked commands name key servers and reach them: --key-server
 * OBJECT_ID[:WEIGHT][@URL] (the URL of a committee's aggregator, or another URL for an
 * independent server) and --api-key OBJECT_ID:HEADER:VALUE (an operator gateway's or an
 * aggregator's API key; VALUE may be @FILE). docs/cli.md, "Committee key servers". */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_client.h"
#include "seal/util.h"

bool cli_key_server_parse(const char *v, uint8_t id[32], uint64_t *weight, char *url,
                          size_t url_cap) {
    char buf[160];
    char *f[2];
    const char *at = strchr(v, '@');
    size_t head = at != NULL ? (size_t)(at - v) : strlen(v);
    *weight = 0;
    url[0] = '\0';
    if (head >= sizeof buf) {
        return false;
    }
    memcpy(buf, v, head);
    buf[head] = '\0';
    if (at != NULL) {
        const char *u = at + 1;
        if (strlen(u) >= url_cap ||
            (strncmp(u, "http://", 7) != 0 && strncmp(u, "https://", 8) != 0)) {
            return false;
        }
        for (const unsigned char *p = (const unsigned char *)u; *p != '\0'; p++) {
            if (*p <= 0x20 || *p >= 0x7f) {
                return false;
            }
        }
        memcpy(url, u, strlen(u) + 1);
    }
    char fields[160];
    size_t k = cli_split(fields, sizeof fields, buf, f, 2);
    if (k == 0 || !cli_object_id(id, f[0])) {
        return false;
    }
    return k == 1 || cli_uint(weight, f[1], 1, CLI_MAX_SERVERS);
}

/* An API key value: the text, or the first line of @FILE (trimmed). */
static int api_value(char *out, size_t cap, const char *v) {
    char q[128];
    if (v[0] != '@') {
        if (strlen(v) >= cap) {
            return cli_fail(CLI_EXIT_USAGE, "invalid --api-key (value not shown): too long");
        }
        memcpy(out, v, strlen(v) + 1);
        return CLI_EXIT_OK;
    }
    int fd = open(v + 1, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return cli_fail(CLI_EXIT_ERROR, "cannot open API key file %s: %s",
                        cli_quote(q, sizeof q, v + 1), strerror(errno));
    }
    size_t n = 0;
    ssize_t r;
    while (n < cap - 1 && (r = read(fd, out + n, cap - 1 - n)) > 0) {
        n += (size_t)r;
    }
    close(fd);
    out[n] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    return CLI_EXIT_OK;
}

int cli_client_servers_apply(cli_server_extras *x, const cli_args *a,
                             seal_client_server_config *cfg, size_t n, bool weights) {
    char q[128];
    memset(x, 0, sizeof *x);
    size_t nk = cli_count(a, "key-server");
    for (size_t i = 0; i < nk; i++) {
        const char *v = cli_value(a, "key-server", i);
        uint8_t id[32];
        uint64_t w = 0;
        char url[SEAL_CLIENT_URL_MAX];
        if (!cli_key_server_parse(v, id, &w, url, sizeof url) || (w != 0 && !weights)) {
            return cli_fail(CLI_EXIT_USAGE, "invalid --key-server %s (%s)",
                            cli_quote(q, sizeof q, v),
                            weights ? "OBJECT_ID[:WEIGHT][@URL]"
                                    : "OBJECT_ID@URL: the object gives the weights");
        }
        size_t k = 0;
        while (k < n && memcmp(cfg[k].object_id, id, 32) != 0) {
            k++;
        }
        if (k == n) {
            if (weights) {
                return cli_fail(CLI_EXIT_USAGE, "internal: --key-server %s not listed",
                                cli_quote(q, sizeof q, v));
            }
            continue; /* not a server of this object: unused */
        }
        if (url[0] != '\0') {
            memcpy(x->url[k], url, sizeof url);
            cfg[k].url = x->url[k];
        }
    }
    size_t na = cli_count(a, "api-key");
    for (size_t i = 0; i < na; i++) {
        const char *v = cli_value(a, "api-key", i);
        const char *c1 = strchr(v, ':');
        const char *c2 = c1 != NULL ? strchr(c1 + 1, ':') : NULL;
        uint8_t id[32];
        char idtext[80];
        if (c1 == NULL || c2 == NULL || (size_t)(c1 - v) >= sizeof idtext ||
            (size_t)(c2 - c1 - 1) >= sizeof x->api_name[0] || c2 == c1 + 1) {
            return cli_fail(CLI_EXIT_USAGE,
                            "invalid --api-key (value not shown): OBJECT_ID:HEADER:VALUE");
        }
        memcpy(idtext, v, (size_t)(c1 - v));
        idtext[c1 - v] = '\0';
        if (!cli_object_id(id, idtext)) {
            return cli_fail(CLI_EXIT_USAGE, "invalid --api-key: %s is not an object id",
                            cli_quote(q, sizeof q, idtext));
        }
        size_t k = 0;
        while (k < n && memcmp(cfg[k].object_id, id, 32) != 0) {
            k++;
        }
        if (k == n) {
            continue;
        }
        memcpy(x->api_name[k], c1 + 1, (size_t)(c2 - c1 - 1));
        x->api_name[k][c2 - c1 - 1] = '\0';
        int rc = api_value(x->api_value[k], sizeof x->api_value[k], c2 + 1);
        if (rc != CLI_EXIT_OK) {
            return rc;
        }
        for (const char *p = x->api_name[k]; *p != '\0'; p++) {
            if (*p <= ' ' || *p >= 0x7f || strchr("()<>@,;:\\\"/[]?={}", *p) != NULL) {
                return cli_fail(CLI_EXIT_USAGE, "invalid --api-key: the header name %s",
                                cli_quote(q, sizeof q, x->api_name[k]));
            }
        }
        for (const unsigned char *p = (const unsigned char *)x->api_value[k]; *p != '\0'; p++) {
            if (*p < 0x20 || *p == 0x7f) {
                return cli_fail(CLI_EXIT_USAGE,
                                "invalid --api-key (value not shown): control characters");
            }
        }
        cfg[k].api_key_name = x->api_name[k];
        cfg[k].api_key = x->api_value[k];
    }
    return CLI_EXIT_OK;
}

void cli_client_servers_clear(cli_server_extras *x) {
    if (x != NULL) {
        seal_memzero(x->api_value, sizeof x->api_value);
    }
}
