# The browser app: Dear ImGui (Debian source package) on SDL2 (cached WASM build) + WebGL2.
# Output is a static site in build/web/: index.html, bridge.js, marketplace.js, marketplace.wasm.
include(${CMAKE_SOURCE_DIR}/cmake/SdlWasm.cmake)

set(MM_IMGUI ${MM_THIRD_PARTY}/imgui)
add_library(mm_imgui STATIC
  ${MM_IMGUI}/imgui.cpp ${MM_IMGUI}/imgui_draw.cpp ${MM_IMGUI}/imgui_tables.cpp ${MM_IMGUI}/imgui_widgets.cpp
  ${MM_IMGUI}/backends/imgui_impl_sdl.cpp ${MM_IMGUI}/backends/imgui_impl_opengl3.cpp
  ${MM_IMGUI}/misc/cpp/imgui_stdlib.cpp)
target_include_directories(mm_imgui SYSTEM PUBLIC ${MM_IMGUI} ${MM_IMGUI}/backends ${MM_IMGUI}/misc/cpp)
# IMGUI_ENABLE_TEST_ENGINE: ImGui reports each widget it draws to our hooks (src/ui/widget_registry.cpp), which
# feed locate() and the accessibility mirror.
target_compile_definitions(mm_imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS IMGUI_ENABLE_TEST_ENGINE)
target_link_libraries(mm_imgui PUBLIC mm_sdl2)
# Dear ImGui and the screens are built for size: the browser compiles WebAssembly lazily, a function when it
# is first called, on the page's thread, so the first frame waits for every byte of them it runs (-O3 made
# that 2.4× the code and the first frame ~120 ms slower). A frame's UI work stays well under a millisecond.
# The core (ledger, queries, the simulator) keeps -O3 (templates it shares with the screens, such as JSON, may
# be linked from either).
target_compile_options(mm_imgui PRIVATE -Os)

file(GLOB MM_UI_SOURCES CONFIGURE_DEPENDS src/ui/*.cpp src/platform/web/*.cpp)
add_library(mm_web_objects OBJECT src/main.cpp ${MM_UI_SOURCES})
mm_strict(mm_web_objects)
target_compile_options(mm_web_objects PRIVATE -Os)
# Except what runs for every widget of every frame drawn: the accessibility mirror and Dear ImGui's item hooks.
set_source_files_properties(src/ui/a11y_mirror.cpp src/ui/widget_registry.cpp PROPERTIES COMPILE_OPTIONS -O3)
target_link_libraries(mm_web_objects PUBLIC mm_app mm_imgui mm_assets_catalog mm_assets_fonts)
set(MM_WEB_LINK_OPTIONS
  -sUSE_SDL=0 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -lidbfs.js -sENVIRONMENT=web
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free,_mm_dispatch,_mm_state,_mm_locate,_mm_storage_loaded,_mm_sync_done,_mm_set_google_status,_mm_google_sign_in,_mm_paste,_mm_catch_up,_mm_save,_mm_is_shared,_mm_shared_done
  -sEXPORTED_RUNTIME_METHODS=ccall,UTF8ToString,stringToUTF8,lengthBytesUTF8,FS -sDYNAMIC_EXECUTION=0
  -sINITIAL_MEMORY=33554432
  # Dear ImGui needs nothing beyond core WebGL2; enabling every extension the browser offers at start-up
  # costs a round trip to the graphics process each (~30-100 ms before the first frame in software GL).
  -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0
  # The browser compiles WebAssembly lazily, a function when it is first called, on the page's thread. By
  # default binaryen inlines every function that has one caller, however large, so the frame function held
  # every screen and path (57 KB, ~85 ms to compile before the first frame); large ones stay functions.
  -sBINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=200)

add_executable(marketplace $<TARGET_OBJECTS:mm_web_objects>)
target_link_libraries(marketplace PRIVATE mm_web_objects)
set(MM_WEB_OUT ${CMAKE_SOURCE_DIR}/build/web)
set_target_properties(marketplace PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${MM_WEB_OUT})
target_link_options(marketplace PRIVATE ${MM_WEB_LINK_OPTIONS})

# The same program with its WebAssembly inlined (base64) into the .js, for the single-file build that
# scripts/make_dist.mjs assembles into dist/model-marketplace.html (make dist).
add_executable(marketplace_single EXCLUDE_FROM_ALL $<TARGET_OBJECTS:mm_web_objects>)
target_link_libraries(marketplace_single PRIVATE mm_web_objects)
set_target_properties(marketplace_single PROPERTIES OUTPUT_NAME marketplace SUFFIX ".js"
                      RUNTIME_OUTPUT_DIRECTORY ${CMAKE_SOURCE_DIR}/build/single)
target_link_options(marketplace_single PRIVATE ${MM_WEB_LINK_OPTIONS} -sSINGLE_FILE=1)

# The shell (our own files) is copied next to the program; URLs inside are relative so the folder can be
# served from any path or copied anywhere. sw.js is a template: the service worker is generated from it.
file(GLOB MM_SHELL_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/shell/*)
list(REMOVE_ITEM MM_SHELL_FILES ${CMAKE_SOURCE_DIR}/shell/sw.js)
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_command(OUTPUT ${MM_WEB_OUT}/icons/icon-512.png
  COMMAND ${CMAKE_COMMAND} -E make_directory ${MM_WEB_OUT}/icons
  COMMAND Python3::Interpreter ${CMAKE_SOURCE_DIR}/scripts/make_icons.py ${MM_WEB_OUT}/icons
  DEPENDS ${CMAKE_SOURCE_DIR}/scripts/make_icons.py COMMENT "Drawing the app icons")
add_custom_target(web_shell ALL
  COMMAND ${CMAKE_COMMAND} -E make_directory ${MM_WEB_OUT}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${MM_SHELL_FILES} ${MM_WEB_OUT}/
  DEPENDS ${MM_SHELL_FILES} ${MM_WEB_OUT}/icons/icon-512.png COMMENT "Copying shell/ to build/web/")
add_dependencies(marketplace web_shell)
# Last: the service worker, versioned by a hash of every file it serves (runs on every build; cheap).
add_custom_target(web_service_worker ALL
  COMMAND ${CMAKE_COMMAND} -DWEB=${MM_WEB_OUT} -DTEMPLATE=${CMAKE_SOURCE_DIR}/shell/sw.js
          -P ${CMAKE_SOURCE_DIR}/cmake/service_worker.cmake
  COMMENT "Versioning the service worker")
add_dependencies(web_service_worker marketplace web_shell)
include(${CMAKE_SOURCE_DIR}/cmake/Baseline.cmake)
