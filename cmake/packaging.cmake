# Installing parley and packaging it (docs/install.md): `cmake --install build --prefix P` puts the binary in
# P/bin, its man pages (written from the binary's own help by scripts/man.py) in P/share/man/man1, and the
# examples, the docs, the licence and the third-party notices in P/share/doc/parley. `cpack` in the build
# turns the same layout into a Debian package, parley_VERSION_ARCH.deb, whose dependencies dpkg-shlibdeps
# reads from the binary.
include(GNUInstallDirs)

find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(PARLEY_MAN_DIR ${CMAKE_BINARY_DIR}/man)
add_custom_command(OUTPUT ${PARLEY_MAN_DIR}/parley.1
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${PARLEY_MAN_DIR}
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/scripts/man.py --parley $<TARGET_FILE:parley>
          --out ${PARLEY_MAN_DIR}
  DEPENDS parley ${PROJECT_SOURCE_DIR}/scripts/man.py
  COMMENT "Writing the man pages from parley's help")
add_custom_target(parley_man ALL DEPENDS ${PARLEY_MAN_DIR}/parley.1)

install(TARGETS parley RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PARLEY_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 FILES_MATCHING PATTERN "*.1")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/THIRD_PARTY.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME parley)
set(CPACK_PACKAGE_VENDOR "The parley authors")
set(CPACK_PACKAGE_CONTACT "The parley authors <parley@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Models multi-party, multi-issue negotiations from one scenario file")
set(CPACK_PACKAGE_DESCRIPTION
    "parley reads a negotiation (issues, actors, stances, constraints, timeline) from one file and answers: how \
wide is the gap issue by issue, which packages the parties could accept and which is fairest, where bargaining \
will end (expected-utility and spatial models), which outcomes are stable (graph model), how sure the answers \
are (Monte Carlo), and it hosts the talks as a neutral site.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY parley)
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
