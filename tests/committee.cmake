# Committee mode scripts (tests/committee/test_*.sh): one ctest test per script,
# committee_<name>, label "committee". Each takes the seal binary, the tests/vectors folder and
# the test client of member servers (tests/committee/member_client.c), and ends with
# "N passed, N failed".
if(TARGET seal_cli)
  add_executable(committee_member_client ${CMAKE_CURRENT_LIST_DIR}/committee/member_client.c)
  target_link_libraries(committee_member_client PRIVATE seal PkgConfig::CURL)
  file(GLOB SEAL_COMMITTEE_TEST_SCRIPTS CONFIGURE_DEPENDS
       ${CMAKE_CURRENT_LIST_DIR}/committee/test_*.sh)
  foreach(script ${SEAL_COMMITTEE_TEST_SCRIPTS})
    get_filename_component(name ${script} NAME_WE)
    string(REGEX REPLACE "^test_" "" short ${name})
    add_test(NAME committee_${short}
             COMMAND bash ${script} $<TARGET_FILE:seal_cli> ${CMAKE_CURRENT_LIST_DIR}/vectors
                     $<TARGET_FILE:committee_member_client>)
    set_tests_properties(committee_${short} PROPERTIES TIMEOUT 300 LABELS committee)
  endforeach()
endif()
