#include "app/command.h"

namespace mm::app {

Command Command::from_json(const json& value) {
  Command cmd;
  if (!value.is_object()) return cmd;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() == "type") {
      if (it->is_string()) cmd.type = it->get<std::string>();
    } else if (it.key() == "id") {
      if (it->is_string()) cmd.id = it->get<std::string>();
      else if (it->is_number_integer()) cmd.id = std::to_string(it->get<std::int64_t>());
    } else {
      cmd.args[it.key()] = *it;
    }
  }
  return cmd;
}

json Command::to_json() const {
  json out = args;
  out["type"] = type;
  if (!id.empty()) out["id"] = id;
  return out;
}

Command Command::make(std::string type, json args) {
  Command cmd;
  cmd.type = std::move(type);
  cmd.args = std::move(args);
  return cmd;
}

Command Command::navigate(std::string route) {
  Command cmd;
  cmd.type = "navigate";
  cmd.args["route"] = std::move(route);
  return cmd;
}

Command Command::set_theme(std::string theme) {
  Command cmd;
  cmd.type = "setTheme";
  cmd.args["theme"] = std::move(theme);
  return cmd;
}

Result Result::success(json data) {
  Result r;
  r.ok = true;
  r.data = std::move(data);
  return r;
}

Result Result::failure(std::string error, std::string message) {
  Result r;
  r.error = std::move(error);
  r.message = std::move(message);
  return r;
}

Result Result::from_json(const json& value) {
  Result r;
  r.ok = value.is_object() && value.contains("ok") && value["ok"] == true;
  r.data = value.is_object() ? value : json::object();
  for (const char* key : {"ok", "error", "message"}) r.data.erase(key);
  if (!r.ok) {
    r.error = value.is_object() && value.contains("error") && value["error"].is_string() ? value["error"].get<std::string>() : "";
    r.message = value.is_object() && value.contains("message") && value["message"].is_string() ? value["message"].get<std::string>() : "";
  }
  return r;
}

json Result::to_json() const {
  json out = data.is_object() ? data : json::object();  // a failure may carry details, e.g. listing fields
  out["ok"] = ok;
  if (!ok) {
    out["error"] = error;
    out["message"] = message;
  }
  return out;
}

}  // namespace mm::app
