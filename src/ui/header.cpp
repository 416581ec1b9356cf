// The bar at the top of every screen: product name, navigation, credits, theme, and the profile menu
// (sign in / switch profile / sign out).
#include <imgui.h>

#include "app/route.h"
#include "core/money.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

// Right-aligned items are laid out from the right edge; returns the x where the next one must end.
float place_right(float right, const char* label, bool framed = true) {
  const float width = ImGui::CalcTextSize(label).x + (framed ? ImGui::GetStyle().FramePadding.x * 2 : 0.0f);
  ImGui::SameLine(right - width);
  return right - width - ImGui::GetStyle().ItemSpacing.x;
}

void draw_profile_menu(const app::AppState& state, UiContext& ui) {
  if (!ImGui::BeginPopup("profile.menu")) return;
  ImGui::TextDisabled("Profiles on this device");
  for (const auto& [id, profile] : state.ledger.profiles()) {
    const bool current = id == state.prefs.profile_id;
    if (ImGui::MenuItem(profile.email.c_str(), nullptr, current) && !current)
      ui.emit(app::Command::make("switchProfile", {{"profile", id}}));
    ui.widgets.name_last_item("header.profile." + profile.email);
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Add another profile")) ui.emit(app::Command::navigate("/sign-in"));
  ui.widgets.name_last_item("header.add_profile");
  if (ImGui::MenuItem("Sign out")) ui.emit(app::Command::make("signOut"));
  ui.widgets.name_last_item("header.signout");
  ImGui::EndPopup();
}

}  // namespace

void draw_header(const app::AppState& state, UiContext& ui) {
  ImGui::PushFont(ui.fonts.title);
  ImGui::TextUnformatted("Model Marketplace");
  ImGui::PopFont();
  ImGui::SameLine(0, 24);

  const bool on_market = app::parse_route(state.prefs.route).screen == app::Screen::Market;
  if (on_market) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
  if (ImGui::Button("Market")) ui.emit(app::Command::navigate("/market"));
  ui.widgets.name_last_item("header.market");
  if (on_market) ImGui::PopStyleColor();

  float right = ImGui::GetWindowContentRegionMax().x;
  const core::Profile* profile = state.ledger.profile(state.prefs.profile_id);
  if (profile) {
    right = place_right(right, profile->email.c_str());
    if (ImGui::Button(profile->email.c_str())) ImGui::OpenPopup("profile.menu");
    ui.widgets.name_last_item("header.profile");
    draw_profile_menu(state, ui);

    const core::Micros balance = state.ledger.balance(core::wallet_account(profile->id));
    const std::string credits = core::format_ucr(balance) + " credits";
    right = place_right(right, credits.c_str(), /*framed=*/false);
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(balance < core::kMicrosPerCredit ? ImVec4(1.0f, 0.62f, 0.35f, 1.0f) : palette().accent,
                       "%s", credits.c_str());
    ui.widgets.name_last_item("header.balance");
  } else {
    right = place_right(right, "Sign in");
    if (ImGui::Button("Sign in")) ui.emit(app::Command::navigate("/sign-in"));
    ui.widgets.name_last_item("header.signin");
  }

  const bool dark = state.prefs.theme == app::Theme::Dark;
  const char* theme_label = dark ? "Light theme" : "Dark theme";
  place_right(right, theme_label);
  if (ImGui::Button(theme_label)) ui.emit(app::Command::set_theme(dark ? "light" : "dark"));
  ui.widgets.name_last_item("header.theme");
  ImGui::Separator();
}

}  // namespace mm::ui
