import { QueryFailedError } from 'typeorm';
import { badInput } from '../common/errors';
import { FetchError } from './fetch/fetch-error';
import { FeedParseError } from './parse/feed-parse-error';
import { isFeedProblem, storedMessageOf } from './poll-failure';

describe('poll failures', () => {
  it('tells the feed\'s problems from our own', () => {
    expect(isFeedProblem(new FetchError('HTTP_STATUS', { status: 500 }, { httpStatus: 500 }))).toBe(true);
    expect(isFeedProblem(new FeedParseError('NOT_A_FEED', { found: 'html' }))).toBe(true);
    expect(isFeedProblem(badInput('x:y'))).toBe(true);
    const constraint = new QueryFailedError('INSERT', [], Object.assign(new Error('check'), { code: '23514' }));
    expect(isFeedProblem(constraint)).toBe(true);
    const down = new QueryFailedError('INSERT', [], Object.assign(new Error('terminating connection'), { code: '57P01' }));
    expect(isFeedProblem(down)).toBe(false);
    expect(isFeedProblem(new Error('ECONNREFUSED'))).toBe(false);
  });

  it('stores a message key with params, never a sentence', () => {
    expect(storedMessageOf(new FetchError('HTTP_STATUS', { status: 503 }))).toEqual({ key: 'fetch:errors.httpStatus', params: { status: 503 } });
    expect(storedMessageOf(new Error('boom'))).toEqual({ key: 'ingest:errors.unexpected', params: { reason: 'boom' } });
  });
});
