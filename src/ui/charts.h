// The one chart module every chart in the app uses (ImPlot is not packaged in Debian): bars and lines drawn
// with ImDrawList, with a y axis of round ticks and grid lines, x ticks that never overlap, a legend, a hover
// read-out and colours from the theme. Values are integers (µcr or counts), turned into doubles only for
// pixel positions. Each chart is one ImGui item, so callers can name it for locate().
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"

namespace mm::ui {

// How a chart names its positions and values.
struct ChartAxes {
  std::function<std::string(std::size_t)> x_tick;    // position i's short name under the x axis
  std::function<std::string(std::size_t)> x_detail;  // its full name in the hover read-out (default: x_tick)
  std::function<std::string(std::int64_t)> y_value;  // how a value reads (default: an amount, "$1.50")
};

// One bar per value, left to right. Returns the hovered bar.
std::optional<std::size_t> bar_chart(const std::vector<core::Micros>& values, float height, const ChartAxes& axes);

// Lines over the same x positions (e.g. cost per month against tokens, one line per pricing shape), each with
// the area under it filled when `areas`. The y axis starts at 0, or at the lowest value when one is below 0.
// Returns the hovered position.
struct ChartSeries {
  std::string label;
  std::vector<core::Micros> values;
};
std::optional<std::size_t> lines_chart(const std::vector<ChartSeries>& series, float height, const ChartAxes& axes,
                                       bool areas = false);

// Axes for `count` days up to today (the UTC day of `now_ms`): ticks "Nov 12", read-out "Nov 12 (3 days ago)".
ChartAxes recent_days_axes(std::size_t count, std::int64_t now_ms);

// Round tick values covering [lowest, highest] (1, 2 or 5 times a power of ten apart), about `count` of them.
std::vector<std::int64_t> round_ticks(std::int64_t lowest, std::int64_t highest, int count);

}  // namespace mm::ui
