// Generates tests/vectors/sui/sui.json with the official Sui TypeScript SDK.
// Usage: ORACLE=/path/to/dir/with/node_modules node gen_sui_vectors.mjs > sui.json
// (ORACLE defaults to the repository's tests/interop, which pins @mysten/sui 2.33.1: run `npm ci`
// there first).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';

const ORACLE = process.env.ORACLE ?? fileURLToPath(new URL('../../interop', import.meta.url));
const mod = (p) => import(pathToFileURL(`${ORACLE}/node_modules/${p}`).href);

const { Ed25519Keypair } = await mod('@mysten/sui/dist/keypairs/ed25519/index.mjs');
const { Secp256k1Keypair } = await mod('@mysten/sui/dist/keypairs/secp256k1/index.mjs');
const { Secp256r1Keypair } = await mod('@mysten/sui/dist/keypairs/secp256r1/index.mjs');
const { MultiSigPublicKey } = await mod('@mysten/sui/dist/multisig/index.mjs');
const { bcs } = await mod('@mysten/sui/dist/bcs/index.mjs');
const { messageWithIntent, decodeSuiPrivateKey } = await mod('@mysten/sui/dist/cryptography/index.mjs');
const { verifyPersonalMessageSignature, verifyTransactionSignature } = await mod('@mysten/sui/dist/verify/index.mjs');
const { TransactionDataBuilder } = await mod('@mysten/sui/dist/transactions/TransactionData.mjs');
const utils = await mod('@mysten/sui/dist/utils/index.mjs');
const { blake2b } = await mod('@noble/hashes/blake2.js');
const { getZkLoginSignature } = await mod('@mysten/sui/dist/zklogin/index.mjs');
const { PasskeyKeypair } = await mod('@mysten/sui/dist/keypairs/passkey/index.mjs');
const { p256 } = await mod('@noble/curves/nist.js');
const { sha256 } = await mod('@noble/hashes/sha2.js');
const suiPkg = JSON.parse(await (await import('node:fs/promises')).readFile(`${ORACLE}/node_modules/@mysten/sui/package.json`, 'utf8'));

const hex = (b) => Buffer.from(b).toString('hex');
const b64 = (b) => Buffer.from(b).toString('base64');
// Deterministic 32-byte values: SHA-256("sui-vectors/" + label).
const seed = (label) => new Uint8Array(createHash('sha256').update(`sui-vectors/${label}`).digest());

const schemes = [
  ['ed25519', Ed25519Keypair, 0],
  ['secp256k1', Secp256k1Keypair, 1],
  ['secp256r1', Secp256r1Keypair, 2],
];

const te = new TextEncoder();
const messages = [te.encode('hello'), new Uint8Array(0), te.encode('x'.repeat(300))];

const keys = [];
const kp = {};
for (const [name, K, flag] of schemes) {
  const sk = seed(`key/${name}`);
  const k = K.fromSecretKey(sk);
  kp[name] = k;
  const pk = k.getPublicKey();
  const bech = k.getSecretKey();
  const dec = decodeSuiPrivateKey(bech);
  if (hex(dec.secretKey) !== hex(sk)) throw new Error('bech32 round trip');
  const personal = [];
  for (const m of messages) {
    const { signature } = await k.signPersonalMessage(m);
    const pub = await verifyPersonalMessageSignature(m, signature, { address: pk.toSuiAddress() });
    if (pub.toSuiAddress() !== pk.toSuiAddress()) throw new Error('verify');
    const intentMsg = messageWithIntent('PersonalMessage', bcs.byteVector().serialize(m).toBytes());
    personal.push({
      message_hex: hex(m),
      intent_message_hex: hex(intentMsg),
      digest_hex: hex(blake2b(intentMsg, { dkLen: 32 })),
      signature_b64: signature,
    });
  }
  keys.push({
    scheme: name,
    flag,
    secret_key_hex: hex(sk),
    public_key_hex: hex(pk.toRawBytes()),
    sui_public_key_b64: pk.toSuiPublicKey(),
    address: pk.toSuiAddress(),
    bech32: bech,
    keystore_b64: b64(Uint8Array.from([flag, ...sk])),
    personal_messages: personal,
  });
}

// A TransactionData V1 exercising every input and command variant, nested type tags and an
// epoch expiration.
const addr = (label) => utils.normalizeSuiAddress(hex(seed(label)));
const digest58 = (label) => utils.toBase58(seed(label));
const sender = kp.ed25519.getPublicKey().toSuiAddress();
const ptb = {
  inputs: [
    { Pure: { bytes: b64(bcs.vector(bcs.u8()).serialize(seed('pure/id')).toBytes()) } },
    { Pure: { bytes: b64(bcs.u64().serialize(1234567890123n).toBytes()) } },
    { Object: { ImmOrOwnedObject: { objectId: addr('obj/owned'), version: '77', digest: digest58('obj/owned/digest') } } },
    { Object: { SharedObject: { objectId: '0x6', initialSharedVersion: '1', mutable: false } } },
    { Object: { SharedObject: { objectId: addr('obj/shared'), initialSharedVersion: '4096', mutable: true } } },
    { Object: { Receiving: { objectId: addr('obj/recv'), version: '9', digest: digest58('obj/recv/digest') } } },
    { Pure: { bytes: b64(bcs.Address.serialize(addr('recipient')).toBytes()) } },
  ],
  commands: [
    { MoveCall: { package: addr('pkg'), module: 'whitelist', function: 'seal_approve',
                  typeArguments: [], arguments: [{ Input: 0 }, { Input: 4 }] } },
    { MoveCall: { package: '0x2', module: 'coin', function: 'zero',
                  typeArguments: ['0x2::sui::SUI'], arguments: [] } },
    { MoveCall: { package: addr('pkg'), module: 'm', function: 'generic',
                  typeArguments: ['vector<vector<u8>>', '0x2::dynamic_field::Field<u64, 0x1::option::Option<0x2::coin::Coin<0x2::sui::SUI>>>', 'address', 'bool', 'u16', 'u32', 'u128', 'u256', 'signer'],
                  arguments: [{ GasCoin: true }, { Result: 1 }, { NestedResult: [2, 3] }, { Input: 3 }] } },
    { SplitCoins: { coin: { GasCoin: true }, amounts: [{ Input: 1 }, { Input: 1 }] } },
    { MergeCoins: { destination: { NestedResult: [3, 0] }, sources: [{ NestedResult: [3, 1] }] } },
    { TransferObjects: { objects: [{ Result: 1 }, { Input: 2 }], address: { Input: 6 } } },
    { MakeMoveVec: { type: null, elements: [{ Input: 2 }] } },
    { MakeMoveVec: { type: '0x2::coin::Coin<0x2::sui::SUI>', elements: [] } },
    { Publish: { modules: [b64(seed('module/a')), b64(new Uint8Array(0))], dependencies: ['0x1', '0x2'] } },
    { Upgrade: { modules: [b64(seed('module/b'))], dependencies: ['0x1', '0x2', addr('dep')], package: addr('pkg'), ticket: { Result: 8 } } },
  ],
};
const kindBytes = bcs.TransactionKind.serialize({ ProgrammableTransaction: ptb }).toBytes();
const ptbBytes = bcs.ProgrammableTransaction.serialize(ptb).toBytes();
const txVariants = [
  ['epoch_expiration', { Epoch: 42 }],
  ['no_expiration', { None: true }],
];
const transactions = [];
for (const [label, expiration] of txVariants) {
  const txData = {
    V1: {
      kind: { ProgrammableTransaction: ptb },
      sender,
      gasData: {
        payment: [{ objectId: addr('gas/coin'), version: '12', digest: digest58('gas/coin/digest') }],
        owner: sender,
        price: '1000',
        budget: '500000000',
      },
      expiration,
    },
  };
  const txBytes = bcs.TransactionData.serialize(txData).toBytes();
  const intentMsg = messageWithIntent('TransactionData', txBytes);
  const sigs = {};
  for (const [name] of schemes) {
    const { signature } = await kp[name].signTransaction(txBytes);
    await verifyTransactionSignature(txBytes, signature, { address: kp[name].getPublicKey().toSuiAddress() });
    sigs[name] = signature;
  }
  transactions.push({
    name: label,
    tx_data_hex: hex(txBytes),
    intent_message_hex: hex(intentMsg),
    intent_digest_hex: hex(blake2b(intentMsg, { dkLen: 32 })),
    tx_digest_base58: TransactionDataBuilder.getDigestFromBytes(txBytes),
    tx_digest_hex: hex(utils.fromBase58(TransactionDataBuilder.getDigestFromBytes(txBytes))),
    sender,
    signatures_b64: sigs,
  });
}

// Multisig: 2-of-3 mixed schemes, and a weighted one.
const multisig = [];
for (const [label, weights, threshold, signers] of [
  ['2of3_mixed', [1, 1, 1], 2, ['ed25519', 'secp256r1']],
  ['2of3_mixed_k1_r1', [1, 1, 1], 2, ['secp256k1', 'secp256r1']],
  ['weighted_3', [1, 2, 3], 3, ['ed25519', 'secp256k1']],
  ['weighted_single', [1, 2, 3], 3, ['secp256r1']],
]) {
  const msPk = MultiSigPublicKey.fromPublicKeys({
    threshold,
    publicKeys: schemes.map(([name], i) => ({ publicKey: kp[name].getPublicKey(), weight: weights[i] })),
  });
  const m = te.encode(`multisig personal message ${label}`);
  const parts = [];
  for (const s of signers) parts.push((await kp[s].signPersonalMessage(m)).signature);
  const combined = msPk.combinePartialSignatures(parts);
  await verifyPersonalMessageSignature(m, combined, { address: msPk.toSuiAddress() });
  multisig.push({
    name: label,
    members: schemes.map(([name], i) => ({ scheme: name, public_key_hex: hex(kp[name].getPublicKey().toRawBytes()), weight: weights[i] })),
    threshold,
    address: msPk.toSuiAddress(),
    multisig_public_key_hex: hex(msPk.toRawBytes()),
    message_hex: hex(m),
    signers,
    signature_b64: combined,
  });
}

// Type tags: string <-> BCS.
const typeTags = ['u8', 'u256', 'address', 'signer', 'vector<u8>', '0x2::sui::SUI',
  '0x2::coin::Coin<0x2::sui::SUI>', 'vector<0x1::string::String>',
  '0xdee9::clob_v2::Pool<0x2::sui::SUI, 0x5d4b302506645c37ff133b98c4b50a5ae14841659738d6d733d59d0d217a93bf::coin::COIN>',
  '0x2::dynamic_field::Field<0x2::dynamic_object_field::Wrapper<vector<u8>>, 0x2::object::ID>',
].map((s) => ({
  input: s,
  canonical: utils.normalizeTypeTag ? bcs.TypeTag.parse(bcs.TypeTag.serialize(s).toBytes()) : '',
  bcs_hex: hex(bcs.TypeTag.serialize(s).toBytes()),
}));

// Object ids: derived objects via the SDK, fresh ids (tx digest, creation index) via BLAKE2b with
// scope 0xf1 computed with @noble/hashes.
const derived = [];
for (const [parent, type, keyBytes] of [
  ['0x2', 'vector<u8>', bcs.vector(bcs.u8()).serialize(te.encode('foo')).toBytes()],
  ['0xa', '0x2::address_alias::AliasKey', bcs.Address.serialize(sender).toBytes()],
  [addr('parent'), 'u64', bcs.u64().serialize(7n).toBytes()],
]) {
  derived.push({ parent: utils.normalizeSuiAddress(parent), key_type: type, key_bcs_hex: hex(keyBytes),
                 derived_object_id: utils.deriveObjectID(parent, type, keyBytes),
                 dynamic_field_id: utils.deriveDynamicFieldID(parent, type, keyBytes) });
}
const fresh = [];
for (const [i, idx] of [[0, 0n], [1, 1n], [2, 258n]]) {
  const d = seed(`txdigest/${i}`);
  const buf = new Uint8Array(1 + 32 + 8);
  buf[0] = 0xf1; buf.set(d, 1);
  new DataView(buf.buffer).setBigUint64(33, idx, true);
  fresh.push({ tx_digest_hex: hex(d), tx_digest_base58: utils.toBase58(d), creation_index: Number(idx),
               object_id: '0x' + hex(blake2b(buf, { dkLen: 32 })) });
}

// Sui objects (ObjectInner BCS as @mysten/sui defines it) and their digests:
// BLAKE2b-256("Object::" || BCS), Sui's Object::digest().
const te2 = new TextEncoder();
const objDigest = (bytes) => {
  const tag = te2.encode('Object::');
  const buf = new Uint8Array(tag.length + bytes.length);
  buf.set(tag); buf.set(bytes, tag.length);
  return blake2b(buf, { dkLen: 32 });
};
const uid = seed('object/uid');
const objects = [
  ['gas_coin_address_owner', { data: { Move: { type: { GasCoin: true }, hasPublicTransfer: true, version: '5',
      contents: Uint8Array.from([...uid, ...bcs.u64().serialize(1000000000n).toBytes()]) } },
    owner: { AddressOwner: sender }, previousTransaction: digest58('prev/1'), storageRebate: '988000' }],
  ['shared_other', { data: { Move: { type: { Other: { address: addr('pkg'), module: 'whitelist', name: 'Whitelist', typeParams: [] } },
      hasPublicTransfer: false, version: '4096', contents: Uint8Array.from([...uid, 2, ...seed('a'), ...seed('b')]) } },
    owner: { Shared: { initialSharedVersion: '4096' } }, previousTransaction: digest58('prev/2'), storageRebate: '0' }],
  ['coin_object_owner', { data: { Move: { type: { Coin: '0x2::sui::SUI' }, hasPublicTransfer: true, version: '7',
      contents: Uint8Array.from([...uid, ...bcs.u64().serialize(5n).toBytes()]) } },
    owner: { ObjectOwner: addr('parent') }, previousTransaction: digest58('prev/3'), storageRebate: '1' }],
  ['staked_immutable', { data: { Move: { type: { StakedSui: true }, hasPublicTransfer: false, version: '1',
      contents: uid } }, owner: { Immutable: true }, previousTransaction: digest58('prev/4'), storageRebate: '2' }],
  ['consensus_owner_generic', { data: { Move: { type: { Other: { address: '0x2', module: 'dynamic_field', name: 'Field',
      typeParams: [{ u64: null }, { vector: { u8: null } }] } }, hasPublicTransfer: false, version: '9', contents: uid } },
    owner: { ConsensusAddressOwner: { startVersion: '3', owner: sender } }, previousTransaction: digest58('prev/5'), storageRebate: '3' }],
  ['package', { data: { Package: { id: addr('pkg'), version: '1',
      moduleMap: new Map([['a_mod', seed('m/a')], ['b_mod', seed('m/b')]]),
      typeOriginTable: [{ moduleName: 'a_mod', datatypeName: 'Thing', package: addr('pkg') }],
      linkageTable: new Map([[utils.normalizeSuiAddress('0x1'), { upgradedId: '0x1', upgradedVersion: '1' }],
                             [utils.normalizeSuiAddress('0x2'), { upgradedId: '0x2', upgradedVersion: '1' }]]) } },
    owner: { Immutable: true }, previousTransaction: digest58('prev/6'), storageRebate: '100' }],
].map(([name, o]) => {
  const bytes = bcs.Object.serialize(o).toBytes();
  return { name, bcs_hex: hex(bytes), digest_base58: utils.toBase58(objDigest(bytes)) };
});

// A zkLogin signature: only its structure matters here (verification needs a full node). The
// proof is dummy data.
const helloSig = (name) => keys.find((k) => k.scheme === name).personal_messages[0].signature_b64;
const zkInputs = {
  proofPoints: { a: ['1', '2', '1'], b: [['3', '4'], ['5', '6'], ['1', '0']], c: ['7', '8', '1'] },
  issBase64Details: { value: 'yJpc3MiOiJodHRwczovL2FjY291bnRzLmdvb2dsZS5jb20iLC', indexMod4: 1 },
  headerBase64: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ',
  addressSeed: '1234567890123456789012345678901234567890',
};
const zk = getZkLoginSignature({ inputs: zkInputs, maxEpoch: '17', userSignature: helloSig('ed25519') });
const unsupported = [
  { scheme: 'zklogin', signature_b64: zk, max_epoch: 17, address_seed: zkInputs.addressSeed,
    iss_base64: zkInputs.issBase64Details.value, index_mod_4: 1, header_base64: zkInputs.headerBase64,
    user_signature_b64: helloSig('ed25519') },
];

// Passkey signatures through the SDK's PasskeyKeypair with a software authenticator (a WebAuthn
// stand-in: P-256 key, authenticatorData = rpIdHash || flags || counter, clientDataJSON with the
// base64url challenge), checked by the SDK's verifier.
const b64url = (b) => Buffer.from(b).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const passkeys = [];
for (const [label, extra] of [['plain', {}], ['extra_fields', { crossOrigin: false, other_keys_can_be_added_here: 'do not compare clientDataJSON against a template' }]]) {
  const sk = seed(`passkey/${label}/sk`);
  const pub = p256.getPublicKey(sk, true);
  const authData = Uint8Array.from([...seed('passkey/rpid'), 0x05, 0, 0, 0, 7]);
  const provider = {
    async create() { throw new Error('unused'); },
    async get(challenge) {
      const cdj = te.encode(JSON.stringify({ type: 'webauthn.get', challenge: b64url(challenge), origin: 'https://example.com', ...extra }));
      const payload = Uint8Array.from([...authData, ...sha256(cdj)]);
      const sig = p256.sign(payload, sk, { format: 'der' });
      return { response: { authenticatorData: authData.buffer, clientDataJSON: cdj.buffer, signature: sig.buffer } };
    },
  };
  const kp = new PasskeyKeypair(pub, provider, new Uint8Array([1, 2, 3]));
  const m = te.encode(`passkey message ${label}`);
  const { signature } = await kp.signPersonalMessage(m);
  const pk = kp.getPublicKey();
  await verifyPersonalMessageSignature(m, signature, { address: pk.toSuiAddress() });
  passkeys.push({ name: label, public_key_hex: hex(pub), address: pk.toSuiAddress(), message_hex: hex(m), signature_b64: signature });
}

console.log(JSON.stringify({
  generator: 'tests/vectors/sui/gen_sui_vectors.mjs',
  sdk: { '@mysten/sui': suiPkg.version, node: process.version },
  keys,
  ptb: { ptb_bcs_hex: hex(ptbBytes), transaction_kind_bcs_hex: hex(kindBytes) },
  transactions,
  multisig,
  type_tags: typeTags,
  derived_ids: derived,
  fresh_object_ids: fresh,
  objects,
  unsupported_signatures: unsupported,
  passkey_signatures: passkeys,
  addresses: ['0x2', '0x0', '0xA', '0x' + '0'.repeat(63) + '1', addr('x')].map((a) => ({ input: a, normalized: utils.normalizeSuiAddress(a) })),
}, null, 1));
