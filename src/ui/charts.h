// Small charts drawn with ImDrawList (ImPlot is not packaged in Debian): amounts are µcr, converted to
// doubles only to compute pixel heights. Each chart is one ImGui item, so callers can name it for locate().
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"

namespace mm::ui {

// One bar per value, left to right; `tooltip(i)` is shown over bar i. Labels go under the left and right ends.
void bar_chart(const std::vector<core::Micros>& values, float height, const char* left_label, const char* right_label,
               const std::function<std::string(std::size_t)>& tooltip);

// A filled line through the values, left to right (e.g. a balance falling call by call), from 0 at the bottom
// to the first value at the top.
void falling_line_chart(const std::vector<core::Micros>& values, float height, const std::string& left_label,
                        const std::string& right_label);

// Several lines over the same x positions (e.g. cost per month against tokens, one line per pricing shape),
// from 0 at the bottom to the highest value at the top, with a legend under it. Hovering shows every line's
// value at that x (`x_label(i)` names the position); the hovered position is returned. Values are amounts
// unless `format` says otherwise (e.g. counts).
struct ChartSeries {
  std::string label;
  std::vector<core::Micros> values;
};
std::optional<std::size_t> lines_chart(const std::vector<ChartSeries>& series, float height, const std::string& left_label,
                                       const std::string& right_label, const std::function<std::string(std::size_t)>& x_label,
                                       const std::function<std::string(std::int64_t)>& format = {});

}  // namespace mm::ui
