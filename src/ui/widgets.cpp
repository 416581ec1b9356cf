#include "ui/widgets.h"

namespace mm::ui {
namespace {

float scaled_size(ImFont* font) { return font->FontSize * ImGui::GetIO().FontGlobalScale; }

}  // namespace

float text_width(ImFont* font, const std::string& text) {
  return font->CalcTextSizeA(scaled_size(font), FLT_MAX, 0.0f, text.c_str()).x;
}

std::string ellipsize(ImFont* font, const std::string& text, float max_width) {
  if (text_width(font, text) <= max_width) return text;
  const std::string dots = "\xE2\x80\xA6";  // U+2026
  std::string cut = text;
  // Shorten by whole UTF-8 characters until it fits with the ellipsis.
  while (!cut.empty()) {
    do cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80);
    if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();
    if (text_width(font, cut + dots) <= max_width) break;
  }
  while (!cut.empty() && cut.back() == ' ') cut.pop_back();
  return cut + dots;
}

void draw_text_at(ImFont* font, ImVec2 pos, const ImVec4& color, const std::string& text) {
  ImGui::GetWindowDrawList()->AddText(font, scaled_size(font), pos, ImGui::GetColorU32(color), text.c_str());
}

}  // namespace mm::ui
