import type { Repository } from 'typeorm';
import type { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';

describe('ApiKeyRepository.touch', () => {
  const statements = () => {
    const query = jest.fn().mockResolvedValue([]);
    return { query, repository: new ApiKeyRepository({ query } as unknown as Repository<ApiKeyEntity>) };
  };

  it('asks PostgreSQL once a minute per key at most, and again after the minute', async () => {
    const { query, repository } = statements();
    const t0 = 1_000_000;
    await repository.touch('key-1', t0);
    await repository.touch('key-1', t0 + 1_000);
    await repository.touch('key-1', t0 + 59_999);
    expect(query).toHaveBeenCalledTimes(1);
    await repository.touch('key-1', t0 + 60_000);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('counts each key on its own', async () => {
    const { query, repository } = statements();
    await repository.touch('key-1', 5);
    await repository.touch('key-2', 6);
    expect(query.mock.calls.map((c) => c[1])).toEqual([['key-1'], ['key-2']]);
  });
});
