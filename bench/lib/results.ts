import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

/** What every bench writes: its settings (each that differs from production, with why), results and notes. */
export interface BenchResultInput {
  /** Every setting of the run, production or not; say which differ from production in `notes` or the key. */
  settings: Record<string, unknown>;
  results: unknown;
  notes?: string[];
}

export interface BenchResultFile extends BenchResultInput {
  name: string;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  commit: string;
}

/** Repository root: bench/lib/ in the sources, bench/out/<x>/bench/lib/ when compiled. */
function repoRoot(): string {
  const here = resolve(__dirname);
  const marker = `${join('bench', 'out')}`;
  const at = here.indexOf(marker);
  return at >= 0 ? here.slice(0, at) : resolve(here, '..', '..');
}

function gitCommit(root: string): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${sha}+uncommitted` : sha;
  } catch {
    return 'unknown';
  }
}

/**
 * Writes bench/results/<name>.json (committed; docs/benchmarks.md is generated from these files by
 * `npm run bench:doc`) with the date, the machine and the git commit, and prints the run's settings so that
 * no figure is quoted without them. Returns what it wrote.
 */
export function writeBenchResult(name: string, data: BenchResultInput): BenchResultFile {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`bench result name must be kebab-case: ${name}`);
  const root = repoRoot();
  const file: BenchResultFile = {
    name,
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    commit: gitCommit(root),
    ...data,
  };
  console.log(`\n[${name}] settings of this run (compare with production before quoting a figure):`);
  for (const [key, value] of Object.entries(data.settings)) console.log(`  ${key}: ${JSON.stringify(value)}`);
  for (const note of data.notes ?? []) console.log(`  note: ${note}`);
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`[${name}] result written to bench/results/${name}.json (then: npm run bench:doc)`);
  return file;
}
