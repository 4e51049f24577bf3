/* The CLI's input decoders and option parser (src/cli/opts.c, compiled into this target) and
 * the client's argument parsers used by `seal decrypt/fetch-keys --approve/--arg`. The text
 * decoders of the library (hex, base64, addresses, keys) are fuzz_text's. Input: a selector
 * byte, then text (for the option parser: NUL-separated arguments, at most 32).
 * Properties: cli_hex_var / cli_object_id / cli_uint give back the canonical input when
 * re-encoded; cli_split fields joined with ':' are the input; cli_parse accepts only argument
 * lists whose every value passes its check again, with the required options present; the
 * client's argument parsers stay within their buffers. */
#include <ctype.h>
#include <inttypes.h>

#include "cli/cli.h"
#include "fuzz_common.h"
#include "seal/client.h"
#include "seal/util.h"

static FILE *g_null;

static const cli_opt OPTS[] = {
    {"package", "0xPKG", CLI_REQUIRED, cli_check_object_id, 0, ""},
    {"id", "HEX", 0, cli_check_hex_var, 64, ""},
    {"pk", "HEX", 0, cli_check_hex_fixed, 96, ""},
    {"threshold", "T", 0, cli_check_uint, 255, ""},
    {"ms", "N", 0, cli_check_u64, 0, ""},
    {"dem", "DEM", 0, cli_check_dem, 0, ""},
    {"out", "FILE", 0, cli_check_path, 0, ""},
    {"key-server", "ID:PK[:W]", CLI_REPEAT, cli_check_server, 0, ""},
    {"usk", "ID:USK", CLI_REPEAT | CLI_SECRET, cli_check_key_pair, 0, ""},
    {"public-key", "ID:PK", CLI_REPEAT, cli_check_pk_pair, 0, ""},
    {"force", NULL, 0, NULL, 0, ""},
    {NULL, NULL, 0, NULL, 0, NULL},
};
static const cli_cmd CMD = {"fuzz", "", "FILE", 2, OPTS, "", NULL};

static void lower(char *s) {
    for (; *s; s++) {
        *s = (char)tolower((unsigned char)*s);
    }
}

static const char *skip0x(const char *s) {
    return (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ? s + 2 : s;
}

static void argv_mode(const char *s, size_t n) {
    char *argv[34];
    int argc = 0;
    argv[argc++] = (char *)"fuzz";
    size_t start = 0;
    for (size_t i = 0; i <= n && argc < 33; i++) {
        if (i == n || s[i] == '\0') {
            argv[argc++] = (char *)s + start;
            start = i + 1;
        }
    }
    argv[argc] = NULL;
    static cli_args a;
    FILE *saved_err = stderr, *saved_out = stdout;
    stderr = g_null;
    stdout = g_null;
    int rc = cli_parse(&a, &CMD, argc, argv);
    stderr = saved_err;
    stdout = saved_out;
    FUZZ_ASSERT(rc == CLI_EXIT_OK || rc == CLI_EXIT_USAGE || rc == -1);
    if (rc != CLI_EXIT_OK) {
        return;
    }
    FUZZ_ASSERT(a.n_positional <= CMD.max_positional);
    FUZZ_ASSERT(cli_count(&a, "package") >= 1);
    for (size_t i = 0; i < a.n_items; i++) {
        const cli_opt *o = a.items[i].opt;
        char why[160];
        FUZZ_ASSERT((o->metavar == NULL) == (a.items[i].value == NULL));
        if (o->check != NULL) {
            FUZZ_ASSERT(o->check(o, a.items[i].value, why, sizeof why));
        }
        if (!(o->flags & CLI_REPEAT)) {
            FUZZ_ASSERT(cli_count(&a, o->name) == 1);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    if (g_null == NULL) {
        g_null = fopen("/dev/null", "w");
        FUZZ_ASSERT(g_null != NULL);
    }
    unsigned sel = data[0] % 7u;
    size_t n = size - 1;
    char *s = fuzz_cstr(data + 1, n);
    switch (sel) {
    case 0: { /* cli_hex_var */
        uint8_t out[128];
        size_t len = 0;
        if (cli_hex_var(out, sizeof out, &len, s)) {
            FUZZ_ASSERT(len <= sizeof out);
            char hex[2 * sizeof out + 1];
            seal_hex_encode(hex, out, len);
            char *want = fuzz_cstr((const uint8_t *)skip0x(s), strlen(skip0x(s)));
            lower(want);
            FUZZ_ASSERT(strcmp(hex, want) == 0);
            free(want);
        }
        break;
    }
    case 1: { /* cli_object_id: left-padded to 64 digits */
        uint8_t id[CLI_OBJECT_ID_BYTES];
        if (cli_object_id(id, s)) {
            char hex[2 * CLI_OBJECT_ID_BYTES + 1];
            seal_hex_encode(hex, id, sizeof id);
            const char *h = skip0x(s);
            size_t hl = strlen(h);
            FUZZ_ASSERT(hl >= 1 && hl <= 64);
            char *want = fuzz_cstr((const uint8_t *)h, hl);
            lower(want);
            FUZZ_ASSERT(strcmp(hex + 64 - hl, want) == 0);
            for (size_t i = 0; i < 64 - hl; i++) {
                FUZZ_ASSERT(hex[i] == '0');
            }
            free(want);
        }
        break;
    }
    case 2: { /* cli_uint */
        uint64_t v = 0;
        if (cli_uint(&v, s, 0, UINT64_MAX)) {
            char txt[32];
            snprintf(txt, sizeof txt, "%" PRIu64, v);
            FUZZ_ASSERT(strcmp(txt, s) == 0);
            uint64_t w = 0;
            FUZZ_ASSERT(!cli_uint(&w, s, v + (v < UINT64_MAX), UINT64_MAX) || v == UINT64_MAX);
        }
        break;
    }
    case 3: { /* cli_split */
        char buf[256];
        char *f[4];
        size_t k = cli_split(buf, sizeof buf, s, f, 4);
        if (k > 0) {
            FUZZ_ASSERT(k <= 4);
            char joined[256] = "";
            size_t off = 0;
            for (size_t i = 0; i < k; i++) {
                off +=
                    (size_t)snprintf(joined + off, sizeof joined - off, "%s%s", i ? ":" : "", f[i]);
            }
            FUZZ_ASSERT(strcmp(joined, s) == 0);
        }
        break;
    }
    case 4: { /* seal_client_arg_parse */
        seal_client_arg a;
        if (seal_client_arg_parse(&a, s) == SEAL_OK) {
            FUZZ_ASSERT(a.kind <= SEAL_CLIENT_ARG_OWNED);
            FUZZ_ASSERT(a.pure_len <= sizeof a.pure);
        }
        break;
    }
    case 5: { /* seal_client_call_target_parse */
        seal_client_call c;
        memset(&c, 0, sizeof c);
        if (seal_client_call_target_parse(&c, s) == SEAL_OK) {
            FUZZ_ASSERT(memchr(c.module, '\0', sizeof c.module) != NULL);
            FUZZ_ASSERT(strncmp(c.function, "seal_approve", 12) == 0);
        }
        break;
    }
    default:
        argv_mode(s, n);
        break;
    }
    free(s);
    return 0;
}
