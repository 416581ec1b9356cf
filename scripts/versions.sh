# Versions of everything fetched by scripts/setup, in one place. Sourced by scripts and read by CMake.
IMGUI_DEB_VERSION=1.86+ds-1
SDL2_DEB_VERSION=2.26.5+dfsg-1
MBEDTLS_DEB_VERSION=2.28.3-1
EMSCRIPTEN_VERSION=$(dpkg-query -W -f='${Version}' emscripten 2>/dev/null || echo none)
MM_CACHE=${MM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/model-marketplace}
SDL2_WASM_PREFIX=$MM_CACHE/sdl2-$SDL2_DEB_VERSION-emscripten-$EMSCRIPTEN_VERSION
