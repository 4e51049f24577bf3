/* The multi-buffer engine with AVX-512 IFMA (see mb.h). This file alone is compiled with
 * -mavx512f -mavx512vl -mavx512dq -mavx512ifma (CMakeLists.txt); nothing in it runs unless
 * dispatch.c found those features (CPUID and the OS's AVX-512 state). */
#if defined(SEAL_MB_HAVE_IFMA) && SEAL_MB_HAVE_IFMA
#define SEAL_MB_IFMA 1
#define SEAL_MB_LANES 8
#define SEAL_MB_ENGINE seal__mb_engine_ifma
#define SEAL_MB_ENGINE_NAME "ifma"
#include "bls/mb_engine.inc"
#else
typedef int seal__mb_ifma_unused; /* ISO C forbids an empty translation unit */
#endif
