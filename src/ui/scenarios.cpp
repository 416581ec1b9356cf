// #/scenarios — time travel: a market of buyers over days, run through the real ledger (core/simulation).
// Start from a preset, change a few figures (or any field of the scenario's JSON), Run — a day or more per
// frame, with progress and Cancel — and read the days as charts; compare A with B on the same seed and
// population; share it all as a link that reproduces the same numbers and fingerprint anywhere.
//
// [SECTION] The scenario being edited
// [SECTION] Running
// [SECTION] Results
// [SECTION] The screen
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "app/scenarios.h"
#include "core/calendar.h"
#include "core/catalog.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

using nlohmann::json;

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const char* const kSide[] = {"a", "b"};

// --- [SECTION] The scenario being edited --------------------------------------------------------------------

void set_doc(ScenariosForm& form, int side, json doc) {
  form.doc[side] = std::move(doc);
  form.text[side] = form.doc[side].dump(2);
  form.text_error[side].clear();
}

void use_preset(ScenariosForm& form, int side, int preset) {
  form.preset[side] = preset;
  set_doc(form, side, core::scenario_presets()[static_cast<std::size_t>(preset)].scenario);
}

// A whole-number field of the scenario (top level or one level down, e.g. "demand.median_tokens") with
// its default when the scenario leaves it out.
std::int64_t field_of(const json& doc, const std::string& path, std::int64_t fallback) {
  const std::size_t dot = path.find('.');
  const json* at = &doc;
  std::string key = path;
  if (dot != std::string::npos) {
    const auto outer = doc.find(path.substr(0, dot));
    if (outer == doc.end() || !outer->is_object()) return fallback;
    at = &*outer;
    key = path.substr(dot + 1);
  }
  const auto it = at->find(key);
  return it != at->end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

void set_field(json& doc, const std::string& path, std::int64_t value) {
  const std::size_t dot = path.find('.');
  if (dot == std::string::npos) {
    doc[path] = value;
  } else {
    json& outer = doc[path.substr(0, dot)];
    if (!outer.is_object()) outer = json::object();
    outer[path.substr(dot + 1)] = value;
  }
}

// One figure with its own control: shown as `scale` units (e.g. basis points as percent).
struct Control {
  const char* label;
  const char* path;
  std::int64_t fallback, low, high, scale;
};
const Control kControls[] = {
    {"days", "days", 30, 1, core::kMaxScenarioDays, 1},
    {"buyers at the start", "buyers", 200, 1, core::kMaxScenarioBuyers, 1},
    {"new buyers a day", "arrivals_per_day", 0, 0, 10'000, 1},
    {"price, % of list", "price_bps", 10'000, 1, 1000, 100},
    {"price-sensitive buyers, %", "price_sensitivity_bps", 5000, 0, 100, 100},
    {"top up when broke, %", "top_up.probability_bps", 0, 0, 100, 100},
    {"seed", "seed", 1, 0, 1'000'000'000, 1},
};

void draw_side(UiContext& ui, int side) {
  ScenariosForm& form = ui.scenarios;
  const std::string id = std::string("scenarios.") + kSide[side];
  ImGui::PushID(side);
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted(side == 0 ? "Scenario A" : "Scenario B");
  ImGui::PopFont();
  const auto& presets = core::scenario_presets();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 300.0f));
  if (ImGui::BeginCombo("##preset", presets[static_cast<std::size_t>(form.preset[side])].name.c_str())) {
    for (std::size_t p = 0; p < presets.size(); ++p) {
      if (ImGui::Selectable(presets[p].name.c_str(), form.preset[side] == static_cast<int>(p))) use_preset(form, side, static_cast<int>(p));
      ui.widgets.name_last_item(id + ".preset." + std::to_string(p));
    }
    ImGui::EndCombo();
  }
  ui.widgets.name_last_item(id + ".preset");
  if (ImGui::BeginTable("controls", 2, ImGuiTableFlags_SizingFixedFit)) {
    for (const Control& c : kControls) {
      std::int64_t value = field_of(form.doc[side], c.path, c.fallback) / c.scale;
      ImGui::TableNextColumn();
      ImGui::SetNextItemWidth(120);
      if (ImGui::InputScalar((std::string("##") + c.path).c_str(), ImGuiDataType_S64, &value)) {
        value = std::clamp<std::int64_t>(value, c.low, c.high);
        set_field(form.doc[side], c.path, value * c.scale);
        form.text[side] = form.doc[side].dump(2);
      }
      ui.widgets.name_last_item(id + "." + c.path);
      ImGui::TableNextColumn();
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(c.label);
    }
    ImGui::EndTable();
  }
  if (ImGui::CollapsingHeader("Every field (JSON)")) {
    if (input_text_multiline("##json", &form.text[side], ImVec2(-1, 220))) {
      const json parsed = json::parse(form.text[side], nullptr, false);
      if (!parsed.is_discarded() && parsed.is_object()) {
        form.doc[side] = parsed;
        form.text_error[side].clear();
      } else {
        form.text_error[side] = "Not a JSON object yet: the last good scenario is kept.";
      }
    }
    ui.widgets.name_last_item(id + ".json", Role::Textbox, "Every field (JSON)");
    if (!form.text_error[side].empty()) ImGui::TextColored(kErrorColor, "%s", form.text_error[side].c_str());
    muted_wrapped("Fields: seed, days, start_date, models (a count or slugs), price_bps, charge_model, bundle {tokens, "
                  "price_ucr, valid_days}, plan {fee_ucr, included_tokens, overage_discount_bps, trial_days, platform, "
                  "payout_per_1k_ucr}, policy {platform_fee_bps, min_charge_ucr, loyalty}, buyers, arrivals_per_day, "
                  "starting_ucr, top_up {probability_bps, amount_ucr}, demand {active_bps, median_tokens, spread_bps, "
                  "calls_per_day}, willingness {median_per_1k_ucr, spread_bps}, price_sensitivity_bps, categories.");
  }
  ImGui::PopID();
}

// --- [SECTION] Running ----------------------------------------------------------------------------------------

json request_doc(const ScenariosForm& form) {
  return form.compare ? json{{"a", form.doc[0]}, {"b", form.doc[1]}} : form.doc[0];
}

void start(const app::AppState& state, UiContext& ui) {
  ScenariosForm& form = ui.scenarios;
  const app::ScenarioRequest request = app::read_scenario_request(state, request_doc(form));
  form.fields = request.fields;
  form.share_error.clear();
  form.notice.clear();
  form.result[0].reset();
  form.result[1].reset();
  form.comparison = nullptr;
  if (!request.ok()) return;
  form.ran_doc = request_doc(form);
  form.ran_start_day = static_cast<std::int32_t>(request.a->start_day);
  form.running[0] = std::make_unique<core::Simulation>(*request.a, state.builtin_catalog);
  if (request.b) form.running[1] = std::make_unique<core::Simulation>(*request.b, state.builtin_catalog);
  form.run_started_ms = ImGui::GetTime() * 1000.0;
}

void cancel(ScenariosForm& form) {
  form.running[0].reset();
  form.running[1].reset();
}

double progress(const ScenariosForm& form) {
  double done = 0, total = 0;
  for (const auto& run : form.running)
    if (run) {
      done += run->progress();
      total += 1;
    }
  return total > 0 ? done / total : 0;
}

}  // namespace

void advance_scenarios(UiContext& ui, const std::function<double()>& now_ms, double budget_ms) {
  ScenariosForm& form = ui.scenarios;
  if (!form.busy()) return;
  const double until = now_ms() + budget_ms;
  do {
    for (auto& run : form.running)
      if (run && !run->done()) run->step(16);  // a few buyers at a time: a big day spans frames
  } while (now_ms() < until &&
           std::any_of(std::begin(form.running), std::end(form.running), [](const auto& r) { return r && !r->done(); }));
  if (std::any_of(std::begin(form.running), std::end(form.running), [](const auto& r) { return r && !r->done(); })) return;
  for (int side = 0; side < 2; ++side)
    if (form.running[side]) form.result[side] = form.running[side]->result();
  if (form.result[0] && form.result[1]) form.comparison = core::compare_results(*form.result[0], *form.result[1]);
  form.run_ms = ImGui::GetTime() * 1000.0 - form.run_started_ms;
  cancel(form);
}

namespace {

// --- [SECTION] Results ----------------------------------------------------------------------------------------

// Puts the next widget (a button or radio labelled `label`, `extra` pixels besides) on this line when it fits.
void same_line_if_fits(const char* label, float extra = 0) {
  const float width = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x + extra;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + width <= right) ImGui::SameLine();
}

struct Figure {
  const char* title;
  std::vector<const char*> series;  // summed per day
  bool money;
};
const Figure kFigures[] = {
    {"Owner revenue a day", {"owner_calls_ucr", "owner_bundles_ucr", "owner_subscriptions_ucr"}, true},
    {"Platform revenue a day", {"platform_revenue_ucr"}, true},
    {"Buyer spend a day", {"buyer_spend_ucr"}, true},
    {"Calls a day", {"calls"}, false},
    {"Active buyers", {"active_buyers"}, false},
    {"Median wallet", {"wallet_p50_ucr"}, true},
};

std::vector<core::Micros> figure_values(const core::SimulationResult& result, const Figure& figure) {
  std::vector<core::Micros> values(static_cast<std::size_t>(result.days), 0);
  for (const char* name : figure.series) {
    const std::vector<std::int64_t>& series = result.series.at(name);
    for (std::size_t i = 0; i < values.size() && i < series.size(); ++i) values[i] += series[i];
  }
  return values;
}

std::string day_label(std::int64_t start_day, std::size_t i) {
  return "day " + std::to_string(i + 1) + ", " + core::format_iso_date(static_cast<std::int32_t>(start_day + std::int64_t(i)));
}

void draw_totals(UiContext& ui) {
  ScenariosForm& form = ui.scenarios;
  const bool pair = form.result[1].has_value();
  const float width = std::min(ImGui::GetContentRegionAvail().x, pair ? 560.0f : 400.0f);
  if (!ImGui::BeginTable("scenarios.totals", pair ? 3 : 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH,
                         ImVec2(width, 0)))
    return;
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  if (pair) ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  const std::pair<const char*, const char*> rows[] = {
      {"Calls", "calls"},           {"Buyer spend", "buyer_spend_ucr"},       {"Owners earned", "owner_revenue_ucr"},
      {"  from calls", "owner_calls_ucr"}, {"  from bundles", "owner_bundles_ucr"}, {"  from subscriptions", "owner_subscriptions_ucr"},
      {"Platform earned", "platform_revenue_ucr"}, {"Loyalty cashback", "loyalty_cashback_ucr"},
      {"Buyers", "buyers"},         {"Buyers who left", "buyers_churned"},    {"Refused for credits", "refused_insufficient"}};
  for (const auto& [label, key] : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", label);
    for (int side = 0; side < (pair ? 2 : 1); ++side) {
      ImGui::TableNextColumn();
      const std::int64_t v = form.result[side]->totals.value(key, std::int64_t(0));
      const bool money = std::string(key).find("_ucr") != std::string::npos;
      ImGui::TextUnformatted(money ? core::format_ucr(v).c_str() : with_thousands(v).c_str());
    }
  }
  ImGui::EndTable();
  ui.widgets.name_last_item("scenarios.totals");
}

void draw_results(UiContext& ui) {
  ScenariosForm& form = ui.scenarios;
  if (!form.result[0]) return;
  const core::SimulationResult& a = *form.result[0];
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Results");
  ImGui::PopFont();
  muted_wrapped("Fingerprint A: " + a.fingerprint);
  ui.widgets.name_last_item("scenarios.fingerprint.a");
  if (form.result[1]) {
    muted_wrapped("Fingerprint B: " + form.result[1]->fingerprint);
    ui.widgets.name_last_item("scenarios.fingerprint.b");
    ImGui::TextWrapped("%s", form.comparison.value("summary", "").c_str());
    ui.widgets.name_last_item("scenarios.summary");
  }
  ImGui::TextDisabled("Ran in %.1f s, through the same ledger as real clicks.", form.run_ms / 1000.0);
  draw_totals(ui);
  ImGui::Spacing();
  for (int k = 0; k < static_cast<int>(std::size(kFigures)); ++k) {
    if (k) same_line_if_fits(kFigures[k].title, 2 * ImGui::GetFrameHeight());
    if (ImGui::RadioButton(kFigures[k].title, form.chart == k)) form.chart = k;
    ui.widgets.name_last_item("scenarios.chart." + std::to_string(k), Role::Radio, "", form.chart == k);
  }
  const Figure& figure = kFigures[form.chart];
  std::vector<ChartSeries> lines = {{form.result[1] ? "A" : figure.title, figure_values(a, figure)}};
  if (form.result[1]) lines.push_back({"B", figure_values(*form.result[1], figure)});
  const std::int32_t first_day = form.ran_start_day;
  const auto format = [&](std::int64_t v) { return figure.money ? core::format_ucr(v) : with_thousands(v); };
  ImGui::BeginGroup();  // (one item: the chart and its legend)
  ChartAxes axes;
  axes.x_tick = [&](std::size_t i) { return core::format_short_date(first_day + std::int64_t(i)); };
  axes.x_detail = [&](std::size_t i) { return day_label(first_day, i); };
  axes.y_value = format;
  form.hovered_day = lines_chart(lines, 180.0f, axes, lines.size() == 1);
  ImGui::EndGroup();
  ui.widgets.name_last_item("scenarios.chart");
  form.hovered_text.clear();
  if (form.hovered_day)
    for (const ChartSeries& line : lines)
      if (*form.hovered_day < line.values.size())
        form.hovered_text += (form.hovered_text.empty() ? "" : ", ") + line.label + ": " + format(line.values[*form.hovered_day]);

  ImGui::Spacing();
  ImGui::TextDisabled("Owner revenue from calls, per model (A)");
  std::vector<core::Micros> per_model;
  std::vector<std::string> names;
  for (const json& m : a.models) {
    per_model.push_back(m.value("owner_revenue_ucr", core::Micros(0)));
    names.push_back(m.value("name", "") + " (" + with_thousands(m.value("calls", std::int64_t(0))) + " calls)");
  }
  ChartAxes model_axes;
  model_axes.x_tick = [&](std::size_t i) {  // the name's first word (the chart skips those that do not fit)
    const std::string name = a.models[i].value("name", "");
    return name.substr(0, name.find(' '));
  };
  model_axes.x_detail = [&](std::size_t i) { return names[i]; };
  bar_chart(per_model, 110.0f, model_axes);
  ui.widgets.name_last_item("scenarios.models_chart");
}

std::string series_csv(const ScenariosForm& form) {
  std::string csv = "side,day";
  const core::SimulationResult& a = *form.result[0];
  for (const auto& [name, values] : a.series) csv += "," + name;
  csv += "\n";
  for (int side = 0; side < 2; ++side) {
    if (!form.result[side]) continue;
    const core::SimulationResult& r = *form.result[side];
    for (std::int64_t day = 0; day < r.days; ++day) {
      csv += std::string(side == 0 ? "A" : "B") + "," + std::to_string(day + 1);
      for (const auto& [name, values] : r.series) csv += "," + std::to_string(values[static_cast<std::size_t>(day)]);
      csv += "\n";
    }
  }
  return csv;
}

// --- [SECTION] The screen -------------------------------------------------------------------------------------


// A shared link's scenario is taken in once per code; a bad one says so and runs nothing.
void take_shared(const app::AppState& state, UiContext& ui) {
  ScenariosForm& form = ui.scenarios;
  const std::string& code = current_route(state, ui).share;
  if (code.empty() || code == form.loaded_share) return;
  form.loaded_share = code;
  form.share_error.clear();
  const std::optional<json> doc = app::read_share_code(code);
  const app::ScenarioRequest request = doc ? app::read_scenario_request(state, *doc) : app::ScenarioRequest{};
  if (!doc || !request.ok()) {
    form.share_error = "This link's scenario could not be read (it may be cut short or edited): nothing was run. "
                       "Start from a preset instead.";
    return;
  }
  cancel(form);
  form.compare = request.b.has_value();
  set_doc(form, 0, request.a_doc);
  if (request.b) set_doc(form, 1, request.b_doc);
  if (app::expected_calls(request) <= app::kMaxSyncCalls) start(state, ui);
  else form.notice = "A large shared scenario (about " + with_thousands(app::expected_calls(request)) + " calls): press Run to run it.";
}

}  // namespace

void draw_scenarios(const app::AppState& state, UiContext& ui) {
  ScenariosForm& form = ui.scenarios;
  if (!form.filled) {
    use_preset(form, 0, 0);
    use_preset(form, 1, 3);
    form.filled = true;
  }
  take_shared(state, ui);
  ImGui::BeginChild("scenarios.page", ImVec2(0, 0), false);
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Scenarios: time travel");
  ImGui::PopFont();
  ui.widgets.name_last_item("scenarios.title");
  ImGui::TextWrapped("A market of buyers over days, run through the same ledger as real clicks (in memory: nothing here "
                     "touches your credits). Same seed, same buyers: compare two pricings side by side.");
  if (!form.share_error.empty()) {
    ImGui::TextColored(kErrorColor, "%s", form.share_error.c_str());
    ui.widgets.name_last_item("scenarios.share_error");
  }
  ImGui::Checkbox("Compare A with B", &form.compare);
  ui.widgets.name_last_item("scenarios.compare");
  const float avail = ImGui::GetContentRegionAvail().x;
  if (form.compare && avail >= 760 && ImGui::BeginTable("scenarios.sides", 2)) {
    ImGui::TableNextColumn();
    draw_side(ui, 0);
    ImGui::TableNextColumn();
    draw_side(ui, 1);
    ImGui::EndTable();
  } else {
    draw_side(ui, 0);
    if (form.compare) draw_side(ui, 1);
  }
  ImGui::Spacing();
  if (form.busy()) {
    if (ImGui::Button(MM_ICON_CLOSE "  Cancel")) {
      form.notice = "Cancelled on day " + std::to_string(form.running[0]->day() + 1) + " of " +
                    std::to_string(form.running[0]->days()) + ": nothing was kept.";
      cancel(form);
    }
    ui.widgets.name_last_item("scenarios.cancel");
    ImGui::SameLine();
    ImGui::ProgressBar(static_cast<float>(progress(form)), ImVec2(std::min(ImGui::GetContentRegionAvail().x, 320.0f), 0));
    ui.widgets.name_last_item("scenarios.progress");
  } else {
    if (ImGui::Button(MM_ICON_PLAY "  Run")) start(state, ui);
    ui.widgets.name_last_item("scenarios.run");
    same_line_if_fits("Copy link");
    if (ImGui::Button("Copy link") && ui.copy_to_clipboard) {
      const std::string code = app::share_code(request_doc(form));
      if (code.size() > 16'000) form.notice = "This scenario is too long for a link: export it as JSON instead.";
      else ui.copy_to_clipboard(ui.base_url + "#/scenarios?s=" + code), form.notice = "Link copied.";
    }
    ui.widgets.name_last_item("scenarios.copy_link");
    if (form.result[0]) {
      same_line_if_fits(MM_ICON_DOWNLOAD " CSV");
      if (ImGui::Button(MM_ICON_DOWNLOAD " CSV") && ui.download) ui.download("scenario-series.csv", series_csv(form));
      ui.widgets.name_last_item("scenarios.export_csv");
      same_line_if_fits(MM_ICON_DOWNLOAD " JSON");
      if (ImGui::Button(MM_ICON_DOWNLOAD " JSON") && ui.download) {
        json out = {{"scenario", form.ran_doc}, {"a", form.result[0]->to_json()}};
        if (form.result[1]) out["b"] = form.result[1]->to_json(), out["comparison"] = form.comparison;
        ui.download("scenario.json", out.dump(2));
      }
      ui.widgets.name_last_item("scenarios.export_json");
    }
  }
  if (!form.notice.empty()) {
    ImGui::TextWrapped("%s", form.notice.c_str());
    ui.widgets.name_last_item("scenarios.notice");
  }
  for (const auto& [field, message] : form.fields) {
    ImGui::TextColored(kErrorColor, "%s: %s", field.c_str(), message.c_str());
    ui.widgets.name_last_item("scenarios.error." + field);
  }
  draw_results(ui);
  ImGui::EndChild();
}

app::json scenarios_state(const UiContext& ui) {
  const ScenariosForm& form = ui.scenarios;
  json out = {{"compare", form.compare},
              {"a", form.doc[0]},
              {"b", form.doc[1]},
              {"running", form.busy()},
              {"progress", progress(form)},
              {"fields", form.fields},
              {"share_error", form.share_error},
              {"hovered", form.hovered_text},
              {"run_ms", form.run_ms},
              {"notice", form.notice}};
  for (int side = 0; side < 2; ++side)
    out[std::string("result_") + kSide[side]] =
        form.result[side] ? json{{"fingerprint", form.result[side]->fingerprint}, {"days", form.result[side]->days},
                                 {"totals", form.result[side]->totals}}
                          : json(nullptr);
  out["comparison"] = form.comparison;
  return out;
}

}  // namespace mm::ui
