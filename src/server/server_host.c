/*
 * The key server's secrets on its host: what `seal server` does around the library so that the
 * master keys stay in the process's locked memory only.
 *   - seal_server_protect_process: no core dumps (RLIMIT_CORE 0) and not dumpable
 *     (PR_SET_DUMPABLE 0: no ptrace attach by the same user, /proc/PID/mem and environ owned by
 *     root);
 *   - seal_server_config_scrub_env: the key variables read at load time are removed from the
 *     environment and their "NAME=VALUE" strings wiped in place (the initial environment is what
 *     /proc/PID/environ shows). Meant for start-up, before other threads read the environment;
 *   - the configuration and the core's copy of it live in seal__secure_alloc memory (locked,
 *     excluded from dumps, wiped when freed; util/secmem.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "seal/util.h"
#include "server/server.h"
#include "util/secmem.h"

seal_err seal_server_protect_process(char *why, size_t why_len) {
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0) {
        snprintf(why, why_len, "cannot disable core dumps: %s", strerror(errno));
        return SEAL_ERR_IO;
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        snprintf(why, why_len, "cannot make the process undumpable: %s", strerror(errno));
        return SEAL_ERR_IO;
    }
    return SEAL_OK;
}

/* Removes name from the environment and wipes its whole "NAME=VALUE" string in place (for the
 * initial environment, the bytes /proc/PID/environ shows). */
static void scrub(const char *name) {
    extern char **environ;
    size_t n = strlen(name);
    for (char **e = environ; e != NULL && *e != NULL; e++) {
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') {
            char *entry = *e;
            size_t len = strlen(entry);
            (void)unsetenv(name); /* drops the pointer, not the string */
            seal_memzero(entry, len);
            return;
        }
    }
}

void seal_server_config_scrub_env(const seal_server_config *cfg) {
    extern char **environ;
    scrub("MASTER_KEY");
    scrub("FULL_NODE_RPC_API_KEY");
    for (size_t i = 0; i < cfg->n_clients && i < SEAL_SERVER_MAX_CLIENTS; i++) {
        if (cfg->clients[i].imported && cfg->clients[i].env_var[0] != '\0') {
            scrub(cfg->clients[i].env_var);
        }
    }
    /* MASTER_SHARE_V<v>: restart the scan after each removal (unsetenv moves the entries) */
    for (bool again = true; again;) {
        again = false;
        for (char **e = environ; e != NULL && *e != NULL; e++) {
            static const char prefix[] = "MASTER_SHARE_V";
            const char *eq = strchr(*e, '=');
            size_t n = eq != NULL ? (size_t)(eq - *e) : 0;
            if (n > sizeof prefix - 1 && n < 64 && strncmp(*e, prefix, sizeof prefix - 1) == 0) {
                char name[64];
                memcpy(name, *e, n);
                name[n] = '\0';
                scrub(name);
                again = true;
                break;
            }
        }
    }
}

seal_server_config *seal_server_config_new(void) {
    return seal__secure_alloc(sizeof(seal_server_config));
}

void seal_server_config_free(seal_server_config *cfg) {
    if (cfg != NULL) {
        seal_server_config_clear(cfg);
        seal__secure_free(cfg, sizeof *cfg);
    }
}
