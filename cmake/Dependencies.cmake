# Third-party libraries as CMake targets. Nothing here is committed source: paths point at the Debian
# source packages unpacked by scripts/setup, at Debian's installed headers, or at the SDL2 cache.

# nlohmann_json (header-only, Debian nlohmann-json3-dev). The Emscripten sysroot does not see
# /usr/include, and adding all of it would mix host headers in, so expose only a link to its folder.
set(MM_HOST_INCLUDE ${CMAKE_BINARY_DIR}/host-include)
if(NOT EXISTS ${MM_HOST_INCLUDE}/nlohmann)
  file(MAKE_DIRECTORY ${MM_HOST_INCLUDE})
  file(CREATE_LINK /usr/include/nlohmann ${MM_HOST_INCLUDE}/nlohmann SYMBOLIC)
endif()
add_library(mm_json INTERFACE)
target_include_directories(mm_json SYSTEM INTERFACE ${MM_HOST_INCLUDE})

# SHA-256 and base64 from mbedTLS (Debian source package): a few C files, compiled as C for both targets.
set(MM_MBEDTLS ${MM_THIRD_PARTY}/mbedtls)
if(NOT EXISTS ${MM_MBEDTLS}/library/sha256.c)
  message(FATAL_ERROR "mbedTLS sources missing in ${MM_MBEDTLS}: run scripts/setup (or make setup)")
endif()
add_library(mm_mbedtls STATIC ${MM_MBEDTLS}/library/sha256.c ${MM_MBEDTLS}/library/base64.c
                              ${MM_MBEDTLS}/library/constant_time.c ${MM_MBEDTLS}/library/platform_util.c)
target_include_directories(mm_mbedtls SYSTEM PUBLIC ${MM_MBEDTLS}/include ${CMAKE_SOURCE_DIR}/cmake)
target_compile_definitions(mm_mbedtls PUBLIC "MBEDTLS_CONFIG_FILE=\"mm_mbedtls_config.h\"")
