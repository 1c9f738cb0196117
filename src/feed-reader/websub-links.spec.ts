import { parseFeed } from './parse/parse-feed';
import { discoverWebSub, parseLinkHeader } from './websub-links';

describe('parseLinkHeader', () => {
  it('reads targets and their relation types, quoted or not, several per header', () => {
    expect(parseLinkHeader('<https://hub.example/>; rel="hub", </feed.xml>; rel=self; type="application/rss+xml", <x>; title="a, b"')).toEqual([
      { href: 'https://hub.example/', rels: ['hub'] },
      { href: '/feed.xml', rels: ['self'] },
    ]);
    expect(parseLinkHeader('<https://h.example/>; rel="hub self"')).toEqual([{ href: 'https://h.example/', rels: ['hub', 'self'] }]);
    expect(parseLinkHeader(null)).toEqual([]);
    expect(parseLinkHeader('garbage')).toEqual([]);
  });
});

describe('discoverWebSub', () => {
  const rss = Buffer.from(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
    <atom:link rel="hub" href="https://hub.example/"/><atom:link rel="self" href="https://site.example/feed.xml"/></channel></rss>`);
  const atom = Buffer.from(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link rel="hub" href="/hub"/><link rel="self" href="https://site.example/atom"/></feed>`);
  const json = Buffer.from(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 't', feed_url: 'https://site.example/feed.json', hubs: [{ type: 'WebSub', url: 'https://hub.example/' }], items: [] }));

  it('finds the hub and the topic in RSS, Atom and JSON Feed documents', () => {
    const baseUrl = 'https://site.example/fetched';
    expect(discoverWebSub(null, parseFeed(rss, { baseUrl }).websub, baseUrl)).toEqual({ hub: 'https://hub.example/', topic: 'https://site.example/feed.xml' });
    expect(discoverWebSub(null, parseFeed(atom, { baseUrl }).websub, baseUrl)).toEqual({ hub: 'https://site.example/hub', topic: 'https://site.example/atom' });
    expect(discoverWebSub(null, parseFeed(json, { baseUrl }).websub, baseUrl)).toEqual({ hub: 'https://hub.example/', topic: 'https://site.example/feed.json' });
  });

  it('prefers the HTTP Link header, falls back to the fetched URL as topic, and finds nothing without a hub', () => {
    const doc = parseFeed(rss, {}).websub;
    expect(discoverWebSub('<https://other-hub.example/>; rel="hub", <https://site.example/topic>; rel="self"', doc, 'https://site.example/f')).toEqual({
      hub: 'https://other-hub.example/',
      topic: 'https://site.example/topic',
    });
    expect(discoverWebSub('<https://h.example/>; rel="hub"', undefined, 'https://site.example/f')).toEqual({ hub: 'https://h.example/', topic: 'https://site.example/f' });
    expect(discoverWebSub('<https://site.example/x>; rel="self"', { hubs: [], self: null }, 'https://site.example/f')).toBeNull();
    const scripted = Buffer.from(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="hub" href="javascript:alert(1)"/></channel></rss>`);
    expect(discoverWebSub(null, parseFeed(scripted, {}).websub, 'https://site.example/f')).toBeNull();
  });
});
