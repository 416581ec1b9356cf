// Everything the app knows, owned in one place. Views read it; only app::dispatch changes it.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/endpoints.h"
#include "core/catalog.h"
#include "core/ledger.h"
#include "core/magic_link.h"

namespace mm::app {

enum class Theme { Dark, Light };
inline const char* theme_name(Theme theme) { return theme == Theme::Light ? "light" : "dark"; }

// What survives a reload besides the journal (persisted by Session as prefs.json).
struct Preferences {
  Theme theme = Theme::Dark;
  std::string route = "/market";  // the last screen, reopened when the page is loaded without a #route
  std::string profile_id;         // the signed-in profile; empty when signed out
  std::string after_sign_in;      // where to go once signed in (the page that asked for it); empty: the market
};

struct AppState {
  // What the market shows: the built-in catalog (or a scaled copy of it) followed by the listings of
  // Builders mode. Rebuilt by app::rebuild_catalog() whenever one of those changes.
  std::vector<core::Model> catalog;
  std::vector<core::Model> builtin_catalog;  // as loaded from assets/catalog.json
  std::size_t catalog_scale = 0;             // scaleCatalog's model count; 0: the built-in catalog as is
  std::uint64_t catalog_version = 0;         // changes whenever `catalog` is rebuilt (views cache by it)
  std::unordered_map<std::string, std::size_t> model_index;  // slug -> position in catalog
  std::string catalog_error;  // why the built-in catalog could not be loaded, shown instead of the list
  core::Ledger ledger;
  core::MagicLinks magic_links;  // pending sign-in links of this browser (persisted as magic_links.json)
  std::string auth_message;      // why the last sign-in attempt failed, shown on the sign-in screen
  // The link just requested, shown in the outbox dialog until it is closed or used. Memory only: the token
  // itself is never written anywhere.
  struct Outbox {
    std::string email;
    std::string link;
  } outbox;
  Preferences prefs;
  // The profiles signed in on this device (every tab: persisted as signed_in.json). Switching is only
  // between these; signing out removes one, and it needs a new sign-in to come back.
  std::set<std::string> signed_in;
  // Results of successful commands that committed no record (e.g. unlocking an owned model), by command
  // id, so replaying their id also returns the first result. Committed ids live in the ledger.
  struct EarlierResult {
    nlohmann::json result;
    std::string request;  // the request's fingerprint: the id may not be reused for another
  };
  std::unordered_map<std::string, EarlierResult> results_without_record;
  // Listings' inference endpoints on this device (persisted as endpoints.json, never exported), and the
  // completions this tab has in flight (their answers so far), by id.
  Endpoints endpoints;
  std::map<std::string, Completion> completions;
  std::int64_t completions_started = 0;
  std::map<std::string, json> endpoint_tests;  // slug -> the last Test connection's {ok, message}

  const core::Model* find_model(const std::string& slug) const {
    const auto it = model_index.find(slug);
    return it == model_index.end() ? nullptr : &catalog[it->second];
  }
};

}  // namespace mm::app
