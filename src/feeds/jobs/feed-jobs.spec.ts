import { FEED_JOB_NAMES, pollJobId, pushJobId, websubJobId } from './feed-jobs';
import { assertHandlers } from './feeds.processor';

describe('feed jobs', () => {
  it('job ids are deterministic, contain no ":" and are not integers', () => {
    const id = pollJobId('5f0c8a4e-0000-4000-8000-000000000001', new Date(1764300000000));
    expect(id).toBe('poll-5f0c8a4e-0000-4000-8000-000000000001-1764300000000');
    expect(pollJobId('5f0c8a4e-0000-4000-8000-000000000001', 1764300000000)).toBe(id);
    const push = pushJobId('5f0c8a4e-0000-4000-8000-000000000001', 'a'.repeat(64));
    const websub = websubJobId('5f0c8a4e-0000-4000-8000-000000000001', new Date(1764300000000));
    expect(websub).toBe('websub-5f0c8a4e-0000-4000-8000-000000000001-1764300000000');
    for (const value of [id, push, websub]) {
      expect(value).not.toContain(':');
      expect(Number.isInteger(Number(value))).toBe(false);
    }
  });

  it('the processor refuses to start when a job name has no handler', () => {
    const all = Object.fromEntries(FEED_JOB_NAMES.map((n) => [n, () => Promise.resolve()]));
    expect(() => assertHandlers(all)).not.toThrow();
    const { push: _push, ...missing } = all;
    expect(() => assertHandlers(missing)).toThrow(/no handler for job\(s\): push/);
  });
});
