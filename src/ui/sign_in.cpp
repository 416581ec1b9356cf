// #/sign-in — email magic link (with its outbox) and Google. Everything stays in this browser; the screen
// says so, and says why Google is not offered when it is not.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/route.h"
#include "core/money.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

constexpr float kColumnWidth = 480.0f;

void draw_google(UiContext& ui) {
  const std::string& status = ui.google_status;
  if (status == "ready") {
    // Google's own button (a DOM element from Google Identity Services) is placed over this spot.
    ImGui::Dummy(ImVec2(280, 44));
    ui.widgets.name_last_item("signin.google");
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
  if (status == "offline")
    ImGui::TextWrapped("Google sign-in needs a network connection. Use an email link instead: it works offline.");
  else if (status == "unavailable")
    ImGui::TextWrapped("Google sign-in could not be loaded right now. Use an email link, or try again later.");
  else
    ImGui::TextWrapped("Google sign-in is not set up for this copy of the app: put {\"googleClientId\": \"...\"} in "
                       "config.json next to index.html (see the README).");
  ImGui::PopStyleColor();
  ui.widgets.name_last_item("signin.google.note");
}

void draw_outbox(const app::AppState& state, UiContext& ui) {
  if (state.outbox.link.empty()) return;
  if (!ImGui::IsPopupOpen("Outbox")) ImGui::OpenPopup("Outbox");
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(560.0f, viewport->WorkSize.x - 24), 0));
  if (!ImGui::BeginPopupModal("Outbox", nullptr, ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove)) return;
  ui.widgets.begin_region(Region::Dialog);
  ImGui::PushFont(ui.fonts.bold);
  ImGui::TextWrapped("Sign-in link for %s", state.outbox.email.c_str());
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, palette().muted);
  ImGui::TextWrapped("This app has no server, so nothing was emailed. Open the link here, copy it, or send it to "
                     "yourself. It works once, for 15 minutes, in this browser.");
  ImGui::PopStyleColor();
  std::string link = state.outbox.link;
  ImGui::SetNextItemWidth(-1);
  input_text("##link", &link, ImGuiInputTextFlags_ReadOnly);
  ui.widgets.name_last_item("signin.outbox.link", Role::Textbox, "Sign-in link");
  ImGui::Spacing();
  if (ImGui::Button("Open link")) ui.emit(app::Command::navigate(link.substr(link.find('#') + 1)));
  ui.widgets.name_last_item("signin.outbox.open");
  ImGui::SameLine();
  if (ImGui::Button("Copy link") && ui.copy_to_clipboard) ui.copy_to_clipboard(link);
  ui.widgets.name_last_item("signin.outbox.copy");
  ImGui::SameLine();
  if (ImGui::Button("Send to myself") && ui.open_url)
    ui.open_url("mailto:" + state.outbox.email + "?subject=" +
                app::url_encode("Your Model Marketplace sign-in link") + "&body=" + app::url_encode(link));
  ui.widgets.name_last_item("signin.outbox.mail");
  ImGui::SameLine();
  if (ImGui::Button("Close") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
    ui.emit(app::Command::make("closeOutbox"));
    ImGui::CloseCurrentPopup();
  }
  ui.widgets.name_last_item("signin.outbox.close");
  ui.widgets.end_region();
  ImGui::EndPopup();
}

}  // namespace

void draw_sign_in(const app::AppState& state, UiContext& ui) {
  const float width = std::min(kColumnWidth, ImGui::GetContentRegionAvail().x);
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::Dummy(ImVec2(width, 12));
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Sign in");
  ImGui::PopFont();
  ImGui::TextWrapped("Browsing is free. Sign in to unlock and use models: a new profile starts with %s of demo "
                     "credits. Everything stays in this browser.",
                     core::format_ucr(state.ledger.policy().welcome_grant_ucr).c_str());
  ImGui::Spacing();
  if (!state.auth_message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.62f, 0.35f, 1.0f));
    ImGui::TextWrapped("%s", state.auth_message.c_str());
    ImGui::PopStyleColor();
    ui.widgets.name_last_item("signin.message");
    ImGui::Spacing();
  }

  ImGui::TextUnformatted("Email");
  ImGui::SetNextItemWidth(width);
  const bool entered = input_text_with_hint("##email", "you@example.org", &ui.email_input,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
  ui.widgets.name_last_item("signin.email");
  if (ImGui::Button("Email me a sign-in link", ImVec2(width, 0)) || entered)
    ui.emit(app::Command::make("requestMagicLink", {{"email", ui.email_input}}));
  ui.widgets.name_last_item("signin.request");

  // A rule as wide as the column (ImGui::Separator would span the window).
  ImGui::Dummy(ImVec2(width, 8));
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddLine(at, ImVec2(at.x + width, at.y), ImGui::GetColorU32(ImGuiCol_Separator));
  ImGui::Dummy(ImVec2(width, 8));
  draw_google(ui);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  draw_outbox(state, ui);
}

}  // namespace mm::ui
