#!/usr/bin/env node
// Speed-ups of seal-bench seal over the official TS SDK, and our AES-256-GCM against
// `openssl speed` at 16 KiB.
//   node compare_sdk.mjs OURS.json SDK.json [OPENSSL_MB_S]  -> table, then one JSON line
// For times the speed-up is SDK/ours; for throughputs (MB/s) it is ours/SDK. Above 1: ours faster.
import { readFileSync } from 'node:fs';

const [oursFile, sdkFile, opensslArg] = process.argv.slice(2);
if (!oursFile || !sdkFile) {
  console.error('usage: node compare_sdk.mjs OURS.json SDK.json [OPENSSL_MB_S]');
  process.exit(2);
}
const ours = JSON.parse(readFileSync(oursFile, 'utf8'));
const anchor = JSON.parse(readFileSync(sdkFile, 'utf8'));
const sdk = anchor.sdk;
const rows = [
  ['encrypt_1k_2of3_us', 'us', 'encrypt 1 KiB AES-256-GCM, 2-of-3 (SDK: encrypt())'],
  ['encrypt_1k_2of3_prepared_us', 'us', 'the same with the 3 server keys prepared once (SDK: encrypt())', 'encrypt_1k_2of3_us'],
  ['decrypt_1k_2of3_us', 'us', 'decrypt 1 KiB with 2 keys (SDK: parse + decrypt())'],
  ['decrypt_1k_2of3_checked_us', 'us', 'the same with the 3 public keys: share-consistency check'],
  ['verify_key_us', 'us', 'verify a user key: 2 pairings + H1'],
  ['extract_us', 'us', 'msk * H1(id)'],
  ['encrypt_64m_ms', 'ms', 'encrypt 64 MiB AES-256-GCM, 2-of-3'],
  ['decrypt_64m_ms', 'ms', 'decrypt 64 MiB with 2 keys'],
  ['aes_gcm_mb_s', 'MB/s', 'AES-256-GCM DEM encrypt, 64 MiB (SDK: WebCrypto)'],
  ['hmac_ctr_mb_s', 'MB/s', 'HMAC-256-CTR DEM encrypt (ours 64 MiB, SDK 1 MiB)'],
];
const f = (x) => (x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
console.log(`ours: seal-bench seal; SDK: @mysten/seal ${anchor.versions?.['@mysten/seal']} on node ${anchor.node}; clock: ${ours.clock ?? 'monotonic'}`);
console.log(`${'figure'.padEnd(27)} ${'ours'.padStart(10)} ${'SDK'.padStart(10)} ${'unit'.padEnd(5)} ${'speed-up'.padStart(8)}  what`);
const speedups = {};
for (const [k, unit, what, sdkKey] of rows) {
  const sk = sdkKey ?? k; // the SDK figure this row compares with
  if (ours[k] === undefined || sdk[sk] === undefined) continue;
  const s = unit === 'MB/s' ? ours[k] / sdk[sk] : sdk[sk] / ours[k];
  speedups[k] = { ours: ours[k], sdk: sdk[sk], unit, speedup: Number(s.toFixed(2)) };
  console.log(`${k.padEnd(27)} ${f(ours[k]).padStart(10)} ${f(sdk[sk]).padStart(10)} ${unit.padEnd(5)} ${s.toFixed(1).padStart(8)}  ${what}`);
}
for (const k of Object.keys(ours)) {
  if (k.endsWith('_us') || k.endsWith('_ms') || k.endsWith('_mb_s')) {
    if (!(k in speedups) && k !== 'aes_gcm_16k_mb_s') console.log(`${k.padEnd(27)} ${f(ours[k]).padStart(10)} ${'-'.padStart(10)}        (no SDK counterpart)`);
  }
}
const result = { ours, sdk, speedups };
if (opensslArg !== undefined && ours.aes_gcm_16k_mb_s !== undefined) {
  const ossl = Number(opensslArg);
  const ratio = ours.aes_gcm_16k_mb_s / ossl;
  result.openssl = { aes_256_gcm_16k_mb_s: ossl, ours_16k_mb_s: ours.aes_gcm_16k_mb_s, ratio: Number(ratio.toFixed(3)), target: 0.8, meets_target: ratio >= 0.8 };
  console.log(`\nAES-256-GCM at 16 KiB: ours ${f(ours.aes_gcm_16k_mb_s)} MB/s, openssl speed -evp aes-256-gcm (${ours.clock === 'process-cpu' ? 'user CPU time' : '-elapsed'}) ${f(ossl)} MB/s: ${(ratio * 100).toFixed(0)} % (target >= 80 %: ${ratio >= 0.8 ? 'met' : 'NOT met'})`);
}
console.log(JSON.stringify(result));
