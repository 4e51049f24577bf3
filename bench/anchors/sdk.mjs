#!/usr/bin/env node
// Seal anchor for seal-bench: the official Seal TypeScript SDK (@mysten/seal 1.4.12, pure-JS
// @noble/curves BLS12-381, WebCrypto AES-GCM), local crypto path only (no network), 2-of-3.
//
//   node sdk.mjs [--json] [--quick] [--cpu-time]
//
// Keys are the names `seal-bench seal --json` uses for the same operation:
//   encrypt_1k_2of3_us   encrypt() of 1 KiB, AES-256-GCM, 3 servers, threshold 2 (DEM key,
//                        Shamir split, KEM for 3 servers, key derivation, DEM, BCS)
//   decrypt_1k_2of3_us   EncryptedObject.parse + decrypt() with 2 user keys
//   decrypt_1k_2of3_checked_us  the same with the 3 public keys (share-consistency check)
//   verify_key_us        decode usk (48 B) and pk (96 B), then verifyUserSecretKey:
//                        e(usk, G2) == e(H1(id), pk)
//   extract_us           usk = msk * H1(id), compressed (what a key server does per id)
//   aes_gcm_mb_s         AesGcm256(64 MiB).encrypt (WebCrypto, i.e. OpenSSL), MB/s (1e6 B)
//   hmac_ctr_mb_s        Hmac256Ctr(1 MiB).encrypt (keystream + MAC, pure JS), MB/s; measured on
//                        1 MiB because 64 MiB takes more than a minute
//   encrypt_64m_ms       encrypt() of 64 MiB, AES-256-GCM, 2-of-3
//   decrypt_64m_ms       parse + decrypt() of that object with 2 keys
// Method: as bench/seal-bench (warm-up, rounds sized for about 0.3 s, median of 11 rounds; 5
// with --quick); the 64 MiB rows use 5 runs (3 with --quick) after one warm-up.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const JSON_OUT = argv.includes('--json');
const QUICK = argv.includes('--quick');
const TARGET_S = QUICK ? 0.05 : 0.3;
const ROUNDS = QUICK ? 5 : 11;
const log = (...a) => (JSON_OUT ? console.error(...a) : console.log(...a));

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, 'node_modules');
const dist = (f) => import(pathToFileURL(join(nm, '@mysten', 'seal', 'dist', f)).href);
const version = (p) => JSON.parse(readFileSync(join(nm, p, 'package.json'), 'utf8')).version;
const [bcsM, bls, encM, decM, ibe, kdfM, demM, utils] = await Promise.all(
  ['bcs.mjs', 'bls12381.mjs', 'encrypt.mjs', 'decrypt.mjs', 'ibe.mjs', 'kdf.mjs', 'dem.mjs', 'utils.mjs'].map(dist),
);
const { EncryptedObject } = bcsM;
const { G1Element, G2Element, Scalar } = bls;
const { AesGcm256, Hmac256Ctr } = demM;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// --cpu-time: process CPU time (user + system) instead of the monotonic clock, as seal-bench
// --cpu-time. Note that WebCrypto AES-GCM runs on a libuv worker thread, whose CPU time counts.
const CPU_TIME = argv.includes('--cpu-time');
const nowUs = CPU_TIME
  ? () => { const u = process.cpuUsage(); return u.user + u.system; }
  : () => Number(process.hrtime.bigint()) / 1e3;
async function measure(fn, { runs, warm } = {}) {
  let calls = 0;
  const t0 = nowUs();
  let elapsed = 0;
  const minWarm = warm ?? 3;
  while (calls < minWarm || (runs === undefined && elapsed < (TARGET_S * 1e6) / 10)) {
    await fn();
    calls++;
    elapsed = nowUs() - t0;
  }
  const rounds = runs ?? ROUNDS;
  const n = runs !== undefined ? 1 : Math.max(1, Math.floor((TARGET_S * 1e6) / (rounds * (elapsed / calls))));
  const per = [];
  for (let r = 0; r < rounds; r++) {
    const s = nowUs();
    for (let i = 0; i < n; i++) await fn();
    per.push((nowUs() - s) / n);
  }
  return { us: median(per), n, rounds };
}

const out = {
  anchor: 'sdk', quick: QUICK, clock: CPU_TIME ? 'process-cpu' : 'monotonic', node: process.version, cpu: os.cpus()[0]?.model,
  versions: { '@mysten/seal': version('@mysten/seal'), '@noble/curves': version('@noble/curves'), '@noble/hashes': version('@noble/hashes') },
};
const results = {};
function record(key, value, unit, what, r) {
  results[key] = Number(value.toFixed(4));
  log(`${key.padEnd(28)} ${value.toFixed(value >= 100 ? 1 : 3).padStart(12)} ${unit.padEnd(4)}  ${what}  [${r.n} x ${r.rounds}]`);
}

// Fixed setup: 3 key servers, threshold 2, 32-byte package id || 32-byte id.
const bytes = (len, seed) => {
  const b = new Uint8Array(len);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    b[i] = x >>> 24;
  }
  return b;
};
const hex = (u8) => Buffer.from(u8).toString('hex');
const servers = [0, 1, 2].map((i) => {
  const msk = Scalar.random();
  return { objectId: '0x' + hex(bytes(32, 500 + i)), msk, pk: G2Element.generator().multiply(msk).toBytes() };
});
const keyServers = servers.map((s) => ({ objectId: s.objectId, pk: s.pk }));
const packageId = '0x' + hex(bytes(32, 600));
const idHex = hex(bytes(32, 601));
const fullIdHex = utils.createFullId(packageId, idHex);
const fullId = Buffer.from(fullIdHex.replace(/^0x/, ''), 'hex');
const usks = servers.map((s) => kdfM.hashToG1(fullId).multiply(s.msk));
const keys2 = new Map([0, 1].map((i) => [`${fullIdHex}:${servers[i].objectId}`, usks[i]]));
const pks = servers.map((s) => G2Element.fromBytes(s.pk));
const uskBytes = usks.map((u) => u.toBytes());

log(`# @mysten/seal ${out.versions['@mysten/seal']} (official TS SDK, local crypto path), node ${process.version}, ${out.cpu}`);
const encryptObj = async (data) =>
  (await encM.encrypt({ keyServers, kemType: 0, threshold: 2, packageId, id: idHex, encryptionInput: new AesGcm256(data, new Uint8Array()) })).encryptedObject;
const decryptObj = (obj) => decM.decrypt({ encryptedObject: EncryptedObject.parse(obj), keys: keys2 });
const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

{
  const data = bytes(1024, 700);
  let obj;
  let r = await measure(async () => { obj = await encryptObj(data); });
  record('encrypt_1k_2of3_us', r.us, 'us', 'encrypt() 1 KiB AES-256-GCM, 2-of-3', r);
  let pt;
  r = await measure(async () => { pt = await decryptObj(obj); });
  if (!same(pt, data)) throw new Error('SDK round trip failed');
  record('decrypt_1k_2of3_us', r.us, 'us', 'parse + decrypt() 1 KiB with 2 keys', r);
  r = await measure(async () => { pt = await decM.decrypt({ encryptedObject: EncryptedObject.parse(obj), keys: keys2, publicKeys: pks }); });
  if (!same(pt, data)) throw new Error('SDK round trip with consistency check failed');
  record('decrypt_1k_2of3_checked_us', r.us, 'us', 'parse + decrypt() 1 KiB with 2 keys + 3 public keys (share-consistency check)', r);
  r = await measure(() => {
    const usk = G1Element.fromBytes(uskBytes[0]);
    const pk = G2Element.fromBytes(servers[0].pk);
    if (!ibe.BonehFranklinBLS12381Services.verifyUserSecretKey(usk, fullIdHex, pk)) throw new Error('key does not verify');
  });
  record('verify_key_us', r.us, 'us', 'decode usk (G1) and pk (G2) + verifyUserSecretKey (2 pairings + H1)', r);
  r = await measure(() => kdfM.hashToG1(fullId).multiply(servers[0].msk).toBytes());
  record('extract_us', r.us, 'us', 'msk * H1(id), compressed', r);
}
{
  const key = bytes(32, 800);
  const big = new Uint8Array(64 * 1024 * 1024);
  const mib = new Uint8Array(1024 * 1024);
  const opt = { runs: QUICK ? 3 : 5, warm: 1 };
  let r = await measure(() => new AesGcm256(big, new Uint8Array()).encrypt(key), opt);
  record('aes_gcm_mb_s', big.length / r.us, 'MB/s', 'AesGcm256.encrypt 64 MiB (WebCrypto)', r);
  r = await measure(() => new Hmac256Ctr(mib, new Uint8Array()).encrypt(key), { runs: QUICK ? 3 : 5, warm: 1 });
  record('hmac_ctr_mb_s', mib.length / r.us, 'MB/s', 'Hmac256Ctr.encrypt 1 MiB (keystream + MAC, pure JS)', r);
  for (let off = 0; off < big.length; off += 65536) globalThis.crypto.getRandomValues(big.subarray(off, off + 65536));
  let obj;
  r = await measure(async () => { obj = await encryptObj(big); }, opt);
  record('encrypt_64m_ms', r.us / 1000, 'ms', 'encrypt() 64 MiB AES-256-GCM, 2-of-3', r);
  let pt;
  r = await measure(async () => { pt = await decryptObj(obj); }, opt);
  if (pt.length !== big.length || !same(pt.subarray(0, 4096), big.subarray(0, 4096))) throw new Error('SDK 64 MiB round trip failed');
  record('decrypt_64m_ms', r.us / 1000, 'ms', 'parse + decrypt() 64 MiB with 2 keys', r);
}
out.sdk = results;
if (JSON_OUT) console.log(JSON.stringify(out));
