# Script tests of `seal localnet` (tests/localnet/test_*.sh), one ctest test per script:
# localnet_<name>. Each script takes the seal binary, prints one line per check and ends with
# "N passed, N failed" (helpers from tests/cli/lib.sh).
if(TARGET seal_cli)
  file(GLOB SEAL_LOCALNET_TEST_SCRIPTS CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_LIST_DIR}/localnet/test_*.sh)
  foreach(script ${SEAL_LOCALNET_TEST_SCRIPTS})
    get_filename_component(name ${script} NAME_WE)
    string(REGEX REPLACE "^test_" "" short ${name})
    add_test(NAME localnet_${short}
             COMMAND bash ${script} $<TARGET_FILE:seal_cli> ${CMAKE_CURRENT_LIST_DIR}/vectors)
    set_tests_properties(localnet_${short} PROPERTIES TIMEOUT 300 COST 30)
  endforeach()
endif()
# Smoke run of the ledger benchmark (fails when a dry run or a signed transaction fails).
if(TARGET seal-bench)
  add_test(NAME bench_ledger_smoke COMMAND seal-bench ledger --json --quick)
  set_tests_properties(bench_ledger_smoke PROPERTIES TIMEOUT 300)
endif()

# gRPC's reference implementation (Debian python3-grpcio, stubs generated at run time from
# proto/ with protoc and grpc_python_plugin) as a client of the native gRPC endpoint
# (tests/grpc/native.py).
find_program(SEAL_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(TARGET seal_cli AND SEAL_SYSTEM_PYTHON3)
  add_test(NAME localnet_grpc_native
           COMMAND ${SEAL_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/grpc/native.py
                   $<TARGET_FILE:seal_cli> ${PROJECT_SOURCE_DIR}/proto)
  set_tests_properties(localnet_grpc_native PROPERTIES TIMEOUT 300)
endif()
# Hostile gRPC inputs (gRPC-web, native h2c, raw HTTP/2 abuse), each answered with a status, the
# server alive after each (tests/grpc/hostile.py).
if(TARGET seal_cli AND SEAL_SYSTEM_PYTHON3)
  add_test(NAME localnet_grpc_hostile
           COMMAND ${SEAL_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/grpc/hostile.py
                   $<TARGET_FILE:seal_cli>)
  set_tests_properties(localnet_grpc_hostile PROPERTIES TIMEOUT 300)
endif()
