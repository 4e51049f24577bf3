// Prints test vectors from tests/vectors as '|'-separated lines for the shell tests.
//   node vectors.mjs VECTORS_DIR derive     -> seed|index|master_key
//   node vectors.mjs VECTORS_DIR verify     -> public_key|user_secret_key|full_id|valid
//   node vectors.mjs VECTORS_DIR objects    -> name|threshold|object_hex|plaintext_hex|package_id|id_hex|servers
//        servers = object_id,msk_hex,pk_hex,derived_key_hex,weight;...
//   node vectors.mjs VECTORS_DIR negative   -> name|object_hex|keys|consistency|le|ok|plaintext_hex|public_keys
//        keys = object_id:derived_key_hex,...  public_keys = object_id:pk_hex,...
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, what] = process.argv.slice(2);
const load = (p) => JSON.parse(readFileSync(join(dir, p), 'utf8'));
const out = (...f) => console.log(f.join('|'));

if (what === 'derive') {
	const v = load('spec/primitives.json').vectors.find((x) => x.name === 'derive_master_key_regression');
	out(v.seed, v.derivation_index, v.master_key);
} else if (what === 'verify') {
	for (const c of load('spec/derived_key_verification.json').cases) out(c.public_key, c.user_secret_key, c.full_id, c.valid);
} else if (what === 'objects') {
	for (const f of readdirSync(join(dir, 'sdk')).filter((f) => /^encrypt_.*\.json$/.test(f)).sort()) {
		for (const v of load(join('sdk', f)).vectors) {
			const servers = v.key_servers.map((s) => [s.object_id, s.msk_hex, s.pk_hex, s.derived_key_hex, s.weight ?? 1].join(',')).join(';');
			out(v.name, v.threshold, v.encrypted_object_hex, v.plaintext_hex, v.package_id, v.id_hex, servers);
		}
	}
} else if (what === 'negative') {
	const n = load('sdk/negative.json');
	const dk = new Map(n.key_servers.map((s) => [s.object_id, s.derived_key_hex]));
	const pks = n.key_servers.map((s) => `${s.object_id}:${s.pk_hex}`).join(',');
	for (const v of n.vectors) {
		for (const a of v.attempts) {
			const keys = a.keys.map((k) => (typeof k === 'string' ? `${k}:${dk.get(k)}` : `${k.object_id}:${k.derived_key_hex}`)).join(',');
			out(v.name, v.encrypted_object_hex, keys, a.check_share_consistency, a.check_le_encoding, a.sdk_result.ok, a.sdk_result.plaintext_hex ?? '', pks);
		}
	}
} else {
	console.error(`unknown query ${what}`);
	process.exit(2);
}
