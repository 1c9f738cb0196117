import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The answer waits until this settles (a test holds a poll in flight while it sets the next step up). */
  until?: Promise<unknown>;
}

/** A local HTTP server on 127.0.0.1 serving feeds by path; routes can change between polls. Counts requests. */
export class FeedServer {
  private server?: Server;
  readonly routes = new Map<string, Served | ((req: IncomingMessage) => Served)>();
  readonly hits: { path: string; headers: IncomingMessage['headers'] }[] = [];

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = (req.url ?? '/').split('?')[0];
      this.hits.push({ path, headers: req.headers });
      const route = this.routes.get(path);
      if (!route) {
        res.writeHead(404).end('not found');
        return;
      }
      const served = typeof route === 'function' ? route(req) : route;
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(served.status ?? 200, served.headers ?? { 'content-type': 'application/rss+xml; charset=utf-8' });
        res.end(served.body ?? '');
      };
      if (served.until) void served.until.then(answer, answer);
      else answer();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  hitsFor(path: string) {
    return this.hits.filter((h) => h.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A small RSS 2.0 document. */
export function rss(items: { guid?: string; link?: string; title?: string; description?: string; lang?: string; pubDate?: string }[], opts: { language?: string; link?: string; ttl?: number } = {}): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Test</title><link>${opts.link ?? 'https://example.org/'}</link>
${opts.language ? `<language>${opts.language}</language>` : ''}${opts.ttl ? `<ttl>${opts.ttl}</ttl>` : ''}
${items
  .map(
    (i) => `<item>${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}${i.link ? `<link>${esc(i.link)}</link>` : ''}${
      i.title !== undefined ? `<title>${esc(i.title)}</title>` : ''
    }${i.description ? `<description>${esc(i.description)}</description>` : ''}${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}
