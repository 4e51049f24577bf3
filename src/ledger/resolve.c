/*
 * Input resolution of incomplete programmable transactions, as a Sui full node resolves a
 * SimulateTransaction request (object ids without kind, version or digest; shared objects'
 * initial versions; mutability from the called functions' signatures).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ledger/internal.h"
#include "seal/sui.h"

static void set(seal_ledger_resolve_result *r, seal_ledger_resolve_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set(seal_ledger_resolve_result *r, seal_ledger_resolve_status s, const char *fmt, ...) {
    va_list ap;
    r->status = s;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

static bool uses_input(const seal_sui_argument *a, size_t k) {
    return a->kind == SEAL_SUI_ARG_INPUT && a->index == k;
}

/* How the commands use input k: *mut when some use needs it mutably (a `&mut` or by-value
 * parameter, or a coin / vector / transfer command); *receiving when a MoveCall takes it as
 * 0x2::transfer::Receiving<…>. A MoveCall of an unknown function that uses it is an error. */
static bool input_usage(const seal_sui_command *cmds, size_t n_cmds, size_t k, bool *mut,
                        bool *receiving, seal_ledger_resolve_result *res) {
    *mut = *receiving = false;
    for (size_t c = 0; c < n_cmds; c++) {
        const seal_sui_command *cmd = &cmds[c];
        if (cmd->kind == SEAL_SUI_CMD_MOVE_CALL) {
            const seal_ledger_function *f = NULL;
            bool used = false;
            for (size_t i = 0; i < cmd->n_args; i++)
                used |= uses_input(&cmd->args[i], k);
            if (!used)
                continue;
            f = seal_ledger_function_find(cmd->package, (const char *)cmd->module.ptr,
                                          cmd->module.len, (const char *)cmd->function.ptr,
                                          cmd->function.len);
            if (f == NULL) {
                char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
                seal_sui_address_format(hex, cmd->package);
                set(res, SEAL_LEDGER_RESOLVE_INVALID, "unable to find function %s::%.*s::%.*s", hex,
                    (int)cmd->module.len, (const char *)cmd->module.ptr, (int)cmd->function.len,
                    (const char *)cmd->function.ptr);
                return false;
            }
            for (size_t i = 0; i < cmd->n_args && i < seal_ledger_function_arity(f); i++) {
                const char *type = NULL;
                int ref;
                if (!uses_input(&cmd->args[i], k))
                    continue;
                ref = seal_ledger_param_reference(f->params[i], &type);
                if (ref != 1)
                    *mut = true;
                if (ref == 0 && strncmp(type, "0x2::transfer::Receiving<", 25) == 0)
                    *receiving = true;
            }
        } else {
            bool used = uses_input(&cmd->arg, k);
            for (size_t i = 0; i < cmd->n_args; i++)
                used |= uses_input(&cmd->args[i], k);
            if (used && cmd->kind != SEAL_SUI_CMD_PUBLISH)
                *mut = true;
        }
    }
    return true;
}

static seal_err resolve_one(seal_ledger *l, const seal_ledger_input *in, size_t k,
                            const seal_sui_command *cmds, size_t n_cmds, seal_sui_call_arg *out,
                            seal_ledger_resolve_result *res) {
    char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    seal_ledger_object o;
    seal_ledger_input_kind kind = in->kind;
    bool found = false, mut = false, receiving = false;
    seal_err err;
    memset(out, 0, sizeof *out);
    if (kind == SEAL_LEDGER_INPUT_PURE) {
        out->kind = SEAL_SUI_CALL_ARG_PURE;
        out->pure = in->pure;
        return SEAL_OK;
    }
    seal_sui_address_format(hex, in->id);
    memset(&o, 0, sizeof o);
    if ((err = seal__ledger_obj_get(&l->r, in->id, &o, &found)) != SEAL_OK)
        return err;
    if (!found) {
        uint8_t original[32];
        uint64_t version = 0;
        bool pkg = false;
        if ((err = seal_ledger_package_get(l, in->id, original, &version, &pkg)) != SEAL_OK)
            return err;
        if (pkg) /* packages are immutable objects, but the ledger keeps no object for them */
            set(res, SEAL_LEDGER_RESOLVE_INVALID,
                "input object %s is a package: packages cannot be transaction inputs", hex);
        else
            set(res, SEAL_LEDGER_RESOLVE_NOT_FOUND, "Object %s not found", hex);
        return SEAL_OK;
    }
    out->kind = SEAL_SUI_CALL_ARG_OBJECT;
    memcpy(out->object.id, in->id, 32);
    if (kind == SEAL_LEDGER_INPUT_SHARED || kind == SEAL_LEDGER_INPUT_UNSET ||
        kind == SEAL_LEDGER_INPUT_RECEIVING) {
        if (!input_usage(cmds, n_cmds, k, &mut, &receiving, res))
            goto done;
    }
    if (kind == SEAL_LEDGER_INPUT_UNSET) {
        switch (o.owner.kind) {
        case SEAL_SUI_OWNER_SHARED:
        case SEAL_SUI_OWNER_CONSENSUS_ADDRESS:
            kind = SEAL_LEDGER_INPUT_SHARED;
            break;
        case SEAL_SUI_OWNER_ADDRESS:
            kind = receiving ? SEAL_LEDGER_INPUT_RECEIVING : SEAL_LEDGER_INPUT_IMM_OR_OWNED;
            break;
        case SEAL_SUI_OWNER_IMMUTABLE:
            kind = SEAL_LEDGER_INPUT_IMM_OR_OWNED;
            break;
        default:
            set(res, SEAL_LEDGER_RESOLVE_INVALID,
                "input object %s is owned by an object: it cannot be a transaction input", hex);
            goto done;
        }
    }
    if (kind == SEAL_LEDGER_INPUT_SHARED) {
        if (o.owner.kind != SEAL_SUI_OWNER_SHARED &&
            o.owner.kind != SEAL_SUI_OWNER_CONSENSUS_ADDRESS) {
            set(res, SEAL_LEDGER_RESOLVE_INVALID, "input object %s is not a shared object", hex);
            goto done;
        }
        out->object_kind = SEAL_SUI_OBJECT_SHARED;
        out->initial_shared_version = o.owner.version;
        out->mutability = mut ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
        goto done;
    }
    /* owned, immutable or receiving: the current reference */
    if (o.owner.kind == SEAL_SUI_OWNER_SHARED || o.owner.kind == SEAL_SUI_OWNER_OBJECT ||
        o.owner.kind == SEAL_SUI_OWNER_CONSENSUS_ADDRESS ||
        (kind == SEAL_LEDGER_INPUT_RECEIVING && o.owner.kind != SEAL_SUI_OWNER_ADDRESS)) {
        set(res, SEAL_LEDGER_RESOLVE_INVALID, "input object %s is not %s", hex,
            kind == SEAL_LEDGER_INPUT_RECEIVING ? "owned by an address"
                                                : "an address-owned or immutable object");
        goto done;
    }
    if (in->has_version && in->version != o.version) {
        set(res, SEAL_LEDGER_RESOLVE_INVALID,
            "input object %s: version %llu given, the current version is %llu", hex,
            (unsigned long long)in->version, (unsigned long long)o.version);
        goto done;
    }
    if (in->has_digest && memcmp(in->digest, o.digest, 32) != 0) {
        char d[SEAL_SUI_DIGEST_BASE58_BYTES];
        seal_sui_digest_format(d, o.digest);
        set(res, SEAL_LEDGER_RESOLVE_INVALID,
            "input object %s: the digest given is not the current digest %s", hex, d);
        goto done;
    }
    out->object_kind = kind == SEAL_LEDGER_INPUT_RECEIVING ? SEAL_SUI_OBJECT_RECEIVING
                                                           : SEAL_SUI_OBJECT_IMM_OR_OWNED;
    out->object.version = o.version;
    memcpy(out->object.digest, o.digest, 32);
done:
    seal_ledger_object_clear(&o);
    return SEAL_OK;
}

seal_err seal_ledger_resolve_inputs(seal_ledger *l, const seal_ledger_input *in, size_t n,
                                    const seal_sui_command *cmds, size_t n_cmds,
                                    seal_sui_call_arg *out, seal_ledger_resolve_result *res) {
    seal_err err = SEAL_OK;
    if (l == NULL || res == NULL || (n > 0 && (in == NULL || out == NULL)) ||
        (n_cmds > 0 && cmds == NULL))
        return SEAL_ERR_INVALID_ARGUMENT;
    memset(res, 0, sizeof *res);
    /* every called package must exist */
    for (size_t c = 0; c < n_cmds; c++) {
        uint8_t original[32];
        uint64_t version = 0;
        bool found = false;
        if (cmds[c].kind != SEAL_SUI_CMD_MOVE_CALL)
            continue;
        if ((err = seal_ledger_package_get(l, cmds[c].package, original, &version, &found)) !=
            SEAL_OK)
            return err;
        if (!found) {
            char hex[SEAL_SUI_ADDRESS_HEX_BYTES];
            seal_sui_address_format(hex, cmds[c].package);
            set(res, SEAL_LEDGER_RESOLVE_NOT_FOUND, "Object %s not found", hex);
            return SEAL_OK;
        }
    }
    if ((err = seal__ledger_read_begin(&l->r)) != SEAL_OK)
        return err;
    for (size_t k = 0; k < n && res->status == SEAL_LEDGER_RESOLVED; k++)
        if ((err = resolve_one(l, &in[k], k, cmds, n_cmds, &out[k], res)) != SEAL_OK)
            break;
    seal__ledger_read_end(&l->r);
    return err;
}
