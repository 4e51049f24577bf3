/* Decrypts a Seal object through its key servers, with a session key: the key servers run the
 * policy's seal_approve* function (a dry run on chain) and hand out their user secret keys only
 * when it succeeds; the client checks every key against the server's public key and decrypts
 * with the consistency check. The session file is the JSON of the SDK's SessionKey.export()
 * (`seal session create` writes one).
 *
 *   decrypt_session CHAIN SESSION_FILE 0xPKG::module::seal_approve_fn [ARG...] < object > plain
 *
 * ARG as the CLI's --arg: object:0xID, u64:N, address:0x…, string:TEXT, clock, ... The first
 * argument of seal_approve (the id) is the object's own id and is added by the client.
 * e.g. decrypt_session http://127.0.0.1:9000 bob.session 0x…::allowlist::seal_approve
 *          object:0x…list < in.seal > in
 * Build: cc decrypt_session.c $(pkg-config --cflags --libs seal) -o decrypt_session */
#include <seal/seal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBJECT (64u << 20) /* this example reads the object into memory */

int main(int argc, char **argv) {
    if (argc < 4 || (size_t)argc - 4 > SEAL_CLIENT_MAX_CALL_ARGS) {
        fprintf(stderr, "usage: decrypt_session CHAIN SESSION_FILE 0xPKG::module::fn [ARG...]\n");
        return 2;
    }
    static seal_client_arg args[SEAL_CLIENT_MAX_CALL_ARGS]; /* about 1 KiB each */
    seal_client_call call;
    memset(&call, 0, sizeof call);
    if (seal_client_call_target_parse(&call, argv[3]) != SEAL_OK) {
        fprintf(stderr, "decrypt_session: bad target %s\n", argv[3]);
        return 2;
    }
    for (int i = 4; i < argc; i++) {
        if (seal_client_arg_parse(&args[i - 4], argv[i]) != SEAL_OK) {
            fprintf(stderr, "decrypt_session: bad argument %s\n", argv[i]);
            return 2;
        }
    }
    call.args = args;
    call.n_args = (size_t)argc - 4;

    uint8_t *obj = malloc(MAX_OBJECT);
    size_t obj_len = obj ? fread(obj, 1, MAX_OBJECT, stdin) : 0;
    if (!obj || ferror(stdin) || obj_len == MAX_OBJECT) {
        fprintf(stderr, "decrypt_session: cannot read the object (at most 64 MiB here)\n");
        free(obj);
        return 2;
    }

    seal_session *session = NULL;
    seal_chain *chain = NULL;
    seal_client *client = NULL;
    uint8_t *plain = NULL;
    size_t plain_len = 0;
    int rc = 1;
    seal_err err = seal_session_load(&session, argv[2]);
    if (err != SEAL_OK) {
        fprintf(stderr, "decrypt_session: session %s: %s\n", argv[2], seal_strerror(err));
        goto out;
    }
    if (seal_session_is_expired(session, 0)) {
        fprintf(stderr, "decrypt_session: the session has expired: create a new one\n");
        goto out;
    }
    if ((err = seal_chain_open(&chain, argv[1], NULL)) != SEAL_OK) {
        fprintf(stderr, "decrypt_session: chain: %s\n", seal_strerror(err));
        goto out;
    }
    /* The object names its key servers; the client looks up their URLs and public keys. */
    seal_client_options opts = {.chain = chain, .max_retries = 2};
    if ((err = seal_client_new_for_object(&client, &opts, obj, obj_len)) != SEAL_OK) {
        fprintf(stderr, "decrypt_session: %s\n", seal_client_creation_error());
        goto out;
    }
    err = seal_client_decrypt_with_policy(client, session, obj, obj_len, &call, &plain, &plain_len,
                                          0);
    if (err != SEAL_OK) {
        /* e.g. "0x…(ks1): NoAccess: Access denied: …" */
        fprintf(stderr, "decrypt_session: %s (%s)\n", seal_strerror(err),
                seal_client_last_error(client));
        goto out;
    }
    rc = fwrite(plain, 1, plain_len, stdout) == plain_len && fflush(stdout) == 0 ? 0 : 3;
out:
    if (plain) {
        seal_memzero(plain, plain_len);
        free(plain);
    }
    seal_client_free(client);
    seal_chain_close(chain);
    seal_session_free(session);
    free(obj);
    return rc;
}
