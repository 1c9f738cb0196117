import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Detector {
  detect(text: string): { language: string; getScores(): Record<string, number> };
}

/** Written by `npm run build` (scripts/eld-ngrams.mjs) beside the compiled detector. */
export const ELD_NGRAMS_JSON = join(__dirname, 'eld-small.json');

/** eld's folder (its package exports only the entry points, so it is found on the module paths). */
function eldRoot(): string | null {
  for (const dir of require.resolve.paths('eld') ?? []) if (existsSync(join(dir, 'eld', 'src', 'languageDetector.js'))) return join(dir, 'eld');
  return null;
}

/**
 * Makes n-grams with the same scores share one scores object: 81,206 n-grams have 17,885 distinct ones, and
 * each object costs a backing store sized by its highest language index. About 15 MB less heap for the
 * worker and API (eld only reads the objects).
 */
export function shareEqualScores(ngrams: Record<string, object>): void {
  const shared = new Map<string, object>();
  for (const key of Object.keys(ngrams)) {
    const scores = ngrams[key];
    const id = JSON.stringify(scores);
    const first = shared.get(id);
    if (first) ngrams[key] = first;
    else shared.set(id, scores);
  }
}

/**
 * ELD with its small n-gram database. From the JSON copy when there is one for the installed eld (about
 * 100 MB less resident memory than evaluating eld/small's object literal, whose parser memory V8 keeps),
 * otherwise from eld/small itself (tests run from the sources). Same data, same detector code: the same
 * answers either way.
 */
export async function loadEldSmall(jsonPath = ELD_NGRAMS_JSON): Promise<Detector> {
  const root = eldRoot();
  if (root && existsSync(jsonPath)) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    const saved = JSON.parse(readFileSync(jsonPath, 'utf8')) as { eldVersion: string; ngramsData: { ngrams?: unknown } };
    if (saved.eldVersion === version) {
      if (saved.ngramsData.ngrams && typeof saved.ngramsData.ngrams === 'object') shareEqualScores(saved.ngramsData.ngrams as Record<string, object>);
      const { createEld } = (await import(pathToFileURL(join(root, 'src', 'languageDetector.js')).href)) as {
        createEld: () => { instance: Detector; loadData: (data: unknown) => string };
      };
      const { instance, loadData } = createEld();
      if (loadData(saved.ngramsData)) return instance;
    }
  }
  return (await import('eld/small')).eld;
}
