import { alignSegments, paragraphs, SEGMENT_MAX, segmentsOf } from './segments';

describe('paragraphs', () => {
  it('splits a body at its block elements and keeps the text only', () => {
    expect(paragraphs('<p>First <a href="https://x.org/">link</a>.</p>\n<p>Second <em>one</em></p><ul><li>Item</li></ul>')).toEqual([
      'First link.',
      'Second one',
      'Item',
    ]);
  });

  it('leaves empty paragraphs out and splits at <br>', () => {
    expect(paragraphs('<p> </p><p>One<br>Two</p><p></p>')).toEqual(['One', 'Two']);
  });

  it('reads a body without markup as one paragraph, entities decoded', () => {
    expect(paragraphs('Fish &amp; chips')).toEqual(['Fish & chips']);
    expect(paragraphs(null)).toEqual([]);
  });

  it('keeps right-to-left text and cuts very long paragraphs', () => {
    expect(paragraphs('<p dir="rtl">لاہور میں طلبہ</p>')).toEqual(['لاہور میں طلبہ']);
    expect([...paragraphs(`<p>${'a'.repeat(SEGMENT_MAX + 10)}</p>`)[0]]).toHaveLength(SEGMENT_MAX);
  });
});

describe('segmentsOf', () => {
  it('is the title, the summary, then the paragraphs', () => {
    expect(segmentsOf({ title: 'T', summary: 'S', bodyHtml: '<p>A</p><p>B</p>' })).toEqual(['T', 'S', 'A', 'B']);
    expect(segmentsOf({ title: 'T', summary: null, bodyHtml: null })).toEqual(['T']);
  });
});

describe('alignSegments', () => {
  it('pairs title, summary and paragraphs one by one', () => {
    expect(
      alignSegments({ title: 'Hello', summary: 'Short', bodyHtml: '<p>One</p><p>Two</p>' }, { title: 'Bonjour', summary: 'Court', bodyHtml: '<p>Un</p><p>Deux</p>' }),
    ).toEqual([
      { source: 'Hello', target: 'Bonjour' },
      { source: 'Short', target: 'Court' },
      { source: 'One', target: 'Un' },
      { source: 'Two', target: 'Deux' },
    ]);
  });

  it('leaves the body out when the paragraphs cannot be paired, and equal pairs always', () => {
    expect(alignSegments({ title: 'Hello', summary: null, bodyHtml: '<p>One</p><p>Two</p>' }, { title: 'Bonjour', summary: 'x', bodyHtml: '<p>Un deux</p>' })).toEqual([
      { source: 'Hello', target: 'Bonjour' },
    ]);
    expect(alignSegments({ title: 'UNESCO', summary: null, bodyHtml: null }, { title: 'UNESCO', summary: null, bodyHtml: null })).toEqual([]);
  });
});
