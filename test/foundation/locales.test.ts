import { TestApp } from '../support/test-app';

describe('locales', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  const query = '{ locales { code name nativeName direction fallbacks } }';

  it('lists the six languages with native names, direction and fallback chains', async () => {
    const res = await t.gql(query);
    const byCode = Object.fromEntries(res.data!.locales.map((l: { code: string }) => [l.code, l]));
    expect(Object.keys(byCode)).toEqual(['en', 'fr', 'zh', 'ur', 'es', 'sv']);
    expect(byCode.ur).toEqual({ code: 'ur', name: 'Urdu', nativeName: 'اردو', direction: 'RTL', fallbacks: ['en'] });
    expect(byCode.zh.nativeName).toBe('中文');
    expect(byCode.sv.direction).toBe('LTR');
    expect(byCode.en.fallbacks).toEqual([]);
  });

  it.each([
    ['fr', 'ourdou'],
    ['zh-CN', '乌尔都语'],
    ['ur-PK,ur;q=0.9,en;q=0.5', 'اردو'],
    ['de-DE,sv;q=0.8,en;q=0.5', 'urdu'],
    ['es-MX', 'urdu'],
    ['ja', 'Urdu'],
  ])('names languages in the request language (Accept-Language: %s)', async (lang, urduName) => {
    const res = await t.gql(query, { lang });
    expect(res.data!.locales.find((l: { code: string }) => l.code === 'ur').name).toBe(urduName);
  });
});
