#!/usr/bin/env python3
"""The Python package (python/seal) and the seal command on the operations of `seal-bench seal`,
for bench/python.sh, which runs this next to seal-bench (the C library in process) and the
official TS SDK (bench/anchors/sdk.mjs) and prints the ratios.

    SEAL_LIBRARY=build/libseal.so.0 bench/python_bench.py --cli build/seal [--json] [--quick]

Keys (the same names as seal-bench seal and the SDK anchor for the same operation):
  python.encrypt_1k_2of3_us           seal.encrypt() of 1 KiB, AES-256-GCM, 3 servers, threshold 2
  python.encrypt_1k_2of3_prepared_us  seal.Encryptor(servers, 2).encrypt() (public keys prepared once)
  python.decrypt_1k_2of3_us           seal.decrypt() with 2 user keys
  python.decrypt_1k_2of3_checked_us   the same with the 3 public keys (share-consistency check)
  python.encrypt_64m_ms / decrypt_64m_ms            the same on 64 MiB, bytes in and out
  python.encrypt_64m_into_ms / decrypt_64m_into_ms  the same into reused caller buffers (out=)
  python.encrypt_file_64m_ms / decrypt_file_64m_ms  seal.encrypt_file/decrypt_file, 64 MiB files
  cli.encrypt_1k_ms / decrypt_1k_ms / encrypt_64m_ms / decrypt_64m_ms
                                      `seal encrypt` / `seal decrypt --key … --key …` on files,
                                      whole process (start-up included), wall clock
Method: as seal-bench (warm-up, rounds sized for about 0.3 s, median of 11 rounds; 5 with
--quick); the 64 MiB rows and the CLI rows median of 5 runs (3 with --quick) after one warm-up.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(here), "python"))

import seal  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--cli", required=True)
ap.add_argument("--json", action="store_true")
ap.add_argument("--quick", action="store_true")
args = ap.parse_args()
TARGET_S = 0.05 if args.quick else 0.3
ROUNDS = 5 if args.quick else 11
BIG_RUNS = 3 if args.quick else 5
log = (lambda *a: print(*a, file=sys.stderr)) if args.json else print


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def measure(fn, runs=None):
    """Median time of one call in microseconds, and (calls per round, rounds)."""
    now = time.perf_counter
    calls, t0 = 0, now()
    warm = 1 if runs else 3
    while calls < warm or (runs is None and now() - t0 < TARGET_S / 10):
        fn()
        calls += 1
    per_call = (now() - t0) / calls
    rounds = runs or ROUNDS
    n = 1 if runs else max(1, int(TARGET_S / (rounds * per_call)))
    per = []
    for _ in range(rounds):
        s = now()
        for _ in range(n):
            fn()
        per.append((now() - s) / n)
    return median(per) * 1e6, n, rounds


results = {"python": {}, "cli": {}}


def record(side, key, us, n, rounds, what, unit="us"):
    v = us if unit == "us" else us / 1000
    results[side][key] = round(v, 4)
    log(f"{side + '.' + key:36} {v:12.3f} {unit:3}  {what}  [{n} x {rounds}]")


pkg = bytes(range(32))
inner = bytes(range(32, 64))
ks = [seal.keygen() for _ in range(3)]
servers = [seal.KeyServer(bytes([0x50 + i]) * 32, pk) for i, (_, pk) in enumerate(ks)]
keys2 = {servers[i].object_id: seal.extract(ks[i][0], pkg, inner) for i in (0, 1)}

log(f"# seal for Python over {seal.LIBRARY_PATH}, Python {platform.python_version()}")
data = os.urandom(1024)
obj = None


def enc1k():
    global obj
    obj = seal.encrypt(data, package_id=pkg, id=inner, servers=servers, threshold=2)


r = measure(enc1k)
record("python", "encrypt_1k_2of3_us", *r, "seal.encrypt() 1 KiB AES-256-GCM, 2-of-3")
enc = seal.Encryptor(servers, 2)
r = measure(lambda: enc.encrypt(data, pkg, inner))
record("python", "encrypt_1k_2of3_prepared_us", *r, "seal.Encryptor(servers, 2).encrypt() 1 KiB")
assert seal.decrypt(obj, keys2) == data
r = measure(lambda: seal.decrypt(obj, keys2))
record("python", "decrypt_1k_2of3_us", *r, "seal.decrypt() 1 KiB with 2 keys")
r = measure(lambda: seal.decrypt(obj, keys2, public_keys=servers))
record("python", "decrypt_1k_2of3_checked_us", *r, "the same + 3 public keys (consistency check)")

big = os.urandom(64 * 1024 * 1024)
big_obj = None


def enc64():
    global big_obj
    big_obj = seal.encrypt(big, package_id=pkg, id=inner, servers=servers, threshold=2)


r = measure(enc64, runs=BIG_RUNS)
record("python", "encrypt_64m_ms", *r, "seal.encrypt() 64 MiB, bytes in and out", "ms")
pt = None


def dec64():
    global pt
    pt = seal.decrypt(big_obj, keys2)


r = measure(dec64, runs=BIG_RUNS)
assert pt == big
pt = None
record("python", "decrypt_64m_ms", *r, "seal.decrypt() 64 MiB with 2 keys", "ms")

obj_buf = bytearray(len(big_obj))
r = measure(lambda: enc.encrypt(big, pkg, inner, out=obj_buf), runs=BIG_RUNS)
record("python", "encrypt_64m_into_ms", *r, "Encryptor.encrypt(out=) 64 MiB into a reused buffer", "ms")
pt_buf = bytearray(len(big))
r = measure(lambda: seal.decrypt(obj_buf, keys2, out=pt_buf), runs=BIG_RUNS)
assert pt_buf == big
record("python", "decrypt_64m_into_ms", *r, "seal.decrypt(out=) 64 MiB into a reused buffer", "ms")
del obj_buf, pt_buf

with tempfile.TemporaryDirectory(prefix="seal-py-bench.") as w:
    src, objf, outf = (os.path.join(w, n) for n in ("big.bin", "big.seal", "big.out"))
    with open(src, "wb") as f:
        f.write(big)
    r = measure(lambda: seal.encrypt_file(src, objf, package_id=pkg, id=inner, servers=servers,
                                          threshold=2), runs=BIG_RUNS)
    record("python", "encrypt_file_64m_ms", *r, "seal.encrypt_file() 64 MiB, streamed", "ms")
    r = measure(lambda: seal.decrypt_file(objf, outf, keys2), runs=BIG_RUNS)
    record("python", "decrypt_file_64m_ms", *r, "seal.decrypt_file() 64 MiB, streamed", "ms")
    with open(outf, "rb") as f:
        assert f.read() == big
    os.unlink(outf)

    small = os.path.join(w, "small.bin")
    with open(small, "wb") as f:
        f.write(data)
    srv_args = []
    for s in servers:
        srv_args += ["--server", "0x%s:0x%s" % (s.object_id.hex(), s.public_key.hex())]
    key_args = []
    for oid, usk in keys2.items():
        key_args += ["--key", "0x%s:0x%s" % (oid.hex(), usk.hex())]

    def cli(*a):
        subprocess.run([args.cli, *a], check=True, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL)

    for label, path, what in (("1k", small, "1 KiB"), ("64m", src, "64 MiB")):
        o = path + ".seal"
        p = path + ".out"
        e = ["encrypt", "--package-id", "0x" + pkg.hex(), "--id", inner.hex(), "--threshold",
             "2", *srv_args, "--in", path, "--out", o]
        r = measure(lambda: cli(*e), runs=BIG_RUNS)
        record("cli", f"encrypt_{label}_ms", *r, f"seal encrypt {what} (process)", "ms")
        d = ["decrypt", *key_args, "--in", o, "--out", p]
        r = measure(lambda: (os.path.exists(p) and os.unlink(p), cli(*d)), runs=BIG_RUNS)
        record("cli", f"decrypt_{label}_ms", *r, f"seal decrypt {what} with 2 keys (process)", "ms")
        with open(p, "rb") as f:
            assert f.read() == (data if label == "1k" else big)

if args.json:
    print(json.dumps({"python_version": platform.python_version(), "quick": args.quick,
                      "library": seal.LIBRARY_PATH, **results}))
