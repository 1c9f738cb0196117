import { feedTokenMatches, generateFeedToken, hashFeedToken } from './feed-token';

describe('feed tokens', () => {
  it('are random, URL-safe and 256 bits long', () => {
    const a = generateFeedToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateFeedToken()).not.toBe(a);
  });

  it('match only the token whose hash is stored', () => {
    const token = generateFeedToken();
    const stored = hashFeedToken(token);
    expect(feedTokenMatches(token, stored)).toBe(true);
    expect(feedTokenMatches(`${token}x`, stored)).toBe(false);
    expect(feedTokenMatches(generateFeedToken(), stored)).toBe(false);
    expect(feedTokenMatches('', stored)).toBe(false);
    expect(feedTokenMatches(undefined, stored)).toBe(false);
  });

  it('never match when no token is stored', () => {
    expect(feedTokenMatches('newsdesk: no feed token', null)).toBe(false);
    expect(feedTokenMatches(generateFeedToken(), null)).toBe(false);
  });
});
