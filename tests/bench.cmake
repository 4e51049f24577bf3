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

# Smoke run of the protocol benchmark (bench/ledger-grpc.sh, 1 s per protocol): JSON-RPC,
# gRPC-web and native gRPC dry runs through one `seal localnet serve`; fails on any wrong answer.
find_program(SEAL_WRK_EXE wrk)
find_program(SEAL_H2LOAD_EXE h2load)
if(TARGET seal_cli AND SEAL_WRK_EXE AND SEAL_H2LOAD_EXE AND NOT SEAL_SANITIZE)
  add_test(NAME bench_grpc_smoke
           COMMAND bash ${PROJECT_SOURCE_DIR}/bench/ledger-grpc.sh --seal $<TARGET_FILE:seal_cli>
                   --duration 1 --connections 8)
  set_tests_properties(bench_grpc_smoke PROPERTIES TIMEOUT 300)
endif()

# Smoke run of the key-server-by-chain benchmark (bench/server-chain.sh --quick): `seal server`
# over gRPC-web, native gRPC, JSON-RPC and the embedded ledger; fails on any refused request,
# and when a gRPC-backed server made a JSON-RPC request.
if(TARGET seal_cli AND TARGET seal-bench AND SEAL_WRK_EXE AND NOT SEAL_SANITIZE)
  add_test(NAME bench_server_chain_smoke
           COMMAND bash ${PROJECT_SOURCE_DIR}/bench/server-chain.sh
                   --build ${CMAKE_BINARY_DIR} --quick --connections 8 --json)
  set_tests_properties(bench_server_chain_smoke PROPERTIES TIMEOUT 300)
endif()
