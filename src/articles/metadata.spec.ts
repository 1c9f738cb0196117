import { DomainError } from '../common/errors';
import { cleanList, metadataPatch, optionalUrl } from './metadata';

describe('article metadata', () => {
  it('cleans lists as createArticle does: NFC, trimmed, no blanks, no repeats', () => {
    expect(cleanList([' Politik ', 'Cafe\u0301', '', 'Politik', 'Café'])).toEqual(['Politik', 'Café']);
    expect(cleanList(null)).toEqual([]);
  });

  it('accepts http(s) URLs only', () => {
    expect(optionalUrl(' https://example.org/a b ')).toBe('https://example.org/a%20b');
    expect(optionalUrl(null)).toBeNull();
    expect(() => optionalUrl('javascript:alert(1)')).toThrow(DomainError);
    expect(() => optionalUrl('not a url')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', key: 'errors:common.badUrl' }));
  });

  it('leaves absent fields out of the patch and clears explicit nulls', () => {
    expect(metadataPatch({})).toEqual({});
    expect(metadataPatch({ tags: null, authors: null, canonicalUrl: null, imageUrl: null })).toEqual({
      tags: [],
      authors: [],
      canonicalUrl: null,
      imageUrl: null,
    });
    const at = new Date('2026-01-02T03:04:05Z');
    expect(metadataPatch({ tags: ['a', ' a '], publishedAt: at })).toEqual({ tags: ['a'], publishedAt: at });
  });

  it('refuses to clear the date, an invalid date and a bad URL', () => {
    expect(() => metadataPatch({ publishedAt: null })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', key: 'errors:common.cannotClear' }));
    expect(() => metadataPatch({ publishedAt: new Date('nope') })).toThrow(expect.objectContaining({ key: 'errors:common.badDate' }));
    expect(() => metadataPatch({ imageUrl: 'ftp://example.org/x.png' })).toThrow(expect.objectContaining({ key: 'errors:common.badUrl' }));
  });
});
