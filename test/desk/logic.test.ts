import { isRtl, mayGoAhead, preferredLanguage, similarityPercent, suggestionUse, termsIn, visibleTasks } from '../../desk/src/logic';

const SIX = ['en', 'es', 'fr', 'sv', 'ur', 'zh'];

describe('desk page logic', () => {
  it('follows the stored choice, else the browser’s first language it speaks, else English', () => {
    expect(preferredLanguage('sv', ['ur-PK', 'en'], SIX)).toBe('sv');
    expect(preferredLanguage(null, ['ur-PK', 'en'], SIX)).toBe('ur');
    expect(preferredLanguage(null, ['de-DE', 'zh-Hans-CN', 'en'], SIX)).toBe('zh');
    expect(preferredLanguage('xx', ['FR-ca'], SIX)).toBe('fr'); // a stored language the page no longer has is ignored
    expect(preferredLanguage(null, ['de', 'it'], SIX)).toBe('en');
  });

  it('lays Urdu out right to left, the others left to right', () => {
    expect(isRtl('ur')).toBe(true);
    expect(isRtl('ur-PK')).toBe(true);
    expect(SIX.filter(isRtl)).toEqual(['ur']);
  });

  it('lists only tasks free or held by the viewer, and never work waiting for review', () => {
    const tasks = [
      { id: 1, claimedBy: null, status: null },
      { id: 2, claimedBy: 'Amina', status: 'IN_PROGRESS' },
      { id: 3, claimedBy: 'Bilal', status: 'IN_PROGRESS' },
      { id: 4, claimedBy: 'Amina', status: 'SUBMITTED' },
      { id: 5, claimedBy: null, status: 'REJECTED' },
    ];
    expect(visibleTasks(tasks, 'Amina').map((t) => t.id)).toEqual([1, 2, 5]);
    expect(visibleTasks(tasks, 'Bilal').map((t) => t.id)).toEqual([1, 3, 5]);
  });

  it('finds the glossary terms a source uses, ignoring case, in the editors’ order', () => {
    const terms = [{ source: 'Dawn' }, { source: 'budget' }, { source: 'Students Union' }, { source: 'İstanbul' }];
    expect(termsIn(terms, 'The students union read Dawn on Monday.', 'en').map((t) => t.source)).toEqual(['Dawn', 'Students Union']);
    expect(termsIn(terms, 'Nothing here.', 'en')).toEqual([]);
    expect(termsIn(terms, 'istanbul', 'tr').map((t) => t.source)).toEqual(['İstanbul']); // Turkish dotted I lowercases to i
  });

  it('shows a memory match’s similarity as a whole percentage within 0–100', () => {
    expect(similarityPercent(1)).toBe(100);
    expect(similarityPercent(0.876)).toBe(88);
    expect(similarityPercent(0.304)).toBe(30);
    expect(similarityPercent(1.0000001)).toBe(100); // float noise never shows 101 %
    expect(similarityPercent(-0.1)).toBe(0);
  });

  it('lets a machine suggestion replace a draft, but only be inserted beside approved text', () => {
    expect(suggestionUse('MISSING', null)).toBe('replace'); // a new translation: the editor holds a copy of the source
    expect(suggestionUse('MISSING', 'IN_PROGRESS')).toBe('replace');
    expect(suggestionUse('REJECTED', 'REJECTED')).toBe('replace');
    expect(suggestionUse('STALE', 'PUBLISHED')).toBe('insert');
    expect(suggestionUse('STALE', 'IN_PROGRESS')).toBe('insert'); // a claimed revision starts from the approved text
  });

  it('submits at once without warnings, and after warnings only once they were shown for that version', () => {
    expect(mayGoAhead(null, 3, 0)).toBe(true);
    expect(mayGoAhead(null, 3, 2)).toBe(false); // first submit: the list is shown instead
    expect(mayGoAhead(3, 3, 2)).toBe(true); // second submit of the same version: warnings, not blocks
    expect(mayGoAhead(2, 3, 2)).toBe(false); // the text changed since the warnings were shown
  });
});
