# install() rules and the exported package, so that an outside project can write
#   find_package(gt3 CONFIG REQUIRED)  and link  gt3::gt3.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(GT3_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gt3)

install(TARGETS gt3 EXPORT gt3Targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/gt3 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/gt3/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gt3)
install(EXPORT gt3Targets NAMESPACE gt3:: DESTINATION ${GT3_CMAKE_DIR})

configure_package_config_file(cmake/gt3Config.cmake.in
  ${PROJECT_BINARY_DIR}/gt3Config.cmake
  INSTALL_DESTINATION ${GT3_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gt3ConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/gt3Config.cmake
  ${PROJECT_BINARY_DIR}/gt3ConfigVersion.cmake
  DESTINATION ${GT3_CMAKE_DIR})

if(GT3_BUILD_PROGRAM)
  install(TARGETS gt3-bypass RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
