/**
 * Writes ELD's small n-gram database (node_modules/eld/src/ngrams/small.js, Apache-2.0, by Nito T.M.) as
 * JSON next to the compiled language detector (`npm run build` runs this; an optional path overrides
 * where). The same data, parsed with JSON.parse at start, costs the worker about 100 MB less resident
 * memory than evaluating the 1.6 MB object literal (V8's parser memory for it is never given back).
 * Tagged with eld's version: a stale file (eld upgraded, not rebuilt) is ignored by the loader.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const eld = createRequire(join(root, 'package.json'))
  .resolve.paths('eld')
  .map((p) => join(p, 'eld'))
  .find((dir) => {
    try {
      return readFileSync(join(dir, 'package.json')).length > 0;
    } catch {
      return false;
    }
  });
if (!eld) throw new Error('eld is not installed');
const { version } = JSON.parse(readFileSync(join(eld, 'package.json'), 'utf8'));
const { ngramsData } = await import(pathToFileURL(join(eld, 'src', 'ngrams', 'small.js')).href);
const out = process.argv[2] ?? join(root, 'dist', 'feed-reader', 'parse', 'eld-small.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ eldVersion: version, ngramsData }));
