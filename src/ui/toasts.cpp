// Toasts: results and errors of what the person did, bottom-right, fading after a few seconds.
#include <imgui.h>

#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui.h"

namespace mm::ui {
namespace {

constexpr std::int64_t kShowMs = 4000;
constexpr std::int64_t kFadeMs = 600;

}  // namespace

void draw_toasts(UiContext& ui) {
  auto& toasts = ui.toasts;
  toasts.erase(std::remove_if(toasts.begin(), toasts.end(),
                              [&](const Toast& t) { return ui.now_ms - t.shown_ms > kShowMs + (ui.reduced_motion ? 0 : kFadeMs); }),
               toasts.end());
  if (toasts.size() > 4) toasts.erase(toasts.begin(), toasts.end() - 4);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  float bottom = viewport->WorkPos.y + viewport->WorkSize.y - 16;
  const float width = std::min(420.0f, viewport->WorkSize.x - 32);
  for (std::size_t i = toasts.size(); i-- > 0;) {
    const Toast& t = toasts[i];
    const std::int64_t age = ui.now_ms - t.shown_ms;
    // Fades out, unless the browser asks for less motion (then it goes at once).
    const float alpha = age < kShowMs || ui.reduced_motion ? 1.0f : 1.0f - float(age - kShowMs) / float(kFadeMs);
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - 16, bottom), ImGuiCond_Always,
                            ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowSize(ImVec2(width, 0));
    ImGui::SetNextWindowBgAlpha(0.96f * alpha);
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 8.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    const std::string name = "##toast" + std::to_string(i);
    ImGui::Begin(name.c_str(), nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoNav |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::PushTextWrapPos(width - 24);
    ImGui::TextColored(t.ok ? palette().accent : ImVec4(1.0f, 0.55f, 0.45f, 1.0f), "%s",
                       t.ok ? MM_ICON_CHECK : MM_ICON_WARNING);
    ImGui::SameLine();
    ImGui::TextWrapped("%s", t.text.c_str());
    ImGui::PopTextWrapPos();
    ui.widgets.name_last_item("toast." + std::to_string(i));
    bottom -= ImGui::GetWindowHeight() + 8;
    ImGui::End();
    ImGui::PopStyleVar(3);
  }
}

}  // namespace mm::ui
