# Script-driven tests of the seal CLI (tests/cli/test_*.sh), one ctest test per script:
# cli_<name>. Each script takes the seal binary and the vectors folder, prints one line per
# check and ends with "N passed, N failed".
if(TARGET seal_cli)
  file(GLOB SEAL_CLI_TEST_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/cli/test_*.sh)
  foreach(script ${SEAL_CLI_TEST_SCRIPTS})
    get_filename_component(name ${script} NAME_WE)
    string(REGEX REPLACE "^test_" "" short ${name})
    add_test(NAME cli_${short}
             COMMAND bash ${script} $<TARGET_FILE:seal_cli> ${CMAKE_CURRENT_LIST_DIR}/vectors)
    set_tests_properties(cli_${short} PROPERTIES TIMEOUT 600 COST 60)
    if(SEAL_SANITIZE)
      set_tests_properties(cli_${short} PROPERTIES ENVIRONMENT "SEAL_TEST_SANITIZE=1")
    endif()
  endforeach()
endif()
