#include "app/auth.h"

#include <algorithm>

namespace mm::app {
namespace {

constexpr const char* kSignInRoute = "/sign-in";

// The value of `name` in a route's query ("/auth/magic?token=abc&x=1").
std::string query_value(const std::string& route, const std::string& name) {
  const std::size_t question = route.find('?');
  if (question == std::string::npos) return "";
  std::size_t start = question + 1;
  while (start <= route.size()) {
    const std::size_t end = std::min(route.find('&', start), route.size());
    const std::string pair = route.substr(start, end - start);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return "";
}

Result refuse_link(AppState& state, std::string error, std::string message) {
  state.prefs.route = kSignInRoute;
  state.auth_message = message;
  return Result::failure(std::move(error), std::move(message));
}

}  // namespace

Result request_magic_link(AppState& state, const Command& cmd, const Context& ctx) {
  const json& email = cmd.args.value("email", json());
  std::string normalized;
  if (!email.is_string() || !core::is_valid_email(email.get<std::string>(), &normalized)) {
    state.auth_message = "That does not look like an email address (for example ada@example.org).";
    return Result::failure("invalid_email", state.auth_message);
  }
  if (ctx.entropy.size() < core::kMagicTokenBytes)
    return Result::failure("no_entropy", "The browser gave no secure random numbers, so no safe link can be made.");
  state.magic_links.prune(ctx.now_ms);
  const std::string token =
      state.magic_links.issue(normalized, std::string_view(ctx.entropy).substr(0, core::kMagicTokenBytes), ctx.now_ms);
  state.auth_message.clear();
  const std::string link = ctx.base_url + "#" + kMagicLinkRoute + "?token=" + token;
  state.outbox = {normalized, link};
  return Result::success({{"email", normalized}, {"link", link}, {"expires", ctx.now_ms + core::kMagicLinkLifetimeMs}});
}

Result open_magic_link(AppState& state, const std::string& route, const Context& ctx, const Commit& commit) {
  std::string email;
  switch (state.magic_links.redeem(query_value(route, "token"), ctx.now_ms, &email)) {
    case core::MagicLinkProblem::Malformed:
      return refuse_link(state, "magic_link_malformed",
                         "This sign-in link is incomplete or damaged. Copy the whole link, or ask for a new one.");
    case core::MagicLinkProblem::Unknown:
      return refuse_link(state, "magic_link_unknown",
                         "This sign-in link is not known here. The links of this offline app only work in the "
                         "browser where they were requested: open it there, or ask for a new one here.");
    case core::MagicLinkProblem::Expired:
      return refuse_link(state, "magic_link_expired",
                         "This sign-in link has expired (links last 15 minutes). Ask for a new one.");
    case core::MagicLinkProblem::Used:
      return refuse_link(state, "magic_link_used", "This sign-in link was already used. Ask for a new one.");
    case core::MagicLinkProblem::None: break;
  }
  Result signed_in = sign_in_verified(state, email, email.substr(0, email.find('@')), "", "email", ctx, commit);
  if (!signed_in.ok) return refuse_link(state, signed_in.error, signed_in.message);
  state.auth_message.clear();
  state.outbox = {};
  signed_in.data["route"] = state.prefs.route;
  return signed_in;
}

Result close_outbox(AppState& state) {
  state.outbox = {};
  return Result::success();
}

Result report_sign_in_problem(AppState& state, const Command& cmd) {
  const json& message = cmd.args.value("message", json());
  if (!message.is_string() || message.get<std::string>().empty())
    return Result::failure("invalid_message", "A sign-in problem needs a message.");
  state.auth_message = message.get<std::string>();
  return Result::success();
}

Result switch_profile(AppState& state, const Command& cmd) {
  const json& who = cmd.args.value("profile", json());
  if (who.is_string())
    for (const auto& [id, profile] : state.ledger.profiles())
      if (id == who.get<std::string>() || profile.email == who.get<std::string>()) {
        // A profile that signed out stays on the device (its data is kept) but needs a new sign-in.
        if (!state.signed_in.count(id))
          return Result::failure("sign_in_required", profile.email + " signed out on this device; sign in again "
                                                                     "(email link or Google) to use it.");
        state.prefs.profile_id = id;
        return Result::success({{"profile", id}});
      }
  return Result::failure("unknown_profile", "No profile on this device matches " + who.dump() +
                                                "; sign in to add it.");
}

}  // namespace mm::app
