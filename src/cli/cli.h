/* The seal command-line tool: shared declarations.
 *
 * Every subcommand is a row of the table in main.c: a name, a one-line summary, a declarative
 * option table and a <cmd>_main function. cli_parse() validates every option against its table
 * before the command runs, so a command only ever sees well-formed values.
 *
 * Exit codes are the same everywhere (CLI_EXIT_*). Errors go to stderr as one line that names
 * the command and quotes the bad input, except for options marked CLI_SECRET, whose values are
 * never printed. */
#ifndef SEAL_CLI_H
#define SEAL_CLI_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "seal/error.h"

enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_FAIL = 1,  /* verification failed, decryption failed */
    CLI_EXIT_USAGE = 2, /* bad command line */
    CLI_EXIT_ERROR = 3, /* I/O or any other error */
};

#define CLI_OBJECT_ID_BYTES 32
#define CLI_ID_MAX_BYTES 1024   /* inner id */
#define CLI_AAD_MAX_BYTES 65536 /* --aad given on the command line */
#define CLI_MAX_SERVERS 255     /* share indices are u8 */
#define CLI_MAX_ARGS 2048

/* ---- option tables ---------------------------------------------------------------------- */

struct cli_opt;

/* Checks one value. Returns true when it is valid; otherwise writes a short reason (no value)
 * into why. */
typedef bool (*cli_check_fn)(const struct cli_opt *opt, const char *value, char *why,
                             size_t why_len);

enum {
    CLI_REQUIRED = 1u << 0, /* must be given */
    CLI_REPEAT = 1u << 1,   /* may be given more than once */
    CLI_SECRET = 1u << 2,   /* never echo the value */
};

typedef struct cli_opt {
    const char *name;    /* long name without the leading "--" */
    const char *metavar; /* NULL for a switch that takes no value */
    unsigned flags;
    cli_check_fn check; /* NULL: any value */
    size_t param;       /* a parameter for check: byte length, maximum, ... */
    const char *help;
} cli_opt;

/* Checks for option tables. */
bool cli_check_hex_fixed(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_hex_var(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_object_id(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_uint(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_u64(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_dem(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_path(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_server(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_key_pair(const cli_opt *o, const char *v, char *why, size_t why_len);
bool cli_check_pk_pair(const cli_opt *o, const char *v, char *why, size_t why_len);

typedef struct cli_cmd {
    const char *name;
    const char *summary;
    const char *positional; /* synopsis of positional arguments, or NULL for none */
    size_t max_positional;
    const cli_opt *opts; /* terminated by a row with name == NULL */
    const char *description;
    int (*main)(int argc, char **argv);
} cli_cmd;

typedef struct cli_item {
    const cli_opt *opt;
    const char *value; /* NULL for switches */
} cli_item;

typedef struct cli_args {
    const cli_cmd *cmd;
    cli_item items[CLI_MAX_ARGS];
    size_t n_items;
    const char *positional[8];
    size_t n_positional;
} cli_args;

/* Parses argv[1..argc) (argv[0] is the command name) against cmd's table. Returns CLI_EXIT_OK
 * when the command should run, or -1 when --help was printed (the command then exits 0), or
 * CLI_EXIT_USAGE after printing a one-line error. */
int cli_parse(cli_args *out, const cli_cmd *cmd, int argc, char **argv);

size_t cli_count(const cli_args *a, const char *name);
/* The i-th value of an option (in command-line order), or NULL. */
const char *cli_value(const cli_args *a, const char *name, size_t i);
bool cli_flag(const cli_args *a, const char *name);

void cli_print_help(const cli_cmd *cmd, FILE *f);

/* ---- messages --------------------------------------------------------------------------- */

/* The running command's name, used as the prefix of every message ("seal encrypt: ..."). */
extern const char *cli_progname;

/* Prints "seal <cmd>: <message>\n" on stderr (the message must not contain a newline). */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_err, then returns code: `return cli_fail(CLI_EXIT_USAGE, "...")`. */
int cli_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Quotes untrusted text for a one-line message: printable ASCII only, cut at 80 characters. */
const char *cli_quote(char *buf, size_t buf_len, const char *s);
/* Maps a library error to an exit code: decryption and key failures are 1, the rest 3. */
int cli_exit_for(seal_err err);

/* ---- parsing values --------------------------------------------------------------------- */

/* Hex of exactly len bytes (optional 0x). */
bool cli_hex_fixed(uint8_t *out, size_t len, const char *hex);
/* Hex of any even number of digits up to cap bytes (optional 0x; "" and "0x" are empty). */
bool cli_hex_var(uint8_t *out, size_t cap, size_t *out_len, const char *hex);
/* A Sui object id: optional 0x and 1..64 hex digits, left-padded with zeros to 32 bytes. */
bool cli_object_id(uint8_t out[CLI_OBJECT_ID_BYTES], const char *text);
/* A decimal integer in [min, max], no sign, no leading/trailing junk. */
bool cli_uint(uint64_t *out, const char *text, uint64_t min, uint64_t max);
/* Splits "A:B[:C]" at colons into at most n fields (copies into buf). Returns the field count,
 * or 0 when there are more than n fields. */
size_t cli_split(char *buf, size_t buf_len, const char *text, char **fields, size_t n);

/* ---- files ------------------------------------------------------------------------------ */

/* Output written atomically: to a temporary file in the destination directory, then fsync and
 * rename over the destination on commit. On abort the temporary file is removed, so a failed
 * command leaves no output file behind. "-" (or NULL) is stdout. */
typedef struct cli_out {
    int fd;
    bool is_stdout;
    bool hex;    /* hex-encode everything written */
    bool failed; /* a write failed */
    char *path;  /* destination */
    char *tmp;   /* temporary file */
    uint64_t written;
    uint8_t buf[65536];
    size_t len;
} cli_out;

/* Removes the temporary files of open outputs when SIGINT, SIGTERM or SIGHUP arrives, then
 * dies of that signal. Called once by main. */
void cli_install_signal_cleanup(void);
/* secret: the file gets mode 0600 (otherwise 0666 minus the umask). */
int cli_out_open(cli_out *o, const char *path, bool secret, bool hex);
int cli_out_write(cli_out *o, const void *p, size_t n);
/* Flushes, fsyncs and renames into place (for stdout: flushes). Closes o either way. */
int cli_out_commit(cli_out *o);
/* Removes the temporary file and closes o. Safe to call after commit or on a zeroed struct. */
void cli_out_abort(cli_out *o);
/* Writes a whole small output (e.g. a key in hex plus newline) atomically. */
int cli_write_file(const char *path, const void *p, size_t n, bool secret);

/* Input from a file or stdin ("-" or NULL), optionally decoding hex text on the fly. */
typedef struct cli_in {
    int fd;
    bool is_stdin;
    bool hex; /* decode hex text */
    bool eof;
    bool started; /* hex: a digit (or the 0x prefix) was seen */
    const char *path;
    uint64_t size; /* for regular binary files, the size; otherwise UINT64_MAX */
    uint64_t consumed;
    uint8_t raw[65536];
    size_t raw_pos, raw_len;
} cli_in;

int cli_in_open(cli_in *in, const char *path);
/* Looks at the first bytes and switches to hex decoding when the input is hex text rather than
 * a binary EncryptedObject (which starts with the version byte 0x00). */
int cli_in_detect_object_format(cli_in *in);
/* Reads up to n bytes; *got = 0 at end of input. */
int cli_in_read(cli_in *in, uint8_t *p, size_t n, size_t *got);
/* Reads exactly n bytes, or fails (truncated input is an error). */
int cli_in_read_exact(cli_in *in, uint8_t *p, size_t n);
/* Reads everything into a malloc'd buffer (cap bytes at most). */
int cli_in_read_all(cli_in *in, uint8_t **out, size_t *out_len, size_t cap);
void cli_in_close(cli_in *in);

/* Reads a small file holding secrets (what names it in messages, e.g. "DKG key file"): a regular
 * file not accessible by group or others (refused otherwise, with the chmod to run), at most
 * cap - 1 bytes, NUL-terminated in buf. Errors are reported; buf is wiped on failure and is the
 * caller's to wipe after use. */
int cli_read_secret_file(const char *path, const char *what, char *buf, size_t cap, size_t *len);

/* ---- streams for the library's seal_reader / seal_writer -------------------------------- */

#include "seal/encrypt.h"

/* A seal_reader over a file descriptor (seekable when the descriptor is). Errors are reported
 * once, on stderr, and leave reported set so the caller prints nothing more. */
typedef struct cli_fd_reader {
    int fd;
    const char *what; /* for messages */
    bool reported;
} cli_fd_reader;
seal_reader cli_fd_reader_make(cli_fd_reader *r, int fd, const char *what);

/* A seal_writer into a cli_out (which reports its own errors). */
typedef struct cli_out_writer {
    cli_out *out;
    bool reported;
} cli_out_writer;
seal_writer cli_out_writer_make(cli_out_writer *w, cli_out *out);

/* Copies the rest of in (hex-decoded when in->hex) into an unlinked temporary file in $TMPDIR
 * (or /tmp), mode 0600, and returns its descriptor, positioned at 0, and its size. */
int cli_spool(cli_in *in, int *fd_out, uint64_t *size_out);

/* ---- long-running services (seal server, seal aggregator) ---------------------------------- */

/* Parses the command line of a service (cmd's table has "config" and "grace-ms"): *config the
 * file, *grace_ms the drain time (default 10000); then protects the process before any secret
 * is read (seal_server_protect_process: no core dump, no ptrace attach). Prints its errors. */
int cli_service_args(cli_args *a, const cli_cmd *cmd, int argc, char **argv, const char **config,
                     uint64_t *grace_ms);
/* Blocks SIGTERM and SIGINT in every thread (call before any thread starts; cli_service_wait
 * takes them) and ignores SIGPIPE. Prints its error. */
int cli_service_signals(sigset_t *sigs);
/* Prints "ready http://HOST:PORT" (HOST from listen "HOST:PORT" or "[V6]:PORT") and flushes. */
void cli_service_ready(const char *listen, uint16_t port);
/* Waits for SIGTERM or SIGINT. */
void cli_service_wait(const sigset_t *sigs);

/* ---- subcommands ------------------------------------------------------------------------ */

extern const cli_cmd cli_cmd_keygen, cli_cmd_public_key, cli_cmd_derive_key, cli_cmd_extract,
    cli_cmd_verify_key, cli_cmd_encrypt, cli_cmd_decrypt, cli_cmd_inspect, cli_cmd_session,
    cli_cmd_fetch_keys, cli_cmd_server, cli_cmd_localnet, cli_cmd_committee, cli_cmd_audit;
extern const cli_cmd cli_cmd_aggregator;

/* `seal keygen --audit`: a fresh audit key (cmd_audit.c). */
int cli_audit_keygen(bool json, const char *out_path);

/* `seal localnet serve ...` (argv[0] == "serve"), called by the localnet dispatcher. */
int cli_localnet_serve_main(int argc, char **argv);

#endif
