# The library as it is installed and used (label install): the exported symbols of libseal.so
# against include/seal/*.h (tests/abi/check_exports.py, and a self-test proving it fails on a
# bad library), and an install into a temporary prefix with the examples built against it
# (tests/install/test_install.sh).
find_package(Python3 COMPONENTS Interpreter)
if(Python3_FOUND)
  add_test(NAME abi_exports COMMAND ${Python3_EXECUTABLE}
           ${CMAKE_CURRENT_LIST_DIR}/abi/check_exports.py $<TARGET_FILE:seal_shared>
           ${PROJECT_SOURCE_DIR}/include/seal ${PROJECT_VERSION_MAJOR})
  add_test(NAME abi_exports_selftest COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/abi/selftest.sh
           ${Python3_EXECUTABLE} ${CMAKE_C_COMPILER})
  set_tests_properties(abi_exports abi_exports_selftest PROPERTIES LABELS install TIMEOUT 120)
endif()
if(TARGET seal_cli AND NOT SEAL_SANITIZE)
  # (the sanitizer build's libseal.so needs the sanitizer runtimes preloaded: release only)
  add_test(NAME install_examples COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/test_install.sh
           ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR} $<TARGET_FILE:seal_cli>)
  set_tests_properties(install_examples PROPERTIES LABELS install TIMEOUT 300 COST 40)
  # The Debian packages, installed on this machine with dpkg -i and purged: root only (exit 77,
  # skipped, otherwise); one run at a time per machine (a lock file).
  add_test(NAME deb_packages COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/test_deb.sh
           ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
  set_tests_properties(deb_packages PROPERTIES LABELS install TIMEOUT 600 COST 40
                       SKIP_RETURN_CODE 77)
endif()
if(TARGET man)
  add_test(NAME man_pages COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/test_man.sh
           ${Python3_EXECUTABLE} $<TARGET_FILE:seal_cli> ${PROJECT_BINARY_DIR}/man/man1
           ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  set_tests_properties(man_pages PROPERTIES LABELS install TIMEOUT 300)
endif()
if(Python3_FOUND AND NOT SEAL_SANITIZE)
  add_test(NAME systemd_unit COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/test_unit.sh
           ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR})
  set_tests_properties(systemd_unit PROPERTIES LABELS install TIMEOUT 120 SKIP_RETURN_CODE 77)
endif()
if(TARGET docs-api AND NOT SEAL_SANITIZE) # the headers, not the build: once per CI run
  add_test(NAME docs_api COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/install/test_docs_api.sh
           ${Python3_EXECUTABLE} ${DOXYGEN_EXECUTABLE} ${PROJECT_BINARY_DIR}/docs/Doxyfile
           ${PROJECT_SOURCE_DIR})
  set_tests_properties(docs_api PROPERTIES LABELS docs TIMEOUT 600)
endif()
