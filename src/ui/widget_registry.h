// Named widgets and where they were drawn in the last frame, so window.marketplace.locate(id) can tell a test
// where to click on the real canvas. Coordinates are CSS pixels from the canvas' top-left corner.
#pragma once
#include <optional>
#include <string>
#include <unordered_map>

namespace mm::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

class WidgetRegistry {
 public:
  void begin_frame() { rects_.clear(); }
  // Records the rectangle of the last ImGui item under `id` (only items actually drawn are found).
  void name_last_item(std::string id);
  std::optional<Rect> find(const std::string& id) const;

 private:
  std::unordered_map<std::string, Rect> rects_;
};

}  // namespace mm::ui
