/*
 * The Seal client (docs/client.md): session keys, the seal_approve* transaction, fetching user
 * secret keys from t-of-n key servers, and decryption under an on-chain policy
 * (PROTOCOL.md 13, 14, 19; the behaviour of the official SDK's SessionKey and SealClient).
 *
 * Typical use:
 *   seal_session_create(&s, &user_keypair, package_id, NULL, 10, 0, NULL);   (or load a file)
 *   seal_chain_open(&chain, "http://127.0.0.1:9000", NULL);
 *   seal_client_new_for_object(&c, &opts (chain), object, object_len);
 *   seal_client_decrypt_with_policy(c, s, object, object_len, &call, &pt, &pt_len);
 *
 * Key servers are named by their registry object ids (KeyServer objects, PROTOCOL.md 16.1) and
 * resolved through a seal_chain (name, URL, public key), or given explicitly (URL and public
 * key). Every user secret key a server returns is ElGamal-decrypted and verified against that
 * server's public key before it is used or cached; a server that returns a key that does not
 * verify is skipped and reported (seal_client_errors()). Keys are cached per (full id, server)
 * in the client handle (wiped on free).
 *
 * HTTP: every request carries Client-Sdk-Type: c, Client-Sdk-Version: SEAL_CLIENT_SDK_VERSION
 * (to aggregators: SEAL_CLIENT_AGGREGATOR_SDK_TYPE / _VERSION, the only kinds they serve),
 * a random Request-Id and Content-Type: application/json; answers must carry
 * X-KeyServer-Version >= 0.4.1 (as the official SDK requires). Servers are asked in parallel
 * (libcurl multi); fetching stops as soon as the servers that answered reach the threshold
 * weight, or fails early once the threshold can no longer be reached. Transient failures (HTTP
 * 503 "Failure", connection errors) are retried; a timeout is not.
 *
 * Errors: SEAL_ERR_NO_ACCESS (the servers' policy check denied access), SEAL_ERR_EXPIRED (the
 * session key expired, locally or by a server's "InvalidCertificate"), SEAL_ERR_TIMEOUT,
 * SEAL_ERR_IO (connection failures), SEAL_ERR_INVALID_KEY (servers returned keys that do not
 * verify), SEAL_ERR_KEY_SERVER (any other server error kind). When several servers fail, the
 * most frequent error is returned; each server's own outcome (its error kind and message, as
 * {"error": "NoAccess", "message": ...}) is in seal_client_errors().
 *
 * A client handle is not thread safe (one thread at a time); sessions are read-only once
 * signed and may be shared.
 */
#ifndef SEAL_CLIENT_H
#define SEAL_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal/audit.h"
#include "seal/chain.h"
#include "seal/encrypt.h"
#include "seal/error.h"
#include "seal/sui_sig.h"
#include "seal/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Announced in Client-Sdk-Type / Client-Sdk-Version to independent key servers, which do not
 * gate unknown SDK types (PROTOCOL.md 20). */
#define SEAL_CLIENT_SDK_TYPE "c"
#define SEAL_CLIENT_SDK_VERSION "0.1.0"
/* Announced to the aggregators of committee key servers, which only serve typescript, rust and
 * python clients (COMMITTEE.md 7.2): this client implements the protocol of @mysten/seal 1.4.12
 * byte for byte (the interop tests check it), so it announces that version of that SDK. An
 * aggregator's version gate is about what a client does on the wire; a gate that refuses 1.4.12
 * for a protocol reason should refuse this client too, which "rust 0.1.0" would slip past. */
#define SEAL_CLIENT_AGGREGATOR_SDK_TYPE "typescript"
#define SEAL_CLIENT_AGGREGATOR_SDK_VERSION "1.4.12"
/* Oldest key server accepted (X-KeyServer-Version), as the TypeScript SDK 1.4.12. */
#define SEAL_CLIENT_MIN_SERVER_VERSION "0.4.1"
/* Session TTL bounds (minutes), as the SDK; a session counts as expired this many ms early. */
#define SEAL_SESSION_TTL_MIN 1
#define SEAL_SESSION_TTL_MAX 30
#define SEAL_SESSION_EXPIRY_MARGIN_MS 10000
/* Largest number of ids (seal_approve calls) in one fetch_key request: the key server rejects
 * PTBs with more than 100 commands. Larger requests are split. */
#define SEAL_CLIENT_MAX_IDS_PER_REQUEST 100
#define SEAL_CLIENT_MAX_SERVERS 64
#define SEAL_CLIENT_URL_MAX 1024
#define SEAL_CLIENT_NAME_MAX 256
#define SEAL_CLIENT_PURE_MAX 1024 /* bytes of one pure argument */
#define SEAL_CLIENT_MAX_CALL_ARGS 32
#define SEAL_CLIENT_IDENT_MAX 128 /* Move identifiers */

/* ---- session keys ---------------------------------------------------------------------------- */

typedef struct seal_session seal_session;

/* An external signer: signs msg (the certificate's personal message, UTF-8) as a Sui personal
 * message and writes the serialized Sui signature (flag || sig || pk, or multisig/zkLogin bytes)
 * into sig (capacity sig_cap), its length into *sig_len. */
typedef seal_err (*seal_session_signer_fn)(void *ctx, const uint8_t *msg, size_t msg_len,
                                           uint8_t *sig, size_t sig_cap, size_t *sig_len);

/* A fresh, unsigned session for user `address` and package package_id (the first version's
 * id; its canonical text is what the certificate names unless mvr_name is given, "@org/app").
 * ttl_min in [1, 30]. creation_time_ms 0 = now. The Ed25519 session key comes from rng (NULL:
 * system). */
SEAL_MUST_CHECK seal_err seal_session_new(seal_session **out, const uint8_t address[static 32],
                                          const uint8_t package_id[static 32], const char *mvr_name,
                                          uint16_t ttl_min, uint64_t creation_time_ms,
                                          const seal_rng *rng);
/* seal_session_new for the key pair's address, then signed by it. */
SEAL_MUST_CHECK seal_err seal_session_create(seal_session **out, const seal_sui_keypair *user,
                                             const uint8_t package_id[static 32],
                                             const char *mvr_name, uint16_t ttl_min,
                                             uint64_t creation_time_ms, const seal_rng *rng);
/* The personal message the user signs (NUL-terminated in out; *len without the NUL). */
SEAL_MUST_CHECK seal_err seal_session_personal_message(const seal_session *s, char *out, size_t cap,
                                                       size_t *len);
/* Signs the certificate with a Sui key pair (Ed25519, Secp256k1, Secp256r1) whose address must
 * be the session's (else SEAL_ERR_INVALID_ARGUMENT). */
SEAL_MUST_CHECK seal_err seal_session_sign(seal_session *s, const seal_sui_keypair *user);
/* Signs through an external signer. The signature is verified locally for the schemes that can
 * be (Ed25519, Secp256k1, Secp256r1, MultiSig, Passkey); zkLogin signatures are kept as given
 * (the key servers check them). */
SEAL_MUST_CHECK seal_err seal_session_sign_with(seal_session *s, seal_session_signer_fn fn,
                                                void *ctx);
/* Sets a signature obtained elsewhere (same verification as above). */
SEAL_MUST_CHECK seal_err seal_session_set_signature(seal_session *s, const uint8_t *sig,
                                                    size_t len);
bool seal_session_is_signed(const seal_session *s);
/* Expired when creation + ttl - 10 s < now_ms (0 = now), as the SDK. */
bool seal_session_is_expired(const seal_session *s, uint64_t now_ms);
void seal_session_address(const seal_session *s, uint8_t out[static 32]);
void seal_session_package_id(const seal_session *s, uint8_t out[static 32]);
uint64_t seal_session_creation_time_ms(const seal_session *s);
uint16_t seal_session_ttl_min(const seal_session *s);
void seal_session_public_key(const seal_session *s, uint8_t out[static 32]);
/* The MVR name or NULL. */
const char *seal_session_mvr_name(const seal_session *s);

/* Export as JSON with the field names of the SDK's ExportedSessionKey (address, packageId,
 * mvrName, creationTimeMs, ttlMin, personalMessageSignature, sessionKey = "suiprivkey1…" of the
 * session key): *json is malloc'd and holds the session SECRET: release it with
 * seal_client_secret_free(). Needs a signed session. */
SEAL_MUST_CHECK seal_err seal_session_export(const seal_session *s, char **json, size_t *len);
/* Parses an export (strictly: types, lengths, TTL range, key/address consistency, signature
 * verified as in seal_session_set_signature). Expiry is not checked here (is_expired). */
SEAL_MUST_CHECK seal_err seal_session_import(seal_session **out, const char *json, size_t len);
/* Export to a file created with mode 0600 (written to a temporary file, then renamed). */
SEAL_MUST_CHECK seal_err seal_session_save(const seal_session *s, const char *path);
/* Import from a file (at most 64 KiB). */
SEAL_MUST_CHECK seal_err seal_session_load(seal_session **out, const char *path);
/* Wipes the session secret and frees (NULL is a no-op). */
void seal_session_free(seal_session *s);
/* Wipes and frees a string holding a secret (NULL is a no-op). */
void seal_client_secret_free(char *p, size_t len);

/* ---- the seal_approve* transaction ------------------------------------------------------------
 */

typedef enum seal_client_arg_kind {
    SEAL_CLIENT_ARG_PURE = 0,   /* BCS bytes given */
    SEAL_CLIENT_ARG_OBJECT = 1, /* an object id, resolved on chain */
    SEAL_CLIENT_ARG_SHARED = 2, /* a shared object with a known initial shared version */
    SEAL_CLIENT_ARG_OWNED = 3,  /* an owned or immutable object by reference (id, version,
                                   digest) */
} seal_client_arg_kind;

typedef struct seal_client_arg {
    seal_client_arg_kind kind;
    uint8_t pure[SEAL_CLIENT_PURE_MAX]; /* PURE */
    size_t pure_len;
    uint8_t object_id[32]; /* OBJECT, SHARED, OWNED */
    bool mutable_ref;      /* shared objects: passed &mut (default false: immutable) */
    uint64_t version;      /* SHARED: initial shared version; OWNED: version */
    uint8_t digest[32];    /* OWNED */
} seal_client_arg;

/* Parses one argument as the CLI takes it: object:0xID | u64:N | u8:N | u16:N | u32:N |
 * address:0x… | bool:true|false | pure:HEX (BCS bytes as given) | string:TEXT (BCS String) |
 * clock (the shared Clock 0x6). SEAL_ERR_INVALID_ARGUMENT otherwise. */
SEAL_MUST_CHECK seal_err seal_client_arg_parse(seal_client_arg *out, const char *text);

/* One seal_approve* call: target package::module::function, the inner id as its first (pure
 * vector<u8>) argument, then the further arguments. */
typedef struct seal_client_call {
    uint8_t package[32];
    char module[SEAL_CLIENT_IDENT_MAX + 1];
    char function[SEAL_CLIENT_IDENT_MAX + 1];
    const uint8_t *id;
    size_t id_len;
    const seal_client_arg *args;
    size_t n_args;
} seal_client_call;

/* Parses "0xPKG::module::function" into call->package/module/function (the function must start
 * with "seal_approve"). */
SEAL_MUST_CHECK seal_err seal_client_call_target_parse(seal_client_call *call, const char *text);

/* Builds the BCS ProgrammableTransaction of the calls (1..SEAL_CLIENT_MAX_IDS_PER_REQUEST, all
 * to the same package): pure inputs in order of appearance, object inputs resolved on chain and
 * deduplicated (shared objects by initial shared version, owned and immutable ones by their
 * current reference). chain may be NULL when no call has object arguments. *ptb is malloc'd
 * (free()). Unknown objects: SEAL_ERR_INVALID_ARGUMENT. */
SEAL_MUST_CHECK seal_err seal_client_build_ptb(uint8_t **ptb, size_t *ptb_len, seal_chain *chain,
                                               const seal_client_call *calls, size_t n_calls);

/* The JSON body of POST /v1/fetch_key (PROTOCOL.md 14.2) for a signed session, a PTB and an
 * ElGamal key (enc_key / enc_verification_key public, eg_sk the secret: only used to derive
 * the public keys, never written). *json is malloc'd (free()). Expired or unsigned session:
 * SEAL_ERR_EXPIRED / SEAL_ERR_INVALID_ARGUMENT (now_ms 0 = now). */
SEAL_MUST_CHECK seal_err seal_client_request_json(char **json, size_t *len, const seal_session *s,
                                                  const uint8_t *ptb, size_t ptb_len,
                                                  const uint8_t enc_key[static 48],
                                                  const uint8_t enc_verification_key[static 96],
                                                  uint64_t now_ms);

/* One entry of a fetch_key answer. */
typedef struct seal_client_encrypted_key {
    uint8_t full_id[32 + SEAL_MAX_ID_BYTES];
    size_t full_id_len;
    uint8_t c0[48];
    uint8_t c1[48];
} seal_client_encrypted_key;

/* Parses a fetch_key response body ({"decryption_keys": [{"id": [bytes], "encrypted_key":
 * [b64, b64]}]}) strictly: *keys malloc'd (free()), *n entries (at most max). Malformed:
 * SEAL_ERR_INVALID_ENCODING with a reason in why (may be NULL). */
SEAL_MUST_CHECK seal_err seal_client_response_parse(seal_client_encrypted_key **keys, size_t *n,
                                                    size_t max, const char *body, size_t len,
                                                    char *why, size_t why_len);
/* Parses a /v1/service answer {"service_id": "0x…", "pop": "<base64 of 48 bytes>"} as JSON
 * (other members ignored, duplicates refused): the object id and the proof of possession (not
 * verified here: seal_keys_pop_verify). Malformed: SEAL_ERR_INVALID_ENCODING, why says why. */
SEAL_MUST_CHECK seal_err seal_client_service_parse(uint8_t service_id[static 32],
                                                   uint8_t pop[static 48], const char *body,
                                                   size_t len, char *why, size_t why_len);
/* Parses an error body {"error": KIND, "message": TEXT}: kind and message copied (truncated,
 * non-printable characters replaced). SEAL_ERR_INVALID_ENCODING when it is not one. */
SEAL_MUST_CHECK seal_err seal_client_error_body_parse(char *kind, size_t kind_cap, char *message,
                                                      size_t message_cap, const char *body,
                                                      size_t len);
/* The seal_err a server error kind maps to ("NoAccess" -> SEAL_ERR_NO_ACCESS,
 * "InvalidCertificate" -> SEAL_ERR_EXPIRED, others SEAL_ERR_KEY_SERVER). */
seal_err seal_client_error_kind_to_err(const char *kind);
/* True when version ("0.6.10") is a semver >= SEAL_CLIENT_MIN_SERVER_VERSION. */
bool seal_client_server_version_ok(const char *version);

/* ---- the client --------------------------------------------------------------------------- */

typedef struct seal_client seal_client;

typedef struct seal_client_server_config {
    uint8_t object_id[32];     /* KeyServer object id */
    uint8_t weight;            /* >= 1 */
    const char *url;           /* where fetch_key goes; NULL: the registry's URL (a committee
                                  server has none: see aggregator_url) */
    const uint8_t *public_key; /* 96 bytes, or NULL: from the chain registry */
    const char *api_key_name;  /* optional extra header for operator gateways (X-API-Key) */
    const char *api_key;
    /* A committee key server (KeyServerV2 Committee, COMMITTEE.md 8) is reached through an
     * aggregator: its URL, as the SDK's KeyServerConfig.aggregatorUrl. Given for a server the
     * registry shows as independent: SEAL_ERR_INVALID_ARGUMENT (as the SDK). A committee server
     * without aggregator_url (nor url) can be encrypted to, not fetched from. */
    const char *aggregator_url;
} seal_client_server_config;

typedef struct seal_client_options {
    seal_chain *chain;    /* borrowed; needed for registry lookups and object arguments */
    uint32_t timeout_ms;  /* per server request; 0 = 10000 (the SDK's default) */
    uint32_t max_retries; /* transient failures; default 0 = none, use e.g. 2 */
    bool verify_pop;      /* GET /v1/service and check the proof of possession once per server
                             (committee servers have none: skipped, as the SDK does) */
    const seal_rng *rng;  /* ElGamal keys, request ids; NULL = system */
    /* seal_client_new_for_object: settings of the object's servers, matched by object id
     * (url, public_key, api key, aggregator_url; weights come from the object) */
    const seal_client_server_config *server_settings;
    size_t n_server_settings;
    bool require_receipts; /* refuse answers without an audit receipt (below); default: a
                              receipt is checked when there is one */
} seal_client_options;

/* A client for the given servers (at most SEAL_CLIENT_MAX_SERVERS, distinct ids). Servers
 * without url or public key are looked up on opts->chain (KeyServer V2, else V1 dynamic
 * field). A committee server (V2 Committee) is one server of the outer threshold like any
 * other: its key comes from its aggregator (aggregator_url or url), is checked against the
 * committee's public key, and counts with its weight (COMMITTEE.md 8.2). */
SEAL_MUST_CHECK seal_err seal_client_new(seal_client **out, const seal_client_options *opts,
                                         const seal_client_server_config *servers,
                                         size_t n_servers);
/* A client for the services of an encrypted object (each distinct service once, weight = the
 * number of its share positions), resolved on opts->chain. */
SEAL_MUST_CHECK seal_err seal_client_new_for_object(seal_client **out,
                                                    const seal_client_options *opts,
                                                    const uint8_t *object, size_t object_len);
/* Why the last seal_client_new / _new_for_object on this thread failed ("key server 0x…: no
 * such object", ...), "" after a success. */
const char *seal_client_creation_error(void);
/* Wipes the cached keys and frees (NULL is a no-op). */
void seal_client_free(seal_client *c);

/* What the client knows of server i (< seal_client_server_count). */
typedef struct seal_client_server_info {
    uint8_t object_id[32];
    uint8_t weight;
    char name[SEAL_CLIENT_NAME_MAX];
    char url[SEAL_CLIENT_URL_MAX]; /* for a committee server: its aggregator's, or "" */
    uint8_t public_key[96];
    bool committee; /* a committee key server (reached through an aggregator) */
} seal_client_server_info;
size_t seal_client_server_count(const seal_client *c);
SEAL_MUST_CHECK seal_err seal_client_server_get(const seal_client *c, size_t i,
                                                seal_client_server_info *out);
/* The servers as seal_key_server entries (object id, public key, weight), for encryption. */
SEAL_MUST_CHECK seal_err seal_client_key_servers(const seal_client *c, seal_key_server *out,
                                                 size_t cap, size_t *n);
/* Their public keys validated and prepared for encryption (seal_key_server_prepare), in the
 * order of seal_client_key_servers: keep them and pass them as seal_encrypt_params.prepared to
 * encrypt repeatedly to these servers. */
SEAL_MUST_CHECK seal_err seal_client_prepared_keys(const seal_client *c, seal_prepared_key *out,
                                                   size_t cap, size_t *n);

/* Fetches the keys of the calls' ids (full id = session package id || inner id) from servers
 * until the weight of servers that returned verified keys for every id reaches threshold.
 * Servers whose keys are all cached are not asked. Calls are sent in requests of at most
 * SEAL_CLIENT_MAX_IDS_PER_REQUEST. now_ms 0 = now. */
SEAL_MUST_CHECK seal_err seal_client_fetch_keys(seal_client *c, const seal_session *s,
                                                const seal_client_call *calls, size_t n_calls,
                                                unsigned threshold, uint64_t now_ms);

/* The cached verified keys for full_id, one per server, at most cap: *n receives the count. */
size_t seal_client_cached_keys(const seal_client *c, const uint8_t *full_id, size_t full_id_len,
                               seal_user_key *out, size_t cap);

/* The whole flow for an object in memory: its servers must be configured in c; fetches keys
 * for the object's id with the approve call (call->id/id_len are ignored: the object's id is
 * used) and decrypts with the consistency check (public keys of every service). *out is
 * malloc'd (free it after seal_memzero), nothing is returned on failure. */
SEAL_MUST_CHECK seal_err seal_client_decrypt_with_policy(seal_client *c, const seal_session *s,
                                                         const uint8_t *object, size_t object_len,
                                                         const seal_client_call *call,
                                                         uint8_t **out, size_t *out_len,
                                                         uint64_t now_ms);

/* ---- outcomes per server ------------------------------------------------------------------ */

typedef struct seal_client_server_error {
    uint8_t object_id[32];
    seal_err err;
    unsigned http_status; /* 0 when no HTTP answer */
    /* the server's error kind ("NoAccess", ...) or ours: "Timeout", "ConnectionFailed",
     * "InvalidResponse", "InvalidKey", "KeyServerVersion", "InvalidPop" */
    char kind[48];
    char message[256];
} seal_client_server_error;

/* Failures recorded by the last seal_client_fetch_keys / decrypt call (servers that succeeded
 * are not listed; a server that failed and then succeeded on retry is not either). */
size_t seal_client_error_count(const seal_client *c);
const seal_client_server_error *seal_client_error_get(const seal_client *c, size_t i);
/* One line describing the last failure ("0x…(name): NoAccess: Access denied: …"), "" if none. */
const char *seal_client_last_error(const seal_client *c);

/* ---- audit receipts (docs/audit.md) --------------------------------------------------------
 * A key server with an audit log gives, with every granted answer, a receipt signed by its
 * audit key and the record it signs. The client checks each one before it uses the answer's
 * keys: the signature under the audit key the server advertises in /v1/service, and, when the
 * server names an AuditLog object and the client has a chain, that this object holds the same
 * key; the record's leaf hash; that the record names this request (its digest), this user, the
 * session's package and exactly the ids asked for, as granted. An answer whose receipt fails is
 * skipped and reported (kind "InvalidReceipt"); one without a receipt is used unless
 * require_receipts is set ("MissingReceipt"). The verified receipts are kept in the client, in
 * the order the answers arrived, until seal_client_receipts_clear or seal_client_free. */

typedef struct seal_client_receipt {
    uint8_t server[32];           /* the key server object */
    uint8_t audit_public_key[32]; /* the key the receipt verifies under */
    bool anchored;                /* that key is also the one of the AuditLog object below */
    uint8_t anchor[32];           /* the AuditLog object the server names (when anchored) */
    seal_audit_receipt receipt;
    uint8_t *record; /* the record's BCS (owned by the client) */
    size_t record_len;
} seal_client_receipt;

/* The verified receipts kept so far: their number, the i-th (NULL when i is out of range; valid
 * until more arrive, seal_client_receipts_clear or seal_client_free), and their release. */
size_t seal_client_receipt_count(const seal_client *c);
const seal_client_receipt *seal_client_receipt_get(const seal_client *c, size_t i);
void seal_client_receipts_clear(seal_client *c);

/* The digest of a fetch_key JSON body's signed request (docs/audit.md, "Record"). */
SEAL_MUST_CHECK seal_err seal_client_request_digest(uint8_t out[static 32], const char *body,
                                                    size_t len);

/* A key server's audit endpoints, url its base URL, timeout_ms 0 = 10 s. The answers are
 * decoded, not verified (verify them with the seal_audit_* functions). SEAL_ERR_UNSUPPORTED:
 * the server keeps no audit log. */
SEAL_MUST_CHECK seal_err seal_client_audit_key(const char *url, const uint8_t object_id[static 32],
                                               uint32_t timeout_ms, uint8_t public_key[static 32],
                                               bool *has_anchor, uint8_t anchor[static 32]);
/* The latest head, and the public key the server gives with it (public_key may be NULL). */
SEAL_MUST_CHECK seal_err seal_client_audit_head(const char *url, uint32_t timeout_ms,
                                                seal_audit_tree_head *out, uint8_t *public_key);
SEAL_MUST_CHECK seal_err seal_client_audit_inclusion(const char *url, uint64_t seq, uint64_t size,
                                                     uint32_t timeout_ms, seal_audit_proof *out);
SEAL_MUST_CHECK seal_err seal_client_audit_consistency(const char *url, uint64_t first,
                                                       uint64_t second, uint32_t timeout_ms,
                                                       seal_audit_proof *out);

#ifdef __cplusplus
}
#endif
#endif
