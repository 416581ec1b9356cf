#include "ui/a11y_mirror.h"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <imgui.h>
#include <imgui_internal.h>

#include "ui/fonts.h"

namespace mm::ui {
namespace {

std::uint64_t atlas_key(float u, float v) {
  std::uint32_t a = 0, b = 0;
  std::memcpy(&a, &u, sizeof a);
  std::memcpy(&b, &v, sizeof b);
  return (std::uint64_t(a) << 32) | b;
}

// Reading text back: a gap wider than this share of a space's advance is a space; wider than `kWordGap` spaces,
// a new run (the next column).
constexpr float kSpaceGap = 0.4f, kWordGap = 2.5f;
// Reading order: widgets and text whose middles fall in the same band of this height are one row.
constexpr float kRowBand = 12.0f;
// A field without a label is named by text at most this far above it.
constexpr float kLabelAbove = 40.0f;
// An edit or key for a field that does not become active in this many frames is dropped (the field is gone).
constexpr int kActivationFrames = 10;

bool is_icon(std::uint32_t codepoint) { return codepoint >= 0xE000 && codepoint <= 0xF8FF; }

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void trim(std::string& text) {
  while (!text.empty() && text.back() == ' ') text.pop_back();
  const std::size_t first = text.find_first_not_of(' ');
  text.erase(0, first == std::string::npos ? text.size() : first);
}

void append_words(std::string& to, const std::string& words) {
  if (words.empty()) return;
  if (!to.empty()) to += ' ';
  to += words;
}

void append_json_string(std::string& out, const std::string& text) {
  out += '"';
  for (const char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += ch;
    }
  }
  out += '"';
}

// Numbers into the JSON without printf (this runs every drawn frame).
void append_number(std::string& out, long long value, int base = 10) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value, base).ptr;
  out.append(digits, end);
}

void append_field(std::string& out, const char* name, long long value) {
  out += name;
  append_number(out, value);
}

Rect unite(const Rect& a, const Rect& b) {
  const float x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  const float x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return Rect{x0, y0, x1 - x0, y1 - y0};
}

// "builders.endpoint.max_output" -> "max output": a last-resort name for a field nothing labels.
std::string humanized(const std::string& widget) {
  std::string last = widget.substr(widget.find_last_of('.') == std::string::npos ? 0 : widget.find_last_of('.') + 1);
  std::replace(last.begin(), last.end(), '_', ' ');
  return last;
}

// Whether `words` already appear in `text` (ignoring case): a label drawn inside its widget is not said twice.
bool contains_words(const std::string& text, const std::string& words) {
  const auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(text).find(lower(words)) != std::string::npos;
}

bool is_field(Role role) { return role == Role::Textbox || role == Role::Combobox || role == Role::Slider; }

// What the mirror shows for one line of the page: a widget, or text that belongs to none.
struct Entry {
  WidgetNode* node = nullptr;
  const TextRun* text = nullptr;
  int list = 0;
  Rect rect;
  Region region = Region::Main;
  bool in_popup = false;
  std::string name;  // text: the words
};

}  // namespace

void GlyphReader::rebuild(const Fonts& fonts) {
  glyphs_.clear();
  const ImFont* by_index[] = {fonts.body, fonts.bold, fonts.title};
  for (int index = 0; index < 3; ++index) {
    const ImFont* font = by_index[index];
    if (!font) continue;
    const ImFontGlyph* space = font->FindGlyphNoFallback(' ');
    for (const ImFontGlyph& g : font->Glyphs) {
      if (!g.Visible || g.X1 <= g.X0) continue;
      glyphs_[atlas_key(g.U0, g.V0)] =
          Glyph{g.Codepoint, index, g.X0, g.X1, g.Y0, g.AdvanceX, space ? space->AdvanceX : font->FontSize * 0.25f};
    }
  }
}

std::vector<TextRun> GlyphReader::read(const ImDrawData& draw, std::uint32_t muted_rgb) const {
  std::vector<TextRun> runs;
  struct Open {
    TextRun run;
    float next_x = 0, line_y = 0, space = 0;
    bool open = false;
  } current;
  const auto flush = [&] {
    if (!current.open) return;
    trim(current.run.text);
    if (!current.run.text.empty()) runs.push_back(std::move(current.run));
    current = Open{};
  };
  for (int list_index = 0; list_index < draw.CmdListsCount; ++list_index) {
    const ImDrawList* list = draw.CmdLists[list_index];
    const ImDrawVert* v = list->VtxBuffer.Data;
    const int count = list->VtxBuffer.Size;
    for (int i = 0; i + 3 < count;) {
      // A glyph is a quad whose corners carry its atlas rectangle: (U0,V0) (U1,V0) (U1,V1) (U0,V1).
      const ImVec2 uv = v[i].uv;
      if (!(uv.y == v[i + 1].uv.y && uv.x < v[i + 1].uv.x && v[i + 2].uv.x == v[i + 1].uv.x &&
            v[i + 3].uv.x == uv.x && v[i + 2].uv.y == v[i + 3].uv.y && v[i + 2].uv.y > uv.y)) {
        ++i;
        continue;
      }
      const auto found = glyphs_.find(atlas_key(uv.x, uv.y));
      if (found == glyphs_.end()) {
        ++i;
        continue;
      }
      const Glyph& g = found->second;
      const float scale = (v[i + 1].pos.x - v[i].pos.x) / (g.x1 - g.x0);
      const float origin_x = v[i].pos.x - g.x0 * scale, line_y = v[i].pos.y - g.y0 * scale;
      const float space = g.space_advance * scale;
      const bool continues = current.open && current.run.list == list_index && current.run.font == g.font &&
                             std::fabs(line_y - current.line_y) < 0.5f && origin_x > current.next_x - 1.0f &&
                             origin_x - current.next_x < kWordGap * space;
      if (continues) {
        if (origin_x - current.next_x > kSpaceGap * space && !current.run.text.empty() && current.run.text.back() != ' ')
          current.run.text += ' ';
      } else {
        flush();
        current.open = true;
        current.run.list = list_index;
        current.run.font = g.font;
        current.run.muted = (v[i].col & 0x00FFFFFFu) == muted_rgb;
        current.run.rect = Rect{v[i].pos.x, v[i].pos.y, 0, 0};
        current.line_y = line_y;
        current.space = space;
      }
      if (is_icon(g.codepoint)) {
        if (!current.run.text.empty() && current.run.text.back() != ' ') current.run.text += ' ';
      } else {
        append_utf8(current.run.text, g.codepoint);
      }
      const Rect quad{v[i].pos.x, v[i].pos.y, v[i + 2].pos.x - v[i].pos.x, v[i + 2].pos.y - v[i].pos.y};
      current.run.rect = current.run.rect.w == 0 ? quad : unite(current.run.rect, quad);
      current.next_x = origin_x + g.advance * scale;
      i += 4;
    }
    flush();
  }
  return runs;
}

std::string AccessibilityMirror::describe(WidgetRegistry& registry, const ImDrawData& draw, const Fonts& fonts,
                                          const std::string& title,
                                          std::vector<std::pair<std::string, bool>>& announcements) {
  if (fonts.pixel_ratio != reader_ratio_) {
    reader_.rebuild(fonts);
    reader_ratio_ = fonts.pixel_ratio;
  }
  const std::uint32_t muted = ImGui::GetColorU32(ImGuiCol_TextDisabled) & 0x00FFFFFFu;
  const std::vector<TextRun> runs = reader_.read(draw, muted);

  // Which draw list each window drew into, in drawing order, and which lists are popups'.
  std::unordered_map<const void*, int> list_of_window;
  for (int i = 0; i < draw.CmdListsCount; ++i) list_of_window[draw.CmdLists[i]] = i;
  std::vector<bool> popup_list(static_cast<std::size_t>(draw.CmdListsCount), false);
  for (const ImGuiWindow* window : GImGui->Windows) {
    const auto list = list_of_window.find(window->DrawList);
    if (list != list_of_window.end() && (window->Flags & ImGuiWindowFlags_Popup))
      popup_list[static_cast<std::size_t>(list->second)] = true;
  }
  std::vector<WidgetNode>& nodes = registry.nodes();
  std::vector<Entry> entries;
  entries.reserve(nodes.size() + runs.size());
  for (WidgetNode& node : nodes) {
    const auto* window = static_cast<const ImGuiWindow*>(node.window);
    const auto list = list_of_window.find(window ? window->DrawList : nullptr);
    Entry entry;
    entry.node = &node;
    entry.list = list == list_of_window.end() ? 0 : list->second;
    entry.rect = node.rect;
    entries.push_back(entry);
  }
  const std::size_t widget_count = entries.size();
  // Text inside a widget is that widget's: its label, a field's value (or hint), a card's words.
  for (const TextRun& run : runs) {
    const float cx = run.rect.x + run.rect.w / 2, cy = run.rect.y + run.rect.h / 2;
    Entry* owner = nullptr;
    for (std::size_t i = 0; i < widget_count; ++i) {
      Entry& e = entries[i];
      if (e.list != run.list || !e.rect.contains(cx, cy)) continue;
      if (!owner || e.rect.w * e.rect.h < owner->rect.w * owner->rect.h) owner = &e;
    }
    if (!owner) {
      Entry entry;
      entry.text = &run;
      entry.list = run.list;
      entry.rect = run.rect;
      entry.name = run.text;
      entries.push_back(std::move(entry));
      continue;
    }
    WidgetNode& node = *owner->node;
    if (node.value_known) {
      continue;  // a field's own text is known exactly; what is drawn is only the part that fits
    } else if (node.role == Role::Textbox) {
      append_words(run.muted ? node.placeholder : node.value, run.text);
    } else if (is_field(node.role)) {
      append_words(node.value, run.text);
    } else if (node.name.empty() || !contains_words(node.name, run.text)) {
      append_words(node.name, run.text);
    }
  }
  // Reading order: window by window (in drawing order), then row by row, left to right.
  for (Entry& e : entries) {
    const float cx = e.rect.x + e.rect.w / 2, cy = e.rect.y + e.rect.h / 2;
    e.in_popup = e.list < static_cast<int>(popup_list.size()) && popup_list[static_cast<std::size_t>(e.list)];
    float best = 0;
    for (const WidgetRegistry::RegionSpan& span : registry.regions()) {
      const float area = span.rect.w * span.rect.h;
      if (span.popup == e.in_popup && span.rect.contains(cx, cy) && (best == 0 || area < best))
        e.region = span.region, best = area;
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const int row_a = static_cast<int>((a.rect.y + a.rect.h / 2) / kRowBand);
    const int row_b = static_cast<int>((b.rect.y + b.rect.h / 2) / kRowBand);
    if (a.list != b.list) return a.list < b.list;
    if (row_a != row_b) return row_a < row_b;
    return a.rect.x < b.rect.x;
  });
  // A field without a label of its own is named like ImGui labels it, by the text right of it on its row;
  // else by the text just before it (on its row, or the row above); else by its hint, else its widget name.
  const auto same_row = [](const Rect& a, const Rect& b) {
    return std::fabs((a.y + a.h / 2) - (b.y + b.h / 2)) < std::min(a.h, b.h) / 2;
  };
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].node || !entries[i].node->name.empty()) continue;
    WidgetNode& node = *entries[i].node;
    if (is_field(node.role)) {
      for (std::size_t j = i + 1; j < entries.size() && entries[j].list == entries[i].list; ++j) {
        if (!same_row(entries[j].rect, node.rect)) break;
        if (entries[j].text) {
          node.name = entries[j].name;
          break;
        }
      }
      for (std::size_t j = i; node.name.empty() && j-- > 0;) {
        const Entry& before = entries[j];
        if (before.list != entries[i].list || node.rect.y - (before.rect.y + before.rect.h) > kLabelAbove) break;
        if (before.text) node.name = before.name;
      }
    }
    if (node.name.empty()) node.name = !node.placeholder.empty() ? node.placeholder : humanized(node.widget);
  }

  // Keyboard navigation inside the canvas (ImGui's focus, drawn): the mirror's focus follows it.
  const ImGuiContext& g = *GImGui;
  const std::uint32_t nav_focus = !g.NavDisableHighlight ? g.NavId : 0;

  std::string out;
  out.reserve(last_json_.size() + 256);
  out += "{\"title\":";
  append_json_string(out, title);
  out += ",\"nodes\":[";
  std::unordered_map<std::string, int> seen;
  std::string focus_key;
  bool nav_on_field = false;
  items_.clear();
  bool first = true;
  for (const Entry& e : entries) {
    if (!first) out += ',';
    first = false;
    std::string key(1, e.node ? 'w' : 't');
    append_number(key, e.node ? static_cast<long long>(e.node->imgui_id)
                              : static_cast<long long>(std::hash<std::string>{}(e.name) >> 1), 16);
    const int repeat = seen[key]++;
    if (repeat > 0) key += "_" + std::to_string(repeat);
    out += "{\"k\":";
    append_json_string(out, key);
    append_field(out, ",\"x\":", static_cast<long long>(e.rect.x));
    append_field(out, ",\"y\":", static_cast<long long>(e.rect.y));
    append_field(out, ",\"w\":", static_cast<long long>(std::ceil(e.rect.w)));
    append_field(out, ",\"h\":", static_cast<long long>(std::ceil(e.rect.h)));
    append_field(out, ",\"g\":", static_cast<long long>(e.region));
    if (e.text) {
      const bool heading = e.text->font == 2;  // the title font: the product's name, a screen's or a model's
      out += heading ? ",\"r\":\"heading\",\"n\":" : ",\"r\":\"text\",\"n\":";
      append_json_string(out, e.name);
      out += '}';
      continue;
    }
    const WidgetNode& node = *e.node;
    items_[node.imgui_id] = Item{node.window, node.full, node.role, node.disabled, node.read_only};
    // A field ImGui's keyboard navigation only passes over is not focused here: its mirror field would keep
    // the arrow keys (and focusing it starts editing). One being edited is.
    if (node.imgui_id == nav_focus && repeat == 0) {
      if (node.role != Role::Textbox || g.ActiveId == node.imgui_id) focus_key = key;
      else nav_on_field = true;
    }
    out += ",\"r\":\"";
    out += role_name(node.role);
    out += "\",\"n\":";
    append_json_string(out, node.name);
    append_field(out, ",\"id\":", node.imgui_id);
    if (!node.value.empty() || node.role == Role::Textbox) out += ",\"v\":", append_json_string(out, node.value);
    if (!node.placeholder.empty()) out += ",\"p\":", append_json_string(out, node.placeholder);
    if (!node.widget.empty()) out += ",\"i\":", append_json_string(out, node.widget);
    if (node.checkable) out += node.checked ? ",\"c\":1" : ",\"c\":0";
    if (node.expandable) out += node.expanded ? ",\"e\":1" : ",\"e\":0";
    if (node.disabled) out += ",\"d\":1";
    if (node.multiline) out += ",\"m\":1";
    if (node.password) out += ",\"pw\":1";
    if (node.read_only) out += ",\"ro\":1";
    out += '}';
  }
  // The canvas itself when ImGui's focus is on something the mirror has no element for (a scrolling region).
  if (nav_focus != 0 && focus_key.empty() && !nav_on_field) focus_key = "canvas";
  out += "],\"focus\":";
  append_json_string(out, focus_key);
  // While the mirror's own requests are being carried out, ImGui's focus lags the page's: not to be followed.
  if (!actions_.empty()) out += ",\"busy\":true";
  const bool same = out == last_json_;
  if (!same) last_json_ = out;
  if (same && announcements.empty()) return "";
  out += ",\"same\":";
  out += same ? "true" : "false";
  out += ",\"announce\":[";
  for (std::size_t i = 0; i < announcements.size(); ++i) {
    if (i) out += ',';
    out += "{\"text\":";
    append_json_string(out, announcements[i].first);
    out += announcements[i].second ? ",\"ok\":true}" : ",\"ok\":false}";
  }
  announcements.clear();
  out += "]}";
  return out;
}

void AccessibilityMirror::activate(std::uint32_t imgui_id) { actions_.emplace_back(Action::Activate, imgui_id); }

void AccessibilityMirror::focus(std::uint32_t imgui_id) { actions_.emplace_back(Action::Focus, imgui_id); }

void AccessibilityMirror::set_text(std::uint32_t imgui_id, std::string text) {
  // Typing runs ahead of frames: a newer text for the same field replaces one not yet put in.
  if (!actions_.empty() && actions_.back().kind == Action::Edit && actions_.back().imgui_id == imgui_id)
    actions_.back().text = std::move(text);
  else
    actions_.emplace_back(Action::Edit, imgui_id, std::move(text));
}

void AccessibilityMirror::press(std::uint32_t imgui_id, Key key) {
  Action action{Action::KeyPress, imgui_id};
  action.key = key;
  actions_.push_back(action);
}

bool AccessibilityMirror::actionable(std::uint32_t imgui_id, bool edit) const {
  const auto it = items_.find(imgui_id);
  return it != items_.end() && !it->second.disabled && !(edit && it->second.read_only);
}

void AccessibilityMirror::make_field_active(std::uint32_t imgui_id) {
  ImGuiContext& g = *GImGui;
  g.NavNextActivateId = imgui_id;
  g.NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
}

void AccessibilityMirror::move_focus(std::uint32_t imgui_id) {
  ImGuiContext& g = *GImGui;
  const auto it = items_.find(imgui_id);
  // Focus left a field (made active by the mirror or by a click): it stops taking keys.
  if (g.ActiveId != 0 && g.ActiveId != imgui_id && g.InputTextState.ID == g.ActiveId) ImGui::ClearActiveID();
  field_from_mirror_ = 0;
  if (it == items_.end() || !it->second.window) return;
  auto* window = static_cast<ImGuiWindow*>(const_cast<void*>(it->second.window));
  ImGui::SetFocusID(imgui_id, window);
  g.NavDisableHighlight = false;  // ImGui draws its focus frame: the focus is visible on the canvas
  g.NavDisableMouseHover = true;
  // Near an edge of its scrolling region (or past it), it is scrolled to the middle: the widgets after it (or
  // before it) come on screen, into the mirror, so Tab and Shift+Tab can go on to them.
  const Rect& r = it->second.full;
  const float middle = r.y + r.h / 2, top = window->InnerRect.Min.y, height = window->InnerRect.GetHeight();
  if (middle < top + height * 0.25f || middle > top + height * 0.75f)
    ImGui::SetScrollFromPosY(window, middle - window->Pos.y, 0.5f);
  if (it->second.role == Role::Textbox && !it->second.disabled && g.ActiveId != imgui_id) {
    // Its text is edited in the mirror's real field; ImGui's shows the same text and caret.
    make_field_active(imgui_id);
    field_from_mirror_ = imgui_id;
  }
}

bool AccessibilityMirror::before_frame() {
  ImGuiContext& g = *GImGui;
  while (!actions_.empty()) {
    Action& next = actions_.front();
    const bool edit = next.kind == Action::Edit || next.kind == Action::KeyPress;
    // Only what is on screen and enabled can be acted on (ImGui itself does not check "disabled" for an
    // activation by id).
    if (next.kind != Action::Focus && !next.key_down && !actionable(next.imgui_id, next.kind == Action::Edit)) {
      actions_.pop_front();
      continue;
    }
    if (next.kind == Action::Activate) {
      ImGui::ActivateItem(next.imgui_id);
      actions_.pop_front();
    } else if (next.kind == Action::Focus) {
      move_focus(next.imgui_id);
      actions_.pop_front();
    } else if (next.kind == Action::KeyPress && next.key_down) {
      // Held for one frame (ImGui reads keys once a frame), released now.
      g.IO.KeysDown[g.IO.KeyMap[next.key == Key::Enter ? ImGuiKey_Enter : ImGuiKey_Escape]] = false;
      actions_.pop_front();
      continue;
    } else if (edit && g.ActiveId == next.imgui_id && next.kind == Action::KeyPress) {
      g.IO.KeysDown[g.IO.KeyMap[next.key == Key::Enter ? ImGuiKey_Enter : ImGuiKey_Escape]] = true;
      next.key_down = true;
    } else if (edit && g.ActiveId != next.imgui_id) {
      // Made active in this frame, written (or its key pressed) in the next; dropped if the field is gone.
      make_field_active(next.imgui_id);
      field_from_mirror_ = next.imgui_id;
      if (++next.frames > kActivationFrames) actions_.pop_front();
    }
    return true;
  }
  return false;
}

bool AccessibilityMirror::before_widgets() {
  if (actions_.empty()) return false;
  ImGuiContext& g = *GImGui;
  const Action& next = actions_.front();
  if (next.kind != Action::Edit || g.ActiveId != next.imgui_id || g.InputTextState.ID != next.imgui_id) return true;
  // The field copies its edit buffer back to the view's string (and reports an edit) in this frame. Its undo
  // history is of another text: dropped.
  ImGuiInputTextState& state = g.InputTextState;
  state.TextW.resize(ImTextCountCharsFromUtf8(next.text.c_str(), nullptr) + 1);
  state.CurLenW = ImTextStrFromUtf8(state.TextW.Data, state.TextW.Size, next.text.c_str(), nullptr);
  state.CurLenA = ImTextCountUtf8BytesFromStr(state.TextW.Data, state.TextW.Data + state.CurLenW);
  state.Stb.cursor = state.Stb.select_start = state.Stb.select_end = state.CurLenW;
  state.Stb.undostate.undo_point = state.Stb.undostate.undo_char_point = 0;
  state.Stb.undostate.redo_point = STB_TEXTEDIT_UNDOSTATECOUNT;
  state.Stb.undostate.redo_char_point = STB_TEXTEDIT_UNDOCHARCOUNT;
  state.CursorFollow = true;
  actions_.pop_front();
  return !actions_.empty();
}

}  // namespace mm::ui
