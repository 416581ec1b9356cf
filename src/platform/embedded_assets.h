// Files compiled into the program at build time (cmake/Assets.cmake): the catalog and the subset UI fonts.
// Embedding keeps the site one folder of plain files and lets a single-file build work from disk.
#pragma once
#include <cstddef>
#include <string_view>

namespace mm::assets {
extern const unsigned char catalog_json[];
extern const std::size_t catalog_json_size;
extern const unsigned char font_regular_ttf[];
extern const std::size_t font_regular_ttf_size;
extern const unsigned char font_bold_ttf[];
extern const std::size_t font_bold_ttf_size;
extern const unsigned char font_icons_ttf[];
extern const std::size_t font_icons_ttf_size;

inline std::string_view catalog_json_text() {
  return {reinterpret_cast<const char*>(catalog_json), catalog_json_size};
}
}  // namespace mm::assets
