# Fault injection (tests/fault/, ctest label "fault").
# fault_alloc: every heap allocation of an operation fails in turn (failalloc.c hooks libseal's
# own allocations with -Wl,--wrap and OpenSSL, SQLite, jansson and libcurl through their
# allocator hooks); one ctest per scenario, the HTTP fronts through their sockets included.
# fault_disk: the ledger on a read-only directory and on a full disk (file size limit; also a
# tiny tmpfs when running as root).
set(SEAL_FAULT_WRAP -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup)
add_executable(fault_alloc ${CMAKE_CURRENT_SOURCE_DIR}/fault/fault_alloc.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/fault/failalloc.c)
target_include_directories(fault_alloc PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fault
                                               ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/fuzz)
target_link_libraries(fault_alloc PRIVATE seal_service seal PkgConfig::SQLITE3 PkgConfig::JANSSON
                                          PkgConfig::CURL OpenSSL::Crypto)
target_link_options(fault_alloc PRIVATE ${SEAL_FAULT_WRAP} -rdynamic)
foreach(scenario encrypt_aes encrypt_hmac decrypt_aes decrypt_hmac object_decode ptb_decode
                 txdata_decode ledger_dry_run ledger_create ledger_write chain_dry_run
                 server_handle client_response localnet_rpc server_http localnet_http
                 client_fetch)
  add_test(NAME fault_alloc_${scenario} COMMAND fault_alloc ${scenario})
  set_tests_properties(fault_alloc_${scenario} PROPERTIES LABELS fault TIMEOUT 120)
endforeach()

add_executable(fault_disk ${CMAKE_CURRENT_SOURCE_DIR}/fault/fault_disk.c)
target_link_libraries(fault_disk PRIVATE seal PkgConfig::SQLITE3)
foreach(variant readonly full-fsize full-tmpfs)
  add_test(NAME fault_disk_${variant} COMMAND fault_disk ${variant})
  set_tests_properties(fault_disk_${variant} PROPERTIES LABELS fault TIMEOUT 120)
endforeach()

# Hostile input to a running `seal server` process (label "fault" too).
if(TARGET seal_cli)
  add_executable(hostile_server ${CMAKE_CURRENT_SOURCE_DIR}/fault/hostile_server.c)
  target_include_directories(hostile_server PRIVATE ${PROJECT_SOURCE_DIR}/src
                                                    ${PROJECT_SOURCE_DIR}/fuzz)
  target_link_libraries(hostile_server PRIVATE seal_service seal PkgConfig::CURL PkgConfig::JANSSON)
  add_test(NAME hostile_server COMMAND hostile_server $<TARGET_FILE:seal_cli>)
  set_tests_properties(hostile_server PROPERTIES LABELS fault TIMEOUT 120)
endif()

# A key server whose full node is dead, silent, answers garbage or HTTP 500: 503 Failure within
# the chain layer's timeout and retries, /health up (label "fault").
add_executable(fault_node ${CMAKE_CURRENT_SOURCE_DIR}/fault/fault_node.c)
target_include_directories(fault_node PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/fuzz)
target_link_libraries(fault_node PRIVATE seal_service seal)
add_test(NAME fault_node COMMAND fault_node)
set_tests_properties(fault_node PROPERTIES LABELS fault TIMEOUT 120)

# SQLite I/O faults through a VFS shim (tests/fault/faultvfs.c): EIO on the k-th read, write or
# fsync, a crash before, in the middle of (torn) or after the k-th write, for every k of a
# ledger workload and of an audit log workload; the ledger reopened holds exactly the
# acknowledged additions, the audit log the acknowledged records (label "fault").
add_executable(fault_vfs ${CMAKE_CURRENT_SOURCE_DIR}/fault/fault_vfs.c
                         ${CMAKE_CURRENT_SOURCE_DIR}/fault/faultvfs.c)
target_link_libraries(fault_vfs PRIVATE seal PkgConfig::SQLITE3)
foreach(variant eio-read eio-write eio-sync crash torn crash-after)
  add_test(NAME fault_vfs_${variant} COMMAND fault_vfs ${variant})
  add_test(NAME fault_vfs_audit_${variant} COMMAND fault_vfs ${variant} audit)
  set_tests_properties(fault_vfs_${variant} fault_vfs_audit_${variant} PROPERTIES LABELS fault
                                                                                  TIMEOUT 120)
endforeach()
