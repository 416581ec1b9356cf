// make bench, browser half: measures the app (build/web) side by side with Dear ImGui's own Emscripten
// example (build/bench/baseline) in Debian's headless Chromium, reads the native/WASM ledger figures written
// by ledger_bench, and writes build/bench/report.md and report.json. Medians of several repetitions.
// Reports; never asserts.
//   node tests/bench/browser_bench.mjs <ledger-native.json> <ledger-wasm.json> <journal-10k.json> <journal-100k.json>
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { startServer } from '../../scripts/serve.mjs';

const [nativeFile, wasmFile, journal10k, journal100k] = process.argv.slice(2);
const REPS = 5;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const round = (x, digits = 2) => Number(x.toFixed(digits));
const log = (...a) => console.log('bench:', ...a);

// Both pages get the same probe: the time (ms since navigation) of the first WebGL draw call.
const PROBE = () => {
  window.__firstDrawMs = null;
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const original = proto.drawElements;
    proto.drawElements = function (...args) {
      if (window.__firstDrawMs === null) window.__firstDrawMs = performance.now();
      return original.apply(this, args);
    };
  }
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const app = await startServer('build/web');
const baseline = await startServer('build/bench/baseline');

async function coldStart(url, isApp) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(PROBE);
  await page.goto(url);
  let readyMs = null, steps = {};
  if (isApp) {
    await page.waitForFunction(() => window.marketplace !== undefined);
    readyMs = await page.evaluate(async () => {
      await window.marketplace.ready;
      return performance.getEntriesByName('marketplace-ready')[0].startTime;
    });
    // The app's own marks (src/main.cpp, web::mark_startup): where the time to the first frame goes.
    steps = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n)[0]?.startTime])),
                                STARTUP_STEPS.map(([name]) => name));
  }
  await page.waitForFunction(() => window.__firstDrawMs !== null, null, { timeout: 60000 });
  const firstDrawMs = await page.evaluate(() => window.__firstDrawMs);
  await context.close();
  return { firstDrawMs, readyMs, steps };
}
const STARTUP_STEPS = [['mm-main', 'the program starts (downloaded, compiled, instantiated)'],
                       ['mm-graphics-ready', 'WebGL context, fonts, shaders and font texture made'],
                       ['mm-state-loaded', 'saved state read and loaded (catalog, journal)'],
                       ['mm-first-frame', 'first frame built and drawn']];

function transfer(dir) {
  let raw = 0, gzip = 0;
  const files = {};
  for (const name of readdirSync(dir)) {
    const path = `${dir}/${name}`;
    if (!statSync(path).isFile()) continue;
    const bytes = readFileSync(path);
    const g = gzipSync(bytes, { level: 9 }).length;
    files[name] = { raw: bytes.length, gzip: g };
    raw += bytes.length;
    gzip += g;
  }
  return { raw, gzip, files };
}

const frames = (page, n = 2) => page.evaluate((k) => new Promise((resolve) => {
  const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(k);
}), n);

async function openApp() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.waitForFunction(() => window.marketplace !== undefined);
  await page.evaluate(() => window.marketplace.ready);
  return { context, page };
}
const state = (page) => page.evaluate(() => window.marketplace.state());

// --- cold start -------------------------------------------------------------------------------------------
log('cold start');
const ours = [], theirs = [];
for (let i = 0; i < REPS; ++i) {
  ours.push(await coldStart(app.url, true));
  theirs.push(await coldStart(baseline.url, false));
}
const coldStartResult = {
  app_first_draw_ms: round(median(ours.map((r) => r.firstDrawMs)), 1),
  app_ready_ms: round(median(ours.map((r) => r.readyMs)), 1),
  baseline_first_draw_ms: round(median(theirs.map((r) => r.firstDrawMs)), 1),
};
coldStartResult.ratio = round(coldStartResult.app_first_draw_ms / coldStartResult.baseline_first_draw_ms);
coldStartResult.app_steps_ms = Object.fromEntries(STARTUP_STEPS.map(([name]) => [name, round(median(ours.map((r) => r.steps[name])), 1)]));

// --- transfer size ----------------------------------------------------------------------------------------
const sizes = { app: transfer('build/web'), baseline: transfer('build/bench/baseline') };
sizes.ratio_raw = round(sizes.app.raw / sizes.baseline.raw);
sizes.ratio_gzip = round(sizes.app.gzip / sizes.baseline.gzip);

const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

// --- frame CPU at 1k / 10k / 100k models, and the market query at 100k -------------------------------------
log('frame time and query');
const frameResult = {};
let queryResult = {};
{
  const { context, page } = await openApp();
  for (const count of [1000, 10000, 100000]) {
    await page.evaluate((n) => window.marketplace.dispatch({ type: 'scaleCatalog', count: n }), count);
    await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/market' }));
    await frames(page, 10);
    const samples = [], mirror = [];
    await page.mouse.move(800, 500);
    for (let i = 0; i < 90; ++i) {
      if (i % 3 === 0) await page.mouse.wheel(0, i < 45 ? 240 : -240);  // scrolling, like a person browsing
      await frames(page, 1);
      const perf = (await state(page)).perf;
      samples.push(perf.last_frame_ms);
      mirror.push(perf.mirror_ms);  // describing the frame for the accessibility mirror (after it is built)
    }
    const sorted = [...samples].sort((a, b) => a - b);
    frameResult[count] = { median_ms: round(median(samples), 3), p95_ms: round(sorted[Math.floor(sorted.length * 0.95)], 3),
                           mirror_median_ms: round(median(mirror), 3), mirror_p95_ms: round(percentile(mirror, 0.95), 3) };
  }
  // Filter + sort at 100k: alternate between two routes so each navigation recomputes facts and the query.
  const routes = {
    filters_price_sort: '/market?cat=Audio,Vision&rating=4&price=1to2&sort=price-asc',
    text_top_rated: '/market?q=summar&sort=rated',
  };
  for (const [name, route] of Object.entries(routes)) {
    const times = [];
    for (let i = 0; i < REPS; ++i) {
      await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/market' }));
      await frames(page, 2);
      await page.evaluate((r) => window.marketplace.dispatch({ type: 'navigate', route: r }), route);
      await frames(page, 2);
      times.push((await state(page)).perf.market_query_ms);
    }
    queryResult[name] = round(median(times), 2);
  }
  await context.close();
}

// --- what people feel: click to result, idle CPU ----------------------------------------------------------
// A call is timed from dispatch to its resolved result (stored in IndexedDB by then), paced like quick clicks
// (150 ms apart) so each one starts from a settled page, as a person's would.
const PACE_MS = 150;
async function signInAs(page, email) {
  const { link } = await page.evaluate((e) => window.marketplace.dispatch({ type: 'requestMagicLink', email: e }), email);
  await page.evaluate((route) => window.marketplace.dispatch({ type: 'navigate', route }), link.slice(link.indexOf('#') + 1));
  await page.evaluate(() => window.marketplace.dispatch({ type: 'unlock', slug: 'quill-7b' }));
}
const timedCall = (page, id) => page.evaluate(async ([pace, callId]) => {
  await new Promise((r) => setTimeout(r, pace));
  const t = performance.now();
  const result = await window.marketplace.dispatch({ type: 'use', slug: 'quill-7b', tokens: 100, id: callId });
  if (!result.ok) throw new Error(result.message);
  return performance.now() - t;
}, [PACE_MS, id]);
const storedBytes = (page) => page.evaluate(() => ({ ...Module.mmShared.stats }));

log('click to result, idle CPU');
const feel = {};
{
  const { context, page } = await openApp();
  await signInAs(page, 'bench@example.org');
  const before = await storedBytes(page);
  const one = [];
  for (let i = 0; i < 200; ++i) one.push(await timedCall(page, `one-${i}`));
  const after = await storedBytes(page);
  feel.one_tab = { p50_ms: round(percentile(one, 0.5), 1), p95_ms: round(percentile(one, 0.95), 1),
                   bytes_per_call: Math.round((after.bytes - before.bytes) / 200) };
  // Two tabs on one profile, calls alternating between them (each tab catches up with the other's saves).
  const other = await context.newPage();
  await other.goto(app.url);
  await other.waitForFunction(() => window.marketplace !== undefined);
  await other.evaluate(() => window.marketplace.ready);
  const two = [];
  for (let i = 0; i < 200; ++i) two.push(await timedCall(i % 2 ? other : page, `two-${i}`));
  feel.two_tabs = { p50_ms: round(percentile(two, 0.5), 1), p95_ms: round(percentile(two, 0.95), 1) };
  await other.close();
  // Idle: no input for 10 s on the market.
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/market' }));
  await new Promise((r) => setTimeout(r, 2000));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const frames0 = (await state(page)).perf.frames_drawn, m0 = await metrics();
  await new Promise((r) => setTimeout(r, 10000));
  const m1 = await metrics(), frames1 = (await state(page)).perf.frames_drawn;
  feel.idle = { cpu_percent_of_one_core: round((m1.TaskDuration - m0.TaskDuration) / (m1.Timestamp - m0.Timestamp) * 100, 2),
                frames_per_second: round((frames1 - frames0) / (m1.Timestamp - m0.Timestamp), 2) };
  await context.close();
}

// --- persistence: load + verify journals of 10k and 100k records ------------------------------------------
log('load + verify');
const loadResult = {};
for (const [label, file] of [['10k', journal10k], ['100k', journal100k]]) {
  const { context, page } = await openApp();
  const body = readFileSync(file);
  await page.route('**/bench-journal.json', (route) => route.fulfill({ body, contentType: 'application/json' }));
  const imported = await page.evaluate(async () => {
    const doc = await (await fetch('bench-journal.json')).json();
    return window.marketplace.importState(doc);
  });
  if (!imported.ok) throw new Error('import failed: ' + JSON.stringify(imported));
  await page.waitForFunction(() => !window.marketplace.state().storage.saving, null, { timeout: 120000 });
  const times = [];
  for (let i = 0; i < 3; ++i) {
    await page.reload();
    await page.waitForFunction(() => window.marketplace !== undefined);
    await page.evaluate(() => window.marketplace.ready);
    const s = await state(page);
    if (s.journal_records !== imported.records) throw new Error(`reload has ${s.journal_records} records`);
    times.push(s.perf.load_ms);
  }
  // What a call stores in IndexedDB with this much history.
  await signInAs(page, (await state(page)).profiles[0].email);
  const before = await storedBytes(page);
  for (let i = 0; i < 20; ++i) await timedCall(page, `history-${i}`);
  const after = await storedBytes(page);
  loadResult[label] = { records: imported.records, load_verify_ms: round(median(times), 1),
                        bytes_per_call: Math.round((after.bytes - before.bytes) / 20) };
  await context.close();
}

// --- time travel: the scenario simulator in the page ------------------------------------------------------
// 1,000 buyers on every catalog model over 90 days (the scenario ledger_bench times natively and in WASM):
// through the automation API (one synchronous run), and through the page's Run (sliced across frames, opened
// from a shared link as a person would), with the gaps between animation frames while it runs.
log('time travel');
const SCENARIO = { seed: 1, days: 90, buyers: 1000, models: 48 };
const simulated = { api_ms: [], page_ms: [], gap_p50_ms: [], gap_max_ms: [] };
for (let i = 0; i < 3; ++i) {
  const { context, page } = await openApp();
  const recordGaps = () => page.evaluate(() => {
    window.__gaps = [];
    window.__stopGaps = false;
    let last = performance.now();
    const tick = (t) => { window.__gaps.push(t - last); last = t; if (!window.__stopGaps) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const stopGaps = () => page.evaluate(() => { window.__stopGaps = true; return window.__gaps.slice(1); });
  await recordGaps();
  const started = Date.now();
  const route = '/scenarios?s=' + Buffer.from(JSON.stringify(SCENARIO)).toString('base64url');
  await page.evaluate((r) => window.marketplace.dispatch({ type: 'navigate', route: r }), route);
  await page.waitForFunction(() => { const s = window.marketplace.state().scenarios; return !s.running && s.result_a; },
                             null, { timeout: 180000, polling: 100 });
  simulated.page_ms.push(Date.now() - started);
  const gaps = await stopGaps();
  simulated.gap_p50_ms.push(gaps.length ? median(gaps) : NaN);
  simulated.gap_max_ms.push(gaps.length ? Math.max(...gaps) : NaN);
  // Then the same scenario through the automation API, in the same page (after the page's run, so the
  // page's figure is a first run, as a person meets it).
  const api = await page.evaluate(async (scenario) => {
    const t = performance.now();
    const r = await window.marketplace.dispatch({ type: 'runScenario', scenario });
    return { ms: performance.now() - t, calls: r.totals.calls, fingerprint: r.fingerprint };
  }, SCENARIO);
  simulated.api_ms.push(api.ms);
  simulated.calls = api.calls;
  const pageFingerprint = (await state(page)).scenarios.result_a.fingerprint;
  simulated.same_fingerprint = (simulated.same_fingerprint ?? true) && pageFingerprint === api.fingerprint;
  // For comparison: the same screen, its results and charts drawn, redrawn under a moving mouse.
  await recordGaps();
  for (let k = 0; k < 60; ++k) {
    await page.mouse.move(200 + k * 5, 300 + (k % 7) * 10);
    await new Promise((r) => setTimeout(r, 30));
  }
  const idleGaps = await stopGaps();
  simulated.idle_gap_p50_ms = [...(simulated.idle_gap_p50_ms ?? []), idleGaps.length ? median(idleGaps) : NaN];
  simulated.idle_gap_max_ms = [...(simulated.idle_gap_max_ms ?? []), idleGaps.length ? Math.max(...idleGaps) : NaN];
  await context.close();
}
const timeTravel = {
  calls: simulated.calls, same_fingerprint_page_and_api: simulated.same_fingerprint,
  api_run_ms: round(median(simulated.api_ms), 0), page_run_ms: round(median(simulated.page_ms), 0),
  page_frame_gap_p50_ms: round(median(simulated.gap_p50_ms), 1), page_frame_gap_max_ms: round(median(simulated.gap_max_ms), 1),
  idle_frame_gap_p50_ms: round(median(simulated.idle_gap_p50_ms), 1), idle_frame_gap_max_ms: round(median(simulated.idle_gap_max_ms), 1),
};

await browser.close();
app.server.close();
baseline.server.close();

// --- report -----------------------------------------------------------------------------------------------
const nativeLedger = JSON.parse(readFileSync(nativeFile, 'utf8'));
const wasmLedger = JSON.parse(readFileSync(wasmFile, 'utf8'));
const sh = (cmd) => { try { return execSync(cmd, { encoding: 'utf8' }).trim(); } catch { return 'unknown'; } };
const machine = {
  cpu: os.cpus()[0]?.model, cores: os.cpus().length, memory_gib: round(os.totalmem() / 2 ** 30, 1),
  os: sh('. /etc/os-release && echo "$PRETTY_NAME"'), chromium: sh('chromium --version'),
  emscripten: sh("dpkg-query -W -f='${Version}' emscripten"), node: process.version,
  imgui: sh('. scripts/versions.sh && echo $IMGUI_DEB_VERSION'), sdl2: sh('. scripts/versions.sh && echo $SDL2_DEB_VERSION'),
};
const report = {
  date: new Date().toISOString(), machine, cold_start: coldStartResult, transfer: sizes,
  frame_cpu_ms: frameResult, market_query_100k_ms: { browser_wasm: queryResult,
    native: { filters_price_sort: nativeLedger.query_filter_ms, text_top_rated: nativeLedger.query_text_ms } },
  ledger: { native_calls_per_s: nativeLedger.calls_per_s, wasm_calls_per_s: wasmLedger.calls_per_s,
            wasm_over_native: round(wasmLedger.calls_per_s / nativeLedger.calls_per_s),
            bytes_per_call: nativeLedger.bytes_per_call,
            load_100k_native_ms: { snapshot: nativeLedger.load_snapshot_ms, full_replay: nativeLedger.load_full_replay_ms },
            load_100k_wasm_node_ms: { snapshot: wasmLedger.load_snapshot_ms, full_replay: wasmLedger.load_full_replay_ms } },
  browser_load_verify: loadResult, feel,
  time_travel: { ...timeTravel, native_calls_per_s: nativeLedger.simulated_calls_per_s,
                 wasm_node_calls_per_s: wasmLedger.simulated_calls_per_s,
                 native_over_wasm: round(nativeLedger.simulated_calls_per_s / wasmLedger.simulated_calls_per_s) },
};
mkdirSync('build/bench', { recursive: true });
writeFileSync('build/bench/report.json', JSON.stringify(report, null, 2) + '\n');
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const md = `# Benchmark report

${report.date} · ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB · ${machine.os}
${machine.chromium} (headless, SwiftShader WebGL) · emscripten ${machine.emscripten} · Node ${machine.node} ·
Dear ImGui ${machine.imgui} · SDL2 ${machine.sdl2}. Medians of ${REPS} runs unless noted. Baseline: Dear ImGui's
examples/example_emscripten_opengl3 (demo window) from the same source, same compiler flags, same SDL2.

## What people feel

| | now | goal |
|---|---:|---:|
| \`use\`, click to result (stored), one tab, 200 calls: p50 / p95 ms | ${feel.one_tab.p50_ms} / ${feel.one_tab.p95_ms} | p50 ≤ 10 |
| \`use\`, click to result, two tabs alternating, 200 calls: p50 / p95 ms | ${feel.two_tabs.p50_ms} / ${feel.two_tabs.p95_ms} | p50 ≤ 10 |
| bytes stored in IndexedDB per call, fresh profile | ${feel.one_tab.bytes_per_call} | ≤ 4096 |
${Object.entries(loadResult).map(([l, r]) => `| bytes stored per call with ${r.records.toLocaleString('en')} records of history | ${r.bytes_per_call} | ≤ 4096 |`).join('\n')}
| idle page (10 s, no input): CPU, % of one core | ${feel.idle.cpu_percent_of_one_core} | ≤ 2 |
| idle page: frames drawn per second | ${feel.idle.frames_per_second} | 0 |
| load + verify on page load, ${(loadResult['100k']?.records ?? 0).toLocaleString('en')} records, ms | ${loadResult['100k']?.load_verify_ms} | ≤ 400 |
| cold start, first frame, ours / bare example | ${coldStartResult.ratio} | ≤ 1.3 |

Calls are paced ${PACE_MS} ms apart (quick clicks), each timed from \`dispatch\` to its result, which resolves only once the
call's record is stored in IndexedDB. Bytes are what the bridge wrote in its IndexedDB transactions (changed files,
whole, as IDBFS stores them) divided by the calls.

## Time travel: 1,000 buyers × ${SCENARIO.models} models × 90 days (${(timeTravel.calls ?? 0).toLocaleString('en')} simulated calls)

| | now | goal |
|---|---:|---:|
| simulated calls per second, native | ${nativeLedger.simulated_calls_per_s} | ≥ 1,000,000 |
| simulated calls per second, WASM (Node) | ${wasmLedger.simulated_calls_per_s} | within 2× of native |
| native / WASM | ${report.time_travel.native_over_wasm} | ≤ 2 |
| in Chromium, \`runScenario\` (one synchronous run), ms | ${timeTravel.api_run_ms} | |
| in Chromium, the page's Run from a shared link, click to result, ms | ${timeTravel.page_run_ms} | < 3,000 |
| while it runs: time between frames, median / longest, ms | ${timeTravel.page_frame_gap_p50_ms} / ${timeTravel.page_frame_gap_max_ms} | UI responsive |
| the same screen redrawn under a moving mouse, nothing running: median / longest, ms | ${timeTravel.idle_frame_gap_p50_ms} / ${timeTravel.idle_frame_gap_max_ms} | |
| the page's fingerprint equals \`runScenario\`'s | ${timeTravel.same_fingerprint_page_and_api} | true |

The page runs the simulation a few buyers at a time for 12 ms of each frame and draws the progress between;
frame times include drawing in software GL (SwiftShader). Medians of 3.

## Cold start (navigation → first frame drawn)

| | ms |
|---|---:|
| Model Marketplace, first WebGL draw | ${coldStartResult.app_first_draw_ms} |
| Model Marketplace, \`ready\` (saved state loaded) | ${coldStartResult.app_ready_ms} |
| Baseline example, first WebGL draw | ${coldStartResult.baseline_first_draw_ms} |
| **ratio (ours / baseline)** | **${coldStartResult.ratio}** |

Where ours goes (medians of the app's \`performance.mark\`s, ms since navigation):

| step | at, ms |
|---|---:|
${STARTUP_STEPS.map(([name, what]) => `| \`${name}\`: ${what} | ${coldStartResult.app_steps_ms[name]} |`).join('\n')}

## Transfer size (every file served)

| | raw | gzip -9 |
|---|---:|---:|
| Model Marketplace | ${kb(sizes.app.raw)} | ${kb(sizes.app.gzip)} |
| Baseline example | ${kb(sizes.baseline.raw)} | ${kb(sizes.baseline.gzip)} |
| **ratio** | **${sizes.ratio_raw}** | **${sizes.ratio_gzip}** |

${Object.entries(sizes.app.files).map(([n, s]) => `- ${n}: ${kb(s.raw)} (${kb(s.gzip)} gzip)`).join('\n')}

## App CPU time per frame on the market screen, while scrolling (events + building the UI; not GL, not swap)

The accessibility mirror's share is measured apart: describing the drawn frame (widgets + text read back from
the draw lists) and handing what changed to shell/a11y.js (goal ≤ 0.3 ms median at 10,000 models).

| models | median ms | p95 ms | mirror median ms | mirror p95 ms |
|---:|---:|---:|---:|---:|
${Object.entries(frameResult).map(([n, r]) => `| ${Number(n).toLocaleString('en')} | ${r.median_ms} | ${r.p95_ms} | ${r.mirror_median_ms} | ${r.mirror_p95_ms} |`).join('\n')}

## Market query at 100,000 models (facts + filter + sort)

| query | browser (WASM) ms | native ms (query only) |
|---|---:|---:|
| categories + rating + price band, price sort | ${queryResult.filters_price_sort} | ${nativeLedger.query_filter_ms} |
| text "summar", top rated | ${queryResult.text_top_rated} | ${nativeLedger.query_text_ms} |

## Ledger (same program, same workload: 100,000 usage calls through dispatch)

| | native | WASM (Node) | ratio |
|---|---:|---:|---:|
| usage calls per second | ${nativeLedger.calls_per_s} | ${wasmLedger.calls_per_s} | ${report.ledger.wasm_over_native} |
| load + verify ${nativeLedger.records} records, with snapshot (ms) | ${nativeLedger.load_snapshot_ms} | ${wasmLedger.load_snapshot_ms} | |
| load + verify, full replay (ms) | ${nativeLedger.load_full_replay_ms} | ${wasmLedger.load_full_replay_ms} | |

Bytes appended per call: ${nativeLedger.bytes_per_call}.

## Persistence in the browser (IndexedDB via IDBFS): load + verify on page load (median of 3 reloads)

| journal | ms |
|---|---:|
${Object.entries(loadResult).map(([l, r]) => `| ${r.records.toLocaleString('en')} records | ${r.load_verify_ms} |`).join('\n')}
`;
writeFileSync('build/bench/report.md', md);
log('wrote build/bench/report.md and build/bench/report.json');
