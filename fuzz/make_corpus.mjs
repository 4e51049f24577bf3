#!/usr/bin/env node
// Writes the seed corpora fuzz/corpus/<surface>/ from the committed vectors in tests/vectors/
// (official SDK vectors, upstream Seal spec vectors, BLS12-381 valid and malformed encodings,
// Sui vectors). Deterministic: file names are the SHA-1 of the content, so re-running it only
// adds what changed. Usage: node fuzz/make_corpus.mjs   (no dependencies beyond Node itself)
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vec = (p) => JSON.parse(readFileSync(join(root, 'tests/vectors', p), 'utf8'));
const out = join(root, 'fuzz/corpus');
const corpus = new Map(); // surface -> Map(sha1 -> Buffer)
const MAX_SEED = 8192; // keep the corpus small (under ~3 MB in total)
const MAX_PER_SURFACE = 80;

function add(surface, bytes) {
  const b = Buffer.from(bytes);
  if (b.length > MAX_SEED) return;
  if (!corpus.has(surface)) corpus.set(surface, new Map());
  const m = corpus.get(surface);
  if (m.size >= MAX_PER_SURFACE) return;
  m.set(createHash('sha1').update(b).digest('hex'), b);
}
const hex = (s) => Buffer.from(s.startsWith('0x') ? s.slice(2) : s, 'hex');
const isHex = (s) => typeof s === 'string' && /^(0x)?([0-9a-fA-F]{2})+$/.test(s);
const cat = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));

// Every (key, value) pair of a JSON tree.
function* walk(v, key = '') {
  if (Array.isArray(v)) for (const x of v) yield* walk(x, key);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* walk(x, k);
  else yield [key, v];
}

// ---- BLS12-381 encodings: valid and malformed, by length and flags ----
const bls = vec('bls12_381/pairing_vectors.json');
add('scalar', Buffer.from('73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000', 'hex')); // r
add('scalar', Buffer.from('73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001', 'hex')); // r+1
add('scalar', Buffer.alloc(64, 0xff)); // wide reduction
for (const e of [...bls.valid_encodings, ...bls.malformed_encodings]) {
  const b = hex(e.hex);
  add(e.group === 'G1' ? 'g1' : 'g2', b);
}
for (const f of ['bls12_381/pairing_vectors.json', 'bls12_381/rfc9380_vectors.json',
                 'bls12_381/constants.json', 'sdk/primitives.json', 'sdk/elgamal.json',
                 'spec/encrypted_objects.json', 'sdk/servers.json']) {
  for (const [k, v] of walk(vec(f))) {
    if (!isHex(v)) continue;
    const b = hex(v);
    if (b.length === 48 && b[0] & 0x80) add('g1', b);
    else if (b.length === 96 && b[0] & 0x80) add('g2', b);
    else if (b.length === 96) add('g1', b);
    else if (b.length === 192) add('g2', b);
    else if (b.length === 32 && /msk|scalar|^k$|^a$|^b$|ab_mod_r|share|master_key|r_hex/.test(k)) add('scalar', b);
    else if (b.length === 576) add('gt', b);
  }
}
(function gtArrays(v) {
  if (Array.isArray(v)) {
    if (v.length === 12 && v.every(isHex)) add('gt', Buffer.concat(v.map(hex)));
    else v.forEach(gtArrays);
  } else if (v && typeof v === 'object') Object.values(v).forEach(gtArrays);
})(bls);

// ---- hash to curve: [dst_len, selector, xmd_len/32] || msg || dst (see fuzz_hash_to_curve.c) ----
const h2c = vec('bls12_381/rfc9380_vectors.json');
for (const s of h2c.suites) {
  const g2 = /G2/.test(s.ciphersuite);
  for (const v of s.vectors) {
    add('hash_to_curve', cat([s.dst.length, g2 ? 0x80 : 0x00, 0], Buffer.from(v.msg), Buffer.from(s.dst)));
  }
}
for (const v of h2c.expand_message_xmd_sha256 ?? []) {
  if (typeof v.msg !== 'string' || typeof v.DST !== 'string') continue;
  const n = v.len_in_bytes ?? 32;
  add('hash_to_curve', cat([v.DST.length, 0x40 | (n % 32), Math.floor(n / 32)], Buffer.from(v.msg), Buffer.from(v.DST)));
}
add('hash_to_curve', cat([36, 0x00, 0], Buffer.from('SUI-SEAL-IBE-BLS12381-00'.padEnd(36, '-'))));

// ---- Seal EncryptedObjects (SDK, spec, Rust interop, negative cases) ----
const objects = [];
for (const f of ['sdk/negative.json', 'spec/encrypted_objects.json', 'sdk/rust_interop.json',
                 'sdk/encrypt_1of1.json', 'sdk/encrypt_2of3.json', 'sdk/encrypt_3of5.json',
                 'sdk/encrypt_weighted_2of3.json']) {
  const seen = [];
  for (const [k, v] of walk(vec(f))) {
    if (/^(encrypted_object.*hex|hex)$/.test(k) && isHex(v) && hex(v).length > 100) seen.push(hex(v));
  }
  // a few of each file, smallest first, so that every DEM and threshold is represented
  seen.sort((a, b) => a.length - b.length);
  objects.push(...(f === 'sdk/negative.json' || f.startsWith('spec') ? seen : seen.slice(0, 8)));
}
for (const o of objects) {
  add('object', o);
  // decrypt / stream: a selector byte (see fuzz_keys.h) then the object
  add('decrypt', cat([0], o));
  add('stream', cat([1], o));
}
for (const o of vec('sdk/negative.json').vectors?.map((v) => v.encrypted_object_hex).filter(isHex) ?? []) {
  add('decrypt', cat([1], hex(o)));
  add('stream', cat([0], hex(o)));
}

// ---- Sui: PTB, TransactionKind, TransactionData, type tags, objects, signatures, text ----
const sui = vec('sui/sui.json');
const ptbs = [hex(sui.ptb.ptb_bcs_hex)];
const kinds = [hex(sui.ptb.transaction_kind_bcs_hex)];
for (const f of ['sdk/session.json', 'spec/session_and_request.json']) {
  for (const [k, v] of walk(vec(f))) {
    if (/^ptb_bcs(_hex)?$/.test(k) && isHex(v)) ptbs.push(hex(v));
    if (/^(tx_kind_bytes_hex|transaction_kind_bcs_hex)$/.test(k) && isHex(v)) kinds.push(hex(v));
    if (k === 'ptb' && typeof v === 'string') ptbs.push(Buffer.from(v, 'base64'));
  }
}
for (const p of ptbs) add('ptb', p);
for (const p of kinds) add('ptb', p);
for (const t of sui.transactions) add('txdata', hex(t.tx_data_hex));
for (const t of sui.type_tags) {
  add('typetag', hex(t.bcs_hex));
  add('typetag', Buffer.from(t.input));
  add('typetag', Buffer.from(t.canonical));
}
for (const o of sui.objects) add('sui_object', hex(o.bcs_hex));
for (const [k, v] of walk(vec('sdk/keyserver_objects.json'))) {
  if (k === 'dynamic_field_object_bcs_hex' && isHex(v)) add('sui_object', hex(v));
}
// signatures: [message length] || signature || message (see fuzz_sui_sig.c)
const sigs = [];
for (const t of sui.transactions) sigs.push(...Object.values(t.signatures_b64));
for (const m of sui.multisig) sigs.push(m.signature_b64);
for (const u of sui.unsupported_signatures) sigs.push(u.signature_b64);
for (const [k, v] of walk(vec('sdk/session.json'))) {
  if (/^(user_signature_b64|signature)$/.test(k) && typeof v === 'string') sigs.push(v);
}
for (const [k, v] of walk(sui)) {
  if (/signature_b64$/.test(k) && typeof v === 'string') sigs.push(v);
}
for (const s of sigs) add('sui_sig', cat([0], Buffer.from(s, 'base64')));
for (const m of sui.multisig) {
  const msg = hex(m.message_hex);
  if (msg.length < 256) add('sui_sig', cat([msg.length], Buffer.from(m.signature_b64, 'base64'), msg));
}
const sess = vec('sdk/session.json');
for (const [k, v] of walk(sess)) {
  if (k === 'personal_message_hex' && isHex(v) && hex(v).length < 256) {
    const sig = [...walk(sess)].find(([kk]) => kk === 'user_signature_b64');
    if (sig) add('sui_sig', cat([hex(v).length], Buffer.from(sig[1], 'base64'), hex(v)));
  }
}
// text: [selector] || text (0 hex, 1 address, 2 base64, 3 base58, 4 digest, 5 bech32, 6 keystore)
for (const k of sui.keys) {
  add('text', cat([5], Buffer.from(k.bech32)));
  add('text', cat([5], Buffer.from(k.bech32.toUpperCase())));
  add('text', cat([6], Buffer.from(k.keystore_b64)));
  add('text', cat([2], Buffer.from(k.sui_public_key_b64)));
  add('text', cat([1], Buffer.from(k.address)));
  add('text', cat([0], Buffer.from(k.secret_key_hex)));
}
for (const a of sui.addresses) add('text', cat([1], Buffer.from(a.input)));
for (const t of sui.transactions) {
  add('text', cat([4], Buffer.from(t.tx_digest_base58)));
  add('text', cat([3], Buffer.from(t.tx_digest_base58)));
}
for (const o of sui.objects) add('text', cat([4], Buffer.from(o.digest_base58)));
add('text', cat([0], Buffer.from('0xDEADbeef')));
add('text', cat([3], Buffer.from('1112')));

// ---- BCS reader programs: [op] [operand] ... (see fuzz_bcs.c; op % 12 picks the read) ----
add('bcs', Buffer.from('0005' + '01ffff' + '02ffffffff' + '03' + '00'.repeat(8) + '0401', 'hex'));
add('bcs', Buffer.from('05ffffffff07' + '0580' + '05ff01' + 'f6ff' + '2701' + '0801' + '0800', 'hex'));
add('bcs', Buffer.from('39' + 'aa'.repeat(3) + '2a' + 'bb'.repeat(2) + 'fb0a' + '00'.repeat(10), 'hex'));
add('bcs', Buffer.from('05808080800805ffffffff0f', 'hex'));

// ---- base field differential: a || b (48 bytes each, little-endian limbs) || k (4 bytes) ----
const pLe = Buffer.from(bls.p ?? '1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab', 'hex').reverse();
const pm1 = Buffer.from(pLe); pm1[0] -= 1;
add('fp', Buffer.alloc(100));
add('fp', cat(pm1, pm1, [0xff, 0xff, 0xff, 0xff]));
add('fp', cat(Buffer.alloc(48, 0xff), pm1, [2, 0, 0, 0]));
for (const [k, v] of walk(vec('bls12_381/constants.json'))) {
  if (isHex(v) && hex(v).length === 48) add('fp', cat(hex(v).reverse(), pm1, [3, 0, 0, 0]));
}

// Seeds are named by their SHA-1; other files (regression inputs, regress-*) are kept.
let total = 0;
for (const [surface, m] of [...corpus.entries()].sort()) {
  mkdirSync(join(out, surface), { recursive: true });
  for (const f of readdirSync(join(out, surface))) {
    if (/^[0-9a-f]{40}$/.test(f) && !m.has(f)) rmSync(join(out, surface, f));
  }
  for (const [name, b] of m) {
    writeFileSync(join(out, surface, name), b);
    total += b.length;
  }
  console.log(`${surface}: ${m.size} seeds`);
}
console.log(`total ${total} bytes`);
