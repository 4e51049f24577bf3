# Install rules, the man pages and the Debian packages (included by the top CMakeLists.txt;
# docs/packaging.md).
#
# Components: runtime (libseal.so.N), development (headers, libseal.so, libseal.a, seal.pc, the
# CMake package), tools (the seal command); each is one Debian package (packaging/).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS seal_shared EXPORT SealTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime
                NAMELINK_COMPONENT development
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS seal ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/seal DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development)
if(TARGET seal_cli)
  install(TARGETS seal_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tools)
endif()
# seal.pc and the CMake package locate the prefix from their own place, so an installed tree
# can be moved (cmake --install --prefix DIR).
file(RELATIVE_PATH SEAL_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" SEAL_PC_TO_PREFIX "${SEAL_PC_TO_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/seal.pc.in seal.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/seal.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT development)
set(SEAL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Seal)
install(EXPORT SealTargets NAMESPACE Seal:: DESTINATION ${SEAL_CMAKE_DIR} COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/SealConfig.cmake.in SealConfig.cmake
                              INSTALL_DESTINATION ${SEAL_CMAKE_DIR})
# The SONAME follows the major version: same major, same ABI.
write_basic_package_version_file(SealConfigVersion.cmake COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/SealConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/SealConfigVersion.cmake
        DESTINATION ${SEAL_CMAKE_DIR} COMPONENT development)

# ---- man pages: generated from the seal command's --help (scripts/gen_man.py) ----------------
# One page per command (seal.1, seal-CMD.1 with the subcommands as sections), rebuilt whenever
# the seal binary changes; test man_pages checks them against every --help.
find_package(Python3 COMPONENTS Interpreter)
if(TARGET seal_cli AND Python3_FOUND)
  set(SEAL_MAN_DIR ${PROJECT_BINARY_DIR}/man/man1)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/stamp
                     COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/gen_man.py
                             $<TARGET_FILE:seal_cli> ${SEAL_MAN_DIR} --version ${PROJECT_VERSION}
                     COMMAND ${CMAKE_COMMAND} -E touch ${PROJECT_BINARY_DIR}/man/stamp
                     DEPENDS seal_cli ${PROJECT_SOURCE_DIR}/scripts/gen_man.py
                     COMMENT "Generating the man pages from seal --help")
  add_custom_target(man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/stamp)
  install(DIRECTORY ${SEAL_MAN_DIR} DESTINATION ${CMAKE_INSTALL_MANDIR} COMPONENT tools
          FILES_MATCHING PATTERN "*.1")
endif()

# ---- API reference: Doxygen over include/seal/ (scripts/docs_api.py, docs/packaging.md) -------
# Target docs-api (not in all): build/…/docs/api/html/index.html; fails on an undocumented
# public function or a comment Doxygen cannot read. Test docs_api runs it (label docs).
find_program(DOXYGEN_EXECUTABLE doxygen)
if(DOXYGEN_EXECUTABLE AND Python3_FOUND)
  configure_file(${PROJECT_SOURCE_DIR}/docs/Doxyfile.in ${PROJECT_BINARY_DIR}/docs/Doxyfile @ONLY)
  add_custom_target(docs-api
                    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/docs_api.py
                            ${DOXYGEN_EXECUTABLE} ${PROJECT_BINARY_DIR}/docs/Doxyfile
                    COMMENT "API reference (Doxygen): docs/api/html/index.html"
                    VERBATIM)
endif()
