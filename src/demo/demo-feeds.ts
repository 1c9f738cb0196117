import type { INestApplicationContext } from '@nestjs/common';
import iconv from 'iconv-lite';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../common/errors';
import { escapeHtml as esc } from '../common/html';
import { FeedsService } from '../feeds/feeds.service';
import { renderOutsideFeed } from './demo-mentions';

/**
 * The demo sections publish feeds from a small local HTTP server (one per section, in the section's
 * language and in every format newsdesk reads), so that a new user sees the worker ingest them. Every
 * minute each feed gains a new item; `refreshFeed` polls at once.
 */
interface DemoItem {
  id: string;
  title: string;
  text: string;
  /** Another-language version of this item (translation linking). */
  alternate?: { hreflang: string; href: string };
}

const ORIGIN = 'https://feeds.demo.example';

const ITEMS: Record<string, { locale: string; format: 'rss' | 'atom' | 'json' | 'rdf' | 'rss-gbk'; items: DemoItem[]; live: string }> = {
  international: {
    locale: 'en',
    format: 'atom',
    items: [
      { id: 'int-1', title: 'Solidarity meetings on three continents this week', text: 'Sections in Europe, Asia and the Americas meet on the same evening.' },
      {
        id: 'int-2',
        title: 'Stockholm metro workers win their dispute',
        text: 'After four weeks the company accepted the demands.',
        alternate: { hreflang: 'sv', href: `${ORIGIN}/sweden/tunnelbana` },
      },
    ],
    live: 'International update',
  },
  sweden: {
    locale: 'sv',
    format: 'rss',
    items: [
      { id: 'se-1', title: 'Tunnelbanans arbetare vann konflikten', text: 'Efter fyra veckor godtog bolaget kraven.', alternate: { hreflang: 'en', href: `${ORIGIN}/international/metro` } },
      { id: 'se-2', title: 'Studiecirkel om Rosa Luxemburg i Göteborg', text: 'Vi läser Sociala reformer eller revolution under fyra kvällar.' },
    ],
    live: 'Nytt från Sverige',
  },
  pakistan: {
    locale: 'ur',
    format: 'rss',
    items: [
      { id: 'pk-1', title: 'کراچی میں مزدوروں کا اجلاس', text: 'اجلاس میں اجرتوں اور حفاظت کے مسائل پر بات ہوئی۔' },
      { id: 'pk-2', title: 'لاہور میں طلبہ کا مطالعاتی حلقہ', text: 'ہر جمعہ کو مطالعاتی حلقہ منعقد ہوتا ہے۔' },
    ],
    live: 'پاکستان سے تازہ خبر',
  },
  france: {
    locale: 'fr',
    format: 'rss',
    items: [
      { id: 'fr-1', title: 'Grève dans les transports à Lyon', text: 'Les agents réclament des embauches.' },
      { id: 'fr-2', title: 'Université d’été : le programme', text: 'Trois jours de débats à Marseille.' },
    ],
    live: 'Nouvelles de France',
  },
  spain: {
    locale: 'es',
    format: 'json',
    items: [
      { id: 'es-1', title: 'Huelga de limpieza en Madrid', text: 'Las trabajadoras exigen contratos fijos.' },
      { id: 'es-2', title: 'Charla sobre la Revolución Inglesa', text: 'En la Casa Museo León Trotsky.' },
    ],
    live: 'Noticias de España',
  },
  usa: {
    locale: 'en',
    format: 'rdf',
    items: [
      { id: 'us-1', title: 'Nurses strike in New York', text: 'Thousands walked out over staffing.' },
      { id: 'us-2', title: 'Reading group in Chicago', text: 'We read The Communist Manifesto.' },
    ],
    live: 'News from the USA',
  },
  china: {
    locale: 'zh',
    format: 'rss-gbk',
    items: [
      { id: 'cn-1', title: '深圳工人争取加班费', text: '工人们要求按法律支付加班费。' },
      { id: 'cn-2', title: '读书会：罗莎·卢森堡', text: '每周六晚上见面。' },
    ],
    live: '中国最新消息',
  },
};

const SLUG_OF: Record<string, string> = { 'int-2': 'metro', 'se-1': 'tunnelbana' };
const linkOf = (section: string, item: DemoItem) => `${ORIGIN}/${section}/${SLUG_OF[item.id] ?? item.id}`;

function itemsAt(section: string, startedAt: number, now: number): (DemoItem & { date: Date })[] {
  const spec = ITEMS[section];
  const minutes = Math.floor((now - startedAt) / 60_000);
  const live = Array.from({ length: Math.min(minutes, 30) }, (_, i) => ({
    id: `${section}-live-${i + 1}`,
    title: `${spec.live} #${i + 1}`,
    text: `${spec.live} (${new Date(startedAt + (i + 1) * 60_000).toISOString()})`,
    date: new Date(startedAt + (i + 1) * 60_000),
  }));
  return [...live.reverse(), ...spec.items.map((item, i) => ({ ...item, date: new Date(startedAt - (i + 1) * 3_600_000) }))];
}

export function renderDemoFeed(section: string, startedAt: number, now = Date.now()): { contentType: string; body: Buffer } {
  const spec = ITEMS[section];
  const items = itemsAt(section, startedAt, now);
  const home = `${ORIGIN}/${section}/`;
  switch (spec.format) {
    case 'atom':
      return {
        contentType: 'application/atom+xml; charset=utf-8',
        body: Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${spec.locale}"><title>${section}</title><id>${home}</id><updated>${new Date(now).toISOString()}</updated><link href="${home}"/>
${items
  .map(
    (i) => `<entry><id>${linkOf(section, i)}</id><title>${esc(i.title)}</title><link rel="alternate" href="${linkOf(section, i)}"/>${
      i.alternate ? `<link rel="alternate" hreflang="${i.alternate.hreflang}" href="${i.alternate.href}"/>` : ''
    }<updated>${i.date.toISOString()}</updated><content type="html">${esc(`<p>${esc(i.text)}</p>`)}</content></entry>`,
  )
  .join('\n')}
</feed>`),
      };
    case 'json':
      return {
        contentType: 'application/feed+json',
        body: Buffer.from(
          JSON.stringify({
            version: 'https://jsonfeed.org/version/1.1',
            title: section,
            home_page_url: home,
            language: spec.locale,
            items: items.map((i) => ({ id: linkOf(section, i), url: linkOf(section, i), title: i.title, content_html: `<p>${esc(i.text)}</p>`, date_published: i.date.toISOString() })),
          }),
        ),
      };
    case 'rdf':
      return {
        contentType: 'application/rdf+xml',
        body: Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="${home}"><title>${section}</title><link>${home}</link><description>${section}</description><dc:language>${spec.locale}</dc:language></channel>
${items.map((i) => `<item rdf:about="${linkOf(section, i)}"><title>${esc(i.title)}</title><link>${linkOf(section, i)}</link><description>${esc(i.text)}</description><dc:date>${i.date.toISOString()}</dc:date></item>`).join('\n')}
</rdf:RDF>`),
      };
    case 'rss':
    case 'rss-gbk': {
      const encoding = spec.format === 'rss-gbk' ? 'gbk' : 'utf-8';
      const xml = `<?xml version="1.0" encoding="${encoding}"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>${section}</title><link>${home}</link><description>${section}</description><language>${spec.locale}</language>
${items
  .map(
    (i) => `<item><guid>${linkOf(section, i)}</guid><link>${linkOf(section, i)}</link><title>${esc(i.title)}</title><description>${esc(i.text)}</description><pubDate>${i.date.toUTCString()}</pubDate>${
      i.alternate ? `<atom:link rel="alternate" hreflang="${i.alternate.hreflang}" href="${i.alternate.href}"/>` : ''
    }</item>`,
  )
  .join('\n')}
</channel></rss>`;
      return { contentType: `application/rss+xml; charset=${encoding}`, body: encoding === 'gbk' ? iconv.encode(xml, 'gbk') : Buffer.from(xml) };
    }
  }
}

/** Starts the demo feed server on 127.0.0.1 (DEMO_FEEDS_PORT, default 3100, else any free port). */
export async function startDemoFeedServer(port = Number(process.env.DEMO_FEEDS_PORT ?? 3100)): Promise<{ server: Server; base: string }> {
  const startedAt = Date.now();
  const server = createServer((req, res) => {
    const outside = /^\/outside\/([a-z]+)\.xml$/.exec(req.url ?? '');
    const page = outside ? renderOutsideFeed(outside[1], `http://${req.headers.host}`) : null;
    if (page) {
      res.writeHead(200, { 'content-type': page.contentType, 'cache-control': 'max-age=60' }).end(page.body);
      return;
    }
    const match = /^\/feeds\/([a-z]+)\.(xml|json)$/.exec(req.url ?? '');
    if (!match || !ITEMS[match[1]]) {
      res.writeHead(404).end();
      return;
    }
    const { contentType, body } = renderDemoFeed(match[1], startedAt);
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'max-age=60' }).end(body);
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve());
    });
  try {
    await listen(port);
  } catch {
    await listen(0);
  }
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Registers each demo section's feed (again after a restart: an already registered URL is kept). */
export async function registerDemoFeeds(app: INestApplicationContext, base: string): Promise<number> {
  const feeds = app.get(FeedsService);
  let registered = 0;
  for (const [section, spec] of Object.entries(ITEMS)) {
    const url = `${base}/feeds/${section}.${spec.format === 'json' ? 'json' : 'xml'}`;
    try {
      await feeds.register({ section, url, locale: spec.locale, pollIntervalMinutes: 5 });
      registered++;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    }
  }
  return registered;
}
