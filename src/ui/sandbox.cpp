// #/simulate — the monetization sandbox: try a price, tokens per call, starting credits, a platform fee and a
// minimum charge, and see what one call and a run of calls would do. Its settings are its own: the
// marketplace's policy changes only when "Apply to the marketplace" is pressed. "Run it" makes one real call
// through the ledger and puts the preview next to what the ledger billed.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/ledger.h"
#include "core/listing.h"
#include "core/pricing.h"
#include "core/pricing_shapes.h"
#include "ui/charts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

const ImVec4 kErrorColor(1.0f, 0.45f, 0.42f, 1.0f);
constexpr std::int64_t kSliderMinUcr = 1, kSliderMaxUcr = core::kMaxListingPriceUcr;

std::string describe(const core::PricingPolicy& p) {
  return "platform fee of " + format_percent_bps(p.platform_fee_bps) + " and " +
         (p.min_charge_ucr > 0 ? "a minimum charge of " + core::format_ucr(p.min_charge_ucr) + " per call"
                               : "no minimum charge");
}

core::Micros signed_in_balance(const app::AppState& state) {
  return state.ledger.balance(core::wallet_account(state.prefs.profile_id));
}

// The sandbox's inputs as the preview takes them; `problem` says which typed amount cannot be read.
core::SandboxInputs inputs_of(const app::AppState& state, const SandboxForm& form, std::string& problem) {
  core::SandboxInputs in;
  in.price_per_1k_ucr = form.price_per_1k_ucr;
  in.tokens = form.tokens;
  in.policy.platform_fee_bps = form.fee_percent * 100;
  const bool use_balance = !form.custom_start && state.ledger.profile(state.prefs.profile_id);
  if (use_balance) {
    in.starting_ucr = signed_in_balance(state);
  } else if (const auto amount = core::parse_ucr(core::trim(form.start_text)); amount && *amount >= 0) {
    in.starting_ucr = *amount;
  } else {
    problem = "Type the starting credits as an amount from 0.00 to 9,223,372,036,854.775807, e.g. 25.00.";
  }
  if (form.min_charge) {
    const auto minimum = core::parse_ucr(core::trim(form.min_charge_text));
    if (minimum && *minimum >= 0 && *minimum <= core::kMaxMinChargeUcr) in.policy.min_charge_ucr = *minimum;
    else problem = "Type the minimum charge as an amount from 0.00 to 1.00.";
  }
  return in;
}

void figure_row(UiContext& ui, const char* label, const std::string& value, const std::string& widget) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
  ui.widgets.name_last_item(widget);
}

void draw_inputs(const app::AppState& state, UiContext& ui) {
  SandboxForm& form = ui.sandbox;
  const bool signed_in = state.ledger.profile(state.prefs.profile_id) != nullptr;
  ImGui::PushItemWidth(-1);

  muted_wrapped("Price per 1K tokens (drag, or type the exact amount below)");
  const std::string slider_text = core::format_ucr(form.price_per_1k_ucr) + " per 1K tokens";
  ImGui::SliderScalar("##price_slider", ImGuiDataType_S64, &form.price_per_1k_ucr, &kSliderMinUcr, &kSliderMaxUcr,
                      slider_text.c_str(), ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  ui.widgets.name_last_item("sandbox.price_slider", Role::Slider, "Price per 1K tokens");
  if (input_text("##price", &form.price_text)) {
    const auto typed = core::parse_ucr(core::trim(form.price_text));
    if (typed && *typed >= kSliderMinUcr && *typed <= kSliderMaxUcr) form.price_per_1k_ucr = *typed;
  }
  const bool editing_price = ImGui::IsItemActive();
  ui.widgets.name_last_item("sandbox.price");
  if (!editing_price) form.price_text = core::format_ucr(form.price_per_1k_ucr);
  const auto typed = core::parse_ucr(core::trim(form.price_text));
  if (editing_price && !(typed && *typed >= kSliderMinUcr && *typed <= kSliderMaxUcr))
    ImGui::TextColored(kErrorColor, "The price is from $0.000001 to $1.00 per 1K tokens.");

  muted_wrapped("Tokens per call");
  if (ImGui::InputInt("##tokens", &form.tokens, 100, 1000))
    form.tokens = std::max(1, std::min(form.tokens, static_cast<int>(core::kMaxTokensPerCall)));
  ui.widgets.name_last_item("sandbox.tokens");

  muted_wrapped("Starting credits");
  ImGui::BeginDisabled(!signed_in);
  const std::string balance_label = signed_in ? "My balance (" + core::format_ucr(signed_in_balance(state)) + ")"
                                              : std::string("My balance (sign in)");
  const float both = ImGui::CalcTextSize((balance_label + "A custom amount").c_str()).x + 6 * ImGui::GetFrameHeight();
  const bool one_row = ImGui::GetContentRegionAvail().x >= both;
  if (ImGui::RadioButton(balance_label.c_str(), signed_in && !form.custom_start)) form.custom_start = false;
  ui.widgets.name_last_item("sandbox.start.balance", Role::Radio, "", signed_in && !form.custom_start);
  ImGui::EndDisabled();
  if (one_row) ImGui::SameLine();
  if (ImGui::RadioButton("A custom amount", form.custom_start || !signed_in)) form.custom_start = true;
  ui.widgets.name_last_item("sandbox.start.custom", Role::Radio, "", form.custom_start || !signed_in);
  if (form.custom_start || !signed_in) {
    input_text_with_hint("##start", "25.00", &form.start_text);
    ui.widgets.name_last_item("sandbox.start_amount");
  }

  muted_wrapped("Platform fee (sandbox setting)");
  ImGui::SliderInt("##fee", &form.fee_percent, 0, 100, "%d%% to the platform", ImGuiSliderFlags_AlwaysClamp);
  ui.widgets.name_last_item("sandbox.fee", Role::Slider, "Platform fee");

  ImGui::Checkbox("Minimum charge per call (sandbox setting)", &form.min_charge);
  ui.widgets.name_last_item("sandbox.min_charge");
  if (form.min_charge) {
    input_text_with_hint("##min_charge", "0.01", &form.min_charge_text);
    ui.widgets.name_last_item("sandbox.min_charge_amount");
  }
  ImGui::PopItemWidth();

  // The marketplace's own policy: shown, and changed only on purpose.
  ImGui::Spacing();
  ImGui::Separator();
  const core::PricingPolicy& market = state.ledger.pricing();
  ImGui::TextWrapped("The marketplace bills every real call with a %s.", describe(market).c_str());
  ui.widgets.name_last_item("sandbox.policy");
  std::string problem;
  const core::PricingPolicy mine = inputs_of(state, form, problem).policy;
  const bool differs = mine.platform_fee_bps != market.platform_fee_bps || mine.min_charge_ucr != market.min_charge_ucr;
  ImGui::BeginDisabled(!signed_in || !differs || !problem.empty());
  if (ImGui::Button("Apply fee and minimum to the marketplace"))
    ui.emit(app::Command::make("applyPricingPolicy",
                               {{"platform_fee_bps", mine.platform_fee_bps}, {"min_charge_ucr", mine.min_charge_ucr}}),
            "From now on every call is billed with a " + describe(mine) + ".");
  ImGui::EndDisabled();
  ui.widgets.name_last_item("sandbox.apply");
  ImGui::BeginDisabled(!differs);
  if (ImGui::Button("Reset the sandbox to the marketplace's policy")) {
    form.fee_percent = market.platform_fee_bps / 100;
    form.min_charge = market.min_charge_ucr > 0;
    form.min_charge_text = core::format_ucr(market.min_charge_ucr);
  }
  ImGui::EndDisabled();
  ui.widgets.name_last_item("sandbox.reset");
}

const core::SandboxPreview& preview_of(SandboxForm::CachedPreview& cache, const core::SandboxInputs& in) {
  const core::SandboxInputs& was = cache.inputs;
  if (!cache.valid || was.price_per_1k_ucr != in.price_per_1k_ucr || was.tokens != in.tokens ||
      was.starting_ucr != in.starting_ucr || was.policy.platform_fee_bps != in.policy.platform_fee_bps ||
      was.policy.min_charge_ucr != in.policy.min_charge_ucr) {
    cache.inputs = in;
    cache.preview = core::preview_calls(in);
    cache.valid = true;
  }
  return cache.preview;
}

void draw_preview(const app::AppState& state, UiContext& ui) {
  std::string problem;
  const core::SandboxInputs in = inputs_of(state, ui.sandbox, problem);
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Preview");
  ImGui::PopFont();
  const core::SandboxPreview& p = preview_of(ui.sandbox.mine, in);
  if (!problem.empty() || !p.problem.empty()) {
    ImGui::TextColored(kErrorColor, "%s", (problem.empty() ? p.problem : problem).c_str());
    ui.widgets.name_last_item("sandbox.problem");
    return;
  }
  if (ImGui::BeginTable("sandbox.figures", 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH)) {
    figure_row(ui, "Cost of one call", core::format_ucr(p.per_call.cost_ucr), "sandbox.preview.cost");
    figure_row(ui, "Credits after one call",
               p.affordable ? core::format_ucr(p.balance_after_one) : "not enough for one call",
               "sandbox.preview.after_one");
    figure_row(ui, "Calls the credits cover", with_thousands(p.calls_covered), "sandbox.preview.calls");
    figure_row(ui, "Owner earns per call", core::format_ucr(p.per_call.owner_ucr), "sandbox.preview.owner");
    figure_row(ui, "Platform earns per call", core::format_ucr(p.per_call.platform_ucr), "sandbox.preview.platform");
    figure_row(ui, "Owner over those calls", core::format_ucr(p.owner_total_ucr), "sandbox.preview.owner_total");
    figure_row(ui, "Platform over those calls", core::format_ucr(p.platform_total_ucr), "sandbox.preview.platform_total");
    ImGui::EndTable();
  }
  ImGui::Spacing();
  muted_wrapped("Balance, call by call");
  // Point i is after i × calls_per_point calls (the last one after every call the credits cover).
  const auto calls_at = [&](std::size_t i) { return std::min(p.calls_covered, std::int64_t(i) * p.calls_per_point); };
  ChartAxes axes;
  axes.x_tick = [&](std::size_t i) { return compact_count(calls_at(i)); };
  axes.x_detail = [&](std::size_t i) { return "after " + with_thousands(calls_at(i)) + " calls"; };
  lines_chart({{"Balance", p.balance_curve}}, 120.0f, axes, true);
  ImGui::TextDisabled("%s", ("From " + core::format_ucr(in.starting_ucr) + " to " + core::format_ucr(p.balance_curve.back()) +
                             " after " + with_thousands(p.calls_covered) + " calls").c_str());
  ui.widgets.name_last_item("sandbox.chart");
}

void draw_run_it(const app::AppState& state, UiContext& ui) {
  SandboxForm& form = ui.sandbox;
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Run it for real");
  ImGui::PopFont();
  const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id);
  if (!mine || mine->owned.empty()) {
    ImGui::TextWrapped(mine ? "Unlock a model in the market (free) to make a real call from here."
                            : "Sign in and unlock a model to make a real call from here.");
    ui.widgets.name_last_item("sandbox.run_unavailable");
    return;
  }
  if (!mine->owned.count(form.run_slug)) form.run_slug = *mine->owned.begin();
  const core::Model* model = state.find_model(form.run_slug);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 360.0f));
  if (ImGui::BeginCombo("##run_model", model ? model->name.c_str() : form.run_slug.c_str())) {
    for (const std::string& slug : mine->owned) {
      const core::Model* option = state.find_model(slug);
      if (option && ImGui::Selectable(option->name.c_str(), slug == form.run_slug)) form.run_slug = slug;
      ui.widgets.name_last_item("sandbox.run_model." + slug);
    }
    ImGui::EndCombo();
  }
  ui.widgets.name_last_item("sandbox.run_model");
  if (!model) return;

  // What the real call will be: this model's price, the sandbox's tokens, the marketplace's policy.
  const core::SandboxInputs real{model->price_per_1k_ucr, form.tokens, signed_in_balance(state), state.ledger.pricing()};
  const core::SandboxPreview& expected = preview_of(form.real, real);
  // A model priced by tiers or packages, or a call drawn from bundles or a subscription, is quoted by the
  // billing engine; a plain pay-as-you-go call is the sandbox's own preview at the marketplace's policy.
  const app::CallQuote& quote = quote_for(state, ui, *model, form.tokens);
  const bool plain = !model->charge_model && quote.sources().empty() && quote.cashback_ucr == 0 &&
                     (!quote.ok() || quote.cost_ucr == expected.per_call.cost_ucr);  // e.g. no overage discount
  if (plain)
    ImGui::TextWrapped("One call of %s tokens on %s at its price of %s per 1K, billed with the marketplace's %s.",
                       with_thousands(form.tokens).c_str(), model->name.c_str(),
                       core::format_ucr(model->price_per_1k_ucr).c_str(), describe(state.ledger.pricing()).c_str());
  else
    ImGui::TextWrapped("One call of %s tokens on %s, priced for you now by its charge model, bundles and subscription: %s.",
                       with_thousands(form.tokens).c_str(), model->name.c_str(), core::format_ucr(quote.cost_ucr).c_str());
  if (ImGui::SmallButton("Preview exactly this call")) {
    form.price_per_1k_ucr = model->price_per_1k_ucr;
    form.custom_start = false;
    form.fee_percent = state.ledger.pricing().platform_fee_bps / 100;
    form.min_charge = state.ledger.pricing().min_charge_ucr > 0;
    form.min_charge_text = core::format_ucr(state.ledger.pricing().min_charge_ucr);
  }
  ui.widgets.name_last_item("sandbox.match");
  const bool affordable = plain ? expected.problem.empty() && expected.affordable : quote.ok();
  ImGui::BeginDisabled(!affordable);
  if (ImGui::Button(MM_ICON_PLAY "  Run it")) {
    SandboxForm::Run run;
    run.slug = model->slug;
    run.tokens = form.tokens;
    run.expected = expected.per_call;
    run.expected_balance = expected.balance_after_one;
    if (!plain) {  // tiers, bundles, a subscription or cashback: what the billing engine quotes
      run.expected = core::CallPrice{quote.cost_ucr, quote.platform_ucr, quote.owner_ucr};
      run.expected_balance = quote.balance_after_ucr;
    }
    ui.emit(app::Command::make("use", {{"slug", model->slug}, {"tokens", form.tokens}}), "",
            [run](UiContext& ui, const app::Result& result) mutable {
              run.done = true;
              run.ok = result.ok;
              run.message = result.message;
              run.actual.cost_ucr = result.data.value("cost_ucr", core::Micros(0));
              run.actual.owner_ucr = result.data.value("owner_ucr", core::Micros(0));
              run.actual.platform_ucr = result.data.value("platform_fee_ucr", core::Micros(0));
              run.actual_balance = result.data.value("balance_ucr", core::Micros(0));
              ui.sandbox.last_run = run;
            });
  }
  ImGui::EndDisabled();
  ui.widgets.name_last_item("sandbox.run");
  if (!affordable) {
    ImGui::SameLine();
    ImGui::TextColored(kErrorColor, "Your balance does not cover this call.");
  }

  const SandboxForm::Run& run = form.last_run;
  if (!run.done) return;
  if (!run.ok) {
    ImGui::TextColored(kErrorColor, "The call was refused: %s", run.message.c_str());
    ui.widgets.name_last_item("sandbox.verdict");
    return;
  }
  if (ImGui::BeginTable("sandbox.compare", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("Preview");
    ImGui::TableSetupColumn("Ledger");
    ImGui::TableHeadersRow();
    const std::tuple<const char*, core::Micros, core::Micros> rows[] = {
        {"Cost", run.expected.cost_ucr, run.actual.cost_ucr},
        {"Owner", run.expected.owner_ucr, run.actual.owner_ucr},
        {"Platform", run.expected.platform_ucr, run.actual.platform_ucr},
        {"Balance after", run.expected_balance, run.actual_balance}};
    for (const auto& [label, preview, ledger] : rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextDisabled("%s", label);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(core::format_ucr(preview).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(core::format_ucr(ledger).c_str());
    }
    ImGui::EndTable();
  }
  const bool agree = run.expected.cost_ucr == run.actual.cost_ucr && run.expected.owner_ucr == run.actual.owner_ucr &&
                     run.expected.platform_ucr == run.actual.platform_ucr && run.expected_balance == run.actual_balance;
  if (agree) ImGui::TextColored(palette().accent, MM_ICON_CHECK "  Preview and ledger agree to the micro-credit.");
  else ImGui::TextColored(kErrorColor, MM_ICON_WARNING "  Preview and ledger differ.");
  ui.widgets.name_last_item("sandbox.verdict");
}

}  // namespace

constexpr std::size_t kShapePoints = 41;

// "Your own shape" as typed: its charge model, bundles and subscription checked by the same validators as
// real offers (one message per bad field), or the fields to fix.
struct CustomShape {
  std::optional<core::PricingShape> shape;
  std::map<std::string, std::string> errors;  // field -> message
  std::string key;                            // every input, to know when to compute again
};

CustomShape custom_shape_of(const SandboxForm& form) {
  CustomShape out;
  const PlansForm& f = form.custom;
  const app::json charge = charge_model_of_form(f);
  const core::ParsedChargeModel parsed = core::parse_charge_model(charge);
  for (const auto& [field, message] : parsed.errors) out.errors[field] = message;
  core::PricingShape shape;
  shape.name = "Your shape";
  if (parsed.model) shape.charge = *parsed.model;
  out.key = charge.dump();
  if (form.custom_bundles) {
    core::BundleOffer bundle;
    const app::json terms = {{"tokens", typed_whole(f.bundle_tokens)}, {"price_ucr", typed_dollars(f.bundle_price)}, {"valid_days", 30}};
    for (const auto& [field, message] : core::read_bundle_offer(terms, bundle)) out.errors["bundle." + field] = message;
    const app::json count = typed_whole(form.custom_bundles_per_month);
    if (!count.is_number_integer() || count.get<std::int64_t>() > 1000)
      out.errors["bundle.per_month"] = "Bundles a month: a whole number from 0 (as many as needed) to 1,000.";
    shape.bundle_tokens = bundle.tokens;
    shape.bundle_ucr = bundle.price_ucr;
    shape.bundles_per_month = count.is_number_integer() ? count.get<std::int64_t>() : 0;
    out.key += " b" + terms.dump() + count.dump();
  }
  if (form.custom_subscription) {
    core::PlanOffer plan;
    const app::json percent = typed_whole(f.plan_discount);
    const app::json terms = {{"name", "Your plan"},
                             {"fee_ucr", typed_dollars(f.plan_fee)},
                             {"included_tokens", typed_whole(f.plan_tokens)},
                             {"models", "all"},
                             {"overage_discount_bps", percent.is_number_integer() ? app::json(percent.get<std::int64_t>() * 100) : percent}};
    for (const auto& [field, message] : core::read_plan_offer(terms, plan)) out.errors["plan." + field] = message;
    shape.fee_ucr = plan.fee_ucr;
    shape.included_tokens = plan.included_tokens;
    shape.overage_discount_bps = plan.overage_discount_bps;
    out.key += " s" + terms.dump();
  }
  if (out.errors.empty()) out.shape = std::move(shape);
  return out;
}

const SandboxForm::Shapes& shapes_of(SandboxForm& form, const CustomShape& custom) {
  SandboxForm::Shapes& cache = form.shapes;
  if (cache.price_per_1k_ucr == form.price_per_1k_ucr && cache.month_tokens == form.month_tokens && cache.custom_key == custom.key)
    return cache;
  cache = SandboxForm::Shapes{form.price_per_1k_ucr, form.month_tokens, custom.key, {}, {}, {}};
  std::vector<core::PricingShape> shapes = core::example_shapes(form.price_per_1k_ucr);
  if (custom.shape) shapes.push_back(*custom.shape);
  for (const core::PricingShape& shape : shapes) {
    cache.names.push_back(shape.name);
    cache.month_costs.push_back(core::month_cost(shape, form.month_tokens).value_or(0));
    std::vector<core::Micros> curve;
    for (std::size_t i = 0; i < kShapePoints; ++i)
      curve.push_back(core::month_cost(shape, form.month_tokens * 2 * std::int64_t(i) / std::int64_t(kShapePoints - 1)).value_or(0));
    cache.curves.push_back(std::move(curve));
  }
  return cache;
}

void field_error(UiContext& ui, const CustomShape& custom, const std::string& field) {
  const auto it = custom.errors.find(field);
  if (it == custom.errors.end()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", it->second.c_str());
  ImGui::PopStyleColor();
  ui.widgets.name_last_item("sandbox.custom.error." + field);
}

// "Your own shape": start from any model's pricing (its charge model, first bundle offer and a plan covering
// it) or type one, with bundles bought each month and a subscription.
CustomShape draw_custom_shape_editor(const app::AppState& state, UiContext& ui) {
  SandboxForm& form = ui.sandbox;
  PlansForm& f = form.custom;
  if (!ImGui::CollapsingHeader("Your own shape##sandbox.custom", ImGuiTreeNodeFlags_DefaultOpen)) {
    ui.widgets.name_last_item("sandbox.custom");
    return custom_shape_of(form);
  }
  ui.widgets.name_last_item("sandbox.custom");
  const core::Model* from = state.find_model(form.custom_from_slug);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 320.0f));
  if (ImGui::BeginCombo("start from a model's pricing##sandbox.custom.from", from ? from->name.c_str() : "(type your own)")) {
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(state.catalog.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const core::Model& model = state.catalog[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        if (ImGui::Selectable(model.name.c_str(), model.slug == form.custom_from_slug)) {
          form.custom_from_slug = model.slug;
          const PlansForm typed = f;
          fill_plans_form(f, model);
          f.bundle_tokens = typed.bundle_tokens, f.bundle_price = typed.bundle_price;
          f.plan_fee = typed.plan_fee, f.plan_tokens = typed.plan_tokens, f.plan_discount = typed.plan_discount;
          form.custom_bundles = form.custom_subscription = false;
          for (const core::BundleOffer& offer : state.ledger.bundle_offers())
            if (offer.slug == model.slug && !form.custom_bundles) {
              form.custom_bundles = true;
              f.bundle_tokens = std::to_string(offer.tokens);
              f.bundle_price = core::format_ucr(offer.price_ucr).substr(1);
            }
          for (const core::PlanOffer& plan : state.ledger.plan_offers())
            if (plan.covers(model.slug, model.owner_profile) && !form.custom_subscription) {
              form.custom_subscription = true;
              f.plan_fee = core::format_ucr(plan.fee_ucr).substr(1);
              f.plan_tokens = std::to_string(plan.included_tokens);
              f.plan_discount = std::to_string(plan.overage_discount_bps / 100);
            }
        }
        ImGui::PopID();
      }
    ImGui::EndCombo();
  }
  ui.widgets.name_last_item("sandbox.custom.from");
  f.show_errors = true;
  edit_charge_model(ui, f, "sandbox.custom.");
  const CustomShape custom = custom_shape_of(form);
  ImGui::Checkbox("Bundles bought each month##sandbox.custom", &form.custom_bundles);
  ui.widgets.name_last_item("sandbox.custom.bundles");
  if (form.custom_bundles) {
    small_field(ui, "tokens", "sandbox.custom.bundle_tokens", f.bundle_tokens, 110);
    ImGui::SameLine();
    small_field(ui, "$ each", "sandbox.custom.bundle_price", f.bundle_price, 80);
    ImGui::SameLine();
    small_field(ui, "a month (0: as needed)", "sandbox.custom.bundles_per_month", form.custom_bundles_per_month, 50);
    for (const char* field : {"bundle.tokens", "bundle.price_ucr", "bundle.per_month"}) field_error(ui, custom, field);
  }
  ImGui::Checkbox("A subscription##sandbox.custom", &form.custom_subscription);
  ui.widgets.name_last_item("sandbox.custom.subscription");
  if (form.custom_subscription) {
    small_field(ui, "$ a month", "sandbox.custom.plan_fee", f.plan_fee, 80);
    ImGui::SameLine();
    small_field(ui, "tokens included", "sandbox.custom.plan_tokens", f.plan_tokens, 110);
    ImGui::SameLine();
    small_field(ui, "% off beyond", "sandbox.custom.plan_discount", f.plan_discount, 50);
    for (const char* field : {"plan.fee_ucr", "plan.included_tokens", "plan.overage_discount_bps"}) field_error(ui, custom, field);
  }
  return custom;
}

// The same month of tokens under six pricing shapes at the sandbox's price and one of your own, and cost per
// month against tokens.
void draw_shapes(const app::AppState& state, UiContext& ui) {
  SandboxForm& form = ui.sandbox;
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Pricing shapes, side by side");
  ImGui::PopFont();
  muted_wrapped("One buyer's month at " + core::format_ucr(form.price_per_1k_ucr) +
                " per 1K tokens, priced by the same engine as real calls (calls of up to 10M tokens).");
  const std::int64_t low = 0, high = core::kMaxShapeMonthTokens / 2;
  ImGui::SetNextItemWidth(200);
  ImGui::InputScalar("tokens a month", ImGuiDataType_S64, &form.month_tokens, nullptr, nullptr, "%lld");
  form.month_tokens = std::max(low, std::min(form.month_tokens, high));
  ui.widgets.name_last_item("sandbox.month_tokens");
  const CustomShape custom = draw_custom_shape_editor(state, ui);
  const SandboxForm::Shapes& shapes = shapes_of(form, custom);
  if (ImGui::BeginTable("sandbox.shapes", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("Shape");
    ImGui::TableSetupColumn("This month");
    ImGui::TableSetupColumn("Per 1K tokens");
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < shapes.names.size(); ++k) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(shapes.names[k].c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(core::format_ucr(shapes.month_costs[k]).c_str());
      ui.widgets.name_last_item("sandbox.shapes.cost." + std::to_string(k));
      ImGui::TableNextColumn();
      const core::Micros per_1k = form.month_tokens > 0 ? shapes.month_costs[k] * 1000 / form.month_tokens : 0;
      ImGui::TextUnformatted(form.month_tokens > 0 ? core::format_ucr(per_1k).c_str() : "\xE2\x80\x94");
    }
    if (!custom.shape) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted("Your shape");
      ImGui::TableNextColumn();
      ImGui::TextColored(kErrorColor, "fix %d field%s in \"Your own shape\"", int(custom.errors.size()),
                         custom.errors.size() == 1 ? "" : "s");
      ui.widgets.name_last_item("sandbox.shapes.custom_problem");
    }
    ImGui::EndTable();
  }
  ui.widgets.name_last_item("sandbox.shapes");
  std::vector<ChartSeries> series;
  for (std::size_t k = 0; k < shapes.names.size(); ++k) series.push_back({shapes.names[k], shapes.curves[k]});
  const std::int64_t top = form.month_tokens * 2;
  const auto tokens_at = [&](std::size_t i) { return top * std::int64_t(i) / std::int64_t(kShapePoints - 1); };
  ChartAxes axes;
  axes.x_tick = [&](std::size_t i) { return compact_count(tokens_at(i)); };
  axes.x_detail = [&](std::size_t i) { return with_thousands(tokens_at(i)) + " tokens a month"; };
  lines_chart(series, 160.0f, axes);
  ui.widgets.name_last_item("sandbox.shapes_chart");
}

// The platform's own subscription plans: what they brought in and paid out, and a form to offer one.
void draw_platform_plans(const app::AppState& state, UiContext& ui) {
  SandboxForm& form = ui.sandbox;
  PlansForm& f = form.platform_plan;
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted("Platform plans");
  ImGui::PopFont();
  muted_wrapped("The marketplace's own subscriptions: their fees go to the platform, which pays each model's owner "
                "its list price for the included tokens used on it (less the platform fee).");
  for (const core::PlanOffer& plan : state.ledger.plan_offers()) {
    if (!plan.platform) continue;
    ImGui::Bullet();
    ImGui::TextWrapped("%s: %s a month, %s tokens included on %s, owners paid up to %s per 1K", plan.name.c_str(),
                       core::format_ucr(plan.fee_ucr).c_str(), with_thousands(plan.included_tokens).c_str(),
                       plan.all_models ? "every model" : (with_thousands(std::int64_t(plan.models.size())) + " model(s)").c_str(),
                       core::format_ucr(plan.payout_per_1k_ucr).c_str());
    ui.widgets.name_last_item("sandbox.platform.plan." + plan.id);
  }
  ImGui::TextWrapped("The platform holds %s in fees, %s from its plans (fees less payouts), %s paid as loyalty cashback.",
                     core::format_ucr(state.ledger.balance(core::kPlatformFeesAccount)).c_str(),
                     core::format_ucr(state.ledger.balance(core::kPlatformPlansAccount)).c_str(),
                     core::format_ucr(-state.ledger.balance(core::kLoyaltyAccount)).c_str());
  ui.widgets.name_last_item("sandbox.platform.accounts");
  small_field(ui, "name", "sandbox.platform.plan_name", f.plan_name, 140);
  ImGui::SameLine();
  small_field(ui, "$ a month", "sandbox.platform.plan_fee", f.plan_fee, 80);
  small_field(ui, "tokens included", "sandbox.platform.plan_tokens", f.plan_tokens, 110);
  ImGui::SameLine();
  small_field(ui, "trial days", "sandbox.platform.plan_trial", f.plan_trial, 50);
  small_field(ui, "$ per 1K at most, paid to owners", "sandbox.platform.plan_payout", form.platform_plan_payout, 80);
  muted_wrapped("Models it covers: slugs, comma-separated (empty: every model on the marketplace)");
  ImGui::SetNextItemWidth(-1);
  input_text_with_hint("##sandbox.platform.plan_models", "every model", &form.platform_plan_models);
  ui.widgets.name_last_item("sandbox.platform.plan_models");
  const std::vector<std::string> slugs = core::split_tags(form.platform_plan_models);
  const bool signed_in = state.ledger.profile(state.prefs.profile_id) != nullptr;
  ImGui::BeginDisabled(!signed_in);
  if (ImGui::SmallButton("Offer this platform plan"))
    ui.emit(app::Command::make("offerPlan", {{"name", f.plan_name},
                                             {"fee_ucr", typed_dollars(f.plan_fee)},
                                             {"included_tokens", typed_whole(f.plan_tokens)},
                                             {"models", slugs.empty() ? app::json("all") : app::json(slugs)},
                                             {"trial_days", typed_whole(f.plan_trial)},
                                             {"platform", true},
                                             {"payout_per_1k_ucr", typed_dollars(form.platform_plan_payout)}}),
            "Platform plan " + core::trim(f.plan_name) + " offered.");
  ImGui::EndDisabled();
  ui.widgets.name_last_item("sandbox.platform.offer_plan");
  if (!signed_in) {
    ImGui::SameLine();
    ImGui::TextDisabled("Sign in to act for the platform.");
  }
}

void draw_sandbox(const app::AppState& state, UiContext& ui) {
  ImGui::BeginChild("sandbox.page", ImVec2(0, 0), false);
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Monetization sandbox");
  ImGui::PopFont();
  ui.widgets.name_last_item("sandbox.title");
  ImGui::TextWrapped("Try prices and policies. Nothing here changes the marketplace unless you apply it.");
  const float avail = ImGui::GetContentRegionAvail().x;
  const bool wide = avail >= 900.0f;
  if (wide) {
    ImGui::BeginGroup();
    ImGui::PushItemWidth(-1);
    ImGui::BeginChild("sandbox.inputs", ImVec2(std::min(460.0f, avail * 0.45f), 0), false);
    draw_inputs(state, ui);
    draw_platform_plans(state, ui);
    ImGui::EndChild();
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    ImGui::SameLine(0, 32);
    ImGui::BeginChild("sandbox.results", ImVec2(0, 0), false);
    draw_preview(state, ui);
    ImGui::Spacing();
    ImGui::Separator();
    draw_run_it(state, ui);
    ImGui::Spacing();
    ImGui::Separator();
    draw_shapes(state, ui);
    ImGui::EndChild();
  } else {
    draw_inputs(state, ui);
    draw_platform_plans(state, ui);
    ImGui::Separator();
    draw_preview(state, ui);
    ImGui::Separator();
    draw_run_it(state, ui);
    ImGui::Separator();
    draw_shapes(state, ui);
  }
  ImGui::EndChild();
}

app::json sandbox_state(const app::AppState& state, const UiContext& ui) {
  std::string problem;
  const core::SandboxInputs in = inputs_of(state, ui.sandbox, problem);
  const core::SandboxPreview p = core::preview_calls(in);
  app::json out = {{"price_per_1k_ucr", in.price_per_1k_ucr},
                   {"tokens", in.tokens},
                   {"starting_ucr", in.starting_ucr},
                   {"platform_fee_bps", in.policy.platform_fee_bps},
                   {"min_charge_ucr", in.policy.min_charge_ucr},
                   {"problem", problem.empty() ? p.problem : problem},
                   {"preview",
                    {{"cost_ucr", p.per_call.cost_ucr},
                     {"balance_after_one_ucr", p.balance_after_one},
                     {"calls_covered", p.calls_covered},
                     {"owner_per_call_ucr", p.per_call.owner_ucr},
                     {"platform_per_call_ucr", p.per_call.platform_ucr},
                     {"owner_total_ucr", p.owner_total_ucr},
                     {"platform_total_ucr", p.platform_total_ucr}}},
                   {"last_run", nullptr}};
  out["month_tokens"] = ui.sandbox.month_tokens;
  out["shapes"] = app::json::array();
  std::vector<core::PricingShape> shapes = core::example_shapes(in.price_per_1k_ucr);
  const CustomShape custom = custom_shape_of(ui.sandbox);
  if (custom.shape) shapes.push_back(*custom.shape);
  for (const core::PricingShape& shape : shapes)
    out["shapes"].push_back({{"name", shape.name}, {"month_cost_ucr", core::month_cost(shape, ui.sandbox.month_tokens).value_or(0)}});
  out["custom_shape"] = {{"charge_model", charge_model_of_form(ui.sandbox.custom)},
                         {"bundles", ui.sandbox.custom_bundles},
                         {"subscription", ui.sandbox.custom_subscription},
                         {"fields", custom.errors}};
  const SandboxForm::Run& run = ui.sandbox.last_run;
  if (run.done) {
    auto figures = [](const core::CallPrice& c, core::Micros balance) {
      return app::json{{"cost_ucr", c.cost_ucr}, {"owner_ucr", c.owner_ucr}, {"platform_fee_ucr", c.platform_ucr},
                       {"balance_ucr", balance}};
    };
    out["last_run"] = {{"ok", run.ok},
                       {"slug", run.slug},
                       {"tokens", run.tokens},
                       {"message", run.message},
                       {"preview", figures(run.expected, run.expected_balance)},
                       {"ledger", figures(run.actual, run.actual_balance)}};
  }
  return out;
}

}  // namespace mm::ui
