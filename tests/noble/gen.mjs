// Generates the differential BLS12-381 test set tests/vectors/noble/*.json with @noble/curves.
//
// Deterministic: every random value comes from SHA-256 in counter mode over a fixed seed, so
// re-running this script reproduces the committed files byte for byte (see README.md).
//
//   cd tests/noble && npm ci && node gen.mjs            # writes ../vectors/noble/*.json
//   node gen.mjs --check                                  # regenerates and compares, exit 1 on drift
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha3_512 } from '@noble/hashes/sha3.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'vectors', 'noble');
const checkOnly = process.argv.includes('--check');

const pkgVersion = (name) =>
  JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;
const GENERATOR = `tests/noble/gen.mjs with @noble/curves ${pkgVersion('@noble/curves')} and ` +
  `@noble/hashes ${pkgVersion('@noble/hashes')} (Node ${process.versions.node.split('.')[0]})`;

const { Fp, Fp2, Fp12, Fr } = bls.fields;
const G1 = bls.G1.Point;
const G2 = bls.G2.Point;
const p = Fp.ORDER;
const r = Fr.ORDER;
const SEAL_G1_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
const RFC_G1_DST = 'QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_';
const RFC_G2_DST = 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_';
const SIG_G2_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';

// ---- deterministic randomness ----------------------------------------------------------------

class Drbg {
  constructor(label) {
    this.seed = sha256(utf8ToBytes(`seal noble differential vectors v1: ${label}`));
    this.counter = 0;
    this.buf = new Uint8Array(0);
  }
  bytes(n) {
    while (this.buf.length < n) {
      const ctr = new Uint8Array(8);
      new DataView(ctr.buffer).setBigUint64(0, BigInt(this.counter++));
      this.buf = concatBytes(this.buf, sha256(concatBytes(this.seed, ctr)));
    }
    const out = this.buf.slice(0, n);
    this.buf = this.buf.slice(n);
    return out;
  }
  int(n) { // uniform-enough integer in [0, n) for small n
    const v = new DataView(this.bytes(4).buffer).getUint32(0);
    return v % n;
  }
  big(nbytes) { return bytesToBig(this.bytes(nbytes)); }
  scalar() { // uniform in [1, r)
    for (;;) {
      const k = this.big(64) % r;
      if (k !== 0n) return k;
    }
  }
  fp() { return this.big(64) % p; }
}

function bytesToBig(b) { return b.length === 0 ? 0n : BigInt('0x' + bytesToHex(b)); }
function bigToBytes(v, n) {
  const h = v.toString(16).padStart(2 * n, '0');
  if (h.length !== 2 * n) throw new Error('integer too large');
  return Uint8Array.from(Buffer.from(h, 'hex'));
}
const hex = (b) => bytesToHex(b);
const sh = (v) => v.toString(16).padStart(64, '0'); // scalar hex, 32 bytes
const mod = (a, m) => ((a % m) + m) % m;

// Scalars that stress carries, windows and reduction in a scalar multiplication.
function specialScalars() {
  return [0n, 1n, 2n, 3n, 15n, 16n, 17n, r - 1n, r - 2n, (r - 1n) / 2n, (r + 1n) / 2n,
    0xd201000000010000n, 1n << 64n, (1n << 128n) + 1n, 1n << 254n, (1n << 255n) % r,
    (1n << 253n) - 1n, r - 0xd201000000010000n, 0x5555555555555555555555555555555555555555555555555555555555555555n % r];
}

// ---- encodings ------------------------------------------------------------------------------

const mulG1 = (k) => (k === 0n ? G1.ZERO : G1.BASE.multiply(k));
const mulG2 = (k) => (k === 0n ? G2.ZERO : G2.BASE.multiply(k));
const enc = (P, compressed) => hex((P.is0() ? P.constructor.ZERO : P).toBytes(compressed));

// GT in Seal's byte order: noble's Fp12.toBytes (tower order) permuted in 96-byte units.
const GT_PERM = [0, 3, 1, 4, 2, 5];
function gtBytes(e) {
  const t = Fp12.toBytes(e);
  if (t.length !== 576) throw new Error('Fp12 size');
  const out = new Uint8Array(576);
  GT_PERM.forEach((src, i) => out.set(t.subarray(96 * src, 96 * src + 96), 96 * i));
  return hex(out);
}
function pair(P, Q) { // e(O, Q) = e(P, O) = 1 (noble throws instead)
  if (P.equals(G1.ZERO) || Q.equals(G2.ZERO)) return Fp12.ONE;
  return bls.pairing(P, Q);
}

// Check the GT permutation against the published e(G1, G2) before trusting it.
{
  const pv = JSON.parse(readFileSync(join(here, '..', 'vectors', 'bls12_381', 'pairing_vectors.json'), 'utf8'));
  const want = pv.generator_pairing.e_bytes_w_order;
  const got = gtBytes(bls.pairing(G1.BASE, G2.BASE));
  const w = Array.isArray(want) ? want.join('') : want;
  if (got !== w) throw new Error('GT byte order disagrees with pairing_vectors.json');
}

// ---- scalars ---------------------------------------------------------------------------------

function genScalars() {
  const d = new Drbg('scalars');
  const from_bytes = [];
  const add = (b) => {
    const v = bytesToBig(b);
    from_bytes.push({ in: hex(b), ok: v < r });
  };
  for (const v of [0n, 1n, r - 1n, r, r + 1n, (1n << 256n) - 1n, 2n * r, (1n << 255n), (1n << 255n) - 1n, r + (1n << 64n)])
    add(bigToBytes(v, 32));
  for (let i = 0; i < 30; i++) add(bigToBytes(d.big(64) % r, 32)); // canonical
  for (let i = 0; i < 20; i++) add(d.bytes(32)); // uniform 256-bit: mostly >= r
  for (let i = 0; i < 10; i++) add(bigToBytes(r + (d.big(32) % ((1n << 256n) - r)), 32)); // >= r
  for (let i = 0; i < 10; i++) add(bigToBytes(r - 1n - (d.big(2) % 1000n), 32)); // just below r

  const wide = [];
  for (const len of [0, 1, 31, 32, 33, 47, 48, 63, 64, 65, 96, 128, 200]) {
    for (let j = 0; j < 4; j++) {
      const b = j === 0 ? new Uint8Array(len).fill(0xff) : d.bytes(len);
      wide.push({ in: hex(b), out: sh(mod(bytesToBig(b), r)) });
    }
  }

  const arith = [];
  const edge = [0n, 1n, r - 1n, 2n, (r - 1n) / 2n];
  for (let i = 0; i < 60; i++) {
    const a = i < 10 ? edge[i % 5] : d.scalar();
    const b = i < 10 ? edge[Math.floor(i / 2) % 5] : (i % 7 === 0 ? a : d.scalar());
    arith.push({
      a: sh(a), b: sh(b),
      add: sh(Fr.add(a, b)), sub: sh(Fr.sub(a, b)), mul: sh(Fr.mul(a, b)),
      neg: sh(Fr.neg(a)), inv: sh(a === 0n ? 0n : Fr.inv(a)),
    });
  }
  return { from_bytes, from_bytes_wide: wide, arithmetic: arith };
}

// ---- groups: multiplication, addition, MSM, decoding ------------------------------------------

function groupCases(name, Point, mulGen, d, h2c, Fcoord) {
  const isG2 = name === 'g2';
  const clen = isG2 ? 96 : 48;
  const randPoint = () => mulGen(d.scalar());

  // k * generator and k * P for a random P
  const mul_gen = [];
  for (const k of specialScalars()) mul_gen.push({ k: sh(k), c: enc(mulGen(k), true), u: enc(mulGen(k), false) });
  while (mul_gen.length < 80) {
    const k = d.scalar();
    mul_gen.push({ k: sh(k), c: enc(mulGen(k), true), u: enc(mulGen(k), false) });
  }
  const mul = [];
  for (let i = 0; i < 60; i++) {
    const P = i % 3 === 0 ? h2c(d.bytes(16), SEAL_G1_DST) : randPoint();
    const k = i < 6 ? [0n, 1n, 2n, r - 1n, r - 2n, 0xd201000000010000n][i] : d.scalar();
    const R = k === 0n ? Point.ZERO : P.multiply(k);
    mul.push({ p: enc(P, true), k: sh(k), c: enc(R, true), u: enc(R, false) });
  }

  // a + b, with doubling, inverses and the identity mixed in
  const add = [];
  for (let i = 0; i < 80; i++) {
    const A = i % 10 === 1 ? Point.ZERO : randPoint();
    let B;
    switch (i % 10) {
      case 2: B = A; break;                // doubling through add
      case 3: B = A.negate(); break;       // inverse -> identity
      case 4: B = Point.ZERO; break;
      case 5: B = A.double(); break;
      default: B = randPoint();
    }
    const S = A.add(B);
    const D = A.subtract(B);
    add.push({ a: enc(A, true), b: enc(B, true), sum: enc(S, true), diff: enc(D, true), dbl_a: enc(A.double(), true) });
  }

  // sum k_i P_i
  const msm = [];
  for (let i = 0; i < 30; i++) {
    const n = i === 0 ? 0 : 1 + (i % 9) + (i === 29 ? 40 : 0);
    const pts = [], ks = [];
    let acc = Point.ZERO;
    for (let j = 0; j < n; j++) {
      const P = (i + j) % 11 === 5 ? Point.ZERO : randPoint();
      const k = (i + j) % 13 === 7 ? 0n : (j % 4 === 3 ? (r - 1n) : d.scalar());
      pts.push(enc(P, true));
      ks.push(sh(k));
      if (k !== 0n) acc = acc.add(P.multiply(k));
    }
    msm.push({ p: pts, k: ks, c: enc(acc, true) });
  }

  // Decoding: every string below was given to noble's fromBytes; "ok" is noble's verdict and
  // "c" (when ok) the compressed re-encoding noble produces. "why" labels what was constructed.
  const decode = [];
  const judge = (bytes, why) => {
    let ok = false, c;
    try {
      const P = Point.fromBytes(bytes);
      P.assertValidity();
      ok = true;
      c = enc(P, true);
    } catch (e) { ok = false; }
    const rec = { in: hex(bytes), ok, why };
    if (ok) rec.c = c;
    decode.push(rec);
    return ok;
  };
  const flagsOf = (b) => b[0] & 0xe0;
  const withFlags = (b, f) => { const o = b.slice(); o[0] = (o[0] & 0x1f) | f; return o; };
  for (let i = 0; i < 16; i++) {
    const P = i === 0 ? Point.ZERO : randPoint();
    const cb = P.toBytes(true), ub = P.toBytes(false);
    judge(cb, 'valid compressed');
    judge(ub, 'valid uncompressed');
    if (i < 4) { // every flag combination on both lengths
      for (let f = 0; f < 8; f++) {
        const fl = f << 5;
        if (fl !== flagsOf(cb)) judge(withFlags(cb, fl), `compressed with flags ${fl.toString(16)}`);
        if (fl !== flagsOf(ub)) judge(withFlags(ub, fl), `uncompressed with flags ${fl.toString(16)}`);
      }
    }
  }
  // Coordinates >= p: x + p (and y + p) written in place of a valid coordinate when it fits.
  const fpBytes = 48;
  let added = 0;
  for (let i = 0; i < 200 && added < 6; i++) {
    const P = randPoint();
    const a = P.toAffine();
    const xs = isG2 ? [a.x.c1, a.x.c0] : [a.x];
    const ys = isG2 ? [a.y.c1, a.y.c0] : [a.y];
    const ub = P.toBytes(false), cb = P.toBytes(true);
    // first 48-byte limb of x (c1 for G2); top 3 bits must stay free for the flags
    if (xs[0] + p < (1n << 381n)) {
      const c = cb.slice(); c.set(bigToBytes(xs[0] + p, fpBytes), 0); c[0] |= flagsOf(cb);
      judge(c, 'compressed x (first limb) + p');
      const u = ub.slice(); u.set(bigToBytes(xs[0] + p, fpBytes), 0); u[0] |= flagsOf(ub);
      judge(u, 'uncompressed x (first limb) + p');
      added++;
    }
    if (isG2 && xs[1] + p < (1n << 384n)) {
      const c = cb.slice(); c.set(bigToBytes(xs[1] + p, fpBytes), fpBytes);
      judge(c, 'compressed x.c0 + p');
    }
    const yOff = isG2 ? 96 : 48;
    if (ys[0] + p < (1n << 384n)) {
      const u = ub.slice(); u.set(bigToBytes(ys[0] + p, fpBytes), yOff);
      judge(u, 'uncompressed y (first limb) + p');
    }
  }
  // x = p exactly (the all-ones top is the maximum representable)
  {
    const c = new Uint8Array(clen); c.set(bigToBytes(p, fpBytes), 0); c[0] |= 0x80;
    judge(c, 'compressed x = p');
    const m = new Uint8Array(clen).fill(0xff); judge(m, 'all ones');
  }
  // Wrong infinity encodings.
  {
    const z = new Uint8Array(clen); z[0] = 0xc0; z[clen - 1] = 1; judge(z, 'infinity flag with nonzero x');
    const z2 = new Uint8Array(clen); z2[0] = 0xe0; judge(z2, 'infinity flag with sort flag');
    const z3 = new Uint8Array(clen); z3[0] = 0x80; judge(z3, 'compressed x = 0 without infinity flag');
    const z4 = new Uint8Array(2 * clen); judge(z4, 'uncompressed all zero without infinity flag');
    const z5 = new Uint8Array(2 * clen); z5[0] = 0x40; z5[2 * clen - 1] = 1; judge(z5, 'uncompressed infinity with nonzero y');
    const z6 = new Uint8Array(clen); z6[0] = 0xc1; judge(z6, 'infinity flag with x top bit');
  }
  // Uncompressed: y replaced by -y (valid), by y + 1 (off curve).
  for (let i = 0; i < 6; i++) {
    const P = randPoint();
    const ub = P.toBytes(false);
    judge(P.negate().toBytes(false), 'uncompressed negated point');
    const a = P.toAffine();
    const y1 = Fcoord.add(a.y, Fcoord.ONE);
    const u = ub.slice();
    if (isG2) { u.set(bigToBytes(y1.c1, 48), 96); u.set(bigToBytes(y1.c0, 48), 144); }
    else u.set(bigToBytes(y1, 48), 48);
    judge(u, 'uncompressed y + 1 (not on curve)');
  }
  // Random x: on the curve or not; on the curve almost surely outside the subgroup.
  let onCurve = 0, offCurve = 0;
  for (let i = 0; i < 400 && (onCurve < 14 || offCurve < 6); i++) {
    const x = isG2 ? Fp2.create({ c0: d.fp(), c1: d.fp() }) : d.fp();
    const rhs = Fcoord.add(Fcoord.mul(Fcoord.sqr(x), x), isG2 ? Fp2.mul(Fp2.ONE, { c0: 4n, c1: 4n }) : 4n);
    let y;
    try { y = Fcoord.sqrt(rhs); if (!Fcoord.eql(Fcoord.sqr(y), rhs)) y = undefined; } catch { y = undefined; }
    const xb = isG2 ? concatBytes(bigToBytes(x.c1, 48), bigToBytes(x.c0, 48)) : bigToBytes(x, 48);
    if (y === undefined) {
      if (offCurve >= 6) continue;
      const c = xb.slice(); c[0] |= 0x80; judge(c, 'compressed x with no y (not on curve)');
      offCurve++;
      continue;
    }
    if (onCurve >= 14) continue;
    const Q = Point.fromAffine({ x, y });
    if (Q.isTorsionFree()) throw new Error('random curve point fell into the subgroup');
    const c = xb.slice(); c[0] |= 0x80; if (d.int(2)) c[0] |= 0x20;
    if (judge(c, 'compressed point outside the subgroup')) throw new Error('noble accepted a non-subgroup point');
    const yb = isG2 ? concatBytes(bigToBytes(y.c1, 48), bigToBytes(y.c0, 48)) : bigToBytes(y, 48);
    if (judge(concatBytes(xb, yb), 'uncompressed point outside the subgroup')) throw new Error('noble accepted a non-subgroup point');
    onCurve++;
  }
  // Wrong lengths are not representable in the fixed-size C API, so none are listed.
  return { mul_gen, mul, add, msm, decode };
}

// ---- hash to curve, expand_message_xmd ---------------------------------------------------------

function dstCases(d) {
  const dsts = [SEAL_G1_DST, RFC_G1_DST, RFC_G2_DST, SIG_G2_DST, 'A', 'SUI-SEAL-IBE-BLS12381-00'];
  const out = dsts.map((s) => utf8ToBytes(s));
  out.push(d.bytes(255)); // longest DST used directly
  out.push(d.bytes(256)); // oversize DST, hashed first
  out.push(utf8ToBytes('QUUX-V01-CS02-with-expander-SHA256-128-long-DST-' + '1'.repeat(201)));
  out.push(d.bytes(1000));
  return out;
}

function h2cCases(label, hasher, dstForIndex) {
  const d = new Drbg(label);
  const dsts = dstCases(d);
  const cases = [];
  const lens = [0, 1, 3, 16, 32, 56, 64, 65, 100, 128, 200, 300, 1000];
  for (let i = 0; i < 70; i++) {
    const msg = d.bytes(i < lens.length ? lens[i] : d.int(150));
    const dst = dstForIndex(i, dsts, d);
    const P = hasher.hashToCurve(msg, { DST: dst });
    cases.push({ msg: hex(msg), dst: hex(dst), c: enc(P, true), u: enc(P, false) });
  }
  return cases;
}

function pickDst(i, dsts, d) {
  if (i < dsts.length) return dsts[i];
  if (i % 3 === 0) return dsts[0];
  if (i % 3 === 1) return d.bytes(1 + d.int(300)); // random DST, sometimes > 255
  return dsts[d.int(dsts.length)];
}

function genXmd() {
  const d = new Drbg('expand_message_xmd');
  const dsts = dstCases(d);
  const cases = [];
  const outLens = [1, 2, 31, 32, 33, 48, 64, 96, 128, 255, 256, 1000, 8160];
  for (let i = 0; i < 70; i++) {
    const msg = d.bytes(i % 5 === 0 ? 0 : d.int(200));
    const dst = i < dsts.length ? dsts[i] : (i % 2 ? d.bytes(1 + d.int(300)) : dsts[d.int(dsts.length)]);
    const len = i < outLens.length ? outLens[i] : 1 + d.int(600);
    const out = expand_message_xmd(msg, dst, len, sha256);
    cases.push({ msg: hex(msg), dst: hex(dst), len, out: hex(out) });
  }
  return cases;
}

// ---- pairings ----------------------------------------------------------------------------------

function genPairing() {
  const d = new Drbg('pairing');
  const pairing = [];
  const small = [[1n, 1n], [2n, 1n], [1n, 2n], [r - 1n, 1n], [1n, r - 1n], [r - 1n, r - 1n], [0xd201000000010000n, 3n]];
  for (let i = 0; i < 64; i++) {
    const [a, b] = i < small.length ? small[i] : [d.scalar(), d.scalar()];
    const P = mulG1(a), Q = mulG2(b);
    pairing.push({ a: sh(a), b: sh(b), p: enc(P, true), q: enc(Q, true), e: gtBytes(pair(P, Q)) });
  }
  // Pairings of hashed points (no known discrete logarithm)
  const hashed = [];
  for (let i = 0; i < 16; i++) {
    const P = bls.G1.hashToCurve(d.bytes(20), { DST: SEAL_G1_DST });
    const Q = bls.G2.hashToCurve(d.bytes(20), { DST: SIG_G2_DST });
    hashed.push({ p: enc(P, true), q: enc(Q, true), e: gtBytes(pair(P, Q)) });
  }
  // Products of n pairings (identity inputs contribute 1)
  const multi = [];
  for (let i = 0; i < 40; i++) {
    const n = i === 0 ? 0 : 1 + (i % 8);
    const ps = [], qs = [];
    let acc = Fp12.ONE;
    for (let j = 0; j < n; j++) {
      const P = (i + j) % 9 === 4 ? G1.ZERO : mulG1(d.scalar());
      const Q = (i + j) % 11 === 6 ? G2.ZERO : mulG2(d.scalar());
      ps.push(enc(P, true)); qs.push(enc(Q, true));
      acc = Fp12.mul(acc, pair(P, Q));
    }
    // a product that cancels: e(P, Q) * e(-P, Q)
    if (i % 10 === 9 && n > 0) {
      const P = mulG1(d.scalar()), Q = mulG2(d.scalar());
      ps.push(enc(P, true), enc(P.negate(), true)); qs.push(enc(Q, true), enc(Q, true));
    }
    multi.push({ p: ps, q: qs, e: gtBytes(acc), one: Fp12.eql(acc, Fp12.ONE) });
  }
  // Products that equal 1: e(aP, Q) * e(P, -aQ), and e(P, Q) * e(-P, Q) * e(R, S) * e(R, -S)
  for (let i = 0; i < 4; i++) {
    const a = d.scalar();
    const P = mulG1(d.scalar()), Q = mulG2(d.scalar());
    const ps = [P.multiply(a), P], qs = [Q, Q.multiply(a).negate()];
    if (i % 2) {
      const R = mulG1(d.scalar()), S = mulG2(d.scalar());
      ps.push(R, R); qs.push(S, S.negate());
    }
    let acc = Fp12.ONE;
    ps.forEach((Pi, j) => { acc = Fp12.mul(acc, pair(Pi, qs[j])); });
    if (!Fp12.eql(acc, Fp12.ONE)) throw new Error('cancelling product is not 1');
    multi.push({ p: ps.map((x) => enc(x, true)), q: qs.map((x) => enc(x, true)), e: gtBytes(acc), one: true });
  }
  // GT exponentiation and multiplication: e^k, e1 * e2, e^-1
  const gt = [];
  for (let i = 0; i < 24; i++) {
    const e1 = pair(mulG1(d.scalar()), mulG2(d.scalar()));
    const e2 = pair(mulG1(d.scalar()), mulG2(d.scalar()));
    const k = i < 4 ? [0n, 1n, r - 1n, 2n][i] : d.scalar();
    gt.push({
      x: gtBytes(e1), y: gtBytes(e2), k: sh(k),
      pow: gtBytes(Fp12.pow(e1, k)), mul: gtBytes(Fp12.mul(e1, e2)), inv: gtBytes(Fp12.inv(e1)),
    });
  }
  // Final exponentiation of arbitrary (non-GT) Fp12 elements, independent of Miller-loop
  // conventions: x is 12 random coordinates < p (Seal byte order), out = x^(3(p^12-1)/r).
  const final_exp = [];
  for (let i = 0; i < 20; i++) {
    const coords = Array.from({ length: 12 }, (_, j) => (i === 0 && j > 0 ? 0n : d.fp()));
    const tower = new Uint8Array(576);
    coords.forEach((c, j) => tower.set(bigToBytes(c, 48), 48 * j));
    const x = Fp12.fromBytes(tower);
    final_exp.push({ x: gtBytes(x), out: gtBytes(Fp12.finalExponentiate(x)) });
  }
  return { pairing, pairing_hashed: hashed, multi, gt, final_exp };
}

// ---- field level (src/bls/internal.h) ------------------------------------------------------------

function genField() {
  const d = new Drbg('field');
  const half = (p - 1n) / 2n;
  const fh = (v) => v.toString(16).padStart(96, '0');
  const legendre = (v) => v === 0n || Fp.pow(v, half) === 1n;
  const edges = [0n, 1n, 2n, p - 1n, half, half + 1n, p - 2n, 4n];
  const fp = [];
  for (let i = 0; i < 60; i++) {
    const a = i < edges.length ? edges[i] : d.fp();
    const b = i < edges.length ? edges[(i + 3) % edges.length] : d.fp();
    const sq = legendre(a);
    let root = null;
    if (sq) { root = Fp.sqrt(a); if (Fp.sqr(root) !== a) throw new Error('noble sqrt'); }
    fp.push({
      a: fh(a), b: fh(b), add: fh(Fp.add(a, b)), sub: fh(Fp.sub(a, b)), mul: fh(Fp.mul(a, b)),
      sqr: fh(Fp.sqr(a)), inv: fh(a === 0n ? 0n : Fp.inv(a)), is_square: sq,
      sqrt: root === null ? null : fh(root), sgn0: Number(a & 1n), largest: a > half,
    });
  }
  const fp2 = [];
  const f2h = (v) => fh(v.c0) + fh(v.c1); // c0 || c1
  const e2 = [[0n, 0n], [1n, 0n], [0n, 1n], [p - 1n, 0n], [0n, p - 1n], [half + 1n, 0n], [0n, half], [1n, 1n]];
  for (let i = 0; i < 60; i++) {
    const [a0, a1] = i < e2.length ? e2[i] : [d.fp(), d.fp()];
    const [b0, b1] = i < e2.length ? e2[(i + 5) % e2.length] : [d.fp(), d.fp()];
    const a = Fp2.create({ c0: a0, c1: a1 }), b = Fp2.create({ c0: b0, c1: b1 });
    const norm = Fp.add(Fp.sqr(a0), Fp.sqr(a1));
    const sq = legendre(norm);
    let root = null;
    if (sq) { root = Fp2.sqrt(a); if (!Fp2.eql(Fp2.sqr(root), a)) throw new Error('noble Fp2 sqrt'); }
    const sgn0 = Number((a0 & 1n) | ((a0 === 0n ? 1n : 0n) & (a1 & 1n)));
    const largest = a1 > half || (a1 === 0n && a0 > half);
    fp2.push({
      a: f2h(a), b: f2h(b), mul: f2h(Fp2.mul(a, b)), sqr: f2h(Fp2.sqr(a)),
      inv: f2h(Fp2.is0(a) ? Fp2.ZERO : Fp2.inv(a)),
      mul_nr: f2h(Fp2.mul(a, Fp2.create({ c0: 1n, c1: 1n }))), is_square: sq,
      sqrt: root === null ? null : f2h(root), sgn0, largest,
    });
  }
  const wide = [];
  for (let i = 0; i < 20; i++) {
    const b = i === 0 ? new Uint8Array(64).fill(0xff) : d.bytes(64);
    wide.push({ in: hex(b), out: fh(bytesToBig(b) % p) });
  }
  return { fp, fp2, wide64: wide };
}

// ---- output --------------------------------------------------------------------------------------

// ---- committee DKG pieces (src/committee/) ----------------------------------------------------

// BLS min-sig (G1 signatures, G2 keys, DST ..._NUL_), the DKG's random oracle (SHA3-512 behind a
// u32 big-endian length-prefixed text prefix), Blake2b-256 (messages_hash) and the ECIES g_hat
// (hash to G1 of a random-oracle output).
function genCommittee() {
  const d = new Drbg('committee');
  const ss = bls.shortSignatures;
  const bls_min_sig = [];
  for (let i = 0; i < 40; i++) {
    const sk = bigToBytes(d.scalar(), 32);
    const msg = d.bytes(i < 4 ? [0, 1, 32, 700][i] : d.int(400));
    const h = ss.hash(msg, SEAL_G1_DST);
    const sig = ss.sign(h, sk);
    const pk = ss.getPublicKey(sk);
    const other = concatBytes(msg, new Uint8Array([i & 0xff]));
    bls_min_sig.push({
      sk: bytesToHex(sk), msg: bytesToHex(msg), pk: pk.toHex(true),
      sig: bytesToHex(ss.Signature.toBytes(sig)),
      other_msg: bytesToHex(other), other_ok: ss.verify(sig, ss.hash(other, SEAL_G1_DST), pk),
    });
  }
  const random_oracle = [];
  for (let i = 0; i < 30; i++) {
    const plen = i === 0 ? 0 : d.int(200);
    const prefix = Array.from(d.bytes(plen), (b) => String.fromCharCode(0x20 + (b % 95))).join('');
    const data = d.bytes(i === 1 ? 0 : d.int(500));
    const pb = utf8ToBytes(prefix);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, pb.length);
    random_oracle.push({ prefix, data: bytesToHex(data),
      out: bytesToHex(sha3_512(concatBytes(len, pb, data))) });
  }
  const blake2b_256 = [];
  for (let i = 0; i < 20; i++) {
    const data = d.bytes(i === 0 ? 0 : d.int(600));
    blake2b_256.push({ data: bytesToHex(data), out: bytesToHex(blake2b(data, { dkLen: 32 })) });
  }
  const g_hat = [];
  for (let i = 0; i < 20; i++) {
    const ro = d.bytes(64);
    g_hat.push({ msg: bytesToHex(ro), point: bls.G1.hashToCurve(ro, { DST: SEAL_G1_DST }).toHex(true) });
  }
  return { bls_min_sig, random_oracle, blake2b_256, g_hat };
}

const files = {};
const meta = (what) => ({
  generator: GENERATOR,
  description: what,
  conventions: 'Hex is lowercase big-endian without 0x. Scalars are 32 bytes. Points use the ZCash ' +
    'encoding (c = compressed, u = uncompressed; G2 coordinates c1 || c0). GT values are the 576-byte ' +
    'Seal/blst order: noble Fp12.toBytes permuted in 96-byte units by [0,3,1,4,2,5].',
});

files['scalar.json'] = {
  ...meta('Scalars mod r: from_bytes canonicality (ok = value < r), wide reduction mod r, and Fr arithmetic (inv(0) = 0).'),
  ...genScalars(),
};
{
  const d = new Drbg('g1');
  files['g1.json'] = {
    ...meta('G1: mul_gen (k*G1), mul (k*P), add (sum, diff = a - b, dbl_a = 2a), msm (sum k_i p_i), decode (noble fromBytes verdict on constructed byte strings; c = its compressed re-encoding).'),
    ...groupCases('g1', G1, mulG1, d, (m, dst) => bls.G1.hashToCurve(m, { DST: dst }), Fp),
  };
}
{
  const d = new Drbg('g2');
  files['g2.json'] = {
    ...meta('G2: same layout as g1.json.'),
    ...groupCases('g2', G2, mulG2, d, (m) => bls.G2.hashToCurve(m, { DST: SIG_G2_DST }), Fp2),
  };
}
files['hash_to_curve.json'] = {
  ...meta('RFC 9380 hash_to_curve BLS12381G1_XMD:SHA-256_SSWU_RO_ (g1) and BLS12381G2_XMD:SHA-256_SSWU_RO_ (g2) with the given DST (hex; DSTs longer than 255 bytes are hashed as RFC 9380 section 5.3.3 says). expand_message_xmd with SHA-256 (len = output bytes).'),
  g1: h2cCases('h2c g1', bls.G1, pickDst),
  g2: h2cCases('h2c g2', bls.G2, pickDst),
  expand_message_xmd: genXmd(),
};
files['field.json'] = {
  ...meta('Field level (src/bls/internal.h): Fp values are 48-byte big-endian, Fp2 values c0 || c1 (96 bytes, real part first, unlike point encodings). inv(0) = 0. is_square by Euler (Fp) or the norm (Fp2); sqrt is one root when is_square (either root is right: check its square), null otherwise. sgn0 is RFC 9380 (Fp2: c0 first); largest is the ZCash rule (Fp2: c1 first, then c0). mul_nr = a * (1 + u). wide64: a 64-byte big-endian value mod p.'),
  ...genField(),
};
files['committee.json'] = {
  ...meta('The DKG of committee mode: bls_min_sig (shortSignatures, DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_: pk = sk*G2, sig = sk*H(msg); other_ok = does sig verify for other_msg), random_oracle (SHA3-512 of u32_be(len(prefix)) || prefix || data, prefix ASCII), blake2b_256, g_hat (hash to G1 of a 64-byte random-oracle output, same DST).'),
  ...genCommittee(),
};
files['pairing.json'] = {
  ...meta('Pairings e(p, q) = e(aG1, bG2); pairings of hashed points; multi: prod e(p_i, q_i) (identity inputs contribute 1; one = product is 1); gt: pow = x^k, mul = x*y, inv = x^-1; final_exp: out = final exponentiation of the arbitrary Fp12 element x (blst/noble convention, the cube of the textbook exponent).'),
  ...genPairing(),
};

mkdirSync(outDir, { recursive: true });
let drift = false, total = 0;
for (const [name, obj] of Object.entries(files)) {
  const text = JSON.stringify(obj, null, 1) + '\n';
  total += text.length;
  const path = join(outDir, name);
  if (checkOnly) {
    let old = '';
    try { old = readFileSync(path, 'utf8'); } catch { /* missing */ }
    if (old !== text) { console.error(`${name}: differs from the generator output`); drift = true; }
  } else {
    writeFileSync(path, text);
  }
  console.log(`${name}: ${text.length} bytes`);
}
console.log(`total ${total} bytes`);
if (drift) process.exit(1);
