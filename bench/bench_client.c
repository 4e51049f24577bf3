/* seal-bench client: end-to-end decryption latency through libseal's client against running key
 * servers (bench/client-e2e.sh starts them), in two forms:
 *   fresh   a new session key (signed by the user), a new client (key servers read from the
 *           chain registry), the seal_approve transaction (objects resolved on the chain), keys
 *           fetched from the servers, verified, and the object decrypted with the consistency
 *           check: what a first decryption costs;
 *   cached  the same client and session again: keys come from the client's cache.
 * Each iteration is timed on its own (CLOCK_MONOTONIC); the median is reported.
 *
 *   seal-bench client --chain SPEC --key suiprivkey1... --object FILE
 *                     --approve 0xPKG::MOD::FUN [--arg A]... [--iterations N] [--json]
 *                     [--aggregator 0xKEY_SERVER=URL]...    (a committee key server's aggregator)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "seal/chain.h"
#include "seal/client.h"
#include "seal/object.h"
#include "seal/sui.h"
#include "seal/sui_sig.h"

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint8_t *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    uint8_t *buf = malloc(1 << 24);
    *len = buf ? fread(buf, 1, 1 << 24, f) : 0;
    fclose(f);
    return buf;
}

static int fail(const char *what, seal_err err, const seal_client *c) {
    fprintf(stderr, "seal-bench client: %s: %s%s%s\n", what, seal_strerror(err), c ? ": " : "",
            c ? seal_client_last_error(c) : "");
    return 1;
}

int bench_client_main(int argc, char **argv) {
    const char *chain_spec = NULL, *key = NULL, *object = NULL, *approve = NULL;
    const char *args_text[SEAL_CLIENT_MAX_CALL_ARGS];
    size_t n_args = 0;
    seal_client_server_config aggs[8];
    char agg_urls[8][SEAL_CLIENT_URL_MAX];
    size_t n_aggs = 0;
    unsigned iterations = 20;
    memset(aggs, 0, sizeof aggs);
    bool json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (!v) {
            fprintf(stderr, "seal-bench client: %s needs a value\n", a);
            return 2;
        }
        i++;
        if (strcmp(a, "--chain") == 0) {
            chain_spec = v;
        } else if (strcmp(a, "--key") == 0) {
            key = v;
        } else if (strcmp(a, "--object") == 0) {
            object = v;
        } else if (strcmp(a, "--approve") == 0) {
            approve = v;
        } else if (strcmp(a, "--arg") == 0 && n_args < SEAL_CLIENT_MAX_CALL_ARGS) {
            args_text[n_args++] = v;
        } else if (strcmp(a, "--aggregator") == 0 && n_aggs < 8) {
            const char *eq = strchr(v, '=');
            if (eq == NULL || (size_t)(eq - v) >= SEAL_CLIENT_URL_MAX ||
                strlen(eq + 1) >= SEAL_CLIENT_URL_MAX) {
                fprintf(stderr, "seal-bench client: --aggregator 0xKEY_SERVER=URL\n");
                return 2;
            }
            char id[SEAL_CLIENT_URL_MAX];
            memcpy(id, v, (size_t)(eq - v));
            id[eq - v] = '\0';
            if (seal_sui_address_parse(aggs[n_aggs].object_id, id) != SEAL_OK) {
                fprintf(stderr, "seal-bench client: --aggregator: not an object id\n");
                return 2;
            }
            snprintf(agg_urls[n_aggs], sizeof agg_urls[n_aggs], "%s", eq + 1);
            aggs[n_aggs].aggregator_url = agg_urls[n_aggs];
            n_aggs++;
        } else if (strcmp(a, "--iterations") == 0) {
            iterations = (unsigned)strtoul(v, NULL, 10);
        } else {
            fprintf(stderr, "seal-bench client: unknown option %s\n", a);
            return 2;
        }
    }
    if (!chain_spec || !key || !object || !approve || iterations == 0 || iterations > 100000) {
        fprintf(stderr, "usage: seal-bench client --chain SPEC --key suiprivkey1... --object FILE "
                        "--approve 0xPKG::MOD::FUN [--arg A]... [--iterations N] [--json]\n");
        return 2;
    }
    size_t obj_len = 0;
    uint8_t *obj = read_file(object, &obj_len);
    seal_object *hdr = malloc(sizeof *hdr);
    seal_chain *chain = NULL;
    seal_sui_keypair user;
    seal_client_arg args[SEAL_CLIENT_MAX_CALL_ARGS];
    seal_client_call call;
    double *fresh = calloc(iterations, sizeof *fresh);
    double *cached = calloc(iterations, sizeof *cached);
    seal_err err;
    int rc = 1;
    memset(&call, 0, sizeof call);
    if (!obj || !hdr || !fresh || !cached ||
        seal_object_decode_no_point_check(hdr, obj, obj_len) != SEAL_OK) {
        fprintf(stderr, "seal-bench client: cannot read the object %s\n", object);
        goto out;
    }
    if ((err = seal_sui_keypair_from_bech32(&user, key)) != SEAL_OK) {
        rc = fail("--key", err, NULL);
        goto out;
    }
    if (seal_client_call_target_parse(&call, approve) != SEAL_OK) {
        rc = fail("--approve", SEAL_ERR_INVALID_ARGUMENT, NULL);
        goto out;
    }
    for (size_t i = 0; i < n_args; i++) {
        if (seal_client_arg_parse(&args[i], args_text[i]) != SEAL_OK) {
            rc = fail("--arg", SEAL_ERR_INVALID_ARGUMENT, NULL);
            goto out;
        }
    }
    call.args = args;
    call.n_args = n_args;
    if ((err = seal_chain_open(&chain, chain_spec, NULL)) != SEAL_OK) {
        rc = fail("--chain", err, NULL);
        goto out;
    }
    seal_client_options o;
    memset(&o, 0, sizeof o);
    o.chain = chain;
    o.max_retries = 2;
    o.server_settings = aggs;
    o.n_server_settings = n_aggs;
    seal_client *keep = NULL;
    seal_session *keep_s = NULL;
    for (unsigned it = 0; it < iterations; it++) {
        double t0 = bench_now();
        seal_session *s = NULL;
        seal_client *c = NULL;
        uint8_t *pt = NULL;
        size_t pt_len = 0;
        if ((err = seal_session_create(&s, &user, hdr->package_id, NULL, 10, 0, NULL)) != SEAL_OK ||
            (err = seal_client_new_for_object(&c, &o, obj, obj_len)) != SEAL_OK ||
            (err = seal_client_decrypt_with_policy(c, s, obj, obj_len, &call, &pt, &pt_len, 0)) !=
                SEAL_OK) {
            rc = fail("fresh decryption", err, c);
            seal_client_free(c);
            seal_session_free(s);
            goto out;
        }
        fresh[it] = (bench_now() - t0) * 1e3;
        bench_consume(pt, pt_len);
        free(pt);
        if (it == 0) {
            keep = c;
            keep_s = s;
        } else {
            seal_client_free(c);
            seal_session_free(s);
        }
    }
    for (unsigned it = 0; it < iterations; it++) {
        double t0 = bench_now();
        uint8_t *pt = NULL;
        size_t pt_len = 0;
        err = seal_client_decrypt_with_policy(keep, keep_s, obj, obj_len, &call, &pt, &pt_len, 0);
        if (err != SEAL_OK) {
            rc = fail("cached decryption", err, keep);
            break;
        }
        cached[it] = (bench_now() - t0) * 1e3;
        bench_consume(pt, pt_len);
        free(pt);
    }
    seal_client_free(keep);
    seal_session_free(keep_s);
    if (err != SEAL_OK) {
        goto out;
    }
    double mf = median(fresh, iterations), mc = median(cached, iterations);
    if (json) {
        printf(
            "{\"bench\": \"client\", \"object_bytes\": %zu, \"threshold\": %u, \"iterations\": %u, "
            "\"fresh_ms\": %.3f, \"cached_ms\": %.3f}\n",
            obj_len, hdr->threshold, iterations, mf, mc);
    } else {
        printf("client end-to-end decryption, %zu-byte object, threshold %u, %u iterations\n"
               "  fresh session + fetch + decrypt   %8.3f ms (median)\n"
               "  cached keys + decrypt             %8.3f ms (median)\n",
               obj_len, hdr->threshold, iterations, mf, mc);
    }
    rc = 0;
out:
    seal_sui_keypair_clear(&user);
    seal_chain_close(chain);
    free(obj);
    free(hdr);
    free(fresh);
    free(cached);
    return rc;
}
