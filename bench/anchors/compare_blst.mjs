#!/usr/bin/env node
// Ratios ours/blst from `seal-bench bls --json` and `node blst.mjs --json` outputs.
//   node compare_blst.mjs OURS.json BLST.json   -> table on stdout, then one JSON line
//   node compare_blst.mjs OURS1.json OURS2.json ... -- BLST1.json BLST2.json ...
// A ratio below 1 means ours is faster. Rows are either the same operation on both sides
// ("same") or an estimate of a blst figure the JS API does not expose ("est."), with the
// formula printed next to it.
import { readFileSync } from 'node:fs';

// With several runs per side (OURS... -- BLST...), each figure is the median over the runs.
const args = process.argv.slice(2);
const sep = args.indexOf('--');
const oursFiles = sep < 0 ? args.slice(0, 1) : args.slice(0, sep);
const blstFiles = sep < 0 ? args.slice(1, 2) : args.slice(sep + 1);
if (!oursFiles.length || !blstFiles.length) {
  console.error('usage: node compare_blst.mjs OURS.json BLST.json | OURS1.json ... -- BLST1.json ...');
  process.exit(2);
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
function combine(objs, pick) {
  const out = { ...pick(objs[0]) };
  for (const k of Object.keys(out)) {
    if (typeof out[k] === 'number' && objs.every((o) => typeof pick(o)[k] === 'number')) out[k] = med(objs.map((o) => pick(o)[k]));
  }
  return out;
}
const oursRuns = oursFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const blstRuns = blstFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const ours = combine(oursRuns, (o) => o);
ours.runs = oursRuns.length;
const anchor = { ...blstRuns[0], blst: combine(blstRuns, (o) => o.blst), runs: blstRuns.length };
const b = anchor.blst;

const rows = [];
function same(op, blstKey, note) {
  if (ours[op] === undefined || b[blstKey] === undefined) return;
  rows.push({ op, kind: 'same', ours_us: ours[op], blst_us: b[blstKey], note });
}
function est(op, blstUs, formula) {
  if (ours[op] === undefined || !(blstUs > 0)) return;
  rows.push({ op, kind: 'est.', ours_us: ours[op], blst_us: blstUs, note: formula });
}
same('sk_to_pk', 'sk_to_pk', 'k*G1 constant time + to affine (blst SecretKey.toPublicKey)');
same('sign_min_pk', 'sign_min_pk', 'hash to G2 + k*Q constant time + to affine (blst sign)');
same('verify_min_pk', 'verify_min_pk', 'hash to G2 + 2 Miller loops + final exp (blst verify, no group checks)');
same('g1_decompress_check', 'g1_decompress_check', '48 B decode + subgroup check (blst PublicKey.fromBytes(b, true))');
same('g2_decompress_check', 'g2_decompress_check', '96 B decode + subgroup check (blst Signature.fromBytes(b, true))');
same('verify_checked', 'verify_checked_from_bytes', 'verify-equivalent: decode pk and sig with subgroup checks + hash to G2 + 2 Miller loops + final exp (blst fromBytes(b, true) x2 + verify)');
// blst's aggregateVerify with k messages costs k hashes to G2 + (k+1) Miller loops + 1 final
// exp, so the marginal cost of one more message (the slope of T(k), fitted over the measured k)
// is one hash to G2 + one Miller loop, and verify minus that marginal cost is one Miller loop +
// one final exp: a pairing.
const aggKs = [1, 2, 4, 8, 16].filter((k) => b[`aggregate_verify_${k}`] > 0);
if (aggKs.length >= 2) {
  // least-squares slope of T(k) over the measured k
  const mk = aggKs.reduce((s, k) => s + k, 0) / aggKs.length;
  const mt = aggKs.reduce((s, k) => s + b[`aggregate_verify_${k}`], 0) / aggKs.length;
  const marginal = aggKs.reduce((s, k) => s + (k - mk) * (b[`aggregate_verify_${k}`] - mt), 0) /
    aggKs.reduce((s, k) => s + (k - mk) * (k - mk), 0);
  if (ours.hash_to_g2 !== undefined && ours.miller_loop !== undefined) {
    ours.hash_to_g2_plus_miller_loop = Number((ours.hash_to_g2 + ours.miller_loop).toFixed(3));
    est('hash_to_g2_plus_miller_loop', marginal, `blst slope of aggregateVerify over k = ${aggKs.join(', ')}; ours: hash_to_g2 + miller_loop`);
  }
  est('pairing', b.verify_min_pk - marginal, 'blst verify - that marginal cost (1 Miller loop + 1 final exp)');
}
est('g1_mul', b.sk_to_pk, 'blst toPublicKey (k*G1 + to affine; blst base is the generator)');
est('g1_mul_batch8', b.sk_to_pk, 'ours per item of an 8-item seal_g1_mul_batch (the key server path) vs blst toPublicKey');

const f = (x) => (x >= 100 ? x.toFixed(1) : x.toFixed(2));
console.log(`ours: seal-bench bls, backend ${ours.backend}; blst: @chainsafe/blst ${anchor.versions?.['@chainsafe/blst']} on node ${anchor.node}; clock ${ours.clock ?? 'monotonic'}; ${ours.runs} alternating run(s) per side${ours.runs > 1 ? ', median per figure' : ''}`);
console.log(`blst figures include the napi binding overhead (at most ${f(b.napi_call_floor ?? 0)} us per call)`);
console.log(`${'operation'.padEnd(28)} ${'kind'.padEnd(5)} ${'ours us'.padStart(10)} ${'blst us'.padStart(10)} ${'ours/blst'.padStart(9)}  what`);
const ratios = {};
for (const r of rows) r.blst_us = Number(r.blst_us.toFixed(3));
for (const r of rows) {
  r.ratio = Number((r.ours_us / r.blst_us).toFixed(3));
  ratios[r.op] = r;
  console.log(`${r.op.padEnd(28)} ${r.kind.padEnd(5)} ${f(r.ours_us).padStart(10)} ${f(r.blst_us).padStart(10)} ${r.ratio.toFixed(2).padStart(9)}  ${r.note}`);
}
const sameRows = rows.filter((r) => r.kind === 'same');
if (sameRows.length) {
  const gm = Math.exp(sameRows.reduce((s, r) => s + Math.log(r.ratio), 0) / sameRows.length);
  console.log(`geometric mean of the ${sameRows.length} same-operation ratios: ${gm.toFixed(2)} (below 1: ours faster)`);
  ratios._geomean_same = Number(gm.toFixed(3));
}
console.log(JSON.stringify({ ours, blst: b, ratios }));
