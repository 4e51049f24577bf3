# Interoperability with the official Seal TypeScript SDK (@mysten/seal 1.4.12, pinned in
# tests/interop/package-lock.json): objects made by the seal CLI are decrypted by the SDK and
# the other way round, with fresh random cases at each run (the seed is printed; set
# SEAL_INTEROP_SEED to replay). Registered when node and npm are available; the script runs
# `npm ci` into tests/interop/node_modules when it is missing or stale.
find_program(SEAL_NODE_EXE node)
find_program(SEAL_NPM_EXE npm)
if(TARGET seal_cli AND SEAL_NODE_EXE AND SEAL_NPM_EXE)
  add_test(NAME interop_sdk
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/interop/run.sh $<TARGET_FILE:seal_cli>)
  # The longest test: a high COST makes a parallel ctest start it first.
  set_tests_properties(interop_sdk PROPERTIES TIMEOUT 900 COST 1000)
  # The large objects go through the SDK's pure-JS DEM, which takes minutes for 64 MiB: they run
  # at full size only where SEAL_INTEROP_FULL is on (scripts/test.sh turns it on for the release
  # suite); other builds (the sanitized one, developers' builds) use 8 MiB objects.
  if(NOT SEAL_INTEROP_FULL OR SEAL_SANITIZE)
    set_tests_properties(interop_sdk PROPERTIES ENVIRONMENT "SEAL_INTEROP_BIG_MIB=8")
  endif()
endif()

# The official SDK (SuiJsonRpcClient, SealClient, Transaction) against `seal localnet serve`,
# with no mocks on the path (tests/interop/localnet.mjs, docs/localnet.md). Installs the pinned
# SDK the way run.sh does when node_modules is missing or older than the lockfile.
if(TARGET seal_cli AND SEAL_NODE_EXE AND SEAL_NPM_EXE)
  add_test(NAME interop_localnet
           COMMAND bash -c "set -e; cd \"$1\"; if [[ ! -f node_modules/@mysten/seal/package.json || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund --loglevel=error; fi; exec node localnet.mjs --seal \"$2\""
                   interop-localnet ${CMAKE_CURRENT_LIST_DIR}/interop $<TARGET_FILE:seal_cli>)
  # after interop_sdk, whose run.sh may be installing the same node_modules
  set_tests_properties(interop_localnet PROPERTIES TIMEOUT 300 DEPENDS interop_sdk)
endif()

# The official SDK end to end against `seal localnet serve` and three `seal server` processes
# (tests/interop/e2e.mjs). It runs after interop_sdk and interop_localnet when they are selected,
# so that no two of them run `npm ci` into the same node_modules at once.
if(TARGET seal_cli AND SEAL_NODE_EXE AND SEAL_NPM_EXE)
  add_test(NAME interop_e2e
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/interop.sh $<TARGET_FILE:seal_cli>)
  set_tests_properties(interop_e2e PROPERTIES TIMEOUT 300 LABELS e2e DEPENDS "interop_sdk;interop_localnet")
  if(SEAL_SANITIZE)
    set_tests_properties(interop_e2e PROPERTIES ENVIRONMENT "SEAL_DEMO_TIMEOUT=120;SEAL_DEMO_READY_TIMEOUT=60")
  endif()
endif()

# The official SDK's gRPC client (SuiGrpcClient, gRPC-web text and binary) against `seal
# localnet serve` (tests/interop/grpc.mjs, docs/localnet.md "gRPC").
if(TARGET seal_cli AND SEAL_NODE_EXE AND SEAL_NPM_EXE)
  add_test(NAME interop_grpc
           COMMAND bash -c "set -e; cd \"$1\"; if [[ ! -f node_modules/@mysten/seal/package.json || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund --loglevel=error; fi; exec node grpc.mjs --seal \"$2\""
                   interop-grpc ${CMAKE_CURRENT_LIST_DIR}/interop $<TARGET_FILE:seal_cli>)
  set_tests_properties(interop_grpc PROPERTIES TIMEOUT 300 DEPENDS "interop_sdk;interop_localnet;interop_e2e")
  # The same end-to-end story over gRPC only: the SDK on SuiGrpcClient, the CLI and the three key
  # servers on `chain: http://…` (gRPC-web); the local chain's metrics show no JSON-RPC request.
  add_test(NAME interop_e2e_grpc
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/interop.sh $<TARGET_FILE:seal_cli> --grpc)
  set_tests_properties(interop_e2e_grpc PROPERTIES TIMEOUT 300 LABELS e2e
                       DEPENDS "interop_sdk;interop_localnet;interop_e2e;interop_grpc")
  if(SEAL_SANITIZE)
    set_tests_properties(interop_e2e_grpc PROPERTIES
                         ENVIRONMENT "SEAL_DEMO_TIMEOUT=120;SEAL_DEMO_READY_TIMEOUT=60")
  endif()
endif()

# A committee key server (real DKG, member servers, this project's aggregator) with the official
# SDK (SealClient with aggregatorUrl) and the C client against the same processes, faults and a
# rotation included (tests/e2e/committee_interop.sh, tests/interop/committee_aggregator.mjs).
if(TARGET seal_cli AND SEAL_NODE_EXE AND SEAL_NPM_EXE)
  add_test(NAME interop_committee
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/committee_interop.sh $<TARGET_FILE:seal_cli>)
  set_tests_properties(interop_committee PROPERTIES TIMEOUT 600 LABELS e2e
                       DEPENDS "interop_sdk;interop_localnet;interop_e2e")
  if(SEAL_SANITIZE)
    set_tests_properties(interop_committee PROPERTIES ENVIRONMENT "SEAL_DEMO_TIMEOUT=120;SEAL_DEMO_READY_TIMEOUT=60")
  endif()
endif()
