#include "ui/widgets.h"

#include <cstdio>
#include <iterator>

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include "ui/icons.h"
#include "ui/widget_registry.h"

namespace mm::ui {
namespace {

float scaled_size(ImFont* font) { return font->FontSize * ImGui::GetIO().FontGlobalScale; }

bool described(bool changed, const std::string& text, const char* hint, ImGuiInputTextFlags flags, bool multiline) {
  if (WidgetRegistry* registry = hook_registry())
    registry->describe_field(ImGui::GetItemID(), text, hint, (flags & ImGuiInputTextFlags_Password) != 0,
                             (flags & ImGuiInputTextFlags_ReadOnly) != 0, multiline);
  return changed;
}

}  // namespace

bool input_text(const char* label, std::string* text, ImGuiInputTextFlags flags) {
  return described(ImGui::InputText(label, text, flags), *text, nullptr, flags, false);
}

bool input_text_with_hint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags) {
  return described(ImGui::InputTextWithHint(label, hint, text, flags), *text, hint, flags, false);
}

bool input_text_multiline(const char* label, std::string* text, const ImVec2& size, ImGuiInputTextFlags flags) {
  return described(ImGui::InputTextMultiline(label, text, size, flags), *text, nullptr, flags, true);
}

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

std::string star_icons(int rating_centi) {
  std::string out;
  for (int star = 0; star < 5; ++star) {
    const int left = rating_centi - star * 100;
    out += left >= 75 ? MM_ICON_STAR : left >= 25 ? MM_ICON_STAR_HALF : MM_ICON_STAR_EMPTY;
  }
  return out;
}

std::string with_thousands(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (value < 0 ? "-" : "") + out;
}

std::string compact_count(std::int64_t value) {
  if (value < 0) return "-" + compact_count(value == INT64_MIN ? INT64_MAX : -value);
  if (value < 1000) return std::to_string(value);
  // Rounded once, to tenths of the unit: below 10 units with a decimal ("1.5K"), else whole ("12K").
  static const char* const kUnits[] = {"K", "M", "B", "T", "Q"};
  std::int64_t unit = 1000;
  for (std::size_t k = 0; k < std::size(kUnits); ++k, unit *= 1000) {
    const std::int64_t tenths = value / (unit / 10) + (value % (unit / 10) >= unit / 20);
    const bool last = k + 1 == std::size(kUnits);
    if (tenths < 100) return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + kUnits[k];
    const std::int64_t whole = value / unit + (value % unit >= unit / 2);
    if (whole < 1000 || last) return std::to_string(whole) + kUnits[k];
  }
  return std::to_string(value);
}

void draw_text_at(ImFont* font, ImVec2 pos, const ImVec4& color, const std::string& text) {
  ImGui::GetWindowDrawList()->AddText(font, scaled_size(font), pos, ImGui::GetColorU32(color), text.c_str());
}

void muted_wrapped(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
}

std::string format_percent_bps(std::int32_t bps) {
  std::string text = std::to_string(bps / 100);
  if (bps % 100 != 0) {
    char decimals[4];
    std::snprintf(decimals, sizeof decimals, "%02d", bps % 100);
    text += "." + std::string(decimals[1] == '0' ? std::string(1, decimals[0]) : std::string(decimals));
  }
  return text + "%";
}

}  // namespace mm::ui
