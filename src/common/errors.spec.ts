import { httpStatusOf, isServiceOutage, serviceUnavailable } from './errors';

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

describe('serviceUnavailable', () => {
  const busy = new Error('timeout exceeded when trying to connect');

  it('says busy when the pool had no free connection (the database is up), also through wrappers', () => {
    expect(serviceUnavailable('id-1', busy).key).toBe('service:unavailable.busy');
    expect(serviceUnavailable('id-1', { message: 'query failed', driverError: busy }).key).toBe('service:unavailable.busy');
    expect(serviceUnavailable('id-1', new Error('wrapped', { cause: busy })).key).toBe('service:unavailable.busy');
  });

  it('says the database cannot be reached otherwise, with the error id either way', () => {
    const down = serviceUnavailable('id-2', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5499'), { code: 'ECONNREFUSED' }));
    expect(down.key).toBe('service:unavailable.database');
    expect(down.params).toEqual({ errorId: 'id-2' });
    expect(serviceUnavailable('id-3', new Error('Connection terminated due to connection timeout')).key).toBe('service:unavailable.database');
    expect(serviceUnavailable('id-4').code).toBe('SERVICE_UNAVAILABLE');
  });
});
