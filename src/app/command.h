// Commands are the only way state changes. A command is a plain value with a `type`, an optional `id`
// (for idempotency) and its arguments, and it is also JSON: the automation API, URL routes and clicks in
// the UI all produce the same thing and go through the same app::dispatch.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace mm::app {

using nlohmann::json;

struct Command {
  std::string type;
  std::string id;                    // empty: not idempotent (UI navigation); otherwise unique per intent
  json args = json::object();        // every field of the JSON object except `type` and `id`

  // Accepts any JSON value; what is not an object with a string `type` becomes a command of type "" that
  // dispatch refuses with a readable message.
  static Command from_json(const json& value);
  json to_json() const;

  static Command make(std::string type, json args = json::object());
  static Command navigate(std::string route);
  static Command set_theme(std::string theme);
};

struct Result {
  bool ok = false;
  std::string error;    // machine-readable code, e.g. "unknown_command"
  std::string message;  // a sentence a person can read
  json data = json::object();

  static Result success(json data = json::object());
  static Result failure(std::string error, std::string message);
  // {ok: true, ...data} or {ok: false, error, message, ...data}
  json to_json() const;
  static Result from_json(const json& value);
};

// What a command may depend on besides state: injected so dispatch stays deterministic and testable.
struct Context {
  std::int64_t now_ms = 0;  // milliseconds since 1970-01-01 UTC
  std::string entropy;      // fresh random bytes from the browser's crypto (at least 32), for tokens
  std::string base_url;     // the app's own URL without '#...', for links it hands out

  static Context at(std::int64_t now_ms) {
    Context ctx;
    ctx.now_ms = now_ms;
    return ctx;
  }
};

}  // namespace mm::app
