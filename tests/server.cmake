# Script tests of `seal server` (tests/server/test_*.sh), one ctest test per script: server_<name>.
# Each script takes the seal binary, prints one line per check and ends with "N passed, N failed".
if(TARGET seal_cli)
  file(GLOB SEAL_SERVER_TEST_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/server/test_*.sh)
  foreach(script ${SEAL_SERVER_TEST_SCRIPTS})
    get_filename_component(name ${script} NAME_WE)
    string(REGEX REPLACE "^test_" "" short ${name})
    add_test(NAME server_${short} COMMAND bash ${script} $<TARGET_FILE:seal_cli>)
    set_tests_properties(server_${short} PROPERTIES TIMEOUT 300 COST 30)
  endforeach()
endif()
