import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFeed {
  path: string;
  body: Buffer;
  contentType: string;
}

/**
 * Local "sites": one HTTP server per loopback address (127.0.0.1, 127.0.0.2, ...) on one port, serving
 * feeds by path with ETags, so a re-poll of an unchanged feed is one 304. Counts requests and 304s.
 */
export class LocalSites {
  readonly hosts: string[];
  requests = 0;
  notModified = 0;
  private readonly servers: Server[];
  private readonly byPath = new Map<string, ServedFeed & { etag: string }>();
  private port = 0;

  constructor(count: number) {
    this.hosts = Array.from({ length: count }, (_, i) => `127.0.0.${i + 1}`);
    this.servers = this.hosts.map(() => createServer((req, res) => this.handle(req, res)));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.servers[0].listen(0, this.hosts[0], resolve));
    this.port = (this.servers[0].address() as AddressInfo).port;
    await Promise.all(this.servers.slice(1).map((srv, i) => new Promise<void>((resolve) => srv.listen(this.port, this.hosts[i + 1], resolve))));
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Serves the feeds; the i-th lives on host i modulo the number of sites. Returns their URLs. */
  serve(feeds: readonly ServedFeed[], offset = 0): string[] {
    return feeds.map((f, i) => {
      this.byPath.set(f.path, { ...f, etag: `"${createHash('sha1').update(f.body).digest('hex')}"` });
      return `http://${this.hosts[(i + offset) % this.hosts.length]}:${this.port}${f.path}`;
    });
  }

  close(): void {
    for (const srv of this.servers) srv.close();
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests++;
    const feed = this.byPath.get(req.url ?? '');
    if (!feed) return void res.writeHead(404).end();
    if (req.headers['if-none-match'] === feed.etag) {
      this.notModified++;
      return void res.writeHead(304, { etag: feed.etag }).end();
    }
    res.writeHead(200, { 'content-type': feed.contentType, etag: feed.etag }).end(feed.body);
  }
}

/** A long RSS feed of short items (about 230 bytes each, as a busy wire feed): `n` items, newest first. */
export function longFeed(n: number, path: string, site: string): ServedFeed {
  const base = Date.UTC(2026, 10, 20);
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const date = new Date(base - i * 60_000).toUTCString();
    items.push(
      `<item><guid isPermaLink="false">wire-${i}</guid><link>${site}/wire/${i}</link><title>Wire report ${i}: markets, weather and transport</title>` +
        `<description>Short update number ${i} from the wire desk.</description><pubDate>${date}</pubDate></item>`,
    );
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>${site}/</link><language>en</language>\n${items.join('\n')}\n</channel></rss>`;
  return { path, body: Buffer.from(xml), contentType: 'application/rss+xml; charset=utf-8' };
}
