import type { TranslationEntity } from './translation.entity';
import { translationModel } from './translation-model';

const row = (over: Partial<TranslationEntity>): TranslationEntity => ({
  id: 't1',
  articleId: 'a1',
  sectionId: 's1',
  locale: 'ur',
  title: 'عنوان',
  summary: null,
  bodyHtml: null,
  slug: 'عنوان',
  url: null,
  status: 'PUBLISHED',
  isOriginal: false,
  version: 3,
  sourceRevision: 2,
  translatedBy: 'Ayesha',
  createdAt: new Date(0),
  updatedAt: new Date(1000),
  ...over,
});

describe('translationModel', () => {
  it('shows the row with its direction and fallback flag', () => {
    expect(translationModel(row({}), { sourceRevision: 2 }, 'RTL', true)).toMatchObject({
      locale: 'ur',
      direction: 'RTL',
      slug: 'عنوان',
      status: 'PUBLISHED',
      isFallback: true,
      isStale: false,
      version: 3,
      translatedBy: 'Ayesha',
    });
  });

  it('marks a translation made from an older revision of the original stale, never the original itself', () => {
    expect(translationModel(row({ sourceRevision: 1 }), { sourceRevision: 2 }, 'RTL').isStale).toBe(true);
    expect(translationModel(row({ sourceRevision: 1, isOriginal: true }), { sourceRevision: 2 }, 'LTR').isStale).toBe(false);
  });
});
