#include "app/dispatch.h"

#include "app/auth.h"
#include "app/market.h"

namespace mm::app {
namespace {

// A route is the part of the URL after '#': "/market", "/model/<slug>", ...
bool is_valid_route(const std::string& route) {
  if (route.empty() || route.front() != '/' || route.size() > 512) return false;
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

Result sign_out(AppState& state) {
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

// Saves, then applies, a ledger operation's record.
Result commit_outcome(AppState& state, core::Outcome outcome, const Commit& commit, const std::string& cmd_id) {
  if (!outcome.ok()) return Result::failure(outcome.error, outcome.message);
  if (!outcome.record && !cmd_id.empty()) state.results_without_record[cmd_id] = outcome.data;
  if (outcome.record) {
    if (!commit(*outcome.record))
      return Result::failure("save_failed",
                             "This change could not be saved in the browser's storage, so it was not made. "
                             "Check that the site may store data, then try again.");
    const std::string error = state.ledger.apply(*outcome.record);
    if (!error.empty()) return Result::failure("internal_error", "The ledger refused its own record: " + error);
  }
  return Result::success(std::move(outcome.data));
}

// unlock / use / rate: the signed-in profile acting on one model.
Result model_command(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  if (state.prefs.profile_id.empty()) return needs_profile(cmd);
  const json& slug = cmd.args.value("slug", json());
  const core::Model* model = slug.is_string() ? state.find_model(slug.get<std::string>()) : nullptr;
  if (!model)
    return Result::failure("unknown_model", "There is no model called \"" +
                                                (slug.is_string() ? slug.get<std::string>() : slug.dump()) + "\".");
  const std::string& who = state.prefs.profile_id;
  if (cmd.type == "unlock")
    return commit_outcome(state, state.ledger.unlock(who, *model, ctx.now_ms, cmd.id), commit, cmd.id);

  const char* field = cmd.type == "use" ? "tokens" : "stars";
  const json& amount = cmd.args.value(field, json());
  if (!amount.is_number_integer()) {
    return cmd.type == "use"
               ? Result::failure("invalid_tokens", "Tokens must be a whole number from 1 to 10,000,000.")
               : Result::failure("invalid_stars", "A rating is a whole number of stars from 1 to 5.");
  }
  const std::int64_t value = amount.get<std::int64_t>();
  if (cmd.type == "use")
    return commit_outcome(state, state.ledger.use(who, *model, value, ctx.now_ms, cmd.id), commit, cmd.id);
  return commit_outcome(state, state.ledger.rate(who, *model, value, ctx.now_ms, cmd.id), commit, cmd.id);
}

// listModel {name, slug?, category, tags, price_per_1k_ucr, latency_ms, description} -> {slug}. Tags are an
// array of strings or one comma-separated string. Wrong types read as empty, so their field's message says
// what is expected.
Result list_model(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  if (state.prefs.profile_id.empty()) return needs_profile(cmd);
  core::ListingDraft draft;
  draft.name = text_arg(cmd, "name");
  draft.slug = text_arg(cmd, "slug");
  draft.category = text_arg(cmd, "category");
  const json& tags = cmd.args.value("tags", json());
  if (tags.is_string()) draft.tags = core::split_tags(tags.get<std::string>());
  if (tags.is_array())
    for (const json& tag : tags) draft.tags.push_back(tag.is_string() ? tag.get<std::string>() : "");
  draft.price_per_1k_ucr = integer_arg(cmd, "price_per_1k_ucr");
  draft.latency_ms = integer_arg(cmd, "latency_ms");
  draft.description = text_arg(cmd, "description");
  core::Outcome outcome = state.ledger.list_model(state.prefs.profile_id, std::move(draft), ctx.now_ms, cmd.id,
                                                  [&](const std::string& slug) { return state.find_model(slug) != nullptr; });
  json fields = outcome.data.value("fields", json());
  Result result = commit_outcome(state, std::move(outcome), commit, cmd.id);
  if (result.ok) rebuild_catalog(state);
  if (!fields.is_null()) result.data["fields"] = std::move(fields);
  return result;
}

// setListingPrice {slug, price_per_1k_ucr}: one's own listing; past calls keep the price they were billed at.
Result set_listing_price(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  if (state.prefs.profile_id.empty()) return needs_profile(cmd);
  Result result = commit_outcome(state,
                                 state.ledger.set_listing_price(state.prefs.profile_id, text_arg(cmd, "slug"),
                                                                integer_arg(cmd, "price_per_1k_ucr"), ctx.now_ms, cmd.id),
                                 commit, cmd.id);
  if (result.ok) rebuild_catalog(state);
  return result;
}

// applyPricingPolicy {platform_fee_bps, min_charge_ucr}: the marketplace bills every later call this way.
Result apply_pricing_policy(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  if (state.prefs.profile_id.empty()) return needs_profile(cmd);
  const std::int64_t fee = integer_arg(cmd, "platform_fee_bps");
  core::PricingPolicy pricing;
  pricing.platform_fee_bps = fee >= 0 && fee <= core::kMaxPlatformFeeBps ? static_cast<std::int32_t>(fee) : -1;
  pricing.min_charge_ucr = cmd.args.contains("min_charge_ucr") ? integer_arg(cmd, "min_charge_ucr") : 0;
  return commit_outcome(state, state.ledger.set_pricing(state.prefs.profile_id, pricing, ctx.now_ms, cmd.id), commit,
                        cmd.id);
}

}  // namespace

Result dispatch(AppState& state, const Command& cmd, const Context& ctx, const Commit& commit) {
  // Idempotency: a command id that already succeeded returns its first result and changes nothing. A refused
  // command changed nothing, so its id may be retried.
  if (!cmd.id.empty()) {
    if (auto first = state.ledger.result_of_command(cmd.id)) return Result::success(std::move(*first));
    const auto earlier = state.results_without_record.find(cmd.id);
    if (earlier != state.results_without_record.end()) return Result::success(earlier->second);
  }

  if (cmd.type == "navigate") return navigate(state, cmd, ctx, commit);
  if (cmd.type == "setTheme") return set_theme(state, cmd);
  if (cmd.type == "signOut") return sign_out(state);
  if (cmd.type == "requestMagicLink") return request_magic_link(state, cmd, ctx);
  if (cmd.type == "switchProfile") return switch_profile(state, cmd);
  if (cmd.type == "closeOutbox") return close_outbox(state);
  if (cmd.type == "scaleCatalog") return scale_catalog(state, cmd);
  if (cmd.type == "signInProblem") return report_sign_in_problem(state, cmd);
  if (cmd.type == "unlock" || cmd.type == "use" || cmd.type == "rate") return model_command(state, cmd, ctx, commit);
  if (cmd.type == "listModel") return list_model(state, cmd, ctx, commit);
  if (cmd.type == "setListingPrice") return set_listing_price(state, cmd, ctx, commit);
  if (cmd.type == "applyPricingPolicy") return apply_pricing_policy(state, cmd, ctx, commit);
  if (cmd.type.empty())
    return Result::failure("invalid_command", "A command is an object with a string \"type\" field.");
  return Result::failure("unknown_command", "There is no command called \"" + cmd.type + "\".");
}

bool uses_shared_state(const Command& cmd) {
  static const char* const kShared[] = {"unlock",          "use",         "rate",        "listModel",
                                        "setListingPrice", "applyPricingPolicy", "requestMagicLink",
                                        "importState",     "exportState"};
  for (const char* type : kShared)
    if (cmd.type == type) return true;
  const json& route = cmd.args.value("route", json());
  return cmd.type == "navigate" && route.is_string() && route.get<std::string>().rfind(kMagicLinkRoute, 0) == 0;
}

Result sign_in_verified(AppState& state, const std::string& email, const std::string& name,
                        const std::string& picture_url, const Context& ctx, const Commit& commit) {
  const std::string id = core::Ledger::profile_id_for(email);
  if (!state.ledger.profile(id)) {
    Result created = commit_outcome(state, state.ledger.create_profile(email, name, picture_url, ctx.now_ms, ""), commit, "");
    if (!created.ok) return created;
  }
  state.prefs.profile_id = id;
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
