import { httpStatusOf, isServiceOutage } from './errors';

describe('isServiceOutage', () => {
  const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5499`), { code });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '08006', '08001', '57P01', '57P03'])('counts %s as an outage', (code) => {
    expect(isServiceOutage(errno(code))).toBe(true);
  });

  it('sees through TypeORM wrappers, causes and AggregateErrors (IPv4 and IPv6 both refused)', () => {
    expect(isServiceOutage({ message: 'query failed', driverError: errno('ECONNREFUSED') })).toBe(true);
    expect(isServiceOutage(new Error('wrapped', { cause: errno('ECONNRESET') }))).toBe(true);
    expect(isServiceOutage(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')]))).toBe(true);
  });

  it("knows node-postgres' code-less connection failures", () => {
    expect(isServiceOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isServiceOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('leaves ordinary failures alone: constraint violations, syntax errors, bugs', () => {
    expect(isServiceOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isServiceOutage(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isServiceOutage(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isServiceOutage(undefined)).toBe(false);
  });

  it('is answered 503', () => {
    expect(httpStatusOf('SERVICE_UNAVAILABLE')).toBe(503);
  });
});
