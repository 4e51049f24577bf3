/* The services' sandbox (src/server/server_sandbox.c): each case runs in a child process that
 * applies the sandbox, then makes allowed and forbidden calls; the parent checks how it ended
 * (a forbidden system call kills it with SIGSYS, or fails with ENOSYS in log mode; Landlock
 * refuses files outside the allowed paths with EACCES). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "server/server.h"
#include "server/server_sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SANITIZER_BUILD 1
#endif
#endif

static char g_dir[64];

static int setup(void **state) {
    (void)state;
    return tu_tempdir(g_dir, sizeof g_dir, "seal_sandbox_") ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    return tu_rmtree(g_dir);
}

static void *thread_main(void *arg) {
    return arg;
}

/* What a service does all day: must pass the filter. 0 when every call worked. */
static int allowed_calls(void) {
    char buf[16];
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0 || write(fd, "x", 1) != 1 || read(fd, buf, sizeof buf) != 0)
        return 1;
    close(fd);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return 2;
    close(s);
    pthread_t t;
    void *r = NULL;
    if (pthread_create(&t, NULL, thread_main, buf) != 0 || pthread_join(t, &r) != 0 || r != buf)
        return 3;
    void *m = malloc(1 << 20); /* mmap */
    if (m == NULL)
        return 4;
    free(m);
    if (kill(getpid(), 0) != 0)
        return 5;
    return 0;
}

/* Runs fn in a child whose stderr goes to err_out (may be NULL); returns its wait status. */
static int in_child(int (*fn)(void), char *err_out, size_t err_cap) {
    int p[2];
    assert_int_equal(pipe(p), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 2);
        _exit(fn());
    }
    close(p[1]);
    size_t n = 0;
    ssize_t r;
    char sink[256];
    while ((r = read(p[0], err_out != NULL && n + 1 < err_cap ? err_out + n : sink,
                     err_out != NULL && n + 1 < err_cap ? err_cap - 1 - n : sizeof sink)) > 0)
        if (err_out != NULL && n + 1 < err_cap)
            n += (size_t)r;
    if (err_out != NULL)
        err_out[n] = '\0';
    close(p[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static int apply_filter(bool log_refused) {
    char why[256] = "";
    if (seal_sandbox_syscalls(log_refused, why, sizeof why) != SEAL_OK) {
        fprintf(stderr, "%s\n", why);
        return 90;
    }
    return 0;
}

static int child_allowed(void) {
    int r = apply_filter(false);
    return r != 0 ? r : allowed_calls();
}

static int child_chroot(void) {
    int r = apply_filter(false);
    if (r != 0 || (r = allowed_calls()) != 0)
        return r;
    (void)syscall(SYS_chroot, "/");
    return 0; /* not reached: killed */
}

static int child_packet_socket(void) {
    int r = apply_filter(false);
    if (r != 0)
        return r;
    (void)socket(AF_PACKET, SOCK_RAW, 0); /* a family the services never use */
    return 0;
}

#ifndef SANITIZER_BUILD
static int child_kill_other(void) {
    int r = apply_filter(false);
    if (r != 0)
        return r;
    (void)kill(getppid(), 0); /* signals to another process: refused */
    return 0;
}
#endif

static int child_fork(void) {
    int r = apply_filter(false);
    if (r != 0)
        return r;
    pid_t pid = fork(); /* clone without CLONE_THREAD */
    if (pid == 0)
        _exit(0);
    return 0;
}

static int child_exec(void) {
    int r = apply_filter(false);
    if (r != 0)
        return r;
    char *argv[] = {"true", NULL};
    execv("/bin/true", argv);
    return 0;
}

static int child_log_mode(void) {
    int r = apply_filter(true);
    if (r != 0)
        return r;
    long c = syscall(SYS_chroot, "/");
    if (c != -1 || errno != ENOSYS)
        return 10;
    return allowed_calls();
}

static void test_seccomp_allows_the_service_calls(void **state) {
    (void)state;
    int st = in_child(child_allowed, NULL, 0);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_seccomp_kills_a_forbidden_call(void **state) {
    (void)state;
    int st = in_child(child_chroot, NULL, 0);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
    st = in_child(child_packet_socket, NULL, 0);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
#ifndef SANITIZER_BUILD /* the sanitizer runtimes may signal */
    st = in_child(child_kill_other, NULL, 0);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
#endif
}

/* fork and exec: refused in the release build; the sanitizer runtimes need them (LeakSanitizer's
 * tracer, the symboliser), so their build allows both (Landlock still refuses the exec) */
static void test_seccomp_no_fork_no_exec(void **state) {
    (void)state;
    int st = in_child(child_fork, NULL, 0);
    int st2 = in_child(child_exec, NULL, 0);
#ifdef SANITIZER_BUILD
    assert_true(WIFEXITED(st));
    assert_true(WIFEXITED(st2));
#else
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGSYS);
    assert_true(WIFSIGNALED(st2));
    assert_int_equal(WTERMSIG(st2), SIGSYS);
#endif
}

static void test_seccomp_log_mode(void **state) {
    (void)state;
    char err[512];
    int st = in_child(child_log_mode, err, sizeof err);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    char want[96];
    snprintf(want, sizeof want, "{\"event\":\"sandbox_refused\",\"syscall\":%d}\n", SYS_chroot);
    assert_non_null(strstr(err, want));
}

static bool landlock_available(void) {
    return syscall(SYS_landlock_create_ruleset, NULL, 0, 1u /* VERSION */) >= 1;
}

static int child_landlock(void) {
    char rw[128], out[128], path[192];
    snprintf(rw, sizeof rw, "%s/data", g_dir);
    snprintf(out, sizeof out, "%s/outside", g_dir);
    seal_sandbox_paths p;
    memset(&p, 0, sizeof p);
    if (seal_sandbox_paths_add(&p, true, rw) != SEAL_OK)
        return 1;
    char note[128], why[256] = "";
    if (seal_sandbox_fs(&p, note, sizeof note, why, sizeof why) != SEAL_OK) {
        fprintf(stderr, "%s\n", why);
        return 2;
    }
    if (strncmp(note, "abi ", 4) != 0)
        return 3;
    /* the data directory: create, write, read, remove */
    snprintf(path, sizeof path, "%s/new.db", rw);
    int fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, "x", 1) != 1)
        return 4;
    close(fd);
    if (unlink(path) != 0)
        return 5;
    /* outside: neither read nor create */
    snprintf(path, sizeof path, "%s/secret", out);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0 || errno != EACCES)
        return 6;
    snprintf(path, sizeof path, "%s/new", out);
    fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EACCES)
        return 7;
    /* system files: readable, not writable; nothing executes */
    fd = open("/etc/hosts", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 8;
    close(fd);
    fd = open("/etc/hosts", O_WRONLY | O_CLOEXEC);
    if (fd >= 0 || errno != EACCES)
        return 9;
    char *argv[] = {"true", NULL};
    execv("/bin/true", argv);
    if (errno != EACCES)
        return 10;
    return 0;
}

static void test_landlock_limits_the_file_system(void **state) {
    (void)state;
    char path[192];
    snprintf(path, sizeof path, "%s/data", g_dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/outside", g_dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/outside/secret", g_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("secret\n", f);
    fclose(f);
    if (!landlock_available()) {
        /* the kernel has none: the sandbox says so and goes on */
        seal_sandbox_paths p;
        memset(&p, 0, sizeof p);
        char note[128], why[128];
        assert_int_equal(seal_sandbox_fs(&p, note, sizeof note, why, sizeof why), SEAL_OK);
        assert_non_null(strstr(note, "not available"));
        return;
    }
    char err[512];
    int st = in_child(child_landlock, err, sizeof err);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fprintf(stderr, "child: status %d: %s\n", st, err);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void test_paths_of_a_configuration(void **state) {
    (void)state;
    seal_server_config *cfg = seal_server_config_new();
    assert_non_null(cfg);
    snprintf(cfg->chain, sizeof cfg->chain, "embedded:/srv/chain");
    cfg->audit.enabled = true;
    snprintf(cfg->audit.database, sizeof cfg->audit.database, "/srv/audit/log.db");
    seal_sandbox_paths p;
    assert_int_equal(seal_server_sandbox_paths(cfg, &p), SEAL_OK);
    assert_int_equal(p.n_rw, 2);
    assert_string_equal(p.rw[0], "/srv/chain");
    assert_string_equal(p.rw[1], "/srv/audit/log.db");
    assert_int_equal(p.n_ro, 0);
    snprintf(cfg->chain, sizeof cfg->chain, "http://127.0.0.1:9000");
    cfg->audit.enabled = false;
    assert_int_equal(seal_server_sandbox_paths(cfg, &p), SEAL_OK);
    assert_int_equal(p.n_rw + p.n_ro, 0);
    /* the aggregator's: an embedded chain only */
    assert_int_equal(seal_sandbox_paths_chain(&p, "jsonrpc+http://127.0.0.1:9000"), SEAL_OK);
    assert_int_equal(p.n_rw, 0);
    assert_int_equal(seal_sandbox_paths_chain(&p, "embedded:chain"), SEAL_OK);
    assert_int_equal(p.n_rw, 1);
    assert_string_equal(p.rw[0], "chain");
    memset(&p, 0, sizeof p);
    for (size_t i = 0; i < SEAL_SANDBOX_MAX_PATHS; i++)
        assert_int_equal(seal_sandbox_paths_add(&p, false, "/x"), SEAL_OK);
    assert_int_equal(seal_sandbox_paths_add(&p, false, "/x"), SEAL_ERR_INVALID_ARGUMENT);
    assert_int_equal(seal_sandbox_paths_add(&p, false, ""), SEAL_OK); /* ignored */
    seal_server_config_free(cfg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seccomp_allows_the_service_calls),
        cmocka_unit_test(test_seccomp_kills_a_forbidden_call),
        cmocka_unit_test(test_seccomp_no_fork_no_exec),
        cmocka_unit_test(test_seccomp_log_mode),
        cmocka_unit_test(test_landlock_limits_the_file_system),
        cmocka_unit_test(test_paths_of_a_configuration),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
