#include "ui/charts.h"

#include <imgui.h>

#include <algorithm>

#include "ui/theme.h"

namespace mm::ui {
namespace {

constexpr float kLabelHeight = 22.0f;

// Reserves the chart's rectangle as one item and returns its top-left corner and width.
ImVec2 reserve(float height, float& width) {
  width = std::min(ImGui::GetContentRegionAvail().x, 640.0f);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height + kLabelHeight));
  return origin;
}

void axis_labels(ImVec2 origin, float width, float height, const std::string& left, const std::string& right) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddLine(ImVec2(origin.x, origin.y + height), ImVec2(origin.x + width, origin.y + height),
                ImGui::GetColorU32(ImGuiCol_Border));
  const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  draw->AddText(ImVec2(origin.x, origin.y + height + 4), muted, left.c_str());
  draw->AddText(ImVec2(origin.x + width - ImGui::CalcTextSize(right.c_str()).x, origin.y + height + 4), muted,
                right.c_str());
}

}  // namespace

void bar_chart(const std::vector<core::Micros>& values, float height, const char* left_label, const char* right_label,
               const std::function<std::string(std::size_t)>& tooltip) {
  float width = 0;
  const ImVec2 origin = reserve(height, width);
  if (values.empty()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const core::Micros highest = std::max<core::Micros>(1, *std::max_element(values.begin(), values.end()));
  const float slot = width / float(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float h = height * float(double(values[i]) / double(highest));
    const ImVec2 a(origin.x + slot * float(i) + 3, origin.y + height - std::max(h, values[i] > 0 ? 2.0f : 0.0f));
    const ImVec2 b(origin.x + slot * float(i + 1) - 3, origin.y + height);
    draw->AddRectFilled(a, b, ImGui::GetColorU32(palette().accent), 3.0f);
    if (ImGui::IsMouseHoveringRect(ImVec2(a.x, origin.y), b)) ImGui::SetTooltip("%s", tooltip(i).c_str());
  }
  axis_labels(origin, width, height, left_label, right_label);
}

void falling_line_chart(const std::vector<core::Micros>& values, float height, const std::string& left_label,
                        const std::string& right_label) {
  float width = 0;
  const ImVec2 origin = reserve(height, width);
  if (values.empty()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const double top = double(std::max<core::Micros>(1, values.front()));
  const float step = values.size() > 1 ? width / float(values.size() - 1) : width;
  const ImU32 line = ImGui::GetColorU32(palette().accent);
  ImVec4 fill_color = palette().accent;
  fill_color.w = 0.18f;
  const ImU32 fill = ImGui::GetColorU32(fill_color);
  auto point = [&](std::size_t i) {
    return ImVec2(origin.x + step * float(i), origin.y + height - height * float(double(values[i]) / top));
  };
  for (std::size_t i = 0; i + 1 < values.size(); ++i) {
    const ImVec2 a = point(i), b = point(i + 1);
    draw->AddQuadFilled(a, b, ImVec2(b.x, origin.y + height), ImVec2(a.x, origin.y + height), fill);
    draw->AddLine(a, b, line, 2.0f);
  }
  if (values.size() == 1) draw->AddLine(point(0), ImVec2(origin.x + width, point(0).y), line, 2.0f);
  axis_labels(origin, width, height, left_label, right_label);
}

}  // namespace mm::ui
