#!/usr/bin/env node
// The official SDK (@mysten/seal 1.4.12 SealClient and SessionKey, @mysten/sui 2.33.1
// SuiGrpcClient, or SuiJsonRpcClient with SUI_CLIENT=jsonrpc) with a committee key server reached
// through this project's aggregator, next to an independent key server, on a chain served by
// `seal localnet serve` (which answers gRPC-web and JSON-RPC on one port). One action per run;
// tests/e2e/committee_interop.sh starts the processes, changes them between runs (members
// stopped, replaced by liars, a rotation) and calls this script:
//   node committee_aggregator.mjs keyservers
//       the committee read from chain, url = the aggregator's, pk = the committee's; the
//       independent server's PoP verified, the committee's skipped (verifyKeyServers); without
//       aggregatorUrl the committee is refused
//   node committee_aggregator.mjs encrypt OUT [alone]
//       SealClient.encrypt 2-of-2 to {committee, independent} (alone: 1-of-1 to the committee)
//       of $PLAIN for $ID, written to OUT
//   node committee_aggregator.mjs decrypt WHO FILE EXPECT
//       SessionKey.create for WHO, SealClient.decrypt of FILE through the aggregator; EXPECT is
//       "ok" (the plaintext is $PLAIN) or the name of the SDK error class (NoAccessError, ...)
//
// Environment: CHAIN (the chain's URL), SUI_CLIENT (grpc, the default, or jsonrpc), KS_C, KS_I (key server object ids), AGG (the
// aggregator's URL), PK_C (the committee's public key, 0x hex), PKG (the examples package),
// ALLOWLIST, ID (hex of the inner id), PLAIN (a file), KEYS (the folder of WHO.key files).
// Prints "ok   ..." or "FAIL ..." and exits 0 or 1.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import * as seal from '@mysten/seal';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Transaction } from '@mysten/sui/transactions';
import { decodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { fromHex, toHex } from '@mysten/sui/utils';

const env = (k) => {
	const v = process.env[k];
	if (!v) {
		console.error(`committee_aggregator.mjs: ${k} is not set`);
		process.exit(2);
	}
	return v;
};
const [action, ...args] = process.argv.slice(2);
const transport = process.env.SUI_CLIENT || 'grpc';
if (transport !== 'grpc' && transport !== 'jsonrpc') {
	console.error(`committee_aggregator.mjs: SUI_CLIENT must be grpc or jsonrpc, not ${transport}`);
	process.exit(2);
}
const suiClient =
	transport === 'grpc' ? new SuiGrpcClient({ network: 'localnet', baseUrl: env('CHAIN') }) : new SuiJsonRpcClient({ url: env('CHAIN'), network: 'localnet' });
const committee = { objectId: env('KS_C'), weight: 1, aggregatorUrl: env('AGG'), apiKeyName: 'X-API-Key', apiKey: 'sdk-client' };
const independent = { objectId: env('KS_I'), weight: 1 };
const client = (configs, verify = false) => new seal.SealClient({ suiClient, serverConfigs: configs, verifyKeyServers: verify, timeout: 10000 });

function keypair(who) {
	const { scheme, secretKey } = decodeSuiPrivateKey(readFileSync(join(env('KEYS'), `${who}.key`), 'utf8').trim());
	return scheme === 'Secp256k1' ? Secp256k1Keypair.fromSecretKey(secretKey) : Ed25519Keypair.fromSecretKey(secretKey);
}

async function approveTx(id) {
	const tx = new Transaction();
	tx.moveCall({ target: `${env('PKG')}::allowlist::seal_approve`, arguments: [tx.pure.vector('u8', fromHex(id)), tx.object(env('ALLOWLIST'))] });
	return tx.build({ client: suiClient, onlyTransactionKind: true });
}

const t0 = Date.now();
function done(ok, msg) {
	console.log(`${ok ? 'ok  ' : 'FAIL'} sdk ${action} (${transport}): ${msg} (${Date.now() - t0} ms)`);
	process.exit(ok ? 0 : 1);
}

try {
	if (action === 'keyservers') {
		const ks = await client([committee, independent], true).getKeyServers();
		const c = ks.get(committee.objectId) ?? [...ks.values()].find((k) => k.objectId === committee.objectId);
		if (!c) done(false, 'the committee key server is missing');
		if (c.url !== env('AGG')) done(false, `url ${c.url}, expected the aggregator ${env('AGG')}`);
		if (`0x${toHex(c.pk)}` !== env('PK_C')) done(false, `pk 0x${toHex(c.pk)} is not the committee's`);
		if (ks.size !== 2) done(false, `${ks.size} key servers`);
		// Without aggregatorUrl the SDK refuses a committee server (InvalidClientOptionsError).
		try {
			await client([{ objectId: committee.objectId, weight: 1 }]).getKeyServers();
			done(false, 'a committee server without aggregatorUrl was accepted');
		} catch (e) {
			if (!(e instanceof seal.InvalidClientOptionsError)) done(false, `without aggregatorUrl: ${e?.constructor?.name}: ${e?.message}`);
		}
		done(true, `committee at ${c.url} with the DKG's pk; independent PoP verified; no aggregatorUrl refused`);
	} else if (action === 'encrypt') {
		const [out, alone] = args;
		const configs = alone === 'alone' ? [committee] : [committee, independent];
		const { encryptedObject } = await client(configs).encrypt({
			threshold: configs.length,
			packageId: env('PKG'),
			id: env('ID'),
			data: new Uint8Array(readFileSync(env('PLAIN'))),
		});
		writeFileSync(out, encryptedObject);
		done(true, `${encryptedObject.length} bytes, ${configs.length}-of-${configs.length}`);
	} else if (action === 'decrypt') {
		const [who, file, expect] = args;
		const kp = keypair(who);
		const sessionKey = await seal.SessionKey.create({ address: kp.toSuiAddress(), packageId: env('PKG'), ttlMin: 10, signer: kp, suiClient });
		const data = new Uint8Array(readFileSync(file));
		const parsed = seal.EncryptedObject.parse(data);
		const configs = parsed.services.length === 1 ? [committee] : [committee, independent];
		try {
			const out = await client(configs).decrypt({ data, sessionKey, txBytes: await approveTx(parsed.id) });
			if (expect !== 'ok') done(false, `${who} decrypted, expected ${expect}`);
			if (Buffer.compare(Buffer.from(out), readFileSync(env('PLAIN'))) !== 0) done(false, 'plaintext differs');
			done(true, `${who} decrypted ${file.split('/').pop()} (plaintext matches)`);
		} catch (e) {
			const name = e?.constructor?.name;
			if (expect === name) done(true, `${who}: ${name} as expected`);
			done(false, `${who}: ${name}: ${e?.message}`);
		}
	} else {
		console.error('usage: node committee_aggregator.mjs keyservers | encrypt OUT [alone] | decrypt WHO FILE EXPECT');
		process.exit(2);
	}
} catch (e) {
	done(false, `${e?.constructor?.name}: ${e?.message}`);
}
