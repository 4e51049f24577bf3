/* The members of an examples::allowlist::Allowlist read from a ledger (tests/fault/): the
 * object's contents are Allowlist { id: UID, name: String, list: vector<address> }. */
#ifndef SEAL_FAULT_ALLOWLIST_MEMBERS_H
#define SEAL_FAULT_ALLOWLIST_MEMBERS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "seal/ledger.h"

/* Member i of the fault tests' allowlists: b0 00 .. 00 followed by i (big-endian u32). */
static inline void fault_member(uint8_t out[32], uint32_t i) {
    memset(out, 0, 32);
    out[0] = 0xb0;
    out[28] = (uint8_t)(i >> 24);
    out[29] = (uint8_t)(i >> 16);
    out[30] = (uint8_t)(i >> 8);
    out[31] = (uint8_t)i;
}

/* Reads a ULEB128 length at *p (advanced); false past the end. */
static inline bool fault_uleb(const uint8_t *b, size_t len, size_t *p, uint64_t *v) {
    unsigned shift = 0;
    uint8_t c;
    *v = 0;
    do {
        if (*p >= len || shift > 63) {
            return false;
        }
        c = b[(*p)++];
        *v |= (uint64_t)(c & 0x7f) << shift;
        shift += 7;
    } while (c & 0x80);
    return true;
}

/* The members of allowlist al into out (at most cap) and *n. SEAL_ERR_IO when the ledger fails;
 * SEAL_ERR_INTERNAL when the object is missing or its contents are malformed (a corrupt ledger),
 * or holds more than cap members. */
static inline seal_err fault_allowlist_members(seal_ledger *l, const uint8_t al[32],
                                               uint8_t (*out)[32], size_t cap, size_t *n) {
    seal_ledger_object o;
    bool found = false;
    *n = 0;
    seal_err e = seal_ledger_object_get(l, al, &o, &found);
    if (e != SEAL_OK) {
        return e;
    }
    if (!found) {
        return SEAL_ERR_INTERNAL;
    }
    size_t p = 32;
    uint64_t name_len = 0, count = 0;
    e = SEAL_ERR_INTERNAL;
    if (o.contents_len >= 32 && fault_uleb(o.contents, o.contents_len, &p, &name_len) &&
        name_len <= o.contents_len - p) {
        p += name_len;
        if (fault_uleb(o.contents, o.contents_len, &p, &count) && count <= cap &&
            p + 32 * count == o.contents_len) {
            for (size_t i = 0; i < count; i++) {
                memcpy(out[i], o.contents + p + 32 * i, 32);
            }
            *n = (size_t)count;
            e = SEAL_OK;
        }
    }
    seal_ledger_object_clear(&o);
    return e;
}

#endif
