#!/usr/bin/env python3
"""Known answers for the audit log's byte formats (docs/audit.md), written from the
documentation with hashlib and struct only, as an independent reference for
tests/unit/test_audit_formats.c: the log id, the signed messages of a tree head and a receipt,
a record's BCS bytes and leaf hash, and the digest of a signed request.

Usage: formats_kat.py   (prints JSON to stdout)
"""
import hashlib
import json
import struct


def sha(b):
    return hashlib.sha256(b).digest()


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def vec(b):
    return uleb(len(b)) + b


def fill(byte, n):
    return bytes([byte]) * n


def main():
    pk = bytes(range(32))
    log_id = sha(b'seal-audit-v1/log-id' + pk)
    root = fill(0xab, 32)
    head_msg = (b'seal-audit-v1/tree-head' + log_id + struct.pack('<QQ', 1234, 1700000000123) +
                root)
    leaf = fill(0xcd, 32)
    receipt_msg = b'seal-audit-v1/receipt' + log_id + struct.pack('<Q', 77) + leaf

    ids = [b'', b'\x01\x02\x03', fill(0x5a, 200)]
    granted = (bytes([1]) + struct.pack('<QQ', 77, 1700000000999) +
               b'\x01' + fill(0x11, 32) +         # key server
               fill(0x22, 32) +                   # request digest
               fill(0x33, 32) + fill(0x44, 32) +  # user, session key
               b'\x01' + fill(0x55, 32) +         # package
               uleb(len(ids)) + b''.join(vec(i) for i in ids) +
               uleb(0) +                          # Granted
               struct.pack('<Q', 120000) +
               b'\x00')                           # no checkpoint
    refused = (bytes([1]) + struct.pack('<QQ', 78, 5) +
               b'\x00' +                          # no key server
               fill(0x22, 32) + fill(0x33, 32) + fill(0x44, 32) +
               b'\x00' +                          # no package
               uleb(0) +
               uleb(1) + vec(b'NoAccess') +
               struct.pack('<Q', 0) +
               b'\x01' + struct.pack('<Q', 99))   # checkpoint 99

    ptb = bytes(range(0, 250, 3))
    request = (b'seal-audit-v1/request' + vec(ptb) + fill(0x61, 48) + fill(0x62, 96) +
               fill(0x63, 64) + fill(0x64, 32) + fill(0x65, 32) +
               struct.pack('<QH', 1700000000000, 30) + vec(fill(0x66, 97)))
    digest_no_mvr = sha(request + b'\x00')
    digest_mvr = sha(request + b'\x01' + vec(b'@org/app'))

    print(json.dumps({
        'public_key': pk.hex(),
        'log_id': log_id.hex(),
        'tree_head_message': head_msg.hex(),
        'receipt_message': receipt_msg.hex(),
        'record_granted': granted.hex(),
        'record_granted_leaf_hash': sha(b'\x00' + granted).hex(),
        'record_refused': refused.hex(),
        'request_ptb': ptb.hex(),
        'request_digest': digest_no_mvr.hex(),
        'request_digest_mvr': digest_mvr.hex(),
    }, indent=1))


if __name__ == '__main__':
    main()
