#include "ui/fonts.h"

#include <imgui.h>

#include "platform/embedded_assets.h"

namespace mm::ui {
namespace {

constexpr float kBodySize = 16.0f;
constexpr float kTitleSize = 24.0f;

ImFont* add(const unsigned char* data, std::size_t size, float pixels, float pixel_ratio) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static, embedded in the program
  // Glyphs snap to whole pixels (PixelSnapH), so at a whole-number pixel ratio horizontal oversampling only
  // costs start-up time; at 125% or 150% text lands between device pixels and needs it.
  config.OversampleH = pixel_ratio == static_cast<float>(static_cast<int>(pixel_ratio)) ? 1 : 2;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  // The characters the text fonts were subset to (MM_TEXT_UNICODES in cmake/Assets.cmake).
  static const ImWchar kTextRange[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2030, 0x203A, 0x20AC, 0x20AC,
                                       0x2122, 0x2122, 0x2212, 0x2212, 0};
  ImFont* font = ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size),
                                                            pixels, &config, kTextRange);
  // Merge the icon glyphs into every font, a little smaller so they sit on the text's baseline.
  static const ImWchar kIconRange[] = {0xF000, 0xF2FF, 0};
  ImFontConfig icons;
  icons.FontDataOwnedByAtlas = false;
  icons.MergeMode = true;
  icons.PixelSnapH = true;
  icons.GlyphMinAdvanceX = pixels;
  ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(assets::font_icons_ttf),
                                             static_cast<int>(assets::font_icons_ttf_size), pixels * 0.85f, &icons,
                                             kIconRange);
  return font;
}

}  // namespace

Fonts load_fonts(float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  fonts.pixel_ratio = pixel_ratio;
  fonts.body = add(assets::font_regular_ttf, assets::font_regular_ttf_size, kBodySize * pixel_ratio, pixel_ratio);
  fonts.bold = add(assets::font_bold_ttf, assets::font_bold_ttf_size, kBodySize * pixel_ratio, pixel_ratio);
  fonts.title = add(assets::font_bold_ttf, assets::font_bold_ttf_size, kTitleSize * pixel_ratio, pixel_ratio);
  io.Fonts->Build();
  io.FontDefault = fonts.body;
  io.FontGlobalScale = 1.0f / pixel_ratio;
  return fonts;
}

}  // namespace mm::ui
