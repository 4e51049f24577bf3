#!/usr/bin/env python3
"""Known answers for the audit log's Merkle tree, computed from the definitions of RFC 9162
sections 2.1.1 (MTH), 2.1.3.1 (PATH) and 2.1.4.1 (PROOF / SUBPROOF) with hashlib only, as an
independent reference for tests/unit/test_audit_merkle.c.

Leaf i is the 4-byte little-endian i repeated (i % 5) times (leaf 0 is empty). For every tree
size n in 0..N one line: "n root inclusion consistency" where
  root        = MTH(D[0:n]) in hex
  inclusion   = SHA-256 over m = 0..n-1 of u64le(m) || u8(len(PATH(m, D[n]))) || PATH hashes
  consistency = SHA-256 over m = 1..n   of u64le(m) || u8(len(PROOF(m, D[n]))) || PROOF hashes
(the two digests of the empty tree are SHA-256 of nothing).

Usage: merkle_kat.py [N]   (default 300; prints to stdout)
"""
import hashlib
import struct
import sys


def h(b):
    return hashlib.sha256(b).digest()


def leaf(i):
    return struct.pack('<I', i) * (i % 5)


def largest_pow2_below(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


class Tree:
    def __init__(self, leaves):
        self.d = leaves
        self.memo = {}

    def mth(self, a, b):
        key = (a, b)
        if key in self.memo:
            return self.memo[key]
        n = b - a
        if n == 0:
            r = h(b'')
        elif n == 1:
            r = h(b'\x00' + self.d[a])
        else:
            k = largest_pow2_below(n)
            r = h(b'\x01' + self.mth(a, a + k) + self.mth(a + k, b))
        self.memo[key] = r
        return r

    def path(self, m, a, b):
        n = b - a
        if n <= 1:
            return []
        k = largest_pow2_below(n)
        if m < k:
            return self.path(m, a, a + k) + [self.mth(a + k, b)]
        return self.path(m - k, a + k, b) + [self.mth(a, a + k)]

    def subproof(self, m, a, b, flag):
        n = b - a
        if m == n:
            return [] if flag else [self.mth(a, b)]
        k = largest_pow2_below(n)
        if m <= k:
            return self.subproof(m, a, a + k, flag) + [self.mth(a + k, b)]
        return self.subproof(m - k, a + k, b, False) + [self.mth(a, a + k)]


def main():
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    t = Tree([leaf(i) for i in range(top)])
    out = sys.stdout
    for n in range(top + 1):
        inc = hashlib.sha256()
        for m in range(n):
            p = t.path(m, 0, n)
            inc.update(struct.pack('<QB', m, len(p)) + b''.join(p))
        con = hashlib.sha256()
        for m in range(1, n + 1):
            p = t.subproof(m, 0, n, True)
            con.update(struct.pack('<QB', m, len(p)) + b''.join(p))
        out.write('%d %s %s %s\n' % (n, t.mth(0, n).hex(), inc.hexdigest(), con.hexdigest()))


if __name__ == '__main__':
    main()
