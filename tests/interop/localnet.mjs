#!/usr/bin/env node
// The official SDKs (@mysten/sui 2.33.1 SuiJsonRpcClient, @mysten/seal 1.4.12 SealClient) against
// `seal localnet serve`, with no mocks on the path:
//
//   node localnet.mjs --seal PATH/TO/seal
//
// 1. A fresh ledger (seal localnet init), two key servers registered on it with the CLI (keys from
//    seal keygen), an allowlist with one member.
// 2. `seal localnet serve --listen 127.0.0.1:0`; SuiJsonRpcClient reads objects (BCS, JSON
//    content, owners, packages, a dynamic field) and they match what the ledger registered.
// 3. SealClient (serverConfigs = the registered key-server object ids, verifyKeyServers false)
//    discovers the servers' names, URLs and public keys from the ledger as on Sui, and
//    SealClient.encrypt works against them: the object names the ledger's servers and decrypts
//    with user keys the CLI extracts from the master keys.
// 4. A Transaction built by the SDK (tx.moveCall allowlist::seal_approve with tx.object(id)) builds
//    with onlyTransactionKind against the server (object and signature resolution); devInspect and
//    simulateTransaction (dry run) grant the member and refuse a stranger with the MoveAbort the
//    SDK parses.
// 5. The SDK signs and executes a transaction (allowlist::add, no gas payment) through
//    sui_executeTransactionBlock; getTransactionBlock and devInspect see it.
// 6. SIGTERM stops the server with exit status 0.
//
// Prints one line per check and "N passed, N failed"; exits 1 if anything failed.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSdk, hex } from './lib/sdk.mjs';
import { check, cli, counts, finish, sealPath, startServer as start } from './lib/harness.mjs';
import { approveBuilder, approveKind, makeLedger, sealRoundTrip } from './lib/localnet-world.mjs';

const SEAL = sealPath('localnet.mjs');
const { seal, sealJson } = cli(SEAL);
const startServer = (dir) => start(SEAL, dir);

const dir = mkdtempSync(join(tmpdir(), 'seal-localnet-'));
let server = null;
try {
	const sdk = await loadSdk();
	const { SuiJsonRpcClient } = await import('@mysten/sui/jsonRpc');
	const { Transaction } = await import('@mysten/sui/transactions');
	const { fromBase64 } = await import('@mysten/sui/utils');

	// ---- 1. ledger set up through the CLI ----------------------------------------------------
	const world = makeLedger(sdk, sealJson, dir);
	const { owner, member, stranger, servers, al, examples, id } = world;

	// ---- 2. reads ----------------------------------------------------------------------------
	server = await startServer(dir);
	console.log(`# ${server.url}`);
	const client = new SuiJsonRpcClient({ url: server.url, network: 'localnet' });

	const obj = await client.getObject({ id: al.allowlist, options: { showType: true, showOwner: true, showContent: true, showBcs: true } });
	check('getObject: allowlist type', obj.data?.type === '0x5ea3::allowlist::Allowlist', obj.data?.type);
	check('getObject: shared owner', Number(obj.data?.owner?.Shared?.initial_shared_version) >= 1, JSON.stringify(obj.data?.owner));
	check('getObject: JSON content lists the member', obj.data?.content?.fields?.list?.includes(member.address), JSON.stringify(obj.data?.content));
	check('getObject: JSON content name', obj.data?.content?.fields?.name === 'team');
	{
		const raw = fromBase64(obj.data.bcs.bcsBytes);
		check('getObject: BCS starts with the object id', hex(raw.slice(0, 32)) === al.allowlist.replace(/^0x/, ''));
	}
	const core = await client.core.getObject({ objectId: al.cap, include: { content: true, previousTransaction: true } });
	check('core.getObject: cap owned by the creator', core.object.owner.$kind === 'AddressOwner' && core.object.owner.AddressOwner === owner.address, JSON.stringify(core.object.owner));
	check('core.getObject: cap content names the allowlist', hex(core.object.content.slice(32, 64)) === al.allowlist.replace(/^0x/, ''));
	const pkg = await client.core.getObject({ objectId: examples });
	check('core.getObject: package at version 1', String(pkg.object.version) === '1' && pkg.object.type === 'package', `${pkg.object.version} ${pkg.object.type}`);
	try {
		await client.core.getObject({ objectId: '0x' + 'ab'.repeat(32) });
		check('core.getObject: missing object is an error', false);
	} catch (e) {
		check('core.getObject: missing object is an ObjectError', /does not exist/.test(e.message), e.message);
	}
	const df = await client.core.getDynamicField({ parentId: servers[0].objectId, name: { type: 'u64', bcs: sdk.bcs.u64().serialize(2).toBytes() } });
	{
		const v2 = sdk.KeyServerMoveV2.parse(df.dynamicField.value.bcs);
		check('core.getDynamicField: KeyServerV2 name and pk', v2.name === 'ks-alpha' && hex(v2.pk) === servers[0].pk.replace(/^0x/, ''), v2.name);
	}
	const dfo = await client.getDynamicFieldObject({ parentId: servers[1].objectId, name: { type: 'u64', value: '2' } });
	check('getDynamicFieldObject: KeyServerV2 url in JSON content', dfo.data?.content?.fields?.value?.fields?.server_type?.fields?.url === servers[1].url, JSON.stringify(dfo.data?.content?.fields?.value));
	check('getReferenceGasPrice', (await client.getReferenceGasPrice()) === 1000n);
	{
		// as on Sui: the chain identifier is the first 4 bytes of checkpoint 0's digest
		const cp0 = (await client.core.getChainIdentifier()).chainIdentifier;
		const short = await client.getChainIdentifier();
		check('getChainIdentifier: first bytes of checkpoint 0', short === hex(sdk.bcs.ObjectDigest.serialize(cp0).toBytes().slice(1, 5)), `${short} ${cp0}`);
	}
	{
		const latest = Number(await client.getLatestCheckpointSequenceNumber());
		const cp = await client.getCheckpoint({ id: String(latest) });
		check('getLatestCheckpointSequenceNumber: one checkpoint per transaction', latest >= 4 && cp.sequenceNumber === String(latest), `${latest}`);
	}

	// ---- 3. SealClient discovery and encryption ----------------------------------------------
	const eo = await sealRoundTrip(sdk, seal, client, world, '', new TextEncoder().encode('localnet interop: encrypted by the SDK, keys from the ledger'));
	check('SealClient.encrypt: services are the ledger key servers', eo.services.length === 2 && eo.services.every(([o]) => servers.some((s) => sdk.normalizeId(o) === s.objectId)));
	check('SealClient.encrypt: package and id', sdk.normalizeId(eo.packageId) === examples && eo.id === id);

	// ---- 4. transactions built by the SDK against the server ---------------------------------
	const buildApprove = approveBuilder(Transaction, world);
	const kindBytes = await approveKind(sdk, client, buildApprove, world);
	const okInspect = await client.devInspectTransactionBlock({ sender: member.address, transactionBlock: kindBytes });
	check('devInspect: member granted', okInspect.effects.status.status === 'success', JSON.stringify(okInspect.effects.status));
	const noInspect = await client.devInspectTransactionBlock({ sender: stranger.address, transactionBlock: kindBytes });
	check('devInspect: stranger refused with MoveAbort', noInspect.effects.status.status === 'failure' && /^MoveAbort\(MoveLocation \{ module: ModuleId \{ address: 0+5ea3, name: Identifier\("allowlist"\) \}/.test(noInspect.effects.status.error), noInspect.effects.status.error);
	for (const [who, acct, want] of [['member', member, true], ['stranger', stranger, false]]) {
		const tx = buildApprove();
		tx.setSender(acct.address);
		const sim = await client.core.simulateTransaction({ transaction: tx });
		if (want) check(`simulateTransaction (dry run): ${who} granted`, sim.$kind === 'Transaction', JSON.stringify(sim.FailedTransaction?.status));
		else {
			const err = sim.FailedTransaction?.status?.error;
			check(`simulateTransaction (dry run): ${who} refused, abort parsed by the SDK`, sim.$kind === 'FailedTransaction' && err?.$kind === 'MoveAbort' && err.MoveAbort.abortCode === '1' && err.MoveAbort.location?.module === 'allowlist' && err.MoveAbort.location?.functionName === 'seal_approve', JSON.stringify(err));
		}
	}

	// ---- 5. a transaction signed and executed by the SDK -------------------------------------
	{
		const { Ed25519Keypair } = await import('@mysten/sui/keypairs/ed25519');
		const signer = Ed25519Keypair.fromSecretKey(owner.private_key);
		const member2 = sealJson('localnet', 'account', 'new');
		const tx = new Transaction();
		tx.moveCall({ target: `${examples}::allowlist::add`, arguments: [tx.object(al.allowlist), tx.object(al.cap), tx.pure.address(member2.address)] });
		tx.setSender(owner.address);
		// no coins on the ledger: no gas payment, an explicit price and budget
		tx.setGasPrice(1000);
		tx.setGasBudget(10_000_000);
		tx.setGasPayment([]);
		const res = await client.signAndExecuteTransaction({ transaction: tx, signer, options: { showEffects: true, showObjectChanges: true } });
		check('signAndExecuteTransaction: allowlist::add executed', res.effects?.status?.status === 'success', JSON.stringify(res.effects?.status));
		check('signAndExecuteTransaction: the allowlist is mutated', (res.objectChanges ?? []).some((c) => c.type === 'mutated' && c.objectId === al.allowlist));
		const got = await client.getTransactionBlock({ digest: res.digest, options: { showEffects: true } });
		check('getTransactionBlock: the executed transaction', got.digest === res.digest && got.effects?.status?.status === 'success');
		const inspect = await client.devInspectTransactionBlock({ sender: member2.address, transactionBlock: kindBytes });
		check('devInspect: the new member is granted', inspect.effects.status.status === 'success', JSON.stringify(inspect.effects.status));
		const cli = sealJson('localnet', 'object', al.allowlist, '--chain', `jsonrpc+${server.url}`);
		const contents = hex(fromBase64(cli.bcs?.bcsBytes ?? ''));
		check('seal localnet object --chain (RPC backend) sees the SDK transaction', contents.includes(member2.address.replace(/^0x/, '')) && cli.version === got.effects?.mutated?.find((m) => m.reference.objectId === al.allowlist)?.reference.version.toString(), JSON.stringify(cli).slice(0, 200));
	}

	// ---- 6. graceful stop --------------------------------------------------------------------
	const code = await new Promise((r) => {
		server.child.removeAllListeners('exit');
		server.child.on('exit', (c) => r(c));
		server.child.kill('SIGTERM');
	});
	server = null;
	check('SIGTERM: exit status 0', code === 0, String(code));
} catch (e) {
	counts.failed++;
	console.log(`FAIL ${e?.constructor?.name ?? 'Error'}: ${e?.stack ?? e}`);
} finally {
	if (server) server.child.kill('SIGKILL');
	rmSync(dir, { recursive: true, force: true });
}
finish();
