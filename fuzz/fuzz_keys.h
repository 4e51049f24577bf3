#ifndef SEAL_FUZZ_KEYS_H
#define SEAL_FUZZ_KEYS_H
/* The 2-of-3 key servers of tests/vectors/sdk/negative.json (object id, public key, user key
 * derived for that file's id): the objects seeded from that file decrypt with them. */
static const char *const FUZZ_KS_OBJECT_ID[3] = {
    "514ad9810b74d6af9bc9f3964d76f81fcfdd33a2e4338c8c07cdd9244af55db6",
    "021733136bda6fad83771deb0eb231d65dcd21a2c58789683e334219044b728b",
    "e18f1655ca3863eaac43978a85a065023072d9912e2d3988f7ff8407e1553246",
};
static const char *const FUZZ_KS_PK[3] = {
    "b36fad1bc22bbe39d3942626785f44f988030e0ad345d115701dbb442f7d658c9ff31e7f654e3c65d6f27a453ee0d5"
    "3a"
    "124cd004a1dd14344945cb0b0df5ae3bfbeca792371a01b16a598645d2cb3c312f23af7ddf5811ea2801b4f453d97a"
    "04",
    "83c48cb2a81a7ae2686cb0038903535a1cef3fa560b7fe349750732027b1ff656db5aee9a6e3429ddf9bea18c4343d"
    "27"
    "186bfd32e2716b7ef43d73aa76389365792bffaf7b506c3d1be01fe38873dffd8d72895b07608f286a95ed1b991223"
    "a2",
    "a4bd1da064668206fd8c219f104e8e1200de76a582184c17f269b44d2cbdf4a903211a8bd0c976d3a7d7589b15f0ad"
    "a4"
    "145beeb8aa0f5f7bd67a689bf044816aea7e7ee61e4603b3929ace417b262e130bb51ab4fa4e2b6b7c7a01332e7cc3"
    "24",
};
static const char *const FUZZ_KS_USK[3] = {
    "97cbc44685ab0ee01d8b10b9337cfd6d8ed20c0fd27172a3a5af2af66bff63331f52d59d6a277a3872bebff33246be"
    "05",
    "a3e04e873adc22f19d6c45a36074df878c6475ce7991110eaade3d539141f6cc7a2dfa2804c2782671804575041fcd"
    "05",
    "821947827197376d9f526132ad1ece454ae0213e9b1e7bf72da6e0ed5bf4b729f3d136c99fba8ee9063ce042633f21"
    "46",
};

#include "seal/encrypt.h"

static seal_user_key fuzz_user_keys[3];
static seal_key_server fuzz_key_servers[3];

static void fuzz_keys_init(void) {
    static int done;
    if (done) {
        return;
    }
    for (size_t i = 0; i < 3; i++) {
        fuzz_unhex(fuzz_user_keys[i].object_id, 32, FUZZ_KS_OBJECT_ID[i]);
        fuzz_unhex(fuzz_user_keys[i].key, 48, FUZZ_KS_USK[i]);
        fuzz_unhex(fuzz_key_servers[i].object_id, 32, FUZZ_KS_OBJECT_ID[i]);
        fuzz_unhex(fuzz_key_servers[i].public_key, 96, FUZZ_KS_PK[i]);
        fuzz_key_servers[i].weight = 1;
    }
    done = 1;
}

/* Decryption parameters by selector: 0 all keys, no consistency check, LE randomness accepted;
 * 1 all keys with the consistency check; 2 only the last key (below threshold for 2-of-3). */
static seal_decrypt_params fuzz_decrypt_params(unsigned sel) {
    seal_decrypt_params p;
    memset(&p, 0, sizeof p);
    p.keys = fuzz_user_keys;
    p.n_keys = 3;
    switch (sel % 3u) {
    case 0:
        p.flags = SEAL_DECRYPT_ACCEPT_LE_RANDOMNESS;
        break;
    case 1:
        p.public_keys = fuzz_key_servers;
        p.n_public_keys = 3;
        break;
    default:
        p.keys = fuzz_user_keys + 2;
        p.n_keys = 1;
        break;
    }
    return p;
}
#endif
