import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEldSmall, shareEqualScores } from './eld-loader';

const ROOT = join(__dirname, '..', '..', '..');

describe('ELD loaded from the JSON copy of its small database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eld-json-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers exactly as eld/small does, language and scores, on every headline of the set', async () => {
    const json = join(dir, 'eld-small.json');
    const made = spawnSync(process.execPath, [join(ROOT, 'scripts', 'eld-ngrams.mjs'), json], { encoding: 'utf8' });
    expect(made.stderr).toBe('');
    const fromJson = await loadEldSmall(json);
    const fromModule = await loadEldSmall(join(dir, 'absent.json'));
    expect(fromJson).not.toBe(fromModule);
    const folder = join(ROOT, 'test', 'fixtures', 'headlines');
    const lines = readdirSync(folder)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(join(folder, f), 'utf8').split('\n').filter(Boolean));
    expect(lines.length).toBeGreaterThan(400);
    const answers = (d: typeof fromJson) => lines.map((l) => ({ language: d.detect(l).language, scores: d.detect(l).getScores() }));
    expect(answers(fromJson)).toEqual(answers(fromModule));
  });

  it('ignores a copy written for another version of eld', async () => {
    const json = join(dir, 'stale.json');
    writeFileSync(json, JSON.stringify({ eldVersion: '0.0.0', ngramsData: { type: 'broken' } }));
    const detector = await loadEldSmall(json);
    expect(detector.detect('Le gouvernement a annoncé mardi une réforme des retraites').language).toBe('fr');
  });

  it('shares one scores object between n-grams with equal scores, and keeps every score', () => {
    const ngrams: Record<string, object> = { ' ab': { 11: 3 }, ' cd': { 11: 3 }, ' ef': { 11: 4, 17: 2 }, ' gh': { 17: 2, 11: 4 } };
    const before = JSON.parse(JSON.stringify(ngrams)) as Record<string, object>;
    shareEqualScores(ngrams);
    expect(ngrams[' ab']).toBe(ngrams[' cd']);
    expect(ngrams[' ab']).not.toBe(ngrams[' ef']);
    expect(ngrams).toEqual(before);
  });
});
