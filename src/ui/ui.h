// The UI: one file per screen, all reading AppState and emitting Commands (never changing state).
#pragma once
#include <string>
#include <vector>

#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <unordered_map>

#include "app/app_state.h"
#include "app/command.h"
#include "app/plans.h"
#include "app/route.h"
#include "core/charge_model.h"
#include "core/simulation.h"
#include "core/pricing.h"
#include "core/query.h"
#include "ui/fonts.h"
#include "ui/widget_registry.h"

namespace mm::ui {

// The market's query result, recomputed only when what it depends on changes (route, journal, profile).
struct MarketView {
  std::string route;
  std::int64_t ledger_seq = -1;
  std::string profile;
  std::int32_t day = -1;                   // facts (trending) depend on the day
  std::uint64_t facts_generation = 0;      // changes whenever `facts` are recomputed
  std::vector<std::uint32_t> order;        // catalog indices, in display order
  std::vector<core::ModelFacts> facts;     // per catalog index: recomputed when the ledger, profile or day
                                           // change, not on every keystroke of a search
  // The leaderboards' three orders, for `boards_generation` (== facts_generation when current).
  std::vector<std::uint32_t> boards[3];
  std::uint64_t boards_generation = ~std::uint64_t(0);
  std::vector<std::pair<std::string, int>> top_tags;
  std::unique_ptr<core::SearchIndex> index;
  std::uint64_t catalog_version = 0;       // the AppState::catalog_version `index` was built for
  double refresh_ms = 0;                   // how long the last recomputation (facts + query) took
  std::string search_text;                 // the search box (its text goes into the route as you type)
  bool focus_search = false;
  bool search_active = false;              // the search box is being edited (then the route follows it)
  bool filters_open = false;               // narrow screens: the filter panel is folded away
};

// A short message that fades: the result of something the person did.
struct Toast {
  std::string text;
  bool ok = true;
  std::int64_t shown_ms = 0;
};

// One usage call made from a model page in this visit (failures too, with their reason).
struct CallLogEntry {
  std::string slug;
  bool ok = false;
  std::int64_t tokens = 0;
  std::int64_t cost_ucr = 0;
  std::int64_t balance_ucr = 0;
  std::string reason;
};

struct UiContext;

// A command a view emitted, and what to say when it succeeds (failures always show their message).
struct Emitted {
  app::Command cmd;
  std::string success_toast;
  std::function<void(UiContext&, const app::Result&)> on_result;  // optional: the view wants the answer
};

// Builders mode's listing form: what is typed, kept across frames and screens until it is listed.
struct ListingForm {
  std::string name, slug, tags, description;
  std::string category = "LLM";
  std::string price = "0.002";  // dollars per 1K tokens, as typed
  std::string input_price, output_price;  // a completion's prompt and reply tokens; empty: the price
  std::string latency = "400";  // milliseconds, as typed
  bool slug_edited = false;     // the person typed a slug: stop deriving it from the name
  bool show_errors = false;     // after the first attempt to list, every field shows what is wrong
  std::string selected;         // "My listings": the listing whose chart and price are shown
  std::string new_price;        // its price field
};

// Builders mode: the selected listing's inference endpoint, as typed. The key field is only ever typed into:
// a stored key is shown masked (its last 4 characters) and kept unless replaced or removed.
struct EndpointForm {
  std::string for_slug;  // the listing the fields were filled from
  std::string base_url, model, api_key, max_output = "1024";
  bool remove_key = false;
};

// The model page's "Try it": the prompt, and the last answer with what it cost (or why it failed).
struct TryItForm {
  std::string slug;  // the model the prompt and answer are for
  std::string prompt;
  bool sending = false;
  std::string answer;
  std::string outcome;
  bool failed = false;
};

// Builders mode's pricing and offers for the selected listing, as typed (amounts in dollars).
struct PlansForm {
  std::string for_slug;  // the listing the fields were filled from; another selection refills them
  int type = 0;          // 0 standard, 1 graduated, 2 volume, 3 package
  std::string price = "0.002";
  struct Tier {
    std::string to_tokens, per_1k = "0.002", flat = "0";
  };
  std::vector<Tier> tiers = {{"1000000", "0.002", "0"}, {"", "0.001", "0"}};
  std::string package_tokens = "10000", package_price = "0.01", free_tokens = "0";
  bool show_errors = false;
  std::string bundle_tokens = "100000", bundle_price = "0.15", bundle_days = "30";
  std::string plan_name = "Pro", plan_fee = "5.00", plan_tokens = "1000000", plan_discount = "20", plan_trial = "0";
  bool plan_all_models = true;
};

// The monetization sandbox's inputs (its own settings, never the marketplace's) and the last "Run it".
struct SandboxForm {
  // A preview and the inputs it was computed for: recomputed when they change, not every frame.
  struct CachedPreview {
    core::SandboxInputs inputs;
    core::SandboxPreview preview;
    bool valid = false;
  } mine, real;  // the sandbox's own settings; one real call at the marketplace's policy
  std::int64_t price_per_1k_ucr = 2000;
  std::string price_text;            // the exact field, in dollars
  int tokens = 1000;
  bool custom_start = false;         // false: start from the signed-in balance
  std::string start_text = "25.00";
  int fee_percent = 10;
  bool min_charge = false;
  std::string min_charge_text = "0.01";
  // Pricing shapes side by side (core/pricing_shapes.h) at this price: a month of `month_tokens`, and cost
  // per month against tokens up to twice that; recomputed when the price or the tokens change.
  std::int64_t month_tokens = 2'000'000;
  // "Your own shape", next to them: a charge model (the Builders editor), bundles bought each month and a
  // subscription, as typed (its bundle_* and plan_* fields; `custom_bundles_per_month` 0: as many as needed).
  PlansForm custom;
  bool custom_bundles = false, custom_subscription = false;
  std::string custom_bundles_per_month = "1";
  std::string custom_from_slug;  // the model whose pricing it was last filled from
  // The platform's own plan (offerPlan with platform: true), as typed; models: slugs, or empty for all.
  PlansForm platform_plan;
  std::string platform_plan_models, platform_plan_payout = "0.002";
  struct Shapes {
    std::int64_t price_per_1k_ucr = -1, month_tokens = -1;
    std::string custom_key;  // the custom shape's inputs the rows were computed for
    std::vector<std::string> names;
    std::vector<core::Micros> month_costs;
    std::vector<std::vector<core::Micros>> curves;
  } shapes;
  std::string run_slug;              // the owned model "Run it" calls
  struct Run {
    bool done = false;
    bool ok = false;
    std::string slug, message;
    std::int64_t tokens = 0;
    core::CallPrice expected;        // the preview for that model under the marketplace's policy
    core::Micros expected_balance = 0;
    core::CallPrice actual;          // what the ledger billed
    core::Micros actual_balance = 0;
  } last_run;
};

// The Scenarios screen (#/scenarios): scenario A (and B for an A/B comparison) as JSON — every parameter,
// a few with their own controls —, the run in progress (a day or more per frame, never freezing the page)
// and the last results.
struct ScenariosForm {
  bool filled = false;
  bool compare = false;
  int preset[2] = {0, 3};
  nlohmann::json doc[2];          // what the person set (a preset plus changes): what a link carries
  std::string text[2];            // the same, as editable JSON
  std::string text_error[2];      // the text does not parse
  std::map<std::string, std::string> fields;  // bad fields of the last Run ("a.days", …)
  std::string loaded_share;       // the share code last read from the route
  std::string share_error;
  std::string notice;             // e.g. "Cancelled on day 12 of 90."
  nlohmann::json ran_doc;         // what the results were run from (export, dates)
  std::int32_t ran_start_day = 0;
  std::unique_ptr<core::Simulation> running[2];
  double run_started_ms = 0, run_ms = 0;
  std::optional<core::SimulationResult> result[2];
  nlohmann::json comparison;
  int chart = 0;                  // which figures the line chart shows
  std::optional<std::size_t> hovered_day;
  std::string hovered_text;
  bool busy() const { return running[0] != nullptr || running[1] != nullptr; }
};

// What views share during a frame: fonts, the named-widget registry, and the commands they emit.
struct UiContext {
  Fonts fonts;
  std::string route_text;  // the route `route` was parsed from (see current_route)
  app::Route route;
  WidgetRegistry widgets;
  std::vector<Emitted> outbox;
  std::vector<Toast> toasts;
  std::vector<std::pair<std::string, bool>> announcements;  // toasts not yet read out (the mirror's live region)
  bool reduced_motion = false;  // the browser asks for less motion: toasts do not fade
  std::vector<CallLogEntry> call_log;
  int tokens_input = 1000;  // the model page's "tokens per call" field
  int usage_page = 0;       // the profile's usage table page (0: newest)
  std::vector<std::int64_t> spend_per_day;  // cached for the profile chart
  std::string spend_cache_key;
  // Quotes of calls (cost through bundles, subscription and charge model), by "slug tokens", for `quotes_key`
  // (the history, profile, month and catalog they were computed for).
  std::unordered_map<std::string, app::CallQuote> quotes;
  std::string quotes_key;
  std::string banner;  // a problem the person must know about (damaged or unsaved data); empty: none
  bool saving = false;  // a click's command waits for storage: its result is neither saved nor shown yet
  int history_checked_percent = -1;  // the saved history is being re-derived in the background; -1: not
  std::int64_t now_ms = 0;  // this frame's time (the bridge clock)
  MarketView market;
  ListingForm listing;
  EndpointForm endpoint;
  TryItForm try_it;
  PlansForm plans;
  SandboxForm sandbox;
  ScenariosForm scenarios;
  std::string base_url;  // the page's address without '#…', for links it hands out
  std::string google_status = "not_configured";  // from the bridge: ready | not_configured | offline | unavailable
  std::string email_input;                       // what is typed in the sign-in email field
  // What only the browser can do, provided by main (the bridge).
  void (*copy_to_clipboard)(const std::string&) = nullptr;
  void (*open_url)(const std::string&) = nullptr;
  void (*download)(const std::string& filename, const std::string& text) = nullptr;
  double (*clock_ms)() = nullptr;  // a monotonic clock, for the timings in state().perf

  void emit(app::Command cmd, std::string success_toast = "",
            std::function<void(UiContext&, const app::Result&)> on_result = nullptr) {
    outbox.push_back({std::move(cmd), std::move(success_toast), std::move(on_result)});
  }
  void toast(std::string text, bool ok) {
    announcements.emplace_back(text, ok);
    toasts.push_back({std::move(text), ok, now_ms});
  }
};

// Draws the whole app for this frame: header, then the screen the route names.
void draw_app(const app::AppState& state, UiContext& ui);
// The document title for the screen on show: "Tiny Tutor — Model Marketplace".
std::string screen_title(const app::AppState& state, UiContext& ui);
// The route on screen, parsed once when it changes (views ask for it several times a frame).
const app::Route& current_route(const app::AppState& state, UiContext& ui);

// Screens (one file each).
void draw_header(const app::AppState& state, UiContext& ui);
void draw_marketplace(const app::AppState& state, UiContext& ui);
void draw_model_detail(const app::AppState& state, UiContext& ui, const core::Model* model);
void draw_sign_in(const app::AppState& state, UiContext& ui);
void draw_profile(const app::AppState& state, UiContext& ui);
void draw_my_models(const app::AppState& state, UiContext& ui);
void draw_how_it_works(const app::AppState& state, UiContext& ui);
void draw_leaderboards(const app::AppState& state, UiContext& ui);
void draw_builders(const app::AppState& state, UiContext& ui);
// Builders mode, the selected listing's charge model, bundle offers and plans (builders_plans.cpp).
void draw_listing_plans(const app::AppState& state, UiContext& ui, const core::Model& model);
// The charge-model editor of Builders mode, also the sandbox's: pick a type and edit its price, tiers or
// package, each bad field with its message (once `form.show_errors`). Widgets are named `prefix` + field.
struct ChargeModelDraft {
  nlohmann::json doc;              // as a command carries it (typed amounts in µcr)
  core::ParsedChargeModel parsed;  // the model, or every bad field's message
};
ChargeModelDraft edit_charge_model(UiContext& ui, PlansForm& form, const std::string& prefix);
// The charge model typed in `form`, as a command carries it.
nlohmann::json charge_model_of_form(const PlansForm& form);
// Fills `form` from a model's charge model.
void fill_plans_form(PlansForm& form, const core::Model& model);
// A labelled text field of `width` named `widget`.
bool small_field(UiContext& ui, const char* label, const std::string& widget, std::string& text, float width = 120);
// What a person typed, as the JSON a command carries: dollars become µcr, whole numbers stay whole, and
// anything else is passed as text so that its field's message says what is expected.
nlohmann::json typed_dollars(const std::string& text);
nlohmann::json typed_whole(const std::string& text);
void draw_sandbox(const app::AppState& state, UiContext& ui);
void draw_scenarios(const app::AppState& state, UiContext& ui);
app::json scenarios_state(const UiContext& ui);
// Runs the scenario in progress for up to `budget_ms` (called every frame while it is busy).
void advance_scenarios(UiContext& ui, const std::function<double()>& now_ms, double budget_ms);
// The sandbox's inputs, preview and last run as JSON (part of window.marketplace.state(), for scripts).
app::json sandbox_state(const app::AppState& state, const UiContext& ui);
void draw_toasts(UiContext& ui);
// Recomputes the market's facts and query result when the route, journal or profile changed.
void refresh_market(const app::AppState& state, UiContext& ui, const core::Query& query);
// Billing plans (plans.cpp): a charge model in one sentence and as a table of tiers (the tier the month's
// next token falls in marked), a call's quote for the signed-in profile (cached), the profile's wallet
// tokens on a model this month, and a date.
std::string describe_charge_model(const core::ChargeModel& charge);
void draw_charge_model(const core::ChargeModel& charge, std::int64_t month_tokens, const std::string& widget, UiContext& ui);
const app::CallQuote& quote_for(const app::AppState& state, UiContext& ui, const core::Model& model, std::int64_t tokens);
std::int64_t month_tokens_of(const app::AppState& state, const std::string& slug, std::int64_t now_ms);
std::string format_date_ms(std::int64_t time_ms);
// Sends the person to sign in, coming back to the current page afterwards.
void ask_to_sign_in(const app::AppState& state, UiContext& ui);

}  // namespace mm::ui
