# Replicas of one key server behind a real HAProxy running docs/deploy/haproxy.cfg unchanged: the
# official SDK and the C client decrypt through it while one replica is SIGKILLed and restarted
# (tests/deploy/haproxy.sh, tests/interop/deploy.mjs, docs/deploy.md). About 20 s. Skipped
# (exit 77) when haproxy is not installed, except on CI (.ci/run sets SEAL_CI).
find_program(SEAL_NODE_EXE node)
find_program(SEAL_NPM_EXE npm)
if(TARGET seal_cli AND SEAL_NODE_EXE AND SEAL_NPM_EXE)
  add_test(NAME deploy_haproxy
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/deploy/haproxy.sh $<TARGET_FILE:seal_cli>)
  # after the interop tests, whose scripts may be installing the same node_modules
  set_tests_properties(deploy_haproxy PROPERTIES TIMEOUT 300 LABELS deploy SKIP_RETURN_CODE 77
                       DEPENDS "interop_sdk;interop_localnet;interop_e2e")
  if(SEAL_SANITIZE)
    set_tests_properties(deploy_haproxy PROPERTIES ENVIRONMENT "SEAL_DEMO_READY_TIMEOUT=60")
  endif()
endif()
