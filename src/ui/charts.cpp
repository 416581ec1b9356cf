#include "ui/charts.h"

#include <imgui.h>

#include <algorithm>

#include "core/calendar.h"
#include "ui/theme.h"

namespace mm::ui {
namespace {

constexpr float kTickGap = 16.0f;  // at least this much between two x tick labels

std::string value_text(const ChartAxes& axes, std::int64_t v) { return axes.y_value ? axes.y_value(v) : core::format_ucr(v); }

std::string detail_text(const ChartAxes& axes, std::size_t i) {
  if (axes.x_detail) return axes.x_detail(i);
  return axes.x_tick ? axes.x_tick(i) : "";
}

ImU32 with_alpha(ImVec4 color, float alpha) {
  color.w = alpha;
  return ImGui::GetColorU32(color);
}

// The plot area of a chart reserved by frame(), and where a value or a position falls in it.
struct Frame {
  ImVec2 min, max;
  std::int64_t low = 0, high = 1;
  std::size_t points = 0;
  bool bars = false;  // positions are the middles of slots (bars) or spread edge to edge (lines)
  float y(std::int64_t v) const {
    return max.y - (max.y - min.y) * float((double(v) - double(low)) / (double(high) - double(low)));
  }
  float x(std::size_t i) const {
    const float w = max.x - min.x;
    if (bars) return min.x + w * (float(i) + 0.5f) / float(points);
    return points > 1 ? min.x + w * float(i) / float(points - 1) : min.x + w / 2;
  }
  // The position under the mouse, if it is over the plot.
  std::optional<std::size_t> hovered() const {
    if (points == 0 || !ImGui::IsMouseHoveringRect(min, max)) return std::nullopt;
    const float w = max.x - min.x, mx = ImGui::GetIO().MousePos.x - min.x;
    const float at = bars ? mx * float(points) / w - 0.5f : (points > 1 ? mx * float(points - 1) / w : 0);
    return std::min(points - 1, static_cast<std::size_t>(std::max(0.0f, at + 0.5f)));
  }
};

// Reserves the chart as one item and draws its frame: round y ticks with grid lines and labels on the left,
// the x axis with as many tick labels under it as fit without overlapping.
Frame frame(float height, std::int64_t lowest, std::int64_t highest, std::size_t points, bool bars, const ChartAxes& axes) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const std::vector<std::int64_t> ticks = round_ticks(lowest, highest, height >= 150 ? 5 : 4);
  std::vector<std::string> labels;
  float gutter = 0;
  for (std::int64_t t : ticks) {
    labels.push_back(value_text(axes, t));
    gutter = std::max(gutter, ImGui::CalcTextSize(labels.back().c_str()).x);
  }
  const float width = std::max(ImGui::GetContentRegionAvail().x > 720.0f ? 720.0f : ImGui::GetContentRegionAvail().x,
                               gutter + 48);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height + line * 1.5f + 6));  // the x labels sit below the bottom y label
  Frame f;
  f.min = ImVec2(origin.x + gutter + 8, origin.y + line / 2);
  f.max = ImVec2(origin.x + width - 4, origin.y + height);
  f.points = points;
  f.bars = bars;
  // One tick (every value the same): 0 at the bottom, any other value in the middle.
  f.low = ticks.size() > 1 || ticks.front() == 0 ? ticks.front() : ticks.front() - 1;
  f.high = ticks.size() > 1 ? ticks.back() : ticks.front() + 1;
  for (std::size_t k = 0; k < ticks.size(); ++k) {
    const float y = f.y(ticks[k]);
    const bool axis = ticks[k] == 0 || (k == 0 && ticks[k] > 0);
    draw->AddLine(ImVec2(f.min.x, y), ImVec2(f.max.x, y), axis ? ImGui::GetColorU32(ImGuiCol_Border) : with_alpha(palette().muted, 0.18f));
    const float w = ImGui::CalcTextSize(labels[k].c_str()).x;
    draw->AddText(ImVec2(f.min.x - 8 - w, y - line / 2), muted, labels[k].c_str());
  }
  if (!axes.x_tick || points == 0) return f;
  // Every stride-th position (a round stride) gets a label, when it fits after the one before.
  const float widest = std::max(ImGui::CalcTextSize(axes.x_tick(0).c_str()).x,
                                ImGui::CalcTextSize(axes.x_tick(points - 1).c_str()).x);
  const std::size_t fit = std::max<std::size_t>(1, static_cast<std::size_t>((f.max.x - f.min.x) / (widest + kTickGap)));
  const std::int64_t wanted = static_cast<std::int64_t>((points + fit - 1) / fit);
  const std::vector<std::int64_t> strides = round_ticks(0, std::max<std::int64_t>(1, wanted), 1);
  const std::size_t stride = static_cast<std::size_t>(std::max<std::int64_t>(1, strides.size() > 1 ? strides[1] : 1));
  float free_from = origin.x;
  for (std::size_t i = 0; i < points; i += stride) {
    const std::string text = axes.x_tick(i);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    const float x = std::max(origin.x, std::min(f.x(i) - w / 2, origin.x + width - w));
    if (x < free_from || x + w > origin.x + width) continue;
    draw->AddLine(ImVec2(f.x(i), f.max.y), ImVec2(f.x(i), f.max.y + 4), muted);
    draw->AddText(ImVec2(x, f.max.y + line / 2 + 2), muted, text.c_str());
    free_from = x + w + kTickGap;
  }
  return f;
}

void tooltip(const std::string& text) {
  if (!text.empty()) ImGui::SetTooltip("%s", text.c_str());
}

}  // namespace

std::vector<std::int64_t> round_ticks(std::int64_t lowest, std::int64_t highest, int count) {
  if (highest <= lowest) return {lowest};
  // In 128 bits: the span of any two int64 values, and a tick one step past INT64_MAX, still fit.
  using Wide = __int128;
  count = std::max(1, count);
  const Wide raw = std::max<Wide>(1, (Wide(highest) - lowest + count - 1) / count);
  Wide magnitude = 1;
  while (magnitude <= raw / 10) magnitude *= 10;
  Wide step = magnitude * 10;
  for (int m : {1, 2, 5})
    if (magnitude * m >= raw) {
      step = magnitude * m;
      break;
    }
  // From the multiple of step at or below lowest to the one at or above highest (kept within int64).
  Wide first = Wide(lowest) / step * step;
  if (first > lowest) first -= step;
  std::vector<std::int64_t> ticks;
  for (Wide t = first;; t += step) {
    const Wide kept = std::clamp<Wide>(t, INT64_MIN, INT64_MAX);
    ticks.push_back(static_cast<std::int64_t>(kept));
    if (t >= highest || ticks.size() > static_cast<std::size_t>(count) + 2) break;
  }
  return ticks;
}

ChartAxes recent_days_axes(std::size_t count, std::int64_t now_ms) {
  const std::int64_t today = now_ms / 86'400'000;
  const auto day = [=](std::size_t i) { return today - std::int64_t(count - 1 - i); };
  ChartAxes axes;
  axes.x_tick = [=](std::size_t i) { return core::format_short_date(day(i)); };
  axes.x_detail = [=](std::size_t i) {
    const std::int64_t ago = std::int64_t(count - 1 - i);
    return core::format_short_date(day(i)) + (ago == 0 ? " (today)" : ago == 1 ? " (yesterday)" : " (" + std::to_string(ago) + " days ago)");
  };
  return axes;
}

std::optional<std::size_t> bar_chart(const std::vector<core::Micros>& values, float height, const ChartAxes& axes) {
  core::Micros highest = 0;
  for (core::Micros v : values) highest = std::max(highest, v);
  const Frame f = frame(height, 0, highest, values.size(), true, axes);
  if (values.empty()) return std::nullopt;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float slot = (f.max.x - f.min.x) / float(values.size());
  const float gap = std::min(3.0f, slot / 6);
  const std::optional<std::size_t> hovered = f.hovered();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float top = std::min(f.y(values[i]), f.max.y - (values[i] > 0 ? 2.0f : 0.0f));
    const ImVec2 a(f.min.x + slot * float(i) + gap, top), b(f.min.x + slot * float(i + 1) - gap, f.max.y);
    const ImVec4 color = palette().series[0];
    draw->AddRectFilled(a, b, hovered == i ? ImGui::GetColorU32(color) : with_alpha(color, 0.8f), std::min(3.0f, slot / 4));
  }
  if (hovered) tooltip(detail_text(axes, *hovered) + ": " + value_text(axes, values[*hovered]));
  return hovered;
}

std::optional<std::size_t> lines_chart(const std::vector<ChartSeries>& series, float height, const ChartAxes& axes,
                                       bool areas) {
  std::size_t points = 0;
  core::Micros highest = 0, lowest = 0;  // from 0, or from the lowest value when one is below 0
  for (const ChartSeries& s : series) {
    points = std::max(points, s.values.size());
    for (core::Micros v : s.values) highest = std::max(highest, v), lowest = std::min(lowest, v);
  }
  const Frame f = frame(height, lowest, highest, points, false, axes);
  if (points == 0) return std::nullopt;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::size_t colors = std::size(palette().series);
  const float base = f.y(std::clamp<std::int64_t>(0, f.low, f.high));
  for (std::size_t k = 0; k < series.size(); ++k) {
    const std::vector<core::Micros>& v = series[k].values;
    const ImVec4 color = palette().series[k % colors];
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
      const ImVec2 a(f.x(i), f.y(v[i])), b(f.x(i + 1), f.y(v[i + 1]));
      if (areas) draw->AddQuadFilled(a, b, ImVec2(b.x, base), ImVec2(a.x, base), with_alpha(color, 0.14f));
      draw->AddLine(a, b, ImGui::GetColorU32(color), 2.0f);
    }
    if (v.size() == 1) draw->AddCircleFilled(ImVec2(f.x(0), f.y(v[0])), 3.5f, ImGui::GetColorU32(color));
  }
  const std::optional<std::size_t> hovered = f.hovered();
  if (hovered) {
    const std::size_t i = *hovered;
    draw->AddLine(ImVec2(f.x(i), f.min.y), ImVec2(f.x(i), f.max.y), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    std::string text = detail_text(axes, i);
    for (std::size_t k = 0; k < series.size(); ++k) {
      if (i >= series[k].values.size()) continue;
      draw->AddCircleFilled(ImVec2(f.x(i), f.y(series[k].values[i])), 4.0f, ImGui::GetColorU32(palette().series[k % colors]));
      text += "\n" + series[k].label + ": " + value_text(axes, series[k].values[i]);
    }
    tooltip(text);
  }
  // The legend (for more than one line): a colour swatch and the label of each line, wrapping at the width.
  if (series.size() < 2) return hovered;
  const float width = std::min(ImGui::GetContentRegionAvail().x, 720.0f);
  float x = 0;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const float w = ImGui::CalcTextSize(series[k].label.c_str()).x + 28;
    if (x > 0 && x + w <= width) {
      ImGui::SameLine(0, 10);
    } else {
      x = 0;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float mid = p.y + ImGui::GetTextLineHeight() / 2;
    draw->AddRectFilled(ImVec2(p.x, mid - 2), ImVec2(p.x + 14, mid + 2), ImGui::GetColorU32(palette().series[k % colors]), 2.0f);
    ImGui::Dummy(ImVec2(18, 1));
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted(series[k].label.c_str());
    x += w;
  }
  return hovered;
}

}  // namespace mm::ui
