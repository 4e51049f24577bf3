# Constant-time check (tests/ct/): ct_check runs the secret paths of libseal with the secrets
# marked undefined for valgrind's memcheck; any branch or memory index that depends on a secret
# makes valgrind exit with status 1. Registered only when valgrind and its headers are found and
# the build is not instrumented by the sanitizers (ASan and valgrind do not mix).
find_program(SEAL_VALGRIND valgrind)
find_path(SEAL_VALGRIND_INCLUDE_DIR valgrind/memcheck.h)
if(SEAL_VALGRIND AND SEAL_VALGRIND_INCLUDE_DIR AND NOT SEAL_SANITIZE)
  add_executable(ct_check ${CMAKE_CURRENT_SOURCE_DIR}/ct/ct_check.c
                          ${CMAKE_CURRENT_SOURCE_DIR}/ct/ct_mb_leaky.c
                          ${CMAKE_CURRENT_SOURCE_DIR}/ct/ct_namesakes.c)
  target_include_directories(ct_check PRIVATE ${SEAL_VALGRIND_INCLUDE_DIR} ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ct_check PRIVATE seal)
  set(SEAL_VALGRIND_ARGS --error-exitcode=1 --track-origins=yes --num-callers=30)
  # Public one-bit outcomes are declared in the library (seal__ct_public; ct_check's definition
  # marks them defined); public_outcomes.supp keeps only OpenSSL's GCM tag comparison, matched by
  # its exact call chain. Anything else memcheck reports fails the test.
  foreach(group bls bls-ext seal committee mb)
    add_test(NAME ct_${group} COMMAND ${SEAL_VALGRIND} ${SEAL_VALGRIND_ARGS}
             --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/ct/public_outcomes.supp
             $<TARGET_FILE:ct_check> ${group})
    # valgrind runs mulx/adcx/adox but hides the ADX CPUID bit that libseal checks at load.
    set_tests_properties(ct_${group} PROPERTIES TIMEOUT 600 LABELS ct ENVIRONMENT SEAL_ASSUME_ADX=1)
  endforeach()
  # The harness must be able to fail: valgrind has to report the deliberate leaks of the
  # selftest group (a secret-dependent branch and a secret-dependent table index).
  add_test(NAME ct_selftest COMMAND ${SEAL_VALGRIND} ${SEAL_VALGRIND_ARGS} $<TARGET_FILE:ct_check> selftest)
  set_tests_properties(ct_selftest PROPERTIES TIMEOUT 120 LABELS ct ENVIRONMENT SEAL_ASSUME_ADX=1
    PASS_REGULAR_EXPRESSION "Conditional jump or move depends on uninitialised value.*Use of uninitialised value of size")
  # No suppression hides a secret branch in a function of ours: leaks in functions named like
  # those that used to be suppressed function-wide are all reported under public_outcomes.supp,
  # a branch on a seal__ct_public outcome is not; under the former function-wide entries none
  # of those leaks is reported (the names match what such entries matched).
  add_test(NAME ct_selftest_public COMMAND ${SEAL_VALGRIND} ${SEAL_VALGRIND_ARGS}
           --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/ct/public_outcomes.supp
           $<TARGET_FILE:ct_check> selftest-public)
  set_tests_properties(ct_selftest_public PROPERTIES TIMEOUT 120 LABELS ct
    ENVIRONMENT SEAL_ASSUME_ADX=1
    PASS_REGULAR_EXPRESSION "ct selftest-public: 11 of 11 namesake leaks reported; declassified branch not reported; later secret branch reported")
  add_test(NAME ct_selftest_function_wide COMMAND ${SEAL_VALGRIND} ${SEAL_VALGRIND_ARGS}
           --suppressions=${CMAKE_CURRENT_SOURCE_DIR}/ct/selftest_function_wide.supp
           $<TARGET_FILE:ct_check> selftest-public)
  set_tests_properties(ct_selftest_function_wide PROPERTIES TIMEOUT 120 LABELS ct
    ENVIRONMENT SEAL_ASSUME_ADX=1
    PASS_REGULAR_EXPRESSION "ct selftest-public: 0 of 11 namesake leaks reported")
  # The same for the multi-buffer engine: its emulated build with a deliberate secret-dependent
  # branch in the table lookup (ct/ct_mb_leaky.c) must be reported.
  add_test(NAME ct_selftest_mb COMMAND ${SEAL_VALGRIND} ${SEAL_VALGRIND_ARGS} $<TARGET_FILE:ct_check> selftest-mb)
  set_tests_properties(ct_selftest_mb PROPERTIES TIMEOUT 300 LABELS ct ENVIRONMENT SEAL_ASSUME_ADX=1
    PASS_REGULAR_EXPRESSION "Conditional jump or move depends on uninitialised value.*g1v_lookup")
else()
  message(STATUS "constant-time check (valgrind) not registered: valgrind=${SEAL_VALGRIND} "
                 "headers=${SEAL_VALGRIND_INCLUDE_DIR} SEAL_SANITIZE=${SEAL_SANITIZE}")
endif()
