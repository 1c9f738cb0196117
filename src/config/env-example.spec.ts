import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema, parseEnv } from './env.schema';

/** The variables .env.example assigns (KEY=value lines; comments and blanks skipped). */
function exampleEntries(): Map<string, string> {
  const text = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) entries.set(match[1], match[2]);
  }
  return entries;
}

describe('.env.example', () => {
  it('lists every variable newsdesk reads, and nothing else', () => {
    const listed = [...exampleEntries().keys()].sort();
    expect(listed).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('is a valid configuration whose values are the defaults (empty secrets fall back to them)', () => {
    const entries = Object.fromEntries(exampleEntries());
    const parsed = parseEnv({ ...entries, NODE_ENV: 'development' });
    expect(parsed).toEqual(parseEnv({ NODE_ENV: 'development' }));
  });
});
