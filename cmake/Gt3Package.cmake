# The Debian package of the daemon, made by CPack (`make package`, or `cpack -G DEB` in the build
# directory): gt3-bypass_<version>-1_<arch>.deb with the program, its configuration as a conffile,
# the systemd units of deploy/systemd/ with the maintainer scripts that handle them
# (deploy/debian/postinst, prerm, postrm), the man page gt3-bypass(1) and the files lintian asks
# for. The C++ library, headers and CMake package (component dev, cmake/Gt3Install.cmake) are not
# in it.
#
# The files below go to absolute system paths, so they are EXCLUDE_FROM_ALL: only a component
# install (CPack's) takes them, and `cmake --install <build> --prefix <dir>` never writes to /etc.
set(GT3_PACKAGE_MAINTAINER "gt3-bypass maintainers <gt3-bypass@example.org>"
  CACHE STRING "Maintainer field of the Debian package: Name <address>")

# A Debian revision makes the version non-native, which is what changelog.Debian.gz is for.
set(GT3_DEB_RELEASE 1)
set(GT3_DEB_VERSION ${PROJECT_VERSION}-${GT3_DEB_RELEASE})
set(GT3_DEB_DOC_DIR /usr/share/doc/gt3-bypass)

# The shipped configuration is the example, every key commented out; root's and 0640 because an
# operator may put secrets in it (the units hand it to the dynamic user as a credential).
install(FILES gt3.example.toml
  DESTINATION /etc/gt3-bypass RENAME gt3.toml
  PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
  COMPONENT daemon EXCLUDE_FROM_ALL)
install(FILES
    deploy/systemd/gt3-bypass.service
    deploy/systemd/gt3-bypass-monitor.service
  DESTINATION /lib/systemd/system
  COMPONENT daemon EXCLUDE_FROM_ALL)

# changelog.Debian.gz: one entry for this version, dated by SOURCE_DATE_EPOCH when set;
# gzip -9n leaves the name and time out of the archive, as lintian wants.
string(TIMESTAMP GT3_DEB_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file(deploy/debian/changelog.in ${PROJECT_BINARY_DIR}/debian/changelog.Debian @ONLY)
find_program(GT3_GZIP gzip REQUIRED)
execute_process(
  COMMAND ${GT3_GZIP} -9n -c ${PROJECT_BINARY_DIR}/debian/changelog.Debian
  OUTPUT_FILE ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz
  COMMAND_ERROR_IS_FATAL ANY)
install(FILES deploy/debian/copyright ${PROJECT_BINARY_DIR}/debian/changelog.Debian.gz
  DESTINATION ${GT3_DEB_DOC_DIR}
  COMPONENT daemon EXCLUDE_FROM_ALL)

# gt3-bypass(1), made by help2man from the program's own --help and --version (so it never drifts
# from them) and deploy/debian/gt3-bypass.h2m (the subcommands, files, environment and exit
# codes), when the program is built; gzip -9n as lintian wants. help2man is in
# scripts/install-deps.sh build; without it the package has no man page and package.Contents says
# so.
find_program(GT3_HELP2MAN help2man)
if(GT3_HELP2MAN)
  set(GT3_MAN_PAGE ${PROJECT_BINARY_DIR}/debian/gt3-bypass.1)
  add_custom_command(OUTPUT ${GT3_MAN_PAGE}.gz
    COMMAND ${GT3_HELP2MAN} --no-info --section=1
            "--name=GeeTest CAPTCHA v3 server with ByPass mode"
            --include=${PROJECT_SOURCE_DIR}/deploy/debian/gt3-bypass.h2m
            --output=${GT3_MAN_PAGE} $<TARGET_FILE:gt3-bypass>
    COMMAND ${GT3_GZIP} -9nf ${GT3_MAN_PAGE}
    DEPENDS gt3-bypass ${PROJECT_SOURCE_DIR}/deploy/debian/gt3-bypass.h2m
    COMMENT "Making the man page gt3-bypass(1) with help2man"
    VERBATIM)
  add_custom_target(gt3_man_page ALL DEPENDS ${GT3_MAN_PAGE}.gz)
  install(FILES ${GT3_MAN_PAGE}.gz
    DESTINATION /usr/share/man/man1
    COMPONENT daemon EXCLUDE_FROM_ALL)
else()
  message(WARNING "help2man not found: the Debian package will have no man page "
                  "(scripts/install-deps.sh build installs it)")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gt3-bypass)
set(CPACK_PACKAGE_VENDOR "The gt3-bypass authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${GT3_PACKAGE_MAINTAINER})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

# One package from one component: the daemon.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL daemon)
set(CPACK_DEBIAN_DAEMON_PACKAGE_NAME gt3-bypass)
set(CPACK_DEBIAN_DAEMON_FILE_NAME DEB-DEFAULT)

set(CPACK_DEBIAN_PACKAGE_RELEASE ${GT3_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${GT3_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The summary becomes the Description's first line, this text the extended part.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "GeeTest CAPTCHA v3 server with ByPass mode")
set(CPACK_DEBIAN_DAEMON_DESCRIPTION [=[
gt3-bypass serves the register and validate calls of GeeTest CAPTCHA v3 for
a web application, as a sidecar HTTP service on loopback or a private
network. It follows GeeTest's ByPass availability status and, while the
cloud is down, issues and checks offline challenges itself.

The package holds the program, its configuration in /etc/gt3-bypass and
two hardened systemd units: gt3-bypass (serve) and gt3-bypass-monitor (a
fleet's status poller, writing to Redis).]=])
# Depends computed by dpkg-shlibdeps from the libraries the program links.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# dpkg does not treat files in /etc as conffiles by itself; CPack 3.25 adds no conffiles file.
# The maintainer scripts handle the systemd units as dh_installsystemd would (strict permissions
# make them 0755, the rest 0644).
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles
  ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
  ${PROJECT_SOURCE_DIR}/deploy/debian/prerm
  ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
