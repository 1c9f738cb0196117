import { CursorCodec, pageSize } from './cursor';
import { DomainError } from './errors';

describe('CursorCodec', () => {
  const codec = new CursorCodec('test-secret-of-sufficient-length');

  it('round-trips a position', () => {
    const cursor = codec.encode('article', ['2019-01-13T10:00:00.000Z', 'abc']);
    expect(codec.decode('article', cursor)).toEqual(['2019-01-13T10:00:00.000Z', 'abc']);
  });

  it('refuses tampered, foreign and garbage cursors as BAD_USER_INPUT', () => {
    const cursor = codec.encode('article', ['2019-01-13T10:00:00.000Z', 'abc']);
    const forged = Buffer.from(JSON.stringify(['article', '2030-01-01', 'x'])).toString('base64url') + cursor.slice(cursor.indexOf('.'));
    for (const bad of [forged, 'nonsense', '', `${cursor}.x`, new CursorCodec('another-secret-entirely!').encode('article', [1])]) {
      expect(() => codec.decode('article', bad)).toThrow(DomainError);
    }
    expect(() => codec.decode('mention', cursor)).toThrow(DomainError);
  });
});

describe('pageSize', () => {
  it('accepts 1..100 and defaults to 20', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(100)).toBe(100);
  });
  it.each([0, -1, 101, 1.5])('refuses %s', (n) => expect(() => pageSize(n)).toThrow(DomainError));
});
