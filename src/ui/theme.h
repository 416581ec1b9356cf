// Colours and spacing for the dark (default) and light themes.
#pragma once
#include <imgui.h>

#include "app/app_state.h"

namespace mm::ui {

void apply_theme(app::Theme theme);

// Semantic colours views use for text that is not a plain label.
struct Palette {
  ImVec4 accent;      // prices, links, primary buttons
  ImVec4 muted;       // secondary text (owner, category)
  ImVec4 card;        // card and row background
  ImVec4 card_hover;
  ImVec4 series[8];   // chart lines and bars, in order (distinct on this theme's background)
};
const Palette& palette();

}  // namespace mm::ui
