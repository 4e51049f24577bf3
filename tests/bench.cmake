# Smoke tests of the benchmark program (bench/): a few operations with --quick. Before timing,
# seal-bench checks that its inputs decode and its signatures verify (bls) and that its objects
# decrypt to the message with and without the consistency check (seal); it exits non-zero if
# not, or if any timed call fails.
if(TARGET seal-bench)
  add_test(NAME bench_bls_smoke
           COMMAND seal-bench bls --json --quick
                   --only fp_mul,g1_decompress_check,g2_decompress_check,verify_min_pk)
  add_test(NAME bench_seal_smoke
           COMMAND seal-bench seal --json --quick
                   --only encrypt_1k_2of3_us,decrypt_1k_2of3_us,decrypt_1k_2of3_checked_us,verify_key_us)
  add_test(NAME bench_committee_smoke
           COMMAND seal-bench committee --json --quick
                   --only create_message_n3_ms,process_n3_ms,partial_key_us)
  set_tests_properties(bench_bls_smoke bench_seal_smoke bench_committee_smoke PROPERTIES TIMEOUT 300)
endif()
