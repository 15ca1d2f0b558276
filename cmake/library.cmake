# parley as a C++ library (docs/api.md): one static archive, libparley.a, holding every module the services layer
# needs (core to services, and the report page's bundle when built), its public headers (include/parley), a CMake
# package (find_package(parley) gives the imported target parley::parley) and a pkg-config file (parley.pc).
# The HTTP front-end (src/server) and the CLI are front-ends, not part of it.
include(CMakePackageConfigHelpers)

set(PARLEY_LIBRARY_MODULES core doc expr scenario analysis forecast conflict sim sweep sqlite store host report services)
set(PARLEY_LIBRARY_OBJECTS $<TARGET_OBJECTS:parley_report_assets>)
foreach(module IN LISTS PARLEY_LIBRARY_MODULES)
  list(APPEND PARLEY_LIBRARY_OBJECTS $<TARGET_OBJECTS:parley_${module}>)
endforeach()
add_library(parley_library STATIC ${PARLEY_LIBRARY_OBJECTS})
set_target_properties(parley_library PROPERTIES OUTPUT_NAME parley ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)

install(TARGETS parley_library ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/parley DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.hpp")

set(PARLEY_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/parley)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/package/parleyConfig.cmake.in
  ${CMAKE_BINARY_DIR}/package/parleyConfig.cmake INSTALL_DESTINATION ${PARLEY_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/parleyConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/parleyConfig.cmake ${CMAKE_BINARY_DIR}/package/parleyConfigVersion.cmake
        DESTINATION ${PARLEY_CMAKE_DIR})

# pkg-config: the archive's own dependencies are private (`pkg-config --static --libs parley` lists them); libpq by
# its shared library, since its own .pc names static-only archives Debian does not ship.
# Its prefix is found from where the file lies, so the same file serves any `cmake --install --prefix`.
file(RELATIVE_PATH PARLEY_PC_PREFIX /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
configure_file(${PROJECT_SOURCE_DIR}/cmake/package/parley.pc.in ${CMAKE_BINARY_DIR}/package/parley.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/parley.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
