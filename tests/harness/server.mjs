// Tiny static server for the browser harness; Playwright's webServer starts and stops it.
// Listens on 127.0.0.1 only.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, 'public');
// @grafana/ui fetches its icons from Grafana's public/build/img; they ship inside the package.
const icons = join(here, '..', '..', 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img');
const ICON_PREFIX = '/public/build/img/';
const port = Number(process.env.HARNESS_PORT ?? 5179);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const [base, rel] = path.startsWith(ICON_PREFIX)
    ? [icons, path.slice(ICON_PREFIX.length)]
    : [root, path === '/' ? 'index.html' : path];
  const file = normalize(join(base, rel));
  if (!file.startsWith(base)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}).listen(port, '127.0.0.1', () => console.log(`harness on http://127.0.0.1:${port}/`));
