#!/usr/bin/env node
// The official SDK's gRPC client (@mysten/sui 2.33.1 SuiGrpcClient, unmodified, gRPC-web over
// fetch) against `seal localnet serve`, with no mocks on the path:
//
//   node grpc.mjs --seal PATH/TO/seal
//
// 1. A fresh ledger (seal localnet init), two key servers registered with the CLI, an allowlist
//    with one member.
// 2. For both transports of SuiGrpcClient (the default gRPC-web text format and binary): reads of
//    objects (BCS, contents, owners, a package, a missing object), a dynamic field (the key
//    server's KeyServerV2), listDynamicFields, the chain identifier (Base58 of checkpoint 0's
//    digest, whose first 4 bytes are the JSON-RPC identifier), the reference gas price.
// 3. SealClient with a SuiGrpcClient discovers the key servers and encrypts to them.
// 4. A Transaction with tx.object(id) builds with onlyTransactionKind (resolution through
//    SimulateTransaction: the allowlist becomes an immutable shared input); simulateTransaction
//    grants the member and refuses a stranger with the MoveAbort the SDK parses.
// 5. signAndExecuteTransaction of allowlist::add with only a sender set (the node resolves the
//    objects, selects gas and fills price and budget), then getTransaction, and a dry run that now
//    grants the new member; a wrong signature is refused with INVALID_ARGUMENT.
//
// Prints one line per check and "N passed, N failed"; exits 1 if anything failed.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSdk, hex } from './lib/sdk.mjs';
import { check, cli, counts, finish, sealPath, startServer as start } from './lib/harness.mjs';
import { approveBuilder, approveKind, makeLedger, sealRoundTrip } from './lib/localnet-world.mjs';

const SEAL = sealPath('grpc.mjs');
const { seal, sealJson } = cli(SEAL);
const startServer = (dir) => start(SEAL, dir, ['--log'], true);

async function expectError(label, promise, re) {
	try {
		await promise;
		check(label, false, 'no error');
	} catch (e) {
		check(label, re.test(String(e?.message ?? e)), String(e?.message ?? e));
	}
}

const dir = mkdtempSync(join(tmpdir(), 'seal-grpc-'));
let server = null;
try {
	const sdk = await loadSdk();
	const { SuiGrpcClient } = await import('@mysten/sui/grpc');
	const { Transaction } = await import('@mysten/sui/transactions');
	const { Ed25519Keypair } = await import('@mysten/sui/keypairs/ed25519');
	const { fromBase58 } = await import('@mysten/sui/utils');

	// ---- 1. ledger set up through the CLI ----------------------------------------------------
	const world = makeLedger(sdk, sealJson, dir);
	const { owner, member, stranger, servers, al, alId, examples, id } = world;

	server = await startServer(dir);
	console.log(`# ${server.url}`);

	// ---- 2. reads, over both transports ------------------------------------------------------
	for (const format of ['text', 'binary']) {
		const client = new SuiGrpcClient({ network: 'localnet', baseUrl: server.url, ...(format === 'binary' ? { format: 'binary' } : {}) });
		const t = `[${format}]`;
		const { object } = await client.core.getObject({ objectId: al.allowlist, include: { content: true, previousTransaction: true, objectBcs: true } });
		check(`${t} getObject: allowlist type`, object.type === `${examples}::allowlist::Allowlist`, object.type);
		check(`${t} getObject: shared owner`, object.owner.$kind === 'Shared' && Number(object.owner.Shared.initialSharedVersion) >= 1, JSON.stringify(object.owner));
		check(`${t} getObject: contents start with the id`, hex(object.content.slice(0, 32)) === alId.slice(2), hex(object.content.slice(0, 32)));
		check(`${t} getObject: contents list the member`, hex(object.content).includes(member.address.replace(/^0x/, '')));
		check(`${t} getObject: previous transaction`, typeof object.previousTransaction === 'string' && object.previousTransaction.length >= 32, object.previousTransaction);
		check(`${t} getObject: object BCS decodes`, sdk.bcs.Object.parse(object.objectBcs).owner.$kind === 'Shared');
		const cap = (await client.core.getObject({ objectId: al.cap })).object;
		check(`${t} getObject: cap owned by the creator`, cap.owner.$kind === 'AddressOwner' && cap.owner.AddressOwner === owner.address, JSON.stringify(cap.owner));
		const pkg = (await client.core.getObject({ objectId: examples })).object;
		check(`${t} getObject: package at version 1`, String(pkg.version) === '1' && pkg.type === 'package', `${pkg.version} ${pkg.type}`);
		await expectError(`${t} getObject: missing object is an error`, client.core.getObject({ objectId: '0x' + 'ab'.repeat(32) }), /does not exist|not found/i);
		const objs = await client.core.getObjects({ objectIds: [al.allowlist, '0x' + 'cd'.repeat(32), al.cap] });
		check(`${t} getObjects: order kept, missing one an error`, objs.objects.length === 3 && !(objs.objects[0] instanceof Error) && objs.objects[1] instanceof Error && objs.objects[2].objectId === sdk.normalizeId(al.cap));
		const df = await client.core.getDynamicField({ parentId: servers[0].objectId, name: { type: 'u64', bcs: sdk.bcs.u64().serialize(2).toBytes() } });
		const v2 = sdk.KeyServerMoveV2.parse(df.dynamicField.value.bcs);
		check(`${t} getDynamicField: KeyServerV2 name, url and pk`, v2.name === 'ks-alpha' && v2.serverType?.Independent?.url === servers[0].url && hex(v2.pk) === servers[0].pk.replace(/^0x/, ''), JSON.stringify(v2.serverType));
		const list = await client.listDynamicFields({ parentId: servers[1].objectId, include: { value: true } });
		check(`${t} listDynamicFields: the KeyServerV2 field`, list.dynamicFields.length === 1 && list.dynamicFields[0].name.type === 'u64' && sdk.KeyServerMoveV2.parse(list.dynamicFields[0].value.bcs).name === 'ks-beta' && !list.hasNextPage, JSON.stringify(list.dynamicFields.map((f) => f.name.type)));
		const { chainIdentifier } = await client.core.getChainIdentifier();
		const digest = fromBase58(chainIdentifier);
		check(`${t} getChainIdentifier: Base58 of the 32-byte checkpoint-0 digest`, digest.length === 32, chainIdentifier);
		{
			const r = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'sui_getChainIdentifier', params: [] }) });
			const short = (await r.json()).result;
			check(`${t} getChainIdentifier: its first 4 bytes are the JSON-RPC identifier`, short === hex(digest.slice(0, 4)), `${short} ${chainIdentifier}`);
		}
		const rgp = await client.core.getReferenceGasPrice();
		check(`${t} getReferenceGasPrice`, String(rgp.referenceGasPrice) === '1000', JSON.stringify(rgp));
	}
	const client = new SuiGrpcClient({ network: 'localnet', baseUrl: server.url });

	// ---- 3. SealClient discovery and encryption ----------------------------------------------
	await sealRoundTrip(sdk, seal, client, world, ' (gRPC)', new TextEncoder().encode('gRPC interop: encrypted by the SDK, key servers from the ledger over gRPC'));

	// ---- 4. resolution and simulation --------------------------------------------------------
	const buildApprove = approveBuilder(Transaction, world);
	const kindBytes = await approveKind(sdk, client, buildApprove, world);
	for (const [who, acct, want] of [['member', member, true], ['stranger', stranger, false]]) {
		// complete transaction bytes (resolved kind, gas set): simulated as given
		const tx = Transaction.fromKind(kindBytes);
		tx.setSender(acct.address);
		tx.setGasPayment([]);
		tx.setGasPrice(1000);
		tx.setGasBudget(50_000_000);
		tx.setExpiration({ None: true });
		const sim = await client.core.simulateTransaction({ transaction: await tx.build(), include: { effects: true } });
		if (want) check(`simulateTransaction: ${who} granted`, sim.$kind === 'Transaction', JSON.stringify(sim.FailedTransaction?.status));
		else {
			const err = sim.FailedTransaction?.status?.error;
			check(`simulateTransaction: ${who} refused, MoveAbort parsed by the SDK`, sim.$kind === 'FailedTransaction' && err?.$kind === 'MoveAbort' && String(err.MoveAbort.abortCode) === '1' && err.MoveAbort.location?.module === 'allowlist' && err.MoveAbort.location?.functionName === 'seal_approve', JSON.stringify(err));
		}
	}

	{
		// a full build of the stranger's call resolves through a checked simulation, which fails
		const tx = buildApprove();
		tx.setSender(stranger.address);
		await expectError('build: the stranger\'s seal_approve fails in resolution (SimulationError)', tx.build({ client }), /MoveAbort.*abort code: 1.*allowlist::seal_approve/);
	}

	// ---- 5. sign and execute through the node's resolution and gas selection -----------------
	{
		const signer = Ed25519Keypair.fromSecretKey(owner.private_key);
		const member2 = sealJson('localnet', 'account', 'new');
		const tx = new Transaction();
		tx.moveCall({ target: `${examples}::allowlist::add`, arguments: [tx.object(al.allowlist), tx.object(al.cap), tx.pure.address(member2.address)] });
		tx.setSender(owner.address);
		const res = await client.signAndExecuteTransaction({ transaction: tx, signer, include: { effects: true, transaction: true } });
		const ok = res.$kind === 'Transaction' ? res.Transaction : null;
		check('signAndExecuteTransaction: allowlist::add executed', ok !== null, JSON.stringify(res.FailedTransaction?.status));
		check('signAndExecuteTransaction: the allowlist is in changed_objects', ok?.effects?.changedObjects?.some((c) => c.objectId === alId), JSON.stringify(ok?.effects?.changedObjects?.map((c) => c.objectId)));
		check('signAndExecuteTransaction: the node filled price and budget', ok?.transaction?.gasData?.price === '1000' && BigInt(ok?.transaction?.gasData?.budget ?? 0) > 0n, JSON.stringify(ok?.transaction?.gasData));
		const got = await client.core.getTransaction({ digest: ok.digest, include: { effects: true, transaction: true } });
		check('getTransaction: the executed transaction', got.Transaction?.digest === ok.digest && got.Transaction?.transaction?.sender === owner.address && got.Transaction.checkpoint !== null, JSON.stringify(got).slice(0, 300));
		const tx2 = buildApprove();
		tx2.setSender(member2.address);
		const sim = await client.core.simulateTransaction({ transaction: tx2 });
		check('simulateTransaction: the new member is granted', sim.$kind === 'Transaction', JSON.stringify(sim.FailedTransaction?.status));
		// a transaction signed by someone else
		const tx3 = new Transaction();
		tx3.moveCall({ target: `${examples}::allowlist::add`, arguments: [tx3.object(al.allowlist), tx3.object(al.cap), tx3.pure.address(stranger.address)] });
		tx3.setSender(owner.address);
		const bytes = await tx3.build({ client });
		const { signature } = await Ed25519Keypair.generate().signTransaction(bytes);
		await expectError('executeTransaction: wrong signer refused (INVALID_ARGUMENT)', client.core.executeTransaction({ transaction: bytes, signatures: [signature] }), /Invalid user signature/);
	}
	{
		// the server's own count: the SDK spoke gRPC-web only (the two JSON-RPC requests are this
		// script's chain identifier comparisons)
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		const count = (p) => Number(metrics.match(new RegExp(`protocol="${p}"\\} (\\d+)`))?.[1]);
		check('metrics: gRPC-web calls counted, JSON-RPC only the 2 made here', count('grpc_web') >= 30 && count('jsonrpc') === 2 && count('grpc') === 0, metrics);
	}
	check('no HTTP error answered to the SDK', !server.log.join('').split('\n').some((l) => l && !/"status":200/.test(l)));
} catch (e) {
	counts.failed++;
	console.log(`FAIL ${e?.constructor?.name ?? 'Error'}: ${e?.stack ?? e}`);
} finally {
	if (server) server.child.kill('SIGTERM');
	rmSync(dir, { recursive: true, force: true });
}
finish();
