import { DomainError } from '../common/errors';
import { cleanLocales, cleanName, cleanNear, cleanSourceIds, cleanTerms, cleanWords, WATCH_LIMITS } from './watch-input';

/** The error key and parameters a rule throws. */
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, key: error.key, params: error.params };
    throw error;
  }
  throw new Error('accepted');
};
const served = ['en', 'fr', 'es', 'sv', 'ur', 'zh'];
const locale = (tag: string) => {
  const code = tag.toLowerCase().split('-')[0];
  if (!served.includes(code)) throw new DomainError('BAD_USER_INPUT', 'errors:locale.unsupported', { locale: tag });
  return code;
};

describe('watch fields', () => {
  it('cleans names and terms (NFC, trimmed) and refuses empty ones', () => {
    expect(cleanName('  Organisation ')).toBe('Organisation');
    expect(refusal(() => cleanName(null))).toMatchObject({ code: 'BAD_USER_INPUT', key: 'mentions:errors.nameEmpty' });
    expect(cleanTerms([{ text: ' Médico ' }, { text: '马克思', locale: 'zh-TW', mode: 'SUBSTRING' }], locale)).toEqual([
      { text: 'Médico', locale: null, mode: 'WORD' },
      { text: '马克思', locale: 'zh', mode: 'SUBSTRING' },
    ]);
    expect(refusal(() => cleanTerms(null, locale))).toMatchObject({ key: 'mentions:errors.noTerms' });
    expect(refusal(() => cleanTerms([{ text: 'IMT' }, { text: '¡!' }], locale))).toMatchObject({ key: 'mentions:errors.emptyTerm', params: { position: 2 } });
    expect(refusal(() => cleanTerms([{ text: 'IMT', mode: 'FUZZY' }], locale))).toMatchObject({ key: 'mentions:errors.unknownMode' });
  });

  it('cleans word lists, drops duplicates, and says which list and entry is wrong', () => {
    expect(cleanWords([' Centro Médico', 'Centro Médico', 'لاہور'], 'excludeItemsWith')).toEqual(['Centro Médico', 'لاہور']);
    expect(cleanWords(null, 'allOf')).toEqual([]);
    expect(refusal(() => cleanWords(['ok', ' '], 'allOf'))).toMatchObject({ key: 'mentions:errors.emptyWord', params: { list: 'allOf', position: 2 } });
    expect(refusal(() => cleanWords(['—'], 'excludes'))).toMatchObject({ key: 'mentions:errors.emptyExclude', params: { position: 1 } });
    expect(refusal(() => cleanWords(['x'.repeat(WATCH_LIMITS.termLength + 1)], 'excludeItemsWith'))).toMatchObject({ key: 'mentions:errors.wordTooLong' });
    const many = Array.from({ length: WATCH_LIMITS.words + 1 }, (_, i) => `w${i}`);
    expect(refusal(() => cleanWords(many, 'allOf'))).toMatchObject({ key: 'mentions:errors.tooManyWords', params: { list: 'allOf', max: WATCH_LIMITS.words } });
  });

  it('accepts near pairs within 1..100 words and refuses anything else', () => {
    expect(cleanNear([{ term: ' IMT', nearTerm: 'Madison ', within: 5 }, { term: 'IMT', nearTerm: 'Madison', within: 5 }])).toEqual([{ term: 'IMT', nearTerm: 'Madison', within: 5 }]);
    expect(cleanNear([{ term: '马克思主义', nearTerm: '麦迪逊', within: 100 }])).toHaveLength(1);
    for (const within of [0, -1, 101, 2.5, null]) {
      expect(refusal(() => cleanNear([{ term: 'IMT', nearTerm: 'Madison', within }]))).toMatchObject({ key: 'mentions:errors.nearWithin', params: { position: 1, limit: 100 } });
    }
    expect(refusal(() => cleanNear([{ term: 'IMT', nearTerm: '  ', within: 3 }]))).toMatchObject({ key: 'mentions:errors.nearEmpty' });
    expect(refusal(() => cleanNear(Array.from({ length: 21 }, () => ({ term: 'a', nearTerm: 'b', within: 1 }))))).toMatchObject({ key: 'mentions:errors.tooManyNear' });
  });

  it('resolves item languages to served locales and refuses unknown ones', () => {
    expect(cleanLocales(['fr-CA', 'fr', 'ur'], locale)).toEqual(['fr', 'ur']);
    expect(refusal(() => cleanLocales(['de'], locale))).toMatchObject({ key: 'errors:locale.unsupported' });
  });

  it('takes source ids that are ids (whether they exist is checked when writing)', () => {
    const id = '6f1c2c5e-8b8a-4c3e-9a57-1d2f3e4a5b6c';
    expect(cleanSourceIds([id, id.toUpperCase()])).toEqual([id]);
    expect(refusal(() => cleanSourceIds(['feed-1']))).toMatchObject({ key: 'mentions:errors.sourceNotFound', params: { id: 'feed-1' } });
  });
});
