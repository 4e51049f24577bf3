#!/usr/bin/env node
// Replicas of one key server behind a real HAProxy (docs/deploy.md), on loopback:
//
//   node deploy.mjs --seal PATH/TO/seal --haproxy PATH/TO/haproxy --config docs/deploy/haproxy.cfg \
//       [--tls-cert LB.pem]    (with NODE_EXTRA_CA_CERTS naming its certificate)
//
// A local chain (`seal localnet serve`, read over gRPC by everyone), one key server object whose
// URL is the balancer's, two `seal server` replicas with the same master key (each with its own
// metrics port and audit log), and HAProxy running the shipped configuration unchanged (the
// addresses come from its SEAL_* environment variables). Two HAProxy processes run the file: the
// SDK's, whose URL is the one on chain (with --tls-cert it ends TLS: SEAL_LB_CERT), and the C
// client's on plain HTTP with SEAL_LB_STICKY (the C client checks audit receipts, see below),
// which it is sent to with --key-server OBJECT@URL. Then, for a few seconds:
//   - four loops of the official SDK (SealClient on SuiGrpcClient, a new client each time, so
//     every round trip reads the key server from the chain, verifies its proof of possession
//     through GET /v1/service and fetches the key through POST /v1/fetch_key) and one loop of the
//     C client (`seal decrypt --session --retries 0`) decrypt through the balancer;
//   - once both replicas have served requests, the replica the C client's sticky balancer uses is
//     killed (SIGKILL), HAProxy's health checks take it out, later it is started again and comes
//     back into rotation.
// Checks: not one decryption failed (the SDK 1.4.12 makes one attempt per key server, and the C
// client's own retries are turned off, so what hides the dead replica is HAProxy's retry-on +
// redispatch; with them off in the configuration, decryptions fail); HAProxy's log shows every
// request answered 200, and retried ones that ended on the survivor; both replicas served before
// the kill, and the victim again after its restart; /ksN/v1/audit/head reaches replica N's log;
// with SEAL_LB_RATE=5 the balancer answers the 6th request of a client 429 (not /health).
// Prints one line per check and "N passed, N failed"; exits 1 if anything failed. Every process
// it starts is killed on exit.

import { execFile as execFileCb, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { SealClient, SessionKey } from '@mysten/seal';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { Transaction } from '@mysten/sui/transactions';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromHex } from '@mysten/sui/utils';

import { freePort, writeSecret } from './lib/harness.mjs';

const execFile = promisify(execFileCb);

// ---- arguments ---------------------------------------------------------------------------

const USAGE = 'usage: node deploy.mjs --seal PATH/TO/seal --config haproxy.cfg [--haproxy PATH] [--tls-cert PEM] [--keep]';
const opts = { seal: null, haproxy: 'haproxy', config: null, tlsCert: null, keep: false };
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	if (a === '--seal' && i + 1 < process.argv.length) opts.seal = resolve(process.argv[++i]);
	else if (a === '--haproxy' && i + 1 < process.argv.length) opts.haproxy = process.argv[++i];
	else if (a === '--config' && i + 1 < process.argv.length) opts.config = resolve(process.argv[++i]);
	else if (a === '--tls-cert' && i + 1 < process.argv.length) opts.tlsCert = resolve(process.argv[++i]);
	else if (a === '--keep') opts.keep = true;
	else {
		console.error(USAGE);
		process.exit(2);
	}
}
if (!opts.seal || !opts.config) {
	console.error(USAGE);
	process.exit(2);
}
// How long each phase runs at least (ms); the waits for HAProxy's checks come on top.
const PHASE_MS = Number(process.env.SEAL_DEPLOY_PHASE_MS || 2500);
const READY_MS = Number(process.env.SEAL_DEMO_READY_TIMEOUT || 20) * 1000;
const SDK_LOOPS = 4;

// ---- results -----------------------------------------------------------------------------

let passed = 0;
let failed = 0;
function check(label, cond, detail = '') {
	if (cond) passed++;
	else failed++;
	console.log(`${cond ? 'ok  ' : 'FAIL'} ${label}${detail ? ` — ${detail}` : ''}`);
	return cond;
}
function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what, fn, timeoutMs) {
	const t0 = Date.now();
	for (;;) {
		const v = await fn().catch(() => null);
		if (v) return v;
		if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await sleep(100);
	}
}

// ---- processes ---------------------------------------------------------------------------

const work = mkdtempSync(join(tmpdir(), 'seal-deploy.'));
chmodSync(work, 0o700);
const children = new Map(); // name -> ChildProcess (each in its own process group)
const output = new Map(); // name -> what it wrote on stdout and stderr
function killNow(name) {
	const c = children.get(name);
	if (c && c.exitCode === null && c.signalCode === null) {
		try {
			process.kill(-c.pid, 'SIGKILL');
		} catch {}
	}
}
process.on('exit', () => {
	for (const name of children.keys()) killNow(name);
	if (!opts.keep) rmSync(work, { recursive: true, force: true });
	else console.log(`# files kept in ${work}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function run(bin, args, extraEnv) {
	const c = spawn(bin, args, { cwd: work, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv } });
	return c;
}
// start(name, bin, args, readyRe): resolves with the first match of readyRe in its stdout.
function start(name, bin, args, readyRe, extraEnv = {}) {
	return new Promise((resolveP, reject) => {
		const c = run(bin, args, extraEnv);
		children.set(name, c);
		output.set(name, '');
		let out = '';
		const timer = setTimeout(() => reject(new Error(`${name}: not ready within ${READY_MS} ms: ${output.get(name).slice(-400)}`)), READY_MS);
		const onData = (d) => {
			output.set(name, output.get(name) + d);
		};
		c.stdout.on('data', (d) => {
			onData(d);
			out += d;
			const m = readyRe ? out.match(readyRe) : null;
			if (m) {
				clearTimeout(timer);
				resolveP(m);
			}
		});
		c.stderr.on('data', onData);
		c.on('exit', (code, sig) => {
			clearTimeout(timer);
			reject(new Error(`${name} exited (${code ?? sig}) before it was ready: ${output.get(name).slice(-400)}`));
		});
		if (!readyRe) {
			clearTimeout(timer);
			resolveP(null);
		}
	});
}
async function cliJson(...args) {
	const { stdout } = await execFile(opts.seal, args, { cwd: work, timeout: 60000 });
	return JSON.parse(stdout);
}
const secretFile = (name, text) => writeSecret(work, name, text);

// HAProxy's runtime API: `show stat` as rows {pxname, svname, status, ...}.
function haproxyStat(socket) {
	return new Promise((res, rej) => {
		const s = connect(socket);
		let text = '';
		s.on('connect', () => s.write('show stat\n'));
		s.on('data', (d) => (text += d));
		s.on('error', rej);
		s.on('end', () => {
			const lines = text.split('\n').filter((l) => l.length);
			const head = (lines.shift() ?? '').replace(/^# /, '').split(',');
			res(lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i], v]))));
		});
	});
}
async function serverStatus(socket, backend, server) {
	const row = (await haproxyStat(socket)).find((r) => r.pxname === backend && r.svname === server);
	return row?.status ?? 'missing';
}
// total_requests (fetch_key requests) of a replica, from its Prometheus endpoint.
async function totalRequests(metricsPort) {
	const r = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
	const m = /^total_requests (\d+)$/m.exec(await r.text());
	return m ? Number(m[1]) : 0;
}

// ---- the run -----------------------------------------------------------------------------

async function main() {
	// 1. chain, accounts, one key server object (URL: the balancer), allowlist with Bob
	const genesis = await cliJson('localnet', 'init', '--data', join(work, 'chain'));
	const examples = genesis.examples_package;
	const [, rpc] = await start('localnet', opts.seal, ['localnet', 'serve', '--data', join(work, 'chain'), '--listen', '127.0.0.1:0'], /^ready (\S+)$/m);
	const accounts = {};
	for (const who of ['operator', 'alice', 'bob']) {
		const a = await cliJson('localnet', 'account', 'new', '--scheme', 'ed25519');
		accounts[who] = { address: a.address, keyFile: secretFile(`${who}.key`, a.private_key), keypair: Ed25519Keypair.fromSecretKey(decodeSuiPrivateKey(a.private_key).secretKey) };
	}
	const { stdout: kg } = await execFile(opts.seal, ['keygen', '--json']);
	const { master_key: msk, public_key: pk } = JSON.parse(kg);
	const masterKeyFile = secretFile('master.key', msk);
	// The balancers, two HAProxy processes on the same file: the SDK's (leastconn; with --tls-cert
	// it ends TLS: SEAL_LB_CERT), whose URL is the one registered on chain, and the C client's
	// (plain HTTP, SEAL_LB_STICKY: the C client checks audit receipts against the audit key of
	// /v1/service, so both requests must reach one replica; docs/deploy.md "Audit log"), which it
	// is sent to with --key-server OBJECT@URL.
	const lbs = [];
	for (const [name, tls, sticky] of [['haproxy-sdk', Boolean(opts.tlsCert), false], ['haproxy-c', false, true]]) {
		const port = await freePort();
		lbs.push({ name, tls, sticky, port, metrics: await freePort(), socket: join(work, `${name}.sock`), url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}` });
	}
	const lbUrl = lbs[0].url; // what the SDK reads from the chain
	const plainUrl = lbs[1].url; // the C client's
	const reg = await cliJson('localnet', 'keyserver', 'register', '--chain', rpc, '--key', `@${accounts.operator.keyFile}`, '--name', 'replicated', '--url', lbUrl, '--public-key', pk);
	const keyServer = reg.key_server;
	const al = await cliJson('localnet', 'allowlist', 'create', '--chain', rpc, '--key', `@${accounts.alice.keyFile}`, '--name', 'deploy');
	await cliJson('localnet', 'allowlist', 'add', '--chain', rpc, '--key', `@${accounts.alice.keyFile}`, '--allowlist', al.allowlist, '--cap', al.cap, '--member', accounts.bob.address);

	// 2. two replicas: same master key and key server object, own port, metrics and audit log
	const replicas = [];
	for (const n of [1, 2]) {
		const r = { name: `ks${n}`, port: await freePort(), metrics: await freePort() };
		await execFile(opts.seal, ['keygen', '--audit', '--out', join(work, `audit${n}.key`)]);
		r.config = join(work, `ks${n}.yaml`);
		writeFileSync(
			r.config,
			[
				'network: !Devnet',
				`  seal_package: ${genesis.seal_package}`,
				'server_mode: !Open',
				`  key_server_object_id: ${keyServer}`,
				`chain: ${rpc}`,
				`listen: 127.0.0.1:${r.port}`,
				`metrics_host_port: 127.0.0.1:${r.metrics}`,
				`master_key_file: ${masterKeyFile}`,
				'threads: 2',
				'audit:',
				`  database: ${join(work, `audit${n}.db`)}`,
				`  key_file: ${join(work, `audit${n}.key`)}`,
				'',
			].join('\n'),
		);
		replicas.push(r);
	}
	const startReplica = (r) => start(r.name, opts.seal, ['server', '--config', r.config], /^ready (\S+)$/m);
	await Promise.all(replicas.map(startReplica));

	// 3. HAProxy on the shipped configuration
	for (const lb of lbs) {
		const env = {
			SEAL_LB_BIND: `127.0.0.1:${lb.port}`,
			SEAL_KS1: `127.0.0.1:${replicas[0].port}`,
			SEAL_KS2: `127.0.0.1:${replicas[1].port}`,
			SEAL_LB_METRICS: `127.0.0.1:${lb.metrics}`,
			SEAL_LB_SOCKET: lb.socket,
			SEAL_LB_RATE: '100000',
		};
		if (lb.tls) env.SEAL_LB_CERT = opts.tlsCert;
		if (lb.sticky) env.SEAL_LB_STICKY = '1';
		await start(lb.name, opts.haproxy, ['-db', '-f', opts.config], null, env);
	}
	const allLbs = async (backend, server, pred) => (await Promise.all(lbs.map((lb) => serverStatus(lb.socket, backend, server)))).every(pred);
	await waitFor('HAProxy: both replicas UP', async () => (await allLbs('key_servers', 'ks1', (x) => x === 'UP')) && (await allLbs('key_servers', 'ks2', (x) => x === 'UP')), READY_MS);
	check(`stack up: localnet, key server object ${keyServer.slice(0, 10)}… at ${lbUrl}, replicas on ports ${replicas.map((r) => r.port).join(' and ')}, ${lbs.map((lb) => lb.name).join(' and ')} see both UP`, true);

	{
		for (const lb of lbs) {
			const r = await fetch(`${lb.url}/health`);
			const j = await r.json();
			check(`GET /health through ${lb.name} (${lb.url.split(':')[0]}${lb.tls ? ': TLS ends at HAProxy, the replicas speak HTTP' : ''}${lb.sticky ? ', SEAL_LB_STICKY' : ''})`, r.status === 200 && j.status === 'up', JSON.stringify(j));
		}
	}
	{
		const heads = [];
		for (const r of replicas) {
			const via = await (await fetch(`${lbUrl}/${r.name}/v1/audit/head`)).json();
			const direct = await (await fetch(`http://127.0.0.1:${r.port}/v1/audit/head`)).json();
			heads.push(via.log_id);
			check(`/${r.name}/v1/audit/head through the balancer is replica ${r.name}'s own log`, via.log_id === direct.log_id && /^0x[0-9a-f]{64}$/.test(via.log_id), `${via.log_id?.slice(0, 18)}…`);
		}
		check('the replicas keep two distinct logs (own audit keys)', heads[0] !== heads[1]);
	}

	// 4. what is decrypted: one object, encrypted by the SDK for the allowlist (threshold 1)
	const suiClient = new SuiGrpcClient({ network: 'localnet', baseUrl: rpc });
	const serverConfigs = [{ objectId: keyServer, weight: 1 }];
	const id = al.allowlist.replace(/^0x/, '').padStart(64, '0') + randomBytes(4).toString('hex');
	const plain = new TextEncoder().encode(`behind the balancer ${randomBytes(8).toString('hex')}`);
	const { encryptedObject } = await new SealClient({ suiClient, serverConfigs, verifyKeyServers: true }).encrypt({ threshold: 1, packageId: examples, id, data: plain });
	const objFile = join(work, 'object.seal');
	writeFileSync(objFile, encryptedObject);
	const tx = new Transaction();
	tx.moveCall({ target: `${examples}::allowlist::seal_approve`, arguments: [tx.pure.vector('u8', fromHex(id)), tx.object(al.allowlist)] });
	const txBytes = await tx.build({ client: suiClient, onlyTransactionKind: true });
	const sessionKey = await SessionKey.create({ address: accounts.bob.address, packageId: examples, ttlMin: 10, signer: accounts.bob.keypair, suiClient });
	const sessionFile = join(work, 'bob.session');
	await execFile(opts.seal, ['session', 'create', '--key', `@${accounts.bob.keyFile}`, '--package', examples, '--ttl-min', '10', '--out', sessionFile]);

	// 5. the loops
	const stats = { sdk: { ok: 0, failed: 0, errors: [] }, c: { ok: 0, failed: 0, errors: [] } };
	let stop = false;
	const sdkLoop = async () => {
		while (!stop) {
			try {
				const client = new SealClient({ suiClient, serverConfigs, verifyKeyServers: true, timeout: 10000 });
				const out = await client.decrypt({ data: encryptedObject, sessionKey, txBytes });
				assert(Buffer.from(out).equals(Buffer.from(plain)), 'plaintext differs');
				stats.sdk.ok++;
			} catch (e) {
				stats.sdk.failed++;
				stats.sdk.errors.push(`${new Date().toISOString()} ${e?.constructor?.name}: ${e?.message}`);
			}
		}
	};
	let cRound = 0;
	const cLoop = async () => {
		while (!stop) {
			const out = join(work, `c${cRound++ % 2}.txt`);
			try {
				await execFile(opts.seal, ['decrypt', '--session', sessionFile, '--chain', rpc, '--approve', `${examples}::allowlist::seal_approve`, '--arg', `object:${al.allowlist}`, '--in', objFile, '--out', out, '--retries', '0', '--key-server', `${keyServer}@${plainUrl}`], { timeout: 30000 });
				assert(readFileSync(out).equals(Buffer.from(plain)), 'plaintext differs');
				stats.c.ok++;
			} catch (e) {
				stats.c.failed++;
				stats.c.errors.push(`${new Date().toISOString()} ${(e?.stderr || e?.message || String(e)).trim().slice(0, 300)}`);
			}
		}
	};
	const loops = [...Array.from({ length: SDK_LOOPS }, sdkLoop), cLoop()];
	const t0 = Date.now();
	const at = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	let killedAt = null;
	// the replica killed: the one the C client's sticky balancer sends it to (so that both clients
	// meet the failover); the other one survives
	let victim = replicas[0];
	let survivor = replicas[1];
	try {
		// both replicas serve
		const served = await waitFor('both replicas serve fetch_key', async () => {
			if (Date.now() - t0 < PHASE_MS) return null;
			const n = await Promise.all(replicas.map((r) => totalRequests(r.metrics)));
			return n.every((x) => x >= 3) ? n : null;
		}, 60000);
		check(`both replicas answered fetch_key before the kill (their metrics: total_requests ${served.join(' and ')})`, true, at());

		// the C client's replica killed mid-run
		await waitFor('the C client has decrypted once', async () => stats.c.ok > 0, 60000);
		const sticky = [...output.get('haproxy-c').matchAll(/ key_servers\/(ks\d) /g)].pop()?.[1];
		if (sticky === 'ks2') [victim, survivor] = [replicas[1], replicas[0]];
		killNow(victim.name);
		killedAt = Date.now();
		const okAtKill = stats.sdk.ok + stats.c.ok;
		await waitFor(`HAProxy marks ${victim.name} DOWN`, () => allLbs('key_servers', victim.name, (x) => x.startsWith('DOWN')), 20000);
		check(`${victim.name} (the C client's replica) killed (SIGKILL); HAProxy's health checks mark it DOWN`, true, `after ${Date.now() - killedAt} ms`);
		await sleep(PHASE_MS);
		const okDown = await waitFor(`decryptions through ${survivor.name} alone`, async () => {
			const n = stats.sdk.ok + stats.c.ok - okAtKill;
			return n >= 3 ? n : null;
		}, 60000);
		check(`decryptions go on through ${survivor.name} alone`, true, `${okDown} since the kill, ${at()}`);

		// the victim back
		await startReplica(victim);
		await waitFor(`HAProxy marks ${victim.name} UP again`, () => allLbs('key_servers', victim.name, (x) => x === 'UP'), 20000);
		const back = await waitFor(`restarted ${victim.name} serves fetch_key`, async () => {
			const n = await totalRequests(victim.metrics);
			return n >= 3 ? n : null;
		}, 30000);
		check(`${victim.name} restarted (same config, its audit log reopened): UP again and back in rotation`, true, `total_requests ${back} since its restart, ${at()}`);
	} catch (e) {
		check('the run', false, e.message);
	} finally {
		stop = true;
		await Promise.all(loops);
	}

	// 6. the service's rate limit (SEAL_LB_RATE requests per 10 s per client address) on one more
	// HAProxy running the same file with a limit of 5
	{
		const port = await freePort();
		const env = { SEAL_LB_BIND: `127.0.0.1:${port}`, SEAL_KS1: `127.0.0.1:${replicas[0].port}`, SEAL_KS2: `127.0.0.1:${replicas[1].port}`, SEAL_LB_METRICS: `127.0.0.1:${await freePort()}`, SEAL_LB_SOCKET: join(work, 'haproxy-rate.sock'), SEAL_LB_RATE: '5' };
		await start('haproxy-rate', opts.haproxy, ['-db', '-f', opts.config], null, env);
		// ready when its checks see a replica UP (asked on its socket: requests would count)
		await waitFor('HAProxy (rate limit 5) ready', async () => (await serverStatus(env.SEAL_LB_SOCKET, 'key_servers', 'ks2')) === 'UP', READY_MS);
		const url = `http://127.0.0.1:${port}`;
		const got = [];
		for (let i = 0; i < 8; i++) {
			const r = await fetch(`${url}/v1/service?service_id=${keyServer}`, { headers: { 'Client-Sdk-Version': '1.4.12' } });
			const body = await r.text();
			got.push(r.status === 429 ? (JSON.parse(body).error === 'TooManyRequests' ? 429 : 'bad 429 body') : r.status);
		}
		const health = [];
		for (let i = 0; i < 3; i++) health.push((await fetch(`${url}/health`)).status);
		check('the balancer\'s rate limit: the 6th request within 10 s answered 429 TooManyRequests (the key server\'s body), /health never', got.join() === '200,200,200,200,200,429,429,429' && health.every((x) => x === 200), `${got.join(' ')}; /health ${health.join(' ')}`);
		killNow('haproxy-rate');
	}

	// 7. results
	const secs = (Date.now() - t0) / 1000;
	check(`SDK (SealClient on SuiGrpcClient, ${SDK_LOOPS} loops): no decryption failed`, stats.sdk.failed === 0 && stats.sdk.ok > 0, `${stats.sdk.ok} ok, ${stats.sdk.failed} failed in ${secs.toFixed(1)} s${stats.sdk.errors.length ? `; first: ${stats.sdk.errors[0]}` : ''}`);
	check('C client (seal decrypt --session --retries 0): no decryption failed', stats.c.failed === 0 && stats.c.ok > 0, `${stats.c.ok} ok, ${stats.c.failed} failed${stats.c.errors.length ? `; first: ${stats.c.errors[0]}` : ''}`);
	for (const e of [...stats.sdk.errors, ...stats.c.errors].slice(0, 5)) console.log(`# ${e}`);

	// HAProxy's log: one line per request, "%ci %HM %HP %ST %b/%s retries=%rc time=%Tt"
	for (const lb of lbs) {
		const per = {};
		for (const m of output.get(lb.name).matchAll(/ \/v1\/\S* \d+ \S+\/(\S+) retries=(\S+)/g)) {
			const key = m[2] === '0' ? m[1] : `${m[1]} retried ${m[2]}`;
			per[key] = (per[key] ?? 0) + 1;
		}
		console.log(`# ${lb.name}: /v1 requests by the replica that answered: ${JSON.stringify(per)}`);
	}
	const lines = lbs.map((lb) => output.get(lb.name)).join('\n').split('\n').map((l) => /^\S+ (\S+) (\S+) (-?\d+) (\S+)\/(\S+) retries=(\+?)(-?\d+) /.exec(l)).filter(Boolean);
	const api = lines.filter((m) => m[2].startsWith('/v1/'));
	const non200 = api.filter((m) => m[3] !== '200');
	const retried = api.filter((m) => Number(m[7]) > 0);
	const redispatched = retried.filter((m) => m[6] === '+');
	const byServer = {};
	for (const m of api) byServer[m[5]] = (byServer[m[5]] ?? 0) + 1;
	check('HAProxy\'s log: every /v1 request answered 200', api.length > 0 && non200.length === 0, `${api.length} requests (${Object.entries(byServer).map(([k, v]) => `${k} ${v}`).join(', ')})${non200.length ? `; not 200: ${non200.slice(0, 3).map((m) => m[0]).join(' | ')}` : ''}`);
	check(`HAProxy retried, on ${survivor.name}, the requests the dead ${victim.name} could not answer (retry-on + redispatch)`, retried.length > 0 && retried.every((m) => m[5] === survivor.name), `${retried.length} retried, ${redispatched.length} redispatched: ${retried.slice(0, 2).map((m) => m[0]).join(' | ')}`);
	console.log(`# ${stats.sdk.ok + stats.c.ok} decryptions in ${secs.toFixed(1)} s; ${victim.name} was down ${killedAt ? 'from' : '—'} ${killedAt ? ((killedAt - t0) / 1000).toFixed(1) + ' s' : ''}`);
}

try {
	await main();
} catch (e) {
	check('deploy run', false, `${e?.constructor?.name}: ${e?.message}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
