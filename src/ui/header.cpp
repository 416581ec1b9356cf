// The bar at the top of every screen: product name, navigation, credits, theme, and the profile menu
// (sign in / switch profile / sign out).
#include <imgui.h>
#include <tuple>

#include "app/route.h"
#include "core/money.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

namespace mm::ui {
namespace {

void draw_profile_menu(const app::AppState& state, UiContext& ui) {
  if (!ImGui::BeginPopup("profile.menu")) return;
  ImGui::TextDisabled("Profiles on this device");
  for (const auto& [id, profile] : state.ledger.profiles()) {
    const bool current = id == state.prefs.profile_id;
    if (!state.signed_in.count(id)) {
      // Signed out on this device: its data is kept, but using it again takes a new sign-in.
      if (ImGui::MenuItem((profile.email + "  (signed out: sign in)").c_str())) {
        ui.email_input = profile.email;
        ui.emit(app::Command::navigate("/sign-in"));
      }
    } else if (ImGui::MenuItem(profile.email.c_str(), nullptr, current) && !current) {
      ui.emit(app::Command::make("switchProfile", {{"profile", id}}));
    }
    ui.widgets.name_last_item("header.profile." + profile.email);
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Leaderboards")) ui.emit(app::Command::navigate("/leaderboards"));
  if (ImGui::MenuItem("My models")) ui.emit(app::Command::navigate("/profile/models"));
  if (ImGui::MenuItem("Builders")) ui.emit(app::Command::navigate("/builders"));
  if (ImGui::MenuItem("Sandbox")) ui.emit(app::Command::navigate("/simulate"));
  if (ImGui::MenuItem("Scenarios")) ui.emit(app::Command::navigate("/scenarios"));
  if (ImGui::MenuItem("Profile")) ui.emit(app::Command::navigate("/profile"));
  if (ImGui::MenuItem("How it works")) ui.emit(app::Command::navigate("/how-it-works"));
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

  const app::Screen screen = current_route(state, ui).screen;
  const bool on_market = screen == app::Screen::Market;
  ui.widgets.begin_region(Region::Navigation);
  if (on_market) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
  if (ImGui::Button("Market")) ui.emit(app::Command::navigate("/market"));
  ui.widgets.name_last_item("header.market");
  if (on_market) ImGui::PopStyleColor();
  const std::tuple<const char*, const char*, app::Screen, const char*> links[] = {
      {"Leaderboards", "/leaderboards", app::Screen::Leaderboards, "header.leaderboards"},
      {"My models", "/profile/models", app::Screen::MyModels, "header.mymodels"},
      {"Profile", "/profile", app::Screen::Profile, "header.profile_page"},
      {"Builders", "/builders", app::Screen::Builders, "header.builders"},
      {"Sandbox", "/simulate", app::Screen::Simulate, "header.sandbox"},
      {"Scenarios", "/scenarios", app::Screen::Scenarios, "header.scenarios"},
      {"How it works", "/how-it-works", app::Screen::HowItWorks, "header.how"}};
  // Narrow windows keep only the market link; the rest are in the profile menu.
  const bool wide = ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x >= 1100.0f;
  for (const auto& [label, route, target, id] : links) {
    if (!wide) break;
    ImGui::SameLine();
    if (screen == target) ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    if (ImGui::Button(label)) ui.emit(app::Command::navigate(route));
    if (screen == target) ImGui::PopStyleColor();
    ui.widgets.name_last_item(id);
  }
  ui.widgets.end_region();

  // Right side, left to right: theme, then credits and the profile menu (or "Sign in"). Laid out from the right
  // edge; on a narrow window it moves to its own row instead of running into the title.
  const core::Profile* profile = state.ledger.profile(state.prefs.profile_id);
  const bool dark = state.prefs.theme == app::Theme::Dark;
  // Narrow windows get the icon alone, and so do windows where the links would push the right side to a row of
  // its own.
  const float content = ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
  const bool narrow = content < 560.0f || (wide && content < 1500.0f);
  const char* theme_label = narrow ? (dark ? MM_ICON_SUN : MM_ICON_MOON) : dark ? "Light theme" : "Dark theme";
  const core::Micros balance = profile ? state.ledger.balance(core::wallet_account(profile->id)) : 0;
  const std::string credits = core::format_ucr(balance) + " credits";
  const float warning_width = balance < core::kMicrosPerCredit ? ImGui::CalcTextSize(MM_ICON_WARNING " ").x : 0.0f;
  const float pad = ImGui::GetStyle().FramePadding.x * 2, gap = ImGui::GetStyle().ItemSpacing.x;
  const char* saving = MM_ICON_CLOCK " Saving\xE2\x80\xA6";  // "Saving…": a click's result is not stored yet
  const char* checking = MM_ICON_CLOCK " Checking history\xE2\x80\xA6 100%";
  const float note = ui.saving ? ImGui::CalcTextSize(saving).x + gap
                               : ui.history_checked_percent >= 0 ? ImGui::CalcTextSize(checking).x + gap : 0;
  float width = ImGui::CalcTextSize(theme_label).x + pad + gap + note;
  width += profile ? ImGui::CalcTextSize(credits.c_str()).x + warning_width + gap + ImGui::CalcTextSize(profile->email.c_str()).x + pad
                   : ImGui::CalcTextSize("Sign in").x + pad;
  const float right = ImGui::GetWindowContentRegionMax().x;
  const float start = std::max(ImGui::GetWindowContentRegionMin().x, right - width);
  if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 16 > start) ImGui::SetCursorPosX(start);  // new row
  else ImGui::SameLine(start);

  if (ImGui::Button(theme_label)) ui.emit(app::Command::set_theme(dark ? "light" : "dark"));
  ui.widgets.name_last_item("header.theme", Role::Button, dark ? "Light theme" : "Dark theme");
  ImGui::SameLine();
  if (ui.saving) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", saving);
    ui.widgets.name_last_item("header.saving");
    ImGui::SameLine();
  } else if (ui.history_checked_percent >= 0) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(MM_ICON_CLOCK " Checking history\xE2\x80\xA6 %d%%", ui.history_checked_percent);
    ui.widgets.name_last_item("header.checking");
    ImGui::SameLine();
  }
  if (profile) {
    ImGui::AlignTextToFramePadding();
    const bool low = balance < core::kMicrosPerCredit;  // under $1.00: warn where the balance is shown
    ImGui::TextColored(low ? ImVec4(1.0f, 0.62f, 0.35f, 1.0f) : palette().accent, "%s%s", low ? MM_ICON_WARNING " " : "",
                       credits.c_str());
    if (low && ImGui::IsItemHovered()) ImGui::SetTooltip("Low balance: less than $1.00 of credits left.");
    ui.widgets.name_last_item(low ? "header.balance.low" : "header.balance");
    ImGui::SameLine();
    if (ImGui::Button(profile->email.c_str())) ImGui::OpenPopup("profile.menu");
    ui.widgets.name_last_item("header.profile", Role::Button, "Profile menu: " + profile->email);
    draw_profile_menu(state, ui);
  } else {
    if (ImGui::Button("Sign in")) ui.emit(app::Command::navigate("/sign-in"));
    ui.widgets.name_last_item("header.signin");
  }
  ImGui::Separator();
}

}  // namespace mm::ui
