// Completions from a listing's inference endpoint (see ledger.h): the worst case authorized before a request
// is sent, and one "complete" record billing what the reply used — re-derived on replay like every record.
#include <algorithm>

#include "core/completion.h"
#include "core/ledger.h"

namespace mm::core {

using nlohmann::json;

Outcome Ledger::authorize_completion(const std::string& profile_id, const Model& model, std::int64_t prompt_tokens,
                                     std::int64_t max_output_tokens, std::int64_t time_ms, Micros reserved_ucr) const {
  if (!profile(profile_id)) return refuse("not_signed_in", "Sign in to use models.");
  const Model* listed = listing(model.slug);
  if (!listed) return refuse("no_endpoint", model.name + " answers here (simulated): only a listed model has an endpoint.");
  const ProfileActivity* mine = activity(profile_id);
  if (!mine || !mine->owned.count(listed->slug))
    return refuse("not_owned", "Unlock " + listed->name + " (free) before using it.");
  if (prompt_tokens < 1 || prompt_tokens > kMaxTokensPerCall) return refuse("invalid_prompt", "Type a prompt (at most about 40 MB).");
  if (max_output_tokens < 1 || max_output_tokens > kMaxOutputTokens)
    return refuse("invalid_max_output_tokens", "The reply may be from 1 to 100,000 tokens long.");
  // The worst case: every reply token allowed. Through billing plans it is what those tokens would cost there
  // (tiers may cost more than the list price); never less than at the listed prices.
  std::optional<Micros> worst =
      completion_cost({prompt_tokens, max_output_tokens}, input_price_of(*listed), output_price_of(*listed));
  if (!worst) return refuse("invalid_prompt", "This prompt cannot be priced.");
  worst = std::max(*worst, pricing_.min_charge_ucr);
  if (billed_by_plans(profile_id, *listed, charge_model_of(*listed), time_ms)) {
    const UseDecision planned =
        decide_use(profile_id, listed->slug, listed, std::nullopt, prompt_tokens + max_output_tokens, time_ms);
    if (planned.ok()) worst = std::max(*worst, planned.cost_ucr);
  }
  const Micros balance_now = balance(wallet_account(profile_id));
  const Micros available = balance_now - std::clamp<Micros>(reserved_ucr, 0, balance_now);
  if (*worst > available)
    return refuse("insufficient_credits", "Not enough credits: this prompt may cost up to " + format_ucr(*worst) +
                                              " (about " + std::to_string(prompt_tokens) + " prompt tokens and up to " +
                                              std::to_string(max_output_tokens) + " reply tokens) and your balance is " +
                                              format_ucr(balance_now) +
                                              (available < balance_now ? " (" + format_ucr(balance_now - available) +
                                                                             " held for answers still coming)" : "") + ".");
  Outcome out;
  out.data = {{"worst_case_ucr", *worst},
              {"input_per_1k_ucr", input_price_of(*listed)},
              {"output_per_1k_ucr", output_price_of(*listed)}};
  return out;
}

Outcome Ledger::complete(const std::string& profile_id, const Model& model, const CompletionBill& bill,
                         std::int64_t time_ms, const std::string& cmd_id) const {
  return sealed(derive_complete(profile_id, model.slug, bill, time_ms, cmd_id));
}

UseDecision Ledger::decide_complete(const std::string& profile_id, const std::string& slug, const CompletionBill& bill,
                                    std::int64_t time_ms) const {
  const auto refused = &UseDecision::refused;
  if (!profile(profile_id)) return refused("not_signed_in", "Sign in to use models.");
  const Model* model = listing(slug);
  if (!model) return refused("unknown_model", "There is no listed model called \"" + slug + "\".");
  const std::int64_t tokens = bill.prompt_tokens + bill.completion_tokens;
  if (bill.prompt_tokens < 0 || bill.completion_tokens < 0 || bill.prompt_tokens > kMaxTokensPerCall ||
      bill.completion_tokens > kMaxTokensPerCall || tokens < 1)
    return refused("invalid_tokens", "A completion bills from 1 to 10,000,000 prompt and reply tokens each.");
  if (bill.ended != "complete" && bill.ended != "stopped" && bill.ended != "failed")
    return refused("invalid_ended", "A request ends complete, stopped or failed.");
  if (bill.estimated && bill.ended != "complete")
    return refused("not_billable", "A stopped or failed request is billed only for the usage its endpoint reported.");
  if (bill.max_cost_ucr < 1) return refused("invalid_max_cost", "A completion states the worst case authorized before it was sent.");
  const ProfileActivity* mine = activity(profile_id);
  if (!mine || !mine->owned.count(slug)) return refused("not_owned", "Unlock " + model->name + " (free) before using it.");
  // Never more than the worst case authorized before sending (whatever the endpoint reports).
  const auto within_authorized = [&](UseDecision decision) {
    if (decision.ok() && decision.cost_ucr > bill.max_cost_ucr)
      return refused("over_authorized", "The endpoint reported more tokens than were authorized: this reply would cost " +
                                            format_ucr(decision.cost_ucr) + ", more than the " + format_ucr(bill.max_cost_ucr) +
                                            " allowed before it was sent.");
    return decision;
  };
  if (billed_by_plans(profile_id, *model, charge_model_of(*model), time_ms))
    return within_authorized(decide_use(profile_id, slug, model, std::nullopt, tokens, time_ms));
  std::optional<Micros> cost = completion_cost({bill.prompt_tokens, bill.completion_tokens}, input_price_of(*model),
                                               output_price_of(*model));
  if (!cost) return refused("invalid_tokens", "This many tokens cannot be priced.");
  cost = std::max(*cost, pricing_.min_charge_ucr);
  const std::string wallet = wallet_account(profile_id);
  const Micros balance_now = balance(wallet);
  if (*cost > balance_now)
    return refused("insufficient_credits", "Not enough credits: this reply costs " + format_ucr(*cost) +
                                               " and your balance is " + format_ucr(balance_now) + ".");
  UseDecision out;
  out.decided_at_seq = last_seq_;
  out.tokens = tokens;
  out.price_per_1k_ucr = model->price_per_1k_ucr;
  out.cost_ucr = *cost;
  out.balance_ucr = balance_now - *cost;
  const Micros platform = platform_fee(*cost, pricing_.platform_fee_bps);
  out.postings = {{wallet, -*cost}, {revenue_account_of(*model), *cost - platform}};
  if (platform > 0) out.postings.push_back({kPlatformFeesAccount, platform});
  return within_authorized(std::move(out));
}

Outcome Ledger::derive_complete(const std::string& profile_id, const std::string& slug, const CompletionBill& bill,
                                std::int64_t time_ms, const std::string& cmd_id) const {
  UseDecision decision = decide_complete(profile_id, slug, bill, time_ms);
  if (!decision.ok()) return refuse(std::move(decision.error), std::move(decision.message));
  const Model& model = *listing(slug);
  JournalRecord record = use_record(profile_id, slug, decision, time_ms, cmd_id);
  record.kind = "complete";
  record.data["prompt_tokens"] = bill.prompt_tokens;
  record.data["completion_tokens"] = bill.completion_tokens;
  record.data["input_per_1k_ucr"] = input_price_of(model);
  record.data["output_per_1k_ucr"] = output_price_of(model);
  record.data["usage"] = bill.estimated ? "estimated" : "reported";
  record.data["ended"] = bill.ended;
  record.data["max_cost_ucr"] = bill.max_cost_ucr;
  Outcome out;
  out.record = std::move(record);
  out.data = result_of(*out.record);
  return out;
}

}  // namespace mm::core
