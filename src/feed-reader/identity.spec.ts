import { canonicalLink, isTrackingParam, itemIdentities } from './identity';

describe('canonicalLink', () => {
  it('drops tracking parameters and the fragment, keeps the rest in order', () => {
    expect(
      canonicalLink('https://Example.org:443/a/b?id=7&utm_source=x&UTM_Medium=y&fbclid=1&gclid=2&mc_cid=3&mc_eid=4&page=2#top'),
    ).toBe('https://example.org/a/b?id=7&page=2');
    expect(canonicalLink('http://example.org/x?utm_campaign=a')).toBe('http://example.org/x');
  });
  it('refuses what is not an absolute http(s) URL', () => {
    expect(canonicalLink('/relative')).toBeNull();
    expect(canonicalLink('javascript:alert(1)')).toBeNull();
    expect(canonicalLink('ftp://example.org/')).toBeNull();
    expect(canonicalLink(null)).toBeNull();
  });
  it('knows the usual trackers', () => {
    for (const p of ['utm_term', 'fbclid', 'gclid', 'msclkid', 'mc_cid', '_hsenc', 'igshid']) expect(isTrackingParam(p)).toBe(true);
    for (const p of ['id', 'page', 'p', 'lang']) expect(isTrackingParam(p)).toBe(false);
  });
});

describe('itemIdentities', () => {
  it('prefers the guid, then the link, then a content hash', () => {
    const { identities, guidsUnstable } = itemIdentities([
      { guid: 'a-1', link: 'https://e.org/1', content: 'one' },
      { guid: null, link: 'https://e.org/2', content: 'two' },
      { guid: '  ', link: null, content: 'three' },
    ]);
    expect(guidsUnstable).toBe(false);
    expect(identities[0]).toBe('guid:a-1');
    expect(identities[1]).toBe('link:https://e.org/2');
    expect(identities[2]).toMatch(/^hash:[0-9a-f]{64}$/);
  });
  it('same content gives the same hash identity', () => {
    const a = itemIdentities([{ guid: null, link: null, content: 'x' }]).identities[0];
    expect(itemIdentities([{ guid: null, link: null, content: 'x' }]).identities[0]).toBe(a);
  });
  it('falls back to guid + link when a feed repeats one guid for different items', () => {
    const { identities, guidsUnstable } = itemIdentities([
      { guid: 'same', link: 'https://e.org/1', content: 'one' },
      { guid: 'same', link: 'https://e.org/2', content: 'two' },
      { guid: 'other', link: 'https://e.org/3', content: 'three' },
    ]);
    expect(guidsUnstable).toBe(true);
    expect(new Set(identities).size).toBe(3);
    expect(identities[2]).toBe('guid+link:other https://e.org/3');
  });
  it('a guid repeated for the same item is not instability', () => {
    expect(
      itemIdentities([
        { guid: 'g', link: 'https://e.org/1', content: 'one' },
        { guid: 'g', link: 'https://e.org/1', content: 'one again' },
      ]).guidsUnstable,
    ).toBe(false);
  });
  it('keeps the fallback once a feed is known to be unstable', () => {
    expect(itemIdentities([{ guid: 'g', link: 'https://e.org/1', content: '' }], true).identities[0]).toBe('guid+link:g https://e.org/1');
  });
});
