/* The chain layer: spec parsing, the embedded backend over a pool of ledger handles, and the
 * ledger-outcome-to-verdict mapping shared with `seal localnet serve` (docs/chain.md). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chain/internal.h"
#include "seal/sui.h"
#include "seal/util.h"

#define EMBEDDED_PREFIX "embedded:"
#define JSONRPC_PREFIX "jsonrpc+"
#define LEDGER_FILE "/ledger.db"

static _Thread_local char t_last_error[SEAL_CHAIN_MESSAGE_BYTES];

void seal__chain_set_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t_last_error, sizeof t_last_error, fmt, ap);
    va_end(ap);
}

const char *seal_chain_last_error(void) {
    return t_last_error;
}

void seal__chain_copy_message(char *dst, size_t cap, const char *src) {
    size_t n;
    if (cap == 0)
        return;
    if (src == NULL)
        src = "";
    n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
    seal_text_one_line(dst); /* node texts end up in error messages and logs */
}

static char *dup_string(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

/* ---- verdicts ------------------------------------------------------------------------------- */

void seal_chain_verdict_from_ledger(seal_chain_dry_run_result *out,
                                    const seal_ledger_outcome *outcome) {
    memset(out, 0, sizeof *out);
    out->command = outcome->command;
    switch (outcome->status) {
    case SEAL_LEDGER_SUCCESS:
        out->verdict = SEAL_CHAIN_SUCCESS;
        out->command = 0;
        return;
    case SEAL_LEDGER_ABORT:
        out->verdict = SEAL_CHAIN_ABORT;
        memcpy(out->abort_package, outcome->abort_package, 32);
        seal__chain_copy_message(out->abort_module, sizeof out->abort_module,
                                 outcome->abort_module);
        seal__chain_copy_message(out->abort_function, sizeof out->abort_function,
                                 outcome->abort_function);
        out->abort_code = outcome->abort_code;
        break;
    case SEAL_LEDGER_FUNCTION_NOT_FOUND:
        out->verdict = SEAL_CHAIN_FUNCTION_NOT_FOUND;
        break;
    case SEAL_LEDGER_OBJECT_NOT_FOUND:
    case SEAL_LEDGER_VERSION_MISMATCH:
    case SEAL_LEDGER_WRONG_OWNER:
        /* A full node checks input objects (existence, version, ownership by the sender) before
         * executing and answers such a transaction with an RPC error. */
        out->verdict = SEAL_CHAIN_INVALID_INPUT;
        break;
    default:
        out->verdict = SEAL_CHAIN_EXECUTION_ERROR;
        break;
    }
    if (outcome->message[0] != '\0')
        seal__chain_copy_message(out->message, sizeof out->message, outcome->message);
    else
        seal__chain_copy_message(out->message, sizeof out->message,
                                 seal_ledger_status_name(outcome->status));
}

seal_chain_verdict seal_chain_status_text_from_ledger(char *out, size_t cap,
                                                      const seal_ledger_outcome *outcome) {
    seal_chain_dry_run_result r;
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    unsigned cmd = outcome->command;
    seal_chain_verdict_from_ledger(&r, outcome);
    if (cap == 0)
        return r.verdict;
    out[0] = '\0';
    switch (r.verdict) {
    case SEAL_CHAIN_SUCCESS:
        break;
    case SEAL_CHAIN_INVALID_INPUT:
        seal__chain_copy_message(out, cap, r.message);
        break;
    case SEAL_CHAIN_ABORT:
        seal_sui_address_format(hex, r.abort_package);
        if (r.abort_function[0] != '\0')
            snprintf(out, cap,
                     "MoveAbort(MoveLocation { module: ModuleId { address: %s, name: "
                     "Identifier(\"%s\") }, function: 0, instruction: 0, function_name: "
                     "Some(\"%s\") }, %" PRIu64 ") in command %u",
                     hex + 2, r.abort_module, r.abort_function, r.abort_code, cmd);
        else
            snprintf(out, cap,
                     "MoveAbort(MoveLocation { module: ModuleId { address: %s, name: "
                     "Identifier(\"%s\") }, function: 0, instruction: 0, function_name: None "
                     "}, %" PRIu64 ") in command %u",
                     hex + 2, r.abort_module, r.abort_code, cmd);
        break;
    case SEAL_CHAIN_FUNCTION_NOT_FOUND:
        snprintf(out, cap, "FunctionNotFound in command %u", cmd);
        break;
    default:
        switch (outcome->status) {
        case SEAL_LEDGER_TYPE_MISMATCH:
            snprintf(out, cap,
                     "CommandArgumentError { arg_idx: 0, kind: TypeMismatch } in command %u", cmd);
            break;
        case SEAL_LEDGER_INVALID_BCS:
            snprintf(out, cap,
                     "CommandArgumentError { arg_idx: 0, kind: InvalidBCSBytes } in command %u",
                     cmd);
            break;
        case SEAL_LEDGER_ARITY_MISMATCH:
            snprintf(out, cap, "ArityMismatch in command %u", cmd);
            break;
        case SEAL_LEDGER_ARITHMETIC_ERROR:
            snprintf(out, cap, "MovePrimitiveRuntimeError(MoveLocationOpt(None)) in command %u",
                     cmd);
            break;
        default:
            snprintf(out, cap, "%.*s in command %u", (int)(cap > 40 ? cap - 40 : 0), r.message,
                     cmd);
            break;
        }
        break;
    }
    return r.verdict;
}

seal_err seal__chain_execute_prepare(const uint8_t *tx_data, size_t len, size_t max_len,
                                     const uint8_t *const *sigs, const size_t *sig_lens,
                                     size_t n_sigs, uint8_t digest[32], seal_ledger_effects *out) {
    seal_sui_transaction_data *td = NULL;
    seal_err err;
    if (len == 0 || len > max_len || n_sigs == 0 || n_sigs > 16)
        return SEAL_ERR_INVALID_ARGUMENT;
    for (size_t i = 0; i < n_sigs; i++)
        if (sigs[i] == NULL || sig_lens[i] == 0 || sig_lens[i] > 65536)
            return SEAL_ERR_INVALID_ARGUMENT;
    if ((err = seal_sui_transaction_data_decode(&td, tx_data, len)) != SEAL_OK)
        return err;
    memcpy(out->sender, td->sender, 32);
    seal_sui_transaction_data_free(td);
    seal_sui_blake2b256(digest, (const uint8_t *)"TransactionData::", 17, tx_data, len);
    return SEAL_OK;
}

seal_err seal__chain_refusal(const char *message, seal_ledger_effects *out) {
    seal__chain_copy_message(out->outcome.message, sizeof out->outcome.message, message);
    out->executed = false;
    if (strstr(message, "ignature") != NULL)
        return SEAL_ERR_INVALID_SIGNATURE;
    if (strncmp(message, "Invalid params", 14) == 0)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (strstr(message, "Could not find") != NULL || strstr(message, "not found") != NULL)
        out->outcome.status = SEAL_LEDGER_OBJECT_NOT_FOUND;
    else if (strstr(message, "not available for consumption") != NULL)
        out->outcome.status = SEAL_LEDGER_VERSION_MISMATCH;
    else
        out->outcome.status = SEAL_LEDGER_WRONG_OWNER;
    return SEAL_OK;
}

void seal__chain_outcome_from_verdict(seal_ledger_outcome *out, const seal_chain_dry_run_result *d,
                                      seal_ledger_status exec_status) {
    seal__chain_copy_message(out->message, sizeof out->message, d->message);
    out->command = d->command;
    switch (d->verdict) {
    case SEAL_CHAIN_SUCCESS:
        out->status = SEAL_LEDGER_SUCCESS;
        break;
    case SEAL_CHAIN_ABORT:
        out->status = SEAL_LEDGER_ABORT;
        memcpy(out->abort_package, d->abort_package, 32);
        memcpy(out->abort_module, d->abort_module, sizeof d->abort_module);
        memcpy(out->abort_function, d->abort_function, sizeof d->abort_function);
        out->abort_code = d->abort_code;
        break;
    case SEAL_CHAIN_FUNCTION_NOT_FOUND:
        out->status = SEAL_LEDGER_FUNCTION_NOT_FOUND;
        break;
    default:
        out->status = exec_status;
        break;
    }
}

/* ---- embedded backend: a pool of read-only handles, one writer ------------------------------ */

static seal_err reader_get(seal_chain *c, seal_ledger **out) {
    seal_ledger *l = NULL;
    pthread_mutex_lock(&c->pool_mu);
    if (c->n_pool > 0)
        l = c->pool[--c->n_pool];
    pthread_mutex_unlock(&c->pool_mu);
    if (l != NULL) {
        *out = l;
        return SEAL_OK;
    }
    return seal_ledger_open_readonly(out, c->path);
}

/* Returns a handle to the pool; a handle that failed at the system level is closed instead. */
static void reader_put(seal_chain *c, seal_ledger *l, seal_err status) {
    bool kept = false;
    if (l == NULL)
        return;
    if (status != SEAL_ERR_IO && status != SEAL_ERR_NO_MEMORY) {
        pthread_mutex_lock(&c->pool_mu);
        if (c->n_pool == c->cap_pool) {
            size_t cap = c->cap_pool ? 2 * c->cap_pool : 8;
            seal_ledger **p = realloc(c->pool, cap * sizeof *p);
            if (p != NULL) {
                c->pool = p;
                c->cap_pool = cap;
            }
        }
        if (c->n_pool < c->cap_pool) {
            c->pool[c->n_pool++] = l;
            kept = true;
        }
        pthread_mutex_unlock(&c->pool_mu);
    }
    if (!kept)
        seal_ledger_close(l);
}

static seal_err embedded_open(seal_chain *c, const char *dir, bool create) {
    seal_err err = SEAL_OK;
    seal_ledger *l = NULL;
    struct stat st;
    size_t n = strlen(dir);
    if (n == 0)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((c->path = malloc(n + sizeof LEDGER_FILE)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    memcpy(c->path, dir, n);
    memcpy(c->path + n, LEDGER_FILE, sizeof LEDGER_FILE);
    if (create) {
        /* Creates the ledger (genesis) when missing; kept as the writer. */
        pthread_mutex_lock(&c->write_mu);
        err = seal_ledger_open(&c->writer, c->path);
        pthread_mutex_unlock(&c->write_mu);
        if (err != SEAL_OK)
            return err;
    } else if (stat(c->path, &st) != 0 || !S_ISREG(st.st_mode)) {
        /* `seal localnet init --data DIR` creates one */
        seal__chain_set_error("no ledger at %s", c->path);
        return SEAL_ERR_IO;
    }
    /* One reader up front: the file is a ledger of our schema, and the pool is warm. */
    if ((err = seal_ledger_open_readonly(&l, c->path)) != SEAL_OK) {
        seal__chain_set_error("cannot open the ledger %s: %s", c->path, seal_strerror(err));
        return err;
    }
    reader_put(c, l, SEAL_OK);
    return SEAL_OK;
}

/* ---- handle --------------------------------------------------------------------------------- */

static bool has_prefix(const char *s, const char *p) {
    return strncmp(s, p, strlen(p)) == 0;
}

seal_err seal_chain_spec_backend(const char *spec, seal_chain_backend *out) {
    if (spec == NULL || out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (has_prefix(spec, EMBEDDED_PREFIX))
        *out = SEAL_CHAIN_EMBEDDED;
    else if (has_prefix(spec, JSONRPC_PREFIX "http://") ||
             has_prefix(spec, JSONRPC_PREFIX "https://"))
        *out = SEAL_CHAIN_JSONRPC;
    else if (has_prefix(spec, "http://") || has_prefix(spec, "https://"))
        *out = SEAL_CHAIN_GRPC;
    else
        return SEAL_ERR_INVALID_ARGUMENT;
    return SEAL_OK;
}

static const char *const TRANSPORT_NAMES[] = {"web", "native", "web-h2"};

seal_err seal_chain_grpc_transport_parse(const char *s, seal_chain_grpc_transport *out) {
    for (size_t i = 0; s != NULL && i < sizeof TRANSPORT_NAMES / sizeof TRANSPORT_NAMES[0]; i++)
        if (strcmp(s, TRANSPORT_NAMES[i]) == 0) {
            *out = (seal_chain_grpc_transport)i;
            return SEAL_OK;
        }
    return SEAL_ERR_INVALID_ARGUMENT;
}

const char *seal_chain_grpc_transport_name(seal_chain_grpc_transport t) {
    return (size_t)t < sizeof TRANSPORT_NAMES / sizeof TRANSPORT_NAMES[0] ? TRANSPORT_NAMES[t]
                                                                          : "?";
}

seal_err seal_chain_open(seal_chain **out, const char *spec, const seal_chain_options *opts) {
    t_last_error[0] = '\0';
    seal_err err = SEAL_OK;
    seal_chain *c = NULL;
    seal_chain_backend backend;
    if (out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    *out = NULL;
    if (spec == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if (seal_chain_spec_backend(spec, &backend) != SEAL_OK) {
        seal__chain_set_error("unknown chain spec (embedded:DIR, http(s)://HOST:PORT for gRPC or "
                              "jsonrpc+http(s)://HOST:PORT for JSON-RPC)");
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if ((c = calloc(1, sizeof *c)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    pthread_mutex_init(&c->pool_mu, NULL);
    pthread_mutex_init(&c->write_mu, NULL);
    c->backend = backend;
    if (opts != NULL)
        c->opts = *opts;
    if (c->opts.timeout_ms == 0)
        c->opts.timeout_ms = SEAL__CHAIN_DEFAULT_TIMEOUT_MS;
    if (c->opts.max_in_flight == 0)
        c->opts.max_in_flight = SEAL__CHAIN_DEFAULT_MAX_IN_FLIGHT;
    if (c->opts.api_key_header != NULL) {
        if ((c->api_key_header = dup_string(c->opts.api_key_header)) == NULL) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        c->opts.api_key_header = c->api_key_header;
    }
    switch (backend) {
    case SEAL_CHAIN_EMBEDDED:
        c->embedded = true;
        err = embedded_open(c, spec + strlen(EMBEDDED_PREFIX), c->opts.create);
        break;
    case SEAL_CHAIN_JSONRPC:
        err = seal__chain_rpc_open(&c->rpc, spec + strlen(JSONRPC_PREFIX), &c->opts);
        break;
    case SEAL_CHAIN_GRPC:
        err = seal__chain_grpc_open(&c->grpc, spec, &c->opts);
        break;
    }
out:
    if (err != SEAL_OK) {
        seal_chain_close(c);
        c = NULL;
    }
    *out = c;
    return err;
}

void seal_chain_close(seal_chain *c) {
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n_pool; i++)
        seal_ledger_close(c->pool[i]);
    free(c->pool);
    seal_ledger_close(c->writer);
    seal__chain_rpc_close(c->rpc);
    seal__chain_grpc_close(c->grpc);
    free(c->path);
    if (c->api_key_header != NULL)
        seal_memzero(c->api_key_header, strlen(c->api_key_header));
    free(c->api_key_header);
    pthread_mutex_destroy(&c->pool_mu);
    pthread_mutex_destroy(&c->write_mu);
    free(c);
}

bool seal_chain_is_embedded(const seal_chain *c) {
    return c != NULL && c->embedded;
}

seal_chain_backend seal_chain_backend_of(const seal_chain *c) {
    return c == NULL ? SEAL_CHAIN_EMBEDDED : c->backend;
}

void seal_chain_stats_get(const seal_chain *c, seal_chain_stats *out) {
    memset(out, 0, sizeof *out);
    if (c == NULL)
        return;
    out->jsonrpc_requests = seal__chain_rpc_requests(c->rpc);
    out->grpc_requests = seal__chain_grpc_requests(c->grpc);
}

/* ---- reads ---------------------------------------------------------------------------------- */

seal_err seal_chain_get_objects(seal_chain *c, const uint8_t (*ids)[32], size_t n,
                                seal_ledger_object *out, bool *found) {
    t_last_error[0] = '\0';
    seal_err err = SEAL_OK;
    seal_ledger *l = NULL;
    size_t i = 0;
    if (c == NULL || (n > 0 && (ids == NULL || out == NULL || found == NULL)))
        return SEAL_ERR_INVALID_ARGUMENT;
    if (n > SEAL_CHAIN_MAX_OBJECTS)
        return SEAL_ERR_LIMIT;
    for (i = 0; i < n; i++)
        found[i] = false;
    if (n == 0)
        return SEAL_OK;
    if (c->grpc != NULL)
        return seal__chain_grpc_get_objects(c->grpc, ids, n, out, found);
    if (c->rpc != NULL)
        return seal__chain_rpc_get_objects(c->rpc, ids, n, out, found);
    if ((err = reader_get(c, &l)) != SEAL_OK)
        return err;
    for (i = 0; i < n; i++) {
        err = seal_ledger_object_get(l, ids[i], &out[i], &found[i]);
        if (err == SEAL_ERR_INVALID_ARGUMENT && !found[i])
            err = SEAL_OK; /* unknown or deleted: not an error here */
        if (err != SEAL_OK) {
            found[i] = false;
            break;
        }
    }
    if (err != SEAL_OK) {
        for (size_t j = 0; j < i; j++) {
            if (found[j])
                seal_ledger_object_clear(&out[j]);
            found[j] = false;
        }
    }
    reader_put(c, l, err);
    return err;
}

seal_err seal_chain_resolve_package(seal_chain *c, const uint8_t pkg[static 32],
                                    uint8_t original_id[static 32], uint64_t *version,
                                    bool *found) {
    t_last_error[0] = '\0';
    seal_err err;
    seal_ledger *l = NULL;
    if (c == NULL || version == NULL || found == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    *found = false;
    *version = 0;
    if (c->grpc != NULL)
        return seal__chain_grpc_resolve_package(c->grpc, pkg, original_id, version, found);
    if (c->rpc != NULL)
        return seal__chain_rpc_resolve_package(c->rpc, pkg, original_id, version, found);
    if ((err = reader_get(c, &l)) != SEAL_OK)
        return err;
    err = seal_ledger_package_get(l, pkg, original_id, version, found);
    reader_put(c, l, err);
    return err;
}

seal_err seal_chain_reference_gas_price(seal_chain *c, uint64_t *out) {
    t_last_error[0] = '\0';
    if (c == NULL || out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    *out = 0;
    if (c->grpc != NULL)
        return seal__chain_grpc_reference_gas_price(c->grpc, out);
    if (c->rpc != NULL)
        return seal__chain_rpc_reference_gas_price(c->rpc, out);
    *out = SEAL__CHAIN_LEDGER_GAS_PRICE;
    return SEAL_OK;
}

/* The Clock's contents: UID (32 bytes) then timestamp_ms (u64 LE). */
static seal_err clock_from_object(const seal_ledger_object *o, uint64_t *timestamp_ms) {
    uint64_t v = 0;
    if (o->contents_len != 40 || memcmp(o->contents, SEAL_LEDGER_CLOCK_ID, 32) != 0)
        return SEAL_ERR_IO;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | o->contents[32 + i];
    *timestamp_ms = v;
    return SEAL_OK;
}

seal_err seal_chain_clock(seal_chain *c, uint64_t *timestamp_ms) {
    t_last_error[0] = '\0';
    seal_err err;
    seal_ledger *l = NULL;
    if (c == NULL || timestamp_ms == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    *timestamp_ms = 0;
    if (c->embedded) {
        if ((err = reader_get(c, &l)) != SEAL_OK)
            return err;
        err = seal_ledger_clock_get(l, timestamp_ms);
        reader_put(c, l, err);
        return err;
    }
    {
        seal_ledger_object o;
        bool found = false;
        const uint8_t(*ids)[32] = &SEAL_LEDGER_CLOCK_ID;
        memset(&o, 0, sizeof o);
        if ((err = seal_chain_get_objects(c, ids, 1, &o, &found)) != SEAL_OK)
            return err;
        if (!found)
            return SEAL_ERR_IO; /* every Sui network has the Clock */
        err = clock_from_object(&o, timestamp_ms);
        seal_ledger_object_clear(&o);
        return err;
    }
}

seal_err seal_chain_service_info(seal_chain *c, seal_chain_info *out) {
    t_last_error[0] = '\0';
    seal_err err;
    seal_ledger *l = NULL;
    uint8_t genesis[32];
    if (c == NULL || out == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (c->grpc != NULL)
        return seal__chain_grpc_service_info(c->grpc, out);
    if (c->rpc != NULL)
        return seal__chain_rpc_service_info(c->rpc, out);
    /* the ledger: checkpoint 0 is the genesis, one checkpoint per committed transaction, the
     * Clock as time (as `seal localnet serve` reports them) */
    if ((err = reader_get(c, &l)) != SEAL_OK)
        return err;
    if ((err = seal_ledger_transaction_count(l, &out->checkpoint_height)) == SEAL_OK)
        err = seal_ledger_clock_get(l, &out->timestamp_ms);
    reader_put(c, l, err);
    if (err != SEAL_OK)
        return err;
    seal_ledger_genesis_digest(genesis);
    seal_sui_digest_format(out->chain_id, genesis);
    snprintf(out->chain_short, sizeof out->chain_short, "%02x%02x%02x%02x", genesis[0], genesis[1],
             genesis[2], genesis[3]);
    return SEAL_OK;
}

seal_err seal_chain_verify_signature(seal_chain *c, const uint8_t *msg, size_t msg_len,
                                     const uint8_t *sig, size_t sig_len,
                                     const uint8_t address[static 32],
                                     seal_chain_signature_result *out) {
    t_last_error[0] = '\0';
    if (c == NULL || out == NULL || (msg == NULL && msg_len > 0) || sig == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (c->grpc != NULL)
        return seal__chain_grpc_verify_signature(c->grpc, msg, msg_len, sig, sig_len, address, out);
    seal__chain_set_error("%s", c->embedded ? "the embedded ledger cannot verify zkLogin signatures"
                                            : "JSON-RPC has no signature verification");
    return SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME;
}

/* ---- dry run and execution ------------------------------------------------------------------ */

seal_err seal_chain_dry_run(seal_chain *c, const uint8_t *tx_data, size_t len,
                            seal_chain_dry_run_result *out) {
    t_last_error[0] = '\0';
    seal_err err;
    seal_ledger *l = NULL;
    seal_ledger_outcome o;
    if (c == NULL || out == NULL || (tx_data == NULL && len > 0))
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (c->grpc != NULL)
        return seal__chain_grpc_dry_run(c->grpc, tx_data, len, out);
    if (c->rpc != NULL)
        return seal__chain_rpc_dry_run(c->rpc, tx_data, len, out);
    if ((err = reader_get(c, &l)) != SEAL_OK)
        return err;
    memset(&o, 0, sizeof o);
    err = seal_ledger_dry_run_transaction(l, tx_data, len, &o);
    reader_put(c, l, err);
    if (err == SEAL_OK)
        seal_chain_verdict_from_ledger(out, &o);
    return err;
}

seal_err seal_chain_execute(seal_chain *c, const uint8_t *tx_data, size_t len,
                            const uint8_t *const *sigs, const size_t *sig_lens, size_t n_sigs,
                            seal_ledger_effects *out) {
    t_last_error[0] = '\0';
    seal_err err = SEAL_OK;
    if (c == NULL || out == NULL || tx_data == NULL ||
        (n_sigs > 0 && (sigs == NULL || sig_lens == NULL)))
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(out, 0, sizeof *out);
    if (c->grpc != NULL)
        return seal__chain_grpc_execute(c->grpc, tx_data, len, sigs, sig_lens, n_sigs, out);
    if (c->rpc != NULL)
        return seal__chain_rpc_execute(c->rpc, tx_data, len, sigs, sig_lens, n_sigs, out);
    pthread_mutex_lock(&c->write_mu);
    if (c->writer == NULL && (err = seal_ledger_open(&c->writer, c->path)) != SEAL_OK)
        seal__chain_set_error("cannot open the ledger %s for writing: %s", c->path,
                              seal_strerror(err));
    if (err == SEAL_OK) {
        err = seal_ledger_execute_transaction(c->writer, tx_data, len, sigs, sig_lens, n_sigs, out);
        if (err == SEAL_ERR_IO) {
            /* reopen on the next call rather than reuse a handle in an unknown state */
            seal__chain_set_error("ledger write failed: %s", out->outcome.message);
            seal_ledger_close(c->writer);
            c->writer = NULL;
        }
    }
    pthread_mutex_unlock(&c->write_mu);
    return err;
}
