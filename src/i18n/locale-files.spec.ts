import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR, loadLocaleDefinitions } from './locale-registry';

const flatten = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object'
    ? Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];

const codes = loadLocaleDefinitions().map((d) => d.code);
const namespaces = [...new Set(codes.flatMap((code) => readdirSync(join(LOCALES_DIR, code)).filter((f) => f.endsWith('.json'))))];

/** Plural forms (key_one, key_many...) count as their key: each language has the forms its rules need (plurals.spec.ts). */
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function keysOf(code: string, file: string): Set<string> {
  try {
    return new Set(flatten(JSON.parse(readFileSync(join(LOCALES_DIR, code, file), 'utf8'))).map((k) => k.replace(PLURAL_SUFFIX, '')));
  } catch {
    return new Set();
  }
}

describe('locale files', () => {
  it('every configured locale has a folder of messages', () => {
    for (const code of codes) expect(statSync(join(LOCALES_DIR, code)).isDirectory()).toBe(true);
    expect(codes).toEqual(expect.arrayContaining(['en', 'fr', 'zh', 'ur', 'es', 'sv']));
  });

  it.each(namespaces)('%s has the same keys in every language', (file) => {
    const all = new Set(codes.flatMap((code) => [...keysOf(code, file)]));
    const gaps = codes.flatMap((code) => {
      const have = keysOf(code, file);
      return [...all].filter((key) => !have.has(key)).map((key) => `${code}/${file}: ${key}`);
    });
    expect(gaps).toEqual([]);
  });

  it('every language names every locale', () => {
    for (const code of codes) expect([...keysOf(code, 'languages.json')].sort()).toEqual([...codes].sort());
  });

  it('every message key used in the source exists in English', () => {
    const sourceFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [],
      );
    const nsNames = namespaces.map((f) => f.replace(/\.json$/, ''));
    const pattern = new RegExp(`['\`"]((?:${nsNames.join('|')}):[A-Za-z0-9_.]+)['\`"]`, 'g');
    const missing: string[] = [];
    for (const file of sourceFiles(join(__dirname, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
        const [ns, key] = match[1].split(':');
        if (!keysOf('en', `${ns}.json`).has(key)) missing.push(`${match[1]} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
