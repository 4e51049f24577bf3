/*
 * patterns::voting: the Vote object (BCS of the Move struct), cast_vote with the checks of
 * bf_hmac_encryption::parse_encrypted_object and voting::cast_vote, and seal_approve.
 *
 *   Vote { id: UID, voters: vector<address>, options: u8,
 *          votes: vector<Option<EncryptedObject>>, is_finalized: bool,
 *          key_servers: vector<address>, public_keys: vector<vector<u8>>, threshold: u8 }
 *   EncryptedObject { package_id: address, id: vector<u8>, indices: vector<u8>,
 *          services: vector<address>, threshold: u8, nonce: Element<G2> { bytes: vector<u8> },
 *          encrypted_shares: vector<vector<u8>>, encrypted_randomness: vector<u8>,
 *          blob: vector<u8>, aad: Option<vector<u8>>, mac: vector<u8> }
 */
#include <stdlib.h>
#include <string.h>

#include "ledger/internal.h"
#include "seal/bls12_381.h"
#include "seal/encrypt.h"
#include "seal/keys.h"
#include "seal/object.h"
#include "seal/util.h"
#include "seal/sui.h"
#include "seal/sui_tx.h"

#define MAXLEN SEAL_LEDGER_OBJECT_MAX_BYTES
#define EOPTION_IS_SET 0x40000u
#define EOPTION_NOT_SET 0x40001u
static const uint8_t MOVE_STDLIB[32] = {[31] = 0x01};

/* Skips one EncryptedObject (Move layout). */
static seal_err skip_encrypted_object(seal_bcs_reader *r) {
    const uint8_t *p = NULL;
    size_t n = 0, k = 0;
    uint8_t u8 = 0;
    bool some = false;
    seal_err err = SEAL_OK;
    if ((err = seal_bcs_read_borrow(r, &p, 32)) != SEAL_OK ||
        (err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK ||
        (err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK ||
        (err = seal_bcs_read_len(r, MAXLEN / 32, &n)) != SEAL_OK ||
        (err = seal_bcs_read_borrow(r, &p, 32 * n)) != SEAL_OK ||
        (err = seal_bcs_read_u8(r, &u8)) != SEAL_OK ||
        (err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK ||
        (err = seal_bcs_read_len(r, MAXLEN, &k)) != SEAL_OK)
        return err;
    for (size_t i = 0; i < k; i++)
        if ((err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK)
            return err;
    if ((err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK ||
        (err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK ||
        (err = seal_bcs_read_option(r, &some)) != SEAL_OK)
        return err;
    if (some && (err = seal_bcs_read_bytes(r, MAXLEN, &p, &n)) != SEAL_OK)
        return err;
    return seal_bcs_read_bytes(r, MAXLEN, &p, &n);
}

/* The parts of a Vote the rules need; votes_at[i] is the offset of votes[i]'s option tag. */
typedef struct vote_view {
    const uint8_t *voters;
    size_t n_voters;
    size_t n_votes;
    size_t votes_start, votes_end; /* byte range of the votes vector's elements */
    size_t n_filled;
    const uint8_t *key_servers;
    size_t n_key_servers;
    uint8_t threshold;
} vote_view;

static seal_err vote_parse(vote_view *v, const uint8_t *c, size_t len, size_t target,
                           size_t *target_off) {
    seal_bcs_reader r;
    const uint8_t *p = NULL;
    uint8_t options = 0;
    bool b = false, some = false;
    size_t n = 0;
    seal_err err;
    memset(v, 0, sizeof *v);
    seal_bcs_reader_init(&r, c, len);
    if ((err = seal_bcs_read_borrow(&r, &p, 32)) != SEAL_OK ||
        (err = seal_bcs_read_len(&r, MAXLEN / 32, &v->n_voters)) != SEAL_OK ||
        (err = seal_bcs_read_borrow(&r, &v->voters, 32 * v->n_voters)) != SEAL_OK ||
        (err = seal_bcs_read_u8(&r, &options)) != SEAL_OK ||
        (err = seal_bcs_read_len(&r, MAXLEN, &v->n_votes)) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    v->votes_start = r.pos;
    for (size_t i = 0; i < v->n_votes; i++) {
        if (i == target && target_off != NULL)
            *target_off = r.pos;
        if (seal_bcs_read_option(&r, &some) != SEAL_OK)
            return SEAL_ERR_INTERNAL;
        if (some) {
            v->n_filled++;
            if (skip_encrypted_object(&r) != SEAL_OK)
                return SEAL_ERR_INTERNAL;
        }
    }
    v->votes_end = r.pos;
    if (seal_bcs_read_bool(&r, &b) != SEAL_OK ||
        seal_bcs_read_len(&r, MAXLEN / 32, &v->n_key_servers) != SEAL_OK ||
        seal_bcs_read_borrow(&r, &v->key_servers, 32 * v->n_key_servers) != SEAL_OK ||
        seal_bcs_read_len(&r, MAXLEN, &n) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    for (size_t i = 0, m = 0; i < n; i++)
        if (seal_bcs_read_bytes(&r, MAXLEN, &p, &m) != SEAL_OK)
            return SEAL_ERR_INTERNAL;
    if (seal_bcs_read_u8(&r, &v->threshold) != SEAL_OK || seal_bcs_reader_finish(&r) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    return SEAL_OK;
}

seal_err seal__ledger_voting_approve(seal_ledger *l, const uint8_t *id, size_t id_len,
                                     const seal_ledger_object *vote, seal_ledger_outcome *out) {
    vote_view v;
    (void)l;
    seal_err err = vote_parse(&v, vote->contents, vote->contents_len, SIZE_MAX, NULL);
    if (err != SEAL_OK)
        return err;
    if (id_len != 32 || memcmp(id, vote->contents, 32) != 0)
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 1);
    else if (v.n_filled != v.n_votes)
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "seal_approve", 2);
    return SEAL_OK;
}

seal_err seal_ledger_voting_create(seal_ledger *l, const uint8_t sender[static 32],
                                   const uint8_t (*voters)[32], size_t n_voters, uint8_t options,
                                   const uint8_t (*key_servers)[32],
                                   const uint8_t (*public_keys)[96], size_t n_key_servers,
                                   uint8_t threshold, uint8_t vote_id[static 32],
                                   seal_ledger_outcome *out) {
    static const char fn[] = "voting::create_vote";
    seal_err err;
    seal__ledger_tx t;
    seal_ledger_object o;
    uint8_t *buf = NULL;
    seal_bcs_writer w;
    memset(&o, 0, sizeof o);
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    if (n_voters > 1024 || n_key_servers > SEAL_MAX_SERVICES || threshold > n_key_servers ||
        (n_voters && voters == NULL) ||
        (n_key_servers && (key_servers == NULL || public_keys == NULL)))
        return SEAL_ERR_INVALID_ARGUMENT;
    size_t cap = 32 + 5 + 32 * n_voters + 1 + 5 + n_voters + 1 + 5 + 32 * n_key_servers + 5 +
                 97 * n_key_servers + 1;
    if ((buf = malloc(cap)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = seal__ledger_tx_begin(l, &t, fn, sender)) != SEAL_OK)
        goto out;
    t.lamport = 1;
    seal__ledger_tx_new_id(&t, o.id);
    {
        uint8_t tag[256];
        seal_bcs_writer tw;
        seal_bcs_writer_init(&tw, tag, sizeof tag);
        seal_bcs_write_u8(&tw, SEAL_SUI_TYPE_STRUCT);
        seal_bcs_write_fixed(&tw, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
        seal_bcs_write_bytes(&tw, (const uint8_t *)"voting", 6);
        seal_bcs_write_bytes(&tw, (const uint8_t *)"Vote", 4);
        seal_bcs_write_uleb128(&tw, 0);
        memcpy(o.type, tag, tw.len);
        o.type_len = tw.len;
    }
    o.owner.kind = SEAL_SUI_OWNER_SHARED;
    o.owner.version = t.lamport;
    o.version = t.lamport;
    memcpy(o.previous_transaction, t.digest, 32);
    seal_bcs_writer_init(&w, buf, cap);
    seal_bcs_write_fixed(&w, o.id, 32);
    seal_bcs_write_uleb128(&w, n_voters);
    for (size_t i = 0; i < n_voters; i++)
        seal_bcs_write_fixed(&w, voters[i], 32);
    seal_bcs_write_u8(&w, options);
    seal_bcs_write_uleb128(&w, n_voters);
    for (size_t i = 0; i < n_voters; i++)
        seal_bcs_write_u8(&w, 0);
    seal_bcs_write_bool(&w, false);
    seal_bcs_write_uleb128(&w, n_key_servers);
    for (size_t i = 0; i < n_key_servers; i++)
        seal_bcs_write_fixed(&w, key_servers[i], 32);
    seal_bcs_write_uleb128(&w, n_key_servers);
    for (size_t i = 0; i < n_key_servers; i++)
        seal_bcs_write_bytes(&w, public_keys[i], 96);
    seal_bcs_write_u8(&w, threshold);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    o.contents = buf;
    o.contents_len = w.len;
    buf = NULL;
    if ((err = seal__ledger_tx_put(&t, &o)) != SEAL_OK)
        goto out;
    if ((err = seal__ledger_tx_commit(&t, fn, sender)) != SEAL_OK)
        goto out;
    memcpy(vote_id, o.id, 32);
out:
    seal__ledger_tx_rollback(&t);
    seal_ledger_object_clear(&o);
    free(buf);
    return err;
}

/* EncryptedObject in its Move layout. */
static void write_encrypted_object(seal_bcs_writer *w, const seal_object *e) {
    seal_bcs_write_fixed(w, e->package_id, 32);
    seal_bcs_write_bytes(w, e->id, e->id_len);
    seal_bcs_write_bytes(w, e->service_indices, e->n_services);
    seal_bcs_write_uleb128(w, e->n_services);
    for (size_t i = 0; i < e->n_services; i++)
        seal_bcs_write_fixed(w, e->service_ids[i], 32);
    seal_bcs_write_u8(w, e->threshold);
    seal_bcs_write_bytes(w, e->nonce, 96);
    seal_bcs_write_uleb128(w, e->n_services);
    for (size_t i = 0; i < e->n_services; i++)
        seal_bcs_write_bytes(w, e->encrypted_shares[i], 32);
    seal_bcs_write_bytes(w, e->encrypted_randomness, 32);
    seal_bcs_write_bytes(w, e->blob, e->blob_len);
    seal_bcs_write_bool(w, e->has_aad);
    if (e->has_aad)
        seal_bcs_write_bytes(w, e->aad, e->aad_len);
    seal_bcs_write_bytes(w, e->mac, 32);
}

/* parse_encrypted_object's own checks beyond BCS decoding (abort 3 otherwise). */
static bool encrypted_object_ok(const seal_object *e) {
    if (e->version != 0 || e->ibe_type != SEAL_IBE_BONEH_FRANKLIN_BLS12381 ||
        e->dem != SEAL_DEM_HMAC_256_CTR || e->threshold == 0 || e->threshold > e->n_services)
        return false;
    for (size_t i = 0; i < e->n_services; i++) {
        if (e->service_indices[i] == 0)
            return false;
        for (size_t j = 0; j < i; j++)
            if (e->service_indices[i] == e->service_indices[j])
                return false;
    }
    return true;
}

/* Loads the &mut Vote argument: it must exist, be shared and be a patterns::voting::Vote (any
 * other object, even one whose contents parse as a Vote, is a TypeMismatch as on Sui). *ok is
 * false with out set otherwise. */
static seal_err vote_load(seal__ledger_tx *t, const uint8_t vote_id[static 32],
                          seal_ledger_object *vote, bool *ok, seal_ledger_outcome *out) {
    uint8_t tag[256];
    seal_bcs_writer tw;
    bool found = false;
    seal_err err;
    *ok = false;
    if ((err = seal__ledger_obj_get(&t->l->w, vote_id, vote, &found)) != SEAL_OK)
        return err;
    if (!found) {
        seal__ledger_outcome_object(out, SEAL_LEDGER_OBJECT_NOT_FOUND, vote_id, "object not found");
        return SEAL_OK;
    }
    seal_bcs_writer_init(&tw, tag, sizeof tag);
    seal_bcs_write_u8(&tw, SEAL_SUI_TYPE_STRUCT);
    seal_bcs_write_fixed(&tw, SEAL_LEDGER_PATTERNS_PACKAGE, 32);
    seal_bcs_write_bytes(&tw, (const uint8_t *)"voting", 6);
    seal_bcs_write_bytes(&tw, (const uint8_t *)"Vote", 4);
    seal_bcs_write_uleb128(&tw, 0);
    if (vote->owner.kind != SEAL_SUI_OWNER_SHARED) {
        seal__ledger_outcome_object(out, SEAL_LEDGER_WRONG_OWNER, vote_id, "object is not shared");
        return SEAL_OK;
    }
    if (vote->type_len != tw.len || memcmp(vote->type, tag, tw.len) != 0) {
        seal__ledger_outcome_object(out, SEAL_LEDGER_TYPE_MISMATCH, vote_id,
                                    "object of the wrong type");
        return SEAL_OK;
    }
    *ok = true;
    return SEAL_OK;
}

seal_err seal__ledger_voting_cast(seal__ledger_tx *t, const uint8_t sender[static 32],
                                  const uint8_t vote_id[static 32], const uint8_t *enc,
                                  size_t enc_len, seal_ledger_outcome *out) {
    static const uint8_t zero[32] = {0};
    seal_err err = SEAL_OK;
    seal_ledger_object vote;
    seal_object *e = NULL;
    uint8_t *buf = NULL;
    bool found = false;
    vote_view v;
    size_t slot = 0, index = 0;
    memset(&vote, 0, sizeof vote);
    if (enc == NULL || enc_len > MAXLEN)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((e = malloc(sizeof *e)) == NULL)
        return SEAL_ERR_NO_MEMORY;
    if ((err = vote_load(t, vote_id, &vote, &found, out)) != SEAL_OK || !found)
        goto out;
    if (seal_object_decode(e, enc, enc_len) != SEAL_OK || !encrypted_object_ok(e)) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption",
                                   "parse_encrypted_object", 3);
        goto out;
    }
    if (!e->has_aad) {
        seal__ledger_outcome_abort(out, MOVE_STDLIB, "option", "borrow", EOPTION_NOT_SET);
        goto out;
    }
    if ((err = vote_parse(&v, vote.contents, vote.contents_len, SIZE_MAX, NULL)) != SEAL_OK)
        goto out;
    bool same_servers = e->n_services == v.n_key_servers;
    for (size_t i = 0; same_servers && i < e->n_services; i++)
        same_servers = memcmp(e->service_ids[i], v.key_servers + 32 * i, 32) == 0;
    if (e->aad_len != 32 || memcmp(e->aad, sender, 32) != 0 || !same_servers ||
        e->threshold != v.threshold || e->id_len != 32 || memcmp(e->id, vote.contents, 32) != 0 ||
        memcmp(e->package_id, zero, 32) != 0) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "cast_vote", 1);
        goto out;
    }
    for (index = 0; index < v.n_voters; index++)
        if (memcmp(v.voters + 32 * index, sender, 32) == 0)
            break;
    if (index == v.n_voters || index >= v.n_votes) {
        seal__ledger_outcome_abort(out, MOVE_STDLIB, "option", "destroy_some", EOPTION_NOT_SET);
        goto out;
    }
    if ((err = vote_parse(&v, vote.contents, vote.contents_len, index, &slot)) != SEAL_OK)
        goto out;
    if (vote.contents[slot] != 0) {
        seal__ledger_outcome_abort(out, MOVE_STDLIB, "option", "fill", EOPTION_IS_SET);
        goto out;
    }
    /* New contents: prefix, Some(EncryptedObject), the rest after the None tag. */
    seal_bcs_writer w;
    seal_bcs_writer_init(&w, NULL, 0);
    write_encrypted_object(&w, e);
    size_t cap = vote.contents_len + 1 + w.len;
    if (cap > MAXLEN) {
        err = SEAL_ERR_LIMIT;
        goto out;
    }
    if ((buf = malloc(cap)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    seal_bcs_writer_init(&w, buf, cap);
    seal_bcs_write_fixed(&w, vote.contents, slot);
    seal_bcs_write_u8(&w, 1);
    write_encrypted_object(&w, e);
    seal_bcs_write_fixed(&w, vote.contents + slot + 1, vote.contents_len - slot - 1);
    if ((err = seal_bcs_writer_finish(&w)) != SEAL_OK)
        goto out;
    seal__ledger_tx_set_lamport(t, vote.version + 1);
    free(vote.contents);
    vote.contents = buf;
    vote.contents_len = w.len;
    buf = NULL;
    vote.version = t->lamport;
    memcpy(vote.previous_transaction, t->digest, 32);
    err = seal__ledger_tx_put(t, &vote);
out:
    seal_ledger_object_clear(&vote);
    free(buf);
    free(e);
    return err;
}

seal_err seal_ledger_voting_cast(seal_ledger *l, const uint8_t sender[static 32],
                                 const uint8_t vote_id[static 32], const uint8_t *enc,
                                 size_t enc_len, seal_ledger_outcome *out) {
    static const char fn[] = "voting::cast_vote";
    seal_err err;
    seal__ledger_tx t;
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    if (enc == NULL || enc_len > MAXLEN)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((err = seal__ledger_tx_begin(l, &t, fn, sender)) != SEAL_OK)
        return err;
    err = seal__ledger_voting_cast(&t, sender, vote_id, enc, enc_len, out);
    if (err == SEAL_OK && out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_tx_commit(&t, fn, sender);
    seal__ledger_tx_rollback(&t);
    return err;
}

/* ---- finalize_vote ----------------------------------------------------------------------------
 */

/* Offset of the is_finalized byte and the options count of a Vote's contents. */
static seal_err vote_layout(const uint8_t *c, size_t len, size_t *finalized_off, uint8_t *options) {
    vote_view v;
    seal_err err = vote_parse(&v, c, len, SIZE_MAX, NULL);
    if (err != SEAL_OK)
        return err;
    *finalized_off = v.votes_end;
    {
        seal_bcs_reader r;
        size_t n = 0;
        const uint8_t *p = NULL;
        seal_bcs_reader_init(&r, c, len);
        if (seal_bcs_read_borrow(&r, &p, 32) != SEAL_OK ||
            seal_bcs_read_len(&r, MAXLEN / 32, &n) != SEAL_OK ||
            seal_bcs_read_borrow(&r, &p, 32 * n) != SEAL_OK ||
            seal_bcs_read_u8(&r, options) != SEAL_OK)
            return SEAL_ERR_INTERNAL;
    }
    return SEAL_OK;
}

/* The i-th public key (96 bytes) of a Vote: after key_servers, a vector<vector<u8>>. */
static seal_err vote_public_keys(const uint8_t *c, size_t len, const vote_view *v,
                                 const uint8_t **pks, size_t *pk_lens, size_t cap) {
    seal_bcs_reader r;
    size_t n = 0;
    bool b = false;
    seal_bcs_reader_init(&r, c, len);
    r.pos = v->votes_end;
    if (seal_bcs_read_bool(&r, &b) != SEAL_OK ||
        seal_bcs_read_len(&r, MAXLEN / 32, &n) != SEAL_OK ||
        seal_bcs_read_borrow(&r, &pks[0], 32 * n) != SEAL_OK ||
        seal_bcs_read_len(&r, MAXLEN, &n) != SEAL_OK || n != v->n_key_servers || n > cap)
        return SEAL_ERR_INTERNAL;
    for (size_t i = 0; i < n; i++)
        if (seal_bcs_read_bytes(&r, MAXLEN, &pks[i], &pk_lens[i]) != SEAL_OK)
            return SEAL_ERR_INTERNAL;
    return SEAL_OK;
}

/* An EncryptedObject in its Move layout (as cast_vote stored it) back to a decoded Seal object
 * (e views into buf, which must outlive it). */
static seal_err move_to_object(seal_object *e, uint8_t *buf, size_t cap, const uint8_t *m,
                               size_t len) {
    seal_bcs_reader r;
    seal_bcs_writer w;
    const uint8_t *pkg = NULL, *id = NULL, *idx = NULL, *svc = NULL, *nonce = NULL, *p = NULL;
    size_t id_len = 0, n_idx = 0, n_svc = 0, nonce_len = 0, n_shares = 0, n = 0;
    uint8_t threshold = 0;
    bool some = false;
    seal_bcs_reader_init(&r, m, len);
    seal_bcs_writer_init(&w, buf, cap);
    if (seal_bcs_read_borrow(&r, &pkg, 32) != SEAL_OK ||
        seal_bcs_read_bytes(&r, MAXLEN, &id, &id_len) != SEAL_OK ||
        seal_bcs_read_bytes(&r, MAXLEN, &idx, &n_idx) != SEAL_OK ||
        seal_bcs_read_len(&r, MAXLEN / 32, &n_svc) != SEAL_OK ||
        seal_bcs_read_borrow(&r, &svc, 32 * n_svc) != SEAL_OK || n_svc != n_idx ||
        seal_bcs_read_u8(&r, &threshold) != SEAL_OK ||
        seal_bcs_read_bytes(&r, MAXLEN, &nonce, &nonce_len) != SEAL_OK || nonce_len != 96 ||
        seal_bcs_read_len(&r, MAXLEN, &n_shares) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    seal_bcs_write_u8(&w, 0);
    seal_bcs_write_fixed(&w, pkg, 32);
    seal_bcs_write_bytes(&w, id, id_len);
    seal_bcs_write_uleb128(&w, n_svc);
    for (size_t i = 0; i < n_svc; i++) {
        seal_bcs_write_fixed(&w, svc + 32 * i, 32);
        seal_bcs_write_u8(&w, idx[i]);
    }
    seal_bcs_write_u8(&w, threshold);
    seal_bcs_write_uleb128(&w, 0); /* BonehFranklinBLS12381 */
    seal_bcs_write_fixed(&w, nonce, 96);
    seal_bcs_write_uleb128(&w, n_shares);
    for (size_t i = 0; i < n_shares; i++) {
        if (seal_bcs_read_bytes(&r, MAXLEN, &p, &n) != SEAL_OK || n != 32)
            return SEAL_ERR_INTERNAL;
        seal_bcs_write_fixed(&w, p, 32);
    }
    if (seal_bcs_read_bytes(&r, MAXLEN, &p, &n) != SEAL_OK || n != 32)
        return SEAL_ERR_INTERNAL;
    seal_bcs_write_fixed(&w, p, 32);
    seal_bcs_write_uleb128(&w, 1); /* Hmac256Ctr */
    if (seal_bcs_read_bytes(&r, MAXLEN, &p, &n) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    seal_bcs_write_bytes(&w, p, n);
    if (seal_bcs_read_option(&r, &some) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    seal_bcs_write_bool(&w, some);
    if (some) {
        if (seal_bcs_read_bytes(&r, MAXLEN, &p, &n) != SEAL_OK)
            return SEAL_ERR_INTERNAL;
        seal_bcs_write_bytes(&w, p, n);
    }
    if (seal_bcs_read_bytes(&r, MAXLEN, &p, &n) != SEAL_OK || n != 32 ||
        seal_bcs_reader_finish(&r) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    seal_bcs_write_fixed(&w, p, 32);
    if (seal_bcs_writer_finish(&w) != SEAL_OK)
        return SEAL_ERR_INTERNAL;
    return seal_object_decode(e, buf, w.len) == SEAL_OK ? SEAL_OK : SEAL_ERR_INTERNAL;
}

seal_err seal__ledger_voting_finalize(seal__ledger_tx *t, const uint8_t vote_id[static 32],
                                      const uint8_t (*derived_keys)[48], size_t n_keys,
                                      size_t n_key_servers, const uint8_t (*key_servers)[32],
                                      uint64_t *counts, size_t counts_cap, uint8_t *n_options,
                                      seal_ledger_outcome *out) {
    static const uint8_t zero[32] = {0};
    seal_err err = SEAL_OK;
    seal_ledger_object vote;
    bool found = false;
    vote_view v;
    size_t fin_off = 0;
    uint8_t options = 0, full_id[64];
    const uint8_t *pks[SEAL_MAX_SERVICES];
    size_t pk_lens[SEAL_MAX_SERVICES];
    seal_user_key *keys = NULL;
    seal_key_server *all = NULL;
    seal_object *e = NULL;
    uint8_t *plain = NULL, *objbuf = NULL;
    memset(&vote, 0, sizeof vote);
    if ((err = vote_load(t, vote_id, &vote, &found, out)) != SEAL_OK || !found)
        goto out;
    if ((err = vote_parse(&v, vote.contents, vote.contents_len, SIZE_MAX, NULL)) != SEAL_OK ||
        (err = vote_layout(vote.contents, vote.contents_len, &fin_off, &options)) != SEAL_OK ||
        (err = vote_public_keys(vote.contents, vote.contents_len, &v, pks, pk_lens,
                                SEAL_MAX_SERVICES)) != SEAL_OK)
        goto out;
    if (vote.contents[fin_off] != 0) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "finalize_vote", 3);
        goto out;
    }
    if (n_key_servers != n_keys) { /* assert! without a code: see docs/ledger.md */
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "finalize_vote", 0);
        goto out;
    }
    if (n_keys > 255) { /* `length() as u8` */
        seal__ledger_outcome_set(out, SEAL_LEDGER_ARITHMETIC_ERROR, "cast to u8 overflows");
        goto out;
    }
    if ((uint8_t)n_keys < v.threshold) {
        seal__ledger_outcome_abort(out, SEAL_LEDGER_PATTERNS_PACKAGE, "voting", "finalize_vote", 4);
        goto out;
    }
    if ((keys = calloc(n_keys ? n_keys : 1, sizeof *keys)) == NULL ||
        (all = calloc(v.n_key_servers ? v.n_key_servers : 1, sizeof *all)) == NULL ||
        (e = malloc(sizeof *e)) == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    /* g1_from_bytes of every derived key, in order */
    for (size_t i = 0; i < n_keys; i++) {
        seal_g1 p;
        if (seal_g1_decompress(&p, derived_keys[i]) != SEAL_OK) {
            seal__ledger_outcome_abort(out, SEAL__FRAMEWORK, "group_ops", "from_bytes", 1);
            goto out;
        }
    }
    /* the public keys of the given key servers (each must be one of the vote's) */
    size_t *which = calloc(n_keys ? n_keys : 1, sizeof *which);
    if (which == NULL) {
        err = SEAL_ERR_NO_MEMORY;
        goto out;
    }
    for (size_t i = 0; i < n_keys; i++) {
        size_t k = 0;
        while (k < v.n_key_servers && memcmp(v.key_servers + 32 * k, key_servers[i], 32) != 0)
            k++;
        if (k == v.n_key_servers) {
            seal__ledger_outcome_abort(out, MOVE_STDLIB, "option", "destroy_some", EOPTION_NOT_SET);
            free(which);
            goto out;
        }
        which[i] = k;
    }
    for (size_t i = 0; i < n_keys; i++) {
        seal_g2 q;
        if (pk_lens[which[i]] != 96 || seal_g2_decompress(&q, pks[which[i]]) != SEAL_OK) {
            seal__ledger_outcome_abort(out, SEAL__FRAMEWORK, "group_ops", "from_bytes", 1);
            free(which);
            goto out;
        }
    }
    memcpy(full_id, zero, 32);
    memcpy(full_id + 32, vote.contents, 32);
    for (size_t i = 0; i < n_keys; i++) {
        if (seal_keys_verify_user_secret_key(derived_keys[i], pks[which[i]], full_id, 64) !=
            SEAL_OK) {
            seal__ledger_outcome_abort(out, SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption",
                                       "verify_derived_keys", 5);
            free(which);
            goto out;
        }
        memcpy(keys[i].object_id, key_servers[i], 32);
        memcpy(keys[i].key, derived_keys[i], 48);
    }
    free(which);
    for (size_t k = 0; k < v.n_key_servers; k++) {
        seal_g2 q;
        if (pk_lens[k] != 96 || seal_g2_decompress(&q, pks[k]) != SEAL_OK) {
            seal__ledger_outcome_abort(out, SEAL__FRAMEWORK, "group_ops", "from_bytes", 1);
            goto out;
        }
        memcpy(all[k].object_id, v.key_servers + 32 * k, 32);
        memcpy(all[k].public_key, pks[k], 96);
        all[k].weight = 1;
    }
    if (counts_cap < options) {
        err = SEAL_ERR_INVALID_ARGUMENT;
        goto out;
    }
    memset(counts, 0, options * sizeof *counts);
    /* decrypt every cast vote; invalid ones are ignored */
    {
        seal_bcs_reader r;
        bool some = false;
        seal_bcs_reader_init(&r, vote.contents, vote.contents_len);
        r.pos = v.votes_start;
        for (size_t i = 0; i < v.n_votes; i++) {
            size_t start;
            if (seal_bcs_read_option(&r, &some) != SEAL_OK) {
                err = SEAL_ERR_INTERNAL;
                goto out;
            }
            if (!some)
                continue;
            start = r.pos;
            if (skip_encrypted_object(&r) != SEAL_OK) {
                err = SEAL_ERR_INTERNAL;
                goto out;
            }
            /* Move layout -> Seal object bytes: version 0, package, id, (service, index)...,
             * threshold, ibe tag 0, nonce, shares, randomness, dem tag 1, blob, aad, mac */
            bool dup_vdk = false, dup_pk = false;
            for (size_t a = 0; a < n_keys; a++)
                for (size_t b = 0; b < a; b++)
                    dup_vdk = dup_vdk || memcmp(key_servers[a], key_servers[b], 32) == 0;
            for (size_t a = 0; a < v.n_key_servers; a++)
                for (size_t b = 0; b < a; b++)
                    dup_pk =
                        dup_pk || memcmp(v.key_servers + 32 * a, v.key_servers + 32 * b, 32) == 0;
            if (dup_vdk) {
                seal__ledger_outcome_abort(out, SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption",
                                           "assert_all_unique", 0);
                goto out;
            }
            if (dup_pk) {
                seal__ledger_outcome_abort(out, SEAL_LEDGER_SEAL_PACKAGE, "bf_hmac_encryption",
                                           "assert_all_unique", 1);
                goto out;
            }
            size_t obj_cap = r.pos - start + 16;
            if ((objbuf = malloc(obj_cap)) == NULL) {
                err = SEAL_ERR_NO_MEMORY;
                goto out;
            }
            if ((err = move_to_object(e, objbuf, obj_cap, vote.contents + start, r.pos - start)) !=
                SEAL_OK)
                goto out;
            size_t cap = seal_object_plaintext_size(e), got = 0;
            if ((plain = malloc(cap ? cap : 1)) == NULL) {
                err = SEAL_ERR_NO_MEMORY;
                goto out;
            }
            seal_decrypt_params dp = {keys, n_keys, all, v.n_key_servers, 0};
            uint8_t dem[32];
            if (seal_decrypt_dem_key(dem, e, &dp) == SEAL_OK &&
                seal_decrypt_with_key(plain, cap, &got, e, dem) == SEAL_OK && got == 1 &&
                plain[0] < options)
                counts[plain[0]]++;
            seal_memzero(dem, sizeof dem);
            free(plain);
            plain = NULL;
            free(objbuf);
            objbuf = NULL;
        }
    }
    /* is_finalized = true */
    seal__ledger_tx_set_lamport(t, vote.version + 1);
    vote.contents[fin_off] = 1;
    vote.version = t->lamport;
    memcpy(vote.previous_transaction, t->digest, 32);
    if ((err = seal__ledger_tx_put(t, &vote)) != SEAL_OK)
        goto out;
    *n_options = options;
out:
    seal_ledger_object_clear(&vote);
    free(keys);
    free(all);
    free(e);
    free(plain);
    free(objbuf);
    return err;
}

seal_err seal_ledger_voting_finalize(seal_ledger *l, const uint8_t sender[static 32],
                                     const uint8_t vote_id[static 32],
                                     const uint8_t (*derived_keys)[48],
                                     const uint8_t (*key_servers)[32], size_t n, uint64_t *counts,
                                     size_t counts_cap, uint8_t *n_options,
                                     seal_ledger_outcome *out) {
    static const char fn[] = "voting::finalize_vote";
    seal_err err;
    seal__ledger_tx t;
    memset(out, 0, sizeof *out);
    seal__ledger_outcome_set(out, SEAL_LEDGER_SUCCESS, "success");
    if ((n && (derived_keys == NULL || key_servers == NULL)) || counts == NULL || n_options == NULL)
        return SEAL_ERR_INVALID_ARGUMENT;
    if ((err = seal__ledger_tx_begin(l, &t, fn, sender)) != SEAL_OK)
        return err;
    err = seal__ledger_voting_finalize(&t, vote_id, derived_keys, n, n, key_servers, counts,
                                       counts_cap, n_options, out);
    if (err == SEAL_OK && out->status == SEAL_LEDGER_SUCCESS)
        err = seal__ledger_tx_commit(&t, fn, sender);
    seal__ledger_tx_rollback(&t);
    return err;
}
