# Client tests that drive the seal CLI (tests/client/test_*.sh), one ctest test per script:
# client_<name>. Each script takes the seal binary and the vectors folder, prints one line per
# check and ends with "N passed, N failed". The networked ones start `seal localnet` and
# `seal server` processes on loopback (port 0 or free ports) in a temporary folder.
if(TARGET seal_cli)
  file(GLOB SEAL_CLIENT_TEST_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/client/test_*.sh)
  foreach(script ${SEAL_CLIENT_TEST_SCRIPTS})
    get_filename_component(name ${script} NAME_WE)
    string(REGEX REPLACE "^test_" "" short ${name})
    add_test(NAME client_${short}
             COMMAND bash ${script} $<TARGET_FILE:seal_cli> ${CMAKE_CURRENT_LIST_DIR}/vectors)
    set_tests_properties(client_${short} PROPERTIES TIMEOUT 300 COST 30)
  endforeach()
endif()
