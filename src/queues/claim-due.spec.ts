import { interleaveByHost } from './claim-due';
import { hostBusyBackoffMs } from './host-busy';

describe('the order and pace of poll jobs', () => {
  it('queues due rows one host at a time in turn, keeping each host\'s own order', () => {
    const rows = ['http://a.test/1', 'http://a.test/2', 'http://a.test/3', 'http://B.test/1', 'http://b.test/2', 'http://c.test:81/1', 'not a url'].map((url, i) => ({ id: String(i), url }));
    expect(interleaveByHost(rows).map((r) => r.url)).toEqual([
      'http://a.test/1',
      'http://B.test/1',
      'http://c.test:81/1',
      'not a url',
      'http://a.test/2',
      'http://b.test/2',
      'http://a.test/3',
    ]);
    expect(interleaveByHost([])).toEqual([]);
  });

  it('retries a busy host soon at first, then ever less often, never beyond 7.5 s', () => {
    expect(hostBusyBackoffMs(0, 0)).toBe(100);
    expect(hostBusyBackoffMs(1, 0)).toBe(200);
    expect(hostBusyBackoffMs(3, 0)).toBe(800);
    expect(hostBusyBackoffMs(10, 0)).toBe(5_000);
    expect(hostBusyBackoffMs(100, 0.999)).toBeLessThanOrEqual(7_500);
    expect(hostBusyBackoffMs(0, 1)).toBe(150);
  });
});
