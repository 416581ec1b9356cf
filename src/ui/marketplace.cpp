// #/market — search, sort chips, filters and a responsive grid of model cards. The query lives in the route,
// so Back returns to the same filtered market. Only visible card rows are laid out (ImGuiListClipper).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <initializer_list>

#include "app/market.h"
#include "app/route.h"
#include "core/money.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr float kCardMinWidth = 290.0f;
constexpr float kCardHeight = 136.0f;
constexpr float kFilterWidth = 230.0f;

struct SortChip {
  core::SortKey key;
  const char* label;
  const char* spoken = nullptr;  // what a screen reader says, where the label is partly an icon
};
const SortChip kSortChips[] = {{core::SortKey::Trending, "Trending"},     {core::SortKey::MostPurchased, "Most purchased"},
                               {core::SortKey::MostUsed, "Most used"},    {core::SortKey::TopRated, "Top rated"},
                               {core::SortKey::New, "New"},               {core::SortKey::PriceLow, "Price " MM_ICON_ARROW_UP, "Price, lowest first"},
                               {core::SortKey::PriceHigh, "Price " MM_ICON_ARROW_DOWN, "Price, highest first"}, {core::SortKey::Latency, "Latency"}};

void go(UiContext& ui, const core::Query& query, bool replace = false) {
  app::Command cmd = app::Command::navigate(app::market_route(query));
  if (replace) cmd.args["replace"] = true;  // typing in the search box should not fill the history
  ui.emit(std::move(cmd));
}

}  // namespace

void refresh_market(const app::AppState& state, UiContext& ui, const core::Query& query) {
  MarketView& view = ui.market;
  if (!view.index || view.catalog_version != state.catalog_version) {
    view.catalog_version = state.catalog_version;
    view.index = std::make_unique<core::SearchIndex>(state.catalog);
    view.top_tags = core::top_tags(state.catalog, 24);
    view.route.clear();
  }
  const bool facts_stale = view.ledger_seq != state.ledger.last_seq() || view.profile != state.prefs.profile_id ||
                           view.day != core::day_of(ui.now_ms) || view.route.empty();
  if (view.route == state.prefs.route && !facts_stale) return;
  const double start = ui.clock_ms ? ui.clock_ms() : 0;
  view.route = state.prefs.route;
  if (facts_stale) {
    view.ledger_seq = state.ledger.last_seq();
    view.profile = state.prefs.profile_id;
    view.day = core::day_of(ui.now_ms);
    view.facts = app::all_model_facts(state, ui.now_ms);
    ++view.facts_generation;
  }
  view.order = core::run_query(state.catalog, view.facts, *view.index, query);
  view.refresh_ms = ui.clock_ms ? ui.clock_ms() - start : 0;
  if (!view.search_active) view.search_text = query.text;
}

namespace {

template <typename T>
bool contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

template <typename T>
void toggle(std::vector<T>& items, const T& item) {
  const auto it = std::find(items.begin(), items.end(), item);
  if (it == items.end()) items.push_back(item);
  else items.erase(it);
}

// One radio button per choice of a query field; picking one navigates to the market with it.
template <typename T>
void radio_filter(UiContext& ui, const core::Query& query, T core::Query::*field, const char* id_prefix,
                  std::initializer_list<std::pair<T, const char*>> choices) {
  for (const auto& [value, label] : choices) {
    if (ImGui::RadioButton(label, query.*field == value) && query.*field != value) {
      core::Query next = query;
      next.*field = value;
      go(ui, next);
    }
    ui.widgets.name_last_item(id_prefix + std::to_string(static_cast<int>(value)), Role::Radio, "", query.*field == value);
  }
}

void draw_filters(const app::AppState& state, UiContext& ui, const core::Query& query) {
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Category");
  ImGui::PopFont();
  for (const char* category : {"LLM", "Vision", "Audio", "Tooling"}) {
    bool on = contains(query.categories, std::string(category));
    if (ImGui::Checkbox(category, &on)) {
      core::Query next = query;
      toggle(next.categories, std::string(category));
      go(ui, next);
    }
    ui.widgets.name_last_item(std::string("market.filter.category.") + category);
  }
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Rating");
  ImGui::PopFont();
  radio_filter(ui, query, &core::Query::rating, "market.filter.rating.",
               {{core::RatingFilter::All, "All"},
                {core::RatingFilter::AtLeast4, "4 " MM_ICON_STAR " & up"},
                {core::RatingFilter::AtLeast4_5, "4.5 " MM_ICON_STAR " & up"}});
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Price per 1K tokens");
  ImGui::PopFont();
  radio_filter(ui, query, &core::Query::price, "market.filter.price.",
               {{core::PriceBand::All, "All"},
                {core::PriceBand::Below1m, "Under $0.001"},
                {core::PriceBand::From1mTo2m, "$0.001 - $0.002"},
                {core::PriceBand::Above2m, "Over $0.002"}});
  ImGui::Spacing();
  bool owned = query.owned_only;
  if (ImGui::Checkbox("Owned only", &owned)) {
    core::Query next = query;
    next.owned_only = owned;
    go(ui, next);
  }
  ui.widgets.name_last_item("market.filter.owned");
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Tags");
  ImGui::PopFont();
  // Tag chips wrap within the panel.
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  for (std::size_t i = 0; i < ui.market.top_tags.size(); ++i) {
    const std::string& tag = ui.market.top_tags[i].first;
    const bool on = contains(query.tags, tag);
    const float width = ImGui::CalcTextSize(tag.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
    if (i > 0 && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right) ImGui::SameLine();
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, palette().accent);
    if (on) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    if (ImGui::SmallButton(tag.c_str())) {
      core::Query next = query;
      toggle(next.tags, tag);
      go(ui, next);
    }
    if (on) ImGui::PopStyleColor(2);
    ui.widgets.name_last_item("market.tag." + tag, Role::Button, "", on);
  }
  ImGui::Spacing();
  if (ImGui::Button("Clear filters")) {
    core::Query next;
    next.text = query.text;
    next.sort = query.sort;
    go(ui, next);
  }
  ui.widgets.name_last_item("market.filter.clear");
  (void)state;
}

void draw_card(const core::Model& model, const core::ModelFacts& facts, UiContext& ui, ImVec2 size) {
  const Palette& colors = palette();
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImGui::PushID(model.slug.c_str());
  const bool clicked = ImGui::InvisibleButton("card", size);
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  ui.widgets.name_last_item("market.card." + model.slug, Role::Link, model.name);
  if (clicked) ui.emit(app::Command::navigate("/model/" + model.slug));

  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(min, max, ImGui::GetColorU32(hovered ? colors.card_hover : colors.card), 10.0f);
  draw->AddRect(min, max, ImGui::GetColorU32(ImGui::IsItemFocused() ? colors.accent : style.Colors[ImGuiCol_Border]),
                10.0f);
  const float pad = 14.0f, line = ImGui::GetFontSize() + 6.0f;
  const float inner = size.x - pad * 2;
  float y = min.y + pad;
  const float x = min.x + pad;

  float name_room = inner;
  if (facts.owned) {
    const std::string badge = MM_ICON_CHECK " Owned";
    const float w = text_width(ui.fonts.bold, badge) + 12;
    const ImVec2 b0(min.x + size.x - pad - w, y - 2), b1(min.x + size.x - pad, y + line - 4);
    draw->AddRectFilled(b0, b1, ImGui::GetColorU32(colors.accent), 6.0f);
    draw_text_at(ui.fonts.bold, ImVec2(b0.x + 6, y), style.Colors[ImGuiCol_WindowBg], badge);
    name_room -= w + 8;
  }
  draw_text_at(ui.fonts.bold, ImVec2(x, y), style.Colors[ImGuiCol_Text], ellipsize(ui.fonts.bold, model.name, name_room));
  y += line;
  draw_text_at(ui.fonts.body, ImVec2(x, y), colors.muted, ellipsize(ui.fonts.body, "by " + model.owner, inner));
  y += line;
  std::string tags = model.category;
  for (std::size_t i = 0; i < model.tags.size() && i < 3; ++i) tags += "  \xC2\xB7  " + model.tags[i];
  draw_text_at(ui.fonts.body, ImVec2(x, y), colors.muted, ellipsize(ui.fonts.body, tags, inner));
  y += line + 4;
  const std::string stars = star_icons(facts.rating_centi);
  draw_text_at(ui.fonts.body, ImVec2(x, y), ImVec4(0.96f, 0.73f, 0.26f, 1.0f), stars);
  char rating[16];
  std::snprintf(rating, sizeof rating, " %.1f", facts.rating_centi / 100.0);
  draw_text_at(ui.fonts.body, ImVec2(x + text_width(ui.fonts.body, stars), y), style.Colors[ImGuiCol_Text], rating);
  const std::string price = core::format_ucr(model.price_per_1k_ucr) + " / 1K";
  draw_text_at(ui.fonts.bold, ImVec2(min.x + size.x - pad - text_width(ui.fonts.bold, price), y), colors.accent, price);
  y += line;
  const std::string counts = with_thousands(facts.purchases) + " purchases  \xC2\xB7  " + with_thousands(facts.calls) + " calls";
  draw_text_at(ui.fonts.body, ImVec2(x, y), colors.muted, ellipsize(ui.fonts.body, counts, inner));
}

}  // namespace

void draw_marketplace(const app::AppState& state, UiContext& ui) {
  if (!state.catalog_error.empty()) {
    ImGui::TextWrapped("The catalog could not be loaded: %s", state.catalog_error.c_str());
    return;
  }
  const core::Query query = current_route(state, ui).query;
  refresh_market(state, ui, query);
  MarketView& view = ui.market;

  // Search box with the count of matching models.
  if (view.focus_search) {
    ImGui::SetKeyboardFocusHere();
    view.focus_search = false;
  }
  const bool narrow = ImGui::GetContentRegionAvail().x < 760.0f;
  const std::string count = with_thousands(static_cast<std::int64_t>(view.order.size())) +
                            (view.order.size() == 1 ? " model" : " models");
  ui.widgets.begin_region(Region::Search);
  ImGui::SetNextItemWidth(std::min(520.0f, ImGui::GetContentRegionAvail().x - text_width(ui.fonts.body, count) - 40));
  if (input_text_with_hint("##search", MM_ICON_SEARCH "  Search models, owners, tags  ( / )", &view.search_text)) {
    core::Query next = query;
    next.text = view.search_text;
    go(ui, next, /*replace=*/true);
  }
  view.search_active = ImGui::IsItemActive();
  ui.widgets.name_last_item("market.search", Role::Textbox, "Search models, owners, tags");
  ui.widgets.end_region();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", count.c_str());
  ui.widgets.name_last_item("market.count");

  // Sort chips.
  for (const SortChip& chip : kSortChips) {
    const bool on = query.sort == chip.key;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, palette().accent);
    if (on) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_WindowBg]);
    const float width = ImGui::CalcTextSize(chip.label).x + ImGui::GetStyle().FramePadding.x * 2;
    if (&chip != &kSortChips[0] &&
        ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <
            ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine();
    if (ImGui::Button(chip.label) && !on) {
      core::Query next = query;
      next.sort = chip.key;
      go(ui, next);
    }
    if (on) ImGui::PopStyleColor(2);
    ui.widgets.name_last_item(std::string("market.sort.") + app::sort_name(chip.key), Role::Radio, chip.spoken ? chip.spoken : "", on);
  }
  if (narrow) {
    if (ImGui::Button(view.filters_open ? MM_ICON_FILTER " Hide filters" : MM_ICON_FILTER " Filters"))
      view.filters_open = !view.filters_open;
    ui.widgets.name_last_item("market.filters.toggle");
  }
  ImGui::Spacing();

  // Filter panel: a column on wide screens, folded above the grid on narrow ones.
  if (!narrow || view.filters_open) {
    ui.widgets.begin_region(Region::Complementary);
    ImGui::BeginChild("market.filters", ImVec2(narrow ? 0 : kFilterWidth, narrow ? 260 : 0), false);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 3));  // compact checkboxes and chips
    draw_filters(state, ui, query);
    ImGui::PopStyleVar();
    ImGui::EndChild();
    ui.widgets.end_region();
    if (!narrow) ImGui::SameLine(0, 18);
  }

  ImGui::BeginChild("market.grid", ImVec2(0, 0), false);
  if (view.order.empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("No model matches. Try fewer filters or another search.");
    ImGui::EndChild();
    return;
  }
  const float spacing = ImGui::GetStyle().ItemSpacing.x + 4;
  const float avail = ImGui::GetContentRegionAvail().x;
  const int columns = std::max(1, static_cast<int>((avail + spacing) / (kCardMinWidth + spacing)));
  const ImVec2 card((avail - spacing * float(columns - 1)) / float(columns), kCardHeight);
  const int rows = (static_cast<int>(view.order.size()) + columns - 1) / columns;
  ImGuiListClipper clipper;
  clipper.Begin(rows, kCardHeight + spacing);
  while (clipper.Step())
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      for (int column = 0; column < columns; ++column) {
        const std::size_t at = static_cast<std::size_t>(row * columns + column);
        if (at >= view.order.size()) break;
        if (column > 0) ImGui::SameLine(0, spacing);
        const std::uint32_t index = view.order[at];
        draw_card(state.catalog[index], view.facts[index], ui, card);
      }
      ImGui::Dummy(ImVec2(0, spacing - ImGui::GetStyle().ItemSpacing.y));
    }
  ImGui::EndChild();
}

}  // namespace mm::ui
