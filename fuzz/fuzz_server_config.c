/* The key server's YAML configuration loader, seal_server_config_load (a file: the input is
 * written to a temporary file each run). MASTER_KEY and CLIENT_KEY are set to known keys so
 * that configurations can load fully, and MASTER_SHARE_V0 for committee mode. Properties: on
 * success the mode, counts and strings are within their bounds and an Open server has its master
 * key; on failure the message is non-empty, NUL-terminated, one line, and never quotes a master key
 * from the environment (unless the file holds the same text), and every secret of the struct is
 * wiped. */
#include <fcntl.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "server/server.h"

#define MASTER_HEX "3c2e5f0a1b4d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"
#define CLIENT_HEX "1111111111111111111111111111111111111111111111111111111111111111"
#define SHARE_HEX "2c8e06a3ba09ff64b841d39df9534e35cee33605033003a634fe6ca2a90c216d"

static char g_path[64];

static void cleanup(void) {
    unlink(g_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    snprintf(g_path, sizeof g_path, "%s/seal_fuzz_config_XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    int fd = mkstemp(g_path);
    FUZZ_ASSERT(fd >= 0);
    close(fd);
    atexit(cleanup);
    /* libFuzzer ends with _Exit (no atexit): a child removes the file when this process ends */
    int p[2];
    FUZZ_ASSERT(pipe(p) == 0);
    pid_t pid = fork();
    FUZZ_ASSERT(pid >= 0);
    if (pid == 0) {
        char c;
        close(p[1]);
        while (read(p[0], &c, 1) > 0) {
        }
        unlink(g_path);
        _exit(0);
    }
    close(p[0]);
    setenv("MASTER_KEY", "0x" MASTER_HEX, 1);
    setenv("CLIENT_KEY", "0x" CLIENT_HEX, 1);
    setenv("MASTER_SHARE_V0", SHARE_HEX, 1); /* committee mode: a member's share */
    return 0;
}

static bool zero(const uint8_t *p, size_t n) {
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc |= p[i];
    }
    return acc == 0;
}

/* Whether err holds 16 digits of the key hex that the input does not hold. */
static bool quotes(const char *err, const uint8_t *data, size_t size, const char *hex) {
    for (size_t off = 0; off + 16 <= strlen(hex); off += 8) {
        char part[17];
        memcpy(part, hex + off, 16);
        part[16] = '\0';
        if (strstr(err, part) != NULL && memmem(data, size, part, 16) == NULL) {
            return true;
        }
    }
    return false;
}

static bool bounded(const char *s, size_t cap) {
    return memchr(s, '\0', cap) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FILE *f = fopen(g_path, "wb");
    FUZZ_ASSERT(f != NULL);
    FUZZ_ASSERT(fwrite(data, 1, size, f) == size);
    FUZZ_ASSERT(fclose(f) == 0);
    static seal_server_config cfg;
    char err[512];
    memset(err, 'x', sizeof err);
    seal_err e = seal_server_config_load(&cfg, g_path, err, sizeof err);
    FUZZ_ASSERT(bounded(err, sizeof err));
    if (e == SEAL_OK) {
        FUZZ_ASSERT(cfg.mode == SEAL_SERVER_OPEN || cfg.mode == SEAL_SERVER_PERMISSIONED ||
                    cfg.mode == SEAL_SERVER_COMMITTEE);
        FUZZ_ASSERT(cfg.committee.n_shares <= SEAL_SERVER_MAX_SHARES);
        if (cfg.mode == SEAL_SERVER_COMMITTEE) {
            FUZZ_ASSERT(cfg.committee.n_shares >= 1 && !cfg.has_msk);
        }
        FUZZ_ASSERT(cfg.n_clients <= SEAL_SERVER_MAX_CLIENTS);
        for (size_t i = 0; i < cfg.n_clients; i++) {
            FUZZ_ASSERT(cfg.clients[i].n_package_ids <= SEAL_SERVER_MAX_PACKAGES);
            FUZZ_ASSERT(bounded(cfg.clients[i].name, sizeof cfg.clients[i].name));
        }
        if (cfg.mode == SEAL_SERVER_OPEN) {
            FUZZ_ASSERT(cfg.has_msk);
        }
        FUZZ_ASSERT(bounded(cfg.network, sizeof cfg.network));
        FUZZ_ASSERT(bounded(cfg.listen, sizeof cfg.listen));
        FUZZ_ASSERT(bounded(cfg.chain, sizeof cfg.chain));
        FUZZ_ASSERT(bounded(cfg.metrics_host_port, sizeof cfg.metrics_host_port));
        FUZZ_ASSERT(bounded(cfg.ts_sdk_version_requirement, sizeof cfg.ts_sdk_version_requirement));
        seal_server_config_clear(&cfg);
        FUZZ_ASSERT(zero(cfg.msk, sizeof cfg.msk) && !cfg.has_msk);
        FUZZ_ASSERT(zero((const uint8_t *)cfg.committee.shares, sizeof cfg.committee.shares));
    } else {
        FUZZ_ASSERT(err[0] != '\0');
        FUZZ_ASSERT(strchr(err, '\n') == NULL);
        /* a key may be quoted back only when the file itself holds it */
        FUZZ_ASSERT(!quotes(err, data, size, MASTER_HEX));
        FUZZ_ASSERT(!quotes(err, data, size, CLIENT_HEX));
        FUZZ_ASSERT(!quotes(err, data, size, SHARE_HEX));
        FUZZ_ASSERT(zero(cfg.msk, sizeof cfg.msk) && !cfg.has_msk);
        FUZZ_ASSERT(zero((const uint8_t *)cfg.committee.shares, sizeof cfg.committee.shares));
        for (size_t i = 0; i < SEAL_SERVER_MAX_CLIENTS; i++) {
            FUZZ_ASSERT(zero(cfg.clients[i].msk, sizeof cfg.clients[i].msk));
        }
    }
    return 0;
}
