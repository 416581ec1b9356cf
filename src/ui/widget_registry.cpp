#include "ui/widget_registry.h"

#include <algorithm>
#include <imgui.h>

namespace mm::ui {

void WidgetRegistry::name_last_item(std::string id) {
  // Clip to the visible part of the window so a half-scrolled widget reports where it can be clicked.
  const ImVec2 clip_min = ImGui::GetWindowDrawList()->GetClipRectMin();
  const ImVec2 clip_max = ImGui::GetWindowDrawList()->GetClipRectMax();
  ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  min = ImVec2(std::max(min.x, clip_min.x), std::max(min.y, clip_min.y));
  max = ImVec2(std::min(max.x, clip_max.x), std::min(max.y, clip_max.y));
  if (max.x <= min.x || max.y <= min.y) return;
  rects_[std::move(id)] = Rect{min.x, min.y, max.x - min.x, max.y - min.y};
}

std::optional<Rect> WidgetRegistry::find(const std::string& id) const {
  const auto it = rects_.find(id);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

}  // namespace mm::ui
