/* Files: atomic output (temporary file, fsync, rename; removed on failure) and input from files
 * or stdin, with optional hex decoding on the fly. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "seal/util.h"

/* ---- output ----------------------------------------------------------------------------- */

/* Temporary files being written, removed by the signal handler if the process is interrupted
 * (SIGINT, SIGTERM, SIGHUP) so that no partial output is left behind. */
#define PENDING_SLOTS 4
static char *volatile pending[PENDING_SLOTS];

static void pending_add(char *tmp) {
    for (size_t i = 0; i < PENDING_SLOTS; i++) {
        if (!pending[i]) {
            pending[i] = tmp;
            return;
        }
    }
}

static void pending_remove(const char *tmp) {
    for (size_t i = 0; i < PENDING_SLOTS; i++) {
        if (pending[i] == tmp) {
            pending[i] = NULL;
        }
    }
}

static void on_signal(int sig) {
    for (size_t i = 0; i < PENDING_SLOTS; i++) {
        char *t = pending[i];
        if (t) {
            unlink(t); /* async-signal-safe */
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_install_signal_cleanup(void) {
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static int write_all(int fd, const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += (size_t)w;
        n -= (size_t)w;
    }
    return 0;
}

static char *dir_of(const char *path) {
    char *copy = strdup(path);
    if (!copy) {
        return NULL;
    }
    char *d = strdup(dirname(copy));
    free(copy);
    return d;
}

int cli_out_open(cli_out *o, const char *path, bool secret, bool hex) {
    char q[128];
    memset(o, 0, offsetof(cli_out, buf));
    o->len = 0;
    o->fd = -1;
    o->hex = hex;
    if (!path || strcmp(path, "-") == 0) {
        o->is_stdout = true;
        o->fd = STDOUT_FILENO;
        return CLI_EXIT_OK;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        return cli_fail(CLI_EXIT_ERROR, "cannot write %s: is a directory",
                        cli_quote(q, sizeof q, path));
    }
    o->path = strdup(path);
    char *dir = dir_of(path);
    char *copy = strdup(path);
    if (!o->path || !dir || !copy) {
        free(dir);
        free(copy);
        free(o->path);
        o->path = NULL;
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    const char *base = basename(copy);
    size_t tlen = strlen(dir) + strlen(base) + 16;
    o->tmp = malloc(tlen);
    if (o->tmp) {
        snprintf(o->tmp, tlen, "%s/.%s.XXXXXX", dir, base);
    }
    free(dir);
    free(copy);
    if (!o->tmp) {
        free(o->path);
        o->path = NULL;
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    /* Block the cleanup signals while the file is created and registered. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    o->fd = mkstemp(o->tmp); /* mode 0600 */
    if (o->fd >= 0) {
        pending_add(o->tmp);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (o->fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        free(o->path);
        o->path = NULL;
        return cli_fail(CLI_EXIT_ERROR, "cannot create %s: %s", cli_quote(q, sizeof q, path),
                        strerror(e));
    }
    if (!secret) {
        mode_t mask = umask(0);
        umask(mask);
        if (fchmod(o->fd, 0666 & ~mask) != 0) {
            int e = errno;
            cli_out_abort(o);
            return cli_fail(CLI_EXIT_ERROR, "cannot set the mode of %s: %s",
                            cli_quote(q, sizeof q, path), strerror(e));
        }
    }
    return CLI_EXIT_OK;
}

static int flush_buf(cli_out *o) {
    if (o->len && !o->failed && write_all(o->fd, o->buf, o->len) != 0) {
        o->failed = true;
    }
    seal_memzero(o->buf, o->len);
    o->len = 0;
    return o->failed ? -1 : 0;
}

static int io_fail(cli_out *o) {
    char q[128];
    int e = errno;
    return cli_fail(CLI_EXIT_ERROR, "cannot write %s: %s",
                    o->is_stdout ? "standard output" : cli_quote(q, sizeof q, o->path),
                    strerror(e));
}

int cli_out_write(cli_out *o, const void *p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    const uint8_t *s = p;
    if (o->failed) {
        return CLI_EXIT_ERROR;
    }
    if (o->hex) {
        for (size_t i = 0; i < n; i++) {
            if (o->len + 2 > sizeof o->buf && flush_buf(o) != 0) {
                return io_fail(o);
            }
            o->buf[o->len++] = (uint8_t)digits[s[i] >> 4];
            o->buf[o->len++] = (uint8_t)digits[s[i] & 15];
        }
    } else if (n >= sizeof o->buf) {
        if (flush_buf(o) != 0 || write_all(o->fd, s, n) != 0) {
            o->failed = true;
            return io_fail(o);
        }
    } else {
        if (o->len + n > sizeof o->buf && flush_buf(o) != 0) {
            return io_fail(o);
        }
        memcpy(o->buf + o->len, s, n);
        o->len += n;
    }
    o->written += n;
    return CLI_EXIT_OK;
}

static int fsync_dir(const char *path) {
    char *dir = dir_of(path);
    if (!dir) {
        return -1;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0) {
        return -1;
    }
    int r = fsync(fd);
    close(fd);
    return r;
}

int cli_out_commit(cli_out *o) {
    char q[128];
    if (o->hex && !o->failed) {
        if (o->len + 1 > sizeof o->buf) {
            flush_buf(o);
        }
        o->buf[o->len++] = '\n';
    }
    if (flush_buf(o) != 0 || o->failed) {
        int rc = io_fail(o);
        cli_out_abort(o);
        return rc;
    }
    if (o->is_stdout) {
        o->fd = -1;
        return CLI_EXIT_OK;
    }
    if (fsync(o->fd) != 0) {
        int rc = io_fail(o);
        cli_out_abort(o);
        return rc;
    }
    if (close(o->fd) != 0) {
        o->fd = -1;
        int rc = io_fail(o);
        cli_out_abort(o);
        return rc;
    }
    o->fd = -1;
    if (rename(o->tmp, o->path) != 0) {
        int e = errno;
        cli_out_abort(o);
        return cli_fail(CLI_EXIT_ERROR, "cannot rename into %s: %s",
                        cli_quote(q, sizeof q, o->path), strerror(e));
    }
    pending_remove(o->tmp);
    (void)fsync_dir(o->path); /* best effort: some file systems refuse directory fsync */
    free(o->tmp);
    o->tmp = NULL;
    free(o->path);
    o->path = NULL;
    return CLI_EXIT_OK;
}

void cli_out_abort(cli_out *o) {
    seal_memzero(o->buf, o->len);
    o->len = 0;
    if (o->fd >= 0 && !o->is_stdout) {
        close(o->fd);
    }
    o->fd = -1;
    if (o->tmp) {
        unlink(o->tmp);
        pending_remove(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    free(o->path);
    o->path = NULL;
}

int cli_write_file(const char *path, const void *p, size_t n, bool secret) {
    cli_out *o = malloc(sizeof *o);
    if (!o) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    int rc = cli_out_open(o, path, secret, false);
    if (rc == CLI_EXIT_OK) {
        rc = cli_out_write(o, p, n);
        if (rc == CLI_EXIT_OK) {
            rc = cli_out_commit(o);
        } else {
            cli_out_abort(o);
        }
    }
    seal_memzero(o, sizeof *o);
    free(o);
    return rc;
}

/* ---- input ------------------------------------------------------------------------------ */

int cli_in_open(cli_in *in, const char *path) {
    char q[128];
    memset(in, 0, offsetof(cli_in, raw));
    in->raw_pos = in->raw_len = 0;
    in->size = UINT64_MAX;
    if (!path || strcmp(path, "-") == 0) {
        in->is_stdin = true;
        in->fd = STDIN_FILENO;
        in->path = "standard input";
    } else {
        in->path = path;
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (in->fd < 0) {
            int e = errno;
            return cli_fail(CLI_EXIT_ERROR, "cannot open %s: %s", cli_quote(q, sizeof q, path),
                            strerror(e));
        }
    }
    struct stat st;
    if (fstat(in->fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            cli_in_close(in);
            return cli_fail(CLI_EXIT_ERROR, "cannot read %s: is a directory",
                            cli_quote(q, sizeof q, in->path));
        }
        if (S_ISREG(st.st_mode)) {
            in->size = (uint64_t)st.st_size;
        }
    }
    return CLI_EXIT_OK;
}

static int in_err(cli_in *in, int e) {
    char q[128];
    return cli_fail(CLI_EXIT_ERROR, "cannot read %s: %s",
                    in->is_stdin ? "standard input" : cli_quote(q, sizeof q, in->path),
                    strerror(e));
}

/* Fills the raw buffer when empty. */
static int fill_raw(cli_in *in) {
    if (in->raw_pos < in->raw_len || in->eof) {
        return CLI_EXIT_OK;
    }
    in->raw_pos = in->raw_len = 0;
    for (;;) {
        ssize_t r = read(in->fd, in->raw, sizeof in->raw);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            return in_err(in, errno);
        }
        if (r == 0) {
            in->eof = true;
        }
        in->raw_len = (size_t)r;
        return CLI_EXIT_OK;
    }
}

static int hexval(uint8_t c);
static bool is_space(uint8_t c);

int cli_in_detect_object_format(cli_in *in) {
    int rc = fill_raw(in);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    /* Hex text if the first bytes are all hex digits, whitespace or the 0x prefix; a binary
     * object starts with its version byte 0x00 and, whatever that byte, soon has bytes that
     * are not text. */
    size_t n = in->raw_len < 256 ? in->raw_len : 256;
    bool text = n > 0;
    for (size_t i = 0; i < n && text; i++) {
        uint8_t c = in->raw[i];
        text = hexval(c) >= 0 || is_space(c) || c == 'x' || c == 'X';
    }
    if (text) {
        in->hex = true;
        in->size = UINT64_MAX;
    }
    return CLI_EXIT_OK;
}

static int hexval(uint8_t c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static bool is_space(uint8_t c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Next significant hex character, or -1 at end; -2 on a bad character. Skips whitespace and
 * one leading "0x". */
static int next_hex_char(cli_in *in, int *rc) {
    for (;;) {
        *rc = fill_raw(in);
        if (*rc != CLI_EXIT_OK) {
            return -2;
        }
        if (in->raw_pos >= in->raw_len) {
            return -1;
        }
        uint8_t c = in->raw[in->raw_pos++];
        if (is_space(c)) {
            continue;
        }
        return c;
    }
}

int cli_in_read(cli_in *in, uint8_t *p, size_t n, size_t *got) {
    char q[128];
    int rc;
    *got = 0;
    if (!in->hex) {
        while (*got < n) {
            rc = fill_raw(in);
            if (rc != CLI_EXIT_OK) {
                return rc;
            }
            if (in->raw_pos >= in->raw_len) {
                break;
            }
            size_t take = in->raw_len - in->raw_pos;
            if (take > n - *got) {
                take = n - *got;
            }
            memcpy(p + *got, in->raw + in->raw_pos, take);
            in->raw_pos += take;
            *got += take;
        }
        in->consumed += *got;
        return CLI_EXIT_OK;
    }
    while (*got < n) {
        int hi = next_hex_char(in, &rc);
        if (hi == -2) {
            return rc;
        }
        if (hi == -1) {
            break;
        }
        if (!in->started && hi == '0') {
            /* maybe a 0x prefix */
            int x = next_hex_char(in, &rc);
            if (x == -2) {
                return rc;
            }
            if (x == 'x' || x == 'X') {
                in->started = true; /* the prefix is allowed only once, at the start */
                hi = next_hex_char(in, &rc);
                if (hi == -2) {
                    return rc;
                }
                if (hi == -1) {
                    break;
                }
            } else {
                int h = hexval((uint8_t)hi);
                int l = x < 0 ? -1 : hexval((uint8_t)x);
                if (h < 0 || l < 0) {
                    return cli_fail(CLI_EXIT_FAIL, "%s: not a binary or hex object", in->path);
                }
                p[(*got)++] = (uint8_t)(h << 4 | l);
                in->consumed++;
                in->started = true;
                continue;
            }
        }
        int lo = next_hex_char(in, &rc);
        if (lo == -2) {
            return rc;
        }
        int h = hexval((uint8_t)hi);
        int l = lo < 0 ? -1 : hexval((uint8_t)lo);
        if (h < 0 || l < 0) {
            return cli_fail(CLI_EXIT_FAIL, "%s is not a binary or hex object (bad hex text)",
                            cli_quote(q, sizeof q, in->path));
        }
        p[(*got)++] = (uint8_t)(h << 4 | l);
        in->consumed++;
        in->started = true;
    }
    return CLI_EXIT_OK;
}

int cli_in_read_exact(cli_in *in, uint8_t *p, size_t n) {
    size_t got;
    int rc = cli_in_read(in, p, n, &got);
    if (rc != CLI_EXIT_OK) {
        return rc;
    }
    if (got != n) {
        char q[128];
        return cli_fail(CLI_EXIT_ERROR, "%s: truncated input", cli_quote(q, sizeof q, in->path));
    }
    return CLI_EXIT_OK;
}

int cli_in_read_all(cli_in *in, uint8_t **out, size_t *out_len, size_t cap) {
    size_t alloc = 65536, len = 0;
    uint8_t *buf = malloc(alloc);
    *out = NULL;
    *out_len = 0;
    if (!buf) {
        return cli_fail(CLI_EXIT_ERROR, "out of memory");
    }
    for (;;) {
        if (len == alloc) {
            if (alloc >= cap) {
                seal_memzero(buf, len);
                free(buf);
                return cli_fail(CLI_EXIT_ERROR, "%s: input larger than %zu bytes", in->path, cap);
            }
            size_t na = alloc * 2 > cap ? cap : alloc * 2;
            uint8_t *nb = malloc(na);
            if (!nb) {
                seal_memzero(buf, len);
                free(buf);
                return cli_fail(CLI_EXIT_ERROR, "out of memory");
            }
            memcpy(nb, buf, len);
            seal_memzero(buf, len);
            free(buf);
            buf = nb;
            alloc = na;
        }
        size_t got;
        int rc = cli_in_read(in, buf + len, alloc - len, &got);
        if (rc != CLI_EXIT_OK) {
            seal_memzero(buf, len);
            free(buf);
            return rc;
        }
        if (got == 0) {
            break;
        }
        len += got;
    }
    *out = buf;
    *out_len = len;
    return CLI_EXIT_OK;
}

void cli_in_close(cli_in *in) {
    if (in->fd >= 0 && !in->is_stdin) {
        close(in->fd);
    }
    in->fd = -1;
    seal_memzero(in->raw, sizeof in->raw);
}

/* ---- streams ---------------------------------------------------------------------------- */

static seal_err fd_read(void *ctx, uint8_t *buf, size_t len, size_t *got) {
    cli_fd_reader *r = ctx;
    char q[128];
    *got = 0;
    while (*got < len) {
        ssize_t n = read(r->fd, buf + *got, len - *got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (!r->reported) {
                cli_err("cannot read %s: %s", cli_quote(q, sizeof q, r->what), strerror(errno));
                r->reported = true;
            }
            return SEAL_ERR_IO;
        }
        if (n == 0) {
            break;
        }
        *got += (size_t)n;
    }
    return SEAL_OK;
}

static seal_err fd_seek(void *ctx, uint64_t offset) {
    cli_fd_reader *r = ctx;
    char q[128];
    if (offset > (uint64_t)INT64_MAX || lseek(r->fd, (off_t)offset, SEEK_SET) < 0) {
        if (!r->reported) {
            cli_err("cannot seek in %s: %s", cli_quote(q, sizeof q, r->what), strerror(errno));
            r->reported = true;
        }
        return SEAL_ERR_IO;
    }
    return SEAL_OK;
}

seal_reader cli_fd_reader_make(cli_fd_reader *r, int fd, const char *what) {
    r->fd = fd;
    r->what = what;
    r->reported = false;
    seal_reader sr = {fd_read, fd_seek, r};
    return sr;
}

static seal_err out_write(void *ctx, const uint8_t *buf, size_t len) {
    cli_out_writer *w = ctx;
    if (cli_out_write(w->out, buf, len) != CLI_EXIT_OK) {
        w->reported = true;
        return SEAL_ERR_IO;
    }
    return SEAL_OK;
}

seal_writer cli_out_writer_make(cli_out_writer *w, cli_out *out) {
    w->out = out;
    w->reported = false;
    seal_writer sw = {out_write, w};
    return sw;
}

int cli_spool(cli_in *in, int *fd_out, uint64_t *size_out) {
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) {
        dir = "/tmp";
    }
    size_t plen = strlen(dir) + 32;
    char *path = malloc(plen);
    uint8_t *buf = malloc(65536);
    int fd = -1;
    int rc = CLI_EXIT_OK;
    uint64_t total = 0;
    *fd_out = -1;
    *size_out = 0;
    if (!path || !buf) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    snprintf(path, plen, "%s/seal-spool.XXXXXX", dir);
    fd = mkstemp(path);
    if (fd < 0) {
        char q[128];
        rc = cli_fail(CLI_EXIT_ERROR, "cannot create a temporary file in %s: %s",
                      cli_quote(q, sizeof q, dir), strerror(errno));
        goto out;
    }
    unlink(path);
    for (;;) {
        size_t got;
        rc = cli_in_read(in, buf, 65536, &got);
        if (rc != CLI_EXIT_OK) {
            goto out;
        }
        if (got == 0) {
            break;
        }
        if (write_all(fd, buf, got) != 0) {
            rc = cli_fail(CLI_EXIT_ERROR, "cannot write a temporary file: %s", strerror(errno));
            goto out;
        }
        total += got;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        rc = cli_fail(CLI_EXIT_ERROR, "cannot rewind a temporary file: %s", strerror(errno));
        goto out;
    }
    *fd_out = fd;
    *size_out = total;
    fd = -1;
out:
    if (fd >= 0) {
        close(fd);
    }
    if (buf) {
        seal_memzero(buf, 65536);
    }
    free(buf);
    free(path);
    return rc;
}

/* ---- small secret files ----------------------------------------------------------------- */

int cli_read_secret_file(const char *path, const char *what, char *buf, size_t cap, size_t *len) {
    char q[128];
    struct stat st;
    int rc = CLI_EXIT_OK;
    size_t n = 0;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return cli_fail(CLI_EXIT_ERROR, "cannot open the %s %s: %s", what,
                        cli_quote(q, sizeof q, path), strerror(errno));
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        rc = cli_fail(CLI_EXIT_ERROR, "the %s %s is not a regular file", what,
                      cli_quote(q, sizeof q, path));
        goto out;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        rc = cli_fail(CLI_EXIT_ERROR,
                      "the %s %s is accessible by group or others (mode %04o); run chmod 600 on it",
                      what, cli_quote(q, sizeof q, path), (unsigned)(st.st_mode & 07777));
        goto out;
    }
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = cli_fail(CLI_EXIT_ERROR, "cannot read the %s %s: %s", what,
                          cli_quote(q, sizeof q, path), strerror(errno));
            goto out;
        }
        if (r == 0) {
            break;
        }
        n += (size_t)r;
        if (n == cap - 1) {
            char extra;
            if (read(fd, &extra, 1) > 0) {
                rc = cli_fail(CLI_EXIT_ERROR, "the %s %s is too large (at most %zu bytes)", what,
                              cli_quote(q, sizeof q, path), cap - 1);
                goto out;
            }
            break;
        }
    }
    buf[n] = '\0';
    *len = n;
out:
    if (rc != CLI_EXIT_OK) {
        seal_memzero(buf, cap);
    }
    close(fd);
    return rc;
}
