/* Timing and helpers shared by the seal-bench subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static clockid_t bench_clock = CLOCK_MONOTONIC;

void bench_use_cpu_time(bool on) {
    bench_clock = on ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC;
}

const char *bench_clock_name(void) {
    return bench_clock == CLOCK_MONOTONIC ? "monotonic" : "process-cpu";
}

double bench_now(void) {
    struct timespec ts;
    clock_gettime(bench_clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void bench_consume(const void *p, size_t len) {
    /* An empty asm statement that claims to read the memory: the stores before it must happen. */
    __asm__ __volatile__("" : : "r"(p), "r"(len) : "memory");
}

bench_opts bench_default_opts(bool quick) {
    bench_opts o;
    o.target_s = quick ? 0.05 : 0.3;
    o.rounds = quick ? 5 : 11;
    o.min_warm = 3;
    return o;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define BENCH_MAX_ROUNDS 64

void bench_measure(bench_result *out, const bench_opts *opts, bench_fn fn, void *ctx,
                   double ops_per_call) {
    unsigned rounds = opts->rounds;
    if (rounds < 1) {
        rounds = 1;
    }
    if (rounds > BENCH_MAX_ROUNDS) {
        rounds = BENCH_MAX_ROUNDS;
    }
    uint64_t iter = 0;

    /* Warm-up: at least min_warm calls and at least a tenth of the target time. */
    double warm_budget = opts->target_s / 10.0;
    uint64_t warm_calls = 0;
    double t0 = bench_now(), elapsed = 0.0;
    while (warm_calls < opts->min_warm || elapsed < warm_budget) {
        fn(ctx, iter++);
        warm_calls++;
        elapsed = bench_now() - t0;
    }
    /* Calls per round; 1 when the budget is zero (fixed-count runs of slow operations). */
    uint64_t n = 1;
    if (warm_calls > 0 && elapsed > 0.0 && opts->target_s > 0.0) {
        double calls = opts->target_s / ((double)rounds * (elapsed / (double)warm_calls));
        if (calls > 1.0) {
            n = calls > 1e12 ? (uint64_t)1e12 : (uint64_t)calls;
        }
    }

    double per_op[BENCH_MAX_ROUNDS];
    for (unsigned r = 0; r < rounds; r++) {
        double s = bench_now();
        for (uint64_t i = 0; i < n; i++) {
            fn(ctx, iter++);
        }
        double e = bench_now();
        per_op[r] = (e - s) * 1e6 / ((double)n * ops_per_call);
    }
    qsort(per_op, rounds, sizeof per_op[0], cmp_double);
    out->median_us =
        (rounds % 2) ? per_op[rounds / 2] : (per_op[rounds / 2 - 1] + per_op[rounds / 2]) / 2.0;
    out->min_us = per_op[0];
    out->max_us = per_op[rounds - 1];
    out->calls_per_round = n;
    out->rounds = rounds;
}

bool bench_selected(const char *only, const char *name) {
    if (only == NULL) {
        return true;
    }
    size_t nl = strlen(name);
    const char *p = only;
    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == nl && memcmp(p, name, nl) == 0) {
            return true;
        }
        if (comma == NULL) {
            break;
        }
        p = comma + 1;
    }
    return false;
}

void bench_fill(uint8_t *out, size_t len, uint32_t seed) {
    /* xorshift32 stream: deterministic, cheap, not a cryptographic generator. */
    uint32_t x = seed * 2654435761u + 0x9e3779b9u;
    if (x == 0) {
        x = 1;
    }
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = (uint8_t)(x >> 24);
    }
}

bool bench_args_parse(bench_args *out, int argc, char **argv, const char *cmd) {
    memset(out, 0, sizeof *out);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            out->json = true;
        } else if (strcmp(a, "--quick") == 0) {
            out->quick = true;
        } else if (strcmp(a, "--cpu-time") == 0) {
            out->cpu_time = true;
        } else if (strcmp(a, "--list") == 0) {
            out->list = true;
        } else if (strcmp(a, "--only") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "seal-bench %s: --only needs a value\n", cmd);
                return false;
            }
            out->only = argv[++i];
        } else if (strncmp(a, "--only=", 7) == 0) {
            out->only = a + 7;
        } else {
            fprintf(stderr, "seal-bench %s: unknown option '%s'\n", cmd, a);
            return false;
        }
    }
    bench_use_cpu_time(out->cpu_time);
    return true;
}

bool bench_only_valid(const bench_args *args, const char *const *names, size_t n, const char *cmd) {
    if (args->only == NULL) {
        return true;
    }
    const char *p = args->only;
    bool ok = true;
    while (*p != '\0') {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        bool found = false;
        for (size_t i = 0; i < n && !found; i++) {
            found = strlen(names[i]) == len && memcmp(names[i], p, len) == 0;
        }
        if (!found) {
            fprintf(stderr, "seal-bench %s: unknown operation '%.*s' (see --list)\n", cmd, (int)len,
                    p);
            ok = false;
        }
        if (comma == NULL) {
            break;
        }
        p = comma + 1;
    }
    return ok;
}

void bench_report_begin(bench_report *r, bool json, const char *bench, const char *title,
                        const char *meta_json) {
    r->json = json;
    r->count = 0;
    if (json) {
        printf("{\"bench\": \"%s\"%s%s", bench, (meta_json && *meta_json) ? ", " : "",
               meta_json ? meta_json : "");
        r->count = 1;
    } else {
        printf("%s\n", title);
        printf("%-28s %12s  %-5s  %s\n", "operation", "median", "unit", "what");
    }
    fflush(stdout);
}

static void print_number(double v) {
    if (v >= 100.0) {
        printf("%.1f", v);
    } else if (v >= 1.0) {
        printf("%.3f", v);
    } else {
        printf("%.5f", v);
    }
}

void bench_report_value(bench_report *r, const char *key, double value, const char *unit,
                        const char *what) {
    if (r->json) {
        printf("%s\"%s\": ", r->count ? ", " : "", key);
        print_number(value);
        fprintf(stderr, "seal-bench: %-28s ", key);
        fprintf(stderr, "%.4g %s\n", value, unit);
    } else {
        printf("%-28s %12.*f  %-5s  %s\n", key, value >= 100.0 ? 1 : (value >= 1.0 ? 3 : 5), value,
               unit, what);
    }
    r->count++;
    fflush(stdout);
}

void bench_report_result(bench_report *r, const char *key, double value, const char *unit,
                         const bench_result *res, const char *what) {
    if (!r->json) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s  [%llu x %u, spread %.0f%%]", what,
                 (unsigned long long)res->calls_per_round, res->rounds,
                 res->median_us > 0 ? 100.0 * (res->max_us - res->min_us) / res->median_us : 0.0);
        bench_report_value(r, key, value, unit, buf);
        return;
    }
    bench_report_value(r, key, value, unit, what);
}

void bench_report_end(bench_report *r) {
    if (r->json) {
        printf("}\n");
    }
    fflush(stdout);
}
