/* Option parsing against declarative tables, value checks and one-line messages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "seal/util.h"

const char *cli_progname = "seal";

/* ---- messages --------------------------------------------------------------------------- */

static void verr(const char *fmt, va_list ap) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* One line without control characters, whatever the message quotes (library and chain
     * errors quote files, node answers and arguments). */
    seal_text_one_line(msg);
    fprintf(stderr, "%s: %s\n", cli_progname, msg);
}

void cli_err(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verr(fmt, ap);
    va_end(ap);
}

int cli_fail(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    verr(fmt, ap);
    va_end(ap);
    return code;
}

const char *cli_quote(char *buf, size_t buf_len, const char *s) {
    size_t o = 0;
    const size_t limit = 80;
    if (buf_len < 8) {
        if (buf_len) {
            buf[0] = '\0';
        }
        return buf;
    }
    buf[o++] = '\'';
    size_t i = 0;
    for (; s[i] && i < limit && o + 6 < buf_len; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[o++] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
    }
    if (s[i] && o + 5 < buf_len) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

int cli_exit_for(seal_err err) {
    switch (err) {
    case SEAL_OK:
        return CLI_EXIT_OK;
    case SEAL_ERR_DECRYPTION:
    case SEAL_ERR_INVALID_KEY:
    case SEAL_ERR_NOT_ENOUGH_SHARES:
        return CLI_EXIT_FAIL;
    default:
        return CLI_EXIT_ERROR;
    }
}

/* ---- values ----------------------------------------------------------------------------- */

static const char *skip_0x(const char *s) {
    return (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? s + 2 : s;
}

static bool all_hex(const char *s, size_t *n) {
    size_t i = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    *n = i;
    return true;
}

bool cli_hex_fixed(uint8_t *out, size_t len, const char *hex) {
    return seal_hex_decode(out, len, hex) == SEAL_OK;
}

bool cli_hex_var(uint8_t *out, size_t cap, size_t *out_len, const char *hex) {
    const char *h = skip_0x(hex);
    if (*h == '\0') {
        *out_len = 0;
        return true;
    }
    return seal_hex_decode_var(out, cap, out_len, hex) == SEAL_OK;
}

bool cli_object_id(uint8_t out[CLI_OBJECT_ID_BYTES], const char *text) {
    const char *h = skip_0x(text);
    size_t n;
    if (!all_hex(h, &n) || n == 0 || n > 2 * CLI_OBJECT_ID_BYTES) {
        return false;
    }
    char padded[2 * CLI_OBJECT_ID_BYTES + 1];
    memset(padded, '0', 2 * CLI_OBJECT_ID_BYTES - n);
    memcpy(padded + 2 * CLI_OBJECT_ID_BYTES - n, h, n + 1);
    return seal_hex_decode(out, CLI_OBJECT_ID_BYTES, padded) == SEAL_OK;
}

bool cli_uint(uint64_t *out, const char *text, uint64_t min, uint64_t max) {
    if (text[0] < '0' || text[0] > '9') {
        return false;
    }
    if (text[0] == '0' && text[1] != '\0') {
        return false; /* no leading zeros (and no octal surprises) */
    }
    uint64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') {
            return false;
        }
        unsigned d = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - d) / 10) {
            return false;
        }
        v = v * 10 + d;
    }
    if (v < min || v > max) {
        return false;
    }
    *out = v;
    return true;
}

size_t cli_split(char *buf, size_t buf_len, const char *text, char **fields, size_t n) {
    size_t len = strlen(text);
    if (len + 1 > buf_len || n == 0) {
        return 0;
    }
    memcpy(buf, text, len + 1);
    size_t k = 0;
    char *p = buf;
    fields[k++] = p;
    for (; *p; p++) {
        if (*p == ':') {
            if (k == n) {
                return 0;
            }
            *p = '\0';
            fields[k++] = p + 1;
        }
    }
    return k;
}

/* ---- checks ----------------------------------------------------------------------------- */

bool cli_check_hex_fixed(const cli_opt *o, const char *v, char *why, size_t why_len) {
    uint8_t buf[256];
    const char *h = skip_0x(v);
    size_t n;
    bool ok = false;
    if (!all_hex(h, &n)) {
        snprintf(why, why_len, "not hex");
    } else if (n != 2 * o->param) {
        snprintf(why, why_len, "expected %zu bytes (%zu hex digits), got %zu digits", o->param,
                 2 * o->param, n);
    } else if (o->param > sizeof buf || !cli_hex_fixed(buf, o->param, v)) {
        snprintf(why, why_len, "not hex");
    } else {
        ok = true;
    }
    seal_memzero(buf, sizeof buf);
    return ok;
}

bool cli_check_hex_var(const cli_opt *o, const char *v, char *why, size_t why_len) {
    const char *h = skip_0x(v);
    size_t n;
    if (!all_hex(h, &n)) {
        snprintf(why, why_len, "not hex");
        return false;
    }
    if (n % 2) {
        snprintf(why, why_len, "odd number of hex digits");
        return false;
    }
    if (n / 2 > o->param) {
        snprintf(why, why_len, "longer than %zu bytes", o->param);
        return false;
    }
    return true;
}

bool cli_check_object_id(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    uint8_t id[CLI_OBJECT_ID_BYTES];
    if (!cli_object_id(id, v)) {
        snprintf(why, why_len, "not an object id (0x and 1 to 64 hex digits)");
        return false;
    }
    return true;
}

bool cli_check_uint(const cli_opt *o, const char *v, char *why, size_t why_len) {
    uint64_t x;
    if (!cli_uint(&x, v, 1, o->param)) {
        snprintf(why, why_len, "not an integer from 1 to %zu", o->param);
        return false;
    }
    return true;
}

bool cli_check_u64(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    uint64_t x;
    if (!cli_uint(&x, v, 0, UINT64_MAX)) {
        snprintf(why, why_len, "not an integer from 0 to 18446744073709551615");
        return false;
    }
    return true;
}

bool cli_check_dem(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (strcmp(v, "aes-256-gcm") != 0 && strcmp(v, "hmac-256-ctr") != 0) {
        snprintf(why, why_len, "unknown DEM (aes-256-gcm or hmac-256-ctr)");
        return false;
    }
    return true;
}

bool cli_check_path(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    if (v[0] == '\0') {
        snprintf(why, why_len, "empty file name");
        return false;
    }
    return true;
}

bool cli_check_server(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    char buf[512];
    char *f[3];
    uint8_t id[CLI_OBJECT_ID_BYTES];
    uint8_t pk[96];
    uint64_t w;
    size_t n = cli_split(buf, sizeof buf, v, f, 3);
    if (n < 2) {
        snprintf(why, why_len, "expected OBJECT_ID:PUBLIC_KEY[:WEIGHT]");
        return false;
    }
    if (!cli_object_id(id, f[0])) {
        snprintf(why, why_len, "bad object id");
        return false;
    }
    if (!cli_hex_fixed(pk, sizeof pk, f[1])) {
        snprintf(why, why_len, "public key must be 96 bytes of hex");
        return false;
    }
    if (n == 3 && !cli_uint(&w, f[2], 1, CLI_MAX_SERVERS)) {
        snprintf(why, why_len, "weight must be an integer from 1 to %d", CLI_MAX_SERVERS);
        return false;
    }
    return true;
}

static bool check_pair(const char *v, size_t key_len, const char *what, char *why, size_t why_len) {
    char buf[512];
    char *f[2];
    uint8_t id[CLI_OBJECT_ID_BYTES];
    uint8_t key[96];
    bool ok = false;
    size_t n = cli_split(buf, sizeof buf, v, f, 2);
    if (n != 2) {
        snprintf(why, why_len, "expected OBJECT_ID:%s", what);
    } else if (!cli_object_id(id, f[0])) {
        snprintf(why, why_len, "bad object id");
    } else if (!cli_hex_fixed(key, key_len, f[1])) {
        snprintf(why, why_len, "%s must be %zu bytes of hex", what, key_len);
    } else {
        ok = true;
    }
    seal_memzero(buf, sizeof buf);
    seal_memzero(key, sizeof key);
    return ok;
}

bool cli_check_key_pair(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    return check_pair(v, 48, "USER_SECRET_KEY", why, why_len);
}

bool cli_check_pk_pair(const cli_opt *o, const char *v, char *why, size_t why_len) {
    (void)o;
    return check_pair(v, 96, "PUBLIC_KEY", why, why_len);
}

/* ---- the parser ------------------------------------------------------------------------- */

static const cli_opt *find_opt(const cli_cmd *cmd, const char *name, size_t name_len) {
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        if (strlen(o->name) == name_len && strncmp(o->name, name, name_len) == 0) {
            return o;
        }
    }
    return NULL;
}

void cli_print_help(const cli_cmd *cmd, FILE *f) {
    fprintf(f, "usage: seal %s", cmd->name);
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        bool req = (o->flags & CLI_REQUIRED) != 0;
        fprintf(f, " %s--%s%s%s%s%s", req ? "" : "[", o->name, o->metavar ? " " : "",
                o->metavar ? o->metavar : "", (o->flags & CLI_REPEAT) ? " ..." : "",
                req ? "" : "]");
    }
    if (cmd->positional) {
        fprintf(f, " %s", cmd->positional);
    }
    fprintf(f, "\n\n%s\n", cmd->summary);
    if (cmd->description) {
        fprintf(f, "\n%s", cmd->description);
    }
    fprintf(f, "\noptions:\n");
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->metavar ? " " : "",
                 o->metavar ? o->metavar : "");
        if (strlen(left) > 30) {
            fprintf(f, "  %s\n%33s", left, "");
        } else {
            fprintf(f, "  %-30s ", left);
        }
        fprintf(f, "%s%s%s\n", o->help, (o->flags & CLI_REQUIRED) ? " (required)" : "",
                (o->flags & CLI_REPEAT) ? " (repeatable)" : "");
    }
    fprintf(f, "  %-30s %s\n", "-h, --help", "print this help and exit");
    fprintf(f, "\nexit status: 0 success, 1 verification or decryption failed, 2 usage error, "
               "3 I/O or other error\n");
}

int cli_parse(cli_args *out, const cli_cmd *cmd, int argc, char **argv) {
    char q[128];
    char why[160];
    memset(out, 0, sizeof *out);
    out->cmd = cmd;
    bool only_positional = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (only_positional || arg[0] != '-' || strcmp(arg, "-") == 0) {
            if (out->n_positional >= cmd->max_positional ||
                out->n_positional >= sizeof out->positional / sizeof out->positional[0]) {
                return cli_fail(CLI_EXIT_USAGE, "unexpected argument %s (see --help)",
                                cli_quote(q, sizeof q, arg));
            }
            out->positional[out->n_positional++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            cli_print_help(cmd, stdout);
            return -1;
        }
        if (arg[1] != '-') {
            return cli_fail(CLI_EXIT_USAGE, "unknown option %s (see --help)",
                            cli_quote(q, sizeof q, arg));
        }
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const cli_opt *o = find_opt(cmd, name, name_len);
        if (!o) {
            char nq[128];
            char tmp[128];
            snprintf(tmp, sizeof tmp, "--%.*s", (int)(name_len < 100 ? name_len : 100), name);
            return cli_fail(CLI_EXIT_USAGE, "unknown option %s (see --help)",
                            cli_quote(nq, sizeof nq, tmp));
        }
        const char *value = NULL;
        if (o->metavar) {
            if (eq) {
                value = eq + 1;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                return cli_fail(CLI_EXIT_USAGE, "option --%s needs a value %s", o->name,
                                o->metavar);
            }
        } else if (eq) {
            return cli_fail(CLI_EXIT_USAGE, "option --%s takes no value", o->name);
        }
        if (!(o->flags & CLI_REPEAT) && cli_count(out, o->name) > 0) {
            return cli_fail(CLI_EXIT_USAGE, "option --%s given more than once", o->name);
        }
        if (value && o->check) {
            why[0] = '\0';
            if (!o->check(o, value, why, sizeof why)) {
                if (o->flags & CLI_SECRET) {
                    return cli_fail(CLI_EXIT_USAGE, "invalid --%s (value not shown): %s", o->name,
                                    why);
                }
                return cli_fail(CLI_EXIT_USAGE, "invalid --%s %s: %s", o->name,
                                cli_quote(q, sizeof q, value), why);
            }
        }
        if (out->n_items >= CLI_MAX_ARGS) {
            return cli_fail(CLI_EXIT_USAGE, "too many options");
        }
        out->items[out->n_items].opt = o;
        out->items[out->n_items].value = value;
        out->n_items++;
    }
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        if ((o->flags & CLI_REQUIRED) && cli_count(out, o->name) == 0) {
            return cli_fail(CLI_EXIT_USAGE, "missing required option --%s %s (see --help)", o->name,
                            o->metavar ? o->metavar : "");
        }
    }
    return CLI_EXIT_OK;
}

size_t cli_count(const cli_args *a, const char *name) {
    size_t n = 0;
    for (size_t i = 0; i < a->n_items; i++) {
        if (strcmp(a->items[i].opt->name, name) == 0) {
            n++;
        }
    }
    return n;
}

const char *cli_value(const cli_args *a, const char *name, size_t idx) {
    size_t n = 0;
    for (size_t i = 0; i < a->n_items; i++) {
        if (strcmp(a->items[i].opt->name, name) == 0) {
            if (n == idx) {
                return a->items[i].value;
            }
            n++;
        }
    }
    return NULL;
}

bool cli_flag(const cli_args *a, const char *name) {
    return cli_count(a, name) > 0;
}
