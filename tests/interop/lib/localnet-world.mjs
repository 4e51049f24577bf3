// What localnet.mjs and grpc.mjs both do with the official SDK against `seal localnet serve`:
// the ledger they start from (made with the seal CLI), SealClient's discovery of the registered
// key servers and an encryption that decrypts with the keys of their master keys, and the
// allowlist's seal_approve transaction, resolved with onlyTransactionKind.

import { check } from './harness.mjs';
import { hex, unhex } from './sdk.mjs';

// A fresh ledger in dir (seal localnet init), three accounts (owner, member, stranger), two key
// servers ks-alpha and ks-beta registered with keys from seal keygen, an allowlist "team" with
// the member on it. `id` is the inner id the scripts encrypt to: the allowlist's id || c0ffee.
export function makeLedger(sdk, sealJson, dir) {
	const init = sealJson('localnet', 'init', '--data', dir);
	const owner = sealJson('localnet', 'account', 'new', '--scheme', 'ed25519');
	const member = sealJson('localnet', 'account', 'new');
	const stranger = sealJson('localnet', 'account', 'new');
	const servers = [];
	for (const name of ['ks-alpha', 'ks-beta']) {
		const k = sealJson('keygen', '--json');
		const url = `http://127.0.0.1:${20000 + servers.length}`;
		const reg = sealJson('localnet', 'keyserver', 'register', '--data', dir, '--key', owner.private_key, '--name', name, '--url', url, '--public-key', k.public_key);
		servers.push({ name, url, msk: k.master_key, pk: k.public_key, objectId: sdk.normalizeId(reg.key_server) });
	}
	const al = sealJson('localnet', 'allowlist', 'create', '--data', dir, '--key', owner.private_key, '--name', 'team');
	sealJson('localnet', 'allowlist', 'add', '--data', dir, '--key', owner.private_key, '--allowlist', al.allowlist, '--cap', al.cap, '--member', member.address);
	const alId = sdk.normalizeId(al.allowlist);
	return { init, owner, member, stranger, servers, al, alId, examples: sdk.normalizeId(init.examples_package), id: alId.slice(2) + 'c0ffee' };
}

// SealClient over suiClient (key servers: the ledger's, by object id) discovers each server's
// name, URL and public key, and encrypts data 2-of-2 to them; the object decrypts with the user
// keys `seal extract` derives from the master keys. tag ends the check labels' subject (e.g.
// " (gRPC)"). Returns the parsed encrypted object.
export async function sealRoundTrip(sdk, seal, suiClient, world, tag, data) {
	const { servers, examples, id } = world;
	const sealClient = new sdk.SealClient({ suiClient, serverConfigs: servers.map((s) => ({ objectId: s.objectId, weight: 1 })), verifyKeyServers: false });
	const ks = await sealClient.getKeyServers();
	for (const s of servers) {
		const got = ks.get(s.objectId);
		check(`SealClient${tag} discovers ${s.name}`, got && got.name === s.name && got.url === s.url && hex(got.pk) === s.pk.replace(/^0x/, ''), got ? `${got.name} ${got.url}` : 'missing');
	}
	const { encryptedObject } = await sealClient.encrypt({ threshold: 2, packageId: examples, id, data });
	const eo = sdk.EncryptedObject.parse(encryptedObject);
	const fullId = sdk.createFullId(eo.packageId, eo.id);
	const keys = new Map();
	for (const s of servers) {
		const usk = seal('extract', '--master-key', s.msk, '--package-id', examples, '--id', id).trim();
		keys.set(`${fullId}:${s.objectId}`, sdk.G1Element.fromBytes(unhex(usk)));
	}
	const pt = await sdk.decrypt({ encryptedObject: eo, keys });
	check(`SealClient.encrypt${tag}: decrypts with keys of the registered master keys`, Buffer.from(pt).equals(Buffer.from(data)));
	return eo;
}

// A function making a fresh Transaction that calls allowlist::seal_approve(id, allowlist).
export function approveBuilder(Transaction, world) {
	return () => {
		const tx = new Transaction();
		tx.moveCall({ target: `${world.examples}::allowlist::seal_approve`, arguments: [tx.pure.vector('u8', unhex(world.id)), tx.object(world.al.allowlist)] });
		return tx;
	};
}

// The approve call built with onlyTransactionKind through client: tx.object(allowlist) resolves
// to an immutable shared input. Returns the kind's bytes.
export async function approveKind(sdk, client, buildApprove, world) {
	const kindBytes = await buildApprove().build({ client, onlyTransactionKind: true });
	const kind = sdk.bcs.TransactionKind.parse(kindBytes);
	const input = kind.ProgrammableTransaction.inputs[1];
	check('build(onlyTransactionKind): tx.object resolved to an immutable shared input', input.Object?.SharedObject && sdk.normalizeId(input.Object.SharedObject.objectId) === world.alId && input.Object.SharedObject.mutable === false && Number(input.Object.SharedObject.initialSharedVersion) >= 1, JSON.stringify(input));
	return kindBytes;
}
