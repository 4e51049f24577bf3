# End-to-end tests (label e2e): a local chain served as JSON-RPC, three key servers and the CLI
# on loopback. e2e_story runs the main job's story (scripts/localnet-demo.sh --extended) against
# the seal binary under test; the SDK's end-to-end test (tests/e2e/interop.sh, interop_e2e) is
# registered in interop.cmake. Every script stops the processes it started.
if(TARGET seal_cli)
  add_test(NAME e2e_story COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/story.sh $<TARGET_FILE:seal_cli>)
  set_tests_properties(e2e_story PROPERTIES TIMEOUT 300 LABELS e2e COST 100)
  if(SEAL_SANITIZE)
    # a sanitized build is several times slower
    set_tests_properties(e2e_story PROPERTIES ENVIRONMENT "SEAL_DEMO_TIMEOUT=120;SEAL_DEMO_READY_TIMEOUT=60")
  endif()
endif()

# The committee story (scripts/committee-demo.sh, `scripts/demo.sh --committee`): a DKG on the
# local chain, member servers, the aggregator, a file 2-of-2 to {committee, independent server},
# a member stopped, a rotation.
if(TARGET seal_cli)
  add_test(NAME e2e_committee COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/committee.sh $<TARGET_FILE:seal_cli>)
  set_tests_properties(e2e_committee PROPERTIES TIMEOUT 300 LABELS e2e COST 100)
  if(SEAL_SANITIZE)
    set_tests_properties(e2e_committee PROPERTIES ENVIRONMENT "SEAL_DEMO_TIMEOUT=120;SEAL_DEMO_READY_TIMEOUT=60")
  endif()
endif()
