#!/usr/bin/env node
// make dist: assembles dist/model-marketplace.html, one self-contained page that works when opened from
// disk (file://, e.g. a USB stick): the shell's CSS and scripts inlined, the program with its WebAssembly
// inlined (build/single/marketplace.js, linked with -sSINGLE_FILE=1) carried as text that boot.js runs.
// No manifest or service worker there (browsers have none for file://). The Content-Security-Policy lists
// the SHA-256 of every inline script and style instead of 'self'.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const web = 'build/web';
const read = (file) => readFileSync(file, 'utf8');
const hash = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const safe = (text, what) => {
  if (/<\/(script|style)/i.test(text)) throw new Error(`${what} contains a closing tag; it cannot be inlined`);
  return text;
};

let page = read(`${web}/index.html`);
const scriptHashes = [], styleHashes = [];

const css = safe(read(`${web}/style.css`), 'style.css');
styleHashes.push(hash(css));
page = page.replace('<link rel="stylesheet" href="style.css">', () => `<style>${css}</style>`);
page = page.replace(/\s*<link rel="(manifest|icon|apple-touch-icon|preload)"[^>]*>/g, '')
           .replace(/\s*<!-- The program starts downloading[^>]*-->/, '');

// The page's scripts are deferred (they run once the page is parsed); inline scripts cannot be, so they go
// at the end of the body, in the same order.
const inlined = [];
page = page.replace(/\s*<!-- Deferred:[^>]*-->/, '').replace(/\s*<script defer src="([\w.]+)"><\/script>/g, (_, file) => {
  if (file === 'pwa.js') return '';  // service workers do not exist for file:// pages
  const code = safe(read(`${web}/${file}`), file);
  scriptHashes.push(hash(code));
  inlined.push(`  <script>${code}</script>\n`);
  return '';
});
if (!inlined.length || /<script[^>]*\ssrc=/.test(page)) throw new Error('index.html has scripts this does not inline');
page = page.replace('</body>', () => `${inlined.join('')}</body>`);
// The program: not run by the parser (type text/plain); boot.js runs it after its checks, so it comes
// before the scripts.
const program = safe(read('build/single/marketplace.js'), 'marketplace.js');
scriptHashes.push(hash(program));
const firstScript = page.indexOf('<script>');
page = page.slice(0, firstScript) + `<script type="text/plain" id="mm-program">${program}</script>\n  ` +
       page.slice(firstScript);

page = page.replace(/script-src 'self'/, () => `script-src ${scriptHashes.join(' ')}`)
           .replace(/style-src 'self'/, () => `style-src ${styleHashes.join(' ')}`)
           .replace(/connect-src 'self'/, "connect-src 'self' data:");  // the inlined WebAssembly is fetched as data:
if (!page.includes(scriptHashes[0])) throw new Error('the Content-Security-Policy was not updated');

mkdirSync('dist', { recursive: true });
writeFileSync('dist/model-marketplace.html', page);
console.log(`dist/model-marketplace.html: ${(page.length / 1024 / 1024).toFixed(2)} MB`);
