// UI fonts (Roboto from Debian's fonts-roboto-unhinted, subset and embedded at build time). Rasterized at the
// device pixel ratio and drawn scaled back, so text stays sharp on HiDPI screens.
#pragma once

struct ImFont;

namespace mm::ui {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* title = nullptr;
  float pixel_ratio = 0;  // the ratio the atlas was built for
};

// (Re)builds the font atlas for `pixel_ratio`. The renderer's font texture must be recreated afterwards.
Fonts load_fonts(float pixel_ratio);

}  // namespace mm::ui
