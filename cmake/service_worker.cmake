# cmake -DWEB=<build/web> -DTEMPLATE=<shell/sw.js> -P service_worker.cmake: writes WEB/sw.js with the list of
# files it precaches and a version that is the SHA-256 of all of them, so any change to any file is a new
# version with its own cache.
set(files index.html boot.js bridge.js a11y.js google_sign_in.js pwa.js style.css marketplace.js marketplace.wasm
          manifest.webmanifest icons/icon-192.png icons/icon-512.png icons/icon-maskable-512.png)
set(digests "")
set(quoted "")
foreach(file ${files})
  if(NOT EXISTS ${WEB}/${file})
    message(FATAL_ERROR "service worker: ${WEB}/${file} is missing")
  endif()
  file(SHA256 ${WEB}/${file} digest)
  string(APPEND digests "${file}:${digest}\n")
  list(APPEND quoted "'${file}'")
endforeach()
string(SHA256 version "${digests}")
string(SUBSTRING ${version} 0 16 MM_VERSION)
list(JOIN quoted ", " MM_FILES)
configure_file(${TEMPLATE} ${WEB}/sw.js @ONLY)
file(WRITE ${WEB}/version.txt "${MM_VERSION}\n")
