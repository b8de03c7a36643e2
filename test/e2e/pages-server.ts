import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export interface PagesServer {
  /** e.g. http://127.0.0.1:41234/kms-lab/ */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built site the way GitHub Pages serves a project site: only under
 * `base`, directories through index.html, `/dir` redirected to `/dir/`, and
 * the site's own 404.html with status 404 for anything else, text gzipped.
 */
export async function startPagesServer(root: string, base: string): Promise<PagesServer> {
  // Compressed once per file (a build does not change while it is served), so timings measure the browser, not the server.
  const gzipped = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, file: string) => {
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      // Text is gzipped when the client accepts it, as GitHub Pages does, so throttled timings see real transfer sizes.
      if (/^(text\/|application\/json|image\/svg)/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        let body = gzipped.get(file);
        if (!body) gzipped.set(file, (body = gzipSync(readFileSync(file))));
        res.writeHead(status, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length, vary: 'accept-encoding' });
        res.end(body);
        return;
      }
      res.writeHead(status, { 'content-type': type });
      createReadStream(file).pipe(res);
    };
    const notFound = () => send(404, join(root, '404.html'));

    if (!path.startsWith(base) && path !== base.replace(/\/$/, '')) return notFound();
    const rel = normalize(path.slice(base.length) || '.');
    if (rel.startsWith('..')) return notFound();
    const full = join(root, rel);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isFile()) return send(200, full);
    if (stat?.isDirectory() && existsSync(join(full, 'index.html'))) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: `${path}/` });
        return res.end();
      }
      return send(200, join(full, 'index.html'));
    }
    return notFound();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
