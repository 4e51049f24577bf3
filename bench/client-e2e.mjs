// The official SDK's side of bench/client-e2e.sh: end-to-end decryption of one object with
// SealClient + SessionKey (@mysten/seal 1.4.12) and SuiJsonRpcClient against `seal localnet
// serve`, with the key servers the object names, in two forms (as seal-bench client):
//   fresh   SessionKey.create (signed by the user) + new SealClient + the seal_approve
//           transaction built by the SDK (objects resolved over JSON-RPC) + decrypt
//   cached  the same client, session and transaction bytes again (keys from the cache)
// Each iteration is timed on its own; prints one JSON object with the medians (ms).
//
//   node bench/client-e2e.mjs RPC_URL OBJECT_FILE SUIPRIVKEY APPROVE_TARGET ALLOWLIST_ID ITERATIONS
//   (committee key servers: SEAL_BENCH_AGGREGATORS="0xKEY_SERVER=AGGREGATOR_URL,...")
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const nm = join(here, '..', 'tests', 'interop', 'node_modules');
const load = (p) => import(pathToFileURL(join(nm, p)).href);
const { SealClient, SessionKey, EncryptedObject } = await load('@mysten/seal/dist/index.mjs');
const { SuiJsonRpcClient } = await load('@mysten/sui/dist/jsonRpc/index.mjs');
const { SuiGrpcClient } = await load('@mysten/sui/dist/grpc/index.mjs');
const { Transaction } = await load('@mysten/sui/dist/transactions/index.mjs');
const { Ed25519Keypair } = await load('@mysten/sui/dist/keypairs/ed25519/index.mjs');
const { decodeSuiPrivateKey } = await load('@mysten/sui/dist/cryptography/index.mjs');

const [url, objectFile, privKey, target, allowlist, itText] = process.argv.slice(2);
const iterations = Number(itText ?? 10);
const data = new Uint8Array(readFileSync(objectFile));
const parsed = EncryptedObject.parse(data);
const { secretKey } = decodeSuiPrivateKey(privKey);
const keypair = Ed25519Keypair.fromSecretKey(secretKey);
const address = keypair.getPublicKey().toSuiAddress();
const packageId = parsed.packageId;
const weights = new Map();
for (const [objectId] of parsed.services) weights.set(objectId, (weights.get(objectId) ?? 0) + 1);
// SEAL_BENCH_AGGREGATORS="0xID=URL,...": committee key servers reached through an aggregator.
const aggregators = new Map((process.env.SEAL_BENCH_AGGREGATORS ?? '').split(',').filter(Boolean).map((e) => e.split('=')));
const serverConfigs = [...weights].map(([objectId, weight]) => (aggregators.has(objectId) ? { objectId, weight, aggregatorUrl: aggregators.get(objectId) } : { objectId, weight }));
const expected = process.env.SEAL_BENCH_PLAINTEXT ? new Uint8Array(readFileSync(process.env.SEAL_BENCH_PLAINTEXT)) : null;

// SEAL_BENCH_SUI=grpc: the chain through SuiGrpcClient (gRPC-web), else SuiJsonRpcClient.
const suiClient = process.env.SEAL_BENCH_SUI === 'grpc' ? new SuiGrpcClient({ network: 'localnet', baseUrl: url }) : new SuiJsonRpcClient({ url, network: 'localnet' });

async function txBytesFor() {
  const tx = new Transaction();
  tx.moveCall({ target, arguments: [tx.pure.vector('u8', Buffer.from(parsed.id, 'hex')), tx.object(allowlist)] });
  return tx.build({ client: suiClient, onlyTransactionKind: true });
}

function check(pt) {
  if (expected && Buffer.compare(Buffer.from(pt), Buffer.from(expected)) !== 0) throw new Error('plaintext differs');
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const fresh = [];
let keep = null;
for (let i = 0; i < iterations; i++) {
  const t0 = performance.now();
  const sessionKey = await SessionKey.create({ address, packageId, ttlMin: 10, signer: keypair, suiClient });
  const client = new SealClient({ suiClient, serverConfigs, verifyKeyServers: false, timeout: 10000 });
  const txBytes = await txBytesFor();
  const pt = await client.decrypt({ data, sessionKey, txBytes, checkShareConsistency: true });
  fresh.push(performance.now() - t0);
  check(pt);
  if (i === 0) keep = { client, sessionKey, txBytes };
}
const cached = [];
for (let i = 0; i < iterations; i++) {
  const t0 = performance.now();
  const pt = await keep.client.decrypt({ data, sessionKey: keep.sessionKey, txBytes: keep.txBytes, checkShareConsistency: true });
  cached.push(performance.now() - t0);
  check(pt);
}
console.log(JSON.stringify({ bench: 'client-sdk', object_bytes: data.length, threshold: parsed.threshold, iterations, fresh_ms: median(fresh), cached_ms: median(cached) }));
