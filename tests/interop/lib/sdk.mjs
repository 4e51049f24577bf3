// Loads the official Seal TypeScript SDK (@mysten/seal 1.4.12, pinned in package-lock.json)
// from this folder's node_modules, including the internal dist modules (encrypt, decrypt, ibe,
// kdf, shamir, dem) that the package's export map does not list. Everything is imported by file
// URL from the same node_modules, so the internal modules are the very instances the public
// SealClient uses.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const NODE_MODULES = join(here, '..', 'node_modules');

const dist = (file) => import(pathToFileURL(join(NODE_MODULES, '@mysten', 'seal', 'dist', file)).href);

export function sdkVersion() {
	const pj = join(NODE_MODULES, '@mysten', 'seal', 'package.json');
	if (!existsSync(pj)) throw new Error(`@mysten/seal is not installed in ${NODE_MODULES}: run npm ci`);
	return JSON.parse(readFileSync(pj, 'utf8')).version;
}

export async function loadSdk() {
	const [index, bcsM, bls, encryptM, decryptM, ibe, kdfM, shamir, dem, utils, suiBcs, suiUtils, ed25519] = await Promise.all([
		dist('index.mjs'),
		dist('bcs.mjs'),
		dist('bls12381.mjs'),
		dist('encrypt.mjs'),
		dist('decrypt.mjs'),
		dist('ibe.mjs'),
		dist('kdf.mjs'),
		dist('shamir.mjs'),
		dist('dem.mjs'),
		dist('utils.mjs'),
		import('@mysten/sui/bcs'),
		import('@mysten/sui/utils'),
		import('@mysten/sui/keypairs/ed25519'),
	]);
	return {
		SealClient: index.SealClient,
		SessionKey: index.SessionKey,
		EncryptedObject: index.EncryptedObject,
		DemType: index.DemType,
		KeyServerMove: bcsM.KeyServerMove,
		KeyServerMoveV2: bcsM.KeyServerMoveV2,
		G1Element: bls.G1Element,
		G2Element: bls.G2Element,
		Scalar: bls.Scalar,
		encrypt: encryptM.encrypt,
		KemType: encryptM.KemType,
		decrypt: decryptM.decrypt,
		IBE: ibe.BonehFranklinBLS12381Services,
		decryptRandomness: ibe.decryptRandomness,
		KeyPurpose: kdfM.KeyPurpose,
		deriveKey: kdfM.deriveKey,
		hashToG1: kdfM.hashToG1,
		combine: shamir.combine,
		AesGcm256: dem.AesGcm256,
		Hmac256Ctr: dem.Hmac256Ctr,
		createFullId: utils.createFullId,
		bcs: suiBcs.bcs,
		normalizeId: suiUtils.normalizeSuiObjectId,
		Ed25519Keypair: ed25519.Ed25519Keypair,
	};
}

export const hex = (u8) => Buffer.from(u8).toString('hex');
export const unhex = (s) => {
	const t = String(s).trim().replace(/^0x/i, '');
	if (t.length % 2 || /[^0-9a-fA-F]/.test(t)) throw new Error(`not hex: ${s}`);
	return new Uint8Array(Buffer.from(t, 'hex'));
};
