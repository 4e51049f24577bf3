# Debian packages with CPack (docs/packaging.md): `cpack -G DEB` in a build directory, or the
# target `deb`. One package per install component:
#   libseal0      runtime       libseal.so.0 (with a shlibs file)
#   libseal-dev   development   headers, libseal.so, libseal.a, seal.pc, the CMake package
#   seal-tools    tools         /usr/bin/seal and its man pages
#   seal-server   server        the hardened systemd unit, /etc/seal/server.yaml, the system user
# The server component installs to absolute system paths (/etc, /usr/lib/systemd): it is left
# out of a plain `cmake --install` (EXCLUDE_FROM_ALL) and made for the packages.
if(NOT TARGET seal_cli)
  return()
endif()

set(SEAL_PKG_DIR ${PROJECT_SOURCE_DIR}/packaging)
install(FILES ${SEAL_PKG_DIR}/seal-server.service DESTINATION lib/systemd/system
        COMPONENT server EXCLUDE_FROM_ALL)
install(FILES ${SEAL_PKG_DIR}/seal-server.sysusers DESTINATION lib/sysusers.d
        RENAME seal-server.conf COMPONENT server EXCLUDE_FROM_ALL)
install(FILES ${SEAL_PKG_DIR}/server.yaml DESTINATION /etc/seal
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        COMPONENT server EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME seal)
set(CPACK_PACKAGE_VENDOR "Seal-in-C")
set(CPACK_PACKAGE_CONTACT "Seal-in-C maintainers <seal@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_COMPONENTS_ALL runtime development tools server)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/MystenLabs/seal")
# Dependencies on the shared libraries the binaries link (dpkg-shlibdeps, package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(SEAL_DEB_VERSION "${PROJECT_VERSION}-1")

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libseal${PROJECT_VERSION_MAJOR})
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
# libseal0's shlibs file and ldconfig trigger (the other packages have no shared library).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
    "Seal threshold identity-based encryption: the shared library\nlibseal.so.${PROJECT_VERSION_MAJOR}: encryption and decryption of Seal objects, byte-compatible\nwith the official SDK, key servers' keys, session keys, Sui access policies.")

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libseal-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
    "libseal${PROJECT_VERSION_MAJOR} (= ${SEAL_DEB_VERSION}), libssl-dev, libsodium-dev, libcurl4-openssl-dev | libcurl-dev, libjansson-dev, libsqlite3-dev, libyaml-dev, libnghttp2-dev, libmicrohttpd-dev")
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION
    "Seal threshold identity-based encryption: development files\nHeaders, libseal.so, the static library, seal.pc and the CMake package (Seal::seal).")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME seal-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_TOOLS_DESCRIPTION
    "Seal threshold identity-based encryption: the seal command\nencrypt, decrypt, inspect, keys, sessions, the key server (seal server), the committee\ntools and an embedded local chain (seal localnet), with their man pages.")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME seal-server)
set(CPACK_DEBIAN_SERVER_PACKAGE_SECTION net)
set(CPACK_DEBIAN_SERVER_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "seal-tools (= ${SEAL_DEB_VERSION}), systemd | passwd")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${SEAL_PKG_DIR}/deb/seal-server/postinst ${SEAL_PKG_DIR}/deb/seal-server/prerm
    ${SEAL_PKG_DIR}/deb/seal-server/postrm ${SEAL_PKG_DIR}/deb/seal-server/conffiles)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_SERVER_DESCRIPTION
    "Seal key server as a hardened systemd service\nseal-server.service runs `seal server` as the system user seal with the master key\npassed as a systemd credential, a read-only system, no capabilities and a system call\nfilter. Configuration: /etc/seal/server.yaml.")
set(CPACK_COMPONENT_SERVER_DEPENDS tools)
set(CPACK_COMPONENT_DEVELOPMENT_DEPENDS runtime)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS OFF)

include(CPack)
set(SEAL_DEB_DEPENDS seal_cli seal_shared seal)
if(TARGET man)
  list(APPEND SEAL_DEB_DEPENDS man)
endif()
add_custom_target(deb COMMAND ${CMAKE_CPACK_COMMAND} -G DEB -B ${PROJECT_BINARY_DIR}/deb
                  WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
                  COMMENT "Debian packages: build/…/deb/*.deb" VERBATIM)
add_dependencies(deb ${SEAL_DEB_DEPENDS})
