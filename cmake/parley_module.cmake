# Shared compile settings for every parley target.
add_library(parley_warnings INTERFACE)
target_compile_options(parley_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  # GCC 12 reports std::string concatenation as overlapping memcpy (GCC bug 105329); a false positive.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
if(PARLEY_WERROR)
  target_compile_options(parley_warnings INTERFACE -Werror)
endif()
if(PARLEY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# parley_module(NAME SOURCES... DEPENDS deps...) declares the static library parley_NAME.
function(parley_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(parley_${name} STATIC ${ARG_SOURCES})
  target_include_directories(parley_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(parley_${name} PUBLIC ${ARG_DEPENDS} PRIVATE parley_warnings)
endfunction()
