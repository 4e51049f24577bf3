#!/usr/bin/env node
// Interoperability of the seal CLI with the official Seal TypeScript SDK (@mysten/seal 1.4.12).
//
//   node run.mjs --seal PATH/TO/seal [--seed STRING] [--big-mib N] [--filter WORD]
//
// Every run draws fresh keys, ids, thresholds, weights, sizes and data from a seed (printed
// first; pass it back with --seed or SEAL_INTEROP_SEED to replay the same cases). The CLI's own
// encryption randomness comes from the OS, so a replay reproduces the cases, not the bytes.
//
// CLI -> SDK: the CLI makes master keys (keygen, derive-key), public keys, objects and user
// secret keys; the SDK checks the public keys and user keys against its own arithmetic, parses
// the object (compared with `seal inspect`), decrypts it with its internal decrypt() given the
// user keys (with and without the share-consistency check), recomputes the symmetric key, and,
// for objects up to 1 MiB, decrypts it through the public SealClient with a session key against
// in-process mock key servers that serve the CLI-extracted keys.
// SDK -> CLI: the SDK encrypts (SealClient.encrypt over a mock chain, or its internal
// encrypt()); the CLI decrypts with user keys computed by the SDK, from binary or hex, files or
// pipes, with and without --public-key; wrong keys and tampered objects must fail with exit
// status 1 and leave no output file.
//
// Prints one line per check and ends with "N passed, N failed"; exits 1 if anything failed.

import { spawn, spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hex, loadSdk, sdkVersion, unhex } from './lib/sdk.mjs';
import { sealClientDecrypt, sealClientEncrypt } from './lib/mock.mjs';

// ---- arguments ---------------------------------------------------------------------------

function parseArgs(argv) {
	const a = { seed: process.env.SEAL_INTEROP_SEED || null, bigMib: Number(process.env.SEAL_INTEROP_BIG_MIB || 64), filter: null, seal: process.env.SEAL_BIN || null };
	for (let i = 0; i < argv.length; i++) {
		const k = argv[i];
		const v = () => {
			if (i + 1 >= argv.length) throw new Error(`${k} needs a value`);
			return argv[++i];
		};
		if (k === '--seal') a.seal = v();
		else if (k === '--seed') a.seed = v();
		else if (k === '--big-mib') a.bigMib = Number(v());
		else if (k === '--filter') a.filter = v();
		else if (k === '--help' || k === '-h') {
			console.log('usage: node run.mjs --seal PATH [--seed STRING] [--big-mib N] [--filter WORD]');
			process.exit(0);
		} else throw new Error(`unknown argument ${k}`);
	}
	if (!a.seal) throw new Error('--seal PATH is required');
	a.seal = resolve(a.seal);
	if (!Number.isInteger(a.bigMib) || a.bigMib < 1) throw new Error('--big-mib must be a positive integer');
	return a;
}

// ---- seeded randomness -------------------------------------------------------------------

class Drbg {
	constructor(seed) {
		this.seed = Buffer.from(seed);
		this.n = 0n;
		this.buf = Buffer.alloc(0);
	}
	bytes(n) {
		while (this.buf.length < n) {
			const c = Buffer.alloc(8);
			c.writeBigUInt64BE(this.n++);
			this.buf = Buffer.concat([this.buf, createHash('sha256').update('seal-interop\0').update(this.seed).update(c).digest()]);
		}
		const out = new Uint8Array(this.buf.subarray(0, n));
		this.buf = this.buf.subarray(n);
		return out;
	}
	int(lo, hi) {
		// uniform in [lo, hi]
		const span = hi - lo + 1;
		const x = this.bytes(4).reduce((acc, b) => acc * 256 + b, 0);
		return lo + (x % span);
	}
	bool() {
		return (this.bytes(1)[0] & 1) === 1;
	}
	pick(arr) {
		return arr[this.int(0, arr.length - 1)];
	}
	shuffle(arr) {
		const a = [...arr];
		for (let i = a.length - 1; i > 0; i--) {
			const j = this.int(0, i);
			[a[i], a[j]] = [a[j], a[i]];
		}
		return a;
	}
	// Large pseudo-random data: AES-256-CTR keystream under a key from the DRBG.
	data(n) {
		if (n === 0) return new Uint8Array(0);
		const c = createCipheriv('aes-256-ctr', Buffer.from(this.bytes(32)), Buffer.from(this.bytes(16)));
		const out = c.update(Buffer.alloc(n));
		c.final();
		return new Uint8Array(out.buffer, out.byteOffset, out.length);
	}
}

// ---- bookkeeping -------------------------------------------------------------------------

let passed = 0;
let failed = 0;
function check(label, ok, detail = '') {
	if (ok) {
		passed++;
		console.log(`ok   ${label}`);
	} else {
		failed++;
		console.log(`FAIL ${label}${detail ? ': ' + detail : ''}`);
	}
	return ok;
}
async function attempt(label, fn) {
	try {
		await fn();
	} catch (e) {
		check(label, false, `${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
	}
}
const eq = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

// ---- the CLI -----------------------------------------------------------------------------

let SEAL;
// SDK decryptions running in child processes: [{ label, promise }], awaited at the end.
const background = [];
const here = dirname(fileURLToPath(import.meta.url));
function sdkDecryptInBackground(label, objFile, keys, expected) {
	const keysFile = objFile + '.keys.json';
	writeFileSync(keysFile, JSON.stringify(Object.fromEntries([...keys].map(([o, k]) => [o, hex(k)]))));
	const sha = createHash('sha256').update(expected).digest('hex');
	const promise = new Promise((res) => {
		const child = spawn(process.execPath, [join(here, 'lib', 'sdk-decrypt.mjs'), objFile, keysFile, sha], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('close', (code) => res({ code, out: out.trim() }));
	});
	background.push({ label, promise });
}
function seal(args, { input, expect = 0, binary = false } = {}) {
	const r = spawnSync(SEAL, args, { input, maxBuffer: 512 << 20, encoding: binary ? 'buffer' : 'utf8' });
	if (r.error) throw r.error;
	const stderr = binary ? r.stderr.toString() : r.stderr;
	if (expect !== null && r.status !== expect) {
		const shown = args.map((x) => (x.length > 40 ? x.slice(0, 37) + '...' : x)).join(' ');
		throw new Error(`seal ${shown} exited ${r.status} (expected ${expect}); stderr: ${stderr.trim()}`);
	}
	return { code: r.status, stdout: r.stdout, stderr };
}

// ---- cases -------------------------------------------------------------------------------

async function main() {
	const args = parseArgs(process.argv.slice(2));
	SEAL = args.seal;
	const seed = args.seed ?? randomBytes(12).toString('hex');
	console.log(`# interop seed ${seed}  (replay: SEAL_INTEROP_SEED=${seed}, or node run.mjs --seed ${seed})`);
	console.log(`# @mysten/seal ${sdkVersion()}, node ${process.version}, ${seal(['--version']).stdout.trim()}`);
	const rng = new Drbg(seed);
	const sdk = await loadSdk();
	const work = mkdtempSync(join(tmpdir(), 'seal-interop-'));
	const started = Date.now();
	try {
		const pool = await makeServers(sdk, rng, 8);
		const cases = cliToSdkCases(rng, args.bigMib);
		for (const c of cases) {
			if (args.filter && !c.name.includes(args.filter)) continue;
			await attempt(`cli->sdk ${c.name}`, () => cliToSdk(sdk, rng, pool, work, c));
		}
		for (const c of sdkToCliCases(rng, args.bigMib)) {
			if (args.filter && !c.name.includes(args.filter)) continue;
			await attempt(`sdk->cli ${c.name}`, () => sdkToCli(sdk, rng, pool, work, c));
		}
		for (const { label, promise } of background) {
			const { code, out } = await promise;
			const ms = /^ok (\d+)$/.exec(out);
			check(`${label} (${ms ? ms[1] + ' ms, in a child process' : out})`, code === 0 && ms !== null);
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);
	console.log(`${passed} passed, ${failed} failed`);
	return failed === 0 && passed > 0 ? 0 : 1;
}

// Master keys from `seal keygen --json` and `seal derive-key`, public keys from `seal public-key`;
// each checked against the SDK's own scalar multiplication.
async function makeServers(sdk, rng, n) {
	const servers = [];
	await attempt('key servers from the CLI', async () => {
		for (let i = 0; i < n; i++) {
			let msk;
			let pkFromKeygen;
			if (i % 2 === 0) {
				const j = JSON.parse(seal(['keygen', '--json']).stdout);
				msk = j.master_key;
				pkFromKeygen = j.public_key;
			} else {
				const j = JSON.parse(seal(['derive-key', '--seed', hex(rng.bytes(32)), '--index', String(rng.int(0, 1 << 30)), '--json']).stdout);
				msk = j.master_key;
				pkFromKeygen = j.public_key;
			}
			const pk = seal(['public-key', '--master-key', msk]).stdout.trim();
			const sdkPk = sdk.G2Element.generator().multiply(sdk.Scalar.fromBytes(unhex(msk))).toBytes();
			if (!eq(unhex(pk), sdkPk)) throw new Error(`public-key of server ${i} differs from the SDK's msk*G2`);
			if (!eq(unhex(pkFromKeygen), sdkPk)) throw new Error(`keygen/derive-key public key ${i} differs from the SDK's`);
			servers.push({ objectId: '0x' + hex(rng.bytes(32)), msk, mskScalar: sdk.Scalar.fromBytes(unhex(msk)), pk: unhex(pk) });
		}
		check(`${n} key servers: keygen/derive-key/public-key agree with the SDK's msk*G2`, true);
	});
	if (servers.length !== n) throw new Error('cannot continue without key servers');
	return servers;
}

function randomShape(rng, { n, t, weighted }) {
	// n distinct servers, optional weights, threshold t <= total weight
	const weights = Array.from({ length: n }, () => (weighted ? rng.int(1, 3) : 1));
	const total = weights.reduce((a, b) => a + b, 0);
	return { weights, threshold: t === null ? rng.int(1, total) : Math.min(t, total) };
}

function cliToSdkCases(rng, bigMib) {
	const small = () => rng.int(0, 3000);
	const list = [
		// first: its SDK decryption (minutes) runs in a child process while the rest goes on
		{ n: 2, t: 2, dem: 'hmac-256-ctr', aad: false, size: bigMib << 20, big: true },
		{ n: 1, t: 1, dem: 'aes-256-gcm', aad: false, size: 0 },
		{ n: 1, t: 1, dem: 'hmac-256-ctr', aad: true, size: 1 },
		{ n: 3, t: 2, dem: 'aes-256-gcm', aad: true, size: small() },
		{ n: 3, t: 2, dem: 'hmac-256-ctr', aad: false, size: small() },
		{ n: 5, t: 3, dem: 'aes-256-gcm', aad: false, size: rng.int(10000, 300000) },
		{ n: 7, t: 5, dem: 'hmac-256-ctr', aad: true, size: small() },
		{ n: 7, t: 5, dem: 'aes-256-gcm', aad: rng.bool(), size: small() },
		{ n: 3, t: null, weighted: true, dem: 'aes-256-gcm', aad: rng.bool(), size: small() },
		{ n: 4, t: null, weighted: true, dem: 'hmac-256-ctr', aad: rng.bool(), size: small() },
		{ n: rng.int(1, 7), t: null, weighted: rng.bool(), dem: 'aes-256-gcm', aad: rng.bool(), size: rng.int(0, 1 << 20) },
		{ n: rng.int(1, 7), t: null, weighted: rng.bool(), dem: 'hmac-256-ctr', aad: rng.bool(), size: rng.int(0, 1 << 16) },
		{ n: 3, t: 2, dem: 'aes-256-gcm', aad: true, size: bigMib << 20, big: true },
	];
	return list.map((c) => {
		const { weights, threshold } = randomShape(rng, c);
		const name = `${threshold}-of-${weights.reduce((a, b) => a + b, 0)}${c.weighted ? ` weighted[${weights}]` : ''} ${c.dem}${c.aad ? ' +aad' : ''} ${c.size} B`;
		return { ...c, weights, threshold, name };
	});
}

// Picks distinct servers whose weights reach the threshold, in random order.
function pickKeys(rng, weights, threshold, extra) {
	const order = rng.shuffle(weights.map((_, i) => i));
	const chosen = [];
	let w = 0;
	for (const i of order) {
		if (w >= threshold && !(extra && rng.bool())) break;
		chosen.push(i);
		w += weights[i];
	}
	return chosen;
}

async function cliToSdk(sdk, rng, pool, work, c) {
	const servers = rng.shuffle(pool).slice(0, c.weights.length);
	const packageId = '0x' + hex(rng.bytes(32));
	const id = hex(rng.bytes(rng.int(0, 40)));
	const aad = c.aad ? hex(rng.bytes(rng.int(0, 64))) : null;
	const data = rng.data(c.size);
	const ptFile = join(work, 'pt.bin');
	const objFile = join(work, c.big ? `big-${c.dem}.obj` : 'obj');
	const keyFile = join(work, 'sym.key');
	rmSync(objFile, { force: true });
	writeFileSync(ptFile, data);
	const asHex = !c.big && rng.bool();
	const viaPipe = !c.big && c.size < 65536 && rng.bool();
	const enc = ['encrypt', '--package-id', packageId, '--id', id, '--threshold', String(c.threshold), '--dem', c.dem, '--symmetric-key-out', keyFile];
	servers.forEach((s, i) => enc.push('--server', `${s.objectId}:0x${hex(s.pk)}${c.weights[i] > 1 || rng.bool() ? ':' + c.weights[i] : ''}`));
	if (aad !== null) enc.push('--aad', aad);
	if (asHex) enc.push('--hex');
	let t0 = Date.now();
	if (viaPipe) {
		const r = seal([...enc, '--in', '-', '--out', '-'], { input: Buffer.from(data), binary: true });
		writeFileSync(objFile, r.stdout);
	} else {
		seal([...enc, '--in', ptFile, '--out', objFile]);
	}
	const encMs = Date.now() - t0;
	const keyStat = statSync(keyFile);
	check(`${c.name}: symmetric key file has mode 0600`, (keyStat.mode & 0o777) === 0o600, (keyStat.mode & 0o777).toString(8));
	const raw = readFileSync(objFile);
	const obj = asHex ? unhex(raw.toString('latin1')) : new Uint8Array(raw);

	// The SDK parses it; every field matches the request and `seal inspect`.
	const eo = sdk.EncryptedObject.parse(obj);
	const weighted = servers.flatMap((s, i) => Array(c.weights[i]).fill(sdk.normalizeId(s.objectId)));
	const ok =
		eo.version === 0 &&
		eo.packageId === sdk.normalizeId(packageId) &&
		eo.id === id &&
		eo.threshold === c.threshold &&
		eo.services.length === weighted.length &&
		eo.services.every(([o, idx], i) => o === weighted[i] && idx === i + 1) &&
		Object.keys(eo.ciphertext)[0] === (c.dem === 'aes-256-gcm' ? 'Aes256Gcm' : 'Hmac256Ctr');
	check(`${c.name}: SDK parses the object, fields as requested (${obj.length} B, ${asHex ? 'hex' : 'binary'}${viaPipe ? ', pipes' : ''}, encrypt ${encMs} ms)`, ok);
	if (!c.big) compareInspect(sdk, `${c.name}`, objFile, eo);

	// User secret keys from `seal extract` equal the SDK's H1(full id)*msk, and verify-key agrees.
	const fullIdHex = sdk.createFullId(eo.packageId, eo.id);
	const fullId = unhex(fullIdHex);
	const chosen = pickKeys(rng, c.weights, c.threshold, true);
	const userKeys = new Map();
	for (const i of chosen) {
		const s = servers[i];
		const usk = unhex(seal(['extract', '--master-key', s.msk, '--package-id', packageId, '--id', id]).stdout.trim());
		const mine = sdk.hashToG1(fullId).multiply(s.mskScalar).toBytes();
		if (!eq(usk, mine)) throw new Error(`extract for ${s.objectId} differs from the SDK`);
		if (!sdk.IBE.verifyUserSecretKey(sdk.G1Element.fromBytes(usk), fullIdHex, sdk.G2Element.fromBytes(s.pk))) throw new Error('SDK rejects a CLI user key');
		userKeys.set(sdk.normalizeId(s.objectId), usk);
	}
	check(`${c.name}: ${chosen.length} extracted user keys equal the SDK's H1(id)*msk and pass its verifyUserSecretKey`, true);
	const vs = servers[chosen[0]];
	seal(['verify-key', '--package-id', packageId, '--id', id, '--user-secret-key', hex(userKeys.get(sdk.normalizeId(vs.objectId))), '--public-key', hex(vs.pk)], { expect: 0 });
	const other = pool.find((p) => p !== vs);
	seal(['verify-key', '--package-id', packageId, '--id', id, '--user-secret-key', hex(userKeys.get(sdk.normalizeId(vs.objectId))), '--public-key', hex(other.pk)], { expect: 1 });
	check(`${c.name}: verify-key accepts the key for its server and rejects it for another`, true);

	// The SDK's internal decrypt() with the user keys, with and without the consistency check.
	// The SDK's HMAC-CTR runs at about 1 MiB/s (one HMAC-SHA3 in pure JS per 32 bytes): large
	// HMAC objects get one SDK decryption only, in a child process that overlaps the other cases.
	const heavy = c.dem === 'hmac-256-ctr' && c.size > 1 << 16;
	const keys = new Map([...userKeys].map(([o, k]) => [`${fullIdHex}:${o}`, sdk.G1Element.fromBytes(k)]));
	const pkOf = new Map(servers.map((s) => [sdk.normalizeId(s.objectId), s.pk]));
	const label = `${c.name}: SDK decrypt() with ${chosen.length} CLI keys returns the plaintext`;
	if (heavy && !asHex) {
		sdkDecryptInBackground(label, objFile, userKeys, data);
	} else {
		t0 = Date.now();
		const pt = await sdk.decrypt({ encryptedObject: eo, keys });
		check(`${label} (${Date.now() - t0} ms)`, eq(pt, data));
	}
	if (!c.big && !heavy) {
		const publicKeys = eo.services.map(([o]) => sdk.G2Element.fromBytes(pkOf.get(o)));
		const pt2 = await sdk.decrypt({ encryptedObject: eo, keys, publicKeys });
		check(`${c.name}: SDK decrypt() with the share-consistency check`, eq(pt2, data));
	}

	// The symmetric key written by --symmetric-key-out is the SDK's DEM key for this object.
	const ibe = eo.encryptedShares.BonehFranklinBLS12381;
	const nonce = sdk.G2Element.fromBytes(ibe.nonce);
	const shares = eo.services
		.map(([o, index], i) => ({ o, index, i }))
		.filter(({ o }) => userKeys.has(o))
		.map(({ o, index, i }) => ({ index, share: sdk.IBE.decrypt(nonce, sdk.G1Element.fromBytes(userKeys.get(o)), ibe.encryptedShares[i], fullId, [o, index]) }));
	const demKey = sdk.deriveKey(sdk.KeyPurpose.DEM, sdk.combine(shares), ibe.encryptedShares, eo.threshold, eo.services.map(([o]) => o));
	const symKey = unhex(readFileSync(keyFile, 'utf8'));
	check(`${c.name}: --symmetric-key-out equals the SDK's derived DEM key`, eq(symKey, demKey));

	// The public SealClient path: session key, signed requests, ElGamal-wrapped keys, checks.
	if (c.size <= 1 << 20 && !heavy) {
		const configured = chosen.map((i) => ({ objectId: servers[i].objectId, pk: servers[i].pk, weight: c.weights[i], userKey: userKeys.get(sdk.normalizeId(servers[i].objectId)) }));
		const consistency = rng.bool();
		const { plaintext, requests } = await sealClientDecrypt(sdk, obj, {
			servers: configured,
			allServers: servers.map((s) => ({ objectId: s.objectId, pk: s.pk })),
			checkShareConsistency: consistency,
		});
		check(`${c.name}: SealClient.decrypt${consistency ? ' +checkShareConsistency' : ''} via ${requests.length} mock key server request(s)`, eq(plaintext, data));
	}
}

// `seal inspect` JSON against the SDK's parse of the same bytes.
function compareInspect(sdk, name, file, eo) {
	const j = JSON.parse(seal(['inspect', file]).stdout);
	const h = (x) => (x === null || x === undefined ? null : '0x' + hex(x));
	const kind = Object.keys(eo.ciphertext).find((k) => k !== '$kind');
	const ct = eo.ciphertext[kind];
	const ibe = eo.encryptedShares.BonehFranklinBLS12381;
	const problems = [];
	const same = (what, a, b) => {
		if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${what}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`);
	};
	same('version', j.version, eo.version);
	same('package_id', j.package_id, eo.packageId);
	same('id', j.id, '0x' + eo.id);
	same('services', j.services, eo.services.map(([o, i]) => ({ object_id: o, index: i })));
	same('threshold', j.threshold, eo.threshold);
	same('kem', j.encrypted_shares?.type, 'BonehFranklinBLS12381');
	same('nonce', j.encrypted_shares?.nonce, h(ibe.nonce));
	same('shares', j.encrypted_shares?.encrypted_shares, ibe.encryptedShares.map(h));
	same('randomness', j.encrypted_shares?.encrypted_randomness, h(ibe.encryptedRandomness));
	same('dem', j.ciphertext?.type, kind);
	same('blob', j.ciphertext?.blob, h(ct.blob));
	same('aad', j.ciphertext?.aad, h(ct.aad));
	if (kind === 'Hmac256Ctr') same('mac', j.ciphertext?.mac, h(ct.mac));
	check(`${name}: seal inspect JSON equals the SDK's parse`, problems.length === 0, problems.join('; '));
}

function sdkToCliCases(rng, bigMib) {
	const small = () => rng.int(0, 3000);
	const list = [
		{ path: 'client', n: 3, t: 2, dem: 'AesGcm256', aad: true, size: small() },
		{ path: 'low', n: 1, t: 1, dem: 'Hmac256Ctr', aad: false, size: 0 },
		{ path: 'client', n: 3, t: null, weighted: true, dem: 'Hmac256Ctr', aad: rng.bool(), size: small() },
		{ path: 'low', n: 7, t: 5, dem: 'AesGcm256', aad: false, size: rng.int(10000, 200000) },
		{ path: 'client', n: 5, t: 3, dem: 'Hmac256Ctr', aad: true, size: small() },
		{ path: rng.pick(['client', 'low']), n: rng.int(1, 7), t: null, weighted: rng.bool(), dem: 'AesGcm256', aad: rng.bool(), size: rng.int(0, 1 << 20) },
		{ path: rng.pick(['client', 'low']), n: rng.int(1, 7), t: null, weighted: rng.bool(), dem: 'Hmac256Ctr', aad: rng.bool(), size: rng.int(0, 1 << 16) },
		{ path: 'client', n: 3, t: 2, dem: 'AesGcm256', aad: rng.bool(), size: bigMib << 20, big: true },
	];
	return list.map((c) => {
		const { weights, threshold } = randomShape(rng, c);
		const name = `${c.path === 'client' ? 'SealClient.encrypt' : 'encrypt()'} ${threshold}-of-${weights.reduce((a, b) => a + b, 0)}${c.weighted ? ` weighted[${weights}]` : ''} ${c.dem}${c.aad ? ' +aad' : ''} ${c.size} B`;
		return { ...c, weights, threshold, name };
	});
}

async function sdkToCli(sdk, rng, pool, work, c) {
	const servers = rng.shuffle(pool).slice(0, c.weights.length);
	const packageId = '0x' + hex(rng.bytes(32));
	const id = hex(rng.bytes(rng.int(0, 40)));
	const aad = c.aad ? rng.bytes(rng.int(0, 64)) : null;
	const data = rng.data(c.size);
	const demType = sdk.DemType[c.dem];
	let t0 = Date.now();
	let encryptedObject;
	if (c.path === 'client') {
		({ encryptedObject } = await sealClientEncrypt(sdk, {
			servers: servers.map((s, i) => ({ objectId: s.objectId, pk: s.pk, weight: c.weights[i] })),
			threshold: c.threshold,
			packageId,
			id,
			data,
			aad,
			demType,
		}));
	} else {
		const Dem = c.dem === 'AesGcm256' ? sdk.AesGcm256 : sdk.Hmac256Ctr;
		({ encryptedObject } = await sdk.encrypt({
			keyServers: servers.flatMap((s, i) => Array(c.weights[i]).fill({ objectId: sdk.normalizeId(s.objectId), pk: s.pk })),
			kemType: sdk.KemType.BonehFranklinBLS12381DemCCA,
			threshold: c.threshold,
			packageId,
			id,
			encryptionInput: new Dem(data, aad ?? new Uint8Array()),
		}));
	}
	const encMs = Date.now() - t0;
	const eo = sdk.EncryptedObject.parse(encryptedObject);
	const fullId = unhex(sdk.createFullId(eo.packageId, eo.id));
	const asHex = !c.big && rng.bool();
	const objFile = join(work, asHex ? 'sdk.hex' : 'sdk.bin');
	writeFileSync(objFile, asHex ? hex(encryptedObject) + '\n' : encryptedObject);
	if (!c.big) compareInspect(sdk, c.name, objFile, eo);

	const uskOf = (s) => hex(sdk.hashToG1(fullId).multiply(s.mskScalar).toBytes());
	const chosen = pickKeys(rng, c.weights, c.threshold, true);
	const keyArgs = chosen.flatMap((i) => ['--key', `${servers[i].objectId}:${uskOf(servers[i])}`]);
	const consistency = rng.bool();
	const pkArgs = consistency ? servers.flatMap((s) => ['--public-key', `${s.objectId}:0x${hex(s.pk)}`]) : [];
	const outFile = join(work, 'sdk.out');
	rmSync(outFile, { force: true });
	const viaPipe = !c.big && c.size < 65536 && rng.bool();
	t0 = Date.now();
	let pt;
	if (viaPipe) {
		pt = seal(['decrypt', ...keyArgs, ...pkArgs, '--in', '-'], { input: readFileSync(objFile), binary: true }).stdout;
	} else {
		seal(['decrypt', ...keyArgs, ...pkArgs, '--in', objFile, '--out', outFile]);
		pt = readFileSync(outFile);
	}
	check(
		`${c.name}: seal decrypt with ${chosen.length} key(s)${consistency ? ' +public keys' : ''} returns the plaintext (${asHex ? 'hex' : 'binary'}${viaPipe ? ', pipes' : ''}; SDK encrypt ${encMs} ms, CLI decrypt ${Date.now() - t0} ms)`,
		eq(pt, data),
	);

	if (c.big) return;
	// A wrong key for one of the servers: exit 1, no output file.
	const wrong = pool.find((p) => !servers.includes(p));
	const badArgs = [...keyArgs];
	badArgs[1] = `${servers[chosen[0]].objectId}:${uskOf(wrong)}`;
	rmSync(outFile, { force: true });
	const r = seal(['decrypt', ...badArgs, '--in', objFile, '--out', outFile], { expect: null });
	check(`${c.name}: a wrong user key is refused (exit 1, one-line error, no output file)`, r.code === 1 && r.stderr.trim().split('\n').length === 1 && !existsSync(outFile), `exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`);
	// A tampered ciphertext byte (last byte: the tag, the MAC or the blob): exit 1, no output file.
	const tampered = Uint8Array.from(encryptedObject);
	tampered[tampered.length - 1 - (eo.ciphertext.Aes256Gcm ? (eo.ciphertext.Aes256Gcm.aad ? eo.ciphertext.Aes256Gcm.aad.length + 2 : 1) : 0)] ^= 1;
	const tFile = join(work, 'tampered.bin');
	writeFileSync(tFile, tampered);
	const r2 = seal(['decrypt', ...keyArgs, '--in', tFile, '--out', outFile], { expect: null });
	check(`${c.name}: a tampered object is refused (exit 1, no output file)`, r2.code === 1 && !existsSync(outFile), `exit ${r2.code}, stderr ${JSON.stringify(r2.stderr)}`);
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(e) => {
		console.error(e);
		console.log('0 passed, 1 failed');
		process.exitCode = 1;
	},
);
