import { outcomeOf } from '../queues/job-observers';
import { jobMeasures } from './worker-metrics';

describe('what a finished job counts for', () => {
  const job = (queue: string, result: unknown) => ({ queue, name: 'poll', outcome: outcomeOf(result), seconds: 0.1, result });

  it('counts a feed poll or push by the items it ingested', () => {
    expect(jobMeasures(job('feeds', { outcome: 'ingested', report: { items: 50 } }))).toEqual({ itemsIngested: 50, mentionsFound: 0, digestsSent: 0 });
    expect(jobMeasures(job('feeds', { outcome: 'not-modified' }))).toEqual({ itemsIngested: 0, mentionsFound: 0, digestsSent: 0 });
  });

  it('counts new mentions and sent digests', () => {
    expect(jobMeasures(job('mentions', { outcome: 'scanned', items: 9, mentions: 3, newMentions: 2 })).mentionsFound).toBe(2);
    expect(jobMeasures(job('translation-digest', { composed: 4, sent: 3 })).digestsSent).toBe(3);
  });

  it("names a job's outcome from its result, else completed", () => {
    expect(outcomeOf({ outcome: 'failed' })).toBe('failed');
    expect(outcomeOf({ dispatched: 3 })).toBe('completed');
    expect(outcomeOf(undefined)).toBe('completed');
  });
});
