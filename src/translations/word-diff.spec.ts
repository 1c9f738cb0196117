import { hasChanges, wordDiff } from './word-diff';

const rebuild = (diff: ReturnType<typeof wordDiff>, side: 'before' | 'after') =>
  diff
    .filter((c) => c.kind === 'UNCHANGED' || c.kind === (side === 'before' ? 'REMOVED' : 'ADDED'))
    .map((c) => c.text)
    .join('');

describe('wordDiff', () => {
  it('marks the changed words only', () => {
    const diff = wordDiff('Workers strike in Karachi today', 'Workers strike in Lahore today');
    expect(diff).toEqual([
      { kind: 'UNCHANGED', text: 'Workers strike in ' },
      { kind: 'REMOVED', text: 'Karachi' },
      { kind: 'ADDED', text: 'Lahore' },
      { kind: 'UNCHANGED', text: ' today' },
    ]);
    expect(hasChanges(diff)).toBe(true);
  });

  it('reports added and removed words at the ends', () => {
    const diff = wordDiff('The strike continues', 'The general strike continues tomorrow');
    expect(diff.filter((c) => c.kind === 'ADDED').map((c) => c.text.trim())).toEqual(['general', 'tomorrow']);
    expect(diff.some((c) => c.kind === 'REMOVED')).toBe(false);
  });

  it('rebuilds both texts from the parts', () => {
    const before = 'Students organise a union at the university of Lahore.';
    const after = 'Students at the university of Lahore organise a new union.';
    const diff = wordDiff(before, after);
    expect(rebuild(diff, 'before')).toBe(before);
    expect(rebuild(diff, 'after')).toBe(after);
  });

  it('is one unchanged run for equal texts, and empty for two empty texts', () => {
    expect(wordDiff('Same text', 'Same text')).toEqual([{ kind: 'UNCHANGED', text: 'Same text' }]);
    expect(wordDiff('', null)).toEqual([]);
    expect(hasChanges(wordDiff('Same', 'Same'))).toBe(false);
  });

  it('compares NFC: a decomposed é equals a composed one', () => {
    expect(hasChanges(wordDiff('Cafe\u0301 ouvert', 'Caf\u00e9 ouvert'))).toBe(false);
  });

  it('treats a missing text as all added or all removed', () => {
    expect(wordDiff(null, 'New summary')).toEqual([{ kind: 'ADDED', text: 'New summary' }]);
    expect(wordDiff('Old summary', undefined)).toEqual([{ kind: 'REMOVED', text: 'Old summary' }]);
  });

  it('splits Chinese into words instead of replacing the whole sentence', () => {
    const diff = wordDiff('工人在上海罢工', '工人在北京罢工', 'zh');
    expect(diff.find((c) => c.kind === 'REMOVED')?.text).toBe('上海');
    expect(diff.find((c) => c.kind === 'ADDED')?.text).toBe('北京');
    expect(rebuild(diff, 'after')).toBe('工人在北京罢工');
  });

  it('keeps right-to-left Urdu text intact', () => {
    const diff = wordDiff('طلبہ یونین بحال کرو', 'طلبہ یونین فوراً بحال کرو');
    expect(diff.filter((c) => c.kind === 'ADDED').map((c) => c.text.trim())).toEqual(['فوراً']);
    expect(rebuild(diff, 'after')).toBe('طلبہ یونین فوراً بحال کرو');
  });
});
