#!/usr/bin/env node
// A small static file server for build/web (used by `make run` and the browser tests). Plain files only,
// correct MIME types (application/wasm matters for streaming compilation), localhost only.
//   node scripts/serve.mjs [folder] [port]      port 0 or absent: a free one
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json', '.txt': 'text/plain',
};

// Serves `root` at `prefix` (default "/"; e.g. "/some/path/" to check sub-path hosting).
export function startServer(root, { port = 0, prefix = '/' } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      if (!path.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
      let file = normalize(join(base, path.slice(prefix.length)));
      if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403).end('forbidden'); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
                           'Cache-Control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${server.address().port}${prefix}` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || 'build/web';
  const port = Number(process.argv[3] || process.env.PORT || 8080);
  const { url } = await startServer(root, { port }).catch(async (e) => {
    if (e.code !== 'EADDRINUSE') throw e;
    console.log(`Port ${port} is busy; using a free one.`);
    return startServer(root, { port: 0 });
  });
  console.log(`Model Marketplace is served at ${url}  (Ctrl+C to stop)`);
}
