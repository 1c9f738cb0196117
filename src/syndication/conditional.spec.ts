import { etagOf, isNotModified } from './conditional';

describe('isNotModified', () => {
  const etag = etagOf('body');
  const lastModified = new Date('2019-01-14T12:00:00.500Z');

  it('compares entity tags, weakly, in lists and with *', () => {
    expect(isNotModified({ 'if-none-match': etag }, etag, lastModified)).toBe(true);
    expect(isNotModified({ 'if-none-match': `W/${etag}` }, etag, lastModified)).toBe(true);
    expect(isNotModified({ 'if-none-match': `"other", ${etag}` }, etag, lastModified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, etag, lastModified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"other"' }, etag, lastModified)).toBe(false);
  });

  it('lets If-None-Match decide over If-Modified-Since', () => {
    expect(isNotModified({ 'if-none-match': '"other"', 'if-modified-since': lastModified.toUTCString() }, etag, lastModified)).toBe(false);
  });

  it('compares If-Modified-Since at one-second precision', () => {
    expect(isNotModified({ 'if-modified-since': lastModified.toUTCString() }, etag, lastModified)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Mon, 14 Jan 2019 11:59:59 GMT' }, etag, lastModified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'garbage' }, etag, lastModified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': lastModified.toUTCString() }, etag, null)).toBe(false);
  });

  it('gives different bodies different tags', () => {
    expect(etagOf('a')).not.toBe(etagOf('b'));
  });
});
