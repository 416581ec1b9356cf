// Small drawing helpers shared by screens.
#pragma once
#include <imgui.h>
#include <cstdint>
#include <string>

namespace mm::ui {

// Dear ImGui's text fields (imgui_stdlib), which also tell the widget registry their text and kind, so the
// accessibility mirror's field holds the real text (not what fits in the frame), masked or read-only like it.
bool input_text(const char* label, std::string* text, ImGuiInputTextFlags flags = 0);
bool input_text_with_hint(const char* label, const char* hint, std::string* text, ImGuiInputTextFlags flags = 0);
bool input_text_multiline(const char* label, std::string* text, const ImVec2& size = ImVec2(0, 0),
                          ImGuiInputTextFlags flags = 0);

// `text` shortened with "…" so that, in `font` at the current scale, it fits `max_width` pixels.
std::string ellipsize(ImFont* font, const std::string& text, float max_width);

// Draws `text` with `font` at a screen position, in `color`, without moving the layout cursor.
void draw_text_at(ImFont* font, ImVec2 pos, const ImVec4& color, const std::string& text);

float text_width(ImFont* font, const std::string& text);

// A muted label that wraps at the edge of the column (ImGui::TextDisabled does not wrap).
void muted_wrapped(const std::string& text);

// Five star icons for a rating in centi-stars (full, half or empty each).
std::string star_icons(int rating_centi);
// Basis points as a percentage: 1000 -> "10%", 1250 -> "12.5%", 5 -> "0.05%".
std::string format_percent_bps(std::int32_t bps);
// 1234567 -> "1,234,567".
std::string with_thousands(std::int64_t value);
// A count in three significant figures or fewer: 950, 12K, 1.5M (chart ticks).
std::string compact_count(std::int64_t value);

}  // namespace mm::ui
