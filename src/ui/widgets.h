// Small drawing helpers shared by screens.
#pragma once
#include <imgui.h>
#include <cstdint>
#include <string>

namespace mm::ui {

// `text` shortened with "…" so that, in `font` at the current scale, it fits `max_width` pixels.
std::string ellipsize(ImFont* font, const std::string& text, float max_width);

// Draws `text` with `font` at a screen position, in `color`, without moving the layout cursor.
void draw_text_at(ImFont* font, ImVec2 pos, const ImVec4& color, const std::string& text);

float text_width(ImFont* font, const std::string& text);

// Five star icons for a rating in centi-stars (full, half or empty each).
std::string star_icons(int rating_centi);
// 1234567 -> "1,234,567".
std::string with_thousands(std::int64_t value);

}  // namespace mm::ui
