/* The seal_approve* transaction (PROTOCOL.md 13.3), the fetch_key request body (14.2) and the
 * parsing of key server answers (14.2, 14.6). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/internal.h"
#include "seal/bcs.h"
#include "seal/ledger.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

/* ---- arguments ---------------------------------------------------------------------------- */

static bool parse_dec(uint64_t *out, const char *t, uint64_t max) {
    uint64_t v = 0;
    if (!*t || (t[0] == '0' && t[1])) {
        return false;
    }
    for (; *t; t++) {
        if (*t < '0' || *t > '9') {
            return false;
        }
        unsigned d = (unsigned)(*t - '0');
        if (v > (UINT64_MAX - d) / 10) {
            return false;
        }
        v = v * 10 + d;
    }
    if (v > max) {
        return false;
    }
    *out = v;
    return true;
}

seal_err seal_client_arg_parse(seal_client_arg *out, const char *text) {
    memset(out, 0, sizeof *out);
    const char *colon = strchr(text, ':');
    size_t tl = colon ? (size_t)(colon - text) : strlen(text);
    const char *v = colon ? colon + 1 : "";
    uint64_t n = 0;
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, out->pure, sizeof out->pure);
#define IS(name) (tl == strlen(name) && strncmp(text, name, tl) == 0)
    if (!colon && strcmp(text, "clock") == 0) {
        out->kind = SEAL_CLIENT_ARG_OBJECT;
        memcpy(out->object_id, SEAL_LEDGER_CLOCK_ID, 32);
        return SEAL_OK;
    }
    if (!colon) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    out->kind = SEAL_CLIENT_ARG_PURE;
    if (IS("object") || IS("object-mut")) {
        out->kind = SEAL_CLIENT_ARG_OBJECT;
        out->mutable_ref = IS("object-mut");
        return seal_sui_address_parse(out->object_id, v) == SEAL_OK ? SEAL_OK
                                                                    : SEAL_ERR_INVALID_ARGUMENT;
    } else if (IS("u64") && parse_dec(&n, v, UINT64_MAX)) {
        seal_bcs_write_u64(&w, n);
    } else if (IS("u32") && parse_dec(&n, v, UINT32_MAX)) {
        seal_bcs_write_u32(&w, (uint32_t)n);
    } else if (IS("u16") && parse_dec(&n, v, UINT16_MAX)) {
        seal_bcs_write_u16(&w, (uint16_t)n);
    } else if (IS("u8") && parse_dec(&n, v, UINT8_MAX)) {
        seal_bcs_write_u8(&w, (uint8_t)n);
    } else if (IS("bool") && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)) {
        seal_bcs_write_bool(&w, v[0] == 't');
    } else if (IS("address")) {
        uint8_t a[32];
        if (seal_sui_address_parse(a, v) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        seal_bcs_write_fixed(&w, a, 32);
    } else if (IS("pure")) {
        size_t len = 0;
        const char *h = (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) ? v + 2 : v;
        if (*h && seal_hex_decode_var(out->pure, sizeof out->pure, &len, v) != SEAL_OK) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        out->pure_len = len;
        return len > 0 ? SEAL_OK : SEAL_ERR_INVALID_ARGUMENT;
    } else if (IS("string")) {
        seal_bcs_write_bytes(&w, (const uint8_t *)v, strlen(v));
    } else {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
#undef IS
    if (seal_bcs_writer_finish(&w) != SEAL_OK) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    out->pure_len = w.len;
    return SEAL_OK;
}

seal_err seal_client_call_target_parse(seal_client_call *call, const char *text) {
    const char *a = strstr(text, "::");
    if (!a) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    const char *b = strstr(a + 2, "::");
    if (!b || strstr(b + 2, "::")) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    size_t ml = (size_t)(b - (a + 2)), fl = strlen(b + 2);
    if (seal_sui_address_parse_n(call->package, text, (size_t)(a - text)) != SEAL_OK || ml == 0 ||
        ml > SEAL_CLIENT_IDENT_MAX || fl == 0 || fl > SEAL_CLIENT_IDENT_MAX ||
        seal_sui_identifier_validate((const uint8_t *)(a + 2), ml) != SEAL_OK ||
        seal_sui_identifier_validate((const uint8_t *)(b + 2), fl) != SEAL_OK ||
        strncmp(b + 2, "seal_approve", 12) != 0) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    memcpy(call->module, a + 2, ml);
    call->module[ml] = '\0';
    memcpy(call->function, b + 2, fl + 1);
    return SEAL_OK;
}

/* ---- the PTB ------------------------------------------------------------------------------ */

typedef struct ptb_build {
    seal_sui_call_arg *inputs;
    size_t n_inputs;
    uint8_t (*obj_ids)[32]; /* object input ids, to deduplicate */
    size_t *obj_input;      /* their input index */
    bool *obj_mut;
    bool *obj_known; /* given by reference: not looked up */
    size_t n_objs;
    uint8_t **id_bufs; /* ULEB(len) || id per call */
    seal_sui_command *cmds;
    seal_sui_argument *args;
} ptb_build;

static seal_err resolve_objects(ptb_build *b, seal_chain *chain) {
    seal_err err = SEAL_OK;
    /* the Clock is known: shared, initial version 1 */
    size_t todo = 0;
    for (size_t i = 0; i < b->n_objs; i++) {
        seal_sui_call_arg *in = &b->inputs[b->obj_input[i]];
        in->kind = SEAL_SUI_CALL_ARG_OBJECT;
        if (b->obj_known[i]) {
            if (in->object_kind == SEAL_SUI_OBJECT_SHARED) {
                in->mutability =
                    b->obj_mut[i] ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
            }
        } else if (memcmp(b->obj_ids[i], SEAL_LEDGER_CLOCK_ID, 32) == 0) {
            in->object_kind = SEAL_SUI_OBJECT_SHARED;
            memcpy(in->object.id, SEAL_LEDGER_CLOCK_ID, 32);
            in->initial_shared_version = 1;
            in->mutability = SEAL_SUI_SHARED_IMMUTABLE;
        } else {
            todo++;
        }
    }
    if (todo == 0) {
        return SEAL_OK;
    }
    if (!chain) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    seal_ledger_object *objs = calloc(SEAL_CHAIN_MAX_OBJECTS, sizeof *objs);
    uint8_t(*ids)[32] = calloc(SEAL_CHAIN_MAX_OBJECTS, 32);
    size_t *which = calloc(SEAL_CHAIN_MAX_OBJECTS, sizeof *which);
    bool found[SEAL_CHAIN_MAX_OBJECTS];
    if (!objs || !ids || !which) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    size_t i = 0;
    while (i < b->n_objs && err == SEAL_OK) {
        size_t n = 0;
        for (; i < b->n_objs && n < SEAL_CHAIN_MAX_OBJECTS; i++) {
            if (!b->obj_known[i] && memcmp(b->obj_ids[i], SEAL_LEDGER_CLOCK_ID, 32) != 0) {
                memcpy(ids[n], b->obj_ids[i], 32);
                which[n++] = i;
            }
        }
        if (n == 0) {
            break;
        }
        memset(found, 0, sizeof found);
        if ((err = seal_chain_get_objects(chain, (const uint8_t(*)[32])ids, n, objs, found)) !=
            SEAL_OK) {
            break;
        }
        for (size_t k = 0; k < n; k++) {
            if (!found[k]) {
                err = SEAL_ERR_INVALID_ARGUMENT;
                continue;
            }
            seal_sui_call_arg *in = &b->inputs[b->obj_input[which[k]]];
            const seal_ledger_object *o = &objs[k];
            memcpy(in->object.id, o->id, 32);
            switch (o->owner.kind) {
            case SEAL_SUI_OWNER_SHARED:
            case SEAL_SUI_OWNER_CONSENSUS_ADDRESS:
                in->object_kind = SEAL_SUI_OBJECT_SHARED;
                in->initial_shared_version = o->owner.version;
                in->mutability =
                    b->obj_mut[which[k]] ? SEAL_SUI_SHARED_MUTABLE : SEAL_SUI_SHARED_IMMUTABLE;
                break;
            default:
                in->object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
                in->object.version = o->version;
                memcpy(in->object.digest, o->digest, 32);
                break;
            }
            seal_ledger_object_clear(&objs[k]);
        }
    }
out:
    free(objs);
    free(ids);
    free(which);
    return err;
}

seal_err seal_client_build_ptb(uint8_t **ptb, size_t *ptb_len, seal_chain *chain,
                               const seal_client_call *calls, size_t n_calls) {
    seal_err err = SEAL_OK;
    ptb_build b;
    memset(&b, 0, sizeof b);
    *ptb = NULL;
    *ptb_len = 0;
    if (n_calls == 0 || n_calls > SEAL_CLIENT_MAX_IDS_PER_REQUEST) {
        return n_calls == 0 ? SEAL_ERR_INVALID_ARGUMENT : SEAL_ERR_LIMIT;
    }
    size_t max_inputs = 0, max_args = 0;
    for (size_t i = 0; i < n_calls; i++) {
        if (calls[i].n_args > SEAL_CLIENT_MAX_CALL_ARGS || calls[i].id_len > SEAL_MAX_ID_BYTES ||
            memcmp(calls[i].package, calls[0].package, 32) != 0) {
            return SEAL_ERR_INVALID_ARGUMENT;
        }
        max_inputs += 1 + calls[i].n_args;
        max_args += 1 + calls[i].n_args;
    }
    b.inputs = calloc(max_inputs, sizeof *b.inputs);
    b.obj_ids = calloc(max_inputs, 32);
    b.obj_input = calloc(max_inputs, sizeof *b.obj_input);
    b.obj_mut = calloc(max_inputs, sizeof *b.obj_mut);
    b.obj_known = calloc(max_inputs, sizeof *b.obj_known);
    b.id_bufs = calloc(n_calls, sizeof *b.id_bufs);
    b.cmds = calloc(n_calls, sizeof *b.cmds);
    b.args = calloc(max_args, sizeof *b.args);
    if (!b.inputs || !b.obj_ids || !b.obj_input || !b.obj_mut || !b.obj_known || !b.id_bufs ||
        !b.cmds || !b.args) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    size_t n_args = 0;
    for (size_t i = 0; i < n_calls; i++) {
        const seal_client_call *c = &calls[i];
        seal_sui_command *cmd = &b.cmds[i];
        size_t first_arg = n_args;
        /* the id: Pure(BCS vector<u8>) */
        b.id_bufs[i] = malloc(c->id_len + SEAL_BCS_MAX_ULEB_BYTES);
        if (!b.id_bufs[i]) {
            err = SEAL_ERR_NO_MEMORY;
            goto out;
        }
        seal_bcs_writer w;
        seal_bcs_writer_init(&w, b.id_bufs[i], c->id_len + SEAL_BCS_MAX_ULEB_BYTES);
        seal_bcs_write_bytes(&w, c->id, c->id_len);
        b.inputs[b.n_inputs].kind = SEAL_SUI_CALL_ARG_PURE;
        b.inputs[b.n_inputs].pure.ptr = b.id_bufs[i];
        b.inputs[b.n_inputs].pure.len = w.len;
        b.args[n_args].kind = SEAL_SUI_ARG_INPUT;
        b.args[n_args++].index = (uint16_t)b.n_inputs++;
        for (size_t k = 0; k < c->n_args; k++) {
            const seal_client_arg *a = &c->args[k];
            if (a->kind == SEAL_CLIENT_ARG_PURE) {
                if (a->pure_len == 0 || a->pure_len > SEAL_CLIENT_PURE_MAX) {
                    err = SEAL_ERR_INVALID_ARGUMENT;
                    goto out;
                }
                b.inputs[b.n_inputs].kind = SEAL_SUI_CALL_ARG_PURE;
                b.inputs[b.n_inputs].pure.ptr = a->pure;
                b.inputs[b.n_inputs].pure.len = a->pure_len;
                b.args[n_args].kind = SEAL_SUI_ARG_INPUT;
                b.args[n_args++].index = (uint16_t)b.n_inputs++;
                continue;
            }
            size_t j = 0;
            for (; j < b.n_objs; j++) {
                if (memcmp(b.obj_ids[j], a->object_id, 32) == 0) {
                    break;
                }
            }
            if (j == b.n_objs) {
                memcpy(b.obj_ids[j], a->object_id, 32);
                b.obj_input[j] = b.n_inputs++;
                b.n_objs++;
                seal_sui_call_arg *in = &b.inputs[b.obj_input[j]];
                memcpy(in->object.id, a->object_id, 32);
                if (a->kind == SEAL_CLIENT_ARG_SHARED) {
                    b.obj_known[j] = true;
                    in->object_kind = SEAL_SUI_OBJECT_SHARED;
                    in->initial_shared_version = a->version;
                } else if (a->kind == SEAL_CLIENT_ARG_OWNED) {
                    b.obj_known[j] = true;
                    in->object_kind = SEAL_SUI_OBJECT_IMM_OR_OWNED;
                    in->object.version = a->version;
                    memcpy(in->object.digest, a->digest, 32);
                } else if (a->kind != SEAL_CLIENT_ARG_OBJECT) {
                    err = SEAL_ERR_INVALID_ARGUMENT;
                    goto out;
                }
            }
            b.obj_mut[j] |= a->mutable_ref;
            b.args[n_args].kind = SEAL_SUI_ARG_INPUT;
            b.args[n_args++].index = (uint16_t)b.obj_input[j];
        }
        cmd->kind = SEAL_SUI_CMD_MOVE_CALL;
        memcpy(cmd->package, c->package, 32);
        cmd->module.ptr = (const uint8_t *)c->module;
        cmd->module.len = strlen(c->module);
        cmd->function.ptr = (const uint8_t *)c->function;
        cmd->function.len = strlen(c->function);
        cmd->args = &b.args[first_arg];
        cmd->n_args = n_args - first_arg;
    }
    if ((err = resolve_objects(&b, chain)) != SEAL_OK) {
        goto out;
    }
    seal_sui_ptb p = {
        .n_inputs = b.n_inputs, .inputs = b.inputs, .n_commands = n_calls, .commands = b.cmds};
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    if ((err = seal_sui_ptb_encode(&w, &p)) != SEAL_OK) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    size_t need = w.len;
    uint8_t *buf = malloc(need);
    if (!buf) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_bcs_writer_init(&w, buf, need);
    if ((err = seal_sui_ptb_encode(&w, &p)) != SEAL_OK ||
        (err = seal_bcs_writer_finish(&w)) != SEAL_OK) {
        free(buf);
        goto out;
    }
    *ptb = buf;
    *ptb_len = need;
out:
    if (b.id_bufs) {
        for (size_t i = 0; i < n_calls; i++) {
            free(b.id_bufs[i]);
        }
    }
    free(b.inputs);
    free(b.obj_ids);
    free(b.obj_input);
    free(b.obj_mut);
    free(b.obj_known);
    free(b.id_bufs);
    free(b.cmds);
    free(b.args);
    return err;
}

/* ---- the request body --------------------------------------------------------------------- */

static json_t *b64_json(const uint8_t *p, size_t n) {
    size_t l = seal_sui_base64_encoded_len(n);
    char *s = malloc(l + 1);
    if (!s) {
        return NULL;
    }
    seal_sui_base64_encode(s, p, n);
    json_t *j = json_stringn(s, l);
    free(s);
    return j;
}

seal_err seal_client_request_json(char **json, size_t *len, const seal_session *s,
                                  const uint8_t *ptb, size_t ptb_len,
                                  const uint8_t enc_key[static 48],
                                  const uint8_t enc_verification_key[static 96], uint64_t now_ms) {
    uint8_t sig[64], vk[32], user[32];
    char user_hex[SEAL_SUI_ADDRESS_HEX_BYTES];
    size_t cert_sig_len = 0;
    seal_err err;
    *json = NULL;
    *len = 0;
    if (!seal_session_is_signed(s)) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (seal_session_is_expired(s, now_ms)) {
        return SEAL_ERR_EXPIRED;
    }
    if ((err = seal__session_request_signature(s, sig, ptb, ptb_len, enc_key,
                                               enc_verification_key)) != SEAL_OK) {
        return err;
    }
    const uint8_t *cert_sig = seal__session_signature(s, &cert_sig_len);
    seal_session_public_key(s, vk);
    seal_session_address(s, user);
    seal_sui_address_format(user_hex, user);
    const char *mvr = seal_session_mvr_name(s);
    json_t *cert = json_object();
    json_t *root = json_object();
    err = SEAL_ERR_NO_MEMORY;
    if (!cert || !root || json_object_set_new(cert, "user", json_string(user_hex)) != 0 ||
        json_object_set_new(cert, "session_vk", b64_json(vk, 32)) != 0 ||
        json_object_set_new(cert, "creation_time",
                            json_integer((json_int_t)seal_session_creation_time_ms(s))) != 0 ||
        json_object_set_new(cert, "ttl_min", json_integer(seal_session_ttl_min(s))) != 0 ||
        json_object_set_new(cert, "signature", b64_json(cert_sig, cert_sig_len)) != 0 ||
        json_object_set_new(cert, "mvr_name", mvr ? json_string(mvr) : json_null()) != 0 ||
        json_object_set_new(root, "ptb", b64_json(ptb, ptb_len)) != 0 ||
        json_object_set_new(root, "enc_key", b64_json(enc_key, 48)) != 0 ||
        json_object_set_new(root, "enc_verification_key", b64_json(enc_verification_key, 96)) !=
            0 ||
        json_object_set_new(root, "request_signature", b64_json(sig, 64)) != 0) {
        goto out;
    }
    if (json_object_set(root, "certificate", cert) != 0) {
        goto out;
    }
    char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!text) {
        goto out;
    }
    *json = text;
    *len = strlen(text);
    err = SEAL_OK;
out:
    json_decref(cert);
    json_decref(root);
    seal_memzero(sig, sizeof sig);
    return err;
}

/* ---- answers ------------------------------------------------------------------------------ */

static void set_why(char *why, size_t why_len, const char *msg) {
    if (why && why_len) {
        snprintf(why, why_len, "%s", msg);
    }
}

static seal_err b64_fixed(uint8_t *out, size_t n, const json_t *j) {
    size_t got = 0;
    if (!json_is_string(j)) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    if (seal_sui_base64_decode(out, n, &got, json_string_value(j), json_string_length(j)) !=
            SEAL_OK ||
        got != n) {
        return SEAL_ERR_INVALID_ENCODING;
    }
    return SEAL_OK;
}

seal_err seal_client_response_parse(seal_client_encrypted_key **keys, size_t *n, size_t max,
                                    const char *body, size_t len, char *why, size_t why_len) {
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    seal_client_encrypted_key *out = NULL;
    *keys = NULL;
    *n = 0;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    if (!root || !json_is_object(root)) {
        set_why(why, why_len, "the answer is not a JSON object");
        goto out;
    }
    json_t *arr = json_object_get(root, "decryption_keys");
    if (!json_is_array(arr)) {
        set_why(why, why_len, "no \"decryption_keys\" array");
        goto out;
    }
    size_t cnt = json_array_size(arr);
    if (cnt > max) {
        set_why(why, why_len, "more keys than ids requested");
        goto out;
    }
    out = calloc(cnt ? cnt : 1, sizeof *out);
    if (!out) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < cnt; i++) {
        json_t *e = json_array_get(arr, i);
        json_t *id = json_object_get(e, "id");
        json_t *ek = json_object_get(e, "encrypted_key");
        if (!json_is_object(e) || !json_is_array(id) || !json_is_array(ek) ||
            json_array_size(ek) != 2) {
            set_why(why, why_len, "a decryption key entry is malformed");
            goto out;
        }
        size_t idn = json_array_size(id);
        if (idn < 32 || idn > 32 + SEAL_MAX_ID_BYTES) {
            set_why(why, why_len, "a key id has an invalid length");
            goto out;
        }
        for (size_t k = 0; k < idn; k++) {
            json_t *b = json_array_get(id, k);
            json_int_t v = json_is_integer(b) ? json_integer_value(b) : -1;
            if (v < 0 || v > 255) {
                set_why(why, why_len, "a key id holds a value that is not a byte");
                goto out;
            }
            out[i].full_id[k] = (uint8_t)v;
        }
        out[i].full_id_len = idn;
        if (b64_fixed(out[i].c0, 48, json_array_get(ek, 0)) != SEAL_OK ||
            b64_fixed(out[i].c1, 48, json_array_get(ek, 1)) != SEAL_OK) {
            set_why(why, why_len, "an encrypted key is not base64 of 48 bytes");
            goto out;
        }
    }
    *keys = out;
    *n = cnt;
    out = NULL;
    err = SEAL_OK;
out:
    free(out);
    json_decref(root);
    return err;
}

seal_err seal_client_service_parse(uint8_t service_id[static 32], uint8_t pop[static 48],
                                   const char *body, size_t len, char *why, size_t why_len) {
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    memset(service_id, 0, 32);
    memset(pop, 0, 48);
    if (!root || !json_is_object(root)) {
        set_why(why, why_len, "the answer is not a JSON object");
        goto out;
    }
    json_t *sid = json_object_get(root, "service_id");
    if (!json_is_string(sid) || seal_sui_address_parse_n(service_id, json_string_value(sid),
                                                         json_string_length(sid)) != SEAL_OK) {
        set_why(why, why_len, "no \"service_id\" object id");
        goto out;
    }
    if (b64_fixed(pop, 48, json_object_get(root, "pop")) != SEAL_OK) {
        set_why(why, why_len, "no \"pop\" of 48 bytes in base64");
        goto out;
    }
    err = SEAL_OK;
out:
    if (err != SEAL_OK) {
        memset(service_id, 0, 32);
        memset(pop, 0, 48);
    }
    json_decref(root);
    return err;
}

static void copy_printable(char *dst, size_t cap, const char *src) {
    size_t o = 0;
    for (size_t i = 0; src[i] && o + 1 < cap; i++) {
        unsigned char ch = (unsigned char)src[i];
        dst[o++] = (ch >= 0x20 && ch < 0x7f) ? (char)ch : '?';
    }
    if (cap) {
        dst[o] = '\0';
    }
}

seal_err seal_client_error_body_parse(char *kind, size_t kind_cap, char *message,
                                      size_t message_cap, const char *body, size_t len) {
    json_t *root = json_loadb(body, len, 0, NULL);
    seal_err err = SEAL_ERR_INVALID_ENCODING;
    if (root && json_is_object(root) && json_is_string(json_object_get(root, "error"))) {
        copy_printable(kind, kind_cap, json_string_value(json_object_get(root, "error")));
        json_t *m = json_object_get(root, "message");
        copy_printable(message, message_cap, json_is_string(m) ? json_string_value(m) : "");
        err = SEAL_OK;
    }
    json_decref(root);
    return err;
}

seal_err seal_client_error_kind_to_err(const char *kind) {
    if (strcmp(kind, "NoAccess") == 0) {
        return SEAL_ERR_NO_ACCESS;
    }
    if (strcmp(kind, "InvalidCertificate") == 0) {
        return SEAL_ERR_EXPIRED;
    }
    return SEAL_ERR_KEY_SERVER;
}

static bool parse_semver(const char *v, uint64_t out[3]) {
    for (int i = 0; i < 3; i++) {
        uint64_t x = 0;
        size_t digits = 0;
        while (*v >= '0' && *v <= '9' && digits < 9) {
            x = x * 10 + (uint64_t)(*v - '0');
            v++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        out[i] = x;
        if (i < 2) {
            if (*v != '.') {
                return false;
            }
            v++;
        }
    }
    /* pre-release / build suffixes are allowed */
    return *v == '\0' || *v == '-' || *v == '+';
}

bool seal_client_server_version_ok(const char *version) {
    uint64_t have[3], want[3];
    if (!parse_semver(version, have) || !parse_semver(SEAL_CLIENT_MIN_SERVER_VERSION, want)) {
        return false;
    }
    for (int i = 0; i < 3; i++) {
        if (have[i] != want[i]) {
            return have[i] > want[i];
        }
    }
    return true;
}
