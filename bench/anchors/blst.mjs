#!/usr/bin/env node
// BLS12-381 anchor for seal-bench: native blst through @chainsafe/blst 2.2.0 (napi binding,
// prebuilt linux-x64-gnu binary; min-pk: public keys in G1, signatures in G2), optionally
// pure-JS @noble/curves 2.4.0 for context.
//
//   node blst.mjs [--json] [--quick] [--cpu-time] [--noble]
//
// Method (the same as bench/seal-bench): every operation is warmed up (at least 3 calls and a
// tenth of the time budget), the warm-up estimates the cost of one call, which sizes R rounds
// (11, or 5 with --quick) of n calls so that all rounds take about 0.3 s (0.05 s with --quick);
// the figure is the median over rounds of the per-call time, in microseconds, measured with
// process.hrtime.bigint() (a monotonic clock). Keys use seal-bench's names where the operation
// is the same; blst-only figures have their own names.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const JSON_OUT = argv.includes('--json');
const QUICK = argv.includes('--quick');
const NOBLE = argv.includes('--noble');
const TARGET_S = QUICK ? 0.05 : 0.3;
const ROUNDS = QUICK ? 5 : 11;

const log = (...a) => (JSON_OUT ? console.error(...a) : console.log(...a));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
// --cpu-time: process CPU time (user + system) instead of the monotonic clock, as seal-bench
// --cpu-time; steadier on a busy machine.
const CPU_TIME = argv.includes('--cpu-time');
const nowS = CPU_TIME
  ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }
  : () => Number(process.hrtime.bigint()) / 1e9;
let sink = 0;
function measure(fn) {
  let iter = 0;
  let calls = 0;
  const t0 = nowS();
  let elapsed = 0;
  while (calls < 3 || elapsed < TARGET_S / 10) {
    if (fn(iter++)) sink++;
    calls++;
    elapsed = nowS() - t0;
  }
  const perCall = elapsed / calls;
  const n = Math.max(1, Math.floor(TARGET_S / (ROUNDS * perCall)));
  const per = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = nowS();
    for (let i = 0; i < n; i++) if (fn(iter++)) sink++;
    per.push(((nowS() - s) * 1e6) / n);
  }
  return { us: median(per), n, rounds: ROUNDS, spread: (Math.max(...per) - Math.min(...per)) / median(per) };
}

const bytes = (len, seed) => {
  const b = new Uint8Array(len);
  let x = (seed * 2654435761 + 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    b[i] = x >>> 24;
  }
  return b;
};

const out = { anchor: 'blst', unit: 'us', quick: QUICK, clock: CPU_TIME ? 'process-cpu' : 'monotonic', node: process.version, cpu: os.cpus()[0]?.model, versions: {} };
const blstResults = {};
const what = {};
function run(table, key, desc, fn) {
  const r = measure(fn);
  table[key] = Number(r.us.toFixed(4));
  what[`${table === blstResults ? 'blst' : 'noble'}.${key}`] = desc;
  log(`${key.padEnd(26)} ${r.us.toFixed(2).padStart(10)} us  ${desc}  [${r.n} x ${r.rounds}, spread ${(r.spread * 100).toFixed(0)}%]`);
}

// ---------------------------------------------------------------- blst
const blst = require('@chainsafe/blst');
out.versions['@chainsafe/blst'] = require('@chainsafe/blst/package.json').version;
log(`# @chainsafe/blst ${out.versions['@chainsafe/blst']} (native blst), node ${process.version}, ${out.cpu}`);
{
  const N = 16;
  const sks = Array.from({ length: N }, (_, i) => blst.SecretKey.fromKeygen(bytes(32, 1000 + i)));
  const skBytes = sks.map((s) => s.toBytes());
  const pks = sks.map((s) => s.toPublicKey());
  const msgs = Array.from({ length: N }, (_, i) => bytes(32, 3000 + i));
  const sigs = sks.map((s, i) => s.sign(msgs[i]));
  const pkC = pks.map((p) => p.toBytes(true));
  const sigC = sigs.map((s) => s.toBytes(true));
  for (let i = 0; i < N; i++) if (!blst.verify(msgs[i], pks[i], sigs[i], true, true)) throw new Error('blst self-check failed');
  if (!blst.aggregateVerify(msgs.slice(0, 8), pks.slice(0, 8), blst.aggregateSignatures(sigs.slice(0, 8)), true, true)) throw new Error('blst aggregate self-check failed');

  run(blstResults, 'napi_call_floor', 'SecretKey.fromBytes (32-byte parse): upper bound of the binding overhead per call', (i) => blst.SecretKey.fromBytes(skBytes[i & 15]));
  run(blstResults, 'sk_to_pk', 'SecretKey.toPublicKey: k*G1 constant time + to affine', (i) => sks[i & 15].toPublicKey());
  run(blstResults, 'sign_min_pk', 'SecretKey.sign(32 B): hash to G2 + k*Q constant time + to affine', (i) => sks[i & 15].sign(msgs[i & 15]));
  run(blstResults, 'g1_decompress', 'PublicKey.fromBytes(48 B, false): decode, no subgroup check', (i) => blst.PublicKey.fromBytes(pkC[i & 15], false));
  run(blstResults, 'g1_decompress_check', 'PublicKey.fromBytes(48 B, true): decode + infinity + subgroup check', (i) => blst.PublicKey.fromBytes(pkC[i & 15], true));
  run(blstResults, 'g2_decompress', 'Signature.fromBytes(96 B, false): decode, no subgroup check', (i) => blst.Signature.fromBytes(sigC[i & 15], false));
  run(blstResults, 'g2_decompress_check', 'Signature.fromBytes(96 B, true): decode + subgroup check', (i) => blst.Signature.fromBytes(sigC[i & 15], true));
  run(blstResults, 'verify_min_pk', 'verify(msg, pk, sig, false, false): hash to G2 + 2 Miller loops + 1 final exp', (i) => blst.verify(msgs[i & 15], pks[i & 15], sigs[i & 15], false, false));
  const agg8 = blst.aggregateSignatures(sigs.slice(0, 8));
  run(blstResults, 'aggregate_verify_1', 'aggregateVerify, 1 message: hash to G2 + 2 Miller loops + 1 final exp', (i) => blst.aggregateVerify([msgs[i & 15]], [pks[i & 15]], sigs[i & 15], false, false));
  run(blstResults, 'aggregate_verify_8', 'aggregateVerify, 8 messages: 8 hashes to G2 + 9 Miller loops + 1 final exp', () => blst.aggregateVerify(msgs.slice(0, 8), pks.slice(0, 8), agg8, false, false));
  run(blstResults, 'verify_min_pk_checked', 'verify(..., true, true): as above + pk and sig subgroup checks', (i) => blst.verify(msgs[i & 15], pks[i & 15], sigs[i & 15], true, true));
  run(blstResults, 'verify_checked_from_bytes', 'PublicKey.fromBytes(48 B, true) + Signature.fromBytes(96 B, true) + verify: decodings with subgroup checks, hash to G2, 2 Miller loops, 1 final exp', (i) => {
    const pk = blst.PublicKey.fromBytes(pkC[i & 15], true);
    const sig = blst.Signature.fromBytes(sigC[i & 15], true);
    return blst.verify(msgs[i & 15], pk, sig, false, false);
  });
  // aggregateVerify at k = 2, 4 and 16 too: the slope over k = 1..16 (least squares) is one
  // hash to G2 + one Miller loop, steadier than a difference of two figures
  for (const k of [2, 4, 16]) {
    const aggK = blst.aggregateSignatures(sigs.slice(0, k));
    run(blstResults, `aggregate_verify_${k}`, `aggregateVerify, ${k} messages`, () => blst.aggregateVerify(msgs.slice(0, k), pks.slice(0, k), aggK, false, false));
  }
}
out.blst = blstResults;

// ---------------------------------------------------------------- noble (context only)
if (NOBLE) {
  const { bls12_381: bls } = await import('@noble/curves/bls12-381.js');
  out.versions['@noble/curves'] = JSON.parse(readFileSync(new URL('./node_modules/@noble/curves/package.json', import.meta.url))).version;
  log(`# @noble/curves ${out.versions['@noble/curves']} (pure JS; what the Seal TS SDK uses)`);
  const noble = {};
  const { G1, G2 } = bls;
  const Fr = bls.fields.Fr;
  const dst = new TextEncoder().encode('SUI-SEAL-IBE-BLS12381-00');
  const sc = Array.from({ length: 16 }, (_, i) => Fr.create(BigInt('0x' + Buffer.from(bytes(32, 1000 + i)).toString('hex'))) || 1n);
  const P = Array.from({ length: 16 }, (_, i) => G1.hashToCurve(bytes(40, 2000 + i), { DST: dst }));
  const Q = Array.from({ length: 16 }, (_, i) => G2.hashToCurve(bytes(32, 3000 + i)));
  const g1c = P.map((p) => p.toBytes(true));
  const g2c = Q.map((q) => q.toBytes(true));
  run(noble, 'g1_mul', 'P.multiply (variable base)', (i) => P[i & 15].multiply(sc[(i + 1) & 15]));
  run(noble, 'g2_mul', 'Q.multiply (variable base)', (i) => Q[i & 15].multiply(sc[(i + 1) & 15]));
  run(noble, 'hash_to_g1', 'G1.hashToCurve, 40 B id, Seal DST', (i) => G1.hashToCurve(bytes(40, 2000 + (i & 15)), { DST: dst }));
  run(noble, 'hash_to_g2', 'G2.hashToCurve, 32 B', (i) => G2.hashToCurve(bytes(32, 3000 + (i & 15))));
  run(noble, 'g1_decompress_check', 'G1.Point.fromBytes (48 B) + subgroup check', (i) => G1.Point.fromBytes(g1c[i & 15]).assertValidity());
  run(noble, 'g2_decompress_check', 'G2.Point.fromBytes (96 B) + subgroup check', (i) => G2.Point.fromBytes(g2c[i & 15]).assertValidity());
  run(noble, 'pairing', 'bls.pairing(P, Q)', (i) => bls.pairing(P[i & 15], Q[(i + 3) & 15]));
  out.noble = noble;
}

out.what = what;
if (JSON_OUT) console.log(JSON.stringify(out));
if (sink < 0) console.error(sink);
