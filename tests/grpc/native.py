#!/usr/bin/python3
"""gRPC's reference implementation (Debian python3-grpcio) as a client of the native gRPC
endpoint of `seal localnet serve` (HTTP/2 cleartext, prior knowledge, on the JSON-RPC port).

    native.py SEAL PROTO_DIR

Stubs are generated at run time from the repository's .proto subset (PROTO_DIR) with Debian's
protoc 3.21 and grpc_python_plugin (proto3 `optional` kept: zeros travel as set fields). Every method is called;
errors come back as gRPC statuses; deadlines are honoured; a transaction is built (by the
server's resolution), signed here (Ed25519, Python `cryptography`) and executed. Prints one line
per check and "N passed, N failed"."""

import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, finish, start_server, stop_server  # noqa: E402

import grpc
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

SEAL, PROTO = sys.argv[1], sys.argv[2]



def seal(*args):
    r = subprocess.run([SEAL, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"seal {' '.join(args)}: {r.stderr}")
    return json.loads(r.stdout)


def code_of(fn):
    try:
        fn()
        return None, ""
    except grpc.RpcError as e:
        return e.code(), e.details() or ""


work = tempfile.mkdtemp(prefix="seal-grpc-native-")
server = error = None
try:
    # ---- stubs: protoc 3.21 (Debian protobuf-compiler) and grpc_python_plugin -------------------
    gen = os.path.join(work, "gen")
    os.makedirs(gen)
    protos = [os.path.relpath(os.path.join(r, f), PROTO) for r, _, fs in os.walk(PROTO) for f in fs if f.endswith(".proto")]
    r = subprocess.run(["protoc", f"-I{PROTO}", f"--python_out={gen}", f"--grpc_python_out={gen}", "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", *protos], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"protoc failed: {r.stderr}")
    # namespace packages: an __init__.py in gen/google would hide the installed google.protobuf
    sys.path.insert(0, gen)
    from sui.rpc.v2 import ledger_service_pb2 as L, ledger_service_pb2_grpc as Lg
    from sui.rpc.v2 import transaction_execution_service_pb2 as X, transaction_execution_service_pb2_grpc as Xg
    from sui.rpc.v2 import transaction_pb2 as T, move_package_service_pb2 as M, move_package_service_pb2_grpc as Mg
    from sui.rpc.v2 import state_service_pb2 as S, state_service_pb2_grpc as Sg
    from sui.rpc.v2 import signature_verification_service_pb2 as V, signature_verification_service_pb2_grpc as Vg
    from sui.rpc.v2 import signature_pb2 as Sig, common_pb2 as C
    from google.protobuf import field_mask_pb2

    # ---- a ledger and the server ----------------------------------------------------------------
    data = os.path.join(work, "chain")
    init = seal("localnet", "init", "--data", data)
    owner = seal("localnet", "account", "new")
    member = seal("localnet", "account", "new")
    k = seal("keygen", "--json")
    ks = seal("localnet", "keyserver", "register", "--data", data, "--key", owner["private_key"], "--name", "k", "--url", "http://127.0.0.1:1", "--public-key", k["public_key"])
    al = seal("localnet", "allowlist", "create", "--data", data, "--key", owner["private_key"], "--name", "team")
    seal("localnet", "allowlist", "add", "--data", data, "--key", owner["private_key"], "--allowlist", al["allowlist"], "--cap", al["cap"], "--member", member["address"])
    examples = "0x" + "0" * 60 + "5ea3"
    server, host, port = start_server(SEAL, data)
    addr = f"{host}:{port}"
    ch = grpc.insecure_channel(addr)
    ledger, execs, pkgs, state, verify = Lg.LedgerServiceStub(ch), Xg.TransactionExecutionServiceStub(ch), Mg.MovePackageServiceStub(ch), Sg.StateServiceStub(ch), Vg.SignatureVerificationServiceStub(ch)
    mask = lambda *p: field_mask_pb2.FieldMask(paths=list(p))

    # ---- LedgerService --------------------------------------------------------------------------
    info = ledger.GetServiceInfo(L.GetServiceInfoRequest(), timeout=10)
    check("GetServiceInfo: chain id, checkpoint height", len(info.chain_id) >= 43 and info.checkpoint_height >= 3, info)
    o = ledger.GetObject(L.GetObjectRequest(object_id=al["allowlist"], read_mask=mask("object_id", "version", "owner", "object_type", "contents")), timeout=10).object
    check("GetObject: a shared Allowlist", o.object_type == examples + "::allowlist::Allowlist" and o.owner.kind == 3 and o.owner.version >= 1 and o.contents.value[:32].hex() == al["allowlist"][2:], o)
    o = ledger.GetObject(L.GetObjectRequest(object_id=al["cap"]), timeout=10).object
    check("GetObject: default mask (id, version, digest)", o.object_id == al["cap"] and o.version > 0 and o.digest and not o.HasField("owner"), o)
    c, d = code_of(lambda: ledger.GetObject(L.GetObjectRequest(object_id="0x" + "ab" * 32), timeout=10))
    check("GetObject: missing object NOT_FOUND", c == grpc.StatusCode.NOT_FOUND and "not found" in d, (c, d))
    c, d = code_of(lambda: ledger.GetObject(L.GetObjectRequest(object_id="nope"), timeout=10))
    check("GetObject: bad id INVALID_ARGUMENT", c == grpc.StatusCode.INVALID_ARGUMENT, (c, d))
    c, d = code_of(lambda: ledger.GetObject(L.GetObjectRequest(object_id=al["cap"], read_mask=mask("owner.nope")), timeout=10))
    check("GetObject: unknown mask path INVALID_ARGUMENT", c == grpc.StatusCode.INVALID_ARGUMENT and "invalid read_mask path: owner.nope" in d, (c, d))
    b = ledger.BatchGetObjects(L.BatchGetObjectsRequest(requests=[L.GetObjectRequest(object_id=al["cap"]), L.GetObjectRequest(object_id="0x99")], read_mask=mask("*")), timeout=10)
    check("BatchGetObjects: object, then a NOT_FOUND entry", len(b.objects) == 2 and b.objects[0].object.object_id == al["cap"] and b.objects[0].object.bcs.name == "Object" and b.objects[1].error.code == 5, b)
    e = ledger.GetEpoch(L.GetEpochRequest(), timeout=10).epoch
    check("GetEpoch: reference gas price always", e.reference_gas_price == 1000, e)
    cp = ledger.GetCheckpoint(L.GetCheckpointRequest(read_mask=mask("sequence_number", "digest", "summary.timestamp")), timeout=10).checkpoint
    check("GetCheckpoint: latest = checkpoint height", cp.sequence_number == info.checkpoint_height and cp.summary.timestamp.seconds > 0, cp)
    cp0 = ledger.GetCheckpoint(L.GetCheckpointRequest(sequence_number=0), timeout=10).checkpoint
    check("GetCheckpoint 0: its digest is the chain id", cp0.digest == info.chain_id, (cp0.digest, info.chain_id))
    by = ledger.GetCheckpoint(L.GetCheckpointRequest(digest=cp.digest), timeout=10).checkpoint
    check("GetCheckpoint by digest", by.sequence_number == cp.sequence_number)
    c, d = code_of(lambda: ledger.GetCheckpoint(L.GetCheckpointRequest(sequence_number=10**9), timeout=10))
    check("GetCheckpoint: unknown NOT_FOUND", c == grpc.StatusCode.NOT_FOUND, (c, d))

    # ---- MovePackageService, StateService -----------------------------------------------------
    f = pkgs.GetFunction(M.GetFunctionRequest(package_id=examples, module_name="allowlist", name="add"), timeout=10).function
    check("GetFunction: allowlist::add takes &mut Allowlist first", f.name == "add" and len(f.parameters) == 3 and f.parameters[0].reference == 2 and f.parameters[0].body.type_name.endswith("::allowlist::Allowlist"), f)
    c, d = code_of(lambda: pkgs.GetFunction(M.GetFunctionRequest(package_id="0x77", module_name="m", name="f"), timeout=10))
    check("GetFunction: missing package NOT_FOUND", c == grpc.StatusCode.NOT_FOUND, (c, d))
    p = pkgs.GetPackage(M.GetPackageRequest(package_id=examples), timeout=10).package
    check("GetPackage: original id, version, modules", p.original_id == examples and p.version == 1 and {x.name for x in p.modules} == {"allowlist", "subscription"}, p.original_id)
    fl = state.ListDynamicFields(S.ListDynamicFieldsRequest(parent=ks["key_server"], read_mask=mask("field_id", "name", "value_type")), timeout=10)
    check("ListDynamicFields: the KeyServerV2 field", len(fl.dynamic_fields) == 1 and fl.dynamic_fields[0].name.name == "u64" and fl.dynamic_fields[0].value_type.endswith("::key_server::KeyServerV2"), fl)

    # ---- SimulateTransaction: resolution of kind-unset inputs -----------------------------------
    def approve_tx(sender):
        idb = bytes.fromhex(al["allowlist"][2:])
        ptb = T.ProgrammableTransaction(
            inputs=[T.Input(pure=bytes([len(idb)]) + idb), T.Input(object_id=al["allowlist"])],
            commands=[T.Command(move_call=T.MoveCall(package=examples, module="allowlist", function="seal_approve", arguments=[T.Argument(kind=2, input=0), T.Argument(kind=2, input=1)]))])
        return T.Transaction(version=1, kind=T.TransactionKind(kind=1, programmable_transaction=ptb), sender=sender)

    r = execs.SimulateTransaction(X.SimulateTransactionRequest(transaction=approve_tx(member["address"]), read_mask=mask("transaction.effects.status", "transaction.transaction", "command_outputs")), timeout=10)
    inp = r.transaction.transaction.kind.programmable_transaction.inputs[1]
    check("SimulateTransaction: member granted", r.transaction.effects.status.success, r.transaction.effects.status)
    check("SimulateTransaction: the allowlist resolved to an immutable shared input", inp.kind == 3 and inp.version >= 1 and not inp.mutable, inp)
    check("SimulateTransaction: command_outputs when masked", len(r.command_outputs) == 1)
    r = execs.SimulateTransaction(X.SimulateTransactionRequest(transaction=approve_tx(owner["address"])), timeout=10)
    err = r.transaction.effects.status.error
    check("SimulateTransaction: stranger refused with MoveAbort 1 in allowlist::seal_approve", not r.transaction.effects.status.success and err.kind == 13 and err.abort.abort_code == 1 and err.abort.location.module == "allowlist" and err.abort.location.function_name == "seal_approve" and "MoveAbort" in err.description, err)
    bad = approve_tx(member["address"])
    bad.kind.programmable_transaction.inputs[1].object_id = "0x" + "cd" * 32
    c, d = code_of(lambda: execs.SimulateTransaction(X.SimulateTransactionRequest(transaction=bad), timeout=10))
    check("SimulateTransaction: missing input NOT_FOUND", c == grpc.StatusCode.NOT_FOUND, (c, d))
    c, d = code_of(lambda: execs.SimulateTransaction(X.SimulateTransactionRequest(transaction=T.Transaction(bcs=C.Bcs(value=b"\x00\x01"))), timeout=10))
    check("SimulateTransaction: garbage BCS INVALID_ARGUMENT", c == grpc.StatusCode.INVALID_ARGUMENT, (c, d))

    # ---- a transaction built by the server, signed here, executed --------------------------------
    key = Ed25519PrivateKey.generate()
    pk = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    me = "0x" + hashlib.blake2b(b"\x00" + pk, digest_size=32).hexdigest()
    name = b"from grpcio"
    create = T.Transaction(version=1, sender=me, kind=T.TransactionKind(kind=1, programmable_transaction=T.ProgrammableTransaction(
        inputs=[T.Input(pure=bytes([len(name)]) + name)],
        commands=[T.Command(move_call=T.MoveCall(package=examples, module="allowlist", function="create_allowlist_entry", arguments=[T.Argument(kind=2, input=0)]))])))
    r = execs.SimulateTransaction(X.SimulateTransactionRequest(transaction=create, do_gas_selection=True, read_mask=mask("transaction.transaction", "transaction.effects")), timeout=10)
    g = r.transaction.transaction.gas_payment
    check("SimulateTransaction(do_gas_selection): price, budget, owner, expiration NONE", g.price == 1000 and g.budget > 0 and g.owner == me and r.transaction.transaction.expiration.kind == 1, r.transaction.transaction)
    check("SimulateTransaction: a state change simulated (2 objects created)", r.transaction.effects.status.success and sum(1 for x in r.transaction.effects.changed_objects if x.id_operation == 2) == 2, r.transaction.effects)
    tx = r.transaction.transaction.bcs.value
    sig = b"\x00" + key.sign(hashlib.blake2b(b"\x00\x00\x00" + tx, digest_size=32).digest()) + pk
    c, d = code_of(lambda: execs.ExecuteTransaction(X.ExecuteTransactionRequest(transaction=T.Transaction(bcs=C.Bcs(value=tx)), signatures=[Sig.UserSignature(bcs=C.Bcs(value=sig[:-1] + b"\x00"))]), timeout=10))
    check("ExecuteTransaction: bad signature INVALID_ARGUMENT", c == grpc.StatusCode.INVALID_ARGUMENT and "Invalid user signature" in d, (c, d))
    ex = execs.ExecuteTransaction(X.ExecuteTransactionRequest(transaction=T.Transaction(bcs=C.Bcs(value=tx)), signatures=[Sig.UserSignature(bcs=C.Bcs(value=sig))], read_mask=mask("digest", "effects", "checkpoint", "timestamp")), timeout=10).transaction
    created = [x for x in ex.effects.changed_objects if x.id_operation == 2]
    check("ExecuteTransaction: executed, objects CREATED, checkpoint and timestamp", ex.effects.status.success and len(created) == 2 and ex.checkpoint > info.checkpoint_height and ex.timestamp.seconds > 0, ex)
    got = ledger.GetTransaction(L.GetTransactionRequest(digest=ex.digest, read_mask=mask("digest", "transaction.sender", "effects.status", "signatures")), timeout=10).transaction
    check("GetTransaction: the executed transaction", got.digest == ex.digest and got.transaction.sender == me and got.effects.status.success and got.signatures[0].bcs.value == sig, got)
    c, d = code_of(lambda: ledger.GetTransaction(L.GetTransactionRequest(digest="11111111111111111111111111111111"), timeout=10))
    check("GetTransaction: unknown digest NOT_FOUND", c == grpc.StatusCode.NOT_FOUND, (c, d))

    # ---- VerifySignature ------------------------------------------------------------------------
    msg = b"hello"
    pm = bytes([len(msg)]) + msg
    psig = b"\x00" + key.sign(hashlib.blake2b(b"\x03\x00\x00" + pm, digest_size=32).digest()) + pk
    v = verify.VerifySignature(V.VerifySignatureRequest(message=C.Bcs(name="PersonalMessage", value=pm), signature=Sig.UserSignature(bcs=C.Bcs(value=psig)), address=me), timeout=10)
    check("VerifySignature: Ed25519 personal message valid", v.is_valid and not v.reason, v)
    v = verify.VerifySignature(V.VerifySignatureRequest(message=C.Bcs(name="PersonalMessage", value=pm), signature=Sig.UserSignature(bcs=C.Bcs(value=psig)), address=member["address"]), timeout=10)
    check("VerifySignature: another address is_valid false", not v.is_valid and "does not match derived address" in v.reason, v)
    v = verify.VerifySignature(V.VerifySignatureRequest(message=C.Bcs(name="PersonalMessage", value=pm), signature=Sig.UserSignature(bcs=C.Bcs(value=b"\x05" + b"\x00" * 300))), timeout=10)
    check("VerifySignature: zkLogin not supported", not v.is_valid and v.reason == "zkLogin not supported", v)

    # ---- transport: unknown method, deadlines, concurrent streams -------------------------------
    nope = ch.unary_unary("/sui.rpc.v2.LedgerService/Nope", request_serializer=lambda x: x, response_deserializer=lambda x: x)
    c, d = code_of(lambda: nope(b"", timeout=10))
    check("unknown method UNIMPLEMENTED", c == grpc.StatusCode.UNIMPLEMENTED, (c, d))
    # every call here carries a deadline (grpc-timeout); grpcio lets a call whose deadline is
    # already short succeed when the answer is faster, so the server's refusal of an expired
    # deadline is checked with raw requests (tests/grpc/hostile.sh, grpc-timeout: 0m)
    futs = [ledger.GetObject.future(L.GetObjectRequest(object_id=al["allowlist"]), timeout=30) for _ in range(300)]
    oks = sum(1 for fu in futs if fu.result().object.object_id == al["allowlist"])
    check("300 concurrent calls on one connection", oks == 300, oks)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        chans = [grpc.insecure_channel(addr) for _ in range(8)]
        res = list(pool.map(lambda i: Lg.LedgerServiceStub(chans[i % 8]).GetEpoch(L.GetEpochRequest(), timeout=30).epoch.reference_gas_price, range(64)))
        for x in chans:
            x.close()
    check("8 connections in parallel", res == [1000] * 64)
    ch.close()
    import urllib.request
    metrics = urllib.request.urlopen(f"http://{addr}/metrics", timeout=10).read().decode()
    count = lambda p: int(re.search(rf'protocol="{p}"\}} (\d+)', metrics).group(1))
    check("metrics: native gRPC calls counted, no JSON-RPC", count("grpc") >= 350 and count("jsonrpc") == 0 and count("grpc_web") == 0, metrics)
    stop_server(server)
except Exception as ex:  # noqa: BLE001 (a failure of the test itself)
    error = ex
finish(error, server, work)
