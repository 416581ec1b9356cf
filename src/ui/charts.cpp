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

std::optional<std::size_t> lines_chart(const std::vector<ChartSeries>& series, float height, const std::string& left_label,
                                       const std::string& right_label, const std::function<std::string(std::size_t)>& x_label,
                                       const std::function<std::string(std::int64_t)>& format_value) {
  const auto format = [&](core::Micros v) { return format_value ? format_value(v) : core::format_ucr(v); };
  std::optional<std::size_t> hovered;
  static const ImVec4 kColors[] = {{0.50f, 0.64f, 1.00f, 1}, {0.96f, 0.73f, 0.26f, 1}, {0.45f, 0.85f, 0.55f, 1},
                                   {0.95f, 0.45f, 0.55f, 1}, {0.75f, 0.55f, 0.95f, 1}, {0.40f, 0.85f, 0.90f, 1},
                                   {1.00f, 0.50f, 0.15f, 1}, {0.62f, 0.62f, 0.62f, 1}};
  constexpr std::size_t kCount = sizeof kColors / sizeof kColors[0];
  float width = 0;
  const ImVec2 origin = reserve(height, width);
  std::size_t points = 0;
  core::Micros highest = 1, lowest = 0;  // from 0, or from the lowest value when one is below 0
  for (const ChartSeries& s : series) {
    points = std::max(points, s.values.size());
    for (core::Micros v : s.values) highest = std::max(highest, v), lowest = std::min(lowest, v);
  }
  if (points == 0) return hovered;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float step = points > 1 ? width / float(points - 1) : width;
  auto at = [&](std::size_t i, core::Micros v) {
    return ImVec2(origin.x + step * float(i),
                  origin.y + height - height * float((double(v) - double(lowest)) / (double(highest) - double(lowest))));
  };
  for (std::size_t k = 0; k < series.size(); ++k) {
    const ImU32 color = ImGui::GetColorU32(kColors[k % kCount]);
    for (std::size_t i = 0; i + 1 < series[k].values.size(); ++i)
      draw->AddLine(at(i, series[k].values[i]), at(i + 1, series[k].values[i + 1]), color, 2.0f);
  }
  axis_labels(origin, width, height, left_label, right_label);
  const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  draw->AddText(ImVec2(origin.x + 4, origin.y), muted, format(highest).c_str());
  if (lowest < 0) draw->AddText(ImVec2(origin.x + 4, origin.y + height - ImGui::GetTextLineHeight()), muted, format(lowest).c_str());
  if (ImGui::IsMouseHoveringRect(origin, ImVec2(origin.x + width, origin.y + height))) {
    const std::size_t i = std::min(points - 1, static_cast<std::size_t>((ImGui::GetIO().MousePos.x - origin.x) / step + 0.5f));
    hovered = i;
    draw->AddLine(ImVec2(origin.x + step * float(i), origin.y), ImVec2(origin.x + step * float(i), origin.y + height), muted);
    std::string text = x_label(i);
    for (const ChartSeries& s : series)
      if (i < s.values.size()) text += "\n" + s.label + ": " + format(s.values[i]);
    ImGui::SetTooltip("%s", text.c_str());
  }
  // The legend: a colour swatch and the label of each line, wrapping at the chart's width.
  float x = 0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const float w = ImGui::CalcTextSize(series[k].label.c_str()).x + 28;
    if (x > 0 && x + w <= width) {
      ImGui::SameLine(0, 10);
    } else {
      x = 0;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    draw->AddRectFilled(ImVec2(p.x, p.y + 6), ImVec2(p.x + 14, p.y + 10), ImGui::GetColorU32(kColors[k % kCount]), 2.0f);
    ImGui::Dummy(ImVec2(18, 1));
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(series[k].label.c_str());
    x += w;
  }
  return hovered;
}

}  // namespace mm::ui
