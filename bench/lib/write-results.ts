import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes bench/results/<name>.json (the shape of bench/lib/results.ts: settings, results, when, machine). */
export function writeResults(name: string, result: { settings: Record<string, string>; results: unknown }): string {
  // Compiled to bench/out/<x>/bench/lib/: the repository root is five levels up.
  const dir = join(__dirname, '..', '..', '..', '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const os = require('node:os') as typeof import('node:os');
  const file = join(dir, `${name}.json`);
  const body = { name, date: new Date().toISOString(), machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version }, ...result };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
