# install() rules and the exported package, so that an outside project can write
#   find_package(gt3 CONFIG REQUIRED)  and link  gt3::gt3.
# Components: dev (library, headers, CMake package) and daemon (the program); a plain
# `cmake --install` installs both.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(GT3_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/gt3)

install(TARGETS gt3 EXPORT gt3Targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(DIRECTORY include/gt3 DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/gt3/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/gt3 COMPONENT dev)
install(EXPORT gt3Targets NAMESPACE gt3:: DESTINATION ${GT3_CMAKE_DIR} COMPONENT dev)

configure_package_config_file(cmake/gt3Config.cmake.in
  ${PROJECT_BINARY_DIR}/gt3Config.cmake
  INSTALL_DESTINATION ${GT3_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/gt3ConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/gt3Config.cmake
  ${PROJECT_BINARY_DIR}/gt3ConfigVersion.cmake
  DESTINATION ${GT3_CMAKE_DIR} COMPONENT dev)

# The program is its own component: the Debian package (cmake/Gt3Package.cmake) takes only it.
if(GT3_BUILD_PROGRAM)
  install(TARGETS gt3-bypass RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT daemon)
endif()
