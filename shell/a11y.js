// The accessibility mirror, shell side. The app draws into one <canvas>; this keeps an invisible tree of real
// elements over it — a button per button, a field per field, a paragraph per line of text, in landmarks —
// which screen readers read and operate, Tab walks, find-in-page searches and tests address by role and name.
// Each drawn frame the app describes what it shows (src/ui/a11y_mirror.cpp); only what changed is written to
// the DOM. Activating an element presses its widget, focusing one moves ImGui's focus (drawn on the canvas),
// typing in a field types in the app's field; keyboard navigation inside the canvas moves the focus here.
// Results and errors (the app's toasts) are read out by live regions; the title follows the screen.
(function () {
  'use strict';
  const root = document.createElement('div');
  root.id = 'a11y';
  // Landmarks, in reading order; a node's "g" (Region in src/ui/widget_registry.h) says which it belongs to.
  const landmark = (tag, role, label) => {
    const el = document.createElement(tag);
    if (role) el.setAttribute('role', role);
    if (label) el.setAttribute('aria-label', label);
    el.hidden = true;
    return el;
  };
  const regions = [landmark('main'), landmark('header'), landmark('nav', null, 'Screens'),
                   landmark('div', 'search', 'Models'), landmark('aside', null, 'Filters'), landmark('div', 'dialog')];
  const dialog = regions[5];
  dialog.setAttribute('aria-modal', 'true');
  for (const index of [1, 2, 3, 4, 0, 5]) root.appendChild(regions[index]);
  const polite = landmark('div', 'status');
  polite.hidden = false;
  polite.setAttribute('aria-live', 'polite');
  polite.className = 'a11y-live';
  const assertive = landmark('div', 'alert');
  assertive.hidden = false;
  assertive.className = 'a11y-live';
  root.append(polite, assertive);

  const elements = new Map();  // node key -> element
  let restoringFocus = false;  // focus moved by this script, not by the person: the app already knows
  let appFocus = '';           // the widget ImGui last said had its keyboard focus
  let opener = null;           // the element focused when a dialog opened

  const isField = (el) => el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
  const BUTTON_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'combobox', 'option']);

  function create(node) {
    let el;
    if (node.r === 'text') el = document.createElement('p');
    else if (node.r === 'heading') el = document.createElement('h1');
    else if (node.r === 'textbox') {
      el = document.createElement(node.m ? 'textarea' : 'input');
      if (!node.m) el.type = 'text';
      el.autocomplete = 'off';
      el.spellcheck = false;
      el.sent = new Set();  // values this field sent to the app (their echoes are not typed back)
    } else if (node.r === 'slider') {
      el = document.createElement('div');
      el.setAttribute('role', 'slider');
      el.tabIndex = 0;
    } else {
      el = document.createElement('button');
      el.type = 'button';
      if (node.r !== 'button' && BUTTON_ROLES.has(node.r)) el.setAttribute('role', node.r);
    }
    el.dataset.key = node.k;
    el.node = {};
    return el;
  }

  const setAttr = (el, name, value) => {
    if (value === undefined || value === null) { if (el.hasAttribute(name)) el.removeAttribute(name); }
    else if (el.getAttribute(name) !== String(value)) el.setAttribute(name, value);
  };

  function patch(el, node) {
    const was = el.node;
    if (was.x !== node.x || was.y !== node.y || was.w !== node.w || was.h !== node.h) {
      Object.assign(el.style, { left: node.x + 'px', top: node.y + 'px', width: node.w + 'px', height: node.h + 'px',
                                fontSize: Math.max(8, Math.round(node.h * 0.8)) + 'px' });
    }
    if (node.id !== undefined) el.dataset.id = node.id;
    if (node.i) el.dataset.widget = node.i;
    if (isField(el)) {
      setAttr(el, 'aria-label', node.n);
      setAttr(el, 'placeholder', node.p);
      if (el.tagName === 'INPUT' && el.type !== (node.pw ? 'password' : 'text')) el.type = node.pw ? 'password' : 'text';
      el.readOnly = Boolean(node.ro || node.d);
      // The app's text wins unless it is only the echo of what was typed here (typing runs ahead of frames).
      const value = node.v || '';
      if (value !== was.v && value !== el.value && !(document.activeElement === el && el.sent.has(value))) el.value = value;
    } else if (node.r === 'slider') {
      setAttr(el, 'aria-label', node.n);
      setAttr(el, 'aria-valuenow', parseFloat(String(node.v || '').replace(/[^0-9.\-]/g, '')) || 0);
      setAttr(el, 'aria-valuetext', node.v || '');
    } else if (was.n !== node.n) {
      el.textContent = node.n;
    }
    const checkable = node.c !== undefined;
    const toggle = el.tagName === 'BUTTON' && !el.hasAttribute('role');
    setAttr(el, 'aria-checked', checkable && !toggle ? (node.c ? 'true' : 'false') : null);
    setAttr(el, 'aria-pressed', checkable && toggle ? (node.c ? 'true' : 'false') : null);
    setAttr(el, 'aria-expanded', node.e !== undefined ? (node.e ? 'true' : 'false') : node.r === 'combobox' ? 'false' : null);
    // Disabled but still focusable, so a screen reader can find it and read why (the text beside it).
    setAttr(el, 'aria-disabled', node.d ? 'true' : null);
    el.node = node;
  }

  // Puts `list` in `container` in order, moving only what is out of place.
  function order(container, list) {
    let cursor = container.firstChild;
    for (const el of list) {
      if (el === cursor) cursor = cursor.nextSibling;
      else container.insertBefore(el, cursor);
    }
    container.hidden = list.length === 0;
  }

  function apply(nodes) {
    const focused = document.activeElement;
    const inMirror = root.contains(focused);  // the person is in the mirror (keyboard, screen reader)
    const wasModal = !dialog.hidden;
    const seen = new Set();
    const lists = regions.map(() => []);
    for (const node of nodes) {
      let el = elements.get(node.k);
      if (el && el.node.r !== node.r) { el.remove(); el = null; }
      if (!el) { el = create(node); elements.set(node.k, el); }
      patch(el, node);
      seen.add(node.k);
      (lists[node.g] || lists[0]).push(el);
    }
    for (const [key, el] of elements) {
      if (!seen.has(key)) { el.remove(); elements.delete(key); }
    }
    regions.forEach((container, index) => order(container, lists[index]));
    // A dialog is named by its first line, and what is under it cannot be reached until it closes.
    const modal = lists[5].length > 0;
    if (modal) setAttr(dialog, 'aria-label', lists[5][0].node.n);
    regions.forEach((container) => { if (container !== dialog) container.inert = modal; });
    // Moving an element in the DOM drops its focus: give it back (the app's focus did not move). An element
    // gone with its screen leaves the focus at the new screen's heading; a dialog takes the focus while it is
    // open and gives it back to where it was when it closes.
    if (!inMirror) return;
    if (modal && !wasModal) {
      opener = focused;
      focusQuietly(dialog.querySelector('[data-id]'), true);
    } else if (!modal && wasModal && opener && opener.isConnected) {
      focusQuietly(opener, true);
    } else if (document.activeElement !== focused) {
      focusQuietly(focused.isConnected ? focused : root.querySelector('main h1') || root.querySelector('h1'));
    }
  }

  // Moves the focus without the focus handlers telling the app; `tell`: the app's focus follows it after all.
  function focusQuietly(el, tell = false) {
    if (!el) return;
    const was = restoringFocus;
    restoringFocus = true;
    if (el.tagName === 'H1') el.tabIndex = -1;
    el.focus({ preventScroll: true });
    restoringFocus = was;
    if (tell && el.dataset.id !== undefined) Module._mm_a11y_focus(idOf(el));
  }

  function announce(messages) {
    for (const message of messages || []) {
      const region = message.ok ? polite : assertive;
      const line = document.createElement('p');
      line.textContent = message.text;
      region.appendChild(line);
      while (region.childElementCount > 5) region.firstElementChild.remove();
    }
  }

  // Called by the app after a drawn frame; never throws into its frame loop.
  function update(text) {
    try {
      follow(JSON.parse(text));
    } catch (e) {
      console.error('accessibility mirror:', e);
    }
  }

  function follow(mirror) {
    if (mirror.title && document.title !== mirror.title) document.title = mirror.title;
    if (!mirror.same) {
      // Elements moved or removed by the update are not the person leaving them.
      restoringFocus = true;
      try { apply(mirror.nodes); } finally { restoringFocus = false; }
    }
    announce(mirror.announce);
    // Keyboard navigation inside the canvas: the element of the widget ImGui focused takes the focus (and is
    // announced), unless the person is somewhere else on the page. Only a move of ImGui's own counts: while
    // the page's requests are being carried out, ImGui's focus is behind the page's.
    if (mirror.busy || mirror.focus === appFocus) return;
    appFocus = mirror.focus;
    const target = mirror.focus === 'canvas' ? Module.canvas : mirror.focus && elements.get(mirror.focus);
    const active = document.activeElement;
    if (target && active !== target &&
        (active === document.body || active === Module.canvas || root.contains(active))) {
      restoringFocus = true;
      target.focus({ preventScroll: true });
      restoringFocus = false;
    }
  }

  const idOf = (el) => Number(el.dataset.id) >>> 0;
  const element = (target) => (target && target.closest ? target.closest('[data-key]') : null);

  root.addEventListener('click', (e) => {
    const el = element(e.target);
    if (!el || isField(el) || el.dataset.id === undefined) return;
    e.preventDefault();
    Module._mm_a11y_activate(idOf(el));
  });
  root.addEventListener('focusin', (e) => {
    const el = element(e.target);
    if (!restoringFocus && el && el.dataset.id !== undefined) Module._mm_a11y_focus(idOf(el));
  });
  root.addEventListener('focusout', (e) => {
    if (!restoringFocus && !root.contains(e.relatedTarget)) Module._mm_a11y_focus(0);
    if (isField(e.target)) e.target.sent.clear();
  });
  root.addEventListener('input', (e) => {
    const el = e.target;
    if (!isField(el) || el.dataset.id === undefined) return;
    el.sent.add(el.value);
    if (el.sent.size > 64) el.sent.delete(el.sent.values().next().value);
    Module.mmCall('mm_a11y_set_text', JSON.stringify({ id: idOf(el), text: el.value }));
  });
  // The mirror never scrolls: its elements sit over their widgets (focus would otherwise scroll it).
  root.addEventListener('scroll', () => { root.scrollTop = 0; root.scrollLeft = 0; });

  // Keys go to the focused element first. The canvas (SDL, on the window) hears only what the element does not
  // use itself: a field keeps its typing (Enter and Escape still reach the app), a button its Tab, Enter and
  // Space; arrows and shortcuts drive the app's own keyboard navigation. Find and zoom stay the browser's.
  const BROWSER_SHORTCUTS = new Set(['f', 'g', '+', '=', '-', '0']);
  const keptFromCanvas = new Set();  // keys whose press the canvas did not hear: nor does it hear their release
  const route = (e) => {
    if (e.type === 'keyup') {
      // A release goes where its press went, wherever the focus is now: a key pressed on the canvas must not
      // stay down there, and a button's Space or Enter released to the canvas would cancel the button's click.
      if (keptFromCanvas.delete(e.code)) e.stopPropagation();
      return;
    }
    const kept = routePress(e);
    if (kept && e.type === 'keydown') keptFromCanvas.add(e.code);
    else if (e.type === 'keydown') keptFromCanvas.delete(e.code);
  };
  // Decides where a key press goes; true when it is kept from the canvas.
  const routePress = (e) => {
    if ((e.ctrlKey || e.metaKey) && BROWSER_SHORTCUTS.has(String(e.key).toLowerCase())) {
      e.stopImmediatePropagation();
      return true;
    }
    // Tab leaves the canvas for the mirror's first element (the app's own Tab only cycles its text fields).
    if (e.key === 'Tab' && (e.target === Module.canvas || e.target === document.body)) {
      e.stopPropagation();
      return true;
    }
    const el = element(e.target);
    if (!el || !root.contains(el)) return false;
    if (isField(el)) {
      e.stopPropagation();
      // Enter (a one-line field submits) and Escape go to the app's field in turn, after the text typed before.
      const key = e.key === 'Enter' && el.tagName === 'INPUT' ? 0 : e.key === 'Escape' ? 1 : -1;
      if (key >= 0 && e.type === 'keydown' && !e.repeat && el.dataset.id !== undefined) Module._mm_a11y_key(idOf(el), key);
      return true;
    }
    if (e.key === 'Tab' || e.key === 'Enter' || e.key === ' ') {
      e.stopPropagation();
      return true;
    }
    return false;
  };
  for (const type of ['keydown', 'keypress', 'keyup']) window.addEventListener(type, route, true);

  // Motion and colours the person asked the browser for.
  const reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)');
  Module.mmMirror = {
    update,
    reducedMotion: () => Boolean(reducedMotion && reducedMotion.matches),
    prefersLight: () => Boolean(window.matchMedia && window.matchMedia('(prefers-color-scheme: light)').matches),
  };
  document.body.appendChild(root);
})();
