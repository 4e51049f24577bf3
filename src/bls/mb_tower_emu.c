/* The 4-lane kernels (pairing, G1) on the portable emulation of the vector operations (see mb.h,
 * mb_tower.inc): backend ifma-emu, for the constant-time check under valgrind and the tests. */
#define SEAL_MB_IFMA 0
#define SEAL_MB_LANES 4
#define SEAL_MB_TOWER seal__mb_tower_emu
#include "bls/mb_tower.inc"
