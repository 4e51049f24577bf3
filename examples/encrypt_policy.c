/* Encrypts a file for a Seal policy: the identity package_id || id, readable by whoever the
 * package's seal_approve* function lets through, with keys from t of n key servers. The key
 * servers are named by their on-chain KeyServer object ids; their public keys are read from the
 * chain (a Sui full node's gRPC API, or `seal localnet serve`, or an embedded ledger).
 *
 *   encrypt_policy CHAIN PACKAGE_ID ID_HEX THRESHOLD KEY_SERVER_ID... < plaintext > object
 *
 * e.g. encrypt_policy http://127.0.0.1:9000 0x…ee00 0xAB12 2 0x…k1 0x…k2 0x…k3 <in >in.seal
 * Build: cc encrypt_policy.c $(pkg-config --cflags --libs seal) -o encrypt_policy */
#include <seal/seal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, seal_err err) {
    fprintf(stderr, "encrypt_policy: %s: %s\n", what, seal_strerror(err));
    return 1;
}

/* Reads all of stdin into a malloc'd buffer. */
static uint8_t *read_stdin(size_t *len) {
    size_t cap = 1 << 16, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *bigger = realloc(buf, cap *= 2);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr,
                "usage: encrypt_policy CHAIN PACKAGE_ID ID_HEX THRESHOLD KEY_SERVER_ID...\n");
        return 2;
    }
    size_t n_servers = (size_t)argc - 5;
    uint8_t package_id[32], id[SEAL_MAX_ID_BYTES];
    size_t id_len;
    seal_err err;
    int threshold = atoi(argv[4]);
    if (n_servers > SEAL_CLIENT_MAX_SERVERS || threshold < 1 || (size_t)threshold > n_servers) {
        fprintf(stderr, "encrypt_policy: threshold must be 1..%zu\n", n_servers);
        return 2;
    }
    if (seal_sui_address_parse(package_id, argv[2]) != SEAL_OK ||
        seal_hex_decode_var(id, sizeof id, &id_len, argv[3]) != SEAL_OK) {
        fprintf(stderr, "encrypt_policy: bad package id or id\n");
        return 2;
    }

    /* The chain, and a client that looks the key servers up on it. */
    seal_chain *chain = NULL;
    if ((err = seal_chain_open(&chain, argv[1], NULL)) != SEAL_OK) {
        return fail("chain", err);
    }
    seal_client_server_config servers[SEAL_CLIENT_MAX_SERVERS];
    memset(servers, 0, sizeof servers);
    for (size_t i = 0; i < n_servers; i++) {
        servers[i].weight = 1;
        if (seal_sui_address_parse(servers[i].object_id, argv[5 + i]) != SEAL_OK) {
            fprintf(stderr, "encrypt_policy: bad key server id %s\n", argv[5 + i]);
            seal_chain_close(chain);
            return 2;
        }
    }
    seal_client_options opts = {.chain = chain};
    seal_client *client = NULL;
    if ((err = seal_client_new(&client, &opts, servers, n_servers)) != SEAL_OK) {
        fprintf(stderr, "encrypt_policy: %s\n", seal_client_creation_error());
        seal_chain_close(chain);
        return 1;
    }
    seal_key_server keys[SEAL_CLIENT_MAX_SERVERS];
    size_t n_keys = 0;
    err = seal_client_key_servers(client, keys, SEAL_CLIENT_MAX_SERVERS, &n_keys);
    seal_client_free(client);
    seal_chain_close(chain);
    if (err != SEAL_OK) {
        return fail("key servers", err);
    }

    /* Encrypt in memory (encrypt.h has a streaming variant for large files). */
    size_t msg_len = 0, obj_len = 0;
    uint8_t *msg = read_stdin(&msg_len);
    if (!msg) {
        return fail("stdin", SEAL_ERR_IO);
    }
    seal_encrypt_params p = {
        .package_id = package_id,
        .id = id,
        .id_len = id_len,
        .servers = keys,
        .n_servers = n_keys,
        .threshold = (uint8_t)threshold,
        .dem = SEAL_DEM_AES_256_GCM,
    };
    size_t cap = seal_encrypt_size(&p, msg_len);
    uint8_t *obj = cap ? malloc(cap) : NULL;
    if (!obj) {
        free(msg);
        return fail("parameters", SEAL_ERR_INVALID_ARGUMENT);
    }
    /* key_out NULL: the symmetric key is not kept (it would decrypt without key servers). */
    err = seal_encrypt(obj, cap, &obj_len, NULL, &p, msg, msg_len, NULL);
    free(msg);
    if (err != SEAL_OK) {
        free(obj);
        return fail("encrypt", err);
    }
    int rc = fwrite(obj, 1, obj_len, stdout) == obj_len && fflush(stdout) == 0 ? 0 : 1;
    free(obj);
    return rc;
}
