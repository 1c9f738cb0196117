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

  it('reads a keyset position (text key, row id) and refuses any other shape of a genuine cursor', () => {
    const id = '0b7e2f7c-5d7a-4d3e-9a43-2f4a3d9b8c11';
    expect(codec.decodeKeyset('article', undefined)).toBeNull();
    expect(codec.decodeKeyset('article', codec.encode('article', ['2019-01-13T10:00:00.000Z', id]))).toEqual(['2019-01-13T10:00:00.000Z', id]);
    for (const position of [['2019-01-13', 'not-a-uuid'], [5, id], ['2019-01-13', id, 'extra'], ['2019-01-13']]) {
      const error = (() => {
        try {
          codec.decodeKeyset('article', codec.encode('article', position));
        } catch (e) {
          return e as DomainError;
        }
      })();
      expect(error?.key).toBe('errors:pagination.invalidCursor');
    }
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
