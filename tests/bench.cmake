# Smoke tests of the benchmark program (bench/): a few operations with --quick. Before timing,
# seal-bench checks that its inputs decode and its signatures verify, and exits non-zero if not.
if(TARGET seal-bench)
  add_test(NAME bench_bls_smoke
           COMMAND seal-bench bls --json --quick
                   --only fp_mul,g1_decompress_check,g2_decompress_check,verify_min_pk)
  set_tests_properties(bench_bls_smoke PROPERTIES TIMEOUT 300)
endif()
