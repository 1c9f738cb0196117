import { cleanTitle, TITLE_MAX } from './title';

const thrown = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  return null;
};

describe('cleanTitle', () => {
  it('trims and composes (NFC)', () => {
    expect(cleanTitle('  Cafe\u0301 in Göteborg  ')).toBe('Café in Göteborg');
  });

  it('refuses an empty title and one over TITLE_MAX characters (counting characters, not UTF-16 units)', () => {
    expect(thrown(() => cleanTitle('   '))).toMatchObject({ code: 'BAD_USER_INPUT', key: 'errors:article.titleEmpty' });
    expect(thrown(() => cleanTitle('x'.repeat(TITLE_MAX + 1)))).toMatchObject({ code: 'BAD_USER_INPUT', key: 'errors:article.titleTooLong' });
    expect(cleanTitle('😀'.repeat(TITLE_MAX))).toHaveLength(TITLE_MAX * 2);
  });
});
