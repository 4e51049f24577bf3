/* Shared pieces of seal-bench: the subcommand entry points, a monotonic clock, the median-of-rounds
 * timing loop used by every subcommand, and the small output helpers. */
#ifndef SEAL_BENCH_H
#define SEAL_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Subcommands (argv[0] is the subcommand name). Return a process exit status. */
int bench_bls_main(int argc, char **argv);
int bench_seal_main(int argc, char **argv);
int bench_ledger_main(int argc, char **argv);
int bench_client_main(int argc, char **argv); /* bench_client.c: needs running key servers */
int bench_server_requests_main(int argc, char **argv); /* bench_server_requests.c */
int bench_committee_main(int argc, char **argv);       /* bench_committee.c */

/* Seconds from CLOCK_MONOTONIC (the default), or from CLOCK_PROCESS_CPUTIME_ID after
 * bench_use_cpu_time(true): CPU time of this (single-threaded) process, which leaves out the time
 * the process waits while other processes run on a shared machine. */
double bench_now(void);
void bench_use_cpu_time(bool on);
const char *bench_clock_name(void); /* "monotonic" or "process-cpu" */

/* Makes the compiler assume the len bytes at p are read, so the computation that produced them
 * cannot be removed as dead code. */
void bench_consume(const void *p, size_t len);

/* One timed operation: called with a running call counter (use it to rotate through inputs). */
typedef void (*bench_fn)(void *ctx, uint64_t iter);

typedef struct bench_opts {
    double target_s;   /* total time to spend in the timed rounds of one operation */
    unsigned rounds;   /* number of timed rounds; the result is the median over rounds */
    unsigned min_warm; /* minimum number of warm-up calls */
} bench_opts;

typedef struct bench_result {
    double median_us; /* median over rounds of the time per operation, microseconds */
    double min_us, max_us;
    uint64_t calls_per_round;
    unsigned rounds;
} bench_result;

/* The default options (about 0.3 s per operation, 11 rounds) or the --quick ones (about 0.05 s,
 * 5 rounds). */
bench_opts bench_default_opts(bool quick);

/* Times fn: warm-up calls (at least opts->min_warm and at least 1/10 of the target time) estimate
 * the cost of one call, which sizes the rounds so that all of them take about opts->target_s; each
 * round makes calls_per_round calls and the per-operation time of a round is its elapsed time
 * divided by calls_per_round * ops_per_call (for functions that loop internally). */
void bench_measure(bench_result *out, const bench_opts *opts, bench_fn fn, void *ctx,
                   double ops_per_call);

/* True when name is listed in the comma-separated list `only` (or `only` is NULL). */
bool bench_selected(const char *only, const char *name);

/* Options common to every subcommand. */
typedef struct bench_args {
    bool json;        /* --json: one JSON object on stdout, progress on stderr */
    bool quick;       /* --quick */
    bool list;        /* --list: print the operation names and exit */
    bool cpu_time;    /* --cpu-time: time with the process CPU clock */
    const char *only; /* --only NAME[,NAME...] or NULL */
} bench_args;

/* Parses the common options from argv[1..argc) (and selects the clock); returns false (after a
 * message on stderr) on an unknown option or a missing value. */
bool bench_args_parse(bench_args *out, int argc, char **argv, const char *cmd);

/* Checks that every name in args->only is one of names[0..n); false (with a message) if not. */
bool bench_only_valid(const bench_args *args, const char *const *names, size_t n, const char *cmd);

/* Output: a human-readable table, or one flat JSON object {"bench": ..., key: value, ...}.
 * Values are printed as they are measured. */
typedef struct bench_report {
    bool json;
    unsigned count;
} bench_report;

/* meta_json: extra "key": value pairs (already JSON-formatted, may be empty) for the header. */
void bench_report_begin(bench_report *r, bool json, const char *bench, const char *title,
                        const char *meta_json);
/* One figure: key, value, unit ("us", "ms", "MB/s"...), and a short explanation for the table. */
void bench_report_value(bench_report *r, const char *key, double value, const char *unit,
                        const char *what);
/* A measured figure: value (res->median_us, or derived from it, in unit), with the rounds and
 * their spread (max - min) / median shown in the table. */
void bench_report_result(bench_report *r, const char *key, double value, const char *unit,
                         const bench_result *res, const char *what);
void bench_report_end(bench_report *r);

/* Deterministic filler for inputs: out[i] = f(seed, i). */
void bench_fill(uint8_t *out, size_t len, uint32_t seed);

#endif
