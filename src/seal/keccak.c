/* Keccak-f[1600] permutation, fully unrolled within a round (generated from the
 * specification's rho offsets and round constants). Constant time: no data-dependent
 * branches or indices. */
#include "seal/internal.h"

const uint64_t seal__keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

#define ROL(v, n) (((v) << (n)) | ((v) >> ((64 - (n)) & 63)))

void seal__keccakf1600(uint64_t s[25]) {
    uint64_t a00, a10, a20, a30, a40, a01, a11, a21, a31, a41, a02, a12, a22, a32, a42, a03, a13,
        a23, a33, a43, a04, a14, a24, a34, a44;
    uint64_t b00, b10, b20, b30, b40, b01, b11, b21, b31, b41, b02, b12, b22, b32, b42, b03, b13,
        b23, b33, b43, b04, b14, b24, b34, b44;
    uint64_t c0, c1, c2, c3, c4, d0, d1, d2, d3, d4;
    a00 = s[0];
    a10 = s[1];
    a20 = s[2];
    a30 = s[3];
    a40 = s[4];
    a01 = s[5];
    a11 = s[6];
    a21 = s[7];
    a31 = s[8];
    a41 = s[9];
    a02 = s[10];
    a12 = s[11];
    a22 = s[12];
    a32 = s[13];
    a42 = s[14];
    a03 = s[15];
    a13 = s[16];
    a23 = s[17];
    a33 = s[18];
    a43 = s[19];
    a04 = s[20];
    a14 = s[21];
    a24 = s[22];
    a34 = s[23];
    a44 = s[24];
    for (int round = 0; round < 24; round++) {
        c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
        c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
        c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
        c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
        c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
        d0 = c4 ^ ROL(c1, 1);
        d1 = c0 ^ ROL(c2, 1);
        d2 = c1 ^ ROL(c3, 1);
        d3 = c2 ^ ROL(c4, 1);
        d4 = c3 ^ ROL(c0, 1);
        a00 ^= d0;
        a10 ^= d1;
        a20 ^= d2;
        a30 ^= d3;
        a40 ^= d4;
        a01 ^= d0;
        a11 ^= d1;
        a21 ^= d2;
        a31 ^= d3;
        a41 ^= d4;
        a02 ^= d0;
        a12 ^= d1;
        a22 ^= d2;
        a32 ^= d3;
        a42 ^= d4;
        a03 ^= d0;
        a13 ^= d1;
        a23 ^= d2;
        a33 ^= d3;
        a43 ^= d4;
        a04 ^= d0;
        a14 ^= d1;
        a24 ^= d2;
        a34 ^= d3;
        a44 ^= d4;
        b00 = a00;
        b02 = ROL(a10, 1);
        b04 = ROL(a20, 62);
        b01 = ROL(a30, 28);
        b03 = ROL(a40, 27);
        b13 = ROL(a01, 36);
        b10 = ROL(a11, 44);
        b12 = ROL(a21, 6);
        b14 = ROL(a31, 55);
        b11 = ROL(a41, 20);
        b21 = ROL(a02, 3);
        b23 = ROL(a12, 10);
        b20 = ROL(a22, 43);
        b22 = ROL(a32, 25);
        b24 = ROL(a42, 39);
        b34 = ROL(a03, 41);
        b31 = ROL(a13, 45);
        b33 = ROL(a23, 15);
        b30 = ROL(a33, 21);
        b32 = ROL(a43, 8);
        b42 = ROL(a04, 18);
        b44 = ROL(a14, 2);
        b41 = ROL(a24, 61);
        b43 = ROL(a34, 56);
        b40 = ROL(a44, 14);
        a00 = b00 ^ (~b10 & b20);
        a10 = b10 ^ (~b20 & b30);
        a20 = b20 ^ (~b30 & b40);
        a30 = b30 ^ (~b40 & b00);
        a40 = b40 ^ (~b00 & b10);
        a01 = b01 ^ (~b11 & b21);
        a11 = b11 ^ (~b21 & b31);
        a21 = b21 ^ (~b31 & b41);
        a31 = b31 ^ (~b41 & b01);
        a41 = b41 ^ (~b01 & b11);
        a02 = b02 ^ (~b12 & b22);
        a12 = b12 ^ (~b22 & b32);
        a22 = b22 ^ (~b32 & b42);
        a32 = b32 ^ (~b42 & b02);
        a42 = b42 ^ (~b02 & b12);
        a03 = b03 ^ (~b13 & b23);
        a13 = b13 ^ (~b23 & b33);
        a23 = b23 ^ (~b33 & b43);
        a33 = b33 ^ (~b43 & b03);
        a43 = b43 ^ (~b03 & b13);
        a04 = b04 ^ (~b14 & b24);
        a14 = b14 ^ (~b24 & b34);
        a24 = b24 ^ (~b34 & b44);
        a34 = b34 ^ (~b44 & b04);
        a44 = b44 ^ (~b04 & b14);
        a00 ^= seal__keccak_rc[round];
    }
    s[0] = a00;
    s[1] = a10;
    s[2] = a20;
    s[3] = a30;
    s[4] = a40;
    s[5] = a01;
    s[6] = a11;
    s[7] = a21;
    s[8] = a31;
    s[9] = a41;
    s[10] = a02;
    s[11] = a12;
    s[12] = a22;
    s[13] = a32;
    s[14] = a42;
    s[15] = a03;
    s[16] = a13;
    s[17] = a23;
    s[18] = a33;
    s[19] = a43;
    s[20] = a04;
    s[21] = a14;
    s[22] = a24;
    s[23] = a34;
    s[24] = a44;
}
