/* Prints the size and field offsets of the public structures the Python package mirrors with
 * ctypes (python/seal/_lib.py), as JSON; tests/test_api.py compares them with ctypes' layout. */
#include <stddef.h>
#include <stdio.h>

#include "seal/seal.h"

#define S(T) printf("%s\"%s\": {\"size\": %zu", first ? "" : ",\n", #T, sizeof(T)), first = 0
#define F(T, f) printf(", \"%s\": %zu", #f, offsetof(T, f))
#define E() printf("}")

int main(void) {
    int first = 1;
    printf("{\n");
    S(seal_rng), F(seal_rng, ctx), E();
    S(seal_key_server), F(seal_key_server, weight), E();
    S(seal_prepared_key), F(seal_prepared_key, lines), E();
    S(seal_encrypt_params), F(seal_encrypt_params, threshold), F(seal_encrypt_params, dem),
        F(seal_encrypt_params, aad_none), F(seal_encrypt_params, prepared), E();
    S(seal_user_key), E();
    S(seal_decrypt_params), F(seal_decrypt_params, flags), E();
    S(seal_reader), F(seal_reader, ctx), E();
    S(seal_writer), F(seal_writer, ctx), E();
    S(seal_object), F(seal_object, id), F(seal_object, n_services), F(seal_object, threshold),
        F(seal_object, nonce), F(seal_object, encrypted_randomness), F(seal_object, dem),
        F(seal_object, blob), F(seal_object, has_aad), F(seal_object, aad_len), F(seal_object, mac),
        E();
    S(seal_sui_keypair), F(seal_sui_keypair, secret), F(seal_sui_keypair, pk), E();
    S(seal_chain_options), F(seal_chain_options, api_key_header), F(seal_chain_options, create),
        F(seal_chain_options, grpc_transport), E();
    S(seal_client_arg), F(seal_client_arg, pure_len), F(seal_client_arg, mutable_ref),
        F(seal_client_arg, version), F(seal_client_arg, digest), E();
    S(seal_client_call), F(seal_client_call, id), F(seal_client_call, args),
        F(seal_client_call, n_args), E();
    S(seal_client_server_config), F(seal_client_server_config, url),
        F(seal_client_server_config, aggregator_url), E();
    S(seal_client_options), F(seal_client_options, verify_pop), F(seal_client_options, rng),
        F(seal_client_options, n_server_settings), E();
    S(seal_client_server_info), F(seal_client_server_info, public_key),
        F(seal_client_server_info, committee), E();
    S(seal_client_server_error), F(seal_client_server_error, kind),
        F(seal_client_server_error, message), E();
    printf("\n}\n");
    return 0;
}
