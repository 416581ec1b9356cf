#include "ui/widget_registry.h"

#include <algorithm>
#include <imgui.h>
#include <imgui_internal.h>

namespace mm::ui {
namespace {

WidgetRegistry* g_hook_registry = nullptr;

Rect to_rect(ImVec2 min, ImVec2 max) { return Rect{min.x, min.y, max.x - min.x, max.y - min.y}; }

// `rect` cut to the visible part of `window` (empty when none of it shows).
Rect visible_in(const ImGuiWindow* window, ImRect rect) {
  rect.ClipWithFull(window->ClipRect);
  if (rect.Max.x <= rect.Min.x || rect.Max.y <= rect.Min.y) return Rect{};
  return to_rect(rect.Min, rect.Max);
}

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::Auto: return "";
    case Role::Text: return "text";
    case Role::Heading: return "heading";
    case Role::Button: return "button";
    case Role::Link: return "link";
    case Role::Checkbox: return "checkbox";
    case Role::Radio: return "radio";
    case Role::Slider: return "slider";
    case Role::Textbox: return "textbox";
    case Role::Combobox: return "combobox";
    case Role::Option: return "option";
  }
  return "";
}

std::string readable_label(const char* label) {
  std::string text(label ? label : "");
  const std::size_t hidden = text.find("##");
  if (hidden != std::string::npos) text.resize(hidden);
  // Icons are private-use characters (U+E000..U+F8FF: three UTF-8 bytes, EE..EF lead) drawn from the icon font.
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool private_use = (c == 0xEE || (c == 0xEF && i + 1 < text.size() &&
                                            static_cast<unsigned char>(text[i + 1]) < 0xA4));
    if (private_use && i + 2 < text.size()) {
      i += 2;
      continue;
    }
    if (text[i] == ' ' && !out.empty() && out.back() == ' ') continue;  // "4 <star> & up" reads "4 & up"
    out += text[i];
  }
  const std::size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

WidgetRegistry* hook_registry() { return g_hook_registry; }

void set_hook_registry(WidgetRegistry* registry) {
  g_hook_registry = registry;
  ImGui::GetCurrentContext()->TestEngineHookItems = registry != nullptr;
}

void WidgetRegistry::begin_frame() {
  rects_.clear();
  nodes_.clear();
  regions_.clear();
  open_regions_.clear();
  added_id_ = 0;
}

void WidgetRegistry::item_added(std::uint32_t imgui_id, Rect full, Rect visible, const void* window) {
  added_id_ = imgui_id;
  added_full_ = full;
  added_visible_ = visible;
  added_window_ = window;
}

void WidgetRegistry::item_info(std::uint32_t imgui_id, const char* label, int status_flags, bool disabled, bool inputable) {
  if (imgui_id != added_id_ || added_visible_.w <= 0) return;  // clipped away: not on screen
  // A menu item reports its inner selectable, then itself: one widget, described by the last report.
  if (!nodes_.empty() && nodes_.back().imgui_id == imgui_id) nodes_.pop_back();
  WidgetNode node;
  node.imgui_id = imgui_id;
  node.window = added_window_;
  node.rect = added_visible_;
  node.full = added_full_;
  node.name = readable_label(label);
  node.checkable = (status_flags & ImGuiItemStatusFlags_Checkable) != 0;
  node.checked = (status_flags & ImGuiItemStatusFlags_Checked) != 0;
  node.expandable = (status_flags & ImGuiItemStatusFlags_Openable) != 0;
  node.expanded = (status_flags & ImGuiItemStatusFlags_Opened) != 0;
  node.disabled = disabled;
  node.role = inputable ? Role::Textbox : node.checkable ? Role::Checkbox : Role::Button;
  // A multi-line field is taller than a line of text and its frame.
  node.multiline = inputable && added_full_.h > ImGui::GetFrameHeight() * 1.5f;
  nodes_.push_back(std::move(node));
}

void WidgetRegistry::name_last_item(std::string id, Role role, std::string name, int checked) {
  const ImGuiID imgui_id = ImGui::GetItemID();
  WidgetNode* node = !nodes_.empty() && imgui_id != 0 && nodes_.back().imgui_id == imgui_id ? &nodes_.back() : nullptr;
  if (!node && imgui_id != 0 && imgui_id == added_id_ && added_visible_.w > 0) {
    // Pressable, but ImGui reports no label for it (an invisible button, a combo box).
    WidgetNode added;
    added.imgui_id = imgui_id;
    added.window = added_window_;
    added.rect = added_visible_;
    added.full = added_full_;
    added.role = Role::Button;
    added.disabled = (ImGui::GetItemFlags() & ImGuiItemFlags_Disabled) != 0;
    nodes_.push_back(std::move(added));
    node = &nodes_.back();
  }
  if (node) {
    node->widget = id;
    if (role != Role::Auto) node->role = role;
    if (!name.empty()) node->name = std::move(name);
    if (checked >= 0) node->checkable = true, node->checked = checked == 1;
  }
  // locate(): the visible part of the item, clipped to its window, so a half-scrolled widget reports where it
  // can be clicked.
  const Rect visible = visible_in(ImGui::GetCurrentWindowRead(), ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
  if (visible.w > 0) rects_[std::move(id)] = visible;
}

void WidgetRegistry::describe_field(std::uint32_t imgui_id, const std::string& text, const char* hint, bool password,
                                    bool read_only, bool multiline) {
  for (auto it = nodes_.rbegin(); it != nodes_.rend() && it - nodes_.rbegin() < 8; ++it) {
    if (it->imgui_id != imgui_id) continue;
    it->role = Role::Textbox;  // (ImGui does not always report a multi-line field as editable)
    it->value = text;
    it->value_known = true;
    if (hint) it->placeholder = readable_label(hint);
    it->password = password;
    it->read_only = read_only;
    it->multiline = multiline;
    return;
  }
}

void WidgetRegistry::begin_region(Region region) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const bool popup = (ImGui::GetCurrentWindowRead()->Flags & ImGuiWindowFlags_Popup) != 0;
  open_regions_.push_back(RegionSpan{region, Rect{at.x, at.y, 0, 0}, popup});
}

void WidgetRegistry::end_region() {
  if (open_regions_.empty()) return;
  // From where it began to the far corner of the last item (or the cursor, whichever is further).
  const ImVec2 item = ImGui::GetItemRectMax(), cursor = ImGui::GetCursorScreenPos();
  Rect& rect = open_regions_.back().rect;
  rect.w = std::max(0.0f, std::max(item.x, rect.x + 1) - rect.x);
  rect.h = std::max(0.0f, std::max(item.y, cursor.y) - rect.y);
  regions_.push_back(open_regions_.back());
  open_regions_.pop_back();
}

std::optional<Rect> WidgetRegistry::find(const std::string& id) const {
  const auto it = rects_.find(id);
  if (it == rects_.end()) return std::nullopt;
  return it->second;
}

}  // namespace mm::ui

// Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): every item ImGui adds, and the label and state of
// every interactive one, reported to the registry while a frame is built.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  if (!mm::ui::g_hook_registry) return;
  ImGuiWindow* window = ctx->CurrentWindow;
  mm::ui::g_hook_registry->item_added(id, mm::ui::to_rect(bb.Min, bb.Max), mm::ui::visible_in(window, bb), window);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  if (!mm::ui::g_hook_registry) return;
  // A multi-line field is added as its child window, which ImGui sometimes adds without an id: its rectangle
  // is then the last item's.
  if (ctx->LastItemData.ID == id && mm::ui::g_hook_registry->last_added() != id)
    ImGuiTestEngineHook_ItemAdd(ctx, ctx->LastItemData.Rect, id);
  const ImGuiItemFlags item_flags = ctx->LastItemData.InFlags;
  mm::ui::g_hook_registry->item_info(id, label, flags, (item_flags & ImGuiItemFlags_Disabled) != 0,
                                     (item_flags & ImGuiItemFlags_Inputable) != 0);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
