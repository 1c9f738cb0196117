import { actorOf, auditTarget, listTarget, TARGET_MAX } from './audit-record';

const ID = '0b5e6a1c-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER = '1c6f7b2d-3e4f-4a6b-9c0d-1e2f3a4b5c6d';

describe('auditTarget', () => {
  it('takes an id argument first (updateFeed, deleteWatch, revokeApiKey)', () => {
    expect(auditTarget({ id: ID, input: { paused: true } }, { id: OTHER })).toBe(ID);
  });

  it('names a translation by article and locale (claimTranslation, reviewTranslation)', () => {
    expect(auditTarget({ articleId: ID, locale: 'ur', decision: 'APPROVE' }, { id: OTHER })).toBe(`${ID}/ur`);
    expect(auditTarget({ articleId: ID }, true)).toBe(ID);
  });

  it('takes a slug or another naming argument (updateSection, rotatePushSecret, setWatchAlerts, importOpml)', () => {
    expect(auditTarget({ slug: 'world', input: {} }, { id: OTHER, slug: 'world' })).toBe('world');
    expect(auditTarget({ watch: ID, input: { email: 'a@example.org' } }, { id: ID })).toBe(ID);
    expect(auditTarget({ section: 'world', opml: '<opml/>' }, [{ id: OTHER }])).toBe('world');
  });

  it('never uses a string result: rotatePushSecret returns the new secret', () => {
    expect(auditTarget({ section: 'world' }, 'nd-push-secret-value')).toBe('world');
    expect(auditTarget({}, 'nd-push-secret-value')).toBe('');
  });

  it("falls back to the returned object's id (createArticle, createWebhook)", () => {
    expect(auditTarget({ input: { url: 'https://example.org/hook', secret: 's3cret' } }, { id: ID, url: 'https://example.org/hook' })).toBe(ID);
  });

  it("takes the one object inside a payload, never a sibling string (createApiKey's key)", () => {
    expect(auditTarget({ input: { name: 'bot', role: 'EDITOR' } }, { key: 'nd_secretsecret', apiKey: { id: ID, name: 'bot' } })).toBe(ID);
    expect(auditTarget({}, { a: { id: ID }, b: { id: OTHER } })).toBe('');
  });

  it('lists returned ids, then an ids argument (markMentions)', () => {
    expect(auditTarget({ opml: '<opml/>' }, [{ id: ID }, { id: OTHER }])).toBe(`${ID},${OTHER}`);
    expect(auditTarget({ ids: [ID, OTHER], state: 'READ' }, 2)).toBe(`${ID},${OTHER}`);
  });

  it('never reads arguments it does not know to be names', () => {
    expect(auditTarget({ secret: 's3cret', token: 't0ken', password: 'pw', key: 'nd_x', input: { id: ID } }, true)).toBe('');
  });
});

describe('listTarget', () => {
  it('cuts a long list and says how many ids it left out', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `${ID.slice(0, -2)}${String(i).padStart(2, '0')}`);
    const target = listTarget(ids);
    expect(target.length).toBeLessThanOrEqual(TARGET_MAX);
    const shown = target.split(' ')[0].split(',');
    expect(target).toBe(`${shown.join(',')} (+${40 - shown.length})`);
    expect(shown).toEqual(ids.slice(0, shown.length));
  });

  it('keeps a short list whole', () => {
    expect(listTarget([ID])).toBe(ID);
    expect(listTarget([])).toBe('');
  });
});

describe('actorOf', () => {
  it("names the key and its id, never the key's secret", () => {
    const principal = { keyId: ID, name: 'Ayesha', role: 'ADMIN' as const, locales: [], sectionId: null };
    expect(actorOf(principal)).toEqual({ actor: `Ayesha (key ${ID})`, actorKeyId: ID });
  });

  it('says anonymous without a key', () => {
    expect(actorOf(null)).toEqual({ actor: 'anonymous', actorKeyId: null });
  });
});
