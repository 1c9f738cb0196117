import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { Allowlist, blockedRange, isBlockedAddress } from '../../src/feed-reader/fetch/address-guard';
import { FetchError } from '../../src/feed-reader/fetch/fetch-error';
import { fetchFeed, type FetchOptions } from '../../src/feed-reader/fetch/fetch-feed';
import { HostBusyError, LocalHostSlots } from '../../src/feed-reader/fetch/host-slots';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A local HTTP server on a loopback address; every request is recorded. */
async function serve(handler: Handler, host = '127.0.0.1') {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  return {
    origin,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title></item></channel></rss>';
const LOOPBACK: FetchOptions = { allowlist: ['127.0.0.1/32'], totalTimeoutMs: 5000, connectTimeoutMs: 2000 };

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

describe('address guard (pure)', () => {
  it.each([
    '127.0.0.1',
    '127.0.0.2',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::127.0.0.1',
    '169.254.169.254',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    'fd00::1',
    'fe80::1',
    '224.0.0.1',
    'ff02::1',
    '0.0.0.0',
    '::',
    '255.255.255.255',
    '240.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '012.0.0.1',
    'fe80::1%eth0',
    'not-an-ip',
  ])('refuses %s', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it('allows public unicast literals (checked, never dialled)', () => {
    expect(blockedRange('93.184.216.34')).toBeNull();
    expect(blockedRange('2606:4700::1111')).toBeNull();
    expect(blockedRange('::ffff:93.184.216.34')).toBeNull();
  });

  it('parses the allowlist: hosts, addresses and CIDR ranges', () => {
    const allow = new Allowlist(['feeds.internal', '127.0.0.1/32', 'fd00::/8', '10.1.2.3']);
    expect(allow.allowsHost('FEEDS.internal.')).toBe(true);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('fd12::1')).toBe(true);
    expect(allow.allowsAddress('10.1.2.3')).toBe(true);
    expect(allow.allowsAddress('10.1.2.4')).toBe(false);
    expect(new Allowlist([]).isEmpty).toBe(true);
    expect(() => new Allowlist(['not a host!'])).toThrow(/FETCH_ALLOWLIST/);
  });
});

describe('fetchFeed', () => {
  it('refuses loopback with an empty allowlist, on 127.0.0.1, [::1] and localhost, without sending a request', async () => {
    const v4 = await serve((_req, res) => res.end(RSS));
    const v6 = await serve((_req, res) => res.end(RSS), '::1');
    try {
      for (const url of [`${v4.origin}/feed`, `${v6.origin}/feed`, `http://localhost:${v4.port}/feed`]) {
        const err = await failure(fetchFeed({ url }, { totalTimeoutMs: 3000 }));
        expect(err.code).toBe('BLOCKED_ADDRESS');
        expect(err.key).toBe('fetch:errors.blockedAddress');
        expect(err.retryable).toBe(false);
      }
      expect(v4.requests).toHaveLength(0);
      expect(v6.requests).toHaveLength(0);
    } finally {
      await v4.close();
      await v6.close();
    }
  });

  it('fetches an allowlisted feed with a User-Agent naming newsdesk and exposes max-age', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'public, max-age=600' });
      res.end(RSS);
    });
    try {
      const result = await fetchFeed({ url: `${s.origin}/feed` }, LOOPBACK);
      expect(result.kind).toBe('ok');
      expect(result.httpStatus).toBe(200);
      expect(result.body?.toString()).toBe(RSS);
      expect(result.contentType).toBe('application/rss+xml; charset=utf-8');
      expect(result.maxAgeSeconds).toBe(600);
      expect(s.requests[0].headers['user-agent']).toMatch(/newsdesk/);
      expect(s.requests[0].headers['accept-encoding']).toMatch(/br/);
    } finally {
      await s.close();
    }
  });

  it('lets an allowlisted host name through, whatever it resolves to', async () => {
    const s = await serve((_req, res) => res.end(RSS));
    try {
      const result = await fetchFeed({ url: `http://localhost:${s.port}/feed` }, { allowlist: ['localhost'] });
      expect(result.body?.toString()).toBe(RSS);
      const err = await failure(fetchFeed({ url: `${s.origin}/feed` }, { allowlist: ['localhost'] }));
      expect(err.code).toBe('BLOCKED_ADDRESS');
    } finally {
      await s.close();
    }
  });

  it('stops a redirect at a refused hop ([::1] and 127.0.0.2 when only 127.0.0.1/32 is allowed)', async () => {
    const v6 = await serve((_req, res) => res.end(RSS), '::1');
    const s = await serve((req, res) => {
      const target = req.url === '/to-v6' ? `${v6.origin}/feed` : `http://127.0.0.2:${(req.socket.localPort ?? 0) + 0}/feed`;
      res.writeHead(302, { location: target });
      res.end();
    });
    try {
      for (const path of ['/to-v6', '/to-127.0.0.2']) {
        const err = await failure(fetchFeed({ url: `${s.origin}${path}` }, LOOPBACK));
        expect(err.code).toBe('BLOCKED_ADDRESS');
      }
      expect(s.requests).toHaveLength(2);
      expect(v6.requests).toHaveLength(0);
    } finally {
      await s.close();
      await v6.close();
    }
  });

  it('refuses file:, ftp:, gopher: and garbage URLs', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/feed', 'gopher://127.0.0.1:70/1']) {
      const err = await failure(fetchFeed({ url }, LOOPBACK));
      expect(err.code).toBe('UNSUPPORTED_SCHEME');
    }
    expect((await failure(fetchFeed({ url: 'not a url' }, LOOPBACK))).code).toBe('BAD_URL');
  });

  it('follows 5 redirects, fails on the 6th, and names a loop', async () => {
    const s = await serve((req, res) => {
      const m = /^\/hop\/(\d+)$/.exec(req.url ?? '');
      if (m && Number(m[1]) > 0) {
        res.writeHead(301, { location: `/hop/${Number(m[1]) - 1}` });
        return res.end();
      }
      if (req.url === '/loop/a') return res.writeHead(302, { location: '/loop/b' }).end();
      if (req.url === '/loop/b') return res.writeHead(307, { location: '/loop/a' }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
    });
    try {
      const ok = await fetchFeed({ url: `${s.origin}/hop/5` }, LOOPBACK);
      expect(ok.finalUrl).toBe(`${s.origin}/hop/0`);
      expect((await failure(fetchFeed({ url: `${s.origin}/hop/6` }, LOOPBACK))).code).toBe('TOO_MANY_REDIRECTS');
      expect((await failure(fetchFeed({ url: `${s.origin}/loop/a` }, LOOPBACK))).code).toBe('REDIRECT_LOOP');
    } finally {
      await s.close();
    }
  });

  it('stops a body over the cap, declared or chunked, and a gzip bomb, at the cap', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200 * 1024);
    const s = await serve((req, res) => {
      if (req.url === '/declared') return res.writeHead(200, { 'content-length': 300_000 }).end(Buffer.alloc(300_000, 'a'));
      if (req.url === '/bomb') return res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb);
      res.writeHead(200);
      let sent = 0;
      const pump = () => {
        while (sent < 5_000_000) {
          sent += 16_384;
          if (!res.write(Buffer.alloc(16_384, 'b'))) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    try {
      const opts = { ...LOOPBACK, maxBytes: 256 * 1024 };
      for (const path of ['/declared', '/chunked', '/bomb']) {
        const err = await failure(fetchFeed({ url: `${s.origin}${path}` }, opts));
        expect(err.code).toBe('TOO_LARGE');
        expect(err.params.max).toBe(256 * 1024);
      }
    } finally {
      await s.close();
    }
  });

  it('gives up on a server that drips one byte a second at the total deadline', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed || i >= RSS.length) return clearInterval(timer);
        res.write(RSS[i++]);
      }, 1000);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const err = await failure(fetchFeed({ url: `${s.origin}/drip` }, { ...LOOPBACK, totalTimeoutMs: 1500 }));
      expect(err.code).toBe('TIMEOUT');
      expect(err.retryable).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('gives up on a connection that never completes its TLS handshake at the connect timeout', async () => {
    const silent = net.createServer((socket) => socket.resume().on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const err = await failure(fetchFeed({ url: `https://127.0.0.1:${port}/feed` }, { ...LOOPBACK, connectTimeoutMs: 300 }));
      expect(err.code).toBe('CONNECT_TIMEOUT');
      expect(err.params.ms).toBe(300);
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('sends conditional GET validators and reports 304 as not-modified', async () => {
    const s = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"' || req.headers['if-modified-since'] === 'Wed, 01 Jan 2025 00:00:00 GMT') {
        return res.writeHead(304, { etag: '"v1"' }).end();
      }
      res.writeHead(200, { etag: '"v1"', 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' }).end(RSS);
    });
    try {
      const first = await fetchFeed({ url: `${s.origin}/feed` }, LOOPBACK);
      expect(first).toMatchObject({ kind: 'ok', etag: '"v1"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' });
      const again = await fetchFeed({ url: `${s.origin}/feed`, etag: first.etag, lastModified: first.lastModified }, LOOPBACK);
      expect(again.kind).toBe('not-modified');
      expect(again.httpStatus).toBe(304);
      expect(again.body).toBeUndefined();
      expect(again.lastModified).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
      const byDate = await fetchFeed({ url: `${s.origin}/feed`, lastModified: first.lastModified }, LOOPBACK);
      expect(byDate.kind).toBe('not-modified');
      expect(s.requests[1].headers['if-none-match']).toBe('"v1"');
    } finally {
      await s.close();
    }
  });

  it('decodes gzip, deflate (zlib and raw) and brotli', async () => {
    const encoders: Record<string, [string, (b: Buffer) => Buffer]> = {
      '/gzip': ['gzip', zlib.gzipSync],
      '/deflate': ['deflate', zlib.deflateSync],
      '/raw-deflate': ['deflate', zlib.deflateRawSync],
      '/br': ['br', zlib.brotliCompressSync],
    };
    const s = await serve((req, res) => {
      const [encoding, encode] = encoders[req.url ?? ''];
      res.writeHead(200, { 'content-encoding': encoding }).end(encode(Buffer.from(RSS)));
    });
    try {
      for (const path of Object.keys(encoders)) {
        const result = await fetchFeed({ url: `${s.origin}${path}` }, LOOPBACK);
        expect(result.body?.toString()).toBe(RSS);
      }
    } finally {
      await s.close();
    }
  });

  it('reports Retry-After on 429 and 503, and other statuses as HTTP_STATUS', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/429') return res.writeHead(429, { 'retry-after': '120' }).end();
      if (req.url === '/503') return res.writeHead(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }).end();
      res.writeHead(404).end();
    });
    try {
      const limited = await failure(fetchFeed({ url: `${s.origin}/429` }, LOOPBACK));
      expect(limited).toMatchObject({ code: 'HTTP_STATUS', retryAfterSeconds: 120, httpStatus: 429, retryable: true });
      const down = await failure(fetchFeed({ url: `${s.origin}/503` }, LOOPBACK));
      expect(down.retryAfterSeconds).toBeGreaterThan(3500);
      const missing = await failure(fetchFeed({ url: `${s.origin}/404` }, LOOPBACK));
      expect(missing).toMatchObject({ code: 'HTTP_STATUS', retryAfterSeconds: null, retryable: false });
      expect(missing.params.status).toBe(404);
    } finally {
      await s.close();
    }
  });

  /** A server that answers after `ms`, counting the requests it is serving at once. */
  const slowServer = async (ms: number) => {
    const load = { active: 0, peak: 0 };
    const s = await serve((_req, res) => {
      load.active++;
      load.peak = Math.max(load.peak, load.active);
      setTimeout(() => {
        load.active--;
        res.end(RSS);
      }, ms);
    });
    return Object.assign(s, { load });
  };

  it("sends at most the host's limit of requests at a time", async () => {
    const s = await slowServer(30);
    try {
      for (const limit of [1, 2]) {
        s.load.peak = 0;
        const slots = new LocalHostSlots(limit);
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => fetchFeed({ url: `${s.origin}/feed/${limit}-${i}` }, { ...LOOPBACK, hostSlots: slots })),
        );
        expect(results.every((r) => r.kind === 'ok')).toBe(true);
        expect(s.load.peak).toBe(limit);
        expect(slots.busyHosts).toBe(0);
      }
      expect(s.requests).toHaveLength(12);
    } finally {
      await s.close();
    }
  });

  it('refuses at once with HostBusyError (no request sent) when it may not wait for a busy host', async () => {
    const s = await slowServer(300);
    try {
      const slots = new LocalHostSlots(1);
      const first = fetchFeed({ url: `${s.origin}/feed/a` }, { ...LOOPBACK, hostSlots: slots });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await fetchFeed({ url: `${s.origin}/feed/b` }, { ...LOOPBACK, hostSlots: slots, hostWaitMs: 0 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(HostBusyError);
      expect(refused).not.toBeInstanceOf(FetchError);
      expect((await first).kind).toBe('ok');
      expect(s.requests.map((r) => r.url)).toEqual(['/feed/a']);
      expect((await fetchFeed({ url: `${s.origin}/feed/b` }, { ...LOOPBACK, hostSlots: slots, hostWaitMs: 0 })).kind).toBe('ok');
    } finally {
      await s.close();
    }
  });

  it('starts the deadline with the request, not while waiting for the host', async () => {
    // Each answer takes 1.2 s of a 2 s deadline; the second fetch first waits about 1.2 s for the slot.
    const s = await slowServer(1200);
    try {
      const slots = new LocalHostSlots(1);
      const options = { ...LOOPBACK, hostSlots: slots, totalTimeoutMs: 2000, hostWaitMs: 10_000 };
      const results = await Promise.all(['/feed/1', '/feed/2'].map((path) => fetchFeed({ url: `${s.origin}${path}` }, options)));
      expect(results.map((r) => r.kind)).toEqual(['ok', 'ok']);
      expect(s.load.peak).toBe(1);
    } finally {
      await s.close();
    }
  });
});
