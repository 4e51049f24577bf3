// Decrypts one object with the SDK's internal decrypt() in a separate process, so that a slow
// case (the SDK's HMAC-256-CTR runs at about 1 MiB/s) overlaps the rest of the run.
//   node sdk-decrypt.mjs OBJECT_FILE KEYS_JSON EXPECTED_SHA256_HEX
// KEYS_JSON: {"<object id>": "<user secret key hex>", ...}. Prints "ok <ms>" and exits 0 when
// the plaintext's SHA-256 matches; prints the error and exits 1 otherwise.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadSdk, unhex } from './sdk.mjs';

const [objFile, keysFile, want] = process.argv.slice(2);
try {
	const sdk = await loadSdk();
	const eo = sdk.EncryptedObject.parse(new Uint8Array(readFileSync(objFile)));
	const fullId = sdk.createFullId(eo.packageId, eo.id);
	const keys = new Map(Object.entries(JSON.parse(readFileSync(keysFile, 'utf8'))).map(([o, k]) => [`${fullId}:${sdk.normalizeId(o)}`, sdk.G1Element.fromBytes(unhex(k))]));
	const t0 = Date.now();
	const pt = await sdk.decrypt({ encryptedObject: eo, keys });
	const got = createHash('sha256').update(pt).digest('hex');
	if (got !== want) {
		console.log(`plaintext mismatch: sha256 ${got}, expected ${want}`);
		process.exit(1);
	}
	console.log(`ok ${Date.now() - t0}`);
} catch (e) {
	console.log(`${e?.constructor?.name ?? 'Error'}: ${e?.message ?? e}`);
	process.exit(1);
}
