/* Verifies a user secret key that a key server returned for an identity: the pairing check
 * e(usk, G2) == e(H1(package_id || id), pk) against the server's public key. Exit 0 when the
 * key is valid, 1 when it is not, 2 on bad input.
 *
 *   verify_key PUBLIC_KEY_HEX PACKAGE_ID ID_HEX USER_KEY_HEX
 *
 * Build: cc verify_key.c $(pkg-config --cflags --libs seal) -o verify_key */
#include <seal/seal.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: verify_key PUBLIC_KEY_HEX PACKAGE_ID ID_HEX USER_KEY_HEX\n");
        return 2;
    }
    uint8_t pk[SEAL_PUBLIC_KEY_BYTES], usk[SEAL_USER_SECRET_KEY_BYTES], package_id[32];
    uint8_t id[SEAL_MAX_ID_BYTES], full_id[32 + SEAL_MAX_ID_BYTES];
    size_t id_len, full_id_len;
    if (seal_hex_decode(pk, sizeof pk, argv[1]) != SEAL_OK ||
        seal_sui_address_parse(package_id, argv[2]) != SEAL_OK ||
        seal_hex_decode_var(id, sizeof id, &id_len, argv[3]) != SEAL_OK ||
        seal_hex_decode(usk, sizeof usk, argv[4]) != SEAL_OK ||
        seal_keys_full_id(full_id, sizeof full_id, &full_id_len, package_id, id, id_len) !=
            SEAL_OK) {
        fprintf(stderr, "verify_key: bad hex input\n");
        return 2;
    }
    seal_err err = seal_keys_verify_user_secret_key(usk, pk, full_id, full_id_len);
    if (err == SEAL_OK) {
        printf("valid\n");
        return 0;
    }
    printf("invalid: %s\n", seal_strerror(err));
    return err == SEAL_ERR_INVALID_KEY ? 1 : 2;
}
