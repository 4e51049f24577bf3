/* seal-bench: micro and end-to-end benchmarks of libseal.
 *
 *   seal-bench bls  [--json] [--quick] [--only NAME[,NAME...]]   BLS12-381 operations
 *   seal-bench seal [--json] [--quick] [--only NAME[,NAME...]]   Seal encrypt/decrypt, KEM, DEMs
 *   seal-bench ledger [--json] [--quick] [--only NAME[,NAME...]] embedded ledger
 *   seal-bench committee [--json] [--quick] [--only NAME[,NAME...]] committee DKG, partial keys
 *   seal-bench server-requests --count N [--ids K] [--out FILE]   bodies for bench/server-load.sh
 *
 * See bench/README.md for what every figure means. */
#include <stdio.h>
#include <string.h>

#include "bench.h"

typedef struct bench_cmd {
    const char *name;
    int (*main)(int argc, char **argv);
    const char *help;
} bench_cmd;

static const bench_cmd commands[] = {
    {"bls", bench_bls_main, "BLS12-381 field, group, hash-to-curve and pairing operations"},
    {"seal", bench_seal_main, "Seal encrypt/decrypt (2-of-3), key-server operations, DEMs"},
    {"ledger", bench_ledger_main, "embedded ledger: whitelist dry runs (1, 2 threads), signed txs"},
    {"committee", bench_committee_main,
     "committee DKG (create / process for n = 3, 5, 8), partial keys, with anchors"},
    {"client", bench_client_main, "end-to-end client decryption against running key servers"},
    {"server-requests", bench_server_requests_main,
     "pre-signed fetch_key request bodies for the key-server load test (server-load.sh)"},
};

static void usage(FILE *f) {
    fprintf(f,
            "usage: seal-bench <command> [--json] [--quick] [--cpu-time] [--only NAME[,NAME...]]\n"
            "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        fprintf(f, "  %-6s %s\n", commands[i].name, commands[i].help);
    }
    fprintf(f,
            "options:\n"
            "  --json        one JSON object on stdout (medians; keys listed in bench/README.md)\n"
            "  --quick       shorter rounds (about 0.05 s per operation instead of 0.3 s)\n"
            "  --only LIST   only the named operations (comma-separated)\n"
            "  --list        print the operation names and exit\n"
            "  --cpu-time    time with the process CPU clock instead of CLOCK_MONOTONIC\n"
            "                (steadier on a busy machine: leaves out time spent preempted)\n");
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].main(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "seal-bench: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
