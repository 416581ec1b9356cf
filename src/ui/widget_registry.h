// What was drawn in the last frame, widget by widget: for window.marketplace.locate(id), which tells a test
// where to click on the real canvas, and for the accessibility mirror (ui/a11y_mirror.h), which gives each
// widget a real, focusable element with its role, name, value and state. Coordinates are CSS pixels from the
// canvas' top-left corner.
//
// Dear ImGui reports every interactive item it draws (label, checkable/checked, openable/opened) through its
// test-engine hooks (IMGUI_ENABLE_TEST_ENGINE, implemented in widget_registry.cpp); views add what ImGui
// cannot know: the name tests use (`name_last_item`), a role other than the one guessed, a name for an icon.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace mm::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
};

// ARIA roles the mirror gives its elements. Auto: guessed from what ImGui reported (a checkable item is a
// checkbox, an editable one a textbox, anything else that can be pressed a button).
enum class Role : std::uint8_t { Auto, Text, Heading, Button, Link, Checkbox, Radio, Slider, Textbox, Combobox, Option };
const char* role_name(Role role);

// Landmarks a screen is divided into (the mirror puts each region's elements in its own landmark).
enum class Region : std::uint8_t { Main, Banner, Navigation, Search, Complementary, Dialog };

// One widget drawn this frame.
struct WidgetNode {
  std::uint32_t imgui_id = 0;  // ImGui's id (0: text)
  const void* window = nullptr;  // the ImGuiWindow it was drawn in
  std::string widget;          // the view's name for it ("market.search"), if it has one
  Role role = Role::Auto;
  std::string name, value, placeholder;
  bool checkable = false, checked = false, expandable = false, expanded = false, disabled = false;
  bool multiline = false, password = false, read_only = false;
  bool value_known = false;  // `value` is the field's own text (else: the words drawn in it)
  Rect rect;  // the visible part (clipped to its window)
  Rect full;  // the whole item, visible or not (what scrolling brings into view)
};

class WidgetRegistry {
 public:
  void begin_frame();
  // Names the last ImGui item `id` (only items actually drawn are found). The optional role, name and
  // checked state describe it for the mirror where ImGui cannot (a radio button's state, an icon's meaning).
  void name_last_item(std::string id, Role role = Role::Auto, std::string name = "", int checked = -1);
  // Elements drawn between begin_region and end_region belong to that landmark (the rows they span).
  void begin_region(Region region);
  void end_region();
  std::optional<Rect> find(const std::string& id) const;

  const std::vector<WidgetNode>& nodes() const { return nodes_; }
  std::vector<WidgetNode>& nodes() { return nodes_; }
  struct RegionSpan {
    Region region;
    Rect rect;
    bool popup = false;  // recorded in a popup: it holds only the popup's widgets (not those under it)
  };
  const std::vector<RegionSpan>& regions() const { return regions_; }

  // A text field's own text and kind (ui/widgets.h's input_text* report them after each field).
  void describe_field(std::uint32_t imgui_id, const std::string& text, const char* hint, bool password, bool read_only,
                      bool multiline);

  // Called by the ImGui hooks (widget_registry.cpp).
  void item_added(std::uint32_t imgui_id, Rect full, Rect visible, const void* window);
  std::uint32_t last_added() const { return added_id_; }
  void item_info(std::uint32_t imgui_id, const char* label, int status_flags, bool disabled, bool inputable);

 private:
  std::unordered_map<std::string, Rect> rects_;
  std::vector<WidgetNode> nodes_;
  std::vector<RegionSpan> regions_;
  std::vector<RegionSpan> open_regions_;  // regions nest (navigation inside the banner)
  // The last item ImGui added (its rectangles), until its info comes.
  std::uint32_t added_id_ = 0;
  Rect added_full_, added_visible_;
  const void* added_window_ = nullptr;
};

// The registry ImGui's hooks report to (main sets it once), and the one the text-field helpers report to.
void set_hook_registry(WidgetRegistry* registry);
WidgetRegistry* hook_registry();

// A label as a person reads it: without ImGui's "##id" suffix (or the part before "###") and without icons.
std::string readable_label(const char* label);

}  // namespace mm::ui
