// The accessibility mirror, C++ side. Dear ImGui draws everything into one canvas; the shell keeps an invisible
// tree of real elements (shell/a11y.js) over it, one per widget and per line of text, which screen readers,
// the keyboard, find-in-page and role-based tests use. Each drawn frame this module describes what is on
// screen — the registry's widgets, and the text read back from the frame's draw lists (every glyph ImGui
// draws is a quad textured with that glyph's place in the font atlas) — and hands the shell only what changed.
// The shell's actions come back here: activate a widget, move ImGui's focus, replace a field's text.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/widget_registry.h"

struct ImDrawData;

namespace mm::ui {

struct Fonts;

// A line of text read back from the draw lists.
struct TextRun {
  std::string text;
  Rect rect;
  int font = 0;        // 0 body, 1 bold, 2 title (see Fonts)
  bool muted = false;  // drawn in the disabled-text colour (a field's hint)
  int list = 0;        // the draw list (window) it was drawn in, in drawing order
};

// The text drawn in `draw`, line by line, in drawing order. `glyphs` maps an atlas position to its character.
class GlyphReader {
 public:
  void rebuild(const Fonts& fonts);
  std::vector<TextRun> read(const ImDrawData& draw, std::uint32_t muted_rgb) const;

 private:
  struct Glyph {
    std::uint32_t codepoint = 0;
    int font = 0;
    float x0 = 0, x1 = 0, y0 = 0, advance = 0, space_advance = 0;
  };
  std::unordered_map<std::uint64_t, Glyph> glyphs_;
};

class AccessibilityMirror {
 public:
  // The mirror of the frame just rendered as JSON for shell/a11y.js, or "" when it is the same as the last one.
  // `title` is the document title for the route; `announcements` are results to read out (then cleared).
  std::string describe(WidgetRegistry& registry, const ImDrawData& draw, const Fonts& fonts, const std::string& title,
                       std::vector<std::pair<std::string, bool>>& announcements);
  // From the shell, queued in the order they came and carried out one per frame (one can depend on the last:
  // a field's text is in before the button after it is pressed).
  void activate(std::uint32_t imgui_id);
  void focus(std::uint32_t imgui_id);
  void set_text(std::uint32_t imgui_id, std::string text);
  // Enter or Escape in a mirror field, pressed in the app's field after the text typed before it.
  enum class Key { Enter, Escape };
  void press(std::uint32_t imgui_id, Key key);
  // Before ImGui::NewFrame() (ImGui takes activation requests there): starts the next action. After it, before
  // the widgets: puts a field's new text in once the field is active. Both: true while actions wait (more
  // frames are wanted).
  bool before_frame();
  bool before_widgets();

 private:
  GlyphReader reader_;
  float reader_ratio_ = 0;
  std::string last_json_;
  // The widgets of the last frame described, by ImGui id: where focus and scrolling find them.
  struct Item {
    const void* window = nullptr;
    Rect full;
    Role role = Role::Auto;
    bool disabled = false, read_only = false;
  };
  std::unordered_map<std::uint32_t, Item> items_;
  // Whether the page may act on this widget now: it was on screen in the last frame and is not disabled.
  bool actionable(std::uint32_t imgui_id, bool edit) const;
  struct Action {
    enum Kind { Activate, Focus, Edit, KeyPress };
    Action(Kind kind, std::uint32_t imgui_id, std::string text = "") : kind(kind), imgui_id(imgui_id), text(std::move(text)) {}
    Kind kind;
    std::uint32_t imgui_id = 0;
    std::string text;  // Edit
    int frames = 0;    // Edit, KeyPress: frames spent waiting for the field to become active
    Key key = Key::Enter;  // KeyPress
    bool key_down = false;  // KeyPress: held for a frame, then released
  };
  std::deque<Action> actions_;
  void move_focus(std::uint32_t imgui_id);
  static void make_field_active(std::uint32_t imgui_id);
  std::uint32_t field_from_mirror_ = 0;  // the ImGui field made active because its mirror field has focus
};

}  // namespace mm::ui
