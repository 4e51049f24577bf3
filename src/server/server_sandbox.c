/*
 * The services' sandbox (server_sandbox.h): Landlock for the file system, seccomp for the system
 * calls. The allowlist below comes from `strace -f` runs of `seal server` and `seal aggregator`
 * (tests/server, tests/e2e story and committee: JSON-RPC and embedded chains, committee members,
 * the aggregator) plus what the C library may call on other paths (name resolution, TLS), and
 * is checked by the whole test suite, where every server and aggregator runs sandboxed;
 * docs/server.md "Sandbox" says what it covers.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <ucontext.h>
#include <unistd.h>

#include "server/server.h"
#include "server/server_http_internal.h"
#include "server/server_sandbox.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANDBOX_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define SANDBOX_SANITIZER 1
#endif
#endif

seal_err seal_sandbox_paths_add(seal_sandbox_paths *p, bool rw, const char *path) {
    if (path == NULL || path[0] == '\0')
        return SEAL_OK;
    size_t *n = rw ? &p->n_rw : &p->n_ro;
    if (*n >= SEAL_SANDBOX_MAX_PATHS)
        return SEAL_ERR_INVALID_ARGUMENT;
    (rw ? p->rw : p->ro)[(*n)++] = path;
    return SEAL_OK;
}

seal_err seal_sandbox_paths_chain(seal_sandbox_paths *p, const char *chain_spec) {
    static const char embedded[] = "embedded:";
    if (strncmp(chain_spec, embedded, sizeof embedded - 1) != 0)
        return SEAL_OK;
    return seal_sandbox_paths_add(p, true, chain_spec + sizeof embedded - 1);
}

seal_err seal_server_sandbox_paths(const seal_server_config *cfg, seal_sandbox_paths *out) {
    memset(out, 0, sizeof *out);
    seal_err e = seal_sandbox_paths_chain(out, cfg->chain);
    if (e == SEAL_OK && cfg->audit.enabled) {
        e = seal_sandbox_paths_add(out, true, cfg->audit.database);
        if (e == SEAL_OK && cfg->audit.anchor)
            e = seal_sandbox_paths_add(out, false, cfg->audit.anchor_key_file);
    }
    return e;
}

void seal_sandbox_log(int fd, const char *landlock_note, const char *seccomp) {
    char extra[256];
    size_t pos = 0;
    memcpy(extra, "\"landlock\":", 11);
    pos = 11;
    seal__log_json_string(extra, sizeof extra, &pos, landlock_note, 160);
    snprintf(extra + pos, sizeof extra - pos, ",\"seccomp\":\"%s\"", seccomp);
    seal__log_event(fd, "sandbox", extra);
}

/* ---- Landlock ------------------------------------------------------------------------------ */

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#endif

#define FS_ABI1                                                                                    \
    (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |   \
     LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR |                                 \
     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | \
     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |   \
     LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

/* The system files a service reads after start-up: name resolution (glibc's NSS, resolv.conf),
 * TLS towards the full node (OpenSSL's configuration and the CA store), shared libraries loaded
 * on demand, the CPU count, the process's own /proc entries (the sanitizers' maps). Missing ones
 * are skipped. */
static const char *const system_ro[] = {
    "/etc/hosts",
    "/etc/resolv.conf",
    "/etc/nsswitch.conf",
    "/etc/host.conf",
    "/etc/gai.conf",
    "/etc/services",
    "/etc/protocols",
    "/etc/ssl",
    "/etc/pki",
    "/etc/ca-certificates",
    "/etc/localtime",
    "/etc/ld.so.cache",
    "/run/systemd/resolve",
    "/usr",
    "/lib",
    "/lib64",
    "/sys/devices/system/cpu",
    "/proc/self",
    "/proc/sys/kernel",
    "/proc/sys/vm",
    "/dev/urandom",
    "/dev/random",
};
static const char *const system_rw[] = {"/dev/null"};

static long ll_create(const struct landlock_ruleset_attr *a, size_t size, unsigned flags) {
    return syscall(SYS_landlock_create_ruleset, a, size, flags);
}

/* Adds one rule for path (followed if a link); a file gets only the rights that apply to files.
 * Returns 0, or -1 with errno (ENOENT for a missing path). */
static int ll_allow(int ruleset, const char *path, __u64 access) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                  LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |
                  LANDLOCK_ACCESS_FS_IOCTL_DEV;
    struct landlock_path_beneath_attr pb = {.allowed_access = access, .parent_fd = fd};
    long r = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
    int e = errno;
    close(fd);
    errno = e;
    return r == 0 ? 0 : -1;
}

/* The directory of a read-write entry: itself if a directory, else the directory of the file
 * (which may not exist yet: SQLite creates it and its journals beside it). */
static void rw_dir(char *out, size_t cap, const char *path) {
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(out, cap, "%s", path);
        return;
    }
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        snprintf(out, cap, ".");
    } else if (slash == path) {
        snprintf(out, cap, "/");
    } else {
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
    }
}

seal_err seal_sandbox_fs(const seal_sandbox_paths *p, char *note, size_t note_len, char *why,
                         size_t why_len) {
    long abi = ll_create(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1) {
        snprintf(note, note_len, "not available (%s): file system not restricted", strerror(errno));
        return SEAL_OK;
    }
    __u64 handled = FS_ABI1;
    if (abi >= 2)
        handled |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        handled |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        handled |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    const __u64 ro = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
    /* everything but executing and creating devices, fifos, sockets and links */
    const __u64 rw =
        handled & ~(__u64)(LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
                           LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
                           LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_SYM |
                           LANDLOCK_ACCESS_FS_IOCTL_DEV);
    struct landlock_ruleset_attr attr = {.handled_access_fs = handled};
    int rs = (int)ll_create(&attr, sizeof attr, 0);
    if (rs < 0) {
        snprintf(why, why_len, "landlock: cannot create a ruleset: %s", strerror(errno));
        return SEAL_ERR_IO;
    }
    seal_err err = SEAL_OK;
    for (size_t i = 0; i < sizeof system_ro / sizeof system_ro[0] && err == SEAL_OK; i++)
        if (ll_allow(rs, system_ro[i], ro) != 0 && errno != ENOENT) {
            snprintf(why, why_len, "landlock: %s: %s", system_ro[i], strerror(errno));
            err = SEAL_ERR_IO;
        }
    for (size_t i = 0; i < sizeof system_rw / sizeof system_rw[0] && err == SEAL_OK; i++)
        if (ll_allow(rs, system_rw[i], ro | LANDLOCK_ACCESS_FS_WRITE_FILE) != 0 &&
            errno != ENOENT) {
            snprintf(why, why_len, "landlock: %s: %s", system_rw[i], strerror(errno));
            err = SEAL_ERR_IO;
        }
    for (size_t i = 0; i < p->n_ro && err == SEAL_OK; i++)
        if (ll_allow(rs, p->ro[i], ro) != 0) {
            snprintf(why, why_len, "landlock: cannot allow %.200s: %s", p->ro[i], strerror(errno));
            err = SEAL_ERR_IO;
        }
    for (size_t i = 0; i < p->n_rw && err == SEAL_OK; i++) {
        char dir[1024];
        rw_dir(dir, sizeof dir, p->rw[i]);
        if (ll_allow(rs, dir, rw) != 0) {
            snprintf(why, why_len, "landlock: cannot allow %.200s: %s", dir, strerror(errno));
            err = SEAL_ERR_IO;
        }
    }
    if (err == SEAL_OK && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(why, why_len, "cannot set no_new_privs: %s", strerror(errno));
        err = SEAL_ERR_IO;
    }
    if (err == SEAL_OK && syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
        snprintf(why, why_len, "landlock: cannot restrict the process: %s", strerror(errno));
        err = SEAL_ERR_IO;
    }
    close(rs);
    if (err == SEAL_OK)
        snprintf(note, note_len, "abi %ld", abi);
    return err;
}

/* ---- seccomp ------------------------------------------------------------------------------- */

/* Every call a service makes once it listens. Memory, threads, time, files (bounded by
 * Landlock), sockets of the listeners and of the chain client (libcurl, its threaded resolver,
 * the gRPC transport), epoll of libmicrohttpd, SQLite's locks. Names the architecture does not
 * have are skipped. */
static const char allowed[] =
    /* memory */
    "brk mmap munmap mremap mprotect madvise mlock munlock mlock2 membarrier "
    /* threads and signals (clone: see below) */
    "set_robust_list get_robust_list rseq futex futex_waitv sched_yield sched_getaffinity "
    "set_tid_address gettid getpid getppid rt_sigprocmask rt_sigaction rt_sigreturn "
    "rt_sigtimedwait rt_sigpending sigaltstack exit exit_group restart_syscall tgkill tkill "
    /* time */
    "clock_gettime clock_getres clock_nanosleep nanosleep gettimeofday time "
    /* files (Landlock limits where) */
    "openat open close read pread64 readv preadv write pwrite64 writev pwritev lseek fstat "
    "newfstatat stat lstat statx fstatfs statfs fsync fdatasync ftruncate fallocate fcntl "
    "unlink unlinkat rename renameat renameat2 access faccessat faccessat2 getcwd readlink "
    "readlinkat getdents getdents64 mkdir mkdirat fchmod fchown umask flock dup dup2 dup3 pipe "
    "pipe2 close_range "
    /* sockets: the listeners' connections, the chain client, DNS */
    "connect accept accept4 bind listen getsockname getpeername setsockopt getsockopt "
    "sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg shutdown socketpair sendfile poll ppoll "
    "select pselect6 epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2 "
    "eventfd2 timerfd_create timerfd_settime "
    /* misc */
    "getrandom uname sysinfo getrusage times getuid geteuid getgid getegid getgroups getresuid "
    "getresgid prlimit64 getrlimit arch_prctl sched_getparam sched_getscheduler getpriority "
    "setpriority "
#ifdef SANDBOX_SANITIZER
    /* the sanitizer runtimes: LeakSanitizer stops the world with a tracer task (clone without
     * CLONE_THREAD, ptrace, waits), reports are symbolised by a child process */
    "ptrace wait4 waitid execve vfork fork kill setsid personality clone prctl ioctl "
#endif
    "";

static void on_sigsys(int sig, siginfo_t *info, void *uc_) {
    (void)sig;
    char line[96];
    int nr = info->si_syscall;
    /* async-signal-safe formatting */
    char digits[16];
    size_t nd = 0;
    unsigned v = nr < 0 ? 0u : (unsigned)nr;
    do {
        digits[nd++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0 && nd < sizeof digits);
    static const char head[] = "{\"event\":\"sandbox_refused\",\"syscall\":";
    size_t pos = 0;
    memcpy(line, head, sizeof head - 1);
    pos = sizeof head - 1;
    while (nd > 0)
        line[pos++] = digits[--nd];
    line[pos++] = '}';
    line[pos++] = '\n';
    ssize_t w = write(2, line, pos);
    (void)w;
#if defined(__x86_64__)
    ucontext_t *uc = uc_;
    uc->uc_mcontext.gregs[REG_RAX] = -ENOSYS;
#elif defined(__aarch64__)
    ucontext_t *uc = uc_;
    uc->uc_mcontext.regs[0] = (unsigned long long)-ENOSYS;
#else
    (void)uc_;
    _exit(128 + SIGSYS);
#endif
}

/* "argument n equals v", every field set (libseccomp's SCMP_An(SCMP_CMP_EQ, v) leaves datum_b to
 * the compiler, which clang's -Wmissing-field-initializers reports) */
static struct scmp_arg_cmp arg_eq(unsigned n, scmp_datum_t v) {
    struct scmp_arg_cmp c = {.arg = n, .op = SCMP_CMP_EQ, .datum_a = v, .datum_b = 0};
    return c;
}

seal_err seal_sandbox_syscalls(bool log_refused, char *why, size_t why_len) {
    if (log_refused) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigsys;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGSYS, &sa, NULL) != 0) {
            snprintf(why, why_len, "seccomp: cannot catch SIGSYS: %s", strerror(errno));
            return SEAL_ERR_IO;
        }
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGSYS);
        (void)pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    }
    scmp_filter_ctx ctx = seccomp_init(log_refused ? SCMP_ACT_TRAP : SCMP_ACT_KILL_PROCESS);
    if (ctx == NULL) {
        snprintf(why, why_len, "seccomp: cannot create a filter");
        return SEAL_ERR_NO_MEMORY;
    }
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    /* a binary tree of the call numbers rather than a linear list: every call of every request
     * runs the filter (the kernel's filter cache skips it for the unconditional calls) */
    (void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
    const char *what = "tsync";
    char name[32];
    for (const char *c = allowed; rc == 0 && *c != '\0';) {
        size_t n = strcspn(c, " ");
        snprintf(name, sizeof name, "%.*s", (int)n, c);
        c += n + (c[n] == ' ');
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR || nr < 0)
            continue; /* not a call of this architecture */
        what = name;
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
    }
    /* threads only: clone with CLONE_THREAD (no fork); clone3 hides its flags in memory, so it
     * fails with ENOSYS and the C library falls back to clone */
    if (rc == 0) {
        what = "clone3";
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    }
    /* socket: IPv4, IPv6, Unix (glibc's name service cache), netlink (getaddrinfo's
     * AI_ADDRCONFIG); no raw packets, no kernel crypto (AF_ALG), no other family */
    static const int domains[] = {AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
    for (size_t i = 0; rc == 0 && i < sizeof domains / sizeof domains[0]; i++) {
        what = "socket";
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
                              arg_eq(0, (scmp_datum_t)domains[i]));
    }
#ifndef SANDBOX_SANITIZER
    if (rc == 0) {
        what = "clone";
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
    }
    /* signals to itself only (a committee member stops itself with SIGTERM) */
    if (rc == 0) {
        what = "kill";
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
                              arg_eq(0, (scmp_datum_t)getpid()));
    }
    /* ioctl: non-blocking mode and pending bytes of a socket, "is it a terminal" */
    static const unsigned long ioctls[] = {FIONBIO, FIONREAD, TCGETS, TIOCGWINSZ};
    for (size_t i = 0; rc == 0 && i < sizeof ioctls / sizeof ioctls[0]; i++) {
        what = "ioctl";
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
                              arg_eq(1, (scmp_datum_t)ioctls[i]));
    }
    /* prctl: thread names (libmicrohttpd), reading them, the dumpable flag already cleared */
    static const int prctls[] = {PR_SET_NAME, PR_GET_NAME, PR_GET_DUMPABLE};
    for (size_t i = 0; rc == 0 && i < sizeof prctls / sizeof prctls[0]; i++) {
        what = "prctl";
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
                              arg_eq(0, (scmp_datum_t)prctls[i]));
    }
#endif
    if (rc != 0) {
        snprintf(why, why_len, "seccomp: cannot add the rule for %s: %s", what, strerror(-rc));
        seccomp_release(ctx);
        return SEAL_ERR_IO;
    }
    rc = seccomp_load(ctx); /* sets no_new_privs itself */
    seccomp_release(ctx);
    if (rc != 0) {
        snprintf(why, why_len, "seccomp: cannot load the filter: %s", strerror(-rc));
        return SEAL_ERR_IO;
    }
    return SEAL_OK;
}
