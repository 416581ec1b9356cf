// #/builders — Builders mode: list a model of your own (every field checked, with its message next to it)
// and follow your listings: calls, tokens, revenue, a chart of revenue per day, and their prices.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <cstdlib>

#include "core/ledger.h"
#include "core/listing.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr int kChartDays = 14;
const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);

// A whole number typed by a person, or -1 when it is not one.
std::int64_t parse_whole(const std::string& text) {
  const std::string trimmed = core::trim(text);
  if (trimmed.empty() || trimmed.size() > 12) return -1;
  char* end = nullptr;
  const long long value = std::strtoll(trimmed.c_str(), &end, 10);
  return *end == '\0' && value >= 0 ? value : -1;
}

core::ListingDraft draft_of(const ListingForm& form) {
  core::ListingDraft d;
  d.name = core::trim(form.name);
  d.slug = form.slug;
  d.category = form.category;
  d.tags = core::split_tags(form.tags);
  d.price_per_1k_ucr = core::parse_ucr(core::trim(form.price)).value_or(-1);
  // Empty: the same as the price (0); anything else must read as an amount.
  d.input_per_1k_ucr = core::trim(form.input_price).empty() ? 0 : core::parse_ucr(core::trim(form.input_price)).value_or(-1);
  d.output_per_1k_ucr = core::trim(form.output_price).empty() ? 0 : core::parse_ucr(core::trim(form.output_price)).value_or(-1);
  d.latency_ms = parse_whole(form.latency);
  d.description = core::trim(form.description);
  return d;
}

app::Command list_command(const core::ListingDraft& d) {
  return app::Command::make("listModel", {{"name", d.name},
                                          {"slug", d.slug},
                                          {"category", d.category},
                                          {"tags", d.tags},
                                          {"price_per_1k_ucr", d.price_per_1k_ucr},
                                          {"input_per_1k_ucr", d.input_per_1k_ucr},
                                          {"output_per_1k_ucr", d.output_per_1k_ucr},
                                          {"latency_ms", d.latency_ms},
                                          {"description", d.description}});
}

// After a field (once the person tried to list): what is wrong with it.
void field_error(UiContext& ui, const core::FieldErrors& errors, const char* field) {
  const auto it = errors.find(field);
  if (!ui.listing.show_errors || it == errors.end()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", it->second.c_str());
  ImGui::PopStyleColor();
  ui.widgets.name_last_item(std::string("builders.error.") + field);
}

// One labelled text field of the form, named builders.<name> for locate(), with its message under it.
// True when the text changed this frame.
bool form_field(UiContext& ui, const core::FieldErrors& errors, const char* label, const char* name, const char* hint,
                std::string& text, const char* field) {
  muted_wrapped(label);
  const bool changed = input_text_with_hint((std::string("##") + name).c_str(), hint, &text);
  ui.widgets.name_last_item(std::string("builders.") + name);
  field_error(ui, errors, field);
  return changed;
}

void draw_form(const app::AppState& state, UiContext& ui) {
  ListingForm& form = ui.listing;
  if (!form.slug_edited) form.slug = core::slug_from_name(form.name);
  const core::ListingDraft draft = draft_of(form);
  const core::FieldErrors errors =
      core::validate_listing(draft, [&](const std::string& slug) { return state.find_model(slug) != nullptr; });

  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("List a model");
  ImGui::PopFont();
  ImGui::TextWrapped("It appears in the market at once, owned by you. Every paid call on it earns you its cost minus "
                     "the platform fee.");
  ImGui::PushItemWidth(-1);

  form_field(ui, errors, "Name", "name", "Tiny Poet", form.name, "name");
  if (form_field(ui, errors, "Slug (its address: #/model/<slug>)", "slug", "tiny-poet", form.slug, "slug"))
    form.slug_edited = !form.slug.empty();

  muted_wrapped("Category");
  if (ImGui::BeginCombo("##category", form.category.c_str())) {
    for (const std::string& category : core::listing_categories()) {
      if (ImGui::Selectable(category.c_str(), category == form.category)) form.category = category;
      ui.widgets.name_last_item("builders.category." + category);
    }
    ImGui::EndCombo();
  }
  ui.widgets.name_last_item("builders.category");
  field_error(ui, errors, "category");

  form_field(ui, errors, "Tags, separated by commas", "tags", "poetry, small", form.tags, "tags");
  form_field(ui, errors, "Price per 1K tokens, in dollars", "price", "0.002", form.price, "price_per_1k_ucr");
  form_field(ui, errors, "Prompt tokens per 1K, for answers from an endpoint (empty: the price)", "input_price", "same as the price",
             form.input_price, "input_per_1k_ucr");
  form_field(ui, errors, "Reply tokens per 1K (empty: the price)", "output_price", "same as the price", form.output_price,
             "output_per_1k_ucr");
  form_field(ui, errors, "Latency, in milliseconds", "latency", "400", form.latency, "latency_ms");

  muted_wrapped("Description");
  input_text_multiline("##description", &form.description, ImVec2(-1, 90));
  ui.widgets.name_last_item("builders.description");
  field_error(ui, errors, "description");
  ImGui::PopItemWidth();

  ImGui::Spacing();
  if (ImGui::Button(MM_ICON_PLUS "  List this model")) {
    form.show_errors = true;
    if (errors.empty()) {
      const std::string name = draft.name;
      ui.emit(list_command(draft), "Listed " + name + ": it is in the market now.",
              [](UiContext& ui, const app::Result& result) {
                if (!result.ok) return;
                ui.listing = ListingForm{};  // a clean form for the next one
                ui.listing.selected = result.data.value("slug", "");
              });
    }
  }
  ui.widgets.name_last_item("builders.submit");
  if (form.show_errors && !errors.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(kErrorColor, "Fix %d field%s to list it.", int(errors.size()), errors.size() == 1 ? "" : "s");
    ui.widgets.name_last_item("builders.invalid");
  }
}

std::vector<core::Micros> revenue_per_day(const core::ModelActivity* live, std::int64_t now_ms) {
  std::vector<core::Micros> days(kChartDays, 0);
  if (!live) return days;
  const std::int32_t today = core::day_of(now_ms);
  for (const auto& [day, amount] : live->revenue_by_day) {
    const std::int32_t back = today - day;
    if (back >= 0 && back < kChartDays) days[static_cast<std::size_t>(kChartDays - 1 - back)] += amount;
  }
  return days;
}

// Where the listing's answers come from: an OpenAI-compatible server (llama.cpp's llama-server, Ollama, vLLM,
// LM Studio, a hosted provider). Saved on this device only; the key is masked and never exported.
void draw_endpoint(const app::AppState& state, UiContext& ui, const core::Model& model) {
  EndpointForm& form = ui.endpoint;
  const auto saved = state.endpoints.find(model.slug);
  if (form.for_slug != model.slug) {
    form = EndpointForm{};
    form.for_slug = model.slug;
    if (saved != state.endpoints.end()) {
      form.base_url = saved->second.base_url;
      form.model = saved->second.model;
      form.max_output = std::to_string(saved->second.max_output_tokens);
    }
  }
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Endpoint");
  ImGui::PopFont();
  muted_wrapped(saved == state.endpoints.end()
                    ? "None: the model page answers with a simulated reply. Point it at an OpenAI-compatible server to "
                      "answer for real (kept on this device only)."
                    : "Answers come from " + saved->second.base_url + " (model \"" + saved->second.model +
                          "\"), billed by the tokens it reports.");
  ImGui::PushItemWidth(std::min(ImGui::GetContentRegionAvail().x, 420.0f));
  input_text_with_hint("##endpoint_url", "http://localhost:8080/v1", &form.base_url);
  ui.widgets.name_last_item("builders.endpoint.base_url");
  input_text_with_hint("##endpoint_model", "model id, e.g. llama3.2", &form.model);
  ui.widgets.name_last_item("builders.endpoint.model");
  const bool has_key = saved != state.endpoints.end() && !saved->second.api_key.empty();
  const std::string key_hint =
      has_key && !form.remove_key ? "key saved: " + app::endpoint_public(saved->second).value("key_hint", "") + " (type to replace)"
                                  : "API key (optional)";
  input_text_with_hint("##endpoint_key", key_hint.c_str(), &form.api_key, ImGuiInputTextFlags_Password);
  ui.widgets.name_last_item("builders.endpoint.api_key");
  ImGui::PopItemWidth();
  if (has_key) {
    ImGui::Checkbox("remove the key", &form.remove_key);
    ui.widgets.name_last_item("builders.endpoint.remove_key");
  }
  ImGui::SetNextItemWidth(120);
  input_text("##endpoint_max", &form.max_output, ImGuiInputTextFlags_CharsDecimal);
  ui.widgets.name_last_item("builders.endpoint.max_output");
  ImGui::SameLine();
  ImGui::TextUnformatted("reply tokens at most");
  if (ImGui::Button("Save endpoint")) {
    app::json cmd = {{"slug", model.slug}, {"base_url", form.base_url}, {"model", form.model},
                {"max_output_tokens", parse_whole(form.max_output)}};
    if (!form.api_key.empty() || form.remove_key) cmd["api_key"] = form.remove_key ? "" : form.api_key;
    ui.emit(app::Command::make("setEndpoint", cmd), model.name + " now answers from its endpoint.",
            [](UiContext& ui, const app::Result& result) {
              if (!result.ok) return;
              ui.endpoint.api_key.clear();  // never kept in a field once saved
              ui.endpoint.remove_key = false;
              if (result.data.value("key_removed", false)) ui.toast(result.data.value("message", ""), false);
            });
  }
  ui.widgets.name_last_item("builders.endpoint.save");
  if (saved != state.endpoints.end()) {
    ImGui::SameLine();
    if (ImGui::Button("Test connection")) ui.emit(app::Command::make("testEndpoint", {{"slug", model.slug}}), "");
    ui.widgets.name_last_item("builders.endpoint.test");
    ImGui::SameLine();
    if (ImGui::Button("Remove")) {
      ui.emit(app::Command::make("removeEndpoint", {{"slug", model.slug}}), model.name + " answers simulated again.",
              [](UiContext& ui, const app::Result& result) {
                if (result.ok) ui.endpoint.for_slug.clear();  // refilled from what is saved
              });
    }
    ui.widgets.name_last_item("builders.endpoint.remove");
    if (const auto tested = state.endpoint_tests.find(model.slug); tested != state.endpoint_tests.end()) {
      const bool ok = tested->second.value("ok", false);
      ImGui::PushStyleColor(ImGuiCol_Text, ok ? palette().accent : kErrorColor);
      ImGui::TextWrapped("%s", tested->second.value("message", "").c_str());
      ImGui::PopStyleColor();
      ui.widgets.name_last_item("builders.endpoint.test_result");
    }
  }
}

void draw_selected(const app::AppState& state, UiContext& ui, const core::Model& model) {
  ListingForm& form = ui.listing;
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted(model.name.c_str());
  ImGui::PopFont();
  ImGui::SameLine();
  if (ImGui::SmallButton("Open in the market")) ui.emit(app::Command::navigate("/model/" + model.slug));
  ui.widgets.name_last_item("builders.open");

  muted_wrapped("Price per 1K tokens, in dollars (a standard price; calls already made keep what they were billed)");
  ImGui::SetNextItemWidth(160);
  input_text_with_hint("##new_price", core::format_ucr(model.price_per_1k_ucr).c_str(), &form.new_price);
  ui.widgets.name_last_item("builders.new_price");
  ImGui::SameLine();
  const std::optional<core::Micros> price = core::parse_ucr(core::trim(form.new_price));
  const bool valid = price && *price >= 1 && *price <= core::kMaxListingPriceUcr;
  ImGui::BeginDisabled(!valid || *price == model.price_per_1k_ucr);
  if (ImGui::Button("Change price")) {
    ui.emit(app::Command::make("setListingPrice", {{"slug", model.slug}, {"price_per_1k_ucr", *price}}),
            model.name + " now costs " + core::format_ucr(*price) + " per 1K tokens.",
            [](UiContext& ui, const app::Result& result) {
              if (result.ok) ui.listing.new_price.clear();
            });
  }
  ImGui::EndDisabled();
  ui.widgets.name_last_item("builders.set_price");
  if (!form.new_price.empty() && !valid) {
    ImGui::TextColored(kErrorColor, "The price per 1K tokens is from $0.000001 to $1.00.");
    ui.widgets.name_last_item("builders.error.new_price");
  }

  ImGui::Spacing();
  ImGui::TextDisabled("Revenue per day (after the platform fee)");
  const std::vector<core::Micros> days = revenue_per_day(state.ledger.model_activity(model.slug), ui.now_ms);
  bar_chart(days, 110.0f, recent_days_axes(days.size(), ui.now_ms));
  ui.widgets.name_last_item("builders.chart");
  draw_endpoint(state, ui, model);
  draw_listing_plans(state, ui, model);
}

void draw_listings(const app::AppState& state, UiContext& ui) {
  const std::string& me = state.prefs.profile_id;
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("My listings");
  ImGui::PopFont();
  ImGui::TextDisabled("Revenue earned: ");
  ImGui::SameLine(0, 0);
  ImGui::TextColored(palette().accent, "%s", core::format_ucr(state.ledger.balance(core::revenue_account(me))).c_str());
  ui.widgets.name_last_item("builders.revenue");
  const core::RevenueBySource earned = state.ledger.revenue_by_source(core::revenue_account(me));
  ImGui::TextDisabled("from calls %s  \xC2\xB7  bundles %s  \xC2\xB7  subscriptions %s", core::format_ucr(earned.calls_ucr).c_str(),
                      core::format_ucr(earned.bundles_ucr).c_str(), core::format_ucr(earned.subscriptions_ucr).c_str());
  ui.widgets.name_last_item("builders.revenue_by_source");

  std::vector<const core::Model*> mine;
  for (const core::Model& m : state.ledger.listings())
    if (m.owner_profile == me) mine.push_back(&m);
  if (mine.empty()) {
    ImGui::TextWrapped("Nothing listed yet. Fill in the form to list your first model.");
    return;
  }
  if (ui.listing.selected.empty() || !state.ledger.listing(ui.listing.selected)) ui.listing.selected = mine.back()->slug;

  if (ImGui::BeginTable("builders.listings", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                                    ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("Price / 1K");
    ImGui::TableSetupColumn("Calls");
    ImGui::TableSetupColumn("Tokens");
    ImGui::TableSetupColumn("Revenue");
    ImGui::TableHeadersRow();
    for (const core::Model* m : mine) {
      const core::ModelActivity* live = state.ledger.model_activity(m->slug);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool selected = ui.listing.selected == m->slug;
      if (ImGui::Selectable(m->name.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns) && !selected) {
        ui.listing.selected = m->slug;
        ui.listing.new_price.clear();
      }
      ui.widgets.name_last_item("builders.listing." + m->slug);
      ImGui::TableNextColumn();
      ImGui::Text("%s%s", m->charge_model ? "from " : "", core::format_ucr(m->price_per_1k_ucr).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(with_thousands(live ? live->calls : 0).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(with_thousands(live ? live->tokens : 0).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(core::format_ucr(live ? live->revenue_ucr : 0).c_str());
      ui.widgets.name_last_item("builders.listing_revenue." + m->slug);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (const core::Model* selected = state.ledger.listing(ui.listing.selected)) draw_selected(state, ui, *selected);
}

}  // namespace

void draw_builders(const app::AppState& state, UiContext& ui) {
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Builders");
  ImGui::PopFont();
  ui.widgets.name_last_item("builders.title");
  if (!state.ledger.profile(state.prefs.profile_id)) {
    ImGui::TextWrapped("Sign in to list your own models and earn simulated revenue when others use them.");
    if (ImGui::Button(MM_ICON_USER "  Sign in")) ask_to_sign_in(state, ui);
    ui.widgets.name_last_item("builders.signin");
    return;
  }
  // Side by side when there is room, one above the other on narrow screens.
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool wide = avail >= 980.0f;
  ImGui::BeginChild("builders.form", ImVec2(wide ? std::min(480.0f, avail * 0.42f) : 0, wide ? 0 : 0), false);
  draw_form(state, ui);
  if (!wide) {
    ImGui::Separator();
    draw_listings(state, ui);
  }
  ImGui::EndChild();
  if (wide) {
    ImGui::SameLine(0, 32);
    ImGui::BeginChild("builders.listings_panel", ImVec2(0, 0), false);
    draw_listings(state, ui);
    ImGui::EndChild();
  }
}

}  // namespace mm::ui
