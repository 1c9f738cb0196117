import { OpmlError, parseOpml } from './opml';

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
    expect(() => parseOpml('not xml at all')).toThrow(OpmlError);
  });
  it('does not pollute prototypes', () => {
    parseOpml(opml('<outline xmlUrl="https://e.org/a" __proto__="x" constructor="y"/>'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
