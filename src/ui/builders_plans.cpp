// Builders mode, for the selected listing: how it is priced (pick a charge model and edit its tiers or
// package, every bad field with its message), token bundles to offer on it, and subscription plans covering
// it or all of one's models. Amounts are typed in dollars; the commands carry µcr.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include <cstdlib>

#include "core/charge_model.h"
#include "core/listing.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {

using nlohmann::json;

json typed_dollars(const std::string& text) {
  const std::optional<core::Micros> value = core::parse_ucr(core::trim(text));
  return value ? json(*value) : json(text);
}
json typed_whole(const std::string& text) {
  const std::string trimmed = core::trim(text);
  char* end = nullptr;
  const long long value = std::strtoll(trimmed.c_str(), &end, 10);
  // Bounded, so the form's own arithmetic (a tier's next start, percent to basis points) cannot overflow;
  // anything larger is out of every field's range and goes as text, to be refused with its field's message.
  const bool fits = !trimmed.empty() && *end == '\0' && value >= 0 && value <= 1'000'000'000'000'000LL;
  return fits ? json(value) : json(trimmed);
}

namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
const char* const kTypes[] = {"standard", "graduated", "volume", "package"};
json dollars(const std::string& text) { return typed_dollars(text); }
json whole(const std::string& text) { return typed_whole(text); }

}  // namespace

void fill_plans_form(PlansForm& form, const core::Model& model) {
  const core::ChargeModel charge = core::charge_model_of(model);
  form = PlansForm{};
  form.tiers.clear();  // (the defaults are for a form never filled)
  form.for_slug = model.slug;
  form.type = static_cast<int>(charge.type);
  form.price = core::format_ucr(model.price_per_1k_ucr).substr(1);
  for (const core::ChargeRange& range : charge.ranges)
    form.tiers.push_back({range.to_tokens ? std::to_string(*range.to_tokens) : "", core::format_ucr(range.per_1k_ucr).substr(1),
                          core::format_ucr(range.flat_ucr).substr(1)});
  if (form.tiers.empty()) form.tiers = {{"100000", form.price, "0"}, {"", form.price, "0"}};
  if (charge.type == core::ChargeModel::Type::Package) {
    form.package_tokens = std::to_string(charge.package_tokens);
    form.package_price = core::format_ucr(charge.package_ucr).substr(1);
    form.free_tokens = std::to_string(charge.free_tokens);
  }
}

json charge_model_of_form(const PlansForm& form) {
  json doc = {{"type", kTypes[form.type]}};
  if (form.type == 0) doc["price_per_1k_ucr"] = dollars(form.price);
  if (form.type == 1 || form.type == 2) {
    json ranges = json::array();
    json from = 0;
    for (std::size_t i = 0; i < form.tiers.size(); ++i) {
      const bool last = i + 1 == form.tiers.size();
      const json to = last ? json(nullptr) : whole(form.tiers[i].to_tokens);
      ranges.push_back({{"from_tokens", from}, {"to_tokens", to}, {"per_1k_ucr", dollars(form.tiers[i].per_1k)},
                        {"flat_ucr", dollars(form.tiers[i].flat)}});
      from = to.is_number_integer() ? json(to.get<std::int64_t>() + 1) : json(nullptr);
    }
    doc["ranges"] = ranges;
  }
  if (form.type == 3) {
    doc["package_tokens"] = whole(form.package_tokens);
    doc["package_ucr"] = dollars(form.package_price);
    doc["free_tokens"] = whole(form.free_tokens);
  }
  return doc;
}

namespace {

void error_of(UiContext& ui, const std::map<std::string, std::string>& errors, const std::string& field, bool show,
              const std::string& prefix) {
  const auto it = errors.find(field);
  if (!show || it == errors.end()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", it->second.c_str());
  ImGui::PopStyleColor();
  ui.widgets.name_last_item(prefix + "error." + field);
}

}  // namespace

bool small_field(UiContext& ui, const char* label, const std::string& widget, std::string& text, float width) {
  ImGui::SetNextItemWidth(width);
  const bool changed = input_text((std::string(label) + "##" + widget).c_str(), &text);
  ui.widgets.name_last_item(widget);
  return changed;
}

ChargeModelDraft edit_charge_model(UiContext& ui, PlansForm& form, const std::string& prefix) {
  for (int type = 0; type < 4; ++type) {
    if (type) ImGui::SameLine();
    if (ImGui::RadioButton((std::string(kTypes[type]) + "##" + prefix).c_str(), form.type == type)) form.type = type;
    ui.widgets.name_last_item(prefix + "type." + kTypes[type], Role::Radio, "", form.type == type);
  }
  ChargeModelDraft draft;
  draft.doc = charge_model_of_form(form);
  draft.parsed = core::parse_charge_model(draft.doc);
  const core::ChargeModelErrors& errors = draft.parsed.errors;
  auto field = [&](const char* label, const std::string& name, std::string& text, float width = 120) {
    small_field(ui, label, prefix + name, text, width);
  };
  auto error = [&](const std::string& name) { error_of(ui, errors, name, form.show_errors, prefix); };
  if (form.type == 0) {
    field("per 1K tokens ($)", "price", form.price);
    error("price_per_1k_ucr");
  } else if (form.type == 1 || form.type == 2) {
    muted_wrapped(form.type == 1 ? "Each tier's tokens are priced at its rate; a tier's flat fee is paid once a month, on "
                                   "entering it. Tokens count per buyer and calendar month (UTC)."
                                 : "All of a month's tokens are priced at the rate of the tier reached; moving into a "
                                   "cheaper tier credits the month's earlier tokens back.");
    std::int64_t from = 0;
    for (std::size_t i = 0; i < form.tiers.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      const bool last = i + 1 == form.tiers.size();
      ImGui::AlignTextToFramePadding();
      ImGui::Text("From %s to", with_thousands(from).c_str());
      ImGui::SameLine();
      if (last) {
        ImGui::TextUnformatted("any number");
      } else {
        field("", "tier" + std::to_string(i) + ".to", form.tiers[i].to_tokens, 110);
      }
      ImGui::SameLine();
      field("$ per 1K", "tier" + std::to_string(i) + ".per_1k", form.tiers[i].per_1k, 90);
      ImGui::SameLine();
      field("$ flat", "tier" + std::to_string(i) + ".flat", form.tiers[i].flat, 80);
      const std::string at = "ranges[" + std::to_string(i) + "].";
      for (const char* name : {"to_tokens", "per_1k_ucr", "flat_ucr", "from_tokens"}) error(at + name);
      const json to = whole(form.tiers[i].to_tokens);
      if (to.is_number_integer()) from = to.get<std::int64_t>() + 1;
      ImGui::PopID();
    }
    error("ranges");
    ImGui::BeginDisabled(form.tiers.size() >= core::kMaxChargeRanges);
    if (ImGui::SmallButton("Add a tier")) {
      PlansForm::Tier added = form.tiers.back();
      form.tiers.back().to_tokens = std::to_string(std::max<std::int64_t>(from, 1) * 10);
      form.tiers.push_back(added);
    }
    ImGui::EndDisabled();
    ui.widgets.name_last_item(prefix + "add_tier");
    ImGui::SameLine();
    ImGui::BeginDisabled(form.tiers.size() <= 1);
    if (ImGui::SmallButton("Remove the last tier")) form.tiers.pop_back();
    ImGui::EndDisabled();
    ui.widgets.name_last_item(prefix + "remove_tier");
  } else {
    field("tokens per package", "package_tokens", form.package_tokens);
    error("package_tokens");
    field("$ per package", "package_price", form.package_price);
    error("package_ucr");
    field("free tokens a month", "free_tokens", form.free_tokens);
    error("free_tokens");
  }
  return draft;
}

namespace {

void draw_charge_model_editor(UiContext& ui, const core::Model& model) {
  PlansForm& form = ui.plans;
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("How it is priced");
  ImGui::PopFont();
  const ChargeModelDraft draft = edit_charge_model(ui, form, "builders.plans.");
  const core::ParsedChargeModel& parsed = draft.parsed;
  const core::ChargeModelErrors& errors = parsed.errors;
  const json& doc = draft.doc;
  const bool unchanged = parsed.model && *parsed.model == core::charge_model_of(model);
  ImGui::BeginDisabled(unchanged);
  if (ImGui::Button("Apply this pricing")) {
    form.show_errors = true;
    if (parsed.model)
      ui.emit(app::Command::make("setChargeModel", {{"slug", model.slug}, {"charge_model", doc}}),
              model.name + " is now priced: " + describe_charge_model(*parsed.model) + ".");
  }
  ImGui::EndDisabled();
  ui.widgets.name_last_item("builders.plans.apply");
  if (form.show_errors && !errors.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(kErrorColor, "Fix %d field%s first.", int(errors.size()), errors.size() == 1 ? "" : "s");
  }
  muted_wrapped("Calls already made keep what they were billed; this month's tokens count towards the new tiers.");
}

void draw_offers(const app::AppState& state, UiContext& ui, const core::Model& model) {
  PlansForm& form = ui.plans;
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Token bundles");
  ImGui::PopFont();
  for (const core::BundleOffer& offer : state.ledger.bundle_offers())
    if (offer.slug == model.slug)
      ImGui::BulletText("%s tokens for %s, valid %s days", with_thousands(offer.tokens).c_str(),
                        core::format_ucr(offer.price_ucr).c_str(), with_thousands(offer.valid_days).c_str());
  small_field(ui, "tokens", "builders.plans.bundle_tokens", form.bundle_tokens, 110);
  ImGui::SameLine();
  small_field(ui, "$", "builders.plans.bundle_price", form.bundle_price, 80);
  ImGui::SameLine();
  small_field(ui, "days", "builders.plans.bundle_days", form.bundle_days, 60);
  ImGui::SameLine();
  if (ImGui::SmallButton("Offer this bundle"))
    ui.emit(app::Command::make("offerBundle", {{"slug", model.slug},
                                               {"tokens", whole(form.bundle_tokens)},
                                               {"price_ucr", dollars(form.bundle_price)},
                                               {"valid_days", whole(form.bundle_days)}}),
            "Bundle offered on " + model.name + ".");
  ui.widgets.name_last_item("builders.plans.offer_bundle");

  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Subscription plans");
  ImGui::PopFont();
  for (const core::PlanOffer& plan : state.ledger.plan_offers())
    if (plan.offered_by == state.prefs.profile_id && !plan.platform)
      ImGui::BulletText("%s: %s a month, %s tokens included%s", plan.name.c_str(), core::format_ucr(plan.fee_ucr).c_str(),
                        with_thousands(plan.included_tokens).c_str(), plan.all_models ? ", all your models" : "");
  small_field(ui, "name", "builders.plans.plan_name", form.plan_name, 140);
  ImGui::SameLine();
  small_field(ui, "$ a month", "builders.plans.plan_fee", form.plan_fee, 80);
  small_field(ui, "tokens included", "builders.plans.plan_tokens", form.plan_tokens, 110);
  ImGui::SameLine();
  small_field(ui, "% off beyond", "builders.plans.plan_discount", form.plan_discount, 50);
  ImGui::SameLine();
  small_field(ui, "trial days", "builders.plans.plan_trial", form.plan_trial, 50);
  ImGui::Checkbox("covers all my models (else only this one)", &form.plan_all_models);
  ui.widgets.name_last_item("builders.plans.plan_all");
  const json percent = whole(form.plan_discount);
  if (ImGui::SmallButton("Offer this plan"))
    ui.emit(app::Command::make("offerPlan", {{"name", form.plan_name},
                                             {"fee_ucr", dollars(form.plan_fee)},
                                             {"included_tokens", whole(form.plan_tokens)},
                                             {"models", form.plan_all_models ? json("all") : json::array({model.slug})},
                                             {"overage_discount_bps", percent.is_number_integer() ? json(percent.get<std::int64_t>() * 100) : percent},
                                             {"trial_days", whole(form.plan_trial)}}),
            "Plan " + core::trim(form.plan_name) + " offered.");
  ui.widgets.name_last_item("builders.plans.offer_plan");
}

}  // namespace

void draw_listing_plans(const app::AppState& state, UiContext& ui, const core::Model& model) {
  if (ui.plans.for_slug != model.slug) fill_plans_form(ui.plans, model);
  ImGui::Spacing();
  ImGui::Separator();
  draw_charge_model_editor(ui, model);
  draw_offers(state, ui, model);
}

}  // namespace mm::ui
