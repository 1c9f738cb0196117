import { TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('serves locales', async () => {
    const res = await t.gql('{ locales { code name nativeName direction fallbacks } }', { lang: 'fr' });
    console.log(JSON.stringify(res));
  });
});
