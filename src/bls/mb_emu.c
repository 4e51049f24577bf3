/* The multi-buffer engine on the portable emulation of the IFMA vector operations (see mb.h
 * and mb_vec.h): the same code as mb_ifma.c, lane by lane in plain C. Slower than the scalar
 * backends; it serves the constant-time check under valgrind (which cannot run AVX-512) and
 * the tests of the batch code on machines without IFMA. */
#define SEAL_MB_IFMA 0
#define SEAL_MB_LANES 8
#define SEAL_MB_ENGINE seal__mb_engine_emu
#define SEAL_MB_ENGINE_NAME "ifma-emu"
#include "bls/mb_engine.inc"
