/* Run-time choice of the arithmetic backend, once per process:
 *
 *   portable   C field arithmetic (unsigned __int128), every CPU;
 *   adx        x86-64 mulx/adcx/adox field arithmetic (BMI2 + ADX);
 *   ifma       adx, plus AVX-512 IFMA (mb.h): the multi-buffer engine of the batch functions
 *              and the 4-lane tower kernels of the pairing (AVX-512F/VL/DQ + IFMA, with the OS
 *              saving the AVX-512 state);
 *   ifma-emu   the multi-buffer engine on the portable emulation of its vector operations (for
 *              the constant-time check under valgrind and for tests on other CPUs).
 *
 * The default is the best the CPU reports. SEAL_BLS_BACKEND=NAME in the environment (read at
 * load) or seal_bls_set_backend() forces one, so that one build tests every path on one machine.
 * SEAL_ASSUME_ADX=1 declares BMI2/ADX present under an emulator that runs them but hides their
 * CPUID bits (valgrind). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bls/mb.h"
#include "seal/bls12_381.h"

#if defined(__x86_64__) && defined(SEAL_HAVE_X86_ASM) && SEAL_HAVE_X86_ASM
#include <cpuid.h>
#define HAVE_X86 1
#else
#define HAVE_X86 0
#endif

int seal__bls_adx = 0;
static const seal__mb_engine *mb_engine = NULL;
static const seal__mb_tower *mb_tower = NULL;
static const char *backend_name = "portable";

static bool cpu_has_adx(void) {
#if HAVE_X86
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    const unsigned int bmi2 = 1u << 8, adx = 1u << 19;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & (bmi2 | adx)) == (bmi2 | adx)) {
        return true;
    }
    const char *assume = getenv("SEAL_ASSUME_ADX");
    return assume != NULL && strcmp(assume, "1") == 0;
#else
    return false;
#endif
}

static bool cpu_has_ifma(void) {
#if HAVE_X86 && defined(SEAL_MB_HAVE_IFMA) && SEAL_MB_HAVE_IFMA
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 27))) {
        return false; /* no OSXSAVE */
    }
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    (void)hi;
    if ((lo & 0xe6u) != 0xe6u) {
        return false; /* the OS does not save the SSE, AVX and AVX-512 state */
    }
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        return false;
    }
    const unsigned int need = (1u << 16) | (1u << 17) | (1u << 21) | (1u << 31); /* F DQ IFMA VL */
    return (ebx & need) == need && cpu_has_adx();
#else
    return false;
#endif
}

seal_err seal_bls_set_backend(const char *name) {
    if (name == NULL) {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    if (strcmp(name, "auto") == 0) {
        if (cpu_has_ifma()) {
            name = "ifma";
        } else if (cpu_has_adx()) {
            name = "adx";
        } else {
            name = "portable";
        }
    }
    if (strcmp(name, "portable") == 0) {
        seal__bls_adx = 0;
        mb_engine = NULL;
        mb_tower = NULL;
        backend_name = "portable";
    } else if (strcmp(name, "adx") == 0) {
        if (!cpu_has_adx()) {
            return SEAL_ERR_UNSUPPORTED;
        }
        seal__bls_adx = 1;
        mb_engine = NULL;
        mb_tower = NULL;
        backend_name = "adx";
    } else if (strcmp(name, "ifma") == 0) {
#if defined(SEAL_MB_HAVE_IFMA) && SEAL_MB_HAVE_IFMA
        if (!cpu_has_ifma()) {
            return SEAL_ERR_UNSUPPORTED;
        }
        seal__bls_adx = 1;
        mb_engine = &seal__mb_engine_ifma;
        mb_tower = &seal__mb_tower_ifma;
        backend_name = "ifma";
#else
        return SEAL_ERR_UNSUPPORTED;
#endif
    } else if (strcmp(name, "ifma-emu") == 0) {
        seal__bls_adx = cpu_has_adx() ? 1 : 0;
        mb_engine = &seal__mb_engine_emu;
        mb_tower = &seal__mb_tower_emu;
        backend_name = "ifma-emu";
    } else {
        return SEAL_ERR_INVALID_ARGUMENT;
    }
    return SEAL_OK;
}

const char *seal_bls_backend(void) {
    return backend_name;
}

const seal__mb_engine *seal__bls_mb(void) {
    return mb_engine;
}

const seal__mb_tower *seal__bls_tower(void) {
    return mb_tower;
}

__attribute__((constructor)) static void bls_backend_init(void) {
    const char *want = getenv("SEAL_BLS_BACKEND");
    if (want != NULL && want[0] != '\0') {
        seal_err err = seal_bls_set_backend(want);
        if (err == SEAL_OK) {
            return;
        }
        fprintf(stderr, "libseal: SEAL_BLS_BACKEND %s; using the best available backend\n",
                err == SEAL_ERR_UNSUPPORTED ? "names a backend this CPU or build does not support"
                                            : "is not one of portable, adx, ifma, ifma-emu, auto");
    }
    if (seal_bls_set_backend("auto") != SEAL_OK) {
        seal__bls_adx = 0; /* unreachable: "auto" always finds one */
    }
}
