// Vectors for the committee's on-chain structs (tests/vectors/committee/onchain.json).
// KeyServer / KeyServerV2 use the official SDK's own BCS schema (@mysten/seal dist/bcs.mjs);
// Committee, State, MemberInfo, UpgradeManager and the event use schemas written here from the
// Move sources (MystenLabs/seal move/committee/sources/committee.move at ddc7e5d6) with the
// SDK's BCS library. Run: node gen_committee_onchain.mjs > ../vectors/committee/onchain.json
import { bcs } from '@mysten/sui/bcs';
import { toHex } from '@mysten/bcs';
import { deriveDynamicFieldID } from '@mysten/sui/utils';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
// The schema module is not exported by the package: load the file itself.
const sealDir = dirname(createRequire(import.meta.url).resolve('@mysten/seal'));
const { KeyServerMoveV2, KeyServerMove } = await import(pathToFileURL(join(sealDir, 'bcs.mjs')).href);
import { createHash } from 'node:crypto';

const h = (tag, n) => { const out = new Uint8Array(n); let i = 0, c = 0;
  while (i < n) { const d = createHash('sha256').update(`${tag}:${c++}`).digest(); for (const b of d) if (i < n) out[i++] = b; }
  return out; };
const addr = (tag) => '0x' + toHex(h(tag, 32));
// Valid compressed points are not needed for layout vectors: the codecs do not decode points.
// Fixed real ones from committee.json are used where a reader checks them.
const G2A = 'a1cc200305285bdf645020465d886cf76d9fb2d06a776d51bdcec490b9ad9eb9955a76349926e4c37aba9f77df7704d51617de3c745442ce493bde13c61241342eb4235e688d5bebc08188970035f0f1759815dec638fb4d7f1af20695883002';
const hex2 = (s) => Uint8Array.from(Buffer.from(s, 'hex'));

const MemberInfo = bcs.struct('MemberInfo', { enc_pk: bcs.byteVector(), signing_pk: bcs.byteVector(), url: bcs.string(), name: bcs.string() });
const VecMap = (K, V) => bcs.struct('VecMap', { contents: bcs.vector(bcs.struct('Entry', { key: K, value: V })) });
const VecSet = (K) => bcs.struct('VecSet', { contents: bcs.vector(K) });
const State = bcs.enum('State', {
  Init: bcs.struct('Init', { members_info: VecMap(bcs.Address, MemberInfo) }),
  PostDKG: bcs.struct('PostDKG', { members_info: VecMap(bcs.Address, MemberInfo), partial_pks: bcs.vector(bcs.byteVector()), pk: bcs.byteVector(), messages_hash: bcs.byteVector(), approvals: VecSet(bcs.Address) }),
  Finalized: null,
});
const Committee = bcs.struct('Committee', { id: bcs.Address, threshold: bcs.u16(), members: bcs.vector(bcs.Address), state: State, old_committee_id: bcs.option(bcs.Address) });
const UpgradeCap = bcs.struct('UpgradeCap', { id: bcs.Address, package: bcs.Address, version: bcs.u64(), policy: bcs.u8() });
const Vote = bcs.enum('Vote', { Approve: null, Reject: null });
const UpgradeProposal = bcs.struct('UpgradeProposal', { digest: bcs.byteVector(), version: bcs.u64(), votes: VecMap(bcs.Address, Vote) });
const UpgradeManager = bcs.struct('UpgradeManager', { id: bcs.Address, cap: UpgradeCap, upgrade_proposal: bcs.option(UpgradeProposal) });
const Event = bcs.struct('CommitteeRotationInitiated', { committee_id: bcs.Address, old_committee_id: bcs.Address });
const FieldId = bcs.struct('Field', { id: bcs.Address, name: bcs.struct('Wrapper', { name: bcs.Address }), value: bcs.Address });
const FieldKey = bcs.struct('Field', { id: bcs.Address, name: bcs.struct('Wrapper', { name: bcs.struct('UpgradeManagerKey', { dummy_field: bcs.bool() }) }), value: bcs.Address });
const FieldV2 = bcs.struct('Field', { id: bcs.Address, name: bcs.u64(), value: KeyServerMoveV2 });

const m = [0, 1, 2].map((i) => addr(`member${i}`));
const info = (i, ver) => ({ key: m[i], value: { enc_pk: h(`enc${i}`, 48), signing_pk: h(`sig${i}`, 96), url: `http://127.0.0.1:${9000 + i}`, name: `member-${i}${ver}` } });
const out = { source: 'tests/interop/gen_committee_onchain.mjs (@mysten/sui 2.33.1 BCS; KeyServer schemas of @mysten/seal 1.4.12)', committees: [], key_servers: [], upgrade_managers: [], events: [], dof_fields: [] };
const push = (list, schema, value, extra = {}) => list.push({ ...extra, bcs: toHex(schema.serialize(value).toBytes()), value: JSON.parse(JSON.stringify(value, (k, v) => v instanceof Uint8Array ? toHex(v) : typeof v === 'bigint' ? v.toString() : v)) });

push(out.committees, Committee, { id: addr('c0'), threshold: 2, members: m, state: { Init: { members_info: { contents: [] } } }, old_committee_id: null }, { state: 'Init' });
push(out.committees, Committee, { id: addr('c1'), threshold: 2, members: m, state: { Init: { members_info: { contents: [info(2, ''), info(0, '')] } } }, old_committee_id: addr('old') }, { state: 'Init' });
push(out.committees, Committee, { id: addr('c2'), threshold: 2, members: m, state: { PostDKG: { members_info: { contents: [info(1, ''), info(0, ''), info(2, '')] }, partial_pks: [hex2(G2A), h('p1', 96), h('p2', 96)], pk: hex2(G2A), messages_hash: h('mh', 32), approvals: { contents: [m[1], m[2]] } } }, old_committee_id: null }, { state: 'PostDKG' });
push(out.committees, Committee, { id: addr('c3'), threshold: 3, members: [...m, addr('member3')], state: { Finalized: true }, old_committee_id: addr('c2') }, { state: 'Finalized' });
push(out.committees, Committee, { id: addr('c4'), threshold: 2, members: m, state: { Finalized: true }, old_committee_id: null }, { state: 'Finalized' });

const pks = (n) => [...Array(n).keys()].map((i) => ({ name: `member-${i}`, url: `http://127.0.0.1:${9000 + i}`, partialPk: h(`pp${i}`, 96), partyId: i }));
push(out.key_servers, KeyServerMoveV2, { name: toHex(h('c4', 32)), keyType: 0, pk: hex2(G2A), serverType: { Committee: { version: 0, threshold: 2, partialKeyServers: pks(3) } } }, { kind: 'v2' });
push(out.key_servers, KeyServerMoveV2, { name: 'x', keyType: 0, pk: hex2(G2A), serverType: { Committee: { version: 7, threshold: 3, partialKeyServers: pks(4) } } }, { kind: 'v2' });
push(out.key_servers, KeyServerMoveV2, { name: 'independent', keyType: 0, pk: hex2(G2A), serverType: { Independent: { url: 'https://ks.example.com' } } }, { kind: 'v2' });
push(out.key_servers, FieldV2, { id: addr('f'), name: 2n, value: { name: 'n', keyType: 0, pk: hex2(G2A), serverType: { Committee: { version: 1, threshold: 2, partialKeyServers: pks(2) } } } }, { kind: 'field' });
push(out.key_servers, KeyServerMove, { id: addr('ks'), firstVersion: 2n, lastVersion: 2n }, { kind: 'key_server' });

const cap = { id: addr('cap'), package: addr('pkg'), version: 1n, policy: 0 };
push(out.upgrade_managers, UpgradeManager, { id: addr('um'), cap, upgrade_proposal: null });
push(out.upgrade_managers, UpgradeManager, { id: addr('um'), cap: { ...cap, version: 3n, policy: 128 }, upgrade_proposal: { digest: h('d', 32), version: 4n, votes: { contents: [{ key: m[2], value: { Approve: true } }, { key: m[0], value: { Reject: true } }, { key: m[1], value: { Approve: true } }] } } });
push(out.events, Event, { committee_id: addr('c3'), old_committee_id: addr('c2') });
push(out.dof_fields, FieldId, { id: addr('fid'), name: { name: addr('c4') }, value: addr('ks') }, { name_len: 32 });
push(out.dof_fields, FieldKey, { id: addr('fk'), name: { name: { dummy_field: false } }, value: addr('um') }, { name_len: 1 });
// Dynamic object field ids (the SDK's deriveDynamicFieldID over the Wrapper<N> key type).
const cid = addr('c4'), pkg = addr('pkg');
out.dof_ids = [
  { parent: cid, name_type: '0x2::dynamic_object_field::Wrapper<0x2::object::ID>', name_bcs: toHex(bcs.Address.serialize(cid).toBytes()),
    id: deriveDynamicFieldID(cid, '0x2::dynamic_object_field::Wrapper<0x2::object::ID>', bcs.Address.serialize(cid).toBytes()) },
  { parent: cid, package: pkg, name_type: `0x2::dynamic_object_field::Wrapper<${pkg}::seal_committee::UpgradeManagerKey>`, name_bcs: '00',
    id: deriveDynamicFieldID(cid, `0x2::dynamic_object_field::Wrapper<${pkg}::seal_committee::UpgradeManagerKey>`, new Uint8Array([0])) },
];
console.log(JSON.stringify(out, null, 1));
