#!/usr/bin/python3
"""gRPC's reference implementation (Debian python3-grpcio) as a fake Sui full node for the chain
layer's native gRPC transport (HTTP/2 cleartext, prior knowledge):

    fake_node.py PROBE PROTO_DIR

Stubs are generated at run time from the repository's .proto subset (PROTO_DIR) with Debian's
protoc 3.21 and grpc_python_plugin. The node answers recorded shapes (SUI_GRPC.md §4: objects with
their BCS and digest, packages, epochs, service info, simulation statuses, execution effects,
signature verification), errors as gRPC statuses (Trailers-Only, as grpcio sends them), transient
statuses for the retries, and a node that hangs. PROBE (tests/grpc/chain_probe.c) makes one chain
call per run; its JSON result is checked, and so is every request the node received, decoded with
the generated classes (fields, masks, metadata). Prints one line per check and
"N passed, N failed"."""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent import futures

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, finish  # noqa: E402

import grpc

PROBE, PROTO = sys.argv[1], sys.argv[2]

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(data):
    n = int.from_bytes(data, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + s


def uleb(n):
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def bstr(s):
    s = s.encode() if isinstance(s, str) else s
    return uleb(len(s)) + s


def addr(b):
    return "0x" + b.hex()


CLOCK_ID = bytes(31) + b"\x06"
CLOCK_MS = 1785000000123
PREV = b"\x22" * 32
SEAL_PKG = b"\x5e" * 32


def clock_bcs(version):
    """BCS of the Clock object (Data::Move, MoveObjectType::Other(0x2::clock::Clock))."""
    tag = bytes(31) + b"\x02" + bstr("clock") + bstr("Clock") + uleb(0)
    contents = CLOCK_ID + CLOCK_MS.to_bytes(8, "little")
    return (b"\x00" + b"\x00" + tag + b"\x00" + version.to_bytes(8, "little") + bstr(contents)
            + b"\x02" + (1).to_bytes(8, "little")  # Owner::Shared { initial_shared_version 1 }
            + bstr(PREV) + (0).to_bytes(8, "little"))


def object_digest(bcs):
    return hashlib.blake2b(b"Object::" + bcs, digest_size=32).digest()


def tx_data():
    """A TransactionData V1: one MoveCall <5e..>::allowlist::seal_approve(Pure vector<u8>)."""
    sender = b"\x11" * 32
    ptb = (uleb(1) + b"\x00" + bstr(bytes([3, 1, 2, 3]))  # inputs: Pure
           + uleb(1) + b"\x00" + SEAL_PKG + bstr("allowlist") + bstr("seal_approve") + uleb(0)
           + uleb(1) + b"\x01" + (0).to_bytes(2, "little"))  # commands: MoveCall(Input(0))
    gas = uleb(0) + sender + (1000).to_bytes(8, "little") + (55000000).to_bytes(8, "little")
    return b"\x00" + b"\x00" + ptb + sender + gas + b"\x00"


work = tempfile.mkdtemp(prefix="seal-grpc-fake-node-")
error = None
server = None
try:
    # ---- stubs ------------------------------------------------------------------------------
    gen = os.path.join(work, "gen")
    os.makedirs(gen)
    protos = [os.path.relpath(os.path.join(r, f), PROTO) for r, _, fs in os.walk(PROTO)
              for f in fs if f.endswith(".proto")]
    r = subprocess.run(["protoc", f"-I{PROTO}", f"--python_out={gen}", f"--grpc_python_out={gen}",
                        "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", *protos],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"protoc failed: {r.stderr}")
    sys.path.insert(0, gen)
    from sui.rpc.v2 import ledger_service_pb2 as L, ledger_service_pb2_grpc as Lg
    from sui.rpc.v2 import move_package_service_pb2 as M, move_package_service_pb2_grpc as Mg
    from sui.rpc.v2 import transaction_execution_service_pb2 as X
    from sui.rpc.v2 import transaction_execution_service_pb2_grpc as Xg
    from sui.rpc.v2 import signature_verification_service_pb2 as V
    from sui.rpc.v2 import signature_verification_service_pb2_grpc as Vg
    from sui.rpc.v2 import effects_pb2 as E, object_pb2 as O, common_pb2 as C
    from sui.rpc.v2 import move_package_pb2 as P
    from google.rpc import status_pb2

    # ---- the node ---------------------------------------------------------------------------
    state = {"scenario": "ok", "calls": 0, "requests": [], "metadata": []}
    lock = threading.Lock()

    def record(req, ctx):
        with lock:
            state["calls"] += 1
            state["requests"].append(req)
            state["metadata"].append(dict(ctx.invocation_metadata()))
            return state["scenario"], state["calls"]

    def transient(scenario, calls, ctx):
        """'flaky': UNAVAILABLE, RESOURCE_EXHAUSTED, then the answer; 'down': UNAVAILABLE always;
        'hang': no answer for 3 s."""
        if scenario == "flaky" and calls <= 2:
            ctx.abort(grpc.StatusCode.UNAVAILABLE if calls == 1 else grpc.StatusCode.RESOURCE_EXHAUSTED,
                      "try again")
        if scenario == "down":
            ctx.abort(grpc.StatusCode.UNAVAILABLE, "node overloaded")
        if scenario == "hang":
            time.sleep(3)
        if scenario == "internal":
            ctx.abort(grpc.StatusCode.INTERNAL, "database on fire")

    CHAIN_ID = "4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S"

    class Ledger(Lg.LedgerServiceServicer):
        def GetServiceInfo(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            return L.GetServiceInfoResponse(chain_id=CHAIN_ID, chain="mainnet", epoch=812,
                                            checkpoint_height=170000000,
                                            timestamp={"seconds": 1785000000, "nanos": 5000000},
                                            server="fake-node")

        def GetEpoch(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            return L.GetEpochResponse(epoch=L.Epoch(epoch=812, reference_gas_price=750))

        def BatchGetObjects(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            out = []
            for q in req.requests:
                if q.object_id == addr(CLOCK_ID):
                    bcs = clock_bcs(9)
                    digest = object_digest(bcs)
                    if sc == "bad_digest":
                        digest = bytes(32)
                    out.append(L.GetObjectResult(object=O.Object(
                        object_id=q.object_id, version=9, digest=b58(digest),
                        bcs=C.Bcs(name="Object", value=bcs))))
                else:
                    out.append(L.GetObjectResult(error=status_pb2.Status(
                        code=5, message=f"Object {q.object_id} not found")))
            if sc == "short_batch":
                out = out[:-1]
            return L.BatchGetObjectsResponse(objects=out)

    class Packages(Mg.MovePackageServiceServicer):
        def GetPackage(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            if sc == "missing":
                ctx.abort(grpc.StatusCode.NOT_FOUND, f"Package {req.package_id} not found")
            orig = addr(b"\xcd" * 32) if sc == "upgraded" else req.package_id
            return M.GetPackageResponse(package=P.Package(
                storage_id=req.package_id, original_id=orig,
                version=3 if sc == "upgraded" else 1, modules=[P.Module(name="allowlist")]))

    def status(kind):
        if kind == "success":
            return E.ExecutionStatus(success=True)
        if kind == "abort":
            return E.ExecutionStatus(success=False, error=E.ExecutionError(
                description="MoveAbort in 1st command, abort code: 93492", command=0, kind=13,
                abort=E.MoveAbort(abort_code=93492, location=E.MoveLocation(
                    package=addr(SEAL_PKG), module="time", function=0, instruction=10,
                    function_name="check_staleness"))))
        if kind == "fnf":
            return E.ExecutionStatus(success=False, error=E.ExecutionError(
                description="FunctionNotFound in command 1", command=1, kind=16))
        return E.ExecutionStatus(success=False, error=E.ExecutionError(
            description="InsufficientCoinBalance in command 2", command=2, kind=8))

    class Execution(Xg.TransactionExecutionServiceServicer):
        def SimulateTransaction(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            if sc == "refused":
                ctx.abort(grpc.StatusCode.INVALID_ARGUMENT,
                          "Could not find the referenced object 0x99 at version None")
            return X.SimulateTransactionResponse(transaction=E.ExecutedTransaction(
                effects=E.TransactionEffects(version=2, status=status(sc))))

        def ExecuteTransaction(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            if sc == "badsig":
                ctx.abort(grpc.StatusCode.INVALID_ARGUMENT, "Invalid user signature: bad")
            tx = req.transaction.bcs.value
            digest = b58(hashlib.blake2b(b"TransactionData::" + tx, digest_size=32).digest())
            owner = C.Owner(kind=1, address=addr(b"\x11" * 32))
            changed = [
                E.ChangedObject(object_id=addr(b"\xc1" * 32), input_state=1, output_state=2,
                                output_version=12, output_digest=b58(b"\x44" * 32),
                                output_owner=owner, id_operation=2,
                                object_type="0x2::clock::Clock"),
                E.ChangedObject(object_id=addr(b"\xc2" * 32), input_state=2, input_version=3,
                                input_owner=owner, output_state=2, output_version=12,
                                output_digest=b58(b"\x45" * 32), output_owner=owner,
                                id_operation=1, object_type="0x2::clock::Clock"),
            ]
            return X.ExecuteTransactionResponse(transaction=E.ExecutedTransaction(
                digest=digest, checkpoint=99, effects=E.TransactionEffects(
                    version=2, status=status("success"), transaction_digest=digest,
                    lamport_version=12, changed_objects=changed)))

    class Signatures(Vg.SignatureVerificationServiceServicer):
        def VerifySignature(self, req, ctx):
            sc, n = record(req, ctx)
            transient(sc, n, ctx)
            if sc == "invalid":
                return V.VerifySignatureResponse(is_valid=False, reason="zkLogin not supported")
            return V.VerifySignatureResponse(is_valid=True)

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    Lg.add_LedgerServiceServicer_to_server(Ledger(), server)
    Mg.add_MovePackageServiceServicer_to_server(Packages(), server)
    Xg.add_TransactionExecutionServiceServicer_to_server(Execution(), server)
    Vg.add_SignatureVerificationServiceServicer_to_server(Signatures(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(f"# fake node on 127.0.0.1:{port}")
    spec = f"http://127.0.0.1:{port}"

    def probe(scenario, *args, timeout_ms=3000, retries=2, env=None):
        with lock:
            state["scenario"] = scenario
            state["calls"] = 0
            state["requests"] = []
            state["metadata"] = []
        r = subprocess.run([PROBE, spec, "native", str(timeout_ms), str(retries), *args],
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, **(env or {})))
        if r.returncode != 0:
            raise RuntimeError(f"probe {args}: {r.stderr}")
        return json.loads(r.stdout)

    # ---- reads ------------------------------------------------------------------------------
    out = probe("ok", "info", env={"PROBE_API_KEY_HEADER": "x-api-key: k3y"})
    check("info: the chain id (Base58) and its short form",
          out.get("chain_id") == CHAIN_ID and out.get("chain_short") == "35834a8a", out)
    check("info: checkpoint, epoch, time (seconds and nanos)",
          out.get("checkpoint") == 170000000 and out.get("epoch") == 812
          and out.get("timestamp_ms") == 1785000000005, out)
    md = state["metadata"][0] if state["metadata"] else {}
    check("request metadata: the API key header and a user agent",
          md.get("x-api-key") == "k3y" and "user-agent" in md, md)

    out = probe("ok", "rgp")
    check("reference gas price", out.get("rgp") == 750, out)
    req = state["requests"][0]
    check("GetEpoch asks for reference_gas_price only",
          list(req.read_mask.paths) == ["reference_gas_price"] and not req.HasField("epoch"), req)

    out = probe("ok", "objects", addr(CLOCK_ID), "0x99")
    objs = out.get("objects", [])
    check("objects: the Clock read from its BCS, an unknown id not found",
          len(objs) == 2 and objs[0].get("found") and objs[0].get("version") == 9
          and objs[0].get("type") == "0x2::clock::Clock"
          and objs[0].get("owner", {}).get("kind") == "shared"
          and objs[0].get("contents") == (CLOCK_ID + CLOCK_MS.to_bytes(8, "little")).hex()
          and objs[0].get("previous") == b58(PREV) and not objs[1].get("found"), out)
    req = state["requests"][0]
    check("BatchGetObjects: the ids in order, mask object_id,version,digest,bcs",
          [q.object_id for q in req.requests] == [addr(CLOCK_ID), "0x" + "00" * 31 + "99"]
          and list(req.read_mask.paths) == ["object_id", "version", "digest", "bcs"], req)
    out = probe("ok", "clock")
    check("clock from the Clock's contents", out.get("clock_ms") == CLOCK_MS, out)
    out = probe("bad_digest", "objects", addr(CLOCK_ID))
    check("a digest that is not the hash of the BCS: refused", out.get("code") == 10, out)
    out = probe("short_batch", "objects", addr(CLOCK_ID), "0x99")
    check("a batch answer with an entry missing: refused", out.get("code") == 10, out)

    pkg = addr(b"\xab" * 32)
    out = probe("ok", "package", pkg)
    check("package, first version", out.get("found") and out.get("version") == 1
          and out.get("original") == pkg, out)
    out = probe("upgraded", "package", pkg)
    check("package, upgraded: its original id", out.get("found") and out.get("version") == 3
          and out.get("original") == addr(b"\xcd" * 32), out)
    out = probe("missing", "package", pkg)
    check("package NOT_FOUND (Trailers-Only): not found", out.get("found") is False, out)

    # ---- dry runs ---------------------------------------------------------------------------
    tx = tx_data()
    out = probe("success", "dryrun", tx.hex())
    check("dry run: success", out.get("verdict") == "success", out)
    req = state["requests"][0] if state["requests"] else None
    check("SimulateTransaction: transaction.bcs {TransactionData, the bytes}, mask, no checks set",
          req is not None and req.transaction.bcs.name == "TransactionData"
          and req.transaction.bcs.value == tx
          and list(req.read_mask.paths) == ["transaction.effects.status"]
          and not req.HasField("checks") and not req.HasField("do_gas_selection"), req)
    out = probe("abort", "dryrun", tx.hex())
    check("dry run: the staleness abort", out.get("verdict") == "abort" and out.get("code") == 93492
          and out.get("module") == "time" and out.get("function") == "check_staleness"
          and out.get("package") == addr(SEAL_PKG) and out.get("command") == 0, out)
    out = probe("fnf", "dryrun", tx.hex())
    check("dry run: function not found", out.get("verdict") == "function_not_found"
          and out.get("command") == 1, out)
    out = probe("other", "dryrun", tx.hex())
    check("dry run: another execution error with its description",
          out.get("verdict") == "execution_error"
          and out.get("message") == "InsufficientCoinBalance in command 2", out)
    out = probe("refused", "dryrun", tx.hex())
    check("dry run: INVALID_ARGUMENT is invalid input with the node's message",
          out.get("verdict") == "invalid_input" and "Could not find" in out.get("message", ""), out)
    out = probe("internal", "dryrun", tx.hex())
    check("dry run: INTERNAL is an I/O error, not retried", out.get("code") == 10
          and "INTERNAL" in out.get("why", "") and out.get("requests") == 1, out)

    # ---- execution, signatures --------------------------------------------------------------
    sig = bytes([0]) + b"\x33" * 96
    out = probe("ok", "execute", tx.hex(), sig.hex())
    check("execute: effects (created, mutated, Lamport version)", out.get("executed")
          and out.get("status") == "success" and out.get("lamport") == 12
          and [o["id"] for o in out.get("created", [])] == [addr(b"\xc1" * 32)]
          and [o["id"] for o in out.get("mutated", [])] == [addr(b"\xc2" * 32)], out)
    req = state["requests"][0] if state["requests"] else None
    check("ExecuteTransaction: transaction.bcs, signatures[].bcs.value, mask with changed objects",
          req is not None and req.transaction.bcs.value == tx and len(req.signatures) == 1
          and req.signatures[0].bcs.value == sig
          and "effects.changed_objects" in list(req.read_mask.paths), req)
    out = probe("badsig", "execute", tx.hex(), sig.hex())
    check("execute: a refused signature", out.get("code") == 17, out)

    zk = bytes([5]) + b"\x01" * 200
    out = probe("ok", "verify", "hello", zk.hex(), addr(b"\x77" * 32))
    check("VerifySignature: valid", out.get("valid") is True, out)
    req = state["requests"][0] if state["requests"] else None
    check("VerifySignature: PersonalMessage BCS vector<u8>, signature bytes, address, no JWKs",
          req is not None and req.message.name == "PersonalMessage"
          and req.message.value == bytes([5]) + b"hello" and req.signature.bcs.value == zk
          and req.address == addr(b"\x77" * 32) and len(req.jwks) == 0, req)
    out = probe("invalid", "verify", "hello", zk.hex(), addr(b"\x77" * 32))
    check("VerifySignature: not valid, with the reason", out.get("valid") is False
          and out.get("reason") == "zkLogin not supported", out)

    # ---- transient statuses, a node that hangs ----------------------------------------------
    out = probe("flaky", "rgp", retries=2)
    check("UNAVAILABLE then RESOURCE_EXHAUSTED are retried: 3 attempts, then the answer",
          out.get("rgp") == 750 and state["calls"] == 3 and out.get("requests") == 3, out)
    out = probe("down", "rgp", retries=2)
    check("UNAVAILABLE beyond the retries: I/O error after 3 attempts",
          out.get("code") == 10 and state["calls"] == 3 and "UNAVAILABLE" in out.get("why", ""),
          out)
    out = probe("hang", "rgp", timeout_ms=500, retries=0)
    check("a node that does not answer: I/O error within the timeout",
          out.get("code") == 10 and out.get("ms", 99999) < 2500, out)
    # several calls in a row reuse nothing broken (one connection per call on libcurl < 8)
    ok = all(probe("ok", "rgp").get("rgp") == 750 for _ in range(3))
    check("repeated calls", ok)
except Exception as e:  # noqa: BLE001
    error = e
finally:
    if server is not None:
        server.stop(0)
    finish(error, None, work)
