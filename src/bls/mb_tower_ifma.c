/* The 4-lane kernels (pairing, G1) with AVX-512 IFMA on 256-bit registers (see mb.h,
 * mb_tower.inc). Compiled with the AVX-512 flags like mb_ifma.c; only called when dispatch.c found
 * IFMA. */
#if defined(SEAL_MB_HAVE_IFMA) && SEAL_MB_HAVE_IFMA
#define SEAL_MB_IFMA 1
#define SEAL_MB_LANES 4
#define SEAL_MB_TOWER seal__mb_tower_ifma
#include "bls/mb_tower.inc"
#else
typedef int seal__mb_tower_ifma_unused; /* ISO C forbids an empty translation unit */
#endif
