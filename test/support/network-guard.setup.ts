import { existsSync, readFileSync, statSync } from 'node:fs';

/**
 * Fails the test during which this process, or a process it started, looked up a name other than localhost
 * or dialled a non-loopback address (network-guard.js, installed by test-environment.ts outside the
 * sandbox, refuses the call and logs it to this file's log), even when the code under test swallowed it.
 */
let seen = 0;

function newRefusals(): string {
  const file = process.env.NEWSDESK_NET_GUARD_LOG;
  if (!file || !existsSync(file) || statSync(file).size <= seen) return '';
  const text = readFileSync(file).subarray(seen).toString('utf8');
  seen += Buffer.byteLength(text);
  return text;
}

beforeAll(() => {
  newRefusals();
});

afterEach(() => {
  const refused = newRefusals();
  if (refused) throw new Error(`this test tried to leave the machine:\n${refused}`);
});

afterAll(() => {
  const refused = newRefusals();
  if (refused) throw new Error(`a hook of this file tried to leave the machine:\n${refused}`);
});
