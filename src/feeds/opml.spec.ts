import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OPML_MAX_OUTLINES, OpmlError, parseOpml, readOpml, sectionPlacer, writeOpml } from './opml';

const opml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>x</title></head><body>${body}</body></opml>`;

describe('parseOpml', () => {
  it('lists feed outlines, nested too, without duplicates', () => {
    const outlines = parseOpml(
      opml(`<outline text="Sweden" title="Sverige" type="rss" xmlUrl="https://e.org/sv.xml" language="sv"/>
            <outline text="Group"><outline text="Pakistan &amp; co" xmlUrl="https://e.org/pk.xml"/></outline>
            <outline text="dup" xmlUrl="https://e.org/sv.xml"/><outline text="no feed" htmlUrl="https://e.org/"/>`),
    );
    expect(outlines).toEqual([
      { url: 'https://e.org/sv.xml', title: 'Sverige', language: 'sv' },
      { url: 'https://e.org/pk.xml', title: 'Pakistan & co', language: null },
    ]);
  });
  it('refuses DTDs and entities (no expansion ever)', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><opml><body><outline xmlUrl="https://e.org/&lol2;"/></body></opml>`;
    expect(() => parseOpml(laughs)).toThrow(OpmlError);
    const external = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><opml><body><outline xmlUrl="&xxe;"/></body></opml>`;
    expect(() => parseOpml(external)).toThrow(expect.objectContaining({ key: 'ingest:opml.dtd' }));
  });
  it('refuses what is not OPML or has no feeds', () => {
    expect(() => parseOpml('<rss><channel/></rss>')).toThrow(expect.objectContaining({ key: 'ingest:opml.notOpml' }));
    expect(() => parseOpml(opml(''))).toThrow(expect.objectContaining({ key: 'ingest:opml.empty' }));
    expect(() => parseOpml(opml('<outline text="no feed"/>'))).toThrow(expect.objectContaining({ key: 'ingest:opml.empty' }));
    expect(() => parseOpml('not xml at all')).toThrow(OpmlError);
  });
  it('does not pollute prototypes', () => {
    parseOpml(opml('<outline xmlUrl="https://e.org/a" __proto__="x" constructor="y"/>'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('readOpml', () => {
  it('gives each entry its categories and enclosing folders; folders themselves are not entries', () => {
    const entries = readOpml(
      opml(`<outline text="News"><outline text="Sweden"><outline text="SVT" xmlUrl="https://e.org/svt" htmlUrl="https://svt.example/"/></outline>
              <outline text="broken" type="rss"/></outline>
            <outline text="Tagged" xmlurl="https://e.org/t" category="/Europe/Sweden, tech ,/"/>`),
    );
    expect(entries).toEqual([
      { url: 'https://e.org/svt', title: 'SVT', htmlUrl: 'https://svt.example/', language: null, categories: [], folders: ['Sweden', 'News'] },
      { url: null, title: 'broken', htmlUrl: null, language: null, categories: [], folders: ['News'] },
      { url: 'https://e.org/t', title: 'Tagged', htmlUrl: null, language: null, categories: ['Europe/Sweden', 'tech'], folders: [] },
    ]);
  });
  it('refuses documents too large, too deep or with too many feeds', () => {
    expect(() => readOpml(opml(`<outline text="${'x'.repeat(1024 * 1024)}" xmlUrl="https://e.org/a"/>`))).toThrow(expect.objectContaining({ key: 'ingest:opml.tooLarge' }));
    expect(() => readOpml(opml(`${'<outline text="g">'.repeat(70)}<outline xmlUrl="https://e.org/a"/>${'</outline>'.repeat(70)}`))).toThrow(
      expect.objectContaining({ key: 'ingest:opml.tooDeep', params: { max: 64 } }),
    );
    const many = Array.from({ length: OPML_MAX_OUTLINES + 1 }, (_, i) => `<outline xmlUrl="https://e.org/${i}"/>`).join('');
    expect(() => readOpml(opml(many))).toThrow(expect.objectContaining({ key: 'ingest:opml.tooMany' }));
  });
});

describe('writeOpml', () => {
  const hostile = 'Tom & "Jerry" <b>\'s</b>\tnews\nline\u0000\u0007 اردو 中文 😀';
  const feeds = [
    { url: 'https://e.org/feed?a=1&b=2', title: hostile, htmlUrl: 'https://e.org/?x="y"', language: 'ur' },
    { url: 'https://e.org/plain', title: null, htmlUrl: null, language: null },
  ];
  const text = writeOpml({ title: 'Sweden & co <2>', createdAt: new Date('2026-12-01T18:00:00Z') }, feeds);

  it('writes a well-formed OPML 2.0 document whose attributes read back exactly (XML-invalid characters dropped)', () => {
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => name === 'outline' }).parse(text);
    expect(doc.opml.version).toBe('2.0');
    expect(doc.opml.head).toEqual({ title: 'Sweden & co <2>', dateCreated: 'Tue, 01 Dec 2026 18:00:00 GMT', docs: 'http://opml.org/spec2.opml' });
    const clean = 'Tom & "Jerry" <b>\'s</b>\tnews\nline اردو 中文 😀';
    expect(doc.opml.body.outline).toEqual([
      { type: 'rss', text: clean, title: clean, xmlUrl: 'https://e.org/feed?a=1&b=2', htmlUrl: 'https://e.org/?x="y"', language: 'ur' },
      { type: 'rss', text: 'https://e.org/plain', title: 'https://e.org/plain', xmlUrl: 'https://e.org/plain' },
    ]);
  });
  it('is read back by readOpml as the same feeds (whitespace in attributes kept as references)', () => {
    expect(readOpml(text).map(({ url, title, htmlUrl, language }) => ({ url, title, htmlUrl, language }))).toEqual([
      { url: 'https://e.org/feed?a=1&b=2', title: 'Tom & "Jerry" <b>\'s</b>\tnews\nline اردو 中文 😀', htmlUrl: 'https://e.org/?x="y"', language: 'ur' },
      { url: 'https://e.org/plain', title: 'https://e.org/plain', htmlUrl: null, language: null },
    ]);
  });
});

describe('sectionPlacer', () => {
  const fallback = { id: 'given', slug: 'given', names: { en: 'Given' } };
  const sections = [
    fallback,
    { id: 'se', slug: 'sweden', names: { en: 'Sweden', sv: 'Sverige' } },
    { id: 'tech', slug: 'tech', names: { en: 'Technology' } },
    { id: 'named-tech', slug: 'gadgets', names: { en: 'tech' } },
  ];
  const place = sectionPlacer(sections, fallback);

  it('files by category (whole path or last segment), then by the nearest folder naming a section, else the given section', () => {
    expect(place({ categories: ['Europe/Sverige'], folders: ['Technology'] })).toEqual({ sectionId: 'se' });
    expect(place({ categories: ['nope', 'TECH'], folders: [] })).toEqual({ sectionId: 'tech' }); // a slug wins over a name
    expect(place({ categories: [], folders: ['Misc', 'sweden'] })).toEqual({ sectionId: 'se' });
    expect(place({ categories: [], folders: ['Misc'] })).toEqual({ sectionId: 'given' });
    expect(place({ categories: ['nope'], folders: ['Technology'] })).toEqual({ sectionId: 'tech' });
  });
  it('skips an entry whose categories name no section', () => {
    expect(place({ categories: ['Europe/Atlantis', 'nope'], folders: ['Misc'] })).toEqual({
      skip: { key: 'ingest:opml.skip.unknownCategory', params: { category: 'Europe/Atlantis, nope' } },
    });
  });
});
