# Short libFuzzer runs (label "fuzz"), only in builds configured with -DSEAL_FUZZ=ON (clang):
# each fuzz/fuzz_<surface>.c target runs over its seed corpus fuzz/corpus/<surface>/ and then
# mutates for SEAL_FUZZ_SECONDS (default 5) seconds. New inputs go to a scratch directory in
# the build tree, never into the committed corpus. Long runs: scripts/fuzz.
if(SEAL_FUZZ)
  set(SEAL_FUZZ_SECONDS 5 CACHE STRING "Seconds of mutation per target in the ctest fuzz runs")
  file(GLOB SEAL_FUZZ_TARGET_SOURCES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/fuzz_*.c)
  foreach(src ${SEAL_FUZZ_TARGET_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    string(REGEX REPLACE "^fuzz_" "" surface ${name})
    set(scratch ${CMAKE_BINARY_DIR}/fuzz-scratch/${surface})
    set(artifacts ${CMAKE_BINARY_DIR}/fuzz-artifacts/${surface})
    file(MAKE_DIRECTORY ${scratch} ${artifacts})
    add_test(NAME fuzz_${surface}
             COMMAND $<TARGET_FILE:${name}> -max_total_time=${SEAL_FUZZ_SECONDS} -timeout=20
                     -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=${artifacts}/
                     ${scratch} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${surface})
    set_tests_properties(fuzz_${surface} PROPERTIES LABELS fuzz TIMEOUT 120)
  endforeach()
endif()
