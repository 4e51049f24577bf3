/* The multi-buffer engine's emulated build (as src/bls/mb_emu.c) with a deliberate leak: its
 * table lookup branches on lane 0's secret digit (SEAL_MB_CT_SELFTEST_LEAK in mb_engine.inc).
 * Only ct_check's selftest-mb group calls it, to show that valgrind reports a secret-dependent
 * branch inside the engine. */
#define SEAL_MB_IFMA 0
#define SEAL_MB_LANES 8
#define SEAL_MB_ENGINE seal__mb_engine_leaky
#define SEAL_MB_ENGINE_NAME "ifma-emu-leaky"
#define SEAL_MB_CT_SELFTEST_LEAK 1
#include "bls/mb_engine.inc"
