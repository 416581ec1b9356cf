#include "ui/fonts.h"

#include <imgui.h>

#include "platform/embedded_assets.h"

namespace mm::ui {
namespace {

constexpr float kBodySize = 16.0f;
constexpr float kTitleSize = 24.0f;

ImFont* add(const unsigned char* data, std::size_t size, float pixels) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static, embedded in the program
  config.OversampleH = 2;
  config.OversampleV = 1;
  config.PixelSnapH = true;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(data), static_cast<int>(size),
                                                    pixels, &config);
}

}  // namespace

Fonts load_fonts(float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts fonts;
  fonts.pixel_ratio = pixel_ratio;
  fonts.body = add(assets::font_regular_ttf, assets::font_regular_ttf_size, kBodySize * pixel_ratio);
  fonts.bold = add(assets::font_bold_ttf, assets::font_bold_ttf_size, kBodySize * pixel_ratio);
  fonts.title = add(assets::font_bold_ttf, assets::font_bold_ttf_size, kTitleSize * pixel_ratio);
  io.Fonts->Build();
  io.FontDefault = fonts.body;
  io.FontGlobalScale = 1.0f / pixel_ratio;
  return fonts;
}

}  // namespace mm::ui
