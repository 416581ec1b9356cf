# Embedded assets: assets/catalog.json and the UI fonts, compiled into the program as byte arrays.
# Fonts come from Debian font packages and are subset at build time (pyftsubset, Debian fonttools) to the
# characters the UI uses, because font files dominate the download otherwise.
set(MM_GEN ${CMAKE_BINARY_DIR}/generated)
file(MAKE_DIRECTORY ${MM_GEN})
set(MM_ROBOTO_DIR /usr/share/fonts/truetype/roboto/unhinted/RobotoTTF)
# Latin-1, typographic punctuation, arrows, stars, the euro and the bullet.
set(MM_TEXT_UNICODES "U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2199,U+2212,U+2605-2606,U+25B2-25BC")

function(mm_subset_font out_var source unicodes name)
  set(out ${MM_GEN}/${name}.ttf)
  add_custom_command(OUTPUT ${out}
    COMMAND pyftsubset ${source} --unicodes=${unicodes} --no-hinting --layout-features= --output-file=${out}
    DEPENDS ${source} COMMENT "Subsetting font ${name}" VERBATIM)
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()

function(mm_embed out_list input symbol)
  set(out ${MM_GEN}/${symbol}.cpp)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS ${input} ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake COMMENT "Embedding ${symbol}" VERBATIM)
  set(${out_list} ${${out_list}} ${out} PARENT_SCOPE)
endfunction()

set(MM_ASSET_SOURCES "")
mm_embed(MM_ASSET_SOURCES ${CMAKE_SOURCE_DIR}/assets/catalog.json catalog_json)
add_library(mm_assets_catalog STATIC ${MM_ASSET_SOURCES})

if(MM_BUILD_APP)
  mm_subset_font(MM_FONT_REGULAR ${MM_ROBOTO_DIR}/Roboto-Regular.ttf "${MM_TEXT_UNICODES}" roboto-regular)
  mm_subset_font(MM_FONT_BOLD ${MM_ROBOTO_DIR}/Roboto-Bold.ttf "${MM_TEXT_UNICODES}" roboto-bold)
  # Icons: Fork Awesome (Debian fonts-fork-awesome), only the glyphs listed in src/ui/icons.h.
  set(MM_ICON_UNICODES "U+F002,U+F005,U+F006,U+F123,U+F007,U+F09C,U+F023,U+F0C5,U+F0E0,U+F08E,U+F00D,U+F0B0,U+F201,U+F019,U+F185,U+F186,U+F0D7,U+F00C,U+F0E7,U+F017,U+F062,U+F063,U+F071,U+F05A,U+F053,U+F067,U+F04B,U+F04D")
  mm_subset_font(MM_FONT_ICONS /usr/share/fonts/truetype/fork-awesome/forkawesome-webfont.ttf "${MM_ICON_UNICODES}" icons)
  set(MM_FONT_SOURCES "")
  mm_embed(MM_FONT_SOURCES ${MM_FONT_ICONS} font_icons_ttf)
  mm_embed(MM_FONT_SOURCES ${MM_FONT_REGULAR} font_regular_ttf)
  mm_embed(MM_FONT_SOURCES ${MM_FONT_BOLD} font_bold_ttf)
  add_library(mm_assets_fonts STATIC ${MM_FONT_SOURCES})
endif()
