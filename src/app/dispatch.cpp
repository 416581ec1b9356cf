#include "app/dispatch.h"

#include "app/auth.h"
#include "app/market.h"
#include "app/scenarios.h"
#include "core/sha256.h"

namespace mm::app {
namespace {

// A route is the part of the URL after '#': "/market", "/model/<slug>", ... — at most 512 characters, but for
// a shared scenario's (#/scenarios?s=<share code>), which carries a whole scenario.
bool is_valid_route(const std::string& route) {
  const std::size_t longest = route.rfind("/scenarios?s=", 0) == 0 ? 16'384 : 512;
  if (route.empty() || route.front() != '/' || route.size() > longest) return false;
  for (unsigned char c : route)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

Result navigate(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  const json& route = cmd.args.value("route", json());
  if (!route.is_string() || !is_valid_route(route.get<std::string>()))
    return Result::failure("invalid_route", "A route starts with '/' and is at most 512 printable characters.");
  const std::string& path = route.get<std::string>();
  if (path.rfind(kMagicLinkRoute, 0) == 0) return open_magic_link(state, path, ctx, commit);
  // An action that needs a profile sends the person to sign in and names the page to come back to.
  const json& then = cmd.args.value("then", json());
  if (path == "/sign-in" && then.is_string() && is_valid_route(then.get<std::string>()))
    state.prefs.after_sign_in = then.get<std::string>();
  state.prefs.route = path;
  return Result::success({{"route", state.prefs.route}});
}

Result set_theme(AppState& state, const Command& cmd) {
  const json& theme = cmd.args.value("theme", json());
  if (theme == "dark") state.prefs.theme = Theme::Dark;
  else if (theme == "light") state.prefs.theme = Theme::Light;
  else return Result::failure("invalid_theme", "The theme is \"dark\" or \"light\".");
  return Result::success({{"theme", theme_name(state.prefs.theme)}});
}

// For measuring: the built-in catalog repeated to `count` models (1 to 200,000), until the next reload.
Result scale_catalog(AppState& state, const Command& cmd) {
  const json& count = cmd.args.value("count", json());
  if (!count.is_number_integer() || count.get<std::int64_t>() < 1 || count.get<std::int64_t>() > 200'000)
    return Result::failure("invalid_count", "The catalog can be scaled to 1 to 200,000 models.");
  state.catalog_scale = static_cast<std::size_t>(count.get<std::int64_t>());
  rebuild_catalog(state);
  return Result::success({{"models_count", state.catalog.size()}});
}

Result sign_out(AppState& state, const Command&, const Context&, const Commit&) {
  // Signing out ends this profile's sign-in on this device (every tab): coming back needs a new sign-in.
  state.signed_in.erase(state.prefs.profile_id);
  state.prefs.profile_id.clear();
  return Result::success();
}

Result needs_profile(const Command& cmd) {
  return Result::failure("not_signed_in", "Sign in first: browsing is free, but " + cmd.type + " needs a profile.");
}

// A whole number argument, or -1 when it is missing or not a whole number (every caller refuses -1).
std::int64_t integer_arg(const Command& cmd, const char* key) {
  const json& value = cmd.args.value(key, json());
  return value.is_number_integer() ? value.get<std::int64_t>() : -1;
}

std::string text_arg(const Command& cmd, const char* key) {
  const json& value = cmd.args.value(key, json());
  return value.is_string() ? value.get<std::string>() : "";
}

// What a command asks for and for whom, so that its id cannot be reused for another request (id_reused).
std::string request_fingerprint(const AppState& state, const Command& cmd) {
  return core::sha256_hex(json{{"type", cmd.type}, {"args", cmd.args}, {"as", state.prefs.profile_id}}.dump()).substr(0, 32);
}

// Checks, saves, then applies a ledger operation's record: a record the ledger would refuse is never written,
// so a refusal can never leave an orphan in the journal that breaks the next load.
Result commit_outcome(AppState& state, core::Outcome outcome, const Commit& commit, const Command& cmd) {
  if (!outcome.ok()) {
    Result refused = Result::failure(outcome.error, outcome.message);
    if (outcome.data.contains("fields")) refused.data["fields"] = outcome.data["fields"];  // one message per bad field
    return refused;
  }
  if (!outcome.record) {
    if (!cmd.id.empty()) state.results_without_record[cmd.id] = {outcome.data, request_fingerprint(state, cmd)};
    return Result::success(std::move(outcome.data));
  }
  core::JournalRecord& record = *outcome.record;
  if (!cmd.id.empty()) {
    record.data["request"] = request_fingerprint(state, cmd);
    state.ledger.chain(record);
  }
  if (const std::string error = state.ledger.check(record); !error.empty())
    return Result::failure("internal_error", "The ledger refused its own record, so nothing was saved: " + error);
  if (!commit(record))
    return Result::failure("save_failed",
                           "This change could not be saved in the browser's storage, so it was not made. "
                           "Check that the site may store data, then try again.");
  state.ledger.apply_checked(record);  // checked above against this very state
  return Result::success(std::move(outcome.data));
}

// The first bundle in `billed` (a call's parts as quoted) that `who` held and that has expired by `now_ms`.
const core::HeldBundle* expired_bundle(const AppState& state, const std::string& who, const json& billed,
                                       std::int64_t now_ms) {
  const core::ProfileActivity* mine = state.ledger.activity(who);
  if (!mine) return nullptr;
  for (const json& part : billed) {
    if (!part.is_object() || part.value("source", json()) != "bundle" || !part.value("id", json()).is_string()) continue;
    for (const core::HeldBundle& held : mine->bundles)
      if (held.purchase_id == part["id"].get<std::string>() && (held.expired || now_ms >= held.expires_ms)) return &held;
  }
  return nullptr;
}

// unlock / use / rate: the signed-in profile acting on one model.
Result model_command(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  const json& slug = cmd.args.value("slug", json());
  const core::Model* model = slug.is_string() ? state.find_model(slug.get<std::string>()) : nullptr;
  if (!model)
    return Result::failure("unknown_model", "There is no model called \"" +
                                                (slug.is_string() ? slug.get<std::string>() : slug.dump()) + "\".");
  const std::string& who = state.prefs.profile_id;
  if (cmd.type == "unlock") return commit_outcome(state, state.ledger.unlock(who, *model, ctx.now_ms, cmd.id), commit, cmd);

  const char* field = cmd.type == "use" ? "tokens" : "stars";
  const json& amount = cmd.args.value(field, json());
  if (!amount.is_number_integer()) {
    return cmd.type == "use"
               ? Result::failure("invalid_tokens", "Tokens must be a whole number from 1 to 10,000,000.")
               : Result::failure("invalid_stars", "A rating is a whole number of stars from 1 to 5.");
  }
  const std::int64_t value = amount.get<std::int64_t>();
  if (cmd.type == "rate") return commit_outcome(state, state.ledger.rate(who, *model, value, ctx.now_ms, cmd.id), commit, cmd);

  core::Outcome outcome = state.ledger.use(who, *model, value, ctx.now_ms, cmd.id);
  // A call is billed only as the person saw it. A bundle it was to draw on has expired meanwhile (its
  // expiry fell due between the quote and the click): say so, rather than bill the wallet instead.
  const json& expected_billed = cmd.args.value("expected_billed", json());
  const json& expected = cmd.args.value("expected_cost_ucr", json());
  if (outcome.ok() && expected_billed.is_array() && expected_billed != outcome.data.at("billed") &&
      expected != outcome.data.at("cost_ucr"))
    if (const core::HeldBundle* gone = expired_bundle(state, who, expected_billed, ctx.now_ms)) {
      Result expired = Result::failure(
          "bundle_expired", "Your bundle of " + std::to_string(gone->tokens) + " tokens for " + model->name +
                                " expired on " + core::format_iso_date(core::day_of(gone->expires_ms)) +
                                " (UTC): this call now costs " +
                                core::format_ucr(outcome.data.at("cost_ucr").get<core::Micros>()) +
                                ". Nothing was billed; use it again to pay that.");
      expired.data = {{"purchase", gone->purchase_id}, {"cost_ucr", outcome.data.at("cost_ucr")}, {"billed", outcome.data.at("billed")}};
      return expired;
    }
  // Likewise if the price or policy changed meanwhile.
  if (outcome.ok() && !expected.is_null()) {
    const core::Micros cost = outcome.data.at("cost_ucr").get<core::Micros>();
    if (!expected.is_number_integer() || expected.get<std::int64_t>() != cost) {
      Result changed = Result::failure(
          "price_changed", "The price changed: this call now costs " + core::format_ucr(cost) +
                               (expected.is_number_integer() ? " instead of " + core::format_ucr(expected.get<std::int64_t>()) : "") +
                               ". Nothing was billed; use it again to pay the new price.");
      changed.data["cost_ucr"] = cost;
      return changed;
    }
  }
  return commit_outcome(state, std::move(outcome), commit, cmd);
}

// listModel {name, slug?, category, tags, price_per_1k_ucr, latency_ms, description} -> {slug}. Tags are an
// array of strings or one comma-separated string. Wrong types read as empty, so their field's message says
// what is expected.
Result list_model(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  core::ListingDraft draft;
  draft.name = text_arg(cmd, "name");
  draft.slug = text_arg(cmd, "slug");
  draft.category = text_arg(cmd, "category");
  const json& tags = cmd.args.value("tags", json());
  if (tags.is_string()) draft.tags = core::split_tags(tags.get<std::string>());
  if (tags.is_array())
    for (const json& tag : tags) draft.tags.push_back(tag.is_string() ? tag.get<std::string>() : "");
  draft.price_per_1k_ucr = integer_arg(cmd, "price_per_1k_ucr");
  draft.input_per_1k_ucr = cmd.args.contains("input_per_1k_ucr") ? integer_arg(cmd, "input_per_1k_ucr") : 0;
  draft.output_per_1k_ucr = cmd.args.contains("output_per_1k_ucr") ? integer_arg(cmd, "output_per_1k_ucr") : 0;
  draft.latency_ms = integer_arg(cmd, "latency_ms");
  draft.description = text_arg(cmd, "description");
  core::Outcome outcome = state.ledger.list_model(state.prefs.profile_id, std::move(draft), ctx.now_ms, cmd.id,
                                                  [&](const std::string& slug) { return state.find_model(slug) != nullptr; });
  Result result = commit_outcome(state, std::move(outcome), commit, cmd);
  if (result.ok) rebuild_catalog(state);
  return result;
}

// setListingPrice {slug, price_per_1k_ucr}: one's own listing; past calls keep the price they were billed at.
Result set_listing_price(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  Result result = commit_outcome(state,
                                 state.ledger.set_listing_price(state.prefs.profile_id, text_arg(cmd, "slug"),
                                                                integer_arg(cmd, "price_per_1k_ucr"), ctx.now_ms, cmd.id),
                                 commit, cmd);
  if (result.ok) rebuild_catalog(state);
  return result;
}

// applyPricingPolicy {platform_fee_bps, min_charge_ucr}: the marketplace bills every later call this way.
Result apply_pricing_policy(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  const std::int64_t fee = integer_arg(cmd, "platform_fee_bps");
  core::PricingPolicy pricing;
  pricing.platform_fee_bps = fee >= 0 && fee <= core::kMaxPlatformFeeBps ? static_cast<std::int32_t>(fee) : -1;
  pricing.min_charge_ucr = cmd.args.contains("min_charge_ucr") ? integer_arg(cmd, "min_charge_ucr") : 0;
  if (cmd.args.contains("loyalty")) {
    std::map<std::string, std::string> fields;
    const auto tiers = core::read_loyalty(cmd.args["loyalty"], &fields);
    if (!tiers) {
      Result refused = Result::failure("invalid_policy", "The policy was not applied: loyalty " + fields.begin()->first +
                                                             ": " + fields.begin()->second);
      refused.data["fields"] = fields;
      return refused;
    }
    pricing.loyalty = *tiers;
  }
  return commit_outcome(state, state.ledger.set_pricing(state.prefs.profile_id, pricing, ctx.now_ms, cmd.id), commit,
                        cmd);
}

// setChargeModel {slug, charge_model}: how one's own listing is priced from now on (see core/charge_model.h).
Result set_charge_model(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  Result result = commit_outcome(state,
                                 state.ledger.set_charge_model(state.prefs.profile_id, text_arg(cmd, "slug"),
                                                               cmd.args.value("charge_model", json()), ctx.now_ms, cmd.id),
                                 commit, cmd);
  if (result.ok) rebuild_catalog(state);
  return result;
}

// offerBundle {slug, tokens, price_ucr, valid_days} -> {bundle_id}; buyBundle {bundle_id}.
Result offer_bundle(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  return commit_outcome(state, state.ledger.offer_bundle(state.prefs.profile_id, text_arg(cmd, "slug"), cmd.args, ctx.now_ms, cmd.id),
                        commit, cmd);
}
Result buy_bundle(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  return commit_outcome(state, state.ledger.buy_bundle(state.prefs.profile_id, text_arg(cmd, "bundle_id"), ctx.now_ms, cmd.id),
                        commit, cmd);
}

// offerPlan {name, fee_ucr, included_tokens, models, overage_discount_bps, trial_days, platform?} -> {plan_id}
// (platform: true — the marketplace's own plan, on any models; see core/offers.h);
// subscribe {plan_id}; cancelSubscription {plan_id} (at the period's end).
Result offer_plan(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  return commit_outcome(state, state.ledger.offer_plan(state.prefs.profile_id, cmd.args, ctx.now_ms, cmd.id), commit, cmd);
}
Result subscribe(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  return commit_outcome(state, state.ledger.subscribe(state.prefs.profile_id, text_arg(cmd, "plan_id"), ctx.now_ms, cmd.id),
                        commit, cmd);
}
Result cancel_subscription(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  return commit_outcome(
      state, state.ledger.cancel_subscription(state.prefs.profile_id, text_arg(cmd, "plan_id"), ctx.now_ms, cmd.id), commit, cmd);
}

// settleDueEvents: records the renewals and expiries due by now (every shared command does this first; the
// bridge sends it when one falls due while the page is open, and after loading). -> {events}
Result settle_due_events(AppState& state, const Command&, const Context& ctx, const Commit& commit) {
  std::int64_t events = 0;
  for (core::Outcome due = state.ledger.due_event(ctx.now_ms); due.record; due = state.ledger.due_event(ctx.now_ms)) {
    Result saved = commit_outcome(state, std::move(due), commit, Command{});
    if (!saved.ok) return saved;
    ++events;
  }
  return Result::success({{"events", events}});
}

Result run_set_theme(AppState& state, const Command& cmd, const Context&, const Commit&) { return set_theme(state, cmd); }
Result run_scale_catalog(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return scale_catalog(state, cmd);
}
Result run_request_magic_link(AppState& state, const Command& cmd, const Context& ctx, const Commit&) {
  return request_magic_link(state, cmd, ctx);
}
Result run_switch_profile(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return switch_profile(state, cmd);
}
Result run_close_outbox(AppState& state, const Command&, const Context&, const Commit&) { return close_outbox(state); }
Result run_sign_in_problem(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return report_sign_in_problem(state, cmd);
}

Result run_scenario_command(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return run_scenario(state, cmd);
}

Result run_set_endpoint(AppState& state, const Command& cmd, const Context&, const Commit&) { return set_endpoint(state, cmd); }
Result run_remove_endpoint(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return remove_endpoint(state, cmd);
}
Result run_start_endpoint_test(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return start_endpoint_test(state, cmd);
}
Result run_endpoint_tested(AppState& state, const Command& cmd, const Context&, const Commit&) {
  return endpoint_tested(state, cmd);
}
Result run_in_bridge(AppState&, const Command& cmd, const Context&, const Commit&) {
  return Result::failure("needs_bridge", cmd.type + " runs in the browser (it waits for the network): use window.marketplace.dispatch.");
}

using Handler = Result (*)(AppState&, const Command&, const Context&, const Commit&);

// Every command, declared once. `shared`: it reads or writes what every tab of the browser shares (the
// journal, sign-in links, who is signed in), so the bridge runs it under the storage lock after catching up.
// `as_profile`: it acts as the signed-in profile — refused without one, and refused (profile_changed) when
// it carries a `profile` other than the one signed in when it runs.
struct CommandSpec {
  const char* type;
  Handler run;  // nullptr: the Session runs it (it needs storage)
  bool shared;
  bool as_profile;
  bool bridge = false;  // the bridge runs it (it waits for the network); `run` only says so
};

constexpr CommandSpec kCommands[] = {
    {"navigate", navigate, false, false},  // shared when it redeems a sign-in link: see uses_shared_state
    {"setTheme", run_set_theme, false, false},
    {"scaleCatalog", run_scale_catalog, false, false},
    {"closeOutbox", run_close_outbox, false, false},
    {"signInProblem", run_sign_in_problem, false, false},
    {"requestMagicLink", run_request_magic_link, true, false},
    {"switchProfile", run_switch_profile, true, false},
    {"signOut", sign_out, true, false},
    {"unlock", model_command, true, true},
    {"use", model_command, true, true},
    {"rate", model_command, true, true},
    {"listModel", list_model, true, true},
    {"setListingPrice", set_listing_price, true, true},
    {"applyPricingPolicy", apply_pricing_policy, true, true},
    {"setChargeModel", set_charge_model, true, true},
    {"offerBundle", offer_bundle, true, true},
    {"buyBundle", buy_bundle, true, true},
    {"offerPlan", offer_plan, true, true},
    {"subscribe", subscribe, true, true},
    {"cancelSubscription", cancel_subscription, true, true},
    {"settleDueEvents", settle_due_events, true, false},
    {"runScenario", run_scenario_command, false, false},  // in memory: touches nothing stored
    {"setEndpoint", run_set_endpoint, true, true},
    {"removeEndpoint", run_remove_endpoint, true, true},
    {"startCompletion", start_completion, true, true},    // the steps of `complete` the bridge runs
    // (not as_profile: a reply that ends after a sign-out must still leave, unbilled — it checks its profile)
    {"finishCompletion", finish_completion, true, false},
    {"complete", run_in_bridge, false, true, true},
    {"stopCompletion", run_in_bridge, false, false, true},
    {"testEndpoint", run_in_bridge, false, true, true},
    {"startEndpointTest", run_start_endpoint_test, false, true},
    {"endpointTested", run_endpoint_tested, false, true},
    {"importState", nullptr, true, false},
    {"exportState", nullptr, true, false},
};

const CommandSpec* find_command(const std::string& type) {
  for (const CommandSpec& spec : kCommands)
    if (type == spec.type) return &spec;
  return nullptr;
}

}  // namespace

Result dispatch(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  const CommandSpec* spec = find_command(cmd.type);
  if (!spec) {
    if (cmd.type.empty()) return Result::failure("invalid_command", "A command is an object with a string \"type\" field.");
    return Result::failure("unknown_command", "There is no command called \"" + cmd.type + "\".");
  }
  if (spec->as_profile) {
    if (state.prefs.profile_id.empty()) return needs_profile(cmd);
    const json& made_for = cmd.args.value("profile", json());
    if (!made_for.is_null() && made_for != state.prefs.profile_id) {
      const core::Profile* now = state.ledger.profile(state.prefs.profile_id);
      Result changed = Result::failure("profile_changed", "This was made for another profile than the one signed in now (" +
                                                              (now ? now->email : state.prefs.profile_id) +
                                                              "), so nothing was done. Check the profile and try again.");
      changed.data["profile"] = state.prefs.profile_id;
      return changed;
    }
  }
  // Idempotency: a command id that already succeeded returns its first result and changes nothing; the same
  // id with another request — or from another profile — is refused. A refused command changed nothing, so
  // its id may be retried.
  if (!cmd.id.empty()) {
    std::optional<json> first = state.ledger.result_of_command(cmd.id);
    std::string first_request = first ? state.ledger.request_of_command(cmd.id) : "";
    if (const auto earlier = state.results_without_record.find(cmd.id); !first && earlier != state.results_without_record.end()) {
      first = earlier->second.result;
      first_request = earlier->second.request;
    }
    if (first) {
      if (!first_request.empty() && first_request != request_fingerprint(state, cmd))
        return Result::failure("id_reused", "The command id \"" + cmd.id +
                                                "\" was already used for another request; give each request its own id.");
      return Result::success(std::move(*first));
    }
  }
  if (!spec->run) return Result::failure("needs_storage", cmd.type + " runs through the app's session, not dispatch.");
  // What fell due before now is recorded before the command, so it runs on today's subscriptions and bundles.
  if (spec->shared && spec->run != settle_due_events)
    if (Result settled = settle_due_events(state, cmd, ctx, commit); !settled.ok) return settled;
  return spec->run(state, cmd, ctx, commit);
}

bool runs_in_bridge(const Command& cmd) {
  const CommandSpec* spec = find_command(cmd.type);
  return spec && spec->bridge;
}

Result commit_operation(AppState& state, core::Outcome outcome, const Commit& commit, const Command& cmd) {
  return commit_outcome(state, std::move(outcome), commit, cmd);
}

bool acts_as_profile(const Command& cmd) {
  const CommandSpec* spec = find_command(cmd.type);
  return spec && spec->as_profile;
}

bool uses_shared_state(const Command& cmd) {
  const CommandSpec* spec = find_command(cmd.type);
  if (spec && spec->shared) return true;
  const json& route = cmd.args.value("route", json());
  return cmd.type == "navigate" && route.is_string() && route.get<std::string>().rfind(kMagicLinkRoute, 0) == 0;
}

Result sign_in_verified(AppState& state, const std::string& email, const std::string& name,
                        const std::string& picture_url, const std::string& created_with, const Context& ctx,
                        const Commit& commit) {
  const std::string id = core::Ledger::profile_id_for(email);
  if (Result settled = settle_due_events(state, Command{}, ctx, commit); !settled.ok) return settled;
  if (!state.ledger.profile(id)) {
    Result created = commit_outcome(
        state, state.ledger.create_profile(email, name, picture_url, created_with, ctx.now_ms, ""), commit, Command{});
    if (!created.ok) return created;
  }
  state.prefs.profile_id = id;
  state.signed_in.insert(id);
  // Back to the page that asked for a profile, or to the market when signing in from the sign-in screen.
  if (!state.prefs.after_sign_in.empty()) {
    state.prefs.route = state.prefs.after_sign_in;
    state.prefs.after_sign_in.clear();
  } else if (state.prefs.route.rfind("/sign-in", 0) == 0 || state.prefs.route.rfind("/auth/", 0) == 0) {
    state.prefs.route = "/market";
  }
  return Result::success({{"profile", id}});
}

}  // namespace mm::app
