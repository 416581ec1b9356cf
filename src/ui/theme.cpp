#include "ui/theme.h"

namespace mm::ui {
namespace {

Palette g_palette;

ImVec4 rgb(int hex, float alpha = 1.0f) {
  return ImVec4(float((hex >> 16) & 0xff) / 255.0f, float((hex >> 8) & 0xff) / 255.0f, float(hex & 0xff) / 255.0f,
                alpha);
}

void shared_metrics(ImGuiStyle& style) {
  style.WindowPadding = ImVec2(20, 16);
  style.FramePadding = ImVec2(12, 7);
  style.ItemSpacing = ImVec2(10, 8);
  style.WindowRounding = 0;
  style.ChildRounding = 8;
  style.FrameRounding = 6;
  style.PopupRounding = 8;
  style.GrabRounding = 6;
  style.ScrollbarSize = 12;
  style.ScrollbarRounding = 6;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.FrameBorderSize = 0;
}

}  // namespace

void apply_theme(app::Theme theme) {
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  shared_metrics(style);
  ImVec4* c = style.Colors;
  if (theme == app::Theme::Dark) {
    ImGui::StyleColorsDark(&style);
    c[ImGuiCol_WindowBg] = rgb(0x12141a);
    c[ImGuiCol_ChildBg] = rgb(0x12141a);
    c[ImGuiCol_PopupBg] = rgb(0x1c1f27);
    c[ImGuiCol_Text] = rgb(0xe8eaf0);
    c[ImGuiCol_TextDisabled] = rgb(0x8a90a0);
    c[ImGuiCol_Border] = rgb(0x2a2e3a);
    c[ImGuiCol_FrameBg] = rgb(0x1f232d);
    c[ImGuiCol_FrameBgHovered] = rgb(0x282d3a);
    c[ImGuiCol_FrameBgActive] = rgb(0x303647);
    c[ImGuiCol_Button] = rgb(0x262b37);
    c[ImGuiCol_ButtonHovered] = rgb(0x323949);
    c[ImGuiCol_ButtonActive] = rgb(0x3d4558);
    c[ImGuiCol_Header] = rgb(0x1b1f28);
    c[ImGuiCol_HeaderHovered] = rgb(0x242a36);
    c[ImGuiCol_HeaderActive] = rgb(0x2c3342);
    c[ImGuiCol_MenuBarBg] = rgb(0x171a21);
    c[ImGuiCol_ScrollbarBg] = rgb(0x12141a);
    c[ImGuiCol_NavHighlight] = rgb(0x7c9cff);
    g_palette = {rgb(0x7c9cff), rgb(0x9aa0b0), rgb(0x1a1d25), rgb(0x222734),
                 {rgb(0x7c9cff), rgb(0xf5b942), rgb(0x72d98c), rgb(0xf2738c), rgb(0xbf8cf2), rgb(0x66d9e6), rgb(0xff8026),
                  rgb(0x9e9e9e)}};
  } else {
    ImGui::StyleColorsLight(&style);
    c[ImGuiCol_WindowBg] = rgb(0xf6f7fb);
    c[ImGuiCol_ChildBg] = rgb(0xf6f7fb);
    c[ImGuiCol_PopupBg] = rgb(0xffffff);
    c[ImGuiCol_Text] = rgb(0x1b1e27);
    c[ImGuiCol_TextDisabled] = rgb(0x6b7180);
    c[ImGuiCol_Border] = rgb(0xdde0e8);
    c[ImGuiCol_FrameBg] = rgb(0xffffff);
    c[ImGuiCol_FrameBgHovered] = rgb(0xeef0f6);
    c[ImGuiCol_Button] = rgb(0xe6e9f2);
    c[ImGuiCol_ButtonHovered] = rgb(0xd8dcea);
    c[ImGuiCol_ButtonActive] = rgb(0xc9cee0);
    c[ImGuiCol_Header] = rgb(0xffffff);
    c[ImGuiCol_HeaderHovered] = rgb(0xeef1fa);
    c[ImGuiCol_HeaderActive] = rgb(0xe2e7f6);
    c[ImGuiCol_MenuBarBg] = rgb(0xffffff);
    c[ImGuiCol_ScrollbarBg] = rgb(0xf6f7fb);
    c[ImGuiCol_NavHighlight] = rgb(0x3355dd);
    g_palette = {rgb(0x3355dd), rgb(0x5d6475), rgb(0xffffff), rgb(0xeef1fa),
                 {rgb(0x3355dd), rgb(0xc27c00), rgb(0x1e8c45), rgb(0xc8284a), rgb(0x7a3fc4), rgb(0x0f8a99), rgb(0xd35400),
                  rgb(0x5f6368)}};
  }
}

const Palette& palette() { return g_palette; }

}  // namespace mm::ui
