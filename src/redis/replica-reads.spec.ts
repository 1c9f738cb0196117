import { lowestReplayed } from './replica-reads';

describe('lowestReplayed', () => {
  it('is the lowest position of all replicas (a read may land on any of them)', () => {
    expect(lowestReplayed(['500', '120', '9000000000'])).toBe(120n);
    expect(lowestReplayed(['42'])).toBe(42n);
  });

  it('is unknown when a replica did not answer, is not a standby (null position), or there is none', () => {
    expect(lowestReplayed(['500', null])).toBeNull();
    expect(lowestReplayed([undefined])).toBeNull();
    expect(lowestReplayed([])).toBeNull();
    expect(lowestReplayed(['12abc'])).toBeNull();
  });
});
