#!/usr/bin/env node
// The official Seal TypeScript SDK (@mysten/seal 1.4.12, @mysten/sui 2.33.1) end to end against
// this project's stack, on loopback:
//
//   node e2e.mjs --seal PATH/TO/seal
//
// It starts `seal localnet serve` (the embedded ledger as Sui JSON-RPC) and three `seal server`
// key servers registered on it, creates accounts with `seal localnet account new` and an
// allowlist (examples package) holding Bob (Ed25519) and Dave (Secp256k1), then checks with the
// SDK's public API only (SuiJsonRpcClient, SealClient, SessionKey, Transaction):
//   - the SDK reads the three key servers from the chain and verifies their proofs of
//     possession (verifyKeyServers: true) through /v1/service;
//   - Bob and Dave decrypt, with SealClient.decrypt, a file encrypted by `seal encrypt`;
//   - `seal decrypt --session` decrypts what SealClient.encrypt wrote, also with weighted
//     servers both ways; session files pass both ways (the SDK's ExportedSessionKey as JSON);
//     `seal fetch-keys` and SealClient.getDerivedKeys get identical keys;
//   - `seal decrypt` refuses an expired session file;
//   - Carol (not on the list) gets NoAccessError; a certificate whose creation time lies in the
//     future or in the past gets ExpiredSessionKeyError (from the servers' InvalidCertificate);
//     a certificate signed by another key gets InvalidUserSignatureError;
//   - with one key server stopped, Bob still decrypts (2 of 3).
// With --grpc the SDK uses SuiGrpcClient (gRPC-web) instead of SuiJsonRpcClient, and at the end
// the local chain's metrics must show that nothing in the run (SDK, CLI, key servers) spoke
// JSON-RPC to it.
// Prints one line per check and ends with "N passed, N failed"; exits 1 if anything failed.
// Every process it starts is stopped on exit.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { SealClient, SessionKey, NoAccessError, ExpiredSessionKeyError, InvalidUserSignatureError } from '@mysten/seal';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { Transaction } from '@mysten/sui/transactions';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { fromHex, toHex } from '@mysten/sui/utils';

import { freePort, writeSecret } from './lib/harness.mjs';

// ---- arguments ---------------------------------------------------------------------------

let sealBin = process.env.SEAL_BIN || null;
let keep = false;
let grpc = false;
// The chain spec the CLI and the key servers use: gRPC with --grpc, else the legacy JSON-RPC.
const spec = (url) => (grpc ? url : `jsonrpc+${url}`);
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	if (a === '--seal' && i + 1 < process.argv.length) sealBin = process.argv[++i];
	else if (a === '--keep') keep = true;
	else if (a === '--grpc') grpc = true;
	else if (a === '--help' || a === '-h') {
		console.log('usage: node e2e.mjs --seal PATH/TO/seal [--keep] [--grpc]');
		process.exit(0);
	} else {
		console.error(`e2e.mjs: unknown argument ${a}`);
		process.exit(2);
	}
}
if (!sealBin) {
	console.error('usage: node e2e.mjs --seal PATH/TO/seal [--keep] [--grpc]');
	process.exit(2);
}
sealBin = resolve(sealBin);
const CLI_TIMEOUT_MS = Number(process.env.SEAL_DEMO_TIMEOUT || 30) * 1000;
const READY_TIMEOUT_MS = Number(process.env.SEAL_DEMO_READY_TIMEOUT || 15) * 1000;

// ---- results -----------------------------------------------------------------------------

let passed = 0;
let failed = 0;
const ok = (msg) => {
	passed++;
	console.log(`ok   ${msg}`);
};
const bad = (msg) => {
	failed++;
	console.log(`FAIL ${msg}`);
};
async function check(desc, fn) {
	const t0 = Date.now();
	try {
		const detail = await fn();
		ok(`${desc}${detail ? ` — ${detail}` : ''} (${Date.now() - t0} ms)`);
		return true;
	} catch (e) {
		bad(`${desc}: ${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
		return false;
	}
}
// expectError(desc, cls, fn): fn must throw an instance of cls.
async function expectError(desc, cls, fn) {
	return check(desc, async () => {
		let result;
		try {
			result = await fn();
		} catch (e) {
			if (e instanceof cls) return `${cls.name}`;
			throw new Error(`expected ${cls.name}, got ${e?.constructor?.name}: ${e?.message}`);
		}
		throw new Error(`expected ${cls.name}, but it succeeded (${typeof result})`);
	});
}
function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}
const sameBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

// ---- processes ---------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'seal-e2e-sdk.'));
chmodSync(work, 0o700);
const children = new Map(); // name -> ChildProcess
const logs = new Map(); // name -> its stderr (the key servers' JSON log lines)
function stopAll() {
	for (const [, c] of children) {
		if (c.exitCode === null && c.signalCode === null) {
			try {
				process.kill(-c.pid, 'SIGTERM');
			} catch {}
		}
	}
}
function killAllNow() {
	for (const [, c] of children) {
		if (c.exitCode === null && c.signalCode === null) {
			try {
				process.kill(-c.pid, 'SIGKILL');
			} catch {}
		}
	}
}
process.on('exit', () => {
	killAllNow();
	if (!keep) rmSync(work, { recursive: true, force: true });
	else console.log(`# files kept in ${work}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

// cli(args): runs the seal CLI; returns {status, stdout, stderr}.
function cli(args) {
	const r = spawnSync(sealBin, args, { cwd: work, encoding: 'utf8', timeout: CLI_TIMEOUT_MS, killSignal: 'SIGKILL' });
	if (r.error) throw new Error(`seal ${args.slice(0, 2).join(' ')}: ${r.error.message}`);
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
// cliJson(args): runs the CLI, requires status 0 and JSON on stdout.
function cliJson(args) {
	const r = cli(args);
	if (r.status !== 0) throw new Error(`seal ${args.slice(0, 3).join(' ')} exited ${r.status}: ${r.stderr.trim().slice(0, 400)}`);
	try {
		return JSON.parse(r.stdout);
	} catch {
		throw new Error(`seal ${args.slice(0, 3).join(' ')}: stdout is not JSON: ${r.stdout.slice(0, 200)}`);
	}
}
// startReady(name, args): starts a long-running seal command in its own process group and
// resolves with the URL of its `ready URL` line.
function startReady(name, args) {
	return new Promise((resolvePromise, reject) => {
		const c = spawn(sealBin, args, { cwd: work, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		children.set(name, c);
		let out = '';
		let err = '';
		const timer = setTimeout(() => reject(new Error(`${name}: no ready line within ${READY_TIMEOUT_MS} ms; stderr: ${err.slice(-400)}`)), READY_TIMEOUT_MS);
		c.stdout.on('data', (d) => {
			out += d;
			const m = out.match(/^ready (\S+)$/m);
			if (m) {
				clearTimeout(timer);
				resolvePromise(m[1]);
			}
		});
		c.stderr.on('data', (d) => {
			err += d;
			logs.set(name, (logs.get(name) ?? '') + d);
		});
		c.on('exit', (code, sig) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited (${code ?? sig}) before it was ready: ${err.slice(-400)}`));
		});
	});
}
// stop(name): SIGTERM and wait (5 s at most); resolves with the exit code.
function stop(name) {
	const c = children.get(name);
	return new Promise((resolvePromise, reject) => {
		if (c.exitCode !== null || c.signalCode !== null) return resolvePromise(c.exitCode);
		const timer = setTimeout(() => reject(new Error(`${name} did not stop within 5 s of SIGTERM`)), 5000);
		c.once('exit', (code, sig) => {
			clearTimeout(timer);
			resolvePromise(code ?? sig);
		});
		c.kill('SIGTERM');
	});
}
const secretFile = (name, text) => writeSecret(work, name, text);

// ---- the stack ---------------------------------------------------------------------------

async function setUp() {
	const genesis = cliJson(['localnet', 'init', '--data', join(work, 'chain')]);
	const examples = genesis.examples_package;
	assert(/^0x[0-9a-f]{64}$/.test(examples ?? ''), `no examples_package in ${JSON.stringify(genesis)}`);
	const rpc = await startReady('localnet', ['localnet', 'serve', '--data', join(work, 'chain'), '--listen', '127.0.0.1:0']);

	const accounts = {};
	for (const [who, scheme] of [
		['alice', 'ed25519'],
		['bob', 'ed25519'],
		['carol', 'ed25519'],
		['dave', 'secp256k1'],
		['operator', 'ed25519'],
	]) {
		const a = cliJson(['localnet', 'account', 'new', '--scheme', scheme]);
		const { scheme: decodedScheme, secretKey } = decodeSuiPrivateKey(a.private_key);
		const kp = decodedScheme === 'Secp256k1' ? Secp256k1Keypair.fromSecretKey(secretKey) : Ed25519Keypair.fromSecretKey(secretKey);
		accounts[who] = { address: a.address, keyFile: secretFile(`${who}.key`, a.private_key), keypair: kp, scheme: decodedScheme };
	}

	const servers = [];
	for (let i = 1; i <= 3; i++) {
		const r = cli(['keygen']);
		assert(r.status === 0, `keygen: ${r.stderr}`);
		const msk = /^Master key: (0x[0-9a-f]{64})$/m.exec(r.stdout)?.[1];
		const pk = /^Public key: (0x[0-9a-f]{192})$/m.exec(r.stdout)?.[1];
		assert(msk && pk, `keygen output: ${r.stdout}`);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		const reg = cliJson(['localnet', 'keyserver', 'register', '--chain', spec(rpc), '--key', `@${accounts.operator.keyFile}`, '--name', `sdk-e2e-${i}`, '--url', url, '--public-key', pk]);
		const keyFile = secretFile(`ks${i}.key`, msk);
		// every server keeps its audit log of key deliveries (docs/audit.md): the SDK must not notice
		const auditKeyFile = join(work, `audit${i}.key`);
		const ar = cli(['keygen', '--audit', '--out', auditKeyFile]);
		assert(ar.status === 0, `keygen --audit: ${ar.stderr}`);
		const config = join(work, `ks${i}.yaml`);
		writeFileSync(
			config,
			[
				'network: !Devnet',
				`  seal_package: ${genesis.seal_package}`,
				'server_mode: !Open',
				`  key_server_object_id: ${reg.key_server}`,
				`chain: ${spec(rpc)}`,
				`listen: 127.0.0.1:${port}`,
				'metrics_host_port: ""',
				`master_key_file: ${keyFile}`,
				'threads: 2',
				'audit:',
				`  database: ${join(work, `audit${i}.db`)}`,
				`  key_file: ${auditKeyFile}`,
				'',
			].join('\n'),
		);
		servers.push({ name: `server${i}`, objectId: reg.key_server, url, pk, config });
	}
	const ready = await Promise.all(servers.map((s) => startReady(s.name, ['server', '--config', s.config])));
	ready.forEach((u, i) => assert(u === servers[i].url, `server ${i + 1} ready at ${u}, registered at ${servers[i].url}`));

	const al = cliJson(['localnet', 'allowlist', 'create', '--chain', spec(rpc), '--key', `@${accounts.alice.keyFile}`, '--name', 'sdk-e2e']);
	for (const who of ['bob', 'dave']) {
		cliJson(['localnet', 'allowlist', 'add', '--chain', spec(rpc), '--key', `@${accounts.alice.keyFile}`, '--allowlist', al.allowlist, '--cap', al.cap, '--member', accounts[who].address]);
	}
	return { genesis, examples, rpc, accounts, servers, allowlist: al.allowlist };
}

// ---- the checks --------------------------------------------------------------------------

async function main() {
	console.log(`# ${cli(["--version"]).stdout.trim()}; work folder ${work}`);
	let env;
	if (!(await check('stack up: localnet serve, 3 key servers registered and running, allowlist with Bob and Dave', async () => {
		env = await setUp();
		return env.rpc;
	}))) return;
	const { examples, rpc, accounts, servers, allowlist } = env;

	const suiClient = grpc ? new SuiGrpcClient({ network: 'localnet', baseUrl: rpc }) : new SuiJsonRpcClient({ url: rpc, network: 'localnet' });
	const serverConfigs = servers.map((s) => ({ objectId: s.objectId, weight: 1 }));
	const newSealClient = (configs = serverConfigs) => new SealClient({ suiClient, serverConfigs: configs, verifyKeyServers: true, timeout: 10000 });
	const sealClient = newSealClient();

	await check('the accounts from `seal localnet account new` decode with decodeSuiPrivateKey to their addresses', () => {
		for (const [who, a] of Object.entries(accounts)) {
			assert(a.keypair.toSuiAddress() === a.address, `${who}: CLI address ${a.address}, SDK address ${a.keypair.toSuiAddress()}`);
		}
		return `${Object.keys(accounts).length} accounts, Dave ${accounts.dave.scheme}`;
	});

	await check('SealClient.getKeyServers reads the registry over JSON-RPC and verifies each /v1/service PoP', async () => {
		const ks = await sealClient.getKeyServers();
		assert(ks.size === 3, `${ks.size} key servers`);
		for (const s of servers) {
			const k = ks.get(s.objectId);
			assert(k, `missing ${s.objectId}`);
			assert(k.url === s.url, `url ${k.url} != ${s.url}`);
			assert(toHex(k.pk) === s.pk.slice(2), 'public key differs from the registered one');
		}
		return 'urls and public keys match the registrations';
	});

	// An id for the examples allowlist: the allowlist id bytes, then a nonce.
	const newId = () => allowlist.slice(2) + randomBytes(6).toString('hex');
	const approveTx = async (id) => {
		const tx = new Transaction();
		tx.moveCall({ target: `${examples}::allowlist::seal_approve`, arguments: [tx.pure.vector('u8', fromHex(id)), tx.object(allowlist)] });
		return tx.build({ client: suiClient, onlyTransactionKind: true });
	};
	const session = (who, ttlMin = 10) => SessionKey.create({ address: accounts[who].address, packageId: examples, ttlMin, signer: accounts[who].keypair, suiClient });

	// 1. seal encrypt -> SealClient.decrypt
	const cliId = newId();
	const plain = Buffer.from(`CLI-encrypted for the allowlist ${allowlist} at ${new Date().toISOString()}\n`);
	writeFileSync(join(work, 'cli.txt'), plain);
	let cliObject = null;
	await check('seal encrypt (2 of 3, --key-server ×3, public keys from the chain)', () => {
		const args = ['encrypt', '--chain', spec(rpc), '--threshold', '2', '--package', examples, '--id', cliId, '--in', join(work, 'cli.txt'), '--out', join(work, 'cli.seal')];
		for (const s of servers) args.push('--key-server', s.objectId);
		const r = cli(args);
		assert(r.status === 0, `exit ${r.status}: ${r.stderr.trim()}`);
		cliObject = readFileSync(join(work, 'cli.seal'));
		return `${cliObject.length} bytes`;
	});
	for (const who of ['bob', 'dave']) {
		await check(`SealClient.decrypt as ${who} (${accounts[who].scheme}, SessionKey.create + signPersonalMessage) of the CLI's object`, async () => {
			assert(cliObject, 'no object');
			const sk = await session(who);
			const out = await newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
			assert(sameBytes(out, plain), 'plaintext differs');
			return 'plaintext matches';
		});
	}
	await check('SealClient.decrypt with checkShareConsistency (all 3 public keys from the chain)', async () => {
		assert(cliObject, 'no object');
		const sk = await session('bob');
		const out = await newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId), checkShareConsistency: true });
		assert(sameBytes(out, plain), 'plaintext differs');
	});

	// 2. SealClient.encrypt -> seal decrypt --session
	const sdkId = newId();
	const sdkPlain = Buffer.from(`SDK-encrypted ${randomBytes(8).toString('hex')}: ${'x'.repeat(3000)}\n`);
	let sdkObject = null;
	await check('SealClient.encrypt (threshold 2 of the 3 registered servers)', async () => {
		const { encryptedObject } = await sealClient.encrypt({ threshold: 2, packageId: examples, id: sdkId, data: new Uint8Array(sdkPlain) });
		sdkObject = encryptedObject;
		writeFileSync(join(work, 'sdk.seal'), encryptedObject);
		return `${encryptedObject.length} bytes`;
	});
	await check('seal session create + seal decrypt --session (Bob) of the SDK object', () => {
		assert(sdkObject, 'no object');
		let r = cli(['session', 'create', '--key', `@${accounts.bob.keyFile}`, '--package', examples, '--ttl-min', '10', '--out', join(work, 'bob.session')]);
		assert(r.status === 0, `session create exit ${r.status}: ${r.stderr.trim()}`);
		r = cli(['decrypt', '--session', join(work, 'bob.session'), '--chain', spec(rpc), '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${allowlist}`, '--in', join(work, 'sdk.seal'), '--out', join(work, 'sdk.txt')]);
		assert(r.status === 0, `decrypt exit ${r.status}: ${r.stderr.trim()}`);
		assert(sameBytes(readFileSync(join(work, 'sdk.txt')), sdkPlain), 'plaintext differs');
		return 'plaintext matches';
	});
	await check('seal decrypt --session (Carol) of the SDK object is refused with NoAccess', () => {
		let r = cli(['session', 'create', '--key', `@${accounts.carol.keyFile}`, '--package', examples, '--out', join(work, 'carol.session')]);
		assert(r.status === 0, `session create exit ${r.status}: ${r.stderr.trim()}`);
		r = cli(['decrypt', '--session', join(work, 'carol.session'), '--chain', spec(rpc), '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${allowlist}`, '--in', join(work, 'sdk.seal'), '--out', join(work, 'carol.txt')]);
		assert(r.status !== 0, 'Carol decrypted');
		assert(/NoAccess/.test(r.stderr), `the error does not name NoAccess: ${r.stderr.trim()}`);
		return `exit ${r.status}`;
	});

	// Session files are the SDK's ExportedSessionKey as JSON, both ways.
	await check("a session file from `seal session create` imported by SessionKey.import decrypts with SealClient", async () => {
		const exported = JSON.parse(readFileSync(join(work, 'bob.session'), 'utf8'));
		const sk = SessionKey.import(exported, suiClient);
		assert(sk.getAddress() === accounts.bob.address, `address ${sk.getAddress()}`);
		const out = await newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
		assert(sameBytes(out, plain), 'plaintext differs');
	});
	await check("a session exported by the SDK (Dave, Secp256k1) works with seal decrypt --session", async () => {
		const sk = await session('dave');
		await sk.getCertificate(); // signs the personal message
		secretFile('dave.session', JSON.stringify({ ...sk.export() }));
		const r = cli(['decrypt', '--session', join(work, 'dave.session'), '--chain', spec(rpc), '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${allowlist}`, '--in', join(work, 'sdk.seal'), '--out', join(work, 'dave.txt')]);
		assert(r.status === 0, `decrypt exit ${r.status}: ${r.stderr.trim()}`);
		assert(sameBytes(readFileSync(join(work, 'dave.txt')), sdkPlain), 'plaintext differs');
	});
	await check('an expired session file (ttl 1 min, created 2 min ago, signed by Bob) is refused by seal decrypt', async () => {
		const fresh = await session('bob', 1);
		const exp = { ...fresh.export(), creationTimeMs: Date.now() - 2 * 60_000 };
		const original = SessionKey.prototype.isExpired;
		let sk;
		try {
			SessionKey.prototype.isExpired = () => false; // import refuses expired sessions
			sk = SessionKey.import({ ...exp, personalMessageSignature: undefined }, suiClient);
		} finally {
			SessionKey.prototype.isExpired = original;
		}
		const sig = (await accounts.bob.keypair.signPersonalMessage(sk.getPersonalMessage())).signature;
		secretFile('expired.session', JSON.stringify({ ...exp, personalMessageSignature: sig }));
		const r = cli(['decrypt', '--session', join(work, 'expired.session'), '--chain', spec(rpc), '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${allowlist}`, '--in', join(work, 'sdk.seal'), '--out', join(work, 'expired.txt')]);
		assert(r.status !== 0, 'decrypted with an expired session');
		assert(/expired/i.test(r.stderr), `the error does not say expired: ${r.stderr.trim()}`);
		return `exit ${r.status}: ${r.stderr.trim().slice(0, 120)}`;
	});

	// User secret keys depend only on the master key and the identity, so the SDK and the C
	// client must get the very same key from each server.
	await check('seal fetch-keys and SealClient.getDerivedKeys get identical keys from the servers; seal decrypt --key takes the SDK keys', async () => {
		const r = cli(['fetch-keys', '--session', join(work, 'bob.session'), '--chain', spec(rpc), '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${allowlist}`, '--in', join(work, 'sdk.seal')]);
		assert(r.status === 0, `fetch-keys exit ${r.status}: ${r.stderr.trim()}`);
		const cliKeys = JSON.parse(r.stdout);
		assert(cliKeys.full_id === examples + sdkId, `full_id ${cliKeys.full_id}`);
		assert(cliKeys.keys.length >= 2, `${cliKeys.keys.length} keys`);
		const sk = await session('bob');
		const derived = await newSealClient().getDerivedKeys({ id: sdkId, txBytes: await approveTx(sdkId), sessionKey: sk, threshold: 3 });
		assert(derived.size === 3, `${derived.size} SDK keys`);
		for (const k of cliKeys.keys) {
			const sdkKey = derived.get(k.object_id)?.toString();
			assert(sdkKey, `the SDK has no key from ${k.object_id}`);
			assert(`0x${sdkKey}` === k.key || sdkKey === k.key, `server ${k.name}: CLI ${k.key.slice(0, 18)}…, SDK ${sdkKey.slice(0, 16)}…`);
		}
		const args = ['decrypt', '--in', join(work, 'sdk.seal'), '--out', join(work, 'sdk-keys.txt')];
		for (const [objectId, key] of derived) args.push('--key', `${objectId}:${key.toString()}`);
		for (const s of servers) args.push('--public-key', `${s.objectId}:${s.pk}`);
		const d = cli(args);
		assert(d.status === 0, `decrypt --key exit ${d.status}: ${d.stderr.trim()}`);
		assert(sameBytes(readFileSync(join(work, 'sdk-keys.txt')), sdkPlain), 'plaintext differs');
		return `${cliKeys.keys.length} keys compared`;
	});

	// Weighted servers: server 1 counts twice (two shares), threshold 3 of 4.
	await check('weights: SealClient.encrypt with server 1 at weight 2 (3 of 4) → seal decrypt; seal encrypt --key-server ID:2 → SealClient.decrypt', async () => {
		const weighted = servers.map((s, i) => ({ objectId: s.objectId, weight: i === 0 ? 2 : 1 }));
		const wClient = newSealClient(weighted);
		const wId = newId();
		const data = Buffer.from(`weighted ${randomBytes(4).toString('hex')}\n`);
		const { encryptedObject } = await wClient.encrypt({ threshold: 3, packageId: examples, id: wId, data: new Uint8Array(data) });
		writeFileSync(join(work, 'w-sdk.seal'), encryptedObject);
		let r = cli(['decrypt', '--session', join(work, 'bob.session'), '--chain', spec(rpc), '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${allowlist}`, '--in', join(work, 'w-sdk.seal'), '--out', join(work, 'w-sdk.txt')]);
		assert(r.status === 0, `seal decrypt exit ${r.status}: ${r.stderr.trim()}`);
		assert(sameBytes(readFileSync(join(work, 'w-sdk.txt')), data), 'CLI plaintext differs');
		const args = ['encrypt', '--chain', spec(rpc), '--threshold', '3', '--package', examples, '--id', wId, '--in', join(work, 'w-sdk.txt'), '--out', join(work, 'w-cli.seal')];
		servers.forEach((s, i) => args.push('--key-server', i === 0 ? `${s.objectId}:2` : s.objectId));
		r = cli(args);
		assert(r.status === 0, `seal encrypt exit ${r.status}: ${r.stderr.trim()}`);
		const out = await wClient.decrypt({ data: new Uint8Array(readFileSync(join(work, 'w-cli.seal'))), sessionKey: await session('bob'), txBytes: await approveTx(wId) });
		assert(sameBytes(out, data), 'SDK plaintext differs');
		return `${encryptedObject.length} and ${readFileSync(join(work, 'w-cli.seal')).length} bytes`;
	});

	// 3. refusals, as the SDK reports them
	await expectError('Carol (not on the allowlist): SealClient.decrypt throws NoAccessError', NoAccessError, async () => {
		const sk = await session('carol');
		return newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
	});
	// A certificate created 5 minutes in the future, signed by Bob: the SDK does not consider it
	// expired, the servers refuse it (InvalidCertificate).
	await expectError('a certificate from the future: servers answer InvalidCertificate → ExpiredSessionKeyError', ExpiredSessionKeyError, async () => {
		const fresh = await session('bob');
		const exp = fresh.export();
		const sk = SessionKey.import({ ...exp, creationTimeMs: Date.now() + 5 * 60_000, personalMessageSignature: undefined }, suiClient);
		await sk.setPersonalMessageSignature((await accounts.bob.keypair.signPersonalMessage(sk.getPersonalMessage())).signature);
		return newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
	});
	// A certificate whose 1-minute TTL ended a minute ago. The SDK refuses to send an expired
	// session (10 s before its end); its local check is bypassed on this instance so that the
	// servers' own time check is what is tested.
	await expectError('an expired certificate (ttl 1 min, created 2 min ago): servers answer InvalidCertificate → ExpiredSessionKeyError', ExpiredSessionKeyError, async () => {
		const fresh = await session('bob', 1);
		const exp = fresh.export();
		const original = SessionKey.prototype.isExpired;
		let sk;
		try {
			SessionKey.prototype.isExpired = () => false;
			sk = SessionKey.import({ ...exp, creationTimeMs: Date.now() - 2 * 60_000, personalMessageSignature: undefined }, suiClient);
		} finally {
			SessionKey.prototype.isExpired = original;
		}
		assert(sk.isExpired(), 'the session should be expired by the SDK rule');
		sk.isExpired = () => false;
		await sk.setPersonalMessageSignature((await accounts.bob.keypair.signPersonalMessage(sk.getPersonalMessage())).signature);
		return newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
	});
	await expectError('a certificate for Bob signed by Carol: InvalidUserSignatureError', InvalidUserSignatureError, async () => {
		const fresh = await session('bob');
		// Carol signs Bob's certificate message; imported without the SDK's local check, as a
		// forger would send it.
		const forged = (await accounts.carol.keypair.signPersonalMessage(fresh.getPersonalMessage())).signature;
		const sk = SessionKey.import({ ...fresh.export(), personalMessageSignature: forged }, suiClient);
		return newSealClient().decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
	});

	// 4. one server down
	await check('key server 2 stopped with SIGTERM (exit 0)', async () => {
		const code = await stop('server2');
		assert(code === 0, `exit ${code}`);
	});
	// The SealClient made at the start verified the three servers while they were up (a client
	// made now with verifyKeyServers: true would fail: the SDK needs every server's PoP answer).
	await check('with server 2 down, Bob still decrypts with the SealClient verified at the start (no cached keys)', async () => {
		const sk = await session('bob');
		const out = await sealClient.decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
		assert(sameBytes(out, plain), 'plaintext differs');
		const out2 = await sealClient.decrypt({ data: sdkObject, sessionKey: sk, txBytes: await approveTx(sdkId) });
		assert(sameBytes(out2, sdkPlain), 'plaintext of the SDK object differs');
		return 'both objects';
	});
	await check('with server 2 down, a new SealClient (verifyKeyServers: false) decrypts too', async () => {
		const sk = await session('dave');
		const c = new SealClient({ suiClient, serverConfigs, verifyKeyServers: false, timeout: 10000 });
		const out = await c.decrypt({ data: new Uint8Array(cliObject), sessionKey: sk, txBytes: await approveTx(cliId) });
		assert(sameBytes(out, plain), 'plaintext differs');
	});
	await check("the key servers' logs show the refusals the SDK reported (NoAccess, InvalidCertificate, InvalidSignature)", () => {
		const all = ['server1', 'server2', 'server3'].map((n) => logs.get(n) ?? '').join('\n');
		const count = (kind) => (all.match(new RegExp(`"error":"${kind}"`, 'g')) ?? []).length;
		const counts = { NoAccess: count('NoAccess'), InvalidCertificate: count('InvalidCertificate'), InvalidSignature: count('InvalidSignature') };
		assert(counts.NoAccess >= 1 && counts.InvalidCertificate >= 2 && counts.InvalidSignature >= 1, JSON.stringify(counts));
		return JSON.stringify(counts);
	});

	await check("the key servers' audit logs hold what the SDK was given and refused, and the receipts are exposed to browsers", async () => {
		const sizes = [];
		for (const s of [servers[0], servers[2]]) {
			const r = await fetch(`${s.url}/v1/audit/head`, { headers: { Origin: 'http://example.test' } });
			assert(r.status === 200, `${s.url}/v1/audit/head: HTTP ${r.status}`);
			assert(r.headers.get('access-control-expose-headers') === '*', 'the receipt header is not exposed through CORS');
			const head = await r.json();
			assert(head.tree_size > 0, `${s.url}: an empty log`);
			sizes.push(head.tree_size);
		}
		return `logs of ${sizes.join(' and ')} records`;
	});

	if (grpc)
		await check('no JSON-RPC anywhere in the run: the local chain answered gRPC only', async () => {
			const metrics = await (await fetch(`${rpc}/metrics`)).text();
			const count = (p) => Number(metrics.match(new RegExp(`protocol="${p}"\\} (\\d+)`))?.[1]);
			assert(count('jsonrpc') === 0 && count('grpc_web') + count('grpc') > 0, metrics.replace(/\n/g, ' '));
			return `gRPC-web ${count('grpc_web')}, native gRPC ${count('grpc')}, JSON-RPC 0`;
		});
	await check('every process stops on SIGTERM', async () => {
		const codes = [];
		for (const name of ['server1', 'server3', 'localnet']) codes.push(`${name} ${await stop(name)}`);
		assert(codes.every((c) => c.endsWith(' 0')), codes.join(', '));
		return codes.join(', ');
	});
}

const deadline = setTimeout(() => {
	bad('the whole run took more than 240 s');
	process.exit(1);
}, 240_000);
deadline.unref();
try {
	await main();
} catch (e) {
	bad(`unexpected: ${e?.stack ?? e}`);
}
stopAll();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
