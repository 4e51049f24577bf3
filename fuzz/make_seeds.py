#!/usr/bin/env python3
"""Seeds of the networked surfaces' fuzz targets (fuzz/corpus/<surface>/seed-<name>): answers of
a Sui full node in the shapes the chain RPC backend reads, key server answers, CLI inputs, and
(when their targets exist) fetch_key requests, key server configurations and JSON-RPC requests.
Shapes follow the Sui JSON-RPC API and the @mysten/seal 1.4.12 SDK as recorded in
tests/unit/test_chain_rpc.c, tests/unit/test_client.c and docs/. Run from the repository root:
python3 fuzz/make_seeds.py (rewrites only seed-* files)."""
import base64
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(data):
    n = int.from_bytes(data, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + s


def write(surface, name, data):
    d = os.path.join(ROOT, "fuzz", "corpus", surface)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def addr(b):
    return "0x" + b.hex()


def chain_response():
    oid = bytes(31) + b"\x06"
    dg, pv = b58(b"\x11" * 32), b58(b"\x22" * 32)
    contents = base64.b64encode(oid + (1700000000000).to_bytes(8, "little")).decode()
    obj = ('{"data":{"objectId":"%s","version":"7","digest":"%s","type":"0x2::clock::Clock",'
           '"owner":{"Shared":{"initial_shared_version":1}},"previousTransaction":"%s",'
           '"bcs":{"dataType":"moveObject","type":"0x2::clock::Clock","hasPublicTransfer":false,'
           '"version":"7","bcsBytes":"%s"}}}' % (addr(oid), dg, pv, contents))
    owned = obj.replace('{"Shared":{"initial_shared_version":1}}', '{"AddressOwner":"0xa1"}')
    env = '{"jsonrpc":"2.0","id":7,"result":%s}'
    write("chain_response", "objects", b"\x00\x00" + (env % ("[" + obj + ',{"error":{"code":'
                                                      '"notExists","object_id":"0xee"}}]')).encode())
    write("chain_response", "objects-owned", b"\x00\x00" + (env % ("[" + owned + "]")).encode())
    write("chain_response", "objects-package", b"\x00\x00" + (env % (
        '[{"data":{"objectId":"0x5ea1","version":"1","bcs":{"dataType":"package","id":"0x5ea1",'
        '"version":"1","typeOriginTable":[{"module_name":"m","datatype_name":"T","package":'
        '"0x5ea1"}]}}}]')).encode())
    status = '{"effects":{"status":%s}}'
    abort = ('{"status":"failure","error":"MoveAbort(MoveLocation { module: ModuleId { address: '
             '0000000000000000000000000000000000000000000000000000000000005ea3, name: '
             'Identifier(\\"allowlist\\") }, function: 2, instruction: 17, function_name: '
             'Some(\\"seal_approve\\") }, 1) in command 1"}')
    write("chain_response", "dry-success", b"\x01\x00" + (env % (status % '{"status":"success"}')).encode())
    write("chain_response", "dry-abort", b"\x01\x00" + (env % (status % abort)).encode())
    write("chain_response", "dry-notfound", b"\x01\x00" + (env % (status % (
        '{"status":"failure","error":"FunctionNotFound in command 0"}'))).encode())
    write("chain_response", "rpc-error", b"\x01\x00" + b'{"jsonrpc":"2.0","id":7,"error":'
          b'{"code":-32602,"message":"Invalid params"}}')
    write("chain_response", "rpc-transient", b"\x01\x00" + b'{"jsonrpc":"2.0","id":7,"error":'
          b'{"code":-32050,"message":"busy"}}')
    write("chain_response", "gas", b"\x02\x00" + (env % '"750"').encode())
    od = b58(b"\x44" * 32)
    write("chain_response", "execute", b"\x03\x00" + (env % (
        '{"digest":"%s","effects":{"status":{"status":"success"},"transactionDigest":"%s"},'
        '"objectChanges":[{"type":"created","sender":"0x1","objectId":"0xab","version":"5",'
        '"digest":"%s","owner":{"AddressOwner":"0xa1"},"objectType":"0x5ea3::allowlist::Cap"},'
        '{"type":"mutated","sender":"0x1","objectId":"0x6","version":"5","previousVersion":"4",'
        '"digest":"%s","owner":"Immutable","objectType":"0x2::clock::Clock"}]}'
        % (dg, dg, od, od))).encode())


def key_response():
    full_id = bytes(range(1, 33)) + b"\xff"
    c = base64.b64encode(b"\xaa" * 48).decode()
    body = ('{"decryption_keys":[{"id":[%s],"encrypted_key":["%s","%s"]}]}'
            % (",".join(str(b) for b in full_id), c, c))
    write("key_response", "ok", bytes([10 << 2]) + body.encode())
    write("key_response", "empty", bytes([1 << 2]) + b'{"decryption_keys":[]}')
    write("key_response", "error", b"\x02" + b'{"error":"NoAccess","message":"Access denied"}')
    write("key_response", "version", b"\x03" + b"0.6.10")
    pop = base64.b64encode(b"\x97" + b"\x11" * 47).decode()
    write("key_response", "service", b"\x01" + ('{"service_id":"0x%s","pop":"%s"}'
                                                 % ("ab" * 32, pop)).encode())


def cli_input():
    pk = "a" * 192
    write("cli_input", "hex", b"\x00" + b"0xDeadBeef")
    write("cli_input", "object-id", b"\x01" + b"0x5ea1")
    write("cli_input", "uint", b"\x02" + b"18446744073709551615")
    write("cli_input", "split", b"\x03" + b"0x1:" + pk.encode() + b":2")
    for i, a in enumerate([b"object:0x6", b"u64:42", b"address:0xa1", b"bool:true",
                           b"pure:0102ff", b"string:hello", b"clock", b"u8:255"]):
        write("cli_input", "arg%d" % i, b"\x04" + a)
    write("cli_input", "target", b"\x05" + b"0x5ea3::allowlist::seal_approve")
    argv = [b"--package", b"0x5ea1", b"--id=0102", b"--key-server", b"0x1:" + pk.encode() + b":1",
            b"--usk", b"0x2:" + b"b" * 96, b"--threshold", b"2", b"--dem", b"aes-256-gcm",
            b"--force", b"in.bin", b"--", b"-x"]
    write("cli_input", "argv", b"\x06" + b"\0".join(argv))


def sdk_request():
    """The official SDK's fetch_key request (tests/vectors/spec/session_and_request.json,
    full_fetch_key_request_example) as a raw body for fetch_key, its PTB for dry_run."""
    import json
    d = json.load(open(os.path.join(ROOT, "tests", "vectors", "spec", "session_and_request.json")))
    v = [x for x in d["vectors"] if x["name"] == "full_fetch_key_request_example"][0]
    body = json.dumps(v["fetch_key_body_json"], separators=(",", ":")).encode()
    write("fetch_key", "sdk-request", b"\x00" + body)
    write("dry_run", "sdk-ptb", b"\x00" + bytes.fromhex(v["ptb_bcs_hex"]))


def pb_varint(v):
    out = b""
    while v >= 0x80:
        out += bytes([(v & 0x7f) | 0x80])
        v >>= 7
    return out + bytes([v])


def pb(field, value):
    """One protobuf field: int -> varint, bytes/str -> length-delimited."""
    if isinstance(value, int):
        return pb_varint(field << 3) + pb_varint(value)
    if isinstance(value, str):
        value = value.encode()
    return pb_varint(field << 3 | 2) + pb_varint(len(value)) + value


def protobuf():
    """sui.rpc.v2 messages (field numbers of ../shared/spec/SUI_GRPC.md section 4)."""
    oid = "0x" + "00" * 31 + "06"
    owner = pb(1, 3) + pb(3, 1)
    obj = (pb(2, oid) + pb(3, 5) + pb(4, b58(b"\x11" * 32)) + pb(5, owner) +
           pb(6, "0x2::clock::Clock") + pb(8, pb(1, "0x2::clock::Clock") + pb(2, bytes(31) + b"\x06" + (1000).to_bytes(8, "little"))) +
           pb(10, b58(b"\x22" * 32)))
    write("protobuf", "get-object-response", pb(1, obj))
    write("protobuf", "batch-get-objects", pb(1, pb(1, obj)) + pb(1, pb(2, pb(1, 5) + pb(2, "Object 0x99 not found"))))
    write("protobuf", "get-epoch-response", bytes.fromhex("0a0340e807"))
    loc = pb(1, "0x" + "5e" * 32) + pb(2, "time") + pb(3, 0) + pb(4, 10) + pb(5, "check_staleness")
    err = pb(1, "d") + pb(2, 0) + pb(3, 13) + pb(4, pb(1, 93492) + pb(2, loc))
    status = pb(1, 0) + pb(2, err)
    effects = pb(4, status) + pb(5, 0) + pb(6, pb(1, 0) + pb(2, 0))
    write("protobuf", "simulate-abort", pb(1, pb(4, effects)))
    write("protobuf", "simulate-success", pb(1, pb(4, pb(4, pb(1, 1)))))
    write("protobuf", "verify-signature-response", pb(1, 0) + pb(2, "zkLogin not supported"))
    write("protobuf", "packed", pb(1, pb_varint(1) + pb_varint(300) + pb_varint(1 << 40)) +
          pb_varint(1 << 3 | 1) + bytes(8) + pb_varint(2 << 3 | 5) + bytes(4) + pb(3, -1 & (2**64 - 1)))
    deep = b""
    for _ in range(34):
        deep = pb(1, deep)
    write("protobuf", "deep", deep)


def grpc_frame():
    """Selector byte, then a gRPC-web body, native body, trailer text, grpc-web-text body,
    grpc-message or grpc-timeout (fuzz/fuzz_grpc_frame.c)."""
    data = bytes.fromhex("0a0340e807")
    trailer = b"grpc-status:0\r\n"
    err = b"grpc-status:5\r\ngrpc-message:Object%200x99%20not%20found\r\n"
    frame = lambda flags, p: bytes([flags]) + len(p).to_bytes(4, "big") + p
    write("grpc_frame", "web-body", b"\x00" + frame(0, data) + frame(0x80, trailer))
    write("grpc_frame", "web-error", b"\x00" + frame(0x80, err))
    write("grpc_frame", "native-body", b"\x01" + frame(0, data))
    write("grpc_frame", "trailers", b"\x02" + b"Grpc-Status: 14\r\ngrpc-message:busy%2C%20retry\r\nx-sui-epoch:3")
    write("grpc_frame", "web-text", b"\x03" + b"AAAAAAUKA0DoBw==gAAAAA9ncnBjLXN0YXR1czowDQo=")
    write("grpc_frame", "message", b"\x04" + "caf\u00e9 100% \r\n".encode())
    write("grpc_frame", "timeout", b"\x05" + b"60S")


def committee_dkg():
    """The DKG target (fuzz/fuzz_committee_dkg.c): selector byte, then a SignedMessage (0), a
    party byte and a message of the fixed committee (1), a message file (2), a party byte and a
    complaint (3), a dkg.key file (4); from tests/vectors/spec/committee.json."""
    import json
    with open(os.path.join(ROOT, "tests", "vectors", "spec", "committee.json")) as f:
        v = json.load(f)
    fresh = v["fresh_dkg"]
    for d in fresh["dealers"]:
        msg = bytes.fromhex(d["signed_message_bcs"])
        write("committee_dkg", "parse-%d" % d["sender"], b"\x00" + msg)
        write("committee_dkg", "process-%d" % d["sender"], b"\x01" + bytes([d["sender"]]) + msg)
    for d in v["rotation"]["dealers"]:
        write("committee_dkg", "parse-rotation-%d" % d["sender"],
              b"\x00" + bytes.fromhex(d["signed_message_bcs"]))
    d0 = fresh["dealers"][0]
    write("committee_dkg", "file-compact", b"\x02" + d0["message_file_json"].encode())
    write("committee_dkg", "file-pretty",
          b"\x02" + ('{\n  "message": "0x%s"\n}' % d0["signed_message_bcs"]).encode())
    g1 = bytes.fromhex("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
    one = (1).to_bytes(32, "big")
    write("committee_dkg", "complaint", b"\x03\x02" + b"\x00\x00" + g1 + g1 + g1 + one)
    m = fresh["members"][0]
    keys = ('{\n  "enc_sk": "0x%s",\n  "enc_pk": "0x%s",\n  "signing_sk": "0x%s",\n  "signing_pk": "0x%s"\n}'
            % (m["enc_sk"], m["enc_pk_onchain"], m["signing_sk"], m["signing_pk_onchain"]))
    write("committee_dkg", "keys", b"\x04" + keys.encode())


def audit():
    """The audit log's encodings (docs/audit.md), first byte = the target's selector: records
    from tests/vectors/audit/formats.json, proofs of a 5-leaf tree with their leaf and roots,
    a receipt, a head, an AuditLog object's contents, a fetch_key body."""
    import hashlib
    import json
    import struct
    sha = lambda b: hashlib.sha256(b).digest()
    v = json.load(open(os.path.join(ROOT, "tests", "vectors", "audit", "formats.json")))
    write("audit", "record-granted", b"\x00" + bytes.fromhex(v["record_granted"]))
    write("audit", "record-refused", b"\x00" + bytes.fromhex(v["record_refused"]))
    leaves = [sha(b"\x00" + bytes([i])) for i in range(5)]
    node = lambda l, r: sha(b"\x01" + l + r)
    h01, h23 = node(leaves[0], leaves[1]), node(leaves[2], leaves[3])
    h0123 = node(h01, h23)
    root5 = node(h0123, leaves[4])
    root3 = node(h01, leaves[2])
    log_id = bytes(32)
    proof = lambda a, b, path: (b"\x01" + log_id + struct.pack("<QQ", a, b) + bytes([len(path)])
                                + b"".join(path))
    # inclusion of leaf 2 in 5: [leaf 3, h01, leaf 4]; consistency 3 -> 5: [leaf 2, leaf 3, h01, leaf 4]
    write("audit", "inclusion", b"\x01" + proof(2, 5, [leaves[3], h01, leaves[4]]) + leaves[2] + root5)
    write("audit", "consistency",
          b"\x02" + proof(3, 5, [leaves[2], leaves[3], h01, leaves[4]]) + root3 + root5)
    write("audit", "receipt", b"\x03\x01" + log_id + struct.pack("<Q", 7) + leaves[0] + bytes(64))
    write("audit", "head", b"\x04\x01" + log_id + struct.pack("<QQ", 5, 1700000000000) + root5 + bytes(64))
    vec = lambda b: bytes([len(b)]) + b
    write("audit", "audit-log", b"\x05" + bytes(32) + vec(bytes(32)) + vec(log_id) +
          struct.pack("<QQ", 5, 1) + vec(root5) + vec(bytes(64)))
    b64 = lambda b: base64.b64encode(b).decode()
    body = {"ptb": b64(bytes(40)), "enc_key": b64(bytes(48)), "enc_verification_key": b64(bytes(96)),
            "request_signature": b64(bytes(64)),
            "certificate": {"user": "0x" + "11" * 32, "session_vk": b64(bytes(32)),
                            "creation_time": 1700000000000, "ttl_min": 10,
                            "signature": b64(bytes(97)), "mvr_name": None}}
    write("audit", "request", b"\x06" + json.dumps(body).encode())


def chain_grpc():
    """Selector byte, then a sui.rpc.v2 answer (fuzz/fuzz_chain_grpc.c), in the shapes of
    tests/unit/test_chain_grpc.c."""
    import hashlib
    clock = bytes(31) + b"\x06"
    tag = bytes(31) + b"\x02" + bytes([5]) + b"clock" + bytes([5]) + b"Clock" + b"\x00"
    contents = clock + (1700000123456).to_bytes(8, "little")
    bcs = (b"\x00\x00" + tag + b"\x00" + (7).to_bytes(8, "little") + bytes([len(contents)]) + contents
           + b"\x02" + (1).to_bytes(8, "little") + bytes([32]) + b"\x22" * 32 + bytes(8))
    digest = hashlib.blake2b(b"Object::" + bcs, digest_size=32).digest()
    obj = pb(1, pb(1, "Object") + pb(2, bcs)) + pb(2, addr(clock)) + pb(3, 7) + pb(4, b58(digest))
    nf = pb(2, pb(1, 5) + pb(2, "Object 0xee not found"))
    write("chain_grpc", "objects", b"\x00" + pb(1, pb(1, obj)) + pb(1, nf))
    pkg = addr(b"\xab" * 32)
    write("chain_grpc", "package", b"\x01" + pb(1, pb(1, pkg) + pb(2, addr(b"\xcd" * 32)) + pb(3, 3)))
    write("chain_grpc", "epoch", b"\x02" + pb(1, pb(1, 812) + pb(8, 750)))
    write("chain_grpc", "service-info", b"\x03" + pb(1, "4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S")
          + pb(3, 812) + pb(4, 170000000) + pb(5, pb(1, 1785000000) + pb(2, 5000000)))
    write("chain_grpc", "verify", b"\x04" + pb(1, 0) + pb(2, "zkLogin not supported"))
    loc = pb(1, "0x" + "5e" * 32) + pb(2, "time") + pb(3, 0) + pb(4, 10) + pb(5, "check_staleness")
    err = pb(1, "d") + pb(2, 0) + pb(3, 13) + pb(4, pb(1, 93492) + pb(2, loc))
    write("chain_grpc", "simulate-abort", b"\x05" + pb(1, pb(4, pb(3, 2) + pb(4, pb(1, 0) + pb(2, err)))))
    d = b58(b"\x11" * 32)
    owner = pb(1, 1) + pb(2, addr(b"\x11" * 32))
    changed = (pb(1, addr(b"\xc1" * 32)) + pb(2, 1) + pb(6, 2) + pb(7, 12) + pb(8, b58(b"\x44" * 32))
               + pb(9, owner) + pb(10, 2) + pb(11, "0x2::clock::Clock"))
    fx = pb(4, pb(1, 1)) + pb(7, d) + pb(11, 12) + pb(12, changed)
    write("chain_grpc", "execute", b"\x06" + pb(1, pb(1, d) + pb(4, fx) + pb(6, 99)))


def http1(method, path, body=b"", headers=(), chunked=False, version=b"HTTP/1.1", close=False):
    """One HTTP/1.x request (bytes); body as str/bytes, chunked in two pieces when asked."""
    if isinstance(body, str):
        body = body.encode()
    h = [b"Host: 127.0.0.1"] + [x.encode() if isinstance(x, str) else x for x in headers]
    if close:
        h.append(b"Connection: close")
    if method in (b"POST", "POST"):
        if chunked:
            h.append(b"Transfer-Encoding: chunked")
            half = len(body) // 2
            parts = [body[:half], body[half:]]
            body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in parts if c) + b"0\r\n\r\n"
        elif b"@BODY@" not in body and not any(x.lower().startswith(b"content-length") for x in h):
            h.append(b"Content-Length: %d" % len(body))
    m = method.encode() if isinstance(method, str) else method
    return m + b" " + path.encode() + b" " + version + b"\r\n" + b"\r\n".join(h) + b"\r\n\r\n" + body


def server_http():
    """Raw bytes for the key server's listening socket (fuzz/fuzz_server_http.c): each route,
    pipelining, chunked bodies, huge headers. @BODY@ / @LEN@ / @HEXLEN@ stand for a fetch_key
    body signed when the target runs and its length in decimal / hexadecimal."""
    sdk = ["Client-Sdk-Type: typescript", "Client-Sdk-Version: 1.4.12"]
    fetch = (b"POST /v1/fetch_key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             b"Client-Sdk-Type: typescript\r\nClient-Sdk-Version: 1.4.12\r\nContent-Length: @LEN@\r\n\r\n@BODY@")
    svc = "/v1/service?service_id=0x" + "77" * 32
    write("server_http", "health", http1("GET", "/health", close=True))
    write("server_http", "service", http1("GET", svc, headers=sdk, close=True))
    write("server_http", "fetch-key", fetch)
    write("server_http", "fetch-key-chunked",
          http1("POST", "/v1/fetch_key", headers=["Content-Type: application/json",
                "Transfer-Encoding: chunked", "Content-Length: none"] + sdk).replace(b"Content-Length: none\r\n", b"")
          + b"@HEXLEN@\r\n@BODY@\r\n0\r\n\r\n")
    write("server_http", "preflight", http1("OPTIONS", "/v1/fetch_key", headers=[
        "Origin: https://example.com", "Access-Control-Request-Method: POST",
        "Access-Control-Request-Headers: content-type,client-sdk-type,client-sdk-version"]))
    write("server_http", "pipelined", http1("GET", "/health") + http1("GET", svc, headers=sdk) + fetch
          + http1("GET", "/v1/debug/committee_partial_pk", close=True))
    write("server_http", "http10", http1("GET", "/health", version=b"HTTP/1.0"))
    write("server_http", "expect-continue", http1("POST", "/v1/fetch_key", b"@BODY@",
          ["Content-Type: application/json", "Expect: 100-continue", "Content-Length: @LEN@"] + sdk))
    write("server_http", "huge-header", http1("GET", "/health", headers=["X-Big: " + "a" * 70000], close=True))
    write("server_http", "many-headers", http1("GET", svc, headers=sdk + ["X-H%d: %d" % (i, i) for i in range(150)]))
    write("server_http", "too-large", http1("POST", "/v1/fetch_key", headers=["Content-Length: 99999999"]
          + sdk) + b"{")
    write("server_http", "bad-json", http1("POST", "/v1/fetch_key", "{\"ptb\":", ["Content-Type: application/json"] + sdk))


def h2_frame(ftype, flags, stream, payload):
    return len(payload).to_bytes(3, "big") + bytes([ftype, flags]) + stream.to_bytes(4, "big") + payload


def hpack_literal(name, value):
    """A literal header field without indexing, new name, no Huffman (RFC 7541 6.2.2)."""
    def s(x):
        x = x.encode()
        assert len(x) < 127
        return bytes([len(x)]) + x
    return b"\x00" + s(name) + s(value)


def localnet_http():
    """Raw bytes for the local chain's listening socket (fuzz/fuzz_localnet_http.c): JSON-RPC
    and gRPC-web over HTTP/1.1 (the localnet_rpc and localnet_grpc seeds wrapped in requests,
    pipelined, chunked), CORS, and native gRPC over h2c with prior knowledge."""
    rpc_dir = os.path.join(ROOT, "fuzz", "corpus", "localnet_rpc")
    bodies = {}
    for name in sorted(os.listdir(rpc_dir)):
        if name.startswith("seed-"):
            bodies[name[5:]] = open(os.path.join(rpc_dir, name), "rb").read()
    js = ["Content-Type: application/json"]
    for name in ("get-object", "batch", "dry-run", "discover"):
        if name in bodies:
            write("localnet_http", "rpc-" + name, http1("POST", "/", bodies[name], js, close=True))
    pipe = b"".join(http1("POST", "/", bodies[n], js) for n in sorted(bodies)[:4])
    write("localnet_http", "rpc-pipelined", pipe + http1("GET", "/metrics", close=True))
    write("localnet_http", "rpc-chunked", http1("POST", "/", bodies.get("get-object", b"{}"), js, chunked=True))
    write("localnet_http", "preflight", http1("OPTIONS", "/", headers=[
        "Origin: http://localhost:5173", "Access-Control-Request-Method: POST",
        "Access-Control-Request-Headers: content-type"]))
    write("localnet_http", "huge-header", http1("POST", "/", "{}", js + ["X-Big: " + "b" * 70000]))
    # gRPC-web: the localnet_grpc seeds are a method byte, a mode byte (0 message, 1 binary, 2 text)
    paths = ["LedgerService/GetServiceInfo", "LedgerService/GetObject", "LedgerService/BatchGetObjects",
             "LedgerService/GetTransaction", "LedgerService/GetCheckpoint", "LedgerService/GetEpoch",
             "StateService/ListDynamicFields", "MovePackageService/GetFunction", "MovePackageService/GetPackage",
             "TransactionExecutionService/SimulateTransaction", "TransactionExecutionService/ExecuteTransaction",
             "SignatureVerificationService/VerifySignature"]
    grpc_dir = os.path.join(ROOT, "fuzz", "corpus", "localnet_grpc")
    frame = lambda flags, p: bytes([flags]) + len(p).to_bytes(4, "big") + p
    first_msg = None
    for name in sorted(os.listdir(grpc_dir)):
        if not name.startswith("seed-"):
            continue
        d = open(os.path.join(grpc_dir, name), "rb").read()
        if len(d) < 2 or d[0] >= len(paths):
            continue
        path = "/sui.rpc.v2." + paths[d[0]]
        if d[1] == 2:
            body, ct = d[2:], "application/grpc-web-text"
        elif d[1] == 1:
            body, ct = d[2:], "application/grpc-web+proto"
        else:
            body, ct = frame(0, d[2:]), "application/grpc-web+proto"
            if first_msg is None:
                first_msg = (path, d[2:])
        write("localnet_http", "grpc-web-" + name[5:], http1("POST", path, body, [
            "Content-Type: " + ct, "X-Grpc-Web: 1", "Accept: application/grpc-web"], close=True))
    # native gRPC over h2c, prior knowledge: preface, SETTINGS, HEADERS, DATA (END_STREAM)
    def h2_call(stream, path, msg):
        hdrs = b"".join(hpack_literal(k, v) for k, v in [
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "127.0.0.1"),
            ("content-type", "application/grpc"), ("te", "trailers")])
        return h2_frame(1, 0x4, stream, hdrs) + h2_frame(0, 0x1, stream, frame(0, msg))
    preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + h2_frame(4, 0, 0, b"")
    info = "/sui.rpc.v2.LedgerService/GetServiceInfo"
    write("localnet_http", "h2-service-info", preface + h2_call(1, info, b"") + h2_frame(7, 0, 0, bytes(8)))
    if first_msg is not None:
        write("localnet_http", "h2-two-streams", preface + h2_call(1, info, b"") + h2_call(3, *first_msg)
              + h2_frame(4, 1, 0, b"") + h2_frame(6, 0, 0, bytes(8)))
    write("localnet_http", "h2-preface-only", preface)


SURFACES = {"sdk_request": sdk_request, "chain_response": chain_response, "key_response": key_response, "cli_input": cli_input,
            "protobuf": protobuf, "grpc_frame": grpc_frame, "committee_dkg": committee_dkg,
            "chain_grpc": chain_grpc, "audit": audit, "server_http": server_http,
            "localnet_http": localnet_http}

if __name__ == "__main__":
    for name in sys.argv[1:] or SURFACES:
        SURFACES[name]()
