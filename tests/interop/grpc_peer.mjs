#!/usr/bin/env node
// The chain layer's gRPC-web client against a gRPC-web node built from the official SDK's own
// generated message types (@mysten/sui 2.33.1 dist/grpc/proto, protobuf-ts), not from our
// .proto files or codec:
//
//   node grpc_peer.mjs --probe PATH/TO/seal-chain-probe
//
// The node decodes every request with the SDK's types (so our encoder must agree with the
// SDK's schema) and answers recorded shapes (../shared/spec/SUI_GRPC.md §4) encoded by them: an
// object with its BCS and digest, packages, the epoch, the service info, simulation statuses,
// execution effects, signature verification. Then the transport's edge cases: Trailers-Only
// errors, grpc-web-text answers (one Base64 string per frame), HTTP 503 and UNAVAILABLE retried,
// HTML, truncation, a missing trailer frame, a node that never answers. Over HTTP/1.1
// (node:http, transport `web`) and cleartext HTTP/2 (node:http2, transport `web-h2`). The probe
// (tests/grpc/chain_probe.c) makes one chain call per run and prints what it read.
// Prints one line per check and "N passed, N failed"; exits 1 if anything failed.

import { execFileSync } from 'node:child_process';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttp2 } from 'node:http2';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE_MODULES } from './lib/sdk.mjs';
import { check, finish } from './lib/harness.mjs';

const args = process.argv.slice(2);
const pi = args.indexOf('--probe');
if (pi < 0 || !args[pi + 1]) {
	console.error('usage: node grpc_peer.mjs --probe PATH/TO/seal-chain-probe');
	process.exit(2);
}
const PROBE = resolve(args[pi + 1]);

const PROTO = join(NODE_MODULES, '@mysten', 'sui', 'dist', 'grpc', 'proto');
const load = (rel) => import(pathToFileURL(join(PROTO, rel)).href);
const L = await load('sui/rpc/v2/ledger_service.mjs');
const M = await load('sui/rpc/v2/move_package_service.mjs');
const X = await load('sui/rpc/v2/transaction_execution_service.mjs');
const V = await load('sui/rpc/v2/signature_verification_service.mjs');
const { blake2b } = await import(pathToFileURL(join(NODE_MODULES, '@noble', 'hashes', 'blake2.js')).href);
const { toBase58 } = await import(pathToFileURL(join(NODE_MODULES, '@mysten', 'bcs', 'dist', 'index.mjs')).href);

// ---- recorded shapes ---------------------------------------------------------------------------

const uleb = (n) => {
	const out = [];
	while (n >= 0x80) {
		out.push((n & 0x7f) | 0x80);
		n >>>= 7;
	}
	out.push(n);
	return Buffer.from(out);
};
const bstr = (s) => {
	const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
	return Buffer.concat([uleb(b.length), b]);
};
const u64 = (n) => {
	const b = Buffer.alloc(8);
	b.writeBigUInt64LE(BigInt(n));
	return b;
};
const addr = (b) => '0x' + Buffer.from(b).toString('hex');
const fill = (byte) => Buffer.alloc(32, byte);
const digest = (prefix, bytes) => blake2b(Buffer.concat([Buffer.from(prefix), bytes]), { dkLen: 32 });

const CLOCK_ID = Buffer.concat([Buffer.alloc(31), Buffer.from([6])]);
const CLOCK_MS = 1785000000123n;
const PREV = fill(0x22);
const SEAL_PKG = fill(0x5e);
const CHAIN_ID = '4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S';
function clockBcs(version) {
	const tag = Buffer.concat([Buffer.alloc(31), Buffer.from([2]), bstr('clock'), bstr('Clock'), uleb(0)]);
	const contents = Buffer.concat([CLOCK_ID, u64(CLOCK_MS)]);
	return Buffer.concat([Buffer.from([0, 0]), tag, Buffer.from([0]), u64(version), bstr(contents), Buffer.from([2]), u64(1), bstr(PREV), u64(0)]);
}
// TransactionData V1: one MoveCall <5e..>::allowlist::seal_approve(Pure vector<u8>)
function txData() {
	const sender = fill(0x11);
	const ptb = Buffer.concat([uleb(1), Buffer.from([0]), bstr(Buffer.from([3, 1, 2, 3])), uleb(1), Buffer.from([0]), SEAL_PKG, bstr('allowlist'), bstr('seal_approve'), uleb(0), uleb(1), Buffer.from([1, 0, 0])]);
	const gas = Buffer.concat([uleb(0), sender, u64(1000), u64(55000000)]);
	return Buffer.concat([Buffer.from([0, 0]), ptb, sender, gas, Buffer.from([0])]);
}

const statusOf = (kind) => {
	if (kind === 'success') return { success: true };
	if (kind === 'abort')
		return {
			success: false,
			error: { description: 'MoveAbort in 1st command, abort code: 93492', command: 0n, kind: 13, errorDetails: { oneofKind: 'abort', abort: { abortCode: 93492n, location: { package: addr(SEAL_PKG), module: 'time', function: 0, instruction: 10, functionName: 'check_staleness' } } } },
		};
	if (kind === 'fnf') return { success: false, error: { description: 'FunctionNotFound in command 1', command: 1n, kind: 16 } };
	return { success: false, error: { description: 'InsufficientCoinBalance in command 2', command: 2n, kind: 8 } };
};

// ---- the node ----------------------------------------------------------------------------------

const state = { scenario: 'ok', calls: 0, requests: [], headers: [] };
const METHODS = {
	'/sui.rpc.v2.LedgerService/GetServiceInfo': [L.GetServiceInfoRequest, L.GetServiceInfoResponse, () => ({ chainId: CHAIN_ID, chain: 'mainnet', epoch: 812n, checkpointHeight: 170000000n, timestamp: { seconds: 1785000000n, nanos: 5000000 }, server: 'sdk-peer' })],
	'/sui.rpc.v2.LedgerService/GetEpoch': [L.GetEpochRequest, L.GetEpochResponse, () => ({ epoch: { epoch: 812n, referenceGasPrice: 750n } })],
	'/sui.rpc.v2.LedgerService/BatchGetObjects': [
		L.BatchGetObjectsRequest,
		L.BatchGetObjectsResponse,
		(req) => ({
			objects: req.requests.map((q) => {
				if (q.objectId !== addr(CLOCK_ID)) return { result: { oneofKind: 'error', error: { code: 5, message: `Object ${q.objectId} not found`, details: [] } } };
				const bcs = clockBcs(9);
				return { result: { oneofKind: 'object', object: { objectId: q.objectId, version: 9n, digest: toBase58(digest('Object::', bcs)), bcs: { name: 'Object', value: bcs } } } };
			}),
		}),
	],
	'/sui.rpc.v2.MovePackageService/GetPackage': [M.GetPackageRequest, M.GetPackageResponse, (req) => (state.scenario === 'missing' ? { status: 5, message: `Package ${req.packageId} not found` } : { package: { storageId: req.packageId, originalId: state.scenario === 'upgraded' ? addr(fill(0xcd)) : req.packageId, version: state.scenario === 'upgraded' ? 3n : 1n, modules: [], typeOrigins: [], linkage: [] } })],
	'/sui.rpc.v2.TransactionExecutionService/SimulateTransaction': [X.SimulateTransactionRequest, X.SimulateTransactionResponse, () => (state.scenario === 'refused' ? { status: 3, message: 'Could not find the referenced object 0x99' } : { transaction: { effects: { version: 2, status: statusOf(state.scenario) } }, commandOutputs: [] })],
	'/sui.rpc.v2.TransactionExecutionService/ExecuteTransaction': [
		X.ExecuteTransactionRequest,
		X.ExecuteTransactionResponse,
		(req) => {
			const d = toBase58(digest('TransactionData::', Buffer.from(req.transaction.bcs.value)));
			const owner = { kind: 1, address: addr(fill(0x11)) };
			return {
				transaction: {
					digest: d,
					checkpoint: 99n,
					signatures: [],
					balanceChanges: [],
					effects: {
						version: 2,
						status: statusOf('success'),
						transactionDigest: d,
						lamportVersion: 12n,
						dependencies: [],
						unchangedConsensusObjects: [],
						unchangedLoadedRuntimeObjects: [],
						changedObjects: [{ objectId: addr(fill(0xc1)), inputState: 1, outputState: 2, outputVersion: 12n, outputDigest: toBase58(fill(0x44)), outputOwner: owner, idOperation: 2, objectType: '0x2::clock::Clock' }],
					},
				},
			};
		},
	],
	'/sui.rpc.v2.SignatureVerificationService/VerifySignature': [V.VerifySignatureRequest, V.VerifySignatureResponse, () => (state.scenario === 'invalid' ? { isValid: false, reason: 'zkLogin not supported' } : { isValid: true })],
};

const frame = (flags, payload) => {
	const h = Buffer.alloc(5);
	h[0] = flags;
	h.writeUInt32BE(payload.length, 1);
	return Buffer.concat([h, payload]);
};
const trailer = (status, message) => frame(0x80, Buffer.from(`grpc-status:${status}\r\n${message ? `grpc-message:${encodeURIComponent(message)}\r\n` : ''}`));

function handler(req, res) {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => {
		state.calls++;
		state.headers.push({ ...req.headers });
		const sc = state.scenario;
		if (sc === 'hang') return; // never answers
		const body = Buffer.concat(chunks);
		const m = METHODS[req.url];
		const ctype = req.headers['content-type'];
		if (!m || !/^application\/grpc-web(\+proto)?$/.test(ctype) || body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) {
			res.writeHead(200, { 'content-type': 'application/grpc-web+proto', 'grpc-status': '3', 'grpc-message': 'bad%20request' });
			return res.end();
		}
		const decoded = m[0].fromBinary(body.subarray(5));
		state.requests.push(decoded);
		if ((sc === 'flaky' && state.calls === 1) || sc === 'down') {
			res.writeHead(200, { 'content-type': 'application/grpc-web+proto', 'grpc-status': '14', 'grpc-message': 'busy' });
			return res.end();
		}
		if (sc === 'flaky' && state.calls === 2) {
			res.writeHead(503, { 'content-type': 'text/plain' });
			return res.end('overloaded');
		}
		if (sc === 'html') {
			res.writeHead(200, { 'content-type': 'text/html' });
			return res.end('<html><body>maintenance</body></html>');
		}
		const answer = m[2](decoded);
		if (answer.status !== undefined) {
			// Trailers-Only, as Sui's nodes answer errors
			res.writeHead(200, { 'content-type': 'application/grpc-web+proto', 'grpc-status': String(answer.status), 'grpc-message': encodeURIComponent(answer.message) });
			return res.end();
		}
		const data = frame(0, Buffer.from(m[1].toBinary(m[1].create(answer))));
		let out = Buffer.concat([data, trailer(0)]);
		if (sc === 'truncated') out = out.subarray(0, data.length - 3);
		if (sc === 'no_trailer') out = data;
		if (sc === 'text') {
			res.writeHead(200, { 'content-type': 'application/grpc-web-text' });
			return res.end(data.toString('base64') + trailer(0).toString('base64'));
		}
		res.writeHead(200, { 'content-type': 'application/grpc-web+proto' });
		res.end(out);
	});
}

const listen = (server) => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server.address().port)));
const h1 = createHttp(handler);
const h2 = createHttp2(handler);
const ports = { web: await listen(h1), 'web-h2': await listen(h2) };

function probe(transport, scenario, cmd, ...rest) {
	const opts = typeof rest[rest.length - 1] === 'object' ? rest.pop() : {};
	state.scenario = scenario;
	state.calls = 0;
	state.requests = [];
	state.headers = [];
	const argv = [`http://127.0.0.1:${ports[transport]}`, transport, String(opts.timeout ?? 3000), String(opts.retries ?? 2), cmd, ...rest];
	return new Promise((ok, fail) => {
		// asynchronous: the servers of this process must keep answering meanwhile
		import('node:child_process').then(({ execFile }) =>
			execFile(PROBE, argv, { timeout: 30000, env: { ...process.env, PROBE_API_KEY_HEADER: 'x-api-key: k3y' } }, (err, stdout, stderr) => (err ? fail(new Error(`${err.message} ${stderr}`)) : ok(JSON.parse(stdout)))),
		);
	});
}

let error = null;
try {
	const tx = txData();
	const sig = Buffer.concat([Buffer.from([0]), Buffer.alloc(96, 0x33)]);
	const zk = Buffer.concat([Buffer.from([5]), Buffer.alloc(200, 1)]);
	for (const t of ['web', 'web-h2']) {
		let out = await probe(t, 'ok', 'info');
		check(`${t}: service info (chain id, short form, checkpoint, time)`, out.chain_id === CHAIN_ID && out.chain_short === '35834a8a' && out.checkpoint === 170000000 && out.timestamp_ms === 1785000000005, JSON.stringify(out));
		const hd = state.headers[0] ?? {};
		check(`${t}: request headers (grpc-web+proto, x-grpc-web, grpc-timeout, the API key)`, hd['content-type'] === 'application/grpc-web+proto' && hd['x-grpc-web'] === '1' && hd['grpc-timeout'] === '3000m' && hd['x-api-key'] === 'k3y', JSON.stringify(hd));
		out = await probe(t, 'ok', 'rgp');
		check(`${t}: reference gas price`, out.rgp === 750, JSON.stringify(out));
		check(`${t}: GetEpochRequest as the SDK decodes it: mask reference_gas_price, no epoch`, JSON.stringify(state.requests[0]?.readMask?.paths) === '["reference_gas_price"]' && state.requests[0]?.epoch === undefined, JSON.stringify(state.requests[0], (k, v) => (typeof v === 'bigint' ? String(v) : v)));
		out = await probe(t, 'ok', 'objects', addr(CLOCK_ID), '0x99');
		const o = out.objects ?? [];
		check(`${t}: objects: the Clock from its BCS, an unknown id not found`, o.length === 2 && o[0].found && o[0].version === 9 && o[0].type === '0x2::clock::Clock' && o[0].contents === Buffer.concat([CLOCK_ID, u64(CLOCK_MS)]).toString('hex') && !o[1].found, JSON.stringify(out));
		const bq = state.requests[0];
		check(`${t}: BatchGetObjectsRequest as the SDK decodes it`, bq?.requests?.map((q) => q.objectId).join() === [addr(CLOCK_ID), '0x' + '00'.repeat(31) + '99'].join() && bq.readMask.paths.join() === 'object_id,version,digest,bcs', JSON.stringify(bq));
		const pkg = addr(fill(0xab));
		out = await probe(t, 'upgraded', 'package', pkg);
		check(`${t}: package, upgraded: its original id`, out.found && out.version === 3 && out.original === addr(fill(0xcd)), JSON.stringify(out));
		check(`${t}: GetPackageRequest as the SDK decodes it`, state.requests[0]?.packageId === pkg, JSON.stringify(state.requests[0]));
		out = await probe(t, 'missing', 'package', pkg);
		check(`${t}: package NOT_FOUND (Trailers-Only): not found`, out.found === false, JSON.stringify(out));
		out = await probe(t, 'abort', 'dryrun', tx.toString('hex'));
		check(`${t}: dry run: the staleness abort`, out.verdict === 'abort' && out.code === 93492 && out.module === 'time' && out.function === 'check_staleness' && out.package === addr(SEAL_PKG), JSON.stringify(out));
		const sq = state.requests[0];
		check(`${t}: SimulateTransactionRequest as the SDK decodes it`, sq?.transaction?.bcs?.name === 'TransactionData' && Buffer.from(sq.transaction.bcs.value).equals(tx) && sq.readMask.paths.join() === 'transaction.effects.status' && sq.checks === undefined && sq.doGasSelection === undefined, JSON.stringify(sq, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
		for (const [sc, want] of [['success', 'success'], ['fnf', 'function_not_found'], ['other', 'execution_error'], ['refused', 'invalid_input']]) {
			out = await probe(t, sc, 'dryrun', tx.toString('hex'));
			check(`${t}: dry run ${sc}: ${want}`, out.verdict === want, JSON.stringify(out));
		}
		out = await probe(t, 'ok', 'execute', tx.toString('hex'), sig.toString('hex'));
		check(`${t}: execute: effects`, out.executed && out.status === 'success' && out.lamport === 12 && out.created?.[0]?.id === addr(fill(0xc1)), JSON.stringify(out));
		const eq = state.requests[0];
		check(`${t}: ExecuteTransactionRequest as the SDK decodes it`, Buffer.from(eq.transaction.bcs.value).equals(tx) && eq.signatures.length === 1 && Buffer.from(eq.signatures[0].bcs.value).equals(sig), '');
		out = await probe(t, 'ok', 'verify', 'hello', zk.toString('hex'), addr(fill(0x77)));
		const vq = state.requests[0];
		check(`${t}: VerifySignature valid; the request as the SDK decodes it`, out.valid === true && vq.message.name === 'PersonalMessage' && Buffer.from(vq.message.value).equals(Buffer.from([5, ...Buffer.from('hello')])) && Buffer.from(vq.signature.bcs.value).equals(zk) && vq.address === addr(fill(0x77)) && vq.jwks.length === 0, JSON.stringify(out));
		out = await probe(t, 'invalid', 'verify', 'hello', zk.toString('hex'), addr(fill(0x77)));
		check(`${t}: VerifySignature not valid, with the reason`, out.valid === false && out.reason === 'zkLogin not supported', JSON.stringify(out));
		// the transport's edge cases
		out = await probe(t, 'text', 'rgp');
		check(`${t}: a grpc-web-text answer (Base64 per frame)`, out.rgp === 750, JSON.stringify(out));
		out = await probe(t, 'flaky', 'rgp');
		check(`${t}: UNAVAILABLE, then HTTP 503, retried: the third attempt answers`, out.rgp === 750 && state.calls === 3, JSON.stringify(out));
		out = await probe(t, 'down', 'rgp');
		check(`${t}: UNAVAILABLE beyond the retries: an I/O error after 3 attempts`, out.code === 10 && state.calls === 3, JSON.stringify(out));
		for (const sc of ['html', 'truncated', 'no_trailer']) {
			out = await probe(t, sc, 'rgp');
			check(`${t}: ${sc}: an I/O error, not retried`, out.code === 10 && state.calls === 1, JSON.stringify(out));
		}
		out = await probe(t, 'hang', 'rgp', { timeout: 500, retries: 0 });
		check(`${t}: a node that never answers: an I/O error within the timeout`, out.code === 10 && out.ms < 2500, JSON.stringify(out));
	}
} catch (e) {
	error = e;
}
h1.closeAllConnections?.();
h1.close();
h2.close();
if (error) check(`no exception: ${error.message}`, false);
finish();
