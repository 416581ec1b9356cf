// #/model/<slug> — one model: what it is, its numbers, Unlock (free) and Use (billed per 1K tokens, cost shown
// before the click), and the calls made from this page. A "not found" page for an unknown slug.
#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "app/market.h"
#include "app/plans.h"
#include "core/ledger.h"
#include "core/money.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr int kMaxTokens = 10'000'000;

void stat(const char* label, const std::string& value) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", label);
  ImGui::TextUnformatted(value.c_str());
  ImGui::EndGroup();
  ImGui::SameLine(0, 28);
}

void draw_use_panel(const app::AppState& state, UiContext& ui, const core::Model& model, bool owned) {
  const std::string& who = state.prefs.profile_id;
  if (!state.ledger.profile(who)) {
    ImGui::TextWrapped("Sign in to unlock this model and use it with your demo credits.");
    if (ImGui::Button(MM_ICON_USER "  Sign in to unlock")) ask_to_sign_in(state, ui);
    ui.widgets.name_last_item("model.signin");
    return;
  }
  if (!owned) {
    ImGui::TextWrapped("Unlocking is free. Once unlocked, each call is billed per 1K tokens from your credits.");
    if (ImGui::Button(MM_ICON_UNLOCK "  Unlock (free)"))
      ui.emit(app::Command::make("unlock", {{"slug", model.slug}}), "Unlocked " + model.name + ".");
    ui.widgets.name_last_item("model.unlock");
    return;
  }
  ImGui::TextColored(palette().accent, MM_ICON_CHECK "  Owned");
  ui.widgets.name_last_item("model.owned");
  // Your rating: one per profile per model, changeable.
  const core::ProfileActivity* mine = state.ledger.activity(who);
  const auto rated = mine->ratings.find(model.slug);
  const int stars = rated == mine->ratings.end() ? 0 : rated->second;
  ImGui::SameLine(0, 24);
  ImGui::TextDisabled(stars ? "Your rating" : "Rate it");
  for (int star = 1; star <= 5; ++star) {
    ImGui::SameLine();
    ImGui::PushID(star);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, star <= stars ? ImVec4(0.96f, 0.73f, 0.26f, 1.0f) : palette().muted);
    if (ImGui::SmallButton(star <= stars ? MM_ICON_STAR : MM_ICON_STAR_EMPTY) && star != stars)
      ui.emit(app::Command::make("rate", {{"slug", model.slug}, {"stars", star}}),
              "You rated " + model.name + " " + std::to_string(star) + (star == 1 ? " star." : " stars."));
    ImGui::PopStyleColor(2);
    ImGui::PopID();
    ui.widgets.name_last_item("model.rate." + std::to_string(star), Role::Radio,
                              "Rate " + std::to_string(star) + (star == 1 ? " star" : " stars"), star == stars);
  }
  ImGui::SetNextItemWidth(180);
  ImGui::InputInt("tokens per call", &ui.tokens_input, 100, 1000);
  ui.tokens_input = std::max(1, std::min(ui.tokens_input, kMaxTokens));
  ui.widgets.name_last_item("model.tokens");
  // The cost the ledger will bill: through bundles, the subscription allowance and the charge model's tiers.
  const app::CallQuote& quote = quote_for(state, ui, model, ui.tokens_input);
  const core::Micros cost = quote.cost_ucr;
  const core::Micros balance = state.ledger.balance(core::wallet_account(who));
  const bool affordable = quote.ok();
  const std::string sources = quote.sources();
  if (cost < 0)
    ImGui::TextWrapped("This call credits you %s (a volume discount on this month's earlier tokens)%s; your balance is %s.",
                       core::format_ucr(-cost).c_str(), sources.empty() ? "" : (": " + sources).c_str(),
                       core::format_ucr(balance).c_str());
  else
    ImGui::TextWrapped("This call costs %s%s; your balance is %s.", core::format_ucr(cost).c_str(),
                       sources.empty() ? "" : (" (" + sources + ")").c_str(), core::format_ucr(balance).c_str());
  ui.widgets.name_last_item("model.cost");
  if (quote.cashback_ucr > 0) {
    ImGui::TextColored(palette().accent, "Loyalty cashback on this call: %s", core::format_ucr(quote.cashback_ucr).c_str());
    ui.widgets.name_last_item("model.cashback");
  }
  ImGui::BeginDisabled(!affordable);
  if (ImGui::Button(MM_ICON_BOLT "  Use")) {
    // Carries the cost and sources shown: if the price changes or a bundle expires before it runs, it is
    // refused rather than billed differently.
    app::Command use = app::Command::make(
        "use", {{"slug", model.slug}, {"tokens", ui.tokens_input}, {"expected_cost_ucr", cost}, {"expected_billed", quote.billed}});
    ui.emit(std::move(use), "Used " + with_thousands(ui.tokens_input) + " tokens " +
                                (cost < 0 ? "and got " + core::format_ucr(-cost) + " back." : "for " + core::format_ucr(cost) + "."));
  }
  ImGui::EndDisabled();
  ui.widgets.name_last_item("model.use");
  if (!affordable) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(1.0f, 0.62f, 0.35f, 1.0f), MM_ICON_WARNING "  %s",
                       quote.error == "insufficient_credits" ? "Not enough credits for this call: lower the tokens."
                                                             : quote.message.c_str());
    ui.widgets.name_last_item("model.use.reason");
  }
}

void heading(UiContext& ui, const char* text) {
  ImGui::Spacing();
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextUnformatted(text);
  ImGui::PopFont();
}

// How the model is priced, what the next 1K tokens cost the signed-in buyer now, and the bundles and plans
// on offer for it with Buy and Subscribe.
void draw_pricing(const app::AppState& state, UiContext& ui, const core::Model& model, bool owned) {
  heading(ui, "Pricing");
  const bool signed_in = state.ledger.profile(state.prefs.profile_id) != nullptr;
  draw_charge_model(core::charge_model_of(model), signed_in ? month_tokens_of(state, model.slug, ui.now_ms) : 0,
                    "model.pricing", ui);
  if (signed_in && owned) {
    const app::CallQuote& next = quote_for(state, ui, model, 1000);
    if (next.ok()) {
      if (next.cost_ucr < 0)
        ImGui::Text("The next 1K tokens credit you %s now (a volume discount).", core::format_ucr(-next.cost_ucr).c_str());
      else
        ImGui::Text("The next 1K tokens cost you %s now.", core::format_ucr(next.cost_ucr).c_str());
      ui.widgets.name_last_item("model.next_1k");
    }
  }
  const core::Micros balance = state.ledger.balance(core::wallet_account(state.prefs.profile_id));
  bool any_bundle = false;
  for (const core::BundleOffer& offer : state.ledger.bundle_offers()) {
    if (offer.slug != model.slug) continue;
    if (!any_bundle) heading(ui, "Token bundles");
    any_bundle = true;
    ImGui::PushID(offer.id.c_str());
    ImGui::Text("%s tokens for %s, to use within %s days", with_thousands(offer.tokens).c_str(),
                core::format_ucr(offer.price_ucr).c_str(), with_thousands(offer.valid_days).c_str());
    ui.widgets.name_last_item("model.bundle." + offer.id);
    ImGui::SameLine();
    ImGui::BeginDisabled(!signed_in || !owned || offer.price_ucr > balance);
    if (ImGui::SmallButton("Buy"))
      ui.emit(app::Command::make("buyBundle", {{"bundle_id", offer.id}}),
              "Bought " + with_thousands(offer.tokens) + " tokens of " + model.name + " for " + core::format_ucr(offer.price_ucr) + ".");
    ImGui::EndDisabled();
    ui.widgets.name_last_item("model.buy." + offer.id);
    if (signed_in && !owned) {
      ImGui::SameLine();
      ImGui::TextDisabled("Unlock it first.");
    }
    ImGui::PopID();
  }
  const core::ProfileActivity* mine = state.ledger.activity(state.prefs.profile_id);
  bool any_plan = false;
  for (const core::PlanOffer& plan : state.ledger.plan_offers()) {
    if (!plan.covers(model.slug, model.owner_profile)) continue;
    if (!any_plan) heading(ui, "Subscriptions");
    any_plan = true;
    ImGui::PushID(plan.id.c_str());
    const auto sub = mine ? mine->subscriptions.find(plan.id) : std::map<std::string, core::Subscription>::const_iterator();
    const bool earlier = mine && sub != mine->subscriptions.end();
    const bool trial = plan.trial_days > 0 && !earlier;  // once per buyer and plan
    std::string terms = plan.name + (plan.platform ? " (the marketplace's plan)" : "") + ": " + core::format_ucr(plan.fee_ucr) + " a month, " + with_thousands(plan.included_tokens) +
                        " tokens included";
    if (plan.overage_discount_bps > 0) terms += ", " + format_percent_bps(plan.overage_discount_bps) + " off beyond";
    if (trial) terms += ", " + std::to_string(plan.trial_days) + "-day free trial";
    ImGui::TextWrapped("%s", terms.c_str());
    ui.widgets.name_last_item("model.plan." + plan.id);
    const bool subscribed = earlier && sub->second.usable();
    if (subscribed) {
      ImGui::TextColored(palette().accent, MM_ICON_CHECK "  Subscribed: %s tokens left until %s",
                         with_thousands(sub->second.tokens_left).c_str(), format_date_ms(sub->second.period_end_ms).c_str());
    } else {
      const bool affordable = trial || plan.fee_ucr <= balance;
      ImGui::BeginDisabled(!signed_in || !affordable);
      if (ImGui::SmallButton("Subscribe"))
        ui.emit(app::Command::make("subscribe", {{"plan_id", plan.id}}), "Subscribed to " + plan.name + ".");
      ImGui::EndDisabled();
      if (signed_in && !affordable) {
        ImGui::SameLine();
        ImGui::TextDisabled("Your balance does not cover the first month.");
      }
    }
    ui.widgets.name_last_item("model.subscribe." + plan.id);
    ImGui::PopID();
  }
}

void draw_call_log(UiContext& ui, const core::Model& model) {
  bool any = false;
  for (auto it = ui.call_log.rbegin(); it != ui.call_log.rend(); ++it) {
    if (it->slug != model.slug) continue;
    if (!any) {
      ImGui::Spacing();
      ImGui::PushFont(ui.fonts.bold);
      ImGui::TextUnformatted("Calls from this page");
      ImGui::PopFont();
      any = true;
    }
    if (it->ok)
      ImGui::Text(MM_ICON_CHECK "  %s tokens  \xC2\xB7  cost %s  \xC2\xB7  balance after %s", with_thousands(it->tokens).c_str(),
                  core::format_ucr(it->cost_ucr).c_str(), core::format_ucr(it->balance_ucr).c_str());
    else
      ImGui::TextColored(ImVec4(1.0f, 0.62f, 0.35f, 1.0f), MM_ICON_WARNING "  %s tokens refused: %s",
                         with_thousands(it->tokens).c_str(), it->reason.c_str());
  }
  if (any) ui.widgets.name_last_item("model.log.latest");
}

// Try it: a prompt, Send, the answer as it streams in (from the listing's endpoint), Stop; a built-in model, or
// a listing without an endpoint, answers simulated. Billed by the tokens used (see app/endpoints.h).
void draw_try_it(const app::AppState& state, UiContext& ui, const core::Model& model, bool owned) {
  TryItForm& form = ui.try_it;
  if (form.slug != model.slug) {
    form = TryItForm{};
    form.slug = model.slug;
  }
  const auto endpoint = state.endpoints.find(model.slug);
  const bool real = endpoint != state.endpoints.end() && state.ledger.listing(model.slug);
  ImGui::Spacing();
  heading(ui, "Try it");
  muted_wrapped(real ? "Answers come from " + endpoint->second.base_url + ", billed by the tokens it reports" +
                           (model.charge_model ? std::string(", through this model's pricing, as a call of all its tokens.")
                                               : ": prompt " + core::format_ucr(core::input_price_of(model)) + " and reply " +
                                                     core::format_ucr(core::output_price_of(model)) + " per 1K tokens.")
                     : "A simulated answer (this model runs nowhere), billed as a call of its tokens at " +
                           core::format_ucr(model.price_per_1k_ucr) + " per 1K.");
  input_text_multiline("##prompt", &form.prompt, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
  ui.widgets.name_last_item("model.prompt", Role::Textbox, "Prompt");
  // Still answering (this page's Send, or one sent before it was left and opened again).
  bool in_flight = false;
  for (const auto& [id, c] : state.completions) in_flight = in_flight || c.slug == model.slug;
  const bool sending = form.sending || in_flight;
  // What it may cost, before Send: the most an answer may be billed (see app/endpoints.h).
  if (real && owned && !core::trim(form.prompt).empty()) {
    const std::int64_t estimate = core::estimate_tokens(form.prompt);
    const core::Outcome worst = state.ledger.authorize_completion(state.prefs.profile_id, model, estimate + estimate / 4 + 16,
                                                                  endpoint->second.max_output_tokens, ui.now_ms);
    muted_wrapped(worst.ok() ? "At most " + core::format_ucr(worst.data.value("worst_case_ucr", core::Micros(0))) +
                                   " (about " + with_thousands(estimate) + " prompt tokens, up to " +
                                   with_thousands(endpoint->second.max_output_tokens) + " reply tokens); billed by what it uses."
                             : worst.message);
    ui.widgets.name_last_item("model.worst_case");
  }
  const bool can_send = owned && !sending && !core::trim(form.prompt).empty();
  ImGui::BeginDisabled(!can_send);
  if (ImGui::Button(MM_ICON_PLAY "  Send")) {
    form.sending = true;
    form.answer.clear();
    form.outcome.clear();
    form.failed = false;
    ui.emit(app::Command::make("complete", {{"slug", model.slug}, {"prompt", form.prompt}}), "",
            [slug = model.slug](UiContext& ui, const app::Result& result) {
              TryItForm& form = ui.try_it;
              if (form.slug != slug) return;  // another model's page is open now: its own answer stays
              form.sending = false;
              form.answer = result.data.value("text", "");
              form.failed = !result.ok;
              if (!result.ok) {
                form.outcome = result.message;
              } else if (result.data.value("billed", false)) {
                form.outcome = "Billed " + core::format_ucr(result.data.value("cost_ucr", core::Micros(0))) + " for " +
                               with_thousands(result.data.value("prompt_tokens", std::int64_t(0))) + " prompt + " +
                               with_thousands(result.data.value("completion_tokens", std::int64_t(0))) + " reply tokens (" +
                               (result.data.value("usage", "") == "reported" ? "as the endpoint reported" : "estimated: ~4 bytes a token") +
                               "); balance " + core::format_ucr(result.data.value("balance_ucr", core::Micros(0))) + ".";
              } else {
                form.outcome = result.data.value("message", "Not billed.");
              }
            });
  }
  ImGui::EndDisabled();
  ui.widgets.name_last_item("model.send");
  if (sending && real) {
    ImGui::SameLine();
    if (ImGui::Button(MM_ICON_STOP "  Stop")) ui.emit(app::Command::make("stopCompletion", {{"slug", model.slug}}), "");
    ui.widgets.name_last_item("model.stop");
  }
  if (!owned) {
    ImGui::SameLine();
    ImGui::TextDisabled("Unlock the model to try it.");
  }
  // The answer: as it streams in, then as it ended.
  std::string shown = form.answer;
  for (const auto& [id, c] : state.completions)
    if (c.slug == model.slug) shown = c.text;
  if (sending && shown.empty()) ImGui::TextDisabled("Waiting for the answer…");
  if (!shown.empty()) {
    ImGui::TextWrapped("%s", shown.c_str());
    ui.widgets.name_last_item("model.answer");
  }
  if (!form.outcome.empty()) {
    if (form.failed) ImGui::TextColored(ImVec4(1.0f, 0.62f, 0.35f, 1.0f), MM_ICON_WARNING "  %s", form.outcome.c_str());
    else ImGui::TextDisabled("%s", form.outcome.c_str());
    ui.widgets.name_last_item("model.answer.outcome");
  }
}

}  // namespace

void ask_to_sign_in(const app::AppState& state, UiContext& ui) {
  app::Command go = app::Command::navigate("/sign-in");
  go.args["then"] = state.prefs.route;
  ui.emit(std::move(go));
}

void draw_model_detail(const app::AppState& state, UiContext& ui, const core::Model* model) {
  if (ImGui::Button(MM_ICON_BACK "  Market")) ui.emit(app::Command::navigate("/market"));
  ui.widgets.name_last_item("model.back", Role::Button, "Back to the market");
  ImGui::Spacing();
  if (!model) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Not found");
    ImGui::PopFont();
    ImGui::TextWrapped("There is nothing at this address. The model may have been renamed: search the market for it.");
    ui.widgets.name_last_item("notfound");
    return;
  }
  const core::ModelFacts facts = app::model_facts(state, *model, ui.now_ms);
  ImGui::BeginChild("model.page", ImVec2(0, 0), false);
  const float wrap = std::min(ImGui::GetContentRegionAvail().x, 760.0f);
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted(model->name.c_str());
  ImGui::PopFont();
  ui.widgets.name_last_item("model.name");
  ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
  ImGui::Text("by %s  \xC2\xB7  %s", model->owner.c_str(), model->category.c_str());
  ImGui::PopStyleColor();
  ImGui::TextColored(ImVec4(0.96f, 0.73f, 0.26f, 1.0f), "%s", star_icons(facts.rating_centi).c_str());
  ImGui::SameLine();
  ImGui::Text("%.1f", facts.rating_centi / 100.0);
  ImGui::Spacing();
  ImGui::TextWrapped("%s", model->description.c_str());
  std::string tags;
  for (const std::string& tag : model->tags) tags += (tags.empty() ? "" : "  \xC2\xB7  ") + tag;
  ImGui::TextDisabled("%s", tags.c_str());
  ImGui::Spacing();

  stat(model->charge_model ? "From, per 1K tokens" : "Price per 1K tokens", core::format_ucr(model->price_per_1k_ucr));
  if (model->input_per_1k_ucr > 0 || model->output_per_1k_ucr > 0) {
    stat("Prompt, per 1K", core::format_ucr(core::input_price_of(*model)));
    stat("Reply, per 1K", core::format_ucr(core::output_price_of(*model)));
  }
  stat("Latency", with_thousands(model->latency_ms) + " ms");
  stat("Purchases", with_thousands(facts.purchases));
  stat("Calls", with_thousands(facts.calls));
  ImGui::NewLine();
  ImGui::Separator();
  ImGui::Spacing();
  draw_use_panel(state, ui, *model, facts.owned);
  draw_call_log(ui, *model);
  if (!state.prefs.profile_id.empty()) draw_try_it(state, ui, *model, facts.owned);
  draw_pricing(state, ui, *model, facts.owned);
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
}

}  // namespace mm::ui
