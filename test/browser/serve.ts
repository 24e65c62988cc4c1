/** A throwaway HTTP server on 127.0.0.1 for browser tests: path → HTML. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestSite {
  port: number;
  /** Same server under two host names, so binding to one can be tested against the other. */
  url(path: string, host?: 'localhost' | '127.0.0.1'): string;
  close(): Promise<void>;
}

export async function serve(pages: Record<string, string>): Promise<TestSite> {
  const server: Server = createServer((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    const type = req.url?.endsWith('.svg') ? 'image/svg+xml' : 'text/html; charset=utf-8';
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const MFA_PAGE = `<!doctype html><html><head><title>Sign in</title></head><body>
<h1>Multi-factor authentication</h1>
<form action="/done" method="post">
  <label for="mfaCode">MFA code</label>
  <input id="mfaCode" name="mfaCode" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
  <button type="submit">Submit</button>
</form></body></html>`;
