// The audit log anchor of a Seal key server (docs/audit.md, "Anchoring on chain").
//
// One shared AuditLog per audit key holds the latest anchored signed tree head of the key
// server's Merkle log. Anyone may post a newer head: it is accepted only when the audit key
// signed it and its size grows. Consistency between heads (that the newer tree extends the
// older one) is not checked here but off chain, by monitors (`seal audit monitor`), against
// the heads this object has held.
//
// The embedded ledger of this project executes the same module natively
// (src/ledger/audit_log.c, package 0x...5ea4); this source is for deployments on Sui and is not
// compiled here (no Sui toolchain on the build machines). Signed messages, byte by byte:
//   log_id    = sha2_256("seal-audit-v1/log-id" || public_key)
//   tree head = "seal-audit-v1/tree-head" || log_id || u64 le tree_size || u64 le timestamp_ms
//               || root_hash
module seal_audit::audit_log;

use std::hash::sha2_256;
use sui::bcs;
use sui::ed25519;

const EInvalidKey: u64 = 1;
const EInvalidHead: u64 = 2;
const ESizeNotGrowing: u64 = 3;
const EInvalidSignature: u64 = 4;

public struct AuditLog has key {
    id: UID,
    public_key: vector<u8>,
    log_id: vector<u8>,
    tree_size: u64,
    timestamp_ms: u64,
    root_hash: vector<u8>,
    signature: vector<u8>,
}

/// A new log for an Ed25519 audit key (32 bytes): size 0, the empty tree's root, no signature.
entry fun create(public_key: vector<u8>, ctx: &mut TxContext) {
    assert!(public_key.length() == 32, EInvalidKey);
    let id = log_id(&public_key);
    let log = AuditLog {
        id: object::new(ctx),
        public_key,
        log_id: id,
        tree_size: 0,
        timestamp_ms: 0,
        root_hash: sha2_256(vector[]),
        signature: vector[],
    };
    transfer::share_object(log);
}

/// Anchors a signed tree head of the log's key whose size is larger than the anchored one.
entry fun anchor(
    log: &mut AuditLog,
    tree_size: u64,
    timestamp_ms: u64,
    root_hash: vector<u8>,
    signature: vector<u8>,
) {
    assert!(root_hash.length() == 32 && signature.length() == 64, EInvalidHead);
    assert!(tree_size > log.tree_size, ESizeNotGrowing);
    let mut msg = b"seal-audit-v1/tree-head";
    msg.append(log.log_id);
    msg.append(bcs::to_bytes(&tree_size));
    msg.append(bcs::to_bytes(&timestamp_ms));
    msg.append(root_hash);
    assert!(ed25519::ed25519_verify(&signature, &log.public_key, &msg), EInvalidSignature);
    log.tree_size = tree_size;
    log.timestamp_ms = timestamp_ms;
    log.root_hash = root_hash;
    log.signature = signature;
}

fun log_id(public_key: &vector<u8>): vector<u8> {
    let mut m = b"seal-audit-v1/log-id";
    m.append(*public_key);
    sha2_256(m)
}

public fun public_key(log: &AuditLog): vector<u8> { log.public_key }

public fun tree_size(log: &AuditLog): u64 { log.tree_size }

public fun root_hash(log: &AuditLog): vector<u8> { log.root_hash }
