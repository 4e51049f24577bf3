/* seal-chain-probe: one chain-layer call from the command line, its result as one JSON line, for
 * the gRPC peer tests (tests/grpc/fake_node.py, tests/interop/grpc_peer.mjs): independent gRPC
 * servers answer, this reports what our client made of the answers.
 *
 *   seal-chain-probe SPEC TRANSPORT TIMEOUT_MS RETRIES CMD [ARGS]
 *     objects ID...          {"objects":[{"found","version","digest","owner","type","contents"}]}
 *     package ID             {"found","original","version"}
 *     rgp                    {"rgp"}
 *     clock                  {"clock_ms"}
 *     info                   {"chain_id","chain_short","epoch","checkpoint","timestamp_ms"}
 *     dryrun TX_HEX          {"verdict","command","package","module","function","code","message"}
 *     execute TX_HEX SIG_HEX {"executed","status","digest","created":[ids],"mutated":[...],
 *                             "deleted":[...],"lamport"}
 *     verify MSG SIG_HEX ADDR  {"valid","reason"}
 *   A failed call: {"error": seal_strerror, "code": N, "why": seal_chain_last_error(), "ms"}.
 * Exit status 0 whatever the outcome (the JSON says it); 2 for a bad command line. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seal/chain.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"
#include "seal/util.h"

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static json_t *hex_of(const uint8_t *p, size_t n) {
    char *s = malloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        snprintf(s + 2 * i, 3, "%02x", p[i]);
    s[2 * n] = '\0';
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *addr_of(const uint8_t a[32]) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_sui_address_format(hex, a);
    return json_string(hex);
}

static json_t *digest_of(const uint8_t d[32]) {
    char t[SEAL_SUI_DIGEST_BASE58_BYTES];
    seal_sui_digest_format(t, d);
    return json_string(t);
}

static json_t *owner_of(const seal_sui_owner *o) {
    static const char *const kinds[] = {"address", "object", "shared", "immutable", "consensus"};
    return json_pack("{s:s, s:o, s:I}", "kind", kinds[o->kind], "address", addr_of(o->address),
                     "version", (json_int_t)o->version);
}

static json_t *type_of(const uint8_t *t, size_t n) {
    char text[SEAL_SUI_TYPE_TAG_TEXT_MAX];
    if (seal_sui_type_tag_format(text, sizeof text, t, n, false) != SEAL_OK)
        return json_null();
    return json_string(text);
}

static uint8_t *unhex(const char *h, size_t *n) {
    size_t len = strlen(h) / 2;
    uint8_t *p = malloc(len + 1);
    if (p == NULL || seal_hex_decode(p, len, h) != SEAL_OK) {
        fprintf(stderr, "bad hex\n");
        exit(2);
    }
    *n = len;
    return p;
}

static void parse_id(uint8_t out[32], const char *s) {
    if (seal_sui_address_parse(out, s) != SEAL_OK) {
        fprintf(stderr, "bad id %s\n", s);
        exit(2);
    }
}

static json_t *effect_ids(const seal_ledger_effect_object *o, size_t n) {
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:o, s:I, s:o, s:o}", "id", addr_of(o[i].id), "version",
                                        (json_int_t)o[i].version, "owner", owner_of(&o[i].owner),
                                        "type", type_of(o[i].type, o[i].type_len)));
    return a;
}

int main(int argc, char **argv) {
    seal_chain *c = NULL;
    seal_chain_options o;
    json_t *out = NULL;
    seal_err err = SEAL_OK;
    double t0;
    if (argc < 6) {
        fprintf(stderr, "usage: seal-chain-probe SPEC TRANSPORT TIMEOUT_MS RETRIES CMD [ARGS]\n");
        return 2;
    }
    memset(&o, 0, sizeof o);
    o.timeout_ms = (uint32_t)strtoul(argv[3], NULL, 10);
    o.max_retries = (uint32_t)strtoul(argv[4], NULL, 10);
    o.api_key_header = getenv("PROBE_API_KEY_HEADER");
    if (seal_chain_grpc_transport_parse(argv[2], &o.grpc_transport) != SEAL_OK) {
        fprintf(stderr, "bad transport\n");
        return 2;
    }
    if ((err = seal_chain_open(&c, argv[1], &o)) != SEAL_OK) {
        printf("{\"open_error\": \"%s\"}\n", seal_strerror(err));
        return 0;
    }
    const char *cmd = argv[5];
    t0 = now_ms();
    if (strcmp(cmd, "objects") == 0) {
        size_t n = (size_t)argc - 6;
        uint8_t(*ids)[32] = calloc(n + 1, 32);
        seal_ledger_object *obj = calloc(n + 1, sizeof *obj);
        bool *found = calloc(n + 1, sizeof *found);
        for (size_t i = 0; i < n; i++)
            parse_id(ids[i], argv[6 + i]);
        err = seal_chain_get_objects(c, (const uint8_t(*)[32])ids, n, obj, found);
        if (err == SEAL_OK) {
            json_t *a = json_array();
            for (size_t i = 0; i < n; i++) {
                if (!found[i]) {
                    json_array_append_new(a, json_pack("{s:b}", "found", 0));
                    continue;
                }
                json_array_append_new(
                    a, json_pack("{s:b, s:I, s:o, s:o, s:o, s:b, s:o, s:o}", "found", 1, "version",
                                 (json_int_t)obj[i].version, "digest", digest_of(obj[i].digest),
                                 "owner", owner_of(&obj[i].owner), "type",
                                 type_of(obj[i].type, obj[i].type_len), "public_transfer",
                                 obj[i].has_public_transfer, "previous",
                                 digest_of(obj[i].previous_transaction), "contents",
                                 hex_of(obj[i].contents, obj[i].contents_len)));
                seal_ledger_object_clear(&obj[i]);
            }
            out = json_pack("{s:o}", "objects", a);
        }
        free(ids);
        free(obj);
        free(found);
    } else if (strcmp(cmd, "package") == 0 && argc == 7) {
        uint8_t pkg[32], orig[32];
        uint64_t v = 0;
        bool found = false;
        parse_id(pkg, argv[6]);
        if ((err = seal_chain_resolve_package(c, pkg, orig, &v, &found)) == SEAL_OK)
            out = json_pack("{s:b, s:o, s:I}", "found", found, "original", addr_of(orig), "version",
                            (json_int_t)v);
    } else if (strcmp(cmd, "rgp") == 0) {
        uint64_t p = 0;
        if ((err = seal_chain_reference_gas_price(c, &p)) == SEAL_OK)
            out = json_pack("{s:I}", "rgp", (json_int_t)p);
    } else if (strcmp(cmd, "clock") == 0) {
        uint64_t ms = 0;
        if ((err = seal_chain_clock(c, &ms)) == SEAL_OK)
            out = json_pack("{s:I}", "clock_ms", (json_int_t)ms);
    } else if (strcmp(cmd, "info") == 0) {
        seal_chain_info i;
        if ((err = seal_chain_service_info(c, &i)) == SEAL_OK)
            out = json_pack("{s:s, s:s, s:I, s:I, s:I}", "chain_id", i.chain_id, "chain_short",
                            i.chain_short, "epoch", (json_int_t)i.epoch, "checkpoint",
                            (json_int_t)i.checkpoint_height, "timestamp_ms",
                            (json_int_t)i.timestamp_ms);
    } else if (strcmp(cmd, "dryrun") == 0 && argc == 7) {
        static const char *const verdicts[] = {"success", "abort", "function_not_found",
                                               "execution_error", "invalid_input"};
        size_t n = 0;
        uint8_t *tx = unhex(argv[6], &n);
        seal_chain_dry_run_result r;
        if ((err = seal_chain_dry_run(c, tx, n, &r)) == SEAL_OK)
            out = json_pack("{s:s, s:i, s:o, s:s, s:s, s:I, s:s}", "verdict", verdicts[r.verdict],
                            "command", (int)r.command, "package", addr_of(r.abort_package),
                            "module", r.abort_module, "function", r.abort_function, "code",
                            (json_int_t)r.abort_code, "message", r.message);
        free(tx);
    } else if (strcmp(cmd, "execute") == 0 && argc == 8) {
        size_t n = 0, sn = 0;
        uint8_t *tx = unhex(argv[6], &n), *sig = unhex(argv[7], &sn);
        const uint8_t *sigs[1] = {sig};
        seal_ledger_effects *fx = calloc(1, sizeof *fx);
        if ((err = seal_chain_execute(c, tx, n, sigs, &sn, 1, fx)) == SEAL_OK)
            out =
                json_pack("{s:b, s:s, s:o, s:I, s:o, s:o, s:o, s:s, s:I}", "executed", fx->executed,
                          "status", seal_ledger_status_name(fx->outcome.status), "digest",
                          digest_of(fx->digest), "lamport", (json_int_t)fx->lamport_version,
                          "created", effect_ids(fx->created, fx->n_created), "mutated",
                          effect_ids(fx->mutated, fx->n_mutated), "deleted",
                          effect_ids(fx->deleted, fx->n_deleted), "message", fx->outcome.message,
                          "code", (json_int_t)fx->outcome.abort_code);
        free(fx);
        free(tx);
        free(sig);
    } else if (strcmp(cmd, "verify") == 0 && argc == 9) {
        size_t sn = 0;
        uint8_t *sig = unhex(argv[7], &sn), addr[32];
        seal_chain_signature_result r;
        parse_id(addr, argv[8]);
        if ((err = seal_chain_verify_signature(c, (const uint8_t *)argv[6], strlen(argv[6]), sig,
                                               sn, addr, &r)) == SEAL_OK)
            out = json_pack("{s:b, s:s}", "valid", r.valid, "reason", r.reason);
        free(sig);
    } else {
        fprintf(stderr, "unknown command %s\n", cmd);
        seal_chain_close(c);
        return 2;
    }
    if (err != SEAL_OK)
        out = json_pack("{s:s, s:i, s:s}", "error", seal_strerror(err), "code", (int)err, "why",
                        seal_chain_last_error());
    if (out == NULL)
        out = json_pack("{s:s}", "error", "out of memory");
    seal_chain_stats st;
    seal_chain_stats_get(c, &st);
    json_object_set_new(out, "ms", json_real(now_ms() - t0));
    json_object_set_new(out, "requests", json_integer((json_int_t)st.grpc_requests));
    char *text = json_dumps(out, JSON_COMPACT);
    printf("%s\n", text);
    free(text);
    json_decref(out);
    seal_chain_close(c);
    return 0;
}
