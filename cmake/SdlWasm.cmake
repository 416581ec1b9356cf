# SDL2 for WebAssembly, built once by scripts/setup into a cache outside the clone (keyed by versions;
# see scripts/versions.sh). Emscripten's own SDL port would download from GitHub, which is unreachable.
execute_process(
  COMMAND bash -c "source '${CMAKE_SOURCE_DIR}/scripts/versions.sh' && printf %s \"$SDL2_WASM_PREFIX\""
  OUTPUT_VARIABLE MM_SDL2_PREFIX)
if(NOT EXISTS ${MM_SDL2_PREFIX}/lib/libSDL2.a)
  message(FATAL_ERROR "SDL2 for WebAssembly not found in ${MM_SDL2_PREFIX}: run scripts/setup (or make setup)")
endif()
add_library(mm_sdl2 INTERFACE)
target_include_directories(mm_sdl2 SYSTEM INTERFACE ${MM_SDL2_PREFIX}/include ${MM_SDL2_PREFIX}/include/SDL2)
target_link_libraries(mm_sdl2 INTERFACE ${MM_SDL2_PREFIX}/lib/libSDL2.a)
