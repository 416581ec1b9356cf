// Starts the app: checks what the browser can do, shows a readable page when it cannot, then loads the
// WebAssembly program. Everything is loaded by relative URL so the folder works under any path.
(function () {
  'use strict';
  const loading = document.getElementById('loading');
  setTimeout(() => loading.classList.add('slow'), 1500);  // still loading: show that something is happening

  function showError(message) {
    loading.hidden = true;
    document.getElementById('error-text').textContent = message;
    document.getElementById('error').hidden = false;
    document.getElementById('canvas').style.display = 'none';
  }

  // Only whether the browser knows WebGL2: creating a context to find out costs 70–400 ms in software
  // rendering, on the path to the first frame. Should the app's own context fail, main() says so here.
  const hasWebGL2 = () => typeof WebGL2RenderingContext === 'function';

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    showError('This browser does not support WebAssembly, or it is turned off.');
    window.marketplace._fail('WebAssembly is not available');
    return;
  }
  if (!hasWebGL2()) {
    showError('This browser could not start WebGL2 (3D graphics), or it is turned off.');
    window.marketplace._fail('WebGL2 is not available');
    return;
  }

  const canvas = document.getElementById('canvas');
  canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    showError('The graphics context was lost. Reload the page to continue.');
  });

  Object.assign(Module, {
    canvas,
    mmOnReady() { loading.hidden = true; canvas.focus(); window.marketplace._ready(); },
    mmOnFatal(message) { showError(message); window.marketplace._fail(message); },
    onAbort(what) { showError('The app stopped unexpectedly (' + what + '). Reload the page to try again.'); },
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
  });

  const script = document.createElement('script');
  // The single-file build (dist/model-marketplace.html) carries the program in the page itself.
  const inline = document.getElementById('mm-program');
  if (inline) {
    script.textContent = inline.textContent;
  } else {
    script.src = 'marketplace.js';
    script.onerror = () => showError('The app\'s program file could not be loaded. Check your connection and reload.');
  }
  document.body.appendChild(script);
})();
