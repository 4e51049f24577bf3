/* seal inspect: prints an EncryptedObject as JSON (every field; bytes as 0x-prefixed hex). */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli/cli.h"
#include "seal/object.h"
#include "seal/util.h"

#define INSPECT_MAX_PIPE_BYTES ((size_t)1 << 30)

static const cli_opt inspect_opts[] = {
    {0},
};

static void put_hex(FILE *f, const uint8_t *p, size_t n) {
    char buf[2 * 4096 + 1];
    fputs("\"0x", f);
    while (n > 0) {
        size_t k = n > 4096 ? 4096 : n;
        seal_hex_encode(buf, p, k);
        fwrite(buf, 1, 2 * k, f);
        p += k;
        n -= k;
    }
    fputc('"', f);
}

static const char *dem_name(seal_dem_type t) {
    switch (t) {
    case SEAL_DEM_AES_256_GCM:
        return "Aes256Gcm";
    case SEAL_DEM_HMAC_256_CTR:
        return "Hmac256Ctr";
    case SEAL_DEM_PLAIN:
        return "Plain";
    }
    return "unknown";
}

static void print_object(FILE *f, const seal_object *o, size_t total) {
    fprintf(f, "{\n  \"version\": %u,\n  \"package_id\": ", o->version);
    put_hex(f, o->package_id, 32);
    fputs(",\n  \"id\": ", f);
    put_hex(f, o->id, o->id_len);
    fputs(",\n  \"services\": [", f);
    for (size_t i = 0; i < o->n_services; i++) {
        fputs(i ? ",\n    {\"object_id\": " : "\n    {\"object_id\": ", f);
        put_hex(f, o->service_ids[i], 32);
        fprintf(f, ", \"index\": %u}", o->service_indices[i]);
    }
    fprintf(f, "\n  ],\n  \"threshold\": %u,\n", o->threshold);
    fputs("  \"encrypted_shares\": {\n    \"type\": \"BonehFranklinBLS12381\",\n    \"nonce\": ",
          f);
    put_hex(f, o->nonce, sizeof o->nonce);
    fputs(",\n    \"encrypted_shares\": [", f);
    for (size_t i = 0; i < o->n_services; i++) {
        fputs(i ? ",\n      " : "\n      ", f);
        put_hex(f, o->encrypted_shares[i], 32);
    }
    fputs("\n    ],\n    \"encrypted_randomness\": ", f);
    put_hex(f, o->encrypted_randomness, 32);
    fprintf(f, "\n  },\n  \"ciphertext\": {\n    \"type\": \"%s\"", dem_name(o->dem));
    if (o->dem != SEAL_DEM_PLAIN) {
        fputs(",\n    \"blob\": ", f);
        put_hex(f, o->blob, o->blob_len);
        fputs(",\n    \"aad\": ", f);
        if (o->has_aad) {
            put_hex(f, o->aad, o->aad_len);
        } else {
            fputs("null", f);
        }
        if (o->dem == SEAL_DEM_HMAC_256_CTR) {
            fputs(",\n    \"mac\": ", f);
            put_hex(f, o->mac, 32);
        }
    }
    fprintf(f, "\n  },\n  \"size\": %zu\n}\n", total);
}

static int inspect_main(int argc, char **argv) {
    cli_args *a = malloc(sizeof *a);
    seal_object *obj = malloc(sizeof *obj);
    cli_in *in = malloc(sizeof *in);
    uint8_t *bytes = NULL;
    size_t len = 0;
    bool mapped = false, in_open = false;
    char q[128];
    int rc;
    if (!a || !obj || !in) {
        rc = cli_fail(CLI_EXIT_ERROR, "out of memory");
        goto out;
    }
    rc = cli_parse(a, &cli_cmd_inspect, argc, argv);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    const char *path = a->n_positional ? a->positional[0] : NULL;
    rc = cli_in_open(in, path);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    in_open = true;
    rc = cli_in_detect_object_format(in);
    if (rc != CLI_EXIT_OK) {
        goto out;
    }
    if (!in->hex && in->size != UINT64_MAX && in->size > 0) {
        if (in->size > SIZE_MAX) {
            rc = cli_fail(CLI_EXIT_ERROR, "%s is too large", cli_quote(q, sizeof q, in->path));
            goto out;
        }
        len = (size_t)in->size;
        void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, in->fd, 0);
        if (m == MAP_FAILED) {
            rc = cli_fail(CLI_EXIT_ERROR, "cannot map %s", cli_quote(q, sizeof q, in->path));
            goto out;
        }
        bytes = m;
        mapped = true;
    } else {
        rc = cli_in_read_all(in, &bytes, &len, INSPECT_MAX_PIPE_BYTES);
        if (rc != CLI_EXIT_OK) {
            goto out;
        }
    }
    seal_err err = seal_object_decode(obj, bytes, len);
    if (err != SEAL_OK) {
        rc = cli_fail(CLI_EXIT_FAIL, "%s is not a valid encrypted object: %s",
                      cli_quote(q, sizeof q, in->path), seal_strerror(err));
        goto out;
    }
    print_object(stdout, obj, len);
    rc = CLI_EXIT_OK;
out:
    if (mapped) {
        munmap(bytes, len);
    } else {
        free(bytes);
    }
    if (in_open) {
        cli_in_close(in);
    }
    free(in);
    free(obj);
    free(a);
    return rc < 0 ? CLI_EXIT_OK : rc;
}

const cli_cmd cli_cmd_inspect = {
    "inspect",
    "print an encrypted object (binary or hex) as JSON",
    "[FILE|-]",
    1,
    inspect_opts,
    "Validates the object as a decryptor would (version, counts, indices, threshold, the nonce\n"
    "a G2 point, no trailing bytes) and prints every field; bytes are 0x-prefixed hex, \"aad\"\n"
    "is null when the object carries None. \"size\" is the object's size in bytes. Reads stdin\n"
    "when FILE is '-' or absent.\n",
    inspect_main,
};
