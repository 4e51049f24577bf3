#!/usr/bin/python3
"""Hostile gRPC inputs to `seal localnet serve`: malformed gRPC-web requests over HTTP/1.1 (bad,
truncated, compressed, huge and repeated frames, bad Base64, bad and deeply nested protobuf,
wrong content types, oversized bodies, unknown methods) each answered with HTTP 200 and a gRPC
status; native gRPC over HTTP/2 (curl --http2-prior-knowledge): expired and malformed deadlines,
oversized bodies; raw HTTP/2 abuse (more streams than allowed, RST_STREAM and PING floods,
oversized headers, garbage frames, a half preface). After every case the server still answers.

    hostile.py SEAL        prints one line per check and "N passed, N failed"."""

import base64
import http.client
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import check, finish, start_server, stop_server  # noqa: E402

SEAL = sys.argv[1]
MAX_BODY = 65536



def frame(msg, flags=0, length=None):
    return bytes([flags]) + struct.pack(">I", len(msg) if length is None else length) + msg


def web(path, body, ctype="application/grpc-web+proto"):
    """POST over HTTP/1.1; returns (http status, grpc-status, grpc-message, body)."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=20)
    c.request("POST", path, body=body, headers={"content-type": ctype})
    r = c.getresponse()
    data = r.read()
    status, message = r.getheader("grpc-status"), r.getheader("grpc-message") or ""
    if status is None and data:  # status in the trailer frame
        raw = base64.b64decode(data) if "text" in (r.getheader("content-type") or "") else data
        m = re.search(rb"grpc-status:(\d+)", raw)
        status = m.group(1).decode() if m else None
    c.close()
    return r.status, status, message, data


def alive():
    try:
        s, st, _, _ = web("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b""))
        return s == 200 and st == "0"
    except Exception:  # noqa: BLE001 (any failure means not alive)
        return False


def expect(label, path, body, want, ctype="application/grpc-web+proto"):
    s, st, msg, _ = web(path, body, ctype)
    check(f"{label}: HTTP 200, grpc-status {want}", s == 200 and st == str(want), (s, st, msg))
    check(f"{label}: server alive", alive())


def curl_h2(path, body, headers=()):
    """Native gRPC over h2c with curl; returns the grpc-status (headers or trailers)."""
    p = os.path.join(WORK, "body")
    with open(p, "wb") as f:
        f.write(body)
    args = ["curl", "-s", "--http2-prior-knowledge", "-D", "-", "-o", "/dev/null", "-X", "POST", "-H", "content-type: application/grpc", "-H", "te: trailers"]
    for h in headers:
        args += ["-H", h]
    out = subprocess.run(args + ["--data-binary", f"@{p}", f"http://{HOST}:{PORT}{path}"], capture_output=True, text=True, timeout=30).stdout
    m = re.search(r"grpc-status: (\d+)", out)
    return m.group(1) if m else None


# ---- raw HTTP/2 -------------------------------------------------------------------------------

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def h2frame(ftype, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


def hpack_int(v, prefix_bits, first):
    limit = (1 << prefix_bits) - 1
    if v < limit:
        return bytes([first | v])
    out = [first | limit]
    v -= limit
    while v >= 128:
        out.append((v & 127) | 128)
        v >>= 7
    out.append(v)
    return bytes(out)


def hpack(headers):
    out = b""
    for n, v in headers:
        out += b"\x00" + hpack_int(len(n), 7, 0) + n + hpack_int(len(v), 7, 0) + v
    return out


def request_headers(path=b"/sui.rpc.v2.LedgerService/GetServiceInfo", extra=()):
    return hpack([(b":method", b"POST"), (b":scheme", b"http"), (b":path", path), (b":authority", b"x"), (b"content-type", b"application/grpc"), (b"te", b"trailers"), *extra])


def h2_connect():
    s = socket.create_connection((HOST, PORT), timeout=10)
    s.sendall(PREFACE + h2frame(4, 0, 0, b""))
    return s


def drain(s, seconds=3.0):
    """Reads until close or timeout; returns the frame types seen (7 = GOAWAY, 3 = RST_STREAM)."""
    s.settimeout(0.5)
    buf, types, end = b"", [], time.time() + seconds
    while time.time() < end:
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not d:
            types.append("closed")
            break
        buf += d
        while len(buf) >= 9:
            n = int.from_bytes(buf[:3], "big")
            if len(buf) < 9 + n:
                break
            types.append(buf[3])
            buf = buf[9 + n:]
    return types


WORK = tempfile.mkdtemp(prefix="seal-grpc-hostile-")
server = error = None
try:
    data = os.path.join(WORK, "chain")
    subprocess.run([SEAL, "localnet", "init", "--data", data], check=True, capture_output=True)
    server, HOST, PORT = start_server(SEAL, data, "--max-body", str(MAX_BODY))
    check("server answers", alive())

    GO = "/sui.rpc.v2.LedgerService/GetObject"
    SIM = "/sui.rpc.v2.TransactionExecutionService/SimulateTransaction"
    # ---- gRPC-web ------------------------------------------------------------------------------
    expect("a body shorter than a frame header", GO, b"\x00\x00\x00", 3)
    expect("a frame shorter than its length", GO, frame(b"\x0a\x02\x30\x78", length=100), 3)
    expect("no frame at all", GO, b"", 3)
    expect("the compressed flag", GO, frame(b"", flags=1), 3)
    expect("a trailer frame as the request", GO, frame(b"grpc-status:0\r\n", flags=0x80), 3)
    expect("unknown flag bits", GO, frame(b"", flags=0x42), 3)
    expect("a 4 GiB length", GO, frame(b"", length=0xFFFFFFFF), 3)
    expect("two frames", GO, frame(b"") + frame(b""), 3)
    expect("bad Base64 (text)", GO, b"AAAA!!!!", 3, "application/grpc-web-text")
    expect("Base64 of a bad frame (text)", GO, base64.b64encode(b"\x00\x00"), 3, "application/grpc-web-text")
    expect("bad protobuf (truncated varint)", GO, frame(b"\x0a\xff"), 3)
    expect("bad protobuf (wire type 3)", GO, frame(b"\x0b"), 3)
    expect("bad UTF-8 in object_id", GO, frame(b"\x0a\x02\xff\xfe"), 3)
    nested = b"\x00"
    for _ in range(200):
        nested = b"\x0a" + bytes([len(nested)]) + nested if len(nested) < 128 else b"\x0a" + bytes([0x80 | (len(nested) & 127), len(nested) >> 7]) + nested
    expect("200 levels of nested messages", SIM, frame(nested), 3)
    expect("a read mask of 10,000 paths", GO, frame(b"\x0a\x03\x30\x78\x32\x1a" + bytes([0xa0, 0x9c, 0x01]) + b"\x0a\x01\x2a" * 10000), 3)
    expect("an unknown read mask path", GO, frame(b"\x0a\x030x2\x1a\x05\x0a\x03nop"), 3)
    expect("an unknown method", "/sui.rpc.v2.LedgerService/Nope", frame(b""), 12)
    expect("an unknown service", "/sui.rpc.v2.Nope/GetObject", frame(b""), 12)
    expect("a path outside sui.rpc.v2", "/grpc.health.v1.Health/Check", frame(b""), 12)
    expect("text/plain to a gRPC path", GO, frame(b""), 3, "text/plain")
    expect("a content type with parameters", GO, frame(b""), 3, "application/grpc-web; charset=utf-8")
    expect("native gRPC over HTTP/1.1", GO, frame(b""), 3, "application/grpc")
    expect("a body over --max-body", GO, frame(b"\x00" * MAX_BODY), 8)
    expect("a body over --max-body (text)", GO, base64.b64encode(frame(b"\x00" * MAX_BODY)), 8, "application/grpc-web-text")
    s, st, _, _ = web("/", b'{"jsonrpc":"2.0","id":1,"method":"sui_getChainIdentifier","params":[]}', "application/json")
    check("JSON-RPC still served on the same port", s == 200 and st is None)

    # ---- native gRPC over HTTP/2 (curl) --------------------------------------------------------
    check("h2: a call", curl_h2("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b"")) == "0")
    check("h2: grpc-timeout 0m is DEADLINE_EXCEEDED", curl_h2("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b""), ["grpc-timeout: 0m"]) == "4")
    check("h2: grpc-timeout 1n is DEADLINE_EXCEEDED", curl_h2("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b""), ["grpc-timeout: 1n"]) == "4")
    check("h2: grpc-timeout 10S succeeds", curl_h2("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b""), ["grpc-timeout: 10S"]) == "0")
    check("h2: a malformed grpc-timeout is INVALID_ARGUMENT", curl_h2("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b""), ["grpc-timeout: 123456789S"]) == "3")
    check("h2: a body over --max-body is RESOURCE_EXHAUSTED", curl_h2(GO, frame(b"\x00" * MAX_BODY)) == "8")
    check("h2: a bad frame is INVALID_ARGUMENT", curl_h2(GO, b"\x00\x00") == "3")
    check("h2: an unknown method is UNIMPLEMENTED", curl_h2("/sui.rpc.v2.X/Y", frame(b"")) == "12")
    check("h2: server alive", alive())

    # ---- raw HTTP/2 abuse ----------------------------------------------------------------------
    s = h2_connect()
    for i in range(150):  # more open streams than SETTINGS_MAX_CONCURRENT_STREAMS (100)
        s.sendall(h2frame(1, 4, 1 + 2 * i, request_headers()))  # END_HEADERS, no END_STREAM
    t = drain(s, 2)
    check("h2: streams past the limit are refused (RST_STREAM or GOAWAY)", 3 in t or 7 in t, t)
    s.close()
    check("h2: server alive after 150 open streams", alive())

    s = h2_connect()
    try:
        for i in range(3000):  # rapid reset
            s.sendall(h2frame(1, 4, 1 + 2 * i, request_headers()) + h2frame(3, 0, 1 + 2 * i, struct.pack(">I", 8)))
    except OSError:
        pass
    t = drain(s, 3)
    check("h2: an RST_STREAM flood ends in GOAWAY", 7 in t or "closed" in t, t[-5:])
    s.close()
    check("h2: server alive after the RST flood", alive())

    s = h2_connect()
    try:
        s.settimeout(5)
        for _ in range(200):
            s.sendall(h2frame(6, 0, 0, b"12345678") * 100)  # PING flood, answers not read yet
    except OSError:
        pass
    check("h2: server answers others during a PING flood (20,000 pings)", alive())
    t = drain(s, 3)
    check("h2: the flood's PINGs are acknowledged or the connection cut off", 6 in t or 7 in t or "closed" in t, t[-5:])
    s.close()
    check("h2: server alive after the PING flood", alive())

    s = h2_connect()
    big = request_headers(extra=[(b"x-big", b"a" * 60000)])
    s.sendall(h2frame(1, 4 | 1, 1, big[:16384]) + h2frame(9, 0, 1, big[16384:32768]) + h2frame(9, 0, 1, big[32768:49152]) + h2frame(9, 4, 1, big[49152:]))
    t = drain(s, 2)
    check("h2: 60 KB of headers are refused", 3 in t or 7 in t or "closed" in t, t)
    s.close()
    check("h2: server alive after oversized headers", alive())

    s = h2_connect()
    s.sendall(b"\xff" * 4096)
    t = drain(s, 2)
    check("h2: garbage frames end in GOAWAY", 7 in t or "closed" in t, t)
    s.close()
    s = socket.create_connection((HOST, PORT))
    s.sendall(PREFACE[:10])
    s.close()
    s = h2_connect()
    s.sendall(h2frame(0, 1, 1, frame(b"")))  # DATA on an idle stream
    t = drain(s, 2)
    check("h2: DATA on an idle stream ends in GOAWAY", 7 in t or "closed" in t, t)
    s.close()
    check("h2: server alive after garbage, a half preface and a protocol error", alive())

    conns = []
    for _ in range(300):  # more connections than the h2 limit (256)
        try:
            conns.append(h2_connect())
        except OSError:
            break
    time.sleep(0.5)
    check("300 idle HTTP/2 connections: HTTP/1.1 still served", alive())
    for c in conns:
        c.close()
    time.sleep(0.3)
    check("h2: a call after the connections closed", curl_h2("/sui.rpc.v2.LedgerService/GetServiceInfo", frame(b"")) == "0")

    stop_server(server)
except Exception as ex:  # noqa: BLE001 (a failure of the test itself)
    error = ex
finish(error, server, WORK)
