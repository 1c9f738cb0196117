import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderWatchFeed } from './watch-feed';

const feed = (mentions: Parameters<typeof renderWatchFeed>[0]['mentions']) =>
  renderWatchFeed({
    watchId: '00000000-0000-4000-8000-0000000000aa',
    language: 'fr',
    title: 'Mentions : IMT',
    subtitle: 'Mentions de la veille « IMT »',
    selfUrl: 'https://desk.example/watches/00000000-0000-4000-8000-0000000000aa/mentions.atom?token=abc&x=1',
    homeUrl: 'https://desk.example',
    publisher: 'newsdesk',
    mentions,
  });

describe('renderWatchFeed', () => {
  it('writes an Atom feed whose entries are the mentions, newest change as the feed’s updated', () => {
    const xml = feed([
      {
        id: '00000000-0000-4000-8000-000000000001',
        watchId: 'w',
        url: 'https://news.example/a?x=1&y=2',
        title: 'A & B <c>',
        excerpt: 'the <mark>IMT</mark>\u0007 congress',
        sourceName: 'News Example',
        publishedAt: null,
        foundAt: new Date('2026-05-04T10:00:00Z'),
        matchedTerms: ['IMT', 'a"b'],
        state: 'NEW',
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    expect(doc['@_xml:lang']).toBe('fr');
    expect(doc.updated).toBe('2026-05-04T10:00:00.000Z');
    expect(doc.link[0]['@_href']).toBe('https://desk.example/watches/00000000-0000-4000-8000-0000000000aa/mentions.atom?token=abc&x=1');
    expect(doc.entry.title['#text']).toBe('A & B <c>');
    expect(doc.entry.published).toBe('2026-05-04T10:00:00.000Z');
    expect(doc.entry.author.name).toBe('News Example');
    expect(doc.entry.category.map((c: Record<string, string>) => c['@_term'])).toEqual(['IMT', 'a"b']);
    // The excerpt's HTML travels escaped (read back as HTML), without the control character XML cannot carry.
    expect(doc.entry.summary['#text']).toBe('the <mark>IMT</mark> congress');
    expect(xml).toContain('<summary type="html">the &lt;mark&gt;IMT&lt;/mark&gt; congress</summary>');
  });

  it('is valid when the watch has no mentions yet', () => {
    const xml = feed([]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
  });
});
