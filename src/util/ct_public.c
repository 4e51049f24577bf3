/*
 * seal__ct_public: the one place where a one-bit outcome computed (without branches) from
 * secrets becomes public, because the caller learns it anyway (a validity or verification
 * result returned as an error code) or the protocol reveals it.
 *
 * In the library it returns its argument. The constant-time harness (tests/ct/ct_check.c)
 * links its own strong definition in place of this weak one, which tells valgrind's memcheck
 * that the bit is defined: a branch on the returned value is then not reported, while any
 * other branch on a secret in the same function still is (a function-wide suppression would
 * hide it). Kept out of line (its own translation unit, no LTO) so that the compiler cannot
 * branch on the argument before the call.
 */
#include "util/ct.h"

__attribute__((weak, noinline)) uint64_t seal__ct_public(uint64_t bit) {
    return bit;
}
