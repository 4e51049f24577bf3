/* The key server's secrets on its host (src/server/server_host.c, src/util/secmem.c): locked,
 * undumpable, wiped memory for the configuration and the core; no core dumps and no ptrace
 * attach; key variables wiped from the environment after loading. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "seal/keys.h"
#include "seal/util.h"
#include "server/server.h"
#include "util/secmem.h"

static char g_dir[64];

static int setup(void **state) {
    (void)state;
    return tu_tempdir(g_dir, sizeof g_dir, "seal_srvhost_") ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(g_dir);
}

/* The VmFlags line of the /proc/self/smaps mapping that contains p ("" when none). */
static void vm_flags(const void *p, char *out, size_t cap) {
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    bool inside = false;
    out[0] = '\0';
    assert_non_null(f);
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            inside = (unsigned long)p >= lo && (unsigned long)p < hi;
        } else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            size_t k = strlen(line + 8) < cap - 1 ? strlen(line + 8) : cap - 1;
            memcpy(out, line + 8, k);
            out[k] = '\0';
            break;
        }
    }
    fclose(f);
}

static void test_secure_alloc(void **state) {
    (void)state;
    size_t n = 200000;
    uint8_t *p = seal__secure_alloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(p[i], 0);
    }
    memset(p, 0xa5, n);
    char flags[256];
    vm_flags(p + n - 1, flags, sizeof flags);
    assert_non_null(strstr(flags, " dd")); /* MADV_DONTDUMP: never in a core dump */
    if (seal__secure_lock_error() == 0) {
        assert_non_null(strstr(flags, " lo")); /* mlock */
    } else {
        print_message("mlock not permitted here (%s): pages not locked\n",
                      strerror(seal__secure_lock_error()));
    }
    seal__secure_free(p, n);
    vm_flags(p, flags, sizeof flags);
    assert_string_equal(flags, ""); /* unmapped */
    seal__secure_free(NULL, 10);
}

static void test_protect_process(void **state) {
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char why[128];
        struct rlimit rl;
        if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1) {
            _exit(10); /* a fresh process is dumpable */
        }
        if (seal_server_protect_process(why, sizeof why) != SEAL_OK) {
            _exit(11);
        }
        if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) {
            _exit(12);
        }
        if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 || rl.rlim_max != 0) {
            _exit(13);
        }
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void write_text(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static void test_scrub_env(void **state) {
    (void)state;
    uint8_t msk[32], pk[96];
    char hex[65], value[80], path[128];
    assert_int_equal(seal_keys_generate(msk, pk, NULL), SEAL_OK);
    seal_hex_encode(hex, msk, 32);
    snprintf(value, sizeof value, "0x%s", hex);
    snprintf(path, sizeof path, "%s/open.yaml", g_dir);
    write_text(path, "network: !Devnet\n  seal_package: 0x5ea1\nserver_mode: !Open\n"
                     "  key_server_object_id: 0xabcd\nchain: embedded:/nonexistent\n");
    setenv("MASTER_KEY", value, 1);
    setenv("MASTER_SHARE_V1", value, 1);
    setenv("MASTER_SHARE_V22", value, 1);
    setenv("UNRELATED_SEAL_TEST_VAR", "kept", 1);
    /* the whole NAME=VALUE strings */
    char *mk = getenv("MASTER_KEY") - strlen("MASTER_KEY="),
         *s1 = getenv("MASTER_SHARE_V1") - strlen("MASTER_SHARE_V1=");
    size_t mk_len = strlen(mk), s1_len = strlen(s1);
    seal_server_config *cfg = seal_server_config_new();
    assert_non_null(cfg);
    char err[256] = "";
    assert_int_equal(seal_server_config_load(cfg, path, err, sizeof err), SEAL_OK);
    assert_memory_equal(cfg->msk, msk, 32);
    seal_server_config_scrub_env(cfg);
    assert_null(getenv("MASTER_KEY"));
    assert_null(getenv("MASTER_SHARE_V1"));
    assert_null(getenv("MASTER_SHARE_V22"));
    assert_string_equal(getenv("UNRELATED_SEAL_TEST_VAR"), "kept");
    /* the strings themselves are wiped (glibc keeps setenv's copies allocated) */
    for (size_t i = 0; i < mk_len; i++) {
        assert_int_equal(mk[i], 0);
    }
    for (size_t i = 0; i < s1_len; i++) {
        assert_int_equal(s1[i], 0);
    }
    assert_memory_equal(cfg->msk, msk, 32); /* the loaded key stays */
    seal_server_config_free(cfg);
    unsetenv("UNRELATED_SEAL_TEST_VAR");
    seal_memzero(msk, sizeof msk);
    seal_memzero(hex, sizeof hex);
    seal_memzero(value, sizeof value);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_secure_alloc),
        cmocka_unit_test(test_protect_process),
        cmocka_unit_test(test_scrub_env),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
