# The chain layer's gRPC backend against independent gRPC servers (docs/chain.md "Tests"):
# seal-chain-probe (tests/grpc/chain_probe.c) makes one chain call and prints what it read;
#  - grpc_fake_node: gRPC's reference implementation (Debian python3-grpcio, stubs generated at
#    run time from proto/ with protoc 3.21 and grpc_python_plugin) as a fake full node, over
#    native gRPC (tests/grpc/fake_node.py);
#  - interop_grpc_peer: a gRPC-web node built from the official SDK's own generated message types
#    (@mysten/sui 2.33.1, tests/interop/grpc_peer.mjs), over HTTP/1.1 and HTTP/2.
add_executable(seal-chain-probe ${CMAKE_CURRENT_LIST_DIR}/grpc/chain_probe.c)
target_link_libraries(seal-chain-probe PRIVATE seal PkgConfig::JANSSON)
find_program(SEAL_SYSTEM_PYTHON3_PEER python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(SEAL_PROTOC protoc)
if(SEAL_SYSTEM_PYTHON3_PEER AND SEAL_PROTOC)
  add_test(NAME grpc_fake_node
           COMMAND ${SEAL_SYSTEM_PYTHON3_PEER} ${CMAKE_CURRENT_LIST_DIR}/grpc/fake_node.py
                   $<TARGET_FILE:seal-chain-probe> ${PROJECT_SOURCE_DIR}/proto)
  set_tests_properties(grpc_fake_node PROPERTIES TIMEOUT 300)
endif()
find_program(SEAL_NODE_EXE_PEER node)
find_program(SEAL_NPM_EXE_PEER npm)
if(SEAL_NODE_EXE_PEER AND SEAL_NPM_EXE_PEER)
  add_test(NAME interop_grpc_peer
           COMMAND bash -c "set -e; cd \"$1\"; if [[ ! -f node_modules/@mysten/seal/package.json || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then npm ci --no-audit --no-fund --loglevel=error; fi; exec node grpc_peer.mjs --probe \"$2\""
                   interop-grpc-peer ${CMAKE_CURRENT_LIST_DIR}/interop
                   $<TARGET_FILE:seal-chain-probe>)
  # after interop_sdk, whose run.sh may be installing the same node_modules
  set_tests_properties(interop_grpc_peer PROPERTIES TIMEOUT 300 DEPENDS interop_sdk)
endif()
