import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
const SRC = join(ROOT, 'src');
// A directory: mkdir is atomic, so of two test files (two Jest workers) only one builds at a time.
const LOCK = join(ROOT, '.dist-build.lock');

/** Source files of the build (tsconfig.build.json: src without the unit tests) whose dist/ output is missing or older. */
export function staleOutputs(): string[] {
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        const out = join(DIST, relative(SRC, path)).replace(/\.ts$/, '.js');
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(path).mtimeMs) stale.push(relative(ROOT, path));
      }
    }
  };
  walk(SRC);
  return stale;
}

function lock(timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than any build is a crashed run's: take it over.
      if (Date.now() - statSync(LOCK).mtimeMs > timeoutMs) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another test file has been building dist/ for ${timeoutMs} ms (${LOCK})`, { cause: err });
      // The other build's end is the signal; the wait between looks is only how often we look.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}

/**
 * Makes dist/ the build of the current src/ before a test runs `node dist/...`: a test must never pass or
 * fail on a stale build. Rebuilds (from scratch: tsc's incremental state may call a touched file unchanged
 * while its output is older) only when some output is missing or older than its source, under a lock.
 */
export function ensureFreshDist(timeoutMs = 300_000): void {
  if (staleOutputs().length === 0) return;
  lock(timeoutMs);
  try {
    if (staleOutputs().length === 0) return;
    rmSync(join(DIST, '.tsbuildinfo'), { force: true });
    const result = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
    // tsc emits despite a type error (npm run check reports those); what matters here is that every output is new.
    const still = staleOutputs();
    if (still.length) throw new Error(`dist/ is still older than ${still.slice(0, 5).join(', ')} after a build:\n${result.stdout}\n${result.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
