// The official SDK (@mysten/seal 1.4.12 SealClient over @mysten/sui 2.33.1 SuiGrpcClient, gRPC-web)
// reads a committee KeyServer from our local chain (tests/committee/test_member_servers.sh):
// discovery of KeyServerV2 Committee with an aggregator URL (the URL is the aggregator's, the pk
// the committee's), the refusal without one, and SealClient.encrypt to it; the encrypted object
// is written for the script, which decrypts it with the key combined from members.
// Usage: node committee.mjs --chain URL --key-server ID --pk HEX --package ID --id HEX --out FILE
import { writeFileSync } from 'node:fs';
import { loadSdk, hex } from './lib/sdk.mjs';

const arg = (name) => {
	const i = process.argv.indexOf(`--${name}`);
	if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing --${name}`);
	return process.argv[i + 1];
};
let passed = 0, failed = 0;
const check = (desc, cond, detail = '') => {
	if (cond) { passed++; console.log(`ok   ${desc}`); } else { failed++; console.log(`FAIL ${desc} ${detail}`); }
};

const sdk = await loadSdk();
const { SuiGrpcClient } = await import('@mysten/sui/grpc');
const client = new SuiGrpcClient({ network: 'localnet', baseUrl: arg('chain') });
const ks = sdk.normalizeId(arg('key-server'));
const pk = arg('pk').replace(/^0x/, '');
const aggregatorUrl = 'http://127.0.0.1:9/aggregator';
try {
	const sealClient = new sdk.SealClient({ suiClient: client, serverConfigs: [{ objectId: ks, weight: 1, aggregatorUrl }], verifyKeyServers: true });
	const servers = await sealClient.getKeyServers();
	const got = servers.get(ks);
	check('SealClient discovers the committee KeyServer', got !== undefined, 'missing');
	check('its pk is the committee pk', got && hex(got.pk) === pk, got ? hex(got.pk) : '');
	check('its URL is the aggregator URL', got && got.url === aggregatorUrl, got ? got.url : '');
	const data = new TextEncoder().encode('encrypted by the SDK to a committee');
	const { encryptedObject } = await sealClient.encrypt({ threshold: 1, packageId: arg('package'), id: arg('id'), data });
	const eo = sdk.EncryptedObject.parse(encryptedObject);
	check('SealClient.encrypt names the committee KeyServer', eo.services.length === 1 && sdk.normalizeId(eo.services[0][0]) === ks);
	writeFileSync(arg('out'), Buffer.from(encryptedObject));
} catch (e) {
	check('SealClient with the committee KeyServer', false, String(e && e.stack ? e.stack : e));
}
try {
	const sealClient = new sdk.SealClient({ suiClient: client, serverConfigs: [{ objectId: ks, weight: 1 }], verifyKeyServers: false });
	await sealClient.getKeyServers();
	check('a committee server without aggregatorUrl is refused', false, 'accepted');
} catch (e) {
	check('a committee server without aggregatorUrl is refused', /aggregator/i.test(String(e && e.message)), String(e && e.message));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
