// Offline stand-ins for what the public SealClient talks to, so that its whole decryption path
// (session key, certificate, signed fetch_key request, ElGamal transport of the user keys, key
// verification, weights and threshold checks) runs without a network:
//   * a Sui client with the two calls the SDK makes (core.getObject, core.getDynamicField),
//     answering from in-memory BCS of KeyServer objects and their KeyServerV2 dynamic fields;
//   * key servers as a `fetch` function answering POST /v1/fetch_key with user secret keys that
//     the seal CLI extracted, ElGamal-encrypted to the requester's key as a real server does.

import { webcrypto } from 'node:crypto';
import { hex, unhex } from './sdk.mjs';

/** servers: [{ objectId, pk: Uint8Array(96), url }], packages: [packageId] */
export function mockSuiClient(sdk, { servers, packages }) {
	const byId = new Map(servers.map((s) => [sdk.normalizeId(s.objectId), s]));
	const pkgs = new Set(packages.map((p) => sdk.normalizeId(p)));
	const calls = [];
	const core = {
		async getObject({ objectId }) {
			const id = sdk.normalizeId(objectId);
			calls.push(['getObject', id]);
			if (pkgs.has(id)) return { object: { objectId: id, version: '1' } };
			const s = byId.get(id);
			if (!s) throw new Error(`mock chain: no object ${id}`);
			const content = sdk.KeyServerMove.serialize({ id, firstVersion: 2, lastVersion: 2 }).toBytes();
			return { object: { objectId: id, version: '5', content } };
		},
		async getDynamicField({ parentId, name }) {
			const id = sdk.normalizeId(parentId);
			calls.push(['getDynamicField', id]);
			const s = byId.get(id);
			const version = Number(sdk.bcs.u64().parse(name.bcs));
			if (!s || name.type !== 'u64' || version !== 2) throw new Error(`mock chain: no dynamic field ${version} of ${id}`);
			const bcs = sdk.KeyServerMoveV2.serialize({
				name: `mock-${id.slice(2, 10)}`,
				keyType: 0,
				pk: s.pk,
				serverType: { Independent: { url: s.url } },
			}).toBytes();
			return { dynamicField: { value: { bcs } } };
		},
	};
	return { client: { core }, calls };
}

/** servers: [{ objectId, url, userKeys: Map<fullIdHex, Uint8Array(48)> }] */
export function mockKeyServerFetch(sdk, { servers }) {
	const byUrl = new Map(servers.map((s) => [s.url, s]));
	const requests = [];
	const reply = (status, body) =>
		new Response(JSON.stringify(body), {
			status,
			headers: { 'Content-Type': 'application/json', 'X-KeyServer-Version': '0.6.10' },
		});
	async function fetchImpl(input, init = {}) {
		const url = new URL(typeof input === 'string' ? input : input.url);
		const base = url.origin;
		const s = byUrl.get(base);
		requests.push({ url: url.href, method: init.method });
		if (!s || url.pathname !== '/v1/fetch_key' || init.method !== 'POST') return reply(404, { error: 'NotFound', message: url.href });
		const headers = init.headers ?? {};
		if (headers['Client-Sdk-Type'] !== 'typescript' || !headers['Client-Sdk-Version']) {
			return reply(400, { error: 'InvalidSDKVersion', message: 'missing SDK headers' });
		}
		const body = JSON.parse(init.body);
		const ptb = sdk.bcs.ProgrammableTransaction.parse(Buffer.from(body.ptb, 'base64'));
		const encKey = sdk.G1Element.fromBytes(Buffer.from(body.enc_key, 'base64'));
		const decryption_keys = [];
		for (const cmd of ptb.commands) {
			const call = cmd.MoveCall;
			if (!call || !call.function.startsWith('seal_approve')) return reply(400, { error: 'InvalidPTB', message: 'not seal_approve' });
			const input = ptb.inputs[call.arguments[0].Input];
			const id = sdk.bcs.vector(sdk.bcs.u8()).parse(Buffer.from(input.Pure.bytes, 'base64'));
			const fullId = hex(unhex(sdk.normalizeId(call.package))) + hex(Uint8Array.from(id));
			const usk = s.userKeys.get(fullId);
			if (!usk) return reply(403, { error: 'NoAccess', message: `no key for ${fullId}` });
			// ElGamal in G1: (r*G, r*encKey + usk)
			const r = sdk.Scalar.fromBytes(randomScalarBytes(sdk));
			const c0 = sdk.G1Element.generator().multiply(r);
			const c1 = encKey.multiply(r).add(sdk.G1Element.fromBytes(usk));
			decryption_keys.push({
				id: Array.from(unhex(fullId)),
				encrypted_key: [Buffer.from(c0.toBytes()).toString('base64'), Buffer.from(c1.toBytes()).toString('base64')],
			});
		}
		return reply(200, { decryption_keys });
	}
	return { fetch: fetchImpl, requests };
}

function randomScalarBytes(sdk) {
	for (;;) {
		const b = webcrypto.getRandomValues(new Uint8Array(32));
		b[0] &= 0x3f;
		try {
			sdk.Scalar.fromBytes(b);
			return b;
		} catch {
			/* >= r: draw again */
		}
	}
}

/** BCS TransactionKind with one `pkg::policy::seal_approve(id)` call (what SealClient calls txBytes). */
export function sealApproveTx(sdk, packageId, idBytes) {
	const b = sdk.bcs;
	return b.TransactionKind.serialize({
		ProgrammableTransaction: {
			inputs: [{ Pure: { bytes: b.vector(b.u8()).serialize(idBytes).toBytes() } }],
			commands: [{ MoveCall: { package: packageId, module: 'policy', function: 'seal_approve', typeArguments: [], arguments: [{ Input: 0 }] } }],
		},
	}).toBytes();
}

/**
 * Decrypts objBytes through the public SealClient API. servers: the key servers the client is
 * configured with, [{ objectId, pk, weight, userKey }] (userKey = the CLI-extracted key for the
 * object's full id); allServers: every service of the object with its pk (for the consistency
 * check).
 */
export async function sealClientDecrypt(sdk, objBytes, { servers, allServers, checkShareConsistency }) {
	const eo = sdk.EncryptedObject.parse(objBytes);
	const fullId = sdk.createFullId(eo.packageId, eo.id);
	const withUrl = (s, i) => ({ ...s, objectId: sdk.normalizeId(s.objectId), url: `https://ks${i}.seal-interop.invalid` });
	const cfg = servers.map(withUrl);
	const everyone = [...cfg, ...allServers.map((s, i) => withUrl(s, 1000 + i)).filter((s) => !cfg.some((c) => c.objectId === s.objectId))];
	const { client } = mockSuiClient(sdk, { servers: everyone, packages: [eo.packageId] });
	const { fetch, requests } = mockKeyServerFetch(sdk, {
		servers: cfg.map((s) => ({ ...s, userKeys: new Map([[fullId, s.userKey]]) })),
	});
	const sealClient = new sdk.SealClient({
		suiClient: client,
		serverConfigs: cfg.map((s) => ({ objectId: s.objectId, weight: s.weight })),
		verifyKeyServers: false,
		fetch,
	});
	const user = sdk.Ed25519Keypair.generate();
	const sessionKey = await sdk.SessionKey.create({
		address: user.getPublicKey().toSuiAddress(),
		packageId: eo.packageId,
		ttlMin: 10,
		signer: user,
		suiClient: client,
	});
	const txBytes = sealApproveTx(sdk, eo.packageId, unhex(eo.id));
	const plaintext = await sealClient.decrypt({ data: objBytes, sessionKey, txBytes, checkShareConsistency });
	return { plaintext, requests };
}

/** Encrypts through the public SealClient API over the mock chain. servers: [{objectId, pk, weight}] */
export async function sealClientEncrypt(sdk, { servers, threshold, packageId, id, data, aad, demType }) {
	const cfg = servers.map((s, i) => ({ ...s, objectId: sdk.normalizeId(s.objectId), url: `https://ks${i}.seal-interop.invalid` }));
	const { client } = mockSuiClient(sdk, { servers: cfg, packages: [packageId] });
	const sealClient = new sdk.SealClient({
		suiClient: client,
		serverConfigs: cfg.map((s) => ({ objectId: s.objectId, weight: s.weight })),
		verifyKeyServers: false,
	});
	const args = { threshold, packageId, id, data, demType };
	if (aad) args.aad = aad;
	return sealClient.encrypt(args);
}
