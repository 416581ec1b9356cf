// Model Marketplace — entry point. Wires SDL2 + WebGL2 + Dear ImGui, the browser storage and the automation
// bridge to one app::Session, and runs the frame loop. Everything that changes state goes through
// Session::submit (UI commands and window.marketplace.dispatch alike).
#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <map>
#include <memory>

#include "app/dispatch.h"
#include "app/route.h"
#include "app/session.h"
#include "core/id_token.h"
#include "core/json_fields.h"
#include "core/money.h"
#include "platform/embedded_assets.h"
#include "platform/file_storage.h"
#include "platform/web/bridge.h"
#include "platform/web/web_storage.h"
#include "ui/a11y_mirror.h"
#include "ui/theme.h"
#include "ui/ui.h"

namespace {

using mm::app::json;
namespace web = mm::platform::web;

struct App {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  mm::platform::FileStorage storage{web::kPersistRoot, web::request_sync};
  mm::app::Session session{storage};
  mm::ui::UiContext ui;
  mm::ui::AccessibilityMirror mirror;
  bool graphics_ready = false;   // main() set up WebGL and Dear ImGui (else the saved state is not loaded)
  bool loaded = false;           // persisted state has been read
  bool ready_announced = false;  // window.marketplace.ready resolved
  bool storage_available = true; // IndexedDB could be read (false e.g. in some private modes)
  std::string pending_paste;      // text from the browser's paste event, typed into the focused field next frame
  std::string clipboard;          // what ImGui last copied (ImGui reads its own copies back from here)
  // Commands from the views waiting for the storage lock (shared state), by ticket.
  std::map<int, mm::ui::Emitted> waiting_for_lock;
  std::map<int, mm::ui::Emitted> waiting_for_network;  // a completion or Test connection (not "Saving…")
  int next_ticket = 1;
  mm::app::Theme applied_theme = mm::app::Theme::Dark;
};

App* g_app = nullptr;
// Time spent in our frame code (events and building the UI; not GL drawing or the swap), smoothed, for
// state().perf.frame_ms.
double g_frame_ms = 0;
double g_last_frame_ms = 0;  // the last frame alone (benchmarks take medians of it)
double g_load_ms = 0;        // loading saved state: read + verify + replay the journal
std::int64_t g_frames_drawn = 0;  // for state().perf: an idle page draws none
double g_mirror_ms = 0;           // describing the last frame for the accessibility mirror

// Each command gets the bridge's clock, fresh random bytes from the browser's crypto and the page's URL.
mm::app::Context context_now() {
  mm::app::Context ctx = mm::app::Context::at(static_cast<std::int64_t>(web::now_ms()));
  ctx.entropy = web::random_bytes(32);
  ctx.base_url = web::base_url();
  return ctx;
}

// Runs a command through the session and keeps the URL in step with the route.
mm::app::Result submit(const mm::app::Command& cmd) {
  mm::app::Result result = g_app->session.submit(cmd, context_now());
  // Also after a refusal: a refused sign-in link moves to the sign-in screen, and its token must leave the URL.
  web::push_hash_route(g_app->session.state().prefs.route, mm::core::bool_field(cmd.args, "replace", false));
  return result;
}

std::string dispatch_json(const std::string& text) {
  const json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return submit(mm::app::Command::from_json(value)).to_json().dump();
}

std::string state_json() {
  json snapshot = g_app->session.snapshot(context_now().now_ms);
  const web::SyncStatus sync = web::sync_status();
  snapshot["storage"] = {{"available", g_app->storage_available}, {"saving", sync.busy}, {"error", sync.error}};
  snapshot["google_sign_in"] = g_app->ui.google_status;
  snapshot["reduced_motion"] = g_app->ui.reduced_motion;  // the browser asks for less motion: no fades
  // Commands from clicks still waiting for the storage lock (another tab may be writing).
  snapshot["pending_commands"] = g_app->waiting_for_lock.size();
  snapshot["perf"] = {{"frame_ms", g_frame_ms},
                      {"last_frame_ms", g_last_frame_ms},
                      {"frames_drawn", g_frames_drawn},
                      {"load_ms", g_load_ms},
                      {"mirror_ms", g_mirror_ms},
                      {"market_query_ms", g_app->ui.market.refresh_ms}};
  snapshot["sandbox"] = mm::ui::sandbox_state(g_app->session.state(), g_app->ui);
  snapshot["scenarios"] = mm::ui::scenarios_state(g_app->ui);
  const mm::ui::TryItForm& try_it = g_app->ui.try_it;  // the model page's Try it, as shown
  snapshot["try_it"] = {{"slug", try_it.slug}, {"sending", try_it.sending}, {"answer", try_it.answer},
                        {"outcome", try_it.outcome}, {"failed", try_it.failed}};
  return snapshot.dump();
}

std::string locate_json(const std::string& id) {
  const auto rect = g_app->ui.widgets.find(id);
  if (!rect) return "null";
  return json{{"x", rect->x}, {"y", rect->y}, {"w", rect->w}, {"h", rect->h}}.dump();
}

// A Google ID token whose signature the bridge verified (google_sign_in.js, WebCrypto) arrives with ok; its
// claims are checked here. Anything else arrives with the bridge's reason.
std::string google_sign_in_json(const std::string& text) {
  const json verified = json::parse(text, nullptr, /*allow_exceptions=*/false);
  mm::app::Result result;
  mm::core::IdTokenCheck check;
  check.message = mm::core::text_field(verified, "message");
  if (mm::core::bool_field(verified, "ok", false))
    check = mm::core::check_id_token_claims(mm::core::text_field(verified, "token"), mm::core::text_field(verified, "clientId"),
                                            mm::core::text_field(verified, "nonce"), context_now().now_ms);
  if (check.identity) {
    result = g_app->session.sign_in_verified(check.identity->email, check.identity->name, context_now(),
                                             check.identity->picture, "google");
    web::push_hash_route(g_app->session.state().prefs.route);
  } else {
    const std::string& message = check.message;
    result = submit(mm::app::Command::make(
        "signInProblem", {{"message", message.empty() ? "Google sign-in failed." : message}}));
    if (result.ok) result = mm::app::Result::failure("google_sign_in_refused", message);
  }
  return result.to_json().dump();
}

// What the views asked to hear about a command they emitted: the model page's call log, their callback, and
// a toast.
void after_ui_command(const mm::ui::Emitted& emitted, const mm::app::Result& result) {
  g_app->ui.now_ms = static_cast<std::int64_t>(web::now_ms());  // toasts count from now, not the last frame
  if (emitted.cmd.type == "use") {  // the model page logs every call it makes
    g_app->ui.call_log.push_back({emitted.cmd.args.value("slug", ""), result.ok,
                                  emitted.cmd.args.value("tokens", std::int64_t(0)),
                                  mm::core::integer_field(result.data, "cost_ucr", 0),
                                  mm::core::integer_field(result.data, "balance_ucr", 0), result.message});
  }
  if (emitted.on_result) emitted.on_result(g_app->ui, result);
  if (!result.ok) g_app->ui.toast(result.message, false);
  else if (emitted.cmd.type == "use" && !emitted.success_toast.empty())  // read out too: the balance it left
    g_app->ui.toast(emitted.success_toast + " Balance: " +
                        mm::core::format_ucr(mm::core::integer_field(result.data, "balance_ucr", 0)) + ".", true);
  else if (!emitted.success_toast.empty()) g_app->ui.toast(emitted.success_toast, true);
}

void frame();

void on_storage_loaded(bool ok) {
  if (!g_app->graphics_ready) return;  // main() failed and said so: there is nothing to draw the state with
  const double load_start = emscripten_get_now();
  g_app->session.defer_small_file_writes(true);
  g_app->session.load(mm::assets::catalog_json_text(), context_now());
  g_load_ms = emscripten_get_now() - load_start;
  web::mark_startup("mm-state-loaded");
  // A first visit takes the colour scheme the browser asks for; after that, the theme the person chose.
  // (Not through submit(): the URL keeps the link being opened.)
  if (!g_app->session.has_saved_prefs() && web::prefers_light_theme())
    g_app->session.submit(mm::app::Command::set_theme("light"), context_now());
  g_app->storage_available = ok;
  // A route in the URL (a deep link, or Back/Forward history) wins over the last saved screen. A sign-in
  // link is left to the bridge, which redeems it under the storage lock once the app is ready.
  const std::string hash_route = web::current_hash_route();
  const bool link_pending = !hash_route.empty() && mm::app::uses_shared_state(mm::app::Command::navigate(hash_route));
  if (!hash_route.empty() && !link_pending) {
    // A link the app cannot open (say, control characters in it) opens the market and says so: never a hang.
    const mm::app::Result opened = submit(mm::app::Command::navigate(hash_route));
    if (!opened.ok) {
      submit(mm::app::Command::navigate("/market"));
      g_app->ui.now_ms = static_cast<std::int64_t>(web::now_ms());
      g_app->ui.toast("This link could not be opened (" + opened.message + "), so here is the market.", false);
    }
  }
  if (!link_pending) web::push_hash_route(g_app->session.state().prefs.route);
  web::set_bridge_handlers({dispatch_json, state_json, locate_json,
                            [](const std::string& status) { g_app->ui.google_status = status; },
                            google_sign_in_json,
                            [](const std::string& text) { g_app->pending_paste += text; }});
  g_app->loaded = true;
  // The first frame with the app in it is drawn now rather than at the next animation frame (up to a
  // frame's time later, more while the page is still starting).
  frame();
}

void reload_fonts_if_pixel_ratio_changed() {
  const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (ratio == g_app->ui.fonts.pixel_ratio) return;
  g_app->ui.fonts = mm::ui::load_fonts(ratio);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Out of line, like open_search(): the browser compiles WebAssembly a function at a time when it is first
// called, on the page's thread, so code the first frame does not run is kept out of the functions it does
// run (binaryen, which ignores the attribute, is told the same in cmake/WebApp.cmake).
[[gnu::noinline]] void apply_view_commands() {
  // Those on shared state wait for the storage lock (other tabs) and come back through mm_shared_done.
  std::vector<mm::ui::Emitted> commands;
  commands.swap(g_app->ui.outbox);
  for (mm::ui::Emitted& emitted : commands) {
    // A click acts for the profile on screen: should another become current while it waits, it is refused.
    if (mm::app::acts_as_profile(emitted.cmd) && !emitted.cmd.args.contains("profile"))
      emitted.cmd.args["profile"] = g_app->session.state().prefs.profile_id;
    const bool in_bridge = mm::app::runs_in_bridge(emitted.cmd);
    if (in_bridge || mm::app::uses_shared_state(emitted.cmd)) {
      const int ticket = g_app->next_ticket++;
      const std::string text = emitted.cmd.to_json().dump();
      (in_bridge ? g_app->waiting_for_network : g_app->waiting_for_lock).emplace(ticket, std::move(emitted));
      if (in_bridge) web::submit_to_bridge(text, ticket);
      else web::submit_shared(text, ticket);
    } else {
      after_ui_command(emitted, submit(emitted.cmd));
    }
  }
}

// '/' outside a text field goes to the market's search box (Ctrl+F is the browser's find, which finds the
// text of the accessibility mirror).
[[gnu::noinline]] void open_search() {
  g_app->ui.market.focus_search = true;
  if (mm::app::parse_route(g_app->session.state().prefs.route).screen != mm::app::Screen::Market)
    submit(mm::app::Command::navigate("/market"));
}

void frame() {
  const double frame_start = emscripten_get_now();
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    web::request_frames(3);  // input, a resize, focus: ImGui settles in two or three frames
    if (event.type == SDL_KEYDOWN && g_app->loaded && event.key.keysym.sym == SDLK_SLASH && !ImGui::GetIO().WantTextInput) {
      open_search();
      continue;
    }
    ImGui_ImplSDL2_ProcessEvent(&event);
  }
  // Nothing moved: no input, no command, no storage news, no toast fading, no paste waiting. Skip the frame
  // (the canvas keeps showing the last one), so an idle page costs nothing and every asynchronous hop
  // (IndexedDB, locks) runs at once instead of waiting behind a software-rendered frame.
  // A scenario running is work in progress: a slice of it each frame (the page stays responsive).
  if (!g_app->ui.toasts.empty() || !g_app->pending_paste.empty() || g_app->ui.scenarios.busy()) web::request_frames(1);
  // Until the saved state is loaded there is nothing to draw (the page shows its loading message), and a
  // frame is not free: Dear ImGui's renderer reads GL state back, each read a wait for the graphics process.
  if (!g_app->loaded || !web::take_frame()) return;
  g_app->ui.now_ms = static_cast<std::int64_t>(web::now_ms());
  // ImGui ignores typed characters while Ctrl is held, so the pasted text waits for the key's release.
  ImGuiIO& io = ImGui::GetIO();
  if (!g_app->pending_paste.empty() && !io.KeyCtrl && !io.KeySuper) {
    if (io.WantTextInput) io.AddInputCharactersUTF8(g_app->pending_paste.c_str());
    g_app->pending_paste.clear();
  }
  reload_fonts_if_pixel_ratio_changed();

  const mm::app::AppState& state = g_app->session.state();
  if (state.prefs.theme != g_app->applied_theme) {
    mm::ui::apply_theme(state.prefs.theme);
    g_app->applied_theme = state.prefs.theme;
  }

  if (g_app->mirror.before_frame()) web::request_frames(2);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  // Enter activates the focused control like Space does (ImGui maps Enter only to text input), so keyboard
  // users can open a card or press a button with Enter.
  if (io.KeysDown[SDL_SCANCODE_RETURN] && !io.WantTextInput) io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
  ImGui::NewFrame();
  if (g_app->mirror.before_widgets()) web::request_frames(2);
  // Problems with saved data are shown until the page is reloaded; never only logged.
  if (!g_app->storage_available)
    g_app->ui.banner = "This browser does not let the app keep data (IndexedDB is unavailable): changes are lost "
                       "when the page closes.";
  else if (!g_app->session.save_error().empty())
    g_app->ui.banner = g_app->session.save_error();
  else if (const web::SyncStatus sync = web::sync_status(); !sync.error.empty())
    g_app->ui.banner = sync.error + " Changes since the last successful save may be lost on reload; the next "
                                    "change tries again.";
  else
    g_app->ui.banner = g_app->session.load_warning();
  g_app->ui.saving = !g_app->waiting_for_lock.empty();
  g_app->ui.history_checked_percent = g_app->session.history_checked_percent();
  mm::ui::advance_scenarios(g_app->ui, [] { return emscripten_get_now(); }, 12.0);
  mm::ui::draw_app(state, g_app->ui);
  ImGui::Render();
  const double ui_ms = emscripten_get_now() - frame_start;

  int width = 0, height = 0;
  SDL_GL_GetDrawableSize(g_app->window, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(background.x, background.y, background.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  if (!g_app->ready_announced) web::mark_startup("mm-first-frame");
  // The accessibility mirror follows what this frame shows (the shell updates only what changed).
  const double mirror_start = emscripten_get_now();
  const std::string mirror = g_app->mirror.describe(g_app->ui.widgets, *ImGui::GetDrawData(), g_app->ui.fonts,
                                                    mm::ui::screen_title(state, g_app->ui), g_app->ui.announcements);
  if (!mirror.empty()) web::update_mirror(mirror);
  g_mirror_ms = emscripten_get_now() - mirror_start;

  // Commands emitted by views are applied after the frame, so a frame always draws one consistent state.
  if (!g_app->ui.outbox.empty()) apply_view_commands();

  g_frame_ms = g_frame_ms == 0 ? ui_ms : g_frame_ms * 0.9 + ui_ms * 0.1;
  g_last_frame_ms = ui_ms;
  ++g_frames_drawn;
  web::notify_frame_drawn();
  if (!g_app->ready_announced) {
    g_app->ready_announced = true;
    web::notify_ready();
  }
}

}  // namespace

int main() {
  web::mark_startup("mm-main");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    web::notify_fatal(std::string("The display could not be started: ") + SDL_GetError());
    return 1;
  }
  // WebGL2 is OpenGL ES 3.0.
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);

  static App app;
  g_app = &app;
  // Mounted first, so a copy on a sub-path starts adopting an older database (shell: js_mount) while the
  // display starts. The answer (on_storage_loaded) runs only once main() has returned.
  web::mount_persistent_storage(on_storage_loaded);
  // RESIZABLE + a CSS-sized canvas: SDL follows the browser window; ALLOW_HIGHDPI: device pixels.
  app.window = SDL_CreateWindow("Model Marketplace", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  app.gl = app.window ? SDL_GL_CreateContext(app.window) : nullptr;
  if (!app.gl) {
    web::notify_fatal("This browser could not create a WebGL2 context, which the Model Marketplace needs.");
    return 1;
  }
  SDL_GL_MakeCurrent(app.window, app.gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // window layout is code, not a saved file
  io.ConfigInputTextCursorBlink = false;  // a blinking caret would redraw an idle page twice a second
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  mm::ui::apply_theme(app.applied_theme);
  mm::ui::set_hook_registry(&app.ui.widgets);  // ImGui reports every widget it draws (the mirror, locate)
  ImGui_ImplSDL2_InitForOpenGL(app.window, app.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  // The system clipboard through the bridge (SDL's clipboard does not reach the browser's).
  io.SetClipboardTextFn = [](void*, const char* text) {
    g_app->clipboard = text;
    web::copy_to_clipboard(text);
  };
  io.GetClipboardTextFn = [](void*) { return g_app->clipboard.c_str(); };
  app.ui.fonts = mm::ui::load_fonts(static_cast<float>(emscripten_get_device_pixel_ratio()));
  app.ui.copy_to_clipboard = [](const std::string& text) { web::copy_to_clipboard(text); };
  app.ui.open_url = [](const std::string& url) { web::open_url(url); };
  app.ui.download = [](const std::string& name, const std::string& text) { web::download(name, text); };
  app.ui.base_url = web::base_url();
  app.ui.reduced_motion = web::prefers_reduced_motion();
  app.ui.clock_ms = [] { return emscripten_get_now(); };

  // Shaders and the font texture now, while the saved state is still being read, rather than in the first
  // frame after it (compiling the shaders waits for the graphics process).
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  app.graphics_ready = true;
  web::mark_startup("mm-graphics-ready");
  emscripten_set_main_loop(frame, 0, true);
  return 0;
}

// Called by the bridge (shell/bridge.js) while it holds the storage lock.
extern "C" {

// After syncing storage in from IndexedDB: take in what other tabs saved.
EMSCRIPTEN_KEEPALIVE void mm_catch_up() {
  web::request_frames();
  if (g_app && g_app->loaded) g_app->session.catch_up(context_now());
}

// Before storing: write this tab's preferences and sign-in links if they changed. Returns the files that
// changed since the last call (JSON array), which the bridge stores in IndexedDB in one transaction.
EMSCRIPTEN_KEEPALIVE const char* mm_save() {
  static std::string changed;
  if (g_app && g_app->loaded) g_app->session.save_small_files();
  changed = json(g_app ? g_app->storage.take_changed() : std::vector<std::string>{}).dump();
  return changed.c_str();
}

// One slice of the background check of the history the snapshot covered: 1 while there is more. A slice is
// small (a few ms), so input is never kept waiting; the header shows the progress.
EMSCRIPTEN_KEEPALIVE int mm_check_history() {
  if (!g_app || !g_app->loaded) return 1;
  const int before = g_app->session.history_checked_percent();
  const bool more = g_app->session.check_history(200, context_now());
  if (g_app->session.history_checked_percent() != before) web::request_frames(1);
  return more ? 1 : 0;
}

// When the next renewal or expiry falls due (ms since 1970, on the bridge's clock); -1 when none is scheduled.
EMSCRIPTEN_KEEPALIVE double mm_next_due_ms() {
  if (!g_app || !g_app->loaded) return -1;
  const std::optional<std::int64_t> due = g_app->session.state().ledger.next_due_ms();
  return due ? static_cast<double>(*due) : -1;
}

// Bytes of a completion's reply as the bridge reads them: {completion, text, streamed} -> {error ("" while it
// goes on), done}. Only this tab's in-flight answer changes (drawn as it grows); nothing is stored.
EMSCRIPTEN_KEEPALIVE const char* mm_completion_feed(const char* feed_json) {
  static std::string answer;
  const json feed = json::parse(feed_json, nullptr, /*allow_exceptions=*/false);
  const std::string id = mm::core::text_field(feed, "completion");
  const std::string error =
      g_app->session.feed_completion(id, mm::core::text_field(feed, "text"), mm::core::bool_field(feed, "streamed", false));
  const auto& in_flight = g_app->session.state().completions;
  const auto it = in_flight.find(id);
  web::request_frames();
  // done: the stream said [DONE] (the bridge stops reading, whether or not the server closes).
  answer = json{{"error", error}, {"done", it != in_flight.end() && it->second.parser.done()}}.dump();
  return answer.c_str();
}

// The accessibility mirror (shell/a11y.js): a person activated, focused or edited a widget's element.
EMSCRIPTEN_KEEPALIVE void mm_a11y_activate(unsigned imgui_id) {
  if (g_app) g_app->mirror.activate(imgui_id);
  web::request_frames();
}

EMSCRIPTEN_KEEPALIVE void mm_a11y_focus(unsigned imgui_id) {
  if (g_app) g_app->mirror.focus(imgui_id);
  web::request_frames();
}

// Enter (0) or Escape (1) in a mirror field: pressed in the app's field, after the text typed before it.
EMSCRIPTEN_KEEPALIVE void mm_a11y_key(unsigned imgui_id, int key) {
  if (g_app) g_app->mirror.press(imgui_id, key == 1 ? mm::ui::AccessibilityMirror::Key::Escape : mm::ui::AccessibilityMirror::Key::Enter);
  web::request_frames();
}

// {id, text}: the whole text of a field, as typed (or pasted, or dictated) in its mirror element.
EMSCRIPTEN_KEEPALIVE const char* mm_a11y_set_text(const char* edit_json) {
  const json edit = json::parse(edit_json, nullptr, /*allow_exceptions=*/false);
  if (g_app) g_app->mirror.set_text(static_cast<unsigned>(mm::core::integer_field(edit, "id", 0)), mm::core::text_field(edit, "text"));
  web::request_frames();
  return "true";
}

// "true" when a command (JSON) must run under the storage lock.
EMSCRIPTEN_KEEPALIVE const char* mm_is_shared(const char* command_json) {
  const json value = json::parse(command_json, nullptr, /*allow_exceptions=*/false);
  return mm::app::uses_shared_state(mm::app::Command::from_json(value)) ? "true" : "false";
}

// The answer to a view's command handed over with web::submit_shared: {ticket, result}.
EMSCRIPTEN_KEEPALIVE const char* mm_shared_done(const char* answer_json) {
  web::request_frames();
  const json answer = json::parse(answer_json, nullptr, /*allow_exceptions=*/false);
  const int ticket = static_cast<int>(mm::core::integer_field(answer, "ticket", 0));
  auto& waiting = g_app->waiting_for_lock.count(ticket) ? g_app->waiting_for_lock : g_app->waiting_for_network;
  const auto it = waiting.find(ticket);
  if (it == waiting.end()) return "false";
  const mm::ui::Emitted emitted = std::move(it->second);
  waiting.erase(it);
  after_ui_command(emitted, mm::app::Result::from_json(answer.is_object() ? answer.value("result", json()) : json()));
  return "true";
}
}
