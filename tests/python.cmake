# The Python package (python/, docs/python.md), label python: its pytest suite (Debian's
# python3-pytest) against this build's libseal.so.0 and seal command, split in four tests:
#  - python_offline: the vectors of tests/vectors/ and the package's own behaviour, with the
#    ctypes structures checked against the C layout (seal-py-layout);
#  - python_cli: round trips with the seal command;
#  - python_network: the networked story against a local chain and three key servers;
#  - python_wheel: the wheel and sdist built offline with python3-build, installed with pip and
#    used from elsewhere.
# Not registered in the sanitizer build: its libseal.so.0 is built with ASan, whose runtime
# must be the first library of the process, and an uninstrumented python3 cannot load it
# (LD_PRELOADing libasan into python3 reports the interpreter's own leaks and allocator
# mismatches, not the library's). The C paths the package calls are covered there by the unit
# tests of the same functions.
find_program(SEAL_SYSTEM_PYTHON3_PKG python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(SEAL_SANITIZE)
  message(STATUS "python tests not registered: an ASan libseal cannot be loaded by python3")
elseif(NOT TARGET seal_cli OR NOT SEAL_SYSTEM_PYTHON3_PKG)
  message(STATUS "python tests not registered: no /usr/bin/python3 or no seal CLI")
else()
  execute_process(COMMAND ${SEAL_SYSTEM_PYTHON3_PKG} -c "import pytest"
                  RESULT_VARIABLE seal_py_pytest OUTPUT_QUIET ERROR_QUIET)
  if(NOT seal_py_pytest EQUAL 0)
    message(WARNING "python tests not registered: python3-pytest is missing (scripts/install-deps.sh)")
  else()
    add_executable(seal-py-layout ${PROJECT_SOURCE_DIR}/python/tests/layout.c)
    target_include_directories(seal-py-layout PRIVATE ${PROJECT_SOURCE_DIR}/include)
    set(seal_py_env "SEAL_LIBRARY=$<TARGET_FILE:seal_shared>;SEAL_CLI=$<TARGET_FILE:seal_cli>"
                    "SEAL_PY_LAYOUT=$<TARGET_FILE:seal-py-layout>;PYTHONDONTWRITEBYTECODE=1")
    foreach(t offline:test_vectors.py,test_api.py cli:test_cli.py network:test_network.py)
      string(REPLACE ":" ";" parts ${t})
      list(GET parts 0 name)
      list(GET parts 1 files)
      string(REPLACE "," ";" files ${files})
      list(TRANSFORM files PREPEND ${PROJECT_SOURCE_DIR}/python/tests/)
      add_test(NAME python_${name}
               COMMAND ${SEAL_SYSTEM_PYTHON3_PKG} -m pytest -q -p no:cacheprovider ${files}
               WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}/python)
      set_tests_properties(python_${name} PROPERTIES TIMEOUT 300 LABELS python
                           ENVIRONMENT "${seal_py_env}")
    endforeach()
    set_tests_properties(python_network PROPERTIES LABELS "python;e2e")
    execute_process(COMMAND ${SEAL_SYSTEM_PYTHON3_PKG} -c "import build, setuptools, wheel"
                    RESULT_VARIABLE seal_py_build OUTPUT_QUIET ERROR_QUIET)
    if(seal_py_build EQUAL 0)
      add_test(NAME python_wheel
               COMMAND bash ${PROJECT_SOURCE_DIR}/python/tests/wheel.sh ${SEAL_SYSTEM_PYTHON3_PKG}
                       $<TARGET_FILE:seal_shared>)
      set_tests_properties(python_wheel PROPERTIES TIMEOUT 300 LABELS python)
    else()
      message(WARNING "python_wheel not registered: python3-build/-setuptools/-wheel missing (scripts/install-deps.sh)")
    endif()
  endif()
endif()
