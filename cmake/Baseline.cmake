# The benchmark's baseline: Dear ImGui's own Emscripten example (examples/example_emscripten_opengl3 from the
# same Debian imgui source, with its demo window and its shell page), compiled with the app's compiler flags
# and linked against the same SDL2. Not built by default: `make bench` builds it into build/bench/baseline/.
set(MM_BASELINE_DIR ${MM_IMGUI}/examples/example_emscripten_opengl3)
add_executable(imgui_baseline EXCLUDE_FROM_ALL
  ${MM_BASELINE_DIR}/main.cpp ${MM_IMGUI}/imgui.cpp ${MM_IMGUI}/imgui_demo.cpp ${MM_IMGUI}/imgui_draw.cpp
  ${MM_IMGUI}/imgui_tables.cpp ${MM_IMGUI}/imgui_widgets.cpp ${MM_IMGUI}/backends/imgui_impl_sdl.cpp
  ${MM_IMGUI}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui_baseline SYSTEM PRIVATE ${MM_IMGUI} ${MM_IMGUI}/backends)
target_link_libraries(imgui_baseline PRIVATE mm_sdl2)
set_target_properties(imgui_baseline PROPERTIES OUTPUT_NAME index SUFFIX ".js"
                      RUNTIME_OUTPUT_DIRECTORY ${CMAKE_SOURCE_DIR}/build/bench/baseline)
# The app's link flags minus what only the app has (its exports, IDBFS); the example asks for WebGL 1.
target_link_options(imgui_baseline PRIVATE -sUSE_SDL=0 -sMAX_WEBGL_VERSION=2 -sENVIRONMENT=web
  -sINITIAL_MEMORY=33554432)
# Its page is the example's shell_minimal.html with {{{ SCRIPT }}} filled in, as emcc would do it (Debian's
# emcc 3.1.6 fails running htmlmin when it writes .html itself).
add_custom_command(TARGET imgui_baseline POST_BUILD
  COMMAND ${CMAKE_COMMAND} -DIN=${MM_BASELINE_DIR}/shell_minimal.html
          -DOUT=${CMAKE_SOURCE_DIR}/build/bench/baseline/index.html -P ${CMAKE_SOURCE_DIR}/cmake/fill_shell.cmake)
